//! `lib.rs` of the generated crate: the crate documentation (the API's own text, the
//! crate's shape and the client example) and its modules.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::context::Cx;
use crate::emit::{client, docs, server};
use crate::ir;

/// `lib.rs`: the crate documentation and its modules.
pub fn crate_root(cx: &mut Cx, api: &ir::Api, crate_name: &str) -> TokenStream {
    let ir::Api {
        title,
        version,
        description,
        servers,
        types: _,
        boxed: _,
        operations,
        security_schemes: _,
        tags: _,
        patterns: _,
        errors: _,
        server_traits: _,
        warnings: _,
    } = api;
    let mut lines = vec![
        format!("Typed Rust bindings for {title} (API version {version})."),
        String::new(),
    ];
    if let Some(description) = description {
        lines.extend(description.lines().map(str::to_owned));
        lines.push(String::new());
    }
    let spec_doc = cx.docs.inner_doc_lines(&lines);
    let lines = own_lines(operations.len(), servers, crate_name);
    let own_doc = cx.docs.inner_doc_own_lines(&lines);
    let client_doc = client::crate_doc(api, crate_name);
    let server_doc = server::crate_doc(api, crate_name);
    quote! {
        #spec_doc
        #![doc = ""]
        #own_doc
        #client_doc
        #server_doc
        #![forbid(unsafe_code)]
        // The generator formats this crate; `cargo fmt` leaves it as written.
        #![cfg_attr(rustfmt, rustfmt::skip)]
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod runtime;
        #[cfg(feature = "server")]
        #[rustfmt::skip]
        pub mod server;
        #[rustfmt::skip]
        pub mod types;
        // The versions of the crates the public API uses, for callers to name their types.
        pub use ::chrono;
        pub use ::http;
        pub use ::uuid;
        #[cfg(feature = "server")]
        pub use ::axum;
    }
}

/// The crate documentation's own lines (not from the spec, so not sanitized): what the
/// crate holds, the servers and the shape of the models.
fn own_lines(operations: usize, servers: &[ir::Server], crate_name: &str) -> Vec<String> {
    let mut lines = Vec::new();
    lines.push(format!(
        "This crate (`{crate_name}`) was generated from the API's OpenAPI description. It has \
         {} operations. [`types`] holds the models, [`operations`] the request and response \
         of each operation, `client` (feature `client`) an async client and `server` \
         (feature `server`) traits to implement and an axum router.",
        operations
    ));
    if !servers.is_empty() {
        lines.push(String::new());
        lines.push("Servers:".to_owned());
        for server in servers {
            match &server.description {
                Some(description) => lines.push(format!(
                    "- `{}`: {}",
                    server.url,
                    docs::sanitize_lines(std::slice::from_ref(description)).join(" ")
                )),
                None => lines.push(format!("- `{}`", server.url)),
            }
        }
    }
    lines.push(String::new());
    lines.push("# Model shape".to_owned());
    lines.push(String::new());
    lines.push(
        "The models in [`types`] are `#[non_exhaustive]`, so that additive changes to the \
         API description (a new optional property, enum value or `oneOf` branch) are minor \
         releases of this crate. Outside the crate, build a struct with `new`, which takes \
         its required properties in the order of the API description, and set the others \
         with its `with_*` methods (strings are taken as `impl Into<String>`, so a `&str` \
         will do); structs without required properties implement `Default`. Fields stay public to read and change, and a `match` on an enum needs a \
         `_` arm. A new required property changes `new` and needs a major release."
            .to_owned(),
    );
    lines.push(String::new());
    lines.push(
        "Decoding refuses an explicit `null` for a property that the API description does \
         not mark `nullable`, even an optional one (leave it out instead); free-form values \
         (`serde_json::Value`) are the exception."
            .to_owned(),
    );
    lines
}
