//! `motif replay`: an assessment kept as JSON, run again from its receipt (the input, the
//! dates) against a policy set; the result is compared byte for byte, and when it differs the
//! command says what changed: the policy set, the engine, the article versions and parameter
//! values applied, and each route's outcome and grounds.

use std::path::Path;

use serde_json::Value as Json;

use motif_runtime::replay::{Kept, differences, replay};

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
