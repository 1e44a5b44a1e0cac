//! `--roster roster.csv`: who each student folder belongs to (student id, name, email,
//! section), for gradebooks an LMS imports. Read with the `csv` crate; columns are found by their
//! header, in any order and letter case.

use std::collections::BTreeMap;
use std::path::Path;

/// One row of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterEntry {
    /// The student's folder in the class folder.
    pub folder: String,
    /// The institution's student id (Canvas "SIS User ID", Moodle "ID number").
    pub id: String,
    /// The student's name.
    pub name: String,
    /// The student's email (Canvas "SIS Login ID", Moodle "Email address").
    pub email: String,
    /// The course section, if the roster has one.
    pub section: String,
    /// The LMS's own user id (Canvas "ID"), if the roster has one.
    pub lms_id: String,
}

/// The roster: entries by folder name.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    entries: BTreeMap<String, RosterEntry>,
}

/// Why a roster cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The file could not be read.
    #[error("cannot read the roster {0}: {1}")]
    Unreadable(String, std::io::Error),
    /// Not CSV the reader understands.
    #[error("{path}:{line}: {error}")]
    Csv {
        /// The file.
        path: String,
        /// The line.
        line: u64,
        /// What the CSV reader said.
        error: String,
    },
    /// No column names the folder.
    #[error(
        "{0}:1: no column names the student's folder; the header needs one of {FOLDER_HEADERS:?} \
         (and may have id, name, email, section)"
    )]
    NoFolderColumn(String),
    /// Two rows name one folder.
    #[error("{path}:{line}: the folder `{folder}` is already on line {first}; each folder needs one row")]
    Duplicate {
        /// The file.
        path: String,
        /// The second row's line.
        line: u64,
        /// The first row's line.
        first: u64,
        /// The folder.
        folder: String,
    },
}

/// Header names of the folder column (GitHub Classroom's roster calls it `github_username`).
pub const FOLDER_HEADERS: [&str; 4] = ["folder", "github_username", "username", "login"];
const ID_HEADERS: [&str; 5] = ["id", "student_id", "sis_user_id", "sis user id", "idnumber"];
const NAME_HEADERS: [&str; 3] = ["name", "full_name", "full name"];
const EMAIL_HEADERS: [&str; 3] = ["email", "email address", "e-mail"];
const SECTION_HEADERS: [&str; 1] = ["section"];
const LMS_ID_HEADERS: [&str; 2] = ["canvas_id", "lms_id"];

impl Roster {
    /// Reads a roster file.
    pub fn read(path: &Path) -> Result<Roster, RosterError> {
        let shown = path.display().to_string();
        let text = std::fs::read(path).map_err(|e| RosterError::Unreadable(shown.clone(), e))?;
        Roster::parse(&shown, &text)
    }

    /// Parses roster CSV text; `shown` names it in errors.
    pub fn parse(shown: &str, text: &[u8]) -> Result<Roster, RosterError> {
        let csv_error = |e: csv::Error| RosterError::Csv {
            path: shown.to_string(),
            line: e.position().map_or(1, |p| p.line()),
            error: e.to_string(),
        };
        let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text);
        let headers: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect();
        let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
        let folder = column(&FOLDER_HEADERS).ok_or_else(|| RosterError::NoFolderColumn(shown.to_string()))?;
        let (id, name, email, section, lms_id) = (
            column(&ID_HEADERS),
            column(&NAME_HEADERS),
            column(&EMAIL_HEADERS),
            column(&SECTION_HEADERS),
            column(&LMS_ID_HEADERS),
        );
        let mut entries: BTreeMap<String, RosterEntry> = BTreeMap::new();
        let mut lines: BTreeMap<String, u64> = BTreeMap::new();
        for row in reader.records() {
            let row = row.map_err(csv_error)?;
            let line = row.position().map_or(0, |p| p.line());
            let field = |i: Option<usize>| i.and_then(|i| row.get(i)).unwrap_or("").to_string();
            let entry = RosterEntry {
                folder: field(Some(folder)),
                id: field(id),
                name: field(name),
                email: field(email),
                section: field(section),
                lms_id: field(lms_id),
            };
            if entry.folder.is_empty() {
                continue;
            }
            if let Some(&first) = lines.get(&entry.folder) {
                return Err(RosterError::Duplicate { path: shown.to_string(), line, first, folder: entry.folder });
            }
            lines.insert(entry.folder.clone(), line);
            entries.insert(entry.folder.clone(), entry);
        }
        Ok(Roster { entries })
    }

    /// The entry for a student's folder.
    pub fn get(&self, folder: &str) -> Option<&RosterEntry> {
        self.entries.get(folder)
    }

    /// Every entry, by folder.
    pub fn entries(&self) -> impl Iterator<Item = &RosterEntry> {
        self.entries.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_header_in_any_order_and_case() {
        let text = "\u{feff}Email,Name,GitHub_Username,ID\n ada@uni.edu , Ada Lovelace, ada, 1001\n\"b@uni.edu\",\"Ben, Jr.\",ben,1002\n";
        let roster = Roster::parse("r.csv", text.as_bytes()).unwrap();
        let ada = roster.get("ada").unwrap();
        assert_eq!((ada.id.as_str(), ada.name.as_str(), ada.email.as_str()), ("1001", "Ada Lovelace", "ada@uni.edu"));
        assert_eq!(roster.get("ben").unwrap().name, "Ben, Jr.");
        assert_eq!(roster.entries().count(), 2);
    }

    #[test]
    fn a_roster_without_a_folder_column_or_with_a_folder_twice_is_refused_with_its_line() {
        let error = Roster::parse("r.csv", b"name,email\nAda,a@x\n").unwrap_err();
        assert!(error.to_string().starts_with("r.csv:1: no column names the student's folder"), "{error}");
        let error = Roster::parse("r.csv", b"folder,name\nada,Ada\nben,Ben\nada,Ada again\n").unwrap_err();
        assert_eq!(error.to_string(), "r.csv:4: the folder `ada` is already on line 2; each folder needs one row");
    }
}
