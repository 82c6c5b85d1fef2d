//! Where things are in a project: the workbooks found under `inputs/` and the outputs they
//! become, walking folders, and writing and removing outputs so that no reader ever sees a
//! half-written or stale file.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde::{Deserialize, Serialize};

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

/// A source file an output was made from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Path relative to the project.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
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

/// Whether this workbook describes a meeting rather than a document.
pub fn is_meeting_workbook(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("meeting"))
        && is_workbook(path)
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
