//! How a submission is loaded in its style (script, CommonJS or ES module). The style itself is
//! read from the parsed source by [`crate::syntax`].

pub use crate::syntax::{SubmissionStyle, detect_style};

pub(super) const CJS_WRAPPER: &str = "(function (exports, require, module, __filename, __dirname) {";

impl SubmissionStyle {
    /// Columns the loader adds before the first line of the file.
    pub(super) fn line_one_offset(self) -> u32 {
        match self {
            SubmissionStyle::CommonJs => CJS_WRAPPER.len() as u32,
            _ => 0,
        }
    }
}

/// Whether the parser sees module syntax in the file (even one that does not parse): a script
/// that fails to load and has it may be a module loaded in the wrong style.
pub(super) fn mentions_module_syntax(source: &str) -> bool {
    crate::syntax::has_module_syntax(source)
}
