//! The worker's jobs give the CLI's files (same engines, same default
//! options), and every failure comes back as a reply naming the problem.

use skyplan_core::templates::template;
use skyplan_core::{Catalog, ValidPlan};
use skyplan_worker::protocol::{Job, Reply, Request};
use skyplan_worker::run;

const US_EAST_1: &str = include_str!("../../../pricing-data/us-east-1.json");
const EU_WEST_1: &str = include_str!("../../../pricing-data/eu-west-1.json");

fn saas() -> ValidPlan {
    template("saas-3tier")
        .expect("built in")
        .plan()
        .expect("valid template")
}

fn plan_json() -> String {
    serde_json::to_string(saas().plan()).expect("a plan serialises")
}

fn request(id: u32, job: Job) -> String {
    Request { id, job }.to_json()
}

#[test]
fn terraform_zip_is_the_exporters_tree_zipped() {
    let (reply, bytes) = run(&request(
        1,
        Job::TerraformZip {
            plan: plan_json(),
            root: "saas-three-tier-terraform".into(),
        },
    ));
    assert_eq!(reply, Reply::TerraformZip { id: 1 });
    let files = skyplan_terraform::export(&saas(), &skyplan_terraform::ExportOptions::default())
        .expect("exports");
    assert_eq!(
        bytes,
        Some(skyplan_terraform::zip::to_zip(
            "saas-three-tier-terraform",
            &files
        ))
    );
}

#[test]
fn bundle_is_the_bundle_the_cli_writes_and_verifies() {
    let (reply, bytes) = run(&request(
        2,
        Job::Bundle {
            plan: plan_json(),
            environment: "production".into(),
            catalog: US_EAST_1.into(),
        },
    ));
    let catalog = Catalog::from_json(US_EAST_1.as_bytes()).expect("catalog reads");
    let expected = skyplan_bundle::build(
        &saas(),
        "production",
        &catalog,
        &skyplan_bundle::GraphOptions::default(),
    )
    .expect("builds");
    assert_eq!(
        reply,
        Reply::Bundle {
            id: 2,
            digest: expected.digest.clone()
        }
    );
    let bytes = bytes.expect("the bundle's bytes");
    assert_eq!(bytes, skyplan_bundle::to_json(&expected).into_bytes());
    assert_eq!(
        skyplan_bundle::verify(&bytes).expect("verifies").digest,
        expected.digest
    );
}

fn failure(request: &str) -> (u32, String) {
    match run(request) {
        (Reply::Failed { id, message }, None) => (id, message),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn failures_are_replies_naming_what_is_wrong() {
    let (id, message) = failure(&request(
        3,
        Job::Bundle {
            plan: plan_json(),
            environment: "qa".into(),
            catalog: US_EAST_1.into(),
        },
    ));
    assert_eq!(
        (id, message.as_str()),
        (
            3,
            "the plan has no environment \"qa\"; it has dev, staging, production"
        )
    );

    let (id, message) = failure(&request(
        4,
        Job::Bundle {
            plan: plan_json(),
            environment: "production".into(),
            catalog: EU_WEST_1.into(),
        },
    ));
    assert_eq!((id, message.as_str()), (4, "the plan does not fit the eu-west-1 catalog: region: \"us-east-1\" is priced with the eu-west-1 catalog; expected the plan's own region"));

    let (id, message) = failure(&request(
        5,
        Job::Bundle {
            plan: plan_json(),
            environment: "production".into(),
            catalog: "{\"region\": 1}".into(),
        },
    ));
    assert_eq!(id, 5);
    assert!(message.starts_with("the pricing catalog: "), "{message}");

    let (id, message) = failure(&request(
        6,
        Job::TerraformZip {
            plan: "{\"format_version\": 1}".into(),
            root: "x".into(),
        },
    ));
    assert_eq!(id, 6);
    assert!(message.starts_with("the plan is invalid: "), "{message}");

    let (id, message) = failure(r#"{"id": 9, "kind": "terraform_zip"}"#);
    assert_eq!(id, 9);
    assert!(message.contains("missing field `plan`"), "{message}");

    let (id, message) = failure("not json");
    assert_eq!(id, 0);
    assert!(
        message.starts_with("the worker could not read the request: "),
        "{message}"
    );
}
