//! The fact layout: where each fact of a program lives in the flat record that native code
//! reads.
//!
//! The record is a slice of `i64` words. A value takes a *cell* of two words: whether it is
//! known (0 or 1), then its payload — a boolean as 0 or 1, an integer as itself, a decimal in
//! millionths, an amount in cents, a date as its day number, an enumeration value as its index
//! among the type's values. A list's cell holds whether the list is known and its length; its
//! elements follow, `LIST_CAPACITY` of them at most, each a cell (a list of values) or a cell
//! per field (a list of records). A record fact is a cell (whether it is given) followed by a
//! cell per field.

use motif_runtime::dossier::Dossier;
use motif_runtime::program::{FactId, Program};
use motif_runtime::value::{Known, Type, TypeId, TypeKind, Value};

/// How many elements of a list native code reads; a dossier with a longer list is assessed by
/// the interpreter.
pub const LIST_CAPACITY: usize = 8;

/// A value's two words in the record: `known`, then the payload at `.0 + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell(pub usize);

/// How a scalar value is written in its payload word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Bool,
    Int,
    /// Millionths.
    Decimal,
    /// Cents.
    Money,
    /// Days since 1970-01-01.
    Date,
    /// The index of the value among the type's values (its rank, for a scale).
    Enum(TypeId),
}

/// Where a fact lives.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Scalar {
        cell: Cell,
        encoding: Encoding,
    },
    /// A record fact: `cell` says whether it is given; each field's cell follows.
    Record {
        cell: Cell,
        fields: Vec<Option<(Cell, Encoding)>>,
    },
    /// A list: `cell` holds whether it is known and its length; element `k` starts at
    /// `first + k * stride`.
    List {
        cell: Cell,
        first: usize,
        stride: usize,
        element: ElementShape,
    },
    /// A type native code does not read (text, durations, nested lists): routes that read it
    /// are assessed by the interpreter.
    Unsupported(String),
}

/// The shape of one element of a list, relative to the element's first word.
#[derive(Debug, Clone, PartialEq)]
pub enum ElementShape {
    /// A list of values: one cell at offset 0.
    Scalar(Encoding),
    /// A list of records: field `f` at offset `2 * f`, `None` for a field native code does
    /// not read.
    Record(Vec<Option<Encoding>>),
}

/// The layout of every fact of a program.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub facts: Vec<Shape>,
    /// The number of words of a record.
    pub words: usize,
}

/// The encoding of a scalar type, if native code reads it.
pub fn encoding(ty: &Type, program: &Program) -> Option<Encoding> {
    match ty {
        Type::Bool => Some(Encoding::Bool),
        Type::Int => Some(Encoding::Int),
        Type::Decimal => Some(Encoding::Decimal),
        Type::Money => Some(Encoding::Money),
        Type::Date => Some(Encoding::Date),
        Type::Enum(id) => matches!(program.type_decl(*id).kind, TypeKind::Enum { .. })
            .then_some(Encoding::Enum(*id)),
        Type::Text | Type::Duration | Type::Record(_) | Type::List(_) => None,
    }
}

impl Layout {
    pub fn of(program: &Program) -> Layout {
        let mut next = 0usize;
        let mut take = |words: usize| {
            let at = next;
            next += words;
            at
        };
        let mut facts = Vec::with_capacity(program.facts.len());
        for fact in &program.facts {
            let shape = match &fact.ty {
                Type::Record(id) => {
                    let cell = Cell(take(2));
                    let fields = program
                        .type_decl(*id)
                        .fields()
                        .iter()
                        .map(|f| encoding(&f.ty, program).map(|e| (Cell(take(2)), e)))
                        .collect();
                    Shape::Record { cell, fields }
                }
                Type::List(element) => {
                    let element = match element.as_ref() {
                        Type::Record(id) => ElementShape::Record(
                            program
                                .type_decl(*id)
                                .fields()
                                .iter()
                                .map(|f| encoding(&f.ty, program))
                                .collect(),
                        ),
                        other => match encoding(other, program) {
                            Some(e) => ElementShape::Scalar(e),
                            None => {
                                facts.push(Shape::Unsupported(format!(
                                    "la liste {} contient des valeurs que le code natif ne lit pas",
                                    fact.name
                                )));
                                continue;
                            }
                        },
                    };
                    let stride = match &element {
                        ElementShape::Scalar(_) => 2,
                        ElementShape::Record(fields) => 2 * fields.len().max(1),
                    };
                    let cell = Cell(take(2));
                    let first = take(stride * LIST_CAPACITY);
                    Shape::List {
                        cell,
                        first,
                        stride,
                        element,
                    }
                }
                other => match encoding(other, program) {
                    Some(encoding) => Shape::Scalar {
                        cell: Cell(take(2)),
                        encoding,
                    },
                    None => Shape::Unsupported(format!(
                        "le fait {} est d'un type que le code natif ne lit pas",
                        fact.name
                    )),
                },
            };
            facts.push(shape);
        }
        Layout { facts, words: next }
    }

    /// The record of a decoded dossier; `None` when a list is longer than native code reads
    /// (the interpreter assesses that dossier).
    pub fn record(&self, program: &Program, dossier: &Dossier) -> Option<Vec<i64>> {
        let mut words = vec![0i64; self.words];
        for (index, shape) in self.facts.iter().enumerate() {
            let Some(known) = dossier.known(FactId(index as u32)) else {
                continue;
            };
            match shape {
                Shape::Scalar { cell, encoding } => {
                    write(&mut words, *cell, *encoding, &known.value, program)
                }
                Shape::Record { cell, fields } => {
                    words[cell.0] = 1;
                    if let Value::Record(values) = &known.value {
                        for (field, value) in fields.iter().zip(values) {
                            if let (Some((cell, encoding)), Some(value)) = (field, value) {
                                write(&mut words, *cell, *encoding, &value.value, program);
                            }
                        }
                    }
                }
                Shape::List {
                    cell,
                    first,
                    stride,
                    element,
                } => {
                    let Value::List(items) = &known.value else {
                        continue;
                    };
                    if items.len() > LIST_CAPACITY {
                        return None;
                    }
                    words[cell.0] = 1;
                    words[cell.0 + 1] = items.len() as i64;
                    for (k, item) in items.iter().enumerate() {
                        let base = first + k * stride;
                        match element {
                            ElementShape::Scalar(encoding) => {
                                write(&mut words, Cell(base), *encoding, item, program)
                            }
                            ElementShape::Record(fields) => {
                                let Value::Record(values) = item else {
                                    continue;
                                };
                                for (f, (encoding, value)) in fields.iter().zip(values).enumerate()
                                {
                                    if let (Some(encoding), Some(Known { value, .. })) =
                                        (encoding, value)
                                    {
                                        write(
                                            &mut words,
                                            Cell(base + 2 * f),
                                            *encoding,
                                            value,
                                            program,
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
                Shape::Unsupported(_) => {}
            }
        }
        Some(words)
    }
}

/// Writes a known value in its cell (a value that does not fit its encoding stays unknown).
fn write(words: &mut [i64], cell: Cell, encoding: Encoding, value: &Value, program: &Program) {
    if let Some(payload) = encode(encoding, value, program) {
        words[cell.0] = 1;
        words[cell.0 + 1] = payload;
    }
}

/// A value's payload in `encoding`.
pub fn encode(encoding: Encoding, value: &Value, program: &Program) -> Option<i64> {
    match (encoding, value) {
        (Encoding::Bool, Value::Bool(b)) => Some(i64::from(*b)),
        (Encoding::Int, Value::Int(n)) => Some(*n),
        (Encoding::Decimal, Value::Decimal(d)) => Some(d.micros()),
        (Encoding::Money, Value::Money(m)) => Some(m.cents()),
        (Encoding::Date, Value::Date(d)) => Some(i64::from(d.day_number())),
        (Encoding::Enum(id), Value::Enum(name)) => program
            .type_decl(id)
            .variants()
            .iter()
            .position(|v| &v.name == name)
            .map(|i| i as i64),
        _ => None,
    }
}
