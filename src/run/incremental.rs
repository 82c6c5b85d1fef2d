//! Incremental builds: a document is typeset again only when something that went into it
//! changed. Each manifest entry keeps the SHA-256 of its sources (the workbook, and the
//! meeting workbook of its folder), the project's fingerprint (Papers version, papers.toml,
//! templates, logo, project fonts) and the size and modification time its PDF had when
//! written. A no-op build hashes the workbooks' bytes and looks at file metadata: it parses
//! no workbook and reads no PDF unless the PDF's metadata changed.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::base::hash::sha256;
use crate::base::paths::Source;
use crate::model::config::Config;
use crate::render::pdf::templates::Templates;
use crate::run::manifest::{Entry, Manifest, Stamp, Status};

/// The fingerprint of everything but the sources that goes into every output: the project
/// in `root`, its house style, its templates and its logo.
pub fn fingerprint(
    root: &Path,
    config: &Config,
    templates: &Templates,
    logo: Option<&(String, Vec<u8>)>,
) -> String {
    let mut h = Sha256::new();
    let mut part = |name: &str, bytes: &[u8]| {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part("papers", env!("CARGO_PKG_VERSION").as_bytes());
    part(
        "bundled fonts",
        crate::base::fonts::bundled_identity().as_bytes(),
    );
    part(
        "papers.toml",
        &std::fs::read(root.join("papers.toml")).unwrap_or_default(),
    );
    for (name, text, _) in &templates.files {
        part(name, text.as_bytes());
    }
    if let Some((path, bytes)) = logo {
        part(path, bytes);
    }
    if let Some(dir) = &config.fonts {
        // Font files are large: their names, sizes and times stand for them.
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let stamp = Stamp::of(&f)
                .map(|s| format!("{}:{}", s.size, s.mtime_ns))
                .unwrap_or_default();
            part(&f.to_string_lossy(), stamp.as_bytes());
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The manifest of the previous build, by output path.
#[derive(Debug, Default)]
pub struct Previous {
    by_path: HashMap<String, Entry>,
}

impl Previous {
    /// The previous build's entries (public and exempt), from `manifest`.
    pub fn from(manifest: Manifest) -> Previous {
        Previous {
            by_path: manifest
                .outputs
                .into_iter()
                .map(|e| (e.path.clone(), e))
                .collect(),
        }
    }

    /// The previous entry of an output, if it was built (or found unchanged) with exactly
    /// these sources and this fingerprint, and its file is still as it was written.
    pub fn unchanged(
        &self,
        root: &Path,
        output: &str,
        sources: &[Source],
        fingerprint: &str,
    ) -> Option<Entry> {
        let entry = self.by_path.get(output)?;
        let current = matches!(entry.status, Status::Built | Status::Unchanged)
            && entry.fingerprint.as_deref() == Some(fingerprint)
            && entry.sources == sources
            && intact(root, entry);
        current.then(|| Entry {
            status: Status::Unchanged,
            ..entry.clone()
        })
    }

    /// The previous entry of a document that may have gone to its public path or its exempt
    /// one, if it is unchanged (see [`Previous::unchanged`]) and its route still holds: a
    /// paper its agenda now calls exempt is never taken from the public path, and one that
    /// went to the exempt tree stays there only if its own Cover sent it (same bytes, same
    /// Cover) or its agenda still does.
    pub fn unchanged_routed(
        &self,
        root: &Path,
        public: &str,
        private: &str,
        sources: &[Source],
        fingerprint: &str,
        agenda_exempt: bool,
    ) -> Option<Entry> {
        if let Some(entry) = self.unchanged(root, private, sources, fingerprint)
            && (agenda_exempt || entry.exempt.as_ref().is_some_and(|e| e.by_cover))
        {
            return Some(entry);
        }
        if agenda_exempt {
            return None;
        }
        self.unchanged(root, public, sources, fingerprint)
            .filter(|e| e.exempt.is_none())
    }

    /// Every output the previous build recorded.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.by_path.values()
    }

    /// The previous entry of an output.
    pub fn get(&self, output: &str) -> Option<&Entry> {
        self.by_path.get(output)
    }
}

/// Whether an output file is as its entry says: same size and time, or (when the metadata
/// moved, as a copy or a restore does) the same bytes.
pub fn intact(root: &Path, entry: &Entry) -> bool {
    let path = root.join(&entry.path);
    match (Stamp::of(&path), entry.stamp) {
        (None, _) => false,
        (Some(now), Some(then)) if now == then => true,
        (Some(_), _) => entry
            .sha256
            .as_deref()
            .is_some_and(|want| std::fs::read(&path).is_ok_and(|b| sha256(&b) == want)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, fingerprint: &str) -> Entry {
        Entry {
            path: path.to_owned(),
            sources: vec![Source {
                path: "inputs/a.xlsx".into(),
                sha256: "abc".into(),
            }],
            sha256: Some(sha256(b"pdf")),
            pages: Some(1),
            template: None,
            warnings: vec!["a warning".into()],
            status: Status::Built,
            fingerprint: Some(fingerprint.to_owned()),
            stamp: None,
            errors: Vec::new(),
            exempt: None,
            summary: None,
            published: None,
        }
    }

    #[test]
    fn unchanged_needs_same_sources_fingerprint_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("output")).unwrap();
        std::fs::write(dir.path().join("output/a.pdf"), b"pdf").unwrap();
        let prev = Previous::from(Manifest {
            papers: String::new(),
            outputs: vec![entry("output/a.pdf", "fp")],
        });
        let sources = vec![Source {
            path: "inputs/a.xlsx".into(),
            sha256: "abc".into(),
        }];
        let same = prev
            .unchanged(dir.path(), "output/a.pdf", &sources, "fp")
            .expect("unchanged");
        assert_eq!((same.status, same.warnings.len()), (Status::Unchanged, 1));
        assert!(
            prev.unchanged(dir.path(), "output/a.pdf", &sources, "other")
                .is_none()
        );
        let edited = vec![Source {
            path: "inputs/a.xlsx".into(),
            sha256: "abd".into(),
        }];
        assert!(
            prev.unchanged(dir.path(), "output/a.pdf", &edited, "fp")
                .is_none()
        );
        std::fs::write(dir.path().join("output/a.pdf"), b"tampered").unwrap();
        assert!(
            prev.unchanged(dir.path(), "output/a.pdf", &sources, "fp")
                .is_none()
        );
        std::fs::remove_file(dir.path().join("output/a.pdf")).unwrap();
        assert!(
            prev.unchanged(dir.path(), "output/a.pdf", &sources, "fp")
                .is_none()
        );
    }
}
