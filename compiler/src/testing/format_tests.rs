//! Tests of the `.cas` parser.

use super::*;

fn parse_ok(text: &str) -> Vec<Case> {
    let (cases, errors) = parse(Path::new("essai.cas"), text);
    assert!(errors.is_empty(), "{errors:?}");
    cases
}

fn first_error(text: &str) -> CaseError {
    let (_, errors) = parse(Path::new("essai.cas"), text);
    errors.into_iter().next().expect("an error")
}

#[test]
fn reads_a_case_with_every_kind_of_line() {
    let cases = parse_ok(
        "# commentaire\n\
         cas « Un cas »\n\
         \x20 dossier ../d.json\n\
         \x20 décision 2026-01-20\n\
         \x20 depot 2025-10-01\n\
         \x20 voie etudiant : Non Éligible selon L.422-1, version du 2021-05-01\n\
         \x20   motif moyens_d_existence de L 422-1, version du 2021-05-01\n\
         \x20   motif « l'étranger est majeur » de « Accord franco-algérien », version du 1968-12-27\n\
         \x20   à demander : a.b, filed_on\n\
         \x20   a demander c\n\
         \x20   à apprécier : ordre_public.menace, « un point, avec virgule »\n\
         \x20 voie conjoint : appréciation de l’agent requise\n",
    );
    assert_eq!(cases.len(), 1);
    let case = &cases[0];
    assert_eq!(case.title, "Un cas");
    assert_eq!(case.place.line, 2);
    assert_eq!(case.dossier.value, PathBuf::from("../d.json"));
    assert_eq!(
        case.decided_on
            .as_ref()
            .map(|d| d.value.to_string())
            .as_deref(),
        Some("2026-01-20")
    );
    let route = &case.routes[0];
    assert_eq!(route.outcome, Outcome::NotEligible);
    assert_eq!(
        route.basis.as_ref().map(ToString::to_string).as_deref(),
        Some("L. 422-1, version du 2021-05-01")
    );
    let grounds: Vec<String> = route
        .grounds
        .iter()
        .flatten()
        .map(|g| g.value.to_string())
        .collect();
    assert_eq!(
        grounds,
        [
            "moyens_d_existence de L. 422-1, version du 2021-05-01",
            "« l'étranger est majeur » de « Accord franco-algérien », version du 1968-12-27",
        ]
    );
    let missing: Vec<&str> = route
        .missing
        .iter()
        .flatten()
        .map(|m| m.value.as_str())
        .collect();
    assert_eq!(missing, ["a.b", "filed_on", "c"]);
    let points: Vec<String> = route
        .points
        .iter()
        .flatten()
        .map(|p| p.value.to_string())
        .collect();
    assert_eq!(
        points,
        ["ordre_public.menace", "« un point, avec virgule »"]
    );
    assert_eq!(case.routes[1].outcome, Outcome::NeedsAppraisal);
}

#[test]
fn reports_problems_at_their_line() {
    let error = first_error("cas « x »\n  dossier d.json\n  voie etudiant : non-éligible\n");
    assert_eq!(error.place.map(|p| p.line), Some(3));
    assert_eq!(error.message, "résultat inconnu : `non-éligible`");
    assert!(error.help.unwrap_or_default().contains("`non éligible`"));

    let error = first_error("cas « x »\n  dossier d.json\n  voie etudiant éligible\n");
    assert!(
        error.message.contains("il manque « : »"),
        "{}",
        error.message
    );

    let error =
        first_error("cas « x »\n  dossier d.json\n  motif a de L. 1, version du 2020-01-01\n");
    assert!(error.message.contains("ne suit aucune ligne `voie`"));

    let error = first_error("cas « x »\n  dossier d.json\n  voi etudiant : éligible\n");
    assert_eq!(error.help.as_deref(), Some("Vouliez-vous dire `voie` ?"));

    let error = first_error("cas « x »\n  dossier d.json\n");
    assert!(error.message.contains("ne vérifie aucune voie"));
    assert_eq!(error.place.map(|p| p.line), Some(1));

    let error = first_error("cas « x »\n  décision 2025-02-30\n");
    assert!(error.message.contains("n'existe pas dans le calendrier"));

    let error = first_error("cas « x\n");
    assert!(error.message.contains("n'est pas refermé"));
}

#[test]
fn never_panics_on_odd_lines() {
    let odd = [
        "cas",
        "cas «",
        "cas « »",
        "cas \"",
        "cas “x",
        "voie",
        "voie :",
        "voie x :",
        "voie x : éligible selon",
        "voie x : éligible selon «",
        "voie x : éligible selon L.",
        "voie x : éligible selon L. 1 version",
        "voie x : éligible selon L. 1, version du",
        "motif",
        "motif «",
        "motif « » de",
        "motif (sans intitulé",
        "motif (sans",
        "motif x de",
        "motif x de « a » version du 2020-01-01",
        "à",
        "à demander",
        "à demander :",
        "a apprécier",
        "à apprécier : « a » « b »",
        "à apprécier : ,,",
        "à apprécier : « a",
        "dépôt",
        "décision é",
        "dossier",
        "dossier «",
        "é",
        "«»",
        "selon",
        "version du",
        "\u{feff}cas « x »",
    ];
    let mut text = String::from("cas « x »\n  dossier d.json\n  voie x : éligible\n");
    for line in odd {
        text.push_str(line);
        text.push('\n');
        let _ = parse(Path::new("essai.cas"), line);
        let _ = parse(Path::new("essai.cas"), &text);
    }
    // Random lines made of the format's words and characters.
    let pieces = [
        "cas ",
        "voie ",
        "motif ",
        "à ",
        "demander",
        "apprécier",
        "dossier ",
        "décision ",
        "dépôt ",
        " de ",
        "L. 1",
        ", version du ",
        "2020-01-01",
        "«",
        "»",
        "“",
        "”",
        "\"",
        ":",
        ",",
        " selon ",
        "é",
        "(sans intitulé)",
        "x",
        " ",
        "\n",
        "  ",
        "non éligible",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..12 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        let _ = parse(Path::new("essai.cas"), &text);
    }
}

#[test]
fn recognises_article_numbers() {
    for good in [
        "L. 423-1", "L.423-1", "L 423-1", "L423-1", "R. 431-2", "L. 1",
    ] {
        assert!(is_code_number(good), "{good}");
    }
    for bad in ["L.", "X. 423-1", "L. 423-", "L. 42a", "L.  423"] {
        assert!(!is_code_number(bad), "{bad}");
    }
}
