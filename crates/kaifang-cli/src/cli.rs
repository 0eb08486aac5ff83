//! The command tree, built at run time so that every help text is in the user's
//! language (clap's derive API would fix them at compile time).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use kaifang_core::error::Coded;
use kaifang_core::sensitive::Category;

use crate::i18n::t;
use crate::output::{Exit, Out};
use crate::{commands, keys, meta, publish, review, sensitive};

fn help_flags(cmd: Command) -> Command {
    cmd.disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading(t("cli.commands_heading"))
        .subcommand_value_name(t("cli.command_placeholder"))
        .next_help_heading(t("cli.options_heading"))
        .help_template(format!(
            "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
            t("cli.usage_heading")
        ))
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(t("cli.help")).global(true))
}

/// The DATASET argument most commands take (an id or a name).
fn dataset_arg() -> Arg {
    Arg::new("dataset").value_name("DATASET").required(true).help(t("cmd.dataset"))
}

fn version_arg() -> Arg {
    Arg::new("version")
        .long("version")
        .value_name("N")
        .value_parser(value_parser!(i64).range(1..))
        .help(t("cmd.version"))
}

/// The whole command line of `kaifang`.
pub fn command() -> Command {
    let root = Command::new("kaifang")
        .version(kaifang_core::VERSION)
        .about(t("cli.about"))
        .disable_version_flag(true)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(t("cli.version")))
        .arg(
            Arg::new("workspace")
                .long("workspace")
                .value_name("PATH")
                .value_parser(value_parser!(PathBuf))
                .global(true)
                .help(t("cli.workspace")),
        )
        .arg(Arg::new("json").long("json").action(ArgAction::SetTrue).global(true).help(t("cli.json")))
        .arg(Arg::new("as").long("as").value_name("USER").env("KAIFANG_USER").global(true).help(t("cli.as")))
        .arg(
            Arg::new("passphrase-stdin")
                .long("passphrase-stdin")
                .action(ArgAction::SetTrue)
                .global(true)
                .help(t("cli.passphrase_stdin")),
        )
        .subcommand(
            help_flags(Command::new("workspace").about(t("cmd.workspace")).subcommand_required(true))
                .subcommand(help_flags(Command::new("info").about(t("cmd.workspace.info"))))
                .subcommand(help_flags(Command::new("init").about(t("cmd.workspace.init")))),
        )
        .subcommand(help_flags(
            Command::new("import")
                .about(t("cmd.import"))
                .arg(
                    Arg::new("file")
                        .value_name("FILE")
                        .required(true)
                        .value_parser(value_parser!(PathBuf))
                        .help(t("cmd.import.file")),
                )
                .arg(
                    Arg::new("sheet")
                        .long("sheet")
                        .value_name("NAME")
                        .conflicts_with("all-sheets")
                        .help(t("cmd.import.sheet")),
                )
                .arg(
                    Arg::new("all-sheets")
                        .long("all-sheets")
                        .action(ArgAction::SetTrue)
                        .help(t("cmd.import.all_sheets")),
                )
                .arg(
                    Arg::new("totals-as-data")
                        .long("totals-as-data")
                        .action(ArgAction::SetTrue)
                        .help(t("cmd.import.totals_as_data")),
                )
                .arg(
                    Arg::new("notes-as-data")
                        .long("notes-as-data")
                        .action(ArgAction::SetTrue)
                        .help(t("cmd.import.notes_as_data")),
                )
                .arg(
                    Arg::new("table-start")
                        .long("table-start")
                        .value_name("ROW")
                        .value_parser(value_parser!(u64).range(1..))
                        .help(t("cmd.import.table_start")),
                )
                .arg(
                    Arg::new("header-row")
                        .long("header-row")
                        .value_name("N")
                        .value_parser(value_parser!(u64).range(1..))
                        .help(t("cmd.import.header_row")),
                )
                .arg(Arg::new("into").long("into").value_name("DATASET").help(t("cmd.import.into")))
                .arg(
                    Arg::new("replay")
                        .long("replay")
                        .action(ArgAction::SetTrue)
                        .requires("into")
                        .help(t("cmd.import.replay")),
                )
                .arg(Arg::new("name").long("name").value_name("NAME").conflicts_with("into").help(t("cmd.import.name")))
                .arg(
                    Arg::new("ragged")
                        .long("ragged")
                        .value_name("STRATEGY")
                        .value_parser(["extras", "pad", "fail"])
                        .default_value("extras")
                        .help(t("cmd.import.ragged")),
                )
                .arg(
                    Arg::new("encoding")
                        .long("encoding")
                        .value_name("ENCODING")
                        .value_parser(["utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"])
                        .help(t("cmd.import.encoding")),
                )
                .arg(Arg::new("delimiter").long("delimiter").value_name("CHAR").help(t("cmd.import.delimiter"))),
        ))
        .subcommand(help_flags(Command::new("list").about(t("cmd.list"))))
        .subcommand(help_flags(Command::new("overview").about(t("cmd.overview"))))
        .subcommand(help_flags(
            Command::new("readiness")
                .about(t("cmd.readiness"))
                .arg(Arg::new("dataset").help(t("arg.dataset")).required_unless_present_any(["office", "block"]))
                .arg(Arg::new("office").long("office").action(ArgAction::SetTrue).help(t("cmd.readiness.office")))
                .arg(
                    Arg::new("block")
                        .long("block")
                        .value_name("CHECKS")
                        .value_parser(crate::commands::check_list)
                        .help(t("cmd.readiness.block")),
                ),
        ))
        .subcommand(help_flags(Command::new("show").about(t("cmd.show")).arg(dataset_arg()).arg(version_arg())))
        .subcommand(help_flags(
            Command::new("rows")
                .about(t("cmd.rows"))
                .arg(dataset_arg())
                .arg(version_arg())
                .arg(
                    Arg::new("offset")
                        .long("offset")
                        .value_name("N")
                        .value_parser(value_parser!(u64))
                        .default_value("0")
                        .help(t("cmd.rows.offset")),
                )
                .arg(
                    Arg::new("limit")
                        .long("limit")
                        .value_name("N")
                        .value_parser(value_parser!(u64).range(1..=5000))
                        .default_value("20")
                        .help(t("cmd.rows.limit")),
                ),
        ))
        .subcommand(
            help_flags(Command::new("meta").about(t("cmd.meta")).subcommand_required(true))
                .subcommand(help_flags(Command::new("fields").about(t("cmd.meta.fields"))))
                .subcommand(help_flags(Command::new("show").about(t("cmd.meta.show")).arg(dataset_arg())))
                .subcommand(help_flags(
                    Command::new("set")
                        .about(t("cmd.meta.set"))
                        .arg(dataset_arg())
                        .arg(Arg::new("field").value_name("FIELD").required(true).help(t("cmd.meta.field")))
                        .arg(Arg::new("value").value_name("VALUE").num_args(0..).help(t("cmd.meta.value"))),
                ))
                .subcommand(help_flags(
                    Command::new("import").about(t("cmd.meta.import")).arg(dataset_arg()).arg(
                        Arg::new("file")
                            .value_name("FILE.json")
                            .required(true)
                            .value_parser(value_parser!(PathBuf))
                            .help(t("cmd.meta.import.file")),
                    ),
                ))
                .subcommand(help_flags(Command::new("check").about(t("cmd.meta.check")).arg(dataset_arg())))
                .subcommand(help_flags(
                    Command::new("column")
                        .about(t("cmd.meta.column"))
                        .arg(dataset_arg())
                        .arg(Arg::new("column").value_name("COLUMN").required(true).help(t("cmd.meta.column.column")))
                        .arg(
                            Arg::new("description")
                                .long("description")
                                .value_name("TEXT")
                                .help(t("cmd.meta.column.description")),
                        )
                        .arg(Arg::new("unit").long("unit").value_name("UNIT").help(t("cmd.meta.column.unit")))
                        .arg(
                            Arg::new("open")
                                .long("open")
                                .value_name("yes|no")
                                .value_parser(["yes", "no"])
                                .help(t("cmd.meta.column.open")),
                        ),
                ))
                .subcommand(help_flags(
                    Command::new("defaults")
                        .about(t("cmd.meta.defaults"))
                        .arg(Arg::new("field").value_name("FIELD").help(t("cmd.meta.field")))
                        .arg(Arg::new("value").value_name("VALUE").num_args(0..).help(t("cmd.meta.value"))),
                )),
        )
        .subcommand(
            help_flags(Command::new("user").about(t("cmd.user")).subcommand_required(true))
                .subcommand(help_flags(
                    Command::new("add")
                        .about(t("cmd.user.add"))
                        .arg(Arg::new("name").value_name("NAME").required(true).help(t("cmd.user.name")))
                        .arg(
                            Arg::new("role")
                                .long("role")
                                .value_name("ROLE")
                                .required(true)
                                .action(ArgAction::Append)
                                .value_parser(["clerk", "steward"])
                                .help(t("cmd.user.role")),
                        ),
                ))
                .subcommand(help_flags(
                    Command::new("passphrase")
                        .about(t("cmd.user.passphrase"))
                        .arg(Arg::new("name").value_name("NAME").help(t("cmd.user.passphrase.name"))),
                ))
                .subcommand(help_flags(Command::new("list").about(t("cmd.user.list")))),
        )
        .subcommand(
            help_flags(Command::new("key").about(t("cmd.key")).subcommand_required(true))
                .subcommand(help_flags(
                    Command::new("export").about(t("cmd.key.export")).arg(
                        Arg::new("out")
                            .long("out")
                            .value_name("FILE")
                            .required(true)
                            .value_parser(value_parser!(PathBuf))
                            .help(t("cmd.key.export.out")),
                    ),
                ))
                .subcommand(help_flags(
                    Command::new("import")
                        .about(t("cmd.key.import"))
                        .arg(
                            Arg::new("file")
                                .value_name("FILE")
                                .required(true)
                                .value_parser(value_parser!(PathBuf))
                                .help(t("cmd.key.import.file")),
                        )
                        .arg(
                            Arg::new("fingerprint")
                                .long("fingerprint")
                                .value_name("FINGERPRINT")
                                .help(t("cmd.key.import.fingerprint")),
                        ),
                ))
                .subcommand(help_flags(Command::new("list").about(t("cmd.key.list"))))
                .subcommand(help_flags(Command::new("remove").about(t("cmd.key.remove")).arg(
                    Arg::new("fingerprint").value_name("FINGERPRINT").required(true).help(t("cmd.key.fingerprint")),
                ))),
        )
        .subcommand(help_flags(
            Command::new("submit")
                .about(t("cmd.submit"))
                .arg(dataset_arg())
                .arg(Arg::new("risk-reason").long("risk-reason").value_name("TEXT").help(t("cmd.submit.risk_reason"))),
        ))
        .subcommand(help_flags(
            Command::new("approve")
                .about(t("cmd.approve"))
                .arg(dataset_arg())
                .arg(Arg::new("comment").long("comment").value_name("TEXT").help(t("cmd.review.comment")))
                .arg(
                    Arg::new("confirm-special")
                        .long("confirm-special")
                        .action(ArgAction::SetTrue)
                        .help(t("cmd.approve.confirm_special")),
                ),
        ))
        .subcommand(help_flags(
            Command::new("reject")
                .about(t("cmd.reject"))
                .arg(dataset_arg())
                .arg(
                    Arg::new("comment").long("comment").value_name("TEXT").required(true).help(t("cmd.review.comment")),
                )
                .arg(
                    Arg::new("on")
                        .long("on")
                        .value_name("TARGET=TEXT")
                        .action(ArgAction::Append)
                        .help(t("cmd.reject.on")),
                ),
        ))
        .subcommand(help_flags(Command::new("queue").about(t("cmd.queue"))))
        .subcommand(help_flags(
            Command::new("backup")
                .about(t("cmd.backup"))
                .arg(Arg::new("list").long("list").action(ArgAction::SetTrue).help(t("cmd.backup.list"))),
        ))
        .subcommand(help_flags(
            Command::new("restore")
                .about(t("cmd.restore"))
                .arg(
                    Arg::new("file")
                        .value_name("FILE")
                        .required(true)
                        .value_parser(value_parser!(PathBuf))
                        .help(t("cmd.restore.file")),
                )
                .arg(Arg::new("yes").long("yes").action(ArgAction::SetTrue).help(t("cmd.restore.yes"))),
        ))
        .subcommand(
            help_flags(Command::new("portal").about(t("cmd.portal")).subcommand_required(true))
                .subcommand(help_flags(
                    Command::new("add")
                        .about(t("cmd.portal.add"))
                        .arg(Arg::new("name").value_name("NAME").required(true).help(t("cmd.portal.name")))
                        .arg(Arg::new("url").long("url").value_name("URL").required(true).help(t("cmd.portal.url")))
                        .arg(Arg::new("org").long("org").value_name("ORG").required(true).help(t("cmd.portal.org"))),
                ))
                .subcommand(help_flags(
                    Command::new("test")
                        .about(t("cmd.portal.test"))
                        .arg(Arg::new("name").value_name("NAME").help(t("cmd.portal.name"))),
                ))
                .subcommand(help_flags(Command::new("list").about(t("cmd.portal.list"))))
                .subcommand(help_flags(
                    Command::new("remove")
                        .about(t("cmd.portal.remove"))
                        .arg(Arg::new("name").value_name("NAME").required(true).help(t("cmd.portal.name"))),
                ))
                .subcommand(help_flags(Command::new("xlsx").about(t("cmd.portal.xlsx")).arg(
                    Arg::new("state").value_name("on|off").value_parser(["on", "off"]).help(t("cmd.portal.xlsx.state")),
                ))),
        )
        .subcommand(help_flags(
            Command::new("publish")
                .about(t("cmd.publish"))
                .arg(
                    Arg::new("datasets")
                        .value_name("DATASET")
                        .num_args(1..)
                        .conflicts_with("all-approved")
                        .help(t("cmd.bundle.datasets")),
                )
                .arg(
                    Arg::new("all-approved").long("all-approved").action(ArgAction::SetTrue).help(t("cmd.publish.all")),
                )
                .arg(Arg::new("portal").long("portal").value_name("NAME").help(t("cmd.publish.portal")))
                .arg(
                    Arg::new("concurrency")
                        .long("concurrency")
                        .value_name("N")
                        .value_parser(value_parser!(usize))
                        .help(t("cmd.publish.concurrency")),
                ),
        ))
        .subcommand(help_flags(Command::new("outbox").about(t("cmd.outbox"))))
        .subcommand(
            help_flags(Command::new("bundle").about(t("cmd.bundle")).subcommand_required(true))
                .subcommand(help_flags(
                    Command::new("export")
                        .about(t("cmd.bundle.export"))
                        .arg(
                            Arg::new("datasets")
                                .value_name("DATASET")
                                .required(true)
                                .num_args(1..)
                                .help(t("cmd.bundle.datasets")),
                        )
                        .arg(
                            Arg::new("out")
                                .long("out")
                                .short('o')
                                .value_name("FILE")
                                .required(true)
                                .value_parser(value_parser!(PathBuf))
                                .help(t("cmd.bundle.out")),
                        )
                        .arg(
                            Arg::new("decisions")
                                .long("decisions")
                                .action(ArgAction::SetTrue)
                                .help(t("cmd.bundle.decisions")),
                        ),
                ))
                .subcommand(help_flags(
                    Command::new("import").about(t("cmd.bundle.import")).arg(
                        Arg::new("file")
                            .value_name("FILE")
                            .required(true)
                            .value_parser(value_parser!(PathBuf))
                            .help(t("cmd.bundle.file")),
                    ),
                )),
        )
        .subcommand(help_flags(Command::new("history").about(t("cmd.history")).arg(dataset_arg())))
        .subcommand(help_flags(Command::new("decisions").about(t("cmd.decisions")).arg(dataset_arg())))
        .subcommand(help_flags(
            Command::new("scan")
                .about(t("cmd.scan"))
                .arg(dataset_arg())
                .arg(Arg::new("sample").long("sample").action(ArgAction::SetTrue).help(t("cmd.scan.sample"))),
        ))
        .subcommand(
            help_flags(Command::new("policy").about(t("cmd.policy")).subcommand_required(true))
                .subcommand(help_flags(
                    Command::new("set")
                        .about(t("cmd.policy.set"))
                        .arg(dataset_arg())
                        .arg(Arg::new("column").value_name("COLUMN").required(true).help(t("cmd.meta.column.column")))
                        .arg(
                            Arg::new("operator")
                                .value_name("OPERATOR")
                                .required(true)
                                .value_parser(["keep", "mask", "pseudonymize", "generalize", "redact", "drop"])
                                .help(t("cmd.policy.operator")),
                        )
                        .arg(Arg::new("reason").long("reason").value_name("TEXT").help(t("cmd.policy.reason"))),
                ))
                .subcommand(help_flags(
                    Command::new("coarsen")
                        .about(t("cmd.policy.coarsen"))
                        .arg(dataset_arg())
                        .arg(Arg::new("column").value_name("COLUMN").required(true).help(t("cmd.meta.column.column")))
                        .arg(
                            Arg::new("rule")
                                .value_name("RULE")
                                .required(true)
                                .value_parser(|s: &str| -> Result<String, String> {
                                    if s == "none" || kaifang_core::sensitive::Coarsen::parse(s).is_some() {
                                        Ok(s.to_owned())
                                    } else {
                                        Err(crate::i18n::t_with(
                                            "error.bad_coarsen_rule",
                                            &kaifang_core::error::params([("rule", s.to_owned())]),
                                        ))
                                    }
                                })
                                .help(t("cmd.policy.coarsen.rule")),
                        ),
                )),
        )
        .subcommand(help_flags(Command::new("gate").about(t("cmd.gate")).arg(dataset_arg())))
        .subcommand(help_flags(
            Command::new("risk")
                .about(t("cmd.risk"))
                .arg(dataset_arg())
                .arg(
                    Arg::new("qi")
                        .long("qi")
                        .value_name("COLUMN")
                        .num_args(1..)
                        .action(ArgAction::Append)
                        .help(t("cmd.risk.qi")),
                )
                .arg(Arg::new("sensitive").long("sensitive").value_name("COLUMN").help(t("cmd.risk.sensitive")))
                .arg(
                    Arg::new("k")
                        .long("k")
                        .value_name("N")
                        .value_parser(clap::value_parser!(u64).range(2..=1000))
                        .help(t("cmd.risk.k")),
                )
                .arg(Arg::new("suggest").long("suggest").action(ArgAction::SetTrue).help(t("cmd.risk.suggest")))
                .arg(
                    Arg::new("fix")
                        .long("fix")
                        .action(ArgAction::SetTrue)
                        .conflicts_with_all(["suggest", "undo"])
                        .help(t("cmd.risk.fix")),
                )
                .arg(
                    Arg::new("undo")
                        .long("undo")
                        .action(ArgAction::SetTrue)
                        .conflicts_with_all(["suggest"])
                        .help(t("cmd.risk.undo")),
                )
                .arg(Arg::new("save").long("save").action(ArgAction::SetTrue).help(t("cmd.risk.save")))
                .arg(Arg::new("reason").long("reason").value_name("TEXT").help(t("cmd.risk.reason"))),
        ))
        .subcommand(crate::clean::command(help_flags))
        .subcommand(help_flags(
            Command::new("suppress")
                .about(t("cmd.suppress"))
                .arg(dataset_arg())
                .arg(
                    Arg::new("dims")
                        .long("dims")
                        .value_name("COLUMN")
                        .num_args(1..)
                        .action(ArgAction::Append)
                        .help(t("cmd.suppress.dims")),
                )
                .arg(
                    Arg::new("values")
                        .long("values")
                        .value_name("COLUMN")
                        .num_args(1..)
                        .action(ArgAction::Append)
                        .help(t("cmd.suppress.values")),
                )
                .arg(
                    Arg::new("rule")
                        .long("rule")
                        .value_name("freq:N")
                        .value_parser(|s: &str| -> Result<u64, String> {
                            s.strip_prefix("freq:")
                                .and_then(|n| n.parse::<u64>().ok())
                                .filter(|n| (2..=100).contains(n))
                                .ok_or_else(|| {
                                    crate::i18n::t_with(
                                        "error.bad_suppress_rule",
                                        &kaifang_core::error::params([("rule", s.to_owned())]),
                                    )
                                })
                        })
                        .help(t("cmd.suppress.rule")),
                )
                .arg(
                    Arg::new("dominance")
                        .long("dominance")
                        .value_name("N,K")
                        .num_args(0..=1)
                        .default_missing_value("2,85")
                        .value_parser(|s: &str| -> Result<(u32, f64), String> {
                            s.split_once(',')
                                .and_then(|(n, k)| Some((n.trim().parse::<u32>().ok()?, k.trim().parse::<f64>().ok()?)))
                                .filter(|(n, k)| (1..=10).contains(n) && *k > 0.0 && *k <= 100.0)
                                .ok_or_else(|| {
                                    crate::i18n::t_with(
                                        "error.bad_dominance",
                                        &kaifang_core::error::params([("rule", s.to_owned())]),
                                    )
                                })
                        })
                        .help(t("cmd.suppress.dominance")),
                )
                .arg(
                    Arg::new("top")
                        .long("top")
                        .value_name("VALUE=COLUMN,COLUMN")
                        .action(ArgAction::Append)
                        .value_parser(column_list)
                        .help(t("cmd.suppress.top")),
                )
                .arg(
                    Arg::new("count")
                        .long("count")
                        .value_name("VALUE=COLUMN")
                        .action(ArgAction::Append)
                        .value_parser(column_list)
                        .help(t("cmd.suppress.count")),
                )
                .arg(
                    Arg::new("width")
                        .long("width")
                        .value_name("N")
                        .value_parser(clap::value_parser!(f64))
                        .help(t("cmd.suppress.width")),
                )
                .arg(Arg::new("marker").long("marker").value_name("TEXT").help(t("cmd.suppress.marker")))
                .arg(Arg::new("dry-run").long("dry-run").action(ArgAction::SetTrue).help(t("cmd.suppress.dry_run"))),
        ))
        .subcommand(
            help_flags(Command::new("masking").about(t("cmd.masking")).subcommand_required(true))
                .subcommand(help_flags(Command::new("list").about(t("cmd.masking.list"))))
                .subcommand(help_flags(
                    Command::new("set")
                        .about(t("cmd.masking.set"))
                        .arg(
                            Arg::new("category")
                                .value_name("CATEGORY")
                                .required(true)
                                .value_parser(clap::builder::PossibleValuesParser::new(
                                    Category::ALL.iter().filter(|c| **c != Category::None).map(|c| c.as_str()),
                                ))
                                .help(t("cmd.masking.category")),
                        )
                        .arg(
                            Arg::new("operator")
                                .value_name("OPERATOR")
                                .required_unless_present("reset")
                                .value_parser(["mask", "pseudonymize", "generalize", "drop"])
                                .help(t("cmd.masking.operator")),
                        )
                        .arg(
                            Arg::new("keep-head")
                                .long("keep-head")
                                .value_name("N")
                                .value_parser(value_parser!(u32).range(0..=12))
                                .help(t("cmd.masking.keep_head")),
                        )
                        .arg(
                            Arg::new("keep-tail")
                                .long("keep-tail")
                                .value_name("N")
                                .value_parser(value_parser!(u32).range(0..=12))
                                .help(t("cmd.masking.keep_tail")),
                        )
                        .arg(
                            Arg::new("reset")
                                .long("reset")
                                .action(ArgAction::SetTrue)
                                .conflicts_with_all(["operator", "keep-head", "keep-tail"])
                                .help(t("cmd.masking.reset")),
                        ),
                )),
        )
        .subcommand(help_flags(
            Command::new("preview")
                .about(t("cmd.preview"))
                .arg(dataset_arg())
                .arg(
                    Arg::new("rows")
                        .long("rows")
                        .value_name("N")
                        .value_parser(value_parser!(u64).range(1..=500))
                        .default_value("5")
                        .help(t("cmd.preview.rows")),
                )
                .arg(
                    Arg::new("offset")
                        .long("offset")
                        .value_name("N")
                        .value_parser(value_parser!(u64))
                        .default_value("0")
                        .help(t("cmd.rows.offset")),
                ),
        ))
        .subcommand(help_flags(
            Command::new("export")
                .about(t("cmd.export"))
                .arg(
                    Arg::new("dataset").value_name("DATASET").required_unless_present("catalog").help(t("cmd.dataset")),
                )
                .arg(Arg::new("catalog").long("catalog").action(ArgAction::SetTrue).help(t("cmd.export.catalog")))
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_name("FORMAT")
                        .required(true)
                        .value_parser(["dcat", "datapackage", "ckan", "csv", "xlsx"])
                        .help(t("cmd.export.format")),
                )
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("PATH")
                        .required(true)
                        .value_parser(value_parser!(PathBuf))
                        .help(t("cmd.export.out")),
                )
                .arg(
                    Arg::new("serialization")
                        .long("serialization")
                        .value_name("SYNTAX")
                        .requires("catalog")
                        .value_parser(["turtle", "jsonld"])
                        .default_value("turtle")
                        .help(t("cmd.export.serialization")),
                )
                .arg(
                    Arg::new("base-url")
                        .long("base-url")
                        .value_name("URL")
                        .requires("catalog")
                        .help(t("cmd.export.base_url")),
                )
                .arg(
                    Arg::new("page-bytes")
                        .long("page-bytes")
                        .value_name("BYTES")
                        .requires("catalog")
                        .value_parser(value_parser!(u64).range(4_000..=kaifang_core::catalog::PAGE_MAX_BYTES))
                        .help(t("cmd.export.page_bytes")),
                ),
        ))
        .subcommand(
            help_flags(Command::new("audit").about(t("cmd.audit")).subcommand_required(true))
                .subcommand(help_flags(Command::new("verify").about(t("cmd.audit.verify"))))
                .subcommand(help_flags(
                    Command::new("log").about(t("cmd.audit.log")).arg(
                        Arg::new("limit")
                            .long("limit")
                            .value_name("N")
                            .value_parser(value_parser!(u32).range(1..=10_000))
                            .default_value("20")
                            .help(t("cmd.audit.log.limit")),
                    ),
                )),
        );
    help_flags(root)
}

/// Options every command shares.
pub struct Globals {
    pub workspace: Option<PathBuf>,
    /// The workspace user acting (`--as` or `KAIFANG_USER`); the OS user otherwise.
    pub user: Option<String>,
    /// Passphrases come one per line on standard input, not from a prompt.
    pub passphrase_stdin: bool,
}

/// Parses and runs; never panics on user input.
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> ExitCode {
    let matches = match command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    ExitCode::from(Exit::Usage as u8)
                }
                _ => {
                    eprintln!("{}", t("cli.usage_error"));
                    let _ = e.print();
                    ExitCode::from(Exit::Usage as u8)
                }
            };
        }
    };
    let out = Out::new(matches.get_flag("json"));
    let globals = Globals {
        workspace: matches.get_one::<PathBuf>("workspace").cloned(),
        user: matches.get_one::<String>("as").cloned().filter(|u| !u.trim().is_empty()),
        passphrase_stdin: matches.get_flag("passphrase-stdin"),
    };
    let globals = match identify(&matches, globals) {
        Ok(g) => g,
        Err(e) => return ExitCode::from(out.error(&e) as u8),
    };
    let exit = dispatch(&matches, &globals, &out);
    ExitCode::from(exit as u8)
}

/// Commands that change the workspace, and so record who did it.
fn writes(m: &ArgMatches) -> bool {
    let sub = |a: &ArgMatches| a.subcommand_name().unwrap_or_default().to_owned();
    match m.subcommand() {
        Some(("import" | "scan" | "submit" | "approve" | "reject" | "publish" | "restore" | "bundle", _)) => true,
        Some(("suppress", a)) => !a.get_flag("dry-run"),
        Some(("clean", a)) => crate::clean::writes(a),
        Some(("risk", a)) => a.get_flag("fix") || a.get_flag("undo") || a.get_flag("save") || a.contains_id("reason"),
        Some(("meta", a)) => match a.subcommand() {
            Some(("set" | "import" | "column", _)) => true,
            Some(("defaults", d)) => d.contains_id("field"),
            _ => false,
        },
        Some(("policy", _)) => true,
        Some(("masking" | "user" | "portal", a)) => !matches!(sub(a).as_str(), "list" | "test"),
        Some(("key", a)) => sub(a) != "list",
        _ => false,
    }
}

/// Who acts for a command that changes the workspace: `--as` or
/// `KAIFANG_USER`, else the workspace's only user. Without one it stops, so
/// that nothing is recorded under an OS account or as "unknown". The first
/// user of a new workspace is the exception: adding them needs nobody.
fn identify(m: &ArgMatches, g: Globals) -> Result<Globals, kaifang_core::ErrorPayload> {
    if g.user.is_some() || !writes(m) {
        return Ok(g);
    }
    let users = match kaifang_core::paths::resolve_workspace_path(g.workspace.clone()) {
        Some(path) if path.exists() => {
            let ws = commands::open(&g, kaifang_core::workspace::OpenMode::MustExist)?;
            kaifang_core::auth::users(ws.conn()).map_err(|e| e.payload())?
        }
        _ => Vec::new(),
    };
    let first_user = matches!(m.subcommand(), Some(("user", a)) if a.subcommand_name() == Some("add"));
    match users.as_slice() {
        [only] => Ok(Globals { user: Some(only.name.clone()), ..g }),
        [] if first_user => Ok(g),
        _ => Err(kaifang_core::auth::AuthError::IdentityRequired { users: users.len() }.payload()),
    }
}

fn dispatch(m: &ArgMatches, g: &Globals, out: &Out) -> Exit {
    match m.subcommand() {
        Some(("workspace", sub)) => match sub.subcommand() {
            Some(("info", _)) => commands::workspace_info(g, out),
            Some(("init", _)) => commands::workspace_init(g, out),
            _ => Exit::Usage,
        },
        Some(("import", a)) => commands::import(g, out, a),
        Some(("list", _)) => commands::list(g, out),
        Some(("overview", _)) => commands::overview(g, out),
        Some(("readiness", a)) => commands::readiness(g, out, a),
        Some(("show", a)) => commands::show(g, out, a),
        Some(("rows", a)) => commands::rows(g, out, a),
        Some(("meta", sub)) => match sub.subcommand() {
            Some(("fields", _)) => meta::fields(out),
            Some(("show", a)) => meta::show(g, out, a),
            Some(("set", a)) => meta::set(g, out, a),
            Some(("import", a)) => meta::import(g, out, a),
            Some(("check", a)) => meta::check(g, out, a),
            Some(("column", a)) => meta::column(g, out, a),
            Some(("defaults", a)) => meta::defaults(g, out, a),
            _ => Exit::Usage,
        },
        Some(("export", a)) if a.get_one::<String>("format").is_some_and(|f| f == "csv" || f == "xlsx") => {
            sensitive::export_public(g, out, a)
        }
        Some(("export", a)) => meta::export(g, out, a),
        Some(("scan", a)) => sensitive::scan(g, out, a),
        Some(("risk", a)) => sensitive::risk(g, out, a),
        Some(("suppress", a)) => sensitive::suppress(g, out, a),
        Some(("clean", a)) => crate::clean::clean(g, out, a),
        Some(("user", sub)) => match sub.subcommand() {
            Some(("add", a)) => review::user_add(g, out, a),
            Some(("list", _)) => review::user_list(g, out),
            Some(("passphrase", a)) => review::user_passphrase(g, out, a),
            _ => Exit::Usage,
        },
        Some(("key", sub)) => match sub.subcommand() {
            Some(("export", a)) => keys::export(g, out, a),
            Some(("import", a)) => keys::import(g, out, a),
            Some(("list", _)) => keys::list(g, out),
            Some(("remove", a)) => keys::remove(g, out, a),
            _ => Exit::Usage,
        },
        Some(("submit", a)) => review::submit(g, out, a),
        Some(("approve", a)) => review::approve(g, out, a),
        Some(("reject", a)) => review::reject(g, out, a),
        Some(("queue", _)) => review::queue(g, out),
        Some(("portal", sub)) => match sub.subcommand() {
            Some(("add", a)) => publish::add(g, out, a),
            Some(("test", a)) => publish::test(g, out, a),
            Some(("list", _)) => publish::list(g, out),
            Some(("remove", a)) => publish::remove(g, out, a),
            Some(("xlsx", a)) => publish::xlsx(g, out, a),
            _ => Exit::Usage,
        },
        Some(("publish", a)) => publish::publish(g, out, a),
        Some(("backup", a)) => commands::backup(g, out, a),
        Some(("restore", a)) => commands::restore(g, out, a),
        Some(("outbox", _)) => publish::outbox(g, out),
        Some(("bundle", sub)) => match sub.subcommand() {
            Some(("export", a)) => review::bundle_export(g, out, a),
            Some(("import", a)) => review::bundle_import(g, out, a),
            _ => Exit::Usage,
        },
        Some(("history", a)) => review::history(g, out, a),
        Some(("decisions", a)) => review::decisions(g, out, a),
        Some(("policy", sub)) => match sub.subcommand() {
            Some(("set", a)) => sensitive::policy_set(g, out, a),
            Some(("coarsen", a)) => sensitive::policy_coarsen(g, out, a),
            _ => Exit::Usage,
        },
        Some(("preview", a)) => sensitive::preview(g, out, a),
        Some(("gate", a)) => sensitive::gate(g, out, a),
        Some(("masking", sub)) => match sub.subcommand() {
            Some(("list", _)) => sensitive::masking_list(g, out),
            Some(("set", a)) => sensitive::masking_set(g, out, a),
            _ => Exit::Usage,
        },
        Some(("audit", sub)) => match sub.subcommand() {
            Some(("verify", _)) => commands::audit_verify(g, out),
            Some(("log", a)) => commands::audit_log(g, out, a.get_one::<u32>("limit").copied().unwrap_or(20)),
            _ => Exit::Usage,
        },
        _ => Exit::Usage,
    }
}

/// `VALUE=COLUMN,COLUMN`: a value column and the columns that describe it.
fn column_list(s: &str) -> Result<(String, Vec<String>), String> {
    s.split_once('=')
        .map(|(v, list)| {
            (
                v.trim().to_owned(),
                list.split([',', '，']).map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect(),
            )
        })
        .filter(|(v, list): &(String, Vec<String>)| !v.is_empty() && !list.is_empty())
        .ok_or_else(|| {
            crate::i18n::t_with("error.bad_column_list", &kaifang_core::error::params([("arg", s.to_owned())]))
        })
}
