//! `types.rs` of the generated crate: one Rust type per named schema, with serde and
//! `Validate` impls. Each kind of type has its module: [`structs`] (with [`builder`] for
//! `new` and the `with_*` setters), [`enums`] and [`unions`]; this module holds what they
//! share and the module's head and tail. The spelling of type uses is in
//! [`spelling`](crate::emit::spelling).
//!
//! Every model is `#[non_exhaustive]`, so that additive spec changes are minor releases:
//! structs get `new` (required fields, in spec order) and a `with_*` setter per optional
//! field. Optional fields that are not nullable refuse an explicit `null`.
//!
//! The types that failure answers carry implement `Display` and `std::error::Error`, as
//! lowering decided they read ([`error_text`]).
//!
//! A spec may name its own types `String`, `Option`, `Result`, `Vec`, `Box` or `Error`:
//! the module then spells the prelude's names with full paths (see
//! [`Prelude::for_types`]).

mod builder;
mod enums;
mod error_text;
mod structs;
mod unions;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use heck::ToSnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::emit::analysis::Analysis;
use crate::emit::context::Cx;
use crate::emit::defaults;
use crate::emit::docs::{self, DocSink};
use crate::emit::prelude::Prelude;
use crate::emit::spelling::{Paths, ident, is_option, kind_tokens, ty_tokens_in, type_ident};
use crate::emit::validate::{self, Checker, PatternSite};
use crate::ir;

/// How a struct field is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Repr {
    /// `T`: required and not nullable.
    Plain,
    /// `T` with `#[serde(default = "defaults::<fn>")]`.
    Defaulted(Ident),
    /// `Option<T>`, written as `null` when `None`: required but nullable.
    Nullable,
    /// `Option<T>`, left out when `None`.
    Optional,
}

/// One field of a struct, ready to emit; shared by [`structs`] and [`builder`].
pub(super) struct FieldPlan<'a> {
    pub(super) ident: Ident,
    pub(super) wire: &'a str,
    pub(super) ty: &'a ir::Ty,
    pub(super) repr: Repr,
    pub(super) boxed: bool,
    pub(super) doc: TokenStream,
}

/// The named types of `api` in `range` (indexes into `api.types`). Each type depends only
/// on the API, so any split of the types into ranges, emitted apart and joined in order,
/// gives the whole file's items.
pub fn emit_types_in<'a>(
    cx: &mut Cx,
    api: &'a ir::Api,
    analysis: &Analysis<'a>,
    range: Range<usize>,
) -> TokenStream {
    let needs = |name: &str| analysis.needs_validation(name);
    let mut cx = ModelCx {
        docs: &mut cx.docs,
        prelude: cx.prelude,
        api,
        analysis,
        checker: Checker::new(&needs, PatternSite::Module, cx.prelude),
    };
    let items: Vec<TokenStream> = api
        .types
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|type_def| type_def_tokens(&mut cx, type_def))
        .collect();
    quote!(#(#items)*)
}

/// The items of `types.rs` before its types (module docs and imports) and after them: the
/// private `defaults` module and the compiled `patterns` the types' checks use.
pub fn emit_types_frame(
    cx: &mut Cx,
    api: &ir::Api,
    analysis: &Analysis<'_>,
) -> (TokenStream, TokenStream) {
    let module_doc = cx.docs.inner_doc_lines(&[
        "The API's models: one type per schema, each with serde support and a \
         [`Validate`](crate::runtime::validation::Validate) impl that checks the \
         constraints of the API description. Structs are built with `new` and their \
         `with_*` setters (see the crate documentation, \"Model shape\")."
            .to_owned(),
    ]);
    let head = quote! {
        #module_doc
        #[allow(unused_imports)]
        use crate::runtime::{fields, params, validation};
    };
    let defaults = defaults_module(&default_fns(api, analysis, cx.prelude));
    let patterns = validate::pattern_statics(&validate::type_patterns(api));
    let tail = quote! {
        #defaults
        #patterns
    };
    (head, tail)
}

/// What emitting `types.rs` shares between items.
struct ModelCx<'a> {
    /// Where the doc text goes.
    docs: &'a mut DocSink,
    /// How `types.rs` spells the prelude.
    prelude: Prelude,
    api: &'a ir::Api,
    analysis: &'a Analysis<'a>,
    checker: Checker<'a>,
}

/// A function of the `defaults` module: the value of a field that the spec gives a default.
struct DefaultFn {
    name: Ident,
    ty: TokenStream,
    body: TokenStream,
}

/// The whole-API analysis of `api`, with its fields' default functions named as
/// [`default_fn_names`] says.
pub fn analyse(api: &ir::Api) -> Analysis<'_> {
    Analysis::new(api, default_fn_names)
}

/// The names of the default functions of every struct field of `api` that gets one, by
/// type and field name, given in the order of the types and their fields, each named after
/// its type and field (with a number when names collide). The names depend only on the
/// API, so every part of `types.rs` agrees on them; [`Analysis`] works them out once.
pub(crate) fn default_fn_names<'a>(
    api: &'a ir::Api,
    analysis: &Analysis,
) -> BTreeMap<&'a str, BTreeMap<&'a str, String>> {
    let mut names: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for type_def in &api.types {
        let ir::TypeKind::Struct(ir::Struct { fields, .. }) = &type_def.kind else {
            continue;
        };
        for (index, field) in fields.iter().enumerate() {
            let boxed = api.is_boxed(&type_def.name, index);
            if default_body(analysis, Prelude::BARE, boxed, field).is_none() {
                continue;
            }
            let base = format!(
                "{}_{}",
                type_def.name.to_snake_case(),
                field.name.rust.trim_start_matches("r#")
            );
            let mut name = base.clone();
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken.insert(name.clone());
            names
                .entry(type_def.name.as_str())
                .or_default()
                .insert(field.name.rust.as_str(), name);
        }
    }
    names
}

/// The default functions of every struct field of `api` that gets one, in the order of the
/// types and their fields, named as [`default_fn_names`] says.
fn default_fns(api: &ir::Api, analysis: &Analysis, prelude: Prelude) -> Vec<DefaultFn> {
    let mut fns: Vec<DefaultFn> = Vec::new();
    for type_def in &api.types {
        let ir::TypeKind::Struct(ir::Struct { fields, .. }) = &type_def.kind else {
            continue;
        };
        for (index, field) in fields.iter().enumerate() {
            let Some(name) = analysis.default_fn(&type_def.name, &field.name.rust) else {
                continue;
            };
            let boxed = api.is_boxed(&type_def.name, index);
            let Some(body) = default_body(analysis, prelude, boxed, field) else {
                continue;
            };
            fns.push(DefaultFn {
                name: ident(name),
                ty: kind_tokens(&field.ty.kind, Paths::Crate, prelude, false),
                body,
            });
        }
    }
    fns
}

/// The body of the default function of a field: for an optional field, not read- or
/// write-only, with a spec default that a plain (not `Option`, not `boxed`) value can hold.
fn default_body(
    analysis: &Analysis,
    prelude: Prelude,
    boxed: bool,
    field: &ir::Field,
) -> Option<TokenStream> {
    if field.required || field.read_only || field.write_only {
        return None;
    }
    if is_option(&field.ty) || boxed {
        return None;
    }
    defaults::default_expr(field.default.as_ref()?, &field.ty, analysis, prelude)
}

/// The `Validate` impl signature around `body`.
fn validate_impl(prelude: Prelude, name: &Ident, body: TokenStream) -> TokenStream {
    let std_vec = prelude.vec();
    let (path, out) = if body.is_empty() {
        (quote!(_path), quote!(_out))
    } else {
        (quote!(path), quote!(out))
    };
    quote! {
        impl validation::Validate for #name {
            fn validate_at(
                &self,
                #path: &mut validation::Path,
                #out: &mut #std_vec<validation::Violation>,
            ) {
                #body
            }
        }
    }
}

fn type_def_tokens(cx: &mut ModelCx, type_def: &ir::TypeDef) -> TokenStream {
    let ir::TypeDef {
        name,
        schema_name,
        pointer,
        docs,
        kind,
    } = type_def;
    let mut extra = Vec::new();
    match schema_name {
        Some(schema_name) if schema_name != name => {
            extra.push(format!("The `{schema_name}` schema."));
        }
        Some(_) => {}
        None => extra.push(format!("Generated from {}.", docs::code_span(pointer))),
    }
    let error_text = error_text::error_text_impls(cx, type_def);
    let tokens = match kind {
        ir::TypeKind::Struct(fields) => structs::struct_tokens(cx, name, docs, extra, fields),
        ir::TypeKind::StringEnum(string_enum) => {
            enums::string_enum_tokens(cx, name, docs, &extra, string_enum)
        }
        ir::TypeKind::IntegerEnum(integer_enum) => {
            enums::integer_enum_tokens(cx, name, docs, &extra, integer_enum)
        }
        ir::TypeKind::Tagged(tagged) => unions::tagged_tokens(cx, name, docs, &extra, tagged),
        ir::TypeKind::Untagged(untagged) => {
            unions::untagged_tokens(cx, name, docs, &extra, untagged)
        }
        ir::TypeKind::Alias(ty) => alias_tokens(cx, name, docs, extra, ty),
    };
    quote! {
        #tokens
        #error_text
    }
}

fn alias_tokens(
    cx: &mut ModelCx,
    name: &str,
    type_docs: &ir::Docs,
    mut extra: Vec<String>,
    ty: &ir::Ty,
) -> TokenStream {
    let ident = type_ident(name);
    extra.extend(docs::constraint_lines(&ty.constraints));
    let doc = cx.docs.doc_attrs(type_docs, &extra);
    let value = ty_tokens_in(ty, Paths::Local, cx.prelude);
    quote! {
        #doc
        pub type #ident = #value;
    }
}

/// The private module of default-value functions that `#[serde(default = "...")]` names.
fn defaults_module(fns: &[DefaultFn]) -> TokenStream {
    if fns.is_empty() {
        return quote!();
    }
    let fns = fns.iter().map(|DefaultFn { name, ty, body, .. }| {
        quote! {
            pub(super) fn #name() -> #ty {
                #body
            }
        }
    });
    quote! {
        /// Default values of fields, from the API description.
        mod defaults {
            #(#fns)*
        }
    }
}
