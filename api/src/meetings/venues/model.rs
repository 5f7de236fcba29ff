//! The venue rows: reading, writing, and the lookups meetings make.

use diesel::prelude::*;

use super::json::{Venue, VenueFields, VenueRef};
use crate::db::schema::venues;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;

/// A venue row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = venues)]
pub struct VenueRow {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub address: Option<String>,
    pub capacity: Option<i32>,
    pub accessibility: Option<String>,
    pub childcare: bool,
    pub languages: String,
    pub map_url: Option<String>,
    pub time_zone: String,
    pub archived_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
    pub version: i32,
}

impl VenueRow {
    pub fn view(self) -> Venue {
        Venue {
            languages: serde_json::from_str(&self.languages).unwrap_or_default(),
            archived: self.archived_at.is_some(),
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            id: self.id,
            name: self.name,
            address: self.address,
            capacity: self.capacity,
            accessibility: self.accessibility,
            childcare: self.childcare,
            map_url: self.map_url,
            time_zone: self.time_zone,
            version: self.version,
        }
    }

    pub fn reference(self) -> VenueRef {
        VenueRef {
            id: self.id,
            name: self.name,
            address: self.address,
            map_url: self.map_url,
            accessibility: self.accessibility,
            childcare: self.childcare,
            capacity: self.capacity,
        }
    }

    /// The fields as a client sends them (the base of a merge patch).
    pub fn fields(&self) -> VenueFields {
        VenueFields {
            name: self.name.clone(),
            address: self.address.clone(),
            capacity: self.capacity,
            accessibility: self.accessibility.clone(),
            childcare: self.childcare,
            languages: serde_json::from_str(&self.languages).unwrap_or_default(),
            map_url: self.map_url.clone(),
            time_zone: Some(self.time_zone.clone()),
            archived: self.archived_at.is_some(),
        }
    }
}

#[derive(AsChangeset, Insertable)]
#[diesel(table_name = venues, treat_none_as_null = true)]
struct VenueValues<'a> {
    name: &'a str,
    address: Option<&'a str>,
    capacity: Option<i32>,
    accessibility: Option<&'a str>,
    childcare: bool,
    languages: String,
    map_url: Option<&'a str>,
    time_zone: &'a str,
}

impl<'a> VenueValues<'a> {
    fn of(f: &'a VenueFields, default_zone: &'a str) -> Self {
        Self {
            name: f.name.trim(),
            address: f
                .address
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
            capacity: f.capacity,
            accessibility: f
                .accessibility
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty()),
            childcare: f.childcare,
            languages: serde_json::to_string(&f.languages).unwrap_or_else(|_| "[]".into()),
            map_url: f.map_url.as_deref(),
            time_zone: f.time_zone.as_deref().unwrap_or(default_zone),
        }
    }
}

/// Inserts a venue; returns its id.
pub fn insert(
    conn: &mut DbConnection,
    org: &str,
    f: &VenueFields,
    default_zone: &str,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(venues::table)
        .values((
            venues::id.eq(&id),
            venues::organization_id.eq(org),
            VenueValues::of(f, default_zone),
            venues::archived_at.eq(f.archived.then_some(now)),
            venues::created_at.eq(now),
            venues::updated_at.eq(now),
            venues::version.eq(1),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Writes the changed fields if the venue is still at `version`.
pub fn update(
    conn: &mut DbConnection,
    row: &VenueRow,
    version: i32,
    f: &VenueFields,
) -> Result<(), ApiError> {
    let now = ids::now();
    let archived_at = match (f.archived, row.archived_at) {
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
        (false, _) => None,
    };
    let n = diesel::update(
        venues::table
            .filter(venues::id.eq(&row.id))
            .filter(venues::version.eq(version)),
    )
    .set((
        VenueValues::of(f, &row.time_zone),
        venues::archived_at.eq(archived_at),
        venues::updated_at.eq(now),
        venues::version.eq(version + 1),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(crate::participants::model::version_conflict(version));
    }
    Ok(())
}

/// The organisation's venue, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<VenueRow, ApiError> {
    venues::table
        .filter(venues::id.eq(id))
        .filter(venues::organization_id.eq(org))
        .select(VenueRow::as_select())
        .get_result(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such venue"))
}

/// A page of the organisation's venues by name (archived ones only when asked).
pub fn list(
    conn: &mut DbConnection,
    org: &str,
    archived: bool,
    after: Option<(&str, &str)>,
    fetch: i64,
) -> Result<Vec<VenueRow>, ApiError> {
    let mut q = venues::table
        .filter(venues::organization_id.eq(org))
        .select(VenueRow::as_select())
        .into_boxed();
    if !archived {
        q = q.filter(venues::archived_at.is_null());
    }
    if let Some((name, id)) = after {
        q = q.filter(
            venues::name.gt(name.to_string()).or(venues::name
                .eq(name.to_string())
                .and(venues::id.gt(id.to_string()))),
        );
    }
    Ok(q.order((venues::name.asc(), venues::id.asc()))
        .limit(fetch)
        .load(conn)?)
}

/// Venues by id (for meeting views).
pub fn by_ids(conn: &mut DbConnection, ids_: &[String]) -> Result<Vec<VenueRow>, ApiError> {
    if ids_.is_empty() {
        return Ok(Vec::new());
    }
    Ok(venues::table
        .filter(venues::id.eq_any(ids_))
        .select(VenueRow::as_select())
        .load(conn)?)
}
