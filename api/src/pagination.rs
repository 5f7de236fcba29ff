//! The one keyset pagination of every list: `limit` (1–100, default 50) and
//! an opaque `cursor`, so that page 1,000 costs what page 1 does.
//!
//! A cursor names the sort order it belongs to, the sort key of the last row
//! of a page and that row's id (the tie-breaker). A list sorted by id alone
//! leaves the key empty; a list sorted by a time uses [`time_key`]. Lists
//! that integrations mirror take `updated_since`: they sort by
//! `(updated_at, id)` under the order [`UPDATED`] and answer archived and
//! erased records as tombstones.

use base64::Engine;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, FieldError};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100;

/// The sort order of an `updated_since` pull.
pub const UPDATED: &str = "updated";
/// The sort order of a list by id (creation time, as ids are UUIDv7).
pub const BY_ID: &str = "id";

/// The keyset condition "after the cursor's row" of a list in
/// `(time, id)` order, as a diesel expression over the list's table:
/// `asc` continues to later rows, `desc` to earlier ones.
/// `keyset_after!(asc, t::updated_at, t::id, at, after.id.clone())`.
#[macro_export]
macro_rules! keyset_after {
    (asc, $time:expr, $id:expr, $at:expr, $after_id:expr) => {
        $time.ge($at).and($time.gt($at).or($id.gt($after_id)))
    };
    (desc, $time:expr, $id:expr, $at:expr, $after_id:expr) => {
        $time.le($at).and($time.lt($at).or($id.lt($after_id)))
    };
}

/// Loads one page of a boxed query in `(time, id)` order, after the
/// request's cursor: `keyset_page!(sql, request, desc, t::created_at,
/// t::id, conn)?` gives the rows of [`PageRequest::fetch`].
#[macro_export]
macro_rules! keyset_page {
    ($sql:expr, $request:expr, asc, $time:expr, $id:expr, $conn:expr) => {
        $crate::keyset_page!(@load $sql, $request, asc, $time, $id, $conn, ($time.asc(), $id.asc()))
    };
    ($sql:expr, $request:expr, desc, $time:expr, $id:expr, $conn:expr) => {
        $crate::keyset_page!(@load $sql, $request, desc, $time, $id, $conn, ($time.desc(), $id.desc()))
    };
    (@load $sql:expr, $request:expr, $dir:ident, $time:expr, $id:expr, $conn:expr, $order:expr) => {{
        let mut sql = $sql;
        if let Some(after) = &$request.after {
            let at = after.time()?;
            sql = sql.filter($crate::keyset_after!($dir, $time, $id, at, after.id.clone()));
        }
        sql.order($order).limit($request.fetch()).load($conn)
    }};
}

/// A page of a list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Where the previous page ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort order the cursor was made for.
    #[serde(rename = "s")]
    pub order: String,
    /// The sort key of the page's last row (empty when sorted by id).
    #[serde(rename = "k")]
    pub key: String,
    /// The id of the page's last row.
    #[serde(rename = "i")]
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(text: &str) -> Option<Self> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        let cursor: Self = serde_json::from_slice(&bytes).ok()?;
        // A cursor names a row by id, or (in an order by a unique key, such
        // as pseudonyms) by its key alone.
        let named =
            crate::ids::is_uuid(&cursor.id) || (cursor.id.is_empty() && !cursor.key.is_empty());
        named.then_some(cursor)
    }

    /// The key read as a time made by [`time_key`] (422 otherwise).
    pub fn time(&self) -> Result<NaiveDateTime, ApiError> {
        NaiveDateTime::parse_from_str(&self.key, TIME_KEY).map_err(|_| invalid_cursor())
    }
}

const TIME_KEY: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// A time as a cursor key.
pub fn time_key(t: NaiveDateTime) -> String {
    t.format(TIME_KEY).to_string()
}

fn invalid_cursor() -> ApiError {
    ApiError::Validation(vec![FieldError {
        field: "cursor".into(),
        code: "invalid".into(),
        message: "is not a cursor this server gave out for this sort order".into(),
    }])
}

/// What a client asked for: how many, and after which row.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: i64,
    pub after: Option<Cursor>,
    order: String,
}

impl PageRequest {
    /// Reads `limit` (1–100, default 50) and `cursor` for a list in `order`;
    /// a cursor of another order, or one this server did not make, is 422.
    pub fn parse(limit: Option<i64>, cursor: Option<&str>, order: &str) -> Result<Self, ApiError> {
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
            Some(c) => Some(
                Cursor::decode(c)
                    .filter(|c| c.order == order && (order != BY_ID || !c.id.is_empty()))
                    .ok_or_else(invalid_cursor)?,
            ),
        };
        Ok(Self {
            limit,
            after,
            order: order.to_string(),
        })
    }

    /// How many rows to fetch: one more than the page, to know whether
    /// another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// The id after which a list sorted by id continues.
    pub fn after_id(&self) -> Option<&str> {
        self.after.as_ref().map(|c| c.id.as_str())
    }

    /// Builds the page from the rows fetched with [`Self::fetch`]; `key`
    /// gives a row's sort key and id.
    pub fn page<R, T>(
        &self,
        mut rows: Vec<R>,
        key: impl Fn(&R) -> (String, String),
        map: impl FnMut(R) -> T,
    ) -> Page<T> {
        let next_cursor = self.cut(&mut rows, key);
        Page {
            items: rows.into_iter().map(map).collect(),
            next_cursor,
        }
    }

    /// Cuts the rows to the page and gives the cursor of the next page (for
    /// lists whose items are built from the rows in one go).
    pub fn cut<R>(
        &self,
        rows: &mut Vec<R>,
        key: impl Fn(&R) -> (String, String),
    ) -> Option<String> {
        let more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        if !more {
            return None;
        }
        rows.last().map(|r| {
            let (key, id) = key(r);
            Cursor {
                order: self.order.clone(),
                key,
                id,
            }
            .encode()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_forgeries_and_other_orders() {
        let id = crate::ids::new_id();
        let cursor = Cursor {
            order: "name".into(),
            key: "Amina".into(),
            id: id.clone(),
        };
        let text = cursor.encode();
        let read = PageRequest::parse(None, Some(&text), "name").ok();
        assert_eq!(read.and_then(|r| r.after), Some(cursor));
        assert!(PageRequest::parse(None, Some(&text), "created").is_err());
        assert!(PageRequest::parse(None, Some("not-a-cursor"), "name").is_err());
        let forged = Cursor {
            order: "name".into(),
            key: String::new(),
            id: "' OR 1=1".into(),
        };
        assert!(PageRequest::parse(None, Some(&forged.encode()), "name").is_err());
        assert!(PageRequest::parse(Some(0), None, BY_ID).is_err());
        assert!(PageRequest::parse(Some(101), None, BY_ID).is_err());
        let r = PageRequest::parse(None, None, BY_ID).ok();
        assert_eq!(r.map(|r| (r.limit, r.fetch())), Some((50, 51)));
    }

    #[test]
    fn a_page_has_a_cursor_only_when_more_rows_exist() {
        let id = |n: i32| format!("0190a0b0-0000-7000-8000-00000000000{n}");
        let r = PageRequest::parse(Some(2), None, BY_ID).ok();
        let Some(r) = r else {
            panic!("limit 2 is valid")
        };
        let p = r.page(vec![1, 2, 3], |n| (String::new(), id(*n)), |n| n);
        assert_eq!(p.items, vec![1, 2]);
        let next = PageRequest::parse(Some(2), p.next_cursor.as_deref(), BY_ID).ok();
        assert_eq!(
            next.and_then(|n| n.after_id().map(str::to_string)),
            Some(id(2))
        );
        let p = r.page(vec![1, 2], |n| (String::new(), id(*n)), |n| n);
        assert_eq!(p.next_cursor, None);
    }

    #[test]
    fn time_keys_read_back_to_the_microsecond() {
        let t = chrono::DateTime::from_timestamp(1_764_547_200, 123_456_000).map(|t| t.naive_utc());
        let Some(t) = t else { panic!("a valid time") };
        let c = Cursor {
            order: UPDATED.into(),
            key: time_key(t),
            id: crate::ids::new_id(),
        };
        assert_eq!(c.time().ok(), Some(t));
    }
}
