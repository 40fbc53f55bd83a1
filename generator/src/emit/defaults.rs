//! Default values: a spec `default` turned into a Rust expression of the field's type.
//!
//! An expression is only produced when it cannot fail at run time; anything else (a
//! timestamp, a UUID, bytes, an object for a struct, a value that does not fit the type)
//! gives `None`, and the field stays an `Option` without a default.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::analysis::Analysis;
use crate::emit::{prelude, types, validate};
use crate::ir;

/// An expression of type `types::ty_tokens(ty)` (crate paths) for the JSON `value`, or
/// `None` when the value does not fit or could fail to build.
pub fn default_expr(
    value: &serde_json::Value,
    ty: &ir::Ty,
    analysis: &Analysis,
) -> Option<TokenStream> {
    let std_none = prelude::none();
    let std_some = prelude::some();
    if types::is_option(ty) {
        if value.is_null() {
            return Some(quote!(#std_none));
        }
        let inner = kind_expr(value, &ty.kind, analysis)?;
        return Some(quote!(#std_some(#inner)));
    }
    kind_expr(value, &ty.kind, analysis)
}

fn kind_expr(
    value: &serde_json::Value,
    kind: &ir::TyKind,
    analysis: &Analysis,
) -> Option<TokenStream> {
    let std_string = prelude::string();
    let std_vec = prelude::vec();
    match kind {
        ir::TyKind::String(ir::StringFormat::Plain | ir::StringFormat::Binary) => {
            let text = value.as_str()?;
            Some(quote!(#std_string::from(#text)))
        }
        ir::TyKind::String(
            ir::StringFormat::DateTime
            | ir::StringFormat::Date
            | ir::StringFormat::Uuid
            | ir::StringFormat::Byte,
        ) => None,
        ir::TyKind::Boolean => {
            let flag = value.as_bool()?;
            Some(quote!(#flag))
        }
        ir::TyKind::Integer(format) => integer_expr(value, *format),
        ir::TyKind::Number(ir::NumberFormat::F64) => validate::float_tokens(value.as_f64()?),
        ir::TyKind::Number(ir::NumberFormat::F32) => {
            let float = value.as_f64()?;
            if (float as f32).is_finite() {
                validate::f32_tokens(float)
            } else {
                None
            }
        }
        ir::TyKind::Array(item) => {
            let items = value
                .as_array()?
                .iter()
                .map(|value| default_expr(value, item, analysis))
                .collect::<Option<Vec<_>>>()?;
            if items.is_empty() {
                Some(quote!(#std_vec::new()))
            } else {
                Some(quote!(#std_vec::from([#(#items),*])))
            }
        }
        ir::TyKind::Map(entry) => {
            let entries = value
                .as_object()?
                .iter()
                .map(|(key, value)| {
                    let value = default_expr(value, entry, analysis)?;
                    Some(quote!((#std_string::from(#key), #value)))
                })
                .collect::<Option<Vec<_>>>()?;
            if entries.is_empty() {
                Some(quote!(::std::collections::BTreeMap::new()))
            } else {
                Some(quote!(::std::iter::FromIterator::from_iter([#(#entries),*])))
            }
        }
        ir::TyKind::Any => Some(json_expr(value)),
        ir::TyKind::Named(name) => named_expr(value, name, analysis),
    }
}

/// An integer literal of the given width, if the value is a whole number in range.
fn integer_expr(value: &serde_json::Value, format: ir::IntegerFormat) -> Option<TokenStream> {
    let number = value.as_number()?;
    let whole: i128 = if let Some(int) = number.as_i64() {
        i128::from(int)
    } else if let Some(int) = number.as_u64() {
        i128::from(int)
    } else {
        let float = number.as_f64()?;
        if float.fract() != 0.0 || float.abs() > 9.0e15 {
            return None;
        }
        float as i128
    };
    let (min, max) = match format {
        ir::IntegerFormat::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        ir::IntegerFormat::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
        ir::IntegerFormat::U32 => (0, i128::from(u32::MAX)),
        ir::IntegerFormat::U64 => (0, i128::from(u64::MAX)),
    };
    if whole < min || whole > max {
        return None;
    }
    Some(int_tokens(whole))
}

/// An unsuffixed integer literal, negated with a separate `-` when negative.
pub fn int_tokens(value: i128) -> TokenStream {
    let magnitude = Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A variant of a named enum whose wire value is `value`.
fn named_expr(value: &serde_json::Value, name: &str, analysis: &Analysis) -> Option<TokenStream> {
    let type_def = analysis.type_def(name)?;
    let type_ident = types::type_ident(name);
    match &type_def.kind {
        ir::TypeKind::StringEnum(ir::StringEnum { variants }) => {
            let text = value.as_str()?;
            let variant = variants.iter().find(|variant| variant.name.wire == text)?;
            let variant = types::type_ident(&variant.name.rust);
            Some(quote!(crate::types::#type_ident::#variant))
        }
        ir::TypeKind::IntegerEnum(ir::IntegerEnum {
            variants,
            format: _,
        }) => {
            let int = value.as_i64()?;
            let (variant, _) = variants.iter().find(|(_, candidate)| *candidate == int)?;
            let variant = types::type_ident(variant);
            Some(quote!(crate::types::#type_ident::#variant))
        }
        ir::TypeKind::Struct(_)
        | ir::TypeKind::Tagged(_)
        | ir::TypeKind::Untagged(_)
        | ir::TypeKind::Alias(_) => None,
    }
}

/// A `serde_json::Value` expression that builds `value` without parsing.
pub fn json_expr(value: &serde_json::Value) -> TokenStream {
    let std_string = prelude::string();
    let std_vec = prelude::vec();
    match value {
        serde_json::Value::Null => quote!(::serde_json::Value::Null),
        serde_json::Value::Bool(flag) => quote!(::serde_json::Value::Bool(#flag)),
        serde_json::Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                // `-9223372036854775808i64` is valid Rust; the literal alone is not an i64.
                let magnitude: Literal = format!("{}i64", int.unsigned_abs())
                    .parse()
                    .unwrap_or_else(|_| Literal::i64_suffixed(0));
                if int < 0 {
                    quote!(::serde_json::Value::from(-#magnitude))
                } else {
                    quote!(::serde_json::Value::from(#magnitude))
                }
            } else if let Some(int) = number.as_u64() {
                let int = Literal::u64_suffixed(int);
                quote!(::serde_json::Value::from(#int))
            } else {
                match number.as_f64().and_then(validate::f64_suffixed_tokens) {
                    Some(float) => quote!(::serde_json::Value::from(#float)),
                    None => quote!(::serde_json::Value::Null),
                }
            }
        }
        serde_json::Value::String(text) => {
            quote!(::serde_json::Value::String(#std_string::from(#text)))
        }
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                quote!(::serde_json::Value::Array(#std_vec::new()))
            } else {
                let items = items.iter().map(json_expr);
                quote!(::serde_json::Value::Array(#std_vec::from([#(#items),*])))
            }
        }
        serde_json::Value::Object(map) => {
            if map.is_empty() {
                quote!(::serde_json::Value::Object(::serde_json::Map::new()))
            } else {
                let entries = map.iter().map(|(key, value)| {
                    let value = json_expr(value);
                    quote!((#std_string::from(#key), #value))
                });
                quote!(::serde_json::Value::Object(::std::iter::FromIterator::from_iter([#(#entries),*])))
            }
        }
    }
}
