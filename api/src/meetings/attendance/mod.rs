//! Attendance at the door, on a phone: search the expected people by
//! name and tick them; add walk-ins on the spot (with a record: a walk-in
//! registration; without: a guest counted by gender and age band only);
//! after the meeting, close it and the people who did not come are
//! no-shows.

pub mod json;
pub mod model;
mod routes;

pub use json::DoorList;

/// Registers the attendance endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(routes::get_attendance)
        .service(routes::check_in)
        .service(routes::close_attendance)
        .service(routes::add_guest)
        .service(routes::remove_guest);
}
