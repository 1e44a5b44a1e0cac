//! `grade merge <FILE>...`: joins batch JSON Lines (from shards, or from several runs) into one
//! result and class report; for a pair graded twice, the later file wins.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::Destination;
use super::batch::write_reports;
use crate::exercise::Course;
use crate::report::Format;
use crate::report::class::{ClassRecord, ClassSummary, read_records, read_students_without_files};

/// Merges the files and reports on the whole class.
pub fn run(
    course: Option<&Course>,
    files: &[PathBuf],
    report: Option<&Path>,
    dest: &Destination,
) -> anyhow::Result<ExitCode> {
    super::batch::check_class_format("merge", dest)?;
    let mut records: BTreeMap<(String, String), ClassRecord> = BTreeMap::new();
    let mut without_files: BTreeSet<String> = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        without_files.extend(read_students_without_files(&text));
        let bad = read_records(&text, &mut records, true);
        if bad > 0 {
            eprintln!("warning: {}: {bad} line(s) were not results and were skipped", file.display());
        }
    }
    let exercises: Vec<(String, u64)> = match course.and_then(|c| c.exercises().ok()) {
        Some(list) if !list.is_empty() => list.iter().map(|e| (e.id.clone(), u64::from(e.max_score()))).collect(),
        _ => {
            let mut seen: BTreeMap<String, u64> = BTreeMap::new();
            for r in records.values() {
                seen.insert(r.exercise.clone(), r.max_score);
            }
            seen.into_iter().collect()
        }
    };
    // A student with no file in one run may have handed some in for another.
    for record in records.values() {
        without_files.remove(&record.student);
    }
    let summary =
        ClassSummary::new(records.values(), exercises).with_students(without_files.iter().map(String::as_str));
    let mut merged = String::new();
    for record in records.values() {
        merged.push_str(&record.line);
        merged.push('\n');
    }
    let (totals, max) = summary.totals();
    let line = serde_json::json!({ "summary": { "version": 1, "students": totals.len(), "results": records.len(), "max_score": max, "without_files": without_files, "merged_from": files.len() } });
    merged.push_str(&format!("{line}\n"));
    if let Some(output) = &dest.output {
        super::write_atomically(output, merged.as_bytes())?;
    } else if dest.format == Format::Json {
        std::io::stdout().lock().write_all(merged.as_bytes())?;
    }
    if let Some(dir) = report {
        write_reports(dir, &summary, course.map_or("grade", |c| c.title.as_str()))?;
    }
    if dest.format == Format::Human || dest.output.is_some() {
        std::io::stdout().lock().write_all(summary.render_text().as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
