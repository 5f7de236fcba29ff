//! (being built: issue #16)
