//! Changes to the limits of a value, keyword by keyword: lengths, bounds, `multipleOf`,
//! items, pattern and (for objects) the number of properties.

use super::value::Kind;
use crate::ir;

/// A validation keyword, each with rules of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Limit {
    MinLength,
    MaxLength,
    Minimum,
    Maximum,
    MultipleOf,
    MinItems,
    MaxItems,
    UniqueItems,
    Pattern,
    MinProperties,
    MaxProperties,
}

impl Limit {
    /// The keyword as the spec spells it.
    fn keyword(self) -> &'static str {
        match self {
            Limit::MinLength => "minLength",
            Limit::MaxLength => "maxLength",
            Limit::Minimum => "minimum",
            Limit::Maximum => "maximum",
            Limit::MultipleOf => "multipleOf",
            Limit::MinItems => "minItems",
            Limit::MaxItems => "maxItems",
            Limit::UniqueItems => "uniqueItems",
            Limit::Pattern => "pattern",
            Limit::MinProperties => "minProperties",
            Limit::MaxProperties => "maxProperties",
        }
    }
}

/// Bounds below which values are refused (`minLength`, `minItems`).
pub(super) fn lower_bound(
    limit: Limit,
    old: Option<u64>,
    new: Option<u64>,
    out: &mut Vec<(Kind, String)>,
) {
    let name = limit.keyword();
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened(limit), format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed(limit), format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Tightened(limit),
            format!("{name} was raised from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Relaxed(limit),
            format!("{name} was lowered from {old} to {new}"),
        )),
        _ => {}
    }
}

/// Bounds above which values are refused (`maxLength`, `maxItems`).
pub(super) fn upper_bound(
    limit: Limit,
    old: Option<u64>,
    new: Option<u64>,
    out: &mut Vec<(Kind, String)>,
) {
    let name = limit.keyword();
    match (old, new) {
        (None, Some(new)) => out.push((Kind::Tightened(limit), format!("{name} {new} was added"))),
        (Some(old), None) => out.push((Kind::Relaxed(limit), format!("{name} {old} was removed"))),
        (Some(old), Some(new)) if new < old => out.push((
            Kind::Tightened(limit),
            format!("{name} was lowered from {old} to {new}"),
        )),
        (Some(old), Some(new)) if new > old => out.push((
            Kind::Relaxed(limit),
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
    limit: Limit,
    old: Option<ir::Bound>,
    new: Option<ir::Bound>,
    out: &mut Vec<(Kind, String)>,
) {
    let name = limit.keyword();
    let is_minimum = limit == Limit::Minimum;
    match (old, new) {
        (None, Some(new)) => out.push((
            Kind::Tightened(limit),
            format!("{name} {} was added", bound_text(new)),
        )),
        (Some(old), None) => out.push((
            Kind::Relaxed(limit),
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
                Kind::Tightened(limit)
            } else {
                Kind::Relaxed(limit)
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
    lower_bound(Limit::MinLength, old.min_length, new.min_length, out);
    upper_bound(Limit::MaxLength, old.max_length, new.max_length, out);
    numeric_bound(Limit::Minimum, old.minimum, new.minimum, out);
    numeric_bound(Limit::Maximum, old.maximum, new.maximum, out);
    let multiple = Limit::MultipleOf;
    match (old.multiple_of, new.multiple_of) {
        (None, Some(new)) => out.push((
            Kind::Tightened(multiple),
            format!("multipleOf {new} was added"),
        )),
        (Some(old), None) => out.push((
            Kind::Relaxed(multiple),
            format!("multipleOf {old} was removed"),
        )),
        (Some(old), Some(new)) if old != new => {
            let ratio = old / new;
            let kind = if ratio.is_finite() && ratio.fract() == 0.0 {
                Kind::Relaxed(multiple)
            } else {
                Kind::Tightened(multiple)
            };
            out.push((kind, format!("multipleOf changed from {old} to {new}")));
        }
        _ => {}
    }
    lower_bound(Limit::MinItems, old.min_items, new.min_items, out);
    upper_bound(Limit::MaxItems, old.max_items, new.max_items, out);
    match (old.unique_items, new.unique_items) {
        (false, true) => out.push((
            Kind::Tightened(Limit::UniqueItems),
            "items must now be unique".to_owned(),
        )),
        (true, false) => out.push((
            Kind::Relaxed(Limit::UniqueItems),
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
        (None, Some(new)) => out.push((
            Kind::Tightened(Limit::Pattern),
            format!("pattern `{new}` was added"),
        )),
        (Some(old), None) => out.push((
            Kind::Relaxed(Limit::Pattern),
            format!("pattern `{old}` was removed"),
        )),
        (Some(old), Some(new)) if old != new => out.push((
            Kind::PatternChanged,
            format!("pattern changed from `{old}` to `{new}`"),
        )),
        _ => {}
    }
}
