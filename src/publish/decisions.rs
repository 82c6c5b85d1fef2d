//! Stage 7c, after the meeting: a decision notice (PDF and web page) for each row of a
//! published meeting's Decisions sheet, with its call-in period counted in working days, and
//! the register of every decision (`output/decisions.html`) and as open data
//! (`output/decisions.json`, `.csv`).
//!
//! Exempt decisions fail closed: a decision on an exempt item (by its agenda row, or its
//! paper routed to the exempt tree) is public only through its `Public summary`, else as
//! "Decision on an exempt item (paragraph N)"; its full notice goes to the exempt tree only.

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity};
use crate::base::hash::sha256;
use crate::base::paths::{Input, Source};
use crate::model::decisions::Decision;
use crate::model::meeting::{AgendaItem, Meeting};
use crate::model::numbering::List;
use crate::render::html::pages::{Chrome, Link, relative, root_of};
use crate::render::html::templates::HtmlTemplates;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Exemption, Stamp, Status, Summary};
use crate::run::pipeline::{
    Generated, Options, Outcome, Project, exempt_output, typeset_generated,
};
use crate::run::survey::MeetingRead;

mod register;
mod revision;

use register::{Record, csv, keep_held, register_page, status_of};
use revision::{Revision, revision};

/// The template a notice PDF's manifest entry names; its web page and the register, as
/// every file of the site, name [`crate::publish::site::TEMPLATE`].
pub const TEMPLATE: &str = crate::run::ledger::NOTICE_TEMPLATE;

/// What a notice prints: the Typst template's and the web page's context.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    council: Option<String>,
    logo: Option<Logo>,
    committee: String,
    meeting_date: String,
    meeting_iso: String,
    item: String,
    title: String,
    decision_maker: Option<String>,
    key_decision: Option<String>,
    forward_plan_ref: Option<String>,
    text: String,
    list: Option<List>,
    reasons: Option<String>,
    alternatives: Option<String>,
    votes: Option<[String; 3]>,
    published: String,
    published_iso: String,
    call_in: String,
    /// The interests declared on the item, as sentences; `None` when the meeting workbook
    /// has no Declarations sheet.
    declarations: Option<Vec<String>>,
    /// The Schedule 12A paragraph of the exempt tree's full notice (its banner).
    banner: Option<String>,
    /// For a notice revised after publication: when, and where the notice it replaces is.
    revised: Option<String>,
}

/// The council's logo on a notice or the minutes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Logo {
    path: String,
    alt: String,
}

/// The logo of papers.toml, as a notice or the minutes print it.
pub(crate) fn logo(project: &Project) -> Option<Logo> {
    project
        .config
        .logo
        .as_ref()
        .zip(project.logo.as_ref())
        .map(|(l, (path, _))| Logo {
            path: path.clone(),
            alt: l.alt.clone(),
        })
}

#[derive(Serialize)]
struct NoticePage<'a> {
    page: Chrome,
    notice: &'a Notice,
    pdf: String,
}

/// Builds every published decision's notices, then (in a whole, unsharded build) the
/// register, adding their entries to `outcome`.
pub fn build(
    project: &Project,
    options: &Options,
    inputs: &[Input],
    meetings: &[MeetingRead],
    summaries: &[(String, Summary)],
    previous: &Previous,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let today = options
        .today
        .unwrap_or_else(crate::model::validate::today_utc);
    let calendar = project.config.working_days()?;
    let html = HtmlTemplates::load(&project.root.join("templates").join("html"))?;
    let mut records = Vec::new();
    let mut entries = Vec::new();
    let mut held = Vec::new();
    for read in meetings {
        let Some(meeting) = read.meeting.as_ref().filter(|_| {
            read.is_published()
                && read.untrusted.is_none()
                && !read.diags.iter().any(|d| d.is_error())
        }) else {
            if read.is_published() {
                held.push(read);
            }
            continue;
        };
        for decision in &meeting.decisions {
            let Some(published) = decision.published.filter(|d| *d <= today) else {
                continue;
            };
            let Some(item) = meeting.items.iter().find(|i| i.number == decision.item) else {
                continue;
            };
            let exempt = exemption(project, item, inputs, &outcome.manifest.outputs);
            // The paper's summary, kept in its manifest entry whether or not it was read
            // again in this run.
            let doc = item
                .report
                .as_deref()
                .filter(|_| exempt.is_none())
                .and_then(|rel| summary_of(rel, &outcome.manifest.outputs, summaries));
            let call_in = call_in(project, &calendar, decision, published);
            let full = notice(project, meeting, item, decision, doc, published, &call_in);
            let public = match &exempt {
                None => full.clone(),
                Some(paragraph) => withheld(&full, meeting, decision, paragraph),
            };
            let stem = format!(
                "{}/decisions/item-{}",
                read.file.output_dir,
                slug(&item.number)
            );
            let pdf = format!("{stem}.pdf");
            let page = format!("{stem}.html");
            let sources = |n: &Notice| {
                vec![
                    read.source.clone(),
                    Source {
                        path: format!("decision of item {}", item.number),
                        sha256: sha256(serde_json::to_string(n).unwrap_or_default().as_bytes()),
                    },
                ]
            };
            let mut diags = Diagnostics::new(&read.file.rel);
            let shown = Shown {
                project,
                options,
                previous,
                html: &html,
                diags: &mut diags,
            };
            let mut shown = shown;
            let said = sources(&public);
            match revision(project, previous, read, &pdf, &said[1].sha256, today) {
                Revision::New { note, dated } => {
                    let made = Notice {
                        revised: note,
                        ..public.clone()
                    };
                    let dated = dated.unwrap_or(published);
                    let out = Out {
                        pdf: &pdf,
                        page: &page,
                        published,
                        dated,
                    };
                    entries.extend(shown.notice(&made, &out, said, None, &[]));
                }
                Revision::AsPublished(kept) => entries.extend(kept),
                Revision::Revised { note, keep } => {
                    let revised = Notice {
                        revised: Some(note),
                        ..public.clone()
                    };
                    let out = Out {
                        pdf: &pdf,
                        page: &page,
                        published,
                        dated: today,
                    };
                    let made = shown.notice(&revised, &out, said, None, &keep);
                    if made.is_empty() {
                        // Not typeset: the published notice stays where it is, as published.
                        entries.extend(revision::kept(project, previous, &pdf, &pdf));
                    } else {
                        for (from, to) in &keep {
                            if from.ends_with(".pdf") {
                                entries.extend(revision::kept(project, previous, from, to));
                            }
                        }
                        entries.extend(made);
                    }
                }
            }
            if let Some(paragraph) = &exempt {
                let private = Notice {
                    banner: Some(paragraph.clone()),
                    ..full.clone()
                };
                let exempt_dir = project.config.exempt_dir();
                let (private_pdf, private_page) = (
                    exempt_output(&exempt_dir, &pdf),
                    exempt_output(&exempt_dir, &page),
                );
                let out = Out {
                    pdf: &private_pdf,
                    page: &private_page,
                    published,
                    dated: published,
                };
                entries.extend(shown.notice(
                    &private,
                    &out,
                    sources(&private),
                    Some(paragraph),
                    &[],
                ));
            }
            outcome.diagnostics.extend(diags.list);
            let (ends, from) = call_in.1.unzip();
            let report = item
                .report
                .as_deref()
                .filter(|_| exempt.is_none())
                .and_then(|rel| report_of(rel, &outcome.manifest.outputs));
            records.push(Record {
                id: format!("{}/item-{}", read.file.folder(), slug(&item.number))
                    .trim_start_matches('/')
                    .to_owned(),
                council: public.council.clone(),
                committee: meeting.committee.clone(),
                meeting: read.file.folder().to_owned(),
                meeting_date: meeting.date.iso(),
                item: item.number.clone(),
                title: public.title.clone(),
                decision_maker: public.decision_maker.clone(),
                date: meeting.date.iso(),
                published: published.iso(),
                exempt: exempt.is_some(),
                urgent: !decision.call_in,
                urgency_reason: decision.urgency_reason.clone().filter(|_| exempt.is_none()),
                key_decision: public.key_decision.clone(),
                forward_plan_ref: public.forward_plan_ref.clone(),
                call_in_ends: ends.map(Date::iso),
                implementable_from: from.map(Date::iso),
                status: status(decision, ends, today),
                decision: public.text.clone(),
                reasons: public.reasons.clone(),
                alternatives: public.alternatives.clone(),
                notice_pdf: pdf.trim_start_matches("output/").to_owned(),
                notice_html: page.trim_start_matches("output/").to_owned(),
                report_pdf: report.as_ref().map(|(pdf, _)| pdf.clone()),
                report_html: report.and_then(|(_, html)| html),
            });
        }
    }
    // What was published stays published: a meeting whose workbook now has errors keeps
    // the notices and the records an earlier build made of its decisions.
    let (kept, kept_records) = keep_held(project, previous, &held, today);
    entries.extend(kept);
    records.extend(kept_records);
    if options.shard.is_none() && options.only.is_none() {
        // A published notice whose Decisions row is gone stays in the record, and so does
        // its record in the register.
        let made: std::collections::HashSet<String> =
            records.iter().map(|r| r.id.clone()).collect();
        records.extend(register::keep_recorded(project, &made, today));
        records.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));
        let sources: Vec<Source> = meetings.iter().map(|m| m.source.clone()).collect();
        let json = serde_json::to_string_pretty(&records)? + "\n";
        for (path, bytes) in [
            ("output/decisions.json", json.as_bytes().to_vec()),
            ("output/decisions.csv", csv(&records).into_bytes()),
        ] {
            entries.push(write(project, path, &sources, &bytes, None)?);
        }
        // The register page shows the records (their status as of today included) in the
        // house style: rendered again only when one of those changed, as the site's pages are.
        let key =
            sha256(format!("{}:{}:{json}", project.fingerprint, html.fingerprint()).as_bytes());
        let kept = previous
            .get("output/decisions.html")
            .filter(|e| {
                e.fingerprint.as_deref() == Some(key.as_str())
                    && crate::run::incremental::intact(&project.root, e)
            })
            .map(|e| Entry {
                status: Status::Unchanged,
                sources: sources.clone(),
                ..e.clone()
            });
        let page = match kept {
            Some(entry) => entry,
            None => {
                let page = register_page(project, &html, &records, today)?;
                let mut entry = write(
                    project,
                    "output/decisions.html",
                    &sources,
                    page.as_bytes(),
                    None,
                )?;
                entry.fingerprint = Some(key);
                entry
            }
        };
        entries.push(page);
    } else if options.only.is_some() {
        // A build of named workbooks answers for what it built; the rest stays as the last
        // build left it (the site keeps the web pages and the register). A shard's manifest
        // holds its own meetings' notices only.
        let made: Vec<String> = entries.iter().map(|e: &Entry| e.path.clone()).collect();
        let built: Vec<&str> = meetings
            .iter()
            .map(|m| m.file.output_dir.as_str())
            .collect();
        entries.extend(
            previous
                .entries()
                .filter(|e| e.template.as_deref() == Some(TEMPLATE))
                .filter(|e| !made.contains(&e.path))
                .filter(|e| {
                    !built
                        .iter()
                        .any(|b| e.path.starts_with(&format!("{b}/decisions/")))
                })
                .filter(|e| project.root.join(&e.path).is_file())
                .map(|e| Entry {
                    status: Status::Unchanged,
                    ..e.clone()
                }),
        );
    }
    // What the site kept of an earlier build is replaced by what was made now.
    let made: std::collections::HashSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    outcome.manifest.outputs.retain(|e| !made.contains(&e.path));
    for entry in entries {
        crate::run::pipeline::notify(options, &entry);
        outcome.manifest.outputs.push(entry);
    }
    Ok(())
}

/// The paragraph of an exempt item: its agenda row's, or its paper's when that went to the
/// exempt tree or cannot be cleared ("unknown").
pub(crate) fn exemption(
    project: &Project,
    item: &AgendaItem,
    inputs: &[Input],
    entries: &[Entry],
) -> Option<String> {
    if let Some(paragraph) = &item.exempt {
        return Some(paragraph.clone());
    }
    let rel = item.report.as_deref()?;
    let tree = format!("{}/", project.config.exempt_dir());
    let routed = entries
        .iter()
        .filter(|e| e.sources.first().is_some_and(|s| s.path == rel))
        .find_map(|e| {
            e.exempt
                .as_ref()
                .map(|x| x.paragraph.clone())
                .or_else(|| e.path.starts_with(&tree).then(|| "unknown".to_owned()))
        });
    routed.or_else(|| {
        let input = inputs.iter().find(|i| i.rel == rel)?;
        let place = &input.place;
        place.agenda_exempt.clone().or_else(|| {
            (place.blocked.is_some() || place.private || place.remembered.is_some())
                .then(|| "unknown".to_owned())
        })
    })
}

/// The public PDF of the paper `rel` and its web page, relative to `output/`.
fn report_of(rel: &str, entries: &[Entry]) -> Option<(String, Option<String>)> {
    let of = |e: &&Entry| e.sources.first().is_some_and(|s| s.path == rel);
    let pdf = entries.iter().filter(of).find(|e| {
        e.path.starts_with("output/")
            && e.path.ends_with(".pdf")
            && e.exempt.is_none()
            && e.sha256.is_some()
            && e.status != Status::Failed
    })?;
    let html = entries
        .iter()
        .filter(of)
        .find(|e| e.path.starts_with("output/") && e.path.ends_with(".html"))
        .map(|e| e.path.trim_start_matches("output/").to_owned());
    Some((pdf.path.trim_start_matches("output/").to_owned(), html))
}

/// What the site lists of the paper `rel`: from its manifest entry, else as read now.
fn summary_of(rel: &str, entries: &[Entry], summaries: &[(String, Summary)]) -> Option<Summary> {
    entries
        .iter()
        .filter(|e| e.sources.first().is_some_and(|s| s.path == rel))
        .find_map(|e| e.summary.clone())
        .or_else(|| {
            summaries
                .iter()
                .find(|(r, _)| r == rel)
                .map(|(_, s)| s.clone())
        })
}

/// The call-in sentence, with the last day of call-in and the first day of implementation.
fn call_in(
    project: &Project,
    calendar: &crate::base::workdays::Calendar,
    decision: &Decision,
    published: Date,
) -> (String, Option<(Date, Date)>) {
    if !decision.call_in {
        let reason = decision
            .urgency_reason
            .as_deref()
            .unwrap_or("no reason given");
        return (format!("Not subject to call-in: urgent ({reason})"), None);
    }
    match calendar.call_in(published, project.config.call_in_days) {
        Some((ends, from)) => (
            format!(
                "Subject to call-in until the end of {}; may be implemented from {}",
                ends.long(),
                from.long()
            ),
            Some((ends, from)),
        ),
        None => ("Not subject to call-in".to_owned(), None),
    }
}

/// Where a decision stands on `today`.
fn status(decision: &Decision, ends: Option<Date>, today: Date) -> String {
    status_of(decision.call_in, ends, today)
}

/// The full notice of a decision.
fn notice(
    project: &Project,
    meeting: &Meeting,
    item: &AgendaItem,
    decision: &Decision,
    doc: Option<Summary>,
    published: Date,
    call_in: &(String, Option<(Date, Date)>),
) -> Notice {
    let logo = logo(project);
    Notice {
        council: meeting.council.clone(),
        logo,
        committee: meeting.committee.clone(),
        meeting_date: meeting.date.long(),
        meeting_iso: meeting.date.iso(),
        item: item.number.clone(),
        title: item
            .title
            .clone()
            .or_else(|| doc.as_ref().map(|d| d.title.clone()))
            .unwrap_or_else(|| format!("Item {}", item.number)),
        decision_maker: decision.decision_maker.clone(),
        key_decision: doc.as_ref().and_then(|d| d.key_decision.clone()),
        forward_plan_ref: doc.and_then(|d| d.forward_plan_ref),
        text: decision.text.clone(),
        list: decision.list.clone(),
        reasons: decision.reasons.clone(),
        alternatives: decision.alternatives.clone(),
        votes: decision.votes.clone(),
        published: published.long(),
        published_iso: published.iso(),
        call_in: call_in.0.clone(),
        declarations: meeting
            .proceedings
            .declarations
            .as_ref()
            .map(|_| {
                meeting
                    .proceedings
                    .declared_on(&item.number)
                    .map(|d| d.sentence(true))
                    .collect::<Vec<_>>()
            })
            .map(none_declared),
        banner: None,
        revised: None,
    }
}

/// The declarations on an item, or "None declared." when there were none.
fn none_declared(lines: Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        vec!["None declared.".to_owned()]
    } else {
        lines
    }
}

/// The public notice of a decision on an exempt item: its agenda title (or "Exempt item"),
/// and its Public summary or else only that it was decided. Nothing else of the row.
fn withheld(full: &Notice, meeting: &Meeting, decision: &Decision, paragraph: &str) -> Notice {
    let said = if paragraph == "unknown" {
        "Decision on an exempt item".to_owned()
    } else {
        format!("Decision on an exempt item (paragraph {paragraph} of Schedule 12A)")
    };
    Notice {
        title: full.title.clone(),
        text: decision.public_summary.clone().unwrap_or(said),
        list: None,
        reasons: None,
        alternatives: None,
        votes: None,
        key_decision: None,
        forward_plan_ref: None,
        // Who declared what kind of interest is public; its nature may not be.
        declarations: meeting
            .proceedings
            .declarations
            .as_ref()
            .map(|_| {
                meeting
                    .proceedings
                    .declared_on(&decision.item)
                    .map(|d| d.sentence(false))
                    .collect::<Vec<_>>()
            })
            .map(none_declared),
        call_in: if decision.call_in {
            full.call_in.clone()
        } else {
            "Not subject to call-in: urgent".to_owned()
        },
        ..full.clone()
    }
}

/// An item number as a file name: letters and digits, anything else a dash.
fn slug(item: &str) -> String {
    crate::model::decisions::notice_slug(item)
}

/// What makes and writes one notice's PDF and page.
struct Shown<'a, 'd> {
    project: &'a Project,
    options: &'a Options,
    previous: &'a Previous,
    html: &'a HtmlTemplates,
    diags: &'d mut Diagnostics,
}

/// Where a notice goes, and its dates: of the decision's publication (which the PDF is
/// dated by) and of this version (a revision's: the day it was revised).
struct Out<'a> {
    pdf: &'a str,
    page: &'a str,
    published: Date,
    dated: Date,
}

impl Shown<'_, '_> {
    /// The PDF and the web page of a notice; typeset again only when it changed. A revision
    /// (`keep` the published files' versioned names) is typeset and its page made before
    /// anything is written: then the published notice and page are kept under their
    /// versioned names, and the new ones replace them atomically. If it cannot be made, the
    /// published notice stays as it is and nothing is returned.
    fn notice(
        &mut self,
        notice: &Notice,
        out: &Out<'_>,
        sources: Vec<Source>,
        exempt: Option<&String>,
        keep: &[(String, String)],
    ) -> Vec<Entry> {
        let (project, fingerprint) = (self.project, &self.project.fingerprint);
        let (pdf, page) = (out.pdf, out.page);
        let exemption = exempt.map(|p| Exemption {
            paragraph: p.clone(),
            by_cover: false,
        });
        let unchanged = self
            .previous
            .unchanged(&project.root, pdf, &sources, fingerprint)
            .filter(|_| !self.options.force && keep.is_empty());
        let typeset = match unchanged {
            Some(_) => None,
            None => match self.typeset(notice, pdf, out.published) {
                Ok(done) => Some(done),
                Err(e) => {
                    self.fail(pdf, "typeset-error", e);
                    return Vec::new();
                }
            },
        };
        let chrome = Chrome {
            root: root_of(page),
            title: format!("Decision notice: {}", notice.title),
            council: notice.council.clone(),
            logo: crate::publish::site::logo_image(project),
            trail: vec![Link {
                href: relative(page, "output/index.html"),
                text: "Meetings and documents".to_owned(),
            }],
        };
        let rendered = self.html.render(
            "decision",
            &NoticePage {
                page: chrome,
                notice,
                pdf: relative(page, pdf),
            },
        );
        if !keep.is_empty() {
            if let Err(e) = &rendered {
                self.fail(page, "template-error", e.to_string());
                return Vec::new();
            }
            if let Err(e) = revision::keep_versions(project, keep) {
                self.fail(pdf, "write-failed", format!("{e:#}"));
                return Vec::new();
            }
        }
        let mut made = Vec::new();
        match (unchanged, typeset) {
            (Some(entry), _) => made.push(entry),
            (None, Some((bytes, pages))) => {
                match write(project, pdf, &sources, &bytes, exemption.clone()) {
                    Ok(mut entry) => {
                        entry.pages = Some(pages);
                        if pdf.starts_with("output/") {
                            entry.published = Some(crate::run::manifest::Published {
                                date: out.dated.iso(),
                                ..Default::default()
                            });
                        }
                        made.push(entry);
                    }
                    Err(e) => {
                        self.fail(pdf, "write-failed", format!("{e:#}"));
                        return made;
                    }
                }
            }
            (None, None) => return made,
        }
        match rendered.and_then(|text| write(project, page, &sources, text.as_bytes(), exemption)) {
            Ok(entry) => made.push(entry),
            Err(e) => self.fail(page, "template-error", e.to_string()),
        }
        made
    }

    /// The notice typeset as every paper is: PDF/A-2a and PDF/UA-1, dated its publication.
    fn typeset(
        &self,
        notice: &Notice,
        pdf: &str,
        published: Date,
    ) -> Result<(Vec<u8>, usize), String> {
        let project = self.project;
        let source = project
            .templates
            .render(TEMPLATE, notice)
            .map_err(|e| e.to_string())?;
        let title = format!("Decision notice: {}", notice.title);
        let keywords = [
            notice.committee.clone(),
            notice.meeting_date.clone(),
            format!("Item {}", notice.item),
        ];
        let about = Generated {
            title: &title,
            author: notice.council.as_deref(),
            keywords: &keywords,
            date: Some(published),
        };
        typeset_generated(project, self.options, &about, source, pdf)
    }

    fn fail(&mut self, path: &str, code: &'static str, why: String) {
        // An exempt notice's error may quote it: only its path is said.
        let why = if path.starts_with("output/") {
            why
        } else {
            "the exempt decision notice failed (its words are withheld)".to_owned()
        };
        self.diags
            .at(None, None, Severity::Error, code, format!("{path}: {why}"));
    }
}

/// Writes a file of the register or a notice (when its bytes differ) and makes its entry.
fn write(
    project: &Project,
    path: &str,
    sources: &[Source],
    bytes: &[u8],
    exempt: Option<Exemption>,
) -> anyhow::Result<Entry> {
    write_as(project, path, sources, bytes, exempt, TEMPLATE)
}

/// Writes a file (when its bytes differ) and makes its entry: a PDF's entry names `template`,
/// a web page's the site's.
pub(crate) fn write_as(
    project: &Project,
    path: &str,
    sources: &[Source],
    bytes: &[u8],
    exempt: Option<Exemption>,
    template: &str,
) -> anyhow::Result<Entry> {
    let target = crate::run::pipeline::owned_path(project, path)?;
    let status = if std::fs::read(&target).is_ok_and(|old| old == bytes) {
        Status::Unchanged
    } else {
        crate::base::paths::write_atomic(&target, bytes)?;
        Status::Built
    };
    let template = if path.ends_with(".pdf") {
        template
    } else {
        crate::publish::site::TEMPLATE
    };
    Ok(Entry {
        path: path.to_owned(),
        sources: sources.to_vec(),
        sha256: Some(sha256(bytes)),
        pages: None,
        template: Some(template.to_owned()),
        warnings: Vec::new(),
        status,
        fingerprint: Some(project.fingerprint.clone()),
        stamp: Stamp::of(&target),
        errors: Vec::new(),
        exempt,
        summary: None,
        published: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_numbers_become_file_names() {
        assert_eq!(slug("7"), "7");
        assert_eq!(slug("8A"), "8a");
        assert_eq!(slug("9 (ii)"), "9--ii-");
        assert!(slug("/").starts_with('x'));
    }
}
