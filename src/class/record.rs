//! The lines of batch JSON Lines, typed: one [`Record`] per graded (student, exercise) pair (the
//! spec §6 object plus `student`), and a [`Summary`] line at the end of every run, the same
//! fields from `batch` and from `merge`.

use serde::{Deserialize, Serialize};

use super::layout::FileNote;
use crate::grading::{Outcome, Status};
use crate::results::SubmissionResult;

/// The version of the record and summary objects.
pub const VERSION: u32 = crate::results::VERSION;

/// One graded (student, exercise) pair: the spec §6 object plus `student` and, for a hand-in
/// problem, `problem`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The §6 object (its `submission` relative to the class folder: `ada/exercise-01.js`).
    #[serde(flatten)]
    pub result: SubmissionResult,
    /// What was wrong with the file handed in, for a record with status `error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
    /// The student's folder name.
    pub student: String,
}

fn version() -> u32 {
    VERSION
}

/// What was wrong with a file handed in, when its record has status `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    /// A symbolic link, refused rather than followed.
    Symlink,
    /// A folder where the file should be.
    Folder,
    /// A FIFO, device or socket.
    SpecialFile,
    /// Far larger than any solution.
    TooLarge,
    /// Not UTF-8 text.
    NotUtf8,
    /// A binary file.
    Binary,
    /// Nothing but white space.
    Empty,
    /// The file could not be read.
    Unreadable,
    /// Read fine but did not load: a syntax error, an error thrown while loading, a missing entry.
    DoesNotLoad,
    /// Grading was stopped from outside the engine (native code past its budget, a crash).
    Stopped,
    /// The grader failed (no worker could start or one died for a reason of its own).
    GraderFailed,
}

impl Problem {
    /// Every problem, in the order reports list them.
    pub const ALL: [Problem; 11] = [
        Problem::DoesNotLoad,
        Problem::Empty,
        Problem::Binary,
        Problem::NotUtf8,
        Problem::Folder,
        Problem::Symlink,
        Problem::SpecialFile,
        Problem::TooLarge,
        Problem::Unreadable,
        Problem::Stopped,
        Problem::GraderFailed,
    ];

    /// What reports call it.
    pub fn label(self) -> &'static str {
        match self {
            Problem::Symlink => "symbolic link",
            Problem::Folder => "folder, not a file",
            Problem::SpecialFile => "special file",
            Problem::TooLarge => "too large",
            Problem::NotUtf8 => "not UTF-8 text",
            Problem::Binary => "binary file",
            Problem::Empty => "empty file",
            Problem::Unreadable => "unreadable",
            Problem::DoesNotLoad => "does not load (syntax error, error while loading, missing entry)",
            Problem::Stopped => "stopped (native code or crash)",
            Problem::GraderFailed => "grader failed",
        }
    }

    /// The problem a submission reader found; `is_folder` tells a folder from a special file
    /// where the reader found something that is not a file.
    pub fn of_submission(problem: &crate::grading::SubmissionProblem, is_folder: bool) -> Problem {
        use crate::grading::SubmissionProblem as P;
        match problem {
            P::Missing(_) | P::Unreadable(..) => Problem::Unreadable,
            P::NotAFile(..) if is_folder => Problem::Folder,
            P::NotAFile(..) => Problem::SpecialFile,
            P::TooLarge(..) => Problem::TooLarge,
            P::NotUtf8 { .. } => Problem::NotUtf8,
            P::Binary(_) => Problem::Binary,
            P::Empty(_) => Problem::Empty,
        }
    }
}

impl Record {
    /// The record of `outcome`, graded for `student`.
    pub fn from_outcome(student: &str, outcome: &Outcome, problem: Option<Problem>) -> Record {
        Record {
            result: SubmissionResult::from_outcome(outcome),
            problem: problem.filter(|_| outcome.status == Status::Error),
            student: student.to_string(),
        }
    }

    /// The key that identifies the pair, for resuming and merging.
    pub fn key(&self) -> (String, String) {
        (self.student.clone(), self.result.exercise.clone())
    }

    /// The names of the checks that did not pass, in order.
    pub fn failing_checks(&self) -> impl Iterator<Item = &str> {
        self.result.failing_checks()
    }
}

/// The course a batch graded against: its title and a fingerprint of its exercises, their points
/// and their checks, so that `merge` can refuse to mix two courses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseIdentity {
    /// The course title.
    pub title: String,
    /// [`super::fingerprint`] of every exercise id, max score and check name.
    pub fingerprint: String,
    /// The exercises, in course order, so that a merge outside the course has every column.
    #[serde(default)]
    pub exercises: Vec<super::ExerciseInfo>,
}

/// The class a batch graded: its folder's name and a fingerprint of its whole work list (before
/// sharding), the same on every shard of one class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassIdentity {
    /// The class folder's name as given (its last component).
    pub folder: String,
    /// Students in the class folder.
    pub students: usize,
    /// (student, exercise) pairs to grade in the whole class.
    pub pairs: usize,
    /// [`super::fingerprint`] of every pair.
    pub fingerprint: String,
}

/// The summary line that ends a batch's or a merge's JSON Lines: `{"summary": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Always [`VERSION`].
    #[serde(default = "version")]
    pub version: u32,
    /// Students in the class (with or without files).
    #[serde(default)]
    pub students: usize,
    /// Records (graded pairs) in the results.
    #[serde(default)]
    pub results: usize,
    /// Records with status `pass`.
    #[serde(default)]
    pub passing: usize,
    /// Records with status `error` (a hand-in problem or a grader failure).
    #[serde(default)]
    pub errors: usize,
    /// Points available to one student.
    #[serde(default)]
    pub max_score: u32,
    /// `K/N` for one shard of a batch; null for a whole class or a merge.
    #[serde(default)]
    pub shard: Option<String>,
    /// Students who handed in no file to grade (they keep a gradebook row).
    #[serde(default)]
    pub without_files: Vec<String>,
    /// Files in the class folder that were not graded, or graded under another name.
    #[serde(default)]
    pub files: Vec<FileNote>,
    /// The course graded against.
    #[serde(default)]
    pub course: Option<CourseIdentity>,
    /// The class graded.
    #[serde(default)]
    pub class: Option<ClassIdentity>,
    /// For a merge: how many files were merged; null for a batch.
    #[serde(default)]
    pub merged_from: Option<usize>,
    /// Wall time of the run.
    #[serde(default)]
    pub duration_ms: u64,
}

/// One line of batch JSON Lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Line {
    /// `{"summary": {...}}`.
    Summary {
        /// The summary.
        summary: Box<Summary>,
    },
    /// A graded pair.
    Record(Box<Record>),
}

impl Line {
    /// Parses one line; None for a line that is neither (cut short by a kill, or not ours).
    pub fn parse(text: &str) -> Option<Line> {
        serde_json::from_str(text).ok()
    }
}

/// Identifies a record without reading all of it (the first pass of a merge or a resume).
#[derive(Debug, Deserialize)]
pub struct RecordKey {
    /// The student.
    pub student: String,
    /// The exercise.
    pub exercise: String,
    /// Only a record has a status; a summary line has none.
    #[serde(rename = "status")]
    _status: Status,
}

#[cfg(test)]
impl Record {
    /// A record of `student`'s file for `exercise` with no checks, out of 2 points, for tests.
    pub fn for_test(student: &str, exercise: &str, status: Status, score: u32) -> Record {
        Record {
            result: SubmissionResult {
                version: VERSION,
                exercise: exercise.into(),
                submission: Some(format!("{student}/{exercise}.js")),
                status,
                score,
                max_score: 2,
                message: None,
                missing: false,
                checks: Vec::new(),
                duration_ms: Some(0.0),
                location: None,
                mistake: None,
                interrupted: None,
            },
            problem: None,
            student: student.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_as_records_or_summaries_and_anything_else_is_none() {
        let record = r#"{"student":"al","exercise":"e1","status":"fail","score":0,"max_score":1,"checks":[{"name":"a","status":"fail"}]}"#;
        let Some(Line::Record(r)) = Line::parse(record) else { panic!("a record") };
        assert_eq!((r.result.status, r.failing_checks().collect::<Vec<_>>()), (Status::Fail, vec!["a"]));
        assert!(matches!(Line::parse(r#"{"summary":{"results":3}}"#), Some(Line::Summary { .. })));
        assert_eq!(Line::parse(r#"{"student":"al","exer"#), None);
        assert_eq!(Line::parse(r#"{"student":"al","exercise":"e1","status":"missing","score":0,"max_score":1}"#), None);
    }

    #[test]
    fn a_record_serialises_with_the_spec_fields_and_reads_back_equal() {
        let mut record = Record::for_test("al", "e1", Status::Error, 0);
        record.result.message = Some("al/e1.js is a binary file".into());
        record.result.duration_ms = Some(0.5);
        record.problem = Some(Problem::Binary);
        let text = serde_json::to_string(&record).unwrap();
        assert!(text.starts_with(r#"{"version":1,"exercise":"e1","submission":"al/e1.js","status":"error""#), "{text}");
        assert!(text.contains(r#""problem":"binary""#), "{text}");
        assert_eq!(Line::parse(&text), Some(Line::Record(Box::new(record))));
    }
}
