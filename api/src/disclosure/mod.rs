//! Disclosure control: every aggregate and every pseudonymised row that
//! analysts and API keys receive passes through here. Platform code: it
//! knows counts, categories and rows, never a resource.
//!
//! - [`tables`]: one-way and two-way tables with small cells (and zeros
//!   that reveal) suppressed, secondary suppression checked cell by cell so
//!   that no hidden cell can be worked out from the published margins, and
//!   means/medians withheld when too few answered or a cell is hidden.
//! - [`linked`]: cross-tabulations tied together by rows that carry several
//!   answers of one person, protected by exchange witnesses.
//! - [`microdata`]: pseudonyms scoped to a caller and a purpose.
//! - [`rows`]: k-anonymity for pseudonymised rows (the participant list,
//!   the month of an interview in the answers CSV), by local suppression.

pub mod linked;
pub mod microdata;
pub mod rows;
pub mod tables;

pub use linked::Linked;
pub use microdata::{pseudonym, WITHHELD};
pub use tables::{
    chosen_row, one_way, pinned, summary, two_way, Cell, Merged, Row, SUPPRESSED, SUPPRESSED_GROUP,
};
