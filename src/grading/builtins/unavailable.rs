//! Built-ins Node has and grade's engine does not (`Intl`, `structuredClone`, `TextEncoder`,
//! ...): a submission that reads one and fails with a ReferenceError is told, in one line, which
//! built-in is missing and where the author reference lists them, instead of only
//! "Intl is not defined". The names are the parse's global references, never read from the
//! error's message.

use crate::grading::submission::Submission;

/// Globals of Node or browsers that no realm of grade defines, with what to do instead.
pub const UNAVAILABLE: &[(&str, &str)] = &[
    ("Intl", "format numbers and dates by hand (toFixed, padStart) or compare strings with < and >"),
    ("structuredClone", "copy with a spread, Array.from or JSON.parse(JSON.stringify(value))"),
    ("TextEncoder", "work with strings and charCodeAt/codePointAt"),
    ("TextDecoder", "work with strings and String.fromCharCode"),
    ("URL", "split the string yourself"),
    ("URLSearchParams", "split the string yourself"),
    ("Buffer", "use strings (or typed arrays, when the exercise enables them)"),
    ("crypto", "use Math.random, which is seeded here"),
    ("fetch", "there is no network: exercises are self-contained"),
    ("process", "there is no process or environment: exercises are self-contained"),
];

/// The anchor of the list in the author reference.
pub const ANCHOR: &str = "built-ins";

/// The unavailable built-ins the submission reads (from the parse's global references), in the
/// order of [`UNAVAILABLE`].
pub fn used(submission: &Submission) -> Vec<&'static str> {
    let globals = submission.analysis.global_references();
    UNAVAILABLE.iter().map(|(name, _)| *name).filter(|name| globals.iter().any(|g| g.name == *name)).collect()
}

/// One line for each unavailable built-in the file reads: `Intl is not available in grade's
/// engine (...); see docs/exercise-format.md#built-ins`.
pub fn note(submission: &Submission) -> Option<String> {
    let names = used(submission);
    let lines: Vec<String> = names
        .iter()
        .map(|name| {
            let instead = UNAVAILABLE.iter().find(|(n, _)| n == name).map_or("", |(_, i)| i);
            format!("{name} is not available in grade's engine ({instead}); {}", crate::exercise::see(ANCHOR))
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(source: &str) -> Vec<&'static str> {
        super::used(&Submission::from_text("s.js", source).unwrap())
    }

    fn note(source: &str) -> Option<String> {
        super::note(&Submission::from_text("s.js", source).unwrap())
    }

    #[test]
    fn reads_of_missing_builtins_are_found_but_not_local_names() {
        assert_eq!(used("const f = (n) => new Intl.NumberFormat('en-US').format(n);"), ["Intl"]);
        assert_eq!(used("const copy = structuredClone(x); new TextEncoder();"), ["structuredClone", "TextEncoder"]);
        assert!(used("const Intl = {}; Intl.x = 1;").is_empty());
        assert!(used("function f(URL) { return URL; }").is_empty());
        let note = note("Intl.DateTimeFormat()").unwrap();
        assert!(note.starts_with("Intl is not available in grade's engine"), "{note}");
        assert!(note.ends_with("see docs/exercise-format.md#built-ins"), "{note}");
    }
}
