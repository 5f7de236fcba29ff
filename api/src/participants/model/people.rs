//! A person's rows: the participant with its languages, needs and
//! qualifications (and which consents are active), and the queries that
//! read and write them.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::codes::{
    ConsentPurpose, EducationLevel, EmploymentState, Gender, LanguageLevel, LegalStatus, Need,
    Recognition, WorkPermit,
};
use crate::db::schema::{
    memberships, participant_languages, participant_needs, participant_qualifications, participants,
};
use crate::db::DbConnection;
use crate::error::{ApiError, ProblemCode};
use crate::ids;
use crate::participants::json::{
    LanguageSkill, ParticipantFields, ParticipantStatus, Qualification,
};

/// The stored row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = participants)]
pub struct ParticipantRow {
    pub id: String,
    pub organization_id: String,
    pub status: String,
    pub name: Option<String>,
    pub name_is_pseudonym: bool,
    pub phone: Option<String>,
    pub whatsapp: Option<String>,
    pub viber: Option<String>,
    pub email: Option<String>,
    pub gender: Option<String>,
    pub gender_self_description: Option<String>,
    pub birth_year: Option<i32>,
    pub country_of_origin: Option<String>,
    pub legal_status: Option<String>,
    pub legal_status_detail: Option<String>,
    pub work_permit: Option<String>,
    pub work_permit_date: Option<NaiveDate>,
    pub arrival_date: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub education_level: Option<String>,
    pub employment_state: Option<String>,
    pub needs_other: Option<String>,
    pub notes: Option<String>,
    pub adviser_id: Option<String>,
    pub mentor_id: Option<String>,
    pub user_id: Option<String>,
    #[diesel(deserialize_as = crate::db::Stamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Stamp)]
    pub updated_at: NaiveDateTime,
    pub archived_at: Option<NaiveDateTime>,
    pub erased_at: Option<NaiveDateTime>,
    pub erasure_reason: Option<String>,
    pub version: i32,
    /// The lists as stored with the row (see [`Lists`]); emptied once they
    /// are read into a [`Participant`].
    pub lists: String,
}

/// A row with its child rows.
#[derive(Debug, Clone)]
pub struct Participant {
    pub row: ParticipantRow,
    pub languages: Vec<LanguageSkill>,
    pub needs: Vec<Need>,
    pub qualifications: Vec<Qualification>,
    /// Purposes with a consent given and not withdrawn.
    pub active_consents: Vec<ConsentPurpose>,
}

impl Participant {
    pub fn status(&self) -> ParticipantStatus {
        ParticipantStatus::parse(&self.row.status)
    }

    /// The fields as a client would send them (for merge patches).
    pub fn fields(&self) -> ParticipantFields {
        self.clone().into_fields().0
    }

    /// The fields, moved out of the participant, and what is left of it:
    /// the row's id, dates, status, version and name (kept, as the view
    /// tells a name never given from an empty one) and the active consents.
    /// A page of people is turned into views without copying every text.
    pub fn into_fields(mut self) -> (ParticipantFields, Self) {
        let r = &mut self.row;
        let fields = ParticipantFields {
            name: r.name.clone().unwrap_or_default(),
            name_is_pseudonym: r.name_is_pseudonym,
            phone: r.phone.take(),
            whatsapp: r.whatsapp.take(),
            viber: r.viber.take(),
            email: r.email.take(),
            gender: r.gender.as_deref().and_then(Gender::parse),
            gender_self_description: r.gender_self_description.take(),
            birth_year: r.birth_year,
            country_of_origin: r.country_of_origin.take(),
            legal_status: r.legal_status.as_deref().and_then(LegalStatus::parse),
            legal_status_detail: r.legal_status_detail.take(),
            work_permit: r.work_permit.as_deref().and_then(WorkPermit::parse),
            work_permit_date: r.work_permit_date,
            arrival_date: r.arrival_date,
            municipality: r.municipality.take(),
            education_level: r.education_level.as_deref().and_then(EducationLevel::parse),
            employment_state: r
                .employment_state
                .as_deref()
                .and_then(EmploymentState::parse),
            languages: std::mem::take(&mut self.languages),
            needs: std::mem::take(&mut self.needs),
            needs_other: r.needs_other.take(),
            qualifications: std::mem::take(&mut self.qualifications),
            adviser_id: r.adviser_id.take(),
            mentor_id: r.mentor_id.take(),
            user_id: r.user_id.take(),
            notes: r.notes.take(),
        };
        (fields, self)
    }

    /// The participant of `row`, with the lists stored with it.
    fn of_row(mut row: ParticipantRow) -> Result<Self, ApiError> {
        let stored = std::mem::take(&mut row.lists);
        let lists: Lists = serde_json::from_str(&stored)
            .map_err(|e| ApiError::internal(format!("participant {}: lists: {e}", row.id)))?;
        let mut active_consents: Vec<ConsentPurpose> = Vec::new();
        for p in lists
            .consents
            .iter()
            .filter_map(|c| ConsentPurpose::parse(c))
        {
            if !active_consents.contains(&p) {
                active_consents.push(p);
            }
        }
        Ok(Participant {
            languages: lists
                .languages
                .into_iter()
                .filter_map(|(language, level)| {
                    LanguageLevel::parse(&level).map(|level| LanguageSkill { language, level })
                })
                .collect(),
            needs: lists.needs.iter().filter_map(|n| Need::parse(n)).collect(),
            qualifications: lists
                .qualifications
                .into_iter()
                .map(|(title, country, year, recognition)| Qualification {
                    title,
                    country,
                    year,
                    recognition: Recognition::parse(&recognition)
                        .unwrap_or(Recognition::NotStarted),
                })
                .collect(),
            active_consents,
            row,
        })
    }
}

/// A person's lists as the `lists` column holds them: one JSON object that
/// triggers keep in step with the child tables in every transaction that
/// writes those (migration `participant_lists`), so that a person, or a
/// page of them, is read without four more lookups per person. Codes are
/// read as the child tables' rows were: one this server does not know is
/// left out (a recognition it does not know reads as not started).
///
/// Codes are borrowed from the stored text where it holds them as they
/// are (a page decodes fifty of these).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Lists<'a> {
    /// `[language, level]`, by language.
    #[serde(borrow)]
    languages: Vec<(String, Code<'a>)>,
    /// By code.
    #[serde(borrow)]
    needs: Vec<Code<'a>>,
    /// `[title, country, year, recognition]`, in the person's order.
    #[serde(borrow)]
    qualifications: Vec<(String, Option<String>, Option<i32>, Code<'a>)>,
    /// The purposes of the consents not withdrawn.
    #[serde(borrow)]
    consents: Vec<Code<'a>>,
}

/// A code in the stored lists: borrowed, or owned when the text had to be
/// unescaped (serde's own `Cow` always copies inside a `Vec`).
#[derive(Debug, Default)]
struct Code<'a>(Cow<'a, str>);

impl std::ops::Deref for Code<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Code<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Code<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a code")
            }
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, E> {
                Ok(Code(Cow::Borrowed(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Code(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// Participants with their lists.
pub fn load_many(rows: Vec<ParticipantRow>) -> Result<Vec<Participant>, ApiError> {
    rows.into_iter().map(Participant::of_row).collect()
}

/// One participant of the organisation, or 404.
pub fn find(conn: &mut DbConnection, org: &str, id: &str) -> Result<Participant, ApiError> {
    // The id is the key: no `LIMIT ?` (`first`), which makes SQLite plan
    // the statement anew at every run.
    let row: Option<ParticipantRow> = crate::on_backend!(conn, c => participants::table
        .filter(participants::organization_id.eq(org))
        .filter(participants::id.eq(id))
        .select(ParticipantRow::as_select())
        .get_result(c)
        .optional())?;
    Participant::of_row(row.ok_or_else(|| ApiError::not_found("no such participant"))?)
}

/// Every participant of the organisation, whatever their status.
pub fn all_of(conn: &mut DbConnection, org: &str) -> Result<Vec<Participant>, ApiError> {
    let rows: Vec<ParticipantRow> = participants::table
        .filter(participants::organization_id.eq(org))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    load_many(rows)
}

/// The columns a client's fields set, written whole by an insert or a full
/// update (`None` writes NULL).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = participants, treat_none_as_null = true)]
struct ParticipantForm {
    name: Option<String>,
    name_is_pseudonym: bool,
    phone: Option<String>,
    whatsapp: Option<String>,
    viber: Option<String>,
    email: Option<String>,
    gender: Option<&'static str>,
    gender_self_description: Option<String>,
    birth_year: Option<i32>,
    country_of_origin: Option<String>,
    legal_status: Option<&'static str>,
    work_permit: Option<&'static str>,
    work_permit_date: Option<NaiveDate>,
    arrival_date: Option<NaiveDate>,
    municipality: Option<String>,
    education_level: Option<&'static str>,
    employment_state: Option<&'static str>,
    needs_other: Option<String>,
    legal_status_detail: Option<String>,
    notes: Option<String>,
    adviser_id: Option<String>,
    mentor_id: Option<String>,
    user_id: Option<String>,
    /// The name as search compares it (see `skills::model::search::fold`).
    name_folded: Option<String>,
    updated_at: NaiveDateTime,
}

impl ParticipantForm {
    /// The columns of `f`, trimmed (e-mail also lowercased), changed at `now`.
    fn of(f: &ParticipantFields, now: NaiveDateTime) -> Self {
        let opt = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string());
        ParticipantForm {
            name: Some(f.name.trim().to_string()),
            name_is_pseudonym: f.name_is_pseudonym,
            phone: opt(&f.phone),
            whatsapp: opt(&f.whatsapp),
            viber: opt(&f.viber),
            email: f.email.as_ref().map(|e| e.trim().to_lowercase()),
            gender: f.gender.map(|g| g.as_str()),
            gender_self_description: opt(&f.gender_self_description),
            birth_year: f.birth_year,
            country_of_origin: f.country_of_origin.clone(),
            legal_status: f.legal_status.map(|v| v.as_str()),
            work_permit: f.work_permit.map(|v| v.as_str()),
            work_permit_date: f.work_permit_date,
            arrival_date: f.arrival_date,
            municipality: opt(&f.municipality),
            education_level: f.education_level.map(|v| v.as_str()),
            employment_state: f.employment_state.map(|v| v.as_str()),
            needs_other: opt(&f.needs_other),
            legal_status_detail: opt(&f.legal_status_detail),
            notes: f.notes.clone(),
            adviser_id: f.adviser_id.clone(),
            mentor_id: f.mentor_id.clone(),
            user_id: f.user_id.clone(),
            name_folded: Some(crate::skills::model::search::fold(&f.name)),
            updated_at: now,
        }
    }
}

/// A new participant row.
#[derive(Debug, Insertable)]
#[diesel(table_name = participants)]
struct NewParticipant<'a> {
    id: &'a str,
    organization_id: &'a str,
    status: &'a str,
    created_at: NaiveDateTime,
    version: i32,
    #[diesel(embed)]
    fields: ParticipantForm,
}

/// A qualification row, in the order the client gave.
#[derive(Debug, Insertable)]
#[diesel(table_name = participant_qualifications)]
struct NewQualification<'a> {
    id: String,
    participant_id: &'a str,
    position: i32,
    title: &'a str,
    country: Option<&'a str>,
    year: Option<i32>,
    recognition: &'static str,
}

/// Writes the fields of a participant (insert or full update) and replaces
/// its languages, needs and qualifications.
pub fn save(
    conn: &mut DbConnection,
    id: &str,
    org: &str,
    f: &ParticipantFields,
    existing_version: Option<i32>,
) -> Result<(), ApiError> {
    let now = ids::now();
    let form = ParticipantForm::of(f, now);
    match existing_version {
        None => {
            diesel::insert_into(participants::table)
                .values(NewParticipant {
                    id,
                    organization_id: org,
                    status: "active",
                    created_at: now,
                    version: 1,
                    fields: form,
                })
                .execute(conn)?;
        }
        Some(version) => {
            let changed = diesel::update(
                participants::table
                    .filter(participants::id.eq(id))
                    .filter(participants::organization_id.eq(org))
                    .filter(participants::version.eq(version)),
            )
            .set((&form, participants::version.eq(version + 1)))
            .execute(conn)?;
            if changed != 1 {
                return Err(version_conflict(version));
            }
            diesel::delete(
                participant_languages::table.filter(participant_languages::participant_id.eq(id)),
            )
            .execute(conn)?;
            diesel::delete(
                participant_needs::table.filter(participant_needs::participant_id.eq(id)),
            )
            .execute(conn)?;
            diesel::delete(
                participant_qualifications::table
                    .filter(participant_qualifications::participant_id.eq(id)),
            )
            .execute(conn)?;
        }
    }
    for l in &f.languages {
        diesel::insert_into(participant_languages::table)
            .values((
                participant_languages::participant_id.eq(id),
                participant_languages::language.eq(&l.language),
                participant_languages::level.eq(l.level.as_str()),
            ))
            .execute(conn)?;
    }
    for n in &f.needs {
        diesel::insert_into(participant_needs::table)
            .values((
                participant_needs::participant_id.eq(id),
                participant_needs::need.eq(n.as_str()),
            ))
            .execute(conn)?;
    }
    for (i, q) in f.qualifications.iter().enumerate() {
        diesel::insert_into(participant_qualifications::table)
            .values(NewQualification {
                id: ids::new_id(),
                participant_id: id,
                position: i as i32,
                title: q.title.trim(),
                country: q.country.as_deref(),
                year: q.year,
                recognition: q.recognition.as_str(),
            })
            .execute(conn)?;
    }
    Ok(())
}

/// What an archive or a restore changes.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = participants, treat_none_as_null = true)]
struct StatusChange {
    status: &'static str,
    archived_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
    version: i32,
}

/// Archives or restores the participant `id` if it is still at `version`.
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    version: i32,
    to: ParticipantStatus,
) -> Result<(), ApiError> {
    let now = ids::now();
    diesel::update(
        participants::table
            .find(id)
            .filter(participants::version.eq(version)),
    )
    .set(StatusChange {
        status: to.as_str(),
        archived_at: (to == ParticipantStatus::Archived).then_some(now),
        updated_at: now,
        version: version + 1,
    })
    .execute(conn)?;
    Ok(())
}

/// Marks a participant changed (for incremental pulls).
pub fn touch(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(participants::table.find(id))
        .set((
            participants::updated_at.eq(ids::now()),
            participants::version.eq(participants::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}

/// The role of `user` in the organisation, if they are a member.
pub fn member_role(
    conn: &mut DbConnection,
    org: &str,
    user: &str,
) -> Result<Option<String>, ApiError> {
    Ok(memberships::table
        .filter(memberships::organization_id.eq(org))
        .filter(memberships::user_id.eq(user))
        .select(memberships::role)
        .first(conn)
        .optional()?)
}

pub fn version_conflict(version: i32) -> ApiError {
    ApiError::conflict(
        ProblemCode::VersionConflict,
        format!(
            "the record changed since version {version}; reload it and apply your change again"
        ),
    )
}

/// Folds the names written before names were folded on save (at start,
/// after the migrations); returns how many.
pub fn fold_missing_names(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let missing: Vec<(String, String)> = participants::table
        .filter(participants::name_folded.is_null())
        .filter(participants::name.is_not_null())
        .select((participants::id, participants::name.assume_not_null()))
        .load(conn)?;
    for (id, name) in &missing {
        diesel::update(participants::table.find(id))
            .set(participants::name_folded.eq(crate::skills::model::search::fold(name)))
            .execute(conn)?;
    }
    Ok(missing.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_codes_are_borrowed_unless_they_had_to_be_unescaped() {
        let stored =
            r#"{"needs":["housing","\u006aob"],"languages":[["ar","c1"]],"consents":["x"]}"#;
        let lists: Lists = serde_json::from_str(stored).unwrap_or_default();
        let needs: Vec<(&str, bool)> = lists
            .needs
            .iter()
            .map(|c| (&**c, matches!(c.0, Cow::Borrowed(_))))
            .collect();
        assert_eq!(needs, [("housing", true), ("job", false)]);
        assert_eq!(&*lists.languages[0].1, "c1");
        assert_eq!(lists.consents.len(), 1);
    }
}
