//! The browser's services: local storage, the URL fragment, files and the
//! clipboard. The only module that touches them directly.

use skyplan_core::model::share;
use wasm_bindgen::JsCast;

const AUTOSAVE_KEY: &str = "skyplan.plan.v1";
/// Where a saved plan that no longer reads is kept, so nothing is lost.
const UNREADABLE_KEY: &str = "skyplan.plan.unreadable";
/// The Audit view's report, kept apart from the plan.
const AUDIT_REPORT_KEY: &str = "skyplan.audit.report";
const AUDIT_FILE_KEY: &str = "skyplan.audit.file";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_autosave() -> Option<String> {
    storage()?.get_item(AUTOSAVE_KEY).ok()?
}

pub fn save_autosave(json: &str) -> Result<(), String> {
    let storage = storage().ok_or("local storage is not available")?;
    storage.set_item(AUTOSAVE_KEY, json).map_err(|_| "local storage refused the plan (full?)".to_string())
}

/// The last audit report opened in the Audit view: its file name and JSON.
pub fn load_audit_report() -> Option<(String, String)> {
    let storage = storage()?;
    Some((storage.get_item(AUDIT_FILE_KEY).ok()??, storage.get_item(AUDIT_REPORT_KEY).ok()??))
}

pub fn save_audit_report(file: &str, json: &str) -> Result<(), String> {
    let storage = storage().ok_or("local storage is not available")?;
    let refused = |_| "local storage refused the report (full?)".to_string();
    storage.set_item(AUDIT_REPORT_KEY, json).map_err(refused)?;
    storage.set_item(AUDIT_FILE_KEY, file).map_err(refused)
}

pub fn keep_unreadable(json: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(UNREADABLE_KEY, json);
    }
}

/// The share code in the URL fragment (`#plan=...`), if any.
pub fn shared_code() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix('#')?.strip_prefix(share::FRAGMENT_KEY).map(str::to_string)
}

/// Removes the fragment once its plan is loaded, so a reload shows the autosave.
pub fn clear_fragment() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let url = window.location().pathname().unwrap_or_else(|_| "/".into());
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

pub fn share_url(code: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".into());
    format!("{origin}{path}#{}{code}", share::FRAGMENT_KEY)
}

/// Offers `contents` to the user as a file download.
pub fn download(file_name: &str, contents: &str, mime: &str) -> Result<(), String> {
    download_part(file_name, &wasm_bindgen::JsValue::from_str(contents), mime)
}

/// Offers binary `contents` (a ZIP archive) as a file download.
pub fn download_bytes(file_name: &str, contents: &[u8], mime: &str) -> Result<(), String> {
    download_part(file_name, &js_sys::Uint8Array::from(contents).into(), mime)
}

fn download_part(file_name: &str, part: &wasm_bindgen::JsValue, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("could not prepare the download: {what}");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail("no document"))?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| fail("link"))?.dyn_into().map_err(|_| fail("link"))?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads the first file chosen in a file input as text.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<String, String> {
    let file = input.files().and_then(|files| files.get(0)).ok_or("no file chosen")?;
    read_file(&file).await
}

/// Reads a file (chosen or dropped) as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.map_err(|_| format!("could not read {}", file.name()))?;
    text.as_string().ok_or_else(|| format!("{} is not text", file.name()))
}

/// Reads every file chosen in a file input, or dropped, as bytes, with its
/// path inside a chosen folder where there is one.
pub async fn read_files_bytes(files: &web_sys::FileList) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for i in 0..files.length() {
        let Some(file) = files.get(i) else { continue };
        let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let name = if relative.is_empty() { file.name() } else { relative };
        // Only catalogs and archives are read: a folder from `pricing update`
        // also holds its multi-hundred-megabyte downloads.
        if !(name.ends_with(".json") || name.ends_with(".zip")) {
            continue;
        }
        let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| format!("could not read {name}"))?;
        out.push((name, js_sys::Uint8Array::new(&buffer).to_vec()));
    }
    Ok(out)
}

pub async fn copy_to_clipboard(text: &str) -> Result<(), String> {
    let clipboard = web_sys::window().ok_or("no window")?.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|_| "the clipboard refused".to_string())
}

/// Milliseconds since navigation started (for the timing marks the benchmarks read).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}
