//! Telling how a submission is written (script, CommonJS or ES module) from its code, with
//! comments, strings, template literals and regular expressions set aside.

/// How a submission file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStyle {
    /// Top-level declarations become globals.
    Script,
    /// `module.exports = ...` or `exports.name = ...`, as Node runs it.
    CommonJs,
    /// `export function ...`.
    Module,
}

pub(super) const CJS_WRAPPER: &str = "(function (exports, require, module, __filename, __dirname) {";

impl SubmissionStyle {
    /// Columns the loader adds before the first line of the file.
    pub(super) fn line_one_offset(self) -> u32 {
        match self {
            SubmissionStyle::CommonJs => CJS_WRAPPER.len() as u32,
            _ => 0,
        }
    }

    /// A word for reports: `script`, `CommonJS`, `ES module`.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStyle::Script => "script",
            SubmissionStyle::CommonJs => "CommonJS",
            SubmissionStyle::Module => "ES module",
        }
    }
}

/// Detects the style from the code, ignoring comments and the insides of strings, template
/// literals and regular expressions: an `import`/`export` statement (or `import.meta`) makes a
/// module, `module.exports` or `exports.x` makes CommonJS, anything else is a script.
pub fn detect_style(source: &str) -> SubmissionStyle {
    let code: Vec<char> = code_only(source).chars().collect();
    let mut commonjs = false;
    for word in words(&code) {
        let after = |at: usize| next_token(&code, at);
        match word.text.as_str() {
            "export" if word.starts_statement && after(word.end).is_some_and(|(c, _)| opens_export(c)) => {
                return SubmissionStyle::Module;
            }
            "import" if !word.after_dot => match after(word.end) {
                Some((c, _)) if word.starts_statement && (opens_export(c) || c == '\'' || c == '"') => {
                    return SubmissionStyle::Module;
                }
                Some(('.', at)) if word_at(&code, at + 1) == "meta" => return SubmissionStyle::Module,
                _ => {}
            },
            "module" if !word.after_dot => {
                commonjs |= matches!(after(word.end), Some(('.', at)) if word_at(&code, at + 1) == "exports");
            }
            "exports" if !word.after_dot => {
                commonjs |= matches!(after(word.end), Some(('.' | '[', _)));
            }
            _ => {}
        }
    }
    if commonjs { SubmissionStyle::CommonJs } else { SubmissionStyle::Script }
}

/// Whether the code (not a comment or string) uses the word `import` or `export`: a script that
/// does and fails to parse may be a module the detection missed.
pub(super) fn mentions_module_syntax(source: &str) -> bool {
    let code: Vec<char> = code_only(source).chars().collect();
    words(&code).any(|w| !w.after_dot && (w.text == "import" || w.text == "export"))
}

/// Whether `c`, after `export` (or `import`), begins what a module statement needs: a keyword or
/// name (`function`, `default`, `const`, a binding), a `{` list or a `*`.
fn opens_export(c: char) -> bool {
    is_word_start(c) || c == '{' || c == '*'
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// One name or keyword in the code.
struct Word {
    text: String,
    /// Index just past its last character.
    end: usize,
    /// Whether it begins a statement: first in the file or its line, or after `;`, `{` or `}`.
    starts_statement: bool,
    /// Whether it follows a `.` (a property name).
    after_dot: bool,
}

/// The words of blanked code (see [`code_only`]), with what precedes each.
fn words(code: &[char]) -> impl Iterator<Item = Word> + '_ {
    let mut i = 0;
    let mut previous: Option<char> = None;
    let mut new_line = true;
    std::iter::from_fn(move || {
        while i < code.len() {
            let c = code[i];
            if c == '\n' {
                new_line = true;
            } else if c.is_whitespace() {
            } else if is_word_start(c) || c.is_ascii_digit() {
                let start = i;
                while i < code.len() && is_word_char(code[i]) {
                    i += 1;
                }
                let starts_statement = new_line || matches!(previous, None | Some(';' | '{' | '}'));
                let after_dot = previous == Some('.');
                previous = Some(code[i - 1]);
                new_line = false;
                if is_word_start(c) {
                    let text = code[start..i].iter().collect();
                    return Some(Word { text, end: i, starts_statement, after_dot });
                }
                continue;
            } else {
                previous = Some(c);
                new_line = false;
            }
            i += 1;
        }
        None
    })
}

/// The first character from `at` on that is not whitespace, and its index.
fn next_token(code: &[char], at: usize) -> Option<(char, usize)> {
    (at..code.len()).map(|i| (code[i], i)).find(|(c, _)| !c.is_whitespace())
}

/// The word starting at the first non-whitespace character from `at` (empty if none).
fn word_at(code: &[char], at: usize) -> String {
    let Some((_, start)) = next_token(code, at) else { return String::new() };
    code[start..].iter().take_while(|c| is_word_char(**c)).collect()
}

/// Words after which a `/` begins a regular expression rather than a division.
const BEFORE_REGEX: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// `source` with comments and the insides of strings, template literals and regular expressions
/// blanked to spaces (newlines kept), so that words in them are not read as code. Quotes,
/// backticks and the code inside `${...}` stay.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(source.len());
    // Brace depth, and the depths at which the `${` of enclosing templates opened.
    let mut depth = 0usize;
    let mut substitutions: Vec<usize> = Vec::new();
    let mut i = 0;
    // Copies a template literal's text from `i` to its closing backtick or next `${`.
    let template = |i: &mut usize, out: &mut String, depth: &mut usize, substitutions: &mut Vec<usize>| {
        while *i < chars.len() {
            match chars[*i] {
                '\\' => {
                    out.push(' ');
                    *i += 1;
                    if let Some(&c) = chars.get(*i) {
                        out.push(blank(c));
                        *i += 1;
                    }
                }
                '`' => {
                    out.push('`');
                    *i += 1;
                    return;
                }
                '$' if chars.get(*i + 1) == Some(&'{') => {
                    out.push_str("${");
                    *i += 2;
                    *depth += 1;
                    substitutions.push(*depth);
                    return;
                }
                c => {
                    out.push(blank(c));
                    *i += 1;
                }
            }
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                out.push_str("  ");
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(blank(chars[i]));
                    i += 1;
                }
                if i < chars.len() {
                    out.push_str("  ");
                    i += 2;
                }
            }
            '\'' | '"' => {
                out.push(c);
                i += 1;
                while i < chars.len() && chars[i] != c && chars[i] != '\n' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        out.push(' ');
                        i += 1;
                    }
                    out.push(blank(chars[i]));
                    i += 1;
                }
                if i < chars.len() {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            '`' => {
                out.push('`');
                i += 1;
                template(&mut i, &mut out, &mut depth, &mut substitutions);
            }
            '}' if substitutions.last() == Some(&depth) => {
                substitutions.pop();
                depth -= 1;
                out.push('}');
                i += 1;
                template(&mut i, &mut out, &mut depth, &mut substitutions);
            }
            '/' if regex_may_start(&out) => {
                out.push('/');
                i += 1;
                let mut in_class = false;
                while i < chars.len() && chars[i] != '\n' && (in_class || chars[i] != '/') {
                    match chars[i] {
                        '\\' if i + 1 < chars.len() && chars[i + 1] != '\n' => {
                            out.push(' ');
                            i += 1;
                        }
                        '[' => in_class = true,
                        ']' => in_class = false,
                        _ => {}
                    }
                    out.push(blank(chars[i]));
                    i += 1;
                }
                if i < chars.len() && chars[i] == '/' {
                    out.push('/');
                    i += 1;
                }
            }
            _ => {
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Whether a `/` after the code so far begins a regular expression: at the start, after an
/// operator or opening punctuation, or after a keyword such as `return`.
fn regex_may_start(code_so_far: &str) -> bool {
    let code = code_so_far.trim_end();
    match code.chars().last() {
        None => true,
        Some(c) if is_word_char(c) => {
            let word = code.rsplit(|c: char| !is_word_char(c)).next().unwrap_or_default();
            BEFORE_REGEX.contains(&word)
        }
        Some(c) => "(,=:[!&|?{};+-*%<>~^".contains(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_detected() {
        assert_eq!(detect_style("function outer() {}"), SubmissionStyle::Script);
        assert_eq!(detect_style("module.exports = function () {}"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("exports.outer = outer;"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("export function outer() {}"), SubmissionStyle::Module);
        assert_eq!(detect_style("  export default outer"), SubmissionStyle::Module);
        assert_eq!(detect_style("import fs from 'fs';"), SubmissionStyle::Module);
        assert_eq!(detect_style("import('fs').then(x => x)"), SubmissionStyle::Script);
        assert_eq!(detect_style("const exported = 1; // exports nothing"), SubmissionStyle::Script);
    }

    #[test]
    fn comments_and_strings_do_not_decide_the_style() {
        let script = SubmissionStyle::Script;
        assert_eq!(detect_style("// Note: no need for module.exports here\nfunction outer() {}"), script);
        assert_eq!(detect_style("/*\n  export this later\n*/\nfunction outer() {}"), script);
        assert_eq!(detect_style("/* exports.x = 1 */ function outer() {}"), script);
        assert_eq!(detect_style("const s = 'module.exports = 1';"), script);
        assert_eq!(detect_style("const s = \"a\\\"\\nexport default 1\";"), script);
        assert_eq!(detect_style("const t = `\nexport function f() {}\n`;"), script);
        assert_eq!(detect_style("const t = `${`\nexport default ${1}`}\nimport x from 'y'`;"), script);
        assert_eq!(detect_style("const r = /'/;\nconst s = 'export { a }';"), script);
        assert_eq!(detect_style("const o = {\n  export: 1,\n  import: 2 };\no.export = 3;"), script);
        assert_eq!(detect_style("foo.exports.x = 1; const my_exports = {}; my_exports.x = 1"), script);
        // Code after a template substitution or a regular expression is still read.
        assert_eq!(detect_style("const t = `${a}`;\nmodule.exports = t;"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("const r = /a\\/b[/]/g;\nexport default r;"), SubmissionStyle::Module);
        assert_eq!(detect_style("let half = n / 2; // 'quoted'\nexports.half = half;"), SubmissionStyle::CommonJs);
    }

    #[test]
    fn module_statements_are_found_wherever_a_statement_starts() {
        let module = SubmissionStyle::Module;
        assert_eq!(detect_style("\"use strict\"; export function outer() {}"), module);
        assert_eq!(detect_style("function outer() {}; export { outer };"), module);
        assert_eq!(detect_style("{ } export default 1"), module);
        assert_eq!(detect_style("/* header */ export const a = 1;"), module);
        assert_eq!(detect_style("const x = 1;import y from \"y\""), module);
        assert_eq!(detect_style("console.log(import.meta.url)"), module);
        assert_eq!(detect_style("exports.a = 1; export function b() {}"), module);
        assert_eq!(detect_style("module\n  .exports = outer;"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("exports['outer'] = outer;"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("const f = () => import('x');"), SubmissionStyle::Script);
        assert_eq!(detect_style("a.import; b.export"), SubmissionStyle::Script);
    }

    #[test]
    fn module_syntax_is_mentioned_only_in_code() {
        assert!(mentions_module_syntax("x = 1 export function f() {}"));
        assert!(!mentions_module_syntax("// export\nlet s = 'import'; o.export = 1;"));
    }
}
