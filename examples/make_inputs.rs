//! Regenerates the example project's workbooks under `inputs/` from the five seed papers
//! (`../shared/seeds/*.txt`): two meetings, with their papers, and three stand-alone
//! Cambridgeshire documents. Each seed is transcribed in full, following the workbook
//! contract in the README; the only invented content is the meeting details, the agenda
//! items without papers, the exempt Norwich land disposal report and what the clerk recorded
//! after the Norwich meeting (attendance, a declaration, decisions and minutes).
//!
//! Run it from the repository root (it writes relative to the current folder):
//!
//! ```sh
//! cargo run --example make_inputs
//! ```
//!
//! It uses only `rust_xlsxwriter`, not the `papers` library, so that it builds whatever state
//! the library is in.

use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

type Result<T = ()> = std::result::Result<T, XlsxError>;

/// Builds one workbook.
type Maker = fn() -> Result<Workbook>;

fn main() -> Result {
    let root = Path::new("inputs");
    let cambs_meeting = root.join("2010-12-14-cambridgeshire-cabinet");
    let norwich_meeting = root.join("2015-11-04-norwich-cabinet");
    let cambs = root.join("cambridgeshire");
    for dir in [&cambs_meeting, &norwich_meeting, &cambs] {
        fs::create_dir_all(dir).map_err(XlsxError::IoError)?;
    }

    let jobs: [(PathBuf, Maker); 8] = [
        (cambs_meeting.join("meeting.xlsx"), cambridgeshire_meeting),
        (
            cambs_meeting.join("inequalities-charter.xlsx"),
            inequalities_charter,
        ),
        (
            norwich_meeting.join("meeting.xlsx"),
            norwich_meeting_workbook,
        ),
        (
            norwich_meeting.join("reducing-inequalities.xlsx"),
            reducing_inequalities,
        ),
        (norwich_meeting.join("land-disposal.xlsx"), land_disposal),
        (
            cambs.join("single-equality-strategy.xlsx"),
            single_equality_strategy,
        ),
        (
            cambs.join("integrated-plan-2010.xlsx"),
            integrated_plan_2010,
        ),
        (
            cambs.join("eqia-01497-closer-to-communities.xlsx"),
            eqia_closer_to_communities,
        ),
    ];
    for (path, make) in jobs {
        make()?.save(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A value on a Field / Value sheet.
enum Value<'a> {
    Text(&'a str),
    Number(f64),
    /// A real Excel date (year, month, day), shown as "4 November 2015".
    Date(u16, u8, u8),
}

/// A text value; Markdown-subset markup and line breaks pass through as typed.
fn text(s: &str) -> Value<'_> {
    Value::Text(s)
}

/// A whole-number cell (agenda item, Schedule 12A paragraph).
fn number(n: u32) -> Value<'static> {
    Value::Number(f64::from(n))
}

/// A date cell.
fn date(year: u16, month: u8, day: u8) -> Value<'static> {
    Value::Date(year, month, day)
}

/// The cell formats every sheet shares.
struct Styles {
    header: Format,
    title: Format,
    wrap: Format,
    date: Format,
    centre: Format,
}

impl Styles {
    fn new() -> Styles {
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#D9E1F2")
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(12),
            date: Format::new()
                .set_num_format("d mmmm yyyy")
                .set_align(FormatAlign::Top)
                .set_align(FormatAlign::Left),
            centre: Format::new()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            wrap,
        }
    }
}

/// Writes one value: text (skipped when empty), a number or a date cell.
fn write_value(ws: &mut Worksheet, row: u32, col: u16, value: &Value, s: &Styles) -> Result {
    match value {
        Value::Text("") => {}
        Value::Text(t) => {
            ws.write_string_with_format(row, col, *t, &s.wrap)?;
        }
        Value::Number(n) => {
            ws.write_number_with_format(
                row,
                col,
                *n,
                &s.wrap.clone().set_align(FormatAlign::Left),
            )?;
        }
        Value::Date(y, m, d) => {
            ws.write_datetime_with_format(row, col, ExcelDateTime::from_ymd(*y, *m, *d)?, &s.date)?;
        }
    }
    Ok(())
}

/// Adds a two-column Field / Value sheet (`Cover`, `Meeting`).
fn field_sheet(wb: &mut Workbook, name: &str, fields: &[(&str, Value)]) -> Result {
    let s = Styles::new();
    let ws = wb.add_worksheet().set_name(name)?;
    ws.write_string_with_format(0, 0, "Field", &s.header)?;
    ws.write_string_with_format(0, 1, "Value", &s.header)?;
    for (i, (label, value)) in fields.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, 0, *label, &s.wrap)?;
        write_value(ws, row, 1, value, &s)?;
    }
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 100)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Adds a table sheet: an optional title alone in A1, then the bold header row, then the rows.
/// Cells holding only digits (agenda items, Schedule 12A paragraphs) are written as numbers;
/// empty strings leave the cell blank. `widths` gives the column widths in characters.
fn table_sheet(
    wb: &mut Workbook,
    name: &str,
    title: Option<&str>,
    header: &[&str],
    rows: &[&[&str]],
    widths: &[f64],
) -> Result {
    let s = Styles::new();
    let ws = wb.add_worksheet().set_name(name)?;
    let mut row = 0;
    if let Some(title) = title {
        ws.write_string_with_format(0, 0, title, &s.title)?;
        row = 1;
    }
    for (col, label) in header.iter().enumerate() {
        ws.write_string_with_format(row, col as u16, *label, &s.header)?;
    }
    ws.set_freeze_panes(row + 1, 0)?;
    for cells in rows {
        row += 1;
        for (col, cell) in cells.iter().enumerate() {
            let value = match cell.parse::<u32>() {
                Ok(n) => number(n),
                Err(_) => text(cell),
            };
            write_value(ws, row, col as u16, &value, &s)?;
        }
    }
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    Ok(())
}

/// The standard `Contacts` sheet: Role, Name, Post, Email, Telephone.
fn contacts_sheet(wb: &mut Workbook, rows: &[&[&str]]) -> Result {
    table_sheet(
        wb,
        "Contacts",
        None,
        &["Role", "Name", "Post", "Email", "Telephone"],
        rows,
        &[18.0, 26.0, 50.0, 40.0, 16.0],
    )
}

/// The standard `Report` sheet: Heading, Subheading, Text.
fn report_sheet(wb: &mut Workbook, rows: &[&[&str]]) -> Result {
    table_sheet(
        wb,
        "Report",
        None,
        &["Heading", "Subheading", "Text"],
        rows,
        &[32.0, 30.0, 110.0],
    )
}

/// A new, empty workbook. Its creation date is fixed (Excel would stamp the current time) so
/// that regenerating the inputs gives byte-identical files.
fn new_workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2015, 11, 4)?),
    );
    Ok(wb)
}

/// A new workbook whose first sheet is the `Cover`.
fn document(cover: &[(&str, Value)]) -> Result<Workbook> {
    let mut wb = new_workbook()?;
    field_sheet(&mut wb, "Cover", cover)?;
    Ok(wb)
}

/// The `Meeting` and `Agenda` sheets of a meeting folder's `meeting.xlsx`.
fn meeting_workbook(meeting: &[(&str, Value)], agenda: &[&[&str]]) -> Result<Workbook> {
    let mut wb = new_workbook()?;
    field_sheet(&mut wb, "Meeting", meeting)?;
    table_sheet(
        &mut wb,
        "Agenda",
        None,
        &["Item", "Title", "Report", "Exempt"],
        agenda,
        &[8.0, 60.0, 34.0, 10.0],
    )?;
    Ok(wb)
}

// ---------------------------------------------------------------------------------------------
// Cambridgeshire County Council, Cabinet, 14 December 2010 (seed 000)
// ---------------------------------------------------------------------------------------------

fn cambridgeshire_meeting() -> Result<Workbook> {
    meeting_workbook(
        &[
            ("Committee", text("Cabinet")),
            ("Date", date(2010, 12, 14)),
            ("Published", date(2010, 12, 6)),
            ("Time", text("10.00 am")),
            (
                "Venue",
                text("Kreis Viersen Room, Shire Hall, Castle Hill, Cambridge CB3 0AP"),
            ),
            (
                "Members",
                text(
                    "Councillor J Tuck (Chairwoman)\n\
                     Councillor Sir Peter Brown\n\
                     Councillor N Clarke\n\
                     Councillor S Criswell\n\
                     Councillor M Curtis\n\
                     Councillor D Harty\n\
                     Councillor L Oliver\n\
                     Councillor T Orgee\n\
                     Councillor F Yeulett",
                ),
            ),
            (
                "Contact",
                text("Democratic Services, Shire Hall, Castle Hill, Cambridge CB3 0AP"),
            ),
        ],
        &[
            &["1", "Apologies for absence", "", ""],
            &["2", "Declarations of interest", "", ""],
            &["3", "Minutes of the previous meeting", "", ""],
            &["4", "Petitions", "", ""],
            &[
                "5",
                "Cambridgeshire's Inequalities Charter",
                "inequalities-charter.xlsx",
                "",
            ],
            &["6", "Cabinet agenda plan", "", ""],
            &["7", "Date of next meeting", "", ""],
        ],
    )
}

/// Seed 000: report to Cabinet, "Cambridgeshire's Inequalities Charter", with its three
/// appendices (consultation questions, the charter, the alignment matrix).
fn inequalities_charter() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("committee-report")),
        ("Council", text("Cambridgeshire County Council")),
        ("Title", text("Cambridgeshire's Inequalities Charter")),
        ("Committee", text("Cabinet")),
        ("Meeting date", date(2010, 12, 14)),
        ("Item", number(5)),
        (
            "Report of",
            text("Executive Director: Children and Young People's Services"),
        ),
        ("Electoral divisions", text("All")),
        ("Forward plan ref", text("Not applicable")),
        ("Key decision", text("No")),
        (
            "Purpose",
            text(
                "To comment on and agree the Inequalities Charter for Cambridgeshire. The wording of which has \
                 been agreed by members of the Inequalities Charter project team, which is made up of \
                 representatives from the County Council, Cambridge City Council, Fenland District, \
                 Cambridgeshire Horizons, NHS Cambridgeshire, Cambridgeshire Fire and Rescue, and Cambridgeshire \
                 Constabulary.",
            ),
        ),
        (
            "Recommendations",
            text(
                "It is recommended that Cabinet consider the consultation questions (appendix A) in this report \
                 in regard to the Charter and agree any changes to it.\n\
                 It is recommended that the Charter is adopted by Cambridgeshire County Council and integrated \
                 into its strategic planning process. Once adopted, it is recommended that it is promoted \
                 throughout the organisation.",
            ),
        ),
        ("Background documents", text("None")),
        (
            "Alignment title",
            text("Appendix C – How the Charter aligns with other strategies and plans"),
        ),
    ])?;

    contacts_sheet(
        &mut wb,
        &[
            &[
                "Officer contact",
                "Joanna Little",
                "Box No: RES1206 Room No:219 Shire Hall Castle Hill Cambridge CB3 0AP",
                "Joanna.Little@cambridgeshire.gov.uk",
                "01223 699992",
            ],
            &[
                "Member contact",
                "Councillor Sir Peter Brown",
                "Portfolio: Communities",
                "Peter.Brown@Cambridgeshire.gov.uk",
                "01223 699173",
            ],
        ],
    )?;

    report_sheet(
        &mut wb,
        &[
            &["Background", "", ""],
            &[
                "",
                "",
                "There are areas and communities within Cambridgeshire where people tend to experience poorer \
                 opportunities and outcomes across a wide range of issues, including health and education. \
                 Tackling this inequality can be very difficult for the public sector because of the multiple \
                 factors involved. These multiple factors may lead to residents receiving numerous interventions \
                 from the public sector that are not as co-ordinated or efficient as possible.",
            ],
            &[
                "",
                "",
                "The countywide partnership project, Making Cambridgeshire Count (MCC), which the County Council \
                 is a committed participant in, decided to examine our approach to tackling inequality in \
                 Cambridgeshire. Senior officers visited citizens who required extensive support from public \
                 services, and talked to them about how their lives could be improved. From these conversations, \
                 and through working with officers representing the range of public services in Cambridgeshire, \
                 the Inequalities Charter was created. It is designed to articulate a better way of working, and \
                 is proposed for adoption by the public sector organisations in Cambridgeshire. The Charter's \
                 priorities are intended to save money and improve performance by:\n\
                 - Encouraging the redesign of our approach to tackling inequalities\n\
                 - A focus on one set of priorities\n\
                 - Using resources better\n\
                 - Examining whether preventative actions can reduce longer term problems and costs\n\
                 - Working closer together as a public sector to better coordinate services on behalf of residents.",
            ],
            &[
                "",
                "",
                "Antoinette Jackson (Chief Executive of Cambridge City Council) and Alex Plant (Chief Executive of \
                 Cambridgeshire Horizons) are the project sponsors for the Inequalities Charter project.",
            ],
            &[
                "",
                "",
                "In December 2009, the idea of the Inequalities Charter was presented to Members and non-executive \
                 board members from across the county. It was agreed as a worthwhile project that should be taken \
                 forward.",
            ],
            &[
                "",
                "",
                "A draft charter has now been agreed for recommendation to Members by each of the Chief Officers \
                 of the organisations participating in MCC. The Charter is now in a position to be adopted by each \
                 public sector organisation committed to MCC.",
            ],
            &["What is the Charter?", "", ""],
            &[
                "",
                "",
                "The Charter itself (appendix B) is a one page document which sets out the key social, economic \
                 and environmental aspects of inequalities across the whole of Cambridgeshire. It advocates a \
                 holistic approach to reducing inequalities at less cost, which includes shifting resources, \
                 better joined up working between different public sector agencies and the importance of working \
                 with communities to ensure services are shaped around their needs.",
            ],
            &[
                "",
                "",
                "The Charter provides a focus to the issue of inequality in Cambridgeshire. It is intended to \
                 promote awareness and set an expectation that organisations adopting the Charter ensure that \
                 addressing inequalities through developing new ways of working is a key part of strategic and \
                 operational plans.",
            ],
            &["Links to other projects and plans", "", ""],
            &[
                "",
                "",
                "There are currently a number of policies, strategies and action plans in Cambridgeshire that \
                 touch on inequality issues to some extent. The Charter is not intended to duplicate or supercede \
                 these existing documents as all the principles in the Charter are separately delivered by other \
                 plans. The Charter provides a focus on and a summary of, Cambridgeshire's thinking on addressing \
                 inequalities.",
            ],
            &[
                "",
                "",
                "Appendix C shows how the Charter links to the other strategies and action plans in the county.",
            ],
            &["Purpose and main benefits", "", ""],
            &[
                "",
                "",
                "The Charter is a tool designed to inform strategic and project planning within the County by \
                 illustrating the key inequality issues that exist within Cambridgeshire. It is deliberately short \
                 and simple, so that it can be displayed and be used as an aide memoir across the public sector in \
                 Cambridgeshire and borne in mind during strategic and project planning.",
            ],
            &[
                "",
                "",
                "The Charter will reinforce the need for public agencies and communities in Cambridgeshire to work \
                 together in new ways to tackle inequalities. Its ideas should be applied throughout the Council's \
                 work and are especially relevant to the other Making Cambridgeshire Count projects.",
            ],
            &[
                "",
                "",
                "If the Charter is adopted across the public services in Cambridgeshire and integrated into our \
                 organisational and countywide plans, then it should focus the efforts of public bodies in \
                 Cambridgeshire toward a more collaborative and more effective approach to tackling inequalities, \
                 delivered at lower cost.",
            ],
            &["Refreshing the Charter", "", ""],
            &[
                "",
                "",
                "The priority issues within the Charter will change as we begin to tackle issues of inequalities \
                 more effectively. The Charter will need to be reviewed around every five years.",
            ],
            &["Significant implications", "", ""],
            &[
                "",
                "Resources and Performance",
                "If the Charter is adopted by the County Council, and it is proposed and agreed as the inequalities \
                 strand of the Cambridgeshire Together Plan, then fully supporting it will require resources to be \
                 aligned to meet its aims. However, the benefit would accrue through better alignment of the \
                 existing resources that individual organisations give to tackling inequality.",
            ],
            &[
                "",
                "Statutory Requirements and Partnership Working",
                "The Charter was created in partnership with other public sector organisations across the county. \
                 Proposals are likely to be made that it forms the inequality strand of the Cambridgeshire \
                 Together Plan.",
            ],
            &[
                "",
                "Climate Change",
                "There are no significant implications.",
            ],
            &[
                "",
                "Access and Inclusion",
                "The Charter is designed to help tackle inequality in Cambridgeshire and should therefore \
                 contribute to reducing exclusion, crime and disorder amongst the most vulnerable in the county. It \
                 should also help to improve access to services amongst disadvantaged groups.",
            ],
            &[
                "",
                "Engagement and Consultation",
                "Some of the principles outlined in the Charter can be used to underpin our community engagement \
                 and consultation work. These principles are:\n\
                 - Regularly informing our communities about the progress of our work\n\
                 - Working with our communities to raise aspirations and shape our services around their needs\n\
                 - Recognising that progress against our priorities requires action by our communities as well as \
                 by our own organisations.",
            ],
        ],
    )?;

    // The paragraphs before the questions follow the title in the title cell: they print as
    // the appendix's introduction.
    table_sheet(
        &mut wb,
        "Appendix A",
        Some(
            "Appendix A – Consultation questions\n\
             These consultation questions are intended to focus on the concepts within the inequalities \
             Charter, rather than the specific wording. Representatives from across the public sector in \
             Cambridgeshire have worked to agree the wording.\n\n\
             Through consultation it is hoped that the agreement can be reached on the principles underlying \
             the Charter and the concepts contained within it. Key issues to address are:",
        ),
        &["No.", "Question"],
        &[
            &[
                "1",
                "Are the general approaches for working together across Cambridgeshire the right ones?",
            ],
            &[
                "2",
                "Are the three strands of the Charter the right ones? (Active and well; living in a safe and \
                 pleasant place; educated, skilled and in employment)",
            ],
            &["3", "Are there any key ideas missing from the Charter?"],
            &[
                "4",
                "Is there anything currently in the Charter that should be taken out?",
            ],
            &[
                "5",
                "How can we ensure that the Charter is used effectively and how can we promote the Charter within \
                 Cambridgeshire County Council?",
            ],
        ],
        &[8.0, 100.0],
    )?;

    // The charter: its opening line in the title cell, one row per strand with its priorities
    // as bullets, and a last row for the commitment and the ways of working that close it.
    table_sheet(
        &mut wb,
        "Appendix B",
        Some(
            "Appendix B – Cambridgeshire's 2010 – 2015 signposts to success\n\
             We will take action to ensure people in the most need have the opportunity to be:",
        ),
        &["Strand", "Priorities"],
        &[
            &[
                "Active and well",
                "- Tackle health inequalities by reducing inequalities in the most deprived areas and amongst the \
                 most vulnerable\n\
                 - Preventing health inequalities in our new communities.\n\
                 - Make sure that all our communities are places where people from different backgrounds get on \
                 well together.",
            ],
            &[
                "Living in a safe & pleasant place",
                "- Improve the provision of housing with a focus on deprived areas and vulnerable groups.\n\
                 - Make sure that people who live in the 25 most deprived areas can access the services they need.\n\
                 - Reduce the number of people who are homeless.\n\
                 - Reduce crime associated with the most vulnerable people and in areas where it is highest.",
            ],
            &[
                "Educated, skilled & in employment",
                "- Ensure that children living in areas of relative deprivation get the best possible start in life \
                 and that the gap in educational attainment is narrowed.\n\
                 - Target action to increase the number of people who continue in education and training after the \
                 age of 16.\n\
                 - Work with other organisations to increase reasonably paid job opportunities in areas of higher \
                 unemployment.",
            ],
            &[
                "Working together",
                "**We're committed to working together to make Cambridgeshire a great place, with great people and \
                 prospects for everyone.**\n\n\
                 Cambridgeshire's public services have agreed to publish this shared Charter of Priorities which \
                 sets out a new way of working together for the benefit of local people.\n\n\
                 **We will develop new approaches and work differently together by:**\n\
                 - Co-operating with each other to ensure that resources are aligned to where improvements in \
                 delivery and outcomes are most required\n\
                 - Regularly informing our communities about the progress of our work\n\
                 - Making it simpler for people to access services\n\
                 - Working with our communities to raise aspirations and shape our services around their needs\n\
                 - Support the role of elected representatives, ensuring strong leadership and accountability on \
                 behalf of local communities\n\
                 - Making sure we make the best use of every pound we spend\n\
                 - Focusing on outcomes for the community or individual, not on inputs and outputs\n\
                 - Recognising that progress against our priorities requires action by our communities as well as \
                 by our own organisations",
            ],
        ],
        &[30.0, 110.0],
    )?;

    charter_alignment_sheet(&mut wb)?;
    Ok(wb)
}

/// Seed 000, Appendix C: which strategies and plans share each priority of the Charter.
/// The first theme is a merged cell over its priorities; the other two are written once with
/// blanks after them, so the example shows both forms the contract allows.
fn charter_alignment_sheet(wb: &mut Workbook) -> Result {
    const THEMES: [(&str, usize); 3] = [
        ("Active and well", 3),
        ("Living in a safe and pleasant place", 4),
        ("Educated, skilled and in employment", 3),
    ];
    const PRIORITIES: [&str; 10] = [
        "Tackle health inequalities by reducing inequalities in the most deprived areas and amongst the most vulnerable groups.",
        "Preventing health inequalities in our new communities.",
        "Make sure that all our communities are places where people from different backgrounds get on well together.",
        "Improve the provision of housing with a focus on deprived areas and vulnerable groups.",
        "Make sure that people who live in the 25 most deprived areas can access the services they need.",
        "Reduce the number of people who are homeless.",
        "Reduce crime associated with the most vulnerable people and in areas where it is highest.",
        "Ensure that children living in areas of relative deprivation get the best possible start in life and that the gap in educational attainment is narrowed.",
        "Target action to increase the number of people who continue in education and training after the age of 16.",
        "Work with other organisations to increase reasonably paid job opportunities in areas of higher unemployment.",
    ];
    // One character per priority, in order: `x` is a tick, `.` is blank.
    const STRATEGIES: [(&str, &str); 14] = [
        ("Cambridgeshire's Local Area Agreement", "xxx....x.."),
        ("Cambridgeshire Vision 2007-2021", "xxx......."),
        (
            "Cambridgeshire Police Authority Local Policing Plan 2010-2013",
            "......x...",
        ),
        (
            "Cambridgeshire Constabulary Integrated Equality Scheme - 2008-2011",
            "..x.......",
        ),
        (
            "Cambridgeshire County Council Integrated Plan",
            ".......xxx",
        ),
        (
            "Cambridgeshire's Older People's Strategy 2008-2011",
            "xx...x...x",
        ),
        (
            "Cambridgeshire County Council Single Equality Strategy 2009/2012",
            "xxxxxxxxxx",
        ),
        (
            "Cambridge City's Sustainable Community Strategy 2008-2011",
            "..x.......",
        ),
        (
            "Fenland's Sustainable Community Strategy 2010",
            "xx..xxx...",
        ),
        (
            "Fenland District Council's Corporate Plan 2010-13",
            "xxxx.xxxxx",
        ),
        ("The Big Plan 2 - 2009-2012", ".......x.."),
        (
            "Strategy to tackle health inequalities in Cambridgeshire A Framework for Action 2009-2011",
            "xxx.......",
        ),
        (
            "Cambridgeshire Fire and Rescue Service's Prevention Strategy 2010-2015",
            "x.x.x.x...",
        ),
        // The seed has a `7` for the second tick of this row; the example project corrects it.
        (
            "Cambridgeshire Fire and Rescue Service's Single Equality Scheme",
            ".xx.......",
        ),
    ];

    let s = Styles::new();
    let ws = wb.add_worksheet().set_name("Alignment")?;
    ws.write_string_with_format(0, 0, "Strategy", &s.header)?;
    ws.write_blank(1, 0, &s.header)?;
    let mut col: u16 = 1;
    for (i, (theme, span)) in THEMES.iter().enumerate() {
        let last = col + *span as u16 - 1;
        if i == 0 {
            ws.merge_range(0, col, 0, last, theme, &s.header)?;
        } else {
            ws.write_string_with_format(0, col, *theme, &s.header)?;
            for blank in col + 1..=last {
                ws.write_blank(0, blank, &s.header)?;
            }
        }
        col = last + 1;
    }
    for (i, priority) in PRIORITIES.iter().enumerate() {
        ws.write_string_with_format(1, i as u16 + 1, *priority, &s.header)?;
        ws.set_column_width(i as u16 + 1, 18)?;
    }
    for (r, (strategy, ticks)) in STRATEGIES.iter().enumerate() {
        let row = r as u32 + 2;
        ws.write_string_with_format(row, 0, *strategy, &s.wrap)?;
        for (c, mark) in ticks.chars().enumerate() {
            if mark == 'x' {
                ws.write_string_with_format(row, c as u16 + 1, "✓", &s.centre)?;
            }
        }
    }
    ws.set_column_width(0, 45)?;
    ws.set_freeze_panes(2, 1)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Norwich City Council, Cabinet, 4 November 2015 (seed 004, and an invented exempt paper)
// ---------------------------------------------------------------------------------------------

fn norwich_meeting_workbook() -> Result<Workbook> {
    let mut wb = meeting_workbook(
        &[
            ("Committee", text("Cabinet")),
            ("Date", date(2015, 11, 4)),
            ("Published", date(2015, 10, 27)),
            ("Decisions published", date(2015, 11, 6)),
            ("Minutes approved", date(2015, 12, 9)),
            ("Time", text("5.30 pm")),
            ("Venue", text("Mancroft room, City Hall, Norwich")),
            (
                "Members",
                text(
                    "Councillor Waters (chair)\n\
                     Councillor Harris (vice chair)\n\
                     Councillor Bremner\n\
                     Councillor Herries\n\
                     Councillor Kendrick\n\
                     Councillor Packer\n\
                     Councillor Stonard\n\
                     Councillor Thomas",
                ),
            ),
            (
                "Contact",
                text("Committee officer, democratic services, City Hall, Norwich NR2 1NH"),
            ),
        ],
        &[
            &["1", "Apologies for absence", "", ""],
            &["2", "Public questions/petitions", "", ""],
            &["3", "Declarations of interest", "", ""],
            &["4", "Minutes of the previous meeting", "", ""],
            &["5", "Announcements from the leader", "", ""],
            &["6", "Questions from members", "", ""],
            &["7", "Cabinet member updates", "", ""],
            &[
                "8",
                "Reducing inequalities action plan",
                "reducing-inequalities.xlsx",
                "",
            ],
            &["9", "Exclusion of the public", "", ""],
            &[
                "10",
                "Disposal of land at Hall Road",
                "land-disposal.xlsx",
                "3",
            ],
        ],
    )?;
    norwich_proceedings(&mut wb)?;
    Ok(wb)
}

/// What the clerk recorded after the Norwich meeting (invented, as the meeting details are):
/// attendance with a substitute, a declaration of interest, the decisions on the two reports
/// (the exempt one with its public summary) and a minute for every item.
fn norwich_proceedings(wb: &mut Workbook) -> Result {
    table_sheet(
        wb,
        "Attendance",
        None,
        &["Member", "Attendance", "Substitute for", "Role", "Notes"],
        &[
            &["Councillor Waters", "Present", "", "Chair", ""],
            &["Councillor Harris", "Present", "", "Vice-chair", ""],
            &["Councillor Bremner", "Present", "", "", ""],
            &["Councillor Herries", "Present", "", "", ""],
            &["Councillor Kendrick", "Apologies", "", "", ""],
            &[
                "Councillor Maxwell",
                "Substitute",
                "Councillor Kendrick",
                "",
                "",
            ],
            &["Councillor Packer", "Present", "", "", ""],
            &["Councillor Stonard", "Present", "", "", ""],
            &["Councillor Thomas", "Present", "", "", ""],
        ],
        &[26.0, 14.0, 26.0, 14.0, 30.0],
    )?;
    table_sheet(
        wb,
        "Declarations",
        None,
        &["Member", "Item", "Interest", "Nature", "Action"],
        &[&[
            "Councillor Herries",
            "8",
            "Other registrable",
            "Governor of a primary school in Lakenham ward",
            "Took part in the debate and the vote",
        ]],
        &[26.0, 8.0, 22.0, 50.0, 40.0],
    )?;
    table_sheet(
        wb,
        "Decisions",
        None,
        &[
            "Item",
            "Decision",
            "Reasons",
            "Alternatives",
            "Decision maker",
            "Call-in",
            "For",
            "Against",
            "Abstained",
            "Public summary",
        ],
        &[
            &[
                "8",
                "1. To approve the reducing inequalities action plan programme for 2015-16 at appendix 1 to the \
                 report, with an initial focus upon Lakenham ward for the trial of new ways of working across \
                 partners and with residents.\n\
                 2. To ask the executive head of strategy, people and neighbourhoods, in consultation with the \
                 portfolio holder for fairness and equality, to make ongoing changes to the programme and set its \
                 priorities.",
                "Reducing inequality is a key priority of the council. The programme builds on existing work and \
                 service plans, and a focus on one ward lets the council, the Norwich Clinical Commissioning Group \
                 and residents try new ways of working before they are used more widely.",
                "To carry on with the action plan agreed in March 2015 without a geographic focus, which would \
                 spread activity too thinly to show what works. To focus on all four wards identified in March \
                 2015, which the present resources could not support.",
                "Cabinet",
                "Yes",
                "8",
                "0",
                "0",
                "",
            ],
            &[
                "10",
                "1. To approve the disposal of the land at Hall Road to the preferred bidder on the terms set out \
                 in the report.\n\
                 2. To delegate authority to the executive head of regeneration and development, in consultation with \
                 the portfolio holder for resources, to agree the final terms of the sale.",
                "The preferred bid exceeds the independent valuation and is the best consideration reasonably \
                 obtainable; the site costs the council money to secure and maintain.",
                "To keep the site, at a continuing cost and risk of fly-tipping. To accept one of the other three \
                 offers, each lower than the preferred bid.",
                "Cabinet",
                "Yes",
                "8",
                "0",
                "0",
                "Cabinet agreed to sell the vacant site at Hall Road, Lakenham, to the preferred bidder, and \
                 delegated the final terms of the sale to the executive head of regeneration and development.",
            ],
        ],
        &[8.0, 70.0, 50.0, 50.0, 16.0, 8.0, 6.0, 8.0, 10.0, 50.0],
    )?;
    table_sheet(
        wb,
        "Minutes",
        None,
        &["Item", "Minute", "Public summary"],
        &[
            &[
                "1",
                "Apologies for absence were received from Councillor Kendrick. Councillor Maxwell attended as \
                 his substitute.",
                "",
            ],
            &["2", "There were no public questions or petitions.", ""],
            &[
                "3",
                "Councillor Herries declared an other registrable interest in item 8 (Reducing inequalities \
                 action plan), as a governor of a primary school in Lakenham ward.",
                "",
            ],
            &[
                "4",
                "The minutes of the meeting held on 7 October 2015 were agreed as a correct record.",
                "",
            ],
            &[
                "5",
                "The leader welcomed the award of funding for the next stage of the pedalway, which will link \
                 Lakenham with the city centre.",
                "",
            ],
            &["6", "There were no questions from members.", ""],
            &[
                "7",
                "The cabinet member for fairness and equality reported on the work of the advice services \
                 partnership since the last meeting.",
                "",
            ],
            &[
                "8",
                "The executive head of strategy, people and neighbourhoods presented the report. Cabinet \
                 welcomed the joint work with the Norwich Clinical Commissioning Group and the willingness of \
                 local GP surgeries to reach beyond their patients. In reply to a question, the head of local \
                 neighbourhood services said that progress would be reported to cabinet every six months.",
                "",
            ],
            &[
                "9",
                "Cabinet resolved to exclude the public from the meeting during consideration of item 10 on the \
                 grounds contained in paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972.",
                "",
            ],
            &[
                "10",
                "The executive head of regeneration and development presented the report and the four offers \
                 received. Cabinet noted that the preferred bid exceeds the independent valuation.",
                "Cabinet considered the report on the disposal of the vacant site at Hall Road, Lakenham.",
            ],
        ],
        &[8.0, 100.0, 60.0],
    )?;
    Ok(())
}

/// Seed 004: report to Cabinet, "Reducing inequalities action plan", with its integrated
/// impact assessment, the action plan (appendix 1) and the Lakenham pilot table (appendix 2).
fn reducing_inequalities() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("committee-report")),
        ("Council", text("Norwich City Council")),
        ("Title", text("Reducing inequalities action plan")),
        ("Committee", text("Cabinet")),
        ("Meeting date", date(2015, 11, 4)),
        ("Item", number(8)),
        (
            "Report of",
            text("Executive head of strategy, people and neighbourhoods"),
        ),
        ("Subject", text("Reducing inequalities action plan")),
        (
            "Purpose",
            text(
                "To consider proposals to progress the council's work to reduce social, economic and health \
                 inequality in the city and to consider a proposal for a geographic focus in Lakenham.",
            ),
        ),
        (
            "Recommendations",
            text(
                "To approve the attached action plan programme with an initial focus upon Lakenham ward for the \
                 trial of new ways of working across partners and with residents",
            ),
        ),
        (
            "Corporate priorities",
            text("The report helps to meet the corporate priority \"A fair city\"."),
        ),
        (
            "Financial implications",
            text("None – activity to be met from within existing budgets"),
        ),
        (
            "Wards",
            text("All wards generally and Lakenham specifically"),
        ),
        (
            "Cabinet member",
            text("Cllr Thomas - Fairness and equality and Cllr Waters - leader"),
        ),
        ("Background documents", text("None")),
        ("Head of service", text("Russell O'Keefe")),
        ("Date assessed", date(2015, 10, 20)),
        ("Status date", date(2015, 10, 20)),
        (
            "Actions title",
            text("Reducing Inequalities Action Plan 2015-16"),
        ),
    ])?;

    contacts_sheet(
        &mut wb,
        &[
            &[
                "Contact officer",
                "Russell O'Keefe",
                "executive head of strategy, people and neighbourhoods",
                "",
                "01603 212908",
            ],
            &[
                "Contact officer",
                "Bob Cronk",
                "head of local neighbourhood services",
                "",
                "01603 212373",
            ],
            &[
                "Contact officer",
                "Phil Shreeve",
                "strategy manager",
                "",
                "01603 212356",
            ],
        ],
    )?;

    report_sheet(
        &mut wb,
        &[
            &[
                "",
                "",
                "Cabinet agreed a reducing inequalities action plan in March 2015. This established some principles \
                 in terms of areas of focus both in terms of workstreams and geography together with some key \
                 actions. As a key priority for the council activity since March has focussed on drawing together \
                 an updated action plan for the rest of 2015-16",
            ],
            &[
                "",
                "",
                "The underlying principle has been that wherever possible this should build upon existing work and \
                 service plans and tweak or draw into sharper focus particular activity that:\n\
                 a) Coordinates and maximises advice and support for residents hardest hit by welfare changes.\n\
                 b) Maximises opportunities for residents to access apprenticeships and jobs.\n\
                 c) Ensures the council's services, procurement and assets have maximum impact in reducing \
                 inequality.\n\
                 d) Trials locality-based solutions to improving wellbeing amongst disadvantaged groups.",
            ],
            &[
                "",
                "",
                "A geographic focus is also desirable to help concentrate activity.",
            ],
            &[
                "",
                "",
                "A draft updated *Reducing inequalities action plan programme* for 2015-16 is attached at appendix 1.",
            ],
            &[
                "",
                "",
                "Whilst this is a long plan, it also means that if a small number of activities slip or need to be \
                 dropped, the overall delivery will not necessarily suffer. For example, three of only eight \
                 actions slipping.",
            ],
            &[
                "",
                "",
                "The plan also includes a suggested geographic focus concentrated on Lakenham. Discussions with the \
                 Norwich Clinical Commissioning Group show a keenness to collaborate and develop some joint \
                 initiatives in this area. Whilst four wards were identified in the original cabinet report, \
                 Lakenham experiences some significant issues of inequality as well as appearing to offer a number \
                 of live opportunities. Some of these opportunities include:\n\
                 a) A link to one end of a planned pedalway to promote physical activity and greener travel.\n\
                 b) The possibility of jobs and skills afforded by major new developments alongside new community \
                 and employment infrastructure.\n\
                 c) Identified physical and social assets to test options on local food initiatives\n\
                 d) The possibility of small-scale estate redesign to tackle some clusters of anti-social behaviour.\n\
                 e) Willingness of local GP surgeries to run community events and reach beyond traditional \
                 patient-based activity toward wider preventative considerations.\n\
                 f) A high level of council housing stock, which may afford opportunities to utilise existing teams \
                 and resources to support and target activity.\n\
                 g) The chance to encourage local schools to work with communities and support local initiatives. \
                 This is as yet untested.\n\
                 h) An chance to test the willingness of residents to be more active in developing community \
                 responses to local issues.",
            ],
            &[
                "",
                "",
                "A draft programme of activities that aim to reduce health inequalities in Lakenham are included at \
                 appendix 2.",
            ],
            &[
                "",
                "",
                "Ongoing changes and prioritisation will be undertaken by the executive head of strategy, people and \
                 neighbourhoods in consultation with the portfolio holder for fairness and equality.",
            ],
        ],
    )?;

    // The seed ticks no box for "Natural and built environment"; it stays unmarked.
    table_sheet(
        &mut wb,
        "Impact assessment",
        None,
        &[
            "Category", "Item", "Neutral", "Positive", "Negative", "Comments",
        ],
        &[
            &[
                "Economic",
                "Finance (value for money)",
                "",
                "x",
                "",
                "Better working across services and involving residents should reduce duplication and improve \
                 community self reliance",
            ],
            &[
                "Economic",
                "Other departments and services e.g. office facilities, customer contact",
                "",
                "x",
                "",
                "Cross organisational working reduces duplication and wasted effort",
            ],
            &["Economic", "ICT services", "x", "", "", ""],
            &[
                "Economic",
                "Economic development",
                "",
                "x",
                "",
                "Within a locality basis better links to target income deprived communities into jobs and training \
                 should long term improve economic productivity through reduced inequality",
            ],
            &["Economic", "Financial inclusion", "", "x", "", ""],
            &[
                "Social",
                "Safeguarding children and adults",
                "x",
                "",
                "",
                "",
            ],
            &["Social", "S17 crime and disorder act 1998", "x", "", "", ""],
            &["Social", "Human Rights Act 1998", "x", "", "", ""],
            &[
                "Social",
                "Health and well being",
                "",
                "x",
                "",
                "As a key determinant of poor health income inequality impacts poor health and well being",
            ],
            &[
                "Equality and diversity",
                "Relations between groups (cohesion)",
                "",
                "x",
                "",
                "Greater equality should reduce tension",
            ],
            &[
                "Equality and diversity",
                "Eliminating discrimination & harassment",
                "x",
                "",
                "",
                "",
            ],
            &[
                "Equality and diversity",
                "Advancing equality of opportunity",
                "",
                "x",
                "",
                "A targeted approach should proactively support those furthest away from the job market or at most \
                 risk of social isolation",
            ],
            &[
                "Environmental",
                "Transportation",
                "",
                "x",
                "",
                "Part of the action plans are designed to make better use of active travel options",
            ],
            &[
                "Environmental",
                "Natural and built environment",
                "",
                "",
                "",
                "",
            ],
            &[
                "Environmental",
                "Waste minimisation & resource use",
                "x",
                "",
                "",
                "",
            ],
            &[
                "Environmental",
                "Pollution",
                "",
                "",
                "x",
                "Increased income may lead to increases in for example car use",
            ],
            &[
                "Environmental",
                "Sustainable procurement",
                "",
                "x",
                "",
                "Better use of contracts to deliver and support local jobs",
            ],
            &[
                "Environmental",
                "Energy and climate change",
                "",
                "",
                "x",
                "See above",
            ],
            &["Risk management", "Risk management", "x", "", "", ""],
        ],
        &[22.0, 40.0, 9.0, 9.0, 9.0, 70.0],
    )?;

    table_sheet(
        &mut wb,
        "Impact recommendations",
        None,
        &["Kind", "Text"],
        &[
            &[
                "Positive",
                "Overall reductions in inequality should improve cohesion, health and indeed longer term economic \
                 productivity",
            ],
            &[
                "Negative",
                "There may be some increase as income and wealth increases in less sustainable or more polluting \
                 activity e.g. car use",
            ],
            &["Neutral", ""],
            &["Issues", ""],
        ],
        &[12.0, 100.0],
    )?;

    const WELFARE: &str =
        "Coordinate and maximise advice and support for residents hardest hit by welfare changes";
    const JOBS: &str = "Maximise opportunities for residents to access apprenticeships and jobs";
    const IMPACT: &str =
        "Ensure our services, procurement and assets have maximum impact in reducing inequality";
    const LOCALITY: &str =
        "Trial locality-based solutions to improving wellbeing amongst disadvantaged groups";
    const DELIVERY: &str = "Delivery mechanisms";
    table_sheet(
        &mut wb,
        "Actions",
        None,
        &["Workstream", "Action", "Lead", "Deadline", "Status"],
        &[
            &[
                WELFARE,
                "Ensure a smooth transition to Universal Credit which minimises negative impacts on residents",
                "Strategy and Housing",
                "December 2015",
                "On Target",
            ],
            &[
                WELFARE,
                "Encourage residents to take up benefits they are eligible for",
                "Local Neighbourhood Services",
                "November 2015 onwards",
                "Yet to start",
            ],
            &[
                WELFARE,
                "Provide coordinated advice and support around debt and other issues to include e.g. fuel poverty, \
                 digital inclusion and working across partners and actions",
                "Local Neighbourhood Services, Strategy, Housing and Strategic Housing",
                "June 2015 onwards",
                "Debt and money advice in progress, fuel poverty action ongoing",
            ],
            &[
                WELFARE,
                "Review Go for Less in the light of benefit changes such as Universal Credit",
                "Leisure and sports development",
                "Dec 2015",
                "Yet to start",
            ],
            &[
                JOBS,
                "Support young people into jobs, work experience and apprenticeship opportunities",
                "City Development, HR and Procurement",
                "March 2016",
                "Ongoing",
            ],
            &[
                JOBS,
                "Maximise opportunities for residents to access local jobs (e.g. Jobs Fair, target support to those \
                 away from the job market etc.)",
                "City Development, Local Neighbourhood Services, Strategy and Customer Contact",
                "March 2016",
                "Ongoing, Jobs Fair delivered and local activity trialled in Lakenham",
            ],
            &[
                JOBS,
                "Co-ordinate planning functions to support local work and training solutions where possible",
                "Planning",
                "December 2015 onwards",
                "Yet to start",
            ],
            &[
                IMPACT,
                "Ensure services deliver maximum impact in reducing inequalities",
                "Strategy and Democratic Services",
                "November 2015 onwards",
                "Yet to start",
            ],
            &[
                IMPACT,
                "Maximise social value delivered through procurement",
                "Procurement, Strategy and City Development",
                "November 2015 onwards",
                "Yet to start",
            ],
            &[
                IMPACT,
                "Promote innovative use of assets to reduce inequality",
                "Local Neighbourhood Services",
                "December 2015 onwards",
                "Yet to start but links to e.g. community assets work",
            ],
            &[
                IMPACT,
                "Maximising external funding in a co-ordinated manner which supports key reducing inequalities aims",
                "Strategy",
                "Ongoing",
                "Review of policies and opportunities as they come up",
            ],
            &[
                LOCALITY,
                "Plan and instigate delivery of an area-based initiative in Lakenham",
                "Strategy, Local Neighbourhood Services",
                "March 2016",
                "Work started and will extend beyond March 2016",
            ],
            &[
                LOCALITY,
                "Promote food growing",
                "Strategy, Local Neighbourhood Services, Housing, Citywide Services",
                "October 2015",
                "Due to start",
            ],
            &[
                LOCALITY,
                "Investigate Community shop initiative",
                "Strategy, Local Neighbourhood Services",
                "October 2016",
                "Initial proposals complete",
            ],
            &[
                LOCALITY,
                "Safe and active travel",
                "Strategy, Local Neighbourhood Services, Housing, Leisure",
                "March 2016",
                "Work started and will extend beyond March 2016",
            ],
            &[
                LOCALITY,
                "Neighbourhood improvements",
                "Housing",
                "March 2016",
                "Yet to start",
            ],
            &[
                DELIVERY,
                "Officer inequalities group to offer advice, support and co-ordinate activity",
                "Strategy",
                "November 2016",
                "Principles and key teams identified",
            ],
        ],
        &[40.0, 60.0, 36.0, 22.0, 40.0],
    )?;

    table_sheet(
        &mut wb,
        "Appendix 2",
        Some("Appendix 2 – Outline pilot activity within Lakenham"),
        &[
            "Title",
            "Description",
            "Priority",
            "Possible partners/ links",
        ],
        &[
            &[
                "GP referrals to debt advice",
                "Set up local referral routes to debt advice and wider support from GPs, potentially with \
                 appointments offered within the surgery. This could be delivered via the existing advice contract \
                 or an extension of this and could be broadened to include benefits checks as part of a wider \
                 financial 'health check'. The service could also be offered from other local partners.",
                "Maximising income",
                "GP surgeries, Children's Centre, fuel poverty referral route project via Healthy Norwich – also \
                 engage integrated care coordinators, mental health service and public health schools provider",
            ],
            &[
                "Jobs support",
                "Deliver a local awareness raising campaign (via local networks) about available new employment \
                 opportunities and offer associated local 'jobs clubs' where residents can access the internet and \
                 get advice on CVs/applying.",
                "Maximising income",
                "New employers, Apprenticeships Norfolk and active organisations who may deliver support sessions, \
                 including voluntary agencies",
            ],
            &[
                "Get Active sessions",
                "Deliver a programme of 'Get Active' sessions, aimed at getting families or other targeted \
                 audiences to be more active. These could be run as weekend events or taster sessions and should \
                 utilise local facilities",
                "Reducing excess weight, reducing isolation",
                "Bicycle Links, Walk Norwich, Active Norfolk, other local facilities and projects",
            ],
            &[
                "Food growing and healthy eating project",
                "Pilot a growing and healthy eating project in the area of unused open space. This could involve a \
                 range of residents in growing activities (e.g. people with learning disabilities, older people, \
                 schools) and run linked healthy cooking sessions at nearby venues.",
                "Reducing excess weight, reducing isolation",
                "Possible sponsorship from local firms? Involvement from local organisations and schools",
            ],
            &[
                "Cycling schools",
                "Deliver targeted work to promote walking and cycling with local schools, linked to opening of \
                 yellow Pedalways route on Lakenham Way (and 20mph zones?)",
                "Reducing excess weight",
                "Pedalways, 20mph zones, healthy schools",
            ],
            &[
                "White ribbon project",
                "Domestic violence project/campaign linked to local white ribbon event (to be delivered in Nov)",
                "Domestic Violence",
                "White ribbon campaign and other voluntary and community groups",
            ],
            &[
                "Digital inclusion",
                "Project in sheltered housing possibly",
                "Digital inclusion and social isolation",
                "Possible focus for developing digital inclusion project",
            ],
        ],
        &[28.0, 70.0, 26.0, 50.0],
    )?;

    Ok(wb)
}

/// An invented exempt paper for the Norwich meeting (Schedule 12A, paragraph 3), so the
/// example project has something for the exempt pack. Its text must never reach a public
/// output; tests look for the phrase "commercially sensitive valuation".
fn land_disposal() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("committee-report")),
        ("Council", text("Norwich City Council")),
        ("Title", text("Disposal of land at Hall Road")),
        ("Committee", text("Cabinet")),
        ("Meeting date", date(2015, 11, 4)),
        ("Item", number(10)),
        ("Exempt", number(3)),
        (
            "Report of",
            text("Executive head of regeneration and development"),
        ),
        ("Subject", text("Disposal of land at Hall Road")),
        (
            "Purpose",
            text(
                "To consider the disposal of a vacant council-owned site at Hall Road, Lakenham, to the preferred bidder.",
            ),
        ),
        (
            "Recommendations",
            text(
                "To approve the disposal of the land at Hall Road to the preferred bidder on the terms set out in \
                 this report.\n\
                 To delegate authority to the executive head of regeneration and development, in consultation with \
                 the portfolio holder for resources, to agree the final terms of the sale.",
            ),
        ),
        (
            "Corporate priorities",
            text("The report helps to meet the corporate priority \"Value for money services\"."),
        ),
        (
            "Financial implications",
            text("A capital receipt for the council, as set out in paragraph 3."),
        ),
        ("Wards", text("Lakenham")),
        ("Cabinet member", text("Cllr Stonard - Resources")),
        ("Background documents", text("None")),
    ])?;

    contacts_sheet(
        &mut wb,
        &[&[
            "Contact officer",
            "Sarah Hayward",
            "property services manager",
            "",
            "01603 212415",
        ]],
    )?;

    report_sheet(
        &mut wb,
        &[
            &[
                "",
                "",
                "The council owns a vacant site of approximately 0.4 hectares at Hall Road, Lakenham, which has \
                 been surplus to operational requirements since the former depot closed. The site costs the council \
                 money to secure and maintain and has attracted fly-tipping.",
            ],
            &[
                "",
                "",
                "Following marketing of the site by the council's property agents, four offers were received. The \
                 preferred bidder proposes a mixed scheme of affordable housing and small business units, which \
                 would support the local jobs and housing aims of the reducing inequalities action plan.",
            ],
            &[
                "",
                "",
                "The offers, and the independent commercially sensitive valuation obtained by the council, are \
                 summarised in the confidential schedule to this report. The preferred bid exceeds the valuation \
                 and represents best consideration reasonably obtainable under section 123 of the Local Government \
                 Act 1972.",
            ],
            &[
                "",
                "",
                "Disclosure of the bids or the valuation before contracts are exchanged would prejudice the \
                 council's negotiating position, and this report is therefore exempt under paragraph 3 of Schedule \
                 12A to the Local Government Act 1972.",
            ],
        ],
    )?;

    Ok(wb)
}

// ---------------------------------------------------------------------------------------------
// Cambridgeshire County Council documents outside a meeting (seeds 001, 002, 003)
// ---------------------------------------------------------------------------------------------

/// Seed 001: the Single Equality Strategy action plan summary, a consultation document.
fn single_equality_strategy() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("strategy")),
        ("Council", text("Cambridgeshire County Council")),
        ("Title", text("Equality and Diversity in Cambridgeshire")),
        ("Objectives layout", text("table")),
        (
            "Objective heading",
            text("What we have said we want to do:"),
        ),
        ("Objectives after", text("Action Plan Summary")),
        // A four-page leaflet: the seed has no contents list.
        ("Contents", text("No")),
    ])?;

    contacts_sheet(
        &mut wb,
        &[&[
            "Contact officer",
            "Dan Thorp",
            "Corporate Policy Officer - Cambridgeshire County\nRES 1206\nShire Hall\nCastle Hill\nCambridge\nCB3 0AP",
            "daniel.thorp@cambridgeshire.gov.uk",
            "01223 699953",
        ]],
    )?;

    report_sheet(
        &mut wb,
        &[
            &[
                "",
                "",
                "Cambridgeshire County Council wants to ensure that there is equality and diversity for everybody \
                 in the County. Our Single Equality Strategy (SES) and Action Plan were published in March 2009 to \
                 help us do this. We now want to look at how well the actions we listed meet our objectives.",
            ],
            &[
                "",
                "",
                "This document has been produced to begin discussion on the quality and effectiveness of the Action \
                 Plan, it provides background information on the Single Equality Strategy and summarises the aims \
                 and objectives of the Action Plan.",
            ],
            &["Introduction", "", ""],
            &[
                "",
                "",
                "The Strategy sets out our commitment to providing fair and equally accessible services for \
                 everyone in Cambridgeshire",
            ],
            &[
                "",
                "",
                "We want to ensure that all of the services that we provide are accessible; that we have a \
                 workforce that reflects the diversity of Cambridgeshire's communities; and that it goes beyond its \
                 legal requirements to celebrate Cambridgeshire's diversity, and the benefits that it brings to all \
                 of us.",
            ],
            &[
                "",
                "",
                "Now is the time for us to review the priorities of the Action Plan, to work with key people and \
                 groups to ensure that our actions are properly meeting the needs of Cambridgeshire.",
            ],
            &["Why is equality and diversity important?", "", ""],
            &[
                "",
                "",
                "The vision of Cambridgeshire County Council is simple; to create communities where people want to \
                 live and work, now and in the future. To achieve this the council must recognise and celebrate the \
                 diversity of local communities and be sensitive to the particular needs that arise from that \
                 diversity.",
            ],
            &[
                "",
                "",
                "Services must be fair and accessible to everybody – helping them to be the best that they can be.",
            ],
            &["What do we mean by equality and diversity?", "", ""],
            &[
                "",
                "",
                "We define equality as – a fair society in which everyone can join in and is given the opportunity \
                 to achieve. Equality is backed by legislation addressing discrimination.",
            ],
            &[
                "",
                "",
                "We define diversity as – recognising and valuing differences between individuals, groups and \
                 communities to create a positive and inclusive culture for the benefit of the people of \
                 Cambridgeshire.",
            ],
            &["What are our objectives?", "", ""],
            &[
                "",
                "",
                "The Action Plan sets out the work that we are doing to meet the commitments we have made in the \
                 Single Equality Strategy. We have identified a set of objectives for the Strategy. These \
                 objectives bring together our work on all areas of equality and diversity.",
            ],
            &["Action Plan Summary", "", ""],
            &[
                "",
                "",
                "There are two sections of the Action Plan:\n\
                 - **Organisational Objectives** ~ the actions that are mainly internal to Cambridgeshire County \
                 Council (organisational objectives)\n\
                 - **Service Objectives** ~ those that are mainly external and relate to services delivered by the \
                 Council (service objectives)",
            ],
            &["Are we getting it right?", "", ""],
            &[
                "",
                "",
                "We would like to know how well we are meeting our aim to ensure equality and diversity for \
                 everyone in Cambridgeshire.",
            ],
            &[
                "",
                "",
                "We would be grateful if you could share your thoughts on how good you think the Action Plan is, \
                 giving particular thought to the following questions:\n\
                 - Are we doing the right things?\n\
                 - What else could we do?\n\
                 - Will this Action Plan make a difference?\n\
                 - What could we do better?\n\
                 - How should we measure our achievements?",
            ],
            &[
                "",
                "",
                "Please feel free to provide any other comments that you would like us to consider as part of this \
                 programme of discussion. Please contact Dan Thorp, Corporate Policy Officer - Cambridgeshire County \
                 with responses:",
            ],
        ],
    )?;

    const ORGANISATIONAL: &str = "Organisational objectives";
    const SERVICE: &str = "Service objectives";
    table_sheet(
        &mut wb,
        "Objectives",
        None,
        &["Objective", "Ways we think we should do this:", "Section"],
        &[
            &[
                "1: Show a strong commitment to equality and diversity in all that we do",
                "- Champion and promote equality and diversity\n\
                 - Work to ensure that equality is integrated in policies, strategies and procedures\n\
                 - Work to achieve national standards for diversity\n\
                 - Adopt a consistent approach to embedding equality and diversity in everything we do, and build \
                 on our culture that recognises and values the diversity of the communities we serve\n\
                 - Continue to embed equality and diversity throughout the organisation through Equality Impact \
                 Assessments\n\
                 - Use our Cambridgeshire Behaviours framework to ensure all employees act with respect for each \
                 other",
                ORGANISATIONAL,
            ],
            &[
                "2: Ensure that our workforce is responsive to and reflective of Cambridgeshire's diverse communities",
                "- Recognise and promote the benefits of a diverse workforce\n\
                 - Ensure that employment practices do not discriminate against different groups\n\
                 - Ensure all employees are treated with respect and dignity\n\
                 - Encourage employees to take a positive attitude towards diversity and promote best practice",
                ORGANISATIONAL,
            ],
            &[
                "3: Listen and be responsive to the needs of Cambridgeshire's communities",
                "- Ensure equality and diversity are embedded in the Council's new Community Engagement Strategy\n\
                 - Enable people to have greater control over their lives and to make choices about the way in \
                 which services are provided",
                ORGANISATIONAL,
            ],
            &[
                "4: Develop new ways of joint working, building on the work of existing partnerships and programmes",
                "- Develop the new Countywide Diversity Network to ensure a common and coherent approach to \
                 equality and diversity throughout the Cambridgeshire Together Partnership\n\
                 - Carry out an Equality Impact Assessment of Cambridgeshire's Local Area Agreement, to ensure \
                 equality and diversity are sufficiently embedded in its projects.",
                ORGANISATIONAL,
            ],
            &[
                "1: Tackle inequalities",
                "- Close gaps in achievement and access to services, particularly in areas of relative deprivation \
                 within the County\n\
                 - Work to address issues of deprivation across the county and in particular to narrow the gap \
                 between Cambridgeshire's least and most disadvantaged communities\n\
                 - Support those particularly vulnerable to the effects of climate change\n\
                 - Support economically deprived communities and groups",
                SERVICE,
            ],
            &[
                "2: Promote respect and strengthen community cohesion",
                "- Work across our services and settings to challenge stereotypes and assumptions, raise \
                 aspirations and challenge inappropriate behaviour\n\
                 - Promote cohesive, diverse but inclusive communities where the needs of all groups, including \
                 vulnerable people, are met\n\
                 - Plan new developments to form cohesive communities\n\
                 - Update our Community Cohesion Strategy and develop the links between it and the Single Equality \
                 Strategy",
                SERVICE,
            ],
            &[
                "3: Deliver services that are personal to each user",
                "- Develop an understanding of demographic changes across the County to ensure that we are able to \
                 respond appropriately to individual needs\n\
                 - Ensure that where applicable services are sensitive to the needs and requirements of individual \
                 users and are flexible enough to adapt to their needs",
                SERVICE,
            ],
            &[
                "4: Support vulnerable people to remain in their own homes and minimise the use of institutional care",
                "- Support people to remain in their own homes and minimise the use of institutional care\n\
                 - Enable people to live full and active lives in their own communities with access to training \
                 and employment and social opportunities\n\
                 - Develop person-centred services that are responsive to individual needs and promote \
                 independence, choice, control and inclusion\n\
                 - Work towards removing environmental barriers that prevent people from participating fully\n\
                 - Deliver the Council's In Total Control programme so that users of social care can choose the \
                 services that most meet their need",
                SERVICE,
            ],
        ],
        &[45.0, 90.0, 26.0],
    )?;

    Ok(wb)
}

/// Seed 002: the Draft Integrated Plan 2010. Its contents list is generated by Papers, so it
/// is not transcribed; "£XX" is an unfilled placeholder in the seed and is kept as it is.
fn integrated_plan_2010() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("strategy")),
        ("Council", text("Cambridgeshire County Council")),
        ("Title", text("Draft Integrated Plan 2010")),
        ("Objectives layout", text("sections")),
        ("Objective heading", text("Strategic Objective")),
        (
            "Foreword title",
            text("Introduction from the Leader of the Council"),
        ),
        (
            "Foreword",
            text(
                "Welcome to Cambridgeshire County Council's Integrated plan for 2010.\n\n\
                 2009 was very much a year of achievement for the Council.\n\n\
                 We were assessed by the Audit Commission, the Government's spending watchdog, as performing well \
                 for our communities in its new OnePlace assessment of public service performance.\n\n\
                 In the same assessment, we were also awarded a coveted Green Flag for the County's performance on \
                 waste and recycling - we could not have done that without your support.\n\n\
                 The Integrated Plan sets out our goals for the next decade.\n\n\
                 Our plans are rooted in what our communities want, and what matters most to them.\n\n\
                 What has become even more important, given the financial situation facing public services, is \
                 making sure that we get the most from every single pound of taxpayer's money.\n\n\
                 That means building on our excellent track record in partnership working.\n\n\
                 The impact of the recession and the banking crisis means that there is a black hole in the \
                 nation's finances – that means less money coming to councils, the police and the NHS. We are all \
                 having to cut our cloth accordingly.\n\n\
                 We have been determined to do everything we can to achieve the very difficult balance of \
                 preserving essential services, while keeping any council tax increase to the lowest possible \
                 level.\n\n\
                 Over the next five years, because of inflation and demographic pressures the County Council will \
                 see a reduction in its spending power of about 20%.\n\n\
                 That means we will need to radically change the way we work and how we provide services. We will \
                 do more work with our partners in public services and the voluntary sector. But inevitably, it \
                 means that services will be delivered differently, and in some cases not at all.\n\n\
                 We have been working hard to develop new ways of delivering services which are more innovative \
                 and efficient.\n\n\
                 Projects like *Making Cambridgeshire Count* have brought councils, the police and the NHS together \
                 on projects designed to reduce costs and duplication, and which put the needs of residents \
                 first.\n\n\
                 We will see the benefits of this work over the next few years. But in the meantime, we have \
                 concentrated on getting our own house in order and have made £XX in efficiency savings over the \
                 past year.\n\n\
                 These are challenging times, but our track record is extremely strong.\n\n\
                 During 2009 alone, we:\n\
                 - Reduced the number of children killed or seriously injured on our roads\n\
                 - Improved two of our largest and busiest libraries in Huntingdon and Cambridge\n\
                 - Increased the number of local bus passengers by over 2 million\n\
                 - Provided 60,000 hours of support to 260 disabled children at home\n\
                 - Been recognised as the Transport Authority of the Year\n\
                 - Opened a £42 million waste recycling plant which will continue Cambridgeshire at the forefront \
                 of waste management in the UK\n\
                 - Cared for nearly 8,700 older people in their own homes\n\
                 - Have been judged as an 'achieving' local government organisation in respect of our approach to \
                 equality and diversity.\n\
                 - Been judged by our inspectors as performing well by under a new and tougher inspection regime\n\n\
                 I hope this document is a useful summary of our plans. If you have any questions, please don't \
                 hesitate to contact us - you will find details of how to get in touch on the back cover.\n\n\
                 Cllr Jill Tuck\n\
                 Leader, Cambridgeshire County Council.",
            ),
        ),
    ])?;

    // The Insert column prints the Shared Vision table inside the report, where the seed has it.
    table_sheet(
        &mut wb,
        "Report",
        None,
        &["Heading", "Subheading", "Text", "Insert"],
        &[
            &["Who are we and what do we want to achieve?", "", ""],
            &["", "", "\"Cambridgeshire, a great place to call home\""],
            &[
                "",
                "",
                "Put simply, we want Cambridgeshire to be a great place to call home.",
            ],
            &[
                "",
                "",
                "The Council is responsible for services that touch the lives of everybody in the county. We \
                 maintain the local roads; we support the state schools in the county; we manage waste disposal and \
                 household recycling centres; and we provide social care services for the more vulnerable people in \
                 our society, to name but a few.",
            ],
            &[
                "",
                "",
                "As we are involved in such a wide range of services, we know that what we do has a huge impact on \
                 a lot of people. We want to make sure that we focus on what matters most, improving people's lives \
                 and helping them to really enjoy living in Cambridgeshire.",
            ],
            &[
                "",
                "",
                "We want to work closely with our partner organisations across Cambridgeshire, this year we have \
                 launched an exciting initiative called Making Cambridgeshire Count which is enabling us to explore \
                 with partners where opportunities exist to collaboratively provide better services and overall \
                 value for money for taxpayers.",
            ],
            &[
                "",
                "",
                "The County Council of 69 elected local politicians, led by the Conservative majority \
                 administration, governs and guides Cambridgeshire County Council. Together with the people that \
                 work in our organisation and our partner agencies, we want to achieve a lot for this County, and \
                 this plan sets out our ambitions for the next 5 years.",
            ],
            &["What is in this document?", "", ""],
            &[
                "",
                "",
                "This document is organised into four sections:\n\
                 - Our Story sets out what Cambridgeshire is like as a place and what the Council is like as an \
                 organisation.\n\
                 - Our Strategic Objectives sets out what we will be focusing on to achieve our vision for \
                 Cambridgeshire.\n\
                 - Our Performance and Action Plan provides action plans, setting out in more detail what we are \
                 going to do to achieve our vision and how we will know if we've improved things for local people.\n\
                 - Our Resource and Financial Plans sets out how we plan to spend our money and direct our resources \
                 in order to achieve our vision.",
            ],
            &["What is Cambridgeshire like now?", "", ""],
            &[
                "",
                "",
                "There are many reasons why Cambridgeshire is already a great place to live and work. It is an \
                 incredibly vibrant County, with hugely diverse communities and places across the county – from the \
                 rural fens to the university city of Cambridge.",
            ],
            &[
                "",
                "",
                "As well as celebrating the diversity of Cambridgeshire we also need to make sure we are addressing \
                 the inequalities that exist and the issues that are matter most to certain areas, not just the \
                 County as a whole. For example, women living in South Cambridgeshire, on average, have a life \
                 expectancy three and a half years higher than women living in Fenland. The number of reported \
                 crimes is three times higher in Cambridge than it is in East Cambridgeshire. These are the sort of \
                 differences that we need to address in the county over the next decade.",
            ],
            &["Working with our partners", "", ""],
            &[
                "",
                "",
                "\"Making Cambridgeshire Count is one of the most exciting projects I've been involved in since I've \
                 been in local government. It's challenging and stimulating – and is going to lead to the radical \
                 change we need\" Jill Tuck, Leader of the Council",
            ],
            &[
                "",
                "",
                "We have worked closely in the community and with our partner organisations from across \
                 Cambridgeshire to agree what we would all like to achieve for the County and how we can work \
                 together most effectively to make it happen. We have agreed that we want Cambridgeshire to be:",
            ],
            &[
                "",
                "",
                "\"A County of strong, growing, prosperous and inclusive communities supported by excellent services \
                 where people can fulfil their potential, live longer, enjoy healthier lifestyles, and influence \
                 decision-making\"",
            ],
            &[
                "",
                "",
                "Our public services alongside many voluntary, community and private sector organisations are \
                 working towards this vision. We have a Board with representatives from each of these sectors, \
                 called Cambridgeshire Together, which will ensure that we achieve this vision.",
            ],
            &[
                "",
                "",
                "The pressures we are faced with in 2010, of less money and more demand on our services, mean that \
                 we have had to act swiftly and radically to realise our ambitions for a more effective and \
                 efficient Cambridgeshire.",
            ],
            &[
                "",
                "",
                "Our new initiative, Making Cambridgeshire Count, is revolutionising the way that we work together \
                 as public sector partners in the county. It involves public authorities from across the County, \
                 including District Councils, the Police, the NHS, the Fire and Rescue Service and others, such as \
                 the Voluntary and Community Sector.",
            ],
            &[
                "",
                "",
                "As public sector organisations we need to provide even better services for people in \
                 Cambridgeshire at better value for money. Making Cambridgeshire Count is looking at how we can do \
                 this in a number of key areas such as domestic abuse and reducing inequalities. It is also looking \
                 at how things like assets and provision of services can be shared across partners to save the \
                 taxpayer money. This initiative will drive improvements to services and efficiencies from 2010.",
            ],
            &["How are we performing?", "", ""],
            &[
                "",
                "",
                "Our performance was assessed in a number of ways in 2009 based upon our organisation, the services \
                 we provide and Cambridgeshire as a place to live.",
            ],
            &[
                "",
                "OnePlace",
                "As an area, Cambridgeshire has been assessed by the OnePlace national inspection and has been found \
                 to be a place with many positive aspects such as the health and safety of our communities and the \
                 strength of our local economy. In particular the waste and recycling levels in Cambridgeshire, \
                 supported by the Cambridgeshire and Peterborough waste recycling partnership, was highlighted as \
                 performing exceptionally. This assessment also highlighted areas for improvement in the county. We \
                 know that we need to do more to reduce inequalities in Cambridgeshire, particularly with regard to \
                 issues like rural isolation, education attainment and health outcomes.",
            ],
            &[
                "",
                "",
                "The same inspection process judged Cambridgeshire County Council to be \"performing well\" in the \
                 way that it uses its resources and manages performance. The Council was also considered to be \
                 \"performing well\" as a whole. We've also been assessed as \"achieving\" organisation in respect of \
                 the equalities framework for local government in 2009. This means that we promote equality in \
                 Cambridgeshire well and understand and celebrate the diversity of the county.",
            ],
            &[
                "",
                "Children's Services",
                "The Annual Performance Rating for 2009 reported that Children's Services 'performs well' overall. \
                 This is consistent with the previous Annual Performance Assessment rating of 'good'. Performance \
                 against the large majority of national indicators, including those of staying safe and enjoying \
                 and achieving is in line with similar areas and national figures. Whilst outcomes for children and \
                 young people are considered good overall, it is recognised that outcomes must improve further, \
                 particularly where there are relative inequalities for some groups of children and young people. \
                 Tackling these inequalities remains a key priority for us in 2010.",
            ],
            &[
                "",
                "",
                "The recent inspection of Safeguarding and Looked After Children judged the authority to be \
                 adequate for safeguarding and adequate in its provision of services for Looked After Children, \
                 with good capacity to improve and good features. The inspection report confirms that ongoing \
                 improvements are being made within safeguarding and looked after children's services and \
                 highlights areas where further improvements need to be made, notably around aspects of social care \
                 practice, and the service's approach to quality assurance.",
            ],
            &[
                "",
                "Adult Social Care Services",
                "Our 2009 assessment by the Care Quality Commission concluded that Adult Social Care Services in \
                 Cambridgeshire are performing well. Inspectors stated that: \"The council has clear vision for \
                 adult social care and people across all communities are engaged in the process of informing and \
                 planning future developments. The impact of meeting/exceeding the targets has been that outcomes \
                 for people have improved with more people supported to become or able to retain their \
                 independence and fewer delayed discharges from hospital.\"",
            ],
            &[
                "",
                "Employee Survey",
                "We have also received praise for the way in which our employees feel about working for \
                 Cambridgeshire County Council. Following a survey carried out by Ipsos MORI, its Managing Director \
                 said:",
            ],
            &[
                "",
                "",
                "\"Employees feel part of a successful organisation, and are positive about most aspects ... there \
                 is a strong sense of teamwork and partnership ... and the all round picture is the most positive \
                 we have recorded for any local authority in recent years. Indeed many of the scores are among the \
                 Top 10 of any organisation surveyed by Ipsos MORI. Cambridgeshire clearly has a very strong \
                 foundation to build on as it looks to the future.\"",
            ],
            &["What do we want for the future?", "", ""],
            &[
                "",
                "",
                "In 2021 we want Cambridgeshire to be even more vibrant and diverse than it is today, but we want to \
                 make sure that everybody has the chance to benefit from living here. We want the county to be made \
                 up of communities that thrive together and made up of individuals who are successful, happy and \
                 fulfilled.",
            ],
            &[
                "",
                "",
                "Our priorities are driven by what you have told us you want and need, through consultation with \
                 communities and partner organisations across Cambridgeshire.",
            ],
            &[
                "",
                "",
                "Our strategic objectives, SOs, are in equal priority:\n\
                 - SO1 Enabling people to thrive, achieve their potential and improve their quality of life\n\
                 - SO2 Supporting and protecting vulnerable people\n\
                 - SO3 Managing and delivering the growth and development of sustainable communities\n\
                 - SO4 Promoting improved skill levels and economic prosperity across the county, helping people \
                 into jobs and encouraging enterprise\n\
                 - SO5 Meeting the challenges of climate change and enhancing the natural environment",
            ],
            &[
                "",
                "",
                "These are the big issues for Cambridgeshire that you have said you want us to tackle. This plan \
                 sets out how we intend to do that in 2010.",
            ],
            &[
                "",
                "",
                "If you feel that our strategic objectives do not reflect the issues that are important to you \
                 please help us address this by letting us know, our contact details are on the back cover.",
            ],
            &[
                "",
                "",
                "This table summarises the relationship between our strategic objectives and the Cambridgeshire \
                 Together Countywide Shared Vision.",
            ],
            &["", "", "", "Shared Vision"],
            &[
                "",
                "",
                "The rest of this document gives more detail about the type of activities that we will be \
                 undertaking to meet our ambitions.",
            ],
        ],
        &[32.0, 30.0, 110.0, 16.0],
    )?;

    table_sheet(
        &mut wb,
        "Objectives",
        None,
        &[
            "Objective",
            "What do we want to achieve?",
            "What will we do to achieve our ambition?",
            "How will we know if we have been successful?",
            "As a result of this work, we want people to say:",
        ],
        &[
            &[
                "Enabling people to thrive, achieve their potential and improve their quality of life",
                "We want to support people of all ages in Cambridgeshire to live active, healthy and fulfilled \
                 lives. We believe that it is important that people have access to things like community, cultural, \
                 learning and leisure activities that give them opportunities to develop skills and wider \
                 interests.\n\n\
                 We want children to be happy so we will help them to succeed, develop and to feel safe in their \
                 communities.\n\n\
                 Deprivation and inequality is an issue for many people in Cambridgeshire, we want to address \
                 deprivation and tackle inequalities wherever we can. In particular this year we will be working to \
                 improve the quality of life for Gypsies and Travellers in our county",
                "- Support families, individuals and businesses to weather the effects of the economic downturn\n\
                 - Work with schools in relatively deprived areas to raise young people's career aspirations\n\
                 - Improve facilities for local communities\n\
                 - Provide early support to children and families that could benefit from additional help\n\
                 - Co-ordinate work to promote healthy living and support people to access opportunities to improve \
                 their health\n\
                 - Work with partners to focus on a single set of priorities across the county to tackle \
                 inequalities and reduce deprivation\n\
                 - Provide more joined up and effective service provision for Gypsies and Travellers",
                "- More adults take part in regular physical activity\n\
                 - There are fewer children who experience bullying\n\
                 - More young people take part in positive out-of-school activities\n\
                 - Fewer young people abuse alcohol and drugs\n\
                 - More people are satisfied with their local area.\n\
                 - There is a reduction in the inequalities that exist across Cambridgeshire\n\
                 - Gypsies and Travellers experience a better quality of life",
                "\"I am proud to call Cambridgeshire home. My quality of life is good and I get access to the \
                 services I need\"",
            ],
            &[
                "Supporting and protecting vulnerable people",
                "We want vulnerable people of all ages to lead independent and enjoyable lives. We will support them \
                 to do this and we aim to identify, respect and meet their needs wherever we can.\n\n\
                 It is our responsibility to protect people in our county from neglect or abuse, this is something \
                 will we will strive to achieve.\n\n\
                 For children in our care, we will make sure that their lives are enjoyable and that they meet \
                 their potential.",
                "- Help people to stay healthy and active so that they don't need social care support\n\
                 - Continue to help vulnerable people to stay in their own homes\n\
                 - Ensure people have choice and control over the support and services that they use, helping them \
                 enjoy life and stay independent\n\
                 - Continue to train and develop the social care workforce so that they can provide high quality \
                 support to vulnerable people and those experiencing inequalities who are making decisions about \
                 the services they want to use\n\
                 - Provide coordinated support to victims of domestic abuse\n\
                 - Work with partners to pilot new ways of supporting older people in the community",
                "- More adults and older people are supported to live independently in their own homes\n\
                 - People across the county can expect to have a longer healthy life after they reach the age of \
                 65\n\
                 - More people directly manage the money they are allocated for social care and arrange their own \
                 services\n\
                 - More families who use services for children with disabilities report a positive experience of \
                 the service\n\
                 - The prevalence and repeat incidents of domestic abuse are reduced and feedback from service users \
                 is improved\n\
                 - The need for public sector intervention with older people in the community is reduced",
                "\"I'm happy with the way that I am treated as an individual and I am able to make informed \
                 decisions about what's best for me\"",
            ],
            &[
                "Managing and delivering the growth and development of sustainable communities",
                "It is important to us that people are happy in their communities. We will develop safer \
                 communities where people do not feel that anti-social behaviour is a problem and where people from \
                 all backgrounds get on well together. We also see the importance of healthy and attractive \
                 surroundings with good access to open space, we will aim to create and develop these.\n\n\
                 We want to ensure that we maintain and develop transport in Cambridgeshire so that it is reliable \
                 and effective. We also commit to promoting the use of public transport in urban and rural areas of \
                 our county.",
                "- Encourage the use of public and sustainable transport\n\
                 - Reduce the need to travel to access services or take part in community and learning activities \
                 across Cambridgeshire\n\
                 - Develop community transport schemes\n\
                 - Plan with our partners to ensure that new and existing communities benefit from developments",
                "- More journeys are undertaken by bus\n\
                 - Fewer people do the school run by car\n\
                 - More people can access local services and facilities by public transport, walking and cycling\n\
                 - Fewer people are killed or seriously injured on our roads\n\
                 - People feel that they get on well with others in their community\n\
                 - More people think that anti-social behaviour has been reduced in their local area",
                "\"I'm happy in my community, I get on well with my neighbours and I feel safe here. The needs of my \
                 family are catered for by our local area, our travel to work and school is easy and we make good \
                 use of our community facilities\"",
            ],
            &[
                "Promoting improved skill levels and economic prosperity across the county, helping people into jobs \
                 and encouraging enterprise",
                "Our economy is a priority for us and we want to encourage economic growth here in Cambridgeshire, \
                 to help us do this we will support people to get the skills they need so that they can find and \
                 keep the jobs they want. We want greater access to learning to address inequalities in skills and \
                 attainment across the county.\n\n\
                 We will Support our local businesses and encourage other businesses to relocate in Cambridgeshire. \
                 We also want businesses to be happy with the services we are providing to them, such as \
                 regulation.",
                "- Coordinate and promote access to information, advice and guidance on skills, employment and \
                 benefit\n\
                 - Use learning centres and other opportunities to help people beyond school age who need support \
                 with developing skills and improving their prospects\n\
                 - Develop our ability as an employer to help people into work\n\
                 - Provide access to information and support for small businesses and business prospects\n\
                 - Encourage businesses to relocate to Cambridgeshire",
                "- More people of working age are qualified to at least level 2 (GCSE or equivalent)\n\
                 - There is a reduction in the number of people on out-of-work benefits\n\
                 - More businesses are satisfied with our regulation services",
                "\"I've been able to learn the skills I need to do the job I want to do, I know where to go for \
                 information, help and advice about my prospects for the future\"",
            ],
            &[
                "Meeting the challenges of climate change and enhancing the natural environment",
                "We are aware of our responsibility to the environment and will make sure that what we do is \
                 environmentally sustainable, wherever possible we will take advantage of opportunities to enhance \
                 the natural environment.\n\n\
                 We will carry out our duty to help people and businesses to live and work in environmentally \
                 friendly ways, supporting them to meet the challenges of a changing climate.",
                "- Encourage our employees to change their behaviour, including encouraging them to use cars less\n\
                 - Make sure that our buildings are adapted to respond to the challenges of climate change that have \
                 already taken place\n\
                 - Develop an approach to environmental education with local communities, working through schools \
                 and community networks\n\
                 - Commit to reducing the amount of carbon emissions our operations produce",
                "- There is a reduction in carbon dioxide emissions from Cambridgeshire, from individuals and \
                 businesses as well as public sector organisations\n\
                 - We are adapting our buildings and activity to take account of the effects of changes to the \
                 climate that have already taken place",
                "\"I care about the environment and I'm trying to reduce the impact I'm having on it. I know how to \
                 do this and where to go if I need more information.\"",
            ],
        ],
        &[34.0, 60.0, 60.0, 60.0, 40.0],
    )?;

    table_sheet(
        &mut wb,
        "Shared Vision",
        Some("Our strategic objectives and the Cambridgeshire Together Countywide Shared Vision"),
        &[
            "Cambridgeshire Together Vision Themes",
            "Cambridgeshire County Council contribution to vision, our strategic objectives",
        ],
        &[
            &[
                "Growth",
                "Managing and delivering the growth and development of sustainable communities",
            ],
            &[
                "Economic prosperity",
                "Promoting improved skill levels and economic prosperity across the county, helping people into jobs \
                 and encouraging enterprise",
            ],
            &[
                "Environmental sustainability",
                "Meeting the challenges of climate change and enhancing the natural environment",
            ],
            &[
                "Equality and inclusion",
                "Enabling people to thrive, achieve their potential and improve their quality of life",
            ],
            &[
                "Strong communities",
                "Supporting and protecting vulnerable people",
            ],
        ],
        &[36.0, 90.0],
    )?;

    Ok(wb)
}

/// Seed 003: Equality Impact Assessment EQIA-01497, "Closer to Communities". No group is
/// rated Negative, and the seed's action plan has no actions: its Actions sheet is a header
/// row only, and the one sentence the form gives under "Identified impact" is the Cover's
/// `Action plan` field.
fn eqia_closer_to_communities() -> Result<Workbook> {
    let mut wb = document(&[
        ("Template", text("equality-impact-assessment")),
        ("Council", text("Cambridgeshire County Council")),
        ("Title", text("Closer to Communities")),
        ("Reference", text("EQIA-01497")),
        ("Assessor name", text("Jessica Kennedy")),
        ("Assessor job title", text("Project Manager")),
        ("Directorate", text("Strategy and Partnerships Directorate")),
        ("Service", text("Programme and Service Improvement")),
        ("Team", text("Projects and Programmes")),
        ("Proposal", text("Closer to Communities")),
        ("Business plan proposal number", text("")),
        (
            "Description",
            text(
                "In February 2022, the Full Council of Cambridgeshire County Council agreed a comprehensive vision \
                 and set of ambitions designed to create a greener, fairer, and more caring Cambridgeshire. This \
                 vision, and the associated seven ambitions, have shaped the Council's business plan and informed \
                 how the council has allocated its budget.\n\n\
                 Being Closer to Communities is fundamental to the delivery of the Council's Strategic Framework, it \
                 is woven throughout: \
                 [https://www.cambridgeshire.gov.uk/asset-library/Business-Plan-Section-1-Strategic-Framework-2023-to-2028-Refresh-for-2024-to-2025.pdf.pdf]\
                 (https://www.cambridgeshire.gov.uk/asset-library/Business-Plan-Section-1-Strategic-Framework-2023-to-2028-Refresh-for-2024-to-2025.pdf.pdf)\n\n\
                 In some cases, such as Ambition 4 (healthy, safe, and independent lives) being Closer to \
                 Communities is fundamental to the delivery of the ambition. In other areas, such as Ambition 2 \
                 (Safe, Sustainable Travel), there are significant opportunities to deliver better outcomes through \
                 enhanced partnerships with parish and town councils, resident groups, and communities to design and \
                 maintain travel networks. In all cases, working with communities strengthens the council's ability \
                 to achieve complex strategic ambitions in a way that is more relevant to our residents.\n\n\
                 Being Closer to Communities is an approach that enables the Council to use its convening power to:\n\
                 - Encourage active and engaged communities to enhance accountability and improve outcomes.\n\
                 - Convene place-based working in partnership with the wider system of public and voluntary and \
                 community sector partners to tailor our services to meet local need.\n\
                 - Integrate and simplify local services for the end user to improve access to these services.\n\
                 - Make the best use of resources across the council and its partners to give confidence to \
                 residents that we are using public money effectively.\n\
                 - Create opportunities for a stronger strategic alignment across public sector partners to work \
                 better together.\n\n\
                 In July 2023, Cambridgeshire County Council took a significant step forward by driving the \
                 development of a range of pilot projects designed to test out aspects of how to bring council \
                 services Closer to Communities.\n\n\
                 Through the exploration of these pilot projects the County Council aimed to better understand how \
                 to create a more responsive, effective, and community-focused model of working with, and alongside, \
                 communities. This work will also result in recommendations to the organisation, about how they can \
                 integrate and build on successful work of working Closer to Communities.",
            ),
        ),
        ("Policy type", text("Minor change")),
        ("Supports committee paper", text("Yes")),
        ("Impact foreseeable", text("Yes")),
        (
            "Positive and negative impacts explained",
            text(
                "There are pilots in all directorates, which will impact upon all communities.\n\n\
                 The impact on service user groups depends on the individual pilot.\n\n\
                 Notable groups that will be affected in parts of the county are people accessing youth services, \
                 communities with an interest in green energy, care leavers, those living in (or at risk of) \
                 poverty.\n\n\
                 It is understood that where appropriate, all pilots will have completed an EQIA for their own work.",
            ),
        ),
        (
            "Evidence and analysis",
            text(
                "This information was taken from engagement with the leads on the pilot projects.",
            ),
        ),
        (
            "Mitigating actions",
            text(
                "In general, these projects are designed to tackle specific, localised inequalities by tailoring \
                 services to local circumstances, and therefore the equalities impact of a successful pilot will \
                 clearly be positive.\n\n\
                 For the general portfolio we anticipate the following positive impacts as a result of individual \
                 pilots:\n\
                 - Reduced levels of smoking\n\
                 - Improved support for care leavers and young people\n\
                 - Greater economic opportunity and improved health outcomes for people living in poorer areas of \
                 the county\n\
                 - Targeted support for people affected by the cost of living crisis\n\
                 - Wider access to cheaper, renewable energy.\n\n\
                 More broadly, this programme will support the county council to work more closely with communities \
                 to deliver targeted, co-designed support that meets the needs of their place.",
            ),
        ),
        (
            "Action plan",
            text(
                "The identified impact on the protected groups will have been identified through the EQIA per pilot.",
            ),
        ),
        ("Super-user engaged", text("Yes")),
        ("Head of service", text("Lisa Riddle")),
        (
            "Head of service email",
            text("Lisa.Riddle@cambridgeshire.gov.uk"),
        ),
        ("Status", text("Approved")),
    ])?;

    table_sheet(
        &mut wb,
        "Equality impact",
        None,
        &["Group", "Impact", "Explanation"],
        &[
            &["Age", "Positive", ""],
            &["Disability", "Neutral", ""],
            &["Gender reassignment", "Neutral", ""],
            &["Marriage and civil partnership", "Neutral", ""],
            &["Pregnancy and maternity", "Neutral", ""],
            &["Race", "Neutral", ""],
            &["Religion or belief", "Neutral", ""],
            &["Sex", "Neutral", ""],
            &["Sexual orientation", "Neutral", ""],
            &["Care experience", "Positive", ""],
            &["Other identified groups", "Neutral", ""],
        ],
        &[32.0, 12.0, 90.0],
    )?;

    table_sheet(
        &mut wb,
        "Actions",
        None,
        &[
            "Workstream",
            "Action",
            "Lead",
            "Deadline",
            "Status",
            "Expected outcome",
        ],
        &[],
        &[32.0, 60.0, 24.0, 18.0, 18.0, 50.0],
    )?;

    Ok(wb)
}
