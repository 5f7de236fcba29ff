//! The demo's meetings, after the Ljubljana pilot: the advising venue with
//! its Tue/Thu/Sat office hours from 15 May to 15 July, two co-creation
//! meetings (one held, with attendance, feedback and minutes; one coming
//! and full, with a waiting list), the monthly migrant panel, and a photo
//! shoot for the market.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

use super::system_event;
use crate::auth::{Actor, Principal};
use crate::codes::{BookingMode, BookingTopic, MeetingAudience, MeetingKind, MeetingStatus};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::meetings::bookings::model as bookings;
use crate::meetings::json::{MeetingFields, Texts};
use crate::meetings::model::{self, MeetingValues};
use crate::meetings::series::json::{CreateSeriesRequest, Day, Frequency, RepeatPattern};
use crate::meetings::venues::json::VenueFields;
use crate::meetings::{attendance, feedback, minutes, registrations, series, venues};
use crate::policy::Role;

fn texts(pairs: &[(&str, &str)]) -> Texts {
    pairs
        .iter()
        .map(|(l, t)| (l.to_string(), t.to_string()))
        .collect()
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> Result<NaiveDateTime, ApiError> {
    day.and_hms_opt(hour, minute, 0)
        .ok_or_else(|| ApiError::internal("a demo time"))
}

fn fields(kind: MeetingKind, title: Texts, start: NaiveDateTime, hours: i64) -> MeetingFields {
    MeetingFields {
        kind,
        title,
        description: Texts::new(),
        venue_id: None,
        online_url: None,
        phone_line: None,
        start_local: start,
        end_local: start + Duration::hours(hours),
        time_zone: None,
        capacity: None,
        audience: MeetingAudience::Participants,
        languages: vec!["sl".into(), "en".into(), "ar".into()],
        interpretation: vec![],
        childcare: false,
        slot_minutes: None,
        slot_capacity: None,
        slot_modes: vec![],
        organiser_ids: vec![],
        facilitator_ids: vec![],
    }
}

/// The first Monday after `day`.
fn next_monday(day: NaiveDate) -> NaiveDate {
    let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
    day + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}

/// Seeds the meetings. `people` are the demo participants (the first is
/// the demo participant's own record). Returns the market's last held
/// photo shoot and the advising venue (where market orders are picked up).
pub(super) fn seed(
    conn: &mut DbConnection,
    org: &str,
    people: &[String],
) -> Result<(String, String), ApiError> {
    let user = |conn: &mut DbConnection, email: &str| -> Result<String, ApiError> {
        crate::accounts::find_user_by_email(conn, email)?
            .map(|u| u.id)
            .ok_or_else(|| ApiError::internal("demo account missing"))
    };
    let coordinator = user(conn, "coordinator@demo.skupaj.org")?;
    let adviser = user(conn, "adviser@demo.skupaj.org")?;
    let zone = chrono_tz::Europe::Ljubljana;
    let today = model::utc_to_local(ids::now(), zone).date();

    let venue = venues::model::insert(
        conn,
        org,
        &VenueFields {
            name: "Advising venue".into(),
            address: Some("Vida Pregarčeva 11, 1000 Ljubljana".into()),
            capacity: Some(15),
            accessibility: Some(
                "Ground floor, step-free entrance from the courtyard; accessible toilet.".into(),
            ),
            childcare: true,
            languages: vec!["sl".into(), "en".into(), "ar".into(), "fa".into(), "uk".into()],
            map_url: Some("https://www.openstreetmap.org/search?query=Vida%20Pregar%C4%8Deva%2011%2C%20Ljubljana".into()),
            time_zone: None,
            archived: false,
        },
        zone.name(),
    )?;
    system_event(conn, org, "create", "venue", &venue)?;
    let hall = venues::model::insert(
        conn,
        org,
        &VenueFields {
            name: "Community hall".into(),
            address: Some("Metelkova ulica 6, 1000 Ljubljana".into()),
            capacity: Some(40),
            accessibility: Some("First floor, lift from the street entrance.".into()),
            childcare: false,
            languages: vec!["sl".into(), "en".into()],
            map_url: None,
            time_zone: None,
            archived: false,
        },
        zone.name(),
    )?;
    system_event(conn, org, "create", "venue", &hall)?;

    let coordinator_actor = Actor {
        principal: Principal::User {
            user_id: coordinator.clone(),
        },
        organization_id: org.to_string(),
        role: Role::Coordinator,
        request_id: None,
    };

    // Office hours Tue/Thu/Sat 16:00–19:00 from 15 May to 15 July (the
    // coming season), 20-minute slots, three people each, in person or by phone.
    let year = if today < NaiveDate::from_ymd_opt(today.year(), 5, 15).unwrap_or(today) {
        today.year()
    } else {
        today.year() + 1
    };
    let first = NaiveDate::from_ymd_opt(year, 5, 15).ok_or_else(|| ApiError::internal("a date"))?;
    let mut office = fields(
        MeetingKind::OfficeHours,
        texts(&[
            ("en", "Advising office hours: jobs, CVs, papers"),
            ("sl", "Svetovalne ure: delo, življenjepisi, dokumenti"),
            ("ar", "ساعات الاستشارة: العمل والسيرة الذاتية والأوراق"),
            ("uk", "Консультації: робота, резюме, документи"),
            ("fa", "ساعات مشاوره: کار، رزومه، مدارک"),
        ]),
        at(first, 16, 0)?,
        3,
    );
    office.venue_id = Some(venue.clone());
    office.phone_line = Some("+386 1 234 56 78".into());
    office.slot_minutes = Some(20);
    office.slot_capacity = Some(3);
    office.slot_modes = vec![BookingMode::InPerson, BookingMode::Phone];
    office.organiser_ids = vec![coordinator.clone()];
    office.facilitator_ids = vec![adviser.clone()];
    office.languages = vec!["sl".into(), "en".into(), "ar".into(), "fa".into()];
    office.description = texts(&[
        ("en", "Advisers, some of whom came here as refugees themselves, help with job search, CVs, translation and paperwork. Book a 20-minute slot, in person or by phone."),
        ("sl", "Svetovalci, nekateri so tudi sami prišli kot begunci, pomagajo pri iskanju zaposlitve, življenjepisih, prevodih in dokumentih. Rezervirajte 20-minutni termin, osebno ali po telefonu."),
        ("ar", "يساعد المستشارون، وبعضهم جاء لاجئًا أيضًا، في البحث عن عمل والسيرة الذاتية والترجمة والأوراق. احجز موعدًا مدته 20 دقيقة، حضوريًا أو عبر الهاتف."),
    ]);
    let series_id = series::change::create(
        conn,
        &coordinator_actor,
        &CreateSeriesRequest {
            meeting: office,
            rrule: None,
            pattern: Some(RepeatPattern {
                freq: Frequency::Weekly,
                interval: None,
                weekdays: vec![Day::Tu, Day::Th, Day::Sa],
                nth: None,
                until: NaiveDate::from_ymd_opt(year, 7, 15),
                count: None,
            }),
            exdates: vec![],
        },
        zone,
    )?;
    system_event(conn, org, "create", "meeting_series", &series_id)?;
    // Bookings at the first office hours (the demo participant's own slot
    // is left for them to book).
    let first_office = series::model::live_rows(conn, &series_id)?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("office hours without meetings"))?;
    let topics = [
        BookingTopic::Cv,
        BookingTopic::JobSearch,
        BookingTopic::Translation,
        BookingTopic::Housing,
    ];
    for (i, pid) in people.iter().skip(1).take(4).enumerate() {
        bookings::lock_meeting(conn, &first_office.id)?;
        bookings::insert(
            conn,
            &bookings::NewRow {
                organization_id: org,
                meeting_id: &first_office.id,
                participant_id: pid,
                slot_start: first_office.starts_at + Duration::minutes(20 * i as i64),
                mode: if i % 2 == 0 {
                    BookingMode::InPerson
                } else {
                    BookingMode::Phone
                },
                topic: topics[i % topics.len()],
                note: None,
                walk_in: false,
                booked_by: Some(&adviser),
            },
        )?;
    }

    // A co-creation meeting held a week ago: attendance, guests,
    // feedback (the demo participant came but has not rated it yet),
    // minutes with action items.
    let held_day = today - Duration::days(7);
    let mut held = fields(
        MeetingKind::CoCreation,
        texts(&[
            (
                "en",
                "Co-creation meeting: what should the craft market sell?",
            ),
            (
                "sl",
                "Sooblikovalno srečanje: kaj naj prodaja tržnica rokodelstva?",
            ),
            ("ar", "اجتماع إبداع مشترك: ماذا يجب أن يبيع سوق الحرف؟"),
        ]),
        at(held_day, 17, 0)?,
        2,
    );
    held.venue_id = Some(hall.clone());
    held.capacity = Some(12);
    held.interpretation = vec!["ar".into(), "fa".into()];
    held.childcare = true;
    held.organiser_ids = vec![coordinator.clone()];
    let held_id = plan(conn, org, &held, &coordinator)?;
    let came: Vec<&String> = people.iter().take(6).collect();
    for pid in &came {
        registrations::model::lock_meeting(conn, org, &held_id)?;
        let m = model::row(conn, org, &held_id)?;
        registrations::model::place(conn, &m, pid, None, Some(&coordinator))?;
    }
    for pid in came.iter().take(5) {
        attendance::model::tick(
            conn,
            org,
            &held_id,
            MeetingStatus::Planned,
            pid,
            true,
            Some(&coordinator),
        )?;
    }
    use crate::codes::{Gender, InterviewAgeBand};
    for (gender, age_band) in [
        (Gender::Female, InterviewAgeBand::From26To35),
        (Gender::Male, InterviewAgeBand::From18To25),
    ] {
        attendance::model::insert_guest(
            conn,
            &held_id,
            &attendance::json::NewGuest {
                gender: Some(gender),
                age_band: Some(age_band),
            },
        )?;
    }
    attendance::model::close(conn, &held_id)?;
    let ratings = [
        (9, Some("Finally someone asked us.")),
        (7, None),
        (8, Some("شكرًا على الترجمة")),
        (10, None),
    ];
    for (pid, (rating, comment)) in came.iter().skip(1).zip(ratings) {
        feedback::model::save(
            conn,
            org,
            &held_id,
            pid,
            &feedback::model::Rating {
                rating,
                comment: comment.map(str::to_string),
                comment_language: comment
                    .map(|c| if c.is_ascii() { "en" } else { "ar" }.to_string()),
            },
        )?;
    }
    minutes::model::save(
        conn,
        &held_id,
        "## What we heard\n\n- Embroidery, wooden toys and spices sell best at the Saturday market.\n- Sellers need **photos** and a short story of each piece.\n- Prices in euros, with delivery in Ljubljana.\n\nInterpretation into Arabic and Farsi worked well; childcare was used by three families.",
        &[
            "Open the market with ten sellers in spring".to_string(),
            "Hold a photo shoot before the first listings".to_string(),
        ],
        None,
        &coordinator,
    )?;
    for (title, owner_user, owner_participant, days) in [
        (
            "Book the photographer for the photo shoot",
            Some(coordinator.clone()),
            None,
            10,
        ),
        (
            "Bring three pieces and their story to the photo shoot",
            None,
            Some(people[0].clone()),
            20,
        ),
    ] {
        minutes::model::insert_item(
            conn,
            org,
            &held_id,
            &minutes::json::ActionItemInput {
                title: title.into(),
                owner_user_id: owner_user,
                owner_participant_id: owner_participant,
                due_on: Some(today + Duration::days(days)),
                state: None,
            },
            &coordinator,
        )?;
    }

    // The next co-creation meeting, in ten days: full, two people waiting.
    let next_day = today + Duration::days(10);
    let mut next = fields(
        MeetingKind::CoCreation,
        texts(&[
            (
                "en",
                "Co-creation meeting: prices, delivery and the first sellers",
            ),
            (
                "sl",
                "Sooblikovalno srečanje: cene, dostava in prvi prodajalci",
            ),
            ("ar", "اجتماع إبداع مشترك: الأسعار والتوصيل وأول البائعين"),
        ]),
        at(next_day, 17, 0)?,
        2,
    );
    next.venue_id = Some(hall.clone());
    next.capacity = Some(8);
    next.interpretation = vec!["ar".into()];
    next.organiser_ids = vec![coordinator.clone()];
    next.facilitator_ids = vec![adviser.clone()];
    let next_id = plan(conn, org, &next, &coordinator)?;
    for pid in people.iter().skip(1).take(10) {
        registrations::model::lock_meeting(conn, org, &next_id)?;
        let m = model::row(conn, org, &next_id)?;
        registrations::model::place(conn, &m, pid, None, Some(&coordinator))?;
    }

    // The migrant panel: the first Monday of every month, a year of it.
    let mut panel = fields(
        MeetingKind::Panel,
        texts(&[
            ("en", "Migrant panel"),
            ("sl", "Panel migrantov"),
            ("ar", "لجنة المهاجرين"),
            ("uk", "Панель мігрантів"),
            ("fa", "پنل مهاجران"),
        ]),
        at(next_monday(today), 18, 0)?,
        2,
    );
    panel.venue_id = Some(hall.clone());
    panel.online_url = Some("https://meet.jit.si/skupaj-migrant-panel".into());
    panel.organiser_ids = vec![coordinator.clone()];
    let panel_series = series::change::create(
        conn,
        &coordinator_actor,
        &CreateSeriesRequest {
            meeting: panel,
            rrule: None,
            pattern: Some(RepeatPattern {
                freq: Frequency::Monthly,
                interval: None,
                weekdays: vec![Day::Mo],
                nth: Some(1),
                until: None,
                count: Some(12),
            }),
            exdates: vec![],
        },
        zone,
    )?;
    system_event(conn, org, "create", "meeting_series", &panel_series)?;

    // A photo shoot for the market, public, in three weeks.
    let mut shoot = fields(
        MeetingKind::PhotoShoot,
        texts(&[
            ("en", "Photo shoot for the Refuge Online Market"),
            ("sl", "Fotografiranje za spletno tržnico Refuge"),
            ("ar", "جلسة تصوير لسوق اللاجئين على الإنترنت"),
        ]),
        at(
            today
                + Duration::days(21)
                + Duration::days(i64::from(Weekday::Sat.num_days_from_monday())),
            10,
            0,
        )?,
        3,
    );
    shoot.venue_id = Some(hall.clone());
    shoot.capacity = Some(6);
    shoot.audience = MeetingAudience::Public;
    shoot.organiser_ids = vec![coordinator.clone()];
    shoot.description = texts(&[(
        "en",
        "Bring two or three pieces you make. A volunteer photographer takes pictures for your listings; we write each piece's story together.",
    )]);
    plan(conn, org, &shoot, &coordinator)?;
    let shoot = market_meetings(conn, org, &hall, &coordinator, today)?;
    Ok((shoot, venue))
}

/// The market's meetings already held, as in the pilot: two to form the
/// pool of sellers and two photo shoots (the third is the one coming).
/// Returns the last shoot.
fn market_meetings(
    conn: &mut DbConnection,
    org: &str,
    hall: &str,
    coordinator: &str,
    today: NaiveDate,
) -> Result<String, ApiError> {
    let mut last_shoot = String::new();
    type Held<'a> = (MeetingKind, i64, &'a [(&'a str, &'a str)]);
    let held: [Held; 4] = [
        (
            MeetingKind::SellerPool,
            -70,
            &[
                ("en", "Sellers' pool: who makes what"),
                ("sl", "Prodajalci: kdo kaj izdeluje"),
                ("ar", "مجموعة البائعين: من يصنع ماذا"),
            ],
        ),
        (
            MeetingKind::SellerPool,
            -56,
            &[
                ("en", "Sellers' pool: prices, payment and pickup"),
                ("sl", "Prodajalci: cene, plačilo in prevzem"),
                ("ar", "مجموعة البائعين: الأسعار والدفع والاستلام"),
            ],
        ),
        (
            MeetingKind::PhotoShoot,
            -42,
            &[
                ("en", "First photo shoot for the market"),
                ("sl", "Prvo fotografiranje za tržnico"),
                ("ar", "جلسة التصوير الأولى للسوق"),
            ],
        ),
        (
            MeetingKind::PhotoShoot,
            -28,
            &[
                ("en", "Second photo shoot for the market"),
                ("sl", "Drugo fotografiranje za tržnico"),
                ("ar", "جلسة التصوير الثانية للسوق"),
            ],
        ),
    ];
    for (kind, days, title) in held {
        let mut f = fields(
            kind,
            texts(title),
            at(today + Duration::days(days), 17, 0)?,
            2,
        );
        f.venue_id = Some(hall.to_string());
        f.organiser_ids = vec![coordinator.to_string()];
        let id = plan(conn, org, &f, coordinator)?;
        attendance::model::close(conn, &id)?;
        if kind == MeetingKind::PhotoShoot {
            last_shoot = id;
        }
    }
    Ok(last_shoot)
}

/// Plans one meeting as the coordinator would; returns its id.
fn plan(
    conn: &mut DbConnection,
    org: &str,
    f: &MeetingFields,
    by: &str,
) -> Result<String, ApiError> {
    let values = MeetingValues::of(f, chrono_tz::Europe::Ljubljana)?;
    let id = model::insert(conn, org, &values, None, &model::staff_of(f), Some(by))?;
    system_event(conn, org, "create", "meeting", &id)?;
    Ok(id)
}
