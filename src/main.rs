//! The `papers` command: parse arguments, run one subcommand, map the outcome to an exit
//! status (0 clean, 1 input errors, 2 usage or configuration error).

use std::process::ExitCode;

use clap::Parser;
use papers::cli::{Cli, Command};
use papers::cmd::{self, Exit};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e, papers::cli::asks_for_json(&args)),
    };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if matches!(cli.command, Command::Build(_) | Command::Watch(_)) {
        fewer_malloc_arenas();
    }
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
            cmd::report_fault(cli.command.message_format(), &e);
            ExitCode::from(2)
        }
    }
}

/// Arguments clap cannot take: its message on stderr (help and --version print as asked,
/// status 0), and under `--message-format json` one JSON object on stdout too; status 2.
fn usage_error(e: &clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    let shown = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    let _ = e.print();
    if shown {
        return ExitCode::SUCCESS;
    }
    if json {
        let message = e.render().to_string();
        let message = message.lines().next().unwrap_or_default();
        let message = message.strip_prefix("error: ").unwrap_or(message);
        let fault =
            papers::base::fault::Fault::new(papers::base::fault::code::USAGE, None, message);
        cmd::event(&fault.json());
    }
    ExitCode::from(2)
}

/// Each document is typeset on a thread of its own (so that a template that loops for ever
/// can be given up), and glibc gives threads malloc arenas of their own, up to eight per
/// core: what is left free in them made a build of 1000 documents hold 176 MiB where 107 MiB
/// do. One arena per core is as fast for a build, whose time is typesetting, and keeps memory
/// flat. A check, which only reads workbooks, allocates in many small pieces on every thread
/// at once and is left with glibc's default (one arena per core made it twice as slow).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fewer_malloc_arenas() {
    let cores = std::thread::available_parallelism()
        .map_or(2, std::num::NonZeroUsize::get)
        .clamp(2, 64);
    // SAFETY: runs in main before any other thread starts; mallopt only sets a limit of the
    // allocator, and an unsupported value is refused without effect.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, cores as libc::c_int);
    }
}
