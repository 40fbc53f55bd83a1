//! The traits a server implements, one per tag, each with one method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{own_doc, spec_fragment};
use crate::emit::context::Cx;
use crate::emit::spelling;
use crate::ir;

/// How an operation's handler learns who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Auth {
    /// No security: the principal is `()`.
    None,
    /// A credential is required.
    Required,
    /// Security with an empty alternative: the principal is an `Option`.
    Optional,
}

pub(super) fn auth_of(operation: &ir::Operation) -> Auth {
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

/// One trait of the API, with one method per operation it serves.
pub(super) fn trait_tokens(
    cx: &mut Cx,
    api: &ir::Api,
    server_trait: &ir::ServerTrait,
    supertrait: &TokenStream,
    secured: bool,
) -> TokenStream {
    let ident = format_ident!("{}", server_trait.name);
    let tag = server_trait
        .tag
        .as_ref()
        .and_then(|name| api.tags.iter().find(|tag| &tag.name == name));
    let members = super::members(&api.operations, server_trait);
    let operations = &api.operations;
    let mut paragraphs = Vec::new();
    match tag {
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
                     to send, or a [`Problem`] answered with its status and the spec's error \
                     body, as an `async fn` or a method returning \
                     `impl Future<Output = Result<Response, Problem>> + Send`. A method left \
                     out answers 501 with the error body."
        .to_owned();
    if secured {
        usage.push_str(
            " The principal comes from the [`Authenticator`], which every implementation of \
             this trait also implements.",
        );
    }
    paragraphs.push(usage);
    let doc = own_doc(&paragraphs, false);
    let methods = members.iter().map(|operation| {
        let module = spelling::field_ident(&operation.name);
        let method = spelling::field_ident(&operation.name);
        let principal = principal_type(operation);
        let mut first = format!("`{} {}`", operation.method.as_str(), operation.path);
        if let Some(summary) = &operation.summary {
            first.push_str(&format!(": {summary}"));
        }
        let mut lines = vec![first];
        let winner = operation
            .server
            .shadowed_by
            .as_ref()
            .and_then(|name| operations.iter().find(|other| &other.name == name));
        if let Some(winner) = winner {
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
            ) -> impl ::std::future::Future<
                Output = Result<crate::operations::#module::Response, server::Problem>,
            > + Send {
                let _ = (request, context);
                server::not_implemented(crate::operations::#module::OPERATION_ID)
            }
        }
    });
    quote! {
        #doc
        pub trait #ident: #supertrait {
            #(#methods)*
        }
    }
}
