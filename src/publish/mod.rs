//! Floor 6, publish: what is made from the built documents (a meeting's agenda packs, the
//! archive), and [`run`], the whole build from discovering the workbooks to the manifest.

pub mod archive;
pub mod pack;

use crate::base::diag::{Diagnostics, Severity};
use crate::build::incremental::Previous;
use crate::build::pipeline::{
    Options, Outcome, Project, discover, finish, folder_of, hash_sources, notify, parallel, process, read_previous, unit_of,
    write_support_files,
};
use crate::model::validate;

/// Runs the whole build over a project, as named stages: every document through the
/// pipeline's stages 1 to 6 (each on its own, on a small pool of threads), then what is
/// published from them (7, meeting packs), then the manifest.
pub fn run(project: &Project, options: &Options) -> anyhow::Result<Outcome> {
    let mut inputs = discover(&project.root)?; // 1. discover
    let meetings = crate::model::meeting::discover(&project.root)?;
    if let Some(shard) = options.shard {
        inputs.retain(|i| shard.owns(unit_of(i, &meetings)));
    }
    hash_sources(&mut inputs, &meetings, options);
    let previous = if options.write && !options.force { Previous::from(read_previous(project, options)) } else { Previous::default() };
    // Exempt papers' PDFs go to exempt/, never to the public folder.
    crate::model::meeting::route_exempt(&project.root, &mut inputs, &options.limits, options.write, &|i| previous.routed_exempt(&i.sources))?;
    let clashes = validate::Clashes::find(&inputs);
    let results = parallel(options.jobs, &inputs, |input| {
        let mut diags = Diagnostics::new(&input.rel);
        clashes.report(input, &mut diags);
        if !diags.has_errors()
            && let Some(entry) = previous.unchanged(&project.root, &input.output, &input.sources, &project.fingerprint)
        {
            notify(options, &entry);
            return (diags, Ok(entry));
        }
        let built = match crate::workbook::read_file(&input.path, &options.limits) {
            // A bug that a strange file trips fails that document, not the run.
            Ok(bytes) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                process(project, options, &bytes, &input.output, &mut diags)
            }))
            .unwrap_or_else(|_| {
                diags.at(None, None, Severity::Error, "internal-error", "Papers failed on this file (a bug: please report it with the file); the other documents are not affected");
                None
            }),
            Err(e) => {
                diags.at(None, None, Severity::Error, "unreadable-file", format!("cannot read the file: {e}"));
                None
            }
        };
        let entry = finish(project, options, input, built, &diags); // 6. write
        if let Ok(entry) = &entry {
            notify(options, entry);
        }
        (diags, entry)
    });

    let mut outcome = Outcome::default();
    for (diags, entry) in results {
        outcome.manifest.outputs.push(entry?);
        outcome.diagnostics.extend(diags.list);
    }
    let meetings: Vec<_> = meetings.into_iter().filter(|m| options.shard.is_none_or(|s| s.owns(folder_of(&m.rel)))).collect();
    pack::build_meetings(project, options, &inputs, &meetings, &previous, &mut outcome)?; // 7. meeting packs
    if options.write && options.emit_typst {
        write_support_files(project)?;
    }
    if options.write {
        match options.shard {
            None => outcome.manifest.write_split(&project.root)?,
            Some(shard) => outcome.manifest.write_shard(&project.root, &shard.manifest())?,
        }
    }
    Ok(outcome)
}
