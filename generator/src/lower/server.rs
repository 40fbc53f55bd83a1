//! Server-side decisions: the traits operations are served by, the names of handlers and
//! authentication functions, and operations whose route an earlier one takes.

use std::collections::{BTreeMap, HashMap};

use crate::ir;
use crate::names;

/// Names the generated server module defines itself, which a tag's trait must not take.
const RESERVED: &[&str] = &[
    "Authenticator",
    "Credentials",
    "Implementation",
    "Problem",
    "RequestContext",
    "Rejection",
    "RouterBuilder",
    "RouterConfig",
];

/// One trait per tag (an operation belongs to its first tag), in the order of the spec's
/// tags, then one named after the API (`title`) for the other operations.
pub(super) fn traits(
    title: &str,
    tags: &[ir::Tag],
    operations: &[ir::Operation],
) -> Vec<ir::ServerTrait> {
    let mut taken: Vec<String> = RESERVED.iter().map(|name| (*name).to_owned()).collect();
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        taken.push(name.clone());
        name
    };
    let names_of = |members: Vec<&ir::Operation>| -> Vec<String> {
        members
            .into_iter()
            .map(|operation| operation.name.clone())
            .collect()
    };
    let mut traits = Vec::new();
    for tag in tags {
        let members: Vec<&ir::Operation> = operations
            .iter()
            .filter(|operation| operation.tags.first() == Some(&tag.name))
            .collect();
        if members.is_empty() {
            continue;
        }
        let name = unique(names::trait_name(&tag.name));
        traits.push(ir::ServerTrait {
            mount: names::field_name(&name),
            name,
            tag: Some(tag.name.clone()),
            operations: names_of(members),
        });
    }
    let declared = |operation: &&ir::Operation| {
        operation
            .tags
            .first()
            .is_some_and(|first| tags.iter().any(|tag| &tag.name == first))
    };
    let rest: Vec<&ir::Operation> = operations
        .iter()
        .filter(|operation| !declared(operation))
        .collect();
    if !rest.is_empty() {
        let name = unique(names::trait_name(title));
        traits.push(ir::ServerTrait {
            mount: names::field_name(&name),
            name,
            tag: None,
            operations: names_of(rest),
        });
    }
    traits
}

/// The route shape of a path: its template with every parameter name left out, so that
/// `/items/{a}` and `/items/{b}` have one shape.
pub fn route_shape(template: &ir::PathTemplate) -> String {
    template
        .segments
        .iter()
        .map(|segment| match segment {
            ir::PathSegment::Literal(text) => text.as_str(),
            ir::PathSegment::Parameter(_) => "{}",
        })
        .collect()
}

/// Fills in each operation's server names: the operations that an earlier one (by name)
/// shadows, with the same method and route shape (warned of: the spec forbids such
/// paths), and the authentication functions, numbered in the order the handlers are
/// emitted (trait by trait) and shared by operations that accept the same schemes.
pub(super) fn name_operations(
    operations: &mut [ir::Operation],
    traits: &[ir::ServerTrait],
    warnings: &mut Vec<ir::Warning>,
) {
    let mut routes: BTreeMap<(String, ir::Method), (String, String)> = BTreeMap::new();
    for operation in operations.iter_mut() {
        let key = (route_shape(&operation.template), operation.method);
        match routes.get(&key) {
            Some((winner, pointer)) => {
                warnings.push(ir::Warning {
                    pointer: operation.pointer.clone(),
                    message: format!(
                        "`{} {}` has the method and route of the operation at {pointer}, \
                         which the server routes instead; the server never calls this one",
                        operation.method.as_str(),
                        operation.path
                    ),
                });
                operation.server.shadowed_by = Some(winner.clone());
            }
            None => {
                routes.insert(key, (operation.name.clone(), operation.pointer.clone()));
            }
        }
    }
    let by_name: HashMap<String, usize> = operations
        .iter()
        .enumerate()
        .map(|(index, operation)| (operation.name.clone(), index))
        .collect();
    let mut keys: Vec<(bool, Vec<Vec<String>>)> = Vec::new();
    for name in traits
        .iter()
        .flat_map(|server_trait| &server_trait.operations)
    {
        let Some(operation) = by_name
            .get(name)
            .and_then(|index| operations.get_mut(*index))
        else {
            continue;
        };
        if operation.security.is_empty() || operation.server.shadowed_by.is_some() {
            continue;
        }
        let key = authentication_key(&operation.security);
        let index = match keys.iter().position(|known| *known == key) {
            Some(index) => index,
            None => {
                keys.push(key);
                keys.len() - 1
            }
        };
        operation.server.authenticate = Some(names::authenticate_name(index));
    }
}

/// What an authentication function depends on: whether an alternative needs no
/// credential, and the schemes of the others.
fn authentication_key(security: &[ir::SecurityRequirement]) -> (bool, Vec<Vec<String>>) {
    let optional = security
        .iter()
        .any(|requirement| requirement.schemes.is_empty());
    let alternatives = security
        .iter()
        .filter(|requirement| !requirement.schemes.is_empty())
        .map(|requirement| {
            requirement
                .schemes
                .iter()
                .map(|(key, _scopes)| key.clone())
                .collect()
        })
        .collect();
    (optional, alternatives)
}
