//! Replacing a policy set frees the machine code compiled for it (alone in its test binary, so
//! that no other test holds code at the same time).

use motif_native::{NativeProgram, live_modules};
use motif_runtime::Dates;
use motif_tests::ceseda;
use motif_tests::generate::date;

#[test]
fn replacing_a_policy_set_frees_its_machine_code() {
    let program = ceseda();
    let at = |decided: &str, filed: Option<&str>| Dates {
        decided_on: date(decided),
        filed_on: filed.map(date),
    };
    assert_eq!(live_modules(), 0);
    for round in 0..5 {
        let native = NativeProgram::new(program.clone());
        // Two date ranges: two modules.
        native.prepare(at("2026-03-02", None)).unwrap();
        native
            .prepare(at("2021-06-01", Some("2021-03-15")))
            .unwrap();
        assert_eq!(live_modules(), 2, "round {round}");
        drop(native);
        assert_eq!(live_modules(), 0, "round {round}: machine code left behind");
    }
}
