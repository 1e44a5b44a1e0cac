//! `grade`: a courseware runner and autograder for JavaScript, on embedded QuickJS.
//!
//! Layers, each depending only on those below it: `cli` → `commands` → `course_grading` (what
//! commands share: preparing a course, grading a learner's files, the mistakes' cache) → `pool`
//! (worker processes) → `grading` → `sandbox`.
//! `report` renders results and never runs code; `exercise` (loading and validation), `syntax`
//! (JavaScript source analysis on oxc) and `value` (host-side copies of JS values) stand apart
//! and are used by all, as does `spelling` (suggestions for mistyped names).

#![warn(missing_docs)]

pub mod class;
pub mod cli;
pub mod commands;
pub mod course_grading;
pub mod exercise;
pub mod grading;
pub mod pool;
pub mod progress;
pub mod report;
pub mod results;
pub mod sandbox;
pub mod spec;
pub mod spelling;
pub mod syntax;
pub mod value;
