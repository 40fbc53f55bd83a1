//! Swagger 2.0 converted to the OpenAPI 3.0 model on the raw value, as the well-known
//! converters do, with the source pointer of every node it moves.

use serde_json::{Map, Value, json};

use super::{Note, Origins};
use crate::pointer::{escape, push};

/// The keys of a 2.0 parameter, header or items object that describe its value, which
/// 3.0 keeps in a schema.
const VALUE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// The media type 2.0 assumes when neither the operation nor the document names one.
const DEFAULT_MEDIA_TYPE: &str = "application/json";

/// Converts a Swagger 2.0 document into an OpenAPI 3.0 one.
pub(super) fn upgrade(raw: Value) -> (Value, Origins, Vec<Note>) {
    let Value::Object(root) = raw else {
        return (raw, Origins::default(), Vec::new());
    };
    let mut up = Upgrade {
        root: &root,
        origins: Origins::default(),
        notes: Vec::new(),
    };
    let out = up.document();
    (Value::Object(out), up.origins, up.notes)
}

/// The conversion's state: the source document, the moves made, the notes written.
struct Upgrade<'a> {
    root: &'a Map<String, Value>,
    origins: Origins,
    notes: Vec<Note>,
}

impl Upgrade<'_> {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// The media types the document declares under `key` (`consumes` or `produces`).
    fn media_types(&self, operation: Option<&Map<String, Value>>, key: &str) -> Vec<String> {
        let listed = operation
            .and_then(|op| op.get(key))
            .or_else(|| self.root.get(key))
            .and_then(Value::as_array)
            .map(|types| {
                types
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if listed.is_empty() {
            vec![DEFAULT_MEDIA_TYPE.to_owned()]
        } else {
            listed
        }
    }

    fn document(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        self.origins.record("#/openapi", "#/swagger");
        for (key, value) in root {
            match key.as_str() {
                "info" | "tags" | "externalDocs" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        if let Some(servers) = self.servers() {
            out.insert("servers".into(), servers);
        }
        let mut paths = Map::new();
        if let Some(Value::Object(source_paths)) = root.get("paths") {
            for (path, item) in source_paths {
                let pointer = push("#/paths", path);
                let converted = match item {
                    Value::Object(item) => Value::Object(self.path_item(&pointer, item)),
                    other => other.clone(),
                };
                paths.insert(path.clone(), converted);
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        let components = self.components();
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        out
    }

    /// `host`, `basePath` and `schemes` as 3.0 servers.
    fn servers(&mut self) -> Option<Value> {
        let host = self.root.get("host").and_then(Value::as_str);
        let base_path = self.root.get("basePath").and_then(Value::as_str);
        if host.is_none() && base_path.is_none() {
            return None;
        }
        let base_path = base_path.unwrap_or("");
        let urls: Vec<String> = match host {
            None => vec![if base_path.is_empty() { "/" } else { base_path }.to_owned()],
            Some(host) => {
                let schemes: Vec<&str> = self
                    .root
                    .get("schemes")
                    .and_then(Value::as_array)
                    .map(|s| s.iter().filter_map(Value::as_str).collect())
                    .filter(|s: &Vec<&str>| !s.is_empty())
                    .unwrap_or_else(|| vec!["https"]);
                schemes
                    .iter()
                    .map(|scheme| format!("{scheme}://{host}{base_path}"))
                    .collect()
            }
        };
        let from = if host.is_some() {
            "#/host"
        } else {
            "#/basePath"
        };
        for index in 0..urls.len() {
            self.origins.record(&format!("#/servers/{index}"), from);
        }
        Some(Value::Array(
            urls.into_iter().map(|url| json!({ "url": url })).collect(),
        ))
    }

    fn components(&mut self) -> Map<String, Value> {
        let root = self.root;
        let mut components = Map::new();
        if let Some(Value::Object(definitions)) = root.get("definitions") {
            let mut schemas = Map::new();
            for (name, schema) in definitions {
                let from = push("#/definitions", name);
                let to = push("#/components/schemas", name);
                self.origins.record(&to, &from);
                schemas.insert(name.clone(), schema_of(schema));
            }
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(Value::Object(parameters)) = root.get("parameters") {
            let mut converted = Map::new();
            for (name, parameter) in parameters {
                let from = push("#/parameters", name);
                // Body and form parameters become request bodies where they are used.
                if matches!(
                    parameter.get("in").and_then(Value::as_str),
                    Some("body" | "formData")
                ) {
                    continue;
                }
                let to = push("#/components/parameters", name);
                self.origins.record(&to, &from);
                converted.insert(name.clone(), self.parameter(&to, &from, parameter));
            }
            if !converted.is_empty() {
                components.insert("parameters".into(), Value::Object(converted));
            }
        }
        if let Some(Value::Object(responses)) = root.get("responses") {
            let produces = self.media_types(None, "produces");
            let mut converted = Map::new();
            for (name, response) in responses {
                let from = push("#/responses", name);
                let to = push("#/components/responses", name);
                self.origins.record(&to, &from);
                converted.insert(name.clone(), self.response(&to, response, &produces));
            }
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(Value::Object(schemes)) = root.get("securityDefinitions") {
            let mut converted = Map::new();
            for (name, scheme) in schemes {
                let from = push("#/securityDefinitions", name);
                let to = push("#/components/securitySchemes", name);
                self.origins.record(&to, &from);
                converted.insert(name.clone(), self.security_scheme(&to, scheme));
            }
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        components
    }

    fn path_item(&mut self, pointer: &str, item: &Map<String, Value>) -> Map<String, Value> {
        let mut out = Map::new();
        let shared: Vec<(String, &Value)> = item
            .get("parameters")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(index, p)| (format!("{pointer}/parameters/{index}"), p))
                    .collect()
            })
            .unwrap_or_default();
        for (key, value) in item {
            match key.as_str() {
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                    let op_pointer = push(pointer, key);
                    let converted = match value {
                        Value::Object(op) => {
                            Value::Object(self.operation(&op_pointer, op, &shared))
                        }
                        other => other.clone(),
                    };
                    out.insert(key.clone(), converted);
                }
                "parameters" => {}
                "$ref" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        out
    }

    fn operation(
        &mut self,
        pointer: &str,
        op: &Map<String, Value>,
        shared: &[(String, &Value)],
    ) -> Map<String, Value> {
        let root = self.root;
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId"
                | "deprecated" | "security" => {
                    out.insert(key.clone(), value.clone());
                }
                _ if key.starts_with("x-") => {
                    out.insert(key.clone(), value.clone());
                }
                _ => {}
            }
        }
        // The operation's parameters override the path item's by name and location.
        let own: Vec<(String, &Value)> = op
            .get("parameters")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(index, p)| (format!("{pointer}/parameters/{index}"), p))
                    .collect()
            })
            .unwrap_or_default();
        let mut all: Vec<(String, &Value)> = Vec::new();
        for (at, parameter) in shared.iter().cloned().chain(own) {
            let (at, parameter) = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => match reference
                    .strip_prefix("#/parameters/")
                    .and_then(|name| Some((name, root.get("parameters")?.get(name)?)))
                {
                    Some((name, target))
                        if matches!(
                            target.get("in").and_then(Value::as_str),
                            Some("body" | "formData")
                        ) =>
                    {
                        (push("#/parameters", name), target)
                    }
                    _ => (at, parameter),
                },
                None => (at, parameter),
            };
            let key = |p: &Value| {
                (
                    p.get("name").cloned(),
                    p.get("in").cloned(),
                    p.get("$ref").cloned(),
                )
            };
            all.retain(|(_, earlier)| key(earlier) != key(parameter));
            all.push((at, parameter));
        }
        let mut parameters = Vec::new();
        let mut body: Option<(String, &Value)> = None;
        let mut form: Vec<(String, &Value)> = Vec::new();
        for (at, parameter) in all {
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => body = Some((at, parameter)),
                Some("formData") => form.push((at, parameter)),
                _ => {
                    let to = format!("{pointer}/parameters/{}", parameters.len());
                    self.origins.record(&to, &at);
                    parameters.push(self.parameter(&to, &at, parameter));
                }
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let body_pointer = push(pointer, "requestBody");
        if let Some((at, parameter)) = body {
            let consumes = self.media_types(Some(op), "consumes");
            self.origins.record(&body_pointer, &at);
            let schema = parameter.get("schema").map_or_else(|| json!({}), schema_of);
            let mut content = Map::new();
            for media_type in &consumes {
                let media_pointer = format!("{body_pointer}/content/{}", escape(media_type));
                self.origins.record(&media_pointer, &at);
                self.origins
                    .record(&push(&media_pointer, "schema"), &push(&at, "schema"));
                content.insert(media_type.clone(), json!({ "schema": schema }));
            }
            let mut request_body = Map::new();
            copy_keys(parameter, &mut request_body, &["description", "required"]);
            request_body.insert("content".into(), Value::Object(content));
            out.insert("requestBody".into(), Value::Object(request_body));
        } else if !form.is_empty() {
            let request_body = self.form_body(&body_pointer, op, &form);
            out.insert("requestBody".into(), Value::Object(request_body));
        }
        let produces = self.media_types(Some(op), "produces");
        if let Some(Value::Object(responses)) = op.get("responses") {
            let mut converted = Map::new();
            for (status, response) in responses {
                let at = push(&push(pointer, "responses"), status);
                let value = if status.starts_with("x-") {
                    response.clone()
                } else {
                    self.response(&at, response, &produces)
                };
                converted.insert(status.clone(), value);
            }
            out.insert("responses".into(), Value::Object(converted));
        }
        out
    }

    /// `in: formData` parameters as a multipart or urlencoded request body.
    fn form_body(
        &mut self,
        body_pointer: &str,
        op: &Map<String, Value>,
        form: &[(String, &Value)],
    ) -> Map<String, Value> {
        let has_file = form
            .iter()
            .any(|(_, p)| p.get("type").and_then(Value::as_str) == Some("file"));
        let declared: Vec<String> = self
            .media_types(Some(op), "consumes")
            .into_iter()
            .filter(|m| m == "multipart/form-data" || m == "application/x-www-form-urlencoded")
            .collect();
        // Files need multipart; otherwise the declared form types, or urlencoded.
        let media_types = if has_file {
            vec!["multipart/form-data".to_owned()]
        } else if declared.is_empty() {
            vec!["application/x-www-form-urlencoded".to_owned()]
        } else {
            declared
        };
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut any_required = false;
        for (at, parameter) in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                continue;
            };
            let mut schema = value_schema(parameter);
            if let (Some(description), Value::Object(map)) =
                (parameter.get("description"), &mut schema)
            {
                map.insert("description".into(), description.clone());
            }
            if parameter.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
                any_required = true;
            }
            for media_type in &media_types {
                let media_pointer = format!("{body_pointer}/content/{}", escape(media_type));
                if let Some((first, _)) = form.first() {
                    self.origins.record(&media_pointer, first);
                    self.origins.record(&push(&media_pointer, "schema"), first);
                }
                let property = format!(
                    "{body_pointer}/content/{}/schema/properties/{}",
                    escape(media_type),
                    escape(name)
                );
                self.origins.record(&property, at);
            }
            properties.insert(name.to_owned(), schema);
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
        let schema = Value::Object(schema);
        let content: Map<String, Value> = media_types
            .iter()
            .map(|m| (m.clone(), json!({ "schema": schema })))
            .collect();
        if let Some((first, _)) = form.first() {
            self.origins.record(body_pointer, first);
        }
        let mut body = Map::new();
        if any_required {
            body.insert("required".into(), json!(true));
        }
        body.insert("content".into(), Value::Object(content));
        body
    }

    /// A query, path, header or cookie parameter (or a reference to one).
    fn parameter(&mut self, to: &str, from: &str, parameter: &Value) -> Value {
        let Value::Object(source) = parameter else {
            return parameter.clone();
        };
        if let Some(reference) = source.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let mut out = Map::new();
        copy_keys(
            parameter,
            &mut out,
            &["name", "in", "description", "required", "allowEmptyValue"],
        );
        for (key, value) in source {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            }
        }
        let location = source.get("in").and_then(Value::as_str).unwrap_or("");
        if source.get("type").and_then(Value::as_str) == Some("array") {
            let format = source
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let query = location == "query";
            let (style, explode) = match format {
                "multi" => ("form", true),
                "ssv" if query => ("spaceDelimited", false),
                "pipes" if query => ("pipeDelimited", false),
                "csv" if query => ("form", false),
                "csv" => ("simple", false),
                other => {
                    self.note(
                        &push(to, "style"),
                        format!(
                            "`collectionFormat: {other}` has no 3.0 style for a {location} \
                             parameter; the values are read comma-separated"
                        ),
                    );
                    (if query { "form" } else { "simple" }, false)
                }
            };
            out.insert("style".into(), json!(style));
            out.insert("explode".into(), json!(explode));
        }
        self.origins.record(&push(to, "schema"), from);
        out.insert("schema".into(), value_schema(parameter));
        Value::Object(out)
    }

    /// A response: its schema under each media type it is produced as, its headers and
    /// examples.
    fn response(&mut self, to: &str, response: &Value, produces: &[String]) -> Value {
        let Value::Object(source) = response else {
            return response.clone();
        };
        if let Some(reference) = source.get("$ref").and_then(Value::as_str) {
            return json!({ "$ref": rewrite_ref(reference) });
        }
        let mut out = Map::new();
        out.insert(
            "description".into(),
            source.get("description").cloned().unwrap_or(json!("")),
        );
        if let Some(Value::Object(headers)) = source.get("headers") {
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_pointer = push(&push(to, "headers"), name);
                self.origins
                    .record(&push(&header_pointer, "schema"), &header_pointer);
                let mut h = Map::new();
                copy_keys(header, &mut h, &["description"]);
                h.insert("schema".into(), value_schema(header));
                converted.insert(name.clone(), Value::Object(h));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = source.get("schema") {
            let schema = schema_of(schema);
            let examples = source.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for media_type in produces {
                let media_pointer = format!("{to}/content/{}", escape(media_type));
                self.origins.record(&media_pointer, to);
                self.origins
                    .record(&push(&media_pointer, "schema"), &push(to, "schema"));
                self.origins.record(
                    &push(&media_pointer, "example"),
                    &push(&push(to, "examples"), media_type),
                );
                let mut media = Map::new();
                media.insert("schema".into(), schema.clone());
                if let Some(example) = examples.and_then(|e| e.get(media_type)) {
                    media.insert("example".into(), example.clone());
                }
                content.insert(media_type.clone(), Value::Object(media));
            }
            out.insert("content".into(), Value::Object(content));
        }
        for (key, value) in source {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, to: &str, scheme: &Value) -> Value {
        let kind = scheme.get("type").and_then(Value::as_str).unwrap_or("");
        let mut out = Map::new();
        copy_keys(scheme, &mut out, &["description"]);
        match kind {
            "basic" => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            "apiKey" => {
                out.insert("type".into(), json!("apiKey"));
                copy_keys(scheme, &mut out, &["name", "in"]);
            }
            "oauth2" => {
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("");
                let name = match flow {
                    "implicit" => "implicit",
                    "password" => "password",
                    "application" => "clientCredentials",
                    _ => "authorizationCode",
                };
                let mut converted = Map::new();
                copy_keys(scheme, &mut converted, &["authorizationUrl", "tokenUrl"]);
                converted.insert(
                    "scopes".into(),
                    scheme.get("scopes").cloned().unwrap_or(json!({})),
                );
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ name: converted }));
            }
            other => {
                self.note(
                    to,
                    format!("security scheme type {other:?} is not a Swagger 2.0 type"),
                );
                return scheme.clone();
            }
        }
        Value::Object(out)
    }
}

/// Copies the listed keys that `from` has into `to`.
fn copy_keys(from: &Value, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert((*key).to_owned(), value.clone());
        }
    }
}

/// A 2.0 reference rewritten to where 3.0 keeps the same thing.
fn rewrite_ref(reference: &str) -> String {
    for (from, to) in [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ] {
        if let Some(rest) = reference.strip_prefix(from) {
            return format!("{to}{rest}");
        }
    }
    reference.to_owned()
}

/// The schema of a 2.0 parameter, header or items object: its value keys, with `items`
/// converted the same way.
fn value_schema(source: &Value) -> Value {
    let mut schema = Map::new();
    copy_keys(source, &mut schema, VALUE_KEYS);
    if let Some(items) = source.get("items") {
        schema.insert("items".into(), value_schema(items));
    }
    schema_of(&Value::Object(schema))
}

/// A 2.0 schema in 3.0's words: references rewritten, `x-nullable` as `nullable`, `type:
/// file` as a binary string, a discriminator's property name as a discriminator object.
fn schema_of(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                match key.as_str() {
                    "$ref" => {
                        let reference = value.as_str().map(rewrite_ref);
                        out.insert(key.clone(), reference.map_or(value.clone(), Value::String));
                    }
                    "x-nullable" => {
                        out.insert("nullable".into(), value.clone());
                    }
                    "type" if value == "file" => {
                        out.insert("type".into(), json!("string"));
                        out.insert("format".into(), json!("binary"));
                    }
                    "discriminator" if value.is_string() => {
                        out.insert(key.clone(), json!({ "propertyName": value }));
                    }
                    "properties" | "definitions" => {
                        let converted = value
                            .as_object()
                            .map(|props| {
                                props
                                    .iter()
                                    .map(|(name, s)| (name.clone(), schema_of(s)))
                                    .collect::<Map<_, _>>()
                            })
                            .map_or_else(|| value.clone(), Value::Object);
                        out.insert(key.clone(), converted);
                    }
                    "items" | "additionalProperties" | "not" => {
                        out.insert(key.clone(), schema_of(value));
                    }
                    "allOf" | "anyOf" | "oneOf" => {
                        let converted = value
                            .as_array()
                            .map(|parts| parts.iter().map(schema_of).collect())
                            .map_or_else(|| value.clone(), Value::Array);
                        out.insert(key.clone(), converted);
                    }
                    _ => {
                        out.insert(key.clone(), value.clone());
                    }
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}
