//! The listing's status: what a request for a status becomes, given the
//! stock, the organisation's approval rule and who asks.
//!
//! - On creation a listing is `draft` (default) or asks to be `published`.
//! - Asking for `published` when the organisation requires approval and
//!   the caller is not staff stores `in_review`; staff approve it by
//!   setting `published`.
//! - A published listing with stock 0 is `sold_out`; new stock on a
//!   sold-out listing publishes it again.
//! - `sold_out` and `in_review` cannot be asked for directly.

use crate::codes::ListingStatus;
use crate::error::ApiError;

/// The status to store. `old` is the current status (none on creation),
/// `asked` the one in the request, `stock` the new stock (none: made to order).
pub fn next_status(
    old: Option<ListingStatus>,
    asked: ListingStatus,
    stock: Option<i32>,
    require_approval: bool,
    staff: bool,
) -> Result<ListingStatus, ApiError> {
    use ListingStatus::*;
    let wants_public = match (old, asked) {
        // Unchanged status: only the stock may move it.
        (Some(o), a) if o == a => matches!(o, Published | SoldOut),
        (None, Draft) | (Some(_), Draft) => return Ok(Draft),
        (Some(_), Archived) => return Ok(Archived),
        (_, Published) => {
            let approved = staff || !require_approval || matches!(old, Some(Published | SoldOut));
            if !approved {
                return Ok(InReview);
            }
            true
        }
        (None, _) => {
            return Err(ApiError::field(
                "status",
                "invalid",
                "a new listing is `draft` or `published`",
            ))
        }
        (Some(_), InReview | SoldOut) => {
            return Err(ApiError::field(
                "status",
                "invalid",
                "ask for `published` (sold out follows from stock 0)",
            ))
        }
    };
    if !wants_public {
        return Ok(old.unwrap_or(Draft));
    }
    Ok(if stock == Some(0) { SoldOut } else { Published })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ListingStatus::*;

    #[test]
    fn approval_and_stock() {
        let s = |old, asked, stock, approval, staff| {
            next_status(old, asked, stock, approval, staff).expect("allowed")
        };
        assert_eq!(s(None, Draft, Some(1), false, false), Draft);
        assert_eq!(s(None, Published, Some(1), false, false), Published);
        assert_eq!(s(None, Published, Some(0), false, false), SoldOut);
        assert_eq!(s(None, Published, Some(1), true, false), InReview);
        assert_eq!(s(None, Published, Some(1), true, true), Published);
        assert_eq!(s(Some(InReview), InReview, Some(1), true, false), InReview);
        assert_eq!(s(Some(InReview), Published, Some(1), true, false), InReview);
        assert_eq!(s(Some(InReview), Published, Some(1), true, true), Published);
        assert_eq!(s(Some(Published), Published, Some(0), true, false), SoldOut);
        assert_eq!(s(Some(SoldOut), SoldOut, Some(3), true, false), Published);
        assert_eq!(s(Some(SoldOut), SoldOut, None, true, false), Published);
        assert_eq!(s(Some(Draft), Draft, Some(0), false, false), Draft);
        assert_eq!(
            s(Some(Published), Archived, Some(2), false, false),
            Archived
        );
        assert!(next_status(None, SoldOut, Some(1), false, true).is_err());
        assert!(next_status(Some(Published), InReview, Some(1), false, true).is_err());
    }
}
