//! The Typst `World` Papers compiles in: one generated main file, an allow-list of virtual
//! files, the bundled fonts, and a fixed date. No file system, no packages, no network.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The virtual path of the generated main file.
pub const MAIN: &str = "/main.typ";

/// A file id for a fixed virtual path. Ids are interned globally and never freed, so Papers
/// only ever uses a small fixed set of paths, the same for every document.
pub fn id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    )
    .intern()
}

/// The standard library, built once per process, with Typst's accessibility extras
/// (`pdf.header-cell` for row headers).
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let features = [typst::Feature::A11yExtras].into_iter().collect();
        LazyHash::new(Library::builder().with_features(features).build())
    })
}

/// One compilation's world.
pub struct PapersWorld {
    /// The generated main file.
    main: Source,
    /// Typst sources other than main, by id (template style modules, pack parts).
    sources: HashMap<FileId, Source>,
    /// Binary files the document may read (a logo), by id.
    files: HashMap<FileId, Bytes>,
    /// What `datetime.today()` returns: the document's date, never the wall clock (`None`:
    /// the document has no date).
    today: Option<Datetime>,
}

impl PapersWorld {
    /// A world whose main file is `main`, dated `today`.
    pub fn new(main: String, today: Option<crate::base::date::Date>) -> Self {
        Self {
            main: Source::new(id(MAIN), main),
            sources: HashMap::new(),
            files: HashMap::new(),
            today: today.and_then(|d| Datetime::from_ymd(d.year, d.month, d.day)),
        }
    }

    /// Adds a Typst source at a fixed virtual path.
    pub fn with_source(mut self, path: &str, text: String) -> Self {
        let id = id(path);
        self.sources.insert(id, Source::new(id, text));
        self
    }

    /// Adds a Typst source already parsed (its id says where it is).
    pub fn with_parsed(mut self, source: Source) -> Self {
        self.sources.insert(source.id(), source);
        self
    }

    /// Adds a binary file at a fixed virtual path.
    pub fn with_file(mut self, path: &str, bytes: Vec<u8>) -> Self {
        self.files.insert(id(path), Bytes::new(bytes));
        self
    }

    /// The source text of a file id, for error messages.
    pub fn text(&self, id: FileId) -> Option<&str> {
        if id == self.main.id() {
            return Some(self.main.text());
        }
        self.sources.get(&id).map(Source::text)
    }
}

impl World for PapersWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        crate::base::fonts::book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| not_allowed(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.files.get(&id) {
            return Ok(bytes.clone());
        }
        self.source(id)
            .map(|s| Bytes::from_string(s.text().to_owned()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        crate::base::fonts::store().font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_allowed(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
