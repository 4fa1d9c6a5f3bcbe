//! `motif serve` against a real server on loopback: every endpoint, and every kind of bad
//! request answered with a 4xx problem+json — never a 5xx, never a dropped connection.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "service/support.rs"]
mod support;

use serde_json::Value as Json;
use support::{Server, agent, dossier, get, post, scratch};

#[test]
fn every_endpoint_answers() {
    let dir = scratch("endpoints");
    let server = Server::start(&dir, &[]);
    let (agent, url) = (agent(), &server.url);

    // An assessment: the JSON contract, with its receipt, named by Location.
    let text = dossier("01-conjoint-eligible.json");
    let given = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    );
    assert_eq!(given.status, 200, "{}", given.body);
    assert_eq!(given.content_type, "application/json");
    let assessment = given.json();
    let receipt = assessment["receipt"]["id"].as_str().unwrap().to_string();
    assert!(receipt.starts_with("sha256:"));
    let location = given.location.clone().unwrap();
    let id = location
        .strip_prefix("/v1/assessments/")
        .unwrap()
        .to_string();
    assert!(!id.is_empty() && !id.contains('/'), "{location}");
    let outcome = |a: &Json, route: &str| {
        a["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == route)
            .map(|r| r["outcome"].clone())
    };
    assert_eq!(
        outcome(&assessment, "conjoint_de_francais").unwrap(),
        "eligible"
    );

    // The same, from the journal, byte for byte.
    let kept = get(&agent, &format!("{url}{location}"), None);
    assert_eq!(kept.status, 200);
    assert_eq!(kept.body, given.body);
    // The same dossier given again: the same receipt, a new journal entry.
    let again = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    );
    assert_eq!(again.json()["receipt"]["id"], receipt.as_str());
    assert_ne!(again.location.unwrap(), location);

    // Replayed with the set of the time: identical.
    let replay = post(
        &agent,
        &format!("{url}/v1/assessments/{id}/replay"),
        b"",
        None,
    );
    assert_eq!(replay.status, 200, "{}", replay.body);
    let replay = replay.json();
    assert_eq!(replay["identical"], true);
    assert_eq!(replay["differences"], Json::Array(vec![]));
    assert_eq!(replay["policy_set"], assessment["receipt"]["policy_set"]);

    // The renderings: letters in French and English, the officer's view, as text and HTML.
    for (query, content_type, needle) in [
        ("format=letter", "text/plain; charset=utf-8", "conjoint"),
        (
            "format=letter&lang=en",
            "text/plain; charset=utf-8",
            "RESIDENCE PERMIT",
        ),
        (
            "format=letter-html&lang=en",
            "text/html; charset=utf-8",
            "<html",
        ),
        (
            "format=officer",
            "text/plain; charset=utf-8",
            "Évaluation du dossier",
        ),
        ("format=officer-html", "text/html; charset=utf-8", "<html"),
    ] {
        let reply = post(
            &agent,
            &format!("{url}/v1/assessments?{query}"),
            text.as_bytes(),
            None,
        );
        assert_eq!(reply.status, 200, "{query}: {}", reply.body);
        assert_eq!(reply.content_type, content_type, "{query}");
        assert!(
            reply.body.contains(needle),
            "{query}: {}",
            &reply.body[..300]
        );
        // The letters and the officer's page name the receipt (the officer's text view
        // does not show it).
        if query != "format=officer" {
            assert!(
                reply.body.contains(&receipt),
                "{query}: the rendering names the receipt"
            );
        }
        // From the journal, rendered again with the set of the time: the same text.
        let again = get(&agent, &format!("{url}/v1/assessments/{id}?{query}"), None);
        assert_eq!(again.body, reply.body, "{query}");
    }

    // Dates given as parameters take precedence over the dossier's.
    let earlier = post(
        &agent,
        &format!("{url}/v1/assessments?decided_on=2026-02-01&filed_on=2026-01-10"),
        text.as_bytes(),
        None,
    )
    .json();
    assert_eq!(earlier["decided_on"], "2026-02-01");
    assert_ne!(earlier["receipt"]["id"], assessment["receipt"]["id"]);

    // The policy set: its hash is the one receipts name; articles with their versions.
    let policy = get(&agent, &format!("{url}/v1/policy"), None).json();
    assert_eq!(policy["hash"], assessment["receipt"]["policy_set"]);
    let articles = policy["articles"].as_array().unwrap();
    let l423_1 = articles.iter().find(|a| a["id"] == "L. 423-1").unwrap();
    assert!(!l423_1["versions"].as_array().unwrap().is_empty());
    assert!(
        policy["routes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "conjoint_de_francais" && r["article"] == "L. 423-1")
    );

    // The dossier's schema, for this policy set.
    let schema = get(&agent, &format!("{url}/v1/schema/dossier"), None).json();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(
        schema["title"]
            .as_str()
            .unwrap()
            .contains(policy["hash"].as_str().unwrap())
    );

    // The OpenAPI description: every endpoint, and the real schemas of dossier and assessment.
    let openapi = get(&agent, &format!("{url}/openapi.json"), None).json();
    assert!(openapi["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/assessments",
        "/v1/assessments/{id}",
        "/v1/assessments/{id}/replay",
        "/v1/policy",
        "/v1/policy/reload",
        "/v1/schema/dossier",
        "/openapi.json",
        "/healthz",
        "/metrics",
    ] {
        assert!(
            openapi["paths"].get(path).is_some(),
            "{path} is not described"
        );
    }
    let schemas = &openapi["components"]["schemas"];
    assert!(schemas["Dossier"]["properties"]["facts"].is_object());
    assert!(schemas["Assessment"]["properties"]["receipt"].is_object());
    assert!(schemas["Problem"]["properties"]["errors"].is_object());
    // References point inside the document.
    let text = openapi.to_string();
    assert!(
        !text.contains("#/$defs/"),
        "a reference was left pointing at $defs"
    );

    let health = get(&agent, &format!("{url}/healthz"), None);
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["policy_set"], policy["hash"]);

    // Metrics: what was asked above is counted.
    let metrics = get(&agent, &format!("{url}/metrics"), None);
    assert!(metrics.content_type.starts_with("text/plain"));
    let count = |line: &str| -> u64 {
        metrics
            .body
            .lines()
            .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{line} missing:\n{}", metrics.body))
    };
    assert_eq!(
        count("motif_requests_total{endpoint=\"/v1/assessments\",status=\"200\"}"),
        8
    );
    assert!(count("motif_route_outcomes_total{outcome=\"eligible\"}") >= 8);
    assert_eq!(count("motif_assessment_duration_seconds_count"), 8);
    assert_eq!(
        count("motif_assessment_duration_seconds_bucket{le=\"+Inf\"}"),
        8
    );

    // Reloading an unchanged directory keeps the same set.
    let reloaded = post(&agent, &format!("{url}/v1/policy/reload"), b"", None);
    assert_eq!(reloaded.status, 200, "{}", reloaded.body);
    assert_eq!(reloaded.json()["changed"], false);
}

#[test]
fn bad_requests_get_a_problem_never_a_5xx() {
    let dir = scratch("bad");
    let server = Server::start(&dir, &["--max-body", "20000", "--max-depth", "16"]);
    let (agent, url) = (agent(), &server.url);
    let assess = |query: &str, body: &[u8]| {
        post(&agent, &format!("{url}/v1/assessments{query}"), body, None)
    };

    let problem = assess("", b"{\"facts\": ").problem(400);
    assert_eq!(problem["type"], "urn:motif:problem:malformed-json");

    let wrong_type =
        br#"{"decided_on": "2026-03-02", "facts": {"demandeur": {"naissance": "dix-huit"}}}"#;
    let problem = assess("", wrong_type).problem(422);
    assert_eq!(problem["errors"][0]["path"], "$.facts.demandeur.naissance");

    // Every problem of the dossier, each at its path.
    let two = br#"{"decided_on": "2026-03-02", "facts": {"demandeur": {"naissance": true}, "mariage": {"date": 3}}}"#;
    let problem = assess("", two).problem(422);
    let paths: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(paths.contains(&"$.facts.demandeur.naissance"), "{paths:?}");
    assert!(paths.contains(&"$.facts.mariage.date"), "{paths:?}");

    let mut large = b"{\"description\": \"".to_vec();
    large.extend(std::iter::repeat_n(b'x', 30_000));
    large.extend_from_slice(b"\"}");
    assess("", &large).problem(413);

    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let problem = assess("", deep.as_bytes()).problem(400);
    assert_eq!(problem["type"], "urn:motif:problem:too-deep");

    assess("", &[0xff, 0xfe, b'{', b'}']).problem(400);
    assess("", b"").problem(400);
    assess("", b"[1, 2]").problem(422);

    let no_date = br#"{"facts": {}}"#;
    let problem = assess("", no_date).problem(422);
    assert_eq!(problem["errors"][0]["path"], "$.decided_on");

    let problem = assess("?decided_on=2026-02-30", no_date).problem(400);
    assert_eq!(problem["errors"][0]["path"], "?decided_on");
    assess("?decided_on=2026-03-02&filed_on=2026-04-01", no_date).problem(422);
    assess("?format=pdf", no_date).problem(400);
    assess("?lang=de&format=letter", no_date).problem(400);
    assess("?lang=en", no_date).problem(400);

    let unknown = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    get(&agent, &format!("{url}/v1/assessments/{unknown}"), None).problem(404);
    post(
        &agent,
        &format!("{url}/v1/assessments/{unknown}/replay"),
        b"",
        None,
    )
    .problem(404);
    get(&agent, &format!("{url}/v2/nothing"), None).problem(404);
    get(&agent, &format!("{url}/v1/assessments"), None).problem(405);
    let text = dossier("01-conjoint-eligible.json");
    let id = assess("", text.as_bytes()).location.unwrap();
    post(
        &agent,
        &format!("{url}{id}/replay?against=yesterday"),
        b"",
        None,
    )
    .problem(400);

    // After all that, the server still answers, and nothing was counted as a server error.
    let metrics = get(&agent, &format!("{url}/metrics"), None).body;
    assert!(!metrics.contains("status=\"5"), "{metrics}");
}

#[test]
fn a_token_when_one_is_required() {
    let dir = scratch("token");
    let token = "motif-test-token-0123456789";
    std::fs::write(dir.join("token"), format!("{token}\n")).unwrap();
    let token_file = dir.join("token").display().to_string();
    let server = Server::start(&dir, &["--token-file", &token_file]);
    let (agent, url) = (agent(), &server.url);
    let text = dossier("01-conjoint-eligible.json");

    let problem = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    )
    .problem(401);
    assert_eq!(problem["type"], "urn:motif:problem:token-required");
    post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        Some("wrong-token-0123456789"),
    )
    .problem(401);
    for path in [
        "/v1/policy",
        "/metrics",
        "/openapi.json",
        "/v1/schema/dossier",
    ] {
        get(&agent, &format!("{url}{path}"), None).problem(401);
        assert_eq!(
            get(&agent, &format!("{url}{path}"), Some(token)).status,
            200,
            "{path}"
        );
    }
    // Health checks need no token.
    assert_eq!(get(&agent, &format!("{url}/healthz"), None).status, 200);
    let given = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        Some(token),
    );
    assert_eq!(given.status, 200);
}

#[test]
fn refuses_to_listen_beyond_loopback_without_a_token() {
    let dir = scratch("public");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_motif"))
        .args(["serve", "--addr", "0.0.0.0:0", "--journal"])
        .arg(dir.join("j.db"))
        .arg("--policies")
        .arg(support::root().join("policies"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("--token-file"), "{err}");
}
