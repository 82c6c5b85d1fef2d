//! Stage 8: nothing stale. Papers owns `output/` and the exempt tree: an output the last build
//! recorded and this one no longer produces (its workbook renamed or removed, or now exempt,
//! or now public) is removed, with its emitted Typst source, and leaves the manifest. Files
//! Papers never recorded are left alone, and a recorded path outside those trees (a manifest
//! edited by hand) is refused, not followed.

use std::collections::HashSet;
use std::path::Path;

use crate::base::diag::{Diagnostics, Severity};
use crate::run::incremental::Previous;
use crate::run::manifest::Entry;
use crate::run::pipeline::{Outcome, Project, remove_stale};

/// Removes what the previous build wrote and this one did not produce, of the outputs
/// `in_scope` says this run answers for (all of them, unless only some workbooks were
/// named). A sharded build sees only its own shard's manifest, so it never touches another
/// shard's outputs.
pub fn sweep(
    project: &Project,
    previous: &Previous,
    in_scope: &dyn Fn(&Entry) -> bool,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let current: HashSet<&str> = outcome
        .manifest
        .outputs
        .iter()
        .map(|e| e.path.as_str())
        .collect();
    let mut gone: Vec<String> = previous
        .entries()
        .filter(|e| in_scope(e) && !current.contains(e.path.as_str()))
        .map(|e| e.path.clone())
        .collect();
    gone.sort();
    let mut diags = Diagnostics::new("output/manifest.json");
    for path in gone {
        for file in [path.clone(), sibling_typ(&path)] {
            if let Err(e) = remove_stale(project, &file) {
                diags.at(
                    None,
                    None,
                    Severity::Warning,
                    "stale-output",
                    format!("{e:#}; left as it is"),
                );
                break;
            }
        }
        prune_empty_folders(project, &path);
    }
    outcome.diagnostics.extend(diags.list);
    Ok(())
}

/// The Typst source `--emit-typst` writes beside a PDF.
fn sibling_typ(path: &str) -> String {
    path.strip_suffix(".pdf")
        .map_or_else(|| format!("{path}.typ"), |s| format!("{s}.typ"))
}

/// Removes the folders of a removed output that are now empty, up to (not including) the top
/// of its tree: an exempt meeting folder whose papers all became public does not linger.
fn prune_empty_folders(project: &Project, rel: &str) {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir {
        if d.components().count() <= 1 {
            break;
        }
        // remove_dir only removes an empty folder; anything else is left.
        if std::fs::remove_dir(project.root.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}
