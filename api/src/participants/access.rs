//! Who sees which participants and fields: the views per role, and what
//! pseudonymised records carry (pseudonyms, coarse bands, quasi-identifiers).

use super::*;

/// Which fields a caller sees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Everything (admin, coordinator, the assigned adviser).
    Full,
    /// No legal status, country of origin, contacts or notes (other advisers).
    Limited,
    /// The person's own profile, without advisers' notes.
    Own,
    /// Name and languages (the person's mentor).
    Mentee,
    /// What the person agreed to share with partners.
    Shared,
    /// The pseudonym as the only identifier, coded fields in bands,
    /// k-anonymous; no name, contacts, notes, dates or links (analysts, API keys).
    Pseudonymised,
    /// Archived or erased since `updated_since`: only id, status and time
    /// (for analysts and API keys: only pseudonym and status).
    #[default]
    Tombstone,
}

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

/// Whether `s` has the shape of a pseudonym (`P-` and ten letters or digits).
pub fn looks_like_pseudonym(s: &str) -> bool {
    s.strip_prefix("P-")
        .is_some_and(|c| c.len() == 10 && c.bytes().all(|b| b.is_ascii_alphanumeric()))
}

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
    let p = find(conn, &actor.organization_id, id)?;
    if p.status() == ParticipantStatus::Erased {
        return Err(ApiError::not_found("no such participant"));
    }
    let view = view_for(actor, &p).ok_or_else(|| ApiError::not_found("no such participant"))?;
    Ok((p, view))
}
