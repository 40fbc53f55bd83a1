//! Keeping a directory in step with generated files: write what changed, find what is stale.

use std::collections::BTreeSet;
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

/// A file that differs from what the generator makes.
#[derive(Debug)]
pub struct Stale {
    pub path: String,
    /// The first lines of a unified diff, when the file exists on both sides.
    pub diff: Option<String>,
}

/// Writes `files` under `dir`, touching only files whose bytes change, and removes
/// generated `.rs` files under `src/` that the generator no longer makes.
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
                diff: Some(short_diff(&current, &file.contents, &file.path)),
            }),
            Err(_) => stale.push(Stale {
                path: file.path.clone(),
                diff: None,
            }),
        }
    }
    for extra in extra_files(dir, files)? {
        stale.push(Stale {
            path: extra,
            diff: None,
        });
    }
    Ok(stale)
}

/// Files under `dir/src` the generator would not write: everything in `src/` is generated.
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
