//! `[modules]`: helper files an exercise ships beside its TOML, which a submission may `import`
//! or `require` by a relative name (`"./errors" = "errors.js"`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::matchers::see;
use super::{LoadError, Location};

/// Largest helper module read.
const MAX_MODULE_BYTES: u64 = 1 << 20;

/// A helper module of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperModule {
    /// The name a submission imports it by, such as `./errors` (`./errors.js` works too).
    pub specifier: String,
    /// The file, relative to the exercise TOML.
    pub file: PathBuf,
    /// Its source text.
    pub source: String,
}

impl HelperModule {
    /// Whether an `import`/`require` of `name` means this module (with or without `.js`).
    pub fn answers(&self, name: &str) -> bool {
        let bare = |s: &'_ str| s.strip_suffix(".js").unwrap_or(s).to_string();
        bare(name) == bare(&self.specifier)
    }
}

/// Reads every helper module named in `[modules]`, relative to `folder`.
pub(super) fn read(
    folder: &Path,
    modules: BTreeMap<String, Spanned<String>>,
    at: &dyn Fn(usize) -> Location,
) -> Result<Vec<HelperModule>, LoadError> {
    let mut read = Vec::with_capacity(modules.len());
    for (specifier, file) in modules {
        let invalid = |message: String| LoadError::Invalid { location: at(file.span().start), message };
        if !(specifier.starts_with("./") || specifier.starts_with("../")) || specifier.ends_with('/') {
            return Err(invalid(format!(
                "module name `{specifier}` must be relative, as a submission imports it: \"./{}\"; {}",
                specifier.trim_start_matches(['.', '/']),
                see("modules")
            )));
        }
        let path = folder.join(file.get_ref());
        let size = std::fs::metadata(&path).map(|m| m.len()).map_err(|e| {
            invalid(format!("module `{specifier}`: cannot read {}: {e}; {}", path.display(), see("modules")))
        })?;
        if size > MAX_MODULE_BYTES {
            return Err(invalid(format!("module `{specifier}`: {} is larger than 1 MiB", path.display())));
        }
        let source = std::fs::read_to_string(&path).map_err(|e| {
            invalid(format!("module `{specifier}`: cannot read {}: {e}; {}", path.display(), see("modules")))
        })?;
        read.push(HelperModule { specifier, file: PathBuf::from(file.into_inner()), source });
    }
    Ok(read)
}
