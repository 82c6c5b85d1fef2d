//! Command-line arguments (clap derive); doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::base::date::Date;
use crate::base::diag::MessageFormat;

/// Papers: committee papers from spreadsheets.
#[derive(Debug, Parser)]
#[command(name = "papers", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every document under inputs/ into output/.
    Build(BuildArgs),
    /// Validate every workbook and report all slips, without writing PDFs.
    Check(CheckArgs),
    /// Copy the PDFs of the last build into an append-only archive.
    Archive(ArchiveArgs),
    /// Write a blank workbook for a document kind or a meeting, with drop-down lists.
    New(NewArgs),
    /// Work with the templates: `papers templates eject` writes the built-in ones out.
    Templates(TemplatesArgs),
    /// Work with manifests: `papers manifest merge` joins the manifests of sharded builds.
    Manifest(ManifestArgs),
    /// Build, then rebuild each workbook when it is saved and print its slips (Ctrl-C stops).
    Watch(WatchArgs),
}

impl Command {
    /// How the command prints its messages: JSON lines on stdout, or for people.
    pub fn message_format(&self) -> MessageFormat {
        match self {
            Command::Build(a) => a.common.message_format,
            Command::Check(a) => a.common.message_format,
            Command::Watch(a) => a.common.message_format,
            Command::Archive(a) => a.message_format,
            Command::New(_) | Command::Templates(_) | Command::Manifest(_) => MessageFormat::Human,
        }
    }
}

/// Whether a command line asks for `--message-format json`, read from the words themselves
/// for when they cannot be parsed (a usage error is then reported as JSON too).
pub fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    let words: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        w == "--message-format=json"
            || (w == "--message-format" && words.get(i + 1).is_some_and(|v| v == "json"))
    })
}

/// `papers manifest`.
#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// What to do with manifests.
    #[command(subcommand)]
    pub command: ManifestCommand,
}

/// The `papers manifest` subcommands.
#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// Merge the manifests of `papers build --shard K/N` runs into one.
    Merge {
        /// The shard manifests (output/manifest.shard-K-of-N.json ...).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the merged manifest.
        #[arg(long, short, default_value = "output/manifest.json")]
        output: PathBuf,
        /// Merge manifests of exempt papers too (those in the exempt tree). Without it they
        /// are refused, so that an exempt entry never lands in a public manifest.
        #[arg(long)]
        include_exempt: bool,
    },
}

/// Flags shared by build, check and watch.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The project folder, or workbooks (and folders) inside it to check or build on their
    /// own. The project is the nearest folder upwards with inputs/ or papers.toml, found
    /// from the first path or else from the current folder.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print diagnostics: for people on stderr, or JSON lines on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also list every unchanged document.
    #[arg(long, short)]
    pub verbose: bool,
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set; always when
    /// CLICOLOR_FORCE is set), always or never.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Judge the five clear days' notice of meetings from this date, not today (e.g.
    /// 2026-03-02 or "2 March 2026"); it changes messages only, never a PDF.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
    /// Print exempt papers' findings in full. Without it their words (which may quote the
    /// paper) are withheld from the output, and kept in the exempt tree's manifest.
    #[arg(long)]
    pub show_exempt: bool,
}

/// When to colour human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it.
    #[default]
    Auto,
    /// Always, even into a pipe or file.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal, following the
    /// NO_COLOR (no-color.org) and CLICOLOR_FORCE conventions: a non-empty NO_COLOR turns colour
    /// off in auto mode; a CLICOLOR_FORCE other than 0 turns it on. The flag wins.
    pub fn enabled(self, terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let force = std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if no_color => false,
            ColorChoice::Auto => force || terminal,
        }
    }
}

/// A date on the command line, written as in a workbook.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| {
        format!("\"{text}\" is not a date; write it as 2026-03-02 or \"2 March 2026\"")
    })
}

/// `papers build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Documents typeset at once (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// Also write each document's generated Typst source beside its PDF.
    #[arg(long)]
    pub emit_typst: bool,
    /// Then copy the built PDFs into this append-only archive (see `papers archive`).
    #[arg(long, value_name = "DIR")]
    pub archive: Option<PathBuf>,
    /// Typeset every document, even those unchanged since the last build.
    #[arg(long)]
    pub force: bool,
    /// Give up typesetting one document after this many seconds (a template that loops).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub time_limit: u64,
    /// If another build of this project is running, wait for it instead of stopping: for 10
    /// minutes at most, or `--wait=SECONDS`; then stop with exit status 2.
    #[arg(
        long,
        value_name = "SECONDS",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "600"
    )]
    pub wait: Option<u64>,
    /// Build only shard K of N (such as 2/8): a stable share of the meetings and standalone
    /// documents, for splitting a large run over several machines. `auto/N` takes K from
    /// the scheduler: JOB_COMPLETION_INDEX (Kubernetes) or AWS_BATCH_JOB_ARRAY_INDEX (AWS
    /// Batch), from 0, or CI_NODE_INDEX (GitLab), from 1; exactly one must be set.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::cmd::shard::ShardSpec>,
}

/// `papers archive`.
#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// The archive folder: one folder per meeting, never a file overwritten, a changed paper
    /// under a new versioned name, and its own manifest.json of hashes.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The project folder whose output/ is archived.
    #[arg(default_value = ".")]
    pub project: PathBuf,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Copy nothing: check every archived file against the SHA-256 the archive recorded and
    /// every record against the chain of hashes, and report files altered, deleted or not
    /// recorded, and records edited (exit status 1 if any).
    #[arg(long)]
    pub verify: bool,
    /// How to print what was done or found: for people on stderr, or JSON lines on stdout.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
}

/// `papers new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What the workbook is for.
    #[arg(value_enum)]
    pub kind: crate::model::new::Kind,
    /// The workbook to write, such as inputs/my-report.xlsx (for a meeting, its folder or its
    /// meeting.xlsx). An existing file is never overwritten.
    pub path: PathBuf,
    /// The project whose papers.toml gives local EqIA groups, IIA categories and labels.
    #[arg(long, default_value = ".")]
    pub project: PathBuf,
}

/// `papers templates`.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// What to do with the templates.
    #[command(subcommand)]
    pub command: TemplatesCommand,
}

/// The `papers templates` subcommands.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR for editing; refuses to overwrite any file.
    /// A project's templates/ folder replaces the built-ins file by file.
    Eject {
        /// Where to write them.
        #[arg(default_value = "templates")]
        dir: PathBuf,
    },
}

/// `papers check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `papers watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Documents typeset at once (default: one per core).
    #[arg(long, short)]
    pub jobs: Option<usize>,
    /// How often to look for saved files, in milliseconds, besides the system's change
    /// notifications (with `--poll`, instead of them).
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub interval: u64,
    /// Look for saved files every `--interval` rather than be told of them: for a project on
    /// a network drive, whose other users' saves raise no notification here. A change is
    /// built once the files have been still for one more look, so an editor's save
    /// (temporary file, rename, lock file) is built once.
    #[arg(long)]
    pub poll: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
