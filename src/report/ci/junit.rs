//! JUnit XML as Jenkins' `junit-10.xsd` (what the xunit plugin validates against), GitLab and
//! GitHub's test reporters read it: `<testsuites>` of one `<testsuite>` per exercise, one
//! `<testcase>` per check, the diff as the failure's text. Only attributes the schema allows.

use std::time::Duration;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{full_text, inert};
use crate::grading::{CheckOutcome, Outcome, Status};

/// JUnit XML for the outcomes: one testsuite per exercise, one testcase per check; failures
/// carry the diff; a hidden check shows its name and verdict only.
pub fn junit(outcomes: &[&Outcome]) -> std::io::Result<String> {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 4);
    xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let checks = || outcomes.iter().flat_map(|o| o.checks.iter());
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "grade"));
    root.push_attribute(("tests", checks().count().to_string().as_str()));
    root.push_attribute(("failures", count(checks(), Status::Fail).as_str()));
    root.push_attribute(("errors", count(checks(), Status::Error).as_str()));
    root.push_attribute(("time", seconds(outcomes.iter().map(|o| o.duration).sum()).as_str()));
    xml.write_event(Event::Start(root))?;
    for outcome in outcomes {
        write_suite(&mut xml, outcome)?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuites")))?;
    let mut text = String::from_utf8(xml.into_inner()).expect("the writer is given UTF-8 only");
    text.push('\n');
    Ok(text)
}

fn write_suite(xml: &mut Writer<Vec<u8>>, outcome: &Outcome) -> std::io::Result<()> {
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", inert::ci_text(&outcome.exercise).as_str()));
    suite.push_attribute(("tests", outcome.checks.len().to_string().as_str()));
    suite.push_attribute(("failures", count(outcome.checks.iter(), Status::Fail).as_str()));
    suite.push_attribute(("errors", count(outcome.checks.iter(), Status::Error).as_str()));
    suite.push_attribute(("skipped", "0"));
    suite.push_attribute(("time", seconds(outcome.duration).as_str()));
    suite.push_attribute(("file", one_line(&outcome.submission).as_str()));
    xml.write_event(Event::Start(suite))?;
    for check in &outcome.checks {
        write_case(xml, outcome, check)?;
    }
    if let Some(message) = &outcome.message {
        text_element(xml, "system-err", &inert::ci_text(message))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))
}

fn write_case(xml: &mut Writer<Vec<u8>>, outcome: &Outcome, check: &CheckOutcome) -> std::io::Result<()> {
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", one_line(&check.name).as_str()));
    case.push_attribute(("classname", one_line(&outcome.exercise).as_str()));
    case.push_attribute(("time", seconds(check.duration).as_str()));
    xml.write_event(Event::Start(case))?;
    let tag = match check.status {
        Status::Pass => None,
        Status::Fail => Some("failure"),
        Status::Error => Some("error"),
    };
    if let Some(tag) = tag {
        let mut element = BytesStart::new(tag);
        if check.hidden {
            // A hidden check shows its name and verdict only, as in every other format.
            let note = if check.status == Status::Fail { "failed (hidden check)" } else { "error (hidden check)" };
            element.push_attribute(("message", note));
            xml.write_event(Event::Empty(element))?;
        } else {
            let message = match check.status {
                Status::Error => outcome.message.as_deref().or(check.message.as_deref()).unwrap_or("error"),
                _ => check.message.as_deref().unwrap_or("failed"),
            };
            element.push_attribute(("message", one_line(message).as_str()));
            xml.write_event(Event::Start(element))?;
            xml.write_event(Event::Text(BytesText::new(&full_text(outcome, check))))?;
            xml.write_event(Event::End(BytesEnd::new(tag)))?;
        }
    }
    if !check.hidden && !check.stdout.is_empty() {
        text_element(xml, "system-out", &inert::ci_text(&check.stdout))?;
    }
    if !check.hidden && !check.stderr.is_empty() {
        text_element(xml, "system-err", &inert::ci_text(&check.stderr))?;
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))
}

fn text_element(xml: &mut Writer<Vec<u8>>, tag: &str, text: &str) -> std::io::Result<()> {
    xml.write_event(Event::Start(BytesStart::new(tag)))?;
    xml.write_event(Event::Text(BytesText::new(text)))?;
    xml.write_event(Event::End(BytesEnd::new(tag)))
}

/// An attribute value: one line (newlines shown as `\n`), inert for a CI log.
fn one_line(text: &str) -> String {
    inert::ci_text(&inert::line(text))
}

fn count<'a>(checks: impl Iterator<Item = &'a CheckOutcome>, status: Status) -> String {
    checks.filter(|c| c.status == status).count().to_string()
}

/// Seconds with three decimals, as Surefire writes them (the schema's `SUREFIRE_TIME`).
fn seconds(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}
