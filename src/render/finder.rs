//! Searching a cell's text forward for the Markdown subset's markers, each needle's text read
//! once, so that both renderers parse inline Markdown in time linear in the cell.

/// The next place a needle occurs at or after a position, remembered: the parser only moves
/// forward, so each needle's text is searched once in all, and inline Markdown takes time
/// linear in the cell however its markers are arranged (an unclosed `[` repeated 30,000
/// times would otherwise be searched to the end 30,000 times).
pub(crate) struct Finder<'a> {
    text: &'a str,
    needle: &'a str,
    /// The first occurrence at or after the position last asked about (`None`: there is none).
    cached: Option<Option<usize>>,
}

impl<'a> Finder<'a> {
    pub(crate) fn new(text: &'a str, needle: &'a str) -> Self {
        Self { text, needle, cached: None }
    }

    /// The first occurrence at or after `from`, as an index into the whole text.
    pub(crate) fn at_or_after(&mut self, from: usize) -> Option<usize> {
        match self.cached {
            Some(None) => return None,
            Some(Some(at)) if at >= from => return Some(at),
            _ => {}
        }
        let found = self.text.get(from..).and_then(|t| t.find(self.needle)).map(|i| i + from);
        self.cached = Some(found);
        found
    }
}
