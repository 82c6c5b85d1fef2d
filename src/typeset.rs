//! Compiling a world to an archival, accessible PDF: PDF/A-2a and PDF/UA-1, tagged, with a
//! fixed creation date and a stable identifier so that rebuilding gives the same bytes, its
//! dictionaries packed into object streams.

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::date::Date;
use crate::world::PapersWorld;

/// A typeset PDF.
#[derive(Debug)]
pub struct Pdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst's warnings, each with its place.
    pub warnings: Vec<String>,
}

/// Compiles `world` and exports it as PDF/A-2a + PDF/UA-1. `ident` must be stable for the
/// document (its output path); `created` is the document's date (meeting or Cover date).
/// `name` says in error messages which document the generated source belongs to.
pub fn typeset(world: &PapersWorld, ident: &str, created: Date, name: &str) -> Result<Pdf, String> {
    let result = typst::compile::<PagedDocument>(world);
    let warnings = result.warnings.iter().map(|d| describe(world, d, name)).collect();
    let out = result.output.map_err(|errors| summarise(world, &errors, name)).and_then(|doc| {
        let bytes = typst_pdf::pdf(&doc, &options(ident, created)?).map_err(|errors| summarise(world, &errors, name))?;
        // Typst writes every dictionary of the tag tree as a plain object: packing them into
        // object streams roughly halves the file. A file laid out otherwise is kept as it is.
        let bytes = if crate::compact::enabled() { crate::compact::object_streams(&bytes).unwrap_or(bytes) } else { bytes };
        Ok(Pdf { bytes, pages: doc.pages().len(), warnings })
    });
    // Free the memoised layout of this document, whatever happened; without this memory
    // grows with every document compiled.
    typst::comemo::evict(0);
    out
}

/// The export options of every Papers PDF: PDF/A-2a + PDF/UA-1, tagged, with a stable
/// identifier and the document's date as its timestamp.
pub fn options(ident: &str, created: Date) -> Result<PdfOptions, String> {
    let standards = PdfStandards::new(&[PdfStandard::A_2a, PdfStandard::Ua_1]).map_err(|e| format!("PDF standards: {}", e.message()))?;
    Ok(PdfOptions {
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("Papers {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Datetime::from_ymd(created.year, created.month, created.day).map(Timestamp::new_utc),
        standards,
        tagged: true,
        ..PdfOptions::default()
    })
}

fn summarise(world: &PapersWorld, errors: &[SourceDiagnostic], name: &str) -> String {
    let lines: Vec<String> = errors.iter().take(5).map(|d| describe(world, d, name)).collect();
    let more = errors.len().saturating_sub(5);
    if more > 0 { format!("{}\n(and {more} more)", lines.join("\n")) } else { lines.join("\n") }
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
        let generated = path == crate::world::MAIN || path.starts_with("/paper-");
        let file = if generated { format!("generated source of {name}") } else { format!("templates{path}") };
        Some(format!("{file}:{}:{}", line + 1, col + 1))
    });
    let severity = if d.severity == Severity::Error { "error" } else { "warning" };
    let mut text = match place {
        Some(p) => format!("{p}: {severity}: {}", d.message),
        None => format!("{severity}: {}", d.message),
    };
    for hint in &d.hints {
        text.push_str(&format!(" (hint: {})", hint.v));
    }
    text
}
