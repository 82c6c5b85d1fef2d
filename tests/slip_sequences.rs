//! Random sequences of the slips clerks and cron jobs make, applied to one project between
//! builds: after every build, no byte of the exempt paper may be public (under `output/`, or
//! in anything the run printed), whatever came before. The sequences come from fixed seeds,
//! so a failure names the seed and the steps to replay it.

mod support;

use std::path::{Path, PathBuf};

use support::*;

const FOLDER: &str = "inputs/2027-03-04-cabinet";
const MARKER: &str = "MARKER-GANNET-2290";

/// A small deterministic generator (xorshift): no dependency, the same steps on every machine.
struct Steps(u64);

impl Steps {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn meeting(published: Option<V>, exempt_row: bool) -> Book {
    let mut fields = vec![
        vec![t("Field"), t("Value")],
        vec![t("Committee"), t("Cabinet")],
        vec![t("Date"), V::D(2027, 3, 4)],
    ];
    if let Some(p) = published {
        fields.push(vec![t("Published"), p]);
    }
    let mut rows: Vec<&[&str]> = vec![
        &["Item", "Title", "Report", "Exempt"],
        &["1", "Budget", "budget.xlsx", ""],
    ];
    if exempt_row {
        rows.push(&["2", "Disposal of land", "depot.xlsx", "3"]);
    }
    Book::new()
        .sheet("Meeting", fields)
        .text_sheet("Agenda", &rows)
}

fn paper(title: &str, item: &str, text: &str) -> Book {
    Book::new()
        .cover(&[
            ("Title", title),
            ("Committee", "Cabinet"),
            ("Meeting date", "date:2027-03-04"),
            ("Item", item),
        ])
        .text_sheet(
            "Report",
            &[
                &["Heading", "Subheading", "Text"],
                &["Background", "", text],
            ],
        )
}

fn secret() -> Book {
    paper(
        &format!("Depot {MARKER}"),
        "2",
        &format!("Offer {MARKER} pounds."),
    )
}

fn at(dir: &Path, name: &str) -> PathBuf {
    dir.join(FOLDER).join(name)
}

/// Every slip, as a name and what it does to the folder.
/// A slip: its name, and what it does to the project.
type Slip = (&'static str, fn(&Path));

fn slips() -> Vec<Slip> {
    vec![
        ("delete the exempt row", |d| {
            meeting(Some(V::D(2027, 2, 20)), false).write(&at(d, "meeting.xlsx"))
        }),
        ("restore the meeting", |d| {
            let _ = std::fs::remove_file(at(d, "meeting (1).xlsx"));
            meeting(Some(V::D(2027, 2, 20)), true).write(&at(d, "meeting.xlsx"))
        }),
        ("rename meeting.xlsx", |d| {
            if at(d, "meeting.xlsx").exists() {
                std::fs::rename(at(d, "meeting.xlsx"), at(d, "meeting (1).xlsx")).unwrap();
            }
        }),
        ("delete meeting.xlsx", |d| {
            let _ = std::fs::remove_file(at(d, "meeting.xlsx"));
        }),
        ("blank the Published date", |d| {
            meeting(None, true).write(&at(d, "meeting.xlsx"))
        }),
        ("copy the exempt paper in the folder", |d| {
            let _ = std::fs::copy(at(d, "depot.xlsx"), at(d, "depot v2.xlsx"));
        }),
        ("copy the exempt paper out of the folder", |d| {
            let _ = std::fs::copy(at(d, "depot.xlsx"), d.join("inputs/briefing.xlsx"));
        }),
        ("edit a copy of the exempt paper", |d| {
            let mut copy = secret();
            copy.sheets[1].1[1][2] = t(&format!("Revised offer {MARKER}."));
            copy.write(&at(d, "Copy of depot.xlsx"));
        }),
        ("remove the copies", |d| {
            for p in [
                at(d, "depot v2.xlsx"),
                at(d, "Copy of depot.xlsx"),
                d.join("inputs/briefing.xlsx"),
            ] {
                let _ = std::fs::remove_file(p);
            }
        }),
        ("edit the public paper", |d| {
            paper("Budget", "1", "An overspend is forecast.").write(&at(d, "budget.xlsx"))
        }),
    ]
}

fn assert_nothing_public(dir: &Path, printed: &str, history: &[&str]) {
    assert_marker_not_public(dir, MARKER, printed, &format!("after {history:?}"));
}

#[test]
fn no_sequence_of_slips_publishes_an_exempt_paper() {
    let slips = slips();
    for seed in [0x9E37_79B9_7F4A_7C15_u64, 0x2545_F491_4F6C_DD1D] {
        let dir = project();
        let d = dir.path();
        meeting(Some(V::D(2027, 2, 20)), true).write(&at(d, "meeting.xlsx"));
        paper("Budget", "1", "Balanced.").write(&at(d, "budget.xlsx"));
        secret().write(&at(d, "depot.xlsx"));
        let out = papers(d, &["build", "--today", "2027-02-20"]);
        assert!(out.status.success(), "{}", stderr(&out));
        let mut steps = Steps(seed);
        let mut history = Vec::new();
        for day in 21..29 {
            let (name, slip) = slips[steps.next(slips.len())];
            slip(d);
            history.push(name);
            let today = format!("2027-02-{day}");
            let mut args = vec!["build", "--today", today.as_str()];
            if steps.next(3) == 0 {
                args.push("--force");
            }
            let out = papers(d, &args);
            assert!(
                out.status.code().is_some_and(|c| c < 2),
                "seed {seed:x} after {history:?}: {}",
                stderr(&out)
            );
            let printed = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
            assert_nothing_public(d, &printed, &history);
        }
    }
}
