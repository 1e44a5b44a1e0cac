//! Every key of the model, read from the serde derives of the very types the loader deserializes
//! (not a list kept by hand): the author reference is tested against it, so a key added to the
//! model and not documented fails a test.

use std::cell::RefCell;

use serde::Deserialize;
use serde::de::{self, Visitor};

/// The field names a `#[derive(Deserialize)]` struct declares, asked of serde itself.
pub fn fields_of<T: for<'de> Deserialize<'de>>() -> &'static [&'static str] {
    let found = RefCell::new(None);
    let _ = T::deserialize(FieldNames(&found));
    found.into_inner().unwrap_or_default()
}

/// A deserializer that only listens: the first struct asked of it reports its fields.
struct FieldNames<'a>(&'a RefCell<Option<&'static [&'static str]>>);

#[derive(Debug)]
struct Listened;

impl std::fmt::Display for Listened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only the field names were read")
    }
}

impl std::error::Error for Listened {}

impl de::Error for Listened {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Listened
    }
}

impl<'de> de::Deserializer<'de> for FieldNames<'_> {
    type Error = Listened;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Listened> {
        Err(Listened)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Listened> {
        self.0.borrow_mut().get_or_insert(fields);
        Err(Listened)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// One table of the model and its keys.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Where the table is: `grader.toml [limits]`, `exercise`, `[[check]]`, ...
    pub name: &'static str,
    /// Its keys.
    pub keys: &'static [&'static str],
}

/// Every table of `grader.toml` and of an exercise, with its keys.
pub fn model() -> Vec<Section> {
    let mut sections = super::course::sections();
    sections.extend([
        Section { name: "exercise", keys: fields_of::<super::RawExercise>() },
        Section { name: "[[check]]", keys: fields_of::<super::check::RawCheck>() },
        Section { name: "[[mistake]]", keys: fields_of::<super::RawMistake>() },
        Section { name: "throws", keys: fields_of::<super::ThrowsSpec>() },
        Section { name: "expect_close", keys: fields_of::<super::Close>() },
    ]);
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_from_the_derive() {
        #[derive(Deserialize)]
        #[allow(dead_code)]
        struct Example {
            alpha: u32,
            #[serde(default)]
            beta: Option<String>,
        }
        assert_eq!(fields_of::<Example>(), ["alpha", "beta"]);
        let model = model();
        let check = model.iter().find(|s| s.name == "[[check]]").unwrap();
        assert!(check.keys.contains(&"expect_js") && check.keys.contains(&"throws"), "{check:?}");
    }

    fn repository_file(path: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// GitHub's anchors of a Markdown file's headings (lowercase; punctuation but `-` and `_`
    /// dropped; spaces to `-`; a repeated anchor gets `-1`, `-2`, ...).
    fn anchors(markdown: &str) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut bases: Vec<String> = Vec::new();
        let mut in_code = false;
        for line in markdown.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
            }
            let Some(title) = line.strip_prefix('#').filter(|_| !in_code) else { continue };
            let slug: String = title
                .trim_start_matches('#')
                .trim()
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            let repeats = bases.iter().filter(|s| **s == slug).count();
            bases.push(slug.clone());
            seen.push(if repeats == 0 { slug.clone() } else { format!("{slug}-{repeats}") });
        }
        seen
    }

    #[test]
    fn every_key_of_the_model_is_in_the_author_reference() {
        let doc = repository_file("docs/exercise-format.md");
        let missing: Vec<String> = model()
            .iter()
            .flat_map(|section| {
                section
                    .keys
                    .iter()
                    .filter(|key| !doc.contains(&format!("`{key}`")))
                    .map(|key| format!("{} {key}", section.name))
            })
            .collect();
        assert!(missing.is_empty(), "keys of the model that docs/exercise-format.md does not document: {missing:?}");
    }

    #[test]
    fn every_pointer_into_the_reference_has_its_section() {
        let doc = repository_file("docs/exercise-format.md");
        let anchors = anchors(&doc);
        let pointer =
            regex::Regex::new(r#"see\("([a-z_-]+)"\)|exercise-format\.md#([a-z_-]+)|\]\(#([a-z_-]+)\)"#).unwrap();
        let mut files = vec![std::path::PathBuf::from("docs/exercise-format.md"), "docs/writing-a-course.md".into()];
        let mut folders = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        for file in files {
            let text = repository_file(&file.to_string_lossy());
            for found in pointer.captures_iter(&text) {
                let anchor = found.iter().skip(1).flatten().next().unwrap().as_str();
                assert!(
                    anchors.iter().any(|a| a == anchor),
                    "{}: no section #{anchor} in docs/exercise-format.md",
                    file.display()
                );
            }
        }
        assert!(anchors.contains(&"throws".to_string()) && anchors.contains(&"built-ins".to_string()), "{anchors:?}");
    }
}
