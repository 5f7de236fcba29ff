//! What no resource owns: problem documents, HTTP headers, the OpenAPI
//! document, the SPA, migrations, the policy table, the command line.

mod cli;
mod errors;
mod headers;
mod migrations;
mod openapi;
mod policy;
mod spa;
