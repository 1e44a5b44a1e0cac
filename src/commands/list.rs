//! `grade list`: the exercises in course order with title, tags and the learner's status, the
//! points and XP earned, and the skill matrix (a node per tag: locked, unlocked or mastered); as
//! text, or as one JSON document with `--format json`. The status is the learner's files graded
//! as they stand; what passes is added to the record of passes (see [`crate::progress`]).

use std::fmt::Write;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;
use serde_json::{Value, json};

use super::Destination;
use crate::course_grading::{grade_folder_on, prepare_course};
use crate::exercise::{Course, Exercise};
use crate::grading::{Outcome, PreparedExercise, Status};
use crate::pool::PoolOptions;
use crate::progress::{self, NodeState, SkillMatrix};
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
    let exercises: Vec<Exercise> = prepared.iter().map(|p| p.exercise.clone()).collect();
    let passing: Vec<bool> = progress.iter().map(|p| *p == Progress::Passing).collect();
    let matrix = progress::matrix_of(course, &exercises, &passing);
    progress::note_passing(course, exercises.iter().zip(&passing).filter(|(_, p)| **p).map(|(e, _)| e.id.clone()));
    let listing = Listing { course, prepared: &prepared, outcomes: &outcomes, progress: &progress, matrix: &matrix };
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
    matrix: &'a SkillMatrix,
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
        // Columns as wide as their longest entry, so no title or id runs into the next column.
        let id_width = prepared.iter().map(|p| p.exercise.id.chars().count()).max().unwrap_or(0);
        let width = prepared.iter().map(|p| p.exercise.title.chars().count()).max().unwrap_or(0);
        let tags_width = prepared.iter().map(|p| p.exercise.tags.join(", ").chars().count()).max().unwrap_or(0);
        // One row per exercise when the widest fits the terminal; else the tags, and then the
        // title too, go on lines of their own under the id, so the terminal never cuts a word.
        let row = 2 + id_width + 2 + width + 2 + 12 + 1 + 6;
        let fits = |columns: usize| paint.width().is_none_or(|w| columns <= w);
        let layout = if fits(row + 2 + tags_width) {
            Layout::OneRow
        } else if fits(row) {
            Layout::TagsBelow
        } else {
            Layout::Stacked
        };
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
            let tags_text = ex.tags.join(", ");
            let tags = paint.dim(&tags_text);
            let under = " ".repeat(2 + id_width + 2);
            if layout == Layout::OneRow {
                let line = format!("  {:<id_width$}  {:<width$}  {status} {points:>6}  {tags}", ex.id, ex.title);
                let _ = writeln!(out, "{}", line.trim_end());
            } else if layout == Layout::TagsBelow {
                let line = format!("  {:<id_width$}  {:<width$}  {status} {points:>6}", ex.id, ex.title);
                let _ = writeln!(out, "{}", line.trim_end());
                if !tags_text.is_empty() {
                    let _ = writeln!(out, "{under}{tags}");
                }
            } else {
                let _ = writeln!(out, "  {:<id_width$}  {status} {points:>6}", ex.id);
                let _ = writeln!(out, "{under}{}", ex.title);
                if !tags_text.is_empty() {
                    let _ = writeln!(out, "{under}{tags}");
                }
            }
        }
        let (earned, total) = self.points();
        let _ =
            writeln!(out, "\n{} {earned}/{total} points · Total XP: {}", paint.bold("Progress:"), self.matrix.total_xp);
        let nodes = &self.matrix.nodes;
        let count = |state: NodeState| nodes.iter().filter(|n| n.state == state).count();
        let _ = writeln!(
            out,
            "\n{} {} nodes: {} mastered, {} unlocked, {} locked",
            paint.bold("Skill matrix:"),
            nodes.len(),
            count(NodeState::Mastered),
            count(NodeState::Unlocked),
            count(NodeState::Locked)
        );
        let tag_width = nodes.iter().map(|n| n.tag.chars().count()).max().unwrap_or(0);
        for node in nodes {
            let mark = match node.state {
                NodeState::Mastered => paint.green("■ mastered"),
                NodeState::Unlocked => paint.yellow("□ unlocked"),
                NodeState::Locked => paint.dim("· locked  "),
            };
            let xp = format!("{:>4} XP", node.xp);
            let ids: Vec<&str> = node.exercises.iter().map(|&i| prepared[i].exercise.id.as_str()).collect();
            let ids = if ids.len() > 4 {
                vec![format!("{} exercises", ids.len())]
            } else {
                ids.iter().map(|s| s.to_string()).collect()
            };
            let needs = if node.requires.is_empty() || node.state != NodeState::Locked {
                String::new()
            } else {
                format!(" · needs {}", node.requires.join(", "))
            };
            // What the node covers and needs, wrapped under itself to the terminal's width.
            let lead = 2 + 10 + 2 + tag_width + 2 + xp.chars().count() + 2;
            let tail = format!("{}{needs}", ids.join(", "));
            let room = paint.width().map_or(usize::MAX, |w| w.saturating_sub(lead).max(20));
            let pieces = if room == usize::MAX { vec![tail] } else { crate::report::human::wrap(&tail, room) };
            for (i, piece) in pieces.iter().enumerate() {
                let line = if i == 0 {
                    format!("  {mark}  {:<tag_width$}  {xp}  {}", node.tag, paint.dim(piece))
                } else {
                    format!("{:lead$}{}", "", paint.dim(piece))
                };
                let _ = writeln!(out, "{}", line.trim_end());
            }
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
            .matrix
            .nodes
            .iter()
            .map(|n| {
                let ids: Vec<&str> = n.exercises.iter().map(|&i| self.prepared[i].exercise.id.as_str()).collect();
                json!({
                    "tag": n.tag,
                    "exercises": ids,
                    "requires": n.requires,
                    "state": n.state.name(),
                    "unlocked": n.state != NodeState::Locked,
                    "mastered": n.state == NodeState::Mastered,
                    "xp": n.xp,
                })
            })
            .collect();
        let by_tag: serde_json::Map<String, Value> =
            self.matrix.nodes.iter().map(|n| (n.tag.clone(), json!(n.xp))).collect();
        let (earned, total) = self.points();
        json!({
            "version": 1,
            "course": self.course.title,
            "exercises": exercises,
            "score": earned,
            "max_score": total,
            "xp": { "total": self.matrix.total_xp, "by_tag": by_tag },
            "skills": skills,
            "unlocked": self.matrix.nodes.iter().filter(|n| n.state != NodeState::Locked).count(),
            "mastered": self.matrix.nodes.iter().filter(|n| n.state == NodeState::Mastered).count(),
            "next": self.next().map(|(p, _)| p.exercise.id.clone()),
        })
    }
}

/// How `grade list` lays out an exercise, by what fits the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Id, title, status, points and tags on one line.
    OneRow,
    /// The tags on a second line.
    TagsBelow,
    /// Id, status and points; the title and the tags each on a line below.
    Stacked,
}
