//! The list of files a generated crate has, and how each is emitted.

use std::collections::BTreeSet;
use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::analysis::Analysis;
use crate::emit::context::{Cx, DocText};
use crate::emit::prelude::Prelude;
use crate::emit::{client, crate_root, operations, server, types};
use crate::ir;

/// Emits one file's code from the API and the crate name. A plain function, so that
/// files can be emitted and rendered on separate threads (token streams cannot cross
/// threads, the IR can).
pub type Emitter = fn(&mut Cx, &ir::Api, &str) -> TokenStream;

/// What a generated file holds before rendering.
#[derive(Debug)]
pub enum Contents {
    /// Code to emit, then format with `render`.
    Code(Emitter),
    /// Code made of independent units (named types, operations), which can be emitted and
    /// rendered in parts on separate threads and joined in order.
    Parts(PartsEmitter),
    /// Hand-written runtime support, copied as it is.
    Text(&'static str),
}

/// What the units of a part leave for the head and the tail of their file: the patterns
/// their checks use.
pub type FrameInput = BTreeSet<String>;

/// A file made of a head, a run of units that each depend only on the API, and a tail.
/// Emitting the units of consecutive ranges apart and joining them in order gives the same
/// items as emitting them all at once; the head and the tail are emitted last, from what
/// the units left for them (see [`FrameInput`]).
#[derive(Debug, Clone, Copy)]
pub struct PartsEmitter {
    /// How many units the file has.
    pub units: fn(&ir::Api) -> usize,
    /// The units in a range, and what they leave for the frame. Every part is given the
    /// same analysis of the API's types, worked out once.
    units_in: fn(&mut Cx, &ir::Api, &Analysis<'_>, Range<usize>) -> (TokenStream, FrameInput),
    /// The head and the tail, given what all units left for them.
    frame: fn(&mut Cx, &ir::Api, &Analysis<'_>, &FrameInput) -> (TokenStream, TokenStream),
}

impl PartsEmitter {
    /// The units in `range`, and what they leave for the frame.
    pub fn emit_units(
        &self,
        cx: &mut Cx,
        api: &ir::Api,
        analysis: &Analysis<'_>,
        range: Range<usize>,
    ) -> (TokenStream, FrameInput) {
        (self.units_in)(cx, api, analysis, range)
    }

    /// The head and the tail of the file, from what the units of every part left for
    /// them, in any order.
    pub fn emit_frame(
        &self,
        cx: &mut Cx,
        api: &ir::Api,
        analysis: &Analysis<'_>,
        inputs: impl IntoIterator<Item = FrameInput>,
    ) -> (TokenStream, TokenStream) {
        let mut patterns = FrameInput::new();
        for input in inputs {
            patterns.extend(input);
        }
        (self.frame)(cx, api, analysis, &patterns)
    }

    /// `count` consecutive ranges of units covering the file's units, as even as possible;
    /// fewer when there are fewer units.
    pub fn ranges(&self, api: &ir::Api, count: usize) -> Vec<Range<usize>> {
        let units = (self.units)(api);
        let count = count.clamp(1, units.max(1));
        (0..count)
            .map(|index| units * index / count..units * (index + 1) / count)
            .collect()
    }
}

/// One file of the generated crate, relative to `src/`.
#[derive(Debug)]
pub struct EmittedFile {
    pub path: &'static str,
    /// How the file spells the standard prelude, given the API.
    prelude: fn(&ir::Api) -> Prelude,
    pub contents: Contents,
}

impl EmittedFile {
    /// A context to emit the file (or a part of it) in, its doc text going to `docs`.
    pub fn cx(&self, api: &ir::Api, docs: DocText) -> Cx {
        let prelude = (self.prelude)(api);
        match docs {
            DocText::Collected => Cx::collecting(prelude),
            DocText::Inline => Cx::inline(prelude),
        }
    }
}

/// Hand-written runtime modules shipped inside every generated crate, with the Cargo
/// feature (if any) that gates each.
const RUNTIME: &[(&str, Option<&str>, &str)] = &[
    (
        "runtime/base64.rs",
        None,
        include_str!("../../runtime/base64.rs"),
    ),
    (
        "runtime/fields.rs",
        None,
        include_str!("../../runtime/fields.rs"),
    ),
    (
        "runtime/params.rs",
        None,
        include_str!("../../runtime/params.rs"),
    ),
    (
        "runtime/status.rs",
        None,
        include_str!("../../runtime/status.rs"),
    ),
    (
        "runtime/validation.rs",
        None,
        include_str!("../../runtime/validation.rs"),
    ),
    (
        "runtime/client.rs",
        Some("client"),
        include_str!("../../runtime/client.rs"),
    ),
    (
        "runtime/server.rs",
        Some("server"),
        include_str!("../../runtime/server.rs"),
    ),
];

/// Every file of a crate generated from an API.
pub fn all() -> Vec<EmittedFile> {
    let bare = |_: &ir::Api| Prelude::BARE;
    let mut files = vec![
        EmittedFile {
            path: "lib.rs",
            prelude: bare,
            contents: Contents::Code(crate_root::crate_root),
        },
        EmittedFile {
            path: "types.rs",
            prelude: Prelude::for_types,
            contents: Contents::Parts(PartsEmitter {
                units: |api| api.types.len(),
                units_in: types::emit_types_in,
                frame: types::emit_types_frame,
            }),
        },
        EmittedFile {
            path: "operations.rs",
            prelude: bare,
            contents: Contents::Parts(PartsEmitter {
                units: |api| api.operations.len(),
                units_in: |cx, api, _, range| operations::emit_operations_in(cx, api, range),
                frame: |_, _, _, patterns| operations::emit_operations_frame(patterns),
            }),
        },
        EmittedFile {
            path: "client.rs",
            prelude: bare,
            contents: Contents::Code(|cx, api, _| client::emit_client(cx, api)),
        },
        EmittedFile {
            path: "server.rs",
            prelude: bare,
            contents: Contents::Code(|cx, api, _| server::emit_server(cx, api)),
        },
        EmittedFile {
            path: "runtime/mod.rs",
            prelude: bare,
            contents: Contents::Code(|_, _, _| runtime_root()),
        },
    ];
    for (path, _, text) in RUNTIME {
        files.push(EmittedFile {
            path,
            prelude: bare,
            contents: Contents::Text(text),
        });
    }
    files
}

/// `runtime/mod.rs`: declares the runtime modules, gated by feature.
fn runtime_root() -> TokenStream {
    let modules = RUNTIME.iter().map(|(path, feature, _)| {
        let name = path.trim_start_matches("runtime/").trim_end_matches(".rs");
        let ident = quote::format_ident!("{}", name);
        match feature {
            Some(feature) => quote! {
                #[cfg(feature = #feature)]
                pub mod #ident;
            },
            None => quote! { pub mod #ident; },
        }
    });
    quote! {
        //! Hand-written support code that the generated modules build on.
        #(#modules)*
    }
}
