//! Rendering: token streams printed as Rust source with prettyplease, under a header.

use proc_macro2::TokenStream;

/// Parses `tokens` as a file, prints it with prettyplease (so `#[doc]` attributes become
/// `///` and `//!` lines) with a blank line between top-level items, and puts `header`
/// (e.g. a `// @generated ...` line) on top. A header that does not end in a newline
/// gets one.
pub fn render(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let syn::File {
        shebang,
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
            attrs: Vec::new(),
            items: vec![item],
        }));
    }
    Ok(out)
}
