//! Lowering: turns a loaded `openapiv3` document into the plain, ordered data of [`ir`].
//!
//! Lowering and `load` (which parses the document) are the only modules that read
//! `openapiv3` types. Lowering works in four steps:
//!
//! 1. Schemas are lowered on demand. Every schema that needs a Rust type of its own (an
//!    object, a string or integer enum, a union) becomes a `TypeDef` keyed by its canonical
//!    JSON pointer; uses refer to it as `TyKind::Named(pointer)` for now. Named types are
//!    queued and lowered one at a time, so recursion through `$ref` never deepens the stack.
//!    A named schema that is a primitive, array or map becomes an `Alias`, and every `$ref`
//!    to it is inlined at the use site.
//! 2. Operations, parameters, bodies, responses and security are lowered in sorted order.
//! 3. Names are given at the end: each type proposes a name derived only from its pointer
//!    (`#/components/schemas/Pet/properties/owner` → `PetOwner`), [`NameSet`] resolves
//!    collisions (component schemas first, then by pointer), and every placeholder pointer
//!    is replaced by the final name. So a name never depends on the order of the spec.
//! 4. The server's decisions are made on the sorted operations (`server`): one trait per
//!    tag, handler and authentication function names, and the operations whose method and
//!    route shape an earlier one has (warned of; the router serves the first). The error
//!    model (`errors`) takes the error body's shape from the 400 body and the codes from
//!    the `x-*-error-code` extensions and a default vocabulary.
//!
//! Decisions worth knowing:
//! - Object properties keep spec order (it is the field order users expect); everything
//!   keyed by name (types, operations, schemes, responses) is sorted.
//! - `not` alone is refused; `not` next to other keywords is ignored with a warning.
//! - A `oneOf` with a discriminator maps tag values to branches: `mapping` entries first,
//!   then each unmapped branch with the one value its tag property allows (`enum: [track]`)
//!   or else, as OpenAPI says, its schema name.
//! - `allOf` merges object parts (following `$ref`s) into one struct, except that a single
//!   `$ref` beside only docs, `nullable` or `readOnly` is that type, not a copy of it. A
//!   property declared twice takes the refinement (string → enum, an object → the same
//!   object with more properties, `{}` → a type) with both declarations' constraints;
//!   declarations that contradict take the most general type both allow, with a warning.
//! - A `oneOf`/`anyOf` with one non-null branch, or an `allOf` with one non-object part,
//!   is that branch; when the branch is inline in a component schema, it takes the
//!   component's name instead of an alias. A component that is only a `$ref` to another
//!   named type is an `Alias` of `Named`.
//! - Inline union branches are named after their `title`, else the value of a required
//!   one-value property (`type: {enum: [range_to]}` → `…RangeTo`), else `Variant{i}` with
//!   `i` the 0-based index in the pointer. Untagged variants are ordered most specific
//!   first (see `schema::untagged`), and branches that can match the same value are
//!   warned of. An enum branch tried before a branch that takes the same kind of value
//!   decodes only its listed values, so that its catch-all shadows nothing.
//! - An array or map schema that contains itself (`A: {items: {$ref: A}}`) is a named
//!   one-variant untagged union around `Vec<A>` or the map, which reads the same JSON.
//! - Spec bugs that leave the intent clear are warned of and generated around: a response
//!   `$ref` to a request body, a path parameter the path does not declare (left out), a
//!   path's fragment (left out of the route and the URL), a discriminator that cannot
//!   work as written (branches sharing a tag value, a mapping to an array: the union is
//!   decoded untagged).
//! - Callbacks and links are ignored with a warning each.
//! - A `$ref` with a sibling `nullable: true` (or `description`, `readOnly`, ...) keeps the
//!   sibling, although `openapiv3` drops it: the raw document is consulted.
//! - Patterns are interned with their error code (`x-pattern-error-code` on the property
//!   or parameter that uses the pattern, else on the schema that declares it); one regex
//!   used with two codes is two patterns.
//! - Every problem is collected; lowering fails with all of them at once.
//!   [`lower_tolerant`] returns them with the IR it could build instead, every named
//!   schema with a problem inside it degraded to "any value" (see `degrade`).

pub mod cycles;
mod degrade;
mod errors;
mod operation;
mod patterns;
mod schema;
mod server;
mod type_names;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

use crate::error::{Diagnostic, Error};
use crate::ir;
use crate::load::{Document, deserialize};

use crate::pointer::{self, canonical_ref, push as push_pointer, value_at};

pub use operation::parse_template;
pub use server::route_shape;

/// The error model of an API without a spec of its own: plain bodies, no extension codes,
/// the default vocabulary (for IR built by hand).
pub fn plain_error_model() -> ir::ErrorModel {
    ir::ErrorModel {
        shape: ir::ErrorShape::Plain,
        schemes: Vec::new(),
        parameters: Vec::new(),
        vocabulary: errors::default_vocabulary(),
        bodies: Vec::new(),
    }
}

/// Lowers a loaded document into the IR, or fails with every problem found.
pub fn lower(doc: &Document) -> Result<ir::Api, Error> {
    let partial = lower_tolerant(doc);
    if partial.errors.is_empty() {
        Ok(partial.api)
    } else {
        Err(doc.spec_error(partial.errors))
    }
}

/// The IR lowering could build from a document, with the problems that stop generation.
#[derive(Debug, Clone)]
pub struct Partial {
    /// Everything that lowered; each named schema that did not is "any value" here.
    pub api: ir::Api,
    /// The problems [`lower`] would fail with, sorted; empty when the document lowers.
    pub errors: Vec<Diagnostic>,
}

/// Lowers a document as far as it goes: the IR of everything that lowers, every named
/// schema with a problem inside it degraded to "any value" ([`ir::TyKind::Any`]), and the
/// problems. For tools that read a spec the generator refuses, such as the diff; the IR is
/// only for emitting when `errors` is empty.
pub fn lower_tolerant(doc: &Document) -> Partial {
    let extra = Extra::build(doc);
    let mut cx = Cx::new(doc, &extra);
    for note in doc.notes() {
        cx.warn(&note.pointer, &note.message);
    }
    cx.lower_component_schemas();
    let security_schemes = cx.lower_security_schemes();
    let mut operations = cx.lower_operations();
    cx.drain_queue();
    let tags = cx.lower_tags(&operations);
    let servers = operation::lower_servers(&doc.openapi.servers);
    let mut types = cx.finish_types();
    let mut errors = std::mem::take(&mut cx.diags);
    errors.sort();
    errors.dedup();
    if !errors.is_empty() {
        degrade::degrade_failed_types(&mut types, &mut operations, &errors);
    }
    let renames = cx.type_names();
    for def in &mut types {
        type_names::fix_type_def(def, &renames);
    }
    for op in &mut operations {
        type_names::fix_operation(op, &renames);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let info = &doc.openapi.info;
    let server_traits = server::traits(&info.title, &tags, &operations);
    server::name_operations(&mut operations, &server_traits, &mut cx.warnings);
    let error_model = errors::error_model(&cx, &types, &operations);
    let mut warnings = std::mem::take(&mut cx.warnings);
    warnings.sort();
    warnings.dedup();
    let boxed = cycles::boxed_members(&types);
    let api = ir::Api {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        servers,
        types,
        boxed,
        operations,
        security_schemes,
        tags,
        patterns: std::mem::take(&mut cx.interned_patterns),
        errors: error_model,
        server_traits,
        warnings,
    };
    Partial { api, errors }
}

/// Objects that `$ref`s point at outside their usual components map (for example
/// `#/paths/~1pets/get/parameters/0`), deserialized once so that lowering can borrow them.
#[derive(Debug, Default)]
struct Extra {
    schemas: HashMap<String, oa::ReferenceOr<oa::Schema>>,
    parameters: HashMap<String, oa::ReferenceOr<oa::Parameter>>,
    request_bodies: HashMap<String, oa::ReferenceOr<oa::RequestBody>>,
    responses: HashMap<String, oa::ReferenceOr<oa::Response>>,
    headers: HashMap<String, oa::ReferenceOr<oa::Header>>,
}

impl Extra {
    fn build(doc: &Document) -> Self {
        let mut extra = Extra::default();
        for reference in doc.references() {
            let Some((value, pointer)) = doc.resolve_raw(reference) else {
                continue;
            };
            // A component is lowered from its own map; only targets elsewhere need a copy.
            if COMPONENT_KINDS
                .iter()
                .any(|kind| component_key(&pointer, kind).is_some())
            {
                continue;
            }
            if let Ok(schema) = deserialize(value) {
                extra.schemas.insert(pointer.clone(), schema);
            }
            if let Ok(parameter) = deserialize(value) {
                extra.parameters.insert(pointer.clone(), parameter);
            }
            if let Ok(body) = deserialize(value) {
                extra.request_bodies.insert(pointer.clone(), body);
            }
            if let Ok(response) = deserialize(value) {
                extra.responses.insert(pointer.clone(), response);
            }
            if let Ok(header) = deserialize(value) {
                extra.headers.insert(pointer.clone(), header);
            }
        }
        extra
    }
}

/// The component maps whose entries lowering reads from `openapiv3` directly.
const COMPONENT_KINDS: [&str; 5] = [
    "schemas",
    "parameters",
    "requestBodies",
    "responses",
    "headers",
];

/// The key of `#/components/{kind}/{key}`, unescaped, when `pointer` is exactly that.
fn component_key(pointer: &str, kind: &str) -> Option<String> {
    let rest = pointer.strip_prefix("#/components/")?.strip_prefix(kind)?;
    let key = rest.strip_prefix('/')?;
    if key.contains('/') {
        return None;
    }
    Some(pointer::unescape(key).into_owned())
}

/// A schema position: a reference or an inline schema.
#[derive(Debug, Clone, Copy)]
enum SRef<'a> {
    Ref(&'a str),
    Item(&'a oa::Schema),
}

impl<'a> From<&'a oa::ReferenceOr<oa::Schema>> for SRef<'a> {
    fn from(value: &'a oa::ReferenceOr<oa::Schema>) -> Self {
        match value {
            oa::ReferenceOr::Reference { reference } => SRef::Ref(reference),
            oa::ReferenceOr::Item(schema) => SRef::Item(schema),
        }
    }
}

impl<'a> From<&'a oa::ReferenceOr<Box<oa::Schema>>> for SRef<'a> {
    fn from(value: &'a oa::ReferenceOr<Box<oa::Schema>>) -> Self {
        match value {
            oa::ReferenceOr::Reference { reference } => SRef::Ref(reference),
            oa::ReferenceOr::Item(schema) => SRef::Item(schema),
        }
    }
}

/// A named type: the schema it comes from and, once lowered, its definition.
#[derive(Debug)]
struct TypeSlot<'a> {
    schema: Option<&'a oa::Schema>,
    def: Option<ir::TypeDef>,
}

/// Lowering state.
struct Cx<'a> {
    doc: &'a Document,
    api: &'a oa::OpenAPI,
    extra: &'a Extra,
    diags: Vec<Diagnostic>,
    warnings: Vec<ir::Warning>,
    /// Named types by canonical pointer.
    types: BTreeMap<String, TypeSlot<'a>>,
    /// Pointers of named types still to lower.
    queue: Vec<String>,
    /// Where the chain of schema references from each pointer ends.
    schema_chains: RefCell<HashMap<String, ChainEnd<'a, oa::Schema>>>,
    /// The use-site type of each referenced schema; `None` while being computed.
    ref_cache: HashMap<String, Option<ir::Ty>>,
    /// Array and map schemas that contain themselves, which get a named type.
    recursive_containers: HashSet<String>,
    /// Whether each pattern compiles with the `regex` crate.
    patterns: HashMap<String, bool>,
    /// Every pattern with the code of its uses, interned: `ir::Api::patterns`.
    interned_patterns: Vec<ir::Pattern>,
    /// The ids of `interned_patterns` by regex and code.
    pattern_ids: HashMap<(String, Option<String>), ir::PatternId>,
    /// The error codes the security schemes name, by key.
    scheme_codes: Vec<ir::SchemeErrorCodes>,
    /// The error codes parameters name (missing, invalid), by the parameter's use pointer.
    parameter_codes: HashMap<String, (Option<String>, Option<String>)>,
    /// Current depth of nested inline schemas.
    depth: usize,
    /// Operation type names by operation pointer, for naming inline types.
    op_type_names: HashMap<String, String>,
    /// Inline types that stand for a whole component schema (the one branch of a `oneOf`
    /// wrapper, the one part of an `allOf`), by pointer, with the component's key.
    component_delegates: BTreeMap<String, String>,
}

/// How deep inline schemas may nest.
const MAX_SCHEMA_DEPTH: usize = 64;

impl<'a> Cx<'a> {
    fn new(doc: &'a Document, extra: &'a Extra) -> Self {
        Cx {
            doc,
            api: &doc.openapi,
            extra,
            diags: Vec::new(),
            warnings: Vec::new(),
            types: BTreeMap::new(),
            queue: Vec::new(),
            schema_chains: RefCell::new(HashMap::new()),
            ref_cache: HashMap::new(),
            recursive_containers: HashSet::new(),
            patterns: HashMap::new(),
            interned_patterns: Vec::new(),
            pattern_ids: HashMap::new(),
            scheme_codes: Vec::new(),
            parameter_codes: HashMap::new(),
            depth: 0,
            op_type_names: HashMap::new(),
            component_delegates: BTreeMap::new(),
        }
    }

    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        let diagnostic = self.doc.diagnostic(pointer, message);
        self.diags.push(diagnostic);
    }

    /// The interned pattern for `regex` with `code`, added when new.
    fn intern_pattern(&mut self, regex: &str, code: Option<String>) -> ir::Pattern {
        let key = (regex.to_owned(), code);
        if let Some(known) = self
            .pattern_ids
            .get(&key)
            .and_then(|id| self.interned_patterns.get(id.0))
        {
            return known.clone();
        }
        let id = ir::PatternId(self.interned_patterns.len());
        let (regex, code) = key.clone();
        let lengths = patterns::match_lengths(&regex);
        let pattern = ir::Pattern {
            id,
            regex,
            code,
            lengths,
        };
        self.pattern_ids.insert(key, id);
        self.interned_patterns.push(pattern.clone());
        pattern
    }

    /// Gives every pattern of `ty` and of its items the code `code` of a use site
    /// (`x-pattern-error-code` on a property or parameter).
    fn recode_patterns(&mut self, ty: &mut ir::Ty, code: &str) {
        let mut current = ty;
        loop {
            if let Some(pattern) = &current.constraints.pattern {
                let regex = pattern.regex.clone();
                current.constraints.pattern =
                    Some(self.intern_pattern(&regex, Some(code.to_owned())));
            }
            match &mut current.kind {
                ir::TyKind::Array(item) | ir::TyKind::Map(item) => current = item,
                _ => return,
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(ir::Warning {
            pointer: pointer.to_string(),
            message: message.into(),
        });
    }

    /// The raw JSON at a pointer of ours.
    fn raw_at(&self, pointer: &str) -> Option<&'a Value> {
        value_at(&self.doc.raw, pointer.strip_prefix('#').unwrap_or(pointer))
    }

    /// Follows a schema reference to its target, through chains of references of any
    /// length, remembering where each chain ends.
    fn resolve_schema(&self, reference: &str) -> Result<(String, &'a oa::Schema), String> {
        let components = self.api.components.as_ref();
        resolve_chain_with(
            reference,
            "schema",
            |key| components.and_then(|c| c.schemas.get(key)),
            |pointer| component_key(pointer, "schemas"),
            &self.extra.schemas,
            &mut self.schema_chains.borrow_mut(),
        )
    }

    /// Lowers every schema in `components/schemas`, in key order.
    fn lower_component_schemas(&mut self) {
        let Some(components) = self.api.components.as_ref() else {
            return;
        };
        let mut entries: Vec<_> = components.schemas.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, entry) in entries {
            let pointer = push_pointer("#/components/schemas", key);
            let ty = match entry {
                oa::ReferenceOr::Reference { reference } => self.ref_ty(&pointer, reference),
                oa::ReferenceOr::Item(schema) => self.target_ty(&pointer, schema),
            };
            let is_own_type = matches!(&ty.kind, ir::TyKind::Named(p) if *p == pointer);
            // An inline type inside this schema that stands for all of it takes its name.
            if let ir::TyKind::Named(inner) = &ty.kind
                && inner.starts_with(&format!("{pointer}/"))
                && !self.component_delegates.contains_key(inner)
            {
                self.component_delegates.insert(inner.clone(), key.clone());
                continue;
            }
            if !is_own_type {
                let docs = match entry {
                    oa::ReferenceOr::Item(schema) => docs_of(&schema.schema_data),
                    oa::ReferenceOr::Reference { .. } => ir::Docs::default(),
                };
                self.types.insert(
                    pointer.clone(),
                    TypeSlot {
                        schema: entry.as_item(),
                        def: Some(ir::TypeDef {
                            name: String::new(),
                            schema_name: Some(key.clone()),
                            pointer,
                            docs,
                            kind: ir::TypeKind::Alias(ty),
                        }),
                    },
                );
            }
        }
    }

    /// Lowers queued named types until none is left.
    fn drain_queue(&mut self) {
        while let Some(pointer) = self.queue.pop() {
            let Some(schema) = self.types.get(&pointer).and_then(|slot| slot.schema) else {
                continue;
            };
            let kind = self.type_kind(&pointer, schema);
            let mut docs = docs_of(&schema.schema_data);
            let schema_name = match self.component_delegates.get(&pointer) {
                Some(key) => {
                    let wrapper = self
                        .api
                        .components
                        .as_ref()
                        .and_then(|c| c.schemas.get(key))
                        .and_then(|s| s.as_item());
                    if let Some(wrapper) = wrapper {
                        let outer = docs_of(&wrapper.schema_data);
                        docs.title = docs.title.or(outer.title);
                        docs.description = outer.description.or(docs.description);
                        docs.deprecated |= outer.deprecated;
                        docs.example = docs.example.or(outer.example);
                    }
                    Some(key.clone())
                }
                None => component_key(&pointer, "schemas"),
            };
            let def = ir::TypeDef {
                name: String::new(),
                schema_name,
                pointer: pointer.clone(),
                docs,
                kind,
            };
            if let Some(slot) = self.types.get_mut(&pointer) {
                slot.def = Some(def);
            }
        }
    }

    /// Takes the lowered types out of the state.
    fn finish_types(&mut self) -> Vec<ir::TypeDef> {
        self.types
            .values_mut()
            .filter_map(|slot| slot.def.clone())
            .collect()
    }
}

/// Follows a chain of references to an item of one kind, however long; only a real cycle
/// (a reference met twice) is an error.
fn resolve_chain<'a, T>(
    reference: &str,
    what: &str,
    components: impl Fn(&str) -> Option<&'a oa::ReferenceOr<T>>,
    component_of: impl Fn(&str) -> Option<String>,
    extra: &'a HashMap<String, oa::ReferenceOr<T>>,
) -> Result<(String, &'a T), String> {
    let mut ends = HashMap::new();
    resolve_chain_with(reference, what, components, component_of, extra, &mut ends)
}

/// Where a chain of references from one pointer ends.
#[derive(Debug)]
enum ChainEnd<'a, T> {
    /// At an item, with its pointer.
    Item(String, &'a T),
    /// At a reference that leads nowhere; the message says why.
    Broken(String),
    /// In a cycle of references, which the pointer is `on` or leads into.
    Cycle { on: bool },
}

impl<'a, T> Clone for ChainEnd<'a, T> {
    fn clone(&self) -> Self {
        match self {
            ChainEnd::Item(pointer, item) => ChainEnd::Item(pointer.clone(), item),
            ChainEnd::Broken(message) => ChainEnd::Broken(message.clone()),
            ChainEnd::Cycle { on } => ChainEnd::Cycle { on: *on },
        }
    }
}

/// [`resolve_chain`], remembering in `ends` where the chain from each pointer it passes
/// ends, so that resolving every link of one long chain costs the chain's length once.
fn resolve_chain_with<'a, T>(
    reference: &str,
    what: &str,
    components: impl Fn(&str) -> Option<&'a oa::ReferenceOr<T>>,
    component_of: impl Fn(&str) -> Option<String>,
    extra: &'a HashMap<String, oa::ReferenceOr<T>>,
    ends: &mut HashMap<String, ChainEnd<'a, T>>,
) -> Result<(String, &'a T), String> {
    // The pointers passed so far, each with its place in `path`.
    let mut path: Vec<String> = Vec::new();
    let mut places: HashMap<String, usize> = HashMap::new();
    let mut current = reference.to_string();
    // Where the chain ends, and from which place of `path` on the pointers are on a cycle.
    let (end, cycle_from) = loop {
        let Some(pointer) = canonical_ref(&current) else {
            let message = format!("reference {current:?} is not a reference inside the document");
            break (ChainEnd::Broken(message), path.len());
        };
        if let Some(known) = ends.get(&pointer) {
            let end = match known {
                // A pointer on a cycle was passed by the walk that found it: this one is not.
                ChainEnd::Cycle { .. } => ChainEnd::Cycle { on: false },
                other => other.clone(),
            };
            break (end, path.len());
        }
        if let Some(&place) = places.get(&pointer) {
            break (ChainEnd::Cycle { on: false }, place);
        }
        places.insert(pointer.clone(), path.len());
        path.push(pointer.clone());
        let entry = match component_of(&pointer) {
            Some(key) => components(&key),
            None => extra.get(&pointer),
        };
        match entry {
            Some(oa::ReferenceOr::Item(item)) => {
                break (ChainEnd::Item(pointer, item), path.len());
            }
            Some(oa::ReferenceOr::Reference { reference }) => current = reference.clone(),
            None => {
                let message = format!("reference {current:?} does not point at a {what}");
                break (ChainEnd::Broken(message), path.len());
            }
        }
    };
    for (place, pointer) in path.into_iter().enumerate() {
        let end = match &end {
            ChainEnd::Cycle { .. } => ChainEnd::Cycle {
                on: place >= cycle_from,
            },
            other => other.clone(),
        };
        ends.insert(pointer, end);
    }
    let start = canonical_ref(reference).and_then(|pointer| ends.get(&pointer));
    match start.unwrap_or(&end) {
        ChainEnd::Item(pointer, item) => Ok((pointer.clone(), item)),
        ChainEnd::Broken(message) => Err(message.clone()),
        ChainEnd::Cycle { on: true } => Err(format!(
            "reference {reference:?} is part of a cycle of references"
        )),
        ChainEnd::Cycle { on: false } => Err(format!(
            "reference {reference:?} leads into a cycle of references"
        )),
    }
}

/// Documentation of a schema.
fn docs_of(data: &oa::SchemaData) -> ir::Docs {
    ir::Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
        example: data.example.clone(),
    }
}

/// The extension naming the error code of a pattern's violations.
const PATTERN_CODE: &str = "x-pattern-error-code";

/// The extension naming the error code of a missing credential or parameter.
const MISSING_CODE: &str = "x-missing-error-code";

/// The extension naming the error code of a refused credential or a bad parameter value.
const INVALID_CODE: &str = "x-invalid-error-code";

/// The string value of the extension `key`, if any.
fn extension_text(map: &IndexMap<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}
