//! The list of files a generated crate has, and its root module.

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::analysis::Analysis;
use crate::emit::docs;
use crate::ir;

/// Emits one file's code from the API and the crate name. A plain function, so that
/// files can be emitted and rendered on separate threads (token streams cannot cross
/// threads, the IR can).
pub type Emitter = fn(&ir::Api, &str) -> TokenStream;

/// What a generated file holds before rendering.
#[derive(Debug)]
pub enum Contents {
    /// Code to emit, then format with `render`.
    Code(Emitter),
    /// Code made of independent units (named types, operations), which can be emitted and
    /// rendered in parts on separate threads and joined in order.
    Parts(PartsEmitter),
    /// Hand-written runtime support, copied as it is.
    Text(&'static str),
}

/// A file made of a head, a run of units that each depend only on the API, and a tail
/// that depend only on the API too. Emitting the units of consecutive ranges apart and
/// joining them in order gives the same items as emitting them all at once.
#[derive(Debug, Clone, Copy)]
pub struct PartsEmitter {
    /// How many units the file has.
    pub units: fn(&ir::Api) -> usize,
    /// The units in a range. Every part is given the same analysis of the API's types,
    /// worked out once.
    pub units_in: fn(&ir::Api, &Analysis<'_>, Range<usize>) -> TokenStream,
    /// The head and the tail.
    pub frame: fn(&ir::Api, &Analysis<'_>) -> (TokenStream, TokenStream),
}

impl PartsEmitter {
    /// The whole file in one token stream.
    pub fn emit_whole(&self, api: &ir::Api) -> TokenStream {
        let analysis = Analysis::new(api);
        let units = (self.units_in)(api, &analysis, 0..(self.units)(api));
        let (head, tail) = (self.frame)(api, &analysis);
        quote! {
            #head
            #units
            #tail
        }
    }

    /// `count` consecutive ranges of units covering the file's units, as even as possible;
    /// fewer when there are fewer units.
    pub fn ranges(&self, api: &ir::Api, count: usize) -> Vec<Range<usize>> {
        let units = (self.units)(api);
        let count = count.clamp(1, units.max(1));
        (0..count)
            .map(|index| units * index / count..units * (index + 1) / count)
            .collect()
    }
}

/// One file of the generated crate, relative to `src/`.
#[derive(Debug)]
pub struct EmittedFile {
    pub path: &'static str,
    pub contents: Contents,
}

impl EmittedFile {
    /// The file's code in one token stream, or `None` for a file copied as it is.
    pub fn emit_whole(&self, api: &ir::Api, crate_name: &str) -> Option<TokenStream> {
        match &self.contents {
            Contents::Code(emitter) => Some(emitter(api, crate_name)),
            Contents::Parts(parts) => Some(parts.emit_whole(api)),
            Contents::Text(_) => None,
        }
    }
}

/// Hand-written runtime files shipped inside every generated crate, relative to `src/`, with
/// the Cargo feature (if any) that gates the module each belongs to. A module of several
/// files is a directory whose `mod.rs` declares the others.
const RUNTIME: &[(&str, Option<&str>, &str)] = &[
    (
        "runtime/base64.rs",
        None,
        include_str!("../../runtime/base64.rs"),
    ),
    (
        "runtime/fields.rs",
        None,
        include_str!("../../runtime/fields.rs"),
    ),
    (
        "runtime/params/mod.rs",
        None,
        include_str!("../../runtime/params/mod.rs"),
    ),
    (
        "runtime/params/style.rs",
        None,
        include_str!("../../runtime/params/style.rs"),
    ),
    (
        "runtime/status.rs",
        None,
        include_str!("../../runtime/status.rs"),
    ),
    (
        "runtime/validation.rs",
        None,
        include_str!("../../runtime/validation.rs"),
    ),
    (
        "runtime/client/mod.rs",
        Some("client"),
        include_str!("../../runtime/client/mod.rs"),
    ),
    (
        "runtime/client/call.rs",
        Some("client"),
        include_str!("../../runtime/client/call.rs"),
    ),
    (
        "runtime/client/config.rs",
        Some("client"),
        include_str!("../../runtime/client/config.rs"),
    ),
    (
        "runtime/client/decode.rs",
        Some("client"),
        include_str!("../../runtime/client/decode.rs"),
    ),
    (
        "runtime/client/error.rs",
        Some("client"),
        include_str!("../../runtime/client/error.rs"),
    ),
    (
        "runtime/client/retry.rs",
        Some("client"),
        include_str!("../../runtime/client/retry.rs"),
    ),
    (
        "runtime/client/transport.rs",
        Some("client"),
        include_str!("../../runtime/client/transport.rs"),
    ),
    (
        "runtime/server/mod.rs",
        Some("server"),
        include_str!("../../runtime/server/mod.rs"),
    ),
    (
        "runtime/server/auth.rs",
        Some("server"),
        include_str!("../../runtime/server/auth.rs"),
    ),
    (
        "runtime/server/context.rs",
        Some("server"),
        include_str!("../../runtime/server/context.rs"),
    ),
    (
        "runtime/server/decode.rs",
        Some("server"),
        include_str!("../../runtime/server/decode.rs"),
    ),
    (
        "runtime/server/guard.rs",
        Some("server"),
        include_str!("../../runtime/server/guard.rs"),
    ),
    (
        "runtime/server/input.rs",
        Some("server"),
        include_str!("../../runtime/server/input.rs"),
    ),
    (
        "runtime/server/rejection.rs",
        Some("server"),
        include_str!("../../runtime/server/rejection.rs"),
    ),
    (
        "runtime/server/responder.rs",
        Some("server"),
        include_str!("../../runtime/server/responder.rs"),
    ),
    (
        "runtime/server/response.rs",
        Some("server"),
        include_str!("../../runtime/server/response.rs"),
    ),
    (
        "runtime/server/router.rs",
        Some("server"),
        include_str!("../../runtime/server/router.rs"),
    ),
];

/// Every file of a crate generated from an API.
pub fn all() -> Vec<EmittedFile> {
    let mut files = vec![
        EmittedFile {
            path: "lib.rs",
            contents: Contents::Code(crate_root),
        },
        EmittedFile {
            path: "types.rs",
            contents: Contents::Parts(PartsEmitter {
                units: |api| api.types.len(),
                units_in: super::types::emit_types_in,
                frame: super::types::emit_types_frame,
            }),
        },
        EmittedFile {
            path: "operations.rs",
            contents: Contents::Parts(PartsEmitter {
                units: |api| api.operations.len(),
                units_in: |api, _, range| super::operations::emit_operations_in(api, range),
                frame: |api, _| super::operations::emit_operations_frame(api),
            }),
        },
        EmittedFile {
            path: "client.rs",
            contents: Contents::Code(|api, _| super::client::emit_client(api)),
        },
        EmittedFile {
            path: "server.rs",
            contents: Contents::Code(|api, _| super::server::emit_server(api)),
        },
        EmittedFile {
            path: "runtime/mod.rs",
            contents: Contents::Code(|_, _| runtime_root()),
        },
    ];
    for (path, _, text) in RUNTIME {
        files.push(EmittedFile {
            path,
            contents: Contents::Text(text),
        });
    }
    files
}

/// `runtime/mod.rs`: declares the runtime modules, gated by feature.
fn runtime_root() -> TokenStream {
    let modules = RUNTIME.iter().filter_map(|(path, feature, _)| {
        let name = runtime_module(path)?;
        let ident = quote::format_ident!("{}", name);
        Some(match feature {
            Some(feature) => quote! {
                #[cfg(feature = #feature)]
                pub mod #ident;
            },
            None => quote! { pub mod #ident; },
        })
    });
    quote! {
        //! Hand-written support code that the generated modules build on.
        #(#modules)*
    }
}

/// The module that `runtime/mod.rs` declares for a runtime file: `name` for
/// `runtime/name.rs` and `runtime/name/mod.rs`; `None` for the other files of a directory,
/// which its `mod.rs` declares.
fn runtime_module(path: &str) -> Option<&str> {
    let relative = path.strip_prefix("runtime/")?;
    match relative.strip_suffix("/mod.rs") {
        Some(directory) => Some(directory),
        None if relative.contains('/') => None,
        None => relative.strip_suffix(".rs"),
    }
}

/// `lib.rs`: the crate documentation and its modules.
fn crate_root(api: &ir::Api, crate_name: &str) -> TokenStream {
    let ir::Api {
        title,
        version,
        description,
        servers,
        types: _,
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
    let spec_doc = docs::inner_doc_lines(&lines);
    let mut lines = Vec::new();
    lines.push(format!(
        "This crate (`{crate_name}`) was generated from the API's OpenAPI description. It has \
         {} operations. [`types`] holds the models, [`operations`] the request and response \
         of each operation, `client` (feature `client`) an async client and `server` \
         (feature `server`) traits to implement and an axum router.",
        operations.len()
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
         with its `with_*` methods; structs without required properties implement \
         `Default`. Fields stay public to read and change, and a `match` on an enum needs a \
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
    let own_doc = docs::inner_doc_own_lines(&lines);
    let client_doc = super::client::crate_doc(api, crate_name);
    quote! {
        #spec_doc
        #![doc = ""]
        #own_doc
        #client_doc
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
    }
}
