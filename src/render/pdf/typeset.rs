//! Compiling a world to an archival, accessible PDF: PDF/A-2a and PDF/UA-1, tagged, with a
//! fixed creation date and a stable identifier so that rebuilding gives the same bytes, its
//! dictionaries packed into object streams.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::base::date::Date;
use crate::render::pdf::world::PapersWorld;

/// A typeset PDF.
#[derive(Debug)]
pub struct Pdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst's warnings, each with its place.
    pub warnings: Vec<String>,
    /// The size of each page in points, as the file gives it (see
    /// [`crate::render::pdf::assemble::laid_out_sizes`]).
    pub sizes: Vec<(f64, f64)>,
}

/// How long one document may take to typeset before it is given up: a real paper takes well
/// under a second, a 200-page appendix a few seconds.
pub const TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs `work` (a compilation) on a thread of its own, given up after `limit`: a project's
/// own template style module that loops for ever fails its document with an error naming
/// it, and the run goes on. Typst cannot be interrupted, so the thread is left behind (it
/// ends when the process does).
pub fn bounded<R: Send + 'static>(
    name: &str,
    limit: std::time::Duration,
    work: impl FnOnce() -> Result<R, String> + Send + 'static,
) -> Result<R, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name(format!("typeset {name}"))
        .stack_size(16 << 20)
        .spawn(move || {
            let _ = tx.send(work());
        });
    if let Err(e) = spawned {
        return Err(format!("cannot start typesetting: {e}"));
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "typesetting took longer than {} s and was stopped; the template style module \
                (templates/papers.typ) or a template it uses may loop for ever",
            limit.as_secs()
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("Typst failed while typesetting (a bug: please report it with the file)".to_owned())
        }
    }
}

/// [`typeset`], given up after `limit` (see [`bounded`]).
pub fn typeset_bounded(
    world: PapersWorld,
    ident: &str,
    created: Option<Date>,
    name: &str,
    limit: std::time::Duration,
) -> Result<Pdf, String> {
    let (ident, owned) = (ident.to_owned(), name.to_owned());
    bounded(name, limit, move || {
        let (doc, warnings) = layout(&world, &owned)?;
        let bytes = export(&doc, &ident, created, |errors| {
            summarise(&world, errors, &owned)
        })?;
        let pages = doc.pages().len();
        let sizes = crate::render::pdf::assemble::laid_out_sizes(&doc);
        crate::base::discard::later(doc);
        Ok(Pdf {
            bytes,
            pages,
            warnings,
            sizes,
        })
    })
}

/// Compiles `world` and exports it as PDF/A-2a + PDF/UA-1. `ident` must be stable for the
/// document (its output path); `created` is the document's date (meeting or Cover date, or
/// the workbook's own saved date), and a document with none has no creation date.
/// `name` says in error messages which document the generated source belongs to.
pub fn typeset(
    world: &PapersWorld,
    ident: &str,
    created: Option<Date>,
    name: &str,
) -> Result<Pdf, String> {
    let (doc, warnings) = layout(world, name)?;
    let bytes = export(&doc, ident, created, |errors| {
        summarise(world, errors, name)
    })?;
    Ok(Pdf {
        bytes,
        pages: doc.pages().len(),
        warnings,
        sizes: crate::render::pdf::assemble::laid_out_sizes(&doc),
    })
}

/// Compiles `world` into its laid-out pages, with Typst's warnings.
pub fn layout(world: &PapersWorld, name: &str) -> Result<(PagedDocument, Vec<String>), String> {
    let result = {
        let _running = InFlight::start();
        typst::compile::<PagedDocument>(world)
    };
    let warnings = result
        .warnings
        .iter()
        .map(|d| describe(world, d, name))
        .collect();
    let doc = result
        .output
        .map_err(|errors| summarise(world, &errors, name))?;
    Ok((doc, warnings))
}

/// How many layouts are running in this process, under a lock that an eviction of the whole
/// cache also holds.
static IN_FLIGHT: std::sync::Mutex<usize> = std::sync::Mutex::new(0);

/// One layout in progress. Typst's memoisation cache is shared by every thread, and without
/// eviction it grows with every document (about 19 MB each). When a layout ends, what it
/// leaves behind is freed, whatever happened (an error, a panic): everything when no other
/// layout is running, and otherwise only what no layout has used since the previous
/// eviction, so that a document being laid out on another thread keeps its cache (emptying it
/// there made that document cost several times as much). A layout starting waits for an
/// eviction of the whole cache to finish.
struct InFlight;

impl InFlight {
    fn start() -> Self {
        *IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        InFlight
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut running = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        *running = running.saturating_sub(1);
        if *running == 0 {
            typst::comemo::evict(0);
        } else {
            drop(running);
            typst::comemo::evict(1);
        }
    }
}

/// Laid-out pages as an archival PDF's bytes (see [`options`]); `describe` words the
/// writer's errors.
pub fn export(
    doc: &PagedDocument,
    ident: &str,
    created: Option<Date>,
    describe: impl Fn(&[SourceDiagnostic]) -> String,
) -> Result<Vec<u8>, String> {
    Ok(compacted(export_loose(doc, ident, created, describe)?))
}

/// [`export`] without packing the file's dictionaries into object streams: for a PDF that is
/// read again and written anew (a pack's front), which packs its own.
pub fn export_loose(
    doc: &PagedDocument,
    ident: &str,
    created: Option<Date>,
    describe: impl Fn(&[SourceDiagnostic]) -> String,
) -> Result<Vec<u8>, String> {
    let mut bytes =
        typst_pdf::pdf(doc, &options(ident, created)?).map_err(|errors| describe(&errors))?;
    crate::render::pdf::listnumbering::rewrite(
        &mut bytes,
        &crate::render::pdf::listnumbering::shown(doc),
    );
    crate::render::pdf::pagemode::show_outlines(&mut bytes);
    Ok(bytes)
}

/// Typst writes every dictionary of the tag tree as a plain object: packing them into object
/// streams roughly halves the file. A file laid out otherwise is kept as it is.
pub fn compacted(bytes: Vec<u8>) -> Vec<u8> {
    if crate::render::pdf::compact::enabled() {
        crate::render::pdf::compact::object_streams(&bytes).unwrap_or(bytes)
    } else {
        bytes
    }
}

/// Errors of a document without one source to point into (an assembled pack): their
/// messages.
pub fn plain(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .take(5)
        .map(|d| format!("error: {}", d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The export options of every Papers PDF: PDF/A-2a + PDF/UA-1, tagged, with a stable
/// identifier and the document's date as its timestamp.
pub fn options(ident: &str, created: Option<Date>) -> Result<PdfOptions, String> {
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1])
        .map_err(|e| format!("PDF standards: {}", e.message()))?;
    Ok(PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("Papers {}", env!("CARGO_PKG_VERSION")))),
        timestamp: created
            .and_then(|d| Datetime::from_ymd(d.year, d.month, d.day))
            .map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    })
}

fn summarise(world: &PapersWorld, errors: &[SourceDiagnostic], name: &str) -> String {
    let lines: Vec<String> = errors
        .iter()
        .take(5)
        .map(|d| describe(world, d, name))
        .collect();
    let more = errors.len().saturating_sub(5);
    if more > 0 {
        format!("{}\n(and {more} more)", lines.join("\n"))
    } else {
        lines.join("\n")
    }
}

/// One Typst diagnostic as "file:line:column: message", naming the template style module or
/// the generated source of the document.
fn describe(world: &PapersWorld, d: &SourceDiagnostic, name: &str) -> String {
    let place = d.span.id().and_then(|id| {
        let text = world.text(id)?;
        let range = world.range(d.span)?;
        let source = typst::syntax::Source::new(id, text.to_owned());
        let (line, col) = source.lines().byte_to_line_column(range.start)?;
        let path = id.vpath().get_with_slash().to_owned();
        // The main file and the rendered papers (/paper-N.typ) are generated; only the style
        // module is a template file.
        let generated = path == crate::render::pdf::world::MAIN || path.starts_with("/paper-");
        let file = if generated {
            format!("generated source of {name}")
        } else {
            format!("templates{path}")
        };
        Some(format!("{file}:{}:{}", line + 1, col + 1))
    });
    let severity = if d.severity == Severity::Error {
        "error"
    } else {
        "warning"
    };
    let mut text = match place {
        Some(p) => format!("{p}: {severity}: {}", d.message),
        None => format!("{severity}: {}", d.message),
    };
    for hint in &d.hints {
        text.push_str(&format!(" (hint: {})", hint.v));
    }
    text
}
