//! The wide tables of issue 24 as fixture workbooks: a 9-column risk register of 14 risks, a
//! 12-column budget appendix of 33 rows (a two-row merged header, `#,##0_);(#,##0)` figures,
//! directorate rows with nothing but their name, bold subtotals and a bold total) and an
//! action plan of 60 actions with dates and an expected outcome.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

/// The report's Cover and Report sheets, as `support::report` writes them.
fn front(wb: &mut Workbook, title: &str, extra: &[(&str, &str)]) {
    let cover = wb.add_worksheet().set_name("Cover").unwrap();
    let date = Format::new().set_num_format("d mmmm yyyy");
    let mut fields = vec![
        ("Title", title),
        ("Committee", "Cabinet"),
        ("Item", "7"),
        ("Report of", "Head of strategy"),
        ("Purpose", "To agree the plan."),
        ("Recommendations", "Agree the plan\nNote the risks"),
    ];
    fields.extend_from_slice(extra);
    cover.write_string(0, 0, "Field").unwrap();
    cover.write_string(0, 1, "Value").unwrap();
    for (r, (f, v)) in fields.iter().enumerate() {
        cover.write_string(r as u32 + 1, 0, *f).unwrap();
        cover.write_string(r as u32 + 1, 1, *v).unwrap();
    }
    let r = fields.len() as u32 + 1;
    cover.write_string(r, 0, "Meeting date").unwrap();
    cover
        .write_datetime_with_format(r, 1, ExcelDateTime::from_ymd(2026, 3, 4).unwrap(), &date)
        .unwrap();
    let report = wb.add_worksheet().set_name("Report").unwrap();
    for (c, h) in ["Heading", "Subheading", "Text"].iter().enumerate() {
        report.write_string(0, c as u16, *h).unwrap();
    }
    report.write_string(1, 0, "Background").unwrap();
    report
        .write_string(1, 2, "The appendix sets out the detail.")
        .unwrap();
}

const RISKS: [&str; 7] = [
    "Demand for adult social care placements continues to rise faster than the budget allows, with hospital discharge pressures and an ageing population increasing the number and complexity of packages of care",
    "Failure to recruit and retain qualified social workers and occupational therapists leads to reliance on agency staff, higher costs and delays in assessments for residents",
    "Inflation in energy, fuel and contract prices exceeds the assumptions in the medium term financial strategy, putting pressure on reserves",
    "A cyber attack disrupts access to systems holding residents' personal data, interrupting services and leading to regulatory action",
    "The capital programme slips because of contractor insolvency and supply chain delays, increasing scheme costs and delaying the benefits",
    "Government funding reforms reduce the council's share of business rates and grant from 2027/28, with little notice",
    "Temporary accommodation numbers continue to grow, with nightly paid placements outside the district at high cost",
];

const MITIGATIONS: [&str; 5] = [
    "Monthly demand and budget monitoring reported to the directorate management team; review of high cost packages; investment in reablement and preventative services; joint commissioning with the integrated care board",
    "Recruitment and retention strategy with market supplements where justified; a grow your own programme with the local university; reduced reliance on agency staff through a managed service",
    "Prices reviewed quarterly with procurement; contingency held in the budget; energy purchased in advance through a framework",
    "Security patches applied within fourteen days; staff training completed annually; tested backups held offline; an incident response plan rehearsed with partners",
    "Gateway reviews at each stage; contractor financial checks before award; programme board oversight with monthly reporting to members",
];

/// The risk register: a report with a 9-column sheet of 14 risks.
pub fn risk_register() -> Vec<u8> {
    let mut wb = Workbook::new();
    front(&mut wb, "Corporate risk register", &[]);
    let ws = wb.add_worksheet().set_name("Risk register").unwrap();
    let date = Format::new().set_num_format("d mmmm yyyy");
    let heads = [
        "Ref",
        "Risk",
        "Likelihood",
        "Impact",
        "Score",
        "RAG",
        "Mitigation",
        "Owner",
        "Review date",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let owners = [
        "Director of adult services",
        "Head of HR",
        "Chief finance officer",
        "Head of ICT",
        "Director of place",
    ];
    for i in 0..14u32 {
        let r = i + 1;
        let (l, m) = (1 + i % 5, 1 + (i * 3) % 5);
        ws.write_string(r, 0, format!("CR{:02}", i + 1)).unwrap();
        ws.write_string(r, 1, RISKS[i as usize % RISKS.len()])
            .unwrap();
        ws.write_number(r, 2, l as f64).unwrap();
        ws.write_number(r, 3, m as f64).unwrap();
        ws.write_number(r, 4, (l * m) as f64).unwrap();
        let rag = match l * m {
            0..=6 => "G",
            7..=14 => "A",
            _ => "R",
        };
        ws.write_string(r, 5, rag).unwrap();
        ws.write_string(r, 6, MITIGATIONS[i as usize % MITIGATIONS.len()])
            .unwrap();
        ws.write_string(r, 7, owners[i as usize % owners.len()])
            .unwrap();
        ws.write_datetime_with_format(
            r,
            8,
            ExcelDateTime::from_ymd(2026, 6 + (i % 6) as u8, 30).unwrap(),
            &date,
        )
        .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The directorates of the budget and their services.
const BUDGET: [(&str, [&str; 6]); 4] = [
    (
        "Adult social care and health",
        [
            "Residential and nursing care",
            "Home care and reablement",
            "Learning disability services",
            "Mental health services",
            "Safeguarding adults",
            "Public health",
        ],
    ),
    (
        "Children's services",
        [
            "Children's social care",
            "Residential placements",
            "Special educational needs transport",
            "Early help and prevention",
            "Youth services",
            "Education psychology",
        ],
    ),
    (
        "Place and environment",
        [
            "Waste collection and recycling",
            "Highways maintenance",
            "Planning and building control",
            "Parks and open spaces",
            "Regulatory services",
            "Residential parking",
        ],
    ),
    (
        "Resources",
        [
            "Democratic services",
            "Finance and procurement",
            "Human resources",
            "Information technology",
            "Legal services",
            "Revenues and benefits",
        ],
    ),
];

/// The budget appendix: a report with a 12-column sheet of 33 rows under a two-row header.
pub fn budget() -> Vec<u8> {
    let mut wb = Workbook::new();
    front(&mut wb, "Revenue budget monitoring", &[]);
    let ws = wb.add_worksheet().set_name("Budget monitoring").unwrap();
    budget_sheet(ws);
    wb.save_to_buffer().unwrap()
}

fn budget_sheet(ws: &mut Worksheet) {
    let money = "#,##0_);(#,##0)";
    let plain = Format::new().set_num_format(money);
    let bold = Format::new().set_num_format(money).set_bold();
    let pct = Format::new().set_num_format("0.0%_);(0.0%)");
    let pct_bold = Format::new().set_num_format("0.0%_);(0.0%)").set_bold();
    let label_bold = Format::new().set_bold();
    let head = Format::new().set_bold();
    ws.merge_range(0, 0, 1, 0, "Service", &head).unwrap();
    ws.merge_range(0, 1, 0, 3, "2026/27 budget £000", &head)
        .unwrap();
    ws.merge_range(0, 4, 0, 6, "Spend to date £000", &head)
        .unwrap();
    ws.merge_range(0, 7, 0, 9, "Forecast £000", &head).unwrap();
    ws.merge_range(0, 10, 0, 11, "2025/26 £000", &head).unwrap();
    let second = [
        "Original budget",
        "Virements",
        "Revised budget",
        "Quarter 1",
        "Quarter 2",
        "Quarter 3",
        "Outturn",
        "Variance",
        "Variance %",
        "Outturn",
        "Variance",
    ];
    for (c, h) in second.iter().enumerate() {
        ws.write_string_with_format(1, c as u16 + 1, *h, &head)
            .unwrap();
    }
    let mut r = 2u32;
    let mut total = [0f64; 11];
    for (d, (directorate, services)) in BUDGET.iter().enumerate() {
        ws.write_string_with_format(r, 0, *directorate, &label_bold)
            .unwrap();
        r += 1;
        let mut sub = [0f64; 11];
        for (s, service) in services.iter().enumerate() {
            let k = (d * 6 + s) as f64;
            let original = 100_000.0 + k * 73_133.0 % 900_000.0;
            let vire = if s % 3 == 0 { -201_200.0 } else { 2_700.0 * k };
            let revised = original + vire;
            let q = revised / 4.0;
            let outturn = revised * (1.0 + ((k * 7.0) % 11.0 - 5.0) / 100.0);
            let variance = outturn - revised;
            let values = [
                original,
                vire,
                revised,
                q,
                q * 1.02,
                q * 0.97,
                outturn,
                variance,
                variance / revised,
                original * 0.96,
                original * -0.013,
            ];
            ws.write_string(r, 0, *service).unwrap();
            for (c, v) in values.iter().enumerate() {
                let f = if c == 8 { &pct } else { &plain };
                let v = if c == 8 { *v } else { v.round() };
                ws.write_number_with_format(r, c as u16 + 1, v, f).unwrap();
                sub[c] += v;
            }
            r += 1;
        }
        sub[8] = sub[7] / sub[2];
        ws.write_string_with_format(
            r,
            0,
            format!("Subtotal {}", directorate.to_lowercase()),
            &label_bold,
        )
        .unwrap();
        for (c, v) in sub.iter().enumerate() {
            let f = if c == 8 { &pct_bold } else { &bold };
            ws.write_number_with_format(r, c as u16 + 1, *v, f).unwrap();
            total[c] += v;
        }
        r += 1;
    }
    total[8] = total[7] / total[2];
    ws.write_string_with_format(r, 0, "Total net expenditure", &label_bold)
        .unwrap();
    for (c, v) in total.iter().enumerate() {
        let f = if c == 8 { &pct_bold } else { &bold };
        ws.write_number_with_format(r, c as u16 + 1, *v, f).unwrap();
    }
}

const ACTIONS: [&str; 4] = [
    "Review the allocations policy with registered providers and consult tenants on the changes",
    "Extend the warm homes grant to private rented homes with the lowest energy ratings",
    "Set up a single point of contact for residents in financial hardship",
    "Work with the integrated care board to bring hospital discharge and reablement teams together",
];

const OUTCOMES: [&str; 3] = [
    "Fewer households in temporary accommodation and shorter stays for those who are",
    "Lower energy bills for tenants and fewer cold homes",
    "Residents get advice the first time they ask",
];

/// The action plan: a report with 60 actions under 6 workstreams, date deadlines and an
/// expected outcome.
pub fn action_plan() -> Vec<u8> {
    let mut wb = Workbook::new();
    front(
        &mut wb,
        "Housing action plan",
        &[("Actions title", "Action plan 2026/27")],
    );
    let ws = wb.add_worksheet().set_name("Actions").unwrap();
    let date = Format::new().set_num_format("d mmmm yyyy");
    let heads = [
        "Workstream",
        "Action",
        "Lead",
        "Deadline",
        "Status",
        "Expected outcome",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let leads = [
        "Head of housing",
        "Head of finance",
        "Director of public health",
    ];
    let status = ["On target", "Complete", "Delayed", "Ongoing"];
    for i in 0..60u32 {
        let r = i + 1;
        ws.write_string(r, 0, format!("Workstream {}", i / 10 + 1))
            .unwrap();
        ws.write_string(r, 1, ACTIONS[i as usize % ACTIONS.len()])
            .unwrap();
        ws.write_string(r, 2, leads[i as usize % leads.len()])
            .unwrap();
        ws.write_datetime_with_format(
            r,
            3,
            ExcelDateTime::from_ymd(2026, 9, 1 + (i % 28) as u8).unwrap(),
            &date,
        )
        .unwrap();
        ws.write_string(r, 4, status[i as usize % status.len()])
            .unwrap();
        ws.write_string(r, 5, OUTCOMES[i as usize % OUTCOMES.len()])
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}
