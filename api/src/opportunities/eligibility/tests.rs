use chrono::NaiveDate;

use super::*;
use crate::codes::{LegalStatus as S, WorkPermit as P};
use OpportunityKind as K;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

fn today() -> NaiveDate {
    day(2026, 12, 1)
}

fn person(status: Option<S>, permit: Option<P>, months: Option<u32>) -> Circumstances {
    Circumstances {
        legal_status: status,
        work_permit: permit,
        permit_from: None,
        months_since_application: months,
    }
}

fn si(p: &Circumstances, kind: OpportunityKind) -> Verdict<'static> {
    check("SI", p, kind, today())
}

fn rule_id<'r>(v: &Verdict<'r>) -> &'r str {
    v.rule().map(|r| r.id.as_str()).unwrap_or("")
}

const WORK: &[OpportunityKind] = &[K::Job, K::Internship, K::Traineeship, K::Apprenticeship];

#[test]
fn the_slovenian_rules_parse_and_every_rule_carries_its_sources() {
    let rules = rules("SI");
    assert_eq!(rules.country, "SI");
    let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.rules.len(), "rule ids are unique");
    for rule in &rules.rules {
        assert!(!rule.kinds.is_empty(), "{}", rule.id);
        assert!(!rule.sources.is_empty(), "{} has no source", rule.id);
        for s in &rule.sources {
            assert!(!s.act.is_empty() && !s.article.is_empty(), "{}", rule.id);
            assert!(s.url.starts_with("https://"), "{}: {}", rule.id, s.url);
            assert!(s.checked <= today(), "{}", rule.id);
        }
        if !rule.verified {
            assert!(
                rule.note.is_some(),
                "{} is unverified without a note",
                rule.id
            );
        }
    }
}

#[test]
fn every_status_and_kind_has_a_slovenian_rule() {
    let rules = rules("SI");
    for &status in S::ALL {
        for &kind in K::ALL {
            assert!(
                rules.rule_for(Some(status), kind).is_some(),
                "{status:?} {kind:?}"
            );
        }
    }
}

#[test]
fn unknown_countries_get_slovenias_rules_and_codes_ignore_case() {
    assert_eq!(rules("si").country, "SI");
    assert_eq!(rules("XX").country, "SI");
    assert_eq!(rules("").country, DEFAULT_COUNTRY);
}

#[test]
fn an_asylum_seeker_may_take_a_job_three_months_after_applying() {
    let expected = [
        (0, Some(Reason::TooEarly { months_left: 3 })),
        (1, Some(Reason::TooEarly { months_left: 2 })),
        (2, Some(Reason::TooEarly { months_left: 1 })),
        (3, None),
        (9, None),
    ];
    for (months, reason) in expected {
        for &kind in WORK {
            let v = si(
                &person(Some(S::AsylumSeeker), Some(P::None), Some(months)),
                kind,
            );
            assert_eq!(v.reason(), reason.as_ref(), "{months} months, {kind:?}");
            assert_eq!(rule_id(&v), "si.asylum_seeker.work");
        }
    }
}

#[test]
fn an_asylum_seeker_without_recorded_months_is_not_ranked_unless_a_permit_is_recorded() {
    let v = si(
        &person(Some(S::AsylumSeeker), Some(P::Unknown), None),
        K::Job,
    );
    assert_eq!(v.reason(), Some(&Reason::MonthsUnknown));
    // The ministry's certificate, recorded as a permit, counts before the months do.
    let v = si(
        &person(Some(S::AsylumSeeker), Some(P::Granted), Some(1)),
        K::Job,
    );
    assert!(v.is_eligible());
    let v = si(
        &person(Some(S::AsylumSeeker), Some(P::NotRequired), None),
        K::Job,
    );
    assert!(v.is_eligible());
}

#[test]
fn any_status_may_take_a_course_volunteering_a_workshop_or_mentoring() {
    let mut statuses: Vec<Option<S>> = S::ALL.iter().copied().map(Some).collect();
    statuses.push(None);
    for status in statuses {
        for permit in [Some(P::None), Some(P::Unknown), None] {
            let p = person(status, permit, Some(0));
            for kind in [K::Course, K::Workshop, K::MentoringProgramme] {
                let v = si(&p, kind);
                assert!(v.is_eligible(), "{status:?} {kind:?}");
                assert_eq!(rule_id(&v), "si.any.learning");
            }
            let v = si(&p, K::Volunteering);
            assert!(v.is_eligible(), "{status:?} volunteering");
            assert_eq!(rule_id(&v), "si.any.volunteering");
        }
    }
}

#[test]
fn refugees_subsidiary_and_temporary_protection_have_free_access() {
    for (status, rule) in [
        (S::InternationalProtection, "si.protection.work"),
        (S::SubsidiaryProtection, "si.protection.work"),
        (S::TemporaryProtection, "si.temporary_protection.work"),
    ] {
        for permit in [Some(P::None), Some(P::Unknown), Some(P::Pending), None] {
            for &kind in WORK {
                let v = si(&person(Some(status), permit, None), kind);
                assert!(v.is_eligible(), "{status:?} {permit:?} {kind:?}");
                assert_eq!(rule_id(&v), rule);
            }
        }
    }
}

#[test]
fn others_need_a_work_permit() {
    let expected = [
        (Some(P::Granted), None),
        (Some(P::NotRequired), None),
        (Some(P::Pending), Some(Reason::WorkPermitRequired)),
        (Some(P::None), Some(Reason::WorkPermitRequired)),
        (Some(P::Unknown), Some(Reason::WorkPermitUnknown)),
        (None, Some(Reason::WorkPermitUnknown)),
    ];
    for status in [S::LabourMigrant, S::NoStatus, S::Other, S::Student] {
        for (permit, reason) in &expected {
            let v = si(&person(Some(status), *permit, Some(24)), K::Job);
            assert_eq!(v.reason(), reason.as_ref(), "{status:?} {permit:?}");
        }
    }
}

#[test]
fn a_permit_from_a_date_counts_from_that_day() {
    let mut p = person(Some(S::LabourMigrant), Some(P::FromDate), None);
    p.permit_from = Some(day(2027, 1, 15));
    let v = si(&p, K::Job);
    assert_eq!(
        v.reason(),
        Some(&Reason::WorkPermitNotYetValid {
            from: day(2027, 1, 15)
        })
    );
    assert_eq!(rule_id(&v), "si.others.work");
    p.permit_from = Some(today());
    assert!(si(&p, K::Job).is_eligible());
    p.permit_from = Some(day(2026, 3, 1));
    assert!(si(&p, K::Internship).is_eligible());
    p.permit_from = None;
    assert_eq!(si(&p, K::Job).reason(), Some(&Reason::WorkPermitUnknown));
}

#[test]
fn an_asylum_seeker_with_a_future_permit_waits_for_the_months() {
    let mut p = person(Some(S::AsylumSeeker), Some(P::FromDate), Some(1));
    p.permit_from = Some(day(2027, 1, 15));
    assert_eq!(
        si(&p, K::Job).reason(),
        Some(&Reason::TooEarly { months_left: 2 })
    );
}

#[test]
fn without_a_status_only_any_status_rules_apply() {
    let v = si(&person(None, Some(P::Granted), None), K::Job);
    assert_eq!(
        v,
        Verdict::NotEligible {
            reason: Reason::StatusUnknown,
            rule: None
        }
    );
}

#[test]
fn never_rules_and_missing_rules_refuse_the_status() {
    let rules = CountryRules::parse(
        r#"{"country": "ZZ", "rules": [{
            "id": "zz.seekers", "statuses": ["asylum_seeker"], "kinds": ["job"],
            "condition": {"type": "never"}, "verified": false, "note": "test",
            "sources": [{"act": "Test Act", "article": "1", "url": "https://example.org", "checked": "2026-12-01"}]
        }]}"#,
    )
    .expect("test rules parse");
    let p = person(Some(S::AsylumSeeker), Some(P::Granted), Some(40));
    let v = check_with(&rules, &p, K::Job, today());
    assert_eq!(v.reason(), Some(&Reason::StatusNotAllowed));
    assert_eq!(rule_id(&v), "zz.seekers");
    let v = check_with(&rules, &p, K::Course, today());
    assert_eq!(
        v,
        Verdict::NotEligible {
            reason: Reason::StatusNotAllowed,
            rule: None
        }
    );
}

#[test]
fn rules_with_unknown_fields_or_codes_are_rejected() {
    let bad_status = r#"{"country": "ZZ", "rules": [{"id": "x", "statuses": ["refugee"], "kinds": ["job"],
        "condition": {"type": "always"}, "sources": [], "verified": true}]}"#;
    assert!(CountryRules::parse(bad_status).is_err());
    let bad_field = r#"{"country": "ZZ", "rules": [], "extra": 1}"#;
    assert!(CountryRules::parse(bad_field).is_err());
}

#[test]
fn a_verdict_serialises_with_its_reason_code_and_sources() {
    let v = si(
        &person(Some(S::AsylumSeeker), Some(P::None), Some(1)),
        K::Job,
    );
    let json = serde_json::to_value(&v).expect("serialises");
    assert_eq!(json["verdict"], "not_eligible");
    assert_eq!(json["reason"]["code"], "too_early");
    assert_eq!(json["reason"]["months_left"], 2);
    assert_eq!(json["rule"]["id"], "si.asylum_seeker.work");
    assert_eq!(json["rule"]["condition"]["months"], 3);
    assert_eq!(json["rule"]["sources"][0]["article"], "87(1)");
    assert_eq!(v.reason().map(Reason::code), Some("too_early"));
    let v = si(&person(None, None, None), K::Course);
    let json = serde_json::to_value(&v).expect("serialises");
    assert_eq!(json["verdict"], "eligible");
    assert_eq!(json["rule"]["statuses"], "any");
}
