//! `papers build`: typeset everything that changed (or the workbooks named), with progress
//! for people and plain or JSON lines for logs.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::base::diag::MessageFormat;
use crate::base::fault::{Fault, code};
use crate::cli::{BuildArgs, CommonArgs};
use crate::cmd::{Exit, event, report};
use crate::publish;
use crate::run::manifest::{Entry, Status};
use crate::run::pipeline::{self, Options, Outcome, Progress, Project};

/// Runs the build and prints its progress, diagnostics and summary.
pub fn run(args: &BuildArgs) -> anyhow::Result<Exit> {
    let start = Instant::now();
    // A worker that cannot tell its shard builds nothing.
    let shard = args
        .shard
        .map(|s| s.resolve(|name| std::env::var(name).ok()))
        .transpose()?;
    let (project, only) = crate::cmd::open(&args.common)?;
    // The archive is checked before anything is written: never inside output/.
    if let Some(dir) = &args.archive {
        publish::archive::refuse_in_output(&project.root, dir)
            .map_err(|e| Fault::tag(code::CONFIG, Some(dir.display().to_string()), e))?;
    }
    let wait = args.wait.map(std::time::Duration::from_secs);
    let lock = match shard {
        Some(s) => crate::base::lock::acquire_shard(&project.root, s.k, s.n, wait)?,
        None => crate::base::lock::acquire(&project.root, wait)?,
    };
    // A build that was killed (a scheduler's pre-emption, kill -9) left its lock, and maybe
    // the temporary files of the writes it was making: none may stay to be published. Only
    // a build that holds the whole project removes them (shards may be writing theirs), so
    // the one after sharded builds does.
    if shard.is_none() && (lock.taken_over() || after_shards(&project.root)) {
        for tree in [
            "output".to_owned(),
            project.config.exempt_dir(),
            project.config.drafts_dir(),
        ] {
            crate::base::paths::sweep_temporary(&project.root.join(tree));
        }
    }
    if let Some(shard) = shard
        && !args.common.quiet
        && args.common.message_format == MessageFormat::Human
    {
        eprintln!("Shard {} of {}", shard.k, shard.n);
    }
    let options = Options {
        jobs: args.jobs.unwrap_or_else(pipeline::default_jobs).max(1),
        emit_typst: args.emit_typst,
        today: args.common.today,
        force: args.force,
        shard,
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
        crate::cmd::archive::summary(
            &archived,
            dir,
            args.common.quiet,
            args.common.message_format,
        );
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
    // Every finding of the run, shown or not (--quiet shows errors only), as check counts.
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    if !common.quiet {
        match common.message_format {
            MessageFormat::Human => eprintln!("{summary}"),
            MessageFormat::Json => event(&serde_json::json!({
                "event": "summary",
                "built": count(Status::Built),
                "unchanged": count(Status::Unchanged),
                "failed": count(Status::Failed),
                "errors": errors,
                "warnings": warnings,
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
        MessageFormat::Json => {
            let drafts = format!("{}/", project.config.drafts_dir());
            Some((
                None,
                Progress(Arc::new(move |e: &Entry| {
                    let (status, path) = line(e);
                    event(&serde_json::json!({
                        "event": "output",
                        "path": path,
                        "status": status,
                        "pages": e.pages,
                        "sources": shown_sources(e, &drafts),
                    }));
                })),
            ))
        }
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

/// Whether sharded builds have run since the last whole build (their manifests are there).
fn after_shards(root: &std::path::Path) -> bool {
    std::fs::read_dir(root.join("output"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("manifest.shard-")
        })
}

/// The name an exempt paper's workbook is given in a log: none of its own.
pub const EXEMPT_SOURCE: &str = "exempt papers";

/// The workbooks an output was made from, as a log may name them. A public or draft output's
/// are those of its manifest entry, as the public manifest keeps them (a web page's exempt
/// papers already folded into one "exempt papers"); an output of the exempt tree names only
/// its meeting workbook, which the public agenda comes from, and its papers as "exempt
/// papers", so that no log names an exempt paper's workbook.
pub fn shown_sources(entry: &Entry, drafts: &str) -> Vec<String> {
    let public = entry.exempt.is_none()
        && (entry.path.starts_with("output/") || entry.path.starts_with(drafts));
    let mut shown: Vec<String> = Vec::new();
    for source in &entry.sources {
        let name = if public
            || crate::base::paths::is_meeting_workbook(std::path::Path::new(&source.path))
        {
            source.path.clone()
        } else {
            EXEMPT_SOURCE.to_owned()
        };
        if !shown.contains(&name) {
            shown.push(name);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::paths::Source;

    fn entry(path: &str, sources: &[&str], exempt: bool) -> Entry {
        Entry {
            path: path.to_owned(),
            sources: sources
                .iter()
                .map(|p| Source {
                    path: (*p).to_owned(),
                    sha256: "0".repeat(64),
                })
                .collect(),
            sha256: None,
            pages: None,
            template: None,
            warnings: Vec::new(),
            status: Status::Built,
            fingerprint: None,
            stamp: None,
            errors: Vec::new(),
            exempt: exempt.then(|| crate::run::manifest::Exemption {
                paragraph: "3".to_owned(),
                by_cover: false,
            }),
            summary: None,
            published: None,
        }
    }

    #[test]
    fn exempt_outputs_name_only_their_meeting_workbook() {
        let public = entry(
            "output/m/a.pdf",
            &["inputs/m/a.xlsx", "inputs/m/meeting.xlsx"],
            false,
        );
        assert_eq!(
            shown_sources(&public, "drafts/"),
            ["inputs/m/a.xlsx", "inputs/m/meeting.xlsx"]
        );
        let pack = entry(
            "exempt/m/exempt-pack.pdf",
            &[
                "inputs/m/meeting.xlsx",
                "inputs/m/land.xlsx",
                "inputs/m/lease.xlsx",
            ],
            true,
        );
        assert_eq!(
            shown_sources(&pack, "drafts/"),
            ["inputs/m/meeting.xlsx", EXEMPT_SOURCE]
        );
        // Exempt by its own Cover, in no meeting; and one held (no exemption recorded yet)
        // outside the public trees.
        let alone = entry("exempt/land.pdf", &["inputs/land.xlsx"], true);
        assert_eq!(shown_sources(&alone, "drafts/"), [EXEMPT_SOURCE]);
        let held = entry("exempt/m/x.pdf", &["inputs/m/x.xlsx"], false);
        assert_eq!(shown_sources(&held, "drafts/"), [EXEMPT_SOURCE]);
        let draft = entry("drafts/m/a.pdf", &["inputs/m/a.xlsx"], false);
        assert_eq!(shown_sources(&draft, "drafts/"), ["inputs/m/a.xlsx"]);
    }
}
