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
}

impl Diagnostic {
    /// A finding about a whole file.
    pub fn file(file: impl Into<String>, severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            sheet: None,
            cell: None,
            severity,
            code,
            message: message.into(),
            suggestion: None,
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
        Self { file: file.into(), list: Vec::new() }
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
        self.list.push(Diagnostic {
            file: self.file.clone(),
            sheet: sheet.map(str::to_owned),
            cell,
            severity,
            code,
            message: message.into(),
            suggestion: None,
        });
        self.list.last_mut().expect("just pushed")
    }

    /// Records an error at a sheet and cell.
    pub fn error(&mut self, sheet: &str, cell: Option<String>, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
        self.at(Some(sheet), cell, Severity::Error, code, message)
    }

    /// Records a warning at a sheet and cell.
    pub fn warn(&mut self, sheet: &str, cell: Option<String>, code: &'static str, message: impl Into<String>) -> &mut Diagnostic {
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
pub fn print(out: &mut dyn Write, diags: &[Diagnostic], format: MessageFormat, colour: bool) -> io::Result<()> {
    match format {
        MessageFormat::Json => {
            for d in diags {
                writeln!(out, "{}", serde_json::to_string(d).expect("diagnostics serialise"))?;
            }
        }
        MessageFormat::Human => {
            let mut last: Option<&str> = None;
            for d in diags {
                if last != Some(d.file.as_str()) {
                    if colour {
                        writeln!(out, "\x1b[1m{}\x1b[0m", d.file)?;
                    } else {
                        writeln!(out, "{}", d.file)?;
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
                writeln!(out, "{d}")?;
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
        diags.error("Alignment", Some("C4".into()), "not-a-tick", "\"7\" is not a tick; use ✓ or leave it blank");
        assert_eq!(
            diags.list[0].to_string(),
            "inputs/x.xlsx: sheet \"Alignment\", cell C4: \"7\" is not a tick; use ✓ or leave it blank"
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
