//! Code lists.

mod labels;
