//! Machine code in memory: one JIT module per date range, holding the function of every route
//! that native code computes there. The module's memory is given back when it is dropped, that
//! is when the policy set it was compiled from is replaced.
#![allow(unsafe_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use cranelift_codegen::ir::{AbiParam, Signature, UserFuncName, types};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module, default_libcall_names};

use crate::codegen::{Helpers, route_body};
use crate::helpers;
use crate::plan::RoutePlan;

/// A route's compiled function: `(record, dates, out) -> outcome code`.
pub(crate) type RouteFn = unsafe extern "C" fn(*const i64, *const i64, *mut u8) -> i32;

/// How many JIT modules are alive in this process (for the test that reloading a policy set
/// does not leak machine code).
static LIVE_MODULES: AtomicUsize = AtomicUsize::new(0);

pub fn live_modules() -> usize {
    LIVE_MODULES.load(Ordering::SeqCst)
}

/// Why machine code could not be produced (a bug of this crate or an unsupported host, never
/// the dossier's fault): the routes are then assessed by the interpreter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("le code natif n'a pas pu être produit : {0}")]
pub struct CodegenError(pub String);

fn failed(e: impl std::fmt::Display) -> CodegenError {
    CodegenError(e.to_string())
}

/// The machine code of one date range.
pub(crate) struct Compiled {
    module: Option<JITModule>,
    /// One function per route, `None` where the route is not native.
    pub(crate) routes: Vec<Option<RouteFn>>,
}

impl Drop for Compiled {
    fn drop(&mut self) {
        if let Some(module) = self.module.take() {
            // SAFETY: the functions of this module are only reachable through `self.routes`,
            // which is dropped with it; no caller keeps a function pointer beyond a call.
            unsafe { module.free_memory() };
            LIVE_MODULES.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

// SAFETY: the module is only read after `finalize_definitions` (its code is immutable), and the
// function pointers are plain code addresses; nothing is mutated through a shared reference.
unsafe impl Send for Compiled {}
unsafe impl Sync for Compiled {}

fn isa() -> Result<std::sync::Arc<dyn cranelift_codegen::isa::TargetIsa>, CodegenError> {
    let mut flags = settings::builder();
    flags
        .set("use_colocated_libcalls", "false")
        .map_err(failed)?;
    flags.set("is_pic", "false").map_err(failed)?;
    flags.set("opt_level", "speed").map_err(failed)?;
    cranelift_native::builder()
        .map_err(failed)?
        .finish(settings::Flags::new(flags))
        .map_err(failed)
}

/// Compiles the native routes of a date range.
pub(crate) fn compile(plans: &[RoutePlan]) -> Result<Compiled, CodegenError> {
    let mut builder = JITBuilder::with_isa(isa()?, default_libcall_names());
    builder.symbol(helpers::MUL_ROUNDED, helpers::mul_rounded as *const u8);
    builder.symbol(helpers::SHIFT, helpers::shift as *const u8);
    builder.symbol(helpers::BETWEEN, helpers::between as *const u8);
    let mut module = JITModule::new(builder);
    LIVE_MODULES.fetch_add(1, Ordering::SeqCst);
    // From here on, `compiled` frees the module whatever happens.
    let mut compiled = Compiled {
        module: None,
        routes: Vec::new(),
    };
    let ids = define_all(&mut module, plans);
    let ids = match ids {
        Ok(ids) => ids,
        Err(e) => {
            compiled.module = Some(module);
            return Err(e);
        }
    };
    let finalized = module.finalize_definitions().map_err(failed);
    compiled.routes = ids
        .iter()
        .map(|id| {
            id.map(|id| {
                let code = module.get_finalized_function(id);
                // SAFETY: the function was declared with the signature `RouteFn` describes
                // (three pointers in, an i32 out, the host's C calling convention).
                unsafe { std::mem::transmute::<*const u8, RouteFn>(code) }
            })
        })
        .collect();
    compiled.module = Some(module);
    finalized?;
    Ok(compiled)
}

fn helper_signature(module: &JITModule, params: usize, ok: bool) -> Signature {
    let mut sig = module.make_signature();
    for _ in 0..params {
        sig.params.push(AbiParam::new(types::I64));
    }
    if ok {
        sig.params
            .push(AbiParam::new(module.target_config().pointer_type()));
    }
    sig.returns.push(AbiParam::new(types::I64));
    sig
}

fn define_all(
    module: &mut JITModule,
    plans: &[RoutePlan],
) -> Result<Vec<Option<FuncId>>, CodegenError> {
    let pointer = module.target_config().pointer_type();
    let mut signature = module.make_signature();
    for _ in 0..3 {
        signature.params.push(AbiParam::new(pointer));
    }
    signature.returns.push(AbiParam::new(types::I32));
    let mul_rounded = module
        .declare_function(
            helpers::MUL_ROUNDED,
            Linkage::Import,
            &helper_signature(module, 3, true),
        )
        .map_err(failed)?;
    let shift = module
        .declare_function(
            helpers::SHIFT,
            Linkage::Import,
            &helper_signature(module, 4, true),
        )
        .map_err(failed)?;
    let between = module
        .declare_function(
            helpers::BETWEEN,
            Linkage::Import,
            &helper_signature(module, 3, false),
        )
        .map_err(failed)?;
    let mut context = module.make_context();
    let mut builder_context = FunctionBuilderContext::new();
    let mut ids = Vec::with_capacity(plans.len());
    for (index, plan) in plans.iter().enumerate() {
        let RoutePlan::Native(route) = plan else {
            ids.push(None);
            continue;
        };
        let name = format!("route_{index}");
        let id = module
            .declare_function(&name, Linkage::Local, &signature)
            .map_err(failed)?;
        context.func.signature = signature.clone();
        context.func.name = UserFuncName::user(0, id.as_u32());
        {
            let mut b =
                cranelift_frontend::FunctionBuilder::new(&mut context.func, &mut builder_context);
            let helpers = Helpers {
                mul_rounded: module.declare_func_in_func(mul_rounded, b.func),
                shift: module.declare_func_in_func(shift, b.func),
                between: module.declare_func_in_func(between, b.func),
            };
            route_body(&mut b, route, &helpers);
            b.finalize(module.target_config());
        }
        module.define_function(id, &mut context).map_err(failed)?;
        module.clear_context(&mut context);
        ids.push(Some(id));
    }
    Ok(ids)
}
