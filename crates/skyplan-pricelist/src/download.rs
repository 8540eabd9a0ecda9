//! HTTP GET of indexes and of offer files, the latter resumable: bytes go to
//! `<file>.part`, a later run asks for the rest with a `Range` header, and
//! the file takes its name only once every byte the server announced is in.

use crate::UpdateError;
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde::de::DeserializeOwned;
use std::io::Write;
use std::path::Path;

/// Told how each offer file's download goes, e.g. to draw a progress bar.
pub trait Progress {
    /// `total`: the file's size if the server gave it; `resumed_at`: bytes
    /// already on disk from an earlier run.
    fn started(&self, url: &str, total: Option<u64>, resumed_at: u64);
    fn advanced(&self, bytes: u64);
    fn finished(&self, url: &str);
}

/// An HTTP(S) client for the Price List.
pub struct Client {
    inner: hyper_util::client::legacy::Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
}

impl Client {
    pub fn new() -> Result<Client, UpdateError> {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
            .map_err(|e| UpdateError::Network { url: "https://".into(), message: format!("no TLS root certificates: {e}") })?
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Client { inner: hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(https) })
    }

    async fn get(&self, url: &str, from: u64) -> Result<hyper::Response<hyper::body::Incoming>, UpdateError> {
        let network = |message: String| UpdateError::Network { url: url.to_owned(), message };
        let mut request = Request::get(url).header("user-agent", concat!("skyplan/", env!("CARGO_PKG_VERSION")));
        if from > 0 {
            request = request.header("range", format!("bytes={from}-"));
        }
        let request = request.body(Empty::new()).map_err(|e| network(e.to_string()))?;
        self.inner.request(request).await.map_err(|e| network(error_chain(&e)))
    }

    /// A small JSON document (an index), read whole.
    pub(crate) async fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T, UpdateError> {
        let response = self.get(url, 0).await?;
        if response.status() != StatusCode::OK {
            return Err(UpdateError::Http { url: url.to_owned(), status: response.status().as_u16() });
        }
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| UpdateError::Network { url: url.to_owned(), message: error_chain(&e) })?
            .to_bytes();
        serde_json::from_slice(&body).map_err(|e| UpdateError::Index { url: url.to_owned(), message: e.to_string() })
    }

    /// Downloads `url` to `path`, resuming `<path>.part`; returns the size.
    /// A file already at `path` is kept: offer URLs name their version.
    pub(crate) async fn download(&self, url: &str, path: &Path, progress: &dyn Progress) -> Result<u64, UpdateError> {
        if let Ok(meta) = std::fs::metadata(path) {
            return Ok(meta.len());
        }
        let io = |p: &Path, e: std::io::Error| UpdateError::Io { path: p.to_owned(), message: e.to_string() };
        let part = path.with_file_name(format!("{}.part", path.file_name().and_then(|n| n.to_str()).unwrap_or("download")));
        if let Some(dir) = part.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        let mut have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
        let response = self.get(url, have).await?;
        let total = match response.status() {
            StatusCode::OK => {
                // The server sends the whole file: whatever was kept goes.
                have = 0;
                content_length(&response)
            }
            StatusCode::PARTIAL_CONTENT => match content_range(&response) {
                Some((start, total)) if start == have => total,
                _ => {
                    return Err(UpdateError::Network {
                        url: url.to_owned(),
                        message: format!("asked for bytes from {have}, the server answered with another range"),
                    })
                }
            },
            StatusCode::RANGE_NOT_SATISFIABLE => {
                // Nothing left to send, or the file changed: start again.
                std::fs::remove_file(&part).map_err(|e| io(&part, e))?;
                return Box::pin(self.download(url, path, progress)).await;
            }
            status => return Err(UpdateError::Http { url: url.to_owned(), status: status.as_u16() }),
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(have > 0)
            .truncate(have == 0)
            .open(&part)
            .map_err(|e| io(&part, e))?;
        progress.started(url, total, have);
        let mut received = have;
        let mut body = response.into_body();
        let mut stopped = None;
        loop {
            match body.frame().await {
                None => break,
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        file.write_all(&data).map_err(|e| io(&part, e))?;
                        received += data.len() as u64;
                        progress.advanced(data.len() as u64);
                    }
                }
                Some(Err(e)) => {
                    stopped = Some(error_chain(&e));
                    break;
                }
            }
        }
        file.flush().map_err(|e| io(&part, e))?;
        drop(file);
        let expected = total.unwrap_or(received);
        if stopped.is_some() || received < expected {
            return Err(UpdateError::Interrupted { url: url.to_owned(), received, expected, partial: part });
        }
        std::fs::rename(&part, path).map_err(|e| io(path, e))?;
        progress.finished(url);
        Ok(received)
    }
}

fn content_length(response: &hyper::Response<hyper::body::Incoming>) -> Option<u64> {
    response.headers().get("content-length")?.to_str().ok()?.parse().ok()
}

/// `Content-Range: bytes <start>-<end>/<total>` → (start, total).
fn content_range(response: &hyper::Response<hyper::body::Incoming>) -> Option<(u64, Option<u64>)> {
    let value = response.headers().get("content-range")?.to_str().ok()?;
    let (range, total) = value.strip_prefix("bytes ")?.split_once('/')?;
    let start = range.split_once('-')?.0.parse().ok()?;
    Some((start, total.parse().ok()))
}

/// An error and its causes, one line: hyper's own message alone says little.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
