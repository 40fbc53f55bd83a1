//! Keeping a directory in step with generated files: write what changed, find what is stale.
//!
//! Everything under the directory's `src/` is generated: a file there that the generator
//! does not make is removed by [`write`] and reported by [`stale`].

use std::collections::BTreeSet;
use std::fmt;
use std::fs;
use std::path::Path;

use anyhow::Context;
use generator::OutputFile;

/// What a write did.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Report {
    /// Prints each written and removed file and the counts, with paths under `dir`.
    pub fn print(&self, dir: &str) {
        for path in &self.written {
            println!("wrote {dir}/{path}");
        }
        for path in &self.removed {
            println!("removed {dir}/{path}");
        }
        println!(
            "{dir}: {} written, {} removed, {} unchanged",
            self.written.len(),
            self.removed.len(),
            self.unchanged
        );
    }
}

/// A file that is not what the generator makes.
#[derive(Debug)]
pub struct Stale {
    /// The path relative to the directory, e.g. `src/types.rs`.
    pub path: String,
    pub kind: StaleKind,
    /// A unified diff of at most 40 lines, when the file exists on both sides.
    pub diff: Option<String>,
}

/// How a [`Stale`] file differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaleKind {
    /// On disk with other contents.
    Differs,
    /// Generated but not on disk.
    Missing,
    /// Under `src/` on disk but not generated.
    Extra,
}

impl fmt::Display for StaleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StaleKind::Differs => "stale",
            StaleKind::Missing => "missing",
            StaleKind::Extra => "extra",
        })
    }
}

/// Writes `files` under `dir`, touching only files whose bytes change, and removes the
/// files under `src/` that are not among them.
pub fn write(dir: &Path, files: &[OutputFile]) -> anyhow::Result<Report> {
    let mut report = Report::default();
    for file in files {
        let path = dir.join(&file.path);
        if fs::read(&path).ok().as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, &file.contents).with_context(|| format!("writing {}", path.display()))?;
        report.written.push(file.path.clone());
    }
    for extra in extra_files(dir, files)? {
        let path = dir.join(&extra);
        fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        report.removed.push(extra);
    }
    Ok(report)
}

/// The files under `dir` that differ from `files`, are missing, or should not be there.
pub fn stale(dir: &Path, files: &[OutputFile]) -> anyhow::Result<Vec<Stale>> {
    let mut stale = Vec::new();
    for file in files {
        match fs::read_to_string(dir.join(&file.path)) {
            Ok(current) if current == file.contents => {}
            Ok(current) => stale.push(Stale {
                path: file.path.clone(),
                kind: StaleKind::Differs,
                diff: Some(short_diff(&current, &file.contents, &file.path)),
            }),
            Err(_) => stale.push(Stale {
                path: file.path.clone(),
                kind: StaleKind::Missing,
                diff: None,
            }),
        }
    }
    for extra in extra_files(dir, files)? {
        stale.push(Stale {
            path: extra,
            kind: StaleKind::Extra,
            diff: None,
        });
    }
    Ok(stale)
}

/// Files under `dir/src` that are not among `files`, sorted.
fn extra_files(dir: &Path, files: &[OutputFile]) -> anyhow::Result<Vec<String>> {
    let expected: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let mut found = Vec::new();
    collect_files(&dir.join("src"), "src", &mut found)?;
    found.sort();
    Ok(found
        .into_iter()
        .filter(|path| !expected.contains(path.as_str()))
        .collect())
}

/// Every file below `dir`, as `prefix/...` paths with `/` separators.
fn collect_files(dir: &Path, prefix: &str, out: &mut Vec<String>) -> anyhow::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error).with_context(|| format!("listing {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}/{name}");
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &relative, out)?;
        } else {
            out.push(relative);
        }
    }
    Ok(())
}

/// A unified diff of at most 40 lines, enough to see what changed.
fn short_diff(current: &str, expected: &str, path: &str) -> String {
    let diff = similar::TextDiff::from_lines(current, expected);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (checked in)"),
            &format!("{path} (generated)"),
        )
        .to_string();
    let mut lines: Vec<&str> = text.lines().take(41).collect();
    if lines.len() > 40 {
        lines.truncate(40);
        lines.push("...");
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> OutputFile {
        OutputFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    /// A scratch directory of this test process, emptied first.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn stale_reports_differing_missing_and_extra_files_and_write_fixes_them() {
        let dir = scratch("sync-stale");
        let files = [file("src/lib.rs", "new\n"), file("src/a/b.rs", "b\n")];
        for (path, contents) in [
            ("src/lib.rs", "old\n"),
            ("src/gone.rs", "x"),
            ("README", "r"),
        ] {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().expect("a parent")).expect("creates");
            fs::write(path, contents).expect("writes");
        }
        let found = stale(&dir, &files).expect("compares");
        let kinds: Vec<(&str, StaleKind)> = found
            .iter()
            .map(|file| (file.path.as_str(), file.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("src/lib.rs", StaleKind::Differs),
                ("src/a/b.rs", StaleKind::Missing),
                ("src/gone.rs", StaleKind::Extra),
            ]
        );
        assert!(
            found[0]
                .diff
                .as_deref()
                .is_some_and(|d| d.contains("-old\n+new"))
        );
        let report = write(&dir, &files).expect("writes");
        assert_eq!(report.written, ["src/lib.rs", "src/a/b.rs"]);
        assert_eq!(report.removed, ["src/gone.rs"]);
        assert!(stale(&dir, &files).expect("compares").is_empty());
        assert!(
            dir.join("README").exists(),
            "files outside src/ are left alone"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
