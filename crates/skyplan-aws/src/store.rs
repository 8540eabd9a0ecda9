//! Where states are read from and written to, and their locks.

use crate::lock::{Holder, LocalLock, LockError, RemoteLock};
use crate::state::{self, State, StateError, StateLocation};
use std::time::Duration;

/// A state's home: a local file, or an S3 object.
#[derive(Debug, Clone)]
pub enum StateStore {
    Local(std::path::PathBuf),
    S3 {
        client: aws_sdk_s3::Client,
        bucket: String,
        key: String,
    },
}

/// A held lock of either kind.
#[derive(Debug)]
pub enum HeldLock {
    Local(LocalLock),
    Remote(RemoteLock),
}

impl HeldLock {
    pub async fn release(self) -> Result<(), LockError> {
        match self {
            HeldLock::Local(lock) => {
                drop(lock);
                Ok(())
            }
            HeldLock::Remote(lock) => lock.release().await,
        }
    }
}

impl StateStore {
    pub fn new(location: &StateLocation, s3: &aws_sdk_s3::Client) -> StateStore {
        match location {
            StateLocation::Local(path) => StateStore::Local(path.clone()),
            StateLocation::S3 { bucket, key } => StateStore::S3 {
                client: s3.clone(),
                bucket: bucket.clone(),
                key: key.clone(),
            },
        }
    }

    pub fn describe(&self) -> String {
        match self {
            StateStore::Local(path) => path.display().to_string(),
            StateStore::S3 { bucket, key, .. } => format!("s3://{bucket}/{key}"),
        }
    }

    /// Locks the state: a local state with its lock file, a remote one with
    /// the DynamoDB table (required for S3 states).
    pub async fn lock(
        &self,
        operation: &str,
        lock_table: Option<(&aws_sdk_dynamodb::Client, &str)>,
        timeout: Duration,
    ) -> Result<HeldLock, LockError> {
        let holder = Holder::current(operation);
        match self {
            StateStore::Local(path) => {
                let path = path.clone();
                let lock = tokio::task::spawn_blocking(move || LocalLock::acquire(&path, &holder, timeout))
                    .await
                    .expect("lock task does not panic")?;
                Ok(HeldLock::Local(lock))
            }
            StateStore::S3 { bucket, key, .. } => {
                let Some((client, table)) = lock_table else {
                    return Err(LockError::Remote {
                        table: "(none)".into(),
                        message: "a state in S3 needs --lock-table NAME (a DynamoDB table with the string partition key LockID)".into(),
                    });
                };
                let lock = RemoteLock::acquire(client.clone(), table, &crate::lock::remote_lock_id(bucket, key), &holder, timeout).await?;
                Ok(HeldLock::Remote(lock))
            }
        }
    }

    pub async fn load(&self, plan_id: &str) -> Result<State, StateError> {
        match self {
            StateStore::Local(path) => state::read_local(path, plan_id),
            StateStore::S3 { client, bucket, key } => {
                let remote = |message: String| StateError::Remote {
                    bucket: bucket.clone(),
                    key: key.clone(),
                    message,
                };
                match client.get_object().bucket(bucket).key(key).send().await {
                    Ok(object) => {
                        let bytes = object.body.collect().await.map_err(|e| remote(e.to_string()))?.into_bytes();
                        State::from_json(&bytes, &self.describe(), plan_id)
                    }
                    Err(error) if error.as_service_error().is_some_and(|e| e.is_no_such_key()) => Ok(State::empty(plan_id)),
                    Err(error) => Err(remote(crate::error::describe_sdk_error(&error))),
                }
            }
        }
    }

    pub async fn save(&self, state: &State) -> Result<(), StateError> {
        let bytes = state.to_json();
        match self {
            StateStore::Local(path) => {
                let path = path.clone();
                tokio::task::spawn_blocking(move || state::write_atomic(&path, &bytes))
                    .await
                    .expect("write task does not panic")
            }
            StateStore::S3 { client, bucket, key } => {
                client
                    .put_object()
                    .bucket(bucket)
                    .key(key)
                    .content_type("application/json")
                    .body(bytes.into())
                    .send()
                    .await
                    .map_err(|e| StateError::Remote {
                        bucket: bucket.clone(),
                        key: key.clone(),
                        message: crate::error::describe_sdk_error(&e),
                    })?;
                Ok(())
            }
        }
    }
}
