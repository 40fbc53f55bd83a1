//! Lowering of schemas: type uses (`Ty`) and the definitions of named types.
//!
//! Every schema is first given a [`Plan`], which says whether it needs a named type, stands
//! for another schema (`allOf` with one part, `oneOf` with one non-null branch), is an
//! inline type, or cannot be generated. Both the use site and the type definition follow
//! the same plan, so they always agree.
//!
//! This module turns schema positions into uses and queues named types; its submodules
//! hold the rest:
//! - `checks`: keywords kept as written that cannot work (bounds no value meets, a
//!   `default` of the wrong type, a `$ref` to something that is not a schema), warned of.
//! - `flat`: every keyword of a schema in one view ([`Flat`]).
//! - `plan`: what a schema becomes, including how `allOf` parts are classified.
//! - `inline`: types written at the use site, with their constraints and patterns.
//! - `object`: structs, with `allOf` parts merged and properties lowered to fields.
//! - `enums`: string and integer enums and their variant names.
//! - `tagged`: `oneOf` with a discriminator.
//! - `untagged`: `oneOf`/`anyOf` without one: branch ranking, overlaps, variant names.

mod checks;
mod enums;
mod flat;
mod inline;
mod object;
mod plan;
mod tagged;
mod untagged;

use openapiv3 as oa;
use serde_json::Value;

use super::{Cx, MAX_SCHEMA_DEPTH, SRef, TypeSlot};
use crate::ir;
use crate::pointer::push as push_pointer;
pub(super) use flat::flat;
use plan::Plan;
pub(super) use untagged::name_untagged_variants;

/// A use of the named type at `pointer`.
fn named_ty(pointer: &str) -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Named(pointer.to_string()),
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}

/// The type that takes any JSON value.
pub(super) fn any_ty() -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Any,
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}

impl<'a> Cx<'a> {
    /// The type of a schema position: a reference or an inline schema.
    pub(super) fn use_ty(&mut self, pointer: &str, sref: SRef<'a>) -> ir::Ty {
        match sref {
            SRef::Item(schema) => self.schema_ty(pointer, schema),
            SRef::Ref(reference) => self.ref_ty(pointer, reference),
        }
    }

    /// The type of a `$ref` at `use_pointer`, with a sibling `nullable: true` applied.
    pub(super) fn ref_ty(&mut self, use_pointer: &str, reference: &str) -> ir::Ty {
        match self.resolve_schema(reference) {
            Err(message) => {
                self.error(use_pointer, message);
                any_ty()
            }
            Ok((target, schema)) => {
                self.check_schema_target(use_pointer, &target);
                let mut ty = self.target_ty(&target, schema);
                if self.sibling_bool(use_pointer, "nullable") {
                    ty.nullable = true;
                }
                ty
            }
        }
    }

    /// The use-site type of the schema at `pointer`, computed once.
    pub(super) fn target_ty(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Ty {
        match self.ref_cache.get(pointer).cloned() {
            Some(Some(ty)) => return ty,
            Some(None) if matches!(self.plan(pointer, schema), Plan::Inline) => {
                // An array or map that contains itself: a named type breaks the cycle.
                self.recursive_containers.insert(pointer.to_string());
                return named_ty(pointer);
            }
            Some(None) => {
                self.error(
                    pointer,
                    "this schema contains itself through single-branch wrappers only; a \
                     recursive type needs an object, array or map in the cycle",
                );
                return any_ty();
            }
            None => {}
        }
        self.ref_cache.insert(pointer.to_string(), None);
        let mut ty = self.schema_ty(pointer, schema);
        if self.recursive_containers.contains(pointer) {
            ty = self.recursive_container(pointer, schema, ty);
        }
        self.ref_cache.insert(pointer.to_string(), Some(ty.clone()));
        ty
    }

    /// The named type of an array or map schema at `pointer` that contains itself
    /// (`A: {type: array, items: {$ref: A}}`), whose inline type is `inner`: a union of
    /// one untagged variant, which reads and writes the JSON of `inner`.
    fn recursive_container(
        &mut self,
        pointer: &str,
        schema: &'a oa::Schema,
        inner: ir::Ty,
    ) -> ir::Ty {
        let nullable = inner.nullable;
        let variant = ir::UntaggedVariant {
            name: match inner.kind {
                ir::TyKind::Array(_) => "List".to_owned(),
                _ => "Map".to_owned(),
            },
            ty: ir::Ty {
                nullable: false,
                ..inner
            },
            listed_only: false,
        };
        let def = ir::TypeDef {
            name: String::new(),
            schema_name: super::component_key(pointer, "schemas"),
            pointer: pointer.to_string(),
            docs: super::docs_of(&schema.schema_data),
            kind: ir::TypeKind::Untagged(ir::UntaggedUnion {
                variants: vec![variant],
                any_of: false,
            }),
        };
        self.types.insert(
            pointer.to_string(),
            TypeSlot {
                schema: None,
                def: Some(def),
            },
        );
        ir::Ty {
            nullable,
            ..named_ty(pointer)
        }
    }

    /// Whether the raw object at `pointer` has `key: true` (a sibling of `$ref`).
    pub(super) fn sibling_bool(&self, pointer: &str, key: &str) -> bool {
        self.raw_at(pointer)
            .and_then(|v| v.get(key))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The constraints of a `text/*` body's schema at `pointer`, when it is a string that
    /// needs no type of its own; anything else reads as plain text without constraints.
    pub(super) fn text_constraints(
        &mut self,
        pointer: &str,
        sref: Option<SRef<'a>>,
    ) -> ir::Constraints {
        let Some((target, schema)) = sref.and_then(|sref| self.resolve_sref(pointer, sref)) else {
            return ir::Constraints::default();
        };
        if !matches!(self.plan(&target, schema), Plan::Inline) {
            return ir::Constraints::default();
        }
        let ty = self.schema_ty(&target, schema);
        match ty.kind {
            ir::TyKind::String(_) => ty.constraints,
            _ => ir::Constraints::default(),
        }
    }

    /// Resolves a schema position to its pointer and schema, reporting a bad reference.
    pub(super) fn resolve_sref(
        &mut self,
        pointer: &str,
        sref: SRef<'a>,
    ) -> Option<(String, &'a oa::Schema)> {
        match sref {
            SRef::Item(schema) => Some((pointer.to_string(), schema)),
            SRef::Ref(reference) => match self.resolve_schema(reference) {
                Ok(found) => {
                    self.check_schema_target(pointer, &found.0);
                    Some(found)
                }
                Err(message) => {
                    self.error(pointer, message);
                    None
                }
            },
        }
    }

    /// The type of an inline schema at `pointer`.
    pub(super) fn schema_ty(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Ty {
        if self.depth >= MAX_SCHEMA_DEPTH {
            self.error(
                pointer,
                format!("schemas nest deeper than {MAX_SCHEMA_DEPTH} levels here"),
            );
            return any_ty();
        }
        self.depth += 1;
        self.check_bounds(pointer, &flat(schema));
        let ty = match self.plan(pointer, schema) {
            Plan::Struct | Plan::StringEnum | Plan::IntegerEnum | Plan::Union { .. } => {
                self.ensure_type(pointer, schema);
                ir::Ty {
                    kind: ir::TyKind::Named(pointer.to_string()),
                    nullable: self.own_nullable(schema),
                    constraints: ir::Constraints::default(),
                }
            }
            Plan::Delegate {
                pointer: target,
                sref,
                nullable,
            } => {
                let mut ty = self.use_ty(&target, sref);
                ty.nullable |= nullable;
                ty
            }
            Plan::Inline => self.inline_ty(pointer, schema),
            Plan::Fail(message) => {
                self.error(pointer, message);
                any_ty()
            }
        };
        self.depth -= 1;
        if let Some(default) = &schema.schema_data.default {
            self.check_default(&push_pointer(pointer, "default"), default, &ty);
        }
        ty
    }

    /// Registers a named type for the schema at `pointer` and queues it.
    fn ensure_type(&mut self, pointer: &str, schema: &'a oa::Schema) {
        if !self.types.contains_key(pointer) {
            self.types.insert(
                pointer.to_string(),
                TypeSlot {
                    schema: Some(schema),
                    def: None,
                },
            );
            self.queue.push(pointer.to_string());
        }
    }

    /// Whether `null` is allowed by the schema itself.
    fn own_nullable(&mut self, schema: &'a oa::Schema) -> bool {
        let f = flat(schema);
        if f.data.nullable || f.enum_has_null() || f.typ == Some("null") {
            return true;
        }
        let branches = if f.one_of.is_empty() {
            f.any_of
        } else {
            f.one_of
        };
        branches.iter().any(|b| self.is_null_schema(b.into()))
    }

    /// Whether a schema accepts only `null` (`type: 'null'` or `enum: [null]`).
    fn is_null_schema(&mut self, sref: SRef<'a>) -> bool {
        let schema = match sref {
            SRef::Item(schema) => schema,
            SRef::Ref(reference) => match self.resolve_schema(reference) {
                Ok((_, schema)) => schema,
                Err(_) => return false,
            },
        };
        let f = flat(schema);
        f.typ == Some("null") || (!f.enumeration.is_empty() && f.values().is_empty())
    }

    /// The definition of a named type.
    pub(super) fn type_kind(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::TypeKind {
        match self.plan(pointer, schema) {
            Plan::Struct => ir::TypeKind::Struct(self.lower_struct(pointer, schema)),
            Plan::StringEnum => ir::TypeKind::StringEnum(self.string_enum(schema)),
            Plan::IntegerEnum => ir::TypeKind::IntegerEnum(self.integer_enum(schema)),
            Plan::Union { branches, keyword } => match &schema.schema_data.discriminator {
                Some(discriminator) => {
                    let known = self.diags.len();
                    let tagged = self.tagged(pointer, branches, keyword, discriminator);
                    if self.diags.len() == known {
                        return tagged;
                    }
                    // A discriminator that cannot work as written is a spec bug: its
                    // problems become warnings and the union decodes untagged.
                    let problems: Vec<_> = self.diags.drain(known..).collect();
                    for problem in problems {
                        self.warn(
                            &problem.pointer,
                            format!(
                                "{}; the discriminator is not used and the union is decoded \
                                 untagged",
                                problem.message
                            ),
                        );
                    }
                    self.untagged(pointer, branches, keyword)
                }
                None => self.untagged(pointer, branches, keyword),
            },
            Plan::Delegate { .. } | Plan::Inline | Plan::Fail(_) => {
                ir::TypeKind::Alias(self.inline_ty(pointer, schema))
            }
        }
    }
}
