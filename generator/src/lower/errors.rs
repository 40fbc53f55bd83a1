//! The error model: the shape of the error bodies a generated server answers with, read
//! from the spec's 400 body, and their codes, from the `x-*-error-code` extensions and the
//! default vocabulary; and how the bodies of failure answers read as text.

use std::collections::BTreeMap;

use super::Cx;
use crate::ir;

/// The error model of an API whose types and operations are lowered and named.
pub(super) fn error_model(
    cx: &Cx<'_>,
    types: &[ir::TypeDef],
    operations: &[ir::Operation],
) -> ir::ErrorModel {
    let mut parameters: BTreeMap<&str, &(Option<String>, Option<String>)> = BTreeMap::new();
    for parameter in operations
        .iter()
        .flat_map(|operation| &operation.parameters)
    {
        if let Some(codes) = cx.parameter_codes.get(&parameter.pointer) {
            parameters.entry(&parameter.name.wire).or_insert(codes);
        }
    }
    ir::ErrorModel {
        shape: error_shape(types, operations),
        schemes: cx.scheme_codes.clone(),
        parameters: parameters
            .into_iter()
            .map(|(name, (missing, invalid))| ir::ParameterErrorCodes {
                name: name.to_owned(),
                missing: missing.clone(),
                invalid: invalid.clone(),
            })
            .collect(),
        vocabulary: default_vocabulary(),
        bodies: error_bodies(types, operations),
    }
}

/// The codes of the errors no extension names: those of the Sorted PRO API, whose
/// vocabulary the generator was first written for. Top-level codes follow the status:
/// `validation_error` (400), `unauthorised` (401), `forbidden` (403), `not_found` (404),
/// `method_not_supported` (405), `not_acceptable` (406), `payload_too_large` (413),
/// `unsupported_media_type` (415), `internal_server_error` (5xx), else `bad_request`.
/// Details name the problem: `required_property_missing`, `value_too_long`,
/// `value_too_short`, `value_too_large`, `value_too_small`, `too_many_elements`,
/// `too_few_elements`, `duplicate_values`, `invalid_format` (patterns without a code of
/// their own, and undecodable path, query and cookie parameters), `invalid_value`,
/// `invalid_json`, `invalid_type`, `unreadable_body` and `unauthorised` (credentials).
pub fn default_vocabulary() -> ir::ErrorVocabulary {
    let word = str::to_owned;
    ir::ErrorVocabulary {
        bad_request: word("validation_error"),
        unauthorized: word("unauthorised"),
        forbidden: word("forbidden"),
        not_found: word("not_found"),
        method_not_allowed: word("method_not_supported"),
        not_acceptable: word("not_acceptable"),
        payload_too_large: word("payload_too_large"),
        unsupported_media_type: word("unsupported_media_type"),
        server_error: word("internal_server_error"),
        other_status: word("bad_request"),
        credential: word("unauthorised"),
        required: word("required_property_missing"),
        invalid_header: word("invalid_value"),
        invalid_parameter: word("invalid_format"),
        max_length: word("value_too_long"),
        min_length: word("value_too_short"),
        maximum: word("value_too_large"),
        minimum: word("value_too_small"),
        max_items: word("too_many_elements"),
        min_items: word("too_few_elements"),
        unique_items: word("duplicate_values"),
        pattern: word("invalid_format"),
        invalid_value: word("invalid_value"),
        invalid_json: word("invalid_json"),
        invalid_type: word("invalid_type"),
        unreadable_body: word("unreadable_body"),
    }
}

/// `ApiError` when the first JSON body of a 400 answer is an object with `code` and
/// `message` strings, noting whether it has a `correlation_id` string and `details`, an
/// array of objects with `property`, `code` and `message` strings; else `Plain`.
fn error_shape(types: &[ir::TypeDef], operations: &[ir::Operation]) -> ir::ErrorShape {
    let struct_of = |ty: &ir::Ty| match &ty.kind {
        ir::TyKind::Named(name) => types
            .iter()
            .find(|type_def| &type_def.name == name)
            .and_then(|type_def| match &type_def.kind {
                ir::TypeKind::Struct(fields) => Some(fields),
                _ => None,
            }),
        _ => None,
    };
    let is_string = |ty: &ir::Ty| matches!(ty.kind, ir::TyKind::String(ir::StringFormat::Plain));
    let has_string = |fields: &ir::Struct, name: &str| {
        fields
            .fields
            .iter()
            .any(|field| field.name.wire == name && is_string(&field.ty))
    };
    let body = operations
        .iter()
        .flat_map(|operation| &operation.responses)
        .filter(|response| response.status == ir::StatusSpec::Code(400))
        .flat_map(|response| &response.contents)
        .find_map(|content| match &content.body {
            ir::BodyKind::Json(ty) => struct_of(ty),
            _ => None,
        });
    let Some(body) = body.filter(|body| has_string(body, "code") && has_string(body, "message"))
    else {
        return ir::ErrorShape::Plain;
    };
    let details = body.fields.iter().any(|field| {
        field.name.wire == "details"
            && match &field.ty.kind {
                ir::TyKind::Array(item) => struct_of(item).is_some_and(|detail| {
                    ["property", "code", "message"]
                        .iter()
                        .all(|name| has_string(detail, name))
                }),
                _ => false,
            }
    });
    ir::ErrorShape::ApiError {
        correlation_id: has_string(body, "correlation_id"),
        details,
    }
}

/// Property names that hold an error's message, most telling first.
const MESSAGE_NAMES: &[&str] = &[
    "message",
    "detail",
    "error_description",
    "title",
    "description",
    "error",
];
/// Property names that hold an error's code, most telling first.
const CODE_NAMES: &[&str] = &["code", "error_code", "errorCode", "error", "type", "title"];
/// Property names that hold an error's list of problems.
const DETAILS_NAMES: &[&str] = &["details", "errors"];
/// Property names that hold the identifier of the failed request.
const CORRELATION_NAMES: &[&str] = &[
    "correlation_id",
    "correlationId",
    "request_id",
    "requestId",
    "trace_id",
    "traceId",
];
/// Property names that say where a problem of a list is.
const PROPERTY_NAMES: &[&str] = &["property", "field", "path", "pointer", "parameter", "name"];

/// The named types that failure answers (see [`ir::Operation::outcome`]) carry as JSON or
/// form bodies, with how each reads as text, and the item types of their details. A
/// struct with a message (`message`, else `detail`, ...) reads as `{code}: {message}`,
/// then its details and correlation id where it has them; one whose field `error` holds
/// such a struct, as that struct; an enum as its value; anything else as JSON. Sorted by
/// type name; a type that is both a body and a detail is a body.
fn error_bodies(types: &[ir::TypeDef], operations: &[ir::Operation]) -> Vec<ir::ErrorBody> {
    let type_def = |name: &str| types.iter().find(|type_def| type_def.name == name);
    let mut bodies: BTreeMap<&str, ir::ErrorText> = BTreeMap::new();
    let mut details: BTreeMap<&str, ir::ErrorText> = BTreeMap::new();
    for operation in operations {
        for response in &operation.responses {
            if operation.outcome(response) == ir::Outcome::Success {
                continue;
            }
            for content in &response.contents {
                let (ir::BodyKind::Json(ty) | ir::BodyKind::Form(ty)) = &content.body else {
                    continue;
                };
                let ir::TyKind::Named(name) = &ty.kind else {
                    continue;
                };
                let Some(def) = type_def(name) else {
                    continue;
                };
                if bodies.contains_key(def.name.as_str()) {
                    continue;
                }
                let text = match &def.kind {
                    ir::TypeKind::Struct(fields) => summary(types, fields, &mut details),
                    ir::TypeKind::StringEnum(_) | ir::TypeKind::IntegerEnum(_) => {
                        ir::ErrorText::Value
                    }
                    _ => ir::ErrorText::Json,
                };
                bodies.insert(&def.name, text);
            }
        }
    }
    for (name, text) in details {
        bodies.entry(name).or_insert(text);
    }
    bodies
        .into_iter()
        .map(|(name, text)| ir::ErrorBody {
            type_name: name.to_owned(),
            text,
        })
        .collect()
}

/// How a struct that failure answers carry reads: a summary when it has a message, else
/// the nested body of its field `error`, else JSON. Adds the item type of its details, when
/// they have messages, and a nested body to `details`.
fn summary<'a>(
    types: &'a [ir::TypeDef],
    fields: &ir::Struct,
    details: &mut BTreeMap<&'a str, ir::ErrorText>,
) -> ir::ErrorText {
    let Some(message) = text_field(types, fields, MESSAGE_NAMES, None) else {
        return inner(types, fields, details).unwrap_or(ir::ErrorText::Json);
    };
    let code = text_field(types, fields, CODE_NAMES, Some(&message));
    let correlation_id = text_field(types, fields, CORRELATION_NAMES, None);
    let detail_list = fields.fields.iter().find_map(|field| {
        if !DETAILS_NAMES.contains(&field.name.wire.as_str()) {
            return None;
        }
        let ir::TyKind::Array(item) = &field.ty.kind else {
            return None;
        };
        let ir::TyKind::Named(item_name) = &item.kind else {
            return None;
        };
        let item_def = types.iter().find(|def| &def.name == item_name)?;
        let ir::TypeKind::Struct(item_fields) = &item_def.kind else {
            return None;
        };
        let message = text_field(types, item_fields, MESSAGE_NAMES, None)?;
        let text = ir::ErrorText::Detail {
            property: text_field(types, item_fields, PROPERTY_NAMES, Some(&message)),
            code: text_field(types, item_fields, CODE_NAMES, Some(&message)),
            message,
        };
        details.insert(&item_def.name, text);
        Some(field.name.rust.clone())
    });
    ir::ErrorText::Summary {
        code,
        message,
        details: detail_list,
        correlation_id,
    }
}

/// The body nested in the field `error` of a struct without a message of its own, when it
/// is a required struct with a message: `{"error": {"message": ...}}`. Adds the nested
/// type to `details`, where the bodies are completed.
fn inner<'a>(
    types: &'a [ir::TypeDef],
    fields: &ir::Struct,
    details: &mut BTreeMap<&'a str, ir::ErrorText>,
) -> Option<ir::ErrorText> {
    let field = fields.fields.iter().find(|field| {
        field.name.wire == "error"
            && field.required
            && !field.ty.nullable
            && !field.read_only
            && !field.write_only
    })?;
    let ir::TyKind::Named(name) = &field.ty.kind else {
        return None;
    };
    let def = types.iter().find(|def| &def.name == name)?;
    let ir::TypeKind::Struct(inner_fields) = &def.kind else {
        return None;
    };
    text_field(types, inner_fields, MESSAGE_NAMES, None)?;
    let text = summary(types, inner_fields, details);
    details.insert(&def.name, text);
    Some(ir::ErrorText::Inner {
        field: field.name.rust.clone(),
    })
}

/// The Rust name of the first field, by the order of `names`, whose value is text (a
/// plain string or a string enum), other than `except`.
fn text_field(
    types: &[ir::TypeDef],
    fields: &ir::Struct,
    names: &[&str],
    except: Option<&str>,
) -> Option<String> {
    let is_text = |ty: &ir::Ty| match &ty.kind {
        ir::TyKind::String(ir::StringFormat::Plain) => true,
        ir::TyKind::Named(name) => types
            .iter()
            .any(|def| &def.name == name && matches!(def.kind, ir::TypeKind::StringEnum(_))),
        _ => false,
    };
    names.iter().find_map(|wire| {
        fields
            .fields
            .iter()
            .find(|field| {
                field.name.wire == *wire
                    && Some(field.name.rust.as_str()) != except
                    && is_text(&field.ty)
            })
            .map(|field| field.name.rust.clone())
    })
}
