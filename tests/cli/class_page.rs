//! report.html in a real browser: headless Chromium loads the page (from a file, with the network
//! off), takes a screenshot, and its DOM after the page's own script has run (sorted by total
//! through `#sort=total-desc`) is checked against gradebook.csv and the JSON Lines records.
//! Skipped with a message where Chromium is not installed, except in CI (`CI=true`), where
//! `.ci/run` installs it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::batch::{full_run, records};

fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].into_iter().map(PathBuf::from).find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must test report.html in a browser: install Debian's chromium package (.ci/run does)"
        );
        eprintln!(
            "skipped: the browser test of report.html needs Chromium (apt-get install chromium); not installed here"
        );
    }
    found
}

/// Runs headless Chromium on `url` with `args`, in a fresh profile, and returns its stdout.
fn run_chromium(browser: &Path, url: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1200,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_class_page_shows_the_gradebooks_numbers_in_a_browser() {
    let run = full_run();
    let page = run.class.path("report/report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    for fetch in ["http://", "https://", " src=", " href=", "@import", "url("] {
        assert!(!html.contains(fetch), "report.html must be self-contained, but has `{fetch}`");
    }
    let Some(browser) = chromium() else { return };
    let url = format!("file://{}", page.display());

    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("class-report.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(&browser, &url, &[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a screenshot of a drawn page: {} bytes", png.len());
    eprintln!("screenshot of report.html: {}", shot.display());

    let dom = run_chromium(&browser, &format!("{url}#sort=total-desc"), &["--dump-dom"]);
    let doc = tl::parse(&dom, tl::ParserOptions::default()).expect("the DOM parses");
    let parser = doc.parser();
    let attr = |node: &tl::Node, name: &str| -> Option<String> {
        node.as_tag()?.attributes().get(name).flatten().map(|v| v.as_utf8_str().into_owned())
    };
    let text = |node: &tl::Node| node.inner_text(parser).trim().to_string();

    // The per-student table, as the browser shows it after sorting by total: the headings say
    // which column is which exercise.
    let columns: Vec<String> =
        doc.query_selector("th").unwrap().filter_map(|h| h.get(parser)).filter_map(|th| attr(th, "data-key")).collect();
    let rows: Vec<(String, BTreeMap<String, String>, String)> = doc
        .query_selector("tr")
        .expect("a selector")
        .filter_map(|h| h.get(parser))
        .filter_map(|row| Some((row, attr(row, "data-student")?)))
        .map(|(row, student)| {
            let cells = row.as_tag().unwrap().query_selector(parser, "td").unwrap();
            let scores = columns
                .iter()
                .zip(cells.filter_map(|h| h.get(parser)))
                .filter(|(key, _)| !["student", "name", "total", "percent"].contains(&key.as_str()))
                .map(|(key, cell)| (key.clone(), text(cell)))
                .collect();
            let total = row.as_tag().unwrap().query_selector(parser, ".total").unwrap().next().unwrap();
            (student, scores, text(total.get(parser).unwrap()))
        })
        .collect();
    let sorted: Vec<u64> = rows.iter().map(|r| r.2.parse().unwrap()).collect();
    assert!(sorted.windows(2).all(|w| w[0] >= w[1]), "the page's script sorted the table by total: {sorted:?}");

    // ... holds exactly gradebook.csv's numbers.
    let csv = run.class.read("report/gradebook.csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut gradebook: BTreeMap<String, (BTreeMap<String, String>, String)> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let scores = header[1..header.len() - 1]
            .iter()
            .zip(row.iter().skip(1))
            .map(|(id, cell)| (id.clone(), if cell.is_empty() { "–".to_string() } else { cell.to_string() }))
            .collect();
        gradebook.insert(row[0].to_string(), (scores, row[row.len() - 1].to_string()));
    }
    let page_rows: BTreeMap<String, (BTreeMap<String, String>, String)> =
        rows.into_iter().map(|(s, scores, total)| (s, (scores, total))).collect();
    assert_eq!(page_rows, gradebook, "the page's table is the gradebook");

    // The pass-rate bars and the histogram count what the records say.
    let records = records(&run.jsonl);
    for bar in doc.query_selector(".rate").unwrap().filter_map(|h| h.get(parser)) {
        let exercise = attr(bar, "data-exercise").unwrap();
        let of_exercise: Vec<_> = records.iter().filter(|((_, e), _)| *e == exercise).collect();
        let passed = of_exercise.iter().filter(|(_, r)| r["status"] == "pass").count();
        assert_eq!(attr(bar, "data-submitted").unwrap(), of_exercise.len().to_string(), "{exercise}");
        assert_eq!(attr(bar, "data-passed").unwrap(), passed.to_string(), "{exercise}");
    }
    let buckets: usize = doc
        .query_selector(".bucket")
        .unwrap()
        .filter_map(|h| h.get(parser))
        .map(|b| attr(b, "data-count").unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(buckets, gradebook.len(), "every student is in the histogram");
    let problems = doc.query_selector(".problem").unwrap().count();
    assert_eq!(problems, records.values().filter(|r| r["status"] == "error").count());
    assert!(dom.contains("Known mistakes most often made") && dom.contains("Checks most often failed"));
}
