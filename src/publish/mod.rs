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
    Built, Done, Options, Outcome, Project, build_one, notify, parallel, read_previous, unit_of,
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
/// pool of threads) with its web page (7b), each meeting's packs as soon as its papers are
/// through (7), then the site's lists (7b), the decision notices and the register of
/// decisions (7c), the minutes (7d), nothing stale left (8), and the manifests (9).
pub fn run(project: &Project, options: &Options) -> anyhow::Result<Outcome> {
    // 1. discover, hash, read the meetings, route
    let (inputs, meetings, refused) = select(project, options)?;
    let (previous, shard_records) = if options.write {
        let (manifest, shards) = read_previous(project, options);
        (Previous::from(manifest), shards)
    } else {
        (Previous::default(), Vec::new())
    };
    let papers = Papers::new(project, options, (&inputs, &meetings), &previous)?;
    let answers = parallel(options.jobs, &inputs, |input| papers.build(input)); // 2 to 7
    let packs = papers.idle_meetings();
    let mut outcome = Outcome {
        diagnostics: refused,
        ..Outcome::default()
    };
    let (summaries, made) = papers.gather(answers, &mut outcome)?;
    pack::record(options, packs, &mut outcome)?;
    let Some(pages) = papers.pages.as_ref().filter(|_| options.write) else {
        return Ok(outcome);
    };
    // A project with nothing in it has nothing to publish: no site (what an earlier build
    // made of it is swept as stale).
    if !inputs.is_empty() || !meetings.is_empty() {
        let stage = site::Stage {
            inputs: &inputs,
            summaries: &summaries,
            made: &made,
        };
        site::build(project, options, &stage, &meetings, pages, &mut outcome)?; // 7b. web pages
        let (read, meetings) = (&inputs, &meetings);
        decisions::build(
            project,
            options,
            read,
            meetings,
            &summaries,
            &previous,
            &mut outcome,
        )?; // 7c
        minutes::build(project, options, read, meetings, &previous, &mut outcome)?; // 7d. minutes
    }
    if options.emit_typst {
        write_support_files(project)?;
    }
    let named: Vec<&str> = inputs
        .iter()
        .filter(|i| papers.named(i))
        .map(|i| i.rel.as_str())
        .collect();
    let run = (inputs.as_slice(), meetings.as_slice(), named.as_slice());
    record_run(
        project,
        options,
        run,
        (&previous, &shard_records),
        &mut outcome,
    )?; // 8, 9
    Ok(outcome)
}

/// What the build of one workbook leaves: its slips, its outcome, what the site's lists show
/// of it, and its web page's entry.
type Answer = (
    Diagnostics,
    anyhow::Result<Done>,
    Option<(String, Summary)>,
    anyhow::Result<Option<Entry>>,
);

/// What the site's lists show of each document read, by workbook.
type Summaries = Vec<(String, Summary)>;

/// Stages 2 to 7 over the workbooks of a run, each built on its own by one of a small pool of
/// threads: its document, its PDF, its web page, and (when it is the last of its meeting's
/// folder to be through) its meeting's packs.
struct Papers<'a> {
    project: &'a Project,
    options: &'a Options,
    /// The options of a paper built only for its meeting's packs: nothing written.
    companion: Options,
    inputs: &'a [Input],
    meetings: &'a [MeetingRead],
    previous: &'a Previous,
    clashes: validate::Clashes,
    /// The folders of the meetings named (all, unless workbooks are named).
    named_meetings: Vec<&'a str>,
    /// The meetings of each folder, by their place in `meetings`.
    meeting_folders: HashMap<&'a str, Vec<usize>>,
    /// Each meeting folder while its workbooks are built.
    folders: Mutex<HashMap<&'a str, Folder>>,
    /// Each meeting's packs, once made.
    packs: Mutex<Vec<Option<pack::Packs>>>,
    /// What the workers need to write each paper's web page (none for a check).
    pages: Option<site::PaperPages<'a>>,
}

impl<'a> Papers<'a> {
    fn new(
        project: &'a Project,
        options: &'a Options,
        (inputs, meetings): (&'a [Input], &'a [MeetingRead]),
        previous: &'a Previous,
    ) -> anyhow::Result<Papers<'a>> {
        let mut meeting_folders: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, m) in meetings.iter().enumerate() {
            meeting_folders
                .entry(folder_of(&m.file.rel))
                .or_default()
                .push(i);
        }
        let mut folders: HashMap<&str, Folder> = HashMap::new();
        for input in inputs {
            let folder = folder_of(&input.rel);
            if meeting_folders.contains_key(folder) {
                folders.entry(folder).or_default().left += 1;
            }
        }
        // A paper in a named paper's meeting is read for the packs, but not built or
        // reported.
        let named_meetings = meetings
            .iter()
            .filter(|m| {
                let only = options.only.as_deref();
                only.is_none_or(|o| selects(o, &m.file.rel))
            })
            .map(|m| folder_of(&m.file.rel))
            .collect();
        let pages = options
            .write
            .then(|| site::PaperPages::new(project, meetings, previous))
            .transpose()?;
        Ok(Papers {
            project,
            options,
            companion: Options {
                write: false,
                progress: None,
                ..options.clone()
            },
            inputs,
            meetings,
            previous,
            clashes: validate::Clashes::find(inputs),
            named_meetings,
            meeting_folders,
            folders: Mutex::new(folders),
            packs: Mutex::new((0..meetings.len()).map(|_| None).collect()),
            pages,
        })
    }

    /// Whether the run reports a workbook (else it is built only for its meeting's packs).
    fn named(&self, input: &Input) -> bool {
        let only = self.options.only.as_deref();
        only.is_none_or(|o| selects(o, &input.rel))
            || self.named_meetings.contains(&folder_of(&input.rel))
    }

    /// Stages 2 to 7 for one workbook.
    fn build(&self, input: &Input) -> Answer {
        let named = self.named(input);
        let options = if named { self.options } else { &self.companion };
        let mut diags = Diagnostics::new(&input.rel);
        let (project, previous) = (self.project, self.previous);
        let mut result = build_one(project, options, input, &self.clashes, previous, &mut diags);
        let Ok(done) = &mut result else {
            self.through(input, None);
            return (diags, result, None, Ok(None));
        };
        if named {
            notify(self.options, &done.entry);
        }
        // The paper's web page, from the document in hand; the lists keep its summary. Its
        // packs take the document and the bytes of its PDF.
        let summary = done
            .paper
            .as_ref()
            .map(|(rel, built)| (rel.clone(), Summary::of(&built.doc)));
        let twin = match (&done.paper, &self.pages) {
            (Some((rel, built)), Some(pages)) if named => pages.write(rel, &built.doc, &done.entry),
            _ => Ok(None),
        };
        self.through(input, Some(done));
        (diags, result, summary, twin)
    }

    /// Counts a workbook of a meeting's folder as through, keeping what its packs take; the
    /// last one through makes the packs. (Its PDF's bytes are so held only while their
    /// meeting is in progress, and one meeting's packs are made while the next one's papers
    /// are.)
    fn through(&self, input: &Input, done: Option<&mut Done>) {
        let folder = folder_of(&input.rel);
        let ready = self
            .folders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(folder)
            .and_then(|f| {
                if let Some(done) = done {
                    f.entries.push(done.entry.clone());
                    if let Some((rel, built)) = done.paper.take().filter(|_| input.place.in_meeting)
                    {
                        f.papers.push((rel, built));
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
            self.make_packs(folder, papers, entries);
        }
    }

    /// Stage 7: the packs of the meetings of `folder`.
    fn make_packs(&self, folder: &str, papers: Vec<(String, Built)>, entries: Vec<Entry>) {
        let stage = pack::Stage::new(self.inputs, &papers, &entries);
        for &i in self.meeting_folders.get(folder).into_iter().flatten() {
            let (project, options, previous) = (self.project, self.options, self.previous);
            let built =
                supplement::meeting_packs(project, options, &stage, self.meetings, i, previous);
            self.packs.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(built);
        }
    }

    /// The packs of the meetings none of whose workbooks is in this run, made now, with
    /// every meeting's packs.
    fn idle_meetings(&self) -> Vec<pack::Packs> {
        let idle: Vec<&str> = {
            let folders = self.folders.lock().unwrap_or_else(PoisonError::into_inner);
            let keys = self.meeting_folders.keys();
            keys.filter(|f| !folders.contains_key(*f))
                .copied()
                .collect()
        };
        for folder in idle {
            self.make_packs(folder, Vec::new(), Vec::new());
        }
        let mut packs = self.packs.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *packs).into_iter().flatten().collect()
    }

    /// The answers into the outcome (an exempt paper's slips withheld, a companion's left
    /// out); returns the lists' summaries and the web pages' entries.
    fn gather(
        &self,
        answers: Vec<Answer>,
        outcome: &mut Outcome,
    ) -> anyhow::Result<(Summaries, Vec<Entry>)> {
        let (mut summaries, mut made) = (Vec::new(), Vec::new());
        for ((mut diags, done, summary, twin), input) in answers.into_iter().zip(self.inputs) {
            let done = done?;
            made.extend(twin?);
            if done.entry.exempt.is_some() && !self.options.show_exempt {
                withhold(&mut diags.list);
            }
            if self.named(input) {
                outcome.manifest.outputs.push(done.entry);
                outcome.diagnostics.extend(diags.list);
            }
            summaries.extend(summary);
        }
        Ok((summaries, made))
    }
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
            let on = kept
                .published
                .as_ref()
                .and_then(|p| crate::base::date::Date::parse(&p.date))
                .map(|d| format!(" on {}", d.long()))
                .unwrap_or_default();
            let message = format!(
                "{} was published{on}; it is kept as published, and this version is not \
                    published until its errors are fixed",
                entry.path,
            );
            diags.at(None, None, Severity::Error, "published-kept", message);
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
                diags.at(
                    None,
                    None,
                    Severity::Error,
                    "published-kept",
                    format!(
                        "this workbook was published on {} as {} and is no longer in its meeting's \
                        folder; the published PDF stays published. To withdraw the item, mark its \
                        agenda row Withdrawn",
                        crate::base::date::Date::parse(&latest.published)
                            .map_or_else(|| latest.published.clone(), |d| d.long()),
                        latest.path
                    ),
                );
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
