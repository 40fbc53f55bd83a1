//! Schemas of `components/schemas` added, removed or renamed.

use std::collections::BTreeMap;

use super::place::Place;
use super::value::{Ctx, named_ty};
use super::{Rule, Walk};
use crate::ir;

impl<'a> Walk<'a> {
    /// Schemas of `components/schemas` added, removed or renamed.
    pub(super) fn schemas(&mut self) {
        self.start(None, None);
        let old_schemas = schema_map(self.old_api);
        let new_schemas = schema_map(self.new_api);
        let removed: Vec<(&str, &ir::TypeDef)> = old_schemas
            .iter()
            .filter(|(name, _)| !new_schemas.contains_key(*name))
            .map(|(name, def)| (*name, *def))
            .collect();
        let added: Vec<(&str, &ir::TypeDef)> = new_schemas
            .iter()
            .filter(|(name, _)| !old_schemas.contains_key(*name))
            .map(|(name, def)| (*name, *def))
            .collect();
        let mut used = vec![false; added.len()];
        for (name, def) in &removed {
            let place = Place::new(format!("schema {name}"));
            let renamed =
                (0..added.len()).find(|&i| !used[i] && self.same_structure(def, added[i].1));
            match renamed {
                Some(i) => {
                    used[i] = true;
                    let (new_name, new_def) = added[i];
                    self.push(
                        Rule::SchemaRenamed,
                        &place.at(Some(new_def.pointer.clone())),
                        format!("schema `{name}` was renamed to `{new_name}`"),
                    );
                }
                None => self.push(
                    Rule::SchemaRemoved,
                    &place.at(Some("#/components/schemas".to_owned())),
                    format!("schema `{name}` was removed"),
                ),
            }
        }
        for ((name, def), used) in added.iter().zip(&used) {
            if !used {
                self.push(
                    Rule::SchemaAdded,
                    &Place::new(format!("schema {name}")).at(Some(def.pointer.clone())),
                    format!("schema `{name}` was added"),
                );
            }
        }
    }

    /// Whether two named types have the same structure: no change either way.
    fn same_structure(&self, old: &ir::TypeDef, new: &ir::TypeDef) -> bool {
        let old_ty = named_ty(&old.name);
        let new_ty = named_ty(&new.name);
        [Ctx::Request, Ctx::Response].into_iter().all(|ctx| {
            let mut scratch = Walk::new(self.old_api, self.new_api);
            scratch.value(&old_ty, &new_ty, None, None, ctx, &Place::root());
            scratch.out.is_empty()
        })
    }
}

fn schema_map(api: &ir::Api) -> BTreeMap<&str, &ir::TypeDef> {
    api.types
        .iter()
        .filter_map(|def| def.schema_name.as_deref().map(|name| (name, def)))
        .collect()
}
