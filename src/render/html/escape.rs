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
            Block::Bullets(items) => {
                out.push_str("<ul>");
                push_items(&mut out, &items);
                out.push_str("</ul>");
            }
            Block::Letters(start, items) => {
                out.push_str("<ol type=\"a\"");
                if start != 1 {
                    out.push_str(&format!(" start=\"{start}\""));
                }
                out.push('>');
                push_items(&mut out, &items);
                out.push_str("</ol>");
            }
        }
    }
    out
}

fn push_items(out: &mut String, items: &[&str]) {
    for item in items {
        out.push_str("<li>");
        push_inline(out, item);
        out.push_str("</li>");
    }
}

/// A block of a cell: lines of prose, or a run of list items.
enum Block<'a> {
    Prose(Vec<&'a str>),
    Bullets(Vec<&'a str>),
    /// Lettered items, with the number of the first letter (a = 1).
    Letters(u32, Vec<&'a str>),
}

/// Splits a cell into its blocks, as the Typst renderer does.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block> = Vec::new();
    let mut open_prose = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(rest) = bullet(trimmed) {
            match out.last_mut() {
                Some(Block::Bullets(items)) => items.push(rest),
                _ => out.push(Block::Bullets(vec![rest])),
            }
            open_prose = false;
        } else if let Some((n, rest)) = letter(trimmed) {
            match out.last_mut() {
                Some(Block::Letters(_, items)) => items.push(rest),
                _ => out.push(Block::Letters(n, vec![rest])),
            }
            open_prose = false;
        } else if trimmed.is_empty() {
            open_prose = false;
        } else {
            match out.last_mut() {
                Some(Block::Prose(lines)) if open_prose => lines.push(trimmed),
                _ => out.push(Block::Prose(vec![trimmed])),
            }
            open_prose = true;
        }
    }
    out
}

/// The text of a bullet line (`- `, `• `; `* ` is italic and not a bullet).
fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("• "))
        .or_else(|| line.strip_prefix("•\u{a0}"))
}

/// The letter number and text of a lettered line (`a) text`).
fn letter(line: &str) -> Option<(u32, &str)> {
    let mut chars = line.chars();
    let l = chars.next()?;
    if !l.is_ascii_lowercase() || chars.next()? != ')' || chars.next()? != ' ' {
        return None;
    }
    Some((l as u32 - 'a' as u32 + 1, line[3..].trim_start()))
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
            Span::Text(t) if !may_link(t) => push_text(out, t),
            Span::Text(t) => {
                for piece in bare_links(t) {
                    match piece {
                        Bare::Text(t) => push_text(out, t),
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
