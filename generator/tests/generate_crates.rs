//! Whole generated crates: snapshots of every emitted file for the fixture specs and PRO,
//! each fixture crate compiled with `-D warnings` and clippy (PRO's is the checked-in
//! `generated/`, compiled by the workspace), the checked-in PRO crate kept current, and
//! determinism.

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
        .filter(|file| !file.path.starts_with("src/runtime/") || file.path.ends_with("mod.rs"))
}

fn snapshot_all(prefix: &str, output: &Output) {
    for file in emitted(output) {
        let name = format!("{prefix}__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
    insta::assert_snapshot!(format!("{prefix}__Cargo_toml"), output.manifest.contents);
}

/// The checked-in `generated/src` is PRO's snapshot: it must be exactly what the generator
/// writes today, with no warnings. (`cargo xtask check` says the same for CI.)
#[test]
fn checked_in_pro_crate_is_current() {
    let output = generator::generate_path(
        &manifest_dir().join("../spec/pro.yaml"),
        &Options {
            crate_name: "sorted-pro".to_owned(),
            spec_display: "spec/pro.yaml".to_owned(),
            command: "cargo xtask generate".to_owned(),
        },
    )
    .unwrap_or_else(|error| panic!("{error}"));
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    let crate_dir = manifest_dir().join("../generated");
    for file in &output.files {
        let on_disk = std::fs::read_to_string(crate_dir.join(&file.path)).unwrap_or_default();
        assert!(
            on_disk == file.contents,
            "generated/{} is stale: run `cargo xtask generate` and review the diff",
            file.path
        );
    }
}

/// Snapshots of PRO's emitted files. They say the same as `generated/src` (which
/// [`checked_in_pro_crate_is_current`] compares byte for byte), so a change shows up in
/// review in both places.
#[test]
fn pro_snapshots() {
    let output = generate_file(&manifest_dir().join("../spec/pro.yaml"), "spec/pro.yaml");
    assert!(output.warnings.is_empty(), "{:?}", output.warnings);
    snapshot_all("pro", &output);
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

#[test]
fn the_same_spec_gives_the_same_bytes() {
    let path = manifest_dir().join("../spec/pro.yaml");
    let first = generate_file(&path, "spec/pro.yaml");
    let second = generate_file(&path, "spec/pro.yaml");
    assert_eq!(first.files, second.files);
    assert_eq!(first.manifest, second.manifest);
}

/// `generate` prints doc lines as placeholders and puts the text back afterwards; that
/// must give exactly the bytes of printing the docs themselves, for every emitted file.
#[test]
fn doc_placeholders_give_the_bytes_of_printed_docs() {
    use generator::emit::context::DocText;
    for (path, api) in lowered(pro_and_fixtures()) {
        let analysis = generator::emit::analysis::Analysis::new(&api);
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
        let analysis = generator::emit::analysis::Analysis::new(&api);
        let mut split_files = 0;
        for file in generator::emit::files::all() {
            let generator::emit::files::Contents::Parts(parts) = &file.contents else {
                continue;
            };
            split_files += 1;
            let units = (parts.units)(&api);
            let mut cx = file.cx(&api, DocText::Inline);
            let (tokens, input) = parts.emit_units(&mut cx, &api, &analysis, 0..units);
            let (head, tail) = parts.emit_frame(&mut cx, &api, &analysis, [input]);
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

/// Reversing every map of the spec (components, paths, methods, responses, media types,
/// security requirements...) changes nothing. Object `properties` and response `headers`
/// keep their order: they become struct fields in that order, which users see, so their
/// order is part of the spec.
#[test]
fn reordered_maps_give_the_same_bytes() {
    let mut specs = vec![("pro.yaml", manifest_dir().join("../spec/pro.yaml"))];
    for fixture in FIXTURES {
        specs.push((fixture, manifest_dir().join("tests/fixtures").join(fixture)));
    }
    for (name, path) in specs {
        let text = std::fs::read_to_string(&path).expect("the spec is readable");
        let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("the spec is YAML");
        let mut json: serde_json::Value =
            serde_json::to_value(yaml).expect("the spec converts to JSON");
        let original = serde_json::to_string_pretty(&json).expect("serializes");
        reverse_maps(&mut json, None);
        let reordered = serde_json::to_string_pretty(&json).expect("serializes");
        assert_ne!(
            original, reordered,
            "{name}: the test must change the order"
        );
        let first = generate_text("spec.json", &original);
        let second = generate_text("spec.json", &reordered);
        for (a, b) in first.files.iter().zip(&second.files) {
            assert_eq!(a.path, b.path);
            assert!(a.contents == b.contents, "{name}: {} differs", a.path);
        }
        assert_eq!(first.files.len(), second.files.len());
    }
}

fn reverse_maps(value: &mut serde_json::Value, key: Option<&str>) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().collect();
            if !matches!(key, Some("properties" | "headers")) {
                entries.reverse();
            }
            for (child_key, mut child) in entries {
                reverse_maps(&mut child, Some(&child_key));
                map.insert(child_key, child);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                reverse_maps(item, None);
            }
        }
        _ => {}
    }
}
