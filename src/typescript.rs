//! The TypeScript declarations of every value that crosses the wasm boundary, generated from
//! the Rust types themselves (ts-rs derives behind `--features typescript`), so the npm
//! package's types cannot drift from what the module really returns. `cargo xtask build` appends
//! them to the `mediaops.d.ts` that wasm-bindgen writes, whose function signatures name them
//! (`unchecked_return_type` / `unchecked_param_type` in `src/wasm/`).

use std::any::TypeId;
use std::collections::{BTreeMap, BTreeSet};
use ts_rs::{Config, TypeVisitor, TS};

/// Collects declarations depth first, each named type once (by name, so the text does not
/// depend on the visiting order), failing on two types of one name with different shapes (one
/// type and its shadow, such as `serde_json::Value`, share both).
struct Declarations {
    config: Config,
    seen: BTreeSet<TypeId>,
    /// Name → (declaration, its text with the doc comment).
    names: BTreeMap<String, (String, String)>,
    clash: Option<String>,
}

impl TypeVisitor for Declarations {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Only declarable (derived) types have an output path; primitives and containers don't.
        if T::output_path().is_none() || !self.seen.insert(TypeId::of::<T>()) {
            return;
        }
        let name = T::ident(&self.config);
        let decl = T::decl(&self.config);
        if let Some((earlier, _)) = self.names.get(&name) {
            if *earlier != decl {
                self.clash.get_or_insert(name);
            }
            return;
        }
        let text = format!("{}export {decl}\n\n", T::docs().unwrap_or_default());
        self.names.insert(name, (decl, text));
        T::visit_dependencies(self);
    }
}

/// Every boundary value type and the types they contain, as one block of `export type`
/// declarations in name order; 64-bit integers are `number` (they cross as JSON numbers). Errs naming a type
/// name two Rust types share, which one TypeScript module could not hold.
pub fn declarations() -> Result<String, String> {
    use crate::compose::exchange::{Exchange, FailureKind, ObservedResponse, Outcome, TokenState};
    use crate::compose::request::{BuiltRequest, CancelMediaProcessingRequest, TeachingNote};
    use crate::compose::token::TokenInfo;
    use crate::decode::overview::DecodedOverview;
    use crate::decode::redact::Redacted;
    use crate::decode::Decoded;
    use crate::diagnostic::Diagnostic;
    use crate::graph::http::Header;
    use crate::mock::replay::Replay;
    use crate::shapes::{
        FormatOption, ScenarioOption, ScenarioOptions, SentResponse, SimulatedResponse,
    };
    use crate::simulate::notes::SimulatorNote;
    use crate::simulate::presets::Preset;
    use crate::simulate::Run;

    let mut out = Declarations {
        config: Config::new().with_large_int("number"),
        seen: BTreeSet::new(),
        names: BTreeMap::new(),
        clash: None,
    };
    // What each exported function takes or returns, in the order of src/wasm.
    out.visit::<CancelMediaProcessingRequest>();
    out.visit::<BuiltRequest>();
    out.visit::<Header>();
    out.visit::<Decoded>();
    out.visit::<DecodedOverview>();
    out.visit::<SentResponse>();
    out.visit::<Redacted>();
    out.visit::<TokenInfo>();
    out.visit::<ObservedResponse>();
    out.visit::<TokenState>();
    out.visit::<Outcome>();
    out.visit::<FailureKind>();
    out.visit::<FormatOption>();
    out.visit::<Exchange>();
    out.visit::<ScenarioOption>();
    out.visit::<TeachingNote>();
    out.visit::<SimulatedResponse>();
    out.visit::<ScenarioOptions>();
    out.visit::<Run>();
    out.visit::<Replay>();
    out.visit::<Preset>();
    out.visit::<SimulatorNote>();
    out.visit::<Diagnostic>();
    match out.clash {
        Some(name) => Err(format!(
            "two boundary types are both named {name} in TypeScript: give one a #[ts(rename)]"
        )),
        None => Ok(out.names.into_values().map(|(_, text)| text).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::declarations;

    #[test]
    fn declares_the_decoded_shapes_with_their_real_field_names() {
        let text = declarations().unwrap();
        for expected in [
            "export type Decoded = ",
            "export type Resource = ",
            "resultInfo?: ResultInfo",
            "status?: string",
            "diagnostics: Array<Diagnostic>",
            "export type Severity = \"info\" | \"warning\" | \"error\";",
            "export type ApiVersion = \"v1.0\" | \"beta\";",
            "delayMs: number",
            "export type ScenarioRun = ",
        ] {
            assert!(text.contains(expected), "missing `{expected}` in:\n{text}");
        }
        assert!(!text.contains("bigint"), "64-bit integers cross as numbers");
    }
}
