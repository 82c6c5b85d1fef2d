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
use crate::model::meeting::{Meeting, MeetingFile};
use crate::run::pipeline::{Options, Project, parallel};
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
    /// The day its agenda was published: the ledger's, once it has been; else the Meeting
    /// sheet's `Published` when that day has come. `None`: a draft.
    pub published: Option<crate::base::date::Date>,
}

impl MeetingRead {
    /// Whether the meeting's agenda is published (else its papers and packs are drafts).
    pub fn is_published(&self) -> bool {
        self.published.is_some()
    }
}

impl Survey {
    /// Walks `inputs/` once, hashes every workbook, reads every meeting workbook, and works
    /// out each document's place.
    pub fn take(project: &Project, options: &Options) -> anyhow::Result<Survey> {
        let root = Root::new(&project.root)?;
        // A papers.toml under inputs/ is found, to be named: only the project's own is read.
        let stray = |p: &Path| p.file_name().is_some_and(|n| n == "papers.toml");
        let mut walk = paths::walk(&root, &project.root.join("inputs"), &|p| {
            is_workbook(p) || stray(p)
        })?;
        let strays: Vec<_> = walk.files.iter().filter(|p| stray(p)).cloned().collect();
        walk.files.retain(|p| !stray(p));
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
            .chain(strays.iter().map(|path| {
                Diagnostic::file(
                    rel(path),
                    Severity::Warning,
                    "stray-config",
                    if project.root.join("papers.toml").is_file() {
                        "ignored: Papers reads only the project's own papers.toml, beside inputs/; \
                            move these settings there, or delete this file"
                    } else {
                        "ignored: Papers reads only a papers.toml beside inputs/ (this project has \
                            none); move this file there to use its settings, or delete it"
                    },
                )
            }))
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
        let mut meetings = meetings;
        let today = options
            .today
            .unwrap_or_else(crate::model::validate::today_utc);
        for read in &mut meetings {
            read.published = publication(&project.ledger, read, today);
        }
        let scans = parallel(options.jobs, &inputs, |i| scan(&i.path, options));
        let identities: Vec<Option<String>> = scans.iter().map(|s| s.identity.clone()).collect();
        let titles = std::sync::Arc::new(project.ledger.exempt_titles());
        for (input, scan) in inputs.iter_mut().zip(scans) {
            input.sources = vec![Source {
                path: input.rel.clone(),
                sha256: scan.sha256,
            }];
            input.place.saved = scan.saved;
            input.place.exempt_titles = titles.clone();
            let folder = folder_of(&input.rel);
            let Some(indices) = meeting_folders.get(folder) else {
                // A folder that was a meeting stays one: its papers are never published as
                // standalone documents because its meeting workbook is missing.
                if let Some(record) = project.ledger.meetings.get(folder) {
                    input.place.in_meeting = true;
                    input.place.blocked = Some(format!(
                        "{folder} is a meeting (an earlier build read its meeting workbook{}), but \
                            it has no meeting workbook now; put meeting.xlsx back (a renamed copy \
                            such as \"meeting (1).xlsx\" is not one), or remove the folder from \
                            inputs/ as a whole",
                        if record.workbook.is_empty() {
                            String::new()
                        } else {
                            format!(", {}", record.workbook)
                        }
                    ));
                }
                continue;
            };
            input.place.in_meeting = true;
            for &i in indices {
                input.sources.push(meetings[i].source.clone());
            }
            let titles = std::mem::take(&mut input.place.exempt_titles);
            input.place = place(input, indices.iter().map(|&i| &meetings[i]));
            input.place.exempt_titles = titles;
            input.place.draft = !indices.iter().all(|&i| meetings[i].is_published());
            input.place.published = indices.iter().find_map(|&i| meetings[i].published);
        }
        spread_exemption(&mut inputs, &identities);
        remember_exemption(&project.ledger, &mut inputs);
        mark_private_strays(&mut inputs);
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
            published: None,
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
                published: None,
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
        published: None,
    }
}

/// The day a meeting's agenda was published: the first publication the ledger records (a
/// later Published date, a blank one or a typo never unpublishes it), else the Meeting
/// sheet's `Published` once that day has come.
fn publication(
    ledger: &crate::run::ledger::Ledger,
    read: &MeetingRead,
    today: crate::base::date::Date,
) -> Option<crate::base::date::Date> {
    ledger.published(folder_of(&read.file.rel)).or_else(|| {
        read.meeting
            .as_ref()
            .and_then(|m| m.published)
            .filter(|d| *d <= today)
    })
}

/// Papers an earlier build knew as exempt (by path, bytes or a copy's name) are held unless
/// their own meeting's agenda, read and trusted, lists them with a blank Exempt; a copy of
/// an exempt paper's bytes is held whatever its agenda says.
fn remember_exemption(ledger: &crate::run::ledger::Ledger, inputs: &mut [Input]) {
    use crate::run::ledger::Match;
    for input in inputs.iter_mut() {
        let sha = input.sources.first().map_or("", |s| s.sha256.as_str());
        let Some(known) = ledger.remembered(&input.rel, sha) else {
            continue;
        };
        let place = &input.place;
        let cleared = place.in_meeting
            && place.blocked.is_none()
            && place.stray.is_none()
            && place.item.is_some()
            && place.agenda_exempt.is_none()
            && (known.by != Match::Bytes || known.path == input.rel);
        // A document of no meeting has no agenda: its own Cover, read as it is today, says
        // whether it is exempt (copies of it are still held).
        let own_cover = !place.in_meeting && known.by == Match::Path;
        if cleared || own_cover || place.agenda_exempt.is_some() {
            continue;
        }
        let name = known.path.rsplit('/').next().unwrap_or(&known.path);
        let what = match known.by {
            Match::Path => "an earlier build kept this paper exempt".to_owned(),
            Match::Bytes => format!(
                "this workbook has the same bytes as {}, which an earlier build kept exempt",
                known.path
            ),
            Match::Name => {
                format!("this looks like a copy of {name}, which an earlier build kept exempt")
            }
            Match::Title => {
                format!("this has the title of {name}, which an earlier build kept exempt")
            }
        };
        let release = if known.by == Match::Bytes && known.path != input.rel {
            format!(
                "remove this copy; a public paper cannot be the same workbook as the exempt {name}"
            )
        } else if place.in_meeting {
            "to publish it, list it on its meeting's agenda with a blank Exempt; otherwise remove \
                it"
            .to_owned()
        } else {
            format!(
                "if it is a different paper, give it a name that is not a copy of {name}; \
                    otherwise remove it"
            )
        };
        input.place.remembered = Some(format!(
            "{what} (paragraph {} of Schedule 12A), and nothing read today says it is public; it \
                is not built: {release}",
            known.paragraph
        ));
        input.place.private = true;
    }
}

/// A stray in a meeting folder that has exempt items may be a copy of one: its findings
/// are withheld as an exempt paper's are.
fn mark_private_strays(inputs: &mut [Input]) {
    let exempt_folders: std::collections::HashSet<String> = inputs
        .iter()
        .filter(|i| i.place.agenda_exempt.is_some() || i.place.remembered.is_some())
        .map(|i| folder_of(&i.rel).to_owned())
        .collect();
    for input in inputs.iter_mut() {
        if input.place.stray.is_some() && exempt_folders.contains(folder_of(&input.rel)) {
            input.place.private = true;
        }
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
    let mut agendas: Vec<&Meeting> = Vec::new();
    for read in meetings {
        if let Some(why) = &read.untrusted {
            place.blocked.get_or_insert_with(|| why.clone());
            continue;
        }
        let Some(meeting) = &read.meeting else {
            continue;
        };
        agendas.push(meeting);
        if meeting.date != crate::base::date::UNDATED {
            place.meeting_date = Some(meeting.date);
        }
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
    if says.is_empty() && place.blocked.is_none() {
        let name = input.rel.rsplit('/').next().unwrap_or(&input.rel);
        let copy = agendas
            .iter()
            .flat_map(|m| m.items.iter().filter_map(|i| i.report.as_deref()))
            .map(|r| r.rsplit('/').next().unwrap_or(r))
            .find(|r| crate::run::ledger::copy_of(name, r));
        let exempt_copy = agendas.iter().any(|m| {
            m.items.iter().any(|i| {
                i.exempt.is_some()
                    && i.report.as_deref().is_some_and(|r| {
                        crate::run::ledger::copy_of(name, r.rsplit('/').next().unwrap_or(r))
                    })
            })
        });
        place.private = exempt_copy;
        place.stray_quiet = agendas
            .iter()
            .any(|m| m.meant.iter().any(|f| f.as_str() == name));
        place.stray = Some(match copy {
            Some(original) => format!(
                "{name} is in the meeting folder but on no agenda row, and looks like a copy of \
                    {original}; it is checked but never published: remove it, or give it an agenda \
                    row of its own"
            ),
            None => format!(
                "{name} is in the meeting folder but on no agenda row; it is checked but never \
                    published: give it an agenda row (Item, Title, Report, Exempt), or move it out \
                    of the meeting folder"
            ),
        });
    }
    place.agenda_exempt = says.iter().find_map(|(_, e)| e.map(str::to_owned));
    if place.agenda_exempt.is_some()
        && let Some((public_on, _)) = says.iter().find(|(_, e)| e.is_none())
    {
        place.notes.push(("exempt-elsewhere", format!(
            "this paper is exempt on one agenda and not on {public_on}; it is treated as exempt on \
                both"
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
                    "this workbook is also {from}, which is exempt (or cannot be told not to be) \
                        on its meeting's agenda; it is treated as exempt here too"
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
