//! The locator: a best-effort scanner from JSON pointers to lines and columns of the source.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::pointer;

/// Lazily built index from JSON pointers (without `#`) to 1-based line and column.
#[derive(Default)]
pub(super) struct Locator {
    index: OnceLock<HashMap<String, (usize, usize)>>,
}

impl fmt::Debug for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locator")
            .field("built", &self.index.get().is_some())
            .finish()
    }
}

impl Locator {
    pub(super) fn locate(&self, source: &str, pointer: &str) -> Option<(usize, usize)> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        if pointer.is_empty() {
            return Some((1, 1));
        }
        let index = self.index.get_or_init(|| Scanner::index(source));
        index.get(pointer).copied()
    }

    /// The node `pointer` names, or its nearest ancestor that the scanner found; `None`
    /// for the root.
    pub(super) fn locate_nearest(&self, source: &str, pointer: &str) -> Option<(usize, usize)> {
        let mut current = pointer.strip_prefix('#').unwrap_or(pointer);
        loop {
            if current.is_empty() {
                return None;
            }
            if let Some(position) = self.locate(source, current) {
                return Some(position);
            }
            current = match current.rfind('/') {
                Some(index) => current.get(..index).unwrap_or(""),
                None => "",
            };
        }
    }
}

/// The source scanner behind the locator.
struct Scanner {
    lines: Vec<Vec<char>>,
    index: HashMap<String, (usize, usize)>,
}

/// One open node of block YAML.
#[derive(Debug)]
struct BlockFrame {
    /// Column of the key or dash; the root has none.
    indent: Option<usize>,
    segment: Option<String>,
    is_item: bool,
    /// How many `- ` items this node has had.
    items: usize,
}

/// One open collection of flow YAML or JSON.
#[derive(Debug)]
enum FlowFrame {
    Map {
        key: Option<String>,
        expect_key: bool,
    },
    Seq {
        index: usize,
    },
}

/// What follows a key or dash on its line, in block YAML.
enum Continue {
    /// Go on with the next line.
    NextLine,
    /// Skip lines indented deeper than this column (a scalar that may continue).
    SkipDeeper(usize),
    /// Resume at this line (after a multi-line flow collection or quoted scalar).
    AtLine(usize),
}

impl Scanner {
    fn index(source: &str) -> HashMap<String, (usize, usize)> {
        let lines = source
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line).chars().collect())
            .collect();
        let mut scanner = Scanner {
            lines,
            index: HashMap::new(),
        };
        let first = scanner.skip_blank((0, 0));
        let starts_flow = matches!(scanner.char_at(first), Some('{' | '['));
        if starts_flow {
            scanner.flow(first, &[]);
        } else {
            scanner.block();
        }
        scanner.index
    }

    fn char_at(&self, (line, column): (usize, usize)) -> Option<char> {
        self.lines.get(line)?.get(column).copied()
    }

    fn line_len(&self, line: usize) -> usize {
        self.lines.get(line).map_or(0, Vec::len)
    }

    fn record(&mut self, segments: &[String], (line, column): (usize, usize)) {
        self.index
            .entry(pointer::join("", segments))
            .or_insert((line + 1, column + 1));
    }

    /// The next position, wrapping to the next line.
    fn next_pos(&self, (line, column): (usize, usize)) -> (usize, usize) {
        if column + 1 < self.line_len(line) {
            (line, column + 1)
        } else {
            (line + 1, 0)
        }
    }

    /// Skips whitespace, line ends and `#` comments.
    fn skip_blank(&self, mut pos: (usize, usize)) -> (usize, usize) {
        while pos.0 < self.lines.len() {
            match self.char_at(pos) {
                None => pos = (pos.0 + 1, 0),
                Some(' ' | '\t') => pos = self.next_pos(pos),
                Some('#') => pos = (pos.0 + 1, 0),
                Some(_) => return pos,
            }
        }
        pos
    }

    /// Reads a quoted string starting at its quote, across lines; returns the text and the
    /// position after the closing quote.
    fn quoted(&self, start: (usize, usize)) -> (String, (usize, usize)) {
        let quote = self.char_at(start).unwrap_or('"');
        let mut text = String::new();
        let mut pos = self.next_pos(start);
        while pos.0 < self.lines.len() {
            let Some(c) = self.char_at(pos) else {
                text.push(' ');
                pos = (pos.0 + 1, 0);
                continue;
            };
            if c == quote {
                let after = (pos.0, pos.1 + 1);
                if quote == '\'' && self.char_at(after) == Some('\'') {
                    text.push('\'');
                    pos = self.next_pos(after);
                    continue;
                }
                return (text, after);
            }
            if c == '\\' && quote == '"' {
                let mut escaped_pos = (pos.0, pos.1 + 1);
                match self.char_at(escaped_pos) {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('u') => {
                        let hex: String = (2..6)
                            .filter_map(|offset| self.char_at((pos.0, pos.1 + offset)))
                            .collect();
                        if let Some(decoded) =
                            u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32)
                        {
                            text.push(decoded);
                            escaped_pos = (pos.0, pos.1 + 5);
                        }
                    }
                    Some(other) => text.push(other),
                    None => {}
                }
                pos = self.next_pos(escaped_pos);
                continue;
            }
            text.push(c);
            pos = self.next_pos(pos);
        }
        (text, pos)
    }

    /// Scans a flow collection (or a whole JSON document) starting at `start`, recording
    /// keys and items under `prefix`; returns the position after it.
    fn flow(&mut self, start: (usize, usize), prefix: &[String]) -> (usize, usize) {
        let mut stack: Vec<FlowFrame> = Vec::new();
        let mut pos = start;
        loop {
            pos = self.skip_blank(pos);
            let Some(c) = self.char_at(pos) else {
                return pos;
            };
            match c {
                '{' | '[' => {
                    self.flow_value_start(prefix, &mut stack, pos);
                    stack.push(if c == '{' {
                        FlowFrame::Map {
                            key: None,
                            expect_key: true,
                        }
                    } else {
                        FlowFrame::Seq { index: 0 }
                    });
                    pos = self.next_pos(pos);
                }
                '}' | ']' => {
                    stack.pop();
                    pos = (pos.0, pos.1 + 1);
                    if stack.is_empty() {
                        return pos;
                    }
                }
                ',' => {
                    match stack.last_mut() {
                        Some(FlowFrame::Map { key, expect_key }) => {
                            *key = None;
                            *expect_key = true;
                        }
                        Some(FlowFrame::Seq { index }) => *index += 1,
                        None => return pos,
                    }
                    pos = self.next_pos(pos);
                }
                ':' => {
                    if let Some(FlowFrame::Map { expect_key, .. }) = stack.last_mut() {
                        *expect_key = false;
                    }
                    pos = self.next_pos(pos);
                }
                _ => {
                    let (text, end) = if c == '"' || c == '\'' {
                        self.quoted(pos)
                    } else {
                        self.plain_in_flow(pos)
                    };
                    if stack.is_empty() {
                        return end;
                    }
                    let is_key = matches!(
                        stack.last(),
                        Some(FlowFrame::Map {
                            expect_key: true,
                            ..
                        })
                    );
                    if is_key {
                        let mut segments = flow_segments(prefix, &stack);
                        segments.push(text.clone());
                        self.record(&segments, pos);
                        if let Some(FlowFrame::Map { key, .. }) = stack.last_mut() {
                            *key = Some(text);
                        }
                    } else {
                        self.flow_value_start(prefix, &mut stack, pos);
                    }
                    pos = if end == pos { self.next_pos(pos) } else { end };
                }
            }
        }
    }

    /// Records the position of a sequence item when a value starts in a flow sequence.
    fn flow_value_start(
        &mut self,
        prefix: &[String],
        stack: &mut [FlowFrame],
        pos: (usize, usize),
    ) {
        if let Some(FlowFrame::Seq { .. }) = stack.last() {
            let segments = flow_segments(prefix, stack);
            self.record(&segments, pos);
        }
    }

    /// Reads a plain scalar inside a flow collection; stops at a flow indicator, at `: `
    /// or at the end of the line.
    fn plain_in_flow(&self, start: (usize, usize)) -> (String, (usize, usize)) {
        let mut text = String::new();
        let mut column = start.1;
        while let Some(c) = self.char_at((start.0, column)) {
            if matches!(c, ',' | '[' | ']' | '{' | '}') {
                break;
            }
            if c == ':' {
                let next = self.char_at((start.0, column + 1));
                if matches!(next, None | Some(' ' | ',' | ']' | '}' | '\t')) {
                    break;
                }
            }
            if c == '#' && text.ends_with(' ') {
                break;
            }
            text.push(c);
            column += 1;
        }
        (text.trim_end().to_string(), (start.0, column))
    }

    /// Scans block YAML line by line.
    fn block(&mut self) {
        let mut frames = vec![BlockFrame {
            indent: None,
            segment: None,
            is_item: false,
            items: 0,
        }];
        let mut skip_deeper: Option<usize> = None;
        let mut line = 0;
        while line < self.lines.len() {
            let indent = self
                .lines
                .get(line)
                .map_or(0, |chars| chars.iter().take_while(|c| **c == ' ').count());
            let first = self.char_at((line, indent));
            if first.is_none() || first == Some('#') {
                line += 1;
                continue;
            }
            if let Some(limit) = skip_deeper {
                if indent > limit {
                    line += 1;
                    continue;
                }
                skip_deeper = None;
            }
            if indent == 0 && self.starts_with(line, 0, "---") || self.starts_with(line, 0, "...") {
                frames.truncate(1);
                line += 1;
                continue;
            }
            match self.block_node(line, indent, &mut frames) {
                Continue::NextLine => line += 1,
                Continue::SkipDeeper(column) => {
                    skip_deeper = Some(column);
                    line += 1;
                }
                Continue::AtLine(next) => line = next.max(line + 1),
            }
        }
    }

    fn starts_with(&self, line: usize, column: usize, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(offset, c)| self.char_at((line, column + offset)) == Some(c))
    }

    /// Handles the node that starts at `column` of `line`: items, keys and values.
    fn block_node(&mut self, line: usize, column: usize, frames: &mut Vec<BlockFrame>) -> Continue {
        let mut column = column;
        // A run of `- ` items, possibly nested on one line.
        loop {
            let is_dash = self.char_at((line, column)) == Some('-')
                && matches!(self.char_at((line, column + 1)), None | Some(' '));
            if !is_dash {
                break;
            }
            while let Some(top) = frames.last() {
                let deeper = top.indent.is_some_and(|indent| indent > column);
                let sibling_item = top.is_item && top.indent == Some(column);
                if (deeper || sibling_item) && frames.len() > 1 {
                    frames.pop();
                } else {
                    break;
                }
            }
            let index = match frames.last_mut() {
                Some(parent) => {
                    parent.items += 1;
                    parent.items - 1
                }
                None => 0,
            };
            frames.push(BlockFrame {
                indent: Some(column),
                segment: Some(index.to_string()),
                is_item: true,
                items: 0,
            });
            let segments = block_segments(frames);
            self.record(&segments, (line, column));
            let mut content = column + 1;
            while self.char_at((line, content)) == Some(' ') {
                content += 1;
            }
            match self.char_at((line, content)) {
                None | Some('#') => return Continue::NextLine,
                Some(_) => column = content,
            }
        }
        if let Some((key, after_colon)) = self.block_key(line, column) {
            while let Some(top) = frames.last() {
                if top.indent.is_some_and(|indent| indent >= column) && frames.len() > 1 {
                    frames.pop();
                } else {
                    break;
                }
            }
            frames.push(BlockFrame {
                indent: Some(column),
                segment: Some(key),
                is_item: false,
                items: 0,
            });
            let segments = block_segments(frames);
            self.record(&segments, (line, column));
            return self.block_value(line, after_colon, column, &segments);
        }
        // A value without a key: an item's scalar, or a flow collection.
        let owner = frames.last().and_then(|frame| frame.indent).unwrap_or(0);
        let segments = block_segments(frames);
        self.block_value(line, column, owner, &segments)
    }

    /// Handles what follows a key or dash: a flow collection, a block scalar, a quoted or
    /// plain scalar, or nothing (children follow on the next lines).
    fn block_value(
        &mut self,
        line: usize,
        column: usize,
        owner: usize,
        segments: &[String],
    ) -> Continue {
        let mut column = column;
        loop {
            while self.char_at((line, column)) == Some(' ') {
                column += 1;
            }
            // Anchors and tags before a value.
            if matches!(self.char_at((line, column)), Some('&' | '!')) {
                while matches!(self.char_at((line, column)), Some(c) if c != ' ') {
                    column += 1;
                }
                continue;
            }
            break;
        }
        match self.char_at((line, column)) {
            None | Some('#') => Continue::NextLine,
            Some('{' | '[') => {
                let end = self.flow((line, column), segments);
                Continue::AtLine(end.0 + 1)
            }
            Some('|' | '>') => Continue::SkipDeeper(owner),
            Some('"' | '\'') => {
                let (_, end) = self.quoted((line, column));
                if end.0 > line {
                    Continue::AtLine(end.0 + 1)
                } else {
                    Continue::SkipDeeper(owner)
                }
            }
            Some(_) => Continue::SkipDeeper(owner),
        }
    }

    /// Reads a block mapping key at `column`; returns it and the column after its colon.
    fn block_key(&self, line: usize, column: usize) -> Option<(String, usize)> {
        let first = self.char_at((line, column))?;
        let (key, mut after) = match first {
            '"' | '\'' => {
                let (text, end) = self.quoted((line, column));
                if end.0 != line {
                    return None;
                }
                (text, end.1)
            }
            '{' | '[' | '&' | '*' | '!' | '|' | '>' | '%' | '@' | '`' | '?' | '#' => return None,
            _ => {
                let mut end = column;
                loop {
                    let c = self.char_at((line, end))?;
                    if c == ':' && matches!(self.char_at((line, end + 1)), None | Some(' ' | '\t'))
                    {
                        break;
                    }
                    if c == '#' && end > column && self.char_at((line, end - 1)) == Some(' ') {
                        return None;
                    }
                    end += 1;
                }
                let text: String = self.lines.get(line)?.get(column..end)?.iter().collect();
                (text.trim_end().to_string(), end)
            }
        };
        while self.char_at((line, after)) == Some(' ') {
            after += 1;
        }
        if self.char_at((line, after)) != Some(':') {
            return None;
        }
        let next = self.char_at((line, after + 1));
        if !matches!(next, None | Some(' ' | '\t')) {
            return None;
        }
        Some((key, after + 1))
    }
}

fn flow_segments(prefix: &[String], stack: &[FlowFrame]) -> Vec<String> {
    let mut segments = prefix.to_vec();
    let Some((last, outer)) = stack.split_last() else {
        return segments;
    };
    for frame in outer {
        match frame {
            FlowFrame::Map { key, .. } => segments.push(key.clone().unwrap_or_default()),
            FlowFrame::Seq { index } => segments.push(index.to_string()),
        }
    }
    if let FlowFrame::Seq { index } = last {
        segments.push(index.to_string());
    }
    segments
}

fn block_segments(frames: &[BlockFrame]) -> Vec<String> {
    frames
        .iter()
        .filter_map(|frame| frame.segment.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(source: &str) -> HashMap<String, (usize, usize)> {
        Scanner::index(source)
    }

    #[test]
    fn block_yaml_keys_and_items() {
        let source = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      description: |
        text: not a key
      parameters:
        - name: id
          in: path
        -   name: q
          # comment
          in: query
      'responses':
        \"200\": {description: ok, content: {a: [1, {b: 2}]}}
list:
- a
- b: 1
  c: 2
";
        let index = index(source);
        assert_eq!(index.get("/openapi"), Some(&(1, 1)));
        assert_eq!(index.get("/paths/~1pets~1{id}/get"), Some(&(4, 5)));
        assert_eq!(index.get("/paths/~1pets~1{id}/get/description/text"), None);
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/0"),
            Some(&(8, 9))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/0/in"),
            Some(&(9, 11))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/1/name"),
            Some(&(10, 13))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/parameters/1/in"),
            Some(&(12, 11))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/responses/200"),
            Some(&(14, 9))
        );
        assert_eq!(
            index.get("/paths/~1pets~1{id}/get/responses/200/content/a/1/b"),
            Some(&(14, 52))
        );
        assert_eq!(index.get("/list/1/c"), Some(&(18, 3)));
    }

    #[test]
    fn json_keys_and_items() {
        let source = "{\n  \"a\": {\"b\": [10, {\"c\": \"x,y\"}]},\n  \"d~/e\": 1\n}";
        let index = index(source);
        assert_eq!(index.get("/a"), Some(&(2, 3)));
        assert_eq!(index.get("/a/b/1"), Some(&(2, 19)));
        assert_eq!(index.get("/a/b/1/c"), Some(&(2, 20)));
        assert_eq!(index.get("/d~0~1e"), Some(&(3, 3)));
    }

    #[test]
    fn scanner_survives_garbage() {
        for source in [
            "",
            "{",
            "[[[",
            "a: [",
            "- - - x",
            "\"unterminated",
            "a:\n\t- b",
            "? x\n: y",
        ] {
            let _ = index(source);
        }
    }
}
