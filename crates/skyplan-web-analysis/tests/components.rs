//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! the Simulate view mounted alone, with a page of the test's own that keeps
//! the history as skyplan-web does, and the simulator's seeded results.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use skyplan_core::model::edit::{apply, Edit, History};
use skyplan_core::templates::template;
use skyplan_core::{Catalog, Problems, ValidPlan};
use skyplan_web_analysis::catalog_loader::CatalogState;
use skyplan_web_analysis::state::{Page, Session};
use skyplan_web_kit::bridge::AnalysisView;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn catalog() -> Arc<Catalog> {
    Arc::new(Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap())
}

/// The page's part: the history, and the new plan sent back after each change.
struct TestPage {
    history: RefCell<History<ValidPlan>>,
    revision: Cell<u64>,
    session: Cell<Option<Session>>,
}

impl TestPage {
    fn changed(&self) {
        self.revision.set(self.revision.get() + 1);
        let plan = self.history.borrow().present().clone();
        self.session.get().expect("mounted").set_plan(self.revision.get(), plan);
    }

    fn undo(&self) {
        self.history.borrow_mut().undo();
        self.changed();
    }
}

impl Page for TestPage {
    fn edit(&self, edit: &Edit) -> Result<(), Problems> {
        let next = apply(self.history.borrow().present().plan(), edit)?;
        self.history.borrow_mut().push(next);
        self.changed();
        Ok(())
    }

    fn notice(&self, message: String) {
        panic!("unexpected notice: {message}");
    }
}

/// Mounts the analysis views in a fresh element on saas-3tier production,
/// prices loaded, with `view` shown.
fn mount(view: AnalysisView) -> (web_sys::HtmlElement, Rc<TestPage>) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let page = Rc::new(TestPage { history: RefCell::new(History::new(plan.clone(), 200)), revision: Cell::new(0), session: Cell::new(None) });
    let side = page.clone();
    leptos::mount::mount_to(host.clone(), move || {
        let session = Session::new(plan, "production".into(), side.clone());
        session.set_catalog(CatalogState::Ready(catalog()));
        session.show(Some(view));
        side.session.set(Some(session));
        view! { <skyplan_web_analysis::host::Host session /> }
    })
    .forget();
    (host, page)
}

fn text(host: &web_sys::HtmlElement, testid: &str) -> String {
    host.query_selector(&format!("[data-testid='{testid}']")).unwrap().unwrap_or_else(|| panic!("no {testid}")).text_content().unwrap_or_default()
}

/// Lets effects and microtasks run.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The same seeded run as `crates/skyplan-sim/tests/determinism.rs`, in the
/// browser: wasm32 must produce bit-identical results to native.
#[wasm_bindgen_test]
fn simulations_give_the_native_results_in_wasm() {
    use skyplan_sim::{monte_carlo, scenario, simulate, Options, Period};
    let fingerprint = |json: &str| json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3));
    let plan = template("saas-3tier").unwrap().plan().unwrap();
    let scenario = scenario(&plan, "production", &catalog(), None).unwrap();
    let month = simulate(&scenario, Options { period: Period::Month, seed: 42, step_minutes: 1 });
    let bands = monte_carlo(&scenario, Period::Year, 20, 7);
    let json = format!("{}{}", serde_json::to_string(&month).unwrap(), serde_json::to_string(&bands).unwrap());
    assert_eq!(fingerprint(&json), 59_035_430_372_691_530);
}

/// The Simulate view: its 1-minute run is the traced run's report, it
/// follows an edit of the traffic made through the page's history (and the
/// undo), and its charts are painted.
#[wasm_bindgen_test]
async fn the_simulate_view_follows_edits_through_the_page_and_paints_its_charts() {
    use skyplan_sim::{scenario, simulate_traced, Options, Period};
    let (host, page) = mount(AnalysisView::Simulate);
    next_tick().await;
    let expected = |plan: &ValidPlan| {
        let (report, _) = simulate_traced(&scenario(plan, "production", &catalog(), None).unwrap(), Options { period: Period::Month, seed: 1, step_minutes: 1 });
        format!("${}", skyplan_core::report::money(report.totals.monthly_cost.unwrap()))
    };
    let present = || page.history.borrow().present().clone();
    assert_eq!(text(&host, "sim-monthly"), expected(&present()));
    for chart in ["chart-week", "chart-instances", "chart-mix"] {
        let canvas = host.query_selector(&format!("[data-testid='{chart}']")).unwrap().unwrap();
        assert_eq!(canvas.get_attribute("data-drawn").as_deref(), Some("yes"), "{chart}");
    }

    // The traffic shape, chosen in the view's editor: an edit of the page's plan.
    let before = text(&host, "sim-monthly");
    let shape: web_sys::HtmlSelectElement = host.query_selector("[data-testid='traffic-shape']").unwrap().expect("the traffic shape picker").dyn_into().unwrap();
    shape.set_value("flat");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    shape.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    next_tick().await;
    assert!(page.history.borrow().can_undo(), "the edit went through the page's history");
    assert_eq!(text(&host, "sim-monthly"), expected(&present()));
    assert_ne!(text(&host, "sim-monthly"), before);
    page.undo();
    next_tick().await;
    assert_eq!(text(&host, "sim-monthly"), before);
}

/// A hidden view keeps what it showed and computes nothing until shown again.
#[wasm_bindgen_test]
async fn a_hidden_view_is_kept_and_catches_up_when_shown() {
    let (host, page) = mount(AnalysisView::Simulate);
    next_tick().await;
    let before = text(&host, "sim-monthly");
    let session = page.session.get().unwrap();
    session.show(Some(AnalysisView::Budget));
    next_tick().await;
    let pane = |view: &str| host.query_selector(&format!("[data-testid='analysis-pane-{view}']")).unwrap().expect("mounted");
    assert!(pane("simulate").has_attribute("hidden") && !pane("budget").has_attribute("hidden"));
    page.edit(&Edit::SetTraffic { environment: "production".into(), key: "shape".into(), value: serde_json::json!("flat") }).unwrap();
    next_tick().await;
    assert_eq!(text(&host, "sim-monthly"), before, "hidden: not recomputed");
    session.show(Some(AnalysisView::Simulate));
    next_tick().await;
    assert_ne!(text(&host, "sim-monthly"), before, "shown again: follows the plan");
}
