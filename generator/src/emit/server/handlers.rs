//! The axum handler of each operation: credentials, fixed headers, `Accept` and
//! `Content-Type`, parameters and body decoded and validated, then the trait method.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::auth::Authenticators;
use super::router::route_path;
use super::{is_text_primitive, non_null};
use crate::emit::operations::{body_field_name, caller_parameters, response_media};
use crate::emit::shapes::body_kind_tokens;
use crate::emit::spelling;
use crate::ir;

/// How a parameter's text turns into its value: the runtime reads the texts in the
/// parameter's style, then each item by its text form or through serde.
fn decoder(parameter: &ir::Parameter) -> TokenStream {
    let rt = quote!(server);
    let ty = non_null(&parameter.ty);
    let variant = crate::emit::client::style_variant(parameter.style);
    let style = quote!(#rt::Style::#variant);
    let explode = parameter.explode;
    if let ir::TyKind::Array(item) = &ty.kind {
        let item_tokens = spelling::ty_tokens(item);
        let decode_list = if !item.nullable && is_text_primitive(item) {
            quote!(decode_list)
        } else {
            quote!(decode_serde_list)
        };
        return quote! {
            |values: &[&str]| #rt::#decode_list::<#item_tokens>(values, #style, #explode)
        };
    }
    let tokens = spelling::ty_tokens(&ty);
    let decode = if is_text_primitive(&ty) {
        quote!(decode_scalar)
    } else {
        quote!(decode_serde)
    };
    match parameter.style {
        ir::ParamStyle::Label | ir::ParamStyle::Matrix => quote! {
            |values: &[&str]| #rt::#decode::<#tokens>(&[#style.decode_value(values)])
        },
        _ => quote!(#rt::#decode::<#tokens>),
    }
}

/// The statements that read one parameter into a local named like its field.
fn parameter_read(
    parameter: &ir::Parameter,
    keys: &[(String, String)],
    missing: &mut Vec<(Ident, String)>,
) -> TokenStream {
    let ir::Parameter {
        name,
        location,
        required,
        ty,
        style,
        explode: _,
        fixed_value: _,
        default: _,
        docs: _,
        pointer: _,
    } = parameter;
    let rt = quote!(server);
    let local = parameter_local(&name.rust);
    let wire = &name.wire;
    let decode = decoder(parameter);
    let wraps =
        spelling::ty_tokens(ty).to_string() != spelling::ty_tokens(&non_null(ty)).to_string();
    let read = match location {
        ir::ParamLocation::Path => {
            let key = keys
                .iter()
                .find(|(wire_name, _)| wire_name == wire)
                .map_or_else(|| wire.clone(), |(_, key)| key.clone());
            let value = quote! { #rt::Input::path(&params, #key, #wire, #decode)? };
            return if wraps {
                quote! { let #local = Some(#value); }
            } else {
                quote! { let #local = #value; }
            };
        }
        ir::ParamLocation::Header if *required => {
            let value = quote! { input.required_header(#wire, #decode)? };
            return if wraps {
                quote! { let #local = Some(#value); }
            } else {
                quote! { let #local = #value; }
            };
        }
        ir::ParamLocation::Header => quote! { input.header(#wire, #decode)? },
        ir::ParamLocation::Query if *style == ir::ParamStyle::DeepObject => {
            quote! { input.query_object(#wire, #decode)? }
        }
        ir::ParamLocation::Query => quote! { input.query(#wire, #decode)? },
        ir::ParamLocation::Cookie => quote! { input.cookie(#wire, #decode)? },
    };
    let read = if wraps {
        quote! { #read.map(Some) }
    } else {
        read
    };
    if *required {
        missing.push((local.clone(), wire.clone()));
    }
    quote! { let #local = #read; }
}

/// The local variable holding a parameter's value, apart from the handler's own names.
fn parameter_local(rust: &str) -> Ident {
    format_ident!("param_{}", rust.trim_start_matches("r#"))
}

/// The check of a parameter whose only value the spec fixes.
fn fixed_parameter_check(parameter: &ir::Parameter, keys: &[(String, String)]) -> TokenStream {
    let rt = quote!(server);
    let wire = &parameter.name.wire;
    let Some(fixed) = &parameter.fixed_value else {
        return quote!();
    };
    let expected = format!("`{fixed}`");
    let invalid = |location: TokenStream| {
        quote! {
            return Err(#rt::Rejection::InvalidParameter {
                location: #rt::Location::#location,
                name: #wire,
                error: crate::runtime::params::ParamError::new(#expected, found),
            });
        }
    };
    let text = quote!(#rt::decode_scalar::<String>);
    match (parameter.location, parameter.required) {
        (ir::ParamLocation::Header, true) => quote! { input.fixed_header(#wire, #fixed)?; },
        (ir::ParamLocation::Header, false) => quote! {
            if input.headers().contains_key(#wire) {
                input.fixed_header(#wire, #fixed)?;
            }
        },
        (ir::ParamLocation::Path, _) => {
            let key = keys
                .iter()
                .find(|(wire_name, _)| wire_name == wire)
                .map_or_else(|| wire.clone(), |(_, key)| key.clone());
            let invalid = invalid(quote!(Path));
            quote! {
                {
                    let found = &#rt::Input::path(&params, #key, #wire, #text)?;
                    if found != #fixed {
                        #invalid
                    }
                }
            }
        }
        (location, required) => {
            let (read, variant) = if location == ir::ParamLocation::Query {
                (quote!(input.query), quote!(Query))
            } else {
                (quote!(input.cookie), quote!(Cookie))
            };
            let invalid = invalid(variant);
            let missing = required.then(|| {
                quote! {
                    if found_fixed.is_none() {
                        return Err(#rt::Rejection::Violations(
                            crate::runtime::validation::Violations(::std::vec![
                                #rt::missing_parameter(#wire),
                            ]),
                        ));
                    }
                }
            });
            quote! {
                {
                    let found_fixed = #read(#wire, #text)?;
                    #missing
                    if let Some(found) = &found_fixed {
                        if found != #fixed {
                            #invalid
                        }
                    }
                }
            }
        }
    }
}

/// The expression decoding a body of one media type from `bytes`.
fn body_decode(content: &ir::MediaContent) -> TokenStream {
    let rt = quote!(server);
    let ty = body_kind_tokens(&content.body);
    match &content.body {
        ir::BodyKind::Json(_) => quote! { #rt::decode_json_body::<#ty>(&bytes)? },
        ir::BodyKind::Form(_) => quote! { #rt::decode_form_body::<#ty>(&bytes)? },
        ir::BodyKind::Text(_) => quote! { #rt::decode_text_body(bytes)? },
        ir::BodyKind::Binary => quote! { bytes },
    }
}

/// The statements that check `Content-Type`, read and decode the body into `body`.
fn body_read(operation: &ir::Operation) -> (TokenStream, TokenStream) {
    let rt = quote!(server);
    let Some(body) = &operation.request_body else {
        return (quote!(), quote!());
    };
    let ir::RequestBody {
        required,
        docs: _,
        contents,
    } = body;
    if contents.is_empty() {
        return (quote!(), quote!());
    }
    let module = spelling::field_ident(&operation.name);
    let media: Vec<&str> = contents
        .iter()
        .map(|content| content.media_type.as_str())
        .collect();
    let check = quote! { let media = input.content_type(&[#(#media),*])?; };
    let decode = match contents.as_slice() {
        [single] => {
            let decode = body_decode(single);
            quote! {
                match media {
                    Some(_) => #decode,
                    None => {
                        return Err(
                            #rt::Input::missing_content_type(&[#(#media),*]),
                        );
                    }
                }
            }
        }
        several => {
            let arms = several.iter().enumerate().map(|(index, content)| {
                let variant = format_ident!("{}", content.variant);
                let decode = body_decode(content);
                quote! {
                    Some(#index) => {
                        crate::operations::#module::RequestBody::#variant(#decode)
                    }
                }
            });
            quote! {
                match media {
                    #(#arms)*
                    _ => {
                        return Err(
                            #rt::Input::missing_content_type(&[#(#media),*]),
                        );
                    }
                }
            }
        }
    };
    let read = if *required {
        quote! {
            let bytes = input.body().await?;
            if bytes.is_empty() {
                return Err(#rt::Rejection::MissingBody);
            }
            let decoded_body = #decode;
        }
    } else {
        quote! {
            let bytes = input.body().await?;
            let decoded_body = if bytes.is_empty() {
                None
            } else {
                Some(#decode)
            };
        }
    };
    (check, read)
}

/// The axum handler of one operation.
pub(super) fn handler(
    api: &ir::Api,
    operation: &ir::Operation,
    trait_ident: &Ident,
    authenticators: &mut Authenticators,
) -> TokenStream {
    let ir::Operation {
        id: _,
        name,
        type_name: _,
        method: _,
        path: _,
        template,
        tags: _,
        summary: _,
        docs: _,
        parameters,
        request_body: _,
        responses,
        security: _,
        pointer: _,
        server,
        lifecycle: _,
    } = operation;
    let rt = quote!(server);
    let declared = responses.iter().map(|response| match response.status {
        ir::StatusSpec::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote!(#rt::Declared::Code(#code))
        }
        ir::StatusSpec::Range(digit) => {
            let digit = proc_macro2::Literal::u8_unsuffixed(digit);
            quote!(#rt::Declared::Class(#digit))
        }
        ir::StatusSpec::Default => quote!(#rt::Declared::Any),
    });
    let handler = format_ident!("{}", server.handler);
    let module = spelling::field_ident(name);
    let method = spelling::field_ident(name);
    let (_, keys) = route_path(template);
    let authentication = authenticators.statement(api, operation);
    let fixed_checks = |in_header: bool| -> Vec<TokenStream> {
        parameters
            .iter()
            .filter(|parameter| {
                parameter.fixed_value.is_some()
                    && (parameter.location == ir::ParamLocation::Header) == in_header
            })
            .map(|parameter| fixed_parameter_check(parameter, &keys))
            .collect()
    };
    let fixed_headers = fixed_checks(true);
    let media = response_media(operation);
    let accept = (!media.is_empty()).then(|| quote! { input.accept(&[#(#media),*])?; });
    let (content_type, body_read) = body_read(operation);
    let has_path = parameters
        .iter()
        .any(|parameter| parameter.location == ir::ParamLocation::Path);
    let path_params = has_path.then(|| quote! { let params = input.path_params().await?; });
    let fixed_others = fixed_checks(false);
    let mut missing = Vec::new();
    let reads: Vec<TokenStream> = caller_parameters(operation)
        .map(|parameter| parameter_read(parameter, &keys, &mut missing))
        .collect();
    let missing_check = missing_check(&missing);
    let field_inits = request_fields(operation);
    quote! {
        async fn #handler<S>(
            ::axum::extract::State(shared): ::axum::extract::State<#rt::State<S>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response
        where
            S: #trait_ident,
        {
            use crate::operations::#module as operation;
            let mut input = #rt::Input::new(request, &shared.config, operation::OPERATION_ID);
            let result: Result<::axum::response::Response, #rt::Rejection> =
                async {
                    #authentication
                    #(#fixed_headers)*
                    #accept
                    #content_type
                    #path_params
                    #(#fixed_others)*
                    #(#reads)*
                    #missing_check
                    #body_read
                    let request = operation::Request {
                        #(#field_inits)*
                    };
                    input.validate(&request)?;
                    let context = input.context(principal);
                    let response =
                        <S as #trait_ident>::#method(&shared.service, request, context)
                            .await
                            .map_err(|problem| problem.settle(&[#(#declared),*]))?;
                    Ok(::axum::response::IntoResponse::into_response(
                        response,
                    ))
                }
                .await;
            result.unwrap_or_else(|rejection| input.reject(&rejection))
        }
    }
}

/// The statements that reject a request without some of the `missing` parameters (each
/// a local and its wire name), reporting them all, and unwrap the locals.
fn missing_check(missing: &[(Ident, String)]) -> Option<TokenStream> {
    let rt = quote!(server);
    if missing.is_empty() {
        return None;
    }
    let checks = missing.iter().map(|(local, wire)| {
        quote! {
            if #local.is_none() {
                missing.push(#rt::missing_parameter(#wire));
            }
        }
    });
    let locals = missing.iter().map(|(local, _)| local);
    let patterns = missing.iter().map(|(local, _)| quote!(Some(#local)));
    Some(quote! {
        let mut missing = Vec::new();
        #(#checks)*
        let (#(#patterns,)*) = (#(#locals,)*) else {
            return Err(#rt::Rejection::Violations(
                crate::runtime::validation::Violations(missing),
            ));
        };
    })
}

/// The field initializers of the operation's `Request`, from the parameter locals and
/// the decoded body.
fn request_fields(operation: &ir::Operation) -> Vec<TokenStream> {
    let mut field_inits: Vec<TokenStream> = caller_parameters(operation)
        .map(|parameter| {
            let field = spelling::field_ident(&parameter.name.rust);
            let local = parameter_local(&parameter.name.rust);
            quote!(#field: #local,)
        })
        .collect();
    if operation
        .request_body
        .as_ref()
        .is_some_and(|body| !body.contents.is_empty())
    {
        let field = format_ident!("{}", body_field_name(operation));
        field_inits.push(quote!(#field: decoded_body,));
    } else if let Some(body) = &operation.request_body {
        // A body without media types cannot be read; it is left empty.
        let field = format_ident!("{}", body_field_name(operation));
        if body.required {
            field_inits.push(quote!(#field: ::std::default::Default::default(),));
        } else {
            field_inits.push(quote!(#field: None,));
        }
    }
    field_inits
}
