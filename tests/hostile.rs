//! Hostile and broken inputs through the real binary: names and links that lead out of the
//! project, limits checked before the work, faults that must leave things clean. Every case
//! gets an answer (an error naming the file, or exit status 2) and harms nothing outside.

mod support;

use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use support::*;

/// A folder beside the project, with a file that must survive every run.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), b"precious").unwrap();
    report("Outside paper").write(&dir.path().join("secret.xlsx"));
    dir
}

fn survives(outside: &Path) {
    assert_eq!(
        std::fs::read(outside.join("keep.txt")).unwrap(),
        b"precious",
        "a file outside the project was touched"
    );
    let names: Vec<_> = std::fs::read_dir(outside)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        ["keep.txt", "secret.xlsx"],
        "something was written outside the project"
    );
}

#[cfg(unix)]
#[test]
fn names_and_links_that_lead_out_are_refused_by_name() {
    let away = outside();
    let dir = project();
    let inputs = dir.path().join("inputs");
    report("Good paper").write(&inputs.join("good.xlsx"));
    std::os::unix::fs::symlink(away.path().join("secret.xlsx"), inputs.join("leak.xlsx")).unwrap();
    std::os::unix::fs::symlink(away.path(), inputs.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(&inputs, inputs.join("loop")).unwrap();
    report("Backslash").write(&inputs.join("..\\..\\evil.xlsx"));
    report("Drive").write(&inputs.join("C:evil.xlsx"));
    let run = papers(dir.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    for name in [
        "inputs/leak.xlsx",
        "inputs/elsewhere",
        "inputs/loop",
        "inputs/..\\..\\evil.xlsx",
        "inputs/C:evil.xlsx",
    ] {
        assert!(
            err.contains(&format!("error[refused-path]: {name}")),
            "{name} not refused:\n{err}"
        );
    }
    assert!(pdf_text(&dir.path().join("output/good.pdf")).contains("Good paper"));
    assert!(!squash(&err).contains("Outsidepaper"));
    let outputs: Vec<String> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        outputs
            .iter()
            .all(|n| !n.contains("evil") && !n.contains("leak")),
        "{outputs:?}"
    );
    survives(away.path());
}

#[cfg(unix)]
#[test]
fn writes_and_deletions_stay_in_the_trees_papers_owns() {
    let away = outside();
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    report("Other paper").write(&dir.path().join("inputs/m/other.xlsx"));
    assert_eq!(papers(dir.path(), &["build"]).status.code(), Some(0));
    // A manifest edited to list files outside output/: the next build must not delete them.
    let manifest = dir.path().join("output/manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    let keep = away.path().join("keep.txt");
    for path in [
        format!("output/../../{}", keep.display()),
        keep.display().to_string(),
        "inputs/good.xlsx".to_owned(),
    ] {
        let mut entry = m["outputs"][0].clone();
        entry["path"] = serde_json::Value::String(path);
        m["outputs"].as_array_mut().unwrap().push(entry);
    }
    std::fs::write(&manifest, serde_json::to_vec(&m).unwrap()).unwrap();
    // An output folder that is a link to somewhere else.
    std::fs::remove_dir_all(dir.path().join("output/m")).unwrap();
    std::os::unix::fs::symlink(away.path(), dir.path().join("output/m")).unwrap();
    let run = papers(dir.path(), &["build", "--force"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("error[write-failed]: inputs/m/other.xlsx"),
        "{err}"
    );
    assert!(
        dir.path().join("inputs/good.xlsx").is_file(),
        "an input was deleted"
    );
    assert!(dir.path().join("output/good.pdf").is_file());
    survives(away.path());
}

#[test]
fn bad_configuration_is_exit_2_and_leaves_every_output_untouched() {
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    assert_eq!(papers(dir.path(), &["build"]).status.code(), Some(0));
    let before = std::fs::read(dir.path().join("output/good.pdf")).unwrap();
    let png_header = |w: u32, h: u32| {
        let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        b.extend(w.to_be_bytes());
        b.extend(h.to_be_bytes());
        b.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        b
    };
    std::fs::write(dir.path().join("huge.png"), png_header(60_000, 60_000)).unwrap();
    std::fs::write(dir.path().join("fake.png"), b"GIF89a not a png").unwrap();
    std::fs::write(
        dir.path().join("big.svg"),
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            " ".repeat(3 << 20)
        ),
    )
    .unwrap();
    let cases = [
        (
            "council = \"C\"\n[logo]\npath = \"/etc/hostname\"\nalt = \"x\"\n",
            "absolute",
        ),
        ("[logo]\npath = \"../logo.png\"\nalt = \"x\"\n", "leads out"),
        (
            "[logo]\npath = \"huge.png\"\nalt = \"x\"\n",
            "60000 × 60000 pixels",
        ),
        ("[logo]\npath = \"fake.png\"\nalt = \"x\"\n", "not a PNG"),
        ("[logo]\npath = \"big.svg\"\nalt = \"x\"\n", "larger than"),
        ("fonts = \"/usr/share/fonts\"\n", "absolute"),
        ("exempt_dir = \"output/exempt\"\n", "outside output/"),
        (
            &format!("council = \"{}\"\n", "x".repeat(5000)),
            "at most 1000",
        ),
    ];
    for (toml, want) in cases {
        std::fs::write(dir.path().join("papers.toml"), toml).unwrap();
        let run = papers(dir.path(), &["build"]);
        assert_eq!(run.status.code(), Some(2), "{toml}: {}", stderr(&run));
        assert!(stderr(&run).contains(want), "{toml}: {}", stderr(&run));
        assert_eq!(
            std::fs::read(dir.path().join("output/good.pdf")).unwrap(),
            before,
            "{toml}: an output changed"
        );
    }
}

#[test]
fn a_template_that_loops_is_stopped_and_named_and_one_that_includes_itself_is_refused() {
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let style = papers::templates::BUILTIN
        .iter()
        .find(|(n, _)| *n == "papers.typ")
        .unwrap()
        .1;
    // Ten million times a thousand steps: hours, without a limit.
    std::fs::write(templates.join("papers.typ"), format!("{style}\n#let spin = {{ let n = 0; for i in range(10000000) {{ for j in range(1000) {{ n += 1 }} }}; n }}\n#spin\n")).unwrap();
    let start = Instant::now();
    let run = papers(dir.path(), &["build", "--time-limit", "3"]);
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "took {:?}",
        start.elapsed()
    );
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("longer than 3 s") && err.contains("templates/papers.typ"),
        "{err}"
    );
    assert!(!dir.path().join("output/good.pdf").exists());

    std::fs::remove_file(templates.join("papers.typ")).unwrap();
    std::fs::write(templates.join("cover.typ.hbs"), "{{> body}}").unwrap();
    std::fs::write(templates.join("body.typ.hbs"), "{{> cover}}").unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("circle"), "{}", stderr(&run));
}

/// A workbook's bytes with its shared strings table changed by `edit`.
fn edit_strings(book: &Book, edit: impl Fn(String) -> String) -> Vec<u8> {
    let good = book.bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(good)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().unwrap().into_owned();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut text).unwrap();
        if name == "xl/sharedStrings.xml" {
            text = edit(String::from_utf8(text).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&text).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn limits_are_checked_before_the_work_and_named_by_cell() {
    let dir = project();
    let inputs = dir.path().join("inputs");
    let lying = edit_strings(&report("Lying count"), |s| {
        let at = s.find("uniqueCount=\"").unwrap() + 13;
        let end = at + s[at..].find('"').unwrap();
        format!("{}4000000000{}", &s[..at], &s[end..])
    });
    std::fs::write(inputs.join("lying.xlsx"), lying).unwrap();
    let mut long = report("Long cell");
    long.sheets[1]
        .1
        .push(vec![V::E, V::E, t("PLACEHOLDER-FOR-A-LONG-CELL")]);
    std::fs::write(
        inputs.join("long.xlsx"),
        edit_strings(&long, |s| {
            s.replace("PLACEHOLDER-FOR-A-LONG-CELL", &"a".repeat(40_000))
        }),
    )
    .unwrap();
    Book::new()
        .cover(&[("Title", "Far future"), ("Meeting date", "1 January 10000")])
        .write(&inputs.join("future.xlsx"));
    let mut rows = vec![vec![t("Ref"), t("Fee")]];
    rows.extend((0..5_200).map(|i| vec![t(&format!("F{i}")), V::N(i as f64)]));
    report("Long table")
        .sheet("Fees", rows)
        .write(&inputs.join("table.xlsx"));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let date = rust_xlsxwriter::Format::new().set_num_format("d mmmm yyyy");
    let ws = wb.add_worksheet();
    ws.set_name("Cover").unwrap();
    for (r, (k, v)) in [
        ("Title", 0.0),
        ("Meeting date", 9.9e12),
        ("Status date", 60.0),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *k).unwrap();
        if *v == 0.0 {
            ws.write_string(r as u32, 1, "Odd dates").unwrap();
        } else {
            ws.write_number_with_format(r as u32, 1, *v, &date).unwrap();
        }
    }
    wb.save(inputs.join("serials.xlsx")).unwrap();

    let start = Instant::now();
    let run = papers(
        dir.path(),
        &["check", "--message-format", "json", "--today", "2026-01-01"],
    );
    assert!(start.elapsed() < Duration::from_secs(60));
    let text = String::from_utf8_lossy(&run.stdout).into_owned() + &stderr(&run);
    assert!(!text.contains("panicked"), "{text}");
    let has = |file: &str, code: &str, cell: Option<&str>| {
        text.lines().any(|l| {
            l.contains(&format!("\"file\":\"inputs/{file}\""))
                && l.contains(&format!("\"code\":\"{code}\""))
                && cell.is_none_or(|c| l.contains(&format!("\"cell\":\"{c}\"")))
        })
    };
    assert!(has("lying.xlsx", "unreadable-workbook", None), "{text}");
    assert!(has("long.xlsx", "cell-too-long", Some("C4")), "{text}");
    assert!(has("future.xlsx", "date-expected", None), "{text}");
    assert!(has("table.xlsx", "table-too-long", Some("A5002")), "{text}");
    assert!(has("serials.xlsx", "date-expected", Some("B2")), "{text}");
    // Excel's 29 February 1900 in a date field: one finding, the field's.
    assert!(has("serials.xlsx", "date-expected", Some("B3")), "{text}");
    assert!(!has("serials.xlsx", "no-such-date", Some("B3")), "{text}");
}

#[test]
fn faults_leave_things_clean() {
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    // An empty lock left by a crash is taken over.
    std::fs::create_dir_all(dir.path().join("output")).unwrap();
    let lock = dir.path().join("output/.papers.lock");
    std::fs::write(&lock, b"").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(600))
        .unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(!lock.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());

    // The archive copies only what the build recorded, and --verify finds what changed since.
    let pdf = dir.path().join("output/good.pdf");
    let original = std::fs::read(&pdf).unwrap();
    std::fs::write(&pdf, b"%PDF-1.7 replaced after the build").unwrap();
    let run = papers(dir.path(), &["archive", "archive"]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("not the ones the build recorded"),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("archive/good.pdf").exists());
    std::fs::write(&pdf, &original).unwrap();
    assert_eq!(
        papers(dir.path(), &["archive", "archive"]).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read(dir.path().join("archive/good.pdf")).unwrap(),
        original
    );
    assert_eq!(
        papers(dir.path(), &["archive", "--verify", "archive"])
            .status
            .code(),
        Some(0)
    );
    // Archived files are read-only; someone with the rights can still change one.
    let archived = dir.path().join("archive/good.pdf");
    let mut permissions = std::fs::metadata(&archived).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&archived, permissions).unwrap();
    std::fs::write(&archived, b"tampered").unwrap();
    let run = papers(dir.path(), &["archive", "--verify", "archive"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("altered") && stderr(&run).contains("good.pdf"),
        "{}",
        stderr(&run)
    );

    // Two archivings at once into one archive lose no record.
    let dir2 = project();
    for i in 0..3 {
        report(&format!("Paper {i}")).write(&dir2.path().join(format!("inputs/p{i}.xlsx")));
    }
    assert_eq!(papers(dir2.path(), &["build"]).status.code(), Some(0));
    let shared = tempfile::tempdir().unwrap();
    let a = shared.path().to_owned();
    let handles: Vec<_> = [dir.path().to_owned(), dir2.path().to_owned()]
        .into_iter()
        .map(|p| {
            let a = a.clone();
            std::thread::spawn(move || papers(&p, &["archive", a.to_str().unwrap()]).status.code())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), Some(0));
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["files"].as_array().unwrap().len(),
        4,
        "{manifest:#}"
    );
}

#[test]
fn a_workbook_larger_than_a_paper_can_print_is_refused_before_layout() {
    let dir = project();
    let mut rows = vec![
        (0..10)
            .map(|c| t(&format!("Column {c}")))
            .collect::<Vec<_>>(),
    ];
    rows.extend((0..1_300).map(|r| (0..10).map(|c| t(&format!("Row {r} cell {c}"))).collect()));
    report("Huge")
        .sheet("Data", rows)
        .write(&dir.path().join("inputs/huge.xlsx"));
    let start = Instant::now();
    let run = papers(dir.path(), &["build"]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("error[document-too-large]: inputs/huge.xlsx: sheet \"Data\""),
        "{}",
        stderr(&run)
    );
    assert!(!dir.path().join("output/huge.pdf").exists());
}

#[cfg(unix)]
#[test]
fn an_output_folder_that_links_out_of_the_project_is_refused_before_anything_is_written() {
    let away = outside();
    let dir = project();
    report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
    std::os::unix::fs::symlink(away.path(), dir.path().join("output")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("output/") && stderr(&run).contains("outside the project"),
        "{}",
        stderr(&run)
    );
    survives(away.path());
}

#[cfg(unix)]
#[test]
fn a_template_that_links_out_of_the_project_is_refused() {
    let away = outside();
    for folder in ["templates", "templates/html"] {
        let dir = project();
        report("Good paper").write(&dir.path().join("inputs/good.xlsx"));
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        let name = if folder.ends_with("html") {
            "paper.html.hbs"
        } else {
            "cover.typ.hbs"
        };
        std::os::unix::fs::symlink(
            away.path().join("keep.txt"),
            dir.path().join(folder).join(name),
        )
        .unwrap();
        let run = papers(dir.path(), &["build"]);
        assert_eq!(run.status.code(), Some(2), "{folder}: {}", stderr(&run));
        assert!(
            stderr(&run).contains("outside the project"),
            "{folder}: {}",
            stderr(&run)
        );
        assert!(!stderr(&run).contains("precious"));
    }
    survives(away.path());
}
