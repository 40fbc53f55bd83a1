//! Step 1 of loading: JSON or YAML text into a `serde_json::Value`, by the fastest path
//! that reads it faithfully.

use std::fmt;
use std::path::Path;

use std::cell::{Cell, RefCell};

use serde::Deserialize;
use serde::de::{
    DeserializeSeed, EnumAccess, Error as _, IgnoredAny, MapAccess, SeqAccess, VariantAccess as _,
};
use serde_json::Value;

use super::MAX_DEPTH;
use super::locate::Locator;
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

/// The byte offset of the `[` or `{` that opens a flow collection nested deeper than
/// `limit` flow collections, if any: one pass over the text that knows enough YAML to skip
/// comments, quoted scalars, block scalars and brackets inside plain scalars. It errs only
/// towards counting too few, so it never refuses a document whose nesting is within the
/// limit (a document it misreads is left to the parser).
fn deep_flow(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |index: usize| bytes.get(index).copied();
    let blank = |byte: Option<u8>| matches!(byte, None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    let mut depth = 0usize;
    let mut index = 0;
    // Block context: whether the next token starts a node, the column where the current
    // node (a key or a `-` entry) starts, and where the current line starts.
    let mut node_start = true;
    let mut node_column = 0;
    let mut line_start = 0;
    let mut fresh_line = true;
    while let Some(byte) = at(index) {
        let previous = index.checked_sub(1).and_then(at);
        if depth > 0 {
            let token_start = matches!(
                previous,
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'[' | b'{' | b',' | b':' | b'?')
            );
            match byte {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(index);
                    }
                    index += 1;
                }
                b']' | b'}' => {
                    depth -= 1;
                    node_start = false;
                    index += 1;
                }
                b'"' | b'\'' if token_start => index = after_quoted(bytes, index),
                b'#' if blank(previous) => index = line_end(bytes, index),
                b'\n' => {
                    line_start = index + 1;
                    index += 1;
                }
                _ => index += 1,
            }
            continue;
        }
        if fresh_line {
            fresh_line = false;
            let rest = bytes.get(index..).unwrap_or_default();
            let indent = rest.iter().take_while(|&&b| b == b' ').count();
            index += indent;
            node_start = true;
            node_column = indent;
            let rest = bytes.get(index..).unwrap_or_default();
            if (rest.starts_with(b"---") || rest.starts_with(b"...")) && blank(at(index + 3)) {
                index += 3;
            }
            continue;
        }
        match byte {
            b'\n' => {
                index += 1;
                line_start = index;
                fresh_line = true;
            }
            b' ' | b'\t' | b'\r' => index += 1,
            b'#' if blank(previous) => index = line_end(bytes, index),
            b'[' | b'{' if node_start => {
                depth = 1;
                if depth > limit {
                    return Some(index);
                }
                index += 1;
            }
            b'"' | b'\'' if node_start => {
                node_column = index - line_start;
                node_start = false;
                index = after_quoted(bytes, index);
            }
            b'|' | b'>' if node_start => {
                // The content is every following line that is blank or indented deeper
                // than the node that holds the scalar.
                index = line_end(bytes, index);
                while index < bytes.len() {
                    let line = bytes
                        .get(index + 1..line_end(bytes, index + 1))
                        .unwrap_or_default();
                    let indent = line.iter().take_while(|&&b| b == b' ').count();
                    let is_blank = line.iter().all(|&b| b == b' ' || b == b'\r');
                    if !is_blank && indent <= node_column {
                        break;
                    }
                    index = line_end(bytes, index + 1);
                }
                node_start = false;
            }
            b'-' | b'?' if node_start && blank(at(index + 1)) => {
                node_column = index - line_start;
                index += 1;
            }
            b':' if blank(at(index + 1)) => {
                node_start = true;
                index += 1;
            }
            b'&' | b'!' if node_start => {
                while !blank(at(index)) {
                    index += 1;
                }
            }
            _ => {
                if node_start {
                    node_column = index - line_start;
                }
                node_start = false;
                index += 1;
            }
        }
    }
    None
}

/// The offset just past the quoted scalar that starts at `start` (past the end of the
/// text when it is not closed).
fn after_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes.get(start).copied();
    let mut index = start + 1;
    while let Some(byte) = bytes.get(index).copied() {
        match (quote, byte) {
            (Some(b'"'), b'\\') => index += 2,
            (Some(b'\''), b'\'') if bytes.get(index + 1) == Some(&b'\'') => index += 2,
            (_, byte) if Some(byte) == quote => return index + 1,
            _ => index += 1,
        }
    }
    index
}

/// The offset of the line end (`\n`, or the end of the text) at or after `index`.
fn line_end(bytes: &[u8], index: usize) -> usize {
    bytes
        .get(index..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |offset| index + offset)
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

/// JSON read straight from YAML, without the `serde_yaml::Value` in between: about twice
/// as fast. It refuses what only [`parse_yaml`] converts faithfully (merge keys, tags,
/// non-finite floats, keys other than strings, integers, booleans and null) and duplicate
/// keys; the loader then takes that general path, which also words the errors.
#[derive(Debug)]
struct DirectJson(Value);

/// Reads `text` as [`DirectJson`], counting its values against the budget of a document
/// of `budget_of` bytes; on failure, the error and where in the document it happened.
fn read_direct(text: &str, budget_of: usize) -> Result<DirectJson, (serde_yaml::Error, String)> {
    let reader = Reader::new(budget_of);
    DirectSeed(&reader)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map(DirectJson)
        .map_err(|error| (error, reader.pointer()))
}

/// Counts the values of `text` as the general path would make them, aliases expanded,
/// without keeping them: an error when they exceed the budget of `text` (or when the
/// text does not read, which the general path then reports).
fn count_values(text: &str) -> Result<(), (serde_yaml::Error, String)> {
    let reader = Reader::new(text.len());
    CountSeed(&reader)
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|error| (error, reader.pointer()))
}

/// The most values a document of `bytes` bytes may expand to through aliases: a million,
/// and two for each byte (a value written out takes at least two bytes). So that an alias
/// bomb costs time and memory in proportion to its size.
fn value_budget(bytes: usize) -> usize {
    1_000_000_usize.saturating_add(bytes.saturating_mul(2))
}

/// What the error of a document whose aliases expand past [`value_budget`] says.
const EXPANSION: &str = "aliases expand the document to too many values";

/// One step of the path from the root to the value being read.
#[derive(Debug)]
enum TrailStep {
    Key(String),
    Index(usize),
}

/// What reading YAML keeps beside the values: the path to the value being read (left
/// where reading failed, to locate errors the parser gives no position for, such as its
/// limit on aliases) and how many values have been read, against a budget.
#[derive(Debug)]
struct Reader {
    trail: RefCell<Vec<TrailStep>>,
    values: Cell<usize>,
    budget: usize,
}

impl Reader {
    fn new(bytes: usize) -> Self {
        Reader {
            trail: RefCell::new(Vec::new()),
            values: Cell::new(0),
            budget: value_budget(bytes),
        }
    }

    /// Counts one more value; an error past the budget.
    fn count<E: serde::de::Error>(&self) -> Result<(), E> {
        let values = self.values.get() + 1;
        self.values.set(values);
        if values > self.budget {
            return Err(E::custom(EXPANSION));
        }
        Ok(())
    }

    /// The JSON pointer of the trail (`#/a/0`).
    fn pointer(&self) -> String {
        self.trail
            .borrow()
            .iter()
            .fold("#".to_owned(), |pointer, step| match step {
                TrailStep::Key(key) => crate::pointer::push(&pointer, key),
                TrailStep::Index(index) => crate::pointer::push(&pointer, &index.to_string()),
            })
    }

    /// Reads the next item of a sequence, its index on the trail while it is read.
    fn item<'de, A: SeqAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        seq: &mut A,
        index: usize,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.trail.borrow_mut().push(TrailStep::Index(index));
        let item = seq.next_element_seed(seed)?;
        self.trail.borrow_mut().pop();
        Ok(item)
    }

    /// Reads the value of `key` in a mapping, the key on the trail while it is read, and
    /// gives the key back.
    fn entry<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
        &self,
        map: &mut A,
        key: String,
        seed: S,
    ) -> Result<(String, S::Value), A::Error> {
        self.trail.borrow_mut().push(TrailStep::Key(key));
        let value = map.next_value_seed(seed)?;
        match self.trail.borrow_mut().pop() {
            Some(TrailStep::Key(key)) => Ok((key, value)),
            _ => Err(A::Error::custom("the reader lost its place")),
        }
    }
}

/// Reads one JSON value of [`DirectJson`].
struct DirectSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for DirectSeed<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(DirectValue(self.0))
    }
}

/// Builds one JSON value of [`DirectJson`].
struct DirectValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for DirectValue<'_> {
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

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = self.0.item(&mut seq, items.len(), DirectSeed(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(DirectKey(key)) = map.next_key()? {
            if key == "<<" {
                return Err(A::Error::custom("a merge key"));
            }
            let (key, value) = self.0.entry(&mut map, key, DirectSeed(self.0))?;
            if object.insert(key, value).is_some() {
                return Err(A::Error::custom("a duplicate key"));
            }
        }
        Ok(Value::Object(object))
    }
}

/// Counts the values of one YAML value and everything in it, tags and merge keys
/// included, as [`count_values`] does.
struct CountSeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for CountSeed<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(CountValue(self.0))
    }
}

/// Reads a mapping key for [`CountSeed`]: a scalar as [`yaml_to_json`] spells it, and
/// anything else counted and spelled `?`.
struct KeySeed<'r>(&'r Reader);

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        self.0.count()?;
        deserializer.deserialize_any(KeyValue(self.0))
    }
}

/// Visits one key for [`KeySeed`].
struct KeyValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for KeyValue<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
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

    fn visit_f64<E>(self, value: f64) -> Result<String, E> {
        Ok(value.to_string())
    }

    fn visit_str<E>(self, value: &str) -> Result<String, E> {
        Ok(value.to_owned())
    }

    fn visit_unit<E>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<String, D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_seq(seq).map(|()| "?".to_owned())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_map(map).map(|()| "?".to_owned())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<String, A::Error> {
        CountValue(self.0).visit_enum(data).map(|()| "?".to_owned())
    }
}

/// Visits one value for [`CountSeed`].
struct CountValue<'r>(&'r Reader);

impl<'de> serde::de::Visitor<'de> for CountValue<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_i128<E>(self, _: i128) -> Result<(), E> {
        Ok(())
    }

    fn visit_u128<E>(self, _: u128) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_bytes<E>(self, _: &[u8]) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_newtype_struct<D: serde::Deserializer<'de>>(self, inner: D) -> Result<(), D::Error> {
        inner.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while self.0.item(&mut seq, index, CountSeed(self.0))?.is_some() {
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed(self.0))? {
            self.0.entry(&mut map, key, CountSeed(self.0))?;
        }
        Ok(())
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        // A tagged value: the tag is the variant, the value its content.
        let (IgnoredAny, content) = data.variant::<IgnoredAny>()?;
        content.newtype_variant_seed(CountSeed(self.0))
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
