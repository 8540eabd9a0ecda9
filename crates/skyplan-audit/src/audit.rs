//! The audit proper: an [`Inventory`] against [`Thresholds`] and the
//! regions' catalogs → an [`AuditReport`].
//!
//! What is flagged, and how it is priced (a month is 730 hours; a price the
//! catalog lacks is named in the finding and the report, never guessed):
//!
//! - **Idle instance**: running, with daily `CPUUtilization` averages over
//!   the period whose mean is under the CPU threshold. Cost: the Linux
//!   on-demand rate × 730 (the catalogs hold Linux shared-tenancy rates
//!   only, so a Windows instance's price is named as missing). Stopping it
//!   saves the instance-hours; its EBS volumes are billed either way
//!   (<https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html>:
//!   "you're not charged for usage of a stopped instance … we do charge for
//!   any Amazon EBS volumes").
//! - **Unattached volume**: state `available`. Cost: GiB-month of its type,
//!   plus gp3 IOPS above the 3,000 and throughput above the 125 MiB/s that
//!   gp3 includes, plus io1/io2 provisioned IOPS
//!   (<https://aws.amazon.com/ebs/pricing/>). Deleting it saves all of that.
//! - **Unassociated address**: an Elastic IP with no association. AWS bills
//!   every public IPv4 address by the hour, idle Elastic IPs included, since
//!   1 February 2024
//!   (<https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/>).
//!   Releasing it saves `public_ipv4.hour` × 730.
//! - **Idle load balancer**: no registered target, or none healthy. The
//!   hourly charge is due whatever the traffic
//!   (<https://aws.amazon.com/elasticloadbalancing/pricing/>); with no
//!   targets it serves nothing, so LCUs are taken as 0. Deleting it saves
//!   the hourly charge × 730. The catalogs price ALBs only (`alb.hour`):
//!   network and gateway load balancers are named as missing.
//! - **Idle database**: an `available` RDS instance whose daily maximum of
//!   `DatabaseConnections` was 0 every day of the period. Cost: the class's
//!   Single-AZ or Multi-AZ hourly rate × 730 plus its storage GiB-month.
//!   A final snapshot then deletion saves both.
//! - **Old snapshot**: started more than `snapshot_days` days before the
//!   scan. EBS snapshots are incremental, so the source volume's size
//!   (`ebs.snapshot_gb_month` × GiB) is an upper bound of what it costs
//!   (<https://docs.aws.amazon.com/ebs/latest/userguide/ebs-snapshots.html>);
//!   a manual RDS snapshot is billed as backup storage (`rds.backup_gb_month`
//!   × allocated GiB, <https://aws.amazon.com/rds/pricing/>).
//!
//! **Commitments.** An instance ran steadily when it is running, Linux,
//! launched before the period, has a CPU datapoint for every day of it and
//! is not idle. The steady instances of a type and region are one usage of
//! `count × 60` instance-minutes every hour of a 730-hour month, given to
//! skyplan-sim's optimizer with the catalog's Reserved Instance offers (and
//! a Savings Plan when a discount is given: the catalogs have no Savings
//! Plans rates); its recommendation is reported with the upfront, monthly
//! and yearly (12 × monthly) savings.

use crate::inventory::{
    Database, Datapoint, Instance, Inventory, LoadBalancer, RegionInventory, Snapshot,
    SnapshotKind, Volume, DAY_SECONDS,
};
use crate::report::{
    AuditReport, Finding, FindingKind, NotMeasured, Recommendation, Thresholds, Totals,
    UnpricedCommitment, Window, REPORT_FORMAT_VERSION,
};
use rust_decimal::{Decimal, RoundingStrategy};
use skyplan_core::aws::{DbEngine, Deployment, RdsStorageType, VolumeType};
use skyplan_core::model::simulation::{SavingsPlanKind, SavingsPlanOption};
use skyplan_core::model::Quantity;
use skyplan_core::pricing::{Catalog, Price, PriceKey};
use skyplan_sim::optimizer::{evaluate, recommend, CatalogCommitments, Usage};
use std::collections::{BTreeMap, BTreeSet};

/// A month is 730 hours.
const HOURS_PER_MONTH: u32 = 730;
/// gp3 includes 3,000 IOPS and 125 MiB/s (<https://aws.amazon.com/ebs/pricing/>).
const GP3_FREE_IOPS: u64 = 3_000;
const GP3_FREE_THROUGHPUT_MIBPS: u64 = 125;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub thresholds: Thresholds,
    /// Discount of a 1-year Compute Savings Plan off on-demand, percent, from
    /// AWS's Savings Plans pricing: the catalogs have none, so without it
    /// Savings Plans are reported as not priced.
    pub savings_plan_discount_percent: Option<Decimal>,
}

impl Window {
    /// The `days` whole UTC days before the day of `now`.
    pub fn of(now: i64, days: u32) -> Window {
        let end = now.div_euclid(DAY_SECONDS) * DAY_SECONDS;
        Window {
            start: end - i64::from(days) * DAY_SECONDS,
            end,
            days,
        }
    }

    fn contains(&self, time: i64) -> bool {
        self.start <= time && time < self.end
    }

    fn points<'a>(&self, points: &'a [Datapoint]) -> Vec<&'a Datapoint> {
        points
            .iter()
            .filter(|p| self.contains(p.day_start) && p.value.is_finite())
            .collect()
    }

    /// Whether every day of the window has a datapoint.
    fn covered(&self, points: &[&Datapoint]) -> bool {
        let days: BTreeSet<i64> = points
            .iter()
            .map(|p| p.day_start.div_euclid(DAY_SECONDS))
            .collect();
        days.len() >= self.days as usize
    }
}

/// `1_700_000_000` → `2023-11-14T22:13:20Z` (civil-from-days, proleptic Gregorian).
pub fn iso_utc(unix: i64) -> String {
    let days = unix.div_euclid(DAY_SECONDS);
    let secs = unix.rem_euclid(DAY_SECONDS);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

fn decimal(value: f64) -> Decimal {
    Decimal::from_f64_retain(value)
        .unwrap_or_default()
        .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven)
}

fn mean(points: &[&Datapoint]) -> Decimal {
    let sum: Decimal = points.iter().map(|p| decimal(p.value)).sum();
    sum / Decimal::from(points.len().max(1) as u64)
}

fn show(value: Decimal) -> String {
    value
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
        .to_string()
}

/// Prices of one region, noting every price it lacks by name.
struct Prices<'a> {
    region: &'a str,
    catalog: Option<&'a Catalog>,
    missing: Vec<String>,
}

impl<'a> Prices<'a> {
    fn new(region: &'a str, catalog: Option<&'a Catalog>) -> Self {
        Prices {
            region,
            catalog,
            missing: Vec::new(),
        }
    }

    fn lack(&mut self, name: String) -> Option<Decimal> {
        let name = if self.catalog.is_none() {
            format!("{name} (no catalog for {})", self.region)
        } else {
            format!("{name} ({})", self.region)
        };
        if !self.missing.contains(&name) {
            self.missing.push(name);
        }
        None
    }

    /// `quantity` of `key`'s unit, band by band when the price is tiered.
    fn cost(&mut self, key: PriceKey, quantity: Decimal) -> Option<Decimal> {
        match self.catalog.and_then(|c| c.price(key)) {
            Some(Price::Flat(price)) => Some(*price * quantity),
            Some(Price::Tiered { tiers }) => {
                let mut left = quantity;
                let mut lower = Decimal::ZERO;
                let mut total = Decimal::ZERO;
                for tier in tiers {
                    let band = match tier.up_to {
                        Some(up_to) => left.min(up_to - lower),
                        None => left,
                    };
                    total += band * tier.price;
                    left -= band;
                    if let Some(up_to) = tier.up_to {
                        lower = up_to;
                    }
                    if left <= Decimal::ZERO {
                        return Some(total);
                    }
                }
                self.lack(format!("{} beyond {}", key.name(), lower))
            }
            None => self.lack(key.name()),
        }
    }

    fn monthly(&mut self, key: PriceKey) -> Option<Decimal> {
        self.cost(key, Decimal::from(HOURS_PER_MONTH))
    }

    fn on_demand_hourly(&mut self, instance_type: &str, platform: Option<&str>) -> Option<Decimal> {
        if let Some(platform) = platform.filter(|p| !p.eq_ignore_ascii_case("linux")) {
            return self.lack(format!("ec2.{instance_type}.{platform}.on_demand_hourly"));
        }
        match self
            .catalog
            .and_then(|c| c.instance(instance_type))
            .and_then(|t| t.on_demand_hourly)
        {
            Some(hourly) => Some(hourly),
            None => self.lack(format!("ec2.{instance_type}.on_demand_hourly")),
        }
    }

    fn take(&mut self) -> Vec<String> {
        std::mem::take(&mut self.missing)
    }
}

fn sum(parts: &[Option<Decimal>]) -> Option<Decimal> {
    parts.iter().copied().sum()
}

struct Context<'a> {
    thresholds: &'a Thresholds,
    window: Window,
    now: i64,
    prices: Prices<'a>,
    findings: Vec<Finding>,
    not_measured: Vec<NotMeasured>,
}

impl Context<'_> {
    #[allow(clippy::too_many_arguments)]
    fn flag(
        &mut self,
        kind: FindingKind,
        resource_id: &str,
        resource: String,
        (measured, threshold, unit): (Decimal, Decimal, &str),
        why: String,
        monthly_cost: Option<Decimal>,
        saving_share_of_cost: Option<Decimal>,
        action: &str,
    ) {
        let missing_prices = self.prices.take();
        let (monthly_cost, monthly_saving) = if missing_prices.is_empty() {
            (monthly_cost, saving_share_of_cost)
        } else {
            (None, None)
        };
        self.findings.push(Finding {
            region: self.prices.region.to_string(),
            resource_id: resource_id.to_string(),
            kind,
            resource,
            measured,
            threshold,
            unit: unit.to_string(),
            why,
            monthly_cost,
            monthly_saving,
            action: action.to_string(),
            missing_prices,
        });
    }

    /// Flags it if idle; says whether it ran steadily.
    fn instance(&mut self, instance: &Instance) -> bool {
        if instance.state != "running" {
            return false;
        }
        let points = self.window.points(&instance.daily_cpu);
        if points.is_empty() {
            self.not_measured.push(NotMeasured {
                region: self.prices.region.to_string(),
                resource_id: instance.id.clone(),
                reason: format!(
                    "no CPUUtilization datapoint over the {} days measured",
                    self.window.days
                ),
            });
            return false;
        }
        let average = mean(&points);
        let threshold = self.thresholds.cpu_percent;
        if average < threshold {
            let cost = self
                .prices
                .on_demand_hourly(&instance.instance_type, instance.platform.as_deref())
                .map(|h| h * Decimal::from(HOURS_PER_MONTH));
            let what = match &instance.name {
                Some(name) => format!("{} \"{name}\"", instance.instance_type),
                None => instance.instance_type.clone(),
            };
            self.flag(
                FindingKind::IdleInstance,
                &instance.id,
                what,
                (average, threshold, "% CPU"),
                format!(
                    "average CPU {} % over {} daily datapoints < {} %",
                    show(average),
                    points.len(),
                    show(threshold)
                ),
                cost,
                cost,
                "stop or terminate it (or move it to a smaller type)",
            );
            return false;
        }
        instance.launch_time <= self.window.start
            && instance.platform.is_none()
            && self.window.covered(&points)
    }

    fn volume(&mut self, volume: &Volume) {
        if volume.state != "available" || !volume.attached_to.is_empty() {
            return;
        }
        let gib = Decimal::from(volume.size_gib);
        let cost = match VolumeType::parse(&volume.volume_type) {
            None => self
                .prices
                .lack(format!("ebs.{}.storage_gb_month", volume.volume_type)),
            Some(volume_type) => {
                let storage = self
                    .prices
                    .cost(PriceKey::EbsStorageGbMonth(volume_type), gib);
                let iops = volume.iops.unwrap_or(0);
                let extras = match volume_type {
                    VolumeType::Gp3 => {
                        let extra_iops = iops.saturating_sub(GP3_FREE_IOPS);
                        let extra_throughput = volume
                            .throughput_mibps
                            .unwrap_or(0)
                            .saturating_sub(GP3_FREE_THROUGHPUT_MIBPS);
                        let iops_cost = if extra_iops > 0 {
                            self.prices
                                .cost(PriceKey::EbsGp3IopsMonth, Decimal::from(extra_iops))
                        } else {
                            Some(Decimal::ZERO)
                        };
                        let throughput_cost = if extra_throughput > 0 {
                            self.prices.cost(
                                PriceKey::EbsGp3ThroughputMbpsMonth,
                                Decimal::from(extra_throughput),
                            )
                        } else {
                            Some(Decimal::ZERO)
                        };
                        sum(&[iops_cost, throughput_cost])
                    }
                    VolumeType::Io1 => self
                        .prices
                        .cost(PriceKey::EbsIo1IopsMonth, Decimal::from(iops)),
                    // io2's IOPS are tiered and the catalogs do not carry them.
                    VolumeType::Io2 if iops > 0 => self.prices.lack("ebs.io2.iops_month".into()),
                    _ => Some(Decimal::ZERO),
                };
                sum(&[storage, extras])
            }
        };
        let mut what = format!("{} {} GiB", volume.volume_type, volume.size_gib);
        if let Some(iops) = volume
            .iops
            .filter(|_| matches!(volume.volume_type.as_str(), "gp3" | "io1" | "io2"))
        {
            what.push_str(&format!(" {iops} IOPS"));
        }
        self.flag(
            FindingKind::UnattachedVolume,
            &volume.id,
            what,
            (Decimal::ZERO, Decimal::ZERO, "attachments"),
            "attached to nothing (state available)".into(),
            cost,
            cost,
            "snapshot it if the data may be needed, then delete it",
        );
    }

    fn address(&mut self, address: &crate::inventory::Address) {
        if address.association_id.is_some() || address.associated_with.is_some() {
            return;
        }
        let cost = self.prices.monthly(PriceKey::PublicIpv4Hour);
        self.flag(
            FindingKind::UnassociatedAddress,
            &address.id,
            format!("Elastic IP {}", address.public_ip),
            (Decimal::ZERO, Decimal::ZERO, "associations"),
            "associated with nothing, billed as an idle public IPv4 address".into(),
            cost,
            cost,
            "release it",
        );
    }

    fn load_balancer(&mut self, lb: &LoadBalancer) {
        if lb.registered_targets > 0 && lb.healthy_targets > 0 {
            return;
        }
        let cost = match lb.lb_type.as_str() {
            "application" => self.prices.monthly(PriceKey::AlbHour),
            "network" => self.prices.lack("nlb.hour".into()),
            "gateway" => self.prices.lack("gwlb.hour".into()),
            other => self.prices.lack(format!("{other}_load_balancer.hour")),
        };
        let (measured, why) = if lb.registered_targets == 0 {
            (Decimal::ZERO, "no registered target".to_string())
        } else {
            (
                Decimal::ZERO,
                format!(
                    "none of its {} registered targets is healthy",
                    lb.registered_targets
                ),
            )
        };
        self.flag(
            FindingKind::IdleLoadBalancer,
            &lb.name,
            format!("{} load balancer", lb.lb_type),
            (measured, Decimal::ZERO, "healthy targets"),
            why,
            cost,
            cost,
            "delete it (and its target groups) if nothing will be put behind it",
        );
    }

    fn database(&mut self, db: &Database) {
        if db.status != "available" {
            return;
        }
        let points = self.window.points(&db.daily_connections);
        if points.is_empty() {
            self.not_measured.push(NotMeasured {
                region: self.prices.region.to_string(),
                resource_id: db.id.clone(),
                reason: format!(
                    "no DatabaseConnections datapoint over the {} days measured",
                    self.window.days
                ),
            });
            return;
        }
        let most = points
            .iter()
            .map(|p| decimal(p.value))
            .max()
            .unwrap_or_default();
        if most > Decimal::ZERO {
            return;
        }
        let deployment = if db.multi_az {
            Deployment::MultiAz
        } else {
            Deployment::SingleAz
        };
        let instance = match DbEngine::parse(&db.engine) {
            Some(engine) => {
                let hourly = self
                    .prices
                    .catalog
                    .and_then(|c| c.rds.get(&engine))
                    .and_then(|classes| classes.get(&db.class))
                    .and_then(|p| p.hourly(deployment));
                match hourly {
                    Some(h) => Some(h * Decimal::from(HOURS_PER_MONTH)),
                    None => self.prices.lack(format!(
                        "rds.{}.{}.{}.hourly",
                        db.engine,
                        db.class,
                        deployment.as_str()
                    )),
                }
            }
            None => self.prices.lack(format!(
                "rds.{}.{}.{}.hourly",
                db.engine,
                db.class,
                deployment.as_str()
            )),
        };
        let storage = match RdsStorageType::parse(&db.storage_type) {
            Some(storage) => self.prices.cost(
                PriceKey::RdsStorageGbMonth(storage, deployment),
                Decimal::from(db.allocated_gib),
            ),
            None => self.prices.lack(format!(
                "rds.{}.{}.storage_gb_month",
                db.storage_type,
                deployment.as_str()
            )),
        };
        let cost = sum(&[instance, storage]);
        self.flag(
            FindingKind::IdleDatabase,
            &db.id,
            format!(
                "{} {} {} GiB{}",
                db.class,
                db.engine,
                db.allocated_gib,
                if db.multi_az { " Multi-AZ" } else { "" }
            ),
            (most, Decimal::ZERO, "connections"),
            format!(
                "at most {} connections a day over {} daily datapoints",
                show(most),
                points.len()
            ),
            cost,
            cost,
            "take a final snapshot and delete it",
        );
    }

    fn snapshot(&mut self, snapshot: &Snapshot) {
        let age_days = (self.now - snapshot.start_time).div_euclid(DAY_SECONDS);
        let limit = i64::from(self.thresholds.snapshot_days);
        if age_days <= limit {
            return;
        }
        let gib = Decimal::from(snapshot.size_gib);
        let (key, what) = match snapshot.kind {
            SnapshotKind::Ebs => (
                PriceKey::EbsSnapshotGbMonth,
                format!("EBS snapshot {} GiB", snapshot.size_gib),
            ),
            SnapshotKind::Rds => (
                PriceKey::RdsBackupGbMonth,
                format!("RDS snapshot {} GiB", snapshot.size_gib),
            ),
        };
        let what = match &snapshot.source {
            Some(source) => format!("{what} of {source}"),
            None => what,
        };
        let cost = self.prices.cost(key, gib);
        let (why, action) = match snapshot.kind {
            SnapshotKind::Ebs => (
                format!("{age_days} days old > {limit} days; cost is an upper bound (snapshots are incremental)"),
                "delete it, or archive it if it must be kept",
            ),
            SnapshotKind::Rds => (format!("{age_days} days old > {limit} days"), "delete it, or export it to S3 if it must be kept"),
        };
        self.flag(
            FindingKind::OldSnapshot,
            &snapshot.id,
            what,
            (Decimal::from(age_days), Decimal::from(limit), "days"),
            why,
            cost,
            cost,
            action,
        );
    }
}

fn commitments(
    region: &str,
    catalog: Option<&Catalog>,
    steady: &BTreeMap<String, Vec<String>>,
    config: &Config,
    recommendations: &mut Vec<Recommendation>,
    unpriced: &mut Vec<UnpricedCommitment>,
    missing: &mut Vec<String>,
) {
    let savings_plans: Vec<SavingsPlanOption> = vec![SavingsPlanOption {
        kind: SavingsPlanKind::Compute,
        term_years: 1,
        purchase_option: None,
        discount_percent: config.savings_plan_discount_percent.and_then(Quantity::new),
        hourly_commitment: None,
    }];
    for (instance_type, ids) in steady {
        let mut prices = Prices::new(region, catalog);
        let Some(hourly) = prices.on_demand_hourly(instance_type, None) else {
            missing.extend(prices.take());
            continue;
        };
        let offers = catalog
            .and_then(|c| c.instance(instance_type))
            .map(|t| t.reserved.clone())
            .unwrap_or_default();
        let rates = catalog
            .and_then(|c| c.instance(instance_type))
            .map(|t| t.savings_plans.clone())
            .unwrap_or_default();
        if offers.is_empty() {
            unpriced.push(UnpricedCommitment {
                region: region.to_string(),
                instance_type: instance_type.clone(),
                option: "Reserved Instances".into(),
                reason: format!(
                    "the catalog has no Reserved Instance offer for {instance_type} in {region}"
                ),
            });
        }
        let minutes = vec![ids.len() as u32 * 60; HOURS_PER_MONTH as usize];
        let usage = Usage {
            minutes_by_hour: &minutes,
            on_demand_hourly: hourly,
        };
        let (outcomes, not_priced) =
            evaluate(&usage, &CatalogCommitments { reserved: &offers, savings_plans: &rates }, &[], &savings_plans, instance_type, region);
        unpriced.extend(not_priced.into_iter().map(|u| UnpricedCommitment {
            region: region.to_string(),
            instance_type: instance_type.clone(),
            reason: if u.option.contains("Savings Plan") {
                "the catalog has no Savings Plans rate for it; import AWS's Savings Plans offer file, or give the discount from AWS's Savings Plans pricing (--savings-plan-discount)".into()
            } else {
                u.reason
            },
            option: u.option,
        }));
        if let Some(best) = recommend(&outcomes) {
            recommendations.push(Recommendation {
                region: region.to_string(),
                instance_type: instance_type.clone(),
                instances: ids.clone(),
                option: best.option.clone(),
                reserved_instances: best.instances,
                hourly_commitment: best.hourly_commitment,
                term_years: best.term_years,
                upfront: best.upfront,
                monthly: best.monthly,
                on_demand_monthly: best.on_demand_monthly,
                monthly_saving: best.savings_monthly,
                yearly_saving: best.savings_monthly * Decimal::from(12),
                saving_percent: best.savings_percent,
                break_even_month: best.break_even_month,
            });
        }
    }
}

fn audit_region(
    inventory: &RegionInventory,
    now: i64,
    catalog: Option<&Catalog>,
    config: &Config,
    report: &mut AuditReport,
) {
    let region = inventory.region.as_str();
    let mut context = Context {
        thresholds: &config.thresholds,
        window: Window::of(now, config.thresholds.days),
        now,
        prices: Prices::new(region, catalog),
        findings: Vec::new(),
        not_measured: Vec::new(),
    };
    let mut steady: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for instance in &inventory.instances {
        if context.instance(instance) {
            steady
                .entry(instance.instance_type.clone())
                .or_default()
                .push(instance.id.clone());
        }
    }
    inventory.volumes.iter().for_each(|v| context.volume(v));
    inventory.addresses.iter().for_each(|a| context.address(a));
    inventory
        .load_balancers
        .iter()
        .for_each(|lb| context.load_balancer(lb));
    inventory
        .databases
        .iter()
        .for_each(|db| context.database(db));
    inventory.snapshots.iter().for_each(|s| context.snapshot(s));
    report.missing_prices.extend(
        context
            .findings
            .iter()
            .flat_map(|f| f.missing_prices.iter().cloned()),
    );
    report.findings.extend(context.findings);
    report.not_measured.extend(context.not_measured);
    commitments(
        region,
        catalog,
        &steady,
        config,
        &mut report.recommendations,
        &mut report.unpriced_commitments,
        &mut report.missing_prices,
    );
    report.errors.extend(inventory.errors.iter().cloned());
}

/// Audits every region of the inventory with its catalog (a region without
/// one has every price named as missing).
pub fn audit(
    inventory: &Inventory,
    catalogs: &BTreeMap<String, Catalog>,
    config: &Config,
) -> AuditReport {
    let now = inventory.now;
    let mut report = AuditReport {
        format_version: REPORT_FORMAT_VERSION,
        generated_at: now,
        generated_at_utc: iso_utc(now),
        thresholds: config.thresholds.clone(),
        window: Window::of(now, config.thresholds.days),
        regions: inventory.regions.iter().map(|r| r.region.clone()).collect(),
        catalog_versions: BTreeMap::new(),
        findings: Vec::new(),
        recommendations: Vec::new(),
        unpriced_commitments: Vec::new(),
        not_measured: Vec::new(),
        errors: Vec::new(),
        missing_prices: Vec::new(),
        totals: Totals::default(),
    };
    for region in &inventory.regions {
        let catalog = catalogs.get(&region.region);
        if let Some(catalog) = catalog {
            report
                .catalog_versions
                .insert(region.region.clone(), catalog.version.clone());
        }
        audit_region(region, now, catalog, config, &mut report);
    }
    report.missing_prices.sort();
    report.missing_prices.dedup();
    report.totals = totals(&report);
    report
}

/// The sums of a report's findings and recommendations.
pub fn totals(report: &AuditReport) -> Totals {
    let findings_monthly_cost: Decimal =
        report.findings.iter().filter_map(|f| f.monthly_cost).sum();
    let findings_monthly_saving: Decimal = report
        .findings
        .iter()
        .filter_map(|f| f.monthly_saving)
        .sum();
    let commitments_monthly_saving: Decimal = report
        .recommendations
        .iter()
        .map(|r| r.monthly_saving)
        .sum();
    Totals {
        findings_monthly_cost,
        findings_monthly_saving,
        unpriced_findings: report
            .findings
            .iter()
            .filter(|f| f.monthly_saving.is_none())
            .count() as u32,
        commitments_upfront: report.recommendations.iter().map(|r| r.upfront).sum(),
        commitments_monthly_saving,
        commitments_yearly_saving: report.recommendations.iter().map(|r| r.yearly_saving).sum(),
        potential_monthly_saving: findings_monthly_saving + commitments_monthly_saving,
    }
}
