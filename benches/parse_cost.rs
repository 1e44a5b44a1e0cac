//! The cost of parsing and analysing one submission (style, top-level bindings, undeclared
//! writes, free variables of every function), on the bundled solutions: paid once per
//! submission, when it is read, whatever the number of checks.
//! Run with `cargo bench --bench parse_cost`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use grade::syntax::SourceAnalysis;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut solutions: Vec<(String, String)> = std::fs::read_dir(root.join("solutions"))
        .expect("the bundled solutions")
        .map(|entry| entry.expect("a solution").path())
        .filter(|path| path.extension().is_some_and(|e| e == "js"))
        .map(|path| (path.display().to_string(), std::fs::read_to_string(&path).expect("readable")))
        .collect();
    solutions.sort();
    for (path, source) in &solutions {
        assert_eq!(SourceAnalysis::of(source).problem(), None, "{path} parses");
    }
    let count = solutions.len();
    c.bench_function(&format!("analyse all {count} bundled solutions"), |b| {
        b.iter(|| {
            for (_, source) in &solutions {
                black_box(SourceAnalysis::of(black_box(source)));
            }
        })
    });
    let (_, largest) = solutions.iter().max_by_key(|(_, s)| s.len()).expect("a solution");
    c.bench_function("analyse the largest bundled solution", |b| b.iter(|| SourceAnalysis::of(black_box(largest))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
