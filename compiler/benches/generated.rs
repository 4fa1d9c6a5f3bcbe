//! A generated policy set of 20 articles over four files, for the benchmark and for
//! `tests/incremental.rs` (which includes this file): valid, with no diagnostic, and with
//! conditions that refer to conditions of other articles.

#![allow(dead_code)] // each includer uses part of it

use motif_compiler::SourceSet;
use motif_compiler::db::split_text;
use motif_compiler::source::FileId;

pub const ARTICLES: usize = 20;
pub const FILES: usize = 4;
pub const PER_FILE: usize = ARTICLES / FILES;
pub const FACTS_FILE: &str = "faits.motif";

/// A generated policy set: a file of facts, then `FILES` files of `PER_FILE` articles each.
/// Article `i` (from 1) reads its own two facts and, from the second on, a condition of the
/// article before it (`premiere de L. 900-{i-1}`), often in another file.
#[derive(Clone)]
pub struct Policies {
    /// The text of each article, by index (0-based).
    pub articles: Vec<String>,
    /// Extra fact declarations appended to the facts file.
    pub extra_facts: String,
}

pub fn article_text(i: usize) -> String {
    let n = i + 1;
    let previous = if n == 1 {
        String::new()
    } else {
        format!(" ou premiere de L. 900-{}", n - 1)
    };
    format!(
        "article L. 900-{n} « Article fictif {n} »\n\
         \n\
         version du 2021-01-01\n\
         \x20 légifrance LEGIARTI{n:012}\n\
         \x20 texte « Article fictif {n}, pour l'essai du calcul incrémental. »\n\
         \n\
         \x20 condition premiere « première condition de l'article {n} » :\n\
         \x20   essai.fait_{n}_a et non essai.fait_{n}_b\n\
         \n\
         \x20 condition seconde « seconde condition de l'article {n} » :\n\
         \x20   essai.fait_{n}_b{previous}\n\
         \n\
         \x20 voie voie_{n} « voie {n} »\n\
         \x20   délivre carte de séjour temporaire\n\
         \x20   si toutes (premiere, seconde)\n\
         \n"
    )
}

impl Policies {
    pub fn new() -> Policies {
        Policies {
            articles: (0..ARTICLES).map(article_text).collect(),
            extra_facts: String::new(),
        }
    }

    pub fn facts(&self) -> String {
        let mut text = String::from("# Faits de l'essai\n\n");
        for n in 1..=ARTICLES {
            for suffix in ["a", "b"] {
                text.push_str(&format!(
                    "fait essai.fait_{n}_{suffix} : booléen « fait {suffix} de l'article {n} »\n"
                ));
            }
        }
        text.push_str(&self.extra_facts);
        text
    }

    pub fn file_name(file: usize) -> String {
        format!("articles-{}.motif", file + 1)
    }

    /// The file holding article `i` (0-based).
    pub fn file_of(i: usize) -> usize {
        i / PER_FILE
    }

    pub fn file_text(&self, file: usize) -> String {
        let mut text = format!("# Articles de l'essai, fichier {}\n\n", file + 1);
        for article in &self.articles[file * PER_FILE..(file + 1) * PER_FILE] {
            text.push_str(article);
        }
        text
    }

    pub fn sources(&self) -> SourceSet {
        let mut set = SourceSet::new();
        set.add(FACTS_FILE, self.facts());
        for file in 0..FILES {
            set.add(Self::file_name(file), self.file_text(file));
        }
        set
    }

    /// Every part of the set, as `(file, text)`: what `parse_part` and `check_part` are keyed by.
    pub fn parts(&self) -> Vec<(FileId, String)> {
        let sources = self.sources();
        let mut parts = Vec::new();
        for id in sources.ids() {
            let text = &sources.file(id).text;
            for (start, end) in split_text(text) {
                parts.push((id, text[start..end].to_string()));
            }
        }
        parts
    }
}
