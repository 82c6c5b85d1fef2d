//! `papers build`: typeset everything that changed (or the workbooks named), with progress
//! for people and plain or JSON lines for logs.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::base::diag::MessageFormat;
use crate::build::manifest::{Entry, Status};
use crate::build::pipeline::{self, Options, Outcome, Progress, Project};
use crate::cli::{BuildArgs, CommonArgs};
use crate::cmd::{Exit, event, report};
use crate::publish;

/// Runs the build and prints its progress, diagnostics and summary.
pub fn run(args: &BuildArgs) -> anyhow::Result<Exit> {
    let start = Instant::now();
    let (project, only) = crate::cmd::open(&args.common)?;
    // The archive is checked before anything is written: never inside output/.
    if let Some(dir) = &args.archive {
        publish::archive::refuse_in_output(&project.root, dir)?;
    }
    let _lock =
        crate::base::lock::acquire(&project.root, args.wait.map(std::time::Duration::from_secs))?;
    let options = Options {
        jobs: args.jobs.unwrap_or_else(pipeline::default_jobs).max(1),
        emit_typst: args.emit_typst,
        today: args.common.today,
        force: args.force,
        shard: args.shard,
        only,
        show_exempt: args.common.show_exempt,
        time_limit: std::time::Duration::from_secs(args.time_limit.max(1)),
        ..Options::default()
    };
    let outcome = build(&args.common, &project, options, start)?;
    if let Some(dir) = &args.archive {
        let exempt_dir = project.config.exempt_dir();
        // Drafts are not records yet: what is archived is what was published, and what is
        // exempt.
        let drafts = format!("{}/", project.config.drafts_dir());
        let outputs: Vec<_> = outcome
            .manifest
            .outputs
            .iter()
            .filter(|e| !e.path.starts_with(&drafts))
            .cloned()
            .collect();
        let archived =
            publish::archive::archive(&project.root, &outputs, dir, &["output", &exempt_dir])?;
        crate::cmd::archive::summary(&archived, dir, args.common.quiet);
        if !archived.refused.is_empty() {
            return Ok(Exit::InputErrors);
        }
    }
    Ok(if outcome.has_errors() {
        Exit::InputErrors
    } else {
        Exit::Clean
    })
}

/// One build with the caller's lock held: shows progress, then the diagnostics and the
/// summary line (`papers watch` runs this after every save).
pub fn build(
    common: &CommonArgs,
    project: &Project,
    mut options: Options,
    start: Instant,
) -> anyhow::Result<Outcome> {
    let bar = progress(common, project);
    options.progress = bar.as_ref().map(|(_, p)| p.clone());
    let outcome = publish::run(project, &options)?;
    if let Some((Some(bar), _)) = &bar {
        bar.finish_and_clear();
    }
    report(common, &outcome.diagnostics);
    // The summary counts the PDFs; the web pages made from them, and the register of
    // decisions, are listed line by line.
    let count = |s| {
        outcome
            .manifest
            .outputs
            .iter()
            .filter(|e| e.status == s && e.template.as_deref() != Some(publish::site::TEMPLATE))
            .filter(|e| e.path.ends_with(".pdf"))
            .count()
    };
    let summary = format!(
        "Built {}, unchanged {}, failed {} in {:.1} s -> {}",
        count(Status::Built),
        count(Status::Unchanged),
        count(Status::Failed),
        start.elapsed().as_secs_f64(),
        project.root.join("output").display()
    );
    if !common.quiet {
        match common.message_format {
            MessageFormat::Human => eprintln!("{summary}"),
            MessageFormat::Json => event(&serde_json::json!({
                "event": "summary",
                "built": count(Status::Built),
                "unchanged": count(Status::Unchanged),
                "failed": count(Status::Failed),
                "seconds": (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
                "message": summary,
            })),
        }
    }
    Ok(outcome)
}

/// How finished outputs are shown: a bar on a terminal; otherwise a plain line per output
/// built or failed (and per unchanged one with `--verbose`, so a no-op rebuild in cron
/// prints only its summary); a JSON line per output on stdout for log collectors; nothing
/// with `--quiet`.
fn progress(common: &CommonArgs, project: &Project) -> Option<(Option<ProgressBar>, Progress)> {
    if common.quiet {
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
    match common.message_format {
        MessageFormat::Json => Some((
            None,
            Progress(Arc::new(move |e: &Entry| {
                let (status, path) = line(e);
                event(
                    &serde_json::json!({ "event": "output", "path": path, "status": status, "pages": e.pages }),
                );
            })),
        )),
        MessageFormat::Human if std::io::stderr().is_terminal() && !common.verbose => {
            // Roughly: one output per workbook and one pack per meeting (a shard does fewer;
            // an exempt pack is one more), corrected as outputs finish.
            let expected = pipeline::discover(&project.root).map_or(0, |d| d.len());
            let bar = ProgressBar::new(expected as u64);
            bar.set_style(
                // --color never and NO_COLOR hold for the bar too.
                ProgressStyle::with_template(if crate::cmd::colour(common) {
                    "{bar:30.cyan/blue} {pos}/{len} {elapsed} {wide_msg}"
                } else {
                    "{bar:30} {pos}/{len} {elapsed} {wide_msg}"
                })
                .expect("a valid template"),
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
        MessageFormat::Human => {
            let verbose = common.verbose;
            Some((
                None,
                Progress(Arc::new(move |e: &Entry| {
                    if e.status == Status::Unchanged && !verbose {
                        return;
                    }
                    let (status, path) = line(e);
                    eprintln!("{status:<9} {path}");
                })),
            ))
        }
    }
}
