//! What every emitter of one file is given besides the IR: where its doc text goes and how
//! it spells the standard prelude.

use crate::emit::docs::DocSink;
use crate::emit::prelude::Prelude;

/// The context of emitting one file (or one part of a file made of units).
#[derive(Debug)]
pub struct Cx {
    /// Where the file's doc text goes.
    pub docs: DocSink,
    /// How the file spells `Option`, `String` and the other prelude names.
    pub prelude: Prelude,
}

impl Cx {
    /// A context that collects doc text beside the tokens (see [`DocSink::collecting`]).
    pub fn collecting(prelude: Prelude) -> Self {
        Self {
            docs: DocSink::collecting(),
            prelude,
        }
    }

    /// A context that puts doc text in the attributes themselves.
    pub fn inline(prelude: Prelude) -> Self {
        Self {
            docs: DocSink::inline(),
            prelude,
        }
    }
}

/// Where the doc text of emitted code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocText {
    /// Collected beside the tokens, with placeholders in the attributes.
    Collected,
    /// In the attributes themselves.
    Inline,
}
