//! The evaluator on generated policy sets and dossiers: native code must agree with the
//! interpreter (the reference) on every route's outcome, grounds, facts to ask for, points for
//! the officer and trace shape. The input's bytes choose the policy set
//! (`motif_tests::programs`), then seed the dossiers drawn at the edges of its rules
//! (`motif_tests::boundary`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use motif_compiler::{SourceSet, compile};
use motif_native::NativeProgram;
use motif_tests::boundary::{Edges, json};
use motif_tests::differential::compare;
use motif_tests::generate::Draw;
use motif_tests::programs::{Bytes, policy_set};

/// Dossiers compared per policy set.
const DOSSIERS: usize = 24;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Bytes::new(data);
    let text = policy_set(&mut bytes);
    let mut sources = SourceSet::new();
    sources.add("genere.motif", text.clone());
    let compilation = match compile(&sources) {
        Ok(compilation) => compilation,
        Err(internal) => panic!("internal error of the compiler: {internal}\n{text}"),
    };
    if compilation.has_errors() {
        return;
    }
    let Some(program) = compilation.program else {
        return;
    };
    let rest = bytes.rest();
    let mut seed = [0u8; 8];
    for (slot, byte) in seed.iter_mut().zip(rest) {
        *slot = *byte;
    }
    let mut draw = Draw(u64::from_le_bytes(seed));
    let edges = Edges::of(&program);
    let native = NativeProgram::new(program.clone());
    for i in 0..DOSSIERS {
        let (dossier, dates) = edges.dossier(&program, &mut draw);
        let dossier_text = json(&program, &dossier);
        if let Err(difference) = compare(&program, &native, &dossier_text, dates) {
            panic!("dossier {i}, {dates:?}: {difference}\n{dossier_text}\n{text}");
        }
    }
});
