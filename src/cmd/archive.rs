//! `papers archive`: copy the PDFs of the last build into an append-only archive.

use std::path::Path;

use crate::build::manifest::Manifest;
use crate::cli::ArchiveArgs;
use crate::cmd::Exit;
use crate::publish::archive::{self, Report};

/// Archives what the manifests of the last build list.
pub fn run(args: &ArchiveArgs) -> anyhow::Result<Exit> {
    let manifest = Manifest::read_all(&args.project);
    if manifest.outputs.is_empty() {
        anyhow::bail!("{} has no build to archive (no output/manifest.json); run papers build first", args.project.display());
    }
    let report = archive::archive(&args.project, &manifest.outputs, &args.dir)?;
    if !args.quiet {
        summary(&report, &args.dir);
    }
    Ok(Exit::Clean)
}

/// One line on stderr: what was copied and what was already there.
pub fn summary(report: &Report, dir: &Path) {
    eprintln!("Archived {}, unchanged {} -> {}", report.copied.len(), report.unchanged, dir.display());
}
