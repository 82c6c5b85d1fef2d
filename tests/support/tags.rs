//! Reading a PDF as assistive technology does: its structure tree, and every text run on its
//! pages with the marked content that ties the run to the tree (or marks it an artifact).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One run of text as a text-showing operator draws it.
#[derive(Debug, Clone)]
pub struct Run {
    /// Zero-based page.
    pub page: usize,
    /// The marked-content id that puts the run in the structure tree.
    pub mcid: Option<i64>,
    /// Whether the run is inside an artifact, and the artifact's /Type if any.
    pub artifact: Option<String>,
    /// The text: the ActualText of the marked content around it, else its glyphs' Unicode.
    pub text: String,
    /// The text its glyphs map to (ToUnicode), as a reader that ignores ActualText reads it.
    pub glyphs: String,
    /// Where it starts and ends on the page, and its font size (all in points).
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
}

/// One structure element.
#[derive(Debug, Clone)]
pub struct Elem {
    /// The structure type (role-mapped: "P", "H2", "Table", "TH" ...).
    pub role: String,
    /// Its attribute dictionaries, merged (Scope, ListNumbering ...).
    pub attrs: HashMap<String, String>,
    /// /Alt, /ActualText.
    pub alt: Option<String>,
    /// Its /ID, which a table cell's /Headers names.
    pub id: Option<String>,
    /// The /Headers of a table cell: the /ID of each of its header cells.
    pub headers: Vec<String>,
    /// Its kids in order.
    pub kids: Vec<Kid>,
}

/// A kid of a structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element, by index in [`Tagged::elems`].
    Elem(usize),
    /// Marked content on a page.
    Content { page: usize, mcid: i64 },
}

/// A PDF's structure tree and text runs.
#[derive(Debug)]
pub struct Tagged {
    /// Every element; the first is the root's first kid (the Document).
    pub elems: Vec<Elem>,
    /// The top-level elements.
    pub roots: Vec<usize>,
    /// Every text run, page by page, in content order.
    pub runs: Vec<Run>,
}

fn name(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

fn text_string(o: &Object) -> Option<String> {
    lopdf::decode_text_string(o).ok()
}

impl Tagged {
    /// Reads the tree and the runs of a PDF file.
    pub fn read(path: &std::path::Path) -> Tagged {
        let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let pages: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let page_index: HashMap<ObjectId, usize> =
            pages.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut tagged = Tagged {
            elems: Vec::new(),
            roots: Vec::new(),
            runs: Vec::new(),
        };
        let root = doc
            .catalog()
            .unwrap()
            .get(b"StructTreeRoot")
            .and_then(|o| doc.dereference(o))
            .map(|(_, o)| o.as_dict().unwrap().clone());
        let root = root.unwrap_or_else(|_| panic!("{}: no structure tree", path.display()));
        let role_map: HashMap<String, String> = root
            .get_deref(b"RoleMap", &doc)
            .and_then(Object::as_dict)
            .map(|d| {
                d.iter()
                    .filter_map(|(k, v)| Some((String::from_utf8_lossy(k).into_owned(), name(v)?)))
                    .collect()
            })
            .unwrap_or_default();
        if let Ok(k) = root.get(b"K") {
            let roots = tagged.kids(&doc, k, None, &page_index, &role_map);
            tagged.roots = roots
                .into_iter()
                .filter_map(|k| if let Kid::Elem(i) = k { Some(i) } else { None })
                .collect();
        }
        for (i, id) in pages.iter().enumerate() {
            read_page(&doc, *id, i, &mut tagged.runs);
        }
        tagged
    }

    fn kids(
        &mut self,
        doc: &Document,
        k: &Object,
        page: Option<usize>,
        pages: &HashMap<ObjectId, usize>,
        roles: &HashMap<String, String>,
    ) -> Vec<Kid> {
        let list: Vec<&Object> = match doc.dereference(k).map(|(_, o)| o) {
            Ok(Object::Array(a)) => a.iter().collect(),
            _ => vec![k],
        };
        let mut out = Vec::new();
        for kid in list {
            match kid {
                Object::Integer(mcid) => out.push(Kid::Content {
                    page: page.expect("an MCID with a page"),
                    mcid: *mcid,
                }),
                _ => {
                    let dict = doc.dereference(kid).unwrap().1.as_dict().unwrap();
                    let kid_page = dict
                        .get(b"Pg")
                        .ok()
                        .and_then(|p| p.as_reference().ok())
                        .and_then(|id| pages.get(&id).copied())
                        .or(page);
                    match dict.get(b"Type").ok().and_then(name).as_deref() {
                        Some("MCR") => out.push(Kid::Content {
                            page: kid_page.unwrap(),
                            mcid: dict.get(b"MCID").unwrap().as_i64().unwrap(),
                        }),
                        Some("OBJR") => {}
                        _ => out.push(Kid::Elem(self.elem(doc, dict, kid_page, pages, roles))),
                    }
                }
            }
        }
        out
    }

    fn elem(
        &mut self,
        doc: &Document,
        dict: &Dictionary,
        page: Option<usize>,
        pages: &HashMap<ObjectId, usize>,
        roles: &HashMap<String, String>,
    ) -> usize {
        let mut role = dict.get(b"S").ok().and_then(name).unwrap_or_default();
        while let Some(mapped) = roles.get(&role).filter(|m| **m != role) {
            role = mapped.clone();
        }
        let mut attrs = HashMap::new();
        let mut headers = Vec::new();
        if let Ok(a) = dict
            .get(b"A")
            .and_then(|a| doc.dereference(a).map(|(_, o)| o))
        {
            let list: Vec<&Object> = match a {
                Object::Array(v) => v.iter().collect(),
                other => vec![other],
            };
            for attr in list {
                if let Ok((_, Object::Dictionary(d))) = doc.dereference(attr) {
                    if let Ok(list) = d.get_deref(b"Headers", doc).and_then(Object::as_array) {
                        headers.extend(list.iter().filter_map(|h| match h {
                            Object::String(bytes, _) => {
                                Some(String::from_utf8_lossy(bytes).into_owned())
                            }
                            _ => None,
                        }));
                    }
                    for (k, v) in d.iter() {
                        let v = name(v)
                            .or_else(|| text_string(v))
                            .unwrap_or_else(|| format!("{v:?}"));
                        attrs.insert(String::from_utf8_lossy(k).into_owned(), v);
                    }
                }
            }
        }
        let alt = dict
            .get(b"Alt")
            .ok()
            .and_then(text_string)
            .or_else(|| dict.get(b"ActualText").ok().and_then(text_string));
        let index = self.elems.len();
        self.elems.push(Elem {
            role,
            attrs,
            alt,
            id: dict.get(b"ID").ok().and_then(|o| match o {
                Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
                _ => None,
            }),
            headers,
            kids: Vec::new(),
        });
        let kids = match dict.get(b"K") {
            Ok(k) => self.kids(doc, k, page, pages, roles),
            Err(_) => Vec::new(),
        };
        self.elems[index].kids = kids;
        index
    }

    /// The text runs of one marked content.
    pub fn content(&self, page: usize, mcid: i64) -> impl Iterator<Item = &Run> {
        self.runs
            .iter()
            .filter(move |r| r.page == page && r.mcid == Some(mcid) && r.artifact.is_none())
    }

    /// Every run under an element, in reading order.
    pub fn runs_under(&self, elem: usize) -> Vec<&Run> {
        let mut out = Vec::new();
        for kid in &self.elems[elem].kids {
            match *kid {
                Kid::Elem(e) => out.extend(self.runs_under(e)),
                Kid::Content { page, mcid } => out.extend(self.content(page, mcid)),
            }
        }
        out
    }

    /// The text of an element as it is read: its Alt if it has one, else its runs.
    pub fn text(&self, elem: usize) -> String {
        if let Some(alt) = &self.elems[elem].alt {
            return alt.clone();
        }
        self.runs_under(elem)
            .iter()
            .map(|r| r.text.as_str())
            .collect()
    }

    /// Every element in reading order (depth first), with its parent.
    pub fn walk(&self) -> Vec<(usize, Option<usize>)> {
        fn go(t: &Tagged, e: usize, parent: Option<usize>, out: &mut Vec<(usize, Option<usize>)>) {
            out.push((e, parent));
            for kid in &t.elems[e].kids {
                if let Kid::Elem(k) = kid {
                    go(t, *k, Some(e), out);
                }
            }
        }
        let mut out = Vec::new();
        for &r in &self.roots {
            go(self, r, None, &mut out);
        }
        out
    }
}

/// A font as far as reading its text goes: its Unicode mapping, its code length and widths.
struct Font<'a> {
    encoding: Option<lopdf::Encoding<'a>>,
    two_byte: bool,
    widths: BTreeMap<u32, f32>,
    default_width: f32,
}

fn font<'a>(doc: &'a Document, dict: &'a Dictionary) -> Font<'a> {
    let two_byte = dict.get(b"Subtype").ok().and_then(name).as_deref() == Some("Type0");
    let encoding = match dict
        .get_deref(b"ToUnicode", doc)
        .and_then(Object::as_stream)
    {
        Ok(_) => {
            // Read through the ToUnicode map only, whatever /Encoding says.
            let mut plain = dict.clone();
            plain.remove(b"Encoding");
            let plain: &'a Dictionary = Box::leak(Box::new(plain));
            plain.get_font_encoding(doc).ok()
        }
        Err(_) => dict.get_font_encoding(doc).ok(),
    };
    let mut widths = BTreeMap::new();
    let mut default_width = 1000.0;
    let num = |o: &Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
            .unwrap_or(0.0)
    };
    if two_byte {
        let cid = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| doc.dereference(&a[0]).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        if let Some(cid) = cid {
            default_width = cid.get(b"DW").map(num).unwrap_or(1000.0);
            if let Ok(w) = cid.get_deref(b"W", doc).and_then(Object::as_array) {
                let mut i = 0;
                while i + 1 < w.len() {
                    let first = num(&w[i]) as u32;
                    match doc.dereference(&w[i + 1]).map(|(_, o)| o) {
                        Ok(Object::Array(list)) => {
                            for (j, v) in list.iter().enumerate() {
                                widths.insert(first + j as u32, num(v));
                            }
                            i += 2;
                        }
                        _ => {
                            let (last, width) = (num(&w[i + 1]) as u32, num(&w[i + 2]));
                            for c in first..=last {
                                widths.insert(c, width);
                            }
                            i += 3;
                        }
                    }
                }
            }
        }
    } else if let Ok(w) = dict.get_deref(b"Widths", doc).and_then(Object::as_array) {
        let first = dict.get(b"FirstChar").map(num).unwrap_or(0.0) as u32;
        for (j, v) in w.iter().enumerate() {
            widths.insert(first + j as u32, num(v));
        }
    }
    Font {
        encoding,
        two_byte,
        widths,
        default_width,
    }
}

type Matrix = [f32; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One open marked content: its MCID, whether it is an artifact (and of which type), and its
/// ActualText.
#[derive(Clone)]
struct Marked {
    mcid: Option<i64>,
    artifact: Option<String>,
    actual: Option<String>,
    /// Runs already given the ActualText (it is read once, for all its glyphs).
    spoken: bool,
}

fn read_page(doc: &Document, page_id: ObjectId, page: usize, runs: &mut Vec<Run>) {
    let fonts: HashMap<Vec<u8>, Font> = doc
        .get_page_fonts(page_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, d)| (k, font(doc, d)))
        .collect();
    let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
    let num = |o: &Object| {
        o.as_float()
            .ok()
            .or_else(|| o.as_i64().ok().map(|i| i as f32))
            .unwrap_or(0.0)
    };
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut saved = Vec::new();
    let (mut tm, mut lm) = (ctm, ctm);
    let (mut font_name, mut size, mut leading) = (Vec::new(), 0.0_f32, 0.0_f32);
    let mut marked: Vec<Marked> = Vec::new();
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().unwrap_or(ctm),
            "cm" => {
                ctm = mul(
                    &[
                        num(&o[0]),
                        num(&o[1]),
                        num(&o[2]),
                        num(&o[3]),
                        num(&o[4]),
                        num(&o[5]),
                    ],
                    &ctm,
                )
            }
            "BT" => {
                tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                lm = tm;
            }
            "Tm" => {
                tm = [
                    num(&o[0]),
                    num(&o[1]),
                    num(&o[2]),
                    num(&o[3]),
                    num(&o[4]),
                    num(&o[5]),
                ];
                lm = tm;
            }
            "Td" | "TD" => {
                if op.operator == "TD" {
                    leading = -num(&o[1]);
                }
                lm = mul(&[1.0, 0.0, 0.0, 1.0, num(&o[0]), num(&o[1])], &lm);
                tm = lm;
            }
            "TL" => leading = num(&o[0]),
            "T*" => {
                lm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &lm);
                tm = lm;
            }
            "Tf" => {
                font_name = o[0].as_name().unwrap().to_vec();
                size = num(&o[1]);
            }
            "BDC" | "BMC" => {
                let tag = name(&o[0]).unwrap_or_default();
                let props = o.get(1).and_then(|p| match p {
                    Object::Dictionary(d) => Some(d.clone()),
                    Object::Name(n) => doc
                        .get_page_resources(page_id)
                        .ok()
                        .and_then(|(r, _)| r.cloned())
                        .and_then(|r| {
                            r.get_deref(b"Properties", doc)
                                .ok()
                                .and_then(|p| p.as_dict().ok())
                                .and_then(|p| p.get_deref(n, doc).ok())
                                .and_then(|d| d.as_dict().ok())
                                .cloned()
                        }),
                    _ => None,
                });
                let parent = marked.last().cloned();
                let mut m = Marked {
                    mcid: parent.as_ref().and_then(|p| p.mcid),
                    artifact: parent.as_ref().and_then(|p| p.artifact.clone()),
                    actual: None,
                    spoken: false,
                };
                if let Some(p) = &props {
                    if let Ok(id) = p.get(b"MCID").and_then(Object::as_i64) {
                        m.mcid = Some(id);
                    }
                    m.actual = p.get(b"ActualText").ok().and_then(text_string);
                }
                if tag == "Artifact" {
                    m.artifact = Some(
                        props
                            .as_ref()
                            .and_then(|p| p.get(b"Type").ok().and_then(name))
                            .unwrap_or_else(|| "Other".to_owned()),
                    );
                }
                marked.push(m);
            }
            "EMC" => {
                marked.pop();
            }
            "Tj" | "TJ" | "'" | "\"" => {
                if matches!(op.operator.as_str(), "'" | "\"") {
                    lm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &lm);
                    tm = lm;
                }
                let f = fonts.get(&font_name);
                let items: Vec<&Object> = match op.operator.as_str() {
                    "TJ" => o[0].as_array().unwrap().iter().collect(),
                    "\"" => vec![&o[2]],
                    _ => vec![&o[0]],
                };
                let start = apply(&mul(&tm, &ctm), 0.0, 0.0);
                let mut text = String::new();
                let mut advance = 0.0;
                for item in items {
                    match item {
                        Object::String(bytes, _) => {
                            let step = if f.is_some_and(|f| f.two_byte) { 2 } else { 1 };
                            for code in bytes.chunks(step) {
                                let c = code.iter().fold(0u32, |acc, b| acc * 256 + *b as u32);
                                if let Some(f) = f {
                                    if let Some(e) = &f.encoding {
                                        text.push_str(&e.bytes_to_string(code).unwrap_or_default());
                                    }
                                    advance += f.widths.get(&c).copied().unwrap_or(f.default_width)
                                        / 1000.0
                                        * size;
                                }
                            }
                        }
                        other => advance -= num(other) / 1000.0 * size,
                    }
                }
                let glyphs = text.clone();
                let end = apply(&mul(&tm, &ctm), advance, 0.0);
                tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], &tm);
                let scale = (ctm[0] * tm[0] + ctm[2] * tm[1])
                    .abs()
                    .max((ctm[1] * tm[0] + ctm[3] * tm[1]).abs());
                let mut m = marked.last().cloned().unwrap_or(Marked {
                    mcid: None,
                    artifact: None,
                    actual: None,
                    spoken: false,
                });
                // An ActualText replaces the glyphs of its whole marked content: read it once.
                if let Some(idx) = marked.iter().rposition(|m| m.actual.is_some()) {
                    text = if marked[idx].spoken {
                        String::new()
                    } else {
                        marked[idx].actual.clone().unwrap()
                    };
                    marked[idx].spoken = true;
                    m.mcid = marked.last().unwrap().mcid;
                }
                runs.push(Run {
                    page,
                    mcid: m.mcid,
                    artifact: m.artifact,
                    text,
                    glyphs,
                    x0: start.0,
                    x1: end.0,
                    y: start.1,
                    size: size * scale.max(f32::EPSILON),
                });
            }
            _ => {}
        }
    }
}

/// One cell of a table as a reader places it: its element, its row and the columns it spans.
#[derive(Debug, Clone)]
pub struct Cell {
    pub elem: usize,
    pub row: usize,
    pub columns: std::ops::Range<usize>,
    /// Whether its row is a header or footer row (under THead or TFoot).
    pub head: bool,
}

impl Tagged {
    /// The rows of a table element (under it directly or in THead / TBody / TFoot), each row's
    /// cells with the columns they occupy, rows spanned by a cell above taken into account.
    pub fn table_cells(&self, table: usize) -> Vec<Cell> {
        let mut rows = Vec::new();
        for kid in &self.elems[table].kids {
            let Kid::Elem(k) = *kid else { continue };
            match self.elems[k].role.as_str() {
                "TR" => rows.push((k, false)),
                group @ ("THead" | "TBody" | "TFoot") => {
                    for kid in &self.elems[k].kids {
                        if let Kid::Elem(r) = *kid
                            && self.elems[r].role == "TR"
                        {
                            rows.push((r, group != "TBody"));
                        }
                    }
                }
                _ => {}
            }
        }
        let span = |e: usize, key: &str| {
            self.elems[e]
                .attrs
                .get(key)
                .and_then(|v| {
                    v.trim_start_matches("Integer(")
                        .trim_end_matches(')')
                        .parse()
                        .ok()
                })
                .unwrap_or(1usize)
        };
        let mut taken: Vec<Vec<bool>> = Vec::new();
        let mut out = Vec::new();
        for (y, (row, head)) in rows.into_iter().enumerate() {
            taken.resize_with(taken.len().max(y + 1), Vec::new);
            let mut x = 0;
            for kid in &self.elems[row].kids {
                let Kid::Elem(c) = *kid else { continue };
                if !matches!(self.elems[c].role.as_str(), "TH" | "TD") {
                    continue;
                }
                while taken[y].get(x).copied().unwrap_or(false) {
                    x += 1;
                }
                let (cols, rows) = (span(c, "ColSpan"), span(c, "RowSpan"));
                for yy in y..y + rows {
                    taken.resize_with(taken.len().max(yy + 1), Vec::new);
                    let line = &mut taken[yy];
                    line.resize(line.len().max(x + cols), false);
                    for slot in &mut line[x..x + cols] {
                        *slot = true;
                    }
                }
                out.push(Cell {
                    elem: c,
                    row: y,
                    columns: x..x + cols,
                    head,
                });
                x += cols;
            }
        }
        out
    }

    /// Every way a table of this PDF fails a listener, named: a data cell whose `/Headers` do
    /// not name a column header of its column (when the table has column headers), the row
    /// header of its row, or the group row it sits under (a full-width header row in the
    /// body, such as an action plan's workstream); and a table of column headers whose first
    /// column is names (every body row starts with distinct words) without row headers.
    pub fn unheard_cells(&self) -> Vec<String> {
        let mut out = Vec::new();
        let scope = |e: usize| {
            self.elems[e]
                .attrs
                .get("Scope")
                .cloned()
                .unwrap_or_default()
        };
        for (table, _) in self.walk() {
            if self.elems[table].role != "Table" {
                continue;
            }
            let cells = self.table_cells(table);
            let width = cells.iter().map(|c| c.columns.end).max().unwrap_or(0);
            let is_th = |c: &Cell| self.elems[c.elem].role == "TH";
            let column_th =
                |c: &Cell| is_th(c) && matches!(scope(c.elem).as_str(), "Column" | "Both");
            let row_th = |c: &Cell| is_th(c) && matches!(scope(c.elem).as_str(), "Row" | "Both");
            // A group row: one header cell across the whole table, in the body.
            let group = |c: &Cell| {
                is_th(c)
                    && !c.head
                    && c.columns == (0..width)
                    && width > 1
                    && cells.iter().filter(|o| o.row == c.row).count() == 1
            };
            let has_columns = cells.iter().any(|c| column_th(c) && !group(c));
            let label = |e: usize| {
                let text = self.text(e);
                let text = text.trim();
                if text.chars().count() > 40 {
                    format!("{}...", text.chars().take(40).collect::<String>())
                } else {
                    text.to_owned()
                }
            };
            for cell in cells
                .iter()
                .filter(|c| self.elems[c.elem].role == "TD" && !c.head)
            {
                let said: Vec<&Cell> = cells
                    .iter()
                    .filter(|h| {
                        self.elems[h.elem]
                            .id
                            .as_ref()
                            .is_some_and(|id| self.elems[cell.elem].headers.contains(id))
                    })
                    .collect();
                let what = format!("{:?} in row {}", label(cell.elem), cell.row + 1);
                if has_columns
                    && !said.iter().any(|h| {
                        column_th(h)
                            && !group(h)
                            && h.columns.start < cell.columns.end
                            && cell.columns.start < h.columns.end
                    })
                {
                    out.push(format!(
                        "data cell {what} is heard without its column header"
                    ));
                }
                for h in cells.iter().filter(|h| h.row == cell.row && row_th(h)) {
                    if !said.iter().any(|s| s.elem == h.elem) {
                        out.push(format!(
                            "data cell {what} is heard without its row header {:?}",
                            label(h.elem)
                        ));
                    }
                }
                if let Some(g) = cells
                    .iter()
                    .filter(|g| group(g) && g.row < cell.row)
                    .max_by_key(|g| g.row)
                    && !said.iter().any(|s| s.elem == g.elem)
                {
                    out.push(format!(
                        "data cell {what} is heard without its group {:?}",
                        label(g.elem)
                    ));
                }
            }
            // Body rows that start with a cell (group rows aside).
            let firsts: Vec<&Cell> = cells
                .iter()
                .filter(|c| {
                    // Rows of header cells only (the header row, a group row) name no row.
                    let header_row = cells.iter().filter(|o| o.row == c.row).all(&is_th);
                    !c.head && c.columns.start == 0 && !header_row && width > 1
                })
                .collect();
            let texts: Vec<String> = firsts
                .iter()
                .map(|c| self.text(c.elem).trim().to_owned())
                .collect();
            let distinct: std::collections::HashSet<&String> = texts.iter().collect();
            let named = has_columns
                && firsts.len() >= 2
                && distinct.len() == texts.len()
                && texts.iter().all(|t| {
                    t.chars().next().is_some_and(char::is_alphabetic)
                        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                });
            if named {
                for c in firsts.iter().filter(|c| !row_th(c)) {
                    out.push(format!(
                        "the table of {:?} names its rows in its first column, but {:?} is not a row header",
                        label(table),
                        label(c.elem)
                    ));
                }
            }
        }
        out
    }
}
