//! The author's own numbering: a number typed at the start of a heading, paragraph or
//! recommendation ("1.", "1.1", "2)", "(3)") that Papers would print anyway.
//!
//! Officers paste from Word, where they numbered by hand. A number that matches the one
//! Papers gives is dropped so it never prints twice; one that does not is kept as written,
//! since it may be cross-referenced, and the author is told.

use serde::Serialize;

use crate::base::diag::Diagnostics;

/// A number typed at the start of a text: as written, as Papers would write it, and the
/// text after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leading<'a> {
    /// The number as typed, with its punctuation ("1.1.", "(2)").
    pub written: &'a str,
    /// The number in Papers' form: dot-separated digits ("1.1", "2").
    pub number: String,
    /// The text after the number and the spaces following it.
    pub rest: &'a str,
}

/// The number at the start of `text`, if it starts with one followed by a space: "1.",
/// "1.1", "1.1.", "2)", "(2)". A bare "3 " is not taken as a number ("3 officers attended"),
/// nor a decimal such as "1.5m", nor a date such as "1.9.2026".
pub fn leading(text: &str) -> Option<Leading<'_>> {
    let text = text.trim_start();
    let (open, body) = match text.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let digits = &body[..end];
    let after = &body[end..];
    let (closed, after) = match after.strip_prefix(')') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if (open && !closed) || !after.starts_with([' ', '\u{a0}', '\n']) || after.trim().is_empty() {
        return None;
    }
    let parts: Vec<&str> = digits.trim_end_matches('.').split('.').collect();
    if parts.iter().any(|p| p.is_empty() || p.len() > 3) || parts.len() > 3 {
        return None;
    }
    // "2 " is not a number of a list, "2." "2)" "1.1" are.
    if !closed && !digits.contains('.') {
        return None;
    }
    // "2.3 million people" is a figure: a paragraph number is followed by a sentence.
    if !closed
        && !digits.ends_with('.')
        && after.trim_start().starts_with(|c: char| c.is_lowercase())
    {
        return None;
    }
    let written_len = (text.len() - body.len()) + end + usize::from(closed);
    Some(Leading {
        written: &text[..written_len],
        number: parts
            .iter()
            .map(|p| p.trim_start_matches('0'))
            .map(|p| if p.is_empty() { "0" } else { p })
            .collect::<Vec<_>>()
            .join("."),
        rest: after.trim_start(),
    })
}

/// Where a text sits, for the warning about a number that does not match.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The sheet.
    pub sheet: &'a str,
    /// The cell, in A1 notation.
    pub cell: &'a str,
    /// What the text is, for the message: "heading", "paragraph", "recommendation".
    pub what: &'a str,
}

/// The text without its leading number when that number is `expected` (the number Papers
/// prints for it); otherwise the text as written, with a warning when it starts with a
/// number that differs.
pub fn drop_own(text: &str, expected: &str, at: Place<'_>, diags: &mut Diagnostics) -> String {
    let Some(lead) = leading(text) else {
        return text.to_owned();
    };
    // "1.0 Introduction" is how many officers number section 1.
    if lead.number == expected || lead.number == format!("{expected}.0") {
        return lead.rest.to_owned();
    }
    diags.warn(at.sheet, Some(at.cell.to_owned()), "own-number", format!(
        "the {} starts with its own number \"{}\" but Papers numbers it {expected}; it is kept as \
            written, so both numbers print: remove \"{}\" or correct it",
        at.what, lead.written, lead.written
    ));
    text.to_owned()
}

/// An item number typed with its label, "Item 7", "Item no. 7", "No. 7": the number alone
/// ("7"), which is how the cover and the agenda print it beside their own "Item" label.
pub fn item_number(text: &str) -> Option<&str> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let skip = [
        "item no. ",
        "item no ",
        "item number ",
        "item: ",
        "item ",
        "no. ",
    ]
    .iter()
    .find(|p| lower.starts_with(*p))
    .map(|p| p.len())?;
    let rest = t[skip..].trim_start();
    let numberish = rest.starts_with(|c: char| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && rest.len() <= 6;
    numberish.then_some(rest)
}

/// Reads an item number, warning when it was typed with its label ("Item 7" prints as 7).
pub fn read_item(
    text: String,
    sheet: &str,
    cell: Option<String>,
    diags: &mut Diagnostics,
) -> String {
    let Some(number) = item_number(&text) else {
        return text;
    };
    let number = number.to_owned();
    diags.warn(sheet, cell, "item-label", format!(
        "Item: \"{text}\" includes its label; Papers prints the label itself, so it is read as \
            {number}"
    )).suggestion = Some(number.clone());
    number
}

/// A list the author may have numbered or lettered by hand, such as the recommendations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct List {
    /// An unnumbered first line that leads in to the items ("Cabinet is recommended to:").
    pub lead: Option<String>,
    /// The Typst numbering pattern: "1.", or the author's letters ("a)", "(a)", "i." ...).
    pub numbering: String,
    /// The items, each with its number (a = 1) and its text in the Markdown subset.
    pub items: Vec<ListItem>,
}

/// One item of a [`List`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListItem {
    /// Its number; for letters, a = 1.
    pub number: u32,
    /// Its text, without the number the author typed when that matched.
    pub text: String,
}

/// Numbers the lines of a cell as a list, one line an item: 1, 2, 3, with a number the
/// author typed dropped when it matches (and kept, with a warning, when not). When every
/// line is lettered ("a) ...", "(b) ..."), the list keeps the author's letters. Lettered
/// lines and bullets after a numbered line are its sub-items.
pub fn list(text: &str, at: Place<'_>, diags: &mut Diagnostics) -> List {
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // "Cabinet is recommended to:" with no number of its own, before the items, leads in to
    // them: printed unnumbered, the items numbered from 1 under it.
    let lead = (lines.len() > 1
        && lines[0].ends_with(':')
        && leading(lines[0]).is_none()
        && sub_item(lines[0], None).is_none()
        && bullet(lines[0]).is_none())
    .then(|| lines.remove(0).to_owned());
    let mut list = numbered(lines, at, diags);
    list.lead = lead;
    list
}

/// [`list`] of lines with no lead-in.
fn numbered(lines: Vec<&str>, at: Place<'_>, diags: &mut Diagnostics) -> List {
    let mut previous: Option<SubItem<'_>> = None;
    let mut lettered = Vec::new();
    for line in &lines {
        match sub_item(line, previous.as_ref()) {
            Some(item) if previous.as_ref().is_none_or(|p| p.pattern == item.pattern) => {
                lettered.push(ListItem {
                    number: item.number,
                    text: item.rest.to_owned(),
                });
                previous = Some(item);
            }
            _ => break,
        }
    }
    if !lines.is_empty() && lettered.len() == lines.len() {
        let numbering = previous.map_or("a)", |p| p.pattern).to_owned();
        return List {
            lead: None,
            numbering,
            items: lettered,
        };
    }
    // Lines all bulleted, as pasted from Word, are the items themselves.
    let all_bullets = lines.iter().all(|l| bullet(l).is_some());
    let mut items: Vec<ListItem> = Vec::new();
    for line in lines {
        let sub = !all_bullets && (sub_item(line, None).is_some() || bullet(line).is_some());
        match items.last_mut() {
            Some(last) if sub => {
                last.text.push('\n');
                last.text.push_str(line);
            }
            _ => {
                let number = items.len() as u32 + 1;
                let line = bullet(line).unwrap_or(line);
                items.push(ListItem {
                    number,
                    text: drop_own(line, &number.to_string(), at, diags),
                });
            }
        }
    }
    List {
        lead: None,
        numbering: "1.".to_owned(),
        items,
    }
}

/// The text of a bulleted line ("- ", "• ", "o ", "§ " ...; see [`bullet_line`]).
fn bullet(line: &str) -> Option<&str> {
    bullet_line(line).map(|(_, rest)| rest)
}

/// A bulleted line as Word and LibreOffice paste them: its level and its text. "•" (with or
/// without a space after it: a round trip can lose the tab), "-", "–", "*" and "·" open a
/// first-level bullet; Word's second- and third-level markers, "o" and "§" (or "◦", "▪"), a
/// deeper one. A Symbol-font bullet (U+F0B7) was made "•" when the cell was read.
pub fn bullet_line(line: &str) -> Option<(u8, &str)> {
    let line = line.trim_start();
    let mut chars = line.chars();
    let marker = chars.next()?;
    let after = chars.as_str();
    let level = match marker {
        '•' | '·' | '●' => 1,
        '-' | '–' | '*' => 1,
        'o' | '◦' => 2,
        '§' | '▪' | '■' => 3,
        _ => return None,
    };
    // A glyph bullet may run into its text (a LibreOffice round trip drops the tab after it);
    // a letter or a hyphen needs a space after it ("-1" and "once" are not bullets), a "*"
    // that opens italics is not one either, nor a "§" before a number ("§5 of the Act").
    let glued = matches!(marker, '•' | '●' | '◦' | '▪' | '■')
        || (marker == '§' && after.starts_with(char::is_alphabetic));
    let rest = match after.strip_prefix([' ', '\u{a0}']) {
        Some(rest) => rest,
        None if glued && !after.is_empty() => after,
        None => return None,
    };
    let rest = rest.trim_start();
    (!rest.is_empty()).then_some((level, rest))
}

/// A line numbered by hand inside a cell ("1. Time limit", "2) Materials", "(3) Access",
/// "[4] Local plan policy"): its Typst numbering pattern ("1.", "1)", "(1)", "[1]"), its
/// number as typed, and its text. A cell's numbered lines are a list only when it has two or
/// more (see [`numbered_lines`]): "3. Note the risks" alone is text.
pub fn numbered_line(line: &str) -> Option<(&'static str, u32, &str)> {
    let line = line.trim_start();
    let (pattern, open, close) = if line.starts_with('[') {
        ("[1]", "[", ']')
    } else if line.starts_with('(') {
        ("(1)", "(", ')')
    } else {
        let end = line.find(|c: char| !c.is_ascii_digit())?;
        match line[end..].chars().next()? {
            '.' => ("1.", "", '.'),
            ')' => ("1)", "", ')'),
            _ => return None,
        }
    };
    let body = &line[open.len()..];
    let end = body.find(|c: char| !c.is_ascii_digit())?;
    if end == 0 || end > 3 || !body[end..].starts_with(close) {
        return None;
    }
    let rest = body[end + 1..].strip_prefix([' ', '\u{a0}'])?.trim_start();
    // "1. 5m people" is rare; "1.5m" never gets here. A number needs words after it.
    if rest.is_empty() {
        return None;
    }
    Some((pattern, body[..end].parse().ok()?, rest))
}

/// Whether a cell's lines numbered by hand make a list: two or more of them.
pub fn numbered_lines(text: &str) -> bool {
    text.lines()
        .filter(|l| numbered_line(l).is_some())
        .nth(1)
        .is_some()
}

/// A lettered or roman sub-item marker at the start of a line: "a)", "(b)", "c.", "ii)",
/// "(iv)", "i.".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubItem<'a> {
    /// The Typst numbering pattern of the author's form: "a)", "(a)", "a.", "i)", "(i)", "i.".
    pub pattern: &'static str,
    /// The item's number: a = 1, b = 2; ii = 2.
    pub number: u32,
    /// The text after the marker.
    pub rest: &'a str,
}

/// The sub-item marker at the start of `line`. `previous` is the item before it in the same
/// list, if any: it settles whether "i)" is the letter after "h)" or the roman one.
pub fn sub_item<'a>(line: &'a str, previous: Option<&SubItem<'_>>) -> Option<SubItem<'a>> {
    let (open, body) = match line.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let end = body
        .find(|c: char| !c.is_ascii_lowercase())
        .unwrap_or(body.len());
    let marker = &body[..end];
    let close = body[end..].chars().next()?;
    if !(close == ')' || (close == '.' && !open)) {
        return None;
    }
    let rest = body[end + 1..].strip_prefix(' ')?;
    if marker.is_empty() || rest.trim().is_empty() {
        return None;
    }
    let letter = marker.len() == 1;
    let roman_value = roman(marker);
    let (letter_pattern, roman_pattern) = match (open, close) {
        (true, _) => ("(a)", "(i)"),
        (false, ')') => ("a)", "i)"),
        _ => ("a.", "i."),
    };
    // "i)" after "h)" is a letter; after "iii)", or opening a list, a numeral.
    let follows_letter = previous.is_some_and(|p| p.pattern == letter_pattern);
    let follows_roman = previous.is_some_and(|p| p.pattern == roman_pattern);
    let as_roman =
        roman_value.is_some() && (!letter || follows_roman || (marker == "i" && !follows_letter));
    let (pattern, number) = if as_roman {
        (roman_pattern, roman_value?)
    } else if letter {
        (letter_pattern, u32::from(marker.as_bytes()[0] - b'a') + 1)
    } else {
        return None;
    };
    Some(SubItem {
        pattern,
        number,
        rest: rest.trim_start(),
    })
}

/// The value of a lowercase roman numeral up to 39 (xxxix), the range sub-items use.
fn roman(s: &str) -> Option<u32> {
    const NUMERALS: [&str; 40] = [
        "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
        "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", "xxi", "xxii", "xxiii", "xxiv", "xxv",
        "xxvi", "xxvii", "xxviii", "xxix", "xxx", "xxxi", "xxxii", "xxxiii", "xxxiv", "xxxv",
        "xxxvi", "xxxvii", "xxxviii", "xxxix",
    ];
    NUMERALS
        .iter()
        .position(|n| !n.is_empty() && *n == s)
        .map(|i| i as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<(String, String)> {
        leading(text).map(|l| (l.number, l.rest.to_owned()))
    }

    #[test]
    fn numbers_as_officers_type_them() {
        let n = |s: &str, r: &str| Some((s.to_owned(), r.to_owned()));
        assert_eq!(number("1. Background"), n("1", "Background"));
        assert_eq!(
            number("1.1 The council agreed"),
            n("1.1", "The council agreed")
        );
        assert_eq!(number("2.10. Text"), n("2.10", "Text"));
        assert_eq!(number("2) To note"), n("2", "To note"));
        assert_eq!(number("(3) To note"), n("3", "To note"));
        assert_eq!(number("  01. Zero padded"), n("1", "Zero padded"));
        assert_eq!(leading("(3) To note").unwrap().written, "(3)");
    }

    #[test]
    fn ordinary_text_has_no_number() {
        for text in [
            "3 officers attended",
            "1.5m people",
            "2.3 million people live here",
            "2026 was a year",
            "1.9.2026 is the date x",
            "(3 To",
            "1.",
            "Background",
            "£1. 2",
            "1)x",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn a_matching_number_is_dropped_and_another_kept_with_a_warning() {
        let mut diags = Diagnostics::new("x.xlsx");
        let at = Place {
            sheet: "Report",
            cell: "C3",
            what: "paragraph",
        };
        assert_eq!(
            drop_own("1.1 The council", "1.1", at, &mut diags),
            "The council"
        );
        assert_eq!(
            drop_own("2.0 Background", "2", at, &mut diags),
            "Background"
        );
        assert!(diags.list.is_empty());
        assert_eq!(
            drop_own("1.4 The council", "1.2", at, &mut diags),
            "1.4 The council"
        );
        assert_eq!(diags.list[0].code, "own-number");
        assert_eq!(diags.list[0].cell.as_deref(), Some("C3"));
        assert!(
            diags.list[0].message.contains("\"1.4\"") && diags.list[0].message.contains("1.2"),
            "{}",
            diags.list[0].message
        );
        assert_eq!(drop_own("No number", "3", at, &mut diags), "No number");
        assert_eq!(diags.list.len(), 1);
    }

    #[test]
    fn lettered_and_roman_sub_items() {
        let item = |l: &'static str| sub_item(l, None).map(|i| (i.pattern, i.number, i.rest));
        assert_eq!(item("a) first"), Some(("a)", 1, "first")));
        assert_eq!(item("(c) third"), Some(("(a)", 3, "third")));
        assert_eq!(item("b. second"), Some(("a.", 2, "second")));
        assert_eq!(item("i. one"), Some(("i.", 1, "one")));
        assert_eq!(item("(iv) four"), Some(("(i)", 4, "four")));
        assert_eq!(item("ii) two"), Some(("i)", 2, "two")));
        for text in [
            "e.g. this",
            "i.e. that",
            "a)b",
            "(a. x",
            "ab) x",
            "x)",
            "Ab) x",
            "a) ",
        ] {
            assert_eq!(item(text), None, "{text}");
        }
        let h = sub_item("h) eighth", None).unwrap();
        let after_h = sub_item("i) ninth", Some(&h)).unwrap();
        assert_eq!((after_h.pattern, after_h.number), ("a)", 9));
        let iv = sub_item("iv) four", None).unwrap();
        assert_eq!(
            sub_item("v) five", Some(&iv)).map(|i| (i.pattern, i.number)),
            Some(("i)", 5))
        );
        assert_eq!(
            sub_item("v) vee", None).map(|i| (i.pattern, i.number)),
            Some(("a)", 22))
        );
    }

    #[test]
    fn bullets_and_hand_numbers_as_word_pastes_them() {
        assert_eq!(bullet_line("• one"), Some((1, "one")));
        assert_eq!(bullet_line("•one"), Some((1, "one")));
        assert_eq!(bullet_line("o two"), Some((2, "two")));
        assert_eq!(bullet_line("§ three"), Some((3, "three")));
        assert_eq!(bullet_line("– dash"), Some((1, "dash")));
        assert_eq!(bullet_line("* star"), Some((1, "star")));
        assert_eq!(bullet_line("§starting"), Some((3, "starting")));
        for text in ["once", "-1", "*a*", "o", "•", "§5"] {
            assert_eq!(bullet_line(text), None, "{text}");
        }
        assert_eq!(
            numbered_line("1. Time limit"),
            Some(("1.", 1, "Time limit"))
        );
        assert_eq!(numbered_line("12) Access"), Some(("1)", 12, "Access")));
        assert_eq!(numbered_line("(3) Trees"), Some(("(1)", 3, "Trees")));
        assert_eq!(numbered_line("[4] Policy"), Some(("[1]", 4, "Policy")));
        for text in [
            "1.5m people",
            "2026 was",
            "(a) x",
            "1.1 Text",
            "[x] y",
            "3.",
        ] {
            assert_eq!(numbered_line(text), None, "{text}");
        }
        assert!(numbered_lines("1. a\n2. b") && !numbered_lines("1. a\nb"));
    }

    #[test]
    fn an_item_typed_with_its_label_is_its_number() {
        assert_eq!(item_number("Item 7"), Some("7"));
        assert_eq!(item_number("item no. 12a"), Some("12a"));
        assert_eq!(item_number("No. 3.1"), Some("3.1"));
        assert_eq!(item_number("7"), None);
        assert_eq!(item_number("Items to note"), None);
        assert_eq!(item_number("Item seven"), None);
        let mut diags = Diagnostics::new("x.xlsx");
        assert_eq!(
            read_item("Item 7".into(), "Cover", Some("B5".into()), &mut diags),
            "7"
        );
        assert_eq!(
            (diags.list[0].code, diags.list[0].suggestion.as_deref()),
            ("item-label", Some("7"))
        );
    }

    #[test]
    fn a_lead_in_line_is_not_numbered_and_the_items_under_it_start_at_1() {
        let mut diags = Diagnostics::new("r.xlsx");
        let at = Place {
            sheet: "Cover",
            cell: "B7",
            what: "recommendation",
        };
        let l = list(
            "Cabinet is recommended to:\n1. note the report\n2. approve the plan",
            at,
            &mut diags,
        );
        assert_eq!(l.lead.as_deref(), Some("Cabinet is recommended to:"));
        let items: Vec<(u32, &str)> = l
            .items
            .iter()
            .map(|i| (i.number, i.text.as_str()))
            .collect();
        assert_eq!(items, [(1, "note the report"), (2, "approve the plan")]);
        assert!(diags.list.is_empty(), "{:?}", diags.list);
        // A single line, or a first line with its own number, is no lead-in.
        assert_eq!(list("Note the following:", at, &mut diags).lead, None);
        assert_eq!(list("1. Note:\n2. Agree", at, &mut diags).lead, None);
    }

    #[test]
    fn recommendations_numbered_by_hand_print_once() {
        let mut diags = Diagnostics::new("x.xlsx");
        let at = Place {
            sheet: "Cover",
            cell: "B8",
            what: "recommendation",
        };
        let texts = |l: &List| {
            l.items
                .iter()
                .map(|i| (i.number, i.text.clone()))
                .collect::<Vec<_>>()
        };
        let l = list(
            "1. To approve the plan:\na) first\nb) second\n2) To note the risks",
            at,
            &mut diags,
        );
        assert_eq!(l.numbering, "1.");
        assert_eq!(
            texts(&l),
            [
                (1, "To approve the plan:\na) first\nb) second".to_owned()),
                (2, "To note the risks".to_owned())
            ]
        );
        assert!(diags.list.is_empty());
        let l = list("(a) To approve\n(c) To note", at, &mut diags);
        assert_eq!(
            (l.numbering.as_str(), texts(&l)),
            (
                "(a)",
                vec![(1, "To approve".to_owned()), (3, "To note".to_owned())]
            )
        );
        let l = list("• Agree the plan\n• Note the risks", at, &mut diags);
        assert_eq!(
            texts(&l),
            [
                (1, "Agree the plan".to_owned()),
                (2, "Note the risks".to_owned())
            ]
        );
        let l = list("Agree the plan\n3. Note the risks", at, &mut diags);
        assert_eq!(
            texts(&l),
            [
                (1, "Agree the plan".to_owned()),
                (2, "3. Note the risks".to_owned())
            ]
        );
        assert_eq!(
            (diags.list[0].code, diags.list[0].cell.as_deref()),
            ("own-number", Some("B8"))
        );
    }
}
