//! Cell text into HTML: escaping, and the small Markdown subset of the contract.
//!
//! The twin of [`crate::render::pdf::escape`]: the same subset (`**bold**`, `*italic*`,
//! `[text](url)`, line breaks, bullets, lettered items) parsed the same way, rebuilt as HTML
//! elements whose every piece of text is escaped, so a cell can never add an element or an
//! attribute. Links go only to http, https, mailto and tel addresses.

use crate::render::inline::{Bare, Span, bare_links, may_link, spans};

/// Escapes text for HTML content and quoted attribute values: `& < > " '` become entities,
/// so the text can only ever be text. Line breaks are kept as they are (templates decide).
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_text(&mut out, text);
    out
}

fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // The spaces a number format leaves (see `numfmt::PAD`): the character they stand
            // for, hidden, so that figures line up and a screen reader hears the figure alone.
            crate::workbook::numfmt::PAD => {
                out.push_str("<span class=\"pad\" aria-hidden=\"true\">)</span>")
            }
            crate::workbook::numfmt::DIGIT_PAD => {
                out.push_str("<span class=\"pad\" aria-hidden=\"true\">0</span>")
            }
            crate::workbook::numfmt::FILL => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Escaped words of a cell, glued as the PDF glues them: the spaces inside a date, an amount
/// and after a title ("Cllr Siân") are no-break spaces, so no line ends inside them. The places
/// the PDF gives a long word to break are left to the browser (`overflow-wrap`).
fn push_words(out: &mut String, text: &str) {
    let glued = crate::model::fit::glue(text);
    let glued: String = glued
        .chars()
        .filter(|&c| c != crate::model::fit::BREAK && c != crate::model::fit::HARD_BREAK)
        .collect();
    push_text(out, &glued);
}

/// Renders the Markdown subset as HTML: `**bold**` as `<strong>`, `*italic*` as `<em>`,
/// `[text](url)` as a link, line breaks as `<br>`, blank lines as paragraph breaks, lines
/// starting `- ` or `• ` as a `<ul>` and lines starting `a) ` as an `<ol type="a">`.
/// Prose is wrapped in `<p>` only when the cell has more than one block, so a one-line cell
/// stays inline inside a table cell or a list item.
pub fn markdown(text: &str) -> String {
    render(text, false)
}

/// [`markdown`] for a place that takes blocks (a section, a description): prose is always
/// a paragraph.
pub fn markdown_blocks(text: &str) -> String {
    render(text, true)
}

fn render(text: &str, always_wrap: bool) -> String {
    let blocks = blocks(text);
    let wrap = always_wrap || blocks.len() > 1;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    for block in blocks {
        match block {
            Block::Prose(lines) => {
                if wrap {
                    out.push_str("<p>");
                }
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push_str("<br>");
                    }
                    push_inline(&mut out, line);
                }
                if wrap {
                    out.push_str("</p>");
                }
            }
            Block::List(list) => push_list(&mut out, &list),
        }
    }
    out
}

/// A list as `<ul>` or `<ol>` (with the author's letters or numerals as its type, its first
/// number as its start, and a value on an item whose number skips), its sub-lists inside
/// their items.
fn push_list(out: &mut String, list: &List<'_>) {
    let ordered = list.pattern.is_some();
    match list.pattern {
        None => out.push_str("<ul>"),
        Some(pattern) => {
            out.push_str("<ol");
            if pattern.contains('a') {
                out.push_str(" type=\"a\"");
            } else if pattern.contains('i') {
                out.push_str(" type=\"i\"");
            }
            let first = list.items.first().map_or(1, |i| i.number);
            if first != 1 {
                out.push_str(&format!(" start=\"{first}\""));
            }
            out.push('>');
        }
    }
    let mut expected = list.items.first().map_or(1, |i| i.number);
    for item in &list.items {
        if ordered && item.number != expected {
            out.push_str(&format!("<li value=\"{}\">", item.number));
        } else {
            out.push_str("<li>");
        }
        expected = item.number + 1;
        push_inline(out, item.text);
        for sub in &item.sub {
            push_list(out, sub);
        }
        out.push_str("</li>");
    }
    out.push_str(if ordered { "</ol>" } else { "</ul>" });
}

/// A block of a cell: lines of prose, or a list (with its sub-lists).
enum Block<'a> {
    Prose(Vec<&'a str>),
    List(List<'a>),
}

/// A list of a cell, parsed as the Typst renderer parses it (see
/// [`crate::render::pdf::escape`]): bullets at their level, lines numbered by hand (two or
/// more), lettered and roman items; a deeper list hangs inside the item before it.
struct List<'a> {
    /// The Typst numbering pattern of an ordered list ("1.", "a)", "(i)"); `None` for bullets.
    pattern: Option<&'static str>,
    /// 0 for lines numbered by hand, 1 for letters and numerals, 1 + n for bullets of level n.
    rank: u8,
    items: Vec<Item<'a>>,
}

struct Item<'a> {
    number: u32,
    text: &'a str,
    sub: Vec<List<'a>>,
}

/// Closes the innermost open list: into the last item of the one around it, or as a block.
fn close<'a>(open: &mut Vec<List<'a>>, out: &mut Vec<Block<'a>>) {
    let Some(list) = open.pop() else {
        return;
    };
    match open.last_mut().and_then(|p| p.items.last_mut()) {
        Some(parent) => parent.sub.push(list),
        None => out.push(Block::List(list)),
    }
}

/// Splits a cell into its blocks, as the Typst renderer does.
fn blocks(text: &str) -> Vec<Block<'_>> {
    use crate::model::numbering::{bullet_line, numbered_line, numbered_lines, sub_item};
    let mut out: Vec<Block> = Vec::new();
    let mut open: Vec<List> = Vec::new();
    let mut open_prose = false;
    let mut last_letter = None;
    let numbered = numbered_lines(text);
    for line in text.lines() {
        let trimmed = line.trim();
        let lettered_open = open
            .last()
            .is_some_and(|l| l.rank == 1 && l.pattern.is_some());
        let previous = if lettered_open {
            last_letter.as_ref()
        } else {
            None
        };
        let lettered = sub_item(trimmed, previous);
        let by_hand = numbered.then(|| numbered_line(trimmed)).flatten();
        let item = match (by_hand, bullet_line(trimmed)) {
            (Some((pattern, number, rest)), _) => Some((Some(pattern), 0, number, rest)),
            (None, Some((level, rest))) => Some((None, 1 + level, 0, rest)),
            (None, None) => lettered
                .as_ref()
                .map(|i| (Some(i.pattern), 1, i.number, i.rest)),
        };
        let Some((pattern, rank, number, rest)) = item else {
            while !open.is_empty() {
                close(&mut open, &mut out);
            }
            if trimmed.is_empty() {
                open_prose = false;
                continue;
            }
            match out.last_mut() {
                Some(Block::Prose(lines)) if open_prose => lines.push(trimmed),
                _ => out.push(Block::Prose(vec![trimmed])),
            }
            open_prose = true;
            continue;
        };
        open_prose = false;
        if rank == 1 {
            last_letter = lettered;
        }
        while let Some(top) = open.last() {
            if top.rank > rank || (top.rank == rank && top.pattern != pattern) {
                close(&mut open, &mut out);
            } else {
                break;
            }
        }
        let item = Item {
            number,
            text: rest,
            sub: Vec::new(),
        };
        match open.last_mut() {
            Some(top) if top.rank == rank => top.items.push(item),
            _ => open.push(List {
                pattern,
                rank,
                items: vec![item],
            }),
        }
    }
    while !open.is_empty() {
        close(&mut open, &mut out);
    }
    out
}

/// Links may only go to the web, an email address or a telephone number; anything else
/// (`javascript:`, `data:`, a relative path) prints as the text it is.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
        && url.len() > 4
        && !url.contains(char::is_whitespace)
        && !url.chars().any(char::is_control)
}

/// Inline Markdown as HTML elements: `**bold**`, `*italic*` and `[text](url)`; unmatched
/// markers are text.
fn push_inline(out: &mut String, text: &str) {
    for span in spans(text, is_safe_url) {
        match span {
            Span::Text(t) if !may_link(t) => push_words(out, t),
            Span::Text(t) => {
                for piece in bare_links(t) {
                    match piece {
                        Bare::Text(t) => push_words(out, t),
                        Bare::Url(url) => {
                            out.push_str("<a href=\"");
                            push_text(out, url);
                            out.push_str("\">");
                            push_text(out, url);
                            out.push_str("</a>");
                        }
                        Bare::Email(email) => {
                            out.push_str("<a href=\"mailto:");
                            push_text(out, email);
                            out.push_str("\">");
                            push_text(out, email);
                            out.push_str("</a>");
                        }
                    }
                }
            }
            Span::Strong(inner) => {
                out.push_str("<strong>");
                push_inline(out, inner);
                out.push_str("</strong>");
            }
            Span::Emph(inner) => {
                out.push_str("<em>");
                push_inline(out, inner);
                out.push_str("</em>");
            }
            Span::Link { label, url } => {
                out.push_str("<a href=\"");
                push_text(out, url.trim());
                out.push_str("\">");
                push_text(out, label);
                out.push_str("</a>");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_characters() {
        assert_eq!(
            text("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(text("{{title}} #set text(red)"), "{{title}} #set text(red)");
        assert_eq!(text("Ŵyn Ó Łódź"), "Ŵyn Ó Łódź");
    }

    #[test]
    fn markdown_inline() {
        assert_eq!(
            markdown("a **b** *c* d"),
            "a <strong>b</strong> <em>c</em> d"
        );
        assert_eq!(
            markdown("see [here](http://x.org/a?b=1&c=2)"),
            "see <a href=\"http://x.org/a?b=1&amp;c=2\">here</a>"
        );
        assert_eq!(
            markdown("[call](tel:+441603212212)"),
            "<a href=\"tel:+441603212212\">call</a>"
        );
        assert_eq!(markdown("2 * 3 < 7"), "2 * 3 &lt; 7");
        assert_eq!(markdown("**unclosed"), "**unclosed");
    }

    #[test]
    fn unsafe_links_print_as_text() {
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "[x](javascript:alert(1))"
        );
        assert_eq!(markdown("[x](data:text/html,hi)"), "[x](data:text/html,hi)");
        assert_eq!(
            markdown("[x](\"onmouseover=\"a)"),
            "[x](&quot;onmouseover=&quot;a)"
        );
        assert_eq!(
            markdown("[<b>](http://a.org/\"><img>)"),
            "<a href=\"http://a.org/&quot;&gt;&lt;img&gt;\">&lt;b&gt;</a>"
        );
    }

    #[test]
    fn markdown_block_structure() {
        assert_eq!(
            markdown("Intro:\n- one\n- two\nAfter"),
            "<p>Intro:</p><ul><li>one</li><li>two</li></ul><p>After</p>"
        );
        assert_eq!(
            markdown("x\nb) second\nc) third"),
            "<p>x</p><ol type=\"a\" start=\"2\"><li>second</li><li>third</li></ol>"
        );
        assert_eq!(markdown("p1\n\np2"), "<p>p1</p><p>p2</p>");
        assert_eq!(markdown("l1\nl2"), "l1<br>l2");
        assert_eq!(markdown(""), "");
        assert_eq!(markdown_blocks("l1\nl2"), "<p>l1<br>l2</p>");
    }

    #[test]
    fn dates_and_titles_are_glued_as_in_the_pdf() {
        assert_eq!(
            markdown("By 1 April 2026 <Cllr Siân> https://a.org/very-long-address-of-a-page"),
            "By 1\u{a0}April\u{a0}2026 &lt;Cllr Siân&gt; <a \
                href=\"https://a.org/very-long-address-of-a-page\">https://a.org/very-long-address-of-a-page</a>"
        );
        assert_eq!(markdown("Cllr Siân Jones"), "Cllr\u{a0}Siân Jones");
    }

    #[test]
    fn lists_typed_in_a_cell_nest_and_stay_text() {
        assert_eq!(
            markdown("1. <b>\n3. a\no x&y\n§ \"z\"\n4. b"),
            "<ol><li>&lt;b&gt;</li><li \
                value=\"3\">a<ul><li>x&amp;y<ul><li>&quot;z&quot;</li></ul></li></ul></li><li>b</li></ol>"
        );
        assert_eq!(
            markdown("(ii) two\n(iii) three"),
            "<ol type=\"i\" start=\"2\"><li>two</li><li>three</li></ol>"
        );
        assert_eq!(markdown("3. alone"), "3. alone");
    }

    #[test]
    fn markdown_takes_linear_time() {
        for unit in ["[", "**x", "*[a](", "[a](b", "*a **"] {
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
}
