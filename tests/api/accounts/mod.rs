//! Accounts: logins and tokens, invitations and reset links, members, API
//! keys.

mod api_keys;
mod auth;
mod invitations;
mod members;
