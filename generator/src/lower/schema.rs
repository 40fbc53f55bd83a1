//! Lowering of schemas: type uses (`Ty`), named types, `allOf` merging, enums and unions.
//!
//! Every schema is first given a [`Plan`], which says whether it needs a named type, stands
//! for another schema (`allOf` with one part, `oneOf` with one non-null branch), is an
//! inline type, or cannot be generated. Both the use site and the type definition follow
//! the same plan, so they always agree.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

use super::{Cx, MAX_SCHEMA_DEPTH, PATTERN_CODE, SRef, TypeSlot, docs_of};
use crate::ir;
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

/// Every keyword of a schema in one view, whatever shape `openapiv3` parsed it into.
pub(super) struct Flat<'a> {
    pub data: &'a oa::SchemaData,
    pub typ: Option<&'a str>,
    pub format: Option<&'a str>,
    pub enumeration: Vec<Value>,
    pub properties: Option<&'a IndexMap<String, oa::ReferenceOr<Box<oa::Schema>>>>,
    pub required: &'a [String],
    pub additional: Option<&'a oa::AdditionalProperties>,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    pub items: Option<&'a oa::ReferenceOr<Box<oa::Schema>>>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<&'a str>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub one_of: &'a [oa::ReferenceOr<oa::Schema>],
    pub all_of: &'a [oa::ReferenceOr<oa::Schema>],
    pub any_of: &'a [oa::ReferenceOr<oa::Schema>],
    pub not: Option<&'a oa::ReferenceOr<oa::Schema>>,
}

impl Flat<'_> {
    fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    /// Enum values other than `null`.
    fn values(&self) -> Vec<&Value> {
        self.enumeration.iter().filter(|v| !v.is_null()).collect()
    }

    fn enum_has_null(&self) -> bool {
        self.enumeration.iter().any(Value::is_null)
    }

    /// Keywords that make this schema an object.
    fn is_objectish(&self) -> bool {
        self.typ == Some("object") || self.has_properties() || self.additional.is_some()
    }
}

fn format_of<T: Copy>(
    format: &oa::VariantOrUnknownOrEmpty<T>,
    name: fn(T) -> &'static str,
) -> Option<&str> {
    match format {
        oa::VariantOrUnknownOrEmpty::Item(item) => Some(name(*item)),
        oa::VariantOrUnknownOrEmpty::Unknown(text) => Some(text),
        oa::VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// Views a schema as [`Flat`].
pub(super) fn flat(schema: &oa::Schema) -> Flat<'_> {
    let mut out = Flat {
        data: &schema.schema_data,
        typ: None,
        format: None,
        enumeration: Vec::new(),
        properties: None,
        required: &[],
        additional: None,
        min_properties: None,
        max_properties: None,
        items: None,
        min_items: None,
        max_items: None,
        unique_items: false,
        min_length: None,
        max_length: None,
        pattern: None,
        minimum: None,
        maximum: None,
        exclusive_minimum: false,
        exclusive_maximum: false,
        multiple_of: None,
        one_of: &[],
        all_of: &[],
        any_of: &[],
        not: None,
    };
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(t)) => {
            out.typ = Some("string");
            out.format = format_of(&t.format, |f| match f {
                oa::StringFormat::Date => "date",
                oa::StringFormat::DateTime => "date-time",
                oa::StringFormat::Password => "password",
                oa::StringFormat::Byte => "byte",
                oa::StringFormat::Binary => "binary",
            });
            out.pattern = t.pattern.as_deref();
            out.enumeration = t
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect();
            out.min_length = t.min_length;
            out.max_length = t.max_length;
        }
        oa::SchemaKind::Type(oa::Type::Number(t)) => {
            out.typ = Some("number");
            out.format = format_of(&t.format, |f| match f {
                oa::NumberFormat::Float => "float",
                oa::NumberFormat::Double => "double",
            });
            out.multiple_of = t.multiple_of;
            out.exclusive_minimum = t.exclusive_minimum;
            out.exclusive_maximum = t.exclusive_maximum;
            out.minimum = t.minimum;
            out.maximum = t.maximum;
            out.enumeration = t
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect();
        }
        oa::SchemaKind::Type(oa::Type::Integer(t)) => {
            out.typ = Some("integer");
            out.format = format_of(&t.format, |f| match f {
                oa::IntegerFormat::Int32 => "int32",
                oa::IntegerFormat::Int64 => "int64",
            });
            out.multiple_of = t.multiple_of.map(|v| v as f64);
            out.exclusive_minimum = t.exclusive_minimum;
            out.exclusive_maximum = t.exclusive_maximum;
            out.minimum = t.minimum.map(|v| v as f64);
            out.maximum = t.maximum.map(|v| v as f64);
            out.enumeration = t
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect();
        }
        oa::SchemaKind::Type(oa::Type::Boolean(t)) => {
            out.typ = Some("boolean");
            out.enumeration = t
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::Bool))
                .collect();
        }
        oa::SchemaKind::Type(oa::Type::Object(t)) => {
            out.typ = Some("object");
            out.properties = Some(&t.properties);
            out.required = &t.required;
            out.additional = t.additional_properties.as_ref();
            out.min_properties = t.min_properties;
            out.max_properties = t.max_properties;
        }
        oa::SchemaKind::Type(oa::Type::Array(t)) => {
            out.typ = Some("array");
            out.items = t.items.as_ref();
            out.min_items = t.min_items;
            out.max_items = t.max_items;
            out.unique_items = t.unique_items;
        }
        oa::SchemaKind::OneOf { one_of } => out.one_of = one_of,
        oa::SchemaKind::AllOf { all_of } => out.all_of = all_of,
        oa::SchemaKind::AnyOf { any_of } => out.any_of = any_of,
        oa::SchemaKind::Not { not } => out.not = Some(not),
        oa::SchemaKind::Any(any) => {
            out.typ = any.typ.as_deref();
            out.format = any.format.as_deref();
            out.pattern = any.pattern.as_deref();
            out.enumeration = any.enumeration.clone();
            out.properties = Some(&any.properties);
            out.required = &any.required;
            out.additional = any.additional_properties.as_ref();
            out.min_properties = any.min_properties;
            out.max_properties = any.max_properties;
            out.items = any.items.as_ref();
            out.min_items = any.min_items;
            out.max_items = any.max_items;
            out.unique_items = any.unique_items.unwrap_or(false);
            out.min_length = any.min_length;
            out.max_length = any.max_length;
            out.minimum = any.minimum;
            out.maximum = any.maximum;
            out.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            out.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
            out.multiple_of = any.multiple_of;
            out.one_of = &any.one_of;
            out.all_of = &any.all_of;
            out.any_of = &any.any_of;
            out.not = any.not.as_deref();
        }
    }
    out
}

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
enum PartClass {
    /// An object whose properties merge.
    Object,
    /// Only docs, `nullable`, `required` or other keywords without a type.
    Constraint,
    /// Anything else: a primitive, enum, array or union.
    Other,
}

/// Decoding-order categories of untagged union branches, most specific first.
mod rank {
    pub const TAGGED: u8 = 0;
    pub const STRUCT: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const INT_ENUM: u8 = 3;
    pub const INTEGER: u8 = 4;
    pub const NUMBER: u8 = 5;
    pub const STR_ENUM: u8 = 6;
    pub const FORMATTED: u8 = 7;
    pub const BYTE: u8 = 8;
    pub const STRING: u8 = 9;
    pub const ARRAY: u8 = 10;
    pub const MAP: u8 = 11;
    pub const UNION: u8 = 12;
    pub const ANY: u8 = 13;
}

/// What the ordering and overlap checks need to know about a union branch.
#[derive(Debug, Clone, Default)]
struct BranchInfo {
    rank: u8,
    required: BTreeSet<String>,
    properties: BTreeSet<String>,
    /// Enum values or the string format, for overlap checks.
    values: BTreeSet<String>,
    /// Required properties that allow a single value (`enum: [vpc]`), with that value.
    consts: std::collections::BTreeMap<String, String>,
}

fn any_ty() -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Any,
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}

fn string_format(format: Option<&str>) -> ir::StringFormat {
    match format {
        Some("date-time") => ir::StringFormat::DateTime,
        Some("date") => ir::StringFormat::Date,
        Some("uuid") => ir::StringFormat::Uuid,
        Some("byte") => ir::StringFormat::Byte,
        Some("binary") => ir::StringFormat::Binary,
        _ => ir::StringFormat::Plain,
    }
}

fn integer_format(format: Option<&str>) -> ir::IntegerFormat {
    match format {
        Some("int32") => ir::IntegerFormat::I32,
        Some("uint32") => ir::IntegerFormat::U32,
        Some("uint64") => ir::IntegerFormat::U64,
        _ => ir::IntegerFormat::I64,
    }
}

fn number_format(format: Option<&str>) -> ir::NumberFormat {
    match format {
        Some("float") => ir::NumberFormat::F32,
        _ => ir::NumberFormat::F64,
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
        match self.ref_cache.get(pointer) {
            Some(Some(ty)) => return ty.clone(),
            Some(None) => {
                self.error(
                    pointer,
                    "this schema contains itself through arrays, maps or single-branch \
                     wrappers only; a recursive type needs an object in the cycle",
                );
                return any_ty();
            }
            None => {}
        }
        self.ref_cache.insert(pointer.to_string(), None);
        let ty = self.schema_ty(pointer, schema);
        self.ref_cache.insert(pointer.to_string(), Some(ty.clone()));
        ty
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
                Ok(found) => Some(found),
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
            return if objects > 0 {
                Plan::Struct
            } else {
                Plan::Inline
            };
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
    fn part_class(&mut self, schema: &'a oa::Schema, depth: usize) -> PartClass {
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

    /// A type written at the use site.
    fn inline_ty(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Ty {
        let f = flat(schema);
        let nullable = self.own_nullable(schema);
        let mut constraints = self.constraints(pointer, &f);
        let kind = match f.typ {
            Some("string") => ir::TyKind::String(string_format(f.format)),
            Some("integer") => ir::TyKind::Integer(integer_format(f.format)),
            Some("number") => ir::TyKind::Number(number_format(f.format)),
            Some("boolean") => ir::TyKind::Boolean,
            Some("array") => ir::TyKind::Array(Box::new(self.items_ty(pointer, &f))),
            Some("object") => ir::TyKind::Map(Box::new(self.additional_ty(pointer, &f))),
            Some("null") => ir::TyKind::Any,
            Some(other) => {
                self.warn(
                    &push_pointer(pointer, "type"),
                    format!("unknown type `{other}`; any JSON value is accepted"),
                );
                ir::TyKind::Any
            }
            None => {
                if f.items.is_some() {
                    ir::TyKind::Array(Box::new(self.items_ty(pointer, &f)))
                } else if f.is_objectish() {
                    ir::TyKind::Map(Box::new(self.additional_ty(pointer, &f)))
                } else if f.min_length.is_some()
                    || f.max_length.is_some()
                    || f.pattern.is_some()
                    || string_format(f.format) != ir::StringFormat::Plain
                {
                    ir::TyKind::String(string_format(f.format))
                } else if f.minimum.is_some() || f.maximum.is_some() || f.multiple_of.is_some() {
                    match f.format {
                        Some("int32" | "int64" | "uint32" | "uint64") => {
                            ir::TyKind::Integer(integer_format(f.format))
                        }
                        _ => ir::TyKind::Number(number_format(f.format)),
                    }
                } else {
                    ir::TyKind::Any
                }
            }
        };
        let values = f.values();
        if !values.is_empty() {
            constraints.allowed_values = Some(values.into_iter().cloned().collect());
        }
        ir::Ty {
            kind,
            nullable,
            constraints,
        }
    }

    fn items_ty(&mut self, pointer: &str, f: &Flat<'a>) -> ir::Ty {
        match f.items {
            Some(items) => self.use_ty(&push_pointer(pointer, "items"), items.into()),
            None => any_ty(),
        }
    }

    fn additional_ty(&mut self, pointer: &str, f: &Flat<'a>) -> ir::Ty {
        match f.additional {
            Some(oa::AdditionalProperties::Schema(schema)) => self.use_ty(
                &push_pointer(pointer, "additionalProperties"),
                SRef::from(&**schema),
            ),
            _ => any_ty(),
        }
    }

    fn constraints(&mut self, pointer: &str, f: &Flat<'a>) -> ir::Constraints {
        let pattern = f.pattern.and_then(|pattern| {
            let ok = *self
                .patterns
                .entry(pattern.to_string())
                .or_insert_with(|| regex::Regex::new(pattern).is_ok());
            if ok {
                Some(pattern.to_string())
            } else {
                self.warn(
                    &push_pointer(pointer, "pattern"),
                    "pattern not supported by the regex crate; not validated",
                );
                None
            }
        });
        let pattern = pattern.map(|regex| {
            let code = f
                .data
                .extensions
                .get(PATTERN_CODE)
                .and_then(Value::as_str)
                .map(str::to_owned);
            self.intern_pattern(&regex, code)
        });
        ir::Constraints {
            min_length: f.min_length.map(|v| v as u64),
            max_length: f.max_length.map(|v| v as u64),
            pattern,
            minimum: f.minimum.map(|value| ir::Bound {
                value,
                exclusive: f.exclusive_minimum,
            }),
            maximum: f.maximum.map(|value| ir::Bound {
                value,
                exclusive: f.exclusive_maximum,
            }),
            multiple_of: f.multiple_of,
            min_items: f.min_items.map(|v| v as u64),
            max_items: f.max_items.map(|v| v as u64),
            unique_items: f.unique_items,
            allowed_values: None,
        }
    }

    /// The definition of a named type.
    pub(super) fn type_kind(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::TypeKind {
        match self.plan(pointer, schema) {
            Plan::Struct => ir::TypeKind::Struct(self.lower_struct(pointer, schema)),
            Plan::StringEnum => ir::TypeKind::StringEnum(self.string_enum(schema)),
            Plan::IntegerEnum => ir::TypeKind::IntegerEnum(self.integer_enum(schema)),
            Plan::Union { branches, keyword } => match &schema.schema_data.discriminator {
                Some(discriminator) => self.tagged(pointer, branches, keyword, discriminator),
                None => self.untagged(pointer, branches, keyword),
            },
            Plan::Delegate { .. } | Plan::Inline | Plan::Fail(_) => {
                ir::TypeKind::Alias(self.inline_ty(pointer, schema))
            }
        }
    }

    /// Collects the schemas whose properties make up an object: `allOf` parts (following
    /// references, depth first) and then the schema itself.
    fn collect_parts(
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
        if parts.iter().any(|(p, _)| p == pointer) || stack.len() > 32 {
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
    fn lower_struct(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Struct {
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
                    match self.merge_ty(&existing.ty, &field.ty) {
                        Some(ty) => {
                            existing.ty = ty;
                            existing.read_only |= field.read_only;
                            existing.write_only |= field.write_only;
                            if existing.default.is_none() {
                                existing.default = field.default;
                            }
                            if existing.docs.description.is_none() {
                                existing.docs.description = field.docs.description;
                            }
                        }
                        None => {
                            let message = format!(
                                "property `{wire}` is also declared at {existing_pointer} \
                                 with an incompatible type"
                            );
                            self.error(&property_pointer, message);
                        }
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

    /// The type of a property declared in two `allOf` parts, or `None` if they conflict.
    fn merge_ty(&mut self, a: &ir::Ty, b: &ir::Ty) -> Option<ir::Ty> {
        use ir::TyKind as K;
        if a == b {
            return Some(a.clone());
        }
        let with = |base: &ir::Ty, other: &ir::Ty, kind: K| ir::Ty {
            kind,
            nullable: base.nullable || other.nullable,
            constraints: merge_constraints(&base.constraints, &other.constraints),
        };
        let kind =
            match (&a.kind, &b.kind) {
                (K::Any, _) => return Some(with(a, b, b.kind.clone())),
                (_, K::Any) => return Some(with(b, a, a.kind.clone())),
                (x, y) if x == y => x.clone(),
                (K::String(ir::StringFormat::Plain), K::String(_))
                | (K::Number(_), K::Integer(_)) => b.kind.clone(),
                (K::String(_), K::String(ir::StringFormat::Plain))
                | (K::Integer(_), K::Number(_)) => a.kind.clone(),
                (K::String(_), K::Named(p)) if self.named_is_enum(p, true) => b.kind.clone(),
                (K::Named(p), K::String(_)) if self.named_is_enum(p, true) => a.kind.clone(),
                (K::Integer(_), K::Named(p)) if self.named_is_enum(p, false) => b.kind.clone(),
                (K::Named(p), K::Integer(_)) if self.named_is_enum(p, false) => a.kind.clone(),
                (K::Array(x), K::Array(y)) => K::Array(Box::new(self.merge_ty(x, y)?)),
                (K::Map(x), K::Map(y)) => K::Map(Box::new(self.merge_ty(x, y)?)),
                _ => return None,
            };
        Some(with(a, b, kind))
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

    fn string_enum(&mut self, schema: &'a oa::Schema) -> ir::StringEnum {
        let f = flat(schema);
        let mut values: Vec<&str> = Vec::new();
        for value in f.values() {
            if let Some(text) = value.as_str()
                && !values.contains(&text)
            {
                values.push(text);
            }
        }
        let custom = custom_variant_names(f.data, values.len());
        let descriptions = string_list(f.data, "x-enum-descriptions", values.len());
        let mut set = NameSet::new();
        for (index, value) in values.iter().enumerate() {
            let wanted = custom
                .as_ref()
                .and_then(|c| c.get(index))
                .map_or_else(|| names::variant_name(value), |c| names::variant_name(c));
            set.add(&wanted, value);
        }
        let rust_names = set.resolve();
        ir::StringEnum {
            variants: values
                .iter()
                .enumerate()
                .map(|(index, value)| ir::EnumVariant {
                    name: ir::Name {
                        rust: rust_names
                            .get(*value)
                            .cloned()
                            .unwrap_or_else(|| names::variant_name(value)),
                        wire: (*value).to_string(),
                    },
                    docs: ir::Docs {
                        description: descriptions.as_ref().and_then(|d| d.get(index)).cloned(),
                        ..ir::Docs::default()
                    },
                })
                .collect(),
        }
    }

    fn integer_enum(&mut self, schema: &'a oa::Schema) -> ir::IntegerEnum {
        let f = flat(schema);
        let mut values: Vec<i64> = Vec::new();
        for value in f.values() {
            if let Some(number) = value.as_i64()
                && !values.contains(&number)
            {
                values.push(number);
            }
        }
        let custom = custom_variant_names(f.data, values.len());
        let mut set = NameSet::new();
        for (index, value) in values.iter().enumerate() {
            let wanted = custom.as_ref().and_then(|c| c.get(index)).map_or_else(
                || names::variant_name(&value.to_string()),
                |c| names::variant_name(c),
            );
            set.add(&wanted, &value.to_string());
        }
        let rust_names = set.resolve();
        ir::IntegerEnum {
            variants: values
                .iter()
                .map(|value| {
                    let key = value.to_string();
                    let name = rust_names
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| names::variant_name(&key));
                    (name, *value)
                })
                .collect(),
            format: integer_format(f.format),
        }
    }

    /// Whether the schema is lowered as a struct.
    fn is_struct(&mut self, pointer: &str, schema: &'a oa::Schema) -> bool {
        matches!(self.plan(pointer, schema), Plan::Struct)
    }

    /// `oneOf` with a discriminator: one variant per tag value.
    fn tagged(
        &mut self,
        pointer: &str,
        branches: &'a [oa::ReferenceOr<oa::Schema>],
        keyword: &str,
        discriminator: &'a oa::Discriminator,
    ) -> ir::TypeKind {
        let tag = discriminator.property_name.clone();
        let mapping_pointer = push_pointer(&push_pointer(pointer, "discriminator"), "mapping");
        let mut mapped: Vec<(String, String)> = Vec::new();
        let mut mapped_targets = BTreeSet::new();
        // By tag value, so that the variants do not depend on the mapping's key order.
        let mut mapping: Vec<_> = discriminator.mapping.iter().collect();
        mapping.sort();
        for (value, target) in mapping {
            let at = push_pointer(&mapping_pointer, value);
            let reference = if target.starts_with('#') {
                target.clone()
            } else if !target.contains('/') && !target.contains('.') {
                push_pointer("#/components/schemas", target)
            } else {
                self.error(
                    &at,
                    format!("mapping target {target:?} is not a reference inside the document"),
                );
                continue;
            };
            let (target_pointer, schema) = match self.resolve_schema(&reference) {
                Ok(found) => found,
                Err(message) => {
                    self.error(&at, message);
                    continue;
                }
            };
            if !self.is_struct(&target_pointer, schema) {
                self.error(
                    &at,
                    format!("mapping target {target:?} is not an object schema with properties"),
                );
                continue;
            }
            self.ensure_type(&target_pointer, schema);
            mapped_targets.insert(target_pointer.clone());
            mapped.push((value.clone(), target_pointer));
        }
        let mut implicit: Vec<(String, String)> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = push_pointer(&push_pointer(pointer, keyword), &index.to_string());
            let sref = SRef::from(branch);
            if self.is_null_schema(sref) {
                continue;
            }
            let Some((target, schema)) = self.resolve_sref(&branch_pointer, sref) else {
                continue;
            };
            if !self.is_struct(&target, schema) {
                self.error(
                    &branch_pointer,
                    "a branch of a `oneOf` with a discriminator must be an object schema \
                     with properties",
                );
                continue;
            }
            self.ensure_type(&target, schema);
            if mapped_targets.contains(&target) {
                continue;
            }
            // A tag property that allows one value decides; a referenced schema's name is
            // the implicit value otherwise (a value the schema could never validate with a
            // one-value tag would be useless).
            let value = match sref {
                SRef::Ref(_) => self
                    .tag_value_of(&target, schema, &tag)
                    .or_else(|| crate::pointer::segments(&target).pop()),
                SRef::Item(schema) => self.tag_value_of(&target, schema, &tag),
            };
            match value {
                Some(value) => implicit.push((value, target)),
                None => self.error(
                    &branch_pointer,
                    format!(
                        "inline branch needs a discriminator mapping entry or a one-value \
                         `enum` for its `{tag}` property"
                    ),
                ),
            }
        }
        let mut all = mapped;
        all.extend(implicit);
        all.sort();
        let mut seen = BTreeSet::new();
        let mut set = NameSet::new();
        let mut variants = Vec::new();
        for (value, target) in all {
            if !seen.insert(value.clone()) {
                self.error(
                    pointer,
                    format!("tag value {value:?} selects more than one schema"),
                );
                continue;
            }
            set.add(&names::variant_name(&value), &value);
            variants.push((value, target));
        }
        let rust_names = set.resolve();
        ir::TypeKind::Tagged(ir::TaggedUnion {
            tag,
            variants: variants
                .into_iter()
                .map(|(value, target)| ir::TaggedVariant {
                    name: ir::Name {
                        rust: rust_names
                            .get(&value)
                            .cloned()
                            .unwrap_or_else(|| names::variant_name(&value)),
                        wire: value,
                    },
                    type_name: target,
                })
                .collect(),
        })
    }

    /// The single `enum` value of property `tag` in an object, `allOf` parts included.
    fn tag_value_of(&mut self, pointer: &str, schema: &'a oa::Schema, tag: &str) -> Option<String> {
        let mut parts = Vec::new();
        self.collect_parts(pointer, schema, &mut parts, &mut Vec::new());
        let property = parts
            .iter()
            .rev()
            .find_map(|(_, part)| flat(part).properties.and_then(|p| p.get(tag)))?;
        let tag_schema = match property {
            oa::ReferenceOr::Item(s) => &**s,
            oa::ReferenceOr::Reference { reference } => self.resolve_schema(reference).ok()?.1,
        };
        let tf = flat(tag_schema);
        match tf.values().as_slice() {
            [Value::String(value)] => Some(value.clone()),
            _ => None,
        }
    }

    /// `oneOf`/`anyOf` without a discriminator, ordered for decoding.
    fn untagged(
        &mut self,
        pointer: &str,
        branches: &'a [oa::ReferenceOr<oa::Schema>],
        keyword: &str,
    ) -> ir::TypeKind {
        let union_pointer = push_pointer(pointer, keyword);
        let mut entries: Vec<(usize, ir::Ty, BranchInfo, Option<String>)> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let sref = SRef::from(branch);
            if self.is_null_schema(sref) {
                continue;
            }
            let branch_pointer = push_pointer(&union_pointer, &index.to_string());
            let mut ty = self.use_ty(&branch_pointer, sref);
            // `null` is handled by the union's use sites.
            ty.nullable = false;
            if let Some((first, ..)) = entries.iter().find(|(_, t, ..)| *t == ty) {
                let message =
                    format!("branches {first} and {index} have the same type; {index} is dropped");
                self.warn(&union_pointer, message);
                continue;
            }
            let info = self.branch_info(&ty);
            let title = match sref {
                SRef::Item(schema) => schema.schema_data.title.as_deref().and_then(short_title),
                SRef::Ref(_) => None,
            };
            entries.push((index, ty, info, title));
        }
        entries.sort_by_key(|(_, _, info, _)| {
            let required = if info.rank == rank::STRUCT {
                info.required.len()
            } else {
                0
            };
            (info.rank, Reverse(required))
        });
        for (position, (i, _, a, _)) in entries.iter().enumerate() {
            for (j, _, b, _) in entries.iter().skip(position + 1) {
                if overlaps(a, b) {
                    self.warnings.push(ir::Warning {
                        pointer: union_pointer.clone(),
                        message: format!(
                            "branches {i} and {j} can both match the same JSON value; \
                             decoding tries {i} first"
                        ),
                    });
                }
            }
        }
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants: entries
                .into_iter()
                .map(|(_, ty, _, title)| ir::UntaggedVariant {
                    name: title.unwrap_or_default(),
                    ty,
                })
                .collect(),
            any_of: keyword == "anyOf",
        })
    }

    fn branch_info(&mut self, ty: &ir::Ty) -> BranchInfo {
        let mut info = BranchInfo::default();
        info.rank = match &ty.kind {
            ir::TyKind::Named(pointer) => {
                let Some(schema) = self.types.get(pointer).and_then(|slot| slot.schema) else {
                    info.rank = rank::ANY;
                    return info;
                };
                match self.plan(pointer, schema) {
                    Plan::Struct => {
                        let mut parts = Vec::new();
                        self.collect_parts(pointer, schema, &mut parts, &mut Vec::new());
                        for (_, part) in parts {
                            let f = flat(part);
                            info.required.extend(f.required.iter().cloned());
                            let Some(properties) = f.properties else {
                                continue;
                            };
                            info.properties.extend(properties.keys().cloned());
                            for (name, property) in properties {
                                if !f.required.contains(name) {
                                    continue;
                                }
                                let schema = match property {
                                    oa::ReferenceOr::Item(s) => Some(&**s),
                                    oa::ReferenceOr::Reference { reference } => {
                                        self.resolve_schema(reference).ok().map(|(_, s)| s)
                                    }
                                };
                                if let Some(schema) = schema
                                    && let [value] = flat(schema).values().as_slice()
                                {
                                    info.consts.insert(name.clone(), value.to_string());
                                }
                            }
                        }
                        rank::STRUCT
                    }
                    Plan::StringEnum | Plan::IntegerEnum => {
                        let f = flat(schema);
                        info.values = f.values().iter().map(|v| v.to_string()).collect();
                        if f.typ == Some("string") || f.values().iter().all(|v| v.is_string()) {
                            rank::STR_ENUM
                        } else {
                            rank::INT_ENUM
                        }
                    }
                    Plan::Union { .. } if schema.schema_data.discriminator.is_some() => {
                        rank::TAGGED
                    }
                    Plan::Union { .. } => rank::UNION,
                    _ => rank::ANY,
                }
            }
            ir::TyKind::String(format) => {
                info.values.insert(format!("{format:?}"));
                match format {
                    ir::StringFormat::DateTime
                    | ir::StringFormat::Date
                    | ir::StringFormat::Uuid => rank::FORMATTED,
                    ir::StringFormat::Byte => rank::BYTE,
                    ir::StringFormat::Plain | ir::StringFormat::Binary => rank::STRING,
                }
            }
            ir::TyKind::Boolean => rank::BOOLEAN,
            ir::TyKind::Integer(_) => rank::INTEGER,
            ir::TyKind::Number(_) => rank::NUMBER,
            ir::TyKind::Array(_) => rank::ARRAY,
            ir::TyKind::Map(_) => rank::MAP,
            ir::TyKind::Any => rank::ANY,
        };
        info
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

fn merge_constraints(a: &ir::Constraints, b: &ir::Constraints) -> ir::Constraints {
    ir::Constraints {
        min_length: b.min_length.or(a.min_length),
        max_length: b.max_length.or(a.max_length),
        pattern: b.pattern.clone().or_else(|| a.pattern.clone()),
        minimum: b.minimum.or(a.minimum),
        maximum: b.maximum.or(a.maximum),
        multiple_of: b.multiple_of.or(a.multiple_of),
        min_items: b.min_items.or(a.min_items),
        max_items: b.max_items.or(a.max_items),
        unique_items: a.unique_items || b.unique_items,
        allowed_values: b
            .allowed_values
            .clone()
            .or_else(|| a.allowed_values.clone()),
    }
}

/// `x-enum-varnames` (or `x-enumNames`) when it names every value.
fn custom_variant_names(data: &oa::SchemaData, len: usize) -> Option<Vec<String>> {
    string_list(data, "x-enum-varnames", len).or_else(|| string_list(data, "x-enumNames", len))
}

fn string_list(data: &oa::SchemaData, key: &str, len: usize) -> Option<Vec<String>> {
    let list = data.extensions.get(key)?.as_array()?;
    let strings: Vec<String> = list
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    (strings.len() == len && list.len() == len).then_some(strings)
}

/// Whether some JSON value is accepted by both branches. Objects overlap when the required
/// properties of one are all allowed by the other, unless a one-value property differs.
fn overlaps(a: &BranchInfo, b: &BranchInfo) -> bool {
    use rank::*;
    let string_like = |r| matches!(r, STR_ENUM | FORMATTED | BYTE | STRING);
    let number_like = |r| matches!(r, INT_ENUM | INTEGER | NUMBER);
    let object_like = |r| matches!(r, TAGGED | STRUCT | MAP);
    let (x, y) = (a.rank, b.rank);
    if x == ANY || y == ANY || x == UNION || y == UNION {
        return true;
    }
    if string_like(x) && string_like(y) {
        return match (x, y) {
            (STRING | BYTE, _) | (_, STRING | BYTE) => true,
            (STR_ENUM, STR_ENUM) | (FORMATTED, FORMATTED) => {
                a.values.intersection(&b.values).next().is_some()
            }
            _ => false,
        };
    }
    if number_like(x) && number_like(y) {
        return match (x, y) {
            (INT_ENUM, INT_ENUM) => a.values.intersection(&b.values).next().is_some(),
            _ => true,
        };
    }
    if object_like(x) && object_like(y) {
        return match (x, y) {
            (STRUCT, STRUCT) => {
                let consts_differ = a
                    .consts
                    .iter()
                    .any(|(name, value)| b.consts.get(name).is_some_and(|other| other != value));
                !consts_differ
                    && (a.required.is_subset(&b.properties) || b.required.is_subset(&a.properties))
            }
            (TAGGED, TAGGED) | (MAP, _) | (_, MAP) => true,
            _ => false,
        };
    }
    x == y && matches!(x, BOOLEAN | ARRAY)
}

/// A branch title short enough to name a variant (`v4` → `V4`).
fn short_title(title: &str) -> Option<String> {
    let words = title.split_whitespace().count();
    (words <= 3 && title.len() <= 40)
        .then(|| names::variant_name(title))
        .filter(|name| name != "Empty")
}

/// Names the variants of an untagged union: after their branch title when lowering set one,
/// else after their types without the union's own name as prefix (`Shape` with
/// `ShapeCircle` → `Circle`); unique within the union.
pub(super) fn name_untagged_variants(union_name: &str, union: &mut ir::UntaggedUnion) {
    let mut set = NameSet::new();
    for (index, variant) in union.variants.iter().enumerate() {
        let base = if variant.name.is_empty() {
            variant_base(&variant.ty, 0)
        } else {
            variant.name.clone()
        };
        let stripped = base
            .strip_prefix(union_name)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .unwrap_or(&base)
            .to_string();
        let name = if names::is_valid_ident(&stripped) {
            stripped
        } else {
            names::type_name(&stripped)
        };
        set.add(&name, &format!("{index:06}"));
    }
    let resolved = set.resolve();
    for (index, variant) in union.variants.iter_mut().enumerate() {
        if let Some(name) = resolved.get(&format!("{index:06}")) {
            variant.name = name.clone();
        }
    }
}

fn variant_base(ty: &ir::Ty, depth: usize) -> String {
    if depth > 8 {
        return "Value".to_string();
    }
    match &ty.kind {
        ir::TyKind::Named(name) => name.clone(),
        ir::TyKind::String(format) => match format {
            ir::StringFormat::Plain => "String",
            ir::StringFormat::DateTime => "DateTime",
            ir::StringFormat::Date => "Date",
            ir::StringFormat::Uuid => "Uuid",
            ir::StringFormat::Byte => "Bytes",
            ir::StringFormat::Binary => "Binary",
        }
        .to_string(),
        ir::TyKind::Boolean => "Boolean".to_string(),
        ir::TyKind::Integer(_) => "Integer".to_string(),
        ir::TyKind::Number(_) => "Number".to_string(),
        ir::TyKind::Array(inner) => format!("{}List", variant_base(inner, depth + 1)),
        ir::TyKind::Map(inner) => format!("{}Map", variant_base(inner, depth + 1)),
        ir::TyKind::Any => "Any".to_string(),
    }
}
