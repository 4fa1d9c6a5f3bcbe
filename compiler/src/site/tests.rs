//! The site of small policy sets: what each page shows, links, anchors, and escaping.

use super::*;
use crate::compile;

/// A policy set whose every text tries to inject markup.
const HOSTILE: &str = r#"
type enfant : fiche (
    naissance : date « la date de naissance <i>de l'enfant</i> »,
    francais : booléen « l'enfant est français »,
  )

fait demandeur.marie : booléen « l'étranger est <b>marié</b> »
  pièces « l'acte de mariage <img src=x onerror=alert(1)> »
fait mariage.lieu : parmi (
    france « en France »,
    etranger « à l'étranger <script>alert('lieu')</script> »,
  )
  « le lieu du mariage »
fait mariage.transcrit : booléen « le mariage a été transcrit »
fait demandeur.enfants : liste de enfant « les enfants »
appréciation ordre_public.menace : booléen « l'étranger représente une menace » critères « la gravité <u>des faits</u> »
fait sensible sante.avis : booléen « l'avis médical »

paramètre ressources_minimales : montant « ressources « minimales » <script>alert('p')</script> »
  valeur 615 € du 2021-05-01 au 2023-12-31
    source « source <script>alert('source')</script> »
  valeur 700 € du 2024-01-01
    à vérifier « montant <b>non</b> vérifié »

article L. 1-1 « Conditions <script>alert('titre')</script> générales »

version du 2021-05-01
  légifrance LEGIARTI000000000001
  source « corpus </blockquote><script>alert('s')</script> »
  texte «
    Premier alinéa <script>alert('texte')</script> & suite.

    Second alinéa.
  »

  condition générale ordre_public « l'étranger ne menace pas l'ordre public » pour carte de séjour temporaire :
    non ordre_public.menace

article L. 1-2 « Carte <em>du conjoint</em> »

version du 2021-05-01 au 2021-12-31
  légifrance à vérifier « identifiant non relevé »
  texte à vérifier « texte non relevé <script>alert('v')</script> »

  condition transcription « le mariage a été transcrit <script>x</script> » :
    si mariage.lieu = etranger alors mariage.transcrit

  voie conjoint « conjoint <script>alert('voie')</script> »
    délivre carte de séjour temporaire mention « vie <b>privée</b> » durée 1 an
    à vérifier « point <script>alert('route')</script> »
    sans objet « la voie concerne <script>alert('clos')</script> » si non demandeur.marie
    si toutes (
      transcription,
      ordre_public de L. 1-1,
      au moins un e parmi demandeur.enfants tel que (e.francais et e.naissance + 18 ans > date de la décision),
      demandeur.marie « l'étranger <script>alert('inline')</script> est marié »,
    )

  condition favorable avis « l'avis médical est favorable » :
    sante.avis

version du 2022-01-01
  légifrance à vérifier « identifiant non relevé »
  texte « Nouveau texte. »

  condition transcription « le mariage a été transcrit » :
    mariage.transcrit

  voie conjoint « conjoint »
    délivre carte de séjour temporaire durée 1 an
    si toutes (transcription, ordre_public de L. 1-1)

  dérogation ordre_public_conjoint « ne s'applique pas <script>alert('d')</script> » à ordre_public de L. 1-1
    lorsque demandeur.marie
"#;

fn build(text: &str) -> Site {
    let mut sources = SourceSet::new();
    sources.add("regles.motif", text);
    let compilation = compile(&sources).unwrap();
    let program = compilation.program.unwrap_or_else(|| {
        panic!(
            "{}",
            crate::diagnostics::render(
                &compilation.diagnostics,
                &sources,
                crate::diagnostics::Style::Plain
            )
        )
    });
    site(&program, &sources)
}

fn page<'s>(site: &'s Site, path: &str) -> &'s str {
    site.get(path)
        .unwrap_or_else(|| panic!("no page {path}; pages: {:?}", paths(site)))
}

fn paths(site: &Site) -> Vec<&str> {
    site.files().map(|(p, _)| p).collect()
}

#[test]
fn no_text_of_the_policies_becomes_markup() {
    let site = build(HOSTILE);
    for (path, contents) in site.files() {
        if path.ends_with(".html") {
            // The only scripts are the site's two files; no tag of a policy text survives.
            assert_eq!(contents.matches("<script").count(), 2, "{path}");
            for tag in ["<b>", "<i>", "<u>", "<em>", "<img", "</blockquote><script"] {
                assert!(!contents.contains(tag), "{path} contains {tag}");
            }
        } else if path.ends_with(".js") {
            assert!(!contents.contains("<script>alert"), "{path}");
        }
    }
    let article = page(&site, "article-L1-1.html");
    assert!(
        article
            .contains("Conditions &lt;script&gt;alert(&#39;titre&#39;)&lt;/script&gt; générales")
    );
    assert!(article.contains(
        "Premier alinéa &lt;script&gt;alert(&#39;texte&#39;)&lt;/script&gt; &amp; suite."
    ));
    let index = page(&site, "index-recherche.js");
    assert!(index.contains("\\u003cscript>alert('p')"), "{index}");
}

#[test]
fn an_article_page_quotes_its_text_and_shows_what_is_not_verified() {
    let site = build(HOSTILE);
    let first = page(&site, "article-L1-1.html");
    assert!(first.contains("<html lang=\"fr\">"));
    assert!(first.contains(
        "<blockquote class=\"texte\"><p>Premier alinéa &lt;script&gt;alert(&#39;texte&#39;)\
         &lt;/script&gt; &amp; suite.</p><p>Second alinéa.</p></blockquote>"
    ));
    assert!(first.contains("<h2>Version à compter du 1er mai 2021</h2>"));
    assert!(
        first.contains(
            "href=\"https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000000000001\""
        )
    );
    let second = page(&site, "article-L1-2.html");
    assert!(second.contains("<h2>Version du 1er mai 2021 au 31 décembre 2021</h2>"));
    assert!(second.contains("<h2>Version à compter du 1er janvier 2022</h2>"));
    assert!(second.contains("<p class=\"marque\">Texte à vérifier</p>"));
    assert!(second.contains("<span class=\"marque-a-verifier\">à vérifier</span>"));
    assert!(second.contains("texte de l&#39;article non relevé : texte non relevé &lt;script&gt;"));
    assert!(second.contains("identifiant Légifrance non vérifié : identifiant non relevé"));
    assert!(second.contains("point &lt;script&gt;alert(&#39;route&#39;)&lt;/script&gt;"));
    assert!(second.contains("<dt>Écrit dans</dt><dd><code>regles.motif:"));
}

#[test]
fn expressions_link_their_facts_conditions_and_values() {
    let site = build(HOSTILE);
    let page = page(&site, "article-L1-2.html");
    // `si mariage.lieu = etranger alors mariage.transcrit`, on one line.
    assert!(page.contains(
        "<div class=\"feuille\"><span class=\"mot\">si</span> <a class=\"fait\" \
         href=\"faits.html#fait-mariage.lieu\" title=\"le lieu du mariage\"><code>mariage.lieu\
         </code></a> <span class=\"op\">=</span> <code class=\"valeur\">etranger</code> \
         <span class=\"libelle\">(à l&#39;étranger &lt;script&gt;alert(&#39;lieu&#39;)&lt;/script&gt;)\
         </span> <span class=\"mot\">alors</span> <a class=\"fait\" \
         href=\"faits.html#fait-mariage.transcrit\""
    ));
    // A condition of the same version, with its label; one of another article, at the version
    // in force.
    assert!(page.contains("<a class=\"condition\" href=\"#v2021-05-01-c-transcription\"><code>transcription</code></a>"));
    assert!(page.contains("<a class=\"condition\" href=\"#v2022-01-01-c-transcription\"><code>transcription</code></a>"));
    assert!(page.contains(
        "<a class=\"condition\" href=\"article-L1-1.html#v2021-05-01-c-ordre_public\"><code>\
         ordre_public</code> de L. 1-1</a> <span class=\"libelle\">«\u{a0}l&#39;étranger ne menace \
         pas l&#39;ordre public\u{a0}»</span>"
    ));
    // The quantifier's element, its fields, a duration and the decision date.
    assert!(page.contains("<span class=\"mot\">au moins un</span> <var>e</var> <span class=\"mot\">parmi</span> <a class=\"fait\" href=\"faits.html#fait-demandeur.enfants\""));
    assert!(page.contains(
        "<var>e</var><code>.<span title=\"l&#39;enfant est français\">francais</span></code>"
    ));
    assert!(page.contains("<span class=\"valeur\">18 ans</span> <span class=\"op\">&gt;</span> <span class=\"mot\">date de la décision</span>"));
    // An inline-labelled item: its label, then its expression.
    assert!(page.contains("<span class=\"libelle\">«\u{a0}l&#39;étranger &lt;script&gt;"));
    // The route: its card, its closure, and the general condition of its card.
    assert!(page.contains("carte de séjour temporaire portant la mention « vie &lt;b&gt;privée&lt;/b&gt; », d&#39;une durée de 1 an"));
    assert!(
        page.contains(
            "<span class=\"mot\">sans objet</span> «\u{a0}la voie concerne &lt;script&gt;"
        )
    );
    assert!(
        page.contains("S'y ajoutent les conditions générales de la carte de séjour temporaire")
    );
}

#[test]
fn references_are_shown_both_ways() {
    let site = build(HOSTILE);
    let general = page(&site, "article-L1-1.html");
    // Cited by the route of L. 1-2 in both versions, and derogated from by its derogation.
    assert!(general.contains(
        "<a href=\"article-L1-2.html#v2021-05-01-voie-conjoint\">L. 1-2 (du 1er mai 2021 au 31 \
         décembre 2021) : voie <code>conjoint</code></a> emploie <a href=\"#v2021-05-01-c-ordre_public\">"
    ));
    assert!(general.contains(
        "<a href=\"article-L1-2.html#v2022-01-01-d-ordre_public_conjoint\">L. 1-2 (à compter du 1er \
         janvier 2022) : dérogation <code>ordre_public_conjoint</code></a> déroge à"
    ));
    // The general condition names the routes it is added to.
    assert!(general.contains("Voies concernées : <a href=\"article-L1-2.html#v2022-01-01-voie-conjoint\"><code>conjoint</code> (L. 1-2)</a>"));
    let route = page(&site, "article-L1-2.html");
    assert!(route.contains(
        "<h3>Cet article renvoie à</h3>\n<ul><li><a href=\"#v2021-05-01-voie-conjoint\">"
    ));
}

#[test]
fn facts_and_parameters_show_their_uses_and_dated_values() {
    let site = build(HOSTILE);
    let facts = page(&site, "faits.html");
    assert!(facts.contains("<section class=\"declaration\" id=\"fait-mariage.lieu\">"));
    assert!(facts.contains("<li><code>etranger</code> — à l&#39;étranger &lt;script&gt;"));
    assert!(facts.contains("<strong>appréciation</strong>"));
    assert!(facts.contains("<li>la gravité &lt;u&gt;des faits&lt;/u&gt;</li>"));
    assert!(facts.contains("<dt>Donnée sensible</dt>"));
    assert!(facts.contains("<li>l&#39;acte de mariage &lt;img src=x onerror=alert(1)&gt;</li>"));
    let lieu = section(facts, "fait-mariage.lieu");
    assert!(
        lieu.contains("<a href=\"article-L1-2.html#v2021-05-01-c-transcription\">"),
        "{lieu}"
    );
    assert!(!lieu.contains("v2022-01-01"), "{lieu}");
    let parameters = page(&site, "parametres.html");
    assert!(parameters.contains(
        "<td>du 1er mai 2021 au 31 décembre 2023</td><td class=\"valeur\">615,00\u{a0}€</td>"
    ));
    assert!(
        parameters.contains(
            "<td>à compter du 1er janvier 2024</td><td class=\"valeur\">700,00\u{a0}€</td>"
        )
    );
    assert!(parameters.contains("montant &lt;b&gt;non&lt;/b&gt; vérifié"));
    assert!(parameters.contains("<span class=\"note\">aucune règle</span>"));
}

/// The `<section>` with `id` on a page.
fn section<'p>(page: &'p str, id: &str) -> &'p str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let end = page[start..]
        .find("</section>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn names_become_safe_anchors_and_file_names() {
    assert_eq!(slug("L. 423-1"), "L423-1");
    assert_eq!(slug("R. 311-3-1-2"), "R311-3-1-2");
    assert_eq!(
        slug("Accord franco-algérien du 27 décembre 1968"),
        "Accord-franco-algerien-du-27-decembre-1968"
    );
    assert_eq!(slug("« <script> »"), "script");
    assert_eq!(slug("«»"), "sans-nom");
    assert_eq!(ident_anchor("mariage.lieu"), "mariage.lieu");
    assert_eq!(ident_anchor("condé"), "cond-e9-");
    assert_ne!(ident_anchor("condé"), ident_anchor("conde9"));
}

#[test]
fn articles_follow_the_order_of_the_code() {
    let mut ids = vec![
        "Accord",
        "L. 423-21",
        "L. 412-1",
        "L. 423-8",
        "L. 423-1",
        "R. 311-3",
    ];
    ids.sort_by_key(|id| sort_key(id));
    assert_eq!(
        ids,
        [
            "L. 412-1",
            "L. 423-1",
            "L. 423-8",
            "L. 423-21",
            "R. 311-3",
            "Accord"
        ]
    );
}

#[test]
fn every_page_has_the_search_box_and_relative_links_only() {
    let site = build(HOSTILE);
    // Byte for byte the same site on every run (no hash map order leaks into a page).
    assert_eq!(site, build(HOSTILE));
    for (path, contents) in site.files().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            contents.contains("<input type=\"search\" id=\"q\" name=\"q\""),
            "{path}"
        );
        assert!(
            contents.contains("<script src=\"index-recherche.js\"></script>"),
            "{path}"
        );
        assert!(
            contents.contains("<link rel=\"stylesheet\" href=\"style.css\">"),
            "{path}"
        );
        for attr in contents.split(" src=\"").skip(1) {
            assert!(
                !attr.starts_with("http") && !attr.starts_with('/'),
                "{path}: {attr}"
            );
        }
    }
    assert_eq!(
        paths(&site),
        [
            "article-L1-1.html",
            "article-L1-2.html",
            "faits.html",
            "index-recherche.js",
            "index.html",
            "parametres.html",
            "recherche.js",
            "style.css"
        ]
    );
}
