//! Orders from the public (issue #15): placing a basket with stock taken
//! in the same transaction (`place`), the buyer's secret link with the
//! payment QR code (`track`), the staff and sellers' side (`routes`), the
//! order's steps (`states`), the server's release of unpaid stock and
//! erasure of buyers (`sweep`), earnings and the monthly sales report.

pub mod access;
mod earnings;
pub mod json;
pub mod model;
pub mod place;
mod report;
pub mod rights;
mod routes;
pub mod states;
pub mod stats;
pub mod sweep;
mod track;
pub mod views;

pub use earnings::{commission, month_range};
pub use sweep::{sweep, SweepCounts};

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(place::place_order)
        .service(track::track_order)
        .service(track::order_payment_qr)
        .service(track::cancel_tracked_order)
        .service(routes::list_orders)
        .service(routes::get_order)
        .service(routes::order_event)
        .service(earnings::get_earnings)
        .service(report::sales_report)
        .service(stats::market_stats);
}
