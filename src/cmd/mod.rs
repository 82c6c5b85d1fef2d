//! One small module per subcommand; the library does the work.
//!
//! Output follows cargo: for people, on stderr; with `--message-format json`, every
//! diagnostic, build event and summary as one JSON object per line on stdout, so that
//! `papers check --message-format json | jq .` sees nothing else.

pub mod archive;
pub mod build;
pub mod check;
pub mod manifest;
pub mod new;
pub mod project;
pub mod shard;
pub mod templates;
pub mod watch;

use std::io::{IsTerminal, Write};

use crate::base::diag::MessageFormat;
use crate::base::diag::{self, Diagnostic, Severity};
use crate::base::fault::{Fault, code};
use crate::cli::CommonArgs;
use crate::run::pipeline::Project;

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything built (warnings allowed): status 0.
    Clean,
    /// Some inputs had errors; the others were built: status 1.
    InputErrors,
}

/// Finds and loads the project the paths name (see [`crate::cmd::project::locate`]), with the
/// workbooks to work on (`None`: all).
/// A path that is not the project's (or not a workbook) is a usage error; a project that
/// cannot be opened, a configuration error naming its file.
pub fn open(common: &CommonArgs) -> anyhow::Result<(Project, Option<Vec<String>>)> {
    let located =
        crate::cmd::project::locate(&common.paths).map_err(|e| Fault::tag(code::USAGE, None, e))?;
    let project = Project::open(&located.root).map_err(|e| config_error(&located.root, e))?;
    Ok((project, located.only))
}

/// A configuration error: its file is the one its message starts with ("papers.toml: ...",
/// "templates/x.typ.hbs:12: ..."), when that names a file or folder of the project.
pub fn config_error(root: &std::path::Path, error: anyhow::Error) -> anyhow::Error {
    let message = format!("{error:#}");
    let file = message
        .split(':')
        .next()
        .map(str::trim)
        .filter(|f| !f.is_empty() && !f.contains(' '))
        .filter(|f| root.join(f).symlink_metadata().is_ok())
        .map(str::to_owned);
    Fault::tag(code::CONFIG, file, error)
}

/// Prints the error that stopped a command: on stderr for people, and under
/// `--message-format json` also as one JSON object on stdout (`code`, `message`, `file`).
pub fn report_fault(format: MessageFormat, error: &anyhow::Error) {
    eprintln!("error: {error:#}");
    if format == MessageFormat::Json {
        event(&Fault::of(error).json());
    }
}

/// Whether human messages on stderr are coloured, as `--color` and the environment ask.
pub fn colour(common: &CommonArgs) -> bool {
    common.color.enabled(std::io::stderr().is_terminal())
}

/// Prints diagnostics as the flags ask: human on stderr, JSON lines on stdout.
pub fn report(common: &CommonArgs, diags: &[Diagnostic]) {
    let shown: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| !common.quiet || d.severity == Severity::Error)
        .cloned()
        .collect();
    let _ = match common.message_format {
        MessageFormat::Json => diag::print(
            &mut std::io::stdout().lock(),
            &shown,
            MessageFormat::Json,
            false,
        ),
        MessageFormat::Human => diag::print(
            &mut std::io::stderr().lock(),
            &shown,
            MessageFormat::Human,
            colour(common),
        ),
    };
}

/// Prints one JSON event line on stdout.
pub fn event(value: &serde_json::Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{value}");
    let _ = out.flush();
}

/// "1 document", "2 documents".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(super::count(1, "document", "documents"), "1 document");
        assert_eq!(super::count(0, "error", "errors"), "0 errors");
        assert_eq!(super::count(2, "warning", "warnings"), "2 warnings");
    }
}
