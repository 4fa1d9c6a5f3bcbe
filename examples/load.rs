//! A bounded load generator for `motif serve`, for the figures of the README.
//!
//! ```text
//! cargo run --release --example load -- --url http://127.0.0.1:8080 [--token-file F]
//!     [--requests 20000] [--concurrency 8] [--dossiers examples/dossiers]
//! ```
//!
//! A warm-up pass posts every dossier of the directory once and keeps those answered 200
//! (the others are reported and left out). Then `--concurrency` threads, each with its own
//! agent (one kept-alive connection), send exactly `--requests` `POST /v1/assessments` in all,
//! round-robin over the dossiers kept, and record each latency (until the whole body is read).
//! Prints the total time, assessments per second, p50/p90/p99/max and the count of answers by
//! HTTP status. Exits non-zero if any request got a 5xx or a transport error.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use ureq::Agent;

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

const USAGE: &str = "usage: cargo run --release --example load -- [--url http://127.0.0.1:8080] \
                     [--token-file FILE] [--requests 20000] [--concurrency 8] \
                     [--dossiers examples/dossiers]";

struct Args {
    url: String,
    token: Option<String>,
    requests: usize,
    concurrency: usize,
    dossiers: PathBuf,
}

/// What one thread saw.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
    transport_errors: Vec<String>,
}

fn main() -> ExitCode {
    run().unwrap_or_else(|error| {
        eprintln!("error: {error}");
        ExitCode::from(2)
    })
}

fn run() -> Result<ExitCode> {
    let args = parse_args()?;
    let endpoint = format!("{}/v1/assessments", args.url);

    // Warm-up: one pass over every dossier; only those answered 200 are used for the load.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.dossiers)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let warm = agent();
    let mut bodies = Vec::new();
    let mut excluded = Vec::new();
    for file in &files {
        let body = std::fs::read_to_string(file)?;
        match post(&warm, &endpoint, args.token.as_deref(), &body) {
            Ok(200) => bodies.push(body),
            Ok(401) => {
                return Err("the service asks for a token (HTTP 401): give --token-file".into());
            }
            Ok(status) => excluded.push(format!("{} (HTTP {status})", file.display())),
            Err(error) => return Err(format!("warm-up: {}: {error}", file.display()).into()),
        }
    }
    println!(
        "dossiers: {} used, {} excluded (not answered 200 in the warm-up)",
        bodies.len(),
        excluded.len()
    );
    for file in excluded.iter().take(10) {
        println!("  excluded: {file}");
    }
    if excluded.len() > 10 {
        println!("  … and {} more", excluded.len() - 10);
    }
    if bodies.is_empty() {
        return Err(format!("no dossier of {} is accepted", args.dossiers.display()).into());
    }

    // The load: request k goes to thread k % concurrency, with dossier k % dossiers.
    let (requests, threads) = (args.requests, args.concurrency);
    let started = Instant::now();
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (bodies, endpoint, token) = (&bodies, &endpoint, args.token.as_deref());
                scope.spawn(move || {
                    let agent = agent();
                    let mut tally = Tally::default();
                    for k in (t..requests).step_by(threads) {
                        let body = &bodies[k % bodies.len()];
                        let sent = Instant::now();
                        match post(&agent, endpoint, token, body) {
                            Ok(status) => {
                                tally.latencies.push(sent.elapsed());
                                *tally.statuses.entry(status).or_default() += 1;
                            }
                            Err(error) => tally.transport_errors.push(error.to_string()),
                        }
                    }
                    tally
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| Tally {
                    transport_errors: vec!["a load thread panicked".into()],
                    ..Tally::default()
                })
            })
            .collect()
    });
    let elapsed = started.elapsed();

    // The figures.
    let mut latencies: Vec<Duration> = Vec::with_capacity(requests);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut transport_errors = Vec::new();
    for tally in tallies {
        latencies.extend(tally.latencies);
        for (status, count) in tally.statuses {
            *statuses.entry(status).or_default() += count;
        }
        transport_errors.extend(tally.transport_errors);
    }
    latencies.sort_unstable();
    let answered = latencies.len();
    println!(
        "{requests} requests, concurrency {threads}, {} distinct dossiers",
        bodies.len()
    );
    println!("total time:  {:.2} s", elapsed.as_secs_f64());
    println!(
        "throughput:  {:.0} assessments/s",
        answered as f64 / elapsed.as_secs_f64()
    );
    for (name, p) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0), ("max", 100.0)] {
        if let Some(latency) = percentile(&latencies, p) {
            println!("latency {name}: {:.2} ms", latency.as_secs_f64() * 1e3);
        }
    }
    for (status, count) in &statuses {
        println!("HTTP {status}: {count}");
    }
    let server_errors: usize = statuses.range(500..).map(|(_, c)| c).sum();
    if !transport_errors.is_empty() {
        println!("transport errors: {}", transport_errors.len());
        for error in transport_errors.iter().take(5) {
            println!("  {error}");
        }
    }
    Ok(if server_errors == 0 && transport_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// An agent that keeps its connection alive and reads 4xx/5xx as answers, not errors.
fn agent() -> Agent {
    Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// Posts a dossier and reads the whole answer (so that the connection can be reused); gives
/// the HTTP status.
fn post(agent: &Agent, url: &str, token: Option<&str>, body: &str) -> Result<u16, ureq::Error> {
    let mut request = agent.post(url).content_type("application/json");
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    let mut response = request.send(body)?;
    let status = response.status().as_u16();
    response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()?;
    Ok(status)
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[Duration], p: f64) -> Option<Duration> {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len().max(1)) - 1).copied()
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        url: "http://127.0.0.1:8080".into(),
        token: None,
        requests: 20_000,
        concurrency: 8,
        dossiers: PathBuf::from("examples/dossiers"),
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || given.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--url" => args.url = value()?.trim_end_matches('/').to_string(),
            "--token-file" => {
                let file = value()?;
                let token = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
                args.token = Some(token.trim().to_string());
            }
            "--requests" => args.requests = value()?.parse()?,
            "--concurrency" => args.concurrency = value()?.parse()?,
            "--dossiers" => args.dossiers = value()?.into(),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown {other}\n{USAGE}").into()),
        }
    }
    if args.requests == 0 || args.concurrency == 0 {
        return Err("--requests and --concurrency must be at least 1".into());
    }
    Ok(args)
}
