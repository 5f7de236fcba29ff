//! What the benchmarks share: the real server on a free port, and a login.
#![allow(dead_code)]

use std::net::TcpListener;

use actix_web::dev::ServerHandle;
use skupaj::{AppState, ServerOptions};

/// Starts the server on a free loopback port; returns its base URL and a
/// handle to stop it. `workers` 0 means one per core.
pub fn serve(state: AppState, workers: usize) -> (String, ServerHandle) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = skupaj::build_server(
        listener,
        state,
        ServerOptions {
            disable_signals: true,
            workers,
            extra_routes: None,
        },
    )
    .expect("server");
    let handle = server.handle();
    tokio::spawn(server);
    (base, handle)
}

/// Logs in and returns the access token.
pub async fn login(base: &str, email: &str, password: &str) -> String {
    let login: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("json");
    login["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}
