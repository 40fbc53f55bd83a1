//! Rendering: token streams printed as Rust source with prettyplease, under a header.

use proc_macro2::TokenStream;

/// Parses `tokens` as a file, prints it with prettyplease (so `#[doc]` attributes become
/// `///` and `//!` lines) with a blank line between top-level items, and puts `header`
/// (e.g. a `// @generated ...` line) on top. A header that does not end in a newline
/// gets one.
pub fn render(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let syn::File {
        shebang,
        frontmatter,
        attrs,
        items,
    } = syn::parse2::<syn::File>(tokens)?;
    let mut out = String::new();
    out.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    let inner = prettyplease::unparse(&syn::File {
        shebang,
        frontmatter,
        attrs,
        items: Vec::new(),
    });
    out.push_str(&inner);
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 || !inner.is_empty() {
            out.push('\n');
        }
        out.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            frontmatter: None,
            attrs: Vec::new(),
            items: vec![item],
        }));
    }
    Ok(out)
}

/// [`render`], then the doc lines that `emit::docs::collected` replaced by placeholders
/// put back: a line that is only `///` or `//!` and a placeholder becomes that marker and
/// the line (without trailing spaces, as prettyplease prints doc lines).
pub fn render_with_docs(
    tokens: TokenStream,
    header: &str,
    docs: &[String],
) -> Result<String, syn::Error> {
    let printed = render(tokens, header)?;
    if docs.is_empty() {
        return Ok(printed);
    }
    let extra: usize = docs.iter().map(String::len).sum();
    let mut out = String::with_capacity(printed.len() + extra);
    for line in printed.split_inclusive('\n') {
        match placeholder(line, docs) {
            Some((marker, doc)) => {
                out.push_str(marker);
                out.push_str(doc.trim_end_matches(' '));
                out.push('\n');
            }
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// For a printed line `<indent>///<mark><index>` (or `//!`), the line up to and including
/// `///` and the doc line the index names.
fn placeholder<'a>(line: &'a str, docs: &'a [String]) -> Option<(&'a str, &'a str)> {
    let body = line.strip_suffix('\n').unwrap_or(line);
    let start = body.find(crate::emit::docs::PLACEHOLDER_MARK)?;
    let (marker, rest) = body.split_at(start);
    let indent = marker.trim_end_matches("///").trim_end_matches("//!");
    if indent.len() + 3 != marker.len() || !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let digits = rest.get(crate::emit::docs::PLACEHOLDER_MARK.len_utf8()..)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let doc = docs.get(digits.parse::<usize>().ok()?)?;
    Some((marker, doc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_placeholder_lines_are_replaced() {
        let docs = vec![
            " First.".to_owned(),
            String::new(),
            " Trailing.  ".to_owned(),
        ];
        let mark = crate::emit::docs::PLACEHOLDER_MARK;
        let line = |text: &str| format!("{text}\n");
        assert_eq!(
            placeholder(&line(&format!("    ///{mark}0")), &docs),
            Some(("    ///", " First."))
        );
        assert_eq!(
            placeholder(&format!("//!{mark}1"), &docs),
            Some(("//!", ""))
        );
        for refused in [
            format!("let x = 1; ///{mark}0"),
            format!("///{mark}3"),
            format!("///{mark}"),
            format!("///{mark}0 and more"),
            format!("// {mark}0"),
            "/// plain text".to_owned(),
        ] {
            assert_eq!(placeholder(&line(&refused), &docs), None, "{refused:?}");
        }
        let tokens = quote::quote! {
            #[doc = "\u{1}2"]
            pub struct S;
        };
        let rendered = render_with_docs(tokens, "", &docs).expect("renders");
        assert_eq!(rendered, "/// Trailing.\npub struct S;\n");
    }
}
