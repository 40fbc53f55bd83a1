//! Rendering: token streams printed as Rust source with prettyplease, under a header, and
//! printed parts joined. It knows nothing of emitting but the doc placeholders (see
//! `doc_placeholder`), whose text it puts back after printing.

use proc_macro2::TokenStream;

use crate::doc_placeholder;

/// Parses `tokens` as a file, prints it with prettyplease (so `#[doc]` attributes become
/// `///` and `//!` lines) with a blank line between top-level items, and puts `header`
/// (e.g. a `// @generated ...` line) on top. A header that does not end in a newline
/// gets one.
pub fn render(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    Ok(join(header, [render_body(tokens)?.as_str()]))
}

/// [`render`] without a header: the inner attributes, then each item, with a blank line
/// between items (and after the inner attributes when there are items).
pub fn render_body(tokens: TokenStream) -> Result<String, syn::Error> {
    let syn::File {
        shebang,
        frontmatter,
        attrs,
        items,
    } = syn::parse2::<syn::File>(tokens)?;
    let mut out = prettyplease::unparse(&syn::File {
        shebang,
        frontmatter,
        attrs,
        items: Vec::new(),
    });
    for item in items {
        if !out.is_empty() {
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

/// `header` (with a newline added if it lacks one), then the `bodies` that are not empty
/// with a blank line between them: the bodies of consecutive parts of a file, joined as
/// [`render`] prints the whole file.
pub fn join<'a>(header: &str, bodies: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::from(header);
    if !header.is_empty() && !header.ends_with('\n') {
        out.push('\n');
    }
    let mut first = true;
    for body in bodies.into_iter().filter(|body| !body.is_empty()) {
        if !first {
            out.push('\n');
        }
        out.push_str(body);
        first = false;
    }
    out
}

/// [`render`], then the doc blocks `docs` put back in place of their placeholders.
pub fn render_with_docs(
    tokens: TokenStream,
    header: &str,
    docs: &[String],
) -> Result<String, syn::Error> {
    Ok(join(
        header,
        [render_body_with_docs(tokens, docs)?.as_str()],
    ))
}

/// [`render_body`], then the doc blocks `docs` put back in place of their placeholders: a line that is only `///` or `//!` and a placeholder becomes a
/// line per line of the block, each that indent and marker and the line (without trailing
/// spaces, as prettyplease prints doc lines).
pub fn render_body_with_docs(tokens: TokenStream, docs: &[String]) -> Result<String, syn::Error> {
    let printed = render_body(tokens)?;
    if docs.is_empty() {
        return Ok(printed);
    }
    let extra: usize = docs.iter().map(String::len).sum();
    let mut out = String::with_capacity(printed.len() + extra);
    for line in printed.split_inclusive('\n') {
        match placeholder(line, docs) {
            Some((marker, block)) => {
                for doc in block.split('\n') {
                    out.push_str(marker);
                    out.push_str(doc.trim_end_matches(' '));
                    out.push('\n');
                }
            }
            None => out.push_str(line),
        }
    }
    Ok(out)
}

/// For a printed line `<indent>///<mark><index>` (or `//!`), the line up to and including
/// `///` and the doc block the index names.
fn placeholder<'a>(line: &'a str, docs: &'a [String]) -> Option<(&'a str, &'a str)> {
    let body = line.strip_suffix('\n').unwrap_or(line);
    let start = body.find(doc_placeholder::MARK)?;
    let (marker, rest) = body.split_at(start);
    let indent = marker.trim_end_matches("///").trim_end_matches("//!");
    if indent.len() + 3 != marker.len() || !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let doc = docs.get(doc_placeholder::index(rest)?)?;
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
        let mark = doc_placeholder::MARK;
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
        // A block of lines comes back as a line each, with the placeholder's indent.
        let blocks = vec![" One. \n\n Two.".to_owned()];
        let tokens = quote::quote! {
            pub struct T {
                #[doc = "\u{1}0"]
                pub field: u8,
            }
        };
        let rendered = render_with_docs(tokens, "", &blocks).expect("renders");
        assert_eq!(
            rendered,
            "pub struct T {\n    /// One.\n    ///\n    /// Two.\n    pub field: u8,\n}\n"
        );
    }
}
