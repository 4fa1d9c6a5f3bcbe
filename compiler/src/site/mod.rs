//! The documentation site of a policy set (`motif doc`): checked `Program` → static pages.
//!
//! One entry, [`site`], gives every file of the site as data (its path and contents); the
//! command writes them. The site is for a legal officer who opens it from disk: French, plain
//! HTML with one style sheet and one small script, relative links only (so that `file://`
//! URLs work), and the search index as a script rather than fetched JSON (a page opened from
//! disk may not fetch). Nothing is loaded from the network.
//!
//! Everything shown comes from the lowered `Program` (articles, versions, texts, conditions,
//! routes, facts, parameters), except where each declaration is written (file and line), which
//! only the syntax tree knows. Expressions are rendered here (`expr.rs`): the runtime renders
//! evaluated traces, not the program's expressions, and its HTML is templates for assessments.
//! Values, dates and cards are written by the runtime's [`Words`], as in the letters.

mod expr;
mod html;
mod index;
mod pages;
mod search;
mod uses;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use motif_runtime::program::{Article, ArticleId, ArticleVersion, Period, Program};
use motif_runtime::render::words::{Lang, Words};

use crate::source::SourceSet;
use html::Html;
use uses::Uses;

/// The pages and files of a site: path (relative, `/`-separated) → contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    files: BTreeMap<String, String>,
}

impl Site {
    /// Every file, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, c)| (p.as_str(), c.as_str()))
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The page of the index, which the search results are shown on.
pub const INDEX: &str = "index.html";
const FACTS: &str = "faits.html";
const PARAMETERS: &str = "parametres.html";
const STYLE: &str = "style.css";
const SCRIPT: &str = "recherche.js";
const SEARCH_INDEX: &str = "index-recherche.js";

/// The site of a checked policy set; `sources` are the files it was compiled from (for where
/// each declaration is written).
pub fn site(program: &Program, sources: &SourceSet) -> Site {
    let ctx = Ctx::new(program, sources);
    let mut files = BTreeMap::new();
    files.insert(INDEX.to_string(), index::index(&ctx));
    files.insert(FACTS.to_string(), index::facts(&ctx));
    files.insert(PARAMETERS.to_string(), index::parameters(&ctx));
    for &article in &ctx.order {
        files.insert(ctx.page(article).to_string(), pages::article(&ctx, article));
    }
    files.insert(STYLE.to_string(), include_str!("style.css").to_string());
    files.insert(SCRIPT.to_string(), include_str!("search.js").to_string());
    files.insert(SEARCH_INDEX.to_string(), search::index(&ctx));
    Site { files }
}

/// What every page needs: the program, its pages' names, who uses what, where things are
/// written.
pub(crate) struct Ctx<'p> {
    pub(crate) program: &'p Program,
    pub(crate) words: Words<'p>,
    /// The page of each article, by `ArticleId`.
    pages: Vec<String>,
    /// The articles in the order of the code (book, title, chapter, article), then the others.
    pub(crate) order: Vec<ArticleId>,
    pub(crate) uses: Uses,
    pub(crate) origins: Origins,
}

impl<'p> Ctx<'p> {
    fn new(program: &'p Program, sources: &SourceSet) -> Ctx<'p> {
        let mut taken: HashMap<String, usize> = HashMap::new();
        let pages = program
            .articles
            .iter()
            .map(|a| {
                let base = format!("article-{}", slug(&a.id));
                let n = taken.entry(base.clone()).or_insert(0);
                *n += 1;
                // Two ids can fold to the same name (`L. 1-1` and `L.1-1` cannot, being
                // normalised, but texts can): the later ones are numbered.
                if *n == 1 {
                    format!("{base}.html")
                } else {
                    format!("{base}-{n}.html")
                }
            })
            .collect();
        let mut order: Vec<ArticleId> = (0..program.articles.len())
            .map(|i| ArticleId(i as u32))
            .collect();
        order.sort_by_key(|&id| sort_key(&program.article(id).id));
        Ctx {
            program,
            words: Words::new(program, Lang::Fr),
            pages,
            order,
            uses: uses::collect(program),
            origins: Origins::read(sources),
        }
    }

    /// The file name of an article's page.
    pub(crate) fn page(&self, article: ArticleId) -> &str {
        self.pages
            .get(article.0 as usize)
            .map_or(INDEX, String::as_str)
    }

    /// A link from page `from` to `anchor` of page `to` (`#anchor` on the same page).
    pub(crate) fn href(&self, from: &str, to: &str, anchor: Option<&str>) -> String {
        match anchor {
            Some(anchor) if from == to => format!("#{anchor}"),
            Some(anchor) => format!("{to}#{anchor}"),
            None => to.to_string(),
        }
    }

    /// `du 1er mai 2021 au 25 août 2021`, or `à compter du 26 août 2021`.
    pub(crate) fn period(&self, period: &Period) -> String {
        match period.until {
            Some(until) => format!(
                "du {} au {}",
                self.words.date(period.from),
                self.words.date(until)
            ),
            None => format!("à compter du {}", self.words.date(period.from)),
        }
    }

    /// `L. 423-1` or a text's name, as a link to its page (or an anchor of it).
    pub(crate) fn article_link(
        &self,
        html: &mut Html,
        from: &str,
        article: ArticleId,
        anchor: Option<&str>,
    ) {
        let href = self.href(from, self.page(article), anchor);
        html.link(&href, &self.program.article(article).id);
    }

    /// The page every page shares: head, header with the search box, `body`, footer.
    pub(crate) fn layout(&self, title: &str, body: &Html) -> String {
        let mut page = Html::new();
        page.raw("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
            .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .element("title", &[], &format!("{title} — documentation des règles"))
            .raw("\n")
            .open("link", &[("rel", "stylesheet"), ("href", STYLE)])
            .raw("\n</head>\n<body>\n<header class=\"bandeau\">\n<div class=\"bandeau-interieur\">\n")
            .open("a", &[("class", "site"), ("href", INDEX)])
            .raw("Motif — règles d'éligibilité aux titres de séjour</a>\n")
            .open(
                "form",
                &[
                    ("class", "recherche"),
                    ("action", INDEX),
                    ("method", "get"),
                    ("role", "search"),
                ],
            )
            .raw("<label for=\"q\">Rechercher</label> ")
            .raw(
                "<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\" \
                 placeholder=\"n° d'article, fait, paramètre, mot d'un intitulé\"> ",
            )
            .raw("<button type=\"submit\">Chercher</button>\n</form>\n")
            .raw("<div id=\"resultats\" class=\"resultats\" aria-live=\"polite\"></div>\n")
            .raw("</div>\n</header>\n<main>\n")
            .push(body)
            .raw("</main>\n<footer>\n<p>Documentation produite par <code>motif doc</code> à partir du jeu de règles")
            .text(&match self.program.fingerprint.as_str() {
                "" => String::new(),
                fingerprint => format!(" (empreinte {fingerprint})"),
            })
            .raw(". Les textes sont cités tels que les règles les relèvent ; ce qui est marqué « à vérifier » n'a pas été confirmé.</p>\n</footer>\n")
            .open("script", &[("src", SEARCH_INDEX)])
            .close("script")
            .raw("\n")
            .open("script", &[("src", SCRIPT)])
            .close("script")
            .raw("\n</body>\n</html>\n");
        page.into_string()
    }

    /// The version of `article` in force during (part of) `during` that has an item `has`; the
    /// latest such, else the latest version that has it. A reference to another article's
    /// condition is resolved at the assessment's date: this is the version a reader of the
    /// referring version should look at.
    pub(crate) fn version_for(
        &self,
        article: ArticleId,
        during: &Period,
        has: impl Fn(&ArticleVersion) -> bool,
    ) -> Option<usize> {
        let versions = &self.program.article(article).versions;
        let with: Vec<usize> = (0..versions.len()).filter(|&i| has(&versions[i])).collect();
        with.iter()
            .rev()
            .find(|&&i| overlap(&versions[i].in_force, during))
            .or(with.last())
            .copied()
    }
}

pub(crate) fn overlap(a: &Period, b: &Period) -> bool {
    let before = |x: &Period, y: &Period| x.until.is_some_and(|until| until < y.from);
    !before(a, b) && !before(b, a)
}

/// The anchor of an article's version: `v2021-08-26`.
pub(crate) fn version_anchor(article: &Article, version: usize) -> String {
    match article.versions.get(version) {
        Some(v) => format!("v{}", v.in_force.from),
        None => "versions".to_string(),
    }
}

/// The anchor of an item of a version: `v2021-08-26-c-communaute_de_vie` (`c` condition, `voie`,
/// `d` derogation, `x` exclusion).
pub(crate) fn item_anchor(article: &Article, version: usize, kind: &str, name: &str) -> String {
    format!(
        "{}-{kind}-{}",
        version_anchor(article, version),
        ident_anchor(name)
    )
}

/// A name as an anchor, keeping it readable: ASCII letters, digits, `_` and `.` as they are,
/// any other character as `-hex-` (names never hold `-`, so that two names never meet).
pub(crate) fn ident_anchor(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            out.push(c);
        } else {
            out.push_str(&format!("-{:x}-", u32::from(c)));
        }
    }
    out
}

/// A file name from an article's id: `L. 423-1` → `L423-1`; a text's name with its accents
/// folded and anything but letters and digits as `-` (`Accord-franco-algerien-du-27-…`).
pub(crate) fn slug(id: &str) -> String {
    if let Some((letter, numbers)) = code_number(id) {
        let numbers: Vec<String> = numbers.iter().map(u64::to_string).collect();
        return format!("{letter}{}", numbers.join("-"));
    }
    let mut out = String::new();
    for c in id.chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'œ' => "oe",
            'æ' => "ae",
            'À' | 'Â' => "A",
            'É' | 'È' | 'Ê' => "E",
            'Ç' => "C",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if folded == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(folded);
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "sans-nom".to_string()
    } else {
        out.to_string()
    }
}

/// Orders articles as the code does: `L. 412-1` < `L. 412-5` < `L. 423-8` < `L. 423-21`
/// (numbers compared as numbers); ids that are not article numbers come last, by name.
fn sort_key(id: &str) -> (u8, String, Vec<u64>, String) {
    match code_number(id) {
        Some((letter, numbers)) => (0, letter, numbers, String::new()),
        None => (1, String::new(), Vec::new(), id.to_string()),
    }
}

/// `L. 423-21` → (`L`, [423, 21]); `None` for an id that is not an article number.
pub(crate) fn code_number(id: &str) -> Option<(String, Vec<u64>)> {
    let (letter, rest) = id.split_once(". ")?;
    if !matches!(letter, "L" | "R" | "D") {
        return None;
    }
    let numbers = rest
        .split('-')
        .map(|n| n.parse::<u64>().ok())
        .collect::<Option<Vec<_>>>()?;
    Some((letter.to_string(), numbers))
}

/// Where each declaration is written: `file:line`.
#[derive(Debug, Default)]
pub(crate) struct Origins {
    /// By article id: the `article` line, and each version's line by its first day.
    pub(crate) articles: HashMap<String, (String, HashMap<String, String>)>,
    pub(crate) facts: HashMap<String, String>,
    pub(crate) parameters: HashMap<String, String>,
}

impl Origins {
    /// Parses the sources again, for positions only (the set has compiled: they parse).
    fn read(sources: &SourceSet) -> Origins {
        let mut origins = Origins::default();
        for id in sources.ids() {
            let (module, _) = crate::syntax::parse(id, &sources.file(id).text);
            for article in &module.articles {
                let versions = article
                    .versions
                    .iter()
                    .filter_map(|v| {
                        let from = v.from.node?;
                        Some((from.to_string(), sources.location(id, v.span.start)))
                    })
                    .collect();
                origins
                    .articles
                    .entry(article.id.node.clone())
                    .or_insert((sources.location(id, article.span.start), versions));
            }
            for fact in &module.facts {
                origins
                    .facts
                    .entry(fact.name.node.clone())
                    .or_insert_with(|| sources.location(id, fact.span.start));
            }
            for parameter in &module.parameters {
                origins
                    .parameters
                    .entry(parameter.name.node.clone())
                    .or_insert_with(|| sources.location(id, parameter.span.start));
            }
        }
        origins
    }

    pub(crate) fn article(&self, id: &str) -> Option<&str> {
        self.articles.get(id).map(|(at, _)| at.as_str())
    }

    pub(crate) fn version(&self, id: &str, version: &ArticleVersion) -> Option<&str> {
        self.articles
            .get(id)
            .and_then(|(_, versions)| versions.get(&version.in_force.from.to_string()))
            .map(String::as_str)
    }
}
