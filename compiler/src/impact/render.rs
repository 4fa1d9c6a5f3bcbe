//! The report as text, in French, for the legal officer: the changes of the rules, then the
//! summary over the dossiers (routes, transitions, other changes), then each dossier.

use std::fmt::Write;

use motif_runtime::Outcome;
use motif_runtime::logic::Truth;

use super::report::{
    CorpusImpact, Delta, DossierImpact, Flip, FlipKind, RefusedBy, Report, RouteImpact, Side,
    Transition,
};

/// Renders the report as text.
pub fn render_text(report: &Report) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(&mut out, report);
    out
}

type Result = std::fmt::Result;

fn write_report(out: &mut String, report: &Report) -> Result {
    writeln!(
        out,
        "Ancien jeu de règles : {} ({})",
        report.old.policies, report.old.fingerprint
    )?;
    writeln!(
        out,
        "Nouveau jeu de règles : {} ({})",
        report.new.policies, report.new.fingerprint
    )?;
    writeln!(out)?;
    if report.static_changes.is_empty() {
        writeln!(
            out,
            "Modifications des règles : aucune (la mise en page et les commentaires ne comptent pas)."
        )?;
    } else {
        writeln!(
            out,
            "Modifications des règles ({}) :",
            report.static_changes.len()
        )?;
        for change in &report.static_changes {
            writeln!(out, "  - {}", change.text)?;
        }
    }
    if let Some(corpus) = &report.dossiers {
        writeln!(out)?;
        write_corpus(out, corpus)?;
    }
    Ok(())
}

fn write_corpus(out: &mut String, c: &CorpusImpact) -> Result {
    write!(out, "Dossiers : {}", c.source)?;
    match (c.decided_on, c.filed_on) {
        (Some(d), Some(f)) => write!(out, " (décision au {d}, demande déposée le {f})")?,
        (Some(d), None) => write!(out, " (décision au {d})")?,
        (None, Some(f)) => write!(out, " (demande déposée le {f})")?,
        (None, None) => {}
    }
    writeln!(out)?;
    writeln!(
        out,
        "  {} lu(s), {} évalué(s) avec les deux jeux, {} refusé(s)",
        c.read, c.compared, c.refused
    )?;
    writeln!(
        out,
        "  {} dossier(s) changent d'issue sur au moins une voie ; {} autre(s) changent autrement",
        c.outcome_changed, c.other_changes
    )?;

    let touched: Vec<_> = c
        .routes
        .iter()
        .filter(|r| r.outcome_changed + r.other_changes > 0)
        .collect();
    if !touched.is_empty() {
        writeln!(out)?;
        writeln!(out, "Par voie :")?;
        let rows: Vec<[String; 4]> = touched
            .iter()
            .map(|r| {
                [
                    r.route.clone(),
                    r.outcome_changed.to_string(),
                    r.other_changes.to_string(),
                    r.transitions
                        .iter()
                        .map(transition)
                        .collect::<Vec<_>>()
                        .join(" ; "),
                ]
            })
            .collect();
        let header = [
            "voie".to_string(),
            "issue changée".to_string(),
            "autres changements".to_string(),
            "transitions".to_string(),
        ];
        write_table(out, &header, &rows)?;
    }
    if !c.transitions.is_empty() {
        writeln!(out)?;
        writeln!(out, "Issues qui changent, toutes voies confondues :")?;
        for t in &c.transitions {
            writeln!(out, "  {}", transition(t))?;
        }
    }
    let o = &c.other;
    if c.other_changes > 0 {
        writeln!(out)?;
        writeln!(out, "Autres changements, à issue égale (dossier × voie) :")?;
        for (label, n) in [
            ("conditions qui changent de valeur", o.conditions),
            ("motifs de refus", o.failed_conditions),
            ("conditions non établies", o.undetermined_conditions),
            ("faits à demander", o.missing_facts),
            ("points laissés à l'agent", o.appraisal_points),
            ("versions d'articles appliquées", o.versions),
        ] {
            if n > 0 {
                writeln!(out, "  {label} : {n}")?;
            }
        }
    }

    let changed: Vec<&DossierImpact> = c
        .list
        .iter()
        .filter(|d| d.routes.iter().any(|r| r.outcome_changed))
        .collect();
    let other: Vec<&DossierImpact> = c
        .list
        .iter()
        .filter(|d| d.refused.is_none() && !d.routes.iter().any(|r| r.outcome_changed))
        .collect();
    let refused: Vec<&DossierImpact> = c.list.iter().filter(|d| d.refused.is_some()).collect();
    if !changed.is_empty() {
        writeln!(out)?;
        writeln!(out, "Dossiers dont l'issue change ({}) :", changed.len())?;
        for d in changed {
            write_dossier(out, d)?;
        }
    }
    if !other.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Dossiers dont l'issue ne change pas, mais l'évaluation si ({}) :",
            other.len()
        )?;
        for d in other {
            write_dossier(out, d)?;
        }
    }
    if !refused.is_empty() {
        writeln!(out)?;
        writeln!(out, "Dossiers refusés ({}) :", refused.len())?;
        for d in refused {
            write_dossier(out, d)?;
        }
    }
    Ok(())
}

/// A table with its columns aligned.
fn write_table(out: &mut String, header: &[String; 4], rows: &[[String; 4]]) -> Result {
    let mut widths = [0usize; 4];
    for row in std::iter::once(header).chain(rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows) {
        let mut line = String::from(" ");
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            line.push(' ');
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = w - cell.chars().count();
                line.push_str(&" ".repeat(pad + 1));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn transition(t: &Transition) -> String {
    format!("{} → {} : {}", outcome(t.from), outcome(t.to), t.count)
}

fn outcome(o: Option<Outcome>) -> &'static str {
    o.map_or("voie absente", Outcome::label)
}

fn write_dossier(out: &mut String, d: &DossierImpact) -> Result {
    write!(out, "  {}", d.source)?;
    if let Some(id) = &d.dossier {
        write!(out, " ({id})")?;
    }
    if let Some(date) = d.decided_on {
        write!(out, ", décision au {date}")?;
    }
    writeln!(out)?;
    if let Some(refusal) = &d.refused {
        let who = match refusal.by {
            RefusedBy::Both => "refusé par les deux jeux",
            RefusedBy::Old => "refusé par l'ancien jeu seulement",
            RefusedBy::New => "refusé par le nouveau jeu seulement",
        };
        writeln!(out, "    {who} :")?;
        let problems = if refusal.by == RefusedBy::Old {
            &refusal.old
        } else if refusal.by == RefusedBy::New || refusal.old == refusal.new {
            &refusal.new
        } else {
            // Both refuse, for different reasons: each set's.
            for p in &refusal.old {
                writeln!(out, "      - (ancien) {p}")?;
            }
            for p in &refusal.new {
                writeln!(out, "      - (nouveau) {p}")?;
            }
            return Ok(());
        };
        for p in problems {
            writeln!(out, "      - {p}")?;
        }
    }
    for r in &d.routes {
        write_route(out, r)?;
    }
    Ok(())
}

fn write_route(out: &mut String, r: &RouteImpact) -> Result {
    let (old, new) = (r.old.as_ref(), r.new.as_ref());
    if r.outcome_changed {
        writeln!(
            out,
            "    voie {} : {} → {}",
            r.route,
            outcome(old.map(|s| s.outcome)),
            outcome(new.map(|s| s.outcome))
        )?;
    } else {
        writeln!(
            out,
            "    voie {} : {} (inchangé)",
            r.route,
            outcome(new.map(|s| s.outcome))
        )?;
    }
    match (old, new) {
        (Some(a), Some(b)) if basis(a) == basis(b) => {
            writeln!(out, "      article appliqué des deux côtés : {}", basis(a))?;
        }
        _ => {
            let show = |s: Option<&Side>| s.map_or_else(|| "voie absente".to_string(), basis);
            writeln!(out, "      article appliqué : avant, {}", show(old))?;
            writeln!(out, "                         après, {}", show(new))?;
        }
    }
    if let (Some(a), Some(b)) = (old, new) {
        if a.reason != b.reason {
            let show = |s: &Side| {
                s.reason
                    .as_ref()
                    .map_or_else(|| "aucun".to_string(), |r| format!("« {r} »"))
            };
            writeln!(out, "      motif : avant, {} ; après, {}", show(a), show(b))?;
        }
        let added: Vec<String> = b
            .versions
            .iter()
            .filter(|v| !a.versions.contains(v))
            .map(|v| format!("+ {} du {}", v.id, v.version))
            .collect();
        let removed: Vec<String> = a
            .versions
            .iter()
            .filter(|v| !b.versions.contains(v))
            .map(|v| format!("− {} du {}", v.id, v.version))
            .collect();
        if !added.is_empty() || !removed.is_empty() {
            let all: Vec<String> = removed.into_iter().chain(added).collect();
            writeln!(out, "      versions citées : {}", all.join(" ; "))?;
        }
    }
    if !r.flipped.is_empty() {
        writeln!(out, "      conditions qui changent de valeur :")?;
        for f in &r.flipped {
            writeln!(out, "        - {}", flip(f))?;
        }
    }
    write_delta(out, "motifs de refus", &r.failed_conditions)?;
    write_delta(out, "conditions non établies", &r.undetermined_conditions)?;
    write_delta(out, "faits à demander", &r.missing_facts)?;
    write_delta(out, "points laissés à l'agent", &r.appraisal_points)?;
    if !r.parameters.is_empty() {
        let shown: Vec<String> = r
            .parameters
            .iter()
            .map(|p| {
                let value = |v: &Option<motif_runtime::value::Value>| {
                    v.as_ref()
                        .map_or_else(|| "non lu".to_string(), ToString::to_string)
                };
                format!("{} : {} → {}", p.parameter, value(&p.old), value(&p.new))
            })
            .collect();
        writeln!(out, "      paramètres appliqués : {}", shown.join(" ; "))?;
    }
    Ok(())
}

/// `L. 422-1, version du 2021-05-01 (LEGIARTI000042776689)`.
fn basis(s: &Side) -> String {
    match s.version {
        Some(from) => {
            let id = s
                .legifrance
                .as_deref()
                .unwrap_or("identifiant Légifrance à vérifier");
            format!("{}, version du {from} ({id})", s.article)
        }
        None => format!("{}, aucune version en vigueur", s.article),
    }
}

fn flip(f: &Flip) -> String {
    let value = |v: Option<Truth>| match (f.kind, v) {
        (_, None) => "non évaluée",
        (FlipKind::Condition, Some(Truth::True)) => "remplie",
        (FlipKind::Condition, Some(Truth::False)) => "non remplie",
        (FlipKind::Derogation, Some(Truth::True)) => "s'applique",
        (FlipKind::Derogation, Some(Truth::False)) => "ne s'applique pas",
        (_, Some(Truth::Unknown)) => "indéterminée",
    };
    let what = match f.kind {
        FlipKind::Condition => format!("{} ({})", f.name, f.article),
        FlipKind::Derogation => format!("dérogation {} ({})", f.name, f.article),
    };
    format!("{what} : {} → {}", value(f.old), value(f.new))
}

fn write_delta(out: &mut String, label: &str, delta: &Delta) -> Result {
    if delta.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = delta
        .removed
        .iter()
        .map(|x| format!("− {x}"))
        .chain(delta.added.iter().map(|x| format!("+ {x}")))
        .collect();
    writeln!(out, "      {label} : {}", items.join(" ; "))
}
