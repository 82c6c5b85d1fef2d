//! Finding the project, as cargo finds Cargo.toml: the nearest folder upwards (from the
//! first path named, or the current folder) that holds `inputs/` or `papers.toml`; and the
//! workbooks named on the command line, relative to it.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, bail};

/// The project a command works on, and what of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The project folder, relative to the current folder when it is one of its ancestors
    /// or descendants (so messages stay short), else absolute.
    pub root: PathBuf,
    /// The workbooks and folders named, relative to the project (`inputs/a/b.xlsx`,
    /// `inputs/a`); `None` for the whole project.
    pub only: Option<Vec<String>>,
}

/// Whether `dir` is a project folder. A papers.toml inside an `inputs/` folder (a meeting
/// folder's, copied in by mistake) does not make one: it is ignored, with a warning, and the
/// project is the folder that holds that `inputs/`.
pub(crate) fn is_project(dir: &Path) -> bool {
    dir.join("inputs").is_dir()
        || (dir.join("papers.toml").is_file()
            && !dir
                .ancestors()
                .skip(1)
                .any(|a| a.file_name().is_some_and(|n| n == "inputs")))
}

/// Finds the project from `paths` (or the current folder when there are none) and which of
/// its workbooks they name. An error names every folder searched.
pub fn locate(paths: &[PathBuf]) -> anyhow::Result<Located> {
    let cwd = std::env::current_dir().context("reading the current folder")?;
    let absolute = |p: &Path| -> anyhow::Result<PathBuf> {
        std::fs::canonicalize(cwd.join(p))
            .with_context(|| format!("{}: no such file or folder", p.display()))
    };
    let start = match paths.first() {
        Some(p) => absolute(p)?,
        None => std::fs::canonicalize(&cwd).unwrap_or_else(|_| cwd.clone()),
    };
    let from = if start.is_dir() {
        start.as_path()
    } else {
        start.parent().unwrap_or(&start)
    };
    let Some(root) = from.ancestors().find(|d| is_project(d)) else {
        let searched: Vec<String> = from.ancestors().map(|d| d.display().to_string()).collect();
        return Err(anyhow::Error::new(crate::base::fault::Fault::new(
            crate::base::fault::code::NO_PROJECT,
            None,
            format!(
                "no Papers project here: a project is a folder with an inputs/ folder or a \
                    papers.toml, and none of these has one: {}",
                searched.join(", ")
            ),
        )));
    };
    let mut only = Vec::new();
    for p in paths {
        let abs = absolute(p)?;
        let Ok(rel) = abs.strip_prefix(root) else {
            bail!(
                "{} is not inside the project {}; name workbooks of one project at a time",
                p.display(),
                root.display()
            );
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.is_empty() || rel == "inputs" {
            return Ok(Located {
                root: shorten(root, &cwd),
                only: None,
            });
        }
        if !rel.starts_with("inputs/") {
            bail!(
                "{} is not under {}: Papers reads workbooks from the project's inputs/ folder",
                p.display(),
                root.join("inputs").display()
            );
        }
        if abs.is_file() && !crate::base::paths::is_workbook(&abs) {
            bail!(
                "{} is not a workbook (.xlsx, .xlsm, .xls or .ods)",
                p.display()
            );
        }
        // A meeting workbook stands for its meeting: the folder with all its papers.
        match rel
            .rsplit_once('/')
            .filter(|_| crate::base::paths::is_meeting_workbook(&abs))
        {
            Some((folder, _)) => only.push(folder.to_owned()),
            None => only.push(rel),
        }
    }
    Ok(Located {
        root: shorten(root, &cwd),
        only: (!only.is_empty()).then_some(only),
    })
}

pub use crate::base::paths::selects;

/// `root` as the current folder reaches it: `.`, `../..`, `sub/dir`, or absolute.
fn shorten(root: &Path, cwd: &Path) -> PathBuf {
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_owned());
    if let Ok(up) = cwd.strip_prefix(root) {
        let n = up
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count();
        return if n == 0 {
            PathBuf::from(".")
        } else {
            (0..n).map(|_| "..").collect()
        };
    }
    match root.strip_prefix(&cwd) {
        Ok(down) => down.to_owned(),
        Err(_) => root.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_takes_named_files_and_whole_folders() {
        let only = vec!["inputs/a.xlsx".to_owned(), "inputs/m".to_owned()];
        assert!(selects(&only, "inputs/a.xlsx"));
        assert!(selects(&only, "inputs/m/p.xlsx"));
        assert!(selects(&only, "inputs/m/meeting.xlsx"));
        assert!(!selects(&only, "inputs/a.xlsx.bak"));
        assert!(!selects(&only, "inputs/mm/p.xlsx"));
        assert!(!selects(&only, "inputs/b.xlsx"));
    }

    #[test]
    fn the_root_is_written_as_reached_from_the_current_folder() {
        assert_eq!(
            shorten(Path::new("/p"), Path::new("/p")),
            PathBuf::from(".")
        );
        assert_eq!(
            shorten(Path::new("/p"), Path::new("/p/inputs/m")),
            PathBuf::from("../..")
        );
        assert_eq!(
            shorten(Path::new("/p/q"), Path::new("/p")),
            PathBuf::from("q")
        );
        assert_eq!(
            shorten(Path::new("/x/q"), Path::new("/p")),
            PathBuf::from("/x/q")
        );
    }
}
