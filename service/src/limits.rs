//! Limits on what a request may ask of the service: body size, JSON nesting, time.

use std::time::Duration;

/// The service's limits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The largest request body accepted, in bytes.
    pub body_bytes: usize,
    /// The deepest JSON nesting accepted (objects and arrays).
    pub json_depth: usize,
    /// How long a request may take before the service answers 503.
    pub request_time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            // The runtime's own limits on a dossier (motif_runtime::limits): a dossier is a few
            // kilobytes and nests a handful of levels (envelope, facts, groups, lists, records).
            body_bytes: motif_runtime::limits::MAX_DOSSIER_BYTES,
            json_depth: motif_runtime::limits::MAX_JSON_DEPTH,
            request_time: Duration::from_secs(10),
        }
    }
}

/// The deepest nesting of objects and arrays in `json`, stopping as soon as it exceeds
/// `max` (so that a hostile body costs one pass and no recursion). Strings are skipped, with
/// their escapes; the text need not be valid JSON (the decoder says what is wrong with it).
pub fn exceeds_depth(json: &[u8], max: usize) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &byte in json {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::exceeds_depth;

    #[test]
    fn counts_nesting_outside_strings() {
        assert!(!exceeds_depth(br#"{"a": [1, {"b": 2}]}"#, 3));
        assert!(exceeds_depth(br#"{"a": [1, {"b": 2}]}"#, 2));
        // Brackets inside strings, escaped quotes included, do not count.
        assert!(!exceeds_depth(br#"{"a": "[[[[\"{{{{"}"#, 1));
        assert!(exceeds_depth(&[b'['; 10_000], 64));
    }
}
