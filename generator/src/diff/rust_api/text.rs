//! Tokens printed as compact text, with prelude and runtime paths in one spelling.

use quote::ToTokens;

/// Tokens as compact text: `Option<Vec<String>>`, `fn new(name: String) -> Self`, with
/// paths in one spelling (see [`canonical_paths`]).
pub(super) fn tokens(value: &impl ToTokens) -> String {
    canonical_paths(&tidy(&value.to_token_stream().to_string()))
}

/// The standard prelude's paths as bare names and runtime paths by module name. The
/// generator spells them either way (fully qualified when a type of the API shadows a
/// prelude name), so a spec change that toggles the spelling must not read as a change
/// to every signature.
fn canonical_paths(text: &str) -> String {
    const SPELLINGS: &[(&str, &str)] = &[
        ("::std::option::Option", "Option"),
        ("::std::result::Result", "Result"),
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::boxed::Box", "Box"),
        ("crate::runtime::", ""),
    ];
    let mut text = text.to_owned();
    for (long, short) in SPELLINGS {
        if text.contains(long) {
            text = text.replace(long, short);
        }
    }
    text
}

/// Removes the spaces the token printer puts between every token where Rust needs none,
/// and trailing commas before a closing delimiter.
fn tidy(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        if c != ' ' {
            if matches!(c, ')' | ']' | '>') && out.ends_with(',') {
                out.pop();
            }
            out.push(c);
            continue;
        }
        let previous = out.chars().last();
        let next = chars.get(index + 1).copied();
        let path_next = next == Some(':') && chars.get(index + 2) == Some(&':');
        let word_before = previous.is_some_and(|p| p.is_alphanumeric() || p == '_');
        let drop = match (previous, next) {
            (Some('(' | '[' | '<' | '&' | '#' | '*'), _) => true,
            _ if path_next => (word_before && !ends_with_keyword(&out)) || previous == Some('>'),
            (_, Some(',' | ';' | ')' | ']' | '>' | '?' | '.' | ':')) => true,
            (Some(':'), _) => out.ends_with("::"),
            (_, Some('(' | '<' | '[')) => word_before,
            _ => false,
        };
        if !drop {
            out.push(' ');
        }
    }
    out
}

/// Whether `text` ends with a keyword that a path may follow (`impl ::std::fmt::Debug`).
fn ends_with_keyword(text: &str) -> bool {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(0, |(index, c)| index + c.len_utf8());
    matches!(
        text.get(start..).unwrap_or_default(),
        "impl" | "dyn" | "as" | "mut" | "const" | "for" | "where" | "in" | "unsafe" | "static"
    )
}
