//! Where the nodes that the upgrade of a 2.0 or 3.1 document moved stood in its source.

use std::borrow::Cow;
use std::collections::HashMap;

/// A map from the pointers of moved nodes in the upgraded document to their pointers in
/// the source. A pointer below a moved node keeps its path relative to that node, so that
/// one entry serves a whole subtree; the deepest recorded ancestor wins.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    moved: HashMap<String, String>,
}

impl Origins {
    /// Records that the node now at `upgraded` was written at `source`.
    pub(super) fn record(&mut self, upgraded: &str, source: &str) {
        if upgraded != source {
            self.moved.insert(upgraded.to_owned(), source.to_owned());
        }
    }

    /// The source pointer of the node at `pointer` in the upgraded document.
    pub fn source_of<'p>(&self, pointer: &'p str) -> Cow<'p, str> {
        if self.moved.is_empty() {
            return Cow::Borrowed(pointer);
        }
        let mut end = pointer.len();
        loop {
            let prefix = pointer.get(..end).unwrap_or(pointer);
            if let Some(source) = self.moved.get(prefix) {
                let rest = pointer.get(end..).unwrap_or("");
                return Cow::Owned(format!("{source}{rest}"));
            }
            match prefix.rfind('/') {
                Some(index) => end = index,
                None => return Cow::Borrowed(pointer),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deepest_moved_ancestor_names_the_source() {
        let mut origins = Origins::default();
        origins.record("#/components/schemas/Pet", "#/definitions/Pet");
        origins.record(
            "#/components/schemas/Pet/properties/tag",
            "#/definitions/Pet/properties/label",
        );
        assert_eq!(
            origins.source_of("#/components/schemas/Pet/required/0"),
            "#/definitions/Pet/required/0"
        );
        assert_eq!(
            origins.source_of("#/components/schemas/Pet/properties/tag/type"),
            "#/definitions/Pet/properties/label/type"
        );
        assert_eq!(
            origins.source_of("#/components/schemas/Pets"),
            "#/components/schemas/Pets"
        );
        assert_eq!(origins.source_of("#/paths"), "#/paths");
    }
}
