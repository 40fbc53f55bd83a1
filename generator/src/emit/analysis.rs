//! Whole-API facts the emitters need, worked out once for all the parts of a file: which
//! named types have anything to validate, and the names of the fields' default functions.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir;

/// Names the default functions of every struct field that gets one, by type and field.
pub type DefaultFnNames<'a> =
    fn(&'a ir::Api, &Analysis<'a>) -> BTreeMap<&'a str, BTreeMap<&'a str, String>>;

/// Facts about the named types of one API.
#[derive(Debug)]
pub struct Analysis<'a> {
    types: BTreeMap<&'a str, &'a ir::TypeDef>,
    /// Types whose `Validate` impl checks something.
    validated: BTreeSet<&'a str>,
    /// The function of the `defaults` module of each struct field that has one, by type
    /// and field name.
    default_fns: BTreeMap<&'a str, BTreeMap<&'a str, String>>,
}

impl<'a> Analysis<'a> {
    /// Analyses every type of `api`; `default_fn_names` names the fields' default
    /// functions (it is given by the caller, as naming them is the models' emitter's
    /// business and reads this analysis).
    pub fn new(api: &'a ir::Api, default_fn_names: DefaultFnNames<'a>) -> Self {
        let types: BTreeMap<&str, &ir::TypeDef> = api
            .types
            .iter()
            .map(|type_def| (type_def.name.as_str(), type_def))
            .collect();
        let validated = validated_types(&types);
        let mut analysis = Self {
            types,
            validated,
            default_fns: BTreeMap::new(),
        };
        analysis.default_fns = default_fn_names(api, &analysis);
        analysis
    }

    /// The name of the default function of field `field` (its Rust name) of struct
    /// `type_name`, if it has one.
    pub fn default_fn(&self, type_name: &str, field: &str) -> Option<&str> {
        self.default_fns
            .get(type_name)?
            .get(field)
            .map(String::as_str)
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

/// The least fixed point of "has a check of its own or holds a validated type", found in
/// one pass: the types with a check of their own (or holding an unknown type) first, then
/// every type that holds one of them, through the list of holders of each type. Linear in
/// the size of the types, however long their chains.
fn validated_types<'a>(types: &BTreeMap<&'a str, &'a ir::TypeDef>) -> BTreeSet<&'a str> {
    let mut validated: BTreeSet<&'a str> = BTreeSet::new();
    let mut holders: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
    let mut found: Vec<&'a str> = Vec::new();
    for (&name, type_def) in types {
        // Assuming no named type is validated, every named type the check consults is
        // recorded; when it still finds a check, the type is validated whatever they are.
        let held: RefCell<Vec<&'a str>> = RefCell::new(Vec::new());
        let needs = |other: &str| match types.get_key_value(other) {
            Some((&other, _)) => {
                held.borrow_mut().push(other);
                false
            }
            None => true,
        };
        if type_has_checks(type_def, &needs) {
            validated.insert(name);
            found.push(name);
        } else {
            for other in held.into_inner() {
                holders.entry(other).or_default().push(name);
            }
        }
    }
    while let Some(name) = found.pop() {
        for &holder in holders.get(name).into_iter().flatten() {
            if validated.insert(holder) {
                found.push(holder);
            }
        }
    }
    validated
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

    /// The fixed point iterated as the definition says, to check the one-pass version.
    fn validated_by_iteration(types: &[ir::TypeDef]) -> Vec<String> {
        let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
        let mut validated: Vec<String> = Vec::new();
        loop {
            let before = validated.len();
            for type_def in types {
                if validated.contains(&type_def.name) {
                    continue;
                }
                let known = validated.clone();
                let needs =
                    |other: &str| !names.contains(&other) || known.iter().any(|name| name == other);
                if super::type_has_checks(type_def, &needs) {
                    validated.push(type_def.name.clone());
                }
            }
            if validated.len() == before {
                validated.sort();
                return validated;
            }
        }
    }

    fn field(ty: ir::Ty) -> ir::Field {
        ir::Field {
            name: ir::Name {
                rust: "f".to_owned(),
                wire: "f".to_owned(),
            },
            ty,
            required: true,
            read_only: false,
            write_only: false,
            default: None,
            docs: ir::Docs::default(),
        }
    }

    #[test]
    fn one_pass_finds_the_fixed_point() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        for _ in 0..200 {
            let count = 1 + next(10);
            let types: Vec<ir::TypeDef> = (0..count)
                .map(|index| {
                    let mut fields = Vec::new();
                    for _ in 0..next(3) {
                        // A type of the API, an unknown one, or a string with a check.
                        let kind = match next(count + 2) {
                            pick if pick < count => ir::TyKind::Named(format!("T{pick}")),
                            pick if pick == count => ir::TyKind::Named("Elsewhere".to_owned()),
                            _ => ir::TyKind::String(ir::StringFormat::Plain),
                        };
                        let constraints = ir::Constraints {
                            min_length: matches!(kind, ir::TyKind::String(_)).then_some(1),
                            ..ir::Constraints::default()
                        };
                        let ty = ir::Ty {
                            kind,
                            nullable: false,
                            constraints,
                        };
                        fields.push(field(if next(2) == 0 {
                            ty
                        } else {
                            ir::Ty {
                                kind: ir::TyKind::Array(Box::new(ty)),
                                nullable: false,
                                constraints: ir::Constraints::default(),
                            }
                        }));
                    }
                    ir::TypeDef {
                        name: format!("T{index}"),
                        schema_name: None,
                        pointer: format!("#/T{index}"),
                        docs: ir::Docs::default(),
                        kind: ir::TypeKind::Struct(ir::Struct {
                            fields,
                            additional_properties: None,
                            min_properties: None,
                            max_properties: None,
                        }),
                    }
                })
                .collect();
            let map = types.iter().map(|t| (t.name.as_str(), t)).collect();
            let one_pass: Vec<String> = super::validated_types(&map)
                .into_iter()
                .map(str::to_owned)
                .collect();
            assert_eq!(one_pass, validated_by_iteration(&types), "{types:?}");
        }
    }
}
