//! One page per article: its title and where it is written, then each dated version — its
//! Légifrance id, sources, points to check, text quoted verbatim, conditions, routes,
//! derogations and exclusions — then who it refers to and who refers to it.

use std::collections::BTreeSet;

use motif_runtime::program::{
    ArticleId, ArticleVersion, CardKind, Condition, Derogation, Exclusion, Period, ReferenceDate,
    RouteVersion,
};

use super::expr::Scope;
use super::html::Html;
use super::uses::{Item, Place, Reference};
use super::{Ctx, INDEX, item_anchor, version_anchor};

pub(crate) fn article(ctx: &Ctx<'_>, id: ArticleId) -> String {
    let article = ctx.program.article(id);
    let page = ctx.page(id);
    let mut html = Html::new();
    html.raw("<nav class=\"fil\">")
        .link(INDEX, "Sommaire")
        .raw(" › ")
        .link(&format!("{INDEX}#articles"), "Articles")
        .raw("</nav>\n<article class=\"article\">\n<h1>")
        .text(&heading(&article.id))
        .raw("</h1>\n");
    if let Some(title) = &article.title {
        html.element("p", &[("class", "titre")], title).raw("\n");
    }
    html.raw("<dl class=\"fiche\">\n");
    html.raw("<dt>Versions</dt><dd><ul class=\"en-ligne\">");
    for (v, version) in article.versions.iter().enumerate().rev() {
        let anchor = version_anchor(article, v);
        html.raw("<li>")
            .link(&format!("#{anchor}"), &version_name(ctx, version))
            .raw("</li>");
    }
    html.raw("</ul></dd>\n");
    if article.reference_date == ReferenceDate::Filing {
        html.raw("<dt>Version applicable</dt><dd>celle en vigueur à la <strong>date de la demande</strong> (disposition transitoire), et non à la date de la décision</dd>\n");
    }
    if let Some(at) = ctx.origins.article(&article.id) {
        html.raw("<dt>Écrit dans</dt><dd>")
            .element("code", &[], at)
            .raw("</dd>\n");
    }
    html.raw("</dl>\n");

    // The latest version first, as the reader most often wants it; each is dated.
    for (v, version) in article.versions.iter().enumerate().rev() {
        html.push(&self::version(ctx, id, v, version, page));
    }
    html.push(&references(ctx, id, page));
    html.raw("</article>\n");
    ctx.layout(&heading(&article.id), &html)
}

/// `Article L. 423-1`, or a text's name as it is.
fn heading(id: &str) -> String {
    match super::code_number(id) {
        Some(_) => format!("Article {id}"),
        None => id.to_string(),
    }
}

/// `Version du 1er mai 2021 au 25 août 2021`, `Abrogé à compter du …`.
fn version_name(ctx: &Ctx<'_>, version: &ArticleVersion) -> String {
    let word = if version.repealed {
        "Abrogé"
    } else {
        "Version"
    };
    format!("{word} {}", ctx.period(&version.in_force))
}

fn version(ctx: &Ctx<'_>, id: ArticleId, v: usize, version: &ArticleVersion, page: &str) -> Html {
    let article = ctx.program.article(id);
    let mut html = Html::new();
    html.open(
        "section",
        &[("class", "version"), ("id", &version_anchor(article, v))],
    )
    .raw("\n")
    .element("h2", &[], &version_name(ctx, version))
    .raw("\n<dl class=\"fiche\">\n<dt>Légifrance</dt><dd>");
    match &version.legifrance {
        Some(legifrance) if legifrance.starts_with("LEGIARTI") => {
            let url = format!("https://www.legifrance.gouv.fr/codes/article_lc/{legifrance}");
            html.open("a", &[("class", "externe"), ("href", &url)])
                .element("code", &[], legifrance)
                .raw("</a>");
        }
        Some(legifrance) => {
            html.element("code", &[], legifrance);
        }
        None => {
            html.raw("<span class=\"marque-a-verifier\">à vérifier</span>");
        }
    }
    html.raw("</dd>\n");
    if !version.sources.is_empty() {
        html.raw("<dt>Sources</dt><dd><ul>");
        for source in &version.sources {
            html.element("li", &[], source);
        }
        html.raw("</ul></dd>\n");
    }
    if let Some(at) = ctx.origins.version(&article.id, version) {
        html.raw("<dt>Écrite dans</dt><dd>")
            .element("code", &[], at)
            .raw("</dd>\n");
    }
    html.raw("</dl>\n");
    if !version.to_check.is_empty() {
        html.raw("<div class=\"a-verifier\"><p class=\"marque\">À vérifier</p><ul>");
        for point in &version.to_check {
            html.element("li", &[], point);
        }
        html.raw("</ul></div>\n");
    }

    html.raw("<h3>Texte</h3>\n");
    if version.text.trim().is_empty() {
        html.raw(
            "<div class=\"texte texte-a-verifier\"><p class=\"marque\">Texte à vérifier</p>\
             <p>Le texte de cette version n'a pas été relevé : aucun résumé n'en tient lieu \
             (voir les points à vérifier ci-dessus).</p></div>\n",
        );
    } else {
        html.raw("<blockquote class=\"texte\">")
            .paragraphs(&version.text)
            .raw("</blockquote>\n");
    }
    if version.repealed {
        html.raw("<p class=\"note\">L'article est abrogé pendant cette période : aucune règle ne s'applique.</p>\n");
    }

    let mut scope = Scope::new(id, v, page);
    let named: Vec<&Condition> = version
        .conditions
        .iter()
        .filter(|c| c.name.is_some())
        .collect();
    if !named.is_empty() {
        html.raw("<h3>Conditions</h3>\n");
        for condition in named {
            html.push(&self::condition(ctx, &mut scope, condition, version));
        }
    }
    if !version.routes.is_empty() {
        html.raw("<h3>Voies</h3>\n");
        for route in &version.routes {
            html.push(&self::route(ctx, &mut scope, route, version));
        }
    }
    if !version.derogations.is_empty() {
        html.raw("<h3>Dérogations</h3>\n");
        for derogation in &version.derogations {
            html.push(&self::derogation(ctx, &mut scope, derogation, version));
        }
    }
    if !version.exclusions.is_empty() {
        html.raw("<h3>Exclusions</h3>\n");
        for exclusion in &version.exclusions {
            html.push(&self::exclusion(ctx, &mut scope, exclusion));
        }
    }
    html.raw("</section>\n");
    html
}

fn condition(
    ctx: &Ctx<'_>,
    scope: &mut Scope<'_>,
    condition: &Condition,
    version: &ArticleVersion,
) -> Html {
    let article = ctx.program.article(scope.article);
    let name = condition.name.as_deref().unwrap_or_default();
    let mut html = Html::new();
    html.open(
        "div",
        &[
            ("class", "regle"),
            ("id", &item_anchor(article, scope.version, "c", name)),
        ],
    )
    .raw("<h4>condition ")
    .element("code", &[], name);
    if condition.favorable {
        html.raw(" <span class=\"etiquette\">favorable</span>");
    }
    if !condition.general_for.is_empty() {
        html.raw(" <span class=\"etiquette\">générale</span>");
    }
    html.raw("</h4>\n");
    if let Some(label) = &condition.label {
        html.raw("<p class=\"libelle\">")
            .quoted(label)
            .raw("</p>\n");
    }
    html.push(&ctx.expr(scope, &condition.expr));
    if condition.favorable {
        html.raw("<p class=\"note\">Condition favorable : elle peut ouvrir la voie, jamais fonder un refus ; non remplie, le point est laissé à l'appréciation de l'agent.</p>\n");
    }
    if !condition.general_for.is_empty() {
        html.raw("<p class=\"note\">Condition générale : elle s'ajoute à toute voie qui délivre ")
            .text(&cards(&condition.general_for))
            .raw(", tant que cette version est en vigueur.</p>\n");
        let routes = routes_granting(ctx, &condition.general_for, &version.in_force);
        if !routes.is_empty() {
            html.raw("<p class=\"renvois-voies\">Voies concernées : ");
            for (i, (route_article, route_version, route)) in routes.iter().enumerate() {
                if i > 0 {
                    html.raw(", ");
                }
                let target = ctx.program.article(*route_article);
                let anchor = item_anchor(target, *route_version, "voie", route);
                let href = ctx.href(scope.page, ctx.page(*route_article), Some(&anchor));
                html.open("a", &[("href", &href)])
                    .element("code", &[], route)
                    .text(&format!(" ({})", target.id))
                    .raw("</a>");
            }
            html.raw("</p>\n");
        }
    }
    html.raw("</div>\n");
    html
}

/// The routes, in the set's order, whose version in force during `during` grants one of
/// `cards`: (their article, that version, their name).
fn routes_granting(
    ctx: &Ctx<'_>,
    cards: &[CardKind],
    during: &Period,
) -> Vec<(ArticleId, usize, String)> {
    let mut out = Vec::new();
    for (r, route) in ctx.program.routes.iter().enumerate() {
        let id = motif_runtime::program::RouteId(r as u32);
        let found = ctx.version_for(route.article, during, |v| {
            v.route(id).is_some_and(|rv| cards.contains(&rv.grant.card))
        });
        if let Some(v) = found {
            out.push((route.article, v, route.name.clone()));
        }
    }
    out
}

fn cards(cards: &[CardKind]) -> String {
    let names: Vec<&str> = cards.iter().map(|c| c.label()).collect();
    match names.split_last() {
        Some((last, [])) => format!("une {last}"),
        Some((last, rest)) => format!("une {} ou une {last}", rest.join(", une ")),
        None => String::new(),
    }
}

fn route(
    ctx: &Ctx<'_>,
    scope: &mut Scope<'_>,
    route: &RouteVersion,
    version: &ArticleVersion,
) -> Html {
    let article = ctx.program.article(scope.article);
    let name = ctx
        .program
        .routes
        .get(route.route.0 as usize)
        .map_or("", |r| r.name.as_str());
    let mut html = Html::new();
    html.open(
        "div",
        &[
            ("class", "regle voie"),
            ("id", &item_anchor(article, scope.version, "voie", name)),
        ],
    )
    .raw("<h4>voie ")
    .element("code", &[], name)
    .raw("</h4>\n");
    if let Some(label) = &route.label {
        html.raw("<p class=\"libelle\">")
            .quoted(label)
            .raw("</p>\n");
    }
    html.raw("<p class=\"delivre\"><span class=\"sous-titre\">Délivre :</span> ")
        .text(&ctx.words.grant(&route.grant))
        .raw("</p>\n");
    if !route.to_check.is_empty() {
        html.raw("<div class=\"a-verifier\"><p class=\"marque\">À vérifier</p><ul>");
        for point in &route.to_check {
            html.element("li", &[], point);
        }
        html.raw("</ul></div>\n");
    }
    if !route.closures.is_empty() {
        html.raw("<p class=\"sous-titre\">Sans objet (la voie ne concerne pas l'étranger) :</p><ul class=\"clauses\">");
        for closure in &route.closures {
            html.raw("<li><span class=\"mot\">sans objet</span> ")
                .quoted(&closure.reason)
                .raw(" <span class=\"mot\">si</span> ")
                .push(&ctx.expr(scope, &closure.when))
                .raw("</li>");
        }
        html.raw("</ul>\n");
    }
    html.raw("<p class=\"sous-titre\">Conditions de la voie :</p>\n")
        .push(&ctx.expr(scope, &route.expr));
    let general = general_conditions(ctx, route.grant.card, &version.in_force);
    if !general.is_empty() {
        html.raw("<p class=\"sous-titre\">S'y ajoutent les conditions générales de la ")
            .text(route.grant.card.label())
            .raw(" :</p><ul class=\"generales\">");
        for (article, name) in general {
            html.raw("<li>");
            ctx.condition_link(&mut html, scope, article, &name, &version.in_force);
            html.raw("</li>");
        }
        html.raw("</ul>\n");
    }
    html.raw("</div>\n");
    html
}

/// The general conditions for `card` in force during (part of) `during`, in the order of the
/// articles: (article, name).
fn general_conditions(ctx: &Ctx<'_>, card: CardKind, during: &Period) -> Vec<(ArticleId, String)> {
    let mut out = Vec::new();
    for &id in &ctx.order {
        let mut seen = BTreeSet::new();
        let versions = ctx.program.article(id).versions.iter();
        for version in versions.filter(|v| super::overlap(&v.in_force, during)) {
            for condition in &version.conditions {
                if let Some(name) = &condition.name
                    && condition.general_for.contains(&card)
                    && seen.insert(name.clone())
                {
                    out.push((id, name.clone()));
                }
            }
        }
    }
    out
}

fn derogation(
    ctx: &Ctx<'_>,
    scope: &mut Scope<'_>,
    derogation: &Derogation,
    version: &ArticleVersion,
) -> Html {
    let article = ctx.program.article(scope.article);
    let mut html = Html::new();
    html.open(
        "div",
        &[
            ("class", "regle"),
            (
                "id",
                &item_anchor(article, scope.version, "d", &derogation.name),
            ),
        ],
    )
    .raw("<h4>dérogation ")
    .element("code", &[], &derogation.name)
    .raw("</h4>\n");
    if let Some(label) = &derogation.label {
        html.raw("<p class=\"libelle\">")
            .quoted(label)
            .raw("</p>\n");
    }
    html.raw("<p><span class=\"mot\">à</span> ");
    ctx.condition_link(
        &mut html,
        scope,
        derogation.target.article,
        &derogation.target.name,
        &version.in_force,
    );
    html.raw("</p>\n");
    match &derogation.when {
        Some(when) => {
            html.raw("<p class=\"sous-titre\">lorsque :</p>")
                .push(&ctx.expr(scope, when));
        }
        None => {
            html.raw("<p class=\"note\">Elle s'applique toujours.</p>");
        }
    }
    match &derogation.then {
        Some(then) => {
            html.raw("<p class=\"sous-titre\">la condition devient alors :</p>")
                .push(&ctx.expr(scope, then));
        }
        None => {
            html.raw("<p class=\"note\">La condition visée n'est pas opposable : elle est réputée remplie.</p>");
        }
    }
    if !derogation.prevails_over.is_empty() {
        html.raw("<p><span class=\"mot\">prime sur</span> ");
        for (i, over) in derogation.prevails_over.iter().enumerate() {
            if i > 0 {
                html.raw(", ");
            }
            let target = ctx.program.article(over.article);
            let found = ctx.version_for(over.article, &version.in_force, |v| {
                v.derogations.iter().any(|d| d.name == over.name)
            });
            let anchor = found.map(|v| item_anchor(target, v, "d", &over.name));
            let href = ctx.href(scope.page, ctx.page(over.article), anchor.as_deref());
            html.open("a", &[("href", &href)])
                .element("code", &[], &over.name)
                .text(&format!(" de {}", target.id))
                .raw("</a>");
        }
        html.raw("</p>\n");
    }
    html.raw("</div>\n");
    html
}

fn exclusion(ctx: &Ctx<'_>, scope: &mut Scope<'_>, exclusion: &Exclusion) -> Html {
    let article = ctx.program.article(scope.article);
    let mut html = Html::new();
    html.open(
        "div",
        &[
            ("class", "regle"),
            (
                "id",
                &item_anchor(article, scope.version, "x", &exclusion.name),
            ),
        ],
    )
    .raw("<h4>exclusion ")
    .element("code", &[], &exclusion.name)
    .raw("</h4>\n<p class=\"libelle\">")
    .quoted(&exclusion.reason)
    .raw("</p>\n<p>Toute voie qui délivre ")
    .text(&cards(&exclusion.applies_to))
    .raw(" est sans objet, avec cette raison, si :</p>")
    .push(&ctx.expr(scope, &exclusion.when))
    .raw("</div>\n");
    html
}

/// « Renvoie à » and « cité par »: the references across articles, each rule linked.
fn references(ctx: &Ctx<'_>, id: ArticleId, page: &str) -> Html {
    let outgoing: Vec<&Reference> = ctx
        .uses
        .references
        .iter()
        .filter(|r| r.from.article == id)
        .collect();
    let incoming: Vec<&Reference> = ctx.uses.references.iter().filter(|r| r.to == id).collect();
    let mut html = Html::new();
    html.raw("<section class=\"renvois\" id=\"renvois\">\n<h2>Renvois</h2>\n");
    html.raw("<h3>Cet article renvoie à</h3>\n");
    reference_list(&mut html, ctx, &outgoing, page);
    html.raw("<h3>Cet article est cité par</h3>\n");
    reference_list(&mut html, ctx, &incoming, page);
    html.raw("</section>\n");
    html
}

/// The references of one direction, as a list (or a note when there is none).
fn reference_list(html: &mut Html, ctx: &Ctx<'_>, references: &[&Reference], page: &str) {
    if references.is_empty() {
        html.raw("<p class=\"note\">Aucune règle d'un autre article.</p>\n");
        return;
    }
    html.raw("<ul>");
    for reference in references {
        html.raw("<li>")
            .push(&place_link(ctx, &reference.from, page))
            .raw(" ")
            .text(reference.kind.verb())
            .raw(" ")
            .push(&target_link(ctx, reference, page))
            .raw("</li>");
    }
    html.raw("</ul>\n");
}

/// `L. 423-2, version à compter du 26 août 2021 : dérogation visa_non_opposable`, linked.
pub(crate) fn place_link(ctx: &Ctx<'_>, place: &Place, from: &str) -> Html {
    let article = ctx.program.article(place.article);
    let (kind, word, name) = match &place.item {
        Item::Condition(name) => ("c", "condition", name.as_str()),
        Item::Route(route) => (
            "voie",
            "voie",
            ctx.program
                .routes
                .get(route.0 as usize)
                .map_or("", |r| r.name.as_str()),
        ),
        Item::Derogation(name) => ("d", "dérogation", name.as_str()),
        Item::Exclusion(name) => ("x", "exclusion", name.as_str()),
    };
    let period = article
        .versions
        .get(place.version)
        .map(|v| ctx.period(&v.in_force))
        .unwrap_or_default();
    let anchor = item_anchor(article, place.version, kind, name);
    let href = ctx.href(from, ctx.page(place.article), Some(&anchor));
    let mut html = Html::new();
    html.open("a", &[("href", &href)])
        .text(&format!("{} ({period}) : {word} ", article.id))
        .element("code", &[], name)
        .raw("</a>");
    html
}

fn target_link(ctx: &Ctx<'_>, reference: &Reference, from: &str) -> Html {
    let target = ctx.program.article(reference.to);
    let during = ctx
        .program
        .article(reference.from.article)
        .versions
        .get(reference.from.version)
        .map(|v| v.in_force);
    let (kind, found) = match reference.kind {
        super::uses::RefKind::PrevailsOver => (
            "d",
            during.and_then(|d| {
                ctx.version_for(reference.to, &d, |v| {
                    v.derogations.iter().any(|x| x.name == reference.name)
                })
            }),
        ),
        _ => (
            "c",
            during.and_then(|d| {
                ctx.version_for(reference.to, &d, |v| {
                    v.condition_named(&reference.name).is_some()
                })
            }),
        ),
    };
    let anchor = found.map(|v| item_anchor(target, v, kind, &reference.name));
    let href = ctx.href(from, ctx.page(reference.to), anchor.as_deref());
    let mut html = Html::new();
    html.open("a", &[("href", &href)])
        .element("code", &[], &reference.name)
        .text(&format!(" de {}", target.id))
        .raw("</a>");
    html
}
