//! Reading the words of a pest grammar: its rules, and every phrase a rule made of words only
//! matches, to check that the editor's highlighting knows each keyword of the language.

/// The rules of a pest grammar: name → body (comments removed).
pub fn pest_rules(grammar: &str) -> Vec<(String, String)> {
    let mut text = String::new();
    for line in grammar.lines() {
        // A `//` comment, outside a string literal.
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        for (i, c) in line.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '/' if !in_string && line[i..].starts_with("//") => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        text.push_str(&line[..cut]);
        text.push('\n');
    }
    let mut rules = Vec::new();
    let mut rest = text.as_str();
    while let Some(equals) = rest.find('=') {
        let name = rest[..equals]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_string();
        let open = equals + rest[equals..].find('{').unwrap();
        let mut depth = 0;
        let mut in_string = false;
        let mut escaped = false;
        let mut close = open;
        for (i, c) in rest[open..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '{' if !in_string => depth += 1,
                '}' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        rules.push((name, rest[open + 1..close].to_string()));
        rest = &rest[close + 1..];
    }
    rules
}

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Literal(String),
    Rule(String),
    Sign(char),
    /// A repetition count (`{4}`), a range (`'a'..'z'`), an insensitive literal…: not a word.
    Other,
}

pub fn tokens(body: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => literal.push('\n'),
                            Some('t') => literal.push('\t'),
                            Some('r') => literal.push('\r'),
                            Some('u') => {
                                let code: String = chars
                                    .by_ref()
                                    .skip_while(|&c| c == '{')
                                    .take_while(|&c| c != '}')
                                    .collect();
                                let code = u32::from_str_radix(&code, 16).unwrap();
                                literal.push(char::from_u32(code).unwrap());
                            }
                            Some(other) => literal.push(other),
                            None => {}
                        },
                        c => literal.push(c),
                    }
                }
                out.push(Token::Literal(literal));
            }
            '{' => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
                out.push(Token::Other);
            }
            '\'' | '^' => out.push(Token::Other),
            c if c.is_alphabetic() || c == '_' => {
                let mut name = c.to_string();
                while let Some(&c) = chars.peek() {
                    if !(c.is_alphanumeric() || c == '_') {
                        break;
                    }
                    name.push(c);
                    chars.next();
                }
                out.push(Token::Rule(name));
            }
            c if c.is_whitespace() => {}
            c => out.push(Token::Sign(c)),
        }
    }
    out
}

/// Expands a rule made of words only into every phrase it matches (`sp` read as one space,
/// look-aheads matching nothing); `None` when the rule reads anything else (a name, digits).
pub struct Expander<'g> {
    rules: &'g [(String, String)],
    tokens: Vec<Token>,
    at: usize,
    /// The rules being expanded: a rule that reads itself (an expression) is no word.
    within: Vec<String>,
}

impl Expander<'_> {
    pub fn rule(rules: &[(String, String)], name: &str) -> Option<Vec<String>> {
        Expander::nested(rules, name, Vec::new())
    }

    fn nested(
        rules: &[(String, String)],
        name: &str,
        mut within: Vec<String>,
    ) -> Option<Vec<String>> {
        if name == "sp" {
            return Some(vec![" ".to_string()]);
        }
        if within.iter().any(|n| n == name) {
            return None;
        }
        let (_, body) = rules.iter().find(|(n, _)| n == name)?;
        within.push(name.to_string());
        let mut expander = Expander {
            rules,
            tokens: tokens(body),
            at: 0,
            within,
        };
        let phrases = expander.choice()?;
        (expander.at == expander.tokens.len()).then_some(phrases)
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn choice(&mut self) -> Option<Vec<String>> {
        let mut phrases = self.sequence()?;
        while self.peek() == Some(&Token::Sign('|')) {
            self.at += 1;
            phrases.extend(self.sequence()?);
        }
        Some(phrases)
    }

    fn sequence(&mut self) -> Option<Vec<String>> {
        let mut phrases = vec![String::new()];
        loop {
            let term = self.term()?;
            phrases = phrases
                .iter()
                .flat_map(|head| term.iter().map(move |tail| format!("{head}{tail}")))
                .collect();
            if self.peek() != Some(&Token::Sign('~')) {
                return Some(phrases);
            }
            self.at += 1;
        }
    }

    fn term(&mut self) -> Option<Vec<String>> {
        if matches!(self.peek(), Some(Token::Sign('!' | '&'))) {
            self.at += 1;
            let _ = self.atom();
            return Some(vec![String::new()]);
        }
        let mut phrases = self.atom()?;
        while let Some(Token::Sign(sign @ ('?' | '*' | '+'))) = self.peek() {
            if *sign != '+' {
                phrases.push(String::new());
            }
            self.at += 1;
        }
        Some(phrases)
    }

    fn atom(&mut self) -> Option<Vec<String>> {
        let token = self.peek()?.clone();
        self.at += 1;
        match token {
            Token::Literal(literal) => Some(vec![literal]),
            Token::Rule(name) => Expander::nested(self.rules, &name, self.within.clone()),
            Token::Sign('(') => {
                let phrases = self.choice();
                if self.peek() == Some(&Token::Sign(')')) {
                    self.at += 1;
                }
                phrases
            }
            Token::Sign(_) | Token::Other => None,
        }
    }
}
