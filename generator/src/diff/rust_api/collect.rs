//! The walk over a crate's parsed files that records every public item by path.

use std::collections::{BTreeMap, BTreeSet};

use super::syntax::{
    derives, has_non_exhaustive, ident_text, is_pub, last_segment, struct_fields, type_path,
    use_tree, variant_shape,
};
use super::text::tokens;
use super::{EnumItem, Item, StructItem, Surface, TraitItem, TraitMember};

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
        Ok(builder.finish())
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
    /// The surface with the members and trait impls of public structs and enums merged in.
    fn finish(self) -> Surface {
        let Builder {
            mut surface,
            impls,
            members,
            ..
        } = self;
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
        surface
    }

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
            syn::Item::Mod(item_mod) => self.module(module, item_mod, exported),
            syn::Item::Impl(item_impl) => self.impl_block(module, item_impl),
            _ if !exported => {}
            syn::Item::Struct(item) if is_pub(&item.vis) => {
                let struct_item = struct_item(item);
                self.record(module, &ident_text(&item.ident), Item::Struct(struct_item));
            }
            syn::Item::Enum(item) if is_pub(&item.vis) => {
                let enum_item = enum_item(item);
                self.record(module, &ident_text(&item.ident), Item::Enum(enum_item));
            }
            syn::Item::Trait(item) if is_pub(&item.vis) => {
                let trait_item = trait_item(item);
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

    /// Records a module and follows its items, inline or in the module's own file.
    fn module(&mut self, module: &str, item_mod: &syn::ItemMod, exported: bool) {
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

/// A public struct's shape, fields, `#[non_exhaustive]` and derived traits.
fn struct_item(item: &syn::ItemStruct) -> StructItem {
    let (shape, fields) = struct_fields(&item.fields);
    StructItem {
        generics: tokens(&item.generics),
        shape,
        fields,
        non_exhaustive: has_non_exhaustive(&item.attrs),
        traits: derives(&item.attrs),
    }
}

/// A public enum's variants, `#[non_exhaustive]` and derived traits.
fn enum_item(item: &syn::ItemEnum) -> EnumItem {
    let variants = item
        .variants
        .iter()
        .map(|variant| (ident_text(&variant.ident), variant_shape(variant)))
        .collect();
    EnumItem {
        generics: tokens(&item.generics),
        variants,
        non_exhaustive: has_non_exhaustive(&item.attrs),
        traits: derives(&item.attrs),
    }
}

/// A public trait's header (generics and supertraits) and members.
fn trait_item(item: &syn::ItemTrait) -> TraitItem {
    let mut header = tokens(&item.generics);
    if !item.supertraits.is_empty() {
        header.push_str(": ");
        header.push_str(&tokens(&item.supertraits));
    }
    let mut members = BTreeMap::new();
    for member in &item.items {
        if let Some((name, member)) = trait_member(member) {
            members.insert(name, member);
        }
    }
    TraitItem { header, members }
}

/// A trait's method, associated type or const by name; `None` for other members.
fn trait_member(member: &syn::TraitItem) -> Option<(String, TraitMember)> {
    match member {
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
    }
}
