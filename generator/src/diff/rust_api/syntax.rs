//! Reading `syn` nodes: visibility, names, fields, variants, attributes, impl targets and
//! `use` trees.

use std::collections::BTreeSet;

use syn::punctuated::Punctuated;

use super::text::tokens;
use super::{FieldItem, Shape};

pub(super) fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// An identifier without the `r#` of a raw identifier.
pub(super) fn ident_text(ident: &syn::Ident) -> String {
    let text = ident.to_string();
    match text.strip_prefix("r#") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// How a struct holds its fields, and the fields by name (or position).
pub(super) fn struct_fields(fields: &syn::Fields) -> (Shape, Vec<(String, FieldItem)>) {
    match fields {
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
    }
}

fn field_item(field: &syn::Field) -> FieldItem {
    FieldItem {
        ty: tokens(&field.ty),
        public: is_pub(&field.vis),
    }
}

pub(super) fn has_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

/// The traits named in `#[derive(...)]`, by last path segment.
pub(super) fn derives(attrs: &[syn::Attribute]) -> BTreeSet<String> {
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
pub(super) fn last_segment(path: &syn::Path) -> String {
    path.segments.last().map(tokens).unwrap_or_default()
}

pub(super) fn variant_shape(variant: &syn::Variant) -> String {
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
pub(super) fn type_path(module: &str, ty: &syn::Type) -> Option<String> {
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
pub(super) fn use_tree(tree: &syn::UseTree, prefix: String, out: &mut Vec<(String, String)>) {
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
