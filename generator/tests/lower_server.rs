//! What lowering decides for the server: the error model (body shape and codes), parsed
//! path templates, trait, handler and authentication names, and a warning for an
//! operation whose method and route shape an earlier one has.

use std::path::Path;

use generator::ir::{Api, ErrorShape, PathSegment};
use generator::{load, lower};

fn lower_text(text: &str) -> Api {
    let document = load::load_str(Path::new("server.yaml"), text).expect("loads");
    lower::lower(&document).expect("lowers")
}

fn pro() -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/pro.yaml");
    let document = load::load_path(&path).expect("loads");
    lower::lower(&document).expect("lowers")
}

const ROUTES: &str = r##"
openapi: 3.0.3
info: {title: Items, version: '1'}
security: [{key: []}]
paths:
  /items/{a}:
    get:
      operationId: get_by_a
      tags: [items]
      parameters: [{name: a, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Done.}}
  /items/{b}:
    get:
      operationId: get_by_b
      tags: [items]
      parameters: [{name: b, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: Done.}}
    delete:
      operationId: delete_item
      parameters: [{name: b, in: path, required: true, schema: {type: string}}]
      security: []
      responses: {'204': {description: Done.}}
  /open:
    get:
      operationId: open
      tags: [Authenticator]
      security: [{key: []}, {}]
      responses: {'204': {description: Done.}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: x-key}
"##;

#[test]
fn an_operation_with_the_route_of_an_earlier_one_is_warned_of_and_not_routed() {
    let api = lower_text(ROUTES);
    let by_b = api
        .operations
        .iter()
        .find(|op| op.id == "get_by_b")
        .expect("get_by_b");
    assert_eq!(by_b.server.shadowed_by.as_deref(), Some("get_by_a"));
    assert_eq!(by_b.server.authenticate, None);
    let warning = api
        .warnings
        .iter()
        .find(|warning| warning.pointer == "#/paths/~1items~1{b}/get")
        .expect("a warning for the shadowed operation");
    assert!(
        warning.message.contains("#/paths/~1items~1{a}/get"),
        "{}",
        warning.message
    );
    let delete = api
        .operations
        .iter()
        .find(|op| op.id == "delete_item")
        .expect("delete_item");
    assert_eq!(
        delete.server.shadowed_by, None,
        "another method is its own route"
    );
}

#[test]
fn path_templates_are_parsed_once_into_segments() {
    let api = lower_text(ROUTES);
    let delete = &api.operations[0];
    assert_eq!(delete.id, "delete_item");
    assert_eq!(
        delete.template.segments,
        [
            PathSegment::Literal("/items/".to_owned()),
            PathSegment::Parameter("b".to_owned()),
        ]
    );
    assert_eq!(
        lower::parse_template("/a/{x}.{y}/z{").segments,
        [
            PathSegment::Literal("/a/".to_owned()),
            PathSegment::Parameter("x".to_owned()),
            PathSegment::Literal(".".to_owned()),
            PathSegment::Parameter("y".to_owned()),
            PathSegment::Literal("/z{".to_owned()),
        ]
    );
}

#[test]
fn traits_handlers_and_authentication_functions_are_named_in_lowering() {
    let api = lower_text(ROUTES);
    let names: Vec<(&str, Option<&str>, Vec<&str>)> = api
        .server_traits
        .iter()
        .map(|server_trait| {
            (
                server_trait.name.as_str(),
                server_trait.tag.as_deref(),
                server_trait.operations.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("ItemsApi", Some("items"), vec!["get_by_a", "get_by_b"]),
            ("AuthenticatorApi", Some("Authenticator"), vec!["open"]),
            ("ItemsApi2", None, vec!["delete_item"]),
        ]
    );
    let server = |id: &str| {
        let operation = api.operations.iter().find(|op| op.id == id).expect("op");
        (
            operation.server.handler.as_str(),
            operation.server.authenticate.as_deref(),
        )
    };
    assert_eq!(
        server("get_by_a"),
        ("handle_get_by_a", Some("authenticate_0"))
    );
    assert_eq!(server("open"), ("handle_open", Some("authenticate_1")));
    assert_eq!(server("delete_item"), ("handle_delete_item", None));
}

#[test]
fn the_pro_error_model_comes_from_its_error_schema_and_extensions() {
    let api = pro();
    let errors = &api.errors;
    assert_eq!(
        errors.shape,
        ErrorShape::ApiError {
            correlation_id: true,
            details: true
        }
    );
    let schemes: Vec<(&str, Option<&str>, Option<&str>)> = errors
        .schemes
        .iter()
        .map(|codes| {
            (
                codes.scheme.as_str(),
                codes.missing.as_deref(),
                codes.invalid.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        schemes,
        [(
            "ApiKey",
            Some("missing_api_key_header"),
            Some("invalid_api_key")
        )]
    );
    let parameters: Vec<(&str, Option<&str>, Option<&str>)> = errors
        .parameters
        .iter()
        .map(|codes| {
            (
                codes.name.as_str(),
                codes.missing.as_deref(),
                codes.invalid.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        parameters,
        [(
            "x-api-version",
            Some("version_header_missing"),
            Some("version_header_error")
        )]
    );
    assert_eq!(errors.vocabulary.unauthorized, "unauthorised");
    assert_eq!(errors.vocabulary.required, "required_property_missing");
}

#[test]
fn a_spec_without_an_error_schema_gets_plain_bodies() {
    assert_eq!(lower_text(ROUTES).errors.shape, ErrorShape::Plain);
}
