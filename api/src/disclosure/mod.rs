//! Disclosure control for what analysts and API keys see.

pub mod rows;
