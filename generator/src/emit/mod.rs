//! Emitting: the IR turned into token streams, one small function per kind of item.
//!
//! This is the only stage that uses `quote!`. Emitted code names everything outside its
//! own module by a path from the crate root (`crate::types::Name`, `::serde::Serialize`),
//! the runtime modules by names each module imports (`validation::Validate`) and the
//! standard prelude bare where no type of the API shadows it (see [`prelude`]). It never
//! panics on input data and depends only on the IR. Each emitter is given a [`context::Cx`]
//! that holds where doc text goes and how the prelude is spelled.
//!
//! - [`files`]: the list of files of a generated crate and how each is emitted.
//! - [`crate_root`]: `lib.rs`, the crate documentation and its modules.
//! - [`types`]: `types.rs`, the models, by kind (structs, enums, unions).
//! - [`operations`]: `operations.rs`, requests and responses per operation.
//! - [`results`]: each operation's `Success`, `Failure` and `Response::into_result`.
//! - [`client`]: `client.rs`, the async client.
//! - [`server`]: `server.rs`, server traits and the axum router.
//! - [`validate`]: the statements that check a value against its constraints.
//! - [`spelling`]: identifiers and the Rust type of each use of a type.
//! - [`literals`]: numbers and JSON values as Rust expressions.
//! - [`defaults`]: field default values as Rust expressions.
//! - [`analysis`]: which types have anything to validate.
//! - [`docs`]: doc comments from spec text, and where their text goes.
//! - [`prelude`]: how `Option`, `String` and the other prelude names are spelled.
//! - [`context`]: what every emitter is given besides the IR.

pub mod analysis;
pub mod client;
pub mod context;
pub mod crate_root;
pub mod defaults;
pub mod docs;
pub mod files;
pub mod literals;
pub mod operations;
pub mod prelude;
pub mod results;
pub mod server;
pub mod spelling;
pub mod types;
pub mod validate;
