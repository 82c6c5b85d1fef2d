//! `output/manifest.json`: every output with its sources, hashes, pages, template, warnings
//! and status.

use std::path::Path;
use std::time::UNIX_EPOCH;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::base::hash::sha256;
use crate::base::paths::{Input, Source, write_atomic};
use crate::model::document::Document;
use crate::render::pdf::typeset::Pdf;

/// What happened to an output in the run that wrote the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Typeset in this run.
    Built,
    /// Up to date: not typeset again (a pack: typeset to the bytes already there, which
    /// were not rewritten).
    Unchanged,
    /// Its inputs had errors; any earlier PDF was removed.
    Failed,
    /// Validated only (`papers check`).
    Checked,
}

/// An output file's size and modification time (nanoseconds since the epoch).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime_ns: u128,
}

impl Stamp {
    /// The stamp of a file, if it exists.
    pub fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let mtime_ns = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Stamp {
            size: meta.len(),
            mtime_ns,
        })
    }
}

/// One output.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Path of the PDF relative to the project.
    pub path: String,
    /// What it was made from.
    pub sources: Vec<Source>,
    /// SHA-256 of the PDF (absent when it failed).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
    /// Page count.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pages: Option<usize>,
    /// Template used.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub template: Option<String>,
    /// Warnings, as printed.
    pub warnings: Vec<String>,
    /// Status in the run that wrote this manifest.
    pub status: Status,
    /// The fingerprint of everything besides its sources that went into the output: the
    /// Papers version, papers.toml, the templates, the logo and the project's fonts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fingerprint: Option<String>,
    /// The output's size and modification time when it was written, so that a later build
    /// can tell it is untouched without reading it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stamp: Option<Stamp>,
    /// Errors, as printed, when it failed.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<String>,
    /// Why the output is exempt from publication (only ever in the exempt tree's manifest).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub exempt: Option<Exemption>,
    /// What the site lists of the document (a paper built or checked).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub summary: Option<Summary>,
    /// When a file of a published meeting was published, and in which release (0: the
    /// agenda pack; 1, 2 ...: supplements).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<Published>,
}

/// When a file was published.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// The date of publication, ISO 8601.
    pub date: String,
    /// The release it went out in: 0 the agenda pack, 1, 2 ... supplements.
    pub release: u32,
    /// A pack's items: those it publishes (a supplement: adds or replaces).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub items: Vec<String>,
    /// A supplement's items withdrawn.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub withdrawn: Vec<String>,
    /// A paper's content: the SHA-256 of its Typst source, so that a workbook saved again
    /// with the same content is not a revision.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub content: Option<String>,
}

/// What the site's lists show of a document (the index, the forward plan), kept with its
/// entry so that a build can list a document it did not read again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// The title.
    pub title: String,
    /// The template it was built with.
    pub template: String,
    /// The committee it goes to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub committee: Option<String>,
    /// The meeting date, in British long form.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// Yes or No.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub key_decision: Option<String>,
    /// The forward plan reference.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub forward_plan_ref: Option<String>,
}

impl Summary {
    /// The summary of a document.
    pub fn of(doc: &Document) -> Summary {
        Summary {
            title: doc.title.clone(),
            template: doc.template.clone(),
            committee: doc.committee.clone(),
            date: doc.date.clone(),
            key_decision: doc.cover.key_decision.clone(),
            forward_plan_ref: doc.cover.forward_plan_ref.clone(),
        }
    }
}

/// Why a paper is exempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exemption {
    /// The Schedule 12A paragraph ("unknown" when it must be treated as exempt but no
    /// paragraph can be told).
    pub paragraph: String,
    /// Whether its own Cover made it exempt (else an agenda did).
    pub by_cover: bool,
}

/// The sources of an input's output, with the hash of the bytes actually read first.
fn sources_of(input: &Input, source_hash: String) -> Vec<Source> {
    if source_hash.is_empty() {
        return input.sources.clone();
    }
    let mut sources = input.sources.clone();
    match sources.first_mut() {
        Some(first) => first.sha256 = source_hash,
        None => sources.push(Source {
            path: input.rel.clone(),
            sha256: source_hash,
        }),
    }
    sources
}

impl Entry {
    /// A document typeset in this run.
    pub fn built(
        input: &Input,
        output: &str,
        doc: &Document,
        source_hash: String,
        pdf: &Pdf,
        warnings: Vec<String>,
    ) -> Self {
        Self {
            path: output.to_owned(),
            sources: sources_of(input, source_hash),
            sha256: Some(sha256(&pdf.bytes)),
            pages: Some(pdf.pages),
            template: Some(doc.template.clone()),
            warnings,
            status: Status::Built,
            fingerprint: None,
            stamp: None,
            errors: Vec::new(),
            exempt: None,
            summary: Some(Summary::of(doc)),
            published: None,
        }
    }

    /// A document validated but not typeset.
    pub fn checked(
        input: &Input,
        output: &str,
        doc: &Document,
        source_hash: String,
        warnings: Vec<String>,
    ) -> Self {
        Self {
            path: output.to_owned(),
            sources: sources_of(input, source_hash),
            sha256: None,
            pages: None,
            template: Some(doc.template.clone()),
            warnings,
            status: Status::Checked,
            fingerprint: None,
            stamp: None,
            errors: Vec::new(),
            exempt: None,
            summary: Some(Summary::of(doc)),
            published: None,
        }
    }

    /// A document whose inputs had errors.
    pub fn failed(input: &Input, output: &str, warnings: Vec<String>, errors: Vec<String>) -> Self {
        Self {
            path: output.to_owned(),
            sources: vec![Source {
                path: input.rel.clone(),
                sha256: String::new(),
            }],
            sha256: None,
            pages: None,
            template: None,
            warnings,
            status: Status::Failed,
            fingerprint: None,
            stamp: None,
            errors,
            exempt: None,
            summary: None,
            published: None,
        }
    }
}

/// The manifest of a build.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// Papers version that wrote it.
    pub papers: String,
    /// Every output, in input order.
    pub outputs: Vec<Entry>,
}

impl Manifest {
    /// Writes the manifest atomically as pretty JSON.
    pub fn write(&mut self, path: &Path) -> anyhow::Result<()> {
        self.papers = env!("CARGO_PKG_VERSION").to_owned();
        let json = serde_json::to_string_pretty(self).context("serialising the manifest")?;
        // A build that changed nothing leaves the file (and the disk) alone.
        if std::fs::read(path).is_ok_and(|old| old == json.as_bytes()) {
            return Ok(());
        }
        write_atomic(path, json.as_bytes())
    }

    /// Reads a manifest, if there is one.
    pub fn read(path: &Path) -> Option<Manifest> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }

    /// Writes the project's manifests: every public output to `output/manifest.json` (a
    /// shard's to `output/manifest.shard-K-of-N.json`), and every exempt output, with its
    /// findings, to the same name in the exempt tree, so that nothing about an exempt paper
    /// is in a public file. Manifests left in `exempt/` folders under `output/` by earlier
    /// versions of Papers are removed.
    pub fn write_split(
        &mut self,
        root: &Path,
        exempt_dir: &str,
        drafts_dir: &str,
        name: &str,
    ) -> anyhow::Result<()> {
        let papers = env!("CARGO_PKG_VERSION").to_owned();
        let drafts_prefix = format!("{drafts_dir}/");
        let (public, rest): (Vec<Entry>, Vec<Entry>) = self
            .outputs
            .iter()
            .cloned()
            .partition(|e| e.path.starts_with("output/"));
        let (drafts, exempt): (Vec<Entry>, Vec<Entry>) = rest
            .into_iter()
            .partition(|e| e.path.starts_with(&drafts_prefix));
        // Written only where the trees really are: inside the project, whatever links say.
        let project = crate::base::paths::Root::new(root)?;
        let public_path = root.join("output").join(name);
        crate::base::paths::confined_folder(&project, &root.join("output"), &public_path)?;
        Manifest {
            papers: papers.clone(),
            outputs: public,
        }
        .write(&public_path)?;
        for (dir, outputs) in [(exempt_dir, exempt), (drafts_dir, drafts)] {
            let path = root.join(dir).join(name);
            if outputs.is_empty() {
                crate::base::paths::remove_file(&path)?;
                continue;
            }
            std::fs::create_dir_all(root.join(dir))
                .with_context(|| format!("creating {}", root.join(dir).display()))?;
            crate::base::paths::confined_folder(&project, &root.join(dir), &path)?;
            Manifest {
                papers: papers.clone(),
                outputs,
            }
            .write(&path)?;
        }
        for old in legacy_exempt_manifests(&root.join("output")) {
            crate::base::paths::remove_file(&old)?;
            // The folder goes too once nothing else is in it.
            if let Some(dir) = old.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
        self.papers = papers;
        Ok(())
    }

    /// Merges shard manifests into one, sorted by path. The same output in two of them is an
    /// error unless they agree on its bytes.
    pub fn merge(parts: Vec<Manifest>) -> anyhow::Result<Manifest> {
        let mut by_path: std::collections::BTreeMap<String, Entry> =
            std::collections::BTreeMap::new();
        for part in parts {
            for entry in part.outputs {
                if let Some(old) = by_path.get(&entry.path)
                    && old.sha256 != entry.sha256
                {
                    anyhow::bail!(
                        "{} is in two manifests with different contents; were the shards built \
                            from the same inputs?",
                        entry.path
                    );
                }
                by_path.insert(entry.path.clone(), entry);
            }
        }
        Ok(Manifest {
            papers: env!("CARGO_PKG_VERSION").to_owned(),
            outputs: by_path.into_values().collect(),
        })
    }

    /// Every output recorded by the last build (or by this shard's last build): the public
    /// manifest, the exempt tree's, and any an earlier version of Papers left in `exempt/`
    /// folders under `output/`.
    pub fn read_all(root: &Path, exempt_dir: &str, drafts_dir: &str, name: &str) -> Manifest {
        let mut all = Manifest::read(&root.join("output").join(name)).unwrap_or_default();
        if let Some(m) = Manifest::read(&root.join(exempt_dir).join(name)) {
            all.outputs.extend(m.outputs);
        }
        if let Some(m) = Manifest::read(&root.join(drafts_dir).join(name)) {
            all.outputs.extend(m.outputs);
        }
        for path in legacy_exempt_manifests(&root.join("output")) {
            if let Some(m) = Manifest::read(&path) {
                all.outputs.extend(m.outputs);
            }
        }
        all
    }

    /// Whether any entry is of an exempt output.
    pub fn has_exempt(&self) -> bool {
        self.outputs
            .iter()
            .any(|e| e.exempt.is_some() || !e.path.starts_with("output/"))
    }
}

/// The `manifest.json` files of every `exempt/` folder under `dir` (where Papers kept exempt
/// papers before they moved out of `output/`), in a stable order.
fn legacy_exempt_manifests(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    // The entry's own type (no further look-up per file): output/ holds thousands of files.
    let mut paths: Vec<_> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .collect();
    paths.sort();
    for path in paths {
        let manifest = path.join("manifest.json");
        if path.file_name().is_some_and(|n| n == "exempt") && manifest.is_file() {
            found.push(manifest);
        }
        found.extend(legacy_exempt_manifests(&path));
    }
    found
}
