//! RDS: instance-hours (primary, and standby for Multi-AZ), storage,
//! provisioned IOPS, backup storage beyond the free allowance, and read
//! replicas.
//!
//! Instances can be stopped, so their hours follow a part-time schedule;
//! storage and backups bill all month.
//!
//! Multi-AZ: AWS bills a Multi-AZ instance as a primary plus a synchronous
//! standby of the same class. Where the catalog lacks the Multi-AZ rate of a
//! class but has its Single-AZ rate, the line prices the standby at the
//! Single-AZ rate (2 × Single-AZ) and says so; the sourced pairs agree
//! (db.t3.large MySQL 0.136 Single-AZ, 0.272 Multi-AZ in us-east-1).
//!
//! Backups: RDS stores backups up to 100 % of provisioned storage free. A full
//! snapshot fits in that allowance; the incremental changes kept for the
//! retention period are billed: storage × daily change × retention days.

use crate::aws::{AlarmMetric, MetricSource};
use super::kind::{Checking, ComponentKind, Tier, NoOwnPrices};
use crate::aws::{DbEngine, RdsStorageType};
use crate::model::problem::{did_you_mean, Problem};
use crate::model::quantity::Quantity;
use crate::model::schema::{field, optional, Field, Input};
use crate::pricing::Catalog;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use crate::cost::line::{Context, LineSpec, PriceSource};
use crate::aws::Deployment;
use crate::pricing::PriceKey;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rds {
    pub engine: DbEngine,
    pub engine_version: String,
    pub instance_class: String,
    pub multi_az: bool,
    pub storage_type: RdsStorageType,
    pub storage_gb: u32,
    /// Provisioned IOPS: for gp3 the total (3,000 or 12,000 are included,
    /// depending on size), for io1 all of them. Absent means the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    pub backup_retention_days: u8,
    /// Share of the database that changes per day, in percent: sizes the
    /// incremental backups kept for `backup_retention_days`.
    #[serde(default = "default_backup_daily_change_percent")]
    pub backup_daily_change_percent: Quantity,
    #[serde(default)]
    pub read_replicas: u8,
}

fn default_backup_daily_change_percent() -> Quantity {
    Quantity::from_u32(1)
}

impl ComponentKind for Rds {
    const LABEL: &'static str = "RDS database";
    const ICON: &'static str = "RDS";
    const DEFAULT_TIER: Tier = Tier::Data;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Data];
    const FIELDS: &'static [Field] = &[
        field("engine", "Engine", Input::Choice(&["postgres", "mysql", "mariadb"])),
        field("engine_version", "Engine version", Input::Text),
        field("instance_class", "Instance class", Input::RdsClass),
        field("multi_az", "Multi-AZ", Input::Bool),
        field("storage_type", "Storage type", Input::Choice(&["gp3", "gp2", "io1"])),
        field("storage_gb", "Storage (GB)", Input::Integer { min: 20, max: 65536 }),
        optional("iops", "Provisioned IOPS", Input::Integer { min: 1000, max: 256_000 }),
        field("backup_retention_days", "Backup retention (days)", Input::Integer { min: 0, max: 35 }),
        optional("backup_daily_change_percent", "Daily change for backups (%)", Input::Amount),
        optional("read_replicas", "Read replicas", Input::Integer { min: 0, max: 15 }),
    ];
    const IN_VPC: bool = true;
    const MAX_NAME_LENGTH: usize = 63;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "engine": "postgres", "engine_version": "16.4", "instance_class": "db.t3.medium", "multi_az": false,
            "storage_type": "gp3", "storage_gb": 20, "backup_retention_days": 7 })
    }

    fn default_port(&self) -> u16 {
        match self.engine {
            DbEngine::Mysql | DbEngine::Mariadb => 3306,
            DbEngine::Postgres => 5432,
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} · {}{} · {} GB",
            self.instance_class,
            if self.multi_az { "Multi-AZ" } else { "Single-AZ" },
            if self.read_replicas > 0 { format!(" + {} replica{}", self.read_replicas, if self.read_replicas == 1 { "" } else { "s" }) } else { String::new() },
            self.storage_gb
        )
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let (rds, path) = (self, at.path);
        let (min_gb, max_gb) = match rds.storage_type {
            RdsStorageType::Io1 => (100, 65536),
            RdsStorageType::Gp2 | RdsStorageType::Gp3 => (20, 65536),
        };
        if !(min_gb..=max_gb).contains(&rds.storage_gb) {
            problems.push(Problem::new(
                path("storage_gb"),
                format!("{} is out of range for {}; expected {min_gb} to {max_gb} GB", rds.storage_gb, rds.storage_type),
            ));
        }
        match (rds.storage_type, rds.iops) {
            (RdsStorageType::Io1, None) => problems.push(Problem::new(path("iops"), "missing; io1 storage needs provisioned IOPS (1000 to 256000)")),
            (RdsStorageType::Io1, Some(iops)) if !(1000..=256_000).contains(&iops) => {
                problems.push(Problem::new(path("iops"), format!("{iops} is out of range for io1; expected 1000 to 256000")))
            }
            (RdsStorageType::Gp3, Some(iops)) if rds.storage_gb < 400 && iops != 3000 => problems.push(Problem::new(
                path("iops"),
                format!("{iops} cannot be provisioned below 400 GB of gp3 storage (RDS fixes it at 3000); remove iops or raise storage_gb"),
            )),
            (RdsStorageType::Gp3, Some(iops)) if !(12_000..=64_000).contains(&iops) && rds.storage_gb >= 400 => problems.push(Problem::new(
                path("iops"),
                format!("{iops} is out of range for gp3 at 400 GB or more; expected 12000 to 64000"),
            )),
            (RdsStorageType::Gp2, Some(iops)) => {
                problems.push(Problem::new(path("iops"), format!("{iops}: gp2 IOPS follow the size (3 per GB) and cannot be set; remove iops")))
            }
            (RdsStorageType::Io1 | RdsStorageType::Gp3, Some(_)) | (RdsStorageType::Gp2 | RdsStorageType::Gp3, None) => {}
        }
        if rds.backup_retention_days > 35 {
            problems.push(Problem::new(path("backup_retention_days"), format!("{} is out of range; expected 0 to 35 days", rds.backup_retention_days)));
        }
        if rds.read_replicas > 15 {
            problems.push(Problem::new(path("read_replicas"), format!("{} is out of range; expected 0 to 15", rds.read_replicas)));
        }
        if rds.read_replicas > 0 && rds.backup_retention_days == 0 {
            problems.push(Problem::new(path("backup_retention_days"), "0 disables backups, which read replicas need; expected 1 to 35"));
        }
        if !rds.instance_class.starts_with("db.") {
            problems.push(Problem::new(path("instance_class"), format!("\"{}\" is not an RDS instance class; expected e.g. \"db.r5.large\"", rds.instance_class)));
        }
    }

    fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
        let classes = catalog.rds.get(&self.engine);
        if !classes.is_some_and(|c| c.contains_key(&self.instance_class)) {
            let names = classes.map(|c| c.keys().map(String::as_str).collect::<Vec<_>>()).unwrap_or_default();
            problems.push(Problem::new(
                path("instance_class"),
                format!("\"{}\" is not an RDS {} instance class in {}{}", self.instance_class, self.engine, catalog.region, did_you_mean(&self.instance_class, names)),
            ));
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    /// Usage does not drive it: instance class and storage are capacity, sized by the plan.
    fn scale_usage(&mut self, _scale: &dyn Fn(Quantity) -> Quantity) {}

    /// RDS publishes CPU; memory and disk only as free bytes, not percentages.
    fn alarm_metric(metric: AlarmMetric) -> Option<MetricSource> {
        match metric {
            AlarmMetric::CpuUtilization => Some(MetricSource { namespace: "AWS/RDS", metric_name: "CPUUtilization", dimension: "DBInstanceIdentifier" }),
            AlarmMetric::MemoryUtilization | AlarmMetric::DiskUtilization => None,
        }
    }
}

fn lines(rds: &Rds, context: &Context) -> Vec<LineSpec> {
    let region = &context.catalog.region;
    let class = context.catalog.rds.get(&rds.engine).and_then(|classes| classes.get(&rds.instance_class));
    let single = class.and_then(|c| c.single_az_hourly);
    let deployment = if rds.multi_az { Deployment::MultiAz } else { Deployment::SingleAz };
    let missing = |d: Deployment| format!("RDS {} {} {} in {region}", rds.engine, rds.instance_class, d);

    let mut lines = Vec::new();
    let instance_name = format!(
        "Instance {} {} ({})",
        rds.engine,
        rds.instance_class,
        if rds.multi_az { "Multi-AZ" } else { "Single-AZ" }
    );
    let mut instance = match (deployment, class.and_then(|c| c.hourly(deployment)), single) {
        (_, Some(price), _) => LineSpec::new(instance_name, context.running_hours, "hours", PriceSource::Resolved(Ok(price))),
        (Deployment::MultiAz, None, Some(single)) => LineSpec::new(
            instance_name,
            context.running_hours,
            "hours",
            PriceSource::Resolved(Ok(single * Decimal::TWO)),
        )
        .note(format!(
            "primary + standby at the Single-AZ rate (2 × {}): the catalog has no Multi-AZ rate for this class",
            single.normalize()
        )),
        (d, None, _) => LineSpec::new(instance_name, context.running_hours, "hours", PriceSource::Resolved(Err(missing(d)))),
    };
    if context.is_part_time() {
        let runs = format!("stopped outside the schedule: {} h a month", context.running_hours.round_dp(1));
        instance.note = Some(match instance.note.take() {
            Some(note) => format!("{note}; {runs}"),
            None => runs,
        });
    }
    lines.push(instance);

    let storage_gb = Decimal::from(rds.storage_gb);
    lines.push(LineSpec::key(
        format!("Storage {} {} GB", rds.storage_type, rds.storage_gb),
        storage_gb,
        "GB-months",
        PriceKey::RdsStorageGbMonth(rds.storage_type, deployment),
    ));
    match (rds.storage_type, rds.iops) {
        (RdsStorageType::Gp3, Some(iops)) => {
            let included = if rds.storage_gb < 400 { 3000 } else { 12_000 };
            lines.push(
                LineSpec::key(
                    "Provisioned IOPS above the gp3 baseline",
                    Decimal::from(iops.saturating_sub(included)),
                    "IOPS-months",
                    PriceKey::RdsGp3IopsMonth(deployment),
                )
                .note(format!("{iops} IOPS, {included} included at this size")),
            );
        }
        (RdsStorageType::Io1, Some(iops)) => {
            lines.push(LineSpec::key("Provisioned IOPS (io1)", Decimal::from(iops), "IOPS-months", PriceKey::RdsIo1IopsMonth(deployment)));
        }
        _ => {}
    }

    let backup_gb = storage_gb * rds.backup_daily_change_percent.get() / Decimal::ONE_HUNDRED * Decimal::from(rds.backup_retention_days);
    lines.push(
        LineSpec::key("Backup storage beyond the free allowance", backup_gb, "GB-months", PriceKey::RdsBackupGbMonth).note(format!(
            "{} GB × {} % daily change × {} days retained",
            rds.storage_gb,
            rds.backup_daily_change_percent,
            rds.backup_retention_days
        )),
    );

    if rds.read_replicas > 0 {
        let replicas = Decimal::from(rds.read_replicas);
        lines.push(LineSpec::new(
            format!("Read replica {} × {}", rds.instance_class, rds.read_replicas),
            replicas * context.running_hours,
            "hours",
            PriceSource::Resolved(single.ok_or_else(|| missing(Deployment::SingleAz))),
        ));
        lines.push(LineSpec::key(
            format!("Read replica storage {} GB × {}", rds.storage_gb, rds.read_replicas),
            replicas * storage_gb,
            "GB-months",
            PriceKey::RdsStorageGbMonth(rds.storage_type, Deployment::SingleAz),
        ));
    }
    lines
}
