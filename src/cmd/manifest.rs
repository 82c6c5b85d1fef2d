//! `papers manifest merge`: one manifest from the manifests of sharded builds.

use crate::cli::{ManifestArgs, ManifestCommand};
use crate::cmd::Exit;
use crate::manifest::Manifest;

/// Runs the subcommand.
pub fn run(args: &ManifestArgs) -> anyhow::Result<Exit> {
    match &args.command {
        ManifestCommand::Merge { files, output } => {
            let mut parts = Vec::new();
            for f in files {
                let m = Manifest::read(f).ok_or_else(|| anyhow::anyhow!("{} is not a Papers manifest", f.display()))?;
                parts.push(m);
            }
            let mut merged = Manifest::merge(parts)?;
            merged.write(output)?;
            eprintln!(
                "Merged {} ({}) -> {}",
                crate::cmd::count(files.len(), "manifest", "manifests"),
                crate::cmd::count(merged.outputs.len(), "output", "outputs"),
                output.display()
            );
            Ok(Exit::Clean)
        }
    }
}
