//! The Rust spelling of the IR: identifiers for type, variant and field names, and the
//! type of each use of a type (`ty_tokens`), which every emitter names values by.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::emit::prelude::Prelude;
use crate::ir;

/// How emitted code names the generated types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paths {
    /// Bare names, inside `types.rs`.
    Local,
    /// `crate::types::Name`, anywhere.
    Crate,
}

/// The Rust type of a use of `ty` outside `types.rs`, with named types as
/// `crate::types::Name` and the prelude bare; `Option<_>` when the type is nullable
/// (except `Any`, whose `serde_json::Value` holds `null` itself).
pub fn ty_tokens(ty: &ir::Ty) -> TokenStream {
    ty_tokens_in(ty, Paths::Crate, Prelude::BARE)
}

/// The Rust type of a use of `ty`, naming types by `paths` and the prelude by `prelude`.
pub fn ty_tokens_in(ty: &ir::Ty, paths: Paths, prelude: Prelude) -> TokenStream {
    let inner = kind_tokens(&ty.kind, paths, prelude, false);
    if is_option(ty) {
        let std_option = prelude.option();
        quote!(#std_option<#inner>)
    } else {
        inner
    }
}

/// The type of a value of `kind`, boxed when `boxed` (only meaningful for named types).
pub fn kind_tokens(kind: &ir::TyKind, paths: Paths, prelude: Prelude, boxed: bool) -> TokenStream {
    let tokens = match kind {
        ir::TyKind::Named(name) => {
            let ident = type_ident(name);
            match paths {
                Paths::Local => quote!(#ident),
                Paths::Crate => quote!(crate::types::#ident),
            }
        }
        ir::TyKind::String(format) => string_tokens(*format, prelude),
        ir::TyKind::Boolean => quote!(bool),
        ir::TyKind::Integer(format) => match format {
            ir::IntegerFormat::I32 => quote!(i32),
            ir::IntegerFormat::I64 => quote!(i64),
            ir::IntegerFormat::U32 => quote!(u32),
            ir::IntegerFormat::U64 => quote!(u64),
        },
        ir::TyKind::Number(format) => match format {
            ir::NumberFormat::F32 => quote!(f32),
            ir::NumberFormat::F64 => quote!(f64),
        },
        ir::TyKind::Array(item) => {
            let item = ty_tokens_in(item, paths, prelude);
            let std_vec = prelude.vec();
            quote!(#std_vec<#item>)
        }
        ir::TyKind::Map(value) => {
            let value = ty_tokens_in(value, paths, prelude);
            let std_string = prelude.string();
            quote!(::std::collections::BTreeMap<#std_string, #value>)
        }
        ir::TyKind::Any => quote!(::serde_json::Value),
    };
    if boxed {
        let std_box = prelude.r#box();
        quote!(#std_box<#tokens>)
    } else {
        tokens
    }
}

fn string_tokens(format: ir::StringFormat, prelude: Prelude) -> TokenStream {
    match format {
        ir::StringFormat::Plain | ir::StringFormat::Binary => prelude.string(),
        ir::StringFormat::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        ir::StringFormat::Date => quote!(::chrono::NaiveDate),
        ir::StringFormat::Uuid => quote!(::uuid::Uuid),
        ir::StringFormat::Byte => quote!(crate::runtime::base64::Base64),
    }
}

/// The type of an argument that sets a value of `kind` (spelled `value`), and whether the
/// argument needs `.into()`. Strings are taken as `impl Into<String>` (a `&str`, a
/// `&String`, a `String`) and base64 bytes as `impl Into<Base64>` (a `Vec<u8>`, a
/// `&[u8]`), so that callers convert nothing. Everything else is taken as it is: for other
/// types nothing converts into them that is worth the cost, an `impl Into` leaving
/// arguments such as `.collect()`, `serde_json::from_value(..)?`, `Default::default()`
/// or the literal `2` (an `i32`, which no `u32` comes from) without a type.
pub fn setter_arg(kind: &ir::TyKind, value: &TokenStream, prelude: Prelude) -> (TokenStream, bool) {
    match kind {
        ir::TyKind::String(
            ir::StringFormat::Plain | ir::StringFormat::Binary | ir::StringFormat::Byte,
        ) => {
            let into = prelude.into();
            (quote!(impl #into<#value>), true)
        }
        _ => (value.clone(), false),
    }
}

/// Whether a use of `ty` is stored as `Option<_>` because it is nullable.
pub fn is_option(ty: &ir::Ty) -> bool {
    ty.nullable && !matches!(ty.kind, ir::TyKind::Any)
}

/// The identifier for a type (or variant) name from the IR. Names that are not valid
/// identifiers are repaired rather than panicking.
pub fn type_ident(name: &str) -> Ident {
    ident(name)
}

/// The identifier for a field or module name from the IR, which may be raw (`r#type`).
pub fn field_ident(rust: &str) -> Ident {
    ident(rust)
}

/// Parses `name` as an identifier (raw ones included), repairing it if it is not one.
pub fn ident(name: &str) -> Ident {
    // Names from the IR are nearly always valid already; those skip syn's lexer.
    if crate::names::is_valid_ident(name) {
        return match name.strip_prefix("r#") {
            Some(body) => Ident::new_raw(body, Span::call_site()),
            None => Ident::new(name, Span::call_site()),
        };
    }
    if let Ok(ident) = syn::parse_str::<Ident>(name) {
        return ident;
    }
    let stripped = name.strip_prefix("r#").unwrap_or(name);
    let mut repaired: String = stripped
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if repaired.is_empty() || repaired.starts_with(|c: char| c.is_ascii_digit()) {
        repaired.insert(0, '_');
    }
    if let Ok(ident) = syn::parse_str::<Ident>(&repaired) {
        return ident;
    }
    let suffixed = format!("{repaired}_");
    syn::parse_str::<Ident>(&suffixed)
        .unwrap_or_else(|_| Ident::new("invalid_name", Span::call_site()))
}
