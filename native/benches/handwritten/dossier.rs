//! Typed serde structs for a CESEDA dossier: the envelope and the fact groups nested by the
//! dotted fact names of `policies/ceseda/faits*.motif`.
//!
//! Every fact is an [`F<T>`]: absent, `null`, or `{"value": null, …}` is unknown (`None`); a
//! value is given bare (`true`) or with its provenance (`{"value": true, "source": …}`), whose
//! other fields are skipped. Dates are [`Days`] (days since 1970-01-01), amounts [`Cents`].

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{
    BoolDeserializer, BorrowedStrDeserializer, F64Deserializer, I64Deserializer,
    SeqAccessDeserializer, StrDeserializer, U64Deserializer,
};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

// ── Values ───────────────────────────────────────────────────────────────────────────────────

/// A fact: `None` when the dossier does not give it.
#[derive(Debug, Clone, PartialEq)]
pub struct F<T>(pub Option<T>);

impl<T> Default for F<T> {
    fn default() -> Self {
        F(None)
    }
}

impl<T: Copy> F<T> {
    pub fn get(&self) -> Option<T> {
        self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for F<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FactVisitor(PhantomData))
    }
}

/// A bare scalar: handed to `T` as it is.
macro_rules! scalar {
    ($($visit:ident($ty:ty) => $de:ident),* $(,)?) => {$(
        fn $visit<E: de::Error>(self, v: $ty) -> Result<F<T>, E> {
            T::deserialize($de::<E>::new(v)).map(|v| F(Some(v)))
        }
    )*};
}

/// Reads a bare value by handing the JSON scalar (or array) to `T`, or the provenance form by
/// reading its `value` field: no buffering, unlike `#[serde(untagged)]`.
struct FactVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for FactVisitor<T> {
    type Value = F<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, null, or {\"value\": …, \"source\": …}")
    }
    fn visit_unit<E: de::Error>(self) -> Result<F<T>, E> {
        Ok(F(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<F<T>, E> {
        Ok(F(None))
    }
    scalar! {
        visit_bool(bool) => BoolDeserializer,
        visit_i64(i64) => I64Deserializer,
        visit_u64(u64) => U64Deserializer,
        visit_f64(f64) => F64Deserializer,
        visit_borrowed_str(&'de str) => BorrowedStrDeserializer,
        visit_str(&str) => StrDeserializer,
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<F<T>, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(|v| F(Some(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F<T>, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Value => value = map.next_value::<Option<T>>()?,
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(F(value))
    }
}

/// A key of the provenance form: `value`, or one we skip (`source`, `by`, `confidence`…).
enum Key {
    Value,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
                Ok(if v == "value" { Key::Value } else { Key::Other })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// A calendar day: days since 1970-01-01 (the runtime's `Date::day_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Days(pub i32);

impl Days {
    /// `YYYY-MM-DD`, if that day exists.
    pub fn parse(text: &str) -> Option<Days> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<i32> {
            b[range].iter().try_fold(0i32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
            })
        };
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        let valid = y >= 1 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
        valid.then(|| Days(days_from_civil(y, m, d)))
    }

    pub const fn ymd(y: i32, m: i32, d: i32) -> Days {
        Days(days_from_civil(y, m, d))
    }

    /// This day moved by `months` (the day of the month kept, or the last day of a shorter
    /// month: art. 641 of the code de procédure civile, as the engine counts).
    pub fn plus_months(self, months: i32) -> Days {
        let (y, m, d) = civil_from_days(self.0);
        let index = y * 12 + (m - 1) + months;
        let (y, m) = (index.div_euclid(12), index.rem_euclid(12) + 1);
        Days(days_from_civil(y, m, d.min(days_in_month(y, m))))
    }

    pub fn plus_years(self, years: i32) -> Days {
        self.plus_months(12 * years)
    }
}

const fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const fn days_in_month(y: i32, m: i32) -> i32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's `days_from_civil`.
const fn days_from_civil(y: i32, m: i32, d: i32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

const fn civil_from_days(z: i32) -> (i32, i32, i32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

impl<'de> Deserialize<'de> for Days {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DaysVisitor;
        impl Visitor<'_> for DaysVisitor {
            type Value = Days;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date \"YYYY-MM-DD\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Days, E> {
                Days::parse(v).ok_or_else(|| E::custom(format!("not a date: {v}")))
            }
        }
        deserializer.deserialize_str(DaysVisitor)
    }
}

/// An amount in euro cents, from a JSON number (`615.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cents(pub i64);

impl<'de> Deserialize<'de> for Cents {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CentsVisitor;
        impl Visitor<'_> for CentsVisitor {
            type Value = Cents;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in euros")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Cents, E> {
                Ok(Cents(
                    i64::try_from(v).unwrap_or(i64::MAX).saturating_mul(100),
                ))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Cents, E> {
                Ok(Cents(v.saturating_mul(100)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Cents, E> {
                Ok(Cents((v * 100.0).round() as i64))
            }
        }
        deserializer.deserialize_any(CentsVisitor)
    }
}

/// A group the dossier may give as `null`: then every fact in it is unknown.
fn group<'de, D: Deserializer<'de>, T: Deserialize<'de> + Default>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

// ── Enumerations ─────────────────────────────────────────────────────────────────────────────

/// Declares enumerations, each value with its name in the dossier; declared in order, so that
/// a scale (`échelle`) compares.
macro_rules! enums {
    ($($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? })*) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant,)* }
    )*};
}

enums! {
    Nationalite { Dz = "DZ", Ma = "MA", Tn = "TN", Autre = "autre" }
    /// `A1 < A2 < … < C2`.
    Niveau { A1 = "A1", A2 = "A2", B1 = "B1", B2 = "B2", C1 = "C1", C2 = "C2" }
    Visa {
        Aucun = "aucun", CourtSejour = "court_sejour", LongSejour = "long_sejour",
        LongSejourValantTitre = "long_sejour_valant_titre",
    }
    Lieu { France = "france", Etranger = "etranger" }
    Avis { Favorable = "favorable", Defavorable = "defavorable" }
    Contrat { Cdi = "cdi", Cdd = "cdd", Detachement = "detachement", Aucun = "aucun" }
    TitrePrecedent {
        VisaValantTitre = "visa_valant_titre", CarteTemporaire = "carte_temporaire",
        CarteTemporaireExclue = "carte_temporaire_exclue", Aucun = "aucun",
    }
}

// ── The dossier ──────────────────────────────────────────────────────────────────────────────

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Dossier {
    pub id: Option<String>,
    pub description: Option<String>,
    pub decided_on: Option<Days>,
    pub filed_on: Option<Days>,
    #[serde(deserialize_with = "group")]
    pub facts: Facts,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Enfant {
    pub naissance: F<Days>,
    pub nationalite_francaise: F<bool>,
    pub reside_en_france: F<bool>,
    pub contribution_depuis: F<Days>,
}

/// Declares the fact groups, `group: Type { fact: T, … }` (each fact an `F<T>`), and `Facts`,
/// which holds them (`demande.premiere_delivrance` is `facts.demande.premiere_delivrance`).
macro_rules! facts {
    ($($group:ident : $name:ident { $($fact:ident : $ty:ty),* $(,)? })*) => {
        $(
            #[derive(Debug, Default, Deserialize)]
            #[serde(default)]
            pub struct $name { $(pub $fact: F<$ty>,)* }
        )*
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        pub struct Facts { $(#[serde(deserialize_with = "group")] pub $group: $name,)* }
    };
}

facts! {
    demande: Demande {
        premiere_delivrance: bool, fondement_sante: bool, invoque_vie_privee: bool,
        invoque_protection: bool, admission_exceptionnelle: bool,
    }
    demandeur: Demandeur {
        nationalite: Nationalite, naissance: Days, polygamie: bool, enfants: Vec<Enfant>,
        niveau_de_francais: Niveau,
    }
    visa: VisaGroup { r#type: Visa, exception_a_examiner: bool }
    entree: Entree { reguliere: bool }
    sejour: Sejour {
        regulier_depuis: Days, residence_habituelle: bool, residence_ininterrompue_depuis: Days,
    }
    mariage: Mariage { avec_ressortissant_francais: bool, date: Days, lieu: Lieu, transcrit: bool }
    conjoint: Conjoint { nationalite_francaise_conservee: bool }
    couple: Couple { communaute_de_vie: bool, debut_vie_commune_en_france: Days }
    etudes: Etudes { inscrit: bool }
    ressources: Ressources { mensuelles: Cents, propres_mensuelles: Cents, aah_ou_asi: bool }
    sante: Sante { avis_college_medecins: Avis }
    examen_civique: ExamenCivique { note: i64 }
    contrat_engagement: ContratEngagement { souscrit: bool, manquement: bool }
    ordre_public: OrdrePublic { menace: bool }
    integration: Integration { republicaine: bool }
    jeune: Jeune {
        residence_depuis_treize_ans: bool, confie_aide_sociale_enfance: bool,
        confie_tiers_digne_de_confiance: bool, insertion: bool,
    }
    famille: Famille { categorie_regroupement_familial: bool }
    victime: Victime {
        plainte_traite: bool, rupture_avec_les_auteurs: bool,
        ordonnance_protection_violences: bool, ordonnance_protection_mariage_force: bool,
    }
    vie_privee: ViePrivee { atteinte_disproportionnee: bool }
    parent: Parent { interet_superieur_enfant: bool }
    admission_exceptionnelle: AdmissionExceptionnelle { motifs: bool }
    metiers_en_tension: MetiersEnTension { appreciation: bool }
    travail: Travail {
        contrat: Contrat, autorisation: bool, mois_metier_en_tension: i64,
        emploi_metier_en_tension: bool,
    }
    casier: Casier { bulletin_2: bool }
    talent: Talent {
        remuneration_annuelle: Cents, diplome_master: bool, entreprise_innovante: bool,
        mission_groupe: bool, anciennete_groupe_mois: i64,
    }
    titre: Titre {
        precedent: TitrePrecedent, premiere_annee_accomplie: bool, conditions_maintenues: bool,
    }
    cir: Cir { assiduite: bool, dispense: bool }
    ldue: Ldue { residence_reguliere_depuis: Days }
    assurance_maladie: AssuranceMaladie { couverture: bool }
}
