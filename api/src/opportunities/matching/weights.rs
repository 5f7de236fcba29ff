//! Every weight and threshold of the matching score, in one place.
//!
//! Scores are integers (points out of [`TOTAL`]), and every credit is in
//! per-mille ([`FULL`] = 1000 ‰), so a ranking is the same on every platform:
//! no floating point is involved anywhere.

/// Full credit for one item (a skill, a language, …), in per-mille.
pub const FULL: u32 = 1000;

/// Points for covering the opportunity's essential skills.
pub const ESSENTIAL: u32 = 500;
/// Points for covering its optional skills.
pub const OPTIONAL: u32 = 150;
/// Points for reaching the minimum CEFR level of its languages.
pub const LANGUAGES: u32 = 150;
/// Points for reaching its minimum education (ISCED).
pub const EDUCATION: u32 = 100;
/// Points for its place (municipality, remote or hybrid).
pub const PLACE: u32 = 100;
/// The highest possible score: the sum of the five weights above.
pub const TOTAL: u32 = ESSENTIAL + OPTIONAL + LANGUAGES + EDUCATION + PLACE;

/// Credit (‰) of a required skill that the person has through a NARROWER
/// skill of the ESCO hierarchy, by how many steps the person's skill lies
/// below it: `[one step, two steps]`. A narrower skill is good evidence of
/// the broader one but does not cover all of it, hence partial credit, less
/// the further down it is. The length of this list is how far down the
/// hierarchy is followed: a skill three or more steps below counts nothing.
/// A BROADER skill of the person never counts toward a narrower requirement.
pub const NARROWER_CREDIT: [u32; 2] = [800, 600];

/// How many steps of the hierarchy are followed (see [`NARROWER_CREDIT`]).
pub const MAX_STEPS: usize = NARROWER_CREDIT.len();

/// Credit (‰) of a language one CEFR level below the minimum (B1 for a B2
/// minimum). Two or more levels below, or not spoken at all: nothing. At or
/// above the minimum: [`FULL`]. `native` ranks above C2.
pub const LANGUAGE_ONE_BELOW: u32 = 500;

/// Credit (‰) of a hybrid opportunity for a person who lives in another (or
/// an unknown) municipality: they can work from home part of the time. An
/// on-site opportunity elsewhere gets nothing; a remote one gets [`FULL`].
pub const HYBRID_ELSEWHERE: u32 = 500;

/// How many matches a ranking returns unless asked otherwise.
pub const DEFAULT_LIMIT: usize = 50;
