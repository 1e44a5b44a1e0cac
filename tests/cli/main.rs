//! Integration tests: one binary, one module per behaviour, each driving the real `grade` binary
//! on fixture courses under `tests/fixtures/` (or on the bundled course).

mod harness;
mod support;

mod authoring_docs;
mod backpack;
mod batch;
mod check;
mod check_counts;
mod checker_realm;
mod class_folder;
mod class_page;
#[cfg(unix)]
mod class_reports;
#[cfg(unix)]
mod classroom_workflow;
mod colors;
mod cross_student;
mod exercise_format;
mod exit_codes;
mod feedback;
mod formats;
#[cfg(unix)]
mod gitlab_example;
mod grade_one;
#[cfg(unix)]
mod gradebook;
#[cfg(unix)]
mod gradescope_bundle;
mod hostile;
mod inert_reports;
mod isolation;
mod json;
mod learner;
mod learner_cases;
mod merge_checks;
mod mistake_cache;
mod parent_death;
mod predictions;
mod progress;
mod review_cli;
mod review_styles;
mod review_values;
mod spec_errors;
mod spec_files;
mod spec_hostile;
mod styles;
mod syntax_errors;
mod unprivileged;
mod usage_errors;
mod workflows;
