//! Exact numbers: decimals and amounts of money. No floating point anywhere: a threshold of
//! 615,00 € is compared to the cent, and a rate of 60 % is exactly 0,6.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// An exact decimal number with six decimal places (a rate, a coefficient).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal {
    /// The value times 10⁶.
    micros: i64,
}

/// An amount of money in euros, to the cent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    cents: i64,
}

/// How an amount that is not a whole number of cents is brought to one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// To the nearest cent, halves away from zero.
    Nearest,
    /// Towards minus infinity.
    Down,
    /// Towards plus infinity.
    Up,
}

pub const MICROS: i64 = 1_000_000;

impl Decimal {
    pub fn from_micros(micros: i64) -> Decimal {
        Decimal { micros }
    }

    pub fn micros(self) -> i64 {
        self.micros
    }

    pub fn from_int(n: i64) -> Option<Decimal> {
        n.checked_mul(MICROS).map(Decimal::from_micros)
    }

    /// Parses `0,6`, `1.5`, `-2`, with at most six decimals; `None` otherwise.
    pub fn parse(text: &str) -> Option<Decimal> {
        let micros = parse_scaled(text, 6)?;
        Some(Decimal { micros })
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        self.micros
            .checked_add(other.micros)
            .map(Decimal::from_micros)
    }

    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        self.micros
            .checked_sub(other.micros)
            .map(Decimal::from_micros)
    }

    pub fn checked_mul_int(self, n: i64) -> Option<Decimal> {
        self.micros.checked_mul(n).map(Decimal::from_micros)
    }
}

impl Money {
    pub fn from_cents(cents: i64) -> Money {
        Money { cents }
    }

    pub fn cents(self) -> i64 {
        self.cents
    }

    /// Parses `615`, `615,5`, `1 766,92` (spaces between groups of digits allowed).
    pub fn parse(text: &str) -> Option<Money> {
        let compact: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        parse_scaled(&compact, 2).map(Money::from_cents)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.cents.checked_add(other.cents).map(Money::from_cents)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.cents.checked_sub(other.cents).map(Money::from_cents)
    }

    pub fn checked_mul_int(self, n: i64) -> Option<Money> {
        self.cents.checked_mul(n).map(Money::from_cents)
    }

    /// This amount times a decimal, brought to the cent as asked.
    pub fn mul_decimal(self, factor: Decimal, rounding: Rounding) -> Option<Money> {
        let exact = i128::from(self.cents) * i128::from(factor.micros); // cents × 10⁶
        let divisor = i128::from(MICROS);
        let quotient = exact.div_euclid(divisor);
        let remainder = exact.rem_euclid(divisor);
        let rounded = match rounding {
            Rounding::Down => quotient,
            Rounding::Up if remainder > 0 => quotient + 1,
            Rounding::Up => quotient,
            Rounding::Nearest => {
                // Halves away from zero: compare twice the remainder with the divisor.
                let twice = remainder * 2;
                if twice > divisor || (twice == divisor && exact >= 0) {
                    quotient + 1
                } else {
                    quotient
                }
            }
        };
        i64::try_from(rounded).ok().map(Money::from_cents)
    }
}

/// Parses an optionally signed decimal written with `,` or `.`, scaled by 10^`places`.
fn parse_scaled(text: &str, places: u32) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.find([',', '.']) {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > places as usize || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let scale = 10_i64.pow(places);
    let mut value = whole.parse::<i64>().ok()?.checked_mul(scale)?;
    if !fraction.is_empty() {
        let padded = format!("{fraction:0<width$}", width = places as usize);
        value = value.checked_add(padded.parse::<i64>().ok()?)?;
    }
    Some(if negative { -value } else { value })
}

/// Writes `units / 10^places` the French way: `1 766,92`.
fn write_scaled(
    f: &mut fmt::Formatter<'_>,
    value: i64,
    places: u32,
    keep_zeros: bool,
) -> fmt::Result {
    let scale = 10_u64.pow(places);
    let magnitude = value.unsigned_abs();
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    if value < 0 {
        f.write_str("-")?;
    }
    let digits = whole.to_string();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            f.write_str("\u{202f}")?; // narrow no-break space, as French typography groups digits
        }
        write!(f, "{c}")?;
    }
    let mut fraction = format!("{fraction:0width$}", width = places as usize);
    if !keep_zeros {
        while fraction.ends_with('0') {
            fraction.pop();
        }
    }
    if !fraction.is_empty() {
        write!(f, ",{fraction}")?;
    }
    Ok(())
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_scaled(f, self.micros, 6, false)
    }
}

impl fmt::Display for Money {
    /// `615,00 €`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_scaled(f, self.cents, 2, true)?;
        f.write_str("\u{a0}€")
    }
}

impl Serialize for Decimal {
    /// A JSON number: `0.6`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_scaled(serializer, self.micros, 6)
    }
}

impl Serialize for Money {
    /// A JSON number of euros: `615.5`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_scaled(serializer, self.cents, 2)
    }
}

impl JsonSchema for Decimal {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "motif_runtime::numbers::Decimal".into()
    }

    /// As serialised: a JSON number, with at most six decimal places.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal number (a rate, a coefficient), with at most six decimal places: `0.6`.",
            "type": "number"
        })
    }
}

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "motif_runtime::numbers::Money".into()
    }

    /// As serialised: a JSON number of euros, to the cent.
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount of money in euros, to the cent: `615.5`.",
            "type": "number"
        })
    }
}

/// A scaled integer as a JSON number, exact for the magnitudes of law: the shortest decimal
/// text of an f64 round-trips, so a JSON reader gets exactly these digits.
fn serialize_scaled<S: Serializer>(
    serializer: S,
    units: i64,
    places: u32,
) -> Result<S::Ok, S::Error> {
    let scale = 10_i64.pow(places);
    if units % scale == 0 {
        return serializer.serialize_i64(units / scale);
    }
    let sign = if units < 0 { "-" } else { "" };
    let text = format!(
        "{sign}{}.{:0width$}",
        (units / scale).abs(),
        (units % scale).abs(),
        width = places as usize
    );
    match text.trim_end_matches('0').parse::<f64>() {
        Ok(number) => serializer.serialize_f64(number),
        Err(_) => serializer.serialize_str(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_french_and_international_writing() {
        assert_eq!(Decimal::parse("0,6").unwrap().micros(), 600_000);
        assert_eq!(Decimal::parse("1.5").unwrap().micros(), 1_500_000);
        assert_eq!(Decimal::parse("-2").unwrap().micros(), -2_000_000);
        assert_eq!(Decimal::parse("0,1234567"), None, "more than six decimals");
        assert_eq!(Decimal::parse(",5"), None);
        assert_eq!(Money::parse("1 766,92").unwrap().cents(), 176_692);
        assert_eq!(Money::parse("615").unwrap().cents(), 61_500);
        assert_eq!(Money::parse("615,5").unwrap().cents(), 61_550);
        assert_eq!(Money::parse("615,555"), None, "no fractions of a cent");
    }

    #[test]
    fn prints_the_french_way() {
        assert_eq!(
            Money::from_cents(176_692).to_string(),
            "1\u{202f}766,92\u{a0}€"
        );
        assert_eq!(Money::from_cents(61_500).to_string(), "615,00\u{a0}€");
        assert_eq!(Money::from_cents(-5).to_string(), "-0,05\u{a0}€");
        assert_eq!(Decimal::parse("0,6").unwrap().to_string(), "0,6");
        assert_eq!(Decimal::parse("1500").unwrap().to_string(), "1\u{202f}500");
    }

    #[test]
    fn multiplies_money_by_a_rate_with_the_rounding_asked() {
        let amount = Money::from_cents(100_001); // 1 000,01 €
        let rate = Decimal::parse("0,6").unwrap(); // 600,006 €
        assert_eq!(
            amount.mul_decimal(rate, Rounding::Down).unwrap().cents(),
            60_000
        );
        assert_eq!(
            amount.mul_decimal(rate, Rounding::Up).unwrap().cents(),
            60_001
        );
        assert_eq!(
            amount.mul_decimal(rate, Rounding::Nearest).unwrap().cents(),
            60_001
        );
        let half =
            Money::from_cents(1).mul_decimal(Decimal::parse("0,5").unwrap(), Rounding::Nearest);
        assert_eq!(half.unwrap().cents(), 1, "halves away from zero");
        let minus_half =
            Money::from_cents(-1).mul_decimal(Decimal::parse("0,5").unwrap(), Rounding::Nearest);
        assert_eq!(
            minus_half.unwrap().cents(),
            -1,
            "halves away from zero, below zero too"
        );
        assert_eq!(
            Money::from_cents(-1)
                .mul_decimal(Decimal::parse("0,5").unwrap(), Rounding::Down)
                .unwrap()
                .cents(),
            -1
        );
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        assert_eq!(
            Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)),
            None
        );
        assert_eq!(Decimal::from_int(i64::MAX / 10), None);
    }
}
