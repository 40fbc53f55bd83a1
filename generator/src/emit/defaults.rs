//! Default values: a spec `default` turned into a Rust expression of the field's type.
//!
//! An expression is only produced when it cannot fail at run time; anything else (a
//! timestamp, a UUID, bytes, an object for a struct, a value that does not fit the type)
//! gives `None`, and the field stays an `Option` without a default.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::analysis::Analysis;
use crate::emit::literals::{f32_tokens, float_tokens, int_tokens, json_expr};
use crate::emit::prelude::Prelude;
use crate::emit::spelling::{self, is_option};
use crate::ir;

/// An expression of type `spelling::ty_tokens_in(ty, Paths::Crate, prelude)` for the JSON
/// `value`, or `None` when the value does not fit or could fail to build.
pub fn default_expr(
    value: &serde_json::Value,
    ty: &ir::Ty,
    analysis: &Analysis,
    prelude: Prelude,
) -> Option<TokenStream> {
    if is_option(ty) {
        if value.is_null() {
            let std_none = prelude.none();
            return Some(quote!(#std_none));
        }
        let std_some = prelude.some();
        let inner = kind_expr(value, &ty.kind, analysis, prelude)?;
        return Some(quote!(#std_some(#inner)));
    }
    kind_expr(value, &ty.kind, analysis, prelude)
}

fn kind_expr(
    value: &serde_json::Value,
    kind: &ir::TyKind,
    analysis: &Analysis,
    prelude: Prelude,
) -> Option<TokenStream> {
    let std_string = prelude.string();
    let std_vec = prelude.vec();
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
        ir::TyKind::Number(ir::NumberFormat::F64) => float_tokens(value.as_f64()?),
        ir::TyKind::Number(ir::NumberFormat::F32) => {
            let float = value.as_f64()?;
            if (float as f32).is_finite() {
                f32_tokens(float)
            } else {
                None
            }
        }
        ir::TyKind::Array(item) => {
            let items = value
                .as_array()?
                .iter()
                .map(|value| default_expr(value, item, analysis, prelude))
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
                    let value = default_expr(value, entry, analysis, prelude)?;
                    Some(quote!((#std_string::from(#key), #value)))
                })
                .collect::<Option<Vec<_>>>()?;
            if entries.is_empty() {
                Some(quote!(::std::collections::BTreeMap::new()))
            } else {
                Some(quote!(::std::iter::FromIterator::from_iter([#(#entries),*])))
            }
        }
        ir::TyKind::Any => Some(json_expr(value, prelude)),
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

/// A variant of a named enum whose wire value is `value`.
fn named_expr(value: &serde_json::Value, name: &str, analysis: &Analysis) -> Option<TokenStream> {
    let type_def = analysis.type_def(name)?;
    let type_ident = spelling::type_ident(name);
    match &type_def.kind {
        ir::TypeKind::StringEnum(ir::StringEnum { variants, .. }) => {
            let text = value.as_str()?;
            let variant = variants.iter().find(|variant| variant.name.wire == text)?;
            let variant = spelling::type_ident(&variant.name.rust);
            Some(quote!(crate::types::#type_ident::#variant))
        }
        ir::TypeKind::IntegerEnum(ir::IntegerEnum {
            variants,
            format: _,
        }) => {
            let int = value.as_i64()?;
            let (variant, _) = variants.iter().find(|(_, candidate)| *candidate == int)?;
            let variant = spelling::type_ident(variant);
            Some(quote!(crate::types::#type_ident::#variant))
        }
        ir::TypeKind::Struct(_)
        | ir::TypeKind::Tagged(_)
        | ir::TypeKind::Untagged(_)
        | ir::TypeKind::Alias(_) => None,
    }
}
