//! The text of failures: what each operation's `Failure` and the API's error bodies show
//! through `Display`.

use std::fmt;

/// The most characters of a body that an error message shows.
pub const EXCERPT_CHARS: usize = 200;

/// The start of `bytes` as text: at most `max_chars` characters, invalid UTF-8 replaced
/// by `U+FFFD`, and never a character cut in two where the excerpt ends. Only the bytes the
/// excerpt can hold are read.
pub fn excerpt(bytes: &[u8], max_chars: usize) -> String {
    // A character takes at most four bytes.
    let head = &bytes[..bytes.len().min(max_chars.saturating_mul(4))];
    let head = match std::str::from_utf8(head) {
        Err(error) if error.error_len().is_none() && head.len() < bytes.len() => {
            // The cut fell inside a character: end before it.
            &head[..error.valid_up_to()]
        }
        _ => head,
    };
    String::from_utf8_lossy(head).chars().take(max_chars).collect()
}

/// Writes a failure: `the API answered with status 404 Not Found`, then `: ` and what the
/// body says, if it has one.
pub fn write_failure(
    f: &mut fmt::Formatter<'_>,
    status: http::StatusCode,
    body: Option<&dyn fmt::Display>,
) -> fmt::Result {
    write!(f, "the API answered with status {status}")?;
    match body {
        Some(body) => write!(f, ": {body}"),
        None => Ok(()),
    }
}

/// Writes the head of an error body: `{code}: {message}`, or whichever of them it has.
pub fn write_summary(
    f: &mut fmt::Formatter<'_>,
    code: Option<&str>,
    message: Option<&str>,
) -> fmt::Result {
    match (code, message) {
        (Some(code), Some(message)) => write!(f, "{code}: {message}"),
        (Some(text), None) | (None, Some(text)) => f.write_str(text),
        (None, None) => f.write_str("no message"),
    }
}

/// Writes one problem of an error body's details: `{property}: {message} ({code})`,
/// leaving out what it lacks.
pub fn write_detail(
    f: &mut fmt::Formatter<'_>,
    property: Option<&str>,
    code: Option<&str>,
    message: Option<&str>,
) -> fmt::Result {
    f.write_str(&detail_text(property, code, message, None))
}

/// Writes the problems of an error body, each `(property, code, message)`, as ` [{a};
/// {b}]` (see [`write_detail`]), leaving out a message that only repeats `summary` (the
/// body's own message). Writes nothing when there is nothing to show.
pub fn write_details<'a>(
    f: &mut fmt::Formatter<'_>,
    details: impl IntoIterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
    summary: Option<&str>,
) -> fmt::Result {
    let mut separator = " [";
    for (property, code, message) in details {
        let text = detail_text(property, code, message, summary);
        if !text.is_empty() {
            write!(f, "{separator}{text}")?;
            separator = "; ";
        }
    }
    if separator == "; " {
        f.write_str("]")?;
    }
    Ok(())
}

fn detail_text(
    property: Option<&str>,
    code: Option<&str>,
    message: Option<&str>,
    summary: Option<&str>,
) -> String {
    let nonempty = |text: &&str| !text.is_empty();
    let property = property.filter(nonempty);
    let message = message
        .filter(nonempty)
        .filter(|message| Some(*message) != summary);
    let mut text = String::new();
    if let Some(property) = property {
        text.push_str(property);
    }
    if let Some(message) = message {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(message);
    }
    if let Some(code) = code.filter(nonempty) {
        if text.is_empty() {
            text.push_str(code);
        } else {
            text.push_str(&format!(" ({code})"));
        }
    }
    text
}

/// Writes ` (correlation id {id})` when there is an id.
pub fn write_correlation_id(f: &mut fmt::Formatter<'_>, id: Option<&str>) -> fmt::Result {
    match id {
        Some(id) if !id.is_empty() => write!(f, " (correlation id {id})"),
        _ => Ok(()),
    }
}

/// Shows a value as compact JSON, cut to [`EXCERPT_CHARS`] characters: the text of a
/// body without a message of its own.
#[derive(Debug)]
pub struct Json<'a, T: ?Sized>(pub &'a T);

impl<T: serde::Serialize + ?Sized> fmt::Display for Json<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_vec(self.0) {
            Ok(json) => write_excerpt(f, &json),
            Err(_) => f.write_str("a body that cannot be shown as JSON"),
        }
    }
}

/// Shows text cut to [`EXCERPT_CHARS`] characters.
#[derive(Debug)]
pub struct Text<'a>(pub &'a str);

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_excerpt(f, self.0.as_bytes())
    }
}

/// Shows bytes as text cut to [`EXCERPT_CHARS`] characters.
#[derive(Debug)]
pub struct Bytes<'a>(pub &'a [u8]);

impl fmt::Display for Bytes<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("an empty body");
        }
        write_excerpt(f, self.0)
    }
}

fn write_excerpt(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    let text = excerpt(bytes, EXCERPT_CHARS);
    f.write_str(&text)?;
    if text.len() < bytes.len() && text.chars().count() == EXCERPT_CHARS {
        f.write_str("…")?;
    }
    Ok(())
}
