//! Keeping the parser on a stack it cannot overflow.
//!
//! oxc parses and visits by recursion, with no depth limit of its own: a 20 KB file of `1+1+...`
//! or `((((...` overflows an 8 MB stack, which aborts the whole process. So the nesting a file
//! may need is bounded first: when the current thread has that much stack left (any ordinary
//! submission), analysis runs here; otherwise on a thread of its own with a larger stack; a file
//! whose nesting could exceed even that is refused before the parser sees it. Where no thread
//! can be started (a grading worker under `RLIMIT_NPROC`), it runs here within what is left.
//!
//! Nesting is bounded from above without parsing: every level of nesting the parser recurses
//! into needs at least one bracket, operator character or nesting keyword, so their count (in
//! code, comments and strings alike) can only overestimate it.

/// The stack of the analysis thread: reserved address space, touched only as deep as a file goes.
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

/// Runs `work(units, limit)`, where `units` is [`nesting_units`] of `source` and `limit` the
/// most the stack it runs on allows: here when this thread has the stack `source` needs (the
/// usual case: no thread is started), else on a thread with that stack (up to [`PARSE_STACK`]),
/// else here within what is left.
pub(super) fn with_parse_stack<T: Send>(source: &str, work: impl FnOnce(usize, usize) -> T + Send) -> T {
    let units = nesting_units(source);
    let limit_for = |stack: usize| stack.saturating_sub(HEADROOM) / STACK_PER_UNIT;
    let needed = units.saturating_mul(STACK_PER_UNIT).saturating_add(HEADROOM);
    let left = stack_left().unwrap_or(ASSUMED_STACK);
    if needed <= left {
        return work(units, limit_for(left));
    }
    let stack = needed.min(PARSE_STACK);
    let mut work = Some(work);
    let spawned = std::thread::scope(|scope| {
        let job = &mut work;
        let spawned = std::thread::Builder::new()
            .name("parse".into())
            .stack_size(stack)
            .spawn_scoped(scope, move || job.take().map(|work| work(units, limit_for(stack))));
        match spawned {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        }
    });
    match (spawned, work) {
        (Some(done), _) => done,
        (None, Some(work)) => work(units, limit_for(left)),
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
        assert_eq!(thread, here);
        assert!(limit > 0);
        let deep = "(".repeat(20_000);
        let (thread, units, limit) =
            with_parse_stack(&deep, |units, limit| (std::thread::current().id(), units, limit));
        assert_ne!(thread, here);
        assert!(units <= limit, "{units} units, limit {limit}");
        let (_, limit) = with_parse_stack(&"(".repeat(100_000), |units, limit| (units, limit));
        assert!(limit >= 30_000, "the largest analysis stack holds {limit} units");
    }
}
