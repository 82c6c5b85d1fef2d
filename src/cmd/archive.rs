//! `papers archive`: copy the PDFs of the last build into an append-only archive.

use std::path::Path;

use serde_json::json;

use crate::base::diag::MessageFormat;
use crate::base::fault::{Fault, code};
use crate::cli::ArchiveArgs;
use crate::cmd::{Exit, event};
use crate::publish::archive::{self, Report};
use crate::run::manifest::Manifest;

/// Archives what the manifests of the last build list, or (`--verify`) checks the archive.
pub fn run(args: &ArchiveArgs) -> anyhow::Result<Exit> {
    if args.verify {
        return verify(args);
    }
    let config = crate::model::config::Config::load(&args.project)
        .map_err(|e| crate::cmd::config_error(&args.project, e))?;
    let exempt_dir = config.exempt_dir();
    archive::refuse_in_output(&args.project, &args.dir)
        .map_err(|e| Fault::tag(code::CONFIG, Some(args.dir.display().to_string()), e))?;
    // While a build runs, its PDFs are being replaced: archive once it has finished, so that
    // what is archived is what it recorded.
    let _lock = if args.project.join("output").is_dir() {
        Some(crate::base::lock::acquire_file(
            &args.project.join(crate::base::lock::LOCK),
            None,
            "a build of this project",
            "archive once it has finished, so that the PDFs archived are the ones it records",
        )?)
    } else {
        None
    };
    let manifest = Manifest::read_all(
        &args.project,
        &exempt_dir,
        &config.drafts_dir(),
        "manifest.json",
    );

    if manifest.outputs.is_empty() {
        return Err(anyhow::Error::new(Fault::new(
            code::USAGE,
            None,
            format!(
                "{} has no build to archive (no output/manifest.json); run papers build first",
                args.project.display()
            ),
        )));
    }
    // Drafts are not records yet: what is archived is what was published, and what is exempt.
    let drafts = format!("{}/", config.drafts_dir());
    let outputs: Vec<_> = manifest
        .outputs
        .into_iter()
        .filter(|e| !e.path.starts_with(&drafts))
        .collect();
    let report = archive::archive(&args.project, &outputs, &args.dir, &["output", &exempt_dir])?;
    summary(&report, &args.dir, args.quiet, args.message_format);
    Ok(if report.refused.is_empty() {
        Exit::Clean
    } else {
        Exit::InputErrors
    })
}

/// What was copied and what was already there, then each refusal: for people one line on
/// stderr (and each refusal), or JSON lines on stdout (one `archived` event per file copied,
/// one error object per refusal, and a summary).
pub fn summary(report: &Report, dir: &Path, quiet: bool, format: MessageFormat) {
    let line = format!(
        "Archived {}, unchanged {}, refused {} -> {}",
        report.copied.len(),
        report.unchanged,
        report.refused.len(),
        dir.display()
    );
    match format {
        MessageFormat::Human => {
            for why in &report.refused {
                eprintln!("error: not archived: {why}");
            }
            if !quiet {
                eprintln!("{line}");
            }
        }
        MessageFormat::Json => {
            if !quiet {
                for path in &report.copied {
                    event(&json!({ "event": "archived", "path": path }));
                }
            }
            for why in &report.refused {
                event(&finding("not-archived", None, why));
            }
            if !quiet {
                event(&json!({
                    "event": "summary",
                    "archived": report.copied.len(),
                    "unchanged": report.unchanged,
                    "refused": report.refused.len(),
                    "message": line,
                }));
            }
        }
    }
}

/// One finding about the archive, shaped as a diagnostic of `papers check`.
fn finding(code: &str, file: Option<&str>, message: &str) -> serde_json::Value {
    let mut value = json!({ "severity": "error", "code": code, "message": message });
    if let Some(file) = file {
        value["file"] = json!(file);
    }
    value
}

/// `papers archive --verify DIR`: every archived file still as it was recorded, every record
/// still linked to the one before it, and no file that no record names.
fn verify(args: &ArchiveArgs) -> anyhow::Result<Exit> {
    let found = archive::verify(&args.dir)
        .map_err(|e| Fault::tag(code::USAGE, Some(args.dir.display().to_string()), e))?;
    let shown = |path: &str| args.dir.join(path).display().to_string();
    let mut findings: Vec<(&str, String, String)> = Vec::new();
    for path in &found.altered {
        findings.push((
            "archive-altered",
            shown(path),
            format!(
                "altered: {} is not what was archived (its SHA-256 differs)",
                shown(path)
            ),
        ));
    }
    for path in &found.missing {
        findings.push((
            "archive-missing",
            shown(path),
            format!("missing: {} was archived and is gone", shown(path)),
        ));
    }
    for (path, why) in &found.refused {
        findings.push(("archive-refused", path.escape_debug().to_string(), format!(
            "refused: the archive's manifest names {}, which is not the archive's to read: {why}; \
                it was not read or hashed (the manifest has been edited: restore it from a copy)",
            path.escape_debug()
        )));
    }
    for path in &found.unrecorded {
        findings.push(("archive-unrecorded", shown(path), format!(
            "unrecorded: {} is in the archive and no record names it (put there by hand, or left \
                by an archiving that was interrupted)",
            shown(&crate::base::paths::show_bidi(path))
        )));
    }
    for (path, why) in &found.broken {
        findings.push((
            "archive-record-altered",
            args.dir.join(archive::MANIFEST).display().to_string(),
            format!("record altered: {why} ({path})"),
        ));
    }
    let legacy = (found.legacy > 0).then(|| {
        format!(
            "{} written before records were linked (by an earlier Papers): their files are \
                checked, but an edit of those records together with their files cannot be told{}",
            crate::cmd::count(found.legacy, "record was", "records were"),
            if found.legacy < found.checked {
                "; the records after them seal them"
            } else {
                "; the next archiving seals them"
            }
        )
    });
    let bad = findings.len();
    let line = format!(
        "Verified {} archived files: {} altered, {} missing, {} refused, {} unrecorded, {} records \
            altered -> {}",
        found.checked,
        found.altered.len(),
        found.missing.len(),
        found.refused.len(),
        found.unrecorded.len(),
        found.broken.len(),
        args.dir.display()
    );
    let head = found.head.as_deref().unwrap_or("none");
    match args.message_format {
        MessageFormat::Human => {
            for (_, _, message) in &findings {
                eprintln!("error: {message}");
            }
            if !args.quiet || bad > 0 {
                if let Some(legacy) = &legacy {
                    eprintln!("note: {legacy}");
                }
                eprintln!("{line}");
                eprintln!(
                    "head: {head} (keep it elsewhere to tell later that the chain was not \
                        rewritten)"
                );
            }
        }
        MessageFormat::Json => {
            for (code, file, message) in &findings {
                event(&finding(code, Some(file), message));
            }
            if !args.quiet || bad > 0 {
                event(&json!({
                    "event": "summary",
                    "checked": found.checked,
                    "altered": found.altered.len(),
                    "missing": found.missing.len(),
                    "refused": found.refused.len(),
                    "unrecorded": found.unrecorded.len(),
                    "records_altered": found.broken.len(),
                    "legacy": found.legacy,
                    "head": found.head,
                    "message": match &legacy {
                        Some(l) => format!("{line}; {l}"),
                        None => line.clone(),
                    },
                }));
            }
        }
    }
    Ok(if bad == 0 {
        Exit::Clean
    } else {
        Exit::InputErrors
    })
}
