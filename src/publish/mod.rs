//! Floor 6, publish: what is made from the built documents (a meeting's agenda packs, the
//! web pages, the archive), and [`run`], the whole build from discovering the workbooks to
//! the manifest.

pub mod archive;
pub mod decisions;
pub mod minutes;
pub mod pack;
pub mod site;
pub mod supplement;

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use crate::base::diag::Diagnostics;
use crate::base::paths::{Input, folder_of, selects};
use crate::model::validate;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Summary};
use crate::run::pipeline::{
    Built, Options, Outcome, Project, build_one, notify, parallel, read_previous, unit_of,
    withhold, write_support_files,
};
use crate::run::survey::{MeetingRead, Survey};

/// A meeting folder while its workbooks are built: how many are still to come, and what the
/// done ones left for the packs.
#[derive(Default)]
struct Folder {
    left: usize,
    papers: Vec<(String, Built)>,
    entries: Vec<Entry>,
}

/// Runs the whole build over a project, as named stages: discover the workbooks and meetings
/// once (1), every document through the pipeline's stages 2 to 6 (each on its own, on a small
/// pool of threads), what is published from them (7: each meeting's packs, as soon as its
/// papers are through; 7b: the web pages; 7c: the decision notices and the register of
/// decisions; 7d: the minutes), nothing stale left (8), then the manifests.
pub fn run(project: &Project, options: &Options) -> anyhow::Result<Outcome> {
    let (inputs, meetings, refused) = select(project, options)?; // 1. discover, hash, read the meetings, route
    let clashes = validate::Clashes::find(&inputs);
    let (previous, shard_records) = if options.write {
        let (manifest, shards) = read_previous(project, options);
        (Previous::from(manifest), shards)
    } else {
        (Previous::default(), Vec::new())
    };
    // A paper in a named paper's meeting is read for the packs, but not built or reported.
    let named_meetings: Vec<&str> = meetings
        .iter()
        .filter(|m| {
            options
                .only
                .as_deref()
                .is_none_or(|o| selects(o, &m.file.rel))
        })
        .map(|m| folder_of(&m.file.rel))
        .collect();
    let named = |i: &Input| {
        options.only.as_deref().is_none_or(|o| selects(o, &i.rel))
            || named_meetings.contains(&folder_of(&i.rel))
    };
    let companion = Options {
        write: false,
        progress: None,
        ..options.clone()
    };
    // A meeting's packs are built as soon as the last workbook of its folder is through,
    // by the thread that did it: its papers' laid-out pages are held only while their meeting
    // is in progress, and the packs of one meeting are made while the next one's papers are.
    let mut meeting_folders: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, m) in meetings.iter().enumerate() {
        meeting_folders
            .entry(folder_of(&m.file.rel))
            .or_default()
            .push(i);
    }
    let mut folders: HashMap<&str, Folder> = HashMap::new();
    for input in &inputs {
        let folder = folder_of(&input.rel);
        if meeting_folders.contains_key(folder) {
            folders.entry(folder).or_default().left += 1;
        }
    }
    let folders = Mutex::new(folders);
    let packs: Mutex<Vec<Option<pack::Packs>>> =
        Mutex::new((0..meetings.len()).map(|_| None).collect());
    // 7b for each paper: its web page, written by the worker that built it.
    let pages = options
        .write
        .then(|| site::PaperPages::new(project, &meetings, &previous))
        .transpose()?;
    let build_packs = |folder: &str, papers: Vec<(String, Built)>, entries: Vec<Entry>| {
        let stage = pack::Stage::new(&inputs, &papers, &entries);
        for &i in meeting_folders.get(folder).into_iter().flatten() {
            let built =
                supplement::meeting_packs(project, options, &stage, &meetings, i, &previous); // 7. meeting packs
            packs.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(built);
        }
    };
    let results = parallel(options.jobs, &inputs, |input| {
        let mut diags = Diagnostics::new(&input.rel);
        let mut result = build_one(
            project,
            if named(input) { options } else { &companion },
            input,
            &clashes,
            &previous,
            &mut diags,
        );
        if let Ok(done) = &result
            && named(input)
        {
            notify(options, &done.entry);
        }
        // The paper's web page, from the document in hand; the lists keep its summary. Its
        // packs take the document and its laid-out pages (never its PDF).
        let (summary, twin) = match (&result, &pages) {
            (Ok(done), Some(pages)) if named(input) => match &done.paper {
                Some((rel, built)) => (
                    Some((rel.clone(), Summary::of(&built.doc))),
                    pages.write(rel, &built.doc, &done.entry),
                ),
                None => (None, Ok(None)),
            },
            (Ok(done), _) => (
                done.paper
                    .as_ref()
                    .map(|(rel, built)| (rel.clone(), Summary::of(&built.doc))),
                Ok(None),
            ),
            _ => (None, Ok(None)),
        };
        let folder = folder_of(&input.rel);
        let ready = folders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(folder)
            .and_then(|f| {
                if let Ok(done) = &mut result {
                    f.entries.push(done.entry.clone());
                    if let Some((rel, built)) = done.paper.take().filter(|_| input.place.in_meeting)
                    {
                        f.papers.push((rel, Built { pdf: None, ..built }));
                    }
                }
                f.left -= 1;
                (f.left == 0).then(|| {
                    (
                        std::mem::take(&mut f.papers),
                        std::mem::take(&mut f.entries),
                    )
                })
            });
        if let Some((papers, entries)) = ready {
            build_packs(folder, papers, entries);
        }
        (diags, result, summary, twin)
    });
    // A meeting none of whose workbooks is in this run.
    let folders = folders.into_inner().unwrap_or_else(PoisonError::into_inner);
    for folder in meeting_folders.keys().filter(|f| !folders.contains_key(*f)) {
        build_packs(folder, Vec::new(), Vec::new());
    }

    let mut outcome = Outcome {
        diagnostics: refused,
        ..Outcome::default()
    };
    let mut summaries = Vec::new();
    let mut made = Vec::new();
    for ((mut diags, done, summary, twin), input) in results.into_iter().zip(&inputs) {
        let done = done?;
        made.extend(twin?);
        if done.entry.exempt.is_some() && !options.show_exempt {
            withhold(&mut diags.list);
        }
        if named(input) {
            outcome.manifest.outputs.push(done.entry);
            outcome.diagnostics.extend(diags.list);
        }
        summaries.extend(summary);
    }
    let packs = packs
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect();
    pack::record(options, packs, &mut outcome)?;
    if options.write {
        // A project with nothing in it has nothing to publish: no site (what an earlier build
        // made of it is swept as stale).
        if let Some(pages) = pages.filter(|_| !inputs.is_empty() || !meetings.is_empty()) {
            let stage = site::Stage {
                inputs: &inputs,
                summaries: &summaries,
                made: &made,
            };
            site::build(project, options, &stage, &meetings, &pages, &mut outcome)?; // 7b. web pages
            decisions::build(
                project,
                options,
                &inputs,
                &meetings,
                &summaries,
                &previous,
                &mut outcome,
            )?; // 7c. decision notices and the register
            minutes::build(
                project,
                options,
                &inputs,
                &meetings,
                &previous,
                &mut outcome,
            )?; // 7d. minutes
        }
        if options.emit_typst {
            write_support_files(project)?;
        }
        let named: Vec<&str> = inputs
            .iter()
            .filter(|i| named(i))
            .map(|i| i.rel.as_str())
            .collect();
        record_run(
            project,
            options,
            (&inputs, &meetings, &named),
            (&previous, &shard_records),
            &mut outcome,
        )?; // 8, 9
    }
    Ok(outcome)
}

/// Stage 1: the survey of the project, narrowed to this shard's share and to the named
/// workbooks with every paper of their meetings (which the packs need; an unchanged one
/// costs a hash).
fn select(
    project: &Project,
    options: &Options,
) -> anyhow::Result<(
    Vec<Input>,
    Vec<MeetingRead>,
    Vec<crate::base::diag::Diagnostic>,
)> {
    let Survey {
        mut inputs,
        mut meetings,
        refused,
    } = Survey::take(project, options)?;
    if let Some(shard) = options.shard {
        let folders: Vec<&str> = meetings.iter().map(|m| folder_of(&m.file.rel)).collect();
        inputs.retain(|i| shard.owns(unit_of(i, &folders)));
        meetings.retain(|m| shard.owns(folder_of(&m.file.rel)));
    }
    if let Some(only) = &options.only {
        let folders: Vec<String> = meetings
            .iter()
            .map(|m| folder_of(&m.file.rel).to_owned())
            .filter(|f| {
                meetings
                    .iter()
                    .any(|m| folder_of(&m.file.rel) == f && selects(only, &m.file.rel))
                    || inputs
                        .iter()
                        .any(|i| folder_of(&i.rel) == f && selects(only, &i.rel))
            })
            .collect();
        inputs.retain(|i| selects(only, &i.rel) || folders.iter().any(|f| folder_of(&i.rel) == f));
        meetings.retain(|m| folders.iter().any(|f| folder_of(&m.file.rel) == f));
    }
    Ok((inputs, meetings, refused))
}

/// Stages 8 and 9: keep every file of the published record, remove what is stale, then write
/// the ledger (first: what was published and what was exempt outlives any slip) and the
/// manifests. `named` are the workbooks this run answers for (a build of named workbooks
/// answers for those only: what the last build recorded of the others is kept).
fn record_run(
    project: &Project,
    options: &Options,
    (inputs, meetings, named): (&[Input], &[MeetingRead], &[&str]),
    (previous, shard_records): (&Previous, &[String]),
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let sources: Vec<&str> = named
        .iter()
        .copied()
        .chain(meetings.iter().map(|m| m.file.rel.as_str()))
        .collect();
    let in_scope = |e: &Entry| {
        options.only.is_none()
            || e.sources.first().is_some_and(|s| {
                sources.contains(&s.path.as_str()) || !project.root.join(&s.path).exists()
            })
    };
    keep_published(project, options, previous, inputs, meetings, outcome);
    crate::run::stale::sweep(project, previous, &in_scope, outcome)?; // 8. nothing stale
    let mut written = outcome.manifest.clone();
    let kept: Vec<_> = previous
        .entries()
        .filter(|e| !in_scope(e) && !written.outputs.iter().any(|n| n.path == e.path))
        .cloned()
        .collect();
    written.outputs.extend(kept);
    let mut ledger = project.ledger.clone();
    let today = options
        .today
        .unwrap_or_else(crate::model::validate::today_utc);
    let seen: Vec<crate::run::ledger::MeetingSeen> = meetings
        .iter()
        .map(|m| crate::run::ledger::MeetingSeen {
            folder: folder_of(&m.file.rel).to_owned(),
            workbook: m.file.rel.rsplit('/').next().unwrap_or_default().to_owned(),
            committee: m.meeting.as_ref().map(|x| x.committee.clone()),
            date: m
                .meeting
                .as_ref()
                .map(|x| x.date)
                .filter(|d| *d != crate::base::date::UNDATED),
            published: m.published,
        })
        .collect();
    ledger.note_run(&seen, inputs, &written.outputs, today); // 9. the record, then the manifests
    let ledger_path = crate::run::pipeline::owned_path(
        project,
        &format!(
            "{}/{}",
            project.config.exempt_dir(),
            crate::run::ledger::file_name(options.shard.map(|s| (s.k, s.n)))
        ),
    )?;
    ledger.write(&ledger_path)?;
    written.write_split(
        &project.root,
        &project.config.exempt_dir(),
        &project.config.drafts_dir(),
        &crate::run::pipeline::manifest_name(options.shard),
    )?;
    // A whole unsharded build has taken in what the shards recorded.
    if options.shard.is_none() && options.only.is_none() {
        crate::run::pipeline::remove_shard_records(project, shard_records)?;
    }
    Ok(())
}

/// What is published stays published: an entry of the published record that this run did
/// not make (its paper failed, is held, or its workbook is gone) is kept as the last build
/// recorded it, and a paper that fails or is gone after publication is an error that says
/// what is kept.
fn keep_published(
    project: &crate::run::pipeline::Project,
    options: &Options,
    previous: &Previous,
    inputs: &[Input],
    meetings: &[MeetingRead],
    outcome: &mut Outcome,
) {
    use crate::base::diag::Severity;
    use crate::run::manifest::Status;
    let ledger = &project.ledger;
    let protected = ledger.protected();
    for entry in &mut outcome.manifest.outputs {
        if entry.status == Status::Failed
            && protected.contains(&entry.path)
            && let Some(kept) = previous.get(&entry.path)
        {
            let mut diags = Diagnostics::new(
                entry
                    .sources
                    .first()
                    .map_or(entry.path.as_str(), |s| s.path.as_str()),
            );
            diags.at(None, None, Severity::Error, "published-kept", format!(
                "{} was published{}; it is kept as published, and this version is not published until its errors are fixed",
                entry.path,
                kept.published.as_ref().and_then(|p| crate::base::date::Date::parse(&p.date)).map(|d| format!(" on {}", d.long())).unwrap_or_default()
            ));
            outcome.diagnostics.extend(diags.list);
            *entry = Entry {
                status: Status::Unchanged,
                ..kept.clone()
            };
        }
    }
    let present: std::collections::HashSet<String> = outcome
        .manifest
        .outputs
        .iter()
        .map(|e| e.path.clone())
        .collect();
    for (folder, record) in &ledger.meetings {
        // Another shard's meeting, or one a build of named workbooks did not take: its papers
        // are not this run's to miss.
        let named = || meetings.iter().any(|m| folder_of(&m.file.rel) == folder);
        if options.shard.is_some_and(|s| !s.owns(folder)) || (options.only.is_some() && !named()) {
            continue;
        }
        let agenda = meetings
            .iter()
            .find(|m| folder_of(&m.file.rel) == folder)
            .and_then(|m| m.meeting.as_ref());
        for (rel, paper) in &record.papers {
            let Some(latest) = paper.versions.last() else {
                continue;
            };
            // Gone from the folder (not merely left out of a build of named workbooks).
            let gone = !inputs.iter().any(|i| &i.rel == rel) && !project.root.join(rel).exists();
            // Withdrawn, or replaced on its row by another workbook: nothing to say.
            let settled = agenda.is_some_and(|m| {
                m.items.iter().any(|i| {
                    (i.report.as_deref() == Some(rel) && i.withdrawn)
                        || (i.number == paper.item
                            && (i.withdrawn || i.report.as_deref().is_some_and(|r| r != rel)))
                })
            });
            if gone && !settled {
                let mut diags = Diagnostics::new(rel);
                diags.at(None, None, Severity::Error, "published-kept", format!(
                    "this workbook was published on {} as {} and is no longer in its meeting's folder; the published PDF stays published. To withdraw the item, mark its agenda row Withdrawn",
                    crate::base::date::Date::parse(&latest.published).map_or_else(|| latest.published.clone(), |d| d.long()),
                    latest.path
                ));
                outcome.diagnostics.extend(diags.list);
            }
        }
    }
    // Every file of the record, and the web page of each, stays in the manifest.
    for entry in previous.entries() {
        if !present.contains(&entry.path)
            && protected.contains(&entry.path)
            && project.root.join(&entry.path).is_file()
        {
            outcome.manifest.outputs.push(Entry {
                status: Status::Unchanged,
                ..entry.clone()
            });
        }
    }
}
