//! One small module per subcommand; the library does the work.

pub mod archive;
pub mod build;
pub mod check;
pub mod manifest;
pub mod new;
pub mod templates;

use std::io::IsTerminal;

use crate::base::diag::{self, Diagnostic, Severity};
use crate::cli::CommonArgs;

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything built (warnings allowed): status 0.
    Clean,
    /// Some inputs had errors; the others were built: status 1.
    InputErrors,
}

/// Prints diagnostics on stderr as the flags ask.
pub fn report(common: &CommonArgs, diags: &[Diagnostic]) {
    let shown: Vec<Diagnostic> =
        diags.iter().filter(|d| !common.quiet || d.severity == Severity::Error).cloned().collect();
    let stderr = std::io::stderr();
    let colour = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let _ = diag::print(&mut stderr.lock(), &shown, common.message_format, colour);
}
