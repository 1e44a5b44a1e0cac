//! `grade list`: the exercises in order with title, tags and the learner's status, the points
//! earned out of the course total, and a skill map of the topics unlocked so far.

use std::fmt::Write;
use std::process::ExitCode;

use super::Destination;
use super::all::{grade_folder, prepare_course};
use crate::exercise::Course;
use crate::grading::{Outcome, Status};
use crate::report::Paint;

/// Where a learner stands on one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// No file yet.
    NotStarted,
    /// A file that does not pass (yet).
    Failing,
    /// Every check passes.
    Passing,
}

impl Progress {
    fn of(outcome: Option<&Outcome>) -> Progress {
        match outcome {
            None => Progress::NotStarted,
            Some(o) if o.status == Status::Pass => Progress::Passing,
            Some(_) => Progress::Failing,
        }
    }
}

/// Each tag in order of first appearance, and whether every exercise carrying it passes.
pub fn skill_map(tags: &[Vec<String>], progress: &[Progress]) -> Vec<(String, bool)> {
    let mut skills: Vec<(String, bool)> = Vec::new();
    for (exercise_tags, p) in tags.iter().zip(progress) {
        for tag in exercise_tags {
            let passing = *p == Progress::Passing;
            match skills.iter_mut().find(|(t, _)| t == tag) {
                Some((_, unlocked)) => *unlocked &= passing,
                None => skills.push((tag.clone(), passing)),
            }
        }
    }
    skills
}

/// Lists the course with the learner's progress.
pub fn run(course: &Course, dest: &Destination) -> anyhow::Result<ExitCode> {
    let paint = dest.paint();
    let prepared = prepare_course(course)?;
    let outcomes = grade_folder(&prepared, course.submissions_dir());
    let progress: Vec<Progress> = outcomes.iter().map(|o| Progress::of(o.as_ref())).collect();
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", paint.bold(&course.title));
    let (mut earned, mut total) = (0, 0);
    let width = prepared.iter().map(|p| p.exercise.title.chars().count()).max().unwrap_or(0).min(60);
    for ((p, outcome), state) in prepared.iter().zip(&outcomes).zip(&progress) {
        let ex = &p.exercise;
        total += ex.max_score();
        earned += outcome.as_ref().map_or(0, |o| o.score);
        let (label, style): (&str, fn(&Paint, &str) -> String) = match state {
            Progress::NotStarted => ("not started", Paint::dim),
            Progress::Failing => ("failing", Paint::red),
            Progress::Passing => ("passing", Paint::green),
        };
        let status = style(&paint, &format!("{label:<12}"));
        let points = outcome.as_ref().map_or_else(|| format!("0/{}", ex.max_score()), |o| format!("{}/{}", o.score, o.max_score));
        let _ = writeln!(out, "  {:<12} {:<width$} {status} {points:>6}  {}", ex.id, ex.title, paint.dim(&ex.tags.join(", ")));
    }
    let _ = writeln!(out, "\n{} {earned}/{total} points", paint.bold("Progress:"));
    let tags: Vec<Vec<String>> = prepared.iter().map(|p| p.exercise.tags.iter().take(1).cloned().collect()).collect();
    let _ = writeln!(out, "\n{}", paint.bold("Skill map"));
    for (tag, unlocked) in skill_map(&tags, &progress) {
        let mark = if unlocked { paint.green("■ unlocked") } else { paint.dim("□ locked  ") };
        let _ = writeln!(out, "  {mark}  {tag}");
    }
    if let Some(next) = prepared.iter().zip(&progress).find(|(_, s)| **s != Progress::Passing) {
        let id = &next.0.exercise.id;
        let action = if *next.1 == Progress::NotStarted { format!("grade start {id}") } else { format!("grade {id}") };
        let _ = writeln!(out, "\nNext: `{action}`");
    }
    dest.emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skill_unlocks_when_every_exercise_with_it_passes() {
        let tags = vec![vec!["closure".to_string()], vec!["closure".to_string()], vec!["timers".to_string()]];
        let map = skill_map(&tags, &[Progress::Passing, Progress::Failing, Progress::Passing]);
        assert_eq!(map, [("closure".to_string(), false), ("timers".to_string(), true)]);
    }
}
