//! The plan's optional `resilience` block: the targets a design is checked
//! against (availability, RTO, RPO, a yearly budget), the disaster-recovery
//! region, and the few recovery assumptions that are design choices rather
//! than AWS facts (DNS TTL, backup interval, restore throughput, the time a
//! person takes to declare a disaster). `skyplan dr` (skyplan-resilience)
//! and `skyplan forecast` (skyplan-forecast) read it; it never changes the
//! static estimate.
//!
//! Absent, the block means [`Resilience::default`]: no targets (strategies
//! and availability are reported without a verdict), no budget, the DR
//! region chosen by skyplan-resilience (the first other bundled region), and
//! the defaults documented on each field.
//!
//! ```json
//! "resilience": {
//!   "dr_region": "eu-west-1",
//!   "targets": { "availability_percent": 99.9, "rto_minutes": 120, "rpo_minutes": 15 },
//!   "annual_budget_usd": 240000
//! }
//! ```

use super::problem::{did_you_mean, Problem};
use super::quantity::Quantity;
use crate::aws::REGIONS;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resilience {
    /// Region the disaster-recovery copy runs in; must differ from the plan's region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dr_region: Option<String>,
    #[serde(default, skip_serializing_if = "Targets::is_empty")]
    pub targets: Targets,
    /// Spend allowed per 12 months, USD, across every environment the
    /// forecast covers. `skyplan forecast --budget` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_budget_usd: Option<Quantity>,
    /// TTL of the DNS records a failover changes (Route 53 failover records),
    /// seconds: clients keep the old answer this long. Default 60.
    #[serde(default = "default_dns_ttl_seconds")]
    pub dns_ttl_seconds: u32,
    /// Hours between the backups copied to the DR region under backup &
    /// restore (an AWS Backup plan's rule; AWS Backup's default rule is daily).
    /// Default 24.
    #[serde(default = "default_backup_interval_hours")]
    pub backup_interval_hours: u32,
    /// GB per hour a database restore from a snapshot achieves, to size the
    /// restore of the plan's data. A design assumption: measure it in a
    /// restore drill and write the figure here. Default 100.
    #[serde(default = "default_restore_gb_per_hour")]
    pub restore_gb_per_hour: Quantity,
    /// Minutes from the alarm to a person deciding to fail over to the DR
    /// region (strategies that are not active/active). Default 15.
    #[serde(default = "default_failover_decision_minutes")]
    pub failover_decision_minutes: u32,
}

impl Default for Resilience {
    fn default() -> Resilience {
        Resilience {
            dr_region: None,
            targets: Targets::default(),
            annual_budget_usd: None,
            dns_ttl_seconds: default_dns_ttl_seconds(),
            backup_interval_hours: default_backup_interval_hours(),
            restore_gb_per_hour: default_restore_gb_per_hour(),
            failover_decision_minutes: default_failover_decision_minutes(),
        }
    }
}

/// What the design must achieve; each is optional (no target, no verdict).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// Monthly availability of each environment the target applies to, percent (e.g. 99.9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_percent: Option<Quantity>,
    /// Recovery time objective: the longest acceptable outage, minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_minutes: Option<u32>,
    /// Recovery point objective: the most data (in time) a failure may lose, minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_minutes: Option<u32>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.availability_percent.is_none() && self.rto_minutes.is_none() && self.rpo_minutes.is_none()
    }
}

fn default_dns_ttl_seconds() -> u32 {
    60
}

fn default_backup_interval_hours() -> u32 {
    24
}

fn default_restore_gb_per_hour() -> Quantity {
    Quantity::from_u32(100)
}

fn default_failover_decision_minutes() -> u32 {
    15
}

/// Range and reference checks of the block; paths start at `resilience`.
pub fn check(resilience: &Resilience, plan_region: &str, problems: &mut Vec<Problem>) {
    if let Some(region) = &resilience.dr_region {
        let codes: Vec<&str> = REGIONS.iter().map(|(code, _)| *code).collect();
        if !codes.contains(&region.as_str()) {
            problems.push(Problem::new(
                "resilience.dr_region",
                format!(
                    "\"{region}\" is not a region skyplan has prices for; expected one of {}{}",
                    codes.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
                    did_you_mean(region, codes.iter().copied())
                ),
            ));
        } else if region == plan_region {
            problems.push(Problem::new(
                "resilience.dr_region",
                format!("\"{region}\" is the plan's own region; expected another region, so that losing one leaves the other"),
            ));
        }
    }
    if let Some(availability) = resilience.targets.availability_percent {
        let value = availability.get();
        if value.is_zero() || value >= Decimal::ONE_HUNDRED {
            problems.push(Problem::new(
                "resilience.targets.availability_percent",
                format!("{availability} is out of range; expected a percentage above 0 and below 100 (e.g. 99.9)"),
            ));
        }
    }
    if let Some(budget) = resilience.annual_budget_usd {
        if budget.is_zero() {
            problems.push(Problem::new("resilience.annual_budget_usd", "0 is out of range; expected the USD a year may cost, > 0"));
        }
    }
    if !(1..=168).contains(&resilience.backup_interval_hours) {
        problems.push(Problem::new(
            "resilience.backup_interval_hours",
            format!("{} is out of range; expected 1 to 168 hours (AWS Backup runs at most hourly; weekly at least)", resilience.backup_interval_hours),
        ));
    }
    if resilience.restore_gb_per_hour.is_zero() {
        problems.push(Problem::new("resilience.restore_gb_per_hour", "0 is out of range; expected the GB per hour a restore achieves, > 0"));
    }
    if resilience.dns_ttl_seconds > 86_400 {
        problems.push(Problem::new(
            "resilience.dns_ttl_seconds",
            format!("{} is out of range; expected 0 to 86400 seconds (a failover record with a day-long TTL fails over in a day)", resilience.dns_ttl_seconds),
        ));
    }
    if resilience.failover_decision_minutes > 10_080 {
        problems.push(Problem::new(
            "resilience.failover_decision_minutes",
            format!("{} is out of range; expected 0 to 10080 minutes (a week)", resilience.failover_decision_minutes),
        ));
    }
}

#[cfg(test)]
mod tests {
    fn plan_with(resilience: serde_json::Value) -> Result<crate::model::ValidPlan, crate::model::Problems> {
        let mut plan: serde_json::Value = serde_json::from_str(include_str!("../../templates/saas-3tier.json")).unwrap();
        plan["resilience"] = resilience;
        crate::model::parse_plan(&plan.to_string())
    }

    #[test]
    fn problems_carry_json_paths() {
        let unknown = plan_with(serde_json::json!({"targets": {"rto_minute": 60}})).unwrap_err();
        assert_eq!(unknown.0[0].path, "resilience.targets.rto_minute", "{unknown}");
        let typed = plan_with(serde_json::json!({"targets": {"rpo_minutes": "soon"}})).unwrap_err();
        assert_eq!(typed.0[0].path, "resilience.targets.rpo_minutes", "{typed}");
        let ranges = plan_with(serde_json::json!({
            "dr_region": "us-east-1",
            "targets": {"availability_percent": 100},
            "annual_budget_usd": 0,
            "backup_interval_hours": 0,
            "restore_gb_per_hour": 0
        }))
        .unwrap_err();
        let paths: Vec<&str> = ranges.0.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "resilience.dr_region",
                "resilience.targets.availability_percent",
                "resilience.annual_budget_usd",
                "resilience.backup_interval_hours",
                "resilience.restore_gb_per_hour"
            ],
            "{ranges}"
        );
        let region = plan_with(serde_json::json!({"dr_region": "eu-west-11"})).unwrap_err();
        assert!(region.0[0].message.contains("did you mean \"eu-west-1\"?"), "{region}");
    }

    #[test]
    fn the_template_block_round_trips_and_defaults_fill_in() {
        let template = crate::model::parse_plan(include_str!("../../templates/saas-3tier.json")).unwrap();
        let resilience = template.plan().resilience.clone().unwrap();
        assert_eq!(resilience.dr_region.as_deref(), Some("eu-west-1"));
        assert_eq!(resilience.targets.rto_minutes, Some(120));
        assert_eq!(resilience.dns_ttl_seconds, 60);
        assert_eq!(crate::model::parse_plan(&template.to_json_pretty()).unwrap(), template);
        let empty = plan_with(serde_json::json!({})).unwrap();
        assert_eq!(empty.plan().resilience, Some(super::Resilience::default()));
    }
}
