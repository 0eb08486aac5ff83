//! `kaifang`: the command line host. Every command parses its arguments, calls one
//! `kaifang-core` function and prints the result (as text in the user's language,
//! or as JSON with `--json`). Exit codes: 0 success, 1 the operation failed,
//! 2 the command line was wrong, 3 a check ran and found a problem.

mod clean;
mod cli;
mod commands;
mod i18n;
mod keys;
mod meta;
mod output;
mod publish;
mod review;
mod secret;
mod sensitive;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(std::env::args_os())
}
