//! Meetings in calendar programs: the iCalendar (RFC 5545) writer behind
//! the personal feed, the organisation's public feed and the `.ics` file of
//! one meeting.

pub mod ics;
mod timezone;

#[cfg(test)]
mod tests;
