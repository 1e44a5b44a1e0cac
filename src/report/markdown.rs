//! A small Markdown renderer for the terminal: headings, code blocks, inline code and emphasis.
//!
//! Prompts are short and written for this course, so a line-oriented renderer is enough; anything
//! it does not know is printed as written, which is still readable Markdown.

use super::Paint;

/// Renders Markdown for a terminal, indenting code blocks and styling what it recognises.
pub fn render(markdown: &str, paint: &Paint) -> String {
    let mut out = String::new();
    let mut in_code = false;
    // Lines of the paragraph under way: emphasis may run from one line onto the next.
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            out.push_str(&inline(&paragraph.join("\n"), paint));
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
    fn leaves_unpaired_marks_alone() {
        assert_eq!(inline("2 * 3 = 6 and a `tick", &Paint::plain()), "2 * 3 = 6 and a `tick");
    }
}
