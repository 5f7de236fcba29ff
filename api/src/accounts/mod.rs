//! Accounts: organisations, users and their memberships, sessions (login,
//! rotating refresh tokens, logout), single-use links (invitations and
//! password resets), API keys, and the logged-in account (`/me`).
//!
//! The rows and operations that the command line (create-admin, seed-demo,
//! reset-password) and the tests share are re-exported here. Reading a
//! token or key on every request (the `Actor` extractor), password hashing
//! and JWTs are the platform's (`crate::auth`).

mod access;
pub mod json;
pub mod model;
mod routes;
pub mod schema;

pub use access::{administers_all_of, shared_account};
pub use model::{
    add_membership, admin_count, check_login_rate, create_api_key, create_link,
    create_organization, create_user, find_user, find_user_by_email, memberships_of,
    normalize_email, operator_reset_link, record_login_attempt, revoke_all_sessions, revoke_family,
    set_password, start_session, take_link, ApiKey, Invitation, Membership, Organization, Session,
    User, INVITATION_TTL, INVITE, LOGIN_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS,
    OPERATOR, REFRESH_TTL, RESET, RESET_TTL,
};

/// Registers the accounts endpoints, in this order: `/auth`, `/me`,
/// `/members`, `/invitations`, `/api-keys`.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    use routes::{api_keys, auth, invitations, me, members};
    cfg.service(auth::login)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::accept_invitation)
        .service(auth::reset_password);
    cfg.service(me::get_me).service(me::change_password);
    cfg.service(members::list_members)
        .service(members::update_member)
        .service(members::delete_member)
        .service(members::create_password_reset)
        .service(invitations::list_invitations)
        .service(invitations::create_invitation)
        .service(invitations::delete_invitation);
    cfg.service(api_keys::list_api_keys)
        .service(api_keys::create_api_key)
        .service(api_keys::revoke_api_key);
}
