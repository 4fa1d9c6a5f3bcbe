//! The fast path from a JSON dossier to the fact record that native code reads.
//!
//! The reference decoder ([`motif_runtime::dossier::decode`]) parses the text into a
//! `serde_json::Value`, builds a [`Dossier`](motif_runtime::Dossier) and reports every problem
//! with its path; [`Layout::record`] then flattens the dossier: two trees of allocations per
//! dossier, on the case service's hot path. This module reads the text once, with serde's
//! streaming API, and writes each value straight into its cell, with lookup tables built once
//! per program.
//!
//! It explains nothing: on the first problem, or on anything unusual, it gives up and the
//! caller runs the reference decoder, which finds the exact errors (or the result). Its one
//! promise: when [`FastDecoder::decode`] gives a record, the reference decoder accepts the
//! dossier, and `Layout::record` of its result is that record, with the same dates. To keep it,
//! each rule of `runtime/src/dossier/` is repeated where it applies (see the comments), and the
//! runtime's own parsers read dates, decimals and amounts. Numbers reach them as the reference
//! writes them, by `serde_json::Number`'s `Display`.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write as _;

use motif_runtime::date::Date;
use motif_runtime::limits::{MAX_DOSSIER_BYTES, MAX_JSON_DEPTH};
use motif_runtime::numbers::{Decimal, Money};
use motif_runtime::program::{FactDecl, FactKind, Program};
use motif_runtime::value::{Field, Type, TypeDecl};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use crate::layout::{ElementShape, Encoding, LIST_CAPACITY, Layout, Shape};

/// Decodes the JSON dossiers of one program straight into its fact record. Built once per
/// program; decoding then allocates little but the record (see [`FastDecoder::decode_into`]).
#[derive(Debug, Clone)]
pub struct FastDecoder {
    /// False when the layout given is not the program's: every dossier then goes to the
    /// reference decoder rather than being written at the wrong places.
    usable: bool,
    layout: Layout,
    facts: Vec<FactDecl>,
    types: Vec<TypeDecl>,
    /// The groups of facts as the dossier nests them; `groups[0]` is `facts` itself. Members
    /// are sorted by name, for a binary search on the key as read.
    groups: Vec<Vec<(Box<str>, Member)>>,
}

/// What the decoder gives for a dossier: its record, and the dates of its envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub record: Vec<i64>,
    pub decided_on: Option<Date>,
    pub filed_on: Option<Date>,
}

#[derive(Debug, Clone, Copy)]
enum Member {
    Fact(usize),
    Group(usize),
}

impl FastDecoder {
    /// The tables for `program`, whose record is laid out by `layout` (`Layout::of(program)`).
    pub fn new(program: &Program, layout: &Layout) -> FastDecoder {
        FastDecoder {
            usable: *layout == Layout::of(program) && nests_shallowly(program),
            layout: layout.clone(),
            facts: program.facts.clone(),
            types: program.types.clone(),
            groups: groups_of(program),
        }
    }

    /// The record and dates of a JSON dossier. `None`: this dossier is not for the fast path
    /// (invalid, or unusual): the caller decodes it with `motif_runtime::dossier::decode`,
    /// which gives the exact errors or the result.
    pub fn decode(&self, json: &str) -> Option<Decoded> {
        let mut record = Vec::new();
        let (decided_on, filed_on) = self.decode_into(json, &mut record)?;
        Some(Decoded {
            record,
            decided_on,
            filed_on,
        })
    }

    /// As [`FastDecoder::decode`], into the caller's buffer (cleared, then sized to the record):
    /// gives the decision and filing dates. After `None`, the buffer holds anything.
    ///
    /// Allocations besides the buffer: serde_json's scratch space for strings with escapes,
    /// `Money::parse`'s copy of an amount, and the paths that give up.
    pub fn decode_into(
        &self,
        json: &str,
        record: &mut Vec<i64>,
    ) -> Option<(Option<Date>, Option<Date>)> {
        // The reference refuses a dossier beyond the limits (`motif_runtime::limits`); within
        // them, the program's groups and types nest far less than `MAX_JSON_DEPTH` (see
        // `FastDecoder::new`), and a list longer than `LIST_CAPACITY` is left to the reference.
        if !self.usable || json.len() > MAX_DOSSIER_BYTES {
            return None;
        }
        record.clear();
        record.resize(self.layout.words, 0);
        // As `serde_json::from_str`: the same parser (same recursion limit, same numbers), then
        // nothing but whitespace after the document.
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let dates = Envelope {
            dec: self,
            out: record,
        }
        .deserialize(&mut deserializer)
        .ok()?;
        deserializer.end().ok()?;
        Some(dates)
    }

    fn fields(&self, ty: &Type) -> Option<&[Field]> {
        match ty {
            Type::Record(id) => self.types.get(id.0 as usize).map(TypeDecl::fields),
            _ => None,
        }
    }

    /// The payload of a scalar JSON value of type `ty` (0 for text and durations, which the
    /// record does not hold but the reference checks); `None` when the reference refuses it.
    fn payload(&self, ty: &Type, json: Scalar<'_>) -> Option<i64> {
        match (ty, json) {
            (Type::Bool, Scalar::Bool(b)) => Some(i64::from(b)),
            // `Number::as_i64`, as the reference: an integer within i64, never a float (`3.0`).
            (Type::Int, Scalar::Number(n)) => n.as_i64(),
            // Decimals and amounts: a JSON number as serde_json writes it, or a string trimmed
            // (the reference's `number_text`).
            (Type::Decimal, Scalar::Number(n)) => {
                number_text(&n, Decimal::parse).map(Decimal::micros)
            }
            (Type::Decimal, Scalar::Str(s)) => Decimal::parse(s.trim()).map(Decimal::micros),
            // The reference refuses a negative amount.
            (Type::Money, Scalar::Number(n)) => number_text(&n, Money::parse)
                .map(Money::cents)
                .filter(|cents| *cents >= 0),
            (Type::Money, Scalar::Str(s)) => Money::parse(s.trim())
                .map(Money::cents)
                .filter(|cents| *cents >= 0),
            (Type::Text, Scalar::Str(_)) => Some(0),
            (Type::Date, Scalar::Str(s)) => s.parse::<Date>().ok().map(|d| d.day_number().into()),
            (Type::Duration, Scalar::Str(s)) => is_duration(s).then_some(0),
            // An enumeration value by its exact name; its payload is its index (`layout::encode`).
            (Type::Enum(id), Scalar::Str(s)) => {
                let variants = self.types.get(id.0 as usize)?.variants();
                variants
                    .iter()
                    .position(|v| v.name == s)
                    .and_then(|i| i64::try_from(i).ok())
            }
            _ => None,
        }
    }
}

/// The groups of facts, built as the reference's `Group::of` (with its replacement rule, should
/// a name be both a fact and a group, which the compiler forbids), then flattened.
fn groups_of(program: &Program) -> Vec<Vec<(Box<str>, Member)>> {
    let mut groups: Vec<BTreeMap<&str, Member>> = vec![BTreeMap::new()];
    for (index, fact) in program.facts.iter().enumerate() {
        let (mut group, mut parts) = (0, fact.name.split('.').peekable());
        while let Some(part) = parts.next() {
            let next = groups.len();
            let Some(members) = groups.get_mut(group) else {
                break;
            };
            if parts.peek().is_none() {
                members.insert(part, Member::Fact(index));
            } else if let Some(Member::Group(inner)) = members.get(part) {
                group = *inner;
            } else {
                members.insert(part, Member::Group(next));
                groups.push(BTreeMap::new());
                group = next;
            }
        }
    }
    // A `BTreeMap<&str, _>` iterates in the order of `str::cmp`, which the search uses.
    let flat =
        |members: BTreeMap<&str, Member>| members.into_iter().map(|(k, m)| (k.into(), m)).collect();
    groups.into_iter().map(flat).collect()
}

/// `6 mois`, `1 an`, `30 jours`: the reference's `parse_duration`, which is crate-private.
fn is_duration(text: &str) -> bool {
    let mut parts = text.split_whitespace();
    let amount = parts.next().is_some_and(|a| a.parse::<u32>().is_ok());
    let unit = matches!(parts.next(), Some("an" | "ans" | "mois" | "jour" | "jours"));
    amount && unit && parts.next().is_none()
}

/// Gives `f` a JSON number as the reference reads it: written by `serde_json::Number`'s
/// `Display` (here on the stack).
fn number_text<R>(number: &Number, f: impl FnOnce(&str) -> Option<R>) -> Option<R> {
    let mut buf = [0u8; 64];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    write!(cursor, "{number}").ok()?;
    let len = usize::try_from(cursor.position()).ok()?;
    f(std::str::from_utf8(buf.get(..len)?).ok()?)
}

/// Writes a known value in its cell.
fn put(out: &mut [i64], cell: usize, payload: i64) {
    if let Some([known, value]) = out.get_mut(cell..cell.saturating_add(2)) {
        *known = 1;
        *value = payload;
    }
}

/// Marks a record fact as given (its payload word stays 0, as in `Layout::record`).
fn given(out: &mut [i64], place: Place<'_>) {
    if let Place::Fact(Shape::Record { cell, .. }) = place
        && let Some(known) = out.get_mut(cell.0)
    {
        *known = 1;
    }
}

/// Why the fast path gives up; never shown (the reference decoder explains).
fn error<E: de::Error>(what: &'static str) -> E {
    E::custom(what)
}

/// Whether no dossier of `program` can reach the reference's depth limit without being refused
/// for something else first: the envelope, `facts`, one level per segment of a fact's name,
/// then at most two levels per type (a provenance form and the value's own object or array).
fn nests_shallowly(program: &Program) -> bool {
    /// `records`: the records this type is inside; more than there are types means a record
    /// that contains itself, which can nest without end.
    fn depth(program: &Program, ty: &Type, records: usize) -> usize {
        if records > program.types.len() {
            return MAX_JSON_DEPTH;
        }
        2 + match ty {
            Type::List(inner) => depth(program, inner, records),
            Type::Record(id) => program
                .types
                .get(id.0 as usize)
                .map(|decl| {
                    decl.fields()
                        .iter()
                        .map(|f| depth(program, &f.ty, records + 1))
                        .max()
                        .unwrap_or(0)
                })
                .unwrap_or(0),
            _ => 0,
        }
    }
    program.facts.iter().all(|fact| {
        let groups = fact.name.split('.').count();
        2 + groups + depth(program, &fact.ty, 0) < MAX_JSON_DEPTH
    })
}

/// The next key of an object (`pending`, if the caller had to read it), as its index by
/// `lookup`. An unknown key is refused, and so is a repeated one: the reference keeps the last
/// (a `serde_json::Map`), which a stream cannot undo. `seen` holds the indices read, up to 128
/// (a key further in a larger group or record is left to the reference).
fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    seen: &mut u128,
    pending: &mut Option<Option<usize>>,
    lookup: impl FnOnce(&str) -> Option<usize>,
) -> Result<Option<usize>, A::Error> {
    let key = match pending.take() {
        Some(key) => Some(key),
        None => map.next_key_seed(key(lookup))?,
    };
    let Some(key) = key else { return Ok(None) };
    let index = key.ok_or_else(|| error("unknown field"))?;
    let bit = 1u128
        .checked_shl(u32::try_from(index).unwrap_or(u32::MAX))
        .unwrap_or(0);
    if bit == 0 || *seen & bit != 0 {
        return Err(error("repeated key"));
    }
    *seen |= bit;
    Ok(Some(index))
}

/// A JSON value that is neither an array nor an object.
enum Scalar<'s> {
    Null,
    Bool(bool),
    Number(Number),
    Str(&'s str),
}

/// The visits of JSON scalars, each handed to `self.scalar`.
macro_rules! visit_scalars {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.scalar(Scalar::Null)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            self.scalar(Scalar::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            self.scalar(Scalar::Number(v.into()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.scalar(Scalar::Number(v.into()))
        }
        // serde_json gives no non-finite number (which the reference would make `null`).
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            let n = Number::from_f64(v).ok_or_else(|| error("not finite"))?;
            self.scalar(Scalar::Number(n))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            self.scalar(Scalar::Str(v))
        }
    };
}

/// Seeds that read any JSON value with themselves as visitor. `deserialize_any` everywhere, as
/// `serde_json::Value` does: the parser then checks exactly what it checks for the reference
/// (string escapes, number ranges, the recursion limit); nothing is skipped with `IgnoredAny`,
/// whose laxer scanning could let through a text the reference refuses.
macro_rules! seed_by_any {
    ($($seed:ty => $value:ty),*) => {$(
        impl<'de> DeserializeSeed<'de> for $seed {
            type Value = $value;
            fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<$value, D::Error> {
                d.deserialize_any(self)
            }
        }
    )*};
}

type Dates = (Option<Date>, Option<Date>);
seed_by_any!(Envelope<'_, '_> => Dates, Group<'_, '_> => (), Val<'_, '_> => bool);

/// Reads a scalar and maps it with `F` (`None`: refused).
struct ScalarWith<F>(F);

fn scalar_with<T, F: FnOnce(Scalar<'_>) -> Option<T>>(f: F) -> ScalarWith<F> {
    ScalarWith(f)
}

/// An object's key, mapped by `f` without allocating (serde_json gives keys unescaped).
fn key<K>(f: impl FnOnce(&str) -> K) -> ScalarWith<impl FnOnce(Scalar<'_>) -> Option<K>> {
    ScalarWith(move |s: Scalar<'_>| match s {
        Scalar::Str(k) => Some(f(k)),
        _ => None,
    })
}

impl<'de, T, F: FnOnce(Scalar<'_>) -> Option<T>> DeserializeSeed<'de> for ScalarWith<F> {
    type Value = T;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T, F: FnOnce(Scalar<'_>) -> Option<T>> Visitor<'de> for ScalarWith<F> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    visit_scalars!();
}

impl<F> ScalarWith<F> {
    fn scalar<T, E: de::Error>(self, json: Scalar<'_>) -> Result<T, E>
    where
        F: FnOnce(Scalar<'_>) -> Option<T>,
    {
        (self.0)(json).ok_or_else(|| error("refused"))
    }
}

fn string(json: Scalar<'_>) -> Option<()> {
    matches!(json, Scalar::Str(_)).then_some(())
}

/// The fields of the envelope, as the reference's `ENVELOPE_FIELDS`.
const ENVELOPE: [&str; 5] = ["id", "description", "decided_on", "filed_on", "facts"];

/// The envelope `{id, description, decided_on, filed_on, facts}`, each field optional.
struct Envelope<'a, 'o> {
    dec: &'a FastDecoder,
    out: &'o mut [i64],
}

impl<'de> Visitor<'de> for Envelope<'_, '_> {
    type Value = Dates;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dossier")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dates, A::Error> {
        let (mut decided_on, mut filed_on, mut seen) = (None, None, 0);
        let text = |s: Scalar<'_>| matches!(s, Scalar::Null | Scalar::Str(_)).then_some(());
        let date = |s: Scalar<'_>| match s {
            Scalar::Null => Some(None),
            Scalar::Str(s) => s.parse::<Date>().ok().map(Some),
            _ => None,
        };
        let lookup = |k: &str| ENVELOPE.iter().position(|f| *f == k);
        while let Some(i) = next_key(&mut map, &mut seen, &mut None, lookup)? {
            match ENVELOPE.get(i).copied() {
                Some("decided_on") => decided_on = map.next_value_seed(scalar_with(date))?,
                Some("filed_on") => filed_on = map.next_value_seed(scalar_with(date))?,
                Some("facts") => {
                    let (dec, out) = (self.dec, &mut *self.out);
                    map.next_value_seed(Group { dec, out, group: 0 })?;
                }
                _ => map.next_value_seed(scalar_with(text))?,
            }
        }
        Ok((decided_on, filed_on))
    }
}

/// A group of facts: an object of facts and groups, or `null`.
struct Group<'a, 'o> {
    dec: &'a FastDecoder,
    out: &'o mut [i64],
    group: usize,
}

impl<'de> Visitor<'de> for Group<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a group of facts")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (dec, out, mut seen) = (self.dec, self.out, 0);
        let members = dec.groups.get(self.group).map_or(&[][..], Vec::as_slice);
        let lookup = |k: &str| members.binary_search_by(|(name, _)| (**name).cmp(k)).ok();
        while let Some(i) = next_key(&mut map, &mut seen, &mut None, lookup)? {
            match members.get(i).map(|(_, member)| *member) {
                Some(Member::Fact(index)) => {
                    let fact = dec.facts.get(index).ok_or_else(|| error("no fact"))?;
                    let place = match dec.layout.facts.get(index) {
                        Some(Shape::Scalar { cell, .. }) => Place::Cell(cell.0),
                        Some(Shape::Unsupported(_)) | None => Place::Nowhere,
                        Some(shape) => Place::Fact(shape),
                    };
                    let appraisal = matches!(fact.kind, FactKind::Appraisal { .. });
                    let at = At::Fact { appraisal };
                    map.next_value_seed(val(dec, &mut *out, &fact.ty, place, at))?;
                }
                Some(Member::Group(group)) => {
                    map.next_value_seed(Group {
                        dec,
                        out: &mut *out,
                        group,
                    })?;
                }
                None => return Err(error("no member")),
            }
        }
        Ok(())
    }
}

/// Where a value goes in the record.
#[derive(Clone, Copy)]
enum Place<'a> {
    /// Nowhere: the value is only checked (a type or a place the layout does not hold).
    Nowhere,
    /// A scalar's cell (its first word).
    Cell(usize),
    /// A record or list fact, as the layout places it.
    Fact(&'a Shape),
    /// A record in a list: field `f` at `base + 2 * f`.
    Element {
        base: usize,
        fields: &'a [Option<Encoding>],
    },
}

/// Where a value stands, for the rules that differ (the reference's `known` and `value`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    /// A fact or a record field: bare or with its provenance, `null` for unknown. An appraisal
    /// must come with an officer's provenance.
    Fact { appraisal: bool },
    /// A list element: as a field, but `null` is refused (and a provenance form whose value is
    /// `null` or absent is left out of the list).
    Item,
    /// The `value` of a provenance form: a bare value (an object is a record), or `null`.
    Inner,
}

const FIELD: At = At::Fact { appraisal: false };

/// The provenance fields, as the runtime's `PROVENANCE_FIELDS` (crate-private).
const PROVENANCE: [&str; 6] = [
    "value",
    "source",
    "confidence",
    "verified",
    "by",
    "document",
];

fn provenance_key(key: &str) -> Option<usize> {
    PROVENANCE.iter().position(|k| *k == key)
}

/// A value of type `ty`, written at `place`; gives whether it is known (not `null`).
struct Val<'a, 'o> {
    dec: &'a FastDecoder,
    out: &'o mut [i64],
    ty: &'a Type,
    place: Place<'a>,
    at: At,
}

fn val<'a, 'o>(
    dec: &'a FastDecoder,
    out: &'o mut [i64],
    ty: &'a Type,
    place: Place<'a>,
    at: At,
) -> Val<'a, 'o> {
    Val {
        dec,
        out,
        ty,
        place,
        at,
    }
}

impl<'de> Visitor<'de> for Val<'_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fact's value")
    }
    visit_scalars!();
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<bool, A::Error> {
        self.bare()?;
        self.list(seq)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        if self.at == At::Inner {
            return self.record(map, None);
        }
        let Some(fields) = self.dec.fields(self.ty) else {
            // Any object at the place of a value that is not a record is a provenance form.
            return self.provenance(map, None);
        };
        // At a record's place, the reference takes an object for a provenance form when it has
        // `value` and only provenance fields. A stream cannot look ahead, but the first key
        // settles it: one that is not a provenance field makes it a record; one that is a
        // provenance field and not a field of the record makes it a provenance form, or an
        // error either way (a record with an unknown field: `provenance` checks that `value`
        // came). One that is both is left to the reference.
        let classify = |k: &str| (fields.iter().position(|f| f.name == k), provenance_key(k));
        match map.next_key_seed(key(classify))? {
            None => {
                self.bare()?;
                given(self.out, self.place);
                Ok(true)
            }
            Some((field, None)) => {
                self.bare()?;
                self.record(map, Some(field))
            }
            Some((None, Some(key))) => self.provenance(map, Some(key)),
            Some((Some(_), Some(_))) => Err(error("a record's field or a provenance field")),
        }
    }
}

impl<'de> Val<'_, '_> {
    /// A value without provenance: refused for an appraisal.
    fn bare<E: de::Error>(&self) -> Result<(), E> {
        match self.at {
            At::Fact { appraisal: true } => Err(error("appraisal without officer")),
            _ => Ok(()),
        }
    }

    fn scalar<E: de::Error>(self, json: Scalar<'_>) -> Result<bool, E> {
        if let Scalar::Null = json {
            return match self.at {
                At::Item => Err(error("null list element")),
                _ => Ok(false),
            };
        }
        self.bare()?;
        let payload = self
            .dec
            .payload(self.ty, json)
            .ok_or_else(|| error("wrong value"))?;
        if let Place::Cell(cell) = self.place {
            put(self.out, cell, payload);
        }
        Ok(true)
    }

    /// A record's fields; `first` is its first key when the caller had to read it.
    fn record<A: MapAccess<'de>>(
        self,
        mut map: A,
        mut first: Option<Option<usize>>,
    ) -> Result<bool, A::Error> {
        let (dec, out, place, mut seen) = (self.dec, self.out, self.place, 0);
        let fields = dec.fields(self.ty).ok_or_else(|| error("not a record"))?;
        let lookup = |k: &str| fields.iter().position(|f| f.name == k);
        while let Some(i) = next_key(&mut map, &mut seen, &mut first, lookup)? {
            let field = fields.get(i).ok_or_else(|| error("no field"))?;
            let cell = match place {
                Place::Fact(Shape::Record { fields: cells, .. }) => match cells.get(i) {
                    Some(Some((cell, _))) => Place::Cell(cell.0),
                    _ => Place::Nowhere,
                },
                Place::Element {
                    base,
                    fields: cells,
                } if matches!(cells.get(i), Some(Some(_))) => Place::Cell(base + 2 * i),
                _ => Place::Nowhere,
            };
            map.next_value_seed(val(dec, &mut *out, &field.ty, cell, FIELD))?;
        }
        given(out, place);
        Ok(true)
    }

    /// A value with its provenance; `first` is its first key when the caller had to read it.
    /// Known when its `value` is given and not `null`.
    fn provenance<A: MapAccess<'de>>(
        self,
        mut map: A,
        first: Option<usize>,
    ) -> Result<bool, A::Error> {
        let (dec, out, ty, place, at) = (self.dec, self.out, self.ty, self.place, self.at);
        let (mut seen, mut first) = (0, first.map(Some));
        let (mut value, mut known, mut officer, mut by) = (false, false, None, false);
        let source = |s: Scalar<'_>| match s {
            Scalar::Str("document" | "extraction") => Some(false),
            Scalar::Str("officer") => Some(true),
            _ => None,
        };
        // The reference's test, on the number as serde_json writes it.
        let confidence = |s: Scalar<'_>| match s {
            Scalar::Number(n) => number_text(&n, Decimal::parse)
                .filter(|c| (0..=1_000_000).contains(&c.micros()))
                .map(drop),
            _ => None,
        };
        let boolean = |s: Scalar<'_>| matches!(s, Scalar::Bool(_)).then_some(());
        while let Some(i) = next_key(&mut map, &mut seen, &mut first, provenance_key)? {
            match PROVENANCE.get(i).copied() {
                Some("value") => {
                    value = true;
                    known = map.next_value_seed(val(dec, &mut *out, ty, place, At::Inner))?;
                }
                Some("source") => officer = Some(map.next_value_seed(scalar_with(source))?),
                Some("confidence") => map.next_value_seed(scalar_with(confidence))?,
                Some("verified") => map.next_value_seed(scalar_with(boolean))?,
                Some("by") => {
                    map.next_value_seed(scalar_with(string))?;
                    by = true;
                }
                _ => map.next_value_seed(scalar_with(string))?,
            }
        }
        // At a record's place, an object without `value` is a record with unknown fields.
        if !value && dec.fields(ty).is_some() {
            return Err(error("provenance fields as a record"));
        }
        // The source is required; an appraisal's known value must be an officer's, named.
        let officer = officer.ok_or_else(|| error("provenance without source"))?;
        if known && at == (At::Fact { appraisal: true }) && !(officer && by) {
            return Err(error("appraisal without officer"));
        }
        Ok(known)
    }

    /// A list: its elements in their cells (up to `LIST_CAPACITY`), its length after its cell.
    fn list<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let (dec, out, place) = (self.dec, self.out, self.place);
        let Type::List(inner) = self.ty else {
            return Err(error("not a list"));
        };
        let mut count = 0usize;
        loop {
            // Beyond the capacity, elements are still read (one left out of the list, a
            // provenance form without value, does not count), and the length refuses the list.
            let item = match place {
                Place::Fact(Shape::List {
                    first,
                    stride,
                    element,
                    ..
                }) if count < LIST_CAPACITY => {
                    let base = first + count * stride;
                    match element {
                        ElementShape::Scalar(_) => Place::Cell(base),
                        ElementShape::Record(fields) => Place::Element { base, fields },
                    }
                }
                _ => Place::Nowhere,
            };
            match seq.next_element_seed(val(dec, &mut *out, inner, item, At::Item))? {
                Some(true) => count += 1,
                Some(false) => {}
                None => break,
            }
        }
        if let Place::Fact(Shape::List { cell, .. }) = place {
            if count > LIST_CAPACITY {
                return Err(error("a list longer than the record holds"));
            }
            put(out, cell.0, i64::try_from(count).unwrap_or(i64::MAX));
        }
        Ok(true)
    }
}
