//! Literals: numbers, JSON values and allowed-value texts as emitted code writes them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::emit::prelude::Prelude;
use crate::ir;

/// An unsuffixed integer literal, negated with a separate `-` when negative.
pub fn int_tokens(value: i128) -> TokenStream {
    let magnitude = Literal::u128_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A float literal, or `None` for a value that has none (infinite or NaN). Values close to
/// a mathematical constant are wrapped in a block that allows `clippy::approx_constant`.
pub fn float_tokens(value: f64) -> Option<TokenStream> {
    float_literal_tokens(value, quote!(f64))
}

/// Like [`float_tokens`], with an `f64` suffix so that the type is never ambiguous.
pub fn f64_suffixed_tokens(value: f64) -> Option<TokenStream> {
    if near_math_constant(value) {
        float_tokens(value)
    } else {
        value.is_finite().then(|| {
            let literal = Literal::f64_suffixed(value);
            quote!(#literal)
        })
    }
}

/// Like [`float_tokens`] for an `f32` value.
pub fn f32_tokens(value: f64) -> Option<TokenStream> {
    float_literal_tokens(value, quote!(f32))
}

fn float_literal_tokens(value: f64, ty: TokenStream) -> Option<TokenStream> {
    if !value.is_finite() {
        return None;
    }
    let literal = if ty.to_string() == "f32" {
        let narrow = value as f32;
        if !narrow.is_finite() {
            return None;
        }
        Literal::f32_unsuffixed(narrow)
    } else {
        Literal::f64_unsuffixed(value)
    };
    if near_math_constant(value) {
        Some(quote! {
            {
                #[allow(clippy::approx_constant)]
                const VALUE: #ty = #literal;
                VALUE
            }
        })
    } else {
        Some(quote!(#literal))
    }
}

/// Whether clippy might take a literal for a rounded `std::f64::consts` value.
fn near_math_constant(value: f64) -> bool {
    use std::f64::consts;
    const CONSTANTS: &[f64] = &[
        consts::E,
        consts::FRAC_1_PI,
        consts::FRAC_1_SQRT_2,
        consts::FRAC_2_PI,
        consts::FRAC_2_SQRT_PI,
        consts::FRAC_PI_2,
        consts::FRAC_PI_3,
        consts::FRAC_PI_4,
        consts::FRAC_PI_6,
        consts::FRAC_PI_8,
        consts::LN_10,
        consts::LN_2,
        consts::LOG10_E,
        consts::LOG2_E,
        consts::LOG2_10,
        consts::LOG10_2,
        consts::PI,
        consts::SQRT_2,
        consts::TAU,
    ];
    CONSTANTS
        .iter()
        .any(|constant| (value.abs() - constant).abs() <= constant * 0.01)
}

/// The canonical JSON text of an allowed value as the runtime's `canonical_json` writes
/// it for a value of `kind`: object keys sorted, whole floats as integers, `f32` values
/// rounded to `f32`.
pub fn canonical_json(value: &serde_json::Value, kind: &ir::TyKind) -> Option<String> {
    let mut value = value.clone();
    if let (ir::TyKind::Number(ir::NumberFormat::F32), serde_json::Value::Number(number)) =
        (kind, &value)
    {
        if let Some(float) = number.as_f64() {
            let narrowed = f64::from(float as f32);
            value = serde_json::Number::from_f64(narrowed)
                .map_or(serde_json::Value::Null, serde_json::Value::Number);
        }
    }
    canonicalize(&mut value);
    serde_json::to_string(&value).ok()
}

fn canonicalize(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) => {
            let whole = number
                .as_f64()
                .filter(|float| number.is_f64() && float.fract() == 0.0 && float.abs() < 9.0e15);
            if let Some(float) = whole {
                *number = serde_json::Number::from(float as i64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(canonicalize),
        serde_json::Value::Object(map) => {
            map.values_mut().for_each(canonicalize);
            map.sort_keys();
        }
        serde_json::Value::Null | serde_json::Value::Bool(_) | serde_json::Value::String(_) => {}
    }
}

/// A `serde_json::Value` expression that builds `value` without parsing, spelling the
/// prelude by `prelude`.
pub fn json_expr(value: &serde_json::Value, prelude: Prelude) -> TokenStream {
    let std_string = prelude.string();
    let std_vec = prelude.vec();
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
                match number.as_f64().and_then(f64_suffixed_tokens) {
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
                let items = items.iter().map(|item| json_expr(item, prelude));
                quote!(::serde_json::Value::Array(#std_vec::from([#(#items),*])))
            }
        }
        serde_json::Value::Object(map) => {
            if map.is_empty() {
                quote!(::serde_json::Value::Object(::serde_json::Map::new()))
            } else {
                let entries = map.iter().map(|(key, value)| {
                    let value = json_expr(value, prelude);
                    quote!((#std_string::from(#key), #value))
                });
                quote!(::serde_json::Value::Object(::std::iter::FromIterator::from_iter([#(#entries),*])))
            }
        }
    }
}
