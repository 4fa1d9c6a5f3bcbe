//! The few computations native code leaves to Rust: calendar arithmetic and amounts rounded to
//! the cent. They call the runtime's own functions, so that native code and the interpreter
//! cannot count a month or round a cent differently.
//!
//! They are `extern "C"` and never panic: native code may call them on the payload of an
//! unknown value (it computes everything and keeps what is known), so any input must give some
//! answer.

use motif_runtime::date::{Date, DurationUnit};
use motif_runtime::numbers::{Decimal, Money, Rounding};

/// The symbol names under which the JIT module imports the helpers.
pub const MUL_ROUNDED: &str = "motif_mul_rounded";
pub const SHIFT: &str = "motif_shift";
pub const BETWEEN: &str = "motif_between";

pub fn unit_code(unit: DurationUnit) -> i64 {
    match unit {
        DurationUnit::Years => 0,
        DurationUnit::Months => 1,
        DurationUnit::Days => 2,
    }
}

fn unit_of(code: i64) -> DurationUnit {
    match code {
        0 => DurationUnit::Years,
        1 => DurationUnit::Months,
        _ => DurationUnit::Days,
    }
}

pub fn rounding_code(rounding: Rounding) -> i64 {
    match rounding {
        Rounding::Down => 0,
        Rounding::Up => 1,
        Rounding::Nearest => 2,
    }
}

fn rounding_of(code: i64) -> Rounding {
    match code {
        0 => Rounding::Down,
        1 => Rounding::Up,
        _ => Rounding::Nearest,
    }
}

/// Writes whether a computation succeeded: `ok` points to a word of the caller's stack frame.
fn report(ok: *mut i64, success: bool) {
    if !ok.is_null() {
        // SAFETY: native code passes the address of an 8-byte, 8-aligned stack slot.
        #[allow(unsafe_code)]
        unsafe {
            ok.write(i64::from(success))
        };
    }
}

/// An amount in cents times a decimal in millionths, rounded as the rule says.
pub extern "C" fn mul_rounded(cents: i64, micros: i64, rounding: i64, ok: *mut i64) -> i64 {
    let result =
        Money::from_cents(cents).mul_decimal(Decimal::from_micros(micros), rounding_of(rounding));
    report(ok, result.is_some());
    result.map_or(0, Money::cents)
}

/// A date (day number) moved by `amount` units, forwards (`sign` 1) or backwards (-1).
pub extern "C" fn shift(day: i64, amount: i64, sign: i64, unit: i64, ok: *mut i64) -> i64 {
    let result = Date::from_day_number(day)
        .and_then(|date| date.shifted(amount.saturating_mul(sign), unit_of(unit)));
    report(ok, result.is_some());
    result.map_or(0, |d| i64::from(d.day_number()))
}

/// Whole units from one date to another ("révolus").
pub extern "C" fn between(from: i64, to: i64, unit: i64) -> i64 {
    match (Date::from_day_number(from), Date::from_day_number(to)) {
        (Some(from), Some(to)) => from.whole_units_until(to, unit_of(unit)),
        _ => 0,
    }
}
