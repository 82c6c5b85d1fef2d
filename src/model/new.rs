//! Blank workbooks for `papers new`: for each document kind (and for a meeting) the sheets
//! and header rows of the workbook contract, the Cover's fields already listed, drop-down
//! lists for every fixed vocabulary, date cells that hold dates, frozen header rows, columns
//! wide enough to read, a note on every column and an `About` sheet that Papers never prints.
//!
//! Nothing is pre-filled that an author must replace: a value left in is a value printed, so
//! only the labels, the Template and the rows every assessment must answer (the protected
//! characteristics, the council's impact assessment items) are written.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Note, Workbook, Worksheet,
};

use crate::model::config::Config;

mod spec;

use spec::{Column, Field, Input, Layout, SheetSpec, sheets};

/// What a new workbook is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// A report to a committee: Cover, Contacts, Report.
    Report,
    /// An integrated impact assessment: Cover, Impact assessment, Impact recommendations.
    ImpactAssessment,
    /// An equality impact assessment: Cover, Equality impact, Actions.
    Eqia,
    /// An action plan with its status: Cover, Actions.
    ActionPlan,
    /// A meeting: meeting.xlsx with the Meeting and Agenda sheets.
    Meeting,
}

impl Kind {
    /// Every kind, in the order the help lists them.
    pub const ALL: [Kind; 5] = [
        Kind::Report,
        Kind::ImpactAssessment,
        Kind::Eqia,
        Kind::ActionPlan,
        Kind::Meeting,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::ImpactAssessment => "impact-assessment",
            Kind::Eqia => "eqia",
            Kind::ActionPlan => "action-plan",
            Kind::Meeting => "meeting",
        }
    }

    /// What the kind is called in a sentence.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::ImpactAssessment => "integrated impact assessment",
            Kind::Eqia => "equality impact assessment",
            Kind::ActionPlan => "action plan",
            Kind::Meeting => "meeting",
        }
    }

    /// The template a document of this kind is printed with (none for a meeting).
    pub fn template(self) -> Option<&'static str> {
        match self {
            Kind::Report => Some("committee-report"),
            Kind::ImpactAssessment => Some("impact-assessment"),
            Kind::Eqia => Some("equality-impact-assessment"),
            Kind::ActionPlan => Some("action-plan"),
            Kind::Meeting => None,
        }
    }
}

/// How many rows below the header get the drop-downs and date formats of their column.
const ROWS: u32 = 500;

/// The cell formats of a new workbook.
struct Formats {
    header: Format,
    label: Format,
    wrap: Format,
    literal: Format,
    date: Format,
    title: Format,
}

impl Formats {
    fn new() -> Self {
        let top = Format::new().set_align(FormatAlign::Top);
        Self {
            header: Format::new()
                .set_bold()
                .set_background_color("#D9E2F3")
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top),
            label: top.clone().set_bold(),
            wrap: top.clone().set_text_wrap(),
            literal: top.clone().set_num_format("@"),
            date: top
                .set_num_format("d mmmm yyyy")
                .set_align(FormatAlign::Left),
            title: Format::new().set_bold().set_font_size(14),
        }
    }

    fn of(&self, input: &Input) -> &Format {
        match input {
            Input::Literal => &self.literal,
            Input::Date { .. } => &self.date,
            Input::Text | Input::Choice { .. } => &self.wrap,
        }
    }
}

/// The workbook of `kind` as .xlsx bytes, shaped by the project's papers.toml (its local EqIA
/// groups, IIA categories and divisions label).
pub fn workbook(kind: Kind, config: &Config) -> anyhow::Result<Vec<u8>> {
    let specs = sheets(kind, config);
    let formats = Formats::new();
    let mut wb = Workbook::new();
    for spec in &specs {
        let ws = wb.add_worksheet();
        ws.set_name(spec.name)?;
        match &spec.layout {
            Layout::Fields(fields) => write_fields(ws, fields, &formats)?,
            Layout::Table { columns, rows } => write_table(ws, columns, rows, &formats)?,
        }
    }
    write_about(wb.add_worksheet(), kind, &specs, &formats)?;
    wb.worksheet_from_index(0)?.set_active(true);
    Ok(wb.save_to_buffer()?)
}

/// Field / Value rows: the labels in bold, each value cell formatted and validated for its
/// field, with the field's help shown when the cell is selected.
fn write_fields(ws: &mut Worksheet, fields: &[Field], formats: &Formats) -> anyhow::Result<()> {
    ws.write_string_with_format(0, 0, "Field", &formats.header)?;
    ws.write_string_with_format(0, 1, "Value", &formats.header)?;
    ws.insert_note(
        0,
        1,
        &note(
            "Fill in the value of each field in this column. A field left blank \
        is left out of the paper.",
        ),
    )?;
    for (i, f) in fields.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, &f.label, &formats.label)?;
        match &f.value {
            Some(v) => ws.write_string_with_format(row, 1, v, formats.of(&f.input))?,
            None => ws.write_blank(row, 1, formats.of(&f.input))?,
        };
        let validation = validation(&f.input)?
            .set_input_title(short(&f.label, 32))?
            .set_input_message(short(&f.help, 255))?;
        ws.add_data_validation(row, 1, row, 1, &validation)?;
    }
    let widest = fields
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(5);
    ws.set_column_width(0, (widest + 3) as f64)?;
    ws.set_column_width(1, 70)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_selection(2, 1, 2, 1)?;
    Ok(())
}

/// A header row with a note on each column, the pre-filled rows, and each column's format
/// and validation down to [`ROWS`].
fn write_table(
    ws: &mut Worksheet,
    columns: &[Column],
    rows: &[Vec<String>],
    formats: &Formats,
) -> anyhow::Result<()> {
    for (c, col) in columns.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, col.header, &formats.header)?;
        ws.insert_note(0, c, &note(&col.help))?;
        ws.set_column_format(c, formats.of(&col.input))?;
        if !matches!(col.input, Input::Text | Input::Literal) {
            let validation = validation(&col.input)?
                .set_input_title(short(col.header, 32))?
                .set_input_message(short(&col.help, 255))?;
            ws.add_data_validation(1, c, ROWS, c, &validation)?;
        }
        let longest = rows
            .iter()
            .filter_map(|r| r.get(c as usize))
            .map(|v| v.chars().count())
            .max()
            .unwrap_or(0);
        ws.set_column_width(c, width(col, longest))?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if !value.is_empty() {
                ws.write_string_with_format(
                    r as u32 + 1,
                    c as u16,
                    value,
                    formats.of(&columns[c].input),
                )?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A column's width in characters: room for its header and the drop-down arrow, for the
/// longest pre-filled value, and for a readable line of text in a text column.
fn width(col: &Column, longest: usize) -> f64 {
    let header = col.header.chars().count() + 4;
    let floor = match &col.input {
        Input::Text => 30,
        Input::Literal => 12,
        Input::Date { .. } => 18,
        Input::Choice { options, .. } => options
            .iter()
            .map(|o| o.chars().count() + 4)
            .max()
            .unwrap_or(10),
    };
    let text_column = matches!(col.input, Input::Text)
        && matches!(
            col.header,
            "Text" | "Explanation" | "Comments" | "Action" | "Expected outcome"
        );
    let wanted = header.max(floor).max(longest + 2);
    (if text_column {
        wanted.max(60)
    } else {
        wanted.min(60)
    }) as f64
}

/// The validation of a cell: a list, a date, or anything (which still carries the help).
fn validation(input: &Input) -> anyhow::Result<DataValidation> {
    Ok(match input {
        Input::Choice { options, strict }
            if !options.is_empty() && options.join(",").chars().count() <= 255 =>
        {
            let v = DataValidation::new().allow_list_strings(options)?;
            if *strict {
                v.set_error_title("Not on the list")?
                    .set_error_message(format!("Choose one of: {}.", options.join(", ")))?
            } else {
                v.set_error_style(DataValidationErrorStyle::Information)
                    .set_error_title("Not on the list")?
                    .set_error_message(
                        "That is not one of the usual values; Papers takes it as written.",
                    )?
            }
        }
        Input::Date { strict: true } => DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1900, 1, 1)?,
                ExcelDateTime::from_ymd(9999, 12, 31)?,
            ))
            .set_error_title("A date is needed")?
            .set_error_message("Type a date, such as 4/11/2026 or 4 November 2026.")?,
        _ => DataValidation::new().allow_any_value(),
    })
}

/// The `About` sheet: what each sheet is for and how to get from here to a PDF. Papers never
/// prints it.
fn write_about(
    ws: &mut Worksheet,
    kind: Kind,
    specs: &[SheetSpec],
    formats: &Formats,
) -> anyhow::Result<()> {
    ws.set_name("About")?;
    ws.write_string_with_format(
        0,
        0,
        format!("About this {} workbook", kind.title()),
        &formats.title,
    )?;
    ws.write_string_with_format(2, 0, "Sheet", &formats.header)?;
    ws.write_string_with_format(2, 1, "What it is for", &formats.header)?;
    let mut row = 3;
    for spec in specs {
        ws.write_string_with_format(row, 0, spec.name, &formats.label)?;
        ws.write_string_with_format(row, 1, &spec.purpose, &formats.wrap)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "About", &formats.label)?;
    ws.write_string_with_format(row, 1, "This guide. Papers never prints it.", &formats.wrap)?;
    row += 2;
    let steps: Vec<String> =
        if kind == Kind::Meeting {
            vec![
            "Keep this file as meeting.xlsx in the meeting's folder under inputs/, with the \
                workbook of each paper beside it. Saved from LibreOffice as meeting.ods, or from \
                older Excel as meeting.xls, it is a meeting workbook too.".into(),
            "Fill in the Meeting sheet and list the agenda, one item per row.".into(),
            "Run \"papers check\" in the project folder: it lists every slip with its sheet and \
                cell.".into(),
            "Run \"papers build\": the agenda pack is written under output/.".into(),
            "After the meeting, fill in the Decisions, Attendance, Declarations and Minutes sheets \
                and the Meeting sheet's Decisions published: the decision notices, the register of \
                decisions and the draft minutes are written; give Minutes approved once a later \
                meeting approves them.".into(),
        ]
        } else {
            vec![
            "Fill in the Cover's Value column (Title at least) and the other sheets. Selecting a \
                cell shows what it wants; a red corner on a header holds a note.".into(),
            "Text cells may use **bold**, *italic*, [text](https://...) and lines starting \"- \" \
                for bullets; everything else prints as typed.".into(),
            "Run \"papers check\" in the project folder: it lists every slip with its sheet and \
                cell.".into(),
            "Run \"papers build\": the PDF is written under output/, with the same name as this \
                workbook.".into(),
        ]
        };
    ws.write_string_with_format(row, 0, "Next steps", &formats.label)?;
    for (i, step) in steps.iter().enumerate() {
        ws.write_string_with_format(row, 1, format!("{}. {step}", i + 1), &formats.wrap)?;
        row += 1;
    }
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}

/// A note wide enough for its text.
fn note(text: &str) -> Note {
    let lines = text.chars().count() / 40 + 1;
    Note::new(text)
        .set_width(300)
        .set_height(24 + 16 * lines as u32)
}

/// At most `max` characters (Excel's limits on validation titles and messages).
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}

/// Where `papers new KIND PATH` writes: PATH itself, with `.xlsx` added when it has no
/// extension; for a meeting, `meeting.xlsx` in PATH when PATH is a folder or has no extension.
pub fn target(kind: Kind, path: &Path) -> anyhow::Result<PathBuf> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let path = match (kind, ext.as_deref()) {
        (Kind::Meeting, None) => path.join("meeting.xlsx"),
        (_, None) => path.with_extension("xlsx"),
        (_, Some("xlsx")) => path.to_owned(),
        (Kind::Meeting, Some("ods" | "xls")) => bail!(
            "papers new writes .xlsx workbooks; write {} and save it from LibreOffice or Excel as \
                {}: meeting.ods and meeting.xls are meeting workbooks too",
            path.with_extension("xlsx").display(),
            path.display()
        ),
        (_, Some(other)) => bail!(
            "papers new writes .xlsx workbooks, not .{other}; name the file {}",
            path.with_extension("xlsx").display()
        ),
    };
    if kind == Kind::Meeting && !crate::base::paths::is_meeting_workbook(&path) {
        bail!(
            "a meeting's workbook must be called meeting.xlsx (or meeting.ods, meeting.xls), in \
                the meeting's folder (such as inputs/2026-03-04-cabinet/meeting.xlsx); {} would be \
                read as a paper",
            path.display()
        );
    }
    Ok(path)
}

/// Writes a new workbook of `kind` to `path` (see [`target`]), creating its folder; refuses
/// to overwrite anything. Returns the path written and its sheet names.
pub fn create(kind: Kind, path: &Path, config: &Config) -> anyhow::Result<(PathBuf, Vec<String>)> {
    let path = target(kind, path)?;
    if path.exists() {
        bail!(
            "{} already exists; papers new never overwrites a file (choose another name, or move \
                the old one away)",
            path.display()
        );
    }
    let bytes = workbook(kind, config)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    // create_new: a file that appeared since the check above is still never overwritten.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!(
                    "{} already exists; papers new never overwrites a file",
                    path.display()
                )
            } else {
                anyhow::anyhow!("writing {}: {e}", path.display())
            }
        })?;
    std::io::Write::write_all(&mut file, &bytes)
        .with_context(|| format!("writing {}", path.display()))?;
    let mut names: Vec<String> = sheets(kind, config)
        .iter()
        .map(|s| s.name.to_owned())
        .collect();
    names.push("About".to_owned());
    Ok((path, names))
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader;

    fn read(kind: Kind, config: &Config) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
        calamine::Xlsx::new(std::io::Cursor::new(workbook(kind, config).unwrap())).unwrap()
    }

    fn column_a(wb: &mut calamine::Xlsx<std::io::Cursor<Vec<u8>>>, sheet: &str) -> Vec<String> {
        let range = wb.worksheet_range(sheet).unwrap();
        range.rows().map(|r| r[0].to_string()).collect()
    }

    #[test]
    fn the_template_is_filled_and_the_divisions_follow_papers_toml() {
        let mut wb = read(Kind::Report, &Config::default());
        let range = wb.worksheet_range("Cover").unwrap();
        assert_eq!(range.get((1, 0)).unwrap().to_string(), "Template");
        assert_eq!(range.get((1, 1)).unwrap().to_string(), "committee-report");
        assert!(column_a(&mut wb, "Cover").contains(&"Electoral divisions".to_owned()));
        let wards = Config {
            labels: crate::model::config::Labels {
                divisions: "Ward/s".into(),
                ..Default::default()
            },
            ..Config::default()
        };
        assert!(column_a(&mut read(Kind::Report, &wards), "Cover").contains(&"Wards".to_owned()));
    }

    #[test]
    fn eqia_lists_the_nine_and_the_local_groups() {
        let config = Config {
            eqia_groups: vec!["Care experience".into(), "Rurality".into()],
            ..Config::default()
        };
        let groups = column_a(&mut read(Kind::Eqia, &config), "Equality impact");
        assert_eq!(groups.len(), 1 + 9 + 2);
        assert_eq!(groups[1], "Age");
        assert_eq!(groups[9], "Sexual orientation");
        assert_eq!(groups[11], "Rurality");
    }

    #[test]
    fn iia_items_follow_the_configured_categories() {
        let config = Config {
            iia_categories: vec!["Social".into(), "Housing".into()],
            ..Config::default()
        };
        let categories = column_a(
            &mut read(Kind::ImpactAssessment, &config),
            "Impact assessment",
        );
        assert_eq!(categories[0], "Category");
        assert!(
            categories[1..].iter().all(|c| c == "Social"),
            "{categories:?}"
        );
        assert_eq!(categories.len(), 5);
    }

    #[test]
    fn targets() {
        assert_eq!(
            target(Kind::Report, Path::new("inputs/a")).unwrap(),
            Path::new("inputs/a.xlsx")
        );
        assert_eq!(
            target(Kind::Meeting, Path::new("inputs/m")).unwrap(),
            Path::new("inputs/m/meeting.xlsx")
        );
        assert!(
            target(Kind::Meeting, Path::new("inputs/m/agenda.xlsx"))
                .unwrap_err()
                .to_string()
                .contains("meeting.xlsx")
        );
        assert!(
            target(Kind::Report, Path::new("inputs/a.ods"))
                .unwrap_err()
                .to_string()
                .contains("a.xlsx")
        );
    }
}
