//! The wire diff: every change between two `ir::Api` values that a user of the HTTP API sees.
//!
//! Operations are matched by method and path template (parameter names ignored), then by
//! `operationId`. Request values are judged as what a server accepts (narrowing breaks
//! clients), response values as what a client receives (widening breaks clients). Named
//! types are followed where they are used; a set of visited type pairs per operation and
//! direction stops recursive schemas from looping.
//!
//! This module holds the entry point and the [`Walk`] state that records changes.
//! Submodules: `matching` pairs old and new operations, `place` says where a change is,
//! `value` resolves uses of types and picks the rule of a value change by direction,
//! `lifecycle` judges deprecation, sunset dates and stability levels, `limits` compares
//! constraints, `defaults` the defaults of optional request values, `parameters`, `bodies` (request bodies, responses,
//! media types and headers), `types` (values, structs and tagged unions, with the visited set),
//! `unions` (`oneOf`/`anyOf` by the values they accept), `schemas` (`components/schemas`)
//! and `security` compare their parts of an API.

mod bodies;
mod defaults;
mod lifecycle;
mod limits;
mod matching;
mod parameters;
mod place;
mod schemas;
mod security;
mod types;
mod unions;
mod value;

use std::collections::HashSet;

use super::{Change, Rule};
use crate::ir;
use crate::lower::route_shape;
use crate::pointer;
use matching::{match_operations, operation_label};
use place::Place;
use value::Index;

/// Every wire change from `old` to `new`: operation by operation (old order, then added
/// operations), then changes to components. Sunset dates are judged against today (UTC).
pub fn diff(old: &ir::Api, new: &ir::Api) -> Vec<Change> {
    diff_on(old, new, &lifecycle::today())
}

/// [`diff`] on the day `today` (`YYYY-MM-DD`), which decides whether an operation removed
/// after deprecation was removed before its sunset.
pub fn diff_on(old: &ir::Api, new: &ir::Api, today: &str) -> Vec<Change> {
    let mut walk = Walk::new(old, new);
    for (old_op, new_op) in match_operations(old, new) {
        match (old_op, new_op) {
            (Some(old_op), Some(new_op)) => walk.operation(old_op, new_op),
            (Some(old_op), None) => {
                let pointer = pointer::push("#/paths", &old_op.path);
                walk.start(operation_label(old_op), Some(pointer));
                walk.operation_removed(old_op, today);
            }
            (None, Some(new_op)) => {
                walk.start(operation_label(new_op), Some(new_op.pointer.clone()));
                walk.push(
                    Rule::OperationAdded,
                    &Place::root(),
                    format!("operation `{}` was added", new_op.id),
                );
            }
            (None, None) => {}
        }
    }
    walk.schemas();
    walk.security_schemes();
    walk.out
}

/// `` `a`, `b` ``.
fn code_list<'s>(items: impl IntoIterator<Item = &'s String>) -> String {
    items
        .into_iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        one.to_owned()
    } else {
        many.to_owned()
    }
}

/// The state of the comparison of two APIs.
struct Walk<'a> {
    old: Index<'a>,
    new: Index<'a>,
    old_api: &'a ir::Api,
    new_api: &'a ir::Api,
    operation: Option<String>,
    pointer: Option<String>,
    /// Type pairs already compared in the current operation, by direction.
    visited: HashSet<(String, String, bool)>,
    out: Vec<Change>,
}

impl<'a> Walk<'a> {
    fn new(old_api: &'a ir::Api, new_api: &'a ir::Api) -> Self {
        Self {
            old: Index::new(old_api),
            new: Index::new(new_api),
            old_api,
            new_api,
            operation: None,
            pointer: None,
            visited: HashSet::new(),
            out: Vec::new(),
        }
    }

    /// Starts reporting for another operation (or for components, with `None`).
    fn start(&mut self, operation: impl Into<Option<String>>, pointer: Option<String>) {
        self.operation = operation.into();
        self.pointer = pointer;
        self.visited.clear();
    }

    /// Records a change at `place`, pointing at it or else at the operation.
    fn push(&mut self, rule: Rule, place: &Place, message: String) {
        self.out.push(Change {
            rule,
            operation: self.operation.clone(),
            location: place.render(),
            message,
            pointer: place.pointer.clone().or_else(|| self.pointer.clone()),
        });
    }

    fn operation(&mut self, old: &'a ir::Operation, new: &'a ir::Operation) {
        self.start(operation_label(new), Some(new.pointer.clone()));
        let root = Place::root();
        if old.method != new.method || route_shape(&old.template) != route_shape(&new.template) {
            self.push(
                Rule::OperationPathChanged,
                &root,
                format!(
                    "operation `{}` moved from `{}` to `{}`",
                    new.id,
                    operation_label(old),
                    operation_label(new)
                ),
            );
        }
        if old.id != new.id {
            self.push(
                Rule::OperationIdChanged,
                &root,
                format!("operationId changed from `{}` to `{}`", old.id, new.id),
            );
        }
        self.lifecycle(old, new);
        self.parameters(old, new);
        self.request_body(old.request_body.as_ref(), new.request_body.as_ref());
        self.responses(old, new);
        self.security(&old.security, &new.security);
    }
}
