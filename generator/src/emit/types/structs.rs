//! Structs: one per object schema, with their fields, serde attributes and checks.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::builder::{Builder, builder};
use super::{FieldPlan, ModelCx, Repr, validate_impl};
use crate::emit::docs;
use crate::emit::prelude::Prelude;
use crate::emit::spelling::{
    Paths, field_ident, ident, is_option, kind_tokens, ty_tokens_in, type_ident,
};
use crate::emit::validate::Place;
use crate::ir;

/// A struct, its builder and its `Validate` impl.
pub(super) fn struct_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    mut extra: Vec<String>,
    fields: &ir::Struct,
) -> TokenStream {
    let std_string = cx.prelude.string();
    let ir::Struct {
        fields,
        additional_properties,
        min_properties,
        max_properties,
    } = fields;
    let ident = type_ident(name);
    let plans: Vec<FieldPlan> = fields
        .iter()
        .enumerate()
        .map(|(index, field)| plan_field(cx, name, index, field))
        .collect();
    let additional = additional_properties.as_deref().map(|ty| {
        let taken: BTreeSet<&str> = fields
            .iter()
            .map(|field| field.name.rust.trim_start_matches("r#"))
            .collect();
        let mut field_name = "additional_properties".to_owned();
        let mut n = 2;
        while taken.contains(field_name.as_str()) {
            field_name = format!("additional_properties_{n}");
            n += 1;
        }
        (format_ident!("{}", field_name), ty)
    });
    if let Some(min) = min_properties {
        extra.push(format!("Minimum properties: {min}."));
    }
    if let Some(max) = max_properties {
        extra.push(format!("Maximum properties: {max}."));
    }
    let doc = cx.docs.doc_attrs(type_docs, &extra);
    let prelude = cx.prelude;
    let field_tokens = plans.iter().map(|plan| field_tokens(prelude, plan));
    let additional_field = additional.as_ref().map(|(field, ty)| {
        let value = ty_tokens_in(ty, Paths::Local, cx.prelude);
        let mut lines = vec!["Properties not declared above, by name.".to_owned()];
        lines.extend(docs::constraint_lines(&ty.constraints));
        let doc = cx.docs.outer_doc_lines(&lines);
        quote! {
            #doc
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<#std_string, #value>,
        }
    });
    let body = struct_validation(
        cx,
        &plans,
        additional.as_ref(),
        *min_properties,
        *max_properties,
    );
    let validate = validate_impl(cx.prelude, &ident, body);
    let Builder {
        methods,
        derive_default,
        default_impl,
    } = builder(cx, &ident, &plans, additional.as_ref());
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #ident {
            #(#field_tokens)*
            #additional_field
        }

        #methods

        #default_impl

        #validate
    }
}

/// Decides how a field is stored and documents it.
fn plan_field<'a>(
    cx: &mut ModelCx,
    type_name: &str,
    index: usize,
    field: &'a ir::Field,
) -> FieldPlan<'a> {
    let ir::Field {
        name,
        ty,
        required: _,
        read_only,
        write_only,
        default,
        docs: field_docs,
    } = field;
    let boxed = cx.api.is_boxed(type_name, index);
    let mut lines = Vec::new();
    if *read_only {
        lines.push("Read-only: set by the service; leave it `None` in requests.".to_owned());
    }
    if *write_only {
        lines.push("Write-only: sent in requests; the service does not return it.".to_owned());
    }
    let repr = field_repr(cx, type_name, field);
    match repr {
        Repr::Nullable => {
            lines.push("Required, but may be `null`: `None` is sent as `null`.".to_owned());
        }
        Repr::Optional if ty.nullable && !*read_only && !*write_only => {
            lines.push("`null` and an absent value both read as `None`.".to_owned());
        }
        _ => {}
    }
    if let Some(default) = default {
        lines.push(format!(
            "Default: {}.",
            docs::code_span(&default.to_string())
        ));
    }
    lines.extend(docs::constraint_lines(&ty.constraints));
    FieldPlan {
        ident: field_ident(&name.rust),
        wire: &name.wire,
        ty,
        repr,
        boxed,
        doc: cx.docs.doc_attrs(field_docs, &lines),
    }
}

/// How a field of the struct `type_name` is stored.
pub(super) fn field_repr(cx: &ModelCx, type_name: &str, field: &ir::Field) -> Repr {
    if field.read_only || field.write_only {
        Repr::Optional
    } else if field.required {
        if is_option(&field.ty) {
            Repr::Nullable
        } else {
            Repr::Plain
        }
    } else {
        match cx.analysis.default_fn(type_name, &field.name.rust) {
            Some(default_fn) => Repr::Defaulted(ident(default_fn)),
            None => Repr::Optional,
        }
    }
}

/// A field of the struct: its docs, serde attributes and stored type.
fn field_tokens(prelude: Prelude, plan: &FieldPlan) -> TokenStream {
    let std_option = prelude.option();
    let FieldPlan {
        ident,
        wire,
        ty,
        repr,
        boxed,
        doc,
    } = plan;
    let rename = if ident.to_string().trim_start_matches("r#") == *wire {
        quote!()
    } else {
        quote!(#[serde(rename = #wire)])
    };
    let value = kind_tokens(&ty.kind, Paths::Local, prelude, *boxed);
    let is_none = if prelude.bare() {
        "Option::is_none"
    } else {
        "::std::option::Option::is_none"
    };
    let (attr, field_ty) = match repr {
        Repr::Plain => (quote!(), value),
        Repr::Defaulted(default_fn) => {
            let path = format!("defaults::{default_fn}");
            (quote!(#[serde(default = #path)]), value)
        }
        Repr::Nullable => (
            quote!(#[serde(deserialize_with = "crate::runtime::fields::nullable")]),
            quote!(#std_option<#value>),
        ),
        Repr::Optional if ty.nullable || matches!(ty.kind, ir::TyKind::Any) => (
            quote!(#[serde(default, skip_serializing_if = #is_none)]),
            quote!(#std_option<#value>),
        ),
        Repr::Optional => (
            quote! {
                #[serde(
                    default,
                    skip_serializing_if = #is_none,
                    deserialize_with = "crate::runtime::fields::reject_null"
                )]
            },
            quote!(#std_option<#value>),
        ),
    };
    quote! {
        #doc
        #rename
        #attr
        pub #ident: #field_ty,
    }
}

/// The body of a struct's `validate_at`.
fn struct_validation(
    cx: &ModelCx,
    plans: &[FieldPlan],
    additional: Option<&(Ident, &ir::Ty)>,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
) -> TokenStream {
    let mut body = Vec::new();
    if min_properties.is_some() || max_properties.is_some() {
        let mut fixed = 0usize;
        let mut terms = Vec::new();
        for plan in plans {
            match plan.repr {
                Repr::Plain | Repr::Defaulted(_) => fixed += 1,
                Repr::Nullable | Repr::Optional => {
                    let ident = &plan.ident;
                    terms.push(quote!(usize::from(self.#ident.is_some())));
                }
            }
        }
        if let Some((field, _)) = additional {
            terms.push(quote!(self.#field.len()));
        }
        if fixed > 0 || terms.is_empty() {
            let fixed = Literal::usize_unsuffixed(fixed);
            terms.insert(0, quote!(#fixed));
        }
        body.push(quote! { let count: usize = #(#terms)+*; });
        if let Some(min) = min_properties {
            let min = Literal::u64_unsuffixed(min);
            body.push(quote! {
                validation::check_min_properties(count, #min, path, out);
            });
        }
        if let Some(max) = max_properties {
            let max = Literal::u64_unsuffixed(max);
            body.push(quote! {
                validation::check_max_properties(count, #max, path, out);
            });
        }
    }
    for plan in plans {
        let option_wrapped = matches!(plan.repr, Repr::Nullable | Repr::Optional);
        let checks = cx.checker.field_checks(
            plan.ty,
            option_wrapped,
            &Place::SelfField(plan.ident.clone()),
            plan.wire,
        );
        if !checks.is_empty() {
            body.push(checks);
        }
    }
    if let Some((field, ty)) = additional {
        let checks =
            cx.checker
                .ty_checks(ty, is_option(ty), &Place::Var(format_ident!("value")), 1);
        if !checks.is_empty() {
            body.push(quote! {
                for (key, value) in self.#field.iter() {
                    path.push_key(key);
                    #checks
                    path.pop();
                }
            });
        }
    }
    quote! { #(#body)* }
}
