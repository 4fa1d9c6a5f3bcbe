//! Dated law: the versions of an article and the values of a parameter. A version cites its
//! text and its Légifrance reference; periods neither overlap nor leave a gap that is not
//! declared as a repeal.

use motif_runtime::date::{Date, DurationUnit};
use motif_runtime::numbers::Decimal;
use motif_runtime::program::{ParameterValue, Period};
use motif_runtime::value::{Type, Value};

use super::{Signatures, types};
use crate::diagnostics::{
    BadLegifranceId, DuplicateAttribute, InvertedPeriod, MissingLegifrance, MissingText,
    OverlappingValues, OverlappingVersions, PolicyError, TypeMismatch, UnknownVariant, VersionGap,
};
use crate::syntax::ast::{self, ExprKind, Legifrance, Span, Spanned};

/// The checks of an article's versions.
pub(super) fn check_article(article: &ast::Article, report: &mut impl FnMut(PolicyError)) {
    let id = &article.id.node;
    for version in &article.versions {
        inverted(&version.from, version.until.as_ref(), report);
        if !version.repealed {
            match version.texts.as_slice() {
                [] => report(
                    MissingText {
                        article: id.clone(),
                        span: version.span.into(),
                    }
                    .into(),
                ),
                [_] => {}
                [first, second, ..] => report(
                    DuplicateAttribute {
                        what: "le texte",
                        span: second.span.into(),
                        first: first.span.into(),
                    }
                    .into(),
                ),
            }
            if version.legifrance.is_empty() {
                report(
                    MissingLegifrance {
                        article: id.clone(),
                        span: version.span.into(),
                    }
                    .into(),
                );
            }
        }
        legifrance(&version.legifrance, report);
    }
    let mut periods: Vec<(Date, Option<Date>, Span)> = article
        .versions
        .iter()
        .filter_map(|v| Some((v.from.node?, v.until.as_ref().and_then(|u| u.node), v.span)))
        .collect();
    // Versions are few (a handful per article): comparing every pair is clear and cheap.
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if overlap((a.0, a.1), (b.0, b.1)) {
                report(
                    OverlappingVersions {
                        article: id.clone(),
                        span: b.2.into(),
                        other: a.2.into(),
                    }
                    .into(),
                );
            }
        }
    }
    periods.sort_by_key(|p| p.0);
    for pair in periods.windows(2) {
        let (previous, next) = (&pair[0], &pair[1]);
        let Some(end) = previous.1 else { continue };
        let Some(day_after) = end.shifted(1, DurationUnit::Days) else {
            continue;
        };
        if day_after < next.0 {
            let until = next.0.shifted(-1, DurationUnit::Days).unwrap_or(next.0);
            report(
                VersionGap {
                    article: id.clone(),
                    from: day_after.to_string(),
                    until: until.to_string(),
                    span: next.2.into(),
                    until_next: next.0.to_string(),
                    other: previous.2.into(),
                }
                .into(),
            );
        }
    }
}

fn inverted(
    from: &Spanned<Option<Date>>,
    until: Option<&Spanned<Option<Date>>>,
    report: &mut impl FnMut(PolicyError),
) {
    if let (Some(start), Some(end)) = (from.node, until.and_then(|u| u.node))
        && end < start
    {
        let span = Span {
            start: from.span.start,
            end: until.map_or(from.span.end, |u| u.span.end),
        };
        report(InvertedPeriod { span: span.into() }.into());
    }
}

fn legifrance(references: &[Legifrance], report: &mut impl FnMut(PolicyError)) {
    if let [first, second, ..] = references {
        report(
            DuplicateAttribute {
                what: "l'identifiant Légifrance",
                span: second.span().into(),
                first: first.span().into(),
            }
            .into(),
        );
    }
    if let Some(Legifrance::Id(legi)) = references.first()
        && !is_legifrance_id(&legi.node)
    {
        report(
            BadLegifranceId {
                id: legi.node.clone(),
                span: legi.span.into(),
            }
            .into(),
        );
    }
}

fn overlap(a: (Date, Option<Date>), b: (Date, Option<Date>)) -> bool {
    a.1.is_none_or(|end| b.0 <= end) && b.1.is_none_or(|end| a.0 <= end)
}

/// `LEGIARTI000042776891`: a prefix of capitals and twelve digits.
fn is_legifrance_id(id: &str) -> bool {
    let digits = id.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let prefix = id.len() - digits.len();
    (4..=8).contains(&prefix) && digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A parameter's values, checked, in chronological order.
pub(super) fn parameter_values(
    parameter: &ast::ParameterDecl,
    ty: &Type,
    signatures: &Signatures,
    report: &mut impl FnMut(PolicyError),
) -> Vec<ParameterValue> {
    let mut values: Vec<(ParameterValue, Span)> = Vec::new();
    for decl in &parameter.values {
        inverted(&decl.from, decl.until.as_ref(), report);
        legifrance(&decl.legifrance, report);
        let value = match literal(&decl.value, ty, signatures) {
            Ok(value) => value,
            Err(problem) => {
                report(*problem);
                continue;
            }
        };
        let Some(from) = decl.from.node else { continue };
        let until = decl.until.as_ref().and_then(|u| u.node);
        let span = Span {
            start: decl.span.start,
            end: decl.from.span.end,
        };
        for (other, other_span) in &values {
            if overlap((from, until), (other.in_force.from, other.in_force.until)) {
                report(
                    OverlappingValues {
                        parameter: parameter.name.node.clone(),
                        span: span.into(),
                        other: (*other_span).into(),
                    }
                    .into(),
                );
            }
        }
        let legifrance = decl.legifrance.iter().find_map(|l| match l {
            Legifrance::Id(id) => Some(id.node.clone()),
            Legifrance::Unverified { .. } => None,
        });
        let mut to_check: Vec<String> = decl
            .legifrance
            .iter()
            .filter_map(|l| match l {
                Legifrance::Unverified { note, .. } => Some(match note {
                    Some(note) => format!("identifiant Légifrance non vérifié : {}", note.node),
                    None => "identifiant Légifrance non vérifié".into(),
                }),
                Legifrance::Id(_) => None,
            })
            .collect();
        to_check.extend(decl.to_check.iter().map(|t| t.node.clone()));
        values.push((
            ParameterValue {
                in_force: Period { from, until },
                value,
                legifrance,
                sources: decl.sources.iter().map(|t| t.node.clone()).collect(),
                to_check,
            },
            span,
        ));
    }
    let mut values: Vec<ParameterValue> = values.into_iter().map(|(v, _)| v).collect();
    values.sort_by_key(|v| v.in_force.from);
    values
}

/// The value a literal writes, if it is one of type `ty`.
pub fn literal(
    expr: &ast::Expr,
    ty: &Type,
    signatures: &Signatures,
) -> Result<Value, Box<PolicyError>> {
    let value = match (&expr.kind, ty) {
        (ExprKind::Bool(b), Type::Bool) => Value::Bool(*b),
        (ExprKind::Int(n), Type::Int) => Value::Int(*n),
        (ExprKind::Int(n), Type::Decimal) => {
            Value::Decimal(Decimal::from_int(*n).unwrap_or(Decimal::from_micros(0)))
        }
        (ExprKind::Decimal(d), Type::Decimal) => Value::Decimal(*d),
        (ExprKind::Money(m), Type::Money) => Value::Money(*m),
        (ExprKind::Text(t), Type::Text) => Value::Text(t.clone()),
        (ExprKind::Date(d), Type::Date) => Value::Date(*d),
        (ExprKind::Duration(d), Type::Duration) => Value::Duration(*d),
        (
            ExprKind::Ref {
                name,
                article: None,
            },
            Type::Enum(id),
        ) => {
            let decl = &signatures.types[id.0 as usize];
            if decl.variant(&name.node).is_none() {
                let names: Vec<&str> = decl.variants().iter().map(|v| v.name.as_str()).collect();
                let help = types::unknown_variant_help(&name.node, &names);
                return Err(Box::new(
                    UnknownVariant {
                        value: name.node.clone(),
                        fact: types::describe(signatures, ty),
                        span: name.span.into(),
                        help,
                    }
                    .into(),
                ));
            }
            Value::Enum(name.node.clone())
        }
        (kind, _) => {
            let written = match kind {
                ExprKind::Bool(_) => "booléen",
                ExprKind::Int(_) => "entier",
                ExprKind::Decimal(_) => "décimal",
                ExprKind::Money(_) => "montant",
                ExprKind::Text(_) => "texte",
                ExprKind::Date(_) => "date",
                ExprKind::Duration(_) => "durée",
                _ => "expression",
            };
            return Err(Box::new(
                TypeMismatch {
                what: "valeur",
                left: types::describe(signatures, ty),
                right: written.into(),
                span: expr.span.into(),
                help: "Une valeur de paramètre s'écrit dans le type du paramètre : `615 €` pour un montant, `60 %` \
                       pour un décimal, `2 mois` pour une durée, `2021-08-26` pour une date."
                    .into(),
            }
            .into(),
            ));
        }
    };
    Ok(value)
}
