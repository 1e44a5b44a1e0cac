//! The course: `grader.toml`, found by walking up from the current folder like `Cargo.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{Exercise, LimitOverrides, LoadError, Location};

/// The name of the course file.
pub const COURSE_FILE: &str = "grader.toml";

/// Limits that apply to every check unless an exercise or check changes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Wall-clock budget of one check, in milliseconds.
    pub time_ms: u64,
    /// Memory the engine may allocate, in MiB.
    pub memory_mb: u64,
    /// Engine stack, in KiB.
    pub stack_kb: u64,
    /// Console output kept per check, in KiB.
    pub output_kb: u64,
    /// The optional built-ins every check's realm has (`intrinsics = ["typed-arrays"]`).
    pub intrinsics: super::Intrinsics,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { time_ms: 1000, memory_mb: 64, stack_kb: 512, output_kb: 64, intrinsics: super::Intrinsics::default() }
    }
}

impl Limits {
    /// These limits with an exercise's or check's overrides applied.
    pub fn with(self, overrides: &LimitOverrides) -> Limits {
        Limits {
            time_ms: overrides.time_ms.unwrap_or(self.time_ms),
            memory_mb: overrides.memory_mb.unwrap_or(self.memory_mb),
            stack_kb: overrides.stack_kb.unwrap_or(self.stack_kb),
            output_kb: self.output_kb,
            intrinsics: overrides.intrinsics.map_or(self.intrinsics, |more| self.intrinsics.union(more)),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CourseSection {
    title: String,
    exercises: PathBuf,
    solutions: PathBuf,
    submissions: PathBuf,
    /// Exercise ids in course order; ids not named here follow, sorted.
    order: Vec<String>,
}

impl Default for CourseSection {
    fn default() -> Self {
        CourseSection {
            title: "JavaScript exercises".into(),
            exercises: "exercises".into(),
            solutions: "solutions".into(),
            submissions: "submissions".into(),
            order: Vec::new(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct BatchSection {
    jobs: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct CourseFile {
    course: CourseSection,
    limits: Limits,
    batch: BatchSection,
    skills: BTreeMap<String, Vec<String>>,
}

/// The tables of `grader.toml` and their keys, from the types it is read into.
pub(super) fn sections() -> Vec<super::keys::Section> {
    use super::keys::{Section, fields_of};
    vec![
        Section { name: "grader.toml", keys: fields_of::<CourseFile>() },
        Section { name: "grader.toml [course]", keys: fields_of::<CourseSection>() },
        Section { name: "grader.toml [limits]", keys: fields_of::<Limits>() },
        Section { name: "grader.toml [batch]", keys: fields_of::<BatchSection>() },
    ]
}

/// The byte offset of `[limits] field`'s value in `text` (0 when it is not there), so that a
/// limit out of range is pointed at, not the first place its name occurs.
fn limit_place(text: &str, field: &str) -> usize {
    #[derive(Deserialize)]
    struct File {
        limits: Option<Section>,
    }
    #[derive(Deserialize)]
    struct Section {
        time_ms: Option<Spanned<toml::Value>>,
        memory_mb: Option<Spanned<toml::Value>>,
        stack_kb: Option<Spanned<toml::Value>>,
        output_kb: Option<Spanned<toml::Value>>,
    }
    let Ok(File { limits: Some(section) }) = toml::from_str::<File>(text) else {
        return 0;
    };
    let value = match field {
        "time_ms" => section.time_ms,
        "memory_mb" => section.memory_mb,
        "stack_kb" => section.stack_kb,
        _ => section.output_kb,
    };
    value.map_or(0, |v| v.span().start)
}

/// A course folder and its settings.
#[derive(Debug, Clone)]
pub struct Course {
    /// The folder holding `grader.toml` (or the current folder when there is none).
    pub root: PathBuf,
    /// The course title.
    pub title: String,
    /// Default limits for every check.
    pub limits: Limits,
    /// Worker count for batch grading; 0 means one per core.
    pub jobs: usize,
    /// The skill matrix's prerequisites (`[skills]`): a tag and the tags it needs first.
    pub skills: BTreeMap<String, Vec<String>>,
    order: Vec<String>,
    exercises: PathBuf,
    solutions: PathBuf,
    submissions: PathBuf,
}

impl Course {
    /// Finds `grader.toml` in `start` or the nearest folder above it; without one, a `start`
    /// that holds an `exercises/` folder is the course root and every setting takes its default,
    /// and any other folder is not a course.
    pub fn discover(start: &Path) -> Result<Course, LoadError> {
        let found = start.ancestors().find(|dir| dir.join(COURSE_FILE).is_file());
        match found {
            Some(root) => Course::load(root),
            None if start.join(CourseSection::default().exercises).is_dir() => {
                Ok(Course::from_file(start.to_path_buf(), CourseFile::default()))
            }
            None => Err(LoadError::NoCourse { start: start.to_path_buf(), named: false }),
        }
    }

    /// Loads the course whose `grader.toml` is in `root`.
    pub fn load(root: &Path) -> Result<Course, LoadError> {
        let path = root.join(COURSE_FILE);
        let text = std::fs::read_to_string(&path).map_err(|error| LoadError::Read { path: path.clone(), error })?;
        let file: CourseFile =
            toml::from_str(&text).map_err(|e| LoadError::from_toml_with_reference(&path, &text, &e, "gradertoml"))?;
        let limits = file.limits;
        let bad = |field: &str, message: String| LoadError::Invalid {
            location: Location::at(&path, &text, limit_place(&text, field)),
            message,
        };
        if let Some((field, message)) = super::limit_problem(&LimitOverrides {
            time_ms: Some(limits.time_ms),
            memory_mb: Some(limits.memory_mb),
            stack_kb: Some(limits.stack_kb),
            intrinsics: None,
        }) {
            return Err(bad(field, message));
        }
        if !(1..=100 * 1024).contains(&limits.output_kb) {
            return Err(bad("output_kb", "output_kb must be between 1 and 102400".into()));
        }
        Ok(Course::from_file(root.to_path_buf(), file))
    }

    fn from_file(root: PathBuf, file: CourseFile) -> Course {
        Course {
            title: file.course.title,
            limits: file.limits,
            jobs: file.batch.jobs,
            skills: file.skills,
            order: file.course.order,
            exercises: root.join(file.course.exercises),
            solutions: root.join(file.course.solutions),
            submissions: root.join(file.course.submissions),
            root,
        }
    }

    /// The folder of exercise TOML files.
    pub fn exercises_dir(&self) -> &Path {
        &self.exercises
    }

    /// The folder of the student's own files.
    pub fn submissions_dir(&self) -> &Path {
        &self.submissions
    }

    /// The reference solution of an exercise.
    pub fn solution_path(&self, id: &str) -> PathBuf {
        self.solutions.join(format!("{id}.js"))
    }

    /// The student's file for an exercise.
    pub fn submission_path(&self, id: &str) -> PathBuf {
        self.submissions.join(format!("{id}.js"))
    }

    /// The ids of every exercise in course order: those `[course] order` names first, in its
    /// order, then the rest sorted.
    pub fn exercise_ids(&self) -> Result<Vec<String>, LoadError> {
        let entries = std::fs::read_dir(&self.exercises)
            .map_err(|error| LoadError::Read { path: self.exercises.clone(), error })?;
        let mut ids: Vec<String> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
            .collect();
        ids.sort();
        ids.sort_by_key(|id| self.order.iter().position(|o| o == id).unwrap_or(usize::MAX));
        Ok(ids)
    }

    /// Loads one exercise by id, or by a path to its `.toml`.
    pub fn exercise(&self, id_or_path: &str) -> Result<Exercise, LoadError> {
        let as_path = Path::new(id_or_path);
        if id_or_path.ends_with(".toml") {
            return Exercise::load(as_path);
        }
        let path = self.exercises.join(format!("{id_or_path}.toml"));
        if !path.is_file() {
            return Err(LoadError::UnknownExercise {
                id: id_or_path.to_string(),
                dir: self.exercises.clone(),
                known: self.exercise_ids().unwrap_or_default(),
            });
        }
        Exercise::load(&path)
    }

    /// Loads every exercise, in id order; stops at the first error.
    pub fn exercises(&self) -> Result<Vec<Exercise>, LoadError> {
        self.exercise_ids()?.iter().map(|id| self.exercise(id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_grader_toml_uses_defaults() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("exercises")).unwrap();
        let course = Course::discover(dir.path()).unwrap();
        assert_eq!(course.limits, Limits::default());
        assert_eq!(course.submission_path("exercise-01"), dir.path().join("submissions/exercise-01.js"));
    }

    #[test]
    fn a_folder_without_grader_toml_or_exercises_is_not_a_course() {
        let dir = tempfile::tempdir().unwrap();
        let err = Course::discover(dir.path()).unwrap_err();
        assert!(matches!(err, LoadError::NoCourse { named: false, .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "no grader.toml here or in any parent folder; run inside a course or pass `-C DIR`"
        );
    }

    #[test]
    fn grader_toml_is_found_above_and_unknown_keys_are_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(COURSE_FILE), "[limits]\ntime_ms = 50\n").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let course = Course::discover(&dir.path().join("sub")).unwrap();
        assert_eq!(course.limits.time_ms, 50);
        assert_eq!(course.limits.memory_mb, 64);

        std::fs::write(dir.path().join(COURSE_FILE), "[limits]\ntime_ms = 50\nspeed = 3\n").unwrap();
        let err = Course::discover(dir.path()).unwrap_err().to_string();
        assert!(err.contains("grader.toml:3:1"), "{err}");
        assert!(err.contains("speed"), "{err}");
    }

    #[test]
    fn course_order_comes_first_then_the_rest_sorted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(COURSE_FILE), "[course]\norder = [\"b\", \"z\", \"a\"]\n").unwrap();
        std::fs::create_dir(dir.path().join("exercises")).unwrap();
        for id in ["a", "b", "c", "d"] {
            std::fs::write(dir.path().join(format!("exercises/{id}.toml")), "").unwrap();
        }
        let course = Course::discover(dir.path()).unwrap();
        assert_eq!(course.exercise_ids().unwrap(), ["b", "a", "c", "d"]);
    }

    #[test]
    fn limits_out_of_range_point_at_their_value() {
        let dir = tempfile::tempdir().unwrap();
        let text = "[course]\ntitle = \"memory_mb and output_kb\"\n[limits]\noutput_kb = 0\nmemory_mb = 1\n";
        std::fs::write(dir.path().join(COURSE_FILE), text).unwrap();
        let err = Course::discover(dir.path()).unwrap_err().to_string();
        assert!(err.contains("grader.toml:5:13: memory_mb = 1 is out of range"), "{err}");
        std::fs::write(dir.path().join(COURSE_FILE), text.replace("memory_mb = 1", "memory_mb = 8")).unwrap();
        let err = Course::discover(dir.path()).unwrap_err().to_string();
        assert!(err.contains("grader.toml:4:13: output_kb must be between"), "{err}");
    }
}
