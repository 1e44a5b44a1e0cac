//! The cost of one check on the counter exercise, against the bare engine in the same run.
//!
//! `bare_engine`: a fresh rquickjs runtime and full context, then eval of the same code the check
//! runs (the solution, the setup and the calls). `grade_check`: the same check through the
//! grader: capped allocator, limits, host globals, entry binding, copying values out, judging.
//! Run with `cargo bench --bench check_cost`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use grade::exercise::{Action, Course};
use grade::grading::{PreparedExercise, Status, Submission, grade_check};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let course = Course::load(root).expect("the bundled course loads");
    let exercise = course.exercise("exercise-03").expect("exercise-03 loads");
    let solution = std::fs::read_to_string(course.solution_path("exercise-03")).expect("solution");
    let index = 0;
    let check = exercise.checks[index].clone();
    let prepared = PreparedExercise::new(exercise, &course.limits).expect("prepares");
    let submission = Submission::from_text("solution.js", &solution).expect("readable");
    assert_eq!(grade_check(&prepared, &submission, index).status, Status::Pass);

    let mut code = solution.clone();
    code.push('\n');
    code.push_str(check.setup.as_deref().unwrap_or_default());
    code.push('\n');
    let calls = match &check.action {
        Action::Calls(calls) => calls.clone(),
        Action::Run(run) => vec![run.clone()],
        Action::Spec { .. } => unreachable!("exercise-03's checks are TOML checks"),
    };

    let mut group = c.benchmark_group("one check of exercise-03");
    group.bench_function("bare_engine", |b| {
        b.iter(|| {
            let rt = rquickjs::Runtime::new().unwrap();
            let ctx = rquickjs::Context::full(&rt).unwrap();
            ctx.with(|ctx| {
                ctx.eval::<(), _>(code.as_str()).unwrap();
                for call in &calls {
                    black_box(ctx.eval::<rquickjs::Value, _>(call.as_str()).unwrap());
                }
            });
        })
    });
    group.bench_function("grade_check", |b| b.iter(|| black_box(grade_check(&prepared, &submission, index))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
