//! The build, as a few named stages: discover, read, contextualise, render, typeset, write.
//!
//! [`run`] shows the whole flow. Each document goes through stages 2 to 5 on its own, on a
//! small pool of threads; a document that fails is reported and recorded, never stops the
//! others, and never leaves a stale PDF behind that could pass for a current one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context as _;

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::document::Document;
use crate::incremental::{Previous, Stamp};
use crate::manifest::{Entry, Manifest, Source};
use crate::templates::Templates;
use crate::typeset::{Pdf, typeset};
use crate::workbook::{Limits, Workbook};
use crate::world::PapersWorld;
use crate::{escape, hash, validate};

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
        let digest = crate::hash::sha256(unit.as_bytes());
        let n = u64::from_str_radix(&digest[..15], 16).unwrap_or(0);
        n % u64::from(self.n) == u64::from(self.k - 1)
    }

    /// The public manifest this shard writes, so shards sharing an output folder never
    /// overwrite each other's: `output/manifest.shard-K-of-N.json`.
    pub fn manifest(&self) -> String {
        format!("output/manifest.shard-{}-of-{}.json", self.k, self.n)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("\"{s}\" is not a shard: write K/N with 1 <= K <= N, such as 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u32, u32) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
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
}

impl Project {
    /// Loads `papers.toml` and the templates. Errors here are configuration errors.
    pub fn open(root: &Path) -> anyhow::Result<Project> {
        if !root.join("inputs").is_dir() {
            anyhow::bail!("{} has no inputs/ folder; run Papers in a project folder or name one", root.display());
        }
        let config = Config::load(root)?;
        let templates = Templates::load(&root.join("templates"))?;
        let logo = config.logo_file()?;
        let mut project = Project { root: root.to_owned(), config, templates, logo, fingerprint: String::new() };
        project.fingerprint = crate::incremental::fingerprint(&project);
        Ok(project)
    }
}

/// A workbook found under `inputs/`.
#[derive(Debug, Clone)]
pub struct Input {
    /// Absolute (or project-joined) path.
    pub path: PathBuf,
    /// Path relative to the project, with forward slashes: `inputs/a/b.xlsx`.
    pub rel: String,
    /// The PDF it becomes, relative to the project: `output/a/b.pdf`.
    pub output: String,
    /// What the output is made from: the workbook and, in a meeting folder, the meeting
    /// workbook, each with the SHA-256 of its bytes (empty when unreadable).
    pub sources: Vec<Source>,
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

/// Runs the pipeline over a project.
pub fn run(project: &Project, options: &Options) -> anyhow::Result<Outcome> {
    let mut inputs = discover(&project.root)?; // 1. discover
    let meetings = crate::meeting::discover(&project.root)?;
    if let Some(shard) = options.shard {
        inputs.retain(|i| shard.owns(unit_of(i, &meetings)));
    }
    hash_sources(&mut inputs, &meetings, options);
    let previous = if options.write && !options.force { Previous::from(read_previous(project, options)) } else { Previous::default() };
    // Exempt papers' PDFs go to exempt/, never to the public folder.
    crate::meeting::route_exempt(&project.root, &mut inputs, &options.limits, options.write, &|i| previous.routed_exempt(&i.sources))?;
    let clashes = validate::Clashes::find(&inputs);
    let results = parallel(options.jobs, &inputs, |input| {
        let mut diags = Diagnostics::new(&input.rel);
        clashes.report(input, &mut diags);
        if !diags.has_errors()
            && let Some(entry) = previous.unchanged(&project.root, &input.output, &input.sources, &project.fingerprint)
        {
            notify(options, &entry);
            return (diags, Ok(entry));
        }
        let built = match crate::workbook::read_file(&input.path, &options.limits) {
            // A bug that a strange file trips fails that document, not the run.
            Ok(bytes) => std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                process(project, options, &bytes, &input.output, &mut diags)
            }))
            .unwrap_or_else(|_| {
                diags.at(None, None, Severity::Error, "internal-error", "Papers failed on this file (a bug: please report it with the file); the other documents are not affected");
                None
            }),
            Err(e) => {
                diags.at(None, None, Severity::Error, "unreadable-file", format!("cannot read the file: {e}"));
                None
            }
        };
        let entry = finish(project, options, input, built, &diags); // 6. write
        if let Ok(entry) = &entry {
            notify(options, entry);
        }
        (diags, entry)
    });

    let mut outcome = Outcome::default();
    for (diags, entry) in results {
        outcome.manifest.outputs.push(entry?);
        outcome.diagnostics.extend(diags.list);
    }
    let meetings: Vec<_> = meetings.into_iter().filter(|m| options.shard.is_none_or(|s| s.owns(folder_of(&m.rel)))).collect();
    crate::pack::build_meetings(project, options, &inputs, &meetings, &previous, &mut outcome)?; // 7. meeting packs
    if options.write && options.emit_typst {
        write_support_files(project)?;
    }
    if options.write {
        match options.shard {
            None => outcome.manifest.write_split(&project.root)?,
            Some(shard) => outcome.manifest.write_shard(&project.root, &shard.manifest())?,
        }
    }
    Ok(outcome)
}

/// Tells the progress display that an output is done.
pub fn notify(options: &Options, entry: &Entry) {
    if let Some(Progress(progress)) = &options.progress {
        progress(entry);
    }
}

/// The folder part of a relative path.
fn folder_of(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(f, _)| f)
}

/// The unit a workbook is sharded by: its meeting folder, or itself when standalone.
fn unit_of<'a>(input: &'a Input, meetings: &[crate::meeting::MeetingFile]) -> &'a str {
    let folder = folder_of(&input.rel);
    if meetings.iter().any(|m| folder_of(&m.rel) == folder) { folder } else { &input.rel }
}

/// Hashes every workbook's bytes, with its folder's meeting workbook, into `Input::sources`.
fn hash_sources(inputs: &mut [Input], meetings: &[crate::meeting::MeetingFile], options: &Options) {
    let hash_file = |path: &Path| crate::workbook::read_file(path, &options.limits).map(|b| hash::sha256(&b)).unwrap_or_default();
    let meeting_hashes: Vec<(String, Source)> = meetings
        .iter()
        .map(|m| (folder_of(&m.rel).to_owned(), Source { path: m.rel.clone(), sha256: hash_file(&m.path) }))
        .collect();
    let hashes = parallel(options.jobs, inputs, |i| hash_file(&i.path));
    for (input, sha256) in inputs.iter_mut().zip(hashes) {
        input.sources = vec![Source { path: input.rel.clone(), sha256 }];
        if let Some((_, m)) = meeting_hashes.iter().find(|(f, _)| f == folder_of(&input.rel)) {
            input.sources.push(m.clone());
        }
    }
}

/// The previous build's manifest: this shard's, or the whole project's.
fn read_previous(project: &Project, options: &Options) -> Manifest {
    let mut all = Manifest::read_all(&project.root);
    if let Some(shard) = options.shard {
        all.outputs.retain(|e| crate::meeting::is_exempt_output(&e.path));
        if let Some(m) = Manifest::read(&project.root.join(shard.manifest())) {
            all.outputs.extend(m.outputs);
        }
    }
    all
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
}

/// Stages 2 to 5 for one workbook's bytes: read, contextualise, render and (when writing)
/// typeset. Every slip goes to `diags`; `None` when the document cannot be built.
pub fn process(project: &Project, options: &Options, bytes: &[u8], output: &str, diags: &mut Diagnostics) -> Option<Built> {
    let wb = Workbook::read(bytes, &options.limits, diags)?; // 2. read
    let doc = Document::from_workbook(&wb, &project.config, diags); // 3. context
    validate::workbook(&wb, &validate::Context::new(&project.root, &diags.file, options.today), diags);
    let mut doc = doc?;
    crate::meeting::apply_agenda(&project.root, &diags.file, &options.limits, &mut doc);
    if diags.has_errors() {
        return None;
    }
    let source = render(project, &doc, diags)?; // 4. render
    let pdf = if options.write { Some(compile(project, &doc, &source, output, diags)?) } else { None }; // 5. typeset
    Some(Built { doc, source, pdf, source_hash: hash::sha256(bytes) })
}

/// Stage 1: every workbook under `inputs/`, in a stable order, skipping Office lock files.
pub fn discover(root: &Path) -> anyhow::Result<Vec<Input>> {
    let mut found = Vec::new();
    walk(&root.join("inputs"), &mut found, &|p| is_workbook(p) && !crate::meeting::is_meeting_workbook(p))?;
    found.sort();
    Ok(found
        .into_iter()
        .map(|path| {
            let rel_in = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let under = rel_in.trim_start_matches("inputs/");
            let stem = Path::new(under).with_extension("pdf").to_string_lossy().replace('\\', "/");
            Input { path, rel: rel_in.clone(), output: format!("output/{stem}"), sources: Vec::new() }
        })
        .collect())
}

/// Every file under `dir` that `keep` accepts, skipping hidden files and Office lock files.
pub(crate) fn walk(dir: &Path, found: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) -> anyhow::Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("reading {}", dir.display()))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, found, keep)?;
        } else if keep(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// Whether the file name has a workbook extension Papers reads.
pub fn is_workbook(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_lowercase();
    matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
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
/// the council (`None`: the one in papers.toml).
pub fn main_source(project: &Project, title: &str, author: Option<&str>, keywords: &[String], date: Date, parts: &str) -> String {
    let config = &project.config;
    let author = author.map(str::to_owned).or_else(|| config.council.clone()).unwrap_or_else(|| "Papers".to_owned());
    let keywords: Vec<String> = keywords.iter().filter(|k| !k.is_empty()).map(|k| escape::string(k)).collect();
    format!(
        "#import \"/papers.typ\": *\n#show: document-setup.with(\n  title: {title},\n  author: ({author},),\n  keywords: ({keywords}),\n  date: datetime(year: {y}, month: {m}, day: {d}),\n  font: {font},\n  accent: rgb({accent}),\n  paper: {paper},\n)\n{parts}",
        title = escape::string(title),
        author = escape::string(&author),
        keywords = keywords.iter().map(|k| format!("{k},")).collect::<String>(),
        y = date.year,
        m = date.month,
        d = date.day,
        font = escape::string(&config.font),
        accent = escape::string(&config.accent),
        paper = escape::string(&config.paper),
    )
}

/// A world holding the style module, the logo and the given parts.
pub fn world(project: &Project, main: String, date: Date, parts: Vec<(String, String)>) -> PapersWorld {
    let mut world = PapersWorld::new(main, date).with_source("/papers.typ", project.templates.style.clone());
    for (path, text) in parts {
        world = world.with_source(&path, text);
    }
    if let Some((path, bytes)) = &project.logo {
        world = world.with_file(path, bytes.clone());
    }
    world
}

/// The date a document carries when neither a meeting nor the Cover dates it. Fixed, so
/// that bytes never depend on the wall clock.
pub const UNDATED: Date = Date { year: 2000, month: 1, day: 1 };

/// The main file of one document: its metadata, and its paper (`parts`).
fn document_main(project: &Project, doc: &Document, parts: &str) -> String {
    let keywords = [doc.committee.clone().unwrap_or_default(), doc.date.clone().unwrap_or_default(), doc.item.as_ref().map(|i| format!("Item {i}")).unwrap_or_default()];
    main_source(project, &doc.title, doc.council.as_deref(), &keywords, doc.dated.unwrap_or(UNDATED), parts)
}

/// Stage 5: Typst source into a PDF.
fn compile(project: &Project, doc: &Document, source: &str, output: &str, diags: &mut Diagnostics) -> Option<Pdf> {
    let date = doc.dated.unwrap_or(UNDATED);
    let main = document_main(project, doc, "#include \"/paper-1.typ\"\n");
    let world = world(project, main, date, vec![("/paper-1.typ".to_owned(), source.to_owned())]);
    match typeset(&world, output, date, &diags.file.clone()) {
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

/// Stage 6: writes the document's outputs (or removes a stale PDF when it failed) and
/// makes its manifest entry.
fn finish(project: &Project, options: &Options, input: &Input, built: Option<Built>, diags: &Diagnostics) -> anyhow::Result<Entry> {
    let warnings: Vec<String> = diags.list.iter().filter(|d| !d.is_error()).map(ToString::to_string).collect();
    Ok(match built {
        Some(Built { doc, source, pdf: Some(pdf), source_hash }) => {
            write_outputs(project, input, &doc, &source, &pdf, options)?;
            let mut entry = Entry::built(input, &doc, source_hash, &pdf, warnings);
            entry.fingerprint = Some(project.fingerprint.clone());
            entry.stamp = Stamp::of(&project.root.join(&input.output));
            entry
        }
        Some(Built { doc, pdf: None, source_hash, .. }) => Entry::checked(input, &doc, source_hash, warnings),
        None => {
            if options.write {
                remove_stale(&project.root.join(&input.output))?;
            }
            Entry::failed(input, warnings)
        }
    })
}

/// Stage 6: the PDF (and its Typst source when asked) to the mirrored path, atomically.
///
/// The emitted source is one file, the document's main with its paper inline; it imports
/// `/papers.typ` (and shows `/logo.*`), which are written at the root of `output/`. So
/// `typst compile --root output --font-path fonts output/x.typ` typesets the same document.
fn write_outputs(project: &Project, input: &Input, doc: &Document, source: &str, pdf: &Pdf, options: &Options) -> anyhow::Result<()> {
    let path = project.root.join(&input.output);
    write_atomic(&path, &pdf.bytes)?;
    if options.emit_typst {
        write_atomic(&path.with_extension("typ"), document_main(project, doc, source).as_bytes())?;
    }
    Ok(())
}

/// The style module and logo that emitted Typst sources import, at the root of `output/`
/// (written only when their bytes differ).
fn write_support_files(project: &Project) -> anyhow::Result<()> {
    let out = project.root.join("output");
    let mut files = vec![("papers.typ".to_owned(), project.templates.style.as_bytes().to_vec())];
    if let Some((path, bytes)) = &project.logo {
        files.push((path.trim_start_matches('/').to_owned(), bytes.clone()));
    }
    for (name, bytes) in files {
        let path = out.join(name);
        if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            write_atomic(&path, &bytes)?;
        }
    }
    Ok(())
}

/// Writes through a temporary file in the same folder and a rename, so a reader never sees
/// a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("an output path has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp = dir.join(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("out")));
    std::fs::write(&tmp, bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming {} to {}", tmp.display(), path.display()))?;
    Ok(())
}

/// Removes the PDF of a document that failed, so no stale file passes for a current one.
pub fn remove_stale(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e).with_context(|| format!("removing stale {}", path.display())),
        _ => Ok(()),
    }
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
    results.into_inner().expect("no thread panicked holding the lock").into_iter().map(|r| r.expect("every item ran")).collect()
}
