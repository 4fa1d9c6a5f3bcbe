//! The bad-input table: documents sent as dossiers for the CESEDA set that are not valid ones,
//! each with where the problem is (its JSON path) and the HTTP status the service answers. The
//! command line (`tests/tests/bad_input.rs`) and the service (`compiler/tests/service_bad_input.rs`,
//! which includes this file by path) run the same table: each case is refused with its path,
//! exit code 1 or a 4xx, and nothing panics.
//!
//! Standalone (std only), so that both crates can include it.

/// One bad document.
pub struct Case {
    pub name: &'static str,
    pub body: Vec<u8>,
    /// The JSON path of the problem, as the error names it.
    pub path: String,
    /// What the error says, in part.
    pub says: &'static str,
    /// The service's status.
    pub status: u16,
}

/// A dossier decided on 2026-03-02 whose `facts` are `facts` (JSON text).
fn with_facts(facts: &str) -> Vec<u8> {
    format!(r#"{{"id": "bad-input", "decided_on": "2026-03-02", "facts": {facts}}}"#).into_bytes()
}

fn case(name: &'static str, body: Vec<u8>, path: &str, says: &'static str, status: u16) -> Case {
    Case {
        name,
        body,
        path: path.to_string(),
        says,
        status,
    }
}

/// Every case of the table.
pub fn cases() -> Vec<Case> {
    let deep = format!(
        "{{\"demandeur\": {{\"enfants\": {}{}}}}}",
        "[".repeat(40),
        "]".repeat(40)
    );
    let deep_path = format!("$.facts.demandeur.enfants{}", "[0]".repeat(29));
    let children = vec!["{}"; 101].join(", ");
    let mut huge = br#"{"decided_on": "2026-03-02", "description": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'x', (1 << 20) + 10));
    huge.extend_from_slice(br#"", "facts": {}}"#);
    vec![
        case(
            "malformed JSON",
            br#"{"decided_on": "2026-03-02", "facts": {"demandeur": "#.to_vec(),
            "$.facts.demandeur",
            "JSON invalide",
            400,
        ),
        case(
            "trailing comma",
            with_facts(r#"{"demandeur": {"polygamie": false,}}"#),
            "$.facts.demandeur",
            "virgule en trop",
            400,
        ),
        case(
            "not UTF-8",
            b"{\"description\": \"caf\xe9\", \"facts\": {}}".to_vec(),
            "$",
            "UTF-8",
            400,
        ),
        case("empty document", Vec::new(), "$", "JSON invalide", 400),
        case(
            "only spaces",
            b"  \n\t ".to_vec(),
            "$",
            "JSON invalide",
            400,
        ),
        case(
            "not an object",
            b"[1, 2]".to_vec(),
            "$",
            "un objet JSON",
            422,
        ),
        case("null", b"null".to_vec(), "$", "un objet JSON", 422),
        case(
            "facts not an object",
            with_facts("[]"),
            "$.facts",
            "attendu",
            422,
        ),
        case("larger than the limit", huge, "$", "octets", 413),
        case(
            "nested deeper than the limit",
            with_facts(&deep),
            &deep_path,
            "niveaux",
            400,
        ),
        case(
            "nested beyond any parser",
            "[".repeat(100_000).into_bytes(),
            &format!("${}", "[0]".repeat(32)),
            "niveaux",
            400,
        ),
        case(
            "wrong type",
            with_facts(r#"{"demandeur": {"naissance": true}}"#),
            "$.facts.demandeur.naissance",
            "attendu une date",
            422,
        ),
        case(
            "impossible date",
            with_facts(r#"{"demandeur": {"naissance": "2023-02-30"}}"#),
            "$.facts.demandeur.naissance",
            "2023-02-30",
            422,
        ),
        case(
            "impossible decision date",
            br#"{"decided_on": "2023-02-30", "facts": {}}"#.to_vec(),
            "$.decided_on",
            "2023-02-30",
            422,
        ),
        case(
            "negative amount",
            with_facts(r#"{"ressources": {"mensuelles": -1200}}"#),
            "$.facts.ressources.mensuelles",
            "négatif",
            422,
        ),
        case(
            "negative amount as text",
            with_facts(r#"{"ressources": {"mensuelles": "-1200.50"}}"#),
            "$.facts.ressources.mensuelles",
            "négatif",
            422,
        ),
        case(
            "amount with fractions of a cent",
            with_facts(r#"{"ressources": {"mensuelles": 1200.505}}"#),
            "$.facts.ressources.mensuelles",
            "au centime",
            422,
        ),
        case(
            "unknown enumeration value",
            with_facts(r#"{"visa": {"type": "touriste"}}"#),
            "$.facts.visa.type",
            "valeur inconnue",
            422,
        ),
        case(
            "duplicate key",
            with_facts(r#"{"demandeur": {"polygamie": false, "polygamie": true}}"#),
            "$.facts.demandeur.polygamie",
            "deux fois",
            422,
        ),
        case(
            "number out of range",
            with_facts(r#"{"examen_civique": {"note": 1e400}}"#),
            "$.facts.examen_civique.note",
            "hors limites",
            400,
        ),
        case(
            "integer too large",
            with_facts(r#"{"examen_civique": {"note": 9223372036854775808}}"#),
            "$.facts.examen_civique.note",
            "nombre entier",
            422,
        ),
        case(
            "integer with a fraction",
            with_facts(r#"{"examen_civique": {"note": 12.5}}"#),
            "$.facts.examen_civique.note",
            "nombre entier",
            422,
        ),
        case(
            "unknown field",
            with_facts(r#"{"demandeur": {"naissanse": "1990-01-01"}}"#),
            "$.facts.demandeur.naissanse",
            "naissance",
            422,
        ),
        case(
            "list longer than the limit",
            with_facts(&format!(r#"{{"demandeur": {{"enfants": [{children}]}}}}"#)),
            "$.facts.demandeur.enfants",
            "101 éléments",
            422,
        ),
        case(
            "confidence out of bounds",
            with_facts(
                r#"{"demandeur": {"polygamie": {"value": false, "source": "extraction", "confidence": 2}}}"#,
            ),
            "$.facts.demandeur.polygamie.confidence",
            "entre 0 et 1",
            422,
        ),
        case(
            "appraisal without an officer",
            with_facts(r#"{"jeune": {"insertion": {"value": true, "source": "document"}}}"#),
            "$.facts.jeune.insertion",
            "agent",
            422,
        ),
    ]
}
