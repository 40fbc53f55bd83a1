//! `server.rs`: the traits a server implements (one per tag), the `Authenticator` made
//! from the security schemes, the default error bodies, the axum `router` with one
//! handler per operation, and `IntoResponse` for every operation's `Response`.
//!
//! The emitted code only lists what each operation needs; reading parameters, bodies and
//! credentials, rejecting bad requests and the shared layers are in the hand-written
//! `runtime/server.rs`.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::operations::{
    VariantShape, body_field_name, body_kind_tokens, caller_parameters, media_variant,
    response_body_enum, variable_headers, variant_shape,
};
use crate::emit::{docs, spelling};
use crate::ir;

/// Names the generated module defines itself, which a tag's trait must not take.
const RESERVED: &[&str] = &[
    "Authenticator",
    "Credentials",
    "Implementation",
    "RequestContext",
    "Rejection",
    "RouterConfig",
];

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
        warnings: _,
    } = api;
    let groups = trait_groups(api);
    let secured = operations
        .iter()
        .any(|operation| !operation.security.is_empty());
    let module_doc = module_doc(title, &groups, secured);
    let authentication = secured.then(|| authenticator(cx, security_schemes));
    let supertrait = if secured {
        quote!(Authenticator)
    } else {
        quote!(Send + Sync + 'static)
    };
    let (_, shadowed) = routes(operations);
    let traits: Vec<TokenStream> = groups
        .iter()
        .map(|group| trait_tokens(cx, group, &supertrait, secured, &shadowed))
        .collect();
    let trait_idents: Vec<&Ident> = groups.iter().map(|group| &group.ident).collect();
    let implementation_bounds = if trait_idents.is_empty() {
        quote!(#supertrait)
    } else {
        quote!(#(#trait_idents)+*)
    };
    let errors = error_responder(api);
    let router = router_fn(operations, &groups);
    let mut statics = FixedHeaders::default();
    let mut authenticators = Authenticators::default();
    let (_, shadowed) = routes(operations);
    let handlers: Vec<TokenStream> = groups
        .iter()
        .flat_map(|group| {
            group
                .operations
                .iter()
                .filter(|operation| !shadowed.contains_key(operation.name.as_str()))
                .map(|operation| (operation, &group.ident))
        })
        .map(|(operation, trait_ident)| handler(api, operation, trait_ident, &mut authenticators))
        .collect();
    let authenticate_fns = authenticators.tokens();
    let into_responses: Vec<TokenStream> = operations
        .iter()
        .map(|operation| into_response(operation, &mut statics))
        .collect();
    let fixed_statics = statics.tokens();
    quote! {
        #module_doc

        use crate::runtime::server;

        pub use crate::runtime::server::{
            AuthError, BasicCredentials, DefaultErrorResponder, ErrorContext, ErrorResponder,
            Rejection, RequestContext, RequestId, RouterConfig,
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

/// The operations served by one trait.
struct TraitGroup<'a> {
    ident: Ident,
    /// The tag, or `None` for the trait of untagged operations.
    tag: Option<&'a ir::Tag>,
    operations: Vec<&'a ir::Operation>,
}

/// One trait per tag (an operation belongs to its first tag), in the order of the spec's
/// tags, then one named after the API for untagged operations.
fn trait_groups(api: &ir::Api) -> Vec<TraitGroup<'_>> {
    let mut taken: Vec<String> = RESERVED.iter().map(|name| (*name).to_owned()).collect();
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.push(name.clone());
        spelling::type_ident(&name)
    };
    let mut groups = Vec::new();
    for tag in &api.tags {
        let members: Vec<&ir::Operation> = api
            .operations
            .iter()
            .filter(|operation| operation.tags.first() == Some(&tag.name))
            .collect();
        if members.is_empty() {
            continue;
        }
        groups.push(TraitGroup {
            ident: unique(trait_name(&tag.name)),
            tag: Some(tag),
            operations: members,
        });
    }
    let declared = |operation: &&ir::Operation| {
        operation
            .tags
            .first()
            .is_some_and(|first| api.tags.iter().any(|tag| &tag.name == first))
    };
    let rest: Vec<&ir::Operation> = api
        .operations
        .iter()
        .filter(|operation| !declared(operation))
        .collect();
    if !rest.is_empty() {
        groups.push(TraitGroup {
            ident: unique(trait_name(&api.title)),
            tag: None,
            operations: rest,
        });
    }
    groups
}

/// `Shipments` gives `ShipmentsApi`; `Sorted PRO API` gives `SortedProApi`.
fn trait_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if let Some(stripped) = name.strip_suffix("Api") {
        name = stripped.to_owned();
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Tag");
    }
    format!("{name}Api")
}

fn module_doc(title: &str, groups: &[TraitGroup<'_>], secured: bool) -> TokenStream {
    let trait_list: Vec<String> = groups
        .iter()
        .map(|group| format!("[`{}`]", group.ident))
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
             router shares it behind an `Arc`).",
            trait_list.join(", ")
        ),
        "A method takes `&self`, the operation's `Request` (the typed path, query and header \
         parameters and the body, from [`crate::operations`]) and a [`RequestContext`] (the \
         authenticated principal, the headers, the request id, the method and the URI). It \
         returns the operation's `Response`, the enum the client decodes, which implements \
         axum's `IntoResponse`: status, body and content type, the declared headers, and \
         the headers whose only value the spec fixes. Methods are written as `async fn` or \
         return `impl Future<Output = Response> + Send`; no macro is involved."
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

/// Where a security scheme's credential sits, as `Rejection`s name it.
fn scheme_parameter(scheme: &ir::SecurityScheme) -> &str {
    match &scheme.kind {
        ir::SecuritySchemeKind::ApiKey {
            location: _,
            parameter,
        } => parameter,
        ir::SecuritySchemeKind::Bearer
        | ir::SecuritySchemeKind::Basic
        | ir::SecuritySchemeKind::OAuth2 => "Authorization",
    }
}

fn credential_field(scheme: &ir::SecurityScheme) -> Ident {
    if scheme.rust_name == "operation_id" {
        format_ident!("operation_id_credential")
    } else {
        spelling::field_ident(&scheme.rust_name)
    }
}

/// `Credentials` and the `Authenticator` trait.
fn authenticator(cx: &mut Cx, schemes: &[ir::SecurityScheme]) -> TokenStream {
    let mut fields = Vec::new();
    let mut debug_fields = Vec::new();
    for scheme in schemes {
        let ir::SecurityScheme {
            key,
            rust_name: _,
            kind,
            docs: scheme_docs,
            extensions: _,
        } = scheme;
        let field = credential_field(scheme);
        let (ty, place) = match kind {
            ir::SecuritySchemeKind::ApiKey {
                location,
                parameter,
            } => (
                quote!(String),
                format!("the {} `{parameter}`", location_word(*location)),
            ),
            ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => (
                quote!(String),
                "the bearer token of the `Authorization` header".to_owned(),
            ),
            ir::SecuritySchemeKind::Basic => (
                quote!(server::BasicCredentials),
                "the `Basic` credentials of the `Authorization` header".to_owned(),
            ),
        };
        let doc = cx.docs.doc_attrs(
            scheme_docs,
            &[format!(
                "Security scheme `{key}`: {place}, when the request has it and the operation \
                 accepts this scheme."
            )],
        );
        fields.push(quote! { #doc pub #field: Option<#ty>, });
        let name = field.to_string();
        debug_fields.push(quote! {
            .field(#name, &self.#field.as_ref().map(|_| "<hidden>"))
        });
    }
    quote! {
        /// The credentials a request carries, by security scheme.
        #[derive(Clone)]
        pub struct Credentials {
            #(#fields)*
            /// The `operationId` of the operation the request is for.
            pub operation_id: &'static str,
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials")
                    #(#debug_fields)*
                    .field("operation_id", &self.operation_id)
                    .finish()
            }
        }

        /// Maps a request's credentials to the principal its handler receives.
        ///
        /// Called for every operation that has security, once the request carries a
        /// credential of one of the operation's schemes. An `Err` is answered 401.
        pub trait Authenticator: Send + Sync + 'static {
            /// Who is calling, as the implementation wants to know it.
            type Principal: Send + 'static;

            /// The principal for `credentials`, or why they are refused.
            fn authenticate(
                &self,
                credentials: &Credentials,
            ) -> impl ::std::future::Future<
                Output = Result<Self::Principal, server::AuthError>,
            > + Send;
        }
    }
}

/// How an operation's handler learns who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// No security: the principal is `()`.
    None,
    /// A credential is required.
    Required,
    /// Security with an empty alternative: the principal is an `Option`.
    Optional,
}

fn auth_of(operation: &ir::Operation) -> Auth {
    if operation.security.is_empty() {
        Auth::None
    } else if operation
        .security
        .iter()
        .any(|requirement| requirement.schemes.is_empty())
    {
        Auth::Optional
    } else {
        Auth::Required
    }
}

fn principal_type(operation: &ir::Operation) -> TokenStream {
    match auth_of(operation) {
        Auth::None => quote!(()),
        Auth::Required => quote!(Self::Principal),
        Auth::Optional => quote!(Option<Self::Principal>),
    }
}

fn trait_tokens(
    cx: &mut Cx,
    group: &TraitGroup<'_>,
    supertrait: &TokenStream,
    secured: bool,
    shadowed: &BTreeMap<&str, &ir::Operation>,
) -> TokenStream {
    let ident = &group.ident;
    let mut paragraphs = Vec::new();
    match group.tag {
        Some(tag) => {
            let mut first = format!(
                "The operations of the tag \"{}\".",
                spec_fragment(&tag.name).replace('`', "'")
            );
            if let Some(description) = &tag.description {
                first.push(' ');
                first.push_str(&spec_fragment(description));
            }
            paragraphs.push(first);
        }
        None => paragraphs.push("The operations without a tag.".to_owned()),
    }
    let mut usage = "Each method gets the decoded, validated request and returns the answer \
                     to send, as an `async fn` or a method returning \
                     `impl Future<Output = Response> + Send`."
        .to_owned();
    if secured {
        usage.push_str(
            " The principal comes from the [`Authenticator`], which every implementation of \
             this trait also implements.",
        );
    }
    paragraphs.push(usage);
    let doc = own_doc(&paragraphs, false);
    let methods = group.operations.iter().map(|operation| {
        let module = spelling::field_ident(&operation.name);
        let method = spelling::field_ident(&operation.name);
        let principal = principal_type(operation);
        let mut first = format!("`{} {}`", operation.method.as_str(), operation.path);
        if let Some(summary) = &operation.summary {
            first.push_str(&format!(": {summary}"));
        }
        let mut lines = vec![first];
        if let Some(winner) = shadowed.get(operation.name.as_str()) {
            lines.push(format!(
                "The router never calls this method: its method and path are those of \
                 `{}` ({}), which the spec should not allow.",
                winner.id, winner.path
            ));
        }
        let doc = cx.docs.doc_attrs(&operation.docs, &lines);
        quote! {
            #doc
            fn #method(
                &self,
                request: crate::operations::#module::Request,
                context: server::RequestContext<#principal>,
            ) -> impl ::std::future::Future<Output = crate::operations::#module::Response>
                   + Send;
        }
    });
    quote! {
        #doc
        pub trait #ident: #supertrait {
            #(#methods)*
        }
    }
}

/// `error_responder()`, `config()` and the code tables behind them.
fn error_responder(api: &ir::Api) -> TokenStream {
    let style = match error_style(api) {
        Some((correlation_id, details)) => quote! {
            server::ErrorStyle::ApiError {
                correlation_id: #correlation_id,
                details: #details,
            }
        },
        None => quote!(server::ErrorStyle::Plain),
    };
    let schemes = api.security_schemes.iter().filter_map(|scheme| {
        let missing = extension_code(&scheme.extensions, "x-missing-error-code");
        let invalid = extension_code(&scheme.extensions, "x-invalid-error-code");
        if missing.is_none() && invalid.is_none() {
            return None;
        }
        let key = &scheme.key;
        let missing = option_str(missing);
        let invalid = option_str(invalid);
        Some(quote! {
            server::SchemeCodes { scheme: #key, missing: #missing, invalid: #invalid },
        })
    });
    let mut parameters: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for operation in &api.operations {
        for parameter in &operation.parameters {
            let missing = extension_code(&parameter.extensions, "x-missing-error-code");
            let invalid = extension_code(&parameter.extensions, "x-invalid-error-code");
            if missing.is_some() || invalid.is_some() {
                parameters
                    .entry(parameter.name.wire.clone())
                    .or_insert((missing, invalid));
            }
        }
    }
    let parameters = parameters.iter().map(|(name, (missing, invalid))| {
        let missing = option_str(missing.clone());
        let invalid = option_str(invalid.clone());
        quote! {
            server::ParameterCodes { name: #name, missing: #missing, invalid: #invalid },
        }
    });
    let patterns = pattern_codes(api).into_iter().map(|(pattern, code)| {
        quote! { server::PatternCode { pattern: #pattern, code: #code }, }
    });
    let headers = error_headers(api);
    let header_count = proc_macro2::Literal::usize_unsuffixed(headers.len());
    let header_items = headers.iter().map(|(name, value)| {
        quote! {
            (::http::HeaderName::from_static(#name), ::http::HeaderValue::from_static(#value)),
        }
    });
    quote! {
        /// Headers the spec fixes on error answers.
        static ERROR_HEADERS: [(::http::HeaderName, ::http::HeaderValue); #header_count] = [
            #(#header_items)*
        ];

        /// The error bodies this API's spec describes, with the codes its extensions name
        /// (`x-missing-error-code`, `x-invalid-error-code`, `x-pattern-error-code`).
        pub fn error_responder() -> server::DefaultErrorResponder {
            server::DefaultErrorResponder {
                style: #style,
                schemes: &[#(#schemes)*],
                parameters: &[#(#parameters)*],
                patterns: &[#(#patterns)*],
                headers: &ERROR_HEADERS,
            }
        }

        /// The default configuration: [`error_responder`], a 10 MiB body limit, gzip.
        pub fn config() -> server::RouterConfig {
            server::RouterConfig::new(error_responder())
        }
    }
}

fn option_str(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn extension_code(extensions: &BTreeMap<String, serde_json::Value>, key: &str) -> Option<String> {
    extensions
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// Whether the spec's 400 body is `ApiError`-shaped (`code` and `message` strings), and
/// if so whether it has `correlation_id` and `details[{property, code, message}]`.
fn error_style(api: &ir::Api) -> Option<(bool, bool)> {
    let struct_of = |ty: &ir::Ty| match &ty.kind {
        ir::TyKind::Named(name) => api
            .types
            .iter()
            .find(|type_def| &type_def.name == name)
            .and_then(|type_def| match &type_def.kind {
                ir::TypeKind::Struct(fields) => Some(fields),
                _ => None,
            }),
        _ => None,
    };
    let is_string = |ty: &ir::Ty| matches!(ty.kind, ir::TyKind::String(ir::StringFormat::Plain));
    let has_string = |fields: &ir::Struct, name: &str| {
        fields
            .fields
            .iter()
            .any(|field| field.name.wire == name && is_string(&field.ty))
    };
    let body = api
        .operations
        .iter()
        .flat_map(|operation| &operation.responses)
        .filter(|response| response.status == ir::StatusSpec::Code(400))
        .flat_map(|response| &response.contents)
        .find_map(|content| match &content.body {
            ir::BodyKind::Json(ty) => struct_of(ty),
            _ => None,
        })?;
    if !(has_string(body, "code") && has_string(body, "message")) {
        return None;
    }
    let correlation_id = has_string(body, "correlation_id");
    let details = body.fields.iter().any(|field| {
        field.name.wire == "details"
            && match &field.ty.kind {
                ir::TyKind::Array(item) => struct_of(item).is_some_and(|detail| {
                    ["property", "code", "message"]
                        .iter()
                        .all(|name| has_string(detail, name))
                }),
                _ => false,
            }
    });
    Some((correlation_id, details))
}

/// `(pattern, code)` for every pattern with an error code: from `x-pattern-error-code` on
/// the schema that declares the pattern (carried through `$ref`s by lowering), or on the
/// property or parameter that uses it. First use first.
fn pattern_codes(api: &ir::Api) -> Vec<(String, String)> {
    let mut codes: Vec<(String, String)> = Vec::new();
    let mut add = |ty: &ir::Ty, extensions: Option<&BTreeMap<String, serde_json::Value>>| {
        let use_code = extensions.and_then(|e| extension_code(e, "x-pattern-error-code"));
        let mut pending = vec![ty];
        while let Some(ty) = pending.pop() {
            if let Some(pattern) = &ty.constraints.pattern {
                let code = use_code
                    .clone()
                    .or_else(|| ty.constraints.pattern_code.clone());
                if let Some(code) = code {
                    if !codes.iter().any(|(known, _)| known == pattern) {
                        codes.push((pattern.clone(), code));
                    }
                }
            }
            match &ty.kind {
                ir::TyKind::Array(item) | ir::TyKind::Map(item) => pending.push(item),
                _ => {}
            }
        }
    };
    for type_def in &api.types {
        match &type_def.kind {
            ir::TypeKind::Struct(fields) => {
                for field in &fields.fields {
                    add(&field.ty, Some(&field.extensions));
                }
                if let Some(additional) = &fields.additional_properties {
                    add(additional, None);
                }
            }
            ir::TypeKind::Alias(ty) => add(ty, None),
            _ => {}
        }
    }
    for operation in &api.operations {
        for parameter in &operation.parameters {
            add(&parameter.ty, Some(&parameter.extensions));
        }
    }
    codes
}

/// The fixed-value headers declared on error answers (4xx, 5xx, ranges and `default`),
/// by lower-case name, first value first.
fn error_headers(api: &ir::Api) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = Vec::new();
    for operation in &api.operations {
        for response in &operation.responses {
            let error = match response.status {
                ir::StatusSpec::Code(code) => code >= 400,
                ir::StatusSpec::Range(digit) => digit >= 4,
                ir::StatusSpec::Default => true,
            };
            if !error {
                continue;
            }
            for (name, value) in fixed_headers(response) {
                if !headers.iter().any(|(known, _)| *known == name) {
                    headers.push((name, value));
                }
            }
        }
    }
    headers
}

/// The headers of a response whose only value the spec fixes, with names in lower case;
/// names or values that cannot be headers are left out.
fn fixed_headers(response: &ir::Response) -> Vec<(String, String)> {
    response
        .headers
        .iter()
        .filter_map(|header| {
            let value = header.fixed_value.as_ref()?;
            let name = header.name.wire.to_ascii_lowercase();
            (is_header_name(&name) && is_header_value(value)).then(|| (name, value.clone()))
        })
        .collect()
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"!#$%&'*+-.^_`|~".contains(&byte)
        })
}

fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

/// The path as axum routes it: each `{parameter}` renamed `{p0}`, `{p1}`, ... in order,
/// so that routes sharing a prefix agree on the names of its parameters, with the keys
/// by wire name.
fn route_path(path: &str) -> (String, Vec<(String, String)>) {
    let mut route = String::new();
    let mut keys = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(length) = rest[open..].find('}') else {
            break;
        };
        let close = open + length;
        route.push_str(&rest[..open]);
        let key = format!("p{}", keys.len());
        route.push_str(&format!("{{{key}}}"));
        keys.push((rest[open + 1..close].to_owned(), key));
        rest = &rest[close + 1..];
    }
    route.push_str(rest);
    (route, keys)
}

fn handler_ident(operation: &ir::Operation) -> Ident {
    format_ident!("handle_{}", operation.name.trim_start_matches("r#"))
}

/// The operations by axum route, and the operations that cannot be reached because an
/// earlier one (by name) has the same route and method, each with the one that shadows it.
/// The spec forbids such paths, but a router must not panic on them.
#[allow(clippy::type_complexity)]
fn routes(
    operations: &[ir::Operation],
) -> (
    BTreeMap<String, Vec<&ir::Operation>>,
    BTreeMap<&str, &ir::Operation>,
) {
    let mut routes: BTreeMap<String, Vec<&ir::Operation>> = BTreeMap::new();
    let mut shadowed = BTreeMap::new();
    for operation in operations {
        let (route, _) = route_path(&operation.path);
        let methods = routes.entry(route).or_default();
        match methods
            .iter()
            .find(|known| known.method == operation.method)
        {
            Some(known) => {
                shadowed.insert(operation.name.as_str(), *known);
            }
            None => methods.push(operation),
        }
    }
    (routes, shadowed)
}

/// `router` and `router_with_config`.
fn router_fn(operations: &[ir::Operation], groups: &[TraitGroup<'_>]) -> TokenStream {
    let (routes, _) = routes(operations);
    let route_calls = routes.iter().map(|(route, members)| {
        let mut methods: Vec<ir::Method> =
            members.iter().map(|operation| operation.method).collect();
        methods.sort();
        let mut allow: Vec<&str> = methods.iter().map(|method| method.as_str()).collect();
        if methods.contains(&ir::Method::Get) && !methods.contains(&ir::Method::Head) {
            allow.push("HEAD");
        }
        let allow = allow.join(",");
        let chained = members.iter().map(|operation| {
            let handler = handler_ident(operation);
            let method = format_ident!("{}", operation.method.as_str().to_ascii_lowercase());
            quote! { .#method(#handler::<S>) }
        });
        quote! {
            .route(#route, server::method_router::<S>(#allow) #(#chained)*)
        }
    });
    let trait_names: Vec<String> = groups
        .iter()
        .map(|group| format!("[`{}`]", group.ident))
        .collect();
    let router_doc = own_doc(
        &[format!(
            "An axum router serving every operation with `service`, configured by [`config`]. \
         `service` implements {}.",
            if trait_names.is_empty() {
                "[`Implementation`]".to_owned()
            } else {
                trait_names.join(", ")
            }
        )],
        false,
    );
    quote! {
        #router_doc
        pub fn router<S>(service: S) -> ::axum::Router
        where
            S: Implementation,
        {
            router_with_config(service, config())
        }

        /// An axum router serving every operation with `service`, configured by `config`
        /// (body limit, compression, error bodies).
        pub fn router_with_config<S>(
            service: S,
            config: server::RouterConfig,
        ) -> ::axum::Router
        where
            S: Implementation,
        {
            let routes = ::axum::Router::new() #(#route_calls)*;
            server::finish(routes, service, config)
        }
    }
}

/// How a parameter's text turns into its value.
fn decoder(parameter: &ir::Parameter) -> TokenStream {
    let rt = quote!(server);
    let ty = non_null(&parameter.ty);
    if is_text_primitive(&ty) {
        let tokens = spelling::ty_tokens(&ty);
        return quote!(#rt::decode_scalar::<#tokens>);
    }
    if let ir::TyKind::Array(item) = &ty.kind {
        let item_tokens = spelling::ty_tokens(item);
        let separator = list_separator(parameter);
        let primitive = !item.nullable && is_text_primitive(item);
        return match (separator, primitive) {
            (Some(separator), true) => quote! {
                |values: &[&str]| #rt::decode_delimited::<#item_tokens>(values, #separator)
            },
            (None, true) => quote!(#rt::decode_exploded::<#item_tokens>),
            (Some(separator), false) => quote! {
                |values: &[&str]| #rt::decode_serde_list::<#item_tokens>(
                    values,
                    Some(#separator),
                )
            },
            (None, false) => quote! {
                |values: &[&str]| #rt::decode_serde_list::<#item_tokens>(
                    values,
                    None,
                )
            },
        };
    }
    let tokens = spelling::ty_tokens(&ty);
    quote!(#rt::decode_serde::<#tokens>)
}

/// The separator of a list parameter, or `None` when each value is one item.
fn list_separator(parameter: &ir::Parameter) -> Option<char> {
    match (parameter.location, parameter.style, parameter.explode) {
        (ir::ParamLocation::Query | ir::ParamLocation::Cookie, ir::ParamStyle::Form, true) => None,
        (_, ir::ParamStyle::SpaceDelimited, _) => Some(' '),
        (_, ir::ParamStyle::PipeDelimited, _) => Some('|'),
        (ir::ParamLocation::Path, ir::ParamStyle::Label, true) => Some('.'),
        _ => Some(','),
    }
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

/// The distinct media types of an operation's answers.
fn response_media(operation: &ir::Operation) -> Vec<String> {
    let mut media: Vec<String> = Vec::new();
    for response in &operation.responses {
        for content in &response.contents {
            if !media.contains(&content.media_type) {
                media.push(content.media_type.clone());
            }
        }
    }
    media
}

/// The statements that read one parameter into a local named like its field.
fn parameter_read(
    parameter: &ir::Parameter,
    keys: &[(String, String)],
    missing: &mut Vec<(Ident, String)>,
) -> TokenStream {
    let ir::Parameter {
        name,
        location,
        required,
        ty,
        style,
        explode: _,
        fixed_value: _,
        default: _,
        docs: _,
        pointer: _,
        extensions: _,
    } = parameter;
    let rt = quote!(server);
    let local = parameter_local(&name.rust);
    let wire = &name.wire;
    let decode = decoder(parameter);
    let wraps =
        spelling::ty_tokens(ty).to_string() != spelling::ty_tokens(&non_null(ty)).to_string();
    let read = match location {
        ir::ParamLocation::Path => {
            let key = keys
                .iter()
                .find(|(wire_name, _)| wire_name == wire)
                .map_or_else(|| wire.clone(), |(_, key)| key.clone());
            let prefix = match style {
                ir::ParamStyle::Label => Some(".".to_owned()),
                ir::ParamStyle::Matrix => Some(format!(";{wire}=")),
                _ => None,
            };
            let decode = match prefix {
                Some(prefix) => quote! {
                    |values: &[&str]| {
                        let stripped: Vec<&str> = values
                            .iter()
                            .map(|value| #rt::strip_path_style(value, #prefix))
                            .collect();
                        (#decode)(&stripped)
                    }
                },
                None => decode,
            };
            let value = quote! { #rt::Input::path(&params, #key, #wire, #decode)? };
            return if wraps {
                quote! { let #local = Some(#value); }
            } else {
                quote! { let #local = #value; }
            };
        }
        ir::ParamLocation::Header if *required => {
            let value = quote! { input.required_header(#wire, #decode)? };
            return if wraps {
                quote! { let #local = Some(#value); }
            } else {
                quote! { let #local = #value; }
            };
        }
        ir::ParamLocation::Header => quote! { input.header(#wire, #decode)? },
        ir::ParamLocation::Query => quote! { input.query(#wire, #decode)? },
        ir::ParamLocation::Cookie => quote! { input.cookie(#wire, #decode)? },
    };
    let read = if wraps {
        quote! { #read.map(Some) }
    } else {
        read
    };
    if *required {
        missing.push((local.clone(), wire.clone()));
    }
    quote! { let #local = #read; }
}

/// The local variable holding a parameter's value, apart from the handler's own names.
fn parameter_local(rust: &str) -> Ident {
    format_ident!("param_{}", rust.trim_start_matches("r#"))
}

/// The check of a parameter whose only value the spec fixes.
fn fixed_parameter_check(parameter: &ir::Parameter, keys: &[(String, String)]) -> TokenStream {
    let rt = quote!(server);
    let wire = &parameter.name.wire;
    let Some(fixed) = &parameter.fixed_value else {
        return quote!();
    };
    let expected = format!("`{fixed}`");
    let invalid = |location: TokenStream| {
        quote! {
            return Err(#rt::Rejection::InvalidParameter {
                location: #rt::Location::#location,
                name: #wire,
                error: crate::runtime::params::ParamError::new(#expected, found),
            });
        }
    };
    let text = quote!(#rt::decode_scalar::<String>);
    match (parameter.location, parameter.required) {
        (ir::ParamLocation::Header, true) => quote! { input.fixed_header(#wire, #fixed)?; },
        (ir::ParamLocation::Header, false) => quote! {
            if input.headers().contains_key(#wire) {
                input.fixed_header(#wire, #fixed)?;
            }
        },
        (ir::ParamLocation::Path, _) => {
            let key = keys
                .iter()
                .find(|(wire_name, _)| wire_name == wire)
                .map_or_else(|| wire.clone(), |(_, key)| key.clone());
            let invalid = invalid(quote!(Path));
            quote! {
                {
                    let found = &#rt::Input::path(&params, #key, #wire, #text)?;
                    if found != #fixed {
                        #invalid
                    }
                }
            }
        }
        (location, required) => {
            let (read, variant) = if location == ir::ParamLocation::Query {
                (quote!(input.query), quote!(Query))
            } else {
                (quote!(input.cookie), quote!(Cookie))
            };
            let invalid = invalid(variant);
            let missing = required.then(|| {
                quote! {
                    if found_fixed.is_none() {
                        return Err(#rt::Rejection::Violations(
                            crate::runtime::validation::Violations(::std::vec![
                                #rt::missing_parameter(#wire),
                            ]),
                        ));
                    }
                }
            });
            quote! {
                {
                    let found_fixed = #read(#wire, #text)?;
                    #missing
                    if let Some(found) = &found_fixed {
                        if found != #fixed {
                            #invalid
                        }
                    }
                }
            }
        }
    }
}

/// The functions that read credentials and authenticate, shared between the handlers of
/// operations that accept the same schemes the same way.
#[derive(Default)]
struct Authenticators {
    /// Each function's signature after its name, its body, and both as text.
    fns: Vec<(TokenStream, TokenStream, String)>,
}

impl Authenticators {
    /// The statement of `operation`'s handler that leaves `principal`, adding the function
    /// it calls when new.
    fn statement(&mut self, api: &ir::Api, operation: &ir::Operation) -> TokenStream {
        let auth = auth_of(operation);
        if auth == Auth::None {
            return quote! { let principal = (); };
        }
        let (uses_headers, uses_uri, body) = authentication(api, operation, auth);
        let output = if auth == Auth::Optional {
            quote!(Option<S::Principal>)
        } else {
            quote!(S::Principal)
        };
        let mut params = quote!(service: &S,);
        let mut args = quote!(&shared.service,);
        if uses_headers {
            params.extend(quote!(headers: &::http::HeaderMap,));
            args.extend(quote!(input.headers(),));
        }
        if uses_uri {
            params.extend(quote!(uri: &::http::Uri,));
            args.extend(quote!(input.uri(),));
        }
        let signature = quote! {
            <S: Authenticator>(#params operation_id: &'static str)
                -> Result<#output, server::Rejection>
        };
        let key = format!("{signature} {body}");
        let index = match self.fns.iter().position(|(_, _, known)| *known == key) {
            Some(index) => index,
            None => {
                self.fns.push((signature, body, key));
                self.fns.len() - 1
            }
        };
        let ident = format_ident!("authenticate_{}", index);
        // The handler names the operation's module `operation`.
        quote! {
            let principal = #ident(#args operation::OPERATION_ID).await?;
        }
    }

    fn tokens(&self) -> TokenStream {
        let fns = self
            .fns
            .iter()
            .enumerate()
            .map(|(index, (signature, body, _))| {
                let ident = format_ident!("authenticate_{}", index);
                quote! {
                    /// Reads the credentials a request carries for an operation and asks the
                    /// [`Authenticator`] for the principal.
                    async fn #ident #signature {
                        #body
                    }
                }
            });
        quote! { #(#fns)* }
    }
}

/// The body of an authentication function for `operation`, and whether it reads the
/// headers and the URI.
fn authentication(
    api: &ir::Api,
    operation: &ir::Operation,
    auth: Auth,
) -> (bool, bool, TokenStream) {
    let rt = quote!(server);
    let scheme_of = |key: &str| api.security_schemes.iter().find(|scheme| scheme.key == key);
    // The schemes this operation accepts, in order of first mention.
    let mut used: Vec<&ir::SecurityScheme> = Vec::new();
    for requirement in &operation.security {
        for (key, _scopes) in &requirement.schemes {
            if let Some(scheme) = scheme_of(key) {
                if !used.iter().any(|known| known.key == scheme.key) {
                    used.push(scheme);
                }
            }
        }
    }
    let mut reads = Vec::new();
    let fields = api.security_schemes.iter().map(|scheme| {
        let field = credential_field(scheme);
        if !used.iter().any(|known| known.key == scheme.key) {
            return quote! { #field: None, };
        }
        let key = &scheme.key;
        let value = match &scheme.kind {
            ir::SecuritySchemeKind::ApiKey {
                location,
                parameter,
            } => match location {
                ir::ParamLocation::Query => {
                    quote! { #rt::query_credential(uri, #parameter) }
                }
                ir::ParamLocation::Cookie => {
                    quote! { #rt::cookie_credential(headers, #parameter) }
                }
                ir::ParamLocation::Header | ir::ParamLocation::Path => {
                    quote! { #rt::header_credential(headers, #parameter) }
                }
            },
            ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => {
                quote! { #rt::bearer_credential(headers) }
            }
            ir::SecuritySchemeKind::Basic => {
                reads.push(quote! {
                    let #field = match #rt::basic_credential(headers) {
                        Some(Ok(credentials)) => {
                            Some(credentials)
                        }
                        Some(Err(error)) => {
                            return Err(#rt::Rejection::InvalidCredential {
                                scheme: #key,
                                parameter: "Authorization",
                                message: error.message().map(ToOwned::to_owned),
                            });
                        }
                        None => None,
                    };
                });
                return quote! { #field, };
            }
        };
        quote! { #field: #value, }
    });
    let fields: Vec<TokenStream> = fields.collect();
    // Each alternative is satisfied when all its schemes' credentials are present.
    let alternatives: Vec<Vec<TokenStream>> = operation
        .security
        .iter()
        .filter(|requirement| !requirement.schemes.is_empty())
        .map(|requirement| {
            requirement
                .schemes
                .iter()
                .filter_map(|(key, _)| {
                    let field = credential_field(scheme_of(key)?);
                    Some(quote!(credentials.#field.is_some()))
                })
                .collect()
        })
        .collect();
    let several = alternatives.len() > 1;
    let alternatives: Vec<TokenStream> = alternatives
        .into_iter()
        .map(|present| match present.as_slice() {
            [] => quote!(false),
            [single] => single.clone(),
            _ if several => quote!((#(#present)&&*)),
            _ => quote!(#(#present)&&*),
        })
        .collect();
    // The scheme a refusal is reported for: the first whose credential is present.
    let refused = match used.as_slice() {
        [] => quote! { ("", "") },
        [single] => {
            let key = &single.key;
            let parameter = scheme_parameter(single);
            quote! { (#key, #parameter) }
        }
        several => {
            let key = &several[0].key;
            let parameter = scheme_parameter(several[0]);
            let candidates = several.iter().map(|scheme| {
                let field = credential_field(scheme);
                let key = &scheme.key;
                let parameter = scheme_parameter(scheme);
                quote! { (credentials.#field.is_some(), #key, #parameter), }
            });
            quote! {
                [#(#candidates)*]
                    .into_iter()
                    .find(|(present, _, _)| *present)
                    .map_or((#key, #parameter), |(_, scheme, parameter)| (scheme, parameter))
            }
        }
    };
    // The scheme a missing credential is reported for: the first of the first alternative.
    let missing_scheme = operation
        .security
        .iter()
        .find(|requirement| !requirement.schemes.is_empty())
        .and_then(|requirement| requirement.schemes.first())
        .and_then(|(key, _)| scheme_of(key));
    let missing = match missing_scheme {
        Some(scheme) => {
            let key = &scheme.key;
            let parameter = scheme_parameter(scheme);
            quote! {
                Err(#rt::Rejection::MissingCredential {
                    scheme: #key,
                    parameter: #parameter,
                })
            }
        }
        None => {
            quote! { Err(#rt::Rejection::MissingCredential { scheme: "", parameter: "" }) }
        }
    };
    let (found, absent) = match auth {
        Auth::Optional => (quote!(Some(principal)), quote!(Ok(None))),
        Auth::Required | Auth::None => (quote!(principal), missing),
    };
    let satisfied = if alternatives.is_empty() {
        quote!(false)
    } else {
        quote!(#(#alternatives)||*)
    };
    let reads_query = |scheme: &&ir::SecurityScheme| {
        matches!(
            scheme.kind,
            ir::SecuritySchemeKind::ApiKey {
                location: ir::ParamLocation::Query,
                ..
            }
        )
    };
    let uses_uri = used.iter().any(reads_query);
    let uses_headers = !used.iter().all(reads_query);
    let body = quote! {
        #(#reads)*
        let credentials = Credentials {
            #(#fields)*
            operation_id,
        };
        if #satisfied {
            match Authenticator::authenticate(service, &credentials).await {
                Ok(principal) => Ok(#found),
                Err(error) => {
                    let (scheme, parameter) = #refused;
                    Err(#rt::Rejection::InvalidCredential {
                        scheme,
                        parameter,
                        message: error.message().map(ToOwned::to_owned),
                    })
                }
            }
        } else {
            #absent
        }
    };
    (uses_headers, uses_uri, body)
}

/// The expression decoding a body of one media type from `bytes`.
fn body_decode(content: &ir::MediaContent) -> TokenStream {
    let rt = quote!(server);
    let ty = body_kind_tokens(&content.body);
    match &content.body {
        ir::BodyKind::Json(_) => quote! { #rt::decode_json_body::<#ty>(&bytes)? },
        ir::BodyKind::Form(_) => quote! { #rt::decode_form_body::<#ty>(&bytes)? },
        ir::BodyKind::Text(_) => quote! { #rt::decode_text_body(bytes)? },
        ir::BodyKind::Binary => quote! { bytes },
    }
}

/// The statements that check `Content-Type`, read and decode the body into `body`.
fn body_read(operation: &ir::Operation) -> (TokenStream, TokenStream) {
    let rt = quote!(server);
    let Some(body) = &operation.request_body else {
        return (quote!(), quote!());
    };
    let ir::RequestBody {
        required,
        docs: _,
        contents,
    } = body;
    if contents.is_empty() {
        return (quote!(), quote!());
    }
    let module = spelling::field_ident(&operation.name);
    let media: Vec<&str> = contents
        .iter()
        .map(|content| content.media_type.as_str())
        .collect();
    let check = quote! { let media = input.content_type(&[#(#media),*])?; };
    let decode = match contents.as_slice() {
        [single] => {
            let decode = body_decode(single);
            quote! {
                match media {
                    Some(_) => #decode,
                    None => {
                        return Err(
                            #rt::Input::missing_content_type(&[#(#media),*]),
                        );
                    }
                }
            }
        }
        several => {
            let arms = several.iter().enumerate().map(|(index, content)| {
                let variant = media_variant(&content.media_type);
                let decode = body_decode(content);
                quote! {
                    Some(#index) => {
                        crate::operations::#module::RequestBody::#variant(#decode)
                    }
                }
            });
            quote! {
                match media {
                    #(#arms)*
                    _ => {
                        return Err(
                            #rt::Input::missing_content_type(&[#(#media),*]),
                        );
                    }
                }
            }
        }
    };
    let read = if *required {
        quote! {
            let bytes = input.body().await?;
            if bytes.is_empty() {
                return Err(#rt::Rejection::MissingBody);
            }
            let decoded_body = #decode;
        }
    } else {
        quote! {
            let bytes = input.body().await?;
            let decoded_body = if bytes.is_empty() {
                None
            } else {
                Some(#decode)
            };
        }
    };
    (check, read)
}

/// The axum handler of one operation.
fn handler(
    api: &ir::Api,
    operation: &ir::Operation,
    trait_ident: &Ident,
    authenticators: &mut Authenticators,
) -> TokenStream {
    let ir::Operation {
        id: _,
        name,
        type_name: _,
        method: _,
        path,
        tags: _,
        summary: _,
        docs: _,
        parameters,
        request_body: _,
        responses: _,
        security: _,
        pointer: _,
        extensions: _,
    } = operation;
    let rt = quote!(server);
    let handler = handler_ident(operation);
    let module = spelling::field_ident(name);
    let method = spelling::field_ident(name);
    let (_, keys) = route_path(path);
    let authentication = authenticators.statement(api, operation);
    let fixed_headers: Vec<TokenStream> = parameters
        .iter()
        .filter(|parameter| {
            parameter.fixed_value.is_some() && parameter.location == ir::ParamLocation::Header
        })
        .map(|parameter| fixed_parameter_check(parameter, &keys))
        .collect();
    let media = response_media(operation);
    let accept = (!media.is_empty()).then(|| quote! { input.accept(&[#(#media),*])?; });
    let (content_type, body_read) = body_read(operation);
    let has_path = parameters
        .iter()
        .any(|parameter| parameter.location == ir::ParamLocation::Path);
    let path_params = has_path.then(|| quote! { let params = input.path_params().await?; });
    let fixed_others: Vec<TokenStream> = parameters
        .iter()
        .filter(|parameter| {
            parameter.fixed_value.is_some() && parameter.location != ir::ParamLocation::Header
        })
        .map(|parameter| fixed_parameter_check(parameter, &keys))
        .collect();
    let mut missing = Vec::new();
    let reads: Vec<TokenStream> = caller_parameters(operation)
        .map(|parameter| parameter_read(parameter, &keys, &mut missing))
        .collect();
    let missing_check = (!missing.is_empty()).then(|| {
        let checks = missing.iter().map(|(local, wire)| {
            quote! {
                if #local.is_none() {
                    missing.push(#rt::missing_parameter(#wire));
                }
            }
        });
        let locals = missing.iter().map(|(local, _)| local);
        let patterns = missing.iter().map(|(local, _)| quote!(Some(#local)));
        quote! {
            let mut missing = Vec::new();
            #(#checks)*
            let (#(#patterns,)*) = (#(#locals,)*) else {
                return Err(#rt::Rejection::Violations(
                    crate::runtime::validation::Violations(missing),
                ));
            };
        }
    });
    let mut field_inits: Vec<TokenStream> = caller_parameters(operation)
        .map(|parameter| {
            let field = spelling::field_ident(&parameter.name.rust);
            let local = parameter_local(&parameter.name.rust);
            quote!(#field: #local,)
        })
        .collect();
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| !body.contents.is_empty())
    {
        let field = format_ident!("{}", body_field_name(operation));
        field_inits.push(quote!(#field: decoded_body,));
    } else if let Some(body) = &operation.request_body {
        // A body without media types cannot be read; it is left empty.
        let field = format_ident!("{}", body_field_name(operation));
        if body.required {
            field_inits.push(quote!(#field: ::std::default::Default::default(),));
        } else {
            field_inits.push(quote!(#field: None,));
        }
    }
    quote! {
        async fn #handler<S>(
            ::axum::extract::State(shared): ::axum::extract::State<#rt::State<S>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response
        where
            S: #trait_ident,
        {
            use crate::operations::#module as operation;
            let mut input = #rt::Input::new(request, &shared.config, operation::OPERATION_ID);
            let result: Result<::axum::response::Response, #rt::Rejection> =
                async {
                    #authentication
                    #(#fixed_headers)*
                    #accept
                    #content_type
                    #path_params
                    #(#fixed_others)*
                    #(#reads)*
                    #missing_check
                    #body_read
                    let request = operation::Request {
                        #(#field_inits)*
                    };
                    input.validate(&request)?;
                    let context = input.context(principal);
                    let response =
                        <S as #trait_ident>::#method(&shared.service, request, context).await;
                    Ok(::axum::response::IntoResponse::into_response(
                        response,
                    ))
                }
                .await;
            result.unwrap_or_else(|rejection| input.reject(&rejection))
        }
    }
}

/// Statics for the sets of fixed response headers, shared between responses.
#[derive(Default)]
struct FixedHeaders {
    sets: Vec<Vec<(String, String)>>,
}

impl FixedHeaders {
    /// The static holding `headers`, added when new.
    fn ident(&mut self, headers: Vec<(String, String)>) -> Ident {
        let index = match self.sets.iter().position(|known| *known == headers) {
            Some(index) => index,
            None => {
                self.sets.push(headers);
                self.sets.len() - 1
            }
        };
        format_ident!("FIXED_HEADERS_{}", index)
    }

    fn tokens(&self) -> TokenStream {
        let statics = self.sets.iter().enumerate().map(|(index, headers)| {
            let ident = format_ident!("FIXED_HEADERS_{}", index);
            let count = proc_macro2::Literal::usize_unsuffixed(headers.len());
            let items = headers.iter().map(|(name, value)| {
                quote! {
                    (::http::HeaderName::from_static(#name), ::http::HeaderValue::from_static(#value)),
                }
            });
            quote! {
                static #ident: [(::http::HeaderName, ::http::HeaderValue); #count] = [#(#items)*];
            }
        });
        quote! { #(#statics)* }
    }
}

/// The media type a response body of `content` is sent with.
fn response_media_type(content: &ir::MediaContent) -> String {
    let concrete = !content.media_type.contains('*') && is_header_value(&content.media_type);
    if concrete {
        return content.media_type.clone();
    }
    match content.body {
        ir::BodyKind::Json(_) => "application/json",
        ir::BodyKind::Form(_) => "application/x-www-form-urlencoded",
        ir::BodyKind::Text(_) => "text/plain; charset=utf-8",
        ir::BodyKind::Binary => "application/octet-stream",
    }
    .to_owned()
}

/// The expression making a response with the body `value` of one media type.
fn response_with_body(content: &ir::MediaContent, value: &TokenStream) -> TokenStream {
    let rt = quote!(server);
    let media = response_media_type(content);
    match &content.body {
        ir::BodyKind::Json(_) | ir::BodyKind::Form(_) => {
            if media == "application/json" {
                quote! { #rt::json_response(status, &#value) }
            } else {
                quote! { #rt::json_response_as(status, &#value, #media) }
            }
        }
        ir::BodyKind::Text(_) | ir::BodyKind::Binary => {
            quote! { #rt::bytes_response(status, #value, #media) }
        }
    }
}

/// The statements setting the variable headers of a response from `headers`.
fn header_writes(response: &ir::Response) -> Vec<TokenStream> {
    let rt = quote!(server);
    variable_headers(response)
        .map(|header| {
            let ir::ResponseHeader {
                name,
                required,
                ty,
                fixed_value: _,
                docs: _,
            } = header;
            let field = spelling::field_ident(&name.rust);
            let wire = &name.wire;
            let inner = non_null(ty);
            let set = if is_text_primitive(&inner) {
                quote! { #rt::set_header(&mut response, #wire, value); }
            } else if matches!(&inner.kind, ir::TyKind::Array(item) if !item.nullable && is_text_primitive(item))
            {
                quote! { #rt::set_header_list(&mut response, #wire, value); }
            } else {
                quote! { #rt::set_header_serde(&mut response, #wire, value); }
            };
            let optional_layers = usize::from(!*required) + usize::from(spelling::is_option(ty));
            let mut statement = set;
            for _ in 0..optional_layers {
                statement = quote! {
                    if let Some(value) = value {
                        #statement
                    }
                };
            }
            quote! {
                let value = &headers.#field;
                #statement
            }
        })
        .collect()
}

/// `IntoResponse` for an operation's `Response`.
fn into_response(operation: &ir::Operation, statics: &mut FixedHeaders) -> TokenStream {
    let rt = quote!(server);
    let module = spelling::field_ident(&operation.name);
    // Each arm: its pattern, the expression that builds the response, the statements that
    // add its headers, and the static of its fixed headers.
    let arms: Vec<(TokenStream, TokenStream, Vec<TokenStream>, Option<Ident>)> = operation
        .responses
        .iter()
        .map(|response| {
            let variant = format_ident!("{}", response.variant);
            let fixed = fixed_headers(response);
            let fixed = (!fixed.is_empty()).then(|| statics.ident(fixed));
            let body_value = quote!(body);
            let with_body = match response.contents.as_slice() {
                [] => quote! { #rt::empty_response(status) },
                [single] => response_with_body(single, &body_value),
                several => {
                    let body_enum = response_body_enum(response);
                    let arms = several.iter().map(|content| {
                        let media = media_variant(&content.media_type);
                        let make = response_with_body(content, &quote!(value));
                        quote! {
                            crate::operations::#module::#body_enum::#media(value) => #make,
                        }
                    });
                    quote! { match body { #(#arms)* } }
                }
            };
            let pattern = match variant_shape(response) {
                VariantShape::Unit => quote!(Self::#variant),
                VariantShape::Body => quote!(Self::#variant(body)),
                VariantShape::Fields {
                    status: _,
                    body,
                    headers: has_headers,
                } => {
                    let body = body.then(|| quote!(body,));
                    let headers = has_headers.then(|| quote!(headers,));
                    quote!(Self::#variant { #body #headers .. })
                }
            };
            (pattern, with_body, header_writes(response), fixed)
        })
        .collect();
    // When every answer carries the same fixed headers, they are added once, after the match.
    let shared_fixed = match arms.split_first() {
        Some(((_, _, _, Some(first)), rest))
            if rest
                .iter()
                .all(|(_, _, _, fixed)| fixed.as_ref() == Some(first)) =>
        {
            Some(first.clone())
        }
        _ => None,
    };
    let each_fixed = shared_fixed.is_none();
    let arms = arms
        .into_iter()
        .map(|(pattern, with_body, headers, fixed)| {
            let fixed = fixed.filter(|_| each_fixed);
            match (headers.is_empty(), fixed) {
                (true, None) => quote! { #pattern => #with_body, },
                (true, Some(fixed)) => {
                    quote! { #pattern => #rt::with_fixed_headers(#with_body, &#fixed), }
                }
                (false, fixed) => {
                    let finish = match fixed {
                        Some(fixed) => quote! { #rt::with_fixed_headers(response, &#fixed) },
                        None => quote! { response },
                    };
                    quote! {
                        #pattern => {
                            let mut response = #with_body;
                            #(#headers)*
                            #finish
                        }
                    }
                }
            }
        });
    let body = match (operation.responses.is_empty(), shared_fixed) {
        (true, _) => quote! { match self {} },
        (false, None) => quote! {
            let status = self.status();
            match self {
                #(#arms)*
            }
        },
        (false, Some(fixed)) => quote! {
            let status = self.status();
            let response = match self {
                #(#arms)*
            };
            #rt::with_fixed_headers(response, &#fixed)
        },
    };
    quote! {
        impl ::axum::response::IntoResponse for crate::operations::#module::Response {
            fn into_response(self) -> ::axum::response::Response {
                #body
            }
        }
    }
}
