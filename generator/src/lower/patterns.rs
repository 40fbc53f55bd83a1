//! What a pattern says about the length of the strings it accepts, so that a length check
//! the pattern implies is not made (and reported) twice.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::ir;

/// The lengths, in characters, of the strings `regex` accepts, when it fixes them: it is
/// anchored at both ends (`^…$`, so that a match is the whole string), and every part has
/// a known length. `None` otherwise, and for a regex that does not parse.
pub(super) fn match_lengths(regex: &str) -> Option<ir::Lengths> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let properties = hir.properties();
    let anchored = properties.look_set_prefix().contains(Look::Start)
        && properties.look_set_suffix().contains(Look::End);
    if !anchored {
        return None;
    }
    lengths(&hir)
}

/// The lengths of what `hir` matches, in characters.
fn lengths(hir: &Hir) -> Option<ir::Lengths> {
    let exactly = |n: u64| ir::Lengths {
        min: n,
        max: Some(n),
    };
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exactly(0),
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            exactly(text.chars().count() as u64)
        }
        // A Unicode class matches one character; a byte class (`(?-u)`) one byte, which is
        // not a character count.
        HirKind::Class(Class::Unicode(_)) => exactly(1),
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Repetition(repetition) => {
            let inner = lengths(&repetition.sub)?;
            ir::Lengths {
                min: inner.min.checked_mul(u64::from(repetition.min))?,
                max: match (inner.max, repetition.max) {
                    (Some(0), _) => Some(0),
                    (Some(max), Some(count)) => Some(max.checked_mul(u64::from(count))?),
                    _ => None,
                },
            }
        }
        HirKind::Capture(capture) => lengths(&capture.sub)?,
        HirKind::Concat(parts) => {
            let mut total = exactly(0);
            for part in parts {
                let part = lengths(part)?;
                total.min = total.min.checked_add(part.min)?;
                total.max = match (total.max, part.max) {
                    (Some(a), Some(b)) => Some(a.checked_add(b)?),
                    _ => None,
                };
            }
            total
        }
        HirKind::Alternation(branches) => {
            let mut branches = branches.iter().map(lengths);
            let mut range = branches.next()??;
            for branch in branches {
                let branch = branch?;
                range.min = range.min.min(branch.min);
                range.max = range.max.zip(branch.max).map(|(a, b)| a.max(b));
            }
            range
        }
    })
}

#[cfg(test)]
mod tests {
    use super::match_lengths;
    use crate::ir::Lengths;

    fn range(min: u64, max: Option<u64>) -> Option<Lengths> {
        Some(Lengths { min, max })
    }

    #[test]
    fn anchored_patterns_of_known_parts_fix_their_lengths() {
        let cases = [
            (r"^[a-z]{2}_[0-9]{32}$", range(35, Some(35))),
            (r"^[A-Z]{2}$", range(2, Some(2))),
            (r"^\d{3,5}$", range(3, Some(5))),
            (r"^[a-z]+$", range(1, None)),
            (r"^(GB|FR|DE)$", range(2, Some(2))),
            (r"^(a|bcd)x?$", range(1, Some(4))),
            (r"^é{2}$", range(2, Some(2))),
            (r"^(?:ab)*$", range(0, None)),
            (r"^$", range(0, Some(0))),
        ];
        for (pattern, expected) in cases {
            assert_eq!(match_lengths(pattern), expected, "{pattern}");
        }
    }

    #[test]
    fn patterns_that_do_not_fix_whole_strings_give_nothing() {
        for pattern in [
            r"[a-z]{2}",
            r"^[a-z]{2}",
            r"[a-z]{2}$",
            r"(?m)^[a-z]{2}$",
            r"^a$|b",
            r"(?-u)^[\x00-\xff]$",
            r"^(",
        ] {
            assert_eq!(match_lengths(pattern), None, "{pattern}");
        }
    }
}
