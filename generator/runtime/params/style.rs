//! Parameter styles (`style` and `explode` in the API description): for each style, how
//! the client writes a value and, next to it, how the server reads it back.
//!
//! Writing takes a JSON value (a primitive, an array of primitives or an object) and gives
//! percent-encoded text. Reading takes the texts the server found for a parameter, already
//! percent-decoded, and gives the text of each item; turning an item's text into its type
//! is the caller's. An item's separator is percent-encoded on the wire but reads as a
//! separator once decoded, so a list item may not contain its style's separator; single
//! values and repeated (exploded) items may contain anything.

use serde_json::{Map, Value};

use super::encode_component;

/// How a parameter is written, as the `style` of the API description says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// Writes a path parameter: the text that stands for `{name}` in the path. `simple`,
    /// `label` and `matrix` are the path's styles; others are written as `simple`.
    pub fn encode_path(self, name: &str, explode: bool, value: &Value) -> String {
        match self {
            Self::Label => encode_label(value, explode),
            Self::Matrix => encode_matrix(name, value, explode),
            _ => encode_simple(value, explode, encode_component),
        }
    }

    /// Writes a query or cookie parameter (or a form body's field) as encoded
    /// `name=value` pairs; nothing when the value is `null`.
    pub fn encode_pairs(self, name: &str, explode: bool, value: &Value, out: &mut Vec<String>) {
        match self {
            Self::SpaceDelimited => encode_delimited(name, explode, value, "%20", out),
            Self::PipeDelimited => encode_delimited(name, explode, value, "|", out),
            Self::DeepObject => encode_deep_object(name, explode, value, out),
            _ => encode_form(name, explode, value, out),
        }
    }

    /// Reads the items of a list from the texts found for it (one per path segment,
    /// repeated query parameter, header line or cookie), each percent-decoded.
    pub fn decode_items<'t>(self, explode: bool, values: &[&'t str]) -> Vec<&'t str> {
        match self {
            Self::Simple => decode_simple(values),
            Self::Label => decode_label(explode, values),
            Self::Matrix => decode_matrix(explode, values),
            Self::SpaceDelimited => decode_delimited(explode, values, ' '),
            Self::PipeDelimited => decode_delimited(explode, values, '|'),
            Self::Form | Self::DeepObject => decode_form(explode, values),
        }
    }

    /// Reads a single value from the texts found for it: the first, without the prefix
    /// that `label` (`.`) and `matrix` (`;name=`) put before it.
    pub fn decode_value<'t>(self, values: &[&'t str]) -> &'t str {
        let text = values.first().copied().unwrap_or("");
        match self {
            Self::Label => text.strip_prefix('.').unwrap_or(text),
            Self::Matrix => matrix_value(text.strip_prefix(';').unwrap_or(text)),
            _ => text,
        }
    }
}

/// A primitive as parameter text: strings as they are, others as JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Splits every non-empty text at `separator`; an empty text is no items.
fn split_all<'t>(values: &[&'t str], separator: char) -> Vec<&'t str> {
    values
        .iter()
        .filter(|text| !text.is_empty())
        .flat_map(|text| text.split(separator))
        .collect()
}

/// The `simple` style: `a,b,c` for arrays; `k,v,k,v` or (exploded) `k=v,k=v` for objects.
fn encode_simple(value: &Value, explode: bool, encode: impl Fn(&str) -> String) -> String {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| encode(&scalar_text(item)))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(entries) => entries
            .iter()
            .map(|(key, value)| {
                let separator = if explode { "=" } else { "," };
                format!("{}{separator}{}", encode(key), encode(&scalar_text(value)))
            })
            .collect::<Vec<_>>()
            .join(","),
        other => encode(&scalar_text(other)),
    }
}

/// Reads the `simple` style: items separated by `,`, exploded or not.
fn decode_simple<'t>(values: &[&'t str]) -> Vec<&'t str> {
    split_all(values, ',')
}

/// Writes a header parameter, whose only style is `simple`, without percent-encoding.
pub fn encode_header(explode: bool, value: &Value) -> String {
    encode_simple(value, explode, str::to_owned)
}

/// The `label` style: `.a`, `.a,b` or (exploded) `.a.b`.
fn encode_label(value: &Value, explode: bool) -> String {
    let separator = if explode { "." } else { "," };
    let parts: Vec<String> = match value {
        Value::Array(items) => items
            .iter()
            .map(|item| encode_component(&scalar_text(item)))
            .collect(),
        Value::Object(entries) if explode => entries
            .iter()
            .map(|(key, value)| {
                format!(
                    "{}={}",
                    encode_component(key),
                    encode_component(&scalar_text(value))
                )
            })
            .collect(),
        Value::Object(entries) => entries
            .iter()
            .flat_map(|(key, value)| [encode_component(key), encode_component(&scalar_text(value))])
            .collect(),
        other => vec![encode_component(&scalar_text(other))],
    };
    format!(".{}", parts.join(separator))
}

/// Reads the `label` style: the leading `.` removed, items separated by `,` or (exploded)
/// `.`.
fn decode_label<'t>(explode: bool, values: &[&'t str]) -> Vec<&'t str> {
    let stripped: Vec<&str> = values
        .iter()
        .map(|text| text.strip_prefix('.').unwrap_or(text))
        .collect();
    split_all(&stripped, if explode { '.' } else { ',' })
}

/// The `matrix` style: `;name=a`, `;name=a,b` or (exploded) `;name=a;name=b`.
fn encode_matrix(name: &str, value: &Value, explode: bool) -> String {
    let name = encode_component(name);
    match value {
        Value::Null => format!(";{name}"),
        Value::Array(items) if explode => items
            .iter()
            .map(|item| format!(";{name}={}", encode_component(&scalar_text(item))))
            .collect(),
        Value::Object(entries) if explode => entries
            .iter()
            .map(|(key, value)| {
                format!(
                    ";{}={}",
                    encode_component(key),
                    encode_component(&scalar_text(value))
                )
            })
            .collect(),
        other => format!(";{name}={}", encode_simple(other, false, encode_component)),
    }
}

/// Reads the `matrix` style: the text after each `;name=`, items separated by `,` or
/// (exploded) one per `;name=`.
fn decode_matrix<'t>(explode: bool, values: &[&'t str]) -> Vec<&'t str> {
    let mut items = Vec::new();
    for text in values {
        let text = text.strip_prefix(';').unwrap_or(text);
        if explode {
            items.extend(text.split(';').filter(|part| !part.is_empty()).map(matrix_value));
        } else {
            items.extend(split_all(&[matrix_value(text)], ','));
        }
    }
    items
}

/// The value of one `name=value` part of a `matrix` text; the whole part without `=`.
fn matrix_value(part: &str) -> &str {
    part.split_once('=').map_or(part, |(_, value)| value)
}

/// The `form` style: `name=a,b` or (exploded) `name=a&name=b` for arrays; `name=k,v,k,v`
/// or (exploded) `k=v&k=v` for objects.
fn encode_form(name: &str, explode: bool, value: &Value, out: &mut Vec<String>) {
    let encoded_name = encode_component(name);
    match value {
        Value::Null => {}
        Value::Array(items) if explode => {
            for item in items {
                out.push(format!(
                    "{encoded_name}={}",
                    encode_component(&scalar_text(item))
                ));
            }
        }
        Value::Array(items) => out.push(joined_pair(&encoded_name, items, ",")),
        Value::Object(entries) if explode => {
            for (key, value) in entries {
                encode_form(key, true, value, out);
            }
        }
        Value::Object(entries) => {
            let flat: Vec<String> = entries
                .iter()
                .flat_map(|(key, value)| {
                    [encode_component(key), encode_component(&scalar_text(value))]
                })
                .collect();
            out.push(format!("{encoded_name}={}", flat.join(",")));
        }
        other => out.push(format!(
            "{encoded_name}={}",
            encode_component(&scalar_text(other))
        )),
    }
}

/// Reads the `form` style: one item per repeated value when exploded, else items
/// separated by `,`.
fn decode_form<'t>(explode: bool, values: &[&'t str]) -> Vec<&'t str> {
    if explode {
        values.to_vec()
    } else {
        split_all(values, ',')
    }
}

/// `name=a<separator>b`, the items percent-encoded.
fn joined_pair(encoded_name: &str, items: &[Value], separator: &str) -> String {
    let joined: Vec<String> = items
        .iter()
        .map(|item| encode_component(&scalar_text(item)))
        .collect();
    format!("{encoded_name}={}", joined.join(separator))
}

/// The `spaceDelimited` and `pipeDelimited` styles: arrays joined by `separator` (`%20` or
/// `|`) unless exploded; anything else as `form`.
fn encode_delimited(
    name: &str,
    explode: bool,
    value: &Value,
    separator: &str,
    out: &mut Vec<String>,
) {
    match value {
        Value::Array(items) if !explode => {
            out.push(joined_pair(&encode_component(name), items, separator));
        }
        other => encode_form(name, explode, other, out),
    }
}

/// Reads the `spaceDelimited` and `pipeDelimited` styles: items separated by `separator`,
/// or one per repeated value when exploded.
fn decode_delimited<'t>(explode: bool, values: &[&'t str], separator: char) -> Vec<&'t str> {
    if explode {
        values.to_vec()
    } else {
        split_all(values, separator)
    }
}

/// The `deepObject` style: `name[key]=value`, nested objects as `name[a][b]=value` and
/// arrays as repeated pairs; anything but an object as `form`.
fn encode_deep_object(name: &str, explode: bool, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(entries) => deep_object_pairs(&encode_component(name), entries, out),
        other => encode_form(name, explode, other, out),
    }
}

fn deep_object_pairs(prefix: &str, entries: &Map<String, Value>, out: &mut Vec<String>) {
    for (key, value) in entries {
        let name = format!("{prefix}[{}]", encode_component(key));
        match value {
            Value::Null => {}
            Value::Object(inner) => deep_object_pairs(&name, inner, out),
            Value::Array(items) => {
                for item in items {
                    out.push(format!("{name}={}", encode_component(&scalar_text(item))));
                }
            }
            other => out.push(format!("{name}={}", encode_component(&scalar_text(other)))),
        }
    }
}

/// Reads the `deepObject` style from a query's decoded pairs: every `name[a][b]=value`
/// becomes `value` at `a.b` of an object of strings, a repeated key an array. `None` when
/// no pair belongs to `name`.
pub fn decode_deep_object(name: &str, pairs: &[(String, String)]) -> Option<Value> {
    let mut object = Map::new();
    let mut found = false;
    for (key, value) in pairs {
        let Some(keys) = key.strip_prefix(name).and_then(bracketed_keys) else {
            continue;
        };
        found = true;
        insert_deep(&mut object, &keys, value);
    }
    found.then_some(Value::Object(object))
}

/// The keys of `[a][b]`; `None` for text of another form.
fn bracketed_keys(text: &str) -> Option<Vec<&str>> {
    let mut keys = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (key, after) = rest.strip_prefix('[')?.split_once(']')?;
        keys.push(key);
        rest = after;
    }
    (!keys.is_empty()).then_some(keys)
}

/// Puts `value` at the path `keys` of `object`; a key met twice makes an array, and a
/// path through a value that is not an object keeps the value first met.
fn insert_deep(object: &mut Map<String, Value>, keys: &[&str], value: &str) {
    let Some((last, parents)) = keys.split_last() else {
        return;
    };
    let mut target = object;
    for key in parents {
        let entry = target
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(inner) = entry else {
            return;
        };
        target = inner;
    }
    let value = Value::String(value.to_owned());
    match target.get_mut(*last) {
        None => {
            target.insert((*last).to_owned(), value);
        }
        Some(Value::Array(items)) => items.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
    }
}
