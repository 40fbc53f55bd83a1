//! What a schema becomes ([`Plan`]), and how an `allOf` part takes part in a merge.

use openapiv3 as oa;

use super::flat::{Flat, flat};
use crate::lower::{Cx, SRef};
use crate::pointer::push as push_pointer;

/// What a schema becomes.
pub(super) enum Plan<'a> {
    /// An object: a named struct (after `allOf` merging).
    Struct,
    StringEnum,
    IntegerEnum,
    /// `oneOf`/`anyOf` with several branches: a named union.
    Union {
        branches: &'a [oa::ReferenceOr<oa::Schema>],
        keyword: &'static str,
    },
    /// The type of another schema, possibly made nullable.
    Delegate {
        pointer: String,
        sref: SRef<'a>,
        nullable: bool,
    },
    /// A type written at the use site: primitive, array, map or any.
    Inline,
    /// Cannot be generated; the message says why.
    Fail(String),
}

/// How an `allOf` part takes part in a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartClass {
    /// An object whose properties merge.
    Object,
    /// Only docs, `nullable`, `required` or other keywords without a type.
    Constraint,
    /// Anything else: a primitive, enum, array or union.
    Other,
}

impl<'a> Cx<'a> {
    /// Decides what a schema becomes.
    pub(super) fn plan(&mut self, pointer: &str, schema: &'a oa::Schema) -> Plan<'a> {
        let f = flat(schema);
        if f.not.is_some() {
            let only_not = f.typ.is_none()
                && !f.has_properties()
                && f.items.is_none()
                && f.enumeration.is_empty()
                && f.one_of.is_empty()
                && f.all_of.is_empty()
                && f.any_of.is_empty()
                && f.additional.is_none();
            if only_not {
                return Plan::Fail(
                    "`not` is not supported: a schema that only says what a value is not \
                     has no Rust type"
                        .to_string(),
                );
            }
            self.warn(
                &push_pointer(pointer, "not"),
                "`not` is ignored; values it excludes are accepted",
            );
        }
        let (branches, keyword) = if !f.one_of.is_empty() {
            if !f.any_of.is_empty() {
                self.warn(
                    &push_pointer(pointer, "anyOf"),
                    "`anyOf` next to `oneOf` is ignored",
                );
            }
            (f.one_of, "oneOf")
        } else {
            (f.any_of, "anyOf")
        };
        if !branches.is_empty() {
            let constraint_only = branches.iter().all(|b| match b {
                oa::ReferenceOr::Item(s) => self.part_class(s, 0) == PartClass::Constraint,
                oa::ReferenceOr::Reference { .. } => false,
            });
            if constraint_only {
                self.warn(
                    &push_pointer(pointer, keyword),
                    format!("`{keyword}` whose branches only add constraints is not enforced"),
                );
            } else {
                if f.has_properties() {
                    self.warn(
                        &push_pointer(pointer, "properties"),
                        format!("properties next to `{keyword}` are ignored"),
                    );
                }
                let non_null: Vec<(usize, SRef<'a>)> = branches
                    .iter()
                    .enumerate()
                    .map(|(i, b)| (i, SRef::from(b)))
                    .filter(|(_, b)| !self.is_null_schema(*b))
                    .collect();
                let has_null = non_null.len() < branches.len();
                if let [(index, sref)] = non_null.as_slice()
                    && f.data.discriminator.is_none()
                {
                    return Plan::Delegate {
                        pointer: push_pointer(&push_pointer(pointer, keyword), &index.to_string()),
                        sref: *sref,
                        nullable: f.data.nullable || has_null,
                    };
                }
                if non_null.is_empty() {
                    return Plan::Inline;
                }
                return Plan::Union { branches, keyword };
            }
        }
        if !f.all_of.is_empty() {
            return self.all_of_plan(pointer, &f);
        }
        plan_basic(&f)
    }

    /// Plans an `allOf`: merge objects, stand for a single non-object part, or fail.
    fn all_of_plan(&mut self, pointer: &str, f: &Flat<'a>) -> Plan<'a> {
        let own_object = f.is_objectish() || !f.required.is_empty();
        let mut objects = usize::from(own_object);
        let mut object_refs: Vec<(String, SRef<'a>)> = Vec::new();
        let mut others: Vec<(String, SRef<'a>)> = Vec::new();
        let mut nullable = f.data.nullable;
        let mut constraints_require = false;
        for (index, part) in f.all_of.iter().enumerate() {
            let part_pointer = push_pointer(&push_pointer(pointer, "allOf"), &index.to_string());
            let sref = SRef::from(part);
            let Some((_, schema)) = self.resolve_sref(&part_pointer, sref) else {
                continue;
            };
            match self.part_class(schema, 0) {
                PartClass::Object => {
                    objects += 1;
                    if matches!(sref, SRef::Ref(_)) {
                        object_refs.push((part_pointer, sref));
                    }
                }
                PartClass::Other => others.push((part_pointer, sref)),
                PartClass::Constraint => {
                    nullable |= schema.schema_data.nullable;
                    constraints_require |= !flat(schema).required.is_empty();
                }
            }
        }
        // A single `$ref` with only docs, `nullable` or `readOnly` beside it is that type.
        if objects == 1
            && others.is_empty()
            && !own_object
            && !constraints_require
            && let Some((part_pointer, sref)) = object_refs.pop()
        {
            return Plan::Delegate {
                pointer: part_pointer,
                sref,
                nullable,
            };
        }
        if others.is_empty() {
            if objects > 0 {
                return Plan::Struct;
            }
            if let Some(part) = self.all_of_back_to_self(pointer, f) {
                self.warn(
                    &part,
                    "this `allOf` part refers back to the schema that holds it, and no part \
                     gives it a type: any JSON value is accepted (`serde_json::Value`)",
                );
            }
            return Plan::Inline;
        }
        if objects == 0
            && others.len() == 1
            && let Some((part_pointer, sref)) = others.pop()
        {
            return Plan::Delegate {
                pointer: part_pointer,
                sref,
                nullable,
            };
        }
        let listed: Vec<String> = others.iter().map(|(p, _)| p.clone()).collect();
        Plan::Fail(format!(
            "`allOf` combines {objects} object part(s) with non-object part(s) ({}); only \
             objects can be merged, or a single non-object part used as it is",
            listed.join(", ")
        ))
    }

    /// Classifies an `allOf` part.
    pub(super) fn part_class(&mut self, schema: &'a oa::Schema, depth: usize) -> PartClass {
        let f = flat(schema);
        if !f.all_of.is_empty() && depth < 16 {
            let mut class = if f.is_objectish() {
                PartClass::Object
            } else {
                PartClass::Constraint
            };
            for part in f.all_of {
                let inner = match part {
                    oa::ReferenceOr::Item(s) => Some(self.part_class(s, depth + 1)),
                    oa::ReferenceOr::Reference { reference } => self
                        .resolve_schema(reference)
                        .ok()
                        .map(|(_, s)| self.part_class(s, depth + 1)),
                };
                match inner {
                    Some(PartClass::Object) => class = PartClass::Object,
                    Some(PartClass::Other) if class == PartClass::Constraint => {
                        class = PartClass::Other;
                    }
                    _ => {}
                }
            }
            return class;
        }
        let branches = if f.one_of.is_empty() {
            f.any_of
        } else {
            f.one_of
        };
        let real_branches = branches.iter().any(|b| match b {
            oa::ReferenceOr::Reference { .. } => true,
            oa::ReferenceOr::Item(s) => {
                depth < 16 && self.part_class(s, depth + 1) != PartClass::Constraint
            }
        });
        if real_branches || !f.values().is_empty() {
            return PartClass::Other;
        }
        if f.is_objectish() {
            return PartClass::Object;
        }
        if f.typ.is_some() || f.items.is_some() || f.format.is_some() {
            return PartClass::Other;
        }
        PartClass::Constraint
    }
}

/// Plans a schema without `oneOf`, `anyOf` or `allOf`.
fn plan_basic<'a>(f: &Flat<'a>) -> Plan<'a> {
    let values = f.values();
    if !values.is_empty() {
        let all_strings = values.iter().all(|v| v.is_string());
        let all_integers = values.iter().all(|v| v.is_i64());
        return match f.typ {
            Some("string") | None if all_strings => Plan::StringEnum,
            Some("integer") | None if all_integers => Plan::IntegerEnum,
            _ => Plan::Inline,
        };
    }
    let is_object = f.typ == Some("object") || (f.typ.is_none() && f.is_objectish());
    if is_object
        && (f.has_properties()
            || matches!(f.additional, Some(oa::AdditionalProperties::Any(false))))
    {
        return Plan::Struct;
    }
    Plan::Inline
}
