//! Emitting: the IR turned into token streams, one small function per kind of item.
//!
//! This is the only stage that uses `quote!`. Emitted code names everything outside its
//! own module by a path from the crate root (`crate::types::Name`, `::serde::Serialize`),
//! the runtime modules by names each module imports (`validation::Validate`) and the
//! standard prelude bare where no type of the API shadows it (see [`prelude`]). It never
//! panics on input data and depends only on the IR.
//!
//! - [`types`]: `types.rs` (models) and the Rust spelling of a type use.
//! - [`validate`]: the statements that check a value against its constraints.
//! - [`docs`]: doc comments from spec text.
//! - [`defaults`]: field default values as Rust expressions.
//! - [`analysis`]: which fields must be boxed, which types have checks.
//! - [`prelude`]: how `Option`, `String` and the other prelude names are spelled.
//! - [`operations`]: `operations.rs`, requests and responses per operation.
//! - [`client`]: `client.rs`, the async client.
//! - [`server`]: `server.rs`, server traits and the axum router.
//! - [`files`]: the list of files of a generated crate.

pub mod analysis;
pub mod client;
pub mod defaults;
pub mod docs;
pub mod files;
pub mod operations;
pub mod prelude;
pub mod server;
pub mod types;
pub mod validate;

use proc_macro2::TokenStream;

use crate::ir;

/// The whole `types.rs` of the generated crate, module docs included.
pub fn emit_types(api: &ir::Api) -> TokenStream {
    types::emit_types(api)
}
