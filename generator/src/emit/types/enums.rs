//! Enums of listed string or integer values, each with a catch-all variant for values the
//! API description does not list.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ModelCx, validate_impl};
use crate::emit::docs;
use crate::emit::literals;
use crate::emit::prelude::Prelude;
use crate::emit::spelling::type_ident;
use crate::ir;

/// The name of the catch-all variant: `Unknown`, unless a listed variant has that name.
fn catch_all_name<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Ident {
    let mut candidate = "Unknown".to_owned();
    let mut n = 2;
    while names.clone().any(|name| name == candidate) {
        candidate = if n == 2 {
            "UnknownValue".to_owned()
        } else {
            format!("Unknown{n}")
        };
        n += 1;
    }
    format_ident!("{}", candidate)
}

/// `#[allow(clippy::enum_variant_names)]` when variant names could trip that lint (they
/// repeat the enum's name, or all share a first or last word).
pub(super) fn variant_names_allow(enum_name: &str, variants: &[String]) -> TokenStream {
    let words = |name: &str| -> Vec<String> {
        name.to_snake_case()
            .split('_')
            .filter(|word| !word.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let enum_words = words(enum_name);
    let variant_words: Vec<Vec<String>> = variants.iter().map(|name| words(name)).collect();
    let repeats_enum = variant_words
        .iter()
        .any(|words| words.starts_with(&enum_words) || words.ends_with(&enum_words));
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        variant_words.len() >= 3
            && variant_words.iter().all(|words| words.len() > 1)
            && variant_words
                .windows(2)
                .all(|pair| pick(&pair[0]).is_some() && pick(&pair[0]) == pick(&pair[1]))
    };
    if repeats_enum || shared(|words| words.first()) || shared(|words| words.last()) {
        quote!(#[allow(clippy::enum_variant_names)])
    } else {
        quote!()
    }
}

/// An enum of listed strings.
pub(super) fn string_enum_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    string_enum: &ir::StringEnum,
) -> TokenStream {
    let std_string = cx.prelude.string();
    let ir::StringEnum {
        variants,
        case_insensitive,
        ..
    } = string_enum;
    let ident = type_ident(name);
    let mut extra = extra.to_vec();
    if *case_insensitive {
        extra.push("Values are read ignoring ASCII case, and written as listed.".to_string());
    }
    let doc = cx.docs.doc_attrs(type_docs, &extra);
    let unknown = catch_all_name(variants.iter().map(|variant| variant.name.rust.as_str()));
    let mut names = Vec::new();
    let mut definitions = Vec::new();
    let mut wires = Vec::new();
    let mut seen = BTreeSet::new();
    let mut parse_arms = Vec::new();
    for variant in variants {
        let ir::EnumVariant {
            name: ir::Name { rust, wire },
            docs: variant_docs,
        } = variant;
        let variant_ident = type_ident(rust);
        let doc = cx.docs.doc_attrs(
            variant_docs,
            &[format!("The value {}.", docs::code_span(wire))],
        );
        definitions.push(quote! { #doc #variant_ident, });
        if seen.insert(wire.as_str()) {
            parse_arms.push(quote! { #wire => Self::#variant_ident, });
        }
        names.push(variant_ident);
        wires.push(wire);
    }
    let allow = variant_names_allow(
        name,
        &variants
            .iter()
            .map(|variant| variant.name.rust.clone())
            .chain([unknown.to_string()])
            .collect::<Vec<_>>(),
    );
    let validate = validate_impl(
        cx.prelude,
        &ident,
        report_unknown(&unknown, names.is_empty()),
    );
    let from_str = if parse_arms.is_empty() {
        quote!(Self::#unknown(#std_string::from(value)))
    } else if *case_insensitive {
        quote! {
            match value {
                #(#parse_arms)*
                other => Self::ALL
                    .iter()
                    .find(|listed| listed.as_str().eq_ignore_ascii_case(other))
                    .cloned()
                    .unwrap_or_else(|| Self::#unknown(#std_string::from(other))),
            }
        }
    } else {
        quote! {
            match value {
                #(#parse_arms)*
                other => Self::#unknown(#std_string::from(other)),
            }
        }
    };
    let traits = string_enum_traits(cx.prelude, &ident, &from_str);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #allow
        pub enum #ident {
            #(#definitions)*
            /// A value the API description does not list, kept as received.
            #unknown(#std_string),
        }

        impl #ident {
            /// Every listed value, in the order of the API description.
            pub const ALL: &'static [Self] = &[#(Self::#names),*];

            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#names => #wires,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        #traits

        #validate
    }
}

/// The body of an enum's `validate_at`: the catch-all variant is a violation.
fn report_unknown(unknown: &Ident, only_variant: bool) -> TokenStream {
    if only_variant {
        quote! {
            let Self::#unknown(value) = self;
            validation::report_unknown_enum_value(value, path, out);
        }
    } else {
        quote! {
            if let Self::#unknown(value) = self {
                validation::report_unknown_enum_value(value, path, out);
            }
        }
    }
}

/// An enum of listed integers.
pub(super) fn integer_enum_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    integer_enum: &ir::IntegerEnum,
) -> TokenStream {
    let ir::IntegerEnum {
        variants,
        format: _,
    } = integer_enum;
    let ident = type_ident(name);
    let doc = cx.docs.doc_attrs(type_docs, extra);
    let unknown = catch_all_name(variants.iter().map(|(rust, _)| rust.as_str()));
    let mut names = Vec::new();
    let mut definitions = Vec::new();
    let mut values = Vec::new();
    let mut seen = BTreeSet::new();
    let mut parse_arms = Vec::new();
    for (rust, value) in variants {
        let variant_ident = type_ident(rust);
        let doc = cx.docs.outer_doc_lines(&[format!("The value `{value}`.")]);
        definitions.push(quote! { #doc #variant_ident, });
        let literal = literals::int_tokens(i128::from(*value));
        if seen.insert(*value) {
            parse_arms.push(quote! { #literal => Self::#variant_ident, });
        }
        values.push(literal);
        names.push(variant_ident);
    }
    let allow = variant_names_allow(
        name,
        &variants
            .iter()
            .map(|(rust, _)| rust.clone())
            .chain([unknown.to_string()])
            .collect::<Vec<_>>(),
    );
    let validate = validate_impl(
        cx.prelude,
        &ident,
        report_unknown(&unknown, names.is_empty()),
    );
    let from_value = if parse_arms.is_empty() {
        quote!(Self::#unknown(value))
    } else {
        quote! {
            match value {
                #(#parse_arms)*
                other => Self::#unknown(other),
            }
        }
    };
    let traits = integer_enum_traits(cx.prelude, &ident);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        #allow
        pub enum #ident {
            #(#definitions)*
            /// A value the API description does not list, kept as received.
            #unknown(i64),
        }

        impl #ident {
            /// Every listed value, in the order of the API description.
            pub const ALL: &'static [Self] = &[#(Self::#names),*];

            /// The value as on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    Self::#unknown(value) => *value,
                }
            }

            /// The variant for a wire value.
            pub fn from_value(value: i64) -> Self {
                #from_value
            }
        }

        #traits

        #validate
    }
}

/// The trait impls of a string enum: `FromStr`, `Display`, serde and `ParamValue`.
fn string_enum_traits(prelude: Prelude, ident: &Ident, from_str: &TokenStream) -> TokenStream {
    let std_ok = prelude.ok();
    let std_result = prelude.result();
    let std_string = prelude.string();
    quote! {
    impl ::std::str::FromStr for #ident {
        type Err = ::std::convert::Infallible;

        fn from_str(value: &str) -> #std_result<Self, Self::Err> {
            #std_ok(#from_str)
        }
    }

    impl ::std::fmt::Display for #ident {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }

    impl ::serde::Serialize for #ident {
        fn serialize<__S>(&self, serializer: __S) -> #std_result<__S::Ok, __S::Error>
        where
            __S: ::serde::Serializer,
        {
            serializer.serialize_str(self.as_str())
        }
    }

    impl<'de> ::serde::Deserialize<'de> for #ident {
        fn deserialize<__D>(deserializer: __D) -> #std_result<Self, __D::Error>
        where
            __D: ::serde::Deserializer<'de>,
        {
            fields::deserialize_string_enum(deserializer)
        }
    }

    impl params::ParamValue for #ident {
        fn to_param(&self) -> #std_string {
            #std_string::from(self.as_str())
        }

        fn from_param(text: &str) -> #std_result<Self, params::ParamError> {
            #std_ok(fields::parse_string_enum(text))
        }
    }
    }
}

/// The trait impls of an integer enum: `Display`, serde and `ParamValue`.
fn integer_enum_traits(prelude: Prelude, ident: &Ident) -> TokenStream {
    let std_ok = prelude.ok();
    let std_result = prelude.result();
    let std_string = prelude.string();
    quote! {
    impl ::std::fmt::Display for #ident {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            ::std::fmt::Display::fmt(&self.value(), f)
        }
    }

    impl ::serde::Serialize for #ident {
        fn serialize<__S>(&self, serializer: __S) -> #std_result<__S::Ok, __S::Error>
        where
            __S: ::serde::Serializer,
        {
            serializer.serialize_i64(self.value())
        }
    }

    impl<'de> ::serde::Deserialize<'de> for #ident {
        fn deserialize<__D>(deserializer: __D) -> #std_result<Self, __D::Error>
        where
            __D: ::serde::Deserializer<'de>,
        {
            let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
            #std_ok(Self::from_value(value))
        }
    }

    impl params::ParamValue for #ident {
        fn to_param(&self) -> #std_string {
            self.value().to_string()
        }

        fn from_param(
            text: &str,
        ) -> #std_result<Self, params::ParamError> {
            <i64 as params::ParamValue>::from_param(text).map(Self::from_value)
        }
    }
    }
}
