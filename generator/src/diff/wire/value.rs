//! Uses of types resolved to their shape, and the rule of a value change by direction.

use std::collections::HashMap;

use super::Rule;
use super::limits::Limit;
use crate::ir;

/// Which way values travel, and so which changes break users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Ctx {
    /// The value of a parameter itself, or its items (request direction).
    Parameter,
    /// A value inside a request body, or a property of a parameter's object.
    Request,
    /// A value in a response body or header.
    Response,
}

impl Ctx {
    /// The context of values nested in this one.
    pub(super) fn nested(self) -> Self {
        match self {
            Ctx::Parameter | Ctx::Request => Ctx::Request,
            Ctx::Response => Ctx::Response,
        }
    }

    /// Whether values flow from client to server.
    pub(super) fn is_request(self) -> bool {
        !matches!(self, Ctx::Response)
    }
}

/// A value-level change, before the context picks its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    TypeChanged,
    /// The new type accepts every value of the old one, and more.
    TypeWidened,
    /// The old type accepts every value of the new one, and more.
    TypeNarrowed,
    /// Fewer enum values or union variants are allowed.
    EnumNarrowed,
    /// More enum values or union variants are allowed.
    EnumWidened,
    /// A validation keyword refuses more values.
    Tightened(Limit),
    /// A validation keyword refuses fewer values.
    Relaxed(Limit),
    PatternChanged,
    NullableRemoved,
    NullableAdded,
}

pub(super) fn value_rule(ctx: Ctx, kind: Kind) -> Rule {
    match (ctx, kind) {
        (Ctx::Parameter, Kind::TypeChanged | Kind::TypeNarrowed) => Rule::ParameterTypeChanged,
        (Ctx::Parameter, Kind::TypeWidened) => Rule::ParameterTypeWidened,
        (Ctx::Parameter, Kind::EnumNarrowed) => Rule::ParameterEnumValueRemoved,
        (Ctx::Parameter, Kind::EnumWidened) => Rule::ParameterEnumValueAdded,
        (_, Kind::Tightened(limit)) => limit_rule(ctx, limit, true),
        (_, Kind::Relaxed(limit)) => limit_rule(ctx, limit, false),
        (Ctx::Parameter, Kind::NullableRemoved) => Rule::ParameterNullableRemoved,
        (Ctx::Parameter, Kind::NullableAdded) => Rule::ParameterNullableAdded,
        (Ctx::Parameter, Kind::PatternChanged) => Rule::ParameterPatternChanged,
        (Ctx::Request, Kind::TypeChanged | Kind::TypeNarrowed) => Rule::RequestPropertyTypeChanged,
        (Ctx::Request, Kind::TypeWidened) => Rule::RequestPropertyTypeWidened,
        (Ctx::Request, Kind::EnumNarrowed) => Rule::RequestPropertyEnumValueRemoved,
        (Ctx::Request, Kind::EnumWidened) => Rule::RequestPropertyEnumValueAdded,
        (Ctx::Request, Kind::PatternChanged) => Rule::RequestPropertyPatternChanged,
        (Ctx::Request, Kind::NullableRemoved) => Rule::RequestPropertyNullableRemoved,
        (Ctx::Request, Kind::NullableAdded) => Rule::RequestPropertyNullableAdded,
        (Ctx::Response, Kind::TypeChanged | Kind::TypeWidened) => Rule::ResponsePropertyTypeChanged,
        (Ctx::Response, Kind::TypeNarrowed) => Rule::ResponsePropertyTypeNarrowed,
        (Ctx::Response, Kind::EnumNarrowed) => Rule::ResponsePropertyEnumValueRemoved,
        (Ctx::Response, Kind::EnumWidened) => Rule::ResponsePropertyEnumValueAdded,
        (Ctx::Response, Kind::PatternChanged) => Rule::ResponsePropertyPatternChanged,
        (Ctx::Response, Kind::NullableRemoved) => Rule::ResponsePropertyNullableRemoved,
        (Ctx::Response, Kind::NullableAdded) => Rule::ResponsePropertyBecameNullable,
    }
}

/// The rule of a limit that got stricter (`tightened`) or looser, by context. Objects
/// are never parameter values themselves (their properties are request values), so
/// `minProperties` and `maxProperties` have request rules only.
fn limit_rule(ctx: Ctx, limit: Limit, tightened: bool) -> Rule {
    match (ctx, limit, tightened) {
        (Ctx::Parameter, Limit::MinLength, true) => Rule::ParameterMinLengthTightened,
        (Ctx::Parameter, Limit::MinLength, false) => Rule::ParameterMinLengthRelaxed,
        (Ctx::Parameter, Limit::MaxLength, true) => Rule::ParameterMaxLengthTightened,
        (Ctx::Parameter, Limit::MaxLength, false) => Rule::ParameterMaxLengthRelaxed,
        (Ctx::Parameter, Limit::Minimum, true) => Rule::ParameterMinimumTightened,
        (Ctx::Parameter, Limit::Minimum, false) => Rule::ParameterMinimumRelaxed,
        (Ctx::Parameter, Limit::Maximum, true) => Rule::ParameterMaximumTightened,
        (Ctx::Parameter, Limit::Maximum, false) => Rule::ParameterMaximumRelaxed,
        (Ctx::Parameter, Limit::MultipleOf, true) => Rule::ParameterMultipleOfTightened,
        (Ctx::Parameter, Limit::MultipleOf, false) => Rule::ParameterMultipleOfRelaxed,
        (Ctx::Parameter, Limit::MinItems, true) => Rule::ParameterMinItemsTightened,
        (Ctx::Parameter, Limit::MinItems, false) => Rule::ParameterMinItemsRelaxed,
        (Ctx::Parameter, Limit::MaxItems, true) => Rule::ParameterMaxItemsTightened,
        (Ctx::Parameter, Limit::MaxItems, false) => Rule::ParameterMaxItemsRelaxed,
        (Ctx::Parameter, Limit::UniqueItems, true) => Rule::ParameterUniqueItemsAdded,
        (Ctx::Parameter, Limit::UniqueItems, false) => Rule::ParameterUniqueItemsRemoved,
        (Ctx::Parameter, Limit::Pattern, true) => Rule::ParameterPatternAdded,
        (Ctx::Parameter, Limit::Pattern, false) => Rule::ParameterPatternRemoved,
        (Ctx::Request, Limit::MinLength, true) => Rule::RequestPropertyMinLengthTightened,
        (Ctx::Request, Limit::MinLength, false) => Rule::RequestPropertyMinLengthRelaxed,
        (Ctx::Request, Limit::MaxLength, true) => Rule::RequestPropertyMaxLengthTightened,
        (Ctx::Request, Limit::MaxLength, false) => Rule::RequestPropertyMaxLengthRelaxed,
        (Ctx::Request, Limit::Minimum, true) => Rule::RequestPropertyMinimumTightened,
        (Ctx::Request, Limit::Minimum, false) => Rule::RequestPropertyMinimumRelaxed,
        (Ctx::Request, Limit::Maximum, true) => Rule::RequestPropertyMaximumTightened,
        (Ctx::Request, Limit::Maximum, false) => Rule::RequestPropertyMaximumRelaxed,
        (Ctx::Request, Limit::MultipleOf, true) => Rule::RequestPropertyMultipleOfTightened,
        (Ctx::Request, Limit::MultipleOf, false) => Rule::RequestPropertyMultipleOfRelaxed,
        (Ctx::Request, Limit::MinItems, true) => Rule::RequestPropertyMinItemsTightened,
        (Ctx::Request, Limit::MinItems, false) => Rule::RequestPropertyMinItemsRelaxed,
        (Ctx::Request, Limit::MaxItems, true) => Rule::RequestPropertyMaxItemsTightened,
        (Ctx::Request, Limit::MaxItems, false) => Rule::RequestPropertyMaxItemsRelaxed,
        (Ctx::Request, Limit::UniqueItems, true) => Rule::RequestPropertyUniqueItemsAdded,
        (Ctx::Request, Limit::UniqueItems, false) => Rule::RequestPropertyUniqueItemsRemoved,
        (Ctx::Request, Limit::Pattern, true) => Rule::RequestPropertyPatternAdded,
        (Ctx::Request, Limit::Pattern, false) => Rule::RequestPropertyPatternRemoved,
        (Ctx::Parameter | Ctx::Request, Limit::MinProperties, true) => {
            Rule::RequestPropertyMinPropertiesTightened
        }
        (Ctx::Parameter | Ctx::Request, Limit::MinProperties, false) => {
            Rule::RequestPropertyMinPropertiesRelaxed
        }
        (Ctx::Parameter | Ctx::Request, Limit::MaxProperties, true) => {
            Rule::RequestPropertyMaxPropertiesTightened
        }
        (Ctx::Parameter | Ctx::Request, Limit::MaxProperties, false) => {
            Rule::RequestPropertyMaxPropertiesRelaxed
        }
        (Ctx::Response, Limit::MinLength, true) => Rule::ResponsePropertyMinLengthTightened,
        (Ctx::Response, Limit::MinLength, false) => Rule::ResponsePropertyMinLengthRelaxed,
        (Ctx::Response, Limit::MaxLength, true) => Rule::ResponsePropertyMaxLengthTightened,
        (Ctx::Response, Limit::MaxLength, false) => Rule::ResponsePropertyMaxLengthRelaxed,
        (Ctx::Response, Limit::Minimum, true) => Rule::ResponsePropertyMinimumTightened,
        (Ctx::Response, Limit::Minimum, false) => Rule::ResponsePropertyMinimumRelaxed,
        (Ctx::Response, Limit::Maximum, true) => Rule::ResponsePropertyMaximumTightened,
        (Ctx::Response, Limit::Maximum, false) => Rule::ResponsePropertyMaximumRelaxed,
        (Ctx::Response, Limit::MultipleOf, true) => Rule::ResponsePropertyMultipleOfTightened,
        (Ctx::Response, Limit::MultipleOf, false) => Rule::ResponsePropertyMultipleOfRelaxed,
        (Ctx::Response, Limit::MinItems, true) => Rule::ResponsePropertyMinItemsTightened,
        (Ctx::Response, Limit::MinItems, false) => Rule::ResponsePropertyMinItemsRelaxed,
        (Ctx::Response, Limit::MaxItems, true) => Rule::ResponsePropertyMaxItemsTightened,
        (Ctx::Response, Limit::MaxItems, false) => Rule::ResponsePropertyMaxItemsRelaxed,
        (Ctx::Response, Limit::UniqueItems, true) => Rule::ResponsePropertyUniqueItemsAdded,
        (Ctx::Response, Limit::UniqueItems, false) => Rule::ResponsePropertyUniqueItemsRemoved,
        (Ctx::Response, Limit::Pattern, true) => Rule::ResponsePropertyPatternAdded,
        (Ctx::Response, Limit::Pattern, false) => Rule::ResponsePropertyPatternRemoved,
        (Ctx::Response, Limit::MinProperties, true) => Rule::ResponsePropertyMinPropertiesTightened,
        (Ctx::Response, Limit::MinProperties, false) => Rule::ResponsePropertyMinPropertiesRelaxed,
        (Ctx::Response, Limit::MaxProperties, true) => Rule::ResponsePropertyMaxPropertiesTightened,
        (Ctx::Response, Limit::MaxProperties, false) => Rule::ResponsePropertyMaxPropertiesRelaxed,
    }
}

/// Named types of one API by name.
pub(super) struct Index<'a> {
    types: HashMap<&'a str, &'a ir::TypeDef>,
}

impl<'a> Index<'a> {
    pub(super) fn new(api: &'a ir::Api) -> Self {
        Self {
            types: api
                .types
                .iter()
                .map(|def| (def.name.as_str(), def))
                .collect(),
        }
    }

    pub(super) fn get(&self, name: &str) -> Option<&'a ir::TypeDef> {
        self.types.get(name).copied()
    }
}

/// The shape of a value once named types and aliases are resolved.
#[derive(Debug, Clone, Copy)]
pub(super) enum Base<'a> {
    String(ir::StringFormat),
    Boolean,
    Integer(ir::IntegerFormat),
    Number(ir::NumberFormat),
    Array(&'a ir::Ty),
    Map(&'a ir::Ty),
    Any,
    Struct(&'a str, &'a ir::Struct),
    Tagged(&'a str, &'a ir::TaggedUnion),
    Untagged(&'a str, &'a ir::UntaggedUnion),
    /// A named type the API does not define.
    Missing(&'a str),
}

impl Base<'_> {
    pub(super) fn same_kind(&self, other: &Base<'_>) -> bool {
        match (self, other) {
            (Base::String(a), Base::String(b)) => a == b,
            (Base::Integer(a), Base::Integer(b)) => a == b,
            (Base::Number(a), Base::Number(b)) => a == b,
            (Base::Missing(a), Base::Missing(b)) => a == b,
            (Base::Boolean, Base::Boolean)
            | (Base::Array(_), Base::Array(_))
            | (Base::Map(_), Base::Map(_))
            | (Base::Any, Base::Any)
            | (Base::Struct(..), Base::Struct(..))
            | (Base::Tagged(..), Base::Tagged(..))
            | (Base::Untagged(..), Base::Untagged(..)) => true,
            _ => false,
        }
    }

    /// The value in JSON Schema words, naming a schema by its name in the spec (never by
    /// a generated Rust name); `index` is the API the value comes from.
    pub(super) fn describe(&self, index: &Index<'_>) -> String {
        let schema_name = |name: &str| {
            index
                .get(name)
                .and_then(|def| def.schema_name.as_deref())
                .map(|schema| format!(" `{schema}`"))
                .unwrap_or_default()
        };
        match self {
            Base::String(format) => match format {
                ir::StringFormat::Plain => "string".to_owned(),
                ir::StringFormat::DateTime => "string (date-time)".to_owned(),
                ir::StringFormat::Date => "string (date)".to_owned(),
                ir::StringFormat::Uuid => "string (uuid)".to_owned(),
                ir::StringFormat::Byte => "string (byte)".to_owned(),
                ir::StringFormat::Binary => "string (binary)".to_owned(),
            },
            Base::Boolean => "boolean".to_owned(),
            Base::Integer(format) => match format {
                ir::IntegerFormat::I32 => "integer (int32)".to_owned(),
                ir::IntegerFormat::I64 => "integer (int64)".to_owned(),
                ir::IntegerFormat::U32 => "integer (uint32)".to_owned(),
                ir::IntegerFormat::U64 => "integer (uint64)".to_owned(),
            },
            Base::Number(format) => match format {
                ir::NumberFormat::F32 => "number (float)".to_owned(),
                ir::NumberFormat::F64 => "number (double)".to_owned(),
            },
            Base::Array(_) => "array".to_owned(),
            Base::Map(_) => "object (map)".to_owned(),
            Base::Any => "any value".to_owned(),
            Base::Struct(name, _) => format!("object{}", schema_name(name)),
            Base::Tagged(name, union) => format!(
                "`oneOf`{} with discriminator `{}`",
                schema_name(name),
                union.tag
            ),
            Base::Untagged(name, union) => format!(
                "`{}`{}",
                if union.any_of { "anyOf" } else { "oneOf" },
                schema_name(name)
            ),
            Base::Missing(_) => "undefined schema".to_owned(),
        }
    }

    /// Whether every value of `self` is a value of `wider` too, `wider` being another
    /// kind: any value, a number for an integer, a wider width, a string without format
    /// for a string with one.
    pub(super) fn widens_to(&self, wider: &Base<'_>) -> bool {
        use ir::{IntegerFormat as I, NumberFormat as N, StringFormat as S};
        match (self, wider) {
            (Base::Any, _) => false,
            (_, Base::Any) => true,
            (Base::Integer(_), Base::Number(_)) => true,
            (Base::Integer(I::I32), Base::Integer(I::I64))
            | (Base::Integer(I::U32), Base::Integer(I::I64 | I::U64))
            | (Base::Number(N::F32), Base::Number(N::F64)) => true,
            (Base::String(format), Base::String(S::Plain)) => *format != S::Binary,
            _ => false,
        }
    }

    /// The JSON type of the values, for grouping the branches of a union.
    pub(super) fn json_type(&self) -> &'static str {
        match self {
            Base::String(_) => "string",
            Base::Boolean => "boolean",
            Base::Integer(_) => "integer",
            Base::Number(_) => "number",
            Base::Array(_) => "array",
            Base::Map(_) | Base::Struct(..) | Base::Tagged(..) => "object",
            Base::Any | Base::Untagged(..) | Base::Missing(_) => "any",
        }
    }
}

/// A resolved use of a type.
#[derive(Debug)]
pub(super) struct Value<'a> {
    pub(super) base: Base<'a>,
    pub(super) nullable: bool,
    pub(super) constraints: &'a ir::Constraints,
    /// The allowed values, when the value is an enum (or has a fixed value).
    pub(super) enum_values: Option<Vec<String>>,
    /// The enum is marked `x-extensible-enum`: clients accept values it does not list.
    pub(super) extensible: bool,
}

/// Aliases of aliases are followed at most this deep.
const MAX_ALIAS_DEPTH: usize = 16;

pub(super) fn resolve<'t>(index: &Index<'t>, ty: &'t ir::Ty, fixed: Option<&str>) -> Value<'t> {
    let mut kind = &ty.kind;
    let mut nullable = ty.nullable;
    let mut constraints = &ty.constraints;
    let mut enum_values = None;
    let mut extensible = false;
    let mut base = Base::Any;
    for _ in 0..MAX_ALIAS_DEPTH {
        base = match kind {
            ir::TyKind::String(format) => Base::String(*format),
            ir::TyKind::Boolean => Base::Boolean,
            ir::TyKind::Integer(format) => Base::Integer(*format),
            ir::TyKind::Number(format) => Base::Number(*format),
            ir::TyKind::Array(item) => Base::Array(item),
            ir::TyKind::Map(value) => Base::Map(value),
            ir::TyKind::Any => Base::Any,
            ir::TyKind::Named(name) => match index.get(name) {
                None => Base::Missing(name),
                Some(def) => match &def.kind {
                    ir::TypeKind::Struct(fields) => Base::Struct(&def.name, fields),
                    ir::TypeKind::StringEnum(string_enum) => {
                        extensible = string_enum.extensible;
                        enum_values = Some(
                            string_enum
                                .variants
                                .iter()
                                .map(|variant| variant.name.wire.clone())
                                .collect(),
                        );
                        Base::String(ir::StringFormat::Plain)
                    }
                    ir::TypeKind::IntegerEnum(integer_enum) => {
                        enum_values = Some(
                            integer_enum
                                .variants
                                .iter()
                                .map(|(_, value)| value.to_string())
                                .collect(),
                        );
                        Base::Integer(integer_enum.format)
                    }
                    ir::TypeKind::Tagged(union) => Base::Tagged(&def.name, union),
                    ir::TypeKind::Untagged(union) => Base::Untagged(&def.name, union),
                    ir::TypeKind::Alias(inner) => {
                        kind = &inner.kind;
                        nullable |= inner.nullable;
                        if constraints.is_empty() {
                            constraints = &inner.constraints;
                        }
                        continue;
                    }
                },
            },
        };
        break;
    }
    if enum_values.is_none() {
        enum_values = constraints
            .allowed_values
            .as_ref()
            .map(|values| values.iter().map(json_text).collect());
    }
    if let Some(fixed) = fixed {
        enum_values = Some(vec![fixed.to_owned()]);
    }
    Value {
        base,
        nullable,
        constraints,
        enum_values,
        extensible,
    }
}

/// A JSON value as text: strings without quotes, the rest as JSON.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A use of the named type `name`.
pub(super) fn named_ty(name: &str) -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Named(name.to_owned()),
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}
