//! Step 1 of loading: JSON or YAML text into a `serde_json::Value`, by the fastest path
//! that reads it faithfully.

use std::path::Path;

use serde_json::Value;

use super::MAX_DEPTH;
use super::direct::{DirectJson, EXPANSION, count_values, read_direct, value_budget};
use super::locate::Locator;
use super::nesting::deep_flow;
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
    // libyaml's scanner spends time in proportion to the depth of flow nesting for each
    // token, so a deeply nested flow collection is refused before it is parsed.
    if let Some(offset) = deep_flow(text, MAX_DEPTH) {
        let (line, column) = line_and_column(text, offset);
        return Err(syntax(
            Some(line),
            Some(column),
            format!(
                "invalid YAML: flow collections (`[...]`, `{{...}}`) nest deeper than \
                 {MAX_DEPTH} levels here, the most the loader reads"
            ),
        ));
    }
    if let Some(value) = direct_json_in_halves(text) {
        return Ok(value);
    }
    let alias_error = |(error, pointer): (serde_yaml::Error, String)| {
        let message = error.to_string();
        let limit = if message.contains(EXPANSION) {
            format!(
                "more than {} values, the most the loader reads from a file of this size \
                 (a million and two per byte)",
                value_budget(text.len())
            )
        } else if message.contains("repetition limit exceeded") {
            "more than the parser's limit (100 alias expansions per event of the document)"
                .to_owned()
        } else {
            return None;
        };
        let (line, column) = locate_trail(text, &pointer);
        Some(syntax(
            line,
            column,
            format!("invalid YAML: aliases (`*name`) expand the document to {limit}, at {pointer}"),
        ))
    };
    match read_direct(text, text.len()) {
        Ok(DirectJson(value)) => return Ok(value),
        Err(failure) => {
            if let Some(error) = alias_error(failure) {
                return Err(error);
            }
        }
    }
    // The general path expands aliases too, so their expansion is counted first.
    if let Err(failure) = count_values(text)
        && let Some(error) = alias_error(failure)
    {
        return Err(error);
    }
    parse_yaml(text).map_err(|(line, column, message)| syntax(line, column, message))
}

/// The line and column of the node at `pointer` of the YAML `text`, or of its nearest
/// ancestor that the locator finds (an alias stands for the nodes it expands to), or,
/// when it finds none, the first alias of the text.
fn locate_trail(text: &str, pointer: &str) -> (Option<usize>, Option<usize>) {
    let position = Locator::default()
        .locate_nearest(text, pointer)
        .or_else(|| first_alias(text).map(|offset| line_and_column(text, offset)));
    (
        position.map(|(line, _)| line),
        position.map(|(_, column)| column),
    )
}

/// The byte offset of the first alias (`*name` after a space, a line start or a flow
/// indicator) of `text`.
fn first_alias(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&index| {
        let before = index.checked_sub(1).and_then(|i| bytes.get(i).copied());
        bytes.get(index) == Some(&b'*')
            && matches!(
                before,
                None | Some(b' ' | b'\t' | b'\n' | b'[' | b'{' | b',')
            )
            && bytes
                .get(index + 1)
                .is_some_and(|b| !b.is_ascii_whitespace())
    })
}

/// The 1-based line and column (in characters) of a byte offset of `text`.
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let line = before.matches('\n').count() + 1;
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
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
        let second = scope.spawn(|| read_direct(second, text.len()).ok());
        let first = read_direct(first, text.len()).ok();
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

/// Drops the " at line X column Y" that parsers append, since the error carries both, and
/// states the limit behind a "recursion limit exceeded" (128 levels in both parsers).
fn strip_position(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(index) => message.get(..index).unwrap_or(message),
        None => message,
    };
    if message == "recursion limit exceeded" {
        return "the document nests deeper than 128 levels here, the most the parser reads"
            .to_owned();
    }
    message.to_string()
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
    use crate::load::direct::read_direct;

    fn direct(text: &str) -> Option<Value> {
        read_direct(text, text.len()).ok().map(|d| d.0)
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

    #[test]
    fn flow_nesting_is_measured_without_parsing() {
        let nested =
            |depth: usize| format!("a: {}1{}\n", "{k: [".repeat(depth), "]}".repeat(depth));
        // 2 × 48 = 96 levels are read; one more is refused at its bracket.
        assert_eq!(deep_flow(&nested(48), 96), None);
        let text = format!("{}x: [[1]]", nested(48));
        assert_eq!(deep_flow(&text, 96), None);
        let deeper = format!("b: [{}]\n", nested(48).trim_start_matches("a: ").trim_end());
        let offset = deep_flow(&deeper, 96).expect("too deep");
        // `b: [` is level 1 at column 4; level 97 is the `[` of the 48th `{k: [`, which
        // starts at column 5 + 47 × 5.
        assert_eq!(line_and_column(&deeper, offset), (1, 5 + 47 * 5 + 4));
        // Brackets in comments, quoted scalars, block scalars and plain scalars do not
        // count; those in flow collections inside block collections do.
        let open = "[".repeat(200);
        for text in [
            format!("a: 1 # {open}\n"),
            format!("a: '{open}'\nb: \"{open}\\\"\"\n"),
            format!("a: |\n  {open}\n\n  {open}\nb: 1\n"),
            format!("- key: >-\n    {open}\n  other: x\n"),
            format!("pattern: ^{open}a-z]$\n"),
            format!("a: [x, 'it''s {open}', \"{open}\"]\n"),
            format!("a: [plain text # {open}\n  ]\n"),
        ] {
            assert_eq!(deep_flow(&text, 96), None, "{text}");
        }
        let block_then_flow = format!("a: |\n  text\nb: {open}\n");
        assert_eq!(deep_flow(&block_then_flow, 96), Some(15 + 96));
        let in_sequence = format!("- - {open}\n");
        assert_eq!(deep_flow(&in_sequence, 96), Some(4 + 96));
    }

    #[test]
    fn no_spec_of_the_repository_nests_too_deep() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("../spec/pro.yaml")];
        for dir in ["tests/fixtures", "tests/fixtures/bad", "tests/corpus"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("read dir") {
                let path = entry.expect("entry").path();
                if path.is_file() {
                    files.push(path);
                }
            }
        }
        let mut deepest = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            let depth = (1..=MAX_DEPTH)
                .find(|&limit| deep_flow(&text, limit).is_none())
                .unwrap_or(MAX_DEPTH + 1);
            deepest = deepest.max(depth);
        }
        // The JSON specs nest a dozen flow levels, well within the limit; the scanner sees
        // them, and nothing deeper elsewhere.
        assert!((8..=MAX_DEPTH / 4).contains(&deepest), "{deepest}");
    }
}
