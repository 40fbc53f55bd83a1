//! Swagger 2.0 and OpenAPI 3.1 input: what their upgrade to the 3.0 model keeps, where its
//! errors point, that a 2.0 spec and its 3.0 twin generate the same crate, and that the
//! crates of both fixtures build cleanly and round-trip their examples.

mod support;

use std::path::{Path, PathBuf};

use generator::ir::{self, TyKind, TypeKind};
use generator::{Options, load, lower};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn options() -> Options {
    Options {
        crate_name: "generated".to_owned(),
        spec_display: "spec".to_owned(),
        command: "cargo test".to_owned(),
    }
}

fn api(name: &str) -> ir::Api {
    let doc = load::load_path(&fixture(name)).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn load_error(text: &str) -> Vec<generator::Diagnostic> {
    match load::load_str(Path::new("spec.yaml"), text) {
        Err(generator::Error::Spec { diagnostics, .. }) => diagnostics,
        Err(other) => panic!("not a spec error: {other}"),
        Ok(_) => panic!("loaded"),
    }
}

fn field<'a>(api: &'a ir::Api, ty: &str, wire: &str) -> &'a ir::Field {
    let def = api.types.iter().find(|t| t.name == ty);
    match def.map(|def| &def.kind) {
        Some(TypeKind::Struct(s)) => s
            .fields
            .iter()
            .find(|f| f.name.wire == wire)
            .unwrap_or_else(|| panic!("no field {ty}.{wire}")),
        other => panic!("{ty} is not a struct: {other:?}"),
    }
}

#[test]
fn a_swagger2_spec_and_its_openapi30_twin_generate_the_same_crate() {
    let two = api("swagger2/petstore.yaml");
    let three = api("swagger2/petstore_openapi30.yaml");
    assert_eq!(two, three);
    let two = generator::generate_path(&fixture("swagger2/petstore.yaml"), &options());
    let three = generator::generate_path(&fixture("swagger2/petstore_openapi30.yaml"), &options());
    let (two, three) = (
        two.unwrap_or_else(|e| panic!("{e}")),
        three.unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(two.files, three.files);
}

#[test]
fn swagger2_form_and_file_parameters_become_bodies() {
    let api = api("swagger2/petstore.yaml");
    let upload = api
        .operations
        .iter()
        .find(|o| o.name == "upload_photo")
        .unwrap_or_else(|| panic!("no upload_photo"));
    let body = upload
        .request_body
        .as_ref()
        .unwrap_or_else(|| panic!("no body"));
    let media: Vec<&str> = body
        .contents
        .iter()
        .map(|c| c.media_type.as_str())
        .collect();
    assert_eq!(media, ["multipart/form-data"]);
    let form = api
        .operations
        .iter()
        .find(|o| o.name == "update_pet_with_form")
        .and_then(|o| o.request_body.as_ref())
        .unwrap_or_else(|| panic!("no form body"));
    let media: Vec<&str> = form
        .contents
        .iter()
        .map(|c| c.media_type.as_str())
        .collect();
    assert_eq!(media, ["application/x-www-form-urlencoded"]);
    let servers: Vec<&str> = api.servers.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(
        servers,
        [
            "https://petstore.example.com/v2",
            "http://petstore.example.com/v2"
        ]
    );
}

#[test]
fn swagger2_errors_name_the_swagger2_pointer_and_line() {
    let diagnostics = load_error(
        "swagger: '2.0'\ninfo: {title: t, version: v}\npaths:\n  /pets:\n    post:\n      \
         parameters:\n        - in: query\n          name: q\n          type: string\n        \
         - in: body\n          name: pet\n          schema:\n            $ref: '#/definitions/Nope'\n      \
         responses:\n        '200': {description: ok}\ndefinitions:\n  Pet:\n    type: object\n    \
         properties:\n      owner:\n        $ref: '#/definitions/Owner'\n",
    );
    let located: Vec<(&str, Option<usize>)> = diagnostics
        .iter()
        .map(|d| (d.pointer.as_str(), d.line))
        .collect();
    assert_eq!(
        located,
        [
            ("#/definitions/Pet/properties/owner/$ref", Some(21)),
            ("#/paths/~1pets/post/parameters/1/schema/$ref", Some(13)),
        ],
        "{diagnostics:?}"
    );
}

#[test]
fn swagger2_warnings_name_the_swagger2_pointer() {
    let doc = load::load_path(&fixture("swagger2/petstore.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let output = generator::generate(&doc, &options()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<(&str, Option<usize>)> = output
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.line))
        .collect();
    assert_eq!(
        warnings,
        [(
            "#/paths/~1pets~1{petId}~1photo/post/parameters/1",
            Some(131)
        )]
    );
}

#[test]
fn versions_not_read_are_refused_naming_those_read() {
    for (text, pointer) in [
        (
            "openapi: 3.2.0\ninfo: {title: t, version: v}\npaths: {}\n",
            "#/openapi",
        ),
        (
            "openapi: 4.0.0\ninfo: {title: t, version: v}\npaths: {}\n",
            "#/openapi",
        ),
        (
            "swagger: '1.2'\ninfo: {title: t, version: v}\n",
            "#/swagger",
        ),
        ("info: {title: t, version: v}\n", "#"),
    ] {
        let diagnostics = load_error(text);
        assert_eq!(diagnostics.len(), 1, "{text}");
        assert_eq!(diagnostics[0].pointer, pointer);
        assert!(
            diagnostics[0]
                .message
                .contains("Swagger 2.0, OpenAPI 3.0.x and OpenAPI 3.1.x"),
            "{}",
            diagnostics[0].message
        );
    }
}

#[test]
fn openapi31_constructs_are_said_in_3_0_words() {
    let api = api("openapi31/constructs.yaml");
    assert_eq!(
        api.description.as_deref(),
        Some("One of each OpenAPI 3.1 construct the loader normalises.")
    );
    let note = field(&api, "Item", "note");
    assert!(note.ty.nullable, "{note:?}");
    assert!(matches!(&note.ty.kind, TyKind::String(_)), "{note:?}");
    let size = field(&api, "Item", "size");
    assert!(matches!(&size.ty.kind, TyKind::Named(name) if name == "ItemSize"));
    let owner = field(&api, "Item", "owner");
    assert!(matches!(&owner.ty.kind, TyKind::Named(name) if name == "Owner"));
    assert_eq!(
        owner.docs.description.as_deref(),
        Some("Who owns the item.")
    );
    let previous = field(&api, "Item", "previous");
    assert!(previous.ty.nullable);
    assert!(matches!(&previous.ty.kind, TyKind::Named(name) if name == "Owner"));
    let labels = field(&api, "Item", "labels");
    assert!(matches!(&labels.ty.kind, TyKind::Map(_)), "{labels:?}");
    let price = field(&api, "Item", "price");
    let constraints = format!("{:?}", price.ty.constraints);
    assert!(constraints.contains("exclusive: true"), "{constraints}");
    let kinds: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(kinds.contains(&"ListItemsKind"), "{kinds:?}");
    let operations: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(operations, ["list_items", "put_file"]);
    let reason = field(&api, "ItemDeletedPostPayload", "reason");
    assert!(reason.ty.nullable, "{reason:?}");
}

#[test]
fn openapi31_keywords_without_a_rust_type_are_warned_of_where_they_stand() {
    let doc =
        load::load_path(&fixture("openapi31/constructs.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let output = generator::generate(&doc, &options()).unwrap_or_else(|e| panic!("{e}"));
    let warned: Vec<(&str, Option<usize>)> = output
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.line))
        .collect();
    for expected in [
        (
            "#/components/schemas/Item/properties/point/prefixItems",
            Some(143),
        ),
        (
            "#/components/schemas/Item/properties/shipping/dependentRequired",
            Some(155),
        ),
        (
            "#/components/schemas/Item/properties/discount/if",
            Some(165),
        ),
        (
            "#/components/schemas/Item/properties/labels/patternProperties",
            Some(138),
        ),
        ("#/components/schemas/Item/properties/code/not", Some(173)),
        ("#/webhooks/itemCreated", Some(41)),
        ("#/webhooks/itemDeleted", Some(51)),
    ] {
        assert!(warned.contains(&expected), "{expected:?} not in {warned:?}");
    }
}

#[test]
fn upgraded_fixture_crates_build_cleanly_and_round_trip_their_examples() {
    // Each crate has a name of its own, so that the two never share build artefacts.
    for (fixture_name, crate_name, examples) in [
        (
            "openapi31/constructs.yaml",
            "versions-openapi31",
            r##"
#[test]
fn item_example_round_trips() {
    round_trip::<versions_openapi31::types::Item>(
        r#"{"id":7,"name":"Dune","price":9.5,"note":null,"size":3}"#,
    );
}

#[test]
fn webhook_payload_round_trips() {
    round_trip::<versions_openapi31::types::ItemDeletedPostPayload>(r#"{"id":7,"reason":"sold"}"#);
}
"##,
        ),
        (
            "swagger2/petstore.yaml",
            "versions-swagger2",
            r##"
#[test]
fn find_pets_example_round_trips() {
    round_trip::<Vec<versions_swagger2::types::Pet>>(
        r#"[{"id":1,"name":"Rex","status":"available","tag":null}]"#,
    );
}
"##,
        ),
    ] {
        let options = Options {
            crate_name: crate_name.to_owned(),
            ..options()
        };
        let output = generator::generate_path(&fixture(fixture_name), &options)
            .unwrap_or_else(|e| panic!("{e}"));
        let files = support::src_files(&output);
        let test_code = format!("{}{examples}", include_str!("versions/check.rs"));
        let mut check = support::CrateCheck::new(crate_name, &files);
        check.generated_manifest = Some(&output.manifest.contents);
        check.cargo_args = &["--all-features"];
        check.test_code = &test_code;
        if let Err(error) = support::run(&check) {
            panic!("{fixture_name}: {error}");
        }
    }
}

/// OpenAI's published 3.1 description (3.4 MB, `corpus/refused/`): it loads as 3.1, and
/// lowering either succeeds or refuses it with problems that each name a pointer and line.
#[test]
fn a_large_openapi31_spec_loads_and_any_refusal_is_located() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/refused/openai.json");
    let started = std::time::Instant::now();
    let doc = load::load_path(&path).unwrap_or_else(|e| panic!("{e}"));
    let loaded = started.elapsed();
    assert_eq!(doc.version, load::SourceVersion::OpenApi31);
    assert!(doc.openapi.paths.paths.len() > 100);
    match lower::lower(&doc) {
        Ok(api) => println!(
            "openai.json: loaded in {loaded:?}, {} operations",
            api.operations.len()
        ),
        Err(generator::Error::Spec { diagnostics, .. }) => {
            println!(
                "openai.json: loaded in {loaded:?}, refused with {} problems",
                diagnostics.len()
            );
            for diagnostic in &diagnostics {
                assert!(
                    diagnostic.pointer.starts_with("#/") && diagnostic.line.is_some(),
                    "{diagnostic}"
                );
            }
        }
        Err(other) => panic!("{other}"),
    }
}
