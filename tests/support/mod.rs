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
        let rows = rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| if c.is_empty() { V::E } else { t(c) })
                    .collect()
            })
            .collect();
        self.sheet(name, rows)
    }

    /// Adds a Cover sheet from field / value pairs (a value "date:YYYY-MM-DD" is a date cell).
    pub fn cover(self, fields: &[(&str, &str)]) -> Self {
        let mut rows = vec![vec![t("Field"), t("Value")]];
        for (f, v) in fields {
            let value = match v.strip_prefix("date:") {
                Some(d) => {
                    let p: Vec<&str> = d.split('-').collect();
                    V::D(
                        p[0].parse().unwrap(),
                        p[1].parse().unwrap(),
                        p[2].parse().unwrap(),
                    )
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
                            ws.write_datetime_with_format(
                                r,
                                c,
                                ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                                &date,
                            )
                            .unwrap();
                        }
                        V::N(n) => {
                            ws.write_number(r, c, *n).unwrap();
                        }
                        V::B(b) => {
                            ws.write_boolean(r, c, *b).unwrap();
                        }
                        V::Err(e) => {
                            ws.write_formula(
                                r,
                                c,
                                rust_xlsxwriter::Formula::new("=1/0").set_result(e),
                            )
                            .unwrap();
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
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", "First paragraph."],
                &["", "", "Second paragraph."],
            ],
        )
}

/// A fresh project folder with an inputs/ folder.
pub fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("inputs")).unwrap();
    dir
}

/// Runs the papers binary with `args` in `dir`. After a `build`, every page of every PDF
/// under the project's output/ is checked for words printed on top of each other, so that
/// every fixture of every test is held to it.
pub fn papers(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_papers"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if args.first() == Some(&"build") {
        // The project is the first argument that is neither a flag nor a flag's value.
        let valued = [
            "--jobs",
            "--today",
            "--message-format",
            "--archive",
            "--shard",
        ];
        let project = args
            .iter()
            .enumerate()
            .skip(1)
            .find(|(i, a)| !a.starts_with('-') && !valued.contains(&args[i - 1]))
            .map_or_else(|| dir.to_path_buf(), |(_, p)| dir.join(p));
        assert_no_overlaps(&project.join("output"));
    }
    out
}

/// Every PDF under `dir`, at any depth, in path order.
pub fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect()
}

/// Every file under `dir`, at any depth, in path order.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Panics naming every pair of overlapping words in the PDFs under `dir`.
pub fn assert_no_overlaps(dir: &Path) {
    let mut found = Vec::new();
    for pdf in pdfs_under(dir) {
        let Some(overlaps) = overlapping_words(&pdf) else {
            return;
        };
        found.extend(
            overlaps
                .into_iter()
                .map(|o| format!("{}: {o}", pdf.display())),
        );
    }
    assert!(
        found.is_empty(),
        "words printed on top of each other:\n{}",
        found.join("\n")
    );
}

/// A word on a page and its box, in points from the top left.
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Every word of a PDF with its box, from `pdftotext -bbox` (poppler-utils); `None`, with a
/// loud note on stderr, when pdftotext is not installed.
pub fn pdf_words(pdf: &Path) -> Option<Vec<Word>> {
    let run = match Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(run) => run,
        Err(_) => {
            eprintln!(
                "SKIPPED: pdftotext (poppler-utils) is not installed, so {} was not checked for overlapping words",
                pdf.display()
            );
            return None;
        }
    };
    assert!(
        run.status.success(),
        "pdftotext failed on {}: {}",
        pdf.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    let html = String::from_utf8_lossy(&run.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let key = format!("{name}=\"");
        let at = tag
            .find(&key)
            .unwrap_or_else(|| panic!("no {name} in {tag}"))
            + key.len();
        tag[at..].split('"').next().unwrap().parse().unwrap()
    };
    let mut words = Vec::new();
    let mut page = 0;
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            let text = text
                .trim_end_matches("</word>")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            words.push(Word {
                page,
                text,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
            });
        }
    }
    Some(words)
}

/// Pairs of words on one page whose boxes overlap: more than 1 pt across and more than half
/// the shorter word's height (words on neighbouring lines touch, but never that much).
pub fn overlapping_words(pdf: &Path) -> Option<Vec<String>> {
    let words = pdf_words(pdf)?;
    let mut found = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in words[i + 1..].iter().take_while(|b| b.page == a.page) {
            let across = a.x1.min(b.x1) - a.x0.max(b.x0);
            let down = a.y1.min(b.y1) - a.y0.max(b.y0);
            let height = (a.y1 - a.y0).min(b.y1 - b.y0);
            if across > 1.0 && down > height * 0.5 {
                found.push(format!(
                    "page {}: \"{}\" ({:.1}, {:.1}) overlaps \"{}\" ({:.1}, {:.1})",
                    a.page, a.text, a.x0, a.y0, b.text, b.x0, b.y0
                ));
            }
        }
    }
    Some(found)
}

/// Asserts that `marker` is in no public byte: no file under `dir/output/` (raw, and as a
/// PDF's text) and nothing in `printed`. `context` says what came before, for the failure.
pub fn assert_marker_not_public(dir: &Path, marker: &str, printed: &str, context: &str) {
    for file in files_under(&dir.join("output")) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(marker),
            "{} holds the marker ({context})",
            file.display()
        );
        if file.extension().is_some_and(|e| e == "pdf") {
            assert!(
                !squash(&pdf_text(&file)).contains(&squash(marker)),
                "{} shows the marker ({context})",
                file.display()
            );
        }
    }
    assert!(
        !printed.contains(marker),
        "the run printed the marker ({context}):\n{printed}"
    );
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

/// All text of PDF bytes, a no-break space read as the space it shows (Papers glues a date's
/// words and a title to its name with them, and a search finds them as spaces).
pub fn pdf_text_bytes(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    doc.extract_text(&pages).unwrap().replace('\u{a0}', " ")
}

/// All text of a PDF as a screen reader gets it: each mark's ActualText ("Yes", "marked")
/// instead of its glyphs, page after page.
pub fn pdf_spoken_text(path: &Path) -> String {
    tags::Tagged::read(path)
        .runs
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
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
    doc.get_pages()
        .keys()
        .map(|n| {
            doc.extract_text(&[*n])
                .unwrap_or_default()
                .replace('\u{a0}', " ")
        })
        .collect()
}

/// A PDF's bookmarks (its outline) as (depth, title), in order; depth 0 is the top level.
pub fn pdf_bookmarks(path: &Path) -> Vec<(usize, String)> {
    fn walk(
        doc: &lopdf::Document,
        first: Option<&lopdf::Object>,
        depth: usize,
        out: &mut Vec<(usize, String)>,
    ) {
        let mut next = first.and_then(|o| o.as_reference().ok());
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item
                .get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default();
            out.push((depth, title));
            walk(doc, item.get(b"First").ok(), depth + 1, out);
            next = item.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    let doc = lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let outlines = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .ok()
        .and_then(|o| match o {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            other => other.as_dict().ok(),
        });
    if let Some(outlines) = outlines {
        walk(&doc, outlines.get(b"First").ok(), 0, &mut out);
    }
    out
}

/// A Papers process that stays alive (watching an empty project of its own), to stand for a
/// build holding a lock: a lock is held only while a Papers process with its pid runs, and
/// started no later than the lock. Killed when dropped.
pub struct LivePapers {
    pub child: std::process::Child,
    _project: tempfile::TempDir,
}

impl LivePapers {
    pub fn start() -> LivePapers {
        let project = project();
        let child = Command::new(env!("CARGO_BIN_EXE_papers"))
            .args(["watch", "--quiet"])
            .current_dir(project.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Started a moment before any lock that names it.
        std::thread::sleep(std::time::Duration::from_millis(300));
        LivePapers {
            child,
            _project: project,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `output/.papers.lock` of `dir` naming this process on this host, taken now; returns
    /// the start time written (seconds since 1970).
    pub fn lock(&self, dir: &Path) -> u64 {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .map(|h| h.trim().to_owned())
            .unwrap_or_default();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        std::fs::create_dir_all(dir.join("output")).unwrap();
        std::fs::write(
            dir.join("output/.papers.lock"),
            format!("pid={}\nhost={host}\nstarted={now}\n", self.pid()),
        )
        .unwrap();
        now
    }
}

impl Drop for LivePapers {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
