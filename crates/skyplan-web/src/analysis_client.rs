//! The page's side of the analysis module (crate skyplan-web-analysis):
//! the Simulate, Resilience, Budget and Audit views are a wasm module of
//! their own, which the page fetches the first time one of their tabs is
//! opened, so the first page loads without them (issue 3's size target).
//!
//! The module is an ES module (trunk's `data-type="worker"` with
//! `data-bindgen-target="web"`: emitted beside the page under its crate's
//! name, started by nobody), imported here with `import()`. Once mounted it
//! is kept: switching tabs only tells it which view is shown. What the two
//! modules say to each other is `skyplan_web_kit::bridge`.

use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The module's JavaScript and wasm, as trunk emits them.
pub const MODULE_JS: &str = "skyplan-web-analysis.js";
pub const MODULE_WASM: &str = "skyplan-web-analysis_bg.wasm";

/// Imports the module's script and starts it with wasm-bindgen's loader
/// (its default export), the wasm fetched meanwhile rather than after the
/// script has run. A function: the page's own script is no ES module that
/// could say `import()`, and wasm-bindgen has no dynamic import.
/// Its failure is reported by whoever awaits it, not as an unhandled
/// rejection (a warm-up nobody awaited yet).
const IMPORT_AND_START: &str = "const wasm = fetch(wasmUrl);\n\
    wasm.catch(() => {});\n\
    const started = import(jsUrl).then((module) => module.default({ module_or_path: wasm }).then(() => module));\n\
    started.catch(() => {});\n\
    return started;";

#[wasm_bindgen]
extern "C" {
    /// The module's namespace object: its exports.
    #[derive(Clone)]
    type AnalysisModule;
    #[wasm_bindgen(method, catch)]
    fn mount(this: &AnalysisModule, host: &web_sys::HtmlElement, bridge: &js_sys::Object, inputs: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn update(this: &AnalysisModule, inputs: &str) -> Result<(), JsValue>;
}

struct Loaded {
    module: AnalysisModule,
    _edit: Closure<dyn FnMut(String) -> Option<String>>,
    _notice: Closure<dyn FnMut(String)>,
}

thread_local! {
    static LOADED: RefCell<Option<Loaded>> = const { RefCell::new(None) };
    /// The module being fetched and started, and for which attempt: started
    /// by a warm-up or a load, awaited by the load of the same attempt.
    static STARTED: RefCell<Option<(u32, js_sys::Promise)>> = const { RefCell::new(None) };
}

/// Fetches and starts the module for `attempt`, or returns the fetch already under way.
fn start(attempt: u32) -> Result<js_sys::Promise, JsValue> {
    if let Some(promise) = STARTED.with(|s| s.borrow().as_ref().filter(|(a, _)| *a == attempt).map(|(_, p)| p.clone())) {
        return Ok(promise);
    }
    let (js, wasm) = module_urls(attempt).map_err(|e| JsValue::from_str(&e))?;
    let start = js_sys::Function::new_with_args("jsUrl, wasmUrl", IMPORT_AND_START);
    let promise: js_sys::Promise = start.call2(&JsValue::NULL, &JsValue::from_str(&js), &JsValue::from_str(&wasm))?.unchecked_into();
    STARTED.with(|s| *s.borrow_mut() = Some((attempt, promise.clone())));
    Ok(promise)
}

/// The pointer reached (or the keyboard focused) an analysis tab: a click
/// is likely, so the module starts downloading and compiling now, hiding
/// most of the first opening's wait. Nothing is mounted until the click.
pub fn warm_up() {
    let idle = LOADED.with(|l| l.borrow().is_none()) && STARTED.with(|s| s.borrow().is_none());
    if idle {
        let _ = start(0);
    }
}

/// What the page does for the module: apply an edit (the JSON of a core
/// `Edit`; `None` when accepted, else the JSON of the core's problems) and
/// show a notice.
pub struct PageSide {
    pub edit: Box<dyn FnMut(String) -> Option<String>>,
    pub notice: Box<dyn FnMut(String)>,
}

fn describe(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| value.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| format!("{value:?}"))
}

/// Where the module's script and wasm are: beside the page. Attempts after
/// a failed one add a query to the script's URL, as a browser keeps a failed
/// module import for its URL.
fn module_urls(attempt: u32) -> Result<(String, String), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let page = document.base_uri().map_err(|e| describe(&e))?.unwrap_or_default();
    let base = &page[..page.rfind('/').map_or(0, |i| i + 1)];
    let js = if attempt == 0 { format!("{base}{MODULE_JS}") } else { format!("{base}{MODULE_JS}?attempt={attempt}") };
    Ok((js, format!("{base}{MODULE_WASM}")))
}

/// Fetches, starts and mounts the module into `host`; `inputs` is called
/// once it is ready, so it says what is current then.
pub async fn load(attempt: u32, host: web_sys::HtmlElement, inputs: impl FnOnce() -> String, page: PageSide) -> Result<(), String> {
    let fail = |e: JsValue| format!("the analysis views could not be loaded: {}", describe(&e));
    let promise = start(attempt).map_err(fail)?;
    let module: AnalysisModule = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(fail)?.unchecked_into();
    let edit = Closure::<dyn FnMut(String) -> Option<String>>::new(page.edit);
    let notice = Closure::<dyn FnMut(String)>::new(page.notice);
    let bridge = js_sys::Object::new();
    js_sys::Reflect::set(&bridge, &"edit".into(), edit.as_ref()).map_err(fail)?;
    js_sys::Reflect::set(&bridge, &"notice".into(), notice.as_ref()).map_err(fail)?;
    module.mount(&host, &bridge, &inputs()).map_err(fail)?;
    LOADED.with(|l| *l.borrow_mut() = Some(Loaded { module, _edit: edit, _notice: notice }));
    Ok(())
}

/// Sends the module what changed (`skyplan_web_kit::bridge::Inputs`).
pub fn update(inputs: &str) -> Result<(), String> {
    // Called outside the borrow: nothing may re-enter `LOADED` meanwhile.
    let Some(module) = LOADED.with(|l| l.borrow().as_ref().map(|l| l.module.clone())) else {
        return Err("the analysis views are not loaded".into());
    };
    module.update(inputs).map_err(|e| format!("the analysis views failed: {}", describe(&e)))
}
