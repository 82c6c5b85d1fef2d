//! Diagnostics: every finding names its file, sheet and cell, and says what to do.

use std::fmt;
use std::io::{self, Write};

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is still built; the finding is listed in the manifest.
    Warning,
    /// The document is not built.
    Error,
}

/// Every diagnostic code, with its severity and what it means: the README's table. A code
/// used anywhere must be listed here (a debug build checks it).
pub const CODES: &[(&str, Severity, &str)] = &[
    // Files and workbooks.
    (
        "unreadable-file",
        Severity::Error,
        "the file cannot be read from disk",
    ),
    (
        "unreadable-workbook",
        Severity::Error,
        "not a workbook, or a damaged or truncated one",
    ),
    (
        "encrypted-workbook",
        Severity::Error,
        "the workbook is password-protected; save a copy without a password",
    ),
    (
        "file-too-large",
        Severity::Error,
        "the file, or the archive it expands to, is past the size limit",
    ),
    (
        "sheet-too-large",
        Severity::Error,
        "a sheet is past the row or cell limit",
    ),
    (
        "unreadable-sheet",
        Severity::Error,
        "one sheet cannot be read",
    ),
    (
        "document-too-large",
        Severity::Error,
        "a workbook holds more than one paper can print (12,000 filled cells, 400,000 characters); \
            named at the first cell past it",
    ),
    (
        "table-too-long",
        Severity::Error,
        "a table sheet has more rows (5,000) or text (1,500,000 characters) than a paper can print",
    ),
    (
        "cell-too-long",
        Severity::Error,
        "a cell holds more than 32,767 characters, Excel's own limit",
    ),
    (
        "same-output",
        Severity::Error,
        "two workbooks would write the same PDF (same name, different extension)",
    ),
    (
        "internal-error",
        Severity::Error,
        "Papers failed on this file: a bug to report; the other documents are built",
    ),
    (
        "refused-path",
        Severity::Error,
        "a file name that is not a plain name (a backslash, a drive letter, ..), or a link that \
            leads out of the project or loops; not read",
    ),
    (
        "changed-during-build",
        Severity::Error,
        "the workbook was saved while Papers was building it; build again",
    ),
    (
        "write-failed",
        Severity::Error,
        "the PDF could not be written (a full disk, a folder that leads out of output/); that \
            document only fails",
    ),
    // Sheets, fields and cells.
    (
        "missing-sheet",
        Severity::Error,
        "a required sheet (Cover) is missing",
    ),
    (
        "missing-field",
        Severity::Error,
        "a required field is missing: Title; Committee and Meeting date for a paper in a meeting",
    ),
    (
        "missing-column",
        Severity::Error,
        "a required column is missing from a header row",
    ),
    (
        "missing-value",
        Severity::Error,
        "a row lacks the cell that names it (an Item, a Group, a Workstream, an Objective ...)",
    ),
    (
        "duplicate-field",
        Severity::Error,
        "a Cover field is given twice",
    ),
    (
        "bad-value",
        Severity::Error,
        "a word outside a fixed vocabulary (Impact, RAG, Key decision, Exempt, layouts ...), with \
            the nearest valid one",
    ),
    (
        "date-expected",
        Severity::Error,
        "a date was expected and something else found",
    ),
    (
        "formula-error",
        Severity::Error,
        "a formula's value is an error (#REF!, #DIV/0!, #N/A, #VALUE!, #NAME? ...)",
    ),
    (
        "unknown-template",
        Severity::Error,
        "the Cover's Template names no built-in or project template",
    ),
    (
        "two-marks",
        Severity::Error,
        "an impact assessment row is marked in more than one of Neutral, Positive, Negative",
    ),
    (
        "not-a-tick",
        Severity::Error,
        "a tick or mark cell holds something that is not a tick (like the 7 in seed 000)",
    ),
    (
        "missing-group",
        Severity::Error,
        "an EqIA lacks a protected characteristic or a local group from papers.toml",
    ),
    (
        "unmitigated-negative",
        Severity::Error,
        "an EqIA group has a Negative impact and no Actions row whose Workstream names it",
    ),
    (
        "appendix-number",
        Severity::Error,
        "an appendix titled with its own number (\"Appendix 1 - ...\") clashes with another \
            appendix's number; names both sheets",
    ),
    (
        "template-error",
        Severity::Error,
        "a template failed to render: names the template file and line",
    ),
    (
        "typeset-error",
        Severity::Error,
        "Typst could not typeset the document: names the template or generated source line",
    ),
    // Meetings.
    (
        "two-meetings",
        Severity::Error,
        "a folder holds more than one meeting workbook",
    ),
    (
        "time-as-date",
        Severity::Error,
        "the meeting's Time reads as a date",
    ),
    (
        "missing-report",
        Severity::Error,
        "an agenda row names a workbook that does not exist, or its Report shows nothing but is \
            not empty (a formula with no stored value, invisible characters)",
    ),
    (
        "duplicate-report",
        Severity::Error,
        "one workbook is on two agenda rows",
    ),
    (
        "decision-off-agenda",
        Severity::Error,
        "a Decisions row names an item that is not on the agenda",
    ),
    (
        "declaration-off-agenda",
        Severity::Error,
        "a Declarations row names an item that is not on the agenda",
    ),
    (
        "minute-off-agenda",
        Severity::Error,
        "a Minutes row names an item that is not on the agenda",
    ),
    (
        "not-in-attendance",
        Severity::Error,
        "a member declared an interest but the Attendance sheet does not record them present",
    ),
    (
        "votes-over-present",
        Severity::Error,
        "a decision's For, Against and Abstained add up to more than the members present",
    ),
    (
        "minutes-changed",
        Severity::Error,
        "approved minutes, once published, would print differently; they are kept as approved",
    ),
    (
        "no-urgency-reason",
        Severity::Error,
        "a decision not subject to call-in (Call-in: No, urgent) gives no Urgency reason",
    ),
    (
        "decisions-before-meeting",
        Severity::Error,
        "a decision's Published date, or the Meeting sheet's Decisions published, is before the \
            meeting",
    ),
    (
        "pack-not-built",
        Severity::Error,
        "a pack is not built because one of its papers failed",
    ),
    (
        "duplicate-item",
        Severity::Warning,
        "an item number is on the agenda twice",
    ),
    ("empty-agenda", Severity::Warning, "the agenda has no items"),
    (
        "not-on-agenda",
        Severity::Error,
        "a workbook in a meeting folder is on no agenda row; checked, never published",
    ),
    (
        "date-mismatch",
        Severity::Error,
        "a paper's Meeting date differs from its meeting's; it is not built",
    ),
    (
        "committee-mismatch",
        Severity::Warning,
        "a paper's Committee differs from its meeting's",
    ),
    (
        "item-mismatch",
        Severity::Error,
        "a paper's Item differs from its agenda row; it is not built",
    ),
    (
        "exempt-remembered",
        Severity::Error,
        "a paper an earlier build kept exempt (or a copy of one, by bytes, name or title) that \
            nothing read today makes public; not built",
    ),
    (
        "published-kept",
        Severity::Error,
        "a published paper or pack failed, changed or disappeared; the published file is kept as \
            it is",
    ),
    (
        "changed-after-meeting",
        Severity::Error,
        "a published paper's workbook changed after the meeting; the record is not rewritten",
    ),
    (
        "exempt-label",
        Severity::Error,
        "a Cover label or agenda header that may mean Exempt (\"Exempt?\", \"Exemption\", \
            \"Confidential\", invisible characters); the paper is treated as exempt",
    ),
    (
        "exempt-unknown",
        Severity::Error,
        "a paper in a meeting folder whose agenda cannot be trusted to say what is exempt; not \
            built",
    ),
    (
        "exempt-elsewhere",
        Severity::Warning,
        "the same workbook is exempt on another agenda, so it is exempt here too",
    ),
    (
        "exempt-by-cover",
        Severity::Warning,
        "a paper is exempt by its Cover though its agenda row gives no paragraph",
    ),
    (
        "exempt-untitled",
        Severity::Warning,
        "an exempt item has no agenda Title; the public agenda shows \"Exempt item\"",
    ),
    (
        "stale-output",
        Severity::Warning,
        "an output the last build recorded could not be removed (its path leads out of the trees \
            Papers owns)",
    ),
    (
        "stray-config",
        Severity::Warning,
        "a papers.toml under inputs/ (in a meeting folder, say); ignored: only the project's own \
            is read",
    ),
    // Warnings about content.
    (
        "no-such-date",
        Severity::Warning,
        "a date cell holds 29 February 1900, which spreadsheets count but never was",
    ),
    (
        "not-assessed",
        Severity::Warning,
        "an impact assessment row has no rating; printed \"Not assessed\"",
    ),
    (
        "placeholder",
        Severity::Warning,
        "placeholder text left in: £XX, XX, TBC, TBA, [insert ...], ???",
    ),
    (
        "short-notice",
        Severity::Warning,
        "the meeting is fewer than 5 clear days away (Local Government Act 1972, s100B), judged \
            from --today",
    ),
    (
        "no-forward-plan-ref",
        Severity::Warning,
        "a key decision without a Forward plan ref",
    ),
    (
        "unknown-field",
        Severity::Warning,
        "a Cover field Papers does not know; shown in the cover table under its own label",
    ),
    (
        "missing-label",
        Severity::Warning,
        "a value with no label (a Cover value with no field, an Objectives answer under no \
            question); ignored",
    ),
    (
        "unknown-sheet",
        Severity::Warning,
        "a sheet whose name is close to one the contract names (\"IIA\", \"Contact\"), so most \
            likely a slip; printed as an appendix table (any other sheet is an appendix, with no \
            warning)",
    ),
    (
        "formula-not-stored",
        Severity::Warning,
        "a formula with no stored value (a workbook written by a script and never opened in a \
            spreadsheet); it prints blank until the workbook is opened and saved in Excel or \
            LibreOffice",
    ),
    (
        "unused-sheet",
        Severity::Warning,
        "a sheet that needs another (Impact recommendations without Impact assessment); left out",
    ),
    ("empty-sheet", Severity::Warning, "an empty sheet; left out"),
    ("hidden-sheet", Severity::Warning, "a hidden sheet; ignored"),
    (
        "no-answers",
        Severity::Warning,
        "an objective answers none of the questions",
    ),
    (
        "control-characters",
        Severity::Warning,
        "control characters or bidi overrides stripped from a cell",
    ),
    (
        "missing-glyph",
        Severity::Warning,
        "a character no bundled font can print; shown as \u{FFFD}",
    ),
    (
        "own-number",
        Severity::Warning,
        "a heading, paragraph or recommendation starts with a number of its own that differs from \
            the one Papers gives; kept as written",
    ),
    (
        "empty-section",
        Severity::Warning,
        "a Report heading with nothing under it",
    ),
    (
        "unnamed-contact",
        Severity::Warning,
        "a Contacts row with no Name; left out",
    ),
    (
        "item-label",
        Severity::Warning,
        "an Item typed with its label (\"Item 7\"); printed as 7",
    ),
    (
        "near-category",
        Severity::Warning,
        "a Status close to a status category (\"On targt\"), with the category meant",
    ),
    (
        "typst-warning",
        Severity::Warning,
        "a warning from Typst while typesetting",
    ),
];

/// Checks, in debug builds, that a code is in [`CODES`].
fn registered(code: &str) {
    debug_assert!(
        CODES.iter().any(|(c, _, _)| *c == code),
        "diagnostic code \"{code}\" is not in diag::CODES; add it there and to the README's table"
    );
}

/// One finding about an input, with its place.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The input file, relative to the project (`inputs/x.xlsx`).
    pub file: String,
    /// The sheet, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The cell in A1 notation, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// A stable kebab-case code, listed in the README.
    pub code: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
    /// The nearest valid value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Whether it quotes an exempt paper (its words are then withheld from logs).
    #[serde(skip)]
    pub about_exempt: bool,
}

impl Diagnostic {
    /// A finding about a whole file.
    pub fn file(
        file: impl Into<String>,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        registered(code);
        Self {
            file: file.into(),
            sheet: None,
            cell: None,
            severity,
            code,
            message: message.into(),
            suggestion: None,
            about_exempt: false,
        }
    }

    /// Adds the suggestion.
    pub fn suggest(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// Whether this finding stops the document being built.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ": sheet \"{sheet}\"")?;
        }
        if let Some(cell) = &self.cell {
            write!(f, ", cell {cell}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(s) = &self.suggestion {
            write!(f, "; did you mean \"{s}\"?")?;
        }
        Ok(())
    }
}

/// The findings of one input, collected while it is read.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The input file these findings are about.
    pub file: String,
    /// The findings, in the order they were made.
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list for `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            list: Vec::new(),
        }
    }

    /// Records a finding at a sheet and cell (either may be absent).
    pub fn at(
        &mut self,
        sheet: Option<&str>,
        cell: Option<String>,
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        registered(code);
        self.list.push(Diagnostic {
            file: self.file.clone(),
            sheet: sheet.map(str::to_owned),
            cell,
            severity,
            code,
            message: message.into(),
            suggestion: None,
            about_exempt: false,
        });
        self.list.last_mut().expect("just pushed")
    }

    /// Records an error at a sheet and cell.
    pub fn error(
        &mut self,
        sheet: &str,
        cell: Option<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.at(Some(sheet), cell, Severity::Error, code, message)
    }

    /// Records a warning at a sheet and cell.
    pub fn warn(
        &mut self,
        sheet: &str,
        cell: Option<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.at(Some(sheet), cell, Severity::Warning, code, message)
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Diagnostic::is_error)
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// Grouped by file, coloured on a terminal.
    #[default]
    Human,
    /// One JSON object per line.
    Json,
}

/// Prints diagnostics to `out`: grouped by file for people, one JSON object per line for tools.
pub fn print(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: MessageFormat,
    colour: bool,
) -> io::Result<()> {
    match format {
        MessageFormat::Json => {
            for d in diags {
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(d).expect("diagnostics serialise")
                )?;
            }
        }
        MessageFormat::Human => {
            let mut last: Option<&str> = None;
            for d in diags {
                // A bidirectional control in a name would make the line show as another.
                let file = crate::base::paths::show_bidi(&d.file);
                if last != Some(d.file.as_str()) {
                    if colour {
                        writeln!(out, "\x1b[1m{file}\x1b[0m")?;
                    } else {
                        writeln!(out, "{file}")?;
                    }
                    last = Some(&d.file);
                }
                let (label, code) = match d.severity {
                    Severity::Error => ("error", "\x1b[1;31m"),
                    Severity::Warning => ("warning", "\x1b[1;33m"),
                };
                if colour {
                    write!(out, "  {code}{label}\x1b[0m[{}]: ", d.code)?;
                } else {
                    write!(out, "  {label}[{}]: ", d.code)?;
                }
                writeln!(out, "{}", crate::base::paths::show_bidi(&d.to_string()))?;
            }
        }
    }
    Ok(())
}

/// The nearest of `options` to a misspelt `word`, if it is close enough to be a likely slip.
pub fn nearest<'a>(word: &str, options: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.trim().to_lowercase();
    options
        .into_iter()
        .map(|o| (strsim::damerau_levenshtein(&word, &o.to_lowercase()), o))
        .filter(|&(d, o)| d > 0 && d <= (o.chars().count() / 3).max(2))
        .min_by_key(|&(d, _)| d)
        .map(|(_, o)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_sheet_and_cell() {
        let mut diags = Diagnostics::new("inputs/x.xlsx");
        diags.error(
            "Alignment",
            Some("C4".into()),
            "not-a-tick",
            "\"7\" is not a tick; use ✓ or leave it blank",
        );
        assert_eq!(
            diags.list[0].to_string(),
            "inputs/x.xlsx: sheet \"Alignment\", cell C4: \"7\" is not a tick; use ✓ or leave it \
                blank"
        );
    }

    #[test]
    fn nearest_suggests_close_words_only() {
        let opts = ["Neutral", "Positive", "Negative"];
        assert_eq!(nearest("Postive", opts), Some("Positive"));
        assert_eq!(nearest("negitive", opts), Some("Negative"));
        assert_eq!(nearest("banana", opts), None);
    }
}
