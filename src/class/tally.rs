//! The running tally of a class: each student's score per exercise and counters per check and
//! per known mistake, folded in one record at a time. The whole records are never kept, so a
//! batch's memory stays flat in the size of the class; every class report reads a [`Tally`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::layout::FileNote;
use super::record::{Problem, Record, Summary, VERSION};
use crate::grading::Status;

/// An exercise of the course, as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExerciseInfo {
    /// The exercise id.
    pub id: String,
    /// Points available.
    pub max_score: u32,
}

/// One student's result for one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    /// Points earned.
    pub score: u32,
    /// The verdict.
    pub status: Status,
}

/// One student's cells: only the exercises they handed in, so a class of thousands that hands in
/// one exercise of fourteen keeps one cell per student, not fourteen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row(Vec<(u32, Cell)>);

impl Row {
    fn set(&mut self, exercise: usize, cell: Cell) {
        let exercise = exercise as u32;
        match self.0.iter_mut().find(|(e, _)| *e == exercise) {
            Some(slot) => slot.1 = cell,
            None => {
                self.0.reserve_exact(1);
                self.0.push((exercise, cell));
            }
        }
    }

    fn cells(&self) -> impl Iterator<Item = Cell> + '_ {
        self.0.iter().map(|(_, c)| *c)
    }
}

/// A file handed in that could not be graded (status `error`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProblemEntry {
    /// The student.
    pub student: String,
    /// The exercise.
    pub exercise: String,
    /// What was wrong; None for a record written before problems were recorded.
    pub problem: Option<Problem>,
    /// The record's message.
    pub message: String,
}

/// Per exercise: (handed in, passing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    /// Records for the exercise.
    pub submitted: usize,
    /// Of which passing.
    pub passed: usize,
}

impl Rate {
    /// The pass rate in whole percent, rounded half up; None when nobody handed the exercise in.
    pub fn percent(self) -> Option<u32> {
        (self.submitted > 0).then(|| ((self.passed * 200 + self.submitted) / (self.submitted * 2)) as u32)
    }
}

/// The class's numbers, folded from records.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    exercises: Vec<ExerciseInfo>,
    index: HashMap<String, usize>,
    students: BTreeMap<String, Row>,
    failed_checks: HashMap<(usize, String), usize>,
    mistakes: HashMap<(usize, String), (usize, String)>,
    problems: Vec<ProblemEntry>,
    notes: BTreeSet<FileNote>,
    without_files: BTreeSet<String>,
}

/// Longest message kept per hand-in problem, in characters: reports show no more, and a
/// message a submission made huge must not grow the tally.
const MESSAGE_KEPT: usize = 400;

fn bounded(message: &str) -> String {
    match message.char_indices().nth(MESSAGE_KEPT) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message.to_string(),
    }
}

impl Tally {
    /// An empty tally for a course's exercises, in course order.
    pub fn new(exercises: Vec<ExerciseInfo>) -> Tally {
        let index = exercises.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        Tally { exercises, index, ..Tally::default() }
    }

    /// Folds in one record. A pair must be added once (callers keep the last record of a pair).
    pub fn add(&mut self, record: &Record) {
        let result = &record.result;
        let exercise = match self.index.get(&result.exercise) {
            Some(&i) => i,
            None => {
                // Not an exercise of this course (merge checks for that first): a column of its own.
                let i = self.exercises.len();
                self.exercises.push(ExerciseInfo { id: result.exercise.clone(), max_score: result.max_score });
                self.index.insert(result.exercise.clone(), i);
                i
            }
        };
        let cell = Cell { score: result.score, status: result.status };
        match self.students.get_mut(&record.student) {
            Some(row) => row.set(exercise, cell),
            None => {
                let mut row = Row::default();
                row.set(exercise, cell);
                self.students.insert(record.student.clone(), row);
            }
        }
        self.without_files.remove(&record.student);
        match result.status {
            Status::Error => self.problems.push(ProblemEntry {
                student: record.student.clone(),
                exercise: result.exercise.clone(),
                problem: record.problem,
                message: bounded(result.message.as_deref().unwrap_or_default()),
            }),
            Status::Fail => {
                for check in record.failing_checks() {
                    *self.failed_checks.entry((exercise, check.to_string())).or_default() += 1;
                }
            }
            Status::Pass => {}
        }
        if let Some(m) = &result.mistake {
            self.mistakes.entry((exercise, m.name.clone())).or_insert_with(|| (0, m.explain.clone())).0 += 1;
        }
    }

    /// Adds a student who handed nothing in (a gradebook row with no points).
    pub fn add_student_without_files(&mut self, student: &str) {
        if !self.students.contains_key(student) {
            self.students.insert(student.to_string(), Row::default());
            self.without_files.insert(student.to_string());
        }
    }

    /// Adds notes on the class folder's files.
    pub fn add_notes(&mut self, notes: impl IntoIterator<Item = FileNote>) {
        self.notes.extend(notes);
    }

    /// The course's exercises (and any others records named), in order.
    pub fn exercises(&self) -> &[ExerciseInfo] {
        &self.exercises
    }

    /// Points available to one student.
    pub fn max_score(&self) -> u32 {
        self.exercises.iter().map(|e| e.max_score).sum()
    }

    /// Every student and their cells, by name; a cell is None where nothing was handed in.
    pub fn students(&self) -> impl Iterator<Item = (&str, &Row)> {
        self.students.iter().map(|(name, row)| (name.as_str(), row))
    }

    /// One student's cell for exercise `index`.
    pub fn cell(row: &Row, index: usize) -> Option<Cell> {
        row.0.iter().find(|(e, _)| *e as usize == index).map(|(_, c)| *c)
    }

    /// A student's total score.
    pub fn total(row: &Row) -> u32 {
        row.cells().map(|c| c.score).sum()
    }

    /// Students in the class.
    pub fn student_count(&self) -> usize {
        self.students.len()
    }

    /// Graded records.
    pub fn results(&self) -> usize {
        self.students.values().map(|row| row.0.len()).sum()
    }

    /// Records that passed.
    pub fn passing(&self) -> usize {
        self.students.values().flat_map(Row::cells).filter(|c| c.status == Status::Pass).count()
    }

    /// Pass rate of each exercise, in order.
    pub fn rates(&self) -> Vec<(&ExerciseInfo, Rate)> {
        self.exercises
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut rate = Rate::default();
                for row in self.students.values() {
                    if let Some(cell) = Tally::cell(row, i) {
                        rate.submitted += 1;
                        rate.passed += usize::from(cell.status == Status::Pass);
                    }
                }
                (e, rate)
            })
            .collect()
    }

    /// The (exercise, check, students) most often failed, most first (error records not counted:
    /// their checks never ran).
    pub fn most_failed_checks(&self, n: usize) -> Vec<(&str, &str, usize)> {
        let mut list: Vec<(&str, &str, usize)> =
            self.failed_checks.iter().map(|((e, c), n)| (self.exercises[*e].id.as_str(), c.as_str(), *n)).collect();
        list.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
        list.truncate(n);
        list
    }

    /// The (exercise, mistake, explanation, students) most often recognised, most first.
    pub fn most_made_mistakes(&self, n: usize) -> Vec<(&str, &str, &str, usize)> {
        let mut list: Vec<(&str, &str, &str, usize)> = self
            .mistakes
            .iter()
            .map(|((e, m), (n, explain))| (self.exercises[*e].id.as_str(), m.as_str(), explain.as_str(), *n))
            .collect();
        list.sort_by(|a, b| b.3.cmp(&a.3).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
        list.truncate(n);
        list
    }

    /// Files handed in that could not be graded, by student then exercise.
    pub fn problems(&self) -> Vec<&ProblemEntry> {
        let mut list: Vec<&ProblemEntry> = self.problems.iter().collect();
        list.sort();
        list
    }

    /// How many of each problem, in [`Problem::ALL`] order (unknown last), leaving out zeros.
    pub fn problem_counts(&self) -> Vec<(Option<Problem>, usize)> {
        let count = |p: Option<Problem>| self.problems.iter().filter(|e| e.problem == p).count();
        Problem::ALL.iter().map(|p| Some(*p)).chain([None]).map(|p| (p, count(p))).filter(|(_, n)| *n > 0).collect()
    }

    /// Students who handed in no file at all.
    pub fn without_files(&self) -> impl Iterator<Item = &str> {
        self.without_files.iter().map(String::as_str)
    }

    /// Notes on the class folder's files, sorted by path.
    pub fn notes(&self) -> impl Iterator<Item = &FileNote> {
        self.notes.iter()
    }

    /// How many students' totals fall in each tenth of the maximum (the last holds 100%).
    pub fn histogram(&self) -> [usize; 10] {
        let max = u64::from(self.max_score());
        let mut buckets = [0usize; 10];
        for row in self.students.values() {
            let total = u64::from(Tally::total(row));
            let tenth = (total * 10).checked_div(max).unwrap_or(0).min(9);
            buckets[tenth as usize] += 1;
        }
        buckets
    }

    /// The summary line's numbers (the caller fills in shard, identities and timing).
    pub fn summary(&self) -> Summary {
        Summary {
            version: VERSION,
            students: self.student_count(),
            results: self.results(),
            passing: self.passing(),
            errors: self.problems.len(),
            max_score: self.max_score(),
            shard: None,
            without_files: self.without_files.iter().cloned().collect(),
            files: self.notes.iter().cloned().collect(),
            course: None,
            class: None,
            merged_from: None,
            duration_ms: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::CheckRecord;

    pub(crate) fn record(student: &str, exercise: &str, status: Status, score: u32, failing: &[&str]) -> Record {
        let mut record = Record::for_test(student, exercise, status, score);
        record.result.message = (status == Status::Error).then(|| "does not parse".to_string());
        record.result.checks = failing.iter().map(|name| CheckRecord::failed(name)).collect();
        record.problem = (status == Status::Error).then_some(Problem::DoesNotLoad);
        record
    }

    fn course() -> Vec<ExerciseInfo> {
        ["e1", "e2", "e3"].iter().map(|id| ExerciseInfo { id: id.to_string(), max_score: 2 }).collect()
    }

    #[test]
    fn rates_are_rounded_and_an_exercise_nobody_handed_in_has_none() {
        let mut tally = Tally::new(course());
        tally.add(&record("al", "e1", Status::Pass, 2, &[]));
        tally.add(&record("bo", "e1", Status::Pass, 2, &[]));
        tally.add(&record("cy", "e1", Status::Fail, 1, &["x"]));
        tally.add(&record("cy", "e2", Status::Error, 0, &[]));
        let rates: Vec<Option<u32>> = tally.rates().iter().map(|(_, r)| r.percent()).collect();
        assert_eq!(rates, [Some(67), Some(0), None], "2/3 is 67%, not 66%");
        assert_eq!(Rate { submitted: 8, passed: 1 }.percent(), Some(13), "12.5 rounds half up");
        assert_eq!((tally.results(), tally.passing(), tally.student_count()), (4, 2, 3));
        assert_eq!(tally.most_failed_checks(5), [("e1", "x", 1)]);
        assert_eq!(tally.problem_counts(), [(Some(Problem::DoesNotLoad), 1)]);
        let mut huge = record("dy", "e1", Status::Error, 0, &[]);
        huge.result.message = Some("x".repeat(1 << 20));
        tally.add(&huge);
        assert_eq!(tally.problems()[1].message.chars().count(), MESSAGE_KEPT + 1, "kept short, with a …");
    }

    impl Tally {
        /// Bytes of text the tally holds: names, exercise ids, check names, bounded messages.
        fn text_bytes(&self) -> usize {
            let names: usize = self.students.keys().map(String::len).sum();
            let checks: usize = self.failed_checks.keys().map(|(_, c)| c.len()).sum();
            let mistakes: usize = self.mistakes.iter().map(|((_, m), (_, e))| m.len() + e.len()).sum();
            let problems: usize =
                self.problems.iter().map(|p| p.student.len() + p.exercise.len() + p.message.len()).sum();
            names + checks + mistakes + problems
        }
    }

    #[test]
    fn the_tally_keeps_scores_and_counters_never_the_records() {
        // Every record carries 40 KB of output and messages; the tally keeps none of it.
        let mut tally = Tally::new(course());
        for i in 0..1000 {
            let status = [Status::Pass, Status::Fail][i % 2];
            let mut record = record(&format!("s{i:04}"), "e1", status, 1, &["x", "y"]);
            for check in &mut record.result.checks {
                check.stdout = Some("o".repeat(10_000));
                check.message = Some("m".repeat(10_000));
            }
            tally.add(&record);
        }
        assert_eq!(
            (tally.results(), tally.passing(), tally.most_failed_checks(1)),
            (1000, 500, vec![("e1", "x", 500)])
        );
        assert_eq!(tally.text_bytes(), 1000 * 5 + 2, "the names and the two check names");
        // A student's row holds only what they handed in: one cell of three here.
        let (_, row) = tally.students().next().unwrap();
        assert_eq!(row.0.len(), 1);
        assert_eq!(row.0.capacity(), 1);
    }

    #[test]
    fn students_without_files_keep_a_row_until_a_record_arrives() {
        let mut tally = Tally::new(course());
        tally.add_student_without_files("dee");
        tally.add_student_without_files("al");
        tally.add(&record("al", "e3", Status::Pass, 2, &[]));
        assert_eq!(tally.without_files().collect::<Vec<_>>(), ["dee"]);
        let totals: Vec<(&str, u32)> = tally.students().map(|(s, row)| (s, Tally::total(row))).collect();
        assert_eq!(totals, [("al", 2), ("dee", 0)]);
        assert_eq!(tally.histogram()[0], 1);
        assert_eq!(tally.histogram()[3], 1, "2 of 6 points is in the 30% bucket");
    }
}
