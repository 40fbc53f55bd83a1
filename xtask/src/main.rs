//! Project tasks: `cargo xtask generate | check | diff`.

mod diff;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{Mode, PRO_CRATE_DIR, PRO_SPEC, ensure_pro_crate, project_root, sync};

/// Generation makes many small allocations (token trees, syntax nodes), which mimalloc
/// serves faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Generate { .. } => ensure_pro(Mode::Write),
        Command::Check => ensure_pro(Mode::Check),
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

/// Runs the generator, printing its warnings; a spec error is returned located.
fn run_generator(spec: &Path, options: &generator::Options) -> anyhow::Result<generator::Output> {
    let output = generator::generate_path(spec, options)?;
    for warning in &output.warnings {
        eprintln!("warning: {}:{warning}", spec.display());
    }
    Ok(output)
}

/// Brings `generated/` in step with `spec/pro.yaml`, or in check mode fails when it is not.
fn ensure_pro(mode: Mode) -> anyhow::Result<ExitCode> {
    let ensured = ensure_pro_crate(&project_root(), mode)?;
    for warning in &ensured.warnings {
        eprintln!("warning: {warning}");
    }
    match mode {
        Mode::Write => ensured.report.print(PRO_CRATE_DIR),
        Mode::Check => println!("{PRO_CRATE_DIR}/ is up to date with {PRO_SPEC}"),
    }
    Ok(ExitCode::SUCCESS)
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
