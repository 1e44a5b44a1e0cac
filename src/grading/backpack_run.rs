//! The values a backpack holds after each call of a failing `calls` check.
//!
//! The verdict comes from the file as written. To show the learner what their function carried,
//! the failing check runs once more, in a fresh realm of its own, on a copy of the file with a
//! probe at the start of each called function (see `syntax::with_backpack_probes`): each call
//! hands over readers of the function's free variables, which the grader calls after the step.
//! Reading a variable runs none of the learner's code, unless the file arranges it (a `with` on a
//! proxy) or calls the probe itself: then it shows itself wrong values, never a wrong verdict.
//! The readers are those of the latest call of that function in the source, whichever closure
//! made it (two counters from one factory share the slot; each row reads right after its call). The second run has the check's own limits,
//! and only checks that ended as an ordinary failure get one (never one a limit stopped), so a
//! learner's endless loop is not run twice.

use crate::exercise::{Action, Exercise};
use crate::sandbox::{self, Sandbox, Stop};
use crate::syntax::{PROBE_READ, PROBE_RECORD, with_backpack_probes};
use crate::value::{JsValueSnapshot, Slot};

use super::backpack::{Held, RowTargets, calls_rows};
use super::compare::{Origin, matches};
use super::outcome::{CheckOutcome, Status};
use super::probe;
use super::run::{provide_course_code, setup_of};
use super::submission::Submission;

/// Most parts of a backpack value copied out (a cell shows a few dozen characters of it).
const GLIMPSE_PARTS: usize = 64;

/// Defines the probe's two functions, out of the submission's sight (not enumerable): the record
/// keeps the readers of each function's latest call; the read answers `[0]` (never called),
/// `[1, value]`, `[2]` (not yet set) or `[3]` (not readable from the body: see
/// `FunctionInfo::declares`).
fn probe_prelude() -> String {
    format!(
        "(() => {{\n\
           const seen = [];\n\
           const define = (name, value) => Object.defineProperty(globalThis, name, {{ value }});\n\
           define({PROBE_RECORD:?}, (i, readers) => {{ seen[i] = readers; }});\n\
           define({PROBE_READ:?}, (i, k) => {{\n\
             const readers = seen[i];\n\
             if (readers === undefined) return [0];\n\
             if (typeof readers[k] !== \"function\") return [3];\n\
             try {{ return [1, readers[k]()]; }} catch (e) {{ return [2]; }}\n\
           }});\n\
         }})();"
    )
}

/// Fills in `after_call` in the backpacks of the rows of each failing `calls` check in `targets`,
/// calling `before_run(check)` before each second run (a worker's heartbeat).
pub fn fill(
    exercise: &Exercise,
    submission: &Submission,
    checks: &mut [CheckOutcome],
    targets: &[RowTargets],
    limits_for: impl Fn(usize) -> sandbox::Limits,
    mut before_run: impl FnMut(usize),
) {
    for target in targets {
        let Some(definition) = exercise.checks.get(target.check).filter(|c| !c.hidden) else { continue };
        let Action::Calls(calls) = &definition.action else { continue };
        let Some(check) = checks.get_mut(target.check).filter(|c| c.status == Status::Fail) else { continue };
        let Some(rows) = calls_rows(check) else { continue };
        if !rows.iter().any(|r| r.backpack.as_ref().is_some_and(|b| !b.holds.is_empty())) {
            continue;
        }
        let mut functions: Vec<usize> = target.rows.iter().flatten().copied().collect();
        functions.sort_unstable();
        functions.dedup();
        let Some(probed) = with_backpack_probes(&submission.source, &submission.analysis, &functions) else {
            continue;
        };
        before_run(target.check);
        let read = sandbox::run_isolated(&limits_for(target.check), |sb| {
            read_after_calls(sb, exercise, target.check, submission, &probed, calls, &target.rows)
        });
        let Ok(Ok(values)) = read else { continue };
        // Values from a second run that went otherwise (a file that behaves differently when
        // run again, or when probed) would mislead: none are shown then.
        let same = values.len() <= rows.len()
            && rows.iter().zip(&values).all(|(row, (again, _))| match (&row.actual, again) {
                (Ok(first), Ok(second)) => matches(first, second, Origin::Js),
                (Err(_), Err(_)) => true,
                _ => false,
            });
        if !same {
            continue;
        }
        for (row, (_, held)) in rows.iter_mut().zip(values) {
            let (Some(backpack), Some(held)) = (row.backpack.as_mut(), held) else { continue };
            for (carried, value) in backpack.holds.iter_mut().zip(held) {
                carried.after_call = value;
            }
        }
    }
}

/// One call of the second run: what it returned, and what the backpack of the function the row
/// calls held after it (`None`: the function is unknown or was not called), one value per free
/// variable (`None`: not read).
type RowRead = (Result<JsValueSnapshot, Stop>, Option<Vec<Option<Held>>>);

/// Runs the probed copy and the check's calls; after each call, reads the backpack of the
/// function that row calls. One entry per call that ran.
fn read_after_calls(
    sb: &mut Sandbox<'_>,
    exercise: &Exercise,
    index: usize,
    submission: &Submission,
    probed: &str,
    calls: &[String],
    functions: &[Option<usize>],
) -> Result<Vec<RowRead>, Stop> {
    let check = &exercise.checks[index];
    provide_course_code(sb, exercise)?;
    sb.run_prelude(&probe_prelude())?;
    let exports = sb.load(probed, &submission.display, submission.style)?;
    let Ok(entries) = sb.entries(&exercise.entry, &exports)? else {
        return Ok(Vec::new());
    };
    sb.begin_check();
    sb.start_check(&exercise.entry, &entries, setup_of(exercise, check).as_deref())?;
    let mut rows = Vec::with_capacity(calls.len());
    for (call, function) in calls.iter().zip(functions) {
        let result = sb.evaluate(&probe::wrap(call, check.probe.as_ref()));
        let stopped = result.is_err();
        let Some(function) = *function else {
            rows.push((result, None));
            if stopped {
                break;
            }
            continue;
        };
        let count = submission.analysis.functions().get(function).map_or(0, |f| f.free.len());
        let mut values = Vec::with_capacity(count);
        for k in 0..count {
            let answer = sb.glimpse(&format!("{PROBE_READ}({function}, {k})"), "backpack", GLIMPSE_PARTS)?;
            match held_of(answer) {
                Some(held) => values.push(held),
                None => break,
            }
        }
        rows.push((result, (!values.is_empty()).then_some(values)));
        if stopped {
            break;
        }
    }
    Ok(rows)
}

/// The read's answer: `None` if the function was never called (or the answer is not the
/// probe's), else what the variable held.
fn held_of(answer: JsValueSnapshot) -> Option<Option<Held>> {
    let JsValueSnapshot::Array(slots) = answer else { return None };
    let mut slots = slots.into_iter();
    match slots.next() {
        Some(Slot::Value(JsValueSnapshot::Number(1.0))) => match slots.next() {
            Some(Slot::Value(value)) => Some(Some(Held::Value(value))),
            _ => Some(None),
        },
        Some(Slot::Value(JsValueSnapshot::Number(2.0))) => Some(Some(Held::NotYetSet)),
        Some(Slot::Value(JsValueSnapshot::Number(3.0))) => Some(None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Feedback, PreparedExercise, grade_here, on_big_stack};
    use super::*;
    use crate::exercise::Limits;
    use crate::grading::{Mismatch, Outcome};

    const COUNTER: &str = "title = \"t\"\nentry = [\"outer\"]\n\
        [[check]]\nname = \"counts\"\nsetup = \"const a = outer(); const b = outer();\"\n\
        calls = [\"a()\", \"a()\", \"b()\"]\nexpect = [1, 2, 1]\n";

    fn graded(source: &str, backpack_values: bool) -> Outcome {
        graded_on(COUNTER, source, backpack_values)
    }

    fn graded_on(toml: &str, source: &str, backpack_values: bool) -> Outcome {
        let exercise = Exercise::parse(std::path::Path::new("exercises/e.toml"), toml).unwrap();
        let prepared = PreparedExercise::new(exercise, &Limits::default()).unwrap();
        let submission = Submission::from_text("s.js", source).unwrap();
        on_big_stack(prepared.thread_stack(), move || {
            grade_here(&prepared, &submission, Feedback { mistakes: false, backpack_values })
        })
    }

    /// What each row's backpack held, as `name=value` text (`-` where nothing was read).
    fn held(outcome: &Outcome) -> Vec<String> {
        let Some(Mismatch::Calls { rows, .. }) = outcome.checks[0].mismatches.first() else {
            panic!("no calls table: {outcome:?}")
        };
        rows.iter()
            .map(|r| {
                let backpack = r.backpack.as_ref().expect("a backpack");
                backpack
                    .holds
                    .iter()
                    .map(|c| match &c.after_call {
                        Some(Held::Value(v)) => format!("{}={}", c.name, crate::value::inspect(v)),
                        Some(Held::NotYetSet) => format!("{}=unset", c.name),
                        None => "-".to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect()
    }

    #[test]
    fn each_row_shows_what_the_called_counter_holds_after_the_call() {
        let source = "function outer() {\n  let n = 0;\n  return function () { return n++; };\n}";
        let outcome = graded(source, true);
        // The post-increment returns 0, 1, 0; the backpacks hold 1, 2, and b's own 1.
        assert_eq!(held(&outcome), ["n=1", "n=2", "n=1"]);
        assert_eq!(held(&graded(source, false)), ["-", "-", "-"], "read only when asked");
    }

    #[test]
    fn a_variable_whose_declaration_never_ran_is_not_yet_set() {
        let source = "function outer() {\n  return function () { try { return later; } catch (e) { return 0; } };\n  let later = 1;\n}";
        assert_eq!(held(&graded(source, true)), ["later=unset", "later=unset", "later=unset"]);
    }

    #[test]
    fn a_file_that_acts_otherwise_when_probed_keeps_its_verdict_and_shows_no_values() {
        // It reads its own source, sees the probe, and returns other numbers, or loops forever.
        for odd in ["return 5", "while (true) {}"] {
            let source = format!(
                "function outer() {{\n  let n = 0;\n  return function inner() {{\n    if (String(inner).includes('__' + 'grade')) {{ {odd}; }}\n    return n++;\n  }};\n}}"
            );
            let outcome = graded(&source, true);
            assert_eq!(outcome.checks[0].status, Status::Fail);
            assert_eq!(held(&outcome), ["-", "-", "-"], "{odd}");
        }
    }

    #[test]
    fn a_hidden_check_is_not_run_a_second_time() {
        let hidden = COUNTER.replace("expect = [1, 2, 1]\n", "expect = [1, 2, 1]\nhidden = true\n");
        let source = "function outer() {\n  let n = 0;\n  return function () { return n++; };\n}";
        assert_eq!(held(&graded_on(&hidden, source, true)), ["-", "-", "-"]);
    }

    #[test]
    fn a_large_backpack_value_is_copied_only_in_part() {
        let source = "function outer() {\n  const seen = Array.from({ length: 10000 }, (_, i) => i);\n  let n = 0;\n  return function () { seen.length; return n++; };\n}";
        let outcome = graded(source, true);
        let Some(Mismatch::Calls { rows, .. }) = outcome.checks[0].mismatches.first() else { panic!("{outcome:?}") };
        let carried = &rows[0].backpack.as_ref().unwrap().holds[0];
        let Some(Held::Value(JsValueSnapshot::Array(slots))) = &carried.after_call else { panic!("{carried:?}") };
        assert!(slots.len() <= GLIMPSE_PARTS + 1, "{} slots copied", slots.len());
        assert!(held(&outcome)[0].ends_with(",n=1"), "the other variable is still read: {:?}", held(&outcome));
    }

    #[test]
    fn an_endless_loop_is_not_run_a_second_time() {
        let source = "function outer() {\n  let n = 0;\n  return function () { while (true) { n++; } };\n}";
        let outcome = graded(source, true);
        assert_eq!(outcome.checks[0].status, Status::Error);
        assert_eq!(held(&outcome), ["-", "-", "-"]);
    }
}
