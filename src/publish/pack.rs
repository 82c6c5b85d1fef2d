//! Agenda packs: a meeting's front sheet and agenda, typeset with a stand-in for each paper,
//! and its papers' own PDFs put together into one document with one tag tree, one outline
//! and the pack's page numbers (see [`crate::render::pdf::assemble`]), giving the public
//! `agenda-pack.pdf` and, apart from it in the exempt tree, `exempt-pack.pdf`.
//!
//! A pack is built only when every part of it is: if the meeting workbook or any paper in
//! the pack has errors, the pack is not built and an earlier copy of it is removed.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;

use serde::Serialize;

use crate::base::diag::{Diagnostics, Severity};
use crate::base::hash::sha256;
use crate::base::paths::{Input, Source, write_atomic};
use crate::model::document::{Document, LogoRef};
use crate::model::meeting::{AgendaItem, Meeting};
use crate::render::pdf::assemble::{Part, assemble, page_sizes, stand_in_starts};
use crate::render::pdf::typeset::{Pdf, bounded, compacted, export_loose, layout};
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Status};
use crate::run::pipeline::{self, Options, Outcome, Project, remove_stale};
use crate::run::survey::MeetingRead;
use crate::workbook::read_file;

/// The public pack, in the meeting's output folder.
pub const PUBLIC_PACK: &str = "agenda-pack.pdf";
/// The pack of exempt papers, in the meeting's folder of the exempt tree.
pub const EXEMPT_PACK: &str = "exempt-pack.pdf";
/// The template of both packs' own pages.
pub const TEMPLATE: &str = crate::run::ledger::PACK_TEMPLATE;

/// One agenda row as a pack shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// Item number.
    pub item: String,
    /// Title.
    pub title: String,
    /// The 1-based position of the item's paper among the papers of this pack, if it has one.
    pub paper: Option<usize>,
    /// The Schedule 12A paragraph when the item is exempt.
    pub exempt: Option<String>,
    /// The report is to follow: the agenda prints "Report to follow" in place of a page.
    pub follow: bool,
    /// In a supplement, what it does to the item ("Added to the agenda", "Replaces the
    /// report published on 5 January 2027", "Withdrawn").
    pub change: Option<String>,
}

/// One paper of a pack, as its stand-in in the pack's template sees it: its pages' sizes,
/// and the exemption its own pages show.
#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    /// 1, 2 ...: its place among the papers of the pack.
    pub number: usize,
    /// The agenda item number (which its bookmark carries: "8. Reducing inequalities action
    /// plan").
    pub item: String,
    /// The Schedule 12A paragraph its own pages are marked with, if any.
    pub exempt: Option<String>,
    /// The size of each of its pages, in points.
    pub pages: Vec<PageSize>,
}

/// A page's size in points.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PageSize {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// What the `agenda-pack` template sees: the front sheet, the agenda and the papers to
/// include (at `/paper-1.typ`, `/paper-2.typ` ...).
#[derive(Debug, Clone, Serialize)]
pub struct PackView {
    /// The council.
    pub council: Option<String>,
    /// The logo, if configured.
    pub logo: Option<LogoRef>,
    /// The committee.
    pub committee: String,
    /// "Wednesday 4 November 2015".
    pub date: String,
    /// "4 November 2015", for running headers.
    pub short_date: String,
    /// Time of the meeting.
    pub time: Option<String>,
    /// Venue.
    pub venue: Option<String>,
    /// Members, one per entry.
    pub members: Vec<String>,
    /// Who to contact.
    pub contact: Option<String>,
    /// The date of publication: the Meeting sheet's Published, else `--today`, else the
    /// day of the build.
    pub published: Option<String>,
    /// The banner on every page of the exempt pack.
    pub banner: Option<String>,
    /// "Supplement 1" on a supplementary pack's front sheet.
    pub supplement: Option<String>,
    /// The agenda's heading.
    pub agenda_title: String,
    /// A note under the agenda.
    pub note: Option<String>,
    /// The agenda rows.
    pub items: Vec<ItemView>,
    /// 1, 2 ... one per paper to include, in order.
    pub papers: Vec<usize>,
    /// The papers to include, in order: their item numbers, exemptions and page sizes.
    pub parts: Vec<PartView>,
    /// How many papers there are.
    pub paper_count: usize,
}

/// A meeting's paper, as the document stage read and rendered it.
pub(crate) struct Paper<'a> {
    pub(crate) item: &'a AgendaItem,
    pub(crate) rel: String,
    /// Its context and Typst source, when it has no errors.
    pub(crate) rendered: Option<(Document, String)>,
    /// Its own PDF as this build wrote it, if it did (else its pack reads it from disk, or
    /// typesets it again), with its pages' sizes.
    pub(crate) pdf: Option<crate::render::pdf::assemble::PaperPdf>,
    /// Where an earlier build wrote its PDF, and the SHA-256 the manifest records of it.
    pub(crate) written: Option<(String, String)>,
    /// SHA-256 of the workbook.
    pub(crate) hash: String,
    /// The paragraph the document stage routed it to the exempt tree under, if it did (by
    /// the agenda, the same workbook on another agenda, or its own Cover).
    pub(crate) exempt: Option<String>,
}

/// What the document stage left for the packs, found by workbook (`inputs/x/p.xlsx`) in one
/// look-up each: a meeting asks about each of its papers, and a run may hold thousands.
pub struct Stage<'a> {
    /// The inputs of the run.
    pub(crate) inputs: HashMap<&'a str, &'a Input>,
    /// Each rendered document, without its PDF.
    pub(crate) papers: HashMap<&'a str, &'a crate::run::pipeline::Built>,
    /// The entry of each document of the run.
    pub(crate) entries: HashMap<&'a str, &'a Entry>,
    /// Whether every document of a folder under `inputs/` was found unchanged.
    pub(crate) unchanged: HashMap<&'a str, bool>,
}

impl<'a> Stage<'a> {
    /// Indexes the inputs, rendered papers and entries of the document stage.
    pub fn new(
        inputs: &'a [Input],
        papers: &'a [(String, crate::run::pipeline::Built)],
        entries: &'a [Entry],
    ) -> Self {
        let mut unchanged: HashMap<&str, bool> = HashMap::new();
        let mut by_source: HashMap<&str, &Entry> = HashMap::new();
        for entry in entries {
            let Some(first) = entry.sources.first() else {
                continue;
            };
            by_source.entry(first.path.as_str()).or_insert(entry);
            *unchanged
                .entry(crate::base::paths::folder_of(&first.path))
                .or_insert(true) &= entry.status == Status::Unchanged;
        }
        Stage {
            inputs: inputs.iter().map(|i| (i.rel.as_str(), i)).collect(),
            papers: papers.iter().map(|(r, b)| (r.as_str(), b)).collect(),
            entries: by_source,
            unchanged,
        }
    }
}

/// What one meeting's packs came to: its workbook's findings, and the packs' entries.
pub type Packs = (Diagnostics, anyhow::Result<Vec<Entry>>);

/// Stage 7 for the meeting `meetings[index]`: builds (or, for a check, only validates) its
/// packs, from what the document stage left of the papers of its folder (`stage`).
pub fn build_meeting_packs(
    project: &Project,
    options: &Options,
    stage: &Stage,
    meetings: &[MeetingRead],
    index: usize,
    previous: &Previous,
) -> Packs {
    let read = &meetings[index];
    let mut diags = meeting_diags(meetings, index);
    if options.write
        && !diags.has_errors()
        && let Some(entries) = unchanged_packs(project, stage, read, previous)
    {
        return (diags, Ok(entries));
    }
    let entries = std::panic::catch_unwind(AssertUnwindSafe(|| {
        build_meeting(project, options, stage, read, &mut diags)
    }))
    .unwrap_or_else(|_| {
        diags.at(
            None,
            None,
            Severity::Error,
            "internal-error",
            "Papers failed on this meeting \
                (a bug: please report it with the file); the other documents are not affected",
        );
        fail_all(project, options, read, &diags)
    });
    (diags, entries)
}

/// The findings a meeting's packs start from: its workbook's own, and a second meeting
/// workbook in its folder.
pub(crate) fn meeting_diags(meetings: &[MeetingRead], index: usize) -> Diagnostics {
    let read = &meetings[index];
    let mut diags = Diagnostics::new(&read.file.rel);
    diags.list.clone_from(&read.diags);
    if let Some(other) = meetings
        .iter()
        .find(|m| m.file.output_dir == read.file.output_dir && m.file.rel != read.file.rel)
    {
        diags.at(
            None,
            None,
            Severity::Error,
            "two-meetings",
            format!(
                "{} is also a meeting workbook in this folder; a folder holds one meeting",
                other.file.rel
            ),
        );
    }
    diags
}

/// Adds the meetings' packs (in meeting order) to `outcome`: their manifest entries, and the
/// meeting workbooks' findings, those about exempt papers withheld unless asked for.
pub fn record(options: &Options, results: Vec<Packs>, outcome: &mut Outcome) -> anyhow::Result<()> {
    for (mut diags, entries) in results {
        let entries = entries?;
        if options.write {
            entries.iter().for_each(|e| pipeline::notify(options, e));
        }
        if !options.show_exempt {
            let (mut private, public): (Vec<_>, Vec<_>) =
                diags.list.into_iter().partition(|d| d.about_exempt);
            pipeline::withhold(&mut private);
            diags.list = public.into_iter().chain(private).collect();
        }
        outcome.manifest.outputs.extend(entries);
        outcome.diagnostics.extend(diags.list);
    }
    Ok(())
}

/// The public pack's path (in the drafts tree until the agenda is published), and the
/// exempt pack's (in the exempt tree).
pub(crate) fn pack_paths(project: &Project, read: &MeetingRead) -> [String; 2] {
    let public = format!("{}/{PUBLIC_PACK}", read.file.output_dir);
    [
        if read.is_published() {
            public
        } else {
            pipeline::draft_output(&project.config.drafts_dir(), &public)
        },
        pipeline::exempt_output(
            &project.config.exempt_dir(),
            &format!("{}/{EXEMPT_PACK}", read.file.output_dir),
        ),
    ]
}

/// The packs of a meeting as the last build left them, when nothing they are made of has
/// changed: the meeting workbook, every paper in them, and every document of the meeting's
/// folder (all found unchanged in this build), and the project's fingerprint.
fn unchanged_packs(
    project: &Project,
    stage: &Stage,
    read: &MeetingRead,
    previous: &Previous,
) -> Option<Vec<Entry>> {
    let folder = crate::base::paths::folder_of(&read.file.rel);
    if read.untrusted.is_some() || stage.unchanged.get(folder) == Some(&false) {
        return None;
    }
    let mut entries = Vec::new();
    for (i, path) in pack_paths(project, read).into_iter().enumerate() {
        let Some(entry) = previous.get(&path) else {
            if i == 0 {
                return None;
            }
            continue;
        };
        let (first, papers) = entry.sources.split_first()?;
        let same = matches!(entry.status, Status::Built | Status::Unchanged)
            && *first == read.source
            && entry.fingerprint.as_deref() == Some(project.fingerprint.as_str())
            && papers.iter().all(|s| {
                stage
                    .inputs
                    .get(s.path.as_str())
                    .is_some_and(|i| i.sources.first() == Some(s))
            })
            && crate::run::incremental::intact(&project.root, entry);
        if !same {
            return None;
        }
        entries.push(Entry {
            status: Status::Unchanged,
            ..entry.clone()
        });
    }
    Some(entries)
}

/// One meeting: its papers as the document stage left them, the public pack and (if any item
/// is exempt) the exempt pack. A meeting whose agenda cannot be trusted gets no pack.
fn build_meeting(
    project: &Project,
    options: &Options,
    stage: &Stage,
    read: &MeetingRead,
    diags: &mut Diagnostics,
) -> anyhow::Result<Vec<Entry>> {
    // A meeting with errors is still compared with its papers, so that one run shows every
    // slip; only then is its pack given up.
    let Some(meeting) = read.meeting.as_ref() else {
        return fail_all(project, options, read, diags);
    };
    let mut meeting = meeting.clone();
    let papers = meeting_papers(project, options, stage, &meeting.items);
    meeting.council = check_papers(&meeting, &papers, diags);
    if diags.has_errors() {
        return fail_all(project, options, read, diags);
    }
    if !options.write {
        return Ok(Vec::new());
    }
    let [public_path, exempt_path] = pack_paths(project, read);
    // The date of publication: the day the agenda is published (the Meeting sheet's
    // Published, or the ledger's first), which a draft shows as planned, if it is given.
    let published = read.published.or(meeting.published).map(|d| d.long());
    let mut entries = Vec::new();
    let mut public = plan(&meeting, &papers, false);
    public.view.published.clone_from(&published);
    let items: Vec<String> = public.view.items.iter().map(|i| i.item.clone()).collect();
    entries.push(make_pack(
        project,
        options,
        &public_path,
        &meeting,
        &read.source,
        &papers,
        public,
        false,
        diags,
    )?);
    entries.extend(exempt_pack(
        project,
        options,
        read,
        &meeting,
        &papers,
        published,
        &exempt_path,
        diags,
    )?);
    set_warnings(&mut entries, diags);
    if let (Some(date), Some(pack)) = (read.published, entries.first_mut())
        && pack.status != Status::Failed
        && pack.path.starts_with("output/")
    {
        pack.published = Some(crate::run::manifest::Published {
            date: date.iso(),
            items,
            ..Default::default()
        });
    }
    Ok(entries)
}

/// The exempt pack of a meeting with exempt items (none, and an earlier one removed, when it
/// has none).
#[allow(clippy::too_many_arguments)]
pub(crate) fn exempt_pack(
    project: &Project,
    options: &Options,
    read: &MeetingRead,
    meeting: &Meeting,
    papers: &[Paper],
    published: Option<String>,
    path: &str,
    diags: &mut Diagnostics,
) -> anyhow::Result<Option<Entry>> {
    if !meeting.items.iter().any(|i| exemption(i, papers).is_some()) {
        remove_stale(project, path)?;
        return Ok(None);
    }
    let mut exempt = plan(meeting, papers, true);
    exempt.view.published = published;
    make_pack(
        project,
        options,
        path,
        meeting,
        &read.source,
        papers,
        exempt,
        true,
        diags,
    )
    .map(Some)
}

/// Each pack's warnings: the meeting's, those about exempt papers only in the exempt pack's.
pub(crate) fn set_warnings(entries: &mut [Entry], diags: &Diagnostics) {
    for entry in entries {
        let exempt = !entry.path.starts_with("output/");
        entry.warnings = diags
            .list
            .iter()
            .filter(|d| !d.is_error() && (exempt || !d.about_exempt))
            .map(ToString::to_string)
            .collect();
    }
}

/// A meeting's papers as the document stage left them (each refers to its row of `items`).
pub(crate) fn meeting_papers<'a>(
    project: &Project,
    options: &Options,
    stage: &Stage,
    items: &'a [AgendaItem],
) -> Vec<Paper<'a>> {
    // A paper on two rows (an error of the agenda) is taken at its first.
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .filter(|item| item.report.as_ref().is_some_and(|r| seen.insert(r.clone())))
        .filter_map(|item| Some(paper(project, options, stage, item, item.report.clone()?)))
        .collect()
}

/// Compares each paper with the meeting (every slip reported), and gives the meeting the
/// council of a public paper's Cover when neither its sheet nor papers.toml names one.
pub(crate) fn check_papers(
    meeting: &Meeting,
    papers: &[Paper],
    diags: &mut Diagnostics,
) -> Option<String> {
    for paper in papers {
        cross_check(meeting, paper, diags);
    }
    meeting.council.clone().or_else(|| {
        papers
            .iter()
            .filter(|p| p.exempt.is_none())
            .find_map(|p| p.rendered.as_ref().and_then(|(doc, _)| doc.council.clone()))
    })
}

/// An item's paper as the document stage read and rendered it. A paper it found unchanged
/// is read again, and must still be the bytes it hashed.
fn paper<'a>(
    project: &Project,
    options: &Options,
    stage: &Stage,
    item: &'a AgendaItem,
    rel: String,
) -> Paper<'a> {
    let entry = stage.entries.get(rel.as_str()).copied();
    let exempt = entry.and_then(|e| {
        e.exempt.as_ref().map(|x| x.paragraph.clone()).or_else(|| {
            e.path
                .starts_with(&format!("{}/", project.config.exempt_dir()))
                .then(|| "unknown".to_owned())
        })
    });
    let written = entry.and_then(|e| Some((e.path.clone(), e.sha256.clone()?)));
    if let Some(built) = stage.papers.get(rel.as_str()) {
        return Paper {
            item,
            rel,
            rendered: Some((built.doc.clone(), built.source.clone())),
            pdf: built.bytes.clone(),
            written,
            hash: built.source_hash.clone(),
            exempt,
        };
    }
    let input = stage.inputs.get(rel.as_str()).copied();
    let unchanged = entry.is_some_and(|e| e.status == Status::Unchanged);
    let want = input
        .and_then(|i| i.sources.first())
        .map(|s| s.sha256.clone())
        .unwrap_or_default();
    let bytes = input
        .filter(|_| unchanged)
        .and_then(|i| read_file(&i.path, &options.limits).ok())
        .filter(|b| sha256(b) == want);
    let check = Options {
        write: false,
        ..options.clone()
    };
    let rendered = input.zip(bytes).and_then(|(input, bytes)| {
        let mut scratch = Diagnostics::new(&input.rel);
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            pipeline::process_at(project, &check, &bytes, &input.place, &mut scratch)
        }))
        .ok()
        .flatten()
        .map(|built| (built.doc, built.source))
    });
    Paper {
        item,
        rel,
        rendered,
        pdf: None,
        written,
        hash: want,
        exempt,
    }
}

/// The item's exemption: the stricter of its agenda row and its paper as routed.
pub(crate) fn exemption(item: &AgendaItem, papers: &[Paper]) -> Option<String> {
    let paper = papers.iter().find(|p| std::ptr::eq(p.item, item));
    item.exempt
        .clone()
        .or_else(|| paper.and_then(|p| p.exempt.clone()))
}

/// Warnings where a paper's Cover disagrees with the meeting it is on. Those about an
/// exempt paper quote it, so they are marked as such: kept from public files and logs.
fn cross_check(meeting: &Meeting, paper: &Paper, diags: &mut Diagnostics) {
    let Some((doc, _)) = &paper.rendered else {
        return;
    };
    let sheet = meeting.agenda_sheet.as_str();
    let at = Some(paper.item.at.clone());
    let name = paper.rel.rsplit('/').next().unwrap_or(&paper.rel);
    let private = paper.item.exempt.is_some() || paper.exempt.is_some();
    let before = diags.list.len();
    // A paper's Item and Meeting date that differ from its agenda row and its meeting are
    // errors of the paper itself (it is not built); its Committee is only compared here.
    if let Some(committee) = &doc.committee
        && !meeting.committee.is_empty()
        && crate::workbook::norm(committee) != crate::workbook::norm(&meeting.committee)
    {
        diags.warn(
            sheet,
            at.clone(),
            "committee-mismatch",
            format!(
                "{name} is a report to {committee} on its Cover, but this is a meeting of {}",
                meeting.committee
            ),
        );
    }
    if paper.item.exempt.is_none() && paper.exempt.is_some() {
        diags.warn(
            sheet,
            paper.item.exempt_at.clone().or(at.clone()),
            "exempt-by-cover",
            format!(
                "{name} is exempt (by its Cover, or on another agenda), so it is kept out of the \
                public pack; give the paragraph in the agenda's Exempt column too"
            ),
        );
    }
    if paper.item.title.is_none() && private {
        diags.warn(
            sheet,
            at,
            "exempt-untitled",
            format!(
                "the agenda gives no Title for exempt item {}, so the public agenda shows it as \
                \"Exempt item\"; give a title fit for publication",
                if paper.item.number.is_empty() {
                    &paper.item.at
                } else {
                    &paper.item.number
                }
            ),
        );
    }
    if private {
        diags.list[before..]
            .iter_mut()
            .for_each(|d| d.about_exempt = true);
    }
}

/// What one pack holds, or why it cannot be built.
pub(crate) struct Plan {
    pub(crate) view: PackView,
    /// Each part's paper, by its place in the meeting's papers.
    pub(crate) parts: Vec<usize>,
    /// The workbook of each part, for error messages.
    pub(crate) names: Vec<String>,
    pub(crate) sources: Vec<Source>,
    /// Agenda cells of the parts that failed, with what to say.
    pub(crate) failures: Vec<(String, String)>,
}

/// The public pack (`exempt` false: every item, exempt ones shown only as exempt, public
/// papers included) or the exempt pack (`exempt` true: exempt items and their papers).
pub(crate) fn plan(meeting: &Meeting, papers: &[Paper], exempt: bool) -> Plan {
    let mut plan = Plan {
        view: view(meeting, exempt),
        parts: Vec::new(),
        names: Vec::new(),
        sources: Vec::new(),
        failures: Vec::new(),
    };
    let pack = if exempt { "exempt pack" } else { "agenda pack" };
    for item in &meeting.items {
        let paragraph = exemption(item, papers);
        if exempt && paragraph.is_none() {
            continue;
        }
        let index = papers.iter().position(|p| std::ptr::eq(p.item, item));
        let paper = index.map(|i| &papers[i]);
        let rendered = paper.and_then(|p| p.rendered.as_ref());
        // The public agenda never takes an exempt item's title from its paper.
        let title = match (&item.title, &paragraph) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(_)) if !exempt => Some("Exempt item".to_owned()),
            (None, _) => rendered.map(|(doc, _)| doc.title.clone()),
        };
        let include = paper.is_some() && (exempt || paragraph.is_none()) && !item.withdrawn;
        if let Some(paper) = paper.filter(|_| include) {
            plan.sources.push(Source {
                path: paper.rel.clone(),
                sha256: paper.hash.clone(),
            });
        }
        let mut number = None;
        // A report marked to follow whose paper is not ready yet: the agenda says so.
        let follow = item.to_follow && rendered.is_none();
        match (paper, rendered) {
            (Some(p), None) if !follow && (include || title.is_none()) => plan.failures.push((
                item.at.clone(),
                format!(
                    "the paper of item {} ({}) has errors, so the {pack} is not built",
                    item.number,
                    p.rel.rsplit('/').next().unwrap_or(&p.rel)
                ),
            )),
            (Some(p), Some((doc, _))) if include => {
                plan.parts.push(index.unwrap_or_default());
                plan.names.push(p.rel.clone());
                number = Some(plan.parts.len());
                plan.view.parts.push(PartView {
                    number: plan.parts.len(),
                    item: item.number.clone(),
                    exempt: doc.exempt.clone(),
                    pages: Vec::new(),
                });
            }
            _ => {}
        }
        plan.view.items.push(ItemView {
            item: item.number.clone(),
            title: title.unwrap_or_default(),
            paper: number,
            exempt: paragraph,
            follow: follow && !item.withdrawn,
            change: item.withdrawn.then(|| "Withdrawn".to_owned()),
        });
    }
    plan.view.papers = (1..=plan.parts.len()).collect();
    plan.view.paper_count = plan.parts.len();
    if !exempt && plan.view.items.iter().any(|i| i.exempt.is_some()) {
        plan.view.note = Some(EXCLUSION.to_owned());
    }
    plan
}

/// Under a public agenda with exempt items: why the public may be excluded for them.
const EXCLUSION: &str = "The public may be excluded from the meeting for the items marked exempt, \
    under section 100A(4) of the Local Government Act 1972, because they are likely to involve the \
    disclosure of exempt information as defined in the paragraph of Part 1 of Schedule 12A to the \
    Act given against each.";

/// The pack's own pages, before the items are added.
fn view(meeting: &Meeting, exempt: bool) -> PackView {
    PackView {
        council: meeting.council.clone(),
        logo: None,
        committee: meeting.committee.clone(),
        date: meeting.long_date(),
        short_date: meeting.date.long(),
        time: meeting.time.clone(),
        venue: meeting.venue.clone(),
        members: meeting.members.clone(),
        contact: meeting.contact.clone(),
        published: None,
        banner: None,
        supplement: None,
        agenda_title: if exempt {
            "Agenda: exempt items".to_owned()
        } else {
            "Agenda".to_owned()
        },
        note: None,
        items: Vec::new(),
        papers: Vec::new(),
        parts: Vec::new(),
        paper_count: 0,
    }
}

/// The banner of the exempt pack, naming every paragraph its items rely on.
fn banner(items: &[ItemView]) -> String {
    let mut paragraphs: Vec<&str> = items.iter().filter_map(|i| i.exempt.as_deref()).collect();
    paragraphs.sort_unstable();
    paragraphs.dedup();
    let list = match paragraphs.split_last() {
        Some((last, [])) => format!("paragraph {last}"),
        Some((last, rest)) => format!("paragraphs {} and {last}", rest.join(", ")),
        None => "Schedule 12A".to_owned(),
    };
    format!(
        "NOT FOR PUBLICATION: exempt information under {list} of Schedule 12A to the Local \
            Government Act 1972"
    )
}

/// Builds one pack from its plan, writes it (unless the bytes are already there) or, when a
/// part failed, removes any earlier copy; returns its manifest entry.
#[allow(clippy::too_many_arguments)]
pub(crate) fn make_pack(
    project: &Project,
    options: &Options,
    path: &str,
    meeting: &Meeting,
    meeting_source: &Source,
    papers: &[Paper],
    mut plan: Plan,
    exempt: bool,
    diags: &mut Diagnostics,
) -> anyhow::Result<Entry> {
    let time_limit = options.time_limit;
    let path = path.to_owned();
    let mut sources = vec![meeting_source.clone()];
    sources.append(&mut plan.sources);
    let entry = |sha256, pages, status| Entry {
        path: path.clone(),
        sources: sources.clone(),
        sha256,
        pages,
        template: Some(TEMPLATE.to_owned()),
        warnings: Vec::new(),
        status,
        fingerprint: None,
        stamp: None,
        errors: Vec::new(),
        exempt: exempt.then(|| crate::run::manifest::Exemption {
            paragraph: "pack".to_owned(),
            by_cover: false,
        }),
        summary: None,
        published: None,
    };
    for (at, message) in &plan.failures {
        diags.error(
            &meeting.agenda_sheet,
            Some(at.clone()),
            "pack-not-built",
            message.clone(),
        );
    }
    let before = diags.list.len();
    let pdf = if plan.failures.is_empty() {
        compile(
            project, meeting, papers, &mut plan, exempt, &path, time_limit, diags,
        )
    } else {
        None
    };
    // What typesetting the exempt pack says may quote its papers: kept from public files and logs.
    if exempt {
        diags.list[before..]
            .iter_mut()
            .for_each(|d| d.about_exempt = true);
    }
    let Some(pdf) = pdf else {
        remove_stale(project, &path)?;
        return Ok(entry(None, None, Status::Failed));
    };
    let target = pipeline::owned_path(project, &path)?;
    let status = if std::fs::read(&target).is_ok_and(|old| old == pdf.bytes) {
        Status::Unchanged
    } else {
        write_atomic(&target, &pdf.bytes)?;
        Status::Built
    };
    let mut done = entry(Some(sha256(&pdf.bytes)), Some(pdf.pages), status);
    done.fingerprint = Some(project.fingerprint.clone());
    done.stamp = crate::run::manifest::Stamp::of(&target);
    Ok(done)
}

/// A paper's own PDF and its pages' sizes: as this build wrote it, else as an earlier build
/// did (if it is still the file the manifest records), else typeset again in memory as the
/// pipeline would.
fn paper_pdf(
    project: &Project,
    paper: &Paper,
    time_limit: std::time::Duration,
) -> Result<crate::render::pdf::assemble::PaperPdf, String> {
    if let Some(pdf) = &paper.pdf {
        return Ok(pdf.clone());
    }
    let earlier = paper.written.as_ref().and_then(|(path, want)| {
        std::fs::read(project.root.join(path))
            .ok()
            .filter(|bytes| sha256(bytes) == *want)
    });
    if let Some(bytes) = earlier {
        let sizes = page_sizes(&bytes)?;
        return Ok((bytes.into(), sizes));
    }
    let Some((doc, source)) = &paper.rendered else {
        return Err("it has errors".to_owned());
    };
    let ident = paper
        .written
        .as_ref()
        .map_or(paper.rel.as_str(), |(p, _)| p);
    let pdf = pipeline::typeset_pdf(project, doc, source, &paper.rel, ident, time_limit)?;
    Ok((pdf.bytes.into(), pdf.sizes))
}

/// Renders the pack's own pages with a stand-in for each paper, typesets them, and puts each
/// paper's pages (from its own PDF) in place of its stand-in's.
#[allow(clippy::too_many_arguments)]
fn compile(
    project: &Project,
    meeting: &Meeting,
    papers: &[Paper],
    plan: &mut Plan,
    exempt: bool,
    path: &str,
    time_limit: std::time::Duration,
    diags: &mut Diagnostics,
) -> Option<Pdf> {
    let mut pdfs = Vec::with_capacity(plan.parts.len());
    for (view, &index) in plan.view.parts.iter_mut().zip(&plan.parts) {
        let paper = &papers[index];
        paper.rendered.as_ref()?;
        let (pdf, sizes) = match paper_pdf(project, paper, time_limit) {
            Ok(got) => got,
            Err(e) => {
                diags.at(
                    None,
                    None,
                    Severity::Error,
                    "typeset-error",
                    format!("{path}: {} cannot be typeset: {e}", paper.rel),
                );
                return None;
            }
        };
        view.pages = sizes
            .into_iter()
            .map(|(width, height)| PageSize { width, height })
            .collect();
        pdfs.push((pdf, paper.item.number.clone()));
    }
    let view = &mut plan.view;
    view.logo = project
        .config
        .logo
        .as_ref()
        .zip(project.logo.as_ref())
        .map(|(l, (p, _))| LogoRef {
            path: p.clone(),
            alt: l.alt.clone(),
        });
    if exempt {
        view.banner = Some(banner(&view.items));
        view.note = Some(
            "These papers are not for publication. They are not in the public agenda \
            pack, which shows each of these items only by its title and the paragraph of Schedule \
            12A that applies."
                .to_owned(),
        );
    }
    let body = match project.templates.render(TEMPLATE, view) {
        Ok(body) => body,
        Err(e) => {
            diags.at(None, None, Severity::Error, "template-error", e.to_string());
            return None;
        }
    };
    let title = if exempt {
        format!(
            "{}, {}: exempt papers (not for publication)",
            meeting.committee,
            meeting.date.long()
        )
    } else {
        format!(
            "{}, {}: agenda pack",
            meeting.committee,
            meeting.date.long()
        )
    };
    let mut keywords = vec![meeting.committee.clone(), meeting.date.long()];
    keywords.extend(view.items.iter().map(|i| format!("Item {}", i.item)));
    // A pack is dated by its date of publication (a draft's planned one), never by the
    // meeting, which comes after it.
    let dated = view
        .published
        .as_deref()
        .and_then(crate::base::date::Date::parse)
        .unwrap_or(meeting.date);
    let main = pipeline::main_source(
        project,
        &title,
        meeting.council.as_deref(),
        &keywords,
        Some(dated),
        &body,
    );
    let world = pipeline::world(project, main, Some(dated), Vec::new());
    let (name, ident, date) = (diags.file.clone(), path.to_owned(), dated);
    let typeset = bounded(&name.clone(), time_limit, move || {
        let (front, warnings) = layout(&world, &name)?;
        let starts = stand_in_starts(&front);
        let pages = front.pages().len();
        let bytes = export_loose(
            &front,
            &ident,
            Some(date),
            crate::render::pdf::typeset::plain,
        )?;
        // The front is in its PDF now; its laid-out pages are not needed.
        crate::base::discard::later(front);
        let parts: Vec<Part> = pdfs.iter().map(|(pdf, item)| Part { pdf, item }).collect();
        let bytes = assemble(&bytes, &starts, &parts)?;
        drop(parts);
        drop(pdfs);
        // The pack's dictionaries are packed into object streams as every Papers PDF's are.
        let bytes = compacted(bytes);
        Ok(Pdf {
            bytes,
            pages,
            warnings,
            sizes: Vec::new(),
        })
    });
    match typeset {
        Ok(pdf) => {
            for w in &pdf.warnings {
                diags.at(None, None, Severity::Warning, "typst-warning", w.clone());
            }
            Some(pdf)
        }
        Err(e) => {
            diags.at(
                None,
                None,
                Severity::Error,
                "typeset-error",
                format!("{path}: {e}"),
            );
            None
        }
    }
}

/// The entries of a meeting none of whose packs can be built; earlier packs are removed.
fn fail_all(
    project: &Project,
    options: &Options,
    read: &MeetingRead,
    diags: &Diagnostics,
) -> anyhow::Result<Vec<Entry>> {
    let file = &read.file;
    if !options.write {
        return Ok(Vec::new());
    }
    let warnings: Vec<String> = diags
        .list
        .iter()
        .filter(|d| !d.is_error())
        .map(ToString::to_string)
        .collect();
    let mut entries = Vec::new();
    for (i, path) in pack_paths(project, read).into_iter().enumerate() {
        let existed = project.root.join(&path).exists();
        remove_stale(project, &path)?;
        if i == 0 || existed {
            entries.push(Entry {
                path,
                sources: vec![Source {
                    path: file.rel.clone(),
                    sha256: String::new(),
                }],
                sha256: None,
                pages: None,
                template: Some(TEMPLATE.to_owned()),
                warnings: warnings.clone(),
                status: Status::Failed,
                fingerprint: None,
                stamp: None,
                errors: Vec::new(),
                exempt: None,
                summary: None,
                published: None,
            });
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(exempt: Option<&str>) -> ItemView {
        ItemView {
            item: "1".into(),
            title: "T".into(),
            paper: None,
            exempt: exempt.map(str::to_owned),
            follow: false,
            change: None,
        }
    }

    #[test]
    fn the_banner_names_every_paragraph() {
        assert!(banner(&[item(Some("3"))]).contains("under paragraph 3 of Schedule 12A"));
        let b = banner(&[
            item(Some("3")),
            item(None),
            item(Some("1")),
            item(Some("3")),
        ]);
        assert!(
            b.starts_with(
                "NOT FOR PUBLICATION: exempt information under paragraphs 1 and 3 of Schedule 12A"
            ),
            "{b}"
        );
    }
}
