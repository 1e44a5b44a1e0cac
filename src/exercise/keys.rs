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
}
