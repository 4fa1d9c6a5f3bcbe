//! Types of facts and the values a dossier gives them, with where each value comes from.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

use crate::date::{Date, Duration};
use crate::numbers::{Decimal, Money};

/// Identifies a named or inline type of a program (`Program::types`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

/// The type of a fact, a parameter, a field or an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int,
    Decimal,
    Money,
    Text,
    Date,
    Duration,
    /// An enumeration (`parmi (…)`) or a scale (`échelle (…)`), by its declaration.
    Enum(TypeId),
    /// A record (`fiche (…)`), by its declaration.
    Record(TypeId),
    List(Box<Type>),
}

/// A type declaration: an enumeration or a record, named or written inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeDecl {
    /// `None` for an enumeration written inline in a fact's declaration.
    pub name: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeKind {
    /// `ordered`: a scale, whose values compare with `<` (A1 < A2 < … < C2).
    Enum {
        variants: Vec<Variant>,
        ordered: bool,
    },
    Record {
        fields: Vec<Field>,
    },
}

/// One value of an enumeration, with its French label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub name: String,
    pub label: Option<String>,
}

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub label: Option<String>,
    pub ty: Type,
    /// The documents to ask for when the field is missing.
    pub documents: Vec<String>,
}

impl Type {
    /// How the type is written in the policy language, for messages; `types` is the program's
    /// (or the checker's) table of type declarations.
    pub fn describe(&self, types: &[TypeDecl]) -> String {
        match self {
            Type::Bool => "booléen".into(),
            Type::Int => "entier".into(),
            Type::Decimal => "décimal".into(),
            Type::Money => "montant".into(),
            Type::Text => "texte".into(),
            Type::Date => "date".into(),
            Type::Duration => "durée".into(),
            Type::Enum(id) | Type::Record(id) => match types.get(id.0 as usize) {
                Some(TypeDecl {
                    name: Some(name), ..
                }) => name.clone(),
                Some(TypeDecl {
                    name: None,
                    kind: TypeKind::Enum { variants, ordered },
                }) => {
                    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
                    let keyword = if *ordered { "échelle" } else { "parmi" };
                    format!("{keyword} ({})", names.join(", "))
                }
                Some(TypeDecl {
                    name: None,
                    kind: TypeKind::Record { .. },
                }) => "fiche".into(),
                None => "type inconnu".into(),
            },
            Type::List(inner) => format!("liste de {}", inner.describe(types)),
        }
    }
}

impl TypeDecl {
    pub fn variants(&self) -> &[Variant] {
        match &self.kind {
            TypeKind::Enum { variants, .. } => variants,
            TypeKind::Record { .. } => &[],
        }
    }

    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            TypeKind::Record { fields } => fields,
            TypeKind::Enum { .. } => &[],
        }
    }

    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants().iter().find(|v| v.name == name)
    }

    /// The position of a value in a scale, to compare scale values.
    pub fn rank(&self, name: &str) -> Option<usize> {
        self.variants().iter().position(|v| v.name == name)
    }
}

/// A known value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Decimal(Decimal),
    Money(Money),
    Text(String),
    Date(Date),
    Duration(Duration),
    /// The name of an enumeration value.
    Enum(String),
    /// A record's fields in declaration order; a field may be unknown.
    Record(Vec<Option<Known>>),
    List(Vec<Value>),
}

/// A value the dossier gives, with where it comes from when the dossier says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    pub value: Value,
    pub provenance: Option<Provenance>,
}

/// Where a value comes from (invariant 6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Provenance {
    pub source: Source,
    /// The extraction's confidence, between 0 and 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Decimal>,
    /// Whether a person checked the value.
    pub verified: bool,
    /// Who gave or checked it (required for an officer's appraisal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The document it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Read by a person from a document of the dossier.
    Document,
    /// Stated by an officer.
    Officer,
    /// Extracted by a program (OCR, a language model): to be verified.
    Extraction,
}

impl Provenance {
    /// An extracted value no person has checked: an outcome resting on it must say so.
    pub fn is_unverified_extraction(&self) -> bool {
        self.source == Source::Extraction && !self.verified
    }
}

impl fmt::Display for Value {
    /// The value as the policy language writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("vrai"),
            Value::Bool(false) => f.write_str("faux"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Decimal(d) => write!(f, "{d}"),
            Value::Money(m) => write!(f, "{m}"),
            Value::Text(s) => write!(f, "« {s} »"),
            Value::Date(d) => write!(f, "{d}"),
            Value::Duration(d) => write!(f, "{d}"),
            Value::Enum(name) => f.write_str(name),
            Value::Record(fields) => write!(f, "fiche de {} champ(s)", fields.len()),
            Value::List(items) => write!(f, "liste de {} élément(s)", items.len()),
        }
    }
}

impl Serialize for Value {
    /// Values appear in JSON as a dossier gives them: `true`, `3`, `615.5`, `"2021-08-26"`,
    /// `"court_sejour"`, `"6 mois"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(n) => serializer.serialize_i64(*n),
            Value::Decimal(d) => d.serialize(serializer),
            Value::Money(m) => m.serialize(serializer),
            Value::Text(s) | Value::Enum(s) => serializer.serialize_str(s),
            Value::Date(d) => serializer.collect_str(d),
            Value::Duration(d) => serializer.collect_str(d),
            Value::Record(_) | Value::List(_) => serializer.serialize_none(),
        }
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "motif_runtime::value::Value".into()
    }

    /// As serialised (see `Serialize for Value`): one branch per kind of value.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let decimal = generator.subschema_for::<Decimal>();
        let money = generator.subschema_for::<Money>();
        let date = generator.subschema_for::<Date>();
        json_schema!({
            "description": "A value as a dossier gives it.",
            "anyOf": [
                { "description": "A boolean (`booléen`).", "type": "boolean" },
                { "description": "An integer (`entier`).", "type": "integer" },
                decimal,
                money,
                date,
                {
                    "description": "A duration (`durée`), as the law counts it: `6 mois`, `1 an`, `10 ans`, `15 jours`.",
                    "type": "string",
                    "pattern": "^[0-9]+ (an|ans|mois|jour|jours)$"
                },
                {
                    "description": "The name of an enumeration value (`court_sejour`), or a text (`texte`).",
                    "type": "string"
                },
                {
                    "description": "A record or a list: its content is not shown here.",
                    "type": "null"
                }
            ]
        })
    }
}
