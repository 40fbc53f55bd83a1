//! An operation's lifecycle: deprecation, `x-sunset` dates and `x-stability-level`.

use std::time::{SystemTime, UNIX_EPOCH};

use super::place::Place;
use super::{Rule, Walk};
use crate::ir;

impl Walk<'_> {
    /// Deprecation and stability changes of an operation present on both sides.
    pub(super) fn lifecycle(&mut self, old: &ir::Operation, new: &ir::Operation) {
        let root = Place::root();
        if !old.docs.deprecated && new.docs.deprecated {
            match &new.lifecycle.sunset {
                Some(sunset) => self.push(
                    Rule::OperationDeprecated,
                    &root,
                    format!("operation `{}` is deprecated, sunset {sunset}", new.id),
                ),
                None => self.push(
                    Rule::OperationDeprecatedWithoutSunset,
                    &root,
                    format!(
                        "operation `{}` is deprecated without an `x-sunset` date",
                        new.id
                    ),
                ),
            }
        }
        match (old.lifecycle.stability, new.lifecycle.stability) {
            (Some(old_level), Some(new_level)) if new_level < old_level => self.push(
                Rule::OperationStabilityDecreased,
                &root,
                format!(
                    "stability level went down from `{}` to `{}`",
                    old_level.as_str(),
                    new_level.as_str()
                ),
            ),
            (Some(old_level), Some(new_level)) if new_level > old_level => self.push(
                Rule::OperationStabilityIncreased,
                &root,
                format!(
                    "stability level went up from `{}` to `{}`",
                    old_level.as_str(),
                    new_level.as_str()
                ),
            ),
            (None, Some(new_level)) => self.push(
                Rule::OperationStabilityIncreased,
                &root,
                format!("stability level `{}` was set", new_level.as_str()),
            ),
            _ => {}
        }
    }

    /// An operation removed: as announced when it was deprecated and its sunset date has
    /// come, too early when the date is still ahead.
    pub(super) fn operation_removed(&mut self, old: &ir::Operation, today: &str) {
        let sunset = old
            .lifecycle
            .sunset
            .as_deref()
            .filter(|_| old.docs.deprecated)
            .map(|sunset| sunset.get(..10).unwrap_or(sunset));
        let (rule, message) = match sunset {
            Some(date) if date <= today => (
                Rule::OperationRemovedAfterSunset,
                format!("operation `{}` was removed after its sunset {date}", old.id),
            ),
            Some(date) => (
                Rule::OperationRemovedBeforeSunset,
                format!(
                    "operation `{}` was removed before its sunset {date}",
                    old.id
                ),
            ),
            None => (
                Rule::OperationRemoved,
                format!("operation `{}` was removed", old.id),
            ),
        };
        self.push(rule, &Place::root(), message);
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(super) fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date `days` days after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::civil_date;

    #[test]
    fn civil_dates_follow_the_calendar() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(59), "1970-03-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_454), "2026-01-01");
    }
}
