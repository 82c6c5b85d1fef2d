//! What each new workbook holds: its sheets, the Cover's fields, each column's input
//! (free text, literal text, a date, a drop-down list) and the help shown with it.

use crate::model::config::{Config, PROTECTED_CHARACTERISTICS};
use crate::model::cover::YES_NO;
use crate::model::document::EXEMPT_PARAGRAPHS;

use super::Kind;

/// The fixed vocabularies of the contract.
const IMPACTS: &[&str] = &["Neutral", "Positive", "Negative"];
const RAG: &[&str] = &["Red", "Amber", "Green"];
const RECOMMENDATION_KINDS: &[&str] = &["Positive", "Negative", "Neutral", "Issues"];
/// Suggestions only: Status and Role are free text.
const STATUSES: &[&str] = &[
    "On target",
    "Complete",
    "Ongoing",
    "Yet to start",
    "Due to start",
    "Delayed",
    "At risk",
];
const ROLES: &[&str] = &["Officer contact", "Member contact", "Cabinet member"];

/// The items of the integrated impact assessment form (seed 004), by category; a category
/// the council adds in papers.toml starts with none.
const IIA_ITEMS: &[(&str, &[&str])] = &[
    (
        "Economic",
        &[
            "Finance (value for money)",
            "Other departments and services e.g. office facilities, customer contact",
            "ICT services",
            "Economic development",
            "Financial inclusion",
        ],
    ),
    (
        "Social",
        &[
            "Safeguarding children and adults",
            "S17 crime and disorder act 1998",
            "Human Rights Act 1998",
            "Health and well being",
        ],
    ),
    (
        "Equality and diversity",
        &[
            "Relations between groups (cohesion)",
            "Eliminating discrimination & harassment",
            "Advancing equality of opportunity",
        ],
    ),
    (
        "Environmental",
        &[
            "Transportation",
            "Natural and built environment",
            "Waste minimisation & resource use",
            "Pollution",
            "Sustainable procurement",
            "Energy and climate change",
        ],
    ),
    ("Risk management", &["Risk management"]),
];

/// How a cell is filled in.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Input {
    /// Free text, wrapped.
    Text,
    /// Text kept as typed (so "8a" or "5.30pm" is never turned into a number or a time).
    Literal,
    /// A date cell; `strict` refuses anything else, otherwise text such as "Ongoing" is allowed.
    Date { strict: bool },
    /// A drop-down list; `strict` refuses other values, otherwise they are allowed.
    Choice { options: Vec<String>, strict: bool },
}

fn choice(options: &[&str], strict: bool) -> Input {
    Input::Choice {
        options: options.iter().map(|s| (*s).to_owned()).collect(),
        strict,
    }
}

/// One Field / Value row of a Cover or Meeting sheet.
#[derive(Debug, Clone)]
pub(super) struct Field {
    /// The field label in column A.
    pub label: String,
    /// How its value is filled in.
    pub input: Input,
    /// Shown when the value cell is selected.
    pub help: String,
    /// A value written in advance (only the Template has one).
    pub value: Option<String>,
}

fn field(label: &str, input: Input, help: &str) -> Field {
    Field {
        label: label.to_owned(),
        input,
        help: help.to_owned(),
        value: None,
    }
}

/// One column of a table sheet.
#[derive(Debug, Clone)]
pub(super) struct Column {
    /// The header, as the contract spells it.
    pub header: &'static str,
    /// How its cells are filled in.
    pub input: Input,
    /// The header's note.
    pub help: String,
}

fn column(header: &'static str, input: Input, help: &str) -> Column {
    Column {
        header,
        input,
        help: help.to_owned(),
    }
}

/// What a sheet holds.
#[derive(Debug, Clone)]
pub(super) enum Layout {
    /// Field / Value rows.
    Fields(Vec<Field>),
    /// A header row, then rows; `rows` are pre-filled (one string per column, blank for none).
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
    },
}

/// One sheet of a new workbook.
#[derive(Debug, Clone)]
pub(super) struct SheetSpec {
    /// The sheet name, as the contract spells it.
    pub name: &'static str,
    /// What the sheet is for, on the About sheet.
    pub purpose: String,
    /// Its rows.
    pub layout: Layout,
}

/// The sheets of a new workbook of `kind`, in order (the `About` sheet not included).
pub(super) fn sheets(kind: Kind, config: &Config) -> Vec<SheetSpec> {
    let text = || Input::Text;
    let date = |strict| Input::Date { strict };
    let contacts = SheetSpec {
        name: "Contacts",
        purpose: "The people to contact about the paper, one per row; they print on the cover."
            .into(),
        layout: Layout::Table {
            columns: vec![
                column(
                    "Role",
                    choice(ROLES, false),
                    "Officer contact, Member contact, Cabinet member, or any other role.",
                ),
                column(
                    "Name",
                    text(),
                    "The person's name. Rows without a name are left out.",
                ),
                column("Post", text(), "Their post, portfolio or room."),
                column("Email", text(), "Their email address; it prints as a link."),
                column(
                    "Telephone",
                    Input::Literal,
                    "Their telephone number, as it should print.",
                ),
            ],
            rows: Vec::new(),
        },
    };
    let actions = |workstream_help: &str, workstreams: Vec<String>| SheetSpec {
        name: "Actions",
        purpose: "The action plan: one action per row, grouped under its workstream.".into(),
        layout: Layout::Table {
            columns: vec![
                column(
                    "Workstream",
                    Input::Choice {
                        options: workstreams,
                        strict: false,
                    },
                    workstream_help,
                ),
                column("Action", text(), "What will be done."),
                column("Lead", text(), "Who leads it: a post, team or service."),
                column(
                    "Deadline",
                    date(false),
                    "A date, or words such as \"March 2026\" or \"Ongoing\".",
                ),
                column(
                    "Status",
                    choice(STATUSES, false),
                    "Where it stands, in words; it starts with a category such as On target, \
                        Complete, Ongoing, Yet to start, Delayed or At risk.",
                ),
                column("RAG", choice(RAG, true), "Optional: Red, Amber or Green."),
                column(
                    "Expected outcome",
                    text(),
                    "Optional: what the action should achieve.",
                ),
            ],
            rows: Vec::new(),
        },
    };
    match kind {
        Kind::Report => vec![
            cover(kind, config),
            contacts,
            SheetSpec {
                name: "Report",
                purpose: "The body of the report. A Heading starts a numbered section; each Text \
                    row is a numbered paragraph."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column(
                            "Heading",
                            text(),
                            "Starts a numbered section (\"1. Background\"). \
                            Leave blank to carry on the section above.",
                        ),
                        column(
                            "Subheading",
                            text(),
                            "Optional: a paragraph with a heading of its \
                            own (\"6.1 Climate change\").",
                        ),
                        column(
                            "Text",
                            text(),
                            "One paragraph per row. **bold**, *italic*, \
                            [text](https://...) and lines starting \"- \" (bullets) or \"a) \" \
                            (lettered items) are understood.",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
        ],
        Kind::ImpactAssessment => {
            let mut rows = Vec::new();
            for category in &config.iia_categories {
                let items = IIA_ITEMS
                    .iter()
                    .find(|(c, _)| crate::workbook::norm(c) == crate::workbook::norm(category));
                for item in items.map(|(_, items)| *items).unwrap_or_default() {
                    rows.push(vec![
                        category.clone(),
                        (*item).to_owned(),
                        String::new(),
                        String::new(),
                    ]);
                }
            }
            vec![
                cover(kind, config),
                SheetSpec {
                    name: "Impact assessment",
                    purpose: "The impact of the recommendation on each item: Neutral, Positive or \
                        Negative, with comments. A blank Impact prints as not assessed."
                        .into(),
                    layout: Layout::Table {
                        columns: vec![
                            column(
                                "Category",
                                Input::Choice {
                                    options: config.iia_categories.clone(),
                                    strict: false,
                                },
                                "The category the item belongs to; categories print in the order of papers.toml, then as they first appear.",
                            ),
                            column("Item", text(), "What is assessed."),
                            column(
                                "Impact",
                                choice(IMPACTS, true),
                                "Neutral, Positive or \
                                Negative. Blank means not assessed.",
                            ),
                            column("Comments", text(), "Why: the evidence for the impact."),
                        ],
                        rows,
                    },
                },
                SheetSpec {
                    name: "Impact recommendations",
                    purpose: "The recommendations from the impact assessment, each under its kind."
                        .into(),
                    layout: Layout::Table {
                        columns: vec![
                            column(
                                "Kind",
                                choice(RECOMMENDATION_KINDS, true),
                                "Positive, \
                                Negative, Neutral or Issues.",
                            ),
                            column("Text", text(), "The recommendation."),
                        ],
                        rows: Vec::new(),
                    },
                },
            ]
        }
        Kind::Eqia => {
            let groups: Vec<String> = PROTECTED_CHARACTERISTICS
                .iter()
                .map(|s| (*s).to_owned())
                .chain(config.eqia_groups.iter().cloned())
                .collect();
            let rows = groups
                .iter()
                .map(|g| vec![g.clone(), String::new(), String::new()])
                .collect();
            vec![
                cover(kind, config),
                SheetSpec {
                    name: "Equality impact",
                    purpose:
                        "The impact on each protected characteristic of the Equality Act 2010 \
                        and on the council's local groups."
                            .into(),
                    layout: Layout::Table {
                        columns: vec![
                            column(
                                "Group",
                                text(),
                                "The nine protected characteristics must all \
                                stay; local groups may follow.",
                            ),
                            column(
                                "Impact",
                                choice(IMPACTS, true),
                                "Neutral, Positive or \
                                Negative. A Negative impact needs a mitigating action on the \
                                Actions sheet.",
                            ),
                            column(
                                "Explanation",
                                text(),
                                "The impact explained, with its \
                                evidence.",
                            ),
                        ],
                        rows,
                    },
                },
                actions(
                    "The group the action is for; an action that mitigates a Negative impact \
                    names its group here.",
                    groups,
                ),
            ]
        }
        Kind::ActionPlan => vec![
            cover(kind, config),
            actions(
                "The workstream; actions print grouped under it, in the order workstreams \
                first appear.",
                Vec::new(),
            ),
        ],
        Kind::Meeting => vec![
            SheetSpec {
                name: "Meeting",
                purpose: "The meeting: who meets, when and where. It makes the front sheet of the \
                    agenda pack."
                    .into(),
                layout: Layout::Fields(vec![
                    field(
                        "Committee",
                        text(),
                        "Required. The committee that meets, such as \
                        Cabinet.",
                    ),
                    field(
                        "Date",
                        date(true),
                        "Required. The date of the meeting, as a date \
                        (4/11/2026).",
                    ),
                    field(
                        "Time",
                        Input::Literal,
                        "The time, such as 5.30pm or 17:30; it prints as \
                        5.30pm (or 17:30 with the 24-hour clock).",
                    ),
                    field(
                        "End time",
                        Input::Literal,
                        "Optional: when the meeting is expected to \
                        end, such as 7.30pm; the meetings calendar gives the event its end.",
                    ),
                    field("Venue", text(), "Where the meeting is held."),
                    field(
                        "Members",
                        text(),
                        "The members, one per line (Alt+Enter starts a new \
                        line in a cell).",
                    ),
                    field(
                        "Contact",
                        text(),
                        "Who to contact about the meeting: name, telephone, \
                        email.",
                    ),
                    field(
                        "Published",
                        date(true),
                        "The date the agenda is published, at least \
                        five clear days before the meeting. Until that day Papers builds the \
                        papers and the pack as drafts, outside output/; from it they are \
                        published, once, and the front sheet carries this date.",
                    ),
                    field(
                        "Status",
                        choice(crate::model::meeting::STATUSES, true),
                        "Blank for a meeting that goes ahead. Cancelled, Postponed or Moved: shown on the meeting page, the site index and the calendar.",
                    ),
                    field(
                        "New date",
                        date(true),
                        "For a moved or postponed meeting: the date it \
                        will now be held, as a date.",
                    ),
                    field(
                        "Decisions published",
                        date(true),
                        "After the meeting: the date its \
                        decisions are published, as a date. Each decision's call-in period runs \
                        from it (a Decisions row's own Published wins).",
                    ),
                    field(
                        "Minutes approved",
                        date(true),
                        "The date a later meeting approved these \
                        minutes, as a date. Until it is given the minutes say \"DRAFT - subject to \
                        approval\" on every page; then \"Approved on\" that date, and they are not \
                        changed again.",
                    ),
                ]),
            },
            SheetSpec {
                name: "Agenda",
                purpose: "The agenda, one item per row, in order. Each paper's workbook sits in \
                    this folder."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column("Item", Input::Literal, "The item number: 1, 2, 8a ..."),
                        column(
                            "Title",
                            text(),
                            "The business, as the agenda lists it; blank to \
                            use the paper's own title.",
                        ),
                        column(
                            "Report",
                            Input::Literal,
                            "The paper's workbook in this folder \
                            (08-reducing-inequalities.xlsx), or blank for an item with no paper \
                            such as apologies or minutes.",
                        ),
                        column(
                            "Exempt",
                            choice(EXEMPT_PARAGRAPHS, true),
                            "Blank for a public \
                            item; for exempt information, the paragraph of Schedule 12A to the \
                            Local Government Act 1972 (1 to 7).",
                        ),
                        column(
                            "To follow",
                            choice(YES_NO, true),
                            "Yes when the report is not \
                            ready when the agenda is published: the agenda says \"Report to \
                            follow\", and the report goes out in a supplement when it arrives.",
                        ),
                        column(
                            "Withdrawn",
                            choice(YES_NO, true),
                            "Yes when the item is withdrawn \
                            after the agenda is published: the meeting page and the next \
                            supplement say so, and a published paper stays in the record.",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
            SheetSpec {
                name: "Decisions",
                purpose: "After the meeting: one decision per row. Each becomes a decision notice \
                    (PDF and web page) and a record of the register of decisions once it is \
                    published."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column(
                            "Item",
                            Input::Literal,
                            "The agenda item the decision was taken on: \
                            1, 2, 8a ...",
                        ),
                        column(
                            "Decision",
                            text(),
                            "The resolution. Several lines are numbered as \
                            recommendations are; a first line ending with a colon leads in.",
                        ),
                        column("Reasons", text(), "The reasons for the decision."),
                        column(
                            "Alternatives",
                            text(),
                            "The alternatives considered and rejected.",
                        ),
                        column(
                            "Decision maker",
                            text(),
                            "Who took the decision: Cabinet, a \
                            portfolio holder, an officer.",
                        ),
                        column(
                            "Call-in",
                            choice(YES_NO, true),
                            "Yes (or blank) when the decision \
                            may be called in; No for an urgent decision, which needs an Urgency \
                            reason.",
                        ),
                        column(
                            "Urgency reason",
                            text(),
                            "Why an urgent decision could not wait \
                            for the call-in period.",
                        ),
                        column("For", Input::Literal, "Votes for, a whole number."),
                        column("Against", Input::Literal, "Votes against, a whole number."),
                        column("Abstained", Input::Literal, "Abstentions, a whole number."),
                        column(
                            "Published",
                            date(true),
                            "The date the decision is published, if \
                            not the Meeting sheet's Decisions published.",
                        ),
                        column(
                            "Public summary",
                            text(),
                            "For a decision on an exempt item: what \
                            may be published of it. Without one the public notice says only that a \
                            decision was taken.",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
            SheetSpec {
                name: "Attendance",
                purpose: "After the meeting: one member per row, as the minutes record who \
                    attended."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column(
                            "Member",
                            text(),
                            "The member, as the minutes name them: Cllr Jo \
                            Smith.",
                        ),
                        column(
                            "Attendance",
                            choice(crate::model::proceedings::ATTENDANCE_WORDS, true),
                            "Present, Apologies, Absent, or Substitute (then say whom they replaced).",
                        ),
                        column(
                            "Substitute for",
                            text(),
                            "For a substitute: the member they \
                            replaced, as that member's own row names them.",
                        ),
                        column(
                            "Notes",
                            text(),
                            "The member's role at the meeting (Chair, \
                            Vice-chair), printed first among those present; or anything else to \
                            minute, such as \"Left at 7.10pm\".",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
            SheetSpec {
                name: "Declarations",
                purpose: "After the meeting: each interest declared, one per row. They print in \
                    the minutes and on the decision notice of their item."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column(
                            "Member",
                            text(),
                            "The member who declared, as the Attendance sheet \
                            names them.",
                        ),
                        column(
                            "Item",
                            Input::Literal,
                            "The agenda item the interest is in.",
                        ),
                        column(
                            "Interest",
                            choice(crate::model::proceedings::INTERESTS, true),
                            "Disclosable pecuniary, Other registrable or Non-registrable.",
                        ),
                        column(
                            "Nature",
                            text(),
                            "What the interest is. On an exempt item it is \
                            kept out of the public minutes and notice.",
                        ),
                        column(
                            "Action",
                            text(),
                            "What the member did: Left the room, Took no part \
                            in the vote ...",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
            SheetSpec {
                name: "Minutes",
                purpose: "After the meeting: the minute of each agenda item, the summary of its \
                    discussion. The resolution and votes come from the Decisions sheet."
                    .into(),
                layout: Layout::Table {
                    columns: vec![
                        column("Item", Input::Literal, "The agenda item."),
                        column(
                            "Minute",
                            text(),
                            "The summary of discussion, in the Markdown \
                            subset.",
                        ),
                        column(
                            "Public summary",
                            text(),
                            "For an exempt item: what the public \
                            minutes may say of it. Without one they say only that it was minuted.",
                        ),
                    ],
                    rows: Vec::new(),
                },
            },
        ],
    }
}

/// The Cover of a document kind: every field it knows, with the Template filled in.
fn cover(kind: Kind, config: &Config) -> SheetSpec {
    let text = || Input::Text;
    let date = || Input::Date { strict: true };
    let yes_no = || choice(YES_NO, true);
    let divisions = if config.labels.says_wards() {
        "Wards"
    } else {
        "Electoral divisions"
    };
    let mut fields = vec![
        Field {
            value: kind.template().map(str::to_owned),
            ..field(
                "Template",
                choice(crate::model::document::TEMPLATES, false),
                "The layout Papers prints this workbook with. Leave it as it is.",
            )
        },
        field(
            "Title",
            text(),
            "Required. The title of the paper, as it should print.",
        ),
        field(
            "Council",
            text(),
            "Leave blank for the council named in papers.toml.",
        ),
    ];
    let committee = [
        field(
            "Committee",
            text(),
            "The committee the paper goes to, such as Cabinet. Required for a paper in a meeting \
                folder.",
        ),
        field(
            "Meeting date",
            date(),
            "The date of the meeting, as a date (4/11/2026). Required for a paper in a meeting \
                folder.",
        ),
    ];
    match kind {
        Kind::Report => {
            fields.extend(committee);
            fields.extend([
                field("Item", Input::Literal, "The agenda item number, such as 8."),
                field("Report of", text(), "The officer or post reporting."),
                field(
                    "Subject",
                    text(),
                    "A subject line, when it differs from the title.",
                ),
                field(
                    divisions,
                    text(),
                    "The areas affected: All, or their names.",
                ),
                field(
                    "Forward plan ref",
                    text(),
                    "The forward plan reference of a key decision.",
                ),
                field(
                    "Key decision",
                    yes_no(),
                    "Yes or No. A key decision should have a Forward \
                    plan ref.",
                ),
                field(
                    "Cabinet member",
                    text(),
                    "The cabinet member and portfolio.",
                ),
                field(
                    "Purpose",
                    text(),
                    "Why the paper comes to the committee, in a sentence or \
                    two.",
                ),
                field(
                    "Recommendations",
                    text(),
                    "One recommendation per line (Alt+Enter starts a \
                    new line in a cell); they print numbered.",
                ),
                field(
                    "Corporate priorities",
                    text(),
                    "The corporate priorities the report serves.",
                ),
                field(
                    "Financial implications",
                    text(),
                    "The financial implications, or None.",
                ),
                field(
                    "Background documents",
                    text(),
                    "The documents the report relied on, or \
                    None.",
                ),
                field(
                    "Exempt",
                    choice(EXEMPT_PARAGRAPHS, true),
                    "Blank for a public paper; for \
                    exempt information, the paragraph of Schedule 12A to the Local Government Act \
                    1972 (1 to 7).",
                ),
            ]);
        }
        Kind::ImpactAssessment => {
            fields.extend(committee);
            fields.extend([
                field(
                    "Head of service",
                    text(),
                    "The head of service responsible.",
                ),
                field(
                    "Date assessed",
                    date(),
                    "The date of the assessment, as a date.",
                ),
                field(
                    "Description",
                    text(),
                    "What is assessed: the recommendation of the report.",
                ),
            ]);
        }
        Kind::Eqia => fields.extend([
            field("Reference", Input::Literal, "The EqIA's reference number."),
            field("Assessor name", text(), "Who made the assessment."),
            field("Assessor job title", text(), "Their job title."),
            field("Directorate", text(), "Their directorate."),
            field("Service", text(), "Their service."),
            field("Team", text(), "Their team."),
            field("Proposal", text(), "The proposal being assessed."),
            field(
                "Description",
                text(),
                "The name and description of the policy being assessed.",
            ),
            field(
                "Policy type",
                text(),
                "What type of policy this is: new, a minor change ...",
            ),
            field(
                "Supports committee paper",
                yes_no(),
                "Yes if this EqIA supports a committee \
                paper or business case.",
            ),
            field(
                "Impact foreseeable",
                yes_no(),
                "Is it foreseeable that people with a protected \
                characteristic, or facing socio-economic inequality, will be affected?",
            ),
            field(
                "Date assessed",
                date(),
                "The date of the assessment, as a date.",
            ),
            field(
                "Super-user engaged",
                yes_no(),
                "Yes if an EqIA super-user helped with this \
                assessment.",
            ),
            field(
                "Head of service",
                text(),
                "The head of service who approves it.",
            ),
            field("Head of service email", text(), "Their email address."),
            field(
                "Status",
                text(),
                "Where the approval stands, such as Approved.",
            ),
        ]),
        Kind::ActionPlan => {
            fields.extend(committee);
            fields.extend([
                field("Item", Input::Literal, "The agenda item number, such as 8."),
                field("Report of", text(), "The officer or post reporting."),
                field(
                    "Status date",
                    date(),
                    "The date the statuses were last brought up to date, \
                    as a date; it prints as \"Status as at\".",
                ),
                field(
                    "Purpose",
                    text(),
                    "What the plan is for, in a sentence or two.",
                ),
            ]);
        }
        Kind::Meeting => {}
    }
    SheetSpec {
        name: "Cover",
        purpose: "The paper's details, one field per row: fill in the Value column. Title is \
            required; leave a field blank to leave it out."
            .into(),
        layout: Layout::Fields(fields),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cover::KNOWN_FIELDS;
    use crate::workbook::norm;

    #[test]
    fn every_cover_label_is_a_known_field() {
        for kind in Kind::ALL {
            for spec in sheets(kind, &Config::default()) {
                if let Layout::Fields(fields) = &spec.layout
                    && spec.name == "Cover"
                {
                    for f in fields {
                        assert!(
                            KNOWN_FIELDS.iter().any(|k| norm(k) == norm(&f.label)),
                            "{}: {}",
                            kind.name(),
                            f.label
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn guidance_fits_excel_limits_and_has_no_placeholders() {
        for kind in Kind::ALL {
            for spec in sheets(kind, &Config::default()) {
                let helps: Vec<String> = match &spec.layout {
                    Layout::Fields(f) => f.iter().map(|f| f.help.clone()).collect(),
                    Layout::Table { columns, .. } => {
                        columns.iter().map(|c| c.help.clone()).collect()
                    }
                };
                for help in helps.iter().chain([&spec.purpose]) {
                    assert!(help.chars().count() <= 255, "{help}");
                    assert!(
                        crate::model::validate::find_placeholders(help).is_empty(),
                        "{help}"
                    );
                }
            }
        }
    }
}
