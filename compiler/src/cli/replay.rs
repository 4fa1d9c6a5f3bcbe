//! `motif replay`: an assessment kept as JSON, run again from its receipt (the input, the
//! dates) against a policy set; the result is compared byte for byte, and when it differs the
//! command says what changed: the policy set, the engine, the article versions and parameter
//! values applied, and each route's outcome and grounds.

use std::path::Path;

use serde_json::Value as Json;

use motif_runtime::assessment::FORMAT;
use motif_runtime::{Date, Dates, Program, assess, decode_dossier, render};

use super::{Failure, INPUT_ERROR, Io, OK, input_error, load};

pub(crate) fn run(path: &Path, policies: &Path, io: &mut Io<'_>) -> Result<i32, Failure> {
    let stored_text = std::fs::read_to_string(path)
        .map_err(|e| input_error(format!("impossible de lire {} : {e}", path.display())))?;
    let stored: Json = serde_json::from_str(&stored_text).map_err(|e| {
        input_error(format!(
            "{} n'est pas du JSON (ligne {}, colonne {})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let kept = Kept::read(&stored).map_err(|problem| {
        input_error(format!(
            "{} n'est pas une évaluation de Motif rejouable : {problem}",
            path.display()
        ))
    })?;
    let (_, compilation) = load(policies, io, false)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs",
            policies.display()
        )));
    };
    let replayed_text = replay(&program, &kept).map_err(|problem| {
        input_error(format!(
            "{} : l'entrée gardée ne se relit pas : {problem}",
            path.display()
        ))
    })?;
    if replayed_text.trim_end() == stored_text.trim_end() {
        let _ = writeln!(
            io.out,
            "identique : l'évaluation rejouée donne le même résultat, octet pour octet ({})",
            kept.id
        );
        return Ok(OK);
    }
    let replayed: Json = serde_json::from_str(&replayed_text).unwrap_or(Json::Null);
    let _ = writeln!(
        io.out,
        "différente : l'évaluation rejouée ne donne pas le même résultat ({})",
        kept.id
    );
    for line in differences(&stored, &replayed) {
        let _ = writeln!(io.out, "  - {line}");
    }
    Ok(INPUT_ERROR)
}

/// What an assessment keeps that replaying it needs.
struct Kept {
    id: String,
    dossier: Option<String>,
    facts: Json,
    decided_on: Date,
    filed_on: Option<Date>,
}

impl Kept {
    fn read(stored: &Json) -> Result<Kept, String> {
        let format = stored["format"].as_str().ok_or("champ `format` manquant")?;
        if format != FORMAT {
            return Err(format!(
                "son format est {format}, cette version de Motif lit {FORMAT}"
            ));
        }
        let receipt = &stored["receipt"];
        let date = |field: &str| -> Result<Option<Date>, String> {
            match &receipt[field] {
                Json::Null => Ok(None),
                Json::String(text) => text
                    .parse::<Date>()
                    .map(Some)
                    .map_err(|e| format!("receipt.{field} : {e}")),
                _ => Err(format!("receipt.{field} n'est pas une date")),
            }
        };
        Ok(Kept {
            id: receipt["id"]
                .as_str()
                .ok_or("champ `receipt.id` manquant")?
                .to_string(),
            dossier: stored["dossier"].as_str().map(str::to_string),
            facts: stored["input"]["facts"].clone(),
            decided_on: date("decided_on")?.ok_or("champ `receipt.decided_on` manquant")?,
            filed_on: date("filed_on")?,
        })
    }
}

/// Assesses the kept input again, as JSON.
fn replay(program: &Program, kept: &Kept) -> Result<String, String> {
    let mut envelope = serde_json::Map::new();
    if let Some(id) = &kept.dossier {
        envelope.insert("id".into(), Json::String(id.clone()));
    }
    envelope.insert("facts".into(), kept.facts.clone());
    let text = Json::Object(envelope).to_string();
    let dossier = decode_dossier(program, &text).map_err(|errors| {
        errors
            .0
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ; ")
    })?;
    let dates = Dates {
        decided_on: kept.decided_on,
        filed_on: kept.filed_on,
    };
    Ok(render::json(&assess(program, &dossier, dates)))
}

/// What differs between two assessments, in words.
fn differences(stored: &Json, replayed: &Json) -> Vec<String> {
    let mut out = Vec::new();
    let (a, b) = (&stored["receipt"], &replayed["receipt"]);
    if a["policy_set"] != b["policy_set"] {
        out.push(format!(
            "le jeu de règles a changé (empreinte {} → {})",
            text(&a["policy_set"]),
            text(&b["policy_set"])
        ));
    }
    if a["engine"] != b["engine"] {
        out.push(format!(
            "le moteur a changé ({} → {})",
            text(&a["engine"]),
            text(&b["engine"])
        ));
    }
    let versions = |receipt: &Json| -> Vec<String> {
        list(&receipt["articles"])
            .iter()
            .map(|a| {
                format!(
                    "{} (version du {})",
                    text(&a["article"]),
                    text(&a["in_force_from"])
                )
            })
            .collect()
    };
    compare_sets(&versions(a), &versions(b), "article", &mut out);
    let parameters = |receipt: &Json| -> Vec<String> {
        list(&receipt["parameters"])
            .iter()
            .map(|p| format!("{} = {}", text(&p["parameter"]), p["value"]))
            .collect()
    };
    compare_sets(&parameters(a), &parameters(b), "paramètre", &mut out);
    for before in list(&stored["routes"]) {
        let name = text(&before["route"]);
        let Some(after) = list(&replayed["routes"])
            .into_iter()
            .find(|r| r["route"] == before["route"])
        else {
            out.push(format!("la voie {name} n'existe plus"));
            continue;
        };
        if before["outcome"] != after["outcome"] {
            out.push(format!(
                "voie {name} : {} → {}",
                text(&before["outcome"]),
                text(&after["outcome"])
            ));
        }
        let grounds = |route: &Json| -> Vec<String> {
            list(&route["failed_conditions"])
                .iter()
                .map(|g| format!("{} de {}", text(&g["condition"]), text(&g["article"]["id"])))
                .collect()
        };
        let (was, now) = (grounds(before), grounds(after));
        for g in now.iter().filter(|g| !was.contains(g)) {
            out.push(format!("voie {name} : nouveau motif de refus, {g}"));
        }
        for g in was.iter().filter(|g| !now.contains(g)) {
            out.push(format!("voie {name} : motif de refus disparu, {g}"));
        }
    }
    for after in list(&replayed["routes"]) {
        if !list(&stored["routes"])
            .iter()
            .any(|r| r["route"] == after["route"])
        {
            out.push(format!("nouvelle voie : {}", text(&after["route"])));
        }
    }
    if out.is_empty() {
        out.push(
            "les résultats sont les mêmes, mais le détail diffère (libellés, textes ou trace) : \
             comparez les deux fichiers"
                .into(),
        );
    }
    out
}

fn compare_sets(before: &[String], after: &[String], what: &str, out: &mut Vec<String>) {
    for item in after.iter().filter(|i| !before.contains(i)) {
        out.push(format!("{what} appliqué désormais : {item}"));
    }
    for item in before.iter().filter(|i| !after.contains(i)) {
        out.push(format!("{what} qui n'est plus appliqué : {item}"));
    }
}

fn list(json: &Json) -> Vec<&Json> {
    json.as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default()
}

fn text(json: &Json) -> String {
    match json {
        Json::String(s) => s.clone(),
        Json::Null => "—".into(),
        other => other.to_string(),
    }
}
