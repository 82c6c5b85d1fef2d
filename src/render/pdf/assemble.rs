//! Agenda packs from pages already laid out: a meeting's papers are typeset once, and their
//! pack is put together from the very pages of their own PDFs.
//!
//! The pack's own document is compiled as usual (front sheet and agenda), with a stand-in
//! for each paper: as many empty pages as the paper has, each of its size, carrying the
//! paper's running footer with the pack's page numbers ("Page 25 of 66") and, on its first
//! page, the `<paper-start>` marker the agenda takes its page numbers and links from. Each
//! stand-in page then takes the paper's page in place of its empty body: the paper's frame,
//! less its own footer ("Page 3 of 11"), under the stand-in's footer and marker.
//!
//! Every element of a typeset document has a location that is unique within it, but two
//! papers typeset apart share many (the same template gives the same locations), so each
//! paper's locations are moved to its own. Tags that the stand-in opens on one page and
//! closes on another (the stand-in's own structure, which has no content) are left out, so
//! that the tag tree nests as the papers' own trees do. The result is one document whose
//! structure tree, bookmarks and links are those a single compilation would give.

use std::sync::atomic::{AtomicUsize, Ordering};

use typst::foundations::{Content, StyleChain};
use typst::introspection::{Location, Tag};
use typst::layout::{Frame, FrameItem, Point, Size};
use typst::model::Document as _;
use typst::model::{Destination, HeadingElem, LinkElem, LinkTarget};
use typst::pdf::{ArtifactElem, ArtifactKind};
use typst_layout::{Page, PagedDocument};

/// The label of the marker each paper's first page carries (see `paper()` in
/// templates/papers.typ).
pub const PAPER_START: &str = "paper-start";

/// How many laid-out pages a run keeps at once for its packs: about 0.2 MiB each. A paper laid
/// out past this is laid out again for its pack, so memory stays flat however large a run.
pub const KEPT_PAGES: usize = 600;

static KEPT: AtomicUsize = AtomicUsize::new(0);

/// A paper's laid-out pages, kept for its pack within [`KEPT_PAGES`]. A paper is in one pack
/// at most (the public pack holds the public papers, the exempt pack the exempt ones), which
/// takes them.
#[derive(Debug)]
pub struct Retained {
    doc: std::sync::Mutex<Option<PagedDocument>>,
    pages: usize,
}

impl Drop for Retained {
    fn drop(&mut self) {
        KEPT.fetch_sub(self.pages, Ordering::Relaxed);
    }
}

impl Retained {
    /// Keeps `doc`, if the budget has room for its pages (else lets it go).
    pub fn keep(doc: PagedDocument) -> Option<Self> {
        let pages = doc.pages().len();
        if KEPT
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |kept| {
                (kept + pages <= KEPT_PAGES).then_some(kept + pages)
            })
            .is_err()
        {
            crate::base::discard::later(doc);
            return None;
        }
        Some(Retained {
            doc: std::sync::Mutex::new(Some(doc)),
            pages,
        })
    }

    /// The pages, for the pack that takes them.
    pub fn take(&self) -> Option<PagedDocument> {
        self.doc
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

/// One paper of a pack: its laid-out pages and its agenda item, which its level 1 headings
/// carry in the pack's bookmarks ("8. Reducing inequalities action plan").
pub struct Part {
    /// The paper as typeset on its own.
    pub doc: PagedDocument,
    /// Its agenda item.
    pub item: String,
}

/// A part's pages made ready for a pack: without their own running footers, their
/// locations moved to the part's own. `number` is the part's place in the pack (1, 2 ...).
pub fn prepare(part: Part, number: usize) -> Vec<Page> {
    let Part { doc, item } = part;
    let mut pages = doc.pages().to_vec();
    // With the document gone the pages' frames are theirs alone, and change in place.
    drop(doc);
    for page in &mut pages {
        strip_footer(&mut page.frame);
        relocate(&mut page.frame, number as u128, &item);
        compact(&mut page.frame);
    }
    pages
}

/// Moves a frame's items out of it, leaving it empty.
fn take_items(frame: &mut Frame) -> Vec<(Point, FrameItem)> {
    let points: Vec<Point> = frame.items().map(|(p, _)| *p).collect();
    let mut points = points.into_iter();
    let mut items = Vec::with_capacity(frame.items().len());
    frame.retain(|item| {
        let placeholder = FrameItem::Link(Destination::Location(Location::new(0)), Size::zero());
        let point = points.next().unwrap_or_default();
        items.push((point, std::mem::replace(item, placeholder)));
        false
    });
    items
}

/// A frame with `items`, of `like`'s size, kind and baseline; its list of items holds no
/// room to spare.
fn rebuilt(like: &Frame, items: Vec<(Point, FrameItem)>) -> Frame {
    let mut frame = Frame::new(like.size(), like.kind());
    if like.has_baseline() {
        frame.set_baseline(like.baseline());
    }
    frame.push_multiple(items);
    frame
}

/// Rebuilds a frame and every group in it with lists of items of their exact length: a layout
/// grows them as it goes (up to twice the room they need), and a pack keeps every page of its
/// papers until it is written.
fn compact(frame: &mut Frame) {
    let mut items = take_items(frame);
    for (_, item) in &mut items {
        if let FrameItem::Group(g) = item {
            compact(&mut g.frame);
        }
    }
    *frame = rebuilt(frame, items);
}

/// The sizes of a document's pages in points (width, height), for its stand-in.
pub fn page_sizes(doc: &PagedDocument) -> Vec<(f64, f64)> {
    doc.pages()
        .iter()
        .map(|p| (p.frame.width().to_pt(), p.frame.height().to_pt()))
        .collect()
}

/// The pack: `front`'s pages, each stand-in page taking its paper's page (from `parts`, each
/// made by [`prepare`]).
pub fn assemble(front: &PagedDocument, parts: Vec<Vec<Page>>) -> Result<PagedDocument, String> {
    let pages = front.pages();
    let starts: Vec<usize> = (0..pages.len())
        .filter(|&i| has_start(&pages[i].frame))
        .collect();
    if starts.len() != parts.len() {
        return Err(format!(
            "the pack's template gives {} paper stand-ins for {} papers",
            starts.len(),
            parts.len()
        ));
    }
    // Which page of which paper each page of the front stands in for.
    let mut stands: Vec<Option<usize>> = vec![None; pages.len()];
    for (k, (&start, part)) in starts.iter().zip(&parts).enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(pages.len());
        let count = part.len();
        if start + count > end {
            return Err(format!(
                "the stand-in of paper {} has {} pages where the paper has {count}",
                k + 1,
                end - start
            ));
        }
        stands[start..start + count].fill(Some(k));
    }
    let spans = tag_pages(pages);
    let mut parts: Vec<std::vec::IntoIter<Page>> = parts.into_iter().map(Vec::into_iter).collect();
    let mut out = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        // A tag stays when its element opens and closes on this page, or on pages that
        // stand in for no paper.
        let keep = |loc: &Location| {
            spans.get(loc).is_some_and(|&(open, close)| {
                (open == i && close == i) || (stands[open].is_none() && stands[close].is_none())
            })
        };
        let mut frame = page.frame.clone();
        keep_tags(&mut frame, &keep);
        let Some(k) = stands[i] else {
            out.push(Page {
                frame,
                ..page.clone()
            });
            continue;
        };
        let Some(mut paper) = parts[k].next() else {
            return Err(format!("paper {} has fewer pages than its stand-in", k + 1));
        };
        // The stand-in's footer and marker first, then the paper's page.
        let mut items = take_items(&mut frame);
        items.reserve_exact(paper.frame.items().len());
        items.append(&mut take_items(&mut paper.frame));
        let frame = rebuilt(&frame, items);
        out.push(Page {
            frame,
            bleed: paper.bleed,
            fill: paper.fill,
            ..page.clone()
        });
    }
    Ok(PagedDocument::new(
        out.into_iter().collect(),
        front.info().clone(),
    ))
}

/// Whether a frame holds the start of a `<paper-start>` marker.
fn has_start(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => has_start(&g.frame),
        FrameItem::Tag(Tag::Start(elem, _)) => elem
            .label()
            .is_some_and(|l| l.resolve().as_str() == PAPER_START),
        _ => false,
    })
}

/// The pages each tagged element of a document opens and closes on.
fn tag_pages(pages: &[Page]) -> std::collections::HashMap<Location, (usize, usize)> {
    fn walk(
        frame: &Frame,
        page: usize,
        spans: &mut std::collections::HashMap<Location, (usize, usize)>,
    ) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, page, spans),
                FrameItem::Tag(Tag::Start(elem, _)) => {
                    if let Some(loc) = elem.location() {
                        spans.insert(loc, (page, page));
                    }
                }
                FrameItem::Tag(Tag::End(loc, ..)) => {
                    spans.entry(*loc).or_insert((page, page)).1 = page;
                }
                _ => {}
            }
        }
    }
    let mut spans = std::collections::HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        walk(&page.frame, i, &mut spans);
    }
    spans
}

/// Leaves out the tags `keep` refuses, in the frame and every group in it.
fn keep_tags(frame: &mut Frame, keep: &impl Fn(&Location) -> bool) {
    frame.retain(|item| match item {
        FrameItem::Group(g) => {
            keep_tags(&mut g.frame, keep);
            true
        }
        FrameItem::Tag(tag) => keep(&tag.location()),
        _ => true,
    });
}

/// Whether an element is the running footer of a page.
fn is_footer(elem: &Content) -> bool {
    elem.to_packed::<ArtifactElem>()
        .is_some_and(|a| a.kind.get(StyleChain::default()) == ArtifactKind::Footer)
}

/// Whether a frame holds a running footer.
fn holds_footer(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => holds_footer(&g.frame),
        FrameItem::Tag(Tag::Start(elem, _)) => is_footer(elem),
        _ => false,
    })
}

/// Takes a page's running footer off it: the group that holds it, or the items from its
/// start tag to its end tag when Typst put them on the page directly.
fn strip_footer(page: &mut Frame) {
    let mut open: Option<Location> = None;
    page.retain(|item| {
        if let Some(loc) = open {
            if matches!(item, FrameItem::Tag(Tag::End(end, ..)) if *end == loc) {
                open = None;
            }
            return false;
        }
        match item {
            FrameItem::Tag(Tag::Start(elem, _)) if is_footer(elem) => {
                open = elem.location();
                false
            }
            FrameItem::Group(g) => !holds_footer(&g.frame),
            _ => true,
        }
    });
}

/// Moves every location of a paper's page to the paper's own (`salt`), and numbers its level
/// 1 headings by its agenda item for the bookmarks.
fn relocate(frame: &mut Frame, salt: u128, item: &str) {
    let moved = |loc: Location| Location::new(typst::utils::hash128(&(loc.hash(), salt)));
    frame.retain(|entry| {
        match entry {
            FrameItem::Group(g) => {
                relocate(&mut g.frame, salt, item);
                if let Some(parent) = &mut g.parent {
                    parent.location = moved(parent.location);
                }
            }
            FrameItem::Tag(Tag::Start(elem, _)) => {
                if let Some(loc) = elem.location() {
                    elem.set_location(moved(loc));
                }
                if let Some(link) = elem.to_packed_mut::<LinkElem>()
                    && let LinkTarget::Dest(Destination::Location(loc)) = &mut link.dest
                {
                    *loc = moved(*loc);
                }
                if !item.is_empty()
                    && let Some(heading) = elem.to_packed_mut::<HeadingElem>()
                    && heading.resolve_level(StyleChain::default()).get() == 1
                {
                    heading.numbers = Some(format!("{item}.").into());
                }
            }
            FrameItem::Tag(Tag::End(loc, ..)) => *loc = moved(*loc),
            FrameItem::Link(Destination::Location(loc), _) => *loc = moved(*loc),
            _ => {}
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Abs, GroupItem};

    fn link(n: u128) -> FrameItem {
        FrameItem::Link(
            Destination::Location(Location::new(n)),
            Size::new(Abs::pt(n as f64), Abs::pt(1.0)),
        )
    }

    #[test]
    fn a_compacted_frame_holds_the_same_items_in_the_same_places() {
        let mut inner = Frame::soft(Size::new(Abs::pt(50.0), Abs::pt(20.0)));
        for n in 0..7 {
            inner.push(Point::new(Abs::pt(n as f64), Abs::pt(2.0)), link(n));
        }
        let mut page = Frame::hard(Size::new(Abs::pt(595.0), Abs::pt(842.0)));
        page.set_baseline(Abs::pt(10.0));
        for n in 10..15 {
            page.push(Point::new(Abs::pt(1.0), Abs::pt(n as f64)), link(n));
        }
        page.push(
            Point::new(Abs::pt(30.0), Abs::pt(40.0)),
            FrameItem::Group(GroupItem::new(inner)),
        );
        page.prepend(Point::zero(), link(99));
        let before = typst::utils::hash128(&page);
        compact(&mut page);
        assert_eq!(typst::utils::hash128(&page), before);
        assert_eq!(page.items().len(), 7);
        assert_eq!(page.baseline(), Abs::pt(10.0));
        assert!(page.kind().is_hard());
    }
}
