//! The comments of a policy file. The grammar skips them (`COMMENT` is silent), so the formatter
//! finds them here, by the same lexical rules: `#` to the end of the line, outside a text.

/// One `# …` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Byte offsets of `#` and of the end of the line (the newline excluded).
    pub start: usize,
    pub end: usize,
    /// The comment as written, `#` included, without trailing spaces.
    pub text: String,
    /// Written after code on the same line (`a ou b  # …`) rather than on a line of its own.
    pub trailing: bool,
}

/// Every comment of `source`, in order. Texts (« … » nested, “ … ”, " … ") are skipped: a `#`
/// inside a quoted article text is not a comment.
pub fn comments(source: &str) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut chars = source.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '#' => {
                let end = source[at..].find('\n').map_or(source.len(), |n| at + n);
                let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
                found.push(Comment {
                    start: at,
                    end,
                    text: source[at..end].trim_end().to_string(),
                    trailing: !source[line_start..at].trim().is_empty(),
                });
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            }
            '«' => {
                let mut depth = 1;
                for (_, c) in chars.by_ref() {
                    match c {
                        '«' => depth += 1,
                        '»' => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        break;
                    }
                }
            }
            '“' => skip_to(&mut chars, '”'),
            '"' => skip_to(&mut chars, '"'),
            _ => {}
        }
    }
    found
}

fn skip_to(chars: &mut impl Iterator<Item = (usize, char)>, close: char) {
    for (_, c) in chars.by_ref() {
        if c == close {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_found_outside_texts_only() {
        let source = "# tête\nfait a : booléen « # pas un commentaire « ni ici » »  # fin \n\
                      fait b : texte \"#\" # après “#”\n";
        let texts: Vec<(String, bool)> = comments(source)
            .into_iter()
            .map(|c| (c.text, c.trailing))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("# tête".to_string(), false),
                ("# fin".to_string(), true),
                ("# après “#”".to_string(), true),
            ]
        );
    }

    #[test]
    fn a_comment_at_the_end_of_the_file_has_no_newline() {
        let found = comments("fait a : booléen\n  # dernier");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "# dernier");
        assert!(!found[0].trailing);
        assert_eq!(found[0].end, "fait a : booléen\n  # dernier".len());
    }
}
