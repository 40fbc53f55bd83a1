//! Degrading the named types that did not lower to "any value", for [`super::lower_tolerant`].
//!
//! A problem belongs to the named type whose pointer is the nearest ancestor of the
//! problem's pointer. That type is dropped and every use of it becomes
//! [`ir::TyKind::Any`], as does every use of a type that was never defined. A tagged union
//! with a dropped variant is dropped in turn, since its variants must be named structs.

use std::collections::BTreeSet;

use super::type_names::{for_each_use_in_operation, for_each_use_in_type};
use crate::error::Diagnostic;
use crate::ir;
use crate::pointer;

/// Drops every named type with a problem inside it and turns its uses into "any value".
pub(super) fn degrade_failed_types(
    types: &mut Vec<ir::TypeDef>,
    operations: &mut [ir::Operation],
    errors: &[Diagnostic],
) {
    let mut failed: BTreeSet<String> = errors
        .iter()
        .filter_map(|error| owning_type(types, &error.pointer))
        .collect();
    loop {
        let before = failed.len();
        for def in types.iter() {
            if let ir::TypeKind::Tagged(tagged) = &def.kind
                && tagged
                    .variants
                    .iter()
                    .any(|variant| failed.contains(&variant.type_name))
            {
                failed.insert(def.pointer.clone());
            }
        }
        if failed.len() == before {
            break;
        }
    }
    types.retain(|def| !failed.contains(&def.pointer));
    let defined: BTreeSet<String> = types.iter().map(|def| def.pointer.clone()).collect();
    let mut degrade = |ty: &mut ir::Ty| degrade_use(ty, &defined);
    for def in types.iter_mut() {
        for_each_use_in_type(def, &mut degrade);
    }
    for op in operations {
        for_each_use_in_operation(op, &mut degrade);
    }
}

/// The pointer of the named type nearest above `at`, if any.
fn owning_type(types: &[ir::TypeDef], at: &str) -> Option<String> {
    types
        .iter()
        .filter(|def| pointer::is_at_or_under(at, &def.pointer))
        .max_by_key(|def| def.pointer.len())
        .map(|def| def.pointer.clone())
}

/// Turns a use of an undefined type, at any depth of arrays and maps, into "any value".
fn degrade_use(ty: &mut ir::Ty, defined: &BTreeSet<String>) {
    match &mut ty.kind {
        ir::TyKind::Named(target) if !defined.contains(target.as_str()) => {
            ty.kind = ir::TyKind::Any;
            ty.constraints = ir::Constraints::default();
        }
        ir::TyKind::Array(inner) | ir::TyKind::Map(inner) => degrade_use(inner, defined),
        _ => {}
    }
}
