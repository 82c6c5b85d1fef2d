//! The inline part of the Markdown subset (`**bold**`, `*italic*`, `[text](url)`), parsed
//! once for both renderers into spans that each renders (and escapes) its own way. Each
//! marker's text is searched once, so parsing takes time linear in the cell.

/// A piece of inline text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Span<'a> {
    /// Text to print as it is (escaped by the renderer).
    Text(&'a str),
    /// `**...**`: its inner text, itself inline Markdown.
    Strong(&'a str),
    /// `*...*`: its inner text, itself inline Markdown.
    Emph(&'a str),
    /// `[label](url)` whose url `safe` accepted; the label is text.
    Link { label: &'a str, url: &'a str },
}

/// The spans of `text`; a link whose url `safe` refuses, and every unmatched marker, is text.
pub(crate) fn spans<'a>(text: &'a str, safe: impl Fn(&str) -> bool) -> Vec<Span<'a>> {
    let (mut double, mut single, mut mid, mut close) = (
        Finder::new(text, "**"),
        Finder::new(text, "*"),
        Finder::new(text, "]("),
        Finder::new(text, ")"),
    );
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with("**")
            && let Some(end) = double.at_or_after(at + 2).filter(|&e| e > at + 2)
        {
            out.push(Span::Strong(&text[at + 2..end]));
            at = end + 2;
            continue;
        }
        if rest.starts_with('*')
            && !rest[1..].starts_with(['*', ' '])
            && let Some(end) = single.at_or_after(at + 1).filter(|&e| e > at + 1)
        {
            out.push(Span::Emph(&text[at + 1..end]));
            at = end + 1;
            continue;
        }
        if rest.starts_with('[')
            && let Some(m) = mid.at_or_after(at + 1).filter(|&m| m > at + 1)
            && let Some(e) = close.at_or_after(m + 2).filter(|&e| e > m + 2)
            && safe(&text[m + 2..e])
        {
            out.push(Span::Link {
                label: &text[at + 1..m],
                url: &text[m + 2..e],
            });
            at = e + 1;
            continue;
        }
        // Plain text up to the next possible marker.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..]
            .find(['*', '['])
            .map_or(rest.len(), |i| i + first);
        out.push(Span::Text(&rest[..next]));
        at += next;
    }
    out
}

/// The next place a needle occurs at or after a position, remembered: the parser only moves
/// forward, so each needle's text is searched once in all, and inline Markdown takes time
/// linear in the cell however its markers are arranged (an unclosed `[` repeated 30,000
/// times would otherwise be searched to the end 30,000 times).
struct Finder<'a> {
    text: &'a str,
    needle: &'a str,
    /// The first occurrence at or after the position last asked about (`None`: there is none).
    cached: Option<Option<usize>>,
}

impl<'a> Finder<'a> {
    fn new(text: &'a str, needle: &'a str) -> Self {
        Self {
            text,
            needle,
            cached: None,
        }
    }

    /// The first occurrence at or after `from`, as an index into the whole text.
    fn at_or_after(&mut self, from: usize) -> Option<usize> {
        match self.cached {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = self
            .text
            .get(from..)
            .and_then(|t| t.find(self.needle))
            .map(|i| i + from);
        self.cached = Some(found);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_the_subset() {
        let any = |_: &str| true;
        assert_eq!(
            spans("a **b** *c* [d](http://e)", any),
            [
                Span::Text("a "),
                Span::Strong("b"),
                Span::Text(" "),
                Span::Emph("c"),
                Span::Text(" "),
                Span::Link {
                    label: "d",
                    url: "http://e"
                },
            ]
        );
        assert_eq!(spans("[d](x)", |_| false), [Span::Text("[d](x)")]);
        assert_eq!(spans("**", any), [Span::Text("*"), Span::Text("*")]);
    }
}
