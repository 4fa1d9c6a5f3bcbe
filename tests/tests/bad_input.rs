//! The bad-input table (`motif_tests::bad_input`) on the command line: `motif assess` refuses
//! each document with exit code 1, naming the JSON path of the problem and what is wrong, and
//! prints no assessment; `motif batch` gives each line's error and goes on.

use motif_compiler::cli::INPUT_ERROR;
use motif_tests::bad_input::cases;
use motif_tests::command::{motif, path};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("motif-bad-input-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn assess_refuses_every_bad_document_with_its_path() {
    let dir = scratch("assess");
    let policies = path("policies");
    for (i, case) in cases().into_iter().enumerate() {
        let file = dir.join(format!("{i}.json"));
        std::fs::write(&file, &case.body).unwrap();
        let file = file.display().to_string();
        let o = motif(&["assess", &file, "--policies", &policies]);
        assert_eq!(o.code, INPUT_ERROR, "{}: {}{}", case.name, o.out, o.err);
        assert!(o.out.is_empty(), "{}: an assessment was printed", case.name);
        assert!(
            o.err.contains(&format!("{} :", case.path)),
            "{}: the error does not name {}:\n{}",
            case.name,
            case.path,
            o.err
        );
        assert!(
            o.err.contains(case.says),
            "{}: the error does not say « {} »:\n{}",
            case.name,
            case.says,
            o.err
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn batch_gives_each_bad_line_its_error_and_goes_on() {
    let dir = scratch("batch");
    let good =
        std::fs::read_to_string(path("examples/dossiers/01-conjoint-eligible.json")).unwrap();
    let good: serde_json::Value = serde_json::from_str(&good).unwrap();
    let mut lines = Vec::new();
    let mut expected = Vec::new();
    for case in cases() {
        // A batch line is one line: the documents written over several lines are left out.
        if case.body.contains(&b'\n') || case.body.is_empty() {
            continue;
        }
        lines.extend_from_slice(&case.body);
        lines.push(b'\n');
        expected.push(case);
    }
    lines.extend_from_slice(good.to_string().as_bytes());
    lines.push(b'\n');
    let input = dir.join("lot.jsonl");
    std::fs::write(&input, &lines).unwrap();
    let input = input.display().to_string();
    let o = motif(&["batch", &input, "--policies", &path("policies")]);
    assert_eq!(o.code, INPUT_ERROR, "{}", o.err);
    let answers: Vec<serde_json::Value> = o
        .out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), expected.len() + 1, "one answer per line");
    for (answer, case) in answers.iter().zip(&expected) {
        let problems = answer["error"]["problems"].as_array();
        let paths: Vec<&str> = problems
            .into_iter()
            .flatten()
            .filter_map(|p| p["path"].as_str())
            .collect();
        assert!(
            paths.contains(&case.path.as_str()),
            "{}: {answer}",
            case.name
        );
    }
    assert!(
        answers.last().unwrap()["routes"].is_array(),
        "the good line is assessed"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
