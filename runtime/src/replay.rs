//! Replaying a kept assessment: its receipt names the input and the dates, so the same policy
//! set must give the same JSON, byte for byte; when it does not, [`differences`] says what
//! changed (the policy set, the engine, the article versions and parameter values applied,
//! each route's outcome and grounds). Used by `motif replay` and by the service's journal.

use serde_json::Value as Json;

use crate::assessment::FORMAT;
use crate::{Assessment, Date, Dates, Program, assess, decode_dossier, render};

/// What an assessment keeps that replaying it needs.
pub struct Kept {
    /// The receipt's id.
    pub id: String,
    /// The dossier's own identifier, when it had one.
    pub dossier: Option<String>,
    pub facts: Json,
    pub decided_on: Date,
    pub filed_on: Option<Date>,
}

impl Kept {
    /// Reads what replaying needs from a kept assessment (its JSON contract).
    pub fn read(stored: &Json) -> Result<Kept, String> {
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

/// Assesses the kept input again with `program`, as the JSON contract.
pub fn replay(program: &Program, kept: &Kept) -> Result<String, String> {
    reassess(program, kept).map(|assessment| render::json(&assessment))
}

/// Assesses the kept input again with `program`.
pub fn reassess(program: &Program, kept: &Kept) -> Result<Assessment, String> {
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
    Ok(assess(program, &dossier, dates))
}

/// What differs between two assessments (JSON contracts), in words; never empty when they
/// differ.
pub fn differences(stored: &Json, replayed: &Json) -> Vec<String> {
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
