//! The journal's promise: an assessment whose response was received is in the journal. The
//! server, under load from several clients, is killed with SIGKILL; after a restart on the same
//! journal, every assessment a client received is there, byte for byte, and `motif journal`
//! lists, shows and exports them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "service/support.rs"]
mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::{Server, agent, dossier, get, scratch};

#[test]
fn every_answered_assessment_survives_sigkill() {
    let dir = scratch("crash");
    let mut server = Server::start(&dir, &[]);
    let url = server.url.clone();
    // Each client sends distinct dossiers (their ids differ), so that each answer has its own
    // receipt id.
    let received: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let counter = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|client| {
            let (url, received, counter) = (url.clone(), received.clone(), counter.clone());
            std::thread::spawn(move || {
                let agent = agent();
                let template: serde_json::Value =
                    serde_json::from_str(&dossier("07-plusieurs-motifs.json")).unwrap();
                for n in 0.. {
                    let mut dossier = template.clone();
                    dossier["id"] = format!("crash-{client}-{n}").into();
                    let body = dossier.to_string();
                    let response = agent
                        .post(&format!("{url}/v1/assessments"))
                        .header("Content-Type", "application/json")
                        .send(body.as_bytes());
                    // Once the server is killed, requests fail: the client stops.
                    let Ok(mut response) = response else { return };
                    let id = response
                        .headers()
                        .get("motif-assessment-id")
                        .map(|v| v.to_str().unwrap().to_string());
                    let Ok(text) = response.body_mut().read_to_string() else {
                        return;
                    };
                    assert_eq!(response.status().as_u16(), 200, "{text}");
                    let id = id.expect("an assessment comes with its journal id");
                    received.lock().unwrap().push((id, text));
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while counter.load(Ordering::Relaxed) < 150 {
        assert!(Instant::now() < deadline, "the clients did not get going");
        std::thread::sleep(Duration::from_millis(10));
    }
    server.kill();
    for client in clients {
        client.join().unwrap();
    }
    let received = received.lock().unwrap().clone();
    assert!(received.len() >= 150);

    // Restarted on the same journal: every answer is there, as it was given.
    let server = Server::start(&dir, &[]);
    let agent = agent();
    for (id, text) in &received {
        let kept = get(&agent, &format!("{}/v1/assessments/{id}", server.url), None);
        assert_eq!(
            kept.status, 200,
            "{id} was answered but is not in the journal"
        );
        if &kept.body != text {
            let at = kept
                .body
                .bytes()
                .zip(text.bytes())
                .take_while(|(a, b)| a == b)
                .count();
            let around = |s: &str| {
                s.get(at.saturating_sub(200)..(at + 200).min(s.len()))
                    .unwrap_or("")
                    .to_string()
            };
            panic!(
                "{id} is not kept as it was given (lengths {} and {}), at byte {at}:\nkept: {}\ngiven: {}",
                kept.body.len(),
                text.len(),
                around(&kept.body),
                around(text)
            );
        }
    }

    // `motif journal` reads the same journal.
    let journal = server.journal.display().to_string();
    let motif = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_motif"))
            .arg("journal")
            .args(args)
            .args(["--journal", &journal])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let (id, text) = &received[received.len() / 2];
    assert_eq!(motif(&["show", id]).trim_end(), text.trim_end());
    let list = motif(&["list", "--limit", "5"]);
    assert_eq!(
        list.lines().filter(|l| l.contains("décision du")).count(),
        5,
        "{list}"
    );
    assert!(list.contains("crash-"), "{list}");
    let export = motif(&["export"]);
    let exported: Vec<serde_json::Value> = export
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(exported.len() >= received.len());
    for (id, _) in &received {
        assert!(
            exported.iter().any(|e| e["id"] == id.as_str()),
            "{id} not exported"
        );
    }
    let seqs: Vec<i64> = exported
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "export is in journal order"
    );
}
