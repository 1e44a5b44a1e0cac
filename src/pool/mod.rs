//! Grading many submissions: a pool of long-lived worker processes (the same binary, `grade
//! __worker`) driven by tokio, with a watchdog that kills and replaces a worker whose job outruns
//! its budget or that dies, so one hostile submission costs only its own result.
//!
//! In-process mode (`isolation: false`) grades on threads instead: faster to start, for debugging
//! and trusted code, but a native call that never yields would hang it.

pub mod protocol;
pub mod worker;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::grading::{self, Outcome, PreparedExercise, Submission};
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

/// Grades every item, calling `on_result(index, outcome)` as each finishes (in completion order).
pub fn grade_many(
    items: Vec<WorkItem>,
    options: &PoolOptions,
    mut on_result: impl FnMut(usize, Outcome),
) -> anyhow::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let workers = options.workers.clamp(1, items.len());
    let queue: Arc<Mutex<VecDeque<(usize, WorkItem)>>> = Arc::new(Mutex::new(items.into_iter().enumerate().collect()));
    if !options.isolation {
        return grade_in_threads(queue, workers, on_result);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let exe = std::env::current_exe()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    for _ in 0..workers {
        runtime.spawn(drive_worker(exe.clone(), queue.clone(), tx.clone()));
    }
    drop(tx);
    while let Some((index, outcome)) = runtime.block_on(rx.recv()) {
        on_result(index, outcome);
    }
    Ok(())
}

fn grade_in_threads(
    queue: Arc<Mutex<VecDeque<(usize, WorkItem)>>>,
    workers: usize,
    mut on_result: impl FnMut(usize, Outcome),
) -> anyhow::Result<()> {
    let (tx, rx) = std::sync::mpsc::channel();
    for _ in 0..workers {
        let queue = queue.clone();
        let tx = tx.clone();
        std::thread::Builder::new().stack_size(crate::sandbox::stack_for(64 << 20)).spawn(move || {
            loop {
                let next = queue.lock().map(|mut q| q.pop_front()).ok().flatten();
                let Some((index, item)) = next else { break };
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
            grading::grade_here(&item.exercise, &sub, true)
        }
        Err(problem) => grading::unreadable(&item.exercise.exercise, &item.display, &problem),
    }
}

/// A live worker process.
struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: ChildStdout,
}

async fn spawn_worker(exe: &PathBuf) -> std::io::Result<Worker> {
    let mut child = Command::new(exe)
        .arg(WORKER_COMMAND)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_clear()
        .kill_on_drop(true)
        .spawn()?;
    let stdin = child.stdin.take().ok_or_else(|| std::io::Error::other("no stdin"))?;
    let stdout = child.stdout.take().ok_or_else(|| std::io::Error::other("no stdout"))?;
    let mut worker = Worker { child, stdin, stdout };
    match tokio::time::timeout(Duration::from_secs(30), read_message(&mut worker.stdout)).await {
        Ok(Ok(Some(FromWorker::Ready { version: PROTOCOL_VERSION }))) => Ok(worker),
        Ok(Ok(Some(FromWorker::Ready { version }))) => {
            Err(std::io::Error::other(format!("worker speaks protocol {version}, not {PROTOCOL_VERSION}")))
        }
        _ => Err(std::io::Error::other("the worker did not start")),
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
    /// The worker must be replaced; the message is the submission's verdict.
    Lost(String),
}

async fn drive_worker(
    exe: PathBuf,
    queue: Arc<Mutex<VecDeque<(usize, WorkItem)>>>,
    results: tokio::sync::mpsc::UnboundedSender<(usize, Outcome)>,
) {
    let mut worker: Option<Worker> = None;
    let mut next_id = 0u64;
    loop {
        let next = queue.lock().map(|mut q| q.pop_front()).ok().flatten();
        let Some((index, item)) = next else { break };
        next_id += 1;
        for attempt in 0..3 {
            if worker.is_some() {
                break;
            }
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            worker = spawn_worker(&exe).await.ok();
        }
        let end = match worker.as_mut() {
            Some(w) => run_job(w, next_id, &item).await,
            None => JobEnd::Lost("stopped: no grading process could be started".into()),
        };
        let outcome = match end {
            JobEnd::Done(outcome) => *outcome,
            JobEnd::Lost(message) => {
                if let Some(mut w) = worker.take() {
                    let _ = w.child.start_kill();
                    let _ = w.child.wait().await;
                }
                grading::stopped(&item.exercise.exercise, &item.display, message)
            }
        };
        if results.send((index, outcome)).is_err() {
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
    };
    if send(&mut worker.stdin, &ToWorker::Grade(job)).await.is_err() {
        return JobEnd::Lost(died(worker).await);
    }
    // Preparing an exercise is trusted work; it gets a generous wait of its own.
    match tokio::time::timeout(Duration::from_secs(120), read_message(&mut worker.stdout)).await {
        Ok(Ok(Some(FromWorker::Started { .. }))) => {}
        Ok(Ok(Some(FromWorker::Failed { message, .. }))) => return JobEnd::Lost(message),
        Ok(_) => return JobEnd::Lost(died(worker).await),
        Err(_) => return JobEnd::Lost("stopped: the exercise took too long to prepare".into()),
    }
    // From here on every message must come within the budget of the check under way.
    let mut index = 0;
    loop {
        match tokio::time::timeout(check_budget(&item.exercise, index), read_message(&mut worker.stdout)).await {
            Ok(Ok(Some(FromWorker::Check { index: next, .. }))) => index = next,
            Ok(Ok(Some(FromWorker::Done { outcome, .. }))) => return JobEnd::Done(outcome),
            Ok(Ok(Some(other))) => return JobEnd::Lost(format!("stopped: the grading process sent {other:?}")),
            Ok(_) => return JobEnd::Lost(died(worker).await),
            Err(_) => {
                let limit =
                    item.exercise.limits_for(index.min(item.exercise.exercise.checks.len().saturating_sub(1))).time_ms;
                let name = item.exercise.exercise.checks.get(index).map_or("?", |c| c.name.as_str());
                return JobEnd::Lost(format!(
                    "stopped: ran past the {limit} ms limit in native code, in check \"{name}\" (the watchdog ended it)"
                ));
            }
        }
    }
}

/// Why a worker went away, from its exit status.
async fn died(worker: &mut Worker) -> String {
    let status = tokio::time::timeout(Duration::from_secs(2), worker.child.wait()).await;
    use std::os::unix::process::ExitStatusExt;
    match status {
        Ok(Ok(status)) => match status.signal() {
            Some(libc::SIGXCPU) => "stopped: CPU time limit of the grading process".into(),
            Some(libc::SIGSEGV | libc::SIGBUS) => "stopped: the JavaScript engine crashed on this submission".into(),
            Some(libc::SIGABRT) => "stopped: memory limit (the grading process ran out of memory)".into(),
            Some(libc::SIGXFSZ) => "stopped: the submission tried to write a file".into(),
            Some(sig) => format!("stopped: the grading process was killed by signal {sig}"),
            None => format!("stopped: the grading process exited ({status})"),
        },
        _ => "stopped: the grading process stopped answering".into(),
    }
}
