//! The table of tricky values: for each fact of the every-type policy set, the JSON values the
//! fast decoder must either decode as the reference does or leave to it.

use motif_native::layout::LIST_CAPACITY;

/// `{"a": {"b": VALUE}}` for the fact `a.b`.
fn nested(name: &str, value: &str) -> String {
    name.rsplit('.').fold(value.to_string(), |inner, part| {
        format!(r#"{{"{part}": {inner}}}"#)
    })
}

/// A dossier giving one fact.
pub(super) fn with(name: &str, value: &str) -> String {
    format!(
        r#"{{"decided_on": "2026-03-02", "facts": {}}}"#,
        nested(name, value)
    )
}

pub(super) fn list(n: usize, item: &str) -> String {
    format!("[{}]", vec![item; n].join(", "))
}

/// Values of every kind, right and wrong, for each fact of `EVERY_TYPE`.
pub(super) fn tricky_values() -> Vec<(&'static str, Vec<String>)> {
    let s = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
    let provenances = |value: &str| {
        vec![
            format!(r#"{{"value": {value}, "source": "document"}}"#),
            format!(r#"{{"source": "extraction", "confidence": 0.5, "value": {value}}}"#),
            format!(
                r#"{{"value": {value}, "source": "officer", "by": "A", "verified": true, "confidence": 1, "document": "d.pdf"}}"#
            ),
            format!(r#"{{"value": {value}}}"#),
            format!(r#"{{"value": {value}, "source": "robot"}}"#),
            format!(r#"{{"value": {value}, "source": null}}"#),
            format!(r#"{{"value": {value}, "source": "document", "confidence": 1.5}}"#),
            format!(r#"{{"value": {value}, "source": "document", "confidence": -0.1}}"#),
            format!(r#"{{"value": {value}, "source": "document", "confidence": 1e-7}}"#),
            format!(r#"{{"value": {value}, "source": "document", "confidence": "0.5"}}"#),
            format!(r#"{{"value": {value}, "source": "document", "verified": "oui"}}"#),
            format!(r#"{{"value": {value}, "source": "document", "by": 3}}"#),
            format!(r#"{{"value": {value}, "source": "document", "document": null}}"#),
            format!(r#"{{"value": {value}, "source": "document", "extra": 1}}"#),
            format!(r#"{{"value": [{value}], "source": "document"}}"#),
            format!(
                r#"{{"value": {{"value": {value}, "source": "document"}}, "source": "document"}}"#
            ),
        ]
    };
    let mut cases = vec![
        (
            "t.vrai_faux",
            s(&["true", "false", "1", "0", "\"true\"", "[true]", "{}"]),
        ),
        (
            "t.nombre",
            s(&[
                "0",
                "-1",
                "42",
                "1.0",
                "1e2",
                "-0",
                "0.5",
                "\"1\"",
                "true",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775808",
                "-9223372036854775809",
                "18446744073709551616",
                "1e400",
                "123456789012345678901234567890",
            ]),
        ),
        (
            "t.taux",
            s(&[
                "0.6",
                "\"0,6\"",
                "\" 0.6 \"",
                "\"\\t0.6\\n\"",
                "1e-7",
                "1.5e3",
                "1e20",
                "0.1234567",
                "0.123456",
                "\"1.234567\"",
                "\"1.2345678\"",
                "\"abc\"",
                "1",
                "-2",
                "\"-2\"",
                "-0.0",
                "\"\"",
                "9223372036854.775807",
                "\"9223372036854.775807\"",
                "\"9223372036855\"",
                "true",
                "1e400",
                "\"1e3\"",
                "\"+1\"",
                "\".5\"",
                "\"5.\"",
            ]),
        ),
        (
            "t.somme",
            s(&[
                "615",
                "615.5",
                "615.505",
                "615.50",
                "\"615,50\"",
                "\"\\t615\\n\"",
                "\"615.5\"",
                "\" 615 \"",
                "\"1 766,92\"",
                "\"1\u{a0}766,92\"",
                "\"1\u{202f}766,92\"",
                "\"1\\u00a0766,92\"",
                "1e3",
                "1e300",
                "-0",
                "-5",
                "\"-5\"",
                "0.1",
                "\"abc\"",
                "1.0",
                "\"\"",
                "\"-\"",
                "92233720368547758.07",
                "92233720368547758",
                "\"92233720368547758,07\"",
                "\"615 €\"",
                "[615]",
            ]),
        ),
        (
            "t.libelle",
            s(&[
                "\"\"",
                "\"x\"",
                "1",
                "\"\\ud800\"",
                "\"\\ud83d\\ude00\"",
                "\"é\"",
                "\"a\\\"b\"",
                "\"\\u0000\"",
                "\"tab\there\"",
                "[\"x\"]",
            ]),
        ),
        (
            "t.jour",
            s(&[
                "\"2024-02-29\"",
                "\"2023-02-29\"",
                "\"2024-02-30\"",
                "\"2024-2-1\"",
                "20240101",
                "\"0000-01-01\"",
                "\"0001-01-01\"",
                "\"9999-12-31\"",
                "\" 2024-01-01\"",
                "\"2024-01-01T00:00\"",
                "\"2024\\u002d01-01\"",
                "\"２０２４-01-01\"",
            ]),
        ),
        (
            "t.attente",
            s(&[
                "\"6 mois\"",
                "\"1 an\"",
                "\"2 ans\"",
                "\"30 jours\"",
                "\"1 jour\"",
                "\"6  mois\"",
                "\" 6 mois \"",
                "\"+6 mois\"",
                "\"-6 mois\"",
                "\"6 semaines\"",
                "\"6\"",
                "\"mois\"",
                "\"4294967296 jours\"",
                "\"6 mois 2\"",
                "6",
            ]),
        ),
        (
            "t.teinte",
            s(&[
                "\"rouge\"",
                "\"bleu\"",
                "\"Rouge\"",
                "\"violet\"",
                "\"\"",
                "0",
                "\"A1\"",
            ]),
        ),
        ("t.palier", s(&["\"A1\"", "\"B1\"", "\"C2\"", "\"rouge\""])),
        (
            "t.personne",
            s(&[
                "{}",
                r#"{"naissance": "2000-01-01"}"#,
                r#"{"naissance": null, "taux": null, "adresse": null, "prenoms": null}"#,
                r#"{"naissance": "2000-01-01", "taux": 0.5, "couleur": "vert", "adresse": {"ville": "Paris", "depuis": "2020-01-01"}, "prenoms": ["A", "B"], "age": 30, "delai": "6 mois", "revenu": "1 500,25", "majeur": true}"#,
                r#"{"inconnu": 1}"#,
                r#"{"age": 3, "inconnu": 1}"#,
                r#"{"adresse": {}}"#,
                r#"{"adresse": {"ville": "Paris"}}"#,
                r#"{"adresse": {"value": {"ville": "Paris"}, "source": "document"}}"#,
                r#"{"adresse": {"value": {"ville": "Paris"}}}"#,
                r#"{"adresse": {"source": "document"}}"#,
                r#"{"adresse": {"ville": 1}}"#,
                r#"{"prenoms": ["a", null]}"#,
                r#"{"prenoms": ["a", {"source": "document"}]}"#,
                r#"{"age": {"value": 3, "source": "extraction", "confidence": 0.9}}"#,
                r#"{"age": {"value": null, "source": "document"}}"#,
                r#"{"age": 3.5}"#,
                r#"{"value": {"age": 3}, "source": "document"}"#,
                r#"{"source": "document", "value": {"age": 3}}"#,
                r#"{"value": {"age": 3}}"#,
                r#"{"value": {"age": 3}, "source": "document", "age": 3}"#,
                r#"{"age": 3, "value": {"age": 3}, "source": "document"}"#,
                r#"{"source": "document"}"#,
                r#"{"value": null, "source": "document"}"#,
                r#"{"value": {"value": {"age": 3}, "source": "document"}, "source": "document"}"#,
                r#"{"value": 3, "source": "document"}"#,
                r#"{"value": [], "source": "document"}"#,
                "[]",
                "1",
            ]),
        ),
        (
            "l.entiers",
            vec![
                "[]".into(),
                "[1, 2, 3]".into(),
                list(LIST_CAPACITY, "7"),
                list(LIST_CAPACITY + 1, "7"),
                list(20, "7"),
                format!(
                    "[{}, {{\"source\": \"document\"}}]",
                    list(LIST_CAPACITY, "7").trim_matches(['[', ']'])
                ),
                format!(
                    "[{}, {{\"value\": null, \"source\": \"document\"}}]",
                    list(LIST_CAPACITY, "7").trim_matches(['[', ']'])
                ),
                format!(
                    "[{}, {{\"value\": 1, \"source\": \"document\"}}]",
                    list(LIST_CAPACITY, "7").trim_matches(['[', ']'])
                ),
                "[null]".into(),
                "[1, null]".into(),
                r#"[{"value": 1, "source": "document"}, 2]"#.into(),
                r#"[{"source": "document"}, 2]"#.into(),
                r#"[{"value": 1}]"#.into(),
                "[[1]]".into(),
                "[1.0]".into(),
                "[\"1\"]".into(),
                "1".into(),
                r#"{"value": [1, 2], "source": "extraction", "confidence": 0.9}"#.into(),
                r#"{"value": [1, null], "source": "document"}"#.into(),
            ],
        ),
        (
            "l.textes",
            vec![
                "[]".into(),
                "[\"a\"]".into(),
                list(20, "\"a\""),
                "[null]".into(),
                "[1]".into(),
            ],
        ),
        (
            "l.personnes",
            vec![
                "[{}]".into(),
                r#"[{"age": 1}, {"age": 2, "taux": 0.5, "couleur": "bleu"}]"#.into(),
                r#"[{"age": 1, "adresse": {"ville": "Lyon"}, "prenoms": ["x"]}]"#.into(),
                list(LIST_CAPACITY, r#"{"age": 1}"#),
                list(LIST_CAPACITY + 1, "{}"),
                r#"[{"value": {"age": 1}, "source": "document"}, {"age": 2}]"#.into(),
                r#"[{"value": null, "source": "document"}, {"age": 2}]"#.into(),
                r#"[{"source": "document", "value": {"age": 5}}]"#.into(),
                "[null]".into(),
                r#"[{"age": "x"}]"#.into(),
                r#"[{"inconnu": 1}]"#.into(),
                "[1]".into(),
            ],
        ),
        (
            "l.listes",
            vec![
                "[[1, 2], [3]]".into(),
                "[[]]".into(),
                "[[null]]".into(),
                list(20, "[1]"),
                "[[[1]]]".into(),
                r#"[{"value": [1], "source": "document"}]"#.into(),
            ],
        ),
        (
            "a.avis",
            s(&[
                "true",
                r#"{"value": true, "source": "officer", "by": "agent 1"}"#,
                r#"{"by": "agent 1", "value": false, "source": "officer"}"#,
                r#"{"value": true, "source": "officer"}"#,
                r#"{"value": true, "source": "document", "by": "agent 1"}"#,
                r#"{"value": true, "source": "officer", "by": null}"#,
                r#"{"value": null, "source": "document"}"#,
                r#"{"source": "document"}"#,
                r#"{"source": "extraction", "by": "x"}"#,
            ]),
        ),
        (
            "a.entiers",
            s(&[
                "[]",
                "[1]",
                r#"{"value": [1], "source": "officer", "by": "agent 1"}"#,
                r#"{"value": [], "source": "document"}"#,
            ]),
        ),
        (
            "a.adresse",
            s(&[
                "{}",
                r#"{"ville": "Paris"}"#,
                r#"{"value": {}, "source": "officer", "by": "agent 1"}"#,
                r#"{"source": "officer", "by": "agent 1", "value": {"ville": "Paris"}}"#,
                r#"{"value": {"ville": "Paris"}, "source": "officer"}"#,
            ]),
        ),
    ];
    for (name, values) in &mut cases {
        let sample = match *name {
            "t.vrai_faux" | "a.avis" => "true",
            "t.nombre" => "3",
            "t.somme" => "615.5",
            "t.jour" => "\"2024-01-01\"",
            "l.entiers" => "[1, 2]",
            _ => continue,
        };
        values.extend(provenances(sample));
    }
    for (_, values) in &mut cases {
        values.push("null".into());
    }
    cases
}
