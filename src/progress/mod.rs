//! A learner's progress: XP and the skill matrix worked out from which exercises pass, and the
//! record of passes kept in `.grade/progress.toml` at the course root (a file the course itself
//! never reads: it is the learner's, not the author's), from which a pass learns what it unlocked.

mod matrix;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use matrix::{Node, NodeState, SkillMatrix, XP_PER_POINT};

use crate::exercise::{Course, Exercise};

/// The record's folder, relative to the course root.
pub const RECORD_DIR: &str = ".grade";
/// The record's file name, in [`RECORD_DIR`].
pub const RECORD_FILE: &str = "progress.toml";

/// The exercises a learner has passed with their own file (`grade <id>` or `grade list`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// Exercise ids, sorted.
    #[serde(default)]
    pub passed: BTreeSet<String>,
}

impl Record {
    /// Where the record of `course` lives.
    pub fn path(course: &Course) -> PathBuf {
        course.root.join(RECORD_DIR).join(RECORD_FILE)
    }

    /// The record at `path`; empty when there is none yet or it cannot be read (progress is a
    /// convenience: it never stops grading).
    pub fn load(path: &Path) -> Record {
        std::fs::read_to_string(path).ok().and_then(|text| toml::from_str(&text).ok()).unwrap_or_default()
    }

    /// Writes the record; a course folder the learner cannot write to keeps no record.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let body = toml::to_string(self).map_err(std::io::Error::other)?;
        let text = format!(
            "# Written by grade: the exercises you have passed. The course never reads it; delete it to start over.\n{body}"
        );
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)
    }
}

/// The skill matrix of `exercises` (in course order) when those whose `passed` entry is true pass.
pub fn matrix_of(course: &Course, exercises: &[Exercise], passed: &[bool]) -> SkillMatrix {
    let tags: Vec<Vec<String>> = exercises.iter().map(|e| e.tags.clone()).collect();
    let xp: Vec<u32> = exercises.iter().map(|e| e.max_score().saturating_mul(XP_PER_POINT)).collect();
    SkillMatrix::new(&tags, &xp, passed, &course.skills)
}

/// Records that the learner's own file for `id` passes and says what that earned: the exercise's
/// XP, the total and its topic's, and every node it unlocked ("unlocked: once"). None when the
/// course cannot be read.
pub fn note_pass(course: &Course, id: &str) -> Option<String> {
    let exercises = course.exercises().ok()?;
    let path = Record::path(course);
    let mut record = Record::load(&path);
    let before: Vec<bool> = exercises.iter().map(|e| record.passed.contains(&e.id)).collect();
    record.passed.insert(id.to_string());
    let after: Vec<bool> = exercises.iter().map(|e| record.passed.contains(&e.id)).collect();
    // A read-only course folder keeps no record; the pass itself stands.
    let _ = record.save(&path);
    let exercise = exercises.iter().find(|e| e.id == id)?;
    let old = matrix_of(course, &exercises, &before);
    let new = matrix_of(course, &exercises, &after);
    Some(new.pass_note(&old, exercise))
}

/// Adds what `grade list` found passing to the record (a pass is never taken back: the record is
/// a history, while the listing shows the files as they stand).
pub fn note_passing(course: &Course, ids: impl IntoIterator<Item = String>) {
    let path = Record::path(course);
    let mut record = Record::load(&path);
    let before = record.passed.len();
    record.passed.extend(ids);
    if record.passed.len() != before {
        let _ = record.save(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_and_a_broken_one_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(RECORD_DIR).join(RECORD_FILE);
        assert_eq!(Record::load(&path), Record::default());
        let record = Record { passed: ["exercise-01".to_string(), "after".to_string()].into() };
        record.save(&path).unwrap();
        assert_eq!(Record::load(&path), record);
        std::fs::write(&path, "passed = 3").unwrap();
        assert_eq!(Record::load(&path), Record::default());
    }
}
