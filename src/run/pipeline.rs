//! The build, as a few named stages: discover, read, contextualise, render, typeset, write.
//!
//! [`crate::publish::run`] shows the whole flow. Each document goes through stages 2 to 5 on
//! its own, on a small pool of threads; a document that fails is reported and recorded, never
//! stops the others, and never leaves a stale PDF behind that could pass for a current one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;

use crate::base::date::Date;
use crate::base::diag::{Diagnostic, Diagnostics, Severity};
use crate::base::hash;
use crate::base::paths::{Input, Place, is_meeting_workbook, is_workbook, write_atomic};
use crate::model::config::Config;
use crate::model::document::Document;
use crate::model::validate;
use crate::render::pdf::escape;
use crate::render::pdf::templates::Templates;
use crate::render::pdf::typeset::{Pdf, typeset_bounded};
use crate::render::pdf::world::PapersWorld;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Exemption, Manifest, Published, Stamp, Status};
use crate::workbook::{Limits, Workbook};

/// What a run should do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Write PDFs (build) or only validate (check).
    pub write: bool,
    /// Documents typeset at once.
    pub jobs: usize,
    /// Also write each document's generated Typst source beside its PDF.
    pub emit_typst: bool,
    /// Limits on input files.
    pub limits: Limits,
    /// The day notice of a meeting is judged from (`None`: today by the system clock). It
    /// changes messages only, never a PDF.
    pub today: Option<Date>,
    /// Typeset everything, even what has not changed since the last build.
    pub force: bool,
    /// Build only shard K of N (1-based): a stable share of the meetings and documents.
    pub shard: Option<Shard>,
    /// Called once per document or pack as it finishes (progress display).
    pub progress: Option<Progress>,
    /// How long one document may take to typeset (see [`crate::render::pdf::typeset::TIME_LIMIT`]).
    pub time_limit: std::time::Duration,
    /// Print exempt papers' findings in full. Without it their words are withheld from
    /// every log, as they may quote the paper.
    pub show_exempt: bool,
    /// Only these workbooks and folders, relative to the project (`None`: all); the packs
    /// of the meetings they are in are built too, and the manifest keeps the other entries.
    pub only: Option<Vec<String>>,
}

/// Shard K of N (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which shard, from 1.
    pub k: u32,
    /// How many shards.
    pub n: u32,
}

impl Shard {
    /// Whether a unit of work (a meeting folder or a standalone workbook, relative to the
    /// project) belongs to this shard. Stable: depends on the path only.
    pub fn owns(&self, unit: &str) -> bool {
        let digest = crate::base::hash::sha256(unit.as_bytes());
        let n = u64::from_str_radix(&digest[..15], 16).unwrap_or(0);
        n % u64::from(self.n) == u64::from(self.k - 1)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("\"{s}\" is not a shard: write K/N with 1 <= K <= N, such as 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

/// The file name of a run's manifests: `manifest.json`, or a shard's own
/// `manifest.shard-K-of-N.json`, so that shards sharing an output folder never overwrite
/// each other's.
pub fn manifest_name(shard: Option<Shard>) -> String {
    shard.map_or_else(
        || "manifest.json".to_owned(),
        |s| format!("manifest.shard-{}-of-{}.json", s.k, s.n),
    )
}

/// Called once per finished output, from any worker thread.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(&Entry) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            write: true,
            jobs: default_jobs(),
            emit_typst: false,
            limits: Limits::default(),
            today: None,
            force: false,
            shard: None,
            progress: None,
            show_exempt: false,
            time_limit: crate::render::pdf::typeset::TIME_LIMIT,
            only: None,
        }
    }
}

/// One thread per core.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The loaded project: its folder, house style and templates.
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// `papers.toml`.
    pub config: Config,
    /// Built-in templates with the project's overrides.
    pub templates: Templates,
    /// The logo file for the Typst world, if configured.
    pub logo: Option<(String, Vec<u8>)>,
    /// The fingerprint of papers.toml, templates, logo, fonts and the Papers version.
    pub fingerprint: String,
    /// What earlier builds published and knew to be exempt, as this run found it.
    pub ledger: crate::run::ledger::Ledger,
}

impl Project {
    /// Loads `papers.toml` and the templates. Errors here are configuration errors.
    pub fn open(root: &Path) -> anyhow::Result<Project> {
        if !root.join("inputs").is_dir() {
            anyhow::bail!(
                "{} has no inputs/ folder; run Papers in a project folder or name one",
                root.display()
            );
        }
        let config = Config::load(root)?;
        // The exempt tree apart from output/ as the file system resolves them, links and all.
        crate::base::paths::refuse_in_output(
            root,
            &root.join(config.exempt_dir()),
            "the exempt tree",
            "Make the exempt tree a real folder outside output/ (remove the link), or set \
                exempt_dir in papers.toml to one.",
        )?;
        crate::base::paths::refuse_in_output(
            root,
            &root.join(config.drafts_dir()),
            "the drafts tree",
            "Make the drafts tree a real folder outside output/ (remove the link), or set \
                drafts_dir in papers.toml to one.",
        )?;
        // The trees Papers writes must be in the project: a link from output/ (or the exempt
        // tree) to elsewhere is refused before anything, the lock included, is written.
        let project_root = crate::base::paths::Root::new(root)?;
        for tree in [
            "output".to_owned(),
            config.exempt_dir(),
            config.drafts_dir(),
        ] {
            let path = root.join(&tree);
            if path.symlink_metadata().is_ok() {
                project_root.resolve_inside(&path).map_err(|why| {
                    anyhow::anyhow!("{tree}/: {why}; Papers writes only inside the project")
                })?;
            }
        }
        let mut ledger = crate::run::ledger::Ledger::read_all(&root.join(config.exempt_dir()))?;
        // What the public manifest says was published holds too, were the ledger lost (read
        // only then: the ledger knows all the manifest does).
        let exempt_tree = root.join(config.exempt_dir());
        if !exempt_tree.join(crate::run::ledger::FILE).is_file()
            && let Some(public) = Manifest::read(&root.join("output").join("manifest.json"))
        {
            ledger.absorb(crate::run::ledger::Ledger::from_public_manifest(&public));
        }
        let templates = Templates::load(&root.join("templates"))?;
        let logo = config.logo_file()?;
        let mut project = Project {
            root: root.to_owned(),
            config,
            templates,
            logo,
            fingerprint: String::new(),
            ledger,
        };
        project.fingerprint = crate::run::incremental::fingerprint(
            &project.root,
            &project.config,
            &project.templates,
            project.logo.as_ref(),
        );
        Ok(project)
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every diagnostic of every input, in input order.
    pub diagnostics: Vec<Diagnostic>,
    /// The manifest entries of this run.
    pub manifest: Manifest,
}

impl Outcome {
    /// Whether any input had an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One document, stages 2 to 6: skipped when unchanged, else read (once), checked, routed
/// by what was read, rendered, typeset and written.
pub(crate) fn build_one(
    project: &Project,
    options: &Options,
    input: &Input,
    clashes: &validate::Clashes,
    previous: &Previous,
    diags: &mut Diagnostics,
) -> anyhow::Result<Done> {
    let exempt_dir = project.config.exempt_dir();
    let private = exempt_output(&exempt_dir, &input.output);
    // A meeting's papers are drafts until its agenda is published.
    let public = if input.place.draft {
        draft_output(&project.config.drafts_dir(), &input.output)
    } else {
        input.output.clone()
    };
    clashes.report(input, diags);
    if let Some(why) = &input.place.blocked {
        diags.at(
            None,
            None,
            Severity::Error,
            "exempt-unknown",
            format!(
                "not built: whether this paper is exempt cannot be told, because of its meeting \
                workbook: {why}"
            ),
        );
    }
    if let Some(why) = &input.place.remembered {
        diags.at(
            None,
            None,
            Severity::Error,
            "exempt-remembered",
            why.clone(),
        );
    }
    if let Some(why) = input
        .place
        .stray
        .as_ref()
        .filter(|_| !input.place.stray_quiet)
    {
        diags.at(None, None, Severity::Error, "not-on-agenda", why.clone());
    }
    for (code, note) in &input.place.notes {
        diags.at(None, None, Severity::Warning, code, note.clone());
    }
    // Before anything is read, a paper an agenda calls exempt (or cannot clear) is exempt.
    let agenda_exempt = input
        .place
        .agenda_exempt
        .clone()
        .or_else(|| input.place.blocked.as_ref().map(|_| "unknown".to_owned()))
        .or_else(|| input.place.private.then(|| "unknown".to_owned()));
    if input.place.blocked.is_none()
        && !input.place.private
        && agenda_exempt.as_deref() == Some("unknown")
    {
        diags.at(
            None,
            None,
            Severity::Error,
            "exempt-unknown",
            "not built: its agenda row's \
            Exempt value names no paragraph of Schedule 12A, so it is treated as exempt until the \
            agenda gives one",
        );
    }
    // A paper held back (for its exemption, or as a stray) is still read and checked, so
    // that one run shows its every slip; it is never written anywhere.
    let held = input.place.stray.is_some() || diags.list.iter().any(|d| HOLDS.contains(&d.code));
    let refused = diags
        .list
        .iter()
        .any(|d| d.is_error() && !HOLDS.contains(&d.code));
    // A published paper whose workbook has not changed is the record: kept as published,
    // whatever changed in Papers, its templates or the options.
    let record = published_record(project, options, input);
    if let Some(kept) = record
        .as_ref()
        .filter(|_| !options.emit_typst)
        .and_then(|r| r.kept(project, previous, input))
    {
        return Ok(Done {
            entry: kept,
            paper: None,
        });
    }
    if let Some(r) = &record
        && r.after_meeting
        && input
            .sources
            .first()
            .is_none_or(|s| s.sha256 != r.version.source)
    {
        diags.at(None, None, Severity::Error, "changed-after-meeting", format!(
            "the workbook changed after its meeting ({}); the paper published on {} is the record \
                of the meeting and is not rewritten: {} is kept as published",
            r.meeting_date.long(), r.published.long(), r.version.path
        ));
        return Ok(Done {
            entry: r.entry(previous, input),
            paper: None,
        });
    }
    if !diags.has_errors()
        && !options.force
        && record.is_none()
        && let Some(entry) = previous.unchanged_routed(
            &project.root,
            &public,
            &private,
            &input.sources,
            &project.fingerprint,
            agenda_exempt.is_some(),
        )
    {
        return Ok(Done { entry, paper: None });
    }
    let writing = options.write;
    let mut cover_exempt = None;
    let check = Options {
        write: false,
        ..options.clone()
    };
    let options = if held { &check } else { options };
    let built = if refused {
        None
    } else {
        match crate::workbook::read_file(&input.path, &options.limits) {
            Ok(bytes)
                if input
                    .sources
                    .first()
                    .is_some_and(|s| s.sha256 != hash::sha256(&bytes)) =>
            {
                diags.at(
                    None,
                    None,
                    Severity::Error,
                    "changed-during-build",
                    "the workbook \
                    changed while Papers was building; build again once it is saved",
                );
                None
            }
            // A bug that a strange file trips fails that document, not the run.
            // Read with findings of its own: a held paper's hold is not one of its slips.
            Ok(bytes) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut own = Diagnostics::new(&input.rel);
                let place = Place {
                    revision: record.as_ref().map(|r| (r.next_release, r.today)),
                    ..input.place.clone()
                };
                let built = process_routed(
                    project,
                    options,
                    &bytes,
                    &place,
                    &mut cover_exempt,
                    &mut own,
                );
                diags.list.extend(own.list);
                built
            }))
            .unwrap_or_else(|_| {
                diags.at(
                    None,
                    None,
                    Severity::Error,
                    "internal-error",
                    "Papers failed on this \
                    file (a bug: please report it with the file); the other documents are not \
                    affected",
                );
                None
            }),
            Err(e) => {
                diags.at(
                    None,
                    None,
                    Severity::Error,
                    "unreadable-file",
                    format!("cannot read the file: {e}"),
                );
                None
            }
        }
    };
    // Routed by the bytes that were read: the agenda's word, or the Cover's.
    let exemption = match (&agenda_exempt, cover_exempt.clone()) {
        (Some(p), _) => Some(Exemption {
            paragraph: p.clone(),
            by_cover: false,
        }),
        (None, Some(p)) => Some(Exemption {
            paragraph: p,
            by_cover: true,
        }),
        (None, None) => None,
    };
    let output = if exemption.is_some() {
        private.clone()
    } else {
        public.clone()
    };
    let mut built = built;
    if let Some(b) = &mut built
        && exemption.is_some()
    {
        b.doc.exempt = exemption.as_ref().map(|e| e.paragraph.clone());
    }
    // A write that fails fails this document only.
    let mut to_write = built.as_ref().filter(|_| !held && !diags.has_errors());
    // A published paper is rewritten only by a version whose content differs: that is a
    // revision, published in the meeting's next supplement; the version it replaces is kept
    // under its versioned name.
    if let (Some(r), Some(b)) = (&record, to_write)
        && exemption.is_none()
    {
        if hash::sha256(b.source.as_bytes()) == r.version.content {
            // The same paper: the published file stays. One that went missing is put back
            // only when this build makes the very bytes that were published.
            let path = owned_path(project, &r.version.path)?;
            let intact =
                std::fs::read(&path).is_ok_and(|old| hash::sha256(&old) == r.version.sha256);
            let same_pdf = b
                .pdf
                .as_ref()
                .is_some_and(|p| hash::sha256(&p.bytes) == r.version.sha256);
            // Template authors still get the source the published paper is made from.
            if options.emit_typst && options.write {
                write_owned(
                    project,
                    &output_typ(&r.version.path),
                    document_main(project, &b.doc, &b.source).as_bytes(),
                )?;
            }
            if !intact && options.write {
                if same_pdf && let Some(pdf) = &b.pdf {
                    write_atomic(&path, &pdf.bytes)?;
                } else {
                    diags.at(None, None, Severity::Error, "published-kept", format!(
                        "{}, published on {}, is missing from output/ or is not the file that was \
                            published; restore it from the archive (Papers never publishes other \
                            bytes under a published name)",
                        r.version.path, r.published.long()
                    ));
                }
            }
            return Ok(Done {
                entry: r.entry(previous, input),
                paper: None,
            });
        }
        if options.write
            && let Err(e) = r.keep_version(project)
        {
            diags.at(
                None,
                None,
                Severity::Error,
                "write-failed",
                format!("{e:#}"),
            );
            to_write = None;
        }
    }
    if let Some(r) = &record
        && exemption.is_some()
    {
        diags.at(None, None, Severity::Error, "published-kept", format!(
            "this paper was published on {} and is now exempt; Papers never takes down a published \
                paper ({} stays in output/ as published) and never publishes the exempt version",
            r.published.long(), r.version.path
        ));
    }
    let entry = match finish(project, options, input, &output, to_write, diags) {
        Ok(entry) => entry,
        Err(e) => {
            diags.at(
                None,
                None,
                Severity::Error,
                "write-failed",
                format!("{e:#}"),
            );
            // The write went to a temporary file: the previous good PDF is still there, as
            // the last build recorded it, and so is every page that links to it.
            match previous
                .get(&output)
                .filter(|p| p.sha256.is_some() && crate::run::incremental::intact(&project.root, p))
            {
                Some(kept) => Entry {
                    status: Status::Unchanged,
                    errors: diags
                        .list
                        .iter()
                        .filter(|d| d.is_error())
                        .map(ToString::to_string)
                        .collect(),
                    ..kept.clone()
                },
                None => Entry::failed(input, &output, Vec::new(), Vec::new()),
            }
        }
    };
    let mut entry = Entry {
        exempt: exemption,
        ..entry
    };
    if entry.status == Status::Built && entry.path.starts_with("output/") && input.place.in_meeting
    {
        let mut published = match &record {
            Some(r) => Published {
                date: r.today.iso(),
                release: r.next_release,
                ..Published::default()
            },
            None => first_publication(project, options, input),
        };
        published.content = built.as_ref().map(|b| hash::sha256(b.source.as_bytes()));
        entry.published = Some(published);
    }
    if held && writing {
        // Neither copy of a held paper may stand, public, draft or exempt (a published one
        // is kept: see remove_stale).
        for path in [&input.output, &public, &private] {
            remove_stale(project, path)?;
        }
    }
    // Only a meeting's papers are kept, for its packs, with the bytes of their PDFs and their
    // pages' sizes: memory stays flat however many documents a run builds (the web page of
    // another is made from its workbook read again).
    let paper = built.filter(|_| input.place.in_meeting).map(|b| {
        let bytes = b
            .pdf
            .map(|pdf| (std::sync::Arc::<[u8]>::from(pdf.bytes), pdf.sizes));
        (
            input.rel.clone(),
            Built {
                pdf: None,
                bytes,
                ..b
            },
        )
    });
    Ok(Done { entry, paper })
}

/// Findings that hold a paper back: it is read and checked, never written.
const HOLDS: &[&str] = &["exempt-unknown", "exempt-remembered", "not-on-agenda"];

/// A paper's latest published version, as the ledger records it, and what this run makes of
/// it.
struct Record {
    version: crate::run::ledger::Version,
    published: Date,
    meeting_date: Date,
    today: Date,
    /// The release a revision made today goes out in.
    next_release: u32,
    /// The meeting is over: the record is not rewritten.
    after_meeting: bool,
}

impl Record {
    /// Its manifest entry: the last build's, else one made from the ledger.
    fn entry(&self, previous: &Previous, input: &Input) -> Entry {
        let mut entry = previous
            .get(&self.version.path)
            .cloned()
            .unwrap_or_else(|| Entry {
                sha256: Some(self.version.sha256.clone()),
                ..Entry::failed(input, &self.version.path, Vec::new(), Vec::new())
            });
        entry.status = Status::Unchanged;
        entry.errors.clear();
        entry.published.get_or_insert(Published {
            date: self.published.iso(),
            release: self.version.release,
            content: Some(self.version.content.clone()),
            ..Published::default()
        });
        entry
    }

    /// The published version, kept as it is, when the workbook is the one it was built from
    /// and its PDF is still there as published.
    fn kept(&self, project: &Project, previous: &Previous, input: &Input) -> Option<Entry> {
        let same = input
            .sources
            .first()
            .is_some_and(|s| s.sha256 == self.version.source);
        let path = project.root.join(&self.version.path);
        let intact = std::fs::read(&path).is_ok_and(|b| hash::sha256(&b) == self.version.sha256);
        (same && intact).then(|| self.entry(previous, input))
    }

    /// Keeps the published version under its versioned name (`p.v1.pdf`) before a revision
    /// takes its place.
    fn keep_version(&self, project: &Project) -> anyhow::Result<()> {
        let versioned =
            crate::run::ledger::versioned_name(&self.version.path, self.version.release);
        let from = owned_path(project, &self.version.path)?;
        let to = owned_path(project, &versioned)?;
        if std::fs::read(&to).is_ok_and(|b| hash::sha256(&b) == self.version.sha256) {
            return Ok(());
        }
        let bytes = std::fs::read(&from).with_context(|| format!("reading {}", from.display()))?;
        anyhow::ensure!(
            hash::sha256(&bytes) == self.version.sha256,
            "{} is not the PDF that was published (it was altered or removed); restore it from the \
                archive before publishing a revision",
            self.version.path
        );
        write_atomic(&to, &bytes)
    }
}

/// The published record of a paper of a published meeting, if it has one.
fn published_record(project: &Project, options: &Options, input: &Input) -> Option<Record> {
    if input.place.draft || !input.place.in_meeting {
        return None;
    }
    let folder = crate::base::paths::folder_of(&input.rel);
    let meeting = project.ledger.meetings.get(folder)?;
    let version = meeting.papers.get(&input.rel)?.versions.last()?.clone();
    let today = options.today.unwrap_or_else(validate::today_utc);
    let meeting_date = input
        .place
        .meeting_date
        .or_else(|| Date::parse(&meeting.date))?;
    Some(Record {
        published: Date::parse(&version.published)?,
        version,
        meeting_date,
        today,
        next_release: u32::try_from(meeting.releases.len())
            .unwrap_or(u32::MAX)
            .max(1),
        after_meeting: today > meeting_date,
    })
}

/// When and in which release a paper of a published meeting with no published version
/// goes out: with the agenda pack on its date of publication, or, once that is out, in
/// today's supplement.
fn first_publication(project: &Project, options: &Options, input: &Input) -> Published {
    let folder = crate::base::paths::folder_of(&input.rel);
    let today = options.today.unwrap_or_else(validate::today_utc);
    match project.ledger.meetings.get(folder) {
        Some(m) if !m.releases.is_empty() => Published {
            date: today.iso(),
            release: u32::try_from(m.releases.len()).unwrap_or(u32::MAX),
            ..Published::default()
        },
        _ => Published {
            date: input.place.published.unwrap_or(today).iso(),
            ..Published::default()
        },
    }
}

/// What stage 2 to 6 leave for the packs: the manifest entry, and the document as read and
/// rendered (absent when it was unchanged or failed).
pub(crate) struct Done {
    pub(crate) entry: Entry,
    pub(crate) paper: Option<(String, Built)>,
}

/// Replaces the words of an exempt paper's findings, which may quote its cells, with a
/// pointer to where they are kept (its entry in the exempt manifest), so that no log of a
/// run publishes them. File, sheet, cell and code stay: they say where to look.
pub fn withhold(list: &mut [Diagnostic]) {
    // Findings about the file, not its words, stay as they are.
    const NEVER_QUOTE: &[&str] = &[
        "exempt-unknown",
        "exempt-elsewhere",
        "exempt-remembered",
        "not-on-agenda",
        "published-kept",
        "same-output",
        "refused-path",
        "changed-during-build",
        "unreadable-file",
        "write-failed",
    ];
    for d in list.iter_mut().filter(|d| !NEVER_QUOTE.contains(&d.code)) {
        d.message = "details withheld: the paper is exempt (see its entry in the exempt manifest, \
            or run with --show-exempt)"
            .to_owned();
        d.suggestion = None;
    }
}

/// Tells the progress display that an output is done.
pub fn notify(options: &Options, entry: &Entry) {
    if let Some(Progress(progress)) = &options.progress {
        progress(entry);
    }
}

/// The unit a workbook is sharded by: its meeting folder, or itself when standalone.
pub fn unit_of<'a>(input: &'a Input, meeting_folders: &[&str]) -> &'a str {
    let folder = crate::base::paths::folder_of(&input.rel);
    if meeting_folders.contains(&folder) {
        folder
    } else {
        &input.rel
    }
}

/// The previous build's manifests, public and exempt (this shard's, when sharded). An
/// unsharded build also reads every shard's, merged or not, so that what any shard wrote
/// is answered for: a paper that became exempt leaves `output/` whichever manifest named it.
/// Also the names of the shard files it found (manifests and ledgers), which such a build
/// takes over ([`remove_shard_records`]).
pub(crate) fn read_previous(project: &Project, options: &Options) -> (Manifest, Vec<String>) {
    let (exempt, drafts) = (project.config.exempt_dir(), project.config.drafts_dir());
    let mut all = Manifest::default();
    let shards = if options.shard.is_none() {
        shard_files(project)
    } else {
        Vec::new()
    };
    for name in shards.iter().filter(|n| n.starts_with("manifest.shard-")) {
        all.outputs
            .extend(Manifest::read_all(&project.root, &exempt, &drafts, name).outputs);
    }
    // The run's own manifest last: where both name an output, its entry wins.
    let own = Manifest::read_all(
        &project.root,
        &exempt,
        &drafts,
        &manifest_name(options.shard),
    );
    all.papers = own.papers;
    all.outputs.extend(own.outputs);
    (all, shards)
}

/// The names of the shard files (`manifest.shard-*.json`, `ledger.shard-*.json`) in
/// `output/`, the exempt tree and the drafts tree: one look at each folder.
fn shard_files(project: &Project) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for dir in [
        project.root.join("output"),
        project.root.join(project.config.exempt_dir()),
        project.root.join(project.config.drafts_dir()),
    ] {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if (name.starts_with("manifest.shard-") || name.starts_with("ledger.shard-"))
                && name.ends_with(".json")
            {
                names.insert(name);
            }
        }
    }
    names.into_iter().collect()
}

/// Removes the shards' manifests and ledgers (`names`, as [`read_previous`] found them) once
/// a whole unsharded build has taken them in (it read them as its previous build, and its
/// ledger is their union).
pub(crate) fn remove_shard_records(project: &Project, names: &[String]) -> anyhow::Result<()> {
    for name in names {
        for tree in [
            "output".to_owned(),
            project.config.exempt_dir(),
            project.config.drafts_dir(),
        ] {
            let rel = format!("{tree}/{name}");
            if project.root.join(&rel).is_file() {
                remove_stale(project, &rel)?;
            }
        }
    }
    Ok(())
}

/// A document that made it through the stages.
#[derive(Debug)]
pub struct Built {
    /// Its context.
    pub doc: Document,
    /// Its generated Typst source.
    pub source: String,
    /// Its PDF (absent for a check).
    pub pdf: Option<Pdf>,
    /// SHA-256 of the workbook's bytes.
    pub source_hash: String,
    /// The bytes of its PDF, kept for its meeting's packs once the PDF is written, and the
    /// sizes of its pages (for its stand-in in a pack).
    pub bytes: Option<crate::render::pdf::assemble::PaperPdf>,
}

/// The most filled cells one document's workbook may hold.
pub const DOCUMENT_CELLS: usize = 12_000;
/// The most characters one document's workbook may hold in all its cells.
pub const DOCUMENT_CHARS: usize = 400_000;

/// Stages 2 to 5 for one standalone workbook's bytes: read, contextualise, render and (when
/// writing) typeset. Every slip goes to `diags`; `None` when the document cannot be built.
/// `saved` dates a document that neither its Cover nor its workbook's properties date (see
/// the survey's look at its file).
pub fn process(
    project: &Project,
    options: &Options,
    bytes: &[u8],
    saved: Option<Date>,
    _output: &str,
    diags: &mut Diagnostics,
) -> Option<Built> {
    process_at(
        project,
        options,
        bytes,
        &Place {
            saved,
            ..Place::default()
        },
        diags,
    )
}

/// Stages 2 to 5 for a workbook's bytes at its place (in a meeting folder or not, exempt by
/// its agenda or not).
pub fn process_at(
    project: &Project,
    options: &Options,
    bytes: &[u8],
    place: &Place,
    diags: &mut Diagnostics,
) -> Option<Built> {
    process_routed(project, options, bytes, place, &mut None, diags)
}

/// [`process_at`], also saying in `exempt` what the document's Cover says of its exemption,
/// whether or not the document can be built: a paper that fails is still routed as exempt
/// when its Cover says so, so that its findings stay out of public files.
pub fn process_routed(
    project: &Project,
    options: &Options,
    bytes: &[u8],
    place: &Place,
    exempt: &mut Option<String>,
    diags: &mut Diagnostics,
) -> Option<Built> {
    let mut wb = Workbook::read(bytes, &options.limits, diags)?; // 2. read
    wb.set_clock(project.config.clock);
    // What one document may print, so that typesetting it stays within its memory (a table
    // of 10,000 cells takes some 330 MiB to lay out): checked before any layout.
    if let Some((sheet, row, col)) = wb.past_budget(DOCUMENT_CELLS, DOCUMENT_CHARS) {
        diags.error(sheet, Some(crate::workbook::cell_ref(row, col)), "document-too-large", format!(
            "the workbook holds more than one paper can print ({DOCUMENT_CELLS} filled cells and \
                {DOCUMENT_CHARS} characters in all); split it, or publish the data as a \
                spreadsheet beside the paper"
        ));
    }
    let weight = layout_weight(&wb);
    let doc = Document::from_workbook(&wb, &project.config, diags); // 3. context
    exempt.clone_from(&doc.as_ref().and_then(|d| d.exempt.clone()));
    let today = options.today.unwrap_or_else(validate::today_utc);
    validate::workbook(
        &wb,
        &validate::Context {
            today,
            in_meeting: place.in_meeting,
        },
        diags,
    );
    let mut doc = doc?;
    doc.dated = doc.dated.or(place.saved);
    // A meeting's paper is dated by its publication (a revision by its supplement's), never
    // by the meeting, which comes after it.
    if let Some(published) = place.revision.map(|(_, day)| day).or(place.published) {
        doc.dated = Some(published);
    }
    // The agenda's paragraph stands over the Cover's: it is what the committee resolves on.
    if let Some(paragraph) = &place.agenda_exempt {
        doc.exempt = Some(paragraph.clone());
    }
    // A paper with the title of one an earlier build kept exempt is a copy of it, held,
    // unless its own meeting's trusted agenda lists it as public.
    let cleared = place.in_meeting
        && place.item.is_some()
        && place.blocked.is_none()
        && place.stray.is_none();
    if doc.exempt.is_none()
        && !cleared
        && place.remembered.is_none()
        && let Some((paragraph, original)) = place
            .exempt_titles
            .get(&crate::run::ledger::title_key(&doc.title))
            .filter(|(_, original)| *original != diags.file)
    {
        let name = original.rsplit('/').next().unwrap_or(original);
        diags.at(
            None,
            None,
            Severity::Error,
            "exempt-remembered",
            format!(
                "this paper has the title of {name}, which an earlier build kept exempt (paragraph \
                {paragraph} of Schedule 12A); it is not built: if it is a different paper, give it \
                a title of its own, otherwise remove it"
            ),
        );
        *exempt = Some(paragraph.clone());
    }
    if place.in_meeting {
        agenda_mismatch(&wb, &doc, place, diags);
    }
    doc.revision = place.revision;
    // A paper whose Cover gives no Item takes its agenda row's, so every paper in a meeting
    // shows its item.
    if doc.item.is_none() {
        doc.item.clone_from(&place.item);
    }
    if diags.has_errors() {
        return None;
    }
    let source = render(project, &doc, diags)?; // 4. render
    let pdf = if options.write {
        // Only as many layouts at once as the memory budget holds (see LAYOUTS).
        let _share = LAYOUTS.take(weight);
        Some(compile(
            project,
            &doc,
            &source,
            &diags.file.clone(),
            options.time_limit,
            diags,
        )?)
    } else {
        None
    }; // 5. typeset
    Some(Built {
        doc,
        source,
        pdf,
        source_hash: hash::sha256(bytes),
        bytes: None,
    })
}

/// In a meeting the agenda is authoritative: a paper's Cover Item and Meeting date that
/// differ from its agenda row and its meeting are errors at the Cover's cells, which keep
/// it out of the packs.
fn agenda_mismatch(wb: &Workbook, doc: &Document, place: &Place, diags: &mut Diagnostics) {
    let Some(sheet) = wb.sheet("Cover").or_else(|| {
        wb.sheets
            .iter()
            .find(|s| validate::meant_sheet(&s.name) == Some("Cover"))
    }) else {
        return;
    };
    let cover = crate::model::cover::Cover::read(sheet, &mut Diagnostics::new(&diags.file));
    if let (Some(item), Some(row)) = (&doc.item, &place.item)
        && crate::workbook::norm(item) != crate::workbook::norm(row)
    {
        diags.error(
            &sheet.name,
            cover.at("Item"),
            "item-mismatch",
            format!(
                "Item: the Cover says {item}, but the agenda lists this paper as item {row}; the \
                agenda is what is published: change the Cover's Item to {row} or leave it blank"
            ),
        );
    }
    if let (Some(date), Some(meeting)) = (&doc.date, place.meeting_date)
        && *date != meeting.long()
    {
        diags.error(&sheet.name, cover.at("Meeting date"), "date-mismatch", format!(
            "Meeting date: the Cover says {date}, but this paper's meeting is on {}; change the \
                Cover's Meeting date, or move the paper to its own meeting's folder",
            meeting.long()
        ));
    }
}

/// Every document workbook under `inputs/` (not meeting workbooks), in a stable order, for a
/// count before the run; the run itself takes a [`Survey`].
pub fn discover(root: &Path) -> anyhow::Result<Vec<Input>> {
    let walk = crate::base::paths::walk(
        &crate::base::paths::Root::new(root)?,
        &root.join("inputs"),
        &is_workbook,
    )?;
    Ok(walk
        .files
        .into_iter()
        .filter(|p| !is_meeting_workbook(p))
        .map(|p| Input::at(root, p))
        .collect())
}

/// Stage 4: the document's template into Typst source.
fn render(project: &Project, doc: &Document, diags: &mut Diagnostics) -> Option<String> {
    match project.templates.render(&doc.template, doc) {
        Ok(source) => Some(source),
        Err(e) => {
            diags.at(None, None, Severity::Error, "template-error", e.to_string());
            None
        }
    }
}

/// The Typst main file that sets up the document and includes its paper(s). The author is
/// the council or the officer (`None`: the council in papers.toml, else no author); `date`
/// is the creation date (`None`: the PDF has none, rather than a made-up one).
pub fn main_source(
    project: &Project,
    title: &str,
    author: Option<&str>,
    keywords: &[String],
    date: Option<Date>,
    parts: &str,
) -> String {
    let config = &project.config;
    let author = author.map(str::to_owned).or_else(|| config.council.clone());
    let keywords: Vec<String> = keywords
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| escape::string(k))
        .collect();
    let date = date.map_or_else(
        || "none".to_owned(),
        |d| {
            format!(
                "datetime(year: {}, month: {}, day: {})",
                d.year, d.month, d.day
            )
        },
    );
    format!(
        "#import \"/papers.typ\": *\n#show: document-setup.with(\n  title: {title},\n  author: \
            ({author}),\n  keywords: ({keywords}),\n  date: {date},\n  font: {font},\n  accent: \
            rgb({accent}),\n  paper: {paper},\n)\n{parts}",
        title = escape::string(title),
        author = author
            .map(|a| format!("{},", escape::string(&a)))
            .unwrap_or_default(),
        keywords = keywords.iter().map(|k| format!("{k},")).collect::<String>(),
        font = escape::string(&config.font),
        accent = escape::string(&config.accent),
        paper = escape::string(&config.paper),
    )
}

/// What a document Papers writes itself (a decision notice, the minutes) is, beside its
/// rendered template: its title, author (the council), keywords and date.
pub struct Generated<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    pub keywords: &'a [String],
    pub date: Option<Date>,
}

/// Typesets a document Papers writes itself from its rendered template `source`, within the
/// run's time limit; returns its PDF's bytes and page count. `pdf` is its path, for errors.
pub fn typeset_generated(
    project: &Project,
    options: &Options,
    about: &Generated,
    source: String,
    pdf: &str,
) -> Result<(Vec<u8>, usize), String> {
    let (title, author, keywords, date) = (about.title, about.author, about.keywords, about.date);
    let main = main_source(
        project,
        title,
        author,
        keywords,
        date,
        "#include \"/paper-1.typ\"\n",
    );
    let world = world(
        project,
        main,
        date,
        vec![("/paper-1.typ".to_owned(), source)],
    );
    let done =
        crate::render::pdf::typeset::typeset_bounded(world, pdf, date, pdf, options.time_limit)?;
    Ok((done.bytes, done.pages))
}

/// A world holding the style module, the logo and the given parts.
pub fn world(
    project: &Project,
    main: String,
    date: Option<Date>,
    parts: Vec<(String, String)>,
) -> PapersWorld {
    let mut world = PapersWorld::new(main, date).with_parsed(project.templates.style_source());
    for (path, text) in parts {
        world = world.with_source(&path, text);
    }
    if let Some((path, bytes)) = &project.logo {
        world = world.with_file(path, bytes.clone());
    }
    world
}

/// The main file of one document: its metadata, and its paper (`parts`), after the note of
/// a revision when it is one.
fn document_main(project: &Project, doc: &Document, parts: &str) -> String {
    let revised = doc.revision.map(|(release, date)| {
        format!(
            "#revision-note(supplement: {release}, date: {})\n",
            escape::string(&date.long())
        )
    });
    let parts = format!("{}{parts}", revised.unwrap_or_default());
    let keywords = [
        doc.committee.clone().unwrap_or_default(),
        doc.date.clone().unwrap_or_default(),
        doc.item
            .as_ref()
            .map(|i| format!("Item {i}"))
            .unwrap_or_default(),
    ];
    main_source(
        project,
        &doc.pdf_title(),
        doc.author().as_deref(),
        &keywords,
        doc.dated,
        &parts,
    )
}

/// The world of one document: its main file and its paper.
fn document_world(project: &Project, doc: &Document, source: &str) -> PapersWorld {
    let main = document_main(project, doc, "#include \"/paper-1.typ\"\n");
    world(
        project,
        main,
        doc.dated,
        vec![("/paper-1.typ".to_owned(), source.to_owned())],
    )
}

/// A document's PDF typeset in memory, for a pack, when neither this build nor an earlier
/// one left it to be had. `name` is its workbook, `ident` its output path.
pub fn typeset_pdf(
    project: &Project,
    doc: &Document,
    source: &str,
    name: &str,
    ident: &str,
    time_limit: std::time::Duration,
) -> Result<Pdf, String> {
    typeset_bounded(
        document_world(project, doc, source),
        ident,
        doc.dated,
        name,
        time_limit,
    )
}

/// The memory, in MiB, that the documents laid out at once may take together: with the
/// process's own, a run stays under 500 MiB whatever `--jobs` says, as the limits promise.
/// Small documents are laid out side by side on every worker; one near the limits is laid
/// out alone.
static LAYOUTS: crate::base::budget::Budget = crate::base::budget::Budget::new(400);

/// About how many MiB laying a workbook's document out takes: measured at some 33 MiB per
/// thousand filled cells (a table of 10,000 cells takes some 330 MiB), with long text
/// counted as cells of 40 characters, over a base of 10 MiB.
fn layout_weight(wb: &Workbook) -> u64 {
    let (mut cells, mut chars) = (0_usize, 0_usize);
    for cell in wb.sheets.iter().flat_map(|s| s.rows.iter().flatten()) {
        if !cell.is_empty() {
            cells += 1;
        }
        if let crate::workbook::Cell::Text(t) = cell {
            chars += t.len();
        }
    }
    10 + (cells.max(chars / 40) as u64 * 33) / 1000
}

/// Stage 5: Typst source into a PDF.
fn compile(
    project: &Project,
    doc: &Document,
    source: &str,
    output: &str,
    time_limit: std::time::Duration,
    diags: &mut Diagnostics,
) -> Option<Pdf> {
    let date = doc.dated;
    match typeset_bounded(
        document_world(project, doc, source),
        output,
        date,
        &diags.file.clone(),
        time_limit,
    ) {
        Ok(pdf) => {
            for w in &pdf.warnings {
                diags.at(None, None, Severity::Warning, "typst-warning", w.clone());
            }
            Some(pdf)
        }
        Err(e) => {
            diags.at(None, None, Severity::Error, "typeset-error", e);
            None
        }
    }
}

/// Stage 6: writes the document's outputs to `output` (or removes a stale PDF when it
/// failed) and makes its manifest entry.
fn finish(
    project: &Project,
    options: &Options,
    input: &Input,
    output: &str,
    built: Option<&Built>,
    diags: &Diagnostics,
) -> anyhow::Result<Entry> {
    let warnings: Vec<String> = diags
        .list
        .iter()
        .filter(|d| !d.is_error())
        .map(ToString::to_string)
        .collect();
    let errors: Vec<String> = diags
        .list
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    Ok(match built {
        Some(Built {
            doc,
            source,
            pdf: Some(pdf),
            source_hash,
            ..
        }) => {
            write_outputs(project, output, doc, source, pdf, options)?;
            let mut entry = Entry::built(input, output, doc, source_hash.clone(), pdf, warnings);
            entry.fingerprint = Some(project.fingerprint.clone());
            entry.stamp = Stamp::of(&project.root.join(output));
            entry
        }
        Some(Built {
            doc,
            pdf: None,
            source_hash,
            ..
        }) => Entry::checked(input, output, doc, source_hash.clone(), warnings),
        None => {
            if options.write {
                remove_stale(project, output)?;
                remove_stale(project, &output_typ(output))?;
            }
            Entry::failed(input, output, warnings, errors)
        }
    })
}

/// The emitted Typst source beside a PDF.
fn output_typ(output: &str) -> String {
    output
        .strip_suffix(".pdf")
        .map_or_else(|| format!("{output}.typ"), |s| format!("{s}.typ"))
}

/// Stage 6: the PDF (and its Typst source when asked) to its path, atomically.
///
/// The emitted source is one file, the document's main with its paper inline; it imports
/// `/papers.typ` (and shows `/logo.*`), which are written at the root of `output/`. So
/// `typst compile --root output --font-path fonts output/x.typ` typesets the same document.
fn write_outputs(
    project: &Project,
    output: &str,
    doc: &Document,
    source: &str,
    pdf: &Pdf,
    options: &Options,
) -> anyhow::Result<()> {
    write_owned(project, output, &pdf.bytes)?;
    if options.emit_typst {
        write_owned(
            project,
            &output_typ(output),
            document_main(project, doc, source).as_bytes(),
        )?;
    }
    Ok(())
}

/// Writes a file of one of the trees Papers owns (`output/`, the exempt tree), after checking
/// that the path, and the folder it resolves to, stay inside that tree.
pub fn write_owned(project: &Project, rel: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let path = owned_path(project, rel)?;
    write_atomic(&path, bytes)
}

/// The path of a file in a tree Papers owns, checked (see [`write_owned`]).
pub fn owned_path(project: &Project, rel: &str) -> anyhow::Result<PathBuf> {
    let (exempt, drafts) = (project.config.exempt_dir(), project.config.drafts_dir());
    let path = crate::base::paths::owned(&project.root, rel, &["output", &exempt, &drafts])?;
    let tree = if rel.starts_with("output/") {
        project.root.join("output")
    } else if rel.starts_with(&format!("{drafts}/")) {
        project.root.join(&drafts)
    } else {
        project.root.join(&exempt)
    };
    std::fs::create_dir_all(&tree).with_context(|| format!("creating {}", tree.display()))?;
    crate::base::paths::confined_folder(
        &crate::base::paths::Root::new(&project.root)?,
        &tree,
        &path,
    )?;
    Ok(path)
}

/// The style module and logo that emitted Typst sources import, at the root of `output/`
/// (written only when their bytes differ).
pub(crate) fn write_support_files(project: &Project) -> anyhow::Result<()> {
    let mut files = vec![(
        "papers.typ".to_owned(),
        project.templates.style.as_bytes().to_vec(),
    )];
    if let Some((path, bytes)) = &project.logo {
        files.push((path.trim_start_matches('/').to_owned(), bytes.clone()));
    }
    for (name, bytes) in files {
        let path = owned_path(project, &format!("output/{name}"))?;
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            write_atomic(&path, &bytes)?;
        }
    }
    Ok(())
}

/// Removes an output of a tree Papers owns (a failed document's PDF, or one no longer
/// produced), so no stale file passes for a current one. Paths outside the trees are refused.
///
/// A file of the published record (see [`crate::run::ledger::Ledger::protects`]) is never
/// removed: what is published stays published.
pub fn remove_stale(project: &Project, rel: &str) -> anyhow::Result<()> {
    if project.ledger.protects(rel) {
        return Ok(());
    }
    let (exempt, drafts) = (project.config.exempt_dir(), project.config.drafts_dir());
    let path = crate::base::paths::owned(&project.root, rel, &["output", &exempt, &drafts])?;
    crate::base::paths::remove_file(&path)
}

/// Where a paper of a meeting whose agenda is not yet published goes: the same place under
/// the drafts tree instead of `output/` (`output/m/p.pdf` to `drafts/m/p.pdf`).
pub fn draft_output(drafts_dir: &str, output: &str) -> String {
    exempt_output(drafts_dir, output)
}

/// Where an exempt paper's output goes: the same place under the exempt tree instead of
/// `output/` (`output/m/land.pdf` to `exempt/m/land.pdf`).
pub fn exempt_output(exempt_dir: &str, output: &str) -> String {
    format!(
        "{exempt_dir}/{}",
        output.strip_prefix("output/").unwrap_or(output)
    )
}

/// Maps `f` over `items` on `jobs` threads, keeping the order of `items`.
pub fn parallel<T: Sync, R: Send>(jobs: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // Starting a thread costs more than a no-op rebuild's work on one item; on a busy
    // machine much more, as the thread waits for a core.
    if jobs <= 1 || items.len() <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = f(item);
                    results.lock().expect("no thread panicked holding the lock")[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no thread panicked holding the lock")
        .into_iter()
        .map(|r| r.expect("every item ran"))
        .collect()
}
