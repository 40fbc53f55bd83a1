//! The doc placeholder that emitting writes in place of doc text and rendering replaces by
//! that text, so that neither stage needs the other.

/// The character that starts a doc placeholder; sanitized doc text never holds control
/// characters.
pub const MARK: char = '\u{1}';

/// The placeholder for the doc block at `index`: the mark and the index.
pub fn placeholder(index: usize) -> String {
    format!("{MARK}{index}")
}

/// The index a placeholder names, if `text` is exactly one.
pub fn index(text: &str) -> Option<usize> {
    let digits = text.strip_prefix(MARK)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}
