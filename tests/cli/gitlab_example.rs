//! examples/gitlab/.gitlab-ci.yml's script run line by line as GitLab's shell runner does, as an
//! unprivileged user, on a student's repository: the JUnit file it hands to GitLab
//! (`artifacts:reports:junit`) validates against junit-10.xsd.

use std::os::unix::process::CommandExt;

use yaml_rust2::YamlLoader;

use crate::formats::assert_valid_junit;
use crate::support::{NOBODY, Unprivileged, copy_tree, fixture, repo, running_as_root};

#[test]
fn the_gitlab_job_writes_the_junit_report_it_declares() {
    let text = std::fs::read_to_string(repo().join("examples/gitlab/.gitlab-ci.yml")).unwrap();
    let doc = YamlLoader::load_from_str(&text).expect("YAML").remove(0);
    let job = &doc["grade"];
    assert_eq!(job["artifacts"]["reports"]["junit"].as_str(), Some("junit.xml"));
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"), "a failing check still uploads the report");
    let lines: Vec<&str> = job["script"].as_vec().unwrap().iter().map(|l| l.as_str().unwrap()).collect();

    let sandbox = Unprivileged::new(&fixture("reports"));
    let workspace = sandbox.writable("workspace");
    copy_tree(&sandbox.course().join("exercises"), &workspace.join("exercises"));
    std::fs::copy(sandbox.course().join("grader.toml"), workspace.join("grader.toml")).unwrap();
    let submissions = sandbox.writable("workspace/submissions");
    std::fs::copy(fixture("reports/hostile/escapes.js"), submissions.join("greet.js")).unwrap();
    // The cache holds grade from an earlier pipeline, so the job does not build it.
    std::fs::create_dir_all(workspace.join(".grade/bin")).unwrap();
    std::fs::copy(sandbox.path("grade"), workspace.join(".grade/bin/grade")).unwrap();

    let script = lines.join("\n");
    let mut cmd = std::process::Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script]).current_dir(&workspace).env("NO_COLOR", "1");
    if running_as_root() {
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let out = cmd.output().expect("bash runs");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "a failing check must not fail the job before the report is kept:\n{log}");
    assert!(!log.contains("Compiling"), "grade was rebuilt despite the cache:\n{log}");
    let xml = std::fs::read_to_string(workspace.join("junit.xml")).expect("junit.xml is written");
    assert!(xml.contains("<failure") && xml.contains("no file was handed in"), "{xml}");
    assert_valid_junit(&xml);
}
