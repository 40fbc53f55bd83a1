//! Comparison of security: the requirements of operations and the schemes of components.

use std::collections::BTreeMap;

use super::place::Place;
use super::{Rule, Walk, code_list, plural};
use crate::ir;

impl<'a> Walk<'a> {
    pub(super) fn security(
        &mut self,
        old: &[ir::SecurityRequirement],
        new: &[ir::SecurityRequirement],
    ) {
        let place = Place::new("security");
        if old.is_empty() && !new.is_empty() {
            self.push(
                Rule::SecurityRequirementAdded,
                &place,
                format!(
                    "the operation now needs authentication ({})",
                    alternatives_text(new)
                ),
            );
            return;
        }
        if !old.is_empty() && new.is_empty() {
            self.push(
                Rule::SecurityRequirementRemoved,
                &place,
                "the operation no longer needs authentication".to_owned(),
            );
            return;
        }
        let old_sets = alternatives(old);
        let new_sets = alternatives(new);
        for (keys, old_scopes) in &old_sets {
            match new_sets.get(keys) {
                None => self.push(
                    Rule::SecurityAlternativeRemoved,
                    &place,
                    format!("security `{}` is no longer accepted", keys.join(" + ")),
                ),
                Some(new_scopes) => {
                    for (scheme, old_list) in old_scopes {
                        let new_list = new_scopes.get(scheme).cloned().unwrap_or_default();
                        let added: Vec<&String> =
                            new_list.iter().filter(|s| !old_list.contains(s)).collect();
                        let removed: Vec<&String> =
                            old_list.iter().filter(|s| !new_list.contains(s)).collect();
                        if !added.is_empty() {
                            self.push(
                                Rule::SecurityScopesAdded,
                                &place,
                                format!(
                                    "scheme `{scheme}` now needs {} {}",
                                    plural(added.len(), "scope", "scopes"),
                                    code_list(added)
                                ),
                            );
                        }
                        if !removed.is_empty() {
                            self.push(
                                Rule::SecurityScopesRemoved,
                                &place,
                                format!(
                                    "scheme `{scheme}` no longer needs {} {}",
                                    plural(removed.len(), "scope", "scopes"),
                                    code_list(removed)
                                ),
                            );
                        }
                    }
                }
            }
        }
        for keys in new_sets.keys() {
            if !old_sets.contains_key(keys) {
                self.push(
                    Rule::SecurityAlternativeAdded,
                    &place,
                    format!("security `{}` is now accepted", keys.join(" + ")),
                );
            }
        }
    }

    /// Security schemes whose kind or credential location changed.
    pub(super) fn security_schemes(&mut self) {
        self.start(None, None);
        for old in &self.old_api.security_schemes {
            let Some(new) = self
                .new_api
                .security_schemes
                .iter()
                .find(|scheme| scheme.key == old.key)
            else {
                continue;
            };
            if old.kind != new.kind {
                self.push(
                    Rule::SecuritySchemeChanged,
                    &Place::new(format!("security scheme {}", old.key)),
                    format!(
                        "scheme `{}` changed from {} to {}",
                        old.key,
                        scheme_text(&old.kind),
                        scheme_text(&new.kind)
                    ),
                );
            }
        }
    }
}

/// Alternatives by their sorted scheme keys, each with the scopes per scheme.
fn alternatives(
    requirements: &[ir::SecurityRequirement],
) -> BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>> {
    requirements
        .iter()
        .map(|requirement| {
            let scopes: BTreeMap<String, Vec<String>> =
                requirement.schemes.iter().cloned().collect();
            (scopes.keys().cloned().collect(), scopes)
        })
        .collect()
}

fn alternatives_text(requirements: &[ir::SecurityRequirement]) -> String {
    alternatives(requirements)
        .keys()
        .map(|keys| format!("`{}`", keys.join(" + ")))
        .collect::<Vec<_>>()
        .join(" or ")
}

fn scheme_text(kind: &ir::SecuritySchemeKind) -> String {
    match kind {
        ir::SecuritySchemeKind::ApiKey {
            location,
            parameter,
        } => {
            let location = location.as_str();
            format!("an API key in {location} `{parameter}`")
        }
        ir::SecuritySchemeKind::Bearer => "HTTP bearer".to_owned(),
        ir::SecuritySchemeKind::Basic => "HTTP basic".to_owned(),
        ir::SecuritySchemeKind::OAuth2 => "OAuth2".to_owned(),
    }
}
