//! Policy reload on a running `motif serve`: a new set replaces the old one (by endpoint and by
//! SIGHUP), a set that does not compile is refused with its diagnostics and the old one stays,
//! requests never fail during reloads, and an assessment of the past replays with the exact
//! set of its time, kept in the journal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "service/support.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::{Server, agent, copy_dir, dossier, get, post, root, scratch};

const PARAMETERS: &str = "ceseda/parametres.motif";

fn edit(policies: &Path, from: &str, to: &str) {
    let path = policies.join(PARAMETERS);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn hash(agent: &ureq::Agent, url: &str) -> String {
    get(agent, &format!("{url}/healthz"), None).json()["policy_set"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn reload_replaces_the_set_and_replays_use_the_set_of_their_time() {
    let dir = scratch("reload");
    let policies = dir.join("policies");
    copy_dir(&root().join("policies"), &policies);
    let server = Server::start_with(&policies, &dir, &[]);
    let (agent, url) = (agent(), &server.url);
    let text = dossier("15-etudiant-ressources-extraites.json");
    let given = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    );
    let before = given.json();
    // The journal id, from Location (the receipt's id names the computation, not the entry).
    let id = given
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let first = hash(&agent, url);
    let student = |a: &serde_json::Value| {
        a["routes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["route"] == "etudiant")
            .unwrap()["outcome"]
            .clone()
    };
    assert_eq!(student(&before), "eligible");

    // The students' amount raised above the dossier's 700 €.
    edit(
        &policies,
        "valeur 615 € du 2021-05-01",
        "valeur 800 € du 2021-05-01",
    );
    let reloaded = post(&agent, &format!("{url}/v1/policy/reload"), b"", None);
    assert_eq!(reloaded.status, 200, "{}", reloaded.body);
    let reloaded = reloaded.json();
    assert_eq!(reloaded["changed"], true);
    assert_eq!(reloaded["previous"], first.as_str());
    let second = hash(&agent, url);
    assert_ne!(second, first);
    assert_eq!(reloaded["current"], second.as_str());
    let after = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    )
    .json();
    assert_eq!(student(&after), "not_eligible");
    assert_eq!(after["receipt"]["policy_set"], second.as_str());

    // The earlier assessment replays identically with its own set, from the journal...
    let replay = post(
        &agent,
        &format!("{url}/v1/assessments/{id}/replay"),
        b"",
        None,
    )
    .json();
    assert_eq!(replay["identical"], true, "{replay}");
    assert_eq!(replay["policy_set"], first.as_str());
    // ...and against the set in use now, says what would change.
    let replay = post(
        &agent,
        &format!("{url}/v1/assessments/{id}/replay?against=current"),
        b"",
        None,
    )
    .json();
    assert_eq!(replay["identical"], false);
    let differences: Vec<&str> = replay["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert!(
        differences
            .iter()
            .any(|d| d.contains("jeu de règles a changé")),
        "{differences:?}"
    );
    assert!(
        differences
            .iter()
            .any(|d| d.contains("etudiant") && d.contains("not_eligible")),
        "{differences:?}"
    );

    // A set that does not compile is refused with its diagnostics; the old one stays.
    let path = policies.join(PARAMETERS);
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{good}\nparamètre cassé : \n")).unwrap();
    let refused = post(&agent, &format!("{url}/v1/policy/reload"), b"", None).problem(422);
    assert_eq!(refused["type"], "urn:motif:problem:policy-refused");
    let diagnostics = refused["diagnostics"].as_str().unwrap();
    assert!(diagnostics.contains("parametres.motif"), "{diagnostics}");
    assert!(refused["detail"].as_str().unwrap().contains(&second));
    assert_eq!(hash(&agent, url), second);
    let still = post(
        &agent,
        &format!("{url}/v1/assessments"),
        text.as_bytes(),
        None,
    );
    assert_eq!(still.status, 200);

    // SIGHUP reloads too: back to 615 €.
    std::fs::write(&path, good.replacen("valeur 800 €", "valeur 615 €", 1)).unwrap();
    server.signal("HUP");
    let deadline = Instant::now() + Duration::from_secs(60);
    while hash(&agent, url) == second {
        assert!(Instant::now() < deadline, "SIGHUP did not reload the set");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        hash(&agent, url),
        first,
        "the same sources give the same hash"
    );

    // The metrics count the reloads.
    let metrics = get(&agent, &format!("{url}/metrics"), None).body;
    assert!(
        metrics.contains("motif_policy_reloads_total{result=\"accepted\"} 2"),
        "{metrics}"
    );
    assert!(
        metrics.contains("motif_policy_reloads_total{result=\"refused\"} 1"),
        "{metrics}"
    );
}

#[test]
fn requests_in_flight_never_fail_during_reloads() {
    let dir = scratch("reload-load");
    let policies = dir.join("policies");
    copy_dir(&root().join("policies"), &policies);
    let server = Server::start_with(&policies, &dir, &[]);
    let url = server.url.clone();
    let first = hash(&agent(), &url);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..3)
        .map(|_| {
            let (url, stop) = (url.clone(), stop.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let text = dossier("01-conjoint-eligible.json");
                let mut hashes = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let reply = post(
                        &agent,
                        &format!("{url}/v1/assessments"),
                        text.as_bytes(),
                        None,
                    );
                    assert_eq!(reply.status, 200, "{}", reply.body);
                    hashes.push(
                        reply.json()["receipt"]["policy_set"]
                            .as_str()
                            .unwrap()
                            .to_string(),
                    );
                }
                hashes
            })
        })
        .collect();
    let agent = agent();
    let mut sets = vec![first.clone()];
    for amount in ["616", "617", "618", "615"] {
        let text = std::fs::read_to_string(policies.join(PARAMETERS)).unwrap();
        let at = text.find("valeur 6").unwrap();
        let edited = format!("{}valeur {amount}{}", &text[..at], &text[at + 10..]);
        std::fs::write(policies.join(PARAMETERS), edited).unwrap();
        let reloaded = post(&agent, &format!("{url}/v1/policy/reload"), b"", None);
        assert_eq!(reloaded.status, 200, "{}", reloaded.body);
        sets.push(reloaded.json()["current"].as_str().unwrap().to_string());
        std::thread::sleep(Duration::from_millis(200));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut answered = 0;
    for client in clients {
        for hash in client.join().unwrap() {
            assert!(
                sets.contains(&hash),
                "an assessment named an unknown set {hash}"
            );
            answered += 1;
        }
    }
    assert!(answered > 0);
    assert_eq!(
        sets.last(),
        Some(&first),
        "back to 615 €, back to the first hash"
    );
}
