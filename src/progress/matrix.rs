//! XP and the skill matrix: a node for every tag, mastered when every exercise carrying the tag
//! passes, unlocked once every node it requires (`[skills]` in `grader.toml`) is mastered.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::exercise::Exercise;

/// XP a passing exercise earns per point of its maximum score.
pub const XP_PER_POINT: u32 = 10;

/// Where a learner stands on one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeState {
    /// Some node it requires is not mastered yet.
    Locked,
    /// Everything it requires is mastered; some exercise carrying it does not pass yet.
    Unlocked,
    /// Every exercise carrying the tag passes.
    Mastered,
}

impl NodeState {
    /// As the listing and `--format json` write it.
    pub fn name(self) -> &'static str {
        match self {
            NodeState::Locked => "locked",
            NodeState::Unlocked => "unlocked",
            NodeState::Mastered => "mastered",
        }
    }
}

/// One node of the skill matrix: a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The tag.
    pub tag: String,
    /// Indexes of the exercises carrying it.
    pub exercises: Vec<usize>,
    /// The nodes it requires.
    pub requires: Vec<String>,
    /// Locked, unlocked or mastered.
    pub state: NodeState,
    /// XP earned on it: the XP of its passing exercises.
    pub xp: u32,
}

/// Every node, in the order tags first appear in the course, with the XP earned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillMatrix {
    /// The nodes.
    pub nodes: Vec<Node>,
    /// XP earned in all: the XP of every passing exercise.
    pub total_xp: u32,
}

impl SkillMatrix {
    /// The matrix of exercises with these `tags` and `xp`, of which those marked in `passed`
    /// pass, with `requires` giving each node's prerequisites.
    pub fn new(tags: &[Vec<String>], xp: &[u32], passed: &[bool], requires: &BTreeMap<String, Vec<String>>) -> Self {
        let passes = |i: usize| passed.get(i).copied().unwrap_or(false);
        let mut order: Vec<&String> = Vec::new();
        for tag in tags.iter().flatten() {
            if !order.contains(&tag) {
                order.push(tag);
            }
        }
        let carrying =
            |tag: &str| -> Vec<usize> { (0..tags.len()).filter(|&i| tags[i].iter().any(|t| t == tag)).collect() };
        let mastered = |tag: &str| {
            let exercises = carrying(tag);
            !exercises.is_empty() && exercises.iter().all(|&i| passes(i))
        };
        let nodes = order
            .into_iter()
            .map(|tag| {
                let exercises = carrying(tag);
                let needs = requires.get(tag).cloned().unwrap_or_default();
                // A node some passed exercise carries is open, whatever its prerequisites say: the
                // learner is already in it (a locked node with XP would contradict itself).
                let started = exercises.iter().any(|&i| passes(i));
                let state = if mastered(tag) {
                    NodeState::Mastered
                } else if started || needs.iter().all(|n| mastered(n)) {
                    NodeState::Unlocked
                } else {
                    NodeState::Locked
                };
                let xp = exercises.iter().filter(|&&i| passes(i)).map(|&i| xp.get(i).copied().unwrap_or(0)).sum();
                Node { tag: tag.clone(), exercises, requires: needs, state, xp }
            })
            .collect();
        let total_xp = (0..tags.len()).filter(|&i| passes(i)).map(|i| xp.get(i).copied().unwrap_or(0)).sum();
        SkillMatrix { nodes, total_xp }
    }

    /// The node of `tag`.
    pub fn node(&self, tag: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.tag == tag)
    }

    /// The XP line for an exercise's topic: `Total XP: 120 · closure XP: 80`.
    pub fn xp_line(&self, topic: Option<&str>) -> String {
        match topic.and_then(|t| self.node(t)) {
            Some(node) => format!("Total XP: {} · {} XP: {}", self.total_xp, node.tag, node.xp),
            None => format!("Total XP: {}", self.total_xp),
        }
    }

    /// The nodes locked in `before` and no longer locked here (unlocked, or mastered at once).
    pub fn unlocked_since(&self, before: &SkillMatrix) -> Vec<&str> {
        self.nodes
            .iter()
            .filter(|n| n.state != NodeState::Locked)
            .filter(|n| before.node(&n.tag).is_none_or(|b| b.state == NodeState::Locked))
            .map(|n| n.tag.as_str())
            .collect()
    }

    /// What a pass of `exercise` earned, against the matrix before it: XP, then
    /// `unlocked: X` for each node it unlocked.
    pub fn pass_note(&self, before: &SkillMatrix, exercise: &Exercise) -> String {
        let mut out = String::new();
        let earned = self.total_xp.saturating_sub(before.total_xp);
        let topic = exercise.tags.first().map(String::as_str);
        let _ = write!(out, "\n+{earned} XP · {}", self.xp_line(topic));
        for tag in self.unlocked_since(before) {
            let _ = write!(out, "\nunlocked: {tag}");
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&[&str]]) -> Vec<Vec<String>> {
        list.iter().map(|t| t.iter().map(|s| s.to_string()).collect()).collect()
    }

    fn requires() -> BTreeMap<String, Vec<String>> {
        [("once".to_string(), vec!["retained-memory".to_string(), "multiple-instances".to_string()])].into()
    }

    #[test]
    fn a_node_unlocks_when_everything_it_requires_is_mastered() {
        let tags = tags(&[&["retained-memory", "closure"], &["multiple-instances", "closure"], &["once", "closure"]]);
        let xp = [70, 80, 70];
        let none = SkillMatrix::new(&tags, &xp, &[false, false, false], &requires());
        let state = |m: &SkillMatrix, t: &str| m.node(t).unwrap().state;
        assert_eq!(state(&none, "once"), NodeState::Locked);
        assert_eq!(state(&none, "retained-memory"), NodeState::Unlocked, "no prerequisites");
        let one = SkillMatrix::new(&tags, &xp, &[true, false, false], &requires());
        assert_eq!(state(&one, "once"), NodeState::Locked);
        assert_eq!(state(&one, "retained-memory"), NodeState::Mastered);
        let two = SkillMatrix::new(&tags, &xp, &[true, true, false], &requires());
        assert_eq!(state(&two, "once"), NodeState::Unlocked);
        assert_eq!(two.unlocked_since(&one), ["once"]);
        assert_eq!(one.unlocked_since(&none), Vec::<&str>::new());
        assert_eq!(two.xp_line(Some("closure")), "Total XP: 150 · closure XP: 150");
        assert_eq!(two.xp_line(Some("multiple-instances")), "Total XP: 150 · multiple-instances XP: 80");
        assert_eq!(state(&two, "closure"), NodeState::Unlocked, "the third exercise carries it too");
        // Passing an exercise of a node whose prerequisites are not mastered opens it: a node with
        // XP is never shown locked.
        let early = SkillMatrix::new(&tags, &xp, &[false, false, true], &requires());
        assert_eq!(state(&early, "once"), NodeState::Mastered);
        let twice = vec![vec!["once".to_string()], vec!["once".to_string()]];
        let partly = SkillMatrix::new(&twice, &[10, 10], &[true, false], &requires());
        assert_eq!(partly.node("once").unwrap().state, NodeState::Unlocked);
    }

    #[test]
    fn every_tag_is_a_node_in_course_order() {
        let tags = tags(&[&["b", "a"], &["c", "a", "d"]]);
        let m = SkillMatrix::new(&tags, &[10, 10], &[true, false], &BTreeMap::new());
        let names: Vec<&str> = m.nodes.iter().map(|n| n.tag.as_str()).collect();
        assert_eq!(names, ["b", "a", "c", "d"]);
        assert_eq!(m.node("a").unwrap().exercises, [0, 1]);
        assert_eq!((m.node("a").unwrap().xp, m.total_xp), (10, 10));
    }
}
