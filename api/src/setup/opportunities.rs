//! The demo's opportunities, from partners of the pilots' world, a few
//! applications, and earlier cohorts' outcomes.
//!
//! Their matches show every kind of explanation (with the demo people in
//! `participants.rs` and `skills.rs`), for the forklift-driver job:
//! Farid Ahmadi matches it well; Aliona Rusu lacks "operate forklift",
//! which the forklift course teaches; Yusuf Demir drives forklifts but has
//! no work permit (ineligible); and Amina Hadžić, the demo participant,
//! is eligible and lacks the forklift, so she finds the job among her
//! matches with the course that closes the gap. She has not applied: she
//! does in the walkthrough.

use chrono::{Datelike, Duration, NaiveDate};
use diesel::prelude::*;

use super::system_event;
use crate::codes::*;
use crate::db::schema::{application_events, applications};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::market::texts::Texts;
use crate::opportunities::matches::changes::{self, Subject};
use crate::opportunities::outcomes;
use crate::opportunities::postings::json::{LanguageRequirement, OpportunityFields};
use crate::opportunities::postings::model;
use crate::skills::model::concepts::uri_by_label;

fn texts(items: &[(&str, &str)]) -> Texts {
    items
        .iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect()
}

/// An opportunity with only what every one has; the rest is set per posting.
fn base(
    kind: OpportunityKind,
    provider: &str,
    sector: &str,
    municipality: &str,
) -> OpportunityFields {
    OpportunityFields {
        kind,
        status: Some(OpportunityStatus::Open),
        title: Texts::new(),
        description: Texts::new(),
        provider_name: provider.into(),
        provider_sector: Some(sector.into()),
        partner_user_id: None,
        occupation_uri: None,
        country: "SI".into(),
        place: WorkPlace::OnSite,
        municipality: Some(municipality.into()),
        hours_per_week: None,
        total_hours: None,
        starts_on: None,
        ends_on: None,
        duration_weeks: None,
        paid: false,
        pay_min_cents: None,
        pay_max_cents: None,
        pay_currency: "EUR".into(),
        pay_period: None,
        contract_type: None,
        places: None,
        deadline: None,
        min_education: None,
        essential_skills: Vec::new(),
        optional_skills: Vec::new(),
        teaches_skills: Vec::new(),
        languages: Vec::new(),
        archived: None,
    }
}

/// The URIs of the skills with these English labels (those the taxonomy has).
fn skills(conn: &mut DbConnection, labels: &[&str]) -> Result<Vec<String>, ApiError> {
    let mut out = Vec::new();
    for l in labels {
        if let Some(uri) = uri_by_label(conn, l)? {
            out.push(uri);
        }
    }
    Ok(out)
}

fn sl(level: LanguageLevel) -> Vec<LanguageRequirement> {
    vec![LanguageRequirement {
        language: "sl".into(),
        min_level: level,
    }]
}

/// The demo's opportunities and applications. `people` are the demo
/// participants in the order of `participants.rs`; `partner` the demo
/// partner account (posting the forklift job); `by` the coordinator who
/// posts the others on their providers' behalf.
pub(super) fn seed(
    conn: &mut DbConnection,
    org: &str,
    people: &[String],
    partner: &str,
    by: &str,
) -> Result<(), ApiError> {
    let today = ids::now().date();
    let in_days = |d: i64| today + Duration::days(d);
    let mut made: Vec<(&str, String)> = Vec::new();
    let mut post = |conn: &mut DbConnection,
                    key: &'static str,
                    f: OpportunityFields,
                    poster: &str|
     -> Result<(), ApiError> {
        let status = f.status.unwrap_or(OpportunityStatus::Open);
        let id = model::insert(
            conn,
            org,
            &f,
            f.partner_user_id.as_deref(),
            status,
            Some(poster),
        )?;
        changes::record(conn, org, Subject::Opportunity, &id)?;
        system_event(conn, org, "create", "opportunity", &id)?;
        made.push((key, id));
        Ok(())
    };

    // The logistics employer's forklift-driver job, posted by the demo partner.
    let mut job = base(
        OpportunityKind::Job,
        "Logistika Vrhnika d.o.o.",
        "H52.10",
        "Vrhnika",
    );
    job.partner_user_id = Some(partner.into());
    job.title = texts(&[
        ("sl", "Voznik viličarja (m/ž)"),
        ("en", "Forklift driver"),
        ("ar", "سائق رافعة شوكية"),
    ]);
    job.description = texts(&[
        ("sl", "V našem skladišču na Vrhniki nakladate in razkladate tovornjake, zlagate palete in pripravljate naročila. Delo v dveh izmenah, prevoz iz Ljubljane organiziran."),
        ("en", "In our warehouse in Vrhnika you load and unload lorries, stack pallets and pick orders. Two shifts; transport from Ljubljana is organised."),
        ("ar", "في مستودعنا في فرهنيكا تقوم بتحميل الشاحنات وتفريغها ورصّ المنصات وتجهيز الطلبات. العمل على فترتين، والنقل من ليوبليانا متوفر."),
    ]);
    job.occupation_uri = crate::skills::model::concepts::uri_by_label(conn, "forklift operator")?;
    job.essential_skills = skills(
        conn,
        &[
            "operate forklift",
            "lift heavy weights",
            "pick orders for dispatching",
        ],
    )?;
    job.optional_skills = skills(conn, &["use barcode scanning equipment"])?;
    job.languages = sl(LanguageLevel::A2);
    job.hours_per_week = Some(40);
    job.paid = true;
    job.pay_min_cents = Some(145_000);
    job.pay_max_cents = Some(170_000);
    job.pay_period = Some(PayPeriod::Month);
    job.contract_type = Some(ContractType::FixedTerm);
    job.places = Some(2);
    job.deadline = Some(in_days(45));
    job.starts_on = Some(in_days(60));
    post(conn, "forklift_job", job, partner)?;

    // The course that teaches what the job asks for.
    let mut course = base(
        OpportunityKind::Course,
        "Logistika Vrhnika d.o.o. – učni center",
        "P85.59",
        "Vrhnika",
    );
    course.title = texts(&[
        ("sl", "Tečaj za voznika viličarja z izpitom"),
        ("en", "Forklift driver course with exam"),
        ("ar", "دورة سائق رافعة شوكية مع امتحان"),
    ]);
    course.description = texts(&[
        ("sl", "Tri tedne teorije in vožnje na poligonu, zaključi se z izpitom za voznika viličarja. Brezplačno za udeležence programa."),
        ("en", "Three weeks of theory and practice on the yard, ending with the forklift driver's exam. Free for the programme's participants."),
    ]);
    course.teaches_skills = skills(conn, &["operate forklift"])?;
    course.languages = sl(LanguageLevel::A1);
    course.hours_per_week = Some(12);
    course.duration_weeks = Some(3);
    course.starts_on = Some(in_days(14));
    course.ends_on = Some(in_days(35));
    course.places = Some(8);
    course.deadline = Some(in_days(10));
    post(conn, "forklift_course", course, by)?;

    // The social cooperative with a co-working space: a traineeship.
    let mut coop = base(
        OpportunityKind::Traineeship,
        "Zadruga Skupni prostor",
        "N82.11",
        "Ljubljana",
    );
    coop.title = texts(&[
        ("sl", "Pripravništvo na recepciji coworkinga"),
        ("en", "Co-working space front-desk traineeship"),
    ]);
    coop.description = texts(&[
        ("sl", "Sprejemate člane in goste, skrbite za rezervacije sob in pomagate pri dogodkih zadruge. Mentorica iz zadruge vas vodi ves čas."),
        ("en", "Welcome members and guests, handle room bookings and help with the cooperative's events, with a mentor from the cooperative throughout."),
    ]);
    coop.essential_skills = skills(conn, &["assist customers", "communicate with customers"])?;
    coop.optional_skills = skills(conn, &["have computer literacy"])?;
    coop.teaches_skills = skills(conn, &["maintain customer service"])?;
    coop.languages = vec![
        LanguageRequirement {
            language: "sl".into(),
            min_level: LanguageLevel::A2,
        },
        LanguageRequirement {
            language: "en".into(),
            min_level: LanguageLevel::B1,
        },
    ];
    coop.place = WorkPlace::Hybrid;
    coop.hours_per_week = Some(20);
    coop.duration_weeks = Some(24);
    coop.paid = true;
    coop.pay_min_cents = Some(60_000);
    coop.pay_max_cents = Some(60_000);
    coop.pay_period = Some(PayPeriod::Month);
    coop.contract_type = Some(ContractType::FixedTerm);
    coop.places = Some(1);
    coop.deadline = Some(in_days(30));
    post(conn, "coop_traineeship", coop, by)?;

    // The fab lab's laser-cutter course.
    let mut fab = base(
        OpportunityKind::Course,
        "Fab Lab Ljubljana",
        "P85.59",
        "Ljubljana",
    );
    fab.title = texts(&[
        ("sl", "Laserski rezalnik: od skice do izdelka"),
        ("en", "Laser cutter: from sketch to product"),
    ]);
    fab.description = texts(&[
        ("sl", "Štiri večere spoznavate risanje za laserski rezalnik in sestavljate lesene izdelke iz izrezanih delov. Material je vključen."),
        ("en", "Four evenings of drawing for the laser cutter and assembling wooden products from the cut parts. Materials included."),
    ]);
    fab.teaches_skills = skills(conn, &["join wood elements", "have computer literacy"])?;
    fab.hours_per_week = Some(6);
    fab.duration_weeks = Some(2);
    fab.starts_on = Some(in_days(21));
    fab.places = Some(10);
    post(conn, "laser_course", fab, by)?;

    // The farm's seasonal job.
    let mut farm = base(
        OpportunityKind::Job,
        "Kmetija Zelena dolina",
        "A01.13",
        "Brežice",
    );
    farm.title = texts(&[
        ("sl", "Sezonsko delo pri obiranju zelenjave"),
        ("en", "Seasonal vegetable harvest work"),
    ]);
    farm.description = texts(&[
        ("sl", "Obiranje in pakiranje zelenjave od aprila do oktobra. Nastanitev na kmetiji je mogoča."),
        ("en", "Picking and packing vegetables from April to October. Accommodation on the farm is possible."),
    ]);
    farm.essential_skills = skills(conn, &["harvest crop", "work in outdoor conditions"])?;
    farm.optional_skills = skills(conn, &["pack vegetables or fruits"])?;
    farm.hours_per_week = Some(40);
    farm.starts_on = NaiveDate::from_ymd_opt(2027, 4, 1);
    farm.ends_on = NaiveDate::from_ymd_opt(2027, 10, 31);
    farm.paid = true;
    farm.pay_min_cents = Some(750);
    farm.pay_max_cents = Some(900);
    farm.pay_period = Some(PayPeriod::Hour);
    farm.contract_type = Some(ContractType::FixedTerm);
    farm.places = Some(6);
    farm.deadline = Some(in_days(90));
    post(conn, "farm_job", farm, by)?;

    // The language school's Slovenian course.
    let mut school = base(
        OpportunityKind::Course,
        "Jezikovna šola Beseda",
        "P85.59",
        "Ljubljana",
    );
    school.title = texts(&[
        ("sl", "Slovenščina za začetnike (A1–A2)"),
        ("en", "Slovenian for beginners (A1–A2)"),
        ("ar", "اللغة السلوفينية للمبتدئين (A1–A2)"),
    ]);
    school.description = texts(&[
        (
            "sl",
            "Dvakrat na teden zvečer, v majhni skupini, z varstvom otrok med poukom.",
        ),
        (
            "en",
            "Two evenings a week in a small group, with childcare during lessons.",
        ),
    ]);
    school.place = WorkPlace::Hybrid;
    school.hours_per_week = Some(4);
    school.duration_weeks = Some(12);
    school.starts_on = Some(in_days(7));
    school.places = Some(12);
    post(conn, "slovenian_course", school, by)?;

    // Applications: Farid applied to the forklift job and was shortlisted;
    // Aliona applied to the forklift course; Mariam to the traineeship.
    let id_of = |key: &str| {
        made.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, id)| id.clone())
            .ok_or_else(|| ApiError::internal("demo opportunity missing"))
    };
    let person = |i: usize| {
        people
            .get(i)
            .cloned()
            .ok_or_else(|| ApiError::internal("demo person missing"))
    };
    let plan: [(&str, usize, &str, &str); 3] = [
        (
            "forklift_job",
            2,
            "Imam izpit za viličarja in dve leti izkušenj v skladišču v Kabulu.",
            "shortlisted",
        ),
        (
            "forklift_course",
            10,
            "V skladišču delam že leto dni, viličarja pa še ne smem voziti.",
            "applied",
        ),
        (
            "coop_traineeship",
            4,
            "Rada delam z ljudmi in govorim štiri jezike.",
            "applied",
        ),
    ];
    for (key, who, note, state) in plan {
        apply(conn, org, &id_of(key)?, &person(who)?, note, state, partner)?;
    }

    // Earlier cohorts' outcomes, for the statistics: six people finished
    // the Slovenian course in the spring, two worked last year's harvest
    // (a small cell, which the statistics hide).
    let spring = NaiveDate::from_ymd_opt(today.year(), 3, 2).unwrap_or(today);
    let harvest = NaiveDate::from_ymd_opt(today.year(), 7, 1).unwrap_or(today);
    let finished: [(&str, usize, OutcomeKind, NaiveDate, i64); 8] = [
        ("slovenian_course", 1, OutcomeKind::Training, spring, 84),
        ("slovenian_course", 3, OutcomeKind::Training, spring, 84),
        ("slovenian_course", 4, OutcomeKind::Training, spring, 84),
        ("slovenian_course", 5, OutcomeKind::Training, spring, 84),
        ("slovenian_course", 6, OutcomeKind::Training, spring, 84),
        ("slovenian_course", 7, OutcomeKind::Training, spring, 84),
        ("farm_job", 8, OutcomeKind::FixedTerm, harvest, 92),
        ("farm_job", 9, OutcomeKind::FixedTerm, harvest, 92),
    ];
    for (key, who, kind, starts_on, days) in finished {
        let (id, now) = outcomes::model::stamp();
        let opportunity = id_of(key)?;
        let participant = person(who)?;
        let programme = if key == "farm_job" {
            OpportunityKind::Job
        } else {
            OpportunityKind::Course
        };
        outcomes::model::insert(
            conn,
            outcomes::model::NewOutcome {
                id: id.clone(),
                organization_id: org,
                application_id: None,
                opportunity_id: Some(&opportunity),
                participant_id: Some(&participant),
                programme: programme.as_str(),
                kind: kind.as_str(),
                starts_on,
                ends_on: Some(starts_on + Duration::days(days)),
                recorded_by: Some(by),
                created_at: now,
                updated_at: now,
            },
        )?;
        system_event(conn, org, "create", "outcome", &id)?;
    }
    Ok(())
}

/// Inserts an application the person made, with its history (applied,
/// then shortlisted by the partner when `state` says so).
fn apply(
    conn: &mut DbConnection,
    org: &str,
    opportunity: &str,
    participant: &str,
    note: &str,
    state: &str,
    partner: &str,
) -> Result<(), ApiError> {
    let id = ids::new_id();
    let now = ids::now();
    let applied_at = now - Duration::days(3);
    diesel::insert_into(applications::table)
        .values((
            applications::id.eq(&id),
            applications::organization_id.eq(org),
            applications::opportunity_id.eq(opportunity),
            applications::participant_id.eq(participant),
            applications::state.eq(state),
            applications::cover_note.eq(note),
            applications::created_at.eq(applied_at),
            applications::updated_at.eq(now),
            applications::version.eq(if state == "applied" { 1 } else { 2 }),
        ))
        .execute(conn)?;
    let mut events = vec![(None, "applied", None, "participant", applied_at)];
    if state != "applied" {
        events.push((Some("applied"), state, Some(partner), "partner", now));
    }
    for (from, to, by, role, at) in events {
        diesel::insert_into(application_events::table)
            .values((
                application_events::id.eq(ids::new_id()),
                application_events::application_id.eq(&id),
                application_events::from_state.eq(from),
                application_events::to_state.eq(to),
                application_events::by_user_id.eq(by),
                application_events::by_role.eq(role),
                application_events::at.eq(at),
            ))
            .execute(conn)?;
    }
    system_event(conn, org, "create", "application", &id)
}
