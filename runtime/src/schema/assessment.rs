//! The JSON Schema of the assessment contract (`motif schema --assessment`).
//!
//! It is generated from the Rust types that serialise the assessment: each derives
//! `schemars::JsonSchema` and mirrors its serde attributes, and the few types serialised by
//! hand (dates, numbers, values) describe themselves by hand, so that the schema describes
//! the JSON that [`crate::render::json`] writes. Doc comments on the types and their fields
//! become the schema's descriptions.

use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::assessment::{Assessment, FORMAT};

/// What the schema is, for whoever reads it first.
const DESCRIPTION: &str = "The assessment of one dossier at its dates, as `motif assess --format json` writes it: the contract between the Motif engine and the case service. For every permit route, an outcome with its legal basis, every failed ground, the facts still missing, the points left to the officer, and the trace. The engine suggests; a person decides.";

/// The schema of [`crate::Assessment`]'s JSON (draft 2020-12). The same bytes on every run.
pub fn assessment() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Assessment>().to_value();
    tidy(&mut schema);
    let Value::Object(mut generated) = schema else {
        return Value::Null;
    };

    // The keywords that say what the document is first, then the definitions by name.
    let mut root = Map::new();
    if let Some(value) = generated.remove("$schema") {
        root.insert("$schema".into(), value);
    }
    root.insert("$id".into(), Value::String(id()));
    root.insert("title".into(), Value::String(FORMAT.into()));
    root.insert("description".into(), Value::String(DESCRIPTION.into()));
    // `title` and `description` are ours: the generator's name the Rust type.
    generated.remove("title");
    generated.remove("description");
    let definitions = generated.remove("$defs");
    for key in ["type", "properties", "required"] {
        if let Some(value) = generated.remove(key) {
            root.insert(key.into(), value);
        }
    }
    root.extend(generated);
    if let Some(Value::Object(definitions)) = definitions {
        let mut sorted: Vec<(String, Value)> = definitions.into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        root.insert("$defs".into(), Value::Object(sorted.into_iter().collect()));
    }
    Value::Object(root)
}

/// The schema's identifier, from the format's name and version: `urn:motif:assessment:0.3`.
fn id() -> String {
    match FORMAT.split_once('/') {
        Some((name, version)) => format!("urn:{}:{version}", name.replace('.', ":")),
        None => format!("urn:{}", FORMAT.replace('.', ":")),
    }
}

/// The schema of the assessment's `input`: the dossier's facts, whatever the policy set
/// declares (an object whose shape the policy set's facts give).
pub(crate) fn input(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "object",
        "properties": {
            "facts": {
                "description": "The facts the dossier gives, grouped by the segments of their names (`mariage.transcrit` under `mariage`), each as a dossier gives it: its value, or an object with its `value` and where it comes from.",
                "type": "object"
            }
        },
        "required": ["facts"]
    })
}

/// Makes a schema (and every schema in it) read well: its description first, and as one
/// paragraph. Doc comments are wrapped at 100 columns; a blank line or a list item starts a
/// new paragraph.
///
/// And says what serde does with an optional field: the generator allows `null` for every
/// `Option`, but an `Option` field that may be absent is one serialised only when it is
/// `Some` (`skip_serializing_if = "Option::is_none"`), so it is never `null`. (Every
/// assessment the tests write validates against the schema: a field that breaks this rule
/// would fail them.)
fn tidy(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description") {
                let text = unwrap(text);
                map.shift_remove("description");
                map.shift_insert(0, "description".into(), Value::String(text));
            }
            let required: Vec<Value> = match map.get("required") {
                Some(Value::Array(names)) => names.clone(),
                _ => Vec::new(),
            };
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if !required.iter().any(|r| r.as_str() == Some(name.as_str())) {
                        never_null(property);
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    // Maps from names to schemas: their own order is kept.
                    "properties" | "$defs" => {
                        if let Value::Object(named) = child {
                            named.values_mut().for_each(tidy);
                        }
                    }
                    _ => tidy(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `T` for a schema of `T` or `null`.
fn never_null(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    let is_null = |v: &Value| v == &Value::String("null".into());
    if let Some(Value::Array(types)) = map.get_mut("type")
        && types.iter().any(is_null)
    {
        types.retain(|t| !is_null(t));
        if let [single] = types.as_slice() {
            let single = single.clone();
            map.insert("type".into(), single);
        }
    }
    let Some(Value::Array(branches)) = map.get("anyOf") else {
        return;
    };
    let branches: Vec<Value> = branches
        .iter()
        .filter(|b| b.get("type").is_none_or(|t| !is_null(t)))
        .cloned()
        .collect();
    if let [Value::Object(only)] = branches.as_slice() {
        // `T` itself, where `anyOf` was.
        let index = map.keys().position(|k| k == "anyOf").unwrap_or(map.len());
        map.shift_remove("anyOf");
        for (offset, (key, value)) in only.iter().enumerate() {
            map.shift_insert(index + offset, key.clone(), value.clone());
        }
    } else {
        map.insert("anyOf".into(), Value::Array(branches));
    }
}

fn unwrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if let Some(next) = lines.peek() {
            let paragraph = line.trim().is_empty() || next.trim().is_empty();
            let item = next.trim_start().starts_with("- ");
            out.push(if paragraph || item { '\n' } else { ' ' });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_join_and_paragraphs_stay() {
        assert_eq!(
            unwrap("one\ntwo\n\nthree\n- a\n- b"),
            "one two\n\nthree\n- a\n- b"
        );
    }

    #[test]
    fn the_schema_names_its_format() {
        let schema = assessment();
        let version = FORMAT.rsplit('/').next().unwrap_or_default();
        assert_eq!(id(), format!("urn:motif:assessment:{version}"));
        assert_eq!(schema["$id"], id());
        assert_eq!(schema["title"], FORMAT);
        assert_eq!(schema["properties"]["format"]["const"], FORMAT);
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}
