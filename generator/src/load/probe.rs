//! The shape probe: when a document does not deserialize as `openapiv3::OpenAPI`, find the
//! deepest parts that do not fit and report each with its pointer.

use serde::Deserialize;
use serde_json::Value;

use super::{Document, MAX_DEPTH};
use crate::error::Diagnostic;
use crate::pointer;

/// Deserializes `T` from a raw value, turning a panic inside the deserializer into an error.
pub(crate) fn deserialize<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<T, String> {
    match std::panic::catch_unwind(|| T::deserialize(value)) {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("the OpenAPI deserializer failed on this node".to_string()),
    }
}

/// The deepest parts of the document that do not deserialize, each as a diagnostic.
pub(super) fn misfits(doc: &Document) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    probe(doc, Kind::OpenApi, &doc.raw, "#", 0, &mut diagnostics);
    diagnostics
}

/// The parts of an OpenAPI document the shape probe knows how to descend into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OpenApi,
    Paths,
    Info,
    Server,
    Tag,
    SecurityRequirement,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Header,
    Schema,
    Example,
    Link,
    Callback,
    SecurityScheme,
}

impl Kind {
    /// What to call this part in a message.
    fn describe(self) -> &'static str {
        match self {
            Kind::OpenApi => "OpenAPI document",
            Kind::Paths => "paths object",
            Kind::Info => "info object",
            Kind::Server => "server object",
            Kind::Tag => "tag object",
            Kind::SecurityRequirement => "security requirement",
            Kind::Components => "components object",
            Kind::PathItem => "path item",
            Kind::Operation => "operation",
            Kind::Parameter => "parameter",
            Kind::RequestBody => "request body",
            Kind::Responses => "responses object",
            Kind::Response => "response",
            Kind::MediaType => "media type object",
            Kind::Header => "header",
            Kind::Schema => "schema",
            Kind::Example => "example",
            Kind::Link => "link",
            Kind::Callback => "callback",
            Kind::SecurityScheme => "security scheme",
        }
    }

    /// Tries to deserialize a value of this kind.
    fn check(self, value: &Value) -> Result<(), String> {
        use openapiv3 as o;
        match self {
            Kind::OpenApi => deserialize::<o::OpenAPI>(value).map(drop),
            Kind::Paths => deserialize::<o::Paths>(value).map(drop),
            Kind::Info => deserialize::<o::Info>(value).map(drop),
            Kind::Server => deserialize::<o::Server>(value).map(drop),
            Kind::Tag => deserialize::<o::Tag>(value).map(drop),
            Kind::SecurityRequirement => deserialize::<o::SecurityRequirement>(value).map(drop),
            Kind::Components => deserialize::<o::Components>(value).map(drop),
            Kind::PathItem => deserialize::<o::ReferenceOr<o::PathItem>>(value).map(drop),
            Kind::Operation => deserialize::<o::Operation>(value).map(drop),
            Kind::Parameter => deserialize::<o::ReferenceOr<o::Parameter>>(value).map(drop),
            Kind::RequestBody => deserialize::<o::ReferenceOr<o::RequestBody>>(value).map(drop),
            Kind::Responses => deserialize::<o::Responses>(value).map(drop),
            Kind::Response => deserialize::<o::ReferenceOr<o::Response>>(value).map(drop),
            Kind::MediaType => deserialize::<o::MediaType>(value).map(drop),
            Kind::Header => deserialize::<o::ReferenceOr<o::Header>>(value).map(drop),
            Kind::Schema => deserialize::<o::ReferenceOr<o::Schema>>(value).map(drop),
            Kind::Example => deserialize::<o::ReferenceOr<o::Example>>(value).map(drop),
            Kind::Link => deserialize::<o::ReferenceOr<o::Link>>(value).map(drop),
            Kind::Callback => deserialize::<o::Callback>(value).map(drop),
            Kind::SecurityScheme => {
                deserialize::<o::ReferenceOr<o::SecurityScheme>>(value).map(drop)
            }
        }
    }

    /// The parts of a value of this kind that have a kind of their own.
    fn children(self, value: &Value) -> Vec<(Vec<String>, Kind)> {
        let Value::Object(map) = value else {
            return Vec::new();
        };
        if map.contains_key("$ref") {
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut field = |name: &str, kind: Kind| {
            if map.contains_key(name) {
                out.push((vec![name.to_string()], kind));
            }
        };
        match self {
            Kind::OpenApi => {
                field("info", Kind::Info);
                field("paths", Kind::Paths);
                field("components", Kind::Components);
            }
            Kind::Operation => {
                field("requestBody", Kind::RequestBody);
                field("responses", Kind::Responses);
            }
            Kind::MediaType | Kind::Parameter | Kind::Header => field("schema", Kind::Schema),
            Kind::Schema => {
                field("items", Kind::Schema);
                field("not", Kind::Schema);
                if map
                    .get("additionalProperties")
                    .is_some_and(Value::is_object)
                {
                    field("additionalProperties", Kind::Schema);
                }
            }
            _ => {}
        }
        let lists: &[(&str, Kind)] = match self {
            Kind::OpenApi => &[
                ("servers", Kind::Server),
                ("security", Kind::SecurityRequirement),
                ("tags", Kind::Tag),
            ],
            Kind::PathItem | Kind::Operation => &[
                ("parameters", Kind::Parameter),
                ("servers", Kind::Server),
                ("security", Kind::SecurityRequirement),
            ],
            Kind::Schema => &[
                ("allOf", Kind::Schema),
                ("oneOf", Kind::Schema),
                ("anyOf", Kind::Schema),
            ],
            _ => &[],
        };
        for (name, kind) in lists {
            if let Some(Value::Array(items)) = map.get(*name) {
                for index in 0..items.len() {
                    out.push((vec![name.to_string(), index.to_string()], *kind));
                }
            }
        }
        let maps: &[(&str, Kind)] = match self {
            Kind::Components => &[
                ("schemas", Kind::Schema),
                ("responses", Kind::Response),
                ("parameters", Kind::Parameter),
                ("examples", Kind::Example),
                ("requestBodies", Kind::RequestBody),
                ("headers", Kind::Header),
                ("securitySchemes", Kind::SecurityScheme),
                ("links", Kind::Link),
                ("callbacks", Kind::Callback),
            ],
            Kind::Operation => &[("callbacks", Kind::Callback)],
            Kind::RequestBody => &[("content", Kind::MediaType)],
            Kind::Response => &[
                ("headers", Kind::Header),
                ("content", Kind::MediaType),
                ("links", Kind::Link),
            ],
            Kind::MediaType => &[("examples", Kind::Example)],
            Kind::Parameter | Kind::Header => {
                &[("content", Kind::MediaType), ("examples", Kind::Example)]
            }
            Kind::Schema => &[("properties", Kind::Schema)],
            _ => &[],
        };
        for (name, kind) in maps {
            if let Some(Value::Object(entries)) = map.get(*name) {
                for key in entries.keys() {
                    out.push((vec![name.to_string(), key.clone()], *kind));
                }
            }
        }
        // Maps whose own keys are the children.
        match self {
            Kind::Paths => {
                for key in map.keys().filter(|key| key.starts_with('/')) {
                    out.push((vec![key.clone()], Kind::PathItem));
                }
            }
            Kind::PathItem => {
                for method in [
                    "get", "put", "post", "delete", "options", "head", "patch", "trace",
                ] {
                    if map.contains_key(method) {
                        out.push((vec![method.to_string()], Kind::Operation));
                    }
                }
            }
            Kind::Responses => {
                for key in map.keys().filter(|key| !key.starts_with("x-")) {
                    out.push((vec![key.clone()], Kind::Response));
                }
            }
            Kind::Callback => {
                for key in map.keys().filter(|key| !key.starts_with("x-")) {
                    out.push((vec![key.clone()], Kind::PathItem));
                }
            }
            _ => {}
        }
        out
    }
}

/// Finds the deepest parts of `value` that do not deserialize as `kind` and reports each.
/// Returns whether anything was reported.
fn probe(
    doc: &Document,
    kind: Kind,
    value: &Value,
    pointer: &str,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Err(message) = kind.check(value) else {
        return false;
    };
    let mut found = false;
    if depth < MAX_DEPTH {
        for (segments, child_kind) in kind.children(value) {
            let child_pointer = pointer::join(pointer, &segments);
            let mut child = value;
            for segment in &segments {
                child = match child {
                    Value::Object(map) => map.get(segment).unwrap_or(&Value::Null),
                    Value::Array(items) => segment
                        .parse::<usize>()
                        .ok()
                        .and_then(|index| items.get(index))
                        .unwrap_or(&Value::Null),
                    _ => &Value::Null,
                };
            }
            found |= probe(doc, child_kind, child, &child_pointer, depth + 1, out);
        }
    }
    if !found {
        // Point at the field whose removal makes the node valid, when there is one.
        let culprit = match value {
            Value::Object(map) => map.keys().find(|key| {
                let mut without = map.clone();
                without.remove(*key);
                kind.check(&Value::Object(without)).is_ok()
            }),
            _ => None,
        };
        let at = match culprit {
            Some(key) => pointer::push(pointer, key),
            None => pointer.to_string(),
        };
        out.push(doc.diagnostic(&at, format!("not a valid {}: {message}", kind.describe())));
    }
    true
}
