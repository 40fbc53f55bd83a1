//! Parameters: path-level and operation-level ones merged and checked against the path
//! template, each lowered with its style; also the type of a parameter or header value.

use std::collections::BTreeSet;

use openapiv3 as oa;
use serde_json::Value;

use super::Found;
use super::media::{MediaKind, media_kind};
use super::template::parse_template;
use crate::ir;
use crate::lower::schema::{any_ty, flat};
use crate::lower::{
    Cx, INVALID_CODE, MISSING_CODE, PATTERN_CODE, SRef, component_key, extension_text,
    resolve_chain,
};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

/// A parameter in scope for an operation: (use-site pointer, definition pointer, parameter).
type Merged<'a> = (String, String, &'a oa::Parameter);

impl<'a> Cx<'a> {
    /// Path-level and operation-level parameters, merged and lowered.
    pub(super) fn lower_parameters(&mut self, op: &Found<'a>) -> Vec<ir::Parameter> {
        let mut merged = self.merge_parameters(op);
        let template: Vec<String> = parse_template(op.path)
            .parameters()
            .map(str::to_owned)
            .collect();
        self.check_path_parameters(op, &template, &merged);
        merged.retain(|(_, _, parameter)| {
            !matches!(parameter, oa::Parameter::Path { .. })
                || template.contains(&parameter.parameter_data_ref().name)
        });
        let mut lowered: Vec<ir::Parameter> = merged
            .iter()
            .map(|(use_pointer, definition, parameter)| {
                self.lower_parameter(use_pointer, definition, parameter)
            })
            .collect();
        lowered.sort_by_key(|p| match p.location {
            ir::ParamLocation::Path => template
                .iter()
                .position(|name| *name == p.name.wire)
                .unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
        let mut set = NameSet::new();
        for p in &lowered {
            set.add(&p.name.rust, &format!("{:?}:{}", p.location, p.name.wire));
        }
        let rust_names = set.resolve();
        for p in &mut lowered {
            if let Some(rust) = rust_names.get(&format!("{:?}:{}", p.location, p.name.wire)) {
                p.name.rust = rust.clone();
            }
        }
        lowered
    }

    /// The parameters of the path item, then those of the operation, which replace a
    /// path-level one of the same location and name; one declared twice at one level is
    /// an error.
    fn merge_parameters(&mut self, op: &Found<'a>) -> Vec<Merged<'a>> {
        let path_pointer = push_pointer("#/paths", op.path);
        let mut merged: Vec<Merged<'a>> = Vec::new();
        let levels = [
            (
                push_pointer(&path_pointer, "parameters"),
                &op.item.parameters,
            ),
            (
                push_pointer(&op.pointer, "parameters"),
                &op.operation.parameters,
            ),
        ];
        for (level, (base, list)) in levels.iter().enumerate() {
            let mut seen_here = BTreeSet::new();
            for (index, entry) in list.iter().enumerate() {
                let use_pointer = push_pointer(base, &index.to_string());
                let Some((definition, parameter)) = self.resolve_parameter(&use_pointer, entry)
                else {
                    continue;
                };
                let key = param_key(parameter);
                if !seen_here.insert(key.clone()) {
                    self.error(
                        &use_pointer,
                        format!("parameter `{}` in {} is declared twice", key.1, key.0),
                    );
                    continue;
                }
                if level == 1 {
                    merged.retain(|(_, _, p)| param_key(p) != key);
                }
                merged.push((use_pointer, definition, parameter));
            }
        }
        merged
    }

    /// The parameter an entry stands for, with the pointer of its definition; a bad
    /// `$ref` is reported.
    fn resolve_parameter(
        &mut self,
        pointer: &str,
        entry: &'a oa::ReferenceOr<oa::Parameter>,
    ) -> Option<(String, &'a oa::Parameter)> {
        match entry {
            oa::ReferenceOr::Item(parameter) => Some((pointer.to_string(), parameter)),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "parameter",
                    |k| components.and_then(|c| c.parameters.get(k)),
                    |p| component_key(p, "parameters"),
                    &self.extra.parameters,
                ) {
                    Ok(found) => Some(found),
                    Err(message) => {
                        self.error(pointer, message);
                        None
                    }
                }
            }
        }
    }

    /// Reports template parameters without an `in: path` parameter, and warns of path
    /// parameters missing from the template (a spec bug; the caller drops them).
    fn check_path_parameters(
        &mut self,
        op: &Found<'a>,
        template: &[String],
        merged: &[Merged<'a>],
    ) {
        let declared: BTreeSet<&str> = merged
            .iter()
            .filter(|(_, _, p)| matches!(p, oa::Parameter::Path { .. }))
            .map(|(_, _, p)| p.parameter_data_ref().name.as_str())
            .collect();
        for name in template {
            if !declared.contains(name.as_str()) {
                self.error(
                    &op.pointer,
                    format!("path parameter `{{{name}}}` has no parameter with `in: path`"),
                );
            }
        }
        for (use_pointer, _, parameter) in merged {
            let name = &parameter.parameter_data_ref().name;
            if matches!(parameter, oa::Parameter::Path { .. }) && !template.contains(name) {
                self.warn(
                    use_pointer,
                    format!(
                        "parameter `{name}` is `in: path` but the path has no `{{{name}}}`; \
                         it is left out"
                    ),
                );
            }
        }
    }

    /// One parameter: its location and style, its type and the error codes of its
    /// extensions.
    fn lower_parameter(
        &mut self,
        use_pointer: &str,
        definition: &str,
        parameter: &'a oa::Parameter,
    ) -> ir::Parameter {
        let data = parameter.parameter_data_ref();
        let (location, style) = match parameter {
            oa::Parameter::Query { style, .. } => (
                ir::ParamLocation::Query,
                match style {
                    oa::QueryStyle::Form => ir::ParamStyle::Form,
                    oa::QueryStyle::SpaceDelimited => ir::ParamStyle::SpaceDelimited,
                    oa::QueryStyle::PipeDelimited => ir::ParamStyle::PipeDelimited,
                    oa::QueryStyle::DeepObject => ir::ParamStyle::DeepObject,
                },
            ),
            oa::Parameter::Path { style, .. } => (
                ir::ParamLocation::Path,
                match style {
                    oa::PathStyle::Matrix => ir::ParamStyle::Matrix,
                    oa::PathStyle::Label => ir::ParamStyle::Label,
                    oa::PathStyle::Simple => ir::ParamStyle::Simple,
                },
            ),
            oa::Parameter::Header { .. } => (ir::ParamLocation::Header, ir::ParamStyle::Simple),
            oa::Parameter::Cookie { .. } => (ir::ParamLocation::Cookie, ir::ParamStyle::Form),
        };
        let (mut ty, schema) = self.value_format(definition, &data.format);
        if let Some(code) = extension_text(&data.extensions, PATTERN_CODE) {
            self.recode_patterns(&mut ty, &code);
        }
        let missing = extension_text(&data.extensions, MISSING_CODE);
        let invalid = extension_text(&data.extensions, INVALID_CODE);
        if missing.is_some() || invalid.is_some() {
            self.parameter_codes
                .insert(use_pointer.to_owned(), (missing, invalid));
        }
        ir::Parameter {
            name: ir::Name {
                rust: names::field_name(&data.name),
                wire: data.name.clone(),
            },
            location,
            required: location == ir::ParamLocation::Path || data.required,
            ty,
            style,
            explode: data.explode.unwrap_or(style == ir::ParamStyle::Form),
            fixed_value: schema.and_then(fixed_value),
            default: schema.and_then(|s| s.schema_data.default.clone()),
            docs: ir::Docs {
                title: None,
                description: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                example: data.example.clone(),
            },
            pointer: use_pointer.to_string(),
        }
    }

    /// The type of a parameter or header (`schema`, or `content` with one media type) and
    /// the resolved schema.
    pub(super) fn value_format(
        &mut self,
        definition: &str,
        format: &'a oa::ParameterSchemaOrContent,
    ) -> (ir::Ty, Option<&'a oa::Schema>) {
        let (pointer, sref) = match format {
            oa::ParameterSchemaOrContent::Schema(schema) => {
                (push_pointer(definition, "schema"), SRef::from(schema))
            }
            oa::ParameterSchemaOrContent::Content(content) => {
                // A JSON media type if there is one, else the first by name.
                let chosen = content
                    .iter()
                    .filter(|(media_type, _)| media_kind(media_type) == MediaKind::Json)
                    .min_by_key(|(media_type, _)| media_type.as_str())
                    .or_else(|| {
                        content
                            .iter()
                            .min_by_key(|(media_type, _)| media_type.as_str())
                    });
                match chosen.and_then(|(media_type, media)| {
                    media.schema.as_ref().map(|schema| (media_type, schema))
                }) {
                    Some((media_type, schema)) => (
                        push_pointer(
                            &push_pointer(&push_pointer(definition, "content"), media_type),
                            "schema",
                        ),
                        SRef::from(schema),
                    ),
                    None => return (any_ty(), None),
                }
            }
        };
        let ty = self.use_ty(&pointer, sref);
        let schema = match sref {
            SRef::Item(schema) => Some(schema),
            SRef::Ref(reference) => self.resolve_schema(reference).ok().map(|(_, s)| s),
        };
        (ty, schema)
    }
}

/// The parameter's (location, name), which identifies it within an operation.
fn param_key(parameter: &oa::Parameter) -> (&'static str, String) {
    let location = match parameter {
        oa::Parameter::Query { .. } => "query",
        oa::Parameter::Header { .. } => "header",
        oa::Parameter::Path { .. } => "path",
        oa::Parameter::Cookie { .. } => "cookie",
    };
    (location, parameter.parameter_data_ref().name.clone())
}

/// The only value a string enum allows, if it has exactly one.
pub(super) fn fixed_value(schema: &oa::Schema) -> Option<String> {
    let f = flat(schema);
    if !matches!(f.typ, Some("string") | None) {
        return None;
    }
    match f.values().as_slice() {
        [Value::String(value)] => Some(value.clone()),
        _ => None,
    }
}
