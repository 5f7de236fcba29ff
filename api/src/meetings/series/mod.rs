//! Recurring meeting series: the RFC 5545 recurrence engine ([`rule`]).

pub mod rule;
