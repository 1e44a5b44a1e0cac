//! The optional groups of JavaScript built-ins an exercise or course may ask for: every check's
//! submission realm leaves them out otherwise, because building them is a large part of what a
//! fresh realm costs and a course about functions and closures rarely needs them.

use serde::{Deserialize, Serialize};

/// One optional group of built-ins, as written in TOML (`intrinsics = ["typed-arrays"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Intrinsic {
    /// `ArrayBuffer`, the typed arrays, `DataView`, `Atomics`, `SharedArrayBuffer`.
    TypedArrays,
    /// `atob`, `btoa` and `DOMException`.
    Base64,
    /// `WeakRef` and `FinalizationRegistry`: they show when the collector ran, which depends on
    /// what the runtime graded before, so a check with them could depend on another student.
    WeakRefs,
}

impl Intrinsic {
    /// Every group.
    pub const ALL: [Intrinsic; 3] = [Intrinsic::TypedArrays, Intrinsic::Base64, Intrinsic::WeakRefs];

    /// How the group is written in TOML.
    pub fn key(self) -> &'static str {
        match self {
            Intrinsic::TypedArrays => "typed-arrays",
            Intrinsic::Base64 => "base64",
            Intrinsic::WeakRefs => "weak-refs",
        }
    }

    /// The global names the group defines.
    pub fn globals(self) -> &'static [&'static str] {
        match self {
            Intrinsic::TypedArrays => &[
                "ArrayBuffer",
                "Atomics",
                "BigInt64Array",
                "BigUint64Array",
                "DataView",
                "Float16Array",
                "Float32Array",
                "Float64Array",
                "Int16Array",
                "Int32Array",
                "Int8Array",
                "SharedArrayBuffer",
                "Uint16Array",
                "Uint32Array",
                "Uint8Array",
                "Uint8ClampedArray",
            ],
            Intrinsic::Base64 => &["DOMException", "atob", "btoa"],
            Intrinsic::WeakRefs => &["FinalizationRegistry", "WeakRef"],
        }
    }

    /// The group that defines the global `name`, if one does.
    pub fn defining(name: &str) -> Option<Intrinsic> {
        Intrinsic::ALL.into_iter().find(|group| group.globals().contains(&name))
    }
}

/// A set of optional groups: `intrinsics = ["typed-arrays", "base64"]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(from = "Vec<Intrinsic>", into = "Vec<Intrinsic>")]
pub struct Intrinsics {
    /// The typed arrays are there.
    pub typed_arrays: bool,
    /// `atob`/`btoa` are there.
    pub base64: bool,
    /// `WeakRef`/`FinalizationRegistry` are there.
    pub weak_refs: bool,
}

impl Intrinsics {
    /// Whether the set holds `group`.
    pub fn has(self, group: Intrinsic) -> bool {
        match group {
            Intrinsic::TypedArrays => self.typed_arrays,
            Intrinsic::Base64 => self.base64,
            Intrinsic::WeakRefs => self.weak_refs,
        }
    }

    /// Both sets' groups.
    pub fn union(self, other: Intrinsics) -> Intrinsics {
        Intrinsics {
            typed_arrays: self.typed_arrays || other.typed_arrays,
            base64: self.base64 || other.base64,
            weak_refs: self.weak_refs || other.weak_refs,
        }
    }
}

impl From<Vec<Intrinsic>> for Intrinsics {
    fn from(groups: Vec<Intrinsic>) -> Intrinsics {
        let mut set = Intrinsics::default();
        for group in groups {
            match group {
                Intrinsic::TypedArrays => set.typed_arrays = true,
                Intrinsic::Base64 => set.base64 = true,
                Intrinsic::WeakRefs => set.weak_refs = true,
            }
        }
        set
    }
}

impl From<Intrinsics> for Vec<Intrinsic> {
    fn from(set: Intrinsics) -> Vec<Intrinsic> {
        Intrinsic::ALL.into_iter().filter(|group| set.has(*group)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_read_and_write_as_lists_of_keys() {
        #[derive(Deserialize, Serialize)]
        struct File {
            intrinsics: Intrinsics,
        }
        let file: File = toml::from_str(r#"intrinsics = ["base64", "typed-arrays"]"#).unwrap();
        assert_eq!(file.intrinsics, Intrinsics { typed_arrays: true, base64: true, weak_refs: false });
        assert_eq!(toml::to_string(&file).unwrap().trim(), r#"intrinsics = ["typed-arrays", "base64"]"#);
        let error = toml::from_str::<File>(r#"intrinsics = ["intl"]"#).err().unwrap().to_string();
        assert!(error.contains("typed-arrays") && error.contains("base64"), "{error}");
    }

    #[test]
    fn every_optional_global_has_one_group() {
        assert_eq!(Intrinsic::defining("Uint8Array"), Some(Intrinsic::TypedArrays));
        assert_eq!(Intrinsic::defining("atob"), Some(Intrinsic::Base64));
        assert_eq!(Intrinsic::defining("Map"), None);
        for name in Intrinsic::ALL.iter().flat_map(|g| g.globals()) {
            assert!(crate::syntax::is_global_intrinsic(name), "{name} is a global of the full engine");
        }
    }
}
