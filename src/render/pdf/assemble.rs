//! Agenda packs put together from PDFs: a meeting's papers are typeset once, for their own
//! PDFs, and their pack is made from those files and the pack's own pages, never from pages
//! held in memory.
//!
//! The pack's own document (its "front": front sheet and agenda) is typeset as usual, with a
//! stand-in for each paper: as many empty pages as the paper has, each of its size, carrying
//! the paper's running footer with the pack's page numbers ("Page 25 of 66") and, on its
//! first page, the `<paper-start>` marker the agenda takes its page numbers and links from.
//! The front is exported to a PDF of its own, and then each stand-in page is replaced by the
//! paper's page, taken from the paper's PDF: the paper's page content less its own running
//! footer (the `/Artifact` of subtype `/Footer` Typst marks it with), after the stand-in's
//! page content (its footer, the pack's page number), whose resource names take a prefix of
//! their own so that none can clash with the paper's. The page keeps the stand-in's object
//! number, so the agenda's links, which point at the stand-in pages, lead to the paper's
//! pages. Streams that hold no reference and are already in the pack with the same bytes
//! (a font program, a logo) are written once; a paper's named destinations are resolved to
//! the places they name.
//!
//! Each paper's objects are renumbered into the pack and written out at once, while the next
//! paper is read, so a pack holds at most three parsed papers, however many it has (and
//! the bytes of their PDFs). Its structure tree is grafted onto the front's: the kids of
//! the paper's `Document` element follow the front's own, their parent fixed; its page and
//! annotation keys into the `ParentTree` are moved past those before them; its element IDs
//! (a table's header cells, and the `/Headers` that name them) are made the paper's own; its
//! role and class maps are merged. Its bookmarks follow the front's, each top-level one
//! numbered by the paper's agenda item ("8. Reducing inequalities action plan"). The front
//! gives the rest: the catalog (language, mark info, output intent, viewer preferences, page
//! mode), the XMP metadata and the document information, so the pack is one tagged PDF/A-2a
//! and PDF/UA-1 document as a single compilation would give.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::Digest as _;
use typst::foundations::{Label, Selector};
use typst::introspection::Introspector as _;
use typst_layout::PagedDocument;

use crate::render::pdf::compact::find;

/// The label of the marker each paper's first page carries (see `paper()` in
/// templates/papers.typ).
pub const PAPER_START: &str = "paper-start";

/// The prefix of the stand-in's resource names on the page it is drawn on.
const STAND_IN: &[u8] = b"StandIn";

/// A dictionary of resources' names and what they name.
type Names = Vec<(Vec<u8>, Object)>;

/// What a paper's page takes from the front's stand-in page: its resources, by category
/// (renamed), its annotations, and its parent in the page tree.
struct FromFront {
    resources: Vec<(Vec<u8>, Names)>,
    annots: Vec<Object>,
    parent: Object,
}

/// A paper's PDF as a pack takes it: its bytes, and the sizes of its pages in points
/// (width, height; see [`page_sizes`]).
pub type PaperPdf = (std::sync::Arc<[u8]>, Vec<(f64, f64)>);

/// One paper of a pack: its PDF and its agenda item, which its top-level bookmarks carry in
/// the pack ("8. Reducing inequalities action plan").
pub struct Part<'a> {
    /// The paper's own PDF.
    pub pdf: &'a [u8],
    /// Its agenda item.
    pub item: &'a str,
}

/// The sizes of a PDF's pages in points (width, height), for its stand-in.
pub fn page_sizes(pdf: &[u8]) -> Result<Vec<(f64, f64)>, String> {
    let doc = load(pdf)?;
    doc.get_pages()
        .into_values()
        .map(|id| {
            let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
            let [x0, y0, x1, y1] = media_box(&doc, page)?;
            Ok((f64::from(x1 - x0), f64::from(y1 - y0)))
        })
        .collect()
}

/// The sizes of a laid-out document's pages in points, exactly as [`page_sizes`] reads them
/// from its PDF: Typst's writer gives each page's size (with its bleed, if any, which Papers'
/// templates never set) as a 32-bit number of at least 3 points, and writes the shortest
/// decimal that reads back as that number. A paper's stand-in is so the same whether its PDF
/// was written in this build or read back from an earlier one.
pub fn laid_out_sizes(doc: &PagedDocument) -> Vec<(f64, f64)> {
    doc.pages()
        .iter()
        .map(|page| {
            let width = page.frame.width() + page.bleed.left + page.bleed.right;
            let height = page.frame.height() + page.bleed.top + page.bleed.bottom;
            (
                f64::from((width.to_pt() as f32).max(3.0)),
                f64::from((height.to_pt() as f32).max(3.0)),
            )
        })
        .collect()
}

/// The page (0-based) of each `<paper-start>` marker of the pack's laid-out front, in order.
pub fn stand_in_starts(front: &PagedDocument) -> Vec<usize> {
    let introspector = front.introspector();
    let Some(label) = Label::new(typst::utils::PicoStr::intern(PAPER_START)) else {
        return Vec::new();
    };
    let mut starts: Vec<usize> = introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|elem| elem.location())
        .filter_map(|loc| Some(introspector.page(loc)?.get() - 1))
        .collect();
    starts.sort_unstable();
    starts
}

/// The pack: the front's PDF with the stand-in pages that start at `starts` (one per part,
/// from [`stand_in_starts`]) replaced by their papers' pages.
pub fn assemble(front: &[u8], starts: &[usize], parts: &[Part]) -> Result<Vec<u8>, String> {
    if starts.len() != parts.len() {
        return Err(format!(
            "the pack's template gives {} paper stand-ins for {} papers",
            starts.len(),
            parts.len()
        ));
    }
    let mut pack = Pack::new(load(front)?)?;
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .copied()
        .chain([pack.pages.len()])
        .collect();
    // Each stand-in page, as its paper's page will take it.
    let mut stand_ins: Vec<Vec<Option<StandIn>>> = Vec::with_capacity(parts.len());
    for (&start, &end) in starts.iter().zip(&ends) {
        if start > end {
            return Err("the pack's paper stand-ins are out of order".to_owned());
        }
        stand_ins.push(
            (start..end)
                .map(|i| pack.stand_in(i).map(Some))
                .collect::<Result<_, _>>()?,
        );
    }
    // One paper is read and made ready while the one before it is written into the pack:
    // at most three are parsed at once, however many the pack holds.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            for (k, (part, stand_ins)) in parts.iter().zip(stand_ins.iter_mut()).enumerate() {
                let prepared = prepare(k + 1, part, stand_ins);
                let failed = prepared.is_err();
                if tx.send(prepared).is_err() || failed {
                    return;
                }
            }
        });
        let mut merged = 0;
        for (prepared, &start) in rx.iter().zip(starts) {
            // (On an error the reader stops at its next paper: `rx` is gone.)
            pack.merge(prepared?, start)?;
            merged += 1;
        }
        if merged < parts.len() {
            return Err(
                "Papers failed while reading a paper for the pack (a bug: please \
                report it with the files)"
                    .to_owned(),
            );
        }
        Ok(())
    })?;
    pack.finish()
}

/// A PDF parsed, its objects in memory.
fn load(pdf: &[u8]) -> Result<Document, String> {
    Document::load_mem(pdf).map_err(|e| format!("cannot read a PDF for the pack: {e}"))
}

fn media_box(doc: &Document, page: &Dictionary) -> Result<[f32; 4], String> {
    let value = page
        .get(b"MediaBox")
        .map_err(|_| "a page has no MediaBox".to_owned())?;
    let array = deref(doc, value)
        .as_array()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.as_float().map_err(|e| e.to_string()))
        .collect::<Result<Vec<f32>, String>>()?;
    array
        .try_into()
        .map_err(|_| "a page's MediaBox is not four numbers".to_owned())
}

/// `obj`, or the object it refers to.
fn deref<'a>(doc: &'a Document, obj: &'a Object) -> &'a Object {
    doc.dereference(obj).map_or(obj, |(_, o)| o)
}

/// The value of `key` in `dict`, resolved and cloned.
fn get(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Object> {
    dict.get(key).ok().map(|o| deref(doc, o).clone())
}

/// The dictionary `id` refers to, cloned.
fn dict_of(doc: &Document, id: ObjectId) -> Result<Dictionary, String> {
    doc.get_dictionary(id)
        .cloned()
        .map_err(|e| format!("object {} of a PDF: {e}", id.0))
}

/// The reference `key` holds in `dict`.
fn reference(dict: &Dictionary, key: &[u8]) -> Result<ObjectId, String> {
    dict.get(key)
        .and_then(Object::as_reference)
        .map_err(|_| format!("/{} is not a reference", String::from_utf8_lossy(key)))
}

/// The entries of a number tree (`/Nums`) or a name tree (`/Names`), flattened.
fn tree_entries(doc: &Document, node: &Object, key: &[u8], out: &mut Vec<(Object, Object)>) {
    let Ok(node) = deref(doc, node).as_dict() else {
        return;
    };
    if let Some(Object::Array(pairs)) = get(doc, node, key) {
        for pair in pairs.chunks_exact(2) {
            out.push((deref(doc, &pair[0]).clone(), pair[1].clone()));
        }
    }
    if let Some(Object::Array(kids)) = get(doc, node, b"Kids") {
        for kid in &kids {
            tree_entries(doc, kid, key, out);
        }
    }
}

/// The pack being put together: the front, parsed, and the objects written so far.
struct Pack {
    front: Document,
    /// The front's pages, in order.
    pages: Vec<ObjectId>,
    /// The front's structure tree root, its `Document` element and that element's kids.
    struct_root: ObjectId,
    document: ObjectId,
    kids: Vec<Object>,
    /// The parent tree's entries, by key.
    parent_tree: Vec<(i64, Object)>,
    next_key: i64,
    /// The ID tree's entries.
    ids: Vec<(Vec<u8>, Object)>,
    role_map: Dictionary,
    class_map: Dictionary,
    /// The bookmarks' root, and the last top-level bookmark.
    outlines: ObjectId,
    last_mark: Option<ObjectId>,
    first_mark: Option<ObjectId>,
    mark_count: i64,
    /// The streams written from papers that hold no reference (font programs, images), by
    /// their bytes' hash: a paper's copy of one already written is not written again.
    streams: HashMap<[u8; 32], ObjectId>,
    out: Writer,
}

impl Pack {
    fn new(front: Document) -> Result<Self, String> {
        let pages: Vec<ObjectId> = front.get_pages().into_values().collect();
        let catalog = front
            .catalog()
            .map_err(|e| format!("the pack's own PDF: {e}"))?
            .clone();
        let struct_root = reference(&catalog, b"StructTreeRoot")?;
        let root = dict_of(&front, struct_root)?;
        let document = match get(&front, &root, b"K") {
            Some(Object::Array(kids)) if kids.len() == 1 => kids[0].as_reference().ok(),
            Some(Object::Reference(id)) => Some(id),
            _ => None,
        }
        .ok_or("the pack's own PDF has no single Document element")?;
        let kids = match get(&front, &dict_of(&front, document)?, b"K") {
            Some(Object::Array(kids)) => kids,
            Some(kid) => vec![kid],
            None => Vec::new(),
        };
        let mut entries = Vec::new();
        if let Ok(tree) = root.get(b"ParentTree") {
            tree_entries(&front, tree, b"Nums", &mut entries);
        }
        let parent_tree: Vec<(i64, Object)> = entries
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_i64().ok()?, v)))
            .collect();
        let next_key = get(&front, &root, b"ParentTreeNextKey")
            .and_then(|k| k.as_i64().ok())
            .unwrap_or(0)
            .max(parent_tree.iter().map(|(k, _)| k + 1).max().unwrap_or(0));
        let mut entries = Vec::new();
        if let Ok(tree) = root.get(b"IDTree") {
            tree_entries(&front, tree, b"Names", &mut entries);
        }
        let ids = entries
            .into_iter()
            .filter_map(|(k, v)| Some((k.as_str().ok()?.to_vec(), v)))
            .collect();
        let map = |key: &[u8]| match get(&front, &root, key) {
            Some(Object::Dictionary(d)) => d,
            _ => Dictionary::new(),
        };
        let (role_map, class_map) = (map(b"RoleMap"), map(b"ClassMap"));
        let mut front = front;
        let outlines = match catalog.get(b"Outlines").and_then(Object::as_reference) {
            Ok(id) => id,
            Err(_) => {
                let id = front.add_object(Dictionary::from_iter([("Type", "Outlines".into())]));
                let catalog_id = reference(&front.trailer, b"Root")?;
                if let Ok(c) = front.get_dictionary_mut(catalog_id) {
                    c.set("Outlines", id);
                }
                id
            }
        };
        let root_marks = dict_of(&front, outlines)?;
        let first_mark = root_marks.get(b"First").and_then(Object::as_reference).ok();
        let last_mark = root_marks.get(b"Last").and_then(Object::as_reference).ok();
        let mark_count = get(&front, &root_marks, b"Count")
            .and_then(|c| c.as_i64().ok())
            .unwrap_or(0);
        let out = Writer::new(front.max_id + 1);
        Ok(Pack {
            front,
            pages,
            struct_root,
            document,
            kids,
            parent_tree,
            next_key,
            ids,
            role_map,
            class_map,
            outlines,
            last_mark,
            first_mark,
            mark_count,
            streams: HashMap::new(),
            out,
        })
    }

    /// The stand-in page `index` of the front, as its paper's page takes it.
    fn stand_in(&self, index: usize) -> Result<StandIn, String> {
        let id = self.pages[index];
        let stand = dict_of(&self.front, id)?;
        let mut resources = Vec::new();
        let mut names = HashSet::new();
        if let Some(Object::Dictionary(own)) = get(&self.front, &stand, b"Resources") {
            for (category, entries) in &own {
                // (A ProcSet is the one entry that is not a dictionary of names.)
                if let Object::Dictionary(entries) = deref(&self.front, entries) {
                    let mut renamed_entries = Vec::new();
                    for (name, value) in entries {
                        names.insert(name.clone());
                        let mut new = STAND_IN.to_vec();
                        new.extend_from_slice(name);
                        renamed_entries.push((new, value.clone()));
                    }
                    resources.push((category.clone(), renamed_entries));
                }
            }
        }
        let mut content = b"q\n".to_vec();
        content.extend(renamed(&contents(&self.front, &stand)?, &names, STAND_IN));
        content.extend_from_slice(b"\nQ\n");
        Ok(StandIn {
            content,
            from_front: FromFront {
                resources,
                annots: match get(&self.front, &stand, b"Annots") {
                    Some(Object::Array(a)) => a,
                    _ => Vec::new(),
                },
                parent: stand.get(b"Parent").cloned().unwrap_or(Object::Null),
            },
        })
    }

    /// Puts a paper's pages in place of the stand-in pages from `start`, and writes its
    /// objects.
    fn merge(&mut self, prepared: Prepared, start: usize) -> Result<(), String> {
        let Prepared {
            number,
            mut paper,
            pages: paper_pages,
            struct_root: struct_root_id,
            document,
            kids,
            parent_tree: entries,
            parent_tree_next,
            ids: id_entries,
            role_map,
            class_map,
            outlines,
            marks,
            mark_count,
            mut from_front,
            hashes: stream_hashes,
        } = prepared;

        // The stand-in pages give way: their objects, their content and their (empty)
        // entries in the parent tree.
        for index in start..start + paper_pages.len() {
            let id = self.pages[index];
            if let Ok(stand) = self.front.get_dictionary(id) {
                if let Ok(key) = stand.get(b"StructParents").and_then(Object::as_i64) {
                    self.parent_tree.retain(|(k, _)| *k != key);
                }
                for content_id in content_ids(stand) {
                    self.front.objects.remove(&content_id);
                }
            }
            self.front.objects.remove(&id);
        }

        // What the paper's objects become in the pack: its pages take the stand-ins'
        // numbers, and its catalog's objects are the front's.
        let mut map: HashMap<ObjectId, ObjectId> = HashMap::new();
        map.insert(document, self.document);
        map.insert(struct_root_id, self.struct_root);
        if let Some(id) = outlines {
            map.insert(id, self.outlines);
        }
        for (j, &id) in paper_pages.iter().enumerate() {
            map.insert(id, self.pages[start + j]);
        }
        // Its page tree is the front's (each page's parent is set below).
        for (&id, object) in &paper.objects {
            if let Object::Dictionary(d) = object
                && d.has_type(b"Pages")
            {
                map.insert(id, self.pages[start]);
            }
        }

        // The paper's keys into the parent tree follow those before them.
        let offset = self.next_key;
        let mut next = offset + parent_tree_next;
        let mut keyed = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            let key = key + offset;
            next = next.max(key + 1);
            keyed.push((key, value));
        }
        for (from, into) in [
            (role_map, &mut self.role_map),
            (class_map, &mut self.class_map),
        ] {
            for (k, v) in from {
                if !into.has(&k) {
                    into.set(k, v);
                }
            }
        }

        // Every object the paper's pages, structure and bookmarks reach, renumbered and
        // written; its catalog, metadata and page tree stay behind.
        let ids_rename = |id: &[u8]| {
            let mut new = format!("p{number}-").into_bytes();
            new.extend_from_slice(id);
            new
        };
        let mut queue: Vec<ObjectId> = paper_pages.clone();
        for kid in &kids {
            if let Ok(id) = kid.as_reference() {
                queue.push(id);
            }
        }
        queue.extend(&marks);
        for value in keyed
            .iter()
            .map(|e| &e.1)
            .chain(id_entries.iter().map(|e| &e.1))
        {
            rewrite(&mut value.clone(), &mut |r| queue.push(*r));
        }
        let mark_set: HashSet<ObjectId> = marks.iter().copied().collect();
        // A stream that holds no reference and is already in the pack (the same font program
        // or logo in every paper) is that one; one that is not yet is noted when written.
        let mut hashes: HashMap<ObjectId, [u8; 32]> = HashMap::new();
        for (id, hash) in stream_hashes {
            match self.streams.get(&hash) {
                Some(&written) if !map.contains_key(&id) => {
                    map.insert(id, written);
                }
                _ => {
                    hashes.insert(id, hash);
                }
            }
        }
        for &id in &queue {
            map.entry(id).or_insert_with(|| (self.out.fresh(), 0));
        }
        let mut done: HashSet<ObjectId> = HashSet::new();
        while let Some(id) = queue.pop() {
            if !done.insert(id) {
                continue;
            }
            let Some(mut object) = paper.objects.remove(&id) else {
                continue;
            };
            let mut found = Vec::new();
            rewrite(&mut object, &mut |r| {
                let old = *r;
                *r = *map.entry(old).or_insert_with(|| {
                    found.push(old);
                    (self.out.fresh(), 0)
                });
            });
            queue.extend(found);
            adjust(&mut object, offset, &ids_rename);
            if let Some(FromFront {
                resources,
                annots,
                parent,
            }) = from_front.remove(&id)
                && let Object::Dictionary(page) = &mut object
            {
                page.set("Parent", parent);
                if let Ok(Object::Dictionary(own)) = page.get_mut(b"Resources") {
                    for (category, entries) in resources {
                        if let Ok(Object::Dictionary(dict)) = own.get_mut(&category) {
                            for (name, value) in entries {
                                dict.set(name, value);
                            }
                        }
                    }
                }
                if !annots.is_empty() {
                    if let Ok(Object::Array(own)) = page.get_mut(b"Annots") {
                        own.extend(annots);
                    } else {
                        page.set("Annots", annots);
                    }
                }
            }
            if let Some(hash) = hashes.remove(&id) {
                self.streams.entry(hash).or_insert(map[&id]);
            }
            let number = map[&id].0;
            if mark_set.contains(&id) {
                self.out.hold(number, object);
            } else {
                self.out.emit(number, &mut object);
            }
        }
        // What is left of the paper is not needed: it goes on the way out.
        crate::base::discard::later(paper);

        // The paper's structure, parent tree entries and IDs join the front's.
        for kid in kids {
            match kid {
                Object::Reference(id) => self.kids.push(Object::Reference(map[&id])),
                _ => {
                    return Err(format!(
                        "paper {number}'s Document element holds content directly"
                    ));
                }
            }
        }
        for (key, mut value) in keyed {
            rewrite(&mut value, &mut |r| {
                if let Some(new) = map.get(r) {
                    *r = *new;
                }
            });
            self.parent_tree.push((key, value));
        }
        self.next_key = next;
        for (key, mut value) in id_entries {
            rewrite(&mut value, &mut |r| {
                if let Some(new) = map.get(r) {
                    *r = *new;
                }
            });
            self.ids.push((ids_rename(&key), value));
        }
        // The paper's bookmarks follow the front's.
        self.mark_count += mark_count;
        if let (Some(&first), Some(&last)) = (marks.first(), marks.last()) {
            let (first, last) = (map[&first], map[&last]);
            match self.last_mark {
                Some(prev) => {
                    self.link_marks(prev, first)?;
                }
                None => self.first_mark = Some(first),
            }
            self.last_mark = Some(last);
        }
        Ok(())
    }

    /// Links the bookmark `prev` (already in the front, or written) to `next` (written).
    fn link_marks(&mut self, prev: ObjectId, next: ObjectId) -> Result<(), String> {
        if let Ok(d) = self.front.get_dictionary_mut(prev) {
            d.set("Next", next);
        } else {
            self.out.patch(prev, |d| d.set("Next", next))?;
        }
        self.out.patch(next, |d| d.set("Prev", prev))
    }

    /// The front's objects, with the structure tree and bookmarks of every paper, written
    /// after the papers', and the file finished.
    fn finish(mut self) -> Result<Vec<u8>, String> {
        // The structure tree.
        let mut root = dict_of(&self.front, self.struct_root)?;
        self.parent_tree.sort_by_key(|(k, _)| *k);
        let nums: Vec<Object> = self
            .parent_tree
            .into_iter()
            .flat_map(|(k, v)| [Object::Integer(k), v])
            .collect();
        root.set(
            "ParentTree",
            Dictionary::from_iter([("Nums", Object::Array(nums))]),
        );
        root.set("ParentTreeNextKey", self.next_key);
        if self.ids.is_empty() {
            root.remove(b"IDTree");
        } else {
            self.ids.sort_by(|a, b| a.0.cmp(&b.0));
            if self.ids.windows(2).any(|w| w[0].0 == w[1].0) {
                return Err("two structure elements of the pack have the same ID".to_owned());
            }
            let names: Vec<Object> = self
                .ids
                .into_iter()
                .flat_map(|(k, v)| [Object::String(k, StringFormat::Literal), v])
                .collect();
            root.set(
                "IDTree",
                Dictionary::from_iter([("Names", Object::Array(names))]),
            );
        }
        if !self.role_map.is_empty() {
            root.set("RoleMap", self.role_map);
        }
        if !self.class_map.is_empty() {
            root.set("ClassMap", self.class_map);
        }
        self.front
            .objects
            .insert(self.struct_root, Object::Dictionary(root));
        if let Ok(Object::Dictionary(d)) = self.front.get_object_mut(self.document) {
            d.set("K", Object::Array(self.kids));
        }
        // The bookmarks' root.
        if let Ok(d) = self.front.get_dictionary_mut(self.outlines) {
            if let Some(first) = self.first_mark {
                d.set("First", first);
            }
            if let Some(last) = self.last_mark {
                d.set("Last", last);
            }
            if self.mark_count != 0 {
                d.set("Count", self.mark_count);
            }
        }
        let trailer = {
            let mut t = Dictionary::new();
            for key in [b"Root" as &[u8], b"Info", b"ID"] {
                if let Ok(v) = self.front.trailer.get(key) {
                    t.set(key, v.clone());
                }
            }
            t
        };
        let objects = std::mem::take(&mut self.front.objects);
        for (id, mut object) in objects {
            if let Object::Stream(s) = &object
                && (s.dict.has_type(b"ObjStm") || s.dict.has_type(b"XRef"))
            {
                continue;
            }
            // The stand-ins' annotations, marked when their page was replaced.
            self.out.emit(id.0, &mut object);
        }
        Ok(self.out.finish(&trailer))
    }
}

/// A stand-in page of the front: its content (the pack's footer), its resource names given
/// the stand-in's prefix, and what else its paper's page takes from it.
struct StandIn {
    content: Vec<u8>,
    from_front: FromFront,
}

/// A paper read and made ready for its pack, before it is renumbered into it.
struct Prepared {
    /// Its place among the pack's papers, from 1.
    number: usize,
    paper: Document,
    pages: Vec<ObjectId>,
    struct_root: ObjectId,
    /// Its Document element, and that element's kids.
    document: ObjectId,
    kids: Vec<Object>,
    /// Its parent tree's entries, by its own keys, and its next key.
    parent_tree: Vec<(i64, Object)>,
    parent_tree_next: i64,
    /// Its ID tree's entries.
    ids: Vec<(Vec<u8>, Object)>,
    role_map: Dictionary,
    class_map: Dictionary,
    /// Its bookmarks' root, its top-level bookmarks (retitled) and their count.
    outlines: Option<ObjectId>,
    marks: Vec<ObjectId>,
    mark_count: i64,
    /// What each page takes from its stand-in once renumbered.
    from_front: HashMap<ObjectId, FromFront>,
    /// The hash of each stream that holds no reference.
    hashes: Vec<(ObjectId, [u8; 32])>,
}

/// Reads paper `number` and makes it ready for its pack: each page's content without its
/// footer, after its stand-in's (`stand_ins`, from where its stand-in starts to where the
/// next one does), its bookmarks numbered by its item, its named destinations resolved.
fn prepare(
    number: usize,
    part: &Part,
    stand_ins: &mut [Option<StandIn>],
) -> Result<Prepared, String> {
    let mut paper = load(part.pdf)?;
    let pages: Vec<ObjectId> = paper.get_pages().into_values().collect();
    if pages.len() > stand_ins.len() {
        return Err(format!(
            "the stand-in of paper {number} has {} pages where the paper has {}",
            stand_ins.len(),
            pages.len()
        ));
    }
    let catalog = paper
        .catalog()
        .map_err(|e| format!("paper {number}'s PDF: {e}"))?
        .clone();
    let struct_root = reference(&catalog, b"StructTreeRoot")?;
    let root = dict_of(&paper, struct_root)?;
    let document = match get(&paper, &root, b"K") {
        Some(Object::Array(kids)) if kids.len() == 1 => kids[0].as_reference().ok(),
        Some(Object::Reference(id)) => Some(id),
        _ => None,
    }
    .ok_or_else(|| format!("paper {number}'s PDF has no single Document element"))?;
    let kids = match get(&paper, &dict_of(&paper, document)?, b"K") {
        Some(Object::Array(kids)) => kids,
        Some(kid) => vec![kid],
        None => Vec::new(),
    };
    let mut entries = Vec::new();
    if let Ok(tree) = root.get(b"ParentTree") {
        tree_entries(&paper, tree, b"Nums", &mut entries);
    }
    let mut parent_tree = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        parent_tree.push((key.as_i64().map_err(|e| e.to_string())?, value));
    }
    let parent_tree_next = get(&paper, &root, b"ParentTreeNextKey")
        .and_then(|k| k.as_i64().ok())
        .unwrap_or(0);
    let mut entries = Vec::new();
    if let Ok(tree) = root.get(b"IDTree") {
        tree_entries(&paper, tree, b"Names", &mut entries);
    }
    let ids = entries
        .into_iter()
        .filter_map(|(k, v)| Some((k.as_str().ok()?.to_vec(), v)))
        .collect();
    let map = |key: &[u8]| match get(&paper, &root, key) {
        Some(Object::Dictionary(d)) => d,
        _ => Dictionary::new(),
    };
    let (role_map, class_map) = (map(b"RoleMap"), map(b"ClassMap"));

    // Links and bookmarks that name their destination point at it directly: the paper's
    // names are not the pack's.
    resolve_named_destinations(&mut paper, &catalog);

    // Each page: the stand-in's content (the pack's footer), then the paper's without its
    // own footer.
    let mut from_front = HashMap::new();
    for (&id, stand_in) in pages.iter().zip(stand_ins.iter_mut()) {
        let stand_in = stand_in
            .take()
            .ok_or_else(|| format!("a stand-in page of paper {number} is taken twice"))?;
        replace_content(&mut paper, id, stand_in.content, &stand_in.from_front)?;
        from_front.insert(id, stand_in.from_front);
    }

    // Bookmarks: the paper's top-level ones, numbered by its item.
    let outlines = catalog.get(b"Outlines").and_then(Object::as_reference).ok();
    let mut marks = Vec::new();
    let mut mark_count = 0;
    if let Some(root_marks) = outlines.and_then(|id| paper.get_dictionary(id).ok()) {
        let mut at = root_marks.get(b"First").and_then(Object::as_reference).ok();
        mark_count = get(&paper, root_marks, b"Count")
            .and_then(|c| c.as_i64().ok())
            .unwrap_or(0);
        let mut seen = HashSet::new();
        while let Some(id) = at.filter(|id| seen.insert(*id)) {
            marks.push(id);
            at = paper
                .get_dictionary(id)
                .ok()
                .and_then(|d| d.get(b"Next").and_then(Object::as_reference).ok());
        }
    }
    if !part.item.is_empty() {
        for &id in &marks {
            if let Ok(mark) = paper.get_dictionary_mut(id)
                && let Ok(title) = mark.get(b"Title")
                && let Ok(text) = lopdf::decode_text_string(title)
            {
                mark.set("Title", text_string(&format!("{}. {text}", part.item)));
            }
        }
    }

    // The streams that hold no reference, by their bytes (see `Pack::streams`).
    let mut hashes = Vec::new();
    for (&id, object) in &paper.objects {
        if let Object::Stream(stream) = object
            && !holds_reference(&Object::Dictionary(stream.dict.clone()))
        {
            let mut bytes = Vec::with_capacity(stream.content.len() + 256);
            let _ = lopdf::Writer::write_object(&mut bytes, object);
            hashes.push((id, sha2::Sha256::digest(&bytes).into()));
        }
    }
    Ok(Prepared {
        number,
        paper,
        pages,
        struct_root,
        document,
        kids,
        parent_tree,
        parent_tree_next,
        ids,
        role_map,
        class_map,
        outlines,
        marks,
        mark_count,
        from_front,
        hashes,
    })
}

/// Page `id` of `paper` with `content` (its stand-in's) before its own without its footer,
/// and its resources held in the page, a dictionary for each category the stand-in adds to.
fn replace_content(
    paper: &mut Document,
    id: ObjectId,
    mut content: Vec<u8>,
    from_front: &FromFront,
) -> Result<(), String> {
    let mut page = dict_of(paper, id)?;
    content.extend(without_footer(&contents(paper, &page)?));
    let stream = match crate::render::pdf::compact::deflate(&content) {
        Some(packed) => Stream::new(
            Dictionary::from_iter([("Filter", Object::from("FlateDecode"))]),
            packed,
        ),
        None => Stream::new(Dictionary::new(), content),
    };
    let stream_id = paper.add_object(stream);
    page.set("Contents", stream_id);
    let mut own = match page.get(b"Resources").map(|r| deref(paper, r)) {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    for (category, entries) in &from_front.resources {
        let dict = match own.get(category).map(|r| deref(paper, r)) {
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => Dictionary::new(),
        };
        if let Some((name, _)) = entries.iter().find(|(n, _)| dict.has(n)) {
            return Err(format!(
                "a paper's page already names a resource {}",
                String::from_utf8_lossy(name)
            ));
        }
        own.set(category.clone(), dict);
    }
    page.set("Resources", own);
    paper.objects.insert(id, Object::Dictionary(page));
    Ok(())
}

/// Whether `object` holds a reference.
fn holds_reference(object: &Object) -> bool {
    let mut found = false;
    rewrite(&mut object.clone(), &mut |_| found = true);
    found
}

/// Replaces each named destination of the paper's links and bookmarks (`/Dest (name)`, or a
/// GoTo action's `/D (name)`) by the destination it names.
fn resolve_named_destinations(paper: &mut Document, catalog: &Dictionary) {
    let mut names: HashMap<Vec<u8>, Object> = HashMap::new();
    if let Some(Object::Dictionary(tree)) = get(paper, catalog, b"Names")
        && let Ok(dests) = tree.get(b"Dests")
    {
        let mut entries = Vec::new();
        tree_entries(paper, dests, b"Names", &mut entries);
        for (name, dest) in entries {
            if let Ok(name) = name.as_str() {
                names.insert(name.to_vec(), deref(paper, &dest).clone());
            }
        }
    }
    if let Some(Object::Dictionary(dests)) = get(paper, catalog, b"Dests") {
        for (name, dest) in &dests {
            names.insert(name.clone(), deref(paper, dest).clone());
        }
    }
    if names.is_empty() {
        return;
    }
    // A destination dictionary holds its array under /D.
    let explicit = |name: &[u8]| {
        names.get(name).map(|d| match d {
            Object::Dictionary(d) => d.get(b"D").cloned().unwrap_or(Object::Null),
            other => other.clone(),
        })
    };
    for object in paper.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        if let Ok(Object::String(name, _) | Object::Name(name)) = dict.get(b"Dest")
            && let Some(dest) = explicit(name)
        {
            dict.set("Dest", dest);
        }
        if let Ok(Object::Dictionary(action)) = dict.get_mut(b"A")
            && let Ok(Object::String(name, _) | Object::Name(name)) = action.get(b"D")
            && let Some(dest) = explicit(name)
        {
            action.set("D", dest);
        }
    }
}

/// The text of a bookmark's title, as a PDF text string.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        Object::String(bytes, StringFormat::Literal)
    }
}

/// The objects of a page's `/Contents`.
fn content_ids(page: &Dictionary) -> Vec<ObjectId> {
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => vec![*id],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// A page's content, decoded (its streams joined).
fn contents(doc: &Document, page: &Dictionary) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for id in content_ids(page) {
        let stream = doc
            .get_object(id)
            .and_then(Object::as_stream)
            .map_err(|e| e.to_string())?;
        let data = if stream.dict.has(b"Filter") {
            stream
                .decompressed_content()
                .map_err(|e| format!("a page's content: {e}"))?
        } else {
            stream.content.clone()
        };
        out.extend_from_slice(&data);
        out.push(b'\n');
    }
    Ok(out)
}

/// Calls `f` on every reference in `object`.
fn rewrite(object: &mut Object, f: &mut impl FnMut(&mut ObjectId)) {
    match object {
        Object::Reference(r) => f(r),
        Object::Array(a) => a.iter_mut().for_each(|o| rewrite(o, f)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| rewrite(o, f)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| rewrite(o, f)),
        _ => {}
    }
}

/// A paper's object made the pack's: its keys into the parent tree moved by `offset`, its
/// structure element IDs and the `/Headers` naming them renamed.
fn adjust(object: &mut Object, offset: i64, rename: &impl Fn(&[u8]) -> Vec<u8>) {
    match object {
        Object::Array(a) => a.iter_mut().for_each(|o| adjust(o, offset, rename)),
        Object::Dictionary(d) => adjust_dict(d, offset, rename),
        Object::Stream(s) => adjust_dict(&mut s.dict, offset, rename),
        _ => {}
    }
}

fn adjust_dict(d: &mut Dictionary, offset: i64, rename: &impl Fn(&[u8]) -> Vec<u8>) {
    let elem = d.has(b"S") && (d.has(b"P") || d.has_type(b"StructElem"));
    for (key, value) in d.iter_mut() {
        match (key.as_slice(), value) {
            (b"StructParents" | b"StructParent", Object::Integer(n)) => *n += offset,
            (b"ID", Object::String(s, _)) if elem => *s = rename(s),
            (b"Headers", Object::Array(a)) => {
                for h in a.iter_mut() {
                    if let Object::String(s, _) = h {
                        *s = rename(s);
                    }
                }
            }
            (_, value) => adjust(value, offset, rename),
        }
    }
}

/// What a token of a content stream is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A name, `/f0`.
    Name,
    /// An operator, `Tf`.
    Operator,
    /// Anything else: a number, a string, a bracket, a dictionary's brackets, a comment.
    Other,
}

/// The tokens of a content stream, each with its kind and its span of bytes. (Typst draws
/// images as XObjects, never inline, so an inline image's data is not looked for.)
fn tokens(content: &[u8]) -> impl Iterator<Item = (Token, usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < content.len() && content[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        let c = *content.get(i)?;
        let kind = match c {
            b'%' => {
                while i < content.len() && content[i] != b'\n' && content[i] != b'\r' {
                    i += 1;
                }
                Token::Other
            }
            b'(' => {
                let mut depth = 0;
                while i < content.len() {
                    match content[i] {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                Token::Other
            }
            b'<' if content.get(i + 1) != Some(&b'<') => {
                while i < content.len() && content[i] != b'>' {
                    i += 1;
                }
                i += 1;
                Token::Other
            }
            b'<' | b'>' => {
                i += 2;
                Token::Other
            }
            b'[' | b']' | b'{' | b'}' => {
                i += 1;
                Token::Other
            }
            b'/' => {
                i += 1;
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
                Token::Name
            }
            _ => {
                while i < content.len() && is_regular(content[i]) {
                    i += 1;
                }
                let word = &content[start..i];
                let number = word
                    .iter()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
                if number || matches!(word, b"true" | b"false" | b"null") {
                    Token::Other
                } else {
                    Token::Operator
                }
            }
        };
        let end = i.min(content.len());
        Some((kind, start, end))
    })
}

/// A page's content without its running footer: the marked content Typst tags
/// `/Artifact <</Type /Pagination /Subtype /Footer ...>> BDC ... EMC`.
pub(crate) fn without_footer(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len());
    let mut kept = 0;
    // Where the operands of the operator being read start.
    let mut operands = 0;
    // While in a footer: where it starts and how deeply marked content nests in it.
    let mut footer: Option<(usize, usize)> = None;
    for (kind, start, end) in tokens(content) {
        if kind != Token::Operator {
            continue;
        }
        match (&content[start..end], &mut footer) {
            (b"BDC" | b"BMC", Some((_, depth))) => *depth += 1,
            (b"BDC", None) => {
                let ops = &content[operands..start];
                if find(ops, b"/Artifact").is_some() && find(ops, b"/Footer").is_some() {
                    footer = Some((operands, 0));
                }
            }
            (b"EMC", Some((from, 0))) => {
                out.extend_from_slice(&content[kept..*from]);
                kept = end;
                footer = None;
            }
            (b"EMC", Some((_, depth))) => *depth -= 1,
            _ => {}
        }
        operands = end;
    }
    out.extend_from_slice(&content[kept.min(content.len())..]);
    out
}

/// `content` with each name in `names` (resource names) given `prefix`.
fn renamed(content: &[u8], names: &HashSet<Vec<u8>>, prefix: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 64);
    let mut kept = 0;
    for (kind, start, end) in tokens(content) {
        if kind == Token::Name && names.contains(&content[start + 1..end]) {
            out.extend_from_slice(&content[kept..=start]);
            out.extend_from_slice(prefix);
            kept = start + 1;
        }
    }
    out.extend_from_slice(&content[kept..]);
    out
}

fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&b)
}

/// The pack's file, written an object at a time.
struct Writer {
    bytes: Vec<u8>,
    /// The offset of each object written, by number.
    offsets: Vec<Option<usize>>,
    /// The next number a paper's object takes.
    next: u32,
    /// Bookmarks written whose `/Next` or `/Prev` is set later: their number and object.
    pending: HashMap<u32, Object>,
}

impl Writer {
    fn new(next: u32) -> Self {
        let mut bytes = b"%PDF-1.7\n%\x80\x80\x80\x80\n".to_vec();
        bytes.reserve(1 << 20);
        Writer {
            bytes,
            offsets: Vec::new(),
            next,
            pending: HashMap::new(),
        }
    }

    /// A number for a paper's object.
    fn fresh(&mut self) -> u32 {
        let n = self.next;
        self.next += 1;
        n
    }

    /// Holds a top-level bookmark until its neighbours are known.
    fn hold(&mut self, number: u32, object: Object) {
        self.pending.insert(number, object);
    }

    fn emit(&mut self, number: u32, object: &mut Object) {
        if let Object::Stream(s) = object {
            let len = s.content.len() as i64;
            s.dict.set("Length", len);
        }
        let n = number as usize;
        if self.offsets.len() <= n {
            self.offsets.resize(n + 1, None);
        }
        self.offsets[n] = Some(self.bytes.len());
        let _ = writeln!(self.bytes, "{number} 0 obj");
        let _ = lopdf::Writer::write_object(&mut self.bytes, object);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    /// Changes a bookmark held back.
    fn patch(&mut self, number: ObjectId, f: impl FnOnce(&mut Dictionary)) -> Result<(), String> {
        match self.pending.get_mut(&number.0) {
            Some(Object::Dictionary(d)) => {
                f(d);
                Ok(())
            }
            _ => Err(format!("bookmark {} is not in the pack", number.0)),
        }
    }

    /// The cross-reference table and trailer after the objects.
    fn finish(mut self, trailer: &Dictionary) -> Vec<u8> {
        let mut pending: Vec<(u32, Object)> =
            std::mem::take(&mut self.pending).into_iter().collect();
        pending.sort_by_key(|(n, _)| *n);
        for (n, mut object) in pending {
            self.emit(n, &mut object);
        }
        let size = self.offsets.len().max(1);
        let xref = self.bytes.len();
        let _ = write!(self.bytes, "xref\n0 {size}\n");
        // Free numbers are chained from 0, as a cross-reference table lists them.
        let free: Vec<usize> = (1..size).filter(|&n| self.offsets[n].is_none()).collect();
        let mut next_free = free.iter().copied().chain([0]);
        let _ = writeln!(self.bytes, "{:010} 65535 f ", next_free.next().unwrap_or(0));
        for n in 1..size {
            match self.offsets[n] {
                Some(offset) => {
                    let _ = writeln!(self.bytes, "{offset:010} 00000 n ");
                }
                None => {
                    let _ = writeln!(self.bytes, "{:010} 00001 f ", next_free.next().unwrap_or(0));
                }
            }
        }
        let mut trailer = trailer.clone();
        trailer.set("Size", size as i64);
        self.bytes.extend_from_slice(b"trailer\n");
        let _ = lopdf::Writer::write_object(&mut self.bytes, &Object::Dictionary(trailer));
        let _ = write!(self.bytes, "\nstartxref\n{xref}\n%%EOF");
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's content as Typst writes it: header, body and footer.
    const PAGE: &[u8] = b"/Artifact<</Attached[/Top]/Subtype/Header/Type/Pagination>>BDC\n\
        q 1 0 0 -1 62 791 cm/c0 cs 0.2 scn\nBT/f0 9 Tf[<0001>]TJ\nET\nQ\nEMC\
        /P<</MCID 0>>BDC\nBT/f0 12 Tf[(EMC \\) BDC)]TJ\nET\nEMC\
        /Artifact<</Attached[/Bottom]/Subtype/Footer/Type/Pagination>>BDC\n\
        q 1 0 0 -1 274 41 cm/c0 cs 0.2 scn\nBT 0 Tr/f0 9 Tf[<0035>]TJ\nET\nQ\nEMC\n";

    #[test]
    fn a_page_loses_its_footer_and_keeps_the_rest() {
        let out = without_footer(PAGE);
        let text = String::from_utf8_lossy(&out);
        assert!(
            !text.contains("Footer") && !text.contains("<0035>"),
            "{text}"
        );
        assert!(text.contains("/Subtype/Header") && text.contains("(EMC \\) BDC)"));
        assert!(text.ends_with("ET\nEMC\n"), "{text}");
        // Marked content still balances.
        let ops: Vec<&[u8]> = tokens(&out)
            .filter(|t| t.0 == Token::Operator)
            .map(|(_, s, e)| &out[s..e])
            .collect();
        let opened = ops
            .iter()
            .filter(|o| matches!(**o, b"BDC" | b"BMC"))
            .count();
        assert_eq!(opened, ops.iter().filter(|o| **o == b"EMC").count());
        assert_eq!(opened, 2);
    }

    #[test]
    fn a_footer_with_marked_content_inside_goes_whole() {
        let page = b"q Q /Artifact<</Subtype/Footer>>BDC /Span<</ActualText(x)>>BDC BT ET EMC EMC 1 0 0 RG";
        assert_eq!(without_footer(page), b"q Q 1 0 0 RG");
        assert_eq!(without_footer(b"q Q"), b"q Q");
    }

    #[test]
    fn resource_names_are_renamed_only_where_they_are_names() {
        let names: HashSet<Vec<u8>> = [b"f0".to_vec(), b"c0".to_vec()].into_iter().collect();
        let out = renamed(
            b"/Artifact<</Type/Pagination>>BDC/c0 cs BT/f0 9 Tf[(/f0)]TJ ET/f01 Tf EMC",
            &names,
            STAND_IN,
        );
        assert_eq!(
            String::from_utf8_lossy(&out),
            "/Artifact<</Type/Pagination>>BDC/StandInc0 cs BT/StandInf0 9 Tf[(/f0)]TJ ET/f01 Tf EMC"
        );
    }

    #[test]
    fn a_named_destination_becomes_the_place_it_names() {
        let mut doc = Document::with_version("1.7");
        let page = doc.add_object(Dictionary::from_iter([("Type", Object::from("Page"))]));
        let place = Object::Array(vec![
            page.into(),
            "XYZ".into(),
            Object::Real(10.0),
            Object::Real(20.0),
            Object::Null,
        ]);
        let named = doc.add_object(place.clone());
        let link = doc.add_object(Dictionary::from_iter([
            ("Subtype", Object::from("Link")),
            ("Dest", Object::string_literal("intro")),
        ]));
        let action = doc.add_object(Dictionary::from_iter([(
            "A",
            Object::Dictionary(Dictionary::from_iter([
                ("S", Object::from("GoTo")),
                ("D", Object::string_literal("intro")),
            ])),
        )]));
        let catalog = Dictionary::from_iter([(
            "Names",
            Object::Dictionary(Dictionary::from_iter([(
                "Dests",
                Object::Dictionary(Dictionary::from_iter([(
                    "Names",
                    Object::Array(vec![Object::string_literal("intro"), named.into()]),
                )])),
            )])),
        )]);
        resolve_named_destinations(&mut doc, &catalog);
        let dest = doc.get_dictionary(link).unwrap().get(b"Dest").unwrap();
        assert_eq!(*dest, place);
        let a = doc.get_dictionary(action).unwrap().get(b"A").unwrap();
        assert_eq!(*a.as_dict().unwrap().get(b"D").unwrap(), place);
    }
}
