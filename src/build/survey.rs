//! Stage 1, once per run: which workbooks there are, which folders are meetings, what each
//! meeting's agenda says, and so which papers are exempt, before any document is read.
//!
//! Exemption fails closed. A paper is exempt when its agenda row or its Cover says so, when
//! the same workbook (a link, or the same bytes) is exempt on another meeting's agenda, or
//! when it sits in a meeting folder whose agenda cannot be trusted (the meeting workbook is
//! unreadable, its Agenda sheet or its Item, Report or Exempt column is missing, misnamed
//! or hidden, or a row cannot be matched to its paper): such a paper is not built at all.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::base::diag::{Diagnostic, Diagnostics, Severity};
use crate::base::hash;
use crate::base::paths::{
    self, Input, Place, Root, Source, folder_of, is_meeting_workbook, is_workbook,
};
use crate::build::pipeline::{Options, Project, parallel};
use crate::model::meeting::{Meeting, MeetingFile};
use crate::workbook::{Workbook, read_file};

/// What stage 1 found.
#[derive(Debug, Default)]
pub struct Survey {
    /// Every document workbook, in a stable order, with its sources hashed and its place.
    pub inputs: Vec<Input>,
    /// Every meeting workbook, read once.
    pub meetings: Vec<MeetingRead>,
    /// Files refused before reading: names that are not plain, links that lead out.
    pub refused: Vec<Diagnostic>,
}

/// A meeting workbook, read once for the whole run.
#[derive(Debug)]
pub struct MeetingRead {
    /// Where it is.
    pub file: MeetingFile,
    /// Its path and the SHA-256 of the bytes that were read.
    pub source: Source,
    /// The meeting, when the workbook could be read.
    pub meeting: Option<Meeting>,
    /// Its own findings.
    pub diags: Vec<Diagnostic>,
    /// Why the agenda cannot be trusted to say which papers are exempt, if it cannot.
    pub untrusted: Option<String>,
}

impl Survey {
    /// Walks `inputs/` once, hashes every workbook, reads every meeting workbook, and works
    /// out each document's place.
    pub fn take(project: &Project, options: &Options) -> anyhow::Result<Survey> {
        let root = Root::new(&project.root)?;
        let walk = paths::walk(&root, &project.root.join("inputs"), &is_workbook)?;
        // Joined with / by component: a backslash inside a refused name stays as written.
        let rel = |path: &Path| {
            path.strip_prefix(&project.root)
                .unwrap_or(path)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        };
        let refused = walk
            .refused
            .iter()
            .map(|(path, why)| {
                Diagnostic::file(
                    rel(path),
                    Severity::Error,
                    "refused-path",
                    format!("refused: {why}"),
                )
            })
            .collect();
        let (meeting_paths, doc_paths): (Vec<_>, Vec<_>) =
            walk.files.into_iter().partition(|p| is_meeting_workbook(p));
        let mut files: Vec<MeetingFile> = meeting_paths
            .into_iter()
            .map(|path| MeetingFile::at(&project.root, path))
            .collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        let meeting_folders: HashMap<String, Vec<usize>> =
            files
                .iter()
                .enumerate()
                .fold(HashMap::new(), |mut m, (i, f)| {
                    m.entry(folder_of(&f.rel).to_owned()).or_default().push(i);
                    m
                });
        let mut inputs: Vec<Input> = doc_paths
            .into_iter()
            .map(|path| Input::at(&project.root, path))
            .collect();
        // The document workbooks of each folder, as the walk accepted them, by file name: what
        // an agenda's Report may name.
        let mut papers: HashMap<&str, Vec<String>> = HashMap::new();
        for input in &inputs {
            papers
                .entry(folder_of(&input.rel))
                .or_default()
                .extend(input.rel.rsplit('/').next().map(str::to_owned));
        }
        let meetings = parallel(options.jobs, &files, |file| {
            read_meeting(
                project,
                options,
                file,
                papers
                    .get(folder_of(&file.rel))
                    .map_or(&[][..], Vec::as_slice),
            )
        });
        // A meeting workbook refused unread (a pipe, a link out, a name other platforms cannot
        // hold) still makes its folder a meeting whose agenda cannot be read.
        let (meetings, meeting_folders) =
            refused_meetings(&project.root, &walk.refused, meetings, meeting_folders);
        let scans = parallel(options.jobs, &inputs, |i| scan(&i.path, options));
        let identities: Vec<Option<String>> = scans.iter().map(|s| s.identity.clone()).collect();
        for (input, scan) in inputs.iter_mut().zip(scans) {
            input.sources = vec![Source {
                path: input.rel.clone(),
                sha256: scan.sha256,
            }];
            input.place.saved = scan.saved;
            let Some(indices) = meeting_folders.get(folder_of(&input.rel)) else {
                continue;
            };
            input.place.in_meeting = true;
            for &i in indices {
                input.sources.push(meetings[i].source.clone());
            }
            input.place = place(input, indices.iter().map(|&i| &meetings[i]));
        }
        spread_exemption(&mut inputs, &identities);
        Ok(Survey {
            inputs,
            meetings,
            refused,
        })
    }
}

/// Adds the meeting workbooks the walk refused (by name, or as pipes or links out) as
/// meetings whose agenda cannot be trusted, so that no paper of their folder is built: a
/// folder whose `meeting.xlsx` is refused is not a folder without a meeting.
fn refused_meetings(
    root: &Path,
    refused: &[(std::path::PathBuf, paths::Refusal)],
    mut meetings: Vec<MeetingRead>,
    mut folders: HashMap<String, Vec<usize>>,
) -> (Vec<MeetingRead>, HashMap<String, Vec<usize>>) {
    for (path, why) in refused {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let meeting_like = is_meeting_workbook(path)
            || name
                .is_some_and(|n| is_meeting_workbook(&path.with_file_name(paths::usable_name(&n))));
        if !meeting_like || path.is_dir() {
            continue;
        }
        let file = MeetingFile::at(root, path.clone());
        let rel = file.rel.clone();
        folders
            .entry(folder_of(&rel).to_owned())
            .or_default()
            .push(meetings.len());
        meetings.push(MeetingRead {
            file,
            source: Source {
                path: rel.clone(),
                sha256: String::new(),
            },
            meeting: None,
            diags: Vec::new(),
            untrusted: Some(format!("{rel} is refused ({why})")),
        });
    }
    (meetings, folders)
}

/// Reads one meeting workbook: its bytes once, their hash, the meeting, and whether its
/// agenda can be trusted.
fn read_meeting(
    project: &Project,
    options: &Options,
    file: &MeetingFile,
    papers: &[String],
) -> MeetingRead {
    let mut diags = Diagnostics::new(&file.rel);
    let source = |sha256: String| Source {
        path: file.rel.clone(),
        sha256,
    };
    let bytes = match read_file(&file.path, &options.limits) {
        Ok(bytes) => bytes,
        Err(e) => {
            diags.at(
                None,
                None,
                Severity::Error,
                "unreadable-file",
                format!("cannot read the file: {e}"),
            );
            let untrusted = Some(format!("{} cannot be read ({e})", file.rel));
            return MeetingRead {
                file: file.clone(),
                source: source(String::new()),
                meeting: None,
                diags: diags.list,
                untrusted,
            };
        }
    };
    let sha256 = hash::sha256(&bytes);
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Workbook::read(&bytes, &options.limits, &mut diags)
            .map(|mut wb| {
                wb.set_clock(project.config.clock);
                wb
            })
            .and_then(|wb| {
                Meeting::from_workbook(
                    &wb,
                    papers,
                    folder_of(&file.rel),
                    project.config.council.as_deref(),
                    &mut diags,
                )
            })
    }));
    let meeting = read.unwrap_or_else(|_| {
        diags.at(
            None,
            None,
            Severity::Error,
            "internal-error",
            "Papers failed on this meeting workbook (a bug: please report it with the file)",
        );
        None
    });
    let untrusted = match &meeting {
        None => Some(diags.list.iter().find(|d| d.is_error()).map_or_else(
            || format!("{} cannot be read as a meeting workbook", file.rel),
            ToString::to_string,
        )),
        Some(m) => m.untrusted.clone(),
    };
    MeetingRead {
        file: file.clone(),
        source: source(sha256),
        meeting,
        diags: diags.list,
        untrusted,
    }
}

/// A document's place among the meetings of its folder: exempt when any agenda says so,
/// blocked when any agenda cannot be trusted.
fn place<'a>(input: &Input, meetings: impl Iterator<Item = &'a MeetingRead>) -> Place {
    let mut place = Place {
        in_meeting: true,
        saved: input.place.saved,
        ..Place::default()
    };
    let mut says: Vec<(&str, Option<&str>)> = Vec::new();
    for read in meetings {
        if let Some(why) = &read.untrusted {
            place.blocked.get_or_insert_with(|| why.clone());
            continue;
        }
        let Some(meeting) = &read.meeting else {
            continue;
        };
        let rows: Vec<_> = meeting
            .items
            .iter()
            .filter(|i| i.report.as_deref() == Some(input.rel.as_str()))
            .collect();
        for row in &rows {
            says.push((read.file.rel.as_str(), row.exempt.as_deref()));
            if place.item.is_none() && !row.number.is_empty() {
                place.item = Some(row.number.clone());
            }
        }
    }
    place.agenda_exempt = says.iter().find_map(|(_, e)| e.map(str::to_owned));
    if place.agenda_exempt.is_some()
        && let Some((public_on, _)) = says.iter().find(|(_, e)| e.is_none())
    {
        place.notes.push(("exempt-elsewhere", format!(
            "this paper is exempt on one agenda and not on {public_on}; it is treated as exempt on both"
        )));
    }
    place
}

/// The same workbook on two meetings' agendas (a link to one file, or the same bytes), exempt
/// on one, is exempt on both.
fn spread_exemption(inputs: &mut [Input], identities: &[Option<String>]) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, input) in inputs.iter().enumerate() {
        if let Some(id) = &identities[i] {
            groups.entry(format!("file:{id}")).or_default().push(i);
        }
        if let Some(s) = input.sources.first().filter(|s| !s.sha256.is_empty()) {
            groups
                .entry(format!("sha:{}", s.sha256))
                .or_default()
                .push(i);
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let exempt = members.iter().find_map(|&i| {
            let p = &inputs[i].place;
            p.agenda_exempt
                .clone()
                .or_else(|| p.blocked.as_ref().map(|_| "unknown".to_owned()))
                .map(|e| (e, inputs[i].rel.clone()))
        });
        let Some((paragraph, from)) = exempt else {
            continue;
        };
        for &i in members {
            let input = &mut inputs[i];
            if input.place.agenda_exempt.is_none() && input.rel != from {
                input.place.agenda_exempt = Some(paragraph.clone());
                input.place.notes.push(("exempt-elsewhere", format!(
                    "this workbook is also {from}, which is exempt (or cannot be told not to be) on its meeting's agenda; it is treated as exempt here too"
                )));
            }
        }
    }
}

/// What one look at a workbook file tells: the SHA-256 of its bytes (empty when it cannot be
/// read), the day it was last written, and its identity on disk.
struct Scan {
    sha256: String,
    saved: Option<crate::base::date::Date>,
    identity: Option<String>,
}

/// Reads a workbook once, with one look at its metadata: a no-op rebuild pays for little else.
fn scan(path: &Path, options: &Options) -> Scan {
    let meta = std::fs::metadata(path).ok();
    let saved = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| crate::base::date::Date::from_days((d.as_secs() / 86_400) as i64));
    let sha256 = read_file(path, &options.limits)
        .map(|b| hash::sha256(&b))
        .unwrap_or_default();
    Scan {
        sha256,
        saved,
        identity: meta.as_ref().and_then(identity),
    }
}

/// The file's identity on disk (device and inode), so a link and its target are one paper.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    Some(format!("{}:{}", meta.dev(), meta.ino()))
}

/// Elsewhere no identity is told: copies and links are matched by their bytes.
#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> Option<String> {
    None
}
