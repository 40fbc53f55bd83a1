//! Comparison of trait definitions: their header and their members.

use super::{RustChange, Semver, TraitItem, change};

/// Compares a trait: header, then members removed, changed and added.
pub(super) fn compare_trait(
    path: &str,
    old: &TraitItem,
    new: &TraitItem,
    out: &mut Vec<RustChange>,
) {
    if old.header != new.header {
        change(
            out,
            Semver::Major,
            "generics-changed",
            path,
            format!(
                "generics or supertraits changed from `{}` to `{}`",
                old.header, new.header
            ),
        );
    }
    for (name, old_member) in &old.members {
        match new.members.get(name) {
            None => change(
                out,
                Semver::Major,
                "method-removed",
                path,
                format!("trait member `{name}` was removed"),
            ),
            Some(new_member) => {
                if old_member.signature != new_member.signature {
                    change(
                        out,
                        Semver::Major,
                        "signature-changed",
                        path,
                        format!(
                            "`{name}` changed from `{}` to `{}`",
                            old_member.signature, new_member.signature
                        ),
                    );
                }
                if old_member.has_default && !new_member.has_default {
                    change(
                        out,
                        Semver::Major,
                        "method-default-removed",
                        path,
                        format!("`{name}` no longer has a default; implementors must provide it"),
                    );
                }
            }
        }
    }
    for (name, new_member) in &new.members {
        if old.members.contains_key(name) {
            continue;
        }
        if new_member.has_default {
            change(
                out,
                Semver::Minor,
                "method-added",
                path,
                format!("trait member `{name}` was added with a default"),
            );
        } else {
            change(
                out,
                Semver::Major,
                "method-added",
                path,
                format!(
                    "trait member `{name}` was added without a default; implementors must \
                     provide it"
                ),
            );
        }
    }
}
