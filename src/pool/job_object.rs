//! Windows: every worker process goes into one Job Object, held by this process, that caps each
//! worker's committed memory and kills every worker when its last handle closes: when `grade`
//! exits, or is killed in any way (Task Manager, a cancelled CI job), its workers go with it.
//! (Unix workers get `setrlimit` limits and a parent watcher instead; see `worker.rs`.)

use std::os::windows::io::RawHandle;
use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE};
use windows_sys::Win32::System::JobObjects::{
    AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION,
    JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, JOB_OBJECT_LIMIT_PROCESS_MEMORY, JOBOBJECT_EXTENDED_LIMIT_INFORMATION,
    JobObjectExtendedLimitInformation, SetInformationJobObject,
};

/// A Job Object handle, closed on drop (which kills the processes still in it).
struct Job(HANDLE);

// SAFETY: a job handle may be used and closed from any thread.
unsafe impl Send for Job {}
// SAFETY: the handle is only ever passed to thread-safe kernel calls.
unsafe impl Sync for Job {}

impl Drop for Job {
    fn drop(&mut self) {
        // SAFETY: the handle came from CreateJobObjectW and is closed once, here.
        unsafe { CloseHandle(self.0) };
    }
}

impl Job {
    /// A new job whose processes may each commit at most `memory` bytes, die instead of
    /// showing an error dialog on a crash, and are killed when the job's last handle closes.
    fn new(memory: u64) -> std::io::Result<Job> {
        // SAFETY: null attributes and name: an unnamed job with default security.
        let handle = unsafe { CreateJobObjectW(std::ptr::null(), std::ptr::null()) };
        if handle.is_null() {
            return Err(std::io::Error::last_os_error());
        }
        let job = Job(handle);
        let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
            | JOB_OBJECT_LIMIT_PROCESS_MEMORY
            | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
        info.ProcessMemoryLimit = usize::try_from(memory).unwrap_or(usize::MAX);
        let size = u32::try_from(std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>()).unwrap_or(u32::MAX);
        // SAFETY: `info` is a live JOBOBJECT_EXTENDED_LIMIT_INFORMATION of `size` bytes, the
        // struct this information class reads.
        let set = unsafe {
            SetInformationJobObject(job.0, JobObjectExtendedLimitInformation, (&raw const info).cast(), size)
        };
        if set == 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(job)
    }
}

/// The job of this process's workers, made on first use and never closed before exit.
static WORKERS: OnceLock<Result<Job, String>> = OnceLock::new();

/// Puts a just-started worker into the workers' job (with `memory` bytes per process); a worker
/// that cannot be contained must not be used.
pub fn contain(process: RawHandle, memory: u64) -> Result<(), String> {
    let job = WORKERS.get_or_init(|| Job::new(memory).map_err(|e| format!("no Job Object could be made: {e}")));
    let job = job.as_ref().map_err(Clone::clone)?;
    // SAFETY: both handles are live: the job is never closed while this process runs, and the
    // caller holds the child whose handle this is.
    if unsafe { AssignProcessToJobObject(job.0, process) } == 0 {
        return Err(format!("it could not be put in a Job Object: {}", std::io::Error::last_os_error()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::os::windows::io::AsRawHandle;
    use std::time::{Duration, Instant};

    use windows_sys::Win32::System::JobObjects::{IsProcessInJob, QueryInformationJobObject};

    use super::*;

    #[test]
    fn the_job_has_the_worker_limits() {
        let job = Job::new(256 << 20).expect("a job");
        let mut info = JOBOBJECT_EXTENDED_LIMIT_INFORMATION::default();
        let size = std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32;
        // SAFETY: `info` is a writable struct of `size` bytes, the one this class fills.
        let read = unsafe {
            QueryInformationJobObject(
                job.0,
                JobObjectExtendedLimitInformation,
                (&raw mut info).cast(),
                size,
                std::ptr::null_mut(),
            )
        };
        assert_ne!(read, 0, "{}", std::io::Error::last_os_error());
        let flags = info.BasicLimitInformation.LimitFlags;
        assert_ne!(flags & JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, 0);
        assert_ne!(flags & JOB_OBJECT_LIMIT_PROCESS_MEMORY, 0);
        assert_eq!(info.ProcessMemoryLimit, 256 << 20);
    }

    #[test]
    fn closing_the_job_kills_the_process_in_it() {
        let job = Job::new(256 << 20).expect("a job");
        // A child that would run for a minute on its own.
        let mut child = std::process::Command::new("ping")
            .args(["-n", "60", "127.0.0.1"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("ping runs");
        // SAFETY: both handles are live.
        let assigned = unsafe { AssignProcessToJobObject(job.0, child.as_raw_handle()) };
        assert_ne!(assigned, 0, "{}", std::io::Error::last_os_error());
        let mut inside = 0;
        // SAFETY: both handles are live and `inside` is writable.
        unsafe { IsProcessInJob(child.as_raw_handle(), job.0, &mut inside) };
        assert_ne!(inside, 0, "the child is in the job");
        drop(job);
        let closed = Instant::now();
        while child.try_wait().expect("the child can be waited for").is_none() {
            if closed.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("the child outlived its job");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
