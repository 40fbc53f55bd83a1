//! Unions: `oneOf`/`anyOf` with a discriminator (tagged, by hand-written serde impls) and
//! without (untagged, decoded as the first variant that fits).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::enums::variant_names_allow;
use super::{ModelCx, validate_impl};
use crate::emit::docs;
use crate::emit::spelling::{Paths, is_option, kind_tokens, type_ident};
use crate::emit::validate::Place;
use crate::ir;

/// A tagged union: an enum with hand-written serde impls that read and write the tag
/// property, and a `Validate` impl that validates the variant's value.
pub(super) fn tagged_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    tagged: &ir::TaggedUnion,
) -> TokenStream {
    let std_err = cx.prelude.err();
    let std_none = cx.prelude.none();
    let std_result = cx.prelude.result();
    let std_some = cx.prelude.some();
    let ir::TaggedUnion { tag, variants } = tagged;
    let ident = type_ident(name);
    let mut extra = extra.to_vec();
    extra.push(format!(
        "The property {} says which variant a value is.",
        docs::code_span(tag)
    ));
    let doc = cx.docs.doc_attrs(type_docs, &extra);
    let arms = tagged_arms(cx, name, variants);
    let validate_body = if arms.validated {
        let validate_arms = &arms.validate;
        quote! { match self { #(#validate_arms)* } }
    } else {
        quote!()
    };
    let validate = validate_impl(cx.prelude, &ident, validate_body);
    let allow = variant_names_allow(
        name,
        &variants
            .iter()
            .map(|variant| variant.name.rust.clone())
            .collect::<Vec<_>>(),
    );
    let TaggedBodies {
        tag: tag_body,
        serialize: serialize_body,
        decode: decode_body,
    } = tagged_bodies(cx, tagged, &arms);
    let definitions = &arms.definitions;
    let not_string = format!("tag `{tag}` is not a string");
    let missing = format!("missing tag `{tag}`");
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        #allow
        pub enum #ident {
            #(#definitions)*
        }

        impl #ident {
            /// The value of the tag property for this variant.
            pub fn tag(&self) -> &'static str {
                #tag_body
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<__S>(&self, serializer: __S) -> #std_result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                #serialize_body
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> #std_result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = match value.get(#tag) {
                    #std_some(::serde_json::Value::String(tag)) => tag.clone(),
                    #std_some(_) => {
                        return #std_err(<__D::Error as ::serde::de::Error>::custom(#not_string));
                    }
                    #std_none => {
                        return #std_err(<__D::Error as ::serde::de::Error>::custom(#missing));
                    }
                };
                #decode_body
            }
        }

        #validate
    }
}

/// The per-variant pieces of a tagged union, in variant order.
struct TaggedArms {
    /// The variants of the enum.
    definitions: Vec<TokenStream>,
    /// The arms of `tag()`.
    tag: Vec<TokenStream>,
    /// The arms that turn a variant's value into JSON.
    to_value: Vec<TokenStream>,
    /// The arms that decode a variant from JSON by its tag.
    from_value: Vec<TokenStream>,
    /// The arms of `validate_at`.
    validate: Vec<TokenStream>,
    /// Whether some variant's type has anything to validate.
    validated: bool,
}

/// The pieces of each variant of the tagged union `name`, boxed where lowering says so.
fn tagged_arms(cx: &mut ModelCx, name: &str, variants: &[ir::TaggedVariant]) -> TaggedArms {
    let std_box = cx.prelude.r#box();
    let mut arms = TaggedArms {
        definitions: Vec::new(),
        tag: Vec::new(),
        to_value: Vec::new(),
        from_value: Vec::new(),
        validate: Vec::new(),
        validated: false,
    };
    for (index, variant) in variants.iter().enumerate() {
        let ir::TaggedVariant {
            name: ir::Name { rust, wire },
            type_name,
        } = variant;
        let variant_ident = type_ident(rust);
        let boxed = cx.api.is_boxed(name, index);
        let named = ir::TyKind::Named(type_name.clone());
        let inner = kind_tokens(&named, Paths::Local, cx.prelude, boxed);
        let doc = cx
            .docs
            .outer_doc_lines(&[format!("Tag {}.", docs::code_span(wire))]);
        arms.definitions
            .push(quote! { #doc #variant_ident(#inner), });
        arms.tag.push(quote! { Self::#variant_ident(_) => #wire, });
        arms.to_value
            .push(quote! { Self::#variant_ident(inner) => ::serde_json::to_value(inner), });
        arms.from_value.push(if boxed {
            quote! {
                #wire => ::serde_json::from_value(value)
                    .map(|inner| Self::#variant_ident(#std_box::new(inner))),
            }
        } else {
            quote! { #wire => ::serde_json::from_value(value).map(Self::#variant_ident), }
        });
        arms.validated |= cx.analysis.needs_validation(type_name);
        arms.validate.push(quote! {
            Self::#variant_ident(inner) => validation::Validate::validate_at(inner, path, out),
        });
    }
    arms
}

/// The bodies of a tagged union's `tag()`, `serialize` and of the part of `deserialize`
/// after the tag is read.
struct TaggedBodies {
    tag: TokenStream,
    serialize: TokenStream,
    decode: TokenStream,
}

/// The bodies of a tagged union's methods; a union without variants has no values.
fn tagged_bodies(cx: &ModelCx, tagged: &ir::TaggedUnion, arms: &TaggedArms) -> TaggedBodies {
    let std_err = cx.prelude.err();
    let std_string = cx.prelude.string();
    let ir::TaggedUnion { tag, variants } = tagged;
    let expected = variants
        .iter()
        .map(|variant| format!("`{}`", variant.name.wire))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown_tag = format!(
        "unknown tag `{{other}}` in `{}`, expected one of {}",
        escape_braces(tag),
        escape_braces(&expected)
    );
    let unknown_tag_error = quote! {
        #std_err(<__D::Error as ::serde::de::Error>::custom(
            ::std::format!(#unknown_tag),
        ))
    };
    if variants.is_empty() {
        return TaggedBodies {
            tag: quote!(match *self {}),
            serialize: quote! {
                let _ = serializer;
                match *self {}
            },
            decode: quote! {
                let other = tag.as_str();
                #unknown_tag_error
            },
        };
    }
    let TaggedArms {
        tag: tag_arms,
        to_value: to_value_arms,
        from_value: from_value_arms,
        ..
    } = arms;
    TaggedBodies {
        tag: quote!(match self { #(#tag_arms)* }),
        serialize: quote! {
            let value = match self { #(#to_value_arms)* };
            let mut value = value.map_err(<__S::Error as ::serde::ser::Error>::custom)?;
            if let ::serde_json::Value::Object(map) = &mut value {
                map.insert(
                    #std_string::from(#tag),
                    ::serde_json::Value::String(#std_string::from(self.tag())),
                );
            }
            ::serde::Serialize::serialize(&value, serializer)
        },
        decode: quote! {
            let result = match tag.as_str() {
                #(#from_value_arms)*
                other => return #unknown_tag_error,
            };
            result.map_err(<__D::Error as ::serde::de::Error>::custom)
        },
    }
}

/// Text with `{` and `}` doubled, for a format string.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

/// An untagged union: serde tries the variants in order.
pub(super) fn untagged_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    untagged: &ir::UntaggedUnion,
) -> TokenStream {
    let std_option = cx.prelude.option();
    let ir::UntaggedUnion { variants, any_of } = untagged;
    let ident = type_ident(name);
    let mut extra = extra.to_vec();
    extra.push(if *any_of {
        "One of several shapes (`anyOf`); decoding takes the first variant that fits.".to_owned()
    } else {
        "One of several shapes (`oneOf`); decoding takes the first variant that fits.".to_owned()
    });
    let doc = cx.docs.doc_attrs(type_docs, &extra);
    let mut definitions = Vec::new();
    let mut listed_decoders = Vec::new();
    let mut validate_arms = Vec::new();
    let mut validated = false;
    for (index, variant) in variants.iter().enumerate() {
        let ir::UntaggedVariant {
            name: variant_name,
            ty,
            listed_only,
        } = variant;
        let variant_ident = type_ident(variant_name);
        let boxed = cx.api.is_boxed(name, index);
        let value = kind_tokens(&ty.kind, Paths::Local, cx.prelude, boxed);
        let value = if is_option(ty) {
            quote!(#std_option<#value>)
        } else {
            value
        };
        let doc = cx
            .docs
            .outer_doc_lines(&docs::constraint_lines(&ty.constraints));
        let decode = if *listed_only {
            let decoder = format_ident!("decode_listed_{}", index);
            let path = format!("{ident}::{decoder}");
            let std_result = cx.prelude.result();
            let doc = format!(" Decodes only the values that `{variant_name}` lists.");
            listed_decoders.push(quote! {
                #[doc = #doc]
                fn #decoder<'de, __D>(deserializer: __D) -> #std_result<#value, __D::Error>
                where
                    __D: ::serde::Deserializer<'de>,
                {
                    fields::deserialize_listed(deserializer, <#value>::ALL)
                }
            });
            quote!(#[serde(deserialize_with = #path)])
        } else {
            quote!()
        };
        definitions.push(quote! { #doc #decode #variant_ident(#value), });
        let checks =
            cx.checker
                .ty_checks(ty, is_option(ty), &Place::Var(format_ident!("value")), 0);
        validated |= !checks.is_empty();
        validate_arms.push(if checks.is_empty() {
            quote! {
                Self::#variant_ident(value) => validation::Validate::validate_at(value, path, out),
            }
        } else {
            quote! { Self::#variant_ident(value) => { #checks } }
        });
    }
    let validate_body = if validated {
        quote! { match self { #(#validate_arms)* } }
    } else {
        quote!()
    };
    let validate = validate_impl(cx.prelude, &ident, validate_body);
    let listed_decoders = if listed_decoders.is_empty() {
        quote!()
    } else {
        quote! {
            impl #ident {
                #(#listed_decoders)*
            }
        }
    };
    let allow = variant_names_allow(
        name,
        &variants
            .iter()
            .map(|variant| variant.name.clone())
            .collect::<Vec<_>>(),
    );
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        #allow
        pub enum #ident {
            #(#definitions)*
        }

        #listed_decoders

        #validate
    }
}
