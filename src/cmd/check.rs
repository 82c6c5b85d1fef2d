//! `papers check`: validate every workbook (or the ones named), report every slip, write
//! nothing.

use crate::base::diag::MessageFormat;
use crate::cli::CheckArgs;
use crate::cmd::{Exit, count, event, report};
use crate::publish;
use crate::run::pipeline::Options;

/// Runs the checks and prints every diagnostic of every file.
pub fn run(args: &CheckArgs) -> anyhow::Result<Exit> {
    let (project, only) = crate::cmd::open(&args.common)?;
    let outcome = publish::run(
        &project,
        &Options {
            write: false,
            today: args.common.today,
            only,
            show_exempt: args.common.show_exempt,
            ..Options::default()
        },
    )?;
    report(&args.common, &outcome.diagnostics);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let documents = outcome.manifest.outputs.len();
    let summary = format!(
        "Checked {}: {}, {}",
        count(documents, "document", "documents"),
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings")
    );
    if !args.common.quiet {
        match args.common.message_format {
            MessageFormat::Human => eprintln!("{summary}"),
            MessageFormat::Json => event(&serde_json::json!({
                "event": "summary", "documents": documents, "errors": errors, "warnings": warnings, "message": summary,
            })),
        }
    }
    Ok(if errors > 0 {
        Exit::InputErrors
    } else {
        Exit::Clean
    })
}
