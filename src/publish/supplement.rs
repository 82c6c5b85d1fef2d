//! A published meeting: its agenda pack and supplements are the record, kept as published
//! whatever the folder says today, and what changed since goes out as its next supplement.
//!
//! Once a meeting's agenda is published (the ledger records its agenda pack), a build never
//! writes or removes its packs again. A paper revised before the meeting, a report "to
//! follow" that arrives, an item added to the agenda, or an item marked Withdrawn is
//! published as `supplement-N.pdf`: its own front sheet with its own date of publication,
//! the items it adds, replaces or withdraws, and the papers' pages (as typeset for their own
//! PDFs), with the same PDF/A and PDF/UA claims as the pack. The exempt pack, which is never
//! published, is made afresh as before.

use std::collections::HashSet;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity};
use crate::base::hash::sha256;
use crate::model::meeting::AgendaItem;
use crate::publish::pack::{
    self, Paper, Stage, check_papers, exempt_pack, make_pack, meeting_papers, pack_paths, plan,
    set_warnings,
};
use crate::run::incremental::Previous;
use crate::run::ledger::MeetingRecord;
use crate::run::manifest::{Entry, Published, Status};
use crate::run::pipeline::{Options, Project};
use crate::run::survey::MeetingRead;

/// A supplement's file name in the meeting's folder: `supplement-1.pdf`.
pub fn file_name(number: u32) -> String {
    format!("supplement-{number}.pdf")
}

/// Stage 7 for the meeting `meetings[index]`: a published one's packs (see [`build`]), else
/// its agenda pack (a draft, or being published now) and exempt pack.
pub fn meeting_packs(
    project: &Project,
    options: &Options,
    stage: &Stage,
    meetings: &[MeetingRead],
    index: usize,
    previous: &Previous,
) -> pack::Packs {
    let read = &meetings[index];
    let record = project
        .ledger
        .meetings
        .get(crate::base::paths::folder_of(&read.file.rel))
        .filter(|m| read.is_published() && !m.releases.is_empty());
    let Some(record) = record else {
        return pack::build_meeting_packs(project, options, stage, meetings, index, previous);
    };
    let mut diags = pack::meeting_diags(meetings, index);
    let entries = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build(project, options, stage, read, record, previous, &mut diags)
    }))
    .unwrap_or_else(|_| {
        diags.at(
            None,
            None,
            Severity::Error,
            "internal-error",
            "Papers failed on this meeting (a \
            bug: please report it with the file); its published packs are kept as they are",
        );
        Ok(Vec::new())
    });
    (diags, entries)
}

/// Stage 7 for a published meeting: its releases kept, its exempt pack, and, when anything
/// changed since its last release, its next supplement.
pub fn build(
    project: &Project,
    options: &Options,
    stage: &Stage,
    read: &MeetingRead,
    record: &MeetingRecord,
    previous: &Previous,
    diags: &mut Diagnostics,
) -> anyhow::Result<Vec<Entry>> {
    let mut entries = if options.write {
        kept_releases(project, read, record, previous, diags)
    } else {
        Vec::new()
    };
    let Some(meeting) = read.meeting.as_ref() else {
        return Ok(entries);
    };
    let mut meeting = meeting.clone();
    let papers = meeting_papers(project, options, stage, &meeting.items);
    meeting.council = check_papers(&meeting, &papers, diags);
    // A meeting workbook with errors (or one that cannot be trusted) publishes nothing new;
    // what is published stays.
    if diags.has_errors() || read.untrusted.is_some() || !options.write {
        if diags.has_errors() && options.write {
            diags.at(
                None,
                None,
                Severity::Error,
                "published-kept",
                format!(
                    "the agenda was published on {}; its published pack{} stay{} as published, and \
                    nothing new is published until the meeting workbook's errors are fixed",
                    long(record.published.as_deref()),
                    if record.releases.len() > 1 {
                        " and supplements"
                    } else {
                        ""
                    },
                    if record.releases.len() > 1 { "" } else { "s" },
                ),
            );
        }
        return Ok(entries);
    }
    let today = options
        .today
        .unwrap_or_else(crate::model::validate::today_utc);
    let number = u32::try_from(record.releases.len()).unwrap_or(u32::MAX);
    let changes = changes(stage, &meeting.items, &papers, record, number);
    if !changes.is_empty() {
        let path = format!("{}/{}", read.file.output_dir, file_name(number));
        let mut plan = plan(&meeting, &papers, false);
        // The supplement holds the changed items, and only the papers it publishes.
        let keep: Vec<bool> = plan
            .view
            .items
            .iter()
            .map(|view| changes.iter().any(|c| c.item == view.item))
            .collect();
        let kept_parts: Vec<bool> = plan
            .parts
            .iter()
            .map(|&index| {
                let item = &papers[index].item.number;
                changes.iter().any(|c| &c.item == item && c.paper)
            })
            .collect();
        filter_plan(&mut plan, &keep, &kept_parts);
        for view in &mut plan.view.items {
            view.change = changes
                .iter()
                .find(|c| c.item == view.item)
                .map(|c| c.what.clone());
        }
        plan.view.supplement = Some(format!("Supplement {number}"));
        plan.view.published = Some(today.long());
        plan.view.agenda_title = format!("Supplement {number} to the agenda");
        plan.view.note = Some(format!(
            "This supplement adds to the agenda pack published on {}: it publishes the items above \
                that were added or replaced, and those withdrawn.",
            long(record.published.as_deref())
        ));
        let mut entry = make_pack(
            project,
            options,
            &path,
            &meeting,
            &read.source,
            &papers,
            plan,
            false,
            diags,
        )?;
        if entry.status != Status::Failed {
            entry.published = Some(Published {
                date: today.iso(),
                release: number,
                items: changes
                    .iter()
                    .filter(|c| !c.withdrawn)
                    .map(|c| c.item.clone())
                    .collect(),
                withdrawn: changes
                    .iter()
                    .filter(|c| c.withdrawn)
                    .map(|c| c.item.clone())
                    .collect(),
                content: None,
            });
        }
        entries.push(entry);
    }
    let [_, exempt_path] = pack_paths(project, read);
    let published = record
        .published
        .as_deref()
        .and_then(Date::parse)
        .map(Date::long);
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
    Ok(entries)
}

/// "5 January 2027", from an ISO date.
fn long(iso: Option<&str>) -> String {
    iso.and_then(Date::parse)
        .map_or_else(|| "an earlier date".to_owned(), Date::long)
}

/// One change a supplement publishes.
struct Change {
    /// The agenda item.
    item: String,
    /// What the supplement says of it.
    what: String,
    /// Whether it publishes the item's paper.
    paper: bool,
    /// Whether the item is withdrawn.
    withdrawn: bool,
}

/// What changed since the meeting's last release: papers published since (revised, or
/// arrived), items added to the agenda, items withdrawn.
fn changes(
    stage: &Stage,
    items: &[AgendaItem],
    papers: &[Paper],
    record: &MeetingRecord,
    number: u32,
) -> Vec<Change> {
    let released: HashSet<&str> = record
        .releases
        .iter()
        .flat_map(|r| r.items.iter().map(String::as_str))
        .collect();
    let mut found = Vec::new();
    for item in items {
        if item.withdrawn {
            if !record.withdrawn.contains_key(&item.number)
                && released.contains(item.number.as_str())
            {
                found.push(Change {
                    item: item.number.clone(),
                    what: "Withdrawn".to_owned(),
                    paper: false,
                    withdrawn: true,
                });
            }
            continue;
        }
        let paper = papers.iter().find(|p| std::ptr::eq(p.item, item));
        // A paper published since the last release: in this run, or recorded by a run whose
        // supplement could not be made.
        let fresh = paper.is_some_and(|p| {
            p.exempt.is_none()
                && p.rendered.is_some()
                && (stage.entries.get(p.rel.as_str()).is_some_and(|e| {
                    e.path.starts_with("output/")
                        && e.published.as_ref().is_some_and(|x| x.release >= number)
                }) || record
                    .papers
                    .get(&p.rel)
                    .and_then(|r| r.versions.last())
                    .is_some_and(|v| v.release >= number))
        });
        let earlier = paper
            .and_then(|p| record.papers.get(&p.rel))
            .and_then(|r| r.versions.iter().rev().find(|v| v.release < number));
        let what = match (fresh, earlier, released.contains(item.number.as_str())) {
            (true, Some(v), _) => format!(
                "Revised: replaces the report published on {}",
                long(Some(&v.published))
            ),
            (true, None, true) => "The report to follow".to_owned(),
            (true, None, false) => "Added to the agenda".to_owned(),
            (false, _, false) if paper.is_none_or(|p| p.exempt.is_some() || item.to_follow) => {
                "Added to the agenda".to_owned()
            }
            _ => continue,
        };
        found.push(Change {
            item: item.number.clone(),
            what,
            paper: fresh,
            withdrawn: false,
        });
    }
    found
}

/// Keeps the plan's items and parts that `keep` and `parts` say.
fn filter_plan(plan: &mut pack::Plan, keep: &[bool], parts: &[bool]) {
    let mut k = keep.iter();
    plan.view.items.retain(|_| *k.next().unwrap_or(&false));
    let mut renumber = Vec::new();
    let mut kept = 0;
    for &p in parts {
        if p {
            kept += 1;
            renumber.push(Some(kept));
        } else {
            renumber.push(None);
        }
    }
    let mut p = parts.iter();
    plan.parts.retain(|_| *p.next().unwrap_or(&false));
    let mut p = parts.iter();
    plan.names.retain(|_| *p.next().unwrap_or(&false));
    let mut p = parts.iter();
    plan.sources.retain(|_| *p.next().unwrap_or(&false));
    let mut p = parts.iter();
    plan.view.parts.retain(|_| *p.next().unwrap_or(&false));
    for (i, part) in plan.view.parts.iter_mut().enumerate() {
        part.number = i + 1;
    }
    for item in &mut plan.view.items {
        item.paper = item
            .paper
            .and_then(|n| renumber.get(n - 1).copied().flatten());
    }
    plan.view.papers = (1..=plan.parts.len()).collect();
    plan.view.paper_count = plan.parts.len();
    plan.failures.clear();
}

/// The meeting's agenda pack and supplements as published: each kept as it is. One that is
/// missing or altered in `output/` is an error (it is never made again: the record is the
/// bytes that were published).
fn kept_releases(
    project: &Project,
    read: &MeetingRead,
    record: &MeetingRecord,
    previous: &Previous,
    diags: &mut Diagnostics,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    for release in &record.releases {
        let intact = std::fs::read(project.root.join(&release.path))
            .is_ok_and(|b| sha256(&b) == release.sha256);
        if !intact {
            diags.at(
                None,
                None,
                Severity::Error,
                "published-kept",
                format!(
                    "{}, published on {}, is missing from output/ or is not the file that was \
                    published; restore it from the archive (Papers never makes a published pack \
                    again)",
                    release.path,
                    long(Some(&release.published))
                ),
            );
        }
        let mut entry = previous
            .get(&release.path)
            .cloned()
            .unwrap_or_else(|| Entry {
                path: release.path.clone(),
                sources: vec![read.source.clone()],
                sha256: Some(release.sha256.clone()),
                pages: None,
                template: Some(pack::TEMPLATE.to_owned()),
                warnings: Vec::new(),
                status: Status::Unchanged,
                fingerprint: None,
                stamp: None,
                errors: Vec::new(),
                exempt: None,
                summary: None,
                published: None,
            });
        entry.status = Status::Unchanged;
        entry.published.get_or_insert(Published {
            date: release.published.clone(),
            release: release.number,
            items: release.items.clone(),
            ..Published::default()
        });
        entries.push(entry);
    }
    entries
}
