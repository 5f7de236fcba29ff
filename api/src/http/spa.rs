//! Serves the built single-page app at `/`: files from the build folder,
//! `index.html` for client-side routes, never for `/api/...`. A page may
//! get tags in its head from the server (link previews of a shared
//! address), given by the function passed to [`configure`].

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{guard, web, HttpRequest, HttpResponse, ResponseError};
use futures_util::future::LocalBoxFuture;

use crate::error::ApiError;

/// The tags to put into `index.html`'s head for a client-side route (HTML,
/// already escaped), or an empty string.
pub type HeadTags = fn(&HttpRequest) -> LocalBoxFuture<'static, String>;

pub fn configure(cfg: &mut web::ServiceConfig, web_dir: &Path, head_tags: HeadTags) {
    let index = web_dir.join("index.html");
    if !index.is_file() {
        log::warn!(
            "no built web app in {} (run `make run`, or set SKUPAJ_WEB_DIR); serving the API only",
            web_dir.display()
        );
        return;
    }
    let files = Files::new("/", web_dir)
        .index_file("index.html")
        .guard(guard::Any(guard::Get()).or(guard::Head()))
        .guard(guard::fn_guard(|ctx| !is_api(ctx.head().uri.path())))
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move { Ok(client_route(req, index, head_tags).await) }
        }));
    cfg.service(files);
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// A path with no file behind it: a client-side route gets `index.html`; a
/// missing asset (a name with an extension) gets a 404.
async fn client_route(req: ServiceRequest, index: PathBuf, head_tags: HeadTags) -> ServiceResponse {
    let (req, _) = req.into_parts();
    let last = req.path().rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        let res = ApiError::not_found(format!("no file at {}", req.path())).error_response();
        return ServiceResponse::new(req, res);
    }
    let tags = head_tags(&req).await;
    if !tags.is_empty() {
        let res = with_head_tags(&index, &tags).await;
        return ServiceResponse::new(req, res);
    }
    let res = match NamedFile::open_async(&index).await {
        Ok(file) => {
            let mut res = file.into_response(&req);
            // The shell must be re-checked on every visit so that a new build
            // (with new hashed asset names) reaches phones quickly.
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-cache"),
            );
            res
        }
        Err(e) => {
            ApiError::internal(format!("cannot read {}: {e}", index.display())).error_response()
        }
    };
    ServiceResponse::new(req, res)
}

/// `index.html` with `tags` at the end of its head, not cached (the tags
/// follow the record).
async fn with_head_tags(index: &Path, tags: &str) -> HttpResponse {
    let path = index.to_path_buf();
    match web::block(move || std::fs::read_to_string(path)).await {
        Ok(Ok(html)) => {
            let at = html.find("</head>").unwrap_or(0);
            let mut page = String::with_capacity(html.len() + tags.len());
            page.push_str(&html[..at]);
            page.push_str(tags);
            page.push_str(&html[at..]);
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .body(page)
        }
        Ok(Err(e)) => {
            ApiError::internal(format!("cannot read {}: {e}", index.display())).error_response()
        }
        Err(e) => ApiError::internal(e).error_response(),
    }
}

/// What `/` shows when the SPA was not built.
pub fn missing_build() -> HttpResponse {
    HttpResponse::NotFound()
        .content_type("text/html; charset=utf-8")
        .body(
            "<!doctype html><meta charset=utf-8><title>Skupaj</title>\
<h1>Skupaj</h1><p>The web app is not built. Run <code>make run</code> from the repository, \
or set <code>SKUPAJ_WEB_DIR</code> to a built <code>web-frontend/dist</code>.</p>\
<p>The API is at <a href=/api/docs/>/api/docs/</a>.</p>",
        )
}
