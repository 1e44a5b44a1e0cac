//! `grade merge <FILE>...`: joins batch JSON Lines (from shards, or from several runs) into one
//! result and class report; for a pair graded twice, the later file wins.
//!
//! It checks what it joins, from each file's summary line: results of another course are refused
//! (they cannot share a gradebook); another class, a shard missing from a set (`K/N`), or a file
//! with no summary (its batch did not finish) are warned about.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;

use super::Destination;
use super::class_files::{self, ReportOptions, ResultsFiles};
use crate::class::{ClassIdentity, Line, Shard, Summary, Tally};
use crate::exercise::Course;
use crate::report::{Format, class};

/// Merges the files and reports on the whole class.
///
/// Outside a course (`course` None; shards are often merged on another machine), the exercises
/// are those the records name, and the course is the one the files' summaries name.
pub fn run(
    course: Option<&Course>,
    files: &[PathBuf],
    report: &ReportOptions,
    dest: &Destination,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    class_files::check_class_format("merge", dest)?;
    let report = report.prepare()?;
    if let Some(dir) = dest.output.as_deref().and_then(std::path::Path::parent).filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let exercises = match course.map(Course::exercises) {
        Some(Ok(list)) => list,
        // A course folder without exercises: the records say which exercises there are.
        Some(Err(_)) if course.is_some_and(|c| !c.exercises_dir().is_dir()) => Vec::new(),
        Some(Err(e)) => return Err(e.into()),
        None => Vec::new(),
    };
    let exercises: Vec<&crate::exercise::Exercise> = exercises.iter().collect();
    let course_identity = course.map(|c| class_files::course_identity(&c.title, &exercises));
    let results = ResultsFiles::index(files)?;
    for (file, &bad) in results.bad_lines.iter().enumerate() {
        if bad > 0 {
            eprintln!("warning: {}: {bad} line(s) were not results and were skipped", results.path(file).display());
        }
    }
    results.check_course(course_identity.as_ref().filter(|_| !exercises.is_empty()))?;
    let class = check_classes(&results);
    check_shards(&results);

    // Outside the course, its exercises are the ones the files' summaries name.
    let infos = match &course_identity {
        Some(identity) if !exercises.is_empty() => identity.exercises.clone(),
        _ => results
            .summaries
            .iter()
            .find_map(|(_, s)| s.course.as_ref().map(|c| c.exercises.clone()))
            .unwrap_or_default(),
    };
    let mut tally = Tally::new(infos);
    let mut merged = String::new();
    results.for_each_record(|record, line| {
        tally.add(record);
        merged.push_str(&class_files::log_safe(line));
        Ok(())
    })?;
    // A student with no file in one run may have handed some in for another: the tally keeps
    // only those with no record anywhere.
    for (_, summary) in &results.summaries {
        for student in &summary.without_files {
            tally.add_student_without_files(student);
        }
        tally.add_notes(summary.files.iter().cloned());
    }
    let summary = Summary {
        course: course_identity
            .filter(|_| !exercises.is_empty())
            .or_else(|| results.summaries.iter().find_map(|(_, s)| s.course.clone())),
        class,
        merged_from: Some(files.len()),
        duration_ms: started.elapsed().as_millis() as u64,
        ..tally.summary()
    };
    merged.push_str(&class_files::json_line(&Line::Summary { summary: Box::new(summary) })?);
    if let Some(output) = &dest.output {
        super::write_atomically(output, merged.as_bytes())?;
    } else if dest.format == Format::Json {
        std::io::stdout().lock().write_all(merged.as_bytes())?;
    }
    report.warn_about_roster(&tally);
    let title = match course {
        Some(course) => course.title.clone(),
        None => results.summaries.iter().find_map(|(_, s)| Some(s.course.as_ref()?.title.clone())).unwrap_or_default(),
    };
    report.write(&tally, if title.is_empty() { "grade" } else { &title })?;
    if dest.format == Format::Human || dest.output.is_some() {
        std::io::stdout().lock().write_all(class::render_text(&tally).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Warns when the files are of different classes; the class of the merge, when they agree.
fn check_classes(results: &ResultsFiles) -> Option<ClassIdentity> {
    let mut classes: BTreeMap<&str, (&ClassIdentity, BTreeSet<usize>)> = BTreeMap::new();
    for (file, summary) in &results.summaries {
        if let Some(class) = &summary.class {
            classes.entry(class.fingerprint.as_str()).or_insert((class, BTreeSet::new())).1.insert(*file);
        }
    }
    if classes.len() > 1 {
        let groups: Vec<String> = classes
            .values()
            .map(|(class, files)| {
                let names: Vec<String> = files.iter().map(|f| results.path(*f).display().to_string()).collect();
                format!(
                    "{} ({} students, {} files to grade) in {}",
                    class::inert(&class.folder, 80),
                    class.students,
                    class.pairs,
                    names.join(", ")
                )
            })
            .collect();
        eprintln!(
            "warning: these files grade {} different classes: {}; the merge holds them all",
            classes.len(),
            groups.join("; ")
        );
    }
    for (file, &records) in results.records.iter().enumerate() {
        if records > 0 && !results.summaries.iter().any(|(f, _)| *f == file) {
            eprintln!(
                "warning: {} has no summary line: the batch that wrote it did not finish; run it again with --resume",
                results.path(file).display()
            );
        }
    }
    (classes.len() == 1).then(|| classes.into_values().next().map(|(c, _)| c.clone())).flatten()
}

/// Warns about every shard missing from a set of shards (`K/N` names the set).
fn check_shards(results: &ResultsFiles) {
    let mut sets: BTreeMap<(Option<&str>, usize), BTreeSet<usize>> = BTreeMap::new();
    for (_, summary) in &results.summaries {
        let Some(shard) = summary.shard.as_deref().and_then(|s| s.parse::<Shard>().ok()) else { continue };
        let class = summary.class.as_ref().map(|c| c.fingerprint.as_str());
        sets.entry((class, shard.count)).or_default().insert(shard.index);
    }
    for ((_, count), present) in sets {
        let missing: Vec<String> =
            (1..=count).filter(|k| !present.contains(k)).map(|k| Shard { index: k, count }.to_string()).collect();
        if !missing.is_empty() {
            eprintln!(
                "warning: shard(s) {} missing: their students' results are not in this merge (merge every shard's file, \
                 or grade the missing ones with `grade batch --shard K/{count}`)",
                missing.join(", ")
            );
        }
    }
}
