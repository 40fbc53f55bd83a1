//! Checks that spec/pro.yaml describes every Sorted PRO v2 operation and stays internally consistent.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use openapiv3::{
    Components, OpenAPI, Operation, Parameter, PathItem, ReferenceOr, Response, StatusCode,
};
use serde_json::Value;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/pro.yaml");

/// Every operation of the facts sheet, as (method, path).
#[rustfmt::skip]
const OPERATIONS: &[(&str, &str)] = &[
    // Shipments.
    ("POST", "/shipments"),
    ("PUT", "/shipments"),
    ("GET", "/shipments"),
    ("GET", "/shipments/{shipment_reference}"),
    ("DELETE", "/shipments/{shipment_reference}"),
    ("PUT", "/shipments/{shipment_reference}/cancel"),
    ("POST", "/shipments/{shipment_reference}/clone"),
    ("PUT", "/shipments/state"),
    ("GET", "/shipments/state_counts"),
    ("DELETE", "/shipments/{shipment_reference}/allocation"),
    // Paperless documents: one path template, since the shipment and document
    // references sit in the same segment.
    ("POST", "/documents/paperless/{reference}"),
    ("GET", "/documents/paperless/{reference}"),
    ("DELETE", "/documents/paperless/{reference}"),
    // Allocation.
    ("PUT", "/shipments/{shipment_reference}/allocate"),
    ("PUT", "/shipments/{shipment_reference}/allocate/service/{service_reference}"),
    ("PUT", "/shipments/{shipment_reference}/allocate/service_group/{group_reference}"),
    ("PUT", "/shipments/{shipment_reference}/allocate/virtual_service/{virtual_service}"),
    ("PUT", "/shipments/{shipment_reference}/allocate/quote/{quote_reference}"),
    ("PUT", "/shipments/allocate"),
    ("PUT", "/shipments/allocate/filters"),
    ("PUT", "/shipments/allocate/service"),
    ("PUT", "/shipments/allocate/service_group"),
    // Quotes.
    ("POST", "/shipments/quote"),
    ("POST", "/shipments/quote/service_group/{group_reference}"),
    ("POST", "/shipments/{shipment_reference}/quote"),
    // Labels and documents.
    ("GET", "/labels/{shipment_reference}/{format}/{dpi}"),
    ("GET", "/labels/{shipment_reference}/contents/{contents_reference}/{format}/{dpi}"),
    ("GET", "/documents/{shipment_reference}"),
    ("GET", "/documents/{shipment_reference}/{document_type}"),
    // Manifests.
    ("PUT", "/shipments/{shipment_reference}/manifest"),
    ("PUT", "/shipments/manifest"),
    ("POST", "/shipments/manifest/query"),
    ("POST", "/shipment_groups/{shipment_group_reference}/manifest"),
    ("GET", "/shipments/manifests/{manifest_reference}"),
    // Shipment groups.
    ("POST", "/shipment_groups"),
    ("PUT", "/shipment_groups"),
    ("GET", "/shipment_groups/{shipment_group_reference}"),
    ("GET", "/shipment_groups/custom_reference/{custom_reference}"),
    ("GET", "/shipment_groups/custom_reference/{custom_reference}/{version}"),
    ("PUT", "/shipment_groups/{shipment_group_reference}/shipments/{shipment_reference}"),
    ("DELETE", "/shipment_groups/{shipment_group_reference}/shipments/{shipment_reference}"),
    ("PUT", "/shipment_groups/custom_reference/{custom_reference}/{version}/shipments/{shipment_reference}"),
    ("DELETE", "/shipment_groups/custom_reference/{custom_reference}/{version}/shipments/{shipment_reference}"),
    ("POST", "/shipment_groups/{shipment_group_reference}/lock"),
    ("POST", "/shipment_groups/{shipment_group_reference}/unlock"),
    ("POST", "/shipment_groups/{shipment_group_reference}/close"),
    // Collection notes.
    ("GET", "/collection_notes/shipment_group/{shipment_group_reference}"),
    ("GET", "/collection_notes/shipment_group/custom_reference/{custom_reference}/{version}"),
    ("POST", "/collection_notes/query"),
    ("POST", "/collection_notes/manifest"),
    // Tracking.
    ("GET", "/tracking/{shipment_reference}"),
    ("GET", "/tracking/{shipment_reference}/shipment_contents"),
    ("GET", "/tracking/custom_reference/{custom_reference}"),
    ("GET", "/tracking/custom_reference/{custom_reference}/shipment_contents"),
];

/// The spec's text, read once for all tests.
fn spec_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("reading {SPEC_PATH}: {e}"))
    })
}

/// The spec parsed into the openapiv3 model.
fn spec() -> &'static OpenAPI {
    static SPEC: OnceLock<OpenAPI> = OnceLock::new();
    SPEC.get_or_init(|| {
        serde_yaml::from_str(spec_text()).unwrap_or_else(|e| panic!("parsing {SPEC_PATH}: {e}"))
    })
}

/// The spec as a plain JSON tree, for checks that walk every node.
fn spec_json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        serde_yaml::from_str(spec_text()).unwrap_or_else(|e| panic!("parsing {SPEC_PATH}: {e}"))
    })
}

/// Every operation with its upper-case method, path and path item.
fn operations() -> Vec<(String, &'static str, &'static PathItem, &'static Operation)> {
    let mut found = Vec::new();
    for (path, item) in spec().paths.iter() {
        let ReferenceOr::Item(item) = item else {
            panic!("path item {path} is a reference, which this spec does not use");
        };
        for (method, op) in item.iter() {
            found.push((method.to_uppercase(), path.as_str(), item, op));
        }
    }
    found
}

fn label(method: &str, path: &str, op: &Operation) -> String {
    format!(
        "{method} {path} ({})",
        op.operation_id.as_deref().unwrap_or("no operationId")
    )
}

/// Fails with every message at once, so one run shows all problems.
fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Follows `#/components/...` references of one kind until an inline item is reached.
fn resolve<T>(
    item: &'static ReferenceOr<T>,
    prefix: &str,
    lookup: fn(&'static Components, &str) -> Option<&'static ReferenceOr<T>>,
) -> &'static T {
    match item {
        ReferenceOr::Item(item) => item,
        ReferenceOr::Reference { reference } => {
            let name = reference
                .strip_prefix(prefix)
                .unwrap_or_else(|| panic!("{reference} does not start with {prefix}"));
            let components = spec().components.as_ref().expect("the spec has components");
            let next =
                lookup(components, name).unwrap_or_else(|| panic!("{reference} does not resolve"));
            resolve(next, prefix, lookup)
        }
    }
}

fn parameter(param: &'static ReferenceOr<Parameter>) -> &'static Parameter {
    resolve(param, "#/components/parameters/", |c, name| {
        c.parameters.get(name)
    })
}

fn response(response: &'static ReferenceOr<Response>) -> &'static Response {
    resolve(response, "#/components/responses/", |c, name| {
        c.responses.get(name)
    })
}

fn has_status(op: &Operation, code: u16) -> bool {
    op.responses.responses.contains_key(&StatusCode::Code(code))
}

fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('_')
        && !name.contains("__")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[test]
fn spec_has_exactly_the_documented_operations() {
    let expected: BTreeSet<(String, String)> = OPERATIONS
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        expected.len(),
        OPERATIONS.len(),
        "the expected list repeats an operation"
    );
    let actual: BTreeSet<(String, String)> = operations()
        .into_iter()
        .map(|(m, p, _, _)| (m, p.to_string()))
        .collect();
    let missing: Vec<String> = expected
        .difference(&actual)
        .map(|(m, p)| format!("missing: {m} {p}"))
        .collect();
    let extra: Vec<String> = actual
        .difference(&expected)
        .map(|(m, p)| format!("not expected: {m} {p}"))
        .collect();
    assert_no_problems(&[missing, extra].concat());
    assert_eq!(actual.len(), 54);
}

#[test]
fn every_operation_is_named_tagged_described_versioned_and_secured() {
    let declared_tags: BTreeSet<&str> = spec().tags.iter().map(|t| t.name.as_str()).collect();
    let mut ids: HashMap<&str, String> = HashMap::new();
    let mut problems = Vec::new();
    for (method, path, item, op) in operations() {
        let here = label(&method, path, op);
        match op.operation_id.as_deref() {
            None => problems.push(format!("{here}: no operationId")),
            Some(id) => {
                if !is_snake_case(id) {
                    problems.push(format!("{here}: operationId is not snake_case"));
                }
                if let Some(first) = ids.insert(id, here.clone()) {
                    problems.push(format!("{here}: operationId also used by {first}"));
                }
            }
        }
        match op.tags.as_slice() {
            [tag] if declared_tags.contains(tag.as_str()) => {}
            [tag] => problems.push(format!("{here}: tag {tag:?} is not declared at the top")),
            tags => problems.push(format!("{here}: {} tags instead of one", tags.len())),
        }
        if op.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
            problems.push(format!("{here}: no summary"));
        }
        if op
            .description
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            problems.push(format!("{here}: no description"));
        }
        let version_header = op
            .parameters
            .iter()
            .chain(item.parameters.iter())
            .map(parameter)
            .find(|p| {
                matches!(p, Parameter::Header { .. })
                    && p.parameter_data_ref()
                        .name
                        .eq_ignore_ascii_case("x-api-version")
            });
        match version_header {
            None => problems.push(format!("{here}: no x-api-version header parameter")),
            Some(p) if !p.parameter_data_ref().required => {
                problems.push(format!("{here}: x-api-version is not required"))
            }
            Some(_) => {}
        }
        let secured = op
            .security
            .as_ref()
            .is_some_and(|reqs| reqs.iter().any(|req| req.contains_key("ApiKey")));
        if !secured {
            problems.push(format!("{here}: security does not name ApiKey"));
        }
    }
    assert_no_problems(&problems);
}

/// Collects every `$ref` value under `node`, with the JSON pointer where it was found.
fn collect_refs<'a>(node: &'a Value, at: String, found: &mut Vec<(String, &'a str)>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push((at.clone(), target)),
                    _ => {
                        let escaped = key.replace('~', "~0").replace('/', "~1");
                        collect_refs(value, format!("{at}/{escaped}"), found);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                collect_refs(value, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let root = spec_json();
    let mut refs = Vec::new();
    collect_refs(root, String::new(), &mut refs);
    assert!(!refs.is_empty(), "the spec has no $ref at all");
    let problems: Vec<String> = refs
        .iter()
        .filter_map(|(at, target)| {
            // `Value::pointer` undoes the ~1 and ~0 escapes of each token itself.
            let resolved = target
                .strip_prefix('#')
                .and_then(|pointer| root.pointer(pointer));
            resolved
                .is_none()
                .then(|| format!("#{at}: $ref {target} does not resolve"))
        })
        .collect();
    assert_no_problems(&problems);
}

#[test]
fn every_operation_declares_its_documented_statuses() {
    let mut problems = Vec::new();
    for (method, path, _, op) in operations() {
        let here = label(&method, path, op);
        let id = op.operation_id.as_deref().unwrap_or_default();
        let tag = op.tags.first().map(String::as_str).unwrap_or_default();
        let mut required = vec![400, 401];
        if matches!(
            id,
            "create_shipment_group" | "edit_shipment_group" | "allocate_shipments_with_service"
        ) {
            required.push(207);
        }
        if matches!(
            id,
            "allocate_shipments" | "allocate_shipments_with_service_group"
        ) {
            required.push(407);
        }
        if id == "delete_shipment" {
            required.push(202);
        }
        if id == "get_paperless_document" {
            required.push(221);
        }
        if tag == "Allocation" {
            required.push(521);
        }
        if tag == "Quotes" {
            required.push(531);
        }
        for code in required {
            if !has_status(op, code) {
                problems.push(format!("{here}: no {code} response"));
            }
        }
    }
    assert_no_problems(&problems);
}

#[test]
fn every_response_echoes_the_version_header() {
    let mut problems = Vec::new();
    for (method, path, _, op) in operations() {
        let here = label(&method, path, op);
        for (status, reply) in &op.responses.responses {
            if !response(reply)
                .headers
                .keys()
                .any(|name| name.eq_ignore_ascii_case("x-api-version"))
            {
                problems.push(format!(
                    "{here}: {status} response has no x-api-version header"
                ));
            }
        }
    }
    assert_no_problems(&problems);
}
