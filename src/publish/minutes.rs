//! Stage 7d, after the meeting: the minutes of each published meeting whose Attendance or
//! Minutes sheet has a row, `minutes.pdf` (PDF/A-2a and PDF/UA-1, like every paper) and
//! its web page `minutes.html`, "DRAFT - subject to approval" on every page and in the title
//! until the Meeting sheet's `Minutes approved` gives a date, then "Approved on <date>".
//!
//! Exempt items fail closed: the public minutes carry an exempt item's agenda title and its
//! Public summary, else only that it was minuted; the full minutes go to the exempt tree.
//! Approved minutes are part of the published record: once a build has published them, they
//! are never rewritten or removed, and a later change is an error that keeps them as they
//! were approved.

pub mod view;

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity};
use crate::base::hash::sha256;
use crate::base::paths::{Input, Source};
use crate::publish::decisions::{exemption, logo, write_as};
use crate::render::html::pages::{Chrome, Link, relative, root_of};
use crate::render::html::templates::HtmlTemplates;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Exemption, Status};
use crate::run::pipeline::{
    Generated, Options, Outcome, Project, exempt_output, typeset_generated,
};
use crate::run::survey::MeetingRead;

use view::Minutes;

/// The template of the minutes' PDF (and the name their manifest entry gives).
pub const TEMPLATE: &str = crate::run::ledger::MINUTES_TEMPLATE;

/// The source an approved minutes' entry names: the ledger records them as published.
pub const APPROVED: &str = crate::run::ledger::MINUTES_APPROVED;

/// The minutes' file name in the meeting's output folder.
pub const FILE: &str = "minutes.pdf";

/// Whether a meeting's minutes are made on `today`: its agenda is published, its workbook
/// has no errors, the meeting has taken place, and the workbook's Attendance or Minutes sheet
/// has a row.
pub fn due(read: &MeetingRead, today: Date) -> bool {
    read.is_published()
        && read.untrusted.is_none()
        && !read.diags.iter().any(|d| d.is_error())
        && read
            .meeting
            .as_ref()
            .is_some_and(|m| m.proceedings.any() && m.date <= today)
}

/// A workbook of the meeting's folder named "minutes", whose PDF would be the minutes'.
pub fn clash<'a>(inputs: &'a [Input], read: &MeetingRead) -> Option<&'a Input> {
    let folder = crate::base::paths::folder_of(&read.file.rel);
    inputs.iter().find(|i| {
        crate::base::paths::folder_of(&i.rel) == folder
            && std::path::Path::new(&i.rel)
                .file_stem()
                .is_some_and(|s| s.eq_ignore_ascii_case("minutes"))
    })
}

/// The minutes' PDF of a meeting whose output folder is `dir`.
pub fn path(dir: &str) -> String {
    format!("{dir}/{FILE}")
}

#[derive(Serialize)]
struct MinutesPage<'a> {
    page: Chrome,
    minutes: &'a Minutes,
    pdf: String,
    meeting: String,
}

/// Builds the minutes of every meeting that is [`due`], adding their entries to `outcome`;
/// approved minutes published earlier are kept as they were.
pub fn build(
    project: &Project,
    options: &Options,
    inputs: &[Input],
    meetings: &[MeetingRead],
    previous: &Previous,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let today = options
        .today
        .unwrap_or_else(crate::model::validate::today_utc);
    let html = HtmlTemplates::load(&project.root.join("templates").join("html"))?;
    let mut entries = Vec::new();
    for read in meetings {
        let pdf = path(&read.file.output_dir);
        let frozen = frozen(project, &read.file.rel);
        let Some(meeting) = read.meeting.as_ref().filter(|_| due(read, today)) else {
            // A published meeting whose workbook has a slip keeps the minutes it had (as a
            // notice is kept); approved minutes stay whatever the workbook says today.
            let mut held = frozen.clone();
            if read.is_published() {
                let dir = project.config.exempt_dir();
                held.push((pdf.clone(), String::new()));
                held.push((exempt_output(&dir, &pdf), String::new()));
            }
            held.sort();
            held.dedup_by(|a, b| a.0 == b.0);
            entries.extend(kept(project, previous, &held));
            continue;
        };
        // A paper of the folder named "minutes" (the last meeting's, say) owns minutes.pdf.
        if let Some(paper) = clash(inputs, read) {
            let mut diags = Diagnostics::new(&read.file.rel);
            diags.at(None, None, Severity::Error, "same-output", format!(
                "the meeting's minutes would be written to {pdf}, which is the PDF of {}; rename \
                    that workbook (\"previous-minutes.xlsx\") so that the minutes can be published",
                paper.rel
            ));
            outcome.diagnostics.extend(diags.list);
            continue;
        }
        let exempt: Vec<Option<String>> = meeting
            .items
            .iter()
            .map(|item| exemption(project, item, inputs, &outcome.manifest.outputs))
            .collect();
        let public = view::minutes(meeting, logo(project), &exempt, false);
        let mut diags = Diagnostics::new(&read.file.rel);
        let mut made = Made {
            project,
            options,
            previous,
            html: &html,
            diags: &mut diags,
        };
        let content = content(&public);
        // Approved minutes published earlier stay as they are (with the exempt tree's full
        // minutes); made again only if their file is gone and they would print the same.
        let dir = project.config.exempt_dir();
        let with_full = |mut f: Vec<(String, String)>| {
            f.push((exempt_output(&dir, &pdf), String::new()));
            f
        };
        let on_disk = project.root.join(&pdf).is_file();
        let stay = match frozen.iter().find(|(p, _)| *p == pdf) {
            Some((_, approved)) if *approved != content => {
                made.diags.at(None, None, Severity::Error, "minutes-changed", format!(
                    "the minutes were approved and published as {pdf}; what they would print now \
                        differs, so they are kept as approved (a correction to approved minutes is \
                        made by a later meeting, in its own minutes)"
                ));
                true
            }
            Some(_) => on_disk,
            None => false,
        };
        if stay {
            entries.extend(kept(project, previous, &with_full(frozen.clone())));
        } else {
            let page = format!("{}/minutes.html", read.file.output_dir);
            let sources = sources(read, &public);
            let meeting_page = if read.file.output_dir == "output" {
                "output/meeting.html".to_owned()
            } else {
                format!("{}/index.html", read.file.output_dir)
            };
            entries.extend(made.minutes(&public, &pdf, &page, sources, (None, &meeting_page)));
            if exempt.iter().any(Option::is_some) {
                let full = view::minutes(meeting, logo(project), &exempt, true);
                let paragraph = exempt.iter().flatten().next().cloned();
                entries.extend(made.minutes(
                    &full,
                    &exempt_output(&dir, &pdf),
                    &exempt_output(&dir, &page),
                    sources_of(read, &full),
                    (paragraph, &meeting_page),
                ));
            }
        }
        outcome.diagnostics.extend(diags.list);
    }
    let made: std::collections::HashSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    outcome.manifest.outputs.retain(|e| !made.contains(&e.path));
    for entry in entries {
        crate::run::pipeline::notify(options, &entry);
        outcome.manifest.outputs.push(entry);
    }
    Ok(())
}

/// What the minutes print, as a hash: the ledger keeps it for approved minutes.
fn content(minutes: &Minutes) -> String {
    sha256(
        serde_json::to_string(minutes)
            .unwrap_or_default()
            .as_bytes(),
    )
}

/// The sources of the public minutes: the meeting workbook and what they print (approved
/// ones marked so, for the ledger).
fn sources(read: &MeetingRead, minutes: &Minutes) -> Vec<Source> {
    let mut out = sources_of(read, minutes);
    if !minutes.draft {
        out[1].path = APPROVED.to_owned();
    }
    out
}

fn sources_of(read: &MeetingRead, minutes: &Minutes) -> Vec<Source> {
    vec![
        read.source.clone(),
        Source {
            path: "minutes".to_owned(),
            sha256: content(minutes),
        },
    ]
}

/// The approved minutes the ledger records of the meeting workbook `rel`: each file's path
/// and what it printed.
fn frozen(project: &Project, rel: &str) -> Vec<(String, String)> {
    project
        .ledger
        .meetings
        .get(crate::base::paths::folder_of(rel))
        .map(|m| {
            m.minutes
                .iter()
                .map(|(p, f)| (p.clone(), f.content.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The previous entries of approved minutes (the PDF and its page), as they are on disk.
fn kept(project: &Project, previous: &Previous, frozen: &[(String, String)]) -> Vec<Entry> {
    frozen
        .iter()
        .flat_map(|(pdf, _)| [pdf.clone(), pdf.replace(".pdf", ".html")])
        .filter_map(|p| previous.get(&p))
        .filter(|e| project.root.join(&e.path).is_file())
        .map(|e| Entry {
            status: Status::Unchanged,
            ..e.clone()
        })
        .collect()
}

/// What makes and writes the minutes' PDF and page.
struct Made<'a, 'd> {
    project: &'a Project,
    options: &'a Options,
    previous: &'a Previous,
    html: &'a HtmlTemplates,
    diags: &'d mut Diagnostics,
}

impl Made<'_, '_> {
    /// The PDF and web page of the minutes; typeset again only when they changed.
    fn minutes(
        &mut self,
        minutes: &Minutes,
        pdf: &str,
        page: &str,
        sources: Vec<Source>,
        (exempt, meeting_page): (Option<String>, &str),
    ) -> Vec<Entry> {
        let project = self.project;
        let exemption = exempt.map(|p| Exemption {
            paragraph: p,
            by_cover: false,
        });
        let mut out = Vec::new();
        match self
            .previous
            .unchanged(&project.root, pdf, &sources, &project.fingerprint)
            .filter(|_| !self.options.force)
        {
            Some(entry) => out.push(entry),
            None => match self.typeset(minutes, pdf) {
                Ok((bytes, pages)) => {
                    match write_as(project, pdf, &sources, &bytes, exemption.clone(), TEMPLATE) {
                        Ok(mut entry) => {
                            entry.pages = Some(pages);
                            out.push(entry);
                        }
                        Err(e) => self.fail(pdf, "write-failed", e.to_string()),
                    }
                }
                Err(e) => self.fail(pdf, "typeset-error", e),
            },
        }
        if out.is_empty() {
            return out;
        }
        let rendered = self.html.render(
            "minutes",
            &MinutesPage {
                page: Chrome {
                    root: root_of(page),
                    title: title(minutes),
                    council: minutes.council.clone(),
                    logo: crate::publish::site::logo_image(project),
                    trail: vec![Link {
                        href: relative(page, "output/index.html"),
                        text: "Meetings and documents".to_owned(),
                    }],
                },
                minutes,
                pdf: relative(page, pdf),
                meeting: relative(page, meeting_page),
            },
        );
        match rendered.and_then(|text| {
            write_as(
                project,
                page,
                &sources,
                text.as_bytes(),
                exemption,
                TEMPLATE,
            )
        }) {
            Ok(entry) => out.push(entry),
            Err(e) => self.fail(page, "template-error", e.to_string()),
        }
        out
    }

    /// The minutes typeset as every paper is: PDF/A-2a and PDF/UA-1, dated the meeting (or
    /// the day they were approved).
    fn typeset(&self, minutes: &Minutes, pdf: &str) -> Result<(Vec<u8>, usize), String> {
        let project = self.project;
        let source = project
            .templates
            .render(TEMPLATE, minutes)
            .map_err(|e| e.to_string())?;
        let keywords = [
            minutes.committee.clone(),
            minutes.meeting_date.clone(),
            "Minutes".to_owned(),
        ];
        let date = minutes
            .approved_iso
            .as_deref()
            .or(Some(minutes.meeting_iso.as_str()))
            .and_then(Date::parse);
        let about = Generated {
            title: &title(minutes),
            author: minutes.council.as_deref(),
            keywords: &keywords,
            date,
        };
        typeset_generated(project, self.options, &about, source, pdf)
    }

    fn fail(&mut self, path: &str, code: &'static str, why: String) {
        // The exempt tree's minutes may be quoted in an error: only their path is said.
        let why = if path.starts_with("output/") {
            why
        } else {
            "the exempt minutes failed (their words are withheld)".to_owned()
        };
        self.diags
            .at(None, None, Severity::Error, code, format!("{path}: {why}"));
    }
}

/// The minutes' title, in the PDF's metadata and the page's `<title>`: "Minutes: Cabinet,
/// 20 May 2026 (DRAFT - subject to approval)".
fn title(minutes: &Minutes) -> String {
    format!(
        "Minutes: {}, {} ({})",
        minutes.committee, minutes.meeting_date, minutes.status
    )
}
