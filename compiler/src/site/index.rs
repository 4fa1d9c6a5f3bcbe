//! The index (articles in the order of the code, routes, facts, parameters), and the pages of
//! the facts and of the parameters with their dated values and the rules that read them.

use std::collections::BTreeMap;

use motif_runtime::program::{ArticleId, FactKind, ParameterDecl, RouteId};
use motif_runtime::value::{Type, TypeKind};

use super::expr::{fact_anchor, parameter_anchor};
use super::html::Html;
use super::pages::place_link;
use super::uses::Place;
use super::{Ctx, FACTS, INDEX, PARAMETERS, code_number, ident_anchor, item_anchor};

pub(crate) fn index(ctx: &Ctx<'_>) -> String {
    let program = ctx.program;
    let mut html = Html::new();
    html.raw("<h1>Documentation du jeu de règles</h1>\n<p class=\"resume\">")
        .text(&format!(
            "{} article(s), {} voie(s), {} fait(s), {} paramètre(s). Chaque article est cité \
             avec ses versions datées, son texte et les règles qui le traduisent.",
            program.articles.len(),
            program.routes.len(),
            program.facts.len(),
            program.parameters.len()
        ))
        .raw("</p>\n<nav class=\"sommaire\"><ul class=\"en-ligne\">")
        .raw("<li><a href=\"#articles\">Articles</a></li><li><a href=\"#voies\">Voies</a></li>")
        .raw("<li><a href=\"#faits\">Faits</a></li><li><a href=\"#parametres\">Paramètres</a></li>")
        .raw("</ul></nav>\n");

    html.raw("<section id=\"articles\">\n<h2>Articles</h2>\n");
    let mut group: Option<String> = None;
    for &id in &ctx.order {
        let article = program.article(id);
        let heading = group_heading(&article.id);
        if group.as_ref() != Some(&heading) {
            if group.is_some() {
                html.raw("</tbody></table>\n");
            }
            html.element("h3", &[], &heading).raw(
                "\n<table class=\"liste articles\"><thead><tr><th>Article</th><th>Intitulé</th>\
                 <th>Versions</th><th>Voies</th></tr></thead><tbody>\n",
            );
            group = Some(heading);
        }
        html.raw("<tr><td class=\"numero\">");
        ctx.article_link(&mut html, INDEX, id, None);
        html.raw("</td><td>")
            .text(article.title.as_deref().unwrap_or_default())
            .raw("</td><td><ul class=\"nu\">");
        for (v, version) in article.versions.iter().enumerate().rev() {
            let anchor = super::version_anchor(article, v);
            let href = ctx.href(INDEX, ctx.page(id), Some(&anchor));
            let mut text = ctx.period(&version.in_force);
            if version.repealed {
                text = format!("abrogé {text}");
            }
            html.raw("<li>").link(&href, &text).raw("</li>");
        }
        html.raw("</ul></td><td>");
        let routes: Vec<(usize, &motif_runtime::program::Route)> = program
            .routes
            .iter()
            .enumerate()
            .filter(|(_, r)| r.article == id)
            .collect();
        for (i, (_, route)) in routes.iter().enumerate() {
            if i > 0 {
                html.raw(", ");
            }
            html.link(&format!("#voie-{}", ident_anchor(&route.name)), &route.name);
        }
        html.raw("</td></tr>\n");
    }
    if group.is_some() {
        html.raw("</tbody></table>\n");
    }
    html.raw("</section>\n");

    html.raw("<section id=\"voies\">\n<h2>Voies</h2>\n<table class=\"liste\"><thead><tr>")
        .raw("<th>Voie</th><th>Intitulé</th><th>Titre délivré</th><th>Article</th></tr></thead><tbody>\n");
    for (r, route) in program.routes.iter().enumerate() {
        let article = program.article(route.article);
        let latest = article
            .versions
            .iter()
            .enumerate()
            .rev()
            .find_map(|(v, version)| version.route(RouteId(r as u32)).map(|rv| (v, rv)));
        html.open(
            "tr",
            &[("id", &format!("voie-{}", ident_anchor(&route.name)))],
        )
        .raw("<td>");
        match latest {
            Some((v, route_version)) => {
                let anchor = item_anchor(article, v, "voie", &route.name);
                let href = ctx.href(INDEX, ctx.page(route.article), Some(&anchor));
                html.open("a", &[("href", &href)])
                    .element("code", &[], &route.name)
                    .raw("</a></td><td>")
                    .text(route_version.label.as_deref().unwrap_or_default())
                    .raw("</td><td>")
                    .text(&ctx.words.grant(&route_version.grant));
            }
            None => {
                html.element("code", &[], &route.name)
                    .raw("</td><td></td><td>");
            }
        }
        html.raw("</td><td class=\"numero\">");
        ctx.article_link(&mut html, INDEX, route.article, None);
        html.raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n</section>\n");

    html.raw("<section id=\"faits\">\n<h2>Faits</h2>\n<p>Ce que le dossier peut donner ; le détail (type, pièces à demander, règles qui les lisent) est sur la ")
        .link(FACTS, "page des faits")
        .raw(".</p>\n<table class=\"liste\"><thead><tr><th>Fait</th><th>Intitulé</th><th>Type</th><th>Nature</th></tr></thead><tbody>\n");
    for (_, fact) in by_name(&program.facts, |f| &f.name) {
        html.raw("<tr><td>")
            .open(
                "a",
                &[("href", &format!("{FACTS}#{}", fact_anchor(&fact.name)))],
            )
            .element("code", &[], &fact.name)
            .raw("</a></td><td>")
            .text(fact.label.as_deref().unwrap_or_default())
            .raw("</td><td>")
            .text(&program.describe(&fact.ty))
            .raw("</td><td>")
            .text(&nature(fact))
            .raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n</section>\n");

    html.raw("<section id=\"parametres\">\n<h2>Paramètres</h2>\n<p>Les valeurs que le droit fixe et fait évoluer ; toutes leurs valeurs datées sont sur la ")
        .link(PARAMETERS, "page des paramètres")
        .raw(".</p>\n<table class=\"liste\"><thead><tr><th>Paramètre</th><th>Intitulé</th><th>Dernière valeur</th></tr></thead><tbody>\n");
    for (_, parameter) in by_name(&program.parameters, |p| &p.name) {
        html.raw("<tr><td>")
            .open(
                "a",
                &[(
                    "href",
                    &format!("{PARAMETERS}#{}", parameter_anchor(&parameter.name)),
                )],
            )
            .element("code", &[], &parameter.name)
            .raw("</a></td><td>")
            .text(parameter.label.as_deref().unwrap_or_default())
            .raw("</td><td>");
        if let Some(last) = parameter.values.last() {
            html.text(&format!(
                "{} ({})",
                value(ctx, parameter, &last.value),
                ctx.period(&last.in_force)
            ));
        }
        html.raw("</td></tr>\n");
    }
    html.raw("</tbody></table>\n</section>\n");
    ctx.layout("Sommaire", &html)
}

/// The declarations in the order of their dotted names (`demandeur.…`, then `mariage.…`), with
/// their index: a reader looks a name up as in a glossary.
fn by_name<T>(items: &[T], name: impl Fn(&T) -> &String) -> Vec<(usize, &T)> {
    let mut sorted: Vec<(usize, &T)> = items.iter().enumerate().collect();
    sorted.sort_by(|a, b| name(a.1).cmp(name(b.1)));
    sorted
}

/// `Livre IV — titre II — chapitre III` for `L. 423-1` (the code's numbering: book, title,
/// chapter, then the article); the other texts together.
fn group_heading(id: &str) -> String {
    match code_number(id) {
        Some((letter, numbers)) => match numbers.first() {
            Some(&n) if (100..1000).contains(&n) => {
                let (book, title, chapter) = (n / 100, n / 10 % 10, n % 10);
                format!(
                    "Livre {} — titre {} — chapitre {}",
                    roman(book),
                    roman(title),
                    roman(chapter)
                )
            }
            Some(n) => format!("Articles {letter}. {n}"),
            None => format!("Articles {letter}."),
        },
        None => "Autres textes".to_string(),
    }
}

fn roman(n: u64) -> String {
    match n {
        0 => "préliminaire".to_string(),
        1..=9 => {
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][n as usize - 1].to_string()
        }
        n => n.to_string(),
    }
}

fn nature(fact: &motif_runtime::program::FactDecl) -> String {
    let mut words = Vec::new();
    match fact.kind {
        FactKind::Fact => words.push("fait"),
        FactKind::Appraisal { .. } => words.push("appréciation de l'agent"),
    }
    if fact.sensitive {
        words.push("donnée sensible");
    }
    words.join(", ")
}

/// A parameter's value as the letters write it; an enumeration value by its label.
fn value(ctx: &Ctx<'_>, parameter: &ParameterDecl, value: &motif_runtime::value::Value) -> String {
    let label = match value {
        motif_runtime::value::Value::Enum(name) => ctx.variant_label(Some(&parameter.ty), name),
        _ => None,
    };
    let shown = ctx.words.value(value, label);
    match (value, label) {
        (motif_runtime::value::Value::Enum(name), Some(_)) => format!("{name} ({shown})"),
        _ => shown,
    }
}

pub(crate) fn facts(ctx: &Ctx<'_>) -> String {
    let program = ctx.program;
    let mut html = Html::new();
    html.raw("<nav class=\"fil\">")
        .link(INDEX, "Sommaire")
        .raw("</nav>\n<h1>Faits du dossier</h1>\n<p class=\"resume\">Chaque fait a un nom, qui est aussi sa place dans le dossier JSON (<code>mariage.lieu</code> s'écrit <code>{\"mariage\": {\"lieu\": …}}</code>). Un fait absent est inconnu, jamais « non » : la voie attend alors les pièces indiquées.</p>\n");
    for (f, fact) in by_name(&program.facts, |f| &f.name) {
        html.open(
            "section",
            &[("class", "declaration"), ("id", &fact_anchor(&fact.name))],
        )
        .raw("\n<h2>")
        .element("code", &[], &fact.name)
        .raw("</h2>\n");
        if let Some(label) = &fact.label {
            html.raw("<p class=\"libelle\">")
                .quoted(label)
                .raw("</p>\n");
        }
        html.raw("<dl class=\"fiche\">\n<dt>Type</dt><dd>")
            .text(&program.describe(&fact.ty))
            .push(&type_details(ctx, &fact.ty))
            .raw("</dd>\n<dt>Nature</dt><dd>");
        match &fact.kind {
            FactKind::Fact => {
                html.raw("fait, établi par les pièces du dossier");
            }
            FactKind::Appraisal { criteria } => {
                html.raw("<strong>appréciation</strong> : seul un agent la donne, jamais déduite");
                if !criteria.is_empty() {
                    html.raw(" ; critères :<ul>");
                    for criterion in criteria {
                        html.element("li", &[], criterion);
                    }
                    html.raw("</ul>");
                }
            }
        }
        html.raw("</dd>\n");
        if fact.sensitive {
            html.raw("<dt>Donnée sensible</dt><dd><strong>oui</strong> (catégorie particulière de données, RGPD art. 9) : elle peut conduire à « éligible » ou à l'appréciation de l'agent, jamais à un refus</dd>\n");
        }
        html.raw("<dt>Pièces à demander</dt><dd>");
        if fact.documents.is_empty() {
            html.raw("<span class=\"note\">aucune indiquée</span>");
        } else {
            html.raw("<ul>");
            for document in &fact.documents {
                html.element("li", &[], document);
            }
            html.raw("</ul>");
        }
        html.raw("</dd>\n");
        if let Some(at) = ctx.origins.facts.get(&fact.name) {
            html.raw("<dt>Déclaré dans</dt><dd>")
                .element("code", &[], at)
                .raw("</dd>\n");
        }
        html.raw("<dt>Utilisé par</dt><dd>")
            .push(&used_by(ctx, ctx.uses.facts.get(f), FACTS))
            .raw("</dd>\n</dl>\n</section>\n");
    }
    ctx.layout("Faits du dossier", &html)
}

/// The values of an enumeration, or the fields of a record (of a list's element), below its
/// type's name.
fn type_details(ctx: &Ctx<'_>, ty: &Type) -> Html {
    let mut html = Html::new();
    let id = match ty {
        Type::Enum(id) | Type::Record(id) => *id,
        Type::List(inner) => match inner.as_ref() {
            Type::Enum(id) | Type::Record(id) => *id,
            _ => return html,
        },
        _ => return html,
    };
    let Some(decl) = ctx.program.types.get(id.0 as usize) else {
        return html;
    };
    match &decl.kind {
        TypeKind::Enum { variants, ordered } => {
            html.raw(if *ordered {
                "<p class=\"note\">Échelle, de la plus basse à la plus haute valeur :</p><ul>"
            } else {
                "<p class=\"note\">Valeurs possibles :</p><ul>"
            });
            for variant in variants {
                html.raw("<li>").element("code", &[], &variant.name);
                if let Some(label) = &variant.label {
                    html.raw(" — ").text(label);
                }
                html.raw("</li>");
            }
            html.raw("</ul>");
        }
        TypeKind::Record { fields } => {
            html.raw("<table class=\"liste\"><thead><tr><th>Champ</th><th>Type</th><th>Intitulé</th><th>Pièces</th></tr></thead><tbody>");
            for field in fields {
                html.raw("<tr><td>")
                    .element("code", &[], &field.name)
                    .raw("</td><td>")
                    .text(&ctx.program.describe(&field.ty))
                    .raw("</td><td>")
                    .text(field.label.as_deref().unwrap_or_default())
                    .raw("</td><td>")
                    .text(&field.documents.join(" ; "))
                    .raw("</td></tr>");
            }
            html.raw("</tbody></table>");
        }
    }
    html
}

/// The rules that read a fact or a parameter, by article, each linked.
fn used_by(ctx: &Ctx<'_>, places: Option<&std::collections::BTreeSet<Place>>, from: &str) -> Html {
    let mut html = Html::new();
    let Some(places) = places.filter(|p| !p.is_empty()) else {
        html.raw("<span class=\"note\">aucune règle</span>");
        return html;
    };
    let mut by_article: BTreeMap<usize, Vec<&Place>> = BTreeMap::new();
    let position = |id: ArticleId| {
        ctx.order
            .iter()
            .position(|&a| a == id)
            .unwrap_or(usize::MAX)
    };
    for place in places {
        by_article
            .entry(position(place.article))
            .or_default()
            .push(place);
    }
    html.raw("<ul class=\"utilise-par\">");
    for places in by_article.values() {
        for place in places {
            html.raw("<li>")
                .push(&place_link(ctx, place, from))
                .raw("</li>");
        }
    }
    html.raw("</ul>");
    html
}

pub(crate) fn parameters(ctx: &Ctx<'_>) -> String {
    let program = ctx.program;
    let mut html = Html::new();
    html.raw("<nav class=\"fil\">")
        .link(INDEX, "Sommaire")
        .raw("</nav>\n<h1>Paramètres</h1>\n<p class=\"resume\">Les valeurs que le droit fixe et fait évoluer. Une règle lit la valeur en vigueur à la date qui choisit la version de son article.</p>\n");
    for (p, parameter) in by_name(&program.parameters, |p| &p.name) {
        html.open(
            "section",
            &[
                ("class", "declaration"),
                ("id", &parameter_anchor(&parameter.name)),
            ],
        )
        .raw("\n<h2>")
        .element("code", &[], &parameter.name)
        .raw("</h2>\n");
        if let Some(label) = &parameter.label {
            html.raw("<p class=\"libelle\">")
                .quoted(label)
                .raw("</p>\n");
        }
        html.raw("<dl class=\"fiche\">\n<dt>Type</dt><dd>")
            .text(&program.describe(&parameter.ty))
            .raw("</dd>\n");
        if let Some(at) = ctx.origins.parameters.get(&parameter.name) {
            html.raw("<dt>Déclaré dans</dt><dd>")
                .element("code", &[], at)
                .raw("</dd>\n");
        }
        html.raw("<dt>Utilisé par</dt><dd>")
            .push(&used_by(ctx, ctx.uses.parameters.get(p), PARAMETERS))
            .raw("</dd>\n</dl>\n");
        html.raw("<table class=\"valeurs\"><thead><tr><th>Période</th><th>Valeur</th><th>Légifrance</th><th>Sources</th><th>À vérifier</th></tr></thead><tbody>\n");
        for dated in &parameter.values {
            html.raw("<tr><td>")
                .text(&ctx.period(&dated.in_force))
                .raw("</td><td class=\"valeur\">")
                .text(&value(ctx, parameter, &dated.value))
                .raw("</td><td>");
            match &dated.legifrance {
                Some(id) => {
                    html.element("code", &[], id);
                }
                None => {
                    html.raw("<span class=\"note\">—</span>");
                }
            }
            html.raw("</td><td>");
            for source in &dated.sources {
                html.element("p", &[], source);
            }
            html.raw("</td><td>");
            for point in &dated.to_check {
                html.element("p", &[("class", "marque-a-verifier")], point);
            }
            html.raw("</td></tr>\n");
        }
        html.raw("</tbody></table>\n</section>\n");
    }
    ctx.layout("Paramètres", &html)
}
