//! Errors that stop a whole command (bad arguments, no project, a bad papers.toml, a held
//! lock): a stable code and the file at fault, so that a scheduler reading
//! `--message-format json` can tell "fix the setup" from "try again" without parsing words.

/// The codes, as they appear in the JSON error object and the README.
pub mod code {
    /// The command line is wrong (an unknown flag, a bad value, a path outside the project).
    pub const USAGE: &str = "usage";
    /// No project folder (`inputs/` or `papers.toml`) was found.
    pub const NO_PROJECT: &str = "no-project";
    /// The project's set-up is refused: papers.toml, a template, the logo, a font, a tree
    /// steered into `output/`, an archive that is not one.
    pub const CONFIG: &str = "config";
    /// Another build of the project (or archiving into the archive) holds its lock.
    pub const LOCKED: &str = "locked";
    /// Reading or writing a file failed part-way (a full disk, a permission): the run
    /// stopped.
    pub const IO: &str = "io-error";
    /// Anything else that stopped the run.
    pub const FAILED: &str = "failed";
}

/// An error that stopped a command, with its code and the file at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// One of [`code`].
    pub code: &'static str,
    /// The file or folder at fault, when there is one.
    pub file: Option<String>,
    /// What went wrong, in a sentence (the whole chain of the error it wraps).
    pub message: String,
}

impl Fault {
    /// A fault with `code` about `file`.
    pub fn new(code: &'static str, file: Option<String>, message: impl Into<String>) -> Fault {
        Fault {
            code,
            file,
            message: message.into(),
        }
    }

    /// `error` with `code`, unless it already carries a code of its own (a lock held while
    /// a project is opened stays `locked`). `file` names the file at fault when known.
    pub fn tag(code: &'static str, file: Option<String>, error: anyhow::Error) -> anyhow::Error {
        if Fault::find(&error).is_some() {
            return error;
        }
        anyhow::Error::new(Fault::new(code, file, format!("{error:#}")))
    }

    /// The fault `error` carries, if any.
    pub fn find(error: &anyhow::Error) -> Option<&Fault> {
        error.chain().find_map(|e| e.downcast_ref::<Fault>())
    }

    /// What to report of any error that stopped a command: its own fault, else `io-error`
    /// when reading or writing a file failed, else `failed`.
    pub fn of(error: &anyhow::Error) -> Fault {
        if let Some(fault) = Fault::find(error) {
            return fault.clone();
        }
        let io = error
            .chain()
            .any(|e| e.downcast_ref::<std::io::Error>().is_some());
        Fault::new(
            if io { code::IO } else { code::FAILED },
            None,
            format!("{error:#}"),
        )
    }

    /// The JSON object printed on stdout under `--message-format json`.
    pub fn json(&self) -> serde_json::Value {
        let mut value = serde_json::json!({
            "event": "error",
            "severity": "error",
            "code": self.code,
            "message": self.message,
        });
        if let Some(file) = &self.file {
            value["file"] = serde_json::Value::from(file.as_str());
        }
        value
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fault {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_keeps_the_message_and_an_earlier_code() {
        let locked = anyhow::Error::new(Fault::new(
            code::LOCKED,
            Some("output/.papers.lock".into()),
            "held",
        ));
        let again = Fault::tag(code::CONFIG, None, locked);
        assert_eq!(Fault::of(&again).code, code::LOCKED);
        let plain = anyhow::anyhow!("bad key").context("papers.toml");
        let tagged = Fault::tag(code::CONFIG, Some("papers.toml".into()), plain);
        let fault = Fault::of(&tagged);
        assert_eq!(
            (fault.code, fault.message.as_str()),
            (code::CONFIG, "papers.toml: bad key")
        );
        assert_eq!(fault.json()["file"], "papers.toml");
    }

    #[test]
    fn untagged_errors_are_io_or_failed() {
        let io = anyhow::Error::new(std::io::Error::other("disk full")).context("writing x");
        assert_eq!(Fault::of(&io).code, code::IO);
        assert_eq!(Fault::of(&anyhow::anyhow!("odd")).code, code::FAILED);
        assert!(
            Fault::of(&anyhow::anyhow!("odd"))
                .json()
                .get("file")
                .is_none()
        );
    }
}
