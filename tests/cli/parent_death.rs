//! A `grade` killed outright (SIGKILL: a cancelled CI job, an OOM kill; Task Manager on
//! Windows) takes its workers with it, even one stuck in native code that never yields. Linux has
//! a parent-death signal; every Unix, macOS included, has the worker's own watcher thread; on
//! Windows the workers' Job Object dies with `grade`'s handle to it.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{copy_tree, repo};

/// The children of `parent` that are alive.
#[cfg(unix)]
fn children_of(parent: u32) -> Vec<u32> {
    processes().iter().filter(|&&(_, ppid, _)| ppid == parent).map(|&(pid, _, _)| pid).collect()
}

/// Every process as (pid, parent pid, state letter), from `ps` (procps on Linux, BSD on macOS).
#[cfg(unix)]
fn processes() -> Vec<(u32, u32, char)> {
    let out = std::process::Command::new("ps").args(["-A", "-o", "pid=", "-o", "ppid=", "-o", "stat="]).output();
    let out = out.expect("ps runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let pid = fields.next()?.parse().ok()?;
            let ppid = fields.next()?.parse().ok()?;
            let state = fields.next()?.chars().next()?;
            Some((pid, ppid, state))
        })
        .collect()
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    processes().iter().any(|&(p, _, state)| p == pid && state != 'Z' && state != 'X')
}

/// The process ids PowerShell prints for `script`, one a line.
#[cfg(windows)]
fn powershell_ids(script: &str) -> Vec<u32> {
    let out = std::process::Command::new("powershell")
        .args(["-NoProfile", "-NonInteractive", "-Command", script])
        .output()
        .expect("powershell runs");
    String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| l.trim().parse().ok()).collect()
}

/// The `grade.exe` children of `parent` (its workers, not a console host; Windows keeps a dead
/// parent's id in its children).
#[cfg(windows)]
fn children_of(parent: u32) -> Vec<u32> {
    powershell_ids(&format!(
        "(Get-CimInstance Win32_Process -Filter \"ParentProcessId={parent} AND Name='grade.exe'\").ProcessId"
    ))
}

#[cfg(windows)]
fn alive(pid: u32) -> bool {
    !powershell_ids(&format!("(Get-Process -Id {pid} -ErrorAction SilentlyContinue).Id")).is_empty()
}

/// Stops a process this test left behind.
fn stop(pid: u32) {
    #[cfg(unix)]
    let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
    #[cfg(windows)]
    let _ = std::process::Command::new("taskkill").args(["/F", "/PID", &pid.to_string()]).status();
}

#[test]
fn a_killed_grade_leaves_no_worker_behind() {
    // The bundled course with a long time limit, so that only the parent's death can stop the
    // worker's native loop (the watchdog would wait 38 s).
    let course = tempfile::tempdir().unwrap();
    let config =
        std::fs::read_to_string(repo().join("grader.toml")).unwrap().replace("time_ms = 1000", "time_ms = 30000");
    assert!(config.contains("time_ms = 30000"), "{config}");
    std::fs::write(course.path().join("grader.toml"), config).unwrap();
    copy_tree(&repo().join("exercises"), &course.path().join("exercises"));
    std::fs::write(
        course.path().join("stuck.js"),
        "function makeCounter() {\n  return () => Array.prototype.join.call({ length: 2 ** 32 - 1 }, '');\n}\n",
    )
    .unwrap();
    let mut grade = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .current_dir(course.path())
        .args(["exercise-04", "stuck.js"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let workers = loop {
        let workers = children_of(grade.id());
        if !workers.is_empty() {
            break workers;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no worker process started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Let the worker get into the check that never yields.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(grade.try_wait().unwrap().is_none(), "grade is still grading");
    grade.kill().unwrap();
    grade.wait().unwrap();
    let killed = Instant::now();
    while workers.iter().any(|&w| alive(w)) && killed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(100));
    }
    let orphans: Vec<u32> = workers.iter().copied().filter(|&w| alive(w)).collect();
    for &pid in &orphans {
        // Our own orphan: stop it so that it does not spin on after the test.
        stop(pid);
    }
    assert!(orphans.is_empty(), "worker(s) {orphans:?} kept running after grade was killed");
}
