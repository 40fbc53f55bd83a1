//! JSON pointers (RFC 6901) as the generator spells them: `#/a/b` for places in a spec.
//!
//! A segment escapes `~` as `~0` and `/` as `~1`. Load, lower and diff build, split and
//! follow pointers only through this module.

use std::borrow::Cow;

use serde_json::Value;

/// One segment escaped as JSON pointers require (`~` → `~0`, `/` → `~1`).
pub fn escape(segment: &str) -> Cow<'_, str> {
    if !segment.contains(['~', '/']) {
        return Cow::Borrowed(segment);
    }
    let mut out = String::with_capacity(segment.len() + 2);
    push_escaped(&mut out, segment);
    Cow::Owned(out)
}

/// One segment with its escapes undone (`~1` → `/`, `~0` → `~`).
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// `base` with one more segment, escaped.
pub fn push(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    out.push('/');
    push_escaped(&mut out, segment);
    out
}

/// Whether `pointer` is `ancestor` or a node below it.
pub fn is_at_or_under(pointer: &str, ancestor: &str) -> bool {
    pointer
        .strip_prefix(ancestor)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The pointer of `segments` below `base` (`#` for a spec's root).
pub fn join<S: AsRef<str>>(base: &str, segments: impl IntoIterator<Item = S>) -> String {
    let mut out = base.to_string();
    for segment in segments {
        out.push('/');
        push_escaped(&mut out, segment.as_ref());
    }
    out
}

fn push_escaped(out: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The unescaped segments of a pointer, with or without the leading `#`; none for the root.
pub fn segments(pointer: &str) -> Vec<String> {
    let body = pointer.strip_prefix('#').unwrap_or(pointer);
    body.split('/')
        .skip(1)
        .map(|segment| unescape(segment).into_owned())
        .collect()
}

/// The value a JSON pointer (`/a/b`, or empty for the root) names. Like
/// `Value::pointer`, but it unescapes only segments that need it.
pub fn value_at<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut value = root;
    for segment in pointer.strip_prefix('/')?.split('/') {
        let segment = unescape(segment);
        value = match value {
            Value::Object(map) => map.get(segment.as_ref())?,
            Value::Array(items) => items.get(parse_index(&segment)?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// An array index as JSON pointers spell it: digits, without leading zeros.
fn parse_index(segment: &str) -> Option<usize> {
    if segment.starts_with('+') || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

/// The canonical pointer (`#/a/b`, percent-decoded) of an in-document reference, or `None`
/// for an external one.
pub fn canonical_ref(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_decode(fragment);
    if !decoded.is_empty() && !decoded.starts_with('/') {
        return None;
    }
    Some(format!("#{decoded}"))
}

/// Undoes the percent-encoding a URI fragment may use (`%20` → space).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or(0);
        if byte == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(decoded) = u8::from_str_radix(hex, 16)
        {
            out.push(decoded);
            i += 3;
            continue;
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_refs() {
        assert_eq!(
            canonical_ref("#/components/schemas/Foo%20Bar").as_deref(),
            Some("#/components/schemas/Foo Bar")
        );
        assert_eq!(canonical_ref("other.yaml#/x"), None);
        assert_eq!(canonical_ref("#x"), None);
    }

    #[test]
    fn escaping_round_trips() {
        assert_eq!(push("#/paths", "/a/{b}~"), "#/paths/~1a~1{b}~0");
        assert_eq!(join("#", ["paths", "/a", "get"]), "#/paths/~1a/get");
        assert_eq!(join("#", [""; 0]), "#");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("~/"), "~0~1");
        for segment in ["", "plain", "/a/{b}~", "~1", "~01", "a~0b/c"] {
            assert_eq!(unescape(&escape(segment)), segment);
            assert_eq!(segments(&push("#/x", segment)), ["x", segment]);
        }
        assert_eq!(segments("#"), Vec::<String>::new());
        assert_eq!(segments("/a~1b/c"), ["a/b", "c"]);
    }

    #[test]
    fn value_at_agrees_with_serde_json_pointers() {
        let root = serde_json::json!({
            "paths": {"/a/{b}~": {"get": [10, 11]}},
            "x~1": 1, "": {"": 2}, "list": [[3], [4, 5]]
        });
        for pointer in [
            "",
            "/",
            "//",
            "/paths",
            "/paths/~1a~1{b}~0",
            "/paths/~1a~1{b}~0/get/1",
            "/paths/~1a~1{b}~0/get/01",
            "/paths/~1a~1{b}~0/get/+1",
            "/x~01",
            "/x~1",
            "/list/1/0",
            "/list/2",
            "/missing",
            "paths",
            "/list/-1",
        ] {
            assert_eq!(value_at(&root, pointer), root.pointer(pointer), "{pointer}");
        }
    }
}
