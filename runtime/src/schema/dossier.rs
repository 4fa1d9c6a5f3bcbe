//! The JSON Schema of the dossier a policy set reads (`motif schema --dossier`).
//!
//! The decoder ([`crate::dossier::decode`]) is the authority; this schema says what it accepts,
//! as closely as JSON Schema can:
//!
//! - the envelope (`id`, `description`, `decided_on`, `filed_on`, `facts`), and nothing else;
//! - the facts nested by the segments of their names, each group an object (or `null`) with no
//!   other member than its facts and groups;
//! - each value bare, or in its provenance form (`value`, `source`, `confidence`, `verified`,
//!   `by`, `document`), or `null` (unknown); an appraisal only in its provenance form, and given
//!   by an officer with `by` when it has a value;
//! - each type written as the decoder reads it: an amount as a JSON number of euros to the cent
//!   or as a string (`"1 766,92"`), a decimal with at most six decimal places, a duration as
//!   `"6 mois"`, a date `AAAA-MM-JJ`, an enumeration's value by its name, a record as an object
//!   of its fields, a list as an array without `null` elements.
//!
//! What the schema does not say is left to the decoder (`tests/tests/dossier_schema.rs` lists
//! each case): an integer written `1.0` or `1e2` (for JSON Schema, the integer 1 or 100), or
//! below -2⁶³ (read as a float equal to the bound); an amount or a decimal written as a string
//! beyond the 64-bit range of cents or millionths, and a duration beyond 2³² - 1 units (a
//! pattern does not bound the value of its digits). A date that does not exist in the calendar
//! (`2023-02-30`) is refused through `format: date`, which a validator checks only when it
//! asserts formats.
//!
//! Draft 2020-12; the same program gives the same bytes on every run.

use std::collections::BTreeMap;

use serde_json::{Map, Value as Json, json};

use crate::program::{FactDecl, FactKind, Program};
use crate::value::{Type, TypeDecl, TypeId, TypeKind};

use crate::dossier::PROVENANCE_FIELDS;

/// What the decoder's `trim` and `split_whitespace` take for white space (Unicode's
/// `White_Space`), as a class: ECMAScript's `\s` is not the same set.
const SPACE: &str = r"[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

/// The spaces an amount may have between its digits (`1 766,92`, `1 766,92`).
const GROUPING: &str = r"[ \u00a0\u202f]";

/// The names of the definitions shared by every dossier schema. A policy's own types keep their
/// names, which never contain `:`.
const PROVENANCE: &str = "motif:provenance";
const DATE: &str = "motif:date";
const INTEGER: &str = "motif:entier";
const DECIMAL: &str = "motif:decimal";
const MONEY: &str = "motif:montant";
const DURATION: &str = "motif:duree";

/// The largest decimal the decoder reads (it counts millionths in 64 bits), as near as a JSON
/// number can say it.
const DECIMAL_LIMIT: f64 = i64::MAX as f64 / 1_000_000.0;

/// What the schema is, for whoever reads it first.
const DESCRIPTION: &str = "A dossier, as `motif assess` reads it: the JSON a case service sends to have an application assessed against this policy set. The facts are nested by the segments of their names (`mariage.transcrit` is `{\"mariage\": {\"transcrit\": …}}`). A fact that is absent or `null` is unknown, never false: nothing is required. A value is given bare (`true`, `615.5`, `\"2021-11-20\"`), or with where it comes from: `{\"value\": …, \"source\": \"document\" | \"officer\" | \"extraction\", \"confidence\": 0.93, \"verified\": false, \"by\": \"…\", \"document\": \"…\"}`. An appraisal is accepted only from an officer, with who made it. Any other member is an error.";

/// The schema of the dossiers `program` reads (draft 2020-12). The same bytes on every run.
pub fn dossier(program: &Program) -> Json {
    let mut writer = Writer {
        program,
        defs: BTreeMap::new(),
    };
    let facts = writer.facts();
    let date_or_null = |writer: &mut Writer<'_>, description: &str| {
        json!({
            "description": description,
            "anyOf": [writer.shared(DATE), { "type": "null" }]
        })
    };
    let decided_on = date_or_null(
        &mut writer,
        "The date of the decision: the law in force on that date applies. `motif assess --decided-on` overrides it; one of the two is required.",
    );
    let filed_on = date_or_null(
        &mut writer,
        "The date the application was filed, for the articles that apply by it. When it is needed and unknown, the route is `incomplete` and asks for it.",
    );
    // The provenance form is always there: every fact may be given with one.
    writer.shared(PROVENANCE);

    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert("$id".into(), json!("urn:motif:dossier"));
    root.insert("title".into(), json!(title(program)));
    root.insert("description".into(), json!(DESCRIPTION));
    root.insert("type".into(), json!("object"));
    root.insert(
        "properties".into(),
        json!({
            "id": {
                "description": "The dossier's identifier in the case service, repeated in the assessment.",
                "type": ["string", "null"]
            },
            "description": {
                "description": "What the dossier is, for whoever reads it.",
                "type": ["string", "null"]
            },
            "decided_on": decided_on,
            "filed_on": filed_on,
            "facts": facts
        }),
    );
    root.insert("additionalProperties".into(), json!(false));
    root.insert(
        "$defs".into(),
        Json::Object(std::mem::take(&mut writer.defs).into_iter().collect()),
    );
    Json::Object(root)
}

/// `Dossier — policy set sha256:…`.
fn title(program: &Program) -> String {
    if program.fingerprint.is_empty() {
        "Motif dossier — policy set built by hand (no fingerprint)".into()
    } else {
        format!("Motif dossier — policy set {}", program.fingerprint)
    }
}

/// The facts of a program arranged as the dossier nests them, in the order they are declared.
#[derive(Default)]
struct Group<'p> {
    members: Vec<(&'p str, Member<'p>)>,
}

enum Member<'p> {
    Fact(&'p FactDecl),
    Group(Group<'p>),
}

impl<'p> Group<'p> {
    fn of(program: &'p Program) -> Group<'p> {
        let mut root = Group::default();
        for fact in &program.facts {
            let mut group = &mut root;
            let mut segments = fact.name.split('.').peekable();
            while let Some(segment) = segments.next() {
                if segments.peek().is_none() {
                    group.members.push((segment, Member::Fact(fact)));
                    break;
                }
                let index = match group
                    .members
                    .iter()
                    .position(|(name, m)| *name == segment && matches!(m, Member::Group(_)))
                {
                    Some(index) => index,
                    None => {
                        group
                            .members
                            .push((segment, Member::Group(Group::default())));
                        group.members.len() - 1
                    }
                };
                // The compiler rejects a name that is both a fact and a group of facts.
                let Some((_, Member::Group(inner))) = group.members.get_mut(index) else {
                    break;
                };
                group = inner;
            }
        }
        root
    }
}

struct Writer<'p> {
    program: &'p Program,
    /// The definitions used so far, by name: the policy's named types and the shared forms.
    defs: BTreeMap<String, Json>,
}

impl Writer<'_> {
    /// The `facts` member: the groups and facts of the program.
    fn facts(&mut self) -> Json {
        let root = Group::of(self.program);
        let mut schema = self.group(&root);
        if let Json::Object(map) = &mut schema {
            map.shift_insert(
                0,
                "description".into(),
                json!("The facts the dossier gives, nested by the segments of their names."),
            );
        }
        schema
    }

    /// A group of facts: an object of its members, or `null` (all of them unknown).
    fn group(&mut self, group: &Group<'_>) -> Json {
        let mut properties = Map::new();
        for (name, member) in &group.members {
            let schema = match member {
                Member::Fact(fact) => self.fact(fact),
                Member::Group(inner) => self.group(inner),
            };
            properties.insert((*name).to_string(), schema);
        }
        json!({
            "type": ["object", "null"],
            "properties": properties,
            "additionalProperties": false
        })
    }

    /// A fact: unknown, bare or with its provenance; an appraisal only with its provenance.
    fn fact(&mut self, fact: &FactDecl) -> Json {
        let branches = match fact.kind {
            FactKind::Fact => self.known_branches(&fact.ty),
            FactKind::Appraisal { .. } => {
                let mut by_officer = self.with_provenance(&fact.ty);
                if let Json::Object(map) = &mut by_officer {
                    map.insert(
                        "if".into(),
                        json!({
                            "properties": { "value": { "not": { "type": "null" } } },
                            "required": ["value"]
                        }),
                    );
                    map.insert(
                        "then".into(),
                        json!({
                            "properties": { "source": { "const": "officer" } },
                            "required": ["by"]
                        }),
                    );
                }
                vec![json!({ "type": "null" }), by_officer]
            }
        };
        json!({
            "description": fact_description(fact),
            "anyOf": branches
        })
    }

    /// Where a value may be unknown (a fact, a record's field): `null`, bare, or with its
    /// provenance.
    fn known_branches(&mut self, ty: &Type) -> Vec<Json> {
        let mut branches = vec![json!({ "type": "null" })];
        branches.extend(self.given_branches(ty));
        branches
    }

    /// A value given, bare or with its provenance (a list's element, which cannot be `null`).
    fn given_branches(&mut self, ty: &Type) -> Vec<Json> {
        let mut bare = self.bare(ty);
        // An object with `value` and only provenance fields is the provenance form, even where a
        // record with a field named `value` is expected.
        if let Type::Record(id) = ty
            && self
                .program
                .type_decl(*id)
                .fields()
                .iter()
                .any(|f| f.name == "value")
            && let Json::Object(map) = &mut bare
        {
            map.insert(
                "not".into(),
                json!({
                    "required": ["value"],
                    "propertyNames": { "enum": PROVENANCE_FIELDS }
                }),
            );
        }
        vec![bare, self.with_provenance(ty)]
    }

    /// A value with its provenance: `value` (`null` or absent: unknown) and the shared fields.
    fn with_provenance(&mut self, ty: &Type) -> Json {
        let shared = self.shared(PROVENANCE);
        let value = json!({ "anyOf": [self.bare(ty), { "type": "null" }] });
        let mut schema = match shared {
            Json::Object(map) => map,
            _ => Map::new(),
        };
        schema.insert("properties".into(), json!({ "value": value }));
        // An object at a record's place is its provenance form only if it has a `value`.
        if matches!(ty, Type::Record(_)) {
            schema.insert("required".into(), json!(["value"]));
        }
        schema.insert("unevaluatedProperties".into(), json!(false));
        Json::Object(schema)
    }

    /// A bare value of type `ty`.
    fn bare(&mut self, ty: &Type) -> Json {
        match ty {
            Type::Bool => json!({ "type": "boolean" }),
            Type::Int => self.shared(INTEGER),
            Type::Decimal => self.shared(DECIMAL),
            Type::Money => self.shared(MONEY),
            Type::Text => json!({ "type": "string" }),
            Type::Date => self.shared(DATE),
            Type::Duration => self.shared(DURATION),
            Type::Enum(id) => match &self.program.type_decl(*id).name {
                Some(_) => self.named(*id),
                None => enumeration(self.program.type_decl(*id)),
            },
            Type::Record(id) => self.named(*id),
            Type::List(element) => json!({
                "type": "array",
                "maxItems": crate::limits::MAX_LIST_LENGTH,
                "items": { "anyOf": self.given_branches(element) }
            }),
        }
    }

    /// A reference to the definition of a declared type, written the first time it is met (a
    /// record may contain itself: its definition is reserved before it is written).
    fn named(&mut self, id: TypeId) -> Json {
        let decl = self.program.type_decl(id);
        let key = match &decl.name {
            Some(name) => name.clone(),
            None => format!("motif:type-{}", id.0),
        };
        if !self.defs.contains_key(&key) {
            self.defs.insert(key.clone(), Json::Null);
            let schema = match &decl.kind {
                TypeKind::Enum { .. } => enumeration(decl),
                TypeKind::Record { fields } => {
                    let mut properties = Map::new();
                    for field in fields {
                        let description = field.label.clone().unwrap_or_else(|| field.name.clone());
                        let branches = self.known_branches(&field.ty);
                        properties.insert(
                            field.name.clone(),
                            json!({
                                "description": with_documents(description, &field.documents),
                                "anyOf": branches
                            }),
                        );
                    }
                    json!({
                        "description": format!("The record (`fiche`) `{key}`: an object of its fields, each of which may be unknown."),
                        "type": "object",
                        "properties": properties,
                        "additionalProperties": false
                    })
                }
            };
            self.defs.insert(key.clone(), schema);
        }
        reference(&key)
    }

    /// A reference to one of the shared definitions, added when first used.
    fn shared(&mut self, key: &'static str) -> Json {
        if !self.defs.contains_key(key) {
            self.defs.insert(key.into(), shared_definition(key));
        }
        reference(key)
    }
}

/// `{"$ref": "#/$defs/KEY"}`, the key escaped as a JSON pointer in a URI fragment.
fn reference(key: &str) -> Json {
    let mut pointer = String::from("#/$defs/");
    for c in key.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c if c.is_ascii_alphanumeric() || "-._:@$".contains(c) => pointer.push(c),
            c => {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    pointer.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    json!({ "$ref": pointer })
}

/// An enumeration or a scale: its values by name, with their labels.
fn enumeration(decl: &TypeDecl) -> Json {
    let (variants, ordered) = match &decl.kind {
        TypeKind::Enum { variants, ordered } => (variants.as_slice(), *ordered),
        TypeKind::Record { .. } => (&[][..], false),
    };
    let what = match (&decl.name, ordered) {
        (Some(name), true) => format!("The scale `{name}`, from the lowest value to the highest:"),
        (Some(name), false) => format!("The enumeration `{name}`, one of:"),
        (None, true) => "A scale, from the lowest value to the highest:".to_string(),
        (None, false) => "One of:".to_string(),
    };
    let mut description = what;
    for variant in variants {
        description.push_str(&format!("\n- `{}`", variant.name));
        if let Some(label) = &variant.label {
            description.push_str(&format!(" : {label}"));
        }
    }
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    json!({
        "description": description,
        "enum": names
    })
}

/// A fact's label, then what the dossier must know about it.
fn fact_description(fact: &FactDecl) -> String {
    let mut text = fact.label.clone().unwrap_or_else(|| fact.name.clone());
    if let FactKind::Appraisal { criteria } = &fact.kind {
        text.push_str("\n\nAn appraisal: accepted only from an officer, with who made it (`{\"value\": …, \"source\": \"officer\", \"by\": \"…\"}`); the engine never infers it.");
        if !criteria.is_empty() {
            let quoted: Vec<String> = criteria.iter().map(|c| format!("« {c} »")).collect();
            text.push_str(&format!(" Criteria: {}.", quoted.join(", ")));
        }
    }
    if fact.sensitive {
        text.push_str("\n\nSensitive data (GDPR art. 9): it may lead to `eligible` or to the officer's appraisal, never to a refusal.");
    }
    with_documents(text, &fact.documents)
}

fn with_documents(mut text: String, documents: &[String]) -> String {
    if !documents.is_empty() {
        let quoted: Vec<String> = documents.iter().map(|d| format!("« {d} »")).collect();
        text.push_str(&format!(
            "\n\nDocuments that establish it: {}.",
            quoted.join(", ")
        ));
    }
    text
}

/// The shared definitions: how each kind of value is written, and the provenance form.
fn shared_definition(key: &str) -> Json {
    let space = SPACE;
    let grouping = GROUPING;
    match key {
        PROVENANCE => json!({
            "description": "A value with where it comes from. `value` is the value (`null` or absent: unknown); `source` is required.",
            "type": "object",
            "properties": {
                "source": {
                    "description": "Where the value comes from: a document of the dossier read by a person, an officer, or an extraction by a program (to be verified).",
                    "enum": ["document", "officer", "extraction"]
                },
                "confidence": {
                    "description": "The extraction's confidence, from 0 to 1, with at most six decimal places (a number below 0.00001 other than 0, which JSON writes with an exponent, is refused).",
                    "type": "number",
                    "minimum": 0,
                    "maximum": 1,
                    "multipleOf": 0.000001,
                    "not": { "exclusiveMinimum": 0, "exclusiveMaximum": 0.00001 }
                },
                "verified": {
                    "description": "Whether a person checked the value (`false` when absent).",
                    "type": "boolean"
                },
                "by": {
                    "description": "Who gave or checked the value: required for an appraisal.",
                    "type": "string"
                },
                "document": {
                    "description": "The document the value was read from.",
                    "type": "string"
                }
            },
            "required": ["source"]
        }),
        DATE => json!({
            "description": "A date (`date`), `AAAA-MM-JJ`, of a day that exists, in years 0001 to 9999.",
            "type": "string",
            "format": "date",
            "pattern": "^([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
        }),
        INTEGER => json!({
            "description": "An integer (`entier`), written without a fraction or an exponent.",
            "type": "integer",
            "minimum": i64::MIN,
            "maximum": i64::MAX
        }),
        DECIMAL => json!({
            "description": "An exact decimal number (`décimal`), with at most six decimal places: a JSON number (`0.6`; one below 0.00001 other than 0, which JSON writes with an exponent, is refused), or a string with `.` or `,` (`\"0,6\"`).",
            "anyOf": [
                {
                    "type": "number",
                    "multipleOf": 0.000001,
                    "minimum": -DECIMAL_LIMIT,
                    "maximum": DECIMAL_LIMIT,
                    "not": {
                        "exclusiveMinimum": -0.00001,
                        "exclusiveMaximum": 0.00001,
                        "not": { "const": 0 }
                    }
                },
                {
                    "type": "string",
                    "pattern": format!("^{space}*-?[0-9]+([,.][0-9]{{0,6}})?{space}*$")
                }
            ]
        }),
        MONEY => json!({
            "description": "An amount in euros (`montant`), to the cent, never negative: a JSON number of euros (`615.5`), or a string with `.` or `,` and spaces between groups of digits (`\"1 766,92\"`).",
            "anyOf": [
                {
                    "type": "number",
                    "multipleOf": 0.01,
                    "minimum": 0,
                    "maximum": 92_233_720_368_547_758_i64
                },
                {
                    "type": "string",
                    "pattern": format!("^{space}*({grouping}*[0-9])+({grouping}*[,.]({grouping}*[0-9]){{0,2}})?{space}*$")
                }
            ]
        }),
        DURATION => json!({
            "description": "A duration (`durée`): a whole number of years, months or days, `\"1 an\"`, `\"18 ans\"`, `\"6 mois\"`, `\"30 jours\"`.",
            "type": "string",
            "pattern": format!("^{space}*\\+?[0-9]+{space}+(an|ans|mois|jour|jours){space}*$")
        }),
        _ => json!({}),
    }
}
