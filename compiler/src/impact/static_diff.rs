//! The static comparison: two compiled programs, compared item by item by name (and article
//! versions and parameter values by date), never by text — a change of layout or comments is
//! no change, and neither is a change in the order of the declarations.

use motif_runtime::Program;
use motif_runtime::date::Date;
use motif_runtime::program::{FactDecl, FactKind, ParameterDecl, ParameterValue, ReferenceDate};
use motif_runtime::value::{Field as RecordField, Type, TypeDecl, TypeKind, Variant};

use super::canon::{kind_text, type_text, value_text};
use super::changes::{
    Changes, DatedPair, Loc, Pair, by_date, by_key, list_text, optional_text, yes_no,
};
use super::report::{Field, PartKind, StaticChange, Subject};
use super::rules;

/// Every difference between the rules of `old` and those of `new`.
pub fn compare_programs(old: &Program, new: &Program) -> Vec<StaticChange> {
    let mut out = Changes::default();
    types(old, new, &mut out);
    facts(old, new, &mut out);
    parameters(old, new, &mut out);
    rules::articles(old, new, &mut out);
    routes(old, new, &mut out);
    translations(old, new, &mut out);
    out.0
}

/// The named types; a type written inline is compared with the fact that declares it.
fn types(old: &Program, new: &Program, out: &mut Changes) {
    let (old_named, new_named) = (named_types(old), named_types(new));
    for (name, pair) in by_key(
        old_named.iter().map(|(n, t)| (n.clone(), *t)),
        new_named.iter().map(|(n, t)| (n.clone(), *t)),
    ) {
        let loc = Loc::new(Subject::Type, &name, format!("type {name}"), false);
        match pair {
            Pair::New(t) => out.added(&loc, Some(kind_text(&t.kind, &new.types))),
            Pair::Old(t) => out.removed(&loc, Some(kind_text(&t.kind, &old.types))),
            Pair::Both(a, b) => type_decl(&loc, (old, a), (new, b), out),
        }
    }
}

fn type_decl(
    loc: &Loc,
    (old, a): (&Program, &TypeDecl),
    (new, b): (&Program, &TypeDecl),
    out: &mut Changes,
) {
    match (&a.kind, &b.kind) {
        (
            TypeKind::Enum {
                variants: va,
                ordered: oa,
            },
            TypeKind::Enum {
                variants: vb,
                ordered: ob,
            },
        ) if oa == ob => {
            variants(loc, va, vb, out);
            if *oa {
                // A scale is ordered: the same values in another order compare otherwise.
                let common = |of: &[Variant], other: &[Variant]| -> Vec<String> {
                    of.iter()
                        .filter(|v| other.iter().any(|w| w.name == v.name))
                        .map(|v| v.name.clone())
                        .collect()
                };
                let (ca, cb) = (common(va, vb), common(vb, va));
                out.compare(loc, Field::Order, &ca, &cb, |names| names.join(" < "));
            }
        }
        (TypeKind::Record { fields: fa }, TypeKind::Record { fields: fb }) => {
            record_fields(loc, (old, fa), (new, fb), out);
        }
        (ka, kb) => out.changed(
            loc,
            Field::Kind,
            kind_text(ka, &old.types),
            kind_text(kb, &new.types),
        ),
    }
}

/// The type of a fact, a field or a parameter: an enumeration or a record written inline is
/// compared value by value and field by field, like a named one; any other change of type is
/// said whole.
fn value_type(
    loc: &Loc,
    (old, a): (&Program, &Type),
    (new, b): (&Program, &Type),
    out: &mut Changes,
) {
    let inline = |p: &'_ Program, t: &Type| match t {
        Type::Enum(id) | Type::Record(id) => p
            .types
            .get(id.0 as usize)
            .filter(|d| d.name.is_none())
            .cloned(),
        _ => None,
    };
    match (a, b) {
        (Type::List(x), Type::List(y)) => value_type(loc, (old, x), (new, y), out),
        _ => match (inline(old, a), inline(new, b)) {
            (Some(x), Some(y)) => type_decl(loc, (old, &x), (new, &y), out),
            _ => {
                let (ta, tb) = (type_text(a, &old.types), type_text(b, &new.types));
                out.compare(loc, Field::Type, &ta, &tb, Clone::clone);
            }
        },
    }
}

fn variants(loc: &Loc, old: &[Variant], new: &[Variant], out: &mut Changes) {
    for (name, pair) in by_key(
        old.iter().map(|v| (v.name.clone(), v)),
        new.iter().map(|v| (v.name.clone(), v)),
    ) {
        let loc = loc.part(PartKind::Variant, &name);
        match pair {
            Pair::New(v) => out.added(&loc, v.label.as_ref().map(|l| format!("« {l} »"))),
            Pair::Old(v) => out.removed(&loc, v.label.as_ref().map(|l| format!("« {l} »"))),
            Pair::Both(a, b) => out.compare(&loc, Field::Label, &a.label, &b.label, |l| {
                optional_text(l, "aucun")
            }),
        }
    }
}

fn record_fields(
    loc: &Loc,
    (old, fa): (&Program, &[RecordField]),
    (new, fb): (&Program, &[RecordField]),
    out: &mut Changes,
) {
    for (name, pair) in by_key(
        fa.iter().map(|f| (f.name.clone(), f)),
        fb.iter().map(|f| (f.name.clone(), f)),
    ) {
        let loc = loc.part(PartKind::Field, &name);
        match pair {
            Pair::New(f) => out.added(&loc, Some(type_text(&f.ty, &new.types))),
            Pair::Old(f) => out.removed(&loc, Some(type_text(&f.ty, &old.types))),
            Pair::Both(a, b) => {
                value_type(&loc, (old, &a.ty), (new, &b.ty), out);
                out.compare(&loc, Field::Label, &a.label, &b.label, |l| {
                    optional_text(l, "aucun")
                });
                out.compare(&loc, Field::Documents, &a.documents, &b.documents, |d| {
                    list_text(d, "aucune")
                });
            }
        }
    }
}

fn facts(old: &Program, new: &Program, out: &mut Changes) {
    for (name, pair) in by_key(
        old.facts.iter().map(|f| (f.name.clone(), f)),
        new.facts.iter().map(|f| (f.name.clone(), f)),
    ) {
        let appraisal = match &pair {
            Pair::New(f) | Pair::Both(_, f) | Pair::Old(f) => {
                matches!(f.kind, FactKind::Appraisal { .. })
            }
        };
        let loc = if appraisal {
            Loc::new(Subject::Fact, &name, format!("appréciation {name}"), true)
        } else {
            Loc::new(Subject::Fact, &name, format!("fait {name}"), false)
        };
        match pair {
            Pair::New(f) => out.added(&loc, Some(type_text(&f.ty, &new.types))),
            Pair::Old(f) => out.removed(&loc, Some(type_text(&f.ty, &old.types))),
            Pair::Both(a, b) => fact(&loc, (old, a), (new, b), out),
        }
    }
}

fn fact(
    loc: &Loc,
    (old, a): (&Program, &FactDecl),
    (new, b): (&Program, &FactDecl),
    out: &mut Changes,
) {
    out.compare(loc, Field::Label, &a.label, &b.label, |l| {
        optional_text(l, "aucun")
    });
    value_type(loc, (old, &a.ty), (new, &b.ty), out);
    let kind = |k: &FactKind| match k {
        FactKind::Fact => "fait".to_string(),
        FactKind::Appraisal { .. } => "appréciation".to_string(),
    };
    out.compare(
        loc,
        Field::Kind,
        &kind(&a.kind),
        &kind(&b.kind),
        Clone::clone,
    );
    let criteria = |k: &FactKind| match k {
        FactKind::Fact => Vec::new(),
        FactKind::Appraisal { criteria } => criteria.clone(),
    };
    out.compare(
        loc,
        Field::Criteria,
        &criteria(&a.kind),
        &criteria(&b.kind),
        |c| list_text(c, "aucun"),
    );
    out.compare(loc, Field::Sensitive, &a.sensitive, &b.sensitive, yes_no);
    out.compare(loc, Field::Documents, &a.documents, &b.documents, |d| {
        list_text(d, "aucune")
    });
}

fn parameters(old: &Program, new: &Program, out: &mut Changes) {
    for (name, pair) in by_key(
        old.parameters.iter().map(|p| (p.name.clone(), p)),
        new.parameters.iter().map(|p| (p.name.clone(), p)),
    ) {
        let loc = Loc::new(
            Subject::Parameter,
            &name,
            format!("paramètre {name}"),
            false,
        );
        match pair {
            Pair::New(p) => out.added(&loc, Some(parameter_summary(new, p))),
            Pair::Old(p) => out.removed(&loc, Some(parameter_summary(old, p))),
            Pair::Both(a, b) => parameter(&loc, (old, a), (new, b), out),
        }
    }
}

/// `montant, 615,00 € du 2021-05-01`.
fn parameter_summary(program: &Program, p: &ParameterDecl) -> String {
    let values: Vec<String> = p.values.iter().map(value_summary).collect();
    format!(
        "{}, {}",
        type_text(&p.ty, &program.types),
        values.join(" ; ")
    )
}

fn value_summary(v: &ParameterValue) -> String {
    match v.in_force.until {
        Some(until) => format!("{} du {} au {until}", value_text(&v.value), v.in_force.from),
        None => format!("{} du {}", value_text(&v.value), v.in_force.from),
    }
}

fn parameter(
    loc: &Loc,
    (old, a): (&Program, &ParameterDecl),
    (new, b): (&Program, &ParameterDecl),
    out: &mut Changes,
) {
    out.compare(loc, Field::Label, &a.label, &b.label, |l| {
        optional_text(l, "aucun")
    });
    value_type(loc, (old, &a.ty), (new, &b.ty), out);
    let name = loc.words().to_string();
    for pair in by_date(&values_by_date(a), &values_by_date(b)) {
        match pair {
            DatedPair::New(date, v) => out.added(
                &loc.dated(date, format!("{name} : valeur du {date}")),
                Some(value_summary(v)),
            ),
            DatedPair::Old(date, v) => out.removed(
                &loc.dated(date, format!("{name} : valeur du {date}")),
                Some(value_summary(v)),
            ),
            DatedPair::Both(from, to, va, vb) => {
                let loc = loc.dated(from, format!("{name}, valeur du {from}"));
                out.compare(&loc, Field::From, &from, &to, ToString::to_string);
                out.compare(&loc, Field::Value, &va.value, &vb.value, value_text);
                out.compare(
                    &loc,
                    Field::Until,
                    &va.in_force.until,
                    &vb.in_force.until,
                    |u| u.map_or_else(|| "aucune".to_string(), |d| d.to_string()),
                );
                out.compare(
                    &loc,
                    Field::Legifrance,
                    &va.legifrance,
                    &vb.legifrance,
                    |l| l.clone().unwrap_or_else(|| "aucun".into()),
                );
                out.compare(&loc, Field::Sources, &va.sources, &vb.sources, |s| {
                    list_text(s, "aucune")
                });
                out.compare(&loc, Field::ToCheck, &va.to_check, &vb.to_check, |s| {
                    list_text(s, "aucun")
                });
            }
        }
    }
}

/// The routes themselves: which exist, and in which article (what each is in each version is
/// compared with the version).
fn routes(old: &Program, new: &Program, out: &mut Changes) {
    let article = |p: &Program, r: &motif_runtime::program::Route| {
        p.articles
            .get(r.article.0 as usize)
            .map_or_else(|| "?".to_string(), |a| a.id.clone())
    };
    let old_routes: Vec<(String, String)> = old
        .routes
        .iter()
        .map(|r| (r.name.clone(), article(old, r)))
        .collect();
    let new_routes: Vec<(String, String)> = new
        .routes
        .iter()
        .map(|r| (r.name.clone(), article(new, r)))
        .collect();
    for (name, pair) in by_key(
        old_routes.iter().map(|(n, a)| (n.clone(), a)),
        new_routes.iter().map(|(n, a)| (n.clone(), a)),
    ) {
        let loc = Loc::new(Subject::Route, &name, format!("voie {name}"), true);
        match pair {
            Pair::New(a) => out.added(&loc, Some(format!("article {a}"))),
            Pair::Old(a) => out.removed(&loc, Some(format!("article {a}"))),
            Pair::Both(a, b) => out.compare(&loc, Field::Article, a, b, Clone::clone),
        }
    }
}

fn translations(old: &Program, new: &Program, out: &mut Changes) {
    for (key, pair) in by_key(translation_entries(old), translation_entries(new)) {
        let loc = Loc::new(
            Subject::Translation,
            &key,
            format!("traduction ({key})"),
            true,
        );
        match pair {
            Pair::New(t) => out.added(&loc, Some(format!("« {t} »"))),
            Pair::Old(t) => out.removed(&loc, Some(format!("« {t} »"))),
            Pair::Both(a, b) => out.compare(&loc, Field::Translation, a, b, |t| format!("« {t} »")),
        }
    }
}

/// `date de la décision` / `date de la demande`.
pub(super) fn reference_date_text(r: &ReferenceDate) -> String {
    match r {
        ReferenceDate::Decision => "date de la décision".into(),
        ReferenceDate::Filing => "date de la demande".into(),
    }
}

fn named_types(program: &Program) -> Vec<(String, &TypeDecl)> {
    program
        .types
        .iter()
        .filter_map(|t| t.name.clone().map(|n| (n, t)))
        .collect()
}

fn values_by_date(parameter: &ParameterDecl) -> Vec<(Date, &ParameterValue)> {
    parameter
        .values
        .iter()
        .map(|v| (v.in_force.from, v))
        .collect()
}

/// Every translated text, keyed by its language and French text.
fn translation_entries(program: &Program) -> Vec<(String, &String)> {
    program
        .translations
        .iter()
        .flat_map(|(lang, table)| {
            table
                .iter()
                .map(move |(french, text)| (format!("{lang} : « {french} »"), text))
        })
        .collect()
}
