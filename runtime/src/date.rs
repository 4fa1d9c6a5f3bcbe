//! Civil dates (proleptic Gregorian calendar), written `AAAA-MM-JJ` (ISO 8601).
//!
//! A date is stored as a day number so that comparisons and, later, arithmetic are plain integer
//! operations, the same in the interpreter and in native code.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day. Ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i32,
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("« {0} » n'est pas une date au format AAAA-MM-JJ")]
    Format(String),
    #[error("« {0} » n'existe pas dans le calendrier")]
    Impossible(String),
}

impl Date {
    /// Builds a date from its parts, if that day exists. Years are limited to 1..=9999, which is
    /// what the `AAAA` format can write.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=9999).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// The year, month and day of this date.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// Days since 1970-01-01; negative before.
    pub fn day_number(self) -> i32 {
        self.days
    }

    /// The date `days` after 1970-01-01, if it is within the years 1 to 9999.
    pub fn from_day_number(days: i64) -> Option<Date> {
        let days = i32::try_from(days).ok()?;
        let (year, _, _) = civil_from_days(days);
        (1..=9999).contains(&year).then_some(Date { days })
    }
}

/// A duration as the law counts it: a number of years, months or days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Years,
    Months,
    Days,
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.amount) {
            (DurationUnit::Years, 0 | 1) => "an",
            (DurationUnit::Years, _) => "ans",
            (DurationUnit::Months, _) => "mois",
            (DurationUnit::Days, 0 | 1) => "jour",
            (DurationUnit::Days, _) => "jours",
        };
        write!(f, "{} {unit}", self.amount)
    }
}

impl Date {
    /// This date moved by `count` units (negative: backwards). Years and months keep the day
    /// of the month; when that day does not exist in the month reached (31 → April, 29 February
    /// → a common year), the last day of that month is taken, as delays are counted under
    /// article 641 of the code de procédure civile. `None` outside years 1 to 9999.
    pub fn shifted(self, count: i64, unit: DurationUnit) -> Option<Date> {
        match unit {
            DurationUnit::Days => {
                let days = i64::from(self.days).checked_add(count)?;
                let days = i32::try_from(days).ok()?;
                let (y, m, d) = civil_from_days(days);
                Date::from_ymd(y, m, d)
            }
            DurationUnit::Months | DurationUnit::Years => {
                let months = if unit == DurationUnit::Years {
                    count.checked_mul(12)?
                } else {
                    count
                };
                let (y, m, d) = self.ymd();
                let index = i64::from(y) * 12 + i64::from(m) - 1 + months;
                let year = i32::try_from(index.div_euclid(12)).ok()?;
                let month = (index.rem_euclid(12) + 1) as u32;
                if !(1..=9999).contains(&year) {
                    return None;
                }
                Date::from_ymd(year, month, d.min(days_in_month(year, month)))
            }
        }
    }

    /// This date plus a duration (`sign` 1) or minus it (`sign` -1).
    pub fn add(self, duration: Duration, sign: i64) -> Option<Date> {
        self.shifted(i64::from(duration.amount) * sign, duration.unit)
    }

    /// The number of whole units from `self` to `to` ("révolus"): the greatest `n` such that
    /// `self` moved by `n` units is not after `to`. Negative when `to` is before `self`.
    pub fn whole_units_until(self, to: Date, unit: DurationUnit) -> i64 {
        if to < self {
            return -to.whole_units_until(self, unit);
        }
        match unit {
            DurationUnit::Days => i64::from(to.days) - i64::from(self.days),
            DurationUnit::Months | DurationUnit::Years => {
                let per = if unit == DurationUnit::Years { 12 } else { 1 };
                let ((y1, m1, _), (y2, m2, _)) = (self.ymd(), to.ymd());
                let months = (i64::from(y2) - i64::from(y1)) * 12 + i64::from(m2) - i64::from(m1);
                let mut n = months / per;
                // The estimate counts calendar months; step back while the day is not reached.
                while n > 0 && self.shifted(n, unit).is_none_or(|d| d > to) {
                    n -= 1;
                }
                n
            }
        }
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        _ => 28,
    }
}

// The two conversions below follow Howard Hinnant's public-domain "chrono-compatible low-level
// date algorithms": eras of 400 years starting on March 1st make leap days fall at the end.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // [0, 399]
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Date, DateError> {
        let format_error = || DateError::Format(text.to_string());
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format_error());
        }
        let year: i32 = text[0..4].parse().map_err(|_| format_error())?;
        let month: u32 = text[5..7].parse().map_err(|_| format_error())?;
        let day: u32 = text[8..10].parse().map_err(|_| format_error())?;
        Date::from_ymd(year, month, day).ok_or_else(|| DateError::Impossible(text.to_string()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "motif_runtime::date::Date".into()
    }

    /// As serialised: the text `AAAA-MM-JJ` (YYYY-MM-DD).
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar day, written YYYY-MM-DD (ISO 8601): `2021-08-26`.",
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_round_trip() {
        for text in [
            "1970-01-01",
            "2021-08-26",
            "2000-02-29",
            "0001-01-01",
            "9999-12-31",
        ] {
            let date: Date = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn day_numbers_are_anchored_at_the_unix_epoch() {
        assert_eq!("1970-01-01".parse::<Date>().unwrap().day_number(), 0);
        assert_eq!("1970-01-02".parse::<Date>().unwrap().day_number(), 1);
        assert_eq!("1969-12-31".parse::<Date>().unwrap().day_number(), -1);
        assert_eq!("2000-03-01".parse::<Date>().unwrap().day_number(), 11_017);
    }

    #[test]
    fn every_day_of_four_centuries_round_trips_through_its_number() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().day_number();
        let end = Date::from_ymd(2300, 1, 1).unwrap().day_number();
        let mut previous = None;
        for n in start..end {
            let (y, m, d) = civil_from_days(n);
            let date = Date::from_ymd(y, m, d).unwrap();
            assert_eq!(date.day_number(), n);
            if let Some(p) = previous {
                assert!(p < date);
            }
            previous = Some(date);
        }
    }

    #[test]
    fn rejects_impossible_days_and_bad_shapes() {
        assert_eq!(
            "2023-02-29".parse::<Date>(),
            Err(DateError::Impossible("2023-02-29".into()))
        );
        assert!(matches!(
            "1900-02-29".parse::<Date>(),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            "2023-13-01".parse::<Date>(),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            "2023-04-31".parse::<Date>(),
            Err(DateError::Impossible(_))
        ));
        for bad in [
            "2023-2-01",
            "23-02-01",
            "2023/02/01",
            "",
            "2023-02-01T00:00",
            "+023-02-01",
        ] {
            assert!(
                matches!(bad.parse::<Date>(), Err(DateError::Format(_))),
                "{bad}"
            );
        }
    }

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn adds_years_months_and_days_with_the_month_end_rule() {
        let years = |n| Duration {
            amount: n,
            unit: DurationUnit::Years,
        };
        let months = |n| Duration {
            amount: n,
            unit: DurationUnit::Months,
        };
        let days = |n| Duration {
            amount: n,
            unit: DurationUnit::Days,
        };
        assert_eq!(d("2008-05-02").add(years(18), 1), Some(d("2026-05-02")));
        assert_eq!(d("2008-02-29").add(years(18), 1), Some(d("2026-02-28")));
        assert_eq!(d("2024-02-29").add(years(4), 1), Some(d("2028-02-29")));
        assert_eq!(d("2021-08-31").add(months(6), 1), Some(d("2022-02-28")));
        assert_eq!(d("2021-08-31").add(months(1), -1), Some(d("2021-07-31")));
        assert_eq!(d("2021-03-31").add(months(1), -1), Some(d("2021-02-28")));
        assert_eq!(d("2021-12-31").add(days(1), 1), Some(d("2022-01-01")));
        assert_eq!(d("9999-12-31").add(days(1), 1), None);
        assert_eq!(
            Duration {
                amount: 1,
                unit: DurationUnit::Years
            }
            .to_string(),
            "1 an"
        );
        assert_eq!(months(6).to_string(), "6 mois");
    }

    #[test]
    fn counts_whole_units_between_dates() {
        // « âgé de dix-huit ans révolus »: the day before the birthday, not yet.
        assert_eq!(
            d("2008-05-02").whole_units_until(d("2026-05-01"), DurationUnit::Years),
            17
        );
        assert_eq!(
            d("2008-05-02").whole_units_until(d("2026-05-02"), DurationUnit::Years),
            18
        );
        assert_eq!(
            d("2008-02-29").whole_units_until(d("2026-02-28"), DurationUnit::Years),
            18
        );
        assert_eq!(
            d("2021-08-31").whole_units_until(d("2022-02-27"), DurationUnit::Months),
            5
        );
        assert_eq!(
            d("2021-08-31").whole_units_until(d("2022-02-28"), DurationUnit::Months),
            6
        );
        assert_eq!(
            d("2021-01-01").whole_units_until(d("2021-03-01"), DurationUnit::Days),
            59
        );
        assert_eq!(
            d("2026-05-02").whole_units_until(d("2008-05-02"), DurationUnit::Years),
            -18
        );
    }

    /// `a + n units ≤ b` exactly when `n ≤ whole units from a to b`: the two ways of writing a
    /// delay in the language agree.
    #[test]
    fn whole_units_agree_with_adding_units() {
        let starts = ["2008-02-29", "2021-01-31", "2020-12-15", "2019-03-01"].map(d);
        let ends = [
            "2026-02-28",
            "2026-03-01",
            "2021-02-28",
            "2020-02-29",
            "2019-03-01",
        ]
        .map(d);
        for unit in [
            DurationUnit::Years,
            DurationUnit::Months,
            DurationUnit::Days,
        ] {
            for a in starts {
                for b in ends.into_iter().filter(|b| *b >= a) {
                    let n = a.whole_units_until(b, unit);
                    assert!(a.shifted(n, unit).unwrap() <= b, "{a} {n} {unit:?} {b}");
                    assert!(
                        a.shifted(n + 1, unit).unwrap() > b,
                        "{a} {n}+1 {unit:?} {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn orders_chronologically() {
        let a: Date = "2021-05-01".parse().unwrap();
        let b: Date = "2021-08-26".parse().unwrap();
        assert!(a < b);
    }
}
