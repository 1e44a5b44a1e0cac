//! A small Markdown renderer for the terminal: headings, code blocks, inline code and emphasis.
//!
//! Prompts are short and written for this course, so a line-oriented renderer is enough; anything
//! it does not know is printed as written, which is still readable Markdown.

use super::Paint;

/// The longest line prose is wrapped to, however wide the terminal (lines easy to read).
const MEASURE: usize = 80;

/// Renders Markdown for a terminal, indenting code blocks and styling what it recognises; with a
/// width, paragraphs and list items are re-wrapped to it (at most [`MEASURE`] columns).
pub fn render(markdown: &str, paint: &Paint) -> String {
    let mut out = String::new();
    let mut in_code = false;
    // Lines of the paragraph under way: emphasis may run from one line onto the next.
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            let text = match paint.width() {
                Some(width) => reflow(paragraph, width.min(MEASURE)),
                None => paragraph.join("\n"),
            };
            out.push_str(&inline(&text, paint));
            out.push('\n');
            paragraph.clear();
        }
    };
    for line in markdown.trim_matches('\n').lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            flush(&mut paragraph, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !line.trim().is_empty() {
                out.push_str("    ");
                out.push_str(&paint.cyan(line.trim_end()));
            }
            out.push('\n');
            continue;
        }
        if let Some(heading) = trimmed.strip_prefix('#') {
            flush(&mut paragraph, &mut out);
            let text = heading.trim_start_matches('#').trim();
            let underline = if heading.starts_with('#') { '-' } else { '=' };
            out.push_str(&paint.bold(text));
            out.push('\n');
            out.push_str(&paint.dim(&underline.to_string().repeat(text.chars().count())));
            out.push('\n');
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut out);
            out.push('\n');
            continue;
        }
        paragraph.push(line.trim_end());
    }
    flush(&mut paragraph, &mut out);
    out
}

/// A paragraph's lines re-wrapped at spaces to `width` columns: each list item (`- `, `* `,
/// `1. `) and the text before the first is joined into one and wrapped with its later lines under
/// its first word; table rows (`|`) and indented code stay as written.
fn reflow(lines: &[&str], width: usize) -> String {
    // (the item's first-line lead, its continuation indent, its words)
    let mut items: Vec<(String, usize, Vec<&str>)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let flush_items = |items: &mut Vec<(String, usize, Vec<&str>)>, out: &mut Vec<String>| {
        for (lead, hang, words) in items.drain(..) {
            let room = width.saturating_sub(hang).max(20);
            // An inline code span is kept on one line: its spaces are held apart while wrapping.
            let mut text = String::new();
            let mut in_code = false;
            for (i, word) in words.iter().enumerate() {
                if i > 0 {
                    text.push(if in_code { KEPT_SPACE } else { ' ' });
                }
                text.push_str(word);
                in_code ^= word.matches('`').count() % 2 == 1;
            }
            for (i, line) in super::human::wrap(&text, room).into_iter().enumerate() {
                let pad = if i == 0 { lead.clone() } else { " ".repeat(hang) };
                out.push(format!("{pad}{}", line.replace(KEPT_SPACE, " ")));
            }
        }
    };
    for line in lines {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('|') || indent >= 4 {
            flush_items(&mut items, &mut out);
            out.push(line.to_string());
            continue;
        }
        let marker = list_marker(trimmed);
        match (marker, items.last_mut()) {
            (None, Some((_, _, words))) => words.extend(trimmed.split_whitespace()),
            _ => {
                let marker = marker.unwrap_or("");
                let lead = format!("{}{marker}", " ".repeat(indent));
                let hang = lead.chars().count();
                items.push((lead, hang, trimmed[marker.len()..].split_whitespace().collect()));
            }
        }
    }
    flush_items(&mut items, &mut out);
    out.join("\n")
}

/// Stands for a space inside an inline code span while a paragraph is wrapped (a control
/// character no prompt needs).
const KEPT_SPACE: char = '\u{1}';

/// The list marker a line starts with, space included (`- `, `* `, `12. `), if any.
fn list_marker(line: &str) -> Option<&str> {
    if line.starts_with("- ") || line.starts_with("* ") {
        return Some(&line[..2]);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then(|| &line[..digits + 2])
}

/// Styles `code`, **bold** and *emphasis* within a line.
fn inline(line: &str, paint: &Paint) -> String {
    let mut out = String::new();
    let mut rest = line;
    while !rest.is_empty() {
        let (marker, style): (&str, fn(&Paint, &str) -> String) = if rest.starts_with('`') {
            ("`", Paint::cyan)
        } else if rest.starts_with("**") {
            ("**", Paint::bold)
        } else if rest.starts_with('*') && !rest.starts_with("* ") {
            ("*", Paint::bold)
        } else {
            let next = rest.find(['`', '*']).unwrap_or(rest.len()).max(1);
            let next = (1..=next).rev().find(|i| rest.is_char_boundary(*i)).unwrap_or(rest.len());
            out.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        };
        match rest[marker.len()..].find(marker) {
            Some(end) => {
                let body = &rest[marker.len()..marker.len() + end];
                let shown = if paint.is_plain() && marker == "`" { format!("`{body}`") } else { body.to_string() };
                out.push_str(&style(paint, &shown));
                rest = &rest[marker.len() * 2 + end..];
            }
            None => {
                out.push_str(marker);
                rest = &rest[marker.len()..];
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_headings_code_and_inline_marks() {
        let text =
            render("# Title\n\nA **closure** and `code` and *this*.\n\n```js\nlet a = 1;\n```\n", &Paint::plain());
        assert_eq!(text, "Title\n=====\n\nA closure and `code` and this.\n\n    let a = 1;\n");
    }

    #[test]
    fn emphasis_may_span_lines_and_code_blocks_keep_blank_lines_empty() {
        let text = render("A **long\nbold** run.\n\n```js\na();\n\nb();\n```\n", &Paint::plain());
        assert_eq!(text, "A long\nbold run.\n\n    a();\n\n    b();\n");
    }

    #[test]
    fn paragraphs_and_list_items_are_rewrapped_to_the_terminal() {
        let prompt = "Write `makeCounter()`: it returns a function, and each call of that function returns the next\n\
                      whole number, starting from 1.\n\n\
                      - Keep the count in makeCounter, outside the function you return, so that it lives on\n  \
                      between calls.\n\
                      - Two counters must not share it.\n\n\
                      | a | b |\n| --- | --- |\n";
        let text = render(prompt, &Paint::plain().with_width(Some(50)));
        for line in text.lines() {
            assert!(line.chars().count() <= 50 || line.starts_with('|'), "{line:?}\n{text}");
        }
        let words = |t: &str| t.split_whitespace().map(|w| w.trim_matches('`').to_string()).collect::<Vec<_>>();
        assert_eq!(words(&text), words(prompt), "no word lost or split:\n{text}");
        assert!(text.contains("\n- Keep the count"), "{text}");
        assert!(text.contains("\n  "), "a list item's later lines hang under its words:\n{text}");
        assert!(text.contains("| a | b |\n| --- | --- |"), "tables stay as written:\n{text}");
        let code = render(
            "Call it as `makeCounter(0, { step: 2 })` when a start and a step are given.",
            &Paint::plain().with_width(Some(40)),
        );
        assert!(code.contains("`makeCounter(0, { step: 2 })`"), "a code span stays on one line:\n{code}");
        // Without a width (a log, a CI format), the lines stay as written.
        assert!(render(prompt, &Paint::plain()).contains("the next\nwhole number"));
    }

    #[test]
    fn leaves_unpaired_marks_alone() {
        assert_eq!(inline("2 * 3 = 6 and a `tick", &Paint::plain()), "2 * 3 = 6 and a `tick");
    }
}
