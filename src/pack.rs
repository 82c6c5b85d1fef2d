//! Agenda packs: a meeting's front sheet, agenda and papers compiled as one Typst document
//! (never merged from finished PDFs, which would break the tag tree), giving the public
//! `agenda-pack.pdf` and, apart from it, `exempt/exempt-pack.pdf`.
//!
//! A pack is built only when every part of it is: if the meeting workbook or any paper in
//! the pack has errors, the pack is not built and an earlier copy of it is removed.

use std::panic::AssertUnwindSafe;

use serde::Serialize;

use crate::diag::{Diagnostics, Severity};
use crate::document::{Document, LogoRef};
use crate::hash::sha256;
use crate::incremental::Previous;
use crate::manifest::{Entry, Source, Status};
use crate::meeting::{AgendaItem, Meeting, MeetingFile};
use crate::pipeline::{self, Input, Options, Outcome, Project, remove_stale, write_atomic};
use crate::typeset::{Pdf, typeset};
use crate::workbook::{Limits, Workbook, read_file};

/// The public pack, in the meeting's output folder.
pub const PUBLIC_PACK: &str = "agenda-pack.pdf";
/// The pack of exempt papers, in the meeting's output folder.
pub const EXEMPT_PACK: &str = "exempt/exempt-pack.pdf";
/// The template of both packs' own pages.
pub const TEMPLATE: &str = "agenda-pack";

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
    /// The banner on every page of the exempt pack.
    pub banner: Option<String>,
    /// The agenda's heading.
    pub agenda_title: String,
    /// A note under the agenda.
    pub note: Option<String>,
    /// The agenda rows.
    pub items: Vec<ItemView>,
    /// 1, 2 ... one per paper to include, in order.
    pub papers: Vec<usize>,
    /// How many papers there are.
    pub paper_count: usize,
}

/// A meeting's paper, read and rendered as the document stage renders it.
struct Paper<'a> {
    item: &'a AgendaItem,
    rel: String,
    /// Its context and Typst source, when it has no errors.
    rendered: Option<(Document, String)>,
    /// SHA-256 of the workbook.
    hash: String,
}

/// Stage 7: builds (or, for a check, only validates) every meeting's packs, adding their
/// manifest entries and the meeting workbooks' diagnostics to `outcome`.
pub fn build_meetings(
    project: &Project,
    options: &Options,
    inputs: &[Input],
    meetings: &[MeetingFile],
    previous: &Previous,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let current = outcome.manifest.outputs.clone();
    let results = pipeline::parallel(options.jobs, meetings, |file| {
        let mut diags = Diagnostics::new(&file.rel);
        if options.write
            && let Some(entries) = unchanged_packs(project, inputs, file, previous, &current)
        {
            return (diags, Ok(entries));
        }
        if let Some(other) = meetings.iter().find(|m| m.output_dir == file.output_dir && m.rel != file.rel) {
            diags.at(None, None, Severity::Error, "two-meetings", format!(
                "{} is also a meeting workbook in this folder; a folder holds one meeting",
                other.rel
            ));
        }
        let entries = std::panic::catch_unwind(AssertUnwindSafe(|| build_meeting(project, options, inputs, file, &mut diags)))
            .unwrap_or_else(|_| {
                diags.at(None, None, Severity::Error, "internal-error", "Papers failed on this meeting (a bug: please report it with the file); the other documents are not affected");
                fail_all(project, options, file, &diags)
            });
        (diags, entries)
    });
    for (diags, entries) in results {
        let entries = entries?;
        if options.write {
            entries.iter().for_each(|e| pipeline::notify(options, e));
        }
        outcome.manifest.outputs.extend(entries);
        outcome.diagnostics.extend(diags.list);
    }
    Ok(())
}

/// The packs of a meeting as the last build left them, when nothing they are made of has
/// changed: the meeting workbook, every paper in them, and every document of the meeting's
/// folder (all found unchanged in this build), and the project's fingerprint.
fn unchanged_packs(project: &Project, inputs: &[Input], file: &MeetingFile, previous: &Previous, current: &[Entry]) -> Option<Vec<Entry>> {
    let folder = file.rel.rsplit_once('/').map_or("", |(f, _)| f);
    let in_folder = |path: &str| path.rsplit_once('/').map_or("", |(f, _)| f) == folder;
    let docs = current.iter().filter(|e| e.sources.first().is_some_and(|s| in_folder(&s.path)));
    if docs.clone().any(|e| e.status != Status::Unchanged) {
        return None;
    }
    let meeting_source = inputs
        .iter()
        .find(|i| in_folder(&i.rel))
        .and_then(|i| i.sources.get(1).cloned())
        .unwrap_or_else(|| Source { path: file.rel.clone(), sha256: read_file(&file.path, &Limits::default()).map(|b| sha256(&b)).unwrap_or_default() });
    let mut entries = Vec::new();
    for pack in [PUBLIC_PACK, EXEMPT_PACK] {
        let path = format!("{}/{pack}", file.output_dir);
        let Some(entry) = previous.get(&path) else {
            if pack == PUBLIC_PACK {
                return None;
            }
            continue;
        };
        let (first, papers) = entry.sources.split_first()?;
        let same = matches!(entry.status, Status::Built | Status::Unchanged)
            && *first == meeting_source
            && entry.fingerprint.as_deref() == Some(project.fingerprint.as_str())
            && papers.iter().all(|s| inputs.iter().any(|i| i.sources.first() == Some(s)))
            && crate::incremental::intact(&project.root, entry);
        if !same {
            return None;
        }
        entries.push(Entry { status: Status::Unchanged, ..entry.clone() });
    }
    Some(entries)
}

/// One meeting: read it, render its papers, build the public pack and (if any item is
/// exempt) the exempt pack.
fn build_meeting(project: &Project, options: &Options, inputs: &[Input], file: &MeetingFile, diags: &mut Diagnostics) -> anyhow::Result<Vec<Entry>> {
    let bytes = match read_file(&file.path, &options.limits) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.at(None, None, Severity::Error, "unreadable-file", format!("cannot read the file: {e}"));
            return fail_all(project, options, file, diags);
        }
    };
    let folder = file.path.parent().unwrap_or(std::path::Path::new("."));
    let folder_rel = file.rel.rsplit_once('/').map_or("", |(f, _)| f);
    let meeting = Workbook::read(&bytes, &options.limits, diags)
        .and_then(|wb| Meeting::from_workbook(&wb, folder, folder_rel, project.config.council.as_deref(), diags));
    let Some(mut meeting) = meeting.filter(|_| !diags.has_errors()) else { return fail_all(project, options, file, diags) };
    let meeting_source = Source { path: file.rel.clone(), sha256: sha256(&bytes) };

    let papers: Vec<Paper> = meeting.items.iter().filter_map(|item| Some(render_paper(project, options, inputs, item, item.report.clone()?))).collect();
    for paper in &papers {
        cross_check(&meeting, paper, diags);
    }
    // Neither the Meeting sheet nor papers.toml names the council: the papers' Covers may.
    if meeting.council.is_none() {
        meeting.council = papers.iter().find_map(|p| p.rendered.as_ref().and_then(|(doc, _)| doc.council.clone()));
    }
    if !options.write {
        return Ok(Vec::new());
    }
    let mut entries = Vec::new();
    let public = plan(&meeting, &papers, false);
    entries.push(make_pack(project, file, &meeting, &meeting_source, public, false, diags)?);
    let exempt_path = format!("{}/{EXEMPT_PACK}", file.output_dir);
    if meeting.items.iter().any(|i| exemption(i, &papers).is_some()) {
        let exempt = plan(&meeting, &papers, true);
        entries.push(make_pack(project, file, &meeting, &meeting_source, exempt, true, diags)?);
    } else {
        remove_stale(&project.root.join(exempt_path))?;
    }
    let warnings: Vec<String> = diags.list.iter().filter(|d| !d.is_error()).map(ToString::to_string).collect();
    for entry in &mut entries {
        entry.warnings.clone_from(&warnings);
    }
    Ok(entries)
}

/// Reads and renders an item's paper exactly as the document stage does (without
/// typesetting it); its own slips were reported by that stage.
fn render_paper<'a>(project: &Project, options: &Options, inputs: &[Input], item: &'a AgendaItem, rel: String) -> Paper<'a> {
    let input = inputs.iter().find(|i| i.rel == rel);
    let bytes = input.and_then(|i| read_file(&i.path, &options.limits).ok());
    let hash = bytes.as_deref().map(sha256).unwrap_or_default();
    let check = Options { write: false, ..options.clone() };
    let rendered = input.zip(bytes).and_then(|(input, bytes)| {
        let mut scratch = Diagnostics::new(&input.rel);
        std::panic::catch_unwind(AssertUnwindSafe(|| pipeline::process(project, &check, &bytes, None, &input.output, &mut scratch)))
            .ok()
            .flatten()
            .map(|built| (built.doc, built.source))
    });
    Paper { item, rel, rendered, hash }
}

/// The item's exemption: the stricter of its agenda row and its paper's Cover.
fn exemption(item: &AgendaItem, papers: &[Paper]) -> Option<String> {
    let paper = papers.iter().find(|p| std::ptr::eq(p.item, item));
    item.exempt.clone().or_else(|| paper.and_then(|p| p.rendered.as_ref()).and_then(|(doc, _)| doc.exempt.clone()))
}

/// Warnings where a paper's Cover disagrees with the meeting it is on.
fn cross_check(meeting: &Meeting, paper: &Paper, diags: &mut Diagnostics) {
    let Some((doc, _)) = &paper.rendered else { return };
    let sheet = meeting.agenda_sheet.as_str();
    let at = Some(paper.item.at.clone());
    let name = paper.rel.rsplit('/').next().unwrap_or(&paper.rel);
    if let Some(date) = &doc.date
        && *date != meeting.date.long()
    {
        diags.warn(sheet, at.clone(), "date-mismatch", format!(
            "{name} gives Meeting date {date} on its Cover, but the meeting is on {}",
            meeting.date.long()
        ));
    }
    if let Some(item) = &doc.item
        && crate::workbook::norm(item) != crate::workbook::norm(&paper.item.number)
    {
        diags.warn(sheet, at.clone(), "item-mismatch", format!(
            "{name} gives Item {item} on its Cover, but the agenda lists it as item {}",
            paper.item.number
        ));
    }
    if let Some(committee) = &doc.committee
        && crate::workbook::norm(committee) != crate::workbook::norm(&meeting.committee)
    {
        diags.warn(sheet, at.clone(), "committee-mismatch", format!(
            "{name} is a report to {committee} on its Cover, but this is a meeting of {}",
            meeting.committee
        ));
    }
    if paper.item.exempt.is_none() && doc.exempt.is_some() {
        diags.warn(sheet, paper.item.exempt_at.clone().or(at.clone()), "exempt-by-cover", format!(
            "{name} says on its Cover that it is exempt, so it is kept out of the public pack; give the paragraph in the agenda's Exempt column too"
        ));
    }
    if paper.item.title.is_none() && (paper.item.exempt.is_some() || doc.exempt.is_some()) {
        diags.warn(sheet, at, "exempt-title-from-paper", format!(
            "the agenda gives no Title for exempt item {}, so the public agenda shows the title on {name}'s Cover; give a title fit for publication",
            paper.item.number
        ));
    }
}

/// What one pack holds, or why it cannot be built.
struct Plan {
    view: PackView,
    parts: Vec<String>,
    /// The workbook of each part, for error messages.
    names: Vec<String>,
    sources: Vec<Source>,
    /// Agenda cells of the parts that failed, with what to say.
    failures: Vec<(String, String)>,
}

/// The public pack (`exempt` false: every item, exempt ones shown only as exempt, public
/// papers included) or the exempt pack (`exempt` true: exempt items and their papers).
fn plan(meeting: &Meeting, papers: &[Paper], exempt: bool) -> Plan {
    let mut plan = Plan { view: view(meeting, exempt), parts: Vec::new(), names: Vec::new(), sources: Vec::new(), failures: Vec::new() };
    let pack = if exempt { "exempt pack" } else { "agenda pack" };
    for item in &meeting.items {
        let paragraph = exemption(item, papers);
        if exempt && paragraph.is_none() {
            continue;
        }
        let paper = papers.iter().find(|p| std::ptr::eq(p.item, item));
        let rendered = paper.and_then(|p| p.rendered.as_ref());
        let title = item.title.clone().or_else(|| rendered.map(|(doc, _)| doc.title.clone()));
        let include = paper.is_some() && (exempt || paragraph.is_none());
        if let Some(paper) = paper.filter(|_| include) {
            plan.sources.push(Source { path: paper.rel.clone(), sha256: paper.hash.clone() });
        }
        let mut number = None;
        match (paper, rendered) {
            (Some(p), None) if include || title.is_none() => plan.failures.push((item.at.clone(), format!(
                "the paper of item {} ({}) has errors, so the {pack} is not built",
                item.number,
                p.rel.rsplit('/').next().unwrap_or(&p.rel)
            ))),
            (Some(p), Some((_, source))) if include => {
                plan.parts.push(source.clone());
                plan.names.push(p.rel.clone());
                number = Some(plan.parts.len());
            }
            _ => {}
        }
        plan.view.items.push(ItemView { item: item.number.clone(), title: title.unwrap_or_default(), paper: number, exempt: paragraph });
    }
    plan.view.papers = (1..=plan.parts.len()).collect();
    plan.view.paper_count = plan.parts.len();
    if !exempt && plan.view.items.iter().any(|i| i.exempt.is_some()) {
        plan.view.note = Some(EXCLUSION.to_owned());
    }
    plan
}

/// Under a public agenda with exempt items: why the public may be excluded for them.
const EXCLUSION: &str = "The public may be excluded from the meeting for the items marked exempt, under section 100A(4) of the Local Government Act 1972, because they are likely to involve the disclosure of exempt information as defined in the paragraph of Part 1 of Schedule 12A to the Act given against each.";

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
        banner: None,
        agenda_title: if exempt { "Agenda: exempt items".to_owned() } else { "Agenda".to_owned() },
        note: None,
        items: Vec::new(),
        papers: Vec::new(),
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
    format!("NOT FOR PUBLICATION: exempt information under {list} of Schedule 12A to the Local Government Act 1972")
}

/// Builds one pack from its plan, writes it (unless the bytes are already there) or, when a
/// part failed, removes any earlier copy; returns its manifest entry.
fn make_pack(project: &Project, file: &MeetingFile, meeting: &Meeting, meeting_source: &Source, mut plan: Plan, exempt: bool, diags: &mut Diagnostics) -> anyhow::Result<Entry> {
    let path = format!("{}/{}", file.output_dir, if exempt { EXEMPT_PACK } else { PUBLIC_PACK });
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
    };
    for (at, message) in &plan.failures {
        diags.error(&meeting.agenda_sheet, Some(at.clone()), "pack-not-built", message.clone());
    }
    let pdf = if plan.failures.is_empty() { compile(project, meeting, &mut plan, exempt, &path, diags) } else { None };
    let Some(pdf) = pdf else {
        remove_stale(&project.root.join(&path))?;
        return Ok(entry(None, None, Status::Failed));
    };
    let target = project.root.join(&path);
    let status = if std::fs::read(&target).is_ok_and(|old| old == pdf.bytes) {
        Status::Unchanged
    } else {
        write_atomic(&target, &pdf.bytes)?;
        Status::Built
    };
    let mut done = entry(Some(sha256(&pdf.bytes)), Some(pdf.pages), status);
    done.fingerprint = Some(project.fingerprint.clone());
    done.stamp = crate::incremental::Stamp::of(&target);
    Ok(done)
}

/// Renders the pack's own pages and compiles them with its papers as one document.
fn compile(project: &Project, meeting: &Meeting, plan: &mut Plan, exempt: bool, path: &str, diags: &mut Diagnostics) -> Option<Pdf> {
    let view = &mut plan.view;
    view.logo = project.config.logo.as_ref().zip(project.logo.as_ref()).map(|(l, (p, _))| LogoRef { path: p.clone(), alt: l.alt.clone() });
    if exempt {
        view.banner = Some(banner(&view.items));
        view.note = Some("These papers are not for publication. They are not in the public agenda pack, which shows each of these items only by its title and the paragraph of Schedule 12A that applies.".to_owned());
    }
    let body = match project.templates.render(TEMPLATE, view) {
        Ok(body) => body,
        Err(e) => {
            diags.at(None, None, Severity::Error, "template-error", e.to_string());
            return None;
        }
    };
    let title = if exempt {
        format!("{}, {}: exempt papers (not for publication)", meeting.committee, meeting.date.long())
    } else {
        format!("{}, {}: agenda pack", meeting.committee, meeting.date.long())
    };
    let mut keywords = vec![meeting.committee.clone(), meeting.date.long()];
    keywords.extend(view.items.iter().map(|i| format!("Item {}", i.item)));
    let main = pipeline::main_source(project, &title, meeting.council.as_deref(), &keywords, Some(meeting.date), &body);
    let parts: Vec<(String, String)> = plan.parts.iter().enumerate().map(|(i, s)| (format!("/paper-{}.typ", i + 1), s.clone())).collect();
    let world = pipeline::world(project, main, Some(meeting.date), parts);
    match typeset(&world, path, Some(meeting.date), &diags.file.clone()) {
        Ok(pdf) => {
            for w in &pdf.warnings {
                diags.at(None, None, Severity::Warning, "typst-warning", w.clone());
            }
            Some(pdf)
        }
        Err(e) => {
            let parts: Vec<String> = plan.names.iter().enumerate().map(|(i, n)| format!("paper-{}.typ is {n}", i + 1)).collect();
            diags.at(None, None, Severity::Error, "typeset-error", format!("{path}: {e} ({})", parts.join(", ")));
            None
        }
    }
}

/// The entries of a meeting none of whose packs can be built; earlier packs are removed.
fn fail_all(project: &Project, options: &Options, file: &MeetingFile, diags: &Diagnostics) -> anyhow::Result<Vec<Entry>> {
    if !options.write {
        return Ok(Vec::new());
    }
    let warnings: Vec<String> = diags.list.iter().filter(|d| !d.is_error()).map(ToString::to_string).collect();
    let mut entries = Vec::new();
    for pack in [PUBLIC_PACK, EXEMPT_PACK] {
        let path = format!("{}/{pack}", file.output_dir);
        let existed = project.root.join(&path).exists();
        remove_stale(&project.root.join(&path))?;
        if pack == PUBLIC_PACK || existed {
            entries.push(Entry {
                path,
                sources: vec![Source { path: file.rel.clone(), sha256: String::new() }],
                sha256: None,
                pages: None,
                template: Some(TEMPLATE.to_owned()),
                warnings: warnings.clone(),
                status: Status::Failed,
                fingerprint: None,
                stamp: None,
            });
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(exempt: Option<&str>) -> ItemView {
        ItemView { item: "1".into(), title: "T".into(), paper: None, exempt: exempt.map(str::to_owned) }
    }

    #[test]
    fn the_banner_names_every_paragraph() {
        assert!(banner(&[item(Some("3"))]).contains("under paragraph 3 of Schedule 12A"));
        let b = banner(&[item(Some("3")), item(None), item(Some("1")), item(Some("3"))]);
        assert!(b.starts_with("NOT FOR PUBLICATION: exempt information under paragraphs 1 and 3 of Schedule 12A"), "{b}");
    }
}
