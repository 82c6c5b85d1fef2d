//! Floor 6, publish: what is made from the built documents (a meeting's agenda packs, the
//! web pages, the archive), and [`run`], the whole build from discovering the workbooks to
//! the manifest.

pub mod archive;
pub mod pack;
pub mod site;

use crate::base::diag::Diagnostics;
use crate::build::incremental::Previous;
use crate::build::pipeline::{Built, Options, Outcome, Project, build_one, notify, parallel, read_previous, unit_of, withhold, write_support_files};
use crate::base::paths::folder_of;
use crate::build::survey::Survey;
use crate::model::validate;

/// Runs the whole build over a project, as named stages: discover the workbooks and meetings
/// once (1), every document through the pipeline's stages 2 to 6 (each on its own, on a small
/// pool of threads), what is published from them (7, meeting packs), nothing stale left (8),
/// then the manifests.
pub fn run(project: &Project, options: &Options) -> anyhow::Result<Outcome> {
    let survey = Survey::take(project, options)?; // 1. discover, hash, read the meetings, route
    let Survey { mut inputs, mut meetings, refused } = survey;
    if let Some(shard) = options.shard {
        let folders: Vec<&str> = meetings.iter().map(|m| folder_of(&m.file.rel)).collect();
        inputs.retain(|i| shard.owns(unit_of(i, &folders)));
        meetings.retain(|m| shard.owns(folder_of(&m.file.rel)));
    }
    let previous = if options.write { Previous::from(read_previous(project, options)) } else { Previous::default() };
    let clashes = validate::Clashes::find(&inputs);
    let results = parallel(options.jobs, &inputs, |input| {
        let mut diags = Diagnostics::new(&input.rel);
        let result = build_one(project, options, input, &clashes, &previous, &mut diags);
        if let Ok(done) = &result {
            notify(options, &done.entry);
        }
        (diags, result)
    });

    let mut outcome = Outcome { diagnostics: refused, ..Outcome::default() };
    let mut papers = Vec::new();
    let mut docs = Vec::new();
    for ((mut diags, done), input) in results.into_iter().zip(&inputs) {
        let done = done?;
        if done.entry.exempt.is_some() && !options.show_exempt {
            withhold(&mut diags.list);
        }
        outcome.manifest.outputs.push(done.entry);
        outcome.diagnostics.extend(diags.list);
        if let Some((rel, built)) = &done.paper {
            docs.push((rel.clone(), built.doc.clone()));
        }
        // The packs take each meeting paper as it was read and rendered here (not its PDF).
        if let Some((rel, built)) = done.paper.filter(|_| input.place.in_meeting) {
            papers.push((rel, Built { pdf: None, ..built }));
        }
    }
    let stage = pack::Stage { inputs: &inputs, papers: &papers, entries: &outcome.manifest.outputs.clone() };
    pack::build_meetings(project, options, &stage, &meetings, &previous, &mut outcome)?; // 7. meeting packs
    if options.write {
        site::build(project, options, &site::Stage { inputs: &inputs, docs: &docs }, &meetings, &previous, &mut outcome)?; // 7b. web pages
        if options.emit_typst {
            write_support_files(project)?;
        }
        crate::build::stale::sweep(project, options, &previous, &inputs, &meetings, &mut outcome)?; // 8. nothing stale
        outcome.manifest.write_split(&project.root, &project.config.exempt_dir(), &crate::build::pipeline::manifest_name(options.shard))?;
    }
    Ok(outcome)
}

