//! A published decision notice is part of the record: kept as published while it would
//! print the same, made again as the ledger records it when its file is gone or altered,
//! and, when its decision is edited, revised as a new version, the published one kept under
//! its versioned name (`item-7.v1.pdf`) once the revision is typeset.

use crate::base::date::Date;
use crate::base::hash::sha256;
use crate::run::incremental::Previous;
use crate::run::ledger::Frozen;
use crate::run::manifest::{Entry, Status};
use crate::run::pipeline::Project;
use crate::run::survey::MeetingRead;

/// What becomes of a public notice the ledger may record as published.
pub(super) enum Revision {
    /// Never published, or published and its file gone or altered: made as any output is,
    /// dated `dated`; a notice the ledger records as a revision is made again with its note.
    New {
        note: Option<String>,
        dated: Option<Date>,
    },
    /// Published, and it would print the same: kept as it is (its PDF and page's entries).
    AsPublished(Vec<Entry>),
    /// Published, and it would print otherwise: once the revision is typeset, the published
    /// notice and its page are kept under their versioned names (`keep`: from, to), and the
    /// revision says so.
    Revised {
        note: String,
        keep: Vec<(String, String)>,
    },
}

/// Whether the notice `pdf`, printing what `content` hashes, revises a published one.
pub(super) fn revision(
    project: &Project,
    previous: &Previous,
    read: &MeetingRead,
    pdf: &str,
    content: &str,
    today: Date,
) -> Revision {
    let versions = project
        .ledger
        .meetings
        .get(crate::base::paths::folder_of(&read.file.rel))
        .and_then(|m| m.notices.get(pdf))
        .filter(|v| !v.is_empty());
    let Some(versions) = versions else {
        return Revision::New {
            note: None,
            dated: None,
        };
    };
    let last = &versions[versions.len() - 1];
    let page = pdf.replace(".pdf", ".html");
    if last.content == content {
        // As published; made again, as the ledger records it, only if the file is gone or
        // altered.
        let on_disk = std::fs::read(project.root.join(pdf))
            .ok()
            .map(|b| sha256(&b));
        return match on_disk {
            Some(sha) if sha == last.sha256 && project.root.join(&page).is_file() => {
                Revision::AsPublished(kept(project, previous, pdf, pdf))
            }
            _ => Revision::New {
                note: recorded_note(versions),
                dated: last.dated.as_deref().and_then(Date::parse),
            },
        };
    }
    let n = versions.len();
    let old = crate::run::ledger::notice_version(pdf, n);
    let keep = vec![
        (pdf.to_owned(), old.clone()),
        (page, old.replace(".pdf", ".html")),
    ];
    Revision::Revised {
        note: note(Some(today), &old),
        keep,
    }
}

/// What a revision says: when, and where the notice it replaces is kept.
fn note(revised: Option<Date>, kept: &str) -> String {
    let name = kept.rsplit('/').next().unwrap_or(kept);
    let when = revised.map_or_else(String::new, |d| format!(" on {}", d.long()));
    format!(
        "Revised{when}. This notice replaces the one published earlier, which remains available as \
            {name}."
    )
}

/// The note of the latest version the ledger records, if it is a revision: derived from the
/// record, never from which files are on disk.
fn recorded_note(versions: &[Frozen]) -> Option<String> {
    let [.., replaced, last] = versions else {
        return None;
    };
    Some(note(
        last.dated.as_deref().and_then(Date::parse),
        &replaced.path,
    ))
}

/// The previous build's entries of the notice `from` and its page, as the files at `to`
/// (and its page) that are there.
pub(super) fn kept(project: &Project, previous: &Previous, from: &str, to: &str) -> Vec<Entry> {
    [(from.to_owned(), to.to_owned())]
        .into_iter()
        .chain([(from.replace(".pdf", ".html"), to.replace(".pdf", ".html"))])
        .filter_map(|(a, b)| {
            previous.get(&a).map(|e| Entry {
                path: b,
                status: Status::Unchanged,
                ..e.clone()
            })
        })
        .filter(|e| project.root.join(&e.path).is_file())
        .collect()
}

/// Keeps the published notice and its page under their versioned names, by copy: the
/// published files stay where they are until the revision replaces them, atomically. A
/// versioned name already there is never written over.
pub(super) fn keep_versions(project: &Project, keep: &[(String, String)]) -> anyhow::Result<()> {
    for (from, to) in keep {
        let target = crate::run::pipeline::owned_path(project, to)?;
        if target.exists() {
            continue;
        }
        let Ok(bytes) = std::fs::read(project.root.join(from)) else {
            continue;
        };
        crate::base::paths::write_atomic(&target, &bytes)?;
    }
    Ok(())
}
