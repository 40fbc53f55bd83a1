//! Printable files made by hand: PDF (labels, customs documents, collection notes) and
//! ZPL (labels for thermal printers).
//!
//! The PDF writer makes plain PDF 1.4 files with the standard Helvetica fonts, one text
//! line after another, as many pages as the lines need: a header, numbered objects, an
//! xref table with the byte offset of each object, and a trailer. Any PDF viewer opens
//! them.

use std::fmt::Write as _;

/// The size of a page, in PDF points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageSize {
    /// A 4 x 6 inch label.
    Label,
    /// An A4 sheet.
    A4,
}

impl PageSize {
    fn points(self) -> (u32, u32) {
        match self {
            Self::Label => (288, 432),
            Self::A4 => (595, 842),
        }
    }

    /// The font size of body lines, their spacing and how many characters fit on one.
    fn layout(self) -> (u32, u32, usize) {
        match self {
            Self::Label => (9, 12, 52),
            Self::A4 => (10, 14, 95),
        }
    }
}

/// The media type of PDF files.
pub const PDF: &str = "application/pdf";
/// The media type of ZPL files.
pub const ZPL: &str = "application/zpl";

/// Writes `text` as a PDF string in the fonts' WinAnsi encoding: ASCII as is (with `\`,
/// `(` and `)` escaped), Latin-1 letters as octal escapes, anything else as `?`.
fn pdf_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('(');
    for c in text.chars() {
        match c {
            '\\' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            '\u{a1}'..='\u{ff}' => {
                let _ = write!(out, "\\{:03o}", u32::from(c));
            }
            c if c.is_whitespace() || c.is_control() => out.push(' '),
            _ => out.push('?'),
        }
    }
    out.push(')');
    out
}

/// Splits `line` into pieces of at most `width` characters, at spaces where it can.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let mut word = word.to_owned();
        while word.chars().count() > width {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            pieces.push(head);
        }
        let needed = current.chars().count() + usize::from(!current.is_empty()) + word.len();
        if needed > width && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() || pieces.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// The content stream of one page: a frame, the title, a rule and the lines.
fn page_content(
    size: PageSize,
    title: &str,
    lines: &[String],
    page: usize,
    pages: usize,
) -> String {
    let (width, height) = size.points();
    let (font, leading, _) = size.layout();
    let margin = 18;
    let mut content = String::new();
    let _ = writeln!(
        content,
        "0.8 w {} {} {} {} re S",
        margin / 2,
        margin / 2,
        width - margin,
        height - margin
    );
    let title_y = height - margin - 16;
    let _ = writeln!(
        content,
        "BT /F1 14 Tf {margin} {title_y} Td {} Tj ET",
        pdf_string(title)
    );
    let rule_y = title_y - 8;
    let _ = writeln!(
        content,
        "0.5 w {margin} {rule_y} m {} {rule_y} l S",
        width - margin
    );
    let mut y = rule_y - leading - 4;
    for line in lines {
        let _ = writeln!(
            content,
            "BT /F2 {font} Tf {margin} {y} Td {} Tj ET",
            pdf_string(line)
        );
        y = y.saturating_sub(leading);
    }
    if pages > 1 {
        let footer = format!("Page {} of {pages}", page + 1);
        let _ = writeln!(
            content,
            "BT /F2 8 Tf {margin} {} Td {} Tj ET",
            margin,
            pdf_string(&footer)
        );
    }
    content
}

/// A PDF file with `title` on every page and `lines` below it, on as many pages as needed.
pub fn pdf(size: PageSize, title: &str, lines: &[String]) -> Vec<u8> {
    let (width, height) = size.points();
    let (_, leading, columns) = size.layout();
    let wrapped: Vec<String> = lines.iter().flat_map(|line| wrap(line, columns)).collect();
    let per_page = ((height - 90) / leading) as usize;
    let chunks: Vec<&[String]> = if wrapped.is_empty() {
        vec![&[]]
    } else {
        wrapped.chunks(per_page).collect()
    };
    let pages = chunks.len();

    // Objects 1 to 5 are fixed; each page then has a page object and a content stream.
    let page_id = |index: usize| 6 + 2 * index;
    let kids: Vec<String> = (0..pages)
        .map(|index| format!("{} 0 R", page_id(index)))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            kids.join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        format!(
            "<< /Title {} /Producer (sorted-pro sandbox) >>",
            pdf_string(title)
        )
        .into_bytes(),
    ];
    for (index, chunk) in chunks.iter().enumerate() {
        let stream = page_content(size, title, chunk, index, pages);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                page_id(index) + 1
            )
            .into_bytes(),
        );
        objects.push(
            format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()).into_bytes(),
        );
    }

    let mut file = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(file.len());
        file.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        file.extend_from_slice(object);
        file.extend_from_slice(b"\nendobj\n");
    }
    let xref = file.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF",
        objects.len() + 1
    );
    file.extend_from_slice(table.as_bytes());
    file
}

/// Writes `text` as a ZPL field: printable ASCII without the `^` and `~` command marks.
fn zpl_field(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '^' | '~' => ' ',
            ' '..='}' => c,
            _ => '?',
        })
        .collect()
}

/// A 4 x 6 inch ZPL label at `dpi` dots per inch, with `title` and `lines`.
pub fn zpl(dpi: i64, title: &str, lines: &[String]) -> Vec<u8> {
    let dots = |inches_tenths: i64| inches_tenths * dpi / 10;
    let mut out = String::new();
    let _ = writeln!(out, "^XA");
    let _ = writeln!(out, "^CI0");
    let _ = writeln!(out, "^PW{}", dots(40));
    let _ = writeln!(out, "^LL{}", dots(60));
    let margin = dots(1);
    let title_height = dots(3);
    let _ = writeln!(
        out,
        "^FO{margin},{margin}^A0N,{title_height},{title_height}^FD{}^FS",
        zpl_field(title)
    );
    let height = dots(1) + dots(1) / 2;
    let mut y = margin + title_height + dots(1);
    for line in lines.iter().flat_map(|line| wrap(line, 48)) {
        let _ = writeln!(
            out,
            "^FO{margin},{y}^A0N,{height},{height}^FD{}^FS",
            zpl_field(&line)
        );
        y += height + dots(1) / 3;
    }
    let _ = writeln!(out, "^XZ");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every xref entry points at the start of its object.
    fn check_xref(file: &[u8]) {
        // The binary comment on line 2 is not UTF-8; the rest of the file is ASCII.
        let tail_at = file.len() - 64;
        let tail = String::from_utf8_lossy(&file[tail_at..]);
        let start: usize = tail
            .rsplit("startxref\n")
            .next()
            .and_then(|rest| rest.lines().next())
            .and_then(|line| line.parse().ok())
            .unwrap_or(0);
        let table = String::from_utf8_lossy(&file[start..]);
        assert!(table.starts_with("xref\n"), "startxref is wrong");
        let entries: Vec<&str> = table
            .lines()
            .skip(3)
            .take_while(|line| line.ends_with(" n "))
            .collect();
        assert!(!entries.is_empty());
        for (index, entry) in entries.iter().enumerate() {
            let offset: usize = entry[..10].parse().unwrap_or(usize::MAX);
            let expected = format!("{} 0 obj", index + 1);
            assert!(
                file[offset..].starts_with(expected.as_bytes()),
                "object {} is not at {offset}",
                index + 1
            );
        }
    }

    #[test]
    fn a_pdf_has_a_header_a_correct_xref_and_an_end() {
        let lines = vec!["To: Tom (flat 2) \\ Elm Grove".to_owned(); 3];
        let file = pdf(PageSize::Label, "Tracked 48", &lines);
        assert!(file.starts_with(b"%PDF-1.4\n"));
        assert!(file.ends_with(b"%%EOF"));
        check_xref(&file);
        let text = String::from_utf8_lossy(&file);
        assert!(text.contains("(To: Tom \\(flat 2\\) \\\\ Elm Grove) Tj"));
        let accented = String::from_utf8_lossy(&pdf(PageSize::A4, "Zoé", &[])).into_owned();
        assert!(accented.contains("(Zo\\351) Tj"));
    }

    #[test]
    fn long_documents_get_more_pages() {
        let lines: Vec<String> = (0..200).map(|n| format!("line {n}")).collect();
        let file = pdf(PageSize::A4, "Collection note", &lines);
        check_xref(&file);
        let text = String::from_utf8_lossy(&file);
        assert!(text.contains("/Count 4 "));
    }

    #[test]
    fn long_lines_are_wrapped() {
        let pieces = wrap(&"word ".repeat(30), 20);
        assert!(pieces.iter().all(|piece| piece.len() <= 20));
        assert_eq!(wrap(&"x".repeat(45), 20).len(), 3);
    }

    #[test]
    fn a_zpl_label_is_one_format() {
        let file = zpl(300, "Next Day", &["SC00010000000001".to_owned()]);
        let text = String::from_utf8_lossy(&file);
        assert!(text.starts_with("^XA\n"));
        assert!(text.trim_end().ends_with("^XZ"));
        assert!(text.contains("^PW1200"));
    }
}
