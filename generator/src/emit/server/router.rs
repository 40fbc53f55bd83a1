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

/// `router` and `router_with_config`.
pub(super) fn router_fn(
    operations: &[ir::Operation],
    server_traits: &[ir::ServerTrait],
) -> TokenStream {
    let routes = routes(operations);
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
            let handler = format_ident!("{}", operation.server.handler);
            let method = format_ident!("{}", operation.method.as_str().to_ascii_lowercase());
            quote! { .#method(#handler::<S>) }
        });
        quote! {
            .route(#route, server::method_router::<S>(#allow) #(#chained)*)
        }
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
            let routes = ::axum::Router::new() #(#route_calls)*;
            server::finish(routes, service, config)
        }
    }
}
