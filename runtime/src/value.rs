//! Types of facts and the values a dossier gives them.

use std::fmt;

use serde::{Serialize, Serializer};

/// The type of a fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Bool,
    Int,
    Text,
    /// One value among a closed list (`parmi (…)`).
    Enum(Vec<Variant>),
}

/// One value of an enumeration, with its French label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub label: Option<String>,
}

impl Type {
    /// How the type is written in the policy language, for messages.
    pub fn describe(&self) -> String {
        match self {
            Type::Bool => "booléen".into(),
            Type::Int => "entier".into(),
            Type::Text => "texte".into(),
            Type::Enum(variants) => {
                let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
                format!("parmi ({})", names.join(", "))
            }
        }
    }

    /// What a dossier must hold for a fact of this type, for messages about JSON input.
    pub fn describe_json(&self) -> String {
        match self {
            Type::Bool => "un booléen (true ou false)".into(),
            Type::Int => "un nombre entier".into(),
            Type::Text => "une chaîne".into(),
            Type::Enum(variants) => {
                let names: Vec<String> =
                    variants.iter().map(|v| format!("\"{}\"", v.name)).collect();
                format!("l'une des chaînes {}", names.join(", "))
            }
        }
    }

    pub fn variant(&self, name: &str) -> Option<&Variant> {
        match self {
            Type::Enum(variants) => variants.iter().find(|v| v.name == name),
            _ => None,
        }
    }
}

/// A known value of a fact. An unknown fact has no `Value` (it is `None` in a dossier).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Text(String),
    /// The name of an enumeration variant.
    Enum(String),
}

impl fmt::Display for Value {
    /// The value as the policy language writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("vrai"),
            Value::Bool(false) => f.write_str("faux"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Text(s) => write!(f, "« {s} »"),
            Value::Enum(name) => f.write_str(name),
        }
    }
}

impl Serialize for Value {
    /// Values appear in JSON as the dossier gives them: `true`, `3`, `"court_sejour"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(n) => serializer.serialize_i64(*n),
            Value::Text(s) | Value::Enum(s) => serializer.serialize_str(s),
        }
    }
}
