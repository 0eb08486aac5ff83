//! `kaifang clean DATASET …`: cleaning steps, their history and recipes.

use std::collections::BTreeMap;

use clap::{Arg, ArgAction, ArgMatches, Command};
use kaifang_core::clean::cluster::Method;
use kaifang_core::clean::{self, CleanError, Filter, Op, Outcome, Step, StepRecord, Test};
use kaifang_core::error::{params, Coded};
use kaifang_core::workspace::OpenMode;
use kaifang_core::ErrorPayload;

use crate::cli::Globals;
use crate::commands::{actor_for, dataset_id, open};
use crate::i18n::{t, t_with};
use crate::output::{Exit, Out};

/// The operations by their wire names, for the command line.
pub const OPS: &[&str] = &[
    "trim",
    "half_width",
    "dates",
    "numbers",
    "replace",
    "map",
    "blank_like",
    "fill_down",
    "dedupe",
    "split",
    "merge",
    "from_id",
];

/// `FROM=TO`, for `--pair` and `--map`.
fn pair(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .filter(|(a, _)| !a.trim().is_empty())
        .ok_or_else(|| t_with("error.bad_pair", &params([("value", s.to_owned())])))
}

/// `COLUMN=MIN..MAX` (either end may be left out).
fn range(s: &str) -> Result<(String, Option<f64>, Option<f64>), String> {
    let bad = || t_with("error.bad_range", &params([("value", s.to_owned())]));
    let (column, span) = s.split_once('=').ok_or_else(bad)?;
    let (min, max) = span.split_once("..").ok_or_else(bad)?;
    let end = |x: &str| -> Result<Option<f64>, String> {
        if x.trim().is_empty() {
            Ok(None)
        } else {
            x.trim().parse::<f64>().map(Some).map_err(|_| bad())
        }
    };
    Ok((column.to_owned(), end(min)?, end(max)?))
}

/// The arguments that describe a step (for `apply` and `edit`).
fn step_args(c: Command) -> Command {
    c.arg(
        Arg::new("op")
            .value_name("OP")
            .required(true)
            .value_parser(clap::builder::PossibleValuesParser::new(OPS))
            .help(t("cmd.clean.op")),
    )
    .arg(Arg::new("columns").value_name("COLUMN").num_args(0..).help(t("cmd.clean.columns")))
    .arg(Arg::new("find").long("find").value_name("TEXT").help(t("cmd.clean.find")))
    .arg(Arg::new("replace").long("replace").value_name("TEXT").default_value("").help(t("cmd.clean.replace")))
    .arg(
        Arg::new("pair")
            .long("pair")
            .value_name("FROM=TO")
            .action(ArgAction::Append)
            .value_parser(pair)
            .help(t("cmd.clean.pair")),
    )
    .arg(Arg::new("values").long("values").value_name("VALUE").num_args(1..).help(t("cmd.clean.values")))
    .arg(Arg::new("separator").long("separator").value_name("TEXT").help(t("cmd.clean.separator")))
    .arg(Arg::new("into").long("into").value_name("NAME").num_args(1..).help(t("cmd.clean.into")))
    .arg(Arg::new("from-wan").long("from-wan").action(ArgAction::SetTrue).help(t("cmd.clean.from_wan")))
    .arg(Arg::new("birth-year").long("birth-year").value_name("NAME").help(t("cmd.clean.birth_year")))
    .arg(Arg::new("sex").long("sex").value_name("NAME").help(t("cmd.clean.sex")))
    .arg(
        Arg::new("where")
            .long("where")
            .value_name("COLUMN=VALUE,VALUE")
            .value_parser(pair)
            .conflicts_with("where-blank")
            .help(t("cmd.clean.where")),
    )
    .arg(
        Arg::new("where-blank")
            .long("where-blank")
            .value_name("COLUMN")
            .conflicts_with_all(["where-invalid", "where-range"])
            .help(t("cmd.clean.where_blank")),
    )
    .arg(
        Arg::new("where-invalid")
            .long("where-invalid")
            .value_name("COLUMN")
            .conflicts_with_all(["where", "where-range"])
            .help(t("cmd.clean.where_invalid")),
    )
    .arg(
        Arg::new("where-range")
            .long("where-range")
            .value_name("COLUMN=MIN..MAX")
            .value_parser(range)
            .conflicts_with("where")
            .help(t("cmd.clean.where_range")),
    )
}

/// The `clean` command and its subcommands.
pub fn command(help: impl Fn(Command) -> Command) -> Command {
    help(
        Command::new("clean")
            .about(t("cmd.clean"))
            .arg(Arg::new("dataset").value_name("DATASET").required(true).help(t("cmd.dataset")))
            .subcommand_required(true),
    )
    .subcommand(help(Command::new("history").about(t("cmd.clean.history"))))
    .subcommand(help(step_args(Command::new("apply").about(t("cmd.clean.apply")))))
    .subcommand(help(Command::new("undo").about(t("cmd.clean.undo"))))
    .subcommand(help(Command::new("redo").about(t("cmd.clean.redo"))))
    .subcommand(help(Command::new("remove").about(t("cmd.clean.remove")).arg(step_number().required(true))))
    .subcommand(help(step_args(
        Command::new("edit")
            .about(t("cmd.clean.edit"))
            .arg(Arg::new("step").long("step").value_name("N").required(true).value_parser(clap::value_parser!(i64))),
    )))
    .subcommand(help(
        Command::new("restore")
            .about(t("cmd.clean.restore"))
            .arg(Arg::new("branch").value_name("BRANCH").required(true).value_parser(clap::value_parser!(i64))),
    ))
    .subcommand(help(
        Command::new("clusters")
            .about(t("cmd.clean.clusters"))
            .arg(Arg::new("column").value_name("COLUMN").required(true).help(t("cmd.clean.cluster_column")))
            .arg(
                Arg::new("method")
                    .long("method")
                    .value_name("METHOD")
                    .default_value("fingerprint")
                    .value_parser(["fingerprint", "no_suffix", "pinyin", "ngram", "division"])
                    .help(t("cmd.clean.method")),
            ),
    ))
    .subcommand(help(
        Command::new("recipe")
            .about(t("cmd.clean.recipe"))
            .arg(Arg::new("out").long("out").value_name("FILE").help(t("cmd.clean.recipe_out"))),
    ))
    .subcommand(help(
        Command::new("replay")
            .about(t("cmd.clean.replay"))
            .arg(
                Arg::new("file")
                    .value_name("FILE")
                    .required_unless_present("previous")
                    .help(t("cmd.clean.replay_file")),
            )
            .arg(
                Arg::new("previous")
                    .long("previous")
                    .action(ArgAction::SetTrue)
                    .conflicts_with("file")
                    .help(t("cmd.clean.previous")),
            )
            .arg(
                Arg::new("map")
                    .long("map")
                    .value_name("OLD=NEW")
                    .action(ArgAction::Append)
                    .value_parser(pair)
                    .help(t("cmd.clean.map")),
            )
            .arg(Arg::new("preview").long("preview").action(ArgAction::SetTrue).help(t("cmd.clean.preview"))),
    ))
}

fn step_number() -> Arg {
    Arg::new("step").value_name("STEP").value_parser(clap::value_parser!(i64)).help(t("cmd.clean.step"))
}

/// Whether `clean …` changes the workspace.
pub fn writes(a: &ArgMatches) -> bool {
    match a.subcommand() {
        Some(("history" | "recipe" | "clusters", _)) => false,
        Some(("replay", r)) => !r.get_flag("preview"),
        _ => true,
    }
}

/// The step the arguments describe.
fn step_of(a: &ArgMatches) -> Result<Step, ErrorPayload> {
    let strings = |id: &str| a.get_many::<String>(id).map(|v| v.cloned().collect::<Vec<_>>()).unwrap_or_default();
    let one = |id: &str| a.get_one::<String>(id).cloned();
    let op = match a.get_one::<String>("op").map(String::as_str).unwrap_or_default() {
        "trim" => Op::Trim,
        "half_width" => Op::HalfWidth,
        "dates" => Op::Dates,
        "numbers" => Op::Numbers { from_wan: a.get_flag("from-wan") },
        "replace" => Op::Replace { find: one("find").unwrap_or_default(), replace: one("replace").unwrap_or_default() },
        "map" => Op::Map { pairs: a.get_many::<(String, String)>("pair").into_iter().flatten().cloned().collect() },
        "blank_like" => Op::BlankLike { values: strings("values") },
        "fill_down" => Op::FillDown,
        "dedupe" => Op::Dedupe,
        "split" => Op::Split { separator: one("separator"), into: strings("into") },
        "merge" => Op::Merge {
            separator: one("separator").unwrap_or_default(),
            into: strings("into").into_iter().next().unwrap_or_default(),
        },
        _ => Op::FromId { birth_year: one("birth-year"), sex: one("sex") },
    };
    let filter = if let Some((column, values)) = a.get_one::<(String, String)>("where") {
        Some(Filter {
            column: column.clone(),
            test: Test::OneOf { values: values.split(',').map(str::to_owned).collect() },
        })
    } else if let Some(column) = a.get_one::<String>("where-blank") {
        Some(Filter { column: column.clone(), test: Test::Blank })
    } else if let Some(column) = a.get_one::<String>("where-invalid") {
        Some(Filter { column: column.clone(), test: Test::Invalid })
    } else {
        a.get_one::<(String, Option<f64>, Option<f64>)>("where-range")
            .map(|(column, min, max)| Filter { column: column.clone(), test: Test::Range { min: *min, max: *max } })
    };
    Ok(Step { op, columns: strings("columns"), filter })
}

fn payload(e: CleanError) -> ErrorPayload {
    e.payload()
}

/// One line for a step: its number, what it did and where, its counts.
fn describe(position: i64, s: &Step, state: &str, o: Option<&Outcome>) -> String {
    let columns = if s.columns.is_empty() { t("out.clean.all_columns") } else { s.columns.join("、") };
    let mut line = t_with(
        "out.clean.step",
        &params([
            ("step", position.to_string()),
            ("op", t(&format!("out.clean.op.{}", s.op.name()))),
            ("columns", columns),
            ("state", if state == "applied" { String::new() } else { t(&format!("out.clean.state.{state}")) }),
        ]),
    );
    if let Some(f) = &s.filter {
        line.push_str(&t_with("out.clean.filtered", &params([("column", f.column.clone())])));
    }
    // An undone step's counts are of a change no longer made.
    if let Some(o) = o.filter(|_| state != "undone") {
        match &o.skipped {
            Some(why) => {
                line.push_str(&t_with("out.clean.skipped", &params([("reason", crate::i18n::error_text(why))])))
            }
            None if s.op == Op::Dedupe => {
                line.push_str(&t_with("out.clean.counts_removed", &params([("rows", o.rows.to_string())])))
            }
            None => line.push_str(&t_with(
                "out.clean.counts",
                &params([("rows", o.rows.to_string()), ("cells", o.cells.to_string())]),
            )),
        }
    }
    line
}

fn print_outcome(out: &Out, o: &Outcome) {
    for (before, after) in &o.samples {
        if o.removed.is_empty() {
            out.line(&format!("    {before} → {after}"));
        } else {
            out.line(&format!("    {before}"));
        }
    }
    if !o.forms.is_empty() {
        let forms: Vec<String> =
            o.forms.iter().map(|(k, n)| format!("{} {n}", t(&format!("out.clean.form.{k}")))).collect();
        out.line(&format!("    {}", t_with("out.clean.forms", &params([("forms", forms.join(&t("out.clean.sep")))]))));
    }
    if o.unreadable > 0 {
        out.line(&format!("    {}", t_with("out.clean.unreadable", &params([("count", o.unreadable.to_string())]))));
    }
    if !o.removed.is_empty() {
        let rows: Vec<String> = o.removed.iter().map(i64::to_string).collect();
        out.line(&format!("    {}", t_with("out.clean.removed", &params([("rows", rows.join(", "))]))));
    }
    if !o.added.is_empty() {
        out.line(&format!("    {}", t_with("out.clean.added", &params([("columns", o.added.join("、"))]))));
    }
}

fn print_record(out: &Out, r: &StepRecord) {
    out.line(&describe(r.position, &r.step, &r.state, r.outcome.as_ref()));
    if let Some(o) = &r.outcome {
        print_outcome(out, o);
    }
}

fn print_history(out: &Out, h: &clean::History) -> Exit {
    match h.version {
        None => {
            out.line(&t("out.clean.empty"));
        }
        Some(v) => {
            out.line(&t_with(
                "out.clean.header",
                &params([("version", v.to_string()), ("base", h.base_version.to_string())]),
            ));
            for s in &h.steps {
                out.line(&format!("  {}", describe(s.position, &s.step, &s.state, s.outcome.as_ref())));
            }
            for (b, steps) in &h.branches {
                let ops: Vec<String> = steps.iter().map(|s| t(&format!("out.clean.op.{}", s.step.op.name()))).collect();
                out.line(&t_with("out.clean.branch", &params([("branch", b.to_string()), ("steps", ops.join(" → "))])));
            }
        }
    }
    Exit::Ok
}

/// `kaifang clean DATASET …`.
pub fn clean(g: &Globals, out: &Out, a: &ArgMatches) -> Exit {
    let Some(key) = a.get_one::<String>("dataset") else { return Exit::Usage };
    let mut ws = match open(g, OpenMode::MustExist) {
        Ok(ws) => ws,
        Err(e) => return out.error(&e),
    };
    let id = match dataset_id(&ws, key) {
        Ok(id) => id,
        Err(e) => return out.error(&e),
    };
    let actor = actor_for(g);
    let Some((sub, s)) = a.subcommand() else { return Exit::Usage };
    match sub {
        "history" => match clean::history(ws.conn(), id) {
            Ok(h) if out.json => out.json(&h),
            Ok(h) => print_history(out, &h),
            Err(e) => out.error(&payload(e)),
        },
        "apply" | "edit" => {
            let step = match step_of(s) {
                Ok(step) => step,
                Err(e) => return out.error(&e),
            };
            if sub == "apply" {
                match ws.with_tx(|tx| clean::apply(tx, id, &step, &actor)) {
                    Ok(r) if out.json => out.json(&r),
                    Ok(r) => {
                        print_record(out, &r);
                        Exit::Ok
                    }
                    Err(e) => out.error(&payload(e)),
                }
            } else {
                let Some(&n) = s.get_one::<i64>("step") else { return Exit::Usage };
                rewrite(&mut ws, out, id, n, Some(&step), &actor)
            }
        }
        "undo" | "redo" => {
            let r =
                ws.with_tx(|tx| if sub == "undo" { clean::undo(tx, id, &actor) } else { clean::redo(tx, id, &actor) });
            match r {
                Ok(r) if out.json => out.json(&r),
                Ok(r) => {
                    out.line(&t_with(
                        &format!("out.clean.{sub}"),
                        &params([
                            ("step", r.position.to_string()),
                            ("op", t(&format!("out.clean.op.{}", r.step.op.name()))),
                        ]),
                    ));
                    Exit::Ok
                }
                Err(e) => out.error(&payload(e)),
            }
        }
        "remove" => {
            let Some(&n) = s.get_one::<i64>("step") else { return Exit::Usage };
            rewrite(&mut ws, out, id, n, None, &actor)
        }
        "restore" => {
            let Some(&b) = s.get_one::<i64>("branch") else { return Exit::Usage };
            match ws.with_tx(|tx| clean::restore_branch(tx, id, b, &actor)) {
                Ok(h) if out.json => out.json(&h),
                Ok(h) => print_history(out, &h),
                Err(e) => out.error(&payload(e)),
            }
        }
        "clusters" => {
            let (Some(column), Some(method)) = (s.get_one::<String>("column"), s.get_one::<String>("method")) else {
                return Exit::Usage;
            };
            let method = match method.as_str() {
                "no_suffix" => Method::NoSuffix,
                "pinyin" => Method::Pinyin,
                "ngram" => Method::Ngram,
                "division" => Method::Division,
                _ => Method::Fingerprint,
            };
            match clean::cluster::clusters(ws.conn(), id, column, method) {
                Ok(c) if out.json => out.json(&c),
                Ok(c) if c.is_empty() => out.line(&t("out.clean.no_clusters")),
                Ok(c) => {
                    for (i, cluster) in c.iter().enumerate() {
                        let values: Vec<String> = match &cluster.official {
                            // Each value with its score against the official name.
                            Some(o) => cluster
                                .values
                                .iter()
                                .zip(&o.scores)
                                .map(|((v, n), s)| format!("{v} ({n}, {:.0}%)", s * 100.0))
                                .collect(),
                            None => cluster.values.iter().map(|(v, n)| format!("{v} ({n})")).collect(),
                        };
                        out.line(&format!("{}. {}", i + 1, values.join("、")));
                        if let Some(o) = &cluster.official {
                            let line = match &o.code {
                                Some(code) => t_with(
                                    "out.clean.official_code",
                                    &params([("name", o.name.clone()), ("code", code.clone())]),
                                ),
                                None => t_with("out.clean.official", &params([("name", o.name.clone())])),
                            };
                            out.line(&format!("   {line}"));
                        }
                    }
                    out.line(&t_with("out.clean.merge_hint", &params([("column", column.clone())])))
                }
                Err(e) => out.error(&payload(e)),
            }
        }
        "recipe" => match s.get_one::<String>("out") {
            Some(path) => match clean::write_recipe_file(ws.conn(), id, std::path::Path::new(path)) {
                Ok(r) if out.json => out.json(&r),
                Ok(r) => out.line(&t_with(
                    "out.clean.recipe_written",
                    &params([("steps", r.steps.len().to_string()), ("path", path.clone())]),
                )),
                Err(e) => out.error(&payload(e)),
            },
            None => match clean::recipe(ws.conn(), id) {
                Ok(r) => out.line(&serde_json::to_string_pretty(&r).unwrap_or_default()),
                Err(e) => out.error(&payload(e)),
            },
        },
        "replay" => {
            let recipe = match s.get_one::<String>("file") {
                Some(file) => match clean::read_recipe_file(std::path::Path::new(file)) {
                    Ok(r) => r,
                    Err(e) => return out.error(&payload(e)),
                },
                // The last cleaned version's steps, for the version just imported.
                None => match clean::previous_recipe(ws.conn(), id) {
                    Ok(Some(r)) => r,
                    Ok(None) => return out.line(&t("out.clean.no_previous")),
                    Err(e) => return out.error(&payload(e)),
                },
            };
            let asked: BTreeMap<String, String> =
                s.get_many::<(String, String)>("map").into_iter().flatten().cloned().collect();
            let preview = s.get_flag("preview");
            match ws.with_tx(|tx| clean::replay_recipe(tx, id, &recipe, &asked, preview, &actor)) {
                Ok(run) if out.json => out.json(&run),
                Ok(run) => {
                    let head = if preview { "out.clean.previewed" } else { "out.clean.replayed" };
                    out.line(&t_with(head, &params([("steps", run.steps.len().to_string())])));
                    for (from, to) in &run.mapped {
                        out.line(&format!(
                            "  {}",
                            t_with("out.clean.mapped", &params([("from", from.clone()), ("to", to.clone())]))
                        ));
                    }
                    for (i, (step, o)) in run.steps.iter().enumerate() {
                        let state = if o.skipped.is_some() { "skipped" } else { "applied" };
                        out.line(&format!("  {}", describe(i as i64 + 1, step, state, Some(o))));
                        print_outcome(out, o);
                    }
                    Exit::Ok
                }
                Err(e) => out.error(&payload(e)),
            }
        }
        _ => Exit::Usage,
    }
}

fn rewrite(
    ws: &mut kaifang_core::Workspace,
    out: &Out,
    id: kaifang_core::dataset::DatasetId,
    position: i64,
    step: Option<&Step>,
    actor: &kaifang_core::audit::Actor,
) -> Exit {
    // Steps are numbered for people by position; the core takes the step's id.
    let h = match clean::history(ws.conn(), id) {
        Ok(h) => h,
        Err(e) => return out.error(&payload(e)),
    };
    let Some(target) = h.steps.iter().find(|s| s.position == position) else {
        return out.error(&payload(CleanError::StepNotFound { step: position }));
    };
    match ws.with_tx(|tx| clean::rewrite(tx, id, target.id, step, actor)) {
        Ok(h) if out.json => out.json(&h),
        Ok(h) => print_history(out, &h),
        Err(e) => out.error(&payload(e)),
    }
}
