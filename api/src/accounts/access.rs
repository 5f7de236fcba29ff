//! Who may change an account's credentials. Which roles may list, invite,
//! change and remove members, or manage API keys, is the policy's
//! (`crate::policy`); this is the rule the matrix cannot express, because
//! an account may belong to several organisations.

use super::model::{self, OPERATOR};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};

/// Whether `admin_id` administers every organisation `user_id` belongs to.
/// An admin may change an account's credentials only then: otherwise a
/// reset made in one organisation would open the person's other
/// organisations to that admin.
pub fn administers_all_of(
    conn: &mut DbConnection,
    admin_id: &str,
    user_id: &str,
) -> Result<bool, ApiError> {
    if admin_id == OPERATOR {
        return Ok(true);
    }
    let theirs = model::organizations_of(conn, user_id)?;
    let administered = model::administered_by(conn, admin_id)?;
    Ok(theirs.iter().all(|org| administered.contains(org)))
}

/// The problem for a credential change an admin may not make.
pub fn shared_account() -> ApiError {
    ApiError::conflict(
        ProblemCode::SharedAccount,
        "this person's account also belongs to an organisation you do not administer, \
         so you cannot reset its password; they can change it themselves when logged in, \
         or whoever runs the server can make a reset link with `skupaj reset-password`",
    )
}
