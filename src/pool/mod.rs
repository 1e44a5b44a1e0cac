//! Grading many submissions: a pool of long-lived worker processes (the same binary, `grade
//! __worker`) driven by tokio, with a watchdog that kills and replaces a worker whose job outruns
//! its budget or that dies, so one hostile submission costs only its own result.
//!
//! In-process mode (`isolation: false`) grades on threads instead: faster to start, for debugging
//! and trusted code, but a native call that never yields would hang it.

#[cfg(windows)]
mod job_object;
pub mod protocol;
pub mod worker;

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::grading::{self, Feedback, Interruption, Outcome, PreparedExercise, Submission};
use protocol::{FromWorker, Job, PROTOCOL_VERSION, ToWorker};

/// The hidden subcommand a worker process runs.
pub const WORKER_COMMAND: &str = "__worker";

/// One submission to grade.
#[derive(Clone)]
pub struct WorkItem {
    /// The prepared exercise.
    pub exercise: Arc<PreparedExercise>,
    /// The submission file.
    pub path: PathBuf,
    /// How reports name it.
    pub display: String,
    /// Read the values in the backpacks of failing `calls` checks (a second run of each such
    /// check): for a report a learner reads, not for a class.
    pub backpack_values: bool,
}

/// How to grade.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    /// Concurrent workers.
    pub workers: usize,
    /// Worker processes with a watchdog (true) or threads in this process (false).
    pub isolation: bool,
}

impl PoolOptions {
    /// `jobs` workers, or one per core when 0.
    pub fn new(jobs: usize, isolation: bool) -> PoolOptions {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        PoolOptions { workers: if jobs == 0 { cores } else { jobs }, isolation }
    }
}

/// How long one check may run before the watchdog stops it: its own time limit (which the
/// engine enforces itself) plus a margin for starting the context and copying values out. Only
/// native code that never yields, or an engine fault, ever meets it.
pub fn check_budget(exercise: &PreparedExercise, index: usize) -> Duration {
    let limit = exercise.limits_for(index.min(exercise.exercise.checks.len().saturating_sub(1))).time_ms;
    Duration::from_millis(limit + limit / 4 + 750)
}

/// The work not yet handed out, shared by the workers: items are made as they are taken, so a
/// class of thousands never holds them all at once.
type Queue = Arc<Mutex<Box<dyn Iterator<Item = (usize, WorkItem)> + Send>>>;

/// Takes the next item off the queue.
fn next_item(queue: &Queue) -> Option<(usize, WorkItem)> {
    queue.lock().ok().and_then(|mut q| q.next())
}

/// Grades every item, calling `on_result(index, outcome)` as each finishes (in completion order).
/// Items are taken from `items` only as workers become free.
pub fn grade_many<I>(items: I, options: &PoolOptions, mut on_result: impl FnMut(usize, Outcome)) -> anyhow::Result<()>
where
    I: IntoIterator<Item = WorkItem>,
    I::IntoIter: ExactSizeIterator + Send + 'static,
{
    let items = items.into_iter();
    if items.len() == 0 {
        return Ok(());
    }
    let workers = options.workers.clamp(1, items.len());
    let queue: Queue = Arc::new(Mutex::new(Box::new(items.enumerate())));
    if !options.isolation {
        return grade_in_threads(queue, workers, on_result);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let exe = worker_program()?;
    // Bounded: outcomes wait in a worker's task, not in a queue that grows, when the parent's
    // writing falls behind.
    let (tx, mut rx) = tokio::sync::mpsc::channel(workers * 2);
    for _ in 0..workers {
        runtime.spawn(drive_worker(exe.clone(), queue.clone(), tx.clone()));
    }
    drop(tx);
    while let Some((index, outcome)) = runtime.block_on(rx.recv()) {
        on_result(index, outcome);
    }
    Ok(())
}

fn grade_in_threads(queue: Queue, workers: usize, mut on_result: impl FnMut(usize, Outcome)) -> anyhow::Result<()> {
    let (tx, rx) = std::sync::mpsc::channel();
    for _ in 0..workers {
        let queue = queue.clone();
        let tx = tx.clone();
        std::thread::Builder::new().stack_size(crate::sandbox::stack_for(64 << 20)).spawn(move || {
            loop {
                let Some((index, item)) = next_item(&queue) else { break };
                let outcome = grade_locally(&item);
                if tx.send((index, outcome)).is_err() {
                    break;
                }
            }
        })?;
    }
    drop(tx);
    for (index, outcome) in rx {
        on_result(index, outcome);
    }
    Ok(())
}

/// Grades one item on this thread (which needs the exercise's stack).
fn grade_locally(item: &WorkItem) -> Outcome {
    match Submission::read(&item.path) {
        Ok(mut sub) => {
            sub.display = item.display.clone();
            grading::grade_here(
                &item.exercise,
                &sub,
                Feedback { mistakes: true, backpack_values: item.backpack_values },
            )
        }
        Err(problem) => grading::unreadable(&item.exercise.exercise, &item.display, &problem),
    }
}

/// The environment variable naming the program run as a grading worker, instead of this binary
/// itself (for a packaging that installs the worker apart, and for diagnosing a pool).
pub const WORKER_PROGRAM_VAR: &str = "GRADE_WORKER_PROGRAM";

/// How much of a worker's stderr is kept to say why it died (a panic message, a failed limit).
const STDERR_KEPT: usize = 4096;

/// A live worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
    /// The first [`STDERR_KEPT`] bytes of its stderr, complete once the worker has exited.
    stderr: tokio::task::JoinHandle<Vec<u8>>,
}

/// The program a worker runs: [`WORKER_PROGRAM_VAR`] if set, else this binary.
fn worker_program() -> std::io::Result<PathBuf> {
    match std::env::var_os(WORKER_PROGRAM_VAR) {
        Some(program) if !program.is_empty() => Ok(PathBuf::from(program)),
        _ => std::env::current_exe(),
    }
}

/// Reads a worker's stderr to its end, keeping the first [`STDERR_KEPT`] bytes: the pipe is always
/// drained, so a worker that writes a lot never blocks on it.
fn keep_stderr(mut stderr: tokio::process::ChildStderr) -> tokio::task::JoinHandle<Vec<u8>> {
    tokio::spawn(async move {
        let mut kept = Vec::new();
        let mut buf = [0u8; 1024];
        while let Ok(n) = stderr.read(&mut buf).await {
            if n == 0 {
                break;
            }
            let room = STDERR_KEPT.saturating_sub(kept.len());
            kept.extend_from_slice(&buf[..n.min(room)]);
        }
        kept
    })
}

/// Why a worker failed to start, in a sentence for the result of the submission that waited.
async fn spawn_worker(exe: &PathBuf) -> Result<Worker, String> {
    let mut command = Command::new(exe);
    command.arg(WORKER_COMMAND).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).env_clear();
    // Windows: system libraries look for the system folder in SystemRoot.
    #[cfg(windows)]
    if let Some(root) = std::env::var_os("SystemRoot") {
        command.env("SystemRoot", root);
    }
    let mut child =
        command.kill_on_drop(true).spawn().map_err(|e| format!("{} could not be started: {e}", exe.display()))?;
    // Windows: contained before it is sent anything (the Unix limits are the worker's own).
    #[cfg(windows)]
    if let Err(why) = child
        .raw_handle()
        .ok_or_else(|| "it exited at once".to_string())
        .and_then(|handle| job_object::contain(handle, worker::WORKER_MEMORY_MB << 20))
    {
        let _ = child.start_kill();
        return Err(why);
    }
    let (Some(stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err("its pipes could not be opened".into());
    };
    let mut worker = Worker { child, stdin, stdout, stderr: keep_stderr(stderr) };
    match tokio::time::timeout(Duration::from_secs(30), read_message(&mut worker.stdout)).await {
        Ok(Ok(Some(FromWorker::Ready { version: PROTOCOL_VERSION }))) => Ok(worker),
        Ok(Ok(Some(FromWorker::Ready { version }))) => {
            let _ = worker.child.start_kill();
            Err(format!("it speaks protocol {version}, not {PROTOCOL_VERSION} (a stale binary?)"))
        }
        Ok(Ok(Some(other))) => {
            let _ = worker.child.start_kill();
            Err(format!("it sent {other:?} before saying it was ready"))
        }
        Ok(_) => Err(died(&mut worker).await.0),
        Err(_) => {
            let _ = worker.child.start_kill();
            Err("it did not say it was ready within 30 s".into())
        }
    }
}

async fn read_message(stdout: &mut ChildStdout) -> std::io::Result<Option<FromWorker>> {
    let mut len = [0u8; 4];
    match stdout.read_exact(&mut len).await {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    let mut buf = vec![0u8; len.min(64 << 20)];
    stdout.read_exact(&mut buf).await?;
    protocol::decode(len, |b| {
        b.copy_from_slice(&buf);
        Ok(())
    })
    .map(Some)
}

async fn send(stdin: &mut ChildStdin, message: &ToWorker) -> std::io::Result<()> {
    let mut frame = Vec::new();
    protocol::write_frame(&mut frame, message)?;
    stdin.write_all(&frame).await?;
    stdin.flush().await
}

/// What became of one job sent to a worker.
enum JobEnd {
    Done(Box<Outcome>),
    /// The worker sent its verdict, then was lost (or overran) adding to it: the verdict stands,
    /// and the worker must be replaced.
    Salvaged(Box<Outcome>),
    /// The worker must be replaced; the message is the submission's verdict.
    Lost(String, Interruption),
}

async fn drive_worker(exe: PathBuf, queue: Queue, results: tokio::sync::mpsc::Sender<(usize, Outcome)>) {
    let mut worker: Option<Worker> = None;
    let mut next_id = 0u64;
    loop {
        let Some((index, item)) = next_item(&queue) else { break };
        next_id += 1;
        let mut why_not = String::new();
        for attempt in 0..3 {
            if worker.is_some() {
                break;
            }
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            match spawn_worker(&exe).await {
                Ok(w) => worker = Some(w),
                Err(why) => why_not = why,
            }
        }
        let end = match worker.as_mut() {
            Some(w) => run_job(w, next_id, &item).await,
            None => {
                JobEnd::Lost(format!("stopped: no grading process could be started: {why_not}"), Interruption::Grader)
            }
        };
        if matches!(end, JobEnd::Salvaged(_))
            && let Some(mut w) = worker.take()
        {
            let _ = w.child.start_kill();
            let _ = w.child.wait().await;
        }
        let outcome = match end {
            JobEnd::Done(mut outcome) | JobEnd::Salvaged(mut outcome) => {
                let prepared = item.exercise.clone();
                tokio::task::spawn_blocking(move || {
                    grading::recognise_mistake(&prepared, &mut outcome);
                    *outcome
                })
                .await
                .unwrap_or_else(|_| {
                    grading::stopped(
                        &item.exercise.exercise,
                        &item.display,
                        "stopped: the known mistakes could not be graded".into(),
                        Interruption::Grader,
                    )
                })
            }
            JobEnd::Lost(message, by) => {
                if let Some(mut w) = worker.take() {
                    let _ = w.child.start_kill();
                    let _ = w.child.wait().await;
                }
                grading::stopped(&item.exercise.exercise, &item.display, message, by)
            }
        };
        if results.send((index, outcome)).await.is_err() {
            break;
        }
    }
    if let Some(mut w) = worker {
        drop(w.stdin);
        let _ = tokio::time::timeout(Duration::from_secs(2), w.child.wait()).await;
    }
}

async fn run_job(worker: &mut Worker, id: u64, item: &WorkItem) -> JobEnd {
    let job = Job {
        id,
        exercise: item.exercise.exercise.path.clone(),
        limits: item.exercise.course_limits(),
        submission: item.path.clone(),
        display: item.display.clone(),
        backpack_values: item.backpack_values,
    };
    if send(&mut worker.stdin, &ToWorker::Grade(job)).await.is_err() {
        return lost(worker).await;
    }
    // Preparing an exercise is trusted work; it gets a generous wait of its own.
    match tokio::time::timeout(Duration::from_secs(120), read_message(&mut worker.stdout)).await {
        Ok(Ok(Some(FromWorker::Started { .. }))) => {}
        Ok(Ok(Some(FromWorker::Failed { message, .. }))) => {
            return JobEnd::Lost(
                format!("stopped: the exercise could not be prepared: {message}"),
                Interruption::Grader,
            );
        }
        Ok(_) => return lost(worker).await,
        Err(_) => {
            return JobEnd::Lost("stopped: the exercise took too long to prepare".into(), Interruption::Grader);
        }
    }
    // From here on every message must come within the budget of the check under way.
    let mut index = 0;
    // The verdict, once the worker has sent it: what it does after that (reading backpack
    // values) cannot take it away.
    let mut graded: Option<Box<Outcome>> = None;
    loop {
        let message = tokio::time::timeout(check_budget(&item.exercise, index), read_message(&mut worker.stdout)).await;
        match message {
            Ok(Ok(Some(FromWorker::Check { index: next, .. }))) => index = next,
            Ok(Ok(Some(FromWorker::Graded { outcome, .. }))) => graded = Some(outcome),
            Ok(Ok(Some(FromWorker::Done { outcome, .. }))) => return JobEnd::Done(outcome),
            // Lost, overran or misspoke after its verdict: the verdict stands.
            _ if graded.is_some() => return JobEnd::Salvaged(graded.take().expect("a verdict was sent")),
            Ok(Ok(Some(other))) => {
                return JobEnd::Lost(format!("stopped: the grading process sent {other:?}"), Interruption::Grader);
            }
            Ok(_) => return lost(worker).await,
            Err(_) => {
                let limit =
                    item.exercise.limits_for(index.min(item.exercise.exercise.checks.len().saturating_sub(1))).time_ms;
                let name = item.exercise.exercise.checks.get(index).map_or("?", |c| c.name.as_str());
                return JobEnd::Lost(
                    format!(
                        "stopped: ran past the {limit} ms limit in native code, in check \"{name}\" (the watchdog ended it)"
                    ),
                    Interruption::Submission,
                );
            }
        }
    }
}

/// The end of a job whose worker went away.
async fn lost(worker: &mut Worker) -> JobEnd {
    let (why, by) = died(worker).await;
    JobEnd::Lost(format!("stopped: {why}"), by)
}

/// Why a worker went away (a phrase to follow `stopped: `), from its exit status and what it
/// wrote to stderr, and whose doing it
/// was: a signal that an OS limit or an engine crash sends is the submission's; a worker that
/// exited on its own (a panic, a limit it could not apply) or stopped answering is the grader's.
async fn died(worker: &mut Worker) -> (String, Interruption) {
    let status = tokio::time::timeout(Duration::from_secs(2), worker.child.wait()).await;
    let said = match tokio::time::timeout(Duration::from_secs(1), &mut worker.stderr).await {
        Ok(Ok(bytes)) => last_words(&bytes),
        _ => None,
    };
    let (message, by) = match status {
        Ok(Ok(status)) => exit_cause(status),
        _ => ("the grading process stopped answering".to_string(), Interruption::Grader),
    };
    match said {
        Some(said) => (format!("{message}; it said: {said}"), by),
        None => (message, by),
    }
}

/// The sentence and the party for a worker's exit status.
#[cfg(unix)]
fn exit_cause(status: std::process::ExitStatus) -> (String, Interruption) {
    use std::os::unix::process::ExitStatusExt;
    let submission = |text: &str| (text.to_string(), Interruption::Submission);
    match status.signal() {
        Some(libc::SIGXCPU) => submission("CPU time limit of the grading process"),
        Some(libc::SIGSEGV | libc::SIGBUS) => submission("the JavaScript engine crashed on this submission"),
        Some(libc::SIGABRT) => submission("memory limit (the grading process ran out of memory)"),
        Some(libc::SIGXFSZ) => submission("the submission tried to write a file"),
        Some(sig) => (format!("the grading process was killed by signal {sig}"), Interruption::Submission),
        None => (format!("the grading process exited ({status})"), Interruption::Grader),
    }
}

/// The sentence and the party for a worker's exit status: an NTSTATUS crash code (0xC...) is the
/// submission's doing, as a signal is on Unix; any other exit the grader's.
#[cfg(not(unix))]
fn exit_cause(status: std::process::ExitStatus) -> (String, Interruption) {
    let submission = |text: &str| (text.to_string(), Interruption::Submission);
    match status.code().map(|code| code as u32) {
        Some(0xC000_0005) => submission("the JavaScript engine crashed on this submission"),
        Some(0xC000_00FD) => submission("the JavaScript engine crashed on this submission (native stack overflow)"),
        // No memory / commitment limit (the Job Object's cap), and the fail-fast abort that Rust
        // takes when an allocation fails.
        Some(0xC000_0017 | 0xC000_012D | 0xC000_0409) => {
            submission("memory limit (the grading process ran out of memory)")
        }
        Some(code) if code >= 0xC000_0000 => {
            (format!("the grading process crashed (status {code:#010X})"), Interruption::Submission)
        }
        _ => (format!("the grading process exited ({status})"), Interruption::Grader),
    }
}

/// The last non-empty lines of a worker's stderr, at most a few hundred characters, as one line.
fn last_words(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let start = lines.len().saturating_sub(3);
    let joined = lines[start..].join(" / ");
    if joined.is_empty() {
        return None;
    }
    const MOST: usize = 400;
    Some(match joined.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
    }

    #[test]
    #[cfg(unix)]
    fn a_worker_that_dies_before_ready_says_why() {
        // Any program that writes to stderr and exits stands in for a worker that panicked.
        let script = std::env::temp_dir().join(format!("grade-dying-worker-{}.sh", std::process::id()));
        std::fs::write(
            &script,
            "#!/bin/sh\necho \"thread 'grade' panicked: a grading thread can be started\" >&2\nexit 3\n",
        )
        .expect("the script is written");
        let mut perms = std::fs::metadata(&script).expect("it exists").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&script, perms).expect("it is executable");
        let why = runtime().block_on(spawn_worker(&script)).err().expect("the worker does not start");
        let _ = std::fs::remove_file(&script);
        assert!(why.contains("exited (exit status: 3)"), "{why}");
        assert!(why.contains("panicked: a grading thread can be started"), "{why}");
    }

    #[test]
    fn a_missing_worker_program_is_named() {
        let why = runtime().block_on(spawn_worker(&PathBuf::from("/nonexistent/grade"))).err().expect("no worker");
        assert!(why.contains("/nonexistent/grade could not be started"), "{why}");
    }

    #[test]
    fn stderr_is_kept_short_and_on_one_line() {
        assert_eq!(last_words(b"\n  first\nsecond\n\n"), Some("first / second".into()));
        assert_eq!(last_words(b"  \n"), None);
        let long = "x".repeat(10_000);
        let kept = last_words(long.as_bytes()).expect("some text");
        assert_eq!(kept.chars().count(), 401);
    }

    #[test]
    #[cfg(unix)]
    fn signals_are_the_submission_and_exits_the_grader() {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(exit_cause(std::process::ExitStatus::from_raw(libc::SIGXCPU)).1, Interruption::Submission);
        assert_eq!(exit_cause(std::process::ExitStatus::from_raw(3 << 8)).1, Interruption::Grader);
    }

    #[test]
    #[cfg(windows)]
    fn crash_codes_are_the_submission_and_exits_the_grader() {
        use std::os::windows::process::ExitStatusExt;
        let cause = |code: u32| exit_cause(std::process::ExitStatus::from_raw(code));
        assert_eq!(cause(0xC000_0005).1, Interruption::Submission);
        assert!(cause(0xC000_0409).0.contains("memory limit"), "{}", cause(0xC000_0409).0);
        assert_eq!(cause(3).1, Interruption::Grader);
    }
}
