//! Meetings: venues, co-creation meetings, advising office hours, panels,
//! workshops and the rest; recurring series written as RFC 5545 rules
//! (each occurrence a meeting of its own), registrations with a waiting
//! list promoted in the same transaction as a cancellation, bookable
//! office-hour slots, attendance at the door, feedback, minutes, action
//! items and iCalendar feeds.

pub mod calendar;
pub mod schema;
