//! `client.rs`: the async client, with one method per operation, its builder and the
//! servers of the API, plus the client example of the crate documentation.
//!
//! Each method takes the operation's `Request` by reference (it only reads it) and returns
//! its `Response` (both from `operations.rs`). The code written here only lists what each operation needs; the work
//! (encoding, credentials, retries, decoding) is in the hand-written `runtime/client/`.
//!
//! - [`servers`]: the `Server` enum and the default base URL.
//! - [`builder`]: `ClientBuilder`, with one setter per security scheme.
//! - [`methods`]: one method of `Client` per operation, writing parameters and body.
//! - [`responses`]: `mod decode`, which turns an answer into an operation's `Response`.
//! - [`example`]: the crate documentation's section on the client and its example, with
//!   [`example_body`] for the values it builds.

mod builder;
mod example;
mod example_body;
mod methods;
mod responses;
mod servers;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::context::Cx;
use crate::ir;

pub use example::crate_doc;
pub(super) use methods::style_variant;

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
    let server_enum = servers::server_enum(cx, servers);
    let builder = builder::builder(cx, servers, security_schemes);
    let methods: Vec<TokenStream> = operations
        .iter()
        .map(|operation| methods::operation_method(cx, operation))
        .collect();
    // An API without operations (a 3.1 document of webhooks only) has nothing to decode.
    let decode_module = (!operations.is_empty()).then(|| {
        let decoders = operations.iter().map(responses::operation_decoder);
        quote! {
            /// One function per operation that turns an answer into its `Response`.
            mod decode {
                use crate::runtime::client;

                #(#decoders)*
            }
        }
    });
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

        #decode_module
    }
}

/// The inner doc of `client.rs`: what the client does and how it is set up.
fn module_doc(title: &str) -> TokenStream {
    let lines = [
        format!(" An async client for {title}."),
        String::new(),
        " [`Client`] has one method per operation. It takes the operation's `Request` by"
            .to_owned(),
        " reference (from [`crate::operations`]: `Request::new` with the required parameters,"
            .to_owned(),
        " `with_*` for the others) and returns its `Response`, an enum with one variant per"
            .to_owned(),
        " status the API declares, each holding the decoded body. Anything else is an".to_owned(),
        " [`Error`]: the connection failed or timed out, the status is not declared, the"
            .to_owned(),
        " answer does not decode, or the request breaks the API's constraints and was not"
            .to_owned(),
        " sent. `Response::into_result` splits an answer into the operation's `Success` and"
            .to_owned(),
        " `Failure` (an error with the status and the typed body), so that".to_owned(),
        " `client.operation(&request).await?.into_result()?` passes both kinds of error on."
            .to_owned(),
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
