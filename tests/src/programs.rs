//! Random policy sets that pass (most of the time) the compiler's checks, for the properties
//! that must hold of every policy and not only of the CESEDA set: native code agrees with the
//! interpreter (the evaluator's fuzz target), and sensitive data never leads to a refusal (a
//! set where it could is rejected; one that is accepted never refuses on it).
//!
//! A set has a few facts of every kind (booleans, a number, an amount, a date, an enumeration,
//! a list of records, a sensitive fact, an appraisal), a parameter with two dated values, and
//! one to three fictitious articles, each with one or two versions holding conditions (some
//! favourable, some general), a route with or without a closure, derogations and exclusions.
//! Expressions mix every operator of the language. The choices come from a [`Choose`]: a seeded
//! [`Draw`] in tests, the fuzzer's bytes in `fuzz/`.

use crate::generate::Draw;

/// Where the generator's choices come from.
pub trait Choose {
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize;

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

impl Choose for Draw {
    fn below(&mut self, n: usize) -> usize {
        Draw::below(self, n)
    }
}

/// Choices read from bytes (a fuzzer's input): one byte per choice, zeros once they run out, so
/// that every input gives a policy set and a short input a small one.
pub struct Bytes<'a> {
    bytes: &'a [u8],
}

impl<'a> Bytes<'a> {
    pub fn new(bytes: &'a [u8]) -> Bytes<'a> {
        Bytes { bytes }
    }

    /// The bytes not used yet.
    pub fn rest(&self) -> &'a [u8] {
        self.bytes
    }
}

impl Choose for Bytes<'_> {
    fn below(&mut self, n: usize) -> usize {
        match self.bytes.split_first() {
            Some((first, rest)) => {
                self.bytes = rest;
                usize::from(*first) % n
            }
            None => 0,
        }
    }
}

/// The facts every generated set declares, before its articles.
const FACTS: &str = "\
type enfant « un enfant » : fiche (
    naissance : date « la date de naissance de l'enfant »,
    a_charge : booléen « l'enfant est à charge »,
  )
fait p.b0 : booléen « le premier fait booléen »
fait p.b1 : booléen « le deuxième fait booléen »
fait p.b2 : booléen « le troisième fait booléen »
fait p.n : entier « un nombre »
fait p.m : montant « un montant »
fait p.d : date « une date »
fait p.e : parmi (a « a », b « b », c « c ») « une énumération »
fait p.enfants : liste de enfant « les enfants »
fait sensible p.sante : booléen « une donnée de santé »
appréciation p.menace : booléen « une menace pour l'ordre public »
  critères « le comportement de l'étranger »
paramètre seuil : montant « un seuil »
  valeur 100 € du 2020-01-01 au 2024-12-31
    source « arrêté fictif »
  valeur 250,50 € du 2025-01-01
    source « arrêté fictif »
";

/// The text of a random policy set (one file).
pub fn policy_set(choose: &mut impl Choose) -> String {
    let mut out = String::from(FACTS);
    let articles = 1 + choose.below(3);
    for article in 0..articles {
        Article { number: article }.write(choose, &mut out);
    }
    out
}

struct Article {
    number: usize,
}

impl Article {
    fn id(&self) -> String {
        format!("L. 990-{}", self.number + 1)
    }

    fn write(&self, choose: &mut impl Choose, out: &mut String) {
        let basis = if choose.chance(4) {
            " selon la date de la demande"
        } else {
            ""
        };
        out.push_str(&format!(
            "\narticle {} « Article généré {} »{basis}\n",
            self.id(),
            self.number + 1
        ));
        let periods: &[(&str, &str)] = if choose.chance(2) {
            &[("2020-01-01", " au 2023-12-31"), ("2024-01-01", "")]
        } else {
            &[("2020-01-01", "")]
        };
        for (index, (from, until)) in periods.iter().enumerate() {
            out.push_str(&format!(
                "\nversion du {from}{until}\n  légifrance LEGIARTI{:012}\n  texte « Texte fictif, version {} : ce n'est pas du droit. »\n",
                self.number * 10 + index + 1,
                index + 1
            ));
            self.write_version(choose, out);
        }
    }

    fn write_version(&self, choose: &mut impl Choose, out: &mut String) {
        let mut scope = Scope {
            conditions: Vec::new(),
            depth: 0,
        };
        for c in 0..choose.below(4) {
            let favorable = choose.chance(3);
            let general = !favorable && choose.chance(5);
            scope.conditions.push(format!("c{c}"));
            let kind = match (favorable, general) {
                (true, _) => " favorable",
                (_, true) => " générale",
                _ => "",
            };
            let cards = if general {
                " pour carte de séjour temporaire"
            } else {
                ""
            };
            // A condition reads only the conditions before it: no cycle.
            let known = scope.conditions.len() - 1;
            let body = scope.expr_with(choose, known, favorable);
            out.push_str(&format!(
                "\n  condition{kind} c{c} « la condition {c} »{cards} :\n    {body}\n"
            ));
        }
        // One derogation per condition at most: two would need a priority.
        let plain = scope.conditions.len();
        if plain > 0 && choose.chance(3) {
            let target = choose.below(plain);
            let when = scope.expr_with(choose, 0, false);
            let then = if choose.chance(2) { "vrai" } else { "faux" };
            out.push_str(&format!(
                "\n  dérogation d{target} « une dérogation » à c{target} lorsque {when} alors {then}\n"
            ));
        }
        if choose.chance(4) {
            let when = scope.expr_with(choose, 0, false);
            out.push_str(&format!(
                "\n  exclusion x{} « un autre régime s'applique » pour carte de séjour temporaire si {when}\n",
                self.number
            ));
        }
        let closure = if choose.chance(3) {
            let when = scope.expr_with(choose, 0, false);
            format!("\n    sans objet « la voie ne concerne pas l'étranger » si {when}")
        } else {
            String::new()
        };
        let mut items = Vec::new();
        for c in &scope.conditions {
            if choose.chance(2) {
                items.push(c.clone());
            }
        }
        for _ in 0..1 + choose.below(2) {
            let label = if choose.chance(2) {
                " « une exigence »"
            } else {
                ""
            };
            let known = scope.conditions.len();
            items.push(format!("{}{label}", scope.expr_with(choose, known, false)));
        }
        out.push_str(&format!(
            "\n  voie v{} « voie générée {} »\n    délivre carte de séjour temporaire durée 1 an{closure}\n    si toutes ({})\n",
            self.number,
            self.number + 1,
            items.join(", ")
        ));
    }
}

/// What an expression may refer to.
struct Scope {
    conditions: Vec<String>,
    depth: usize,
}

impl Scope {
    /// A boolean expression that may read the first `known` conditions; `favorable` allows the
    /// sensitive fact (elsewhere it makes the set rejected, now and then on purpose).
    fn expr_with(&mut self, choose: &mut impl Choose, known: usize, favorable: bool) -> String {
        self.depth = 0;
        self.boolean(choose, known, favorable)
    }

    fn boolean(&mut self, choose: &mut impl Choose, known: usize, favorable: bool) -> String {
        self.depth += 1;
        let composite = self.depth < 4 && choose.chance(3);
        let text = if composite {
            match choose.below(5) {
                0 => format!("non ({})", self.boolean(choose, known, false)),
                1 => format!(
                    "toutes ({}, {})",
                    self.boolean(choose, known, favorable),
                    self.boolean(choose, known, favorable)
                ),
                2 => format!(
                    "l'une de ({}, {})",
                    self.boolean(choose, known, favorable),
                    self.boolean(choose, known, favorable)
                ),
                3 => format!(
                    "(si {} alors {})",
                    self.boolean(choose, known, false),
                    self.boolean(choose, known, favorable)
                ),
                _ => format!(
                    "({} ou {})",
                    self.boolean(choose, known, favorable),
                    self.boolean(choose, known, favorable)
                ),
            }
        } else {
            self.leaf(choose, known, favorable)
        };
        self.depth -= 1;
        text
    }

    fn leaf(&mut self, choose: &mut impl Choose, known: usize, favorable: bool) -> String {
        if known > 0 && choose.chance(5) {
            return self.conditions[choose.below(known)].clone();
        }
        // The sensitive fact, mostly where it is allowed; now and then elsewhere (rejected).
        if choose.chance(if favorable { 6 } else { 40 }) {
            return "p.sante".into();
        }
        match choose.below(14) {
            0 => choose.pick(&["p.b0", "p.b1", "p.b2"]).into(),
            1 => format!(
                "p.n {} {}",
                cmp(choose),
                choose.pick(&["-1", "0", "1", "18"])
            ),
            2 => format!("p.m {} seuil", cmp(choose)),
            3 => format!("p.m + 10 € {} seuil", cmp(choose)),
            4 => format!("p.m {} arrondi supérieur (seuil × 60 %)", cmp(choose)),
            5 => format!("p.e = {}", choose.pick(&["a", "b", "c"])),
            6 => "p.e dans (a, b)".into(),
            7 => format!(
                "p.d + {} ≤ {}",
                choose.pick(&["6 mois", "1 an", "10 jours"]),
                which_date(choose)
            ),
            8 => format!(
                "{} entre p.d et {} ≥ {}",
                choose.pick(&["années révolues", "mois révolus", "jours"]),
                which_date(choose),
                choose.pick(&["0", "18", "365"])
            ),
            9 => "au moins un e parmi p.enfants tel que (e.a_charge)".into(),
            10 => format!(
                "chaque e parmi p.enfants vérifie (années révolues entre e.naissance et {} < 18)",
                which_date(choose)
            ),
            11 => format!(
                "nombre de e parmi p.enfants tels que (e.a_charge) {} {}",
                cmp(choose),
                choose.pick(&["0", "1", "2"])
            ),
            12 => "non p.menace".into(),
            _ => choose.pick(&["vrai", "faux", "p.b0", "p.b1"]).into(),
        }
    }
}

fn cmp(choose: &mut impl Choose) -> &'static str {
    choose.pick(&["≥", ">", "≤", "<", "=", "≠"])
}

fn which_date(choose: &mut impl Choose) -> &'static str {
    choose.pick(&["date de la décision", "date de la demande"])
}
