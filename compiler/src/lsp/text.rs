//! Reading the text around the cursor without the parser: while a legal officer types, the
//! article being edited often does not parse (`mariage.` is not an expression yet), and
//! completion, hover and definition still need to know the name being typed, the article it
//! is in and the quantifiers around it.

use crate::db::split_text;
use crate::syntax::normalise_article_id;

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// The dotted name that ends at `offset`: its start, and the name (possibly empty).
pub fn name_before(text: &str, offset: usize) -> (usize, &str) {
    let Some(before) = text.get(..offset) else {
        return (offset, "");
    };
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_name_char(c))
        .last()
        .map_or(offset, |(i, _)| i);
    (start, &before[start..])
}

/// The dotted name under `offset` (or just before it), with its byte range; trailing dots
/// are not part of it.
pub fn name_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let (start, _) = name_before(text, offset);
    let end = text[offset..]
        .char_indices()
        .find(|&(_, c)| !is_name_char(c))
        .map_or(text.len(), |(i, _)| offset + i);
    let name = text[start..end].trim_matches('.');
    let start = start + text[start..end].find(name).unwrap_or(0);
    (!name.is_empty() && !name.starts_with(|c: char| c.is_numeric())).then_some((
        start,
        start + name.len(),
        name,
    ))
}

/// The part (as the database splits a file) that holds `offset`: its start and its text.
pub fn part_at(text: &str, offset: usize) -> (usize, &str) {
    split_text(text)
        .into_iter()
        .rev()
        .find(|&(start, _)| start <= offset)
        .and_then(|(start, end)| Some((start, text.get(start..end)?)))
        .unwrap_or((0, text))
}

/// The article a part declares, read from its `article …` line (`None` for the part before
/// the first article).
pub fn article_of(part: &str) -> Option<String> {
    let rest = part.trim_start().strip_prefix("article")?.trim_start();
    if let Some(quoted) = rest.strip_prefix('«') {
        // A named article: « Accord franco-algérien … », with nested guillemets.
        let mut depth = 1usize;
        for (i, c) in quoted.char_indices() {
            match c {
                '«' => depth += 1,
                '»' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(crate::syntax::normalise_text(&quoted[..i]));
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    let id: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ' ' | '-'))
        .collect();
    let id = id.trim();
    (!id.is_empty()).then(|| normalise_article_id(id))
}

/// The quantifiers written before `offset` in `text`: `… e parmi demandeur.enfants …` binds
/// `e` to the list `demandeur.enfants` (as binder and list name, in order).
pub fn binders(text: &str) -> Vec<(String, String)> {
    let words = words(text);
    words
        .windows(3)
        .filter(|w| w[1] == "parmi" && is_name(w[0]) && is_name(w[2]))
        .map(|w| (w[0].to_string(), w[2].to_string()))
        .collect()
}

fn is_name(word: &str) -> bool {
    word.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// The words and signs of a text, leaving out quoted texts and comments.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '#' => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            _ if is_name_char(c) => {
                let mut end = i + c.len_utf8();
                while let Some((j, d)) = chars.next_if(|&(_, d)| is_name_char(d)) {
                    end = j + d.len_utf8();
                }
                out.push(&text[i..end]);
            }
            _ if c.is_whitespace() => {}
            _ => out.push(&text[i..i + c.len_utf8()]),
        }
    }
    out
}

/// When the cursor follows `de ` and the beginning of an article number (`de L. 41`): where
/// that beginning starts. This is where an article's number is completed.
pub fn article_reference_before(text: &str, offset: usize) -> Option<usize> {
    let before = text.get(..offset)?;
    let line = before.rsplit('\n').next().unwrap_or(before);
    let typed = line
        .char_indices()
        .rev()
        .take_while(|&(_, c)| matches!(c, 'L' | 'R' | 'D' | '.' | ' ' | '-') || c.is_ascii_digit())
        .last()
        .map_or("", |(i, _)| &line[i..]);
    let head = &line[..line.len() - typed.len()];
    let partial = typed.trim_start();
    let spaced = typed.len() > partial.len();
    let after_de = head.ends_with("de")
        && !head[..head.len() - 2]
            .chars()
            .next_back()
            .is_some_and(is_name_char);
    let well_begun = partial.is_empty() || partial.starts_with(['L', 'R', 'D']);
    (spaced && after_de && well_begun).then_some(offset - partial.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_around_the_cursor() {
        let text = "si mariage.lieu = etranger alors mariage.";
        assert_eq!(name_before(text, text.len()), (33, "mariage."));
        assert_eq!(name_at(text, 5), Some((3, 15, "mariage.lieu")));
        assert_eq!(name_at(text, 15), Some((3, 15, "mariage.lieu")));
        assert_eq!(name_at(text, text.len()), Some((33, 40, "mariage")));
        assert_eq!(name_at("a = 12", 5), None);
    }

    #[test]
    fn the_article_of_a_part() {
        assert_eq!(
            article_of("article L.423-1 « Carte « vie privée » »\nversion"),
            Some("L. 423-1".to_string())
        );
        assert_eq!(
            article_of("article « Accord franco-algérien » « titre »"),
            Some("Accord franco-algérien".to_string())
        );
        assert_eq!(article_of("fait a : booléen"), None);
    }

    #[test]
    fn quantifiers_bind_their_element_and_types_do_not() {
        let text = "type t : parmi (a, b)\n# e parmi x.y\ncondition c « e parmi z » : \
                    au moins un e parmi demandeur.enfants tel que (e.";
        assert_eq!(
            binders(text),
            vec![("e".to_string(), "demandeur.enfants".to_string())]
        );
    }

    #[test]
    fn an_article_number_is_completed_after_de() {
        let text = "visa_long_sejour de L. 41";
        assert_eq!(article_reference_before(text, text.len()), Some(20));
        assert_eq!(article_reference_before("x de ", 5), Some(5));
        assert_eq!(article_reference_before("x code L", 8), None);
        assert_eq!(article_reference_before("x de demandeur", 14), None);
    }
}
