//! The decision model's safeguards, checked on many dossiers the CESEDA policy set can receive.
//!
//! The policy's facts include dates, amounts and lists, so the dossiers cannot all be
//! enumerated: they are drawn by a seeded generator (the same ones on every run), each fact
//! unknown or one of a few values chosen around the thresholds of the rules, at several
//! decision and filing dates. On each we check invariants of ../shared/DESIGN.md:
//! - unknown is not false: erasing facts never moves a route to a refusal (it stays, or becomes
//!   incomplete or the officer's);
//! - an outcome resting on an unverified extracted fact flags it;
//! - sensitive data never makes the difference for a refusal;
//! - an outcome is consistent with its explanation (grounds on known facts, missing facts);
//! - asking once is enough: supplying the facts to ask for settles the route;
//! - all grounds: every top-level condition that fails is reported;
//! - reproducible: the same inputs give the same bytes.

use motif_runtime::dossier::Dossier;
use motif_runtime::program::{FactId, Program};
use motif_runtime::trace::Step;
use motif_runtime::value::{Type, Value};
use motif_runtime::{Assessment, Dates, Outcome, Truth, assess, render};
use motif_tests::ceseda;
use motif_tests::generate::{Draw, bare, dossiers, value};

/// Whether the dossier gives a value at `path`: a fact (`mariage.lieu`), a field of a list's
/// element (`demandeur.enfants[1].naissance`) or the filing date (`filed_on`).
fn is_known(program: &Program, dossier: &Dossier, dates: Dates, path: &str) -> bool {
    if path == "filed_on" {
        return dates.filed_on.is_some();
    }
    let Some((list, rest)) = path.split_once('[') else {
        return program
            .fact_id(path)
            .and_then(|id| dossier.get(id))
            .is_some();
    };
    let (index, field) = rest.split_once("].").unwrap();
    let index: usize = index.parse().unwrap();
    let id = program.fact_id(list).unwrap();
    let Some(Value::List(items)) = dossier.get(id) else {
        return false;
    };
    let Type::List(element) = &program.fact(id).ty else {
        unreachable!()
    };
    let Type::Record(record) = element.as_ref() else {
        unreachable!()
    };
    let position = program
        .type_decl(*record)
        .fields()
        .iter()
        .position(|f| f.name == field)
        .unwrap();
    matches!(&items[index], Value::Record(fields) if fields[position].is_some())
}

/// Gives a value at `path` (see [`is_known`]), complete down to the fields of its records.
fn supply(
    program: &Program,
    dossier: &mut Dossier,
    dates: &mut Dates,
    path: &str,
    draw: &mut Draw,
) {
    if path == "filed_on" {
        dates.filed_on = Some(dates.decided_on);
        return;
    }
    let Some((list, rest)) = path.split_once('[') else {
        let id = program.fact_id(path).unwrap();
        let ty = program.fact(id).ty.clone();
        dossier.set(id, Some(value(program, &ty, false, draw)));
        return;
    };
    let (index, field) = rest.split_once("].").unwrap();
    let index: usize = index.parse().unwrap();
    let id = program.fact_id(list).unwrap();
    let Type::List(element) = &program.fact(id).ty else {
        unreachable!()
    };
    let Type::Record(record) = element.as_ref() else {
        unreachable!()
    };
    let fields = program.type_decl(*record).fields();
    let position = fields.iter().position(|f| f.name == field).unwrap();
    let fresh = value(program, &fields[position].ty, false, draw);
    let Some(Value::List(mut items)) = dossier.get(id).cloned() else {
        unreachable!()
    };
    if let Value::Record(fields) = &mut items[index] {
        fields[position] = Some(bare(fresh));
    }
    dossier.set(id, Some(Value::List(items)));
}

/// Where an outcome may go when facts are taken away (DESIGN.md): it stays, or the route
/// becomes incomplete or the officer's. Kleene logic makes every value move from known to
/// unknown, never from true to false, and unknown is never read as a refusal.
fn allowed_after_erasing(before: Outcome, after: Outcome) -> bool {
    after == before || matches!(after, Outcome::Incomplete | Outcome::NeedsAppraisal)
}

fn check_erased(
    program: &Program,
    before: &Assessment,
    erased: &Dossier,
    dates: Dates,
    what: &str,
) -> usize {
    let after = assess(program, erased, dates);
    for (b, a) in before.routes.iter().zip(&after.routes) {
        assert!(
            allowed_after_erasing(b.outcome, a.outcome),
            "erasing {what} moved {} from {:?} to {:?}",
            b.route,
            b.outcome,
            a.outcome
        );
    }
    after.routes.len()
}

/// Erases each known fact in turn, then random sets of them, then the filing date.
#[test]
fn erasing_facts_never_moves_a_route_to_a_refusal() {
    let program = ceseda();
    let mut draw = Draw(11);
    let mut checked = 0;
    for (dossier, dates) in dossiers(&program, 1, 400) {
        let before = assess(&program, &dossier, dates);
        let known: Vec<FactId> = (0..program.facts.len())
            .map(|f| FactId(f as u32))
            .filter(|&f| dossier.get(f).is_some())
            .collect();
        for &fact in &known {
            let mut erased = dossier.clone();
            erased.set(fact, None);
            let name = &program.fact(fact).name;
            checked += check_erased(&program, &before, &erased, dates, name);
        }
        for _ in 0..8 {
            let mut erased = dossier.clone();
            let mut names = Vec::new();
            for &fact in &known {
                if draw.below(3) == 0 {
                    erased.set(fact, None);
                    names.push(program.fact(fact).name.as_str());
                }
            }
            checked += check_erased(&program, &before, &erased, dates, &names.join(", "));
        }
        if dates.filed_on.is_some() {
            let undated = Dates {
                filed_on: None,
                ..dates
            };
            checked += check_erased(&program, &before, &dossier, undated, "the filing date");
        }
    }
    assert!(checked > 50_000, "{checked} comparisons");
}

/// Invariant 6: an outcome that rests on an unverified machine-extracted fact says so. "Rests
/// on" is read from the outcome, not from the engine's own account: a fact the outcome rests
/// on is one whose erasure changes it. Every such fact, and every unverified fact a refusal's
/// grounds cite, is flagged.
#[test]
fn an_unverified_extracted_fact_an_outcome_rests_on_is_flagged() {
    let program = ceseda();
    let mut flagged = 0;
    for (dossier, dates) in dossiers(&program, 6, 500) {
        let before = assess(&program, &dossier, dates);
        for route in &before.routes {
            if route.outcome != Outcome::NotEligible {
                continue;
            }
            for ground in &route.failed_conditions {
                for read in &ground.facts {
                    let unverified = read
                        .provenance
                        .as_ref()
                        .is_some_and(|p| p.is_unverified_extraction());
                    assert!(
                        !unverified || route.unverified_facts.iter().any(|f| f.fact == read.fact),
                        "{}: the refusal cites the unverified {} without flagging it",
                        route.route,
                        read.fact
                    );
                }
            }
        }
        for fact in 0..program.facts.len() {
            let fact = FactId(fact as u32);
            let unverified = dossier
                .known(fact)
                .and_then(|k| k.provenance.as_ref())
                .is_some_and(|p| p.is_unverified_extraction());
            if !unverified {
                continue;
            }
            let name = &program.fact(fact).name;
            let mut erased = dossier.clone();
            erased.set(fact, None);
            let after = assess(&program, &erased, dates);
            for (b, a) in before.routes.iter().zip(&after.routes) {
                let decided = matches!(b.outcome, Outcome::Eligible | Outcome::NotEligible);
                if !decided || a.outcome == b.outcome {
                    continue;
                }
                assert!(
                    b.unverified_facts
                        .iter()
                        .any(|f| f.fact == *name || f.fact.starts_with(&format!("{name}["))),
                    "{}: {:?} rests on the unverified {name} (without it: {:?}), not flagged",
                    b.route,
                    b.outcome,
                    a.outcome
                );
                flagged += 1;
            }
        }
    }
    assert!(
        flagged > 100,
        "only {flagged} outcomes rest on an unverified fact"
    );
}

/// Invariant 9 on the CESEDA set: whatever the sensitive facts say (or if they say nothing),
/// a route is refused either for every value or for none.
#[test]
fn no_value_of_a_sensitive_fact_makes_the_difference_for_a_refusal() {
    let program = ceseda();
    let sensitive: Vec<FactId> = (0..program.facts.len())
        .map(|f| FactId(f as u32))
        .filter(|&f| program.fact(f).sensitive)
        .collect();
    assert!(!sensitive.is_empty(), "the CESEDA set has sensitive facts");
    let mut draw = Draw(7);
    let mut refusals = 0;
    for (dossier, dates) in dossiers(&program, 7, 600) {
        let outcomes: Vec<Vec<Outcome>> = (0..6)
            .map(|variant| {
                let mut d = dossier.clone();
                for &fact in &sensitive {
                    let ty = program.fact(fact).ty.clone();
                    let given = match variant {
                        0 => None,
                        1 => dossier.get(fact).cloned(),
                        _ => Some(value(&program, &ty, false, &mut draw)),
                    };
                    d.set(fact, given);
                }
                assess(&program, &d, dates)
                    .routes
                    .iter()
                    .map(|r| r.outcome)
                    .collect()
            })
            .collect();
        for route in 0..outcomes[0].len() {
            let refused = outcomes
                .iter()
                .filter(|o| o[route] == Outcome::NotEligible)
                .count();
            assert!(
                refused == 0 || refused == outcomes.len(),
                "route {route}: refused for some values of the sensitive facts and not others: {:?}",
                outcomes.iter().map(|o| o[route]).collect::<Vec<_>>()
            );
            refusals += usize::from(refused > 0);
        }
    }
    assert!(refusals > 100, "only {refusals} refusals seen");
}

#[test]
fn every_outcome_agrees_with_its_explanation() {
    let program = ceseda();
    let mut seen = Vec::new();
    for (dossier, dates) in dossiers(&program, 2, 2000) {
        for route in assess(&program, &dossier, dates).routes {
            let known = |path: &str| is_known(&program, &dossier, dates, path);
            if !seen.contains(&route.outcome) {
                seen.push(route.outcome);
            }
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
                        for fact in &ground.facts {
                            assert!(
                                known(&fact.fact),
                                "{}: a failed ground reads the unknown {}",
                                route.route,
                                fact.fact
                            );
                            assert!(!fact.sensitive, "a refusal never rests on sensitive data");
                        }
                    }
                }
                Outcome::Incomplete => {
                    // Failed grounds stay shown while it is open whether the route applies.
                    assert!(route.failed_conditions.is_empty() || route.reason.is_some());
                    assert!(
                        !route.missing_facts.is_empty(),
                        "incomplete names the facts to ask for"
                    );
                }
                Outcome::NeedsAppraisal => {
                    assert!(route.failed_conditions.is_empty() || route.reason.is_some());
                }
                Outcome::NotApplicable => assert!(route.reason.is_some()),
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
    assert_eq!(seen.len(), 5, "the sample reaches every outcome: {seen:?}");
}

/// Supplying the facts to ask for settles the route. The filing date is the one exception
/// that needs a second round: it decides which articles apply (the contract of L. 412-8 for
/// applications filed from 2024-07-17), and so which of their facts are needed.
#[test]
fn the_facts_to_ask_for_are_enough_to_decide() {
    let program = ceseda();
    let mut draw = Draw(3);
    let mut settled_count = 0;
    for (dossier, dates) in dossiers(&program, 3, 1500) {
        let assessment = assess(&program, &dossier, dates);
        for route in &assessment.routes {
            if route.outcome != Outcome::Incomplete {
                continue;
            }
            let (mut filled, mut filled_dates) = (dossier.clone(), dates);
            let mut missing = route.missing_facts.clone();
            let mut rounds = 0;
            let settled = loop {
                let asked_for_the_filing_date = missing.iter().any(|m| m.fact == "filed_on");
                for m in &missing {
                    supply(&program, &mut filled, &mut filled_dates, &m.fact, &mut draw);
                }
                rounds += 1;
                let after = assess(&program, &filled, filled_dates);
                let now = after
                    .routes
                    .iter()
                    .find(|r| r.route == route.route)
                    .unwrap()
                    .clone();
                if now.outcome != Outcome::Incomplete || !asked_for_the_filing_date || rounds == 2 {
                    break now;
                }
                missing = now.missing_facts;
            };
            assert_ne!(
                settled.outcome,
                Outcome::Incomplete,
                "{} still incomplete after supplying {:?}: now {:?}",
                route.route,
                route.missing_facts,
                settled.missing_facts
            );
            settled_count += 1;
        }
    }
    assert!(
        settled_count > 500,
        "{settled_count} incomplete routes settled"
    );
}

#[test]
fn every_failed_top_level_condition_is_reported() {
    let program = ceseda();
    for (dossier, dates) in dossiers(&program, 4, 2000) {
        for route in assess(&program, &dossier, dates).routes {
            if route.outcome != Outcome::NotEligible {
                continue;
            }
            let Some(Step::All { of, .. }) = &route.trace else {
                continue;
            };
            let reported: Vec<(&str, &str)> = route
                .failed_conditions
                .iter()
                .map(|g| (g.article.id.as_str(), g.condition.as_deref().unwrap_or("")))
                .collect();
            for step in of.iter().filter(|s| s.value() == Truth::False) {
                if let Step::Condition {
                    article,
                    name: Some(name),
                    ..
                } = step
                {
                    assert!(
                        reported.contains(&(article.id.as_str(), name.as_str())),
                        "{}: {name} of {} fails but is not reported",
                        route.route,
                        article.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let program = ceseda();
    let again = ceseda();
    for (dossier, dates) in dossiers(&program, 5, 300) {
        let first = render::json(&assess(&program, &dossier, dates));
        let second = render::json(&assess(&again, &dossier, dates));
        assert_eq!(first, second);
    }
}
