//! Table cells that fit: dates and figures kept whole, long words given places to break, and
//! for each column the words and lines Typst measures to size it from its content.
//!
//! Typst never breaks inside a word, so a word wider than its column spills into the next
//! one and overprints it. Papers therefore sizes each column to at least its widest word
//! (a date such as "1 September 2026" counting as one word), gives very long words and URLs
//! places to break, and lets columns of long text share what is left. The measuring itself
//! happens in Typst (`fitted-table` in papers.typ), in the real font, once per table; this
//! module picks the strings worth measuring, so that a long table does not measure every
//! cell, and says how much text each column holds and how long a sample of its cells are, so
//! that the width can go where it makes the rows shortest.

use serde::Serialize;

/// A word longer than this many characters gets places to break (URLs, pasted paths).
const LONG_WORD: usize = 20;

/// A long word without punctuation breaks every this many characters.
const PIECE: usize = 24;

/// How many of the longest words and lines of a column are measured.
const CANDIDATES: usize = 3;

/// The no-break space that glues a date's parts together.
const GLUE: char = '\u{a0}';

/// A zero-width space: a place where a long word may break (escape.rs sets it as one).
pub const BREAK: char = '\u{200b}';

/// Where a long run of letters breaks: in the text as it is, a zero-width space.
pub const HARD_BREAK: char = '\u{2060}';

/// What Typst measures to size one column: its longest unbreakable words, its longest lines,
/// and its header.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ColumnFit {
    /// The longest words of the column's cells (dates glued into one word).
    pub words: Vec<String>,
    /// The longest words of lines with bold text in them, measured bold.
    pub strong: Vec<String>,
    /// The longest lines of the column's cells, as they would run without wrapping.
    pub lines: Vec<String>,
    /// The header as plain text; its words are measured in bold.
    pub head: String,
    /// Whether the column's longest word is a figure or a date, which never breaks: when a
    /// table is too wide even at 8 pt, such a column keeps its width and the others give.
    pub rigid: bool,
    /// The longest words of at most [`SHORT_WORD`] letters (measured bold, to be safe): when a
    /// table is too wide even at 8 pt, its columns are still at least this wide, so that only
    /// longer words are ever hyphenated.
    pub short: Vec<String>,
    /// How much text the column holds, in characters: the width long text needs is shared
    /// between the columns in proportion to it.
    pub chars: usize,
    /// How many cells the column has.
    pub rows: usize,
    /// A sample of the column's cells, at most [`SAMPLE`] of them evenly spread, each as its
    /// length in characters and its number of lines: from them Typst estimates how tall the
    /// rows of a choice of widths would be.
    pub lens: Vec<(usize, usize)>,
}

/// How many cells of a column [`ColumnFit::lens`] samples.
pub const SAMPLE: usize = 40;

/// A word of this many letters or fewer is never broken in a table.
pub const SHORT_WORD: usize = 12;

/// The fit of a column with `header` over `cells` (each in the Markdown subset).
pub fn column<'a>(header: &str, cells: impl IntoIterator<Item = &'a str>) -> ColumnFit {
    let mut words: Vec<String> = Vec::new();
    let mut strong: Vec<String> = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut short: Vec<String> = Vec::new();
    let (mut chars, mut rows) = (0, 0);
    let mut lens = Vec::new();
    for cell in cells {
        // As printed: without the `**` of bold.
        let len = cell.chars().filter(|&c| c != '*').count();
        chars += len;
        rows += 1;
        lens.push((
            len,
            cell.lines().filter(|l| !l.trim().is_empty()).count().max(1),
        ));
        for raw in cell.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // A list item's words sit after its marker and indents: measured with a stand-in
            // as wide, so that they are not set wider than the column.
            let item = crate::model::numbering::bullet_line(raw).is_some()
                || crate::model::numbering::numbered_line(raw).is_some()
                || crate::model::numbering::sub_item(raw, None).is_some();
            let glued = glue(&plain(raw));
            let found = glued
                .split([' ', BREAK, HARD_BREAK])
                .filter(|w| !w.is_empty())
                .map(|w| {
                    if item {
                        format!("{INDENT}{w}")
                    } else {
                        w.to_owned()
                    }
                });
            let found: Vec<String> = found.collect();
            short.extend(
                found
                    .iter()
                    .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() <= SHORT_WORD)
                    .cloned(),
            );
            // Bold is wider than regular: the words of a line with bold in it are measured bold.
            if raw.contains("**") {
                strong.extend(found)
            } else {
                words.extend(found)
            }
            lines.push(glued);
        }
    }
    let words = longest(words);
    let rigid = words
        .first()
        .is_some_and(|w| is_figure(w) || w.contains(GLUE));
    ColumnFit {
        words,
        strong: longest(strong),
        lines: longest(lines),
        head: glue(&plain(header)),
        rigid,
        short: longest(short),
        chars,
        rows,
        lens: sample(lens),
    }
}

/// At most [`SAMPLE`] of `all`, evenly spread.
fn sample<T: Copy>(all: Vec<T>) -> Vec<T> {
    if all.len() <= SAMPLE {
        return all;
    }
    (0..SAMPLE).map(|i| all[i * all.len() / SAMPLE]).collect()
}

/// As wide as a list item's marker and indents ("a)" and the spaces around it).
const INDENT: &str = "a)\u{a0}\u{a0}\u{a0}\u{a0}";

/// The few longest strings, longest first, each once.
fn longest(mut all: Vec<String>) -> Vec<String> {
    all.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    all.dedup();
    all.truncate(CANDIDATES);
    all
}

/// A line of the Markdown subset as it prints: without `**`, `*` and link targets, a bullet
/// as "• ".
fn plain(line: &str) -> String {
    use crate::workbook::numfmt::{DIGIT_PAD, FILL, PAD};
    // A figure's padding is measured as the character it stands for.
    let line = line
        .trim()
        .replace(PAD, ")")
        .replace(DIGIT_PAD, "0")
        .replace(FILL, " ");
    let line = line.trim();
    let line = line
        .strip_prefix("- ")
        .map_or_else(|| line.to_owned(), |rest| format!("• {rest}"));
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match after
            .find("](")
            .and_then(|mid| after[mid + 2..].find(')').map(|end| (mid, end)))
        {
            Some((mid, end)) => {
                out.push_str(&rest[..open]);
                out.push_str(&after[..mid]);
                rest = &after[mid + 2 + end + 1..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace('*', "")
}

/// Text as Papers sets it: the spaces inside a date ("1 September 2026", "March 2016"), a
/// time ("5.30 pm") or an amount ("£2.5 million"), and after a title ("Cllr Siân"), become
/// no-break spaces, and a word longer than [`LONG_WORD`] characters gets zero-width spaces
/// after its `/`, `.`, `-`, `_`, `?`, `&`, `=` and `@`, and every [`PIECE`] characters where
/// it has none. Figures are never broken.
pub fn glue(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let before = words[i - 1];
            let together = (is_day(before) && is_month(word))
                || (is_month(before) && is_year(word))
                || (is_figure(before) && is_unit(word))
                || (is_title(before) && word.starts_with(char::is_uppercase));
            out.push(if together { GLUE } else { ' ' });
        }
        breakable(&mut out, word);
    }
    out
}

/// Running text with places to break inside its long words (see [`glue`]), which would
/// otherwise run past the edge of a narrow column or page; spaces stay as they are.
pub fn break_long_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        breakable(&mut out, word);
    }
    out
}

/// Pushes `word`, with places to break when it is long and not a figure.
fn breakable(out: &mut String, word: &str) {
    if word.chars().count() <= LONG_WORD || is_figure(word) {
        out.push_str(word);
        return;
    }
    let chars: Vec<char> = word.chars().collect();
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        run += 1;
        let last = i + 1 == chars.len();
        if last {
            break;
        }
        if matches!(c, '/' | '.' | '-' | '_' | '?' | '&' | '=' | '@') {
            out.push(BREAK);
            run = 0;
        } else if run >= PIECE {
            // A run with nowhere to break: a zero-width space, which Typst breaks at (it stays
            // in the text, invisible, where nothing else would stop the word overprinting).
            out.push(HARD_BREAK);
            run = 0;
        }
    }
}

/// "1", "21st", "3rd": a day of the month.
fn is_day(word: &str) -> bool {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && ["", "st", "nd", "rd", "th"].contains(&suffix)
}

/// A month's name, in full or short ("Sept", "Dec."), with a comma after it.
fn is_month(word: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = word.trim_end_matches([',', '.']).to_lowercase();
    w.len() >= 3
        && MONTHS
            .iter()
            .any(|m| *m == w || (w.len() <= 4 && m.starts_with(&w)))
}

/// A year: four digits, perhaps with punctuation after it.
fn is_year(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';', ':', ')']);
    w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())
}

/// A figure: digits with the signs and separators amounts are written with.
fn is_figure(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || ",.%£$€()-+−:/".contains(c))
}

/// A title that stays on the line of the name after it ("Cllr Siân Jones", "Dr Evans").
fn is_title(word: &str) -> bool {
    let w = word.trim_start_matches('(').trim_end_matches('.');
    [
        "Cllr",
        "Councillor",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mx",
        "Dr",
        "Prof",
        "Sir",
        "Dame",
    ]
    .contains(&w)
}

/// A unit that reads as part of the figure before it.
fn is_unit(word: &str) -> bool {
    let w = word
        .trim_end_matches([',', '.', ';', ':', ')'])
        .to_lowercase();
    ["am", "pm", "million", "billion", "bn", "m", "k", "%", "per"].contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_times_and_amounts_stay_whole() {
        assert_eq!(
            glue("Due 1 September 2026 at the latest"),
            "Due 1\u{a0}September\u{a0}2026 at the latest"
        );
        assert_eq!(
            glue("by 9 Dec. 2026, then"),
            "by 9\u{a0}Dec.\u{a0}2026, then"
        );
        assert_eq!(glue("March 2016"), "March\u{a0}2016");
        assert_eq!(glue("at 5.30 pm"), "at 5.30\u{a0}pm");
        assert_eq!(glue("£2.5 million saved"), "£2.5\u{a0}million saved");
        assert_eq!(
            glue("may 1 2026"),
            "may 1 2026",
            "a day after the month is left alone"
        );
        assert_eq!(glue("Maybe 12 people"), "Maybe 12 people");
    }

    #[test]
    fn long_words_get_places_to_break_and_figures_none() {
        let url = glue("https://www.norwich.gov.uk/reducing-inequalities");
        assert_eq!(
            url.replace([BREAK, HARD_BREAK], ""),
            "https://www.norwich.gov.uk/reducing-inequalities"
        );
        assert!(
            url.split([BREAK, HARD_BREAK])
                .all(|piece| piece.chars().count() <= PIECE),
            "{url:?}"
        );
        assert!(url.contains("/\u{200b}reducing-\u{200b}"), "{url:?}");
        assert_eq!(glue("1,234,567,890,123,456.00"), "1,234,567,890,123,456.00");
        assert_eq!(
            glue("Neighbourhoodsandcommunities"),
            "Neighbourhoodsandcommuni\u{2060}ties"
        );
        assert_eq!(
            glue("Supercalifragilisticexpialidocious"),
            "Supercalifragilisticexpi\u{2060}alidocious"
        );
        assert_eq!(glue("short words only"), "short words only");
    }

    #[test]
    fn a_column_offers_its_longest_words_and_lines() {
        let fit = column(
            "Deadline date",
            [
                "1 September 2026",
                "**Ongoing**",
                "- see [the plan](https://x.org/a)\nMarch 2016",
            ],
        );
        assert_eq!(fit.head, "Deadline date");
        assert_eq!(fit.words[0], "1\u{a0}September\u{a0}2026");
        assert!(
            fit.words.contains(&"March\u{a0}2016".to_owned()),
            "{:?}",
            fit.words
        );
        assert_eq!(fit.lines[0], "1\u{a0}September\u{a0}2026");
        assert!(
            fit.lines.contains(&"• see the plan".to_owned()),
            "{:?}",
            fit.lines
        );
        assert!(
            !fit.words.iter().any(|w| w.contains('*')),
            "{:?}",
            fit.words
        );
        assert_eq!(fit.strong, ["Ongoing"]);
        assert!(fit.rigid, "the longest word is a date");
        assert!(!column("Name", ["Jo Bloggs"]).rigid);
        assert!(
            fit.words.contains(&format!("{INDENT}plan")),
            "{:?}",
            fit.words
        );
    }
}
