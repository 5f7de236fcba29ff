//! Command-line set-up: the first organisation and its admin
//! (`skupaj create-admin`), and demo data (`skupaj seed-demo`).

use chrono::Duration;
use diesel::prelude::*;

use crate::accounts::{self, Organization, User};
use crate::audit;
use crate::auth::password;
use crate::db::schema::users;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::policy::{Role, Scope};

/// Creates an organisation and its first admin. Refuses weak passwords and
/// an e-mail that already has an account.
pub fn create_admin(
    conn: &mut DbConnection,
    organization: &str,
    email: &str,
    display_name: &str,
    password: &str,
) -> Result<(Organization, User), String> {
    let organization = organization.trim();
    if organization.is_empty() || organization.chars().count() > 200 {
        return Err("--organization needs a name of 1 to 200 characters".into());
    }
    let email_ok = validator::ValidateEmail::validate_email(&email);
    if !email_ok {
        return Err(format!("`{email}` is not an e-mail address"));
    }
    password::check_strength("password", password, &[email, display_name])
        .map_err(|e| format!("the password {}", e.message))?;
    let hash = password::hash(password)?;
    conn.transaction(|conn| {
        let org = accounts::create_organization(conn, organization)?;
        let user = accounts::create_user(conn, email, display_name, &hash)?;
        accounts::add_membership(conn, &org.id, &user.id, Role::Admin)?;
        system_event(conn, &org.id, "create", "organization", &org.id)?;
        Ok::<_, ApiError>((org, user))
    })
    .map_err(|e| match e {
        ApiError::Client { detail, .. } => detail,
        other => other.to_string(),
    })
}

fn system_event(
    conn: &mut DbConnection,
    org: &str,
    action: &str,
    resource_type: &str,
    id: &str,
) -> Result<(), ApiError> {
    audit::write(
        conn,
        audit::Event {
            organization_id: Some(org),
            actor_type: "system",
            actor_id: None,
            action,
            resource_type,
            resource_id: Some(id),
            request_id: None,
        },
    )
}

/// The password of every demo account (printed by `seed-demo`).
pub const DEMO_PASSWORD: &str = "Skupaj-demo-Ljubljana-2026";

/// What `seed-demo` made, to print.
pub struct DemoSummary {
    pub organization: String,
    pub logins: Vec<(Role, String, String)>,
    pub api_key: String,
    pub invitation_token: String,
}

/// Demo participants: varied origins, statuses, languages and needs, some
/// with an adviser, a mentor, their own account or consent to share with partners.
fn seed_participants(
    conn: &mut DbConnection,
    org: &str,
    recorded_by: &str,
) -> Result<(), ApiError> {
    use crate::codes::*;
    use crate::participants::{self, LanguageSkill, ParticipantFields, Qualification};
    let user = |conn: &mut DbConnection, email: &str| -> Result<Option<String>, ApiError> {
        Ok(accounts::find_user_by_email(conn, email)?.map(|u| u.id))
    };
    let adviser = user(conn, "adviser@demo.skupaj.org")?;
    let mentor = user(conn, "mentor@demo.skupaj.org")?;
    let own = user(conn, "participant@demo.skupaj.org")?;
    let lang = |code: &str, level: LanguageLevel| LanguageSkill {
        language: code.into(),
        level,
    };
    let date = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    type Row<'a> = (
        &'a str,
        Gender,
        i32,
        &'a str,
        LegalStatus,
        Option<chrono::NaiveDate>,
        &'a str,
        EducationLevel,
        EmploymentState,
        Vec<LanguageSkill>,
        Vec<Need>,
        bool,
    );
    let people: Vec<Row> = vec![
        (
            "Amina Hadžić",
            Gender::Female,
            1994,
            "SY",
            LegalStatus::InternationalProtection,
            date(2023, 5, 15),
            "Ljubljana",
            EducationLevel::Isced3,
            EmploymentState::Unemployed,
            vec![
                lang("ar", LanguageLevel::Native),
                lang("sl", LanguageLevel::A2),
                lang("en", LanguageLevel::B1),
            ],
            vec![Need::Employment, Need::Language],
            true,
        ),
        (
            "Olena Kovalenko",
            Gender::Female,
            1987,
            "UA",
            LegalStatus::TemporaryProtection,
            date(2022, 3, 20),
            "Maribor",
            EducationLevel::Isced6,
            EmploymentState::Employed,
            vec![
                lang("uk", LanguageLevel::Native),
                lang("ru", LanguageLevel::C1),
                lang("sl", LanguageLevel::B1),
            ],
            vec![Need::Recognition],
            true,
        ),
        (
            "Farid Ahmadi",
            Gender::Male,
            1999,
            "AF",
            LegalStatus::SubsidiaryProtection,
            date(2021, 9, 1),
            "Ljubljana",
            EducationLevel::Isced2,
            EmploymentState::InTraining,
            vec![
                lang("prs", LanguageLevel::Native),
                lang("ps", LanguageLevel::B2),
                lang("sl", LanguageLevel::A2),
            ],
            vec![Need::Housing, Need::Employment],
            false,
        ),
        (
            "Zaid Haddad",
            Gender::Male,
            1990,
            "SY",
            LegalStatus::AsylumSeeker,
            date(2024, 1, 10),
            "Ljubljana",
            EducationLevel::Isced4,
            EmploymentState::Unemployed,
            vec![
                lang("ar", LanguageLevel::Native),
                lang("en", LanguageLevel::A2),
            ],
            vec![Need::LegalAdministrative, Need::Language],
            false,
        ),
        (
            "Mariam Tesfaye",
            Gender::Female,
            2001,
            "ER",
            LegalStatus::InternationalProtection,
            date(2020, 11, 2),
            "Koper",
            EducationLevel::Isced3,
            EmploymentState::Studying,
            vec![
                lang("ti", LanguageLevel::Native),
                lang("ar", LanguageLevel::B1),
                lang("sl", LanguageLevel::B2),
            ],
            vec![Need::Education],
            true,
        ),
        (
            "Bashir Noori",
            Gender::Male,
            1985,
            "AF",
            LegalStatus::AsylumSeeker,
            date(2025, 2, 2),
            "Postojna",
            EducationLevel::Isced1,
            EmploymentState::Unemployed,
            vec![
                lang("ps", LanguageLevel::Native),
                lang("prs", LanguageLevel::B1),
            ],
            vec![Need::Housing, Need::Health, Need::Language],
            false,
        ),
        (
            "Hana Al-Masri",
            Gender::Female,
            1979,
            "PS",
            LegalStatus::InternationalProtection,
            date(2019, 6, 23),
            "Ljubljana",
            EducationLevel::Isced7,
            EmploymentState::SelfEmployed,
            vec![
                lang("ar", LanguageLevel::Native),
                lang("en", LanguageLevel::C1),
                lang("sl", LanguageLevel::B1),
            ],
            vec![Need::Financial],
            true,
        ),
        (
            "Dmytro Shevchuk",
            Gender::Male,
            1996,
            "UA",
            LegalStatus::TemporaryProtection,
            date(2022, 4, 5),
            "Celje",
            EducationLevel::Isced5,
            EmploymentState::Employed,
            vec![
                lang("uk", LanguageLevel::Native),
                lang("en", LanguageLevel::B2),
            ],
            vec![Need::Childcare],
            false,
        ),
        (
            "Samira Yusuf",
            Gender::PreferNotToSay,
            2003,
            "SO",
            LegalStatus::AsylumSeeker,
            date(2024, 8, 30),
            "Ljubljana",
            EducationLevel::Isced2,
            EmploymentState::Unemployed,
            vec![
                lang("so", LanguageLevel::Native),
                lang("en", LanguageLevel::A2),
            ],
            vec![Need::Language, Need::PsychosocialSupport],
            false,
        ),
        (
            "Reza Karimi",
            Gender::Male,
            1992,
            "IR",
            LegalStatus::Student,
            date(2023, 9, 25),
            "Ljubljana",
            EducationLevel::Isced6,
            EmploymentState::Studying,
            vec![
                lang("fa", LanguageLevel::Native),
                lang("en", LanguageLevel::C1),
            ],
            vec![Need::Employment, Need::DigitalSkills],
            true,
        ),
        (
            "Aliona Rusu",
            Gender::Female,
            1983,
            "MD",
            LegalStatus::LabourMigrant,
            date(2018, 3, 12),
            "Kranj",
            EducationLevel::Isced3,
            EmploymentState::Employed,
            vec![
                lang("ro", LanguageLevel::Native),
                lang("ru", LanguageLevel::C1),
                lang("sl", LanguageLevel::B2),
            ],
            vec![Need::Recognition],
            false,
        ),
        (
            "Yusuf Demir",
            Gender::Male,
            1975,
            "TR",
            LegalStatus::NoStatus,
            date(2025, 6, 1),
            "Ljubljana",
            EducationLevel::Isced1,
            EmploymentState::Unemployed,
            vec![
                lang("tr", LanguageLevel::Native),
                lang("ku", LanguageLevel::B2),
            ],
            vec![Need::LegalAdministrative, Need::Housing],
            false,
        ),
    ];
    for (
        i,
        (
            name,
            gender,
            born,
            country,
            status,
            arrived,
            town,
            education,
            employment,
            languages,
            needs,
            shares,
        ),
    ) in people.into_iter().enumerate()
    {
        let fields = ParticipantFields {
            name: name.into(),
            phone: Some(format!("+38640{:06}", 100_200 + i * 1_111)),
            gender: Some(gender),
            birth_year: Some(born),
            country_of_origin: Some(country.into()),
            legal_status: Some(status),
            work_permit: Some(if status == LegalStatus::AsylumSeeker {
                WorkPermit::Pending
            } else {
                WorkPermit::Granted
            }),
            arrival_date: arrived,
            municipality: Some(town.into()),
            education_level: Some(education),
            employment_state: Some(employment),
            languages,
            needs,
            qualifications: if i == 0 {
                vec![Qualification {
                    title: "Tailoring diploma".into(),
                    country: Some("SY".into()),
                    year: Some(2012),
                    recognition: Recognition::InProgress,
                }]
            } else {
                Vec::new()
            },
            adviser_id: if i % 2 == 0 { adviser.clone() } else { None },
            mentor_id: if i < 3 { mentor.clone() } else { None },
            user_id: if i == 0 { own.clone() } else { None },
            notes: (i == 0)
                .then(|| "Prefers afternoon appointments; brings her daughter.".to_string()),
            ..ParticipantFields::default()
        };
        let id = ids::new_id();
        participants::save(conn, &id, org, &fields, None)?;
        participants::add_consent(
            conn,
            org,
            &id,
            ConsentPurpose::ProfileProcessing,
            "2026-05 demo",
            recorded_by,
        )?;
        if shares {
            participants::add_consent(
                conn,
                org,
                &id,
                ConsentPurpose::PartnerSharing,
                "2026-05 demo",
                recorded_by,
            )?;
        }
        if i % 3 != 2 {
            participants::add_consent(
                conn,
                org,
                &id,
                ConsentPurpose::InterviewRecording,
                "2026-05 demo",
                recorded_by,
            )?;
        }
        system_event(conn, org, "create", "participant", &id)?;
        seed_skills(conn, &id, i)?;
    }
    Ok(())
}

/// Done interviews with the shipped template (two groups and individual
/// ones, the pilots' in-depth interviews), answered, so that the analysis
/// has something to show; and one planned group interview for the adviser.
fn seed_interviews(conn: &mut DbConnection, org: &str) -> Result<(), ApiError> {
    use crate::db::schema::{
        interview_answers, interview_interviewers, interview_participants,
        interview_template_versions, interview_templates, interviews, participants as people,
    };
    use crate::participants::{load_many, ParticipantRow};
    use serde_json::json;
    crate::interviews::templates::ensure_default(conn, org)?;
    let version: String = interview_template_versions::table
        .inner_join(interview_templates::table)
        .filter(interview_templates::organization_id.eq(org))
        .filter(interview_template_versions::status.eq("published"))
        .select(interview_template_versions::id)
        .first(conn)?;
    let staff = |conn: &mut DbConnection, email: &str| -> Result<String, ApiError> {
        accounts::find_user_by_email(conn, email)?
            .map(|u| u.id)
            .ok_or_else(|| ApiError::internal("demo account missing"))
    };
    let adviser = staff(conn, "adviser@demo.skupaj.org")?;
    let coordinator = staff(conn, "coordinator@demo.skupaj.org")?;
    let rows: Vec<ParticipantRow> = people::table
        .filter(people::organization_id.eq(org))
        .order(people::id.asc())
        .select(ParticipantRow::as_select())
        .load(conn)?;
    let everyone = load_many(conn, rows)?;
    let today = ids::now().date();
    // (days ago, kind, channel, participant indexes, status)
    let plan: [(i64, &str, &str, &[usize], &str); 7] = [
        (70, "group", "in_person", &[0, 2, 3, 6], "done"),
        (63, "individual", "in_person", &[1], "done"),
        (56, "group", "in_person", &[4, 5, 7], "done"),
        (49, "individual", "phone", &[8], "done"),
        (42, "group", "video", &[9, 10, 11], "done"),
        (35, "individual", "in_person", &[5], "no_show"),
        (-3, "group", "in_person", &[1, 4, 8], "planned"),
    ];
    let places = ["city", "city", "no_preference", "rural", "city"];
    let origin = [
        "yes_sometimes",
        "no",
        "prefer_not_to_say",
        "yes_often",
        "not_sure",
        "no",
    ];
    let work = [
        "Tailoring or sewing in a workshop",
        "Nursing assistant",
        "Warehouse work with a forklift licence",
        "Cooking in a restaurant",
        "IT support",
        "Cleaning or maintenance",
    ];
    for (n, (days, kind, channel, who, status)) in plan.iter().enumerate() {
        let id = ids::new_id();
        let at = (today - Duration::days(*days))
            .and_hms_opt(10 + (n as u32 % 4), 0, 0)
            .unwrap_or_default();
        let now = ids::now();
        diesel::insert_into(interviews::table)
            .values((
                interviews::id.eq(&id),
                interviews::organization_id.eq(org),
                interviews::template_version_id.eq(&version),
                interviews::kind.eq(*kind),
                interviews::scheduled_at.eq(at),
                interviews::duration_minutes.eq(Some(if *kind == "group" { 90 } else { 60 })),
                interviews::channel.eq(*channel),
                interviews::location
                    .eq((*channel == "in_person").then_some("Skupaj office, Metelkova 6")),
                interviews::language.eq("sl"),
                interviews::interpreter_language.eq(Some("ar")),
                interviews::recorded.eq(false),
                interviews::status.eq(*status),
                interviews::created_by.eq(Some(&adviser)),
                interviews::created_at.eq(now),
                interviews::updated_at.eq(now),
                interviews::completed_at
                    .eq((*status == "done").then_some(at + Duration::minutes(80))),
                interviews::version.eq(if *status == "planned" { 1 } else { 2 }),
            ))
            .execute(conn)?;
        for uid in [&adviser, &coordinator]
            .into_iter()
            .take(if *kind == "group" { 2 } else { 1 })
        {
            diesel::insert_into(interview_interviewers::table)
                .values((
                    interview_interviewers::interview_id.eq(&id),
                    interview_interviewers::user_id.eq(uid),
                ))
                .execute(conn)?;
        }
        for (pos, i) in who.iter().enumerate() {
            let Some(p) = everyone.get(*i) else { continue };
            // The questions are shown in a language the template has (Dari
            // speakers read Farsi).
            let first_language = p
                .languages
                .iter()
                .map(|l| {
                    if l.language == "prs" {
                        "fa"
                    } else {
                        l.language.as_str()
                    }
                })
                .find(|l| crate::codes::LANGUAGES.contains(l) && *l != "sl")
                .or_else(|| p.languages.first().map(|l| l.language.as_str()))
                .map(str::to_string);
            diesel::insert_into(interview_participants::table)
                .values((
                    interview_participants::interview_id.eq(&id),
                    interview_participants::participant_id.eq(&p.row.id),
                    interview_participants::position.eq(pos as i32),
                    interview_participants::language.eq(first_language),
                    interview_participants::attended.eq(*status != "no_show"),
                ))
                .execute(conn)?;
            if *status != "done" {
                continue;
            }
            let mut needs: Vec<&str> = p.needs.iter().map(|n| n.as_str()).collect();
            if i % 3 == 0 && !needs.contains(&"childcare") {
                needs.push("childcare");
            }
            let languages: Vec<serde_json::Value> = p
                .languages
                .iter()
                .map(|l| json!({"language": l.language, "level": l.level.as_str()}))
                .collect();
            let mut answers = vec![
                ("needs", json!(needs)),
                ("worked_host", json!(i % 3 == 0)),
                ("languages", json!(languages)),
                (
                    "education_level",
                    json!(p
                        .row
                        .education_level
                        .clone()
                        .unwrap_or_else(|| "isced_3".into())),
                ),
                ("confidence", json!((i * 3) % 10 + 1)),
                ("preferred_place", json!(places[i % places.len()])),
                ("interest_mentoring", json!(i % 2 == 0)),
                ("childcare_needed", json!(i % 3 == 0)),
                ("origin_affected", json!(origin[i % origin.len()])),
                ("job_search_months", json!(i * 2 + 1)),
                ("desired_work", json!(work[i % work.len()])),
                ("interest_coworking", json!(i % 4 == 1)),
            ];
            if i % 2 == 1 {
                answers.push((
                    "interest_training",
                    json!(["language_course", "certificate_course"]),
                ));
            } else {
                answers.push(("interest_training", json!(["vocational_training"])));
            }
            for (question, value) in answers {
                diesel::insert_into(interview_answers::table)
                    .values((
                        interview_answers::interview_id.eq(&id),
                        interview_answers::participant_id.eq(&p.row.id),
                        interview_answers::question_id.eq(question),
                        interview_answers::value.eq(value.to_string()),
                        interview_answers::updated_by.eq(Some(&adviser)),
                        interview_answers::updated_at.eq(at + Duration::minutes(60)),
                    ))
                    .execute(conn)?;
            }
        }
        system_event(conn, org, "create", "interview", &id)?;
    }
    Ok(())
}

/// Skills for some demo participants, from the starter taxonomy.
fn seed_skills(conn: &mut DbConnection, participant: &str, index: usize) -> Result<(), ApiError> {
    use crate::db::schema::participant_skills;
    let next_year = ids::now().date() + Duration::days(365);
    let skills: &[(&str, &str, &str, Option<&str>)] = match index {
        0 => &[
            ("dressmaking", "expert", "self_declared", None),
            (
                "use manual sewing techniques",
                "advanced",
                "interview",
                None,
            ),
        ],
        1 => &[
            (
                "teach languages",
                "advanced",
                "recognised_qualification",
                None,
            ),
            ("translate texts", "advanced", "self_declared", None),
        ],
        2 => &[
            (
                "operate forklift",
                "intermediate",
                "certificate",
                Some("Forklift operator licence"),
            ),
            (
                "pick orders for dispatching",
                "basic",
                "self_declared",
                None,
            ),
        ],
        3 => &[("use cooking techniques", "advanced", "self_declared", None)],
        4 => &[(
            "interpret spoken language between two parties",
            "advanced",
            "interview",
            None,
        )],
        6 => &[
            ("create jewellery", "expert", "self_declared", None),
            ("embroider fabrics", "advanced", "self_declared", None),
        ],
        7 => &[
            (
                "driving licence category C",
                "advanced",
                "certificate",
                Some("Driving licence C"),
            ),
            ("manoeuvre heavy trucks", "advanced", "self_declared", None),
        ],
        9 => &[
            (
                "apply basic programming skills",
                "intermediate",
                "self_declared",
                None,
            ),
            ("provide ICT support", "intermediate", "self_declared", None),
        ],
        _ => &[],
    };
    for (label, level, evidence, certificate) in skills {
        let Some(uri) = crate::skills::uri_by_label(conn, label)? else {
            continue;
        };
        let now = ids::now();
        diesel::insert_into(participant_skills::table)
            .values((
                participant_skills::id.eq(ids::new_id()),
                participant_skills::participant_id.eq(participant),
                participant_skills::skill_uri.eq(uri),
                participant_skills::level.eq(*level),
                participant_skills::acquired.eq(Some("origin_country")),
                participant_skills::evidence.eq(*evidence),
                participant_skills::certificate_name.eq(certificate.map(str::to_string)),
                participant_skills::certificate_expires.eq(certificate.map(|_| next_year)),
                participant_skills::created_at.eq(now),
                participant_skills::updated_at.eq(now),
                participant_skills::version.eq(1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether the database has no accounts yet.
pub fn is_empty(conn: &mut DbConnection) -> Result<bool, String> {
    let n: i64 = users::table
        .count()
        .get_result(conn)
        .map_err(|e| e.to_string())?;
    Ok(n == 0)
}

/// Fills an empty database with a demo organisation, one account per role,
/// and believable data for every resource that exists.
pub fn seed_demo(conn: &mut DbConnection) -> Result<DemoSummary, String> {
    if !is_empty(conn)? {
        return Err("the database already has accounts; seed-demo only fills an empty one".into());
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    conn.transaction(|conn| {
        let org = accounts::create_organization(conn, "Skupaj Demo Ljubljana")?;
        let other = accounts::create_organization(conn, "Zavod Most Maribor")?;
        system_event(conn, &org.id, "create", "organization", &org.id)?;
        system_event(conn, &other.id, "create", "organization", &other.id)?;
        let people = [
            (Role::Admin, "admin@demo.skupaj.org", "Ana Kovač"),
            (
                Role::Coordinator,
                "coordinator@demo.skupaj.org",
                "Maja Novak",
            ),
            (Role::Adviser, "adviser@demo.skupaj.org", "Yusuf Rahimi"),
            (Role::Mentor, "mentor@demo.skupaj.org", "Petra Zupan"),
            (
                Role::Participant,
                "participant@demo.skupaj.org",
                "Amina Hadžić",
            ),
            (Role::Partner, "partner@demo.skupaj.org", "Luka Horvat"),
            (Role::Analyst, "analyst@demo.skupaj.org", "Irena Kos"),
        ];
        let mut logins = Vec::new();
        for (role, email, name) in people {
            let user = accounts::create_user(conn, email, name, &hash)?;
            let m = accounts::add_membership(conn, &org.id, &user.id, role)?;
            system_event(conn, &org.id, "create", "member", &m.id)?;
            // The admin and the coordinator also work with a second NGO, to
            // show switching organisations.
            if matches!(role, Role::Admin | Role::Coordinator) {
                let m = accounts::add_membership(conn, &other.id, &user.id, role)?;
                system_event(conn, &other.id, "create", "member", &m.id)?;
            }
            logins.push((role, email.to_string(), name.to_string()));
        }
        // The second NGO's own admin, who administers only it: shows that an
        // admin cannot reach the demo organisation through a person both
        // share (the coordinator), e.g. by resetting her password.
        let most_admin =
            accounts::create_user(conn, "admin@most.demo.skupaj.org", "Bojan Kralj", &hash)?;
        let m = accounts::add_membership(conn, &other.id, &most_admin.id, Role::Admin)?;
        system_event(conn, &other.id, "create", "member", &m.id)?;
        logins.push((
            Role::Admin,
            "admin@most.demo.skupaj.org".to_string(),
            "Bojan Kralj (admin of Zavod Most Maribor only)".to_string(),
        ));
        let admin = accounts::find_user_by_email(conn, "admin@demo.skupaj.org")?
            .ok_or_else(|| ApiError::internal("demo admin missing"))?;
        let (key, api_key) = accounts::create_api_key(
            conn,
            &org.id,
            "City of Ljubljana statistics office (demo)",
            &[Scope::MembersRead],
            ids::now() + Duration::days(90),
            &admin.id,
        )?;
        system_event(conn, &org.id, "create", "api_key", &key.id)?;
        let (inv, invitation_token) = accounts::create_link(
            conn,
            &org.id,
            accounts::INVITE,
            "new.adviser@example.org",
            Some(Role::Adviser),
            None,
            &admin.id,
        )?;
        system_event(conn, &org.id, "create", "invitation", &inv.id)?;
        seed_participants(conn, &org.id, &admin.id)?;
        seed_interviews(conn, &org.id)?;
        Ok::<_, ApiError>(DemoSummary {
            organization: org.name,
            logins,
            api_key,
            invitation_token,
        })
    })
    .map_err(|e| e.to_string())
}
