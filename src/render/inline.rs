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

/// A piece of plain text: words, or a bare web address or email address, which both
/// renderers make a link (so a contact's email is a link on the front sheet and the meeting
/// page, as a reader expects).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bare<'a> {
    /// Words.
    Text(&'a str),
    /// `https://...` or `http://...`, without the punctuation that ends a sentence.
    Url(&'a str),
    /// `name@example.gov.uk`.
    Email(&'a str),
}

/// Whether `text` may hold a bare address (an `@` or a `:`): most text does not, and is
/// printed without looking further.
pub(crate) fn may_link(text: &str) -> bool {
    text.contains(['@', ':'])
}

/// `text` with its bare web and email addresses picked out; linear in the text.
pub(crate) fn bare_links(text: &str) -> Vec<Bare<'_>> {
    let mut out = Vec::new();
    let mut plain = 0;
    let mut at = 0;
    while at < text.len() {
        let Some(start) = text[at..].find(|c: char| !c.is_whitespace()) else {
            break;
        };
        let word_start = at + start;
        let len = text[word_start..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - word_start);
        let word = &text[word_start..word_start + len];
        at = word_start + len;
        // Brackets and quotes around an address are not part of it.
        let lead = word
            .find(|c: char| !matches!(c, '(' | '<' | '"' | '\'' | '\u{2018}' | '\u{201c}'))
            .unwrap_or(word.len());
        let core = word[lead..].trim_end_matches(|c: char| {
            matches!(
                c,
                '.' | ','
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | ')'
                    | '>'
                    | '"'
                    | '\''
                    | '\u{2019}'
                    | '\u{201d}'
            )
        });
        let found = if is_web(core) {
            Some(Bare::Url(core))
        } else if is_email(core) {
            Some(Bare::Email(core))
        } else {
            None
        };
        if let Some(link) = found {
            let begin = word_start + lead;
            if begin > plain {
                out.push(Bare::Text(&text[plain..begin]));
            }
            out.push(link);
            plain = begin + core.len();
        }
    }
    if plain < text.len() {
        out.push(Bare::Text(&text[plain..]));
    }
    out
}

/// Whether a word is a web address a link may go to.
fn is_web(word: &str) -> bool {
    let lower = word.get(..8).unwrap_or(word).to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return false;
    };
    word.len() > scheme + 3
        && word[scheme..].contains('.')
        && !word.contains(['<', '>', '"', '`', '\\'])
        && !word.chars().any(char::is_control)
}

/// Whether a word is an email address.
fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let tld = domain.rsplit('.').next().unwrap_or_default();
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && domain.split('.').all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
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

    #[test]
    fn bare_web_and_email_addresses_are_picked_out() {
        assert_eq!(
            bare_links("Email (jo.hall@norwich.gov.uk) or see https://norwich.gov.uk/a?b=1."),
            [
                Bare::Text("Email ("),
                Bare::Email("jo.hall@norwich.gov.uk"),
                Bare::Text(") or see "),
                Bare::Url("https://norwich.gov.uk/a?b=1"),
                Bare::Text("."),
            ]
        );
        for plain in [
            "a@b",
            "@home",
            "x@y.1",
            "javascript:alert(1)",
            "http://",
            "Cllr Waters",
            "ftp://a.org",
        ] {
            assert_eq!(bare_links(plain), [Bare::Text(plain)], "{plain}");
        }
        assert_eq!(bare_links(""), []);
    }
}
