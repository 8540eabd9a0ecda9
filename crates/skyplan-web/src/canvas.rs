//! The diagram: region, VPC with its AZs, tier lanes, component cards with
//! their monthly cost, and connections. Cards are dragged between lanes and
//! reordered; clicking selects; in connect mode a click ends the connection.

use crate::state::{AppState, Pricing};
use leptos::prelude::*;
use skyplan_core::model::diagram::{CARD_HEIGHT, CARD_WIDTH, LABEL_WIDTH, LANE_HEIGHT, MARGIN};
use skyplan_core::model::edit::Edit;
use skyplan_core::model::Kind;
use crate::view_model::card_cost;

#[derive(Debug, Clone, PartialEq)]
struct Drag {
    id: String,
    start: (f64, f64),
    at: (f64, f64),
    moved: bool,
}

/// The pointer in client coordinates. The SVG is drawn at 1:1 scale, so
/// differences between two of these are distances in the diagram.
fn pointer(ev: &web_sys::PointerEvent) -> (f64, f64) {
    (f64::from(ev.client_x()), f64::from(ev.client_y()))
}

fn lane_label(tier: skyplan_core::model::Tier) -> &'static str {
    use skyplan_core::model::Tier::*;
    match tier {
        Edge => "Edge",
        Web => "Public / web",
        App => "Application",
        Data => "Data",
        Cache => "Cache",
        Storage => "Storage",
        Network => "Shared services",
    }
}


#[component]
pub fn Canvas() -> impl IntoView {
    let state = expect_context::<AppState>();
    let drag = RwSignal::new(None::<Drag>);

    // Each card's cost, formatted once per estimate rather than once per card.
    let costs = Memo::new(move |_| {
        let env = state.environment.get();
        match state.pricing.get() {
            Pricing::Ready(priced) => priced
                .estimate
                .environment(&env)
                .map(|e| e.components.iter().map(|c| (c.id.clone(), card_cost(c, &priced.estimate.region))).collect::<std::collections::HashMap<_, _>>())
                .unwrap_or_default(),
            _ => Default::default(),
        }
    });
    let cost_of = move |id: &str| -> Option<String> { costs.with(|costs| costs.get(id).map(|(text, _)| text.clone())) };
    let priced_in_full = move |id: &str| -> bool { costs.with(|costs| costs.get(id).is_none_or(|(_, complete)| *complete)) };
    let flagged = move |id: &str| -> bool {
        match state.pricing.get() {
            Pricing::Ready(priced) => priced.problems.contains_key(id),
            _ => false,
        }
    };

    let on_card_down = move |id: String, ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let point = pointer(&ev);
        drag.set(Some(Drag { id, start: point, at: point, moved: false }));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        if drag.with_untracked(Option::is_none) {
            return;
        }
        let point = pointer(&ev);
        drag.update(|d| {
            if let Some(d) = d {
                d.moved |= (point.0 - d.start.0).abs() + (point.1 - d.start.1).abs() > 6.0;
                d.at = point;
            }
        });
    };
    let on_up = move |_ev: web_sys::PointerEvent| {
        let Some(d) = drag.get_untracked() else { return };
        drag.set(None);
        if !d.moved {
            click_card(&state, &d.id);
            return;
        }
        let target = state.diagram.with_untracked(|diagram| diagram.as_ref().and_then(|diagram| {
            let card = diagram.card(&d.id)?;
            let (dx, dy) = (d.at.0 - d.start.0, d.at.1 - d.start.1);
            diagram.drop_target(card.center().0 + dx, card.center().1 + dy)
        }));
        if let Some((tier, index)) = target {
            state.edit_or_notify(Edit::Move { component: d.id.clone(), tier, index });
        }
    };

    let size = Memo::new(move |_| state.diagram.with(|d| d.as_ref().map(|d| (d.width, d.height)).unwrap_or((800.0, 400.0))));
    let region = Memo::new(move |_| state.plan.with(|p| p.plan().region.clone()));
    // Arrows between card centres, recomputed with the diagram.
    let arrows = Memo::new(move |_| {
        state.diagram.with(|diagram| {
            let Some(diagram) = diagram else { return Vec::new() };
            state.plan.with(|p| {
                p.plan()
                    .connections
                    .iter()
                    .filter_map(|c| Some((c.clone(), diagram.card(&c.from)?.center(), diagram.card(&c.to)?.center())))
                    .collect::<Vec<_>>()
            })
        })
    });

    view! {
        <div class="canvas-scroll" data-testid="canvas">
            <svg
                class="diagram"
                role="img"
                aria-label=move || format!("Architecture diagram, region {}", region.get())
                width=move || size.get().0
                height=move || size.get().1
                viewBox=move || format!("0 0 {} {}", size.get().0, size.get().1)
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| drag.set(None)
            >
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b80"></path>
                    </marker>
                </defs>
                <rect class="region" x="2" y="2" width=move || size.get().0 - 4.0 height=move || size.get().1 - 4.0 rx="10"></rect>
                <text class="region-label" x="12" y="14">{move || format!("Region {}", region.get())}</text>
                {move || state.diagram.with(|d| d.as_ref().and_then(|d| d.vpc.clone())).map(|vpc| {
                    let id = vpc.id.clone();
                    let az_width = (vpc.width - LABEL_WIDTH) / f64::from(vpc.azs.max(1));
                    view! {
                        <g class="vpc" data-testid="vpc-box">
                            <rect x=vpc.x y=vpc.y width=vpc.width height=vpc.height rx="8"
                                class:selected=move || state.selected.get().as_deref() == Some(id.as_str())
                                on:click={ let id = vpc.id.clone(); move |_| state.selected.set(Some(id.clone())) }></rect>
                            <text class="vpc-label" x=vpc.x + 10.0 y=vpc.y + 17.0>{vpc.label.clone()}</text>
                            {(0..vpc.azs).map(|az| {
                                let x = vpc.x + LABEL_WIDTH + az_width * f64::from(az);
                                let letter = char::from(b'a' + az);
                                view! {
                                    <line class="az-divider" x1=x y1=vpc.y + 24.0 x2=x y2=vpc.y + vpc.height></line>
                                    <text class="az-label" x=x + 6.0 y=vpc.y + 35.0>{format!("AZ {letter}")}</text>
                                }
                            }).collect_view()}
                        </g>
                    }
                })}
                {move || {
                    let width = size.get().0;
                    state.diagram.with(|d| d.as_ref().map(|d| d.lanes.clone()).unwrap_or_default()).into_iter().map(|lane| view! {
                        <g class="lane" data-testid=format!("lane-{}", lane.tier.as_str())>
                            <line class="lane-rule" x1=MARGIN y1=lane.y + LANE_HEIGHT x2=width - MARGIN y2=lane.y + LANE_HEIGHT></line>
                            <text class="lane-label" x=MARGIN + 4.0 y=lane.y + LANE_HEIGHT / 2.0 + 4.0>{lane_label(lane.tier)}</text>
                        </g>
                    }).collect_view()
                }}
                {move || arrows.get().into_iter().map(|(c, from, to)| {
                    let (mx, my) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
                    let direction = (to.1 - from.1).signum();
                    view! {
                        <g class="connection" data-testid=format!("connection-{}-{}", c.from, c.to)>
                            <line x1=from.0 y1=from.1 + CARD_HEIGHT / 2.0 * direction x2=to.0 y2=to.1 - CARD_HEIGHT / 2.0 * direction marker-end="url(#arrow)"></line>
                            <text x=mx + 4.0 y=my>{c.port.to_string()}</text>
                        </g>
                    }
                }).collect_view()}
                        <For
                            each=move || state.diagram.with(|d| d.as_ref().map(|d| d.cards.clone()).unwrap_or_default())
                            key=|card| (card.id.clone(), card.name.clone(), card.summary.clone(), card.x.to_bits(), card.y.to_bits())
                            let:card
                        >
                            {
                            let id = card.id.clone();
                            let id_for_selected = id.clone();
                            let id_for_drag = id.clone();
                            let id_for_offset = id.clone();
                            let id_for_cost = id.clone();
                            let id_for_priced = id.clone();
                            let id_for_flag = id.clone();
                            let id_for_key = id.clone();
                            let transform = move || drag.with(|d| match d {
                                Some(d) if d.id == id_for_offset && d.moved => format!("translate({} {})", d.at.0 - d.start.0, d.at.1 - d.start.1),
                                _ => String::new(),
                            });
                            view! {
                                <g class="card" tabindex="0" role="button"
                                    aria-label=format!("{} ({}), {}", card.name, card.kind.label(), card.summary)
                                    data-testid=format!("card-{id}")
                                    class:selected=move || state.selected.get().as_deref() == Some(id_for_selected.as_str())
                                    class:flagged=move || flagged(&id_for_flag)
                                    transform=transform
                                    on:pointerdown=move |ev| on_card_down(id_for_drag.clone(), ev)
                                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" || ev.key() == " " { ev.prevent_default(); click_card(&state, &id_for_key) }
                                >
                                    <rect x=card.x y=card.y width=CARD_WIDTH height=CARD_HEIGHT rx="7"></rect>
                                    <rect class="badge" x=card.x + 8.0 y=card.y + 8.0 width="34" height="18" rx="4"></rect>
                                    <text class="badge-text" x=card.x + 25.0 y=card.y + 21.0>{Kind::icon(card.kind)}</text>
                                    <text class="card-name" x=card.x + 50.0 y=card.y + 21.0>{truncate(&card.name, 17)}</text>
                                    <text class="card-summary" x=card.x + 10.0 y=card.y + 43.0>{truncate(&card.summary, 30)}</text>
                                    <text class="card-cost" class:unpriced=move || !priced_in_full(&id_for_priced) x=card.x + 10.0 y=card.y + 63.0 data-testid=format!("card-cost-{id}")>{move || cost_of(&id_for_cost).unwrap_or_default()}</text>
                                </g>
                            }
                            }
                        </For>
            </svg>
        </div>
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// A click on a card: ends a connection being drawn, or selects the card.
fn click_card(state: &AppState, id: &str) {
    if let Some(from) = state.connecting_from.get_untracked() {
        state.connecting_from.set(None);
        if from != id {
            let port = state.plan.with_untracked(|p| {
                p.plan().component(id).map(|c| c.spec.default_port())
            });
            state.edit_or_notify(Edit::Connect { from, to: id.to_string(), port: port.unwrap_or(443) });
        }
        return;
    }
    state.selected.set(Some(id.to_string()));
}
