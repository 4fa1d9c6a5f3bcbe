//! Unit tests of the parse pass: the shape of the AST for each construct.

use motif_runtime::date::DurationUnit;
use motif_runtime::program::{CardKind, CompareOp};

use super::ast::{ExprKind, Legifrance, Module};
use super::{normalise_article_id, normalise_text, parse};
use crate::source::FileId;

fn parse_ok(text: &str) -> Module {
    let (module, diagnostics) = parse(FileId(0), text);
    assert!(
        diagnostics.is_empty(),
        "{:?}",
        diagnostics
            .iter()
            .map(|d| d.error.to_string())
            .collect::<Vec<_>>()
    );
    module
}

const HEADER: &str = "article L. 1-1 « Essai »\nversion du 2021-01-01\n  légifrance LEGIARTI000000000001\n  texte « t »\n";

/// The body of the first condition of a one-article module.
fn condition_body(expr: &str) -> ExprKind {
    let module = parse_ok(&format!("{HEADER}condition c « c » : {expr}\n"));
    module.articles[0].versions[0].conditions[0]
        .body
        .kind
        .clone()
}

/// A compact rendering of an expression's structure.
fn shape(kind: &ExprKind) -> String {
    match kind {
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Int(n) => n.to_string(),
        ExprKind::Decimal(d) => format!("{d}"),
        ExprKind::Money(m) => format!("{}c", m.cents()),
        ExprKind::Date(d) => d.to_string(),
        ExprKind::Duration(d) => format!("[{d}]"),
        ExprKind::DecisionDate => "décision".into(),
        ExprKind::FilingDate => "demande".into(),
        ExprKind::Arith { op, left, right } => format!(
            "({} {} {})",
            shape(&left.kind),
            op.symbol(),
            shape(&right.kind)
        ),
        ExprKind::Round { inner, .. } => format!("arrondi({})", shape(&inner.kind)),
        ExprKind::Between { unit, from, to } => {
            format!("{unit:?}({}, {})", shape(&from.kind), shape(&to.kind))
        }
        ExprKind::Quantified {
            quantifier,
            binder,
            list,
            body,
        } => {
            format!(
                "{quantifier:?} {} ∈ {} : {}",
                binder.node,
                shape(&list.kind),
                shape(&body.kind)
            )
        }
        ExprKind::Text(t) => format!("{t:?}"),
        ExprKind::Ref {
            name,
            article: None,
        } => name.node.clone(),
        ExprKind::Ref {
            name,
            article: Some(a),
        } => format!("{}@{}", name.node, a.node),
        ExprKind::Not(e) => format!("non({})", shape(&e.kind)),
        ExprKind::And(items) => format!(
            "et({})",
            items
                .iter()
                .map(|e| shape(&e.kind))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Or(items) => format!(
            "ou({})",
            items
                .iter()
                .map(|e| shape(&e.kind))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ExprKind::Implies(a, b) => format!("si({}, {})", shape(&a.kind), shape(&b.kind)),
        ExprKind::Compare { op, left, right } => {
            format!("{}{}{}", shape(&left.kind), op.symbol(), shape(&right.kind))
        }
        ExprKind::In { operand, set } => {
            format!(
                "{} dans [{}]",
                shape(&operand.kind),
                set.iter()
                    .map(|e| shape(&e.kind))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        ExprKind::All(items) | ExprKind::Any(items) => {
            let head = if matches!(kind, ExprKind::All(_)) {
                "toutes"
            } else {
                "l'une"
            };
            let parts: Vec<String> = items
                .iter()
                .map(|i| match &i.label {
                    Some(l) => format!("{} «{}»", shape(&i.expr.kind), l.node),
                    None => shape(&i.expr.kind),
                })
                .collect();
            format!("{head}({})", parts.join(", "))
        }
    }
}

#[test]
fn operators_bind_as_in_french_prose() {
    assert_eq!(
        shape(&condition_body("a ou b et non c")),
        "ou(a, et(b, non(c)))"
    );
    assert_eq!(
        shape(&condition_body("si a alors b ou c")),
        "si(a, ou(b, c))"
    );
    assert_eq!(shape(&condition_body("non x.y = 3")), "non(x.y=3)");
    assert_eq!(shape(&condition_body("(a ou b) et c")), "et(ou(a, b), c)");
    assert_eq!(
        shape(&condition_body("n >= 18 et n <= 65 et n != 30")),
        "et(n≥18, n≤65, n≠30)"
    );
    assert_eq!(
        shape(&condition_body(
            "n ≥ 18 et n ≤ 65 et n ≠ 30 et n < 1 et n > 0"
        )),
        "et(n≥18, n≤65, n≠30, n<1, n>0)"
    );
}

#[test]
fn lists_take_labels_and_trailing_commas() {
    assert_eq!(
        shape(&condition_body(
            "toutes (a « premier », l'une de (b, c), d de L. 412-1,)"
        )),
        "toutes(a «premier», l'une(b, c), d@L. 412-1)"
    );
    assert_eq!(
        shape(&condition_body("l’une de (a, b)")),
        "l'une(a, b)",
        "typographic apostrophe"
    );
    assert_eq!(shape(&condition_body("v dans (x, y)")), "v dans [x, y]");
}

#[test]
fn literals() {
    assert_eq!(
        shape(&condition_body("x = vrai ou y = faux")),
        "ou(x=true, y=false)"
    );
    assert_eq!(shape(&condition_body("x = -3")), "x=-3");
    assert_eq!(shape(&condition_body("x = « a b »")), "x=\"a b\"");
    assert_eq!(
        shape(&condition_body("x = \"a\" ou x = “b”")),
        "ou(x=\"a\", x=\"b\")"
    );
}

#[test]
fn article_numbers_are_written_as_the_code_writes_them() {
    for raw in ["L. 423-1", "L.423-1", "L 423-1", "L423-1"] {
        assert_eq!(normalise_article_id(raw), "L. 423-1", "{raw}");
    }
    assert_eq!(normalise_article_id("R.311-3-1-2"), "R. 311-3-1-2");
    let module = parse_ok("article L.412-1 « x »\narticle « Code civil, art. 21-24 » « y »\n");
    assert_eq!(module.articles[0].id.node, "L. 412-1");
    assert_eq!(module.articles[1].id.node, "Code civil, art. 21-24");
}

#[test]
fn texts_keep_their_words_and_paragraphs_not_their_layout() {
    assert_eq!(
        normalise_text("  un\n    deux  trois\n\n  quatre \n"),
        "un deux trois\nquatre"
    );
    let module = parse_ok(
        "article L. 1-1 « Carte « vie privée » et « familiale » »\nversion du 2021-01-01\n  légifrance à vérifier\n  texte « Les mots # ne sont pas un commentaire\n\n  2° suite »\n",
    );
    let article = &module.articles[0];
    assert_eq!(
        article.title.as_ref().unwrap().node,
        "Carte « vie privée » et « familiale »"
    );
    let version = &article.versions[0];
    assert_eq!(
        version.texts[0].node,
        "Les mots # ne sont pas un commentaire\n2° suite"
    );
    assert!(matches!(
        version.legifrance[0],
        Legifrance::Unverified { note: None, .. }
    ));
}

#[test]
fn rules_belong_to_the_version_above_them() {
    let module = parse_ok(
        "fait f : booléen « f »\n\
         article L. 1-1 « A »\n\
         version du 2020-01-01 au 2020-12-31\n  légifrance LEGIARTI000000000001\n  texte « v1 »\n\
         condition c1 « c1 » : f\n\
         version du 2021-01-01\n  legifrance a verifier « pas encore »\n  texte « v2 »\n  à vérifier « point »\n  source « s »\n\
         condition c2 « c2 » : f\n\
         voie r « r » delivre carte de sejour pluriannuelle mention « m » duree 4 ans a verifier « n » si c2\n\
         article L. 1-2 « B »\n",
    );
    assert_eq!(module.facts.len(), 1);
    let [a, b] = &module.articles[..] else {
        panic!("two articles")
    };
    assert!(b.versions.is_empty());
    let [v1, v2] = &a.versions[..] else {
        panic!("two versions")
    };
    assert_eq!(v1.from.node.unwrap().to_string(), "2020-01-01");
    assert_eq!(
        v1.until.as_ref().unwrap().node.unwrap().to_string(),
        "2020-12-31"
    );
    assert_eq!(v1.conditions.len(), 1);
    assert!(v2.until.is_none());
    assert_eq!(v2.conditions[0].name.node, "c2");
    assert_eq!(v2.to_check[0].node, "point");
    assert_eq!(v2.sources[0].node, "s");
    let route = &v2.routes[0];
    assert_eq!(route.grant.card, CardKind::CarteDeSejourPluriannuelle);
    assert_eq!(route.grant.mention.as_ref().unwrap().node, "m");
    let duration = route.grant.duration.unwrap();
    assert_eq!((duration.amount, duration.unit), (4, DurationUnit::Years));
    assert_eq!(route.to_check[0].node, "n");
}

#[test]
fn every_card_kind_is_recognised() {
    let cases = [
        (
            "carte de séjour temporaire",
            CardKind::CarteDeSejourTemporaire,
        ),
        (
            "carte de séjour pluriannuelle",
            CardKind::CarteDeSejourPluriannuelle,
        ),
        ("carte de résident", CardKind::CarteDeResident),
        (
            "carte de résident de longue durée-UE",
            CardKind::CarteDeResidentLongueDureeUe,
        ),
        (
            "autorisation provisoire de séjour",
            CardKind::AutorisationProvisoireDeSejour,
        ),
    ];
    for (words, kind) in cases {
        let module = parse_ok(&format!("{HEADER}voie r « r » délivre {words} si vrai\n"));
        assert_eq!(
            module.articles[0].versions[0].routes[0].grant.card, kind,
            "{words}"
        );
    }
}

#[test]
fn keywords_are_not_names() {
    let (_, diagnostics) = parse(FileId(0), "fait si : booléen « x »\n");
    assert_eq!(diagnostics.len(), 1);
    let (_, diagnostics) = parse(
        FileId(0),
        "fait sinon : booléen « x »\nfait dans_le_temps : entier « y »\n",
    );
    assert!(diagnostics.is_empty(), "a keyword may begin a name");
}

#[test]
fn comparisons_keep_their_operator() {
    let ExprKind::Compare { op, .. } = condition_body("a ≠ b") else {
        panic!()
    };
    assert_eq!(op, CompareOp::Ne);
}

/// Nesting far beyond the law's is refused with a diagnostic, never a crash, whichever limit
/// is met first (ours in the AST builder, or the parser's own).
#[test]
fn absurdly_deep_nesting_is_an_error_not_a_crash() {
    let header = "fait f : booléen « f »\narticle L. 1-1 « x »\nversion du 2021-01-01\n  légifrance à vérifier\n  texte « t »\n";
    let cases = [
        format!("{header}condition c « c » : {}f", "non ".repeat(3_000)),
        format!(
            "{header}condition c « c » : {}f{}",
            "toutes (".repeat(100),
            ")".repeat(100)
        ),
        format!(
            "{header}condition c « c » : {}f{}",
            "(".repeat(100_000),
            ")".repeat(100_000)
        ),
    ];
    for text in cases {
        let mut sources = crate::SourceSet::new();
        sources.add("profond.motif", text);
        let compilation = crate::compile(&sources).unwrap();
        assert!(compilation.has_errors());
        assert!(compilation.program.is_none());
    }
    // Nesting a legal text could plausibly need is accepted; plain parentheses cost nothing.
    for text in [
        format!(
            "{header}condition c « c » : {}f{}",
            "non (".repeat(20),
            ")".repeat(20)
        ),
        format!(
            "{header}condition c « c » : {}f{}",
            "(".repeat(200),
            ")".repeat(200)
        ),
    ] {
        let mut sources = crate::SourceSet::new();
        sources.add("raisonnable.motif", text);
        assert!(!crate::compile(&sources).unwrap().has_errors());
    }
}
