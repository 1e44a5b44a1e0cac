//! Recognising known mistakes: a mistake has a core signature (the checks that define it) and a
//! shape (what its code looks like, from the parse). A failed submission that fails every core
//! check and has the shape "looks like" the mistake; one that agrees on only one of the two
//! "possibly" makes it. Two mistakes made at once are both named.

use std::path::Path;

use crate::exercise::{Exercise, Mistake};
use crate::syntax::{Shape, ShapeKind, SourceAnalysis};

use super::LEAK_CHECK;
use super::outcome::{Certainty, MatchedMistake, Outcome, Status};

/// What a known mistake is recognised by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The checks its code fails (empty: it is caught by none, or does not load).
    pub failing: Vec<String>,
    /// The checks that define it.
    pub core: Vec<String>,
    /// The shapes of code that define it (empty: none known).
    pub shape: Vec<ShapeKind>,
}

impl Profile {
    /// The profile of `mistake`, whose code fails `failing`: `core` and `shape` as declared, or by
    /// default the failing checks (the leak check left out unless it is the only one) and the
    /// shapes its code has that the reference solution's does not.
    pub fn of(mistake: &Mistake, failing: Vec<String>, solution: &[ShapeKind]) -> Profile {
        let core = match &mistake.core {
            Some(core) => core.clone(),
            None => {
                let without_leaks: Vec<String> = failing.iter().filter(|c| *c != LEAK_CHECK).cloned().collect();
                if without_leaks.is_empty() { failing.clone() } else { without_leaks }
            }
        };
        let shape = match &mistake.shape {
            Some(keys) => keys.iter().filter_map(|k| ShapeKind::from_key(k)).collect(),
            None => {
                let mut kinds: Vec<ShapeKind> = SourceAnalysis::of(&mistake.code)
                    .shapes()
                    .iter()
                    .map(|s| s.kind)
                    .filter(|k| !solution.contains(k))
                    .collect();
                kinds.sort();
                kinds.dedup();
                kinds
            }
        };
        Profile { failing, core, shape }
    }
}

/// The shape kinds of an exercise's reference solution, found beside the course
/// (`<course>/solutions/<id>.js` for `<course>/exercises/<id>.toml`). Without one, `no-this` is
/// assumed (so that a derived shape never rests on it alone) and nothing else.
pub fn solution_shapes(exercise: &Exercise) -> Vec<ShapeKind> {
    let solution = exercise
        .path
        .parent()
        .and_then(Path::parent)
        .map(|course| course.join("solutions").join(format!("{}.js", exercise.id)));
    match solution.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(code) => SourceAnalysis::of(&code).shapes().iter().map(|s| s.kind).collect(),
        None => vec![ShapeKind::NoThis],
    }
}

/// Most mistakes named when none is sure.
const MAX_POSSIBLE: usize = 2;

/// The known mistakes a failed outcome shows, best first: every sure one, or else up to two
/// possible ones.
pub fn recognise(outcome: &Outcome, mistakes: &[Mistake], profiles: &[Profile]) -> Vec<MatchedMistake> {
    if outcome.status != Status::Fail {
        return Vec::new();
    }
    let failing = outcome.failing_checks();
    // A check a limit stopped (an endless loop) may belong to a mistake's signature, but alone
    // says nothing about which mistake this is: some core check must have failed on its values.
    let failed_on_values: Vec<&str> =
        outcome.checks.iter().filter(|c| c.status == Status::Fail).map(|c| c.name.as_str()).collect();
    let has = |kind: ShapeKind| outcome.shapes.iter().any(|s| s.kind == kind);
    let mut found: Vec<(Certainty, bool, usize, usize, MatchedMistake)> = Vec::new();
    for (index, (mistake, profile)) in mistakes.iter().zip(profiles).enumerate() {
        if profile.core.is_empty() {
            continue;
        }
        let partly = profile.core.iter().any(|c| failed_on_values.contains(&c.as_str()));
        let signature = partly && profile.core.iter().all(|c| failing.contains(&c.as_str()));
        let exact = profile.failing.iter().map(String::as_str).eq(failing.iter().copied());
        let shape_known = !profile.shape.is_empty();
        let shaped = shape_known && profile.shape.iter().all(|&k| has(k));
        let certainty = match (signature, shaped) {
            (true, true) => Certainty::Sure,
            // The checks agree but the code has not the mistake's shape: the code says it is
            // another bug (an untouched starter, a counter reset another way), so say nothing.
            // A mistake with no shape to look for is possible only when exactly its checks fail.
            (true, false) if !shape_known && exact => Certainty::Possible,
            (false, true) if partly => Certainty::Possible,
            _ => continue,
        };
        let evidence: Vec<Shape> =
            outcome.shapes.iter().filter(|s| profile.shape.contains(&s.kind)).take(3).cloned().collect();
        let matched =
            MatchedMistake { name: mistake.name.clone(), explain: mistake.explain.clone(), certainty, evidence };
        found.push((certainty, exact, profile.core.len(), index, matched));
    }
    let sure = found.iter().any(|f| f.0 == Certainty::Sure);
    found.retain(|f| !sure || f.0 == Certainty::Sure);
    // Sure before possible, an exact match first, then the mistake that explains most checks.
    found.sort_by_key(|(certainty, exact, core, index, _)| {
        (*certainty != Certainty::Sure, !exact, std::cmp::Reverse(*core), *index)
    });
    // A mistake whose checks and shapes are all within one already named explains nothing more:
    // it is a narrower version of that one (`shared total reset by makeCounter` beside `one total
    // shared by every counter`).
    let mut kept: Vec<(usize, MatchedMistake)> = Vec::new();
    for (_, _, _, index, matched) in found {
        let profile = &profiles[index];
        let narrower = kept.iter().any(|(other, _)| {
            let wider = &profiles[*other];
            profile.core.iter().all(|c| wider.core.contains(c)) && profile.shape.iter().all(|k| wider.shape.contains(k))
        });
        if !narrower {
            kept.push((index, matched));
        }
    }
    if !sure {
        kept.truncate(MAX_POSSIBLE);
    }
    kept.into_iter().map(|(_, m)| m).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exercise::Location;
    use crate::grading::outcome::CheckOutcome;
    use std::time::Duration;

    fn mistake(name: &str, code: &str) -> Mistake {
        Mistake {
            name: name.into(),
            code: code.into(),
            explain: format!("about {name}"),
            core: None,
            shape: None,
            location: Location { file: "x.toml".into(), line: 1, column: 1 },
        }
    }

    fn outcome(failing: &[&str], code: &str) -> Outcome {
        let check = |name: &str| CheckOutcome {
            name: name.into(),
            status: if failing.contains(&name) { Status::Fail } else { Status::Pass },
            points: 0,
            max_points: 1,
            hidden: false,
            hint: None,
            code: Default::default(),
            message: None,
            mismatches: Vec::new(),
            stdout: String::new(),
            stderr: String::new(),
            duration: Duration::ZERO,
        };
        Outcome {
            exercise: "e".into(),
            title: "t".into(),
            submission: "s.js".into(),
            status: Status::Fail,
            score: 0,
            max_score: 4,
            message: None,
            interrupted: None,
            location: None,
            source_line: None,
            syntax: None,
            checks: ["a", "b", "c", LEAK_CHECK].into_iter().map(check).collect(),
            mistake: None,
            more_mistakes: Vec::new(),
            shapes: SourceAnalysis::of(code).shapes().to_vec(),
            duration: Duration::ZERO,
        }
    }

    const INSIDE: &str = "function outer() { return function () { let n = 0; return ++n; }; }";
    const GLOBAL: &str = "let n = 0; function outer() { n = 0; return function () { return ++n; }; }";

    fn profiles(failing: &[&[&str]], mistakes: &[Mistake]) -> Vec<Profile> {
        let to_strings = |set: &[&str]| set.iter().map(|s| s.to_string()).collect();
        mistakes.iter().zip(failing).map(|(m, f)| Profile::of(m, to_strings(f), &[ShapeKind::NoThis])).collect()
    }

    #[test]
    fn the_mistake_plus_one_more_failure_is_still_recognised_by_its_shape() {
        let mistakes = [mistake("inside", INSIDE)];
        let profiles = profiles(&[&["a", "b"]], &mistakes);
        assert_eq!(profiles[0].shape, vec![ShapeKind::StateInsideInnerFunction]);
        let learner = "const outer = () => () => { let count = 0; count += 1; return count; };";
        let found = recognise(&outcome(&["a", "b", "c"], learner), &mistakes, &profiles);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].certainty, Certainty::Sure);
        assert_eq!(found[0].evidence[0].name, "count", "the learner's own name");
    }

    #[test]
    fn a_different_bug_failing_the_same_checks_is_not_named_the_mistake() {
        // The checks agree, the code has not the mistake's shape: it is another bug.
        let mistakes = [mistake("inside", INSIDE)];
        let profiles = profiles(&[&["a", "b"]], &mistakes);
        let other = "function outer() { let n = 0; return function () { return n++; }; }";
        let found = recognise(&outcome(&["a", "b"], other), &mistakes, &profiles);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn two_mistakes_at_once_are_both_named() {
        let mistakes = [mistake("inside", INSIDE), mistake("global", GLOBAL)];
        let profiles = profiles(&[&["a"], &["b", LEAK_CHECK]], &mistakes);
        assert_eq!(profiles[1].core, vec!["b".to_string()], "the leak check is not core unless alone");
        let both =
            "let total = 0;\nfunction outer() { total = 0; return function () { let n = 0; total++; return ++n; }; }";
        let found = recognise(&outcome(&["a", "b", LEAK_CHECK], both), &mistakes, &profiles);
        let names: Vec<_> = found.iter().map(|m| (m.name.as_str(), m.certainty)).collect();
        assert_eq!(names, [("inside", Certainty::Sure), ("global", Certainty::Sure)]);
    }

    #[test]
    fn neither_signature_nor_shape_names_nothing() {
        let mistakes = [mistake("inside", INSIDE)];
        let profiles = profiles(&[&["a", "b"]], &mistakes);
        let found = recognise(&outcome(&["c"], "function outer() { return () => 1; }"), &mistakes, &profiles);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_mistake_without_a_known_shape_is_never_sure() {
        let mistakes = [mistake("off by one", "function outer() { let n = 0; return () => n--; }")];
        let profiles = profiles(&[&["a"]], &mistakes);
        assert!(profiles[0].shape.is_empty());
        let exact = recognise(&outcome(&["a"], "function outer() {}"), &mistakes, &profiles);
        assert_eq!(exact[0].certainty, Certainty::Possible);
        // More checks failing than the mistake's own: a guess from checks alone would be weak.
        let more = recognise(&outcome(&["a", "c"], "function outer() {}"), &mistakes, &profiles);
        assert!(more.is_empty(), "{more:?}");
    }
}
