//! The module loader of every sandbox: there are no modules, so every `import` is refused with
//! one clear sentence.

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Module};

use super::host;

/// Resolves and loads nothing.
pub(super) struct SelfContained;

/// Refuses every module with the engine's own exception, so the learner reads one clear sentence
/// (`Error: import 'fs': exercises are self-contained...`) rather than the loader's wrapping of it.
fn refuse_module(ctx: &Ctx<'_>, name: &str) -> rquickjs::Error {
    rquickjs::Exception::throw_message(ctx, &format!("import '{name}': {}", host::SELF_CONTAINED))
}

impl Resolver for SelfContained {
    fn resolve<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        _base: &str,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<String> {
        Err(refuse_module(ctx, name))
    }
}

impl Loader for SelfContained {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _attributes: Option<ImportAttributes<'js>>,
    ) -> rquickjs::Result<Module<'js, rquickjs::module::Declared>> {
        Err(refuse_module(ctx, name))
    }
}
