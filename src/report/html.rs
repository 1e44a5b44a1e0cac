//! `report.html`: the class report as one self-contained page an instructor would rather look
//! at than read: the spread of totals, pass rate per exercise, the checks most failed, the known
//! mistakes most made with their explanations, hand-in problems, and a per-student table that
//! sorts by any column (click a heading, or open the page with `#sort=<column>-asc|desc`).
//!
//! Everything is inline: CSS, SVG charts and a few lines of script for sorting; nothing is
//! fetched from the network. All text from the class (folder names, messages) is escaped.

use std::fmt::Write;

use super::class::inert;
use crate::class::tally::Rate;
use crate::class::{Problem, Roster, Tally};
use crate::grading::Status;

/// Rows of the "most" lists.
const TOP: usize = 15;

/// `text` made inert and escaped for HTML text and attribute values.
pub fn escape(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in inert(text, max).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = include_str!("html/style.css");

const SCRIPT: &str = include_str!("html/sort.js");

/// The page.
pub fn report_html(tally: &Tally, title: &str, roster: Option<&Roster>) -> String {
    let mut out = String::new();
    let title = escape(title, 200);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{title}: class report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n<p class=\"sub\">Class report: {} exercises, {} points available to each student.</p>\n",
        tally.exercises().len(),
        tally.max_score()
    );
    cards(&mut out, tally);
    out.push_str("<div class=\"grid\">\n");
    let _ = writeln!(out, "<section id=\"histogram\"><h2>Total scores</h2>{}</section>", histogram_svg(tally));
    let _ = writeln!(out, "<section id=\"pass-rates\"><h2>Pass rate per exercise</h2>{}</section>", rates_svg(tally));
    out.push_str("</div>\n<div class=\"grid\" style=\"margin-top:16px\">\n");
    failed_checks(&mut out, tally);
    mistakes(&mut out, tally);
    out.push_str("</div>\n<div style=\"height:16px\"></div>\n");
    problems(&mut out, tally);
    students_table(&mut out, tally, roster);
    let _ = write!(out, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

fn cards(out: &mut String, tally: &Tally) {
    let totals: Vec<u32> = tally.students().map(|(_, row)| Tally::total(row)).collect();
    let max = tally.max_score();
    let mean = if totals.is_empty() || max == 0 {
        0.0
    } else {
        totals.iter().map(|&t| f64::from(t)).sum::<f64>() / totals.len() as f64 / f64::from(max) * 100.0
    };
    let results = tally.results();
    let pass_pct = if results == 0 { 0 } else { (tally.passing() * 200 + results) / (results * 2) };
    let cards = [
        (tally.student_count().to_string(), "students", "students"),
        (results.to_string(), "files graded", "results"),
        (format!("{pass_pct}%"), "of graded files pass", "passing"),
        (format!("{mean:.0}%"), "mean total score", "mean"),
        (tally.problems().len().to_string(), "hand-in problems", "problems"),
        (tally.without_files().count().to_string(), "students with no files", "without-files"),
    ];
    out.push_str("<div class=\"cards\">\n");
    for (value, label, id) in cards {
        let _ = writeln!(out, "<div class=\"card\" id=\"card-{id}\"><b>{value}</b><span>{label}</span></div>");
    }
    out.push_str("</div>\n");
}

fn histogram_svg(tally: &Tally) -> String {
    let buckets = tally.histogram();
    // Whole-number ticks, four or fewer steps; the axis ends at the last tick.
    let tick_step = buckets.iter().copied().max().unwrap_or(0).max(1).div_ceil(4);
    let ticks = buckets.iter().copied().max().unwrap_or(0).max(1).div_ceil(tick_step);
    let most = tick_step * ticks;
    let (width, height, left, bottom, top) = (500.0, 230.0, 34.0, 34.0, 14.0);
    let plot = height - bottom - top;
    let step = (width - left) / 10.0;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"Histogram of total scores\">"
    );
    for tick in 0..=ticks {
        let value = tick * tick_step;
        let y = top + plot - plot * value as f64 / most as f64;
        let _ = write!(
            svg,
            "<line x1=\"{left}\" x2=\"{width}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e9ecef\"/>\
             <text class=\"dim\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{value}</text>",
            left - 6.0,
            y + 4.0
        );
    }
    for (i, &count) in buckets.iter().enumerate() {
        let h = plot * count as f64 / most as f64;
        let x = left + step * i as f64 + 4.0;
        let y = top + plot - h;
        let hue = 10.0 + 12.0 * i as f64;
        let _ = write!(
            svg,
            "<rect class=\"bucket\" data-count=\"{count}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" rx=\"3\" fill=\"hsl({hue:.0},65%,50%)\"><title>{}–{}%: {count} students</title></rect>",
            step - 8.0,
            i * 10,
            i * 10 + 10
        );
        if count > 0 {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{count}</text>",
                x + (step - 8.0) / 2.0,
                y - 3.0
            );
        }
        let _ = write!(
            svg,
            "<text class=\"dim\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}%</text>",
            x + (step - 8.0) / 2.0,
            height - bottom + 16.0,
            i * 10
        );
    }
    let _ = write!(
        svg,
        "<text class=\"dim\" x=\"{width}\" y=\"{:.1}\" text-anchor=\"end\">share of the {} points</text></svg>",
        height - 2.0,
        tally.max_score()
    );
    svg
}

fn rates_svg(tally: &Tally) -> String {
    let rates = tally.rates();
    let row = 24.0;
    let (width, label, right) = (500.0, 110.0, 120.0);
    let height = row * rates.len() as f64 + 4.0;
    let track = width - label - right;
    let mut svg = format!(
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"Pass rate per exercise\">"
    );
    for (i, (exercise, rate)) in rates.iter().enumerate() {
        let y = row * i as f64 + 4.0;
        let id = escape(&exercise.id, 40);
        let _ = write!(svg, "<text x=\"0\" y=\"{:.1}\">{id}</text>", y + 13.0);
        let _ =
            write!(svg, "<rect x=\"{label}\" y=\"{y:.1}\" width=\"{track}\" height=\"16\" rx=\"3\" fill=\"#f1f3f5\"/>");
        match rate.percent() {
            Some(pct) => {
                let w = track * f64::from(pct) / 100.0;
                let _ = write!(
                    svg,
                    "<rect class=\"rate\" data-exercise=\"{id}\" data-passed=\"{}\" data-submitted=\"{}\" x=\"{label}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"16\" rx=\"3\" fill=\"{}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\">{pct}% · {}/{}</text>",
                    rate.passed,
                    rate.submitted,
                    rate_color(*rate),
                    label + track + 8.0,
                    y + 13.0,
                    rate.passed,
                    rate.submitted
                );
            }
            None => {
                let _ = write!(
                    svg,
                    "<text class=\"dim\" data-exercise=\"{id}\" x=\"{:.1}\" y=\"{:.1}\">nobody handed it in</text>",
                    label + 8.0,
                    y + 13.0
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

fn rate_color(rate: Rate) -> &'static str {
    match rate.percent().unwrap_or(0) {
        80.. => "#2f9e44",
        50..80 => "#94c11f",
        25..50 => "#e8890c",
        _ => "#d6336c",
    }
}

fn failed_checks(out: &mut String, tally: &Tally) {
    let list = tally.most_failed_checks(TOP);
    out.push_str("<section id=\"failed-checks\"><h2>Checks most often failed</h2>");
    if list.is_empty() {
        out.push_str("<p class=\"explain\">No check failed.</p></section>\n");
        return;
    }
    let most = list[0].2.max(1);
    out.push_str("<table><thead><tr><th>check</th><th class=\"n\">students</th></tr></thead><tbody>");
    for (exercise, check, n) in list {
        let _ = write!(
            out,
            "<tr><td>{} <span class=\"explain\">{}</span></td><td class=\"n\"><span class=\"bar\" style=\"width:{}px\"></span>{n}</td></tr>",
            escape(check, 160),
            escape(exercise, 40),
            (n * 60).div_ceil(most)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn mistakes(out: &mut String, tally: &Tally) {
    let list = tally.most_made_mistakes(TOP);
    out.push_str("<section id=\"mistakes\"><h2>Known mistakes most often made</h2>");
    if list.is_empty() {
        out.push_str("<p class=\"explain\">No known mistake was recognised.</p></section>\n");
        return;
    }
    out.push_str("<table><thead><tr><th>mistake</th><th class=\"n\">students</th></tr></thead><tbody>");
    for (exercise, mistake, explain, n) in list {
        let _ = write!(
            out,
            "<tr><td><b>{}</b> <span class=\"explain\">{}</span><div class=\"explain\">{}</div></td><td class=\"n\">{n}</td></tr>",
            escape(mistake, 160),
            escape(exercise, 40),
            escape(explain, 1000)
        );
    }
    out.push_str("</tbody></table></section>\n");
}

fn problems(out: &mut String, tally: &Tally) {
    let problems = tally.problems();
    let without: Vec<&str> = tally.without_files().collect();
    let notes: Vec<_> = tally.notes().collect();
    out.push_str("<section id=\"hand-in\"><h2>Hand-in problems</h2>");
    if problems.is_empty() && without.is_empty() && notes.is_empty() {
        out.push_str("<p class=\"explain\">Every file handed in could be graded.</p></section>\n");
        return;
    }
    if !problems.is_empty() {
        out.push_str("<p>");
        for (problem, n) in tally.problem_counts() {
            let _ = write!(
                out,
                "<span class=\"tag\">{} × {n}</span> ",
                escape(problem.map_or("error", Problem::label), 100)
            );
        }
        out.push_str("</p><table><thead><tr><th>student</th><th>exercise</th><th>problem</th><th>message</th></tr></thead><tbody>");
        for p in problems {
            let _ = write!(
                out,
                "<tr class=\"problem\"><td>{}</td><td>{}</td><td>{}</td><td class=\"msg\">{}</td></tr>",
                escape(&p.student, 80),
                escape(&p.exercise, 40),
                escape(p.problem.map_or("error", Problem::label), 100),
                escape(&p.message, 400)
            );
        }
        out.push_str("</tbody></table>");
    }
    if !without.is_empty() {
        let names: Vec<String> = without.iter().map(|s| escape(s, 80)).collect();
        let _ = write!(
            out,
            "<p id=\"without-files\"><b>Students with no files ({}):</b> {}</p>",
            without.len(),
            names.join(", ")
        );
    }
    if !notes.is_empty() {
        let _ = write!(out, "<p><b>Files not graded as they stand ({}):</b></p><ul id=\"file-notes\">", notes.len());
        for note in notes {
            let _ = write!(out, "<li class=\"msg\">{}</li>", escape(&note.describe(), 400));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

fn students_table(out: &mut String, tally: &Tally, roster: Option<&Roster>) {
    let max = tally.max_score();
    out.push_str(
        "<section><h2>Students</h2><p class=\"legend\"><span><i style=\"background:#d3f9d8\"></i>passes</span>\
         <span><i style=\"background:#fff3bf\"></i>fails a check</span><span><i style=\"background:#ffdeeb\"></i>could not be graded</span>\
         <span>– not handed in</span><span class=\"explain\">Click a heading to sort.</span></p>\
         <table id=\"students\"><thead><tr><th data-key=\"student\">student</th>",
    );
    if roster.is_some() {
        out.push_str("<th data-key=\"name\">name</th>");
    }
    for e in tally.exercises() {
        let id = escape(&e.id, 40);
        let _ = write!(
            out,
            "<th class=\"n\" data-key=\"{id}\" title=\"{id}, {} points\">{}</th>",
            e.max_score,
            short_id(&id)
        );
    }
    out.push_str("<th class=\"n\" data-key=\"total\">total</th><th class=\"n\" data-key=\"percent\">%</th></tr></thead><tbody>\n");
    for (student, row) in tally.students() {
        let name = escape(student, 80);
        let _ = write!(out, "<tr data-student=\"{name}\"><td>{name}</td>");
        if let Some(roster) = roster {
            let _ = write!(out, "<td>{}</td>", roster.get(student).map_or(String::new(), |e| escape(&e.name, 80)));
        }
        // Cells are kept short (a class of 40,000 makes a big page): the column says which
        // exercise, the text is the sort key, and only a missing cell needs one of its own.
        for i in 0..tally.exercises().len() {
            match Tally::cell(row, i) {
                Some(cell) => {
                    let class = match cell.status {
                        Status::Pass => "pass",
                        Status::Fail => "fail",
                        Status::Error => "error",
                    };
                    let _ = write!(out, "<td class=\"s {class}\">{}</td>", cell.score);
                }
                None => out.push_str("<td class=\"s none\" data-v=\"-1\">–</td>"),
            }
        }
        let total = Tally::total(row);
        let pct = (u64::from(total) * 200 + u64::from(max)).checked_div(u64::from(max) * 2).unwrap_or(0);
        let _ = writeln!(out, "<td class=\"n total\">{total}</td><td class=\"n\">{pct}%</td></tr>");
    }
    out.push_str("</tbody></table></section>\n");
}

/// `exercise-03` → `03`: the headings of a wide table stay narrow (the full id is the title).
fn short_id(id: &str) -> &str {
    match id.rsplit_once('-') {
        Some((_, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => n,
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::ExerciseInfo;

    #[test]
    fn text_from_the_class_is_escaped_and_nothing_is_fetched() {
        let mut tally = Tally::new(vec![ExerciseInfo { id: "e1".into(), max_score: 1 }]);
        tally.add_student_without_files("<script>alert(1)</script>");
        let page = report_html(&tally, "A & B", None);
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("<title>A &amp; B: class report</title>"));
        for fetch in ["http:", "https:", "src=", "href=", "@import", "url("] {
            assert!(!page.contains(fetch), "the page fetches nothing ({fetch}):\n{page}");
        }
    }
}
