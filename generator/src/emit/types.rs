//! `types.rs` of the generated crate: one Rust type per named schema, with serde and
//! `Validate` impls, plus the Rust spelling of every type use (`ty_tokens`).
//!
//! Every model is `#[non_exhaustive]`, so that additive spec changes are minor releases:
//! structs get `new` (required fields, in spec order) and a `with_*` setter per optional
//! field. Optional fields that are not nullable refuse an explicit `null`.
//!
//! A spec may name its own types `String`, `Option`, `Result`, `Vec`, `Box` or `Error`:
//! [`prelude`] then spells the prelude's names with full paths in this module.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::emit::analysis::Analysis;
use crate::emit::validate::{Checker, PatternSite, Place};
use crate::emit::{defaults, docs, prelude, validate};
use crate::ir;

/// The whole `types.rs` module in one token stream: the head, every named type of `api`
/// in IR order, then the tail (see [`emit_types_frame`]).
pub fn emit_types(api: &ir::Api) -> TokenStream {
    let analysis = Analysis::new(api);
    let units = emit_types_in(api, &analysis, 0..api.types.len());
    let (head, tail) = emit_types_frame(api, &analysis);
    quote! {
        #head
        #units
        #tail
    }
}

/// The named types of `api` in `range` (indexes into `api.types`). Each type depends only on the API, so any split of the types into ranges,
/// emitted apart and joined in order, gives the whole file's items.
pub fn emit_types_in<'a>(
    api: &'a ir::Api,
    analysis: &Analysis<'a>,
    range: Range<usize>,
) -> TokenStream {
    let _prelude = prelude::scope(api);
    let needs = |name: &str| analysis.needs_validation(name);
    let cx = Cx {
        analysis,
        checker: Checker::new(&needs, PatternSite::Module),
        default_fns: default_fns(api, analysis)
            .into_iter()
            .map(|default_fn| ((default_fn.type_name, default_fn.field), default_fn.name))
            .collect(),
    };
    let items = api
        .types
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|type_def| type_def_tokens(&cx, type_def));
    quote!(#(#items)*)
}

/// The items of `types.rs` before its types (module docs and imports) and after them: the
/// private `defaults` module and the compiled `patterns` the types' checks use.
pub fn emit_types_frame(api: &ir::Api, analysis: &Analysis<'_>) -> (TokenStream, TokenStream) {
    let _prelude = prelude::scope(api);
    let module_doc = docs::inner_doc_lines(&[
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
    let defaults = defaults_module(&default_fns(api, analysis));
    let patterns = validate::pattern_statics(&validate::type_patterns(api));
    let tail = quote! {
        #defaults
        #patterns
    };
    (head, tail)
}

/// The Rust type of a use of `ty`, with named types as `crate::types::Name` so that it
/// works in any module; `Option<_>` when the type is nullable (except `Any`, whose
/// `serde_json::Value` holds `null` itself).
pub fn ty_tokens(ty: &ir::Ty) -> TokenStream {
    ty_tokens_in(ty, Paths::Crate)
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

/// Whether a use of `ty` is stored as `Option<_>` because it is nullable.
pub fn is_option(ty: &ir::Ty) -> bool {
    ty.nullable && !matches!(ty.kind, ir::TyKind::Any)
}

/// Parses `name` as an identifier (raw ones included), repairing it if it is not one.
fn ident(name: &str) -> Ident {
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

/// How emitted code names the generated types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Paths {
    /// Bare names, inside `types.rs`.
    Local,
    /// `crate::types::Name`, anywhere.
    Crate,
}

fn ty_tokens_in(ty: &ir::Ty, paths: Paths) -> TokenStream {
    let inner = kind_tokens(&ty.kind, paths, false);
    if is_option(ty) {
        let std_option = prelude::option();
        quote!(#std_option<#inner>)
    } else {
        inner
    }
}

/// The type of a value of `kind`, boxed when `boxed` (only meaningful for named types).
fn kind_tokens(kind: &ir::TyKind, paths: Paths, boxed: bool) -> TokenStream {
    let tokens = match kind {
        ir::TyKind::Named(name) => {
            let ident = type_ident(name);
            match paths {
                Paths::Local => quote!(#ident),
                Paths::Crate => quote!(crate::types::#ident),
            }
        }
        ir::TyKind::String(format) => string_tokens(*format),
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
            let item = ty_tokens_in(item, paths);
            let std_vec = prelude::vec();
            quote!(#std_vec<#item>)
        }
        ir::TyKind::Map(value) => {
            let value = ty_tokens_in(value, paths);
            let std_string = prelude::string();
            quote!(::std::collections::BTreeMap<#std_string, #value>)
        }
        ir::TyKind::Any => quote!(::serde_json::Value),
    };
    if boxed {
        let std_box = prelude::r#box();
        quote!(#std_box<#tokens>)
    } else {
        tokens
    }
}

fn string_tokens(format: ir::StringFormat) -> TokenStream {
    match format {
        ir::StringFormat::Plain | ir::StringFormat::Binary => prelude::string(),
        ir::StringFormat::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        ir::StringFormat::Date => quote!(::chrono::NaiveDate),
        ir::StringFormat::Uuid => quote!(::uuid::Uuid),
        ir::StringFormat::Byte => quote!(crate::runtime::base64::Base64),
    }
}

/// What emitting `types.rs` shares between items.
struct Cx<'a> {
    analysis: &'a Analysis<'a>,
    checker: Checker<'a>,
    /// The default function of each field that has one, by type and field name.
    default_fns: BTreeMap<(&'a str, &'a str), Ident>,
}

/// A function of the `defaults` module: the value of a field that the spec gives a default.
struct DefaultFn<'a> {
    type_name: &'a str,
    field: &'a str,
    name: Ident,
    ty: TokenStream,
    body: TokenStream,
}

/// The default functions of every struct field of `api` that gets one, in the order of the
/// types and their fields, each named after its type and field (with a number when names
/// collide). The names depend only on the API, so every part of `types.rs` agrees on them.
fn default_fns<'a>(api: &'a ir::Api, analysis: &Analysis) -> Vec<DefaultFn<'a>> {
    let mut fns: Vec<DefaultFn> = Vec::new();
    let mut taken = BTreeSet::new();
    for type_def in &api.types {
        let ir::TypeKind::Struct(ir::Struct { fields, .. }) = &type_def.kind else {
            continue;
        };
        for field in fields {
            let Some(body) = default_body(analysis, &type_def.name, field) else {
                continue;
            };
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
            fns.push(DefaultFn {
                type_name: &type_def.name,
                field: &field.name.rust,
                name: ident(&name),
                ty: kind_tokens(&field.ty.kind, Paths::Crate, false),
                body,
            });
            taken.insert(name);
        }
    }
    fns
}

/// The body of the default function of a field of `type_name`: for an optional field, not
/// read- or write-only, with a spec default that a plain (not `Option`, not boxed) value
/// can hold.
fn default_body(analysis: &Analysis, type_name: &str, field: &ir::Field) -> Option<TokenStream> {
    if field.required || field.read_only || field.write_only {
        return None;
    }
    if is_option(&field.ty) || is_boxed(analysis, type_name, &field.ty) {
        return None;
    }
    defaults::default_expr(field.default.as_ref()?, &field.ty, analysis)
}

/// Whether a field of `type_name` of type `ty` is boxed, to break a cycle of types.
fn is_boxed(analysis: &Analysis, type_name: &str, ty: &ir::Ty) -> bool {
    match &ty.kind {
        ir::TyKind::Named(target) => analysis.needs_box(type_name, target),
        _ => false,
    }
}

/// The `Validate` impl signature around `body`.
fn validate_impl(name: &Ident, body: TokenStream) -> TokenStream {
    let std_vec = prelude::vec();
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

fn type_def_tokens(cx: &Cx, type_def: &ir::TypeDef) -> TokenStream {
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
    match kind {
        ir::TypeKind::Struct(fields) => struct_tokens(cx, name, docs, extra, fields),
        ir::TypeKind::StringEnum(string_enum) => {
            string_enum_tokens(name, docs, &extra, string_enum)
        }
        ir::TypeKind::IntegerEnum(integer_enum) => {
            integer_enum_tokens(name, docs, &extra, integer_enum)
        }
        ir::TypeKind::Tagged(tagged) => tagged_tokens(cx, name, docs, &extra, tagged),
        ir::TypeKind::Untagged(untagged) => untagged_tokens(cx, name, docs, &extra, untagged),
        ir::TypeKind::Alias(ty) => alias_tokens(name, docs, extra, ty),
    }
}

/// How a struct field is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Repr {
    /// `T`: required and not nullable.
    Plain,
    /// `T` with `#[serde(default = "defaults::<fn>")]`.
    Defaulted(Ident),
    /// `Option<T>`, written as `null` when `None`: required but nullable.
    Nullable,
    /// `Option<T>`, left out when `None`.
    Optional,
}

/// One field, ready to emit.
struct FieldPlan<'a> {
    ident: Ident,
    wire: &'a str,
    ty: &'a ir::Ty,
    repr: Repr,
    boxed: bool,
    doc: TokenStream,
}

fn struct_tokens(
    cx: &Cx,
    name: &str,
    type_docs: &ir::Docs,
    mut extra: Vec<String>,
    fields: &ir::Struct,
) -> TokenStream {
    let std_string = prelude::string();
    let ir::Struct {
        fields,
        additional_properties,
        min_properties,
        max_properties,
    } = fields;
    let ident = type_ident(name);
    let plans: Vec<FieldPlan> = fields
        .iter()
        .map(|field| plan_field(cx, name, field))
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
    let doc = docs::doc_attrs(type_docs, &extra);
    let field_tokens = plans.iter().map(field_tokens);
    let additional_field = additional.as_ref().map(|(field, ty)| {
        let value = ty_tokens_in(ty, Paths::Local);
        let mut lines = vec!["Properties not declared above, by name.".to_owned()];
        lines.extend(docs::constraint_lines(&ty.constraints));
        let doc = docs::outer_doc_lines(&lines);
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
    let validate = validate_impl(&ident, body);
    let Builder {
        methods,
        derive_default,
        default_impl,
    } = builder(&ident, &plans, additional.as_ref());
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

/// How a struct is built outside the crate, where `#[non_exhaustive]` forbids literals.
struct Builder {
    /// `impl Name { new, with_* }`.
    methods: TokenStream,
    /// `Default,` for the derive list, when the derived values are those of `new()`.
    derive_default: TokenStream,
    /// `impl Default` calling `new()`, when the struct has spec defaults.
    default_impl: TokenStream,
}

/// `new` (taking the required fields in spec order), a `with_*` setter per optional
/// field and for the additional properties, and `Default` when nothing is required.
fn builder(ident: &Ident, plans: &[FieldPlan], additional: Option<&(Ident, &ir::Ty)>) -> Builder {
    let std_box = prelude::r#box();
    let std_none = prelude::none();
    let std_option = prelude::option();
    let std_some = prelude::some();
    let std_string = prelude::string();
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut defaulted = false;
    for plan in plans {
        let field = &plan.ident;
        // Arguments take the value unboxed, so that boxing stays out of the signatures.
        let value = kind_tokens(&plan.ty.kind, Paths::Local, false);
        match &plan.repr {
            Repr::Plain => {
                args.push(quote!(#field: #value));
                if plan.boxed {
                    inits.push(quote!(#field: #std_box::new(#field),));
                } else {
                    inits.push(quote!(#field,));
                }
            }
            Repr::Nullable => {
                args.push(quote!(#field: #std_option<#value>));
                if plan.boxed {
                    inits.push(quote!(#field: #field.map(#std_box::new),));
                } else {
                    inits.push(quote!(#field,));
                }
            }
            Repr::Optional => {
                inits.push(quote!(#field: #std_none,));
                let stored = if plan.boxed {
                    quote!(#std_some(#std_box::new(value)))
                } else {
                    quote!(#std_some(value))
                };
                setters.push(setter(plan, &value, stored, ""));
            }
            Repr::Defaulted(default_fn) => {
                defaulted = true;
                inits.push(quote!(#field: defaults::#default_fn(),));
                setters.push(setter(
                    plan,
                    &value,
                    quote!(value),
                    ", replacing its default",
                ));
            }
        }
    }
    let optional = !setters.is_empty() || additional.is_some();
    if let Some((field, ty)) = additional {
        inits.push(quote!(#field: ::std::collections::BTreeMap::new(),));
        let taken: BTreeSet<String> = plans.iter().map(|plan| setter_name(&plan.ident)).collect();
        let mut name = "with_additional_property".to_owned();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("with_additional_property_{n}");
            n += 1;
        }
        let method = format_ident!("{}", name);
        let value = ty_tokens_in(ty, Paths::Local);
        let doc = docs::outer_doc_lines(&[
            "Adds a property that the schema does not declare, replacing one of the same name."
                .to_owned(),
        ]);
        setters.push(quote! {
            #doc
            #[must_use]
            pub fn #method(mut self, name: #std_string, value: #value) -> Self {
                self.#field.insert(name, value);
                self
            }
        });
    }
    let new_doc = match (args.is_empty(), optional, defaulted) {
        (false, true, false) => {
            "Builds a value from its required properties; the others start unset."
        }
        (false, true, true) => {
            "Builds a value from its required properties; the others start unset or at their \
             defaults."
        }
        (false, false, _) => "Builds a value from its properties.",
        (true, true, false) => "Builds a value with every property unset.",
        (true, true, true) => "Builds a value with every property unset or at its default.",
        (true, false, _) => "Builds the value, which has no properties.",
    };
    let new_doc = docs::outer_doc_lines(&[new_doc.to_owned()]);
    let allow_args = if args.len() > 7 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let methods = quote! {
        impl #ident {
            #new_doc
            #allow_args
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits)*
                }
            }
            #(#setters)*
        }
    };
    let (derive_default, default_impl) = match (args.is_empty(), defaulted) {
        (false, _) => (quote!(), quote!()),
        (true, false) => (quote!(Default,), quote!()),
        (true, true) => (
            quote!(),
            quote! {
                impl ::std::default::Default for #ident {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            },
        ),
    };
    Builder {
        methods,
        derive_default,
        default_impl,
    }
}

/// The name of a field's setter: `with_` and the field name without `r#`.
fn setter_name(field: &Ident) -> String {
    format!("with_{}", field.to_string().trim_start_matches("r#"))
}

/// A `with_*` setter for an optional or defaulted field that stores `stored` (an
/// expression of `value`).
fn setter(plan: &FieldPlan, value: &TokenStream, stored: TokenStream, note: &str) -> TokenStream {
    let field = &plan.ident;
    let method = format_ident!("{}", setter_name(field));
    let property = if plan.wire.is_empty() {
        "the property with the empty name".to_owned()
    } else {
        format!("the property {}", docs::code_span(plan.wire))
    };
    let doc = docs::outer_doc_lines(&[format!("Sets {property}{note}.")]);
    quote! {
        #doc
        #[must_use]
        pub fn #method(mut self, value: #value) -> Self {
            self.#field = #stored;
            self
        }
    }
}

/// Decides how a field is stored and documents it.
fn plan_field<'a>(cx: &Cx, type_name: &str, field: &'a ir::Field) -> FieldPlan<'a> {
    let ir::Field {
        name,
        ty,
        required,
        read_only,
        write_only,
        default,
        docs: field_docs,
    } = field;
    let boxed = is_boxed(cx.analysis, type_name, ty);
    let mut lines = Vec::new();
    if *read_only {
        lines.push("Read-only: set by the service; leave it `None` in requests.".to_owned());
    }
    if *write_only {
        lines.push("Write-only: sent in requests; the service does not return it.".to_owned());
    }
    let repr = if *read_only || *write_only {
        Repr::Optional
    } else if *required {
        if is_option(ty) {
            lines.push("Required, but may be `null`: `None` is sent as `null`.".to_owned());
            Repr::Nullable
        } else {
            Repr::Plain
        }
    } else {
        match cx.default_fns.get(&(type_name, name.rust.as_str())) {
            Some(default_fn) => Repr::Defaulted(default_fn.clone()),
            None => {
                if ty.nullable {
                    lines.push("`null` and an absent value both read as `None`.".to_owned());
                }
                Repr::Optional
            }
        }
    };
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
        doc: docs::doc_attrs(field_docs, &lines),
    }
}

fn field_tokens(plan: &FieldPlan) -> TokenStream {
    let std_option = prelude::option();
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
    let value = kind_tokens(&ty.kind, Paths::Local, *boxed);
    let is_none = if prelude::bare() {
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
    cx: &Cx,
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
fn variant_names_allow(enum_name: &str, variants: &[String]) -> TokenStream {
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

fn string_enum_tokens(
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    string_enum: &ir::StringEnum,
) -> TokenStream {
    let std_ok = prelude::ok();
    let std_result = prelude::result();
    let std_string = prelude::string();
    let ir::StringEnum { variants } = string_enum;
    let ident = type_ident(name);
    let doc = docs::doc_attrs(type_docs, extra);
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
        let doc = docs::doc_attrs(
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
    let validate = validate_impl(&ident, report_unknown(&unknown, names.is_empty()));
    let from_str = if parse_arms.is_empty() {
        quote!(Self::#unknown(#std_string::from(value)))
    } else {
        quote! {
            match value {
                #(#parse_arms)*
                other => Self::#unknown(#std_string::from(other)),
            }
        }
    };
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

fn integer_enum_tokens(
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    integer_enum: &ir::IntegerEnum,
) -> TokenStream {
    let std_ok = prelude::ok();
    let std_result = prelude::result();
    let std_string = prelude::string();
    let ir::IntegerEnum {
        variants,
        format: _,
    } = integer_enum;
    let ident = type_ident(name);
    let doc = docs::doc_attrs(type_docs, extra);
    let unknown = catch_all_name(variants.iter().map(|(rust, _)| rust.as_str()));
    let mut names = Vec::new();
    let mut definitions = Vec::new();
    let mut values = Vec::new();
    let mut seen = BTreeSet::new();
    let mut parse_arms = Vec::new();
    for (rust, value) in variants {
        let variant_ident = type_ident(rust);
        let doc = docs::outer_doc_lines(&[format!("The value `{value}`.")]);
        definitions.push(quote! { #doc #variant_ident, });
        let literal = defaults::int_tokens(i128::from(*value));
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
    let validate = validate_impl(&ident, report_unknown(&unknown, names.is_empty()));
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

        #validate
    }
}

fn tagged_tokens(
    cx: &Cx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    tagged: &ir::TaggedUnion,
) -> TokenStream {
    let std_box = prelude::r#box();
    let std_err = prelude::err();
    let std_none = prelude::none();
    let std_result = prelude::result();
    let std_some = prelude::some();
    let std_string = prelude::string();
    let ir::TaggedUnion { tag, variants } = tagged;
    let ident = type_ident(name);
    let mut extra = extra.to_vec();
    extra.push(format!(
        "The property {} says which variant a value is.",
        docs::code_span(tag)
    ));
    let doc = docs::doc_attrs(type_docs, &extra);
    let mut definitions = Vec::new();
    let mut tag_arms = Vec::new();
    let mut to_value_arms = Vec::new();
    let mut from_value_arms = Vec::new();
    let mut validate_arms = Vec::new();
    let mut validated = false;
    for variant in variants {
        let ir::TaggedVariant {
            name: ir::Name { rust, wire },
            type_name,
        } = variant;
        let variant_ident = type_ident(rust);
        let boxed = cx.analysis.needs_box(name, type_name);
        let inner = kind_tokens(&ir::TyKind::Named(type_name.clone()), Paths::Local, boxed);
        let doc = docs::outer_doc_lines(&[format!("Tag {}.", docs::code_span(wire))]);
        definitions.push(quote! { #doc #variant_ident(#inner), });
        tag_arms.push(quote! { Self::#variant_ident(_) => #wire, });
        to_value_arms
            .push(quote! { Self::#variant_ident(inner) => ::serde_json::to_value(inner), });
        from_value_arms.push(if boxed {
            quote! {
                #wire => ::serde_json::from_value(value)
                    .map(|inner| Self::#variant_ident(#std_box::new(inner))),
            }
        } else {
            quote! { #wire => ::serde_json::from_value(value).map(Self::#variant_ident), }
        });
        validated |= cx.analysis.needs_validation(type_name);
        validate_arms.push(quote! {
            Self::#variant_ident(inner) => validation::Validate::validate_at(inner, path, out),
        });
    }
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
    let not_string = format!("tag `{tag}` is not a string");
    let missing = format!("missing tag `{tag}`");
    let validate_body = if validated {
        quote! { match self { #(#validate_arms)* } }
    } else {
        quote!()
    };
    let validate = validate_impl(&ident, validate_body);
    let allow = variant_names_allow(
        name,
        &variants
            .iter()
            .map(|variant| variant.name.rust.clone())
            .collect::<Vec<_>>(),
    );
    let unknown_tag_error = quote! {
        #std_err(<__D::Error as ::serde::de::Error>::custom(
            ::std::format!(#unknown_tag),
        ))
    };
    let (tag_body, serialize_body, decode_body) = if variants.is_empty() {
        (
            quote!(match *self {}),
            quote! {
                let _ = serializer;
                match *self {}
            },
            quote! {
                let other = tag.as_str();
                #unknown_tag_error
            },
        )
    } else {
        (
            quote!(match self { #(#tag_arms)* }),
            quote! {
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
            quote! {
                let result = match tag.as_str() {
                    #(#from_value_arms)*
                    other => return #unknown_tag_error,
                };
                result.map_err(<__D::Error as ::serde::de::Error>::custom)
            },
        )
    };
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

/// Text with `{` and `}` doubled, for a format string.
fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

fn untagged_tokens(
    cx: &Cx,
    name: &str,
    type_docs: &ir::Docs,
    extra: &[String],
    untagged: &ir::UntaggedUnion,
) -> TokenStream {
    let std_option = prelude::option();
    let ir::UntaggedUnion { variants, any_of } = untagged;
    let ident = type_ident(name);
    let mut extra = extra.to_vec();
    extra.push(if *any_of {
        "One of several shapes (`anyOf`); decoding takes the first variant that fits.".to_owned()
    } else {
        "One of several shapes (`oneOf`); decoding takes the first variant that fits.".to_owned()
    });
    let doc = docs::doc_attrs(type_docs, &extra);
    let mut definitions = Vec::new();
    let mut validate_arms = Vec::new();
    let mut validated = false;
    for variant in variants {
        let ir::UntaggedVariant {
            name: variant_name,
            ty,
        } = variant;
        let variant_ident = type_ident(variant_name);
        let boxed = match &ty.kind {
            ir::TyKind::Named(target) => cx.analysis.needs_box(name, target),
            _ => false,
        };
        let value = kind_tokens(&ty.kind, Paths::Local, boxed);
        let value = if is_option(ty) {
            quote!(#std_option<#value>)
        } else {
            value
        };
        let doc = docs::outer_doc_lines(&docs::constraint_lines(&ty.constraints));
        definitions.push(quote! { #doc #variant_ident(#value), });
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
    let validate = validate_impl(&ident, validate_body);
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

        #validate
    }
}

fn alias_tokens(
    name: &str,
    type_docs: &ir::Docs,
    mut extra: Vec<String>,
    ty: &ir::Ty,
) -> TokenStream {
    let ident = type_ident(name);
    extra.extend(docs::constraint_lines(&ty.constraints));
    let doc = docs::doc_attrs(type_docs, &extra);
    let value = ty_tokens_in(ty, Paths::Local);
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
