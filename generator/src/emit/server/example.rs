//! The crate documentation's section on the server, with an example that compiles as a
//! doctest: one trait implemented with state and authentication, mounted alone.

use proc_macro2::TokenStream;

use super::traits::{Auth, auth_of};
use crate::ir;

/// The crate documentation's section on the server: inner
/// `#![cfg_attr(feature = "server", doc = ...)]` attributes; nothing for an API without
/// operations.
pub fn crate_doc(api: &ir::Api, crate_name: &str) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let chosen = api.server_traits.iter().find_map(|server_trait| {
        super::members(&api.operations, server_trait)
            .into_iter()
            .find(|operation| operation.server.shadowed_by.is_none())
            .map(|operation| (server_trait, operation))
    });
    let Some((server_trait, operation)) = chosen else {
        return TokenStream::new();
    };
    let trait_name = &server_trait.name;
    let name = &operation.name;
    let scheme = api.security_schemes.first();
    let secured = api
        .operations
        .iter()
        .any(|operation| !operation.security.is_empty());
    let mut lines = vec![
        String::new(),
        "# Serving the API".to_owned(),
        String::new(),
        "With the `server` feature, [`server`] has one trait per tag, each method with a \
         default that answers 501 with the error body. A service implements the methods it \
         serves, returning the operation's `Response` or a `server::Problem` (a status and \
         the error body; `impl From<MyError> for Problem` lets `?` answer a team's own \
         errors), and `server::RouterBuilder` mounts the traits it implements; \
         `server::router` takes a service that implements them all."
            .to_owned(),
        String::new(),
        "```no_run".to_owned(),
        "use std::sync::atomic::{AtomicU64, Ordering};".to_owned(),
        String::new(),
        format!("use {krate}::http::StatusCode;"),
        format!("use {krate}::operations::{name};"),
    ];
    let mut imports = vec!["Problem", "RequestContext", "RouterBuilder", trait_name];
    if secured {
        imports.extend(["AuthError", "Authenticator", "Credentials"]);
    }
    imports.sort_unstable();
    lines.push(format!("use {krate}::server::{{{}}};", imports.join(", ")));
    lines.extend([
        String::new(),
        "/// The service's state, shared by every request.".to_owned(),
        "#[derive(Default)]".to_owned(),
        "struct Service {".to_owned(),
        "    served: AtomicU64,".to_owned(),
        "}".to_owned(),
        String::new(),
    ]);
    if secured {
        let check = match scheme {
            Some(scheme) => {
                let field = if scheme.rust_name == "operation_id" {
                    "operation_id_credential".to_owned()
                } else {
                    scheme.rust_name.clone()
                };
                vec![
                    format!(
                        "        // Look the credential up; here any `{}` will do.",
                        scheme.key
                    ),
                    format!("        match &credentials.{field} {{"),
                    "            Some(_) => Ok(\"a caller\".to_owned()),".to_owned(),
                    "            None => Err(AuthError::new()),".to_owned(),
                    "        }".to_owned(),
                ]
            }
            None => vec!["        Ok(credentials.operation_id.to_owned())".to_owned()],
        };
        lines.extend([
            "impl Authenticator for Service {".to_owned(),
            "    type Principal = String;".to_owned(),
            String::new(),
            "    async fn authenticate(&self, credentials: &Credentials) -> Result<String, AuthError> {"
                .to_owned(),
        ]);
        lines.extend(check);
        lines.extend(["    }".to_owned(), "}".to_owned(), String::new()]);
    }
    let principal = match auth_of(operation) {
        Auth::None => "()",
        Auth::Required => "String",
        Auth::Optional => "Option<String>",
    };
    lines.extend([
        format!("impl {trait_name} for Service {{"),
        format!("    async fn {name}("),
        "        &self,".to_owned(),
        format!("        request: {name}::Request,"),
        format!("        context: RequestContext<{principal}>,"),
        format!("    ) -> Result<{name}::Response, Problem> {{"),
        "        let served = self.served.fetch_add(1, Ordering::Relaxed);".to_owned(),
        "        println!(\"{served}: {:?} sent {request:?}\", context.principal);".to_owned(),
        format!("        // Answer `Ok` with a variant of `{name}::Response`, or a problem:"),
        "        Err(Problem::new(StatusCode::NOT_FOUND, \"Nothing is stored yet\"))".to_owned(),
        "    }".to_owned(),
        "    // The other methods answer 501 until they are written.".to_owned(),
        "}".to_owned(),
        String::new(),
        "# async fn serve() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        "// Only this trait is mounted: the operations of the others answer 501.".to_owned(),
        format!(
            "let router = RouterBuilder::new(Service::default()).{}().build();",
            server_trait.mount
        ),
        "let listener = tokio::net::TcpListener::bind(\"127.0.0.1:8080\").await?;".to_owned(),
        format!("{krate}::axum::serve(listener, router).await?;"),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
    ]);
    crate::emit::docs::feature_doc("server", &lines)
}
