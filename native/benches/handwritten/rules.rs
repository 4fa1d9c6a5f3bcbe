//! The eighteen CESEDA routes written by hand, in three-valued logic.
//!
//! [`Tri`] is Kleene's logic whose unknown value remembers why it is unknown (a plain fact is
//! missing, or an officer's appraisal is): that is all the engine's outcome needs to tell
//! « dossier incomplet » from « appréciation de l'agent requise ».

use super::Outcome;
use super::dossier::{
    Avis, Cents, Contrat, Days, Dossier, Enfant, F, Lieu, Nationalite, Niveau, TitrePrecedent, Visa,
};

/// Why an unknown value is unknown (bits).
const MISSING: u8 = 1;
const APPRAISAL: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tri {
    No,
    Yes,
    Unknown(u8),
}

use Tri::{No, Unknown, Yes};

impl Tri {
    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (No, _) | (_, No) => No,
            (Yes, x) | (x, Yes) => x,
            (Unknown(a), Unknown(b)) => Unknown(a | b),
        }
    }
    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Yes, _) | (_, Yes) => Yes,
            (No, x) | (x, No) => x,
            (Unknown(a), Unknown(b)) => Unknown(a | b),
        }
    }
    fn not(self) -> Tri {
        match self {
            No => Yes,
            Yes => No,
            u => u,
        }
    }
    /// `si self alors then`.
    fn implies(self, then: Tri) -> Tri {
        self.not().or(then)
    }
    fn why(self) -> u8 {
        match self {
            Unknown(why) => why,
            _ => 0,
        }
    }
}

impl From<bool> for Tri {
    fn from(b: bool) -> Tri {
        if b { Yes } else { No }
    }
}

/// A test on a value the dossier may not give: unknown (a missing fact) when it does not.
fn is(v: Option<bool>) -> Tri {
    v.map_or(Unknown(MISSING), Tri::from)
}

impl F<bool> {
    /// A plain fact.
    fn t(&self) -> Tri {
        is(self.0)
    }
    /// An officer's appraisal: unknown until an officer gives it.
    fn appraised(&self) -> Tri {
        self.0.map_or(Unknown(APPRAISAL), Tri::from)
    }
}

impl<T: Copy + PartialEq> F<T> {
    fn eq(&self, x: T) -> Tri {
        is(self.0.map(|v| v == x))
    }
    fn test(&self, p: impl FnOnce(T) -> bool) -> Tri {
        is(self.0.map(p))
    }
}

impl F<Days> {
    /// `day + months ≤ limit` (« depuis au moins … »).
    fn reached(&self, months: i32, limit: Days) -> Tri {
        self.test(|day| day.plus_months(months) <= limit)
    }
}

/// A favourable condition never refuses: when it fails, the point goes to the officer.
fn favorable(t: Tri) -> Tri {
    if t == No { Unknown(APPRAISAL) } else { t }
}

/// `au moins un e parmi L tel que (…)` (`all` false), `chaque e parmi L vérifie (…)` (`all`
/// true); an absent list is unknown.
fn each(list: &F<Vec<Enfant>>, all: bool, test: impl Fn(&Enfant) -> Tri) -> Tri {
    match (&list.0, all) {
        (None, _) => Unknown(MISSING),
        (Some(items), false) => items.iter().fold(No, |acc, e| acc.or(test(e))),
        (Some(items), true) => items.iter().fold(Yes, |acc, e| acc.and(test(e))),
    }
}

/// The outcome from the route's closures (and exclusions) and its conditions (its own and the
/// general ones of its card).
fn decide(closed: Tri, conditions: Tri) -> Outcome {
    match (closed, conditions) {
        (Yes, _) => Outcome::NotApplicable,
        (_, No) => Outcome::NotEligible,
        (No, Yes) => Outcome::Eligible,
        (c, k) => {
            let why = c.why() | k.why();
            if why & MISSING != 0 || why & APPRAISAL == 0 {
                Outcome::Incomplete
            } else {
                Outcome::NeedsAppraisal
            }
        }
    }
}

// ── Dates and parameters ─────────────────────────────────────────────────────────────────────

/// Every article encoded starts on the recodification of 2021-05-01.
const RECODIFICATION: Days = Days::ymd(2021, 5, 1);
/// Loi n° 2021-1109: polygamy leaves the articles for the general rule of L. 412-6.
const LOI_2021_1109: Days = Days::ymd(2021, 8, 26);
/// Loi n° 2022-140: L. 423-22 also covers the « tiers digne de confiance ».
const LOI_2022_140: Days = Days::ymd(2022, 2, 9);
/// Loi n° 2024-42: « talent-salarié qualifié » (L. 421-9), métiers en tension (L. 435-4).
const LOI_2024_42: Days = Days::ymd(2024, 1, 28);
/// End of the métiers en tension experiment (L. 435-4).
const FIN_METIERS_EN_TENSION: Days = Days::ymd(2026, 12, 31);
/// The contract of L. 412-7/L. 412-8 applies to applications filed from this day.
const CONTRAT_ENGAGEMENT: Days = Days::ymd(2024, 7, 17);
/// Décret n° 2025-647: civic exam and higher French levels (L. 413-7, L. 433-4).
const DECRET_2025_647: Days = Days::ymd(2026, 1, 1);

const RESSOURCES_ETUDIANT: Cents = Cents(61_500);
const SEUIL_TALENT: Cents = Cents(4_324_300);
const NOTE_EXAMEN_CIVIQUE: i64 = 32;

/// Monthly gross SMIC in force on `day` (`smic_mensuel`).
fn smic_mensuel(day: Days) -> Cents {
    const TABLE: [(Days, Cents); 10] = [
        (Days::ymd(2026, 1, 1), Cents(182_303)),
        (Days::ymd(2024, 11, 1), Cents(180_180)),
        (Days::ymd(2024, 1, 1), Cents(176_692)),
        (Days::ymd(2023, 5, 1), Cents(174_720)),
        (Days::ymd(2023, 1, 1), Cents(170_928)),
        (Days::ymd(2022, 8, 1), Cents(167_895)),
        (Days::ymd(2022, 5, 1), Cents(164_558)),
        (Days::ymd(2022, 1, 1), Cents(160_312)),
        (Days::ymd(2021, 10, 1), Cents(158_947)),
        (Days::ymd(2021, 1, 1), Cents(155_458)),
    ];
    TABLE
        .iter()
        .find(|(from, _)| day >= *from)
        .map_or(Cents(155_458), |&(_, amount)| amount)
}

// ── The routes ───────────────────────────────────────────────────────────────────────────────

/// The outcome of every route, in the program's order (see [`super::ROUTES`]).
pub fn outcomes(d: &Dossier, decided: Days, filed: Option<Days>) -> [Outcome; super::N] {
    let f = &d.facts;
    let mut out = [Outcome::NotApplicable; super::N];
    if decided < RECODIFICATION {
        return out;
    }
    let before_2021_1109 = decided < LOI_2021_1109;
    let no_polygamy = f.demandeur.polygamie.t().not();

    // General conditions, by the cards they apply to.
    use Visa::{LongSejour, LongSejourValantTitre};
    let visa_long = f
        .visa
        .r#type
        .test(|v| matches!(v, LongSejour | LongSejourValantTitre));
    let premiere = f.demande.premiere_delivrance.t();
    let visa = premiere.implies(visa_long); // L. 412-1: temporary and multi-year cards
    let no_threat = f.ordre_public.menace.appraised().not(); // L. 412-5: all cards
    let polygamy_rule = if before_2021_1109 { Yes } else { no_polygamy }; // L. 412-6
    let contract = match filed {
        // L. 412-8 (with L. 412-7), by filing date.
        Some(day) if day >= CONTRAT_ENGAGEMENT => {
            let c = &f.contrat_engagement;
            c.souscrit.t().and(c.manquement.appraised().not())
        }
        Some(_) => Yes,
        None if decided >= CONTRAT_ENGAGEMENT => Unknown(MISSING),
        None => Yes,
    };
    let general_ldue = no_threat.and(polygamy_rule).and(contract);
    // L. 432-1 (favourable): every card but the long-term EU resident's.
    let general_resident = general_ldue.and(favorable(no_threat));
    let general_no_visa = general_resident; // temporary cards where L. 412-1 is not opposable
    let general = general_no_visa.and(visa); // temporary and multi-year cards
    // Exclusion: the Franco-Algerian agreement closes temporary, multi-year and resident cards.
    let algerian = f.demandeur.nationalite.eq(Nationalite::Dz);

    let w = &f.travail;
    let no_contract = w.contrat.eq(Contrat::Aucun);
    let married = f.mariage.avec_ressortissant_francais.t();
    let spouse = f
        .couple
        .communaute_de_vie
        .t() // L. 423-1, 1° to 3°
        .and(f.conjoint.nationalite_francaise_conservee.t())
        .and(
            f.mariage
                .lieu
                .eq(Lieu::Etranger)
                .implies(f.mariage.transcrit.t()),
        );
    // The articles' own polygamy condition, before loi n° 2021-1109.
    let own_polygamy = if before_2021_1109 { no_polygamy } else { Yes };
    let birth = &f.demandeur.naissance;

    // 0. salarié (L. 421-1)
    let authorised = w.autorisation.t();
    out[0] = decide(
        no_contract.or(algerian),
        w.contrat.eq(Contrat::Cdi).and(authorised).and(general),
    );

    // 1. travailleur temporaire (L. 421-3)
    let temporary = w
        .contrat
        .test(|c| matches!(c, Contrat::Cdd | Contrat::Detachement));
    out[1] = decide(
        no_contract.or(algerian),
        temporary.and(authorised).and(general),
    );

    // 2. talent-salarié qualifié (L. 421-9, from loi n° 2024-42)
    if decided >= LOI_2024_42 {
        let t = &f.talent;
        let (master, innovative, mission) = (
            t.diplome_master.t(),
            t.entreprise_innovante.t(),
            t.mission_groupe.t(),
        );
        let situation = (w.contrat.test(|c| c != Contrat::Aucun).and(master))
            .or(innovative)
            .or(mission.and(t.anciennete_groupe_mois.test(|m| m >= 3)));
        out[2] = decide(
            no_contract
                .or(master.or(innovative).or(mission).not())
                .or(algerian),
            t.remuneration_annuelle
                .test(|r| r >= SEUIL_TALENT)
                .and(situation)
                .and(general),
        );
    }

    // 3. étudiant (L. 422-1)
    out[3] = decide(
        f.etudes.inscrit.t().not().or(algerian),
        f.ressources
            .mensuelles
            .test(|r| r >= RESSOURCES_ETUDIANT)
            .and(general),
    );

    // 4. conjoint de Français (L. 423-1)
    let not_married = married.not().or(algerian);
    out[4] = decide(not_married, own_polygamy.and(spouse).and(general));

    // 5. conjoint de Français marié en France (L. 423-2; L. 412-1 not opposable)
    out[5] = decide(
        not_married,
        own_polygamy
            .and(f.entree.reguliere.t())
            .and(married.and(f.mariage.lieu.eq(Lieu::France)))
            .and(f.couple.debut_vie_commune_en_france.reached(6, decided))
            .and(general_no_visa),
    );

    // 6. jeune majeur entré avant treize ans (L. 423-21; L. 412-1 not opposable): closed outside
    // the year of the 18th birthday at the decision; that year is counted at the filing date.
    let young = birth
        .test(|b| b.plus_years(19) <= decided || b.plus_years(17) > decided)
        .or(algerian);
    let within_year = match (birth.0, filed) {
        (Some(b), Some(filed)) => Tri::from(b.plus_years(18) <= filed && b.plus_years(19) > filed),
        _ => Unknown(MISSING),
    };
    let j = &f.jeune;
    let young_general = within_year.and(general_no_visa);
    out[6] = decide(young, j.residence_depuis_treize_ans.t().and(young_general));

    // 7. jeune majeur confié à l'ASE (L. 423-22; L. 412-1 not opposable)
    let entrusted = if decided < LOI_2022_140 {
        j.confie_aide_sociale_enfance.t()
    } else {
        j.confie_aide_sociale_enfance
            .t()
            .or(j.confie_tiers_digne_de_confiance.t())
    };
    out[7] = decide(
        young,
        entrusted.and(j.insertion.appraised()).and(young_general),
    );

    // 8. vie privée et familiale (L. 423-23; L. 412-1 not opposable)
    out[8] = decide(
        (f.demande.invoque_vie_privee.t().not())
            .or(married)
            .or(f.famille.categorie_regroupement_familial.t())
            .or(algerian),
        own_polygamy
            .and(f.vie_privee.atteinte_disproportionnee.appraised())
            .and(general_no_visa),
    );

    // 9. carte de résident du conjoint de Français (L. 423-6, with L. 423-1 and L. 413-7)
    let mut integration = f.integration.republicaine.appraised();
    if decided >= DECRET_2025_647 {
        integration = integration.and(f.examen_civique.note.test(|n| n >= NOTE_EXAMEN_CIVIQUE));
    }
    // `niveau_francais_carte_resident`: A2, then B1 from 2026.
    let level = if decided >= DECRET_2025_647 {
        Niveau::B1
    } else {
        Niveau::A2
    };
    let french = birth
        .test(|b| b.plus_years(65) < decided)
        .or(f.demandeur.niveau_de_francais.test(|n| n >= level));
    out[9] = decide(
        not_married,
        (married.and(f.mariage.date.reached(36, decided)))
            .and(f.sejour.regulier_depuis.reached(36, decided))
            .and(spouse)
            .and(premiere.implies(integration.and(french)))
            .and(general_resident),
    );

    // 10. parent d'enfant français (L. 423-7, with L. 423-8; L. 412-1 not opposable)
    let children = &f.demandeur.enfants;
    let french_minor_in_france = |e: &Enfant| {
        (e.nationalite_francaise.t())
            .and(e.naissance.test(|n| n.plus_years(18) > decided))
            .and(e.reside_en_france.t())
    };
    let contributes = |e: &Enfant| {
        let from_birth = match (e.contribution_depuis.0, e.naissance.0) {
            (Some(since), Some(birth)) => Tri::from(since <= birth),
            _ => Unknown(MISSING),
        };
        from_birth.or(e.contribution_depuis.reached(24, decided))
    };
    let parent = each(children, false, |e| {
        french_minor_in_france(e).and(contributes(e))
    });
    let interest = each(children, false, french_minor_in_france)
        .and(f.parent.interet_superieur_enfant.appraised());
    out[10] = decide(
        each(children, true, |e| e.nationalite_francaise.t().not()).or(algerian),
        own_polygamy.and(parent.or(interest)).and(general_no_visa),
    );

    // 11. victime de la traite (L. 425-1; L. 412-1 not opposable)
    let v = &f.victime;
    let no_protection = f.demande.invoque_protection.t().not().or(algerian);
    out[11] = decide(
        no_protection,
        (v.plainte_traite.t())
            .and(v.rupture_avec_les_auteurs.t())
            .and(general_no_visa),
    );

    // 12. ordonnance de protection (L. 425-6, with L. 425-7; L. 412-1 not opposable)
    let order = v
        .ordonnance_protection_violences
        .t()
        .or(v.ordonnance_protection_mariage_force.t());
    out[12] = decide(no_protection, order.and(general_no_visa));

    // 13. étranger malade (L. 425-9; the medical opinion is sensitive: favourable only)
    out[13] = decide(
        f.demande.fondement_sante.t().not().or(algerian),
        (f.sejour.residence_habituelle.t())
            .and(favorable(f.sante.avis_college_medecins.eq(Avis::Favorable)))
            .and(general_no_visa),
    );

    // 14. résident de longue durée-UE (L. 426-17): no exclusion, no L. 432-1 for this card
    let smic = smic_mensuel(decided);
    out[14] = decide(
        f.ldue
            .residence_reguliere_depuis
            .test(|d| d.plus_years(5) > decided),
        (f.ressources.aah_ou_asi.t())
            .or(f.ressources.propres_mensuelles.test(|r| r >= smic))
            .and(f.assurance_maladie.couverture.t())
            .and(general_ldue),
    );

    // 15. première carte de séjour pluriannuelle (L. 433-4)
    use TitrePrecedent::{CarteTemporaire, VisaValantTitre};
    let exempt = f.cir.dispense.t();
    let t = &f.titre;
    let mut multi_year = (t
        .precedent
        .test(|p| matches!(p, VisaValantTitre | CarteTemporaire)))
    .and(t.premiere_annee_accomplie.t())
    .and(exempt.or(f.cir.assiduite.t()))
    .and(t.conditions_maintenues.t());
    if decided >= DECRET_2025_647 {
        let level = f.demandeur.niveau_de_francais.test(|n| n >= Niveau::A2);
        let exam = f.examen_civique.note.test(|n| n >= NOTE_EXAMEN_CIVIQUE);
        multi_year = multi_year.and(exempt.or(level.and(exam)));
    }
    out[15] = decide(
        t.precedent.eq(TitrePrecedent::Aucun).or(algerian),
        multi_year.and(general),
    );

    // 16. admission exceptionnelle (L. 435-1; L. 412-1 not opposable)
    let no_admission = f.demande.admission_exceptionnelle.t().not();
    out[16] = decide(
        no_admission.or(algerian),
        (own_polygamy)
            .and(f.admission_exceptionnelle.motifs.appraised())
            .and(general_no_visa),
    );

    // 17. métiers en tension (L. 435-4, from loi n° 2024-42 to the end of 2026)
    if (LOI_2024_42..=FIN_METIERS_EN_TENSION).contains(&decided) {
        // Without a long-stay visa, the exceptions of L. 412-2 and L. 412-3 are the officer's
        // to examine: a derogation to L. 412-1 « lorsque » the visa is missing.
        let exception = f.visa.exception_a_examiner.appraised();
        let applies = visa_long.not();
        let visa = match applies {
            Yes => exception,
            No => visa,
            // It may apply: it leaves the value open if it would change it.
            Unknown(_) => match (exception, visa) {
                (Yes, Yes) | (No, No) | (Unknown(_), Unknown(_)) => visa,
                _ => Unknown(0),
            },
        };
        // Unknown, it lacks what any of its unknown parts lacks.
        let visa = match visa {
            Unknown(_) => {
                Unknown(premiere.implies(visa_long).why() | applies.why() | exception.why())
            }
            known => known,
        };
        let residence = f.sejour.residence_ininterrompue_depuis.reached(36, decided);
        out[17] = decide(
            no_contract.or(no_admission).or(algerian),
            favorable(w.mois_metier_en_tension.test(|m| m >= 12))
                .and(favorable(w.emploi_metier_en_tension.t()))
                .and(favorable(residence))
                .and(f.casier.bulletin_2.t().not())
                .and(f.metiers_en_tension.appreciation.appraised())
                .and(visa)
                .and(general_no_visa),
        );
    }

    out
}
