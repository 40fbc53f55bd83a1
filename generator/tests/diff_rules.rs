//! One test per wire diff rule, each on a pair of tiny specs, plus direction and recursion.

mod diff_support;

use diff_support::{check, listing, spec, wire};
use generator::diff::{Level, Rule};

const LIST: Option<&str> = Some("GET /things");
const CREATE: Option<&str> = Some("POST /things");
const COMPONENTS: Option<&str> = None;

/// `GET /things` with these parameters (a flow list) and a 200 answer.
fn params(list: &str) -> String {
    spec(
        &format!(
            "
            /things:
              get:
                operationId: list_things
                parameters: {list}
                responses:
                  '200':
                    description: OK"
        ),
        "",
    )
}

/// `GET /things` with these responses (a flow map).
fn responses(map: &str) -> String {
    spec(
        &format!(
            "
            /things:
              get:
                operationId: list_things
                responses: {map}"
        ),
        "",
    )
}

/// `POST /things` with this request body (flow YAML, or empty for none).
fn post(body: &str) -> String {
    let body = if body.is_empty() {
        String::new()
    } else {
        format!("\n                requestBody: {body}")
    };
    spec(
        &format!(
            "
            /things:
              post:
                operationId: create_thing{body}
                responses:
                  '204':
                    description: Done"
        ),
        "",
    )
}

/// `POST /things` taking `Req` and answering 200 with `Res` (schemas in flow YAML).
fn bodies(req: &str, res: &str) -> String {
    spec(
        "
        /things:
          post:
            operationId: create_thing
            requestBody:
              required: true
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Req'}
            responses:
              '200':
                description: OK
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Res'}",
        &format!("Req: {req}\nRes: {res}"),
    )
}

/// A request with property `a` of schema `a` (flow YAML); `required` lists required names.
fn request(a: &str, required: &str) -> String {
    bodies(&object(a, required), &object("{type: string}", ""))
}

/// A response with property `a` of schema `a` (flow YAML).
fn response(a: &str, required: &str) -> String {
    bodies(&object("{type: string}", ""), &object(a, required))
}

/// An object with property `a` of schema `a` (flow YAML); `required` is the body of a flow
/// list such as `a`.
fn object(a: &str, required: &str) -> String {
    let required = if required.is_empty() {
        String::new()
    } else {
        format!("required: [{required}], ")
    };
    format!("{{type: object, {required}properties: {{a: {a}}}}}")
}

/// An object with properties `a: string` and `b: string`.
fn object_ab(required: &str) -> String {
    let required = if required.is_empty() {
        String::new()
    } else {
        format!("required: [{required}], ")
    };
    format!("{{type: object, {required}properties: {{a: {{type: string}}, b: {{type: string}}}}}}")
}

/// `GET /things` answering 200 with these headers (a flow map).
fn headers(map: &str) -> String {
    responses(&format!("{{'200': {{description: OK, headers: {map}}}}}"))
}

/// `GET /things` with this operation-level security (a flow list).
fn secured(security: &str) -> String {
    spec(
        &format!(
            "
            /things:
              get:
                operationId: list_things
                security: {security}
                responses:
                  '200':
                    description: OK"
        ),
        "",
    )
}

/// A spec with `GET /things` and these component schemas.
fn schemas(snippet: &str) -> String {
    spec(
        "
        /things:
          get:
            operationId: list_things
            responses:
              '200':
                description: OK",
        snippet,
    )
}

const GET_THINGS: &str = "
/things:
  get:
    operationId: list_things
    responses:
      '200':
        description: OK";

const DELETE_THING: &str = "
/things/{id}:
  delete:
    operationId: delete_thing
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    responses:
      '204':
        description: Done";

fn q(extra: &str) -> String {
    format!("[{{name: q, in: query{extra}}}]")
}

macro_rules! rule {
    ($test:ident: $rule:literal, $level:ident, $op:expr, $old:expr => $new:expr) => {
        #[test]
        fn $test() {
            check(&$old, &$new, $rule, Level::$level, $op);
        }
    };
}

// Operations.
rule!(operation_added: "operation-added", Compatible, Some("DELETE /things/{id}"),
    spec(GET_THINGS, "") => spec(&format!("{GET_THINGS}\n{DELETE_THING}"), ""));
rule!(operation_removed: "operation-removed", Breaking, Some("DELETE /things/{id}"),
    spec(&format!("{GET_THINGS}\n{DELETE_THING}"), "") => spec(GET_THINGS, ""));
rule!(operation_path_changed: "operation-path-changed", Breaking, Some("GET /items"),
    spec(GET_THINGS, "") => spec(&GET_THINGS.replace("/things", "/items"), ""));
rule!(operation_id_changed: "operation-id-changed", Compatible, LIST,
    spec(GET_THINGS, "") => spec(&GET_THINGS.replace("list_things", "fetch_things"), ""));
rule!(operation_deprecated: "operation-deprecated", Compatible, LIST,
    spec(GET_THINGS, "") => spec(&format!("{GET_THINGS}\n    deprecated: true\n    x-sunset: '2999-12-31'"), ""));
rule!(operation_deprecated_without_sunset: "operation-deprecated-without-sunset", PossiblyBreaking, LIST,
    spec(GET_THINGS, "") => spec(&format!("{GET_THINGS}\n    deprecated: true"), ""));
rule!(operation_removed_before_sunset: "operation-removed-before-sunset", Breaking, Some("DELETE /things/{id}"),
    spec(&format!("{GET_THINGS}\n{DELETE_THING}\n    deprecated: true\n    x-sunset: '2999-12-31'"), "")
        => spec(GET_THINGS, ""));
rule!(operation_removed_after_sunset: "operation-removed-after-sunset", Compatible, Some("DELETE /things/{id}"),
    spec(&format!("{GET_THINGS}\n{DELETE_THING}\n    deprecated: true\n    x-sunset: '2000-01-01'"), "")
        => spec(GET_THINGS, ""));
rule!(operation_stability_decreased: "operation-stability-decreased", Breaking, LIST,
    spec(&format!("{GET_THINGS}\n    x-stability-level: stable"), "")
        => spec(&format!("{GET_THINGS}\n    x-stability-level: beta"), ""));
rule!(operation_stability_increased: "operation-stability-increased", Compatible, LIST,
    spec(&format!("{GET_THINGS}\n    x-stability-level: alpha"), "")
        => spec(&format!("{GET_THINGS}\n    x-stability-level: stable"), ""));

// Parameters.
rule!(parameter_added_required: "parameter-added-required", Breaking, LIST,
    params("[]") => params(&q(", required: true, schema: {type: string}")));
rule!(parameter_added_optional: "parameter-added-optional", Compatible, LIST,
    params("[]") => params(&q(", schema: {type: string}")));
rule!(parameter_removed: "parameter-removed", PossiblyBreaking, LIST,
    params(&q(", schema: {type: string}")) => params("[]"));
rule!(parameter_became_required: "parameter-became-required", Breaking, LIST,
    params(&q(", schema: {type: string}")) => params(&q(", required: true, schema: {type: string}")));
rule!(parameter_became_optional: "parameter-became-optional", Compatible, LIST,
    params(&q(", required: true, schema: {type: string}")) => params(&q(", schema: {type: string}")));
rule!(parameter_type_changed: "parameter-type-changed", Breaking, LIST,
    params(&q(", schema: {type: string}")) => params(&q(", schema: {type: integer}")));
rule!(parameter_type_widened: "parameter-type-widened", Compatible, LIST,
    params(&q(", schema: {type: integer, format: int32}")) => params(&q(", schema: {type: integer, format: int64}")));
rule!(parameter_style_changed: "parameter-style-changed", Breaking, LIST,
    params(&q(", schema: {type: array, items: {type: string}}"))
        => params(&q(", explode: false, schema: {type: array, items: {type: string}}")));
rule!(parameter_enum_value_removed: "parameter-enum-value-removed", Breaking, LIST,
    params(&q(", schema: {type: string, enum: [a, b, c]}")) => params(&q(", schema: {type: string, enum: [a, b]}")));
rule!(parameter_enum_value_added: "parameter-enum-value-added", Compatible, LIST,
    params(&q(", schema: {type: string, enum: [a, b]}")) => params(&q(", schema: {type: string, enum: [a, b, c]}")));
rule!(parameter_nullable_removed: "parameter-nullable-removed", Breaking, LIST,
    params(&q(", schema: {type: string, nullable: true}")) => params(&q(", schema: {type: string}")));
rule!(parameter_nullable_added: "parameter-nullable-added", Compatible, LIST,
    params(&q(", schema: {type: string}")) => params(&q(", schema: {type: string, nullable: true}")));
rule!(parameter_min_length_tightened: "parameter-min-length-tightened", Breaking, LIST,
    params(&q(", schema: {type: string}"))
        => params(&q(", schema: {type: string, minLength: 2}")));
rule!(parameter_min_length_relaxed: "parameter-min-length-relaxed", Compatible, LIST,
    params(&q(", schema: {type: string, minLength: 2}"))
        => params(&q(", schema: {type: string}")));
rule!(parameter_max_length_tightened: "parameter-max-length-tightened", Breaking, LIST,
    params(&q(", schema: {type: string, maxLength: 10}"))
        => params(&q(", schema: {type: string, maxLength: 5}")));
rule!(parameter_max_length_relaxed: "parameter-max-length-relaxed", Compatible, LIST,
    params(&q(", schema: {type: string, maxLength: 5}"))
        => params(&q(", schema: {type: string, maxLength: 10}")));
rule!(parameter_minimum_tightened: "parameter-minimum-tightened", Breaking, LIST,
    params(&q(", schema: {type: integer, minimum: 1}"))
        => params(&q(", schema: {type: integer, minimum: 1, exclusiveMinimum: true}")));
rule!(parameter_minimum_relaxed: "parameter-minimum-relaxed", Compatible, LIST,
    params(&q(", schema: {type: integer, minimum: 1, exclusiveMinimum: true}"))
        => params(&q(", schema: {type: integer, minimum: 1}")));
rule!(parameter_maximum_tightened: "parameter-maximum-tightened", Breaking, LIST,
    params(&q(", schema: {type: integer, maximum: 10}"))
        => params(&q(", schema: {type: integer, maximum: 5}")));
rule!(parameter_maximum_relaxed: "parameter-maximum-relaxed", Compatible, LIST,
    params(&q(", schema: {type: integer, maximum: 5}"))
        => params(&q(", schema: {type: integer, maximum: 10}")));
rule!(parameter_multiple_of_tightened: "parameter-multiple-of-tightened", Breaking, LIST,
    params(&q(", schema: {type: integer, multipleOf: 2}"))
        => params(&q(", schema: {type: integer, multipleOf: 4}")));
rule!(parameter_multiple_of_relaxed: "parameter-multiple-of-relaxed", Compatible, LIST,
    params(&q(", schema: {type: integer, multipleOf: 4}"))
        => params(&q(", schema: {type: integer, multipleOf: 2}")));
rule!(parameter_min_items_tightened: "parameter-min-items-tightened", Breaking, LIST,
    params(&q(", schema: {type: array, items: {type: string}}"))
        => params(&q(", schema: {type: array, items: {type: string}, minItems: 1}")));
rule!(parameter_min_items_relaxed: "parameter-min-items-relaxed", Compatible, LIST,
    params(&q(", schema: {type: array, items: {type: string}, minItems: 1}"))
        => params(&q(", schema: {type: array, items: {type: string}}")));
rule!(parameter_max_items_tightened: "parameter-max-items-tightened", Breaking, LIST,
    params(&q(", schema: {type: array, items: {type: string}, maxItems: 5}"))
        => params(&q(", schema: {type: array, items: {type: string}, maxItems: 3}")));
rule!(parameter_max_items_relaxed: "parameter-max-items-relaxed", Compatible, LIST,
    params(&q(", schema: {type: array, items: {type: string}, maxItems: 3}"))
        => params(&q(", schema: {type: array, items: {type: string}, maxItems: 5}")));
rule!(parameter_unique_items_added: "parameter-unique-items-added", Breaking, LIST,
    params(&q(", schema: {type: array, items: {type: string}}"))
        => params(&q(", schema: {type: array, items: {type: string}, uniqueItems: true}")));
rule!(parameter_unique_items_removed: "parameter-unique-items-removed", Compatible, LIST,
    params(&q(", schema: {type: array, items: {type: string}, uniqueItems: true}"))
        => params(&q(", schema: {type: array, items: {type: string}}")));
rule!(parameter_pattern_added: "parameter-pattern-added", Breaking, LIST,
    params(&q(", schema: {type: string}"))
        => params(&q(", schema: {type: string, pattern: '^a'}")));
rule!(parameter_pattern_removed: "parameter-pattern-removed", Compatible, LIST,
    params(&q(", schema: {type: string, pattern: '^a'}"))
        => params(&q(", schema: {type: string}")));
rule!(parameter_pattern_changed: "parameter-pattern-changed", PossiblyBreaking, LIST,
    params(&q(", schema: {type: string, pattern: '^a'}")) => params(&q(", schema: {type: string, pattern: '^b'}")));
rule!(parameter_default_added: "parameter-default-added", Compatible, LIST,
    params(&q(", schema: {type: integer}")) => params(&q(", schema: {type: integer, default: 10}")));
rule!(parameter_default_changed: "parameter-default-changed", PossiblyBreaking, LIST,
    params(&q(", schema: {type: integer, default: 10}")) => params(&q(", schema: {type: integer, default: 20}")));
rule!(parameter_default_removed: "parameter-default-removed", PossiblyBreaking, LIST,
    params(&q(", schema: {type: integer, default: 10}")) => params(&q(", schema: {type: integer}")));
rule!(request_property_default_added: "request-property-default-added", Compatible, CREATE,
    request("{type: string}", "") => request("{type: string, default: x}", ""));
rule!(request_property_default_changed: "request-property-default-changed", PossiblyBreaking, CREATE,
    request("{type: string, default: x}", "") => request("{type: string, default: y}", ""));
rule!(request_property_default_removed: "request-property-default-removed", PossiblyBreaking, CREATE,
    request("{type: string, default: x}", "") => request("{type: string}", ""));
rule!(parameter_deprecated: "parameter-deprecated", Compatible, LIST,
    params(&q(", schema: {type: string}")) => params(&q(", deprecated: true, schema: {type: string}")));
rule!(request_property_deprecated: "request-property-deprecated", Compatible, CREATE,
    request("{type: string}", "") => request("{type: string, deprecated: true}", ""));
rule!(response_property_deprecated: "response-property-deprecated", Compatible, CREATE,
    response("{type: string}", "") => response("{type: string, deprecated: true}", ""));
rule!(path_parameter_renamed: "path-parameter-renamed", Compatible, Some("DELETE /things/{thing_id}"),
    spec(DELETE_THING, "") => spec(&DELETE_THING.replace("{id}", "{thing_id}").replace("name: id", "name: thing_id"), ""));

// Request bodies.
const OBJ: &str = "{type: object, properties: {a: {type: string}}}";

fn body(required: bool) -> String {
    format!("{{required: {required}, content: {{application/json: {{schema: {OBJ}}}}}}}")
}

fn body_and_form() -> String {
    format!(
        "{{required: true, content: {{application/json: {{schema: {OBJ}}}, \
         application/x-www-form-urlencoded: {{schema: {OBJ}}}}}}}"
    )
}

rule!(request_body_added_required: "request-body-added-required", Breaking, CREATE,
    post("") => post(&body(true)));
rule!(request_body_added_optional: "request-body-added-optional", Compatible, CREATE,
    post("") => post(&body(false)));
rule!(request_body_removed: "request-body-removed", PossiblyBreaking, CREATE,
    post(&body(true)) => post(""));
rule!(request_body_became_required: "request-body-became-required", Breaking, CREATE,
    post(&body(false)) => post(&body(true)));
rule!(request_body_became_optional: "request-body-became-optional", Compatible, CREATE,
    post(&body(true)) => post(&body(false)));
rule!(request_media_type_removed: "request-media-type-removed", Breaking, CREATE,
    post(&body_and_form()) => post(&body(true)));
rule!(request_media_type_added: "request-media-type-added", Compatible, CREATE,
    post(&body(true)) => post(&body_and_form()));

// Request properties.
rule!(request_property_added_required: "request-property-added-required", Breaking, CREATE,
    bodies(&object("{type: string}", ""), "{type: string}")
        => bodies(&object_ab("b"), "{type: string}"));
rule!(request_property_added_optional: "request-property-added-optional", Compatible, CREATE,
    bodies(&object("{type: string}", ""), "{type: string}")
        => bodies(&object_ab(""), "{type: string}"));
rule!(request_property_removed: "request-property-removed", PossiblyBreaking, CREATE,
    bodies(&object_ab(""), "{type: string}")
        => bodies(&object("{type: string}", ""), "{type: string}"));
rule!(request_property_became_required: "request-property-became-required", Breaking, CREATE,
    request("{type: string}", "") => request("{type: string}", "a"));
rule!(request_property_became_optional: "request-property-became-optional", Compatible, CREATE,
    request("{type: string}", "a") => request("{type: string}", ""));
rule!(request_property_type_changed: "request-property-type-changed", Breaking, CREATE,
    request("{type: string}", "") => request("{type: integer}", ""));
rule!(request_property_type_widened: "request-property-type-widened", Compatible, CREATE,
    request("{type: integer}", "") => request("{type: number}", ""));
rule!(request_property_became_read_only: "request-property-became-read-only", PossiblyBreaking, CREATE,
    request("{type: string}", "a") => request("{type: string, readOnly: true}", "a"));
rule!(request_property_became_writable: "request-property-became-writable", Compatible, CREATE,
    request("{type: string, readOnly: true}", "") => request("{type: string}", ""));
rule!(request_property_enum_value_removed: "request-property-enum-value-removed", Breaking, CREATE,
    request("{type: string, enum: [x, y, z]}", "") => request("{type: string, enum: [x, y]}", ""));
rule!(request_property_enum_value_added: "request-property-enum-value-added", Compatible, CREATE,
    request("{type: string, enum: [x, y]}", "") => request("{type: string, enum: [x, y, z]}", ""));
rule!(request_property_min_length_tightened: "request-property-min-length-tightened", Breaking, CREATE,
    request("{type: string}", "")
        => request("{type: string, minLength: 2}", ""));
rule!(request_property_min_length_relaxed: "request-property-min-length-relaxed", Compatible, CREATE,
    request("{type: string, minLength: 2}", "")
        => request("{type: string}", ""));
rule!(request_property_max_length_tightened: "request-property-max-length-tightened", Breaking, CREATE,
    request("{type: string, maxLength: 10}", "")
        => request("{type: string, maxLength: 5}", ""));
rule!(request_property_max_length_relaxed: "request-property-max-length-relaxed", Compatible, CREATE,
    request("{type: string, maxLength: 5}", "")
        => request("{type: string, maxLength: 10}", ""));
rule!(request_property_minimum_tightened: "request-property-minimum-tightened", Breaking, CREATE,
    request("{type: integer, minimum: 1}", "")
        => request("{type: integer, minimum: 1, exclusiveMinimum: true}", ""));
rule!(request_property_minimum_relaxed: "request-property-minimum-relaxed", Compatible, CREATE,
    request("{type: integer, minimum: 1, exclusiveMinimum: true}", "")
        => request("{type: integer, minimum: 1}", ""));
rule!(request_property_maximum_tightened: "request-property-maximum-tightened", Breaking, CREATE,
    request("{type: integer, maximum: 10}", "")
        => request("{type: integer, maximum: 5}", ""));
rule!(request_property_maximum_relaxed: "request-property-maximum-relaxed", Compatible, CREATE,
    request("{type: integer, maximum: 5}", "")
        => request("{type: integer, maximum: 10}", ""));
rule!(request_property_multiple_of_tightened: "request-property-multiple-of-tightened", Breaking, CREATE,
    request("{type: integer, multipleOf: 2}", "")
        => request("{type: integer, multipleOf: 4}", ""));
rule!(request_property_multiple_of_relaxed: "request-property-multiple-of-relaxed", Compatible, CREATE,
    request("{type: integer, multipleOf: 4}", "")
        => request("{type: integer, multipleOf: 2}", ""));
rule!(request_property_min_items_tightened: "request-property-min-items-tightened", Breaking, CREATE,
    request("{type: array, items: {type: string}}", "")
        => request("{type: array, items: {type: string}, minItems: 1}", ""));
rule!(request_property_min_items_relaxed: "request-property-min-items-relaxed", Compatible, CREATE,
    request("{type: array, items: {type: string}, minItems: 1}", "")
        => request("{type: array, items: {type: string}}", ""));
rule!(request_property_max_items_tightened: "request-property-max-items-tightened", Breaking, CREATE,
    request("{type: array, items: {type: string}, maxItems: 5}", "")
        => request("{type: array, items: {type: string}, maxItems: 3}", ""));
rule!(request_property_max_items_relaxed: "request-property-max-items-relaxed", Compatible, CREATE,
    request("{type: array, items: {type: string}, maxItems: 3}", "")
        => request("{type: array, items: {type: string}, maxItems: 5}", ""));
rule!(request_property_unique_items_added: "request-property-unique-items-added", Breaking, CREATE,
    request("{type: array, items: {type: string}}", "")
        => request("{type: array, items: {type: string}, uniqueItems: true}", ""));
rule!(request_property_unique_items_removed: "request-property-unique-items-removed", Compatible, CREATE,
    request("{type: array, items: {type: string}, uniqueItems: true}", "")
        => request("{type: array, items: {type: string}}", ""));
rule!(request_property_pattern_added: "request-property-pattern-added", Breaking, CREATE,
    request("{type: string}", "")
        => request("{type: string, pattern: '^a'}", ""));
rule!(request_property_pattern_removed: "request-property-pattern-removed", Compatible, CREATE,
    request("{type: string, pattern: '^a'}", "")
        => request("{type: string}", ""));
rule!(request_property_min_properties_tightened: "request-property-min-properties-tightened", Breaking, CREATE,
    request("{type: object, properties: {x: {type: string}}}", "")
        => request("{type: object, properties: {x: {type: string}}, minProperties: 1}", ""));
rule!(request_property_min_properties_relaxed: "request-property-min-properties-relaxed", Compatible, CREATE,
    request("{type: object, properties: {x: {type: string}}, minProperties: 1}", "")
        => request("{type: object, properties: {x: {type: string}}}", ""));
rule!(request_property_max_properties_tightened: "request-property-max-properties-tightened", Breaking, CREATE,
    request("{type: object, properties: {x: {type: string}}, maxProperties: 3}", "")
        => request("{type: object, properties: {x: {type: string}}, maxProperties: 2}", ""));
rule!(request_property_max_properties_relaxed: "request-property-max-properties-relaxed", Compatible, CREATE,
    request("{type: object, properties: {x: {type: string}}, maxProperties: 2}", "")
        => request("{type: object, properties: {x: {type: string}}, maxProperties: 3}", ""));
rule!(request_property_pattern_changed: "request-property-pattern-changed", PossiblyBreaking, CREATE,
    request("{type: string, pattern: '^[a-z]+$'}", "") => request("{type: string, pattern: '^[0-9]+$'}", ""));
rule!(request_property_nullable_removed: "request-property-nullable-removed", Breaking, CREATE,
    request("{type: string, nullable: true}", "") => request("{type: string}", ""));
rule!(request_property_nullable_added: "request-property-nullable-added", Compatible, CREATE,
    request("{type: string}", "") => request("{type: string, nullable: true}", ""));

// Response statuses and media types.
const OK: &str = "'200': {description: OK}";
rule!(response_success_status_added: "response-success-status-added", PossiblyBreaking, LIST,
    responses(&format!("{{{OK}}}")) => responses(&format!("{{{OK}, '202': {{description: Accepted}}}}")));
rule!(response_error_status_added: "response-error-status-added", Compatible, LIST,
    responses(&format!("{{{OK}}}")) => responses(&format!("{{{OK}, '404': {{description: Missing}}}}")));
rule!(response_success_status_removed: "response-success-status-removed", Breaking, LIST,
    responses(&format!("{{{OK}, '202': {{description: Accepted}}}}")) => responses(&format!("{{{OK}}}")));
rule!(response_error_status_removed: "response-error-status-removed", PossiblyBreaking, LIST,
    responses(&format!("{{{OK}, '404': {{description: Missing}}}}")) => responses(&format!("{{{OK}}}")));

const JSON_200: &str =
    "{'200': {description: OK, content: {application/json: {schema: {type: string}}}}}";
const JSON_AND_TEXT_200: &str = "{'200': {description: OK, content: {application/json: {schema: {type: string}}, text/plain: {schema: {type: string}}}}}";
rule!(response_media_type_added: "response-media-type-added", Compatible, LIST,
    responses(JSON_200) => responses(JSON_AND_TEXT_200));
rule!(response_media_type_removed: "response-media-type-removed", Breaking, LIST,
    responses(JSON_AND_TEXT_200) => responses(JSON_200));

// Response properties.
rule!(response_property_added: "response-property-added", Compatible, CREATE,
    bodies("{type: string}", &object("{type: string}", "")) => bodies("{type: string}", &object_ab("")));
rule!(response_property_removed: "response-property-removed", Breaking, CREATE,
    bodies("{type: string}", &object_ab("b")) => bodies("{type: string}", &object("{type: string}", "")));
rule!(response_optional_property_removed: "response-optional-property-removed", PossiblyBreaking, CREATE,
    bodies("{type: string}", &object_ab("")) => bodies("{type: string}", &object("{type: string}", "")));
rule!(response_property_became_optional: "response-property-became-optional", Breaking, CREATE,
    response("{type: string}", "a") => response("{type: string}", ""));
rule!(response_property_became_required: "response-property-became-required", Compatible, CREATE,
    response("{type: string}", "") => response("{type: string}", "a"));
rule!(response_property_became_nullable: "response-property-became-nullable", Breaking, CREATE,
    response("{type: string}", "a") => response("{type: string, nullable: true}", "a"));
rule!(response_property_nullable_removed: "response-property-nullable-removed", Compatible, CREATE,
    response("{type: string, nullable: true}", "a") => response("{type: string}", "a"));
rule!(response_property_type_changed: "response-property-type-changed", Breaking, CREATE,
    response("{type: string, format: date-time}", "a") => response("{type: string}", "a"));
rule!(response_property_type_narrowed: "response-property-type-narrowed", Compatible, CREATE,
    response("{type: string}", "a") => response("{type: string, format: date-time}", "a"));
rule!(response_property_became_write_only: "response-property-became-write-only", Breaking, CREATE,
    response("{type: string}", "a") => response("{type: string, writeOnly: true}", "a"));
rule!(response_property_became_readable: "response-property-became-readable", Compatible, CREATE,
    response("{type: string, writeOnly: true}", "") => response("{type: string}", ""));
rule!(response_property_enum_value_added: "response-property-enum-value-added", PossiblyBreaking, CREATE,
    response("{type: string, enum: [x, y]}", "a") => response("{type: string, enum: [x, y, z]}", "a"));
rule!(response_property_extensible_value_added: "response-property-extensible-value-added", Compatible, CREATE,
    response("{type: string, enum: [x, y], x-extensible-enum: true}", "a")
        => response("{type: string, enum: [x, y, z], x-extensible-enum: true}", "a"));
rule!(response_property_enum_value_removed: "response-property-enum-value-removed", Compatible, CREATE,
    response("{type: string, enum: [x, y, z]}", "a") => response("{type: string, enum: [x, y]}", "a"));
rule!(response_property_min_length_tightened: "response-property-min-length-tightened", Compatible, CREATE,
    response("{type: string}", "a")
        => response("{type: string, minLength: 2}", "a"));
rule!(response_property_min_length_relaxed: "response-property-min-length-relaxed", PossiblyBreaking, CREATE,
    response("{type: string, minLength: 2}", "a")
        => response("{type: string}", "a"));
rule!(response_property_max_length_tightened: "response-property-max-length-tightened", Compatible, CREATE,
    response("{type: string, maxLength: 10}", "a")
        => response("{type: string, maxLength: 5}", "a"));
rule!(response_property_max_length_relaxed: "response-property-max-length-relaxed", PossiblyBreaking, CREATE,
    response("{type: string, maxLength: 5}", "a")
        => response("{type: string, maxLength: 10}", "a"));
rule!(response_property_minimum_tightened: "response-property-minimum-tightened", Compatible, CREATE,
    response("{type: integer, minimum: 1}", "a")
        => response("{type: integer, minimum: 1, exclusiveMinimum: true}", "a"));
rule!(response_property_minimum_relaxed: "response-property-minimum-relaxed", PossiblyBreaking, CREATE,
    response("{type: integer, minimum: 1, exclusiveMinimum: true}", "a")
        => response("{type: integer, minimum: 1}", "a"));
rule!(response_property_maximum_tightened: "response-property-maximum-tightened", Compatible, CREATE,
    response("{type: integer, maximum: 10}", "a")
        => response("{type: integer, maximum: 5}", "a"));
rule!(response_property_maximum_relaxed: "response-property-maximum-relaxed", PossiblyBreaking, CREATE,
    response("{type: integer, maximum: 5}", "a")
        => response("{type: integer, maximum: 10}", "a"));
rule!(response_property_multiple_of_tightened: "response-property-multiple-of-tightened", Compatible, CREATE,
    response("{type: integer, multipleOf: 2}", "a")
        => response("{type: integer, multipleOf: 4}", "a"));
rule!(response_property_multiple_of_relaxed: "response-property-multiple-of-relaxed", PossiblyBreaking, CREATE,
    response("{type: integer, multipleOf: 4}", "a")
        => response("{type: integer, multipleOf: 2}", "a"));
rule!(response_property_min_items_tightened: "response-property-min-items-tightened", Compatible, CREATE,
    response("{type: array, items: {type: string}}", "a")
        => response("{type: array, items: {type: string}, minItems: 1}", "a"));
rule!(response_property_min_items_relaxed: "response-property-min-items-relaxed", PossiblyBreaking, CREATE,
    response("{type: array, items: {type: string}, minItems: 1}", "a")
        => response("{type: array, items: {type: string}}", "a"));
rule!(response_property_max_items_tightened: "response-property-max-items-tightened", Compatible, CREATE,
    response("{type: array, items: {type: string}, maxItems: 5}", "a")
        => response("{type: array, items: {type: string}, maxItems: 3}", "a"));
rule!(response_property_max_items_relaxed: "response-property-max-items-relaxed", PossiblyBreaking, CREATE,
    response("{type: array, items: {type: string}, maxItems: 3}", "a")
        => response("{type: array, items: {type: string}, maxItems: 5}", "a"));
rule!(response_property_unique_items_added: "response-property-unique-items-added", Compatible, CREATE,
    response("{type: array, items: {type: string}}", "a")
        => response("{type: array, items: {type: string}, uniqueItems: true}", "a"));
rule!(response_property_unique_items_removed: "response-property-unique-items-removed", PossiblyBreaking, CREATE,
    response("{type: array, items: {type: string}, uniqueItems: true}", "a")
        => response("{type: array, items: {type: string}}", "a"));
rule!(response_property_pattern_added: "response-property-pattern-added", Compatible, CREATE,
    response("{type: string}", "a")
        => response("{type: string, pattern: '^a'}", "a"));
rule!(response_property_pattern_removed: "response-property-pattern-removed", PossiblyBreaking, CREATE,
    response("{type: string, pattern: '^a'}", "a")
        => response("{type: string}", "a"));
rule!(response_property_min_properties_tightened: "response-property-min-properties-tightened", Compatible, CREATE,
    response("{type: object, properties: {x: {type: string}}}", "a")
        => response("{type: object, properties: {x: {type: string}}, minProperties: 1}", "a"));
rule!(response_property_min_properties_relaxed: "response-property-min-properties-relaxed", PossiblyBreaking, CREATE,
    response("{type: object, properties: {x: {type: string}}, minProperties: 1}", "a")
        => response("{type: object, properties: {x: {type: string}}}", "a"));
rule!(response_property_max_properties_tightened: "response-property-max-properties-tightened", Compatible, CREATE,
    response("{type: object, properties: {x: {type: string}}, maxProperties: 3}", "a")
        => response("{type: object, properties: {x: {type: string}}, maxProperties: 2}", "a"));
rule!(response_property_max_properties_relaxed: "response-property-max-properties-relaxed", PossiblyBreaking, CREATE,
    response("{type: object, properties: {x: {type: string}}, maxProperties: 2}", "a")
        => response("{type: object, properties: {x: {type: string}}, maxProperties: 3}", "a"));
rule!(response_property_pattern_changed: "response-property-pattern-changed", PossiblyBreaking, CREATE,
    response("{type: string, pattern: '^a'}", "a") => response("{type: string, pattern: '^b'}", "a"));

// Response headers.
const RATE: &str = "x-rate: {required: true, schema: {type: integer}}";
const RATE_OPTIONAL: &str = "x-rate: {schema: {type: integer}}";
rule!(response_header_added: "response-header-added", Compatible, LIST,
    headers("{}") => headers(&format!("{{{RATE}}}")));
rule!(response_header_removed: "response-header-removed", Breaking, LIST,
    headers(&format!("{{{RATE}}}")) => headers("{}"));
rule!(response_optional_header_removed: "response-optional-header-removed", PossiblyBreaking, LIST,
    headers(&format!("{{{RATE_OPTIONAL}}}")) => headers("{}"));
rule!(response_header_became_optional: "response-header-became-optional", Breaking, LIST,
    headers(&format!("{{{RATE}}}")) => headers(&format!("{{{RATE_OPTIONAL}}}")));
rule!(response_header_became_required: "response-header-became-required", Compatible, LIST,
    headers(&format!("{{{RATE_OPTIONAL}}}")) => headers(&format!("{{{RATE}}}")));

// Security.
rule!(security_requirement_added: "security-requirement-added", Breaking, LIST,
    secured("[]") => secured("[{ApiKey: []}]"));
rule!(security_requirement_removed: "security-requirement-removed", Compatible, LIST,
    secured("[{ApiKey: []}]") => secured("[]"));
rule!(security_alternative_added: "security-alternative-added", Compatible, LIST,
    secured("[{ApiKey: []}]") => secured("[{ApiKey: []}, {OAuth: [read]}]"));
rule!(security_alternative_removed: "security-alternative-removed", Breaking, LIST,
    secured("[{ApiKey: []}, {OAuth: [read]}]") => secured("[{ApiKey: []}]"));
rule!(security_scopes_added: "security-scopes-added", Breaking, LIST,
    secured("[{OAuth: [read]}]") => secured("[{OAuth: [read, write]}]"));
rule!(security_scopes_removed: "security-scopes-removed", Compatible, LIST,
    secured("[{OAuth: [read, write]}]") => secured("[{OAuth: [read]}]"));
rule!(security_scheme_changed: "security-scheme-changed", Breaking, COMPONENTS,
    secured("[{ApiKey: []}]") => secured("[{ApiKey: []}]").replace("name: x-api-key", "name: x-key"));

// Schemas.
const PARCEL: &str = "Parcel: {type: object, properties: {weight: {type: integer}}}";
rule!(schema_added: "schema-added", Compatible, COMPONENTS,
    schemas("") => schemas(PARCEL));
rule!(schema_removed: "schema-removed", PossiblyBreaking, COMPONENTS,
    schemas(PARCEL) => schemas(""));
rule!(schema_renamed: "schema-renamed", Compatible, COMPONENTS,
    schemas(PARCEL) => schemas(&PARCEL.replace("Parcel", "Package")));

#[test]
fn every_rule_has_a_test_here() {
    let source = include_str!("diff_rules.rs");
    for rule in Rule::ALL {
        let call = format!("\"{}\",", rule.id());
        assert!(source.contains(&call), "no test for {}", rule.id());
    }
}

#[test]
fn a_type_in_both_directions_is_judged_in_each() {
    let shared = |values: &str| {
        spec(
            "
            /things:
              post:
                operationId: create_thing
                requestBody:
                  required: true
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Thing'}
                responses:
                  '200':
                    description: OK
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Thing'}",
            &format!(
                "Thing: {{type: object, required: [state], properties: \
                 {{state: {{$ref: '#/components/schemas/State'}}}}}}\n\
                 State: {{type: string, enum: [{values}]}}"
            ),
        )
    };
    let changes = wire(&shared("a, b"), &shared("a, c"));
    let found: Vec<(&str, Level, &str)> = changes
        .iter()
        .map(|change| (change.rule.id(), change.level(), change.location.as_str()))
        .collect();
    for expected in [
        (
            "request-property-enum-value-removed",
            Level::Breaking,
            "request body: state",
        ),
        (
            "request-property-enum-value-added",
            Level::Compatible,
            "request body: state",
        ),
        (
            "response-property-enum-value-removed",
            Level::Compatible,
            "response 200: state",
        ),
        (
            "response-property-enum-value-added",
            Level::PossiblyBreaking,
            "response 200: state",
        ),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in\n{}",
            listing(&changes)
        );
    }
}

#[test]
fn changes_through_a_ref_count_in_every_operation_that_uses_it() {
    let address = |max: u32| {
        spec(
            "
            /a:
              post:
                operationId: post_a
                requestBody:
                  required: true
                  content:
                    application/json:
                      schema: {type: object, properties: {from: {$ref: '#/components/schemas/Address'}}}
                responses:
                  '204':
                    description: Done
            /b:
              put:
                operationId: put_b
                requestBody:
                  required: true
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/Address'}}
                responses:
                  '204':
                    description: Done",
            &format!(
                "Address: {{type: object, properties: {{postcode: {{type: string, maxLength: {max}}}}}}}"
            ),
        )
    };
    let changes = wire(&address(10), &address(8));
    let found: Vec<(Option<&str>, &str)> = changes
        .iter()
        .filter(|change| change.rule == Rule::RequestPropertyMaxLengthTightened)
        .map(|change| (change.operation.as_deref(), change.location.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (Some("POST /a"), "request body: from.postcode"),
            (Some("PUT /b"), "request body: [].postcode"),
        ],
        "{}",
        listing(&changes)
    );
}

#[test]
fn recursive_schemas_terminate() {
    let tree = |extra: &str| {
        spec(
            "
            /nodes:
              post:
                operationId: create_node
                requestBody:
                  required: true
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Node'}
                responses:
                  '200':
                    description: OK
                    content:
                      application/json:
                        schema: {$ref: '#/components/schemas/Node'}",
            &format!(
                "Node: {{type: object, properties: {{children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}, parent: {{$ref: '#/components/schemas/Node'}}{extra}}}}}"
            ),
        )
    };
    let changes = wire(&tree(""), &tree(", label: {type: string}"));
    let rules: Vec<&str> = changes.iter().map(|change| change.rule.id()).collect();
    assert_eq!(
        rules,
        vec!["request-property-added-optional", "response-property-added"],
        "{}",
        listing(&changes)
    );
}

#[test]
fn array_parameters_keep_parameter_rules() {
    let list = |values: &str| {
        params(&q(&format!(
            ", schema: {{type: array, items: {{type: string, enum: [{values}]}}}}"
        )))
    };
    let changes = wire(&list("a, b, c"), &list("a, b"));
    let found: Vec<(&str, &str)> = changes
        .iter()
        .map(|change| (change.rule.id(), change.location.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("parameter-enum-value-removed", "query parameter q: []")],
        "{}",
        listing(&changes)
    );
}

#[test]
fn identical_specs_have_no_changes() {
    let text = bodies(&object_ab("a"), &object("{type: string, enum: [x]}", "a"));
    assert_eq!(wire(&text, &text), Vec::new());
}

// Unions, compared by the values they accept.

/// `POST /things` taking and answering an object whose property `a` has schema `a`, with
/// the component schemas `extra` (flow YAML lines).
fn both_ways(a: &str, extra: &str) -> String {
    let thing = object(a, "");
    bodies(&thing, &thing) + &diff_support::indent(extra, 4)
}

/// The changes from `old` to `new`, asserting that none is at or above `level` and that
/// no message names a generated Rust type or variant.
fn nothing_at_or_above(old: &str, new: &str, level: Level) -> Vec<generator::diff::Change> {
    let changes = wire(old, new);
    assert!(
        changes.iter().all(|change| change.level() < level),
        "a change at or above {level}:\n{}",
        listing(&changes)
    );
    for change in &changes {
        let text = format!("{} {}", change.location, change.message);
        for rust_name in ["Variant", "ReqA", "ResA"] {
            assert!(!text.contains(rust_name), "a Rust name in: {text}");
        }
    }
    changes
}

const MODE: &str = "Mode: {type: string, enum: [auto, none]}";
const LIMITS: &str = "Limits: {type: object, properties: {max: {type: integer}}}";

#[test]
fn an_identical_enum_branch_moved_into_a_ref_is_no_change() {
    let old = both_ways(
        "{anyOf: [{type: string}, {type: string, enum: [auto, none]}]}",
        MODE,
    );
    let new = both_ways(
        "{anyOf: [{type: string}, {$ref: '#/components/schemas/Mode'}]}",
        MODE,
    );
    let changes = nothing_at_or_above(&old, &new, Level::Compatible);
    assert!(changes.is_empty(), "{}", listing(&changes));
}

#[test]
fn a_ref_branch_added_to_an_any_of_widens_it() {
    let old = both_ways("{anyOf: [{type: string}]}", LIMITS);
    let new = both_ways(
        "{anyOf: [{type: string}, {$ref: '#/components/schemas/Limits'}]}",
        LIMITS,
    );
    let changes = nothing_at_or_above(&old, &new, Level::Breaking);
    let rules: Vec<&str> = changes.iter().map(|change| change.rule.id()).collect();
    assert_eq!(
        rules,
        [
            "request-property-enum-value-added",
            "response-property-enum-value-added"
        ],
        "{}",
        listing(&changes)
    );
    assert!(
        changes[0].message.contains("`Limits`"),
        "{}",
        listing(&changes)
    );
}

#[test]
fn a_string_that_becomes_one_of_string_or_object_widens_it() {
    let old = both_ways("{type: string}", "");
    let new = both_ways(
        "{oneOf: [{type: string}, {type: object, properties: {id: {type: string}}}]}",
        "",
    );
    let changes = nothing_at_or_above(&old, &new, Level::Breaking);
    let request: Vec<Level> = changes
        .iter()
        .filter(|change| change.location.starts_with("request"))
        .map(|change| change.level())
        .collect();
    assert_eq!(request, [Level::Compatible], "{}", listing(&changes));
}

#[test]
fn two_one_of_branches_merged_into_a_wider_one_do_not_break_requests() {
    let x = "{type: object, required: [x], properties: {x: {type: string}}}";
    let y = "{type: object, required: [y], properties: {y: {type: integer}}}";
    let xy = "{type: object, properties: {x: {type: string}, y: {type: integer}}}";
    let old = bodies(
        &object(&format!("{{oneOf: [{x}, {y}, {{type: boolean}}]}}"), ""),
        "{type: string}",
    );
    let new = bodies(
        &object(&format!("{{oneOf: [{xy}, {{type: boolean}}]}}"), ""),
        "{type: string}",
    );
    let changes = nothing_at_or_above(&old, &new, Level::PossiblyBreaking);
    assert!(
        changes
            .iter()
            .all(|change| change.level() == Level::Compatible),
        "{}",
        listing(&changes)
    );
}

#[test]
fn an_enum_turned_into_an_equivalent_one_of_is_no_change() {
    let old = both_ways("{type: string, enum: [a, b, c]}", "");
    let new = both_ways(
        "{oneOf: [{type: string, enum: [a]}, {type: string, enum: [b, c]}]}",
        "",
    );
    let changes = nothing_at_or_above(&old, &new, Level::Compatible);
    assert!(changes.is_empty(), "{}", listing(&changes));
}

#[test]
fn a_branch_removed_from_a_one_of_narrows_it() {
    let old = both_ways("{oneOf: [{type: string}, {type: integer}]}", "");
    let new = both_ways("{oneOf: [{type: string}, {type: boolean}]}", "");
    let changes = wire(&old, &new);
    let found: Vec<(&str, &str)> = changes
        .iter()
        .map(|change| (change.rule.id(), change.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "request-property-enum-value-removed",
                "integer values are no longer accepted"
            ),
            (
                "request-property-enum-value-added",
                "boolean values are now accepted"
            ),
            (
                "response-property-enum-value-removed",
                "integer values are no longer accepted"
            ),
            (
                "response-property-enum-value-added",
                "boolean values are now accepted"
            ),
        ],
        "{}",
        listing(&changes)
    );
}

// Levels by direction.

/// The rules and levels of the changes from `old` to `new`.
fn rules_and_levels(old: &str, new: &str) -> Vec<(&'static str, Level)> {
    wire(old, new)
        .iter()
        .map(|change| (change.rule.id(), change.level()))
        .collect()
}

#[test]
fn a_property_made_read_only_is_not_removed_from_requests() {
    let old = request("{type: string}", "");
    let new = request("{type: string, readOnly: true}", "");
    assert_eq!(
        rules_and_levels(&old, &new),
        [("request-property-became-read-only", Level::PossiblyBreaking)]
    );
}

#[test]
fn widening_breaks_only_responses_and_narrowing_only_requests() {
    let integer = "{type: integer}";
    let number = "{type: number}";
    assert_eq!(
        rules_and_levels(&request(integer, ""), &request(number, "")),
        [("request-property-type-widened", Level::Compatible)]
    );
    assert_eq!(
        rules_and_levels(&request(number, ""), &request(integer, "")),
        [("request-property-type-changed", Level::Breaking)]
    );
    assert_eq!(
        rules_and_levels(&response(integer, "a"), &response(number, "a")),
        [("response-property-type-changed", Level::Breaking)]
    );
    assert_eq!(
        rules_and_levels(&response(number, "a"), &response(integer, "a")),
        [("response-property-type-narrowed", Level::Compatible)]
    );
}

#[test]
fn explode_matters_only_for_arrays_and_objects() {
    let scalar = params(&q(", schema: {type: string}"));
    let scalar_not_exploded = params(&q(", explode: false, schema: {type: string}"));
    assert_eq!(rules_and_levels(&scalar, &scalar_not_exploded), []);
    let array = params(&q(", schema: {type: array, items: {type: string}}"));
    let piped = params(&q(
        ", style: pipeDelimited, schema: {type: array, items: {type: string}}",
    ));
    let changes = wire(&array, &piped);
    assert!(
        changes
            .iter()
            .any(|change| change.message == "style changed from `form` to `pipeDelimited`"),
        "{}",
        listing(&changes)
    );
}

#[test]
fn a_pure_rename_fails_no_review() {
    let old = schemas(PARCEL);
    let new = schemas(&PARCEL.replace("Parcel", "Package"));
    assert_eq!(
        rules_and_levels(&old, &new),
        [("schema-renamed", Level::Compatible)]
    );
}

// Composition.

/// Request and response bodies with property `a` of `a`, and these extra schemas.
fn request_with(a: &str, extra: &str) -> String {
    bodies(&object(a, ""), &object("{type: string}", "")) + &diff_support::indent(extra, 4)
}

fn response_with(a: &str, extra: &str) -> String {
    bodies(&object("{type: string}", ""), &object(a, "")) + &diff_support::indent(extra, 4)
}

/// `Pet`: a `oneOf` of the objects `branches` (each with properties `kind` and `type`)
/// told apart by `tag`.
fn pets(tag: &str, branches: &[&str]) -> String {
    let refs: Vec<String> = branches
        .iter()
        .map(|name| format!("{{$ref: '#/components/schemas/{name}'}}"))
        .collect();
    let mut out = format!(
        "Pet: {{oneOf: [{}], discriminator: {{propertyName: {tag}}}}}\n",
        refs.join(", ")
    );
    for name in branches {
        out.push_str(&format!(
            "{name}: {{type: object, required: [kind, type], properties: \
             {{kind: {{type: string}}, type: {{type: string}}}}}}\n"
        ));
    }
    out
}

const PET: &str = "{$ref: '#/components/schemas/Pet'}";
const MAP: &str = "{type: object, additionalProperties: {type: string}}";
const CLOSED: &str = "{type: object, properties: {x: {type: string}}}";
const OPEN: &str =
    "{type: object, properties: {x: {type: string}}, additionalProperties: {type: string}}";

rule!(request_additional_properties_tightened: "request-additional-properties-tightened", Breaking, CREATE,
    request(OPEN, "") => request(CLOSED, ""));
rule!(request_additional_properties_loosened: "request-additional-properties-loosened", Compatible, CREATE,
    request(CLOSED, "") => request(OPEN, ""));
rule!(response_additional_properties_loosened: "response-additional-properties-loosened", PossiblyBreaking, CREATE,
    response(CLOSED, "") => response(OPEN, ""));
rule!(response_additional_properties_tightened: "response-additional-properties-tightened", Compatible, CREATE,
    response(OPEN, "") => response(CLOSED, ""));
rule!(request_discriminator_value_removed: "request-discriminator-value-removed", Breaking, CREATE,
    request_with(PET, &pets("kind", &["Cat", "Dog"])) => request_with(PET, &pets("kind", &["Cat"])));
rule!(request_discriminator_value_added: "request-discriminator-value-added", Compatible, CREATE,
    request_with(PET, &pets("kind", &["Cat"])) => request_with(PET, &pets("kind", &["Cat", "Dog"])));
rule!(response_discriminator_value_added: "response-discriminator-value-added", PossiblyBreaking, CREATE,
    response_with(PET, &pets("kind", &["Cat"])) => response_with(PET, &pets("kind", &["Cat", "Dog"])));
rule!(response_discriminator_value_removed: "response-discriminator-value-removed", Compatible, CREATE,
    response_with(PET, &pets("kind", &["Cat", "Dog"])) => response_with(PET, &pets("kind", &["Cat"])));
rule!(discriminator_property_changed: "discriminator-property-changed", Breaking, CREATE,
    response_with(PET, &pets("kind", &["Cat", "Dog"])) => response_with(PET, &pets("type", &["Cat", "Dog"])));

#[test]
fn a_map_value_type_is_compared_inside_additional_properties() {
    let wider = MAP.replace("{type: string}", "{}");
    assert_eq!(
        rules_and_levels(&request(MAP, ""), &request(&wider, "")),
        [("request-property-type-widened", Level::Compatible)]
    );
}
