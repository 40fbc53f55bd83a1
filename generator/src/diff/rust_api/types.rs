//! Comparison of structs (shape, fields) and enums (variants), with their generics,
//! `#[non_exhaustive]` and traits.

use std::collections::BTreeSet;

use super::{EnumItem, RustChange, Semver, StructItem, change};

/// Compares a struct: generics, shape, `#[non_exhaustive]`, fields and traits.
pub(super) fn compare_struct(
    path: &str,
    old: &StructItem,
    new: &StructItem,
    out: &mut Vec<RustChange>,
) {
    compare_generics(path, &old.generics, &new.generics, out);
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
    compare_fields(path, old, new, out);
    added_fields(path, old, new, out);
    compare_traits(path, &old.traits, &new.traits, out);
}

/// Compares an enum: generics, `#[non_exhaustive]`, variants and traits.
pub(super) fn compare_enum(path: &str, old: &EnumItem, new: &EnumItem, out: &mut Vec<RustChange>) {
    compare_generics(path, &old.generics, &new.generics, out);
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

/// Compares the fields the old struct has: removed, visibility changed, type changed.
fn compare_fields(path: &str, old: &StructItem, new: &StructItem, out: &mut Vec<RustChange>) {
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
}

/// Reports the fields only the new struct has, as major when struct literals break.
fn added_fields(path: &str, old: &StructItem, new: &StructItem, out: &mut Vec<RustChange>) {
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
}

/// Compares the traits a struct or enum derives or implements.
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

/// Compares the generics of a struct or enum.
fn compare_generics(path: &str, old: &str, new: &str, out: &mut Vec<RustChange>) {
    if old != new {
        change(
            out,
            Semver::Major,
            "generics-changed",
            path,
            format!("generics changed from `{old}` to `{new}`"),
        );
    }
}
