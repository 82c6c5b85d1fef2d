//! `papers manifest merge`: one manifest from the manifests of sharded builds.

use crate::build::manifest::Manifest;
use crate::cli::{ManifestArgs, ManifestCommand};
use crate::cmd::Exit;

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
            eprintln!("Merged {} manifests ({} outputs) -> {}", files.len(), merged.outputs.len(), output.display());
            Ok(Exit::Clean)
        }
    }
}
