//! Reads a YAML or JSON spec into `openapiv3` types, with a locator for line numbers.
//!
//! Loading goes in steps, each of which reports where it failed:
//! 1. The text is parsed into a `serde_json::Value` (`raw`): JSON with `serde_json` when it
//!    looks like JSON, otherwise YAML with `serde_yaml` (a large document in two halves on
//!    two threads when it can be cut cleanly). A syntax error is [`Error::Syntax`] with the
//!    line and column of the parser.
//! 2. The version must be `swagger: "2.0"`, `openapi: 3.0.x` or `openapi: 3.1.x`; anything
//!    else is refused with the versions read. A 2.0 document is converted to the 3.0 model
//!    (`swagger2`) and a 3.1 document normalised into 3.0's shape (`openapi31`), on the raw
//!    value; every node they move is recorded in [`Origins`], so that diagnostics name the
//!    pointer and line of the source as written.
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
//!
//! The steps live in submodules: `parse` (step 1), `probe` (the shape probe of step 3),
//! `refs` (step 4) and `locate` (the locator). This module holds [`Document`], runs the
//! steps in order, and checks the version (step 2) and the nesting depth.

mod direct;
mod locate;
mod nesting;
mod openapi31;
mod origins;
mod parse;
mod probe;
mod refs;
mod swagger2;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Diagnostic, Error};
use crate::pointer;
use locate::Locator;
pub use origins::Origins;

/// Kept under their old paths so that callers of `load::push_pointer` and the rest compile.
pub use crate::pointer::{canonical_ref, push as push_pointer, value_at};
pub(crate) use probe::deserialize;

/// A loaded spec: its text, its parsed form and its raw JSON value.
pub struct Document {
    pub file: PathBuf,
    pub source: String,
    pub openapi: openapiv3::OpenAPI,
    /// The document as JSON, with object keys in source order.
    pub raw: Value,
    /// The version the document was written in.
    pub version: SourceVersion,
    /// Where each node that the upgrade to 3.0 moved stood in the source.
    origins: Origins,
    /// What the upgrade to 3.0 could not carry over, each with its (upgraded) pointer.
    notes: Vec<Note>,
    /// Every in-document reference the `$ref` check found, each of which resolves.
    references: BTreeSet<String>,
    locator: Locator,
}

/// The versions of OpenAPI the loader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceVersion {
    /// Swagger 2.0, converted to the 3.0 model.
    Swagger2,
    /// OpenAPI 3.0.x, read as it is.
    OpenApi30,
    /// OpenAPI 3.1.x, normalised into 3.0's shape.
    OpenApi31,
}

/// Something the upgrade of a 2.0 or 3.1 document to the 3.0 model could not carry over,
/// which lowering reports as a warning.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// Pointer into the upgraded document; [`Document::diagnostic`] names its source.
    pub pointer: String,
    pub message: String,
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

    /// What the upgrade to the 3.0 model could not carry over (empty for 3.0 documents).
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// The pointer in the source, as written, of the node at `pointer` in [`Self::raw`]:
    /// the same pointer unless the upgrade to 3.0 moved the node.
    pub fn source_pointer<'p>(&self, pointer: &'p str) -> std::borrow::Cow<'p, str> {
        self.origins.source_of(pointer)
    }

    /// The 1-based line and column of the node a JSON pointer into [`Self::raw`] names,
    /// when the scanner found it. Accepts pointers with or without the leading `#`.
    pub fn locate(&self, pointer: &str) -> Option<(usize, usize)> {
        self.locator
            .locate(&self.source, &self.origins.source_of(pointer))
    }

    /// A diagnostic for `pointer` (into [`Self::raw`]), named and located by the source's
    /// pointer, at the node or else at its nearest located ancestor.
    pub fn diagnostic(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let pointer = self.origins.source_of(pointer);
        let position = self.locate_nearest(&pointer);
        Diagnostic {
            pointer: pointer.into_owned(),
            line: position.map(|(line, _)| line),
            column: position.map(|(_, column)| column),
            message: message.into(),
        }
    }

    /// The node a source pointer names, or its nearest ancestor that the scanner found.
    fn locate_nearest(&self, pointer: &str) -> Option<(usize, usize)> {
        self.locator.locate_nearest(&self.source, pointer)
    }

    /// The raw value at an in-document reference such as `#/components/schemas/Pet`
    /// (`~` escapes and percent-encoding allowed), with its canonical pointer
    /// (`#/components/schemas/Pet`, percent-decoded).
    pub fn resolve_raw(&self, reference: &str) -> Option<(&Value, String)> {
        let pointer = pointer::canonical_ref(reference)?;
        let value = pointer::value_at(&self.raw, pointer.get(1..).unwrap_or(""))?;
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

/// Reads and loads a spec file.
pub fn load_path(path: &Path) -> Result<Document, Error> {
    let bytes = std::fs::read(path).map_err(|error| Error::Io {
        path: path.to_path_buf(),
        error,
    })?;
    let text = String::from_utf8(bytes).map_err(|error| not_utf8(path, error.as_bytes()))?;
    load_str(path, &text)
}

/// The error for a file that is not UTF-8: where its first invalid byte is.
fn not_utf8(path: &Path, bytes: &[u8]) -> Error {
    let offset = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let valid = bytes
        .get(..offset)
        .and_then(|valid| std::str::from_utf8(valid).ok())
        .unwrap_or("");
    let (line, column) = parse::line_and_column(valid, valid.len());
    let byte = bytes.get(offset).copied().unwrap_or(0);
    Error::Syntax {
        file: path.to_path_buf(),
        line: Some(line),
        column: Some(column),
        message: format!(
            "the file is not UTF-8 text, which a spec must be: byte {byte:#04x} at byte \
             offset {offset} is no part of a valid character"
        ),
    }
}

/// Loads a spec from text; `file` is used in messages only.
pub fn load_str(file: &Path, text: &str) -> Result<Document, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw = parse::parse_value(file, text)?;
    parse::stringify_versions(&mut raw);
    let locator = Locator::default();
    let mut doc = Document {
        file: file.to_path_buf(),
        source: text.to_string(),
        openapi: openapiv3::OpenAPI::default(),
        raw,
        version: SourceVersion::OpenApi30,
        origins: Origins::default(),
        notes: Vec::new(),
        references: BTreeSet::new(),
        locator,
    };
    doc.version = check_version(&doc).map_err(|diagnostic| doc.spec_error(vec![diagnostic]))?;
    if let Some(depth_pointer) = too_deep(&doc.raw) {
        return Err(doc.spec_error(vec![doc.diagnostic(
            &depth_pointer,
            format!("the document nests deeper than {MAX_DEPTH} levels, which is not supported"),
        )]));
    }
    match doc.version {
        SourceVersion::OpenApi30 => {}
        SourceVersion::Swagger2 => {
            let raw = std::mem::take(&mut doc.raw);
            (doc.raw, doc.origins, doc.notes) = swagger2::upgrade(raw);
        }
        SourceVersion::OpenApi31 => {
            let raw = std::mem::take(&mut doc.raw);
            (doc.raw, doc.origins, doc.notes) = openapi31::normalise(raw);
        }
    }
    // The reference check needs only the raw value, so it runs beside deserialization.
    let (parsed, (ref_diagnostics, references)) = std::thread::scope(|scope| {
        let refs = scope.spawn(|| refs::check_refs(&doc));
        let parsed = deserialize::<openapiv3::OpenAPI>(&doc.raw);
        let refs = refs
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (parsed, refs)
    });
    match parsed {
        Ok(openapi) => doc.openapi = openapi,
        Err(message) => {
            let mut diagnostics = probe::misfits(&doc);
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
            Step::Key(key) => pointer::push(&pointer, key),
            Step::Index(index) => pointer::push(&pointer, &index.to_string()),
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

/// What the loader reads, named in every refusal of a version.
const VERSIONS_READ: &str = "Swagger 2.0, OpenAPI 3.0.x and OpenAPI 3.1.x";

/// The version of the document, or a refusal naming the versions read.
fn check_version(doc: &Document) -> Result<SourceVersion, Diagnostic> {
    let Value::Object(root) = &doc.raw else {
        return Err(doc.diagnostic(
            "#",
            format!(
                "the document is not a mapping; an OpenAPI document starts with `openapi: 3.x.y` \
                 or `swagger: \"2.0\"` (this generator reads {VERSIONS_READ})"
            ),
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        let version = swagger
            .as_str()
            .map_or_else(|| swagger.to_string(), str::to_string);
        return if version == "2.0" {
            Ok(SourceVersion::Swagger2)
        } else {
            Err(doc.diagnostic(
                "#/swagger",
                format!("Swagger {version} is not read; this generator reads {VERSIONS_READ}"),
            ))
        };
    }
    match root.get("openapi") {
        None => Err(doc.diagnostic(
            "#",
            format!(
                "missing `openapi` version field (or `swagger: \"2.0\"`); this generator \
                 reads {VERSIONS_READ}"
            ),
        )),
        Some(Value::String(version)) => {
            if version == "3.0" || version.starts_with("3.0.") {
                Ok(SourceVersion::OpenApi30)
            } else if version == "3.1" || version.starts_with("3.1.") {
                Ok(SourceVersion::OpenApi31)
            } else {
                Err(doc.diagnostic(
                    "#/openapi",
                    format!("OpenAPI {version} is not read; this generator reads {VERSIONS_READ}"),
                ))
            }
        }
        Some(other) => Err(doc.diagnostic(
            "#/openapi",
            format!("`openapi` must be a string such as \"3.0.3\" (quote it in YAML), not {other}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
