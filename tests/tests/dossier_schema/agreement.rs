//! The values on which the dossier schema and the decoder must agree: a policy set with every
//! type, values for each of its facts, whole dossiers, and the known differences.

use motif_runtime::Program;
use serde_json::{Value as Json, json};

use motif_compiler::{SourceSet, compile};

/// A policy set with every type, and the shapes where the decoder has a choice to make: a record
/// with fields named like the provenance form's (`value`, `document`), a record that contains
/// itself, a list of records and one of dates, a type with an accented name, an appraisal.
const EVERY_TYPE: &str = r#"
type niveau « un niveau » : échelle (A1 « débutant », B1, C2 « maîtrise »)

type personne « une personne » : fiche (
  naissance : date « la date de naissance »,
  value : entier « un champ nommé value »,
  document : texte « un champ nommé document »,
  enfants : liste de personne « ses enfants »,
)

type simple « une fiche sans champ value » : fiche (
  age : entier « l'âge »,
)

type étiquette_accentuée : parmi (un, deux)

fait essai.booleen : booléen « un booléen »
fait essai.nombre : entier « un entier »
fait essai.taux : décimal « un décimal »
fait essai.somme : montant « un montant »
fait essai.libelle : texte « un texte »
fait essai.jour : date « une date »
fait essai.delai : durée « une durée »
fait essai.choix : parmi (a « la valeur a », b) « une énumération »
fait essai.niveau : niveau « une échelle »
fait essai.fiche : personne « une fiche avec des champs value et document »
fait essai.simple : simple « une fiche simple »
fait essai.liste : liste de simple « une liste de fiches »
fait essai.dates : liste de date « une liste de dates »
fait essai.accent : étiquette_accentuée « un type au nom accentué »
fait sensible essai.sante : booléen « une donnée de santé » pièces « un certificat »
appréciation essai.avis : booléen « une appréciation » critères « le comportement »
"#;

pub(super) fn every_type() -> Program {
    let mut sources = SourceSet::new();
    sources.add("essai.motif", EVERY_TYPE);
    let compilation = compile(&sources).unwrap();
    // Facts no rule reads are warned about, nothing else.
    assert!(compilation.diagnostics.iter().all(|d| !d.is_error()));
    compilation.program.unwrap()
}

/// A dossier with one value at the place of the fact `essai.NAME`.
pub(super) fn with_fact(name: &str, value: Json) -> Json {
    json!({ "decided_on": "2026-03-02", "facts": { "essai": { name: value } } })
}

/// Values for each fact of [`EVERY_TYPE`], with what the decoder does with them: `true` when it
/// accepts them.
pub(super) fn fact_cases() -> Vec<(&'static str, Json, bool)> {
    let officer = |value: Json| json!({ "value": value, "source": "officer", "by": "agent 4521" });
    vec![
        // Unknown, bare, with provenance.
        ("booleen", json!(null), true),
        ("booleen", json!(true), true),
        ("booleen", json!(1), false),
        ("booleen", json!("true"), false),
        (
            "booleen",
            json!({ "value": true, "source": "document" }),
            true,
        ),
        (
            "booleen",
            json!({ "value": null, "source": "document" }),
            true,
        ),
        ("booleen", json!({ "source": "extraction" }), true),
        ("booleen", json!({ "value": true }), false),
        ("booleen", json!({}), false),
        ("booleen", json!({ "value": true, "source": "ocr" }), false),
        ("booleen", json!({ "value": true, "source": null }), false),
        (
            "booleen",
            json!({ "value": true, "source": "document", "page": 3 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": 1, "source": "document" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.93, "verified": false,
                    "by": "ocr", "document": "passeport.pdf" }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1.0 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.00001 }),
            true,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.000005 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 0.1234567 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": 1.5 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": -0.1 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": "0.9" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "extraction", "confidence": null }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "verified": "oui" }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "by": 3 }),
            false,
        ),
        (
            "booleen",
            json!({ "value": true, "source": "document", "document": null }),
            false,
        ),
        // Integers.
        ("nombre", json!(0), true),
        ("nombre", json!(-5), true),
        ("nombre", json!(i64::MAX), true),
        ("nombre", json!(i64::MIN), true),
        ("nombre", json!(9_223_372_036_854_775_808_u64), false),
        ("nombre", json!(1.5), false),
        ("nombre", json!("3"), false),
        // Decimals: a number or a string, at most six decimal places.
        ("taux", json!(0.6), true),
        ("taux", json!(-2), true),
        ("taux", json!(1e3), true),
        ("taux", json!(0.00001), true),
        ("taux", json!(0.123456), true),
        ("taux", json!(9_223_372_036_854_u64), true),
        ("taux", json!(9_223_372_036_854.775), true),
        ("taux", json!(-9_223_372_036_854.775), true),
        ("taux", json!(9_223_372_036_854.777), false),
        ("taux", json!(0.000001), false),
        ("taux", json!(-0.000009), false),
        ("taux", json!(0.0000123), false),
        ("taux", json!(0.1234567), false),
        ("taux", json!(9_223_372_037_000_u64), false),
        ("taux", json!("0,6"), true),
        ("taux", json!("1.5"), true),
        ("taux", json!("-0,5"), true),
        ("taux", json!(" 0,6\t"), true),
        ("taux", json!("0,000001"), true),
        ("taux", json!("3,"), true),
        ("taux", json!("0,1234567"), false),
        ("taux", json!(",5"), false),
        ("taux", json!("+1"), false),
        ("taux", json!("0 ,6"), false),
        ("taux", json!("1e3"), false),
        ("taux", json!(""), false),
        ("taux", json!(true), false),
        // Amounts: a number of euros to the cent, or a string.
        ("somme", json!(615), true),
        ("somme", json!(615.5), true),
        ("somme", json!(1_070_468.14), true),
        ("somme", json!(-5), false),
        ("somme", json!("-5,00"), false),
        ("somme", json!(0), true),
        ("somme", json!(92_233_720_368_547_758_u64), true),
        ("somme", json!(92_233_720_368_547_759_u64), false),
        ("somme", json!(615.555), false),
        ("somme", json!(1e20), false),
        ("somme", json!("615,50"), true),
        ("somme", json!("615.5"), true),
        ("somme", json!("1 766,92"), true),
        ("somme", json!("1\u{a0}766,92"), true),
        ("somme", json!("1\u{202f}766,92"), true),
        ("somme", json!("- 1 766 , 9 2"), false),
        ("somme", json!(" 615 \n"), true),
        ("somme", json!("\u{85}615\u{3000}"), true),
        ("somme", json!("615,"), true),
        ("somme", json!("615,555"), false),
        ("somme", json!("615 €"), false),
        ("somme", json!("6\t15"), false),
        ("somme", json!("\u{feff}615"), false),
        ("somme", json!(",50"), false),
        ("somme", json!(" "), false),
        ("somme", json!(true), false),
        // Texts.
        ("libelle", json!(""), true),
        ("libelle", json!("FR"), true),
        ("libelle", json!(3), false),
        // Dates.
        ("jour", json!("2021-08-26"), true),
        ("jour", json!("2024-02-29"), true),
        ("jour", json!("0001-01-01"), true),
        ("jour", json!("9999-12-31"), true),
        ("jour", json!("2023-02-29"), false),
        ("jour", json!("2021-04-31"), false),
        ("jour", json!("2021-13-01"), false),
        ("jour", json!("0000-01-01"), false),
        ("jour", json!("2021-8-26"), false),
        ("jour", json!("26/08/2021"), false),
        ("jour", json!(" 2021-08-26"), false),
        ("jour", json!("2021-08-26T00:00:00Z"), false),
        ("jour", json!(20_210_826), false),
        // Durations.
        ("delai", json!("6 mois"), true),
        ("delai", json!("1 an"), true),
        ("delai", json!("18 ans"), true),
        ("delai", json!("30 jours"), true),
        ("delai", json!("1 jour"), true),
        ("delai", json!("06 mois"), true),
        ("delai", json!("+6 mois"), true),
        ("delai", json!(" 6 \t mois\n"), true),
        ("delai", json!("6mois"), false),
        ("delai", json!("6 semaines"), false),
        ("delai", json!("-6 mois"), false),
        ("delai", json!("6 Mois"), false),
        ("delai", json!("six mois"), false),
        ("delai", json!("6 mois et 2 jours"), false),
        ("delai", json!(6), false),
        // Enumerations and scales.
        ("choix", json!("a"), true),
        ("choix", json!("c"), false),
        ("choix", json!("A"), false),
        ("niveau", json!("B1"), true),
        ("niveau", json!("B2"), false),
        ("niveau", json!(1), false),
        ("accent", json!("deux"), true),
        ("accent", json!("trois"), false),
        // A record with fields named `value` and `document`: an object with `value` and only
        // provenance fields is its provenance form.
        ("fiche", json!({}), true),
        (
            "fiche",
            json!({ "naissance": "2015-01-01", "value": 3, "document": "x" }),
            true,
        ),
        (
            "fiche",
            json!({ "naissance": { "value": "2015-01-01", "source": "document" } }),
            true,
        ),
        ("fiche", json!({ "value": 3 }), false),
        ("fiche", json!({ "value": 3, "document": "x" }), false),
        ("fiche", json!({ "value": 3, "source": "document" }), false),
        (
            "fiche",
            json!({ "value": { "value": 3 }, "source": "document" }),
            true,
        ),
        (
            "fiche",
            json!({ "value": null, "source": "document" }),
            true,
        ),
        ("fiche", json!({ "source": "document" }), false),
        ("fiche", json!({ "naissance": "2015-02-30" }), false),
        ("fiche", json!({ "age": 3 }), false),
        (
            "fiche",
            json!({ "enfants": [{ "naissance": "2015-01-01", "enfants": [] }] }),
            true,
        ),
        (
            "fiche",
            json!({ "enfants": [{ "enfants": [{ "value": "3" }] }] }),
            false,
        ),
        ("fiche", json!({ "enfants": [null] }), false),
        ("fiche", json!([]), false),
        // A record without such fields.
        ("simple", json!({ "age": 3 }), true),
        ("simple", json!({ "age": null }), true),
        (
            "simple",
            json!({ "value": { "age": 3 }, "source": "officer", "by": "agent" }),
            true,
        ),
        ("simple", json!({ "value": { "age": 3 } }), false),
        ("simple", json!({ "source": "document" }), false),
        (
            "simple",
            json!({ "value": { "age": 3 }, "source": "document", "age": 3 }),
            false,
        ),
        ("simple", json!({ "age": 3.5 }), false),
        // Lists: no `null` element; an element may have its provenance.
        ("liste", json!([]), true),
        ("liste", json!([{ "age": 1 }, {}]), true),
        (
            "liste",
            json!([{ "value": { "age": 1 }, "source": "document" }]),
            true,
        ),
        (
            "liste",
            json!([{ "value": null, "source": "document" }]),
            true,
        ),
        (
            "liste",
            json!({ "value": [{ "age": 1 }], "source": "document" }),
            true,
        ),
        ("liste", json!([null]), false),
        ("liste", json!([{ "age": "x" }]), false),
        ("liste", json!({ "age": 1 }), false),
        ("liste", json!([[]]), false),
        (
            "dates",
            json!(["2021-01-01", { "value": "2021-01-02", "source": "document" }]),
            true,
        ),
        ("dates", json!(["2021-02-30"]), false),
        ("dates", json!([{ "source": "document" }]), true),
        ("dates", json!([{ "value": "2021-01-02" }]), false),
        // Sensitive data is written as any other.
        ("sante", json!(true), true),
        // An appraisal: only from an officer, with who made it, when it has a value.
        ("avis", json!(null), true),
        ("avis", officer(json!(false)), true),
        (
            "avis",
            json!({ "value": true, "source": "officer", "by": "" }),
            true,
        ),
        ("avis", json!({ "value": null, "source": "document" }), true),
        ("avis", json!({ "source": "extraction" }), true),
        ("avis", json!(true), false),
        ("avis", json!({ "value": true, "source": "officer" }), false),
        (
            "avis",
            json!({ "value": true, "source": "document", "by": "agent" }),
            false,
        ),
        ("avis", officer(json!("oui")), false),
        (
            "avis",
            json!({ "value": true, "source": "officer", "by": "agent", "note": 1 }),
            false,
        ),
    ]
}

/// Whole dossiers: the envelope and the groups.
pub(super) fn dossier_cases() -> Vec<(Json, bool)> {
    vec![
        (json!({}), true),
        (
            json!({ "id": "x", "description": null, "decided_on": null, "filed_on": "2026-01-01" }),
            true,
        ),
        (json!({ "facts": null }), true),
        (json!({ "facts": {} }), true),
        (json!({ "facts": { "essai": null } }), true),
        (json!({ "facts": { "essai": {} } }), true),
        (json!({ "id": 42 }), false),
        (json!({ "description": ["x"] }), false),
        (json!({ "decided_on": "02/03/2026" }), false),
        (json!({ "decided_on": 20_260_302 }), false),
        (json!({ "filed_on": "2026-02-30" }), false),
        (json!({ "fact": {} }), false),
        (json!({ "facts": [] }), false),
        (json!({ "facts": { "essai": true } }), false),
        (json!({ "facts": { "essai": { "inconnu": 1 } } }), false),
        (json!({ "facts": { "autre": {} } }), false),
        (json!({ "facts": { "essai.booleen": true } }), false),
        (json!([]), false),
        (json!("dossier"), false),
        (json!(null), false),
    ]
}

/// What the decoder refuses and the schema cannot: each with the reason.
pub(super) fn known_differences() -> Vec<(&'static str, Json, &'static str)> {
    vec![
        (
            "nombre",
            json!(1.0),
            "JSON Schema's numbers are values, not texts: `1.0` is the integer 1 (`type: integer` \
             accepts it), while the decoder reads an integer only from a JSON number written \
             without a fraction or an exponent",
        ),
        (
            "nombre",
            json!(1e2),
            "the same: `1e2` is the integer 100 for JSON Schema",
        ),
        (
            "nombre",
            serde_json::from_str("-9223372036854775809").unwrap(),
            "below the 64-bit range, the number is read as a float, equal as such to the \
             schema's `minimum` (-2⁶³)",
        ),
        (
            "taux",
            json!("10000000000000"),
            "a decimal written as a string beyond the 64-bit range of millionths (about 9.2 × \
             10¹²): a pattern does not bound the value of its digits",
        ),
        (
            "somme",
            json!("100000000000000000000"),
            "an amount written as a string beyond the 64-bit range of cents (about 9.2 × 10¹⁶ \
             euros): a pattern does not bound the value of its digits",
        ),
        (
            "delai",
            json!("4294967296 jours"),
            "a duration beyond 2³² - 1 units: a pattern does not bound the value of its digits",
        ),
    ]
}
