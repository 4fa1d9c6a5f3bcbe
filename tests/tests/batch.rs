//! `motif batch`: a file of dossiers (one JSON per line) assessed on several threads, written
//! back one line per dossier in the order of the input; bad lines give error lines with their
//! number and JSON path, without stopping the batch.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

use motif_compiler::cli::{INPUT_ERROR, OK, USAGE_ERROR};
use motif_tests::command::{Output, motif, path};
use motif_tests::{assess_dossier, ceseda, example_dossiers};

/// A directory of its own under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "motif-batch-{name}-{}-{nanos}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, lines: &[String]) -> PathBuf {
        let path = self.0.join(name);
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The example dossiers, each on one line, with what `motif_runtime::assess` makes of them.
fn examples() -> Vec<(String, Value)> {
    let program = ceseda();
    example_dossiers()
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let line = serde_json::from_str::<Value>(&text).unwrap().to_string();
            let expected = serde_json::to_value(assess_dossier(&program, file)).unwrap();
            (line, expected)
        })
        .collect()
}

/// `count` lines cycling through the examples.
fn repeated(examples: &[(String, Value)], count: usize) -> Vec<String> {
    (0..count)
        .map(|i| examples[i % examples.len()].0.clone())
        .collect()
}

/// `motif batch INPUT --policies policies/ EXTRA…`.
fn batch(input: &Path, extra: &[&str]) -> Output {
    let (input, policies) = (input.display().to_string(), path("policies"));
    let mut args = vec!["batch", input.as_str(), "--policies", policies.as_str()];
    args.extend_from_slice(extra);
    motif(&args)
}

fn lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// An assessment's outcomes, route by route, as `--outcomes` writes them.
fn outcomes_of(assessment: &Value) -> Vec<(String, Value)> {
    assessment["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["route"].as_str().unwrap().to_string(),
                r["outcome"].clone(),
            )
        })
        .collect()
}

/// The counts of the summary's last line: `issues, … : éligible : 3, non éligible : 5, …`.
fn summary_counts(err: &str) -> Vec<(String, u64)> {
    let line = err
        .lines()
        .find_map(|l| l.strip_prefix("issues, toutes voies confondues : "))
        .unwrap_or_else(|| panic!("no summary of outcomes in:\n{err}"));
    line.split(", ")
        .map(|part| {
            let (label, count) = part.rsplit_once(" : ").unwrap();
            (label.to_string(), count.parse().unwrap())
        })
        .collect()
}

#[test]
fn writes_one_assessment_per_line_in_the_order_of_the_input() {
    let examples = examples();
    let dir = TempDir::new("order");
    let input = dir.file("dossiers.jsonl", &repeated(&examples, 200));
    let o = batch(&input, &["--threads", "4"]);
    assert_eq!(o.code, OK, "{}", o.err);
    let out = lines(&o.out);
    assert_eq!(out.len(), 200);
    for (i, line) in out.iter().enumerate() {
        let expected = &examples[i % examples.len()].1;
        assert_eq!(line, expected, "line {}", i + 1);
    }
    assert!(
        o.err.contains("200 dossier(s) en ") && o.err.contains("200 évalué(s), 0 en erreur"),
        "{}",
        o.err
    );
}

#[test]
fn each_line_is_what_motif_assess_writes_as_json() {
    let files: Vec<PathBuf> = example_dossiers().into_iter().take(3).collect();
    let dir = TempDir::new("assess");
    let lines_in: Vec<String> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            serde_json::from_str::<Value>(&text).unwrap().to_string()
        })
        .collect();
    let input = dir.file("dossiers.jsonl", &lines_in);
    let o = batch(&input, &["--threads", "2"]);
    assert_eq!(o.code, OK, "{}", o.err);
    let out: Vec<&str> = o.out.lines().collect();
    assert_eq!(out.len(), files.len());
    for (file, line) in files.iter().zip(out) {
        let single = motif(&[
            "assess",
            &file.display().to_string(),
            "--policies",
            &path("policies"),
            "--format",
            "json",
        ]);
        assert_eq!(single.code, OK, "{}", single.err);
        // The same assessment, receipt included, compact on one line.
        let expected: Value = serde_json::from_str(&single.out).unwrap();
        assert_eq!(expected.to_string(), line, "{}", file.display());
    }
}

#[test]
fn bad_lines_give_error_lines_with_their_number_and_path_and_the_others_are_assessed() {
    let examples = examples();
    let wrong_type = r#"{"id":"mauvais-type","decided_on":"2026-03-02","facts":{"demande":{"premiere_delivrance":1}}}"#;
    let input_lines = vec![
        examples[0].0.clone(),
        r#"{"id":"tronque","facts":{"#.to_string(),
        String::new(),
        examples[1].0.clone(),
        wrong_type.to_string(),
        r#"{"id":"sans-date","facts":{}}"#.to_string(),
        "   ".to_string(),
        examples[2].0.clone(),
    ];
    let dir = TempDir::new("bad");
    let input = dir.file("dossiers.jsonl", &input_lines);
    let o = batch(&input, &["--threads", "3"]);
    assert_eq!(o.code, INPUT_ERROR, "{}", o.err);
    let out = lines(&o.out);
    // Blank lines give no output line, but count for the numbers.
    assert_eq!(out.len(), 6, "{}", o.out);
    assert_eq!(out[0], examples[0].1);
    assert_eq!(out[2], examples[1].1);
    assert_eq!(out[5], examples[2].1);

    assert_eq!(out[1]["line"], 2, "{}", out[1]);
    let syntax = &out[1]["error"]["problems"][0];
    assert!(
        syntax["path"].as_str().unwrap().starts_with('$'),
        "{syntax}"
    );
    assert!(
        syntax["message"]
            .as_str()
            .unwrap()
            .contains("JSON invalide"),
        "{syntax}"
    );

    assert_eq!(out[3]["line"], 5, "{}", out[3]);
    assert_eq!(
        out[3]["error"]["message"],
        "dossier invalide (1 problème(s))"
    );
    let problems = out[3]["error"]["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{}", out[3]);
    assert_eq!(problems[0]["path"], "$.facts.demande.premiere_delivrance");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.starts_with("attendu un booléen"), "{message}");
    assert!(message.contains("trouvé le nombre 1"), "{message}");

    assert_eq!(out[4]["line"], 6, "{}", out[4]);
    assert_eq!(out[4]["error"]["problems"][0]["path"], "$.decided_on");

    assert!(
        o.err.contains("6 dossier(s) en ") && o.err.contains("3 évalué(s), 3 en erreur"),
        "{}",
        o.err
    );

    // The fast path refuses the same lines with the same errors.
    let fast = batch(&input, &["--threads", "3", "--outcomes"]);
    assert_eq!(fast.code, INPUT_ERROR, "{}", fast.err);
    let fast = lines(&fast.out);
    assert_eq!(fast.len(), 6);
    for i in [1, 3, 4] {
        assert_eq!(fast[i], out[i], "line {i}");
    }
    for i in [0, 2, 5] {
        assert!(fast[i].get("error").is_none(), "{}", fast[i]);
    }
}

#[test]
fn outcomes_agree_with_the_full_assessments() {
    let examples = examples();
    let dir = TempDir::new("outcomes");
    let input = dir.file("dossiers.jsonl", &repeated(&examples, 200));
    let o = batch(&input, &["--threads", "4", "--outcomes"]);
    assert_eq!(o.code, OK, "{}", o.err);
    let out = lines(&o.out);
    assert_eq!(out.len(), 200);
    for (i, line) in out.iter().enumerate() {
        let expected = &examples[i % examples.len()].1;
        assert_eq!(line["line"], i + 1);
        assert_eq!(line["dossier"], expected["dossier"], "line {}", i + 1);
        let written: Vec<(String, Value)> = line["outcomes"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(route, outcome)| (route.clone(), outcome.clone()))
            .collect();
        assert_eq!(written, outcomes_of(expected), "line {}", i + 1);
    }
}

#[test]
fn summary_counts_every_route_of_every_assessed_dossier() {
    let examples = examples();
    let mut input_lines = repeated(&examples, 100);
    input_lines.insert(40, "pas du JSON".to_string());
    let dir = TempDir::new("summary");
    let input = dir.file("dossiers.jsonl", &input_lines);
    let o = batch(&input, &["--threads", "2"]);
    assert_eq!(o.code, INPUT_ERROR, "{}", o.err);
    let out = lines(&o.out);
    assert_eq!(out.len(), 101);
    assert_eq!(out[40]["line"], 41);

    let counts = summary_counts(&o.err);
    let labels: Vec<&str> = counts.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels,
        [
            "éligible",
            "non éligible",
            "dossier incomplet",
            "appréciation de l'agent requise",
            "sans objet"
        ]
    );
    let routes = ceseda().routes.len() as u64;
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 100 * routes, "{}", o.err);
    let keys = [
        "eligible",
        "not_eligible",
        "incomplete",
        "needs_appraisal",
        "not_applicable",
    ];
    for ((label, count), key) in counts.iter().zip(keys) {
        let seen = out
            .iter()
            .filter_map(|l| l["routes"].as_array())
            .flatten()
            .filter(|r| r["outcome"] == key)
            .count() as u64;
        assert_eq!(*count, seen, "{label}");
    }
    assert!(o.err.contains("100 évalué(s), 1 en erreur"), "{}", o.err);
    assert!(o.err.contains("dossiers/min"), "{}", o.err);
}

#[test]
fn output_file_is_written_whole_and_nothing_else_is_left() {
    let examples = examples();
    let dir = TempDir::new("file");
    let input = dir.file("dossiers.jsonl", &repeated(&examples, 30));
    let results = dir.0.join("resultats.jsonl");
    let o = batch(
        &input,
        &["--outcomes", "-o", &results.display().to_string()],
    );
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(o.out.is_empty(), "{}", o.out);
    assert!(o.err.contains("résultats écrits dans"), "{}", o.err);
    let written = std::fs::read_to_string(&results).unwrap();
    let written = lines(&written);
    assert_eq!(written.len(), 30);
    assert_eq!(written[29]["line"], 30);
    let mut names: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["dossiers.jsonl", "resultats.jsonl"]);

    // Into a directory that does not exist: an error, and no file.
    let nowhere = dir.0.join("absent").join("resultats.jsonl");
    let o = batch(&input, &["-o", &nowhere.display().to_string()]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.err.contains("impossible de créer"), "{}", o.err);
    assert!(!nowhere.exists());
}

#[test]
fn the_order_and_content_do_not_depend_on_the_number_of_threads() {
    let examples = examples();
    let dir = TempDir::new("threads");
    let input = dir.file("dossiers.jsonl", &repeated(&examples, 120));
    let one = batch(&input, &["--threads", "1", "--outcomes"]);
    let four = batch(&input, &["--threads", "4", "--outcomes"]);
    assert_eq!(one.code, OK, "{}", one.err);
    assert_eq!(one.out, four.out);
}

#[test]
fn dates_on_the_command_line_override_the_dossiers() {
    let examples = examples();
    let dir = TempDir::new("dates");
    let input = dir.file("dossiers.jsonl", &repeated(&examples, 20));
    let o = batch(&input, &["--decided-on", "2027-01-01"]);
    assert_eq!(o.code, OK, "{}", o.err);
    for line in lines(&o.out) {
        assert_eq!(line["decided_on"], "2027-01-01");
    }

    // A filing date after the decision date: every line is refused, at `filed_on`.
    let o = batch(
        &input,
        &["--decided-on", "2020-01-01", "--filed-on", "2021-01-01"],
    );
    assert_eq!(o.code, INPUT_ERROR);
    let out = lines(&o.out);
    assert_eq!(out.len(), 20);
    for (i, line) in out.iter().enumerate() {
        assert_eq!(line["line"], i + 1);
        assert_eq!(line["error"]["problems"][0]["path"], "$.filed_on", "{line}");
    }
}

#[test]
fn a_missing_input_or_a_bad_thread_count_is_refused() {
    let o = batch(Path::new("/nonexistent/dossiers.jsonl"), &[]);
    assert_eq!(o.code, INPUT_ERROR);
    assert!(o.err.contains("impossible de lire"), "{}", o.err);
    assert!(o.out.is_empty());

    let dir = TempDir::new("usage");
    let input = dir.file("dossiers.jsonl", &[]);
    let o = batch(&input, &["--threads", "0"]);
    assert_eq!(o.code, USAGE_ERROR, "{}", o.err);

    // An empty file: nothing to write, nothing wrong.
    let o = batch(&input, &[]);
    assert_eq!(o.code, OK, "{}", o.err);
    assert!(o.out.is_empty());
    assert!(o.err.contains("0 dossier(s)"), "{}", o.err);
}
