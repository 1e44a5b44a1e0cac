//! `grade batch <DIR>`: a whole class. DIR holds one folder per student with `<id>.js` files;
//! every (student, exercise) pair is graded through the worker pool, each result is appended to
//! `--output` as a JSON line the moment it arrives, and a class summary ends the run.

use std::collections::BTreeMap;
use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use super::Destination;
use super::all::prepare_course;
use crate::exercise::Course;
use crate::grading::{self, PreparedExercise};
use crate::pool::{self, PoolOptions, WorkItem};
use crate::report::class::{ClassRecord, ClassSummary, read_records};
use crate::report::{Format, json};

/// `--shard K/N`: the K-th of N equal slices of the sorted work list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, from 1.
    pub index: usize,
    /// How many slices.
    pub count: usize,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (k, n) = s.split_once('/').ok_or("a shard is written K/N, e.g. 2/5")?;
        let index: usize = k.trim().parse().map_err(|_| format!("`{k}` is not a shard number"))?;
        let count: usize = n.trim().parse().map_err(|_| format!("`{n}` is not a shard count"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!(
                "shard {index}/{count} does not exist: use 1/{count} to {count}/{count}",
                count = count.max(1)
            ));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// The range of a list of `len` items that this shard grades.
    pub fn range(self, len: usize) -> std::ops::Range<usize> {
        (len * (self.index - 1) / self.count)..(len * self.index / self.count)
    }
}

/// What `batch` was asked to do.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The class folder.
    pub dir: PathBuf,
    /// Skip pairs already in the output.
    pub resume: bool,
    /// Where to write gradebook.csv and report.md.
    pub report: Option<PathBuf>,
    /// Grade one slice only.
    pub shard: Option<Shard>,
    /// Workers, from `--jobs` (None: grader.toml's `batch.jobs`; 0: one per core).
    pub jobs: Option<usize>,
    /// Grade on threads in this process instead of worker processes.
    pub no_isolation: bool,
}

/// One (student, exercise) pair on the work list.
struct Pair {
    student: String,
    exercise: usize,
    path: PathBuf,
}

/// The students of the class folder: its folders, sorted, but for hidden ones (`.git`). Files at
/// its top are not students and are passed over; a folder that cannot be graded is named in a
/// warning on stderr (see [`student_name`]) and the batch goes on without it.
fn students(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut students = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read the class folder {}", dir.display()))? {
        match entry {
            Ok(entry) => match student_name(&entry) {
                Ok(Some(name)) => students.push(name),
                Ok(None) => {}
                Err(why) => eprintln!("warning: {}: {why}; not graded", entry.path().display()),
            },
            Err(e) => eprintln!("warning: {}: cannot read an entry: {e}; it is not graded", dir.display()),
        }
    }
    students.sort();
    Ok(students)
}

/// The student whose folder `entry` is; None for what is no student (a file, a hidden folder);
/// Err(why) for a folder that cannot be graded.
fn student_name(entry: &std::fs::DirEntry) -> Result<Option<String>, String> {
    let name = entry.file_name();
    if name.as_encoded_bytes().starts_with(b".") {
        return Ok(None);
    }
    let file_type = entry.file_type().map_err(|e| format!("cannot tell what it is: {e}"))?;
    if file_type.is_symlink() {
        // A link to a folder would grade whatever it points at (another student's work, say)
        // under this name; a link to anything else is no student, like a file.
        return match std::fs::metadata(entry.path()) {
            Ok(meta) if meta.is_dir() => {
                Err("a symbolic link to a folder, not a student's own folder; copy the folder in instead".into())
            }
            _ => Ok(None),
        };
    }
    if !file_type.is_dir() {
        return Ok(None);
    }
    match name.into_string() {
        Ok(name) => Ok(Some(name)),
        // Names are written to JSON and CSV, where a lossy copy could even clash with another's.
        Err(_) => Err("the folder name is not UTF-8 text; rename it".into()),
    }
}

/// The pairs to grade, sorted by student then exercise, and the students with no file to grade
/// (they still get a row in the gradebook).
fn work_list(dir: &Path, prepared: &[Arc<PreparedExercise>]) -> anyhow::Result<(Vec<Pair>, Vec<String>)> {
    let students = students(dir)?;
    let mut pairs = Vec::new();
    let mut without_files = Vec::new();
    for student in students {
        let before = pairs.len();
        for (index, p) in prepared.iter().enumerate() {
            let path = dir.join(&student).join(format!("{}.js", p.exercise.id));
            if std::fs::symlink_metadata(&path).is_ok() {
                pairs.push(Pair { student: student.clone(), exercise: index, path });
            }
        }
        if pairs.len() == before {
            without_files.push(student);
        }
    }
    Ok((pairs, without_files))
}

/// Class results are JSON Lines (`--format json`) and a human summary; the per-submission CI
/// formats have no class form, and would otherwise print nothing.
pub fn check_class_format(command: &str, dest: &Destination) -> anyhow::Result<()> {
    if matches!(dest.format, Format::Human | Format::Json) {
        return Ok(());
    }
    let name = clap::ValueEnum::to_possible_value(&dest.format).map_or_else(String::new, |v| v.get_name().to_string());
    bail!(
        "`grade {command}` writes JSON Lines (--format json) or a human summary, not --format {name}; \
         `grade <exercise> --format {name}` or `grade all --format {name}` report one student"
    )
}

/// Runs the batch and prints the class summary.
pub fn run(course: &Course, options: &BatchOptions, dest: &Destination) -> anyhow::Result<ExitCode> {
    check_class_format("batch", dest)?;
    let prepared = prepare_course(course)?;
    let (mut pairs, without_files) = work_list(&options.dir, &prepared)?;
    if let Some(shard) = options.shard {
        let range = shard.range(pairs.len());
        pairs = pairs.drain(range).collect();
    }
    let mut records: BTreeMap<(String, String), ClassRecord> = BTreeMap::new();
    if options.resume {
        let Some(output) = &dest.output else {
            bail!("--resume needs --output FILE: the results of the earlier run are read from it");
        };
        // No file yet: the first run of a job that always resumes grades everything.
        if output.exists() {
            let text = std::fs::read_to_string(output).with_context(|| format!("cannot read {}", output.display()))?;
            read_records(&text, &mut records, false);
        }
    }
    let ids: Vec<(String, u64)> =
        prepared.iter().map(|p| (p.exercise.id.clone(), u64::from(p.exercise.max_score()))).collect();
    pairs.retain(|p| !records.contains_key(&(p.student.clone(), ids[p.exercise].0.clone())));

    let mut sink = ResultSink::open(dest, options.resume)?;
    let progress = Progress::new(pairs.len());
    let (items, owners): (Vec<WorkItem>, Vec<(String, usize)>) = pairs
        .iter()
        .map(|p| {
            let item = WorkItem {
                exercise: prepared[p.exercise].clone(),
                path: p.path.clone(),
                display: format!("{}/{}.js", p.student, prepared[p.exercise].exercise.id),
            };
            (item, (p.student.clone(), p.exercise))
        })
        .unzip();
    let symlinks: Vec<bool> =
        pairs.iter().map(|p| std::fs::symlink_metadata(&p.path).is_ok_and(|m| m.is_symlink())).collect();
    let (linked, items): (Vec<_>, Vec<_>) = items.into_iter().enumerate().partition(|(i, _)| symlinks[*i]);
    for (index, item) in linked {
        let message = "the submission is a symbolic link; submit the file itself".to_string();
        let outcome = grading::not_graded(&item.exercise.exercise, &item.display, message);
        sink.record(&owners[index].0, &outcome, &mut records)?;
        progress.tick(&owners[index].0, &outcome.exercise);
    }
    let (indices, items): (Vec<usize>, Vec<WorkItem>) = items.into_iter().unzip();
    let jobs = options.jobs.unwrap_or(course.jobs);
    let pool_options = PoolOptions::new(jobs, !options.no_isolation);
    let mut failure: Option<anyhow::Error> = None;
    let (mut graded, mut grader_faults, mut first_fault) = (0usize, 0usize, None);
    pool::grade_many(items, &pool_options, |i, outcome| {
        let (student, _) = &owners[indices[i]];
        graded += 1;
        if outcome.interrupted == Some(grading::Interruption::Grader) {
            grader_faults += 1;
            first_fault.get_or_insert_with(|| outcome.message.clone().unwrap_or_default());
        }
        if let Err(e) = sink.record(student, &outcome, &mut records) {
            failure.get_or_insert(e);
        }
        progress.tick(student, &outcome.exercise);
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    progress.finish();

    let summary = ClassSummary::new(records.values(), ids).with_students(without_files.iter().map(String::as_str));
    sink.finish(&summary, options.shard, &without_files)?;
    if let Some(dir) = &options.report {
        write_reports(dir, &summary, &course.title)?;
    }
    if dest.format == Format::Human || dest.output.is_some() {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(summary.render_text().as_bytes());
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

/// Writes `gradebook.csv` and `report.md` into `dir`.
pub fn write_reports(dir: &Path, summary: &ClassSummary<'_>, title: &str) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    super::write_atomically(&dir.join("gradebook.csv"), summary.gradebook_csv().as_bytes())?;
    super::write_atomically(&dir.join("report.md"), summary.report_markdown(title).as_bytes())?;
    Ok(())
}

/// Where results go as they arrive: appended to `--output` and flushed, or streamed to stdout
/// as JSON Lines with `--format json`.
struct ResultSink {
    file: Option<std::fs::File>,
    stdout_lines: bool,
    started: Instant,
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
        Ok(ResultSink {
            file,
            stdout_lines: dest.output.is_none() && dest.format == Format::Json,
            started: Instant::now(),
        })
    }

    fn record(
        &mut self,
        student: &str,
        outcome: &grading::Outcome,
        records: &mut BTreeMap<(String, String), ClassRecord>,
    ) -> anyhow::Result<()> {
        let mut value = json::outcome_json(outcome);
        value["student"] = serde_json::Value::String(student.to_string());
        let line = format!("{value}\n");
        self.write_line(&line)?;
        if let Some(record) = ClassRecord::from_json(&value) {
            records.insert(record.key(), record);
        }
        Ok(())
    }

    fn write_line(&mut self, line: &str) -> anyhow::Result<()> {
        if let Some(file) = &mut self.file {
            file.write_all(line.as_bytes()).context("cannot write the results file")?;
            file.flush()?;
        }
        if self.stdout_lines {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(line.as_bytes());
            let _ = stdout.flush();
        }
        Ok(())
    }

    fn finish(
        &mut self,
        summary: &ClassSummary<'_>,
        shard: Option<Shard>,
        without_files: &[String],
    ) -> anyhow::Result<()> {
        let (totals, max) = summary.totals();
        let rates = summary.pass_rates();
        let line = serde_json::json!({
            "summary": {
                "version": 1,
                "students": totals.len(),
                "results": rates.iter().map(|r| r.1).sum::<usize>(),
                "passing": rates.iter().map(|r| r.2).sum::<usize>(),
                "max_score": max,
                "shard": shard.map(|s| format!("{}/{}", s.index, s.count)),
                // Read back by `grade merge`, so these students keep their row in its gradebook.
                "without_files": without_files,
                "duration_ms": self.started.elapsed().as_millis() as u64,
            }
        });
        self.write_line(&format!("{line}\n"))
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
                bar.set_message(format!("{student}/{exercise}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_list_into_equal_slices_that_cover_it() {
        let shards: Vec<Shard> = ["1/3", "2/3", "3/3"].iter().map(|s| s.parse().unwrap()).collect();
        let ranges: Vec<_> = shards.iter().map(|s| s.range(10)).collect();
        assert_eq!(ranges, [0..3, 3..6, 6..10]);
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }
}
