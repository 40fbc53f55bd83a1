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
use quote::quote;

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

pub fn option() -> TokenStream {
    if qualified() {
        quote!(::std::option::Option)
    } else {
        quote!(Option)
    }
}

pub fn some() -> TokenStream {
    if qualified() {
        quote!(::std::option::Option::Some)
    } else {
        quote!(Some)
    }
}

pub fn none() -> TokenStream {
    if qualified() {
        quote!(::std::option::Option::None)
    } else {
        quote!(None)
    }
}

pub fn result() -> TokenStream {
    if qualified() {
        quote!(::std::result::Result)
    } else {
        quote!(Result)
    }
}

pub fn ok() -> TokenStream {
    if qualified() {
        quote!(::std::result::Result::Ok)
    } else {
        quote!(Ok)
    }
}

pub fn err() -> TokenStream {
    if qualified() {
        quote!(::std::result::Result::Err)
    } else {
        quote!(Err)
    }
}

pub fn string() -> TokenStream {
    if qualified() {
        quote!(::std::string::String)
    } else {
        quote!(String)
    }
}

pub fn vec() -> TokenStream {
    if qualified() {
        quote!(::std::vec::Vec)
    } else {
        quote!(Vec)
    }
}

pub fn r#box() -> TokenStream {
    if qualified() {
        quote!(::std::boxed::Box)
    } else {
        quote!(Box)
    }
}
