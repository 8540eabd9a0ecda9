//! The state lock: one apply or destroy at a time per state.
//!
//! Local states are locked with an OS advisory lock (`flock` on Unix,
//! `LockFileEx` on Windows, through `std::fs::File::try_lock`) on
//! `<state>.lock`; the file holds who took it. The OS releases the lock when
//! the process dies, even by SIGKILL, so a crashed apply never leaves a stale
//! local lock behind.
//!
//! Remote states are locked like Terraform's S3 backend: an item in a
//! DynamoDB table whose partition key is `LockID` (a string), created with a
//! conditional put (`attribute_not_exists(LockID)`) and holding `Info`, the
//! holder as JSON. The lock id is `<bucket>/<key>`, as Terraform's. See
//! <https://developer.hashicorp.com/terraform/language/backend/s3#dynamodb-state-locking>
//! ("The table must have a partition key named LockID with type of String").
//! A process killed while holding it leaves the item: `skyplan force-unlock`
//! removes it (the error message says so), as `terraform force-unlock`.

use serde::{Deserialize, Serialize};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Who holds a lock: enough to find and ask them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Holder {
    /// Random id of this lock acquisition (what force-unlock takes).
    pub id: String,
    pub operation: String,
    pub who: String,
    pub host: String,
    pub pid: u32,
    /// Seconds since the Unix epoch when the lock was taken.
    pub since_unix: u64,
}

impl Holder {
    pub fn current(operation: &str) -> Holder {
        let who = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        let host = hostname::get()
            .map(|h| h.to_string_lossy().into_owned())
            .unwrap_or_else(|_| "unknown".into());
        let since_unix = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let pid = std::process::id();
        let id = format!(
            "{pid:x}-{since_unix:x}-{:x}",
            std::time::Instant::now().elapsed().subsec_nanos() ^ rand_nanos()
        );
        Holder {
            id,
            operation: operation.to_string(),
            who,
            host,
            pid,
            since_unix,
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "{} by {}@{} (pid {}, since unix time {}, lock id {})",
            self.operation, self.who, self.host, self.pid, self.since_unix, self.id
        )
    }
}

fn rand_nanos() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    #[error("the state {state} is locked: {holder}; try again when it finishes, or pass --lock-timeout to wait")]
    Held { state: String, holder: String },
    #[error("the state {state} is still locked after waiting {waited_seconds} s: {holder}")]
    TimedOut {
        state: String,
        holder: String,
        waited_seconds: u64,
    },
    #[error("cannot lock {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("DynamoDB lock table {table}: {message}")]
    Remote { table: String, message: String },
}

/// A held local lock; released when dropped (or when the process dies).
#[derive(Debug)]
pub struct LocalLock {
    file: std::fs::File,
    path: PathBuf,
}

impl LocalLock {
    /// Locks `<state>.lock`, waiting up to `timeout` (zero: fail at once).
    pub fn acquire(state: &Path, holder: &Holder, timeout: Duration) -> Result<LocalLock, LockError> {
        let mut path = state.as_os_str().to_owned();
        path.push(".lock");
        let path = PathBuf::from(path);
        let io = |source| LockError::Io {
            path: path.display().to_string(),
            source,
        };
        // The lock file is truncated and written once held: a symlink planted
        // at its name would make that happen to another file.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io(std::io::Error::other("is a symbolic link; skyplan does not follow one to lock")));
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        let started = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let _ = file.seek(std::io::SeekFrom::Start(0));
                    let _ = file.read_to_string(&mut text);
                    let holder = serde_json::from_str::<Holder>(&text)
                        .map(|h| h.describe())
                        .unwrap_or_else(|_| "another skyplan process (holder not yet written)".into());
                    if started.elapsed() >= timeout {
                        return Err(if timeout.is_zero() {
                            LockError::Held {
                                state: state.display().to_string(),
                                holder,
                            }
                        } else {
                            LockError::TimedOut {
                                state: state.display().to_string(),
                                holder,
                                waited_seconds: timeout.as_secs(),
                            }
                        });
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        file.set_len(0).map_err(io)?;
        file.seek(std::io::SeekFrom::Start(0)).map_err(io)?;
        file.write_all(&serde_json::to_vec(holder).expect("holder serialises"))
            .map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(LocalLock { file, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for LocalLock {
    fn drop(&mut self) {
        // Emptying the file first: a reader that races the unlock sees no
        // stale holder. The file itself stays; deleting it would let two
        // processes lock two different inodes.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// The DynamoDB lock id of a remote state, as Terraform's S3 backend.
pub fn remote_lock_id(bucket: &str, key: &str) -> String {
    format!("{bucket}/{key}")
}

/// A held DynamoDB lock. Release it with [`RemoteLock::release`]; if the
/// process dies first the item stays until `skyplan force-unlock`.
#[derive(Debug)]
pub struct RemoteLock {
    pub(crate) client: aws_sdk_dynamodb::Client,
    pub(crate) table: String,
    pub(crate) lock_id: String,
    pub(crate) holder: Holder,
}

impl RemoteLock {
    pub async fn acquire(
        client: aws_sdk_dynamodb::Client,
        table: &str,
        lock_id: &str,
        holder: &Holder,
        timeout: Duration,
    ) -> Result<RemoteLock, LockError> {
        use aws_sdk_dynamodb::types::AttributeValue;
        let remote = |message: String| LockError::Remote {
            table: table.to_string(),
            message,
        };
        let started = std::time::Instant::now();
        loop {
            let put = client
                .put_item()
                .table_name(table)
                .item("LockID", AttributeValue::S(lock_id.to_string()))
                .item("Info", AttributeValue::S(serde_json::to_string(holder).expect("holder serialises")))
                .condition_expression("attribute_not_exists(LockID)")
                .send()
                .await;
            match put {
                Ok(_) => {
                    return Ok(RemoteLock {
                        client,
                        table: table.to_string(),
                        lock_id: lock_id.to_string(),
                        holder: holder.clone(),
                    })
                }
                Err(error) => {
                    let service = error.as_service_error();
                    if !service.is_some_and(|e| e.is_conditional_check_failed_exception()) {
                        return Err(remote(crate::error::describe_sdk_error(&error)));
                    }
                }
            }
            let current = client
                .get_item()
                .table_name(table)
                .key("LockID", AttributeValue::S(lock_id.to_string()))
                .consistent_read(true)
                .send()
                .await
                .map_err(|e| remote(crate::error::describe_sdk_error(&e)))?;
            let holder_text = current
                .item()
                .and_then(|item| item.get("Info"))
                .and_then(|v| v.as_s().ok())
                .map(|info| {
                    serde_json::from_str::<Holder>(info)
                        .map(|h| h.describe())
                        .unwrap_or_else(|_| info.clone())
                })
                .unwrap_or_else(|| "another process (released while checking; retrying)".into());
            if started.elapsed() >= timeout {
                let state = format!("lock {lock_id} in table {table}");
                return Err(if timeout.is_zero() {
                    LockError::Held {
                        state,
                        holder: holder_text,
                    }
                } else {
                    LockError::TimedOut {
                        state,
                        holder: holder_text,
                        waited_seconds: timeout.as_secs(),
                    }
                });
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }

    /// Deletes the lock item if it is still ours.
    pub async fn release(self) -> Result<(), LockError> {
        use aws_sdk_dynamodb::types::AttributeValue;
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("LockID", AttributeValue::S(self.lock_id.clone()))
            .condition_expression("Info = :info")
            .expression_attribute_values(
                ":info",
                AttributeValue::S(serde_json::to_string(&self.holder).expect("holder serialises")),
            )
            .send()
            .await
            .map_err(|e| LockError::Remote {
                table: self.table.clone(),
                message: crate::error::describe_sdk_error(&e),
            })?;
        Ok(())
    }
}

/// Removes a remote lock whatever its holder (`skyplan force-unlock`);
/// returns who held it, described as the lock errors describe holders.
pub async fn force_unlock_remote(client: &aws_sdk_dynamodb::Client, table: &str, lock_id: &str) -> Result<Option<String>, LockError> {
    use aws_sdk_dynamodb::types::AttributeValue;
    let old = client
        .delete_item()
        .table_name(table)
        .key("LockID", AttributeValue::S(lock_id.to_string()))
        .return_values(aws_sdk_dynamodb::types::ReturnValue::AllOld)
        .send()
        .await
        .map_err(|e| LockError::Remote {
            table: table.to_string(),
            message: crate::error::describe_sdk_error(&e),
        })?;
    let info = old.attributes().and_then(|a| a.get("Info")).and_then(|v| v.as_s().ok());
    // A lock written by another tool may not hold our JSON: shown as it is.
    Ok(info.map(|text| serde_json::from_str::<Holder>(text).map(|h| h.describe()).unwrap_or_else(|_| text.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_symlink_at_the_lock_is_refused_and_its_target_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("s.state.json");
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join("s.state.json.lock")).unwrap();
        let holder = Holder { id: "a".into(), operation: "destroy".into(), who: "x".into(), host: "h".into(), pid: 1, since_unix: 1 };
        let error = LocalLock::acquire(&state, &holder, Duration::ZERO).err().expect("refused");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    }

    #[test]
    fn second_local_lock_fails_naming_the_holder_and_first_release_frees_it() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("s.state.json");
        let first = Holder {
            id: "abc".into(),
            operation: "apply".into(),
            who: "ana".into(),
            host: "build-1".into(),
            pid: 42,
            since_unix: 1,
        };
        let held = LocalLock::acquire(&state, &first, Duration::ZERO).unwrap();
        // A second open file description of the same file conflicts under
        // flock even within one process, as a second process would.
        let error = LocalLock::acquire(&state, &Holder::current("apply"), Duration::ZERO)
            .unwrap_err()
            .to_string();
        assert!(error.contains("apply by ana@build-1 (pid 42"), "{error}");
        let error = LocalLock::acquire(&state, &Holder::current("apply"), Duration::from_millis(300))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("still locked after waiting 0 s") && error.contains("ana@build-1"),
            "{error}"
        );
        drop(held);
        LocalLock::acquire(&state, &Holder::current("destroy"), Duration::ZERO).unwrap();
    }
}
