//! The articles: their versions (by date), and in each version its dates, text, Légifrance id,
//! sources, points to check, conditions, routes, derogations and exclusions (by name), the
//! expressions compared in canonical form (see `canon`).

use motif_runtime::Program;
use motif_runtime::date::Date;
use motif_runtime::program::{
    Article, ArticleVersion, CardKind, Closure, Condition, ConditionTarget, Derogation,
    DerogationRef, Exclusion, Grant, RouteVersion,
};

use super::canon::{Canon, Node};
use super::changes::{
    Changes, DatedPair, Loc, Pair, by_date, by_key, list_text, optional_text, text_difference,
    yes_no,
};
use super::report::{Field, PartKind, Subject};
use super::static_diff::reference_date_text;

/// One side of a comparison: a program and one of its article versions.
#[derive(Clone, Copy)]
struct In<'p> {
    program: &'p Program,
    version: &'p ArticleVersion,
}

impl<'p> In<'p> {
    fn canon(self) -> Canon<'p> {
        Canon::new(self.program, self.version)
    }
}

pub(super) fn articles(old: &Program, new: &Program, out: &mut Changes) {
    for (id, pair) in by_key(
        old.articles.iter().map(|a| (a.id.clone(), a)),
        new.articles.iter().map(|a| (a.id.clone(), a)),
    ) {
        let loc = Loc::new(Subject::Article, &id, format!("article {id}"), false);
        let versions = |a: &Article| {
            let n = a.versions.len();
            format!("{n} version(s) : {}", periods(a))
        };
        match pair {
            Pair::New(a) => out.added(&loc, Some(versions(a))),
            Pair::Old(a) => out.removed(&loc, Some(versions(a))),
            Pair::Both(a, b) => article(&loc, (old, a), (new, b), out),
        }
    }
}

/// `du 2021-05-01 au 2021-08-25, depuis le 2021-08-26`.
fn periods(article: &Article) -> String {
    article
        .versions
        .iter()
        .map(|v| match v.in_force.until {
            Some(until) => format!("du {} au {until}", v.in_force.from),
            None => format!("depuis le {}", v.in_force.from),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn article(
    loc: &Loc,
    (old, a): (&Program, &Article),
    (new, b): (&Program, &Article),
    out: &mut Changes,
) {
    out.compare(loc, Field::Title, &a.title, &b.title, |t| {
        optional_text(t, "aucun")
    });
    out.compare(
        loc,
        Field::ReferenceDate,
        &a.reference_date,
        &b.reference_date,
        reference_date_text,
    );
    let id = &a.id;
    for pair in by_date(&versions_by_date(a), &versions_by_date(b)) {
        match pair {
            DatedPair::New(date, v) => out.added(
                &loc.dated(date, format!("{id} : version du {date}")),
                Some(version_summary(v)),
            ),
            DatedPair::Old(date, v) => out.removed(
                &loc.dated(date, format!("{id} : version du {date}")),
                Some(version_summary(v)),
            ),
            DatedPair::Both(from, to, va, vb) => {
                let loc = loc.dated(from, format!("{id}, version du {from}"));
                out.compare(&loc, Field::From, &from, &to, ToString::to_string);
                version(
                    &loc,
                    In {
                        program: old,
                        version: va,
                    },
                    In {
                        program: new,
                        version: vb,
                    },
                    out,
                );
            }
        }
    }
}

/// `en vigueur jusqu'au …, 3 condition(s), 1 voie(s)`.
fn version_summary(v: &ArticleVersion) -> String {
    let until = match v.in_force.until {
        Some(until) => format!("jusqu'au {until}"),
        None => "sans date de fin".to_string(),
    };
    if v.repealed {
        return format!("abrogé, {until}");
    }
    let named = v.conditions.iter().filter(|c| c.name.is_some()).count();
    format!(
        "{until}, {named} condition(s), {} voie(s), {} dérogation(s), {} exclusion(s)",
        v.routes.len(),
        v.derogations.len(),
        v.exclusions.len()
    )
}

fn version(loc: &Loc, a: In<'_>, b: In<'_>, out: &mut Changes) {
    let (va, vb) = (a.version, b.version);
    out.compare(
        loc,
        Field::Until,
        &va.in_force.until,
        &vb.in_force.until,
        |u| u.map_or_else(|| "aucune".to_string(), |d| d.to_string()),
    );
    out.compare(loc, Field::Repealed, &va.repealed, &vb.repealed, yes_no);
    out.compare(
        loc,
        Field::Legifrance,
        &va.legifrance,
        &vb.legifrance,
        |l| l.clone().unwrap_or_else(|| "à vérifier".into()),
    );
    if let Some((old, new)) = text_difference(&va.text, &vb.text) {
        out.changed(loc, Field::Text, old, new);
    }
    out.compare(loc, Field::Sources, &va.sources, &vb.sources, |s| {
        list_text(s, "aucune")
    });
    out.compare(loc, Field::ToCheck, &va.to_check, &vb.to_check, |s| {
        list_text(s, "aucun")
    });
    conditions(loc, a, b, out);
    routes(loc, a, b, out);
    derogations(loc, a, b, out);
    exclusions(loc, a, b, out);
}

/// The named conditions; those labelled inline are part of the expressions that hold them.
fn conditions(loc: &Loc, a: In<'_>, b: In<'_>, out: &mut Changes) {
    for (name, pair) in by_key(named_conditions(a.version), named_conditions(b.version)) {
        let loc = loc.part(PartKind::Condition, &name);
        match pair {
            Pair::New(c) => out.added(&loc, Some(condition_summary(b, c))),
            Pair::Old(c) => out.removed(&loc, Some(condition_summary(a, c))),
            Pair::Both(ca, cb) => {
                out.compare(&loc, Field::Label, &ca.label, &cb.label, |l| {
                    optional_text(l, "aucun")
                });
                expression(
                    &loc,
                    Field::Expression,
                    a.canon().expr(&ca.expr),
                    b.canon().expr(&cb.expr),
                    out,
                );
                out.compare(&loc, Field::Favorable, &ca.favorable, &cb.favorable, yes_no);
                out.compare(
                    &loc,
                    Field::GeneralFor,
                    &ca.general_for,
                    &cb.general_for,
                    |c| cards(c),
                );
            }
        }
    }
}

/// `« intitulé » : expression`.
fn condition_summary(side: In<'_>, c: &Condition) -> String {
    let expr = side.canon().expr(&c.expr).text();
    match &c.label {
        Some(label) => format!("« {label} » : {expr}"),
        None => expr,
    }
}

/// Records a change of expression: the smallest parts that differ.
fn expression(loc: &Loc, field: Field, old: Node, new: Node, out: &mut Changes) {
    if old != new {
        let (a, b) = old.narrowest(&new);
        out.changed(loc, field, a.text(), b.text());
    }
}

fn cards(cards: &[CardKind]) -> String {
    if cards.is_empty() {
        return "aucun".into();
    }
    cards
        .iter()
        .map(|c| c.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn routes(loc: &Loc, a: In<'_>, b: In<'_>, out: &mut Changes) {
    let (ra, rb) = (named_routes(a), named_routes(b));
    for (name, pair) in by_key(ra, rb) {
        let loc = loc.part(PartKind::Route, &name);
        match pair {
            Pair::New(r) => out.added(&loc, Some(grant(&r.grant))),
            Pair::Old(r) => out.removed(&loc, Some(grant(&r.grant))),
            Pair::Both(x, y) => {
                out.compare(&loc, Field::Label, &x.label, &y.label, |l| {
                    optional_text(l, "aucun")
                });
                out.compare(&loc, Field::Grant, &x.grant, &y.grant, grant);
                out.compare(&loc, Field::ToCheck, &x.to_check, &y.to_check, |s| {
                    list_text(s, "aucun")
                });
                closures(&loc, (a, &x.closures), (b, &y.closures), out);
                expression(
                    &loc,
                    Field::Expression,
                    a.canon().expr(&x.expr),
                    b.canon().expr(&y.expr),
                    out,
                );
            }
        }
    }
}

/// `carte de séjour temporaire mention « étudiant » durée 1 an`.
fn grant(grant: &Grant) -> String {
    let mut text = grant.card.label().to_string();
    if let Some(mention) = &grant.mention {
        text.push_str(&format!(" mention « {mention} »"));
    }
    if let Some(duration) = &grant.duration {
        text.push_str(&format!(" durée {duration}"));
    }
    text
}

/// A route's closures, by their reason.
fn closures(
    loc: &Loc,
    (a, ca): (In<'_>, &[Closure]),
    (b, cb): (In<'_>, &[Closure]),
    out: &mut Changes,
) {
    let shown = |side: In<'_>, c: &Closure| (c.reason.clone(), side.canon().expr(&c.when));
    let (sa, sb): (Vec<_>, Vec<_>) = (
        ca.iter().map(|c| shown(a, c)).collect(),
        cb.iter().map(|c| shown(b, c)).collect(),
    );
    if sa == sb {
        return;
    }
    let text =
        |(reason, when): &(String, Node)| format!("sans objet « {reason} » si {}", when.text());
    for (_, pair) in by_key(
        sa.iter().map(|s| (s.0.clone(), s)),
        sb.iter().map(|s| (s.0.clone(), s)),
    ) {
        match pair {
            Pair::New(s) => out.changed(loc, Field::Closures, "aucune".into(), text(s)),
            Pair::Old(s) => out.changed(loc, Field::Closures, text(s), "aucune".into()),
            Pair::Both(x, y) if x.1 != y.1 => {
                let (p, q) = x.1.narrowest(&y.1);
                out.changed(
                    loc,
                    Field::Closures,
                    format!("sans objet « {} » si … {} …", x.0, p.text()),
                    format!("sans objet « {} » si … {} …", y.0, q.text()),
                );
            }
            Pair::Both(..) => {}
        }
    }
}

fn derogations(loc: &Loc, a: In<'_>, b: In<'_>, out: &mut Changes) {
    for (name, pair) in by_key(
        a.version.derogations.iter().map(|d| (d.name.clone(), d)),
        b.version.derogations.iter().map(|d| (d.name.clone(), d)),
    ) {
        let loc = loc.part(PartKind::Derogation, &name);
        match pair {
            Pair::New(d) => out.added(&loc, Some(format!("à {}", target(b.program, &d.target)))),
            Pair::Old(d) => out.removed(&loc, Some(format!("à {}", target(a.program, &d.target)))),
            Pair::Both(x, y) => derogation(&loc, (a, x), (b, y), out),
        }
    }
}

fn derogation(
    loc: &Loc,
    (a, x): (In<'_>, &Derogation),
    (b, y): (In<'_>, &Derogation),
    out: &mut Changes,
) {
    out.compare(loc, Field::Label, &x.label, &y.label, |l| {
        optional_text(l, "aucun")
    });
    let (ta, tb) = (target(a.program, &x.target), target(b.program, &y.target));
    out.compare(loc, Field::Target, &ta, &tb, Clone::clone);
    let optional = |side: In<'_>, e: &Option<motif_runtime::program::Expr>| {
        e.as_ref().map(|e| side.canon().expr(e))
    };
    match (optional(a, &x.when), optional(b, &y.when)) {
        (Some(p), Some(q)) => expression(loc, Field::When, p, q, out),
        (p, q) if p != q => out.changed(loc, Field::When, or_always(p), or_always(q)),
        _ => {}
    }
    match (optional(a, &x.then), optional(b, &y.then)) {
        (Some(p), Some(q)) => expression(loc, Field::Then, p, q, out),
        (p, q) if p != q => out.changed(loc, Field::Then, or_satisfied(p), or_satisfied(q)),
        _ => {}
    }
    let prevails = |side: In<'_>, refs: &[DerogationRef]| -> Vec<String> {
        refs.iter()
            .map(|r| {
                let article = side
                    .program
                    .articles
                    .get(r.article.0 as usize)
                    .map_or("?", |a| a.id.as_str());
                format!("{} de {article}", r.name)
            })
            .collect()
    };
    let (pa, pb) = (prevails(a, &x.prevails_over), prevails(b, &y.prevails_over));
    out.compare(loc, Field::PrevailsOver, &pa, &pb, |p| {
        if p.is_empty() {
            "aucune".into()
        } else {
            p.join(", ")
        }
    });
}

fn or_always(node: Option<Node>) -> String {
    node.map_or_else(|| "toujours".to_string(), |n| n.text())
}

fn or_satisfied(node: Option<Node>) -> String {
    node.map_or_else(|| "condition réputée remplie".to_string(), |n| n.text())
}

/// `visa de L. 412-1`.
fn target(program: &Program, target: &ConditionTarget) -> String {
    let article = program
        .articles
        .get(target.article.0 as usize)
        .map_or("?", |a| a.id.as_str());
    format!("{} de {article}", target.name)
}

fn exclusions(loc: &Loc, a: In<'_>, b: In<'_>, out: &mut Changes) {
    for (name, pair) in by_key(
        a.version.exclusions.iter().map(|e| (e.name.clone(), e)),
        b.version.exclusions.iter().map(|e| (e.name.clone(), e)),
    ) {
        let loc = loc.part(PartKind::Exclusion, &name);
        let summary = |e: &Exclusion| format!("« {} » pour {}", e.reason, cards(&e.applies_to));
        match pair {
            Pair::New(e) => out.added(&loc, Some(summary(e))),
            Pair::Old(e) => out.removed(&loc, Some(summary(e))),
            Pair::Both(x, y) => {
                out.compare(&loc, Field::Reason, &x.reason, &y.reason, |r| {
                    format!("« {r} »")
                });
                out.compare(&loc, Field::AppliesTo, &x.applies_to, &y.applies_to, |c| {
                    cards(c)
                });
                expression(
                    &loc,
                    Field::When,
                    a.canon().expr(&x.when),
                    b.canon().expr(&y.when),
                    out,
                );
            }
        }
    }
}

fn versions_by_date(article: &Article) -> Vec<(Date, &ArticleVersion)> {
    article
        .versions
        .iter()
        .map(|v| (v.in_force.from, v))
        .collect()
}

fn named_conditions(version: &ArticleVersion) -> Vec<(String, &Condition)> {
    version
        .conditions
        .iter()
        .filter_map(|c| c.name.clone().map(|n| (n, c)))
        .collect()
}

fn named_routes(side: In<'_>) -> Vec<(String, &RouteVersion)> {
    side.version
        .routes
        .iter()
        .map(|r| {
            let name = side
                .program
                .routes
                .get(r.route.0 as usize)
                .map_or_else(|| format!("voie n° {}", r.route.0), |x| x.name.clone());
            (name, r)
        })
        .collect()
}
