//! Graceful shutdown, SIGTERM, and a killed server that loses no
//! acknowledged write.

use std::time::Duration;

use crate::support::{Created, Page, TestApp, Tokens, SLOW_STARTED};

#[tokio::test]
async fn a_graceful_stop_finishes_the_request_in_flight() {
    let app = TestApp::spawn().await;
    let client = app.client.clone();
    let url = app.url("/test/slow");
    let before = SLOW_STARTED.load(std::sync::atomic::Ordering::SeqCst);
    let in_flight = tokio::spawn(async move { client.get(url).send().await });
    // Stop only once the request is inside its handler.
    for _ in 0..500 {
        if SLOW_STARTED.load(std::sync::atomic::Ordering::SeqCst) > before {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    app.stop_gracefully().await;

    let res = in_flight
        .await
        .expect("task")
        .expect("the in-flight request is answered");
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.expect("body"), "finished");
    // And the server no longer accepts new requests.
    assert!(app
        .client
        .get(app.url("/api/v1/health"))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn the_binary_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("dir");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_skupaj"))
        .arg("serve")
        .env("SKUPAJ_ADDR", format!("127.0.0.1:{port}"))
        .env("SKUPAJ_DATA_DIR", dir.path())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("db.sqlite").display()),
        )
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("start skupaj serve");
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/api/v1/ready");
    let mut ready = false;
    for _ in 0..100 {
        if client
            .get(&url)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "skupaj serve became ready");
    // The first start created the database file and the JWT key in the data folder.
    assert!(dir.path().join("db.sqlite").is_file());
    assert!(dir.path().join("jwt-signing.key").is_file());

    let status = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Some(code) = child.try_wait().expect("wait") {
            exited = Some(code);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let code = exited.expect("skupaj exits within 10 s of SIGTERM");
    assert!(code.success(), "exit status {code}");
}

#[tokio::test]
async fn a_killed_server_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().expect("dir");
    let start = |port: u16| {
        std::process::Command::new(env!("CARGO_BIN_EXE_skupaj"))
            .arg("serve")
            .env("SKUPAJ_ADDR", format!("127.0.0.1:{port}"))
            .env("SKUPAJ_DATA_DIR", dir.path())
            .env("RUST_LOG", "error")
            .env_remove("DATABASE_URL")
            .spawn()
            .expect("start skupaj serve")
    };
    let free_port = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("port")
    };
    let seeded = std::process::Command::new(env!("CARGO_BIN_EXE_skupaj"))
        .arg("seed-demo")
        .env("SKUPAJ_DATA_DIR", dir.path())
        .env("RUST_LOG", "error")
        .env_remove("DATABASE_URL")
        .output()
        .expect("seed");
    assert!(seeded.status.success());
    let client = reqwest::Client::new();
    let wait_ready = |base: String| {
        let client = client.clone();
        async move {
            for _ in 0..100 {
                if client
                    .get(format!("{base}/api/v1/ready"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200)
                {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            panic!("not ready");
        }
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = start(port);
    wait_ready(base.clone()).await;
    let login: Tokens = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "coordinator@demo.skupaj.org", "password": skupaj::setup::DEMO_PASSWORD}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    let token = login.access_token;

    // Writes go out concurrently; the server is killed (SIGKILL) while they
    // are still arriving. Every write it acknowledged must survive.
    let mut tasks = Vec::new();
    for i in 0..40 {
        let client = client.clone();
        let url = format!("{base}/api/v1/participants");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i * 5)).await;
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&serde_json::json!({"name": format!("Durable {i}")}))
                .send()
                .await;
            match res {
                Ok(r) if r.status() == 201 => r.json::<Created>().await.ok().map(|c| c.id),
                _ => None,
            }
        }));
    }
    // Reads go out at the same time: every read that got an answer must
    // have its audit row on disk (group commit answers only after the
    // commit). Each read carries its own request id to find its row.
    let people: Page = client
        .get(format!("{base}/api/v1/participants?limit=20"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let ids: Vec<String> = people
        .items
        .iter()
        .filter_map(|p| p["id"].as_str().map(str::to_string))
        .collect();
    assert!(!ids.is_empty());
    // A few reads answered for sure before the burst.
    let mut answered_reads = Vec::new();
    for (i, id) in ids.iter().take(5).enumerate() {
        let request_id = format!("kill-read-first-{i}");
        let res = client
            .get(format!("{base}/api/v1/participants/{id}"))
            .bearer_auth(&token)
            .header("x-request-id", &request_id)
            .send()
            .await
            .expect("read");
        assert_eq!(res.status(), 200);
        answered_reads.push(request_id);
    }
    let mut reads = Vec::new();
    for i in 0..120u64 {
        let client = client.clone();
        let url = format!("{base}/api/v1/participants/{}", ids[i as usize % ids.len()]);
        let token = token.clone();
        reads.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i)).await;
            let request_id = format!("kill-read-{i}");
            let res = client
                .get(url)
                .bearer_auth(token)
                .header("x-request-id", &request_id)
                .send()
                .await;
            // Acknowledged only when the whole answer arrived.
            match res {
                Ok(r) if r.status() == 200 => r.bytes().await.ok().map(|_| request_id),
                _ => None,
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    child.kill().expect("kill -9");
    let _ = child.wait();
    let mut acknowledged = Vec::new();
    for t in tasks {
        if let Some(id) = t.await.expect("task") {
            acknowledged.push(id);
        }
    }
    for t in reads {
        if let Some(id) = t.await.expect("task") {
            answered_reads.push(id);
        }
    }
    let audited: Vec<String> = {
        use diesel::prelude::*;
        use skupaj::db::schema::audit_log;
        let target = skupaj::db::DatabaseTarget::Sqlite(dir.path().join("skupaj.sqlite"));
        let pool = skupaj::db::open_pool(&target, 1).expect("open the killed server's database");
        let mut conn = pool.get().expect("connection");
        // What a restarted server's audit writer does first.
        skupaj::audit::settle(&mut conn).expect("staged audit rows moved");
        audit_log::table
            .filter(audit_log::action.eq("read"))
            .filter(audit_log::request_id.like("kill-read-%"))
            .select(audit_log::request_id.assume_not_null())
            .load(&mut conn)
            .expect("audit rows")
    };
    let unaudited: Vec<&String> = answered_reads
        .iter()
        .filter(|r| !audited.contains(r))
        .collect();
    assert!(
        unaudited.is_empty(),
        "{} of {} answered reads have no audit row after SIGKILL: {unaudited:?}",
        unaudited.len(),
        answered_reads.len()
    );
    eprintln!(
        "{} reads answered before SIGKILL, each with its audit row on disk",
        answered_reads.len()
    );

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = start(port);
    wait_ready(base.clone()).await;
    let mut missing = Vec::new();
    for id in &acknowledged {
        let res = client
            .get(format!("{base}/api/v1/participants/{id}"))
            .bearer_auth(&token)
            .send()
            .await
            .expect("get");
        if res.status() != 200 {
            missing.push(id.clone());
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        !acknowledged.is_empty(),
        "some writes were acknowledged before the kill"
    );
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged writes lost: {missing:?}",
        missing.len(),
        acknowledged.len()
    );
    eprintln!(
        "{} writes acknowledged before SIGKILL, all present after restart",
        acknowledged.len()
    );
}
