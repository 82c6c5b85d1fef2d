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
    /// `[label](url)` whose url `safe` accepted; the label is text. A bare web address in
    /// the text is a link whose label is the address.
    Link { label: &'a str, url: &'a str },
    /// A bare email address in the text: a `mailto:` link labelled with the address.
    Email(&'a str),
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
        // Plain text up to the next possible marker, its bare addresses made links.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..]
            .find(['*', '['])
            .map_or(rest.len(), |i| i + first);
        autolink(&rest[..next], &safe, &mut out);
        at += next;
    }
    out
}

/// Pushes `text` as spans, with each bare web address (`https://...`, `http://...`) and email
/// address in it a link. A word's surrounding punctuation (a full stop after it, brackets
/// round it) stays text. One pass over the text.
fn autolink<'a>(text: &'a str, safe: &impl Fn(&str) -> bool, out: &mut Vec<Span<'a>>) {
    let mut plain = 0;
    let mut start = None;
    let mut words: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    for (s, e) in words {
        let word = &text[s..e];
        let lead = word.len() - word.trim_start_matches(['(', '<', '"', '\'', '[']).len();
        let core = &word[lead..];
        let core = core.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '>', '"', '\'', ']']);
        if core.is_empty() {
            continue;
        }
        let (from, to) = (s + lead, s + lead + core.len());
        let span = if is_web_address(core) && safe(core) {
            Span::Link {
                label: core,
                url: core,
            }
        } else if is_email(core) {
            Span::Email(core)
        } else {
            continue;
        };
        if from > plain {
            out.push(Span::Text(&text[plain..from]));
        }
        out.push(span);
        plain = to;
    }
    if plain < text.len() {
        out.push(Span::Text(&text[plain..]));
    }
}

/// An `http://` or `https://` address with a host.
fn is_web_address(word: &str) -> bool {
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &word[8..]
    } else if lower.starts_with("http://") {
        &word[7..]
    } else {
        return false;
    };
    rest.split('/')
        .next()
        .is_some_and(|host| host.contains('.') && !host.starts_with('.'))
}

/// An email address: a local part, `@`, and a domain with a dot and letters after it.
fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-'".contains(c));
    let tld = domain.rsplit('.').next().unwrap_or_default();
    local_ok
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        && tld.len() >= 2
        && tld.chars().all(char::is_alphabetic)
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
mod autolink_tests {
    use super::*;

    #[test]
    fn bare_addresses_are_links_and_their_punctuation_is_not() {
        let safe = |u: &str| u.starts_with("http");
        let got = spans(
            "See https://www.norwich.gov.uk/budget. Or write to clerk@norwich.gov.uk (today).",
            safe,
        );
        assert_eq!(
            got,
            [
                Span::Text("See "),
                Span::Link {
                    label: "https://www.norwich.gov.uk/budget",
                    url: "https://www.norwich.gov.uk/budget"
                },
                Span::Text(". Or write to "),
                Span::Email("clerk@norwich.gov.uk"),
                Span::Text(" (today)."),
            ]
        );
        for plain in [
            "javascript:alert(1)",
            "a@b",
            "5 @ 3.0",
            "http://",
            "file:///etc/passwd",
            "Cllr Siân",
        ] {
            assert_eq!(spans(plain, safe), [Span::Text(plain)], "{plain}");
        }
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
