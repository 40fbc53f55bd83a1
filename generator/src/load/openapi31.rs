//! OpenAPI 3.1 normalised into 3.0's shape on the raw value: JSON Schema 2020-12 keywords
//! said in 3.0's words where 3.0 has them, and a note with its pointer for each that it
//! has none for.

use serde_json::{Map, Value, json};

use super::{Note, Origins};
use crate::pointer::push;

/// Keywords whose value is one subschema.
const ONE_SUBSCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
];

/// Keywords whose value is a list of subschemas.
const SUBSCHEMA_LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];

/// Keywords whose value maps names to subschemas.
const SUBSCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "dependentSchemas"];

/// Keywords of JSON Schema that only identify or annotate, dropped without a word.
const IDENTIFIERS: &[&str] = &["$schema", "$id", "$anchor", "$comment", "$dynamicAnchor"];

/// The keywords each type of a `type` list keeps when the list becomes a `oneOf`.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "string",
        &["format", "maxLength", "minLength", "pattern", "enum"],
    ),
    (
        "number",
        &[
            "format",
            "maximum",
            "minimum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "multipleOf",
        ],
    ),
    (
        "integer",
        &[
            "format",
            "maximum",
            "minimum",
            "exclusiveMaximum",
            "exclusiveMinimum",
            "multipleOf",
        ],
    ),
    ("array", &["items", "maxItems", "minItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "maxProperties",
            "minProperties",
        ],
    ),
];

/// Normalises an OpenAPI 3.1 document into the shape of a 3.0 one.
pub(super) fn normalise(raw: Value) -> (Value, Origins, Vec<Note>) {
    let Value::Object(mut root) = raw else {
        return (raw, Origins::default(), Vec::new());
    };
    let mut cx = Normalise {
        origins: Origins::default(),
        notes: Vec::new(),
    };
    root.insert("openapi".into(), json!("3.0.3"));
    root.entry("paths").or_insert_with(|| json!({}));
    // 3.1's `info.summary` stands for the description when the document has none.
    if let Some(Value::Object(info)) = root.get_mut("info")
        && !info.contains_key("description")
        && let Some(summary) = info.get("summary").cloned()
    {
        info.insert("description".into(), summary);
    }
    let moves = cx.hoist_defs(&mut root);
    let mut value = Value::Object(root);
    rewrite_refs(&mut value, &moves);
    if let Value::Object(root) = &mut value {
        cx.inline_path_items(root);
        cx.webhooks(root);
        add_missing_responses(root);
    }
    cx.document(&mut value, "#");
    (value, cx.origins, cx.notes)
}

/// The normalisation's moves and notes.
struct Normalise {
    origins: Origins,
    notes: Vec<Note>,
}

impl Normalise {
    fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(Note {
            pointer: pointer.to_owned(),
            message: message.into(),
        });
    }

    /// Moves the `$defs` of each component schema (and of the schemas moved) to
    /// `components/schemas`, named by their key or, when that is taken, prefixed with
    /// their parent's name. Returns each old pointer with its new one.
    fn hoist_defs(&mut self, root: &mut Map<String, Value>) -> Vec<(String, String)> {
        let mut moves = Vec::new();
        let Some(Value::Object(schemas)) = root
            .get_mut("components")
            .and_then(|c| c.get_mut("schemas"))
        else {
            return moves;
        };
        let mut queue: Vec<(String, String)> = schemas
            .keys()
            .map(|name| (name.clone(), push("#/components/schemas", name)))
            .collect();
        while let Some((name, source)) = queue.pop() {
            let Some(Value::Object(defs)) = schemas
                .get_mut(&name)
                .and_then(Value::as_object_mut)
                .and_then(|schema| schema.remove("$defs"))
            else {
                continue;
            };
            for (def_name, def) in defs {
                let mut new_name = def_name.clone();
                if schemas.contains_key(&new_name) {
                    new_name = format!("{name}{def_name}");
                }
                let mut suffix = 2;
                while schemas.contains_key(&new_name) {
                    new_name = format!("{name}{def_name}{suffix}");
                    suffix += 1;
                }
                let old = push(&push(&source, "$defs"), &def_name);
                let new = push("#/components/schemas", &new_name);
                self.origins.record(&new, &old);
                moves.push((old.clone(), new));
                schemas.insert(new_name.clone(), def);
                queue.push((new_name, old));
            }
        }
        // The longest old pointer first, so that a nested definition finds its own move.
        moves.sort_by_key(|(old, _)| std::cmp::Reverse(old.len()));
        moves
    }

    /// Path items given as references to `components/pathItems`, inlined where they are
    /// used, since 3.0 has no such component.
    fn inline_path_items(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(items)) = root
            .get("components")
            .and_then(|c| c.get("pathItems"))
            .cloned()
        else {
            return;
        };
        for section in ["paths", "webhooks"] {
            let Some(Value::Object(paths)) = root.get_mut(section) else {
                continue;
            };
            for (path, item) in paths.iter_mut() {
                let Some(name) = item
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(crate::pointer::unescape)
                    .map(|name| name.into_owned())
                else {
                    continue;
                };
                if let Some(target) = items.get(&name) {
                    self.origins.record(
                        &push(&push("#", section), path),
                        &push("#/components/pathItems", &name),
                    );
                    *item = target.clone();
                }
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            components.remove("pathItems");
        }
    }

    /// Webhooks have no place in the 3.0 model: each is noted with its pointer, and the
    /// inline schemas of their request bodies become component schemas
    /// (`{webhook}{Method}Payload`), so that the crate has a type for each payload (a
    /// payload given by `$ref` has its component's type already).
    fn webhooks(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(webhooks)) = root.remove("webhooks") else {
            return;
        };
        let mut payloads = Vec::new();
        for (name, item) in &webhooks {
            let webhook_pointer = push("#/webhooks", name);
            self.note(
                &webhook_pointer,
                "webhooks are not generated as operations: the client and server cover \
                 `paths` only; inline payload schemas become types",
            );
            let Value::Object(item) = item else {
                continue;
            };
            for (method, operation) in item {
                let Some(Value::Object(content)) = operation
                    .get("requestBody")
                    .and_then(|body| body.get("content"))
                else {
                    continue;
                };
                let Some((media_type, schema)) = content
                    .iter()
                    .find_map(|(media_type, media)| Some((media_type, media.get("schema")?)))
                else {
                    continue;
                };
                if schema.get("$ref").is_none() {
                    let mut method_name = method.clone();
                    if let Some(first) = method_name.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    let source = push(
                        &push(
                            &push(&push(&webhook_pointer, method), "requestBody"),
                            "content",
                        ),
                        media_type,
                    );
                    payloads.push((
                        format!("{name}{method_name}Payload"),
                        push(&source, "schema"),
                        schema.clone(),
                    ));
                }
            }
        }
        if payloads.is_empty() {
            return;
        }
        let components = root.entry("components").or_insert_with(|| json!({}));
        let Value::Object(components) = components else {
            return;
        };
        let schemas = components.entry("schemas").or_insert_with(|| json!({}));
        let Value::Object(schemas) = schemas else {
            return;
        };
        for (mut name, source, schema) in payloads {
            while schemas.contains_key(&name) {
                name.push('_');
            }
            self.origins
                .record(&push("#/components/schemas", &name), &source);
            schemas.insert(name, schema);
        }
    }

    /// Walks the document outside schemas and normalises every schema it finds.
    fn document(&mut self, value: &mut Value, pointer: &str) {
        match value {
            Value::Object(map) => {
                let is_components = pointer == "#/components";
                for (key, child) in map.iter_mut() {
                    let at = push(pointer, key);
                    if key.starts_with("x-")
                        || matches!(key.as_str(), "example" | "examples" | "default")
                    {
                        continue;
                    }
                    if key == "schema" && child.is_object() {
                        self.schema(child, &at);
                    } else if is_components && key == "schemas" {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                self.schema(schema, &push(&at, name));
                            }
                        }
                    } else {
                        self.document(child, &at);
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.document(child, &push(pointer, &index.to_string()));
                }
            }
            _ => {}
        }
    }

    /// Normalises a schema, its subschemas first.
    fn schema(&mut self, value: &mut Value, pointer: &str) {
        let Value::Object(map) = value else {
            return;
        };
        for key in ONE_SUBSCHEMA {
            if let Some(child) = map.get_mut(*key) {
                self.schema(child, &push(pointer, key));
            }
        }
        for key in SUBSCHEMA_LISTS {
            if let Some(Value::Array(items)) = map.get_mut(*key) {
                for (index, child) in items.iter_mut().enumerate() {
                    self.schema(child, &push(&push(pointer, key), &index.to_string()));
                }
            }
        }
        for key in SUBSCHEMA_MAPS {
            if let Some(Value::Object(entries)) = map.get_mut(*key) {
                for (name, child) in entries.iter_mut() {
                    self.schema(child, &push(&push(pointer, key), name));
                }
            }
        }
        self.keywords(map, pointer);
    }

    /// Says one schema's 3.1 keywords in 3.0's words.
    fn keywords(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        for key in IDENTIFIERS {
            map.remove(*key);
        }
        if map.contains_key("$ref") && map.len() > 1 {
            let reference = map.remove("$ref").unwrap_or(Value::Null);
            map.insert("allOf".into(), json!([{ "$ref": reference }]));
        }
        if let Some(value) = map.remove("const") {
            map.entry("enum").or_insert_with(|| json!([value]));
        }
        if let Some(Value::Array(examples)) = map.get("examples") {
            let first = examples.first().cloned();
            map.remove("examples");
            if let Some(first) = first {
                map.entry("example").or_insert(first);
            }
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(limit)) = map.get(exclusive).cloned() {
                map.insert(bound.into(), Value::Number(limit));
                map.insert(exclusive.into(), json!(true));
            }
        }
        let encoding = map.remove("contentEncoding");
        let media_type = map.remove("contentMediaType");
        if !map.contains_key("format") {
            let format = match (&encoding, &media_type) {
                (Some(Value::String(e)), _) if e.starts_with("base64") => Some("byte"),
                (None, Some(Value::String(m))) if !m.starts_with("text/") => Some("binary"),
                _ => None,
            };
            if let Some(format) = format {
                map.insert("format".into(), json!(format));
            }
        }
        if map.remove("$defs").is_some() {
            self.note(
                &push(pointer, "$defs"),
                "`$defs` are read only at the top of a component schema; these are ignored",
            );
        }
        self.unmatched_keywords(map, pointer);
        self.type_list(map);
    }

    /// Keywords 3.0 has no word for: carried over where a 3.0 keyword says nearly the same,
    /// else dropped with a note, since the generated code does not check them.
    fn unmatched_keywords(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        // `then` and `else` mean nothing without `if`, and are noted with it.
        let has_if = map.contains_key("if");
        for branch in ["then", "else"] {
            if map.remove(branch).is_some() && !has_if {
                self.note(
                    &push(pointer, branch),
                    format!("`{branch}` without `if` means nothing and is ignored"),
                );
            }
        }
        if let Some(Value::Object(patterns)) = map.remove("patternProperties") {
            let at = push(pointer, "patternProperties");
            if patterns.len() == 1 && !map.contains_key("additionalProperties") {
                let (pattern, schema) = patterns.into_iter().next().unwrap_or_default();
                map.insert("additionalProperties".into(), schema);
                self.note(
                    &at,
                    format!("`patternProperties` read as a map; keys are not checked against {pattern:?}"),
                );
            } else {
                self.note(&at, "`patternProperties` is not enforced; these properties are accepted as any value");
            }
        }
        if let Some(value) = map.remove("unevaluatedProperties") {
            if !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), value);
            }
            if ["allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| map.contains_key(*k))
            {
                self.note(
                    &push(pointer, "unevaluatedProperties"),
                    "`unevaluatedProperties` is read as `additionalProperties`, which does not see the properties of `allOf`, `oneOf` or `anyOf` parts",
                );
            }
        }
        for (keyword, what) in [
            (
                "prefixItems",
                "the items are typed by `items` alone (any value where it is absent)",
            ),
            (
                "dependentRequired",
                "the properties it requires are not checked",
            ),
            ("dependentSchemas", "the schemas it applies are not checked"),
            ("if", "`if`/`then`/`else` are not checked"),
            ("unevaluatedItems", "extra items are accepted"),
            ("contains", "the items it asks for are not checked"),
            ("propertyNames", "property names are not checked"),
        ] {
            if map.remove(keyword).is_some() {
                self.note(
                    &push(pointer, keyword),
                    format!("`{keyword}` has no Rust type and is not enforced: {what}"),
                );
            }
        }
    }

    /// A `type` list: `null` in it is `nullable`; one other type is that type; several
    /// are a `oneOf` of one branch per type, each with the keywords of its type.
    fn type_list(&mut self, map: &mut Map<String, Value>) {
        let Some(Value::Array(types)) = map.get("type").cloned() else {
            return;
        };
        let mut names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let nullable = names.contains(&"null");
        names.retain(|name| *name != "null");
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        match names.as_slice() {
            [] => {
                map.insert("type".into(), json!("null"));
            }
            [one] => {
                map.insert("type".into(), json!(one));
            }
            several => {
                map.remove("type");
                let branches: Vec<Value> = several
                    .iter()
                    .map(|name| {
                        let mut branch = Map::new();
                        branch.insert("type".into(), json!(name));
                        let keywords = TYPE_KEYWORDS
                            .iter()
                            .find(|(t, _)| t == name)
                            .map_or(&[][..], |(_, k)| k);
                        for keyword in keywords {
                            if let Some(value) = map.get(*keyword) {
                                branch.insert((*keyword).to_owned(), value.clone());
                            }
                        }
                        Value::Object(branch)
                    })
                    .collect();
                for (_, keywords) in TYPE_KEYWORDS {
                    for keyword in *keywords {
                        map.remove(*keyword);
                    }
                }
                map.insert("oneOf".into(), Value::Array(branches));
            }
        }
    }
}

/// An empty `responses` for each operation without one: 3.1 lets an operation leave them
/// out, 3.0 does not (lowering warns of an operation that declares no response).
fn add_missing_responses(root: &mut Map<String, Value>) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else {
            continue;
        };
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation.entry("responses").or_insert_with(|| json!({}));
            }
        }
    }
}

/// Rewrites every `$ref` that points at or into a moved node.
fn rewrite_refs(value: &mut Value, moves: &[(String, String)]) {
    if moves.is_empty() {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (old, new) in moves {
                    if let Some(rest) = reference.strip_prefix(old.as_str())
                        && (rest.is_empty() || rest.starts_with('/'))
                    {
                        *reference = format!("{new}{rest}");
                        break;
                    }
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child, moves);
            }
        }
        Value::Array(items) => {
            for child in items {
                rewrite_refs(child, moves);
            }
        }
        _ => {}
    }
}
