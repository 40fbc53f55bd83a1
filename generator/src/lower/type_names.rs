//! Type names: each lowered type proposes a name derived from its pointer alone, the
//! proposals are resolved into unique names, and the placeholders are replaced by them.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{Cx, component_key, operation, schema};
use crate::ir;
use crate::names::{self, NameSet};
use crate::pointer::{self, push as push_pointer};

impl<'a> Cx<'a> {
    /// Final names of all types, by pointer.
    pub(super) fn type_names(&self) -> HashMap<String, String> {
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
            ["components", "schemas", key, rest @ ..] => (names::type_name_part(key), rest),
            ["components", "parameters", key, rest @ ..] => {
                (names::type_name_part(key), after_schema(rest))
            }
            ["components", "headers", key, rest @ ..] => {
                (names::type_name_part(key), after_schema(rest))
            }
            ["components", "requestBodies", key, rest @ ..] => (
                format!("{}Body", names::type_name_part(key)),
                after_schema(rest),
            ),
            ["components", "responses", key, "headers", header, rest @ ..] => (
                format!(
                    "{}{}",
                    response_key_name(key),
                    names::type_name_part(header)
                ),
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
                    format!("{}{}", path_type_name(path), names::type_name_part(&param)),
                    after_schema(rest),
                )
            }
            ["paths", path, method, "parameters", index, rest @ ..] => {
                let op = push_pointer(&push_pointer("#/paths", path), method);
                let param = self.param_name_at(&format!("{op}/parameters/{index}"));
                (
                    format!(
                        "{}{}",
                        self.op_type_name(&op),
                        names::type_name_part(&param)
                    ),
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
                        names::type_name_part(header)
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
            _ => (names::type_name_part(&s.join(" ")), &[]),
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
                    name.push_str(&names::type_name_part(property));
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
                        .map(names::type_name_part)
                        .filter(|t| t != "Empty");
                    match title.or_else(|| self.const_property_value(branch)) {
                        Some(title) => name.push_str(&title),
                        None => name.push_str(&format!("Variant{index}")),
                    }
                    i += 2;
                }
                (other, _) => {
                    name.push_str(&names::type_name_part(other));
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

/// Replaces pointer placeholders in a type definition by final names.
pub(super) fn fix_type_def(def: &mut ir::TypeDef, renames: &HashMap<String, String>) {
    if let Some(name) = renames.get(&def.pointer) {
        def.name = name.clone();
    }
    for_each_use_in_type(def, &mut |ty| fix_ty(ty, renames));
    match &mut def.kind {
        ir::TypeKind::Tagged(tagged) => {
            for variant in &mut tagged.variants {
                if let Some(name) = renames.get(&variant.type_name) {
                    variant.type_name = name.clone();
                }
            }
        }
        ir::TypeKind::Untagged(union) => schema::name_untagged_variants(&def.name, union),
        _ => {}
    }
}

/// Calls `visit` on every type use a definition holds directly (fields, additional
/// properties, untagged variants, the aliased type), not on the types inside them.
pub(super) fn for_each_use_in_type(def: &mut ir::TypeDef, visit: &mut impl FnMut(&mut ir::Ty)) {
    match &mut def.kind {
        ir::TypeKind::Struct(st) => {
            for field in &mut st.fields {
                visit(&mut field.ty);
            }
            if let Some(ty) = &mut st.additional_properties {
                visit(ty);
            }
        }
        ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) | ir::TypeKind::Tagged(_) => {}
        ir::TypeKind::Untagged(union) => {
            for variant in &mut union.variants {
                visit(&mut variant.ty);
            }
        }
        ir::TypeKind::Alias(ty) => visit(ty),
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

pub(super) fn fix_operation(op: &mut ir::Operation, renames: &HashMap<String, String>) {
    for_each_use_in_operation(op, &mut |ty| fix_ty(ty, renames));
}

/// Calls `visit` on every type use of an operation: parameters, bodies, headers.
pub(super) fn for_each_use_in_operation(
    op: &mut ir::Operation,
    visit: &mut impl FnMut(&mut ir::Ty),
) {
    for param in &mut op.parameters {
        visit(&mut param.ty);
    }
    let mut visit_contents = |contents: &mut Vec<ir::MediaContent>| {
        for content in contents {
            if let ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty) = &mut content.body {
                visit(ty);
            }
        }
    };
    if let Some(body) = &mut op.request_body {
        visit_contents(&mut body.contents);
    }
    for response in &mut op.responses {
        visit_contents(&mut response.contents);
    }
    for response in &mut op.responses {
        for header in &mut response.headers {
            visit(&mut header.ty);
        }
    }
}
