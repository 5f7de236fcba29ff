//! Checking a listing's fields against the organisation: its seller, its
//! photo shoot, and the fields that depend on each other.

use diesel::prelude::*;

use super::json::ListingFields;
use crate::codes::{ConsentPurpose, ListingOrigin, MeetingKind};
use crate::db::schema::meetings;
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError};
use crate::market::sellers::model as sellers;

fn push(errors: &mut Vec<FieldError>, field: &str, code: &str, message: &str) {
    errors.push(FieldError {
        field: field.into(),
        code: code.into(),
        message: message.into(),
    });
}

/// Checks what the field validators cannot: a country with
/// `origin_country`, a lead time for made-to-order listings, and that the
/// photo shoot is a photo-shoot meeting of the organisation.
pub fn check(conn: &mut DbConnection, org: &str, f: &ListingFields) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if f.origin == ListingOrigin::OriginCountry && f.origin_country.is_none() {
        push(
            &mut errors,
            "origin_country",
            "required",
            "name the country the item comes from",
        );
    }
    if f.stock.is_none() && f.lead_time_days.is_none() {
        push(
            &mut errors,
            "lead_time_days",
            "required",
            "give the stock, or the days a made-to-order item takes",
        );
    }
    if let Some(m) = &f.photo_shoot_id {
        let kind: Option<String> = meetings::table
            .filter(meetings::id.eq(m))
            .filter(meetings::organization_id.eq(org))
            .select(meetings::kind)
            .get_result(conn)
            .optional()?;
        match kind {
            None => push(
                &mut errors,
                "photo_shoot_id",
                "not_found",
                "no such meeting",
            ),
            Some(k) if k != MeetingKind::PhotoShoot.as_str() => push(
                &mut errors,
                "photo_shoot_id",
                "kind",
                "must be a meeting of kind photo_shoot",
            ),
            Some(_) => {}
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The seller a new listing belongs to: staff name one of the
/// organisation's sellers; a seller may leave it out (themself) or name
/// themself. An erased seller takes no new listings.
pub fn seller_for_new(
    conn: &mut DbConnection,
    org: &str,
    staff: bool,
    own: Option<&str>,
    asked: Option<&str>,
) -> Result<String, ApiError> {
    let id = match (staff, asked, own) {
        (true, Some(a), _) => a.to_string(),
        (true, None, _) => {
            return Err(ApiError::field(
                "seller_id",
                "required",
                "name the seller the listing belongs to",
            ))
        }
        (false, _, None) => {
            return Err(ApiError::forbidden(
                "only sellers add listings: become a seller first",
            ))
        }
        (false, Some(a), Some(o)) if a != o => {
            return Err(ApiError::field(
                "seller_id",
                "not_yours",
                "leave it out: you add listings as yourself",
            ))
        }
        (false, _, Some(o)) => o.to_string(),
    };
    let seller = sellers::find(conn, org, &id)
        .map_err(|_| ApiError::field("seller_id", "not_found", "no such seller"))?;
    if seller.erased_at.is_some() {
        return Err(ApiError::field(
            "seller_id",
            "erased",
            "this seller was erased",
        ));
    }
    // Selling rests on the person's consent, checked with every new listing.
    if let Some(pid) = &seller.participant_id {
        let person = crate::participants::model::people::find(conn, org, pid)?;
        crate::participants::validation::require_consent(&person, ConsentPurpose::MarketSelling)?;
    }
    Ok(id)
}
