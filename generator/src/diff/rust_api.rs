//! The public API of a generated crate, read from its source with `syn`, and its semver diff.
//!
//! Every public item gets a path (module path and name): structs with their fields and
//! `#[non_exhaustive]`, enums with their variants, traits with their methods, inherent
//! `pub fn`s as `Type::method`, type aliases, consts, statics and re-exports. Derived and
//! implemented traits are kept with the type they belong to.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use quote::ToTokens;
use syn::punctuated::Punctuated;

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

impl Surface {
    /// Reads the public API of a crate from its files (`src/...rs` paths and contents),
    /// starting at `src/lib.rs`. A file that does not parse is an error.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Surface, String> {
        let mut parsed: BTreeMap<String, syn::File> = BTreeMap::new();
        for (path, text) in files {
            let Some(module) = module_of(path) else {
                continue;
            };
            let file = syn::parse_file(text).map_err(|error| format!("{path}: {error}"))?;
            parsed.insert(module, file);
        }
        let mut builder = Builder {
            files: &parsed,
            surface: Surface::default(),
            impls: BTreeMap::new(),
            members: Vec::new(),
        };
        match parsed.get("") {
            Some(root) => builder.items("", &root.items, true),
            None => {
                for (module, file) in &parsed {
                    builder.surface.items.insert(module.clone(), Item::Module);
                    builder.items(module, &file.items, true);
                }
            }
        }
        let Builder {
            mut surface,
            impls,
            members,
            ..
        } = builder;
        for (type_path, name, item) in members {
            if matches!(
                surface.items.get(&type_path),
                Some(Item::Struct(_) | Item::Enum(_))
            ) {
                surface.items.insert(join(&type_path, &name), item);
            }
        }
        for (path, traits) in impls {
            match surface.items.get_mut(&path) {
                Some(Item::Struct(item)) => item.traits.extend(traits),
                Some(Item::Enum(item)) => item.traits.extend(traits),
                _ => {}
            }
        }
        Ok(surface)
    }

    /// Reads the public API of a single file as a crate root, for tests and tools.
    pub fn from_source(text: &str) -> Result<Surface, String> {
        Self::from_files(&[("src/lib.rs", text)])
    }
}

/// The module path of a source file: `src/lib.rs` is the root, `src/a/mod.rs` and
/// `src/a.rs` are `a`.
fn module_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    if rest == "lib" {
        return Some(String::new());
    }
    let rest = rest.strip_suffix("/mod").unwrap_or(rest);
    Some(rest.replace('/', "::"))
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

/// Modules are followed at most this deep.
const MAX_MODULE_DEPTH: usize = 32;

struct Builder<'f> {
    files: &'f BTreeMap<String, syn::File>,
    surface: Surface,
    /// Traits implemented per type path, merged into the types at the end.
    impls: BTreeMap<String, BTreeSet<String>>,
    /// Inherent public methods and consts, by type path; kept for public types only.
    members: Vec<(String, String, Item)>,
}

impl Builder<'_> {
    /// Records the items of `module`; `exported` says whether the module is reachable
    /// from outside (impls count either way).
    fn items(&mut self, module: &str, items: &[syn::Item], exported: bool) {
        if module.matches("::").count() >= MAX_MODULE_DEPTH {
            return;
        }
        for item in items {
            self.item(module, item, exported);
        }
    }

    fn record(&mut self, module: &str, name: &str, item: Item) {
        self.surface.items.insert(join(module, name), item);
    }

    fn item(&mut self, module: &str, item: &syn::Item, exported: bool) {
        match item {
            syn::Item::Mod(item_mod) => {
                let path = join(module, &ident_text(&item_mod.ident));
                let public = exported && is_pub(&item_mod.vis);
                if public {
                    self.surface.items.insert(path.clone(), Item::Module);
                }
                match &item_mod.content {
                    Some((_, items)) => self.items(&path, items, public),
                    None => {
                        if let Some(file) = self.files.get(&path) {
                            self.items(&path, &file.items, public);
                        }
                    }
                }
            }
            syn::Item::Impl(item_impl) => self.impl_block(module, item_impl),
            _ if !exported => {}
            syn::Item::Struct(item) if is_pub(&item.vis) => {
                let (shape, fields) = match &item.fields {
                    syn::Fields::Named(named) => (
                        Shape::Named,
                        named
                            .named
                            .iter()
                            .map(|field| {
                                let name = field.ident.as_ref().map(ident_text).unwrap_or_default();
                                (name, field_item(field))
                            })
                            .collect(),
                    ),
                    syn::Fields::Unnamed(unnamed) => (
                        Shape::Tuple,
                        unnamed
                            .unnamed
                            .iter()
                            .enumerate()
                            .map(|(index, field)| (index.to_string(), field_item(field)))
                            .collect(),
                    ),
                    syn::Fields::Unit => (Shape::Unit, Vec::new()),
                };
                let struct_item = StructItem {
                    generics: tokens(&item.generics),
                    shape,
                    fields,
                    non_exhaustive: has_non_exhaustive(&item.attrs),
                    traits: derives(&item.attrs),
                };
                self.record(module, &ident_text(&item.ident), Item::Struct(struct_item));
            }
            syn::Item::Enum(item) if is_pub(&item.vis) => {
                let variants = item
                    .variants
                    .iter()
                    .map(|variant| (ident_text(&variant.ident), variant_shape(variant)))
                    .collect();
                let enum_item = EnumItem {
                    generics: tokens(&item.generics),
                    variants,
                    non_exhaustive: has_non_exhaustive(&item.attrs),
                    traits: derives(&item.attrs),
                };
                self.record(module, &ident_text(&item.ident), Item::Enum(enum_item));
            }
            syn::Item::Trait(item) if is_pub(&item.vis) => {
                let mut header = tokens(&item.generics);
                if !item.supertraits.is_empty() {
                    header.push_str(": ");
                    header.push_str(&tokens(&item.supertraits));
                }
                let mut members = BTreeMap::new();
                for member in &item.items {
                    let entry = match member {
                        syn::TraitItem::Fn(function) => Some((
                            ident_text(&function.sig.ident),
                            TraitMember {
                                signature: tokens(&function.sig),
                                has_default: function.default.is_some(),
                            },
                        )),
                        syn::TraitItem::Type(assoc) => Some((
                            ident_text(&assoc.ident),
                            TraitMember {
                                signature: format!(
                                    "type {}{}: {}",
                                    ident_text(&assoc.ident),
                                    tokens(&assoc.generics),
                                    tokens(&assoc.bounds)
                                ),
                                has_default: assoc.default.is_some(),
                            },
                        )),
                        syn::TraitItem::Const(constant) => Some((
                            ident_text(&constant.ident),
                            TraitMember {
                                signature: format!(
                                    "const {}: {}",
                                    ident_text(&constant.ident),
                                    tokens(&constant.ty)
                                ),
                                has_default: constant.default.is_some(),
                            },
                        )),
                        _ => None,
                    };
                    if let Some((name, member)) = entry {
                        members.insert(name, member);
                    }
                }
                let trait_item = TraitItem { header, members };
                self.record(module, &ident_text(&item.ident), Item::Trait(trait_item));
            }
            syn::Item::Fn(item) if is_pub(&item.vis) => {
                let signature = tokens(&item.sig);
                let name = ident_text(&item.sig.ident);
                self.record(
                    module,
                    &name,
                    Item::Fn {
                        signature,
                        method: false,
                    },
                );
            }
            syn::Item::Type(item) if is_pub(&item.vis) => {
                let ty = format!("{}{}", tokens(&item.generics), tokens(&item.ty));
                self.record(module, &ident_text(&item.ident), Item::TypeAlias { ty });
            }
            syn::Item::Const(item) if is_pub(&item.vis) => {
                let ty = tokens(&item.ty);
                self.record(module, &ident_text(&item.ident), Item::Const { ty });
            }
            syn::Item::Static(item) if is_pub(&item.vis) => {
                let ty = tokens(&item.ty);
                self.record(module, &ident_text(&item.ident), Item::Static { ty });
            }
            syn::Item::Use(item) if is_pub(&item.vis) => {
                let mut uses = Vec::new();
                use_tree(&item.tree, String::new(), &mut uses);
                for (name, target) in uses {
                    self.record(module, &name, Item::Use { target });
                }
            }
            _ => {}
        }
    }

    fn impl_block(&mut self, module: &str, item: &syn::ItemImpl) {
        let Some(self_path) = type_path(module, &item.self_ty) else {
            return;
        };
        match &item.trait_ {
            Some((path, _)) => {
                self.impls
                    .entry(self_path)
                    .or_default()
                    .insert(last_segment(path));
            }
            None => {
                for member in &item.items {
                    match member {
                        syn::ImplItem::Fn(function) if is_pub(&function.vis) => {
                            self.members.push((
                                self_path.clone(),
                                ident_text(&function.sig.ident),
                                Item::Fn {
                                    signature: tokens(&function.sig),
                                    method: true,
                                },
                            ));
                        }
                        syn::ImplItem::Const(constant) if is_pub(&constant.vis) => {
                            self.members.push((
                                self_path.clone(),
                                ident_text(&constant.ident),
                                Item::Const {
                                    ty: tokens(&constant.ty),
                                },
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// An identifier without the `r#` of a raw identifier.
fn ident_text(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

fn field_item(field: &syn::Field) -> FieldItem {
    FieldItem {
        ty: tokens(&field.ty),
        public: is_pub(&field.vis),
    }
}

fn has_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// The traits named in `#[derive(...)]`, by last path segment.
fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let parsed =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
        if let Ok(paths) = parsed {
            out.extend(paths.iter().map(last_segment));
        }
    }
    out
}

/// The last segment of a path with its generic arguments, e.g. `From<String>`.
fn last_segment(path: &syn::Path) -> String {
    path.segments.last().map(tokens).unwrap_or_default()
}

fn variant_shape(variant: &syn::Variant) -> String {
    let mut shape = match &variant.fields {
        syn::Fields::Named(named) => {
            let fields: Vec<String> = named
                .named
                .iter()
                .map(|field| {
                    let name = field.ident.as_ref().map(ident_text).unwrap_or_default();
                    format!("{name}: {}", tokens(&field.ty))
                })
                .collect();
            format!(" {{ {} }}", fields.join(", "))
        }
        syn::Fields::Unnamed(unnamed) => {
            let fields: Vec<String> = unnamed
                .unnamed
                .iter()
                .map(|field| tokens(&field.ty))
                .collect();
            format!("({})", fields.join(", "))
        }
        syn::Fields::Unit => String::new(),
    };
    if has_non_exhaustive(&variant.attrs) {
        shape.insert_str(0, "#[non_exhaustive] ");
    }
    shape
}

/// The path of the type an `impl` block is for, relative to the crate root.
fn type_path(module: &str, ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(type_path) = ty else {
        return None;
    };
    if type_path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = type_path
        .path
        .segments
        .iter()
        .map(|segment| ident_text(&segment.ident))
        .collect();
    let mut base: Vec<String> = if module.is_empty() {
        Vec::new()
    } else {
        module.split("::").map(str::to_owned).collect()
    };
    let mut rest = segments.as_slice();
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().map(String::as_str) == Some("super") {
        base.pop();
        rest = &rest[1..];
    }
    if rest.is_empty() {
        return None;
    }
    base.extend(rest.iter().cloned());
    Some(base.join("::"))
}

/// Flattens a `use` tree into (name in this module, target path) pairs.
fn use_tree(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
    let with = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}::{name}")
        }
    };
    match tree {
        syn::UseTree::Path(path) => use_tree(&path.tree, with(&ident_text(&path.ident)), out),
        syn::UseTree::Name(name) => {
            let name = ident_text(&name.ident);
            out.push((name.clone(), with(&name)));
        }
        syn::UseTree::Rename(rename) => {
            out.push((ident_text(&rename.rename), with(&ident_text(&rename.ident))));
        }
        syn::UseTree::Glob(_) => out.push((format!("*{}", with("*")), with("*"))),
        syn::UseTree::Group(group) => {
            for tree in &group.items {
                use_tree(tree, prefix.clone(), out);
            }
        }
    }
}

/// Tokens as compact text: `Option<Vec<String>>`, `fn new(name: String) -> Self`, with
/// paths in one spelling (see [`canonical_paths`]).
fn tokens(value: &impl ToTokens) -> String {
    canonical_paths(&tidy(&value.to_token_stream().to_string()))
}

/// The standard prelude's paths as bare names and runtime paths by module name. The
/// generator spells them either way (fully qualified when a type of the API shadows a
/// prelude name), so a spec change that toggles the spelling must not read as a change
/// to every signature.
fn canonical_paths(text: &str) -> String {
    const SPELLINGS: &[(&str, &str)] = &[
        ("::std::option::Option", "Option"),
        ("::std::result::Result", "Result"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("crate::runtime::", ""),
    ];
    let mut text = text.to_owned();
    for (long, short) in SPELLINGS {
        if text.contains(long) {
            text = text.replace(long, short);
        }
    }
    text
}

/// Removes the spaces the token printer puts between every token where Rust needs none,
/// and trailing commas before a closing delimiter.
fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        if c != ' ' {
            if matches!(c, ')' | ']' | '>') && out.ends_with(',') {
                out.pop();
            }
            out.push(c);
            continue;
        }
        let previous = out.chars().last();
        let next = chars.get(index + 1).copied();
        let path_next = next == Some(':') && chars.get(index + 2) == Some(&':');
        let word_before = previous.is_some_and(|p| p.is_alphanumeric() || p == '_');
        let drop = match (previous, next) {
            (Some('(' | '[' | '<' | '&' | '#' | '*'), _) => true,
            _ if path_next => (word_before && !ends_with_keyword(&out)) || previous == Some('>'),
            (_, Some(',' | ';' | ')' | ']' | '>' | '?' | '.' | ':')) => true,
            (Some(':'), _) => out.ends_with("::"),
            (_, Some('(' | '<' | '[')) => word_before,
            _ => false,
        };
        if !drop {
            out.push(' ');
        }
    }
    out
}

/// Whether `text` ends with a keyword that a path may follow (`impl ::std::fmt::Debug`).
fn ends_with_keyword(text: &str) -> bool {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(index, c)| index + c.len_utf8());
    matches!(
        text.get(start..).unwrap_or_default(),
        "impl" | "dyn" | "as" | "mut" | "const" | "for" | "where" | "in" | "unsafe" | "static"
    )
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

fn compare_item(path: &str, old: &Item, new: &Item, out: &mut Vec<RustChange>) {
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

fn compare_traits(
    path: &str,
    old: &BTreeSet<String>,
    new: &BTreeSet<String>,
    out: &mut Vec<RustChange>,
) {
    for name in old.difference(new) {
        change(
            out,
            Semver::Major,
            "trait-impl-removed",
            path,
            format!("no longer implements `{name}`"),
        );
    }
    for name in new.difference(old) {
        change(
            out,
            Semver::Minor,
            "trait-impl-added",
            path,
            format!("now implements `{name}`"),
        );
    }
}

fn compare_struct(path: &str, old: &StructItem, new: &StructItem, out: &mut Vec<RustChange>) {
    if old.generics != new.generics {
        change(
            out,
            Semver::Major,
            "generics-changed",
            path,
            format!(
                "generics changed from `{}` to `{}`",
                old.generics, new.generics
            ),
        );
    }
    if old.shape != new.shape {
        change(
            out,
            Semver::Major,
            "item-kind-changed",
            path,
            "changed between a struct with named fields, a tuple struct and a unit struct"
                .to_owned(),
        );
        return;
    }
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => change(
            out,
            Semver::Major,
            "non-exhaustive-added",
            path,
            "became `#[non_exhaustive]`: struct literals and patterns outside the crate break"
                .to_owned(),
        ),
        (true, false) => change(
            out,
            Semver::Minor,
            "non-exhaustive-removed",
            path,
            "is no longer `#[non_exhaustive]`".to_owned(),
        ),
        _ => {}
    }
    for (name, old_field) in &old.fields {
        match new.fields.iter().find(|(new_name, _)| new_name == name) {
            None => {
                if old_field.public {
                    change(
                        out,
                        Semver::Major,
                        "field-removed",
                        path,
                        format!("field `{name}: {}` was removed", old_field.ty),
                    );
                }
            }
            Some((_, new_field)) => {
                if old_field.public && !new_field.public {
                    change(
                        out,
                        Semver::Major,
                        "field-visibility-changed",
                        path,
                        format!("field `{name}` is no longer public"),
                    );
                } else if !old_field.public && new_field.public {
                    change(
                        out,
                        Semver::Minor,
                        "field-visibility-changed",
                        path,
                        format!("field `{name}` became public"),
                    );
                }
                if old_field.ty != new_field.ty && (old_field.public || new_field.public) {
                    change(
                        out,
                        Semver::Major,
                        "field-type-changed",
                        path,
                        format!(
                            "field `{name}` changed type from `{}` to `{}`",
                            old_field.ty, new_field.ty
                        ),
                    );
                }
            }
        }
    }
    // Outside the crate, a struct can be built with a literal only when it is exhaustive
    // and all its fields are public; adding a field breaks such literals.
    let literal_possible = !old.non_exhaustive && old.fields.iter().all(|(_, field)| field.public);
    for (name, new_field) in &new.fields {
        if old.fields.iter().any(|(old_name, _)| old_name == name) {
            continue;
        }
        if literal_possible {
            change(
                out,
                Semver::Major,
                "field-added",
                path,
                format!(
                    "field `{name}: {}` was added; struct literals break because the struct is \
                     not `#[non_exhaustive]`",
                    new_field.ty
                ),
            );
        } else if new_field.public {
            change(
                out,
                Semver::Minor,
                "field-added",
                path,
                format!("field `{name}: {}` was added", new_field.ty),
            );
        }
    }
    compare_traits(path, &old.traits, &new.traits, out);
}

fn compare_enum(path: &str, old: &EnumItem, new: &EnumItem, out: &mut Vec<RustChange>) {
    if old.generics != new.generics {
        change(
            out,
            Semver::Major,
            "generics-changed",
            path,
            format!(
                "generics changed from `{}` to `{}`",
                old.generics, new.generics
            ),
        );
    }
    match (old.non_exhaustive, new.non_exhaustive) {
        (false, true) => change(
            out,
            Semver::Major,
            "non-exhaustive-added",
            path,
            "became `#[non_exhaustive]`: exhaustive matches outside the crate break".to_owned(),
        ),
        (true, false) => change(
            out,
            Semver::Minor,
            "non-exhaustive-removed",
            path,
            "is no longer `#[non_exhaustive]`".to_owned(),
        ),
        _ => {}
    }
    for (name, old_shape) in &old.variants {
        match new.variants.iter().find(|(new_name, _)| new_name == name) {
            None => change(
                out,
                Semver::Major,
                "variant-removed",
                path,
                format!("variant `{name}{old_shape}` was removed"),
            ),
            Some((_, new_shape)) if new_shape != old_shape => change(
                out,
                Semver::Major,
                "variant-changed",
                path,
                format!("variant `{name}` changed from `{name}{old_shape}` to `{name}{new_shape}`"),
            ),
            Some(_) => {}
        }
    }
    for (name, new_shape) in &new.variants {
        if old.variants.iter().any(|(old_name, _)| old_name == name) {
            continue;
        }
        if old.non_exhaustive {
            change(
                out,
                Semver::Minor,
                "variant-added",
                path,
                format!("variant `{name}{new_shape}` was added"),
            );
        } else {
            change(
                out,
                Semver::Major,
                "variant-added",
                path,
                format!(
                    "variant `{name}{new_shape}` was added; exhaustive matches break because the \
                     enum is not `#[non_exhaustive]`"
                ),
            );
        }
    }
    compare_traits(path, &old.traits, &new.traits, out);
}

fn compare_trait(path: &str, old: &TraitItem, new: &TraitItem, out: &mut Vec<RustChange>) {
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
