//! Participants: registering and editing, consents, who sees what, the
//! list, the CSV import, pseudonyms, and the person's rights.

mod access;
mod consents;
mod create_edit;
mod import;
mod list;
mod pseudonyms;
mod rights;
