//! The public API of a generated crate, read from its source with `syn`, and its semver diff.
//!
//! Every public item gets a path (module path and name): structs with their fields and
//! `#[non_exhaustive]`, enums with their variants, traits with their methods, inherent
//! `pub fn`s as `Type::method`, type aliases, consts, statics and re-exports. Derived and
//! implemented traits are kept with the type they belong to.
//!
//! This module holds the surface and report types and the entry point [`diff`].
//! Submodules: `collect` walks the parsed files and records public items, `syntax` reads
//! `syn` nodes into items, `text` prints tokens as compact text in one spelling, `compare`
//! compares items of any kind, `types` compares structs and enums and `traits` compares
//! trait definitions.

mod collect;
mod compare;
mod syntax;
mod text;
mod traits;
mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use compare::compare_item;

/// The semver level a change needs in the generated crate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    #[default]
    Patch,
    Minor,
    Major,
}

impl Semver {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Major => "major",
            Semver::Minor => "minor",
            Semver::Patch => "patch",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustChange {
    pub level: Semver,
    /// A stable kebab-case kind, e.g. `field-added` or `variant-removed`.
    pub kind: &'static str,
    /// The item's path, e.g. `types::Address` or `operations::get_shipment::Request::new`.
    pub item: String,
    /// What changed, in a sentence.
    pub message: String,
}

/// The changes to a crate's public API and the release they need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RustDiff {
    /// The most severe level of `changes`; `Patch` when there are none.
    pub semver: Semver,
    /// Changes in item path order.
    pub changes: Vec<RustChange>,
}

/// The public items of a crate, by path.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Surface {
    pub items: BTreeMap<String, Item>,
}

/// A public item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Module,
    Struct(StructItem),
    Enum(EnumItem),
    Trait(TraitItem),
    /// A free function, or an inherent method when `method` is set.
    Fn {
        signature: String,
        method: bool,
    },
    TypeAlias {
        ty: String,
    },
    Const {
        ty: String,
    },
    Static {
        ty: String,
    },
    /// A `pub use` re-export of `target`.
    Use {
        target: String,
    },
}

impl Item {
    fn word(&self) -> &'static str {
        match self {
            Item::Module => "module",
            Item::Struct(_) => "struct",
            Item::Enum(_) => "enum",
            Item::Trait(_) => "trait",
            Item::Fn { method: true, .. } => "method",
            Item::Fn { method: false, .. } => "function",
            Item::TypeAlias { .. } => "type alias",
            Item::Const { .. } => "const",
            Item::Static { .. } => "static",
            Item::Use { .. } => "re-export",
        }
    }
}

/// How a struct holds its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Named,
    Tuple,
    Unit,
}

/// A struct's public shape.
#[derive(Debug, Clone, PartialEq)]
pub struct StructItem {
    pub generics: String,
    pub shape: Shape,
    /// Fields in declaration order: name (or position) and field.
    pub fields: Vec<(String, FieldItem)>,
    pub non_exhaustive: bool,
    /// Derived and implemented traits, by last path segment (with generic arguments).
    pub traits: BTreeSet<String>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    pub ty: String,
    pub public: bool,
}

/// An enum's public shape.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumItem {
    pub generics: String,
    /// Variants in declaration order, each with its shape (`(T)`, `{ a: T }` or empty).
    pub variants: Vec<(String, String)>,
    pub non_exhaustive: bool,
    pub traits: BTreeSet<String>,
}

/// A trait's public shape.
#[derive(Debug, Clone, PartialEq)]
pub struct TraitItem {
    /// Generics and supertraits, as text.
    pub header: String,
    /// Methods, associated types and consts by name.
    pub members: BTreeMap<String, TraitMember>,
}

/// A member of a trait.
#[derive(Debug, Clone, PartialEq)]
pub struct TraitMember {
    pub signature: String,
    /// Whether implementors may leave it out.
    pub has_default: bool,
}

/// Compares two surfaces and gives the semver level the change needs.
pub fn diff(old: &Surface, new: &Surface) -> RustDiff {
    let mut changes = Vec::new();
    let mut removed: Vec<&str> = Vec::new();
    for (path, old_item) in &old.items {
        if is_under(path, &removed) {
            continue;
        }
        match new.items.get(path) {
            None => {
                changes.push(RustChange {
                    level: Semver::Major,
                    kind: "item-removed",
                    item: path.clone(),
                    message: format!("{} was removed", old_item.word()),
                });
                removed.push(path);
            }
            Some(new_item) => compare_item(path, old_item, new_item, &mut changes),
        }
    }
    let mut added: Vec<&str> = Vec::new();
    for (path, new_item) in &new.items {
        if old.items.contains_key(path) || is_under(path, &added) {
            continue;
        }
        changes.push(RustChange {
            level: Semver::Minor,
            kind: "item-added",
            item: path.clone(),
            message: format!("{} was added", new_item.word()),
        });
        added.push(path);
    }
    changes.sort_by(|a, b| a.item.cmp(&b.item));
    let semver = changes
        .iter()
        .map(|change| change.level)
        .max()
        .unwrap_or(Semver::Patch);
    RustDiff { semver, changes }
}

/// Whether `path` lies inside one of `prefixes` (`a::b` is under `a`).
fn is_under(path: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with("::"))
    })
}

/// Records one change to the item at `path`.
fn change(
    out: &mut Vec<RustChange>,
    level: Semver,
    kind: &'static str,
    item: &str,
    message: String,
) {
    out.push(RustChange {
        level,
        kind,
        item: item.to_owned(),
        message,
    });
}
