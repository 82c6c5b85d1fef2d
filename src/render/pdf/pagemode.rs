//! Opens a PDF with its bookmarks shown: `/PageMode /UseOutlines` in the document catalog.
//!
//! Typst 0.15 writes the bookmarks (`/Outlines`) but no page mode, so a reader opens the file
//! with the bookmarks pane closed and a screen-reader user does not learn that the document
//! has them. Typst writes the catalog as the last object, just before the cross-reference
//! table, so the entry is added at its end and only the table's offset (`startxref`) moves.
//! A file laid out otherwise, or without bookmarks, is left as it is.

use crate::render::pdf::compact::{find, rfind};

const CATALOG: &[u8] = b"<</Type/Catalog/";
const ENTRY: &[u8] = b"/PageMode/UseOutlines";

/// Adds `/PageMode /UseOutlines` to the catalog of `pdf` when it has bookmarks.
pub fn show_outlines(pdf: &mut Vec<u8>) {
    if let Some(out) = with_page_mode(pdf) {
        *pdf = out;
    }
}

fn with_page_mode(pdf: &[u8]) -> Option<Vec<u8>> {
    let start = rfind(pdf, CATALOG)?;
    let end = start + find(&pdf[start..], b"\nendobj\nxref\n")?;
    let dict = &pdf[start..end];
    if find(dict, b"/Outlines ").is_none() || find(dict, b"/PageMode").is_some() {
        return None;
    }
    // The catalog's own closing `>>` ends the object.
    if !dict.ends_with(b">>") {
        return None;
    }
    let xref_at = end + b"\nendobj\n".len();
    let marker = rfind(pdf, b"startxref\n")?;
    let digits_at = marker + b"startxref\n".len();
    let digits_len = pdf[digits_at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let old: usize = std::str::from_utf8(&pdf[digits_at..digits_at + digits_len])
        .ok()?
        .parse()
        .ok()?;
    if old != xref_at {
        return None;
    }
    let mut out = Vec::with_capacity(pdf.len() + ENTRY.len() + 2);
    out.extend_from_slice(&pdf[..end - 2]);
    out.extend_from_slice(ENTRY);
    out.extend_from_slice(&pdf[end - 2..digits_at]);
    out.extend_from_slice((old + ENTRY.len()).to_string().as_bytes());
    out.extend_from_slice(&pdf[digits_at + digits_len..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(catalog: &str) -> Vec<u8> {
        let head = "%PDF-1.7\n1 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n2 0 obj\n";
        let body = format!("{head}{catalog}\nendobj\n");
        let xref = body.len();
        format!(
            "{body}xref\n0 3\n0000000000 65535 f\r\n0000000009 00000 n\r\n{:010} 00000 \
                n\r\ntrailer\n<</Size 3/Root 2 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            head.len()
        )
        .into_bytes()
    }

    #[test]
    fn a_file_with_bookmarks_opens_with_them_shown_and_its_table_is_found() {
        let mut pdf = file("<</Type/Catalog/Pages 1 0 R/Outlines 5 0 R>>");
        show_outlines(&mut pdf);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(
            text.contains(
                "<</Type/Catalog/Pages 1 0 R/Outlines 5 0 R/PageMode/UseOutlines>>\nendobj\nxref"
            ),
            "{text}"
        );
        let at: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[at..].starts_with("xref\n"), "{text}");
    }

    #[test]
    fn a_file_without_bookmarks_or_laid_out_otherwise_is_left_alone() {
        for catalog in [
            "<</Type/Catalog/Pages 1 0 R>>",
            "<</Type/Catalog/Pages 1 0 R/Outlines 5 0 R/PageMode/UseNone>>",
        ] {
            let before = file(catalog);
            let mut pdf = before.clone();
            show_outlines(&mut pdf);
            assert_eq!(pdf, before);
        }
    }
}
