//! Cell text into Typst: escaping, and the small Markdown subset of the contract.
//!
//! Everything a workbook says reaches Typst through this module, cleaned as it was read (see
//! [`crate::workbook::clean`]). Plain values are escaped character by character so they can
//! only ever be text; the Markdown subset is parsed here and rebuilt as Typst calls whose every
//! piece of text is escaped the same way.

use std::fmt::Write;

use crate::model::numbering::{SubItem, sub_item};
use crate::render::inline::{Bare, Span, bare_links, may_link, spans};

/// Escapes text for Typst markup (and for content blocks `[...]`): every ASCII punctuation
/// character gets a backslash, which Typst reads as "this character, literally". That one rule
/// covers `# $ * _ @ < > \ [ ] = ~ " ' :`, backticks, `//`, `/*`, `--`, `...`, URLs and list
/// or heading markers at the start of a line. Line breaks become Typst line breaks.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_text(&mut out, text);
    out
}

/// Escaped running text whose long words (a URL, a name run together) may break where they
/// must: a place to break is a zero-width space in Typst's eyes but no character in the PDF,
/// so the word is copied and read out whole.
fn push_text(out: &mut String, text: &str) {
    let mut broken = String::with_capacity(text.len() + 8);
    push_markup(&mut broken, &crate::model::fit::break_long_words(text));
    out.push_str(
        &broken
            .replace(crate::model::fit::BREAK, "#h(0pt);")
            .replace(crate::model::fit::HARD_BREAK, "\u{200b}"),
    );
}

fn push_markup(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\\n"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// A Typst string literal holding `text` exactly, for code positions such as metadata.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A line break within a cell's text. The space before it, in a box of no width, is not
/// seen and moves nothing, but keeps the two lines apart for a screen reader and in copied
/// text ("Shire Hall Castle Hill", not "Shire HallCastle Hill").
const LINE_BREAK: &str = "#box(width: 0pt, \" \")#linebreak()";

/// Renders the Markdown subset of the contract as Typst markup: `**bold**`, `*italic*`,
/// `[text](url)`, line breaks, blank lines as paragraph breaks, lines starting `- ` or `• `
/// as bullets and lines starting `a) `, `(b) `, `c. `, `i) `, `(ii) `, `iii. ` as lettered or
/// roman items, which keep the author's letters. Anything else is escaped text.
pub fn markdown(text: &str) -> String {
    markdown_in(text, Setting::Text)
}

/// [`markdown`] for a table cell: dates never break inside ("1 September 2026" stays on one
/// line), and long words such as URLs may break, so that no cell spills into the next.
pub fn cell(text: &str) -> String {
    markdown_in(text, Setting::Cell)
}

/// Where text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// Running text.
    Text,
    /// A table cell, narrow: see [`cell`].
    Cell,
}

fn markdown_in(text: &str, setting: Setting) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut block: Option<Block> = None;
    let mut items: Vec<(u32, String)> = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let mut last_item: Option<SubItem<'_>> = None;

    let flush_prose = |out: &mut String, prose: &mut Vec<&str>| {
        for (i, line) in prose.drain(..).enumerate() {
            if i > 0 {
                out.push_str(LINE_BREAK);
            }
            push_inline(out, line, setting);
        }
    };
    let flush_items =
        |out: &mut String, block: &mut Option<Block>, items: &mut Vec<(u32, String)>| {
            match block.take() {
                Some(Block::Bullets) => out.push_str("#list("),
                Some(Block::Items(pattern)) => {
                    let _ = write!(out, "#enum(numbering: {}, ", string(pattern));
                }
                None => return,
            }
            for (number, item) in items.drain(..) {
                if number > 0 {
                    let _ = write!(out, "enum.item({number})");
                }
                out.push('[');
                out.push_str(&item);
                out.push_str("], ");
            }
            out.push(')');
        };

    for line in text.lines() {
        let trimmed = line.trim();
        let sub = if matches!(block, Some(Block::Items(_))) {
            last_item.as_ref()
        } else {
            None
        };
        let lettered = sub_item(trimmed, sub);
        let item = match bullet(trimmed) {
            Some(rest) => Some((Block::Bullets, 0, rest)),
            None => lettered
                .as_ref()
                .map(|i| (Block::Items(i.pattern), i.number, i.rest)),
        };
        match item {
            Some((kind, number, rest)) => {
                if !prose.is_empty() {
                    flush_prose(&mut out, &mut prose);
                }
                if block != Some(kind) {
                    flush_items(&mut out, &mut block, &mut items);
                    block = Some(kind);
                }
                last_item = lettered;
                let mut piece = String::new();
                push_inline(&mut piece, rest, setting);
                items.push((number, piece));
            }
            None if trimmed.is_empty() => {
                flush_items(&mut out, &mut block, &mut items);
                if !prose.is_empty() {
                    flush_prose(&mut out, &mut prose);
                    out.push_str("#parbreak()");
                }
            }
            None => {
                flush_items(&mut out, &mut block, &mut items);
                prose.push(trimmed);
            }
        }
    }
    flush_items(&mut out, &mut block, &mut items);
    flush_prose(&mut out, &mut prose);
    out
}

/// A run of list items being collected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Bullets,
    /// Lettered or roman items, with the Typst numbering pattern of the author's form.
    Items(&'static str),
}

/// The text of a bullet line (`- `, `• `, `* ` is italic and not a bullet).
fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("• "))
        .or_else(|| line.strip_prefix("•\u{a0}"))
}

/// Escaped text; in a table cell, with dates glued and long words given places to break.
fn push_set(out: &mut String, text: &str, setting: Setting) {
    let at = out.len();
    push_set_plain(out, text, setting);
    if out[at..].contains(crate::workbook::numfmt::SPACING) {
        let set = padding(&out[at..], setting);
        out.truncate(at);
        out.push_str(&set);
    }
}

/// The spaces a number format leaves as Typst: a hidden bracket or digit, which takes its
/// width but prints nothing (copied text and a screen reader get the figure alone), and in a
/// table cell a fill as the cell's free width.
fn padding(text: &str, setting: Setting) -> String {
    use crate::workbook::numfmt::{DIGIT_PAD, FILL, PAD};
    let fill = if setting == Setting::Cell {
        "#h(1fr)"
    } else {
        ""
    };
    text.replace(PAD, "#box(hide[)])")
        .replace(DIGIT_PAD, "#box(hide[0])")
        .replace(FILL, fill)
}

fn push_set_plain(out: &mut String, text: &str, setting: Setting) {
    match setting {
        Setting::Text => push_text(out, text),
        Setting::Cell => {
            // A place where a long word may break is a zero-width space in Typst's eyes but no
            // character at all in the PDF, so that a URL copied or read out stays whole.
            let mut glued = String::new();
            push_markup(&mut glued, &crate::model::fit::glue(text));
            out.push_str(
                &glued
                    .replace(crate::model::fit::BREAK, "#h(0pt);")
                    .replace(crate::model::fit::HARD_BREAK, "\u{200b}"),
            );
        }
    }
}

/// Links may only go to the web or to an email address; anything else prints as text.
fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
        && !url.contains(char::is_whitespace)
}

/// Inline Markdown: `**bold**`, `*italic*` and `[text](url)`; unmatched markers are text.
fn push_inline(out: &mut String, text: &str, setting: Setting) {
    for span in spans(text, is_safe_url) {
        match span {
            Span::Text(t) if !may_link(t) => push_set(out, t, setting),
            Span::Text(t) => {
                for piece in bare_links(t) {
                    match piece {
                        Bare::Text(t) => push_set(out, t, setting),
                        Bare::Url(url) => {
                            let _ = write!(out, "#link({})[", string(url));
                            push_set(out, url, setting);
                            out.push(']');
                        }
                        Bare::Email(email) => {
                            let _ = write!(out, "#link({})[", string(&format!("mailto:{email}")));
                            push_set(out, email, setting);
                            out.push(']');
                        }
                    }
                }
            }
            Span::Strong(inner) => {
                out.push_str("#strong[");
                push_inline(out, inner, setting);
                out.push(']');
            }
            Span::Emph(inner) => {
                out.push_str("#emph[");
                push_inline(out, inner, setting);
                out.push(']');
            }
            Span::Link { label, url } => {
                let _ = write!(out, "#link({})[", string(url));
                push_set(out, label, setting);
                out.push(']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_every_ascii_punctuation() {
        assert_eq!(
            markup("#read(\"/etc/passwd\")"),
            "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)"
        );
        assert_eq!(markup("= not a heading"), "\\= not a heading");
        assert_eq!(markup("1. no list"), "1\\. no list");
        assert_eq!(markup("a\nb"), "a\\\nb");
        assert_eq!(markup("Ŵyn Ó Łódź"), "Ŵyn Ó Łódź");
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
    }

    #[test]
    fn markdown_takes_linear_time() {
        // Shapes that made a naive parser search the rest of the text at every marker: at a
        // million characters that is some 10^11 steps (minutes), against milliseconds.
        for unit in ["[", "**x", "*[a](", "[a](b", "[x](http://a ", "*a **"] {
            let text = unit.repeat(1_000_000 / unit.len());
            let start = std::time::Instant::now();
            let out = markdown(&text);
            assert!(out.len() >= text.len());
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{unit:?}: {:?}",
                start.elapsed()
            );
        }
    }

    #[test]
    fn a_cell_keeps_dates_whole() {
        assert_eq!(cell("By 1 September 2026"), "By 1\u{a0}September\u{a0}2026");
        assert_eq!(markdown("By 1 September 2026"), "By 1 September 2026");
        assert_eq!(
            cell("see https://www.norwich.gov.uk/a"),
            "see #link(\"https://www.norwich.gov.uk/a\")[https\\:\\/#h(0pt);\\/#h(0pt);www\\.#h(0pt);norwich\\.#h(0pt);gov\\.#h(0pt);uk\\/#h(0pt);a]"
        );
        // A bare email address is a link too.
        assert_eq!(
            markdown("Email jo@norwich.gov.uk."),
            "Email #link(\"mailto:jo@norwich.gov.uk\")[jo\\@norwich\\.gov\\.uk]\\."
        );
    }

    #[test]
    fn markdown_inline() {
        assert_eq!(markdown("a **b** *c* d"), "a #strong[b] #emph[c] d");
        assert_eq!(
            markdown("see [here](http://x.org/a)"),
            "see #link(\"http://x.org/a\")[here]"
        );
        assert_eq!(markdown("2 * 3 = 6"), "2 \\* 3 \\= 6");
        assert_eq!(
            markdown("[x](javascript:alert)"),
            "\\[x\\]\\(javascript\\:alert\\)"
        );
        assert_eq!(markdown("**unclosed"), "\\*\\*unclosed");
        assert_eq!(
            markdown("®*é[ü"),
            "®\\*é\\[ü",
            "text starting with a wide character"
        );
    }

    #[test]
    fn markdown_blocks() {
        assert_eq!(
            markdown("Intro:\n- one\n- two\nAfter"),
            "Intro:#list([one], [two], )After".replace(':', "\\:")
        );
        assert_eq!(
            markdown("x\n a) first\nb) second"),
            "x#enum(numbering: \"a)\", enum.item(1)[first], enum.item(2)[second], )"
        );
        assert_eq!(
            markdown("(a) one\n(c) three\ni. roman"),
            "#enum(numbering: \"(a)\", enum.item(1)[one], enum.item(3)[three], )#enum(numbering: \"i.\", enum.item(1)[roman], )"
        );
        assert_eq!(markdown("p1\n\np2"), "p1#parbreak()p2");
        assert_eq!(markdown("l1\nl2"), format!("l1{LINE_BREAK}l2"));
    }
}
