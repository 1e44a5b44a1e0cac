//! Fixed-iteration runs of one check, for counting instructions under callgrind, which are
//! repeatable on a busy machine where wall time is not.
//!
//! `cargo bench --bench instructions -- MODE N` runs N iterations of MODE (`bare` or `grade`);
//! `benches/instructions.sh` runs both under `valgrind --tool=callgrind` and prints the ratio.
//! Without arguments (as part of plain `cargo bench`) it times 2,000 iterations of each; under
//! `cargo test --all-targets` (no `--bench` flag) it runs each once, as a smoke test.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use grade::exercise::{Action, Course};
use grade::grading::{PreparedExercise, Submission, grade_check};

struct Setup {
    index: usize,
    prepared: PreparedExercise,
    submission: Submission,
    code: String,
    calls: Vec<String>,
}

fn setup() -> Setup {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = Course::load(root).expect("the bundled course loads");
    let exercise = course.exercise("exercise-03").expect("exercise-03 loads");
    let solution = std::fs::read_to_string(course.solution_path("exercise-03")).expect("solution");
    // GRADE_BENCH_CHECK picks the check (default 0, a submission's first; its last, 4, also
    // searches the built-ins for the leak check).
    let index = std::env::var("GRADE_BENCH_CHECK").ok().and_then(|i| i.parse().ok()).unwrap_or(0);
    let check = exercise.checks[index].clone();
    let calls = match &check.action {
        Action::Calls(calls) => calls.clone(),
        Action::Run(run) => vec![run.clone()],
        Action::Spec { .. } => unreachable!("exercise-03's checks are TOML checks"),
    };
    let code = format!("{solution}\n{}\n", check.setup.as_deref().unwrap_or_default());
    Setup {
        index,
        prepared: PreparedExercise::new(exercise, &course.limits).expect("prepares"),
        submission: Submission::from_text("solution.js", &solution).expect("readable"),
        code,
        calls,
    }
}

fn bare(s: &Setup) {
    let rt = rquickjs::Runtime::new().unwrap();
    let ctx = rquickjs::Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        ctx.eval::<(), _>(s.code.as_str()).unwrap();
        for call in &s.calls {
            black_box(ctx.eval::<rquickjs::Value, _>(call.as_str()).unwrap());
        }
    });
}

fn graded(s: &Setup) {
    black_box(grade_check(&s.prepared, &s.submission, s.index));
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let s = setup();
    // Warm the one-time work (compiling the prelude, the baseline globals) out of the count.
    graded(&s);
    bare(&s);
    match args.as_slice() {
        [mode, n] => {
            let n: usize = n.parse().expect("N is a number");
            let run: fn(&Setup) = if mode == "bare" { bare } else { graded };
            for _ in 0..n {
                run(&s);
            }
        }
        _ if !benchmarking => {}
        _ => {
            for (name, run) in [("bare engine", bare as fn(&Setup)), ("grade_check", graded)] {
                let start = Instant::now();
                for _ in 0..2000 {
                    run(&s);
                }
                println!("{name}: {:.1} µs per check", start.elapsed().as_secs_f64() * 1e6 / 2000.0);
            }
        }
    }
}
