//! `motif test`: the test cases of a policy set (`.cas` files), and what they cover.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::testing::coverage::percent;
use crate::testing::{self, CaseError, Coverage, Report, VersionRef};

use super::{Failure, INPUT_ERROR, Io, OK, input_error, load};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Le dossier des règles ; ses cas d'essai sont les fichiers `.cas` qu'il contient.
    #[arg(default_value = "policies")]
    policies: PathBuf,
    /// Dit aussi, pour chaque condition, si les cas l'ont vue remplie, non remplie, inconnue.
    #[arg(long)]
    coverage: bool,
    /// Passe seulement ces cas : un fichier `.cas`, ou un dossier (tous les `.cas` qu'il
    /// contient) ; par défaut, ceux du dossier des règles.
    #[arg(long)]
    cas: Option<PathBuf>,
}

pub(crate) fn run(args: &Args, io: &mut Io<'_>) -> Result<i32, Failure> {
    let (_, compilation) = load(&args.policies, io, false)?;
    let Some(program) = compilation.program else {
        return Err(input_error(format!(
            "le jeu de règles {} contient des erreurs",
            args.policies.display()
        )));
    };
    let from = args.cas.as_ref().unwrap_or(&args.policies);
    // A single policy file has no cases beside it; a file given with --cas is read as one.
    let read = if args.cas.is_none() && from.is_file() {
        Ok(Vec::new())
    } else {
        testing::read_cases(from)
    };
    let cases = match read {
        Ok(cases) => cases,
        Err(errors) => return Ok(problems(&errors, io)),
    };
    if cases.is_empty() {
        return Err(input_error(format!(
            "aucun cas d'essai (fichier .cas) dans {} ; le format est décrit dans docs/cas.md",
            from.display()
        )));
    }
    let report = match testing::run(&program, &cases) {
        Ok(report) => report,
        Err(errors) => return Ok(problems(&errors, io)),
    };
    let mut text = render_report(&report);
    if args.coverage {
        text.push('\n');
        text.push_str(&render_coverage(&testing::coverage(&program, &report)));
    }
    let _ = write!(io.out, "{text}");
    let _ = io.out.flush();
    Ok(if report.failed() == 0 {
        OK
    } else {
        INPUT_ERROR
    })
}

/// Prints the problems of the cases; no case is run.
fn problems(errors: &[CaseError], io: &mut Io<'_>) -> i32 {
    let mut text = String::new();
    for error in errors {
        let _ = writeln!(text, "{error}");
    }
    let _ = writeln!(
        text,
        "{} problème(s) dans les cas d'essai : aucun cas n'a été passé",
        errors.len()
    );
    let _ = write!(io.err, "{text}");
    let _ = io.err.flush();
    INPUT_ERROR
}

/// One line per case under its file, what differs under a failed case, then the count.
pub(crate) fn render_report(report: &Report) -> String {
    let mut out = String::new();
    let mut file: Option<&Path> = None;
    for case in &report.cases {
        if file != Some(case.file.as_path()) {
            if file.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", case.file.display());
            file = Some(&case.file);
        }
        let mark = if case.passed() { '✓' } else { '✗' };
        let _ = writeln!(out, "  {mark} {}", case.title);
        for mismatch in &case.mismatches {
            let _ = writeln!(
                out,
                "      ligne {}, voie {} — {}",
                mismatch.line,
                mismatch.route,
                mismatch.aspect.label()
            );
            lines(&mut out, "attendu : ", &mismatch.expected);
            lines(&mut out, "trouvé  : ", &mismatch.found);
        }
    }
    let _ = writeln!(
        out,
        "\n{} cas, {} échoué(s)",
        report.cases.len(),
        report.failed()
    );
    out
}

fn lines(out: &mut String, head: &str, items: &[String]) {
    let indent = " ".repeat(head.chars().count());
    match items.split_first() {
        None => {
            let _ = writeln!(out, "        {head}(aucun)");
        }
        Some((first, rest)) => {
            let _ = writeln!(out, "        {head}{first}");
            for item in rest {
                let _ = writeln!(out, "        {indent}{item}");
            }
        }
    }
}

/// A table per article version (`condition  vrai  faux  inconnu`), then the totals and what
/// was never seen.
pub(crate) fn render_coverage(coverage: &Coverage) -> String {
    let mut out = String::new();
    out.push_str("Couverture (les voies que vérifient les cas)\n");
    for article in &coverage.articles {
        for version in &article.versions {
            if version.conditions.is_empty() {
                continue;
            }
            let at = VersionRef {
                article: article.article.clone(),
                version: version.from,
            };
            let until = version
                .until
                .map_or_else(String::new, |u| format!(" au {u}"));
            let _ = writeln!(out, "\n{at}{until}");
            let width = version
                .conditions
                .iter()
                .map(|c| c.name.chars().count())
                .chain(std::iter::once("condition".len()))
                .max()
                .unwrap_or(0);
            let _ = writeln!(out, "  {:<width$}  vrai  faux  inconnu", "condition");
            for condition in &version.conditions {
                let mark = |seen: bool| if seen { '✓' } else { '·' };
                let row = format!(
                    "  {:<width$}  {:^4}  {:^4}  {:^7}",
                    condition.name,
                    mark(condition.seen.holds),
                    mark(condition.seen.fails),
                    mark(condition.seen.unknown),
                );
                let _ = writeln!(out, "{}", row.trim_end());
            }
        }
    }
    let articles = coverage.articles.len();
    let exercised = coverage.articles_exercised();
    let _ = writeln!(
        out,
        "\nArticles exercés : {exercised} sur {articles} ({} %)",
        percent(exercised, articles)
    );
    list(
        &mut out,
        "Articles jamais exercés",
        &coverage.articles_not_exercised(),
    );
    let _ = writeln!(
        out,
        "Conditions vues vraies et fausses : {} sur {} ({} %)",
        coverage.both_ways(),
        coverage.condition_count(),
        coverage.percent_both_ways()
    );
    let never_false: Vec<String> = coverage
        .never_false()
        .iter()
        .map(ToString::to_string)
        .collect();
    list(&mut out, "Conditions jamais vues fausses", &never_false);
    let never_true: Vec<String> = coverage
        .never_true()
        .iter()
        .map(ToString::to_string)
        .collect();
    list(&mut out, "Conditions jamais vues vraies", &never_true);
    let unassessed: Vec<String> = coverage
        .routes_never_assessed()
        .iter()
        .map(|a| {
            let routes = a.routes.join(", ");
            let word = if a.routes.len() > 1 { "voies" } else { "voie" };
            format!("{} ({word} {routes})", a.article)
        })
        .collect();
    list(
        &mut out,
        "Articles dont aucune voie n'a été évaluée autrement que « sans objet »",
        &unassessed,
    );
    out
}

fn list(out: &mut String, title: &str, items: &[impl AsRef<str>]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}) :", items.len());
    for item in items {
        let _ = writeln!(out, "  - {}", item.as_ref());
    }
}
