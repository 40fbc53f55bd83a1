//! Boxing of recursive types, decided once the named types are final (as typify's
//! `cycles.rs` does): a member that holds a named type inline is boxed when that type
//! reaches the member's own type again through inline members, since the Rust type would
//! otherwise have infinite size.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir;

/// The members to box, by type name: the indexes of the struct fields (optional or not)
/// and union variants that hold, inline, a type on a cycle back to their own type. Uses
/// behind a `Vec` or a map are never boxed, as those already add a level of indirection.
pub fn boxed_members(types: &[ir::TypeDef]) -> BTreeMap<String, BTreeSet<usize>> {
    let edges: BTreeMap<&str, BTreeSet<&str>> = types
        .iter()
        .map(|type_def| {
            let targets = inline_members(type_def).map(|(_, target)| target);
            (type_def.name.as_str(), targets.collect())
        })
        .collect();
    let mut reach: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut boxed = BTreeMap::new();
    for type_def in types {
        let from = type_def.name.as_str();
        let mut members = BTreeSet::new();
        for (index, to) in inline_members(type_def) {
            let cycles = from == to
                || reach
                    .entry(to)
                    .or_insert_with(|| reachable(to, &edges))
                    .contains(from);
            if cycles {
                members.insert(index);
            }
        }
        if !members.is_empty() {
            boxed.insert(type_def.name.clone(), members);
        }
    }
    boxed
}

/// The members of a type that store a named type inline, each with its index among the
/// struct's fields or the union's variants.
fn inline_members(type_def: &ir::TypeDef) -> Box<dyn Iterator<Item = (usize, &str)> + '_> {
    match &type_def.kind {
        ir::TypeKind::Struct(ir::Struct { fields, .. }) => Box::new(
            fields
                .iter()
                .enumerate()
                .filter_map(|(index, field)| Some((index, named(&field.ty)?))),
        ),
        ir::TypeKind::Tagged(ir::TaggedUnion { tag: _, variants }) => Box::new(
            variants
                .iter()
                .enumerate()
                .map(|(index, variant)| (index, variant.type_name.as_str())),
        ),
        ir::TypeKind::Untagged(ir::UntaggedUnion {
            variants,
            any_of: _,
        }) => Box::new(
            variants
                .iter()
                .enumerate()
                .filter_map(|(index, variant)| Some((index, named(&variant.ty)?))),
        ),
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) | ir::TypeKind::Alias(_) => {
            Box::new(std::iter::empty())
        }
    }
}

/// The named type a use of `ty` stores inline, if any.
fn named(ty: &ir::Ty) -> Option<&str> {
    match &ty.kind {
        ir::TyKind::Named(name) => Some(name.as_str()),
        _ => None,
    }
}

/// Every type reachable from `start` in one or more steps.
fn reachable<'a>(start: &str, edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = edges
        .get(start)
        .map(|next| next.iter().copied().collect())
        .unwrap_or_default();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            if let Some(next) = edges.get(name) {
                stack.extend(next.iter().copied());
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::boxed_members;
    use crate::ir;

    fn ty(kind: ir::TyKind, nullable: bool) -> ir::Ty {
        ir::Ty {
            kind,
            nullable,
            constraints: ir::Constraints::default(),
        }
    }

    fn named(name: &str) -> ir::TyKind {
        ir::TyKind::Named(name.to_owned())
    }

    fn name(text: &str) -> ir::Name {
        ir::Name {
            rust: text.to_owned(),
            wire: text.to_owned(),
        }
    }

    fn type_def(name: &str, kind: ir::TypeKind) -> ir::TypeDef {
        ir::TypeDef {
            name: name.to_owned(),
            schema_name: Some(name.to_owned()),
            pointer: format!("#/components/schemas/{name}"),
            docs: ir::Docs::default(),
            kind,
        }
    }

    fn structure(name: &str, fields: Vec<ir::Ty>) -> ir::TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(index, ty)| ir::Field {
                name: self::name(&format!("f{index}")),
                ty,
                required: false,
                read_only: false,
                write_only: false,
                default: None,
                docs: ir::Docs::default(),
            })
            .collect();
        type_def(
            name,
            ir::TypeKind::Struct(ir::Struct {
                fields,
                additional_properties: None,
                min_properties: None,
                max_properties: None,
            }),
        )
    }

    #[test]
    fn only_members_on_an_inline_cycle_are_boxed() {
        let array = |item: &str| ty(ir::TyKind::Array(Box::new(ty(named(item), false))), false);
        let types = vec![
            // A holds B inline and B holds A inline (optionally): both sides are boxed.
            structure(
                "A",
                vec![ty(named("B"), false), ty(ir::TyKind::Boolean, false)],
            ),
            structure("B", vec![ty(named("A"), true)]),
            // A list of itself needs no box, a field of itself does.
            structure("List", vec![array("List"), ty(named("List"), true)]),
            // C holds A, which is on a cycle that does not pass through C.
            structure("C", vec![ty(named("A"), false)]),
            type_def(
                "Tagged",
                ir::TypeKind::Tagged(ir::TaggedUnion {
                    tag: "kind".to_owned(),
                    variants: vec![
                        ir::TaggedVariant {
                            name: name("Leaf"),
                            type_name: "C".to_owned(),
                        },
                        ir::TaggedVariant {
                            name: name("Node"),
                            type_name: "Wrapper".to_owned(),
                        },
                    ],
                }),
            ),
            structure("Wrapper", vec![ty(named("Tagged"), false)]),
            type_def(
                "Either",
                ir::TypeKind::Untagged(ir::UntaggedUnion {
                    variants: vec![
                        ir::UntaggedVariant {
                            name: "Text".to_owned(),
                            ty: ty(ir::TyKind::String(ir::StringFormat::Plain), false),
                        },
                        ir::UntaggedVariant {
                            name: "Nested".to_owned(),
                            ty: ty(named("Either"), false),
                        },
                    ],
                    any_of: false,
                }),
            ),
        ];
        let boxed = boxed_members(&types);
        let members = |name: &str| -> Vec<usize> {
            boxed
                .get(name)
                .map(|members| members.iter().copied().collect())
                .unwrap_or_default()
        };
        assert_eq!(members("A"), [0]);
        assert_eq!(members("B"), [0]);
        assert_eq!(members("List"), [1]);
        assert_eq!(members("C"), Vec::<usize>::new());
        assert_eq!(members("Tagged"), [1]);
        assert_eq!(members("Wrapper"), [0]);
        assert_eq!(members("Either"), [1]);
        assert_eq!(boxed.len(), 6);
    }
}
