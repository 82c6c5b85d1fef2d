//! Exemption from publication (Schedule 12A to the Local Government Act 1972), read as
//! people write it, and read so that it fails closed: a value or a label that might mean
//! "exempt" is never taken to mean "public".

use crate::workbook::Cell;

/// The paragraphs of Part 1 of Schedule 12A.
pub const EXEMPT_PARAGRAPHS: &[&str] = &["1", "2", "3", "4", "5", "6", "7"];

/// Values that say, in so many words, that an item or paper is public.
const PUBLIC: &[&str] = &[
    "",
    "no",
    "none",
    "n/a",
    "na",
    "not exempt",
    "public",
    "open",
];

/// A value that names no paragraph of Schedule 12A (and is not blank or No).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAParagraph;

/// A Schedule 12A paragraph as written on a Cover or an agenda: "3", "para 3", "Para. 3",
/// "paragraph 3", "Paragraph 3 of Schedule 12A". Blank, No, None or N/A is public (`None`).
/// Anything else is [`NotAParagraph`], which callers report and treat as exempt.
pub fn paragraph(value: &str) -> Result<Option<String>, NotAParagraph> {
    // Only invisible characters: something is there, and no one can tell what.
    if visible(value).trim().is_empty() && !value.chars().all(|c| c.is_ascii_whitespace()) {
        return Err(NotAParagraph);
    }
    let v = visible(value).to_lowercase();
    let v = v.trim().trim_end_matches('.').trim();
    if PUBLIC.contains(&v) {
        return Ok(None);
    }
    let v = v.strip_suffix("of schedule 12a").unwrap_or(v).trim();
    let v = ["paragraph", "para.", "para", "p."]
        .iter()
        .find_map(|p| v.strip_prefix(p))
        .unwrap_or(v);
    let v = v.trim().trim_start_matches(['.', ':']).trim();
    EXEMPT_PARAGRAPHS
        .iter()
        .find(|p| **p == v)
        .map(|p| Some((*p).to_owned()))
        .ok_or(NotAParagraph)
}

/// An Exempt cell, agenda or Cover, read so that it fails closed: `Ok(None)` for a public
/// paper (blank, No, None, N/A), `Ok(Some(paragraph))`, or `Err` with what is wrong, for the
/// caller to report (`bad-value`) and treat as exempt. A cell that shows nothing but is not
/// empty (a formula with no stored value, as scripts write them; only no-break, zero-width or
/// other invisible characters) cannot be known to be blank, and neither can an error value.
pub fn cell(cell: &Cell) -> Result<Option<String>, String> {
    if let Some(why) = unseen(cell) {
        return Err(format!(
            "{why}; so whether the paper is exempt cannot be told. Type the paragraph (1 to 7), or \
                clear the cell for a public paper"
        ));
    }
    if let Cell::Error(e) = cell {
        return Err(format!(
            "the cell holds the error value {e}, so whether the paper is exempt cannot be told; \
                type the paragraph (1 to 7), or leave the cell blank for a public paper"
        ));
    }
    // A number is read by its value, never by what its format shows: `;;;` shows nothing,
    // and a format can show a 3 as "No". No number means public.
    if let Cell::Formatted(n, shown) = cell {
        let value = crate::workbook::numfmt::general(*n);
        return match paragraph(&value) {
            Ok(Some(p)) => Ok(Some(p)),
            _ => Err(format!(
                "the cell holds the number {value}, shown as \"{}\" by its number format, which is \
                    not a paragraph of Schedule 12A to the Local Government Act 1972; give the \
                    paragraph (1 to 7), or leave it blank",
                shown.trim()
            )),
        };
    }
    let value = cell.display();
    paragraph(&value).map_err(|NotAParagraph| format!(
        "\"{value}\" is not a paragraph of Schedule 12A to the Local Government Act 1972; give the \
            paragraph (1 to 7), or leave it blank"
    ))
}

/// What a cell that shows nothing holds, if it is not empty: text with no visible character
/// that is more than ordinary spaces. An empty text cell is what a formula with no stored
/// value reads as (see `crate::workbook`), or text whose only characters were stripped.
pub fn unseen(cell: &Cell) -> Option<String> {
    let Cell::Text(t) = cell else { return None };
    if t.is_empty() {
        return Some(
            "the cell shows nothing but is not empty: it holds a formula with no stored \
            value (a workbook written by a program and never opened in a spreadsheet), or \
            characters no one can see"
                .to_owned(),
        );
    }
    if !visible(t).trim().is_empty() || t.chars().all(|c| c.is_ascii_whitespace()) {
        return None;
    }
    let mut codes: Vec<String> = Vec::new();
    for c in t.chars().filter(|c| !c.is_ascii_whitespace()) {
        let code = format!("U+{:04X}", c as u32);
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Some(format!(
        "the cell holds only invisible characters ({}), which may hide what was meant",
        codes.join(", ")
    ))
}

/// How a Cover label or an agenda column header relates to `Exempt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// `Exempt`, as the contract spells it (any case, a trailing colon).
    Exempt,
    /// Something a person may have meant as `Exempt`: "Exempt?", "Exemption", "Exempt para",
    /// "Confidential", "Exempt information", "Exmept", or Exempt with invisible characters.
    NearMiss,
    /// Unrelated.
    Other,
}

/// Words that, in a label, can only be about keeping a paper from the public.
const MEANINGS: &[&str] = &[
    "exempt",
    "exemption",
    "confidential",
    "schedule 12a",
    "12a",
    "not for publication",
    "restricted",
    "private",
];

/// Classifies a label (see [`Label`]).
pub fn label(raw: &str) -> Label {
    let norm = crate::workbook::norm(raw);
    if norm == "exempt" {
        return Label::Exempt;
    }
    let seen = visible(raw).to_lowercase();
    let seen = seen.trim().trim_end_matches([':', '?', '.', '*']).trim();
    if seen == "exempt" || MEANINGS.iter().any(|m| seen.contains(m)) {
        return Label::NearMiss;
    }
    let letters: String = seen.chars().filter(|c| c.is_alphanumeric()).collect();
    if strsim::damerau_levenshtein(&letters, "exempt") <= 2 || letters.starts_with("exem") {
        return Label::NearMiss;
    }
    Label::Other
}

/// The text without invisible characters (zero-width spaces and joiners, word joiners, soft
/// hyphens) and with no-break spaces as spaces: what a reader of the cell sees.
pub fn visible(text: &str) -> String {
    let invisible = |c: &char| {
        matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}')
            || matches!(c, '\u{00AD}' | '\u{FEFF}' | '\u{180E}')
    };
    let space = |c: char| matches!(c, '\u{00A0}' | '\u{2007}' | '\u{202F}');
    text.chars()
        .filter(|c| !invisible(c))
        .map(|c| if space(c) { ' ' } else { c })
        .collect()
}

/// Whether a label holds characters a reader cannot see.
pub fn has_invisible(text: &str) -> bool {
    visible(text) != text.replace(['\u{00A0}', '\u{2007}', '\u{202F}'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_as_people_write_them() {
        for public in ["", "No", "none", "N/A", " no. "] {
            assert_eq!(paragraph(public), Ok(None), "{public}");
        }
        for three in [
            "3",
            "para 3",
            "Para. 3",
            "Paragraph 3",
            "paragraph 3 of Schedule 12A",
            "p. 3",
            "Para.3",
            "3\u{200B}",
        ] {
            assert_eq!(paragraph(three), Ok(Some("3".into())), "{three}");
        }
        for bad in [
            "Yes",
            "8",
            "x",
            "Exempt",
            "para",
            "3 and 4",
            "\u{200B}",
            "\u{FEFF} ",
        ] {
            assert_eq!(paragraph(bad), Err(NotAParagraph), "{bad}");
        }
    }

    #[test]
    fn cells_that_show_nothing_are_not_blank() {
        assert_eq!(cell(&Cell::Empty), Ok(None));
        assert_eq!(cell(&Cell::Text("  ".into())), Ok(None));
        assert_eq!(cell(&Cell::Text("Para 3".into())), Ok(Some("3".into())));
        assert_eq!(cell(&Cell::Number(3.0)), Ok(Some("3".into())));
        for hidden in ["", "\u{00A0}", "\u{200B}", " \u{2060}\u{00A0} "] {
            let why = cell(&Cell::Text(hidden.into())).unwrap_err();
            assert!(why.contains("cannot be told"), "{hidden:?}: {why}");
        }
        assert!(
            cell(&Cell::Text("\u{00A0}\u{200B}".into()))
                .unwrap_err()
                .contains("U+00A0, U+200B")
        );
        // Read by the value, not the format: ";;;" shows nothing, a format may show "No".
        assert_eq!(
            cell(&Cell::Formatted(3.0, "Para 3".into())),
            Ok(Some("3".into()))
        );
        assert_eq!(
            cell(&Cell::Formatted(3.0, String::new())),
            Ok(Some("3".into()))
        );
        assert_eq!(
            cell(&Cell::Formatted(3.0, "No".into())),
            Ok(Some("3".into()))
        );
        assert!(
            cell(&Cell::Formatted(0.0, String::new()))
                .unwrap_err()
                .contains("the number 0")
        );
        assert!(cell(&Cell::Number(0.0)).is_err());
        assert!(
            cell(&Cell::Error("#REF!".into()))
                .unwrap_err()
                .contains("#REF!")
        );
    }

    #[test]
    fn near_misses_of_the_label() {
        assert_eq!(label("Exempt"), Label::Exempt);
        assert_eq!(label(" exempt: "), Label::Exempt);
        for near in [
            "Exempt?",
            "Exemption",
            "Exempt para",
            "Confidential",
            "Exempt information",
            "Ex\u{200B}empt",
            "Exmept",
            "Not for publication",
            "Schedule 12A",
        ] {
            assert_eq!(label(near), Label::NearMiss, "{near:?}");
        }
        for other in ["Title", "Report", "Item", "Key decision", "Exhibit"] {
            assert_eq!(label(other), Label::Other, "{other}");
        }
    }
}
