//! Lowering of operations: parameters, bodies, responses, security, tags and servers.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3 as oa;

use super::schema::flat;
use super::{
    Cx, INVALID_CODE, MISSING_CODE, PATTERN_CODE, SRef, component_key, extension_text,
    resolve_chain,
};
use crate::ir;
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

/// The operation id made up for an operation without `operationId`: the method, the
/// static path segments, then `by` and the path parameters (`get_pets_by_pet_id`).
pub(super) fn generated_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    let mut params = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => params.push(param.to_string()),
            None => words.push(segment.to_string()),
        }
    }
    if !params.is_empty() {
        words.push("by".to_string());
        words.push(params.join(" and "));
    }
    names::fn_name(&words.join(" "))
}

/// Parses a key of a responses object.
fn parse_status(key: &str) -> Option<ir::StatusSpec> {
    if key == "default" {
        return Some(ir::StatusSpec::Default);
    }
    let bytes = key.as_bytes();
    if bytes.len() != 3 {
        return None;
    }
    if let Ok(code) = key.parse::<u16>() {
        return (100..=999)
            .contains(&code)
            .then_some(ir::StatusSpec::Code(code));
    }
    match bytes {
        [digit @ b'1'..=b'5', x, y]
            if x.eq_ignore_ascii_case(&b'X') && y.eq_ignore_ascii_case(&b'X') =>
        {
            Some(ir::StatusSpec::Range(digit - b'0'))
        }
        _ => None,
    }
}

/// The response variant name for a status (`Ok`, `Status221`, `ClientError`, `Default`).
pub(super) fn status_variant(status: ir::StatusSpec) -> String {
    match status {
        ir::StatusSpec::Code(code) => match reason(code) {
            Some(reason) => reason.to_string(),
            None => format!("Status{code}"),
        },
        ir::StatusSpec::Range(digit) => match digit {
            1 => "Informational".to_string(),
            2 => "Success".to_string(),
            3 => "Redirection".to_string(),
            4 => "ClientError".to_string(),
            5 => "ServerError".to_string(),
            other => format!("Status{other}XX"),
        },
        ir::StatusSpec::Default => "Default".to_string(),
    }
}

/// The response variant name for a raw key of a responses object.
pub(super) fn status_key_variant(key: &str) -> String {
    match parse_status(key) {
        Some(status) => status_variant(status),
        None => names::type_name(key),
    }
}

/// IANA reason phrases in UpperCamelCase.
fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        102 => "Processing",
        103 => "EarlyHints",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        208 => "AlreadyReported",
        226 => "ImUsed",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        305 => "UseProxy",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        506 => "VariantAlsoNegotiates",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        510 => "NotExtended",
        511 => "NetworkAuthenticationRequired",
        _ => return None,
    })
}

/// How a media type is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Form,
    Text,
    Binary,
}

fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else {
        MediaKind::Binary
    }
}

/// Servers with `{variable}` templates filled with their defaults.
pub(super) fn lower_servers(servers: &[oa::Server]) -> Vec<ir::Server> {
    let descriptions: Vec<Option<&str>> = servers
        .iter()
        .map(|server| server.description.as_deref())
        .collect();
    let variants = names::server_variants(&descriptions);
    servers
        .iter()
        .zip(variants)
        .map(|(server, variant)| {
            let mut url = server.url.clone();
            if let Some(variables) = &server.variables {
                for (name, variable) in variables {
                    url = url.replace(&format!("{{{name}}}"), &variable.default);
                }
            }
            ir::Server {
                url,
                description: server.description.clone(),
                variant,
            }
        })
        .collect()
}

/// Parses a path template: `{name}` is a parameter, everything else literal text (an
/// unclosed `{` included).
pub fn parse_template(path: &str) -> ir::PathTemplate {
    let mut segments = Vec::new();
    let mut literal = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = rest.get(start + 1..).unwrap_or("");
        let Some(end) = after.find('}') else {
            break;
        };
        literal.push_str(rest.get(..start).unwrap_or(""));
        if !literal.is_empty() {
            segments.push(ir::PathSegment::Literal(std::mem::take(&mut literal)));
        }
        segments.push(ir::PathSegment::Parameter(
            after.get(..end).unwrap_or("").to_string(),
        ));
        rest = after.get(end + 1..).unwrap_or("");
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        segments.push(ir::PathSegment::Literal(literal));
    }
    ir::PathTemplate { segments }
}

/// An operation found by the walk, before lowering.
struct Found<'a> {
    pointer: String,
    path: &'a str,
    method: ir::Method,
    operation: &'a oa::Operation,
    item: &'a oa::PathItem,
    id: String,
    name: String,
    type_name: String,
}

impl<'a> Cx<'a> {
    /// Lowers `components/securitySchemes`, sorted by key.
    pub(super) fn lower_security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let Some(components) = self.api.components.as_ref() else {
            return Vec::new();
        };
        let mut entries: Vec<_> = components.security_schemes.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut set = NameSet::new();
        for (key, _) in &entries {
            set.add(&names::fn_name(key), key);
        }
        let rust_names = set.resolve();
        let empty = std::collections::HashMap::new();
        let mut out = Vec::new();
        for (key, entry) in entries {
            let pointer = push_pointer("#/components/securitySchemes", key);
            let scheme = match entry {
                oa::ReferenceOr::Item(scheme) => scheme,
                oa::ReferenceOr::Reference { reference } => match resolve_chain(
                    reference,
                    "security scheme",
                    |k| components.security_schemes.get(k),
                    |p| component_key(p, "securitySchemes"),
                    &empty,
                ) {
                    Ok((_, scheme)) => scheme,
                    Err(message) => {
                        self.error(&pointer, message);
                        continue;
                    }
                },
            };
            let Some((kind, description, ext)) = self.security_scheme_kind(&pointer, scheme) else {
                continue;
            };
            let missing = extension_text(ext, MISSING_CODE);
            let invalid = extension_text(ext, INVALID_CODE);
            if missing.is_some() || invalid.is_some() {
                self.scheme_codes.push(ir::SchemeErrorCodes {
                    scheme: key.clone(),
                    missing,
                    invalid,
                });
            }
            out.push(ir::SecurityScheme {
                key: key.clone(),
                rust_name: rust_names
                    .get(key.as_str())
                    .cloned()
                    .unwrap_or_else(|| names::fn_name(key)),
                kind,
                docs: ir::Docs {
                    description: description.clone(),
                    ..ir::Docs::default()
                },
            });
        }
        out
    }

    /// What a security scheme asks for, with its description and extensions; `None` (and
    /// an error) for an HTTP scheme other than `basic` and `bearer`.
    fn security_scheme_kind<'s>(
        &mut self,
        pointer: &str,
        scheme: &'s oa::SecurityScheme,
    ) -> Option<(
        ir::SecuritySchemeKind,
        &'s Option<String>,
        &'s IndexMap<String, serde_json::Value>,
    )> {
        Some(match scheme {
            oa::SecurityScheme::APIKey {
                location,
                name,
                description,
                extensions,
            } => (
                ir::SecuritySchemeKind::ApiKey {
                    location: match location {
                        oa::APIKeyLocation::Query => ir::ParamLocation::Query,
                        oa::APIKeyLocation::Header => ir::ParamLocation::Header,
                        oa::APIKeyLocation::Cookie => ir::ParamLocation::Cookie,
                    },
                    parameter: name.clone(),
                },
                description,
                extensions,
            ),
            oa::SecurityScheme::HTTP {
                scheme,
                description,
                extensions,
                ..
            } => {
                let kind = match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => ir::SecuritySchemeKind::Bearer,
                    "basic" => ir::SecuritySchemeKind::Basic,
                    other => {
                        self.error(
                            &push_pointer(pointer, "scheme"),
                            format!(
                                "HTTP authentication scheme `{other}` is not supported; \
                                 only `basic` and `bearer` are"
                            ),
                        );
                        return None;
                    }
                };
                (kind, description, extensions)
            }
            oa::SecurityScheme::OAuth2 {
                description,
                extensions,
                ..
            }
            | oa::SecurityScheme::OpenIDConnect {
                description,
                extensions,
                ..
            } => (ir::SecuritySchemeKind::OAuth2, description, extensions),
        })
    }

    /// Lowers a list of security requirements, checking scheme names.
    fn lower_security(
        &mut self,
        requirements: &[oa::SecurityRequirement],
        pointer: &str,
        known: &BTreeSet<String>,
    ) -> Vec<ir::SecurityRequirement> {
        let mut out = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let at = push_pointer(pointer, &index.to_string());
            let mut schemes = Vec::new();
            for (key, scopes) in requirement {
                if known.contains(key) {
                    schemes.push((key.clone(), scopes.clone()));
                } else {
                    self.error(
                        &at,
                        format!(
                            "security requirement names `{key}`, which is not in \
                             components/securitySchemes"
                        ),
                    );
                }
            }
            // Schemes of one requirement apply together; their order carries no meaning.
            schemes.sort();
            out.push(ir::SecurityRequirement { schemes });
        }
        out
    }

    /// Lowers every operation, walking paths in sorted order and methods in enum order.
    pub(super) fn lower_operations(&mut self) -> Vec<ir::Operation> {
        let known: BTreeSet<String> = self
            .api
            .components
            .as_ref()
            .map(|c| c.security_schemes.keys().cloned().collect())
            .unwrap_or_default();
        let top_security = match &self.api.security {
            Some(requirements) => self.lower_security(requirements, "#/security", &known),
            None => Vec::new(),
        };
        let mut paths: Vec<_> = self.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut found: Vec<Found<'a>> = Vec::new();
        for (path, item) in paths {
            let path_pointer = push_pointer("#/paths", path);
            let item = match item {
                oa::ReferenceOr::Item(item) => item,
                oa::ReferenceOr::Reference { .. } => {
                    self.error(&path_pointer, "path item `$ref` is not supported");
                    continue;
                }
            };
            let methods = [
                ("get", ir::Method::Get, &item.get),
                ("put", ir::Method::Put, &item.put),
                ("post", ir::Method::Post, &item.post),
                ("delete", ir::Method::Delete, &item.delete),
                ("options", ir::Method::Options, &item.options),
                ("head", ir::Method::Head, &item.head),
                ("patch", ir::Method::Patch, &item.patch),
                ("trace", ir::Method::Trace, &item.trace),
            ];
            for (method_key, method, operation) in methods {
                let Some(operation) = operation else { continue };
                let id = operation
                    .operation_id
                    .clone()
                    .unwrap_or_else(|| generated_id(method_key, path));
                let name = names::fn_name(&id);
                let type_name = names::type_name(&name);
                found.push(Found {
                    pointer: push_pointer(&path_pointer, method_key),
                    path,
                    method,
                    operation,
                    item,
                    id,
                    name,
                    type_name,
                });
            }
        }
        let mut by_name: BTreeMap<&str, &str> = BTreeMap::new();
        let mut duplicates = Vec::new();
        for op in &found {
            if let Some(first) = by_name.insert(&op.name, &op.pointer) {
                duplicates.push((
                    op.pointer.clone(),
                    format!(
                        "operation name `{}` (from {:?}) is also the name of the operation \
                         at {first}",
                        op.name, op.id
                    ),
                ));
            }
        }
        for (pointer, message) in duplicates {
            self.error(&pointer, message);
        }
        for op in &found {
            self.op_type_names
                .insert(op.pointer.clone(), op.type_name.clone());
        }
        found
            .iter()
            .map(|op| self.lower_operation(op, &top_security, &known))
            .collect()
    }

    fn lower_operation(
        &mut self,
        op: &Found<'a>,
        top_security: &[ir::SecurityRequirement],
        known: &BTreeSet<String>,
    ) -> ir::Operation {
        let operation = op.operation;
        let parameters = self.lower_parameters(op);
        let request_body = operation.request_body.as_ref().and_then(|body| {
            self.lower_request_body(&push_pointer(&op.pointer, "requestBody"), body)
        });
        let responses = self.lower_responses(&op.pointer, &operation.responses);
        if responses.is_empty() {
            self.warn(
                &push_pointer(&op.pointer, "responses"),
                "the operation declares no response: its `Response` enum has no variant, \
                 the client reports every answer as undeclared and a server cannot answer it",
            );
        }
        for name in operation.callbacks.keys() {
            let pointer = push_pointer(&push_pointer(&op.pointer, "callbacks"), name);
            self.warn(&pointer, "callbacks are ignored");
        }
        let security = match &operation.security {
            Some(requirements) => {
                self.lower_security(requirements, &push_pointer(&op.pointer, "security"), known)
            }
            None => top_security.to_vec(),
        };
        ir::Operation {
            id: op.id.clone(),
            name: op.name.clone(),
            type_name: op.type_name.clone(),
            method: op.method,
            path: op.path.to_string(),
            template: parse_template(op.path),
            tags: operation.tags.clone(),
            summary: operation.summary.clone(),
            docs: ir::Docs {
                title: None,
                description: operation.description.clone(),
                deprecated: operation.deprecated,
                example: None,
            },
            parameters,
            request_body,
            responses,
            security,
            pointer: op.pointer.clone(),
            server: ir::OperationServerNames {
                handler: names::handler_name(&op.name),
                authenticate: None,
                shadowed_by: None,
            },
        }
    }

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

    /// Path-level and operation-level parameters, merged and lowered.
    fn lower_parameters(&mut self, op: &Found<'a>) -> Vec<ir::Parameter> {
        let path_pointer = push_pointer("#/paths", op.path);
        // (use-site pointer, definition pointer, parameter)
        let mut merged: Vec<(String, String, &'a oa::Parameter)> = Vec::new();
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
        let template: Vec<String> = parse_template(op.path)
            .parameters()
            .map(str::to_owned)
            .collect();
        let declared: BTreeSet<&str> = merged
            .iter()
            .filter(|(_, _, p)| matches!(p, oa::Parameter::Path { .. }))
            .map(|(_, _, p)| p.parameter_data_ref().name.as_str())
            .collect();
        for name in &template {
            if !declared.contains(name.as_str()) {
                self.error(
                    &op.pointer,
                    format!("path parameter `{{{name}}}` has no parameter with `in: path`"),
                );
            }
        }
        for (use_pointer, _, parameter) in &merged {
            let name = &parameter.parameter_data_ref().name;
            if matches!(parameter, oa::Parameter::Path { .. }) && !template.contains(name) {
                self.error(
                    use_pointer,
                    format!("parameter `{name}` is `in: path` but the path has no `{{{name}}}`"),
                );
            }
        }
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
    fn value_format(
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
                    None => return (any(), None),
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

    fn lower_request_body(
        &mut self,
        pointer: &str,
        entry: &'a oa::ReferenceOr<oa::RequestBody>,
    ) -> Option<ir::RequestBody> {
        let (definition, body) = match entry {
            oa::ReferenceOr::Item(body) => (pointer.to_string(), body),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "request body",
                    |k| components.and_then(|c| c.request_bodies.get(k)),
                    |p| component_key(p, "requestBodies"),
                    &self.extra.request_bodies,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                }
            }
        };
        Some(ir::RequestBody {
            required: body.required,
            docs: ir::Docs {
                description: body.description.clone(),
                ..ir::Docs::default()
            },
            contents: self.lower_contents(&definition, &body.content),
        })
    }

    /// Bodies by media type: JSON first, then by media type, so that neither the order of
    /// the variants nor the names of inline body schemas depend on the spec's key order.
    fn lower_contents(
        &mut self,
        definition: &str,
        content: &'a IndexMap<String, oa::MediaType>,
    ) -> Vec<ir::MediaContent> {
        let base = push_pointer(definition, "content");
        let mut entries: Vec<_> = content.iter().collect();
        entries.sort_by_key(|(media_type, _)| {
            (
                media_kind(media_type) != MediaKind::Json,
                media_type.as_str(),
            )
        });
        entries
            .into_iter()
            .map(|(media_type, media)| {
                let pointer = push_pointer(&push_pointer(&base, media_type), "schema");
                let kind = media_kind(media_type);
                if media_type.to_ascii_lowercase().starts_with("multipart/") {
                    self.warn(
                        &push_pointer(&base, media_type),
                        "multipart bodies are not encoded part by part: the generated code \
                         sends and receives them as raw bytes under this media type, without \
                         a boundary parameter",
                    );
                }
                let mut ty = || match &media.schema {
                    Some(schema) => self.use_ty(&pointer, schema.into()),
                    None => any(),
                };
                let body = match kind {
                    MediaKind::Json => ir::BodyKind::Json(ty()),
                    MediaKind::Form => ir::BodyKind::Form(ty()),
                    MediaKind::Text => ir::BodyKind::Text(
                        self.text_constraints(&pointer, media.schema.as_ref().map(SRef::from)),
                    ),
                    MediaKind::Binary => ir::BodyKind::Binary,
                };
                ir::MediaContent {
                    media_type: media_type.clone(),
                    variant: names::media_variant(media_type),
                    body,
                }
            })
            .collect()
    }

    fn lower_responses(
        &mut self,
        op_pointer: &str,
        responses: &'a oa::Responses,
    ) -> Vec<ir::Response> {
        let base = push_pointer(op_pointer, "responses");
        // Raw keys by status, so that pointers use the key as written (`2xx`, `"200"`).
        let mut keys: BTreeMap<ir::StatusSpec, String> = BTreeMap::new();
        let raw_keys: Vec<String> = self
            .raw_at(&base)
            .and_then(|v| v.as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for key in raw_keys {
            if key.starts_with("x-") {
                continue;
            }
            match parse_status(&key) {
                Some(status) => {
                    keys.insert(status, key);
                }
                None => self.error(
                    &push_pointer(&base, &key),
                    format!("`{key}` is not a status code, a range such as `4XX`, or `default`"),
                ),
            }
        }
        let mut entries: Vec<(ir::StatusSpec, &'a oa::ReferenceOr<oa::Response>)> = Vec::new();
        for (code, response) in &responses.responses {
            let status = match code {
                oa::StatusCode::Code(code) => ir::StatusSpec::Code(*code),
                oa::StatusCode::Range(digit) => {
                    ir::StatusSpec::Range(u8::try_from(*digit).unwrap_or(0))
                }
            };
            if let ir::StatusSpec::Range(digit) = status
                && !(1..=5).contains(&digit)
            {
                continue;
            }
            entries.push((status, response));
        }
        if let Some(default) = &responses.default {
            entries.push((ir::StatusSpec::Default, default));
        }
        entries.sort_by_key(|(status, _)| *status);
        let mut out = Vec::new();
        for (status, entry) in entries {
            let key = keys.get(&status).cloned().unwrap_or_else(|| match status {
                ir::StatusSpec::Code(code) => code.to_string(),
                ir::StatusSpec::Range(digit) => format!("{digit}XX"),
                ir::StatusSpec::Default => "default".to_string(),
            });
            let pointer = push_pointer(&base, &key);
            if let Some(response) = self.lower_response(&pointer, status, entry) {
                out.push(response);
            }
        }
        out
    }

    fn lower_response(
        &mut self,
        pointer: &str,
        status: ir::StatusSpec,
        entry: &'a oa::ReferenceOr<oa::Response>,
    ) -> Option<ir::Response> {
        let (definition, response) = match entry {
            oa::ReferenceOr::Item(response) => (pointer.to_string(), response),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "response",
                    |k| components.and_then(|c| c.responses.get(k)),
                    |p| component_key(p, "responses"),
                    &self.extra.responses,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                }
            }
        };
        let contents = self.lower_contents(&definition, &response.content);
        let headers_base = push_pointer(&definition, "headers");
        let mut headers = Vec::new();
        for (name, header) in &response.headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let use_pointer = push_pointer(&headers_base, name);
            if let Some(header) = self.lower_header(&use_pointer, name, header) {
                headers.push(header);
            }
        }
        let mut set = NameSet::new();
        for header in &headers {
            set.add(&header.name.rust, &header.name.wire);
        }
        let rust_names = set.resolve();
        for header in &mut headers {
            if let Some(rust) = rust_names.get(&header.name.wire) {
                header.name.rust = rust.clone();
            }
        }
        for name in response.links.keys() {
            let at = push_pointer(&push_pointer(&definition, "links"), name);
            self.warn(&at, "links are ignored");
        }
        Some(ir::Response {
            status,
            variant: status_variant(status),
            description: response.description.clone(),
            contents,
            headers,
        })
    }

    fn lower_header(
        &mut self,
        pointer: &str,
        name: &str,
        entry: &'a oa::ReferenceOr<oa::Header>,
    ) -> Option<ir::ResponseHeader> {
        let (definition, header) = match entry {
            oa::ReferenceOr::Item(header) => (pointer.to_string(), header),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "header",
                    |k| components.and_then(|c| c.headers.get(k)),
                    |p| component_key(p, "headers"),
                    &self.extra.headers,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                }
            }
        };
        let (ty, schema) = self.value_format(&definition, &header.format);
        Some(ir::ResponseHeader {
            name: ir::Name {
                rust: names::field_name(name),
                wire: name.to_string(),
            },
            required: header.required,
            ty,
            fixed_value: schema.and_then(fixed_value),
            docs: ir::Docs {
                title: None,
                description: header.description.clone(),
                deprecated: header.deprecated.unwrap_or(false),
                example: header.example.clone(),
            },
        })
    }

    /// Tags: declared ones in order, then undeclared ones in order of first use.
    pub(super) fn lower_tags(&mut self, operations: &[ir::Operation]) -> Vec<ir::Tag> {
        let mut out: Vec<ir::Tag> = Vec::new();
        for tag in &self.api.tags {
            if !out.iter().any(|t| t.name == tag.name) {
                out.push(ir::Tag {
                    name: tag.name.clone(),
                    description: tag.description.clone(),
                });
            }
        }
        for op in operations {
            for tag in &op.tags {
                if !out.iter().any(|t| t.name == *tag) {
                    out.push(ir::Tag {
                        name: tag.clone(),
                        description: None,
                    });
                }
            }
        }
        out
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
fn fixed_value(schema: &oa::Schema) -> Option<String> {
    let f = flat(schema);
    if !matches!(f.typ, Some("string") | None) {
        return None;
    }
    let values: Vec<_> = f.enumeration.iter().filter(|v| !v.is_null()).collect();
    match values.as_slice() {
        [serde_json::Value::String(value)] => Some(value.clone()),
        _ => None,
    }
}

fn any() -> ir::Ty {
    ir::Ty {
        kind: ir::TyKind::Any,
        nullable: false,
        constraints: ir::Constraints::default(),
    }
}
