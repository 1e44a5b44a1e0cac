//! What `batch` and `merge` share: the class formats they accept, the report folder
//! (`gradebook.csv`, `report.md`, `report.html`) and its options, the course's identity, and
//! reading batch JSON Lines files in two passes (first which line holds the last record of each
//! pair, then those records), so that only keys, never whole records, are kept in memory.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::Destination;
use crate::class::record::RecordKey;
use crate::class::{CourseIdentity, ExerciseInfo, Line, Record, Roster, Summary, Tally};
use crate::exercise::Exercise;
use crate::report::gradebook::{GradebookFormat, gradebook_csv};
use crate::report::{Format, class, html};

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

/// `--report DIR`, `--roster FILE` and `--gradebook-format`.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Where to write the report files.
    pub dir: Option<PathBuf>,
    /// Who each folder belongs to.
    pub roster: Option<PathBuf>,
    /// The gradebook's columns.
    pub gradebook: GradebookFormat,
}

/// The report options, checked before any grading: the roster read, the folder created.
pub struct ReportPlan {
    dir: Option<PathBuf>,
    roster: Option<Roster>,
    gradebook: GradebookFormat,
}

impl ReportOptions {
    /// Checks the options and prepares the report folder, so that a mistake stops the command
    /// before it grades anything.
    pub fn prepare(&self) -> anyhow::Result<ReportPlan> {
        let Some(dir) = &self.dir else {
            if self.roster.is_some() || self.gradebook != GradebookFormat::Plain {
                bail!("--roster and --gradebook-format shape the gradebook of --report DIR; add --report");
            }
            return Ok(ReportPlan { dir: None, roster: None, gradebook: self.gradebook });
        };
        let roster = self.roster.as_deref().map(Roster::read).transpose()?;
        if self.gradebook.needs_roster() && roster.is_none() {
            let name = clap::ValueEnum::to_possible_value(&self.gradebook)
                .map_or_else(String::new, |v| v.get_name().to_string());
            bail!(
                "--gradebook-format {name} needs --roster FILE: the LMS matches rows by its students' ids and \
                 emails, which the class folder does not know (a CSV with columns folder,id,name,email)"
            );
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the report folder {}", dir.display()))?;
        Ok(ReportPlan { dir: Some(dir.clone()), roster, gradebook: self.gradebook })
    }
}

impl ReportPlan {
    /// Warns about students not in the roster and roster rows with no folder in the class.
    pub fn warn_about_roster(&self, tally: &Tally) {
        let Some(roster) = &self.roster else { return };
        let unknown: Vec<String> =
            tally.students().filter(|(s, _)| roster.get(s).is_none()).map(|(s, _)| class::inert(s, 80)).collect();
        if !unknown.is_empty() {
            eprintln!(
                "warning: {} student folder(s) not in the roster, so their gradebook rows have no id: {}",
                unknown.len(),
                unknown.join(", ")
            );
        }
        let students: std::collections::HashSet<&str> = tally.students().map(|(s, _)| s).collect();
        let absent: Vec<String> = roster
            .entries()
            .filter(|e| !students.contains(e.folder.as_str()))
            .map(|e| format!("{} ({})", class::inert(&e.folder, 80), class::inert(&e.name, 80)))
            .collect();
        if !absent.is_empty() {
            eprintln!(
                "warning: {} roster row(s) have no folder in the class, so they get no gradebook row: {}",
                absent.len(),
                absent.join(", ")
            );
        }
    }

    /// Writes `gradebook.csv`, `report.md` and `report.html` into the report folder, if any.
    pub fn write(&self, tally: &Tally, title: &str) -> anyhow::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let roster = self.roster.as_ref();
        super::write_atomically(&dir.join("gradebook.csv"), gradebook_csv(tally, self.gradebook, roster).as_bytes())?;
        super::write_atomically(&dir.join("report.md"), class::report_markdown(tally, title).as_bytes())?;
        super::write_atomically(&dir.join("report.html"), html::report_html(tally, title, roster).as_bytes())?;
        Ok(())
    }
}

/// The exercises as the tally knows them.
pub fn exercise_infos(exercises: &[&Exercise]) -> Vec<ExerciseInfo> {
    exercises.iter().map(|e| ExerciseInfo { id: e.id.clone(), max_score: e.max_score() }).collect()
}

/// The course's identity: its title and a fingerprint of its exercises, points and checks.
pub fn course_identity(title: &str, exercises: &[&Exercise]) -> CourseIdentity {
    let points: Vec<String> = exercises.iter().map(|e| e.max_score().to_string()).collect();
    let mut parts: Vec<&str> = Vec::new();
    for (e, points) in exercises.iter().zip(&points) {
        parts.push(&e.id);
        parts.push(points);
        parts.extend(e.checks.iter().map(|c| c.name.as_str()));
    }
    CourseIdentity {
        title: title.to_string(),
        fingerprint: crate::class::fingerprint(parts),
        exercises: exercise_infos(exercises),
    }
}

/// One JSON line (with its newline), safe to print in a CI log: `##[`, a GitHub Actions workflow
/// command anywhere in a line, is written `##\u005b`, which every JSON reader reads back as `##[`.
pub fn json_line(value: &impl serde::Serialize) -> anyhow::Result<String> {
    let text = serde_json::to_string(value).context("cannot write a result as JSON")?;
    Ok(log_safe(&text))
}

/// A JSON line already written, made safe for a CI log like [`json_line`].
pub fn log_safe(line: &str) -> String {
    format!("{}\n", line.replace("##[", "##\\u005b"))
}

/// Where the last record of a pair is: (file, line).
type Place = (usize, usize);

/// Batch JSON Lines files, indexed: which line holds the last record of every pair, and every
/// summary line.
pub struct ResultsFiles {
    paths: Vec<PathBuf>,
    last: HashMap<(String, String), Place>,
    /// (file, summary) for every summary line, in order.
    pub summaries: Vec<(usize, Summary)>,
    /// Lines that were neither a record nor a summary, per file.
    pub bad_lines: Vec<usize>,
    /// Records per file.
    pub records: Vec<usize>,
    /// Whether the last line of the last file is a summary.
    pub ends_with_summary: bool,
}

impl ResultsFiles {
    /// Reads the files once, keeping keys only.
    pub fn index(paths: &[PathBuf]) -> anyhow::Result<ResultsFiles> {
        let mut files = ResultsFiles {
            paths: paths.to_vec(),
            last: HashMap::new(),
            summaries: Vec::new(),
            bad_lines: vec![0; paths.len()],
            records: vec![0; paths.len()],
            ends_with_summary: false,
        };
        for (file, path) in paths.iter().enumerate() {
            let mut last_was_summary = false;
            for_each_line(path, |number, line| {
                last_was_summary = false;
                if let Ok(key) = serde_json::from_str::<RecordKey>(line) {
                    files.records[file] += 1;
                    files.last.insert((key.student, key.exercise), (file, number));
                } else if let Some(Line::Summary { summary }) = Line::parse(line) {
                    files.summaries.push((file, *summary));
                    last_was_summary = true;
                } else {
                    // A line cut short by an interrupted run: that pair is simply graded again.
                    files.bad_lines[file] += 1;
                }
            })?;
            files.ends_with_summary = last_was_summary;
        }
        Ok(files)
    }

    /// Results of two courses (or of another course than this one) cannot share a gradebook.
    pub fn check_course(&self, this: Option<&CourseIdentity>) -> anyhow::Result<()> {
        let mut first: Option<(usize, &CourseIdentity)> = None;
        for (file, summary) in &self.summaries {
            let Some(course) = &summary.course else { continue };
            if let Some(this) = this
                && course.fingerprint != this.fingerprint
            {
                bail!(
                    "{} was graded against another course (\"{}\", exercises {}) than this one (\"{}\", exercises {}): \
                     its results cannot share this gradebook; merge it in that course's folder (-C DIR), or grade it again",
                    self.path(*file).display(),
                    class::inert(&course.title, 100),
                    course.fingerprint,
                    class::inert(&this.title, 100),
                    this.fingerprint
                );
            }
            match first {
                Some((other, seen)) if seen.fingerprint != course.fingerprint => bail!(
                    "{} and {} were graded against different courses (\"{}\" and \"{}\"): their results cannot share a gradebook",
                    self.path(other).display(),
                    self.path(*file).display(),
                    class::inert(&seen.title, 100),
                    class::inert(&course.title, 100)
                ),
                Some(_) => {}
                None => first = Some((*file, course)),
            }
        }
        Ok(())
    }

    /// Whether a record of the pair is in the files.
    pub fn contains(&self, student: &str, exercise: &str) -> bool {
        self.last.contains_key(&(student.to_string(), exercise.to_string()))
    }

    /// The file's path.
    pub fn path(&self, file: usize) -> &Path {
        &self.paths[file]
    }

    /// Calls `f(record, line)` for the last record of every pair, in file order.
    pub fn for_each_record(&self, mut f: impl FnMut(&Record, &str) -> anyhow::Result<()>) -> anyhow::Result<()> {
        let mut failure = None;
        for (file, path) in self.paths.iter().enumerate() {
            for_each_line(path, |number, line| {
                if failure.is_some() {
                    return;
                }
                let Some(Line::Record(record)) = Line::parse(line) else { return };
                if self.last.get(&(record.student.clone(), record.result.exercise.clone())) == Some(&(file, number))
                    && let Err(e) = f(&record, line)
                {
                    failure = Some(e);
                }
            })?;
        }
        failure.map_or(Ok(()), Err)
    }
}

/// Calls `f(number, line)` for every non-blank line of a file, trimmed; a line that is not UTF-8
/// is passed as an empty string (it is no record).
fn for_each_line(path: &Path, mut f: impl FnMut(usize, &str)) -> anyhow::Result<()> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut reader = std::io::BufReader::new(file);
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        let read = reader.read_until(b'\n', &mut buffer).with_context(|| format!("cannot read {}", path.display()))?;
        if read == 0 {
            return Ok(());
        }
        number += 1;
        let line = std::str::from_utf8(&buffer).unwrap_or("\u{0}").trim();
        if !line.is_empty() {
            f(number, line);
        }
    }
}

/// Prints notes on the class folder's files to stderr, a few of them with a count of the rest.
pub fn warn_about_files(tally: &Tally, reported: bool) {
    const SHOWN: usize = 20;
    let notes: Vec<_> = tally.notes().collect();
    for note in notes.iter().take(SHOWN) {
        let level = if note.graded() { "note" } else { "warning" };
        eprintln!("{level}: {}", class::inert(&note.describe(), 400));
    }
    if notes.len() > SHOWN {
        let where_ = if reported { "report.md lists them all" } else { "the summary line of --output lists them all" };
        eprintln!("warning: … and {} more files not graded as they stand ({where_})", notes.len() - SHOWN);
    }
}
