//! The assessment as plain text, for the instructing officer (in French).
//!
//! For each route: the outcome, its legal basis, every failed ground with the facts held, the
//! facts to ask for, the points left to the officer's appraisal, the facts to verify, the
//! parameters applied, the points of law to check, then the whole trace.

use std::fmt::Write;

use crate::assessment::{Assessment, Ground, Outcome, RouteAssessment};
use crate::logic::Truth;
use crate::program::Grant;
use crate::trace::{Citation, DerogationTried, FactRead, Shown, Step, WhichDate};
use crate::value::{Source, Value};

/// Renders the assessment as text.
pub fn render(assessment: &Assessment) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_assessment(&mut out, assessment);
    out
}

/// One route's trace as the text view shows it (for the officer's page).
pub fn trace(step: &Step) -> String {
    let mut out = String::new();
    let _ = write_step(&mut out, step, 0);
    out
}

type Result = std::fmt::Result;

fn write_assessment(out: &mut String, a: &Assessment) -> Result {
    match &a.dossier {
        Some(id) => writeln!(out, "Évaluation du dossier {id}")?,
        None => writeln!(out, "Évaluation du dossier")?,
    }
    write!(out, "Date de décision : {}", a.decided_on)?;
    if let Some(filed) = a.filed_on {
        write!(out, " · demande déposée le {filed}")?;
    }
    writeln!(out, " · {}", a.engine)?;
    writeln!(
        out,
        "Ceci est une proposition établie par un traitement algorithmique ; la décision appartient à l'agent."
    )?;
    for route in &a.routes {
        writeln!(out)?;
        write_route(out, route)?;
    }
    Ok(())
}

fn write_route(out: &mut String, r: &RouteAssessment) -> Result {
    let title = r.label.as_deref().unwrap_or(&r.route);
    writeln!(out, "■ {title} (voie {})", r.route)?;
    if let Some(grant) = &r.grants {
        writeln!(out, "  Titre : {}", describe_grant(grant))?;
    }
    write!(out, "  Fondement : article {}", r.basis.article)?;
    if let Some(t) = &r.basis.title {
        write!(out, " — {t}")?;
    }
    writeln!(out)?;
    match &r.basis.version {
        Some(v) => {
            let period = match v.in_force_until {
                Some(until) => format!("version en vigueur du {} au {until}", v.in_force_from),
                None => format!("version en vigueur depuis le {}", v.in_force_from),
            };
            let legifrance = match &v.legifrance {
                Some(id) => format!("Légifrance {id}"),
                None => "identifiant Légifrance non vérifié".to_string(),
            };
            writeln!(out, "    {period} · {legifrance}")?;
        }
        None => writeln!(out, "    aucune version en vigueur à cette date")?,
    }
    writeln!(out, "  Résultat : {}", r.outcome.label().to_uppercase())?;
    if let Some(reason) = &r.reason {
        writeln!(out, "  Motif : {reason}")?;
    }
    if !r.failed_conditions.is_empty() {
        writeln!(
            out,
            "  Conditions non remplies ({}) :",
            r.failed_conditions.len()
        )?;
        for ground in &r.failed_conditions {
            write_ground(out, "✗", ground)?;
        }
    }
    if !r.undetermined_conditions.is_empty() {
        let heading = if r.outcome == Outcome::NotEligible {
            "Conditions qui resteraient à établir"
        } else {
            "Conditions non établies"
        };
        writeln!(out, "  {heading} ({}) :", r.undetermined_conditions.len())?;
        for ground in &r.undetermined_conditions {
            write_ground(out, "?", ground)?;
        }
    }
    if !r.missing_facts.is_empty() {
        writeln!(out, "  Faits à demander ({}) :", r.missing_facts.len())?;
        for fact in &r.missing_facts {
            match &fact.label {
                Some(label) => writeln!(out, "    - {} : {label}", fact.fact)?,
                None => writeln!(out, "    - {}", fact.fact)?,
            }
            if !fact.documents.is_empty() {
                writeln!(
                    out,
                    "        pièces à demander : {}",
                    fact.documents.join(" ; ")
                )?;
            }
        }
    }
    if !r.appraisal_points.is_empty() {
        writeln!(
            out,
            "  Points laissés à l'appréciation de l'agent ({}) :",
            r.appraisal_points.len()
        )?;
        for point in &r.appraisal_points {
            writeln!(out, "    - [{}] {}", cite(&point.article), point.point)?;
            for criterion in &point.criteria {
                writeln!(out, "        à prendre en compte : {criterion}")?;
            }
        }
    }
    if !r.unverified_facts.is_empty() {
        writeln!(
            out,
            "  ⚠ Ce résultat repose sur des faits extraits automatiquement et non vérifiés :"
        )?;
        for read in &r.unverified_facts {
            writeln!(out, "    - {}", describe_fact(read))?;
        }
    }
    if !r.parameters.is_empty() {
        writeln!(out, "  Paramètres appliqués :")?;
        for p in &r.parameters {
            let label = p
                .label
                .as_deref()
                .map(|l| format!(" — {l}"))
                .unwrap_or_default();
            match p.since {
                Some(since) => writeln!(
                    out,
                    "    - {} = {} (en vigueur depuis le {since}){label}",
                    p.parameter, p.value
                )?,
                None => writeln!(out, "    - {} = {}{label}", p.parameter, p.value)?,
            }
        }
    }
    if !r.to_check.is_empty() {
        writeln!(out, "  Points du droit appliqué à vérifier :")?;
        for item in &r.to_check {
            writeln!(out, "    ! [{}] {}", cite(&item.article), item.note)?;
        }
    }
    if let Some(trace) = &r.trace {
        writeln!(out, "  Détail de l'évaluation :")?;
        write_step(out, trace, 2)?;
    }
    Ok(())
}

fn describe_grant(grant: &Grant) -> String {
    let mut text = grant.card.label().to_string();
    if let Some(mention) = &grant.mention {
        let _ = write!(text, ", mention « {mention} »");
    }
    if let Some(duration) = &grant.duration {
        let _ = write!(text, ", {duration}");
    }
    text
}

fn cite(c: &Citation) -> String {
    format!("{}, version du {}", c.id, c.version)
}

fn write_ground(out: &mut String, mark: &str, g: &Ground) -> Result {
    let what = g
        .label
        .as_deref()
        .or(g.condition.as_deref())
        .unwrap_or("condition sans intitulé");
    writeln!(out, "    {mark} {what} [{}]", cite(&g.article))?;
    for fact in &g.facts {
        writeln!(out, "        {}", describe_fact(fact))?;
    }
    Ok(())
}

fn mark(value: Truth) -> &'static str {
    match value {
        Truth::True => "✓",
        Truth::False => "✗",
        Truth::Unknown => "?",
    }
}

fn describe_value(value: &Value, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{value} « {label} »"),
        None => value.to_string(),
    }
}

/// `visa.type = court_sejour « visa de court séjour » — le visa que l'étranger produit…`
fn describe_fact(read: &FactRead) -> String {
    let value = match &read.value {
        Some(v) => describe_value(v, read.value_label.as_deref()),
        None if read.appraisal => "non appréciée".to_string(),
        None => "non renseigné".to_string(),
    };
    let mut text = match &read.label {
        Some(label) => format!("{} = {value} — {label}", read.fact),
        None => format!("{} = {value}", read.fact),
    };
    if let Some(p) = &read.provenance {
        let source = match p.source {
            Source::Document => "pièce du dossier",
            Source::Officer => "agent",
            Source::Extraction => "extraction automatique",
        };
        let _ = write!(text, " [{source}");
        if let Some(by) = &p.by {
            let _ = write!(text, " : {by}");
        }
        if let Some(document) = &p.document {
            let _ = write!(text, ", pièce {document}");
        }
        if let Some(c) = &p.confidence {
            let _ = write!(text, ", confiance {c}");
        }
        if p.source == Source::Extraction {
            text.push_str(if p.verified {
                ", vérifié"
            } else {
                ", NON VÉRIFIÉ"
            });
        }
        text.push(']');
    }
    text
}

/// An operand, briefly: what the comparison line shows.
fn describe_shown(shown: &Shown) -> String {
    match shown {
        Shown::Fact(read) => read.fact.clone(),
        Shown::Parameter(read) => read.parameter.clone(),
        Shown::Literal(lit) => lit.value.to_string(),
        Shown::Date(date) => match date.date {
            WhichDate::Decision => "date de la décision".into(),
            WhichDate::Filing => "date de la demande".into(),
        },
        Shown::Computed(c) => match c.of.as_slice() {
            [from, to] if c.op.ends_with("entre") => format!(
                "{} {} et {}",
                c.op,
                describe_shown(from),
                describe_shown(to)
            ),
            [l, r] => format!("({} {} {})", describe_shown(l), c.op, describe_shown(r)),
            _ => c.op.clone(),
        },
        Shown::Count(count) => format!("nombre d'éléments de {} retenus", count.list.fact),
    }
}

fn write_step(out: &mut String, step: &Step, depth: usize) -> Result {
    let pad = "  ".repeat(depth);
    let m = mark(step.value());
    match step {
        Step::Condition {
            article,
            name,
            label,
            because,
            favorable,
            general,
            ..
        } => {
            let what = label.as_deref().or(name.as_deref()).unwrap_or("condition");
            let mut tags = String::new();
            if *general {
                tags.push_str(" · condition générale");
            }
            if *favorable {
                tags.push_str(" · favorable");
            }
            writeln!(out, "{pad}{m} {what} [{}{tags}]", cite(article))?;
            if *favorable && because.value() == Truth::False {
                writeln!(
                    out,
                    "{pad}    non remplie : cela ne fonde pas un refus, l'agent apprécie"
                )?;
            }
            write_step(out, because, depth + 2)
        }
        Step::Derogated {
            original,
            derogations,
            conflict,
            ..
        } => {
            writeln!(
                out,
                "{pad}{m} règle générale, sous réserve des dérogations :"
            )?;
            write_step(out, original, depth + 2)?;
            for d in derogations {
                write_derogation(out, d, depth + 1)?;
            }
            if let Some(conflict) = conflict {
                writeln!(out, "{pad}  ! conflit : {conflict}")?;
            }
            Ok(())
        }
        Step::All { of, .. } => {
            writeln!(out, "{pad}{m} toutes les conditions suivantes :")?;
            of.iter().try_for_each(|s| write_step(out, s, depth + 1))
        }
        Step::Any { of, .. } => {
            writeln!(out, "{pad}{m} l'une des conditions suivantes :")?;
            of.iter().try_for_each(|s| write_step(out, s, depth + 1))
        }
        Step::Not { of, .. } => {
            writeln!(out, "{pad}{m} il n'est pas vrai que :")?;
            write_step(out, of, depth + 1)
        }
        Step::Implies {
            condition, then, ..
        } => {
            writeln!(out, "{pad}{m} si :")?;
            write_step(out, condition, depth + 2)?;
            writeln!(out, "{pad}  alors :")?;
            write_step(out, then, depth + 2)
        }
        Step::Compare {
            op, left, right, ..
        } => {
            writeln!(
                out,
                "{pad}{m} {} {} {}",
                describe_shown(left),
                op.symbol(),
                describe_shown(right)
            )?;
            write_reads(out, &[left, right], depth + 2)
        }
        Step::In { operand, among, .. } => {
            let set: Vec<String> = among.iter().map(describe_shown).collect();
            writeln!(
                out,
                "{pad}{m} {} parmi ({})",
                describe_shown(operand),
                set.join(", ")
            )?;
            write_reads(out, &[operand], depth + 2)
        }
        Step::Test { of, .. } => match of {
            Shown::Fact(read) => writeln!(out, "{pad}{m} {}", describe_fact(read)),
            other => {
                writeln!(out, "{pad}{m} {}", describe_shown(other))?;
                write_reads(out, &[other], depth + 2)
            }
        },
        Step::Constant { value } => writeln!(
            out,
            "{pad}{m} {}",
            if *value == Truth::True {
                "vrai"
            } else {
                "faux"
            }
        ),
        Step::Exists { list, elements, .. } | Step::ForAll { list, elements, .. } => {
            let quantifier = if matches!(step, Step::Exists { .. }) {
                "au moins un élément de"
            } else {
                "chaque élément de"
            };
            match list.elements {
                Some(n) => writeln!(out, "{pad}{m} {quantifier} {} ({n}) :", list.fact)?,
                None => writeln!(
                    out,
                    "{pad}{m} {quantifier} {} : liste non renseignée",
                    list.fact
                )?,
            }
            for (i, element) in elements.iter().enumerate() {
                writeln!(out, "{pad}  élément {i} :")?;
                write_step(out, element, depth + 2)?;
            }
            Ok(())
        }
        Step::Unavailable { reason, .. } => writeln!(out, "{pad}{m} {reason}"),
    }
}

fn write_derogation(out: &mut String, d: &DerogationTried, depth: usize) -> Result {
    let pad = "  ".repeat(depth);
    let status = match (d.chosen, d.applies) {
        (true, _) => "appliquée",
        (false, Truth::True) => "applicable, mais écartée",
        (false, Truth::False) => "ne s'applique pas",
        (false, Truth::Unknown) => "peut-être applicable",
    };
    let label = d.label.as_deref().unwrap_or(&d.name);
    writeln!(
        out,
        "{pad}→ dérogation {} [{}] : {status}",
        d.name,
        cite(&d.article)
    )?;
    writeln!(out, "{pad}  « {label} »")?;
    if let Some(when) = &d.when {
        writeln!(out, "{pad}  lorsque :")?;
        write_step(out, when, depth + 2)?;
    }
    match &d.then {
        Some(then) => {
            writeln!(out, "{pad}  alors :")?;
            write_step(out, then, depth + 2)
        }
        None => writeln!(out, "{pad}  alors : la condition n'est pas opposable"),
    }
}

/// Under a comparison: the facts, parameters and computations it read, with their values.
fn write_reads(out: &mut String, operands: &[&Shown], depth: usize) -> Result {
    let pad = "  ".repeat(depth);
    for shown in operands {
        let mut lines: Vec<String> = Vec::new();
        shown.walk_shown(&mut |s| match s {
            Shown::Fact(read) => lines.push(describe_fact(read)),
            Shown::Parameter(read) => {
                let value = match (&read.value, read.since, &read.unavailable) {
                    (Some(v), Some(since), _) => format!("{v} (en vigueur depuis le {since})"),
                    (Some(v), None, _) => v.to_string(),
                    (None, _, Some(why)) => format!("sans valeur : {why}"),
                    (None, _, None) => "sans valeur".into(),
                };
                let label = read
                    .label
                    .as_deref()
                    .map(|l| format!(" — {l}"))
                    .unwrap_or_default();
                lines.push(format!("paramètre {} = {value}{label}", read.parameter));
            }
            Shown::Date(date) => {
                let value = date
                    .value
                    .map_or("non renseignée".to_string(), |d| d.to_string());
                lines.push(format!("{} = {value}", describe_shown(s)));
            }
            Shown::Computed(c) => {
                let value = match (&c.value, &c.error) {
                    (Some(v), _) => v.to_string(),
                    (None, Some(e)) => format!("impossible ({e})"),
                    (None, None) => "inconnu".into(),
                };
                lines.push(format!("{} = {value}", describe_shown(s)));
            }
            Shown::Count(count) => {
                let value = count.value.map_or("inconnu".to_string(), |n| n.to_string());
                lines.push(format!("{} = {value}", describe_shown(s)));
            }
            Shown::Literal(_) => {}
        });
        for line in lines {
            writeln!(out, "{pad}lu : {line}")?;
        }
        if let Shown::Count(count) = shown {
            for (i, element) in count.elements.iter().enumerate() {
                writeln!(out, "{pad}élément {i} :")?;
                write_step(out, element, depth + 1)?;
            }
        }
    }
    Ok(())
}
