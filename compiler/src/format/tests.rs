use super::*;

fn formatted(source: &str) -> String {
    match format(source) {
        Ok(text) => text,
        Err(error) => panic!("not formatted: {error:?}\n{source}"),
    }
}

#[test]
fn a_crowded_article_gets_its_canonical_layout() {
    let source = "article L. 1-1 « Essai »\nversion du 2021-01-01 legifrance LEGIARTI000000000001 \
                  texte « Un texte. »\n  condition   majeur « l'étranger est majeur »:demandeur.age>=18\n\
                  voie essai « essai » delivre carte de sejour temporaire mention « essai » duree 1 an \
                  si toutes(majeur,)\n";
    assert_eq!(
        formatted(source),
        "article L. 1-1 « Essai »\n\
         \n\
         version du 2021-01-01\n\
         \x20 légifrance LEGIARTI000000000001\n\
         \x20 texte « Un texte. »\n\
         \n\
         \x20 condition majeur « l'étranger est majeur » :\n\
         \x20   demandeur.age ≥ 18\n\
         \n\
         \x20 voie essai « essai »\n\
         \x20   délivre carte de séjour temporaire mention « essai » durée 1 an\n\
         \x20   si toutes (majeur)\n"
    );
}

#[test]
fn long_expressions_break_before_ou_and_inside_toutes() {
    let long = "une_condition_au_nom_assez_long_pour_remplir_la_ligne";
    let source = format!(
        "article L. 1-1\nversion du 2021-01-01\ncondition c : {long} ou {long}_bis ou \
         toutes ({long}, {long}_ter « intitulé de l'élément »)\n"
    );
    let out = formatted(&source);
    let expected = format!(
        "  condition c :\n    {long}\n    ou {long}_bis\n    ou toutes (\n      {long},\n      \
         {long}_ter « intitulé de l'élément »,\n    )\n"
    );
    assert!(out.ends_with(&expected), "{out}");
}

#[test]
fn comments_stay_where_they_were_written() {
    let source = "# En-tête du fichier\n\n# À propos du fait\nfait a : booléen « a »  # en fin de ligne\n\
                  fait b : booléen\n\n\n# fin du fichier\n";
    assert_eq!(
        formatted(source),
        "# En-tête du fichier\n\n# À propos du fait\nfait a : booléen « a »  # en fin de ligne\n\n\
         fait b : booléen\n\n# fin du fichier\n"
    );
}

#[test]
fn a_long_article_text_becomes_a_filled_block_with_its_paragraphs() {
    let sentence = "L'étranger qui remplit les conditions se voit délivrer une carte de séjour. ";
    let source = format!(
        "article L. 1-1\nversion du 2021-01-01\n  texte « {}\n\n  Second alinéa. »\n",
        sentence.repeat(3)
    );
    let out = formatted(&source);
    assert!(out.contains("  texte «\n    L'étranger"), "{out}");
    assert!(out.contains("\n\n    Second alinéa.\n  »\n"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() <= WIDTH), "{out}");
}

#[test]
fn formatting_twice_changes_nothing_more() {
    let source = "type t « un type » : parmi (a « premier », b « second », c « troisième valeur \
                  dont l'intitulé est long, très long, vraiment long »)\nfait x.y : t\n\
                  pièces « une pièce », « une autre pièce dont le nom est long lui aussi, très long »\n";
    let once = formatted(source);
    assert_eq!(formatted(&once), once);
    assert!(
        once.contains("type t « un type » : parmi (\n    a « premier »,\n"),
        "{once}"
    );
}

#[test]
fn a_file_with_an_error_is_not_formatted() {
    let Err(FormatError::Invalid(problems)) = format("condition c : a\n") else {
        panic!("a rule outside an article must be refused");
    };
    assert!(!problems.is_empty());
    assert!(matches!(
        format("fait a booléen"),
        Err(FormatError::Invalid(_))
    ));
}

#[test]
fn spans_are_ignored_and_nothing_else() {
    assert_eq!(
        without_places("Name { node: \"a\", span: Span { start: 1, end: 2 } }"),
        "Name { node: \"a\", span: Span }"
    );
}
