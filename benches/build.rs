//! The build benchmark: `cargo bench`. Generates N synthetic report workbooks of realistic
//! size (a cover, 20 paragraphs, an impact assessment of 20 rows, 25 actions, a 12 x 10
//! alignment matrix and a 40-row appendix), runs the release `papers` binary over them as a
//! user would, and prints a table: documents per second for a cold build, the no-op rebuild,
//! the rebuild after one workbook changes, and peak memory (VmHWM, sampled from /proc) for
//! 200 and 1000 documents. When a `typst` command-line compiler is on PATH it also times
//! `typst compile` on the sources `--emit-typst` wrote, one process per document.
//!
//! It also prints, each with the command it times: start-up (an empty project against
//! `papers --version`), the no-op rebuild of the large project, what a meeting's agenda pack
//! adds to building its papers, and bytes per page with and without object streams
//! (`PAPERS_OBJECT_STREAMS=0`), beside `qpdf --object-streams=generate` when qpdf is on PATH.
//!
//! It also prints what sizing table columns from their content costs: the same synthetic
//! reports built with fitted tables and with fixed-width ones (a project papers.typ that sets
//! `fixed-table-widths`), in the same run.
//!
//! `PAPERS_BENCH_N` and `PAPERS_BENCH_LARGE` override 200 and 1000; `PAPERS_BENCH_PROJECT=DIR`
//! only writes the synthetic project to DIR, for profiling a build by hand;
//! `PAPERS_BENCH_ONLY=tables` prints only the fitted against fixed-width tables.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const PAPERS: &str = env!("CARGO_BIN_EXE_papers");

/// One synthetic report workbook; `n` varies its text so no two are alike.
fn workbook(n: usize, revision: u32) -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("d mmmm yyyy");
    let cover = wb.add_worksheet().set_name("Cover").unwrap();
    let fields: Vec<(&str, String)> = vec![
        ("Title", format!("Service review {n} (revision {revision})")),
        ("Committee", "Cabinet".into()),
        ("Report of", "Executive head of strategy, people and neighbourhoods".into()),
        ("Wards", "All wards".into()),
        ("Key decision", "No".into()),
        ("Purpose", "To consider proposals to progress the council's work to reduce social, economic and health inequality.".into()),
        ("Recommendations", "To approve the action plan\nTo note the impact assessment".into()),
        ("Financial implications", "None: activity to be met from within existing budgets.".into()),
        ("Head of service", "Russell O'Keefe".into()),
        ("Actions title", "Action plan 2026-27".into()),
        ("Alignment title", "How the plan aligns with other strategies".into()),
    ];
    cover.write_string(0, 0, "Field").unwrap();
    cover.write_string(0, 1, "Value").unwrap();
    for (r, (f, v)) in fields.iter().enumerate() {
        cover.write_string(r as u32 + 1, 0, *f).unwrap();
        cover.write_string(r as u32 + 1, 1, v).unwrap();
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
    for p in 0..20u32 {
        let row = p + 1;
        if p % 5 == 0 {
            report
                .write_string(row, 0, format!("Section {} of report {n}", p / 5 + 1))
                .unwrap();
        }
        report
            .write_string(row, 2, format!(
                "Paragraph {p}. The council has worked with partners across the city to reduce inequality in income, health \
                 and opportunity. This paragraph explains the background, the evidence and the options considered, with \
                 **emphasis** where it matters and a list:\n- first point\n- second point"
            ))
            .unwrap();
    }

    let iia = wb.add_worksheet().set_name("Impact assessment").unwrap();
    for (c, h) in ["Category", "Item", "Impact", "Comments"]
        .iter()
        .enumerate()
    {
        iia.write_string(0, c as u16, *h).unwrap();
    }
    let categories = [
        "Economic",
        "Social",
        "Equality and diversity",
        "Environmental",
    ];
    for i in 0..20u32 {
        iia.write_string(i + 1, 0, categories[i as usize / 5])
            .unwrap();
        iia.write_string(i + 1, 1, format!("Impact area {i}"))
            .unwrap();
        iia.write_string(
            i + 1,
            2,
            ["Neutral", "Positive", "Negative", "Positive"][i as usize % 4],
        )
        .unwrap();
        iia.write_string(
            i + 1,
            3,
            "Better joined-up working should reduce duplication.",
        )
        .unwrap();
    }

    let actions = wb.add_worksheet().set_name("Actions").unwrap();
    for (c, h) in ["Workstream", "Action", "Lead", "Deadline", "Status"]
        .iter()
        .enumerate()
    {
        actions.write_string(0, c as u16, *h).unwrap();
    }
    for a in 0..25u32 {
        actions
            .write_string(a + 1, 0, format!("Workstream {}", a / 5 + 1))
            .unwrap();
        actions
            .write_string(
                a + 1,
                1,
                format!("Action {a}: co-ordinate advice and support for residents"),
            )
            .unwrap();
        actions
            .write_string(a + 1, 2, "Strategy and housing")
            .unwrap();
        if a % 2 == 0 {
            actions
                .write_datetime_with_format(
                    a + 1,
                    3,
                    ExcelDateTime::from_ymd(2026, 9, 1).unwrap(),
                    &date,
                )
                .unwrap();
        } else {
            actions.write_string(a + 1, 3, "March 2027").unwrap();
        }
        actions
            .write_string(
                a + 1,
                4,
                [
                    "On target",
                    "Yet to start",
                    "Ongoing",
                    "Complete",
                    "Delayed",
                ][a as usize % 5],
            )
            .unwrap();
    }

    let matrix = wb.add_worksheet().set_name("Alignment").unwrap();
    matrix.write_string(0, 1, "Active and well").unwrap();
    matrix.write_string(0, 6, "Safe and pleasant").unwrap();
    matrix.write_string(1, 0, "Strategy").unwrap();
    for c in 1..=10u16 {
        matrix
            .write_string(1, c, format!("Priority {c}: reduce inequality in area {c}"))
            .unwrap();
    }
    for s in 0..12u32 {
        matrix
            .write_string(s + 2, 0, format!("Strategy {s} 2026-2029"))
            .unwrap();
        for c in 1..=10u16 {
            if (s as u16 + c).is_multiple_of(3) {
                matrix.write_string(s + 2, c, "✓").unwrap();
            }
        }
    }

    let appendix = wb.add_worksheet().set_name("Pilot activity").unwrap();
    for (c, h) in ["Title", "Description", "Priority", "Partners"]
        .iter()
        .enumerate()
    {
        appendix.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=40u32 {
        appendix
            .write_string(r, 0, format!("Activity {r}"))
            .unwrap();
        appendix
            .write_string(
                r,
                1,
                "Deliver a local awareness campaign with partners and residents.",
            )
            .unwrap();
        appendix.write_string(r, 2, "Maximising income").unwrap();
        appendix
            .write_string(r, 3, "Voluntary and community groups")
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// A fresh project of `n` workbooks.
fn project(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), n);
    dir
}

/// Writes `papers.toml` and `n` workbooks under `dir/inputs`.
fn write_project(dir: &Path, n: usize) {
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::write(
        dir.join("papers.toml"),
        "council = \"Norwich City Council\"\n",
    )
    .unwrap();
    for i in 0..n {
        std::fs::write(inputs.join(format!("report-{i:04}.xlsx")), workbook(i, 1)).unwrap();
    }
}

/// Runs `papers` with `args`; returns the wall time and the peak resident memory (MiB),
/// sampled from /proc while it runs.
fn run(dir: &Path, args: &[&str]) -> (Duration, Option<f64>) {
    run_with(dir, args, &[])
}

/// [`run`] with environment variables set.
fn run_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Duration, Option<f64>) {
    let start = Instant::now();
    let mut child = Command::new(papers_bin())
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak: Option<f64> = None;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        {
            peak = Some(peak.unwrap_or(0.0).max(kb / 1024.0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(status.success(), "papers {args:?} failed:\n{err}");
    (elapsed, peak)
}

/// The median wall time of `runs` runs of `papers` with `args` (no memory sampling, whose
/// polling would be most of a short run).
fn median(dir: &Path, args: &[&str], runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(PAPERS)
                .args(args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success(), "papers {args:?} failed");
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// The bytes and pages of every PDF the manifest of `dir` lists.
fn bytes_and_pages(dir: &Path) -> (u64, u64) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("output/manifest.json")).unwrap())
            .unwrap();
    manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .fold((0, 0), |(bytes, pages), e| {
            let size =
                std::fs::metadata(dir.join(e["path"].as_str().unwrap())).map_or(0, |m| m.len());
            (bytes + size, pages + e["pages"].as_u64().unwrap_or(0))
        })
}

/// `meetings` meeting folders, each of `papers` copies of seed 004's report on the agenda of
/// a generated meeting workbook (written only when `meeting` is true: without it the same
/// papers are standalone documents).
fn meeting_project(meetings: usize, papers: usize, meeting: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("inputs/2015-11-04-norwich-cabinet/reducing-inequalities.xlsx"),
    )
    .unwrap();
    for m in 1..=meetings {
        let folder = dir.path().join(format!("inputs/2026-03-{m:02}-cabinet"));
        std::fs::create_dir_all(&folder).unwrap();
        for i in 1..=papers {
            // 46082 is 1 March 2026 as a spreadsheet serial date.
            let copy = seed_paper(&seed, i, 46081 + m);
            std::fs::write(folder.join(format!("paper-{i:02}.xlsx")), copy).unwrap();
        }
        if !meeting {
            continue;
        }
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet().set_name("Meeting").unwrap();
        let date = Format::new().set_num_format("d mmmm yyyy");
        for (r, (f, v)) in [
            ("Field", "Value"),
            ("Committee", "Cabinet"),
            ("Time", "5.30pm"),
            ("Venue", "Mancroft room, City Hall"),
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(r as u32, 0, *f).unwrap();
            sheet.write_string(r as u32, 1, *v).unwrap();
        }
        sheet.write_string(4, 0, "Date").unwrap();
        sheet
            .write_datetime_with_format(
                4,
                1,
                ExcelDateTime::from_ymd(2026, 3, m as u8).unwrap(),
                &date,
            )
            .unwrap();
        let agenda = wb.add_worksheet().set_name("Agenda").unwrap();
        for (c, h) in ["Item", "Title", "Report", "Exempt"].iter().enumerate() {
            agenda.write_string(0, c as u16, *h).unwrap();
        }
        for i in 1..=papers {
            agenda.write_string(i as u32, 0, i.to_string()).unwrap();
            agenda
                .write_string(i as u32, 1, format!("Reducing inequalities, part {i}"))
                .unwrap();
            agenda
                .write_string(i as u32, 2, format!("paper-{i:02}.xlsx"))
                .unwrap();
        }
        wb.save(folder.join("meeting.xlsx")).unwrap();
    }
    dir
}

/// Seed 004's report (item 8 of 4 November 2015 on its Cover) as item `item` of the meeting
/// of the spreadsheet serial date `day`, which its agenda and meeting workbook give: a paper
/// whose Cover disagrees with its agenda is an error, and is in no pack.
fn seed_paper(seed: &[u8], item: usize, day: usize) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        member.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let cover = String::from_utf8(bytes).unwrap();
            let edited = cover
                .replace(
                    r#"<c r="B6" s="3"><v>42312</v></c>"#,
                    &format!(r#"<c r="B6" s="3"><v>{day}</v></c>"#),
                )
                .replace(
                    r#"<c r="B7" s="4"><v>8</v></c>"#,
                    &format!(r#"<c r="B7" s="4"><v>{item}</v></c>"#),
                );
            assert_eq!(
                edited.len(),
                cover.len() + day.to_string().len() + item.to_string().len() - 6,
                "seed 004's Cover has moved: its Meeting date and Item are no longer B6 and B7"
            );
            bytes = edited.into_bytes();
        }
        out.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Peak memory (MiB, the median of `runs`) of forced builds of a meeting of `papers` copies
/// of seed 004's report and of the same papers without meeting.xlsx, taken in turn; and the
/// least wall time of each.
fn pack_memory(papers: usize, runs: usize) -> [(f64, Duration); 2] {
    let force = ["build", "--quiet", "--force"];
    let dirs = [
        meeting_project(1, papers, true),
        meeting_project(1, papers, false),
    ];
    let mut peaks = [Vec::new(), Vec::new()];
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..runs {
        for (k, dir) in dirs.iter().enumerate() {
            let (time, peak) = run(dir.path(), &force);
            peaks[k].push(peak.unwrap_or(0.0));
            times[k].push(time);
        }
    }
    let pack = dirs[0]
        .path()
        .join("drafts/2026-03-01-cabinet/agenda-pack.pdf");
    assert!(pack.exists(), "the meeting's pack was not built");
    [0, 1].map(|k| {
        peaks[k].sort_by(f64::total_cmp);
        (peaks[k][runs / 2], *times[k].iter().min().unwrap())
    })
}

/// Prints [`pack_memory`]'s figures for a meeting of 30 papers.
fn print_pack_memory() {
    let papers = 30;
    let [(with, t_with), (without, t_without)] = pack_memory(papers, 5);
    println!(
        "| peak memory, a meeting of {papers} copies of seed 004's report, with its pack (median of 5) | `papers build --quiet --force` | {with:.0} MiB against {without:.0} MiB without meeting.xlsx: {:.2}x (it was 139 MiB against 61 MiB); {:.2} s against {:.2} s: {:.2}x | at most 1.3x |",
        with / without,
        t_with.as_secs_f64(),
        t_without.as_secs_f64(),
        t_with.as_secs_f64() / t_without.as_secs_f64()
    );
}

/// The least time of `runs` forced builds of each of two projects, taken in turn so that
/// both see the machine alike.
fn forced_pair(a: &Path, b: &Path, runs: usize) -> (Duration, Duration) {
    let force = ["build", "--quiet", "--force"];
    run(a, &force);
    run(b, &force);
    let (mut ta, mut tb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        ta.push(run(a, &force).0);
        tb.push(run(b, &force).0);
    }
    (*ta.iter().min().unwrap(), *tb.iter().min().unwrap())
}

/// The built-in style file, whose tables a project's own copy may set in fixed widths.
const STYLE: &str = include_str!("../templates/papers.typ");

/// What sizing tables from their content costs: `n` synthetic reports built with fitted
/// tables and with fixed-width ones (equal columns at 10 pt), forced builds taken in turn.
fn tables(n: usize) {
    let fitted = project(n);
    let fixed = project(n);
    let style = STYLE.replace(
        "#let fixed-table-widths = false",
        "#let fixed-table-widths = true",
    );
    assert_ne!(style, STYLE, "papers.typ has no fixed-table-widths switch");
    std::fs::create_dir_all(fixed.path().join("templates")).unwrap();
    std::fs::write(fixed.path().join("templates/papers.typ"), style).unwrap();
    let (t_fitted, t_fixed) = forced_pair(fitted.path(), fixed.path(), 5);
    println!(
        "| {n} synthetic reports, tables sized from content against fixed widths | `papers build --quiet --force` (fastest of 5 each) | {:.2} s against {:.2} s: {:.2}x | at most 1.15x |",
        t_fitted.as_secs_f64(),
        t_fixed.as_secs_f64(),
        t_fitted.as_secs_f64() / t_fixed.as_secs_f64()
    );
}

/// Side by side with an office suite: LibreOffice printing the same synthetic workbooks to PDF
/// (`soffice --headless --convert-to pdf`, one process for all of them), what a council gets
/// without Papers. `papers_per_doc` is Papers' cold build time per document.
fn office(sample: usize, papers_per_doc: f64) {
    let version = Command::new("soffice")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(version) = version else {
        println!("\n(no `soffice` on PATH: the comparison with LibreOffice is skipped)");
        return;
    };
    let dir = project(sample);
    let profile = dir.path().join("lo-profile");
    let files: Vec<PathBuf> = (0..sample)
        .map(|i| dir.path().join(format!("inputs/report-{i:04}.xlsx")))
        .collect();
    let convert = || {
        Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path().join("lo"))
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    // The first run sets up LibreOffice's profile; the second is timed.
    if !convert() {
        println!(
            "\n(`soffice --convert-to pdf` failed: the comparison with LibreOffice is skipped)"
        );
        return;
    }
    let start = Instant::now();
    convert();
    let per_doc = start.elapsed().as_secs_f64() / sample as f64;
    println!(
        "\n{} printing the same {sample} workbooks to PDF (`soffice --headless --convert-to pdf`, one process): {:.3} s per document ({:.1} documents/s), untagged and without the report's layout; Papers: {:.3} s per document",
        String::from_utf8_lossy(&version.stdout).trim(),
        per_doc,
        1.0 / per_doc,
        papers_per_doc
    );
}

/// `papers check` on N copies of seed 002's strategy, all in one folder and in folders of ten,
/// for N from 100 to `PAPERS_BENCH_CHECK_MAX` (10,000): the cost per workbook should not grow
/// with N, as the folders are surveyed once per run.
fn check_scaling() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("inputs/cambridgeshire/single-equality-strategy.xlsx");
    let max = env_n("PAPERS_BENCH_CHECK_MAX", 10_000);
    println!();
    println!(
        "| `papers check --quiet` on N workbooks | one folder | per workbook | folders of 10 | per workbook |"
    );
    println!("| --- | --- | --- | --- | --- |");
    let mut first: Option<(f64, f64)> = None;
    for n in [100, 1_000, 10_000].into_iter().filter(|&n| n <= max) {
        let mut per = Vec::new();
        for spread in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            for i in 0..n {
                let folder = if spread {
                    format!("inputs/group-{:04}", i / 10)
                } else {
                    "inputs/all".to_owned()
                };
                std::fs::create_dir_all(dir.path().join(&folder)).unwrap();
                std::fs::copy(
                    &seed,
                    dir.path().join(format!("{folder}/strategy-{i:05}.xlsx")),
                )
                .unwrap();
            }
            let runs = if n >= 10_000 { 1 } else { 3 };
            let time = (0..runs)
                .map(|_| run(dir.path(), &["check", "--quiet"]).0)
                .min()
                .unwrap();
            per.push((time, time.as_secs_f64() * 1e3 / n as f64));
        }
        let base = *first.get_or_insert((per[0].1, per[1].1));
        println!(
            "| {n} | {:.2} s | {:.2} ms ({:.2}x) | {:.2} s | {:.2} ms ({:.2}x) |",
            per[0].0.as_secs_f64(),
            per[0].1,
            per[0].1 / base.0,
            per[1].0.as_secs_f64(),
            per[1].1,
            per[1].1 / base.1
        );
    }
}

/// The papers binary to time: this build, or `PAPERS_BENCH_BIN`.
fn papers_bin() -> String {
    std::env::var("PAPERS_BENCH_BIN").unwrap_or_else(|_| PAPERS.to_owned())
}

/// From a save to the new PDF under `papers watch`, on a project of 100 workbooks: the
/// time from writing one workbook until its PDF is replaced, for 10 saves.
fn watch_latency(bin: &str) -> Vec<Duration> {
    let dir = project(100);
    let d = dir.path();
    run(d, &["build", "--quiet"]);
    let mut watch = Command::new(bin)
        .args(["watch", "--quiet"])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pdf = d.join("output/report-0007.pdf");
    let modified = || std::fs::metadata(&pdf).and_then(|m| m.modified()).ok();
    // The watch's own first build (nothing to do) and its first look.
    std::thread::sleep(Duration::from_millis(2000));
    let mut times = Vec::new();
    for rev in 0..10 {
        let before = modified();
        let bytes = workbook(7, 10 + rev);
        let start = Instant::now();
        std::fs::write(d.join("inputs/report-0007.xlsx"), bytes).unwrap();
        while modified() == before {
            assert!(start.elapsed() < Duration::from_secs(20), "no new PDF");
            std::thread::sleep(Duration::from_millis(1));
        }
        times.push(start.elapsed());
        // Between saves, as an author would be.
        std::thread::sleep(Duration::from_millis(700));
    }
    let _ = watch.kill();
    let _ = watch.wait();
    times.sort();
    times
}

/// Prints [`watch_latency`]'s figures.
fn print_watch(bin: &str) {
    let times = watch_latency(bin);
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "\n| measure | command | result | target |\n| --- | --- | --- | --- |\n| from a save to the new PDF, 100 workbooks, 10 saves | `papers watch` | median {:.0} ms (min {:.0}, max {:.0}); it was 786 ms when the watch polled | under 300 ms |",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn env_n(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `PAPERS_BENCH_PROJECT=DIR` only writes the synthetic project (PAPERS_BENCH_N workbooks)
    // to DIR, for profiling a build by hand.
    if let Ok(dir) = std::env::var("PAPERS_BENCH_PROJECT")
        && std::env::var("PAPERS_BENCH_ONLY").as_deref() != Ok("packs")
    {
        let dir = PathBuf::from(dir);
        write_project(&dir, env_n("PAPERS_BENCH_N", 200));
        println!("wrote {}", dir.display());
        return;
    }
    // `PAPERS_BENCH_ONLY=watch` times `papers watch` alone (`PAPERS_BENCH_BIN` may name
    // another build of papers, to set the figure beside an earlier one's).
    if std::env::var("PAPERS_BENCH_ONLY").as_deref() == Ok("watch") {
        print_watch(&papers_bin());
        return;
    }
    // `PAPERS_BENCH_ONLY=packs` measures a meeting's packs alone: peak memory and time of a
    // meeting of 30 papers against the same papers without meeting.xlsx (`PAPERS_BENCH_BIN`
    // may name another build, as for the watch).
    if std::env::var("PAPERS_BENCH_ONLY").as_deref() == Ok("packs") {
        // With `PAPERS_BENCH_PROJECT=DIR`, only writes the meeting of 30 papers to DIR.
        if let Ok(dir) = std::env::var("PAPERS_BENCH_PROJECT") {
            let made = meeting_project(1, 30, true);
            std::fs::create_dir_all(&dir).unwrap();
            let status = Command::new("cp")
                .arg("-r")
                .arg(made.path().join("."))
                .arg(&dir)
                .status()
                .unwrap();
            assert!(status.success(), "could not copy the meeting to {dir}");
            println!("wrote {dir}");
            return;
        }
        println!("| measure | command | result | target |\n| --- | --- | --- | --- |");
        print_pack_memory();
        return;
    }
    // `cargo bench` passes --bench; anything else (cargo test --benches) is a smoke run.
    if !std::env::args().any(|a| a == "--bench") {
        let dir = project(2);
        run(dir.path(), &["build", "--quiet"]);
        println!("bench smoke run: 2 documents built");
        return;
    }
    let n = env_n("PAPERS_BENCH_N", 200);
    if std::env::var("PAPERS_BENCH_ONLY").is_ok_and(|o| o == "tables") {
        println!("| measure | command | result | target |");
        println!("| --- | --- | --- | --- |");
        tables(n.min(50));
        return;
    }
    let large = env_n("PAPERS_BENCH_LARGE", 1000);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    println!(
        "Papers build benchmark: release binary, {cores} cores, synthetic reports (cover, 20 paragraphs, IIA 20 rows, 25 actions, 12x10 matrix, 40-row appendix)\n"
    );

    let dir = project(n);
    let (cold, cold_mem) = run(dir.path(), &["build", "--quiet"]);
    let pages: usize = std::fs::read_to_string(dir.path().join("output/manifest.json"))
        .ok()
        .and_then(|m| serde_json::from_str::<serde_json::Value>(&m).ok())
        .map(|m| {
            m["outputs"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["pages"].as_u64())
                .sum::<u64>() as usize
        })
        .unwrap_or(0);
    let mut noop = Vec::new();
    for _ in 0..5 {
        noop.push(run(dir.path(), &["build", "--quiet"]).0);
    }
    let noop = *noop.iter().min().unwrap();
    let mut touched = Vec::new();
    for rev in 2..5 {
        std::fs::write(dir.path().join("inputs/report-0007.xlsx"), workbook(7, rev)).unwrap();
        touched.push(run(dir.path(), &["build", "--quiet"]).0);
    }
    let touched = *touched.iter().min().unwrap();
    let (forced, _) = run(dir.path(), &["build", "--quiet", "--force", "--jobs", "1"]);

    // A real paper: copies of seed 004's cabinet report from the example project (8 pages,
    // with its impact assessment and both appendices).
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("inputs/2015-11-04-norwich-cabinet/reducing-inequalities.xlsx");
    let copies = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(copies.path().join("inputs")).unwrap();
    for i in 0..n {
        std::fs::copy(
            &seed,
            copies.path().join(format!("inputs/report-{i:04}.xlsx")),
        )
        .unwrap();
    }
    let (seed_cold, seed_mem) = run(copies.path(), &["build", "--quiet"]);
    drop(copies);

    let big = project(large);
    let (big_cold, big_mem) = run(big.path(), &["build", "--quiet"]);
    let big_noop = (0..5)
        .map(|_| run(big.path(), &["build", "--quiet"]).0)
        .min()
        .unwrap();
    drop(big);

    // Start-up: an empty project against printing the version.
    let empty = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(empty.path().join("inputs")).unwrap();
    let version = median(empty.path(), &["--version"], 31);
    let startup = median(empty.path(), &["build", "--quiet"], 31);

    // What a meeting's pack adds: the same papers built with and without meeting.xlsx, for
    // one meeting and for several.
    let papers = 6;
    let (t_with, t_without) = forced_pair(
        meeting_project(1, papers, true).path(),
        meeting_project(1, papers, false).path(),
        7,
    );
    let meetings = 5;
    let force = ["build", "--quiet", "--force"];
    let (many_with, many_without) = forced_pair(
        meeting_project(meetings, papers, true).path(),
        meeting_project(meetings, papers, false).path(),
        5,
    );

    // Bytes per page, with object streams (the default) and without, and the build time of
    // each, on the synthetic reports and on copies of seed 004's report.
    let sample = n.min(50);
    let sizes = project(sample);
    let plain_env = [("PAPERS_OBJECT_STREAMS", "0")];
    let (mut t_packed, mut t_plain) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        t_plain.push(run_with(sizes.path(), &force, &plain_env).0);
        t_packed.push(run(sizes.path(), &force).0);
    }
    let (t_packed, t_plain) = (
        *t_packed.iter().min().unwrap(),
        *t_plain.iter().min().unwrap(),
    );
    let (packed_bytes, packed_pages) = bytes_and_pages(sizes.path());
    run_with(sizes.path(), &force, &plain_env);
    let (plain_bytes, plain_pages) = bytes_and_pages(sizes.path());
    let seed_dir = meeting_project(1, 1, false);
    let seed_pdf = seed_dir
        .path()
        .join("output/2026-03-01-cabinet/paper-01.pdf");
    run_with(seed_dir.path(), &force, &plain_env);
    let seed_plain = std::fs::read(&seed_pdf).unwrap();
    run(seed_dir.path(), &force);
    let seed_packed = std::fs::read(&seed_pdf).unwrap();
    // qpdf's own object-stream repack of the plain file, when qpdf is installed.
    let qpdf = {
        let plain = seed_dir.path().join("plain.pdf");
        let repacked = seed_dir.path().join("qpdf.pdf");
        std::fs::write(&plain, &seed_plain).unwrap();
        Command::new("qpdf")
            .args(["--object-streams=generate"])
            .arg(&plain)
            .arg(&repacked)
            .status()
            .ok()
            .filter(|s| s.success())
            .and_then(|_| std::fs::metadata(&repacked).ok())
            .map(|m| m.len())
    };

    let mib = |m: Option<f64>| m.map_or("n/a".to_owned(), |m| format!("{m:.0} MiB"));
    println!("| measure | result | target |");
    println!("| --- | --- | --- |");
    println!(
        "| cold build, {n} documents ({pages} pages) | {:.2} s, {:.1} documents/s | at least 30 documents/s |",
        cold.as_secs_f64(),
        n as f64 / cold.as_secs_f64()
    );
    println!(
        "| no-op rebuild, {n} documents | {:.3} s | under 0.15 s |",
        noop.as_secs_f64()
    );
    println!(
        "| rebuild after changing one workbook | {:.3} s | under 0.3 s |",
        touched.as_secs_f64()
    );
    println!(
        "| forced rebuild on one core (--jobs 1) | {:.2} s, {:.1} documents/s | |",
        forced.as_secs_f64(),
        n as f64 / forced.as_secs_f64()
    );
    println!(
        "| peak memory, cold build of {n} | {} | under 500 MiB |",
        mib(cold_mem)
    );
    println!(
        "| cold build, {n} copies of seed 004's report (8 pages) | {:.2} s, {:.1} documents/s, {} | at least 30 documents/s |",
        seed_cold.as_secs_f64(),
        n as f64 / seed_cold.as_secs_f64(),
        mib(seed_mem)
    );
    println!(
        "| cold build, {large} documents | {:.2} s, {:.1} documents/s | |",
        big_cold.as_secs_f64(),
        large as f64 / big_cold.as_secs_f64()
    );
    println!(
        "| peak memory, cold build of {large} | {} | under 500 MiB, not growing with N |",
        mib(big_mem)
    );
    println!(
        "| no-op rebuild, {large} documents | {:.3} s | under 0.05 s |",
        big_noop.as_secs_f64()
    );
    println!();
    println!("| measure | command | result | target |");
    println!("| --- | --- | --- | --- |");
    println!(
        "| `papers --version` (median of 31) | `papers --version` | {:.1} ms | |",
        version.as_secs_f64() * 1e3
    );
    println!(
        "| empty project (median of 31) | `papers build --quiet` with an empty `inputs/` | {:.1} ms, {:.2}x --version | at most 2x |",
        startup.as_secs_f64() * 1e3,
        startup.as_secs_f64() / version.as_secs_f64()
    );
    println!(
        "| a meeting of {papers} copies of seed 004's report, with its pack | `papers build --quiet --force` | {:.2} s against {:.2} s without meeting.xlsx: {:.2}x | at most 1.3x |",
        t_with.as_secs_f64(),
        t_without.as_secs_f64(),
        t_with.as_secs_f64() / t_without.as_secs_f64()
    );
    println!(
        "| {meetings} such meetings | as above | {:.2} s against {:.2} s without their meeting.xlsx: {:.2}x | at most 1.3x |",
        many_with.as_secs_f64(),
        many_without.as_secs_f64(),
        many_with.as_secs_f64() / many_without.as_secs_f64()
    );
    print_pack_memory();
    println!(
        "| bytes per page, {sample} synthetic reports | `papers build --force`, then with `PAPERS_OBJECT_STREAMS=0` | {:.0} with object streams, {:.0} without: {:.2}x | |",
        packed_bytes as f64 / packed_pages as f64,
        plain_bytes as f64 / plain_pages as f64,
        packed_bytes as f64 / plain_bytes as f64
    );
    println!(
        "| build time of the {sample}, with and without object streams | `papers build --quiet --force` | {:.2} s against {:.2} s: {:.2}x | at most 1.15x |",
        t_packed.as_secs_f64(),
        t_plain.as_secs_f64(),
        t_packed.as_secs_f64() / t_plain.as_secs_f64()
    );
    let seed_pages = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(seed_dir.path().join("output/manifest.json")).unwrap(),
    )
    .unwrap()["outputs"][0]["pages"]
        .as_u64()
        .unwrap_or(1);
    println!(
        "| seed 004's report ({seed_pages} pages) | as above | {} bytes ({:.0} per page) with object streams, {} ({:.0} per page) without | |",
        seed_packed.len(),
        seed_packed.len() as f64 / seed_pages as f64,
        seed_plain.len(),
        seed_plain.len() as f64 / seed_pages as f64
    );
    match qpdf {
        Some(q) => println!(
            "| seed 004's report against qpdf | `qpdf --object-streams=generate` of the file without | {} bytes: Papers' file is {:.2}x qpdf's | at most 1.15x |",
            q,
            seed_packed.len() as f64 / q as f64
        ),
        None => println!(
            "\n(no `qpdf` on PATH: the comparison with its object-stream repack is skipped)"
        ),
    }

    print_watch(PAPERS);
    tables(n.min(50));
    check_scaling();
    office(n.min(20), cold.as_secs_f64() / n as f64);

    // Side by side with the typst command-line compiler, one process per document, on the
    // sources Papers generated.
    let typst = Command::new("typst")
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(version) = typst else {
        println!("\n(no `typst` command on PATH: the comparison with `typst compile` is skipped)");
        return;
    };
    let sample = n.min(20);
    let dir = project(sample);
    run(dir.path(), &["build", "--quiet", "--emit-typst"]);
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let start = Instant::now();
    for i in 0..sample {
        let status = Command::new("typst")
            .args([
                "compile",
                "--root",
                "output",
                "--ignore-system-fonts",
                "--features",
                "a11y-extras",
                "--pdf-standard",
                "a-2a,ua-1",
                "--font-path",
            ])
            .arg(&fonts)
            .arg(format!("output/report-{i:04}.typ"))
            .arg(format!("output/typst-{i:04}.pdf"))
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success(), "typst compile failed on report {i}");
    }
    let per_doc = start.elapsed().as_secs_f64() / sample as f64;
    println!(
        "\n{}: {:.3} s per document, one process each ({:.1} documents/s); Papers: {:.3} s per document",
        String::from_utf8_lossy(&version.stdout).trim(),
        per_doc,
        1.0 / per_doc,
        cold.as_secs_f64() / n as f64
    );
}
