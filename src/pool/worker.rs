//! The worker process (`grade __worker`): grades job after job sent by the parent, under OS
//! limits, on one long-lived thread with a large stack.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use super::protocol::{FromWorker, PROTOCOL_VERSION, ToWorker, read_frame, write_frame};
use crate::exercise::Exercise;
use crate::grading::{self, Feedback, PreparedExercise, Submission, SubmissionProblem};

/// Native stack of the grading thread: enough for any `stack_kb` an exercise may set.
const WORKER_STACK: usize = 256 << 20;

/// The memory cap of a worker process, in MiB: its address space on Unix (`RLIMIT_AS`), its
/// committed memory on Windows (the Job Object's per-process limit).
pub const WORKER_MEMORY_MB: u64 = 4096;

/// An OS limit that could not be applied to a worker.
#[cfg(unix)]
#[derive(Debug, thiserror::Error)]
#[error("grade worker: setrlimit({name}, {value}) failed: {source}")]
pub struct LimitError {
    name: &'static str,
    value: u64,
    source: std::io::Error,
}

/// Applies the OS limits of a worker: address space, CPU time, no files written, no core dumps,
/// no new processes. Each is a backstop behind the engine's own limits and the parent's watchdog.
///
/// Every limit holds for any user: each is lowered to at most the current hard limit (an
/// unprivileged user may lower a limit, never raise it), and `RLIMIT_NPROC` must go on only once
/// the worker has every thread it will ever have (it counts the user's threads, and for any user
/// but root it then forbids new ones).
#[cfg(unix)]
pub fn apply_os_limits(address_space: u64) -> Result<(), LimitError> {
    let set = |name: &'static str, resource, value: u64| -> Result<(), LimitError> {
        let mut current = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit writes into the struct it is given.
        if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
            return Err(LimitError { name, value, source: std::io::Error::last_os_error() });
        }
        let wanted = (value as libc::rlim_t).min(current.rlim_max);
        let limit = libc::rlimit { rlim_cur: wanted, rlim_max: wanted };
        // SAFETY: setrlimit only reads the struct.
        if unsafe { libc::setrlimit(resource, &limit) } != 0 {
            return Err(LimitError { name, value, source: std::io::Error::last_os_error() });
        }
        Ok(())
    };
    // macOS enforces no address-space limit, and since macOS 12 refuses one below its own huge
    // reservation (EINVAL): there the allocator cap and the watchdog stand alone.
    #[cfg(not(target_os = "macos"))]
    set("RLIMIT_AS", libc::RLIMIT_AS, address_space)?;
    #[cfg(target_os = "macos")]
    let _ = address_space;
    set("RLIMIT_CPU", libc::RLIMIT_CPU, 6 * 3600)?;
    set("RLIMIT_FSIZE", libc::RLIMIT_FSIZE, 0)?;
    set("RLIMIT_CORE", libc::RLIMIT_CORE, 0)?;
    set("RLIMIT_NPROC", libc::RLIMIT_NPROC, 0)
}

/// Runs the worker loop on stdin/stdout until the parent closes the pipe; `address_space` is the
/// byte cap of the whole process.
pub fn run(address_space: u64) -> ExitCode {
    die_with_parent();
    let worker = std::thread::Builder::new()
        .name("grade-worker".into())
        .stack_size(WORKER_STACK)
        .spawn(move || serve(address_space));
    match worker.map(|h| h.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        Ok(Ok(Err(e))) => {
            eprintln!("grade worker: {e}");
            ExitCode::from(3)
        }
        _ => ExitCode::from(3),
    }
}

/// Asks the kernel to kill this worker when its parent dies: a `grade batch` killed with
/// SIGKILL cannot stop its workers, and one stuck in native code would otherwise spin on. (A
/// parent that died before this call is noticed when the `Ready` message finds no reader.)
/// Linux has a signal for it; every Unix (macOS has no such signal) also gets a watcher thread.
/// Windows needs neither: the parent holds the Job Object the worker runs in, and its last
/// handle closing, however the parent ends, kills the worker.
fn die_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_PDEATHSIG takes a signal number and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL as libc::c_ulong, 0, 0, 0);
    }
    #[cfg(unix)]
    exit_when_orphaned();
}

/// Starts a thread that ends this process as soon as its parent is gone: the orphan is adopted
/// (by init, launchd or a subreaper), so its parent id changes. The thread is its own, so it
/// works while the grading thread is stuck in native code, and it must start before the limits
/// go on (`RLIMIT_NPROC` forbids new threads).
#[cfg(unix)]
fn exit_when_orphaned() {
    // SAFETY: getppid has no preconditions.
    let parent = unsafe { libc::getppid() };
    let watcher = std::thread::Builder::new().name("grade-orphan-watch".into()).stack_size(64 << 10).spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_millis(200));
            // SAFETY: as above.
            if unsafe { libc::getppid() } != parent {
                // SAFETY: _exit ends the process at once, running nothing of this one; nobody
                // waits for its result any more.
                unsafe { libc::_exit(3) };
            }
        }
    });
    if let Err(e) = watcher {
        eprintln!("grade worker: the parent watcher could not start: {e}");
    }
}

/// Writes a frame, keeping the first failure to write one (the worker stops after the job).
fn send(output: &mut impl std::io::Write, failed: &mut Option<std::io::Error>, message: &FromWorker) {
    if let Err(e) = write_frame(output, message) {
        failed.get_or_insert(e);
    }
}

fn serve(address_space: u64) -> std::io::Result<()> {
    // Limits go on after the grading thread exists: RLIMIT_NPROC also forbids new threads, so from
    // here on everything runs on this thread (exercises are prepared here, never on a new one).
    #[cfg(unix)]
    apply_os_limits(address_space).map_err(std::io::Error::other)?;
    // Windows: the parent put this process in its Job Object (memory cap, killed with the
    // parent) before sending it anything.
    #[cfg(not(unix))]
    let _ = address_space;
    let mut input = std::io::stdin().lock();
    let mut output = std::io::stdout().lock();
    write_frame(&mut output, &FromWorker::Ready { version: PROTOCOL_VERSION })?;
    let mut prepared: HashMap<PathBuf, Arc<PreparedExercise>> = HashMap::new();
    while let Some(ToWorker::Grade(job)) = read_frame(&mut input)? {
        let exercise = match prepared.get(&job.exercise) {
            Some(p) => p.clone(),
            None => match Exercise::load(&job.exercise).and_then(|e| PreparedExercise::new_here(e, &job.limits)) {
                Ok(p) => {
                    let p = Arc::new(p);
                    prepared.insert(job.exercise.clone(), p.clone());
                    p
                }
                Err(e) => {
                    write_frame(&mut output, &FromWorker::Failed { id: job.id, message: e.to_string() })?;
                    continue;
                }
            },
        };
        write_frame(&mut output, &FromWorker::Started { id: job.id })?;
        let outcome = match Submission::read(&job.submission) {
            Ok(mut submission) => {
                submission.display = job.display.clone();
                let mut heartbeat_failed = None;
                // Known mistakes are recognised by the parent, only for a failing submission.
                let (id, failed) = (job.id, &mut heartbeat_failed);
                let mut outcome = grading::grade_here_reporting(&exercise, &submission, Feedback::default(), |index| {
                    send(&mut output, failed, &FromWorker::Check { id, index })
                });
                // The verdict goes first; reading backpack values (a second run of failing checks)
                // then only adds to it, and if this process is lost doing so, the verdict stands.
                if job.backpack_values && outcome.status == grading::Status::Fail {
                    send(&mut output, failed, &FromWorker::Graded { id, outcome: Box::new(outcome.clone()) });
                    grading::add_backpack_values(&exercise, &submission, &mut outcome, |index| {
                        send(&mut output, failed, &FromWorker::Check { id, index })
                    });
                }
                if let Some(e) = heartbeat_failed {
                    return Err(e);
                }
                outcome
            }
            Err(problem) => {
                let problem = match problem {
                    SubmissionProblem::Missing(_) => SubmissionProblem::Missing(job.display.clone()),
                    other => other,
                };
                grading::unreadable(&exercise.exercise, &job.display, &problem)
            }
        };
        write_frame(&mut output, &FromWorker::Done { id: job.id, outcome: Box::new(outcome) })?;
    }
    Ok(())
}
