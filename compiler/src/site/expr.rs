//! A rule's expression as a reader follows it: lists of conditions as lists, each condition
//! named with its label and linked to where it is stated, each fact and parameter linked to its
//! description, values written as in the letters (`615,00 €`, `1er mai 2021`).
//!
//! The words are those of the policy language (`si … alors`, `au moins un e parmi …`), which the
//! authors write; the lists read as the officer's trace does (« toutes les conditions
//! suivantes »). The program has lost the names of quantified elements: they are called `e`,
//! then `e2`, `e3` inside, as the authors usually name them.

use motif_runtime::date::DurationUnit;
use motif_runtime::numbers::Rounding;
use motif_runtime::program::{ArithOp, ArticleId, ConditionRef, Expr, Term};
use motif_runtime::value::{Type, TypeId, Value};

use super::html::Html;
use super::{Ctx, FACTS, PARAMETERS, ident_anchor, item_anchor};

/// Where an expression is written.
pub(crate) struct Scope<'a> {
    pub(crate) article: ArticleId,
    pub(crate) version: usize,
    /// The page the expression is shown on.
    pub(crate) page: &'a str,
    /// The element type of each enclosing quantifier, outermost first.
    elements: Vec<Option<Type>>,
}

impl<'a> Scope<'a> {
    pub(crate) fn new(article: ArticleId, version: usize, page: &'a str) -> Scope<'a> {
        Scope {
            article,
            version,
            page,
            elements: Vec::new(),
        }
    }
}

/// Deeper than this the rendering stops with « … » (the checker refuses cycles; this only
/// guards the recursion).
const MAX_DEPTH: usize = 64;

impl Ctx<'_> {
    /// The expression as a block (`<div>`).
    pub(crate) fn expr(&self, scope: &mut Scope<'_>, expr: &Expr) -> Html {
        self.block(scope, expr, 0)
    }

    fn block(&self, scope: &mut Scope<'_>, expr: &Expr, depth: usize) -> Html {
        let mut html = Html::new();
        if depth > MAX_DEPTH {
            html.raw("<div class=\"feuille\">…</div>");
            return html;
        }
        if let Some(inline) = self.inline(scope, expr, depth) {
            html.raw("<div class=\"feuille\">")
                .push(&inline)
                .raw("</div>");
            return html;
        }
        match expr {
            Expr::All(items) | Expr::Any(items) => {
                let words = if matches!(expr, Expr::All(_)) {
                    "toutes les conditions suivantes :"
                } else {
                    "l'une des conditions suivantes :"
                };
                html.raw("<div class=\"bloc\"><span class=\"mot\">")
                    .raw(words)
                    .raw("</span><ul>");
                for item in items {
                    html.raw("<li>")
                        .push(&self.block(scope, item, depth + 1))
                        .raw("</li>");
                }
                html.raw("</ul></div>");
            }
            Expr::Not(inner) => {
                html.raw("<div class=\"bloc\"><span class=\"mot\">il n'est pas vrai que :</span><ul><li>")
                    .push(&self.block(scope, inner, depth + 1))
                    .raw("</li></ul></div>");
            }
            Expr::Implies(condition, then) => {
                html.raw("<div class=\"bloc\"><span class=\"mot\">si :</span><ul><li>")
                    .push(&self.block(scope, condition, depth + 1))
                    .raw("</li></ul><span class=\"mot\">alors :</span><ul><li>")
                    .push(&self.block(scope, then, depth + 1))
                    .raw("</li></ul></div>");
            }
            Expr::Condition(ConditionRef::Local(i)) => {
                // Only an anonymous condition (labelled inline) is not inline: its label, then
                // its expression.
                let version = self.version(scope);
                let condition = version.and_then(|v| v.conditions.get(*i as usize));
                html.raw("<div class=\"bloc\">");
                if let Some(condition) = condition {
                    if let Some(label) = &condition.label {
                        html.raw("<span class=\"libelle\">")
                            .quoted(label)
                            .raw("</span> :");
                    }
                    html.push(&self.block(scope, &condition.expr, depth + 1));
                }
                html.raw("</div>");
            }
            Expr::Exists { list, body } | Expr::ForAll { list, body } => {
                let (before, after) = if matches!(expr, Expr::Exists { .. }) {
                    ("au moins un", "tel que :")
                } else {
                    ("chaque", "vérifie :")
                };
                let element = self.element_type(scope, list);
                html.raw("<div class=\"bloc\"><span class=\"mot\">")
                    .raw(before)
                    .raw("</span> ")
                    .element("var", &[], &element_name(scope.elements.len()))
                    .raw(" <span class=\"mot\">parmi</span> ")
                    .push(&self.term(scope, list, depth + 1))
                    .raw(" <span class=\"mot\">")
                    .raw(after)
                    .raw("</span><ul><li>");
                scope.elements.push(element);
                html.push(&self.block(scope, body, depth + 1));
                scope.elements.pop();
                html.raw("</li></ul></div>");
            }
            // Inline by `inline`.
            Expr::Constant(_)
            | Expr::Test(_)
            | Expr::Compare { .. }
            | Expr::In { .. }
            | Expr::Condition(ConditionRef::Article { .. }) => {}
        }
        html
    }

    /// The expression on one line, when it is short: a test, a comparison, a named condition,
    /// and `non`, `si … alors` of those.
    fn inline(&self, scope: &mut Scope<'_>, expr: &Expr, depth: usize) -> Option<Html> {
        let mut html = Html::new();
        match expr {
            Expr::Constant(value) => {
                html.element(
                    "span",
                    &[("class", "mot")],
                    if *value { "vrai" } else { "faux" },
                );
            }
            Expr::Test(term) => {
                html.push(&self.term(scope, term, depth + 1));
            }
            Expr::Compare {
                op,
                left,
                right,
                scale,
            } => {
                let hint = scale
                    .map(Type::Enum)
                    .or_else(|| self.term_type(scope, left))
                    .or_else(|| self.term_type(scope, right));
                html.push(&self.operand(scope, left, hint.as_ref(), depth))
                    .raw(" ")
                    .element("span", &[("class", "op")], op.symbol())
                    .raw(" ")
                    .push(&self.operand(scope, right, hint.as_ref(), depth));
            }
            Expr::In { operand, set } => {
                let hint = self.term_type(scope, operand);
                html.push(&self.term(scope, operand, depth + 1))
                    .raw(" <span class=\"mot\">dans</span> (");
                for (i, value) in set.iter().enumerate() {
                    if i > 0 {
                        html.raw(", ");
                    }
                    html.push(&self.value(value, hint.as_ref()));
                }
                html.raw(")");
            }
            Expr::Condition(reference) => {
                let version = self.version(scope)?;
                match reference {
                    ConditionRef::Local(i) => {
                        let condition = version.conditions.get(*i as usize)?;
                        let name = condition.name.as_ref()?;
                        let article = self.program.article(scope.article);
                        let anchor = item_anchor(article, scope.version, "c", name);
                        let href = self.href(scope.page, self.page(scope.article), Some(&anchor));
                        html.open("a", &[("class", "condition"), ("href", &href)])
                            .element("code", &[], name)
                            .raw("</a>");
                        if let Some(label) = &condition.label {
                            html.raw(" <span class=\"libelle\">")
                                .quoted(label)
                                .raw("</span>");
                        }
                    }
                    ConditionRef::Article { article, name } => {
                        self.condition_link(&mut html, scope, *article, name, &version.in_force);
                    }
                }
            }
            Expr::Not(inner) => {
                let inner = self.inline(scope, inner, depth + 1)?;
                html.raw("<span class=\"mot\">non</span> ").push(&inner);
            }
            Expr::Implies(condition, then) => {
                let condition = self.inline(scope, condition, depth + 1)?;
                let then = self.inline(scope, then, depth + 1)?;
                html.raw("<span class=\"mot\">si</span> ")
                    .push(&condition)
                    .raw(" <span class=\"mot\">alors</span> ")
                    .push(&then);
            }
            Expr::All(_) | Expr::Any(_) | Expr::Exists { .. } | Expr::ForAll { .. } => {
                return None;
            }
        }
        Some(html)
    }

    /// `visa_long_sejour de L. 412-1 « label »`, linked to the condition in the version of its
    /// article in force during `during`.
    pub(crate) fn condition_link(
        &self,
        html: &mut Html,
        scope: &Scope<'_>,
        article: ArticleId,
        name: &str,
        during: &motif_runtime::program::Period,
    ) {
        let target = self.program.article(article);
        let version = self.version_for(article, during, |v| v.condition_named(name).is_some());
        let anchor = version.map(|v| item_anchor(target, v, "c", name));
        let href = self.href(scope.page, self.page(article), anchor.as_deref());
        html.open("a", &[("class", "condition"), ("href", &href)])
            .element("code", &[], name)
            .text(&format!(" de {}", target.id))
            .raw("</a>");
        let label = version
            .and_then(|v| target.versions.get(v))
            .and_then(|v| v.condition_named(name))
            .and_then(|c| c.label.as_ref());
        if let Some(label) = label {
            html.raw(" <span class=\"libelle\">")
                .quoted(label)
                .raw("</span>");
        }
    }

    fn version(&self, scope: &Scope<'_>) -> Option<&motif_runtime::program::ArticleVersion> {
        self.program
            .articles
            .get(scope.article.0 as usize)?
            .versions
            .get(scope.version)
    }

    /// A comparison's operand; a literal of an enumeration with its label.
    fn operand(
        &self,
        scope: &mut Scope<'_>,
        term: &Term,
        hint: Option<&Type>,
        depth: usize,
    ) -> Html {
        match term {
            Term::Literal(value) => self.value(value, hint),
            _ => self.term(scope, term, depth + 1),
        }
    }

    fn term(&self, scope: &mut Scope<'_>, term: &Term, depth: usize) -> Html {
        let mut html = Html::new();
        if depth > MAX_DEPTH {
            html.raw("…");
            return html;
        }
        match term {
            Term::Literal(value) => {
                html.push(&self.value(value, None));
            }
            Term::Fact(id) => {
                let fact = self.program.fact(*id);
                let href = format!("{FACTS}#{}", fact_anchor(&fact.name));
                let title = fact.label.as_deref().unwrap_or(&fact.name);
                html.open("a", &[("class", "fait"), ("href", &href), ("title", title)])
                    .element("code", &[], &fact.name)
                    .raw("</a>");
            }
            Term::Parameter(id) => {
                let parameter = self.program.parameter(*id);
                let href = format!("{PARAMETERS}#{}", parameter_anchor(&parameter.name));
                let title = parameter.label.as_deref().unwrap_or(&parameter.name);
                html.open(
                    "a",
                    &[("class", "parametre"), ("href", &href), ("title", title)],
                )
                .element("code", &[], &parameter.name)
                .raw("</a>");
            }
            Term::Element { depth: up } => {
                let level = scope.elements.len().checked_sub(1 + *up as usize);
                let name = level.map_or_else(|| "e".to_string(), element_name);
                html.element("var", &[], &name);
            }
            Term::Field { record, field } => {
                html.push(&self.term(scope, record, depth + 1));
                let field = self.record_field(scope, record, *field);
                match field {
                    Some((name, label)) => {
                        html.raw("<code>.")
                            .open("span", &[("title", label.unwrap_or(&name))])
                            .text(&name)
                            .raw("</span></code>");
                    }
                    None => {
                        html.raw("<code>.?</code>");
                    }
                }
            }
            Term::DecisionDate => {
                html.raw("<span class=\"mot\">date de la décision</span>");
            }
            Term::FilingDate => {
                html.raw("<span class=\"mot\">date de la demande</span>");
            }
            Term::Arith { op, left, right } => {
                let inner = |ctx: &Self, scope: &mut Scope<'_>, t: &Term| {
                    let mut h = Html::new();
                    if matches!(t, Term::Arith { .. }) {
                        h.raw("(").push(&ctx.term(scope, t, depth + 1)).raw(")");
                    } else {
                        h.push(&ctx.term(scope, t, depth + 1));
                    }
                    h
                };
                let rounding = match op {
                    ArithOp::MulRounded(Rounding::Nearest) => Some("arrondi ("),
                    ArithOp::MulRounded(Rounding::Down) => Some("arrondi inférieur ("),
                    ArithOp::MulRounded(Rounding::Up) => Some("arrondi supérieur ("),
                    ArithOp::Add | ArithOp::Sub | ArithOp::Mul => None,
                };
                if let Some(words) = rounding {
                    html.raw("<span class=\"mot\">").raw(words).raw("</span>");
                }
                html.push(&inner(self, scope, left))
                    .raw(" ")
                    .element("span", &[("class", "op")], op.symbol())
                    .raw(" ")
                    .push(&inner(self, scope, right));
                if rounding.is_some() {
                    html.raw("<span class=\"mot\">)</span>");
                }
            }
            Term::Between { unit, from, to } => {
                let words = match unit {
                    DurationUnit::Years => "années révolues entre",
                    DurationUnit::Months => "mois révolus entre",
                    DurationUnit::Days => "jours entre",
                };
                html.raw("<span class=\"mot\">")
                    .raw(words)
                    .raw("</span> ")
                    .push(&self.term(scope, from, depth + 1))
                    .raw(" <span class=\"mot\">et</span> ")
                    .push(&self.term(scope, to, depth + 1));
            }
            Term::Count { list, body } => {
                let element = self.element_type(scope, list);
                html.raw("<span class=\"mot\">nombre de</span> ")
                    .element("var", &[], &element_name(scope.elements.len()))
                    .raw(" <span class=\"mot\">parmi</span> ")
                    .push(&self.term(scope, list, depth + 1))
                    .raw(" <span class=\"mot\">tels que</span> (");
                scope.elements.push(element);
                match self.inline(scope, body, depth + 1) {
                    Some(inline) => html.push(&inline),
                    None => html.push(&self.block(scope, body, depth + 1)),
                };
                scope.elements.pop();
                html.raw(")");
            }
        }
        html
    }

    /// A literal: a boolean as the language writes it, an enumeration value by its name and
    /// label, anything else as the letters write it.
    fn value(&self, value: &Value, hint: Option<&Type>) -> Html {
        let mut html = Html::new();
        match value {
            Value::Bool(b) => {
                html.element(
                    "span",
                    &[("class", "mot")],
                    if *b { "vrai" } else { "faux" },
                );
            }
            Value::Enum(name) => {
                html.element("code", &[("class", "valeur")], name);
                if let Some(label) = self.variant_label(hint, name) {
                    html.raw(" <span class=\"libelle\">(")
                        .text(label)
                        .raw(")</span>");
                }
            }
            other => {
                html.element(
                    "span",
                    &[("class", "valeur")],
                    &self.words.value(other, None),
                );
            }
        }
        html
    }

    pub(crate) fn variant_label(&self, ty: Option<&Type>, name: &str) -> Option<&str> {
        let id: TypeId = match ty? {
            Type::Enum(id) => *id,
            Type::List(inner) => match inner.as_ref() {
                Type::Enum(id) => *id,
                _ => return None,
            },
            _ => return None,
        };
        self.program
            .types
            .get(id.0 as usize)?
            .variant(name)?
            .label
            .as_deref()
    }

    fn term_type(&self, scope: &Scope<'_>, term: &Term) -> Option<Type> {
        match term {
            Term::Fact(id) => Some(self.program.facts.get(id.0 as usize)?.ty.clone()),
            Term::Parameter(id) => Some(self.program.parameters.get(id.0 as usize)?.ty.clone()),
            Term::Element { depth } => {
                let level = scope.elements.len().checked_sub(1 + *depth as usize)?;
                scope.elements.get(level).cloned().flatten()
            }
            Term::Field { record, field } => {
                let Type::Record(id) = self.term_type(scope, record)? else {
                    return None;
                };
                let decl = self.program.types.get(id.0 as usize)?;
                Some(decl.fields().get(*field as usize)?.ty.clone())
            }
            _ => None,
        }
    }

    fn element_type(&self, scope: &Scope<'_>, list: &Term) -> Option<Type> {
        match self.term_type(scope, list)? {
            Type::List(element) => Some(*element),
            _ => None,
        }
    }

    /// The name and label of a record's field.
    fn record_field(
        &self,
        scope: &Scope<'_>,
        record: &Term,
        field: u32,
    ) -> Option<(String, Option<&str>)> {
        let Type::Record(id) = self.term_type(scope, record)? else {
            return None;
        };
        let field = self
            .program
            .types
            .get(id.0 as usize)?
            .fields()
            .get(field as usize)?;
        Some((field.name.clone(), field.label.as_deref()))
    }
}

/// `e`, `e2`, `e3`…: the element of the quantifier at nesting `level` (0 the outermost).
fn element_name(level: usize) -> String {
    match level {
        0 => "e".to_string(),
        n => format!("e{}", n + 1),
    }
}

/// The anchor of a fact on the facts' page.
pub(crate) fn fact_anchor(name: &str) -> String {
    format!("fait-{}", ident_anchor(name))
}

/// The anchor of a parameter on the parameters' page.
pub(crate) fn parameter_anchor(name: &str) -> String {
    format!("param-{}", ident_anchor(name))
}
