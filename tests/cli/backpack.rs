//! The backpack made visible (issue 11 §3): a failing `calls` check shows, per row, what the
//! called function closes over and where each variable lives; `grade show --backpack FILE` draws
//! every function of a file. Read from the parse only: nothing of the learner's code runs for it.

use insta::assert_snapshot;

use crate::harness::{code, stable, stdout};
use crate::support::{grade_in, repo};

fn grade(exercise: &str, file: &str) -> String {
    let output = grade_in(&repo())
        .env("COLUMNS", "160")
        .args([exercise, &format!("tests/fixtures/feedback/{file}")])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    stable(&stdout(&output))
}

/// The rows of the calls tables of a report that have a backpack column, and their last cells.
fn backpack_cells(out: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut column = None;
    for line in out.lines() {
        if line.trim_start().starts_with('#') {
            column = line.find("backpack");
            continue;
        }
        let Some(at) = column else { continue };
        let row = line.trim_start();
        if !(row.starts_with('>') || row.chars().next().is_some_and(|c| c.is_ascii_digit())) {
            column = None;
            continue;
        }
        let cell = line.get(at..).unwrap_or("").split("  ←").next().unwrap_or("").trim().to_string();
        cells.push(cell);
    }
    cells
}

#[test]
fn each_row_shows_what_the_backpack_held_after_the_call() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex03.js");
    std::fs::write(&file, "function outer() {\n  let seen = 0;\n  return function () {\n    return seen++;\n  };\n}\n")
        .unwrap();
    let output =
        grade_in(&repo()).env("COLUMNS", "160").args(["exercise-03", file.to_str().unwrap()]).output().unwrap();
    let out = stdout(&output);
    // The post-increment hands back 0, 1, 2 while the backpack already holds 1, 2, 3.
    assert!(out.contains("backpack after"), "{out}");
    let cells = backpack_cells(&out);
    assert!(cells.starts_with(&["seen = 1".to_string(), "seen = 2".into(), "seen = 3".into()]), "{cells:?}\n{out}");
    // Two live counters: each row shows the backpack of the counter it called.
    assert!(out.contains("left()   1         0       seen = 1"), "{out}");
    assert!(out.contains("right()  1         0       seen = 1"), "{out}");
}

#[test]
fn a_counter_born_inside_the_returned_function_has_an_empty_backpack() {
    let out = grade("exercise-03", "ex03-counter-inside.js");
    let cells = backpack_cells(&out);
    assert!(!cells.is_empty(), "no backpack column:\n{out}");
    assert!(cells.iter().all(|c| c == "empty"), "{cells:?}\n{out}");
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("backpack: the function that `outer` returns (line 2) carries nothing from `outer`"),
        "{out}"
    );
    assert!(words.contains("`tally` is declared inside the inner function (line 3), not in `outer`"), "{out}");
}

#[test]
fn a_shared_total_shows_where_it_lives() {
    let out = grade("exercise-04", "ex04-shared-total.js");
    let cells = backpack_cells(&out);
    assert!(!cells.is_empty(), "{out}");
    // What each row's backpack held after the call: the one shared total runs on across counters.
    assert!(cells.iter().all(|c| c.starts_with("total = ") && c.contains(" (top of file)")), "{cells:?}");
    assert!(cells.iter().any(|c| c == "total = 12 (top of file), step = 10"), "{cells:?}");
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("it also uses `total` from the top of the file, one copy shared by every call"), "{out}");
}

#[test]
fn methods_of_a_module_object_show_the_state_they_share() {
    // The mistake "state created inside each method" of exercise-07, as a learner writes it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex07.js");
    std::fs::write(
        &file,
        "var tasks = (function () {\n  return {\n    add(title) { const list = []; list.push(title); return list.length; },\n    complete() { return false; },\n    pending() { return []; },\n    count() { return 0; },\n  };\n})();\n",
    )
    .unwrap();
    let output =
        grade_in(&repo()).env("COLUMNS", "160").args(["exercise-07", file.to_str().unwrap()]).output().unwrap();
    let out = stdout(&output);
    let cells = backpack_cells(&out);
    assert!(!cells.is_empty() && cells.iter().all(|c| c == "empty"), "{cells:?}\n{out}");
    assert!(out.contains("backpack: `add` (line 3) carries no variable of an outer function."), "{out}");
}

#[test]
fn generators_and_iterators_show_the_function_that_made_them() {
    let out = grade("exercise-11", "ex11-shared-state.js");
    let cells = backpack_cells(&out);
    assert!(!cells.is_empty(), "{out}");
    assert!(
        cells
            .iter()
            .all(|c| c.starts_with("a = ") && c.contains(" (top of file), b = ") && c.ends_with(" (top of file)")),
        "{cells:?}\n{out}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex10.js");
    std::fs::write(
        &file,
        "let index = 0;\nfunction makeIterator(items) {\n  return {\n    next() {\n      return index < items.length ? { value: items[index++], done: false } : { value: undefined, done: true };\n    },\n    [Symbol.iterator]() { return this; },\n  };\n}\n",
    )
    .unwrap();
    let output =
        grade_in(&repo()).env("COLUMNS", "160").args(["exercise-10", file.to_str().unwrap()]).output().unwrap();
    let out = stdout(&output);
    let cells = backpack_cells(&out);
    assert!(cells.iter().any(|c| c == "index = 3 (top of file), items = [ 1, 2, 3 ]"), "{cells:?}\n{out}");
}

#[test]
fn every_row_of_an_account_check_names_the_method_it_calls() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex06.js");
    std::fs::write(
        &file,
        "let balance = 0;\nfunction createAccount(start) {\n  balance = start;\n  return {\n    deposit(x) { balance += x; return balance; },\n    withdraw(x) { if (x > balance) throw new Error('insufficient funds'); balance -= x; return balance; },\n    getBalance() { return balance; },\n  };\n}\n",
    )
    .unwrap();
    let output =
        grade_in(&repo()).env("COLUMNS", "160").args(["exercise-06", file.to_str().unwrap()]).output().unwrap();
    let out = stdout(&output);
    let cells = backpack_cells(&out);
    // A call wrapped in an arrow (`(() => { try { return wallet.deposit('5'); } ... })()`) calls
    // no method of the learner's directly, and its row says so with a dash.
    let named: Vec<_> = cells.iter().filter(|c| *c != "—").collect();
    assert!(named.len() >= 4 && named.iter().all(|c| c.starts_with("balance")), "{cells:?}\n{out}");
    assert_eq!(named[0], "balance = 5 (top of file)", "{out}");
}

#[test]
fn show_backpack_draws_each_function_where_it_was_born_and_what_it_carries() {
    let output = grade_in(&repo())
        .args(["show", "exercise-04", "--backpack", "tests/fixtures/feedback/ex04-shared-total.js"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0);
    assert_snapshot!(stdout(&output));
    let output = grade_in(&repo()).args(["show", "exercise-03", "--backpack", "no/such/file.js"]).output().unwrap();
    assert_eq!(code(&output), 2, "a missing file cannot be drawn");
}

/// Every exercise of the bundled course with a visible `calls` check shows backpacks in it: its
/// known mistakes, the learner corpus's wrong files, and `tests/fixtures/feedback/backpack-<id>.js`
/// where none of those fails one.
#[test]
fn every_exercise_with_a_calls_check_shows_backpacks_and_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut exercises = 0;
    for entry in std::fs::read_dir(repo().join("exercises")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let table: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let visible_calls =
            |c: &toml::Value| c.get("calls").is_some() && c.get("hidden") != Some(&toml::Value::Boolean(true));
        if !table.get("check").and_then(|c| c.as_array()).is_some_and(|checks| checks.iter().any(visible_calls)) {
            continue;
        }
        exercises += 1;
        let mut files = Vec::new();
        for (i, mistake) in table.get("mistake").and_then(|m| m.as_array()).into_iter().flatten().enumerate() {
            let file = dir.path().join(format!("{id}-{i}.js"));
            std::fs::write(&file, mistake["code"].as_str().unwrap()).unwrap();
            files.push(file);
        }
        let fixture = repo().join(format!("tests/fixtures/feedback/backpack-{id}.js"));
        if fixture.exists() {
            files.push(fixture);
        }
        // And the learner corpus's wrong solutions of the exercise.
        if let Ok(entries) = std::fs::read_dir(repo().join("tests/learner").join(&id)) {
            files.extend(
                entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("wrong-"))),
            );
        }
        let mut cells = Vec::new();
        for file in &files {
            let output =
                grade_in(&repo()).env("COLUMNS", "200").args([id.as_str(), file.to_str().unwrap()]).output().unwrap();
            cells.extend(backpack_cells(&stdout(&output)).into_iter().filter(|c| c != "—"));
        }
        assert!(!cells.is_empty(), "{id}: no failing calls check shows a backpack");
        let carried: Vec<&String> = cells.iter().filter(|c| *c != "empty").collect();
        assert!(
            carried.is_empty() || carried.iter().any(|c| c.contains(" = ")),
            "{id}: backpacks without their values: {carried:?}"
        );
    }
    assert!(exercises >= 15, "only {exercises} exercises with calls checks");
}
