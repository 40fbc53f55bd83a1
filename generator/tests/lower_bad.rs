//! Bad specs in `fixtures/bad`: each gives an error that names the place (JSON pointer and
//! line) and says what is wrong, never a panic.

use std::path::PathBuf;

use generator::{Diagnostic, Error, load, lower};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name)
}

/// Loads and lowers a bad fixture, which must fail.
fn error(name: &str) -> Error {
    match load::load_path(&path(name)).and_then(|doc| lower::lower(&doc)) {
        Ok(_) => panic!("{name} was accepted"),
        Err(error) => error,
    }
}

/// The diagnostics of a fixture that must fail with `Error::Spec`.
fn diagnostics(name: &str) -> Vec<Diagnostic> {
    match error(name) {
        Error::Spec { diagnostics, .. } => diagnostics,
        other => panic!("{name}: expected a spec error, got {other}"),
    }
}

/// Asserts that a diagnostic at `pointer` and `line` says `words`.
fn assert_problem(diagnostics: &[Diagnostic], pointer: &str, line: usize, words: &str) {
    let found = diagnostics.iter().find(|d| d.pointer == pointer);
    let Some(found) = found else {
        panic!("no problem at {pointer} in {diagnostics:#?}");
    };
    assert_eq!(found.line, Some(line), "{found}");
    assert!(found.message.contains(words), "{found}");
}

#[test]
fn malformed_yaml_has_line_and_column() {
    let error = error("malformed.yaml");
    let Error::Syntax {
        line,
        column,
        message,
        ..
    } = &error
    else {
        panic!("expected a syntax error, got {error}");
    };
    assert_eq!((*line, *column), (Some(10), Some(1)));
    assert!(message.contains("invalid YAML"), "{message}");
    assert!(
        error
            .to_string()
            .contains("malformed.yaml:10:1: invalid YAML"),
        "{error}"
    );
}

#[test]
fn malformed_json_is_strict() {
    let error = error("malformed.json");
    let Error::Syntax {
        line,
        column,
        message,
        ..
    } = &error
    else {
        panic!("expected a syntax error, got {error}");
    };
    assert_eq!((*line, *column), (Some(5), Some(63)));
    assert!(message.contains("trailing comma"), "{message}");
}

#[test]
fn wrong_field_types_name_the_field() {
    let problems = diagnostics("wrong_types.yaml");
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert_problem(
        &problems,
        "#/paths/~1pets/get/parameters/0/required",
        11,
        "expected a boolean",
    );
    assert_problem(
        &problems,
        "#/paths/~1owners/get/responses/200",
        20,
        "missing field `description`",
    );
    assert_problem(
        &problems,
        "#/components/schemas/Pet/properties/name/minLength",
        29,
        "usize",
    );
    let text = error("wrong_types.yaml").to_string();
    assert!(text.contains("3 problems in"), "{text}");
    assert!(
        text.contains("wrong_types.yaml:11:11: #/paths/~1pets/get/parameters/0/required"),
        "{text}"
    );
}

#[test]
fn paths_of_the_wrong_type() {
    let problems = diagnostics("paths_not_a_map.yaml");
    assert_problem(&problems, "#/paths", 5, "not a valid paths object");
}

#[test]
fn other_versions_are_refused() {
    let read = "this generator reads Swagger 2.0, OpenAPI 3.0.x and OpenAPI 3.1.x";
    assert_problem(&diagnostics("swagger12.yaml"), "#/swagger", 1, read);
    assert_problem(&diagnostics("openapi32.yaml"), "#/openapi", 1, read);
}

#[test]
fn dangling_refs_name_use_and_target() {
    let problems = diagnostics("dangling_ref.yaml");
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_problem(
        &problems,
        "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref",
        14,
        "#/components/schemas/Missing",
    );
    assert_problem(
        &problems,
        "#/components/schemas/Pet/properties/owner/$ref",
        21,
        "#/components/schemas/Owner",
    );
}

#[test]
fn external_refs_are_refused() {
    assert_problem(
        &diagnostics("external_ref.yaml"),
        "#/paths/~1pets/get/responses/200",
        9,
        "external reference \"responses.yaml#/Ok\"",
    );
}

#[test]
fn duplicate_operation_ids_name_both() {
    let problems = diagnostics("duplicate_operation_id.yaml");
    assert_problem(&problems, "#/paths/~1pets/get", 7, "#/paths/~1animals/get");
    assert!(
        problems[0].message.contains("`list_pets`"),
        "{}",
        problems[0]
    );
}

#[test]
fn path_parameters_must_match_the_template() {
    // `ownerId`, which the path does not declare, is only warned of (`lower_real_world`).
    let problems = diagnostics("missing_path_param.yaml");
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_problem(&problems, "#/paths/~1pets~1{petId}/get", 7, "`{petId}`");
}

#[test]
fn unsupported_constructs_are_named() {
    assert_problem(
        &diagnostics("not_schema.yaml"),
        "#/components/schemas/NotAString",
        8,
        "`not` is not supported",
    );
    assert_problem(
        &diagnostics("digest_auth.yaml"),
        "#/components/securitySchemes/digest/scheme",
        10,
        "`digest` is not supported",
    );
}

#[test]
fn all_problems_are_reported_together() {
    let problems = diagnostics("many_problems.yaml");
    // Pet's discriminator, whose branches are not objects, is only warned of: the union
    // decodes untagged.
    assert_eq!(problems.len(), 5, "{problems:#?}");
    assert_problem(&problems, "#/security/0", 6, "`nobody`");
    assert_problem(&problems, "#/paths/~1a~1{id}/get", 9, "`{id}`");
    assert_problem(&problems, "#/paths/~1b/get", 15, "`same`");
    assert_problem(
        &problems,
        "#/paths/~1b/get/responses/20X",
        18,
        "not a status code",
    );
    assert_problem(
        &problems,
        "#/components/schemas/Loop",
        22,
        "contains itself",
    );
}
