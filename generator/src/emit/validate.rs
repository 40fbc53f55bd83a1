//! Validation code: the statements that check a value against the constraints of its
//! `ir::Ty`, calling the `check_*` functions of the generated crate's
//! `runtime::validation` module.
//!
//! Generated statements use two names that must be in scope: `path`
//! (`&mut crate::runtime::validation::Path`) and `out`
//! (`&mut Vec<crate::runtime::validation::Violation>`).

use std::collections::BTreeMap;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::emit::literals::{canonical_json, float_tokens};
use crate::emit::prelude::Prelude;
use crate::emit::spelling;
use crate::ir;

/// Statements that validate `value` (an expression of type `&T`, where `T` is
/// `spelling::ty_tokens(ty)`, so `&Option<_>` when the type is nullable) as the property or
/// parameter `wire_name`. Named types are checked through their `Validate` impl. When the
/// type has no constraint of its own, this is a plain `Validate::validate_at` call, so the
/// result always uses `path` and `out`.
pub fn validate_value(
    checker: &Checker,
    ty: &ir::Ty,
    value: TokenStream,
    wire_name: &str,
) -> TokenStream {
    checks_at(checker, ty, value, Some(wire_name))
}

/// The statements that check a request body of `ty` at `value`, as [`validate_value`]
/// does. A body sits at the root of its own paths, so no segment is pushed.
pub fn validate_body(checker: &Checker, ty: &ir::Ty, value: TokenStream) -> TokenStream {
    checks_at(checker, ty, value, None)
}

/// The checks of `value`, under the path segment `field` when there is one.
fn checks_at(
    checker: &Checker,
    ty: &ir::Ty,
    value: TokenStream,
    field: Option<&str>,
) -> TokenStream {
    let (binding, place) = bind(value);
    let checks = match field {
        Some(field) => checker.field_checks(ty, spelling::is_option(ty), &place, field),
        None => checker.ty_checks(ty, spelling::is_option(ty), &place, 0),
    };
    if checks.is_empty() {
        let reference = place.reference();
        return quote! {
            #binding
            validation::Validate::validate_at(#reference, path, out);
        };
    }
    quote! {
        #binding
        #checks
    }
}

/// Where a value to check is.
#[derive(Debug, Clone)]
pub enum Place {
    /// `self.<field>`.
    SelfField(Ident),
    /// A binding of type `&T`.
    Var(Ident),
}

impl Place {
    /// An expression of type `&T`.
    fn reference(&self) -> TokenStream {
        match self {
            Place::SelfField(field) => quote!(&self.#field),
            Place::Var(var) => quote!(#var),
        }
    }

    /// An expression to call methods on.
    fn receiver(&self) -> TokenStream {
        match self {
            Place::SelfField(field) => quote!(self.#field),
            Place::Var(var) => quote!(#var),
        }
    }
}

/// A binding name for nesting depth `depth`: `base`, then `base_1`, `base_2`, ...
fn binding(base: &str, depth: usize) -> Ident {
    if depth == 0 {
        format_ident!("{}", base)
    } else {
        format_ident!("{}_{}", base, depth)
    }
}

/// Binds an arbitrary expression to a name unless it already is one.
fn bind(value: TokenStream) -> (TokenStream, Place) {
    let mut tokens = value.clone().into_iter();
    if let (Some(proc_macro2::TokenTree::Ident(ident)), None) = (tokens.next(), tokens.next()) {
        return (TokenStream::new(), Place::Var(ident));
    }
    let var = format_ident!("checked");
    (quote! { let #var = #value; }, Place::Var(var))
}

/// How `pattern` checks reach their compiled expression.
#[derive(Debug)]
pub enum PatternSite {
    /// A `static PATTERN_<hash>` of the module itself, as in `types.rs`.
    Module,
    /// A `static PATTERN_<hash>` of the parent module, as for the operation modules of
    /// `operations.rs`.
    Parent,
}

/// A collection whose elements are checked one by one.
#[derive(Debug, Clone, Copy)]
enum Container {
    /// A `Vec`, visited by index.
    Array,
    /// A `BTreeMap`, visited by key.
    Map,
}

/// Emits checks. The patterns they use are those [`ty_patterns`] lists.
pub struct Checker<'a> {
    needs: &'a dyn Fn(&str) -> bool,
    patterns: PatternSite,
    prelude: Prelude,
}

impl std::fmt::Debug for Checker<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("patterns", &self.patterns)
            .finish_non_exhaustive()
    }
}

impl<'a> Checker<'a> {
    /// A checker that calls `Validate` on the named types for which `needs` holds, in a
    /// module that spells the prelude by `prelude`.
    pub fn new(needs: &'a dyn Fn(&str) -> bool, patterns: PatternSite, prelude: Prelude) -> Self {
        Self {
            needs,
            patterns,
            prelude,
        }
    }

    /// Whether the only checks of a value of `ty` are `Validate` calls on named types,
    /// which the runtime's `Validate` impls for `Option`, `Box`, `Vec` and `BTreeMap` make
    /// themselves, with the same path segments.
    pub fn delegates_only(&self, ty: &ir::Ty) -> bool {
        let ir::Constraints {
            min_items,
            max_items,
            unique_items,
            allowed_values,
            ..
        } = &ty.constraints;
        let unconstrained =
            min_items.is_none() && max_items.is_none() && !unique_items && allowed_values.is_none();
        unconstrained
            && match &ty.kind {
                ir::TyKind::Named(name) => (self.needs)(name),
                ir::TyKind::Array(inner) | ir::TyKind::Map(inner) => self.delegates_only(inner),
                _ => false,
            }
    }

    /// Checks of a value at `place`, stored as `Option<T>` when `option_wrapped` (the
    /// constraints of `ty` apply to the `Some` value). Empty when there is nothing to
    /// check.
    pub fn ty_checks(
        &self,
        ty: &ir::Ty,
        option_wrapped: bool,
        place: &Place,
        depth: usize,
    ) -> TokenStream {
        let std_some = self.prelude.some();
        if option_wrapped {
            let var = binding("value", depth);
            let checks = self.kind_checks(ty, &Place::Var(var.clone()), depth);
            if checks.is_empty() {
                return TokenStream::new();
            }
            let reference = place.reference();
            quote! {
                if let #std_some(#var) = #reference {
                    #(#checks)*
                }
            }
        } else {
            let checks = self.kind_checks(ty, place, depth);
            quote! { #(#checks)* }
        }
    }

    /// Statements checking the constraints of `ty` and the values inside it.
    fn kind_checks(&self, ty: &ir::Ty, place: &Place, depth: usize) -> Vec<TokenStream> {
        let ir::Ty {
            kind,
            nullable: _,
            constraints,
        } = ty;
        let ir::Constraints {
            min_length,
            max_length,
            pattern,
            minimum,
            maximum,
            multiple_of,
            min_items,
            max_items,
            unique_items,
            allowed_values,
        } = constraints;
        let value = place.reference();
        let mut checks = Vec::new();
        match kind {
            ir::TyKind::Named(name) => {
                if (self.needs)(name) {
                    checks.push(quote! {
                        validation::Validate::validate_at(#value, path, out);
                    });
                }
            }
            ir::TyKind::String(ir::StringFormat::Plain | ir::StringFormat::Binary) => {
                // A length the pattern implies is left to the pattern, so that a value
                // breaking both reports one violation, the pattern's (whose code the spec
                // may choose, e.g. `invalid_reference_format`), not two.
                let lengths = pattern.as_ref().and_then(|pattern| pattern.lengths);
                let min_length =
                    min_length.filter(|min| !lengths.is_some_and(|l| l.implies_min_length(*min)));
                let max_length =
                    max_length.filter(|max| !lengths.is_some_and(|l| l.implies_max_length(*max)));
                if let Some(min) = min_length {
                    let min = Literal::u64_unsuffixed(min);
                    checks.push(quote! {
                        validation::check_min_length(#value, #min, path, out);
                    });
                }
                if let Some(max) = max_length {
                    let max = Literal::u64_unsuffixed(max);
                    checks.push(quote! {
                        validation::check_max_length(#value, #max, path, out);
                    });
                }
                if let Some(pattern) = pattern {
                    checks.push(self.pattern_check(pattern, &value));
                }
            }
            ir::TyKind::Integer(_) | ir::TyKind::Number(_) => {
                if let Some(ir::Bound {
                    value: min,
                    exclusive,
                }) = minimum
                {
                    if let Some(min) = float_tokens(*min) {
                        checks.push(quote! {
                            validation::check_minimum(#value, #min, #exclusive, path, out);
                        });
                    }
                }
                if let Some(ir::Bound {
                    value: max,
                    exclusive,
                }) = maximum
                {
                    if let Some(max) = float_tokens(*max) {
                        checks.push(quote! {
                            validation::check_maximum(#value, #max, #exclusive, path, out);
                        });
                    }
                }
                let factor = multiple_of
                    .filter(|factor| *factor > 0.0)
                    .and_then(float_tokens);
                if let Some(factor) = factor {
                    checks.push(quote! {
                        validation::check_multiple_of(#value, #factor, path, out);
                    });
                }
            }
            ir::TyKind::Array(item) => {
                if let Some(min) = min_items {
                    let min = Literal::u64_unsuffixed(*min);
                    checks.push(quote! {
                        validation::check_min_items(#value, #min, path, out);
                    });
                }
                if let Some(max) = max_items {
                    let max = Literal::u64_unsuffixed(*max);
                    checks.push(quote! {
                        validation::check_max_items(#value, #max, path, out);
                    });
                }
                if *unique_items {
                    checks.push(quote! {
                        validation::check_unique_items(#value, path, out);
                    });
                }
                checks.extend(self.container_checks(item, place, depth, Container::Array));
            }
            ir::TyKind::Map(entry) => {
                checks.extend(self.container_checks(entry, place, depth, Container::Map));
            }
            ir::TyKind::String(
                ir::StringFormat::DateTime
                | ir::StringFormat::Date
                | ir::StringFormat::Uuid
                | ir::StringFormat::Byte,
            )
            | ir::TyKind::Boolean
            | ir::TyKind::Any => {}
        }
        if let Some(allowed) = allowed_values {
            let texts: Vec<String> = allowed
                .iter()
                .filter_map(|value| canonical_json(value, kind))
                .collect();
            checks.push(quote! {
                validation::check_allowed(#value, &[#(#texts),*], path, out);
            });
        }
        checks
    }

    /// The checks of the items of an array (or the entries of a map) at `place`: one
    /// `Validate` call on the container when they are only `Validate` calls, since the
    /// runtime's impls for `Vec` and `BTreeMap` visit each with its index or key; else a
    /// loop that does the same around the checks. `None` when there is nothing to check.
    fn container_checks(
        &self,
        inner: &ir::Ty,
        place: &Place,
        depth: usize,
        container: Container,
    ) -> Option<TokenStream> {
        if self.delegates_only(inner) {
            let value = place.reference();
            return Some(quote! { validation::Validate::validate_at(#value, path, out); });
        }
        let (position, var) = match container {
            Container::Array => (binding("index", depth), binding("item", depth)),
            Container::Map => (binding("key", depth), binding("entry", depth)),
        };
        let checks = self.ty_checks(
            inner,
            spelling::is_option(inner),
            &Place::Var(var.clone()),
            depth + 1,
        );
        if checks.is_empty() {
            return None;
        }
        let receiver = place.receiver();
        Some(match container {
            Container::Array => quote! {
                for (#position, #var) in #receiver.iter().enumerate() {
                    path.push_index(#position);
                    #checks
                    path.pop();
                }
            },
            Container::Map => quote! {
                for (#position, #var) in #receiver.iter() {
                    path.push_key(#position);
                    #checks
                    path.pop();
                }
            },
        })
    }

    /// The checks of the property `field` at `place`: one `validate_field` call when they
    /// are only `Validate` calls, else the checks under the pushed segment. Empty when
    /// there is nothing to check.
    pub fn field_checks(
        &self,
        ty: &ir::Ty,
        option_wrapped: bool,
        place: &Place,
        field: &str,
    ) -> TokenStream {
        if self.delegates_only(ty) {
            let reference = place.reference();
            return quote! { validation::validate_field(#reference, #field, path, out); };
        }
        let checks = self.ty_checks(ty, option_wrapped, place, 0);
        if checks.is_empty() {
            return checks;
        }
        quote! {
            path.push_field(#field);
            #checks
            path.pop();
        }
    }

    /// A `check_pattern` call for `pattern`.
    fn pattern_check(&self, pattern: &ir::Pattern, value: &TokenStream) -> TokenStream {
        let ident = pattern_ident(pattern);
        let scope = match self.patterns {
            PatternSite::Module => TokenStream::new(),
            PatternSite::Parent => quote!(super::),
        };
        quote! {
            validation::check_pattern(&#scope #ident, #value, path, out);
        }
    }
}

/// Adds the patterns that the checks of a value of `ty` use to `out`, by the name of
/// their static: those of strings, and of the items of arrays and maps, as
/// [`Checker::ty_checks`] checks them.
pub fn ty_patterns<'a>(ty: &'a ir::Ty, out: &mut BTreeMap<String, &'a ir::Pattern>) {
    let mut current = ty;
    loop {
        match &current.kind {
            ir::TyKind::String(ir::StringFormat::Plain | ir::StringFormat::Binary) => {
                if let Some(pattern) = &current.constraints.pattern {
                    out.insert(pattern_ident(pattern).to_string(), pattern);
                }
                return;
            }
            ir::TyKind::Array(item) | ir::TyKind::Map(item) => current = item,
            _ => return,
        }
    }
}

/// The patterns the `Validate` impls of `api`'s types use, by static name: those of struct
/// fields, additional properties and untagged union variants.
pub fn type_patterns(api: &ir::Api) -> BTreeMap<String, &ir::Pattern> {
    let mut patterns = BTreeMap::new();
    for type_def in &api.types {
        match &type_def.kind {
            ir::TypeKind::Struct(fields) => {
                for field in &fields.fields {
                    ty_patterns(&field.ty, &mut patterns);
                }
                if let Some(additional) = &fields.additional_properties {
                    ty_patterns(additional, &mut patterns);
                }
            }
            ir::TypeKind::Untagged(union) => {
                for variant in &union.variants {
                    ty_patterns(&variant.ty, &mut patterns);
                }
            }
            ir::TypeKind::StringEnum(_)
            | ir::TypeKind::IntegerEnum(_)
            | ir::TypeKind::Tagged(_)
            | ir::TypeKind::Alias(_) => {}
        }
    }
    patterns
}

/// The name of the module-level static holding `pattern`: stable across unrelated spec
/// changes, as it depends only on the text and the code (64-bit FNV-1a; the text alone for
/// a pattern without a code of its own).
pub fn pattern_ident(pattern: &ir::Pattern) -> Ident {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    add(pattern.regex.as_bytes());
    if let Some(code) = &pattern.code {
        add(&[0]);
        add(code.as_bytes());
    }
    format_ident!("PATTERN_{:016X}", hash)
}

/// The `static` items for `patterns`, by name (see [`ty_patterns`]): each pattern
/// compiled on first use, with its error code.
pub fn pattern_statics(patterns: &BTreeMap<String, &ir::Pattern>) -> TokenStream {
    let statics = patterns.values().map(|pattern| {
        let ident = pattern_ident(pattern);
        let regex = &pattern.regex;
        let value = match &pattern.code {
            Some(code) => quote!(validation::Pattern::with_code(#regex, #code)),
            None => quote!(validation::Pattern::new(#regex)),
        };
        quote! {
            static #ident: validation::Pattern = #value;
        }
    });
    quote! { #(#statics)* }
}
