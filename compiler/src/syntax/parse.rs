//! The parse pass: source text → pest pairs → AST with byte spans.
//!
//! The grammar (`motif.pest`) reads a flat sequence of items; this pass gives them the structure
//! of the law: each rule is placed in the version of the article above it. A rule that has no
//! article (or no version) above it is reported here: a rule without a legal basis is an error.

use pest::Parser as _;
use pest::iterators::Pair;

use motif_runtime::Date;
use motif_runtime::program::{CardKind, CompareOp, Duration, DurationUnit};

use super::ast::*;
use crate::diagnostics::{
    Diagnostic, IntegerTooLarge, InvalidDate, NestingTooDeep, PolicyError, RuleOutsideArticle,
    RuleOutsideVersion, VersionOutsideArticle,
};
use crate::source::FileId;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/motif.pest"]
struct MotifParser;

pub(super) use self::Rule as GrammarRule;

/// Parses one policy file. On a syntax error the module is empty and the error is returned
/// (pest stops at the first one); otherwise every structural problem found is returned.
pub fn parse(file: FileId, text: &str) -> (Module, Vec<Diagnostic>) {
    let mut builder = Builder {
        file,
        diagnostics: Vec::new(),
        next_expr: 0,
        depth: 0,
    };
    let module = match MotifParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let items = pairs
                .next()
                .map(|file| file.into_inner())
                .into_iter()
                .flatten();
            builder.module(items)
        }
        Err(error) => {
            builder.diagnostics.push(Diagnostic::new(
                file,
                super::errors::syntax_error(text, error),
            ));
            Module {
                file,
                facts: Vec::new(),
                articles: Vec::new(),
            }
        }
    };
    (module, builder.diagnostics)
}

struct Builder {
    file: FileId,
    diagnostics: Vec<Diagnostic>,
    next_expr: u32,
    /// How deep the expression being built is nested, in grammar levels.
    depth: usize,
}

/// Deepest nesting of an expression, in grammar levels: a pair of parentheses takes about five,
/// a `non` two, so this allows some twenty-five nested parentheses, more than any legal text
/// needs. The bound keeps every later pass, which walks expressions recursively, far from the
/// stack's limits, even on a 1 MiB thread stack in a debug build.
const MAX_DEPTH: usize = 128;

/// Keywords are matched by rules of their own (to require a word boundary); they carry no
/// information once matched, so the builder skips them.
fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_fait
            | Rule::kw_article
            | Rule::kw_version
            | Rule::kw_condition
            | Rule::kw_voie
            | Rule::kw_delivre
            | Rule::kw_mention
            | Rule::kw_duree
            | Rule::kw_si
            | Rule::kw_alors
            | Rule::kw_et
            | Rule::kw_ou
            | Rule::kw_non
            | Rule::kw_toutes
            | Rule::kw_lune
            | Rule::kw_dans
            | Rule::kw_de
            | Rule::kw_du
            | Rule::kw_au
            | Rule::kw_parmi
            | Rule::kw_texte
            | Rule::kw_source
            | Rule::kw_legifrance
            | Rule::kw_a_verifier
            | Rule::EOI
            | Rule::colon
            | Rule::open
            | Rule::close
            | Rule::comma
    )
}

/// The meaningful children of a pair.
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| !is_keyword(p.as_rule()))
}

impl Builder {
    fn report(&mut self, error: impl Into<PolicyError>) {
        self.diagnostics.push(Diagnostic::new(self.file, error));
    }

    fn module<'i>(&mut self, items: impl Iterator<Item = Pair<'i, Rule>>) -> Module {
        let mut facts = Vec::new();
        let mut articles: Vec<Article> = Vec::new();
        for item in items {
            let span = Span::from(item.as_span());
            match item.as_rule() {
                Rule::fact => facts.push(self.fact(item)),
                Rule::article => articles.push(self.article(item)),
                Rule::version => {
                    let version = self.version(item);
                    match articles.last_mut() {
                        Some(article) => article.versions.push(version),
                        None => self.report(VersionOutsideArticle {
                            span: version.span.into(),
                        }),
                    }
                }
                Rule::condition => {
                    let condition = self.condition(item);
                    if let Some(version) =
                        self.home("condition", &condition.name, span, &mut articles)
                    {
                        version.conditions.push(condition);
                    }
                }
                Rule::route => {
                    let route = self.route(item);
                    if let Some(version) = self.home("voie", &route.name, span, &mut articles) {
                        version.routes.push(route);
                    }
                }
                _ => {}
            }
        }
        Module {
            file: self.file,
            facts,
            articles,
        }
    }

    /// The version a rule belongs to: the last version of the last article above it.
    fn home<'a>(
        &mut self,
        kind: &'static str,
        name: &Name,
        span: Span,
        articles: &'a mut [Article],
    ) -> Option<&'a mut Version> {
        let header = Span {
            start: span.start,
            end: name.span.end,
        };
        let Some(article) = articles.last_mut() else {
            self.report(RuleOutsideArticle {
                kind,
                name: name.node.clone(),
                span: header.into(),
            });
            return None;
        };
        if article.versions.is_empty() {
            self.report(RuleOutsideVersion {
                kind,
                name: name.node.clone(),
                article: article.id.node.clone(),
                span: header.into(),
            });
            return None;
        }
        article.versions.last_mut()
    }

    fn fact(&mut self, pair: Pair<'_, Rule>) -> FactDecl {
        let span = Span::from(pair.as_span());
        let mut name = None;
        let mut ty = None;
        let mut label = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::name => name = Some(spanned(&p)),
                Rule::text => label = Some(text(&p)),
                _ => ty = Some(self.type_expr(p)),
            }
        }
        FactDecl {
            name: name.unwrap_or_else(|| Spanned {
                node: String::new(),
                span,
            }),
            ty: ty.unwrap_or(TypeExpr {
                kind: TypeKind::Bool,
                span,
            }),
            label,
            span,
        }
    }

    fn type_expr(&mut self, pair: Pair<'_, Rule>) -> TypeExpr {
        let span = Span::from(pair.as_span());
        let kind = match pair.as_rule() {
            Rule::ty_int => TypeKind::Int,
            Rule::ty_text => TypeKind::Text,
            Rule::ty_enum => TypeKind::Enum(
                children(pair)
                    .map(|variant| {
                        let mut parts = children(variant);
                        let name = parts
                            .next()
                            .map(|p| spanned(&p))
                            .unwrap_or_default_name(span);
                        let label = parts.next().map(|p| text(&p));
                        VariantDecl { name, label }
                    })
                    .collect(),
            ),
            _ => TypeKind::Bool,
        };
        TypeExpr { kind, span }
    }

    fn article(&mut self, pair: Pair<'_, Rule>) -> Article {
        let span = Span::from(pair.as_span());
        let mut id = Spanned {
            node: String::new(),
            span,
        };
        let mut title = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::article_id => id = article_id(p),
                Rule::text => title = Some(text(&p)),
                _ => {}
            }
        }
        Article {
            id,
            title,
            versions: Vec::new(),
            span,
        }
    }

    fn version(&mut self, pair: Pair<'_, Rule>) -> Version {
        let span = Span::from(pair.as_span());
        let mut version = Version {
            from: Spanned { node: None, span },
            until: None,
            legifrance: Vec::new(),
            texts: Vec::new(),
            to_check: Vec::new(),
            sources: Vec::new(),
            conditions: Vec::new(),
            routes: Vec::new(),
            span,
        };
        let mut dates = 0;
        let mut header_end = span.start;
        for p in children(pair) {
            match p.as_rule() {
                Rule::date => {
                    header_end = p.as_span().end();
                    let date = self.date(&p);
                    if dates == 0 {
                        version.from = date;
                    } else {
                        version.until = Some(date);
                    }
                    dates += 1;
                }
                Rule::legifrance => {
                    let inner = children(p.clone()).next();
                    version.legifrance.push(match inner {
                        Some(id) if id.as_rule() == Rule::legifrance_id => {
                            Legifrance::Id(spanned(&id))
                        }
                        Some(unverified) => Legifrance::Unverified {
                            note: children(unverified).next().map(|t| text(&t)),
                            span: Span::from(p.as_span()),
                        },
                        None => Legifrance::Unverified {
                            note: None,
                            span: Span::from(p.as_span()),
                        },
                    });
                }
                Rule::texte => version.texts.extend(children(p).map(|t| text(&t))),
                Rule::to_check => version.to_check.extend(children(p).map(|t| text(&t))),
                Rule::source => version.sources.extend(children(p).map(|t| text(&t))),
                _ => {}
            }
        }
        version.span = Span {
            start: span.start,
            end: header_end,
        };
        version
    }

    fn date(&mut self, pair: &Pair<'_, Rule>) -> Spanned<Option<Date>> {
        let span = Span::from(pair.as_span());
        let node = match pair.as_str().parse::<Date>() {
            Ok(date) => Some(date),
            Err(_) => {
                self.report(InvalidDate {
                    text: pair.as_str().to_string(),
                    span: span.into(),
                });
                None
            }
        };
        Spanned { node, span }
    }

    fn condition(&mut self, pair: Pair<'_, Rule>) -> ConditionDecl {
        let span = Span::from(pair.as_span());
        let mut name = None;
        let mut label = None;
        let mut body = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => name = Some(spanned(&p)),
                Rule::text => label = Some(text(&p)),
                Rule::expr => body = Some(self.expr(p)),
                _ => {}
            }
        }
        ConditionDecl {
            name: name.unwrap_or_default_name(span),
            label,
            body: body.unwrap_or_else(|| self.placeholder(span)),
            span,
        }
    }

    fn route(&mut self, pair: Pair<'_, Rule>) -> RouteDecl {
        let span = Span::from(pair.as_span());
        let mut name = None;
        let mut label = None;
        let mut grant = None;
        let mut to_check = Vec::new();
        let mut body = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => name = Some(spanned(&p)),
                Rule::text => label = Some(text(&p)),
                Rule::grant => grant = Some(self.grant(p)),
                Rule::to_check => to_check.extend(children(p).map(|t| text(&t))),
                Rule::expr => body = Some(self.expr(p)),
                _ => {}
            }
        }
        RouteDecl {
            name: name.unwrap_or_default_name(span),
            label,
            grant: grant.unwrap_or(Grant {
                card: CardKind::CarteDeSejourTemporaire,
                mention: None,
                duration: None,
                span,
            }),
            to_check,
            body: body.unwrap_or_else(|| self.placeholder(span)),
            span,
        }
    }

    fn grant(&mut self, pair: Pair<'_, Rule>) -> Grant {
        let span = Span::from(pair.as_span());
        let mut grant = Grant {
            card: CardKind::CarteDeSejourTemporaire,
            mention: None,
            duration: None,
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::card => {
                    let kind = children(p).next().map(|c| c.as_rule());
                    grant.card = match kind {
                        Some(Rule::card_csp) => CardKind::CarteDeSejourPluriannuelle,
                        Some(Rule::card_cr) => CardKind::CarteDeResident,
                        Some(Rule::card_crldue) => CardKind::CarteDeResidentLongueDureeUe,
                        Some(Rule::card_aps) => CardKind::AutorisationProvisoireDeSejour,
                        _ => CardKind::CarteDeSejourTemporaire,
                    };
                }
                Rule::text => grant.mention = Some(text(&p)),
                Rule::duration => {
                    let mut parts = children(p);
                    let amount = parts.next().and_then(|n| {
                        let parsed = n.as_str().parse::<u32>().ok();
                        if parsed.is_none() {
                            self.report(IntegerTooLarge {
                                text: n.as_str().into(),
                                span: Span::from(n.as_span()).into(),
                            });
                        }
                        parsed
                    });
                    let unit = match parts.next().map(|u| u.as_str()) {
                        Some("an" | "ans") => DurationUnit::Years,
                        Some("mois") => DurationUnit::Months,
                        _ => DurationUnit::Days,
                    };
                    grant.duration = amount.map(|amount| Duration { amount, unit });
                }
                _ => {}
            }
        }
        grant
    }

    fn new_expr(&mut self, kind: ExprKind, span: Span) -> Expr {
        let id = ExprId(self.next_expr);
        self.next_expr += 1;
        Expr { id, kind, span }
    }

    /// Stands for an expression the grammar guarantees but that could not be built; never
    /// reached on a successful parse, it keeps the builder total.
    fn placeholder(&mut self, span: Span) -> Expr {
        self.new_expr(ExprKind::Bool(true), span)
    }

    fn expr(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = Span::from(pair.as_span());
        if self.depth >= MAX_DEPTH {
            let already = self.diagnostics.iter().any(|d| {
                matches!(&d.error, PolicyError::NestingTooDeep(n) if n.span.offset() <= span.start && span.end <= n.span.offset() + n.span.len())
            });
            if !already {
                self.report(NestingTooDeep { span: span.into() });
            }
            return self.placeholder(span);
        }
        self.depth += 1;
        let expr = self.expr_at_depth(pair, span);
        self.depth -= 1;
        expr
    }

    fn expr_at_depth(&mut self, pair: Pair<'_, Rule>, span: Span) -> Expr {
        match pair.as_rule() {
            Rule::implication => {
                let mut parts: Vec<Expr> = children(pair).map(|p| self.expr(p)).collect();
                let then = parts.pop();
                let condition = parts.pop();
                match (condition, then) {
                    (Some(c), Some(t)) => {
                        self.new_expr(ExprKind::Implies(Box::new(c), Box::new(t)), span)
                    }
                    _ => self.placeholder(span),
                }
            }
            Rule::disjunction | Rule::conjunction => {
                let is_or = pair.as_rule() == Rule::disjunction;
                let mut parts: Vec<Expr> = children(pair).map(|p| self.expr(p)).collect();
                if parts.len() == 1 {
                    return parts.pop().unwrap_or_else(|| self.placeholder(span));
                }
                let kind = if is_or {
                    ExprKind::Or(parts)
                } else {
                    ExprKind::And(parts)
                };
                self.new_expr(kind, span)
            }
            Rule::negation => {
                let negated = pair
                    .clone()
                    .into_inner()
                    .any(|p| p.as_rule() == Rule::kw_non);
                let inner = match children(pair).next() {
                    Some(p) => self.expr(p),
                    None => self.placeholder(span),
                };
                if negated {
                    self.new_expr(ExprKind::Not(Box::new(inner)), span)
                } else {
                    inner
                }
            }
            Rule::comparison => self.comparison(pair),
            Rule::all | Rule::any => {
                let is_all = pair.as_rule() == Rule::all;
                let items = children(pair).map(|p| self.labelled(p)).collect();
                let kind = if is_all {
                    ExprKind::All(items)
                } else {
                    ExprKind::Any(items)
                };
                self.new_expr(kind, span)
            }
            Rule::true_lit => self.new_expr(ExprKind::Bool(true), span),
            Rule::false_lit => self.new_expr(ExprKind::Bool(false), span),
            Rule::integer => match pair.as_str().parse::<i64>() {
                Ok(n) => self.new_expr(ExprKind::Int(n), span),
                Err(_) => {
                    self.report(IntegerTooLarge {
                        text: pair.as_str().into(),
                        span: span.into(),
                    });
                    self.new_expr(ExprKind::Int(0), span)
                }
            },
            Rule::text => self.new_expr(ExprKind::Text(text(&pair).node), span),
            Rule::reference => {
                let mut parts = children(pair);
                let name = parts
                    .next()
                    .map(|p| spanned(&p))
                    .unwrap_or_default_name(span);
                let article = parts.next().map(article_id);
                self.new_expr(ExprKind::Ref { name, article }, span)
            }
            Rule::expr => match children(pair).next() {
                Some(p) => self.expr(p),
                None => self.placeholder(span),
            },
            _ => self.placeholder(span),
        }
    }

    fn comparison(&mut self, pair: Pair<'_, Rule>) -> Expr {
        let span = Span::from(pair.as_span());
        let has_in = pair
            .clone()
            .into_inner()
            .any(|p| p.as_rule() == Rule::kw_dans);
        let mut parts = children(pair);
        let Some(first) = parts.next() else {
            return self.placeholder(span);
        };
        let first = self.expr(first);
        if has_in {
            let set = parts.map(|p| self.expr(p)).collect();
            return self.new_expr(
                ExprKind::In {
                    operand: Box::new(first),
                    set,
                },
                span,
            );
        }
        match (parts.next(), parts.next()) {
            (Some(op), Some(second)) => {
                let op = match op.as_str() {
                    "≠" | "!=" => CompareOp::Ne,
                    "≤" | "<=" => CompareOp::Le,
                    "≥" | ">=" => CompareOp::Ge,
                    "<" => CompareOp::Lt,
                    ">" => CompareOp::Gt,
                    _ => CompareOp::Eq,
                };
                let second = self.expr(second);
                self.new_expr(
                    ExprKind::Compare {
                        op,
                        left: Box::new(first),
                        right: Box::new(second),
                    },
                    span,
                )
            }
            _ => first,
        }
    }

    fn labelled(&mut self, pair: Pair<'_, Rule>) -> Labelled {
        let span = Span::from(pair.as_span());
        let mut expr = None;
        let mut label = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::text => label = Some(text(&p)),
                _ => expr = Some(self.expr(p)),
            }
        }
        Labelled {
            expr: expr.unwrap_or_else(|| self.placeholder(span)),
            label,
        }
    }
}

trait OrDefaultName {
    fn unwrap_or_default_name(self, span: Span) -> Name;
}

impl OrDefaultName for Option<Name> {
    fn unwrap_or_default_name(self, span: Span) -> Name {
        self.unwrap_or(Spanned {
            node: String::new(),
            span,
        })
    }
}

fn spanned(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned {
        node: pair.as_str().to_string(),
        span: Span::from(pair.as_span()),
    }
}

fn article_id(pair: Pair<'_, Rule>) -> Spanned<String> {
    let span = Span::from(pair.as_span());
    let node = match children(pair).next() {
        Some(p) if p.as_rule() == Rule::code_ref => normalise_article_id(p.as_str()),
        Some(p) => text(&p).node,
        None => String::new(),
    };
    Spanned { node, span }
}

/// `L.423-1`, `L 423-1` and `L423-1` are all written `L. 423-1`, as the code writes them.
pub fn normalise_article_id(raw: &str) -> String {
    let letter: String = raw
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let number = raw[letter.len()..].trim_start_matches(['.', ' ']);
    format!("{letter}. {number}")
}

fn text(pair: &Pair<'_, Rule>) -> Text {
    let inner = pair.clone().into_inner().next().map_or("", |p| p.as_str());
    Spanned {
        node: normalise_text(inner),
        span: Span::from(pair.as_span()),
    }
}

/// A text's words are kept exactly; its layout is not. Line breaks and indentation inside a
/// paragraph become single spaces; a blank line separates paragraphs (kept as one line break).
pub fn normalise_text(raw: &str) -> String {
    raw.split("\n\n")
        .flat_map(|chunk| chunk.split("\r\n\r\n"))
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}
