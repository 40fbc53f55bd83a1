//! The error model: the shape of the error bodies a generated server answers with, read
//! from the spec's 400 body, and their codes, from the `x-*-error-code` extensions and the
//! default vocabulary.

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
