//! `grade new <course-dir>` and `grade new-exercise <id>`: scaffolds that `grade check` accepts,
//! to be edited from there (docs/writing-a-course.md walks through it).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::Destination;
use crate::exercise::{COURSE_FILE, Course};

/// The first exercise of a new course.
const FIRST_EXERCISE: &str = "exercise-01";

fn course_file(title: &str) -> String {
    format!(
        r#"# The course: see docs/exercise-format.md#gradertoml for every key.
[course]
title = {title}
exercises = "exercises"      # one <id>.toml per exercise
solutions = "solutions"      # the reference solution of each, <id>.js
submissions = "submissions"  # a learner's own files, <id>.js

[limits]                     # for every check; an exercise or a check may change them
time_ms = 1000
memory_mb = 64
stack_kb = 512
output_kb = 64
"#,
        title = toml_string(title)
    )
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// An exercise that `grade check` accepts: a check the starter fails and the solution passes.
fn exercise_file(id: &str) -> String {
    format!(
        r#"# Exercise {id}: see docs/exercise-format.md for every key, with an example each.
title = {title}
tags = ["functions"]
entry = ["makeGreeting"]       # the names the learner's file must define
prompt = """
Write `makeGreeting(greeting)`, which returns a function that greets a name:
`makeGreeting("Hello")("Ada")` is `"Hello, Ada!"`.
"""
hints = ["Return a function from makeGreeting; it can still read `greeting`."]
starter = """
function makeGreeting(greeting) {{
  // return a function of name
}}
"""

[[check]]
name = "returns a function"
run = "typeof makeGreeting('Hello')"
expect = "function"

[[check]]
name = "greets by name"
setup = "const hello = makeGreeting('Hello');"
calls = ["hello('Ada')", "hello('Grace')"]
expect = ["Hello, Ada!", "Hello, Grace!"]

[[mistake]]
name = "forgets the greeting"
code = """
function makeGreeting(greeting) {{
  return (name) => `${{name}}!`;
}}
"""
explain = "The returned function still sees `greeting`: use it in the text it returns."
"#,
        title = toml_string(&format!("{id}: a greeting factory"))
    )
}

const SOLUTION: &str = "function makeGreeting(greeting) {\n  return (name) => `${greeting}, ${name}!`;\n}\n";

/// Writes `path` only if nothing is there.
fn create(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => {
            use std::io::Write;
            let mut file = file;
            file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!("{} already exists; grade new never overwrites a file", path.display())
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

/// Whether `id` can be an exercise id (a file stem every system accepts).
fn id_problem(id: &str) -> Option<String> {
    let ok = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && id.starts_with(|c: char| c.is_ascii_alphanumeric());
    (!ok).then(|| {
        format!("`{id}` cannot be an exercise id: use letters, digits, `-` and `_`, such as exercise-02; see docs/exercise-format.md#exercise-files")
    })
}

/// `grade new <dir>`: a course folder with grader.toml, one exercise and its solution.
pub fn run_course(dir: &Path, dest: &Destination) -> anyhow::Result<ExitCode> {
    if dir.join(COURSE_FILE).exists() {
        bail!(
            "{} already holds a course ({COURSE_FILE}); add an exercise with `grade -C {} new-exercise <id>`",
            dir.display(),
            dir.display()
        );
    }
    let title = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My course".into());
    let files: Vec<(PathBuf, String)> = vec![
        (dir.join(COURSE_FILE), course_file(&title)),
        (dir.join("exercises").join(format!("{FIRST_EXERCISE}.toml")), exercise_file(FIRST_EXERCISE)),
        (dir.join("solutions").join(format!("{FIRST_EXERCISE}.js")), SOLUTION.to_string()),
    ];
    for (path, text) in &files {
        create(path, text)?;
    }
    std::fs::create_dir_all(dir.join("submissions")).with_context(|| format!("cannot create {}", dir.display()))?;
    let listed: Vec<String> = files.iter().map(|(p, _)| format!("  {}", p.display())).collect();
    dest.emit(&format!(
        "Created the course {title:?}:\n{}\nNext: `cd {}` and run `grade check`; then edit exercises/{FIRST_EXERCISE}.toml \
         (docs/writing-a-course.md walks through it).\n",
        listed.join("\n"),
        dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// `grade new-exercise <id>`: an exercise TOML and its reference solution in the course.
pub fn run_exercise(course: &Course, id: &str, dest: &Destination) -> anyhow::Result<ExitCode> {
    if let Some(problem) = id_problem(id) {
        bail!("{problem}");
    }
    let toml_path = course.exercises_dir().join(format!("{id}.toml"));
    let solution = course.solution_path(id);
    create(&toml_path, &exercise_file(id))?;
    create(&solution, SOLUTION)?;
    dest.emit(&format!(
        "Created {} and {}.\nEdit both (docs/exercise-format.md lists every key), then run `grade check`.\n",
        toml_path.display(),
        solution.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_file_stems() {
        assert!(id_problem("exercise-02").is_none());
        assert!(id_problem("../x").unwrap().contains("cannot be an exercise id"));
        assert!(id_problem("").is_some());
        assert!(id_problem("-x").is_some());
    }

    #[test]
    fn the_templates_load() {
        let ex = crate::exercise::Exercise::parse(Path::new("exercises/e.toml"), &exercise_file("e")).unwrap();
        assert_eq!(ex.entry, ["makeGreeting"]);
        toml::from_str::<toml::Table>(&course_file("A \"quoted\" title")).unwrap();
    }
}
