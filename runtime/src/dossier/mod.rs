//! Decoding a dossier (JSON) against the facts the policy set declares.
//!
//! A dossier is an envelope with the facts nested by their dotted names:
//!
//! ```json
//! { "id": "2026-0042", "decided_on": "2026-03-02",
//!   "facts": { "mariage": { "lieu": "etranger", "transcrit": true } } }
//! ```
//!
//! A fact that is absent or `null` is unknown. A value may be given bare (`true`) or with where
//! it comes from (`{"value": true, "source": "extraction", "confidence": 0.93, "verified":
//! false}`). Everything else must match the declaration: an unknown field or a value of the
//! wrong type is an error naming its JSON path and what was expected. Decoding reports every
//! error it finds, not only the first, so that a case service can fix a dossier in one round.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

use crate::date::Date;
use crate::limits::{MAX_DOSSIER_BYTES, MAX_JSON_DEPTH};
use crate::program::{FactId, FactKind, Program};
use crate::suggest::did_you_mean;
use crate::value::{Known, Source, Value};

mod encode;
mod parse;
mod values;

use parse::Found;

pub use encode::encode_facts;

/// The dossier's `id`, read without decoding the rest: to name a dossier in a report even when
/// the policy set refused it.
pub fn id_of(json: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        #[serde(default)]
        id: Option<String>,
    }
    serde_json::from_str::<Envelope>(json)
        .ok()
        .and_then(|e| e.id)
}
pub(crate) use values::PROVENANCE_FIELDS;

/// A decoded dossier: one optional value per declared fact.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    pub id: Option<String>,
    pub description: Option<String>,
    /// The decision date the dossier asks for, if any (the caller may override it).
    pub decided_on: Option<Date>,
    /// The date the application was filed, for articles that apply by it.
    pub filed_on: Option<Date>,
    values: Vec<Option<Known>>,
}

impl Dossier {
    /// A dossier in which every fact is unknown.
    pub fn empty(program: &Program) -> Dossier {
        Dossier {
            id: None,
            description: None,
            decided_on: None,
            filed_on: None,
            values: vec![None; program.facts.len()],
        }
    }

    /// The value of a fact, or `None` when the dossier does not give it.
    pub fn get(&self, fact: FactId) -> Option<&Value> {
        self.known(fact).map(|k| &k.value)
    }

    /// The value of a fact with its provenance.
    pub fn known(&self, fact: FactId) -> Option<&Known> {
        self.values.get(fact.0 as usize).and_then(Option::as_ref)
    }

    /// Sets or erases a fact, without provenance. Values are not checked here: this is for
    /// programs that build dossiers themselves (tests, generators), which go through [`decode`]
    /// otherwise.
    pub fn set(&mut self, fact: FactId, value: Option<Value>) {
        self.set_known(
            fact,
            value.map(|value| Known {
                value,
                provenance: None,
            }),
        );
    }

    /// Sets or erases a fact with its provenance.
    pub fn set_known(&mut self, fact: FactId, known: Option<Known>) {
        if let Some(slot) = self.values.get_mut(fact.0 as usize) {
            *slot = known;
        }
    }
}

/// One problem in a dossier, at a JSON path such as `$.facts.mariage.transcrit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierError {
    pub path: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// A field that the dossier format or the policy set does not declare.
    UnknownField {
        field: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    /// A value of the wrong JSON type.
    WrongType { expected: String, found: String },
    /// A string that is not one of an enumeration's values.
    UnknownVariant {
        value: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    /// A value that is not valid for its type (a date that does not exist, an amount with
    /// fractions of a cent…).
    BadValue { message: String },
    /// An appraisal given without the officer who made it, or by something else than an
    /// officer.
    AppraisalWithoutOfficer,
    /// The bytes are not UTF-8 text: the first invalid byte is at `offset`.
    NotUtf8 { offset: usize },
    /// A key given twice in one object: which value is meant cannot be known.
    DuplicateKey { key: String },
    /// The document is larger than [`MAX_DOSSIER_BYTES`].
    TooLarge { bytes: usize, limit: usize },
    /// Objects and arrays nested deeper than [`MAX_JSON_DEPTH`].
    TooDeep { limit: usize },
    /// A list longer than [`MAX_LIST_LENGTH`](crate::limits::MAX_LIST_LENGTH).
    TooLong { length: usize, limit: usize },
}

impl fmt::Display for DossierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &self.problem {
            Problem::Syntax {
                line,
                column,
                message,
            } => {
                write!(
                    f,
                    "{path} : JSON invalide (ligne {line}, colonne {column}) : {message}"
                )
            }
            Problem::UnknownField {
                field,
                expected,
                suggestion,
            } => {
                write!(f, "{path} : champ inconnu « {field} »")?;
                if let Some(s) = suggestion {
                    write!(f, " ; vouliez-vous dire « {s} » ?")?;
                }
                if !expected.is_empty() {
                    write!(f, " (champs attendus ici : {})", expected.join(", "))?;
                }
                Ok(())
            }
            Problem::WrongType { expected, found } => {
                write!(f, "{path} : attendu {expected}, trouvé {found}")
            }
            Problem::UnknownVariant {
                value,
                expected,
                suggestion,
            } => {
                write!(f, "{path} : valeur inconnue \"{value}\"")?;
                if let Some(s) = suggestion {
                    write!(f, " ; vouliez-vous dire \"{s}\" ?")?;
                }
                write!(f, " (valeurs possibles : {})", expected.join(", "))
            }
            Problem::BadValue { message } => write!(f, "{path} : {message}"),
            Problem::NotUtf8 { offset } => write!(
                f,
                "{path} : le dossier n'est pas du texte UTF-8 (octet invalide à la position {offset})"
            ),
            Problem::DuplicateKey { key } => write!(
                f,
                "{path} : la clé « {key} » est donnée deux fois dans le même objet ; gardez-en une seule"
            ),
            Problem::TooLarge { bytes, limit } => write!(
                f,
                "{path} : le dossier fait {bytes} octets, plus que la limite de {limit} octets"
            ),
            Problem::TooDeep { limit } => write!(
                f,
                "{path} : objets et tableaux imbriqués sur plus de {limit} niveaux (la limite d'un dossier)"
            ),
            Problem::TooLong { length, limit } => write!(
                f,
                "{path} : une liste de {length} éléments, plus que la limite de {limit}"
            ),
            Problem::AppraisalWithoutOfficer => write!(
                f,
                "{path} : une appréciation ne peut être donnée que par un agent, avec son nom : \
                 {{\"value\": …, \"source\": \"officer\", \"by\": \"…\"}}"
            ),
        }
    }
}

/// All the problems found in one dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierErrors(pub Vec<DossierError>);

impl fmt::Display for DossierErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DossierErrors {}

/// The facts of a program arranged as the dossier nests them.
#[derive(Debug, Default)]
struct Group {
    members: BTreeMap<String, Member>,
}

#[derive(Debug)]
enum Member {
    Fact(FactId),
    Group(Group),
}

impl Group {
    fn of(program: &Program) -> Group {
        let mut root = Group::default();
        for (index, fact) in program.facts.iter().enumerate() {
            let mut group = &mut root;
            let mut parts = fact.name.split('.').peekable();
            while let Some(part) = parts.next() {
                if parts.peek().is_none() {
                    group
                        .members
                        .insert(part.to_string(), Member::Fact(FactId(index as u32)));
                    break;
                }
                // The compiler rejects a name that is both a fact and a group, so the entry is
                // either absent or a group; a fact here would be replaced, never indexed.
                let entry = group
                    .members
                    .entry(part.to_string())
                    .or_insert_with(|| Member::Group(Group::default()));
                if !matches!(entry, Member::Group(_)) {
                    *entry = Member::Group(Group::default());
                }
                let Member::Group(inner) = entry else { break };
                group = inner;
            }
        }
        root
    }
}

/// The fields of the dossier envelope.
const ENVELOPE_FIELDS: [&str; 5] = ["id", "description", "decided_on", "filed_on", "facts"];

/// Decodes a dossier given as bytes (a file, a request body): as [`decode`], once the bytes are
/// known to be UTF-8 text.
pub fn decode_bytes(program: &Program, bytes: &[u8]) -> Result<Dossier, DossierErrors> {
    if bytes.len() > MAX_DOSSIER_BYTES {
        return Err(too_large(bytes.len()));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => decode(program, text),
        Err(e) => Err(DossierErrors(vec![DossierError {
            path: "$".into(),
            problem: Problem::NotUtf8 {
                offset: e.valid_up_to(),
            },
        }])),
    }
}

/// The error for a dossier of `bytes` bytes, beyond [`MAX_DOSSIER_BYTES`].
pub fn too_large(bytes: usize) -> DossierErrors {
    DossierErrors(vec![DossierError {
        path: "$".into(),
        problem: Problem::TooLarge {
            bytes,
            limit: MAX_DOSSIER_BYTES,
        },
    }])
}

/// Decodes a dossier, reporting every problem found.
pub fn decode(program: &Program, json: &str) -> Result<Dossier, DossierErrors> {
    if json.len() > MAX_DOSSIER_BYTES {
        return Err(too_large(json.len()));
    }
    let parsed = parse::parse(json).map_err(|e| {
        DossierErrors(vec![DossierError {
            path: crate::json_path::at(json, e.line(), e.column()),
            problem: Problem::Syntax {
                line: e.line(),
                column: e.column(),
                message: syntax_message(&e),
            },
        }])
    })?;
    let mut decoder = Decoder {
        program,
        dossier: Dossier::empty(program),
        errors: Vec::new(),
    };
    for found in parsed.found {
        match found {
            Found::DuplicateKey { path, key } => {
                decoder.error(&path, Problem::DuplicateKey { key });
            }
            Found::TooDeep { path } => decoder.error(
                &path,
                Problem::TooDeep {
                    limit: MAX_JSON_DEPTH,
                },
            ),
        }
    }
    if !decoder.errors.is_empty() {
        return Err(DossierErrors(decoder.errors));
    }
    decoder.envelope(&parsed.document);
    if decoder.errors.is_empty() {
        Ok(decoder.dossier)
    } else {
        Err(DossierErrors(decoder.errors))
    }
}

pub(crate) struct Decoder<'p> {
    program: &'p Program,
    dossier: Dossier,
    errors: Vec<DossierError>,
}

impl Decoder<'_> {
    pub(crate) fn error(&mut self, path: &str, problem: Problem) {
        self.errors.push(DossierError {
            path: path.to_string(),
            problem,
        });
    }

    fn envelope(&mut self, document: &Json) {
        let Json::Object(fields) = document else {
            self.wrong_type("$", "un objet JSON (le dossier)", document);
            return;
        };
        for (key, value) in fields {
            let path = child_path("$", key);
            match key.as_str() {
                "id" => self.dossier.id = self.optional_string(&path, value),
                "description" => self.dossier.description = self.optional_string(&path, value),
                "decided_on" => self.dossier.decided_on = self.optional_date(&path, value),
                "filed_on" => self.dossier.filed_on = self.optional_date(&path, value),
                "facts" => {
                    let root = Group::of(self.program);
                    self.group(&root, &path, value);
                }
                _ => self.unknown_field(&path, key, ENVELOPE_FIELDS.iter().map(|s| s.to_string())),
            }
        }
    }

    fn optional_date(&mut self, path: &str, value: &Json) -> Option<Date> {
        match value {
            Json::Null => None,
            Json::String(text) => match text.parse::<Date>() {
                Ok(date) => Some(date),
                Err(e) => {
                    self.error(
                        path,
                        Problem::BadValue {
                            message: e.to_string(),
                        },
                    );
                    None
                }
            },
            other => {
                self.wrong_type(path, "une date \"AAAA-MM-JJ\"", other);
                None
            }
        }
    }

    fn optional_string(&mut self, path: &str, value: &Json) -> Option<String> {
        match value {
            Json::Null => None,
            Json::String(s) => Some(s.clone()),
            other => {
                self.wrong_type(path, "une chaîne", other);
                None
            }
        }
    }

    fn group(&mut self, group: &Group, path: &str, value: &Json) {
        let fields = match value {
            Json::Null => return,
            Json::Object(fields) => fields,
            other => return self.wrong_type(path, "un objet JSON (un groupe de faits)", other),
        };
        for (key, value) in fields {
            let child = child_path(path, key);
            match group.members.get(key) {
                Some(Member::Fact(fact)) => self.fact(*fact, &child, value),
                Some(Member::Group(inner)) => self.group(inner, &child, value),
                None => self.unknown_field(&child, key, group.members.keys().cloned()),
            }
        }
    }

    fn fact(&mut self, fact: FactId, path: &str, json: &Json) {
        let decl = self.program.fact(fact);
        let known = self.known(&decl.ty, path, json);
        if let (FactKind::Appraisal { .. }, Some(k)) = (&decl.kind, &known) {
            let by_officer = k
                .provenance
                .as_ref()
                .is_some_and(|p| p.source == Source::Officer && p.by.is_some());
            if !by_officer {
                self.error(path, Problem::AppraisalWithoutOfficer);
                return;
            }
        }
        self.dossier.set_known(fact, known);
    }

    pub(crate) fn wrong_type(&mut self, path: &str, expected: &str, found: &Json) {
        self.error(
            path,
            Problem::WrongType {
                expected: expected.to_string(),
                found: describe_json(found),
            },
        );
    }

    pub(crate) fn unknown_field(
        &mut self,
        path: &str,
        field: &str,
        expected: impl Iterator<Item = String>,
    ) {
        let expected: Vec<String> = expected.collect();
        let suggestion = did_you_mean(field, expected.iter().map(String::as_str));
        self.error(
            path,
            Problem::UnknownField {
                field: field.to_string(),
                expected,
                suggestion,
            },
        );
    }
}

pub(crate) fn child_path(parent: &str, key: &str) -> String {
    format!("{parent}{}", crate::json_path::segment(key))
}

/// A short description of a JSON value, for "expected …, found …".
pub(crate) fn describe_json(value: &Json) -> String {
    const MAX: usize = 40;
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => format!("le booléen {b}"),
        Json::Number(n) => format!("le nombre {n}"),
        Json::String(s) if s.chars().count() > MAX => {
            let head: String = s.chars().take(MAX).collect();
            format!("la chaîne \"{head}…\"")
        }
        Json::String(s) => format!("la chaîne \"{s}\""),
        Json::Array(items) => format!("un tableau de {} élément(s)", items.len()),
        Json::Object(_) => "un objet".into(),
    }
}

/// serde_json's message in French, without its " at line L column C" (reported apart).
fn syntax_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let message = match text.rfind(" at line ") {
        Some(cut) => &text[..cut],
        None => text.as_str(),
    };
    let french = match message {
        "trailing comma" => "virgule en trop avant la fermeture",
        "EOF while parsing an object"
        | "EOF while parsing a list"
        | "EOF while parsing a value" => "le texte s'arrête avant la fin du document",
        "EOF while parsing a string" => "chaîne non fermée",
        "expected value" => "valeur attendue",
        "expected `:`" => "`:` attendu",
        "expected `,` or `}`" => "`,` ou `}` attendu",
        "expected `,` or `]`" => "`,` ou `]` attendu",
        "key must be a string" => "une clé doit être une chaîne entre guillemets",
        "trailing characters" => "caractères après la fin du document",
        "invalid number" => "nombre invalide",
        "number out of range" => "nombre hors limites",
        "recursion limit exceeded" => "document trop profondément imbriqué",
        "invalid escape" => "séquence d'échappement invalide",
        "invalid unicode code point" => "caractère unicode invalide",
        other if other.starts_with("control character") => "caractère de contrôle dans une chaîne",
        other => other,
    };
    french.to_string()
}
