//! Whole generated crates: snapshots of every emitted file for the fixture specs, each
//! fixture crate compiled with `-D warnings` and clippy, and rendering in parts. PRO's crate
//! is the checked-in `generated/`, compiled by the workspace and kept current by
//! `cargo xtask check` (and the xtask test `generated_crate_is_current`).

mod support;

use std::path::{Path, PathBuf};

use generator::{Options, Output};

/// Fixture specs under `tests/fixtures/` that must generate a clean crate.
const FIXTURES: &[&str] = &["awkward.yaml", "petstore_forms.yaml"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(spec_display: &str) -> Options {
    Options {
        crate_name: "generated".to_owned(),
        spec_display: spec_display.to_owned(),
        command: "cargo test".to_owned(),
    }
}

/// The PRO spec and the fixture specs.
fn pro_and_fixtures() -> Vec<PathBuf> {
    let mut specs = vec![manifest_dir().join("../spec/pro.yaml")];
    for fixture in FIXTURES {
        specs.push(manifest_dir().join("tests/fixtures").join(fixture));
    }
    specs
}

/// Each spec with its lowered API.
fn lowered(specs: Vec<PathBuf>) -> impl Iterator<Item = (PathBuf, generator::ir::Api)> {
    specs.into_iter().map(|path| {
        let document = generator::load::load_path(&path).unwrap_or_else(|error| panic!("{error}"));
        let api = generator::lower::lower(&document).unwrap_or_else(|error| panic!("{error}"));
        (path, api)
    })
}

fn generate_file(path: &Path, display: &str) -> Output {
    generator::generate_path(path, &options(display)).unwrap_or_else(|error| panic!("{error}"))
}

fn generate_text(name: &str, text: &str) -> Output {
    let document =
        generator::load::load_str(Path::new(name), text).unwrap_or_else(|error| panic!("{error}"));
    generator::generate(&document, &options("spec")).unwrap_or_else(|error| panic!("{error}"))
}

/// The files worth a snapshot: everything emitted, not the hand-written runtime, which is
/// copied verbatim and reviewed as source.
fn emitted(output: &Output) -> impl Iterator<Item = &generator::OutputFile> {
    output
        .files
        .iter()
        .filter(|file| !file.path.starts_with("src/runtime/") || file.path == "src/runtime/mod.rs")
}

fn snapshot_all(prefix: &str, output: &Output) {
    for file in emitted(output) {
        let name = format!("{prefix}__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
    insta::assert_snapshot!(format!("{prefix}__Cargo_toml"), output.manifest.contents);
}

#[test]
fn fixture_snapshots() {
    for fixture in FIXTURES {
        let output = generate_file(
            &manifest_dir().join("tests/fixtures").join(fixture),
            fixture,
        );
        let prefix = fixture.trim_end_matches(".yaml");
        snapshot_all(prefix, &output);
    }
}

/// Every fixture's crate builds and passes clippy with `-D warnings`, with both features
/// and with each alone, and its docs build.
#[test]
fn fixture_crates_compile() {
    for fixture in FIXTURES {
        let output = generate_file(
            &manifest_dir().join("tests/fixtures").join(fixture),
            fixture,
        );
        let files = support::src_files(&output);
        let name = format!("crate-{}", fixture.trim_end_matches(".yaml"));
        for (suffix, args) in [
            ("all", &["--all-features"][..]),
            (
                "client",
                &["--no-default-features", "--features", "client"][..],
            ),
            (
                "server",
                &["--no-default-features", "--features", "server"][..],
            ),
        ] {
            let name = format!("{name}-{suffix}");
            let mut check = support::CrateCheck::new(&name, &files);
            check.generated_manifest = Some(&output.manifest.contents);
            check.cargo_args = args;
            check.doc = suffix == "all";
            if let Err(error) = support::run(&check) {
                panic!("{fixture} ({suffix}): {error}");
            }
        }
    }
}

/// Generating a spec again, and on two threads at once, gives the same bytes.
#[test]
fn the_same_spec_gives_the_same_bytes() {
    for path in pro_and_fixtures() {
        let display = path.display().to_string();
        let first = generate_file(&path, &display);
        let (second, third) = std::thread::scope(|scope| {
            let second = scope.spawn(|| generate_file(&path, &display));
            let third = scope.spawn(|| generate_file(&path, &display));
            (second.join(), third.join())
        });
        let (Ok(second), Ok(third)) = (second, third) else {
            panic!("{display}: generation on a thread panicked");
        };
        assert_same_output(&display, &first, &second);
        assert_same_output(&display, &first, &third);
    }
}

/// `generate` prints doc lines as placeholders and puts the text back afterwards; that
/// must give exactly the bytes of printing the docs themselves, for every emitted file.
#[test]
fn doc_placeholders_give_the_bytes_of_printed_docs() {
    use generator::emit::context::DocText;
    for (path, api) in lowered(pro_and_fixtures()) {
        let analysis = generator::emit::types::analyse(&api);
        // Doc lines that went through placeholders.
        let mut placeholders = 0;
        for file in generator::emit::files::all() {
            let render = |docs| {
                generator::schedule::render_file(
                    &file,
                    &api,
                    &analysis,
                    "// header\n",
                    "docs",
                    docs,
                )
                .expect("renders")
            };
            let printed = render(DocText::Inline);
            let restored = render(DocText::Collected);
            let mut cx = file.cx(&api, DocText::Collected);
            match &file.contents {
                generator::emit::files::Contents::Code(emitter) => {
                    emitter(&mut cx, &api, "docs");
                }
                generator::emit::files::Contents::Parts(parts) => {
                    parts.emit_units(&mut cx, &api, &analysis, 0..(parts.units)(&api));
                }
                generator::emit::files::Contents::Text(_) => {}
            }
            placeholders += cx
                .docs
                .into_blocks()
                .iter()
                .map(|block| block.split('\n').count())
                .sum::<usize>();
            assert!(
                printed == restored,
                "{}: {} differs",
                path.display(),
                file.path
            );
        }
        assert!(placeholders > 50, "{}: {placeholders}", path.display());
    }
}

/// `generate` renders a file made of units (types, operations) in parts on separate
/// threads and joins them; every split must give exactly the bytes of rendering the file's
/// head, units and tail as one token stream, including splits that leave a part empty or
/// give each unit its own part.
#[test]
fn files_in_parts_give_the_bytes_of_whole_files() {
    use generator::emit::context::DocText;
    let mut specs = pro_and_fixtures();
    specs.push(manifest_dir().join("tests/corpus/progenitor-nexus.json"));
    for (path, api) in lowered(specs) {
        let analysis = generator::emit::types::analyse(&api);
        let mut split_files = 0;
        for file in generator::emit::files::all() {
            let generator::emit::files::Contents::Parts(parts) = &file.contents else {
                continue;
            };
            split_files += 1;
            let units = (parts.units)(&api);
            let mut cx = file.cx(&api, DocText::Inline);
            let tokens = parts.emit_units(&mut cx, &api, &analysis, 0..units);
            let (head, tail) = parts.emit_frame(&mut cx, &api, &analysis);
            let whole = quote::quote! { #head #tokens #tail };
            let expected = generator::render::render(whole, "// header\n").expect("renders");
            let mut splits: Vec<Vec<std::ops::Range<usize>>> = [1, 2, 3, 7, units]
                .into_iter()
                .map(|count| parts.ranges(&api, count))
                .collect();
            // An empty part at each end and in the middle.
            splits.push(vec![
                0..0,
                0..units / 2,
                units / 2..units / 2,
                units / 2..units,
                units..units,
            ]);
            for ranges in splits {
                let rendered = ranges
                    .iter()
                    .map(|range| {
                        generator::schedule::render_part(
                            &file,
                            parts,
                            &api,
                            &analysis,
                            range.clone(),
                        )
                        .expect("renders")
                    })
                    .collect();
                let joined = generator::schedule::join_parts(
                    &file,
                    parts,
                    &api,
                    &analysis,
                    "// header\n",
                    rendered,
                )
                .expect("renders");
                assert!(
                    joined == expected,
                    "{}: {} in parts {ranges:?} differs",
                    path.display(),
                    file.path
                );
            }
        }
        assert_eq!(split_files, 2);
    }
}

/// Reordering the maps of a spec whose order means nothing (components, paths, methods,
/// responses, media types, security schemes, examples...), the lists that are sets
/// (`required`) and the path parameters (taken in the template's order) changes no byte of
/// the output, for PRO and every fixture. Object `properties` and a response's `headers`
/// keep their order: they become struct fields in that order, which users see. Other lists
/// (other parameters, `allOf`, `enum`, servers, security, tags...) keep theirs too: the
/// output follows their declared order.
#[test]
fn output_is_deterministic() {
    for path in pro_and_fixtures() {
        let name = path.display().to_string();
        let raw = generator::load::load_path(&path)
            .unwrap_or_else(|error| panic!("{error}"))
            .raw;
        let expected = generate_text("spec.json", &raw.to_string());
        for order in [Order::Reversed, Order::RotatedByHalf] {
            let mut reordered = raw.clone();
            reorder(&mut reordered, &raw, None, None, order);
            assert_ne!(
                reordered.to_string(),
                raw.to_string(),
                "{name}: {order:?} changes nothing"
            );
            let output = generate_text("spec.json", &reordered.to_string());
            assert_same_output(&format!("{name} ({order:?})"), &expected, &output);
        }
    }
}

/// A new order for the entries of a map or a list.
#[derive(Debug, Clone, Copy)]
enum Order {
    Reversed,
    /// The second half first: the middle entry becomes the first.
    RotatedByHalf,
}

impl Order {
    fn apply<T>(self, entries: &mut [T]) {
        match self {
            Order::Reversed => entries.reverse(),
            Order::RotatedByHalf => entries.rotate_left(entries.len() / 2),
        }
    }
}

/// Reorders, in place, every map below `value` (reached through `key`, whose parent was
/// reached through `parent`) except those whose order is struct field order, every
/// `required` list and the path parameters of each parameter list. `spec` is the document
/// before any change, where parameter references are looked up.
fn reorder(
    value: &mut serde_json::Value,
    spec: &serde_json::Value,
    key: Option<&str>,
    parent: Option<&str>,
    order: Order,
) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().collect();
            let field_order = match key {
                Some("properties") => true,
                Some("headers") => parent != Some("components"),
                _ => false,
            };
            if !field_order {
                order.apply(&mut entries);
            }
            for (child_key, mut child) in entries {
                reorder(&mut child, spec, Some(&child_key), key, order);
                map.insert(child_key, child);
            }
        }
        serde_json::Value::Array(items) => {
            match key {
                Some("required") if items.iter().all(serde_json::Value::is_string) => {
                    order.apply(items);
                }
                Some("parameters") => reorder_path_parameters(items, spec, order),
                _ => {}
            }
            for item in items {
                reorder(item, spec, None, key, order);
            }
        }
        _ => {}
    }
}

/// Reorders the `in: path` parameters of a list among the places they hold: their order
/// is the path template's, the other parameters keep theirs.
fn reorder_path_parameters(
    items: &mut [serde_json::Value],
    spec: &serde_json::Value,
    order: Order,
) {
    let in_path = |item: &serde_json::Value| {
        let reference = item.get("$ref").and_then(|reference| reference.as_str());
        let parameter = match reference.and_then(|reference| reference.strip_prefix('#')) {
            Some(pointer) => spec.pointer(pointer),
            None => Some(item),
        };
        parameter.and_then(|parameter| parameter.get("in")) == Some(&serde_json::json!("path"))
    };
    let places: Vec<usize> = (0..items.len())
        .filter(|&index| in_path(&items[index]))
        .collect();
    let mut moved: Vec<serde_json::Value> =
        places.iter().map(|&index| items[index].take()).collect();
    order.apply(&mut moved);
    for (index, item) in places.into_iter().zip(moved) {
        items[index] = item;
    }
}

/// Fails unless `actual` has exactly the files and bytes of `expected`, and its warnings
/// (their places and messages; lines and columns move with the text).
fn assert_same_output(name: &str, expected: &Output, actual: &Output) {
    let paths = |output: &Output| -> Vec<String> {
        output.files.iter().map(|file| file.path.clone()).collect()
    };
    assert_eq!(paths(expected), paths(actual), "{name}: the files differ");
    for (a, b) in expected.files.iter().zip(&actual.files) {
        assert!(a.contents == b.contents, "{name}: {} differs", a.path);
    }
    assert!(
        expected.manifest == actual.manifest,
        "{name}: Cargo.toml differs"
    );
    let warnings = |output: &Output| -> Vec<(String, String)> {
        let warnings = output.warnings.iter();
        warnings
            .map(|warning| (warning.pointer.clone(), warning.message.clone()))
            .collect()
    };
    assert_eq!(
        warnings(expected),
        warnings(actual),
        "{name}: the warnings differ"
    );
}
