//! Lowering of `fixtures/real_world.yaml` (issue 19): constructs that public 3.0 specs
//! write and that once refused the whole spec now lower, with a warning at the pointer of
//! each spec bug, and the crate they give builds, passes clippy and decodes as the spec
//! says.

mod support;

use std::path::PathBuf;

use generator::ir::{self, IntegerFormat, StringFormat, Ty, TyKind, TypeKind};
use generator::{Options, load, lower};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real_world.yaml")
}

fn api() -> ir::Api {
    let doc = load::load_path(&fixture()).unwrap_or_else(|e| panic!("{e}"));
    lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"))
}

fn strukt<'a>(api: &'a ir::Api, name: &str) -> &'a ir::Struct {
    let def = api
        .types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"));
    match &def.kind {
        TypeKind::Struct(s) => s,
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn field_ty<'a>(api: &'a ir::Api, ty: &str, wire: &str) -> &'a Ty {
    &strukt(api, ty)
        .fields
        .iter()
        .find(|f| f.name.wire == wire)
        .unwrap_or_else(|| panic!("no field {ty}.{wire}"))
        .ty
}

/// Asserts a warning at `pointer` whose message contains `words`.
fn assert_warning(api: &ir::Api, pointer: &str, words: &str) {
    assert!(
        api.warnings
            .iter()
            .any(|w| w.pointer == pointer && w.message.contains(words)),
        "no warning at {pointer} saying {words:?} in {:#?}",
        api.warnings
    );
}

/// Point 1: `allOf` parts that refine a property merge into the refinement with both
/// parts' constraints; parts that contradict give the most general type both allow, with
/// a warning at the later declaration.
#[test]
fn all_of_parts_that_declare_a_property_differently_merge() {
    let api = api();
    let ty = |wire: &str| field_ty(&api, "Refined", wire);
    assert_eq!(
        ty("created_at").kind,
        TyKind::String(StringFormat::DateTime)
    );
    let count = ty("count");
    assert_eq!(count.kind, TyKind::Integer(IntegerFormat::I32));
    assert_eq!(count.constraints.minimum.map(|b| b.value), Some(0.0));
    assert_eq!(count.constraints.maximum.map(|b| b.value), Some(100.0));
    let note = ty("note");
    assert_eq!(note.kind, TyKind::String(StringFormat::Plain));
    assert!(note.nullable);
    assert_eq!(
        (note.constraints.min_length, note.constraints.max_length),
        (Some(2), Some(10))
    );
    // The object with more properties wins.
    assert_eq!(ty("owner").kind, TyKind::Named("RefinedOwner".to_owned()));
    assert_eq!(ty("extra").kind, TyKind::Integer(IntegerFormat::I64));
    assert_eq!(ty("state").kind, TyKind::Named("RefinedState".to_owned()));
    // Contradictions.
    let part = "#/components/schemas/Refined/allOf/1/properties";
    assert_eq!(ty("size").kind, TyKind::Any);
    assert_warning(&api, &format!("{part}/size"), "a string and an integer");
    assert_eq!(ty("kind").kind, TyKind::String(StringFormat::Plain));
    assert_warning(&api, &format!("{part}/kind"), "string formats");
    match &ty("flags").kind {
        TyKind::Array(item) => assert_eq!(item.kind, TyKind::Any),
        other => panic!("flags is not an array: {other:?}"),
    }
    assert_warning(
        &api,
        &format!("{part}/flags"),
        "also declared at #/components/schemas/Base/properties/flags",
    );
}

/// Point 2: integers beyond 64 bits in YAML are read as floats. (Not in the fixture: the
/// general YAML path, which `serde_yaml::Value` limits to 64 bits, cannot read them, and a
/// unit test compares both paths on every fixture.)
#[test]
fn numbers_beyond_64_bits_are_read_as_floats() {
    let text = "openapi: 3.0.3
info: {title: Wide, version: 1.0.0}
paths: {}
components:
  schemas:
    Wide:
      type: object
      properties:
        low: {type: integer, minimum: -9223372036854776000}
        high: {type: integer, format: int64, maximum: 99999999999999999999}
        huge: {type: number, maximum: 340282366920938463463374607431768211455}
";
    let doc =
        load::load_str(std::path::Path::new("wide.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let api = lower::lower(&doc).unwrap_or_else(|e| panic!("{e}"));
    let bound = |wire: &str, lower: bool| {
        let constraints = &field_ty(&api, "Wide", wire).constraints;
        let bound = if lower {
            constraints.minimum
        } else {
            constraints.maximum
        };
        bound.map(|b| b.value)
    };
    assert_eq!(bound("low", true), Some(-9_223_372_036_854_776_000.0));
    assert_eq!(bound("high", false), Some(1e20));
    assert_eq!(bound("huge", false), Some(u128::MAX as f64));
}

/// Point 3: an array or map schema that contains itself is a named type that reads and
/// writes the same JSON.
#[test]
fn recursive_containers_are_named_types() {
    let api = api();
    for (name, variant) in [("Tree", "List"), ("Nest", "Map")] {
        let def = api.types.iter().find(|t| t.name == name).expect(name);
        let TypeKind::Untagged(union) = &def.kind else {
            panic!("{name} is not a union: {:?}", def.kind);
        };
        assert_eq!(union.variants.len(), 1);
        assert_eq!(union.variants[0].name, variant);
    }
    assert_eq!(
        field_ty(&api, "Holder", "tree").kind,
        TyKind::Named("Tree".to_owned())
    );
}

/// What the generated crate must do, run as its integration test: recursive containers
/// round-trip their JSON, and an enum's catch-all does not shadow a later union branch.
const CRATE_TEST: &str = r##"
use generated::types::{Level, Nest, Reason, Tree};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) {
    let value: T = serde_json::from_str(json).expect(json);
    assert_eq!(serde_json::to_string(&value).expect("encodes"), json);
}

#[test]
fn recursive_containers_round_trip() {
    round_trip::<Tree>("[[],[[]]]");
    round_trip::<Nest>(r#"{"a":{"b":{}},"c":{}}"#);
    assert!(serde_json::from_str::<Tree>("[1]").is_err());
}

#[test]
fn an_enum_catch_all_does_not_shadow_a_later_branch() {
    let reason: Reason = serde_json::from_str(r#""too late""#).expect("a string");
    assert!(matches!(&reason, Reason::String(text) if text == "too late"), "{reason:?}");
    let reason: Reason = serde_json::from_str(r#""""#).expect("the empty string");
    assert!(matches!(reason, Reason::Variant1(_)), "{reason:?}");
    let level: Level = serde_json::from_str("5").expect("an integer");
    assert!(matches!(level, Level::Integer(5)), "{level:?}");
    let level: Level = serde_json::from_str("2").expect("a listed integer");
    assert!(matches!(level, Level::Variant1(_)), "{level:?}");
}
"##;

/// The fixture's crate builds with `-D warnings`, passes clippy with all features, and
/// decodes as the spec says.
#[test]
fn the_crate_builds_passes_clippy_and_decodes() {
    let options = Options {
        crate_name: "generated".to_owned(),
        spec_display: "real_world.yaml".to_owned(),
        command: "cargo test".to_owned(),
    };
    let output =
        generator::generate_path(&fixture(), &options).unwrap_or_else(|error| panic!("{error}"));
    let files = support::src_files(&output);
    let mut check = support::CrateCheck::new("crate-real-world", &files);
    check.generated_manifest = Some(&output.manifest.contents);
    check.cargo_args = &["--all-features"];
    check.test_code = CRATE_TEST;
    check.extra_dependencies = "serde = \"1\"\nserde_json = \"1\"\n";
    if let Err(error) = support::run(&check) {
        panic!("{error}");
    }
}

/// Point 5: a schema named `Self` and the inline types of `self` properties get
/// UpperCamelCase names (no `Self_2`, which clippy refuses).
#[test]
fn self_names_are_upper_camel_case() {
    let api = api();
    for name in ["Self2", "SelfSelf", "LinkSelf"] {
        strukt(&api, name);
    }
    assert_eq!(
        field_ty(&api, "Self2", "self").kind,
        TyKind::Named("SelfSelf".to_owned())
    );
}

/// Point 6: an untagged union's enum branch, tried before a plain string or integer
/// branch, decodes only its listed values, so that its catch-all does not shadow them.
#[test]
fn enum_branches_before_a_catch_all_decode_listed_values_only() {
    let api = api();
    for name in ["Reason", "Level"] {
        let def = api.types.iter().find(|t| t.name == name).expect(name);
        let TypeKind::Untagged(union) = &def.kind else {
            panic!("{name} is not a union");
        };
        let listed: Vec<bool> = union.variants.iter().map(|v| v.listed_only).collect();
        assert_eq!(listed, [true, false], "{name}");
    }
}

/// Point 7: spec bugs warn and generate what can be generated: a response `$ref` to a
/// request body is that body, a path parameter the path does not declare is left out, and
/// a path's fragment is part of neither the route nor the URL.
#[test]
fn spec_bugs_are_warned_of_and_generated_around() {
    let api = api();
    let operation = |name: &str| {
        api.operations
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no operation {name}"))
    };
    let shared = operation("get_shared_link");
    let files = "#/paths/~1files~1{id}#get_shared_link";
    assert_warning(&api, files, "fragment `#get_shared_link`");
    assert_eq!(
        shared.template.segments,
        [
            ir::PathSegment::Literal("/files/".to_owned()),
            ir::PathSegment::Parameter("id".to_owned()),
        ]
    );
    assert_warning(
        &api,
        &format!("{files}/get/responses/200"),
        "points at a request body",
    );
    let response = &shared.responses[0];
    assert_eq!(response.description, "A thing.");
    assert_eq!(response.contents.len(), 1);
    let things = operation("list_things");
    assert_warning(
        &api,
        "#/paths/~1things/get/parameters/0",
        "the path has no `{thing_id}`",
    );
    let wires: Vec<&str> = things
        .parameters
        .iter()
        .map(|p| p.name.wire.as_str())
        .collect();
    assert_eq!(wires, ["limit"]);
}

/// Point 7: a discriminator whose branches share a tag value, or whose mapping targets an
/// array, is warned of and the union decodes untagged.
#[test]
fn discriminators_that_cannot_work_give_untagged_unions() {
    let api = api();
    for (name, pointer, words) in [
        (
            "Animal",
            "#/components/schemas/Animal",
            "selects more than one",
        ),
        (
            "Contents",
            "#/components/schemas/Contents/discriminator/mapping/dir",
            "not an object schema",
        ),
    ] {
        let def = api.types.iter().find(|t| t.name == name).expect(name);
        assert!(
            matches!(def.kind, TypeKind::Untagged(_)),
            "{name}: {:?}",
            def.kind
        );
        assert_warning(&api, pointer, words);
    }
}
