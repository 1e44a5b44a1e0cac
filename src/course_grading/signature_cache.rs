//! The course's cache of known mistakes' signatures (which checks each `[[mistake]]` fails), kept
//! between runs so that a learner whose file fails pays for grading the mistakes once, not on
//! every run of `grade EXERCISE` or `grade all`.
//!
//! One JSON file per exercise in `<course>/.grade/cache/mistakes/` (the `.grade` folder holds a
//! `.gitignore` of `*`, so git never sees it), or in the folder [`CACHE_DIR_VAR`] names. Each
//! file holds the sets and the key they were made under: a fingerprint of grade's version and
//! binary, `grader.toml`, the exercise's TOML text, the exercise as loaded (its checks, mistakes
//! and every key) and the limits its checks run under. An entry with another key, one that does
//! not read, or one that does not fit the exercise is ignored and written again. A cache that
//! cannot be written never fails a run: the mistakes are graded again next time.
//! [`DEBUG_VAR`] makes each read, write and miss a note on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::exercise::{COURSE_FILE, Course};
use crate::grading::{PreparedExercise, SignatureStore};

/// The environment variable naming a folder to keep the signatures in, instead of
/// `<course>/.grade/cache/mistakes`.
pub const CACHE_DIR_VAR: &str = "GRADE_CACHE_DIR";

/// The environment variable that, set to anything but `0` or nothing, prints a note on stderr
/// for each use of the cache.
pub const DEBUG_VAR: &str = "GRADE_DEBUG";

/// The kind of file this module writes; part of every key, so a change of layout is a miss.
const FORMAT: &str = "grade mistake signatures 1";

/// The known mistakes' signatures of one course's exercises, on disk.
#[derive(Debug)]
pub struct SignatureCache {
    /// The folder of the entries.
    dir: PathBuf,
    /// The course's own `.grade` folder, which gets a `.gitignore` (None for [`CACHE_DIR_VAR`]).
    ignored_folder: Option<PathBuf>,
    /// `grader.toml`, whose settings apply to every exercise.
    course_file: PathBuf,
    /// What every key of this course starts from, made on first need.
    course_key: OnceLock<String>,
    /// Write only: `grade check` grades every mistake itself and keeps what it found.
    refresh: bool,
    debug: bool,
}

/// One exercise's entry.
#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// The key the signatures were made under.
    key: String,
    /// One set of failing checks per known mistake, in mistake order.
    signatures: Vec<Vec<String>>,
}

impl SignatureCache {
    /// The cache of `course`: [`CACHE_DIR_VAR`] if set, else `<course>/.grade/cache/mistakes`.
    pub fn of_course(course: &Course) -> SignatureCache {
        let debug = std::env::var_os(DEBUG_VAR).is_some_and(|v| !v.is_empty() && v != "0");
        let (dir, ignored_folder) = match std::env::var_os(CACHE_DIR_VAR).filter(|v| !v.is_empty()) {
            Some(dir) => (PathBuf::from(dir), None),
            None => {
                let folder = course.root.join(".grade");
                (folder.join("cache").join("mistakes"), Some(folder))
            }
        };
        SignatureCache {
            dir,
            ignored_folder,
            course_file: course.root.join(COURSE_FILE),
            course_key: OnceLock::new(),
            refresh: false,
            debug,
        }
    }

    /// This cache, never read: every mistake is graded again and what was found is kept.
    pub fn refreshing(mut self) -> SignatureCache {
        self.refresh = true;
        self
    }

    /// The file that holds an exercise's entry.
    pub fn entry_path(&self, exercise_id: &str) -> PathBuf {
        self.dir.join(format!("{exercise_id}.json"))
    }

    /// The key `prepared`'s signatures are kept under: it changes with anything that can change
    /// which checks a mistake fails.
    pub fn key(&self, prepared: &PreparedExercise) -> String {
        let course = self.course_key.get_or_init(|| {
            let course_text = std::fs::read_to_string(&self.course_file).unwrap_or_default();
            crate::class::fingerprint([FORMAT, env!("CARGO_PKG_VERSION"), &build_identity(), &course_text])
        });
        let exercise = &prepared.exercise;
        let toml_text = std::fs::read_to_string(&exercise.path).unwrap_or_default();
        crate::class::fingerprint([
            course.as_str(),
            &toml_text,
            &format!("{exercise:?}"),
            &format!("{:?}", prepared.limits()),
        ])
    }

    fn note(&self, text: std::fmt::Arguments<'_>) {
        if self.debug {
            eprintln!("grade: debug: {text}");
        }
    }

    fn read(&self, path: &Path, key: &str) -> Result<Vec<Vec<String>>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound { "no entry yet".to_string() } else { e.to_string() }
        })?;
        let entry: Entry = serde_json::from_str(&text).map_err(|e| format!("it does not read: {e}"))?;
        if entry.key != key {
            return Err("it was made from another version of the exercise, the course or grade".into());
        }
        Ok(entry.signatures)
    }

    fn write(&self, path: &Path, entry: &Entry) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        if let Some(folder) = &self.ignored_folder {
            let ignore = folder.join(".gitignore");
            if !ignore.exists() {
                std::fs::write(ignore, "# grade's cache: nothing here belongs in git\n*\n")?;
            }
        }
        let text = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        let mut builder = tempfile::Builder::new();
        // An ordinary file (0644 under umask 022), not tempfile's private 0600.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        let mut temp = builder.tempfile_in(&self.dir)?;
        temp.write_all(text.as_bytes())?;
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

impl SignatureStore for SignatureCache {
    fn load(&self, prepared: &PreparedExercise) -> Option<Vec<Vec<String>>> {
        let id = &prepared.exercise.id;
        let path = self.entry_path(id);
        if self.refresh {
            self.note(format_args!("known mistakes of {id}: graded afresh, not read from {}", path.display()));
            return None;
        }
        match self.read(&path, &self.key(prepared)) {
            Ok(signatures) => {
                self.note(format_args!("known mistakes of {id}: signatures read from {}", path.display()));
                Some(signatures)
            }
            Err(why) => {
                self.note(format_args!("known mistakes of {id}: {} not used ({why})", path.display()));
                None
            }
        }
    }

    fn store(&self, prepared: &PreparedExercise, signatures: &[Vec<String>]) {
        let id = &prepared.exercise.id;
        let path = self.entry_path(id);
        let entry = Entry { key: self.key(prepared), signatures: signatures.to_vec() };
        match self.write(&path, &entry) {
            Ok(()) => self.note(format_args!("known mistakes of {id}: graded, signatures kept in {}", path.display())),
            Err(e) => self.note(format_args!(
                "known mistakes of {id}: graded, but {} could not be written ({e}); they will be graded again",
                path.display()
            )),
        }
    }
}

/// What tells this build of grade from another of the same version: the size and modification
/// time of the running binary (empty where they cannot be read).
fn build_identity() -> String {
    let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) else { return String::new() };
    let modified =
        meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos());
    format!("{} {modified}", meta.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXERCISE: &str = "title = \"t\"\nentry = [\"outer\"]\n[[check]]\nname = \"one\"\nrun = \"outer()\"\nexpect = 1\n\
                            [[mistake]]\nname = \"two\"\ncode = \"function outer() { return 2; }\"\nexplain = \"e\"\n";

    /// A course in a temporary folder with `grader.toml` and exercise `e` as given.
    fn course(grader: &str, exercise: &str) -> (tempfile::TempDir, Course) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(COURSE_FILE), grader).unwrap();
        std::fs::create_dir(dir.path().join("exercises")).unwrap();
        std::fs::write(dir.path().join("exercises/e.toml"), exercise).unwrap();
        let course = Course::load(dir.path()).unwrap();
        (dir, course)
    }

    #[test]
    fn the_key_changes_with_whatever_changes_a_signature() {
        let (dir, _) = course("", EXERCISE);
        // The course as it is after these files are written in the same folder.
        let key = |grader: &str, exercise: &str| {
            std::fs::write(dir.path().join(COURSE_FILE), grader).unwrap();
            std::fs::write(dir.path().join("exercises/e.toml"), exercise).unwrap();
            let course = Course::load(dir.path()).unwrap();
            let prepared = PreparedExercise::new(course.exercise("e").unwrap(), &course.limits).unwrap();
            SignatureCache::of_course(&course).key(&prepared)
        };
        let base = key("", EXERCISE);
        assert_eq!(key("", EXERCISE), base, "the same course and exercise give the same key");
        let changed = [
            ("a mistake's code", key("", &EXERCISE.replace("return 2", "return 3"))),
            ("a check", key("", &EXERCISE.replace("expect = 1", "expect = 4"))),
            ("the TOML text alone", key("", &format!("# a comment\n{EXERCISE}"))),
            ("the exercise's limits", key("", &EXERCISE.replace("entry =", "time_ms = 50\nentry ="))),
            ("the course's limits", key("[limits]\ntime_ms = 50\n", EXERCISE)),
            ("grader.toml", key("[course]\ntitle = \"other\"\n", EXERCISE)),
        ];
        for (what, other) in changed {
            assert_ne!(other, base, "{what} changes the key");
        }
    }

    #[test]
    fn an_entry_is_read_back_only_under_its_own_key() {
        let (_dir, course) = course("", EXERCISE);
        let prepared = PreparedExercise::new(course.exercise("e").unwrap(), &course.limits).unwrap();
        let cache = SignatureCache::of_course(&course);
        assert_eq!(cache.load(&prepared), None, "nothing kept yet");
        cache.store(&prepared, &[vec!["one".to_string()]]);
        assert_eq!(cache.load(&prepared), Some(vec![vec!["one".to_string()]]));
        assert!(course.root.join(".grade/.gitignore").is_file());

        let path = cache.entry_path("e");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace(&cache.key(&prepared), "0000000000000000")).unwrap();
        assert_eq!(cache.load(&prepared), None, "a stale entry is not read");
        std::fs::write(&path, &text[..text.len() / 2]).unwrap();
        assert_eq!(cache.load(&prepared), None, "a truncated entry is not read");
        assert_eq!(SignatureCache::of_course(&course).refreshing().load(&prepared), None, "refreshing never reads");
    }
}
