//! `oneOf`/`anyOf` without a discriminator: branches ranked for decoding, overlapping
//! branches warned of, and variants named.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use openapiv3 as oa;

use super::flat::flat;
use super::plan::Plan;
use crate::ir;
use crate::lower::{Cx, SRef};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

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

impl<'a> Cx<'a> {
    /// `oneOf`/`anyOf` without a discriminator, ordered for decoding.
    pub(super) fn untagged(
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
        // An enum's catch-all takes any string (or integer): before a later branch that
        // takes one too, the enum decodes only its listed values.
        let listed_only: Vec<bool> = entries
            .iter()
            .enumerate()
            .map(|(position, (_, _, info, _))| {
                entries
                    .iter()
                    .skip(position + 1)
                    .any(|(_, _, later, _)| catch_all_shadows(info.rank, later.rank))
            })
            .collect();
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants: entries
                .into_iter()
                .zip(listed_only)
                .map(|((_, ty, _, title), listed_only)| ir::UntaggedVariant {
                    name: title.unwrap_or_default(),
                    ty,
                    listed_only,
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

/// Whether the catch-all of an enum branch of rank `enum_rank` would take values that a
/// later branch of rank `later` declares.
fn catch_all_shadows(enum_rank: u8, later: u8) -> bool {
    use rank::*;
    match enum_rank {
        STR_ENUM => matches!(later, STR_ENUM | FORMATTED | BYTE | STRING),
        INT_ENUM => matches!(later, INT_ENUM | INTEGER | NUMBER),
        _ => false,
    }
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
pub(in crate::lower) fn name_untagged_variants(union_name: &str, union: &mut ir::UntaggedUnion) {
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
