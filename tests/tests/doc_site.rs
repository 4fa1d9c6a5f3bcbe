//! `motif doc`: the documentation site of `policies/`, written by the command as a user runs
//! it, then read back from disk: a page for every article with every version's dates,
//! Légifrance id (or « à vérifier ») and text, every internal link resolving to a file and an
//! anchor, the parameters' dated values, escaping, the errors; and in headless Chromium, an
//! article page and the search (screenshots under `target/browser/`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use motif_runtime::program::Program;
use motif_runtime::render::words::{Lang, Words};
use motif_tests::command::{motif, path};
use motif_tests::{browser, ceseda, root};

/// The build's target directory (`CARGO_TARGET_DIR` if set, relative to the root).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Writes the site of `policies/` into a fresh `target/doc-site-tests/NAME` with `motif doc`.
fn generate(name: &str) -> PathBuf {
    let dir = target_dir().join("doc-site-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    let out = dir.display().to_string();
    let run = motif(&["doc", &path("policies"), "-o", &out]);
    assert_eq!(run.code, 0, "motif doc failed:\n{}\n{}", run.out, run.err);
    let program = ceseda();
    let counts = format!(
        "{} article(s), {} voie(s), {} fait(s), {} paramètre(s)",
        program.articles.len(),
        program.routes.len(),
        program.facts.len(),
        program.parameters.len()
    );
    assert!(run.out.contains(&counts), "{}", run.out);
    assert!(run.out.contains("index.html"), "{}", run.out);
    dir
}

/// Every file of the site: name → contents.
fn read_site(dir: &Path) -> BTreeMap<String, String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// The values of the attribute `name` in an HTML text, entities decoded.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.split(needle.as_str())
        .skip(1)
        .map(|rest| decode(&rest[..rest.find('"').unwrap_or(rest.len())]))
        .collect()
}

fn decode(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Checks that `link`, found on `page`, names a file of the site and, after `#`, an element of
/// that file; the only link that leaves the site is to Légifrance, in an `<a>`.
fn check_link(
    site: &BTreeMap<String, String>,
    ids: &BTreeMap<&str, BTreeSet<String>>,
    page: &str,
    link: &str,
) {
    if link.starts_with("https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI") {
        return;
    }
    assert!(
        !link.contains("://") && !link.starts_with('/') && !link.starts_with("//"),
        "{page}: a link leaves the site or is absolute: {link}"
    );
    let (file, anchor) = match link.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (link, None),
    };
    let file = file.split('?').next().unwrap_or_default();
    let file = if file.is_empty() { page } else { file };
    assert!(
        site.contains_key(file),
        "{page}: link to a missing file: {link}"
    );
    if let Some(anchor) = anchor {
        assert!(
            ids.get(file).is_some_and(|ids| ids.contains(anchor)),
            "{page}: link to a missing anchor: {link}"
        );
    }
}

#[test]
fn every_article_has_a_page_and_every_link_resolves() {
    let program = ceseda();
    let dir = generate("links");
    let site = read_site(&dir);

    // One page per article, titled with its id.
    let titles: BTreeSet<String> = site
        .iter()
        .filter(|(name, _)| name.starts_with("article-"))
        .map(|(name, html)| {
            let start = html
                .find("<h1>")
                .unwrap_or_else(|| panic!("{name}: no <h1>"))
                + 4;
            let end = start + html[start..].find("</h1>").unwrap();
            decode(&html[start..end])
        })
        .collect();
    let expected: BTreeSet<String> = program
        .articles
        .iter()
        .map(|a| {
            if a.id.starts_with("L. ") {
                format!("Article {}", a.id)
            } else {
                a.id.clone()
            }
        })
        .collect();
    assert_eq!(titles, expected);
    assert_eq!(
        site.keys().filter(|n| n.starts_with("article-")).count(),
        program.articles.len()
    );

    // Every link of every page, and of the search index, resolves.
    let ids: BTreeMap<&str, BTreeSet<String>> = site
        .iter()
        .map(|(name, html)| (name.as_str(), attributes(html, "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (name, html) in site.iter().filter(|(n, _)| n.ends_with(".html")) {
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"),
            "{name}"
        );
        // Each id once per page, or a link could land on the wrong one.
        let all = attributes(html, "id");
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "{name}: an id is used twice");
        for link in attributes(html, "href")
            .iter()
            .chain(attributes(html, "src").iter())
        {
            check_link(&site, &ids, name, link);
            checked += 1;
        }
    }
    let index = &site["index-recherche.js"];
    let json = index
        .split_once("= ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap();
    let entries: Vec<serde_json::Value> = serde_json::from_str(json).unwrap();
    assert!(entries.len() > 100, "{} entries", entries.len());
    for entry in &entries {
        check_link(
            &site,
            &ids,
            "index-recherche.js",
            entry["u"].as_str().unwrap(),
        );
        checked += 1;
    }
    assert!(checked > 1000, "only {checked} links checked");

    // The cross-links: the route of L. 423-1 names the general condition of L. 412-1, and
    // L. 412-1 is cited by the derogations of the articles that set it aside.
    let l423_1 = &site["article-L423-1.html"];
    assert!(l423_1.contains(
        "<a class=\"condition\" href=\"article-L412-1.html#v2021-05-01-c-visa_long_sejour\">"
    ));
    let l412_1 = &site["article-L412-1.html"];
    assert!(l412_1.contains("dérogation <code>visa_non_opposable</code></a> déroge à"));
    assert!(l412_1.contains("<code>conjoint_de_francais</code> (L. 423-1)</a>"));
}

#[test]
fn every_version_shows_its_dates_legifrance_text_and_points_to_check() {
    let program = ceseda();
    let dir = generate("versions");
    let site = read_site(&dir);
    let words = Words::new(&program, Lang::Fr);
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;")
    };
    for (name, html) in &site {
        if !name.starts_with("article-") {
            continue;
        }
        let h1 = &html[html.find("<h1>").unwrap()..];
        let article = program
            .articles
            .iter()
            .find(|a| {
                h1.starts_with(&format!("<h1>Article {}</h1>", a.id))
                    || h1.starts_with(&format!("<h1>{}</h1>", escape(&a.id)))
            })
            .unwrap_or_else(|| panic!("{name}: no article"));
        for version in &article.versions {
            let from = words.date(version.in_force.from);
            let heading = match version.in_force.until {
                Some(until) => format!("du {from} au {}", words.date(until)),
                None => format!("à compter du {from}"),
            };
            let section = section(html, &format!("v{}", version.in_force.from));
            assert!(section.contains(&heading), "{name}: {heading}");
            match &version.legifrance {
                Some(id) => assert!(section.contains(&format!("<code>{id}</code>")), "{name}"),
                None => assert!(
                    section.contains(
                        "<dt>Légifrance</dt><dd><span class=\"marque-a-verifier\">à vérifier</span>"
                    ),
                    "{name}"
                ),
            }
            if version.text.is_empty() {
                assert!(section.contains("Texte à vérifier"), "{name} {heading}");
            } else {
                // Verbatim, paragraph by paragraph.
                for paragraph in version.text.split('\n') {
                    let quoted = format!("<p>{}</p>", escape(paragraph));
                    assert!(section.contains(&quoted), "{name} {heading}: {quoted}");
                }
            }
            for point in &version.to_check {
                assert!(section.contains(&escape(point)), "{name}: {point}");
            }
            for condition in version.conditions.iter().filter_map(|c| c.name.as_ref()) {
                let anchor = format!("id=\"v{}-c-{condition}\"", version.in_force.from);
                assert!(section.contains(&anchor), "{name}: {anchor}");
            }
        }
    }
}

/// The `<section id="ID">` of a page.
fn section<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn parameters_show_every_dated_value_and_facts_their_uses() {
    let program: Program = ceseda();
    let dir = generate("parameters");
    let site = read_site(&dir);
    let words = Words::new(&program, Lang::Fr);
    let parameters = &site["parametres.html"];
    for parameter in &program.parameters {
        let section = section(parameters, &format!("param-{}", parameter.name));
        let rows = section.matches("<tr><td>").count();
        assert_eq!(rows, parameter.values.len(), "{}", parameter.name);
        for value in &parameter.values {
            let from = words.date(value.in_force.from);
            let period = match value.in_force.until {
                Some(until) => format!("<td>du {from} au {}</td>", words.date(until)),
                None => format!("<td>à compter du {from}</td>"),
            };
            assert!(section.contains(&period), "{}: {period}", parameter.name);
            let shown = match &value.value {
                motif_runtime::value::Value::Enum(name) => name.clone(),
                other => words.value(other, None),
            };
            assert!(section.contains(&shown), "{}: {shown}", parameter.name);
        }
    }
    // Values as the letters write them.
    let students = section(parameters, "param-ressources_etudiant");
    assert!(
        students.contains("<td class=\"valeur\">615,00\u{a0}€</td>"),
        "{students}"
    );
    assert!(students.contains("L. 422-1"), "{students}");

    let facts = &site["faits.html"];
    for fact in &program.facts {
        let section = section(facts, &format!("fait-{}", fact.name));
        for document in &fact.documents {
            assert!(
                section.contains(&document.replace('\'', "&#39;")),
                "{}",
                fact.name
            );
        }
    }
    let transcribed = section(facts, "fait-mariage.transcrit");
    assert!(
        transcribed.contains(
            "L. 423-1 (à compter du 26 août 2021) : condition <code>transcription</code>"
        )
    );
    let health = section(facts, "fait-sante.avis_college_medecins");
    assert!(health.contains("<dt>Donnée sensible</dt>"));
    assert!(facts.contains("<strong>appréciation</strong>"));
}

#[test]
fn policy_texts_are_shown_never_run() {
    let policies = target_dir().join("doc-site-tests").join("hostile-policies");
    let _ = fs::remove_dir_all(&policies);
    fs::create_dir_all(&policies).unwrap();
    fs::write(
        policies.join("regles.motif"),
        "fait demandeur.marie : booléen « marié <script>alert('fait')</script> »\n\
         article L. 1-1 « titre <script>alert('titre')</script> »\n\
         version du 2021-05-01\n  légifrance à vérifier « <img src=x onerror=alert(1)> »\n\
         \x20 source « </blockquote><script>alert('source')</script> »\n\
         \x20 texte « alinéa <script>alert('texte')</script> »\n\
         \x20 condition marie « marié \"<script>\" » : demandeur.marie\n\
         \x20 voie v « voie » délivre carte de séjour temporaire si marie\n",
    )
    .unwrap();
    let dir = target_dir().join("doc-site-tests").join("hostile");
    let _ = fs::remove_dir_all(&dir);
    let run = motif(&[
        "doc",
        &policies.display().to_string(),
        "-o",
        &dir.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.err);
    for (name, contents) in read_site(&dir) {
        assert!(!contents.contains("<script>alert"), "{name}");
        assert!(!contents.contains("<img"), "{name}");
        if name.ends_with(".html") {
            assert_eq!(contents.matches("<script").count(), 2, "{name}");
        }
    }
    let page = fs::read_to_string(dir.join("article-L1-1.html")).unwrap();
    assert!(page.contains("<p>alinéa &lt;script&gt;alert(&#39;texte&#39;)&lt;/script&gt;</p>"));
    assert!(page.contains(
        "<li>&lt;/blockquote&gt;&lt;script&gt;alert(&#39;source&#39;)&lt;/script&gt;</li>"
    ));
    assert!(
        page.contains("identifiant Légifrance non vérifié : &lt;img src=x onerror=alert(1)&gt;")
    );
}

#[test]
fn a_set_with_errors_writes_nothing_and_an_unwritable_output_is_refused() {
    let dir = target_dir().join("doc-site-tests").join("never-written");
    let _ = fs::remove_dir_all(&dir);
    let bad = path("tests/corpus/bad/nom-de-fait-mal-orthographie.motif");
    let run = motif(&["doc", &bad, "-o", &dir.display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.out);
    // The diagnostics as `motif check` prints them, then why nothing was written.
    assert!(
        run.err.contains("nom inconnu : `mariage.transcri`"),
        "{}",
        run.err
    );
    assert!(
        run.err.contains("Vouliez-vous dire `mariage.transcrit` ?"),
        "{}",
        run.err
    );
    assert!(
        run.err
            .contains("contient des erreurs : aucune page n'a été écrite"),
        "{}",
        run.err
    );
    assert!(!dir.exists(), "{} was created", dir.display());

    let file = target_dir().join("doc-site-tests").join("a-file");
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(&file, "not a directory").unwrap();
    let inside = file.join("site");
    let run = motif(&[
        "doc",
        &path("policies"),
        "-o",
        &inside.display().to_string(),
    ]);
    assert_eq!(run.code, 1, "{}", run.out);
    assert!(
        run.err.starts_with(&format!(
            "erreur : impossible de créer le dossier {}",
            inside.display()
        )),
        "{}",
        run.err
    );

    let run = motif(&["doc", "--format", "x"]);
    assert_eq!(run.code, 2, "{}", run.err);
}

#[test]
fn an_article_page_and_the_search_in_a_browser() {
    if browser::chromium_for_test("an_article_page_and_the_search_in_a_browser").is_none() {
        return;
    }
    let shots = target_dir().join("browser");
    let dir = generate("browser");

    let page = browser::open(
        &dir.join("article-L423-1.html"),
        &shots.join("doc-article.png"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for shown in [
        "Article L. 423-1",
        "Carte de séjour temporaire « vie privée et familiale » du conjoint de Français",
        "Version à compter du 26 août 2021",
        "Version du 1er mai 2021 au 25 août 2021",
        // The text, verbatim, and the marker of the text that was not found.
        "1° La communauté de vie n'a pas cessé depuis le mariage ;",
        "3° Lorsque le mariage a été célébré à l'étranger, il a été transcrit préalablement",
        "Texte à vérifier",
        "Légifrance à vérifier",
        // A condition, its label, its expression.
        "condition transcription « 3° lorsque le mariage a été célébré à l'étranger",
        "si mariage.lieu = etranger (à l'étranger) alors mariage.transcrit",
        // The route and the general condition of another article it gets.
        "voie conjoint_de_francais",
        "sans objet « la voie concerne l'étranger marié avec un ressortissant français » si non mariage.avec_ressortissant_francais",
        "visa_long_sejour de L. 412-1 « pour une première délivrance, l'étranger produit un visa de long séjour »",
    ] {
        assert!(
            page.text.contains(shown),
            "the page does not show {shown:?}:\n{}",
            page.text
        );
    }
    assert!(
        page.dom
            .contains("href=\"article-L412-1.html#v2021-05-01-c-visa_long_sejour\"")
    );
    assert!(
        page.dom
            .contains("href=\"faits.html#fait-mariage.transcrit\"")
    );

    // The search, run at load from the query: `423` finds the articles of chapter III.
    let search = browser::open_with_query(
        &dir.join("index.html"),
        "?q=423",
        &shots.join("doc-search.png"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let listed = results(&search.dom);
    for found in [
        "article-L423-1.html",
        "article-L423-21.html",
        "article-L423-8.html",
    ] {
        assert!(
            listed.contains(&format!("href=\"{found}\"")),
            "{found} not found:\n{listed}"
        );
    }
    assert!(!listed.contains("article-L412-1.html"), "{listed}");
    // Articles first, in the order of the code.
    let first = listed.split("href=\"").nth(1).unwrap_or_default();
    assert!(first.starts_with("article-L423-1.html\""), "{listed}");
    assert!(
        search.text.contains("résultat(s) pour « 423 »"),
        "{}",
        search.text
    );

    // A word of a label, without its accents, finds the fact; a query with markup is text.
    let fact = browser::open_with_query(
        &dir.join("faits.html"),
        "?q=etat%20civil%20transcrit",
        &shots.join("doc-search-fact.png"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        results(&fact.dom).contains("href=\"faits.html#fait-mariage.transcrit\""),
        "{}",
        fact.dom
    );
    let hostile = browser::open_with_query(
        &dir.join("index.html"),
        "?q=%3Cimg%20src%3Dx%3E",
        &shots.join("doc-search-hostile.png"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        hostile
            .text
            .contains("Aucun résultat pour « <img src=x> »."),
        "{}",
        hostile.text
    );
    assert!(!hostile.dom.contains("<img"), "{}", hostile.dom);
}

/// The results list of a page's search, as dumped.
fn results(dom: &str) -> String {
    let start = dom
        .find("id=\"resultats\"")
        .unwrap_or_else(|| panic!("no results box"));
    let end = dom[start..]
        .find("</header>")
        .map_or(dom.len(), |e| start + e);
    dom[start..end].to_string()
}
