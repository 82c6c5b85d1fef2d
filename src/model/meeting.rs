//! Meeting folders: `meeting.xlsx` with the Meeting and Agenda sheets, and which papers of a
//! meeting are exempt from publication (and so have their PDFs kept under `exempt/`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::base::date::Date;
use crate::base::diag::{Diagnostics, Severity, nearest};
use crate::base::time::{Clock, Time};
use crate::model::cover::Cover;
use crate::model::exempt::{self, Label};
use crate::workbook::{Cell, Table, Workbook, cell_ref, norm};

/// The fields of the Meeting sheet.
const MEETING_FIELDS: &[&str] = &[
    "Committee",
    "Date",
    "Time",
    "Venue",
    "Members",
    "Contact",
    "Council",
    "Published",
    "Status",
    "New date",
    "Decisions published",
    "End time",
    "Minutes approved",
];

/// What a Meeting sheet's `Status` may say of a meeting that will not go ahead as planned.
pub const STATUSES: &[&str] = &["Cancelled", "Postponed", "Moved"];

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
    /// The report is to follow: the Report says "to follow", or the To follow column is
    /// ticked (then, while the paper has errors, the agenda says "Report to follow").
    pub to_follow: bool,
    /// The cell of the item's Report (or else Item) value, for diagnostics.
    #[serde(skip)]
    pub at: String,
    /// The cell of the item's number.
    #[serde(skip)]
    pub item_at: String,
    /// The cell of the item's Exempt value, for diagnostics.
    #[serde(skip)]
    pub exempt_at: Option<String>,
    /// The item is withdrawn (the Withdrawn column is ticked): its published papers stay
    /// in the record, and the meeting page and the next supplement say it is withdrawn.
    pub withdrawn: bool,
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
    /// When the meeting is expected to end, as councils write it ("7.30pm"), if given.
    pub end_time: Option<String>,
    /// The time as councils write it ("5.30pm"), or as the Time field has it when that is
    /// not a time.
    pub time: Option<String>,
    /// Where it meets.
    pub venue: Option<String>,
    /// The members, one per line of the cell.
    pub members: Vec<String>,
    /// Who to contact about the meeting.
    pub contact: Option<String>,
    /// The agenda, in sheet order.
    pub items: Vec<AgendaItem>,
    /// The date of publication the Meeting sheet gives, if any.
    pub published: Option<Date>,
    /// Why the agenda cannot be trusted to say which of the folder's papers are exempt (its
    /// columns cannot be found, or an exempt row names no workbook), when it cannot.
    pub untrusted: Option<String>,
    /// Cancelled, Postponed or Moved (one of [`STATUSES`]), when the meeting will not go
    /// ahead as planned.
    pub status: Option<String>,
    /// The new date of a moved (or postponed) meeting.
    pub new_date: Option<Date>,
    /// Workbooks of the folder that a misspelt Report was taken to mean: that slip is
    /// reported once, at the Report, not again as a paper on no agenda row.
    pub meant: Vec<String>,
    /// The Decisions sheet's rows (see [`crate::model::decisions`]).
    pub decisions: Vec<crate::model::decisions::Decision>,
    /// The Attendance, Declarations and Minutes sheets (see [`crate::model::proceedings`]).
    pub proceedings: crate::model::proceedings::Proceedings,
    /// The day a later meeting approved the minutes (the Meeting sheet's `Minutes
    /// approved`); `None` while they are a draft.
    pub minutes_approved: Option<Date>,
}

impl MeetingFile {
    /// The meeting workbook at `path` in the project `root`.
    pub fn at(root: &Path, path: PathBuf) -> MeetingFile {
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let folder = Path::new(rel.trim_start_matches("inputs/"))
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let output_dir = if folder.is_empty() {
            "output".to_owned()
        } else {
            format!("output/{folder}")
        };
        MeetingFile {
            path,
            rel,
            output_dir,
        }
    }

    /// The meeting's folder under `inputs/` ("" for `inputs/` itself).
    pub fn folder(&self) -> &str {
        self.output_dir
            .strip_prefix("output")
            .unwrap_or_default()
            .trim_start_matches('/')
    }
}

impl Meeting {
    /// The meeting of a read workbook in `folder` (`folder_rel` relative to the project).
    pub fn from_workbook(
        wb: &Workbook,
        papers: &[String],
        folder_rel: &str,
        config_council: Option<&str>,
        diags: &mut Diagnostics,
    ) -> Option<Meeting> {
        let (Some(details), Some(agenda)) = (wb.sheet("Meeting"), wb.sheet("Agenda")) else {
            // The sheet that is there still has its slips reported.
            if let Some(details) = wb.sheet("Meeting") {
                read_fields(details, diags);
            }
            if let Some(agenda) = wb.sheet("Agenda") {
                read_agenda(agenda, papers, folder_rel, diags);
            }
            for name in ["Meeting", "Agenda"] {
                if wb.sheet(name).is_none() {
                    diags.at(Some(name), None, Severity::Error, "missing-sheet", format!(
                        "a meeting workbook needs a visible \"{name}\" sheet ({}); until it has \
                            one, no paper of this meeting is built",
                        if name == "Meeting" { "Field, Value: Committee, Date, Time, Venue, \
                            Members, Contact" } else { "Item, Title, Report, Exempt" }
                    ));
                }
            }
            return None;
        };
        let fields = read_fields(details, diags);
        let next_row = cell_ref(details.rows.len(), 0);
        let required = |label: &str, diags: &mut Diagnostics| {
            if fields.get(label).is_none() {
                diags.error(
                    &fields.sheet,
                    fields.at(label).or_else(|| Some(next_row.clone())),
                    "missing-field",
                    format!("the meeting has no {label}; add a \"{label}\" row"),
                );
            }
        };
        required("Committee", diags);
        required("Date", diags);
        let date = fields.date("Date", diags);
        let published = fields.date("Published", diags);
        let time = meeting_time(&fields, wb.clock, diags);
        let end_time = time_field(&fields, "End time", wb.clock, diags);
        let members = fields
            .get("Members")
            .map(|m| {
                m.lines()
                    .map(|l| l.trim().trim_start_matches(['-', '•']).trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let (items, untrusted, meant) = read_agenda(agenda, papers, folder_rel, diags);
        let status = fields.get("Status").and_then(|value| {
            let found = STATUSES.iter().find(|s| norm(s) == norm(&value));
            if found.is_none() && !matches!(norm(&value).as_str(), "" | "scheduled" | "confirmed") {
                let d = diags.error(&fields.sheet, fields.at("Status"), "bad-value", format!(
                    "Status: \"{value}\" is not one of {}; leave it blank for a meeting that goes \
                        ahead",
                    STATUSES.join(", ")
                ));
                d.suggestion = nearest(&value, STATUSES.iter().copied()).map(str::to_owned);
            }
            found.map(|s| (*s).to_owned())
        });
        let new_date = fields.date("New date", diags);
        if status.as_deref() == Some("Moved") && new_date.is_none() {
            diags.error(
                &fields.sheet,
                fields.at("Status"),
                "missing-field",
                "Status: a moved meeting needs its \"New date\"; add a New date row",
            );
        }
        unknown_sheets(wb, diags);
        let decisions = decisions_of(wb, &fields, &items, date, diags);
        let proceedings = proceedings_of(wb, &items, &decisions, diags);
        let minutes_approved = fields.date("Minutes approved", diags);
        if let (Some(day), Some(meeting)) = (minutes_approved, date)
            && day < meeting
        {
            diags.error(&fields.sheet, fields.at("Minutes approved"), "bad-value", format!(
                "Minutes approved: {} is before the meeting on {}; give the date a later meeting \
                    approved the minutes, or leave it blank while they are a draft",
                day.long(),
                meeting.long()
            ));
        }
        Some(Meeting {
            agenda_sheet: agenda.name.clone(),
            council: fields
                .get("Council")
                .or_else(|| config_council.map(str::to_owned)),
            committee: fields.get("Committee").unwrap_or_default(),
            date: date.unwrap_or(crate::base::date::UNDATED),
            time,
            venue: fields.get("Venue"),
            members,
            contact: fields.get("Contact"),
            items,
            untrusted,
            published,
            status,
            new_date,
            meant,
            decisions,
            end_time,
            proceedings,
            minutes_approved,
        })
    }

    /// The agenda item whose paper is the input `rel`.
    pub fn item_of(&self, rel: &str) -> Option<&AgendaItem> {
        self.items.iter().find(|i| i.report.as_deref() == Some(rel))
    }

    /// "Wednesday 4 November 2015".
    pub fn long_date(&self) -> String {
        const DAYS: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        // 1 January 1970 was a Thursday.
        format!(
            "{} {}",
            DAYS[(self.date.days() + 3).rem_euclid(7) as usize],
            self.date.long()
        )
    }
}

/// The Decisions sheet, if there is one, with the Meeting sheet's `Decisions published`
/// (which cannot be before the meeting).
fn decisions_of(
    wb: &Workbook,
    fields: &Cover,
    items: &[AgendaItem],
    date: Option<Date>,
    diags: &mut Diagnostics,
) -> Vec<crate::model::decisions::Decision> {
    let published = fields.date("Decisions published", diags);
    if let (Some(day), Some(meeting)) = (published, date)
        && day < meeting
    {
        diags.error(&fields.sheet, fields.at("Decisions published"), "decisions-before-meeting", format!(
            "Decisions published: {} is before the meeting on {}; decisions are published after \
                they are taken",
            day.long(),
            meeting.long()
        ));
    }
    wb.sheet(crate::model::decisions::SHEET)
        .map(|sheet| {
            let numbers: Vec<&str> = items.iter().map(|i| i.number.as_str()).collect();
            crate::model::decisions::read(sheet, &numbers, date, published, diags)
        })
        .unwrap_or_default()
}

/// The sheets a meeting workbook may hold.
const MEETING_SHEETS: &[&str] = &[
    "Meeting",
    "Agenda",
    crate::model::decisions::SHEET,
    crate::model::proceedings::ATTENDANCE,
    crate::model::proceedings::DECLARATIONS,
    crate::model::proceedings::MINUTES,
    "About",
];

/// A sheet a meeting workbook does not know is named, with the sheet meant when its name is
/// close to one ("Atendance"): its rows would otherwise be left out unseen.
fn unknown_sheets(wb: &Workbook, diags: &mut Diagnostics) {
    for sheet in &wb.sheets {
        if MEETING_SHEETS.iter().any(|k| norm(k) == norm(&sheet.name)) {
            continue;
        }
        let meant = nearest(&sheet.name, MEETING_SHEETS.iter().copied());
        let d = diags.warn(
            &sheet.name,
            None,
            "unknown-sheet",
            format!(
                "a meeting workbook has no sheet \"{}\" ({}); it is ignored",
                sheet.name,
                MEETING_SHEETS.join(", ")
            ),
        );
        d.suggestion = meant.map(str::to_owned);
    }
}

/// The Attendance, Declarations and Minutes sheets, each read when there is one, and the
/// checks between them and the decisions.
fn proceedings_of(
    wb: &Workbook,
    items: &[AgendaItem],
    decisions: &[crate::model::decisions::Decision],
    diags: &mut Diagnostics,
) -> crate::model::proceedings::Proceedings {
    use crate::model::proceedings as p;
    let numbers: Vec<&str> = items.iter().map(|i| i.number.as_str()).collect();
    let declarations_sheet = wb.sheet(p::DECLARATIONS);
    let proceedings = p::Proceedings {
        attendance: wb.sheet(p::ATTENDANCE).map(|s| p::attendance(s, diags)),
        declarations: declarations_sheet.map(|s| p::declarations(s, &numbers, diags)),
        minutes: wb.sheet(p::MINUTES).map(|s| p::minutes(s, &numbers, diags)),
    };
    let name = |sheet: &str| {
        wb.sheet(sheet)
            .map_or(sheet, |s| s.name.as_str())
            .to_owned()
    };
    let names = (name(crate::model::decisions::SHEET), name(p::DECLARATIONS));
    p::cross_check(&proceedings, decisions, (&names.0, &names.1), diags);
    proceedings
}

/// The Time field as councils write it ("6pm", "5.30pm"; "18:00" on the 24-hour clock): a
/// time cell, a time typed as text ("18:00", "6pm"), a bare fraction of a day, or the time
/// of a Date cell formatted to show one. Only a real date is an error; other text prints as
/// written ("on the rising of the previous meeting").
fn meeting_time(fields: &Cover, clock: Clock, diags: &mut Diagnostics) -> Option<String> {
    // With no Time, a Date cell that holds a time of day as well gives it.
    if fields.cell("Time").is_none_or(Cell::is_empty) {
        return match fields.cell("Date") {
            Some(Cell::DateTime(_, t)) => Some(t.on(clock).to_string()),
            _ => None,
        };
    }
    time_field(fields, "Time", clock, diags)
}

/// A time of day field (`Time`, `End time`) as councils write it: a time cell, a time typed
/// as text, or a fraction of a day; a date there is `time-as-date`, other text prints as
/// written.
fn time_field(
    fields: &Cover,
    label: &str,
    clock: Clock,
    diags: &mut Diagnostics,
) -> Option<String> {
    let cell = fields.cell(label).filter(|c| !c.is_empty())?;
    let time = match cell {
        Cell::Time(t) | Cell::DateTime(_, t) => Some(*t),
        Cell::Number(n) if (0.0..1.0).contains(n) => Some(Time::from_fraction(*n)),
        Cell::Text(t) => Time::parse(t),
        _ => None,
    };
    if let Some(t) = time {
        return Some(t.on(clock).to_string());
    }
    let shown = cell.display();
    if matches!(cell, Cell::Date(_)) || Date::parse(&shown).is_some() {
        diags.error(
            &fields.sheet,
            fields.at(label),
            "time-as-date",
            format!(
                "{label}: \"{shown}\" reads as a date, not a time of day; write the time, like \
                \"5.30pm\" or 17:30 in a time cell"
            ),
        );
    }
    Some(shown).filter(|s| !s.is_empty())
}

/// The Meeting sheet's Field / Value rows, read as a Cover is, with the meeting's own fields.
fn read_fields(sheet: &crate::workbook::Sheet, diags: &mut Diagnostics) -> Cover {
    let mut scratch = Diagnostics::new(diags.file.clone());
    let fields = Cover::read(sheet, &mut scratch);
    // The Cover reader knows the Cover's fields; the meeting has its own.
    diags.list.extend(
        scratch
            .list
            .into_iter()
            .filter(|d| d.code != "unknown-field"),
    );
    for (label, _, at) in fields.fields() {
        if !MEETING_FIELDS.iter().any(|k| norm(k) == norm(label)) {
            let d = diags.warn(
                &sheet.name,
                Some(label_cell(sheet, label, at)),
                "unknown-field",
                format!(
                    "\"{label}\" is not a Meeting field ({}); it is ignored",
                    MEETING_FIELDS.join(", ")
                ),
            );
            d.suggestion = nearest(label, MEETING_FIELDS.iter().copied()).map(str::to_owned);
        }
    }
    fields
}

/// The Agenda sheet's rows, with each Report resolved to a workbook in the meeting's folder.
/// The agenda rows, and why they cannot be trusted to say which papers are exempt, when
/// they cannot (see [`Meeting::untrusted`]).
fn read_agenda(
    sheet: &crate::workbook::Sheet,
    files: &[String],
    folder_rel: &str,
    diags: &mut Diagnostics,
) -> (Vec<AgendaItem>, Option<String>, Vec<String>) {
    let mut meant = Vec::new();
    let table = Table::new(sheet);
    // Which items are exempt is the one thing a meeting must never get wrong: a header that
    // may have been meant as Exempt is an error, and so is an agenda without the column.
    let mut near_miss = false;
    for (c, header) in table.headers.iter().enumerate() {
        if exempt::label(header) == Label::NearMiss {
            near_miss = true;
            let d = diags.error(&sheet.name, Some(cell_ref(table.header_row, c)), "exempt-label", format!(
                "the header \"{}\" may mean Exempt; name the column \"Exempt\" exactly (blank for \
                    a public item, else the Schedule 12A paragraph), because until Papers can tell \
                    which items are exempt no paper of this meeting is built",
                header.escape_debug()
            ));
            d.suggestion = Some("Exempt".to_owned());
        }
    }
    let required = table.require_with(
        ["Item", "Title", "Report", "Exempt"],
        &["To follow", "Withdrawn"],
        diags,
    );
    let Some([item_col, title_col, report_col, _]) = required.filter(|_| !near_miss) else {
        let why = format!(
            "{}: sheet \"{}\": the agenda's Item, Title, Report and Exempt columns cannot all be \
                found, so which items are exempt cannot be told",
            diags.file, sheet.name
        );
        return (Vec::new(), Some(why), meant);
    };
    let mut untrusted: Option<String> = None;
    let follow_col = table.column("To follow");
    let withdrawn_col = table.column("Withdrawn");
    let exempt_cols: Vec<usize> = (0..table.headers.len())
        .filter(|&c| exempt::label(&table.headers[c]) == Label::Exempt)
        .collect();
    let mut items: Vec<AgendaItem> = Vec::new();
    let mut claimed: HashMap<String, String> = HashMap::new();
    for r in table.rows() {
        let number = crate::model::numbering::read_item(
            table.text(r, item_col),
            &sheet.name,
            Some(cell_ref(r, item_col)),
            diags,
        );
        let title = Some(table.text(r, title_col)).filter(|t| !t.is_empty());
        let item_at = cell_ref(r, item_col);
        let mut at = item_at.clone();
        if number.is_empty() {
            diags.error(
                &sheet.name,
                Some(item_at.clone()),
                "missing-value",
                "the agenda row has no Item number",
            );
        } else if let Some(first) = items.iter().find(|i| i.number == number) {
            diags.warn(&sheet.name, Some(item_at.clone()), "duplicate-item", format!(
                "item {number} is on the agenda twice, at {} and {item_at}; number each item once",
                first.item_at
            ));
        }
        let mut to_follow =
            follow_col.is_some_and(|c| {
                let value = table.text(r, c);
                let ticked = is_yes(&value);
                if !ticked && !value.is_empty() && norm(&value) != "no" {
                    let d = diags.error(&sheet.name, Some(cell_ref(r, c)), "bad-value", format!(
                    "To follow: \"{value}\" is not Yes or No; write Yes when the report will \
                        follow the agenda, or leave it blank"
                ));
                    d.suggestion = nearest(&value, ["Yes", "No"]).map(str::to_owned);
                }
                ticked
            });
        let withdrawn = withdrawn_col.is_some_and(|c| {
            let value = table.text(r, c);
            let ticked = is_yes(&value) || norm(&value) == "withdrawn";
            if !ticked && !value.is_empty() && norm(&value) != "no" {
                let d = diags.error(&sheet.name, Some(cell_ref(r, c)), "bad-value", format!(
                    "Withdrawn: \"{value}\" is not Yes or No; write Yes when the item is withdrawn \
                        from the agenda, or leave it blank"
                ));
                d.suggestion = nearest(&value, ["Yes", "No"]).map(str::to_owned);
            }
            ticked
        });
        let mut unresolved = false;
        let report = Some(report_col).and_then(|c| {
            let name = table.text(r, c);
            // A formula with no stored value, or invisible characters: it may name any paper.
            if let Some(why) = exempt::unseen(table.cell(r, c)) {
                at = cell_ref(r, c);
                diags.error(&sheet.name, Some(at.clone()), "missing-report", format!(
                    "Report: {why}; so which workbook it names cannot be told. Type the workbook's \
                        name, or clear the cell"
                ));
                unresolved = true;
                return None;
            }
            if name.is_empty() {
                return None;
            }
            if matches!(
                norm(&name).trim_end_matches('.'),
                "to follow" | "report to follow"
            ) {
                to_follow = true;
                return None;
            }
            at = cell_ref(r, c);
            if let Err(why) = crate::base::paths::plain_name(&name) {
                diags.error(
                    &sheet.name,
                    Some(at.clone()),
                    "refused-path",
                    format!("Report: {why}; a Report names a workbook in the meeting's own folder"),
                );
                unresolved = true;
                return None;
            }
            let found = files
                .iter()
                .find(|f| norm(f) == norm(&name) || norm(stem(f)) == norm(&name));
            let Some(found) = found else {
                let d = diags.error(
                    &sheet.name,
                    Some(at.clone()),
                    "missing-report",
                    format!(
                        "Report: there is no workbook \"{name}\" in {} (found: {})",
                        if folder_rel.is_empty() {
                            "the project"
                        } else {
                            folder_rel
                        },
                        if files.is_empty() {
                            "none".to_owned()
                        } else {
                            files.join(", ")
                        }
                    ),
                );
                d.suggestion = nearest(&name, files.iter().map(String::as_str)).map(str::to_owned);
                meant.extend(d.suggestion.clone());
                unresolved = true;
                return None;
            };
            let rel = if folder_rel.is_empty() {
                found.clone()
            } else {
                format!("{folder_rel}/{found}")
            };
            if let Some(first) = claimed.get(&rel) {
                diags.error(&sheet.name, Some(at.clone()), "duplicate-report", format!(
                    "Report: {found} is already the paper of the agenda row at {first}; a paper \
                        goes on one row"
                ));
                // Kept, so that an exemption given on either row holds for the paper.
                return Some(rel);
            }
            claimed.insert(rel.clone(), at.clone());
            Some(rel)
        });
        // Two Exempt columns: the item is exempt if either says so.
        let mut exempt = None;
        let mut exempt_at = exempt_cols.first().map(|&c| cell_ref(r, c));
        for &c in &exempt_cols {
            // A formula with no stored value, an error or invisible characters is not blank.
            let said = match exempt::cell(table.cell(r, c)) {
                Ok(p) => p,
                Err(why) => {
                    diags.error(
                        &sheet.name,
                        Some(cell_ref(r, c)),
                        "bad-value",
                        format!("Exempt: {why}"),
                    );
                    // Never publish by mistake: a value that is not clearly public is exempt.
                    Some("unknown".to_owned())
                }
            };
            if exempt.is_none() && said.is_some() {
                exempt = said;
                exempt_at = Some(cell_ref(r, c));
            }
        }
        if title.is_none() && report.is_none() {
            diags.error(
                &sheet.name,
                Some(cell_ref(r, title_col)),
                "missing-value",
                "the agenda row has neither a Title nor a Report",
            );
        }
        // An exempt row whose paper cannot be found may be about any paper of the folder.
        if unresolved && exempt.is_some() && untrusted.is_none() {
            untrusted = Some(format!(
                "{}: sheet \"{}\", cell {at}: an exempt item's Report names no workbook of the \
                    folder, so no paper can be known to be public",
                diags.file, sheet.name
            ));
        }
        items.push(AgendaItem {
            number,
            title,
            report,
            exempt,
            to_follow,
            at,
            item_at,
            exempt_at,
            withdrawn,
        });
    }
    if items.is_empty() {
        diags.warn(&sheet.name, None, "empty-agenda", "the agenda has no items");
    }
    (items, untrusted, meant)
}

/// Whether a To follow cell is ticked.
fn is_yes(value: &str) -> bool {
    matches!(
        norm(value).as_str(),
        "yes" | "y" | "true" | "x" | "✓" | "✔" | "to follow"
    )
}

/// The cell of a field's label: the cell in the value's row that holds the label.
fn label_cell(sheet: &crate::workbook::Sheet, label: &str, value_at: &str) -> String {
    let row = value_at
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<usize>()
        .unwrap_or(1)
        .saturating_sub(1);
    let col = sheet
        .rows
        .get(row)
        .and_then(|r| r.iter().position(|c| c.display() == label))
        .unwrap_or(0);
    cell_ref(row, col)
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::paths::is_meeting_workbook;

    /// The Time field of a Meeting sheet whose Time value is `cell`, and the codes reported.
    fn time_of(cell: Cell, clock: Clock) -> (Option<String>, Vec<&'static str>) {
        let t = |s: &str| Cell::Text(s.into());
        rows_time(
            vec![vec![t("Field"), t("Value")], vec![t("Time"), cell]],
            clock,
        )
    }

    /// The Time of a Meeting sheet of these rows, and the codes reported.
    fn rows_time(rows: Vec<Vec<Cell>>, clock: Clock) -> (Option<String>, Vec<&'static str>) {
        let sheet = crate::workbook::Sheet {
            name: "Meeting".into(),
            rows,
            merges: vec![],
            bold: Vec::new(),
        };
        let mut diags = Diagnostics::new("meeting.xlsx");
        let fields = Cover::read(&sheet, &mut Diagnostics::new("meeting.xlsx"));
        let time = meeting_time(&fields, clock, &mut diags);
        (time, diags.list.iter().map(|d| d.code).collect())
    }

    #[test]
    fn the_time_prints_as_councils_write_it_and_only_a_date_is_refused() {
        let time = Time::new(18, 0).unwrap();
        let date = Date::new(2015, 11, 4).unwrap();
        let text = |s: &str| Cell::Text(s.into());
        assert_eq!(
            time_of(Cell::Time(time), Clock::Twelve),
            (Some("6pm".into()), vec![])
        );
        assert_eq!(
            time_of(Cell::Time(time), Clock::TwentyFour),
            (Some("18:00".into()), vec![])
        );
        assert_eq!(
            time_of(Cell::DateTime(date, time), Clock::Twelve),
            (Some("6pm".into()), vec![])
        );
        assert_eq!(
            time_of(Cell::Number(0.729_166_666_7), Clock::Twelve),
            (Some("5.30pm".into()), vec![])
        );
        assert_eq!(
            time_of(text("18:00"), Clock::Twelve),
            (Some("6pm".into()), vec![])
        );
        assert_eq!(
            time_of(text("5.30pm"), Clock::TwentyFour),
            (Some("17:30".into()), vec![])
        );
        assert_eq!(
            time_of(text("On rising of the previous meeting"), Clock::Twelve),
            (Some("On rising of the previous meeting".into()), vec![])
        );
        assert_eq!(time_of(Cell::Date(date), Clock::Twelve).1, ["time-as-date"]);
        assert_eq!(
            time_of(text("4 November 2015"), Clock::Twelve).1,
            ["time-as-date"]
        );
        let rows = |time: Cell| {
            vec![
                vec![text("Field"), text("Value")],
                vec![
                    text("Date"),
                    Cell::DateTime(date, Time::new(17, 30).unwrap()),
                ],
                vec![text("Time"), time],
            ]
        };
        assert_eq!(
            rows_time(rows(Cell::Empty), Clock::Twelve),
            (Some("5.30pm".into()), vec![])
        );
        assert_eq!(
            rows_time(rows(text("6pm")), Clock::Twelve),
            (Some("6pm".into()), vec![])
        );
    }

    #[test]
    fn meeting_workbooks_by_stem() {
        assert!(is_meeting_workbook(Path::new("inputs/x/Meeting.xlsx")));
        assert!(is_meeting_workbook(Path::new("inputs/x/meeting.ods")));
        assert!(!is_meeting_workbook(Path::new(
            "inputs/x/meeting-notes.xlsx"
        )));
        assert!(!is_meeting_workbook(Path::new("inputs/x/meeting.pdf")));
    }
}
