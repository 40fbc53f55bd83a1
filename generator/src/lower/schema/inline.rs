//! Types written at the use site (primitives, arrays, maps, any), with their constraints;
//! patterns are interned with their error code here.

use openapiv3 as oa;
use serde_json::Value;

use super::any_ty;
use super::flat::{Flat, flat};
use crate::ir;
use crate::lower::{Cx, PATTERN_CODE, SRef};
use crate::pointer::push as push_pointer;

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

pub(super) fn integer_format(format: Option<&str>) -> ir::IntegerFormat {
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
    /// A type written at the use site.
    pub(super) fn inline_ty(&mut self, pointer: &str, schema: &'a oa::Schema) -> ir::Ty {
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
}
