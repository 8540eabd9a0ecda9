//! Plans mutated at every node, run through every engine: no panic, no
//! hang, no nameless error, no impossible result.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use skyplan_fuzz::mutate::{apply, mutations};
use skyplan_fuzz::plans::{corpus, run, Verdict};
use skyplan_fuzz::{cases, HANG_BOUND};
use std::time::Instant;

#[test]
fn the_seed_corpus_is_accepted_whole() {
    for (name, plan) in corpus() {
        assert_eq!(run(&plan.to_string()), Ok(Verdict::Accepted), "{name}");
    }
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        // A finding is reported with its smallest input, and kept as a test below.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    })]

    #[test]
    fn a_mutated_plan_is_refused_by_path_or_runs_every_engine(seed in 0usize..64, changes in mutations()) {
        let corpus = corpus();
        let (name, mut plan) = corpus[seed % corpus.len()].clone();
        let done = apply(&mut plan, &changes);
        let text = plan.to_string();
        let started = Instant::now();
        let verdict = run(&text);
        prop_assert!(started.elapsed() < HANG_BOUND, "{name} with {done:?} took {:?}", started.elapsed());
        prop_assert!(verdict.is_ok(), "{name} with {done:?}: {}", verdict.unwrap_err());
    }
}
