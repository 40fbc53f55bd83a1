//! Test helpers: build generated code as a real crate to prove that it compiles cleanly.
//!
//! A scratch crate lives in `target/emit-check/<name>/` with the workspace's `Cargo.lock`
//! and a target directory shared by all checks (`target/emit-check-target`), so that the
//! dependencies are built once and later checks take a few seconds. The crate's library
//! is always named `generated`, so test code says `use generated::types::...`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The dependencies of a generated crate, with the features the workspace uses.
pub const BASE_DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order"] }
serde_path_to_error = "0.1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"
regex = "1"
form_urlencoded = "1"
percent-encoding = "2"
bytes = "1"
http = "1"
"#;

/// What to build and how to check it.
#[derive(Debug, Clone)]
pub struct CrateCheck<'a> {
    /// Directory name under `target/emit-check/`; also part of the package name.
    pub name: &'a str,
    /// Files relative to `src/`, e.g. `("lib.rs", text)`, `("runtime/validation.rs", text)`.
    pub files: &'a [(&'a str, String)],
    /// The body of `tests/check.rs`, run with `cargo test`; empty for none.
    pub test_code: &'a str,
    /// More `[dependencies]` lines, e.g. `tokio = { version = "1", features = ["rt"] }`.
    pub extra_dependencies: &'a str,
    /// A `[features]` table body, if the code needs features.
    pub features: &'a str,
    /// Also run `cargo clippy --all-targets -- -D warnings`.
    pub clippy: bool,
    /// Also run `cargo doc` with `-D warnings` for rustdoc lints.
    pub doc: bool,
    /// The generator's own `Cargo.toml` for the crate; when set it replaces the base
    /// dependencies and `features`, and `extra_dependencies` become dev-dependencies.
    pub generated_manifest: Option<&'a str>,
    /// Extra arguments for `cargo clippy` and `cargo test`, e.g. `--all-features`.
    pub cargo_args: &'a [&'a str],
}

impl<'a> CrateCheck<'a> {
    /// A check of `files` with the base dependencies, clippy on, rustdoc off.
    pub fn new(name: &'a str, files: &'a [(&'a str, String)]) -> Self {
        Self {
            name,
            files,
            test_code: "",
            extra_dependencies: "",
            features: "",
            clippy: true,
            doc: false,
            generated_manifest: None,
            cargo_args: &[],
        }
    }
}

/// The files of `output` under `src/`, with paths relative to `src/`, as
/// [`CrateCheck::files`] takes them.
pub fn src_files(output: &generator::Output) -> Vec<(&str, String)> {
    output
        .files
        .iter()
        .map(|file| {
            let path = file.path.strip_prefix("src/").unwrap_or(&file.path);
            (path, file.contents.clone())
        })
        .collect()
}

/// Builds `files` as a crate with `#![deny(warnings)]`-level strictness (and clippy), then
/// runs `extra_test_code` as an integration test. Returns cargo's output on failure.
pub fn compile_crate(
    name: &str,
    files: &[(&str, String)],
    extra_test_code: &str,
) -> Result<(), String> {
    let mut check = CrateCheck::new(name, files);
    check.test_code = extra_test_code;
    run(&check)
}

/// Builds and tests a scratch crate as `check` says.
pub fn run(check: &CrateCheck) -> Result<(), String> {
    let workspace = workspace_root();
    let root = workspace.join("target/emit-check").join(check.name);
    let target = workspace.join("target/emit-check-target");
    std::fs::create_dir_all(root.join("src")).map_err(|e| e.to_string())?;
    write_if_changed(&root.join("Cargo.toml"), &manifest(check))?;
    let lock = std::fs::read_to_string(workspace.join("Cargo.lock")).map_err(|e| e.to_string())?;
    if !root.join("Cargo.lock").exists() {
        write_if_changed(&root.join("Cargo.lock"), &lock)?;
    }
    let mut wanted: Vec<PathBuf> = Vec::new();
    for (path, contents) in check.files {
        let file = root.join("src").join(path);
        write_if_changed(&file, contents)?;
        wanted.push(file);
    }
    remove_stale(&root.join("src"), &wanted)?;
    let tests = root.join("tests/check.rs");
    if check.test_code.is_empty() {
        let _ = std::fs::remove_file(&tests);
    } else {
        write_if_changed(&tests, check.test_code)?;
    }
    if check.clippy {
        let mut args = vec!["clippy", "--offline", "--all-targets"];
        args.extend_from_slice(check.cargo_args);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        cargo(&root, &target, &args)?;
    }
    let mut args = vec!["test", "--offline", "--quiet"];
    args.extend_from_slice(check.cargo_args);
    cargo(&root, &target, &args)?;
    if check.doc {
        cargo(
            &root,
            &target,
            &["doc", "--offline", "--no-deps", "--quiet"],
        )?;
    }
    Ok(())
}

/// The workspace root: the parent of the generator crate.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn manifest(check: &CrateCheck) -> String {
    if let Some(generated) = check.generated_manifest {
        return format!(
            "{generated}\n# Not part of the enclosing workspace.\n[workspace]\n\n\
             [dev-dependencies]\n{}",
            check.extra_dependencies
        );
    }
    let features = if check.features.is_empty() {
        String::new()
    } else {
        format!("\n[features]\n{}\n", check.features)
    };
    format!(
        r#"[package]
name = "emit-check-{name}"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
name = "generated"
path = "src/lib.rs"

# Not part of the enclosing workspace.
[workspace]
{features}
[dependencies]
{BASE_DEPENDENCIES}{extra}

[lints.rust]
unsafe_code = "forbid"
missing_debug_implementations = "warn"

[lints.clippy]
all = {{ level = "warn", priority = -1 }}
"#,
        name = check.name,
        extra = check.extra_dependencies,
    )
}

fn cargo(root: &Path, target: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("CARGO_TERM_COLOR", "never");
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_ENCODED_RUSTDOCFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_MANIFEST_DIR",
        "CARGO_PKG_NAME",
    ] {
        command.env_remove(var);
    }
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo {}` failed in {}:\n{}\n{}",
            args.join(" "),
            root.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// Writes `contents` unless the file already holds exactly that, so that cargo's
/// fingerprints stay fresh.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Deletes files under `dir` that are not in `wanted`, left from earlier runs.
pub fn remove_stale(dir: &Path, wanted: &[PathBuf]) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| e.to_string())?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            remove_stale(&path, wanted)?;
        } else if !wanted.contains(&path) {
            std::fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}
