//! The class folder: one folder per student, each with `<exercise-id>.js` files. Which file is
//! graded for which exercise, and a [`FileNote`] for every entry that is not graded as it stands
//! (nothing is passed over without a word).
//!
//! A file is matched to an exercise when its name is `<id>.js` up to letter case, at the top of
//! the student's folder or in a `submissions/` folder inside it (how a cloned GitHub Classroom
//! repository looks). When two files could be one exercise's, the one named exactly at the top
//! wins; when none of them does, none is graded and each is named.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use super::file_note::{FileIssue, FileNote};

/// The folder inside a student's folder that is searched too.
pub const NESTED_FOLDER: &str = "submissions";

/// One student's folder and the files to grade in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentFiles {
    /// The folder name.
    pub name: String,
    /// (index of the exercise in the course, the file), in exercise order.
    pub files: Vec<(usize, PathBuf)>,
}

/// What a class folder holds.
#[derive(Debug, Clone, Default)]
pub struct ClassLayout {
    /// The students, sorted by name.
    pub students: Vec<StudentFiles>,
    /// Everything not graded as it stands, sorted by path.
    pub notes: Vec<FileNote>,
    /// `.js` files at the top of the class folder (a sign it is one student's folder).
    pub loose_js_files: usize,
}

/// Why a class folder cannot be graded at all.
#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    /// The folder could not be read.
    #[error("cannot read the class folder {0}: {1}")]
    Unreadable(String, std::io::Error),
    /// It holds exercise files, not students' folders.
    #[error(
        "{0} holds {1} .js file(s) and no student folders: it looks like one student's folder. \
         Pass the class folder instead, the one that holds a folder per student (`grade batch {2}` \
         if {0} is one of them)"
    )]
    OneStudent(String, usize, String),
    /// Its only folder is `submissions/`: one cloned repository.
    #[error(
        "{0} holds only a {NESTED_FOLDER}/ folder: it looks like one student's repository. Pass the class \
         folder instead, which holds one folder per student"
    )]
    OneRepository(String),
    /// Nothing in it.
    #[error("{0} holds no student folders: put one folder per student in it (<student>/<exercise-id>.js)")]
    Empty(String),
}

impl ClassLayout {
    /// Reads the class folder `dir` against the course's exercise ids (in course order).
    pub fn read(dir: &Path, exercise_ids: &[String]) -> Result<ClassLayout, LayoutError> {
        let shown = dir.display().to_string();
        let mut layout = ClassLayout::default();
        let entries = std::fs::read_dir(dir).map_err(|e| LayoutError::Unreadable(shown.clone(), e))?;
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    layout.note(".".into(), FileIssue::Unreadable { error: e.to_string() });
                    continue;
                }
            };
            let Some(name) = visible_name(&entry, &mut layout, "") else { continue };
            match kind_of(&entry) {
                Ok(Kind::Folder) => {
                    let files = layout.student_files(&entry.path(), &name, exercise_ids);
                    layout.students.push(StudentFiles { name, files });
                }
                Ok(Kind::LinkToFolder) => layout.note(name, FileIssue::LinkedStudent),
                Ok(Kind::File) => {
                    if has_js_extension(&name) {
                        layout.loose_js_files += 1;
                    }
                    layout.note(name, FileIssue::NotAStudent);
                }
                Err(e) => layout.note(name, FileIssue::Unreadable { error: e.to_string() }),
            }
        }
        layout.students.sort_by(|a, b| a.name.cmp(&b.name));
        layout.notes.sort();
        if layout.students.is_empty() {
            return Err(if layout.loose_js_files > 0 {
                let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".."));
                LayoutError::OneStudent(shown, layout.loose_js_files, parent.display().to_string())
            } else {
                LayoutError::Empty(shown)
            });
        }
        if layout.students.len() == 1 && layout.students[0].name.eq_ignore_ascii_case(NESTED_FOLDER) {
            return Err(LayoutError::OneRepository(shown));
        }
        Ok(layout)
    }

    fn note(&mut self, path: String, issue: FileIssue) {
        self.notes.push(FileNote { path, issue });
    }

    /// The files of one student's folder to grade, noting everything else.
    fn student_files(&mut self, folder: &Path, student: &str, ids: &[String]) -> Vec<(usize, PathBuf)> {
        // Every file that could be an exercise's: (exercise, relative path, path, exact and at the top).
        let mut candidates: BTreeMap<usize, Vec<(String, PathBuf, bool)>> = BTreeMap::new();
        self.scan(folder, student, ids, true, &mut candidates);
        let mut files = Vec::new();
        for (exercise, mut found) in candidates {
            let id = &ids[exercise];
            let exact = found.iter().position(|(_, _, exact)| *exact);
            let chosen = match exact {
                Some(i) => Some(found.swap_remove(i)),
                None if found.len() == 1 => found.pop(),
                None => None,
            };
            for (rel, _, _) in &found {
                let graded = chosen.as_ref().map(|(r, _, _)| r.clone());
                self.note(rel.clone(), FileIssue::Duplicate { exercise: id.clone(), graded });
            }
            if let Some((rel, path, exact)) = chosen {
                if !exact {
                    self.note(rel, FileIssue::GradedAs { exercise: id.clone() });
                }
                files.push((exercise, path));
            }
        }
        // Most students hand in a few files: no room kept for more (a class holds thousands).
        files.shrink_to_fit();
        files
    }

    fn scan(
        &mut self,
        folder: &Path,
        prefix: &str,
        ids: &[String],
        top: bool,
        candidates: &mut BTreeMap<usize, Vec<(String, PathBuf, bool)>>,
    ) {
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(e) => return self.note(prefix.to_string(), FileIssue::Unreadable { error: e.to_string() }),
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.note(prefix.to_string(), FileIssue::Unreadable { error: e.to_string() });
                    continue;
                }
            };
            let Some(name) = visible_name(&entry, self, prefix) else { continue };
            let rel = format!("{prefix}/{name}");
            let kind = kind_of(&entry);
            if top && name.eq_ignore_ascii_case(NESTED_FOLDER) && matches!(kind, Ok(Kind::Folder)) {
                self.scan(&entry.path(), &rel, ids, false, candidates);
                continue;
            }
            if matches!(kind, Ok(Kind::Folder | Kind::LinkToFolder)) && !has_js_extension(&name) {
                self.note(rel, FileIssue::OtherFolder);
                continue;
            }
            // A folder or a link named like an exercise file is still that exercise's hand-in:
            // it is graded, and its record says what is wrong with it.
            match exercise_of(&name, ids) {
                Match::Exercise(index) => {
                    let exact = top && name == format!("{}.js", ids[index]);
                    candidates.entry(index).or_default().push((rel, entry.path(), exact));
                }
                Match::Unknown(suggestion) => self.note(rel, FileIssue::UnknownExercise { suggestion }),
                Match::NotJs => self.note(rel, FileIssue::NotAnExerciseFile),
            }
        }
    }
}

/// The entry's name, or None for a hidden entry (`.git`, `.DS_Store`) or one noted as unreadable.
fn visible_name(entry: &std::fs::DirEntry, layout: &mut ClassLayout, prefix: &str) -> Option<String> {
    let name = entry.file_name();
    if name.as_encoded_bytes().starts_with(b".") {
        return None;
    }
    match name.into_string() {
        Ok(name) => Some(name),
        Err(raw) => {
            let shown = raw.to_string_lossy();
            let path = if prefix.is_empty() { shown.to_string() } else { format!("{prefix}/{shown}") };
            layout.note(path, FileIssue::BadName);
            None
        }
    }
}

enum Kind {
    Folder,
    LinkToFolder,
    File,
}

fn kind_of(entry: &std::fs::DirEntry) -> std::io::Result<Kind> {
    let file_type = entry.file_type()?;
    if file_type.is_dir() {
        return Ok(Kind::Folder);
    }
    if file_type.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
        return Ok(Kind::LinkToFolder);
    }
    Ok(Kind::File)
}

fn has_js_extension(name: &str) -> bool {
    Path::new(name).extension().is_some_and(|e| e.eq_ignore_ascii_case("js"))
}

enum Match {
    Exercise(usize),
    Unknown(Option<String>),
    NotJs,
}

/// Which exercise `name` is the file of, up to letter case.
fn exercise_of(name: &str, ids: &[String]) -> Match {
    if !has_js_extension(name) {
        return Match::NotJs;
    }
    let stem = &name[..name.len() - 3];
    if let Some(index) = ids.iter().position(|id| id.eq_ignore_ascii_case(stem)) {
        return Match::Exercise(index);
    }
    Match::Unknown(suggestion(stem, ids))
}

/// The exercise a misnamed file was probably meant for: the same name and number but for
/// leading zeros or separators (`exercise-1` → `exercise-01`, `exercise_03` → `exercise-03`).
fn suggestion(stem: &str, ids: &[String]) -> Option<String> {
    let key = |s: &str| -> (String, Option<u64>) {
        let lower = s.to_ascii_lowercase();
        let digits_at = lower.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (word, number) = lower.split_at(digits_at);
        let word: String = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        (word, number.parse().ok())
    };
    let wanted = key(stem);
    let mut found = ids.iter().filter(|id| key(id) == wanted);
    match (found.next(), found.next()) {
        (Some(id), None) => Some(id.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<String> {
        ["exercise-01", "exercise-02", "exercise-03"].map(String::from).to_vec()
    }

    #[test]
    fn misnamed_files_get_a_suggestion_only_when_one_exercise_fits() {
        assert_eq!(suggestion("exercise-1", &ids()), Some("exercise-01".into()));
        assert_eq!(suggestion("Exercise_3", &ids()), Some("exercise-03".into()));
        assert_eq!(suggestion("exercise-99", &ids()), None);
        assert_eq!(suggestion("homework", &ids()), None);
    }

    #[test]
    fn the_class_folder_is_read_with_a_note_for_everything_not_graded_as_it_stands() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        for rel in [
            "amy/exercise-1.js",
            "amy/Exercise-03.js",
            "amy/exercise-02.js",
            "bob/exercise-02.JS",
            "kim/exercise-99.js",
            "README.txt",
            "dot/submissions/exercise-01.js",
            "dot/README.md",
            "dot/.git/config",
            "eve/exercise-01.js",
            "eve/EXERCISE-01.js",
            "eve/submissions/exercise-01.js",
            "fay/Exercise-02.js",
            "fay/exercise-02.JS",
            "fay/old/exercise-01.js",
        ] {
            write(rel);
        }
        let layout = ClassLayout::read(root, &ids()).unwrap();
        let students: Vec<(&str, Vec<String>)> = layout
            .students
            .iter()
            .map(|s| {
                let files = s.files.iter().map(|(_, p)| p.strip_prefix(root).unwrap().display().to_string()).collect();
                (s.name.as_str(), files)
            })
            .collect();
        assert_eq!(
            students,
            [
                ("amy", vec!["amy/exercise-02.js".to_string(), "amy/Exercise-03.js".to_string()]),
                ("bob", vec!["bob/exercise-02.JS".to_string()]),
                ("dot", vec!["dot/submissions/exercise-01.js".to_string()]),
                ("eve", vec!["eve/exercise-01.js".to_string()]),
                ("fay", vec![]),
                ("kim", vec![]),
            ]
        );
        let notes: Vec<String> = layout.notes.iter().map(FileNote::describe).collect();
        assert_eq!(
            notes,
            [
                "README.txt: a file at the top of the class folder, where each student has a folder; not graded",
                "amy/Exercise-03.js: graded as exercise-03.js",
                "amy/exercise-1.js: no exercise has this name (did you mean exercise-01.js?); not graded",
                "bob/exercise-02.JS: graded as exercise-02.js",
                "dot/README.md: not an exercise file (<exercise-id>.js); not graded",
                "dot/submissions/exercise-01.js: graded as exercise-01.js",
                "eve/EXERCISE-01.js: another file for exercise-01; eve/exercise-01.js was graded instead",
                "eve/submissions/exercise-01.js: another file for exercise-01; eve/exercise-01.js was graded instead",
                "fay/Exercise-02.js: one of several files that could be exercise-02.js; none was graded, rename one",
                "fay/exercise-02.JS: one of several files that could be exercise-02.js; none was graded, rename one",
                "fay/old: a folder other than submissions/ inside a student's folder; not graded",
                "kim/exercise-99.js: no exercise of the course has this name; not graded",
            ]
        );
    }

    #[test]
    fn one_students_folder_or_repository_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("exercise-01.js"), "x").unwrap();
        let error = ClassLayout::read(dir.path(), &ids()).unwrap_err();
        assert!(matches!(error, LayoutError::OneStudent(_, 1, _)), "{error}");
        std::fs::remove_file(dir.path().join("exercise-01.js")).unwrap();
        assert!(matches!(ClassLayout::read(dir.path(), &ids()), Err(LayoutError::Empty(_))));
        std::fs::create_dir(dir.path().join("submissions")).unwrap();
        assert!(matches!(ClassLayout::read(dir.path(), &ids()), Err(LayoutError::OneRepository(_))));
    }
}
