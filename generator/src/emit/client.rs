//! `client.rs`: the async client, with one method per operation, its builder and the
//! servers of the API, plus the client example of the crate documentation.
//!
//! Each method takes the operation's `Request` and returns its `Response` (both from
//! `operations.rs`). The code written here only lists what each operation needs; the work
//! (encoding, credentials, retries, decoding) is in the hand-written `runtime/client/`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::emit::operations::{
    VariantShape, body_field_name, caller_parameters, response_body_enum, response_body_tokens,
    response_headers_struct, response_media, variable_headers, variant_shape,
};
use crate::emit::spelling;
use crate::ir;

/// Methods of `ClientBuilder` that a credential setter must not take the name of.
const BUILDER_METHODS: &[&str] = &[
    "new",
    "server",
    "base_url",
    "user_agent",
    "timeout",
    "retry_policy",
    "validate_requests",
    "http_client",
    "build",
];

/// Methods of `Client` that an operation method must not take the name of.
const CLIENT_METHODS: &[&str] = &["builder", "config"];

/// The whole `client.rs` module.
pub fn emit_client(cx: &mut Cx, api: &ir::Api) -> TokenStream {
    let ir::Api {
        title,
        version: _,
        description: _,
        servers,
        types: _,
        boxed: _,
        operations,
        security_schemes,
        tags: _,
        patterns: _,
        errors: _,
        server_traits: _,
        warnings: _,
    } = api;
    let module_doc = module_doc(title);
    let server_enum = server_enum(cx, servers);
    let builder = builder(cx, servers, security_schemes);
    let methods: Vec<TokenStream> = operations
        .iter()
        .map(|operation| operation_method(cx, operation))
        .collect();
    let decoders = operations.iter().map(operation_decoder);
    quote! {
        #module_doc

        use crate::runtime::client;

        pub use crate::runtime::client::{Error, RetryPolicy, Secret};

        #server_enum
        #builder

        /// The async client: one method per operation of the API.
        ///
        /// Cloning is cheap and clones share connections. `Debug` never shows a credential.
        #[derive(Debug, Clone)]
        pub struct Client {
            transport: ::std::sync::Arc<client::Transport>,
        }

        impl Client {
            /// A builder that starts from the defaults.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            /// The configuration the client runs with.
            pub fn config(&self) -> &client::Config {
                self.transport.config()
            }

            #(#methods)*
        }

        /// One function per operation that turns an answer into its `Response`.
        mod decode {
            use crate::runtime::client;

            #(#decoders)*
        }
    }
}

fn module_doc(title: &str) -> TokenStream {
    let lines = [
        format!(" An async client for {title}."),
        String::new(),
        " [`Client`] has one method per operation. It takes the operation's `Request` (from"
            .to_owned(),
        " [`crate::operations`]: `Request::new` with the required parameters, `with_*` for"
            .to_owned(),
        " the others) and returns its `Response`, an enum with one variant per status the API"
            .to_owned(),
        " declares, each holding the decoded body. Anything else is an [`Error`]: the".to_owned(),
        " connection failed or timed out, the status is not declared, the answer does not"
            .to_owned(),
        " decode, or the request breaks the API's constraints and was not sent.".to_owned(),
        String::new(),
        " [`ClientBuilder`] sets the server, the credentials, the user agent, the timeout,"
            .to_owned(),
        " the [`RetryPolicy`] and whether requests are validated; the crate documentation has"
            .to_owned(),
        " an example. Headers whose only value the API fixes are sent by the client itself."
            .to_owned(),
    ];
    let attrs = lines.iter().map(|line| quote! { #![doc = #line] });
    quote! { #(#attrs)* }
}

/// `Server`: the servers of the API description, the first being the default, and
/// `DEFAULT_BASE_URL` (empty when the description names no server).
fn server_enum(cx: &mut Cx, servers: &[ir::Server]) -> TokenStream {
    let Some(first) = servers.first() else {
        return quote! {
            /// The API description names no server: set one with `ClientBuilder::base_url`.
            const DEFAULT_BASE_URL: &str = "";
        };
    };
    let items = servers.iter().enumerate().map(|(index, server)| {
        let ir::Server {
            url,
            description,
            variant,
        } = server;
        let variant = format_ident!("{}", variant);
        let line = match description {
            Some(description) => format!("`{url}`: {description}"),
            None => format!("`{url}`"),
        };
        let doc = cx.docs.doc_attrs(&ir::Docs::default(), &[line]);
        let default = (index == 0).then(|| quote!(#[default]));
        quote! { #doc #default #variant, }
    });
    let variants: Vec<Ident> = servers
        .iter()
        .map(|server| format_ident!("{}", server.variant))
        .collect();
    let urls = servers.iter().zip(&variants).map(|(server, variant)| {
        let url = &server.url;
        quote! { Self::#variant => #url, }
    });
    let first_url = &first.url;
    quote! {
        /// A server of the API description; the first is the default.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub enum Server {
            #(#items)*
        }

        impl Server {
            /// Every server, in the order of the API description.
            pub const ALL: &'static [Server] = &[#(Server::#variants),*];

            /// The server's base URL.
            pub fn url(self) -> &'static str {
                match self {
                    #(#urls)*
                }
            }
        }

        /// The base URL used when none is chosen: the first server's.
        const DEFAULT_BASE_URL: &str = #first_url;
    }
}

/// The setter's name for a credential: the scheme's name, unless a builder method has it.
fn credential_setter_name(rust_name: &str) -> Ident {
    let bare = rust_name.trim_start_matches("r#");
    if BUILDER_METHODS.contains(&bare) {
        format_ident!("{}_credential", bare)
    } else {
        spelling::field_ident(rust_name)
    }
}

/// The setter for the credential of one security scheme.
fn credential_setter(cx: &mut Cx, scheme: &ir::SecurityScheme) -> TokenStream {
    let ir::SecurityScheme {
        key,
        rust_name,
        kind,
        docs: scheme_docs,
    } = scheme;
    let setter = credential_setter_name(rust_name);
    let rt = quote!(client);
    let (what, signature, credential) = match kind {
        ir::SecuritySchemeKind::ApiKey {
            location,
            parameter,
        } => {
            let (placement, where_) = match location {
                ir::ParamLocation::Query => (quote!(Query), "query parameter"),
                ir::ParamLocation::Cookie => (quote!(Cookie), "cookie"),
                ir::ParamLocation::Header | ir::ParamLocation::Path => (quote!(Header), "header"),
            };
            (
                format!("the API key, sent in the `{parameter}` {where_}"),
                quote!(key: impl Into<Secret>),
                quote!(#rt::Credential::api_key(
                    #key,
                    #rt::Placement::#placement(#parameter),
                    key.into(),
                )),
            )
        }
        ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => (
            "the bearer token, sent as `Authorization: Bearer <token>`".to_owned(),
            quote!(token: impl Into<Secret>),
            quote!(#rt::Credential::bearer(#key, token.into())),
        ),
        ir::SecuritySchemeKind::Basic => (
            "the user name and password, sent as `Authorization: Basic <base64>`".to_owned(),
            quote!(
                username: impl ::std::convert::AsRef<str>,
                password: impl Into<Secret>
            ),
            quote!(#rt::Credential::basic(#key, username.as_ref(), password.into())),
        ),
    };
    let spec_doc = cx.docs.doc_attrs(scheme_docs, &[]);
    let summary = format!(" Sets {what} (security scheme `{key}`).");
    let separator = if spec_doc.is_empty() {
        quote!()
    } else {
        quote!(#[doc = ""])
    };
    quote! {
        #[doc = #summary]
        #separator
        #spec_doc
        #[must_use]
        pub fn #setter(mut self, #signature) -> Self {
            self.config.set_credential(#credential);
            self
        }
    }
}

/// `ClientBuilder`.
fn builder(cx: &mut Cx, servers: &[ir::Server], schemes: &[ir::SecurityScheme]) -> TokenStream {
    let server_method = (!servers.is_empty()).then(|| {
        quote! {
            /// Sends requests to `server`.
            #[must_use]
            pub fn server(mut self, server: Server) -> Self {
                self.config.base_url = server.url().to_owned();
                self
            }
        }
    });
    let new_doc = if servers.is_empty() {
        " The defaults: no base URL (set one with [`ClientBuilder::base_url`]), no credentials,"
    } else {
        " The defaults: the first server, no credentials,"
    };
    let setters: Vec<TokenStream> = schemes
        .iter()
        .map(|scheme| credential_setter(cx, scheme))
        .collect();
    quote! {
        /// Sets up a [`Client`]. `Debug` never shows a credential.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: client::Config,
            http: Option<::reqwest::Client>,
        }

        impl ::std::default::Default for ClientBuilder {
            fn default() -> Self {
                Self::new()
            }
        }

        impl ClientBuilder {
            #[doc = #new_doc]
            /// a 30 second timeout, the default [`RetryPolicy`], requests validated, gzip
            /// accepted and a `User-Agent` naming this crate.
            pub fn new() -> Self {
                Self {
                    config: client::Config::new(
                        DEFAULT_BASE_URL,
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
                    ),
                    http: None,
                }
            }

            #server_method

            /// Sends requests to `url`, to which operation paths are appended.
            #[must_use]
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.config.base_url = url.into();
                self
            }

            #(#setters)*

            /// Sends `user_agent` as the `User-Agent` header.
            #[must_use]
            pub fn user_agent(
                mut self,
                user_agent: impl Into<String>,
            ) -> Self {
                self.config.user_agent = user_agent.into();
                self
            }

            /// Gives up on an attempt that takes longer than `timeout`, from sending the
            /// request to the end of the answer's body.
            #[must_use]
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// Retries as `policy` says; [`RetryPolicy::none`] turns retries off.
            #[must_use]
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.config.retry = policy;
                self
            }

            /// Whether requests are checked against the API's constraints before they are
            /// sent (on by default); a request that fails is [`Error::Invalid`].
            #[must_use]
            pub fn validate_requests(mut self, validate: bool) -> Self {
                self.config.validate_requests = validate;
                self
            }

            /// Sends through `http` instead of a client of its own. The caller's client
            /// decides about gzip, redirects, proxies and TLS (the client's own accepts gzip
            /// and follows no redirect); the timeout set here still applies.
            #[must_use]
            pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = Some(http);
                self
            }

            /// The client; fails when the base URL does not parse or the HTTP client cannot
            /// be set up.
            pub fn build(self) -> Result<Client, Error> {
                let transport = client::Transport::new(self.config, self.http)?;
                Ok(Client {
                    transport: ::std::sync::Arc::new(transport),
                })
            }
        }
    }
}

/// The name of an operation's method on `Client`.
fn method_ident(name: &str) -> Ident {
    if CLIENT_METHODS.contains(&name) {
        format_ident!("{}_operation", name)
    } else {
        spelling::field_ident(name)
    }
}

fn style_tokens(style: ir::ParamStyle) -> TokenStream {
    let variant = style_variant(style);
    quote!(client::Style::#variant)
}

/// The runtime's `Style` variant for a parameter style, shared with the server.
pub(super) fn style_variant(style: ir::ParamStyle) -> TokenStream {
    match style {
        ir::ParamStyle::Simple => quote!(Simple),
        ir::ParamStyle::Label => quote!(Label),
        ir::ParamStyle::Matrix => quote!(Matrix),
        ir::ParamStyle::Form => quote!(Form),
        ir::ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ir::ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ir::ParamStyle::DeepObject => quote!(DeepObject),
    }
}

/// The statement that writes one parameter into `call`.
fn parameter_step(parameter: &ir::Parameter) -> TokenStream {
    let ir::Parameter {
        name,
        location,
        required: _,
        ty: _,
        style,
        explode,
        fixed_value,
        default: _,
        docs: _,
        pointer: _,
    } = parameter;
    let wire = &name.wire;
    let value = match fixed_value {
        Some(fixed) => quote!(#fixed),
        None => {
            let field = spelling::field_ident(&name.rust);
            quote!(&request.#field)
        }
    };
    let style = style_tokens(*style);
    match location {
        ir::ParamLocation::Path => quote! { call.path_param(#wire, #style, #explode, #value)?; },
        ir::ParamLocation::Query => quote! { call.query_param(#wire, #style, #explode, #value)?; },
        ir::ParamLocation::Header => quote! { call.header_param(#wire, #explode, #value)?; },
        ir::ParamLocation::Cookie => quote! { call.cookie_param(#wire, #explode, #value)?; },
    }
}

/// The statements that write the path: literal text and path parameters in template order.
fn path_steps(operation: &ir::Operation) -> Vec<TokenStream> {
    let mut steps = Vec::new();
    let mut literal = String::new();
    for segment in &operation.template.segments {
        let name = match segment {
            ir::PathSegment::Literal(text) => {
                literal.push_str(text);
                continue;
            }
            ir::PathSegment::Parameter(name) => name,
        };
        let parameter = operation.parameters.iter().find(|parameter| {
            parameter.location == ir::ParamLocation::Path && parameter.name.wire == *name
        });
        match parameter {
            Some(parameter) => {
                if !literal.is_empty() {
                    steps.push(quote! { call.path(#literal); });
                    literal.clear();
                }
                steps.push(parameter_step(parameter));
            }
            None => literal.push_str(&format!("{{{name}}}")),
        }
    }
    if !literal.is_empty() {
        steps.push(quote! { call.path(#literal); });
    }
    steps
}

/// The `Content-Type` a request body of `media_type` is sent with.
fn request_content_type(media_type: &str, body: &ir::BodyKind) -> String {
    if !media_type.contains('*') {
        return media_type.to_owned();
    }
    match body {
        ir::BodyKind::Json(_) => "application/json",
        ir::BodyKind::Form(_) => "application/x-www-form-urlencoded",
        ir::BodyKind::Text(_) => "text/plain; charset=utf-8",
        ir::BodyKind::Binary => "application/octet-stream",
    }
    .to_owned()
}

/// The statement that writes a body of one media type, held in `value` (a reference).
fn body_call(content: &ir::MediaContent, value: &TokenStream) -> TokenStream {
    let ir::MediaContent {
        media_type,
        variant: _,
        body,
    } = content;
    let content_type = request_content_type(media_type, body);
    match body {
        ir::BodyKind::Json(_) => quote! { call.json_body(#content_type, #value)? },
        ir::BodyKind::Form(_) => quote! { call.form_body(#content_type, #value)? },
        ir::BodyKind::Text(_) => quote! { call.text_body(#content_type, #value)? },
        ir::BodyKind::Binary => quote! { call.bytes_body(#content_type, #value)? },
    }
}

/// The statements that write the request body, if the operation has one.
fn body_step(operation: &ir::Operation, module: &TokenStream) -> TokenStream {
    let Some(body) = &operation.request_body else {
        return quote!();
    };
    let ir::RequestBody {
        required,
        docs: _,
        contents,
    } = body;
    let field = format_ident!("{}", body_field_name(operation));
    let value = quote!(value);
    let write = match contents.as_slice() {
        [] => return quote!(),
        [single] => {
            let call = body_call(single, &value);
            quote! { #call; }
        }
        several => {
            let arms = several.iter().map(|content| {
                let variant = format_ident!("{}", content.variant);
                let call = body_call(content, &value);
                quote! { #module::RequestBody::#variant(value) => #call, }
            });
            quote! { match value { #(#arms)* } }
        }
    };
    if *required {
        quote! {
            let value = &request.#field;
            #write
        }
    } else {
        quote! {
            if let Some(value) = &request.#field {
                #write
            }
        }
    }
}

/// One async method of `Client`.
fn operation_method(cx: &mut Cx, operation: &ir::Operation) -> TokenStream {
    let ir::Operation {
        id,
        name,
        type_name: _,
        method,
        path,
        template: _,
        tags: _,
        summary,
        docs: operation_docs,
        parameters,
        request_body: _,
        responses: _,
        security,
        pointer: _,
        server: _,
    } = operation;
    let module_ident = spelling::field_ident(name);
    let module = quote!(crate::operations::#module_ident);
    let method_name = method_ident(name);
    let mut first_line = format!("`{} {path}`", method.as_str());
    if let Some(summary) = summary {
        let summary = summary.trim();
        let stop = if summary.ends_with(['.', '!', '?']) {
            ""
        } else {
            "."
        };
        first_line.push_str(&format!(": {summary}{stop}"));
    } else {
        first_line.push('.');
    }
    let summary_doc = cx.docs.outer_doc_lines(&[first_line]);
    let spec_doc = cx.docs.doc_attrs(operation_docs, &[]);
    let spec_separator = (!spec_doc.is_empty()).then(|| quote!(#[doc = ""]));
    let response_line = format!(
        " Returns [`crate::operations::{module_ident}::Response`], with one variant per status \
         the operation declares."
    );
    let alias = (id != name).then(|| quote!(#[doc(alias = #id)]));
    let deprecated = operation_docs.deprecated.then(|| quote!(#[deprecated]));
    let http_method = format_ident!("{}", method.as_str());
    let alternatives = security.iter().map(|requirement| {
        let keys = requirement.schemes.iter().map(|(key, _scopes)| key);
        quote!(&[#(#keys),*])
    });
    let path_steps = path_steps(operation);
    // Path parameters are written by `path_steps`; the others in spec order.
    let other_steps = parameters
        .iter()
        .filter(|parameter| parameter.location != ir::ParamLocation::Path)
        .map(parameter_step);
    let accept = response_media(operation);
    let accept = (!accept.is_empty()).then(|| {
        let accept = accept.join(", ");
        quote! { call.accept(#accept)?; }
    });
    let body = body_step(operation, &module);
    quote! {
        #summary_doc
        #spec_separator
        #spec_doc
        #[doc = ""]
        #[doc = #response_line]
        #alias
        #deprecated
        pub async fn #method_name(
            &self,
            request: #module::Request,
        ) -> Result<#module::Response, Error> {
            self.transport.validate(&request)?;
            let mut call = client::Call::new(
                ::http::Method::#http_method,
                &[#(#alternatives),*],
            );
            #(#path_steps)*
            #(#other_steps)*
            #accept
            #body
            let raw = self.transport.send(call).await?;
            self.transport.finish(&raw, decode::#module_ident)
        }
    }
}

/// The runtime function that decodes a body of one kind from `raw`.
fn decoder(body: &ir::BodyKind) -> TokenStream {
    let rt = quote!(client);
    match body {
        ir::BodyKind::Json(_) => quote!(#rt::decode_json),
        ir::BodyKind::Form(_) => quote!(#rt::decode_form),
        ir::BodyKind::Text(_) => quote!(#rt::decode_text),
        ir::BodyKind::Binary => quote!(#rt::decode_bytes),
    }
}

/// `let body = ...;`: the body of a declared answer, by media type.
fn body_decoding(module: &TokenStream, response: &ir::Response) -> TokenStream {
    let rt = quote!(client);
    let media: Vec<&str> = response
        .contents
        .iter()
        .map(|content| content.media_type.as_str())
        .collect();
    match response.contents.as_slice() {
        [] => quote!(),
        [single] => {
            let ty = response_body_tokens(response);
            let decoder = decoder(&single.body);
            quote! {
                let body: #ty = #rt::decode_body(raw, &[#(#media),*], #decoder)?;
            }
        }
        several => {
            let enum_ident = response_body_enum(response);
            let last = several.len() - 1;
            let arms = several.iter().enumerate().map(|(index, content)| {
                let variant = format_ident!("{}", content.variant);
                let decoder = decoder(&content.body);
                // `expect_media` only returns declared indices, so the last arm takes the rest.
                let pattern = if index == last {
                    quote!(_)
                } else {
                    let index = proc_macro2::Literal::usize_unsuffixed(index);
                    quote!(#index)
                };
                quote! { #pattern => #module::#enum_ident::#variant(#decoder(raw)?), }
            });
            quote! {
                let body = match #rt::expect_media(raw, &[#(#media),*])? {
                    #(#arms)*
                };
            }
        }
    }
}

/// `let headers = ...;`: the headers of a declared answer that the spec does not fix.
fn headers_decoding(module: &TokenStream, response: &ir::Response) -> TokenStream {
    let ident = response_headers_struct(response);
    let fields = variable_headers(response).map(|header| {
        let ir::ResponseHeader {
            name,
            required,
            ty,
            fixed_value: _,
            docs: _,
        } = header;
        let field = spelling::field_ident(&name.rust);
        let wire = &name.wire;
        let array = matches!(ty.kind, ir::TyKind::Array(_));
        if *required {
            quote! { #field: client::required_header(raw, #wire, #array)?, }
        } else {
            quote! { #field: client::optional_header(raw, #wire, #array)?, }
        }
    });
    quote! {
        let headers = #module::#ident { #(#fields)* };
    }
}

/// The match arm expression that builds one declared answer.
fn response_arm(module: &TokenStream, response: &ir::Response) -> TokenStream {
    let ir::Response {
        status: _,
        variant,
        description: _,
        contents,
        headers: _,
    } = response;
    let variant_ident = format_ident!("{}", variant);
    let shape = variant_shape(response);
    if let (VariantShape::Body, [single]) = (&shape, contents.as_slice()) {
        // The common case in one expression: one media type, the body is the variant.
        let media = &single.media_type;
        let decoder = decoder(&single.body);
        return quote! {
            client::decode_body(raw, &[#media], #decoder)
                .map(#module::Response::#variant_ident)
        };
    }
    let body = (!contents.is_empty()).then(|| body_decoding(module, response));
    let headers = matches!(shape, VariantShape::Fields { headers: true, .. })
        .then(|| headers_decoding(module, response));
    let value = match shape {
        VariantShape::Unit => quote!(#module::Response::#variant_ident),
        VariantShape::Body => quote!(#module::Response::#variant_ident(body)),
        VariantShape::Fields {
            status,
            body,
            headers,
        } => {
            let status = status.then(|| quote!(status: raw.status,));
            let body = body.then(|| quote!(body,));
            let headers = headers.then(|| quote!(headers,));
            quote!(#module::Response::#variant_ident { #status #body #headers })
        }
    };
    quote! {
        {
            #body
            #headers
            Ok(#value)
        }
    }
}

/// The function of `mod decode` that turns an answer into the operation's `Response`.
fn operation_decoder(operation: &ir::Operation) -> TokenStream {
    let module_ident = spelling::field_ident(&operation.name);
    let module = quote!(crate::operations::#module_ident);
    let rt = quote!(client);
    let doc = format!(" Decodes an answer to `{}`.", operation.name);
    if operation.responses.is_empty() {
        // Nothing is declared, so every answer is undeclared.
        return quote! {
            #[doc = #doc]
            pub(super) fn #module_ident(
                raw: &#rt::RawResponse,
            ) -> Result<#module::Response, super::Error> {
                Err(#rt::undeclared(raw))
            }
        };
    }
    // Exact codes come first and ranges next, so that a code wins over its range, as
    // OpenAPI specifies; `default` takes what is left, else the status is undeclared.
    let local = quote!(operation);
    let (mut codes, mut ranges, mut default) = (Vec::new(), Vec::new(), None);
    for response in &operation.responses {
        let arm = response_arm(&local, response);
        match response.status {
            ir::StatusSpec::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                codes.push(quote! { #code => #arm, });
            }
            ir::StatusSpec::Range(digit) => {
                let low = proc_macro2::Literal::u16_unsuffixed(u16::from(digit) * 100);
                let high = proc_macro2::Literal::u16_unsuffixed(u16::from(digit) * 100 + 99);
                ranges.push(quote! { #low..=#high => #arm, });
            }
            ir::StatusSpec::Default => default = default.or(Some(arm)),
        }
    }
    let body = match default {
        // Only `default`: every status is its answer.
        Some(arm) if codes.is_empty() && ranges.is_empty() => arm,
        _ => {
            let default = default.unwrap_or_else(|| quote!(Err(#rt::undeclared(raw))));
            quote! {
                match raw.status.as_u16() {
                    #(#codes)*
                    #(#ranges)*
                    _ => #default,
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        pub(super) fn #module_ident(
            raw: &#rt::RawResponse,
        ) -> Result<#module::Response, super::Error> {
            use #module as operation;
            #body
        }
    }
}

/// Names the example binds itself, which a hidden argument must not take.
const EXAMPLE_NAMES: &[&str] = &["body", "client", "create", "other", "request", "response"];

/// How the example writes a required parameter: a literal (from the spec's example, or
/// for integers and booleans), or else a hidden `String` argument of the example function.
/// `None` when neither works. Returns the expression and the hidden argument, if any.
fn example_value(parameter: &ir::Parameter) -> Option<(String, Option<String>)> {
    let ir::Parameter {
        name,
        location: _,
        required: _,
        ty,
        style: _,
        explode: _,
        fixed_value: _,
        default: _,
        docs: parameter_docs,
        pointer: _,
    } = parameter;
    if ty.nullable {
        return None;
    }
    let example = parameter_docs.example.as_ref();
    match &ty.kind {
        ir::TyKind::String(ir::StringFormat::Plain) => {
            let literal = example.and_then(serde_json::Value::as_str).filter(|text| {
                text.chars()
                    .all(|c| !c.is_control() && c != '"' && c != '\\')
            });
            match literal {
                Some(text) => Some((format!("{text:?}.to_owned()"), None)),
                None => {
                    let variable = name.rust.trim_start_matches("r#");
                    let plain = !variable.is_empty()
                        && variable
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !EXAMPLE_NAMES.contains(&variable);
                    plain.then(|| (variable.to_owned(), Some(format!("{variable}: String"))))
                }
            }
        }
        ir::TyKind::Integer(_) => Some((
            example
                .and_then(serde_json::Value::as_i64)
                .unwrap_or(1)
                .to_string(),
            None,
        )),
        ir::TyKind::Boolean => Some(("true".to_owned(), None)),
        _ => None,
    }
}

/// How the example calls an operation that reads something.
struct ExampleGet<'a> {
    operation: &'a ir::Operation,
    /// The arguments of `Request::new`, as Rust source.
    arguments: Vec<String>,
    /// Hidden arguments of the example function that the arguments use.
    hidden: Vec<String>,
}

/// The arguments of `Request::new` and the hidden arguments they need, when every
/// required parameter can be written (see [`example_value`]) and no body is required.
fn example_arguments(operation: &ir::Operation) -> Option<(Vec<String>, Vec<String>)> {
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| body.required)
    {
        return None;
    }
    let mut arguments = Vec::new();
    let mut hidden = Vec::new();
    for parameter in caller_parameters(operation).filter(|parameter| parameter.required) {
        let (argument, hidden_argument) = example_value(parameter)?;
        arguments.push(argument);
        hidden.extend(hidden_argument);
    }
    Some((arguments, hidden))
}

/// The operation the example creates something with: a `POST` with a body, preferring a
/// name that starts with `create` and then the shortest path.
fn example_create(api: &ir::Api) -> Option<&ir::Operation> {
    api.operations
        .iter()
        .filter(|operation| {
            operation.method == ir::Method::Post && operation.request_body.is_some()
        })
        .min_by_key(|operation| {
            (
                !operation.name.starts_with("create"),
                operation.path.len(),
                operation.name.clone(),
            )
        })
}

/// The operation the example reads with: a `GET` whose required parameters can be written
/// as literals, preferring one below the path of `created` and a name starting with `get`.
fn example_get<'a>(api: &'a ir::Api, created: Option<&ir::Operation>) -> Option<ExampleGet<'a>> {
    let below = |operation: &ir::Operation| {
        created.is_some_and(|created| {
            operation
                .path
                .strip_prefix(created.path.as_str())
                .is_some_and(|rest| rest.starts_with("/{") && rest.matches('/').count() == 1)
        })
    };
    api.operations
        .iter()
        .filter(|operation| operation.method == ir::Method::Get)
        .filter_map(|operation| {
            let (arguments, hidden) = example_arguments(operation)?;
            Some(ExampleGet {
                operation,
                arguments,
                hidden,
            })
        })
        .min_by_key(|example| {
            let operation = example.operation;
            (
                !below(operation),
                !operation.name.starts_with("get"),
                operation.path.len(),
                operation.name.clone(),
            )
        })
}

/// The builder calls that set credentials for `operation` in the example.
fn example_credentials(api: &ir::Api, operation: Option<&ir::Operation>) -> Vec<String> {
    let Some(requirement) = operation.and_then(|operation| operation.security.first()) else {
        return Vec::new();
    };
    requirement
        .schemes
        .iter()
        .filter_map(|(key, _)| {
            api.security_schemes
                .iter()
                .find(|scheme| &scheme.key == key)
        })
        .map(|scheme| {
            let setter = credential_setter_name(&scheme.rust_name);
            match scheme.kind {
                ir::SecuritySchemeKind::ApiKey { .. } => {
                    format!("    .{setter}(\"your API key\")")
                }
                ir::SecuritySchemeKind::Bearer | ir::SecuritySchemeKind::OAuth2 => {
                    format!("    .{setter}(\"your token\")")
                }
                ir::SecuritySchemeKind::Basic => {
                    format!("    .{setter}(\"your user name\", \"your password\")")
                }
            }
        })
        .collect()
}

/// The pattern that matches the first success answer of `operation` in the example.
fn example_success_arm(operation: &ir::Operation) -> Option<String> {
    let response = operation.responses.iter().find(|response| {
        matches!(response.status, ir::StatusSpec::Code(code) if (200..300).contains(&code))
    })?;
    let module = &operation.name;
    let variant = &response.variant;
    Some(match variant_shape(response) {
        VariantShape::Unit => format!("{module}::Response::{variant} => println!(\"done\"),"),
        VariantShape::Body => {
            format!("{module}::Response::{variant}(body) => println!(\"{{body:?}}\"),")
        }
        VariantShape::Fields { .. } => {
            format!("{module}::Response::{variant} {{ .. }} => println!(\"done\"),")
        }
    })
}

/// The crate documentation's section on the client, with an example that compiles as a
/// doctest: inner `#![cfg_attr(feature = "client", doc = ...)]` attributes.
pub fn crate_doc(api: &ir::Api, crate_name: &str) -> TokenStream {
    let krate = crate_name.replace('-', "_");
    let create = example_create(api);
    let get = example_get(api, create);
    let server = api
        .servers
        .iter()
        .find(|server| {
            let text = format!(
                "{} {}",
                server.url,
                server.description.as_deref().unwrap_or("")
            );
            text.to_ascii_lowercase().contains("sandbox")
        })
        .map(|server| format_ident!("{}", server.variant));
    let mut lines = vec![
        String::new(),
        "# Calling the API".to_owned(),
        String::new(),
        "With the `client` feature, [`client::Client`] has one async method per operation. \
         It takes the operation's `Request` from [`operations`] (`Request::new` with the \
         required parameters, `with_*` setters for the others) and returns its `Response`: \
         an enum with one variant per status the API declares, holding the decoded body. \
         Anything else is a [`client::Error`]."
            .to_owned(),
        String::new(),
        "```no_run".to_owned(),
    ];
    let mut hidden_arguments: Vec<String> = create
        .map(|operation| format!("create: {krate}::operations::{}::Request", operation.name))
        .into_iter()
        .collect();
    if let Some(example) = &get {
        hidden_arguments.extend(example.hidden.iter().cloned());
    }
    lines.push(format!(
        "# async fn example({}) -> Result<(), {krate}::client::Error> {{",
        hidden_arguments.join(", ")
    ));
    let mut imports = vec!["Client".to_owned()];
    if server.is_some() {
        imports.push("Server".to_owned());
    }
    lines.push(format!("use {krate}::client::{{{}}};", imports.join(", ")));
    let mut modules: Vec<&str> = Vec::new();
    if let Some(operation) = create {
        modules.push(&operation.name);
    }
    if let Some(ExampleGet { operation, .. }) = &get {
        if !modules.contains(&operation.name.as_str()) {
            modules.push(&operation.name);
        }
    }
    match modules.as_slice() {
        [] => {}
        [single] => lines.push(format!("use {krate}::operations::{single};")),
        several => lines.push(format!(
            "use {krate}::operations::{{{}}};",
            several.join(", ")
        )),
    }
    lines.push(String::new());
    lines.push("let client = Client::builder()".to_owned());
    match &server {
        Some(variant) => lines.push(format!("    .server(Server::{variant})")),
        None if api.servers.is_empty() => {
            lines.push("    .base_url(\"https://api.example.com\")".to_owned());
        }
        None => {}
    }
    lines.extend(example_credentials(
        api,
        create.or(get.as_ref().map(|example| example.operation)),
    ));
    lines.push("    .build()?;".to_owned());
    if let Some(operation) = create {
        let name = &operation.name;
        let method = method_ident(name);
        lines.push(String::new());
        lines.push(format!(
            "// `create` is a `{name}::Request::new(...)` built from the types in `types`."
        ));
        match example_success_arm(operation) {
            Some(arm) if operation.responses.len() > 1 => {
                lines.push(format!("match client.{method}(create).await? {{"));
                lines.push(format!("    {arm}"));
                lines.push(
                    "    other => println!(\"answered with status {}\", other.status()),"
                        .to_owned(),
                );
                lines.push("}".to_owned());
            }
            _ => {
                lines.push(format!("let response = client.{method}(create).await?;"));
                lines.push("println!(\"{response:?}\");".to_owned());
            }
        }
    }
    if let Some(ExampleGet {
        operation,
        arguments,
        hidden: _,
    }) = &get
    {
        let name = &operation.name;
        let method = method_ident(name);
        lines.push(String::new());
        lines.push(format!(
            "let request = {name}::Request::new({});",
            arguments.join(", ")
        ));
        lines.push(format!("let response = client.{method}(request).await?;"));
        lines.push("println!(\"status {}: {response:?}\", response.status());".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![cfg_attr(feature = "client", doc = #line)] }
    });
    quote! { #(#attrs)* }
}
