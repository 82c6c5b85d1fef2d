//! A published decision notice is part of the record: kept as published while it would
//! print the same, and, when its decision is edited, revised as a new version, the published
//! one kept under its versioned name (`item-7.v1.pdf`).

use crate::base::date::Date;
use crate::base::hash::sha256;
use crate::run::incremental::Previous;
use crate::run::manifest::{Entry, Status};
use crate::run::pipeline::Project;
use crate::run::survey::MeetingRead;

/// What becomes of a public notice the ledger may record as published.
pub(super) enum Revision {
    /// Never published: made as any output is.
    New,
    /// Published, and it would print the same: kept as it is (its PDF and page's entries).
    AsPublished(Vec<Entry>),
    /// Published, and it would print otherwise: the published notice and its page move to
    /// their versioned names (`item-7.v1.pdf`), kept, and the revision says so.
    Revised { note: String, kept: Vec<Entry> },
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
        .and_then(|m| m.notices.get(pdf));
    let Some(last) = versions.and_then(|v| v.last()) else {
        return Revision::New;
    };
    let page = pdf.replace(".pdf", ".html");
    let on_disk = std::fs::read(project.root.join(pdf))
        .ok()
        .map(|b| sha256(&b));
    let entries = |from: &str, to: &str| -> Vec<Entry> {
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
    };
    if last.content == content {
        // As published; made again only if the file is gone or altered.
        return match on_disk {
            Some(sha) if sha == last.sha256 && project.root.join(&page).is_file() => {
                Revision::AsPublished(entries(pdf, pdf))
            }
            _ => Revision::New,
        };
    }
    let n = versions.map_or(1, Vec::len);
    let old = crate::run::ledger::notice_version(pdf, n);
    let moved = [
        (pdf.to_owned(), old.clone()),
        (page.clone(), old.replace(".pdf", ".html")),
    ];
    for (from, to) in &moved {
        let (from, to) = (project.root.join(from), project.root.join(to));
        if from.is_file() && !to.exists() {
            let _ = std::fs::rename(&from, &to);
        }
    }
    let name = old.rsplit('/').next().unwrap_or(&old).to_owned();
    Revision::Revised {
        note: format!(
            "Revised on {}. This notice replaces the one published earlier, which remains available as {name}.",
            today.long()
        ),
        kept: entries(pdf, &old),
    }
}
