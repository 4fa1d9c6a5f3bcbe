//! The parse pass: source text → pest pairs → AST with byte spans.
//!
//! The grammar (`motif.pest`) reads a flat sequence of items; this pass gives them the structure
//! of the law: each rule is placed in the version of the article above it. A rule that has no
//! article (or no version) above it is reported here: a rule without a legal basis is an error.

mod declarations;
mod exprs;

use pest::Parser as _;
use pest::iterators::Pair;

use motif_runtime::Date;
use motif_runtime::date::{Duration, DurationUnit};
use motif_runtime::program::{CardKind, ReferenceDate};

use super::ast::*;
use crate::diagnostics::{
    Diagnostic, EntryOutsideTranslation, GeneralCondition, IntegerTooLarge, InvalidDate,
    PolicyError, RuleOutsideArticle, RuleOutsideVersion, VersionOutsideArticle,
};
use crate::source::FileId;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/motif.pest"]
struct MotifParser;

pub(crate) use self::Rule as GrammarRule;

/// The concrete syntax tree of a text, as pest reads it: every keyword as written, in order
/// (the formatter prints from it; the AST keeps less).
pub(crate) fn parse_tree(
    text: &str,
) -> Result<pest::iterators::Pairs<'_, Rule>, Box<pest::error::Error<Rule>>> {
    MotifParser::parse(Rule::file, text).map_err(Box::new)
}

/// Parses one policy file (or one article's part of it). On a syntax error the module is empty
/// and the error is returned (pest stops at the first one); otherwise every structural problem
/// found is returned.
pub fn parse(file: FileId, text: &str) -> (Module, Vec<Diagnostic>) {
    let mut builder = Builder {
        file,
        diagnostics: Vec::new(),
        next_expr: 0,
        depth: 0,
    };
    let empty = Module {
        file,
        types: Vec::new(),
        facts: Vec::new(),
        parameters: Vec::new(),
        articles: Vec::new(),
        translations: Vec::new(),
    };
    let module = match MotifParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let items = pairs
                .next()
                .map(|file| file.into_inner())
                .into_iter()
                .flatten();
            builder.module(empty, items)
        }
        Err(error) => {
            builder.diagnostics.push(Diagnostic::new(
                file,
                super::errors::syntax_error(text, error),
            ));
            empty
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

/// Keywords and punctuation are matched by rules of their own (to require a word boundary, or
/// to name them in syntax errors); they carry no information once matched.
fn is_keyword(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::kw_fait
            | Rule::kw_type
            | Rule::kw_appreciation
            | Rule::kw_criteres
            | Rule::kw_parametre
            | Rule::kw_valeur
            | Rule::kw_article
            | Rule::kw_version
            | Rule::kw_abroge
            | Rule::kw_condition
            | Rule::kw_voie
            | Rule::kw_derogation
            | Rule::kw_exclusion
            | Rule::kw_traduction
            | Rule::kw_pieces
            | Rule::equals
            | Rule::kw_delivre
            | Rule::kw_mention
            | Rule::kw_duree
            | Rule::kw_pour
            | Rule::kw_sans_objet
            | Rule::kw_a
            | Rule::kw_lorsque
            | Rule::kw_prime
            | Rule::kw_sur
            | Rule::kw_si
            | Rule::kw_alors
            | Rule::kw_et
            | Rule::kw_ou
            | Rule::kw_non
            | Rule::kw_toutes
            | Rule::kw_lune
            | Rule::kw_au_moins_un
            | Rule::kw_chaque
            | Rule::kw_nombre_de
            | Rule::kw_tel_que
            | Rule::kw_verifie
            | Rule::kw_entre
            | Rule::kw_arrondi
            | Rule::kw_dans
            | Rule::kw_de
            | Rule::kw_du
            | Rule::kw_au
            | Rule::kw_parmi
            | Rule::kw_echelle
            | Rule::kw_fiche
            | Rule::kw_liste
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

/// What an item becomes once built.
enum Built {
    Condition(ConditionDecl),
    Route(RouteDecl),
    Derogation(DerogationDecl),
    Exclusion(ExclusionDecl),
}

impl Builder {
    fn report(&mut self, error: impl Into<PolicyError>) {
        self.diagnostics.push(Diagnostic::new(self.file, error));
    }

    fn module<'i>(
        &mut self,
        mut module: Module,
        items: impl Iterator<Item = Pair<'i, Rule>>,
    ) -> Module {
        for item in items {
            let span = Span::from(item.as_span());
            let built = match item.as_rule() {
                Rule::type_decl => {
                    module.types.push(self.type_decl(item));
                    continue;
                }
                Rule::fact | Rule::appraisal => {
                    module.facts.push(self.fact(item));
                    continue;
                }
                Rule::parameter => {
                    module.parameters.push(self.parameter(item));
                    continue;
                }
                Rule::article => {
                    module.articles.push(self.article(item));
                    continue;
                }
                Rule::translation => {
                    module.translations.push(Translation {
                        language: children(item).next().map_or(
                            Spanned {
                                node: String::new(),
                                span,
                            },
                            |p| spanned(&p),
                        ),
                        entries: Vec::new(),
                        span,
                    });
                    continue;
                }
                Rule::translation_entry => {
                    let mut texts = children(item).map(|t| text(&t));
                    let (Some(french), Some(translated)) = (texts.next(), texts.next()) else {
                        continue;
                    };
                    match module.translations.last_mut() {
                        Some(translation) => translation
                            .entries
                            .push(TranslationEntry { french, translated }),
                        None => self.report(EntryOutsideTranslation { span: span.into() }),
                    }
                    continue;
                }
                Rule::version | Rule::repeal => {
                    let version = self.version(item);
                    match module.articles.last_mut() {
                        Some(article) => article.versions.push(version),
                        None => self.report(VersionOutsideArticle {
                            span: version.span.into(),
                        }),
                    }
                    continue;
                }
                Rule::condition => Built::Condition(self.condition(item)),
                Rule::route => Built::Route(self.route(item)),
                Rule::derogation => Built::Derogation(self.derogation(item)),
                Rule::exclusion => Built::Exclusion(self.exclusion(item)),
                _ => continue,
            };
            let (kind, name) = match &built {
                Built::Condition(c) => ("la condition", &c.name),
                Built::Route(r) => ("la voie", &r.name),
                Built::Derogation(d) => ("la dérogation", &d.name),
                Built::Exclusion(e) => ("l'exclusion", &e.name),
            };
            let Some(version) = self.home(kind, &name.clone(), span, &mut module.articles) else {
                continue;
            };
            match built {
                Built::Condition(c) => version.conditions.push(c),
                Built::Route(r) => version.routes.push(r),
                Built::Derogation(d) => version.derogations.push(d),
                Built::Exclusion(e) => version.exclusions.push(e),
            }
        }
        module
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
        match article.versions.last_mut() {
            Some(version) if !version.repealed => Some(version),
            _ => {
                self.report(RuleOutsideVersion {
                    kind,
                    name: name.node.clone(),
                    article: article.id.node.clone(),
                    span: header.into(),
                });
                None
            }
        }
    }

    fn article(&mut self, pair: Pair<'_, Rule>) -> Article {
        let span = Span::from(pair.as_span());
        let mut article = Article {
            id: Spanned {
                node: String::new(),
                span,
            },
            title: None,
            reference_date: ReferenceDate::Decision,
            versions: Vec::new(),
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::article_id => article.id = article_id(p),
                Rule::text => article.title = Some(text(&p)),
                Rule::date_basis if p.into_inner().any(|b| b.as_rule() == Rule::basis_filing) => {
                    article.reference_date = ReferenceDate::Filing;
                }
                _ => {}
            }
        }
        article
    }

    fn version(&mut self, pair: Pair<'_, Rule>) -> Version {
        let span = Span::from(pair.as_span());
        let mut version = Version {
            repealed: pair.as_rule() == Rule::repeal,
            from: Spanned { node: None, span },
            until: None,
            legifrance: Vec::new(),
            texts: Vec::new(),
            to_check: Vec::new(),
            sources: Vec::new(),
            conditions: Vec::new(),
            routes: Vec::new(),
            derogations: Vec::new(),
            exclusions: Vec::new(),
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
                        version.from = date
                    } else {
                        version.until = Some(date)
                    }
                    dates += 1;
                }
                Rule::legifrance => version.legifrance.push(legifrance(p)),
                Rule::texte => {
                    let span = Span::from(p.as_span());
                    for t in children(p) {
                        if t.as_rule() == Rule::unverified {
                            // No text could be found: say so where the text would be shown.
                            let note = children(t).next().map(|n| text(&n).node);
                            let why = note.map_or_else(String::new, |n| format!(" : {n}"));
                            version.texts.push(Spanned {
                                node: String::new(),
                                span,
                            });
                            version.to_check.push(Spanned {
                                node: format!("texte de l'article non relevé{why}"),
                                span,
                            });
                        } else {
                            version.texts.push(text(&t));
                        }
                    }
                }
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
        let mut decl = ConditionDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            label: None,
            body: self.placeholder(span),
            favorable: false,
            general: None,
            span,
        };
        let mut general_kw: Option<Span> = None;
        let mut cards: Option<(Span, Vec<Spanned<CardKind>>)> = None;
        for p in children(pair) {
            match p.as_rule() {
                Rule::general_kw => general_kw = Some(Span::from(p.as_span())),
                Rule::favorable_kw => decl.favorable = true,
                Rule::ident => decl.name = spanned(&p),
                Rule::text => decl.label = Some(text(&p)),
                Rule::cards => {
                    cards = Some((
                        Span::from(p.as_span()),
                        children(p).map(|c| card(&c)).collect(),
                    ))
                }
                Rule::expr => decl.body = self.expr(p),
                _ => {}
            }
        }
        match (general_kw, cards) {
            (Some(_), Some((_, cards))) => decl.general = Some(cards),
            (Some(span), None) => self.report(GeneralCondition {
                message: format!(
                    "la condition générale `{}` ne dit pas à quels titres elle s'applique",
                    decl.name.node
                ),
                span: span.into(),
            }),
            (None, Some((span, _))) => self.report(GeneralCondition {
                message: format!(
                    "`pour …` ne s'écrit que pour une condition générale (`{}`)",
                    decl.name.node
                ),
                span: span.into(),
            }),
            (None, None) => {}
        }
        decl
    }

    fn route(&mut self, pair: Pair<'_, Rule>) -> RouteDecl {
        let span = Span::from(pair.as_span());
        let mut decl = RouteDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            label: None,
            grant: Grant {
                card: CardKind::CarteDeSejourTemporaire,
                mention: None,
                duration: None,
                span,
            },
            to_check: Vec::new(),
            closures: Vec::new(),
            body: self.placeholder(span),
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => decl.name = spanned(&p),
                Rule::text => decl.label = Some(text(&p)),
                Rule::grant => decl.grant = self.grant(p),
                Rule::to_check => decl.to_check.extend(children(p).map(|t| text(&t))),
                Rule::closure => {
                    let mut parts = children(p);
                    let reason = parts.next().map(|t| text(&t));
                    let when = parts.next().map(|e| self.expr(e));
                    if let (Some(reason), Some(when)) = (reason, when) {
                        decl.closures.push(ClosureDecl { reason, when });
                    }
                }
                Rule::labelled => {
                    let span = Span::from(p.as_span());
                    let item = self.labelled(p);
                    decl.body = match item.label {
                        // A labelled condition of its own, reported as a ground by its label.
                        Some(_) => self.new_expr(ExprKind::All(vec![item]), span),
                        None => item.expr,
                    };
                }
                _ => {}
            }
        }
        decl
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
                Rule::card => grant.card = card(&p).node,
                Rule::text => grant.mention = Some(text(&p)),
                Rule::duration => grant.duration = self.duration(p),
                _ => {}
            }
        }
        grant
    }

    fn duration(&mut self, pair: Pair<'_, Rule>) -> Option<Duration> {
        let mut parts = pair.into_inner();
        let number = parts.next()?;
        let amount = number.as_str().parse::<u32>().ok();
        if amount.is_none() {
            self.report(IntegerTooLarge {
                text: number.as_str().into(),
                span: Span::from(number.as_span()).into(),
            });
        }
        let unit = match parts.next().map(|u| u.as_str()) {
            Some("an" | "ans") => DurationUnit::Years,
            Some("mois") => DurationUnit::Months,
            _ => DurationUnit::Days,
        };
        amount.map(|amount| Duration { amount, unit })
    }

    fn derogation(&mut self, pair: Pair<'_, Rule>) -> DerogationDecl {
        let span = Span::from(pair.as_span());
        let has = |rule: Rule| pair.clone().into_inner().any(|p| p.as_rule() == rule);
        let (has_when, has_then) = (has(Rule::kw_lorsque), has(Rule::kw_alors));
        let mut decl = DerogationDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            label: None,
            target: TargetRef {
                name: Spanned {
                    node: String::new(),
                    span,
                },
                article: None,
            },
            when: None,
            then: None,
            prevails_over: Vec::new(),
            span,
        };
        let mut exprs = Vec::new();
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => decl.name = spanned(&p),
                Rule::text => decl.label = Some(text(&p)),
                Rule::target => decl.target = target(p),
                Rule::expr => exprs.push(self.expr(p)),
                Rule::prevails => decl.prevails_over = children(p).map(target).collect(),
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter();
        if has_when {
            decl.when = exprs.next();
        }
        if has_then {
            decl.then = exprs.next();
        }
        decl
    }

    fn exclusion(&mut self, pair: Pair<'_, Rule>) -> ExclusionDecl {
        let span = Span::from(pair.as_span());
        let mut decl = ExclusionDecl {
            name: Spanned {
                node: String::new(),
                span,
            },
            reason: Spanned {
                node: String::new(),
                span,
            },
            cards: Vec::new(),
            when: self.placeholder(span),
            span,
        };
        for p in children(pair) {
            match p.as_rule() {
                Rule::ident => decl.name = spanned(&p),
                Rule::text => decl.reason = text(&p),
                Rule::card => decl.cards.push(card(&p)),
                Rule::expr => decl.when = self.expr(p),
                _ => {}
            }
        }
        decl
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

fn card(pair: &Pair<'_, Rule>) -> Spanned<CardKind> {
    let kind = pair.clone().into_inner().next().map(|c| c.as_rule());
    let node = match kind {
        Some(Rule::card_csp) => CardKind::CarteDeSejourPluriannuelle,
        Some(Rule::card_cr) => CardKind::CarteDeResident,
        Some(Rule::card_crldue) => CardKind::CarteDeResidentLongueDureeUe,
        Some(Rule::card_aps) => CardKind::AutorisationProvisoireDeSejour,
        _ => CardKind::CarteDeSejourTemporaire,
    };
    Spanned {
        node,
        span: Span::from(pair.as_span()),
    }
}

fn target(pair: Pair<'_, Rule>) -> TargetRef {
    let span = Span::from(pair.as_span());
    let mut parts = children(pair);
    let name = parts
        .next()
        .map(|p| spanned(&p))
        .unwrap_or_default_name(span);
    let article = parts.next().map(article_id);
    TargetRef { name, article }
}

fn legifrance(pair: Pair<'_, Rule>) -> Legifrance {
    let span = Span::from(pair.as_span());
    match children(pair).next() {
        Some(id) if id.as_rule() == Rule::legifrance_id => Legifrance::Id(spanned(&id)),
        Some(unverified) => Legifrance::Unverified {
            note: children(unverified).next().map(|t| text(&t)),
            span,
        },
        None => Legifrance::Unverified { note: None, span },
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
