//! The market: orders from the public (placing, the secret link, staff
//! steps, the race for the last items, the server's sweep).

mod order_states;
mod orders;
mod orders_race;
mod sweep;
