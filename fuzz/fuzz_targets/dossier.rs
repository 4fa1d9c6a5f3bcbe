//! The dossier decoders on any bytes, against the CESEDA policy set: the reference decoder
//! accepts a dossier or names its problems, and never panics; the native fast path gives a
//! record only for a dossier the reference accepts, and the same record; an accepted dossier is
//! assessed and rendered (JSON and the officer's text) without panicking, and native code finds
//! the same outcomes.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use motif_native::NativeProgram;
use motif_native::decode::FastDecoder;
use motif_native::layout::Layout;
use motif_runtime::date::Date;
use motif_runtime::render::templates::Templates;
use motif_runtime::render::words::Lang;
use motif_runtime::{Dates, Program, assess, decode_dossier, render};

struct Subject {
    program: Program,
    layout: Layout,
    fast: FastDecoder,
    native: NativeProgram,
    templates: Templates,
}

static SUBJECT: LazyLock<Subject> = LazyLock::new(|| {
    let program = motif_tests::ceseda();
    let layout = Layout::of(&program);
    let fast = FastDecoder::new(&program, &layout);
    let native = NativeProgram::new(program.clone());
    Subject {
        program,
        layout,
        fast,
        native,
        templates: Templates::builtin(),
    }
});

fuzz_target!(|data: &[u8]| {
    let subject = &*SUBJECT;
    // The command line and the server refuse bytes that are not UTF-8 before decoding.
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let reference = decode_dossier(&subject.program, json);
    if let Some(decoded) = subject.fast.decode(json) {
        let Ok(dossier) = &reference else {
            panic!("the fast path took a dossier the reference refuses");
        };
        let record = subject.layout.record(&subject.program, dossier);
        assert_eq!(Some(decoded.record), record, "different records");
        assert_eq!(decoded.decided_on, dossier.decided_on);
        assert_eq!(decoded.filed_on, dossier.filed_on);
    }
    match reference {
        Ok(dossier) => {
            let decided_on = dossier
                .decided_on
                .or_else(|| Date::from_ymd(2026, 3, 2))
                .expect("a valid date");
            let dates = Dates {
                decided_on,
                filed_on: dossier.filed_on,
            };
            let assessment = assess(&subject.program, &dossier, dates);
            let _ = render::json(&assessment);
            let _ = render::text::render(&assessment);
            for lang in [Lang::Fr, Lang::En] {
                if let Err(e) =
                    render::letter_text(&assessment, &subject.program, lang, &subject.templates)
                {
                    panic!("the built-in letter does not render: {e}");
                }
            }
            let facts = subject.native.facts(dossier);
            let outcomes = subject.native.outcomes(&facts, dates);
            let expected: Vec<_> = assessment.routes.iter().map(|r| r.outcome).collect();
            assert_eq!(outcomes, expected, "native code and the interpreter differ");
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a refusal names at least one problem");
            for error in &errors.0 {
                assert!(error.path.starts_with('$'), "{error}");
            }
            let _ = errors.to_string();
        }
    }
});
