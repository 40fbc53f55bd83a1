//! `x-pattern-error-code` on a schema with a `pattern` travels with the pattern through
//! `$ref`s, `allOf` wrappers and array items, into fields and parameters.

use std::path::Path;

use generator::ir::{Api, TyKind, TypeKind};
use generator::{load, lower};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Codes, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: get_thing
      parameters:
        - name: id
          in: path
          required: true
          schema: {$ref: '#/components/schemas/Reference'}
        - name: tag
          in: query
          schema: {type: string, pattern: '^[a-z]+$'}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Reference:
      type: string
      pattern: '^th_[0-9]{4}$'
      x-pattern-error-code: invalid_reference_format
    Thing:
      type: object
      properties:
        id: {$ref: '#/components/schemas/Reference'}
        parent:
          allOf: [{$ref: '#/components/schemas/Reference'}]
          readOnly: true
        children:
          type: array
          items: {$ref: '#/components/schemas/Reference'}
        own:
          type: string
          pattern: '^[A-Z]+$'
          x-pattern-error-code: invalid_own_format
"##;

fn api() -> Api {
    let document = load::load_str(Path::new("codes.yaml"), SPEC).expect("loads");
    lower::lower(&document).expect("lowers")
}

fn field_ty<'a>(api: &'a Api, type_name: &str, field: &str) -> &'a generator::ir::Ty {
    let type_def = api
        .types
        .iter()
        .find(|type_def| type_def.name == type_name)
        .expect("type");
    let TypeKind::Struct(fields) = &type_def.kind else {
        panic!("{type_name} is not a struct");
    };
    &fields
        .fields
        .iter()
        .find(|f| f.name.wire == field)
        .expect("field")
        .ty
}

#[test]
fn the_code_follows_the_pattern_through_refs() {
    let api = api();
    let code = |ty: &generator::ir::Ty| ty.constraints.pattern_code.clone();
    let reference = Some("invalid_reference_format".to_owned());
    assert_eq!(code(field_ty(&api, "Thing", "id")), reference);
    assert_eq!(code(field_ty(&api, "Thing", "parent")), reference);
    let children = field_ty(&api, "Thing", "children");
    let TyKind::Array(item) = &children.kind else {
        panic!("children is not an array");
    };
    assert_eq!(code(item), reference);
    assert_eq!(
        code(field_ty(&api, "Thing", "own")),
        Some("invalid_own_format".to_owned())
    );
    let operation = &api.operations[0];
    let id = &operation.parameters[0].ty;
    assert_eq!(code(id), reference);
    assert_eq!(id.constraints.pattern.as_deref(), Some("^th_[0-9]{4}$"));
    let tag = &operation.parameters[1].ty;
    assert_eq!(tag.constraints.pattern.as_deref(), Some("^[a-z]+$"));
    assert_eq!(code(tag), None);
}
