//! `cargo xtask diff`: what a spec change breaks, on the wire and in the generated Rust.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use clap::{Args, ValueEnum};
use generator::diff::{DiffError, Level, report};

/// The exit codes, as `--help` lists them.
const EXIT_CODES: &str = "\
Exit codes:
  0  done; no change at or above the --fail-on level (always, without --fail-on)
  1  a change at or above the --fail-on level was found
  2  a spec does not load (the error is located); a spec that loads but that the
     generator refuses is still compared on the wire, and the report says why its Rust
     impact is missing; clap also exits with 2 on bad arguments, after printing the usage
  3  another failure: git, or a bug in the generator";

const EXIT_FAIL_ON: u8 = 1;
const EXIT_SPEC: u8 = 2;
const EXIT_OTHER: u8 = 3;

/// Arguments of `cargo xtask diff`.
#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES)]
pub struct DiffArgs {
    /// Compare the spec at this git revision with the one in the working tree.
    #[arg(long, value_name = "REV", conflicts_with_all = ["old", "new"])]
    base: Option<String>,
    /// The spec that `--base` compares [default: spec/pro.yaml].
    #[arg(long, requires = "base")]
    spec: Option<PathBuf>,
    /// The old spec file (with NEW, instead of `--base`).
    #[arg(required_unless_present = "base", requires = "new")]
    old: Option<PathBuf>,
    /// The new spec file.
    #[arg(required_unless_present = "base")]
    new: Option<PathBuf>,
    /// How to print the report.
    #[arg(long, value_enum, default_value_t = FormatArg::Markdown)]
    format: FormatArg,
    /// Exit with 1 when a change at this level or above is found.
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// A pull-request comment: counts by level, changes by operation, generated Rust.
    Markdown,
    /// Stable field names, for tools.
    Json,
    /// GitHub Actions annotations (`::error`, `::warning`, `::notice`).
    Github,
}

/// The level that fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Breaking and possibly breaking changes.
    Warn,
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn other(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_OTHER,
            message: message.into(),
        }
    }

    fn spec(message: impl Into<String>) -> Self {
        Self {
            code: EXIT_SPEC,
            message: message.into(),
        }
    }
}

/// Runs the diff and prints the report; the exit code says what happened.
pub fn run(args: &DiffArgs) -> ExitCode {
    match diff(args) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Prints the report and returns the exit code.
fn diff(args: &DiffArgs) -> Result<u8, Failure> {
    let root = crate::project_root();
    let new_path = match (&args.base, &args.new) {
        (Some(_), _) => args
            .spec
            .clone()
            .unwrap_or_else(|| root.join(crate::PRO_SPEC)),
        (None, Some(new)) => new.clone(),
        (None, None) => return Err(Failure::other("give either --base REV or OLD and NEW")),
    };
    let new =
        generator::load::load_path(&new_path).map_err(|error| Failure::spec(error.to_string()))?;
    let old = match (&args.base, &args.old) {
        (Some(rev), _) => {
            let (toplevel, relative) = repository_path(&new_path)?;
            let text = git_show(&toplevel, rev, &relative)?;
            let display = PathBuf::from(format!("{rev}:{relative}"));
            generator::load::load_str(&display, &text)
                .map_err(|error| Failure::spec(error.to_string()))?
        }
        (None, Some(old)) => {
            generator::load::load_path(old).map_err(|error| Failure::spec(error.to_string()))?
        }
        (None, None) => return Err(Failure::other("give either --base REV or OLD and NEW")),
    };
    let options = options_for(&root, &new_path);
    let report =
        generator::diff::diff_documents(&old, &new, &options).map_err(|error| match &error {
            DiffError::Spec { .. } => Failure::spec(error.to_string()),
            DiffError::Generate { .. } => Failure::other(error.to_string()),
        })?;
    let spec_display = repository_path(&new_path)
        .map(|(_, relative)| relative)
        .unwrap_or_else(|_| new_path.display().to_string());
    let line_of = |pointer: &str| new.diagnostic(pointer, "").line;
    let spec_file = report::SpecFile {
        path: &spec_display,
        line_of: &line_of,
    };
    let format = match args.format {
        FormatArg::Markdown => report::Format::Markdown,
        FormatArg::Json => report::Format::Json,
        FormatArg::Github => report::Format::Github,
    };
    print!("{}", report::render(&report, format, Some(&spec_file)));
    let threshold = match args.fail_on {
        None => return Ok(0),
        Some(FailOn::Breaking) => Level::Breaking,
        Some(FailOn::Warn) => Level::PossiblyBreaking,
    };
    if report.wire_level().is_some_and(|level| level >= threshold) {
        Ok(EXIT_FAIL_ON)
    } else {
        Ok(0)
    }
}

/// The generator options: the PRO crate's for its spec, else a name from the file name.
fn options_for(root: &Path, spec: &Path) -> generator::Options {
    let pro = root.join(crate::PRO_SPEC);
    let is_pro = match (pro.canonicalize(), spec.canonicalize()) {
        (Ok(pro), Ok(spec)) => pro == spec,
        _ => false,
    };
    if is_pro {
        return xtask::pro_options();
    }
    generator::Options {
        crate_name: crate::default_crate_name(spec),
        spec_display: spec.display().to_string(),
        command: "cargo xtask diff".to_owned(),
    }
}

/// The repository's top directory and the path of `file` inside it, with `/` separators.
fn repository_path(file: &Path) -> Result<(PathBuf, String), Failure> {
    let file = file
        .canonicalize()
        .map_err(|error| Failure::other(format!("cannot find {}: {error}", file.display())))?;
    let directory = file.parent().unwrap_or(Path::new("."));
    let toplevel = git(directory, &["rev-parse", "--show-toplevel"])?;
    let toplevel = PathBuf::from(toplevel.trim());
    let toplevel = toplevel.canonicalize().unwrap_or(toplevel);
    let relative = file.strip_prefix(&toplevel).map_err(|_| {
        Failure::other(format!(
            "{} is not inside the repository at {}",
            file.display(),
            toplevel.display()
        ))
    })?;
    let relative: Vec<String> = relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok((toplevel, relative.join("/")))
}

/// The text of `path` at revision `rev`.
fn git_show(toplevel: &Path, rev: &str, path: &str) -> Result<String, Failure> {
    git(toplevel, &["show", &format!("{rev}:{path}")])
}

/// Runs git in `directory` and returns its standard output.
fn git(directory: &Path, args: &[&str]) -> Result<String, Failure> {
    let output = Command::new("git")
        .arg("-C")
        .arg(directory)
        .args(args)
        .output()
        .map_err(|error| Failure::other(format!("cannot run git: {error}")))?;
    if !output.status.success() {
        return Err(Failure::other(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| Failure::other(format!("`git {}` printed invalid UTF-8", args.join(" "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: list_things
      parameters: [{name: q, in: query, schema: {type: string, maxLength: 10}}]
      responses:
        '200': {description: OK}
";

    /// Writes the specs to a fresh directory and diffs them.
    fn run_on(name: &str, old: &str, new: &str, fail_on: Option<FailOn>) -> Result<u8, u8> {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{}-{name}", std::process::id()));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join("old.yaml"), old))
            .and_then(|()| std::fs::write(dir.join("new.yaml"), new));
        assert!(written.is_ok(), "cannot write specs: {written:?}");
        let args = DiffArgs {
            base: None,
            spec: None,
            old: Some(dir.join("old.yaml")),
            new: Some(dir.join("new.yaml")),
            format: FormatArg::Json,
            fail_on,
        };
        let result = diff(&args).map_err(|failure| failure.code);
        let _ = std::fs::remove_dir_all(&dir);
        result
    }

    #[test]
    fn exit_codes_follow_fail_on() {
        let tightened = OLD.replace("maxLength: 10", "maxLength: 5");
        let relaxed = OLD.replace("maxLength: 10", "maxLength: 20");
        assert_eq!(run_on("none", OLD, &tightened, None), Ok(0));
        assert_eq!(
            run_on("breaking", OLD, &tightened, Some(FailOn::Breaking)),
            Ok(EXIT_FAIL_ON)
        );
        assert_eq!(
            run_on("compatible", OLD, &relaxed, Some(FailOn::Warn)),
            Ok(0)
        );
    }

    /// A spec the generator refuses (a path template without its `in: path` parameter)
    /// still diffs, and `--fail-on` decides the exit code as for any other.
    #[test]
    fn a_spec_that_does_not_lower_still_diffs() {
        let refused = OLD.replace("/things:", "/things/{id}:");
        let tightened = refused.replace("maxLength: 10", "maxLength: 5");
        assert_eq!(run_on("refused", &refused, &tightened, None), Ok(0));
        assert_eq!(
            run_on(
                "refused-breaking",
                &refused,
                &tightened,
                Some(FailOn::Breaking)
            ),
            Ok(EXIT_FAIL_ON)
        );
        assert_eq!(
            run_on("refused-same", &refused, &refused, Some(FailOn::Warn)),
            Ok(0)
        );
    }

    #[test]
    fn a_spec_that_does_not_load_exits_with_its_own_code() {
        assert_eq!(
            run_on("bad", "openapi: 3.0.3\ninfo: [\n", OLD, None),
            Err(EXIT_SPEC)
        );
        assert_eq!(
            run_on("swagger", "swagger: '2.0'\n", OLD, None),
            Err(EXIT_SPEC)
        );
    }
}
