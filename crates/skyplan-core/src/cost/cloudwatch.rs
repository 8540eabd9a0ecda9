//! CloudWatch: alarms (one per watched component), custom metrics,
//! dashboards and logs. List prices: the free tier is not deducted.

use super::{Context, LineSpec};
use crate::model::CloudWatch;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(cw: &CloudWatch, _context: &Context) -> Vec<LineSpec> {
    let alarms: usize = cw.alarms.iter().map(|a| a.targets.len()).sum();
    vec![
        LineSpec::key("Alarms (standard resolution)", Decimal::from(alarms), "alarms", PriceKey::CloudWatchAlarmMonth),
        LineSpec::key("Custom metrics", Decimal::from(cw.custom_metrics), "metrics", PriceKey::CloudWatchMetricMonth),
        LineSpec::key("Dashboards", Decimal::from(cw.dashboards), "dashboards", PriceKey::CloudWatchDashboardMonth),
        LineSpec::key("Logs ingested", cw.log_ingest_gb.get(), "GB", PriceKey::CloudWatchLogsIngestGb),
        LineSpec::key("Logs stored", cw.log_storage_gb.get(), "GB-months", PriceKey::CloudWatchLogsStorageGbMonth),
    ]
}
