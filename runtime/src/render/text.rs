//! The assessment as plain text, for the instructing officer (in French).
//!
//! For each route: the outcome, its legal basis, every failed ground with the facts held, the
//! facts to ask for, the points to check, then the whole trace.

use std::fmt::Write;

use crate::assessment::{Assessment, Ground, Outcome, RouteAssessment};
use crate::logic::Truth;
use crate::program::Grant;
use crate::trace::{Citation, FactRead, Shown, Step};
use crate::value::Value;

/// Renders the assessment as text.
pub fn render(assessment: &Assessment) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_assessment(&mut out, assessment);
    out
}

fn write_assessment(out: &mut String, a: &Assessment) -> std::fmt::Result {
    match &a.dossier {
        Some(id) => writeln!(out, "Évaluation du dossier {id}")?,
        None => writeln!(out, "Évaluation du dossier")?,
    }
    writeln!(out, "Date de décision : {} · {}", a.decided_on, a.engine)?;
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

fn write_route(out: &mut String, r: &RouteAssessment) -> std::fmt::Result {
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
            "Conditions non établies faute d'information"
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

fn write_ground(out: &mut String, mark: &str, g: &Ground) -> std::fmt::Result {
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
        None => "non renseigné".to_string(),
    };
    match &read.label {
        Some(label) => format!("{} = {value} — {label}", read.fact),
        None => format!("{} = {value}", read.fact),
    }
}

fn describe_shown(shown: &Shown) -> String {
    match shown {
        Shown::Fact(read) => read.fact.clone(),
        Shown::Literal(lit) => lit.value.to_string(),
    }
}

fn write_step(out: &mut String, step: &Step, depth: usize) -> std::fmt::Result {
    let pad = "  ".repeat(depth);
    let m = mark(step.value());
    match step {
        Step::Condition {
            article,
            name,
            label,
            because,
            ..
        } => {
            let what = label.as_deref().or(name.as_deref()).unwrap_or("condition");
            writeln!(out, "{pad}{m} {what} [{}]", cite(article))?;
            write_step(out, because, depth + 2)
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
            write_reads(out, step, depth + 2)
        }
        Step::In { operand, among, .. } => {
            let set: Vec<String> = among.iter().map(describe_shown).collect();
            writeln!(
                out,
                "{pad}{m} {} parmi ({})",
                describe_shown(operand),
                set.join(", ")
            )?;
            write_reads(out, step, depth + 2)
        }
        Step::Fact { fact, .. } => writeln!(out, "{pad}{m} {}", describe_fact(fact)),
        Step::Constant { value } => {
            writeln!(
                out,
                "{pad}{m} {}",
                if *value == Truth::True {
                    "vrai"
                } else {
                    "faux"
                }
            )
        }
        Step::Unavailable { reason, .. } => writeln!(out, "{pad}{m} {reason}"),
    }
}

/// Under a comparison, the facts it read with their values and labels.
fn write_reads(out: &mut String, step: &Step, depth: usize) -> std::fmt::Result {
    let pad = "  ".repeat(depth);
    for read in step.facts_read() {
        writeln!(out, "{pad}lu : {}", describe_fact(read))?;
    }
    Ok(())
}
