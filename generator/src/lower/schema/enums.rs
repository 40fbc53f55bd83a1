//! String and integer enums, with variant names from the values or `x-enum-varnames`.

use openapiv3 as oa;

use super::flat::flat;
use super::inline::integer_format;
use crate::ir;
use crate::lower::Cx;
use crate::names::{self, NameSet};

/// The extension that makes a string enum read its values ignoring ASCII case.
const CASE_INSENSITIVE: &str = "x-case-insensitive";
/// The extension that marks an enum as open to values added later.
const EXTENSIBLE_ENUM: &str = "x-extensible-enum";

impl<'a> Cx<'a> {
    pub(super) fn string_enum(&mut self, schema: &'a oa::Schema) -> ir::StringEnum {
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
        let case_insensitive = f
            .data
            .extensions
            .get(CASE_INSENSITIVE)
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        ir::StringEnum {
            case_insensitive,
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
            extensible: f
                .data
                .extensions
                .get(EXTENSIBLE_ENUM)
                .is_some_and(|value| value.as_bool() == Some(true)),
        }
    }

    pub(super) fn integer_enum(&mut self, schema: &'a oa::Schema) -> ir::IntegerEnum {
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
