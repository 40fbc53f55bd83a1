//! The `Cargo.toml` of a standalone generated crate.

use crate::ir;

/// The dependencies generated code needs, with the versions it is built and tested with.
/// Kept in step with `[workspace.dependencies]` of this repository.
const MANIFEST_TEMPLATE: &str = r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = "{description}"
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

/// Renders the manifest for a crate named `name` generated from `api`.
pub fn cargo_toml(name: &str, api: &ir::Api, header: &str) -> String {
    let description = format!("Typed Rust bindings for {}.", api.title)
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let version = semver_or_default(&api.version);
    let body = MANIFEST_TEMPLATE
        .replace("{name}", name)
        .replace("{version}", &version)
        .replace("{description}", &description);
    format!("{header}{body}")
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
    use super::semver_or_default;

    #[test]
    fn versions_that_are_not_semver_fall_back() {
        assert_eq!(semver_or_default("2.1.0"), "2.1.0");
        assert_eq!(semver_or_default("1.1"), "0.1.0");
        assert_eq!(semver_or_default("v2"), "0.1.0");
        assert_eq!(semver_or_default("1..2"), "0.1.0");
    }
}
