//! Syntax errors in plain French: what was found, what was expected (in the words of the
//! language reference), and a hint for common slips.

use pest::error::{ErrorVariant, InputLocation};

use super::parse::GrammarRule as Rule;
use crate::diagnostics::SyntaxError;

/// Turns pest's error into a diagnostic in plain French.
pub(super) fn syntax_error(text: &str, error: pest::error::Error<Rule>) -> SyntaxError {
    if let ErrorVariant::CustomError { message } = &error.variant {
        // pest stops on its own limits (nesting beyond what its stack allows).
        let start = match error.location {
            InputLocation::Pos(p) | InputLocation::Span((p, _)) => p.min(text.len()),
        };
        let len = text[start..].chars().next().map_or(0, char::len_utf8);
        return SyntaxError {
            message: format!("le texte est trop profondément imbriqué pour être lu ({message})"),
            span: (start, len).into(),
            label: "la lecture s'arrête ici".into(),
            help: Some(
                "Découpez l'expression en conditions nommées, chacune avec son intitulé.".into(),
            ),
        };
    }
    let position = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(text.len());
    // Point at the word found where something else was expected; at the end of the file, at the
    // last word written.
    let found: String = text[position..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .take(30)
        .collect();
    let (start, end) = if found.is_empty() {
        let before = text[..position].trim_end();
        let word_start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        (word_start, before.len())
    } else {
        (position, position + found.len())
    };
    let mut expected: Vec<&'static str> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            let described = describe_rule(*rule);
            if !expected.contains(&described) {
                expected.push(described);
            }
        }
    }
    let expected_list = expected;
    let expected = join_alternatives(&expected_list);
    let (message, label) = if found.is_empty() {
        (
            format!("le fichier s'arrête trop tôt : on attendait {expected}"),
            "après ceci".to_string(),
        )
    } else {
        (
            format!("syntaxe incorrecte : on attendait {expected}"),
            format!("trouvé « {found} »"),
        )
    };
    let help = help_for(&found, &expected_list);
    SyntaxError {
        message,
        span: (start, end - start).into(),
        label,
        help: Some(help),
    }
}

fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => "autre chose".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} ou {last}", init.join(", ")),
    }
}

/// What a grammar rule stands for, in the words of the language reference.
fn describe_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI
        | Rule::file
        | Rule::item
        | Rule::fact
        | Rule::kw_fait
        | Rule::article
        | Rule::kw_article
        | Rule::version
        | Rule::kw_version
        | Rule::condition
        | Rule::kw_condition
        | Rule::route
        | Rule::kw_voie
        | Rule::type_decl
        | Rule::kw_type
        | Rule::appraisal
        | Rule::kw_appreciation
        | Rule::parameter
        | Rule::kw_parametre
        | Rule::repeal
        | Rule::kw_abroge
        | Rule::derogation
        | Rule::kw_derogation
        | Rule::exclusion
        | Rule::kw_exclusion
        | Rule::translation
        | Rule::kw_traduction
        | Rule::translation_entry => {
            "une déclaration (`fait`, `article`, `version`, `condition`, `voie`, `dérogation`…)"
        }
        Rule::documents | Rule::kw_pieces => "`pièces`",
        Rule::language => "une langue (`anglaise`)",
        Rule::equals => "`=`",
        Rule::legifrance
        | Rule::kw_legifrance
        | Rule::texte
        | Rule::kw_texte
        | Rule::source
        | Rule::kw_source
        | Rule::to_check => {
            "un élément de la version (`légifrance`, `texte`, `source`, `à vérifier`)"
        }
        Rule::colon => "`:`",
        Rule::open => "`(`",
        Rule::close => "`)`",
        Rule::comma => "`,`",
        Rule::name | Rule::ident | Rule::target => "un nom",
        Rule::text
        | Rule::text_inner
        | Rule::curly_inner
        | Rule::plain_inner
        | Rule::nested_text => "un texte entre guillemets « … »",
        Rule::ty_bool
        | Rule::ty_int
        | Rule::ty_decimal
        | Rule::ty_money
        | Rule::ty_text
        | Rule::ty_date
        | Rule::ty_duration
        | Rule::ty_enum
        | Rule::ty_scale
        | Rule::ty_record
        | Rule::ty_list
        | Rule::ty_named
        | Rule::kw_parmi
        | Rule::kw_echelle
        | Rule::kw_fiche
        | Rule::kw_liste => {
            "un type (`booléen`, `entier`, `montant`, `date`, `parmi (…)`, `liste de …`…)"
        }
        Rule::variant => "une valeur possible",
        Rule::field_decl => "un champ (`nom : type « intitulé »`)",
        Rule::article_id | Rule::code_ref => "un numéro d'article (par exemple L. 423-1)",
        Rule::date | Rule::date_lit => "une date AAAA-MM-JJ",
        Rule::kw_du => "`du`",
        Rule::kw_au => "`au`",
        Rule::param_value | Rule::kw_valeur => "`valeur`",
        Rule::legifrance_id => "un identifiant Légifrance (LEGIARTI…)",
        Rule::unverified | Rule::kw_a_verifier => "`à vérifier`",
        Rule::grant | Rule::kw_delivre => "`délivre`",
        Rule::card
        | Rule::card_cst
        | Rule::card_csp
        | Rule::card_cr
        | Rule::card_crldue
        | Rule::card_aps => {
            "un titre (`carte de séjour temporaire`, `carte de séjour pluriannuelle`, `carte de résident`…)"
        }
        Rule::cards | Rule::kw_pour => "`pour`",
        Rule::closure | Rule::kw_sans_objet => "`sans objet`",
        Rule::kw_mention => "`mention`",
        Rule::kw_duree => "`durée`",
        Rule::duration | Rule::integer | Rule::decimal | Rule::money | Rule::percent => "un nombre",
        Rule::unit => "une unité (`an`, `ans`, `mois`, `jours`)",
        Rule::kw_si => "`si`",
        Rule::kw_alors => "`alors`",
        Rule::kw_lorsque => "`lorsque`",
        Rule::kw_a => "`à`",
        Rule::kw_et => "`et`",
        Rule::kw_ou => "`ou`",
        Rule::kw_non => "`non`",
        Rule::kw_dans => "`dans`",
        Rule::kw_de => "`de`",
        Rule::kw_entre => "`entre`",
        Rule::kw_tel_que => "`tel que`",
        Rule::kw_verifie => "`vérifie`",
        Rule::prevails | Rule::kw_prime | Rule::kw_sur => "`prime sur`",
        Rule::cmp_op => "une comparaison (=, ≠, <, ≤, >, ≥)",
        Rule::add_op | Rule::mul_op => "une opération (+, -, ×)",
        _ => "une condition",
    }
}

/// What to do: a hint for common slips, or for what was expected.
fn help_for(found: &str, expected: &[&str]) -> String {
    let word = found.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
    let hint = match word {
        "règle" | "regle" | "rule" | "route" => {
            "Les règles s'écrivent `condition nom « intitulé » : …` ou `voie nom « intitulé » délivre … si …`."
        }
        "and" | "or" | "not" | "if" | "then" => {
            "Les mots du langage sont en français : `et`, `ou`, `non`, `si … alors …`."
        }
        "==" => "L'égalité s'écrit `=`.",
        "lorsque" | "quand" => "Une condition à hypothèse s'écrit `si … alors …`.",
        _ if found.starts_with('\'') || found.starts_with('`') => {
            "Les textes s'écrivent entre guillemets français « … » ou droits \"…\"."
        }
        _ if expected.contains(&"`:`") => {
            "Un fait s'écrit `fait nom : type « intitulé »` ; une condition, `condition nom « intitulé » : expression`."
        }
        _ if expected.contains(&"`)`") || expected.contains(&"`,`") => {
            "Dans une liste entre parenthèses, séparez les éléments par des virgules et fermez-la par `)`."
        }
        _ => {
            "La référence du langage (docs/langage.md) décrit chaque déclaration, avec des exemples."
        }
    };
    hint.to_string()
}
