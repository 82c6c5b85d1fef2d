//! Makes the `/ListNumbering` of each list in a PDF's tag tree match the labels it shows.
//!
//! Typst 0.15 tags every bullet list `Circle` and every numbered list `Decimal`, whatever
//! its marker or numbering. Papers' bullets are discs (•) and its lettered items read a), b),
//! so after export each list structure element is matched with the Typst list it came from
//! (both in document order) and its numbering rewritten in place. A rewrite keeps every
//! object's length (the optional `/Type/StructElem` entry gives up its bytes, spaces pad the
//! rest), so no byte offset in the file moves. When the lists of the tag tree and of the
//! document cannot be matched one to one, only the bullets are corrected.

use typst::foundations::Selector;
use typst::foundations::{NativeElement, StyleChain};
use typst::introspection::Introspector;
use typst::model::{EnumElem, ListElem, Numbering, TermsElem};
use typst_layout::PagedDocument;

/// The numbering each list of the document shows, in document order.
pub fn shown(doc: &PagedDocument) -> Vec<&'static str> {
    let lists = Selector::Or(
        [ListElem::ELEM, EnumElem::ELEM, TermsElem::ELEM]
            .map(|e| Selector::Elem(e, None))
            .into_iter()
            .collect(),
    );
    doc.introspector()
        .query(&lists)
        .iter()
        .map(|list| {
            if list.is::<ListElem>() {
                return "Disc";
            }
            let Some(numbered) = list.to_packed::<EnumElem>() else {
                return "None";
            };
            match numbered.numbering.get_ref(StyleChain::default()) {
                Numbering::Pattern(pattern) => match pattern
                    .apply(None, &[1])
                    .ok()
                    .and_then(|l| l.chars().find(|c| c.is_alphanumeric()))
                {
                    Some('a') => "LowerAlpha",
                    Some('A') => "UpperAlpha",
                    Some('i') => "LowerRoman",
                    Some('I') => "UpperRoman",
                    _ => "Decimal",
                },
                Numbering::Func(_) => "Decimal",
            }
        })
        .collect()
}

/// Rewrites the `/ListNumbering` of the list structure elements of `pdf` (in tag tree order)
/// to `shown` (in document order), when both hold the same number of lists; else only says
/// Disc for Circle, which every bullet list of the house style is.
pub fn rewrite(pdf: &mut [u8], shown: &[&str]) {
    if !matched(pdf, shown) {
        disc_bullets(pdf);
    }
}

fn matched(pdf: &mut [u8], shown: &[&str]) -> bool {
    let elems = struct_elems(pdf);
    let by_number: std::collections::HashMap<usize, &Elem> =
        elems.iter().map(|e| (e.number, e)).collect();
    let Some(root) = find(pdf, b"/Type/StructTreeRoot", 0).and_then(|at| kids(pdf, at)) else {
        return false;
    };
    let mut order = Vec::new();
    let mut stack: Vec<usize> = root.into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        let Some(&elem) = by_number.get(&n) else {
            continue;
        };
        if elem.role == b"L" {
            order.push(elem);
        }
        stack.extend(elem.kids.iter().rev());
    }
    if order.len() != shown.len() {
        return false;
    }
    let places: Vec<(usize, usize)> = order.iter().map(|e| (e.start, e.end)).collect();
    for ((start, end), want) in places.into_iter().zip(shown) {
        retag(pdf, start, end, want);
    }
    true
}

/// Says Disc wherever Typst said Circle, padded to the same length.
fn disc_bullets(pdf: &mut [u8]) {
    const FROM: &[u8] = b"/ListNumbering/Circle";
    const TO: &[u8] = b"/ListNumbering/Disc  ";
    let mut at = 0;
    while let Some(found) = find(pdf, FROM, at) {
        pdf[found..found + TO.len()].copy_from_slice(TO);
        at = found + TO.len();
    }
}

/// A structure element object: its number, role, kids and where its dictionary lies.
struct Elem {
    number: usize,
    role: Vec<u8>,
    kids: Vec<usize>,
    start: usize,
    end: usize,
}

const ELEM: &[u8] = b" 0 obj\n<</Type/StructElem/S/";

fn struct_elems(pdf: &[u8]) -> Vec<Elem> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = find(pdf, ELEM, at) {
        at = found + ELEM.len();
        let digits = pdf[..found]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let Ok(number) = std::str::from_utf8(&pdf[found - digits..found])
            .unwrap_or_default()
            .parse()
        else {
            continue;
        };
        let role = pdf[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .copied()
            .collect();
        let end = find(pdf, b"endobj", at).unwrap_or(pdf.len());
        // The dictionary starts after " 0 obj\n<<".
        out.push(Elem {
            number,
            role,
            kids: kids(&pdf[..end], found).unwrap_or_default(),
            start: found + 9,
            end,
        });
    }
    out
}

/// The object numbers in the `/K` entry of the dictionary at or after `at`.
fn kids(pdf: &[u8], at: usize) -> Option<Vec<usize>> {
    let key = find(pdf, b"/K", at)?;
    let value = &pdf[key + 2..];
    let value = if value.first() == Some(&b'[') {
        &value[..value.iter().position(|&b| b == b']')?]
    } else {
        &value[..value.iter().position(|&b| b == b'/' || b == b'>')?]
    };
    let words: Vec<&[u8]> = value
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    Some(
        words
            .windows(3)
            .filter(|w| w[1] == b"0" && w[2] == b"R")
            .filter_map(|w| std::str::from_utf8(w[0]).ok()?.parse().ok())
            .collect(),
    )
}

/// Sets the numbering of the list dictionary between `start` and `end`, keeping its length.
fn retag(pdf: &mut [u8], start: usize, end: usize, want: &str) {
    const TYPE: &[u8] = b"/Type/StructElem";
    let Some(key) = find(&pdf[..end], b"/ListNumbering/", start) else {
        return;
    };
    let value_start = key + b"/ListNumbering/".len();
    let value_end = value_start
        + pdf[value_start..end]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
    if &pdf[value_start..value_end] == want.as_bytes() {
        return;
    }
    // Rebuild the bytes from after `/Type/StructElem` to the end of the value, with the new
    // value and spaces to the old length.
    let Some(type_at) = find(&pdf[..key], TYPE, start).filter(|&t| t == start) else {
        return;
    };
    let mut new = Vec::with_capacity(value_end - type_at);
    new.extend_from_slice(&pdf[type_at + TYPE.len()..value_start]);
    new.extend_from_slice(want.as_bytes());
    if new.len() > value_end - type_at {
        return;
    }
    new.resize(value_end - type_at, b' ');
    pdf[type_at..value_end].copy_from_slice(&new);
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let hay = hay.get(from..)?;
    let mut at = 0;
    while let Some(p) = hay.get(at..)?.iter().position(|&b| b == first) {
        let start = at + p;
        if hay.get(start + 1..start + needle.len()) == Some(rest) {
            return Some(start + from);
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"1 0 obj\n<</Type/StructTreeRoot/K[2 0 R]>>\nendobj\n2 0 obj\n<</Type/StructElem/S/Document/P 1 0 R/K[4 0 R 3 0 R]>>\nendobj\n3 0 obj\n<</Type/StructElem/S/L/P 2 0 R/A[<</O/List/ListNumbering/Decimal>>]/K[5 0 R]>>\nendobj\n4 0 obj\n<</Type/StructElem/S/L/P 2 0 R/A[<</O/List/ListNumbering/Circle>>]/K[6 0 R]>>\nendobj\n";

    #[test]
    fn lists_take_the_numbering_they_show_in_tree_order_and_nothing_moves() {
        let mut pdf = PDF.to_vec();
        rewrite(&mut pdf, &["Disc", "LowerAlpha"]);
        assert_eq!(pdf.len(), PDF.len());
        let text = String::from_utf8(pdf).unwrap();
        // Object 4 comes first in the tree (the Document's first kid), so it is the bullet list.
        assert!(
            text.contains("4 0 obj\n<</S/L/P 2 0 R/A[<</O/List/ListNumbering/Disc  "),
            "{text}"
        );
        assert!(
            text.contains("3 0 obj\n<</S/L/P 2 0 R/A[<</O/List/ListNumbering/LowerAlpha  "),
            "{text}"
        );
        assert_eq!(
            text.find("4 0 obj"),
            PDF.windows(7).position(|w| w == b"4 0 obj")
        );
    }

    #[test]
    fn lists_that_do_not_match_only_get_their_discs() {
        let mut pdf = PDF.to_vec();
        rewrite(&mut pdf, &["Disc"]);
        assert_eq!(pdf.len(), PDF.len());
        let text = String::from_utf8(pdf).unwrap();
        assert!(
            text.contains("/ListNumbering/Decimal>>") && text.contains("/ListNumbering/Disc  >>"),
            "{text}"
        );
    }
}
