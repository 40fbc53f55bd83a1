//! All naming: case conversion, keyword escaping and collision handling for Rust identifiers.
//!
//! Lowering names every Rust item that stands for something of the spec (types, fields,
//! variants, operations, server traits, handlers, media variants) here, so the rules live
//! in one place; emitters only add fixed prefixes and suffixes to these names (`with_*`
//! setters, `param_*` locals, `PATTERN_*` statics). The rules:
//!
//! - A raw name is split into lower-case ASCII words. Letters with diacritics are
//!   transliterated (`é` → `e`, `ß` → `ss`); other non-ASCII characters separate words.
//!   Symbols before the first letter or digit are spelled out (`+1` → `plus_1`, `-1` →
//!   `minus_1`, `@type` → `at_type`, `*` → `star`, `>=` → `gt_eq`); later symbols only
//!   separate words (`foo-bar` → `foo_bar`). A name with no words at all is `empty`.
//! - [`type_name`] and [`variant_name`] give UpperCamelCase. Two words that meet digit to
//!   digit keep an underscore between them (`1.1` → `V1_1`). A name that would start with a
//!   digit gets a `V` in front (`1st` → `V1st`, `200` → `V200`).
//! - [`field_name`] and [`fn_name`] give snake_case. A name that would start with a digit
//!   gets an `n` in front (`1st` → `n1st`).
//! - Keywords become raw identifiers (`type` → `r#type`), except those that cannot be raw:
//!   `self`, `Self`, `crate`, `super` get a trailing underscore (`self_`, `Self_`), except
//!   that a type named `Self` becomes `Self2` (`Self_` gives `Self_2` on a collision and
//!   `Self_Self_` when joined, which are not UpperCamelCase).
//! - Type names that clash with the prelude or common std types (`Result`, `Option`, `Vec`,
//!   `Box`, `String`, `Error`, `Value`, ...) are kept as they are: when a spec names a type
//!   like a prelude item, `emit::prelude` spells that item with its full path
//!   (`::std::string::String`) in the module, so the user type cannot shadow it. Only
//!   `Self` is renamed.
//! - [`trait_name`] and [`media_variant`] keep the older UpperCamelCase of `heck`, which
//!   the generated server and operation modules have always used.
//! - [`NameSet`] makes names unique: when several origins want the same name, they are
//!   sorted by their origin key and the first keeps the name, the others get `2`, `3`, ...
//!   so a name never depends on the order of the spec.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "crate", "super", "_"];

/// A Cargo package name from a spec's file name: lowercase letters, digits and dashes,
/// never empty and never starting with a digit (`Pet Store.v3.yaml` gives `pet-store-v3`).
pub fn package_name(spec: &std::path::Path) -> String {
    let stem = spec
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches('-').to_owned();
    if name.is_empty() {
        name = "api".to_owned();
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("api-{name}");
    }
    name
}

/// UpperCamelCase type name for a schema name or other raw name.
pub fn type_name(raw: &str) -> String {
    camel(raw)
}

/// UpperCamelCase piece of a longer type name (`self` in `LinkSelf`): [`type_name`]
/// without keyword escaping, which only a whole name needs.
pub fn type_name_part(raw: &str) -> String {
    camel_words(raw)
}

/// UpperCamelCase enum variant name for a value such as `"1.1"` (`V1_1`) or `"*"` (`Star`);
/// `self` gives `Self_`, as it always has (a variant name is public API).
pub fn variant_name(raw: &str) -> String {
    escape(camel_words(raw))
}

/// snake_case field name for a property, parameter or header name.
pub fn field_name(raw: &str) -> String {
    snake(raw)
}

/// The server trait for a tag or API title: `Shipments` gives `ShipmentsApi`,
/// `Sorted PRO API` gives `SortedProApi`.
pub fn trait_name(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if let Some(stripped) = name.strip_suffix("Api") {
        name = stripped.to_owned();
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Tag");
    }
    format!("{name}Api")
}

/// The body enum variant for a media type: `application/json` gives `ApplicationJson`,
/// `*/*` gives `AnyAny`.
pub fn media_variant(media_type: &str) -> String {
    let cleaned: String = media_type
        .chars()
        .map(|c| match c {
            '*' => " any ".to_owned(),
            '+' => " plus ".to_owned(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            _ => " ".to_owned(),
        })
        .collect();
    let name = cleaned.to_upper_camel_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Media{name}")
    } else {
        name
    }
}

/// The variants of the client's `Server` enum, one per server with its description: the
/// description in UpperCamelCase when that is short and unique, else `Server0`,
/// `Server1`, ... by position.
pub fn server_variants(descriptions: &[Option<&str>]) -> Vec<String> {
    let candidates: Vec<Option<String>> = descriptions
        .iter()
        .map(|description| {
            let name = description.as_ref()?.to_upper_camel_case();
            let valid = !name.is_empty()
                && name.len() <= 32
                && name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
                && name != "Self"
                && !name.starts_with("Server");
            valid.then_some(name)
        })
        .collect();
    candidates
        .iter()
        .enumerate()
        .map(|(index, candidate)| match candidate {
            Some(name)
                if candidates
                    .iter()
                    .filter(|other| other.as_deref() == Some(name.as_str()))
                    .count()
                    == 1 =>
            {
                name.clone()
            }
            _ => format!("Server{index}"),
        })
        .collect()
}

/// The axum handler of an operation named `operation` (a snake_case name, maybe raw).
pub fn handler_name(operation: &str) -> String {
    format!("handle_{}", operation.trim_start_matches("r#"))
}

/// The `index`th function that authenticates requests.
pub fn authenticate_name(index: usize) -> String {
    format!("authenticate_{index}")
}

/// snake_case function name for an operation id.
pub fn fn_name(raw: &str) -> String {
    snake(raw)
}

/// Whether `ident` is a plain or raw Rust identifier that can name a field or type.
pub fn is_valid_ident(ident: &str) -> bool {
    let (raw, body) = match ident.strip_prefix("r#") {
        Some(body) => (true, body),
        None => (false, ident),
    };
    let mut chars = body.chars();
    let first_ok = match chars.next() {
        Some(c) => c.is_ascii_alphabetic() || c == '_',
        None => false,
    };
    if !first_ok || body == "_" || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return false;
    }
    if NON_RAW_KEYWORDS.contains(&body) {
        return false;
    }
    raw == RAW_KEYWORDS.contains(&body)
}

fn snake(raw: &str) -> String {
    if is_plain_snake(raw) {
        return escape(raw.to_owned());
    }
    snake_by_words(raw)
}

/// Whether `raw` is snake case already (`address_line1`), so that splitting it into words
/// and joining them again gives it back unchanged.
fn is_plain_snake(raw: &str) -> bool {
    raw.starts_with(|c: char| c.is_ascii_lowercase())
        && !raw.ends_with('_')
        && !raw.contains("__")
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn snake_by_words(raw: &str) -> String {
    let joined = words(raw).join("_");
    let name = if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{joined}")
    } else {
        joined
    };
    escape(name)
}

/// UpperCamelCase of `raw`, with `Self` (the one keyword in that case) made `Self2`: a
/// trailing underscore would give names such as `Self_2` that are not UpperCamelCase.
fn camel(raw: &str) -> String {
    let name = camel_words(raw);
    if name == "Self" {
        "Self2".to_owned()
    } else {
        name
    }
}

/// UpperCamelCase of `raw`, not escaped.
fn camel_words(raw: &str) -> String {
    let mut out = String::new();
    for word in words(raw) {
        let digit_meets_digit = out.ends_with(|c: char| c.is_ascii_digit())
            && word.starts_with(|c: char| c.is_ascii_digit());
        if digit_meets_digit {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{out}")
    } else {
        out
    }
}

fn escape(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Splits a raw name into lower-case ASCII words, never returning an empty list.
fn words(raw: &str) -> Vec<String> {
    let mut leading = Vec::new();
    let mut ascii = String::new();
    let mut seen_word_char = false;
    for c in raw.chars() {
        let translit = transliterate(c);
        let is_word = translit.is_some_and(|t| !t.is_empty());
        if !seen_word_char && !is_word {
            if let Some(word) = symbol_word(c) {
                leading.push(word.to_string());
            }
            continue;
        }
        seen_word_char = true;
        match translit {
            Some(t) => ascii.push_str(t),
            None => ascii.push(' '),
        }
    }
    let mut out = leading;
    // heck splits on case changes and separators; its words are lower case without `_`.
    out.extend(
        heck::AsSnakeCase(ascii.as_str())
            .to_string()
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_string),
    );
    if out.is_empty() {
        out.push("empty".to_string());
    }
    out
}

/// The ASCII form of a character: itself for ASCII letters and digits, a spelling for
/// common Latin letters with diacritics, `None` for anything else.
fn transliterate(c: char) -> Option<&'static str> {
    const ASCII: [&str; 62] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F", "G", "H",
        "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
        "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    let index = match c {
        '0'..='9' => Some(c as usize - '0' as usize),
        'A'..='Z' => Some(c as usize - 'A' as usize + 10),
        'a'..='z' => Some(c as usize - 'a' as usize + 36),
        _ => None,
    };
    if let Some(index) = index {
        return ASCII.get(index).copied();
    }
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
        'Æ' => "Ae",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' => "C",
        'ç' | 'ć' | 'č' => "c",
        'Ď' | 'Ð' => "D",
        'ď' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
        'Ğ' => "G",
        'ğ' => "g",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'Ł' => "L",
        'ł' => "l",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ñ' | 'ń' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Œ' => "Oe",
        'œ' => "oe",
        'Ř' => "R",
        'ř' => "r",
        'Ś' | 'Š' | 'Ş' => "S",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'Ť' => "T",
        'ť' => "t",
        'Þ' => "Th",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The word for a symbol that starts a name.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "plus",
        '-' => "minus",
        '@' => "at",
        '*' => "star",
        '$' => "dollar",
        '#' => "hash",
        '!' => "bang",
        '<' => "lt",
        '>' => "gt",
        '=' => "eq",
        '&' => "amp",
        '%' => "percent",
        '/' => "slash",
        '\\' => "backslash",
        '.' => "dot",
        '~' => "tilde",
        '^' => "caret",
        '?' => "question",
        '|' => "pipe",
        ':' => "colon",
        ',' => "comma",
        ';' => "semicolon",
        '(' | ')' => "paren",
        '[' | ']' => "bracket",
        '{' | '}' => "brace",
        '\'' | '"' | '`' => "quote",
        _ => return None,
    })
}

/// Hands out unique names deterministically.
///
/// Callers [`add`](NameSet::add) every wanted name with an origin key (a wire name or a
/// JSON pointer, optionally with a priority prefix), then [`resolve`](NameSet::resolve).
/// Within a group of equal wanted names the smallest origin keeps the name and the others
/// get a numeric suffix (`Foo2`, `foo_bar_2` after a digit), skipping names already taken.
/// An origin added twice keeps its first wanted name.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    reserved: BTreeSet<String>,
    wanted: BTreeMap<String, String>,
}

impl NameSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a name as taken by something outside the set.
    pub fn reserve(&mut self, name: &str) {
        self.reserved.insert(name.to_string());
    }

    /// Asks for `wanted` on behalf of `origin`.
    pub fn add(&mut self, wanted: &str, origin: &str) {
        self.wanted
            .entry(origin.to_string())
            .or_insert_with(|| wanted.to_string());
    }

    /// Assigns the final names, by origin.
    pub fn resolve(self) -> BTreeMap<String, String> {
        let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (origin, wanted) in &self.wanted {
            groups
                .entry(wanted.as_str())
                .or_default()
                .push(origin.as_str());
        }
        let mut taken: BTreeSet<String> = self.reserved.clone();
        let mut out = BTreeMap::new();
        // First pass: the first origin of each group keeps its name, unless reserved.
        let mut losers: Vec<(&str, &str)> = Vec::new();
        for (wanted, origins) in &groups {
            let mut rest = origins.as_slice();
            if !self.reserved.contains(*wanted)
                && let Some((first, tail)) = origins.split_first()
            {
                taken.insert((*wanted).to_string());
                out.insert((*first).to_string(), (*wanted).to_string());
                rest = tail;
            }
            losers.extend(rest.iter().map(|origin| (*wanted, *origin)));
        }
        // Second pass: the others get the smallest free suffix, in (name, origin) order.
        for (wanted, origin) in losers {
            let base = wanted.strip_prefix("r#").unwrap_or(wanted);
            let separator = if base.ends_with(|c: char| c.is_ascii_digit()) {
                "_"
            } else {
                ""
            };
            let mut n = 2u64;
            let name = loop {
                let candidate = format!("{base}{separator}{n}");
                if !taken.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            taken.insert(name.clone());
            out.insert(origin.to_string(), name);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_names_are_kept_as_splitting_would_keep_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("../spec/pro.yaml")).expect("spec")];
        for dir in ["tests/fixtures", "tests/corpus"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("dir") {
                let path = entry.expect("entry").path();
                if path.is_file() {
                    texts.push(std::fs::read_to_string(path).unwrap_or_default());
                }
            }
        }
        let extra = "a1b line1 v2beta x_1 a_1st type self crate r2d2 abc_9x_y";
        texts.push(extra.to_owned());
        let mut checked = 0;
        for text in &texts {
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if is_plain_snake(word) {
                    assert_eq!(snake(word), snake_by_words(word), "{word}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn type_names() {
        let table = [
            ("pet", "Pet"),
            ("foo_bar", "FooBar"),
            ("FooBar", "FooBar"),
            ("fooBar", "FooBar"),
            ("HTTPServer", "HttpServer"),
            ("v1.Pet", "V1Pet"),
            ("1st", "V1st"),
            ("200", "V200"),
            ("", "Empty"),
            ("-", "Minus"),
            ("Self", "Self2"),
            ("self", "Self2"),
            ("type", "Type"),
            ("Result", "Result"),
            ("Option", "Option"),
            ("Vec", "Vec"),
            ("Box", "Box"),
            ("String", "String"),
            ("Error", "Error"),
            ("Café", "Cafe"),
            ("日本", "Empty"),
            ("Straße", "Strasse"),
            ("a.b-c d", "ABCD"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("1.1", "V1_1"),
            ("11", "V11"),
            ("-1", "Minus1"),
            ("+1", "Plus1"),
            ("*", "Star"),
            ("", "Empty"),
            ("available", "Available"),
            ("in-progress", "InProgress"),
            (">=", "GtEq"),
            ("<", "Lt"),
            ("+name", "PlusName"),
            ("-name", "MinusName"),
            ("Self", "Self_"),
            ("ÄÖÜ", "Aou"),
        ];
        for (raw, want) in table {
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn field_names() {
        let table = [
            ("petId", "pet_id"),
            ("pet_id", "pet_id"),
            ("X-Request-ID", "x_request_id"),
            ("type", "r#type"),
            ("ref", "r#ref"),
            ("gen", "r#gen"),
            ("async", "r#async"),
            ("self", "self_"),
            ("Self", "self_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st", "n1st"),
            ("+1", "plus_1"),
            ("-", "minus"),
            ("", "empty"),
            ("@type", "at_type"),
            ("$ref", "dollar_ref"),
            ("_links", "links"),
            ("ids[]", "ids"),
            ("naïve", "naive"),
            ("名前", "empty"),
            ("a\u{301}", "a"),
        ];
        for (raw, want) in table {
            assert_eq!(field_name(raw), want, "field_name({raw:?})");
        }
    }

    #[test]
    fn fn_names() {
        assert_eq!(fn_name("listPets"), "list_pets");
        assert_eq!(fn_name("get /pets/{id}"), "get_pets_id");
        assert_eq!(fn_name("match"), "r#match");
    }

    #[test]
    fn every_output_is_an_ident() {
        let inputs = [
            "", "-", "+", "1", "_", "__", "r#type", "🦀", "self", "Self", "a b", "ü", "\u{0}",
            "x-y-z", "9lives", "type", "crate", "where",
        ];
        for raw in inputs {
            for name in [
                type_name(raw),
                variant_name(raw),
                field_name(raw),
                fn_name(raw),
            ] {
                assert!(is_valid_ident(&name), "{raw:?} gave invalid ident {name:?}");
            }
        }
    }

    #[test]
    fn name_set_sorts_by_origin() {
        let mut set = NameSet::new();
        set.add("FooBar", "#/components/schemas/foo_bar");
        set.add("FooBar", "#/components/schemas/FooBar");
        set.add("Other", "#/components/schemas/Other");
        let names = set.resolve();
        assert_eq!(names["#/components/schemas/FooBar"], "FooBar");
        assert_eq!(names["#/components/schemas/foo_bar"], "FooBar2");
        assert_eq!(names["#/components/schemas/Other"], "Other");

        // The same set in another order gives the same names.
        let mut set = NameSet::new();
        set.add("Other", "#/components/schemas/Other");
        set.add("FooBar", "#/components/schemas/FooBar");
        set.add("FooBar", "#/components/schemas/foo_bar");
        assert_eq!(set.resolve()["#/components/schemas/foo_bar"], "FooBar2");
    }

    #[test]
    fn name_set_skips_taken_suffixes() {
        let mut set = NameSet::new();
        set.add("Foo", "a");
        set.add("Foo", "b");
        set.add("Foo2", "c");
        set.add("v1", "d");
        set.add("v1", "e");
        set.add("r#type", "f");
        set.add("r#type", "g");
        set.reserve("Reserved");
        set.add("Reserved", "h");
        let names = set.resolve();
        assert_eq!(names["a"], "Foo");
        assert_eq!(names["b"], "Foo3");
        assert_eq!(names["c"], "Foo2");
        assert_eq!(names["e"], "v1_2");
        assert_eq!(names["f"], "r#type");
        assert_eq!(names["g"], "type2");
        assert_eq!(names["h"], "Reserved2");
    }
}
