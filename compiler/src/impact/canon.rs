//! The canonical form of a program's rules, independent of indices: expressions, terms and
//! types with every fact, parameter, condition and article named.
//!
//! Two programs number their facts, parameters, conditions and routes by the order of their
//! sources, so an `Expr` of one cannot be compared with an `Expr` of the other. Both are brought
//! to this form first, in which a fact is its dotted name, a condition labelled inline is its
//! label and expression, and the element of a quantifier is named by its nesting level (so
//! renaming a bound variable is no change). Comparing two forms is comparing the rules.

use motif_runtime::Program;
use motif_runtime::date::DurationUnit;
use motif_runtime::numbers::Rounding;
use motif_runtime::program::{ArithOp, ArticleVersion, ConditionRef, Expr, Term};
use motif_runtime::value::{Type, TypeDecl, TypeKind, Value};

/// An expression or a term in canonical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Node {
    form: Form,
    args: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    // Boolean forms.
    Constant(bool),
    /// A boolean term read as a condition.
    Test,
    Not,
    All,
    Any,
    Implies,
    Compare(&'static str),
    /// `x dans (a, b)`: the set's values as written.
    In(Vec<String>),
    /// A named condition: of this version (`transcription`) or of another article
    /// (`visa de L. 412-1`).
    Condition(String),
    /// A condition labelled inline: its label; its expression is the only argument.
    Labelled(String),
    /// `au moins un`, `chaque`: the element's name; arguments: the list, the body.
    Exists(String),
    ForAll(String),
    // Terms.
    /// A fact, a parameter, a value, a date of the assessment, an element.
    Leaf(String),
    /// A field of a record: its name; the record is the only argument.
    Field(String),
    Arith(&'static str),
    /// `arrondi (a × b)`, with the rounding's word.
    Rounded(&'static str),
    /// `années révolues entre a et b`.
    Between(&'static str),
    /// `nombre de e parmi L tels que (…)`.
    Count(String),
}

impl Form {
    fn is_boolean(&self) -> bool {
        matches!(
            self,
            Form::Constant(_)
                | Form::Test
                | Form::Not
                | Form::All
                | Form::Any
                | Form::Implies
                | Form::Compare(_)
                | Form::In(_)
                | Form::Condition(_)
                | Form::Labelled(_)
                | Form::Exists(_)
                | Form::ForAll(_)
        )
    }
}

/// Brings the expressions of one article version to canonical form.
pub(crate) struct Canon<'p> {
    program: &'p Program,
    version: &'p ArticleVersion,
    /// The element types of the enclosing quantifiers, innermost last (`None`: not a list of
    /// a known type).
    elements: Vec<Option<Type>>,
}

impl<'p> Canon<'p> {
    pub(crate) fn new(program: &'p Program, version: &'p ArticleVersion) -> Canon<'p> {
        Canon {
            program,
            version,
            elements: Vec::new(),
        }
    }

    pub(crate) fn expr(&mut self, expr: &Expr) -> Node {
        match expr {
            Expr::Constant(b) => leafless(Form::Constant(*b)),
            Expr::Test(term) => node(Form::Test, vec![self.term(term)]),
            Expr::Not(inner) => node(Form::Not, vec![self.expr(inner)]),
            Expr::All(items) => node(Form::All, items.iter().map(|e| self.expr(e)).collect()),
            Expr::Any(items) => node(Form::Any, items.iter().map(|e| self.expr(e)).collect()),
            Expr::Implies(a, b) => node(Form::Implies, vec![self.expr(a), self.expr(b)]),
            Expr::Compare {
                op, left, right, ..
            } => node(
                Form::Compare(op.symbol()),
                vec![self.term(left), self.term(right)],
            ),
            Expr::In { operand, set } => node(
                Form::In(set.iter().map(value_text).collect()),
                vec![self.term(operand)],
            ),
            Expr::Condition(ConditionRef::Article { article, name }) => {
                let article = self
                    .program
                    .articles
                    .get(article.0 as usize)
                    .map_or("?", |a| a.id.as_str());
                leafless(Form::Condition(format!("{name} de {article}")))
            }
            Expr::Condition(ConditionRef::Local(index)) => {
                match self.version.conditions.get(*index as usize) {
                    Some(condition) => match &condition.name {
                        Some(name) => leafless(Form::Condition(name.clone())),
                        // Inline conditions are created after what they contain (see
                        // `lower`), so this recursion ends.
                        None => {
                            let inner = self.expr(&condition.expr);
                            node(
                                Form::Labelled(condition.label.clone().unwrap_or_default()),
                                vec![inner],
                            )
                        }
                    },
                    None => leafless(Form::Condition(format!("condition n° {index}"))),
                }
            }
            Expr::Exists { list, body } | Expr::ForAll { list, body } => {
                let list_node = self.term(list);
                let name = self.element_name();
                self.elements.push(self.element_type(list));
                let body = self.expr(body);
                self.elements.pop();
                let form = if matches!(expr, Expr::Exists { .. }) {
                    Form::Exists(name)
                } else {
                    Form::ForAll(name)
                };
                node(form, vec![list_node, body])
            }
        }
    }

    fn term(&mut self, term: &Term) -> Node {
        match term {
            Term::Literal(value) => leaf(value_text(value)),
            Term::Fact(id) => leaf(
                self.program
                    .facts
                    .get(id.0 as usize)
                    .map_or_else(|| format!("fait n° {}", id.0), |f| f.name.clone()),
            ),
            Term::Parameter(id) => leaf(
                self.program
                    .parameters
                    .get(id.0 as usize)
                    .map_or_else(|| format!("paramètre n° {}", id.0), |p| p.name.clone()),
            ),
            Term::Element { depth } => leaf(
                self.elements
                    .len()
                    .checked_sub(1 + *depth as usize)
                    .map_or_else(|| "élément".to_string(), variable),
            ),
            Term::Field { record, field } => {
                let name = match self.term_type(record) {
                    Some(Type::Record(id)) => self
                        .program
                        .types
                        .get(id.0 as usize)
                        .and_then(|t| t.fields().get(*field as usize))
                        .map(|f| f.name.clone()),
                    _ => None,
                };
                let name = name.unwrap_or_else(|| format!("champ n° {field}"));
                node(Form::Field(name), vec![self.term(record)])
            }
            Term::DecisionDate => leaf("date de la décision".into()),
            Term::FilingDate => leaf("date de la demande".into()),
            Term::Arith { op, left, right } => {
                let args = vec![self.term(left), self.term(right)];
                match op {
                    ArithOp::MulRounded(rounding) => node(
                        Form::Rounded(match rounding {
                            Rounding::Nearest => "arrondi",
                            Rounding::Down => "arrondi inférieur",
                            Rounding::Up => "arrondi supérieur",
                        }),
                        args,
                    ),
                    other => node(Form::Arith(other.symbol()), args),
                }
            }
            Term::Between { unit, from, to } => node(
                Form::Between(match unit {
                    DurationUnit::Years => "années révolues",
                    DurationUnit::Months => "mois révolus",
                    DurationUnit::Days => "jours",
                }),
                vec![self.term(from), self.term(to)],
            ),
            Term::Count { list, body } => {
                let list_node = self.term(list);
                let name = self.element_name();
                self.elements.push(self.element_type(list));
                let body = self.expr(body);
                self.elements.pop();
                node(Form::Count(name), vec![list_node, body])
            }
        }
    }

    /// The name of the element a quantifier opened now binds.
    fn element_name(&self) -> String {
        variable(self.elements.len())
    }

    fn element_type(&self, list: &Term) -> Option<Type> {
        match self.term_type(list) {
            Some(Type::List(inner)) => Some(*inner),
            _ => None,
        }
    }

    /// The type of the terms that can hold a record or a list (the others are not needed).
    fn term_type(&self, term: &Term) -> Option<Type> {
        match term {
            Term::Fact(id) => self.program.facts.get(id.0 as usize).map(|f| f.ty.clone()),
            Term::Parameter(id) => self
                .program
                .parameters
                .get(id.0 as usize)
                .map(|p| p.ty.clone()),
            Term::Element { depth } => self
                .elements
                .len()
                .checked_sub(1 + *depth as usize)
                .and_then(|level| self.elements.get(level).cloned().flatten()),
            Term::Field { record, field } => match self.term_type(record) {
                Some(Type::Record(id)) => self
                    .program
                    .types
                    .get(id.0 as usize)
                    .and_then(|t| t.fields().get(*field as usize))
                    .map(|f| f.ty.clone()),
                _ => None,
            },
            _ => None,
        }
    }
}

/// `e`, `e2`, `e3`…: the element bound at this nesting level.
fn variable(level: usize) -> String {
    if level == 0 {
        "e".to_string()
    } else {
        format!("e{}", level + 1)
    }
}

fn node(form: Form, args: Vec<Node>) -> Node {
    Node { form, args }
}

fn leafless(form: Form) -> Node {
    node(form, Vec::new())
}

fn leaf(text: String) -> Node {
    leafless(Form::Leaf(text))
}

/// A value as the policy language writes it.
pub(crate) fn value_text(value: &Value) -> String {
    value.to_string()
}

impl Node {
    /// The smallest boolean sub-expressions in which `self` and `other` differ: descends while
    /// both have the same form and differ in exactly one boolean operand, so that a changed
    /// threshold shows as the comparison that holds it, not as the whole condition.
    pub(crate) fn narrowest<'a>(&'a self, other: &'a Node) -> (&'a Node, &'a Node) {
        if self.form == other.form && self.args.len() == other.args.len() {
            let mut differing = self.args.iter().zip(&other.args).filter(|(a, b)| a != b);
            if let (Some((a, b)), None) = (differing.next(), differing.next())
                && a.form.is_boolean()
                && b.form.is_boolean()
            {
                return a.narrowest(b);
            }
        }
        (self, other)
    }

    /// The expression as the policy language would write it.
    pub(crate) fn text(&self) -> String {
        let arg = |i: usize| self.args.get(i).map(Node::text).unwrap_or_default();
        // An operand in parentheses when it binds less tightly than its place requires.
        let operand = |i: usize, tightness: u8| match self.args.get(i) {
            Some(n) if n.tightness() < tightness => format!("({})", n.text()),
            Some(n) => n.text(),
            None => String::new(),
        };
        let list = || {
            self.args
                .iter()
                .map(Node::text)
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &self.form {
            Form::Constant(true) => "vrai".into(),
            Form::Constant(false) => "faux".into(),
            Form::Test => arg(0),
            // `non a ≥ b` would read the same, but not to everyone.
            Form::Not => format!("non {}", operand(0, ATOM)),
            Form::All => format!("toutes ({})", list()),
            Form::Any => format!("l'une de ({})", list()),
            Form::Implies => format!("si {} alors {}", operand(0, NOT), operand(1, NOT)),
            Form::Compare(op) => format!("{} {op} {}", operand(0, SUM), operand(1, SUM)),
            Form::In(set) => format!("{} dans ({})", operand(0, SUM), set.join(", ")),
            Form::Condition(name) => name.clone(),
            Form::Labelled(label) => format!("{} « {label} »", arg(0)),
            Form::Exists(e) => format!("au moins un {e} parmi {} tel que ({})", arg(0), arg(1)),
            Form::ForAll(e) => format!("chaque {e} parmi {} vérifie ({})", arg(0), arg(1)),
            Form::Leaf(text) => text.clone(),
            Form::Field(name) => format!("{}.{name}", operand(0, ATOM)),
            // Left-associative: `a - (b + c)` keeps its parentheses, `(a - b) + c` needs none.
            Form::Arith(op) => {
                let own = self.tightness();
                format!("{} {op} {}", operand(0, own), operand(1, own + 1))
            }
            Form::Rounded(word) => format!(
                "{word} ({} × {})",
                operand(0, PRODUCT),
                operand(1, PRODUCT + 1)
            ),
            Form::Between(words) => {
                format!("{words} entre {} et {}", operand(0, SUM), operand(1, SUM))
            }
            Form::Count(e) => format!("nombre de {e} parmi {} tels que ({})", arg(0), arg(1)),
        }
    }

    /// How tightly the form binds its operands, as the grammar reads it.
    fn tightness(&self) -> u8 {
        match self.form {
            Form::Implies | Form::Labelled(_) => 0,
            Form::Not => NOT,
            Form::Compare(_) | Form::In(_) => COMPARISON,
            Form::Arith("×") => PRODUCT,
            Form::Arith(_) => SUM,
            Form::Between(_) => UNARY,
            _ => ATOM,
        }
    }
}

const NOT: u8 = 2;
const COMPARISON: u8 = 3;
const SUM: u8 = 4;
const PRODUCT: u8 = 5;
const UNARY: u8 = 7;
const ATOM: u8 = 9;

/// A type as the policy language writes it; a type written inline in full (its values, fields,
/// labels and documents), since it has no declaration of its own to compare.
pub(crate) fn type_text(ty: &Type, types: &[TypeDecl]) -> String {
    match ty {
        Type::Enum(id) | Type::Record(id) => match types.get(id.0 as usize) {
            Some(TypeDecl { name: Some(n), .. }) => n.clone(),
            Some(TypeDecl { name: None, kind }) => kind_text(kind, types),
            None => ty.describe(types),
        },
        Type::List(inner) => format!("liste de {}", type_text(inner, types)),
        _ => ty.describe(types),
    }
}

/// The body of a type declaration: `parmi (a « … », b)`, `échelle (…)`, `fiche (…)`.
pub(crate) fn kind_text(kind: &TypeKind, types: &[TypeDecl]) -> String {
    match kind {
        TypeKind::Enum { variants, ordered } => {
            let keyword = if *ordered { "échelle" } else { "parmi" };
            let items: Vec<String> = variants
                .iter()
                .map(|v| labelled(&v.name, v.label.as_deref()))
                .collect();
            format!("{keyword} ({})", items.join(", "))
        }
        TypeKind::Record { fields } => {
            let items: Vec<String> = fields
                .iter()
                .map(|f| {
                    let mut text = format!(
                        "{} : {}",
                        f.name,
                        labelled(&type_text(&f.ty, types), f.label.as_deref())
                    );
                    if !f.documents.is_empty() {
                        text.push_str(&format!(" pièces {}", quoted_list(&f.documents)));
                    }
                    text
                })
                .collect();
            format!("fiche ({})", items.join(", "))
        }
    }
}

fn labelled(name: &str, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{name} « {label} »"),
        None => name.to_string(),
    }
}

/// `« a », « b »`.
pub(crate) fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("« {s} »"))
        .collect::<Vec<_>>()
        .join(", ")
}
