//! `grade list`: the exercises in order with title, tags and the learner's status, the points
//! earned out of the course total, and a skill map of the topics unlocked so far; as text, or as
//! one JSON document with `--format json`.

use std::fmt::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use serde_json::{Value, json};

use super::Destination;
use crate::course_grading::{grade_folder_on, prepare_course};
use crate::exercise::Course;
use crate::grading::{Outcome, PreparedExercise, Status};
use crate::pool::PoolOptions;
use crate::report::{Format, Paint};

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
    /// As the human listing writes it.
    fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "not started",
            Progress::Failing => "failing",
            Progress::Passing => "passing",
        }
    }

    /// As `--format json` writes it.
    fn json_name(self) -> &'static str {
        match self {
            Progress::NotStarted => "not-started",
            Progress::Failing => "failing",
            Progress::Passing => "passing",
        }
    }

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

/// Lists the course with the learner's progress: a human listing, or one JSON document.
pub fn run(course: &Course, pool_options: &PoolOptions, dest: &Destination) -> anyhow::Result<ExitCode> {
    if !matches!(dest.format, Format::Human | Format::Json) {
        let name =
            clap::ValueEnum::to_possible_value(&dest.format).map_or_else(String::new, |v| v.get_name().to_string());
        bail!(
            "`grade list` writes a human listing or --format json, not --format {name}; \
             `grade all --format {name}` grades every exercise in that format"
        );
    }
    let prepared = prepare_course(course)?;
    let outcomes = grade_folder_on(&prepared, course.submissions_dir(), pool_options)?;
    let progress: Vec<Progress> = outcomes.iter().map(|o| Progress::of(o.as_ref())).collect();
    let tags: Vec<Vec<String>> = prepared.iter().map(|p| p.exercise.tags.clone()).collect();
    let skills = skill_map(&tags, &progress);
    let listing = Listing { course, prepared: &prepared, outcomes: &outcomes, progress: &progress, skills: &skills };
    let text = match dest.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&listing.json())?),
        _ => listing.human(&dest.paint()),
    };
    dest.emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Everything `grade list` reports, worked out once for either format.
struct Listing<'a> {
    course: &'a Course,
    prepared: &'a [Arc<PreparedExercise>],
    outcomes: &'a [Option<Outcome>],
    progress: &'a [Progress],
    skills: &'a [Skill],
}

impl Listing<'_> {
    /// (points earned, course total).
    fn points(&self) -> (u32, u32) {
        let earned = self.outcomes.iter().flatten().map(|o| o.score).sum();
        let total = self.prepared.iter().map(|p| p.exercise.max_score()).sum();
        (earned, total)
    }

    /// The first exercise that does not pass, and where the learner stands on it.
    fn next(&self) -> Option<(&Arc<PreparedExercise>, Progress)> {
        self.prepared.iter().zip(self.progress).find(|(_, s)| **s != Progress::Passing).map(|(p, s)| (p, *s))
    }

    fn score(&self, index: usize) -> (u32, u32) {
        let max = self.prepared[index].exercise.max_score();
        self.outcomes[index].as_ref().map_or((0, max), |o| (o.score, o.max_score))
    }

    fn human(&self, paint: &Paint) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}\n", paint.bold(&self.course.title));
        let prepared = self.prepared;
        let width = prepared.iter().map(|p| p.exercise.title.chars().count()).max().unwrap_or(0).min(60);
        for (index, (p, state)) in prepared.iter().zip(self.progress).enumerate() {
            let ex = &p.exercise;
            let style: fn(&Paint, &str) -> String = match state {
                Progress::NotStarted => Paint::dim,
                Progress::Failing => Paint::red,
                Progress::Passing => Paint::green,
            };
            let status = style(paint, &format!("{:<12}", state.label()));
            let (score, max) = self.score(index);
            let points = format!("{score}/{max}");
            let tags = paint.dim(&ex.tags.join(", "));
            let line = format!("  {:<12} {:<width$} {status} {points:>6}  {tags}", ex.id, ex.title);
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let (earned, total) = self.points();
        let _ = writeln!(out, "\n{} {earned}/{total} points", paint.bold("Progress:"));
        let unlocked = self.skills.iter().filter(|s| s.unlocked).count();
        let _ = writeln!(out, "\n{} {unlocked} of {} unlocked", paint.bold("Skill map:"), self.skills.len());
        let tag_width = self.skills.iter().map(|s| s.tag.chars().count()).max().unwrap_or(0);
        for skill in self.skills {
            let mark = if skill.unlocked { paint.green("■ unlocked") } else { paint.dim("□ locked  ") };
            let ids: Vec<&str> = skill.exercises.iter().map(|&i| prepared[i].exercise.id.as_str()).collect();
            let _ = writeln!(out, "  {mark}  {:<tag_width$}  {}", skill.tag, paint.dim(&ids.join(", ")));
        }
        match self.next() {
            Some((next, state)) => {
                let id = &next.exercise.id;
                let action =
                    if state == Progress::NotStarted { format!("grade start {id}") } else { format!("grade {id}") };
                let _ = writeln!(out, "\nNext: `{action}`");
            }
            None => {
                let _ = writeln!(out, "\nEvery exercise passes. Well done!");
            }
        }
        out
    }

    fn json(&self) -> Value {
        let exercises: Vec<Value> = self
            .prepared
            .iter()
            .zip(self.progress)
            .enumerate()
            .map(|(index, (p, state))| {
                let (score, max) = self.score(index);
                json!({
                    "id": p.exercise.id,
                    "title": p.exercise.title,
                    "tags": p.exercise.tags,
                    "status": state.json_name(),
                    "score": score,
                    "max_score": max,
                })
            })
            .collect();
        let skills: Vec<Value> = self
            .skills
            .iter()
            .map(|s| {
                let ids: Vec<&str> = s.exercises.iter().map(|&i| self.prepared[i].exercise.id.as_str()).collect();
                json!({ "tag": s.tag, "exercises": ids, "unlocked": s.unlocked })
            })
            .collect();
        let (earned, total) = self.points();
        json!({
            "version": 1,
            "course": self.course.title,
            "exercises": exercises,
            "score": earned,
            "max_score": total,
            "skills": skills,
            "unlocked": self.skills.iter().filter(|s| s.unlocked).count(),
            "next": self.next().map(|(p, _)| p.exercise.id.clone()),
        })
    }
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
