//! Collecting static changes: where a change is (`Loc`), the sentence that says it, and how
//! the items of two sets are paired (by name, or by date for versions and dated values).

use std::collections::BTreeMap;

use motif_runtime::date::Date;

use super::report::{Change, Field, Part, PartKind, StaticChange, Subject};

/// Where a change is, and how the text names it.
#[derive(Debug, Clone)]
pub(super) struct Loc {
    subject: Subject,
    name: String,
    version: Option<Date>,
    part: Option<Part>,
    /// `paramètre smic_mensuel`, `L. 423-1, version du 2021-08-26, condition transcription`.
    words: String,
    feminine: bool,
}

impl Loc {
    pub(super) fn new(subject: Subject, name: &str, words: String, feminine: bool) -> Loc {
        Loc {
            subject,
            name: name.to_string(),
            version: None,
            part: None,
            words,
            feminine,
        }
    }

    /// A dated version of an article or value of a parameter, under this one.
    pub(super) fn dated(&self, date: Date, words: String) -> Loc {
        Loc {
            version: Some(date),
            words,
            feminine: true,
            ..self.clone()
        }
    }

    /// A rule of an article version, a value of an enumeration, a field of a record.
    pub(super) fn part(&self, kind: PartKind, name: &str) -> Loc {
        let (noun, feminine) = match kind {
            PartKind::Condition => ("condition", true),
            PartKind::Route => ("voie", true),
            PartKind::Derogation => ("dérogation", true),
            PartKind::Exclusion => ("exclusion", true),
            PartKind::Variant => ("valeur", true),
            PartKind::Field => ("champ", false),
        };
        Loc {
            part: Some(Part {
                kind,
                name: name.to_string(),
            }),
            words: format!("{}, {noun} {name}", self.words),
            feminine,
            ..self.clone()
        }
    }

    pub(super) fn words(&self) -> &str {
        &self.words
    }

    fn change(
        &self,
        change: Change,
        field: Option<Field>,
        old: Option<String>,
        new: Option<String>,
        text: String,
    ) -> StaticChange {
        StaticChange {
            subject: self.subject,
            name: self.name.clone(),
            version: self.version,
            part: self.part.clone(),
            change,
            field,
            old,
            new,
            text,
        }
    }
}

/// The changes found, in the order found.
#[derive(Debug, Default)]
pub(super) struct Changes(pub(super) Vec<StaticChange>);

impl Changes {
    /// `loc` exists only in the new set; `detail` says what it is.
    pub(super) fn added(&mut self, loc: &Loc, detail: Option<String>) {
        let e = if loc.feminine { "e" } else { "" };
        let text = match &detail {
            Some(d) => format!("{} ajouté{e} : {d}", loc.words),
            None => format!("{} ajouté{e}", loc.words),
        };
        self.0
            .push(loc.change(Change::Added, None, None, detail, text));
    }

    /// `loc` exists only in the old set; `detail` says what it was.
    pub(super) fn removed(&mut self, loc: &Loc, detail: Option<String>) {
        let e = if loc.feminine { "e" } else { "" };
        let text = match &detail {
            Some(d) => format!("{} supprimé{e} (c'était : {d})", loc.words),
            None => format!("{} supprimé{e}", loc.words),
        };
        self.0
            .push(loc.change(Change::Removed, None, detail, None, text));
    }

    /// `field` of `loc` differs: `old` and `new` as the policy language writes them.
    pub(super) fn changed(&mut self, loc: &Loc, field: Field, old: String, new: String) {
        let text = if field == Field::Value && loc.subject == Subject::Parameter {
            // `paramètre smic_mensuel : valeur du 2026-01-01 : 1 801,80 € → 1 850,00 €`
            match loc.version {
                Some(date) => format!("paramètre {} : valeur du {date} : {old} → {new}", loc.name),
                None => format!("{} : valeur : {old} → {new}", loc.words),
            }
        } else {
            let (noun, ending) = field.words();
            format!("{} : {noun} modifié{ending} : {old} → {new}", loc.words)
        };
        self.0
            .push(loc.change(Change::Changed, Some(field), Some(old), Some(new), text));
    }

    /// Records a change of `field` when `old` and `new` differ, shown by `show`.
    pub(super) fn compare<T: PartialEq + ?Sized>(
        &mut self,
        loc: &Loc,
        field: Field,
        old: &T,
        new: &T,
        show: impl Fn(&T) -> String,
    ) {
        if old != new {
            self.changed(loc, field, show(old), show(new));
        }
    }
}

/// An item of either set, paired with the item of the same key in the other.
pub(super) enum Pair<'a, T> {
    Both(&'a T, &'a T),
    Old(&'a T),
    New(&'a T),
}

/// Pairs items by key (a name), in the order of the keys, so that the order of the sources is
/// no change.
pub(super) fn by_key<'a, T>(
    old: impl IntoIterator<Item = (String, &'a T)>,
    new: impl IntoIterator<Item = (String, &'a T)>,
) -> Vec<(String, Pair<'a, T>)> {
    let mut sides: BTreeMap<String, (Option<&'a T>, Option<&'a T>)> = BTreeMap::new();
    for (key, item) in old {
        sides.entry(key).or_default().0.get_or_insert(item);
    }
    for (key, item) in new {
        sides.entry(key).or_default().1.get_or_insert(item);
    }
    sides
        .into_iter()
        .filter_map(|(key, sides)| {
            let pair = match sides {
                (Some(a), Some(b)) => Pair::Both(a, b),
                (Some(a), None) => Pair::Old(a),
                (None, Some(b)) => Pair::New(b),
                (None, None) => return None,
            };
            Some((key, pair))
        })
        .collect()
}

/// Dated items (article versions, parameter values) paired by their first day; those left
/// over, when as many are left on each side, paired in order (their first day moved).
pub(super) fn by_date<'a, T>(
    old: &[(Date, &'a T)],
    new: &[(Date, &'a T)],
) -> Vec<DatedPair<'a, T>> {
    let mut out = Vec::new();
    let old_left: Vec<&(Date, &T)> = old
        .iter()
        .filter(|(d, _)| !new.iter().any(|(e, _)| e == d))
        .collect();
    let new_left: Vec<&(Date, &T)> = new
        .iter()
        .filter(|(d, _)| !old.iter().any(|(e, _)| e == d))
        .collect();
    let repair = old_left.len() == new_left.len();
    for (date, item) in old {
        if let Some((_, other)) = new.iter().find(|(d, _)| d == date) {
            out.push(DatedPair::Both(*date, *date, *item, *other));
        }
    }
    if repair {
        for (a, b) in old_left.iter().zip(&new_left) {
            out.push(DatedPair::Both(a.0, b.0, a.1, b.1));
        }
    } else {
        out.extend(old_left.iter().map(|(d, item)| DatedPair::Old(*d, *item)));
        out.extend(new_left.iter().map(|(d, item)| DatedPair::New(*d, *item)));
    }
    out.sort_by_key(|pair| match pair {
        DatedPair::Both(d, _, _, _) | DatedPair::Old(d, _) | DatedPair::New(d, _) => *d,
    });
    out
}

pub(super) enum DatedPair<'a, T> {
    /// The first day in the old set, in the new set, and both items.
    Both(Date, Date, &'a T, &'a T),
    Old(Date, &'a T),
    New(Date, &'a T),
}

/// `« a », « b »`, or `aucun(e)` for an empty list.
pub(super) fn list_text(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        super::canon::quoted_list(items)
    }
}

pub(super) fn optional_text(text: &Option<String>, none: &str) -> String {
    match text {
        Some(t) => format!("« {t} »"),
        None => none.to_string(),
    }
}

pub(super) fn yes_no(b: &bool) -> String {
    if *b { "oui".into() } else { "non".into() }
}

/// Where two texts differ, word by word (line breaks and indentation are no change): the
/// differing words of each, with a little of what precedes them; `None` when the words are the
/// same.
pub(super) fn text_difference(old: &str, new: &str) -> Option<(String, String)> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a == b {
        return None;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    const CONTEXT: usize = 3;
    const LONGEST: usize = 24;
    let excerpt = |words: &[&str]| {
        let start = prefix.saturating_sub(CONTEXT);
        let end = words.len() - suffix;
        let mut shown: Vec<&str> = words[start..end].to_vec();
        let cut = shown.len() > LONGEST;
        shown.truncate(LONGEST);
        let mut text = String::from("« ");
        if start > 0 {
            text.push_str("… ");
        }
        text.push_str(&shown.join(" "));
        if cut || end < words.len() {
            text.push_str(" …");
        }
        text.push_str(" »");
        text
    };
    Some((excerpt(&a), excerpt(&b)))
}
