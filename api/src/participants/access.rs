//! Who sees which participants and fields: the views per role, the view a
//! caller gets of a person, and what pseudonymised records carry
//! (pseudonyms, coarse bands, quasi-identifiers, what k-anonymity withholds).

use chrono::{Datelike, NaiveDate};

use super::json::{looks_like_pseudonym, ParticipantStatus, ParticipantView, Qualification, View};
use super::model::{self, Participant};
use crate::auth::{Actor, Principal};
use crate::codes::{ConsentPurpose, InterviewAgeBand, StayLength};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::policy::Role;
use crate::{AppState, Settings};

/// The view this actor has of this participant, or `None` when it may not
/// see the participant at all (then it looks absent: 404).
pub fn view_for(actor: &Actor, p: &Participant) -> Option<View> {
    let user = actor.user_id();
    if matches!(actor.principal, Principal::ApiKey { .. }) {
        return Some(View::Pseudonymised);
    }
    match actor.role {
        Role::Admin | Role::Coordinator => Some(View::Full),
        Role::Adviser if p.row.adviser_id.as_deref() == user => Some(View::Full),
        Role::Adviser => Some(View::Limited),
        Role::Participant if p.row.user_id.as_deref() == user && user.is_some() => Some(View::Own),
        Role::Mentor if p.row.mentor_id.as_deref() == user && user.is_some() => Some(View::Mentee),
        Role::Partner if p.active_consents.contains(&ConsentPurpose::PartnerSharing) => {
            Some(View::Shared)
        }
        Role::Analyst => Some(View::Pseudonymised),
        _ => None,
    }
}

/// Whether this actor sees participants only pseudonymised (analysts and
/// API keys): then the pseudonym is its only way to name a person, and a
/// real id must not be a way in.
pub fn pseudonymised(actor: &Actor) -> bool {
    matches!(actor.principal, Principal::ApiKey { .. }) || actor.role == Role::Analyst
}

/// Whether this actor's reads of people are quick ones, a person by key or
/// a page by keyset ([`crate::AppState::quick_read_as`]): not so for the
/// pseudonymised, whose every read goes over the whole organisation (its
/// k-anonymity).
pub fn not_pseudonymised(actor: &Actor) -> bool {
    !pseudonymised(actor)
}

/// The view a role has of participants in lists (its narrowest).
pub fn list_view(actor: &Actor) -> View {
    if matches!(actor.principal, Principal::ApiKey { .. }) {
        return View::Pseudonymised;
    }
    match actor.role {
        Role::Admin | Role::Coordinator => View::Full,
        Role::Adviser => View::Limited,
        Role::Participant => View::Own,
        Role::Mentor => View::Mentee,
        Role::Partner => View::Shared,
        Role::Analyst => View::Pseudonymised,
    }
}

/// Consent management is for staff who see the person, and the person themself.
pub fn consent_view(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<Participant, ApiError> {
    let (p, view) = visible(conn, actor, id)?;
    if !matches!(view, View::Full | View::Limited | View::Own) {
        return Err(ApiError::forbidden(
            "you may not see or record this person's consents",
        ));
    }
    Ok(p)
}

/// Fields only staff may set (a participant editing their own profile may not).
pub const STAFF_ONLY_FIELDS: &[&str] = &["notes", "adviser_id", "mentor_id", "user_id"];

/// The quasi-identifiers of a pseudonymised record: the fields that, put
/// together, could single a person out. In the order k-anonymity gives
/// them up when two choices protect equally well (the most identifying and
/// least used in reports first).
pub const QUASI_IDENTIFIERS: [&str; 12] = [
    "municipality",
    "country_of_origin",
    "qualifications",
    "languages",
    "needs",
    "employment_state",
    "work_permit",
    "education_level",
    "legal_status",
    "stay_length",
    "age_band",
    "gender",
];

/// A person's values of [`QUASI_IDENTIFIERS`] as a pseudonymised record
/// shows them (bands, not dates; qualifications without titles or years),
/// one comparable string each; `None` when not recorded.
pub fn quasi_identifiers(p: &Participant, today: NaiveDate) -> Vec<Option<String>> {
    let r = &p.row;
    let list = |v: Vec<String>| (!v.is_empty()).then(|| v.join("|"));
    QUASI_IDENTIFIERS
        .iter()
        .map(|name| match *name {
            // Compared exactly as shown, so that one group shows one spelling.
            "municipality" => r.municipality.clone(),
            "country_of_origin" => r.country_of_origin.clone(),
            "qualifications" => {
                let mut q: Vec<String> = p
                    .qualifications
                    .iter()
                    .map(|q| {
                        format!(
                            "{}:{}",
                            q.country.as_deref().unwrap_or(""),
                            q.recognition.as_str()
                        )
                    })
                    .collect();
                q.sort();
                list(q)
            }
            "languages" => {
                let mut l: Vec<String> = p
                    .languages
                    .iter()
                    .map(|l| format!("{}:{}", l.language, l.level.as_str()))
                    .collect();
                l.sort();
                list(l)
            }
            "needs" => {
                let mut n: Vec<String> = p.needs.iter().map(|n| n.as_str().to_string()).collect();
                n.sort();
                list(n)
            }
            "employment_state" => r.employment_state.clone(),
            "work_permit" => r.work_permit.clone(),
            "education_level" => r.education_level.clone(),
            "legal_status" => r.legal_status.clone(),
            "stay_length" => r
                .arrival_date
                .map(|d| stay_length(d, today).as_str().to_string()),
            "age_band" => r
                .birth_year
                .map(|y| age_band(y, today).as_str().to_string()),
            "gender" => r.gender.clone(),
            _ => None,
        })
        .collect()
}

/// The age band of a person born in `birth_year`, on `today`: the bands the
/// interview analysis uses, so that a pseudonymised record and a report
/// never cut ages two ways (which would narrow a person down between them).
pub fn age_band(birth_year: i32, today: NaiveDate) -> InterviewAgeBand {
    match today.year() - birth_year {
        i32::MIN..=17 => InterviewAgeBand::Under18,
        18..=25 => InterviewAgeBand::From18To25,
        26..=35 => InterviewAgeBand::From26To35,
        36..=45 => InterviewAgeBand::From36To45,
        46..=55 => InterviewAgeBand::From46To55,
        _ => InterviewAgeBand::Over55,
    }
}

/// The length-of-stay band of a person who arrived on `arrival`, on
/// `today` (the bands of the interview analysis).
pub fn stay_length(arrival: NaiveDate, today: NaiveDate) -> StayLength {
    match months_between(arrival, today) {
        i32::MIN..=2 => StayLength::Under3Months,
        3..=11 => StayLength::From3To12Months,
        12..=35 => StayLength::From1To3Years,
        36..=59 => StayLength::From3To5Years,
        _ => StayLength::Over5Years,
    }
}

/// Whole months between two dates.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        (months - 1).max(0)
    } else {
        months.max(0)
    }
}

/// A stable pseudonym for `participant` as seen by `actor_id` in `org`:
/// the same every time for the same key, unlinkable between keys.
pub fn pseudonym(secret: &[u8], org: &str, actor_id: &str, participant: &str) -> String {
    crate::disclosure::microdata::participant_pseudonym(secret, org, actor_id, participant)
}

/// Loads a participant the actor may see, or 404.
///
/// Analysts and API keys always get 404 here: a real id must not be their
/// way in. They name people by pseudonym, which only `get_participant`
/// resolves (see `find_pseudonymised`).
pub fn visible(
    conn: &mut DbConnection,
    actor: &Actor,
    id: &str,
) -> Result<(Participant, View), ApiError> {
    if pseudonymised(actor) {
        return Err(ApiError::not_found("no such participant"));
    }
    let p = model::find(conn, &actor.organization_id, id)?;
    if p.status() == ParticipantStatus::Erased {
        return Err(ApiError::not_found("no such participant"));
    }
    let view = view_for(actor, &p).ok_or_else(|| ApiError::not_found("no such participant"))?;
    Ok((p, view))
}

/// Who is looking, for building views.
pub struct Viewer {
    secret: Vec<u8>,
    org: String,
    actor_id: String,
    today: NaiveDate,
    /// The k of k-anonymity for pseudonymised views.
    k: usize,
}

impl Viewer {
    pub(super) fn new(state: &AppState, actor: &Actor) -> Self {
        Self::of(&state.settings, actor)
    }

    pub fn of(settings: &Settings, actor: &Actor) -> Self {
        Viewer {
            secret: settings.jwt_secret.expose().to_vec(),
            org: actor.organization_id.clone(),
            actor_id: actor.audit_identity().1.to_string(),
            today: ids::now().date(),
            k: usize::try_from(settings.suppression_threshold).unwrap_or(5),
        }
    }
}

fn nonempty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

/// What `view` shows of `p` to `viewer`.
pub fn build_view(p: &Participant, view: View, viewer: &Viewer) -> ParticipantView {
    into_view(p.clone(), view, viewer)
}

/// [`build_view`] of a participant no longer needed: its texts are moved
/// into the view, not copied (a page of 50 people holds about 1,500).
pub fn into_view(p: Participant, view: View, viewer: &Viewer) -> ParticipantView {
    if view == View::Pseudonymised {
        // Pseudonymised records come from `pseudonymised_view`, which knows
        // what k-anonymity withholds; should one get here, it shows nothing.
        return pseudonymised_view(&p, &[true; QUASI_IDENTIFIERS.len()], viewer);
    }
    let status = p.status();
    let (f, p) = p.into_fields();
    let r = p.row;
    let mut v = ParticipantView {
        id: Some(r.id),
        status,
        view,
        updated_at: Some(ids::utc(r.updated_at)),
        ..Default::default()
    };
    if view == View::Tombstone {
        return v;
    }
    let staff = matches!(view, View::Full | View::Limited | View::Own);
    let sensitive = matches!(view, View::Full | View::Own);
    v.version = Some(r.version);
    v.languages = nonempty(f.languages);
    v.name = r.name;
    v.name_is_pseudonym = Some(r.name_is_pseudonym);
    if view == View::Mentee {
        return v;
    }
    // Shared with partners and seen by staff.
    v.education_level = f.education_level;
    v.employment_state = f.employment_state;
    v.work_permit = f.work_permit;
    v.municipality = f.municipality;
    v.qualifications = nonempty(f.qualifications);
    if view == View::Shared {
        return v;
    }
    v.gender = f.gender;
    v.age_band = f.birth_year.map(|y| age_band(y, viewer.today));
    v.length_of_stay_months = f.arrival_date.map(|d| months_between(d, viewer.today));
    v.stay_length = f.arrival_date.map(|d| stay_length(d, viewer.today));
    v.needs = nonempty(f.needs);
    if staff {
        v.gender_self_description = f.gender_self_description;
        v.birth_year = f.birth_year;
        v.work_permit_date = f.work_permit_date;
        v.arrival_date = f.arrival_date;
        v.needs_other = f.needs_other;
        v.adviser_id = f.adviser_id;
        v.mentor_id = f.mentor_id;
        v.consents = Some(p.active_consents);
        v.created_at = Some(ids::utc(r.created_at));
        v.archived_at = r.archived_at.map(ids::utc);
    }
    if sensitive {
        v.legal_status = f.legal_status;
        v.legal_status_detail = f.legal_status_detail;
        v.country_of_origin = f.country_of_origin;
        v.phone = f.phone;
        v.whatsapp = f.whatsapp;
        v.viber = f.viber;
        v.email = f.email;
        v.user_id = f.user_id;
    }
    if view == View::Full {
        v.notes = f.notes;
    }
    v
}

/// The pseudonym of a participant for this viewer.
fn pseudonym_for(p: &Participant, viewer: &Viewer) -> String {
    pseudonym(&viewer.secret, &viewer.org, &viewer.actor_id, &p.row.id)
}

/// A pseudonymised record: the pseudonym as its only identifier, coded
/// fields in the analysis' bands, and nothing k-anonymity withholds
/// (`withheld[i]` for `QUASI_IDENTIFIERS[i]`). No id, account links,
/// version, dates or free text: each would be the same for every key and so
/// link their pseudonyms, or could name the person.
pub(super) fn pseudonymised_view(
    p: &Participant,
    withheld: &[bool],
    viewer: &Viewer,
) -> ParticipantView {
    let f = p.fields();
    let mut v = ParticipantView {
        status: p.status(),
        view: View::Pseudonymised,
        pseudonym: Some(pseudonym_for(p, viewer)),
        ..Default::default()
    };
    let mut names = Vec::new();
    for (i, name) in QUASI_IDENTIFIERS.iter().enumerate() {
        if withheld.get(i).copied().unwrap_or(true) {
            names.push(name.to_string());
            continue;
        }
        match *name {
            "municipality" => v.municipality = f.municipality.clone(),
            "country_of_origin" => v.country_of_origin = f.country_of_origin.clone(),
            "qualifications" => {
                // Titles are free text and years are exact: neither is shown.
                // Sorted as they are compared, so that order tells nothing.
                let mut q: Vec<Qualification> = f
                    .qualifications
                    .iter()
                    .map(|q| Qualification {
                        title: "—".into(),
                        year: None,
                        ..q.clone()
                    })
                    .collect();
                q.sort_by(|a, b| {
                    (a.country.as_deref().unwrap_or(""), a.recognition.as_str())
                        .cmp(&(b.country.as_deref().unwrap_or(""), b.recognition.as_str()))
                });
                v.qualifications = nonempty(q);
            }
            "languages" => v.languages = nonempty(f.languages.clone()),
            "needs" => v.needs = nonempty(f.needs.clone()),
            "employment_state" => v.employment_state = f.employment_state,
            "work_permit" => v.work_permit = f.work_permit,
            "education_level" => v.education_level = f.education_level,
            "legal_status" => v.legal_status = f.legal_status,
            "stay_length" => v.stay_length = f.arrival_date.map(|d| stay_length(d, viewer.today)),
            "age_band" => v.age_band = f.birth_year.map(|y| age_band(y, viewer.today)),
            "gender" => v.gender = f.gender,
            _ => {}
        }
    }
    v.withheld = Some(names);
    v
}

/// An archived or erased person in a pseudonymised pull: the pseudonym and
/// the status, so that a mirror can delete its copy.
pub(super) fn pseudonymised_tombstone(p: &Participant, viewer: &Viewer) -> ParticipantView {
    ParticipantView {
        status: p.status(),
        view: View::Tombstone,
        pseudonym: Some(pseudonym_for(p, viewer)),
        ..Default::default()
    }
}

/// Every participant of the actor's organisation as this pseudonymised
/// viewer sees them: pseudonym, record and what k-anonymity withholds,
/// computed over the whole organisation, the active and the archived
/// separately (erased people are only tombstones), so that every page,
/// filter and single fetch agree.
pub(super) fn pseudonymised_people(
    conn: &mut DbConnection,
    org: &str,
    viewer: &Viewer,
) -> Result<Vec<(String, Participant, Vec<bool>)>, ApiError> {
    let people = model::people::all_of(conn, org)?;
    let mut mask_of = vec![vec![true; QUASI_IDENTIFIERS.len()]; people.len()];
    // Each status on its own: the status is shown too, so "archived" and a
    // gender must not single someone out either.
    for status in [ParticipantStatus::Active, ParticipantStatus::Archived] {
        let counted: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].status() == status)
            .collect();
        let qi: Vec<Vec<Option<String>>> = counted
            .iter()
            .map(|&i| quasi_identifiers(&people[i], viewer.today))
            .collect();
        let masks = crate::disclosure::rows::withhold(&qi, viewer.k);
        for (&i, m) in counted.iter().zip(masks) {
            mask_of[i] = m;
        }
    }
    Ok(people
        .into_iter()
        .zip(mask_of)
        .map(|(p, m)| (pseudonym_for(&p, viewer), p, m))
        .collect())
}

/// A person by pseudonym, for an analyst or API key: the one of the
/// organisation (not erased) whose pseudonym for this viewer is `pseudonym`,
/// with what k-anonymity withholds from their record; otherwise 404, also
/// for anything shaped like a real id.
pub(super) fn find_pseudonymised(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    pseudonym: &str,
) -> Result<(Participant, Vec<bool>), ApiError> {
    let absent = || ApiError::not_found("no such participant");
    if !looks_like_pseudonym(pseudonym) {
        return Err(absent());
    }
    pseudonymised_people(conn, &actor.organization_id, viewer)?
        .into_iter()
        .find(|(p, person, _)| p == pseudonym && person.status() != ParticipantStatus::Erased)
        .map(|(_, person, mask)| (person, mask))
        .ok_or_else(absent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn age_bands_and_length_of_stay_are_derived() {
        let today = date(2026, 11, 24);
        assert_eq!(age_band(2010, today), InterviewAgeBand::Under18);
        assert_eq!(age_band(2001, today), InterviewAgeBand::From18To25);
        assert_eq!(age_band(2000, today), InterviewAgeBand::From26To35);
        assert_eq!(age_band(1950, today), InterviewAgeBand::Over55);
        assert_eq!(
            stay_length(date(2026, 9, 1), today),
            StayLength::Under3Months
        );
        assert_eq!(
            stay_length(date(2025, 11, 24), today),
            StayLength::From1To3Years
        );
        assert_eq!(stay_length(date(2016, 1, 1), today), StayLength::Over5Years);
        assert_eq!(months_between(date(2025, 11, 25), today), 11);
        assert_eq!(months_between(date(2025, 11, 24), today), 12);
        assert_eq!(months_between(date(2027, 1, 1), today), 0);
    }

    #[test]
    fn pseudonyms_are_stable_per_key_and_differ_between_keys() {
        let a = pseudonym(b"secret", "org", "key-1", "p-1");
        assert_eq!(a, pseudonym(b"secret", "org", "key-1", "p-1"));
        assert_ne!(a, pseudonym(b"secret", "org", "key-2", "p-1"));
        assert_ne!(a, pseudonym(b"secret", "org", "key-1", "p-2"));
        assert!(a.starts_with("P-") && a.len() == 12);
    }
}
