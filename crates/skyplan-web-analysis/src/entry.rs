//! The module's exports, called by the page (skyplan-web's
//! `analysis_client`) once wasm-bindgen's loader has started it.

use crate::host::Host;
use crate::state::{Page, Session};
use leptos::prelude::*;
use skyplan_core::model::edit::Edit;
use skyplan_core::Problems;
use skyplan_web_kit::bridge::{self, Inputs};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The page's side: `edit(json)` answers `null` (applied) or the
    /// core's problems as JSON; `notice(message)`.
    pub type Bridge;
    #[wasm_bindgen(method)]
    fn edit(this: &Bridge, edit: &str) -> Option<String>;
    #[wasm_bindgen(method)]
    fn notice(this: &Bridge, message: &str);
}

struct BridgedPage(Bridge);

impl Page for BridgedPage {
    fn edit(&self, edit: &Edit) -> Result<(), Problems> {
        match self.0.edit(&bridge::edit_to_json(edit)) {
            None => Ok(()),
            Some(problems) => Err(bridge::problems_from_json(&problems)),
        }
    }

    fn notice(&self, message: String) {
        self.0.notice(&message);
    }
}

thread_local! {
    static SESSION: Cell<Option<Session>> = const { Cell::new(None) };
}

/// Mounts the analysis views into `host` with the page's first inputs
/// (`skyplan_web_kit::bridge::Inputs` as JSON, the plan included).
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, page: Bridge, inputs: &str) -> Result<(), JsError> {
    if SESSION.with(Cell::get).is_some() {
        return Err(JsError::new("the analysis views are already mounted"));
    }
    let inputs = Inputs::from_json(inputs).map_err(|e| JsError::new(&e))?;
    let page: Rc<dyn Page> = Rc::new(BridgedPage(page));
    let failed = Rc::new(Cell::new(None::<String>));
    let failure = failed.clone();
    let handle = leptos::mount::mount_to(host, move || match Session::start(inputs, page) {
        Ok(session) => {
            SESSION.with(|s| s.set(Some(session)));
            view! { <Host session /> }.into_any()
        }
        Err(message) => {
            failure.set(Some(message));
            ().into_any()
        }
    });
    if let Some(message) = failed.take() {
        return Err(JsError::new(&message));
    }
    // Kept for the page's lifetime.
    handle.forget();
    Ok(())
}

/// Takes the page's inputs (JSON) since the last call.
#[wasm_bindgen]
pub fn update(inputs: &str) -> Result<(), JsError> {
    let session = SESSION.with(Cell::get).ok_or_else(|| JsError::new("the analysis views are not mounted"))?;
    let inputs = Inputs::from_json(inputs).map_err(|e| JsError::new(&e))?;
    session.update(inputs).map_err(|e| JsError::new(&e))
}
