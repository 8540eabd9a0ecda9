//! What the web app and its worker say to each other.
//!
//! The page posts a [`Request`] as a JSON string. The worker answers with
//! a two-element array: a [`Reply`] as a JSON string, and the file's bytes
//! (a `Uint8Array` whose buffer is transferred, not copied) or `null`. The
//! worker first posts [`Reply::Ready`] once it listens: a message posted to
//! a worker before its wasm has loaded and installed its handler is
//! dropped, so the page holds its requests until then.

use serde::{Deserialize, Serialize};

/// One job for the worker; `id` pairs it with its reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: u32,
    #[serde(flatten)]
    pub job: Job,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Job {
    /// The plan's Terraform export as a ZIP archive, its files under `root/`
    /// (what `skyplan export terraform` writes, default options).
    TerraformZip {
        /// The plan's JSON.
        plan: String,
        /// The archive's top folder.
        root: String,
    },
    /// The plan bundle of one environment (what `skyplan bundle` writes,
    /// default options): the file's bytes.
    Bundle {
        /// The plan's JSON.
        plan: String,
        environment: String,
        /// The pricing catalog of the plan's region, as `pricing-data/<region>.json` holds it.
        catalog: String,
    },
}

/// The worker's answer. Every request gets one, failures included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Reply {
    /// The worker listens: requests may be posted.
    Ready,
    /// The ZIP archive follows as bytes.
    TerraformZip { id: u32 },
    /// The bundle file follows as bytes.
    Bundle { id: u32, digest: String },
    /// The job could not be done; `message` says why. `id` is 0 when the
    /// request itself could not be read.
    Failed { id: u32, message: String },
}

impl Request {
    pub fn to_json(&self) -> String {
        // A struct of strings and an integer always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Request, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the worker could not read the request: {e}"))
    }
}

impl Reply {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Result<Reply, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the page could not read the worker's reply: {e}"))
    }

    /// The request this answers (none for [`Reply::Ready`]).
    pub fn id(&self) -> Option<u32> {
        match self {
            Reply::Ready => None,
            Reply::TerraformZip { id } | Reply::Bundle { id, .. } | Reply::Failed { id, .. } => {
                Some(*id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_flat_json_objects_tagged_by_kind() {
        let request = Request {
            id: 7,
            job: Job::TerraformZip {
                plan: "{}".into(),
                root: "p-terraform".into(),
            },
        };
        assert_eq!(
            request.to_json(),
            r#"{"id":7,"kind":"terraform_zip","plan":"{}","root":"p-terraform"}"#
        );
        assert_eq!(Request::from_json(&request.to_json()), Ok(request));
        let bundle = Request {
            id: 8,
            job: Job::Bundle {
                plan: "{}".into(),
                environment: "production".into(),
                catalog: "{}".into(),
            },
        };
        assert_eq!(Request::from_json(&bundle.to_json()), Ok(bundle));
    }

    #[test]
    fn replies_round_trip_and_name_their_request() {
        for (reply, json, id) in [
            (Reply::Ready, r#"{"kind":"ready"}"#, None),
            (
                Reply::TerraformZip { id: 3 },
                r#"{"kind":"terraform_zip","id":3}"#,
                Some(3),
            ),
            (
                Reply::Bundle {
                    id: 4,
                    digest: "sha256:00".into(),
                },
                r#"{"kind":"bundle","id":4,"digest":"sha256:00"}"#,
                Some(4),
            ),
            (
                Reply::Failed {
                    id: 5,
                    message: "no".into(),
                },
                r#"{"kind":"failed","id":5,"message":"no"}"#,
                Some(5),
            ),
        ] {
            assert_eq!(reply.to_json(), json);
            assert_eq!(Reply::from_json(json), Ok(reply.clone()));
            assert_eq!(reply.id(), id);
        }
    }

    #[test]
    fn an_unknown_kind_is_refused_with_what_was_expected() {
        let error = Request::from_json(r#"{"id":1,"kind":"audit"}"#).unwrap_err();
        assert!(
            error.contains("unknown variant `audit`") && error.contains("terraform_zip"),
            "{error}"
        );
    }
}
