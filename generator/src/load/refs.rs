//! The `$ref` check: every reference where one is read must point inside the document at
//! something that exists.

use std::collections::{BTreeSet, HashSet};

use serde_json::Value;

use super::{Document, Step, children, pointer_of};
use crate::error::Diagnostic;
use crate::pointer;

/// Keys whose values are literal data (examples, defaults), where a `$ref` key means
/// nothing, unless they appear as names in a map of named things.
const LITERAL_KEYS: &[&str] = &["example", "default", "enum", "value"];

/// Keys whose values map names to objects, so that their keys are names, not keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "examples",
    "content",
    "encoding",
    "paths",
];

/// Checks that every `$ref` is internal and points at something, and returns the
/// problems and the references that resolve. The document is no deeper than
/// [`MAX_DEPTH`] by now, so the walk's recursion is bounded.
pub(super) fn check_refs(doc: &Document) -> (Vec<Diagnostic>, BTreeSet<String>) {
    /// What the walk carries: the path to the current node, the references already found
    /// to resolve, and the diagnostics.
    struct Walk<'a> {
        steps: Vec<Step<'a>>,
        resolved: HashSet<&'a str>,
        out: Vec<Diagnostic>,
    }
    fn walk<'a>(doc: &Document, value: &'a Value, parent_key: &str, state: &mut Walk<'a>) {
        let Value::Object(map) = value else {
            for (step, child) in children(value) {
                state.steps.push(step);
                walk(doc, child, "", state);
                state.steps.pop();
            }
            return;
        };
        let in_name_map = NAME_MAPS.contains(&parent_key);
        if !in_name_map
            && let Some(Value::String(reference)) = map.get("$ref")
            && !state.resolved.contains(reference.as_str())
        {
            let (steps, out) = (&state.steps, &mut state.out);
            if !reference.starts_with('#') {
                out.push(doc.diagnostic(
                    &pointer_of(steps),
                    format!(
                        "external reference {reference:?} is not supported; \
                         only references inside the document (`#/...`) are"
                    ),
                ));
            } else if doc.resolve_raw(reference).is_none() {
                out.push(doc.diagnostic(
                    &pointer::push(&pointer_of(steps), "$ref"),
                    format!("reference {reference:?} points at nothing in the document"),
                ));
            } else {
                state.resolved.insert(reference);
            }
        }
        for (key, child) in map {
            let skip =
                !in_name_map && (LITERAL_KEYS.contains(&key.as_str()) || key.starts_with("x-"));
            if !skip {
                state.steps.push(Step::Key(key));
                walk(doc, child, key, state);
                state.steps.pop();
            }
        }
    }
    let mut state = Walk {
        steps: Vec::new(),
        resolved: HashSet::new(),
        out: Vec::new(),
    };
    walk(doc, &doc.raw, "", &mut state);
    let references = state.resolved.into_iter().map(str::to_owned).collect();
    (state.out, references)
}
