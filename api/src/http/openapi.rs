//! The OpenAPI 3.1 document, generated from the handlers and types by utoipa,
//! served at `/api/openapi.json` and `/api/openapi.yaml` with an offline
//! Swagger UI at `/api/docs/`. The committed `openapi.yaml` is this document
//! (`make openapi` writes it; a test fails when it is stale).

use actix_web::body::BoxBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{web, App, Error, HttpResponse};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::error::{FieldError, Problem, ProblemCode};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Skupaj API",
        description = "Skupaj connects refugees, asylum seekers and migrants with work, education and crafts. \
Every error is an RFC 9457 problem document (`application/problem+json`) with a stable `code`. \
Lists are `{ \"items\": [...], \"next_cursor\": ... }`; ids are UUIDv7 strings; times are RFC 3339 UTC.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later"),
    ),
    tags(
        (name = "system", description = "Liveness and readiness of the server"),
        (name = "auth", description = "Logging in and out: short-lived access tokens and rotating refresh tokens"),
        (name = "me", description = "The logged-in account"),
        (name = "members", description = "Who belongs to the organisation, invitations and password-reset links"),
        (name = "api-keys", description = "Keys for integrations; they act as analysts plus their scopes"),
        (name = "audit", description = "The append-only log of who read or changed what"),
        (name = "participants", description = "The people a programme works with, their consents, and who sees which of their fields"),
        (name = "skills", description = "The ESCO-compatible taxonomy of skills, knowledge and occupations, searchable in five languages"),
        (name = "interviews", description = "Questionnaire templates (versioned, multilingual), individual and group interviews, answers, profile updates from answers, and the analysis a field report prints"),
        (name = "code-lists", description = "Countries, languages, legal statuses, needs and other vocabularies, labelled in the caller's language"),
    ),
    components(schemas(Problem, ProblemCode, FieldError)),
    modifiers(&BearerAuth),
)]
struct ApiDoc;

/// Declares the `bearer` scheme: an access token from `/auth/login`, or an API key.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT or API key")
                    .description(Some(
                        "An access token from POST /api/v1/auth/login (15 minutes), or an API key (skp_…) created by an admin.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Paths served outside the documented API (the spec itself and its docs).
pub const UNDOCUMENTED_GET_PATHS: &[&str] = &[
    "/api/openapi.json",
    "/api/openapi.yaml",
    "/api/docs",
    "/api/docs/{file}",
];

/// Routes registered under `/api/v1` (the resources' `configure`).
pub type Routes = fn(&mut utoipa_actix_web::service_config::ServiceConfig);

/// The actix application with the API `routes`, and the document that
/// describes exactly those routes. The platform knows no resource: the
/// caller (`lib.rs`) hands it the resources' routes.
pub fn api_app(
    routes: Routes,
) -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<BoxBody>,
            Error = Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes))
        .split_for_parts()
}

/// The OpenAPI document of `routes`.
pub fn spec(routes: Routes) -> utoipa::openapi::OpenApi {
    let mut spec = api_app(routes).1;
    add_common_responses(&mut spec);
    spec
}

/// Documents the answers every operation of a kind can give, declared here
/// once so that a handler's annotation lists only what is particular to it:
/// 400/413/415/422 for a JSON body, 400/422 for query parameters, 401/403
/// for a secured operation, 404 for a path naming a record, 500 for all.
/// A handler's own description of one of these (e.g. which role) wins.
fn add_common_responses(spec: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::path::{Operation, ParameterIn};
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    /// (name in `components/responses`, status, description)
    const COMMON: [(&str, &str, &str); 10] = [
        ("MalformedJson", "400", "The body is not valid JSON (malformed_json)"),
        ("PayloadTooLarge", "413", "The body is too large (payload_too_large)"),
        ("UnsupportedMediaType", "415", "The body is not application/json (unsupported_media_type)"),
        ("ValidationFailed", "422", "Invalid fields (validation_failed), listed in `errors`"),
        ("MalformedQuery", "400", "Malformed query (bad_request)"),
        ("InvalidQuery", "422", "Invalid query parameters (validation_failed), listed in `errors`"),
        ("Unauthorized", "401", "No valid access token or API key (unauthorized)"),
        ("Forbidden", "403", "This role may not do this (forbidden)"),
        ("NotFound", "404", "No such record visible to you (not_found)"),
        ("InternalError", "500", "Something went wrong on the server; the cause is logged under the request id (internal_error)"),
    ];
    let components = spec.components.get_or_insert_with(Default::default);
    for (name, _, description) in COMMON {
        let response = ResponseBuilder::new()
            .description(description)
            .content(
                crate::error::PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build();
        components
            .responses
            .insert(name.to_string(), response.into());
    }
    let has_query = |op: &Operation| {
        op.parameters.as_ref().is_some_and(|ps| {
            ps.iter()
                .any(|p| matches!(p.parameter_in, ParameterIn::Query))
        })
    };
    for (path, item) in spec.paths.paths.iter_mut() {
        let names_a_record = path.contains('{');
        let ops = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in ops.into_iter().flatten() {
            let mut wanted = Vec::new();
            if op.request_body.is_some() {
                wanted.extend([
                    "MalformedJson",
                    "PayloadTooLarge",
                    "UnsupportedMediaType",
                    "ValidationFailed",
                ]);
            }
            if has_query(op) {
                wanted.extend(["MalformedQuery", "InvalidQuery"]);
            }
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                wanted.extend(["Unauthorized", "Forbidden"]);
            }
            if names_a_record {
                wanted.push("NotFound");
            }
            wanted.push("InternalError");
            for name in wanted {
                let Some((_, status, _)) = COMMON.iter().find(|(n, _, _)| *n == name) else {
                    continue;
                };
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| Ref::new(format!("#/components/responses/{name}")).into());
            }
        }
    }
}

/// The document through the YAML writer that YAML 1.1 and 1.2 parsers read
/// alike (what `openapi.yaml` holds).
pub fn yaml_of(spec: &utoipa::openapi::OpenApi) -> String {
    match serde_json::to_value(spec) {
        Ok(value) => super::yaml::to_yaml(&value),
        Err(e) => format!("# cannot render the OpenAPI document: {e}\n"),
    }
}

/// `/api/openapi.json`, `/api/openapi.yaml` and the docs page.
pub fn configure_docs(cfg: &mut web::ServiceConfig, spec: &utoipa::openapi::OpenApi) {
    let json = spec.to_pretty_json().unwrap_or_default();
    let yaml = yaml_of(spec);
    cfg.route(
        "/api/openapi.json",
        web::get().to(move || {
            let body = json.clone();
            async move {
                HttpResponse::Ok()
                    .content_type("application/json")
                    .body(body)
            }
        }),
    )
    .route(
        "/api/openapi.yaml",
        web::get().to(move || {
            let body = yaml.clone();
            async move {
                HttpResponse::Ok()
                    .content_type("application/yaml")
                    .body(body)
            }
        }),
    )
    .route(
        "/api/docs",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header(("Location", "/api/docs/"))
                .finish()
        }),
    )
    .service(
        utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
            .url("/api/docs/openapi.json", spec.clone())
            .config(
                utoipa_swagger_ui::Config::from("/api/docs/openapi.json")
                    .validator_url("none")
                    .try_it_out_enabled(true)
                    .display_request_duration(true),
            ),
    );
}
