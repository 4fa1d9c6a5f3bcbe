//! Random policy files for the formatter's round-trip property: every construct of the grammar,
//! every spelling a keyword accepts, texts of every kind (nested guillemets, `#` inside, several
//! paragraphs, very long), and comments and odd layouts between any two tokens. The files parse
//! without error (the formatter only formats those); they need not pass the checks.
//!
//! Seeded, so that a failing file is found again from its seed.

pub struct Generator {
    state: u64,
    out: String,
    comments: usize,
}

const NAMES: &[&str] = &[
    "a",
    "b",
    "âge",
    "résidence",
    "x1",
    "mariage.lieu",
    "demandeur.né_en",
    "conjoint.nationalité",
    "e.naissance",
    "seuil_2",
];
const WORDS: &[&str] = &[
    "l'étranger",
    "justifie",
    "d'une",
    "résidence",
    "régulière",
    "#",
    "« vie privée et familiale »",
    "1°",
    "(art. L. 412-1)",
    "—",
    "n°",
    "2021-1109",
    "…",
];

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            state: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
            out: String::new(),
            comments: 0,
        }
    }

    fn next(&mut self) -> u64 {
        // xorshift64*
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        options[self.below(options.len())]
    }

    /// Whitespace between two tokens, now and then with a comment in it.
    fn gap(&mut self) {
        if self.out.is_empty() {
            return;
        }
        let gap = match self.below(12) {
            0 => "\n",
            1 => "\n      ",
            2 => "  ",
            3 => "\n\n",
            4 => "\t",
            5 => {
                self.comments += 1;
                let comment = format!("  # remarque {} « # » “x” \"y\"\n  ", self.comments);
                self.out.push_str(&comment);
                return;
            }
            _ => " ",
        };
        self.out.push_str(gap);
    }

    fn token(&mut self, token: &str) {
        self.gap();
        self.out.push_str(token);
    }

    fn text(&mut self) {
        let length = match self.below(6) {
            0 => 40,
            1 => 0,
            _ => 1 + self.below(8),
        };
        let mut words: Vec<String> = (0..length).map(|_| self.pick(WORDS).to_string()).collect();
        if length > 3 && self.chance(3) {
            words.insert(length / 2, "\n\n".to_string());
        }
        let content = words.join(" ");
        let quoted = match self.below(5) {
            0 if !content.contains('”') => format!("“{content}”"),
            1 if !content.contains('"') => format!("\"{content}\""),
            _ => format!("« {content} »"),
        };
        self.token(&quoted);
    }

    fn maybe_text(&mut self) {
        if self.chance(2) {
            self.text();
        }
    }

    fn texts(&mut self) {
        self.text();
        for _ in 0..self.below(3) {
            self.token(",");
            self.text();
        }
    }

    fn date(&mut self) -> String {
        format!(
            "20{:02}-{:02}-{:02}",
            10 + self.below(20),
            1 + self.below(12),
            1 + self.below(28)
        )
    }

    fn name(&mut self) {
        let name = self.pick(NAMES);
        self.token(name);
    }

    fn cards(&mut self) {
        let cards = [
            "carte de séjour temporaire",
            "carte de sejour pluriannuelle",
            "carte de résident",
            "carte de résident de longue durée-UE",
            "autorisation provisoire de séjour",
        ];
        let card = self.pick(&cards);
        self.token(card);
        for _ in 0..self.below(4) {
            self.token(",");
            let card = self.pick(&cards);
            self.token(card);
        }
    }

    fn type_expr(&mut self) {
        match self.below(9) {
            0 => self.token("booléen"),
            1 => self.token("booleen"),
            2 => self.token("entier"),
            3 => self.token("montant"),
            4 => self.token("date"),
            5 => self.token("duree"),
            6 => {
                self.token("liste");
                self.token("de");
                self.token("enfant");
            }
            7 => self.variants("parmi"),
            _ => self.token("nationalite"),
        }
    }

    fn variants(&mut self, keyword: &str) {
        self.token(keyword);
        self.token("(");
        for i in 0..1 + self.below(5) {
            if i > 0 {
                self.token(",");
            }
            let variant = format!("v{i}");
            self.token(&variant);
            self.maybe_text();
        }
        if self.chance(2) {
            self.token(",");
        }
        self.token(")");
    }

    // ── Expressions, level by level as in the grammar ──────────────────────────────────────

    fn expr(&mut self, depth: usize) {
        if depth < 3 && self.chance(6) {
            self.token("si");
            self.disjunction(depth + 1);
            self.token("alors");
            self.disjunction(depth + 1);
        } else {
            self.disjunction(depth);
        }
    }

    fn disjunction(&mut self, depth: usize) {
        self.conjunction(depth);
        while depth < 3 && self.chance(4) {
            self.token("ou");
            self.conjunction(depth + 1);
        }
    }

    fn conjunction(&mut self, depth: usize) {
        self.negation(depth);
        while depth < 3 && self.chance(4) {
            self.token("et");
            self.negation(depth + 1);
        }
    }

    fn negation(&mut self, depth: usize) {
        if self.chance(6) {
            self.token("non");
        }
        self.sum(depth);
        if self.chance(3) {
            let op = self.pick(&["=", "≠", "!=", "≤", "<=", "≥", ">=", "<", ">"]);
            self.token(op);
            self.sum(depth);
        } else if self.chance(8) {
            self.token("dans");
            self.token("(");
            self.sum(depth);
            self.token(",");
            self.sum(depth);
            self.token(")");
        }
    }

    fn sum(&mut self, depth: usize) {
        self.product(depth);
        while self.chance(6) {
            let op = self.pick(&["+", "-"]);
            self.token(op);
            self.product(depth);
        }
    }

    fn product(&mut self, depth: usize) {
        self.unary(depth);
        while self.chance(8) {
            let op = self.pick(&["×", "*"]);
            self.token(op);
            self.unary(depth);
        }
    }

    fn unary(&mut self, depth: usize) {
        let deeper = depth < 3;
        match self.below(if deeper { 24 } else { 10 }) {
            0 => self.token("vrai"),
            1 => self.token("faux"),
            2 => {
                let n = format!("{}", self.below(1000));
                self.token(&n);
            }
            3 => {
                let amount = self.pick(&["615 €", "1 554,58 €", "43\u{a0}243 €", "12€", "-3,5 €"]);
                self.token(amount);
            }
            4 => {
                let date = self.date();
                self.token(&date);
            }
            5 => {
                let duration = self.pick(&["1 an", "2 ans", "6 mois", "1 jour", "10 jours"]);
                self.token(duration);
            }
            6 => {
                let date = self.pick(&[
                    "date de la décision",
                    "date de la demande",
                    "date de la decision",
                ]);
                self.token(date);
            }
            7 => {
                self.name();
                self.token("de");
                self.token("L. 412-1");
            }
            8 => {
                let percent = self.pick(&["12,5 %", "50%"]);
                self.token(percent);
            }
            10 | 11 => {
                let head = self.pick(&["toutes", "l'une de", "l’une de"]);
                for word in head.split(' ') {
                    self.token(word);
                }
                self.token("(");
                for i in 0..1 + self.below(4) {
                    if i > 0 {
                        self.token(",");
                    }
                    self.expr(depth + 1);
                    self.maybe_text();
                }
                if self.chance(2) {
                    self.token(",");
                }
                self.token(")");
            }
            12 => {
                self.token("(");
                self.expr(depth + 1);
                self.token(")");
            }
            13 => {
                let (head, link) = match self.below(3) {
                    0 => ("au moins un", "tel que"),
                    1 => ("chaque", "vérifie"),
                    _ => ("nombre de", "tels que"),
                };
                self.token(head);
                self.token("e");
                self.token("parmi");
                self.token("demandeur.enfants");
                self.token(link);
                self.token("(");
                self.expr(depth + 1);
                self.token(")");
            }
            14 => {
                let unit = self.pick(&["années révolues", "ans révolus", "mois revolus", "jours"]);
                self.token(unit);
                self.token("entre");
                self.sum(depth + 1);
                self.token("et");
                self.sum(depth + 1);
            }
            15 => {
                self.token("arrondi");
                if self.chance(2) {
                    let rounding = self.pick(&["inférieur", "superieur"]);
                    self.token(rounding);
                }
                self.token("(");
                self.sum(depth + 1);
                self.token(")");
            }
            16 => self.text(),
            _ => self.name(),
        }
    }

    // ── Items ──────────────────────────────────────────────────────────────────────────────

    fn declaration(&mut self) {
        match self.below(5) {
            0 => {
                self.token("type");
                self.token("t");
                self.maybe_text();
                self.token(":");
                match self.below(3) {
                    0 => self.variants("parmi"),
                    1 => self.variants("échelle"),
                    _ => {
                        self.token("fiche");
                        self.token("(");
                        for i in 0..1 + self.below(3) {
                            if i > 0 {
                                self.token(",");
                            }
                            let field = format!("champ{i}");
                            self.token(&field);
                            self.token(":");
                            self.type_expr();
                            self.maybe_text();
                            if self.chance(2) {
                                self.token("pièces");
                                self.texts();
                            }
                        }
                        self.token(")");
                    }
                }
                self.maybe_text();
            }
            1 | 2 => {
                self.token("fait");
                if self.chance(4) {
                    self.token("sensible");
                }
                self.name();
                self.maybe_text();
                self.token(":");
                self.type_expr();
                self.maybe_text();
                if self.chance(2) {
                    let keyword = self.pick(&["pièces", "pieces", "pièce"]);
                    self.token(keyword);
                    self.texts();
                }
            }
            3 => {
                {
                    let word = self.pick_static(&["appréciation", "appreciation"]);
                    self.token(word);
                }
                self.name();
                self.token(":");
                self.token("booléen");
                self.text();
                if self.chance(2) {
                    self.token("critères");
                    self.texts();
                }
            }
            _ => {
                {
                    let word = self.pick_static(&["paramètre", "parametre"]);
                    self.token(word);
                }
                self.name();
                self.token(":");
                self.type_expr();
                self.maybe_text();
                for _ in 0..self.below(3) {
                    self.token("valeur");
                    let value = self.pick_static(&[
                        "615 €",
                        "12",
                        "2 mois",
                        "2021-01-01",
                        "vrai",
                        "B1",
                        "« texte »",
                        "x de L. 1-1",
                    ]);
                    self.token(value);
                    self.token("du");
                    let date = self.date();
                    self.token(&date);
                    if self.chance(2) {
                        self.token("au");
                        let date = self.date();
                        self.token(&date);
                    }
                    self.value_sources();
                }
            }
        }
    }

    fn pick_static(&mut self, options: &[&'static str]) -> &'static str {
        options[self.below(options.len())]
    }

    fn value_sources(&mut self) {
        for _ in 0..self.below(4) {
            match self.below(3) {
                0 => {
                    self.token("légifrance");
                    self.token("LEGIARTI000042776891");
                }
                1 => {
                    self.token("source");
                    self.text();
                }
                _ => {
                    self.token("à vérifier");
                    self.text();
                }
            }
        }
    }

    fn version(&mut self) {
        self.token("version");
        self.token("du");
        let date = self.date();
        self.token(&date);
        if self.chance(2) {
            self.token("au");
            let date = self.date();
            self.token(&date);
        }
        for _ in 0..self.below(5) {
            match self.below(6) {
                0 => {
                    self.token("légifrance");
                    if self.chance(2) {
                        self.token("LEGIARTI000042776891");
                    } else {
                        self.token("à vérifier");
                        self.maybe_text();
                    }
                }
                1 | 2 => {
                    self.token("texte");
                    if self.chance(4) {
                        self.token("à verifier");
                    }
                    self.text();
                }
                3 => {
                    self.token("source");
                    self.text();
                }
                _ => {
                    self.token("à vérifier");
                    self.text();
                }
            }
        }
    }

    fn rule(&mut self) {
        match self.below(6) {
            0 | 1 => {
                self.token("condition");
                let general = self.chance(3);
                if general {
                    {
                        let word = self.pick_static(&["générale", "generale"]);
                        self.token(word);
                    }
                }
                if self.chance(4) {
                    self.token("favorable");
                }
                self.token("c");
                self.maybe_text();
                if general {
                    self.token("pour");
                    self.cards();
                }
                self.token(":");
                self.expr(0);
            }
            2 | 3 => {
                self.token("voie");
                self.token("v");
                self.maybe_text();
                {
                    let word = self.pick_static(&["délivre", "delivre"]);
                    self.token(word);
                }
                self.cards_one();
                if self.chance(2) {
                    self.token("mention");
                    self.text();
                }
                if self.chance(2) {
                    {
                        let word = self.pick_static(&["durée", "duree"]);
                        self.token(word);
                    }
                    self.token("1 an");
                }
                for _ in 0..self.below(3) {
                    self.token("à vérifier");
                    self.text();
                }
                for _ in 0..self.below(3) {
                    self.token("sans objet");
                    self.text();
                    self.token("si");
                    self.expr(1);
                }
                self.token("si");
                self.expr(0);
                self.maybe_text();
            }
            4 => {
                {
                    let word = self.pick_static(&["dérogation", "derogation"]);
                    self.token(word);
                }
                self.token("d");
                self.maybe_text();
                self.token("à");
                self.token("visa");
                if self.chance(2) {
                    self.token("de");
                    self.token("L. 412-1");
                }
                if self.chance(2) {
                    self.token("lorsque");
                    self.expr(1);
                }
                if self.chance(2) {
                    self.token("alors");
                    self.expr(1);
                }
                if self.chance(3) {
                    self.token("prime");
                    self.token("sur");
                    self.token("autre");
                    self.token(",");
                    self.token("encore");
                    self.token("de");
                    self.token("L. 1-2");
                }
            }
            _ => {
                self.token("exclusion");
                self.token("x");
                self.text();
                self.token("pour");
                self.cards();
                self.token("si");
                self.expr(1);
            }
        }
    }

    fn cards_one(&mut self) {
        let card = self.pick_static(&[
            "carte de séjour temporaire",
            "carte de résident",
            "autorisation provisoire de sejour",
        ]);
        self.token(card);
    }

    /// A whole file: declarations, articles with their versions and rules, a repeal, and a
    /// translation table at the end.
    pub fn file(mut self) -> String {
        for _ in 0..self.below(4) {
            self.declaration();
        }
        for n in 0..1 + self.below(3) {
            self.token("article");
            let id = self.pick_static(&["L. 1-", "L.1-", "R 2-"]);
            let id = format!("{id}{n}");
            self.token(&id);
            self.maybe_text();
            if self.chance(4) {
                self.token("selon la date de la demande");
            }
            for _ in 0..1 + self.below(2) {
                self.version();
                for _ in 0..self.below(4) {
                    self.rule();
                }
                if self.chance(4) {
                    self.declaration();
                }
            }
            if self.chance(5) {
                {
                    let word = self.pick_static(&["abrogé", "abroge"]);
                    self.token(word);
                }
                self.token("du");
                let date = self.date();
                self.token(&date);
            }
        }
        if self.chance(3) {
            self.token("traduction");
            self.token("anglaise");
            for _ in 0..self.below(4) {
                self.text();
                self.token("=");
                self.text();
            }
        }
        if self.chance(3) {
            self.out.push_str("\n# la fin");
        }
        self.out
    }
}
