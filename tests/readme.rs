//! The README is part of the interface: it must list every papers.toml key and every
//! diagnostic code that Papers can report.

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn readme_documents_every_papers_toml_key() {
    let readme = readme();
    let missing: Vec<&str> = papers::config::KEYS
        .iter()
        .map(|(k, _, _)| *k)
        .filter(|k| !readme.contains(&format!("| `{k}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's papers.toml table lacks {missing:?}"
    );
}

#[test]
fn readme_lists_every_diagnostic_code() {
    let readme = readme();
    let missing: Vec<&str> = papers::diag::CODES
        .iter()
        .map(|(c, _, _)| *c)
        .filter(|c| !readme.contains(&format!("| `{c}` |")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's table of diagnostics lacks {missing:?}"
    );
}
