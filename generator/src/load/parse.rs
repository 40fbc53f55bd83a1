//! Step 1 of loading: JSON or YAML text into a `serde_json::Value`, by the fastest path
//! that reads it faithfully.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::error::Error;

/// Parses JSON or YAML text into a JSON value.
pub(super) fn parse_value(file: &Path, text: &str) -> Result<Value, Error> {
    let syntax = |line: Option<usize>, column: Option<usize>, message: String| Error::Syntax {
        file: file.to_path_buf(),
        line,
        column,
        message,
    };
    // JSON is parsed strictly when it looks like JSON (a `.json` file, or text that starts
    // with `{"`); other text that starts with a bracket may be YAML flow style.
    let trimmed = text.trim_start();
    let is_json_file = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let strict_json = is_json_file
        || trimmed
            .strip_prefix('{')
            .is_some_and(|rest| rest.trim_start().starts_with('"'));
    if strict_json || trimmed.starts_with(['{', '[']) {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => return Ok(value),
            Err(error) if strict_json => {
                return Err(syntax(
                    Some(error.line()),
                    Some(error.column()),
                    format!("invalid JSON: {}", strip_position(&error.to_string())),
                ));
            }
            Err(_) => {}
        }
    }
    if let Some(value) = direct_json_in_halves(text) {
        return Ok(value);
    }
    if let Ok(DirectJson(value)) = serde_yaml::from_str::<DirectJson>(text) {
        return Ok(value);
    }
    parse_yaml(text).map_err(|(line, column, message)| syntax(line, column, message))
}

/// Documents smaller than this are read on one thread.
const HALVES_FROM_BYTES: usize = 64 * 1024;

/// Reads a large block-style YAML document in two halves on two threads, as
/// [`DirectJson`]: the text is cut before the top-level key nearest its middle, each half
/// is a document of its own, and the two mappings are joined. `None` (and the document is
/// read whole) when anything is unusual: document markers or directives, a half that does
/// not read (an alias to an anchor in the other half, a cut inside a multi-line value), a
/// half that is not a mapping, or a key in both halves.
fn direct_json_in_halves(text: &str) -> Option<Value> {
    if text.len() < HALVES_FROM_BYTES {
        return None;
    }
    let (first, second) = text.split_at(top_level_cut(text)?);
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| serde_yaml::from_str::<DirectJson>(second).ok());
        let first = serde_yaml::from_str::<DirectJson>(first).ok();
        (first, second.join().ok().flatten())
    });
    let (Value::Object(mut joined), Value::Object(rest)) = (first?.0, second?.0) else {
        return None;
    };
    for (key, value) in rest {
        if joined.insert(key, value).is_some() {
            return None;
        }
    }
    Some(Value::Object(joined))
}

/// The byte offset of the line, nearest the middle of `text`, that starts a top-level
/// mapping key (a line that begins with a letter, digit, `_` or quote); `None` when there
/// is none or the text has document markers or directives.
fn top_level_cut(text: &str) -> Option<usize> {
    let middle = text.len() / 2;
    let mut best: Option<usize> = None;
    let mut offset: usize = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let starts_key =
            line.starts_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '"' | '\''));
        if starts_key
            && offset > 0
            && best.is_none_or(|cut| offset.abs_diff(middle) < cut.abs_diff(middle))
        {
            best = Some(offset);
        }
        offset += line.len();
    }
    best
}

/// Parses YAML through `serde_yaml::Value`, which applies merge keys and keeps tags and
/// keys of any kind, then converts it to JSON. Errors carry the parser's line and column.
fn parse_yaml(text: &str) -> Result<Value, (Option<usize>, Option<usize>, String)> {
    let mut yaml = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|error| {
        let location = error.location();
        (
            location.as_ref().map(|l| l.line()),
            location.as_ref().map(|l| l.column()),
            format!("invalid YAML: {}", strip_position(&error.to_string())),
        )
    })?;
    yaml.apply_merge()
        .map_err(|error| (None, None, format!("invalid YAML merge key: {error}")))?;
    Ok(yaml_to_json(yaml, 0))
}

/// JSON read straight from YAML, without the `serde_yaml::Value` in between: about twice
/// as fast. It refuses what only [`parse_yaml`] converts faithfully (merge keys, tags,
/// non-finite floats, keys other than strings, integers, booleans and null) and duplicate
/// keys; the loader then takes that general path, which also words the errors.
struct DirectJson(Value);

impl<'de> Deserialize<'de> for DirectJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DirectValue).map(DirectJson)
    }
}

/// Builds one JSON value of [`DirectJson`].
struct DirectValue;

impl<'de> serde::de::Visitor<'de> for DirectValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML value that is also JSON")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(value)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a non-finite number"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<Value, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(DirectJson(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error as _;
        let mut object = serde_json::Map::new();
        while let Some(DirectKey(key)) = map.next_key()? {
            if key == "<<" {
                return Err(A::Error::custom("a merge key"));
            }
            let DirectJson(value) = map.next_value()?;
            if object.insert(key, value).is_some() {
                return Err(A::Error::custom("a duplicate key"));
            }
        }
        Ok(Value::Object(object))
    }
}

/// A mapping key of [`DirectJson`], spelled as [`yaml_to_json`] spells it.
struct DirectKey(String);

impl<'de> Deserialize<'de> for DirectKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(DirectKeyVisitor)
            .map(DirectKey)
    }
}

/// Reads one [`DirectKey`].
struct DirectKeyVisitor;

impl serde::de::Visitor<'_> for DirectKeyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, integer, boolean or null key")
    }

    fn visit_bool<E>(self, value: bool) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_i64<E>(self, value: i64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_u64<E>(self, value: u64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_string<E>(self, value: String) -> Result<String, E> {
        Ok(value)
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
}

/// Turns unquoted YAML numbers in `openapi` and `info.version` (`version: 1.0`) into the
/// strings their authors meant.
pub(super) fn stringify_versions(raw: &mut Value) {
    for pointer in ["/openapi", "/info/version"] {
        if let Some(slot) = raw.pointer_mut(pointer)
            && let Value::Number(number) = slot
        {
            *slot = Value::String(number.to_string());
        }
    }
}

/// Drops the " at line X column Y" that parsers append, since the error carries both.
fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message.get(..index).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// Converts YAML into JSON: keys become strings, tags are dropped, non-finite floats become
/// strings.
fn yaml_to_json(value: serde_yaml::Value, depth: usize) -> Value {
    use serde_yaml::Value as Y;
    if depth > 512 {
        return Value::Null;
    }
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|item| yaml_to_json(item, depth + 1))
                .collect(),
        ),
        Y::Mapping(mapping) => {
            let mut map = serde_json::Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    Y::Null => "null".to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    other => yaml_to_json(other, depth + 1).to_string(),
                };
                map.insert(key, yaml_to_json(value, depth + 1));
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(text: &str) -> Option<Value> {
        serde_yaml::from_str::<DirectJson>(text).ok().map(|d| d.0)
    }

    fn general(text: &str) -> Value {
        parse_yaml(text).unwrap_or_else(|(_, _, message)| panic!("{message}"))
    }

    #[test]
    fn direct_yaml_matches_the_general_path_on_every_yaml_spec() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("../spec/pro.yaml")];
        for dir in ["tests/fixtures", "tests/corpus"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 10, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read spec");
            let fast =
                direct(&text).unwrap_or_else(|| panic!("{}: direct path refused", file.display()));
            assert!(
                fast == general(&text),
                "{}: the two paths differ",
                file.display()
            );
        }
    }

    #[test]
    fn halves_read_as_the_whole_document_or_not_at_all() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut halved = 0;
        for file in [
            root.join("../spec/pro.yaml"),
            root.join("tests/corpus/xero_accounting.yaml"),
            root.join("tests/corpus/spotify.yml"),
            root.join("tests/corpus/blockfrost.yaml"),
        ] {
            let text = std::fs::read_to_string(&file).expect("read spec");
            if let Some(value) = direct_json_in_halves(&text) {
                assert!(
                    value == general(&text),
                    "{}: the halves differ",
                    file.display()
                );
                halved += 1;
            }
        }
        assert!(halved >= 3, "{halved}");
        let padding = format!("pad: '{}'\n", "x".repeat(HALVES_FROM_BYTES));
        let long = |text: &str| format!("{padding}{text}");
        // An alias to an anchor in the other half, a key in both halves, a document
        // marker and a mapping split inside a flow collection are all read whole.
        for text in [
            format!("base: &b {{x: 1}}\n{padding}copy: *b\n"),
            format!("a: 1\n{padding}a: 2\n"),
            long("---\nb: 2\n"),
            format!("list: [1,\n{padding}2]\n"),
        ] {
            assert_eq!(direct_json_in_halves(&text), None, "{}", &text[..20]);
        }
        let text = format!("first: 1\n{padding}last: 2\n");
        assert_eq!(direct_json_in_halves(&text), Some(general(&text)));
    }

    #[test]
    fn direct_yaml_spells_keys_as_the_general_path_does() {
        let text = "200: a\n-1: b\ntrue: c\n~: d\n'007': e\n0x1F: f\nnested: {404: [1, -2, 2.5, null, yes]}\n";
        let fast = direct(text).expect("accepted");
        assert_eq!(fast, general(text));
        assert_eq!(
            fast.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>()),
            Some(
                ["200", "-1", "true", "null", "007", "31", "nested"]
                    .map(String::from)
                    .to_vec()
            )
        );
    }

    #[test]
    fn direct_yaml_leaves_yaml_only_features_to_the_general_path() {
        for text in [
            "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
            "a: 1\na: 2\n",
            "a: !custom 1\n",
            "a: .inf\n",
            "1.5: a\n",
            "[1, 2]: a\n",
        ] {
            assert_eq!(direct(text), None, "{text}");
        }
        let merged = general("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n");
        assert_eq!(merged.pointer("/derived/x"), Some(&Value::from(1)));
        assert_eq!(
            general("a: .inf\n").pointer("/a"),
            Some(&Value::from(".inf"))
        );
    }
}
