//! How deep a YAML text nests flow collections, measured in one pass before parsing, so
//! that a document nested past the limit is refused in time proportional to its size.

/// The byte offset of the `[` or `{` that opens a flow collection nested deeper than
/// `limit` flow collections, if any: one pass over the text that knows enough YAML to skip
/// comments, quoted scalars, block scalars and brackets inside plain scalars. It errs only
/// towards counting too few, so it never refuses a document whose nesting is within the
/// limit (a document it misreads is left to the parser).
pub(super) fn deep_flow(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |index: usize| bytes.get(index).copied();
    let blank = |byte: Option<u8>| matches!(byte, None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    let mut depth = 0usize;
    let mut index = 0;
    // Block context: whether the next token starts a node, the column where the current
    // node (a key or a `-` entry) starts, and where the current line starts.
    let mut node_start = true;
    let mut node_column = 0;
    let mut line_start = 0;
    let mut fresh_line = true;
    while let Some(byte) = at(index) {
        let previous = index.checked_sub(1).and_then(at);
        if depth > 0 {
            let token_start = matches!(
                previous,
                None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'[' | b'{' | b',' | b':' | b'?')
            );
            match byte {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(index);
                    }
                    index += 1;
                }
                b']' | b'}' => {
                    depth -= 1;
                    node_start = false;
                    index += 1;
                }
                b'"' | b'\'' if token_start => index = after_quoted(bytes, index),
                b'#' if blank(previous) => index = line_end(bytes, index),
                b'\n' => {
                    line_start = index + 1;
                    index += 1;
                }
                _ => index += 1,
            }
            continue;
        }
        if fresh_line {
            fresh_line = false;
            let rest = bytes.get(index..).unwrap_or_default();
            let indent = rest.iter().take_while(|&&b| b == b' ').count();
            index += indent;
            node_start = true;
            node_column = indent;
            let rest = bytes.get(index..).unwrap_or_default();
            if (rest.starts_with(b"---") || rest.starts_with(b"...")) && blank(at(index + 3)) {
                index += 3;
            }
            continue;
        }
        match byte {
            b'\n' => {
                index += 1;
                line_start = index;
                fresh_line = true;
            }
            b' ' | b'\t' | b'\r' => index += 1,
            b'#' if blank(previous) => index = line_end(bytes, index),
            b'[' | b'{' if node_start => {
                depth = 1;
                if depth > limit {
                    return Some(index);
                }
                index += 1;
            }
            b'"' | b'\'' if node_start => {
                node_column = index - line_start;
                node_start = false;
                index = after_quoted(bytes, index);
            }
            b'|' | b'>' if node_start => {
                // The content is every following line that is blank or indented deeper
                // than the node that holds the scalar.
                index = line_end(bytes, index);
                while index < bytes.len() {
                    let line = bytes
                        .get(index + 1..line_end(bytes, index + 1))
                        .unwrap_or_default();
                    let indent = line.iter().take_while(|&&b| b == b' ').count();
                    let is_blank = line.iter().all(|&b| b == b' ' || b == b'\r');
                    if !is_blank && indent <= node_column {
                        break;
                    }
                    index = line_end(bytes, index + 1);
                }
                node_start = false;
            }
            b'-' | b'?' if node_start && blank(at(index + 1)) => {
                node_column = index - line_start;
                index += 1;
            }
            b':' if blank(at(index + 1)) => {
                node_start = true;
                index += 1;
            }
            b'&' | b'!' if node_start => {
                while !blank(at(index)) {
                    index += 1;
                }
            }
            _ => {
                if node_start {
                    node_column = index - line_start;
                }
                node_start = false;
                index += 1;
            }
        }
    }
    None
}

/// The offset just past the quoted scalar that starts at `start` (past the end of the
/// text when it is not closed).
fn after_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes.get(start).copied();
    let mut index = start + 1;
    while let Some(byte) = bytes.get(index).copied() {
        match (quote, byte) {
            (Some(b'"'), b'\\') => index += 2,
            (Some(b'\''), b'\'') if bytes.get(index + 1) == Some(&b'\'') => index += 2,
            (_, byte) if Some(byte) == quote => return index + 1,
            _ => index += 1,
        }
    }
    index
}

/// The offset of the line end (`\n`, or the end of the text) at or after `index`.
fn line_end(bytes: &[u8], index: usize) -> usize {
    bytes
        .get(index..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map_or(bytes.len(), |offset| index + offset)
}
