//! Meetings: venues, planning and the agenda (who sees what), series,
//! registrations and the waiting list, office-hour bookings, attendance,
//! feedback, minutes and calendars.

mod attendance;
mod bookings;
mod calendar;
mod demo;
mod feedback;
mod minutes;
mod planning;
mod registrations;
mod rights;
mod series;
mod venues;
