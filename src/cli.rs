//! The command line: parsing with clap, dispatch to the commands, and the one place that turns
//! errors into exit code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ColorChoice, CommandFactory, Parser, Subcommand};

use crate::commands::{self, CANNOT_RUN, Destination};
use crate::pool::PoolOptions;
use crate::report::Format;

/// Grades JavaScript exercises in an embedded QuickJS sandbox.
#[derive(Debug, Parser)]
#[command(name = "grade", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// The exercise: an id from exercises/ (e.g. exercise-03) or a path to its .toml.
    exercise: Option<String>,
    /// The submission to grade [default: submissions/<id>.js].
    file: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
    #[command(flatten)]
    course: CourseArgs,
    /// Grade in this process instead of a worker process under a watchdog (for debugging).
    #[arg(long, global = true)]
    no_isolation: bool,
    /// Worker processes of the grading commands [default: one per core; for batch, grader.toml's
    /// batch.jobs]; 0 = one per core. One submission needs one worker, whatever N.
    #[arg(long, short = 'j', value_name = "N", global = true)]
    jobs: Option<usize>,
    /// When to color the human report [default: auto: on a terminal, unless NO_COLOR is set;
    /// CLICOLOR_FORCE=1 forces it].
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true, hide_default_value = true)]
    color: ColorChoice,
}

const AFTER_HELP: &str = "Exit codes: 0 every check passed, 1 a check failed or the submission did not load, \
2 the command could not run.";

#[derive(Debug, Args, Clone)]
struct OutputArgs {
    /// Report format.
    #[arg(long, value_enum, default_value = "human", global = true)]
    format: Format,
    /// Write the report to FILE instead of standard output (whole, via a temporary file and a
    /// rename; `batch` appends one JSON line per result as it arrives).
    #[arg(long, value_name = "FILE", global = true)]
    output: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
struct CourseArgs {
    /// The course folder (the one with grader.toml) [default: found from the current folder].
    #[arg(long = "course", short = 'C', value_name = "DIR", global = true)]
    course_dir: Option<PathBuf>,
}

/// The class report options of `batch` and `merge`.
#[derive(Debug, Args, Clone)]
struct ReportArgs {
    /// Write gradebook.csv, report.md and report.html into DIR.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// A CSV of the class (columns folder, id, name, email; section optional) for the gradebook.
    #[arg(long, value_name = "FILE")]
    roster: Option<PathBuf>,
    /// The gradebook's columns: plain, or what Canvas's or Moodle's grade import reads (needs --roster).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "plain")]
    gradebook_format: crate::report::gradebook::GradebookFormat,
}

impl ReportArgs {
    fn options(self) -> commands::ReportOptions {
        commands::ReportOptions { dir: self.report, roster: self.roster, gradebook: self.gradebook_format }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Course authors and CI: every TOML loads, every solution passes, every mistake is caught.
    Check,
    /// The exercises with title, tags, your status, points and the skill map.
    List,
    /// An exercise's prompt and starter (or `glossary`); with --hint N, only hint N.
    Show {
        /// The exercise id, or `glossary`.
        exercise: String,
        /// Show only this hint (1 is the gentlest).
        #[arg(long, value_name = "N")]
        hint: Option<usize>,
        /// Draw each function of FILE, where it was born, and what its backpack holds.
        #[arg(long, value_name = "FILE", conflicts_with = "hint")]
        backpack: Option<PathBuf>,
    },
    /// Copies the starter to submissions/<id>.js; never overwrites a file.
    Start {
        /// The exercise id [default: the first in course order you have no file for].
        exercise: Option<String>,
    },
    /// Re-grades on every save, moving on when an exercise passes.
    Watch {
        /// Start with this exercise [default: the first that does not pass].
        exercise: Option<String>,
    },
    /// Internal: a grading worker process, driven over stdin/stdout by a parent `grade`.
    #[command(name = "__worker", hide = true)]
    Worker {
        /// Address-space cap of the worker process, in MiB.
        #[arg(long, default_value_t = crate::pool::worker::WORKER_MEMORY_MB)]
        address_space_mb: u64,
    },
    /// Instructors: grades a class folder (one folder per student) on all cores.
    Batch {
        /// The class folder: DIR/<student>/<exercise-id>.js.
        dir: PathBuf,
        /// Skip (student, exercise) pairs already in --output.
        #[arg(long)]
        resume: bool,
        #[command(flatten)]
        report: ReportArgs,
        /// Grade only the K-th of N equal slices of the sorted work list.
        #[arg(long, value_name = "K/N")]
        shard: Option<commands::batch::Shard>,
    },
    /// Joins batch JSON Lines files (e.g. from shards) into one result and class report.
    Merge {
        /// The JSON Lines files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Course authors: scaffolds a course (grader.toml, one exercise, its solution) in DIR.
    New {
        /// The folder to create the course in (made if missing).
        dir: PathBuf,
    },
    /// Course authors: scaffolds exercises/<id>.toml and solutions/<id>.js in the course.
    NewExercise {
        /// The new exercise's id, such as exercise-02.
        id: String,
    },
    /// Grades every exercise against a learner's folder.
    All {
        /// The folder of <id>.js files [default: submissions/].
        dir: Option<PathBuf>,
    },
}

/// Parses the arguments, runs the command, and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    anstream::ColorChoice::write_global(match cli.color {
        ColorChoice::Auto => anstream::ColorChoice::Auto,
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
    });
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            let style = anstyle::AnsiColor::Red.on_default().bold();
            anstream::eprintln!("{style}error:{style:#} {error:#}");
            ExitCode::from(CANNOT_RUN)
        }
    }
}

/// The subcommand most likely meant by a first argument that is not an exercise (`lsit`).
fn command_meant(word: &str) -> Option<String> {
    let command = Cli::command();
    let names = command.get_subcommands().filter(|c| !c.is_hide_set()).map(|c| c.get_name());
    crate::spelling::closest(word, names).map(str::to_string)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Some(Command::Worker { address_space_mb }) = cli.command {
        return Ok(crate::pool::worker::run(address_space_mb << 20));
    }
    if cli.command.is_none() && cli.exercise.is_none() {
        Cli::command().print_help()?;
        return Ok(ExitCode::from(CANNOT_RUN));
    }
    let dest = Destination { format: cli.output.format, output: cli.output.output.clone() };
    if let Some(Command::New { dir }) = &cli.command {
        return commands::new::run_course(dir, &dest);
    }
    let course = commands::course(cli.course.course_dir.as_deref());
    if let (None, Some(word)) = (&cli.command, &cli.exercise) {
        // `grade lsit`: a mistyped command reaches us as an exercise id.
        let is_exercise = course.as_ref().is_ok_and(|c| c.exercise_ids().unwrap_or_default().contains(word));
        if !is_exercise
            && !word.ends_with(".toml")
            && let Some(meant) = command_meant(word)
        {
            anyhow::bail!("no command or exercise `{word}`; did you mean `{meant}`?");
        }
    }
    let course = match (course, &cli.command) {
        // Merging JSON Lines needs no course: outside one, exercises are taken from the records.
        (Err(e), Some(Command::Merge { files, report })) if e.is_outside_a_course() => {
            return commands::merge::run(None, files, &report.clone().options(), &dest);
        }
        (course, _) => course?,
    };
    // `all` and `list` grade on one worker per core unless told otherwise; `batch` reads its
    // default from grader.toml; one submission (`grade <exercise>`) takes one worker whatever
    // --jobs says.
    let pool_options = PoolOptions::new(cli.jobs.unwrap_or(0), !cli.no_isolation);
    match cli.command {
        Some(Command::Check) => commands::check::run(&course, &dest),
        Some(Command::List) => commands::list::run(&course, &pool_options, &dest),
        Some(Command::Show { exercise, hint, backpack }) => {
            commands::show::run(&course, &exercise, hint, backpack.as_deref(), &dest)
        }
        Some(Command::Start { exercise }) => commands::start::run(&course, exercise.as_deref(), &dest),
        Some(Command::Watch { exercise }) => commands::watch::run(&course, exercise.as_deref(), &dest),
        Some(Command::All { dir }) => commands::all::run(&course, dir.as_deref(), &pool_options, &dest),
        Some(Command::Worker { .. } | Command::New { .. }) => unreachable!("handled before the course is loaded"),
        Some(Command::NewExercise { id }) => commands::new::run_exercise(&course, &id, &dest),
        Some(Command::Batch { dir, resume, report, shard }) => {
            let options = commands::batch::BatchOptions {
                dir,
                resume,
                report: report.options(),
                shard,
                jobs: cli.jobs,
                no_isolation: cli.no_isolation,
            };
            commands::batch::run(&course, &options, &dest)
        }
        Some(Command::Merge { files, report }) => commands::merge::run(Some(&course), &files, &report.options(), &dest),
        None => {
            let Some(exercise) = cli.exercise else { unreachable!("without an exercise the help was printed above") };
            commands::grade_one::run(&course, &exercise, cli.file.as_deref(), !cli.no_isolation, &dest)
        }
    }
}
