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

/// One topic of the skill map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skill {
    /// The topic: the first tag of some exercise.
    pub tag: String,
    /// The indexes of the exercises carrying the tag (as their topic or as any other tag).
    pub exercises: Vec<usize>,
    /// Whether every one of them passes.
    pub unlocked: bool,
}

/// The skill map: each exercise's first tag is a topic, in course order; a topic is unlocked once
/// every exercise carrying that tag (anywhere in its tags) passes.
pub fn skill_map(tags: &[Vec<String>], progress: &[Progress]) -> Vec<Skill> {
    let mut skills: Vec<Skill> = Vec::new();
    for topic in tags.iter().filter_map(|t| t.first()) {
        if skills.iter().any(|s| &s.tag == topic) {
            continue;
        }
        let exercises: Vec<usize> = (0..tags.len()).filter(|&i| tags[i].contains(topic)).collect();
        let unlocked = exercises.iter().all(|&i| progress.get(i) == Some(&Progress::Passing));
        skills.push(Skill { tag: topic.clone(), exercises, unlocked });
    }
    skills
}

/// Lists the course with the learner's progress.
pub fn run(course: &Course, isolation: bool, dest: &Destination) -> anyhow::Result<ExitCode> {
    let paint = dest.paint();
    let prepared = prepare_course(course)?;
    let outcomes = grade_folder(&prepared, course.submissions_dir(), isolation)?;
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
        let points = outcome
            .as_ref()
            .map_or_else(|| format!("0/{}", ex.max_score()), |o| format!("{}/{}", o.score, o.max_score));
        let tags = paint.dim(&ex.tags.join(", "));
        let line = format!("  {:<12} {:<width$} {status} {points:>6}  {tags}", ex.id, ex.title);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "\n{} {earned}/{total} points", paint.bold("Progress:"));
    let tags: Vec<Vec<String>> = prepared.iter().map(|p| p.exercise.tags.clone()).collect();
    let skills = skill_map(&tags, &progress);
    let unlocked = skills.iter().filter(|s| s.unlocked).count();
    let _ = writeln!(out, "\n{} {unlocked} of {} unlocked", paint.bold("Skill map:"), skills.len());
    let tag_width = skills.iter().map(|s| s.tag.chars().count()).max().unwrap_or(0);
    for skill in &skills {
        let mark = if skill.unlocked { paint.green("■ unlocked") } else { paint.dim("□ locked  ") };
        let ids: Vec<&str> = skill.exercises.iter().map(|&i| prepared[i].exercise.id.as_str()).collect();
        let _ = writeln!(out, "  {mark}  {:<tag_width$}  {}", skill.tag, paint.dim(&ids.join(", ")));
    }
    match prepared.iter().zip(&progress).find(|(_, s)| **s != Progress::Passing) {
        Some((next, state)) => {
            let id = &next.exercise.id;
            let action =
                if *state == Progress::NotStarted { format!("grade start {id}") } else { format!("grade {id}") };
            let _ = writeln!(out, "\nNext: `{action}`");
        }
        None => {
            let _ = writeln!(out, "\nEvery exercise passes. Well done!");
        }
    }
    dest.emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skill_unlocks_when_every_exercise_with_it_passes() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let tags = vec![
            tags(&["closure"]),
            tags(&["closure"]),
            tags(&["timers"]),
            tags(&["iterator"]),
            tags(&["generator", "iterator"]),
        ];
        use Progress::{Failing, NotStarted, Passing};
        let map = skill_map(&tags, &[Passing, Failing, Passing, Passing, NotStarted]);
        let summary: Vec<(&str, &[usize], bool)> =
            map.iter().map(|s| (s.tag.as_str(), s.exercises.as_slice(), s.unlocked)).collect();
        assert_eq!(
            summary,
            [
                ("closure", &[0, 1][..], false),
                ("timers", &[2][..], true),
                ("iterator", &[3, 4][..], false),
                ("generator", &[4][..], false),
            ]
        );
    }
}
