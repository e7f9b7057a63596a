//! Every operation of `codat-sync-for-payables` called against Prism with the spec's examples (see the crate docs).

#[test]
fn every_operation_is_accepted_by_prism_and_its_answer_decodes() {
    family_tests::sync_for_payables::check();
}
