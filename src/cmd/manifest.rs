//! `papers manifest merge`: one manifest from the manifests of sharded builds.

use crate::build::manifest::Manifest;
use crate::cli::{ManifestArgs, ManifestCommand};
use crate::cmd::Exit;

/// Runs the subcommand.
pub fn run(args: &ManifestArgs) -> anyhow::Result<Exit> {
    match &args.command {
        ManifestCommand::Merge {
            files,
            output,
            include_exempt,
        } => {
            let mut parts = Vec::new();
            for f in files {
                let m = Manifest::read(f)
                    .ok_or_else(|| anyhow::anyhow!("{} is not a Papers manifest", f.display()))?;
                if m.has_exempt() && !include_exempt {
                    anyhow::bail!(
                        "{} lists exempt papers; a merged manifest must not carry them into a public file (pass --include-exempt to merge exempt manifests into one kept apart)",
                        f.display()
                    );
                }
                parts.push(m);
            }
            if parts.iter().any(Manifest::has_exempt)
                && output.components().any(|c| c.as_os_str() == "output")
            {
                anyhow::bail!(
                    "{} is in an output/ folder, which is published; write a merged manifest of exempt papers to the exempt tree",
                    output.display()
                );
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
