//! Who may read and change a person's skills. Who sees the person at all
//! is the participants' rule (`crate::participants::visible`); the
//! taxonomy itself is public.

use crate::auth::Actor;
use crate::error::ApiError;
use crate::participants::access::pseudonymised;
use crate::participants::json::View;

/// A person's skills are not part of what analysts and API keys see of
/// them: a rare skill, a certificate or a date would single the person out
/// where k-anonymity cannot follow (the interview analysis counts skills).
pub fn refuse_pseudonymised(actor: &Actor) -> Result<(), ApiError> {
    if pseudonymised(actor) {
        Err(ApiError::forbidden(
            "a person's skills are not part of the pseudonymised view",
        ))
    } else {
        Ok(())
    }
}

/// Who sees the full or the limited record, and the person themself, may
/// change their skills; a caller with any other view may not (403).
pub fn may_edit(view: View) -> Result<(), ApiError> {
    if matches!(view, View::Full | View::Limited | View::Own) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "you may not change this person's skills",
        ))
    }
}
