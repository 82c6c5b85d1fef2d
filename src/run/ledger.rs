//! The ledger: Papers' memory of a project's statutory record, kept between builds in the
//! exempt tree (`exempt/ledger.json`, never published).
//!
//! Each build reads the folder as it is that minute; the ledger keeps what earlier builds
//! knew, so that a slip in the folder can never undo it:
//! - **what was published, when, with which bytes**: each meeting's date of publication, its
//!   agenda pack and supplements (release 0, 1, 2 ...), and every version of every paper
//!   published in it. A published file is never rewritten or deleted by a later build;
//! - **what was exempt**: every workbook once routed to the exempt tree, by its path, the
//!   SHA-256 of each version of its bytes and its title, so that a deleted agenda row, a
//!   renamed meeting workbook or a copy under another name keeps it out of `output/` until
//!   its meeting's agenda, read and trusted, says it is public;
//! - **which folders are meetings**: a folder that had a meeting workbook stays a meeting
//!   while it holds any workbook, so its papers are never published as standalone documents
//!   because the meeting workbook went missing for a moment.
//!
//! The ledger only grows, but for a released exemption: merging two ledgers (shards, or a
//! ledger and an older copy) is their union, so reading every ledger file in the exempt tree
//! is always safe.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;

/// The ledger's file name in the exempt tree (a shard writes `ledger.shard-K-of-N.json`).
pub const FILE: &str = "ledger.json";

/// The template of a meeting's packs, which the ledger records as releases.
pub const PACK_TEMPLATE: &str = "agenda-pack";

/// The ledger's file name for a run: `ledger.json`, or shard K of N's own.
pub fn file_name(shard: Option<(u32, u32)>) -> String {
    shard.map_or_else(
        || FILE.to_owned(),
        |(k, n)| format!("ledger.shard-{k}-of-{n}.json"),
    )
}

/// What a build read of one meeting, for the ledger.
#[derive(Debug, Clone)]
pub struct MeetingSeen {
    /// Its folder under `inputs/`.
    pub folder: String,
    /// Its meeting workbook's file name.
    pub workbook: String,
    /// The committee, when the workbook could be read.
    pub committee: Option<String>,
    /// The meeting date, when it could be read.
    pub date: Option<Date>,
    /// The day its agenda was published, if it is.
    pub published: Option<Date>,
}

/// The name an earlier version of a published paper is kept under: `p.pdf` published in
/// release 0 becomes `p.v1.pdf`, one published in supplement 2 `p.v3.pdf`.
pub fn versioned_name(path: &str, release: u32) -> String {
    let stem = path.strip_suffix(".pdf").unwrap_or(path);
    format!("{stem}.v{}.pdf", release + 1)
}

/// Everything Papers remembers of a project between builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    /// The Papers version that last wrote it.
    #[serde(default)]
    pub papers: String,
    /// Every folder that has been a meeting, by folder (`inputs/2026-01-14-cabinet`).
    #[serde(default)]
    pub meetings: BTreeMap<String, MeetingRecord>,
    /// Every workbook known to be exempt, by path (`inputs/2026-01-14-cabinet/land.xlsx`).
    #[serde(default)]
    pub exempt: BTreeMap<String, ExemptRecord>,
}

/// What is remembered of one meeting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingRecord {
    /// Its meeting workbook's file name (`meeting.xlsx`), as last seen.
    #[serde(default)]
    pub workbook: String,
    /// The committee.
    #[serde(default)]
    pub committee: String,
    /// The meeting date, ISO 8601, as last seen.
    #[serde(default)]
    pub date: String,
    /// The day its agenda was first published, ISO 8601 (none while it is a draft).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The agenda pack (number 0) and its supplements (1, 2 ...), as published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub releases: Vec<Release>,
    /// Every paper published in the meeting, by workbook path.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub papers: BTreeMap<String, PaperRecord>,
    /// Items withdrawn after publication: item number to the release that said so.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub withdrawn: BTreeMap<String, u32>,
    /// Every decision notice published, by its PDF's path (`output/m/decisions/item-7.pdf`):
    /// each version, oldest first.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notices: BTreeMap<String, Vec<Frozen>>,
    /// The minutes as approved and published, by the PDF's path (`output/m/minutes.pdf`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub minutes: BTreeMap<String, Frozen>,
}

/// A published notice or approved minutes: where the file is, its bytes and what it prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Frozen {
    /// Where it is now (a notice replaced by a revision is at `item-7.v1.pdf`).
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// SHA-256 of what it prints (its context), whatever the template or Papers' version.
    pub content: String,
    /// The day this version was published (a revision: the day it was revised), ISO 8601;
    /// what a notice made again from the record prints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dated: Option<String>,
}

/// A pack as published: the agenda pack (0) or a supplement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    /// 0 for the agenda pack, then 1, 2 ... for supplements.
    pub number: u32,
    /// Its PDF, relative to the project (`output/m/agenda-pack.pdf`).
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// Its date of publication, ISO 8601.
    pub published: String,
    /// The items it publishes (or, for a supplement, adds, replaces or withdraws).
    #[serde(default)]
    pub items: Vec<String>,
}

/// Every published version of one paper.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PaperRecord {
    /// Its agenda item, as last published.
    #[serde(default)]
    pub item: String,
    /// Its versions, oldest first.
    #[serde(default)]
    pub versions: Vec<Version>,
}

/// One published version of a paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// Where it is now (the latest at `output/m/p.pdf`, earlier ones at `output/m/p.v1.pdf`).
    pub path: String,
    /// SHA-256 of the PDF.
    pub sha256: String,
    /// SHA-256 of the workbook it was built from.
    pub source: String,
    /// SHA-256 of the paper's Typst source (its content, whatever the workbook's bytes).
    #[serde(default)]
    pub content: String,
    /// Its date of publication, ISO 8601.
    pub published: String,
    /// The release that published it (0: the agenda pack).
    pub release: u32,
}

/// What is remembered of a workbook once built as exempt.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExemptRecord {
    /// The Schedule 12A paragraph it was exempt under ("unknown" if none could be told).
    pub paragraph: String,
    /// Its meeting folder, if it was in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    /// SHA-256 of every version of its bytes seen while exempt.
    #[serde(default)]
    pub hashes: BTreeSet<String>,
    /// Its titles (as [`title_key`] folds them).
    #[serde(default)]
    pub titles: BTreeSet<String>,
    /// The day it was first known to be exempt, ISO 8601.
    #[serde(default)]
    pub since: String,
}

/// Why a workbook is remembered as exempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// The workbook the ledger remembers (may be this one).
    pub path: String,
    /// Its paragraph.
    pub paragraph: String,
    /// How this workbook was matched to it.
    pub by: Match,
}

/// How a workbook was matched to a remembered exemption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The same path.
    Path,
    /// The same bytes under another name.
    Bytes,
    /// A name that reads as a copy of it ("land (1).xlsx", "Copy of land.xlsx", "land v2").
    Name,
    /// The same title.
    Title,
}

impl Ledger {
    /// The union of every ledger in the exempt tree `dir` (the project's and any shard's).
    /// A ledger that cannot be read is a configuration error: building without it could
    /// publish what it kept apart.
    pub fn read_all(dir: &Path) -> anyhow::Result<Ledger> {
        let mut ledger = Ledger::default();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(ledger);
        };
        let mut files: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with("ledger") && n.ends_with(".json"))
            })
            .collect();
        files.sort();
        for file in files {
            let meta = std::fs::symlink_metadata(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            if !meta.is_file() {
                anyhow::bail!(
                    "{} is not a plain file; the ledger must be a file of the exempt tree",
                    file.display()
                );
            }
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let one: Ledger = serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "{} cannot be read as Papers' ledger; restore it from a backup (Papers will \
                        not build without its record of what was published and what is exempt)",
                    file.display()
                )
            })?;
            ledger.absorb(one);
        }
        Ok(ledger)
    }

    /// Writes the ledger atomically as pretty JSON, only when its bytes change.
    pub fn write(&mut self, path: &Path) -> anyhow::Result<()> {
        self.papers = env!("CARGO_PKG_VERSION").to_owned();
        let json = serde_json::to_string_pretty(self).context("serialising the ledger")?;
        if std::fs::read(path).is_ok_and(|old| old == json.as_bytes()) {
            return Ok(());
        }
        crate::base::paths::write_atomic(path, json.as_bytes())
    }

    /// Takes in another ledger: the union of both.
    pub fn absorb(&mut self, other: Ledger) {
        for (folder, theirs) in other.meetings {
            let ours = self.meetings.entry(folder).or_default();
            if ours.workbook.is_empty() {
                ours.workbook = theirs.workbook;
            }
            if ours.committee.is_empty() {
                ours.committee = theirs.committee;
            }
            if ours.date.is_empty() {
                ours.date = theirs.date;
            }
            ours.published = match (ours.published.take(), theirs.published) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            for release in theirs.releases {
                if !ours.releases.iter().any(|r| r.number == release.number) {
                    ours.releases.push(release);
                }
            }
            ours.releases.sort_by_key(|r| r.number);
            for (path, paper) in theirs.papers {
                let mine = ours.papers.entry(path).or_default();
                if mine.item.is_empty() {
                    mine.item = paper.item;
                }
                for v in paper.versions {
                    if !mine.versions.iter().any(|m| m.sha256 == v.sha256) {
                        mine.versions.push(v);
                    }
                }
                mine.versions
                    .sort_by(|a, b| (a.release, &a.published).cmp(&(b.release, &b.published)));
            }
            for (item, release) in theirs.withdrawn {
                ours.withdrawn.entry(item).or_insert(release);
            }
            for (path, versions) in theirs.notices {
                let mine = ours.notices.entry(path).or_default();
                for v in versions {
                    if !mine.iter().any(|m| m.sha256 == v.sha256) {
                        mine.push(v);
                    }
                }
            }
            for (path, minutes) in theirs.minutes {
                ours.minutes.entry(path).or_insert(minutes);
            }
        }
        for (path, theirs) in other.exempt {
            let ours = self.exempt.entry(path).or_default();
            if ours.paragraph.is_empty() || ours.paragraph == "unknown" {
                ours.paragraph = theirs.paragraph;
            }
            if ours.meeting.is_none() {
                ours.meeting = theirs.meeting;
            }
            ours.hashes.extend(theirs.hashes);
            ours.titles.extend(theirs.titles);
            if ours.since.is_empty() || (!theirs.since.is_empty() && theirs.since < ours.since) {
                ours.since = theirs.since;
            }
        }
    }

    /// The day a meeting's agenda was first published, if it has been.
    pub fn published(&self, folder: &str) -> Option<Date> {
        self.meetings
            .get(folder)?
            .published
            .as_deref()
            .and_then(Date::parse)
    }

    /// The exemption a workbook is remembered under, if any: by its path, by its bytes, or
    /// by a name that reads as a copy of a remembered one.
    pub fn remembered(&self, rel: &str, sha256: &str) -> Option<Remembered> {
        let found = |path: &String, record: &ExemptRecord, by| Remembered {
            path: path.clone(),
            paragraph: record.paragraph.clone(),
            by,
        };
        if let Some(record) = self.exempt.get(rel) {
            return Some(found(&rel.to_owned(), record, Match::Path));
        }
        if !sha256.is_empty()
            && let Some((path, record)) =
                self.exempt.iter().find(|(_, r)| r.hashes.contains(sha256))
        {
            return Some(found(path, record, Match::Bytes));
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        self.exempt
            .iter()
            .find(|(path, _)| copy_of(name, path.rsplit('/').next().unwrap_or(path)))
            .map(|(path, record)| found(path, record, Match::Name))
    }

    /// Every remembered exempt title (folded by [`title_key`]) with its paragraph and the
    /// workbook it was the title of.
    pub fn exempt_titles(&self) -> BTreeMap<String, (String, String)> {
        let mut titles = BTreeMap::new();
        for (path, record) in &self.exempt {
            for title in &record.titles {
                titles.insert(title.clone(), (record.paragraph.clone(), path.clone()));
            }
        }
        titles
    }

    /// Every file of `output/` that is part of the published record, and so is never
    /// rewritten or deleted by a build: the packs and supplements, every version of every
    /// paper and decision notice, the approved minutes, the web page of each, and each
    /// published meeting's page. Built once by a
    /// caller that asks about many files.
    pub fn protected(&self) -> std::collections::HashSet<String> {
        let mut files = std::collections::HashSet::new();
        for (folder, meeting) in &self.meetings {
            if meeting.published.is_some() {
                files.insert(meeting_page(folder));
            }
            let pdfs = meeting.releases.iter().map(|r| &r.path).chain(
                meeting
                    .papers
                    .values()
                    .flat_map(|p| p.versions.iter().map(|v| &v.path)),
            );
            let after = meeting
                .notices
                .values()
                .flatten()
                .map(|v| &v.path)
                .chain(meeting.minutes.values().map(|m| &m.path));
            for pdf in pdfs.chain(after) {
                if let Some(stem) = pdf.strip_suffix(".pdf") {
                    files.insert(format!("{stem}.html"));
                }
                files.insert(pdf.clone());
            }
        }
        files
    }

    /// Whether a file is part of the published record (see [`Ledger::protected`]).
    pub fn protects(&self, rel: &str) -> bool {
        self.protected().contains(rel)
    }
}

impl Ledger {
    /// Takes in what a build did: the meetings it read (each folder is remembered as a
    /// meeting, with its date of publication once it has one), the files it published
    /// (each entry of `output/` with a date of publication: packs as releases, papers as
    /// versions), and the papers it routed to the exempt tree. A paper published as public
    /// by its trusted agenda is no longer remembered as exempt. Folders that hold no
    /// workbook and were never published are forgotten.
    pub fn note_run(
        &mut self,
        meetings: &[MeetingSeen],
        inputs: &[crate::base::paths::Input],
        entries: &[crate::run::manifest::Entry],
        today: Date,
    ) {
        use crate::base::paths::folder_of;
        use crate::run::manifest::Status;
        for seen in meetings {
            let record = self.meetings.entry(seen.folder.clone()).or_default();
            record.workbook.clone_from(&seen.workbook);
            if let Some(committee) = &seen.committee {
                record.committee.clone_from(committee);
            }
            if let Some(date) = seen.date {
                record.date = date.iso();
            }
            if record.published.is_none() {
                record.published = seen.published.map(Date::iso);
            }
        }
        self.note_published(entries, inputs);
        let by_rel: std::collections::HashMap<&str, &crate::base::paths::Input> =
            inputs.iter().map(|i| (i.rel.as_str(), i)).collect();
        for entry in entries {
            let Some(first) = entry.sources.first() else {
                continue;
            };
            let input = by_rel.get(first.path.as_str()).copied();
            let trusted = input.is_some_and(|i| {
                i.place.blocked.is_none() && i.place.remembered.is_none() && !i.place.private
            });
            match &entry.exempt {
                Some(exemption) if trusted && exemption.paragraph != "pack" => {
                    let record = self.exempt.entry(first.path.clone()).or_default();
                    if record.paragraph.is_empty() || record.paragraph == "unknown" {
                        record.paragraph.clone_from(&exemption.paragraph);
                    }
                    if record.since.is_empty() {
                        record.since = today.iso();
                    }
                    if input.is_some_and(|i| i.place.in_meeting) {
                        record.meeting = Some(folder_of(&first.path).to_owned());
                    }
                    if !first.sha256.is_empty() {
                        record.hashes.insert(first.sha256.clone());
                    }
                    if let Some(summary) = &entry.summary {
                        record.titles.insert(title_key(&summary.title));
                    }
                }
                None if entry.path.starts_with("output/")
                    && matches!(entry.status, Status::Built | Status::Unchanged)
                    && input.is_some_and(|i| i.place.in_meeting && i.place.item.is_some()) =>
                {
                    self.exempt.remove(&first.path);
                }
                _ => {}
            }
        }
        let holding: BTreeSet<&str> = inputs.iter().map(|i| folder_of(&i.rel)).collect();
        let meeting_folders: BTreeSet<&str> = meetings.iter().map(|m| m.folder.as_str()).collect();
        self.meetings.retain(|folder, m| {
            m.published.is_some()
                || holding.contains(folder.as_str())
                || meeting_folders.contains(folder.as_str())
        });
    }
}

/// The web page of the meeting in `folder` (`inputs/m` has `output/m/index.html`).
pub fn meeting_page(folder: &str) -> String {
    let dir = folder
        .strip_prefix("inputs")
        .unwrap_or(folder)
        .trim_start_matches('/');
    if dir.is_empty() {
        "output/meeting.html".to_owned()
    } else {
        format!("output/{dir}/index.html")
    }
}

impl Ledger {
    /// What the public manifest says was published (each entry of `output/` with a date of
    /// publication), as a ledger: taken in beside the ledger itself, so that the record holds
    /// even when the exempt tree, and the ledger in it, was lost.
    pub fn from_public_manifest(manifest: &crate::run::manifest::Manifest) -> Ledger {
        let mut ledger = Ledger::default();
        ledger.note_published(&manifest.outputs, &[]);
        ledger
    }
}

impl Ledger {
    /// Takes in the files of `output/` that carry a date of publication: packs as releases,
    /// papers as versions (the version a revision replaced moved to its versioned name).
    fn note_published(
        &mut self,
        entries: &[crate::run::manifest::Entry],
        inputs: &[crate::base::paths::Input],
    ) {
        use crate::base::paths::folder_of;
        use crate::run::manifest::Status;
        let by_rel: std::collections::HashMap<&str, &crate::base::paths::Input> =
            inputs.iter().map(|i| (i.rel.as_str(), i)).collect();
        for entry in entries {
            if self.note_after(entry) {
                continue;
            }
            let (Some(published), Some(sha256)) = (&entry.published, &entry.sha256) else {
                continue;
            };
            if !entry.path.starts_with("output/") || entry.status == Status::Failed {
                continue;
            }
            let Some(first) = entry.sources.first() else {
                continue;
            };
            let folder = folder_of(&first.path).to_owned();
            let record = self.meetings.entry(folder).or_default();
            record
                .published
                .get_or_insert_with(|| published.date.clone());
            if entry.template.as_deref() == Some(PACK_TEMPLATE) {
                if !record
                    .releases
                    .iter()
                    .any(|r| r.number == published.release)
                {
                    record.releases.push(Release {
                        number: published.release,
                        path: entry.path.clone(),
                        sha256: sha256.clone(),
                        published: published.date.clone(),
                        items: published.items.clone(),
                    });
                    record.releases.sort_by_key(|r| r.number);
                }
                for item in &published.withdrawn {
                    record
                        .withdrawn
                        .entry(item.clone())
                        .or_insert(published.release);
                }
                continue;
            }
            let paper = record.papers.entry(first.path.clone()).or_default();
            if let Some(item) = by_rel
                .get(first.path.as_str())
                .and_then(|i| i.place.item.clone())
            {
                paper.item = item;
            }
            if paper.versions.last().is_some_and(|v| v.sha256 == *sha256) {
                continue;
            }
            // The version it replaces is kept under its versioned name.
            if let Some(last) = paper.versions.last_mut()
                && last.path == entry.path
            {
                last.path = versioned_name(&last.path, last.release);
            }
            paper.versions.push(Version {
                path: entry.path.clone(),
                sha256: sha256.clone(),
                source: first.sha256.clone(),
                content: published.content.clone().unwrap_or_default(),
                published: published.date.clone(),
                release: published.release,
            });
        }
    }
}

impl Ledger {
    /// Takes in a published decision notice (each new version; the one it replaces moved to
    /// its versioned name) or approved minutes; says whether `entry` was one.
    fn note_after(&mut self, entry: &crate::run::manifest::Entry) -> bool {
        use crate::run::manifest::Status;
        let template = entry.template.as_deref();
        let notice = template == Some(NOTICE_TEMPLATE);
        let minutes = template == Some(MINUTES_TEMPLATE);
        if !(notice || minutes) || !entry.path.ends_with(".pdf") {
            return false;
        }
        let (Some(sha256), [workbook, content, ..]) = (&entry.sha256, entry.sources.as_slice())
        else {
            return true;
        };
        if !entry.path.starts_with("output/") || entry.status == Status::Failed {
            return true;
        }
        let record = self
            .meetings
            .entry(crate::base::paths::folder_of(&workbook.path).to_owned())
            .or_default();
        let frozen = Frozen {
            path: entry.path.clone(),
            sha256: sha256.clone(),
            content: content.sha256.clone(),
            dated: entry.published.as_ref().map(|p| p.date.clone()),
        };
        if minutes {
            if content.path == MINUTES_APPROVED {
                record.minutes.entry(entry.path.clone()).or_insert(frozen);
            }
            return true;
        }
        // A kept earlier version is recorded under its notice's own path.
        if let Some((stem, n)) = entry
            .path
            .strip_suffix(".pdf")
            .and_then(|p| p.rsplit_once(".v"))
            && n.parse::<u32>().is_ok()
            && record.notices.contains_key(&format!("{stem}.pdf"))
        {
            return true;
        }
        let versions = record.notices.entry(entry.path.clone()).or_default();
        if let Some(last) = versions.last_mut()
            && last.content == frozen.content
        {
            // A record made before versions were dated learns its date.
            if last.dated.is_none() && last.sha256 == frozen.sha256 {
                last.dated = frozen.dated;
            }
            return true;
        }
        let n = versions.len();
        if let Some(last) = versions.last_mut()
            && last.path == entry.path
        {
            last.path = notice_version(&last.path, n);
        }
        versions.push(frozen);
        true
    }
}

/// The template of a decision notice's PDF.
pub const NOTICE_TEMPLATE: &str = "decision-notice";
/// The template of a meeting's minutes.
pub const MINUTES_TEMPLATE: &str = "minutes";
/// The source that marks minutes as approved.
pub const MINUTES_APPROVED: &str = "approved minutes";

/// The name the `n`th published version of a notice is kept under once revised:
/// `item-7.pdf` becomes `item-7.v1.pdf`.
pub fn notice_version(path: &str, n: usize) -> String {
    let stem = path.strip_suffix(".pdf").unwrap_or(path);
    format!("{stem}.v{n}.pdf")
}

/// A title folded for matching: lower case, letters and digits only.
pub fn title_key(title: &str) -> String {
    title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether the file name `name` reads as a copy of `original` (another file): "land (1).xlsx",
/// "Copy of land.xlsx", "land - Copy.xlsx", "land v2.xlsx", "land (final).ods", "land
/// (conflicted copy 2026-01-02).xlsx", "land-DESKTOP-4F2K.xlsx" are copies of "land.xlsx".
pub fn copy_of(name: &str, original: &str) -> bool {
    let stem = |n: &str| {
        let n = n.rsplit_once('.').map_or(n, |(s, _)| s);
        n.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let (copy, folded) = (stem(name), stem(original));
    // Too short a name would match almost anything.
    folded.chars().count() >= 4 && name != original && copy.contains(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::manifest::Entry;

    #[test]
    fn copies_are_told_by_their_names() {
        for copy in [
            "land-disposal (1).xlsx",
            "Copy of land-disposal.xlsx",
            "land-disposal - Copy.xlsx",
            "land-disposal v2.xlsx",
            "land-disposal (final).ods",
            "land-disposal (conflicted copy 2026-01-02).xlsx",
            "land-disposal-DESKTOP-4F2K.xlsx",
            "Land Disposal.xls",
        ] {
            assert!(copy_of(copy, "land-disposal.xlsx"), "{copy}");
        }
        for other in ["land-disposal.xlsx", "budget.xlsx", "land.xlsx", "a.xlsx"] {
            assert!(!copy_of(other, "land-disposal.xlsx"), "{other}");
        }
        // "a" is in almost every name: no match on names so short.
        assert!(!copy_of("agenda.xlsx", "a.xlsx"));
    }

    fn ledger() -> Ledger {
        let mut l = Ledger::default();
        l.exempt.insert(
            "inputs/m/land.xlsx".into(),
            ExemptRecord {
                paragraph: "3".into(),
                meeting: Some("inputs/m".into()),
                hashes: ["abc".to_owned()].into(),
                titles: [title_key("Disposal of land at Mill Lane")].into(),
                since: "2026-01-02".into(),
            },
        );
        l
    }

    #[test]
    fn an_exemption_is_remembered_by_path_bytes_and_name() {
        let l = ledger();
        let by = |rel: &str, sha: &str| l.remembered(rel, sha).map(|r| r.by);
        assert_eq!(by("inputs/m/land.xlsx", "zzz"), Some(Match::Path));
        assert_eq!(by("inputs/x/renamed.xlsx", "abc"), Some(Match::Bytes));
        assert_eq!(by("inputs/m/land (1).xlsx", "zzz"), Some(Match::Name));
        assert_eq!(by("inputs/m/budget.xlsx", "zzz"), None);
        assert!(
            l.exempt_titles()
                .contains_key(&title_key("Disposal of Land at Mill Lane."))
        );
    }

    #[test]
    fn ledgers_merge_as_a_union() {
        let mut a = ledger();
        let mut b = Ledger::default();
        b.meetings.insert(
            "inputs/m".into(),
            MeetingRecord {
                published: Some("2026-01-05".into()),
                releases: vec![Release {
                    number: 0,
                    path: "output/m/agenda-pack.pdf".into(),
                    sha256: "p".into(),
                    published: "2026-01-05".into(),
                    items: vec!["1".into()],
                }],
                ..MeetingRecord::default()
            },
        );
        let mut c = b.clone();
        c.meetings.get_mut("inputs/m").unwrap().published = Some("2026-01-07".into());
        a.absorb(b);
        a.absorb(c);
        let m = &a.meetings["inputs/m"];
        assert_eq!(m.published.as_deref(), Some("2026-01-05"));
        assert_eq!(m.releases.len(), 1);
        assert!(a.protects("output/m/agenda-pack.pdf"));
        assert!(a.protects("output/m/agenda-pack.html"));
        assert!(!a.protects("output/m/other.pdf"));
        assert_eq!(a.exempt.len(), 1);
    }

    fn entry(path: &str, template: &str, content: (&str, &str), sha: &str) -> Entry {
        use crate::base::paths::Source;
        Entry {
            path: path.into(),
            sources: vec![
                Source {
                    path: "inputs/m/meeting.xlsx".into(),
                    sha256: "w".into(),
                },
                Source {
                    path: content.0.into(),
                    sha256: content.1.into(),
                },
            ],
            sha256: Some(sha.into()),
            pages: Some(1),
            template: Some(template.into()),
            warnings: Vec::new(),
            status: crate::run::manifest::Status::Built,
            fingerprint: None,
            stamp: None,
            errors: Vec::new(),
            exempt: None,
            summary: None,
            published: None,
        }
    }

    #[test]
    fn notices_keep_every_version_and_approved_minutes_are_recorded() {
        let pdf = "output/m/decisions/item-5.pdf";
        let mut l = Ledger::default();
        l.note_published(
            &[entry(
                pdf,
                NOTICE_TEMPLATE,
                ("decision of item 5", "c1"),
                "s1",
            )],
            &[],
        );
        // The same notice again, then a revision: the first moves to its versioned name.
        l.note_published(
            &[entry(
                pdf,
                NOTICE_TEMPLATE,
                ("decision of item 5", "c1"),
                "s1",
            )],
            &[],
        );
        l.note_published(
            &[
                entry(
                    "output/m/decisions/item-5.v1.pdf",
                    NOTICE_TEMPLATE,
                    ("decision of item 5", "c1"),
                    "s1",
                ),
                entry(pdf, NOTICE_TEMPLATE, ("decision of item 5", "c2"), "s2"),
            ],
            &[],
        );
        let versions = &l.meetings["inputs/m"].notices[pdf];
        let paths: Vec<&str> = versions.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["output/m/decisions/item-5.v1.pdf", pdf]);
        assert_eq!(l.meetings["inputs/m"].notices.len(), 1);
        // Draft minutes are not the record; approved ones are.
        let minutes = "output/m/minutes.pdf";
        l.note_published(
            &[entry(minutes, MINUTES_TEMPLATE, ("minutes", "d"), "m1")],
            &[],
        );
        assert!(!l.protects(minutes));
        l.note_published(
            &[entry(
                minutes,
                MINUTES_TEMPLATE,
                (MINUTES_APPROVED, "a"),
                "m2",
            )],
            &[],
        );
        for file in [
            minutes,
            "output/m/minutes.html",
            pdf,
            "output/m/decisions/item-5.html",
            "output/m/decisions/item-5.v1.pdf",
            "output/m/decisions/item-5.v1.html",
        ] {
            assert!(l.protects(file), "{file}");
        }
        assert_eq!(l.meetings["inputs/m"].minutes[minutes].content, "a");
    }

    #[test]
    fn a_ledger_round_trips_and_a_damaged_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut l = ledger();
        l.write(&dir.path().join(FILE)).unwrap();
        assert_eq!(Ledger::read_all(dir.path()).unwrap().exempt, l.exempt);
        std::fs::write(dir.path().join("ledger.shard-1-of-2.json"), b"{not json").unwrap();
        assert!(Ledger::read_all(dir.path()).is_err());
        assert_eq!(
            Ledger::read_all(&dir.path().join("none")).unwrap(),
            Ledger::default()
        );
    }
}
