//! CloudWatch: alarms (one per watched component), custom metrics,
//! dashboards and logs. List prices: the free tier is not deducted.

use super::kind::{Checking, ComponentKind, Tier, NoOwnPrices};
use crate::model::problem::{did_you_mean, Problem};
use crate::model::quantity::Quantity;
use crate::model::schema::{optional, Field, Input, COUNT};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

pub use crate::aws::AlarmMetric;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alarm {
    pub metric: AlarmMetric,
    pub threshold_percent: u8,
    /// Component ids the alarm watches; one alarm is created per target.
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudWatch {
    #[serde(default)]
    pub alarms: Vec<Alarm>,
    /// Custom metrics (e.g. memory and disk from the CloudWatch agent).
    #[serde(default)]
    pub custom_metrics: u32,
    #[serde(default)]
    pub dashboards: u32,
    /// Log data ingested per month, GB.
    #[serde(default)]
    pub log_ingest_gb: Quantity,
    /// Log data stored, GB.
    #[serde(default)]
    pub log_storage_gb: Quantity,
}

impl ComponentKind for CloudWatch {
    const LABEL: &'static str = "CloudWatch";
    const ICON: &'static str = "CW";
    const DEFAULT_TIER: Tier = Tier::Network;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Network];
    const FIELDS: &'static [Field] = &[
        optional("alarms", "Alarms", Input::Json),
        optional("custom_metrics", "Custom metrics", COUNT),
        optional("dashboards", "Dashboards", COUNT),
        optional("log_ingest_gb", "Logs ingested (GB/month)", Input::Amount),
        optional("log_storage_gb", "Logs stored (GB)", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 200;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({})
    }

    fn summary(&self) -> String {
        let alarms: usize = self.alarms.iter().map(|a| a.targets.len()).sum();
        format!("{alarms} alarms · {} GB logs/mo", self.log_ingest_gb)
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let path = at.path;
        for (a, alarm) in self.alarms.iter().enumerate() {
            if !(1..=100).contains(&alarm.threshold_percent) {
                problems.push(Problem::new(path(&format!("alarms[{a}].threshold_percent")), format!("{} is out of range; expected 1 to 100", alarm.threshold_percent)));
            }
            for (t, target) in alarm.targets.iter().enumerate() {
                if !at.ids.contains(&target.as_str()) {
                    problems.push(Problem::new(
                        path(&format!("alarms[{a}].targets[{t}]")),
                        format!("\"{target}\" is not a component id{}", did_you_mean(target, at.ids.iter().copied())),
                    ));
                }
            }
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn forget(&mut self, id: &str) {
        for alarm in &mut self.alarms {
            alarm.targets.retain(|t| t != id);
        }
        self.alarms.retain(|a| !a.targets.is_empty());
    }

    fn forget_in_override(patch: &mut Map<String, Value>, id: &str) {
        if let Some(Value::Array(alarms)) = patch.get_mut("alarms") {
            for alarm in alarms.iter_mut() {
                if let Some(Value::Array(targets)) = alarm.get_mut("targets") {
                    targets.retain(|v| v.as_str() != Some(id));
                }
            }
            alarms.retain(|a| a.get("targets").and_then(Value::as_array).is_none_or(|t| !t.is_empty()));
        }
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.log_ingest_gb = scale(self.log_ingest_gb);
        self.log_storage_gb = scale(self.log_storage_gb);
    }
}

fn lines(cw: &CloudWatch, _context: &Context) -> Vec<LineSpec> {
    let alarms: usize = cw.alarms.iter().map(|a| a.targets.len()).sum();
    vec![
        LineSpec::key("Alarms (standard resolution)", Decimal::from(alarms), "alarms", PriceKey::CloudWatchAlarmMonth),
        LineSpec::key("Custom metrics", Decimal::from(cw.custom_metrics), "metrics", PriceKey::CloudWatchMetricMonth),
        LineSpec::key("Dashboards", Decimal::from(cw.dashboards), "dashboards", PriceKey::CloudWatchDashboardMonth),
        LineSpec::key("Logs ingested", cw.log_ingest_gb.get(), "GB", PriceKey::CloudWatchLogsIngestGb),
        LineSpec::key("Logs stored", cw.log_storage_gb.get(), "GB-months", PriceKey::CloudWatchLogsStorageGbMonth),
    ]
}
