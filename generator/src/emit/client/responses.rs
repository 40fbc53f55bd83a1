//! `mod decode`: per operation, the function that turns an answer into its `Response`,
//! by status, media type and headers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::shapes::{
    VariantShape, response_body_enum, response_body_tokens, response_headers_struct,
    variable_headers, variant_shape,
};
use crate::emit::spelling;
use crate::ir;

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
        outcome: _,
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
pub(super) fn operation_decoder(operation: &ir::Operation) -> TokenStream {
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
