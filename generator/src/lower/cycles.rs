//! Boxing of recursive types, decided once the named types are final (as typify's
//! `cycles.rs` does): a member that holds a named type inline is boxed when that type
//! reaches the member's own type again through inline members, since the Rust type would
//! otherwise have infinite size.
//!
//! A member from `A` to `B` closes such a cycle exactly when `A` and `B` are in one
//! strongly connected component of the graph of inline members, so the components are
//! found once (Tarjan's algorithm, without recursion) and each member is a lookup: the
//! cost follows the number of types and members, however long their chains.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir;

/// The members to box, by type name: the indexes of the struct fields (optional or not)
/// and union variants that hold, inline, a type on a cycle back to their own type. Uses
/// behind a `Vec` or a map are never boxed, as those already add a level of indirection.
pub fn boxed_members(types: &[ir::TypeDef]) -> BTreeMap<String, BTreeSet<usize>> {
    let node: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(index, type_def)| (type_def.name.as_str(), index))
        .collect();
    let successors: Vec<Vec<usize>> = types
        .iter()
        .map(|type_def| {
            inline_members(type_def)
                .filter_map(|(_, target)| node.get(target).copied())
                .collect()
        })
        .collect();
    let component = components(&successors);
    let component_of = |name: &str| node.get(name).and_then(|&index| component.get(index));
    let mut boxed = BTreeMap::new();
    for type_def in types {
        let from = type_def.name.as_str();
        let members: BTreeSet<usize> = inline_members(type_def)
            .filter(|&(_, to)| {
                from == to || component_of(to).is_some_and(|to| component_of(from) == Some(to))
            })
            .map(|(index, _)| index)
            .collect();
        if !members.is_empty() {
            boxed.insert(type_def.name.clone(), members);
        }
    }
    boxed
}

/// The strongly connected component of each node of a graph given by the successors of
/// each node, as a number per node: Tarjan's algorithm with an explicit stack of calls, so
/// that a long chain cannot overflow the thread's stack. Linear in nodes and edges.
fn components(successors: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = successors.len();
    let mut order = vec![UNSEEN; count];
    let mut low = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut component = vec![UNSEEN; count];
    let mut stack: Vec<usize> = Vec::new();
    // Each call is a node with the position of its next successor to visit.
    let mut calls: Vec<(usize, usize)> = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        order[root] = next_order;
        low[root] = next_order;
        next_order += 1;
        stack.push(root);
        on_stack[root] = true;
        calls.push((root, 0));
        while let Some((node, position)) = calls.last_mut() {
            let node = *node;
            if let Some(&next) = successors[node].get(*position) {
                *position += 1;
                if order[next] == UNSEEN {
                    order[next] = next_order;
                    low[next] = next_order;
                    next_order += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    calls.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{boxed_members, components};
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
                            listed_only: false,
                        },
                        ir::UntaggedVariant {
                            name: "Nested".to_owned(),
                            ty: ty(named("Either"), false),
                            listed_only: false,
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

    /// Whether `to` reaches `from` in one or more steps, by a plain search.
    fn reaches(successors: &[Vec<usize>], to: usize, from: usize) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = successors[to].clone();
        while let Some(node) = stack.pop() {
            if node == from {
                return true;
            }
            if seen.insert(node) {
                stack.extend(successors[node].iter().copied());
            }
        }
        false
    }

    #[test]
    fn components_agree_with_reachability_on_many_graphs() {
        // A small linear congruential generator keeps the graphs the same on every run.
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % bound
        };
        for _ in 0..300 {
            let count = 1 + next(12);
            let edges = next(3 * count);
            let mut successors = vec![Vec::new(); count];
            for _ in 0..edges {
                let from = next(count);
                let to = next(count);
                successors[from].push(to);
            }
            let component = components(&successors);
            for from in 0..count {
                for &to in &successors[from] {
                    let cycle = from == to || reaches(&successors, to, from);
                    assert_eq!(
                        component[from] == component[to],
                        cycle,
                        "{successors:?}: {from} -> {to}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_long_cycle_is_found_on_a_small_stack() {
        // 200,000 structs, each holding the next inline and the last the first: all are
        // boxed, without recursion that a long chain could overflow.
        let count = 200_000;
        let types: Vec<ir::TypeDef> = (0..count)
            .map(|index| {
                let next = format!("T{}", (index + 1) % count);
                structure(&format!("T{index}"), vec![ty(named(&next), false)])
            })
            .collect();
        let boxed = std::thread::Builder::new()
            .stack_size(64 << 10)
            .spawn(move || boxed_members(&types))
            .expect("thread")
            .join()
            .expect("no overflow");
        assert_eq!(boxed.len(), count);
    }
}
