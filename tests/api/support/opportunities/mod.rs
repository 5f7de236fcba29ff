//! Opportunities to work with: postings (postings.rs), applications
//! (applications.rs) and the data matching needs (matches.rs).

mod applications;
mod matches;
mod postings;

#[allow(unused_imports)]
pub use applications::*;
#[allow(unused_imports)]
pub use matches::*;
#[allow(unused_imports)]
pub use postings::*;
