//! The audit report: its JSON form (what `skyplan audit --format json`
//! writes and the web app opens), the text table and the CSV. Amounts keep
//! full precision here; the table and CSV round them, and nothing else does.

use crate::inventory::ScanError;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use skyplan_core::report::money;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The report format this build reads and writes.
pub const REPORT_FORMAT_VERSION: u32 = 1;

/// What the audit compares against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// An instance whose average CPU over the period is under this is idle, percent.
    pub cpu_percent: Decimal,
    /// The period measured, in whole UTC days before the scan's day.
    pub days: u32,
    /// Snapshots older than this many days are flagged.
    pub snapshot_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            cpu_percent: Decimal::from(5),
            days: 7,
            snapshot_days: 365,
        }
    }
}

/// The measured period: whole UTC days, `start` included, `end` (the start of
/// the scan's day) excluded, so every day has a complete daily datapoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub start: i64,
    pub end: i64,
    pub days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    IdleInstance,
    UnattachedVolume,
    UnassociatedAddress,
    IdleLoadBalancer,
    IdleDatabase,
    OldSnapshot,
}

impl FindingKind {
    pub fn label(self) -> &'static str {
        match self {
            FindingKind::IdleInstance => "idle instance",
            FindingKind::UnattachedVolume => "unattached volume",
            FindingKind::UnassociatedAddress => "unassociated address",
            FindingKind::IdleLoadBalancer => "idle load balancer",
            FindingKind::IdleDatabase => "idle database",
            FindingKind::OldSnapshot => "old snapshot",
        }
    }
}

/// One resource costing money for nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub region: String,
    pub resource_id: String,
    pub kind: FindingKind,
    /// What the resource is: `m5.large`, `gp3 100 GiB`, ...
    pub resource: String,
    /// The measured figure ...
    pub measured: Decimal,
    /// ... against this threshold, in this unit.
    pub threshold: Decimal,
    pub unit: String,
    /// Why it was flagged, in words (measured figure against the threshold).
    pub why: String,
    /// What it costs a month now; absent when a price is missing.
    pub monthly_cost: Option<Decimal>,
    /// What acting on it saves a month; absent when a price is missing.
    pub monthly_saving: Option<Decimal>,
    pub action: String,
    /// Catalog prices this finding needed and the catalog lacks, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_prices: Vec<String>,
}

/// A commitment for instances of one type that ran steadily, chosen by
/// skyplan-sim's optimizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub region: String,
    pub instance_type: String,
    /// The steady instances it covers.
    pub instances: Vec<String>,
    /// e.g. `Reserved standard 3 yr all_upfront`.
    pub option: String,
    /// Reserved Instances to buy (absent for a Savings Plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_instances: Option<u32>,
    /// Savings Plan commitment, USD per hour (absent for Reserved Instances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_commitment: Option<Decimal>,
    pub term_years: u8,
    pub upfront: Decimal,
    /// Average monthly cost over the term, upfront included.
    pub monthly: Decimal,
    pub on_demand_monthly: Decimal,
    pub monthly_saving: Decimal,
    pub yearly_saving: Decimal,
    pub saving_percent: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even_month: Option<u32>,
}

/// A commitment that could not be priced, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnpricedCommitment {
    pub region: String,
    pub instance_type: String,
    pub option: String,
    pub reason: String,
}

/// A resource the audit could not judge (no CloudWatch data over the period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotMeasured {
    pub region: String,
    pub resource_id: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Σ monthly cost of the priced findings.
    pub findings_monthly_cost: Decimal,
    /// Σ monthly saving of the priced findings.
    pub findings_monthly_saving: Decimal,
    /// Findings left out of the sums for a missing price.
    pub unpriced_findings: u32,
    pub commitments_upfront: Decimal,
    pub commitments_monthly_saving: Decimal,
    pub commitments_yearly_saving: Decimal,
    /// Findings and commitments together.
    pub potential_monthly_saving: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditReport {
    pub format_version: u32,
    /// When the scan ran, Unix seconds, and as an ISO 8601 UTC date-time.
    pub generated_at: i64,
    pub generated_at_utc: String,
    pub thresholds: Thresholds,
    pub window: Window,
    pub regions: Vec<String>,
    /// Catalog version used per region.
    pub catalog_versions: BTreeMap<String, String>,
    pub findings: Vec<Finding>,
    pub recommendations: Vec<Recommendation>,
    #[serde(default)]
    pub unpriced_commitments: Vec<UnpricedCommitment>,
    #[serde(default)]
    pub not_measured: Vec<NotMeasured>,
    /// Regions and services that could not be read: the report is partial there.
    #[serde(default)]
    pub errors: Vec<ScanError>,
    /// Every catalog price the report needed and lacks, by name.
    #[serde(default)]
    pub missing_prices: Vec<String>,
    pub totals: Totals,
}

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    #[error("not an audit report: at {path}: {message}")]
    Invalid { path: String, message: String },
    #[error("audit report format_version {found} is newer than this skyplan reads ({supported}); open it with a newer skyplan")]
    NewerVersion { found: u32, supported: u32 },
    #[error("audit report format_version {found} is not supported (expected {supported})")]
    UnknownVersion { found: u32, supported: u32 },
}

impl AuditReport {
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a report, refusing one from a newer format with a message that says so.
    pub fn from_json(bytes: &[u8]) -> Result<AuditReport, ReportError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ReportError::Invalid {
                path: "$".into(),
                message: e.to_string(),
            })?;
        match value
            .get("format_version")
            .and_then(serde_json::Value::as_u64)
        {
            None => {
                return Err(ReportError::Invalid {
                    path: "format_version".into(),
                    message: "missing; expected the number 1".into(),
                })
            }
            Some(found) if found > u64::from(REPORT_FORMAT_VERSION) => {
                return Err(ReportError::NewerVersion {
                    found: u32::try_from(found).unwrap_or(u32::MAX),
                    supported: REPORT_FORMAT_VERSION,
                })
            }
            Some(found) if found != u64::from(REPORT_FORMAT_VERSION) => {
                return Err(ReportError::UnknownVersion {
                    found: found as u32,
                    supported: REPORT_FORMAT_VERSION,
                })
            }
            Some(_) => {}
        }
        serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            ReportError::Invalid {
                path,
                message: e.into_inner().to_string(),
            }
        })
    }
}

fn opt_money(value: Option<Decimal>) -> String {
    value.map_or_else(|| "unpriced".into(), money)
}

/// A measured figure for display: up to 2 decimals.
fn figure(value: Decimal) -> String {
    value
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

fn render_rows(out: &mut String, header: &[&str], rows: &[Vec<String>], right: &[bool]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: Vec<&str>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            if i > 0 {
                text.push_str("  ");
            }
            if right[i] {
                text.push_str(&" ".repeat(pad));
                text.push_str(cell);
            } else {
                text.push_str(cell);
                text.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(out, "{}", text.trim_end());
    };
    line(out, header.to_vec());
    line(
        out,
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for row in rows {
        line(out, row.iter().map(String::as_str).collect());
    }
}

/// The text `skyplan audit` prints.
pub fn table(report: &AuditReport) -> String {
    let mut out = String::new();
    let t = &report.thresholds;
    let _ = writeln!(
        out,
        "skyplan audit of {} at {} — {} days measured, idle under {} % CPU, snapshots older than {} days",
        report.regions.join(", "),
        report.generated_at_utc,
        t.days,
        figure(t.cpu_percent),
        t.snapshot_days
    );
    out.push('\n');
    if report.findings.is_empty() {
        out.push_str("Findings: none\n");
    } else {
        out.push_str("Findings (USD a month)\n");
        let rows: Vec<Vec<String>> = report
            .findings
            .iter()
            .map(|f| {
                vec![
                    f.region.clone(),
                    f.kind.label().into(),
                    f.resource_id.clone(),
                    f.resource.clone(),
                    f.why.clone(),
                    opt_money(f.monthly_cost),
                    opt_money(f.monthly_saving),
                    f.action.clone(),
                ]
            })
            .collect();
        render_rows(
            &mut out,
            &[
                "region", "finding", "resource", "what", "why", "cost now", "saving", "action",
            ],
            &rows,
            &[false, false, false, false, false, true, true, false],
        );
    }
    out.push('\n');
    if report.recommendations.is_empty() {
        out.push_str(
            "Commitments: none (no instance ran steadily over the period with a priced offer)\n",
        );
    } else {
        out.push_str("Commitments for steady instances (USD)\n");
        let rows: Vec<Vec<String>> = report
            .recommendations
            .iter()
            .map(|r| {
                let amount = match (r.reserved_instances, r.hourly_commitment) {
                    (Some(n), _) => format!("{n} RI{}", if n == 1 { "" } else { "s" }),
                    (None, Some(c)) => format!("{} USD/h", c.round_dp(4).normalize()),
                    _ => String::new(),
                };
                vec![
                    r.region.clone(),
                    r.instance_type.clone(),
                    r.instances.len().to_string(),
                    r.option.clone(),
                    amount,
                    money(r.upfront),
                    money(r.on_demand_monthly),
                    money(r.monthly),
                    money(r.monthly_saving),
                    money(r.yearly_saving),
                ]
            })
            .collect();
        render_rows(
            &mut out,
            &[
                "region",
                "type",
                "instances",
                "option",
                "buy",
                "upfront",
                "on demand/mo",
                "committed/mo",
                "saving/mo",
                "saving/yr",
            ],
            &rows,
            &[
                false, false, true, false, true, true, true, true, true, true,
            ],
        );
    }
    for u in &report.unpriced_commitments {
        let _ = writeln!(
            out,
            "  not priced: {} {} {}: {}",
            u.region, u.instance_type, u.option, u.reason
        );
    }
    out.push('\n');
    let totals = &report.totals;
    let _ = writeln!(
        out,
        "Findings cost now:            {:>12} USD/month",
        money(totals.findings_monthly_cost)
    );
    let _ = writeln!(
        out,
        "Findings saving:              {:>12} USD/month",
        money(totals.findings_monthly_saving)
    );
    let _ = writeln!(
        out,
        "Commitments saving:           {:>12} USD/month ({} USD/year, {} USD upfront)",
        money(totals.commitments_monthly_saving),
        money(totals.commitments_yearly_saving),
        money(totals.commitments_upfront)
    );
    let _ = writeln!(
        out,
        "Potential saving:             {:>12} USD/month",
        money(totals.potential_monthly_saving)
    );
    if totals.unpriced_findings > 0 {
        let _ = writeln!(
            out,
            "{} finding(s) left out of the sums: a price is missing from the catalog",
            totals.unpriced_findings
        );
    }
    if !report.missing_prices.is_empty() {
        let _ = writeln!(out, "Missing prices: {}", report.missing_prices.join(", "));
    }
    for n in &report.not_measured {
        let _ = writeln!(
            out,
            "Not measured: {} {}: {}",
            n.region, n.resource_id, n.reason
        );
    }
    if !report.errors.is_empty() {
        out.push_str("\nPartial results — could not read:\n");
        for e in &report.errors {
            let _ = writeln!(
                out,
                "  {} {} {}: {}",
                e.region, e.service, e.action, e.message
            );
        }
    }
    out
}

/// One row per finding, then one per recommendation; amounts unrounded so a
/// spreadsheet can add them up.
pub fn csv(report: &AuditReport) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "record",
        "region",
        "kind",
        "resource_id",
        "resource",
        "measured",
        "threshold",
        "unit",
        "monthly_cost",
        "monthly_saving",
        "yearly_saving",
        "upfront",
        "action",
        "missing_prices",
    ]);
    let amount = |v: Option<Decimal>| v.map(|v| v.normalize().to_string()).unwrap_or_default();
    for f in &report.findings {
        let _ = writer.write_record([
            "finding",
            &f.region,
            &serde_json::to_value(f.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            &f.resource_id,
            &f.resource,
            &f.measured.normalize().to_string(),
            &f.threshold.normalize().to_string(),
            &f.unit,
            &amount(f.monthly_cost),
            &amount(f.monthly_saving),
            &amount(f.monthly_saving.map(|s| s * Decimal::from(12))),
            "",
            &f.action,
            &f.missing_prices.join(" "),
        ]);
    }
    for r in &report.recommendations {
        let buy = match (r.reserved_instances, r.hourly_commitment) {
            (Some(n), _) => format!("buy {n} x {}", r.option),
            (None, Some(c)) => format!("commit {} USD/h to a {}", c.normalize(), r.option),
            _ => r.option.clone(),
        };
        let _ = writer.write_record([
            "commitment",
            &r.region,
            "commitment",
            &r.instances.join(" "),
            &r.instance_type,
            "",
            "",
            "",
            &r.on_demand_monthly.normalize().to_string(),
            &r.monthly_saving.normalize().to_string(),
            &r.yearly_saving.normalize().to_string(),
            &r.upfront.normalize().to_string(),
            &buy,
            "",
        ]);
    }
    writer
        .into_inner()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}
