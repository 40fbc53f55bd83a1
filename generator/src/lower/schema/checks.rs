//! Keywords that lowering keeps but that cannot work as written, each warned of with its
//! pointer: bounds that no value meets, a `multipleOf` that is not positive, a `default`
//! of the wrong type, a `$ref` to something that is not a schema, and an `allOf` that only
//! refers back to its own schema.

use std::collections::HashSet;

use openapiv3 as oa;
use serde_json::Value;

use super::flat::{Flat, flat};
use super::plan::Plan;
use crate::ir;
use crate::lower::{Cx, SRef, component_key};
use crate::pointer::push as push_pointer;

/// The keywords of an OpenAPI 3.0 Schema Object (and `$ref`); any other key, except an
/// extension (`x-…`), means the object is something else.
const SCHEMA_KEYWORDS: &[&str] = &[
    "$ref",
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "discriminator",
    "readOnly",
    "writeOnly",
    "xml",
    "externalDocs",
    "example",
    "deprecated",
];

impl<'a> Cx<'a> {
    /// Warns of bounds of the schema at `pointer` that no value meets and of a
    /// `multipleOf` that is not a positive number.
    pub(super) fn check_bounds(&mut self, pointer: &str, f: &Flat<'a>) {
        if let Some(factor) = f.multiple_of
            && !(factor > 0.0 && factor.is_finite())
        {
            self.warn(
                &push_pointer(pointer, "multipleOf"),
                format!(
                    "`multipleOf` must be a number greater than 0, not {factor}; it is not checked"
                ),
            );
        }
        if let (Some(minimum), Some(maximum)) = (f.minimum, f.maximum) {
            let exclusive = f.exclusive_minimum || f.exclusive_maximum;
            if minimum > maximum || (minimum == maximum && exclusive) {
                self.warn(
                    &push_pointer(pointer, "minimum"),
                    format!(
                        "no number is within `minimum` {minimum} and `maximum` {maximum}{}, so \
                         every value is refused",
                        if exclusive { " (exclusive)" } else { "" }
                    ),
                );
            }
        }
        let pairs = [
            (
                "minLength",
                f.min_length,
                "maxLength",
                f.max_length,
                "string",
            ),
            ("minItems", f.min_items, "maxItems", f.max_items, "array"),
            (
                "minProperties",
                f.min_properties,
                "maxProperties",
                f.max_properties,
                "object",
            ),
        ];
        for (min_key, min, max_key, max, what) in pairs {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                self.warn(
                    &push_pointer(pointer, min_key),
                    format!(
                        "`{min_key}` {min} is more than `{max_key}` {max}: no {what} meets both, \
                         so every value is refused"
                    ),
                );
            }
        }
    }

    /// Warns when `default` (at `pointer`) is not a value of `ty`, which the generated
    /// code then does not use.
    pub(in crate::lower) fn check_default(&mut self, pointer: &str, default: &Value, ty: &ir::Ty) {
        if default.is_null() {
            return;
        }
        let is_integer = |value: &Value| {
            value.is_i64()
                || value.is_u64()
                || value.as_f64().is_some_and(|float| float.fract() == 0.0)
        };
        let expected = match &ty.kind {
            ir::TyKind::String(_) => (!default.is_string()).then_some("a string"),
            ir::TyKind::Integer(_) => (!is_integer(default)).then_some("an integer"),
            ir::TyKind::Number(_) => (!default.is_number()).then_some("a number"),
            ir::TyKind::Boolean => (!default.is_boolean()).then_some("a boolean"),
            ir::TyKind::Array(_) => (!default.is_array()).then_some("an array"),
            ir::TyKind::Map(_) => (!default.is_object()).then_some("an object"),
            ir::TyKind::Any => None,
            ir::TyKind::Named(named) => {
                let Some(schema) = self.types.get(named).and_then(|slot| slot.schema) else {
                    return;
                };
                let f = flat(schema);
                let in_values = |value: &Value| f.values().contains(&value);
                match self.plan(named, schema) {
                    Plan::StringEnum | Plan::IntegerEnum if !in_values(default) => {
                        Some("one of the enum's values")
                    }
                    Plan::Struct => (!default.is_object()).then_some("an object"),
                    _ => None,
                }
            }
        };
        let allowed = ty.constraints.allowed_values.as_ref();
        let expected = expected.or_else(|| {
            allowed
                .is_some_and(|values| !values.contains(default))
                .then_some("one of the enum's values")
        });
        if let Some(expected) = expected {
            self.warn(
                pointer,
                format!(
                    "`default` {default} is not {expected}, so the generated code does not use it"
                ),
            );
        }
    }

    /// Warns when the `$ref` at `use_pointer` resolves to `target`, an object outside
    /// `#/components/schemas` with keys no schema has (a path item, an operation, a
    /// response): it reads as a schema without keywords, which accepts any value.
    pub(super) fn check_schema_target(&mut self, use_pointer: &str, target: &str) {
        if component_key(target, "schemas").is_some() {
            return;
        }
        let Some(Value::Object(object)) = self.raw_at(target) else {
            return;
        };
        let mut foreign = object
            .keys()
            .filter(|key| !key.starts_with("x-") && !SCHEMA_KEYWORDS.contains(&key.as_str()));
        if let Some(key) = foreign.next() {
            self.warn(
                use_pointer,
                format!(
                    "the `$ref` points at {target}, which is not a schema (it has `{key}`); \
                     any JSON value is accepted here"
                ),
            );
        }
    }

    /// The pointer of an `allOf` part of the schema at `pointer` through which `allOf`
    /// parts (references or inline) lead back to that schema, if any.
    pub(super) fn all_of_back_to_self(&mut self, pointer: &str, f: &Flat<'a>) -> Option<String> {
        let mut seen: HashSet<String> = HashSet::new();
        for (index, part) in f.all_of.iter().enumerate() {
            let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            // Every schema reached from this part through `allOf` parts, without recursion.
            let mut stack: Vec<(String, SRef<'a>)> = vec![(part_pointer.clone(), part.into())];
            while let Some((at, sref)) = stack.pop() {
                let Some((target, schema)) = self.resolve_quietly(&at, sref) else {
                    continue;
                };
                if target == pointer {
                    return Some(part_pointer);
                }
                if !seen.insert(target.clone()) {
                    continue;
                }
                for (inner, inner_part) in flat(schema).all_of.iter().enumerate() {
                    let inner_pointer =
                        push_pointer(&push_pointer(&target, "allOf"), &inner.to_string());
                    stack.push((inner_pointer, inner_part.into()));
                }
            }
        }
        None
    }

    /// A schema position's pointer and schema, or `None` for a bad reference, which is
    /// reported where it is lowered.
    fn resolve_quietly(&self, pointer: &str, sref: SRef<'a>) -> Option<(String, &'a oa::Schema)> {
        match sref {
            SRef::Item(schema) => Some((pointer.to_owned(), schema)),
            SRef::Ref(reference) => self.resolve_schema(reference).ok(),
        }
    }
}
