//! `IntoResponse` for every operation's `Response`: status, body, content type, headers.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{is_text_primitive, non_null};
use crate::emit::shapes::{VariantShape, response_body_enum, variable_headers, variant_shape};
use crate::emit::spelling;
use crate::ir;

/// The headers of a response whose only value the spec fixes, with names in lower case;
/// names or values that cannot be headers are left out.
pub(super) fn fixed_headers(response: &ir::Response) -> Vec<(String, String)> {
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

/// Statics for the sets of fixed response headers, shared between responses.
#[derive(Default)]
pub(super) struct FixedHeaders {
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

    pub(super) fn tokens(&self) -> TokenStream {
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

/// The expression making a response with the body `value` of one media type.
fn response_with_body(content: &ir::MediaContent, value: &TokenStream) -> TokenStream {
    let rt = quote!(server);
    let media = &content.content_type;
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

/// One arm of `into_response`: its pattern, the expression that builds the response, the
/// statements that add its headers, and the static of its fixed headers.
type Arm = (TokenStream, TokenStream, Vec<TokenStream>, Option<Ident>);

/// The arm of `into_response` for one declared response of the operation `module`.
fn arm(module: &Ident, response: &ir::Response, statics: &mut FixedHeaders) -> Arm {
    let rt = quote!(server);
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
                let media = format_ident!("{}", content.variant);
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
}

/// `IntoResponse` for an operation's `Response`.
pub(super) fn into_response(operation: &ir::Operation, statics: &mut FixedHeaders) -> TokenStream {
    let rt = quote!(server);
    let module = spelling::field_ident(&operation.name);
    let arms: Vec<Arm> = operation
        .responses
        .iter()
        .map(|response| arm(&module, response, statics))
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
