//! Three-valued (Kleene) logic: the truth of a condition when some facts may be unknown.
//!
//! "Unknown" is not "false": a condition whose value depends on a fact the dossier does not
//! give is `Unknown`, and only a condition that fails on known facts is `False`. Kleene's strong
//! logic has exactly the property the decision model needs: if `e` is `True` or `False` on a
//! dossier, supplying more facts never changes it (monotonicity), so an unknown fact can never
//! be what makes a route fail.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The truth value of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    /// Kleene conjunction: `False` wins over `Unknown`, which wins over `True`.
    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::True, Truth::True) => Truth::True,
            _ => Truth::Unknown,
        }
    }

    /// Kleene disjunction: `True` wins over `Unknown`, which wins over `False`.
    pub fn or(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::True, _) | (_, Truth::True) => Truth::True,
            (Truth::False, Truth::False) => Truth::False,
            _ => Truth::Unknown,
        }
    }

    /// Negation: unknown stays unknown.
    #[allow(clippy::should_implement_trait)] // `!truth` would hide the third value from readers.
    pub fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    /// Material implication `self → then`, i.e. `not self or then`: "lorsque A, alors B".
    pub fn implies(self, then: Truth) -> Truth {
        self.not().or(then)
    }

    /// Conjunction of any number of values; the empty conjunction is `True`.
    pub fn all(values: impl IntoIterator<Item = Truth>) -> Truth {
        values.into_iter().fold(Truth::True, Truth::and)
    }

    /// Disjunction of any number of values; the empty disjunction is `False`.
    pub fn any(values: impl IntoIterator<Item = Truth>) -> Truth {
        values.into_iter().fold(Truth::False, Truth::or)
    }

    pub fn is_known(self) -> bool {
        self != Truth::Unknown
    }
}

impl From<bool> for Truth {
    fn from(b: bool) -> Truth {
        if b { Truth::True } else { Truth::False }
    }
}

impl From<Option<bool>> for Truth {
    fn from(b: Option<bool>) -> Truth {
        b.map_or(Truth::Unknown, Truth::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Truth::{self, False, True, Unknown};

    const ALL: [Truth; 3] = [True, False, Unknown];

    /// The information order: `Unknown` is below both known values.
    fn refines(a: Truth, b: Truth) -> bool {
        a == Unknown || a == b
    }

    #[test]
    fn and_truth_table() {
        let expected = [
            (True, True, True),
            (True, False, False),
            (True, Unknown, Unknown),
            (False, True, False),
            (False, False, False),
            (False, Unknown, False),
            (Unknown, True, Unknown),
            (Unknown, False, False),
            (Unknown, Unknown, Unknown),
        ];
        for (a, b, r) in expected {
            assert_eq!(a.and(b), r, "{a:?} and {b:?}");
        }
    }

    #[test]
    fn or_truth_table() {
        let expected = [
            (True, True, True),
            (True, False, True),
            (True, Unknown, True),
            (False, True, True),
            (False, False, False),
            (False, Unknown, Unknown),
            (Unknown, True, True),
            (Unknown, False, Unknown),
            (Unknown, Unknown, Unknown),
        ];
        for (a, b, r) in expected {
            assert_eq!(a.or(b), r, "{a:?} or {b:?}");
        }
    }

    #[test]
    fn not_is_an_involution_that_keeps_unknown() {
        assert_eq!(True.not(), False);
        assert_eq!(False.not(), True);
        assert_eq!(Unknown.not(), Unknown);
        for a in ALL {
            assert_eq!(a.not().not(), a);
        }
    }

    #[test]
    fn implication_matches_the_law_reading() {
        // "Lorsque le mariage a été célébré à l'étranger, il a été transcrit."
        assert_eq!(
            False.implies(Unknown),
            True,
            "married in France: transcription irrelevant"
        );
        assert_eq!(True.implies(False), False);
        assert_eq!(True.implies(Unknown), Unknown);
        assert_eq!(Unknown.implies(True), True);
        assert_eq!(Unknown.implies(False), Unknown);
    }

    #[test]
    fn de_morgan_and_commutativity_hold() {
        for a in ALL {
            for b in ALL {
                assert_eq!(a.and(b).not(), a.not().or(b.not()));
                assert_eq!(a.or(b).not(), a.not().and(b.not()));
                assert_eq!(a.and(b), b.and(a));
                assert_eq!(a.or(b), b.or(a));
            }
        }
    }

    #[test]
    fn empty_combinations_are_neutral() {
        assert_eq!(Truth::all([]), True);
        assert_eq!(Truth::any([]), False);
        assert_eq!(Truth::all([True, Unknown, False]), False);
        assert_eq!(Truth::any([False, Unknown]), Unknown);
    }

    /// The property behind "unknown is not false": replacing an unknown input by a known value
    /// can only refine the result, never flip a known one.
    #[test]
    fn every_connective_is_monotone_in_information() {
        for a in ALL {
            for a2 in ALL.into_iter().filter(|&x| refines(a, x)) {
                assert!(refines(a.not(), a2.not()));
                for b in ALL {
                    for b2 in ALL.into_iter().filter(|&x| refines(b, x)) {
                        assert!(refines(a.and(b), a2.and(b2)), "and {a:?} {b:?}");
                        assert!(refines(a.or(b), a2.or(b2)), "or {a:?} {b:?}");
                        assert!(refines(a.implies(b), a2.implies(b2)), "implies {a:?} {b:?}");
                    }
                }
            }
        }
    }
}
