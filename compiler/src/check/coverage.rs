//! A parameter must have a value on every day a version that reads it is in force: a threshold
//! missing for a period is a gap in the law as encoded, reported before any dossier meets it.

use motif_runtime::date::{Date, DurationUnit};
use motif_runtime::program::ParameterValue;

use super::{CheckedPart, Declarations, Part, home_versions};
use crate::diagnostics::{Diagnostic, ParameterWithoutValue};
use crate::source::SourceSet;

pub(super) fn check(
    parts: &[Part<'_>],
    checked: &[&CheckedPart],
    declarations: &Declarations,
    _sources: &SourceSet,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for home in home_versions(parts, checked, declarations) {
        let Some(used) = home
            .checked
            .used_parameters
            .get(&(home.article, home.index))
        else {
            continue;
        };
        let Some(from) = home.version.from.node else {
            continue;
        };
        let until = home.version.until.as_ref().and_then(|u| u.node);
        for parameter in used {
            let name = &declarations.signatures.parameters[parameter.0 as usize].name;
            if declarations.signatures.broken.contains(name) {
                continue;
            }
            let values = &declarations.parameter_values[parameter.0 as usize];
            if let Some(hole) = first_hole(values, from, until) {
                let error = ParameterWithoutValue {
                    parameter: declarations.signatures.parameters[parameter.0 as usize]
                        .name
                        .clone(),
                    period: hole,
                    article: declarations.signatures.articles[home.article.0 as usize]
                        .id
                        .clone(),
                    version: from.to_string(),
                    span: home.version.span.into(),
                };
                diagnostics.push(Diagnostic::new(home.part.file, error).shifted(home.part.offset));
            }
        }
    }
}

/// The first stretch of `[from, until]` (open-ended without `until`) that no value covers,
/// written for a person.
fn first_hole(values: &[ParameterValue], from: Date, until: Option<Date>) -> Option<String> {
    // Values are sorted and do not overlap (checked where they are declared).
    let mut day = from;
    for value in values {
        if value.in_force.until.is_some_and(|end| end < day) {
            continue;
        }
        if value.in_force.from > day {
            break;
        }
        match value.in_force.until {
            None => return None,
            Some(end) => match end.shifted(1, DurationUnit::Days) {
                Some(next) => day = next,
                None => return None,
            },
        }
        if until.is_some_and(|u| day > u) {
            return None;
        }
    }
    if until.is_some_and(|u| day > u) {
        return None;
    }
    let next_value = values.iter().map(|v| v.in_force.from).find(|d| *d > day);
    let end = match (next_value, until) {
        (Some(next), Some(u)) => Some(next.shifted(-1, DurationUnit::Days).unwrap_or(next).min(u)),
        (Some(next), None) => Some(next.shifted(-1, DurationUnit::Days).unwrap_or(next)),
        (None, u) => u,
    };
    Some(match end {
        Some(end) if end == day => format!("le {day}"),
        Some(end) => format!("du {day} au {end}"),
        None => format!("à partir du {day}"),
    })
}

#[cfg(test)]
mod tests {
    use super::first_hole;
    use motif_runtime::Date;
    use motif_runtime::program::{ParameterValue, Period};
    use motif_runtime::value::Value;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn value(from: &str, until: Option<&str>) -> ParameterValue {
        ParameterValue {
            in_force: Period {
                from: d(from),
                until: until.map(d),
            },
            value: Value::Int(1),
            legifrance: None,
            sources: vec![],
            to_check: vec![],
        }
    }

    #[test]
    fn finds_the_first_day_without_a_value() {
        let values = [
            value("2021-01-01", Some("2021-12-31")),
            value("2022-03-01", None),
        ];
        assert_eq!(
            first_hole(&values, d("2021-05-01"), None).as_deref(),
            Some("du 2022-01-01 au 2022-02-28")
        );
        assert_eq!(first_hole(&values, d("2022-03-01"), None), None);
        assert_eq!(
            first_hole(&values, d("2021-05-01"), Some(d("2021-12-31"))),
            None
        );
        assert_eq!(
            first_hole(&values, d("2020-06-01"), None).as_deref(),
            Some("du 2020-06-01 au 2020-12-31")
        );
        let ending = [value("2021-01-01", Some("2021-12-31"))];
        assert_eq!(
            first_hole(&ending, d("2021-01-01"), None).as_deref(),
            Some("à partir du 2022-01-01")
        );
        assert_eq!(
            first_hole(&[], d("2021-01-01"), Some(d("2021-01-01"))).as_deref(),
            Some("le 2021-01-01")
        );
    }
}
