//! Whole-API facts the model emitter needs: which uses of a type must be boxed to break
//! infinite size, and which types have anything to validate.

use std::collections::{BTreeMap, BTreeSet};

use crate::emit::validate;
use crate::ir;

/// Facts about the named types of one API.
#[derive(Debug)]
pub struct Analysis<'a> {
    types: BTreeMap<&'a str, &'a ir::TypeDef>,
    /// For each type, the types it reaches through fields stored inline (not behind a
    /// `Vec` or map), itself included only when it is on such a cycle.
    reach: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// Types whose `Validate` impl checks something.
    validated: BTreeSet<&'a str>,
}

impl<'a> Analysis<'a> {
    /// Analyses every type of `api`.
    pub fn new(api: &'a ir::Api) -> Self {
        let types: BTreeMap<&str, &ir::TypeDef> = api
            .types
            .iter()
            .map(|type_def| (type_def.name.as_str(), type_def))
            .collect();
        let edges: BTreeMap<&str, BTreeSet<&str>> = types
            .iter()
            .map(|(name, type_def)| (*name, inline_edges(type_def)))
            .collect();
        let reach = types
            .keys()
            .map(|name| (*name, reachable(name, &edges)))
            .collect();
        let mut analysis = Self {
            types,
            reach,
            validated: BTreeSet::new(),
        };
        analysis.validated = analysis.compute_validated();
        analysis
    }

    /// The type named `name`, if the API has it.
    pub fn type_def(&self, name: &str) -> Option<&'a ir::TypeDef> {
        self.types.get(name).copied()
    }

    /// Whether a field (or variant) of type `from` holding `to` inline must be boxed:
    /// `to` reaches `from` again through inline fields, so the type would be infinite.
    pub fn needs_box(&self, from: &str, to: &str) -> bool {
        from == to || self.reach.get(to).is_some_and(|reach| reach.contains(from))
    }

    /// Whether the `Validate` impl of `name` checks anything. Unknown names are assumed
    /// to.
    pub fn needs_validation(&self, name: &str) -> bool {
        !self.types.contains_key(name) || self.validated.contains(name)
    }

    /// The least fixed point of "has a check of its own or holds a validated type".
    fn compute_validated(&self) -> BTreeSet<&'a str> {
        let mut validated: BTreeSet<&'a str> = BTreeSet::new();
        loop {
            let before = validated.len();
            for (name, type_def) in &self.types {
                if validated.contains(name) {
                    continue;
                }
                let needs =
                    |other: &str| !self.types.contains_key(other) || validated.contains(other);
                if type_has_checks(type_def, &needs) {
                    validated.insert(name);
                }
            }
            if validated.len() == before {
                return validated;
            }
        }
    }
}

/// Whether a type's `Validate` impl would check anything, given which types do.
fn type_has_checks(type_def: &ir::TypeDef, needs: &dyn Fn(&str) -> bool) -> bool {
    match &type_def.kind {
        ir::TypeKind::Struct(ir::Struct {
            fields,
            additional_properties,
            min_properties,
            max_properties,
        }) => {
            min_properties.is_some()
                || max_properties.is_some()
                || fields
                    .iter()
                    .any(|field| validate::ty_has_checks(&field.ty, needs))
                || additional_properties
                    .as_deref()
                    .is_some_and(|ty| validate::ty_has_checks(ty, needs))
        }
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) => true,
        ir::TypeKind::Tagged(ir::TaggedUnion { tag: _, variants }) => {
            variants.iter().any(|variant| needs(&variant.type_name))
        }
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants,
            any_of: _,
        }) => variants
            .iter()
            .any(|variant| validate::ty_has_checks(&variant.ty, needs)),
        ir::TypeKind::Alias(_) => false,
    }
}

/// The types a type stores inline: struct fields (optional or not), union variants.
fn inline_edges(type_def: &ir::TypeDef) -> BTreeSet<&str> {
    match &type_def.kind {
        ir::TypeKind::Struct(ir::Struct {
            fields,
            additional_properties: _,
            min_properties: _,
            max_properties: _,
        }) => fields.iter().filter_map(|field| named(&field.ty)).collect(),
        ir::TypeKind::Tagged(ir::TaggedUnion { tag: _, variants }) => variants
            .iter()
            .map(|variant| variant.type_name.as_str())
            .collect(),
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants,
            any_of: _,
        }) => variants
            .iter()
            .filter_map(|variant| named(&variant.ty))
            .collect(),
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) | ir::TypeKind::Alias(_) => {
            BTreeSet::new()
        }
    }
}

/// The named type a use of `ty` stores inline, if any.
fn named(ty: &ir::Ty) -> Option<&str> {
    match &ty.kind {
        ir::TyKind::Named(name) => Some(name.as_str()),
        _ => None,
    }
}

/// Every type reachable from `start` in one or more steps.
fn reachable<'a>(start: &str, edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = edges
        .get(start)
        .map(|next| next.iter().copied().collect())
        .unwrap_or_default();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            if let Some(next) = edges.get(name) {
                stack.extend(next.iter().copied());
            }
        }
    }
    seen
}
