//! The search index, as a script that sets `window.MOTIF_RECHERCHE` (a page opened from disk
//! cannot fetch a JSON file): one entry per article, named condition, route, fact and parameter,
//! with the words it is found by. `recherche.js` reads it and builds the results with DOM
//! methods (`textContent`), never as HTML.

use std::collections::BTreeSet;

use serde::Serialize;

use super::expr::{fact_anchor, parameter_anchor};
use super::{Ctx, FACTS, INDEX, PARAMETERS, item_anchor, slug};

#[derive(Debug, Serialize)]
struct Entry {
    /// What the result shows.
    #[serde(rename = "t")]
    title: String,
    /// Its kind: `article`, `condition`, `voie`, `fait`, `paramètre`.
    #[serde(rename = "g")]
    kind: &'static str,
    /// More words to show (a label).
    #[serde(rename = "d")]
    detail: String,
    /// The link, relative to the site's root.
    #[serde(rename = "u")]
    url: String,
    /// More words it is found by.
    #[serde(rename = "k")]
    keys: String,
}

pub(crate) fn index(ctx: &Ctx<'_>) -> String {
    let program = ctx.program;
    let mut entries = Vec::new();
    for &id in &ctx.order {
        let article = program.article(id);
        let page = ctx.page(id);
        entries.push(Entry {
            title: article.id.clone(),
            kind: "article",
            detail: article.title.clone().unwrap_or_default(),
            url: page.to_string(),
            // `L423-1` finds `L. 423-1`.
            keys: slug(&article.id),
        });
        // Each named condition once, at its latest version.
        let mut seen = BTreeSet::new();
        for (v, version) in article.versions.iter().enumerate().rev() {
            for condition in &version.conditions {
                let Some(name) = &condition.name else {
                    continue;
                };
                if !seen.insert(name.clone()) {
                    continue;
                }
                entries.push(Entry {
                    title: format!("{name} ({})", article.id),
                    kind: "condition",
                    detail: condition.label.clone().unwrap_or_default(),
                    url: ctx.href(INDEX, page, Some(&item_anchor(article, v, "c", name))),
                    keys: String::new(),
                });
            }
        }
    }
    for (r, route) in program.routes.iter().enumerate() {
        let article = program.article(route.article);
        let latest = article
            .versions
            .iter()
            .enumerate()
            .rev()
            .find_map(|(v, version)| {
                version
                    .route(motif_runtime::program::RouteId(r as u32))
                    .map(|rv| (v, rv))
            });
        let (url, detail) = match latest {
            Some((v, rv)) => (
                ctx.href(
                    INDEX,
                    ctx.page(route.article),
                    Some(&item_anchor(article, v, "voie", &route.name)),
                ),
                rv.label.clone().unwrap_or_default(),
            ),
            None => (ctx.page(route.article).to_string(), String::new()),
        };
        entries.push(Entry {
            title: format!("{} ({})", route.name, article.id),
            kind: "voie",
            detail,
            url,
            keys: String::new(),
        });
    }
    for fact in &program.facts {
        entries.push(Entry {
            title: fact.name.clone(),
            kind: "fait",
            detail: fact.label.clone().unwrap_or_default(),
            url: format!("{FACTS}#{}", fact_anchor(&fact.name)),
            keys: fact.documents.join(" "),
        });
    }
    for parameter in &program.parameters {
        entries.push(Entry {
            title: parameter.name.clone(),
            kind: "paramètre",
            detail: parameter.label.clone().unwrap_or_default(),
            url: format!("{PARAMETERS}#{}", parameter_anchor(&parameter.name)),
            keys: String::new(),
        });
    }
    // Serialising strings and plain structs cannot fail; an empty index is still a valid script.
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
    // `<` only appears inside strings: written `\u003c`, no text of a policy can close a
    // `<script>` element even if this file were ever inlined.
    let json = json.replace('<', "\\u003c");
    format!(
        "// Index de recherche de la documentation (produit par motif doc).\n\
         window.MOTIF_RECHERCHE = {json};\n"
    )
}
