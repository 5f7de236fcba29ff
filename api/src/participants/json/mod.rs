//! What the participant endpoints take and answer, by topic: people (their
//! fields and views), the list, consents, rights (export and erasure) and
//! the CSV import.

mod consents;
mod import;
mod list;
mod people;
mod rights;

pub use consents::{Consent, ConsentInput};
pub use import::{ImportQuery, ImportReport};
pub use list::{
    ListStatus, ParticipantListQuery, ParticipantPage, SkillMatch, SortOrder, PSEUDONYM_ORDER,
};
pub use people::{
    looks_like_pseudonym, plain_line, CreateParticipantRequest, LanguageSkill, ParticipantFields,
    ParticipantStatus, ParticipantView, PatchFields, Qualification, UpdateParticipantRequest,
    VersionRequest, View,
};
pub use rights::{EraseRequest, ParticipantExport};
