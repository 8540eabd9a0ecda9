//! CloudWatch: daily `AWS/EC2 CPUUtilization` (Average) of each running
//! instance and `AWS/RDS DatabaseConnections` (Maximum) of each available
//! database over the window, through `GetMetricData` (500 queries a call).

use super::scan_error;
use aws_config::SdkConfig;
use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use aws_smithy_types::DateTime;
use skyplan_audit::inventory::{Datapoint, RegionInventory};
use skyplan_audit::Window;
use std::collections::BTreeMap;

/// GetMetricData's limit of queries per call.
const QUERIES_PER_CALL: usize = 500;
const DAY: i32 = 86_400;

/// Where a query's datapoints go.
enum Target {
    Instance(usize),
    Database(usize),
}

fn query(id: String, namespace: &str, metric: &str, dimension: &str, value: &str, stat: &str) -> MetricDataQuery {
    let metric = Metric::builder()
        .namespace(namespace)
        .metric_name(metric)
        .dimensions(Dimension::builder().name(dimension).value(value).build())
        .build();
    MetricDataQuery::builder()
        .id(id)
        .metric_stat(MetricStat::builder().metric(metric).period(DAY).stat(stat).build())
        .return_data(true)
        .build()
}

pub(super) async fn scan(config: &SdkConfig, window: Window, inventory: &mut RegionInventory) {
    let mut queries = Vec::new();
    for (i, instance) in inventory.instances.iter().enumerate() {
        if instance.state == "running" {
            queries.push((
                query(
                    format!("cpu{i}"),
                    "AWS/EC2",
                    "CPUUtilization",
                    "InstanceId",
                    &instance.id,
                    "Average",
                ),
                Target::Instance(i),
            ));
        }
    }
    for (i, db) in inventory.databases.iter().enumerate() {
        if db.status == "available" {
            queries.push((
                query(
                    format!("db{i}"),
                    "AWS/RDS",
                    "DatabaseConnections",
                    "DBInstanceIdentifier",
                    &db.id,
                    "Maximum",
                ),
                Target::Database(i),
            ));
        }
    }
    if queries.is_empty() {
        return;
    }
    let client = aws_sdk_cloudwatch::Client::new(config);
    let region = inventory.region.clone();
    for chunk in queries.chunks(QUERIES_PER_CALL) {
        let targets: BTreeMap<String, &Target> = chunk.iter().map(|(q, t)| (q.id().unwrap_or_default().to_string(), t)).collect();
        let request = client
            .get_metric_data()
            .set_metric_data_queries(Some(chunk.iter().map(|(q, _)| q.clone()).collect()))
            .start_time(DateTime::from_secs(window.start))
            .end_time(DateTime::from_secs(window.end));
        let results = match request.into_paginator().send().try_collect().await {
            Ok(pages) => pages,
            Err(error) => {
                inventory.errors.push(scan_error(&region, "cloudwatch", "GetMetricData", error));
                return;
            }
        };
        for result in results.iter().flat_map(|page| page.metric_data_results()) {
            let Some(target) = result.id().and_then(|id| targets.get(id)) else {
                continue;
            };
            let points = result.timestamps().iter().zip(result.values()).map(|(t, &value)| Datapoint {
                day_start: t.secs(),
                value,
            });
            match target {
                Target::Instance(i) => inventory.instances[*i].daily_cpu.extend(points),
                Target::Database(i) => inventory.databases[*i].daily_connections.extend(points),
            }
        }
    }
    for instance in &mut inventory.instances {
        instance.daily_cpu.sort_by_key(|p| p.day_start);
    }
    for db in &mut inventory.databases {
        db.daily_connections.sort_by_key(|p| p.day_start);
    }
}
