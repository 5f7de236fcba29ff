//! Meetings: venues, planning and the agenda (who sees what), series,
//! registrations and the waiting list, office-hour bookings, attendance,
//! feedback, minutes and calendars.

mod attendance;
mod bookings;
mod planning;
mod venues;
