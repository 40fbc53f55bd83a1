//! Snapshots of the diff report: markdown, GitHub annotations and JSON for a small pair of specs.

mod diff_support;

use diff_support::{load, report, spec};
use generator::diff::report::{self as render, SpecFile};

/// A small API: list, create and delete things.
fn things(limit_max: u32, name_max: u32, states: &str, with_delete: bool, extra: &str) -> String {
    let delete = if with_delete {
        "
        /things/{id}:
          delete:
            operationId: delete_thing
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            responses:
              '204':
                description: Deleted."
    } else {
        ""
    };
    spec(
        &format!(
            "
        /things:
          get:
            operationId: list_things
            parameters:
              - {{name: limit, in: query, schema: {{type: integer, minimum: 1, maximum: {limit_max}}}}}
            responses:
              '200':
                description: The things.
                content:
                  application/json:
                    schema: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}{extra}
          post:
            operationId: create_thing
            requestBody:
              required: true
              content:
                application/json:
                  schema: {{$ref: '#/components/schemas/NewThing'}}
            responses:
              '201':
                description: Created.
                content:
                  application/json:
                    schema: {{$ref: '#/components/schemas/Thing'}}{delete}"
        ),
        &format!(
            "
            NewThing:
              type: object
              required: [name]
              properties:
                name: {{type: string, maxLength: {name_max}}}
            Thing:
              type: object
              required: [id, state]
              properties:
                id: {{type: string}}
                name: {{type: string}}
                state: {{type: string, enum: [{states}]}}"
        ),
    )
}

fn old() -> String {
    things(100, 50, "active, archived", true, "")
}

fn new() -> String {
    let not_found = "
              '404':
                description: No such page.";
    things(50, 20, "active, archived, deleted", false, not_found)
}

#[test]
fn markdown() {
    let report = report(&old(), &new());
    insta::assert_snapshot!("markdown", render::markdown(&report));
}

#[test]
fn github() {
    let new_text = new();
    let document = load("new.yaml", &new_text);
    let report = report(&old(), &new_text);
    let line_of = |pointer: &str| document.diagnostic(pointer, "").line;
    let spec_file = SpecFile {
        path: "spec/things.yaml",
        line_of: &line_of,
    };
    insta::assert_snapshot!("github", render::github(&report, Some(&spec_file)));
}

#[test]
fn json() {
    let report = report(&old(), &new());
    insta::assert_snapshot!("json", render::json(&report));
}

/// A wire-compatible change (an optional request property and a new error status), which
/// the generated crate may still take as a breaking change.
#[test]
fn compatible_on_the_wire() {
    let old = things(100, 50, "active, archived", true, "");
    let not_found = "
              '404':
                description: No such page.";
    let new = things(100, 50, "active, archived", true, not_found).replace(
        "name: {type: string, maxLength: 50}",
        "name: {type: string, maxLength: 50}\n        note: {type: string}",
    );
    let report = report(&old, &new);
    let text = format!(
        "{}\n---\n{}",
        render::markdown(&report),
        render::github(&report, None)
    );
    insta::assert_snapshot!("compatible_on_the_wire", text);
}

/// A required property added to a response-only model: clients on the wire are fine, but
/// the model's `new` takes one more argument, so the crate needs a major release.
#[test]
fn a_required_response_property_is_breaking_in_rust() {
    let old = things(100, 50, "active, archived", true, "");
    let new = old.replace(
        "required: [id, state]",
        "required: [id, state, created]",
    )
    .replace(
        "state: {type: string, enum: [active, archived]}",
        "state: {type: string, enum: [active, archived]}\n        created: {type: string, format: date-time}",
    );
    assert_ne!(old, new, "the edit must apply");
    let report = report(&old, &new);
    let text = format!(
        "{}\n---\n{}",
        render::markdown(&report),
        render::github(&report, None)
    );
    insta::assert_snapshot!("required_response_property", text);
}
