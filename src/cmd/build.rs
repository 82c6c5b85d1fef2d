//! `papers build`: typeset everything that changed.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::cmd::{Exit, report};
use crate::manifest::Status;
use crate::pipeline::{self, Options, Project};

/// Runs the build and prints its diagnostics and summary.
pub fn run(args: &BuildArgs) -> anyhow::Result<Exit> {
    let start = Instant::now();
    let project = Project::open(&args.common.project)?;
    let options = Options {
        jobs: args.jobs.unwrap_or_else(pipeline::default_jobs),
        emit_typst: args.emit_typst,
        today: args.common.today,
        ..Options::default()
    };
    let outcome = pipeline::run(&project, &options)?;
    report(&args.common, &outcome.diagnostics);
    let count = |s| outcome.manifest.outputs.iter().filter(|e| e.status == s).count();
    if !args.common.quiet {
        eprintln!(
            "Built {}, unchanged {}, failed {} in {:.1} s -> {}",
            count(Status::Built),
            count(Status::Unchanged),
            count(Status::Failed),
            start.elapsed().as_secs_f64(),
            project.root.join("output").display()
        );
    }
    if let Some(dir) = &args.archive {
        let archived = crate::archive::archive(&project.root, &outcome.manifest.outputs, dir)?;
        if !args.common.quiet {
            crate::cmd::archive::summary(&archived, dir);
        }
    }
    Ok(if outcome.has_errors() { Exit::InputErrors } else { Exit::Clean })
}
