//! Words for people, in French or in English: dates, amounts, durations, cards, and the
//! policy's own texts through its translations.
//!
//! Everything a letter shows passes through here, so that a template only lays out sentences
//! and never formats a value itself.

use crate::date::{Date, Duration, DurationUnit};
use crate::numbers::{Decimal, Money};
use crate::program::{CardKind, Grant, Program};
use crate::trace::{FactRead, Shown, WhichDate};
use crate::value::Value;

/// The language of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// `fr` or `en`.
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Formats values and translates the policy's texts into one language.
pub struct Words<'p> {
    pub lang: Lang,
    program: &'p Program,
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl<'p> Words<'p> {
    pub fn new(program: &'p Program, lang: Lang) -> Words<'p> {
        Words { lang, program }
    }

    /// A text of the policy (a label, a reason, a document) in this language. A text with no
    /// translation is shown in French and marked, never dropped.
    pub fn tr(&self, french: &str) -> String {
        match self.lang {
            Lang::Fr => french.to_string(),
            Lang::En => match self.translation(french) {
                Some(english) => english.to_string(),
                None => format!("{french} [{UNTRANSLATED}]"),
            },
        }
    }

    fn translation(&self, french: &str) -> Option<&'p str> {
        self.program
            .translations
            .get(self.lang.code())
            .and_then(|table| table.get(french))
            .map(String::as_str)
    }

    pub fn tr_opt(&self, french: Option<&str>) -> Option<String> {
        french.map(|t| self.tr(t))
    }

    /// `2 mars 2026` / `2 March 2026`.
    pub fn date(&self, date: Date) -> String {
        let (year, month, day) = date.ymd();
        let index = (month as usize).saturating_sub(1).min(11);
        match self.lang {
            Lang::Fr if day == 1 => format!("1er {} {year}", MONTHS_FR[index]),
            Lang::Fr => format!("{day} {} {year}", MONTHS_FR[index]),
            Lang::En => format!("{day} {} {year}", MONTHS_EN[index]),
        }
    }

    /// `615,00 €` / `€615.00`.
    pub fn money(&self, money: Money) -> String {
        let cents = money.cents();
        let sign = if cents < 0 { "-" } else { "" };
        let units = (cents / 100).unsigned_abs();
        let fraction = (cents % 100).unsigned_abs();
        match self.lang {
            Lang::Fr => format!("{sign}{},{fraction:02}\u{a0}€", group(units, '\u{202f}')),
            Lang::En => format!("{sign}€{}.{fraction:02}", group(units, ',')),
        }
    }

    fn decimal(&self, decimal: Decimal) -> String {
        let text = decimal.to_string();
        match self.lang {
            Lang::Fr => text,
            Lang::En => text.replace(',', "."),
        }
    }

    /// `3 ans`, `6 mois` / `3 years`, `6 months`.
    pub fn duration(&self, duration: Duration) -> String {
        let n = duration.amount;
        let unit = match (self.lang, duration.unit, n) {
            (Lang::Fr, DurationUnit::Years, 0 | 1) => "an",
            (Lang::Fr, DurationUnit::Years, _) => "ans",
            (Lang::Fr, DurationUnit::Months, _) => "mois",
            (Lang::Fr, DurationUnit::Days, 0 | 1) => "jour",
            (Lang::Fr, DurationUnit::Days, _) => "jours",
            (Lang::En, DurationUnit::Years, 1) => "year",
            (Lang::En, DurationUnit::Years, _) => "years",
            (Lang::En, DurationUnit::Months, 1) => "month",
            (Lang::En, DurationUnit::Months, _) => "months",
            (Lang::En, DurationUnit::Days, 1) => "day",
            (Lang::En, DurationUnit::Days, _) => "days",
        };
        format!("{n} {unit}")
    }

    /// A value as a person reads it; an enumeration value by its label.
    pub fn value(&self, value: &Value, label: Option<&str>) -> String {
        match value {
            Value::Bool(true) => self.pick("oui", "yes").into(),
            Value::Bool(false) => self.pick("non", "no").into(),
            Value::Int(n) => n.to_string(),
            Value::Decimal(d) => self.decimal(*d),
            Value::Money(m) => self.money(*m),
            Value::Text(t) => match self.lang {
                Lang::Fr => format!("« {t} »"),
                Lang::En => format!("“{t}”"),
            },
            Value::Date(d) => self.date(*d),
            Value::Duration(d) => self.duration(*d),
            Value::Enum(name) => match label {
                Some(label) => self.tr(label),
                None => name.clone(),
            },
            Value::Record(_) => self.pick("une fiche", "a record").into(),
            Value::List(items) => match self.lang {
                Lang::Fr => format!("{} élément(s)", items.len()),
                Lang::En => format!("{} item(s)", items.len()),
            },
        }
    }

    /// What a fact read shows: its value, or that the dossier does not give it.
    pub fn fact_value(&self, read: &FactRead) -> String {
        match &read.value {
            Some(value) => self.value(value, read.value_label.as_deref()),
            None => self.pick("non renseigné", "not given").into(),
        }
    }

    /// An operand: a parameter by its value, a date, a literal, a computed value.
    pub fn shown(&self, shown: &Shown) -> String {
        match shown {
            Shown::Fact(read) => self.fact_value(read),
            Shown::Parameter(read) => match &read.value {
                Some(value) => self.value(value, None),
                None => self.pick("sans valeur", "no value").into(),
            },
            Shown::Literal(literal) => self.value(&literal.value, literal.value_label.as_deref()),
            Shown::Date(date) => {
                let which = self.which_date(date.date);
                match date.value {
                    Some(value) => format!("{which} ({})", self.date(value)),
                    None => which.to_string(),
                }
            }
            Shown::Computed(computed) => match &computed.value {
                Some(value) => self.value(value, None),
                None => self.pick("non calculable", "cannot be computed").into(),
            },
            Shown::Count(count) => match count.value {
                Some(n) => n.to_string(),
                None => self.pick("inconnu", "unknown").into(),
            },
        }
    }

    pub fn which_date(&self, which: WhichDate) -> &'static str {
        match which {
            WhichDate::Decision => self.pick("la date de la décision", "the date of the decision"),
            WhichDate::Filing => self.pick("la date de la demande", "the date of the application"),
        }
    }

    /// The permit a route grants: `carte de séjour temporaire « vie privée et familiale », 1 an`.
    pub fn grant(&self, grant: &Grant) -> String {
        let mut out = self.card(grant.card).to_string();
        if let Some(mention) = &grant.mention {
            match self.lang {
                Lang::Fr => out.push_str(&format!(" portant la mention « {mention} »")),
                Lang::En => match self.translation(mention) {
                    Some(english) => {
                        out.push_str(&format!(" marked “{mention}” ({english})"));
                    }
                    None => out.push_str(&format!(" marked “{mention}”")),
                },
            }
        }
        if let Some(duration) = grant.duration {
            match self.lang {
                Lang::Fr => out.push_str(&format!(", d'une durée de {}", self.duration(duration))),
                Lang::En => out.push_str(&format!(", valid for {}", self.duration(duration))),
            }
        }
        out
    }

    pub fn card(&self, card: CardKind) -> &'static str {
        match self.lang {
            Lang::Fr => card.label(),
            Lang::En => match card {
                CardKind::CarteDeSejourTemporaire => {
                    "temporary residence permit (carte de séjour temporaire)"
                }
                CardKind::CarteDeSejourPluriannuelle => {
                    "multi-year residence permit (carte de séjour pluriannuelle)"
                }
                CardKind::CarteDeResident => "resident card (carte de résident)",
                CardKind::CarteDeResidentLongueDureeUe => "long-term EU resident card",
                CardKind::AutorisationProvisoireDeSejour => {
                    "provisional residence authorisation (autorisation provisoire de séjour)"
                }
            },
        }
    }

    pub fn pick(&self, french: &'static str, english: &'static str) -> &'static str {
        match self.lang {
            Lang::Fr => french,
            Lang::En => english,
        }
    }
}

/// The marker of a policy text shown in French in an English letter.
pub const UNTRANSLATED: &str = "in French";

/// `1234567` → `1 234 567` with the separator given.
fn group(mut n: u64, separator: char) -> String {
    let mut groups = Vec::new();
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&g.to_string());
        } else {
            out.push(separator);
            out.push_str(&format!("{g:03}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> Program {
        Program {
            types: vec![],
            facts: vec![],
            parameters: vec![],
            articles: vec![],
            routes: vec![],
            translations: [(
                "en".to_string(),
                [(
                    "conjoint de Français".to_string(),
                    "spouse of a French national".to_string(),
                )]
                .into_iter()
                .collect(),
            )]
            .into_iter()
            .collect(),
            fingerprint: String::new(),
        }
    }

    #[test]
    fn dates_amounts_and_durations_in_each_language() {
        let p = program();
        let (fr, en) = (Words::new(&p, Lang::Fr), Words::new(&p, Lang::En));
        let date: Date = "2026-03-01".parse().unwrap();
        assert_eq!(fr.date(date), "1er mars 2026");
        assert_eq!(en.date(date), "1 March 2026");
        let money = Money::from_cents(12_345_678);
        assert_eq!(fr.money(money), "123\u{202f}456,78\u{a0}€");
        assert_eq!(en.money(money), "€123,456.78");
        assert_eq!(fr.money(Money::from_cents(61_500)), "615,00\u{a0}€");
        let years = Duration {
            amount: 1,
            unit: DurationUnit::Years,
        };
        assert_eq!(fr.duration(years), "1 an");
        assert_eq!(en.duration(years), "1 year");
    }

    #[test]
    fn a_text_without_translation_is_shown_in_french_and_marked() {
        let p = program();
        let en = Words::new(&p, Lang::En);
        assert_eq!(en.tr("conjoint de Français"), "spouse of a French national");
        assert_eq!(en.tr("étudiant"), "étudiant [in French]");
        assert_eq!(Words::new(&p, Lang::Fr).tr("étudiant"), "étudiant");
    }
}
