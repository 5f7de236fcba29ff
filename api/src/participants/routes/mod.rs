//! The participant endpoints, by topic. Handlers and their OpenAPI
//! annotations only; `super::configure` registers them.

pub(super) mod consents;
pub(super) mod import;
pub(super) mod list;
pub(super) mod people;
pub(super) mod rights;
