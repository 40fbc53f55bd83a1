//! The `Cargo.toml` of a standalone generated crate, written with a TOML library
//! (`toml_edit`): the spec's title, version and the crate name are set as TOML values, so
//! that any text (a folded title with newlines, control characters, quotes) is escaped as
//! TOML needs, and the fixed template keeps its layout.

use toml_edit::{DocumentMut, value};

use crate::ir;

/// The dependencies generated code needs, with the versions it is built and tested with.
/// Kept in step with `[workspace.dependencies]` of this repository.
/// `name`, `version` and `description` are set by [`cargo_toml`].
const MANIFEST_TEMPLATE: &str = r#"[package]
name = ""
version = ""
edition = "2024"
rust-version = "1.85"
description = ""
publish = false

[features]
default = ["client", "server"]
client = ["dep:reqwest", "dep:tokio", "dep:fastrand"]
server = ["dep:axum", "dep:tower", "dep:tower-http", "dep:tokio", "dep:futures-util"]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std", "clock"] }
uuid = { version = "1", features = ["serde"] }
base64 = "0.22"
regex = "1"
form_urlencoded = "1"
percent-encoding = "2"
bytes = "1"
http = "1"
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "gzip", "http2"], optional = true }
tokio = { version = "1", features = ["rt-multi-thread", "macros", "time", "net", "sync", "signal"], optional = true }
fastrand = { version = "2", optional = true }
axum = { version = "0.8", default-features = false, features = ["tokio", "http1", "http2", "query", "json"], optional = true }
tower = { version = "0.5", features = ["util"], optional = true }
tower-http = { version = "0.6", features = ["compression-gzip", "decompression-gzip", "limit", "catch-panic", "request-id", "util"], optional = true }
futures-util = { version = "0.3", default-features = false, features = ["std"], optional = true }
"#;

/// Renders the manifest for a crate named `name` generated from `api`, under `header` (a
/// comment; each of its lines is made a TOML comment).
pub fn cargo_toml(name: &str, api: &ir::Api, header: &str) -> String {
    // The template is TOML (a test checks it), so the fallback is never taken.
    let mut manifest: DocumentMut = MANIFEST_TEMPLATE.parse().unwrap_or_default();
    let package = &mut manifest["package"];
    package["name"] = value(name);
    package["version"] = value(semver_or_default(&api.version));
    package["description"] = value(format!("Typed Rust bindings for {}.", api.title));
    format!("{}{manifest}", comment(header))
}

/// `text` as TOML comment lines: each line starts with `#`, and control characters, which
/// a comment may not hold, become spaces.
fn comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line: String = line
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        if !line.starts_with('#') {
            out.push_str("# ");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The spec's `info.version` when it is a plain `MAJOR.MINOR.PATCH`, else `0.1.0`.
fn semver_or_default(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()));
    if numeric {
        version.to_owned()
    } else {
        "0.1.0".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::{MANIFEST_TEMPLATE, comment, semver_or_default};

    #[test]
    fn the_template_is_toml() {
        let template: Result<toml_edit::DocumentMut, _> = MANIFEST_TEMPLATE.parse();
        assert!(template.is_ok(), "{template:?}");
    }

    #[test]
    fn comments_stay_comments() {
        assert_eq!(comment("# a\n"), "# a\n");
        assert_eq!(comment("# a\nb\r\u{7}c\n"), "# a\n# b  c\n");
    }

    #[test]
    fn versions_that_are_not_semver_fall_back() {
        assert_eq!(semver_or_default("2.1.0"), "2.1.0");
        assert_eq!(semver_or_default("1.1"), "0.1.0");
        assert_eq!(semver_or_default("v2"), "0.1.0");
        assert_eq!(semver_or_default("1..2"), "0.1.0");
    }
}
