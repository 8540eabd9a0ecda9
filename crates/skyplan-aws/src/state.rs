//! The apply state: which AWS object each resource address became.
//!
//! The state is a JSON document rewritten after every single resource
//! operation, so a crash loses at most the operation in flight (and that one
//! is found again by its tags, see [`crate::engine`]). A local state is
//! written atomically (temporary file in the same directory, fsync, rename,
//! fsync of the directory): a reader sees the old or the new document, never
//! a torn one. A remote state lives in S3, whose PUT replaces an object
//! atomically.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The state document's format version; a newer one is refused.
pub const STATE_FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub format_version: u32,
    /// The bundle plan id every resource is tagged with (`skyplan:plan-id`).
    pub plan_id: String,
    /// Incremented on every write: tells two copies of the same state apart.
    pub serial: u64,
    /// Digest of the last bundle applied through this state.
    #[serde(default)]
    pub bundle_digest: String,
    pub resources: BTreeMap<String, ResourceState>,
}

/// One resource address as applied.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResourceState {
    /// The bundle's resource type, e.g. `aws_vpc`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The AWS identifier (VPC id, ARN, bucket name, …).
    pub id: String,
    /// Attributes other resources refer to (`arn`, `dns_name`, …).
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// The properties as last applied (references resolved), compared with
    /// the bundle's to find updates and with the live object to find drift.
    pub properties: serde_json::Value,
    /// Addresses this resource depended on when applied: deletion order of
    /// resources that left the bundle.
    #[serde(default)]
    pub depends_on: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    #[error("cannot read state {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("cannot write state {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("state {path} is not a skyplan state: {message}")]
    Invalid { path: String, message: String },
    #[error("state {path} has format_version {found}; this skyplan reads format_version {STATE_FORMAT_VERSION} (upgrade skyplan)")]
    NewerFormat { path: String, found: u32 },
    #[error("state {path} belongs to plan id {found:?}, the bundle's plan id is {expected:?}: use the state of this bundle (--state)")]
    OtherPlan { path: String, found: String, expected: String },
    #[error("state in s3://{bucket}/{key}: {message}")]
    Remote { bucket: String, key: String, message: String },
}

impl State {
    pub fn empty(plan_id: &str) -> State {
        State {
            format_version: STATE_FORMAT_VERSION,
            plan_id: plan_id.to_string(),
            serial: 0,
            bundle_digest: String::new(),
            resources: BTreeMap::new(),
        }
    }

    /// Parses a state document; `origin` names it in errors.
    pub fn from_json(bytes: &[u8], origin: &str, plan_id: &str) -> Result<State, StateError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let version: Version = serde_json::from_slice(bytes).map_err(|e| StateError::Invalid {
            path: origin.to_string(),
            message: format!("format_version: {e}"),
        })?;
        if version.format_version > STATE_FORMAT_VERSION {
            return Err(StateError::NewerFormat {
                path: origin.to_string(),
                found: version.format_version,
            });
        }
        let state: State = serde_json::from_slice(bytes).map_err(|e| StateError::Invalid {
            path: origin.to_string(),
            message: e.to_string(),
        })?;
        if state.plan_id != plan_id {
            return Err(StateError::OtherPlan {
                path: origin.to_string(),
                found: state.plan_id,
                expected: plan_id.to_string(),
            });
        }
        Ok(state)
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a state always serialises");
        bytes.push(b'\n');
        bytes
    }
}

/// Where the state is kept.
#[derive(Debug, Clone, PartialEq)]
pub enum StateLocation {
    Local(PathBuf),
    S3 { bucket: String, key: String },
}

impl StateLocation {
    /// `s3://bucket/key` or a file path.
    pub fn parse(text: &str) -> Result<StateLocation, String> {
        match text.strip_prefix("s3://") {
            Some(rest) => match rest.split_once('/') {
                Some((bucket, key)) if !bucket.is_empty() && !key.is_empty() => Ok(StateLocation::S3 {
                    bucket: bucket.to_string(),
                    key: key.to_string(),
                }),
                _ => Err(format!("--state {text:?}: expected s3://BUCKET/KEY")),
            },
            None => Ok(StateLocation::Local(PathBuf::from(text))),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            StateLocation::Local(path) => path.display().to_string(),
            StateLocation::S3 { bucket, key } => format!("s3://{bucket}/{key}"),
        }
    }
}

/// Reads a local state; a missing file is an empty state.
pub fn read_local(path: &Path, plan_id: &str) -> Result<State, StateError> {
    match std::fs::read(path) {
        Ok(bytes) => State::from_json(&bytes, &path.display().to_string(), plan_id),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::empty(plan_id)),
        Err(source) => Err(StateError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// directory (so the rename stays on one filesystem), fsync of its data,
/// rename over the target, fsync of the directory so the rename itself
/// survives a power loss.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    let err = |source| StateError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    {
        // Created exclusively: whatever stands at that name (a crashed run's
        // leftover, a planted symlink) is removed, never written through.
        let create = || std::fs::OpenOptions::new().write(true).create_new(true).open(&temp);
        let mut file = match create() {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&temp).map_err(err)?;
                create().map_err(err)?
            }
            other => other.map_err(err)?,
        };
        file.write_all(bytes).map_err(err)?;
        file.sync_all().map_err(err)?;
    }
    std::fs::rename(&temp, path).map_err(err)?;
    // Directory fsync is what makes the rename durable on Linux; other
    // systems may refuse to open a directory, which costs only durability.
    if let Ok(dir) = std::fs::File::open(&dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_planted_at_the_temporary_name_or_the_state_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let path = dir.path().join("x.state.json");
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".x.state.json.{}.tmp", std::process::id()))).unwrap();
        write_atomic(&path, &State::empty("plan-1").to_json()).unwrap();
        std::fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink(&victim, &path).unwrap();
        write_atomic(&path, &State::empty("plan-1").to_json()).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(read_local(&path, "plan-1").unwrap().serial, State::empty("plan-1").serial);
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.state.json");
        let mut state = State::empty("plan-1");
        write_atomic(&path, &state.to_json()).unwrap();
        state.serial = 7;
        write_atomic(&path, &state.to_json()).unwrap();
        assert_eq!(read_local(&path, "plan-1").unwrap().serial, 7);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.state.json")]);
    }

    #[test]
    fn state_of_another_plan_or_newer_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        write_atomic(&path, &State::empty("plan-a").to_json()).unwrap();
        let error = read_local(&path, "plan-b").unwrap_err().to_string();
        assert!(error.contains("plan id \"plan-a\"") && error.contains("\"plan-b\""), "{error}");
        std::fs::write(&path, br#"{"format_version": 2}"#).unwrap();
        let error = read_local(&path, "plan-a").unwrap_err().to_string();
        assert!(error.contains("format_version 2"), "{error}");
    }

    #[test]
    fn missing_state_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let state = read_local(&dir.path().join("none.json"), "p").unwrap();
        assert_eq!(state, State::empty("p"));
    }

    #[test]
    fn state_locations() {
        assert_eq!(
            StateLocation::parse("s3://b/k/x.json").unwrap(),
            StateLocation::S3 {
                bucket: "b".into(),
                key: "k/x.json".into()
            }
        );
        assert!(StateLocation::parse("s3://b").is_err());
        assert_eq!(StateLocation::parse("a.json").unwrap(), StateLocation::Local("a.json".into()));
    }
}
