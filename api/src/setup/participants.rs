//! The demo's participants: varied origins, statuses, languages and needs,
//! with their consents.

use super::system_event;
use crate::codes::*;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::participants::json::{LanguageSkill, ParticipantFields, Qualification};
use crate::participants::model;

/// Demo participants: varied origins, statuses, languages and needs, some
/// with an adviser, a mentor, their own account or consent to share with partners.
///
/// Returns their ids, in the order of the table below (the demo's skills
/// and interviews refer to them by that index).
pub(super) fn seed(
    conn: &mut DbConnection,
    org: &str,
    recorded_by: &str,
) -> Result<Vec<String>, ApiError> {
    let user = |conn: &mut DbConnection, email: &str| -> Result<Option<String>, ApiError> {
        Ok(crate::accounts::find_user_by_email(conn, email)?.map(|u| u.id))
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
            true,
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
    let mut made = Vec::with_capacity(people.len());
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
            work_permit: Some(match status {
                LegalStatus::AsylumSeeker => WorkPermit::Pending,
                // No status, no permit: the demo's person a job turns away.
                LegalStatus::NoStatus => WorkPermit::None,
                _ => WorkPermit::Granted,
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
        model::save(conn, &id, org, &fields, None)?;
        model::add_consent(
            conn,
            org,
            &id,
            ConsentPurpose::ProfileProcessing,
            "2026-05 demo",
            recorded_by,
        )?;
        if shares {
            model::add_consent(
                conn,
                org,
                &id,
                ConsentPurpose::PartnerSharing,
                "2026-05 demo",
                recorded_by,
            )?;
        }
        if i % 3 != 2 {
            model::add_consent(
                conn,
                org,
                &id,
                ConsentPurpose::InterviewRecording,
                "2026-05 demo",
                recorded_by,
            )?;
        }
        system_event(conn, org, "create", "participant", &id)?;
        made.push(id);
    }
    Ok(made)
}
