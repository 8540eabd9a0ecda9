//! The page's side of the web worker (crate skyplan-worker): the
//! Terraform export and the plan bundle run there, in a wasm module the
//! page fetches the first time one is asked for, so the first page loads
//! without those engines (issue 3's size target).
//!
//! The worker is created on the first request and kept. Requests wait
//! until it says it is ready (a message posted before its wasm has loaded
//! would be dropped; see `skyplan_worker::protocol`), and replies are
//! matched to requests by id. If the worker fails (its script cannot be
//! fetched, or it traps), every waiting request fails with the reason and
//! the next one starts a new worker.

use skyplan_worker::protocol::{Job, Reply, Request};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The worker's wasm-bindgen JS and wasm, as trunk emits them (index.html:
/// `data-type="worker"`), beside the page.
const WORKER_JS: &str = "skyplan-worker.js";
const WORKER_WASM: &str = "skyplan-worker_bg.wasm";

/// The worker's first script: loads its JS and wasm. trunk's loader shim
/// does the same but leaves a failed wasm fetch as an unhandled rejection
/// inside the worker, which the page never hears of (the export would wait
/// for ever); rethrown from a task, it becomes an error event on the page's
/// `Worker`. URLs are absolute: the script runs from a blob: URL.
fn bootstrap(base: &str) -> String {
    format!(
        "importScripts({js});\nwasm_bindgen({wasm}).catch((e) => setTimeout(() => {{ throw new Error(`could not load {WORKER_WASM}: ${{e}}`); }}));\n",
        // JSON strings are JavaScript string literals.
        js = serde_json::Value::from(format!("{base}{WORKER_JS}")),
        wasm = serde_json::Value::from(format!("{base}{WORKER_WASM}")),
    )
}

struct Waiting {
    resolve: js_sys::Function,
    reject: js_sys::Function,
}

struct Client {
    worker: web_sys::Worker,
    ready: bool,
    queued: Vec<String>,
    waiting: HashMap<u32, Waiting>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

impl Client {
    fn start() -> Result<Client, String> {
        let fail = |e: JsValue| format!("could not start the export worker: {}", describe(&e));
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("could not start the export worker: no document")?;
        let page = document.base_uri().map_err(fail)?.unwrap_or_default();
        // The directory of the page: where trunk put the worker's files.
        let base = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let script = web_sys::Blob::new_with_str_sequence_and_options(
            &js_sys::Array::of1(&JsValue::from_str(&bootstrap(base))),
            &options,
        )
        .map_err(fail)?;
        let url = web_sys::Url::create_object_url_with_blob(&script).map_err(fail)?;
        // The URL is not revoked: the worker's script is fetched after
        // this returns, and one small blob per worker is all it keeps.
        let worker = web_sys::Worker::new(&url).map_err(fail)?;
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(on_error);
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Client {
            worker,
            ready: false,
            queued: Vec::new(),
            waiting: HashMap::new(),
            next_id: 1,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// A reply: `[reply JSON, bytes or null]`.
fn on_message(event: web_sys::MessageEvent) {
    let data = js_sys::Array::from(&event.data());
    let reply = data
        .get(0)
        .as_string()
        .ok_or_else(|| "the worker's reply is not text".to_string())
        .and_then(|t| Reply::from_json(&t));
    let settle = CLIENT.with(|cell| {
        let mut client = cell.borrow_mut();
        let client = client.as_mut()?;
        match &reply {
            Ok(Reply::Ready) => {
                client.ready = true;
                for request in client.queued.drain(..) {
                    let _ = client.worker.post_message(&JsValue::from_str(&request));
                }
                None
            }
            Ok(reply) => client.waiting.remove(&reply.id()?),
            // Unreadable: nothing says whose it is. Never expected (same build).
            Err(_) => None,
        }
    });
    // Settled outside the borrow: nothing may re-enter the client meanwhile.
    if let Some(waiting) = settle {
        let _ = waiting.resolve.call1(&JsValue::NULL, &data);
    }
}

/// The worker failed as a whole: every waiting request fails, and the
/// next request starts a new worker.
fn on_error(event: web_sys::Event) {
    event.prevent_default();
    let reason = match event.dyn_ref::<web_sys::ErrorEvent>() {
        Some(e) if !e.message().is_empty() => e.message(),
        _ => format!("{WORKER_JS} could not be loaded"),
    };
    let Some(client) = CLIENT.with(|cell| cell.borrow_mut().take()) else {
        return;
    };
    client.worker.terminate();
    let message = JsValue::from_str(&format!("the export worker failed: {reason}"));
    for waiting in client.waiting.into_values() {
        let _ = waiting.reject.call1(&JsValue::NULL, &message);
    }
}

fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Posts `job` and waits for its reply and bytes.
async fn request(job: Job) -> Result<(Reply, Option<Vec<u8>>), String> {
    let mut job = Some(job);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let Some(job) = job.take() else { return };
        let started = CLIENT.with(|cell| {
            let mut client = cell.borrow_mut();
            if client.is_none() {
                *client = Some(Client::start()?);
            }
            let client = client.as_mut().expect("just started");
            let id = client.next_id;
            client.next_id += 1;
            client.waiting.insert(
                id,
                Waiting {
                    resolve,
                    reject: reject.clone(),
                },
            );
            let text = Request { id, job }.to_json();
            if client.ready {
                client
                    .worker
                    .post_message(&JsValue::from_str(&text))
                    .map_err(|e| describe(&e))?;
            } else {
                client.queued.push(text);
            }
            Ok::<_, String>(())
        });
        if let Err(message) = started {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
        }
    });
    let data = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| describe(&e))?;
    let data = js_sys::Array::from(&data);
    let reply = Reply::from_json(&data.get(0).as_string().unwrap_or_default())?;
    let bytes = data
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .map(|a| a.to_vec());
    Ok((reply, bytes))
}

/// The plan's Terraform export as a ZIP archive with its files under `root/`.
pub async fn terraform_zip(plan_json: String, root: String) -> Result<Vec<u8>, String> {
    match request(Job::TerraformZip {
        plan: plan_json,
        root,
    })
    .await?
    {
        (Reply::TerraformZip { .. }, Some(bytes)) => Ok(bytes),
        (Reply::Failed { message, .. }, _) => Err(message),
        (other, _) => Err(format!(
            "the worker answered {other:?} to a Terraform export"
        )),
    }
}

/// A plan bundle file and its digest.
pub struct BundleFile {
    pub bytes: Vec<u8>,
    pub digest: String,
}

/// The plan bundle of `environment`, priced with the region's catalog
/// (`pricing-data/<region>.json`, as the app fetched it: the browser's
/// cache usually answers).
pub async fn plan_bundle(
    plan_json: String,
    environment: String,
    region: &str,
) -> Result<BundleFile, String> {
    let catalog = fetch_text(&format!("pricing-data/{region}.json")).await?;
    match request(Job::Bundle {
        plan: plan_json,
        environment,
        catalog,
    })
    .await?
    {
        (Reply::Bundle { digest, .. }, Some(bytes)) => Ok(BundleFile { bytes, digest }),
        (Reply::Failed { message, .. }, _) => Err(message),
        (other, _) => Err(format!("the worker answered {other:?} to a plan bundle")),
    }
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!(
            "could not fetch {url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    response
        .text()
        .await
        .map_err(|e| format!("could not read {url}: {e}"))
}
