//! Errors that point into the spec: a JSON pointer, and a line and column where known.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// JSON pointer of the offending node, e.g. `#/paths/~1shipments/post/requestBody`.
    pub pointer: String,
    /// 1-based line in the spec file, when the loader could find the node.
    pub line: Option<usize>,
    /// 1-based column in the spec file, when known.
    pub column: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{line}:{column}: ")?,
            (Some(line), None) => write!(f, "{line}: ")?,
            _ => {}
        }
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Everything that can stop generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read. The cause is part of the message, and not also a
    /// `source`, so that printing the error with its chain says it once.
    #[error("cannot read {}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file is not valid YAML/JSON, or not the shape of an OpenAPI document.
    #[error("{}:{}:{}: {message}", file.display(), line.unwrap_or(0), column.unwrap_or(0))]
    Syntax {
        file: PathBuf,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Emitted tokens did not form valid Rust; this is a bug in the generator.
    #[error("generator bug: emitted {} is not valid Rust: {message}", file.display())]
    Render { file: PathBuf, message: String },
    /// The document parsed but cannot be generated from; every problem found is listed.
    #[error("{}", format_diagnostics(file, diagnostics))]
    Spec {
        file: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
}

fn format_diagnostics(file: &std::path::Path, diagnostics: &[Diagnostic]) -> String {
    let mut out = format!(
        "{} problem{} in {}:",
        diagnostics.len(),
        if diagnostics.len() == 1 { "" } else { "s" },
        file.display()
    );
    for diagnostic in diagnostics {
        out.push_str(&format!("\n  {}:{diagnostic}", file.display()));
    }
    out
}
