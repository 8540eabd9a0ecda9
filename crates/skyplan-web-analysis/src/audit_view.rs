//! The Audit view: the JSON report of `skyplan audit --format json`, opened
//! from a file (or dropped on the view) and read by skyplan-audit's
//! `AuditReport::from_json`, the format the CLI writes. It shows the
//! potential savings, a chart of the saving by finding kind, the findings
//! (sortable by saving), the commitment recommendations, the prices the
//! catalogs lack and the services that could not be read (partial results).
//!
//! The report is the view's, not the plan's: opening one is no edit and
//! undo does not bring the previous one back. The last report opened is kept
//! for the page's life (switching tabs keeps it) and in local storage (a
//! reload keeps it); a refused file leaves the report shown as it was.

use crate::audit_chart::{self, KindSaving};
use crate::browser;
use crate::state::AnalysisState;
use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use skyplan_audit::{AuditReport, Finding, FindingKind};
use skyplan_core::report::money;
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::JsCast;


/// The chart's bars: each finding kind present, and the commitments, largest saving first.
pub fn savings_by_kind(report: &AuditReport) -> Vec<KindSaving> {
    let mut kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let mut groups: Vec<KindSaving> = kinds
        .into_iter()
        .map(|kind| {
            let of_kind = || report.findings.iter().filter(move |f| f.kind == kind);
            KindSaving {
                label: kind.label().to_string(),
                count: of_kind().count(),
                priced: of_kind().filter(|f| f.monthly_saving.is_some()).count(),
                saving: of_kind().filter_map(|f| f.monthly_saving).sum(),
                commitment: false,
            }
        })
        .collect();
    if !report.recommendations.is_empty() {
        groups.push(KindSaving {
            label: "commitments (RI / SP)".into(),
            count: report.recommendations.len(),
            priced: report.recommendations.len(),
            saving: report
                .recommendations
                .iter()
                .map(|r| r.monthly_saving)
                .sum(),
            commitment: true,
        });
    }
    // Stable: equal savings keep the kinds' order.
    groups.sort_by(|a, b| b.saving.cmp(&a.saving));
    groups
}

/// The findings' indices in table order: by monthly saving (largest first
/// when `descending`), equal savings in the report's order, unpriced ones last.
pub fn findings_order(findings: &[Finding], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by(
        |&a, &b| match (findings[a].monthly_saving, findings[b].monthly_saving) {
            (Some(x), Some(y)) => {
                if descending {
                    y.cmp(&x)
                } else {
                    x.cmp(&y)
                }
            }
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        },
    );
    order
}

/// `2026-11-24T12:00:00Z` → `2026-11-24 12:00 UTC`.
pub fn scan_time(utc: &str) -> String {
    match (utc.get(..10), utc.get(11..16)) {
        (Some(day), Some(time)) if utc.as_bytes().get(10) == Some(&b'T') => {
            format!("{day} {time} UTC")
        }
        _ => utc.to_string(),
    }
}

fn dollars(value: Decimal) -> String {
    format!("${}", money(value))
}

#[derive(Debug, Clone)]
struct Opened {
    report: Arc<AuditReport>,
    file: String,
}

thread_local! {
    /// The report shown, kept while the view is not (the tab switched away).
    static LAST_OPENED: RefCell<Option<Opened>> = const { RefCell::new(None) };
}

/// The report shown before: this page's, else the one kept in local storage.
fn last_opened() -> Option<Opened> {
    LAST_OPENED.with(|last| last.borrow().clone()).or_else(|| {
        let (file, text) = browser::load_audit_report()?;
        // A kept report this build no longer reads is simply not shown.
        let report = AuditReport::from_json(text.as_bytes()).ok()?;
        let opened = Opened {
            report: Arc::new(report),
            file,
        };
        LAST_OPENED.with(|last| *last.borrow_mut() = Some(opened.clone()));
        Some(opened)
    })
}

/// The first file of a drop event, read from `dataTransfer.files`.
fn dropped_file(ev: &web_sys::DragEvent) -> Option<web_sys::File> {
    let transfer = js_sys::Reflect::get(ev.as_ref(), &"dataTransfer".into()).ok()?;
    let files: web_sys::FileList = js_sys::Reflect::get(&transfer, &"files".into())
        .ok()?
        .dyn_into()
        .ok()?;
    files.get(0)
}

#[component]
pub fn AuditView() -> impl IntoView {
    let state = expect_context::<AnalysisState>();
    let opened = RwSignal::new(last_opened());
    let refused = RwSignal::new(None::<String>);
    let descending = RwSignal::new(true);
    let dragging = RwSignal::new(false);
    let file_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let chart_canvas = NodeRef::<Canvas>::new();

    let open_text = move |file: String, text: String| match AuditReport::from_json(text.as_bytes())
    {
        Ok(report) => {
            let shown = Opened {
                report: Arc::new(report),
                file: file.clone(),
            };
            LAST_OPENED.with(|last| *last.borrow_mut() = Some(shown.clone()));
            if let Err(message) = browser::save_audit_report(&file, &text) {
                state.notice(format!(
                    "The audit report is shown but not kept for the next visit: {message}"
                ));
            }
            refused.set(None);
            opened.set(Some(shown));
        }
        Err(error) => {
            let still = opened.with_untracked(|o| {
                o.as_ref()
                    .map(|o| format!(" The report shown is still {}.", o.file))
            });
            refused.set(Some(format!(
                "{file} was not opened: {error}.{}",
                still.unwrap_or_default()
            )));
        }
    };
    let open_file = move |file: web_sys::File| {
        spawn_local(async move {
            let name = file.name();
            match browser::read_file(&file).await {
                Ok(text) => open_text(name, text),
                Err(message) => refused.set(Some(message)),
            }
        });
    };
    let on_chosen = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            open_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = dropped_file(&ev) {
            open_file(file);
        }
    };

    let groups =
        Memo::new(move |_| opened.with(|o| o.as_ref().map(|o| savings_by_kind(&o.report))));
    Effect::new(move |_| {
        if let (Some(canvas), Some(groups)) = (chart_canvas.get(), groups.get()) {
            let drawn = audit_chart::draw_savings(&canvas, &groups);
            let _ =
                canvas.set_attribute("data-drawn", if drawn.is_ok() { "yes" } else { "failed" });
            if let Err(message) = drawn {
                canvas.set_title(&message);
            }
        }
    });

    view! {
        <section class="report audit" class:dragging=move || dragging.get() aria-label="Audit" data-testid="audit-view"
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop>
            <header class="report-head">
                <h2>"Audit of a live account"</h2>
                <p class="muted">"The report " <code>"skyplan audit --format json"</code> " writes: resources costing money for nothing (idle instances and databases, unattached volumes, unassociated addresses, load balancers without healthy targets, old snapshots), each with its monthly cost and saving, and the Reserved Instances or Savings Plans worth buying for the instances that ran steadily. The report stays in this browser; it is not part of the plan."</p>
            </header>
            <div class="audit-open">
                <button type="button" class="primary" data-testid="audit-open-button"
                    on:click=move |_| { if let Some(input) = file_input.get_untracked() { input.click(); } }>"Open audit report…"</button>
                <input type="file" accept=".json,application/json" class="hidden" data-testid="audit-open" aria-label="Audit report to open" node_ref=file_input on:change=on_chosen />
                <span class="muted">{move || match opened.get() {
                    Some(o) => format!("Showing {} · drop another report here to replace it", o.file),
                    None => "or drop the report's file here".to_string(),
                }}</span>
            </div>
            {move || refused.get().map(|message| view! {
                <div class="audit-refused" role="alert" data-testid="audit-error">
                    <span>{message}</span>
                    <button class="link" on:click=move |_| refused.set(None)>"dismiss"</button>
                </div>
            })}
            {move || opened.with(|o| o.is_none()).then(|| view! {
                <p class="status" data-testid="audit-status">"No audit report open. Run " <code>"skyplan audit --format json > audit.json"</code> " against an account, then open the file here."</p>
            })}
            {move || opened.get().map(|o| summary(&o.report))}
            <figure class="chart audit-chart" class:hidden=move || opened.with(|o| o.is_none())>
                <canvas node_ref=chart_canvas data-testid="audit-chart" role="img" aria-label="Potential monthly saving by finding kind"></canvas>
            </figure>
            {move || opened.get().map(|o| details(o.report, descending))}
        </section>
    }
}

fn summary(report: &AuditReport) -> impl IntoView {
    let t = &report.totals;
    let unpriced = t.unpriced_findings;
    view! {
        <div class="totals audit-totals">
            <div class="total-card saving-card"><div class="label">"potential saving / month"</div>
                <div class="amount" data-testid="audit-potential-monthly">{dollars(t.potential_monthly_saving)}</div>
                <div class="sub">{format!("findings {} + commitments {}", dollars(t.findings_monthly_saving), dollars(t.commitments_monthly_saving))}</div></div>
            <div class="total-card"><div class="label">"per year"</div>
                <div class="amount" data-testid="audit-potential-yearly">{dollars(t.potential_monthly_saving * Decimal::from(12))}</div>
                <div class="sub">{if t.commitments_upfront.is_zero() { "no upfront payment".to_string() } else { format!("commitments need {} upfront", dollars(t.commitments_upfront)) }}</div></div>
            <div class="total-card"><div class="label">"findings"</div>
                <div class="amount" data-testid="audit-findings-count">{report.findings.len()}</div>
                <div class="sub">{if unpriced == 0 { format!("costing {} a month", dollars(t.findings_monthly_cost)) } else { format!("{unpriced} unpriced, left out of the sums") }}</div></div>
            <div class="total-card"><div class="label">"scanned"</div>
                <div class="amount" data-testid="audit-regions">{format!("{} region{}", report.regions.len(), if report.regions.len() == 1 { "" } else { "s" })}</div>
                <div class="sub" data-testid="audit-scan-time">{format!("{} · {}", scan_time(&report.generated_at_utc), report.regions.join(", "))}</div></div>
        </div>
        <p class="note muted audit-thresholds">{format!(
            "Idle: average CPU under {} % over {} whole days; snapshots older than {} days. Catalogs: {}.",
            report.thresholds.cpu_percent.normalize(), report.window.days, report.thresholds.snapshot_days,
            if report.catalog_versions.is_empty() { "none".to_string() } else { report.catalog_versions.iter().map(|(r, v)| format!("{r} {v}")).collect::<Vec<_>>().join(", ") }
        )}</p>
        {(!report.errors.is_empty()).then(|| view! {
            <div class="audit-partial" role="status" data-testid="audit-scan-errors">
                <strong>{format!("Partial results: {} part{} of the account could not be read", report.errors.len(), if report.errors.len() == 1 { "" } else { "s" })}</strong>
                <ul>{report.errors.iter().map(|e| view! {
                    <li data-testid="audit-scan-error">{format!("{} · {} {}: {}{}", e.region, e.service, e.action, e.message, if e.access_denied { " (a missing IAM permission)" } else { "" })}</li>
                }).collect_view()}</ul>
            </div>
        })}
    }
}

fn details(report: Arc<AuditReport>, descending: RwSignal<bool>) -> impl IntoView {
    let findings = report.clone();
    let rows = move || {
        findings_order(&findings.findings, descending.get())
            .into_iter()
            .map(|i| {
                let f = &findings.findings[i];
                let missing = f.missing_prices.join("; ");
                let unpriced = f.monthly_saving.is_none();
                view! {
                    <tr data-testid="audit-finding-row" class:unpriced=unpriced>
                        <td><div class="resource-id">{f.resource_id.clone()}</div><div class="muted small">{f.resource.clone()}</div></td>
                        <td>{f.region.clone()}</td>
                        <td><span class="kind">{f.kind.label()}</span></td>
                        <td class="why">{f.why.clone()}</td>
                        <td class="num">{f.monthly_cost.map(dollars).unwrap_or_else(|| "unpriced".into())}</td>
                        <td class="num strong" data-testid="audit-finding-saving" title=missing>{f.monthly_saving.map(dollars).unwrap_or_else(|| "unpriced".into())}</td>
                        <td class="action">{f.action.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let r = report.clone();
    view! {
        <h3>{format!("Findings ({})", report.findings.len())}</h3>
        {if report.findings.is_empty() {
            view! { <p class="note" data-testid="audit-no-findings">"Nothing wasteful found."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="audit-findings" data-testid="audit-findings">
                        <thead><tr>
                            <th>"Resource"</th><th>"Region"</th><th>"Kind"</th><th>"Why flagged"</th><th class="num">"Cost now / month"</th>
                            <th class="num" aria-sort=move || if descending.get() { "descending" } else { "ascending" }>
                                <button class="sort" data-testid="audit-sort-saving" title="Sort by saving"
                                    on:click=move |_| descending.update(|d| *d = !*d)>
                                    {move || if descending.get() { "Saving / month ▼" } else { "Saving / month ▲" }}</button></th>
                            <th>"Action"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot><tr>
                            <td colspan="4">{if r.totals.unpriced_findings > 0 { format!("Total ({} unpriced left out)", r.totals.unpriced_findings) } else { "Total".to_string() }}</td>
                            <td class="num">{dollars(r.totals.findings_monthly_cost)}</td>
                            <td class="num strong" data-testid="audit-findings-total">{dollars(r.totals.findings_monthly_saving)}</td>
                            <td></td>
                        </tr></tfoot>
                    </table>
                </div>
            }.into_any()
        }}
        <h3>{format!("Commitments for steady instances ({})", report.recommendations.len())}</h3>
        {if report.recommendations.is_empty() {
            view! { <p class="note" data-testid="audit-no-commitments">"No instance ran steadily enough over the period to recommend a commitment."</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="audit-commitments" data-testid="audit-commitments">
                        <thead><tr>
                            <th>"Region"</th><th>"Instances"</th><th>"Commitment"</th><th class="num">"Upfront"</th><th class="num">"Monthly (avg)"</th>
                            <th class="num">"On demand / month"</th><th class="num">"Saving / month"</th><th class="num">"Saving / year"</th><th class="num">"Break-even"</th>
                        </tr></thead>
                        <tbody>{report.recommendations.iter().map(|c| view! {
                            <tr data-testid="audit-commitment-row">
                                <td>{c.region.clone()}</td>
                                <td><div class="resource-id">{format!("{} × {}", c.instances.len(), c.instance_type)}</div><div class="muted small">{c.instances.join(", ")}</div></td>
                                <td>{format!("{}{}", c.option, c.reserved_instances.map(|n| format!(" × {n}")).or_else(|| c.hourly_commitment.map(|h| format!(" at ${}/h", h.round_dp(3)))).unwrap_or_default())}</td>
                                <td class="num">{dollars(c.upfront)}</td>
                                <td class="num">{dollars(c.monthly)}</td>
                                <td class="num">{dollars(c.on_demand_monthly)}</td>
                                <td class="num strong">{format!("{} ({} %)", dollars(c.monthly_saving), c.saving_percent.round_dp(1).normalize())}</td>
                                <td class="num">{dollars(c.yearly_saving)}</td>
                                <td class="num">{c.break_even_month.map(|m| format!("month {m}")).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {(!report.unpriced_commitments.is_empty()).then(|| view! {
            <ul class="notes" data-testid="audit-unpriced-commitments">{report.unpriced_commitments.iter().map(|u| view! {
                <li>{format!("{} {} · {} not priced: {}", u.region, u.instance_type, u.option, u.reason)}</li>
            }).collect_view()}</ul>
        })}
        {(!report.missing_prices.is_empty()).then(|| view! {
            <p class="note warn" data-testid="audit-missing-prices">{format!("Not priced (left out of every sum; the catalogs lack them): {}", report.missing_prices.join("; "))}</p>
        })}
        {(!report.not_measured.is_empty()).then(|| view! {
            <details class="commitments" data-testid="audit-not-measured">
                <summary>{format!("Not judged ({}): no measurement over the period", report.not_measured.len())}</summary>
                <ul class="notes">{report.not_measured.iter().map(|n| view! { <li>{format!("{} · {}: {}", n.region, n.resource_id, n.reason)}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn golden() -> AuditReport {
        let snap = include_str!("../../skyplan-audit/tests/snapshots/audit__json_golden.snap");
        let json = &snap[snap.find("\n{").expect("the snapshot holds the JSON")..];
        AuditReport::from_json(json.as_bytes()).unwrap()
    }

    #[test]
    fn the_chart_groups_the_savings_by_kind_and_adds_up_to_the_totals() {
        let report = golden();
        let groups = savings_by_kind(&report);
        let summary: Vec<(&str, usize, usize, String)> = groups
            .iter()
            .map(|g| (g.label.as_str(), g.count, g.priced, money(g.saving)))
            .collect();
        assert_eq!(
            summary,
            [
                ("idle database", 1, 1, "132.24".into()),
                ("unattached volume", 5, 3, "115.25".into()),
                ("commitments (RI / SP)", 1, 1, "87.44".into()),
                ("idle instance", 2, 1, "70.08".into()),
                ("idle load balancer", 3, 2, "32.85".into()),
                ("old snapshot", 2, 2, "6.90".into()),
                ("unassociated address", 2, 1, "3.65".into()),
            ]
        );
        let findings: Decimal = groups
            .iter()
            .filter(|g| !g.commitment)
            .map(|g| g.saving)
            .sum();
        assert_eq!(findings, report.totals.findings_monthly_saving);
        let all: Decimal = groups.iter().map(|g| g.saving).sum();
        assert_eq!(all, report.totals.potential_monthly_saving);
        assert_eq!(
            groups
                .iter()
                .filter(|g| !g.commitment)
                .map(|g| g.count)
                .sum::<usize>(),
            report.findings.len()
        );
    }

    #[test]
    fn findings_sort_by_saving_with_the_unpriced_last() {
        let report = golden();
        let ids = |descending| -> Vec<&str> {
            findings_order(&report.findings, descending)
                .into_iter()
                .map(|i| report.findings[i].resource_id.as_str())
                .collect()
        };
        let unpriced = [
            "i-windows",
            "vol-magnetic",
            "nlb-empty",
            "eipalloc-eu",
            "vol-sa",
        ];
        assert_eq!(
            ids(true),
            [
                "db-idle",
                "vol-io1",
                "i-idle",
                "vol-fast",
                "alb-empty",
                "alb-unhealthy",
                "vol-free",
                "snap-old",
                "eipalloc-free",
                "rds-snap-old"
            ]
            .into_iter()
            .chain(unpriced)
            .collect::<Vec<_>>()
        );
        assert_eq!(
            ids(false),
            [
                "rds-snap-old",
                "eipalloc-free",
                "snap-old",
                "vol-free",
                "alb-empty",
                "alb-unhealthy",
                "vol-fast",
                "i-idle",
                "vol-io1",
                "db-idle"
            ]
            .into_iter()
            .chain(unpriced)
            .collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_empty_report_has_no_bars_and_the_scan_time_reads_as_utc() {
        let mut report = golden();
        report.findings.clear();
        report.recommendations.clear();
        assert!(savings_by_kind(&report).is_empty());
        assert!(findings_order(&report.findings, true).is_empty());
        assert_eq!(scan_time("2026-11-24T12:00:00Z"), "2026-11-24 12:00 UTC");
        assert_eq!(scan_time("yesterday"), "yesterday");
    }
}
