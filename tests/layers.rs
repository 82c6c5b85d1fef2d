//! The floors of `src/`: each module uses only the floors below it, and no files import
//! each other in a circle (see `src/lib.rs`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of the library, bottom floor first. A new module must be given
/// its floor here; `lib.rs` and `main.rs` stand above them all.
const FLOORS: &[(&str, u8)] = &[
    ("base", 1),
    ("workbook", 2),
    ("model", 3),
    ("render", 4),
    ("run", 5),
    ("publish", 6),
    ("cli", 7),
    ("cmd", 7),
];

/// Each source file of the library (but `lib.rs` and `main.rs`) by its module path
/// (`run::pipeline`), with its text.
fn modules() -> BTreeMap<String, (String, String)> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut out = BTreeMap::new();
    for file in files {
        let rel = file
            .strip_prefix(&src)
            .unwrap()
            .with_extension("")
            .to_string_lossy()
            .replace('\\', "/");
        if rel == "lib" || rel == "main" {
            continue;
        }
        let module = rel.trim_end_matches("/mod").replace('/', "::");
        out.insert(
            module,
            (
                format!("src/{}", file.strip_prefix(&src).unwrap().display()),
                std::fs::read_to_string(&file).unwrap(),
            ),
        );
    }
    out
}

/// Every `crate::` path a file names outside comments (in `use` lines and inline), with its
/// line number.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            out.push((n + 1, rest[..end].trim_end_matches(':').to_owned()));
        }
    }
    out
}

/// The module a path names: its longest prefix that is a module of `modules`.
fn module_of<'a>(path: &str, modules: &'a BTreeMap<String, (String, String)>) -> Option<&'a str> {
    let segments: Vec<&str> = path.split("::").collect();
    (1..=segments.len()).rev().find_map(|k| {
        modules
            .get_key_value(&segments[..k].join("::"))
            .map(|(m, _)| m.as_str())
    })
}

fn floor(module: &str) -> Option<u8> {
    let top = module.split("::").next()?;
    FLOORS
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, f)| *f)
}

#[test]
fn every_module_uses_only_the_floors_below_it() {
    let modules = modules();
    let mut wrong = Vec::new();
    for (module, (file, text)) in &modules {
        let Some(own) = floor(module) else {
            wrong.push(format!(
                "{file}: module {module} has no floor in tests/layers.rs"
            ));
            continue;
        };
        for (line, path) in crate_paths(text) {
            match module_of(&path, &modules).and_then(|m| floor(m).map(|f| (m, f))) {
                None => wrong.push(format!(
                    "{file}:{line}: crate::{path} names no module by its full path"
                )),
                Some((used, f)) if f > own => {
                    wrong.push(format!(
                        "{file}:{line}: {module} (floor {own}) uses {used} (floor {f})"
                    ));
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that go up a floor:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_circle() {
    let modules = modules();
    // A module and the folder module it sits in (cmd::build and cmd) are one unit here.
    let related = |a: &str, b: &str| {
        a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
    };
    let mut uses: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (module, (_, text)) in &modules {
        for (_, path) in crate_paths(text) {
            if let Some(used) = module_of(&path, &modules).filter(|u| !related(module, u)) {
                uses.entry(module.as_str()).or_default().insert(used);
            }
        }
    }
    // Depth-first search; a module met again while still on the path closes a circle.
    fn visit<'a>(
        m: &'a str,
        uses: &BTreeMap<&'a str, BTreeSet<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<String> {
        if let Some(i) = path.iter().position(|p| *p == m) {
            return Some(format!("{} -> {m}", path[i..].join(" -> ")));
        }
        if !done.insert(m) {
            return None;
        }
        path.push(m);
        let found = uses
            .get(m)
            .into_iter()
            .flatten()
            .find_map(|u| visit(u, uses, path, done));
        path.pop();
        found
    }
    let mut done = BTreeSet::new();
    for module in modules.keys() {
        if let Some(circle) = visit(module, &uses, &mut Vec::new(), &mut done) {
            panic!("modules import each other in a circle: {circle}");
        }
    }
}

#[test]
fn the_scan_sees_use_lines_and_inline_paths_but_not_comments() {
    let text = "use crate::base::diag::{Diagnostics, nearest};\n// crate::publish::run\nlet x = crate::model::meeting::discover(root); // crate::cmd\n";
    assert_eq!(
        crate_paths(text),
        [
            (1, "base::diag".to_owned()),
            (3, "model::meeting::discover".to_owned())
        ]
    );
}
