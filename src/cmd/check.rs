//! `papers check`: validate every workbook, report every slip, write nothing.

use crate::build::pipeline::{Options, Project};
use crate::cli::CheckArgs;
use crate::cmd::{Exit, report};
use crate::publish;

/// Runs the checks and prints every diagnostic of every file.
pub fn run(args: &CheckArgs) -> anyhow::Result<Exit> {
    let project = Project::open(&args.common.project)?;
    let outcome = publish::run(&project, &Options { write: false, today: args.common.today, show_exempt: args.common.show_exempt, ..Options::default() })?;
    report(&args.common, &outcome.diagnostics);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    if !args.common.quiet {
        eprintln!("Checked {} documents: {errors} errors, {warnings} warnings", outcome.manifest.outputs.len());
    }
    Ok(if errors > 0 { Exit::InputErrors } else { Exit::Clean })
}
