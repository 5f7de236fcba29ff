//! Templates and their versions in the database. A template has numbered
//! versions; a published version is frozen, and editing writes a new draft
//! version that is published in turn. Interviews use a published version
//! and keep pointing to it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::content;
use super::json::{Template, TemplateContent, TemplateVersion, VersionStatus, VersionSummary};
use crate::db::schema::{interview_template_versions as versions, interview_templates, interviews};
use crate::db::DbConnection;
use crate::error::{ApiError, FieldError, ProblemCode};
use crate::ids;

/// The shipped template's key in `builtin_key`.
pub const DEFAULT_KEY: &str = "skupaj-default";

/// A version as stored, its content as JSON text.
#[derive(Queryable, Selectable)]
#[diesel(table_name = versions)]
struct VersionRow {
    id: String,
    template_id: String,
    number: i32,
    status: String,
    content: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
    version: i32,
}

/// A new template.
#[derive(Insertable)]
#[diesel(table_name = interview_templates)]
#[diesel(treat_none_as_default_value = false)]
struct NewTemplate<'a> {
    id: &'a str,
    organization_id: &'a str,
    builtin_key: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A new draft version.
#[derive(Insertable)]
#[diesel(table_name = versions)]
#[diesel(treat_none_as_default_value = false)]
struct NewVersion<'a> {
    id: String,
    template_id: &'a str,
    number: i32,
    status: &'a str,
    content: &'a str,
    created_by: Option<&'a str>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    version: i32,
}

impl<'a> NewVersion<'a> {
    /// Revision 1 of a draft.
    fn draft(
        template_id: &'a str,
        number: i32,
        content: &'a str,
        created_by: Option<&'a str>,
        now: NaiveDateTime,
    ) -> Self {
        NewVersion {
            id: ids::new_id(),
            template_id,
            number,
            status: "draft",
            content,
            created_by,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }
}

/// A stored version, parsed.
pub struct StoredVersion {
    pub id: String,
    pub template_id: String,
    pub number: i32,
    pub status: VersionStatus,
    pub content: TemplateContent,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
    pub version: i32,
}

fn parse_row(r: VersionRow) -> Result<StoredVersion, ApiError> {
    Ok(StoredVersion {
        content: serde_json::from_str(&r.content).map_err(ApiError::internal)?,
        id: r.id,
        template_id: r.template_id,
        number: r.number,
        status: if r.status == "published" {
            VersionStatus::Published
        } else {
            VersionStatus::Draft
        },
        created_at: r.created_at,
        updated_at: r.updated_at,
        published_at: r.published_at,
        version: r.version,
    })
}

impl StoredVersion {
    fn view(self) -> TemplateVersion {
        TemplateVersion {
            template_id: self.template_id,
            number: self.number,
            status: self.status,
            content: self.content,
            version: self.version,
            created_at: ids::utc(self.created_at),
            updated_at: ids::utc(self.updated_at),
            published_at: self.published_at.map(ids::utc),
        }
    }
}

/// Every version of a template of the actor's organisation, newest first
/// (404 when the template is not the organisation's).
pub fn load_versions(
    conn: &mut DbConnection,
    org: &str,
    template: &str,
) -> Result<Vec<StoredVersion>, ApiError> {
    if !exists(conn, org, template)? {
        return Err(ApiError::not_found("no such template"));
    }
    let rows: Vec<VersionRow> = versions::table
        .filter(versions::template_id.eq(template))
        .order(versions::number.desc())
        .select(VersionRow::as_select())
        .load(conn)?;
    rows.into_iter().map(parse_row).collect()
}

/// One version by its id, checked to belong to `org`.
pub fn load_version_by_id(
    conn: &mut DbConnection,
    org: &str,
    version_id: &str,
) -> Result<StoredVersion, ApiError> {
    let row: VersionRow = versions::table
        .inner_join(interview_templates::table)
        .filter(versions::id.eq(version_id))
        .filter(interview_templates::organization_id.eq(org))
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("no such template version"))?;
    parse_row(row)
}

/// Whether the organisation has a template with this id.
pub fn exists(conn: &mut DbConnection, org: &str, template: &str) -> Result<bool, ApiError> {
    let owned: i64 = interview_templates::table
        .filter(interview_templates::id.eq(template))
        .filter(interview_templates::organization_id.eq(org))
        .count()
        .get_result(conn)?;
    Ok(owned > 0)
}

/// One version of a template, with its content.
pub(super) fn version_view(
    conn: &mut DbConnection,
    org: &str,
    template: &str,
    number: i32,
) -> Result<TemplateVersion, ApiError> {
    load_versions(conn, org, template)?
        .into_iter()
        .find(|v| v.number == number)
        .map(StoredVersion::view)
        .ok_or_else(|| ApiError::not_found("no such version"))
}

/// Creates the shipped template in an organisation that does not have it
/// yet (on first use, so that every organisation has it however it was made).
pub fn ensure_default(conn: &mut DbConnection, org: &str) -> Result<(), ApiError> {
    let has: i64 = interview_templates::table
        .filter(interview_templates::organization_id.eq(org))
        .filter(interview_templates::builtin_key.eq(DEFAULT_KEY))
        .count()
        .get_result(conn)?;
    if has > 0 {
        return Ok(());
    }
    let content = content::default_template().map_err(ApiError::internal)?;
    let result = conn.transaction(|conn| {
        let id = insert_template(conn, org, Some(DEFAULT_KEY), &content, None)?;
        let now = ids::now();
        diesel::update(versions::table.filter(versions::template_id.eq(&id)))
            .set((
                versions::status.eq("published"),
                versions::published_at.eq(Some(now)),
            ))
            .execute(conn)?;
        Ok::<_, ApiError>(())
    });
    match result {
        // Another request created it at the same moment.
        Err(ApiError::Internal(m)) if m.to_lowercase().contains("unique") => Ok(()),
        other => other,
    }
}

/// The id of the organisation's shipped template, created first if missing.
pub fn default_template_id(conn: &mut DbConnection, org: &str) -> Result<String, ApiError> {
    ensure_default(conn, org)?;
    Ok(interview_templates::table
        .filter(interview_templates::organization_id.eq(org))
        .filter(interview_templates::builtin_key.eq(DEFAULT_KEY))
        .select(interview_templates::id)
        .first(conn)?)
}

/// A new template with `content` as its version 1, a draft; returns its id.
pub(super) fn insert_template(
    conn: &mut DbConnection,
    org: &str,
    builtin: Option<&str>,
    content: &TemplateContent,
    created_by: Option<&str>,
) -> Result<String, ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    diesel::insert_into(interview_templates::table)
        .values(NewTemplate {
            id: &id,
            organization_id: org,
            builtin_key: builtin,
            created_at: now,
            updated_at: now,
        })
        .execute(conn)?;
    let json = serde_json::to_string(content).map_err(ApiError::internal)?;
    diesel::insert_into(versions::table)
        .values(NewVersion::draft(&id, 1, &json, created_by, now))
        .execute(conn)?;
    Ok(id)
}

/// Every problem of `content`, given the template's `earlier` versions.
pub(super) fn check(content: &TemplateContent, earlier: &[StoredVersion]) -> Result<(), ApiError> {
    let mut errors = content::check_content(content);
    // A question keeps its type across versions, so that the analysis can
    // put the answers of all versions side by side.
    for (si, s) in content.sections.iter().enumerate() {
        for (qi, q) in s.questions.iter().enumerate() {
            let before = earlier
                .iter()
                .filter(|v| v.status == VersionStatus::Published)
                .find_map(|v| v.content.question(&q.id));
            if let Some(b) = before.filter(|b| b.kind != q.kind) {
                errors.push(FieldError {
                    field: format!("sections[{si}].questions[{qi}].type"),
                    code: "type_changed".into(),
                    message: format!(
                        "question `{}` was a {:?} question in an earlier version; give a new question a new id",
                        q.id, b.kind
                    ),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn summarize(
    conn: &mut DbConnection,
    id: &str,
    builtin: bool,
    updated_at: NaiveDateTime,
    all: Vec<StoredVersion>,
    lang: &str,
) -> Result<Template, ApiError> {
    let version_ids: Vec<String> = all.iter().map(|v| v.id.clone()).collect();
    let counts: Vec<(String, i64)> = interviews::table
        .filter(interviews::template_version_id.eq_any(&version_ids))
        .group_by(interviews::template_version_id)
        .select((interviews::template_version_id, diesel::dsl::count_star()))
        .load(conn)?;
    // The title people use: the published version's, until a draft is published.
    let title = all
        .iter()
        .find(|v| v.status == VersionStatus::Published)
        .or(all.first())
        .map(|v| content::text_in(&v.content.title, lang).to_string())
        .unwrap_or_default();
    Ok(Template {
        id: id.to_string(),
        title,
        builtin,
        published_version: all
            .iter()
            .find(|v| v.status == VersionStatus::Published)
            .map(|v| v.number),
        draft_version: all
            .iter()
            .find(|v| v.status == VersionStatus::Draft)
            .map(|v| v.number),
        versions: all
            .iter()
            .map(|v| VersionSummary {
                number: v.number,
                status: v.status,
                title: content::text_in(&v.content.title, lang).to_string(),
                created_at: ids::utc(v.created_at),
                published_at: v.published_at.map(ids::utc),
                interviews: counts
                    .iter()
                    .find(|(vid, _)| *vid == v.id)
                    .map(|c| c.1)
                    .unwrap_or(0),
            })
            .collect(),
        updated_at: ids::utc(updated_at),
    })
}

/// A template of the organisation with its versions.
pub(super) fn load_template(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
    lang: &str,
) -> Result<Template, ApiError> {
    let all = load_versions(conn, org, id)?;
    let (builtin, updated_at): (Option<String>, NaiveDateTime) = interview_templates::table
        .find(id)
        .select((
            interview_templates::builtin_key,
            interview_templates::updated_at,
        ))
        .first(conn)?;
    summarize(conn, id, builtin.is_some(), updated_at, all, lang)
}

/// The organisation's templates, the shipped one (created if missing) first.
pub(super) fn list(
    conn: &mut DbConnection,
    org: &str,
    lang: &str,
) -> Result<Vec<Template>, ApiError> {
    ensure_default(conn, org)?;
    let rows: Vec<(String, Option<String>)> = interview_templates::table
        .filter(interview_templates::organization_id.eq(org))
        .order(interview_templates::id.asc())
        .select((interview_templates::id, interview_templates::builtin_key))
        .load(conn)?;
    let mut out = Vec::new();
    for (id, _) in rows {
        out.push(load_template(conn, org, &id, lang)?);
    }
    out.sort_by_key(|t| !t.builtin);
    Ok(out)
}

fn touch(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(interview_templates::table.find(id))
        .set(interview_templates::updated_at.eq(ids::now()))
        .execute(conn)?;
    Ok(())
}

fn stale(version: i32) -> ApiError {
    ApiError::conflict(
        ProblemCode::VersionConflict,
        format!(
            "the draft changed since you read it (version {version}); reload it and apply your change again"
        ),
    )
}

/// Saves the draft of the template `id` (or starts a new draft version
/// from `content` when there is none); returns the draft's number.
pub(super) fn save_draft(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
    content: &TemplateContent,
    version: Option<i32>,
    created_by: Option<&str>,
) -> Result<i32, ApiError> {
    let all = load_versions(conn, org, id)?;
    check(content, &all)?;
    let json = serde_json::to_string(content).map_err(ApiError::internal)?;
    let now = ids::now();
    let draft = all.iter().find(|v| v.status == VersionStatus::Draft);
    let number = match (draft, version) {
        (Some(d), Some(r)) => {
            let n = diesel::update(
                versions::table
                    .filter(versions::id.eq(&d.id))
                    .filter(versions::version.eq(r)),
            )
            .set((
                versions::content.eq(&json),
                versions::updated_at.eq(now),
                versions::version.eq(r + 1),
            ))
            .execute(conn)?;
            if n != 1 {
                return Err(stale(r));
            }
            d.number
        }
        (Some(d), None) => {
            return Err(ApiError::conflict(
                ProblemCode::Conflict,
                format!(
                    "version {} is already a draft; send the draft's `version` to change it",
                    d.number
                ),
            ))
        }
        (None, Some(r)) => return Err(stale(r)),
        (None, None) => {
            let number = all.first().map(|v| v.number).unwrap_or(0) + 1;
            diesel::insert_into(versions::table)
                .values(NewVersion::draft(id, number, &json, created_by, now))
                .execute(conn)?;
            number
        }
    };
    touch(conn, id)?;
    Ok(number)
}

/// Deletes the draft of the template `id` (a template's only version stays).
pub(super) fn discard_draft(conn: &mut DbConnection, org: &str, id: &str) -> Result<(), ApiError> {
    let all = load_versions(conn, org, id)?;
    let draft = all
        .iter()
        .find(|v| v.status == VersionStatus::Draft)
        .ok_or_else(|| ApiError::not_found("this template has no draft"))?;
    if all.len() == 1 {
        return Err(ApiError::conflict(
            ProblemCode::Conflict,
            "the draft is the template's only version; publish it or change it",
        ));
    }
    diesel::delete(versions::table.find(&draft.id)).execute(conn)?;
    touch(conn, id)
}

/// Publishes the draft of the template `id` at `version`; returns its number.
pub(super) fn publish(
    conn: &mut DbConnection,
    org: &str,
    id: &str,
    version: i32,
) -> Result<i32, ApiError> {
    let all = load_versions(conn, org, id)?;
    let draft = all
        .iter()
        .find(|v| v.status == VersionStatus::Draft)
        .ok_or_else(|| ApiError::not_found("this template has no draft to publish"))?;
    if draft.content.questions().next().is_none() {
        return Err(ApiError::field(
            "sections",
            "no_questions",
            "a template needs at least one question before it is published",
        ));
    }
    let n = diesel::update(
        versions::table
            .filter(versions::id.eq(&draft.id))
            .filter(versions::version.eq(version)),
    )
    .set((
        versions::status.eq("published"),
        versions::published_at.eq(Some(ids::now())),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(stale(version));
    }
    let number = draft.number;
    touch(conn, id)?;
    Ok(number)
}
