//! The dossier as JSON, in the form [`super::decode`] reads: what a receipt keeps so that an
//! assessment can be replayed.

use serde_json::{Map, Value as Json};

use crate::program::{FactId, Program};
use crate::value::{Known, Type, Value};

use super::Dossier;

/// The dossier's facts as the `facts` object of a dossier: nested by their dotted names, in
/// declaration order, each bare or with its provenance; unknown facts are left out. Decoding
/// `{"facts": …}` gives back the same facts.
pub fn encode_facts(program: &Program, dossier: &Dossier) -> Json {
    let mut root = Map::new();
    for (index, fact) in program.facts.iter().enumerate() {
        let Some(known) = dossier.known(FactId(index as u32)) else {
            continue;
        };
        let mut group = &mut root;
        let mut segments = fact.name.split('.').peekable();
        while let Some(segment) = segments.next() {
            if segments.peek().is_none() {
                group.insert(segment.to_string(), known_json(program, &fact.ty, known));
                break;
            }
            let entry = group
                .entry(segment.to_string())
                .or_insert_with(|| Json::Object(Map::new()));
            // The checker forbids a name that is both a fact and a group of facts.
            let Json::Object(inner) = entry else { break };
            group = inner;
        }
    }
    Json::Object(root)
}

fn known_json(program: &Program, ty: &Type, known: &Known) -> Json {
    let value = value_json(program, ty, &known.value);
    let Some(provenance) = &known.provenance else {
        return value;
    };
    let mut object = Map::new();
    object.insert("value".into(), value);
    if let Ok(Json::Object(fields)) = serde_json::to_value(provenance) {
        object.extend(fields);
    }
    Json::Object(object)
}

fn value_json(program: &Program, ty: &Type, value: &Value) -> Json {
    match (ty, value) {
        (Type::Record(id), Value::Record(fields)) => {
            let declared = program.type_decl(*id).fields();
            let mut object = Map::new();
            for (field, known) in declared.iter().zip(fields) {
                if let Some(known) = known {
                    object.insert(field.name.clone(), known_json(program, &field.ty, known));
                }
            }
            Json::Object(object)
        }
        (Type::List(element), Value::List(items)) => Json::Array(
            items
                .iter()
                .map(|item| value_json(program, element, item))
                .collect(),
        ),
        _ => serde_json::to_value(value).unwrap_or(Json::Null),
    }
}
