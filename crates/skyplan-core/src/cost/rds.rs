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

use super::{Context, LineSpec, PriceSource};
use crate::aws::{Deployment, RdsStorageType};
use crate::model::Rds;
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(rds: &Rds, context: &Context) -> Vec<LineSpec> {
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
