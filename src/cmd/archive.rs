//! `papers archive`: copy the PDFs of the last build into an append-only archive.

use std::path::Path;

use crate::build::manifest::Manifest;
use crate::cli::ArchiveArgs;
use crate::cmd::Exit;
use crate::publish::archive::{self, Report};

/// Archives what the manifests of the last build list, or (`--verify`) checks the archive.
pub fn run(args: &ArchiveArgs) -> anyhow::Result<Exit> {
    if args.verify {
        return verify(args);
    }
    let config = crate::model::config::Config::load(&args.project)?;
    let exempt_dir = config.exempt_dir();
    archive::refuse_in_output(&args.project, &args.dir)?;
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
        anyhow::bail!(
            "{} has no build to archive (no output/manifest.json); run papers build first",
            args.project.display()
        );
    }
    // Drafts are not records yet: what is archived is what was published, and what is exempt.
    let drafts = format!("{}/", config.drafts_dir());
    let outputs: Vec<_> = manifest
        .outputs
        .into_iter()
        .filter(|e| !e.path.starts_with(&drafts))
        .collect();
    let report = archive::archive(&args.project, &outputs, &args.dir, &["output", &exempt_dir])?;
    summary(&report, &args.dir, args.quiet);
    Ok(if report.refused.is_empty() {
        Exit::Clean
    } else {
        Exit::InputErrors
    })
}

/// One line on stderr: what was copied and what was already there; then each refusal.
pub fn summary(report: &Report, dir: &Path, quiet: bool) {
    for why in &report.refused {
        eprintln!("error: not archived: {why}");
    }
    if !quiet {
        eprintln!(
            "Archived {}, unchanged {}, refused {} -> {}",
            report.copied.len(),
            report.unchanged,
            report.refused.len(),
            dir.display()
        );
    }
}

/// `papers archive --verify DIR`: every archived file still as it was recorded.
fn verify(args: &ArchiveArgs) -> anyhow::Result<Exit> {
    let found = archive::verify(&args.dir)?;
    for path in &found.altered {
        eprintln!(
            "error: altered: {} is not what was archived (its SHA-256 differs)",
            args.dir.join(path).display()
        );
    }
    for path in &found.missing {
        eprintln!(
            "error: missing: {} was archived and is gone",
            args.dir.join(path).display()
        );
    }
    for (path, why) in &found.refused {
        eprintln!(
            "error: refused: the archive's manifest names {}, which is not the archive's to read: {why}; it was not read or hashed (the manifest has been edited: restore it from a copy)",
            path.escape_debug()
        );
    }
    let bad = found.altered.len() + found.missing.len() + found.refused.len();
    if !args.quiet || bad > 0 {
        eprintln!(
            "Verified {} archived files: {} altered, {} missing, {} refused -> {}",
            found.checked,
            found.altered.len(),
            found.missing.len(),
            found.refused.len(),
            args.dir.display()
        );
    }
    Ok(if bad == 0 {
        Exit::Clean
    } else {
        Exit::InputErrors
    })
}
