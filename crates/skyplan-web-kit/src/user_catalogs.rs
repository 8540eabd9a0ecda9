//! A user's own catalogs (what `skyplan pricing update` or `pricing import`
//! wrote), kept in the browser's IndexedDB so that they outlive the tab; the
//! catalog fetch prefers them to the bundled ones, region by region.

use serde::{Deserialize, Serialize};
use skyplan_core::Catalog;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
const DB = 'skyplan-prices', STORE = 'catalogs';
function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
function inStore(mode, work) {
  return open().then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = work(transaction.objectStore(STORE));
    transaction.oncomplete = () => { db.close(); resolve(request ? request.result : undefined); };
    transaction.onerror = () => { db.close(); reject(transaction.error); };
    transaction.onabort = () => { db.close(); reject(transaction.error); };
  }));
}
export function idb_replace_all(keys, values) {
  return inStore('readwrite', (store) => { store.clear(); keys.forEach((key, i) => store.put(values[i], key)); });
}
export function idb_get(key) { return inStore('readonly', (store) => store.get(key)); }
export function idb_clear() { return inStore('readwrite', (store) => { store.clear(); }); }
// A dropped folder arrives as a directory entry: walk it for its files.
function walk(entry, path, out) {
  if (entry.isFile) return new Promise((resolve) => entry.file((file) => { out.push([path + entry.name, file]); resolve(); }, () => resolve()));
  if (!entry.isDirectory) return Promise.resolve();
  const reader = entry.createReader();
  const all = [];
  const more = () => new Promise((resolve) => reader.readEntries((batch) => resolve(batch), () => resolve([])));
  const read = () => more().then((batch) => { if (batch.length === 0) return; all.push(...batch); return read(); });
  return read().then(() => Promise.all(all.map((child) => walk(child, path + entry.name + '/', out))));
}
export function dropped_files(transfer) {
  const out = [];
  const entries = Array.from(transfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
  if (entries.length === 0) {
    return Promise.resolve(Array.from(transfer.files || []).map((file) => [file.name, file]));
  }
  return Promise.all(entries.map((entry) => walk(entry, '', out))).then(() => out);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn idb_replace_all(keys: js_sys::Array, values: js_sys::Array) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn idb_get(key: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn idb_clear() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn dropped_files(transfer: &JsValue) -> Result<js_sys::Promise, JsValue>;
}

/// The files of a drop (`DataTransfer`), a dropped folder's with their paths,
/// read as bytes; only catalogs and archives are read. The drop's entries are
/// taken at once (its item list is gone after the event), read later.
pub fn read_dropped(transfer: &JsValue) -> impl std::future::Future<Output = Result<Vec<(String, Vec<u8>)>, String>> {
    let started = dropped_files(transfer);
    async move { read_listed(run(started).await?).await }
}

async fn read_listed(list: JsValue) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for pair in js_sys::Array::from(&list).iter() {
        let pair = js_sys::Array::from(&pair);
        let name = pair.get(0).as_string().unwrap_or_default();
        if !(name.ends_with(".json") || name.ends_with(".zip")) {
            continue;
        }
        let file: web_sys::File = pair.get(1).unchecked_into();
        let buffer = JsFuture::from(file.array_buffer()).await.map_err(|_| format!("could not read {name}"))?;
        out.push((name, js_sys::Uint8Array::new(&buffer).to_vec()));
    }
    Ok(out)
}

const INDEX_KEY: &str = "index";

/// What the browser holds: where the catalogs came from and, per region,
/// how recent its prices are (the newest data date, else the version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPrices {
    pub source: String,
    pub regions: BTreeMap<String, String>,
}

async fn run(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    let promise = promise.map_err(describe)?;
    JsFuture::from(promise).await.map_err(describe)
}

fn describe(error: JsValue) -> String {
    error.as_string().or_else(|| js_sys::Reflect::get(&error, &"message".into()).ok()?.as_string()).unwrap_or_else(|| format!("{error:?}"))
}

/// The catalogs the browser holds, if any.
pub async fn index() -> Option<UserPrices> {
    let value = run(idb_get(INDEX_KEY)).await.ok()?.as_string()?;
    serde_json::from_str(&value).ok()
}

/// The user's catalog of `region`, if the browser holds one.
pub async fn catalog(region: &str) -> Option<Catalog> {
    let value = run(idb_get(region)).await.ok()?.as_string()?;
    Catalog::from_json(value.as_bytes()).ok()
}

/// Replaces what the browser holds with `catalogs`.
pub async fn store(source: &str, catalogs: &[Catalog]) -> Result<UserPrices, String> {
    let prices = UserPrices {
        source: source.to_owned(),
        regions: catalogs
            .iter()
            .map(|c| (c.region.clone(), c.newest_data().map_or_else(|| c.version.clone(), str::to_owned)))
            .collect(),
    };
    let keys = js_sys::Array::new();
    let values = js_sys::Array::new();
    keys.push(&INDEX_KEY.into());
    values.push(&serde_json::to_string(&prices).map_err(|e| e.to_string())?.into());
    for catalog in catalogs {
        keys.push(&catalog.region.clone().into());
        values.push(&catalog.to_json_pretty().into());
    }
    run(idb_replace_all(keys, values)).await.map_err(|e| format!("the browser refused to keep the prices: {e}"))?;
    Ok(prices)
}

/// Forgets the user's catalogs: the bundled ones price the plan again.
pub async fn clear() -> Result<(), String> {
    run(idb_clear()).await.map(|_| ())
}

/// Reads the catalogs out of what the user dropped: `<region>.json` files
/// (from a folder or picked one by one) and ZIP archives of them. Other
/// files (the `.downloads` of `pricing update`, CSV offer files) are passed
/// over; a `.json` that is not a catalog is an error naming it, and then
/// nothing is kept.
pub fn catalogs_from(files: &[(String, Vec<u8>)]) -> Result<Vec<Catalog>, String> {
    let mut found: BTreeMap<String, (String, Catalog)> = BTreeMap::new();
    let mut add = |name: &str, bytes: &[u8]| -> Result<(), String> {
        let catalog = Catalog::from_json(bytes).map_err(|e| format!("{name} is not a skyplan catalog: {e}"))?;
        if let Some((other, _)) = found.get(&catalog.region) {
            return Err(format!("{name} and {other} are both catalogs of {}", catalog.region));
        }
        found.insert(catalog.region.clone(), (name.to_owned(), catalog));
        Ok(())
    };
    for (name, bytes) in files {
        if name.ends_with(".zip") {
            for (entry, contents) in crate::zip::entries(bytes).map_err(|e| format!("{name}: {e}"))? {
                if is_catalog_name(&entry) {
                    add(&format!("{name}: {entry}"), &contents)?;
                }
            }
        } else if is_catalog_name(name) {
            add(name, bytes)?;
        }
    }
    if found.is_empty() {
        return Err("no <region>.json catalog among the files".into());
    }
    Ok(found.into_values().map(|(_, catalog)| catalog).collect())
}

/// `us-east-1.json`, possibly in a folder; not a hidden folder's file.
fn is_catalog_name(path: &str) -> bool {
    let hidden = path.split('/').any(|part| part.starts_with('.'));
    let file = path.rsplit('/').next().unwrap_or(path);
    !hidden && file.ends_with(".json") && skyplan_core::aws::region_location(file.trim_end_matches(".json")).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_json(region: &str) -> Vec<u8> {
        format!(r#"{{"format_version":1,"region":"{region}","location":"x","currency":"USD","version":"20261130180000"}}"#).into_bytes()
    }

    #[test]
    fn region_files_are_read_and_other_files_passed_over() {
        let files = vec![
            ("prices/us-east-1.json".to_owned(), catalog_json("us-east-1")),
            ("prices/.downloads/offers/index.csv".to_owned(), b"FormatVersion".to_vec()),
            ("prices/notes.txt".to_owned(), b"hello".to_vec()),
        ];
        let catalogs = catalogs_from(&files).unwrap();
        assert_eq!(catalogs.iter().map(|c| c.region.as_str()).collect::<Vec<_>>(), ["us-east-1"]);
    }

    #[test]
    fn a_broken_catalog_is_named_and_nothing_is_kept() {
        let files = vec![("us-east-1.json".to_owned(), catalog_json("us-east-1")), ("eu-west-1.json".to_owned(), b"{".to_vec())];
        let error = catalogs_from(&files).unwrap_err();
        assert!(error.starts_with("eu-west-1.json is not a skyplan catalog"), "{error}");
        assert!(catalogs_from(&[]).unwrap_err().contains("no <region>.json"));
    }
}
