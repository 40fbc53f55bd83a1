//! How emitted code names the standard prelude's `Option`, `Result`, `String`, `Vec` and
//! `Box` and their variants: bare, unless a type of the API takes one of those names.
//!
//! Only `types.rs` defines the API's types, so only its emitter can meet a clash. It
//! calls [`scope`] for the API, and while the returned guard lives, the functions here
//! give fully qualified paths (`::std::option::Option`) on that thread if some type
//! shadows a prelude name. Everywhere else they give bare names, which the other modules
//! can use because they name the API's types as `crate::types::Name`.

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir;

/// Names that a type of the API would shadow within `types.rs`.
const SHADOWABLE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

thread_local! {
    static QUALIFIED: Cell<bool> = const { Cell::new(false) };
}

/// Restores the previous naming when dropped.
#[derive(Debug)]
pub struct Scope {
    previous: bool,
}

impl Drop for Scope {
    fn drop(&mut self) {
        QUALIFIED.with(|qualified| qualified.set(self.previous));
    }
}

/// Qualifies prelude names on this thread while the guard lives, if a type of `api`
/// shadows one of them.
pub fn scope(api: &ir::Api) -> Scope {
    let shadowed = api
        .types
        .iter()
        .any(|type_def| SHADOWABLE.contains(&type_def.name.as_str()));
    Scope {
        previous: QUALIFIED.with(|qualified| qualified.replace(shadowed)),
    }
}

fn qualified() -> bool {
    QUALIFIED.with(Cell::get)
}

/// Whether prelude names are bare on this thread now.
pub fn bare() -> bool {
    !qualified()
}

/// The last segment of `path` when prelude names are bare, else the whole path from `::`.
fn spelled(path: &[&str]) -> TokenStream {
    let idents = path.iter().map(|segment| format_ident!("{segment}"));
    match idents.clone().next_back() {
        Some(last) if !qualified() => quote!(#last),
        _ => quote!(#(::#idents)*),
    }
}

pub fn option() -> TokenStream {
    spelled(&["std", "option", "Option"])
}

pub fn some() -> TokenStream {
    spelled(&["std", "option", "Option", "Some"])
}

pub fn none() -> TokenStream {
    spelled(&["std", "option", "Option", "None"])
}

pub fn result() -> TokenStream {
    spelled(&["std", "result", "Result"])
}

pub fn ok() -> TokenStream {
    spelled(&["std", "result", "Result", "Ok"])
}

pub fn err() -> TokenStream {
    spelled(&["std", "result", "Result", "Err"])
}

pub fn string() -> TokenStream {
    spelled(&["std", "string", "String"])
}

pub fn vec() -> TokenStream {
    spelled(&["std", "vec", "Vec"])
}

pub fn r#box() -> TokenStream {
    spelled(&["std", "boxed", "Box"])
}
