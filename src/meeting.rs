//! Meeting folders: `meeting.xlsx` with the Meeting and Agenda sheets, and which papers of a
//! meeting are exempt from publication (and so have their PDFs kept under `exempt/`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::date::Date;
use crate::diag::{Diagnostics, Severity, nearest};
use crate::document::{Document, EXEMPT_PARAGRAPHS};
use crate::model::cover::Cover;
use crate::pipeline::{Input, is_workbook, remove_stale};
use crate::workbook::{Limits, Table, Workbook, cell_ref, norm, read_file};

/// Whether this workbook describes a meeting rather than a document.
pub fn is_meeting_workbook(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.eq_ignore_ascii_case("meeting"))
        && crate::pipeline::is_workbook(path)
}

/// The fields of the Meeting sheet.
const MEETING_FIELDS: &[&str] = &["Committee", "Date", "Time", "Venue", "Members", "Contact", "Council"];

/// A meeting workbook found under `inputs/`.
#[derive(Debug, Clone)]
pub struct MeetingFile {
    /// Its path.
    pub path: PathBuf,
    /// Its path relative to the project: `inputs/x/meeting.xlsx`.
    pub rel: String,
    /// The meeting's output folder relative to the project: `output/x`.
    pub output_dir: String,
}

/// One row of the Agenda sheet.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaItem {
    /// The item number as written ("8", "8a").
    pub number: String,
    /// The title the agenda gives, if any (else the paper's own title is used).
    pub title: Option<String>,
    /// The paper's workbook, relative to the project (`inputs/x/p.xlsx`), if the item has one.
    pub report: Option<String>,
    /// The Schedule 12A paragraph when the agenda says the item is exempt.
    pub exempt: Option<String>,
    /// The cell of the item's Report (or else Item) value, for diagnostics.
    #[serde(skip)]
    pub at: String,
    /// The cell of the item's Exempt value, for diagnostics.
    #[serde(skip)]
    pub exempt_at: Option<String>,
}

/// A meeting: the Meeting sheet's details and the agenda.
#[derive(Debug, Clone)]
pub struct Meeting {
    /// The sheet name of the Agenda, as written (for diagnostics).
    pub agenda_sheet: String,
    /// The council (Meeting sheet `Council`, else papers.toml).
    pub council: Option<String>,
    /// The committee that meets.
    pub committee: String,
    /// The day of the meeting.
    pub date: Date,
    /// The time, as written ("5.30pm").
    pub time: Option<String>,
    /// Where it meets.
    pub venue: Option<String>,
    /// The members, one per line of the cell.
    pub members: Vec<String>,
    /// Who to contact about the meeting.
    pub contact: Option<String>,
    /// The agenda, in sheet order.
    pub items: Vec<AgendaItem>,
}

/// Every meeting workbook under `inputs/`, in a stable order.
pub fn discover(root: &Path) -> anyhow::Result<Vec<MeetingFile>> {
    let mut found = Vec::new();
    crate::pipeline::walk(&root.join("inputs"), &mut found, &is_meeting_workbook)?;
    found.sort();
    Ok(found
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let folder = Path::new(rel.trim_start_matches("inputs/")).parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
            let output_dir = if folder.is_empty() { "output".to_owned() } else { format!("output/{folder}") };
            MeetingFile { path, rel, output_dir }
        })
        .collect())
}

/// The document workbooks in a folder (not the meeting workbook, not lock or hidden files),
/// by file name.
fn papers_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_workbook(p) && !is_meeting_workbook(p))
                .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
                .filter(|n| !n.starts_with('.') && !n.starts_with("~$"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

impl Meeting {
    /// Reads and checks a meeting workbook; every slip goes to `diags` (whose file is the
    /// meeting workbook). `None` when it cannot be read at all.
    pub fn read(file: &MeetingFile, config_council: Option<&str>, limits: &Limits, diags: &mut Diagnostics) -> Option<Meeting> {
        let bytes = match read_file(&file.path, limits) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.at(None, None, Severity::Error, "unreadable-file", format!("cannot read the file: {e}"));
                return None;
            }
        };
        let wb = Workbook::read(&bytes, limits, diags)?;
        let folder = file.path.parent().unwrap_or(Path::new("."));
        let folder_rel = file.rel.rsplit_once('/').map_or("", |(f, _)| f);
        Self::from_workbook(&wb, folder, folder_rel, config_council, diags)
    }

    /// The meeting of a read workbook in `folder` (`folder_rel` relative to the project).
    pub fn from_workbook(wb: &Workbook, folder: &Path, folder_rel: &str, config_council: Option<&str>, diags: &mut Diagnostics) -> Option<Meeting> {
        let (Some(details), Some(agenda)) = (wb.sheet("Meeting"), wb.sheet("Agenda")) else {
            for name in ["Meeting", "Agenda"] {
                if wb.sheet(name).is_none() {
                    diags.at(Some(name), None, Severity::Error, "missing-sheet", format!(
                        "a meeting workbook needs a \"{name}\" sheet ({})",
                        if name == "Meeting" { "Field, Value: Committee, Date, Time, Venue, Members, Contact" } else { "Item, Title, Report, Exempt" }
                    ));
                }
            }
            return None;
        };
        let fields = read_fields(details, diags);
        let next_row = cell_ref(details.rows.len(), 0);
        let required = |label: &str, diags: &mut Diagnostics| {
            if fields.get(label).is_none() {
                diags.error(&fields.sheet, fields.at(label).or_else(|| Some(next_row.clone())), "missing-field", format!(
                    "the meeting has no {label}; add a \"{label}\" row"
                ));
            }
        };
        required("Committee", diags);
        required("Date", diags);
        let date = fields.date("Date", diags);
        let time = fields.get("Time");
        if let Some(t) = &time
            && Date::parse(t).is_some()
        {
            diags.error(&fields.sheet, fields.at("Time"), "time-as-date", format!(
                "Time: \"{t}\" reads as a date, not a time of day; format the cell as Text and write the time as it should print, like \"5.30pm\""
            ));
        }
        let members = fields
            .get("Members")
            .map(|m| m.lines().map(|l| l.trim().trim_start_matches(['-', '•']).trim().to_owned()).filter(|l| !l.is_empty()).collect())
            .unwrap_or_default();
        let items = read_agenda(agenda, folder, folder_rel, diags);
        Some(Meeting {
            agenda_sheet: agenda.name.clone(),
            council: fields.get("Council").or_else(|| config_council.map(str::to_owned)),
            committee: fields.get("Committee").unwrap_or_default(),
            date: date.unwrap_or(crate::pipeline::UNDATED),
            time,
            venue: fields.get("Venue"),
            members,
            contact: fields.get("Contact"),
            items,
        })
    }

    /// The agenda item whose paper is the input `rel`.
    pub fn item_of(&self, rel: &str) -> Option<&AgendaItem> {
        self.items.iter().find(|i| i.report.as_deref() == Some(rel))
    }

    /// "Wednesday 4 November 2015".
    pub fn long_date(&self) -> String {
        const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
        // 1 January 1970 was a Thursday.
        format!("{} {}", DAYS[(self.date.days() + 3).rem_euclid(7) as usize], self.date.long())
    }
}

/// The Meeting sheet's Field / Value rows, read as a Cover is, with the meeting's own fields.
fn read_fields(sheet: &crate::workbook::Sheet, diags: &mut Diagnostics) -> Cover {
    let mut scratch = Diagnostics::new(diags.file.clone());
    let fields = Cover::read(sheet, &mut scratch);
    // The Cover reader knows the Cover's fields; the meeting has its own.
    diags.list.extend(scratch.list.into_iter().filter(|d| d.code != "unknown-field"));
    for (label, _, at) in fields.fields() {
        if !MEETING_FIELDS.iter().any(|k| norm(k) == norm(label)) {
            let d = diags.warn(&sheet.name, Some(label_cell(sheet, label, at)), "unknown-field", format!(
                "\"{label}\" is not a Meeting field ({}); it is ignored",
                MEETING_FIELDS.join(", ")
            ));
            d.suggestion = nearest(label, MEETING_FIELDS.iter().copied()).map(str::to_owned);
        }
    }
    fields
}

/// The Agenda sheet's rows, with each Report resolved to a workbook in the meeting's folder.
fn read_agenda(sheet: &crate::workbook::Sheet, folder: &Path, folder_rel: &str, diags: &mut Diagnostics) -> Vec<AgendaItem> {
    let table = Table::new(sheet);
    let Some([item_col, title_col]) = table.require(["Item", "Title"], diags) else { return Vec::new() };
    let (report_col, exempt_col) = (table.column("Report"), table.column("Exempt"));
    let files = papers_in(folder);
    let mut items: Vec<AgendaItem> = Vec::new();
    let mut claimed: HashMap<String, String> = HashMap::new();
    for r in table.rows() {
        let number = table.text(r, item_col);
        let title = Some(table.text(r, title_col)).filter(|t| !t.is_empty());
        let mut at = cell_ref(r, item_col);
        if number.is_empty() {
            diags.error(&sheet.name, Some(cell_ref(r, item_col)), "missing-value", "the agenda row has no Item number");
        } else if let Some(first) = items.iter().find(|i| i.number == number) {
            diags.warn(&sheet.name, Some(cell_ref(r, item_col)), "duplicate-item", format!(
                "item {number} is on the agenda twice (first at {})",
                first.at
            ));
        }
        let report = report_col.and_then(|c| {
            let name = table.text(r, c);
            if name.is_empty() {
                return None;
            }
            at = cell_ref(r, c);
            let found = files.iter().find(|f| norm(f) == norm(&name) || norm(stem(f)) == norm(&name));
            let Some(found) = found else {
                let d = diags.error(&sheet.name, Some(at.clone()), "missing-report", format!(
                    "Report: there is no workbook \"{name}\" in {} (found: {})",
                    if folder_rel.is_empty() { "the project" } else { folder_rel },
                    if files.is_empty() { "none".to_owned() } else { files.join(", ") }
                ));
                d.suggestion = nearest(&name, files.iter().map(String::as_str)).map(str::to_owned);
                return None;
            };
            let rel = if folder_rel.is_empty() { found.clone() } else { format!("{folder_rel}/{found}") };
            if let Some(first) = claimed.get(&rel) {
                diags.error(&sheet.name, Some(at.clone()), "duplicate-report", format!(
                    "Report: {found} is already the paper of the agenda row at {first}; a paper goes on one row"
                ));
                return None;
            }
            claimed.insert(rel.clone(), at.clone());
            Some(rel)
        });
        let exempt_at = exempt_col.map(|c| cell_ref(r, c));
        let exempt = exempt_col.and_then(|c| {
            let value = table.text(r, c);
            match paragraph(&value) {
                Ok(p) => p,
                Err(NotAParagraph) => {
                    diags.error(&sheet.name, Some(cell_ref(r, c)), "bad-value", format!(
                        "Exempt: \"{value}\" is not a paragraph of Schedule 12A to the Local Government Act 1972; give the paragraph (1 to 7), or leave it blank"
                    ));
                    Some(value)
                }
            }
        });
        if title.is_none() && report.is_none() {
            diags.error(&sheet.name, Some(cell_ref(r, title_col)), "missing-value", "the agenda row has neither a Title nor a Report");
        }
        items.push(AgendaItem { number, title, report, exempt, at, exempt_at });
    }
    if items.is_empty() {
        diags.warn(&sheet.name, None, "empty-agenda", "the agenda has no items");
    }
    for name in &files {
        let rel = if folder_rel.is_empty() { name.clone() } else { format!("{folder_rel}/{name}") };
        if !claimed.contains_key(&rel) {
            diags.warn(&sheet.name, None, "not-on-agenda", format!(
                "{name} is in the meeting folder but on no agenda row; it is built on its own and left out of the packs"
            ));
        }
    }
    items
}

/// The cell of a field's label: the cell in the value's row that holds the label.
fn label_cell(sheet: &crate::workbook::Sheet, label: &str, value_at: &str) -> String {
    let row = value_at.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse::<usize>().unwrap_or(1).saturating_sub(1);
    let col = sheet.rows.get(row).and_then(|r| r.iter().position(|c| c.display() == label)).unwrap_or(0);
    cell_ref(row, col)
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// A value that names no paragraph of Schedule 12A.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotAParagraph;

/// A Schedule 12A paragraph as written ("3", "paragraph 3", "Para. 3"); blank or No is none.
pub fn paragraph(value: &str) -> Result<Option<String>, NotAParagraph> {
    let v = norm(value);
    let v = v.trim_start_matches("paragraph").trim_start_matches("para.").trim_start_matches("para").trim();
    if v.is_empty() || v == "no" {
        return Ok(None);
    }
    EXEMPT_PARAGRAPHS.iter().find(|p| **p == v).map(|p| Some((*p).to_owned())).ok_or(NotAParagraph)
}

/// The Schedule 12A paragraph that an input's meeting agenda gives it, if any. The meeting
/// workbook's own slips are reported by the meeting stage, not here.
pub fn agenda_exemption(root: &Path, rel: &str, limits: &Limits) -> Option<String> {
    let folder = root.join(rel).parent()?.to_owned();
    let file = discover_in(root, &folder)?;
    let meeting = Meeting::read(&file, None, limits, &mut Diagnostics::new(file.rel.clone()))?;
    meeting.item_of(rel)?.exempt.clone()
}

/// The meeting workbook in `folder`, if it has one.
fn discover_in(root: &Path, folder: &Path) -> Option<MeetingFile> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder).ok()?.flatten().map(|e| e.path()).filter(|p| p.is_file() && is_meeting_workbook(p)).collect();
    found.sort();
    let path = found.into_iter().next()?;
    let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
    Some(MeetingFile { path, rel, output_dir: String::new() })
}

/// Makes a document's exemption the stricter of its Cover and its meeting's agenda: a paper
/// either calls exempt is exempt. When both give a paragraph, the agenda's stands: it is the
/// notice the committee resolves on.
pub fn apply_agenda(root: &Path, rel: &str, limits: &Limits, doc: &mut Document) {
    if let Some(paragraph) = agenda_exemption(root, rel, limits) {
        doc.exempt = Some(paragraph);
    }
}

/// Where an exempt paper's PDF goes: `exempt/` inside the folder its PDF would have gone to.
pub fn exempt_output(output: &str) -> String {
    match output.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/exempt/{name}"),
        None => format!("exempt/{output}"),
    }
}

/// Whether an output path lies in an `exempt/` folder, and so never in a public file.
pub fn is_exempt_output(path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(dir, _)| dir == "exempt" || dir.ends_with("/exempt"))
}

/// Whether a workbook's Cover says the paper is exempt (a bad value counts as exempt: never
/// publish by mistake). An unreadable workbook fails later, in its own stage.
fn cover_exempt(path: &Path, limits: &Limits) -> bool {
    let Ok(bytes) = read_file(path, limits) else { return false };
    let mut scratch = Diagnostics::new("");
    let Some(wb) = Workbook::read(&bytes, limits, &mut scratch) else { return false };
    let Some(sheet) = wb.sheet("Cover") else { return false };
    let cover = Cover::read(sheet, &mut scratch);
    cover.get("Exempt").is_some_and(|v| paragraph(&v) != Ok(None))
}

/// Sends every exempt paper's PDF to `exempt/` (see [`exempt_output`]): papers an agenda
/// calls exempt and papers whose Cover does. When writing, removes the copy a paper may have
/// left at its other place, so an exempt paper never keeps a public PDF.
///
/// `known` answers for a paper whose sources are unchanged since the last build (where it
/// went then), so that an incremental build need not open its workbook.
pub fn route_exempt(
    root: &Path,
    inputs: &mut [Input],
    limits: &Limits,
    write: bool,
    known: &dyn Fn(&Input) -> Option<bool>,
) -> anyhow::Result<()> {
    let mut agendas: HashMap<PathBuf, Option<Meeting>> = HashMap::new();
    let mut others = Vec::new();
    for input in inputs.iter_mut() {
        let exempt = known(input).unwrap_or_else(|| {
            let folder = input.path.parent().unwrap_or(Path::new(".")).to_owned();
            let meeting = agendas.entry(folder.clone()).or_insert_with(|| {
                let file = discover_in(root, &folder)?;
                Meeting::read(&file, None, limits, &mut Diagnostics::new(file.rel.clone()))
            });
            let by_agenda = meeting.as_ref().and_then(|m| m.item_of(&input.rel)).is_some_and(|i| i.exempt.is_some());
            by_agenda || cover_exempt(&input.path, limits)
        });
        let public = input.output.clone();
        let private = exempt_output(&public);
        if exempt {
            input.output = private;
            others.push(public);
        } else {
            others.push(private);
        }
    }
    if write {
        let outputs: std::collections::HashSet<&str> = inputs.iter().map(|i| i.output.as_str()).collect();
        for other in others {
            if !outputs.contains(other.as_str()) {
                remove_stale(&root.join(&other))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_as_written() {
        assert_eq!(paragraph(""), Ok(None));
        assert_eq!(paragraph("No"), Ok(None));
        assert_eq!(paragraph("3"), Ok(Some("3".into())));
        assert_eq!(paragraph("Paragraph 3"), Ok(Some("3".into())));
        assert_eq!(paragraph("para. 1"), Ok(Some("1".into())));
        assert_eq!(paragraph("Yes"), Err(NotAParagraph));
        assert_eq!(paragraph("8"), Err(NotAParagraph));
    }

    #[test]
    fn exempt_outputs_sit_in_an_exempt_folder() {
        assert_eq!(exempt_output("output/m/land.pdf"), "output/m/exempt/land.pdf");
        assert!(is_exempt_output("output/m/exempt/land.pdf"));
        assert!(is_exempt_output("output/m/exempt/exempt-pack.pdf"));
        assert!(!is_exempt_output("output/m/land.pdf"));
        assert!(!is_exempt_output("output/exempted/land.pdf"));
    }

    #[test]
    fn meeting_workbooks_by_stem() {
        assert!(is_meeting_workbook(Path::new("inputs/x/Meeting.xlsx")));
        assert!(is_meeting_workbook(Path::new("inputs/x/meeting.ods")));
        assert!(!is_meeting_workbook(Path::new("inputs/x/meeting-notes.xlsx")));
        assert!(!is_meeting_workbook(Path::new("inputs/x/meeting.pdf")));
    }
}
