//! What a caller sees of a participant: the view struct, the views per role,
//! and pseudonymised records with what k-anonymity withholds.

use super::*;

macro_rules! view_struct {
    ($($(#[$m:meta])* $field:ident: $ty:ty),+ $(,)?) => {
        /// A participant as the caller may see it: fields it may not see are
        /// absent (see `view`), as are empty ones.
        #[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
        pub struct ParticipantView {
            /// The participant's id; absent in pseudonymised views and their
            /// tombstones, where `pseudonym` is the only identifier.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            pub status: ParticipantStatus,
            /// Which set of fields this is.
            pub view: View,
            /// When the record last changed; absent in pseudonymised views (a
            /// time shared by every key would link their pseudonyms).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub updated_at: Option<DateTime<Utc>>,
            $($(#[$m])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)+
        }
    };
}

view_struct! {
    /// Send it back with a change; a stale one answers 409. Absent in
    /// pseudonymised views (a counter shared by every key would link them).
    version: i32,
    /// For pseudonymised views (and their tombstones): the only identifier,
    /// stable for this organisation and API key (or analyst), unlinkable
    /// between keys. `GET /participants/{id}` takes it as the `id`.
    #[schema(example = "P-7KQ2M9XW4C")]
    pseudonym: String,
    name: String,
    name_is_pseudonym: bool,
    phone: String,
    whatsapp: String,
    viber: String,
    email: String,
    gender: Gender,
    gender_self_description: String,
    birth_year: i32,
    /// Derived from the birth year: the bands of the interview analysis.
    age_band: codes::InterviewAgeBand,
    country_of_origin: String,
    legal_status: LegalStatus,
    /// With `legal_status: other`, the status in words (staff and the person only).
    legal_status_detail: String,
    work_permit: WorkPermit,
    work_permit_date: NaiveDate,
    arrival_date: NaiveDate,
    /// Whole months since arrival (not in pseudonymised views).
    length_of_stay_months: i32,
    /// Length of stay since arrival: the bands of the interview analysis.
    stay_length: codes::StayLength,
    municipality: String,
    education_level: codes::EducationLevel,
    employment_state: codes::EmploymentState,
    languages: Vec<LanguageSkill>,
    needs: Vec<Need>,
    needs_other: String,
    qualifications: Vec<Qualification>,
    adviser_id: String,
    mentor_id: String,
    user_id: String,
    notes: String,
    /// Purposes the person has consented to (and not withdrawn).
    consents: Vec<ConsentPurpose>,
    created_at: DateTime<Utc>,
    archived_at: DateTime<Utc>,
    /// In pseudonymised views: the fields left out so that every combination
    /// of the fields shown is shared by at least `SKUPAJ_SUPPRESSION_THRESHOLD`
    /// people of the organisation (k-anonymity); a field absent and not
    /// listed here is not recorded.
    #[schema(example = json!(["municipality", "country_of_origin"]))]
    withheld: Vec<String>,
}

/// Who is looking, for building views.
pub(super) struct Viewer {
    secret: Vec<u8>,
    org: String,
    actor_id: String,
    today: NaiveDate,
    /// The k of k-anonymity for pseudonymised views.
    k: usize,
}

impl Viewer {
    pub(super) fn new(state: &AppState, actor: &Actor) -> Self {
        Viewer {
            secret: state.settings.jwt_secret.expose().to_vec(),
            org: actor.organization_id.clone(),
            actor_id: actor.audit_identity().1.to_string(),
            today: ids::now().date(),
            k: usize::try_from(state.settings.suppression_threshold).unwrap_or(5),
        }
    }
}

pub(super) fn nonempty<T>(v: Vec<T>) -> Option<Vec<T>> {
    (!v.is_empty()).then_some(v)
}

pub(super) fn build_view(p: &Participant, view: View, viewer: &Viewer) -> ParticipantView {
    if view == View::Pseudonymised {
        // Pseudonymised records come from `pseudonymised_view`, which knows
        // what k-anonymity withholds; should one get here, it shows nothing.
        return pseudonymised_view(p, &[true; model::QUASI_IDENTIFIERS.len()], viewer);
    }
    let r = &p.row;
    let f = p.fields();
    let mut v = ParticipantView {
        id: Some(r.id.clone()),
        status: p.status(),
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
    v.languages = nonempty(f.languages.clone());
    v.name = r.name.clone();
    v.name_is_pseudonym = Some(r.name_is_pseudonym);
    if view == View::Mentee {
        return v;
    }
    // Shared with partners and seen by staff.
    v.education_level = f.education_level;
    v.employment_state = f.employment_state;
    v.work_permit = f.work_permit;
    v.municipality = f.municipality.clone();
    v.qualifications = nonempty(f.qualifications.clone());
    if view == View::Shared {
        return v;
    }
    v.gender = f.gender;
    v.age_band = f.birth_year.map(|y| model::age_band(y, viewer.today));
    v.length_of_stay_months = f
        .arrival_date
        .map(|d| model::months_between(d, viewer.today));
    v.stay_length = f.arrival_date.map(|d| model::stay_length(d, viewer.today));
    v.needs = nonempty(f.needs.clone());
    if staff {
        v.gender_self_description = f.gender_self_description.clone();
        v.birth_year = f.birth_year;
        v.work_permit_date = f.work_permit_date;
        v.arrival_date = f.arrival_date;
        v.needs_other = f.needs_other.clone();
        v.adviser_id = f.adviser_id.clone();
        v.mentor_id = f.mentor_id.clone();
        v.consents = Some(p.active_consents.clone());
        v.created_at = Some(ids::utc(r.created_at));
        v.archived_at = r.archived_at.map(ids::utc);
    }
    if sensitive {
        v.legal_status = f.legal_status;
        v.legal_status_detail = f.legal_status_detail.clone();
        v.country_of_origin = f.country_of_origin.clone();
        v.phone = f.phone.clone();
        v.whatsapp = f.whatsapp.clone();
        v.viber = f.viber.clone();
        v.email = f.email.clone();
        v.user_id = f.user_id.clone();
    }
    if view == View::Full {
        v.notes = f.notes.clone();
    }
    v
}

/// The pseudonym of a participant for this viewer.
pub(super) fn pseudonym_for(p: &Participant, viewer: &Viewer) -> String {
    model::pseudonym(&viewer.secret, &viewer.org, &viewer.actor_id, &p.row.id)
}

/// A pseudonymised record: the pseudonym as its only identifier, coded
/// fields in the analysis' bands, and nothing k-anonymity withholds
/// (`withheld[i]` for `model::QUASI_IDENTIFIERS[i]`). No id, account links,
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
    for (i, name) in model::QUASI_IDENTIFIERS.iter().enumerate() {
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
            "stay_length" => {
                v.stay_length = f.arrival_date.map(|d| model::stay_length(d, viewer.today))
            }
            "age_band" => v.age_band = f.birth_year.map(|y| model::age_band(y, viewer.today)),
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
    let rows: Vec<ParticipantRow> = participants::table
        .filter(participants::organization_id.eq(org))
        .select(ParticipantRow::as_select())
        .load(conn)?;
    let people = model::load_many(conn, rows)?;
    let mut mask_of = vec![vec![true; model::QUASI_IDENTIFIERS.len()]; people.len()];
    // Each status on its own: the status is shown too, so "archived" and a
    // gender must not single someone out either.
    for status in [ParticipantStatus::Active, ParticipantStatus::Archived] {
        let counted: Vec<usize> = (0..people.len())
            .filter(|&i| people[i].status() == status)
            .collect();
        let qi: Vec<Vec<Option<String>>> = counted
            .iter()
            .map(|&i| model::quasi_identifiers(&people[i], viewer.today))
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
