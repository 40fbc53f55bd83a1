//! The `default` of an optional request value: what a server assumes when a client omits it.

use serde_json::Value;

use super::place::Place;
use super::{Rule, Walk};

/// The rules of a default added, changed or removed, for parameters or request properties.
pub(super) struct DefaultRules {
    pub(super) added: Rule,
    pub(super) changed: Rule,
    pub(super) removed: Rule,
}

pub(super) const PARAMETER: DefaultRules = DefaultRules {
    added: Rule::ParameterDefaultAdded,
    changed: Rule::ParameterDefaultChanged,
    removed: Rule::ParameterDefaultRemoved,
};

pub(super) const REQUEST_PROPERTY: DefaultRules = DefaultRules {
    added: Rule::RequestPropertyDefaultAdded,
    changed: Rule::RequestPropertyDefaultChanged,
    removed: Rule::RequestPropertyDefaultRemoved,
};

impl Walk<'_> {
    /// Compares the defaults of an optional request value.
    pub(super) fn default_value(
        &mut self,
        old: Option<&Value>,
        new: Option<&Value>,
        rules: &DefaultRules,
        place: &Place,
    ) {
        match (old, new) {
            (None, Some(new)) => {
                self.push(rules.added, place, format!("default `{new}` was added"));
            }
            (Some(old), None) => {
                self.push(rules.removed, place, format!("default `{old}` was removed"));
            }
            (Some(old), Some(new)) if old != new => self.push(
                rules.changed,
                place,
                format!("default changed from `{old}` to `{new}`"),
            ),
            _ => {}
        }
    }
}
