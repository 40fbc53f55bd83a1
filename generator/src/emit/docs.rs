//! Doc comments: spec text turned into `#[doc]` attributes that rustdoc and clippy accept.
//!
//! Every line goes through [`sanitize_lines`], in the spirit of prost's
//! `Comments::sanitize_line`: brackets that would be read as broken intra-doc links are
//! escaped, bare URLs are wrapped in `<...>`, stray `<` is escaped so it is not taken for
//! an HTML tag, code blocks are fenced as `text` so they are never doctested, and lazy
//! list continuations are indented.
//!
//! The attributes come from a [`DocSink`], which either holds the text itself or leaves a
//! placeholder that rendering replaces by the text after printing.

use proc_macro2::TokenStream;
use quote::quote;

use crate::doc_placeholder;
use crate::ir;

/// Where the doc text of one emitted file goes: into the `#[doc]` attributes themselves,
/// or collected beside the tokens, with placeholders in the attributes.
///
/// Doc text costs the most per byte to render: quote escapes it, syn unescapes it while
/// parsing and prettyplease again while printing, and every line is an attribute to emit,
/// parse and print. prettyplease prints a one-line doc attribute as `///` and its text
/// (trailing spaces trimmed) on a line of its own, whatever the text is, so putting the
/// lines in after printing, each with the placeholder's indent and marker, gives the same
/// bytes.
#[derive(Debug, Default)]
pub struct DocSink {
    /// The doc blocks collected so far, or `None` when docs go into the attributes.
    blocks: Option<Vec<String>>,
}

impl DocSink {
    /// A sink that collects each run of consecutive doc lines as one block, leaving a
    /// `#[doc]` attribute holding a placeholder (see `doc_placeholder`) in its place.
    pub fn collecting() -> Self {
        Self {
            blocks: Some(Vec::new()),
        }
    }

    /// A sink that puts every doc line in its own attribute.
    pub fn inline() -> Self {
        Self { blocks: None }
    }

    /// The blocks collected, in the order of their placeholders' indexes.
    pub fn into_blocks(self) -> Vec<String> {
        self.blocks.unwrap_or_default()
    }

    /// The values of the `#[doc]` attributes for `lines`: while lines are collected, one
    /// placeholder for each run of lines that are printed as lines; else each line itself.
    fn doc_values(&mut self, lines: &[String]) -> Vec<String> {
        let Some(blocks) = self.blocks.as_mut() else {
            return lines.to_vec();
        };
        let mut values = Vec::new();
        let mut rest = lines;
        while let Some(first) = rest.first() {
            let run = rest
                .iter()
                .position(|line| !printed_as_line(line))
                .unwrap_or(rest.len());
            if run == 0 {
                values.push(first.clone());
                rest = &rest[1..];
                continue;
            }
            values.push(doc_placeholder::placeholder(blocks.len()));
            blocks.push(rest[..run].join("\n"));
            rest = &rest[run..];
        }
        values
    }

    /// One outer `#[doc]` attribute per line (or run of collected lines).
    fn outer_attrs(&mut self, lines: &[String]) -> TokenStream {
        let attrs = self
            .doc_values(lines)
            .into_iter()
            .map(|value| quote! { #[doc = #value] });
        quote! { #(#attrs)* }
    }

    /// One inner `#![doc]` attribute per line (or run of collected lines).
    fn inner_attrs(&mut self, lines: &[String]) -> TokenStream {
        let attrs = self
            .doc_values(lines)
            .into_iter()
            .map(|value| quote! { #![doc = #value] });
        quote! { #(#attrs)* }
    }

    /// One outer `#[doc]` attribute per line: the title, the description, `extra_lines`
    /// (as given, already sentences) and a deprecation note, separated by blank lines.
    /// Empty when there is nothing to say.
    pub fn doc_attrs(&mut self, docs: &ir::Docs, extra_lines: &[String]) -> TokenStream {
        self.outer_attrs(&doc_lines(docs, extra_lines))
    }

    /// One inner `#![doc]` attribute per line of `lines`, sanitized.
    pub fn inner_doc_lines(&mut self, lines: &[String]) -> TokenStream {
        self.inner_attrs(&finish(sanitize_lines(lines)))
    }

    /// One inner `#![doc]` attribute per line of `lines`, which the generator wrote
    /// itself: not sanitized, so that their intra-doc links work.
    pub fn inner_doc_own_lines(&mut self, lines: &[String]) -> TokenStream {
        self.inner_attrs(&finish(lines.to_vec()))
    }

    /// One outer `#[doc]` attribute per line of `lines`, sanitized.
    pub fn outer_doc_lines(&mut self, lines: &[String]) -> TokenStream {
        self.outer_attrs(&finish(sanitize_lines(lines)))
    }
}

/// Whether prettyplease prints a doc attribute holding `line` as `///` (or `//!`) and the
/// line; it prints other lines differently (`#[doc = ...]`, `/** */`).
fn printed_as_line(line: &str) -> bool {
    !line.contains(['\n', '\r']) && !line.starts_with('/')
}

/// The sanitized lines (each starting with a space unless empty) for `docs` and
/// `extra_lines`, as [`DocSink::doc_attrs`] emits them.
pub fn doc_lines(docs: &ir::Docs, extra_lines: &[String]) -> Vec<String> {
    let ir::Docs {
        title,
        description,
        deprecated,
        example,
    } = docs;
    let mut paragraphs: Vec<Vec<String>> = Vec::new();
    let description = description.as_deref().map(str::trim).unwrap_or("");
    let title = title.as_deref().map(str::trim).unwrap_or("");
    if !title.is_empty() && title != description {
        paragraphs.push(split_lines(title));
    }
    if !description.is_empty() {
        paragraphs.push(split_lines(description));
    }
    let mut extra: Vec<String> = extra_lines.to_vec();
    let example = example
        .as_ref()
        .and_then(|example| serde_json::to_string(example).ok())
        .filter(|text| text.len() <= 200);
    if let Some(text) = example {
        extra.push(format!("Example: {}.", code_span(&text)));
    }
    if !extra.is_empty() {
        paragraphs.push(extra);
    }
    if *deprecated {
        paragraphs.push(vec!["Deprecated.".to_owned()]);
    }
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize_lines(&paragraph));
    }
    finish(lines)
}

/// Rustdoc lines describing the validation keywords of `constraints`, one sentence each.
pub fn constraint_lines(constraints: &ir::Constraints) -> Vec<String> {
    let ir::Constraints {
        min_length,
        max_length,
        pattern,
        minimum,
        maximum,
        multiple_of,
        min_items,
        max_items,
        unique_items,
        allowed_values,
    } = constraints;
    let mut lines = Vec::new();
    if let Some(min) = min_length {
        lines.push(format!("Minimum length: {min}."));
    }
    if let Some(max) = max_length {
        lines.push(format!("Maximum length: {max}."));
    }
    if let Some(pattern) = pattern {
        lines.push(format!("Pattern: {}.", code_span(&pattern.regex)));
    }
    if let Some(ir::Bound { value, exclusive }) = minimum {
        let exclusive = if *exclusive { " (exclusive)" } else { "" };
        lines.push(format!("Minimum: {value}{exclusive}."));
    }
    if let Some(ir::Bound { value, exclusive }) = maximum {
        let exclusive = if *exclusive { " (exclusive)" } else { "" };
        lines.push(format!("Maximum: {value}{exclusive}."));
    }
    if let Some(factor) = multiple_of {
        lines.push(format!("Multiple of: {factor}."));
    }
    if let Some(min) = min_items {
        lines.push(format!("Minimum items: {min}."));
    }
    if let Some(max) = max_items {
        lines.push(format!("Maximum items: {max}."));
    }
    if *unique_items {
        lines.push("Items must be unique.".to_owned());
    }
    if let Some(values) = allowed_values {
        let values: Vec<String> = values
            .iter()
            .map(|value| code_span(&value.to_string()))
            .collect();
        lines.push(format!("Allowed values: {}.", values.join(", ")));
    }
    lines
}

/// `text` as a Markdown code span, with a fence longer than any run of backticks inside.
pub fn code_span(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// Splits text on every kind of line break.
fn split_lines(text: &str) -> Vec<String> {
    if !text.contains('\r') {
        return text.split('\n').map(str::to_owned).collect();
    }
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_owned)
        .collect()
}

/// Prefixes non-empty lines with a space (so `///` is followed by one) and drops leading
/// and trailing blank lines and repeated blank lines.
fn finish(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        if line.is_empty() {
            if out.last().is_some_and(|last| !last.is_empty()) {
                out.push(line);
            }
        } else {
            out.push(format!(" {line}"));
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Cleans Markdown lines for rustdoc. The result has no line breaks inside a line and no
/// trailing spaces.
pub fn sanitize_lines(lines: &[String]) -> Vec<String> {
    let mut raw = Vec::new();
    for line in lines {
        raw.extend(split_lines(line));
    }
    let mut out = Vec::with_capacity(raw.len());
    // The fence that opened the current fenced block, if inside one.
    let mut fence: Option<String> = None;
    // Inside an indented code block that we fence as `text`.
    let mut indented = false;
    // The content indent of the list item the previous line belongs to.
    let mut list_indent: Option<usize> = None;
    let mut previous_blank = true;
    for line in raw {
        let mut line = if line.contains(char::is_control) {
            clean_chars(&line)
        } else {
            line
        };
        line.truncate(line.trim_end().len());
        if let Some(open) = &fence {
            if is_closing_fence(&line, open) {
                fence = None;
            }
            out.push(line);
            continue;
        }
        if indented {
            if line.is_empty() || leading_spaces(&line) >= 4 {
                out.push(dedent(&line, 4));
                continue;
            }
            indented = false;
            close_text_block(&mut out);
        }
        if let Some((marker, info)) = opening_fence(&line) {
            let indent = leading_spaces(&line);
            let info = if info.is_empty() || info.split([',', ' ']).any(|word| word == "rust") {
                "text".to_owned()
            } else {
                info
            };
            out.push(format!("{}{marker}{info}", " ".repeat(indent)));
            fence = Some(marker);
            list_indent = None;
            previous_blank = false;
            continue;
        }
        if line.is_empty() {
            out.push(line);
            previous_blank = true;
            continue;
        }
        let spaces = leading_spaces(&line);
        if spaces >= 4 && previous_blank && list_indent.is_none() {
            out.push("```text".to_owned());
            out.push(dedent(&line, 4));
            indented = true;
            previous_blank = false;
            continue;
        }
        let text = if let Some(width) = list_item_width(&line) {
            list_indent = Some(spaces + width);
            line
        } else if let Some(indent) = list_indent {
            if previous_blank && spaces < indent {
                list_indent = None;
                line
            } else {
                format!("{}{}", " ".repeat(indent), line.trim_start())
            }
        } else {
            line
        };
        out.push(sanitize_inline(&text));
        previous_blank = false;
    }
    if indented {
        close_text_block(&mut out);
    } else if fence.is_some() {
        out.push(fence.unwrap_or_default());
    }
    out
}

/// Closes an indented code block, moving trailing blank lines after the fence.
fn close_text_block(out: &mut Vec<String>) {
    let mut blanks = 0;
    while out.last().is_some_and(String::is_empty) {
        out.pop();
        blanks += 1;
    }
    out.push("```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blanks));
}

/// Replaces control characters (which cannot appear in a `///` comment) with spaces.
fn clean_chars(line: &str) -> String {
    line.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn dedent(line: &str, width: usize) -> String {
    let spaces = leading_spaces(line).min(width);
    line[spaces..].to_owned()
}

/// The fence (```` ``` ```` or `~~~`, any length) and info string of an opening fence.
fn opening_fence(line: &str) -> Option<(String, String)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let marker_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = trimmed.len() - trimmed.trim_start_matches(marker_char).len();
    if length < 3 {
        return None;
    }
    let info = trimmed[length..].trim();
    if marker_char == '`' && info.contains('`') {
        return None;
    }
    Some((marker_char.to_string().repeat(length), info.to_owned()))
}

fn is_closing_fence(line: &str, open: &str) -> bool {
    let trimmed = line.trim();
    let Some(marker_char) = open.chars().next() else {
        return true;
    };
    trimmed.len() >= open.len() && trimmed.chars().all(|c| c == marker_char)
}

/// The width of a list marker and the space after it (`- `, `* `, `+ `, `1. `, `1) `).
fn list_item_width(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    let bytes = trimmed.as_bytes();
    match bytes {
        [b'-' | b'*' | b'+', b' ', ..] => Some(2),
        _ => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if (1..=9).contains(&digits)
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && bytes.get(digits + 1) == Some(&b' ')
            {
                Some(digits + 2)
            } else {
                None
            }
        }
    }
}

/// Escapes what rustdoc would misread in one line of prose, leaving code spans alone.
fn sanitize_inline(line: &str) -> String {
    // Most prose has nothing to escape.
    if !line.contains(['\\', '`', '[', ']', '<']) && !line.contains("http") {
        return line.to_owned();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                // Keep escapes as they are, including `\[`.
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
            }
            '`' => {
                let run = count_run(&chars, i, '`');
                match find_closing_run(&chars, i + run, run) {
                    Some(end) => {
                        out.extend(&chars[i..end + run]);
                        i = end + run;
                    }
                    None => {
                        out.extend(&chars[i..i + run]);
                        i += run;
                    }
                }
            }
            '[' => match markdown_link_end(&chars, i) {
                Some(end) => {
                    // `[text](url)`: keep the link, sanitizing its text.
                    let close = chars[i..end]
                        .iter()
                        .position(|c| *c == ']')
                        .map_or(end, |p| i + p);
                    let text: String = chars[i + 1..close].iter().collect();
                    out.push('[');
                    out.push_str(&sanitize_inline(&text));
                    out.extend(&chars[close..end]);
                    i = end;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => match autolink_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                }
                None => {
                    out.push_str("&lt;");
                    i += 1;
                }
            },
            'h' if starts_url(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn count_run(chars: &[char], start: usize, c: char) -> usize {
    chars[start..].iter().take_while(|x| **x == c).count()
}

/// The start of a run of exactly `run` backticks at or after `from`.
fn find_closing_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let length = count_run(chars, i, '`');
            if length == run {
                return Some(i);
            }
            i += length;
        } else {
            i += 1;
        }
    }
    None
}

/// The end (exclusive) of `[text](url)` starting at `start`, if it is one.
fn markdown_link_end(chars: &[char], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < chars.len() && chars[i] != ']' {
        if chars[i] == '[' {
            return None;
        }
        i += 1;
    }
    if chars.get(i + 1) != Some(&'(') {
        return None;
    }
    let mut j = i + 2;
    while j < chars.len() && chars[j] != ')' {
        if chars[j].is_whitespace() {
            return None;
        }
        j += 1;
    }
    (j < chars.len()).then_some(j + 1)
}

/// The end (exclusive) of `<scheme://...>` starting at `start`, if it is one.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    if !starts_url(chars, start + 1) && !starts_with(chars, start + 1, "mailto:") {
        return None;
    }
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '>' => return Some(i + 1),
            '<' => return None,
            c if c.is_whitespace() => return None,
            _ => i += 1,
        }
    }
    None
}

fn starts_with(chars: &[char], start: usize, prefix: &str) -> bool {
    prefix
        .chars()
        .enumerate()
        .all(|(offset, p)| chars.get(start + offset) == Some(&p))
}

/// Whether a bare `http://` or `https://` URL starts at `start` (at a word boundary).
fn starts_url(chars: &[char], start: usize) -> bool {
    let boundary = start == 0 || !chars[start - 1].is_alphanumeric();
    boundary
        && (starts_with(chars, start, "http://") || starts_with(chars, start, "https://"))
        && chars.get(start + 8).is_some_and(|c| !c.is_whitespace())
}

/// The end (exclusive) of a bare URL: up to whitespace or `<`/`>`, without trailing
/// punctuation and without a closing parenthesis that has no opening one in the URL.
fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>') {
        end += 1;
    }
    while let Some(last) = end.checked_sub(1).map(|i| chars[i]) {
        let unbalanced_paren = last == ')' && {
            let url = &chars[start..end];
            url.iter().filter(|c| **c == '(').count() < url.iter().filter(|c| **c == ')').count()
        };
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ']' | '*' | '_'
        ) || unbalanced_paren
        {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

/// Inner doc attributes for `lines`, present only with `feature`:
/// `#![cfg_attr(feature = "...", doc = " line")]`, blank lines left empty.
pub fn feature_doc(feature: &str, lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![cfg_attr(feature = #feature, doc = #line)] }
    });
    quote! { #(#attrs)* }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sanitize(text: &str) -> Vec<String> {
        sanitize_lines(&[text.to_owned()])
    }

    #[test]
    fn brackets_urls_and_tags_are_escaped() {
        assert_eq!(
            sanitize("See [the docs](https://x.y/z) or [1] at https://example.com/a_(b)."),
            vec!["See [the docs](https://x.y/z) or \\[1\\] at <https://example.com/a_(b)>."]
        );
        assert_eq!(
            sanitize("A Vec<String> `Vec<[u8]>`"),
            vec!["A Vec&lt;String> `Vec<[u8]>`"]
        );
        assert_eq!(sanitize("<https://a.b> stays"), vec!["<https://a.b> stays"]);
    }

    #[test]
    fn code_blocks_are_not_doctested() {
        assert_eq!(
            sanitize("Example:\n\n    let x = 1;\n    x\n\nDone."),
            vec![
                "Example:",
                "",
                "```text",
                "let x = 1;",
                "x",
                "```",
                "",
                "Done."
            ]
        );
        assert_eq!(
            sanitize("```\nfn main() {}\n```\n```json\n{\"a\": [1]}\n```"),
            vec![
                "```text",
                "fn main() {}",
                "```",
                "```json",
                "{\"a\": [1]}",
                "```"
            ]
        );
        assert_eq!(
            sanitize("```\nunclosed"),
            vec!["```text", "unclosed", "```"]
        );
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            sanitize("- one\ncontinued\n1. two\n      over\n\nafter"),
            vec!["- one", "  continued", "1. two", "   over", "", "after"]
        );
    }

    #[test]
    fn code_spans_grow_their_fence() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("^[a-z]$"), "`^[a-z]$`");
    }
}
