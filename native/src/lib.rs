//! # Motif native checkers
//!
//! A `Program` compiled to machine code with cranelift, for the case service's hot path. The
//! interpreter (`motif_runtime::assess`) stays the reference: native code computes the same
//! outcomes and the same three-valued value for every condition, and the differential test
//! (`tests/tests/differential.rs`) checks it on hundreds of thousands of dossiers.
//!
//! ```text
//! JSON ──decode──▶ fact record ─┐
//!                               ├─▶ route functions (one per route and date range) ──▶ outcomes
//! Program ──plan──▶ codegen ────┘          └─ one byte per condition ──report──▶ explanations
//! ```
//!
//! The passes, each a module: `layout` (where each fact lives in the record), `dates` (the
//! ranges of dates between which the same rules apply), `build` (a route's plan at a range of
//! dates), `codegen` (plan → cranelift IR), `jit` (machine code in memory), `decode` (JSON →
//! record without a syntax tree), `report` (bytes → explanation). A route that native code does
//! not compute (a text compared, a duration read from the dossier…) is assessed by the
//! interpreter, with the reason counted in [`NativeProgram::coverage`].

pub mod build;
mod codegen;
pub mod dates;
pub mod decode;
mod helpers;
mod jit;
pub mod layout;
pub mod plan;
mod report;

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use motif_runtime::dossier::{Dossier, DossierErrors, decode as decode_dossier};
use motif_runtime::program::{Program, RouteId};
use motif_runtime::{Dates, Outcome, assess_route};

use crate::dates::{DateRanges, RangeKey};
use crate::decode::FastDecoder;
use crate::layout::Layout;
use crate::plan::RoutePlan;
use crate::report::View;

pub use crate::jit::{CodegenError, live_modules};
pub use crate::report::{GroundRef, RouteReport};

/// A policy set ready to assess dossiers natively. Machine code is compiled lazily, once per
/// range of dates met, and freed when this value is dropped (a policy set replaced).
pub struct NativeProgram {
    program: Arc<Program>,
    layout: Layout,
    ranges: DateRanges,
    decoder: FastDecoder,
    compiled: RwLock<HashMap<RangeKey, Arc<Range>>>,
    /// Every distinct set of plans compiled so far: most ranges of dates share theirs (an
    /// article that applies by filing date changes few routes), and share its machine code.
    distinct: std::sync::Mutex<Vec<Arc<Range>>>,
    counters: Counters,
}

/// The routes of one date range: their plans and machine code.
struct Range {
    plans: Vec<RoutePlan>,
    code: Result<jit::Compiled, CodegenError>,
    /// Where each route's bytes start in the output buffer.
    offsets: Vec<usize>,
    bytes: usize,
}

/// A dossier's facts, as native code reads them.
pub struct Facts<'j> {
    /// `None`: a list longer than native code reads; the interpreter assesses the dossier.
    record: Option<Vec<i64>>,
    pub decided_on: Option<motif_runtime::date::Date>,
    pub filed_on: Option<motif_runtime::date::Date>,
    /// The decoded dossier, for routes the interpreter assesses: given, or decoded from `json`
    /// the first time it is needed.
    dossier: OnceLock<Dossier>,
    json: Option<&'j str>,
}

#[derive(Default)]
struct Counters {
    native: AtomicU64,
    interpreted: AtomicU64,
    fixed: AtomicU64,
    fast_decodes: AtomicU64,
    full_decodes: AtomicU64,
}

/// How often each path was taken since the program was loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Route assessments computed by native code.
    pub native: u64,
    /// Route assessments left to the interpreter (a construct not compiled, a list too long).
    pub interpreted: u64,
    /// Route assessments whose outcome does not depend on the dossier at those dates.
    pub fixed: u64,
    /// Dossiers decoded straight into the record.
    pub fast_decodes: u64,
    /// Dossiers decoded by the full decoder (errors to report, or an unusual form).
    pub full_decodes: u64,
}

/// Whether native code computes each route, over every range of dates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// The date ranges looked at (decision dates, with the filing date unknown and known).
    pub ranges: usize,
    pub routes: Vec<RouteCoverage>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RouteCoverage {
    pub route: String,
    /// In how many ranges native code computes the route…
    pub native: usize,
    /// …its outcome does not depend on the dossier…
    pub fixed: usize,
    /// …or the interpreter assesses it, and why.
    pub interpreted: usize,
    pub reasons: Vec<String>,
}

thread_local! {
    /// The output bytes of the last assessment on this thread (reused: no allocation per
    /// dossier).
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl NativeProgram {
    pub fn new(program: Program) -> NativeProgram {
        let layout = Layout::of(&program);
        let ranges = DateRanges::of(&program);
        let decoder = FastDecoder::new(&program, &layout);
        NativeProgram {
            program: Arc::new(program),
            layout,
            ranges,
            decoder,
            compiled: RwLock::new(HashMap::new()),
            distinct: std::sync::Mutex::new(Vec::new()),
            counters: Counters::default(),
        }
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Decodes a JSON dossier: straight into the record when it is well-formed, through the
    /// full decoder otherwise (which names every error).
    pub fn decode<'j>(&self, json: &'j str) -> Result<Facts<'j>, DossierErrors> {
        if let Some(decoded) = self.decoder.decode(json) {
            self.counters.fast_decodes.fetch_add(1, Ordering::Relaxed);
            return Ok(Facts {
                record: Some(decoded.record),
                decided_on: decoded.decided_on,
                filed_on: decoded.filed_on,
                dossier: OnceLock::new(),
                json: Some(json),
            });
        }
        self.counters.full_decodes.fetch_add(1, Ordering::Relaxed);
        let dossier = decode_dossier(&self.program, json)?;
        Ok(self.facts(dossier))
    }

    /// The facts of a dossier already decoded.
    pub fn facts(&self, dossier: Dossier) -> Facts<'static> {
        let record = self.layout.record(&self.program, &dossier);
        Facts {
            record,
            decided_on: dossier.decided_on,
            filed_on: dossier.filed_on,
            dossier: OnceLock::from(dossier),
            json: None,
        }
    }

    /// The outcome of every route, in the program's order.
    pub fn outcomes(&self, facts: &Facts<'_>, dates: Dates) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(self.program.routes.len());
        self.run(facts, dates, |_, run| outcomes.push(run.outcome()));
        outcomes
    }

    /// The outcome of every route with its explanation (failed grounds, facts to ask for,
    /// points for the officer, the trace's shape).
    pub fn reports(&self, facts: &Facts<'_>, dates: Dates) -> Vec<RouteReport> {
        let mut reports = Vec::with_capacity(self.program.routes.len());
        self.run(facts, dates, |index, run| {
            let name = &self.program.routes[index].name;
            reports.push(match run {
                Run::Native(view, outcome) => report::route_report(&view, name, outcome),
                Run::Interpreted(Some(route)) => RouteReport::from_assessment(&route),
                Run::Fixed(_) | Run::Interpreted(None) => {
                    // The outcome does not depend on the facts: the interpreter says why.
                    let dossier = match facts.dossier(&self.program) {
                        Some(dossier) => dossier,
                        None => &Dossier::empty(&self.program),
                    };
                    let route = assess_route(&self.program, dossier, dates, RouteId(index as u32));
                    RouteReport::from_assessment(&route)
                }
            });
        });
        reports
    }

    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            native: c.native.load(Ordering::Relaxed),
            interpreted: c.interpreted.load(Ordering::Relaxed),
            fixed: c.fixed.load(Ordering::Relaxed),
            fast_decodes: c.fast_decodes.load(Ordering::Relaxed),
            full_decodes: c.full_decodes.load(Ordering::Relaxed),
        }
    }

    /// Compiles the routes for the range of `dates` now (rather than on the first dossier),
    /// and says whether machine code could be produced.
    pub fn prepare(&self, dates: Dates) -> Result<(), CodegenError> {
        match &self.range(dates).code {
            Ok(_) => Ok(()),
            Err(e) => Err(e.clone()),
        }
    }

    /// For every route, in how many date ranges native code computes it, and why not where it
    /// does not (`motif check --native-report`).
    pub fn coverage(&self) -> Coverage {
        let mut routes: Vec<RouteCoverage> = self
            .program
            .routes
            .iter()
            .map(|r| RouteCoverage {
                route: r.name.clone(),
                native: 0,
                fixed: 0,
                interpreted: 0,
                reasons: Vec::new(),
            })
            .collect();
        let mut ranges = 0;
        for day in self.ranges.representatives() {
            for filed_on in [None, Some(day)] {
                ranges += 1;
                let dates = Dates {
                    decided_on: day,
                    filed_on,
                };
                for (index, status) in routes.iter_mut().enumerate() {
                    match build::route_plan(
                        &self.program,
                        &self.layout,
                        dates,
                        RouteId(index as u32),
                    ) {
                        RoutePlan::Native(_) => status.native += 1,
                        RoutePlan::Fixed(_) => status.fixed += 1,
                        RoutePlan::Interpreter(reason) => {
                            status.interpreted += 1;
                            if !status.reasons.contains(&reason) {
                                status.reasons.push(reason);
                            }
                        }
                    }
                }
            }
        }
        Coverage { ranges, routes }
    }

    /// The routes' plans and code for the range of `dates`, compiled the first time.
    fn range(&self, dates: Dates) -> Arc<Range> {
        let key = self.ranges.key(dates);
        if let Ok(cache) = self.compiled.read()
            && let Some(range) = cache.get(&key)
        {
            return Arc::clone(range);
        }
        let range = self.compile(dates);
        match self.compiled.write() {
            Ok(mut cache) => Arc::clone(cache.entry(key).or_insert(range)),
            Err(_) => range,
        }
    }

    /// The plans at `dates`, and their code: compiled, or shared with another range that has
    /// the same plans.
    fn compile(&self, dates: Dates) -> Arc<Range> {
        let plans: Vec<RoutePlan> = (0..self.program.routes.len())
            .map(|i| build::route_plan(&self.program, &self.layout, dates, RouteId(i as u32)))
            .collect();
        let mut distinct = match self.distinct.lock() {
            Ok(distinct) => distinct,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(same) = distinct.iter().find(|r| r.plans == plans) {
            return Arc::clone(same);
        }
        let range = Arc::new(Self::compile_plans(plans));
        distinct.push(Arc::clone(&range));
        range
    }

    fn compile_plans(plans: Vec<RoutePlan>) -> Range {
        let mut offsets = Vec::with_capacity(plans.len());
        let mut bytes = 0;
        for plan in &plans {
            offsets.push(bytes);
            if let RoutePlan::Native(route) = plan {
                bytes += route.nodes.len();
            }
        }
        let code = jit::compile(&plans);
        Range {
            plans,
            code,
            offsets,
            bytes,
        }
    }

    /// Assesses every route, giving each one's result to `each` in the program's order.
    fn run(&self, facts: &Facts<'_>, dates: Dates, mut each: impl FnMut(usize, Run<'_>)) {
        let range = self.range(dates);
        let day = |d: motif_runtime::date::Date| i64::from(d.day_number());
        let date_words = [
            day(dates.decided_on),
            i64::from(dates.filed_on.is_some()),
            dates.filed_on.map_or(0, day),
        ];
        OUTPUT.with(|output| {
            let mut output = output.borrow_mut();
            output.clear();
            output.resize(range.bytes, 0);
            for (index, plan) in range.plans.iter().enumerate() {
                let function = range.code.as_ref().ok().and_then(|c| c.routes[index]);
                match (plan, &facts.record, function) {
                    (RoutePlan::Fixed(outcome), _, _) => {
                        self.counters.fixed.fetch_add(1, Ordering::Relaxed);
                        each(index, Run::Fixed(*outcome));
                    }
                    (RoutePlan::Native(route), Some(record), Some(function)) => {
                        self.counters.native.fetch_add(1, Ordering::Relaxed);
                        let start = range.offsets[index];
                        let bytes = &mut output[start..start + route.nodes.len()];
                        // SAFETY: the function was compiled from this plan for this layout: it
                        // reads the record's words at the cells the plan names (all below
                        // `layout.words`, the record's length), three date words, and writes
                        // one byte per node of the plan into `bytes`.
                        #[allow(unsafe_code)]
                        let code = unsafe {
                            function(record.as_ptr(), date_words.as_ptr(), bytes.as_mut_ptr())
                        };
                        let view = View {
                            program: &self.program,
                            route,
                            bytes,
                            record,
                            dates,
                        };
                        let outcome = codegen::outcome_of(code).unwrap_or(Outcome::NeedsAppraisal);
                        let outcome = report::sensitive_outcome(&view, outcome);
                        each(index, Run::Native(view, outcome));
                    }
                    _ => {
                        self.counters.interpreted.fetch_add(1, Ordering::Relaxed);
                        // `None` never happens: a record from the fast decoder comes from a
                        // valid dossier.
                        let route = facts.dossier(&self.program).map(|dossier| {
                            Box::new(assess_route(
                                &self.program,
                                dossier,
                                dates,
                                RouteId(index as u32),
                            ))
                        });
                        each(index, Run::Interpreted(route));
                    }
                }
            }
        });
    }
}

/// One route's result, as `run` gives it.
enum Run<'v> {
    Native(View<'v>, Outcome),
    Fixed(Outcome),
    /// The interpreter's assessment, kept so that a report does not assess the route again.
    Interpreted(Option<Box<motif_runtime::RouteAssessment>>),
}

impl Run<'_> {
    fn outcome(&self) -> Outcome {
        match self {
            Run::Native(_, outcome) | Run::Fixed(outcome) => *outcome,
            Run::Interpreted(Some(route)) => route.outcome,
            Run::Interpreted(None) => Outcome::Incomplete,
        }
    }
}

impl Facts<'_> {
    /// The decoded dossier, decoding it the first time it is needed.
    fn dossier(&self, program: &Program) -> Option<&Dossier> {
        if let Some(dossier) = self.dossier.get() {
            return Some(dossier);
        }
        let decoded = decode_dossier(program, self.json?).ok()?;
        Some(self.dossier.get_or_init(|| decoded))
    }

    /// Whether native code can read these facts (no list longer than it reads).
    pub fn native(&self) -> bool {
        self.record.is_some()
    }
}
