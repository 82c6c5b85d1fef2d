//! The README is part of the interface: it must list every papers.toml key and every
//! diagnostic code that Papers can report.

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn readme_documents_every_papers_toml_key() {
    let readme = readme();
    let missing: Vec<&str> =
        papers::config::KEYS.iter().map(|(k, _, _)| *k).filter(|k| !readme.contains(&format!("| `{k}` |"))).collect();
    assert!(missing.is_empty(), "README.md's papers.toml table lacks {missing:?}");
}
