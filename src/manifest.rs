//! `output/manifest.json`: every output with its sources, hashes, pages, template, warnings
//! and status.

use std::path::Path;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::hash::sha256;
use crate::pipeline::{Input, write_atomic};
use crate::typeset::Pdf;

/// What happened to an output in the run that wrote the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Typeset in this run.
    Built,
    /// Up to date; not typeset again.
    Unchanged,
    /// Its inputs had errors; any earlier PDF was removed.
    Failed,
    /// Validated only (`papers check`).
    Checked,
}

/// A source file an output was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the project.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
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
}

impl Entry {
    /// A document typeset in this run.
    pub fn built(input: &Input, doc: &Document, source_hash: String, pdf: &Pdf, warnings: Vec<String>) -> Self {
        Self {
            path: input.output.clone(),
            sources: vec![Source { path: input.rel.clone(), sha256: source_hash }],
            sha256: Some(sha256(&pdf.bytes)),
            pages: Some(pdf.pages),
            template: Some(doc.template.clone()),
            warnings,
            status: Status::Built,
        }
    }

    /// A document validated but not typeset.
    pub fn checked(input: &Input, doc: &Document, source_hash: String, warnings: Vec<String>) -> Self {
        Self {
            path: input.output.clone(),
            sources: vec![Source { path: input.rel.clone(), sha256: source_hash }],
            sha256: None,
            pages: None,
            template: Some(doc.template.clone()),
            warnings,
            status: Status::Checked,
        }
    }

    /// A document whose inputs had errors.
    pub fn failed(input: &Input, warnings: Vec<String>) -> Self {
        Self {
            path: input.output.clone(),
            sources: vec![Source { path: input.rel.clone(), sha256: String::new() }],
            sha256: None,
            pages: None,
            template: None,
            warnings,
            status: Status::Failed,
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
        write_atomic(path, json.as_bytes())
    }

    /// Reads a manifest, if there is one.
    pub fn read(path: &Path) -> Option<Manifest> {
        serde_json::from_slice(&std::fs::read(path).ok()?).ok()
    }
}
