//! Changes to the limits of a value: lengths, bounds, `multipleOf`, items and pattern.

use super::value::Kind;
use crate::ir;

/// Bounds below which values are refused (`minLength`, `minItems`).
pub(super) fn lower_bound(
    name: &str,
    old: Option<u64>,
    new: Option<u64>,
    out: &mut Vec<(Kind, String)>,
) {
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Tightened,
            format!("{name} was raised from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Relaxed,
            format!("{name} was lowered from {old} to {new}"),
        )),
        _ => {}
    }
}

/// Bounds above which values are refused (`maxLength`, `maxItems`).
pub(super) fn upper_bound(
    name: &str,
    old: Option<u64>,
    new: Option<u64>,
    out: &mut Vec<(Kind, String)>,
) {
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Tightened,
            format!("{name} was lowered from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Relaxed,
            format!("{name} was raised from {old} to {new}"),
        )),
        _ => {}
    }
}

fn bound_text(bound: ir::Bound) -> String {
    if bound.exclusive {
        format!("{} (exclusive)", bound.value)
    } else {
        bound.value.to_string()
    }
}

/// Compares numeric bounds; `is_minimum` says which side of the range refuses values.
fn numeric_bound(
    name: &str,
    old: Option<ir::Bound>,
    new: Option<ir::Bound>,
    is_minimum: bool,
    out: &mut Vec<(Kind, String)>,
) {
    match (old, new) {
        (None, Some(new)) => out.push((
            Kind::Tightened,
            format!("{name} {} was added", bound_text(new)),
        )),
        (Some(old), None) => out.push((
            Kind::Relaxed,
            format!("{name} {} was removed", bound_text(old)),
        )),
        (Some(old), Some(new)) if old != new => {
            let stricter = if old.value == new.value {
                new.exclusive && !old.exclusive
            } else if is_minimum {
                new.value > old.value
            } else {
                new.value < old.value
            };
            let kind = if stricter {
                Kind::Tightened
            } else {
                Kind::Relaxed
            };
            out.push((
                kind,
                format!(
                    "{name} changed from {} to {}",
                    bound_text(old),
                    bound_text(new)
                ),
            ));
        }
        _ => {}
    }
}

/// Every limit that got stricter or looser, and pattern changes.
pub(super) fn constraint_changes(
    old: &ir::Constraints,
    new: &ir::Constraints,
    out: &mut Vec<(Kind, String)>,
) {
    lower_bound("minLength", old.min_length, new.min_length, out);
    upper_bound("maxLength", old.max_length, new.max_length, out);
    numeric_bound("minimum", old.minimum, new.minimum, true, out);
    numeric_bound("maximum", old.maximum, new.maximum, false, out);
    match (old.multiple_of, new.multiple_of) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("multipleOf {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("multipleOf {old} was removed"))),
        (Some(old), Some(new)) if old != new => {
            let ratio = old / new;
            let kind = if ratio.is_finite() && ratio.fract() == 0.0 {
                Kind::Relaxed
            } else {
                Kind::Tightened
            };
            out.push((kind, format!("multipleOf changed from {old} to {new}")));
        }
        _ => {}
    }
    lower_bound("minItems", old.min_items, new.min_items, out);
    upper_bound("maxItems", old.max_items, new.max_items, out);
    match (old.unique_items, new.unique_items) {
        (false, true) => out.push((Kind::Tightened, "items must now be unique".to_owned())),
        (true, false) => out.push((
            Kind::Relaxed,
            "items no longer need to be unique".to_owned(),
        )),
        _ => {}
    }
    let regex = |constraints: &'_ ir::Constraints| {
        constraints
            .pattern
            .as_ref()
            .map(|pattern| pattern.regex.clone())
    };
    match (regex(old), regex(new)) {
        (None, Some(new)) => out.push((Kind::Tightened, format!("pattern `{new}` was added"))),
        (Some(old), None) => out.push((Kind::Relaxed, format!("pattern `{old}` was removed"))),
        (Some(old), Some(new)) if old != new => out.push((
            Kind::PatternChanged,
            format!("pattern changed from `{old}` to `{new}`"),
        )),
        _ => {}
    }
}
