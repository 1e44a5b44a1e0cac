//! `gradebook.csv`, in the columns an LMS importer expects: `plain` (one row per student folder,
//! one column per exercise, then the total), `canvas` (Canvas's gradebook import: Student, ID,
//! SIS User ID, SIS Login ID, Section, then one column per assignment, with a "Points Possible"
//! row) or `moodle` (Moodle's grade import: an identifier column, ID number and email address,
//! then one column per grade item).
//!
//! Every text cell is untrusted (folder names, roster fields): a cell that a spreadsheet would
//! read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
//! `'` (OWASP's CSV injection advice), and the `csv` crate quotes what needs quoting (commas,
//! quotes, line breaks, a bare CR).

use crate::class::{Roster, Tally};

/// The gradebook's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GradebookFormat {
    /// student (folder), name, id and email when a roster is given, one column per exercise, total.
    #[default]
    Plain,
    /// Canvas gradebook import: Student, ID, SIS User ID, SIS Login ID, Section, assignments.
    Canvas,
    /// Moodle grade import: ID number, Email address, Full name, grade items.
    Moodle,
}

impl GradebookFormat {
    /// Whether this format needs a roster (an LMS matches rows by its own ids, not folder names).
    pub fn needs_roster(self) -> bool {
        self != GradebookFormat::Plain
    }
}

/// `text`, neutralised so that a spreadsheet never reads it as a formula.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_string() }
}

/// The gradebook as CSV text.
pub fn gradebook_csv(tally: &Tally, format: GradebookFormat, roster: Option<&Roster>) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let ids: Vec<String> = tally.exercises().iter().map(|e| neutralise(&e.id)).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let with_roster = roster.is_some();
    let mut header: Vec<String> = match format {
        GradebookFormat::Plain if with_roster => ["student", "name", "id", "email"].map(String::from).to_vec(),
        GradebookFormat::Plain => vec!["student".into()],
        GradebookFormat::Canvas => {
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"].map(String::from).to_vec()
        }
        GradebookFormat::Moodle => ["ID number", "Email address", "Full name"].map(String::from).to_vec(),
    };
    header.extend(ids.iter().cloned());
    if format == GradebookFormat::Plain {
        header.push("total".into());
    }
    rows.push(header);
    if format == GradebookFormat::Canvas {
        let mut possible: Vec<String> =
            vec!["Points Possible".into(), String::new(), String::new(), String::new(), String::new()];
        possible.extend(tally.exercises().iter().map(|e| e.max_score.to_string()));
        rows.push(possible);
    }
    for (student, row) in tally.students() {
        let entry = roster.and_then(|r| r.get(student));
        let field = |f: fn(&crate::class::RosterEntry) -> &str| neutralise(entry.map_or("", f));
        let mut cells: Vec<String> = match format {
            GradebookFormat::Plain if with_roster => {
                vec![neutralise(student), field(|e| &e.name), field(|e| &e.id), field(|e| &e.email)]
            }
            GradebookFormat::Plain => vec![neutralise(student)],
            GradebookFormat::Canvas => {
                let name = entry.map_or(student, |e| if e.name.is_empty() { student } else { e.name.as_str() });
                vec![
                    neutralise(name),
                    field(|e| &e.lms_id),
                    field(|e| &e.id),
                    field(|e| &e.email),
                    field(|e| &e.section),
                ]
            }
            GradebookFormat::Moodle => {
                let name = entry.map_or(student, |e| if e.name.is_empty() { student } else { e.name.as_str() });
                vec![field(|e| &e.id), field(|e| &e.email), neutralise(name)]
            }
        };
        for i in 0..ids.len() {
            cells.push(Tally::cell(row, i).map(|c| c.score.to_string()).unwrap_or_default());
        }
        if format == GradebookFormat::Plain {
            cells.push(Tally::total(row).to_string());
        }
        rows.push(cells);
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::{ExerciseInfo, Record};
    use crate::grading::Status;

    fn record(student: &str, exercise: &str, score: u32) -> Record {
        let mut record =
            Record::for_test(student, exercise, if score == 2 { Status::Pass } else { Status::Fail }, score);
        record.result.submission = None;
        record
    }

    fn tally(students: &[&str]) -> Tally {
        let mut tally =
            Tally::new(["e1", "e2"].iter().map(|id| ExerciseInfo { id: id.to_string(), max_score: 2 }).collect());
        for s in students {
            tally.add(&record(s, "e1", 2));
        }
        tally.add(&record(students[0], "e2", 1));
        tally
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
    }

    #[test]
    fn plain_has_a_row_per_student_a_column_per_exercise_and_the_total() {
        let text = gradebook_csv(&tally(&["al", "bo"]), GradebookFormat::Plain, None);
        assert_eq!(text, "student,e1,e2,total\r\nal,2,1,3\r\nbo,2,,2\r\n");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_a_bare_cr_is_quoted() {
        let names = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rcr", "a\rb", "plain"];
        let text = gradebook_csv(&tally(&names), GradebookFormat::Plain, None);
        let read: Vec<String> = rows(&text)[1..].iter().map(|r| r[0].clone()).collect();
        let mut want: Vec<String> = names
            .iter()
            .map(|n| if n.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{n}") } else { n.to_string() })
            .collect();
        want.sort_by(|a, b| a.trim_start_matches('\'').cmp(b.trim_start_matches('\'')));
        let mut read_sorted = read.clone();
        read_sorted.sort_by(|a, b| a.trim_start_matches('\'').cmp(b.trim_start_matches('\'')));
        assert_eq!(read_sorted, want, "{text}");
        assert!(text.contains("\"a\rb\""), "a bare CR inside a cell is quoted: {text:?}");
        assert!(!text.lines().any(|l| l.starts_with(['=', '+', '-', '@'])), "{text}");
    }

    #[test]
    fn canvas_and_moodle_write_their_importers_columns_from_the_roster() {
        let roster = Roster::parse(
            "r.csv",
            b"folder,id,name,email,section,canvas_id\nal,S1,Al Ames,al@u.edu,A,901\nbo,S2,=Bo,bo@u.edu,B,902\n",
        )
        .unwrap();
        let canvas = rows(&gradebook_csv(&tally(&["al", "bo", "cy"]), GradebookFormat::Canvas, Some(&roster)));
        assert_eq!(canvas[0], ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "e1", "e2"]);
        assert_eq!(canvas[1], ["Points Possible", "", "", "", "", "2", "2"]);
        assert_eq!(canvas[2], ["Al Ames", "901", "S1", "al@u.edu", "A", "2", "1"]);
        assert_eq!(canvas[3], ["'=Bo", "902", "S2", "bo@u.edu", "B", "2", ""]);
        assert_eq!(canvas[4], ["cy", "", "", "", "", "2", ""], "not in the roster: the folder name, no ids");
        let moodle = rows(&gradebook_csv(&tally(&["al", "bo"]), GradebookFormat::Moodle, Some(&roster)));
        assert_eq!(moodle[0], ["ID number", "Email address", "Full name", "e1", "e2"]);
        assert_eq!(moodle[1], ["S1", "al@u.edu", "Al Ames", "2", "1"]);
        let plain = rows(&gradebook_csv(&tally(&["al"]), GradebookFormat::Plain, Some(&roster)));
        assert_eq!(plain[0], ["student", "name", "id", "email", "e1", "e2", "total"]);
        assert_eq!(plain[1], ["al", "Al Ames", "S1", "al@u.edu", "2", "1", "3"]);
    }
}
