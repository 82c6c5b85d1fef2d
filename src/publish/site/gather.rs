//! What the site is made of: which papers get a twin, which meetings a page, and the
//! contexts of every page, from the run's manifest entries, the meetings read once by the
//! survey, and the summaries of the documents the run read. A paper's twin is written by
//! the worker that built its PDF ([`super::PaperPages`]); a twin made here (its PDF was not
//! built in this run, but the page must change) reads its workbook, for the one time in the
//! run.

use std::collections::{HashMap, HashSet};

use crate::base::date::Date;
use crate::base::paths::{Input, Source, folder_of};
use crate::model::document::Document;
use crate::model::meeting::Meeting;
use crate::publish::site::Stage;
use crate::render::html::pages::{
    self, AgendaRow, Chrome, CommitteeMeetings, DocumentSummary, Image, IndexPage, Link,
    MeetingPage, MeetingSummary, PackLink, PaperPage, PdfLink, kb, relative, root_of,
};
use crate::render::html::templates::HtmlTemplates;
use crate::run::manifest::{Entry, Status, Summary};
use crate::run::pipeline::{Options, Project, process_at};
use crate::run::survey::MeetingRead;
use crate::workbook::read_file;

/// A public paper's twin: where it goes and what it is made from.
pub struct Twin {
    /// `output/m/p.html`.
    pub path: String,
    /// `output/m/p.pdf`.
    pub pdf: String,
    /// The workbook, `inputs/m/p.xlsx`.
    pub input: String,
    /// The paper's sources and its PDF.
    pub sources: Vec<Source>,
    /// The PDF's page count.
    pub(super) pages: Option<usize>,
    /// The PDF's size in bytes.
    pub(super) size: u64,
}

/// A meeting's page: where it goes and what it is made from.
pub struct MeetingPlan {
    /// `output/m/index.html`.
    pub path: String,
    /// The meeting workbook, every workbook of its folder, and every public PDF of it.
    pub sources: Vec<Source>,
    /// Which of the survey's meetings it is.
    pub(super) read: usize,
}

/// The site being built.
pub struct Site<'a> {
    /// The project.
    pub(super) project: &'a Project,
    /// The run's options, to read documents again without writing anything.
    pub(super) options: Options,
    /// What the earlier stages left.
    pub(super) stage: &'a Stage<'a>,
    /// The meetings the survey read.
    pub(super) meetings: &'a [MeetingRead],
    /// The run's manifest entries so far (papers and packs).
    pub(super) entries: &'a [Entry],
    /// The day upcoming meetings are judged from.
    pub(super) today: Date,
    /// The twins to write.
    pub(super) twins: Vec<Twin>,
    /// The meeting pages to write.
    pub(super) plans: Vec<MeetingPlan>,
    /// Documents read again for a page, by workbook; `None` when they cannot be.
    pub(super) docs: HashMap<String, Option<Document>>,
    /// The run's inputs, summaries of the documents read and entries, by workbook: each
    /// found in one look-up.
    input_of: HashMap<&'a str, &'a Input>,
    read_of: HashMap<&'a str, &'a Summary>,
    entry_of: HashMap<&'a str, &'a Entry>,
}

/// The public PDF of a paper (not a pack) as this run left it.
fn public_pdf(entry: &Entry) -> bool {
    entry.path.starts_with("output/")
        && entry.path.ends_with(".pdf")
        && entry.exempt.is_none()
        && entry.sha256.is_some()
        && matches!(entry.status, Status::Built | Status::Unchanged)
        && entry.template.as_deref() != Some(crate::publish::pack::TEMPLATE)
}

impl<'a> Site<'a> {
    /// Works out the site's pages from the run so far.
    pub fn new(
        project: &'a Project,
        options: &Options,
        stage: &'a Stage<'a>,
        meetings: &'a [MeetingRead],
        entries: &'a [Entry],
        today: Date,
    ) -> Site<'a> {
        let options = Options {
            write: false,
            progress: None,
            ..options.clone()
        };
        let mut entry_of: HashMap<&str, &Entry> = HashMap::new();
        for entry in entries {
            if let Some(first) = entry.sources.first() {
                entry_of.entry(first.path.as_str()).or_insert(entry);
            }
        }
        let input_of = stage.inputs.iter().map(|i| (i.rel.as_str(), i)).collect();
        let read_of = stage
            .summaries
            .iter()
            .map(|(r, d)| (r.as_str(), d))
            .collect();
        let mut site = Site {
            project,
            options,
            stage,
            meetings,
            entries,
            today,
            twins: Vec::new(),
            plans: Vec::new(),
            docs: HashMap::new(),
            input_of,
            read_of,
            entry_of,
        };
        site.plans = site.plan_meetings();
        let reserved = reserved_names(meetings);
        site.twins = entries
            .iter()
            .filter_map(|e| twin_of_pdf(project, e, &reserved))
            .collect();
        site
    }

    /// The meetings that get a page: read, trusted and without errors, one to a folder.
    fn plan_meetings(&self) -> Vec<MeetingPlan> {
        // Each folder's workbooks and each output folder's public PDFs, gathered once.
        let mut workbooks: HashMap<&str, Vec<Source>> = HashMap::new();
        for input in self.stage.inputs {
            workbooks
                .entry(folder_of(&input.rel))
                .or_default()
                .extend(input.sources.first().cloned());
        }
        let mut pdfs: HashMap<&str, Vec<Source>> = HashMap::new();
        for e in self.entries.iter().filter(|e| {
            e.path.ends_with(".pdf")
                && e.exempt.is_none()
                && matches!(e.status, Status::Built | Status::Unchanged)
        }) {
            pdfs.entry(folder_of(&e.path)).or_default().push(Source {
                path: e.path.clone(),
                sha256: e.sha256.clone().unwrap_or_default(),
            });
        }
        let mut plans = Vec::new();
        for (i, read) in self.meetings.iter().enumerate() {
            let Some(path) = meeting_page_path(self.meetings, i) else {
                continue;
            };
            let dir = &read.file.output_dir;
            let folder = folder_of(&read.file.rel);
            let mut sources = vec![read.source.clone()];
            // Which decisions are published by today, which the page links: a later day
            // may publish one with no workbook changed.
            if let Some(m) = &read.meeting {
                let published: Vec<&str> = m
                    .decisions
                    .iter()
                    .filter(|d| d.published.is_some_and(|p| p <= self.today))
                    .map(|d| d.item.as_str())
                    .collect();
                if !published.is_empty() {
                    sources.push(Source {
                        path: "decisions published".to_owned(),
                        sha256: crate::base::hash::sha256(published.join("\n").as_bytes()),
                    });
                }
                // The minutes, once the meeting has taken place.
                if crate::publish::minutes::due(read, self.today) {
                    sources.push(Source {
                        path: "minutes".to_owned(),
                        sha256: crate::base::hash::sha256(b"minutes"),
                    });
                }
            }
            sources.extend(workbooks.get(folder).into_iter().flatten().cloned());
            sources.extend(pdfs.get(dir.as_str()).into_iter().flatten().cloned());
            plans.push(MeetingPlan {
                path,
                sources,
                read: i,
            });
        }
        plans
    }

    /// The twins to write.
    pub fn twins(&self) -> Vec<Twin> {
        self.twins
            .iter()
            .map(|t| Twin {
                path: t.path.clone(),
                pdf: t.pdf.clone(),
                input: t.input.clone(),
                sources: t.sources.clone(),
                pages: t.pages,
                size: t.size,
            })
            .collect()
    }

    /// The meeting pages to write.
    pub fn meeting_pages(&self) -> Vec<MeetingPlan> {
        self.plans
            .iter()
            .map(|p| MeetingPlan {
                path: p.path.clone(),
                sources: p.sources.clone(),
                read: p.read,
            })
            .collect()
    }

    /// What the index and the forward plan are made from: every meeting with a page, every
    /// workbook, and every public PDF.
    pub fn all_sources(&self) -> Vec<Source> {
        let mut all: Vec<Source> = self.meetings.iter().map(|m| m.source.clone()).collect();
        all.extend(
            self.stage
                .inputs
                .iter()
                .filter_map(|i| i.sources.first().cloned()),
        );
        all.extend(self.twins.iter().filter_map(|t| t.sources.last().cloned()));
        all
    }

    /// The meeting workbooks of the meetings with a page.
    pub fn meeting_sources(&self) -> Vec<Source> {
        self.plans
            .iter()
            .map(|p| self.meetings[p.read].source.clone())
            .collect()
    }

    /// Which meetings are upcoming on the day of the build: all the index takes from it.
    pub fn today_split(&self) -> String {
        self.plans
            .iter()
            .map(|p| {
                if self.meeting(p).date >= self.today {
                    'u'
                } else {
                    'p'
                }
            })
            .collect()
    }

    pub(super) fn meeting(&self, plan: &MeetingPlan) -> &'a Meeting {
        self.meetings[plan.read]
            .meeting
            .as_ref()
            .expect("planned meetings were read")
    }

    /// A document, as the run read it or read again now (checked against the hash the
    /// survey took); `None` when it cannot be read.
    pub(super) fn doc(&mut self, rel: &str) -> Option<Document> {
        if let Some(doc) = self.docs.get(rel) {
            return doc.clone();
        }
        let doc = self.read_doc(rel);
        self.docs.insert(rel.to_owned(), doc.clone());
        doc
    }

    /// Whether a workbook is a document of no meeting.
    pub(super) fn standalone(&self, rel: &str) -> bool {
        self.input_of.get(rel).is_some_and(|i| !i.place.in_meeting)
    }

    /// What the lists show of a document: from this run's reading of it, else from its
    /// manifest entry (kept there for this), else read again.
    pub(super) fn summary(&mut self, rel: &str) -> Option<Summary> {
        if let Some(summary) = self.read_of.get(rel) {
            return Some((*summary).clone());
        }
        if let Some(summary) = self.kept_summary(rel) {
            return Some(summary);
        }
        self.doc(rel).map(|d| Summary::of(&d))
    }

    /// The summary the entry of a document this run found unchanged carries.
    fn kept_summary(&self, rel: &str) -> Option<Summary> {
        self.entry_of.get(rel).and_then(|e| e.summary.clone())
    }

    /// Reads the documents of every workbook of the run that this run did not read and whose
    /// entry keeps no summary, on the run's threads, before a page that lists them all.
    pub(super) fn read_all(&mut self) {
        let missing: Vec<String> = self
            .stage
            .inputs
            .iter()
            .map(|i| i.rel.clone())
            .filter(|r| {
                !self.docs.contains_key(r)
                    && !self.read_of.contains_key(r.as_str())
                    && self.kept_summary(r).is_none()
            })
            .collect();
        let read =
            crate::run::pipeline::parallel(self.options.jobs, &missing, |rel| self.read_doc(rel));
        self.docs.extend(missing.into_iter().zip(read));
    }

    fn read_doc(&self, rel: &str) -> Option<Document> {
        let input = self.input_of.get(rel)?;
        let bytes = read_file(&input.path, &self.options.limits).ok()?;
        if input
            .sources
            .first()
            .is_none_or(|s| s.sha256 != crate::base::hash::sha256(&bytes))
        {
            return None;
        }
        let mut scratch = crate::base::diag::Diagnostics::new(rel);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            process_at(
                self.project,
                &self.options,
                &bytes,
                &input.place,
                &mut scratch,
            )
        }))
        .ok()
        .flatten()
        .map(|b| b.doc)
    }

    pub(super) fn chrome(&self, page: &str, title: String, trail: Vec<Link>) -> Chrome {
        chrome(self.project, page, title, trail)
    }

    pub(super) fn home(&self, page: &str) -> Link {
        home(page)
    }

    /// The plan of the meeting whose folder holds a workbook.
    fn plan_of(&self, input: &str) -> Option<&MeetingPlan> {
        self.plans
            .iter()
            .find(|p| folder_of(&self.meetings[p.read].file.rel) == folder_of(input))
    }

    /// A paper's twin page; `None` when its workbook can no longer be read as it was built.
    pub fn paper_page(
        &mut self,
        templates: &HtmlTemplates,
        twin: &Twin,
    ) -> anyhow::Result<Option<String>> {
        let Some(doc) = self.doc(&twin.input) else {
            return Ok(None);
        };
        let meeting = self.plan_of(&twin.input).map(|p| {
            let m = self.meeting(p);
            (
                p.path.clone(),
                format!("{}, {}", m.committee, m.long_date()),
            )
        });
        let entry = self.entry_of.get(twin.input.as_str()).copied();
        paper_page(self.project, templates, twin, &doc, meeting, entry).map(Some)
    }

    /// The twin of a workbook, if it has one.
    pub(super) fn twin_of(&self, input: &str) -> Option<&Twin> {
        self.twins.iter().find(|t| t.input == input)
    }

    /// The paragraph under which an agenda item is exempt: its agenda row's, or its paper's
    /// as the run routed it (by its Cover, or another agenda).
    pub(super) fn exemption(&self, meeting: &Meeting, i: usize) -> Option<String> {
        let item = &meeting.items[i];
        let routed = item.report.as_deref().and_then(|rel| {
            let input = self.input_of.get(rel).copied();
            let entry = self.entry_of.get(rel).copied();
            entry
                .and_then(|e| {
                    e.exempt.as_ref().map(|x| x.paragraph.clone()).or_else(|| {
                        e.path
                            .starts_with(&format!("{}/", self.project.config.exempt_dir()))
                            .then(|| "unknown".to_owned())
                    })
                })
                .or_else(|| input.and_then(|x| x.place.agenda_exempt.clone()))
        });
        item.exempt.clone().or(routed)
    }

    /// A meeting's page, published on `published`.
    pub fn meeting_page(
        &mut self,
        templates: &HtmlTemplates,
        plan: &MeetingPlan,
        published: Date,
    ) -> anyhow::Result<String> {
        let meeting = self.meeting(plan);
        let mut items = Vec::new();
        for (i, item) in meeting.items.iter().enumerate() {
            let exempt = self.exemption(meeting, i);
            let mut row = AgendaRow {
                item: item.number.clone(),
                title: String::new(),
                key_decision: None,
                forward_plan_ref: None,
                html: None,
                pdf: None,
                exempt: exempt.clone(),
                follow: false,
                withdrawn: item.withdrawn,
                published: None,
                revised: None,
                earlier: None,
                decision: None,
            };
            if exempt.is_none()
                && let Some(published) = item
                    .report
                    .as_deref()
                    .and_then(|r| self.entry_of.get(r))
                    .and_then(|e| e.published.as_ref())
                    .filter(|p| p.release > 0)
            {
                let date =
                    Date::parse(&published.date).map_or_else(|| published.date.clone(), Date::long);
                // The version it replaced, kept under its versioned name.
                let earlier = item
                    .report
                    .as_deref()
                    .and_then(|r| {
                        let entry = self.entry_of.get(r)?;
                        replaced(self.project, r, entry, published.release)
                    })
                    .map(|(first, path)| (first, relative(&plan.path, &path)));
                match earlier {
                    Some((first, href)) => {
                        row.revised = Some(format!(
                            "Revised in Supplement {}, published {date}",
                            published.release
                        ));
                        row.earlier = Some(Link {
                            href,
                            text: format!("the version published {first} (PDF)"),
                        });
                    }
                    None => {
                        row.published = Some(format!("{date} in Supplement {}", published.release));
                    }
                }
            }
            // The decision taken on the item, once published: its notice.
            row.decision = meeting
                .decisions
                .iter()
                .find(|d| d.item == item.number && d.published.is_some_and(|p| p <= self.today))
                .map(|_| {
                    relative(
                        &plan.path,
                        &format!(
                            "{}/decisions/item-{}.html",
                            meeting_dir(plan),
                            crate::model::decisions::notice_slug(&item.number)
                        ),
                    )
                });
            let twin = item
                .report
                .as_deref()
                .and_then(|r| self.twin_of(r))
                .map(|t| {
                    (
                        t.input.clone(),
                        relative(&plan.path, &t.path),
                        PdfLink {
                            href: relative(&plan.path, &t.pdf),
                            pages: t.pages,
                            kb: kb(t.size),
                        },
                    )
                });
            match (exempt, twin) {
                (Some(_), _) => {
                    row.title = item
                        .title
                        .clone()
                        .unwrap_or_else(|| "Exempt item".to_owned())
                }
                (None, Some((input, html, pdf))) => {
                    let doc = self.summary(&input);
                    row.title = item
                        .title
                        .clone()
                        .or_else(|| doc.as_ref().map(|d| d.title.clone()))
                        .unwrap_or_else(|| format!("Item {}", item.number));
                    row.key_decision = doc.as_ref().and_then(|d| d.key_decision.clone());
                    row.forward_plan_ref = doc.as_ref().and_then(|d| d.forward_plan_ref.clone());
                    (row.html, row.pdf) = (Some(html), Some(pdf));
                }
                (None, None) => {
                    row.title = item
                        .title
                        .clone()
                        .unwrap_or_else(|| format!("Item {}", item.number));
                    // As the agenda pack says: a report not (yet) published is to follow.
                    row.follow = item.to_follow && !item.withdrawn;
                }
            }
            items.push(row);
        }
        let pack = self.entries.iter().find(|e| {
            e.path
                == format!(
                    "{}/{}",
                    meeting_dir(plan),
                    crate::publish::pack::PUBLIC_PACK
                )
                && e.sha256.is_some()
                && matches!(e.status, Status::Built | Status::Unchanged)
        });
        let pack = pack.map(|e| PdfLink {
            href: relative(&plan.path, &e.path),
            pages: e.pages,
            kb: kb(e.stamp.map_or(0, |s| s.size)),
        });
        let note = items
            .iter()
            .any(|i| i.exempt.is_some())
            .then(|| EXCLUSION.to_owned());
        let mut releases: Vec<(u32, PackLink)> = self
            .entries
            .iter()
            .filter(|e| {
                folder_of(&e.path) == meeting_dir(plan)
                    && e.template.as_deref() == Some(crate::publish::pack::TEMPLATE)
                    && e.path.starts_with("output/")
                    && e.sha256.is_some()
                    && matches!(e.status, Status::Built | Status::Unchanged)
            })
            .filter_map(|e| {
                let published = e.published.as_ref()?;
                let date = Date::parse(&published.date)?;
                Some((
                    published.release,
                    PackLink {
                        name: if published.release == 0 {
                            "Agenda pack".to_owned()
                        } else {
                            format!("Supplement {}", published.release)
                        },
                        pdf: PdfLink {
                            href: relative(&plan.path, &e.path),
                            pages: e.pages,
                            kb: kb(e.stamp.map_or(0, |s| s.size)),
                        },
                        published: date.long(),
                        published_iso: date.iso(),
                    },
                ))
            })
            .collect();
        releases.sort_by_key(|(n, _)| *n);
        let page = MeetingPage {
            page: Chrome {
                council: self
                    .project
                    .config
                    .council
                    .clone()
                    .or_else(|| meeting.council.clone()),
                ..self.chrome(
                    &plan.path,
                    format!("{}, {}", meeting.committee, meeting.long_date()),
                    vec![self.home(&plan.path)],
                )
            },
            committee: meeting.committee.clone(),
            date: meeting.long_date(),
            iso_date: meeting.date.iso(),
            time: meeting.time.clone(),
            venue: meeting.venue.clone(),
            members: meeting.members.clone(),
            contact: meeting.contact.clone(),
            items,
            pack,
            supplements: releases.len() > 1,
            releases: releases.into_iter().map(|(_, r)| r).collect(),
            status: meeting.status.clone(),
            new_date: meeting.new_date.map(|d| d.long()),
            json_ld: {
                let day = meeting
                    .new_date
                    .filter(|_| meeting.status.is_some())
                    .unwrap_or(meeting.date);
                let start = match meeting
                    .time
                    .as_deref()
                    .and_then(crate::render::html::calendar::clock)
                {
                    Some((h, m)) => format!("{}T{h:02}:{m:02}", day.iso()),
                    None => day.iso(),
                };
                let url = self.project.config.base_url.as_deref().map(|b| {
                    format!(
                        "{}/{}",
                        b.trim_end_matches('/'),
                        pages::encode_path(plan.path.trim_start_matches("output/"))
                    )
                });
                pages::event_json_ld(
                    &format!("{}, {}", meeting.committee, meeting.long_date()),
                    &start,
                    meeting.venue.as_deref(),
                    meeting.status.as_deref(),
                    url.as_deref(),
                )
            },
            note,
            published: published.long(),
            published_iso: published.iso(),
            attendance: None,
            declarations: None,
            minutes: None,
        };
        let page = self.after_meeting(plan, meeting, page);
        templates.render("meeting", &page)
    }

    /// What a meeting page says once the meeting has taken place and its minutes are made:
    /// attendance, declarations (an exempt item's without their nature) and the minutes.
    fn after_meeting(
        &self,
        plan: &MeetingPlan,
        meeting: &Meeting,
        mut page: MeetingPage,
    ) -> MeetingPage {
        let read = &self.meetings[plan.read];
        if !crate::publish::minutes::due(read, self.today)
            || crate::publish::minutes::clash(self.stage.inputs, read).is_some()
        {
            return page;
        }
        let proceedings = &meeting.proceedings;
        page.attendance = proceedings.attendance.as_deref().map(|rows| {
            crate::publish::minutes::view::attendance(rows)
                .into_iter()
                .map(|l| pages::Labelled {
                    label: l.label,
                    text: l.text,
                })
                .collect()
        });
        page.declarations = proceedings
            .declarations
            .as_ref()
            .map(|all| {
                all.iter()
                    .map(|d| {
                        let exempt = meeting
                            .items
                            .iter()
                            .position(|i| i.number == d.item)
                            .and_then(|i| self.exemption(meeting, i))
                            .is_some();
                        format!("Item {}, {}", d.item, d.sentence(!exempt))
                    })
                    .collect::<Vec<_>>()
            })
            .map(crate::publish::minutes::view::none_declared);
        let pdf = crate::publish::minutes::path(meeting_dir(plan));
        page.minutes = Some(pages::MinutesLink {
            html: relative(&plan.path, &pdf.replace(".pdf", ".html")),
            pdf: relative(&plan.path, &pdf),
            status: match meeting.minutes_approved {
                Some(day) => crate::publish::minutes::view::approved(day),
                None => crate::publish::minutes::view::DRAFT.to_owned(),
            },
        });
        page
    }

    /// The site index.
    pub fn index_page(&mut self, templates: &HtmlTemplates) -> anyhow::Result<String> {
        self.read_all();
        let path = "output/index.html";
        // Each meeting with a page, and each whose agenda is not yet published (listed as
        // such, with no page; only while it is to come), in date order.
        let mut listed: Vec<(&Meeting, Option<String>)> = self
            .plans
            .iter()
            .map(|p| (self.meeting(p), Some(relative(path, &p.path))))
            .collect();
        listed.extend(
            self.meetings
                .iter()
                .filter(|r| !r.is_published() && r.untrusted.is_none())
                .filter_map(|r| r.meeting.as_ref())
                .filter(|m| {
                    m.date != crate::base::date::UNDATED
                        && !m.committee.is_empty()
                        && m.date >= self.today
                })
                .map(|m| (m, None)),
        );
        listed.sort_by_key(|(m, _)| m.date);
        let mut committees: Vec<CommitteeMeetings> = Vec::new();
        for (m, href) in listed {
            let summary = MeetingSummary {
                href,
                status: m.status.clone(),
                date: m.long_date(),
                iso_date: m.date.iso(),
                time: m.time.clone(),
            };
            let at = match committees.iter().position(|c| c.name == m.committee) {
                Some(at) => at,
                None => {
                    committees.push(CommitteeMeetings {
                        name: m.committee.clone(),
                        upcoming: Vec::new(),
                        past: Vec::new(),
                    });
                    committees.len() - 1
                }
            };
            if m.date >= self.today {
                committees[at].upcoming.push(summary)
            } else {
                committees[at].past.insert(0, summary)
            }
        }
        committees.sort_by(|a, b| a.name.cmp(&b.name));
        let standalone: Vec<(String, String, PdfLink)> = self
            .twins
            .iter()
            .filter(|t| self.standalone(&t.input))
            .map(|t| {
                (
                    t.input.clone(),
                    relative(path, &t.path),
                    PdfLink {
                        href: relative(path, &t.pdf),
                        pages: t.pages,
                        kb: kb(t.size),
                    },
                )
            })
            .collect();
        let mut documents = Vec::new();
        for (input, html, pdf) in standalone {
            if let Some(doc) = self.summary(&input) {
                documents.push(DocumentSummary {
                    title: doc.title.clone(),
                    kind: pages::kind(&doc.template),
                    html,
                    pdf,
                });
            }
        }
        documents.sort_by(|a, b| a.title.cmp(&b.title).then(a.html.cmp(&b.html)));
        let page = IndexPage {
            page: self.chrome(
                path,
                "Committee meetings and documents".to_owned(),
                Vec::new(),
            ),
            committees,
            documents,
        };
        templates.render("index", &page)
    }
}

/// The output folder of a planned meeting page.
fn meeting_dir(plan: &MeetingPlan) -> &str {
    folder_of(&plan.path)
}

/// Under an agenda with exempt items: why the public may be excluded for them.
const EXCLUSION: &str = "The public may be excluded from the meeting for the items marked exempt, \
    under section 100A(4) of the Local Government Act 1972, because they are likely to involve the \
    disclosure of exempt information as defined in the paragraph of Part 1 of Schedule 12A to the \
    Act given against each.";

/// The page of the `i`th meeting the survey read, if it gets one: read, trusted and without
/// errors, published, and alone in its output folder. A draft has no page yet (the index
/// lists it as not yet published); a published meeting whose workbook has errors keeps the
/// page it had.
pub(super) fn meeting_page_path(meetings: &[MeetingRead], i: usize) -> Option<String> {
    let read = &meetings[i];
    let alone = meetings
        .iter()
        .filter(|m| m.file.output_dir == read.file.output_dir)
        .count()
        == 1;
    if read.meeting.is_none()
        || read.untrusted.is_some()
        || read.diags.iter().any(|d| d.is_error())
        || !alone
        || !read.is_published()
    {
        return None;
    }
    let dir = &read.file.output_dir;
    Some(if dir == "output" {
        "output/meeting.html".to_owned()
    } else {
        format!("{dir}/index.html")
    })
}

/// The names a twin may not take: the meetings' pages, the index and the forward plan.
pub(super) fn reserved_names(meetings: &[MeetingRead]) -> HashSet<String> {
    (0..meetings.len())
        .filter_map(|i| meeting_page_path(meetings, i))
        .chain([
            "output/index.html".to_owned(),
            "output/forward-plan.html".to_owned(),
        ])
        .collect()
}

/// The twin of the paper whose PDF `entry` records, if it is a public paper's: the page
/// beside the PDF (`-paper.html` where a meeting's page has its name), made from the
/// paper's sources and its PDF.
pub(super) fn twin_of_pdf(
    project: &Project,
    entry: &Entry,
    reserved: &HashSet<String>,
) -> Option<Twin> {
    if !public_pdf(entry) {
        return None;
    }
    let first = entry.sources.first()?;
    let stem = entry.path.trim_end_matches(".pdf");
    let path = if reserved.contains(&format!("{stem}.html")) {
        format!("{stem}-paper.html")
    } else {
        format!("{stem}.html")
    };
    let mut sources = entry.sources.clone();
    sources.push(Source {
        path: entry.path.clone(),
        sha256: entry.sha256.clone().unwrap_or_default(),
    });
    let size = entry
        .stamp
        .map(|s| s.size)
        .or_else(|| {
            std::fs::metadata(project.root.join(&entry.path))
                .ok()
                .map(|m| m.len())
        })
        .unwrap_or(0);
    Some(Twin {
        path,
        pdf: entry.path.clone(),
        input: first.path.clone(),
        sources,
        pages: entry.pages,
        size,
    })
}

/// Every page's header: the council, its logo, the trail back to the index.
pub(super) fn chrome(project: &Project, page: &str, title: String, trail: Vec<Link>) -> Chrome {
    Chrome {
        root: root_of(page),
        title,
        council: project.config.council.clone(),
        logo: logo_image(project),
        trail,
    }
}

/// The logo in a page's header, from papers.toml's `logo` (its file copied beside the pages).
pub fn logo_image(project: &Project) -> Option<Image> {
    project
        .config
        .logo
        .as_ref()
        .zip(project.logo.as_ref())
        .map(|(l, (path, _))| Image {
            src: path.trim_start_matches('/').to_owned(),
            alt: l.alt.clone(),
        })
}

/// The link from `page` to the site index.
pub(super) fn home(page: &str) -> Link {
    Link {
        href: relative(page, "output/index.html"),
        text: "Meetings and documents".to_owned(),
    }
}

/// A paper's twin page, from its document: `meeting` is its meeting's page and the words of
/// the link to it, `entry` its PDF's entry (which says which release published it).
pub(super) fn paper_page(
    project: &Project,
    templates: &HtmlTemplates,
    twin: &Twin,
    doc: &Document,
    meeting: Option<(String, String)>,
    entry: Option<&Entry>,
) -> anyhow::Result<String> {
    let meeting = meeting.map(|(path, text)| Link {
        href: relative(&twin.path, &path),
        text,
    });
    let mut trail = vec![home(&twin.path)];
    trail.extend(meeting.clone());
    let council = doc
        .council
        .as_deref()
        .map(|c| format!(" - {c}"))
        .unwrap_or_default();
    let page = PaperPage {
        page: Chrome {
            council: project
                .config
                .council
                .clone()
                .or_else(|| doc.council.clone()),
            ..chrome(
                project,
                &twin.path,
                format!("{}{council}", doc.pdf_title()),
                trail,
            )
        },
        doc,
        kind: pages::kind(&doc.template),
        pdf: PdfLink {
            href: relative(&twin.path, &twin.pdf),
            pages: twin.pages,
            kb: kb(twin.size),
        },
        meeting: meeting.map(|m| Link {
            text: format!("Meeting: {}", m.text),
            ..m
        }),
        revised: entry.and_then(|e| revised_note(project, twin, e)),
    };
    templates.render("paper", &page)
}

/// The version of a published paper that its version of `release` replaced: the day it was
/// published and where it is kept (its versioned name).
fn replaced(project: &Project, rel: &str, entry: &Entry, release: u32) -> Option<(String, String)> {
    let v = project
        .ledger
        .meetings
        .get(folder_of(rel))?
        .papers
        .get(rel)?
        .versions
        .iter()
        .rev()
        .find(|v| v.release < release)?;
    let path = if v.path == entry.path {
        crate::run::ledger::versioned_name(&v.path, v.release)
    } else {
        v.path.clone()
    };
    let first = Date::parse(&v.published).map_or(v.published.clone(), Date::long);
    Some((first, path))
}

/// What a revised paper's page says, as its PDF does: the supplement that published this
/// version, and a link to the one it replaced.
fn revised_note(project: &Project, twin: &Twin, entry: &Entry) -> Option<(String, Link)> {
    let published = entry.published.as_ref()?;
    let (first, path) = replaced(project, &twin.input, entry, published.release)?;
    let date = Date::parse(&published.date).map_or(published.date.clone(), Date::long);
    Some((
        format!(
            "Revised. This version was published in Supplement {} on {date}.",
            published.release
        ),
        Link {
            href: relative(&twin.path, &path),
            text: format!("The version published on {first} (PDF)"),
        },
    ))
}
