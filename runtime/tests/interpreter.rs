//! The runtime on hand-built programs: what the compiler would never produce (a cycle, a
//! refusal resting on a sensitive fact) must still not crash or refuse, and each construct
//! explains itself.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

use motif_runtime::program::{
    Article, ArticleId, ArticleVersion, CardKind, Condition, ConditionRef, Expr, FactDecl, FactId,
    FactKind, Grant, Period, Program, ReferenceDate, Route, RouteId, RouteVersion, Term,
};
use motif_runtime::value::{Type, TypeDecl, TypeId, TypeKind, Value};
use motif_runtime::{Date, Dates, Dossier, Outcome, assess, decode_dossier};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn at(text: &str) -> Dates {
    Dates {
        decided_on: date(text),
        filed_on: None,
    }
}

fn fact(name: &str, ty: Type) -> FactDecl {
    FactDecl {
        name: name.into(),
        label: Some(format!("libellé de {name}")),
        ty,
        kind: FactKind::Fact,
        sensitive: false,
        documents: vec![],
    }
}

fn reads(fact: u32) -> Expr {
    Expr::Test(Term::Fact(FactId(fact)))
}

fn labelled(name: &str, expr: Expr) -> Condition {
    Condition {
        name: Some(name.into()),
        label: Some(format!("condition {name}")),
        expr,
        favorable: false,
        general_for: vec![],
    }
}

/// One article, one version from 2020, one route whose condition is `expr`, over `facts`.
fn program(facts: Vec<FactDecl>, conditions: Vec<Condition>, expr: Expr) -> Program {
    let version = ArticleVersion {
        in_force: Period {
            from: date("2020-01-01"),
            until: None,
        },
        repealed: false,
        legifrance: None,
        text: "texte".into(),
        sources: vec![],
        to_check: vec![],
        conditions,
        routes: vec![RouteVersion {
            route: RouteId(0),
            label: None,
            grant: Grant {
                card: CardKind::CarteDeSejourTemporaire,
                mention: None,
                duration: None,
            },
            to_check: vec![],
            closures: vec![],
            expr,
        }],
        derogations: vec![],
        exclusions: vec![],
    };
    Program {
        types: vec![TypeDecl {
            name: None,
            kind: TypeKind::Enum {
                variants: vec![],
                ordered: false,
            },
        }],
        facts,
        parameters: vec![],
        articles: vec![Article {
            id: "L. 1-1".into(),
            title: None,
            reference_date: ReferenceDate::Decision,
            versions: vec![version],
        }],
        routes: vec![Route {
            name: "r".into(),
            article: ArticleId(0),
        }],
        translations: Default::default(),
        fingerprint: String::new(),
    }
}

#[test]
fn a_cycle_in_a_hand_made_program_asks_a_person_instead_of_crashing() {
    let looping = labelled("boucle", Expr::Condition(ConditionRef::Local(0)));
    let p = program(
        vec![],
        vec![looping],
        Expr::Condition(ConditionRef::Local(0)),
    );
    let assessment = assess(&p, &Dossier::empty(&p), at("2024-01-01"));
    assert_eq!(assessment.routes[0].outcome, Outcome::NeedsAppraisal);
    assert!(
        assessment.routes[0].appraisal_points[0]
            .point
            .contains("cycle")
    );
}

#[test]
fn a_negated_condition_that_holds_is_the_ground_of_the_refusal() {
    let facts = vec![fact("condamne", Type::Bool)];
    let conditions = vec![labelled("condamnation", reads(0))];
    let p = program(
        facts,
        conditions,
        Expr::Not(Box::new(Expr::Condition(ConditionRef::Local(0)))),
    );
    let dossier = decode_dossier(&p, r#"{"facts": {"condamne": true}}"#).unwrap();
    let route = &assess(&p, &dossier, at("2024-01-01")).routes[0];
    assert_eq!(route.outcome, Outcome::NotEligible);
    assert_eq!(route.failed_conditions.len(), 1);
    assert_eq!(
        route.failed_conditions[0].condition.as_deref(),
        Some("condamnation")
    );
}

#[test]
fn one_alternative_that_holds_is_enough_whatever_the_others() {
    let facts = vec![fact("a", Type::Bool), fact("b", Type::Bool)];
    let conditions = vec![labelled("a", reads(0)), labelled("b", reads(1))];
    let any = Expr::Any(vec![
        Expr::Condition(ConditionRef::Local(0)),
        Expr::Condition(ConditionRef::Local(1)),
    ]);
    let p = program(facts, conditions, any);
    let cases = [
        (r#"{"facts": {"a": true}}"#, Outcome::Eligible),
        (r#"{"facts": {"a": false}}"#, Outcome::Incomplete),
        (
            r#"{"facts": {"a": false, "b": false}}"#,
            Outcome::NotEligible,
        ),
    ];
    for (json, outcome) in cases {
        let dossier = decode_dossier(&p, json).unwrap();
        let route = &assess(&p, &dossier, at("2024-01-01")).routes[0];
        assert_eq!(route.outcome, outcome, "{json}");
        if outcome == Outcome::Incomplete {
            assert_eq!(route.missing_facts[0].fact, "b");
            assert!(
                route.failed_conditions.is_empty(),
                "a failed alternative is not a ground yet"
            );
        }
        if outcome == Outcome::NotEligible {
            assert_eq!(
                route.failed_conditions.len(),
                2,
                "every alternative is a ground"
            );
        }
    }
}

#[test]
fn a_refusal_never_rests_on_a_sensitive_fact_even_in_a_hand_made_program() {
    let mut health = fact("sante.soins", Type::Bool);
    health.sensitive = true;
    let p = program(
        vec![health],
        vec![labelled("soins", reads(0))],
        Expr::Condition(ConditionRef::Local(0)),
    );
    let dossier = decode_dossier(&p, r#"{"facts": {"sante": {"soins": false}}}"#).unwrap();
    let route = &assess(&p, &dossier, at("2024-01-01")).routes[0];
    assert_eq!(route.outcome, Outcome::NeedsAppraisal);
    assert!(route.reason.as_deref().unwrap().contains("donnée sensible"));
}

#[test]
fn an_unverified_extracted_fact_under_an_outcome_is_flagged() {
    let p = program(
        vec![fact("a", Type::Bool), fact("b", Type::Bool)],
        vec![],
        Expr::All(vec![reads(0), reads(1)]),
    );
    let json = r#"{"facts": {"a": {"value": true, "source": "extraction", "confidence": 0.97, "verified": false},
                              "b": {"value": true, "source": "extraction", "verified": true}}}"#;
    let dossier = decode_dossier(&p, json).unwrap();
    let route = &assess(&p, &dossier, at("2024-01-01")).routes[0];
    assert_eq!(route.outcome, Outcome::Eligible);
    let flagged: Vec<&str> = route
        .unverified_facts
        .iter()
        .map(|f| f.fact.as_str())
        .collect();
    assert_eq!(flagged, ["a"], "only the unverified extraction is flagged");
}

#[test]
fn null_and_absent_facts_are_unknown_and_groups_nest() {
    let facts = vec![
        fact("demande.premiere", Type::Bool),
        fact("demande.visa.type", Type::Enum(TypeId(0))),
        fact("age", Type::Int),
    ];
    let p = program(facts, vec![], Expr::Constant(true));
    let dossier = decode_dossier(
        &p,
        r#"{"id": "x", "facts": {"demande": {"premiere": null, "visa": {}}, "age": 30}}"#,
    )
    .unwrap();
    assert_eq!(dossier.id.as_deref(), Some("x"));
    assert_eq!(dossier.get(FactId(0)), None);
    assert_eq!(dossier.get(FactId(1)), None);
    assert_eq!(dossier.get(FactId(2)), Some(&Value::Int(30)));
    let errors = decode_dossier(
        &p,
        r#"{"facts": {"age": 30.5, "demande": {"visa": {"type": 3}}}}"#,
    )
    .unwrap_err();
    let paths: Vec<&str> = errors.0.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, ["$.facts.age", "$.facts.demande.visa.type"]);
}

#[test]
fn a_route_outside_the_period_of_its_article_is_not_applicable_and_says_why() {
    let p = program(vec![], vec![], Expr::Constant(true));
    let route = &assess(&p, &Dossier::empty(&p), at("2019-12-31")).routes[0];
    assert_eq!(route.outcome, Outcome::NotApplicable);
    assert!(
        route
            .reason
            .as_deref()
            .unwrap()
            .contains("depuis le 2020-01-01")
    );
    assert!(route.trace.is_none());
}

#[test]
fn a_deeply_nested_dossier_is_refused_not_a_crash() {
    let p = program(vec![fact("a", Type::Bool)], vec![], Expr::Constant(true));
    let json = format!(
        "{{\"facts\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let errors = decode_dossier(&p, &json).unwrap_err();
    // Stopped at the limit, at the path of the first container too deep.
    assert_eq!(errors.0.len(), 1, "{errors}");
    assert_eq!(errors.0[0].path, format!("$.facts{}", "[0]".repeat(31)));
    assert!(
        errors.to_string().contains("plus de 32 niveaux"),
        "{errors}"
    );
}

/// A refusal still lists what else would be needed: a list the dossier does not give stays
/// to be asked for, even though the route already fails on another ground.
#[test]
fn a_refusal_still_asks_for_a_list_the_dossier_does_not_give() {
    let facts = vec![
        fact("majeur", Type::Bool),
        fact("enfants", Type::List(Box::new(Type::Bool))),
    ];
    let conditions = vec![
        labelled("majorite", reads(0)),
        labelled(
            "enfants",
            Expr::ForAll {
                list: Term::Fact(FactId(1)),
                body: Box::new(Expr::Test(Term::Element { depth: 0 })),
            },
        ),
    ];
    let p = program(
        facts,
        conditions,
        Expr::All(vec![
            Expr::Condition(ConditionRef::Local(0)),
            Expr::Condition(ConditionRef::Local(1)),
        ]),
    );
    let dossier = decode_dossier(&p, r#"{"facts": {"majeur": false}}"#).unwrap();
    let route = &assess(&p, &dossier, at("2024-01-01")).routes[0];
    assert_eq!(route.outcome, Outcome::NotEligible);
    let missing: Vec<&str> = route
        .missing_facts
        .iter()
        .map(|m| m.fact.as_str())
        .collect();
    assert_eq!(missing, ["enfants"]);
}
