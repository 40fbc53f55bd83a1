//! The `Server` enum of the API's servers and `DEFAULT_BASE_URL`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::emit::context::Cx;
use crate::ir;

/// `Server`: the servers of the API description, the first being the default, and
/// `DEFAULT_BASE_URL` (empty when the description names no server).
pub(super) fn server_enum(cx: &mut Cx, servers: &[ir::Server]) -> TokenStream {
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
