//! Stage 7b, the web pages: an HTML twin beside every public paper's PDF, a page per meeting,
//! the site index, the forward plan, the meetings calendar and the stylesheet, all under
//! `output/`, made from the same documents as the PDFs.
//!
//! Nothing exempt reaches a page: an exempt paper has no twin, and the public pages name an
//! exempt item only by its agenda title (or "Exempt item") and its Schedule 12A paragraph.
//! Pages are written atomically and only when their bytes change; each is in the manifest
//! with its SHA-256 (template `html`), so the stale sweep removes the pages of a paper that
//! is gone or became exempt. A page whose sources are what the last build recorded is taken
//! as it is, without reading any workbook.

mod gather;
mod lists;

use std::collections::{HashMap, HashSet};

use crate::base::date::Date;
use crate::base::hash::sha256;
use crate::base::paths::{Input, Source, folder_of};
use crate::model::document::Document;
use crate::render::html::pages::Style;
use crate::render::html::templates::HtmlTemplates;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Stamp, Status, Summary};
use crate::run::pipeline::{Options, Outcome, Project, owned_path};
use crate::run::survey::MeetingRead;

pub use gather::{Site, logo_image};

/// The template every web page's manifest entry names.
pub const TEMPLATE: &str = "html";

/// What the earlier stages left for the site.
pub struct Stage<'a> {
    /// The inputs of the run.
    pub inputs: &'a [Input],
    /// What the lists show of the documents read in this run, by workbook
    /// (`inputs/m/p.xlsx`).
    pub summaries: &'a [(String, Summary)],
    /// The twins the workers wrote beside the PDFs they built.
    pub made: &'a [Entry],
}

/// What a paper's web page needs besides its document, ready before any paper is built, so
/// that the worker that builds a paper's PDF writes its page too, from the document in hand:
/// no workbook is read again for its page, and the pages are not a serial tail to the run.
pub struct PaperPages<'a> {
    project: &'a Project,
    previous: &'a Previous,
    templates: HtmlTemplates,
    /// The project's fingerprint with the HTML templates'.
    fingerprint: String,
    /// Each meeting page, by the folder of its workbooks: where it is and the words of a
    /// link to it.
    meetings: HashMap<String, (String, String)>,
    /// The names a twin may not take.
    reserved: HashSet<String>,
}

impl<'a> PaperPages<'a> {
    /// Loads the web templates and works out the meetings' pages.
    pub fn new(
        project: &'a Project,
        meetings: &[MeetingRead],
        previous: &'a Previous,
    ) -> anyhow::Result<PaperPages<'a>> {
        let templates = HtmlTemplates::load(&project.root.join("templates").join("html"))?;
        let fingerprint =
            sha256(format!("{}:{}", project.fingerprint, templates.fingerprint()).as_bytes());
        let pages = (0..meetings.len()).filter_map(|i| {
            let path = gather::meeting_page_path(meetings, i)?;
            let m = meetings[i].meeting.as_ref()?;
            let text = format!("{}, {}", m.committee, m.long_date());
            Some((folder_of(&meetings[i].file.rel).to_owned(), (path, text)))
        });
        Ok(PaperPages {
            project,
            previous,
            templates,
            fingerprint,
            meetings: pages.collect(),
            reserved: gather::reserved_names(meetings),
        })
    }

    /// Writes the twin of the paper read from `rel` as `doc`, whose PDF `entry` records (if
    /// it is a public paper's), and returns the twin's entry.
    pub fn write(&self, rel: &str, doc: &Document, entry: &Entry) -> anyhow::Result<Option<Entry>> {
        let Some(twin) = gather::twin_of_pdf(self.project, entry, &self.reserved) else {
            return Ok(None);
        };
        let root = &self.project.root;
        if let Some(kept) =
            self.previous
                .unchanged(root, &twin.path, &twin.sources, &self.fingerprint)
        {
            return Ok(Some(kept));
        }
        let meeting = self.meetings.get(folder_of(rel)).cloned();
        let page = gather::paper_page(
            self.project,
            &self.templates,
            &twin,
            doc,
            meeting,
            Some(entry),
        )?;
        let (path, sources) = (&twin.path, &twin.sources);
        let fingerprint = self.fingerprint.clone();
        write_page(self.project, path, sources, fingerprint, page.as_bytes()).map(Some)
    }
}

/// Builds and writes the site, adding an entry per page to `outcome`. A sharded build writes
/// its own papers' twins and its meetings' pages only: the index, the forward plan and the
/// calendar cover every shard, so an unsharded build writes them. A build of named
/// workbooks writes their twins only.
pub fn build(
    project: &Project,
    options: &Options,
    stage: &Stage,
    meetings: &[MeetingRead],
    pages: &PaperPages,
    outcome: &mut Outcome,
) -> anyhow::Result<()> {
    let (templates, previous) = (&pages.templates, pages.previous);
    let fingerprint = pages.fingerprint.clone();
    let today = options
        .today
        .unwrap_or_else(crate::model::validate::today_utc);
    // Exempt papers by their workbooks: routed to the exempt tree, or held by their meeting.
    let private = outcome
        .manifest
        .outputs
        .iter()
        .filter(|e| {
            e.exempt.is_some()
                || e.path
                    .starts_with(&format!("{}/", project.config.exempt_dir()))
        })
        .filter_map(|e| e.sources.first().map(|s| s.path.clone()))
        .chain(
            stage
                .inputs
                .iter()
                .filter(|i| i.place.agenda_exempt.is_some() || i.place.blocked.is_some())
                .map(|i| i.rel.clone()),
        )
        .collect();
    let mut writer = Writer {
        project,
        previous,
        fingerprint,
        entries: Vec::new(),
        private,
    };
    let mut site = Site::new(
        project,
        options,
        stage,
        meetings,
        &outcome.manifest.outputs,
        today,
    );
    let style = Style::new(&project.config.accent);
    writer.page("output/papers.css", &[], "", || {
        templates.render("papers.css", &style).map(Some)
    })?;
    if let Some((path, bytes)) = &project.logo {
        writer.file(&format!("output{path}"), bytes)?;
    }
    let made: HashMap<&str, &Entry> = stage.made.iter().map(|e| (e.path.as_str(), e)).collect();
    for twin in site.twins() {
        if let Some(entry) = made.get(twin.path.as_str()) {
            // Its entry names no exempt paper's workbook, as every public page's does.
            let sources = writer.public(&entry.sources);
            writer.entries.push(Entry {
                sources,
                ..(*entry).clone()
            });
            continue;
        }
        writer.page(&twin.path, &twin.sources, "", || {
            site.paper_page(templates, &twin)
        })?;
    }
    if options.only.is_some() {
        // A build of named workbooks writes their twins; every other page (the index, the
        // forward plan, the calendar, the meetings' pages, the other twins) stays as the
        // last whole build made it, but the twin of a named paper that is no longer public.
        let gone: Vec<String> = outcome
            .manifest
            .outputs
            .iter()
            .filter(|e| {
                e.exempt.is_some() || !e.path.starts_with("output/") || e.status == Status::Failed
            })
            .map(|e| {
                let rest = [project.config.exempt_dir(), project.config.drafts_dir()]
                    .iter()
                    .find_map(|t| e.path.strip_prefix(&format!("{t}/")).map(str::to_owned))
                    .unwrap_or_else(|| e.path.trim_start_matches("output/").to_owned());
                format!("output/{}", rest.replace(".pdf", ".html"))
            })
            .collect();
        let written: Vec<String> = writer.entries.iter().map(|e| e.path.clone()).collect();
        let protected = project.ledger.protected();
        let kept: Vec<Entry> = previous
            .entries()
            .filter(|e| e.template.as_deref() == Some(TEMPLATE) && !written.contains(&e.path))
            .filter(|e| !gone.contains(&e.path) || protected.contains(&e.path))
            .map(|e| Entry {
                status: Status::Unchanged,
                ..e.clone()
            })
            .collect();
        writer.entries.extend(kept);
    } else {
        build_lists(&mut writer, &mut site, templates, options, today)?;
    }
    for entry in writer.entries {
        crate::run::pipeline::notify(options, &entry);
        outcome.manifest.outputs.push(entry);
    }
    Ok(())
}

/// The meeting pages, and (unless sharded) the index, the forward plan and the calendar.
fn build_lists(
    writer: &mut Writer,
    site: &mut Site,
    templates: &HtmlTemplates,
    options: &Options,
    today: Date,
) -> anyhow::Result<()> {
    let project = writer.project;
    let mut published: HashMap<String, Date> = HashMap::new();
    for meeting in site.meeting_pages() {
        // The day its agenda was published, as the agenda pack prints it (only published
        // meetings have a page); else the day this build first made the page as it is.
        let (day, old) = match site.meetings[meeting.read].published {
            Some(published) => (published, Some(published)),
            None => (
                today,
                std::fs::read_to_string(project.root.join(&meeting.path))
                    .ok()
                    .and_then(|t| published_on(&t)),
            ),
        };
        let date = writer.dated_page(&meeting.path, &meeting.sources, day, old, |date| {
            site.meeting_page(templates, &meeting, date)
        })?;
        // The agenda pack's twin, beside it: the meeting page, which holds the agenda and
        // links every public paper's page (in the same folder, so its links hold as they are).
        let folder = crate::base::paths::folder_of(&meeting.path);
        let pack = format!("{folder}/{}", crate::publish::pack::PUBLIC_PACK);
        if project.root.join(&pack).is_file() {
            let twin = pack.replace(".pdf", ".html");
            // Its title says it is the agenda pack's page, so no two pages share a title.
            writer.page(&twin, &meeting.sources, &date.iso(), || {
                site.meeting_page(templates, &meeting, date)
                    .map(|page| Some(page.replacen("<title>", "<title>Agenda pack: ", 1)))
            })?;
        }
        published.insert(meeting.path.clone(), date);
    }
    if options.shard.is_none() {
        let all = site.all_sources();
        let split = site.today_split();
        writer.page("output/index.html", &all, &split, || {
            site.index_page(templates).map(Some)
        })?;
        writer.page("output/forward-plan.html", &all, "", || {
            site.forward_plan_page(templates).map(Some)
        })?;
        let calendar = site.calendar(&published);
        writer.page(
            "output/meetings.ics",
            &site.all_sources(),
            &published_key(&published),
            || Ok(Some(calendar)),
        )?;
    }
    Ok(())
}

/// The publication dates of the meeting pages, as a key for the calendar's fingerprint.
fn published_key(published: &HashMap<String, Date>) -> String {
    let mut dates: Vec<String> = published
        .iter()
        .map(|(p, d)| format!("{p}={}", d.iso()))
        .collect();
    dates.sort();
    dates.join(";")
}

/// The date of publication a meeting page gives (`<time datetime=".." ...>` after
/// `class="published"`), so that an unchanged meeting keeps the day it was published.
fn published_on(page: &str) -> Option<Date> {
    let rest = &page[page.find("class=\"published\"")?..];
    let rest = &rest[rest.find("datetime=\"")? + "datetime=\"".len()..];
    Date::parse(&rest[..rest.find('"')?])
}

/// Writes pages and makes their entries.
struct Writer<'a> {
    project: &'a Project,
    previous: &'a Previous,
    /// The project's fingerprint with the HTML templates'.
    fingerprint: String,
    entries: Vec<Entry>,
    /// The workbooks of exempt papers: a public page's entry names none of them.
    private: std::collections::HashSet<String>,
}

impl Writer<'_> {
    /// The sources as a public page's entry keeps them: the exempt papers among them folded
    /// into one source of no name, whose hash still changes when any of them does.
    fn public(&self, sources: &[Source]) -> Vec<Source> {
        let (hidden, mut shown): (Vec<&Source>, Vec<&Source>) =
            sources.iter().partition(|s| self.private.contains(&s.path));
        let folded = (!hidden.is_empty()).then(|| Source {
            path: "exempt papers".to_owned(),
            sha256: sha256(
                hidden
                    .iter()
                    .map(|s| s.sha256.as_str())
                    .collect::<Vec<_>>()
                    .join(":")
                    .as_bytes(),
            ),
        });
        let mut out: Vec<Source> = shown.drain(..).cloned().collect();
        out.extend(folded);
        out
    }

    /// A page made from `sources` (and `extra`, such as the day upcoming meetings are judged
    /// from, kept in its entry's fingerprint): taken as it is when the last build made it
    /// from the same and it is untouched, else rendered and written when its bytes differ
    /// from the file's. A page `render` cannot make (`None`) is left out.
    fn page(
        &mut self,
        path: &str,
        sources: &[Source],
        extra: &str,
        render: impl FnOnce() -> anyhow::Result<Option<String>>,
    ) -> anyhow::Result<()> {
        let sources = &self.public(sources);
        let fingerprint = self.fingerprint_with(extra);
        if let Some(entry) =
            self.previous
                .unchanged(&self.project.root, path, sources, &fingerprint)
        {
            self.entries.push(entry);
            return Ok(());
        }
        match render()? {
            Some(page) => self.write(path, sources, fingerprint, page.as_bytes()),
            None => Ok(()),
        }
    }

    /// A file copied as it is (the logo), written when its bytes differ from the file's.
    fn file(&mut self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let fingerprint = self.fingerprint.clone();
        match self
            .previous
            .unchanged(&self.project.root, path, &[], &fingerprint)
        {
            Some(entry) => {
                self.entries.push(entry);
                Ok(())
            }
            None => self.write(path, &[], fingerprint, bytes),
        }
    }

    /// A meeting page, which shows its date of publication: the day of this build when its
    /// content changed, else the day it was published (`old`). Returns the date it shows.
    fn dated_page(
        &mut self,
        path: &str,
        sources: &[Source],
        today: Date,
        old: Option<Date>,
        mut render: impl FnMut(Date) -> anyhow::Result<String>,
    ) -> anyhow::Result<Date> {
        let sources = &self.public(sources);
        let fingerprint = self.fingerprint.clone();
        if let Some(entry) =
            self.previous
                .unchanged(&self.project.root, path, sources, &fingerprint)
            && let Some(date) = old
        {
            self.entries.push(entry);
            return Ok(date);
        }
        if let Some(date) = old.filter(|d| *d != today) {
            let again = render(date)?.into_bytes();
            if std::fs::read(self.project.root.join(path)).is_ok_and(|b| b == again) {
                self.write(path, sources, fingerprint, &again)?;
                return Ok(date);
            }
        }
        let bytes = render(today)?.into_bytes();
        self.write(path, sources, fingerprint, &bytes)?;
        Ok(today)
    }

    fn fingerprint_with(&self, extra: &str) -> String {
        if extra.is_empty() {
            self.fingerprint.clone()
        } else {
            sha256(format!("{}:{extra}", self.fingerprint).as_bytes())
        }
    }

    /// Writes a page (atomically, inside `output/`) unless the file already holds its bytes.
    fn write(
        &mut self,
        path: &str,
        sources: &[Source],
        fingerprint: String,
        bytes: &[u8],
    ) -> anyhow::Result<()> {
        let entry = write_page(self.project, path, sources, fingerprint, bytes)?;
        self.entries.push(entry);
        Ok(())
    }
}

/// Writes a page (atomically, inside `output/`) unless the file already holds its bytes, and
/// makes its entry.
fn write_page(
    project: &Project,
    path: &str,
    sources: &[Source],
    fingerprint: String,
    bytes: &[u8],
) -> anyhow::Result<Entry> {
    let target = owned_path(project, path)?;
    let status = if std::fs::read(&target).is_ok_and(|old| old == bytes) {
        Status::Unchanged
    } else {
        crate::base::paths::write_atomic(&target, bytes)?;
        Status::Built
    };
    Ok(Entry {
        path: path.to_owned(),
        sources: sources.to_vec(),
        sha256: Some(sha256(bytes)),
        pages: None,
        template: Some(TEMPLATE.to_owned()),
        warnings: Vec::new(),
        status,
        fingerprint: Some(fingerprint),
        stamp: Stamp::of(&target),
        errors: Vec::new(),
        exempt: None,
        summary: None,
        published: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_publication_date_is_read_back_from_a_page() {
        let page = "<p>x</p><p class=\"published\">Published <time datetime=\"2015-10-20\">20 \
            October 2015</time>.</p>";
        assert_eq!(
            published_on(page),
            Some(Date {
                year: 2015,
                month: 10,
                day: 20
            })
        );
        assert_eq!(published_on("<p>no date</p>"), None);
    }
}
