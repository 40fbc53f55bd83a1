//! Reads a YAML or JSON spec into `openapiv3` types, with a locator for line numbers.
//!
//! Loading goes in steps, each of which reports where it failed:
//! 1. The text is parsed into a `serde_json::Value` (`raw`): JSON with `serde_json` when it
//!    looks like JSON, otherwise YAML with `serde_yaml` (a large document in two halves on
//!    two threads when it can be cut cleanly). A syntax error is [`Error::Syntax`] with the
//!    line and column of the parser.
//! 2. The version must be `openapi: 3.0.x`; Swagger 2.0 and OpenAPI 3.1 are refused.
//! 3. `raw` is deserialized into [`openapiv3::OpenAPI`]. When that fails, the loader
//!    deserializes the parts of the document one by one to find the deepest parts that
//!    do not fit, and reports each of them with its JSON pointer.
//! 4. Every `$ref` must point inside the document (`#/...`) at something that exists.
//!    This check runs on a second thread beside step 3; its findings are reported when
//!    step 3 has none.
//!
//! The locator maps a JSON pointer to the line and column of its key in the source. It is a
//! small best-effort scanner (block YAML by indentation, flow YAML and JSON by tokens) that
//! answers `None` when unsure and never panics.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Diagnostic, Error};

/// A loaded spec: its text, its parsed form and its raw JSON value.
pub struct Document {
    pub file: PathBuf,
    pub source: String,
    pub openapi: openapiv3::OpenAPI,
    /// The document as JSON, with object keys in source order.
    pub raw: Value,
    /// Every in-document reference the `$ref` check found, each of which resolves.
    references: BTreeSet<String>,
    locator: Locator,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("file", &self.file)
            .field("openapi", &self.openapi.openapi)
            .field("title", &self.openapi.info.title)
            .finish_non_exhaustive()
    }
}

impl Document {
    /// The in-document references (`$ref` texts as written) that the document uses where
    /// a reference is read, each of which resolves: not those inside examples, defaults,
    /// enums or extensions.
    pub fn references(&self) -> impl Iterator<Item = &str> {
        self.references.iter().map(String::as_str)
    }

    /// The 1-based line and column of the node a JSON pointer names, when the scanner
    /// found it. Accepts pointers with or without the leading `#`.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        self.locator.locate(&self.source, pointer)
    }

    /// A diagnostic for `pointer`, located at the node or else at its nearest located
    /// ancestor.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let position = self.locate_nearest(pointer);
        Diagnostic {
            pointer: pointer.to_string(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message: message.into(),
        }
    }

    /// The node `pointer` names, or its nearest ancestor that the scanner found.
    fn locate_nearest(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut current = pointer.strip_prefix('#').unwrap_or(pointer);
        loop {
            if current.is_empty() {
                return None;
            }
            if let Some(position) = self.locate(current) {
                return Some(position);
            }
            current = match current.rfind('/') {
                Some(index) => current.get(..index).unwrap_or(""),
                None => "",
            };
        }
    }

    /// The raw value at an in-document reference such as `#/components/schemas/Pet`
    /// (`~` escapes and percent-encoding allowed), with its canonical pointer
    /// (`#/components/schemas/Pet`, percent-decoded).
    pub fn resolve_raw(&self, reference: &str) -> Option<(&Value, String)> {
        let pointer = canonical_ref(reference)?;
        let value = value_at(&self.raw, pointer.get(1..).unwrap_or(""))?;
        Some((value, pointer))
    }

    /// The error for a list of diagnostics, sorted and without duplicates.
    pub fn spec_error(&self, mut diagnostics: Vec<Diagnostic>) -> Error {
        diagnostics.sort();
        diagnostics.dedup();
        Error::Spec {
            file: self.file.clone(),
            diagnostics,
        }
    }
}

/// The canonical pointer (`#/a/b`, percent-decoded) of an in-document reference, or `None`
/// for an external one.
pub fn canonical_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode(fragment);
    if !decoded.is_empty() && !decoded.starts_with('/') {
        return None;
    }
    Some(format!("#{decoded}"))
}

/// The value a JSON pointer (`/a/b`, or empty for the root) names. Like
/// `Value::pointer`, but it unescapes (`~1`, `~0`) only segments that need it.
pub(crate) fn value_at<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    for segment in pointer.strip_prefix('/')?.split('/') {
        let segment = if segment.contains('~') {
            std::borrow::Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
        } else {
            std::borrow::Cow::Borrowed(segment)
        };
        value = match value {
            Value::Object(map) => map.get(segment.as_ref())?,
            Value::Array(items) => items.get(parse_index(&segment)?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// An array index as JSON pointers spell it: digits, without leading zeros.
fn parse_index(segment: &str) -> Option<usize> {
    if segment.starts_with('+') || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

/// `base` with one more segment, escaped as JSON pointers require (`~0`, `~1`).
pub fn push_pointer(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or(0);
        if byte == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(decoded) = u8::from_str_radix(hex, 16)
        {
            out.push(decoded);
            i += 3;
            continue;
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads and loads a spec file.
pub fn load_path(path: &Path) -> Result<Document, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    load_str(path, &text)
}

/// Loads a spec from text; `file` is used in messages only.
pub fn load_str(file: &Path, text: &str) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw = parse_value(file, text)?;
    stringify_versions(&mut raw);
    let locator = Locator::default();
    let mut doc = Document {
        file: file.to_path_buf(),
        source: text.to_string(),
        openapi: openapiv3::OpenAPI::default(),
        raw,
        references: BTreeSet::new(),
        locator,
    };
    if let Some(diagnostic) = check_version(&doc) {
        return Err(doc.spec_error(vec![diagnostic]));
    }
    if let Some(depth_pointer) = too_deep(&doc.raw) {
        return Err(doc.spec_error(vec![doc.diagnostic(
            &depth_pointer,
            format!("the document nests deeper than {MAX_DEPTH} levels, which is not supported"),
        )]));
    }
    // The reference check needs only the raw value, so it runs beside deserialization.
    let (parsed, (ref_diagnostics, references)) = std::thread::scope(|scope| {
        let refs = scope.spawn(|| check_refs(&doc));
        let parsed = deserialize::<openapiv3::OpenAPI>(&doc.raw);
        let refs = refs
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (parsed, refs)
    });
    match parsed {
        Ok(openapi) => doc.openapi = openapi,
        Err(message) => {
            let mut diagnostics = Vec::new();
            probe(&doc, Kind::OpenApi, &doc.raw, "#", 0, &mut diagnostics);
            if diagnostics.is_empty() {
                diagnostics
                    .push(doc.diagnostic("#", format!("not an OpenAPI 3.0 document: {message}")));
            }
            return Err(doc.spec_error(diagnostics));
        }
    }
    if !ref_diagnostics.is_empty() {
        return Err(doc.spec_error(ref_diagnostics));
    }
    doc.references = references;
    Ok(doc)
}

/// Parses JSON or YAML text into a JSON value.
fn parse_value(file: &Path, text: &str) -> Result<Value, Error> {
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
fn stringify_versions(raw: &mut Value) {
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

/// Deepest nesting the loader accepts; deeper documents could exhaust the stack.
const MAX_DEPTH: usize = 96;

/// One step down a JSON value: an object key or an array index.
#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The JSON pointer (`#/a/0`) of a path of steps; built only when a diagnostic needs it.
fn pointer_of(steps: &[Step<'_>]) -> String {
    steps
        .iter()
        .fold("#".to_string(), |pointer, step| match step {
            Step::Key(key) => push_pointer(&pointer, key),
            Step::Index(index) => push_pointer(&pointer, &index.to_string()),
        })
}

/// The children of a JSON value with the step to each.
fn children(value: &Value) -> Box<dyn Iterator<Item = (Step<'_>, &Value)> + '_> {
    match value {
        Value::Object(map) => Box::new(map.iter().map(|(key, child)| (Step::Key(key), child))),
        Value::Array(items) => Box::new(
            items
                .iter()
                .enumerate()
                .map(|(index, child)| (Step::Index(index), child)),
        ),
        _ => Box::new(std::iter::empty()),
    }
}

/// The pointer of the first node deeper than [`MAX_DEPTH`], if any.
fn too_deep(raw: &Value) -> Option<String> {
    fn walk<'a>(value: &'a Value, steps: &mut Vec<Step<'a>>) -> bool {
        if steps.len() > MAX_DEPTH {
            return true;
        }
        for (step, child) in children(value) {
            steps.push(step);
            if walk(child, steps) {
                return true;
            }
            steps.pop();
        }
        false
    }
    let mut steps = Vec::new();
    walk(raw, &mut steps).then(|| pointer_of(&steps))
}

/// Refuses anything that is not OpenAPI 3.0.
fn check_version(doc: &Document) -> Option<Diagnostic> {
    let Value::Object(root) = &doc.raw else {
        return Some(doc.diagnostic(
            "#",
            "the document is not a mapping; an OpenAPI document starts with `openapi: 3.0.x`",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        return Some(doc.diagnostic(
            "#/swagger",
            format!(
                "Swagger {} documents are not supported; convert the spec to OpenAPI 3.0",
                swagger.as_str().map_or_else(|| swagger.to_string(), str::to_string)
            ),
        ));
    }
    match root.get("openapi") {
        None => Some(doc.diagnostic(
            "#",
            "missing `openapi` version field; expected `openapi: 3.0.x`",
        )),
        Some(Value::String(version)) => {
            if version == "3.0" || version.starts_with("3.0.") {
                None
            } else if version.starts_with("3.1") {
                Some(doc.diagnostic(
                    "#/openapi",
                    format!("OpenAPI {version} is not supported; only OpenAPI 3.0.x is"),
                ))
            } else {
                Some(doc.diagnostic(
                    "#/openapi",
                    format!("unsupported OpenAPI version {version:?}; expected 3.0.x"),
                ))
            }
        }
        Some(other) => Some(doc.diagnostic(
            "#/openapi",
            format!("`openapi` must be a string such as \"3.0.3\" (quote it in YAML), not {other}"),
        )),
    }
}

/// Deserializes `T` from a raw value, turning a panic inside the deserializer into an error.
pub(crate) fn deserialize<T: for<'de> Deserialize<'de>>(value: &Value) -> Result<T, String> {
    match std::panic::catch_unwind(|| T::deserialize(value)) {
        Ok(Ok(parsed)) => Ok(parsed),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("the OpenAPI deserializer failed on this node".to_string()),
    }
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
            let mut child = value;
            let mut child_pointer = pointer.to_string();
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
                child_pointer = push_pointer(&child_pointer, segment);
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
            Some(key) => push_pointer(pointer, key),
            None => pointer.to_string(),
        };
        out.push(doc.diagnostic(&at, format!("not a valid {}: {message}", kind.describe())));
    }
    true
}

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
fn check_refs(doc: &Document) -> (Vec<Diagnostic>, BTreeSet<String>) {
    /// What the walk carries: the path to the current node, the references already found
    /// to resolve, and the diagnostics.
    struct Walk<'a> {
        steps: Vec<Step<'a>>,
        resolved: std::collections::HashSet<&'a str>,
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
                    &push_pointer(&pointer_of(steps), "$ref"),
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
        resolved: std::collections::HashSet::new(),
        out: Vec::new(),
    };
    walk(doc, &doc.raw, "", &mut state);
    let references = state.resolved.into_iter().map(str::to_owned).collect();
    (state.out, references)
}

/// Lazily built index from JSON pointers (without `#`) to 1-based line and column.
#[derive(Default)]
struct Locator {
    index: OnceLock<HashMap<String, (usize, usize)>>,
}

impl fmt::Debug for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locator")
            .field("built", &self.index.get().is_some())
            .finish()
    }
}

impl Locator {
    fn locate(&self, source: &str, pointer: &str) -> Option<(usize, usize)> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        if pointer.is_empty() {
            return Some((1, 1));
        }
        let index = self.index.get_or_init(|| Scanner::index(source));
        index.get(pointer).copied()
    }
}

/// The source scanner behind the locator.
struct Scanner {
    lines: Vec<Vec<char>>,
    index: HashMap<String, (usize, usize)>,
}

/// One open node of block YAML.
#[derive(Debug)]
struct BlockFrame {
    /// Column of the key or dash; the root has none.
    indent: Option<usize>,
    segment: Option<String>,
    is_item: bool,
    /// How many `- ` items this node has had.
    items: usize,
}

/// One open collection of flow YAML or JSON.
#[derive(Debug)]
enum FlowFrame {
    Map {
        key: Option<String>,
        expect_key: bool,
    },
    Seq {
        index: usize,
    },
}

/// What follows a key or dash on its line, in block YAML.
enum Continue {
    /// Go on with the next line.
    NextLine,
    /// Skip lines indented deeper than this column (a scalar that may continue).
    SkipDeeper(usize),
    /// Resume at this line (after a multi-line flow collection or quoted scalar).
    AtLine(usize),
}

impl Scanner {
    fn index(source: &str) -> HashMap<String, (usize, usize)> {
        let lines = source
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line).chars().collect())
            .collect();
        let mut scanner = Scanner {
            lines,
            index: HashMap::new(),
        };
        let first = scanner.skip_blank((0, 0));
        let starts_flow = matches!(scanner.char_at(first), Some('{' | '['));
        if starts_flow {
            scanner.flow(first, &[]);
        } else {
            scanner.block();
        }
        scanner.index
    }

    fn char_at(&self, (line, column): (usize, usize)) -> Option<char> {
        self.lines.get(line)?.get(column).copied()
    }

    fn line_len(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, Vec::len)
    }

    fn record(&mut self, segments: &[String], (line, column): (usize, usize)) {
        let mut pointer = String::new();
        for segment in segments {
            pointer = push_pointer(&pointer, segment);
        }
        self.index.entry(pointer).or_insert((line + 1, column + 1));
    }

    /// The next position, wrapping to the next line.
    fn next_pos(&self, (line, column): (usize, usize)) -> (usize, usize) {
        if column + 1 < self.line_len(line) {
            (line, column + 1)
        } else {
            (line + 1, 0)
        }
    }

    /// Skips whitespace, line ends and `#` comments.
    fn skip_blank(&self, mut pos: (usize, usize)) -> (usize, usize) {
        while pos.0 < self.lines.len() {
            match self.char_at(pos) {
                None => pos = (pos.0 + 1, 0),
                Some(' ' | '\t') => pos = self.next_pos(pos),
                Some('#') => pos = (pos.0 + 1, 0),
                Some(_) => return pos,
            }
        }
        pos
    }

    /// Reads a quoted string starting at its quote, across lines; returns the text and the
    /// position after the closing quote.
    fn quoted(&self, start: (usize, usize)) -> (String, (usize, usize)) {
        let quote = self.char_at(start).unwrap_or('"');
        let mut text = String::new();
        let mut pos = self.next_pos(start);
        while pos.0 < self.lines.len() {
            let Some(c) = self.char_at(pos) else {
                text.push(' ');
                pos = (pos.0 + 1, 0);
                continue;
            };
            if c == quote {
                let after = (pos.0, pos.1 + 1);
                if quote == '\'' && self.char_at(after) == Some('\'') {
                    text.push('\'');
                    pos = self.next_pos(after);
                    continue;
                }
                return (text, after);
            }
            if c == '\\' && quote == '"' {
                let mut escaped_pos = (pos.0, pos.1 + 1);
                match self.char_at(escaped_pos) {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('u') => {
                        let hex: String = (2..6)
                            .filter_map(|offset| self.char_at((pos.0, pos.1 + offset)))
                            .collect();
                        if let Some(decoded) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            text.push(decoded);
                            escaped_pos = (pos.0, pos.1 + 5);
                        }
                    }
                    Some(other) => text.push(other),
                    None => {}
                }
                pos = self.next_pos(escaped_pos);
                continue;
            }
            text.push(c);
            pos = self.next_pos(pos);
        }
        (text, pos)
    }

    /// Scans a flow collection (or a whole JSON document) starting at `start`, recording
    /// keys and items under `prefix`; returns the position after it.
    fn flow(&mut self, start: (usize, usize), prefix: &[String]) -> (usize, usize) {
        let mut stack: Vec<FlowFrame> = Vec::new();
        let mut pos = start;
        loop {
            pos = self.skip_blank(pos);
            let Some(c) = self.char_at(pos) else {
                return pos;
            };
            match c {
                '{' | '[' => {
                    self.flow_value_start(prefix, &mut stack, pos);
                    stack.push(if c == '{' {
                        FlowFrame::Map {
                            key: None,
                            expect_key: true,
                        }
                    } else {
                        FlowFrame::Seq { index: 0 }
                    });
                    pos = self.next_pos(pos);
                }
                '}' | ']' => {
                    stack.pop();
                    pos = (pos.0, pos.1 + 1);
                    if stack.is_empty() {
                        return pos;
                    }
                }
                ',' => {
                    match stack.last_mut() {
                        Some(FlowFrame::Map { key, expect_key }) => {
                            *key = None;
                            *expect_key = true;
                        }
                        Some(FlowFrame::Seq { index }) => *index += 1,
                        None => return pos,
                    }
                    pos = self.next_pos(pos);
                }
                ':' => {
                    if let Some(FlowFrame::Map { expect_key, .. }) = stack.last_mut() {
                        *expect_key = false;
                    }
                    pos = self.next_pos(pos);
                }
                _ => {
                    let (text, end) = if c == '"' || c == '\'' {
                        self.quoted(pos)
                    } else {
                        self.plain_in_flow(pos)
                    };
                    if stack.is_empty() {
                        return end;
                    }
                    let is_key = matches!(
                        stack.last(),
                        Some(FlowFrame::Map {
                            expect_key: true,
                            ..
                        })
                    );
                    if is_key {
                        let mut segments = flow_segments(prefix, &stack);
                        segments.push(text.clone());
                        self.record(&segments, pos);
                        if let Some(FlowFrame::Map { key, .. }) = stack.last_mut() {
                            *key = Some(text);
                        }
                    } else {
                        self.flow_value_start(prefix, &mut stack, pos);
                    }
                    pos = if end == pos { self.next_pos(pos) } else { end };
                }
            }
        }
    }

    /// Records the position of a sequence item when a value starts in a flow sequence.
    fn flow_value_start(
        &mut self,
        prefix: &[String],
        stack: &mut [FlowFrame],
        pos: (usize, usize),
    ) {
        if let Some(FlowFrame::Seq { .. }) = stack.last() {
            let segments = flow_segments(prefix, stack);
            self.record(&segments, pos);
        }
    }

    /// Reads a plain scalar inside a flow collection; stops at a flow indicator, at `: `
    /// or at the end of the line.
    fn plain_in_flow(&self, start: (usize, usize)) -> (String, (usize, usize)) {
        let mut text = String::new();
        let mut column = start.1;
        while let Some(c) = self.char_at((start.0, column)) {
            if matches!(c, ',' | '[' | ']' | '{' | '}') {
                break;
            }
            if c == ':' {
                let next = self.char_at((start.0, column + 1));
                if matches!(next, None | Some(' ' | ',' | ']' | '}' | '\t')) {
                    break;
                }
            }
            if c == '#' && text.ends_with(' ') {
                break;
            }
            text.push(c);
            column += 1;
        }
        (text.trim_end().to_string(), (start.0, column))
    }

    /// Scans block YAML line by line.
    fn block(&mut self) {
        let mut frames = vec![BlockFrame {
            indent: None,
            segment: None,
            is_item: false,
            items: 0,
        }];
        let mut skip_deeper: Option<usize> = None;
        let mut line = 0;
        while line < self.lines.len() {
            let indent = self
                .lines
                .get(line)
                .map_or(0, |chars| chars.iter().take_while(|c| **c == ' ').count());
            let first = self.char_at((line, indent));
            if first.is_none() || first == Some('#') {
                line += 1;
                continue;
            }
            if let Some(limit) = skip_deeper {
                if indent > limit {
                    line += 1;
                    continue;
                }
                skip_deeper = None;
            }
            if indent == 0 && self.starts_with(line, 0, "---") || self.starts_with(line, 0, "...") {
                frames.truncate(1);
                line += 1;
                continue;
            }
            match self.block_node(line, indent, &mut frames) {
                Continue::NextLine => line += 1,
                Continue::SkipDeeper(column) => {
                    skip_deeper = Some(column);
                    line += 1;
                }
                Continue::AtLine(next) => line = next.max(line + 1),
            }
        }
    }

    fn starts_with(&self, line: usize, column: usize, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(offset, c)| self.char_at((line, column + offset)) == Some(c))
    }

    /// Handles the node that starts at `column` of `line`: items, keys and values.
    fn block_node(&mut self, line: usize, column: usize, frames: &mut Vec<BlockFrame>) -> Continue {
        let mut column = column;
        // A run of `- ` items, possibly nested on one line.
        loop {
            let is_dash = self.char_at((line, column)) == Some('-')
                && matches!(self.char_at((line, column + 1)), None | Some(' '));
            if !is_dash {
                break;
            }
            while let Some(top) = frames.last() {
                let deeper = top.indent.is_some_and(|indent| indent > column);
                let sibling_item = top.is_item && top.indent == Some(column);
                if (deeper || sibling_item) && frames.len() > 1 {
                    frames.pop();
                } else {
                    break;
                }
            }
            let index = match frames.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    parent.items - 1
                }
                None => 0,
            };
            frames.push(BlockFrame {
                indent: Some(column),
                segment: Some(index.to_string()),
                is_item: true,
                items: 0,
            });
            let segments = block_segments(frames);
            self.record(&segments, (line, column));
            let mut content = column + 1;
            while self.char_at((line, content)) == Some(' ') {
                content += 1;
            }
            match self.char_at((line, content)) {
                None | Some('#') => return Continue::NextLine,
                Some(_) => column = content,
            }
        }
        if let Some((key, after_colon)) = self.block_key(line, column) {
            while let Some(top) = frames.last() {
                if top.indent.is_some_and(|indent| indent >= column) && frames.len() > 1 {
                    frames.pop();
                } else {
                    break;
                }
            }
            frames.push(BlockFrame {
                indent: Some(column),
                segment: Some(key),
                is_item: false,
                items: 0,
            });
            let segments = block_segments(frames);
            self.record(&segments, (line, column));
            return self.block_value(line, after_colon, column, &segments);
        }
        // A value without a key: an item's scalar, or a flow collection.
        let owner = frames.last().and_then(|frame| frame.indent).unwrap_or(0);
        let segments = block_segments(frames);
        self.block_value(line, column, owner, &segments)
    }

    /// Handles what follows a key or dash: a flow collection, a block scalar, a quoted or
    /// plain scalar, or nothing (children follow on the next lines).
    fn block_value(
        &mut self,
        line: usize,
        column: usize,
        owner: usize,
        segments: &[String],
    ) -> Continue {
        let mut column = column;
        loop {
            while self.char_at((line, column)) == Some(' ') {
                column += 1;
            }
            // Anchors and tags before a value.
            if matches!(self.char_at((line, column)), Some('&' | '!')) {
                while matches!(self.char_at((line, column)), Some(c) if c != ' ') {
                    column += 1;
                }
                continue;
            }
            break;
        }
        match self.char_at((line, column)) {
            None | Some('#') => Continue::NextLine,
            Some('{' | '[') => {
                let end = self.flow((line, column), segments);
                Continue::AtLine(end.0 + 1)
            }
            Some('|' | '>') => Continue::SkipDeeper(owner),
            Some('"' | '\'') => {
                let (_, end) = self.quoted((line, column));
                if end.0 > line {
                    Continue::AtLine(end.0 + 1)
                } else {
                    Continue::SkipDeeper(owner)
                }
            }
            Some(_) => Continue::SkipDeeper(owner),
        }
    }

    /// Reads a block mapping key at `column`; returns it and the column after its colon.
    fn block_key(&self, line: usize, column: usize) -> Option<(String, usize)> {
        let first = self.char_at((line, column))?;
        let (key, mut after) = match first {
            '"' | '\'' => {
                let (text, end) = self.quoted((line, column));
                if end.0 != line {
                    return None;
                }
                (text, end.1)
            }
            '{' | '[' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' | '?' | '#' => return None,
            _ => {
                let mut end = column;
                loop {
                    let c = self.char_at((line, end))?;
                    if c == ':' && matches!(self.char_at((line, end + 1)), None | Some(' ' | '\t'))
                    {
                        break;
                    }
                    if c == '#' && end > column && self.char_at((line, end - 1)) == Some(' ') {
                        return None;
                    }
                    end += 1;
                }
                let text: String = self.lines.get(line)?.get(column..end)?.iter().collect();
                (text.trim_end().to_string(), end)
            }
        };
        while self.char_at((line, after)) == Some(' ') {
            after += 1;
        }
        if self.char_at((line, after)) != Some(':') {
            return None;
        }
        let next = self.char_at((line, after + 1));
        if !matches!(next, None | Some(' ' | '\t')) {
            return None;
        }
        Some((key, after + 1))
    }
}

fn flow_segments(prefix: &[String], stack: &[FlowFrame]) -> Vec<String> {
    let mut segments = prefix.to_vec();
    let Some((last, outer)) = stack.split_last() else {
        return segments;
    };
    for frame in outer {
        match frame {
            FlowFrame::Map { key, .. } => segments.push(key.clone().unwrap_or_default()),
            FlowFrame::Seq { index } => segments.push(index.to_string()),
        }
    }
    if let FlowFrame::Seq { index } = last {
        segments.push(index.to_string());
    }
    segments
}

fn block_segments(frames: &[BlockFrame]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|frame| frame.segment.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(source: &str) -> HashMap<String, (usize, usize)> {
        Scanner::index(source)
    }

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

    #[test]
    fn block_yaml_keys_and_items() {
        let source = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      description: |
        text: not a key
      parameters:
        - name: id
          in: path
        -   name: q
          # comment
          in: query
      'responses':
        \"200\": {description: ok, content: {a: [1, {b: 2}]}}
list:
- a
- b: 1
  c: 2
";
        let index = index(source);
        assert_eq!(index.get("/openapi"), Some(&(1, 1)));
        assert_eq!(index.get("/paths/~1pets~1{id}/get"), Some(&(4, 5)));
        assert_eq!(index.get("/paths/~1pets~1{id}/get/description/text"), None);
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/0"),
            Some(&(8, 9))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/0/in"),
            Some(&(9, 11))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/1/name"),
            Some(&(10, 13))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/1/in"),
            Some(&(12, 11))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/responses/200"),
            Some(&(14, 9))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/responses/200/content/a/1/b"),
            Some(&(14, 52))
        );
        assert_eq!(index.get("/list/1/c"), Some(&(18, 3)));
    }

    #[test]
    fn json_keys_and_items() {
        let source = "{\n  \"a\": {\"b\": [10, {\"c\": \"x,y\"}]},\n  \"d~/e\": 1\n}";
        let index = index(source);
        assert_eq!(index.get("/a"), Some(&(2, 3)));
        assert_eq!(index.get("/a/b/1"), Some(&(2, 19)));
        assert_eq!(index.get("/a/b/1/c"), Some(&(2, 20)));
        assert_eq!(index.get("/d~0~1e"), Some(&(3, 3)));
    }

    #[test]
    fn scanner_survives_garbage() {
        for source in [
            "",
            "{",
            "[[[",
            "a: [",
            "- - - x",
            "\"unterminated",
            "a:\n\t- b",
            "? x\n: y",
        ] {
            let _ = index(source);
        }
    }

    #[test]
    fn unquoted_versions_are_strings() {
        let doc = load_str(
            Path::new("v.yaml"),
            "openapi: 3.0\ninfo: {title: t, version: 1.0}\npaths: {}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.openapi.openapi, "3.0");
        assert_eq!(doc.openapi.info.version, "1.0");
    }

    #[test]
    fn diagnostics_fall_back_to_the_nearest_located_ancestor() {
        let doc = load_str(
            Path::new("d.yaml"),
            "openapi: 3.0.3\ninfo:\n  title: t\n  version: v\npaths: {}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(doc.locate("#/info/title"), Some((3, 3)));
        let d = doc.diagnostic("#/info/title/nowhere", "x");
        assert_eq!((d.line, d.column), (Some(3), Some(3)));
        assert_eq!(doc.diagnostic("#/nothing", "x").line, None);
    }

    #[test]
    fn canonical_refs() {
        assert_eq!(
            canonical_ref("#/components/schemas/Foo%20Bar").as_deref(),
            Some("#/components/schemas/Foo Bar")
        );
        assert_eq!(canonical_ref("other.yaml#/x"), None);
        assert_eq!(canonical_ref("#x"), None);
        assert_eq!(push_pointer("#/paths", "/a/{b}~"), "#/paths/~1a~1{b}~0");
    }

    #[test]
    fn value_at_agrees_with_serde_json_pointers() {
        let root = serde_json::json!({
            "paths": {"/a/{b}~": {"get": [10, 11]}},
            "x~1": 1, "": {"": 2}, "list": [[3], [4, 5]]
        });
        for pointer in [
            "",
            "/",
            "//",
            "/paths",
            "/paths/~1a~1{b}~0",
            "/paths/~1a~1{b}~0/get/1",
            "/paths/~1a~1{b}~0/get/01",
            "/paths/~1a~1{b}~0/get/+1",
            "/x~01",
            "/x~1",
            "/list/1/0",
            "/list/2",
            "/missing",
            "paths",
            "/list/-1",
        ] {
            assert_eq!(value_at(&root, pointer), root.pointer(pointer), "{pointer}");
        }
    }
}
