//! The command line: create-admin and seed-demo.

use std::process::Command;

use crate::support::PASSWORD;

fn skupaj(dir: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_skupaj"));
    cmd.env("SKUPAJ_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env_remove("SKUPAJ_ADMIN_PASSWORD");
    cmd
}

#[test]
fn create_admin_makes_an_organisation_and_refuses_weak_passwords() {
    let dir = tempfile::tempdir().expect("dir");
    let weak = skupaj(dir.path())
        .args([
            "create-admin",
            "--organization",
            "Zavod Novi",
            "--email",
            "vodja@example.org",
        ])
        .env("SKUPAJ_ADMIN_PASSWORD", "password123")
        .output()
        .expect("run");
    assert!(!weak.status.success());
    assert!(
        String::from_utf8_lossy(&weak.stderr).contains("too easy to guess"),
        "{}",
        String::from_utf8_lossy(&weak.stderr)
    );

    let ok = skupaj(dir.path())
        .args([
            "create-admin",
            "--organization",
            "Zavod Novi",
            "--email",
            "vodja@example.org",
            "--name",
            "Vodja",
        ])
        .env("SKUPAJ_ADMIN_PASSWORD", PASSWORD)
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("Zavod Novi"));

    let again = skupaj(dir.path())
        .args([
            "create-admin",
            "--organization",
            "Zavod Drugi",
            "--email",
            "vodja@example.org",
        ])
        .env("SKUPAJ_ADMIN_PASSWORD", PASSWORD)
        .output()
        .expect("run");
    assert!(!again.status.success(), "an e-mail has one account");

    // Without the variable and without a terminal, it says what to do.
    let no_tty = skupaj(dir.path())
        .args([
            "create-admin",
            "--organization",
            "Zavod Tretji",
            "--email",
            "x@example.org",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert!(!no_tty.status.success());
    assert!(String::from_utf8_lossy(&no_tty.stderr).contains("SKUPAJ_ADMIN_PASSWORD"));
}

#[test]
fn seed_demo_fills_an_empty_database_once() {
    let dir = tempfile::tempdir().expect("dir");
    let out = skupaj(dir.path()).arg("seed-demo").output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    for role in [
        "admin",
        "coordinator",
        "adviser",
        "mentor",
        "participant",
        "partner",
        "analyst",
    ] {
        assert!(text.contains(&format!("{role}@demo.skupaj.org")), "{text}");
    }
    assert!(text.contains(skupaj::setup::DEMO_PASSWORD));

    let twice = skupaj(dir.path()).arg("seed-demo").output().expect("run");
    assert!(!twice.status.success(), "never over existing data");
    let if_empty = skupaj(dir.path())
        .args(["seed-demo", "--if-empty"])
        .output()
        .expect("run");
    assert!(if_empty.status.success());
    assert!(if_empty.stdout.is_empty(), "nothing seeded the second time");
}

#[test]
fn reset_password_prints_a_link_for_any_account_and_refuses_an_unknown_one() {
    let dir = tempfile::tempdir().expect("dir");
    let seeded = skupaj(dir.path()).arg("seed-demo").output().expect("run");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let ok = skupaj(dir.path())
        .args(["reset-password", "--email", "Coordinator@demo.skupaj.org"])
        .output()
        .expect("run");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let out = String::from_utf8_lossy(&ok.stdout);
    assert!(out.contains("/reset-password#token=skw_"), "{out}");
    let unknown = skupaj(dir.path())
        .args(["reset-password", "--email", "nobody@example.org"])
        .output()
        .expect("run");
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account has this e-mail"));
}
