//! The accounts tables and every query of them, by topic: organisations
//! and users, memberships, sessions (refresh tokens and login attempts),
//! single-use links (invitations and password resets), API keys. The
//! routes and the command line (create-admin, seed-demo, reset-password)
//! share them.

mod api_keys;
mod links;
mod memberships;
mod sessions;
mod users;

pub use api_keys::*;
pub use links::*;
pub use memberships::*;
pub use sessions::*;
pub use users::*;
