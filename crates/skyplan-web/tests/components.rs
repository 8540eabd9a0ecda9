//! Component tests in a real browser (wasm-bindgen-test, headless Chromium):
//! the cost panel and the properties form, mounted alone with the app's state.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use skyplan_core::model::Spec;
use skyplan_core::templates::template;
use skyplan_core::Catalog;
use skyplan_web::catalog_loader::CatalogState;
use skyplan_web::cost_panel::CostPanel;
use skyplan_web::properties::PropertiesPanel;
use skyplan_web::state::AppState;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn catalog() -> Arc<Catalog> {
    Arc::new(Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap())
}

/// Mounts `view` in a fresh element with a saas-3tier state and priced catalog.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> (web_sys::HtmlElement, AppState) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().dyn_into().unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let state = AppState::new(template("saas-3tier").unwrap().plan().unwrap());
    state.catalog.set(CatalogState::Ready(catalog()));
    leptos::mount::mount_to(host.clone(), move || {
        provide_context(state);
        view()
    })
    .forget();
    (host, state)
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

#[wasm_bindgen_test]
async fn the_cost_panel_shows_totals_by_environment_tier_and_component() {
    let (host, state) = mount(|| view! { <CostPanel /> });
    next_tick().await;
    assert_eq!(text(&host, "total-monthly"), "$2,498.46");
    assert_eq!(text(&host, "total-annual"), "$29,981.51");
    assert_eq!(text(&host, "all-environments-monthly"), "$3,759.72");
    assert!(text(&host, "tier-row-data").contains("$859.25"));
    assert_eq!(text(&host, "component-cost-cache"), "$473.04");

    state.environment.set("dev".into());
    next_tick().await;
    assert_eq!(text(&host, "total-monthly"), "$210.13");
    assert!(host.text_content().unwrap().contains("part-time, 217.3 h/month"));
}

#[wasm_bindgen_test]
async fn the_properties_form_edits_settings_and_shows_refusals_by_the_field() {
    let (host, state) = mount(|| view! { <PropertiesPanel /> });
    state.selected.set(Some("web".into()));
    next_tick().await;
    let input = |key: &str| -> web_sys::HtmlInputElement {
        host.query_selector(&format!("[data-testid='field-{key}']")).unwrap().unwrap_or_else(|| panic!("no field {key}")).dyn_into().unwrap()
    };
    assert_eq!(input("desired").value(), "3");
    let select: web_sys::HtmlSelectElement =
        host.query_selector("[data-testid='field-instance_type']").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(select.value(), "t3.medium");
    assert!(select.length() > 500, "the picker lists the region's instance types");

    let change = |el: &web_sys::HtmlInputElement, value: &str| {
        el.set_value(value);
        el.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        }).unwrap()).unwrap();
    };
    change(&input("desired"), "5");
    next_tick().await;
    let desired = state.plan.with_untracked(|p| match &p.plan().component("web").unwrap().spec {
        Spec::Asg(asg) => asg.desired,
        _ => unreachable!(),
    });
    assert_eq!(desired, 5);

    change(&input("min"), "50");
    next_tick().await;
    assert!(text(&host, "error-min").contains("50 is greater than max (10)"), "{}", text(&host, "error-min"));
    assert!(state.history.with_untracked(|h| h.can_undo()), "the accepted edit is undoable");

    // dev overrides the instance type: the form marks it and can reset it.
    state.environment.set("dev".into());
    next_tick().await;
    assert!(host.query_selector("[data-testid='reset-instance_type']").unwrap().is_some());
}
