//! The trace of every route stays within `motif_runtime::limits::MAX_TRACE_STEPS`: an upper
//! bound is counted on the lowered program (`limits::trace_bound`, with every list at its
//! limit), and a route whose bound exceeds it is an error at its declaration.

use motif_runtime::limits::{MAX_LIST_LENGTH, MAX_TRACE_STEPS, trace_bound};
use motif_runtime::program::{Program, RouteId};

use super::{Declarations, Part};
use crate::diagnostics::{Diagnostic, TraceTooLarge};

pub fn check(
    program: &Program,
    parts: &[Part<'_>],
    declarations: &Declarations,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (r, route) in program.routes.iter().enumerate() {
        let bound = trace_bound(program, RouteId(r as u32));
        if bound <= MAX_TRACE_STEPS {
            continue;
        }
        // The route's first declaration, in its article's first version that has it.
        let Some(&(p, a)) = declarations.article_homes.get(route.article.0 as usize) else {
            continue;
        };
        let Some(part) = parts.get(p) else { continue };
        let Some(decl) = part.module.articles.get(a).and_then(|article| {
            article
                .versions
                .iter()
                .flat_map(|v| &v.routes)
                .find(|d| d.name.node == route.name)
        }) else {
            continue;
        };
        let error = TraceTooLarge {
            route: route.name.clone(),
            bound,
            limit: MAX_TRACE_STEPS,
            per_list: MAX_LIST_LENGTH,
            span: decl.name.span.into(),
        };
        out.push(Diagnostic::new(part.file, error).shifted(part.offset));
    }
    out
}
