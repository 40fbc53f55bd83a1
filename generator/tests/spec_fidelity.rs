//! Compares spec/pro.yaml with Sorted's published reference (swagger.json and the per-area definitions) and fails on any difference not reviewed.
//!
//! The published description lives outside the project, in `../shared/pro-published/`
//! (or wherever `PRO_PUBLISHED` points). When it is absent the test says so and passes,
//! because the files may not be vendored into the project.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde_json::Value;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/pro.yaml");
const REVIEWED_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../spec/published-differences.txt"
);

/// The HTTP methods an OpenAPI path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// Finds the published reference folder, or None when this machine lacks it.
fn published_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("PRO_PUBLISHED") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/pro-published"
        )),
    };
    dir.join("reference/swagger.json").is_file().then_some(dir)
}

/// Turns camelCase into snake_case, so that parameter names compare across conventions.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '-' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Replaces every path parameter by `{}`, since the two sources name them differently.
fn normal_path(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The last dotted segment of a schema name, as swagger.json prefixes its names with namespaces.
fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// A readable summary of a schema's type. A reference to an object or a composition is
/// named; a reference to a string, number or array schema is followed, since names are
/// not on the wire.
fn type_of(document: &Value, schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = resolve(document, schema);
        let named = target.get("properties").is_some()
            || ["allOf", "oneOf", "anyOf"]
                .iter()
                .any(|key| target.get(key).is_some())
            || target.get("type").and_then(Value::as_str) == Some("object")
            || std::ptr::eq(target, schema);
        if !named {
            return type_of(document, target);
        }
        return short_name(reference.rsplit('/').next().unwrap_or(reference)).to_string();
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(parts) = schema.get(key).and_then(Value::as_array) {
            let inner: Vec<String> = parts.iter().map(|part| type_of(document, part)).collect();
            if key == "allOf" && inner.len() == 1 {
                return inner[0].clone();
            }
            return format!("{key}({})", inner.join(","));
        }
    }
    let kind = schema.get("type").and_then(Value::as_str).unwrap_or("any");
    match kind {
        "array" => format!(
            "array<{}>",
            schema
                .get("items")
                .map(|items| type_of(document, items))
                .unwrap_or_default()
        ),
        "object" if schema.get("properties").is_none() => {
            match schema.get("additionalProperties") {
                Some(Value::Bool(true)) | None => "object".to_string(),
                Some(values) => format!("map<{}>", type_of(document, values)),
            }
        }
        "number" | "integer" => kind.to_string(),
        _ => match schema.get("format").and_then(Value::as_str) {
            Some(format) if matches!(format, "date-time" | "date" | "binary" | "byte") => {
                format!("{kind}/{format}")
            }
            _ => kind.to_string(),
        },
    }
}

/// Whether a schema allows null, directly or through its single allOf reference.
fn nullable(schema: &Value) -> bool {
    schema
        .get("nullable")
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Resolves one level of `$ref` against a document's components.
fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            document.pointer(pointer).unwrap_or(value)
        }
        None => value,
    }
}

/// The enum values of a schema, as text.
fn enum_values(schema: &Value) -> BTreeSet<String> {
    schema
        .get("enum")
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One operation, reduced to what the comparison needs.
#[derive(Default)]
struct Operation {
    /// Parameters as `in:name` with snake_case names, except the API version header.
    parameters: BTreeMap<String, Value>,
    /// Response statuses with the type of their JSON body, if any.
    responses: BTreeMap<String, String>,
    /// The type of the JSON request body, if any.
    request: Option<String>,
}

/// The JSON schema of a request or response body, if it has one.
fn json_body(document: &Value, holder: &Value) -> Option<String> {
    let content = resolve(document, holder).get("content")?.as_object()?;
    let media = content
        .get("application/json")
        .or_else(|| content.values().next())?;
    media.get("schema").map(|schema| type_of(document, schema))
}

/// Reads every operation of a document, keyed by `METHOD normalised-path`.
fn operations(document: &Value) -> BTreeMap<String, Operation> {
    let mut out = BTreeMap::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let Some(operation) = item.get(*method) else {
                continue;
            };
            let mut reduced = Operation::default();
            let own = operation
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for parameter in shared.iter().chain(own.iter()) {
                let parameter = resolve(document, parameter);
                let place = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
                let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
                if place == "header" && name.eq_ignore_ascii_case("x-api-version") {
                    continue;
                }
                let key = if place == "path" {
                    "path".to_string()
                } else {
                    format!("{place}:{}", snake(name))
                };
                let key = if place == "path" {
                    // Path parameters compare by position, since their names differ on purpose.
                    let count = reduced
                        .parameters
                        .keys()
                        .filter(|k| k.starts_with("path#"))
                        .count();
                    format!("{key}#{count}")
                } else {
                    key
                };
                reduced.parameters.insert(key, parameter.clone());
            }
            if let Some(body) = operation.get("requestBody") {
                reduced.request = json_body(document, body);
            }
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (status, response) in responses {
                    let body = json_body(document, response).unwrap_or_else(|| "none".to_string());
                    reduced.responses.insert(status.clone(), body);
                }
            }
            out.insert(
                format!("{} {}", method.to_uppercase(), normal_path(path)),
                reduced,
            );
        }
    }
    out
}

/// Reads every component schema of a document, keyed by its short name.
fn schemas(document: &Value) -> BTreeMap<String, Value> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|all| {
            all.iter()
                .map(|(name, schema)| (short_name(name).to_string(), schema.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The properties of an object schema, merging allOf parts.
fn properties(document: &Value, schema: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Some(all) = schema.get("properties").and_then(Value::as_object) {
        out.extend(all.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            out.extend(properties(document, resolve(document, part)));
        }
    }
    out
}

/// The required property names of an object schema, merging allOf parts.
fn required(document: &Value, schema: &Value) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            out.extend(required(document, resolve(document, part)));
        }
    }
    out
}

/// Compares two enum sets and records the values only one side has.
fn compare_enums(place: &str, published: &Value, spec: &Value, out: &mut BTreeSet<String>) {
    let ours = enum_values(spec);
    let theirs = enum_values(published);
    if ours.is_empty() && theirs.is_empty() {
        return;
    }
    for value in theirs.difference(&ours) {
        out.insert(format!("enum-value missing {place} {value}"));
    }
    for value in ours.difference(&theirs) {
        out.insert(format!("enum-value extra {place} {value}"));
    }
}

/// Every difference between the spec and the published document, one line each.
fn differences(spec: &Value, published: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let ours = operations(spec);
    let theirs = operations(published);
    for key in theirs.keys().filter(|k| !ours.contains_key(*k)) {
        out.insert(format!("operation missing {key}"));
    }
    for key in ours.keys().filter(|k| !theirs.contains_key(*k)) {
        out.insert(format!("operation extra {key}"));
    }
    for (key, published_op) in &theirs {
        let Some(spec_op) = ours.get(key) else {
            continue;
        };
        for (status, body) in &published_op.responses {
            match spec_op.responses.get(status) {
                None => {
                    out.insert(format!("status missing {key} {status}"));
                }
                // swagger.json declares most error answers without a body, so only two bodies compare.
                Some(ours) if ours != body && body != "none" => {
                    out.insert(format!(
                        "response-type differs {key} {status} published={body} spec={ours}"
                    ));
                }
                Some(_) => {}
            }
        }
        for status in spec_op
            .responses
            .keys()
            .filter(|s| !published_op.responses.contains_key(*s))
        {
            out.insert(format!("status extra {key} {status}"));
        }
        if published_op.request != spec_op.request {
            let show = |body: &Option<String>| body.clone().unwrap_or_else(|| "none".to_string());
            out.insert(format!(
                "request-type differs {key} published={} spec={}",
                show(&published_op.request),
                show(&spec_op.request)
            ));
        }
        for (name, parameter) in &published_op.parameters {
            let Some(ours) = spec_op.parameters.get(name) else {
                out.insert(format!("parameter missing {key} {name}"));
                continue;
            };
            // Parameter schemas compare by their resolved JSON type, since the spec names them.
            let base = |document: &Value, p: &Value| {
                p.get("schema")
                    .map(|s| type_of(document, resolve(document, s)))
                    .unwrap_or_default()
            };
            let published_type = base(published, parameter);
            let spec_type = base(spec, ours);
            if published_type != spec_type {
                out.insert(format!("parameter-type differs {key} {name} published={published_type} spec={spec_type}"));
            }
            let is_required =
                |p: &Value| p.get("required").and_then(Value::as_bool).unwrap_or(false);
            if is_required(parameter) != is_required(ours) {
                out.insert(format!(
                    "parameter-required differs {key} {name} published={}",
                    is_required(parameter)
                ));
            }
            if let (Some(a), Some(b)) = (parameter.get("schema"), ours.get("schema")) {
                compare_enums(&format!("{key} {name}"), a, b, &mut out);
            }
        }
        for name in spec_op
            .parameters
            .keys()
            .filter(|n| !published_op.parameters.contains_key(*n))
        {
            out.insert(format!("parameter extra {key} {name}"));
        }
    }
    let ours = schemas(spec);
    let theirs = schemas(published);
    for name in theirs.keys().filter(|n| !ours.contains_key(*n)) {
        out.insert(format!("schema missing {name}"));
    }
    for (name, published_schema) in &theirs {
        let Some(spec_schema) = ours.get(name) else {
            continue;
        };
        compare_enums(name, published_schema, spec_schema, &mut out);
        let published_props = properties(published, published_schema);
        let spec_props = properties(spec, spec_schema);
        let published_required = required(published, published_schema);
        let spec_required = required(spec, spec_schema);
        for (property, published_prop) in &published_props {
            let place = format!("{name}.{property}");
            let Some(spec_prop) = spec_props.get(property) else {
                out.insert(format!("property missing {place}"));
                continue;
            };
            let (a, b) = (type_of(published, published_prop), type_of(spec, spec_prop));
            if a != b {
                out.insert(format!("type differs {place} published={a} spec={b}"));
            }
            if nullable(published_prop) != nullable(spec_prop) {
                out.insert(format!(
                    "nullable differs {place} published={}",
                    nullable(published_prop)
                ));
            }
            if published_required.contains(property) != spec_required.contains(property) {
                out.insert(format!(
                    "required differs {place} published={}",
                    published_required.contains(property)
                ));
            }
            compare_enums(&place, published_prop, spec_prop, &mut out);
            if let (Some(a), Some(b)) = (published_prop.get("items"), spec_prop.get("items")) {
                compare_enums(&format!("{place}[]"), a, b, &mut out);
            }
        }
        for property in spec_props
            .keys()
            .filter(|p| !published_props.contains_key(*p))
        {
            out.insert(format!("property extra {name}.{property}"));
        }
    }
    out
}

/// Reads the reviewed differences: one per line as `difference | reason`, `#` starts a comment.
fn reviewed() -> BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(REVIEWED_PATH).expect("spec/published-differences.txt is readable");
    let mut out = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (difference, reason) = line
            .split_once(" | ")
            .unwrap_or_else(|| panic!("line {} has no ` | reason`", number + 1));
        assert!(
            !reason.trim().is_empty(),
            "line {} gives no reason",
            number + 1
        );
        out.insert(difference.trim().to_string(), reason.trim().to_string());
    }
    out
}

/// The per-area reference definitions (`reference/spec-*.yaml`) as one document: their
/// paths and component schemas, in file order.
fn area_definitions(dir: &std::path::Path) -> Value {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("reference"))
        .expect("reference/ is readable")
        .map(|entry| entry.expect("reference/ lists").path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("spec-") && name.ends_with(".yaml"))
        })
        .collect();
    files.sort();
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("an area definition is readable");
        let document: Value = serde_yaml::from_str(&text).expect("an area definition is YAML");
        for (key, item) in document["paths"].as_object().into_iter().flatten() {
            paths.entry(key.clone()).or_insert_with(|| item.clone());
        }
        let components = &document["components"]["schemas"];
        for (name, schema) in components.as_object().into_iter().flatten() {
            schemas
                .entry(name.clone())
                .or_insert_with(|| schema.clone());
        }
    }
    serde_json::json!({"paths": paths, "components": {"schemas": schemas}})
}

/// Every difference from both published sources: swagger.json's as they are, the area
/// definitions' prefixed `area:`. The area definitions describe only some operations, so
/// operations they lack are not differences.
fn all_differences(spec: &Value, dir: &std::path::Path) -> BTreeSet<String> {
    let published_text = std::fs::read_to_string(dir.join("reference/swagger.json"))
        .expect("swagger.json is readable");
    let published: Value = serde_json::from_str(&published_text).expect("swagger.json is JSON");
    let mut found = differences(spec, &published);
    found.extend(
        differences(spec, &area_definitions(dir))
            .into_iter()
            .filter(|difference| !difference.starts_with("operation extra "))
            .map(|difference| format!("area: {difference}")),
    );
    found
}

#[test]
fn every_difference_from_the_published_reference_is_reviewed() {
    let Some(dir) = published_dir() else {
        eprintln!(
            "skipped: ../shared/pro-published/reference/ is absent; set PRO_PUBLISHED to run this comparison"
        );
        return;
    };
    let spec_text = std::fs::read_to_string(SPEC_PATH).expect("spec/pro.yaml is readable");
    let spec: Value = serde_yaml::from_str(&spec_text).expect("spec/pro.yaml is YAML");
    let found = all_differences(&spec, &dir);
    let listed = reviewed();
    let new: Vec<&String> = found.iter().filter(|d| !listed.contains_key(*d)).collect();
    let gone: Vec<&String> = listed.keys().filter(|d| !found.contains(*d)).collect();
    if std::env::var_os("PRO_PUBLISHED_DUMP").is_some() {
        for difference in &found {
            println!("{difference}");
        }
    }
    assert!(
        new.is_empty() && gone.is_empty(),
        "differences not reviewed (add each to spec/published-differences.txt with a reason, or fix the spec):\n{}\n\nreviewed differences that no longer occur (remove them):\n{}",
        new.iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        gone.iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}

#[test]
fn path_normalisation_and_names_compare_across_conventions() {
    assert_eq!(normal_path("/a/{shipmentReference}/b/{x}"), "/a/{}/b/{}");
    assert_eq!(snake("shipmentReference"), "shipment_reference");
    assert_eq!(snake("x-api-version"), "x_api_version");
    let published = serde_json::json!({
        "paths": {"/s/{shipmentReference}": {"get": {"responses": {"200": {}, "404": {}}}}},
        "components": {"schemas": {"Ns.Thing": {"required": ["a"], "properties": {
            "a": {"type": "string", "nullable": true, "enum": ["x", "y"]}}}}}
    });
    let spec = serde_json::json!({
        "paths": {"/s/{shipment_reference}": {"get": {"responses": {"200": {}}}}},
        "components": {"schemas": {"Thing": {"properties": {
            "a": {"type": "integer", "enum": ["x"]}, "b": {"type": "string"}}}}}
    });
    let found = differences(&spec, &published);
    let expected: BTreeSet<String> = [
        "status missing GET /s/{} 404",
        "type differs Thing.a published=string spec=integer",
        "nullable differs Thing.a published=true",
        "required differs Thing.a published=true",
        "enum-value missing Thing.a y",
        "property extra Thing.b",
    ]
    .into_iter()
    .map(str::to_string)
    .collect();
    assert_eq!(found, expected);
}
