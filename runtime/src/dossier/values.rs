//! Decoding one value of a declared type, bare or with its provenance.

use serde_json::{Map, Value as Json};

use super::{Decoder, Problem, child_path};
use crate::date::{Date, Duration, DurationUnit};
use crate::limits::MAX_LIST_LENGTH;
use crate::numbers::{Decimal, Money};
use crate::program::Program;
use crate::suggest::did_you_mean;
use crate::value::{Known, Provenance, Source, Type, Value};

/// The fields of a value given with its provenance.
pub(crate) const PROVENANCE_FIELDS: [&str; 6] = [
    "value",
    "source",
    "confidence",
    "verified",
    "by",
    "document",
];

impl Decoder<'_> {
    /// A value of type `ty` at `path`: `None` when it is `null` (unknown) or wrong (the error is
    /// recorded).
    pub(super) fn known(&mut self, ty: &Type, path: &str, json: &Json) -> Option<Known> {
        match json {
            Json::Null => None,
            Json::Object(fields) if is_provenance_form(ty, fields) => {
                self.with_provenance(ty, path, fields)
            }
            _ => self.value(ty, path, json).map(|value| Known {
                value,
                provenance: None,
            }),
        }
    }

    fn with_provenance(
        &mut self,
        ty: &Type,
        path: &str,
        fields: &Map<String, Json>,
    ) -> Option<Known> {
        let mut provenance = Provenance {
            source: Source::Document,
            confidence: None,
            verified: false,
            by: None,
            document: None,
        };
        let mut has_source = false;
        let mut ok = true;
        for (key, json) in fields {
            let at = child_path(path, key);
            match (key.as_str(), json) {
                ("value", _) => {}
                ("source", Json::String(s)) => {
                    has_source = true;
                    provenance.source = match s.as_str() {
                        "document" => Source::Document,
                        "officer" => Source::Officer,
                        "extraction" => Source::Extraction,
                        other => {
                            let expected: Vec<String> = ["document", "officer", "extraction"]
                                .map(String::from)
                                .to_vec();
                            let suggestion =
                                did_you_mean(other, expected.iter().map(String::as_str));
                            self.error(
                                &at,
                                Problem::UnknownVariant {
                                    value: other.into(),
                                    expected,
                                    suggestion,
                                },
                            );
                            ok = false;
                            Source::Document
                        }
                    }
                }
                ("confidence", Json::Number(n)) => match Decimal::parse(&n.to_string()) {
                    Some(c)
                        if c >= Decimal::from_micros(0) && c <= Decimal::from_micros(1_000_000) =>
                    {
                        provenance.confidence = Some(c);
                    }
                    _ => {
                        self.error(
                            &at,
                            Problem::BadValue {
                                message: format!(
                                    "une confiance est un nombre entre 0 et 1, pas {n}"
                                ),
                            },
                        );
                        ok = false;
                    }
                },
                ("verified", Json::Bool(b)) => provenance.verified = *b,
                ("by", Json::String(s)) => provenance.by = Some(s.clone()),
                ("document", Json::String(s)) => provenance.document = Some(s.clone()),
                ("source" | "by" | "document", other) => {
                    self.wrong_type(&at, "une chaîne", other);
                    ok = false;
                }
                ("confidence", other) => {
                    self.wrong_type(&at, "un nombre entre 0 et 1", other);
                    ok = false;
                }
                ("verified", other) => {
                    self.wrong_type(&at, "un booléen (true ou false)", other);
                    ok = false;
                }
                _ => {
                    self.unknown_field(&at, key, PROVENANCE_FIELDS.iter().map(|s| s.to_string()));
                    ok = false;
                }
            }
        }
        if !has_source {
            self.error(&child_path(path, "source"), Problem::BadValue {
                message: "la provenance d'une valeur doit dire sa source : \"document\", \"officer\" ou \"extraction\"".into(),
            });
            ok = false;
        }
        let value = fields.get("value").and_then(|json| match json {
            Json::Null => None,
            json => self.value(ty, &child_path(path, "value"), json),
        });
        if !ok {
            return None;
        }
        value.map(|value| Known {
            value,
            provenance: Some(provenance),
        })
    }

    /// A bare value of type `ty`.
    fn value(&mut self, ty: &Type, path: &str, json: &Json) -> Option<Value> {
        let program = self.program;
        let bad = |message: String| Problem::BadValue { message };
        let result = match (ty, json) {
            (Type::Bool, Json::Bool(b)) => Ok(Value::Bool(*b)),
            (Type::Int, Json::Number(n)) => n.as_i64().map(Value::Int).ok_or_else(|| {
                Some(bad(format!(
                    "{n} n'est pas un nombre entier compris entre {} et {}",
                    i64::MIN,
                    i64::MAX
                )))
            }),
            (Type::Decimal, Json::Number(_) | Json::String(_)) => {
                let text = number_text(json);
                Decimal::parse(&text)
                    .map(Value::Decimal)
                    .ok_or_else(|| Some(bad(format!("« {text} » n'est pas un nombre décimal d'au plus six décimales"))))
            }
            (Type::Money, Json::Number(_) | Json::String(_)) => {
                let text = number_text(json);
                match Money::parse(&text) {
                    // Amounts a dossier gives (resources, salaries, fees) are never negative.
                    Some(money) if money.cents() < 0 => Err(Some(bad(format!("« {text} » : un montant ne peut pas être négatif")))),
                    Some(money) => Ok(Value::Money(money)),
                    None => Err(Some(bad(format!("« {text} » n'est pas un montant en euros, au centime près")))),
                }
            }
            (Type::Text, Json::String(s)) => Ok(Value::Text(s.clone())),
            (Type::Date, Json::String(s)) => s.parse::<Date>().map(Value::Date).map_err(|e| Some(bad(e.to_string()))),
            (Type::Duration, Json::String(s)) => parse_duration(s)
                .map(Value::Duration)
                .ok_or_else(|| Some(bad(format!("« {s} » n'est pas une durée (par exemple \"6 mois\", \"1 an\", \"30 jours\")")))),
            (Type::Enum(id), Json::String(s)) => {
                let decl = program.type_decl(*id);
                if decl.variant(s).is_some() {
                    Ok(Value::Enum(s.clone()))
                } else {
                    let expected: Vec<String> = decl.variants().iter().map(|v| v.name.clone()).collect();
                    let suggestion = did_you_mean(s, expected.iter().map(String::as_str));
                    Err(Some(Problem::UnknownVariant { value: s.clone(), expected, suggestion }))
                }
            }
            (Type::Record(id), Json::Object(fields)) => Ok(self.record(*id, path, fields)),
            (Type::List(_), Json::Array(items)) if items.len() > MAX_LIST_LENGTH => {
                Err(Some(Problem::TooLong { length: items.len(), limit: MAX_LIST_LENGTH }))
            }
            (Type::List(inner), Json::Array(items)) => {
                let mut values = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{path}[{i}]");
                    if item.is_null() {
                        self.error(&at, bad("un élément de liste ne peut pas être inconnu (null) : retirez-le".into()));
                        continue;
                    }
                    if let Some(known) = self.known(inner, &at, item) {
                        values.push(known.value);
                    }
                }
                Ok(Value::List(values))
            }
            _ => Err(None),
        };
        match result {
            Ok(value) => Some(value),
            Err(Some(problem)) => {
                self.error(path, problem);
                None
            }
            Err(None) => {
                self.wrong_type(path, &describe_json_type(program, ty), json);
                None
            }
        }
    }

    fn record(
        &mut self,
        id: crate::value::TypeId,
        path: &str,
        fields: &Map<String, Json>,
    ) -> Value {
        let declared = self.program.type_decl(id).fields().to_vec();
        let mut values: Vec<Option<Known>> = vec![None; declared.len()];
        for (key, json) in fields {
            let at = child_path(path, key);
            match declared.iter().position(|f| &f.name == key) {
                Some(i) => values[i] = self.known(&declared[i].ty, &at, json),
                None => self.unknown_field(&at, key, declared.iter().map(|f| f.name.clone())),
            }
        }
        Value::Record(values)
    }
}

/// An object at a value's place is its provenance form, unless the value is itself a record
/// (then only an object with `value` and provenance fields is one).
fn is_provenance_form(ty: &Type, fields: &Map<String, Json>) -> bool {
    match ty {
        Type::Record(_) => {
            fields.contains_key("value")
                && fields
                    .keys()
                    .all(|k| PROVENANCE_FIELDS.contains(&k.as_str()))
        }
        _ => true,
    }
}

/// The digits of a JSON number or string, as written.
fn number_text(json: &Json) -> String {
    match json {
        Json::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

/// `6 mois`, `1 an`, `18 ans`, `30 jours`.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let mut parts = text.split_whitespace();
    let amount = parts.next()?.parse::<u32>().ok()?;
    let unit = match parts.next()? {
        "an" | "ans" => DurationUnit::Years,
        "mois" => DurationUnit::Months,
        "jour" | "jours" => DurationUnit::Days,
        _ => return None,
    };
    parts.next().is_none().then_some(Duration { amount, unit })
}

/// What a dossier must hold for a value of this type, for messages about JSON input.
pub(crate) fn describe_json_type(program: &Program, ty: &Type) -> String {
    match ty {
        Type::Bool => "un booléen (true ou false)".into(),
        Type::Int => "un nombre entier".into(),
        Type::Decimal => "un nombre décimal".into(),
        Type::Money => "un montant en euros (un nombre, au centime près)".into(),
        Type::Text => "une chaîne".into(),
        Type::Date => "une date \"AAAA-MM-JJ\"".into(),
        Type::Duration => "une durée (\"6 mois\", \"1 an\", \"30 jours\")".into(),
        Type::Enum(id) => {
            let names: Vec<String> = program
                .type_decl(*id)
                .variants()
                .iter()
                .map(|v| format!("\"{}\"", v.name))
                .collect();
            format!("l'une des chaînes {}", names.join(", "))
        }
        Type::Record(_) => "un objet JSON (une fiche)".into(),
        Type::List(inner) => format!(
            "un tableau ({} par élément)",
            describe_json_type(program, inner)
        ),
    }
}
