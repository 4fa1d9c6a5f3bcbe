//! A dossier's JSON text to a `serde_json::Value`, with serde_json's own parser, but stricter
//! on what a plain `serde_json::from_str` would let through silently:
//! - a key given twice in one object (a map keeps the last value: a fact would be lost, and the
//!   one kept would depend on the order of the text);
//! - nesting deeper than [`MAX_JSON_DEPTH`] (serde_json stops at 128, well past any dossier):
//!   the parse stops there.
//!
//! Both are reported with their JSON paths, the duplicate keys all at once; a syntax error
//! stops the parse, as it must.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value as Json};

use crate::limits::MAX_JSON_DEPTH;

/// A problem found while parsing, at a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// `key` appears more than once in the object at `path`.
    DuplicateKey { path: String, key: String },
    /// The value at `path` is nested deeper than the limit.
    TooDeep { path: String },
}

/// The document and what was found wrong in it.
pub(crate) struct Parsed {
    pub(crate) document: Json,
    pub(crate) found: Vec<Found>,
}

/// Parses `json`; `Err` is a syntax error (serde_json's, with its line and column).
pub(crate) fn parse(json: &str) -> Result<Parsed, serde_json::Error> {
    let state = State {
        path: RefCell::new(vec!["$".to_string()]),
        found: RefCell::new(Vec::new()),
    };
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let document = Node {
        state: &state,
        depth: 0,
    }
    .deserialize(&mut deserializer)
    .and_then(|document| deserializer.end().map(|()| document));
    let found = state.found.into_inner();
    match document {
        Ok(document) => Ok(Parsed { document, found }),
        // The parse stopped at the depth limit, on purpose: that is the problem to report.
        Err(_) if found.iter().any(|f| matches!(f, Found::TooDeep { .. })) => Ok(Parsed {
            document: Json::Null,
            found,
        }),
        Err(e) => Err(e),
    }
}

/// The path being read, one segment per level (joined only when a problem is found), and the
/// problems.
struct State {
    path: RefCell<Vec<String>>,
    found: RefCell<Vec<Found>>,
}

impl State {
    fn path(&self) -> String {
        self.path.borrow().concat()
    }

    fn enter(&self, segment: String) {
        self.path.borrow_mut().push(segment);
    }

    fn leave(&self) {
        self.path.borrow_mut().pop();
    }
}

/// One value of the document, at `depth` containers below the top.
struct Node<'s> {
    state: &'s State,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Node<'_> {
    fn child(&self) -> Node<'_> {
        Node {
            state: self.state,
            depth: self.depth + 1,
        }
    }

    /// Stops the parse at a container one level too deep, reported at its path: what lies
    /// below is not read at all (a hostile document may nest thousands of levels).
    fn refuse_if_too_deep<E: serde::de::Error>(&self) -> Result<(), E> {
        if self.depth < MAX_JSON_DEPTH {
            return Ok(());
        }
        self.state.found.borrow_mut().push(Found::TooDeep {
            path: self.state.path(),
        });
        Err(E::custom("nested beyond the limit"))
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Json, E> {
        // As serde_json's own `Value`: a float that is not finite cannot come from JSON text.
        Ok(Number::from_f64(value).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::String(value))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        self.refuse_if_too_deep()?;
        let mut items = Vec::new();
        loop {
            self.state.enter(format!("[{}]", items.len()));
            let item = seq.next_element_seed(self.child());
            self.state.leave();
            match item? {
                Some(item) => items.push(item),
                None => break,
            }
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        self.refuse_if_too_deep()?;
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.state.enter(crate::json_path::segment(&key));
            let value = map.next_value_seed(self.child());
            if fields.contains_key(&key) {
                self.state.found.borrow_mut().push(Found::DuplicateKey {
                    path: self.state.path(),
                    key: key.clone(),
                });
            }
            self.state.leave();
            fields.insert(key, value?);
        }
        Ok(Json::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::{Found, parse};

    #[test]
    fn parses_as_serde_json_does() {
        let text = r#"{"a": [1, -2, 3.5, 18446744073709551615, "x", null, true], "b": {"c": {}}}"#;
        let parsed = parse(text).map_err(|e| e.to_string());
        let expected: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(parsed.map(|p| p.document), Ok(expected));
    }

    #[test]
    fn finds_every_duplicate_key_with_its_path() {
        let found = parse(r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": [{"d": 0, "d": 0}]}"#)
            .map(|p| p.found)
            .map_err(|e| e.to_string());
        assert_eq!(
            found,
            Ok(vec![
                Found::DuplicateKey {
                    path: "$.b.c".into(),
                    key: "c".into()
                },
                Found::DuplicateKey {
                    path: "$.a[0].d".into(),
                    key: "d".into()
                },
                Found::DuplicateKey {
                    path: "$.a".into(),
                    key: "a".into()
                },
            ])
        );
    }

    #[test]
    fn stops_at_the_depth_limit() {
        let path = format!("${}", "[0]".repeat(32));
        let expected = Ok(vec![Found::TooDeep { path }]);
        let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            parse(&deep).map(|p| p.found).map_err(|e| e.to_string()),
            expected
        );
        // Far deeper, and not even closed: the same problem, found as soon.
        let hostile = "[".repeat(1_000_000);
        assert_eq!(
            parse(&hostile).map(|p| p.found).map_err(|e| e.to_string()),
            expected
        );
        let ok = format!("{}{}", "[".repeat(32), "]".repeat(32));
        assert_eq!(
            parse(&ok).map(|p| p.found).map_err(|e| e.to_string()),
            Ok(vec![])
        );
    }
}
