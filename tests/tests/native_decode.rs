//! The fast dossier decoder of native code (`motif_native::decode`) against the reference
//! decoder: whenever the fast path gives a record, the reference accepts the dossier and
//! `Layout::record` of its result is that record, with the same dates. The fast path may leave
//! a dossier to the reference (`None`), never give a wrong record, never panic.
//!
//! The inputs: the example dossiers and the corpus's (which must all take the fast path when
//! valid), thousands of generated dossiers (in three spellings), a list of malformed and tricky
//! inputs on a policy set with every type, and random edits of valid dossiers.

use std::path::{Path, PathBuf};

use motif_compiler::{SourceSet, compile};
use motif_native::decode::FastDecoder;
use motif_native::layout::{LIST_CAPACITY, Layout};
use motif_runtime::dossier::Dossier;
use motif_runtime::dossier::{decode, encode_facts};
use motif_runtime::program::{FactId, FactKind};
use motif_runtime::value::{Provenance, Source};
use motif_runtime::{Dates, Program};
use motif_tests::generate::{self, Draw};
use motif_tests::{ceseda, compile_path, example_dossiers, root};
use serde_json::{Map, Value as Json, json};

#[path = "native_decode/tricky.rs"]
mod tricky;
use tricky::{list, tricky_values, with};

/// A program with its layout and fast decoder.
struct Subject {
    program: Program,
    layout: Layout,
    fast: FastDecoder,
}

impl Subject {
    fn new(program: Program) -> Subject {
        let layout = Layout::of(&program);
        let fast = FastDecoder::new(&program, &layout);
        Subject {
            program,
            layout,
            fast,
        }
    }

    /// Checks the contract on `json`; true when the fast path took the dossier.
    fn check(&self, json: &str) -> bool {
        let Some(decoded) = self.fast.decode(json) else {
            return false;
        };
        let dossier = decode(&self.program, json).unwrap_or_else(|e| {
            panic!("the fast path took a dossier the reference refuses:\n{json}\n{e}")
        });
        let record = self
            .layout
            .record(&self.program, &dossier)
            .unwrap_or_else(|| panic!("the fast path took a list too long:\n{json}"));
        assert_eq!(decoded.record, record, "different records for:\n{json}");
        assert_eq!(decoded.decided_on, dossier.decided_on, "{json}");
        assert_eq!(decoded.filed_on, dossier.filed_on, "{json}");
        // The same into a reused buffer, whatever it held.
        let mut buffer = vec![-1; 3];
        let dates = self.fast.decode_into(json, &mut buffer);
        assert_eq!(
            dates,
            Some((decoded.decided_on, decoded.filed_on)),
            "{json}"
        );
        assert_eq!(buffer, decoded.record, "{json}");
        true
    }

    /// Whether the fast path could take the dossier: the reference accepts it and the layout
    /// holds it.
    fn valid(&self, json: &str) -> bool {
        decode(&self.program, json)
            .ok()
            .and_then(|dossier| self.layout.record(&self.program, &dossier))
            .is_some()
    }

    /// Checks the contract, and that a valid dossier takes the fast path.
    fn check_fast_when_valid(&self, json: &str) -> bool {
        let took = self.check(json);
        assert!(
            took || !self.valid(json),
            "a valid dossier is left to the reference:\n{json}"
        );
        took
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn example_dossiers_take_the_fast_path() {
    let subject = Subject::new(ceseda());
    let files = example_dossiers();
    assert!(!files.is_empty());
    for path in files {
        assert!(subject.check(&read(&path)), "{}", path.display());
    }
}

#[test]
fn corpus_dossiers_agree_with_their_policy_sets() {
    let mut checked = 0;
    let good = root().join("tests/corpus/good");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&good)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("dossiers").is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let (_, compilation) = compile_path(&case);
        let subject = Subject::new(compilation.program.expect("the good corpus compiles"));
        for path in json_files(&case.join("dossiers")) {
            subject.check_fast_when_valid(&read(&path));
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} corpus dossiers");
    // The CESEDA dossiers that the reference refuses never take the fast path.
    let subject = Subject::new(ceseda());
    for path in json_files(&root().join("tests/corpus/bad-dossiers")) {
        assert!(
            subject.fast.decode(&read(&path)).is_none(),
            "{}",
            path.display()
        );
    }
    for path in json_files(&root().join("tests/corpus/cas/dossiers")) {
        subject.check_fast_when_valid(&read(&path));
    }
}

/// Every type a dossier can give, in records and lists, and an appraisal.
const EVERY_TYPE: &str = r#"
type couleur « une couleur » : parmi (rouge, vert, bleu)
type niveau « un niveau » : échelle (A1, A2, B1)
type adresse « une adresse » : fiche (
  ville : texte « la ville »,
  depuis : date « depuis quand »,
)
type personne « une personne » : fiche (
  naissance : date « la date de naissance »,
  taux : décimal « un taux »,
  couleur : couleur « une couleur »,
  adresse : adresse « l'adresse »,
  prenoms : liste de texte « les prénoms »,
  age : entier « l'âge »,
  delai : durée « un délai »,
  revenu : montant « le revenu »,
  majeur : booléen « majeur »,
)

fait t.vrai_faux : booléen « un booléen »
fait t.nombre : entier « un entier »
fait t.taux : décimal « un décimal »
fait t.somme : montant « un montant »
fait t.libelle : texte « un texte »
fait t.jour : date « une date »
fait t.attente : durée « une durée »
fait t.teinte : couleur « une couleur »
fait t.palier : niveau « un niveau »
fait t.personne : personne « une personne »
fait l.entiers : liste de entier « des entiers »
fait l.textes : liste de texte « des textes »
fait l.personnes : liste de personne « des personnes »
fait l.listes : liste de liste de entier « des listes »
appréciation a.avis : booléen « un avis »
  critères « un critère »
appréciation a.entiers : liste de entier « des avis »
  critères « un critère »
appréciation a.adresse : adresse « une adresse appréciée »
  critères « un critère »

article L. 900-99 « Article fictif : tous les types »

version du 2020-01-01
  légifrance LEGIARTI000000000099
  texte « Article fictif, pour les essais du décodeur rapide. »

  condition c « une condition » :
    t.vrai_faux et a.avis

  voie essai_types « essai des types »
    délivre carte de séjour temporaire durée 1 an
    si toutes (c)
"#;

/// A record whose fields are also provenance fields: the reference tells a record from a
/// provenance form by all of an object's keys.
const AMBIGUOUS: &str = r#"
type piece « une pièce » : fiche (
  document : texte « le nom de la pièce »,
  value : booléen « la pièce a de la valeur »,
  montant : montant « le montant de la pièce »,
)

fait t.piece : piece « une pièce »
"#;

fn program_of(text: &str) -> Program {
    let mut sources = SourceSet::new();
    sources.add("essai.motif", text);
    let compilation = compile(&sources).unwrap();
    compilation.program.unwrap_or_else(|| {
        panic!("{:?}", compilation.diagnostics);
    })
}

/// A generated dossier as JSON: its facts in an envelope with its dates.
fn envelope(subject: &Subject, index: usize, dossier: &(Dossier, Dates)) -> Json {
    let (dossier, dates) = dossier;
    json!({
        "id": format!("généré-{index}"),
        "decided_on": dates.decided_on.to_string(),
        "filed_on": dates.filed_on.map(|d| d.to_string()),
        "facts": encode_facts(&subject.program, dossier),
    })
}

/// The same JSON with the keys of every object in reverse order (`value` after the
/// provenance, the envelope's dates after the facts…).
fn reversed(json: &Json) -> Json {
    match json {
        Json::Object(fields) => {
            let mut out = Map::new();
            for (key, value) in fields.iter().rev() {
                out.insert(key.clone(), reversed(value));
            }
            Json::Object(out)
        }
        Json::Array(items) => Json::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

/// `count` generated dossiers. The generator gives appraisals any provenance, which the
/// reference refuses but for an officer's: all but one dossier in ten have their appraisals
/// given by an officer, so that most are valid.
fn generated(program: &Program, seed: u64, count: usize) -> Vec<(Dossier, Dates)> {
    let mut dossiers = generate::dossiers(program, seed, count);
    for (dossier, _) in dossiers
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| i % 10 != 0)
        .map(|(_, d)| d)
    {
        for (index, fact) in program.facts.iter().enumerate() {
            let id = FactId(index as u32);
            if let (FactKind::Appraisal { .. }, Some(known)) = (&fact.kind, dossier.known(id)) {
                let mut known = known.clone();
                known.provenance = Some(Provenance {
                    source: Source::Officer,
                    confidence: None,
                    verified: true,
                    by: Some("agent 4521".into()),
                    document: None,
                });
                dossier.set_known(id, Some(known));
            }
        }
    }
    dossiers
}

/// Checks `count` generated dossiers in three spellings; gives how many the fast path took.
fn check_generated(subject: &Subject, seed: u64, count: usize) -> usize {
    let mut took = 0;
    for (index, dossier) in generated(&subject.program, seed, count).iter().enumerate() {
        let json = envelope(subject, index, dossier);
        for text in [
            json.to_string(),
            serde_json::to_string_pretty(&json).unwrap(),
            reversed(&json).to_string(),
        ] {
            if subject.check_fast_when_valid(&text) {
                took += 1;
            }
        }
    }
    took
}

#[test]
fn generated_dossiers_agree() {
    let subject = Subject::new(ceseda());
    let took = check_generated(&subject, 0x5EED_0001, 3000);
    eprintln!("CESEDA: {took} of 9000 generated texts on the fast path");
    // One dossier in ten keeps appraisals without an officer, which the reference refuses; the
    // others are valid, and `check_fast_when_valid` makes sure they all took the fast path.
    assert!(
        took > 7000,
        "{took} generated CESEDA dossiers on the fast path"
    );

    let subject = Subject::new(program_of(EVERY_TYPE));
    let took = check_generated(&subject, 0x5EED_0002, 2000);
    eprintln!("every type: {took} of 6000 generated texts on the fast path");
    assert!(
        took > 5000,
        "{took} generated dossiers of every type on the fast path"
    );
}

#[test]
fn tricky_values_agree() {
    let subject = Subject::new(program_of(EVERY_TYPE));
    let mut took = 0;
    let mut total = 0;
    for (name, values) in tricky_values() {
        for value in values {
            let text = with(name, &value);
            if subject.check_fast_when_valid(&text) {
                took += 1;
            }
            total += 1;
        }
    }
    eprintln!("{took} of {total} tricky values on the fast path");
    assert!(
        took > 80 && took < total,
        "{took} of {total} on the fast path"
    );

    // Duplicate keys, which the reference refuses, and a list longer than the layout holds,
    // which it accepts: the fast path leaves both to it.
    for (name, value) in [
        (
            "t.nombre",
            r#"{"value": 3, "value": 4, "source": "document"}"#,
        ),
        (
            "t.nombre",
            r#"{"value": 3, "source": "document", "source": "officer"}"#,
        ),
        ("t.personne", r#"{"age": 3, "age": 4}"#),
        ("l.personnes", r#"[{"age": 1, "age": 1}]"#),
        ("l.entiers", &list(LIST_CAPACITY + 1, "1")),
    ] {
        let text = with(name, value);
        let accepted = decode(&subject.program, &text).is_ok();
        assert_eq!(accepted, name == "l.entiers", "{text}");
        assert!(subject.fast.decode(&text).is_none(), "{text}");
    }
}

#[test]
fn ambiguous_records_agree() {
    let subject = Subject::new(program_of(AMBIGUOUS));
    for value in [
        r#"{"document": "x"}"#,
        r#"{"value": true}"#,
        r#"{"document": "x", "value": true}"#,
        r#"{"value": true, "source": "document"}"#,
        r#"{"value": {"document": "x"}, "source": "document"}"#,
        r#"{"montant": 3, "document": "x", "value": false}"#,
        r#"{"source": "document", "value": {"document": "x"}}"#,
        r#"{"source": "document", "value": {"document": "x"}, "document": "d.pdf"}"#,
        r#"{"source": "document", "montant": 3}"#,
        r#"{"source": "document"}"#,
        r#"{"verified": true}"#,
        "{}",
    ] {
        subject.check(&with("t.piece", value));
    }
    // A record given with a field that is not a provenance field first takes the fast path,
    // and so does a provenance form given with a provenance field first that is not a field.
    for value in [
        r#"{"montant": 3, "document": "x", "value": false}"#,
        r#"{"source": "document", "value": {"document": "x"}, "document": "d.pdf"}"#,
        "{}",
    ] {
        assert!(subject.check(&with("t.piece", value)), "{value}");
    }
}

#[test]
fn malformed_dossiers_agree() {
    let subject = Subject::new(program_of(EVERY_TYPE));
    let deep = |depth: usize| format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let mut texts: Vec<String> = [
        "",
        " ",
        "null",
        "[]",
        "1",
        "\"x\"",
        "true",
        "{}",
        " {} \n",
        "{}x",
        "{},",
        "{}{}",
        "{} {}",
        "\u{feff}{}",
        "{",
        "}",
        "{\"facts\": null}",
        "{\"facts\": []}",
        "{\"facts\": {}}",
        "{\"facts\": 1}",
        "{\"facts\": {\"t\": null}}",
        "{\"facts\": {\"t\": []}}",
        "{\"facts\": {\"t\": 1}}",
        "{\"facts\": {\"t\": {}}, \"id\": \"x\"}",
        r#"{"facts": {"inconnu": 1}}"#,
        r#"{"facts": {"t": {"inconnu": 1}}}"#,
        r#"{"facts": {"t": {"vrai_faux": {"vrai_faux": true}}}}"#,
        r#"{"id": 1}"#,
        r#"{"description": []}"#,
        r#"{"extra": 1}"#,
        r#"{"id": null, "description": null, "decided_on": null, "filed_on": null, "facts": null}"#,
        r#"{"id": "x", "description": "y", "decided_on": "2024-02-29", "filed_on": "2024-01-01"}"#,
        r#"{"decided_on": "2024-02-30"}"#,
        r#"{"filed_on": "2024-13-01"}"#,
        r#"{"decided_on": 20240101}"#,
        r#"{"facts": {"t": {"nombre": 1}, "l": {"entiers": [1]}, "a": null}}"#,
        r#"{"fa\u0063ts": {"t": {"vrai_f\u0061ux": true}}}"#,
        r#"{"facts": {"t": {"vrai_faux": true}}"#,
        r#"{"facts": {"t": {"vrai_faux": true,}}}"#,
        r#"{"facts": {"t": {"vrai_faux": tru}}}"#,
        r#"{"facts": {"t": {"nombre": NaN}}}"#,
        r#"{"facts": {"t": {"taux": Infinity}}}"#,
        r#"{"facts": {"t": {"nombre": 01}}}"#,
        r#"{"facts": {"t": {"nombre": 1.}}}"#,
        r#"{"facts": {"t": {"nombre": +1}}}"#,
        r#"{"facts": {"t": {"libelle": "a\qb"}}}"#,
        "{\"facts\": {\"t\": {\"libelle\": \"a\u{1}b\"}}}",
        r#"// comment
        {}"#,
        r#"{'facts': {}}"#,
        r#"{facts: {}}"#,
    ]
    .map(String::from)
    .to_vec();
    for depth in [1, 2, 50, 126, 127, 128, 129, 200, 5000] {
        texts.push(deep(depth));
        texts.push(with("l.listes", &deep(depth)));
        texts.push(with(
            "t.personne",
            &format!(r#"{{"inconnu": {}}}"#, deep(depth)),
        ));
        texts.push(with("l.textes", &deep(depth)));
    }
    for text in &texts {
        subject.check_fast_when_valid(text);
    }
    // Duplicate keys: the reference refuses them (which value was meant cannot be known), and
    // the fast path leaves them to it.
    for text in [
        r#"{"decided_on": "2024-01-01", "decided_on": "2024-01-02"}"#,
        r#"{"facts": {"t": {"vrai_faux": true}}, "facts": {"t": {"nombre": 1}}}"#,
        r#"{"facts": {"t": {"vrai_faux": true}, "t": {"nombre": 1}}}"#,
        r#"{"facts": {"t": {"vrai_faux": true, "vrai_faux": false}}}"#,
    ] {
        assert!(!subject.valid(text), "{text}");
        assert!(subject.fast.decode(text).is_none(), "{text}");
    }
}

/// Random edits of valid dossiers (a character deleted, replaced, inserted, a span repeated):
/// mostly invalid JSON or invalid dossiers, never a disagreement.
#[test]
fn edited_dossiers_agree() {
    let mut texts = vec![];
    let ceseda = Subject::new(ceseda());
    for path in example_dossiers() {
        texts.push((0, read(&path)));
    }
    let every = Subject::new(program_of(EVERY_TYPE));
    for (index, dossier) in generated(&every.program, 0x5EED_0003, 40)
        .iter()
        .enumerate()
    {
        texts.push((1, envelope(&every, index, dossier).to_string()));
    }
    let subjects = [&ceseda, &every];
    let alphabet: Vec<char> = "{}[]\",:0123456789.-e ntrufalsvb\\".chars().collect();
    let mut draw = Draw(0x5EED_0004);
    let (mut took, mut total) = (0, 0);
    for round in 0..6000 {
        let (which, text) = &texts[round % texts.len()];
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..=draw.below(3) {
            let at = draw.below(chars.len());
            match draw.below(4) {
                0 => {
                    chars.remove(at);
                }
                1 => chars[at] = draw.pick(&alphabet),
                2 => chars.insert(at, draw.pick(&alphabet)),
                _ => {
                    let end = (at + draw.below(40)).min(chars.len());
                    let span: Vec<char> = chars[at..end].to_vec();
                    chars.splice(at..at, span);
                }
            }
        }
        let edited: String = chars.into_iter().collect();
        // Not `check_fast_when_valid`: an edit may repeat a key, which the fast path leaves
        // to the reference.
        if subjects[*which].check(&edited) {
            took += 1;
        }
        total += 1;
    }
    eprintln!("{took} of {total} edited dossiers on the fast path");
    assert!(
        took > 0 && took < total,
        "{took} of {total} edited dossiers on the fast path"
    );
}

/// A decoder given the layout of another program writes nothing: every dossier goes to the
/// reference decoder.
#[test]
fn a_layout_of_another_program_takes_no_dossier() {
    let program = program_of(EVERY_TYPE);
    let other = Layout::of(&program_of(AMBIGUOUS));
    let fast = FastDecoder::new(&program, &other);
    assert_eq!(fast.decode(&with("t.vrai_faux", "true")), None);
    assert!(
        FastDecoder::new(&program, &Layout::of(&program))
            .decode(&with("t.vrai_faux", "true"))
            .is_some()
    );
}
