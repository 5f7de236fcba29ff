//! Rebuilds the server when a migration folder is added or removed: the
//! migrations are embedded at compile time (`embed_migrations!`), and cargo
//! otherwise only notices changes to the files it already embedded, so a
//! new migration could be left out of a build that cargo thinks is fresh.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
