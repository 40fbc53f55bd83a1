//! The list of files a generated crate has, and how each is emitted.

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

/// A file made of a head, a run of units that each depend only on the API, and a tail
/// that depends only on the API too. Emitting the units of consecutive ranges apart and
/// joining them in order gives the same items as emitting them all at once.
#[derive(Debug, Clone, Copy)]
pub struct PartsEmitter {
    /// How many units the file has.
    pub units: fn(&ir::Api) -> usize,
    /// The units in a range. Every part is given the same analysis of the API's types,
    /// worked out once.
    units_in: fn(&mut Cx, &ir::Api, &Analysis<'_>, Range<usize>) -> TokenStream,
    /// The head and the tail.
    frame: fn(&mut Cx, &ir::Api, &Analysis<'_>) -> (TokenStream, TokenStream),
}

impl PartsEmitter {
    /// The units in `range`.
    pub fn emit_units(
        &self,
        cx: &mut Cx,
        api: &ir::Api,
        analysis: &Analysis<'_>,
        range: Range<usize>,
    ) -> TokenStream {
        (self.units_in)(cx, api, analysis, range)
    }

    /// The head and the tail of the file.
    pub fn emit_frame(
        &self,
        cx: &mut Cx,
        api: &ir::Api,
        analysis: &Analysis<'_>,
    ) -> (TokenStream, TokenStream) {
        (self.frame)(cx, api, analysis)
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

/// Hand-written runtime files shipped inside every generated crate, relative to `src/`, with
/// the Cargo feature (if any) that gates the module each belongs to. A module of several
/// files is a directory whose `mod.rs` declares the others.
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
        "runtime/outcome.rs",
        None,
        include_str!("../../runtime/outcome.rs"),
    ),
    (
        "runtime/params/mod.rs",
        None,
        include_str!("../../runtime/params/mod.rs"),
    ),
    (
        "runtime/params/style.rs",
        None,
        include_str!("../../runtime/params/style.rs"),
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
        "runtime/client/mod.rs",
        Some("client"),
        include_str!("../../runtime/client/mod.rs"),
    ),
    (
        "runtime/client/call.rs",
        Some("client"),
        include_str!("../../runtime/client/call.rs"),
    ),
    (
        "runtime/client/config.rs",
        Some("client"),
        include_str!("../../runtime/client/config.rs"),
    ),
    (
        "runtime/client/decode.rs",
        Some("client"),
        include_str!("../../runtime/client/decode.rs"),
    ),
    (
        "runtime/client/error.rs",
        Some("client"),
        include_str!("../../runtime/client/error.rs"),
    ),
    (
        "runtime/client/retry.rs",
        Some("client"),
        include_str!("../../runtime/client/retry.rs"),
    ),
    (
        "runtime/client/transport.rs",
        Some("client"),
        include_str!("../../runtime/client/transport.rs"),
    ),
    (
        "runtime/server/mod.rs",
        Some("server"),
        include_str!("../../runtime/server/mod.rs"),
    ),
    (
        "runtime/server/auth.rs",
        Some("server"),
        include_str!("../../runtime/server/auth.rs"),
    ),
    (
        "runtime/server/context.rs",
        Some("server"),
        include_str!("../../runtime/server/context.rs"),
    ),
    (
        "runtime/server/decode.rs",
        Some("server"),
        include_str!("../../runtime/server/decode.rs"),
    ),
    (
        "runtime/server/guard.rs",
        Some("server"),
        include_str!("../../runtime/server/guard.rs"),
    ),
    (
        "runtime/server/input.rs",
        Some("server"),
        include_str!("../../runtime/server/input.rs"),
    ),
    (
        "runtime/server/problem.rs",
        Some("server"),
        include_str!("../../runtime/server/problem.rs"),
    ),
    (
        "runtime/server/rejection.rs",
        Some("server"),
        include_str!("../../runtime/server/rejection.rs"),
    ),
    (
        "runtime/server/responder.rs",
        Some("server"),
        include_str!("../../runtime/server/responder.rs"),
    ),
    (
        "runtime/server/response.rs",
        Some("server"),
        include_str!("../../runtime/server/response.rs"),
    ),
    (
        "runtime/server/router.rs",
        Some("server"),
        include_str!("../../runtime/server/router.rs"),
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
                frame: |_, api, _| operations::emit_operations_frame(api),
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
    let modules = RUNTIME.iter().filter_map(|(path, feature, _)| {
        let name = runtime_module(path)?;
        let ident = quote::format_ident!("{}", name);
        Some(match feature {
            Some(feature) => quote! {
                #[cfg(feature = #feature)]
                pub mod #ident;
            },
            None => quote! { pub mod #ident; },
        })
    });
    quote! {
        //! Hand-written support code that the generated modules build on.
        #(#modules)*
    }
}

/// The module that `runtime/mod.rs` declares for a runtime file: `name` for
/// `runtime/name.rs` and `runtime/name/mod.rs`; `None` for the other files of a directory,
/// which its `mod.rs` declares.
fn runtime_module(path: &str) -> Option<&str> {
    let relative = path.strip_prefix("runtime/")?;
    match relative.strip_suffix("/mod.rs") {
        Some(directory) => Some(directory),
        None if relative.contains('/') => None,
        None => relative.strip_suffix(".rs"),
    }
}
