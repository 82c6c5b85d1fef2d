//! A bounded fuzz of the reader over mutated real workbooks: the example project's own
//! .xlsx files, damaged at random both as bytes and inside their XML parts (rezipped, so the
//! damage reaches the XML readers rather than stopping at a checksum). Every case must give
//! an answer (a document or findings naming the file) without a panic, within a time budget;
//! the number of cases is fixed so the run is bounded in CI.

mod support;

use std::io::{Read as _, Write as _};
use std::time::{Duration, Instant};

use papers::diag::Diagnostics;
use papers::pipeline::{Options, Project, process};
use proptest::prelude::*;
use support::project;

/// The example project's workbooks, found once.
fn seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut found = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/inputs"
        ))];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "xlsx") {
                    found.push(std::fs::read(&p).unwrap());
                }
            }
        }
        found.sort();
        assert!(
            found.len() >= 5,
            "the example project's workbooks are the seeds"
        );
        found
    })
}

/// One seed with its XML part `part` (an index into its members) damaged by `edits`
/// (position, new byte, delete instead), rezipped.
fn damage_xml(seed: &[u8], part: usize, edits: &[(usize, u8, bool)]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let target = part % archive.len();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).unwrap();
        let name = member.name().unwrap().into_owned();
        let mut data = Vec::new();
        member.read_to_end(&mut data).unwrap();
        if i == target && !data.is_empty() {
            for &(at, byte, delete) in edits {
                let at = at % data.len().max(1);
                if delete && data.len() > 1 {
                    data.remove(at);
                } else if at < data.len() {
                    data[at] = byte;
                }
            }
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Reads, checks and renders one damaged workbook as the build does, without typesetting.
fn answer(bytes: &[u8]) {
    let dir = project();
    let project = Project::open(dir.path()).unwrap();
    let mut diags = Diagnostics::new("inputs/p.xlsx");
    let start = Instant::now();
    let built = process(
        &project,
        &Options {
            write: false,
            jobs: 1,
            ..Options::default()
        },
        bytes,
        None,
        "output/p.pdf",
        &mut diags,
    );
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "one workbook took {:?}",
        start.elapsed()
    );
    assert!(diags.list.iter().all(|d| d.file == "inputs/p.xlsx"));
    assert!(built.is_none() || !diags.has_errors(), "{:?}", diags.list);
}

/// XML bytes that damage markup the most: tag brackets, quotes, digits in references.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        prop::sample::select(b"<>\"'/=&;0123456789AZ: \x00\xff".to_vec()),
        any::<u8>()
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn damaged_xml_inside_real_workbooks_gets_an_answer(
        seed in any::<prop::sample::Index>(),
        part in 0usize..64,
        edits in prop::collection::vec((any::<usize>(), byte(), any::<bool>()), 1..12),
    ) {
        let seeds = seeds();
        let seed = &seeds[seed.index(seeds.len())];
        answer(&damage_xml(seed, part, &edits));
    }

    #[test]
    fn damaged_bytes_of_real_workbooks_get_an_answer(
        seed in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..16),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for (at, b) in edits {
            let at = at % bytes.len();
            bytes[at] = b;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()).max(1));
        }
        answer(&bytes);
    }
}
