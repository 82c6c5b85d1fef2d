//! Papers owns output/ and the exempt tree: what it wrote earlier and no longer produces is
//! removed at the next build and leaves the manifest; what it never wrote is left alone.

mod support;

use support::*;

fn manifest_paths(dir: &std::path::Path) -> Vec<String> {
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("output/manifest.json")).unwrap()).unwrap();
    // The PDFs (the web pages made from them are checked in tests/html.rs).
    m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["template"] != "html")
        .map(|e| e["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_renamed_or_removed_workbook_leaves_nothing_behind() {
    let dir = project();
    let inputs = dir.path().join("inputs");
    report("Plan").write(&inputs.join("plan.xlsx"));
    report("Budget").write(&inputs.join("sub/budget.xlsx"));
    assert_eq!(
        papers(dir.path(), &["build", "--emit-typst"]).status.code(),
        Some(0)
    );
    std::fs::write(dir.path().join("output/notes.txt"), b"mine").unwrap();
    assert!(dir.path().join("output/plan.typ").is_file());

    std::fs::rename(inputs.join("plan.xlsx"), inputs.join("plan-2026.xlsx")).unwrap();
    std::fs::remove_file(inputs.join("sub/budget.xlsx")).unwrap();
    let run = papers(dir.path(), &["build"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for gone in [
        "output/plan.pdf",
        "output/plan.typ",
        "output/sub/budget.pdf",
        "output/sub",
    ] {
        assert!(!dir.path().join(gone).exists(), "{gone} was left behind");
    }
    assert!(dir.path().join("output/plan-2026.pdf").is_file());
    assert_eq!(
        std::fs::read(dir.path().join("output/notes.txt")).unwrap(),
        b"mine",
        "a file Papers never wrote was touched"
    );
    assert_eq!(manifest_paths(dir.path()), ["output/plan-2026.pdf"]);
}

#[test]
fn outputs_left_under_output_by_earlier_versions_are_moved_out() {
    let dir = project();
    report("Plan").write(&dir.path().join("inputs/plan.xlsx"));
    assert_eq!(papers(dir.path(), &["build"]).status.code(), Some(0));
    // An earlier version kept exempt papers in output/<meeting>/exempt/, with a manifest there.
    let old = dir.path().join("output/m/exempt");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("land.pdf"), b"%PDF old exempt paper").unwrap();
    let entry = serde_json::json!({ "papers": "0.1.0", "outputs": [{ "path": "output/m/exempt/land.pdf", "sources": [], "warnings": [], "status": "built" }] });
    std::fs::write(
        old.join("manifest.json"),
        serde_json::to_vec(&entry).unwrap(),
    )
    .unwrap();
    assert_eq!(papers(dir.path(), &["build"]).status.code(), Some(0));
    assert!(!old.exists(), "exempt files were left under output/");
}
