//! Hostile but fair specs (issue 18, points 8 to 12): long chains and cycles of schemas
//! lower without deep recursion, deep flow nesting and alias bombs are refused at their
//! place with the limit they break, `$ref` chains of any length resolve and only real
//! cycles are errors, any title gives a manifest that TOML and cargo read back, and
//! keywords that cannot work as written are warned of with their pointer. None of these
//! tests times anything: each would take minutes or gigabytes where the cost is not linear.

use std::path::Path;

use generator::{Diagnostic, Error, Options, ir, load, lower};

fn options() -> Options {
    Options {
        crate_name: "hostile".to_owned(),
        spec_display: "hostile.yaml".to_owned(),
        command: "cargo test".to_owned(),
    }
}

/// A spec with `components/schemas` made of `schemas` (YAML lines, each indented by four).
fn spec(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Hostile, version: 1.0.0}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn lowered(text: &str) -> Result<ir::Api, Error> {
    let document = load::load_str(Path::new("hostile.yaml"), text)?;
    lower::lower(&document)
}

fn diagnostics(result: Result<ir::Api, Error>) -> Vec<Diagnostic> {
    match result {
        Err(Error::Spec { diagnostics, .. }) => diagnostics,
        Err(other) => panic!("expected a spec error, got {other}"),
        Ok(_) => panic!("expected a spec error, got an API"),
    }
}

/// Runs `f` on a thread with a small stack, as a long chain must not recurse deeply.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .unwrap_or_else(|_| panic!("the thread failed"))
}

/// Point 8: 5,000 schemas each holding the next inline, and a cycle of 5,000 through
/// required properties, lower on a small stack; exactly the cycle's members are boxed.
#[test]
fn long_chains_and_cycles_of_schemas_lower() {
    let count = 5_000;
    let mut schemas = String::new();
    for index in 0..count {
        let next = index + 1;
        let chain = if next < count {
            format!("next: {{$ref: '#/components/schemas/Chain{next}'}}, ")
        } else {
            String::new()
        };
        schemas.push_str(&format!(
            "    Chain{index}: {{type: object, properties: {{{chain}name: {{type: string, maxLength: 3}}}}}}\n"
        ));
        schemas.push_str(&format!(
            "    Ring{index}: {{type: object, required: [next], properties: {{next: {{$ref: '#/components/schemas/Ring{}'}}}}}}\n",
            next % count
        ));
    }
    let text = spec(&schemas);
    let api = on_small_stack(move || lowered(&text).unwrap_or_else(|error| panic!("{error}")));
    assert_eq!(api.types.len(), 2 * count);
    assert_eq!(api.boxed.len(), count);
    assert!(api.boxed.keys().all(|name| name.starts_with("Ring")));
}

/// Point 9: 10,000 levels of flow mappings are refused before the YAML parser reads them
/// (which took minutes), at the first bracket past the limit, with the limit.
#[test]
fn deep_flow_nesting_is_refused_with_its_place_and_limit() {
    let depth = 10_000;
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: 1.0.0}}\npaths: {{}}\nx-deep: {}1{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    match load::load_str(Path::new("deep.yaml"), &text) {
        Err(Error::Syntax {
            line,
            column,
            message,
            ..
        }) => {
            // `x-deep: ` is 8 columns, and the 97th `{a: ` starts at 9 + 96 × 4.
            assert_eq!((line, column), (Some(4), Some(9 + 96 * 4)), "{message}");
            assert!(message.contains("deeper than 96 levels"), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    // Within the limit, flow nesting reads as before.
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: Deep, version: 1.0.0}}\npaths: {{}}\nx-deep: {}1{}\n",
        "[".repeat(90),
        "]".repeat(90)
    );
    assert!(load::load_str(Path::new("deep.yaml"), &text).is_ok());
}

/// Point 10: a chain of 200 `$ref`s resolves; a real cycle is reported at each of its
/// members, and a reference into it at its own place.
#[test]
fn reference_chains_of_any_length_resolve_and_only_cycles_fail() {
    let mut schemas = String::new();
    for index in 0..200 {
        schemas.push_str(&format!(
            "    Hop{index}: {{$ref: '#/components/schemas/Hop{}'}}\n",
            index + 1
        ));
    }
    schemas.push_str("    Hop200: {type: object, properties: {id: {type: string}}}\n");
    let api = lowered(&spec(&schemas)).unwrap_or_else(|error| panic!("{error}"));
    let hop0 = api.types.iter().find(|t| t.name == "Hop0").expect("Hop0");
    assert!(
        matches!(&hop0.kind, ir::TypeKind::Alias(ty) if ty.kind == ir::TyKind::Named("Hop200".to_owned())),
        "{hop0:?}"
    );

    schemas.push_str(
        "    Loop0: {$ref: '#/components/schemas/Loop1'}\n    Loop1: {$ref: '#/components/schemas/Loop2'}\n    Loop2: {$ref: '#/components/schemas/Loop1'}\n",
    );
    let problems = diagnostics(lowered(&spec(&schemas)));
    let pointers: Vec<&str> = problems.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "#/components/schemas/Loop0",
            "#/components/schemas/Loop1",
            "#/components/schemas/Loop2"
        ],
        "{problems:#?}"
    );
    // Loop0's reference names Loop1, which is on the cycle; Loop0 itself is not.
    assert!(
        problems
            .iter()
            .all(|d| d.message.contains("is part of a cycle"))
    );
    let into = format!(
        "{}    Into: {{$ref: '#/components/schemas/Loop0'}}\n",
        schemas
    );
    let problems = diagnostics(lowered(&spec(&into)));
    let into = problems
        .iter()
        .find(|d| d.pointer == "#/components/schemas/Into")
        .expect("Into is reported");
    assert!(into.message.contains("leads into a cycle"), "{into}");
    assert!(into.line.is_some(), "{into}");
}

/// Point 11: a title with a newline, CR, NUL, BEL, DEL, quotes and a backslash gives a
/// manifest that TOML reads back to the same description, and that cargo reads.
#[test]
fn any_title_gives_a_manifest_cargo_reads() {
    let title =
        "Folded\ntitle\r with \u{0} NUL, \u{7} BEL, \u{7f} DEL, \"quotes\", 'single' and \\ \"\"\"";
    let text = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": {}, \"version\": \"2.1.0\"}}, \"paths\": {{}}}}",
        serde_json::Value::from(title)
    );
    let document = load::load_str(Path::new("title.json"), &text).unwrap_or_else(|e| panic!("{e}"));
    let output = generator::generate(&document, &options()).unwrap_or_else(|e| panic!("{e}"));
    let manifest = &output.manifest.contents;
    let parsed: toml_edit::DocumentMut = manifest
        .parse()
        .unwrap_or_else(|error| panic!("{error}\n{manifest}"));
    let description = format!("Typed Rust bindings for {title}.");
    assert_eq!(
        parsed["package"]["description"].as_str(),
        Some(description.as_str())
    );
    assert_eq!(parsed["package"]["version"].as_str(), Some("2.1.0"));

    // Cargo reads it too (without the network: no dependency is resolved).
    let dir = std::env::temp_dir().join(format!("hostile-title-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("dir");
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), "").expect("lib.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let metadata = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).expect("json");
    let read = metadata
        .pointer("/packages/0/description")
        .and_then(|d| d.as_str());
    assert!(read.is_some_and(|read| read.starts_with("Typed Rust bindings for Folded\ntitle\r")));
}

/// Point 12: an alias bomb is refused at a place in the document, with the limit.
#[test]
fn alias_bombs_are_located() {
    let mut text = String::from(
        "openapi: 3.0.3\ninfo: {title: Bomb, version: 1.0.0}\npaths: {}\nx-0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..10 {
        let previous = format!("*l{}", level - 1);
        text.push_str(&format!(
            "x-{level}: &l{level} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    // Few aliases, each a huge list: the loader's own budget of values.
    let wide = format!(
        "openapi: 3.0.3\ninfo: {{title: Wide, version: 1.0.0}}\npaths: {{}}\nx-wide: &w [{}]\nx-copies: [{}]\n",
        vec!["1"; 20_000].join(","),
        vec!["*w"; 2_000].join(",")
    );
    // A bomb at the top level, where the place is an alias of the text.
    let mut root = String::from("- &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let previous = format!("*l{}", level - 1);
        root.push_str(&format!(
            "- &l{level} [{}]\n",
            [previous.as_str(); 9].join(", ")
        ));
    }
    for (name, text, limit) in [
        ("bomb.yaml", text, "the parser's limit"),
        ("root.yaml", root, "the parser's limit"),
        ("wide.yaml", wide, "values, the most the loader reads"),
    ] {
        match load::load_str(Path::new(name), &text) {
            Err(error @ Error::Syntax { line, column, .. }) => {
                let message = error.to_string();
                assert!(line.is_some_and(|line| line >= 2), "{message}");
                assert!(column.is_some(), "{message}");
                assert!(message.contains(limit), "{message}");
                assert!(message.contains(", at #/"), "{message}");
            }
            other => panic!("{name}: expected a syntax error, got {other:?}"),
        }
    }
}

/// Point 12: a file that is not UTF-8 is refused once, with the offset of the bad byte.
#[test]
fn a_file_that_is_not_utf8_names_the_byte() {
    let path = std::env::temp_dir().join(format!("hostile-{}.yaml", std::process::id()));
    std::fs::write(
        &path,
        b"openapi: 3.0.3\ninfo:\n  title: \"caf\xe9\"\n  version: 1.0.0\npaths: {}\n",
    )
    .expect("write");
    let result = load::load_path(&path);
    let _ = std::fs::remove_file(&path);
    let Err(error) = result else {
        panic!("a file that is not UTF-8 was read");
    };
    let message = error.to_string();
    assert!(message.contains("byte 0xe9 at byte offset 34"), "{message}");
    assert!(message.contains(":3:14:"), "{message}");
    assert_eq!(message.matches("UTF-8").count(), 1, "{message}");
    assert!(!message.contains("stream did not contain"), "{message}");
    assert!(std::error::Error::source(&error).is_none(), "{message}");
}

/// Point 12: keywords that cannot work as written are warned of at their pointer: a
/// `multipleOf` of 0, bounds that no value meets, defaults of the wrong type, an `allOf`
/// that only refers back to its schema, and a `$ref` to something that is not a schema; a
/// `$ref` into `#/paths` that is a schema resolves to its type.
#[test]
fn keywords_that_cannot_work_are_warned_of() {
    let text = "openapi: 3.0.3
info: {title: Warned, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: ten}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
components:
  schemas:
    Odd:
      type: object
      properties:
        step: {type: number, multipleOf: 0}
        range: {type: integer, minimum: 10, maximum: 1}
        open: {type: number, minimum: 1, maximum: 1, exclusiveMaximum: true}
        text: {type: string, minLength: 5, maxLength: 2}
        list: {type: array, items: {type: string}, minItems: 3, maxItems: 1}
        flag: {type: boolean, default: 'false'}
        count: {type: integer, default: 1.5}
        kind: {type: string, enum: [a, b], default: c}
        named: {$ref: '#/components/schemas/Kind', default: z}
        self: {allOf: [{$ref: '#/components/schemas/Odd/properties/self'}]}
        pet: {$ref: '#/paths/~1pets/get/responses/200/content/application~1json/schema'}
        path: {$ref: '#/paths/~1pets'}
    Kind: {type: string, enum: [x, y]}
    Itself: {allOf: [{$ref: '#/components/schemas/Itself'}]}
    Fine:
      type: object
      properties:
        a: {type: integer, minimum: 1, maximum: 1, default: 1}
        b: {type: number, multipleOf: 0.5, default: 2}
        c: {type: string, nullable: true, default: null}
        d: {$ref: '#/components/schemas/Kind', default: x}
";
    let api = lowered(text).unwrap_or_else(|error| panic!("{error}"));
    let odd = "#/components/schemas/Odd/properties";
    let expected = [
        (format!("{odd}/step/multipleOf"), "greater than 0"),
        (format!("{odd}/range/minimum"), "every value is refused"),
        (format!("{odd}/open/minimum"), "(exclusive)"),
        (format!("{odd}/text/minLength"), "no string meets both"),
        (format!("{odd}/list/minItems"), "no array meets both"),
        (format!("{odd}/flag/default"), "\"false\" is not a boolean"),
        (format!("{odd}/count/default"), "1.5 is not an integer"),
        (
            format!("{odd}/kind/default"),
            "not one of the enum's values",
        ),
        (
            format!("{odd}/named/default"),
            "not one of the enum's values",
        ),
        (format!("{odd}/self/allOf/0"), "refers back to the schema"),
        (
            "#/components/schemas/Itself/allOf/0".to_owned(),
            "refers back to the schema",
        ),
        (
            format!("{odd}/path"),
            "which is not a schema (it has `get`)",
        ),
        (
            "#/paths/~1pets/get/parameters/0/schema/default".to_owned(),
            "\"ten\" is not an integer",
        ),
    ];
    for (pointer, words) in &expected {
        assert!(
            api.warnings
                .iter()
                .any(|w| &w.pointer == pointer && w.message.contains(words)),
            "no warning at {pointer} saying {words:?} in {:#?}",
            api.warnings
        );
    }
    assert_eq!(api.warnings.len(), expected.len(), "{:#?}", api.warnings);
    // The `$ref` into `#/paths` that is a schema is that schema's type.
    let odd = api.types.iter().find(|t| t.name == "Odd").expect("Odd");
    let ir::TypeKind::Struct(odd) = &odd.kind else {
        panic!("Odd is a struct");
    };
    let pet = odd
        .fields
        .iter()
        .find(|f| f.name.wire == "pet")
        .expect("pet");
    assert_eq!(pet.ty.kind, ir::TyKind::Named("ListPetsOkBody".to_owned()));
    // The warnings are located when the crate is generated.
    let document = load::load_str(Path::new("warned.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
    let output = generator::generate(&document, &options()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        output.warnings.iter().all(|w| w.line.is_some()),
        "{:#?}",
        output.warnings
    );
}
