//! The worker's jobs: a request's text → its reply and the file's bytes.
//! The same engines and options as the CLI's `skyplan export terraform`
//! and `skyplan bundle`, so the browser's files equal the CLI's.

use crate::protocol::{Job, Reply, Request};
use skyplan_core::model::{check_against_catalog, Problems};
use skyplan_core::{parse_plan, Catalog, ValidPlan};

/// Runs one request. Every failure (an unreadable request, an invalid
/// plan or catalog, an engine's refusal) is a [`Reply::Failed`] naming
/// what was wrong.
pub fn run(request: &str) -> (Reply, Option<Vec<u8>>) {
    let request = match Request::from_json(request) {
        Ok(request) => request,
        Err(message) => {
            return (
                Reply::Failed {
                    id: id_of(request),
                    message,
                },
                None,
            )
        }
    };
    let id = request.id;
    match perform(id, request.job) {
        Ok((reply, bytes)) => (reply, Some(bytes)),
        Err(message) => (Reply::Failed { id, message }, None),
    }
}

fn perform(id: u32, job: Job) -> Result<(Reply, Vec<u8>), String> {
    match job {
        Job::TerraformZip { plan, root } => {
            let plan = read_plan(&plan)?;
            let files =
                skyplan_terraform::export(&plan, &skyplan_terraform::ExportOptions::default())
                    .map_err(|e| e.to_string())?;
            Ok((
                Reply::TerraformZip { id },
                skyplan_terraform::zip::to_zip(&root, &files),
            ))
        }
        Job::Bundle {
            plan,
            environment,
            catalog,
        } => {
            let plan = read_plan(&plan)?;
            let catalog = Catalog::from_json(catalog.as_bytes())
                .map_err(|e| format!("the pricing catalog: {e}"))?;
            // As `skyplan bundle` (commands::load_plan): a plan the catalog cannot price as written is refused.
            let problems = check_against_catalog(&plan, &catalog);
            if !problems.is_empty() {
                return Err(format!(
                    "the plan does not fit the {} catalog: {}",
                    catalog.region,
                    Problems(problems)
                ));
            }
            if plan.environment(&environment).is_none() {
                return Err(format!(
                    "the plan has no environment \"{environment}\"; it has {}",
                    plan.environment_names().join(", ")
                ));
            }
            let bundle = skyplan_bundle::build(
                &plan,
                &environment,
                &catalog,
                &skyplan_bundle::GraphOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            let digest = bundle.digest.clone();
            Ok((
                Reply::Bundle { id, digest },
                skyplan_bundle::to_json(&bundle).into_bytes(),
            ))
        }
    }
}

fn read_plan(json: &str) -> Result<ValidPlan, String> {
    parse_plan(json).map_err(|problems| format!("the plan is invalid: {problems}"))
}

/// The id of a request that could not be read as a whole, if it has one.
fn id_of(request: &str) -> u32 {
    serde_json::from_str::<serde_json::Value>(request)
        .ok()
        .and_then(|v| v.get("id")?.as_u64())
        .and_then(|id| u32::try_from(id).ok())
        .unwrap_or(0)
}
