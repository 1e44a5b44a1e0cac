//! gradebook.csv as spreadsheets and LMS importers read it: student folder names are untrusted
//! (a cell a spreadsheet would run as a formula is neutralised with a leading `'`, a bare CR is
//! quoted), and with `--roster` the Canvas and Moodle columns carry each student's ids; students
//! not in the roster and roster rows with no folder are warned about.

use crate::batch::{Class, solution};
use crate::harness::{code, stderr};

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

#[test]
fn folder_names_a_spreadsheet_would_run_are_neutralised() {
    let class = Class::new();
    let names = ["=HYPERLINK(\"evil.example\")", "+SUM(1)", "-2+3", "@cmd", "\tTAB", "\rCR", "mid\rcr", "plain"];
    for name in names {
        class.write(name, "exercise-01", solution("exercise-01"));
    }
    let output = class.batch(&["-j", "2", "--report", "report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = class.read("report/gradebook.csv");
    let students: Vec<String> = rows(&text)[1..].iter().map(|r| r[0].clone()).collect();
    for name in names {
        let want =
            if name.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{name}") } else { name.to_string() };
        assert!(students.contains(&want), "{name:?} should be {want:?}: {students:?}");
    }
    for line in text.split("\r\n") {
        assert!(
            !line.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a line starts with a formula: {line:?}\n{text:?}"
        );
    }
    assert!(text.contains("\"mid\rcr\""), "a bare CR is quoted: {text:?}");
}

#[test]
fn canvas_and_moodle_gradebooks_take_ids_from_the_roster() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    class.write("ada", "exercise-02", solution("exercise-02"));
    class.write("ben", "exercise-01", "function createFunction() { return (x) => x; }\n");
    class.write("cyd", "exercise-01", solution("exercise-01"));
    std::fs::write(
        class.path("roster.csv"),
        "github_username,name,email,id,section\nada,Ada Lovelace,ada@uni.edu,S-1001,Mon\nben,\"Babbage, Ben\",ben@uni.edu,S-1002,Tue\ndee,Dee Absent,dee@uni.edu,S-1004,Mon\n",
    )
    .unwrap();
    let output =
        class.batch(&["-j", "2", "--report", "canvas", "--roster", "roster.csv", "--gradebook-format", "canvas"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("1 student folder(s) not in the roster, so their gradebook rows have no id: cyd"), "{err}");
    assert!(
        err.contains("1 roster row(s) have no folder in the class, so they get no gradebook row: dee (Dee Absent)"),
        "{err}"
    );
    let canvas = rows(&class.read("canvas/gradebook.csv"));
    let header: Vec<&str> = canvas[0].iter().map(String::as_str).collect();
    assert_eq!(&header[..5], ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]);
    assert_eq!(header[5], "exercise-01");
    assert_eq!(header.len(), 5 + 23, "one column per assignment, no total (Canvas computes it)");
    assert_eq!(canvas[1][0], "Points Possible");
    assert_eq!(canvas[1][5], "7");
    assert_eq!(&canvas[2][..7], ["Ada Lovelace", "", "S-1001", "ada@uni.edu", "Mon", "7", "8"]);
    assert_eq!(&canvas[3][..5], ["Babbage, Ben", "", "S-1002", "ben@uni.edu", "Tue"]);
    assert_eq!(&canvas[4][..6], ["cyd", "", "", "", "", "7"]);

    let output =
        class.batch(&["-j", "2", "--report", "moodle", "--roster", "roster.csv", "--gradebook-format", "moodle"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let moodle = rows(&class.read("moodle/gradebook.csv"));
    assert_eq!(&moodle[0][..4], ["ID number", "Email address", "Full name", "exercise-01"]);
    assert_eq!(&moodle[1][..5], ["S-1001", "ada@uni.edu", "Ada Lovelace", "7", "8"]);

    // The plain gradebook keeps its folder column and adds the roster's.
    let output = class.batch(&["-j", "2", "--report", "plain", "--roster", "roster.csv"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let plain = rows(&class.read("plain/gradebook.csv"));
    assert_eq!(&plain[0][..5], ["student", "name", "id", "email", "exercise-01"]);
    assert_eq!(&plain[1][..4], ["ada", "Ada Lovelace", "S-1001", "ada@uni.edu"]);
    // The same report from a merge.
    let output = class.batch(&["-j", "2", "--output", "out.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let merged = class.grade(&[
        "merge",
        "out.jsonl",
        "--report",
        "merged",
        "--roster",
        "roster.csv",
        "--gradebook-format",
        "canvas",
    ]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert_eq!(class.read("merged/gradebook.csv"), class.read("canvas/gradebook.csv"));
}
