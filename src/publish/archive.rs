//! The archive: an append-only copy of every built PDF, one folder per meeting (the output
//! folder it was built in), with its own `manifest.json` of hashes. An archived file is never
//! overwritten: a changed paper gets the next versioned name (`plan.v2.pdf`), and a paper
//! whose bytes match its latest archived version is not copied again.
//!
//! The archive is sealed: every archived file is read-only, and every record of its manifest
//! carries the SHA-256 of the record before it (the first, of [`GENESIS`]; the first after
//! records an earlier Papers wrote without links, of all of those), and the manifest the
//! SHA-256 of its last record (`head`). An edit of any record, or of a file together with its
//! record, breaks a link that `--verify` checks. Someone who rewrites every link after the
//! record they edit, and the head, is not caught by the archive alone: the head `--verify`
//! prints, kept elsewhere, is what catches them.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::{Deserialize, Serialize};

use crate::base::hash::sha256;
use crate::base::paths::write_atomic;
use crate::run::manifest::{Entry, Status};

/// The archive's own manifest file, at its root.
pub const MANIFEST: &str = "manifest.json";

/// One archived file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Archived {
    /// The file's path in the archive: `2015-11-04-cabinet/plan.v2.pdf`.
    pub path: String,
    /// The name every version shares: `2015-11-04-cabinet/plan.pdf`.
    pub name: String,
    /// 1 for the first copy, then 2, 3 ...
    pub version: u32,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The output it was copied from, relative to the project.
    pub from: String,
    /// When it was archived (UTC, ISO 8601).
    pub archived: String,
    /// The SHA-256 of the record before it ([`record_hash`]); for the first record,
    /// [`GENESIS`]; for the first record after records written without links (by an earlier
    /// Papers), of all those records ([`segment_hash`]). Absent in those records.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prev: Option<String>,
}

/// The link the first record of an archive carries.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The SHA-256 of a record: of its JSON, as serde writes it (fields in their order, compact).
pub fn record_hash(record: &Archived) -> String {
    sha256(
        serde_json::to_string(record)
            .expect("a record serialises")
            .as_bytes(),
    )
}

/// The SHA-256 of several records at once (the records written before links were kept):
/// of their JSON array, compact.
pub fn segment_hash(records: &[Archived]) -> String {
    sha256(
        serde_json::to_string(records)
            .expect("records serialise")
            .as_bytes(),
    )
}

/// The link a record added after `records` carries.
fn link_after(records: &[Archived]) -> String {
    match records.last() {
        None => GENESIS.to_owned(),
        Some(last) if last.prev.is_some() => record_hash(last),
        // An archive written before records were linked: the new chain starts from all of
        // its records, so that none of them can be edited unseen from now on.
        Some(_) => segment_hash(records),
    }
}

/// The archive's manifest: every file ever archived, in the order it was archived.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArchiveManifest {
    /// The SHA-256 of the last record ([`record_hash`]), so that the last record is held by
    /// a link too. Absent in an archive an earlier Papers wrote.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub head: Option<String>,
    /// Every archived file.
    pub files: Vec<Archived>,
}

impl ArchiveManifest {
    /// Adds a record at the end of the chain, linked to the one before, and moves the head.
    fn push(&mut self, mut record: Archived) {
        record.prev = Some(link_after(&self.files));
        self.head = Some(record_hash(&record));
        self.files.push(record);
    }
}

/// What one archiving did.
#[derive(Debug, Default)]
pub struct Report {
    /// Files copied in, by archive path.
    pub copied: Vec<String>,
    /// Outputs whose bytes were already the latest archived version.
    pub unchanged: usize,
    /// Outputs not copied, with why: their bytes are not what the build recorded, or their
    /// recorded path leads outside the trees Papers writes.
    pub refused: Vec<String>,
}

/// The lock two archivings of one archive take in turn, so neither loses a record.
pub const LOCK: &str = ".papers-archive.lock";

/// Copies the PDFs of `outputs` (manifest entries of a build, relative to `root`, in the
/// trees `trees`) that exist and were built into the archive at `dir`. Each PDF is checked
/// against the SHA-256 its build recorded before it is copied; one that differs (changed or
/// replaced since) is refused, not archived as if it were the paper that was built.
pub fn archive(
    root: &Path,
    outputs: &[Entry],
    dir: &Path,
    trees: &[&str],
) -> anyhow::Result<Report> {
    refuse_in_output(root, dir)?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the archive {}", dir.display()))?;
    let archive_real = dir
        .canonicalize()
        .with_context(|| format!("resolving the archive {}", dir.display()))?;
    let lock = crate::base::lock::acquire_file(
        &dir.join(LOCK),
        Some(crate::base::lock::WAIT_LIMIT),
        "another archiving into this archive",
        "try again later",
    )?;
    // An archiving that was killed may have left the temporary file of a copy it never
    // finished, which --verify would report as a file no record names.
    if lock.taken_over() {
        crate::base::paths::sweep_temporary(dir);
    }
    let project = crate::base::paths::Root::new(root)?;
    let manifest_path = dir.join(MANIFEST);
    let mut manifest = read_manifest(&archive_real, &manifest_path)?;
    let mut report = Report::default();
    let now = timestamp();
    // The papers and packs; the web pages are made again from them by any later build.
    let pdfs = outputs
        .iter()
        .filter(|e| e.template.as_deref() != Some(crate::publish::site::TEMPLATE));
    for entry in
        pdfs.filter(|e| matches!(e.status, Status::Built | Status::Unchanged) && e.sha256.is_some())
    {
        let source = match crate::base::paths::owned(root, &entry.path, trees) {
            Ok(source) => source,
            Err(e) => {
                report.refused.push(format!("{e:#}"));
                continue;
            }
        };
        // Read only where the build wrote it: not through a link out of the project, and
        // never a pipe or device, which could not be read to the end.
        if let Err(why) = project.resolve_inside(&source) {
            report.refused.push(format!(
                "{}: {why}; only files inside the project are archived",
                entry.path
            ));
            continue;
        }
        if let Some(kind) = std::fs::metadata(&source)
            .ok()
            .as_ref()
            .and_then(crate::base::paths::special_kind)
        {
            report.refused.push(format!(
                "{}: it is {kind}, not a PDF the build wrote; build again before archiving",
                entry.path
            ));
            continue;
        }
        let bytes =
            std::fs::read(&source).with_context(|| format!("reading {}", source.display()))?;
        let hash = sha256(&bytes);
        if entry.sha256.as_deref() != Some(hash.as_str()) {
            report.refused.push(format!(
                "{}: its bytes are not the ones the build recorded \
                (SHA-256 {} in the manifest, {hash} on disk); build again before archiving",
                entry.path,
                entry.sha256.as_deref().unwrap_or("none")
            ));
            continue;
        }
        let name = entry
            .path
            .strip_prefix("output/")
            .unwrap_or(&entry.path)
            .to_owned();
        let latest = manifest
            .files
            .iter()
            .filter(|f| f.name == name)
            .max_by_key(|f| f.version);
        if latest.is_some_and(|f| f.sha256 == hash) {
            report.unchanged += 1;
            continue;
        }
        let mut version = latest.map_or(1, |f| f.version + 1);
        // A file the manifest does not know (left by an interrupted run) is never overwritten.
        while dir.join(versioned(&name, version)).exists() {
            version += 1;
        }
        let path = versioned(&name, version);
        // A meeting folder of the archive that is a link to elsewhere receives nothing.
        let folder = crate::base::paths::real_path(dir.join(&path).parent().unwrap_or(dir));
        if !folder.starts_with(&archive_real) {
            report.refused.push(format!(
                "{}: the archive's folder {} resolves to {}, outside the archive {}; nothing is \
                    copied there (make it a real folder of the archive)",
                entry.path,
                dir.join(crate::base::paths::folder_of(&path)).display(),
                folder.display(),
                archive_real.display()
            ));
            continue;
        }
        write_new(&dir.join(&path), &bytes)?;
        manifest.push(Archived {
            path: path.clone(),
            name,
            version,
            sha256: hash,
            from: entry.path.clone(),
            archived: now.clone(),
            prev: None,
        });
        // Recorded after every file, so an interruption loses at most the file being copied.
        write_manifest(&manifest_path, &manifest)?;
        report.copied.push(path);
    }
    Ok(report)
}

/// What `papers archive --verify` found: every archived file that is no longer what was
/// recorded.
#[derive(Debug, Default)]
pub struct Verification {
    /// Files checked.
    pub checked: usize,
    /// Archived files whose bytes changed, by archive path.
    pub altered: Vec<String>,
    /// Archived files that are gone.
    pub missing: Vec<String>,
    /// Paths the manifest names that are not the archive's to read (absolute, leading out
    /// with `..`, resolving outside it through a link, or not a plain file), with why: never
    /// read or hashed.
    pub refused: Vec<(String, String)>,
    /// Files in the archive that no record names (put there by hand, or left by an archiving
    /// interrupted between copying a file and recording it), by archive path.
    pub unrecorded: Vec<String>,
    /// Records whose link does not hold, by archive path (or "head"), with why: a record
    /// edited, removed, put in or moved.
    pub broken: Vec<(String, String)>,
    /// How many records come before the chain (written by an earlier Papers, without links).
    pub legacy: usize,
    /// The SHA-256 of the last record, as the manifest is now: kept elsewhere, it shows later
    /// that not even the whole chain was rewritten.
    pub head: Option<String>,
}

impl Verification {
    /// How many problems were found.
    pub fn problems(&self) -> usize {
        self.altered.len()
            + self.missing.len()
            + self.refused.len()
            + self.unrecorded.len()
            + self.broken.len()
    }
}

/// Checks the links of the manifest's records: each record's `prev` against the record (or
/// the legacy records) before it, and the head against the last record.
fn check_chain(manifest: &ArchiveManifest, found: &mut Verification) {
    let files = &manifest.files;
    let mut chained = false;
    for (i, record) in files.iter().enumerate() {
        match &record.prev {
            None if !chained => found.legacy += 1,
            None => found.broken.push((
                record.path.clone(),
                format!(
                    "record {} has no link to the record before it, though the records before \
                    it are linked: it was edited or put in",
                    i + 1
                ),
            )),
            Some(prev) => {
                chained = true;
                if *prev != link_after(&files[..i]) {
                    found.broken.push((
                        record.path.clone(),
                        format!(
                            "record {} does not follow the record before it: that record (or \
                            this one) was edited, or records between them were removed or moved",
                            i + 1
                        ),
                    ));
                }
            }
        }
    }
    found.head = files.last().map(record_hash);
    match (&manifest.head, chained) {
        (None, false) => {}
        (None, true) => found.broken.push((
            "head".to_owned(),
            "the manifest has no head, the SHA-256 of its last record: it was removed".to_owned(),
        )),
        (Some(head), _) if Some(head) != found.head.as_ref() => found.broken.push((
            "head".to_owned(),
            format!(
                "the manifest's head is not the SHA-256 of its last record ({}): the last \
                record was edited, or records at the end were removed or added",
                files.last().map_or("none", |f| f.path.as_str())
            ),
        )),
        _ => {}
    }
}

/// Every file under the archive folder, by archive path, but the manifest and the lock; links
/// are listed, not followed.
fn files_in(archive: &Path) -> Vec<String> {
    fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                walk(&entry.path(), &path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(archive, "", &mut out);
    out.retain(|p| p != MANIFEST && p != LOCK);
    out.sort();
    out
}

/// Checks every file the archive's manifest records against its SHA-256.
pub fn verify(dir: &Path) -> anyhow::Result<Verification> {
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.is_file() {
        bail!("{} is not an archive (it has no {MANIFEST})", dir.display());
    }
    let archive_real = dir
        .canonicalize()
        .with_context(|| format!("resolving the archive {}", dir.display()))?;
    let manifest = read_manifest(&archive_real, &manifest_path)?;
    let mut found = Verification::default();
    check_chain(&manifest, &mut found);
    let named: std::collections::HashSet<&str> =
        manifest.files.iter().map(|f| f.path.as_str()).collect();
    found.unrecorded = files_in(dir)
        .into_iter()
        .filter(|p| !named.contains(p.as_str()))
        .collect();
    for file in &manifest.files {
        found.checked += 1;
        let path = match inside_archive(&archive_real, dir, &file.path) {
            Ok(Some(path)) => path,
            Ok(None) => {
                found.missing.push(file.path.clone());
                continue;
            }
            Err(why) => {
                found.refused.push((file.path.clone(), why));
                continue;
            }
        };
        match std::fs::read(&path) {
            Ok(bytes) if sha256(&bytes) == file.sha256 => {}
            Ok(_) => found.altered.push(file.path.clone()),
            Err(_) => found.missing.push(file.path.clone()),
        }
    }
    Ok(found)
}

/// The file a record of the archive's manifest names, if it may be read: a relative path
/// with no way out that resolves, links followed, inside the archive, to a plain file.
/// `Ok(None)`: it is not there. An edited manifest naming `/etc/shadow` or `../x` is refused.
fn inside_archive(archive_real: &Path, dir: &Path, rel: &str) -> Result<Option<PathBuf>, String> {
    if crate::base::paths::relative(Path::new(rel)).is_err() {
        return Err(
            "it is absolute or leads out with .., and every archived file is a path inside the \
                archive"
                .to_owned(),
        );
    }
    let path = dir.join(rel);
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let real = crate::base::paths::real_path(&path);
    if !real.starts_with(archive_real) {
        return Err(format!(
            "it resolves to {}, outside the archive",
            real.display()
        ));
    }
    match std::fs::metadata(&path) {
        Ok(meta) => match crate::base::paths::special_kind(&meta) {
            Some(kind) => Err(format!("it is {kind}, not an archived file")),
            None if meta.is_dir() => Err("it is a folder, not an archived file".to_owned()),
            None => Ok(Some(path)),
        },
        Err(_) => Ok(None),
    }
}

/// Refuses an archive folder that resolves inside the project's `output/` (which is
/// published: an exempt paper archived there would be published), or that holds it.
pub fn refuse_in_output(root: &Path, dir: &Path) -> anyhow::Result<()> {
    crate::base::paths::refuse_in_output(
        root,
        dir,
        "the archive",
        "Give an archive folder outside output/, such as ../archive.",
    )
}

/// `plan.pdf` for version 1, `plan.v2.pdf` after.
pub fn versioned(name: &str, version: u32) -> String {
    if version <= 1 {
        return name.to_owned();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}.v{version}.{ext}"),
        _ => format!("{name}.v{version}"),
    }
}

/// Reads the archive's manifest (none yet: empty); one that is a link out of the archive
/// (`archive_real`, the archive as resolved) is refused, not read.
fn read_manifest(archive_real: &Path, path: &Path) -> anyhow::Result<ArchiveManifest> {
    let real = crate::base::paths::real_path(path);
    if !real.starts_with(archive_real) {
        bail!(
            "{} resolves to {}, outside the archive; an archive's manifest must be its own file \
                (remove the link)",
            path.display(),
            real.display()
        );
    }
    if let Some(kind) = std::fs::metadata(path)
        .ok()
        .as_ref()
        .and_then(crate::base::paths::special_kind)
    {
        bail!("{} is {kind}, not an archive manifest", path.display());
    }
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not an archive manifest", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ArchiveManifest::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

fn write_manifest(path: &Path, manifest: &ArchiveManifest) -> anyhow::Result<()> {
    let json =
        serde_json::to_string_pretty(manifest).context("serialising the archive manifest")?;
    write_atomic(path, json.as_bytes())
}

/// Writes a file that must not exist yet: through a temporary file and a hard link, which
/// fails rather than replace an existing file, so the new file appears whole or not at all.
fn write_new(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().context("an archive path has a folder")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp: PathBuf = dir.join(crate::base::paths::temporary_name());
    if let Err(e) = std::fs::write(&tmp, bytes) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("writing {}", tmp.display()));
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => read_only(path).with_context(|| format!("making {} read-only", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
            "{} is already in the archive; it is never overwritten",
            path.display()
        ),
        // A file system without hard links: create the file only if it does not exist.
        Err(_) => {
            use std::io::Write as _;
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .with_context(|| {
                    format!(
                        "creating {} (an archived file is never overwritten)",
                        path.display()
                    )
                })?;
            file.write_all(bytes)
                .and_then(|()| read_only(path))
                .with_context(|| format!("writing {}", path.display()))
        }
    }
}

/// Makes an archived file read-only, so that no program saves over it by accident.
fn read_only(path: &Path) -> std::io::Result<()> {
    let mut permissions = std::fs::metadata(path)?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(path, permissions)
}

/// The wall-clock time as ISO 8601 UTC. It goes in the archive's manifest only, never in a
/// PDF.
fn timestamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = crate::base::date::Date::from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date.iso(),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_names() {
        assert_eq!(versioned("m/plan.pdf", 1), "m/plan.pdf");
        assert_eq!(versioned("m/plan.pdf", 2), "m/plan.v2.pdf");
        assert_eq!(
            versioned("m/exempt/exempt-pack.pdf", 3),
            "m/exempt/exempt-pack.v3.pdf"
        );
        assert_eq!(versioned("m.d/plan", 2), "m.d/plan.v2");
    }

    fn record(path: &str) -> Archived {
        Archived {
            path: path.to_owned(),
            name: path.to_owned(),
            version: 1,
            sha256: sha256(path.as_bytes()),
            from: format!("output/{path}"),
            archived: "2027-01-07T00:00:00Z".to_owned(),
            prev: None,
        }
    }

    fn chain(manifest: &ArchiveManifest) -> Verification {
        let mut found = Verification::default();
        check_chain(manifest, &mut found);
        found
    }

    #[test]
    fn records_are_linked_and_an_edit_anywhere_breaks_a_link() {
        let mut m = ArchiveManifest::default();
        for p in ["a.pdf", "b.pdf", "c.pdf"] {
            m.push(record(p));
        }
        assert_eq!(m.files[0].prev.as_deref(), Some(GENESIS));
        assert_eq!(m.files[1].prev, Some(record_hash(&m.files[0])));
        assert_eq!(m.head, Some(record_hash(&m.files[2])));
        let found = chain(&m);
        assert!(found.broken.is_empty() && found.legacy == 0, "{found:?}");
        for i in 0..3 {
            let mut edited = m.clone();
            edited.files[i].sha256 = sha256(b"forged");
            assert_eq!(chain(&edited).broken.len(), 1, "record {i}");
        }
        let mut moved = m.clone();
        moved.files.swap(0, 1);
        assert!(!chain(&moved).broken.is_empty());
        let mut cut = m.clone();
        cut.files.pop();
        assert_eq!(chain(&cut).broken[0].0, "head");
    }

    #[test]
    fn legacy_records_are_counted_then_sealed_by_the_first_linked_one() {
        let mut m = ArchiveManifest {
            head: None,
            files: vec![record("a.pdf"), record("b.pdf")],
        };
        let found = chain(&m);
        assert_eq!((found.legacy, found.broken.len()), (2, 0));
        m.push(record("c.pdf"));
        assert_eq!(m.files[2].prev, Some(segment_hash(&m.files[..2])));
        assert_eq!(chain(&m).broken.len(), 0);
        let mut edited = m.clone();
        edited.files[0].archived = "2020-01-01T00:00:00Z".to_owned();
        assert_eq!(chain(&edited).broken.len(), 1);
        // A record without a link after linked ones was put in.
        let mut put = m.clone();
        put.files.push(record("d.pdf"));
        put.head = Some(record_hash(&put.files[3]));
        assert_eq!(chain(&put).broken.len(), 1);
    }

    #[test]
    fn timestamps_are_iso_utc() {
        let t = timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }
}
