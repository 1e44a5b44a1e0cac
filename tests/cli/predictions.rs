//! Predict-the-output exercises (`kind = "predict"`): a wrong answer is graded like any check,
//! and no format shows an expected answer before the learner has it (JSON, JUnit, Classroom,
//! human; in Gradescope every test a student sees).

use serde_json::Value;

use crate::support::{grade_in, repo};

/// Wrong answers to both predict exercises, and the texts of the right ones, none of which may
/// appear in a report.
const CASES: &[(&str, &str, &[&str])] = &[
    (
        "define-vs-run",
        "const predictions = ['inside run', [4, 5], 10, ['hello', 'hello'], [0, 1, 2]];\n",
        &["outside", "[3, 2]", "[3,2]", "goodbye", "[3, 3, 3]", "[3,3,3]"],
    ),
    (
        "scope-names",
        "const predictions = ['called', ['unused'], 'permanent', 0];\n",
        &["defined", "label", "ticks", "persistent"],
    ),
];

fn report(exercise: &str, file: &std::path::Path, format: &str) -> (Option<i32>, String) {
    let output = grade_in(&repo()).args([exercise, file.to_str().unwrap(), "--format", format]).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn wrong_predictions_fail_without_showing_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    for (exercise, answers, secrets) in CASES {
        let file = dir.path().join(format!("{exercise}.js"));
        std::fs::write(&file, answers).unwrap();
        for format in ["human", "json", "junit", "classroom"] {
            let (code, text) = report(exercise, &file, format);
            assert_eq!(code, Some(1), "{exercise} {format}: {text}");
            for secret in *secrets {
                assert!(!text.contains(secret), "{exercise} --format {format} shows the answer {secret:?}:\n{text}");
            }
        }
        let (_, json) = report(exercise, &file, "json");
        let json: Value = serde_json::from_str(&json).unwrap();
        let checks = json["checks"].as_array().unwrap();
        let predictions: Vec<&Value> = checks.iter().filter(|c| c["name"] != "no global leaks").collect();
        assert!(predictions.iter().all(|c| c["status"] == "fail" && c["expected"].is_null()), "{json:#}");
        let (_, gradescope) = report(exercise, &file, "gradescope");
        let gradescope: Value = serde_json::from_str(&gradescope).unwrap();
        for test in gradescope["tests"].as_array().unwrap().iter().filter(|t| t["visibility"] != "hidden") {
            for secret in *secrets {
                assert!(!test.to_string().contains(secret), "a student sees {secret:?} in {test:#}");
            }
        }
    }
}

#[test]
fn a_predict_exercise_names_no_mistake_so_no_explanation_gives_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    for (exercise, _, secrets) in CASES {
        let text = std::fs::read_to_string(repo().join(format!("exercises/{exercise}.toml"))).unwrap();
        let table: toml::Table = text.parse().unwrap();
        for mistake in table["mistake"].as_array().unwrap() {
            let file = dir.path().join(format!("{exercise}.js"));
            std::fs::write(&file, mistake["code"].as_str().unwrap()).unwrap();
            let (code, text) = report(exercise, &file, "human");
            assert_eq!(code, Some(1), "{text}");
            // A mistake's explanation is about the right answer: none is shown before the pass.
            assert!(!text.contains(mistake["name"].as_str().unwrap()), "the mistake is not named:\n{text}");
            assert!(!text.contains("known mistake"), "{text}");
            for secret in *secrets {
                assert!(!text.contains(secret), "mistake {} shows the answer {secret:?}:\n{text}", mistake["name"]);
            }
        }
    }
}

#[test]
fn a_file_without_predictions_is_told_what_to_define() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("define-vs-run.js");
    std::fs::write(&file, "// I will answer later\n").unwrap();
    let (code, text) = report("define-vs-run", &file, "human");
    assert_eq!(code, Some(1));
    assert!(text.contains("define-vs-run expects a value named predictions; the submission defines none"), "{text}");
}

#[test]
fn right_predictions_pass() {
    for (exercise, _, _) in CASES {
        let solution = repo().join("solutions").join(format!("{exercise}.js"));
        let (code, text) = report(exercise, &solution, "json");
        assert_eq!(code, Some(0), "{text}");
    }
}
