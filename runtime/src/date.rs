//! Civil dates (proleptic Gregorian calendar), written `AAAA-MM-JJ` (ISO 8601).
//!
//! A date is stored as a day number so that comparisons and, later, arithmetic are plain integer
//! operations, the same in the interpreter and in native code.

use std::fmt;
use std::str::FromStr;

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

    #[test]
    fn orders_chronologically() {
        let a: Date = "2021-05-01".parse().unwrap();
        let b: Date = "2021-08-26".parse().unwrap();
        assert!(a < b);
    }
}
