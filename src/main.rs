//! The `papers` command: parse arguments, run one subcommand, map the outcome to an exit
//! status (0 clean, 1 input errors, 2 usage or configuration error).

use std::process::ExitCode;

use clap::Parser;
use papers::cli::{Cli, Command};
use papers::cmd::{self, Exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Archive(args) => cmd::archive::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Templates(args) => cmd::templates::run(args),
        Command::Manifest(args) => cmd::manifest::run(args),
        Command::Watch(args) => cmd::watch::run(args),
    };
    match result {
        Ok(Exit::Clean) => ExitCode::SUCCESS,
        Ok(Exit::InputErrors) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
