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
//!   property declared twice must agree (a refinement such as string → enum is fine).
//! - A `oneOf`/`anyOf` with one non-null branch, or an `allOf` with one non-object part,
//!   is that branch; when the branch is inline in a component schema, it takes the
//!   component's name instead of an alias. A component that is only a `$ref` to another
//!   named type is an `Alias` of `Named`.
//! - Inline union branches are named after their `title`, else the value of a required
//!   one-value property (`type: {enum: [range_to]}` → `…RangeTo`), else `Variant{i}` with
//!   `i` the 0-based index in the pointer. Untagged variants are ordered most specific
//!   first (see `schema::untagged`), and branches that can match the same value are
//!   warned of.
//! - Callbacks and links are ignored with a warning each.
//! - A `$ref` with a sibling `nullable: true` (or `description`, `readOnly`, ...) keeps the
//!   sibling, although `openapiv3` drops it: the raw document is consulted.
//! - Patterns are interned with their error code (`x-pattern-error-code` on the property
//!   or parameter that uses the pattern, else on the schema that declares it); one regex
//!   used with two codes is two patterns.
//! - Every problem is collected; lowering fails with all of them at once.

pub mod cycles;
mod errors;
mod operation;
mod patterns;
mod schema;
mod server;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3 as oa;
use serde_json::Value;

use crate::error::{Diagnostic, Error};
use crate::ir;
use crate::load::{Document, deserialize};
use crate::names::{self, NameSet};
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
    let extra = Extra::build(doc);
    let mut cx = Cx::new(doc, &extra);
    cx.lower_component_schemas();
    let security_schemes = cx.lower_security_schemes();
    let mut operations = cx.lower_operations();
    cx.drain_queue();
    let tags = cx.lower_tags(&operations);
    let servers = operation::lower_servers(&doc.openapi.servers);
    let mut types = cx.finish_types();
    if !cx.diags.is_empty() {
        return Err(doc.spec_error(std::mem::take(&mut cx.diags)));
    }
    let renames = cx.type_names();
    for def in &mut types {
        fix_type_def(def, &renames);
    }
    for op in &mut operations {
        fix_operation(op, &renames);
    }
    types.sort_by(|a, b| a.name.cmp(&b.name));
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let info = &doc.openapi.info;
    let server_traits = server::traits(&info.title, &tags, &operations);
    server::name_operations(&mut operations, &server_traits, &mut cx.warnings);
    let errors = errors::error_model(&cx, &types, &operations);
    let mut warnings = std::mem::take(&mut cx.warnings);
    warnings.sort();
    warnings.dedup();
    let boxed = cycles::boxed_members(&types);
    Ok(ir::Api {
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
        errors,
        server_traits,
        warnings,
    })
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

    /// Final names of all types, by pointer.
    fn type_names(&self) -> HashMap<String, String> {
        let mut set = NameSet::new();
        for pointer in self.types.keys() {
            let is_component = component_key(pointer, "schemas").is_some()
                || self.component_delegates.contains_key(pointer);
            let priority = if is_component { "0" } else { "1" };
            set.add(&self.propose(pointer), &format!("{priority}{pointer}"));
        }
        set.resolve()
            .into_iter()
            .map(|(origin, name)| (origin.get(1..).unwrap_or_default().to_string(), name))
            .collect()
    }

    /// The name a type at `pointer` asks for, derived from the pointer alone.
    fn propose(&self, pointer: &str) -> String {
        let segs = pointer::segments(pointer);
        let s: Vec<&str> = segs.iter().map(String::as_str).collect();
        let (base, rest): (String, &[&str]) = match s.as_slice() {
            ["components", "schemas", key, rest @ ..] => (names::type_name(key), rest),
            ["components", "parameters", key, rest @ ..] => {
                (names::type_name(key), after_schema(rest))
            }
            ["components", "headers", key, rest @ ..] => {
                (names::type_name(key), after_schema(rest))
            }
            ["components", "requestBodies", key, rest @ ..] => {
                (format!("{}Body", names::type_name(key)), after_schema(rest))
            }
            ["components", "responses", key, "headers", header, rest @ ..] => (
                format!("{}{}", response_key_name(key), names::type_name(header)),
                after_schema(rest),
            ),
            ["components", "responses", key, rest @ ..] => (
                format!("{}Body", response_key_name(key)),
                after_schema(rest),
            ),
            ["paths", path, "parameters", index, rest @ ..] => {
                let param = self.param_name_at(&format!(
                    "{}/parameters/{index}",
                    push_pointer("#/paths", path)
                ));
                (
                    format!("{}{}", path_type_name(path), names::type_name(&param)),
                    after_schema(rest),
                )
            }
            ["paths", path, method, "parameters", index, rest @ ..] => {
                let op = push_pointer(&push_pointer("#/paths", path), method);
                let param = self.param_name_at(&format!("{op}/parameters/{index}"));
                (
                    format!("{}{}", self.op_type_name(&op), names::type_name(&param)),
                    after_schema(rest),
                )
            }
            ["paths", path, method, "requestBody", rest @ ..] => {
                let op = push_pointer(&push_pointer("#/paths", path), method);
                (
                    format!("{}Body", self.op_type_name(&op)),
                    after_schema(rest),
                )
            }
            [
                "paths",
                path,
                method,
                "responses",
                status,
                "headers",
                header,
                rest @ ..,
            ] => {
                let op = push_pointer(&push_pointer("#/paths", path), method);
                (
                    format!(
                        "{}{}{}",
                        self.op_type_name(&op),
                        operation::status_key_variant(status),
                        names::type_name(header)
                    ),
                    after_schema(rest),
                )
            }
            ["paths", path, method, "responses", status, rest @ ..] => {
                let op = push_pointer(&push_pointer("#/paths", path), method);
                (
                    format!(
                        "{}{}Body",
                        self.op_type_name(&op),
                        operation::status_key_variant(status)
                    ),
                    after_schema(rest),
                )
            }
            _ => (names::type_name(&s.join(" ")), &[]),
        };
        let mut name = base;
        // Walk the schema keywords after the base, rebuilding the pointer for titles.
        let skipped = s.len() - rest.len();
        let mut prefix = "#".to_string();
        for seg in s.iter().take(skipped) {
            prefix = push_pointer(&prefix, seg);
        }
        let mut i = 0;
        while let Some(seg) = rest.get(i) {
            let next = rest.get(i + 1).copied();
            prefix = push_pointer(&prefix, seg);
            match (*seg, next) {
                ("properties", Some(property)) => {
                    name.push_str(&names::type_name(property));
                    prefix = push_pointer(&prefix, property);
                    i += 2;
                }
                ("items", _) => {
                    name.push_str("Item");
                    i += 1;
                }
                ("additionalProperties", _) => {
                    name.push_str("Value");
                    i += 1;
                }
                ("allOf", Some(index)) => {
                    prefix = push_pointer(&prefix, index);
                    i += 2;
                }
                ("oneOf" | "anyOf", Some(index)) => {
                    let wrapper = prefix.rsplit_once('/').map(|(w, _)| w.to_string());
                    prefix = push_pointer(&prefix, index);
                    // The one non-null branch of a wrapper stands for the wrapper.
                    if wrapper.is_some_and(|w| self.is_single_branch_wrapper(&w, seg)) {
                        i += 2;
                        continue;
                    }
                    let branch = self.raw_at(&prefix);
                    let title = branch
                        .and_then(|v| v.get("title"))
                        .and_then(Value::as_str)
                        .map(names::type_name)
                        .filter(|t| t != "Empty");
                    match title.or_else(|| self.const_property_value(branch)) {
                        Some(title) => name.push_str(&title),
                        None => name.push_str(&format!("Variant{index}")),
                    }
                    i += 2;
                }
                (other, _) => {
                    name.push_str(&names::type_name(other));
                    i += 1;
                }
            }
        }
        if !names::is_valid_ident(&name) {
            name = names::type_name(&name);
        }
        name
    }

    /// Whether the raw schema at `pointer` is a `oneOf`/`anyOf` (under `keyword`) with one
    /// branch that is not `null` and no discriminator, which lowering collapses.
    fn is_single_branch_wrapper(&self, pointer: &str, keyword: &str) -> bool {
        let Some(schema) = self.raw_at(pointer) else {
            return false;
        };
        if schema.get("discriminator").is_some() {
            return false;
        }
        let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
            return false;
        };
        let is_null = |branch: &Value| {
            let branch = match branch.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.doc.resolve_raw(reference) {
                    Some((target, _)) => target,
                    None => return false,
                },
                None => branch,
            };
            branch.get("type").and_then(Value::as_str) == Some("null")
                || branch
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null))
        };
        branches.iter().filter(|branch| !is_null(branch)).count() == 1
    }

    /// For a raw object schema with a required property that allows one string (a tag such
    /// as `type: {enum: [vpc]}`), that string as a type name.
    fn const_property_value(&self, schema: Option<&'a Value>) -> Option<String> {
        let schema = schema?;
        let required = schema.get("required")?.as_array()?;
        let properties = schema.get("properties")?.as_object()?;
        for (name, property) in properties {
            if !required.iter().any(|r| r.as_str() == Some(name)) {
                continue;
            }
            let property = match property.get("$ref").and_then(Value::as_str) {
                Some(reference) => self.doc.resolve_raw(reference).map(|(v, _)| v)?,
                None => property,
            };
            if let Some([Value::String(value)]) = property
                .get("enum")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
            {
                let name = names::type_name(value);
                if name != "Empty" {
                    return Some(name);
                }
            }
        }
        None
    }

    /// The `name` of the parameter at `pointer`, following a chain of `$ref`s of any length
    /// (up to a cycle).
    fn param_name_at(&self, pointer: &str) -> String {
        let mut value = self.raw_at(pointer);
        let mut seen = HashSet::new();
        while let Some(reference) = value.and_then(|v| v.get("$ref")).and_then(Value::as_str) {
            if !seen.insert(reference) {
                value = None;
                break;
            }
            value = self.doc.resolve_raw(reference).map(|(v, _)| v);
        }
        value
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("param")
            .to_string()
    }

    /// The UpperCamelCase name of the operation at `pointer`.
    fn op_type_name(&self, pointer: &str) -> String {
        if let Some(name) = self.op_type_names.get(pointer) {
            return name.clone();
        }
        let segs = pointer::segments(pointer);
        match segs.as_slice() {
            [_, path, method] => {
                let id = self
                    .raw_at(pointer)
                    .and_then(|v| v.get("operationId"))
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| operation::generated_id(method, path));
                names::type_name(&names::fn_name(&id))
            }
            _ => names::type_name(pointer),
        }
    }
}

/// The part of a parameter/body/header pointer after its `schema` keyword.
fn after_schema<'s>(rest: &'s [&'s str]) -> &'s [&'s str] {
    match rest.iter().position(|seg| *seg == "schema") {
        Some(index) => rest.get(index + 1..).unwrap_or(&[]),
        None => rest,
    }
}

/// The type name part for a `components/responses` key; a status code key such as `404`
/// gives its reason phrase (`NotFound`).
fn response_key_name(key: &str) -> String {
    match key.parse::<u16>() {
        Ok(_) => operation::status_key_variant(key),
        Err(_) => names::type_name(key),
    }
}

/// A type name for a path: its static segments (`/pets/{id}/toys` → `PetsToys`).
fn path_type_name(path: &str) -> String {
    let words: Vec<&str> = path
        .split('/')
        .filter(|seg| !seg.is_empty() && !seg.starts_with('{'))
        .collect();
    if words.is_empty() {
        "Root".to_string()
    } else {
        names::type_name(&words.join(" "))
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

/// Replaces pointer placeholders in a type definition by final names.
fn fix_type_def(def: &mut ir::TypeDef, renames: &HashMap<String, String>) {
    if let Some(name) = renames.get(&def.pointer) {
        def.name = name.clone();
    }
    match &mut def.kind {
        ir::TypeKind::Struct(st) => {
            for field in &mut st.fields {
                fix_ty(&mut field.ty, renames);
            }
            if let Some(ty) = &mut st.additional_properties {
                fix_ty(ty, renames);
            }
        }
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) => {}
        ir::TypeKind::Tagged(tagged) => {
            for variant in &mut tagged.variants {
                if let Some(name) = renames.get(&variant.type_name) {
                    variant.type_name = name.clone();
                }
            }
        }
        ir::TypeKind::Untagged(union) => {
            for variant in &mut union.variants {
                fix_ty(&mut variant.ty, renames);
            }
            schema::name_untagged_variants(&def.name, union);
        }
        ir::TypeKind::Alias(ty) => fix_ty(ty, renames),
    }
}

/// Replaces pointer placeholders in a type use by final names.
fn fix_ty(ty: &mut ir::Ty, renames: &HashMap<String, String>) {
    match &mut ty.kind {
        ir::TyKind::Named(pointer) => {
            if let Some(name) = renames.get(pointer.as_str()) {
                *pointer = name.clone();
            }
        }
        ir::TyKind::Array(inner) | ir::TyKind::Map(inner) => fix_ty(inner, renames),
        _ => {}
    }
}

fn fix_operation(op: &mut ir::Operation, renames: &HashMap<String, String>) {
    for param in &mut op.parameters {
        fix_ty(&mut param.ty, renames);
    }
    let fix_contents = |contents: &mut Vec<ir::MediaContent>| {
        for content in contents {
            if let ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty) = &mut content.body {
                fix_ty(ty, renames);
            }
        }
    };
    if let Some(body) = &mut op.request_body {
        fix_contents(&mut body.contents);
    }
    for response in &mut op.responses {
        fix_contents(&mut response.contents);
        for header in &mut response.headers {
            fix_ty(&mut header.ty, renames);
        }
    }
}
