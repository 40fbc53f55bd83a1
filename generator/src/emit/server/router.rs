//! The axum `router`: one route per path shape, each method to its handler.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::own_doc;
use crate::ir;

/// The path as axum routes it: each `{parameter}` renamed `{p0}`, `{p1}`, ... in order,
/// so that routes sharing a prefix agree on the names of its parameters, with the keys
/// by wire name.
pub(super) fn route_path(template: &ir::PathTemplate) -> (String, Vec<(String, String)>) {
    let mut route = String::new();
    let mut keys = Vec::new();
    for segment in &template.segments {
        match segment {
            ir::PathSegment::Literal(text) => route.push_str(text),
            ir::PathSegment::Parameter(name) => {
                let key = format!("p{}", keys.len());
                route.push_str(&format!("{{{key}}}"));
                keys.push((name.clone(), key));
            }
        }
    }
    (route, keys)
}

/// The operations the router serves (those no earlier operation shadows), by axum route.
fn routes(operations: &[ir::Operation]) -> BTreeMap<String, Vec<&ir::Operation>> {
    let mut routes: BTreeMap<String, Vec<&ir::Operation>> = BTreeMap::new();
    for operation in operations {
        if operation.server.shadowed_by.is_none() {
            let (route, _) = route_path(&operation.template);
            routes.entry(route).or_default().push(operation);
        }
    }
    routes
}

/// `router`, `router_with_config` and the `RouterBuilder` that mounts traits one by one.
pub(super) fn router_fn(
    operations: &[ir::Operation],
    server_traits: &[ir::ServerTrait],
) -> TokenStream {
    let routes = routes(operations);
    let mounted_binding = if routes.is_empty() {
        quote!(mounted: _)
    } else {
        quote!(mounted)
    };
    let route_calls = routes.iter().map(|(route, members)| {
        let mut methods: Vec<ir::Method> =
            members.iter().map(|operation| operation.method).collect();
        methods.sort();
        let mut allow: Vec<&str> = methods.iter().map(|method| method.as_str()).collect();
        if methods.contains(&ir::Method::Get) && !methods.contains(&ir::Method::Head) {
            allow.push("HEAD");
        }
        let allow = allow.join(",");
        let entries = members.iter().map(|operation| {
            let id = &operation.id;
            let method = format_ident!("{}", operation.method.as_str());
            quote! { (#id, ::axum::routing::MethodFilter::#method) }
        });
        quote! {
            .route(#route, mounted.route(#allow, &[#(#entries),*]))
        }
    });
    let mounts = server_traits.iter().map(|server_trait| {
        let trait_ident = format_ident!("{}", server_trait.name);
        let mount = format_ident!("{}", server_trait.mount);
        let calls = super::members(operations, server_trait)
            .into_iter()
            .filter(|operation| operation.server.shadowed_by.is_none())
            .map(|operation| {
                let id = &operation.id;
                let handler = format_ident!("{}", operation.server.handler);
                let method = format_ident!("{}", operation.method.as_str().to_ascii_lowercase());
                quote! { self.mounted.mount(#id, |route| route.#method(#handler::<S>)); }
            });
        let doc = own_doc(
            &[format!(
                "Serves the operations of [`{}`] with the service.",
                server_trait.name
            )],
            false,
        );
        quote! {
            #doc
            #[must_use]
            pub fn #mount(mut self) -> Self
            where
                S: #trait_ident,
            {
                #(#calls)*
                self
            }
        }
    });
    let all_mounts = server_traits.iter().map(|server_trait| {
        let mount = format_ident!("{}", server_trait.mount);
        quote!(.#mount())
    });
    let trait_names: Vec<String> = server_traits
        .iter()
        .map(|server_trait| format!("[`{}`]", server_trait.name))
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
            RouterBuilder::new(service).with_config(config) #(#all_mounts)* .build()
        }

        /// An axum router serving the traits it is told to mount, for a service that
        /// implements only some of them. Every path of the API is routed: the operations of
        /// the traits not mounted answer 501 with the error body, unknown paths 404 and
        /// other methods 405, as [`router`] does.
        pub struct RouterBuilder<S> {
            service: S,
            config: server::RouterConfig,
            mounted: server::Mounted<S>,
        }

        impl<S> ::std::fmt::Debug for RouterBuilder<S> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("RouterBuilder")
                    .field("config", &self.config)
                    .field("mounted", &self.mounted)
                    .finish_non_exhaustive()
            }
        }

        impl<S> RouterBuilder<S>
        where
            S: Send + Sync + 'static,
        {
            /// A builder serving nothing yet with `service`, configured by [`config`].
            pub fn new(service: S) -> Self {
                Self {
                    service,
                    config: config(),
                    mounted: server::Mounted::default(),
                }
            }

            /// Configures the router with `config` (body limit, compression, error bodies).
            #[must_use]
            pub fn with_config(mut self, config: server::RouterConfig) -> Self {
                self.config = config;
                self
            }

            #(#mounts)*

            /// The router.
            pub fn build(self) -> ::axum::Router {
                let Self { service, config, #mounted_binding } = self;
                let routes = ::axum::Router::new() #(#route_calls)*;
                server::finish(routes, service, config)
            }
        }
    }
}
