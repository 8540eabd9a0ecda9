//! Bundles mutated at every node with their digest recomputed (what an
//! editor of a bundle can do): `verify` refuses them by path with a
//! printable message, or accepts a bundle whose parts agree, never panics.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use serde_json::Value;
use skyplan_bundle::{build, digest_of, to_json, verify, GraphOptions};
use skyplan_fuzz::mutate::{apply, mutations};
use skyplan_fuzz::{cases, caught, control_character, plans};
use std::sync::OnceLock;

fn seed() -> &'static Value {
    static SEED: OnceLock<Value> = OnceLock::new();
    SEED.get_or_init(|| {
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        let bundle = build(&plan, "production", plans::catalog("us-east-1").unwrap(), &GraphOptions::default()).unwrap();
        serde_json::from_str(&to_json(&bundle)).unwrap()
    })
}

fn with_digest(mut bundle: Value) -> String {
    if let Value::Object(map) = &mut bundle {
        map.remove("digest");
        let digest = digest_of(&bundle);
        if let Value::Object(map) = &mut bundle {
            map.insert("digest".into(), Value::String(digest));
        }
    }
    bundle.to_string()
}

fn run(text: &str) -> Result<(), String> {
    caught(|| match verify(text.as_bytes()) {
        Ok(_) => Ok(()),
        Err(e) => {
            let message = e.to_string();
            if let Some(c) = control_character(&message) {
                return Err(format!("the refusal prints {c:?}: {}", message.chars().take(300).collect::<String>()));
            }
            Ok(())
        }
    })
}

#[test]
fn the_seed_bundle_verifies() {
    assert!(verify(with_digest(seed().clone()).as_bytes()).is_ok());
}

proptest! {
    #![proptest_config(Config { cases: cases(), failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..Config::default() })]

    #[test]
    fn a_mutated_bundle_is_refused_or_verified_without_a_panic(changes in mutations()) {
        let mut bundle = seed().clone();
        let done = apply(&mut bundle, &changes);
        let verdict = run(&with_digest(bundle));
        prop_assert!(verdict.is_ok(), "{done:?}: {}", verdict.unwrap_err());
    }
}
