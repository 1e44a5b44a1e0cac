//! `grade batch <DIR>`: a whole class. DIR holds one folder per student with `<id>.js` files;
//! every (student, exercise) pair is graded through the worker pool, each result is appended to
//! `--output` as a JSON line the moment it arrives, and a class summary ends the run.
//!
//! The parent keeps a [`Tally`] (scores per student, counters per check), never whole records,
//! so its memory stays flat in the size of the class.

use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::Destination;
use super::class_files::{self, ReportOptions, ResultsFiles};
pub use crate::class::Shard;
use crate::class::{ClassIdentity, ClassLayout, Line, Problem, Record, Summary, Tally};
use crate::course_grading::prepare_course;
use crate::exercise::Course;
use crate::grading::{self, Interruption, Outcome, Status, Submission};
use crate::pool::{self, PoolOptions, WorkItem};
use crate::report::{Format, class};

/// What `batch` was asked to do.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The class folder.
    pub dir: PathBuf,
    /// Skip pairs already in the output.
    pub resume: bool,
    /// The report folder, roster and gradebook format.
    pub report: ReportOptions,
    /// Grade one slice only.
    pub shard: Option<Shard>,
    /// Workers, from `--jobs` (None: grader.toml's `batch.jobs`; 0: one per core).
    pub jobs: Option<usize>,
    /// Grade on threads in this process instead of worker processes.
    pub no_isolation: bool,
}

/// One (student, exercise) pair on the work list.
struct Pair {
    /// Index into the list of student names.
    student: u32,
    exercise: usize,
    path: PathBuf,
}

/// Runs the batch and prints the class summary.
pub fn run(course: &Course, options: &BatchOptions, dest: &Destination) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    class_files::check_class_format("batch", dest)?;
    if options.resume && dest.output.is_none() {
        bail!("--resume needs --output FILE: the results of the earlier run are read from it");
    }
    let prepared = prepare_course(course)?;
    let exercises: Vec<&crate::exercise::Exercise> = prepared.iter().map(|p| &p.exercise).collect();
    let ids: Vec<String> = exercises.iter().map(|e| e.id.clone()).collect();
    let course_identity = class_files::course_identity(&course.title, &exercises);
    let layout = ClassLayout::read(&options.dir, &ids)?;
    let report = options.report.prepare()?;

    // Each name is kept once; the work list refers to it by index.
    let mut tally = Tally::new(class_files::exercise_infos(&exercises));
    let mut names: Vec<String> = Vec::with_capacity(layout.students.len());
    let mut pairs = Vec::with_capacity(layout.students.iter().map(|s| s.files.len()).sum());
    for student in layout.students {
        if student.files.is_empty() {
            tally.add_student_without_files(&student.name);
        }
        let index = u32::try_from(names.len()).context("more students than grade can count")?;
        for (exercise, path) in student.files {
            pairs.push(Pair { student: index, exercise, path });
        }
        names.push(student.name);
    }
    let class = class_identity(&options.dir, &names, &pairs, &ids);
    tally.add_notes(layout.notes);
    if let Some(shard) = options.shard {
        let range = shard.range(pairs.len());
        pairs = pairs.drain(range).collect();
    }

    // Resuming: what the output already holds is folded in, and not graded again.
    let mut previous_ends_with_summary = false;
    if options.resume
        && let Some(output) = dest.output.as_ref().filter(|o| o.exists())
    {
        let files = ResultsFiles::index(std::slice::from_ref(output))?;
        // Results of another course (a check renamed since) cannot share this gradebook.
        files.check_course(Some(&course_identity))?;
        files.for_each_record(|record, _| {
            tally.add(record);
            Ok(())
        })?;
        pairs.retain(|p| !files.contains(&names[p.student as usize], &ids[p.exercise]));
        previous_ends_with_summary = files.ends_with_summary;
    }

    class_files::warn_about_files(&tally, report_requested(options));
    let mut sink = ResultSink::open(dest, options.resume)?;
    let progress = Progress::new(pairs.len());
    let (mut graded, mut grader_faults, mut first_fault) = (0usize, 0usize, None);
    let mut failure: Option<anyhow::Error> = None;
    let mut record = |student: u32, outcome: &Outcome, problem: Option<Problem>| {
        let student = &names[student as usize];
        let problem = problem.or_else(|| problem_of(outcome, &options.dir.join(&outcome.submission)));
        let record = Record::from_outcome(student, outcome, problem);
        if outcome.interrupted == Some(Interruption::Grader) {
            grader_faults += 1;
            first_fault.get_or_insert_with(|| outcome.message.clone().unwrap_or_default());
        }
        graded += 1;
        if let Err(e) = sink.write(&record) {
            failure.get_or_insert(e);
        }
        tally.add(&record);
        progress.tick(student, &outcome.exercise);
    };

    // A symbolic link would grade whatever it points at (another student's file) under this name.
    let (linked, to_grade): (Vec<Pair>, Vec<Pair>) =
        pairs.into_iter().partition(|p| std::fs::symlink_metadata(&p.path).is_ok_and(|m| m.is_symlink()));
    for pair in linked {
        let message = "the submission is a symbolic link; submit the file itself".to_string();
        let shown = display(&pair.path, &options.dir);
        let outcome = grading::not_graded(&prepared[pair.exercise].exercise, &shown, message);
        record(pair.student, &outcome, Some(Problem::Symlink));
    }
    // Work items are made as workers take them: the parent keeps only the small work list.
    let owners: Vec<u32> = to_grade.iter().map(|p| p.student).collect();
    let (dir, exercises) = (options.dir.clone(), prepared.clone());
    let items = to_grade.into_iter().map(move |p| {
        let display = display(&p.path, &dir);
        WorkItem { exercise: exercises[p.exercise].clone(), path: p.path, display, backpack_values: false }
    });
    let jobs = options.jobs.unwrap_or(course.jobs);
    let pool_options = PoolOptions::new(jobs, !options.no_isolation);
    pool::grade_many(items, &pool_options, |i, outcome| record(owners[i], &outcome, None))?;
    if let Some(e) = failure {
        return Err(e);
    }
    progress.finish();

    // A resume that graded nothing leaves a finished file as it was.
    if graded > 0 || !previous_ends_with_summary {
        let summary = Summary {
            shard: options.shard.map(|s| s.to_string()),
            course: Some(course_identity),
            class: Some(class),
            duration_ms: started.elapsed().as_millis() as u64,
            ..tally.summary()
        };
        sink.write(&Line::Summary { summary: Box::new(summary) })?;
    }
    report.warn_about_roster(&tally);
    report.write(&tally, &course.title)?;
    if dest.format == Format::Human || dest.output.is_some() {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(class::render_text(&tally).as_bytes());
    }
    if grader_faults > 0 {
        // A class the grader could not grade is no graded class, whatever its summary shows.
        bail!(
            "the grader itself failed on {grader_faults} of {graded} submission(s), so the batch did not complete: {}",
            first_fault.unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn report_requested(options: &BatchOptions) -> bool {
    options.report.dir.is_some()
}

/// How records name a file: relative to the class folder (`ada/exercise-01.js`).
fn display(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// What was wrong with a file whose record has status `error`. A stop from outside says so
/// itself; otherwise the file is read again (errors are few) to tell a file that cannot be
/// JavaScript from one that does not load.
fn problem_of(outcome: &Outcome, path: &Path) -> Option<Problem> {
    if outcome.status != Status::Error {
        return None;
    }
    Some(match outcome.interrupted {
        Some(Interruption::Grader) => Problem::GraderFailed,
        Some(Interruption::Submission) => Problem::Stopped,
        None => match Submission::read(path) {
            Err(problem) => Problem::of_submission(&problem, path.is_dir()),
            Ok(_) => Problem::DoesNotLoad,
        },
    })
}

/// The class's identity, the same on every shard: its folder's name and a fingerprint of every
/// pair of the whole work list.
fn class_identity(dir: &Path, names: &[String], pairs: &[Pair], ids: &[String]) -> ClassIdentity {
    let folder = std::fs::canonicalize(dir)
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(|| dir.display().to_string(), |n| n.to_string_lossy().into_owned());
    let fingerprint = crate::class::fingerprint(
        pairs.iter().flat_map(|p| [names[p.student as usize].as_str(), ids[p.exercise].as_str()]),
    );
    ClassIdentity { folder, students: names.len(), pairs: pairs.len(), fingerprint }
}

/// Where results go as they arrive: appended to `--output` and flushed, or streamed to stdout
/// as JSON Lines with `--format json`.
struct ResultSink {
    file: Option<std::fs::File>,
    stdout_lines: bool,
}

impl ResultSink {
    fn open(dest: &Destination, resume: bool) -> anyhow::Result<ResultSink> {
        let file = match &dest.output {
            None => None,
            Some(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
                }
                let mut file = OpenOptions::new()
                    .create(true)
                    .append(resume)
                    .write(true)
                    .truncate(!resume)
                    .open(path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                if resume && !ends_with_newline(path) {
                    // The earlier run was cut off mid-line; start clean on the next one.
                    file.write_all(b"\n")?;
                }
                Some(file)
            }
        };
        Ok(ResultSink { file, stdout_lines: dest.output.is_none() && dest.format == Format::Json })
    }

    fn write(&mut self, line: &impl serde::Serialize) -> anyhow::Result<()> {
        let text = class_files::json_line(line)?;
        if let Some(file) = &mut self.file {
            file.write_all(text.as_bytes()).context("cannot write the results file")?;
            file.flush()?;
        }
        if self.stdout_lines {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            let _ = stdout.flush();
        }
        Ok(())
    }
}

fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else { return true };
    let Ok(len) = file.seek(SeekFrom::End(0)) else { return true };
    if len == 0 {
        return true;
    }
    let mut last = [0u8; 1];
    file.seek(SeekFrom::End(-1)).and_then(|_| file.read_exact(&mut last)).map_or(true, |()| last[0] == b'\n')
}

/// A progress bar on a terminal; a plain line every tenth of the way otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    done: std::cell::Cell<usize>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            let style =
                ProgressStyle::with_template("{bar:40} {pos}/{len} submissions · {per_sec} · {eta} left · {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress { bar, total, done: std::cell::Cell::new(0) }
    }

    fn tick(&self, student: &str, exercise: &str) {
        let done = self.done.get() + 1;
        self.done.set(done);
        match &self.bar {
            Some(bar) => {
                bar.set_message(format!("{}/{exercise}", class::inert(student, 40)));
                bar.inc(1);
            }
            None => {
                let step = (self.total / 10).max(1);
                if done.is_multiple_of(step) || done == self.total {
                    eprintln!("graded {done}/{} submissions", self.total);
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
