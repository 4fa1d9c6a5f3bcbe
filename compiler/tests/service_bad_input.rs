//! The bad-input table (`tests/src/bad_input.rs`, shared with the command line's test) against
//! `motif serve`: each document gets its 4xx problem+json, with the problem's JSON path when
//! the document was read, and the server goes on answering; nothing counts as a server error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code fails loudly

#[path = "service/support.rs"]
mod support;

#[path = "../../tests/src/bad_input.rs"]
mod bad_input;

use support::{Server, agent, get, post, scratch};

#[test]
fn every_bad_document_gets_a_4xx_with_its_path() {
    let dir = scratch("bad-input");
    // The service's default limits: those of the runtime.
    let server = Server::start(&dir, &[]);
    let (agent, url) = (agent(), &server.url);
    for case in bad_input::cases() {
        let reply = post(&agent, &format!("{url}/v1/assessments"), &case.body, None);
        let problem = reply.problem(case.status);
        // The service refuses a body too large or too deep before reading it: no path then.
        let read = !matches!(
            problem["type"].as_str(),
            Some("urn:motif:problem:too-large" | "urn:motif:problem:too-deep")
        );
        let mut said = problem["detail"].as_str().unwrap_or_default().to_string();
        for error in problem["errors"].as_array().into_iter().flatten() {
            said.push_str(error["detail"].as_str().unwrap_or_default());
        }
        assert!(
            said.contains(case.says),
            "{}: the problem does not say « {} »: {problem}",
            case.name,
            case.says
        );
        if read {
            let paths: Vec<&str> = problem["errors"]
                .as_array()
                .unwrap_or_else(|| panic!("{}: no errors: {problem}", case.name))
                .iter()
                .filter_map(|e| e["path"].as_str())
                .collect();
            assert!(
                paths.contains(&case.path.as_str()),
                "{}: {} not among {paths:?}",
                case.name,
                case.path
            );
        }
    }
    let metrics = get(&agent, &format!("{url}/metrics"), None).body;
    assert!(!metrics.contains("status=\"5"), "{metrics}");
}
