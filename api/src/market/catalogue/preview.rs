//! Link previews: the Open Graph and Twitter tags that chat apps read when
//! a listing's address (`/market/listings/{id}`) is pasted, so that the
//! link shows a title, a photo and a price. The SPA server puts them into
//! `index.html`'s head (see [`head_tags`]).

use actix_web::{web, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::model;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::market::photos::{self, Size};
use crate::market::texts;
use crate::AppState;

/// The SPA route of a listing's page.
pub const LISTING_PAGE: &str = "/market/listings/";

/// Text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A price as people read it: `12.50 EUR`.
pub fn price(cents: i32, currency: &str) -> String {
    format!(
        "{} {currency}",
        crate::market::payment::decimal(i64::from(cents))
    )
}

/// The tags of listing `id` for a page at `base` (the server's public
/// address), or `None` when the listing is not in the catalogue.
pub fn tags(
    conn: &mut DbConnection,
    id: &str,
    lang: &str,
    base: &str,
) -> Result<Option<String>, ApiError> {
    let row = match model::find(conn, id) {
        Ok(row) => row,
        Err(ApiError::Client {
            code: crate::error::ProblemCode::NotFound,
            ..
        }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (language, title) = texts::pick_stored(&row.title, lang);
    let description = texts::pick_stored(&row.description, &language).1;
    let mut summary = price(row.price_cents, &row.currency);
    if !description.is_empty() {
        let short: String = description.chars().take(160).collect();
        summary = format!("{summary} · {}", short.trim());
    }
    let cover = photos::model::covers_of(conn, std::slice::from_ref(&row.id))?.remove(&row.id);
    let base = base.trim_end_matches('/');
    let meta = |property: &str, content: &str| {
        format!(
            "<meta property=\"{property}\" content=\"{}\">\n",
            escape(content)
        )
    };
    let mut out = String::new();
    out.push_str(&meta("og:type", "product"));
    out.push_str(&meta("og:title", &title));
    out.push_str(&meta("og:description", &summary));
    out.push_str(&meta("og:url", &format!("{base}{LISTING_PAGE}{}", row.id)));
    if let Some(photo) = cover {
        let medium = photo.size(Size::Medium);
        out.push_str(&meta("og:image", &format!("{base}{}", medium.url)));
        out.push_str(&meta("og:image:width", &medium.width.to_string()));
        out.push_str(&meta("og:image:height", &medium.height.to_string()));
    }
    out.push_str("<meta name=\"twitter:card\" content=\"summary_large_image\">\n");
    Ok(Some(out))
}

/// The listing id in an SPA path `/market/listings/{id}`, if it is one.
fn listing_id(path: &str) -> Option<&str> {
    let id = path.strip_prefix(LISTING_PAGE)?.trim_end_matches('/');
    crate::ids::is_uuid(id).then_some(id)
}

/// For `crate::http::spa`: the head tags of the page a request asks for
/// (empty for every page but a listing in the catalogue). Failures are
/// logged; the page is then served without them.
pub fn head_tags(req: &HttpRequest) -> LocalBoxFuture<'static, String> {
    let id = listing_id(req.path()).map(str::to_string);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let lang = crate::http::params::language(req, None);
    let base = state
        .as_ref()
        .and_then(|s| s.settings.public_url.clone())
        .unwrap_or_else(|| {
            let info = req.connection_info();
            format!("{}://{}", info.scheme(), info.host())
        });
    Box::pin(async move {
        let (Some(id), Some(state)) = (id, state) else {
            return String::new();
        };
        match state.db(move |conn| tags(conn, &id, lang, &base)).await {
            Ok(tags) => tags.unwrap_or_default(),
            Err(e) => {
                log::error!("link preview tags: {e}");
                String::new()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_attributes() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn prices_read_as_people_write_them() {
        assert_eq!(price(1250, "EUR"), "12.50 EUR");
        assert_eq!(price(5, "EUR"), "0.05 EUR");
        assert_eq!(price(0, "USD"), "0.00 USD");
    }

    #[test]
    fn only_a_listing_page_names_a_listing() {
        let id = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        assert_eq!(listing_id(&format!("/market/listings/{id}")), Some(id));
        assert_eq!(listing_id(&format!("/market/listings/{id}/")), Some(id));
        assert_eq!(listing_id("/market/listings/new"), None);
        assert_eq!(listing_id(&format!("/market/listings/{id}/edit")), None);
        assert_eq!(listing_id(&format!("/meetings/{id}")), None);
    }
}
