//! The demo participants' skills, from the starter taxonomy.

use chrono::Duration;

use crate::codes::{SkillAcquired, SkillEvidence, SkillLevel};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::ids;
use crate::skills::json::{Certificate, SkillInput};
use crate::skills::model::{self, participant_skills};

/// Skills for some demo participants, from the starter taxonomy.
///
/// `index` is the participant's place in the demo's table of people.
pub(super) fn seed(
    conn: &mut DbConnection,
    participant: &str,
    index: usize,
) -> Result<(), ApiError> {
    let next_year = ids::now().date() + Duration::days(365);
    let skills: &[(&str, SkillLevel, SkillEvidence, Option<&str>)] = match index {
        0 => &[
            (
                "dressmaking",
                SkillLevel::Expert,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "use manual sewing techniques",
                SkillLevel::Advanced,
                SkillEvidence::Interview,
                None,
            ),
            // A year in a textile warehouse: the forklift job's gap is the forklift.
            (
                "lift heavy weights",
                SkillLevel::Intermediate,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "pick orders for dispatching",
                SkillLevel::Basic,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        1 => &[
            (
                "teach languages",
                SkillLevel::Advanced,
                SkillEvidence::RecognisedQualification,
                None,
            ),
            (
                "translate texts",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        2 => &[
            (
                "operate forklift",
                SkillLevel::Intermediate,
                SkillEvidence::Certificate,
                Some("Forklift operator licence"),
            ),
            (
                "pick orders for dispatching",
                SkillLevel::Basic,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "lift heavy weights",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "use barcode scanning equipment",
                SkillLevel::Intermediate,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        3 => &[(
            "use cooking techniques",
            SkillLevel::Advanced,
            SkillEvidence::SelfDeclared,
            None,
        )],
        4 => &[(
            "interpret spoken language between two parties",
            SkillLevel::Advanced,
            SkillEvidence::Interview,
            None,
        )],
        6 => &[
            (
                "create jewellery",
                SkillLevel::Expert,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "embroider fabrics",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        7 => &[
            (
                "driving licence category C",
                SkillLevel::Advanced,
                SkillEvidence::Certificate,
                Some("Driving licence C"),
            ),
            (
                "manoeuvre heavy trucks",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        9 => &[
            (
                "apply basic programming skills",
                SkillLevel::Intermediate,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "provide ICT support",
                SkillLevel::Intermediate,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        // Warehouse work without the forklift: the forklift course closes the gap.
        10 => &[
            (
                "lift heavy weights",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "pick orders for dispatching",
                SkillLevel::Advanced,
                SkillEvidence::Interview,
                None,
            ),
            (
                "use barcode scanning equipment",
                SkillLevel::Intermediate,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        // A forklift driver without a work permit: not eligible for the job.
        11 => &[
            (
                "operate forklift",
                SkillLevel::Expert,
                SkillEvidence::SelfDeclared,
                None,
            ),
            (
                "lift heavy weights",
                SkillLevel::Advanced,
                SkillEvidence::SelfDeclared,
                None,
            ),
        ],
        _ => &[],
    };
    for (label, level, evidence, certificate) in skills {
        let Some(uri) = model::uri_by_label(conn, label)? else {
            continue;
        };
        let input = SkillInput {
            skill_uri: uri,
            level: *level,
            years: None,
            acquired: Some(SkillAcquired::OriginCountry),
            evidence: *evidence,
            certificate: certificate.map(|name| Certificate {
                name: name.to_string(),
                issuer: None,
                issued: None,
                expires: Some(next_year),
            }),
            last_confirmed: None,
        };
        participant_skills::insert(conn, participant, &input)?;
    }
    Ok(())
}
