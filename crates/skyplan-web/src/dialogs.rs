//! Dialogs: the templates gallery, the environment diff with promote, the
//! share link, and the problems of a refused import. Escape closes them.

use crate::state::{AppState, Dialog};
use leptos::prelude::*;
use leptos::task::spawn_local;
use skyplan_core::model::edit::{environment_diff, Edit};
use skyplan_core::templates::TEMPLATES;

#[component]
pub fn Dialogs() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.dialog.get().map(|dialog| {
            let (title, body) = match dialog {
                Dialog::Gallery => ("Start from a template", view! { <Gallery /> }.into_any()),
                Dialog::Prices => ("Your prices", view! { <PricesView /> }.into_any()),
                Dialog::Diff => ("Compare environments", view! { <DiffView /> }.into_any()),
                Dialog::Share(url) => ("Share link", view! { <ShareView url=url /> }.into_any()),
                Dialog::ImportProblems(problems) => (
                    "This plan cannot be opened",
                    view! {
                        <div data-testid="import-problems">
                            <p>"The file was refused and your current plan is unchanged:"</p>
                            <ul class="problems">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any(),
                ),
            };
            view! {
                <div class="backdrop" on:click=move |_| state.dialog.set(None)></div>
                <div class="dialog" role="dialog" aria-modal="true" aria-label=title data-testid="dialog">
                    <header><h2>{title}</h2><button class="close" aria-label="Close" on:click=move |_| state.dialog.set(None)>"×"</button></header>
                    {body}
                </div>
            }
        })
    }
}

#[component]
fn Gallery() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <div class="gallery" data-testid="gallery">
            {TEMPLATES.iter().map(|t| {
                let name = t.name;
                let plan = t.plan().ok();
                let description = plan.as_ref().and_then(|p| p.plan().description.clone()).unwrap_or_default();
                let count = plan.as_ref().map(|p| p.plan().components.len()).unwrap_or_default();
                view! {
                    <button class="template" data-testid=format!("template-{name}") on:click=move |_| {
                        if let Some(plan) = skyplan_core::templates::template(name).and_then(|t| t.plan().ok()) {
                            state.edit_or_notify(Edit::Replace { plan: Box::new(plan.into_plan()) });
                            state.environment.set(crate::state::default_environment(&state.plan.get_untracked()));
                            state.selected.set(None);
                            state.dialog.set(None);
                        }
                    }>
                        <strong>{name}</strong>
                        <span>{t.summary}</span>
                        <small>{format!("{count} components · {description}")}</small>
                    </button>
                }
            }).collect_view()}
            <button class="template" data-testid="template-blank" on:click=move |_| {
                let region = state.plan.with_untracked(|p| p.plan().region.clone());
                state.edit_or_notify(Edit::Replace { plan: Box::new(skyplan_core::Plan::blank(&region)) });
                state.selected.set(None);
                state.dialog.set(None);
            }>
                <strong>"Blank plan"</strong>
                <span>"dev, staging and production, no components yet"</span>
                <small>"Add components from the palette on the left."</small>
            </button>
        </div>
    }
}

#[component]
fn DiffView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let names = state.plan.with_untracked(|p| p.environment_names().into_iter().map(String::from).collect::<Vec<_>>());
    let a = RwSignal::new(state.environment.get_untracked());
    let b = RwSignal::new(names.iter().find(|n| **n != a.get_untracked()).cloned().unwrap_or_default());
    let differences = Memo::new(move |_| state.plan.with(|p| environment_diff(p, &a.get(), &b.get())));
    let show = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string()).unwrap_or_else(|| "—".into());
    let picker = move |signal: RwSignal<String>, label: &'static str, testid: &'static str| {
        let names = names.clone();
        view! {
            <label>{label}" "
                <select data-testid=testid on:change=move |ev| signal.set(event_target_value(&ev))>
                    {names.into_iter().map(|n| { let selected = n == signal.get_untracked(); view! { <option value=n.clone() selected=selected>{n.clone()}</option> } }).collect_view()}
                </select>
            </label>
        }
    };
    view! {
        <div class="diff" data-testid="diff">
            <div class="row inline">{picker(a, "Compare", "diff-a")}{picker(b, "with", "diff-b")}</div>
            {move || {
                let list = differences.get();
                if list.is_empty() {
                    view! { <p data-testid="diff-empty">"These environments run exactly the same settings."</p> }.into_any()
                } else {
                    view! {
                        <table data-testid="diff-table">
                            <thead><tr><th>"Component"</th><th>"Setting"</th><th>{move || a.get()}</th><th>{move || b.get()}</th></tr></thead>
                            <tbody>{list.iter().map(|d| view! {
                                <tr><td>{d.component.clone()}</td><td>{d.setting.clone()}</td><td class="mono">{show(&d.a)}</td><td class="mono">{show(&d.b)}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any()
                }
            }}
            <p class="muted">{move || format!("Promote copies every component setting of {} onto {} (the differences above); schedules stay as they are.", a.get(), b.get())}</p>
            <button data-testid="promote" disabled=move || a.get() == b.get() || differences.with(Vec::is_empty)
                on:click=move |_| {
                    state.edit_or_notify(Edit::Promote { from: a.get_untracked(), to: b.get_untracked() });
                }>{move || format!("Promote {} → {}", a.get(), b.get())}</button>
        </div>
    }
}

#[component]
fn ShareView(url: String) -> impl IntoView {
    let copied = RwSignal::new(None::<String>);
    let for_copy = url.clone();
    view! {
        <div class="share">
            <p>"The whole plan is in this link, compressed; nothing is uploaded anywhere."</p>
            <input type="text" readonly data-testid="share-url" prop:value=url.clone() aria-label="Share link" />
            <button data-testid="copy-share" on:click=move |_| {
                let url = for_copy.clone();
                spawn_local(async move {
                    let result = crate::browser::copy_to_clipboard(&url).await;
                    copied.set(Some(match result { Ok(()) => "Copied.".into(), Err(e) => format!("Copy failed ({e}); select the link and copy it.") }));
                });
            }>"Copy"</button>
            <span class="muted">{move || copied.get()}</span>
        </div>
    }
}

/// Prices the plan with the user's own catalogs: the folder or ZIP that
/// `skyplan pricing update` (or `pricing import`) wrote, kept in the browser
/// until removed.
#[component]
fn PricesView() -> impl IntoView {
    use skyplan_web_kit::{browser, user_catalogs};
    let state = expect_context::<AppState>();
    let message = RwSignal::new(None::<Result<String, String>>);
    let keep = move |read: Result<Vec<(String, Vec<u8>)>, String>| {
        spawn_local(async move {
            let outcome = match read.and_then(|files| {
                let source = match files.as_slice() {
                    [(name, _)] => name.clone(),
                    _ => files.first().and_then(|(name, _)| name.split_once('/')).map_or_else(|| format!("{} files", files.len()), |(dir, _)| dir.to_owned()),
                };
                user_catalogs::catalogs_from(&files).map(|c| (source, c))
            }) {
                Err(e) => Err(e),
                Ok((source, catalogs)) => {
                    match user_catalogs::store(&source, &catalogs).await {
                        Ok(prices) => {
                            let regions: Vec<String> = prices.regions.keys().cloned().collect();
                            state.user_prices.set(Some(prices));
                            Ok(format!("Kept {} catalog(s): {}", regions.len(), regions.join(", ")))
                        }
                        Err(e) => Err(e),
                    }
                }
            };
            message.set(Some(outcome));
        });
    };
    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(files) = input.files() {
            spawn_local(async move { keep(browser::read_files_bytes(&files).await) });
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        if let Some(transfer) = ev.data_transfer() {
            // Read now: the drop's entries are valid only during the event.
            let promise = user_catalogs::read_dropped(&transfer.into());
            spawn_local(async move { keep(promise.await) });
        }
    };
    let remove = move |_| {
        spawn_local(async move {
            let outcome = user_catalogs::clear().await.map(|()| "Removed: the bundled prices price the plan again.".to_owned());
            if outcome.is_ok() {
                state.user_prices.set(None);
            }
            message.set(Some(outcome));
        });
    };
    let folder = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        // Not an attribute Leptos knows: set on the element itself.
        if let Some(input) = folder.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    view! {
        <div class="prices" data-testid="prices-dialog">
            {move || match state.user_prices.get() {
                None => view! { <p data-testid="prices-status">"The plan is priced with the catalogs bundled with skyplan."</p> }.into_any(),
                Some(prices) => view! {
                    <div data-testid="prices-status">
                        <p>{format!("Your prices (from {}) price these regions; the others use the bundled catalogs:", prices.source)}</p>
                        <ul>{prices.regions.iter().map(|(region, date)| view! { <li>{format!("{region}: prices of {date}")}</li> }).collect_view()}</ul>
                        <button data-testid="remove-prices" on:click=remove>"Remove my prices"</button>
                    </div>
                }.into_any(),
            }}
            <div class="drop-zone" data-testid="prices-drop" on:dragover=|ev: web_sys::DragEvent| ev.prevent_default() on:drop=on_drop>
                <p>"Drop the ZIP or the region files that "<code>"skyplan pricing update --out DIR"</code>" wrote, or choose them:"</p>
                <label class="field">"Files or ZIP "
                    <input type="file" multiple accept=".json,.zip,application/json,application/zip" data-testid="prices-files" on:change=on_pick />
                </label>
                <label class="field">"Folder "
                    <input type="file" data-testid="prices-folder" node_ref=folder on:change=on_pick />
                </label>
            </div>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="note" data-testid="prices-message">{text}</p> }.into_any(),
                Err(text) => view! { <p class="note error" role="alert" data-testid="prices-message">{text}</p> }.into_any(),
            })}
        </div>
    }
}
