//! The module loader of every sandbox. An exercise may provide helper modules (`[modules]` in its
//! TOML): while a check runs, `import` (and, for CommonJS files, `require`) of their relative
//! names finds them; every other module is refused with one clear sentence. Nothing is ever read
//! from the disk here: the sources were read with the exercise.

use std::cell::RefCell;

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Module};

use super::host;
use super::style::{SubmissionStyle, detect_style};

/// A helper module an exercise provides: the relative name it is imported by, and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelperSource {
    /// `./errors` (an import of `./errors.js` finds it too).
    pub specifier: String,
    /// Its text: an ES module, or CommonJS (`module.exports = ...`, imported as its default).
    pub source: String,
}

impl HelperSource {
    fn answers(&self, name: &str) -> bool {
        let bare = |s: &str| s.strip_suffix(".js").unwrap_or(s).to_string();
        bare(name) == bare(&self.specifier)
    }
}

/// The prefix of a helper module's resolved name: no file name a submission can write.
const HELPER_PREFIX: &str = "<exercise module>";

thread_local! {
    /// The helper modules of the check running on this thread.
    static PROVIDED: RefCell<Vec<HelperSource>> = const { RefCell::new(Vec::new()) };
}

/// While alive, the loader of this thread finds these helper modules; dropped, it finds none.
pub(super) struct Provided(());

impl Provided {
    /// Makes `helpers` importable on this thread until the returned guard is dropped.
    pub(super) fn install(helpers: &[HelperSource]) -> Provided {
        PROVIDED.with(|p| *p.borrow_mut() = helpers.to_vec());
        Provided(())
    }
}

impl Drop for Provided {
    fn drop(&mut self) {
        PROVIDED.with(|p| p.borrow_mut().clear());
    }
}

/// The helper an import of `name` means, if the running exercise provides one.
fn helper(name: &str) -> Option<HelperSource> {
    let name = name.strip_prefix(HELPER_PREFIX).unwrap_or(name);
    PROVIDED.with(|p| p.borrow().iter().find(|h| h.answers(name)).cloned())
}

/// The source of the CommonJS function a helper becomes for `require`: `(exports, require,
/// module)`; `None` for an ES module helper (which `require` gets as its namespace).
pub(super) fn commonjs_factory(helper: &HelperSource) -> Option<String> {
    (detect_style(&helper.source) != SubmissionStyle::Module)
        .then(|| format!("(function (exports, require, module) {{\n{}\n}})", helper.source))
}

/// Refuses a module with the engine's own exception, so the learner reads one clear sentence
/// (`Error: import 'fs': exercises are self-contained...`) rather than the loader's wrapping of it.
fn refuse_module(ctx: &Ctx<'_>, name: &str) -> rquickjs::Error {
    let provided = PROVIDED.with(|p| p.borrow().iter().map(|h| format!("'{}'", h.specifier)).collect::<Vec<_>>());
    let message = if provided.is_empty() {
        format!("import '{name}': {}", host::SELF_CONTAINED)
    } else {
        format!("import '{name}': this exercise provides only {}", provided.join(", "))
    };
    rquickjs::Exception::throw_message(ctx, &message)
}

/// Resolves and loads the running exercise's helper modules, and nothing else.
pub(super) struct SelfContained;

impl Resolver for SelfContained {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        _base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        match helper(name) {
            Some(found) => Ok(format!("{HELPER_PREFIX}{}", found.specifier)),
            None => Err(refuse_module(ctx, name)),
        }
    }
}

impl Loader for SelfContained {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, rquickjs::module::Declared>> {
        let Some(found) = helper(name) else { return Err(refuse_module(ctx, name)) };
        let source = match commonjs_factory(&found) {
            // A CommonJS helper is imported as its `module.exports`, the default export.
            Some(factory) => format!(
                "const module = {{ exports: {{}} }};\n{factory}.call(module.exports, module.exports, undefined, module);\n\
                 export default module.exports;\n"
            ),
            None => found.source,
        };
        Module::declare(ctx.clone(), name, source)
    }
}

/// The `require` a CommonJS submission gets when its exercise provides helpers: each helper by
/// its relative name, evaluated once per check (ES module helpers give their namespace, from
/// `namespaces`); any other name is refused as before.
pub(super) fn require_source(helpers: &[HelperSource]) -> String {
    let mut factories = String::new();
    for h in helpers {
        let key = serde_json::to_string(h.specifier.strip_suffix(".js").unwrap_or(&h.specifier)).unwrap_or_default();
        if let Some(factory) = commonjs_factory(h) {
            factories.push_str(&format!("{key}: {factory},\n"));
        }
    }
    let refusal = serde_json::to_string(host::SELF_CONTAINED).unwrap_or_default();
    format!(
        "(function (namespaces) {{\n\
         const factories = {{\n{factories}}};\n\
         const cache = {{}};\n\
         return function require(name) {{\n\
           const key = typeof name === \"string\" ? name.replace(/\\.js$/, \"\") : \"\";\n\
           if (Object.prototype.hasOwnProperty.call(namespaces, key)) return namespaces[key];\n\
           if (!Object.prototype.hasOwnProperty.call(factories, key)) throw new Error(\"require('\" + String(name) + \"'): \" + {refusal});\n\
           if (!Object.prototype.hasOwnProperty.call(cache, key)) {{\n\
             const module = {{ exports: {{}} }};\n\
             cache[key] = module;\n\
             factories[key].call(module.exports, module.exports, require, module);\n\
           }}\n\
           return cache[key].exports;\n\
         }};\n\
         }})"
    )
}

/// The names ES module helpers are imported by, for `require` to evaluate up front.
pub(super) fn module_helpers(helpers: &[HelperSource]) -> Vec<&HelperSource> {
    helpers.iter().filter(|h| commonjs_factory(h).is_none()).collect()
}
