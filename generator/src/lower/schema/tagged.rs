//! `oneOf` with a discriminator: one variant per tag value, from the mapping or from the
//! branches.

use std::collections::BTreeSet;

use openapiv3 as oa;
use serde_json::Value;

use super::flat::flat;
use super::plan::Plan;
use crate::ir;
use crate::lower::{Cx, SRef};
use crate::names::{self, NameSet};
use crate::pointer::push as push_pointer;

impl<'a> Cx<'a> {
    /// Whether the schema is lowered as a struct.
    fn is_struct(&mut self, pointer: &str, schema: &'a oa::Schema) -> bool {
        matches!(self.plan(pointer, schema), Plan::Struct)
    }

    /// `oneOf` with a discriminator: one variant per tag value.
    pub(super) fn tagged(
        &mut self,
        pointer: &str,
        branches: &'a [oa::ReferenceOr<oa::Schema>],
        keyword: &str,
        discriminator: &'a oa::Discriminator,
    ) -> ir::TypeKind {
        let tag = discriminator.property_name.clone();
        let mut all = self.mapped_variants(pointer, discriminator);
        let mapped_targets: BTreeSet<String> =
            all.iter().map(|(_, target)| target.clone()).collect();
        all.extend(self.implicit_variants(pointer, branches, keyword, &tag, &mapped_targets));
        all.sort();
        let mut seen = BTreeSet::new();
        let mut set = NameSet::new();
        let mut variants = Vec::new();
        for (value, target) in all {
            if !seen.insert(value.clone()) {
                self.error(
                    pointer,
                    format!("tag value {value:?} selects more than one schema"),
                );
                continue;
            }
            set.add(&names::variant_name(&value), &value);
            variants.push((value, target));
        }
        let rust_names = set.resolve();
        ir::TypeKind::Tagged(ir::TaggedUnion {
            tag,
            variants: variants
                .into_iter()
                .map(|(value, target)| ir::TaggedVariant {
                    name: ir::Name {
                        rust: rust_names
                            .get(&value)
                            .cloned()
                            .unwrap_or_else(|| names::variant_name(&value)),
                        wire: value,
                    },
                    type_name: target,
                })
                .collect(),
        })
    }

    /// The `(tag value, target pointer)` pairs of the discriminator's `mapping`, sorted by
    /// value; bad targets are reported and left out.
    fn mapped_variants(
        &mut self,
        pointer: &str,
        discriminator: &'a oa::Discriminator,
    ) -> Vec<(String, String)> {
        let mapping_pointer = push_pointer(&push_pointer(pointer, "discriminator"), "mapping");
        let mut mapped: Vec<(String, String)> = Vec::new();
        // By tag value, so that the variants do not depend on the mapping's key order.
        let mut mapping: Vec<_> = discriminator.mapping.iter().collect();
        mapping.sort();
        for (value, target) in mapping {
            let at = push_pointer(&mapping_pointer, value);
            let reference = if target.starts_with('#') {
                target.clone()
            } else if !target.contains('/') && !target.contains('.') {
                push_pointer("#/components/schemas", target)
            } else {
                self.error(
                    &at,
                    format!("mapping target {target:?} is not a reference inside the document"),
                );
                continue;
            };
            let (target_pointer, schema) = match self.resolve_schema(&reference) {
                Ok(found) => found,
                Err(message) => {
                    self.error(&at, message);
                    continue;
                }
            };
            if !self.is_struct(&target_pointer, schema) {
                self.error(
                    &at,
                    format!("mapping target {target:?} is not an object schema with properties"),
                );
                continue;
            }
            self.ensure_type(&target_pointer, schema);
            mapped.push((value.clone(), target_pointer));
        }
        mapped
    }

    /// The `(tag value, target pointer)` pairs of the branches the mapping does not name,
    /// each with its implicit tag value.
    fn implicit_variants(
        &mut self,
        pointer: &str,
        branches: &'a [oa::ReferenceOr<oa::Schema>],
        keyword: &str,
        tag: &str,
        mapped_targets: &BTreeSet<String>,
    ) -> Vec<(String, String)> {
        let mut implicit: Vec<(String, String)> = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let branch_pointer = push_pointer(&push_pointer(pointer, keyword), &index.to_string());
            let sref = SRef::from(branch);
            if self.is_null_schema(sref) {
                continue;
            }
            let Some((target, schema)) = self.resolve_sref(&branch_pointer, sref) else {
                continue;
            };
            if !self.is_struct(&target, schema) {
                self.error(
                    &branch_pointer,
                    "a branch of a `oneOf` with a discriminator must be an object schema \
                     with properties",
                );
                continue;
            }
            self.ensure_type(&target, schema);
            if mapped_targets.contains(&target) {
                continue;
            }
            // A tag property that allows one value decides; a referenced schema's name is
            // the implicit value otherwise (a value the schema could never validate with a
            // one-value tag would be useless).
            let value = match sref {
                SRef::Ref(_) => self
                    .tag_value_of(&target, schema, tag)
                    .or_else(|| crate::pointer::segments(&target).pop()),
                SRef::Item(schema) => self.tag_value_of(&target, schema, tag),
            };
            match value {
                Some(value) => implicit.push((value, target)),
                None => self.error(
                    &branch_pointer,
                    format!(
                        "inline branch needs a discriminator mapping entry or a one-value \
                         `enum` for its `{tag}` property"
                    ),
                ),
            }
        }
        implicit
    }

    /// The single `enum` value of property `tag` in an object, `allOf` parts included.
    fn tag_value_of(&mut self, pointer: &str, schema: &'a oa::Schema, tag: &str) -> Option<String> {
        let mut parts = Vec::new();
        self.collect_parts(pointer, schema, &mut parts, &mut Vec::new());
        let property = parts
            .iter()
            .rev()
            .find_map(|(_, part)| flat(part).properties.and_then(|p| p.get(tag)))?;
        let tag_schema = match property {
            oa::ReferenceOr::Item(s) => &**s,
            oa::ReferenceOr::Reference { reference } => self.resolve_schema(reference).ok()?.1,
        };
        let tf = flat(tag_schema);
        match tf.values().as_slice() {
            [Value::String(value)] => Some(value.clone()),
            _ => None,
        }
    }
}
