//! Typed answers of the endpoints the tests call most, with only the fields
//! the tests read, and the requests that return them.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::TestApp;

/// A resource's id and version, as creating or reading it answers them.
#[derive(Debug, Deserialize)]
pub struct Created {
    pub id: String,
    pub version: i64,
}

/// A resource that has an id and no version (an interview template).
#[derive(Debug, Deserialize)]
pub struct Id {
    pub id: String,
}

/// A page of a list.
#[derive(Debug, Deserialize)]
pub struct Page<T = Value> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A new session: the login, refresh and invitation answers.
#[derive(Debug, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    pub organization_id: String,
    pub role: String,
}

/// A new API key with its secret.
#[derive(Debug, Deserialize)]
pub struct NewApiKey {
    pub id: String,
    pub prefix: String,
    pub secret: String,
}

/// A planned interview: its id, and the template version it uses.
#[derive(Debug, Deserialize)]
pub struct Planned {
    pub id: String,
    pub template: TemplateVersion,
}

/// Which version of a template an interview uses.
#[derive(Debug, Deserialize)]
pub struct TemplateVersion {
    pub version: i64,
}

impl TestApp {
    /// GETs `path`, which must answer 200, and reads the JSON body.
    pub async fn get_json<T: DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let res = self.get_as(token, path).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 200, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e} in {text}"))
    }

    /// One page of a list.
    pub async fn page<T: DeserializeOwned>(&self, token: &str, path: &str) -> Page<T> {
        self.get_json(token, path).await
    }

    /// POSTs `body` to `path`, which must answer 201, and reads the JSON body.
    pub async fn create_at<T: DeserializeOwned>(&self, token: &str, path: &str, body: Value) -> T {
        let res = self.send_as(Method::POST, token, path, Some(body)).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert_eq!(status, 201, "{path}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e} in {text}"))
    }

    /// Sends `body`, which must succeed; returns the JSON answer (`null`
    /// when there is none).
    pub async fn send_ok(&self, token: &str, method: Method, path: &str, body: Value) -> Value {
        let res = self.send_as(method, token, path, Some(body)).await;
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}
