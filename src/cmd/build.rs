//! `papers build`: typeset everything that changed, with progress for people and plain or
//! JSON lines for logs.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::base::diag::MessageFormat;
use crate::build::manifest::{Entry, Status};
use crate::build::pipeline::{self, Options, Progress, Project};
use crate::cli::BuildArgs;
use crate::cmd::{Exit, report};
use crate::publish;

/// Runs the build and prints its progress, diagnostics and summary.
pub fn run(args: &BuildArgs) -> anyhow::Result<Exit> {
    let start = Instant::now();
    let project = Project::open(&args.common.project)?;
    let _lock = crate::base::lock::acquire(&project.root, args.wait)?;
    let bar = progress(args, &project);
    let options = Options {
        show_exempt: args.common.show_exempt,
        jobs: args.jobs.unwrap_or_else(pipeline::default_jobs).max(1),
        emit_typst: args.emit_typst,
        today: args.common.today,
        force: args.force,
        shard: args.shard,
        progress: bar.as_ref().map(|(_, p)| p.clone()),
        ..Options::default()
    };
    let outcome = publish::run(&project, &options)?;
    if let Some((Some(bar), _)) = &bar {
        bar.finish_and_clear();
    }
    report(&args.common, &outcome.diagnostics);
    // The summary counts the PDFs; the web pages made from them are listed line by line.
    let count = |s| outcome.manifest.outputs.iter().filter(|e| e.status == s && e.template.as_deref() != Some(publish::site::TEMPLATE)).count();
    let summary = format!(
        "Built {}, unchanged {}, failed {} in {:.1} s -> {}",
        count(Status::Built),
        count(Status::Unchanged),
        count(Status::Failed),
        start.elapsed().as_secs_f64(),
        project.root.join("output").display()
    );
    if !args.common.quiet {
        match args.common.message_format {
            MessageFormat::Human => eprintln!("{summary}"),
            MessageFormat::Json => eprintln!(
                "{}",
                serde_json::json!({
                    "event": "summary",
                    "built": count(Status::Built),
                    "unchanged": count(Status::Unchanged),
                    "failed": count(Status::Failed),
                    "seconds": (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
                    "message": summary,
                })
            ),
        }
    }
    if let Some(dir) = &args.archive {
        let exempt_dir = project.config.exempt_dir();
        let archived = publish::archive::archive(&project.root, &outcome.manifest.outputs, dir, &["output", &exempt_dir])?;
        crate::cmd::archive::summary(&archived, dir, args.common.quiet);
        if !archived.refused.is_empty() {
            return Ok(Exit::InputErrors);
        }
    }
    Ok(if outcome.has_errors() { Exit::InputErrors } else { Exit::Clean })
}

/// How finished outputs are shown: a bar on a terminal, a plain line per output otherwise,
/// a JSON line per output for log collectors, nothing with `--quiet`.
fn progress(args: &BuildArgs, project: &Project) -> Option<(Option<ProgressBar>, Progress)> {
    if args.common.quiet {
        return None;
    }
    let line = |e: &Entry| {
        let status = match e.status {
            Status::Built => "built",
            Status::Unchanged => "unchanged",
            Status::Failed => "failed",
            Status::Checked => "checked",
        };
        (status, e.path.clone())
    };
    match args.common.message_format {
        MessageFormat::Json => Some((
            None,
            Progress(Arc::new(move |e: &Entry| {
                let (status, path) = line(e);
                eprintln!("{}", serde_json::json!({ "event": "output", "path": path, "status": status, "pages": e.pages }));
            })),
        )),
        MessageFormat::Human if std::io::stderr().is_terminal() => {
            // Roughly: one output per workbook and one pack per meeting (a shard does fewer;
            // an exempt pack is one more), corrected as outputs finish.
            let expected = pipeline::discover(&project.root).map_or(0, |d| d.len());
            let bar = ProgressBar::new(expected as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {elapsed} {wide_msg}").expect("a valid template"),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            let shown = bar.clone();
            Some((
                Some(bar),
                Progress(Arc::new(move |e: &Entry| {
                    let (status, path) = line(e);
                    shown.inc(1);
                    if shown.position() > shown.length().unwrap_or(0) {
                        shown.set_length(shown.position());
                    }
                    shown.set_message(format!("{status} {path}"));
                })),
            ))
        }
        MessageFormat::Human => Some((
            None,
            Progress(Arc::new(move |e: &Entry| {
                let (status, path) = line(e);
                eprintln!("{status:<9} {path}");
            })),
        )),
    }
}
