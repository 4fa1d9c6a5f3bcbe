//! The decision model's safeguards, checked on every dossier the CESEDA policy set can receive.
//!
//! The facts of `policies/` have few values each (booleans, small enumerations), so instead of
//! sampling we enumerate every dossier: each fact unknown or one of its values. On each we
//! check the invariants of ../shared/DESIGN.md that the walking skeleton covers:
//! - unknown is not false: erasing a fact never moves a route to `not_eligible`;
//! - an outcome is consistent with its explanation (grounds, missing facts);
//! - all grounds: every top-level condition that fails is reported;
//! - reproducible: the same inputs give the same bytes.

use motif_runtime::dossier::Dossier;
use motif_runtime::program::{FactId, Program};
use motif_runtime::trace::Step;
use motif_runtime::value::{Type, Value};
use motif_runtime::{Dates, Outcome, Truth, assess, render};
use motif_tests::ceseda;

/// Every value a fact can take in a dossier, unknown (`None`) first.
fn domain(program: &Program, ty: &Type) -> Vec<Option<Value>> {
    let mut values = vec![None];
    match ty {
        Type::Bool => values.extend([Some(Value::Bool(true)), Some(Value::Bool(false))]),
        Type::Enum(id) => {
            let variants = program.type_decl(*id).variants();
            values.extend(variants.iter().map(|v| Some(Value::Enum(v.name.clone()))))
        }
        Type::Int => values.extend([0, 1, 18, 65].map(|n| Some(Value::Int(n)))),
        Type::Text => values.extend(["", "FR"].map(|s| Some(Value::Text(s.into())))),
        other => panic!("no small domain for {other:?}: sample instead"),
    }
    values
}

/// All dossiers over the program's facts (the cartesian product of their domains).
fn every_dossier(program: &Program) -> Vec<Dossier> {
    let domains: Vec<Vec<Option<Value>>> = program
        .facts
        .iter()
        .map(|f| domain(program, &f.ty))
        .collect();
    let total: usize = domains.iter().map(Vec::len).product();
    assert!(
        total <= 200_000,
        "{total} dossiers: too many to enumerate, sample instead"
    );
    (0..total)
        .map(|mut n| {
            let mut dossier = Dossier::empty(program);
            for (i, values) in domains.iter().enumerate() {
                dossier.set(FactId(i as u32), values[n % values.len()].clone());
                n /= values.len();
            }
            dossier
        })
        .collect()
}

fn date() -> Dates {
    Dates {
        decided_on: "2026-03-02".parse().unwrap(),
        filed_on: None,
    }
}

#[test]
fn erasing_a_fact_never_leads_to_not_eligible() {
    let program = ceseda();
    let dossiers = every_dossier(&program);
    assert!(
        dossiers.len() > 1000,
        "the enumeration covers the policy's facts"
    );
    let mut checked = 0;
    for dossier in &dossiers {
        let before = assess(&program, dossier, date());
        for fact in 0..program.facts.len() {
            let fact = FactId(fact as u32);
            if dossier.get(fact).is_none() {
                continue;
            }
            let mut erased = dossier.clone();
            erased.set(fact, None);
            let after = assess(&program, &erased, date());
            for (b, a) in before.routes.iter().zip(&after.routes) {
                let allowed = a.outcome == b.outcome
                    || matches!(a.outcome, Outcome::Incomplete | Outcome::NeedsAppraisal);
                assert!(
                    allowed,
                    "erasing {} moved {} from {:?} to {:?}",
                    program.fact(fact).name,
                    b.route,
                    b.outcome,
                    a.outcome
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 10_000);
}

#[test]
fn every_outcome_agrees_with_its_explanation() {
    let program = ceseda();
    for dossier in every_dossier(&program) {
        for route in assess(&program, &dossier, date()).routes {
            let known = |fact: &str| {
                program
                    .fact_id(fact)
                    .and_then(|id| dossier.get(id))
                    .is_some()
            };
            match route.outcome {
                Outcome::Eligible => {
                    assert!(route.failed_conditions.is_empty() && route.missing_facts.is_empty());
                }
                Outcome::NotEligible => {
                    assert!(
                        !route.failed_conditions.is_empty(),
                        "a refusal names its grounds"
                    );
                    for ground in &route.failed_conditions {
                        assert!(
                            ground.facts.iter().any(|f| known(&f.fact)),
                            "a failed ground rests on known facts"
                        );
                    }
                }
                Outcome::Incomplete => {
                    assert!(route.failed_conditions.is_empty());
                    assert!(
                        !route.missing_facts.is_empty(),
                        "incomplete names the facts to ask for"
                    );
                }
                Outcome::NeedsAppraisal | Outcome::NotApplicable => {}
            }
            for missing in &route.missing_facts {
                assert!(
                    !known(&missing.fact),
                    "{} is listed as missing but is known",
                    missing.fact
                );
            }
        }
    }
}

/// Supplying the missing facts of an incomplete dossier always settles the route (for this
/// policy, whose conditions read nothing else): the list of facts to ask for is complete.
#[test]
fn the_facts_to_ask_for_are_enough_to_decide() {
    let program = ceseda();
    for dossier in every_dossier(&program) {
        let assessment = assess(&program, &dossier, date());
        for route in &assessment.routes {
            if route.outcome != Outcome::Incomplete {
                continue;
            }
            // Fill every missing fact with each of its values in turn: the outcome is decided.
            let missing: Vec<FactId> = route
                .missing_facts
                .iter()
                .map(|m| program.fact_id(&m.fact).unwrap())
                .collect();
            let mut filled = dossier.clone();
            for &fact in &missing {
                let value = domain(&program, &program.fact(fact).ty)
                    .into_iter()
                    .flatten()
                    .next();
                filled.set(fact, value);
            }
            let after = assess(&program, &filled, date());
            let settled = after
                .routes
                .iter()
                .find(|r| r.route == route.route)
                .unwrap();
            assert!(
                matches!(settled.outcome, Outcome::Eligible | Outcome::NotEligible),
                "still {:?} after supplying {:?}",
                settled.outcome,
                route.missing_facts
            );
        }
    }
}

#[test]
fn every_failed_top_level_condition_is_reported() {
    let program = ceseda();
    for dossier in every_dossier(&program) {
        for route in assess(&program, &dossier, date()).routes {
            let Some(Step::All { of, .. }) = &route.trace else {
                continue;
            };
            let failed_in_trace: Vec<&str> = of
                .iter()
                .filter(|s| s.value() == Truth::False)
                .filter_map(|s| match s {
                    Step::Condition { name, .. } => name.as_deref(),
                    _ => None,
                })
                .collect();
            let reported: Vec<&str> = route
                .failed_conditions
                .iter()
                .filter_map(|g| g.condition.as_deref())
                .collect();
            assert_eq!(failed_in_trace, reported);
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let program = ceseda();
    let again = ceseda();
    for dossier in every_dossier(&program).iter().step_by(7) {
        let first = render::json(&assess(&program, dossier, date()));
        let second = render::json(&assess(&again, dossier, date()));
        assert_eq!(first, second);
    }
}
