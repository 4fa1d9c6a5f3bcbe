//! Counters for `GET /metrics`, in the Prometheus text format: requests by endpoint and
//! status, route outcomes, a latency histogram of assessments, policy reloads.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use motif_runtime::Outcome;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 5.0,
];

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(&'static str, u16), u64>>,
    outcomes: [AtomicU64; 5],
    /// Cumulative counts per bucket, then `+Inf`.
    latency: [AtomicU64; BUCKETS.len() + 1],
    latency_sum_micros: AtomicU64,
    reloads_ok: AtomicU64,
    reloads_refused: AtomicU64,
}

impl Metrics {
    pub fn request(&self, endpoint: &'static str, status: u16) {
        if let Ok(mut requests) = self.requests.lock() {
            *requests.entry((endpoint, status)).or_default() += 1;
        }
    }

    /// An assessment given: its routes' outcomes and how long it took.
    pub fn assessment(&self, outcomes: impl IntoIterator<Item = Outcome>, took: Duration) {
        for outcome in outcomes {
            if let Some(i) = Outcome::ALL.iter().position(|o| *o == outcome) {
                self.outcomes[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        self.latency[bucket].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    pub fn reload(&self, accepted: bool) {
        let counter = if accepted {
            &self.reloads_ok
        } else {
            &self.reloads_refused
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, policy_set: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP motif_requests_total Requests answered, by endpoint and HTTP status.\n\
             # TYPE motif_requests_total counter"
        );
        if let Ok(requests) = self.requests.lock() {
            for ((endpoint, status), count) in requests.iter() {
                let _ = writeln!(
                    out,
                    "motif_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {count}"
                );
            }
        }
        let _ = writeln!(
            out,
            "# HELP motif_route_outcomes_total Route outcomes suggested, by outcome.\n\
             # TYPE motif_route_outcomes_total counter"
        );
        for (outcome, count) in Outcome::ALL.iter().zip(&self.outcomes) {
            let _ = writeln!(
                out,
                "motif_route_outcomes_total{{outcome=\"{}\"}} {}",
                outcome.code(),
                count.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP motif_assessment_duration_seconds Time to decode, assess, journal and render one dossier.\n\
             # TYPE motif_assessment_duration_seconds histogram"
        );
        let mut cumulative = 0;
        for (i, count) in self.latency.iter().enumerate() {
            cumulative += count.load(Ordering::Relaxed);
            let bound = BUCKETS.get(i).map_or("+Inf".to_string(), |b| b.to_string());
            let _ = writeln!(
                out,
                "motif_assessment_duration_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "motif_assessment_duration_seconds_sum {sum}");
        let _ = writeln!(out, "motif_assessment_duration_seconds_count {cumulative}");
        let _ = writeln!(
            out,
            "# HELP motif_policy_reloads_total Policy reloads, accepted or refused.\n\
             # TYPE motif_policy_reloads_total counter\n\
             motif_policy_reloads_total{{result=\"accepted\"}} {}\n\
             motif_policy_reloads_total{{result=\"refused\"}} {}",
            self.reloads_ok.load(Ordering::Relaxed),
            self.reloads_refused.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP motif_policy_set_info The policy set in use.\n\
             # TYPE motif_policy_set_info gauge\n\
             motif_policy_set_info{{hash=\"{policy_set}\"}} 1"
        );
        out
    }
}
