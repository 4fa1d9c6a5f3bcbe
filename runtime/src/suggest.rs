//! "Did you mean …?" for misspelt names, in policies and in dossiers alike.

/// The candidate closest to `wanted`, if one is close enough to be a plausible misspelling.
///
/// Accents and case are ignored when comparing (`communaute` finds `communauté`), and ties are
/// broken by the candidates' order so that the answer is deterministic.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wanted_folded = fold(wanted);
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        if candidate == wanted {
            continue;
        }
        let candidate_folded = fold(candidate);
        let mut score = strsim::normalized_damerau_levenshtein(&wanted_folded, &candidate_folded);
        // A truncated name (`court` for `court_sejour`) is a likely slip even when many letters
        // are missing.
        let is_prefix = wanted_folded.chars().count() >= 3
            && (candidate_folded.starts_with(&wanted_folded)
                || wanted_folded.starts_with(&candidate_folded));
        if is_prefix {
            score = score.max(0.75);
        }
        let better = best.is_none_or(|(best_score, _)| score > best_score);
        if better {
            best = Some((score, candidate));
        }
    }
    // Below this similarity the "suggestion" is noise: `visa` for `nationalite`.
    const THRESHOLD: f64 = 0.6;
    best.filter(|(score, _)| *score >= THRESHOLD)
        .map(|(_, candidate)| candidate.to_string())
}

/// Lower case without French diacritics, with straight apostrophes.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ÿ' => 'y',
            '’' => '\'',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn finds_a_close_misspelling() {
        let names = [
            "mariage.transcrit",
            "mariage.lieu",
            "conjoint.nationalite_francaise",
        ];
        assert_eq!(
            did_you_mean("mariage.transcri", names).as_deref(),
            Some("mariage.transcrit")
        );
        assert_eq!(
            did_you_mean("conjoint.nationalité_française", names).as_deref(),
            Some("conjoint.nationalite_francaise")
        );
    }

    #[test]
    fn completes_a_truncated_name() {
        let values = [
            "aucun",
            "court_sejour",
            "long_sejour",
            "long_sejour_valant_titre",
        ];
        assert_eq!(
            did_you_mean("court", values).as_deref(),
            Some("court_sejour")
        );
        assert_eq!(did_you_mean("long", values).as_deref(), Some("long_sejour"));
        assert_eq!(did_you_mean("co", values), None);
    }

    #[test]
    fn says_nothing_when_nothing_is_close() {
        assert_eq!(
            did_you_mean("visa", ["conjoint.nationalite_francaise"]),
            None
        );
        assert_eq!(did_you_mean("x", std::iter::empty()), None);
    }
}
