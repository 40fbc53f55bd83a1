//! `ClientBuilder`: the server, the credentials (one setter per security scheme) and the
//! other settings of a client.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
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

/// The setter's name for a credential: the scheme's name, unless a builder method has it.
pub(super) fn credential_setter_name(rust_name: &str) -> Ident {
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
pub(super) fn builder(
    cx: &mut Cx,
    servers: &[ir::Server],
    schemes: &[ir::SecurityScheme],
) -> TokenStream {
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
