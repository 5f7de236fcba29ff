//! Who may do what: the whole role × action × resource matrix in one place.
//!
//! Every handler calls [`crate::auth::Actor::require`] with an action and a
//! resource before it touches data; nothing else grants access. Records are
//! additionally scoped to the actor's organisation by the queries (another
//! organisation's record answers 404, as if it did not exist).
//!
//! API keys act as `analyst`, plus whatever their scopes add.
//! The README's "Who may do what" table is generated from [`MATRIX`]
//! (`tests/api/policy.rs` fails when it is out of date).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member's role in one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the organisation's account: members, API keys, audit.
    Admin,
    /// NGO staff running a programme.
    Coordinator,
    /// Interviews and advises participants.
    Adviser,
    /// Follows their mentees.
    Mentor,
    /// A refugee, asylum seeker or migrant with their own profile.
    Participant,
    /// An employer, co-working space or training provider.
    Partner,
    /// Reads aggregated or pseudonymised data.
    Analyst,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Coordinator,
        Role::Adviser,
        Role::Mentor,
        Role::Participant,
        Role::Partner,
        Role::Analyst,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Adviser => "adviser",
            Role::Mentor => "mentor",
            Role::Participant => "participant",
            Role::Partner => "partner",
            Role::Analyst => "analyst",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What an actor wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    List,
    Read,
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }
}

/// What it wants to do it to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// Memberships: who belongs to the organisation, with which role.
    Member,
    /// Invitations to join, and password-reset links.
    Invitation,
    /// API keys for integrations.
    ApiKey,
    /// The audit log.
    Audit,
    /// Participants (what of them a role sees is decided by their view, see participants.rs).
    Participant,
    /// A participant's consent records.
    Consent,
    /// Everything held on a person: export (read) and erasure (delete).
    PersonalData,
    /// Questionnaire templates for interviews.
    InterviewTemplate,
    /// Interviews and their answers (advisers see the ones they conduct or planned).
    Interview,
    /// Aggregated interview tables and raw answers (pseudonymised, small cells suppressed, for analysts and API keys).
    InterviewAnalysis,
    /// Places where meetings happen.
    Venue,
    /// Meetings and recurring series (participants see the ones open to them).
    Meeting,
    /// Registrations, invitations and the waiting list (participants only their own).
    Registration,
    /// Office-hours bookings (participants only their own).
    Booking,
    /// Check-in at the door, walk-ins and no-shows.
    Attendance,
    /// Ratings 1–10 after a meeting: participants give their own; organisers read counts and means, never who rated.
    Feedback,
    /// Minutes, decisions and action items.
    Minutes,
    /// Market sellers (participants see and change only their own; payout details only they and coordinators see).
    Seller,
    /// Market listings beyond the public catalogue: drafts, stock, approval (sellers only their own).
    Listing,
    /// Market orders (sellers see the ones with their items; buyers follow theirs by a secret link).
    Order,
    /// The market's settings: the account buyers pay into, the commission, approval before publishing.
    MarketSettings,
    /// Sales reports: the monthly CSV for coordinators, aggregates through disclosure control for analysts and API keys.
    MarketReport,
    /// Jobs, internships, courses and the rest: partners post and see their own; participants see the open ones.
    Opportunity,
    /// Applications and proposals (partners see only applicants who consented to `partner_sharing`).
    Application,
    /// An application's message thread (text only, with read receipts).
    ApplicationMessage,
    /// Outcomes: hired, or a course completed, with dates.
    Outcome,
    /// Outcome counts and rates per programme and period (through disclosure control for analysts and API keys).
    OutcomeReport,
    /// Matches with their explanations: people for an opportunity, opportunities for a person.
    Match,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Member => "member",
            Resource::Invitation => "invitation",
            Resource::ApiKey => "api_key",
            Resource::Audit => "audit",
            Resource::Participant => "participant",
            Resource::Consent => "consent",
            Resource::PersonalData => "personal_data",
            Resource::InterviewTemplate => "interview_template",
            Resource::Interview => "interview",
            Resource::InterviewAnalysis => "interview_analysis",
            Resource::Venue => "venue",
            Resource::Meeting => "meeting",
            Resource::Registration => "registration",
            Resource::Booking => "booking",
            Resource::Attendance => "attendance",
            Resource::Feedback => "feedback",
            Resource::Minutes => "minutes",
            Resource::Seller => "seller",
            Resource::Listing => "listing",
            Resource::Order => "order",
            Resource::MarketSettings => "market_settings",
            Resource::MarketReport => "market_report",
            Resource::Opportunity => "opportunity",
            Resource::Application => "application",
            Resource::ApplicationMessage => "application_message",
            Resource::Outcome => "outcome",
            Resource::OutcomeReport => "outcome_report",
            Resource::Match => "match",
        }
    }
}

/// What an API key may do beyond the analyst role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub enum Scope {
    /// Read the audit log.
    #[serde(rename = "audit:read")]
    AuditRead,
    /// List the organisation's members.
    #[serde(rename = "members:read")]
    MembersRead,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::AuditRead, Scope::MembersRead];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::AuditRead => "audit:read",
            Scope::MembersRead => "members:read",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The permissions a scope adds.
    fn grants(self) -> &'static [(Resource, Action)] {
        match self {
            Scope::AuditRead => &[(Resource::Audit, Action::List)],
            Scope::MembersRead => &[(Resource::Member, Action::List)],
        }
    }
}

use Action::*;
use Role::*;

/// The matrix: for each resource and action, the roles allowed. What of a
/// participant each role then sees is its *view* (api/src/participants.rs).
#[rustfmt::skip]
pub const MATRIX: &[(Resource, Action, &[Role])] = &[
    (Resource::Member,       List,   &[Admin, Coordinator]),
    (Resource::Member,       Update, &[Admin]),
    (Resource::Member,       Delete, &[Admin]),
    (Resource::Invitation,   List,   &[Admin]),
    (Resource::Invitation,   Create, &[Admin]),
    (Resource::Invitation,   Delete, &[Admin]),
    (Resource::ApiKey,       List,   &[Admin]),
    (Resource::ApiKey,       Create, &[Admin]),
    (Resource::ApiKey,       Delete, &[Admin]),
    (Resource::Audit,        List,   &[Admin]),
    (Resource::Participant,  List,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner, Analyst]),
    (Resource::Participant,  Read,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner, Analyst]),
    (Resource::Participant,  Create, &[Admin, Coordinator, Adviser]),
    (Resource::Participant,  Update, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Participant,  Delete, &[Admin, Coordinator]),
    (Resource::Consent,      List,   &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Consent,      Create, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Consent,      Update, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::PersonalData, Read,   &[Admin, Coordinator, Participant]),
    (Resource::PersonalData, Delete, &[Admin, Coordinator]),
    (Resource::InterviewTemplate, List,   &[Admin, Coordinator, Adviser, Analyst]),
    (Resource::InterviewTemplate, Read,   &[Admin, Coordinator, Adviser, Analyst]),
    (Resource::InterviewTemplate, Create, &[Admin, Coordinator]),
    (Resource::InterviewTemplate, Update, &[Admin, Coordinator]),
    (Resource::Interview,    List,   &[Admin, Coordinator, Adviser]),
    (Resource::Interview,    Read,   &[Admin, Coordinator, Adviser]),
    (Resource::Interview,    Create, &[Admin, Coordinator, Adviser]),
    (Resource::Interview,    Update, &[Admin, Coordinator, Adviser]),
    (Resource::InterviewAnalysis, Read, &[Admin, Coordinator, Analyst]),
    (Resource::Venue,        List,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Venue,        Read,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Venue,        Create, &[Admin, Coordinator]),
    (Resource::Venue,        Update, &[Admin, Coordinator]),
    (Resource::Meeting,      List,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Meeting,      Read,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Meeting,      Create, &[Admin, Coordinator]),
    (Resource::Meeting,      Update, &[Admin, Coordinator]),
    (Resource::Registration, List,   &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Registration, Create, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Registration, Update, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Booking,      List,   &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Booking,      Create, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Booking,      Update, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Attendance,   List,   &[Admin, Coordinator, Adviser]),
    (Resource::Attendance,   Update, &[Admin, Coordinator, Adviser]),
    (Resource::Feedback,     Create, &[Participant]),
    (Resource::Feedback,     Read,   &[Admin, Coordinator, Analyst]),
    (Resource::Minutes,      Read,   &[Admin, Coordinator, Adviser, Mentor, Participant]),
    (Resource::Minutes,      Update, &[Admin, Coordinator, Adviser]),
    (Resource::Seller,       List,   &[Admin, Coordinator]),
    (Resource::Seller,       Read,   &[Admin, Coordinator, Participant]),
    (Resource::Seller,       Create, &[Admin, Coordinator, Participant]),
    (Resource::Seller,       Update, &[Admin, Coordinator, Participant]),
    (Resource::Listing,      List,   &[Admin, Coordinator, Participant]),
    (Resource::Listing,      Read,   &[Admin, Coordinator, Participant]),
    (Resource::Listing,      Create, &[Admin, Coordinator, Participant]),
    (Resource::Listing,      Update, &[Admin, Coordinator, Participant]),
    (Resource::Order,        List,   &[Admin, Coordinator, Participant]),
    (Resource::Order,        Read,   &[Admin, Coordinator, Participant]),
    (Resource::Order,        Update, &[Admin, Coordinator, Participant]),
    (Resource::MarketSettings, Read,   &[Admin, Coordinator]),
    (Resource::MarketSettings, Update, &[Admin, Coordinator]),
    (Resource::MarketReport, Read,   &[Admin, Coordinator, Analyst]),
    (Resource::Opportunity,  List,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Opportunity,  Read,   &[Admin, Coordinator, Adviser, Mentor, Participant, Partner]),
    (Resource::Opportunity,  Create, &[Admin, Coordinator, Adviser, Partner]),
    (Resource::Opportunity,  Update, &[Admin, Coordinator, Adviser, Partner]),
    (Resource::Application,  List,   &[Admin, Coordinator, Adviser, Participant, Partner]),
    (Resource::Application,  Read,   &[Admin, Coordinator, Adviser, Participant, Partner]),
    (Resource::Application,  Create, &[Admin, Coordinator, Adviser, Participant]),
    (Resource::Application,  Update, &[Admin, Coordinator, Adviser, Participant, Partner]),
    (Resource::ApplicationMessage, List,   &[Admin, Coordinator, Adviser, Participant, Partner]),
    (Resource::ApplicationMessage, Create, &[Admin, Coordinator, Adviser, Participant, Partner]),
    (Resource::Outcome,      List,   &[Admin, Coordinator, Adviser]),
    (Resource::Outcome,      Create, &[Admin, Coordinator, Adviser, Partner]),
    (Resource::Outcome,      Update, &[Admin, Coordinator, Adviser]),
    (Resource::OutcomeReport, Read,  &[Admin, Coordinator, Analyst]),
    (Resource::Match,        Read,   &[Admin, Coordinator, Adviser, Participant, Partner]),
];

/// Whether `role` may do `action` on `resource`.
pub fn role_allows(role: Role, action: Action, resource: Resource) -> bool {
    MATRIX
        .iter()
        .any(|(res, act, roles)| *res == resource && *act == action && roles.contains(&role))
}

/// Whether an API key with `scopes` may do `action` on `resource`.
pub fn key_allows(scopes: &[Scope], action: Action, resource: Resource) -> bool {
    role_allows(Role::Analyst, action, resource)
        || scopes
            .iter()
            .any(|s| s.grants().contains(&(resource, action)))
}

/// The matrix as a Markdown table (kept in README.md).
pub fn markdown_table() -> String {
    let mut out = String::from("| resource | action |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.as_str()));
    }
    out.push_str(" API key scope |\n|---|---|");
    for _ in Role::ALL {
        out.push_str("---|");
    }
    out.push_str("---|\n");
    for (resource, action, roles) in MATRIX {
        out.push_str(&format!("| {} | {} |", resource.as_str(), action.as_str()));
        for role in Role::ALL {
            out.push_str(if roles.contains(&role) {
                " ✓ |"
            } else {
                "  |"
            });
        }
        let scopes: Vec<&str> = Scope::ALL
            .iter()
            .filter(|s| s.grants().contains(&(*resource, *action)))
            .map(|s| s.as_str())
            .collect();
        let key = if roles.contains(&Role::Analyst) {
            "any key".to_string()
        } else {
            scopes.join(", ")
        };
        out.push_str(&format!(" {key} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admins_manage_members_keys_and_audit() {
        for role in Role::ALL {
            let admin = role == Admin;
            assert_eq!(
                role_allows(role, Update, Resource::Member),
                admin,
                "{role:?}"
            );
            assert_eq!(
                role_allows(role, Create, Resource::ApiKey),
                admin,
                "{role:?}"
            );
            assert_eq!(role_allows(role, List, Resource::Audit), admin, "{role:?}");
        }
    }

    #[test]
    fn keys_act_as_analysts_plus_their_scopes() {
        assert!(!key_allows(&[], List, Resource::Audit));
        assert!(key_allows(&[Scope::AuditRead], List, Resource::Audit));
        assert!(!key_allows(&[Scope::AuditRead], List, Resource::Member));
        assert!(!key_allows(
            &[Scope::AuditRead, Scope::MembersRead],
            Create,
            Resource::ApiKey
        ));
    }

    #[test]
    fn no_resource_action_pair_is_listed_twice() {
        for (i, (r, a, _)) in MATRIX.iter().enumerate() {
            assert!(
                !MATRIX[i + 1..].iter().any(|(r2, a2, _)| r2 == r && a2 == a),
                "{r:?} {a:?}"
            );
        }
    }
}
