//! How an operation's bodies and responses appear in Rust: the type of a body, the shape
//! of a response's variant and the names of its support types, shared by the operation
//! modules, their results and both sides.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::spelling;
use crate::ir;

/// The Rust type of a body of one media type.
pub fn body_kind_tokens(body: &ir::BodyKind) -> TokenStream {
    match body {
        ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty) => spelling::ty_tokens(ty),
        ir::BodyKind::Text(_) => quote!(String),
        ir::BodyKind::Binary => quote!(::bytes::Bytes),
    }
}

/// How a response variant is shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariantShape {
    /// `Variant`: a fixed status and nothing else.
    Unit,
    /// `Variant(body)`: a fixed status and a body.
    Body,
    /// `Variant { status?, body?, headers? }`.
    Fields {
        status: bool,
        body: bool,
        headers: bool,
    },
}

/// The response headers a handler or caller deals with: those the spec does not fix.
pub fn variable_headers(response: &ir::Response) -> impl Iterator<Item = &ir::ResponseHeader> {
    response
        .headers
        .iter()
        .filter(|header| header.fixed_value.is_none())
}

/// The shape of a response's variant.
pub fn variant_shape(response: &ir::Response) -> VariantShape {
    let status = !matches!(response.status, ir::StatusSpec::Code(_));
    let body = !response.contents.is_empty();
    let headers = variable_headers(response).next().is_some();
    match (status, body, headers) {
        (false, false, false) => VariantShape::Unit,
        (false, true, false) => VariantShape::Body,
        _ => VariantShape::Fields {
            status,
            body,
            headers,
        },
    }
}

/// The name of the body enum of a response with several media types.
pub fn response_body_enum(response: &ir::Response) -> proc_macro2::Ident {
    format_ident!("{}Body", response.variant)
}

/// The name of the headers struct of a response with variable headers.
pub fn response_headers_struct(response: &ir::Response) -> proc_macro2::Ident {
    format_ident!("{}Headers", response.variant)
}

/// The Rust type of a response's body (a single media type's type, or the body enum).
pub fn response_body_tokens(response: &ir::Response) -> TokenStream {
    match response.contents.as_slice() {
        [single] => body_kind_tokens(&single.body),
        _ => {
            let ident = response_body_enum(response);
            quote!(#ident)
        }
    }
}
