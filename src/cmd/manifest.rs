//! `papers manifest merge`: one manifest from the manifests of sharded builds.

use crate::cli::{ManifestArgs, ManifestCommand};
use crate::cmd::Exit;
use crate::run::manifest::Manifest;

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
                        "{} lists exempt papers; a merged manifest must not carry them into a \
                            public file (pass --include-exempt to merge exempt manifests into one \
                            kept apart)",
                        f.display()
                    );
                }
                parts.push(m);
            }
            if parts.iter().any(Manifest::has_exempt) {
                refuse_published(output)?;
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

/// Refuses to write a merged manifest of exempt papers into an `output/` folder, which is
/// published: by the path as given, and as it resolves (every link followed), so that a
/// link cannot steer it there. Checked before anything is written.
fn refuse_published(output: &std::path::Path) -> anyhow::Result<()> {
    let real = crate::base::paths::real_path(output);
    let in_output = |p: &std::path::Path| p.components().any(|c| c.as_os_str() == "output");
    if in_output(output) || in_output(&real) {
        anyhow::bail!(
            "{} {}is in an output/ folder, which is published; nothing was written. Write a merged \
                manifest of exempt papers to the exempt tree, such as exempt/manifest.json",
            output.display(),
            if in_output(output) {
                String::new()
            } else {
                format!("resolves to {}, which ", real.display())
            }
        );
    }
    Ok(())
}
