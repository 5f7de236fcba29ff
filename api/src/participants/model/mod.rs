//! The participant resource's rows and every query on them, by topic:
//! people (the person and their languages, needs and qualifications), the
//! list, consents, and rights (erasure, and what the export reads).

pub mod consents;
pub mod list;
pub mod people;
pub mod rights;

pub use consents::{add_consent, ConsentRow};
pub use people::{find, load_many, save, version_conflict, Participant, ParticipantRow};
pub use rights::erase;
