//! Native code for users: `motif check --native-report` (which routes native code computes, and
//! why not where it does not) and `motif bench` (the interpreter and native code timed on the
//! user's own dossiers).
//!
//! `motif bench` is a tool for a legal team's own figures; the project's figures come from the
//! criterion benchmarks (`cargo bench -p motif-native`), which measure with more care.

use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use motif_native::NativeProgram;
use motif_runtime::program::RouteId;
use motif_runtime::{Date, Dates, Outcome, Program, assess_route, decode_dossier};

use super::{Failure, INPUT_ERROR, Io, OK, input_error, load, parse_date};

/// Prints, for every route, in how many date ranges native code computes it.
pub(crate) fn report(program: &Program, io: &mut Io<'_>) {
    let coverage = NativeProgram::new(program.clone()).coverage();
    let _ = writeln!(
        io.out,
        "code natif ({} plages de dates examinées, date de dépôt inconnue puis connue) :",
        coverage.ranges
    );
    let mut fallbacks = 0;
    for route in &coverage.routes {
        let status = if route.interpreted == 0 {
            "natif".to_string()
        } else {
            fallbacks += 1;
            format!("interpréteur sur {} plage(s)", route.interpreted)
        };
        let _ = writeln!(
            io.out,
            "  {:<40} {status} (natif : {}, issue fixée par les dates : {})",
            route.route, route.native, route.fixed
        );
        for reason in &route.reasons {
            let _ = writeln!(io.out, "      pourquoi : {reason}");
        }
    }
    let _ = writeln!(
        io.out,
        "{} voie(s) sur {} entièrement en code natif",
        coverage.routes.len() - fallbacks,
        coverage.routes.len()
    );
}

#[derive(Debug, clap::Args)]
pub(crate) struct BenchArgs {
    /// Les dossiers (JSON), ou des répertoires qui en contiennent.
    #[arg(required = true)]
    dossiers: Vec<PathBuf>,
    /// Le dossier des règles.
    #[arg(long, default_value = "policies")]
    policies: PathBuf,
    /// La date de décision des dossiers qui n'en portent pas (AAAA-MM-JJ).
    #[arg(long, value_parser = parse_date)]
    decided_on: Option<Date>,
    /// Combien de fois chaque dossier est évalué par chaque moteur.
    #[arg(long, default_value_t = 200)]
    iterations: u32,
}

/// A dossier read for the benchmark.
struct Case {
    name: String,
    json: String,
    dossier: motif_runtime::Dossier,
    dates: Dates,
}

pub(crate) fn bench(args: &BenchArgs, io: &mut Io<'_>) -> Result<i32, Failure> {
    let started = Instant::now();
    let (_, compilation) = load(&args.policies, io, false)?;
    let Some(program) = compilation.program else {
        return Ok(INPUT_ERROR);
    };
    let rules_time = started.elapsed();
    let cases = read_cases(args, &program)?;
    if cases.is_empty() {
        return Err(input_error("aucun dossier à mesurer"));
    }

    let started = Instant::now();
    let native = NativeProgram::new(program.clone());
    for case in &cases {
        native
            .prepare(case.dates)
            .map_err(|e| input_error(e.to_string()))?;
    }
    let native_time = started.elapsed();

    // Both engines must agree before their speeds are compared.
    let routes = program.routes.len();
    let interpreter = |case: &Case| -> Vec<Outcome> {
        (0..routes)
            .map(|r| assess_route(&program, &case.dossier, case.dates, RouteId(r as u32)).outcome)
            .collect()
    };
    let mut disagreements = 0;
    for case in &cases {
        let facts = native
            .decode(&case.json)
            .map_err(|e| input_error(format!("{} : {e}", case.name)))?;
        if native.outcomes(&facts, case.dates) != interpreter(case) {
            disagreements += 1;
            let _ = writeln!(io.err, "désaccord entre les moteurs : {}", case.name);
        }
    }

    let per_dossier = |total: Duration| total / (args.iterations.max(1) * cases.len() as u32);
    let time = |f: &dyn Fn(&Case)| {
        let start = Instant::now();
        for _ in 0..args.iterations.max(1) {
            cases.iter().for_each(f);
        }
        per_dossier(start.elapsed())
    };
    let prepared: Vec<_> = cases
        .iter()
        .map(|c| native.facts(c.dossier.clone()))
        .collect();
    let interpreted = time(&|case| {
        black_box(interpreter(case));
    });
    let start = Instant::now();
    for _ in 0..args.iterations.max(1) {
        for (case, facts) in cases.iter().zip(&prepared) {
            black_box(native.outcomes(facts, case.dates));
        }
    }
    let compiled = per_dossier(start.elapsed());
    let interpreted_json = time(&|case| {
        if let Ok(dossier) = decode_dossier(&program, &case.json) {
            black_box(
                (0..routes)
                    .map(|r| {
                        assess_route(&program, &dossier, case.dates, RouteId(r as u32)).outcome
                    })
                    .collect::<Vec<_>>(),
            );
        }
    });
    let compiled_json = time(&|case| {
        if let Ok(facts) = native.decode(&case.json) {
            black_box(native.outcomes(&facts, case.dates));
        }
    });

    let ratio = |slow: Duration, fast: Duration| slow.as_secs_f64() / fast.as_secs_f64().max(1e-12);
    let out = &mut io.out;
    let _ = writeln!(
        out,
        "{} dossier(s), {} voie(s), {} passage(s) par dossier et par moteur",
        cases.len(),
        routes,
        args.iterations
    );
    let _ = writeln!(
        out,
        "compilation : règles {:.1} ms, code natif {:.1} ms",
        ms(rules_time),
        ms(native_time)
    );
    let _ = writeln!(
        out,
        "dossier déjà décodé : interpréteur {}, code natif {} ({:.1} fois plus rapide)",
        show(interpreted),
        show(compiled),
        ratio(interpreted, compiled)
    );
    let _ = writeln!(
        out,
        "de bout en bout (JSON → issues) : interpréteur {}, code natif {} ({:.1} fois plus rapide)",
        show(interpreted_json),
        show(compiled_json),
        ratio(interpreted_json, compiled_json)
    );
    let stats = native.stats();
    let _ = writeln!(
        out,
        "voies calculées en natif : {}, par l'interpréteur : {}, fixées par les dates : {} ; décodage direct : {}, complet : {}",
        stats.native, stats.interpreted, stats.fixed, stats.fast_decodes, stats.full_decodes
    );
    if disagreements > 0 {
        let _ = writeln!(out, "{disagreements} dossier(s) en désaccord : signalez-le");
        return Ok(INPUT_ERROR);
    }
    Ok(OK)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn show(d: Duration) -> String {
    let ns = d.as_nanos();
    if ns >= 10_000 {
        format!("{:.1} µs par dossier", ns as f64 / 1e3)
    } else {
        format!("{ns} ns par dossier")
    }
}

fn read_cases(args: &BenchArgs, program: &Program) -> Result<Vec<Case>, Failure> {
    let mut files = Vec::new();
    for path in &args.dossiers {
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| input_error(format!("{} : {e}", path.display())))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    let mut cases = Vec::with_capacity(files.len());
    for file in files {
        let name = file.display().to_string();
        let json =
            std::fs::read_to_string(&file).map_err(|e| input_error(format!("{name} : {e}")))?;
        let dossier =
            decode_dossier(program, &json).map_err(|e| input_error(format!("{name} : {e}")))?;
        let Some(decided_on) = dossier.decided_on.or(args.decided_on) else {
            return Err(input_error(format!(
                "{name} : aucune date de décision ; indiquez --decided-on AAAA-MM-JJ"
            )));
        };
        let dates = Dates {
            decided_on,
            filed_on: dossier.filed_on,
        };
        cases.push(Case {
            name,
            json,
            dossier,
            dates,
        });
    }
    Ok(cases)
}
