//! `grade show <EXERCISE> --backpack FILE`: every function of the learner's file, where it was
//! born, and what its backpack holds, drawn from the parse (nothing of the file is run).

use std::fmt::Write;

use super::{Paint, inert};
use crate::grading::{Backpack, Carried, Held};
use crate::syntax::{ShapeKind, SourceAnalysis};

/// Most functions drawn (a generated file could have thousands).
const MAX_FUNCTIONS: usize = 200;

/// The backpack drawing of an analysed file; `entries` are the exercise's entry names, marked.
pub fn render(display: &str, analysis: &SourceAnalysis, entries: &[String], paint: &Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", paint.bold("Backpacks"), paint.dim(&format!("· {}", inert::line(display))));
    out.push('\n');
    if let Some(problem) = analysis.problem() {
        let _ = writeln!(out, "  {} the file {}", paint.red("✗"), inert::line(&problem.to_string()));
        return out;
    }
    let backpacks = Backpack::all(analysis);
    if backpacks.is_empty() {
        let _ = writeln!(out, "  The file declares no function, so nothing carries a backpack.");
        return out;
    }
    for (index, backpack) in backpacks.iter().enumerate().take(MAX_FUNCTIONS) {
        let function = &analysis.functions()[index];
        let depth = depth_of(analysis, index);
        let pad = "  ".repeat(depth + 1);
        let name = match (&backpack.function, &backpack.returned_by) {
            (Some(name), _) => format!("ƒ {name}"),
            (None, Some(by)) => format!("ƒ (the function {by} returns)"),
            (None, None) => "ƒ (anonymous)".to_string(),
        };
        let born = match function.parent.and_then(|p| analysis.functions()[p].name.clone()) {
            Some(parent) => format!("born line {}, inside {parent}", backpack.line),
            None if function.parent.is_some() => format!("born line {}, inside the function around it", backpack.line),
            None => format!("born line {}, at the top of the file", backpack.line),
        };
        let entry = backpack.function.as_ref().is_some_and(|n| entries.contains(n) && function.parent.is_none());
        let mark = if entry { paint.dim(" (entry)") } else { String::new() };
        let _ = writeln!(out, "{pad}{}{mark}  {}", paint.bold(&inert::line(&name)), paint.dim(&born));
        let closed: Vec<&Carried> = backpack.closed_over().collect();
        if closed.is_empty() {
            let _ = writeln!(out, "{pad}  backpack: {}", paint.dim("empty"));
        } else {
            let _ = writeln!(out, "{pad}  backpack:");
            for carried in closed {
                let home = carried.lives_in.as_deref().unwrap_or("the function around it");
                let how = if carried.written { "reads and changes it" } else { "reads it" };
                let _ = writeln!(
                    out,
                    "{pad}    {}  {}",
                    paint.cyan(&inert::line(&carried.name)),
                    paint.dim(&format!("from {home} (line {}); {how}", carried.line))
                );
            }
        }
        let shared: Vec<String> = backpack
            .holds
            .iter()
            .filter(|c| c.top_level && !is_function_name(analysis, &c.name))
            .map(|c| inert::line(&c.name).into_owned())
            .collect();
        if !shared.is_empty() {
            let _ = writeln!(
                out,
                "{pad}  {} {}",
                paint.yellow("shared:"),
                paint.dim(&format!("{} at the top of the file (one copy for every call)", shared.join(", ")))
            );
        }
    }
    if backpacks.len() > MAX_FUNCTIONS {
        let _ = writeln!(out, "  … and {} more functions", backpacks.len() - MAX_FUNCTIONS);
    }
    let notes: Vec<String> = analysis
        .shapes()
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                ShapeKind::StateInsideInnerFunction
                    | ShapeKind::TopLevelState
                    | ShapeKind::Shadowing
                    | ShapeKind::VarInLoop
            )
        })
        .filter_map(super::human::in_your_code)
        .collect();
    if !notes.is_empty() {
        out.push('\n');
        let _ = writeln!(out, "  {}", paint.yellow("Worth a look:"));
        for note in notes {
            for (i, line) in super::human::wrap(&note, 74).iter().enumerate() {
                let lead = if i == 0 { "  - " } else { "    " };
                let _ = writeln!(out, "{lead}{}", inert::line(line));
            }
        }
    }
    out
}

/// Most characters of one value shown in a backpack cell (a cache may hold a great deal).
const MAX_VALUE: usize = 40;

/// A backpack in a table cell: `counter = 2` where what it held after the call was read, else
/// where each variable lives, `counter (outer:2), step (outer:1)`; `empty`.
pub fn cell(backpack: &Backpack) -> String {
    if backpack.holds.is_empty() {
        return "empty".into();
    }
    let items: Vec<String> = backpack
        .holds
        .iter()
        .filter(|c| !matches!(&c.after_call, Some(Held::Value(crate::value::JsValueSnapshot::Function { .. }))))
        .map(|c| {
            let shared = if c.top_level { " (top of file)" } else { "" };
            let text = match &c.after_call {
                Some(Held::Value(value)) => format!("{} = {}{shared}", c.name, short_value(value)),
                Some(Held::NotYetSet) => format!("{} = (not set yet){shared}", c.name),
                None => {
                    let home = if c.top_level {
                        "top of file".to_string()
                    } else {
                        c.lives_in.clone().unwrap_or_else(|| "a function".into())
                    };
                    format!("{} ({home}:{})", c.name, c.line)
                }
            };
            inert::line(&text).into_owned()
        })
        .collect();
    if items.is_empty() {
        return "only functions".into();
    }
    items.join(", ")
}

/// A value on one line, at most [`MAX_VALUE`] characters (`…` where cut: it is shown, not compared).
fn short_value(value: &crate::value::JsValueSnapshot) -> String {
    let text: Vec<String> = crate::value::inspect(value).lines().map(|l| l.trim().to_string()).collect();
    let text = text.join(" ");
    if text.chars().count() > MAX_VALUE { text.chars().take(MAX_VALUE - 1).chain(['…']).collect() } else { text }
}

/// What the called function's backpack means, from the code: whose variables it carries.
pub fn sentence(backpack: &Backpack) -> String {
    let who = match (&backpack.function, &backpack.returned_by) {
        (Some(name), _) => format!("`{name}` (line {})", backpack.line),
        (None, Some(by)) => format!("the function that `{by}` returns (line {})", backpack.line),
        (None, None) => format!("the function on line {}", backpack.line),
    };
    // Grouped by where they live: "`n`, `fn` and `calls` from `after`".
    let mut homes: Vec<(String, Vec<String>)> = Vec::new();
    for c in backpack.closed_over() {
        let home = c.lives_in.as_deref().map_or("an outer function".into(), |f| format!("`{f}`"));
        match homes.iter_mut().find(|(h, _)| *h == home) {
            Some((_, names)) => names.push(format!("`{}`", c.name)),
            None => homes.push((home, vec![format!("`{}`", c.name)])),
        }
    }
    let closed: Vec<String> =
        homes.into_iter().map(|(home, names)| format!("{} from {home}", listed(&names))).collect();
    let shared: Vec<String> = backpack.holds.iter().filter(|c| c.top_level).map(|c| format!("`{}`", c.name)).collect();
    let shared_note = || format!("{} from the top of the file, one copy shared by every call", shared.join(", "));
    let mut sentence = match (closed.is_empty(), &backpack.returned_by, shared.is_empty()) {
        (true, Some(by), true) => format!(
            "{who} carries nothing from `{by}`: its backpack is empty, so nothing it keeps survives from one call to the next"
        ),
        (true, Some(by), false) => format!("{who} carries nothing of its own from `{by}`: it uses {}", shared_note()),
        (true, None, true) => format!("{who} carries no variable of an outer function"),
        (true, None, false) => format!("{who} carries no variable of an outer function; it uses {}", shared_note()),
        (false, ..) => format!("{who} carries {}", closed.join(", ")),
    };
    if !closed.is_empty() && !shared.is_empty() {
        sentence.push_str(&format!("; it also uses {}", shared_note()));
    }
    sentence.push('.');
    sentence
}

/// `a`, `a and b`, `a, b and c`.
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn depth_of(analysis: &SourceAnalysis, index: usize) -> usize {
    let functions = analysis.functions();
    let mut depth = 0;
    let mut at = functions[index].parent;
    while let Some(p) = at {
        depth += 1;
        if depth > 8 {
            break;
        }
        at = functions[p].parent;
    }
    depth
}

/// Whether a name is that of a top-level function (calling a helper is not sharing state).
fn is_function_name(analysis: &SourceAnalysis, name: &str) -> bool {
    analysis.functions().iter().any(|f| f.parent.is_none() && f.name.as_deref() == Some(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_function_shows_where_it_was_born_and_what_it_carries() {
        let source = "let calls = 0;\nfunction outer() {\n  let counter = 0;\n  return function () {\n    calls++;\n    return ++counter;\n  };\n}\n";
        let drawn = render("c.js", &SourceAnalysis::of(source), &["outer".to_string()], &Paint::plain());
        insta::assert_snapshot!(drawn);
    }

    #[test]
    fn a_counter_born_inside_the_returned_function_is_pointed_out() {
        let source = "const outer = () => {\n  return () => {\n    let counter = 0;\n    return ++counter;\n  };\n};\n";
        let drawn = render("c.js", &SourceAnalysis::of(source), &["outer".to_string()], &Paint::plain());
        assert!(drawn.contains("backpack: empty"), "{drawn}");
        assert!(drawn.contains("`counter` is declared inside the inner function (line 3), not in `outer`"), "{drawn}");
    }
}
