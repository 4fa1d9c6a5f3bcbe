//! The output of the formatter: lines at an indentation, the comments put back between them, and
//! the canonical spelling of every token.

use pest::iterators::Pair;

use super::comments::Comment;
use crate::syntax::{GrammarRule as Rule, normalise_article_id};

/// The width lines are fitted to, in characters. A text is never cut to fit (its words are the
/// law's); only the layout around it changes.
pub const WIDTH: usize = 100;

pub struct Printer<'s> {
    source: &'s str,
    comments: Vec<Comment>,
    /// The first comment not printed yet.
    next: usize,
    out: String,
    /// Where (in the source) what was printed last ends: a blank line written in the source
    /// between it and the next comment or item is kept.
    last_end: usize,
    /// The last line printed ends with a comment: another one cannot follow it there.
    commented: bool,
}

impl<'s> Printer<'s> {
    pub fn new(source: &'s str, comments: Vec<Comment>) -> Printer<'s> {
        Printer {
            source,
            comments,
            next: 0,
            out: String::new(),
            last_end: 0,
            commented: false,
        }
    }

    /// One line of output.
    pub fn line(&mut self, indent: usize, content: &str) {
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push_str(content);
        self.out.push('\n');
        self.commented = false;
    }

    /// Adds `addition` at the end of the last line printed, if it fits there and no comment
    /// ends that line; says whether it did.
    pub fn extend_last_line(&mut self, addition: &str) -> bool {
        let Some(body) = self.out.strip_suffix('\n') else {
            return false;
        };
        let last = &body[body.rfind('\n').map_or(0, |n| n + 1)..];
        if self.commented || last.trim().is_empty() || !fits(0, &format!("{last}{addition}")) {
            return false;
        }
        self.out.pop();
        self.out.push_str(addition);
        self.out.push('\n');
        true
    }

    /// Whether the last line printed is `content`, indentation aside.
    pub fn last_line_is(&self, content: &str) -> bool {
        let body = self.out.strip_suffix('\n').unwrap_or("");
        body[body.rfind('\n').map_or(0, |n| n + 1)..].trim() == content
    }

    /// Records that the source up to `end` has been printed.
    pub fn mark(&mut self, end: usize) {
        self.last_end = self.last_end.max(end);
    }

    /// A blank line, unless the output is empty or already ends with one.
    pub fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// A blank line if the source had one between what was printed last and `until`.
    pub fn keep_blank(&mut self, until: usize) {
        // Only blanks and line breaks lie between (comments are printed as they come): two line
        // breaks make an empty line.
        let between = self.source.get(self.last_end..until).unwrap_or("");
        if between.matches('\n').count() >= 2 {
            self.blank();
        }
    }

    /// Whether a comment starts strictly inside `pair`: its layout must then leave room for it.
    pub fn has_comment_within(&self, pair: &Pair<'_, Rule>) -> bool {
        let (start, end) = (pair.as_span().start(), end_of(pair));
        self.comments[self.next..]
            .iter()
            .any(|c| c.start > start && c.start < end)
    }

    /// Prints the comments written before `before`: those that ended a line of code go back at
    /// the end of the last line printed; the others on lines of their own, at `indent`. With
    /// `blank_lines`, the blank lines written between them are kept.
    pub fn comments_before(&mut self, before: usize, indent: usize, blank_lines: bool) {
        while let Some(comment) = self.comments.get(self.next).cloned() {
            if comment.start >= before {
                break;
            }
            self.next += 1;
            if self.can_end_the_last_line(&comment) {
                self.out.pop();
                self.out.push_str("  ");
                self.out.push_str(&comment.text);
                self.out.push('\n');
            } else {
                if blank_lines {
                    self.keep_blank(comment.start);
                }
                self.line(indent, &comment.text);
            }
            self.commented = true;
            self.mark(comment.end);
        }
    }

    /// A comment written after code goes back after code: at the end of the last line printed,
    /// unless that line is empty or already ends with a comment.
    fn can_end_the_last_line(&self, comment: &Comment) -> bool {
        let last_line = self
            .out
            .strip_suffix('\n')
            .map(|o| &o[o.rfind('\n').map_or(0, |n| n + 1)..]);
        comment.trailing && !self.commented && last_line.is_some_and(|l| !l.trim().is_empty())
    }

    /// Prints the comments written before `before` that go at the end of the last line, and
    /// leaves the others for [`Printer::comments_before`] (after the blank line between items).
    pub fn trailing_comments(&mut self, before: usize) {
        while let Some(comment) = self.comments.get(self.next) {
            if comment.start >= before || !self.can_end_the_last_line(comment) {
                break;
            }
            self.comments_before(comment.start + 1, 0, false);
        }
    }

    /// The output: the comments left after the last item, one newline at the end.
    pub fn finish(mut self) -> String {
        self.comments_before(usize::MAX, 0, true);
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.out
    }
}

/// Where `pair`'s last token ends. A rule that ends with an optional part (`text?`) has skipped
/// the blanks and comments after it when the part is absent: its span includes them.
pub fn end_of(pair: &Pair<'_, Rule>) -> usize {
    if pair.as_rule() == Rule::text {
        return pair.as_span().end();
    }
    pair.clone()
        .into_inner()
        .last()
        .map_or(pair.as_span().end(), |last| end_of(&last))
}

/// Whether `content` fits on a line that starts at column `indent`.
pub fn fits(indent: usize, content: &str) -> bool {
    !content.contains('\n') && indent + content.chars().count() <= WIDTH
}

/// Tokens joined by single spaces, but none inside parentheses or before a comma; a trailing
/// comma before `)` is dropped (it only helps lists written one item per line).
pub fn join<S: AsRef<str>>(tokens: &[S]) -> String {
    let mut line = String::new();
    for token in tokens {
        let token = token.as_ref();
        if token.is_empty() {
            continue;
        }
        if token == ")" && line.ends_with(',') {
            line.pop();
        }
        if !line.is_empty() && !line.ends_with('(') && token != ")" && token != "," {
            line.push(' ');
        }
        line.push_str(token);
    }
    line
}

/// The tokens of `pair` in their canonical spelling, texts included (a text of several
/// paragraphs as a block at `indent`).
pub fn tokens(pair: Pair<'_, Rule>, indent: usize, into: &mut Vec<String>) {
    match pair.as_rule() {
        Rule::text => into.push(text(&text_content(&pair), indent)),
        Rule::code_ref => into.push(normalise_article_id(pair.as_str())),
        Rule::date_basis => {
            let basis = pair
                .into_inner()
                .next()
                .map_or("décision", |b| match b.as_rule() {
                    Rule::basis_filing => "demande",
                    _ => "décision",
                });
            into.push(format!("selon la date de la {basis}"));
        }
        _ => {
            let mut inner = pair.clone().into_inner().peekable();
            if inner.peek().is_none() {
                into.push(word(&pair));
            } else {
                inner.for_each(|p| tokens(p, indent, into));
            }
        }
    }
}

/// `pair` on one line (but for texts of several paragraphs).
pub fn flat(pair: Pair<'_, Rule>, indent: usize) -> String {
    let mut found = Vec::new();
    tokens(pair, indent, &mut found);
    join(&found)
}

/// The canonical spelling of a word: keywords accented, signs as in print (`≤`, `≠`, `×`),
/// blanks inside a word made single spaces.
fn word(pair: &Pair<'_, Rule>) -> String {
    let written = pair.as_str();
    let canonical = match pair.as_rule() {
        Rule::kw_appreciation => "appréciation",
        Rule::kw_criteres => "critères",
        Rule::kw_parametre => "paramètre",
        Rule::kw_abroge => "abrogé",
        Rule::kw_derogation => "dérogation",
        Rule::kw_pieces if written.ends_with('s') => "pièces",
        Rule::kw_pieces => "pièce",
        Rule::kw_delivre => "délivre",
        Rule::kw_duree | Rule::ty_duration => "durée",
        Rule::kw_a => "à",
        Rule::kw_lune => "l'une",
        Rule::kw_verifie => "vérifie",
        Rule::kw_echelle => "échelle",
        Rule::kw_legifrance => "légifrance",
        Rule::kw_a_verifier => "à vérifier",
        Rule::ty_bool => "booléen",
        Rule::ty_decimal => "décimal",
        Rule::general_kw => "générale",
        Rule::card_cst => "carte de séjour temporaire",
        Rule::card_csp => "carte de séjour pluriannuelle",
        Rule::card_crldue => "carte de résident de longue durée-UE",
        Rule::card_cr => "carte de résident",
        Rule::card_aps => "autorisation provisoire de séjour",
        Rule::decision_date => "date de la décision",
        Rule::filing_date => "date de la demande",
        Rule::years_unit if written.starts_with("ann") => "années révolues",
        Rule::years_unit => "ans révolus",
        Rule::months_unit => "mois révolus",
        Rule::rounding if written.starts_with('i') => "inférieur",
        Rule::rounding => "supérieur",
        Rule::cmp_op => match written {
            "!=" => "≠",
            "<=" => "≤",
            ">=" => "≥",
            other => other,
        },
        Rule::mul_op => "×",
        Rule::money => return unit_literal(written, '€'),
        Rule::percent => return unit_literal(written, '%'),
        _ => written,
    };
    canonical.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1 554,58 €` with plain spaces between the groups of digits and before the sign.
fn unit_literal(written: &str, sign: char) -> String {
    let number = written.trim_end_matches(sign);
    let number: String = number
        .trim_end_matches([' ', '\u{A0}', '\u{202F}'])
        .chars()
        .map(|c| {
            if c == '\u{A0}' || c == '\u{202F}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!("{number} {sign}")
}

/// What a text says, its layout normalised as the parser does.
pub fn text_content(pair: &Pair<'_, Rule>) -> String {
    let inner = pair.clone().into_inner().next().map_or("", |p| p.as_str());
    crate::syntax::normalise_text(inner)
}

/// A text on one line; one of several paragraphs as a block (see [`block_text`]).
pub fn text(content: &str, indent: usize) -> String {
    if content.contains('\n') {
        return block_text(content, indent);
    }
    let (open, close) = quotes(content);
    if content.is_empty() {
        format!("{open} {close}")
    } else {
        format!("{open} {content} {close}")
    }
}

/// A text as a block: the opening quote ends the line, the paragraphs follow at `indent + 2`,
/// filled to the width and separated by an empty line, and the closing quote has a line of its
/// own at `indent`.
pub fn block_text(content: &str, indent: usize) -> String {
    let (open, close) = quotes(content);
    let mut block = String::from(open);
    for (i, paragraph) in content.split('\n').enumerate() {
        if i > 0 {
            // An empty line, without spaces: the parser reads `\n\n` as a paragraph break.
            block.push('\n');
        }
        let mut line = String::new();
        for word in unbreakable(paragraph) {
            let word = word.as_str();
            if !line.is_empty()
                && indent + 2 + line.chars().count() + 1 + word.chars().count() > WIDTH
            {
                push_line(&mut block, indent + 2, &line);
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        push_line(&mut block, indent + 2, &line);
    }
    block.push('\n');
    block.extend(std::iter::repeat_n(' ', indent));
    block.push_str(close);
    block
}

/// The words of a paragraph, those that French typography keeps on one line joined: `L. 412-1`,
/// `n° 2021-1109`, `art. 6`, and the signs that a no-break space ties to their word (« … »,
/// `:`, `;`, `?`, `!`).
fn unbreakable(paragraph: &str) -> Vec<String> {
    const BEFORE_NUMBER: &[&str] = &["L.", "R.", "D.", "n°", "art.", "«"];
    const AFTER_WORD: &[&str] = &["»", ":", ";", "?", "!"];
    let mut units: Vec<String> = Vec::new();
    let mut glue_next = false;
    for word in paragraph.split(' ') {
        match units.last_mut() {
            Some(last) if glue_next || AFTER_WORD.contains(&word) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
        glue_next = BEFORE_NUMBER.contains(&word);
    }
    units
}

fn push_line(block: &mut String, indent: usize, line: &str) {
    block.push('\n');
    block.extend(std::iter::repeat_n(' ', indent));
    block.push_str(line);
}

/// The quotes a text can be written between: « » when the guillemets inside it pair up (they
/// nest), else “ ” or " " (the text was written between them, so one of them is absent from it).
fn quotes(content: &str) -> (&'static str, &'static str) {
    let mut depth: i64 = 0;
    let mut balanced = true;
    for c in content.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth -= 1,
            _ => {}
        }
        balanced &= depth >= 0;
    }
    if balanced && depth == 0 {
        ("«", "»")
    } else if !content.contains('”') {
        ("“", "”")
    } else {
        ("\"", "\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_spaces_tokens_as_written_in_french() {
        assert_eq!(
            join(&["toutes", "(", "a", ",", "b", ",", ")"]),
            "toutes (a, b)"
        );
        assert_eq!(join(&["x", ":", "booléen"]), "x : booléen");
    }

    #[test]
    fn a_block_text_keeps_its_paragraphs_and_fills_lines() {
        let words = "mot ".repeat(40);
        let content = format!("{}\n{}", words.trim(), "fin");
        let block = block_text(&content, 2);
        assert!(block.starts_with("«\n    mot"));
        assert!(block.ends_with("\n  »"));
        assert!(block.contains("\n\n    fin\n"));
        assert!(block.lines().all(|l| l.chars().count() <= WIDTH));
        assert_eq!(
            crate::syntax::normalise_text(&block[2..block.len() - 2]),
            content
        );
    }

    #[test]
    fn article_numbers_and_spaced_signs_are_never_cut_from_their_word() {
        assert_eq!(
            unbreakable("aux articles L. 412-2 et « salarié » : oui"),
            ["aux", "articles", "L. 412-2", "et", "« salarié » :", "oui"]
        );
    }

    #[test]
    fn unbalanced_guillemets_are_quoted_otherwise() {
        assert_eq!(text("a « b", 0), "“ a « b ”");
        assert_eq!(text("a « b » c", 0), "« a « b » c »");
        assert_eq!(text("", 0), "« »");
    }

    #[test]
    fn amounts_get_plain_spaces() {
        assert_eq!(unit_literal("1\u{A0}554,58\u{202F}€", '€'), "1 554,58 €");
        assert_eq!(unit_literal("615€", '€'), "615 €");
    }
}
