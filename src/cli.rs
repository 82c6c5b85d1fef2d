//! Command-line arguments (clap derive); doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::diag::MessageFormat;

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
}

/// Flags shared by build and check.
#[derive(Debug, Args)]
pub struct CommonArgs {
    /// The project folder (holds inputs/, and optionally papers.toml and templates/).
    #[arg(default_value = ".")]
    pub project: PathBuf,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
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
}

/// `papers check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: CommonArgs,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
