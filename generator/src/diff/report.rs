//! Prints a diff report: markdown for a pull-request comment, JSON for tools, or GitHub
//! Actions annotations.

use std::fmt::Write as _;

use super::{Change, Level, Report, Unlowered};
use crate::diff::rust_api::RustDiff;

/// The output formats of `cargo xtask diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Github,
}

/// Where annotations point: the spec file as the repository names it, and a function that
/// finds the line of a JSON pointer in it.
pub struct SpecFile<'a> {
    pub path: &'a str,
    pub line_of: &'a dyn Fn(&str) -> Option<usize>,
}

impl std::fmt::Debug for SpecFile<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpecFile")
            .field("path", &self.path)
            .finish()
    }
}

/// Renders `report` in `format`; `spec` (for GitHub annotations) adds file and line.
pub fn render(report: &Report, format: Format, spec: Option<&SpecFile<'_>>) -> String {
    match format {
        Format::Markdown => markdown(report),
        Format::Json => json(report),
        Format::Github => github(report, spec),
    }
}

/// The label of a change's operation group.
fn group_label(change: &Change) -> &str {
    change.operation.as_deref().unwrap_or("components")
}

/// Changes grouped by operation: groups with the most severe changes first, then by
/// label, and within each group the most severe changes first (stable otherwise).
fn groups(changes: &[Change]) -> Vec<(&str, Vec<&Change>)> {
    let mut groups: Vec<(&str, Vec<&Change>)> = Vec::new();
    for change in changes {
        let label = group_label(change);
        match groups.iter_mut().find(|(existing, _)| *existing == label) {
            Some((_, list)) => list.push(change),
            None => groups.push((label, vec![change])),
        }
    }
    for (_, list) in &mut groups {
        list.sort_by_key(|change| std::cmp::Reverse(change.level()));
    }
    groups.sort_by(|(a_label, a), (b_label, b)| {
        let a_level = a.iter().map(|change| change.level()).max();
        let b_level = b.iter().map(|change| change.level()).max();
        b_level.cmp(&a_level).then_with(|| a_label.cmp(b_label))
    });
    groups
}

/// Escapes text for a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Text as an inline code span in a table cell.
fn code(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let fence = if text.contains('`') { "``" } else { "`" };
    format!("{fence}{}{fence}", cell(text))
}

/// Markdown for a pull-request comment: counts by level and the Rust semver level, the
/// changes by operation (breaking first), then the generated Rust changes.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## API diff: {} → {}", report.old_api, report.new_api);
    let _ = writeln!(out);
    let _ = writeln!(out, "| Level | Wire changes |");
    let _ = writeln!(out, "|---|---:|");
    for level in Level::ALL {
        let _ = writeln!(out, "| {} | {} |", level.label(), report.count(level));
    }
    let _ = writeln!(out);
    match &report.rust {
        Ok(rust) => {
            let _ = writeln!(
                out,
                "Generated Rust crate: **{}** release ({}).",
                rust.semver,
                change_count(rust)
            );
        }
        Err(_) => {
            let _ = writeln!(
                out,
                "Generated Rust crate: **not computed** (a spec the generator refuses)."
            );
        }
    }
    if report.compatible_on_wire_but_breaking_in_rust() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "> **Compatible on the wire but breaking in Rust:** no wire change breaks clients, \
             but the generated crate's public API changes in a way that needs a major release."
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "### Wire changes");
    let _ = writeln!(out);
    if report.wire.is_empty() {
        let _ = writeln!(out, "None.");
        let _ = writeln!(out);
    }
    for (label, changes) in groups(&report.wire) {
        let _ = writeln!(out, "#### {}", code(label));
        let _ = writeln!(out);
        let _ = writeln!(out, "| Level | Rule | Location | Change |");
        let _ = writeln!(out, "|---|---|---|---|");
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                change.level().label(),
                code(change.rule.id()),
                code(&change.location),
                cell(&change.message)
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "### Generated Rust");
    let _ = writeln!(out);
    let rust = match &report.rust {
        Ok(rust) => rust,
        Err(unlowered) => {
            markdown_unlowered(&mut out, unlowered);
            return out;
        }
    };
    if rust.changes.is_empty() {
        let _ = writeln!(out, "The public API is unchanged.");
        return out;
    }
    let _ = writeln!(out, "| Semver | Item | Change |");
    let _ = writeln!(out, "|---|---|---|");
    let mut rust_changes: Vec<_> = rust.changes.iter().collect();
    rust_changes.sort_by_key(|change| std::cmp::Reverse(change.level));
    for change in rust_changes {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            change.level,
            code(&change.item),
            cell(&change.message)
        );
    }
    out
}

/// How many lowering problems of a side a report shows.
const SHOWN_PROBLEMS: usize = 5;

/// `N public API change(s)`.
fn change_count(rust: &RustDiff) -> String {
    let count = rust.changes.len();
    format!(
        "{count} public API {}",
        if count == 1 { "change" } else { "changes" }
    )
}

/// Why the Rust impact is missing: each side that does not lower, with its first problems.
fn unlowered_reason(unlowered: &[Unlowered]) -> String {
    let sides: Vec<String> = unlowered
        .iter()
        .map(|side| {
            let count = side.errors.len();
            format!(
                "the {} spec has {count} lowering problem{}",
                side.side,
                if count == 1 { "" } else { "s" }
            )
        })
        .collect();
    format!(
        "Not computed: {}. The wire comparison above reads each schema that does not lower \
         as any value.",
        sides.join(" and ")
    )
}

/// The markdown section of a Rust impact that could not be computed.
fn markdown_unlowered(out: &mut String, unlowered: &[Unlowered]) {
    let _ = writeln!(out, "{}", unlowered_reason(unlowered));
    let _ = writeln!(out);
    let _ = writeln!(out, "| Spec | Line | Pointer | Problem |");
    let _ = writeln!(out, "|---|---:|---|---|");
    for side in unlowered {
        for error in side.errors.iter().take(SHOWN_PROBLEMS) {
            let line = error.line.map(|line| line.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | {line} | {} | {} |",
                side.side,
                code(&error.pointer),
                cell(&error.message)
            );
        }
    }
    for side in unlowered {
        let hidden = side.errors.len().saturating_sub(SHOWN_PROBLEMS);
        if hidden > 0 {
            let _ = writeln!(out);
            let _ = writeln!(out, "…and {hidden} more in the {} spec.", side.side);
        }
    }
}

/// JSON for tools, with stable field names.
pub fn json(report: &Report) -> String {
    let changes: Vec<serde_json::Value> = report
        .wire
        .iter()
        .map(|change| {
            serde_json::json!({
                "rule": change.rule.id(),
                "level": change.level().as_str(),
                "operation": change.operation,
                "location": change.location,
                "message": change.message,
                "pointer": change.pointer,
            })
        })
        .collect();
    let rust = match &report.rust {
        Ok(rust) => {
            let changes: Vec<serde_json::Value> = rust
                .changes
                .iter()
                .map(|change| {
                    serde_json::json!({
                        "level": change.level.as_str(),
                        "kind": change.kind,
                        "item": change.item,
                        "message": change.message,
                    })
                })
                .collect();
            serde_json::json!({
                "semver": rust.semver.as_str(),
                "compatible_on_wire_but_breaking_in_rust":
                    report.compatible_on_wire_but_breaking_in_rust(),
                "changes": changes,
            })
        }
        Err(unlowered) => {
            let sides: Vec<serde_json::Value> = unlowered
                .iter()
                .map(|side| {
                    let errors: Vec<serde_json::Value> = side
                        .errors
                        .iter()
                        .map(|error| {
                            serde_json::json!({
                                "pointer": error.pointer,
                                "line": error.line,
                                "message": error.message,
                            })
                        })
                        .collect();
                    serde_json::json!({"side": side.side.to_string(), "errors": errors})
                })
                .collect();
            serde_json::json!({
                "semver": null,
                "not_computed": sides,
            })
        }
    };
    let counts: serde_json::Map<String, serde_json::Value> = Level::ALL
        .iter()
        .map(|level| (level.as_str().to_owned(), report.count(*level).into()))
        .collect();
    let value = serde_json::json!({
        "old": report.old_api,
        "new": report.new_api,
        "wire": {
            "level": report.wire_level().map(Level::as_str),
            "counts": counts,
            "changes": changes,
        },
        "rust": rust,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Escapes the message of a workflow command.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions annotations: `::error` for breaking changes, `::warning` for possibly
/// breaking ones, `::notice` for compatible ones, then a notice with the Rust semver level.
pub fn github(report: &Report, spec: Option<&SpecFile<'_>>) -> String {
    let mut out = String::new();
    for (_, changes) in groups(&report.wire) {
        for change in changes {
            let command = match change.level() {
                Level::Breaking => "error",
                Level::PossiblyBreaking => "warning",
                Level::Compatible => "notice",
            };
            let mut properties = Vec::new();
            if let Some(spec) = spec {
                properties.push(format!("file={}", escape_property(spec.path)));
                if let Some(line) = change.pointer.as_deref().and_then(spec.line_of) {
                    properties.push(format!("line={line}"));
                }
            }
            properties.push(format!("title={}", escape_property(change.rule.id())));
            let mut text = group_label(change).to_owned();
            if !change.location.is_empty() {
                text.push(' ');
                text.push_str(&change.location);
            }
            let _ = writeln!(
                out,
                "::{command} {}::{}: {}",
                properties.join(","),
                escape_data(&text),
                escape_data(&change.message)
            );
        }
    }
    let rust = match &report.rust {
        Ok(rust) => rust,
        Err(unlowered) => {
            let mut text = unlowered_reason(unlowered);
            for side in unlowered {
                for error in side.errors.iter().take(SHOWN_PROBLEMS) {
                    let _ = write!(text, "\n{} spec: {error}", side.side);
                }
            }
            let _ = writeln!(
                out,
                "::warning title=rust-impact-not-computed::{}",
                escape_data(&text)
            );
            return out;
        }
    };
    let summary = format!(
        "The generated Rust crate needs a {} release ({}).",
        rust.semver,
        change_count(rust)
    );
    if report.compatible_on_wire_but_breaking_in_rust() {
        let _ = writeln!(
            out,
            "::warning title=rust-breaking-change::{}",
            escape_data(&format!(
                "Compatible on the wire but breaking in Rust. {summary}"
            ))
        );
    } else {
        let _ = writeln!(out, "::notice title=rust-semver::{}", escape_data(&summary));
    }
    out
}
