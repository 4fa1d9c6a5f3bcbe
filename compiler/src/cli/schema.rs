//! `motif schema --assessment`: the JSON Schema of the assessment contract.

/// The schema, as pretty-printed JSON.
pub(crate) fn assessment() -> String {
    serde_json::to_string_pretty(&motif_runtime::schema::assessment()).unwrap_or_default()
}
