//! Comparison of two items at one path: their kind, and the signature or type of items
//! without parts; structs, enums and traits go to their own comparisons.

use super::traits::compare_trait;
use super::types::{compare_enum, compare_struct};
use super::{Item, RustChange, Semver, change};

/// Compares the old and new item at `path`; items of different kinds are one change.
pub(super) fn compare_item(path: &str, old: &Item, new: &Item, out: &mut Vec<RustChange>) {
    match (old, new) {
        (Item::Module, Item::Module) => {}
        (Item::Struct(old), Item::Struct(new)) => compare_struct(path, old, new, out),
        (Item::Enum(old), Item::Enum(new)) => compare_enum(path, old, new, out),
        (Item::Trait(old), Item::Trait(new)) => compare_trait(path, old, new, out),
        (
            Item::Fn {
                signature: old_signature,
                ..
            },
            Item::Fn {
                signature: new_signature,
                ..
            },
        ) => {
            if old_signature != new_signature {
                change(
                    out,
                    Semver::Major,
                    "signature-changed",
                    path,
                    format!(
                        "{} signature changed from `{old_signature}` to `{new_signature}`",
                        new.word()
                    ),
                );
            }
        }
        (Item::TypeAlias { ty: old_ty }, Item::TypeAlias { ty: new_ty })
        | (Item::Const { ty: old_ty }, Item::Const { ty: new_ty })
        | (Item::Static { ty: old_ty }, Item::Static { ty: new_ty })
        | (Item::Use { target: old_ty }, Item::Use { target: new_ty }) => {
            if old_ty != new_ty {
                change(
                    out,
                    Semver::Major,
                    "type-changed",
                    path,
                    format!("{} changed from `{old_ty}` to `{new_ty}`", new.word()),
                );
            }
        }
        _ => change(
            out,
            Semver::Major,
            "item-kind-changed",
            path,
            format!("changed from a {} to a {}", old.word(), new.word()),
        ),
    }
}
