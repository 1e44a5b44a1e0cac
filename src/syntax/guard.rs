//! Keeping the parser on a stack it cannot overflow.
//!
//! oxc parses and visits by recursion, with no depth limit of its own: a 20 KB file of `1+1+...`
//! or `((((...` overflows an 8 MB stack, which aborts the whole process. So the nesting a file
//! may need is bounded first: a file whose nesting could exceed what [`MAX_UNITS`] allows is
//! refused before the parser sees it; otherwise analysis runs here when the current thread has
//! the stack the file needs (any ordinary submission, and a grading worker, which may start no
//! thread under `RLIMIT_NPROC`, on its 256 MB stack), else on a thread of its own with that stack.
//! Every level of the 1-unit worst cases (`f(f(...`, `((...`, `new new ...`, `!!...`, `1+1+...`,
//! `if(1)if(1)...`) was parsed at the limit in a debug build.
//!
//! Nesting is bounded from above without parsing: every level of nesting the parser recurses
//! into needs at least one bracket, operator character or nesting keyword, so their count (in
//! code, comments and strings alike) can only overestimate it.

/// The largest stack analysis runs on (reserved address space, touched only as deep as a file goes).
const PARSE_STACK: usize = 256 << 20;
/// Stack one counted unit may cost: at most 4 KB measured in a debug build (`((...`, `[[...`,
/// nested functions; `!!...`, `1+1+...` and blocks take about half), doubled for safety.
const STACK_PER_UNIT: usize = 8 << 10;
/// Stack kept free for everything around the recursion.
const HEADROOM: usize = 1 << 20;
/// Assumed stack left where it cannot be measured.
const ASSUMED_STACK: usize = 2 << 20;

/// Characters that can open a level of nesting in the parser's recursion.
const NESTING_CHARS: &[u8] = b"([{!~+-*/%=<>&|^?:.`";
/// Keywords that can nest without any bracket or operator (`typeof typeof x`, `new new X`).
const NESTING_WORDS: &[&str] =
    &["typeof", "void", "delete", "new", "await", "yield", "else", "do", "in", "instanceof", "async", "extends"];

/// How many units of nesting `source` may hold: an upper bound on its depth.
pub(super) fn nesting_units(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut units = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$') {
                i += 1;
            }
            units += usize::from(NESTING_WORDS.contains(&&source[start..i]));
            continue;
        }
        units += usize::from(NESTING_CHARS.contains(&b));
        i += 1;
    }
    units
}

/// Most nesting units analysed, wherever the analysis runs: the same limit on every thread and
/// in every process (a grading worker's own 256 MB stack holds it too), so a file gets the same
/// verdict from `grade`, `grade batch` and `--no-isolation`.
pub(super) const MAX_UNITS: usize = (PARSE_STACK - 2 * HEADROOM) / STACK_PER_UNIT;

/// Runs `work(units, limit)`, where `units` is [`nesting_units`] of `source` and `limit` is
/// [`MAX_UNITS`] (or less, where the stack at hand cannot hold that and no thread can be
/// started): here when this thread has the stack `source` needs (the usual case: no thread is
/// started), else on a thread with that stack.
pub(super) fn with_parse_stack<T: Send>(source: &str, work: impl FnOnce(usize, usize) -> T + Send) -> T {
    let units = nesting_units(source);
    let needed = units.min(MAX_UNITS).saturating_mul(STACK_PER_UNIT).saturating_add(HEADROOM);
    let left = stack_left().unwrap_or(ASSUMED_STACK);
    if needed <= left {
        return work(units, MAX_UNITS);
    }
    let mut work = Some(work);
    let spawned = std::thread::scope(|scope| {
        let job = &mut work;
        let spawned = std::thread::Builder::new()
            .name("parse".into())
            .stack_size(needed + HEADROOM)
            .spawn_scoped(scope, move || job.take().map(|work| work(units, MAX_UNITS)));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match (spawned, work) {
        (Some(done), _) => done,
        (None, Some(work)) => work(units, left.saturating_sub(HEADROOM) / STACK_PER_UNIT),
        (None, None) => unreachable!("the analysis either ran on its thread or is still to run"),
    }
}

/// The stack the current thread has left below this frame.
#[cfg(target_os = "linux")]
fn stack_left() -> Option<usize> {
    thread_local! {
        /// The lowest address of this thread's stack, looked up once (for the main thread glibc
        /// reads `/proc/self/maps`, which costs more than parsing a submission).
        static STACK_LOW: Option<usize> = stack_low();
    }
    let here = 0u8;
    let here = &here as *const u8 as usize;
    STACK_LOW.with(|low| low.map(|low| here.saturating_sub(low)))
}

#[cfg(target_os = "linux")]
fn stack_low() -> Option<usize> {
    // SAFETY: `attr` is initialised by pthread_getattr_np before it is read, and destroyed once.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut low: *mut libc::c_void = std::ptr::null_mut();
        let mut size = 0usize;
        let got = libc::pthread_attr_getstack(&attr, &mut low, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (got == 0).then_some(low as usize)
    }
}

/// The stack the current thread has left (unknown off Linux: assume little).
#[cfg(not(target_os = "linux"))]
fn stack_left() -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_from_brackets_operators_and_keywords() {
        assert_eq!(nesting_units("let a = 1;"), 1);
        assert_eq!(nesting_units("f((x))"), 2, "closing brackets open nothing");
        assert_eq!(nesting_units("typeof typeof x; newer"), 2);
        assert_eq!(nesting_units("'((('"), 3);
    }

    #[test]
    fn a_deep_file_gets_a_stack_of_its_own_and_an_ordinary_one_does_not() {
        let here = std::thread::current().id();
        let (thread, limit) = with_parse_stack("let a = 1;", |_, limit| (std::thread::current().id(), limit));
        assert_eq!((thread, limit), (here, MAX_UNITS));
        let deep = "(".repeat(20_000);
        let (thread, units, limit) =
            with_parse_stack(&deep, |units, limit| (std::thread::current().id(), units, limit));
        assert_ne!(thread, here);
        assert_eq!((units, limit), (20_000, MAX_UNITS));
        const { assert!(MAX_UNITS >= 30_000, "the analysis stack holds tens of thousands of units") };
    }
}
