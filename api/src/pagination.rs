//! Keyset pagination: `limit` plus an opaque `cursor`, so that page 1,000
//! costs what page 1 does. The cursor wraps the last id of a page (UUIDv7
//! ids sort by creation time).

use base64::Engine;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

/// A page of a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Reads `limit` (1–100, default 50) and `cursor`.
pub fn parse(limit: Option<i64>, cursor: Option<&str>) -> Result<(i64, Option<String>), ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::Validation(vec![FieldError {
            field: "limit".into(),
            code: "range".into(),
            message: format!("must be between 1 and {MAX_LIMIT}"),
        }]));
    }
    let after = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(decode(c).ok_or_else(|| {
            ApiError::Validation(vec![FieldError {
                field: "cursor".into(),
                code: "invalid".into(),
                message: "is not a cursor this server gave out".into(),
            }])
        })?),
    };
    Ok((limit, after))
}

/// Builds a page from `limit + 1` fetched rows.
pub fn page<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> String,
    map: impl FnMut(R) -> T,
) -> Page<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| encode(&key(r)))
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next_cursor,
    }
}

/// The cursor that continues after `id`.
pub fn encode(id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1:{id}"))
}

fn decode(cursor: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let id = text.strip_prefix("v1:")?;
    crate::ids::is_uuid(id).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries() {
        let id = crate::ids::new_id();
        assert_eq!(decode(&encode(&id)), Some(id));
        assert_eq!(decode("not-a-cursor"), None);
        assert_eq!(
            decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("v1:' OR 1=1")),
            None
        );
        assert!(parse(Some(0), None).is_err());
        assert!(parse(Some(101), None).is_err());
        assert_eq!(parse(None, None).ok(), Some((50, None)));
    }

    #[test]
    fn a_page_has_a_cursor_only_when_more_rows_exist() {
        let p = page(
            vec![1, 2, 3],
            2,
            |n| format!("0190a0b0-0000-7000-8000-00000000000{n}"),
            |n| n,
        );
        assert_eq!(p.items, vec![1, 2]);
        assert!(p.next_cursor.is_some());
        let p = page(vec![1, 2], 2, |n| n.to_string(), |n| n);
        assert_eq!(p.next_cursor, None);
    }
}
