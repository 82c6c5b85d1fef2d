//! Test support: write fixture workbooks and projects, run the real binary, read PDFs back.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

pub mod tags;

/// One cell of a fixture workbook.
#[derive(Debug, Clone)]
pub enum V {
    /// Text.
    T(String),
    /// A real date cell.
    D(u16, u8, u8),
    /// A number.
    N(f64),
    /// TRUE or FALSE.
    B(bool),
    /// A formula whose cached result is an error value such as "#REF!".
    Err(String),
    /// Nothing.
    E,
}

/// Text cell.
pub fn t(s: &str) -> V {
    V::T(s.to_owned())
}

/// A fixture workbook: named sheets of rows.
#[derive(Debug, Clone, Default)]
pub struct Book {
    pub sheets: Vec<(String, Vec<Vec<V>>)>,
}

impl Book {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a sheet from rows of cells.
    pub fn sheet(mut self, name: &str, rows: Vec<Vec<V>>) -> Self {
        self.sheets.push((name.to_owned(), rows));
        self
    }

    /// Adds a sheet of text rows.
    pub fn text_sheet(self, name: &str, rows: &[&[&str]]) -> Self {
        let rows = rows.iter().map(|r| r.iter().map(|c| if c.is_empty() { V::E } else { t(c) }).collect()).collect();
        self.sheet(name, rows)
    }

    /// Adds a Cover sheet from field / value pairs (a value "date:YYYY-MM-DD" is a date cell).
    pub fn cover(self, fields: &[(&str, &str)]) -> Self {
        let mut rows = vec![vec![t("Field"), t("Value")]];
        for (f, v) in fields {
            let value = match v.strip_prefix("date:") {
                Some(d) => {
                    let p: Vec<&str> = d.split('-').collect();
                    V::D(p[0].parse().unwrap(), p[1].parse().unwrap(), p[2].parse().unwrap())
                }
                None => t(v),
            };
            rows.push(vec![t(f), value]);
        }
        self.sheet("Cover", rows)
    }

    /// The workbook as .xlsx bytes.
    pub fn bytes(&self) -> Vec<u8> {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("d mmmm yyyy");
        for (name, rows) in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            for (r, row) in rows.iter().enumerate() {
                for (c, v) in row.iter().enumerate() {
                    let (r, c) = (r as u32, c as u16);
                    match v {
                        V::T(s) => {
                            ws.write_string(r, c, s).unwrap();
                        }
                        V::D(y, m, d) => {
                            ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
                        }
                        V::N(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        V::B(b) => {
                            ws.write_boolean(r, c, *b).unwrap();
                        }
                        V::Err(e) => {
                            ws.write_formula(r, c, rust_xlsxwriter::Formula::new("=1/0").set_result(e)).unwrap();
                        }
                        V::E => {}
                    }
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }

    /// Writes the workbook to `path`.
    pub fn write(&self, path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, self.bytes()).unwrap();
    }
}

/// A minimal valid committee report.
pub fn report(title: &str) -> Book {
    Book::new()
        .cover(&[
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2026-03-04"),
            ("Item", "7"),
            ("Report of", "Head of strategy"),
            ("Purpose", "To agree the plan."),
            ("Recommendations", "Agree the plan\nNote the risks"),
        ])
        .text_sheet("Report", &[&["Heading", "Subheading", "Text"], &["Background", "", "First paragraph."], &["", "", "Second paragraph."]])
}

/// A fresh project folder with an inputs/ folder.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("inputs")).unwrap();
    dir
}

/// Runs the papers binary with `args` in `dir`.
pub fn papers(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_papers")).args(args).current_dir(dir).env("NO_COLOR", "1").output().unwrap()
}

/// Stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// All text of a PDF, page after page.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pdf_text_bytes(&bytes)
}

/// All text of PDF bytes.
pub fn pdf_text_bytes(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap()
}

/// All text of a PDF as a screen reader gets it: each mark's ActualText ("Yes", "marked")
/// instead of its glyphs, page after page.
pub fn pdf_spoken_text(path: &Path) -> String {
    tags::Tagged::read(path).runs.iter().map(|r| r.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Text with all whitespace removed, for comparing across line breaks.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The PDF path for an input under a project.
pub fn out(dir: &Path, rel: &str) -> PathBuf {
    dir.join("output").join(rel)
}

/// The text of each page of a PDF, in page order.
pub fn pdf_page_texts(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.get_pages().keys().map(|n| doc.extract_text(&[*n]).unwrap_or_default()).collect()
}

/// A PDF's bookmarks (its outline) as (depth, title), in order; depth 0 is the top level.
pub fn pdf_bookmarks(path: &Path) -> Vec<(usize, String)> {
    fn walk(doc: &lopdf::Document, first: Option<&lopdf::Object>, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item.get(b"Title").ok().and_then(|t| lopdf::decode_text_string(t).ok()).unwrap_or_default();
            out.push((depth, title));
            walk(doc, item.get(b"First").ok(), depth + 1, out);
            next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let doc = lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let outlines = doc.catalog().unwrap().get(b"Outlines").ok().and_then(|o| match o {
        lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
        other => other.as_dict().ok(),
    });
    if let Some(outlines) = outlines {
        walk(&doc, outlines.get(b"First").ok(), 0, &mut out);
    }
    out
}
