//! What the `cargo xtask` binary and its test share: the PRO crate's generator options and
//! the one freshness check of `generated/`.
//!
//! [`ensure_pro_crate`] regenerates the crate in memory and compares it with the files on
//! disk, in the habit of rust-analyzer's `ensure_file_contents`: `cargo xtask generate`
//! writes what differs, `cargo xtask check` and the test `generated_crate_is_current` fail
//! on it, naming the command that fixes it.

pub mod sync;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The checked-in spec that `generated/` is made from.
pub const PRO_SPEC: &str = "spec/pro.yaml";
/// The checked-in crate, relative to the repository root.
pub const PRO_CRATE_DIR: &str = "generated";
/// The package name of the checked-in crate.
pub const PRO_CRATE_NAME: &str = "sorted-pro";
/// The command that brings `generated/` up to date.
pub const GENERATE_COMMAND: &str = "cargo xtask generate";

/// The repository root: the parent of this crate's directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The generator options of the checked-in crate.
pub fn pro_options() -> generator::Options {
    generator::Options {
        crate_name: PRO_CRATE_NAME.to_owned(),
        spec_display: PRO_SPEC.to_owned(),
        command: GENERATE_COMMAND.to_owned(),
    }
}

/// What [`ensure_pro_crate`] does with files that differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write them (`cargo xtask generate`).
    Write,
    /// Fail, naming them and the command that fixes them (`cargo xtask check`, the test).
    Check,
}

/// The outcome of [`ensure_pro_crate`] when it succeeds.
#[derive(Debug)]
pub struct Ensured {
    /// The generator's warnings for the spec, each located (`spec/pro.yaml:line:column`).
    pub warnings: Vec<String>,
    /// What was written and removed; empty in [`Mode::Check`].
    pub report: sync::Report,
}

/// Regenerates the PRO crate in memory and compares it with `generated/` under `root`:
/// files that differ, are missing, or sit in `generated/src` although the generator does
/// not write them. [`Mode::Write`] brings the directory in step; [`Mode::Check`] fails with
/// every such file, a short diff of each, and the command that fixes them.
pub fn ensure_pro_crate(root: &Path, mode: Mode) -> anyhow::Result<Ensured> {
    let output = generator::generate_path(&root.join(PRO_SPEC), &pro_options())?;
    let warnings = output
        .warnings
        .iter()
        .map(|warning| format!("{PRO_SPEC}:{warning}"))
        .collect();
    let dir = root.join(PRO_CRATE_DIR);
    let report = match mode {
        Mode::Write => sync::write(&dir, &output.files)?,
        Mode::Check => {
            let stale = sync::stale(&dir, &output.files)?;
            if !stale.is_empty() {
                anyhow::bail!(stale_message(&stale));
            }
            sync::Report::default()
        }
    };
    Ok(Ensured { warnings, report })
}

/// The failure of [`Mode::Check`]: each file, its diff, and the fixing command.
fn stale_message(stale: &[sync::Stale]) -> String {
    let mut message = String::new();
    for file in stale {
        let _ = writeln!(message, "{}: {PRO_CRATE_DIR}/{}", file.kind, file.path);
        if let Some(diff) = &file.diff {
            let _ = writeln!(message, "{diff}");
        }
    }
    let _ = write!(
        message,
        "{} file(s) of {PRO_CRATE_DIR}/ are not what the generator makes of {PRO_SPEC}; \
         run `{GENERATE_COMMAND}` and commit the result",
        stale.len()
    );
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suite fails when `generated/` is stale, as `cargo xtask check` does, and when
    /// the PRO spec gives warnings.
    #[test]
    fn generated_crate_is_current() {
        let ensured = ensure_pro_crate(&project_root(), Mode::Check)
            .unwrap_or_else(|error| panic!("{error:#}"));
        assert!(
            ensured.warnings.is_empty(),
            "the PRO spec gives warnings: {:#?}",
            ensured.warnings
        );
    }

    #[test]
    fn the_check_names_every_stale_and_extra_file_and_the_fixing_command() {
        let message = stale_message(&[
            sync::Stale {
                path: "src/types.rs".to_owned(),
                kind: sync::StaleKind::Differs,
                diff: Some("-old\n+new".to_owned()),
            },
            sync::Stale {
                path: "src/old.rs".to_owned(),
                kind: sync::StaleKind::Extra,
                diff: None,
            },
        ]);
        assert_eq!(
            message,
            "stale: generated/src/types.rs\n-old\n+new\n\
             extra: generated/src/old.rs\n\
             2 file(s) of generated/ are not what the generator makes of spec/pro.yaml; \
             run `cargo xtask generate` and commit the result"
        );
    }
}
