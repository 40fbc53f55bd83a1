//! How emitted code names the standard prelude's `Option`, `Result`, `String`, `Vec`,
//! `Box` and `Into`, and the variants: bare, unless a type of the API takes one of those names.
//!
//! Only `types.rs` defines the API's types, so only its emitter can meet a clash: it
//! spells the prelude with [`Prelude::for_types`], which gives fully qualified paths
//! (`::std::option::Option`) when some type shadows a prelude name. Every other module
//! uses [`Prelude::BARE`], as they name the API's types as `crate::types::Name`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir;

/// Names that a type of the API would shadow within `types.rs`.
const SHADOWABLE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Into",
];

/// How one module spells the prelude's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prelude {
    qualified: bool,
}

impl Prelude {
    /// Bare names, for modules where no type of the API is in scope.
    pub const BARE: Self = Self { qualified: false };

    /// The spelling for `types.rs`: fully qualified if a type of `api` shadows a prelude
    /// name, else bare. The types are sorted by name, so each name is a binary search
    /// (every part of `types.rs` asks).
    pub fn for_types(api: &ir::Api) -> Self {
        let qualified = SHADOWABLE.iter().any(|name| {
            api.types
                .binary_search_by(|type_def| type_def.name.as_str().cmp(name))
                .is_ok()
        });
        Self { qualified }
    }

    /// Whether prelude names are bare.
    pub fn bare(self) -> bool {
        !self.qualified
    }

    /// The last segment of `path` when prelude names are bare, else the whole path from `::`.
    fn spelled(self, path: &[&str]) -> TokenStream {
        let idents = path.iter().map(|segment| format_ident!("{segment}"));
        match idents.clone().next_back() {
            Some(last) if !self.qualified => quote!(#last),
            _ => quote!(#(::#idents)*),
        }
    }

    pub fn option(self) -> TokenStream {
        self.spelled(&["std", "option", "Option"])
    }

    pub fn some(self) -> TokenStream {
        self.spelled(&["std", "option", "Option", "Some"])
    }

    pub fn none(self) -> TokenStream {
        self.spelled(&["std", "option", "Option", "None"])
    }

    pub fn result(self) -> TokenStream {
        self.spelled(&["std", "result", "Result"])
    }

    pub fn ok(self) -> TokenStream {
        self.spelled(&["std", "result", "Result", "Ok"])
    }

    pub fn err(self) -> TokenStream {
        self.spelled(&["std", "result", "Result", "Err"])
    }

    pub fn string(self) -> TokenStream {
        self.spelled(&["std", "string", "String"])
    }

    pub fn vec(self) -> TokenStream {
        self.spelled(&["std", "vec", "Vec"])
    }

    pub fn r#box(self) -> TokenStream {
        self.spelled(&["std", "boxed", "Box"])
    }

    pub fn into(self) -> TokenStream {
        self.spelled(&["std", "convert", "Into"])
    }
}
