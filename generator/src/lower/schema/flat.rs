//! [`Flat`]: every keyword of a schema in one view, whatever shape `openapiv3` parsed it
//! into.

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

/// Every keyword of a schema in one view, whatever shape `openapiv3` parsed it into.
pub(in crate::lower) struct Flat<'a> {
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
    pub(super) fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }

    /// Enum values other than `null`.
    pub(in crate::lower) fn values(&self) -> Vec<&Value> {
        self.enumeration.iter().filter(|v| !v.is_null()).collect()
    }

    pub(super) fn enum_has_null(&self) -> bool {
        self.enumeration.iter().any(Value::is_null)
    }

    /// Keywords that make this schema an object.
    pub(super) fn is_objectish(&self) -> bool {
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
pub(in crate::lower) fn flat(schema: &oa::Schema) -> Flat<'_> {
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
