//! Objects: `allOf` parts collected and merged into one struct, properties lowered to
//! fields.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

use super::any_ty;
use super::flat::flat;
use super::plan::{PartClass, Plan};
use crate::ir;
use crate::lower::{Cx, PATTERN_CODE, SRef, docs_of};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

impl<'a> Cx<'a> {
    /// Collects the schemas whose properties make up an object: `allOf` parts (following
    /// references, depth first) and then the schema itself.
    pub(super) fn collect_parts(
        &mut self,
        pointer: &str,
        schema: &'a oa::Schema,
        parts: &mut Vec<(String, &'a oa::Schema)>,
        stack: &mut Vec<String>,
    ) {
        if stack.iter().any(|p| p == pointer) {
            self.error(pointer, "`allOf` refers back to this schema");
            return;
        }
        if parts.iter().any(|(p, _)| p == pointer) {
            return;
        }
        if stack.len() > 32 {
            self.warn(
                pointer,
                "`allOf` parts nest deeper than 32 levels here; this part and those under it \
                 are left out of the merged object",
            );
            return;
        }
        stack.push(pointer.to_string());
        let f = flat(schema);
        for (index, part) in f.all_of.iter().enumerate() {
            let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            let Some((target, part_schema)) = self.resolve_sref(&part_pointer, part.into()) else {
                continue;
            };
            if self.part_class(part_schema, 0) != PartClass::Other {
                self.collect_parts(&target, part_schema, parts, stack);
            }
        }
        stack.pop();
        parts.push((pointer.to_string(), schema));
    }

    /// Lowers an object, merging `allOf` parts.
    pub(super) fn lower_struct(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Struct {
        let mut parts = Vec::new();
        self.collect_parts(pointer, schema, &mut parts, &mut Vec::new());
        let required: BTreeSet<&str> = parts
            .iter()
            .flat_map(|(_, s)| flat(s).required.iter().map(String::as_str))
            .collect();
        let mut fields: IndexMap<String, (ir::Field, String)> = IndexMap::new();
        let mut additional: Option<Option<Box<ir::Ty>>> = None;
        let mut min_properties = None;
        let mut max_properties = None;
        for (part_pointer, part) in &parts {
            let f = flat(part);
            if let Some(properties) = f.properties {
                for (wire, property) in properties {
                    let property_pointer =
                        push_pointer(&push_pointer(part_pointer, "properties"), wire);
                    let field = self.field(
                        &property_pointer,
                        wire,
                        property.into(),
                        required.contains(wire.as_str()),
                    );
                    let Some((existing, existing_pointer)) = fields.get_mut(wire) else {
                        fields.insert(wire.clone(), (field, property_pointer));
                        continue;
                    };
                    let mut conflicts = Vec::new();
                    existing.ty = self.merge_ty(&existing.ty, &field.ty, &mut conflicts);
                    existing.read_only |= field.read_only;
                    existing.write_only |= field.write_only;
                    if existing.default.is_none() {
                        existing.default = field.default;
                    }
                    if existing.docs.description.is_none() {
                        existing.docs.description = field.docs.description;
                    }
                    if !conflicts.is_empty() {
                        let message = format!(
                            "property `{wire}` is also declared at {existing_pointer} with a \
                             type that contradicts this one ({}); the field takes the most \
                             general type both allow",
                            conflicts.join("; ")
                        );
                        self.warn(&property_pointer, message);
                    }
                }
            }
            if let Some(value) = f.additional {
                additional = Some(match value {
                    oa::AdditionalProperties::Any(false) => None,
                    oa::AdditionalProperties::Any(true) => Some(Box::new(any_ty())),
                    oa::AdditionalProperties::Schema(schema) => Some(Box::new(self.use_ty(
                        &push_pointer(part_pointer, "additionalProperties"),
                        SRef::from(&**schema),
                    ))),
                });
            }
            min_properties = f.min_properties.map(|v| v as u64).or(min_properties);
            max_properties = f.max_properties.map(|v| v as u64).or(max_properties);
        }
        let mut set = NameSet::new();
        for wire in fields.keys() {
            set.add(&names::field_name(wire), wire);
        }
        let rust_names = set.resolve();
        let fields = fields
            .into_iter()
            .map(|(wire, (mut field, _))| {
                if let Some(rust) = rust_names.get(&wire) {
                    field.name.rust = rust.clone();
                }
                field
            })
            .collect();
        ir::Struct {
            fields,
            additional_properties: additional.flatten(),
            min_properties,
            max_properties,
        }
    }

    /// One property of an object.
    fn field(&mut self, pointer: &str, wire: &str, sref: SRef<'a>, required: bool) -> ir::Field {
        let mut ty = self.use_ty(pointer, sref);
        let use_code = match sref {
            SRef::Item(schema) => schema.schema_data.extensions.get(PATTERN_CODE),
            SRef::Ref(_) => self
                .raw_at(pointer)
                .and_then(Value::as_object)
                .and_then(|sibling| sibling.get(PATTERN_CODE)),
        };
        if let Some(code) = use_code.and_then(Value::as_str) {
            self.recode_patterns(&mut ty, code);
        }
        let name = ir::Name {
            rust: names::field_name(wire),
            wire: wire.to_string(),
        };
        match sref {
            SRef::Item(schema) => {
                let data = &schema.schema_data;
                ir::Field {
                    name,
                    ty,
                    required,
                    read_only: data.read_only,
                    write_only: data.write_only,
                    default: data.default.clone(),
                    docs: docs_of(data),
                }
            }
            SRef::Ref(reference) => {
                let target = self
                    .resolve_schema(reference)
                    .ok()
                    .map(|(_, s)| &s.schema_data);
                let sibling = self.raw_at(pointer).and_then(Value::as_object);
                if let Some(default) = sibling.and_then(|s| s.get("default")) {
                    self.check_default(&push_pointer(pointer, "default"), default, &ty);
                }
                let get = |key: &str| sibling.and_then(|s| s.get(key));
                let flag = |key: &str| get(key).and_then(Value::as_bool).unwrap_or(false);
                ir::Field {
                    name,
                    ty,
                    required,
                    read_only: flag("readOnly") || target.is_some_and(|t| t.read_only),
                    write_only: flag("writeOnly") || target.is_some_and(|t| t.write_only),
                    default: get("default")
                        .cloned()
                        .or_else(|| target.and_then(|t| t.default.clone())),
                    docs: ir::Docs {
                        title: get("title").and_then(Value::as_str).map(str::to_string),
                        description: get("description")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                        deprecated: flag("deprecated"),
                        example: get("example").cloned(),
                    },
                }
            }
        }
    }

    /// The type of a property declared in two `allOf` parts: the refinement when one
    /// refines the other, else the most general type both allow (down to any value), with
    /// what contradicts pushed to `conflicts`.
    fn merge_ty(&mut self, a: &ir::Ty, b: &ir::Ty, conflicts: &mut Vec<String>) -> ir::Ty {
        use ir::TyKind as K;
        if a == b {
            return a.clone();
        }
        let with = |base: &ir::Ty, other: &ir::Ty, kind: K| ir::Ty {
            kind,
            nullable: base.nullable || other.nullable,
            constraints: merge_constraints(&base.constraints, &other.constraints),
        };
        let kind =
            match (&a.kind, &b.kind) {
                (K::Any, _) => return with(a, b, b.kind.clone()),
                (_, K::Any) => return with(b, a, a.kind.clone()),
                (x, y) if x == y => x.clone(),
                (K::String(ir::StringFormat::Plain), K::String(_))
                | (K::Number(_), K::Integer(_)) => b.kind.clone(),
                (K::String(_), K::String(ir::StringFormat::Plain))
                | (K::Integer(_), K::Number(_)) => a.kind.clone(),
                (K::String(x), K::String(y)) => {
                    conflicts.push(format!("string formats {x:?} and {y:?}"));
                    K::String(ir::StringFormat::Plain)
                }
                (K::Integer(x), K::Integer(y)) => K::Integer(narrower_integer(*x, *y)),
                (K::Number(_), K::Number(_)) => K::Number(ir::NumberFormat::F64),
                (K::String(_), K::Named(p)) if self.named_is_enum(p, true) => b.kind.clone(),
                (K::Named(p), K::String(_)) if self.named_is_enum(p, true) => a.kind.clone(),
                (K::Integer(_), K::Named(p)) if self.named_is_enum(p, false) => b.kind.clone(),
                (K::Named(p), K::Integer(_)) if self.named_is_enum(p, false) => a.kind.clone(),
                (K::Named(p), K::Named(q)) => match self.wider_struct(p, q) {
                    Some(kind) => kind,
                    None if self.named_is_enum(p, true) && self.named_is_enum(q, true) => {
                        conflicts.push("two different string enums".to_owned());
                        K::String(ir::StringFormat::Plain)
                    }
                    None => {
                        conflicts.push("two types neither of which refines the other".to_owned());
                        K::Any
                    }
                },
                (K::Array(x), K::Array(y)) => K::Array(Box::new(self.merge_ty(x, y, conflicts))),
                (K::Map(x), K::Map(y)) => K::Map(Box::new(self.merge_ty(x, y, conflicts))),
                (x, y) => {
                    conflicts.push(format!("{} and {}", kind_word(x), kind_word(y)));
                    K::Any
                }
            };
        let mut merged = with(a, b, kind);
        if matches!(merged.kind, K::Any) {
            merged.constraints = ir::Constraints::default();
        }
        merged
    }

    /// Of two named structs, the one whose properties include all of the other's (an
    /// object and the same object with more properties), as a type kind.
    fn wider_struct(&mut self, a: &str, b: &str) -> Option<ir::TyKind> {
        let a_names = self.struct_property_names(a)?;
        let b_names = self.struct_property_names(b)?;
        if a_names.is_subset(&b_names) {
            Some(ir::TyKind::Named(b.to_owned()))
        } else if b_names.is_subset(&a_names) {
            Some(ir::TyKind::Named(a.to_owned()))
        } else {
            None
        }
    }

    /// The property names of the named struct at `pointer`, its `allOf` parts included;
    /// `None` when it is not a struct.
    fn struct_property_names(&mut self, pointer: &str) -> Option<BTreeSet<String>> {
        let schema = self.types.get(pointer).and_then(|slot| slot.schema)?;
        if !matches!(self.plan(pointer, schema), Plan::Struct) {
            return None;
        }
        let mut names = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut pending = vec![schema];
        while let Some(schema) = pending.pop() {
            let f = flat(schema);
            names.extend(f.properties.into_iter().flat_map(|p| p.keys().cloned()));
            for part in f.all_of {
                let part = match part {
                    oa::ReferenceOr::Item(part) => Some(part),
                    oa::ReferenceOr::Reference { reference } => self
                        .resolve_schema(reference)
                        .ok()
                        .filter(|(target, _)| seen.insert(target.clone()))
                        .map(|(_, part)| part),
                };
                pending.extend(part);
            }
        }
        Some(names)
    }

    /// Whether the named type at `pointer` is a string (or integer) enum.
    fn named_is_enum(&mut self, pointer: &str, string: bool) -> bool {
        let Some(schema) = self.types.get(pointer).and_then(|slot| slot.schema) else {
            return false;
        };
        match self.plan(pointer, schema) {
            Plan::StringEnum => string,
            Plan::IntegerEnum => !string,
            _ => false,
        }
    }
}

/// The constraints both `a` and `b` impose: the larger lower bounds, the smaller upper
/// bounds, the values both allow.
fn merge_constraints(a: &ir::Constraints, b: &ir::Constraints) -> ir::Constraints {
    ir::Constraints {
        min_length: a.min_length.max(b.min_length),
        max_length: either_or_both(a.max_length, b.max_length, u64::min),
        pattern: b.pattern.clone().or_else(|| a.pattern.clone()),
        minimum: either_or_both(a.minimum, b.minimum, |x, y| tighter_bound(x, y, true)),
        maximum: either_or_both(a.maximum, b.maximum, |x, y| tighter_bound(x, y, false)),
        multiple_of: b.multiple_of.or(a.multiple_of),
        min_items: a.min_items.max(b.min_items),
        max_items: either_or_both(a.max_items, b.max_items, u64::min),
        unique_items: a.unique_items || b.unique_items,
        allowed_values: either_or_both(
            a.allowed_values.clone(),
            b.allowed_values.clone(),
            |x, y| x.into_iter().filter(|value| y.contains(value)).collect(),
        ),
    }
}

/// `both(a, b)` when both are set, else whichever is.
fn either_or_both<T>(a: Option<T>, b: Option<T>, both: impl FnOnce(T, T) -> T) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(both(a, b)),
        (a, b) => a.or(b),
    }
}

/// Of two bounds on the same side, the one that refuses more: the larger lower bound
/// (`lower`) or the smaller upper bound; at equal values the exclusive one.
fn tighter_bound(a: ir::Bound, b: ir::Bound, lower: bool) -> ir::Bound {
    if a.value == b.value {
        return ir::Bound {
            value: a.value,
            exclusive: a.exclusive || b.exclusive,
        };
    }
    if (a.value > b.value) == lower { a } else { b }
}

/// Of two integer widths, one whose values the other also holds (their intersection).
fn narrower_integer(a: ir::IntegerFormat, b: ir::IntegerFormat) -> ir::IntegerFormat {
    use ir::IntegerFormat as I;
    if a == I::I32 || b == I::I32 {
        I::I32
    } else if a == I::U32 || b == I::U32 {
        I::U32
    } else {
        I::I64
    }
}

/// A short word for a type kind, for warnings.
fn kind_word(kind: &ir::TyKind) -> &'static str {
    match kind {
        ir::TyKind::Named(_) => "a named type",
        ir::TyKind::String(_) => "a string",
        ir::TyKind::Boolean => "a boolean",
        ir::TyKind::Integer(_) => "an integer",
        ir::TyKind::Number(_) => "a number",
        ir::TyKind::Array(_) => "an array",
        ir::TyKind::Map(_) => "a map",
        ir::TyKind::Any => "any value",
    }
}
