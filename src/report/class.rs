//! Class-level reports for instructors: records read back from batch JSON Lines, the terminal
//! summary, `gradebook.csv` and `report.md`.
//!
//! Everything here starts from the JSON Lines a batch writes, so a resumed batch and a merge of
//! shards produce exactly the report a single run would.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::Value;

/// One graded (student, exercise) pair, as read back from a JSON line.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassRecord {
    /// The student's folder name.
    pub student: String,
    /// The exercise id.
    pub exercise: String,
    /// `pass`, `fail` or `error`.
    pub status: String,
    /// Points earned.
    pub score: u64,
    /// Points available.
    pub max_score: u64,
    /// Names of the checks that did not pass.
    pub failing: Vec<String>,
    /// The known mistake recognised, if any.
    pub mistake: Option<String>,
    /// The JSON line it was read from, kept only when asked (for writing merged results out).
    pub line: String,
}

impl ClassRecord {
    /// Reads a record from one JSON line; None for the summary line or anything else.
    pub fn from_json(value: &Value) -> Option<ClassRecord> {
        let text = |key: &str| value.get(key)?.as_str().map(str::to_string);
        let failing = value
            .get("checks")?
            .as_array()?
            .iter()
            .filter(|c| c.get("status").and_then(Value::as_str) != Some("pass"))
            .filter_map(|c| c.get("name")?.as_str().map(str::to_string))
            .collect();
        Some(ClassRecord {
            student: text("student")?,
            exercise: text("exercise")?,
            status: text("status")?,
            score: value.get("score")?.as_u64()?,
            max_score: value.get("max_score")?.as_u64()?,
            failing,
            mistake: value.get("mistake").and_then(|m| m.get("name")).and_then(Value::as_str).map(str::to_string),
            line: String::new(),
        })
    }

    /// The key that identifies the pair, for resuming and merging.
    pub fn key(&self) -> (String, String) {
        (self.student.clone(), self.exercise.clone())
    }
}

/// Reads JSON Lines text into records (the last record of a pair wins); bad lines are counted.
/// With `keep_lines`, each record keeps its line (a merge writes them back out); a batch does not,
/// so that its memory stays small for a large class.
pub fn read_records(text: &str, records: &mut BTreeMap<(String, String), ClassRecord>, keep_lines: bool) -> usize {
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Value>(line) {
            Ok(value) if value.get("summary").is_some() => {}
            Ok(value) => match ClassRecord::from_json(&value) {
                Some(mut record) => {
                    if keep_lines {
                        record.line = line.trim().to_string();
                    }
                    records.insert(record.key(), record);
                }
                None => bad += 1,
            },
            // A line cut short by an interrupted run: that pair is simply graded again.
            Err(_) => bad += 1,
        }
    }
    bad
}

/// The students a batch found with no file to grade, from the `without_files` list of the
/// summary lines in JSON Lines text.
pub fn read_students_without_files(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| l.trim_start().starts_with("{\"summary\""))
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["summary"]["without_files"].as_array().cloned())
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

/// The class's numbers, computed once for every report form.
pub struct ClassSummary<'a> {
    records: Vec<&'a ClassRecord>,
    exercises: Vec<(String, u64)>,
    /// Each student's records, by student name: built once, so every report is linear in size.
    by_student: BTreeMap<&'a str, Vec<&'a ClassRecord>>,
}

impl<'a> ClassSummary<'a> {
    /// Summarises records against the course's exercises (id and max score, in order).
    pub fn new(records: impl IntoIterator<Item = &'a ClassRecord>, exercises: Vec<(String, u64)>) -> Self {
        let records: Vec<&ClassRecord> = records.into_iter().collect();
        let mut by_student: BTreeMap<&str, Vec<&ClassRecord>> = BTreeMap::new();
        for r in &records {
            by_student.entry(r.student.as_str()).or_default().push(r);
        }
        ClassSummary { records, exercises, by_student }
    }

    /// Adds students who handed nothing in, so every report still lists them (no points).
    pub fn with_students(mut self, students: impl IntoIterator<Item = &'a str>) -> Self {
        for student in students {
            self.by_student.entry(student).or_default();
        }
        self
    }

    fn record(&self, student: &str, exercise: &str) -> Option<&ClassRecord> {
        self.by_student.get(student)?.iter().copied().find(|r| r.exercise == exercise)
    }

    /// (exercise, submitted, passed) for each exercise.
    pub fn pass_rates(&self) -> Vec<(String, usize, usize)> {
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for r in &self.records {
            let entry = counts.entry(r.exercise.as_str()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(r.status == "pass");
        }
        self.exercises
            .iter()
            .map(|(id, _)| {
                let (submitted, passed) = counts.get(id.as_str()).copied().unwrap_or_default();
                (id.clone(), submitted, passed)
            })
            .collect()
    }

    /// The (exercise › check, count) pairs most often failed, most first.
    pub fn most_failed_checks(&self, n: usize) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for r in &self.records {
            if r.status == "error" {
                continue;
            }
            for check in &r.failing {
                *counts.entry(format!("{} › {check}", r.exercise)).or_default() += 1;
            }
        }
        top(counts, n)
    }

    /// The (exercise › mistake, count) pairs most often recognised, most first.
    pub fn most_matched_mistakes(&self, n: usize) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for r in &self.records {
            if let Some(m) = &r.mistake {
                *counts.entry(format!("{} › {m}", r.exercise)).or_default() += 1;
            }
        }
        top(counts, n)
    }

    /// Each student's total score and the course's maximum.
    pub fn totals(&self) -> (Vec<(String, u64)>, u64) {
        let max: u64 = self.exercises.iter().map(|(_, m)| m).sum();
        let totals = self
            .by_student
            .iter()
            .map(|(student, records)| (student.to_string(), records.iter().map(|r| r.score).sum()))
            .collect();
        (totals, max)
    }

    /// A text histogram of total scores in ten buckets.
    pub fn histogram(&self) -> String {
        let (totals, max) = self.totals();
        let mut buckets = [0usize; 10];
        for (_, score) in &totals {
            let pct = (score * 100).checked_div(max).unwrap_or(0).min(100);
            buckets[((pct / 10) as usize).min(9)] += 1;
        }
        let most = buckets.iter().copied().max().unwrap_or(0).max(1);
        let mut out = String::new();
        for (i, count) in buckets.iter().enumerate() {
            let bar = "█".repeat((count * 40).div_ceil(most).min(40) * usize::from(*count > 0));
            let _ = writeln!(out, "{:>4}–{:<4} {bar} {count}", format!("{}%", i * 10), format!("{}%", i * 10 + 10));
        }
        out
    }

    /// The summary printed at the end of a batch.
    pub fn render_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Class summary: {} students, {} results\n", self.by_student.len(), self.records.len());
        let _ = writeln!(out, "Pass rate per exercise");
        for (id, submitted, passed) in self.pass_rates() {
            let pct = (passed * 100).checked_div(submitted).unwrap_or(0);
            let _ = writeln!(out, "  {id:<14} {passed:>5}/{submitted:<5} {pct:>3}%");
        }
        let failed = self.most_failed_checks(10);
        if !failed.is_empty() {
            let _ = writeln!(out, "\nChecks most often failed");
            for (name, n) in failed {
                let _ = writeln!(out, "  {n:>5}  {name}");
            }
        }
        let mistakes = self.most_matched_mistakes(10);
        if !mistakes.is_empty() {
            let _ = writeln!(out, "\nKnown mistakes most often made");
            for (name, n) in mistakes {
                let _ = writeln!(out, "  {n:>5}  {name}");
            }
        }
        let _ = writeln!(out, "\nTotal scores\n{}", self.histogram());
        out
    }

    /// `gradebook.csv`: one row per student, one column per exercise (points), then the total.
    pub fn gradebook_csv(&self) -> String {
        let mut out = String::from("student");
        for (id, _) in &self.exercises {
            out.push(',');
            out.push_str(&csv_field(id));
        }
        out.push_str(",total\n");
        let (totals, _) = self.totals();
        for (student, total) in totals {
            out.push_str(&csv_field(&student));
            for (id, _) in &self.exercises {
                out.push(',');
                if let Some(r) = self.record(&student, id) {
                    out.push_str(&r.score.to_string());
                }
            }
            let _ = writeln!(out, ",{total}");
        }
        out
    }

    /// `report.md`: the summary as Markdown.
    pub fn report_markdown(&self, title: &str) -> String {
        let mut out = String::new();
        let (totals, max) = self.totals();
        let _ = writeln!(out, "# {title}: class report\n");
        let _ = writeln!(
            out,
            "{} students, {} graded submissions, {} points available.\n",
            totals.len(),
            self.records.len(),
            max
        );
        let _ = writeln!(
            out,
            "## Pass rate per exercise\n\n| exercise | submitted | passing | rate |\n| --- | ---: | ---: | ---: |"
        );
        for (id, submitted, passed) in self.pass_rates() {
            let pct = (passed * 100).checked_div(submitted).unwrap_or(0);
            let _ = writeln!(out, "| {id} | {submitted} | {passed} | {pct}% |");
        }
        let _ = writeln!(out, "\n## Checks most often failed\n");
        for (name, n) in self.most_failed_checks(20) {
            let _ = writeln!(out, "- {name}: {n}");
        }
        let _ = writeln!(out, "\n## Known mistakes most often made\n");
        for (name, n) in self.most_matched_mistakes(20) {
            let _ = writeln!(out, "- {name}: {n}");
        }
        let _ = writeln!(out, "\n## Total scores\n\n```text\n{}```", self.histogram());
        out
    }
}

fn top(counts: BTreeMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut list: Vec<(String, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    list.truncate(n);
    list
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(student: &str, exercise: &str, score: u64, failing: &[&str]) -> ClassRecord {
        ClassRecord {
            student: student.into(),
            exercise: exercise.into(),
            status: if failing.is_empty() { "pass" } else { "fail" }.into(),
            score,
            max_score: 2,
            failing: failing.iter().map(|s| s.to_string()).collect(),
            mistake: None,
            line: String::new(),
        }
    }

    #[test]
    fn gradebook_has_a_row_per_student_and_a_column_per_exercise() {
        let records = [record("bo", "e1", 2, &[]), record("al", "e1", 1, &["x"]), record("al", "e2", 2, &[])];
        let summary = ClassSummary::new(&records, vec![("e1".into(), 2), ("e2".into(), 2)]);
        assert_eq!(summary.gradebook_csv(), "student,e1,e2,total\nal,1,2,3\nbo,2,,2\n");
        assert_eq!(summary.pass_rates(), [("e1".to_string(), 2, 1), ("e2".to_string(), 1, 1)]);
        assert_eq!(summary.most_failed_checks(5), [("e1 › x".to_string(), 1)]);
    }

    #[test]
    fn students_with_no_file_keep_a_row() {
        let text = "{\"summary\":{\"without_files\":[\"cy\"]}}\n{\"summary\":{\"without_files\":[\"al\",\"cy\"]}}\n";
        let without: Vec<String> = read_students_without_files(text).into_iter().collect();
        assert_eq!(without, ["al", "cy"]);
        let records = [record("bo", "e1", 2, &[])];
        let summary = ClassSummary::new(&records, vec![("e1".into(), 2)]).with_students(["cy", "bo"]);
        assert_eq!(summary.gradebook_csv(), "student,e1,total\nbo,2,2\ncy,,0\n");
    }

    #[test]
    fn records_round_trip_through_json_lines_and_later_lines_win() {
        let text = "{\"student\":\"al\",\"exercise\":\"e1\",\"status\":\"fail\",\"score\":0,\"max_score\":1,\"checks\":[{\"name\":\"a\",\"status\":\"fail\"}]}\n\
                    {\"student\":\"al\",\"exercise\":\"e1\",\"status\":\"pass\",\"score\":1,\"max_score\":1,\"checks\":[]}\n\
                    {\"summary\":{}}\n{\"student\":\"al\",\"exer";
        let mut records = BTreeMap::new();
        assert_eq!(read_records(text, &mut records, true), 1);
        assert_eq!(records.len(), 1);
        assert_eq!(records.values().next().unwrap().status, "pass");
    }
}
