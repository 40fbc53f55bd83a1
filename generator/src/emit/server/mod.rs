//! `server.rs`: the traits a server implements (one per tag), the `Authenticator` made
//! from the security schemes, the default error bodies, the axum `router` with one
//! handler per operation, and `IntoResponse` for every operation's `Response`.
//!
//! The emitted code only lists what each operation needs; reading parameters, bodies and
//! credentials, rejecting bad requests and the shared layers are in the hand-written
//! `runtime/server/`. What the spec decides (trait and handler names, the error model,
//! routes that an earlier operation takes) comes from lowering.

mod auth;
mod errors;
mod example;
mod handlers;
mod responses;
mod router;
mod traits;

pub use example::crate_doc;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::docs;
use crate::ir;

/// The operations `server_trait` serves, in order.
pub(super) fn members<'a>(
    operations: &'a [ir::Operation],
    server_trait: &ir::ServerTrait,
) -> Vec<&'a ir::Operation> {
    server_trait
        .operations
        .iter()
        .filter_map(|name| {
            operations
                .binary_search_by(|operation| operation.name.cmp(name))
                .ok()
                .and_then(|index| operations.get(index))
        })
        .collect()
}

/// The handler of every operation the router serves, trait by trait (`trait_idents` in
/// the order of the API's traits), and the authentication functions they call.
fn handlers(api: &ir::Api, trait_idents: &[Ident]) -> (Vec<TokenStream>, TokenStream) {
    let mut authenticators = auth::Authenticators::default();
    let mut handlers = Vec::new();
    for (server_trait, trait_ident) in api.server_traits.iter().zip(trait_idents) {
        for operation in members(&api.operations, server_trait) {
            if operation.server.shadowed_by.is_none() {
                handlers.push(handlers::handler(
                    api,
                    operation,
                    trait_ident,
                    &mut authenticators,
                ));
            }
        }
    }
    (handlers, authenticators.tokens())
}

/// The whole `server.rs` module.
pub fn emit_server(cx: &mut Cx, api: &ir::Api) -> TokenStream {
    let ir::Api {
        title,
        version: _,
        description: _,
        servers: _,
        types: _,
        boxed: _,
        operations,
        security_schemes,
        tags: _,
        patterns: _,
        errors: _,
        server_traits,
        warnings: _,
    } = api;
    let secured = operations
        .iter()
        .any(|operation| !operation.security.is_empty());
    let module_doc = module_doc(title, server_traits, secured);
    let authentication = secured.then(|| auth::authenticator(cx, security_schemes));
    let supertrait = if secured {
        quote!(Authenticator)
    } else {
        quote!(Send + Sync + 'static)
    };
    let traits: Vec<TokenStream> = server_traits
        .iter()
        .map(|server_trait| traits::trait_tokens(cx, api, server_trait, &supertrait, secured))
        .collect();
    let trait_idents: Vec<Ident> = server_traits
        .iter()
        .map(|server_trait| format_ident!("{}", server_trait.name))
        .collect();
    let implementation_bounds = if trait_idents.is_empty() {
        quote!(#supertrait)
    } else {
        quote!(#(#trait_idents)+*)
    };
    let errors = errors::error_responder(api);
    let router = router::router_fn(operations, server_traits);
    let (handlers, authenticate_fns) = handlers(api, &trait_idents);
    let mut statics = responses::FixedHeaders::default();
    let into_responses: Vec<TokenStream> = operations
        .iter()
        .map(|operation| responses::into_response(operation, &mut statics))
        .collect();
    let fixed_statics = statics.tokens();
    quote! {
        #module_doc

        use crate::runtime::server;

        pub use crate::runtime::server::{
            AuthError, BasicCredentials, DefaultErrorResponder, ErrorContext, ErrorDetail,
            ErrorResponder, Problem, Rejection, RequestContext, RequestId, RouterConfig,
        };

        #authentication

        #(#traits)*

        /// Everything [`router`] needs: an implementation of every trait of this module.
        /// Implemented for any type that implements them all.
        pub trait Implementation: #implementation_bounds {}

        impl<T> Implementation for T where T: #implementation_bounds {}

        #errors
        #router
        #(#handlers)*
        #authenticate_fns
        #(#into_responses)*
        #fixed_statics
    }
}

fn module_doc(title: &str, server_traits: &[ir::ServerTrait], secured: bool) -> TokenStream {
    let trait_list: Vec<String> = server_traits
        .iter()
        .map(|server_trait| format!("[`{}`]", server_trait.name))
        .collect();
    let mut paragraphs = vec![
        format!(
            "The server side of {}: traits to implement and an axum router.",
            spec_fragment(title)
        ),
        format!(
            "Each tag of the API has a trait ({}) with one async method per operation; an \
             operation with several tags belongs to its first, and operations without a tag \
             to a trait named after the API. One trait per tag lets an implementation be \
             split by area (and a test double implement one area at a time in its own \
             module), while [`router`] takes one value that implements them all \
             ([`Implementation`], implemented for every such type; it needs no `Clone`, the \
             router shares it behind an `Arc`). Every method has a default that answers 501 \
             with the error body, so an implementation writes only the methods it serves, and \
             [`RouterBuilder`] mounts only the traits it implements: the operations of the \
             others answer 501 too.",
            trait_list.join(", ")
        ),
        "A method takes `&self`, the operation's `Request` (the typed path, query and header \
         parameters and the body, from [`crate::operations`]) and a [`RequestContext`] (the \
         authenticated principal, the headers, the request id, the method and the URI). It \
         returns `Ok` with the operation's `Response`, the enum the client decodes, which \
         implements axum's `IntoResponse`: status, body and content type, the declared \
         headers, and the headers whose only value the spec fixes. Or it returns `Err` with \
         a [`Problem`], a status and the error body's code, message and details, answered \
         by the same [`ErrorResponder`] as the router's own rejections (a team maps its \
         error type once with `impl From<MyError> for Problem` and writes `?`); when the \
         operation does not declare the problem's status, its fallback status is answered \
         if it has one. Methods are written as `async fn` or return \
         `impl Future<Output = Result<Response, Problem>> + Send`; no macro is involved."
            .to_owned(),
        "Before a method runs, the generated handler checks the credentials, the headers \
         whose value the spec fixes, `Accept` and `Content-Type`, decodes the parameters \
         and the body and validates them against the spec. Every problem is answered with a \
         4xx status and an error body made by the [`ErrorResponder`] of the \
         [`RouterConfig`] ([`error_responder`] by default). Unknown paths get 404, other \
         methods 405 with `Allow`, bodies over the limit 413, and a panicking method 500, \
         while the server keeps serving. Responses are gzip-compressed when the client asks, \
         and gzip request bodies are accepted."
            .to_owned(),
    ];
    if secured {
        paragraphs.push(
            "Authentication follows the spec's security schemes: the handler reads the \
             [`Credentials`] and asks the [`Authenticator`] (a supertrait of every trait) \
             for the principal; a missing or refused credential is answered 401."
                .to_owned(),
        );
    }
    own_doc(&paragraphs, true)
}

/// Spec text for use inside a sentence written here: cleaned for rustdoc, on one line.
fn spec_fragment(text: &str) -> String {
    docs::sanitize_lines(&[text.to_owned()])
        .iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Doc attributes for paragraphs written here (intra-doc links kept), wrapped at 88
/// columns, with a blank line between paragraphs; inner (`//!`) when `inner`.
fn own_doc(paragraphs: &[String], inner: bool) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > 88 {
                lines.push(std::mem::take(&mut line));
            }
            line.push(' ');
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    let attrs = lines.iter().map(|line| {
        if inner {
            quote! { #![doc = #line] }
        } else {
            quote! { #[doc = #line] }
        }
    });
    quote! { #(#attrs)* }
}

/// `ty` without `nullable`.
fn non_null(ty: &ir::Ty) -> ir::Ty {
    ir::Ty {
        kind: ty.kind.clone(),
        nullable: false,
        constraints: ty.constraints.clone(),
    }
}

/// Whether values of `ty` read and write themselves as text (`ParamValue`).
fn is_text_primitive(ty: &ir::Ty) -> bool {
    match &ty.kind {
        ir::TyKind::String(format) => matches!(
            format,
            ir::StringFormat::Plain
                | ir::StringFormat::DateTime
                | ir::StringFormat::Date
                | ir::StringFormat::Uuid
        ),
        ir::TyKind::Boolean | ir::TyKind::Integer(_) | ir::TyKind::Number(_) | ir::TyKind::Any => {
            true
        }
        ir::TyKind::Named(_) | ir::TyKind::Array(_) | ir::TyKind::Map(_) => false,
    }
}

fn location_word(location: ir::ParamLocation) -> &'static str {
    match location {
        ir::ParamLocation::Path => "path parameter",
        ir::ParamLocation::Query => "query parameter",
        ir::ParamLocation::Header => "header",
        ir::ParamLocation::Cookie => "cookie",
    }
}
