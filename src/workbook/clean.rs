//! Cell text made safe as it is read: control characters and bidi overrides removed, and
//! characters no loaded font can draw replaced.

/// What [`clean`] had to change in a piece of text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// Control characters and bidi overrides that were removed.
    pub stripped: Vec<char>,
    /// Characters no bundled font can draw, replaced by U+FFFD.
    pub replaced: Vec<char>,
}

/// Removes what must never reach a document: C0 and C1 control characters (a tab becomes a
/// space, line breaks are kept as `\n`), bidi overrides that would reverse the text after
/// them, and characters the bundled fonts cannot draw (a hard error under PDF/A).
pub fn clean(raw: &str) -> Cleaned {
    let mut out = Cleaned {
        text: String::with_capacity(raw.len()),
        ..Cleaned::default()
    };
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.text.push('\n');
                }
            }
            '\n' => out.text.push('\n'),
            '\t' => out.text.push(' '),
            c if is_forbidden(c) => out.stripped.push(c),
            c if symbol_font(c).is_some() => out.text.extend(symbol_font(c)),
            c if !crate::base::fonts::covers(c) => {
                out.replaced.push(c);
                out.text.push('\u{FFFD}');
            }
            c => out.text.push(c),
        }
    }
    out
}

/// What a character Word wrote in a symbol font's private-use code means (a bullet pasted
/// from a Word list is U+F0B7 in the Symbol font; Wingdings' square is U+F0A7 and its tick
/// U+F0FC): no font but the symbol font draws the code, so it would print as "�".
fn symbol_font(c: char) -> Option<char> {
    match c {
        '\u{F0B7}' => Some('•'),
        '\u{F0A7}' => Some('▪'),
        '\u{F0FC}' => Some('✓'),
        '\u{F02D}' => Some('-'),
        _ => None,
    }
}

/// Control characters, bidi embeddings/overrides/isolates, and other invisible format
/// characters that change how the following text is shown.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{FEFF}')
        || matches!(c, '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_bidi_overrides() {
        let c = clean("ab\u{0}c\u{202E}d\u{85}e\r\nf\tg");
        assert_eq!(c.text, "abcde\nf g");
        assert_eq!(c.stripped, vec!['\u{0}', '\u{202E}', '\u{85}']);
        let c = clean("名");
        assert_eq!(c.text, "\u{FFFD}");
        assert_eq!(c.replaced, vec!['名']);
        let c = clean("\u{F0B7}\tone\n\u{F0A7} two \u{F0FC}");
        assert_eq!(c.text, "• one\n▪ two ✓");
        assert!(c.replaced.is_empty());
    }
}
