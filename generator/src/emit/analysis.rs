//! Whole-API facts the emitters need: which named types have anything to validate.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir;

/// Facts about the named types of one API.
#[derive(Debug)]
pub struct Analysis<'a> {
    types: BTreeMap<&'a str, &'a ir::TypeDef>,
    /// Types whose `Validate` impl checks something.
    validated: BTreeSet<&'a str>,
}

impl<'a> Analysis<'a> {
    /// Analyses every type of `api`.
    pub fn new(api: &'a ir::Api) -> Self {
        let types: BTreeMap<&str, &ir::TypeDef> = api
            .types
            .iter()
            .map(|type_def| (type_def.name.as_str(), type_def))
            .collect();
        let validated = validated_types(&types);
        Self { types, validated }
    }

    /// The type named `name`, if the API has it.
    pub fn type_def(&self, name: &str) -> Option<&'a ir::TypeDef> {
        self.types.get(name).copied()
    }

    /// Whether the `Validate` impl of `name` checks anything. Unknown names are assumed
    /// to.
    pub fn needs_validation(&self, name: &str) -> bool {
        !self.types.contains_key(name) || self.validated.contains(name)
    }
}

/// The least fixed point of "has a check of its own or holds a validated type".
fn validated_types<'a>(types: &BTreeMap<&'a str, &'a ir::TypeDef>) -> BTreeSet<&'a str> {
    let mut validated: BTreeSet<&'a str> = BTreeSet::new();
    loop {
        let before = validated.len();
        for (name, type_def) in types {
            if validated.contains(name) {
                continue;
            }
            let needs = |other: &str| !types.contains_key(other) || validated.contains(other);
            if type_has_checks(type_def, &needs) {
                validated.insert(name);
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

/// Whether a type's `Validate` impl would check anything, given which types do.
fn type_has_checks(type_def: &ir::TypeDef, needs: &dyn Fn(&str) -> bool) -> bool {
    match &type_def.kind {
        ir::TypeKind::Struct(ir::Struct {
            fields,
            additional_properties,
            min_properties,
            max_properties,
        }) => {
            min_properties.is_some()
                || max_properties.is_some()
                || fields.iter().any(|field| ty_has_checks(&field.ty, needs))
                || additional_properties
                    .as_deref()
                    .is_some_and(|ty| ty_has_checks(ty, needs))
        }
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) => true,
        ir::TypeKind::Tagged(ir::TaggedUnion { tag: _, variants }) => {
            variants.iter().any(|variant| needs(&variant.type_name))
        }
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants,
            any_of: _,
        }) => variants
            .iter()
            .any(|variant| ty_has_checks(&variant.ty, needs)),
        ir::TypeKind::Alias(_) => false,
    }
}

/// Whether a value of `ty` has anything to check, given which named types do: a
/// constraint that applies to its kind (bounds only when finite, `multipleOf` only when
/// positive), an allowed-values list, a named type that `needs` validation, or items or
/// entries that have checks. This is when `validate::Checker::ty_checks` emits anything.
pub fn ty_has_checks(ty: &ir::Ty, needs: &dyn Fn(&str) -> bool) -> bool {
    let ir::Constraints {
        min_length,
        max_length,
        pattern,
        minimum,
        maximum,
        multiple_of,
        min_items,
        max_items,
        unique_items,
        allowed_values,
    } = &ty.constraints;
    let finite =
        |bound: &Option<ir::Bound>| bound.as_ref().is_some_and(|bound| bound.value.is_finite());
    allowed_values.is_some()
        || match &ty.kind {
            ir::TyKind::Named(name) => needs(name),
            ir::TyKind::String(ir::StringFormat::Plain | ir::StringFormat::Binary) => {
                min_length.is_some() || max_length.is_some() || pattern.is_some()
            }
            ir::TyKind::Integer(_) | ir::TyKind::Number(_) => {
                finite(minimum)
                    || finite(maximum)
                    || multiple_of.is_some_and(|factor| factor > 0.0 && factor.is_finite())
            }
            ir::TyKind::Array(item) => {
                min_items.is_some()
                    || max_items.is_some()
                    || *unique_items
                    || ty_has_checks(item, needs)
            }
            ir::TyKind::Map(entry) => ty_has_checks(entry, needs),
            ir::TyKind::String(
                ir::StringFormat::DateTime
                | ir::StringFormat::Date
                | ir::StringFormat::Uuid
                | ir::StringFormat::Byte,
            )
            | ir::TyKind::Boolean
            | ir::TyKind::Any => false,
        }
}

#[cfg(test)]
mod tests {
    use super::ty_has_checks;
    use crate::emit::prelude::Prelude;
    use crate::emit::spelling::is_option;
    use crate::emit::validate::{Checker, PatternSite, Place};
    use crate::ir;

    /// Every kind of type use, bare and with each constraint, at two levels of nesting.
    fn uses() -> Vec<ir::Ty> {
        let bound = |value| {
            Some(ir::Bound {
                value,
                exclusive: false,
            })
        };
        let constraints: Vec<ir::Constraints> = vec![
            ir::Constraints::default(),
            ir::Constraints {
                min_length: Some(1),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                pattern: Some(ir::Pattern {
                    id: ir::PatternId(0),
                    regex: "^a$".to_owned(),
                    code: None,
                    lengths: None,
                }),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                minimum: bound(0.0),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                maximum: bound(f64::INFINITY),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                multiple_of: Some(0.0),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                multiple_of: Some(2.5),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                max_items: Some(3),
                ..ir::Constraints::default()
            },
            ir::Constraints {
                unique_items: true,
                ..ir::Constraints::default()
            },
            ir::Constraints {
                allowed_values: Some(Vec::new()),
                ..ir::Constraints::default()
            },
        ];
        let kinds = vec![
            ir::TyKind::String(ir::StringFormat::Plain),
            ir::TyKind::String(ir::StringFormat::Uuid),
            ir::TyKind::Integer(ir::IntegerFormat::I64),
            ir::TyKind::Number(ir::NumberFormat::F32),
            ir::TyKind::Boolean,
            ir::TyKind::Any,
            ir::TyKind::Named("Checked".to_owned()),
            ir::TyKind::Named("Plain".to_owned()),
        ];
        let mut uses = Vec::new();
        for kind in &kinds {
            for constraints in &constraints {
                for nullable in [false, true] {
                    uses.push(ir::Ty {
                        kind: kind.clone(),
                        nullable,
                        constraints: constraints.clone(),
                    });
                }
            }
        }
        let inner = uses.clone();
        for item in inner {
            for constraints in &constraints {
                uses.push(ir::Ty {
                    kind: ir::TyKind::Array(Box::new(item.clone())),
                    nullable: false,
                    constraints: constraints.clone(),
                });
            }
            uses.push(ir::Ty {
                kind: ir::TyKind::Map(Box::new(item)),
                nullable: true,
                constraints: ir::Constraints::default(),
            });
        }
        uses
    }

    #[test]
    fn a_use_has_checks_exactly_when_the_checker_emits_some() {
        let needs = |name: &str| name == "Checked";
        let checker = Checker::new(&needs, PatternSite::Module, Prelude::BARE);
        let place = Place::Var(quote::format_ident!("value"));
        for ty in uses() {
            let emitted = !checker.ty_checks(&ty, is_option(&ty), &place, 0).is_empty();
            assert_eq!(ty_has_checks(&ty, &needs), emitted, "{ty:?}");
        }
    }
}
