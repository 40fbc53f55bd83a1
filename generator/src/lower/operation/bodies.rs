//! Request bodies, and the bodies by media type that requests and responses share.

use indexmap::IndexMap;
use openapiv3 as oa;

use super::media::{MediaKind, media_kind};
use crate::ir;
use crate::lower::schema::any_ty;
use crate::lower::{Cx, SRef, component_key, resolve_chain};
use crate::names;
use crate::pointer::push as push_pointer;

impl<'a> Cx<'a> {
    /// The request body of an operation; `None` (and an error) for a bad `$ref`.
    pub(super) fn lower_request_body(
        &mut self,
        pointer: &str,
        entry: &'a oa::ReferenceOr<oa::RequestBody>,
    ) -> Option<ir::RequestBody> {
        let (definition, body) = match entry {
            oa::ReferenceOr::Item(body) => (pointer.to_string(), body),
            oa::ReferenceOr::Reference { reference } => {
                let components = self.api.components.as_ref();
                match resolve_chain(
                    reference,
                    "request body",
                    |k| components.and_then(|c| c.request_bodies.get(k)),
                    |p| component_key(p, "requestBodies"),
                    &self.extra.request_bodies,
                ) {
                    Ok(found) => found,
                    Err(message) => {
                        self.error(pointer, message);
                        return None;
                    }
                }
            }
        };
        Some(ir::RequestBody {
            required: body.required,
            docs: ir::Docs {
                description: body.description.clone(),
                ..ir::Docs::default()
            },
            contents: self.lower_contents(&definition, &body.content),
        })
    }

    /// Bodies by media type: JSON first, then by media type, so that neither the order of
    /// the variants nor the names of inline body schemas depend on the spec's key order.
    pub(super) fn lower_contents(
        &mut self,
        definition: &str,
        content: &'a IndexMap<String, oa::MediaType>,
    ) -> Vec<ir::MediaContent> {
        let base = push_pointer(definition, "content");
        let mut entries: Vec<_> = content.iter().collect();
        entries.sort_by_key(|(media_type, _)| {
            (
                media_kind(media_type) != MediaKind::Json,
                media_type.as_str(),
            )
        });
        entries
            .into_iter()
            .map(|(media_type, media)| {
                let pointer = push_pointer(&push_pointer(&base, media_type), "schema");
                let kind = media_kind(media_type);
                if media_type.to_ascii_lowercase().starts_with("multipart/") {
                    self.warn(
                        &push_pointer(&base, media_type),
                        "multipart bodies are not encoded part by part: the generated code \
                         sends and receives them as raw bytes under this media type, without \
                         a boundary parameter",
                    );
                }
                let mut ty = || match &media.schema {
                    Some(schema) => self.use_ty(&pointer, schema.into()),
                    None => any_ty(),
                };
                let body = match kind {
                    MediaKind::Json => ir::BodyKind::Json(ty()),
                    MediaKind::Form => ir::BodyKind::Form(ty()),
                    MediaKind::Text => ir::BodyKind::Text(
                        self.text_constraints(&pointer, media.schema.as_ref().map(SRef::from)),
                    ),
                    MediaKind::Binary => ir::BodyKind::Binary,
                };
                ir::MediaContent {
                    media_type: media_type.clone(),
                    variant: names::media_variant(media_type),
                    body,
                }
            })
            .collect()
    }
}
