//! Cell text into Typst: escaping, and the small Markdown subset of the contract.
//!
//! Everything a workbook says reaches Typst through this module, cleaned as it was read (see
//! [`crate::workbook::clean`]). Plain values are escaped character by character so they can
//! only ever be text; the Markdown subset is parsed here and rebuilt as Typst calls whose every
//! piece of text is escaped the same way.

use std::fmt::Write;

use crate::model::numbering::{SubItem, bullet_line, numbered_line, numbered_lines, sub_item};
use crate::render::inline::{Bare, Span, bare_links, may_link, spans};

/// Escapes text for Typst markup (and for content blocks `[...]`): every ASCII punctuation
/// character gets a backslash, which Typst reads as "this character, literally". That one rule
/// covers `# $ * _ @ < > \ [ ] = ~ " ' :`, backticks, `//`, `/*`, `--`, `...`, URLs and list
/// or heading markers at the start of a line. Line breaks become Typst line breaks.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_glued(&mut out, text);
    padding(out, false)
}

/// The spaces a number format leaves (`_)`, `_0`, `* `), as Typst: a hidden bracket or digit,
/// which takes its width but prints nothing (copied text and a screen reader get the figure
/// alone), and in a table cell a fill as the cell's free width. (Characters of the private
/// use area, which escaping leaves as they are.)
fn padding(out: String, cell: bool) -> String {
    use crate::workbook::numfmt::{DIGIT_PAD, FILL, PAD, SPACING};
    if !out.contains(SPACING) {
        return out;
    }
    out.replace(PAD, "#box(hide[)])")
        .replace(DIGIT_PAD, "#box(hide[0])")
        .replace(FILL, if cell { "#h(1fr)" } else { "" })
}

/// Escaped text set as a good typesetter would: no line break inside a date or after a title
/// ("Cllr Siân"), glued by no-break spaces, or after the `/` of a reference
/// ("24/00211/PREAPP"), set in a box; long words (a URL, a name run together) get places to
/// break, which are zero-width spaces in Typst's eyes but no character in the PDF, so the word
/// is copied and read out whole. A reference longer than a long word has those places after
/// its `/` and no box, so it breaks only when it must.
fn push_glued(out: &mut String, text: &str) {
    let glued = crate::model::fit::glue(text);
    for (i, word) in glued.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // A reference such as "24/00211/PREAPP" is set whole: Typst (as Unicode line breaking
        // says) may break after a slash before a letter. One long enough to have places to
        // break keeps them. (A date, a title and its name, an amount are glued by no-break
        // spaces, which need no box.)
        let whole = word.contains('/')
            && !word.contains([
                crate::model::fit::BREAK,
                crate::model::fit::HARD_BREAK,
                '\n',
            ]);
        if whole {
            out.push_str("#box[");
        }
        let mut escaped = String::with_capacity(word.len() + 8);
        push_markup(&mut escaped, word);
        out.push_str(
            &escaped
                .replace(crate::model::fit::BREAK, "#h(0pt);")
                .replace(crate::model::fit::HARD_BREAK, "\u{200b}"),
        );
        if whole {
            out.push(']');
        }
    }
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
/// `[text](url)`, line breaks, blank lines as paragraph breaks, and lists: bullets at their
/// level (`- `, `• `, `–`, `* `, and Word's `o` and `§` a level down), lines numbered by
/// hand when a cell has two or more (`1. `, `2) `, `(3) `, `[4] `) and lettered or roman
/// items (`a) `, `(b) `, `c. `, `i) `, `(ii) `, `iii. `), which keep the author's numbers and
/// letters and hang under them. Anything else is escaped text.
pub fn markdown(text: &str) -> String {
    padding(markdown_in(text), false)
}

/// [`markdown`] for a table cell: the same setting, since running text keeps dates, names
/// and references whole too, and a long word may break in both.
pub fn cell(text: &str) -> String {
    padding(markdown_in(text), true)
}

fn markdown_in(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut lists = Lists::default();
    let mut prose: Vec<&str> = Vec::new();
    let mut last_item: Option<SubItem<'_>> = None;
    // Lines numbered by hand are a list only when there are two or more of them.
    let numbered = numbered_lines(text);

    let flush_prose = |out: &mut String, prose: &mut Vec<&str>| {
        for (i, line) in prose.drain(..).enumerate() {
            if i > 0 {
                out.push_str(LINE_BREAK);
            }
            push_inline(out, line);
        }
    };

    for line in text.lines() {
        let trimmed = line.trim();
        let previous = if lists.lettered() {
            last_item.as_ref()
        } else {
            None
        };
        let lettered = sub_item(trimmed, previous);
        let by_hand = numbered.then(|| numbered_line(trimmed)).flatten();
        let item = match (by_hand, bullet_line(trimmed)) {
            (Some((pattern, number, rest)), _) => Some((Kind::Items(pattern), HAND, number, rest)),
            (None, Some((level, rest))) => Some((Kind::Bullets, LETTERS + level, 0, rest)),
            (None, None) => lettered
                .as_ref()
                .map(|i| (Kind::Items(i.pattern), LETTERS, i.number, i.rest)),
        };
        match item {
            Some((kind, rank, number, rest)) => {
                if !prose.is_empty() {
                    flush_prose(&mut out, &mut prose);
                }
                if rank == LETTERS {
                    last_item = lettered;
                }
                let mut piece = String::new();
                push_inline(&mut piece, rest);
                lists.push(&mut out, kind, rank, number, piece);
            }
            None if trimmed.is_empty() => {
                lists.close_all(&mut out);
                if !prose.is_empty() {
                    flush_prose(&mut out, &mut prose);
                    out.push_str("#parbreak()");
                }
            }
            None => {
                lists.close_all(&mut out);
                prose.push(trimmed);
            }
        }
    }
    lists.close_all(&mut out);
    flush_prose(&mut out, &mut prose);
    out
}

/// The rank of lines numbered by hand ("1.", "[1]"): the outermost list.
const HAND: u8 = 0;
/// The rank of lettered and roman lines ("a)", "(ii)"); bullets of level n rank below them,
/// at `LETTERS + n`, so that a bullet after a lettered line is its sub-item.
const LETTERS: u8 = 1;

/// What a list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bullets,
    /// Numbered, lettered or roman items, with the Typst numbering pattern of the author's
    /// form: their own numbers and letters print.
    Items(&'static str),
}

/// An open list: its kind, its rank and its items (number, Typst markup).
type Open = (Kind, u8, Vec<(u32, String)>);

/// The lists open at a line, outermost first: a deeper list is set inside the last item of
/// the one before it, so it hangs under that item's text.
#[derive(Default)]
struct Lists {
    open: Vec<Open>,
}

impl Lists {
    /// Whether the innermost open list is a lettered or roman one.
    fn lettered(&self) -> bool {
        matches!(self.open.last(), Some((Kind::Items(_), LETTERS, _)))
    }

    /// Adds an item of `kind` at `rank`: it closes the deeper lists, and a list of another
    /// kind at its rank; it opens a list inside the last item of a shallower one.
    fn push(&mut self, out: &mut String, kind: Kind, rank: u8, number: u32, item: String) {
        while let Some((open_kind, open_rank, _)) = self.open.last() {
            if *open_rank > rank || (*open_rank == rank && *open_kind != kind) {
                self.close(out);
            } else {
                break;
            }
        }
        match self.open.last_mut() {
            Some((_, open_rank, items)) if *open_rank == rank => items.push((number, item)),
            _ => self.open.push((kind, rank, vec![(number, item)])),
        }
    }

    /// Closes the innermost list: into the last item of its parent, or onto `out`.
    fn close(&mut self, out: &mut String) {
        let Some((kind, _, items)) = self.open.pop() else {
            return;
        };
        let target = match self.open.last_mut().and_then(|(_, _, p)| p.last_mut()) {
            Some((_, text)) => text,
            None => out,
        };
        match kind {
            Kind::Bullets => target.push_str("#list("),
            Kind::Items(pattern) => {
                let _ = write!(target, "#enum(numbering: {}, ", string(pattern));
            }
        }
        for (number, item) in items {
            if number > 0 {
                let _ = write!(target, "enum.item({number})");
            }
            target.push('[');
            target.push_str(&item);
            target.push_str("], ");
        }
        target.push(')');
    }

    /// Closes every open list, innermost first.
    fn close_all(&mut self, out: &mut String) {
        while !self.open.is_empty() {
            self.close(out);
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
fn push_inline(out: &mut String, text: &str) {
    for span in spans(text, is_safe_url) {
        match span {
            Span::Text(t) if !may_link(t) => push_glued(out, t),
            Span::Text(t) => {
                for piece in bare_links(t) {
                    match piece {
                        Bare::Text(t) => push_glued(out, t),
                        Bare::Url(url) => {
                            let _ = write!(out, "#link({})[", string(url));
                            push_glued(out, url);
                            out.push(']');
                        }
                        Bare::Email(email) => {
                            let _ = write!(out, "#link({})[", string(&format!("mailto:{email}")));
                            push_glued(out, email);
                            out.push(']');
                        }
                    }
                }
            }
            Span::Strong(inner) => {
                out.push_str("#strong[");
                push_inline(out, inner);
                out.push(']');
            }
            Span::Emph(inner) => {
                out.push_str("#emph[");
                push_inline(out, inner);
                out.push(']');
            }
            Span::Link { label, url } => {
                let _ = write!(out, "#link({})[", string(url));
                push_glued(out, label);
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
            "#box[\\#read\\(\\\"\\/etc\\/passwd\\\"\\)]"
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
        // Ten times the text takes about ten times as long (a hundred times, were it
        // quadratic), however fast the machine.
        let time = |text: &str| {
            let start = std::time::Instant::now();
            let out = markdown(text);
            assert!(out.len() >= text.len());
            start.elapsed()
        };
        for unit in ["[", "**x", "*[a](", "[a](b", "[x](http://a ", "*a **"] {
            let small = time(&unit.repeat(100_000 / unit.len()));
            let large = time(&unit.repeat(1_000_000 / unit.len()));
            assert!(
                large < small * 30 + std::time::Duration::from_millis(500),
                "{unit:?}: {small:?} for 100,000 characters, {large:?} for 1,000,000"
            );
        }
    }

    #[test]
    fn a_cell_keeps_dates_whole() {
        assert_eq!(cell("By 1 September 2026"), "By 1\u{a0}September\u{a0}2026");
        assert_eq!(
            markdown("By 1 September 2026, Cllr Siân Jones: 24/00211/PREAPP"),
            "By 1\u{a0}September\u{a0}2026\\, Cllr\u{a0}Siân Jones\\: #box[24\\/00211\\/PREAPP]"
        );
        assert_eq!(
            cell("see https://www.norwich.gov.uk/a"),
            "see \
                #link(\"https://www.norwich.gov.uk/a\")[https\\:\\/#h(0pt);\\/#h(0pt);www\\.#h(0pt);norwich\\.#h(0pt);gov\\.#h(0pt);uk\\/#h(0pt);a]"
        );
        // A bare email address is a link too.
        assert_eq!(
            markdown("Email jo@norwich.gov.uk."),
            "Email #link(\"mailto:jo@norwich.gov.uk\")[jo\\@norwich\\.gov\\.uk]\\."
        );
    }

    #[test]
    fn hostile_text_in_references_and_lists_stays_text() {
        // A reference is set in a box: its text is escaped like any other, so "]" cannot
        // close the box nor "#" start code.
        assert_eq!(
            markdown("x/y]#eval(\"1\")"),
            "#box[x\\/y\\]\\#eval\\(\\\"1\\\"\\)]"
        );
        assert_eq!(
            markdown("1. ])#read(\"/a\")\n2. [x](javascript:y)\no ]}\n§ #set"),
            concat!(
                "#enum(numbering: \"1.\", enum.item(1)[#box[\\]\\)\\#read\\(\\\"\\/a\\\"\\)]], ",
                "enum.item(2)[\\[x\\]\\(javascript\\:y\\)#list([\\]\\}#list([\\#set], )], )], )"
            )
        );
    }

    #[test]
    fn lists_typed_in_a_cell() {
        // Numbered by hand: two lines or more, their own numbers kept; "[1]" likewise.
        assert_eq!(
            markdown("Conditions:\n1. Time\n5. Water"),
            "Conditions\\:#enum(numbering: \"1.\", enum.item(1)[Time], enum.item(5)[Water], )"
        );
        assert_eq!(
            markdown("[1] Plan\n[2] Policy"),
            "#enum(numbering: \"[1]\", enum.item(1)[Plan], enum.item(2)[Policy], )"
        );
        assert_eq!(markdown("3. Note the risks"), "3\\. Note the risks");
        // Word's levels, a Symbol-font bullet read as "•", a bullet that lost its tab.
        assert_eq!(
            markdown("• one\no two\n§ three\n•four\n– five\n* six"),
            "#list([one#list([two#list([three], )], )], [four], [five], [six], )"
        );
        // Lettered items under a numbered line hang under it.
        assert_eq!(
            markdown("1. Approve:\na) first\nb) second\n2. Note"),
            "#enum(numbering: \"1.\", enum.item(1)[Approve\\:#enum(numbering: \"a)\", \
                enum.item(1)[first], enum.item(2)[second], )], enum.item(2)[Note], )"
        );
        // Not bullets: a word, a negative figure, italics.
        assert_eq!(
            markdown("once\n-1\n*a* b"),
            format!("once{LINE_BREAK}\\-1{LINE_BREAK}#emph[a] b")
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
            "#enum(numbering: \"(a)\", enum.item(1)[one], enum.item(3)[three], )#enum(numbering: \
                \"i.\", enum.item(1)[roman], )"
        );
        assert_eq!(markdown("p1\n\np2"), "p1#parbreak()p2");
        assert_eq!(markdown("l1\nl2"), format!("l1{LINE_BREAK}l2"));
    }
}
