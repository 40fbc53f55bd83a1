//! Project tasks: `cargo xtask generate | check | diff`.

mod diff;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generation makes many small allocations (token trees, syntax nodes), which mimalloc
/// serves faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The checked-in spec and crate that `generate` and `check` keep in step.
const PRO_SPEC: &str = "spec/pro.yaml";
const PRO_CRATE_DIR: &str = "generated";
const PRO_CRATE_NAME: &str = "sorted-pro";

#[derive(Debug, Parser)]
#[command(
    name = "cargo xtask",
    about = "Generate, check and diff the OpenAPI bindings."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate `generated/src` from `spec/pro.yaml`, or a standalone crate from any spec.
    Generate {
        /// A spec to generate a standalone crate from (needs `--out`).
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// The directory of the standalone crate (`Cargo.toml` and `src/`).
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// The standalone crate's package name; defaults to the spec's file stem.
        #[arg(long, requires = "spec")]
        name: Option<String>,
    },
    /// Fail when `generated/` is not what the generator makes of `spec/pro.yaml`.
    Check,
    /// Report what a spec change breaks, on the wire and in the generated Rust.
    Diff(diff::DiffArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            spec: Some(spec),
            out: Some(out),
            name,
        } => generate_standalone(&spec, &out, name),
        Command::Generate { .. } => generate_pro(),
        Command::Check => check_pro(),
        Command::Diff(args) => Ok(diff::run(&args)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: the parent of this crate's directory.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn pro_options() -> generator::Options {
    generator::Options {
        crate_name: PRO_CRATE_NAME.to_owned(),
        spec_display: PRO_SPEC.to_owned(),
        command: "cargo xtask generate".to_owned(),
    }
}

/// Runs the generator, printing its warnings; a spec error is returned located.
fn run_generator(spec: &Path, options: &generator::Options) -> anyhow::Result<generator::Output> {
    let output = generator::generate_path(spec, options)?;
    for warning in &output.warnings {
        eprintln!("warning: {}:{warning}", spec.display());
    }
    Ok(output)
}

fn generate_pro() -> anyhow::Result<ExitCode> {
    let root = project_root();
    let output = run_generator(&root.join(PRO_SPEC), &pro_options())?;
    let report = sync::write(&root.join(PRO_CRATE_DIR), &output.files)?;
    report.print(PRO_CRATE_DIR);
    Ok(ExitCode::SUCCESS)
}

/// The files of `generated/` that differ from what the generator makes of the spec.
fn stale_pro_files() -> anyhow::Result<Vec<sync::Stale>> {
    let root = project_root();
    let output = run_generator(&root.join(PRO_SPEC), &pro_options())?;
    sync::stale(&root.join(PRO_CRATE_DIR), &output.files)
}

fn check_pro() -> anyhow::Result<ExitCode> {
    let stale = stale_pro_files()?;
    if stale.is_empty() {
        println!("{PRO_CRATE_DIR}/ is up to date with {PRO_SPEC}");
        return Ok(ExitCode::SUCCESS);
    }
    for file in &stale {
        eprintln!("stale: {PRO_CRATE_DIR}/{}", file.path);
        if let Some(diff) = &file.diff {
            eprintln!("{diff}");
        }
    }
    eprintln!(
        "{} generated file(s) are stale; run `cargo xtask generate` and commit the result",
        stale.len()
    );
    Ok(ExitCode::FAILURE)
}

fn generate_standalone(spec: &Path, out: &Path, name: Option<String>) -> anyhow::Result<ExitCode> {
    let crate_name = match name {
        Some(name) => name,
        None => default_crate_name(spec),
    };
    let options = generator::Options {
        crate_name,
        spec_display: spec
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| spec.display().to_string()),
        command: format!("cargo xtask generate --spec {}", spec.display()),
    };
    let output = run_generator(spec, &options)?;
    let mut files = output.files;
    files.push(output.manifest);
    let report = sync::write(out, &files)?;
    report.print(&out.display().to_string());
    Ok(ExitCode::SUCCESS)
}

/// A package name from the spec's file name (see [`generator::names::package_name`]).
fn default_crate_name(spec: &Path) -> String {
    generator::names::package_name(spec)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suite fails when `generated/` is stale, as `cargo xtask check` does.
    #[test]
    fn generated_crate_is_up_to_date() {
        let stale = stale_pro_files().expect("the PRO spec generates");
        let paths: Vec<&str> = stale.iter().map(|file| file.path.as_str()).collect();
        assert!(
            paths.is_empty(),
            "stale files in {PRO_CRATE_DIR}/: {paths:?}; run `cargo xtask generate`"
        );
    }

    #[test]
    fn crate_names_come_from_the_spec_file_name() {
        assert_eq!(
            default_crate_name(Path::new("specs/Pet Store.v3.yaml")),
            "pet-store-v3"
        );
        assert_eq!(default_crate_name(Path::new("3d.json")), "api-3d");
        assert_eq!(default_crate_name(Path::new("___.yaml")), "api");
    }
}
