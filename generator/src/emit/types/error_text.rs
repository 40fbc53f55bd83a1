//! `Display` and `std::error::Error` for the types that failure answers carry, and
//! `Display` for the items of their details, as lowering decided each reads
//! ([`ir::ErrorText`]).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::structs::field_repr;
use super::{ModelCx, Repr};
use crate::emit::spelling::{field_ident, is_option, type_ident};
use crate::ir;

/// The impls that make `type_def` read as text, if lowering lists it in the error model.
pub(super) fn error_text_impls(cx: &ModelCx, type_def: &ir::TypeDef) -> TokenStream {
    let bodies = &cx.api.errors.bodies;
    let Ok(found) = bodies.binary_search_by(|body| body.type_name.as_str().cmp(&type_def.name))
    else {
        return TokenStream::new();
    };
    let ident = type_ident(&type_def.name);
    let fields = match &type_def.kind {
        ir::TypeKind::Struct(fields) => Some(fields),
        _ => None,
    };
    let display = match (&bodies[found].text, fields) {
        (
            ir::ErrorText::Summary {
                code,
                message,
                details,
                correlation_id,
            },
            Some(fields),
        ) => {
            let code = text_of(cx, type_def, fields, code.as_deref(), quote!(self));
            let message_ref = text_of(cx, type_def, fields, Some(message), quote!(self));
            let details = details
                .as_deref()
                .and_then(|details| details_loop(cx, type_def, fields, details, &message_ref));
            let summary = quote! {
                crate::runtime::outcome::write_summary(f, #code, #message_ref)
            };
            let body = match (details, correlation_id) {
                (None, None) => summary,
                (details, correlation_id) => {
                    let correlation_id = correlation_id.as_deref().map(|name| {
                        let id = text_of(cx, type_def, fields, Some(name), quote!(self));
                        quote! { crate::runtime::outcome::write_correlation_id(f, #id)?; }
                    });
                    quote! {
                        #summary?;
                        #details
                        #correlation_id
                        Ok(())
                    }
                }
            };
            display_impl(&ident, body)
        }
        (ir::ErrorText::Inner { field }, Some(_)) => {
            let field = field_ident(field);
            display_impl(&ident, quote! { ::std::fmt::Display::fmt(&self.#field, f) })
        }
        (
            ir::ErrorText::Detail {
                property,
                code,
                message,
            },
            Some(fields),
        ) => {
            let property = text_of(cx, type_def, fields, property.as_deref(), quote!(self));
            let code = text_of(cx, type_def, fields, code.as_deref(), quote!(self));
            let message = text_of(cx, type_def, fields, Some(message), quote!(self));
            // A detail on its own is not an error: it gets `Display` only.
            return display_impl(
                &ident,
                quote! {
                    crate::runtime::outcome::write_detail(f, #property, #code, #message)
                },
            );
        }
        (ir::ErrorText::Value, _) => TokenStream::new(),
        _ => display_impl(
            &ident,
            quote! {
                ::std::fmt::Display::fmt(&crate::runtime::outcome::Json(self), f)
            },
        ),
    };
    quote! {
        #display
        impl ::std::error::Error for #ident {}
    }
}

fn display_impl(ident: &Ident, body: TokenStream) -> TokenStream {
    quote! {
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

/// An `Option<&str>` expression for the text field `name` (a Rust field name) of the
/// struct `type_def`, read from `receiver`; `None` when there is no such field.
fn text_of(
    cx: &ModelCx,
    type_def: &ir::TypeDef,
    fields: &ir::Struct,
    name: Option<&str>,
    receiver: TokenStream,
) -> TokenStream {
    let std_none = cx.prelude.none();
    let std_some = cx.prelude.some();
    let Some(field) = name.and_then(|name| fields.fields.iter().find(|f| f.name.rust == name))
    else {
        return quote!(#std_none);
    };
    let ident = field_ident(&field.name.rust);
    let stored_option = matches!(
        field_repr(cx, &type_def.name, field),
        Repr::Nullable | Repr::Optional
    );
    match (&field.ty.kind, stored_option) {
        (ir::TyKind::Named(_), false) => quote!(#std_some(#receiver.#ident.as_str())),
        (ir::TyKind::Named(_), true) => {
            quote!(#receiver.#ident.as_ref().map(|value| value.as_str()))
        }
        (_, false) => quote!(#std_some(#receiver.#ident.as_str())),
        (_, true) => quote!(#receiver.#ident.as_deref()),
    }
}

/// The loop that writes each item of the details field `name`, whose items are a struct
/// that lowering made a [`ir::ErrorText::Detail`]; `None` when they are not.
fn details_loop(
    cx: &ModelCx,
    type_def: &ir::TypeDef,
    fields: &ir::Struct,
    name: &str,
    summary: &TokenStream,
) -> Option<TokenStream> {
    let field = fields.fields.iter().find(|field| field.name.rust == name)?;
    let ir::TyKind::Array(item) = &field.ty.kind else {
        return None;
    };
    let ir::TyKind::Named(item_name) = &item.kind else {
        return None;
    };
    let item_def = cx.api.types.iter().find(|def| &def.name == item_name)?;
    let ir::TypeKind::Struct(item_fields) = &item_def.kind else {
        return None;
    };
    let body = cx
        .api
        .errors
        .bodies
        .iter()
        .find(|body| &body.type_name == item_name)?;
    let ir::ErrorText::Detail {
        property,
        code,
        message,
    } = &body.text
    else {
        return None;
    };
    let detail = quote!(detail);
    let property = text_of(
        cx,
        item_def,
        item_fields,
        property.as_deref(),
        detail.clone(),
    );
    let code = text_of(cx, item_def, item_fields, code.as_deref(), detail.clone());
    let message = text_of(cx, item_def, item_fields, Some(message), detail);
    let ident = field_ident(name);
    let stored_option = matches!(
        field_repr(cx, &type_def.name, field),
        Repr::Nullable | Repr::Optional
    );
    let mut items = quote!(self.#ident.iter());
    if stored_option {
        items = quote!(#items.flatten());
    }
    if is_option(item) {
        items = quote!(#items.flatten());
    }
    Some(quote! {
        crate::runtime::outcome::write_details(
            f,
            #items.map(|detail| (#property, #code, #message)),
            #summary,
        )?;
    })
}
