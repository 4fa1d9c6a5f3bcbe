//! Date ranges: the assessment dates between which the same rules apply.
//!
//! Which article versions and parameter values apply depends on the dates only through the
//! days on which they start or stop being in force. Between two such days the rules are the
//! same, so native code is compiled once per range of decision dates (and of filing dates, or
//! its absence) rather than once per dossier.

use motif_runtime::Dates;
use motif_runtime::date::{Date, DurationUnit};
use motif_runtime::program::{Period, Program};

/// The days on which some rule starts or stops being in force, sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRanges {
    breakpoints: Vec<Date>,
}

/// Which range each of an assessment's dates falls in; `filed` is `None` when the filing date
/// is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RangeKey {
    pub decided: usize,
    pub filed: Option<usize>,
}

impl DateRanges {
    pub fn of(program: &Program) -> DateRanges {
        let mut breakpoints = Vec::new();
        let mut add = |period: &Period| {
            breakpoints.push(period.from);
            // The day after the last day in force; none after the end of the calendar.
            if let Some(next) = period
                .until
                .and_then(|until| until.shifted(1, DurationUnit::Days))
            {
                breakpoints.push(next);
            }
        };
        for article in &program.articles {
            article.versions.iter().for_each(|v| add(&v.in_force));
        }
        for parameter in &program.parameters {
            parameter.values.iter().for_each(|v| add(&v.in_force));
        }
        breakpoints.sort();
        breakpoints.dedup();
        DateRanges { breakpoints }
    }

    /// The range of `dates`: two pairs of dates with the same key are assessed by the same
    /// rules.
    pub fn key(&self, dates: Dates) -> RangeKey {
        let range = |date: Date| self.breakpoints.partition_point(|b| *b <= date);
        RangeKey {
            decided: range(dates.decided_on),
            filed: dates.filed_on.map(range),
        }
    }

    /// How many ranges a date can fall in.
    pub fn count(&self) -> usize {
        self.breakpoints.len() + 1
    }

    /// A day in each range, for tools that go through all of them: the first breakpoint's eve,
    /// then each breakpoint.
    pub fn representatives(&self) -> Vec<Date> {
        let mut out = Vec::with_capacity(self.count());
        if let Some(first) = self.breakpoints.first() {
            out.extend(first.shifted(-1, DurationUnit::Days));
        }
        out.extend(self.breakpoints.iter().copied());
        out
    }

    pub fn breakpoints(&self) -> &[Date] {
        &self.breakpoints
    }
}
