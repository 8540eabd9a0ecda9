//! The plan's optional `simulation` block: what `skyplan simulate` (the
//! skyplan-sim crate) needs beyond the architecture. Traffic per environment;
//! per scaling group (an ASG by its id, an EKS node group as
//! `<eks id>/<node group name>`) its capacity, scaling policy, scheduled
//! actions, timings and purchase options. Absent means defaults throughout.
//!
//! Every struct rejects unknown fields. The keys of `environments` and
//! `groups` are references that skyplan-sim resolves (and reports with their
//! JSON paths) when it simulates, so that deleting or renaming a component in
//! the planner never makes the plan invalid; this module checks the values.

use super::problem::Problem;
use super::rules::MAX_GROUP_INSTANCES;
use super::quantity::Quantity;
use crate::aws::{OfferingClass, PurchaseOption};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Simulation {
    /// Traffic of each environment, by environment name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub environments: BTreeMap<String, EnvironmentSimulation>,
    /// Each scaling group's model, by `asg id` or `eks id/node group name`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, GroupSimulation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvironmentSimulation {
    pub traffic: Traffic,
}

/// Requests per second reaching the environment, minute by minute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Traffic {
    /// Requests per second at the shape's peak (shape factor 1) in month 0.
    pub base_rps: Quantity,
    #[serde(default)]
    pub shape: Shape,
    /// Compound growth per month (730 h), percent.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub monthly_growth_percent: Quantity,
    /// Standard deviation of the multiplicative minute-to-minute noise, percent.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub noise_percent: Quantity,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spikes: Vec<Spike>,
}

/// The hour-of-week shape of the traffic (hours in UTC; the simulation
/// starts on a Monday at 00:00).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    #[default]
    Flat,
    BusinessHours,
    EveningPeak,
    WeekendDip,
}

impl Shape {
    pub const ALL: [Shape; 4] = [Shape::Flat, Shape::BusinessHours, Shape::EveningPeak, Shape::WeekendDip];

    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Flat => "flat",
            Shape::BusinessHours => "business_hours",
            Shape::EveningPeak => "evening_peak",
            Shape::WeekendDip => "weekend_dip",
        }
    }
}

/// Traffic multiplied by `multiplier` for `duration_minutes`, either at a
/// fixed minute of the simulation or `per_month` times at random minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spike {
    pub multiplier: Quantity,
    pub duration_minutes: u32,
    /// Minutes from the start of the simulation (Monday 00:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_minute: Option<u32>,
    /// Random spikes per month (730 h), placed by the seeded generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_month: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSimulation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<GroupCapacity>,
    /// Absent: the group holds its desired count (changed only by scheduled actions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<Policy>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scheduled: Vec<ScheduledAction>,
    /// From launch to serving traffic (pending → InService), seconds.
    #[serde(default = "default_launch_seconds")]
    pub launch_seconds: u32,
    /// Instance warm-up: seconds after launch before an instance's metrics count.
    #[serde(default = "default_300")]
    pub warmup_seconds: u32,
    /// Health-check grace period, seconds.
    #[serde(default = "default_300")]
    pub health_check_grace_seconds: u32,
    /// Cooldown after a step-scaling activity, seconds (target tracking does not use it).
    #[serde(default = "default_300")]
    pub cooldown_seconds: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<Purchase>,
}

fn default_launch_seconds() -> u32 {
    120
}

fn default_300() -> u32 {
    300
}

/// What one instance serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCapacity {
    /// Requests per second one instance serves at 100 % CPU.
    pub rps_per_instance: Quantity,
    /// Share of the environment's requests reaching this group, percent.
    #[serde(default = "default_hundred")]
    pub traffic_share_percent: Quantity,
}

fn default_hundred() -> Quantity {
    Quantity::from_u32(100)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Average CPU utilisation of the group, percent.
    Cpu,
    /// ALB requests per target per minute.
    AlbRequestsPerTarget,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Policy {
    TargetTracking(TargetTracking),
    Step(StepScaling),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetTracking {
    pub metric: Metric,
    /// e.g. 70 (% CPU) or 1000 (requests per target per minute).
    pub target: Quantity,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disable_scale_in: bool,
}

/// Step scaling on a metric alarm: `steps_out` apply while the metric is at
/// or above `scale_out_threshold`, `steps_in` while at or below `scale_in_threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepScaling {
    pub metric: Metric,
    pub scale_out_threshold: Quantity,
    pub scale_in_threshold: Quantity,
    /// Datapoints (1-minute) the alarm needs to go off.
    #[serde(default = "default_datapoints")]
    pub datapoints: u32,
    pub steps_out: Vec<StepOut>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps_in: Vec<StepIn>,
}

fn default_datapoints() -> u32 {
    3
}

/// Add `add` instances when the metric exceeds the threshold by `above` or more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepOut {
    #[serde(default)]
    pub above: Quantity,
    pub add: u32,
}

/// Remove `remove` instances when the metric is `below` or more under the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepIn {
    #[serde(default)]
    pub below: Quantity,
    pub remove: u32,
}

/// A scheduled action, e.g. `{"cron": "0 8 * * 1-5", "min": 4}`: cron in
/// UTC (`minute hour day-of-month month day-of-week`; day of month and month
/// must be `*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledAction {
    pub cron: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purchase {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spot: Option<SpotMix>,
    /// Reserved Instance options to compare; empty: every offer the catalog has for the type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<ReservedOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub savings_plans: Vec<SavingsPlanOption>,
}

/// As an ASG's mixed instances policy: `on_demand_base` instances on demand,
/// then `spot_percent` of the rest on spot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpotMix {
    #[serde(default)]
    pub on_demand_base: u32,
    pub spot_percent: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReservedOption {
    pub offering_class: OfferingClass,
    pub term_years: u8,
    pub purchase_option: PurchaseOption,
    /// Instances reserved; absent: the optimizer chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SavingsPlanKind {
    Compute,
    Ec2Instance,
}

impl SavingsPlanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SavingsPlanKind::Compute => "compute",
            SavingsPlanKind::Ec2Instance => "ec2_instance",
        }
    }
}

/// A Savings Plan, priced at the catalog's rate for the instance type where
/// the catalog has one (imported from AWS's Savings Plans offer files),
/// else at the user's `discount_percent` (from the AWS pricing page or a
/// quote); with neither the option is reported as unpriced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavingsPlanOption {
    pub kind: SavingsPlanKind,
    pub term_years: u8,
    /// Payment option of the catalog rate to use; absent: no upfront.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase_option: Option<PurchaseOption>,
    /// Discount off on-demand, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_percent: Option<Quantity>,
    /// Commitment, USD per hour; absent: the optimizer chooses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_commitment: Option<Quantity>,
}

/// A cron expression reduced to what scheduled actions use: minute, hour and
/// day of week (0 or 7 = Sunday), each a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cron {
    /// Bit m set: minute m.
    pub minutes: u64,
    /// Bit h set: hour h.
    pub hours: u32,
    /// Bit d set: day d, 0 = Monday … 6 = Sunday.
    pub days: u8,
}

impl Cron {
    pub fn parse(text: &str) -> Result<Cron, String> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        if fields.len() != 5 {
            return Err(format!("\"{text}\" is not a cron expression; expected 5 fields: minute hour day-of-month month day-of-week, e.g. \"0 8 * * 1-5\""));
        }
        if fields[2] != "*" || fields[3] != "*" {
            return Err(format!("\"{text}\": day of month and month must be \"*\" (the simulation repeats weeks)"));
        }
        let minutes = field(fields[0], 0, 59, "minute")?;
        let hours = field(fields[1], 0, 23, "hour")? as u32;
        let cron_days = field(fields[4], 0, 7, "day of week")?;
        // cron: 0 and 7 are Sunday, 1 Monday; ours: 0 Monday … 6 Sunday.
        let mut days = 0u8;
        for d in 0..=7u32 {
            if cron_days & (1 << d) != 0 {
                days |= 1 << ((d + 6) % 7);
            }
        }
        Ok(Cron { minutes, hours, days })
    }

    /// Whether the action fires at this minute of the week (0 = Monday 00:00).
    pub fn matches(&self, minute_of_week: u32) -> bool {
        let day = minute_of_week / 1440;
        let hour = (minute_of_week / 60) % 24;
        let minute = minute_of_week % 60;
        self.days & (1 << day) != 0 && self.hours & (1 << hour) != 0 && self.minutes & (1 << minute) != 0
    }
}

fn field(text: &str, low: u32, high: u32, what: &str) -> Result<u64, String> {
    let mut set = 0u64;
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((range, step)) => (range, step.parse::<u32>().ok().filter(|s| *s > 0).ok_or_else(|| format!("\"{part}\" has no valid step in the {what} field"))?),
            None => (part, 1),
        };
        let (from, to) = if range == "*" {
            (low, high)
        } else if let Some((a, b)) = range.split_once('-') {
            (number(a, low, high, what)?, number(b, low, high, what)?)
        } else {
            let n = number(range, low, high, what)?;
            (n, if step > 1 { high } else { n })
        };
        if from > to {
            return Err(format!("\"{part}\" is an empty range in the {what} field"));
        }
        let mut v = from;
        while v <= to {
            set |= 1 << v;
            v += step;
        }
    }
    Ok(set)
}

fn number(text: &str, low: u32, high: u32, what: &str) -> Result<u32, String> {
    match text.parse::<u32>() {
        Ok(n) if (low..=high).contains(&n) => Ok(n),
        _ => Err(format!("\"{text}\" is not a {what}; expected {low} to {high}")),
    }
}

/// Range checks of the block; paths start at `simulation`.
pub fn check(simulation: &Simulation, problems: &mut Vec<Problem>) {
    let hundred = Decimal::ONE_HUNDRED;
    for (name, env) in &simulation.environments {
        let path = format!("simulation.environments.{name}.traffic");
        let traffic = &env.traffic;
        if traffic.noise_percent.get() > hundred {
            problems.push(Problem::new(format!("{path}.noise_percent"), format!("{} is out of range; expected 0 to 100", traffic.noise_percent)));
        }
        if traffic.monthly_growth_percent.get() > Decimal::from(1000) {
            problems.push(Problem::new(format!("{path}.monthly_growth_percent"), format!("{} is out of range; expected 0 to 1000", traffic.monthly_growth_percent)));
        }
        for (i, spike) in traffic.spikes.iter().enumerate() {
            let at = format!("{path}.spikes[{i}]");
            if spike.multiplier.is_zero() {
                problems.push(Problem::new(format!("{at}.multiplier"), "0 is out of range; expected a number > 0 (e.g. 10 for ten times the traffic)"));
            }
            if spike.duration_minutes == 0 {
                problems.push(Problem::new(format!("{at}.duration_minutes"), "0 is out of range; expected at least 1"));
            }
            if spike.at_minute.is_some() == spike.per_month.is_some() {
                problems.push(Problem::new(at.clone(), "expected exactly one of \"at_minute\" (a fixed time) and \"per_month\" (random times)"));
            }
        }
    }
    for (key, group) in &simulation.groups {
        let path = format!("simulation.groups.{key}");
        if let Some(capacity) = &group.capacity {
            if capacity.rps_per_instance.is_zero() {
                problems.push(Problem::new(format!("{path}.capacity.rps_per_instance"), "0 is out of range; expected requests per second one instance serves at 100 % CPU, > 0"));
            }
            let share = capacity.traffic_share_percent.get();
            if share.is_zero() || share > hundred {
                problems.push(Problem::new(format!("{path}.capacity.traffic_share_percent"), format!("{share} is out of range; expected more than 0 and at most 100")));
            }
        }
        match &group.policy {
            Some(Policy::TargetTracking(t)) => {
                let at = format!("{path}.policy.target_tracking.target");
                if t.target.is_zero() || (t.metric == Metric::Cpu && t.target.get() > hundred) {
                    problems.push(Problem::new(at, format!("{} is out of range; expected {}", t.target, if t.metric == Metric::Cpu { "more than 0 and at most 100 (% CPU)" } else { "more than 0 requests per target per minute" })));
                }
            }
            Some(Policy::Step(s)) => {
                let at = format!("{path}.policy.step");
                if s.scale_in_threshold.get() >= s.scale_out_threshold.get() {
                    problems.push(Problem::new(format!("{at}.scale_in_threshold"), format!("{} is not below scale_out_threshold ({}); expected a lower value", s.scale_in_threshold, s.scale_out_threshold)));
                }
                if s.datapoints == 0 || s.datapoints > 60 {
                    problems.push(Problem::new(format!("{at}.datapoints"), format!("{} is out of range; expected 1 to 60", s.datapoints)));
                }
                if s.steps_out.is_empty() {
                    problems.push(Problem::new(format!("{at}.steps_out"), "is empty; expected at least one step, e.g. [{\"above\": 0, \"add\": 1}]"));
                }
                for (i, w) in s.steps_out.windows(2).enumerate() {
                    if w[1].above <= w[0].above {
                        problems.push(Problem::new(format!("{at}.steps_out[{}].above", i + 1), "expected steps in increasing order of \"above\""));
                    }
                }
                for (i, w) in s.steps_in.windows(2).enumerate() {
                    if w[1].below <= w[0].below {
                        problems.push(Problem::new(format!("{at}.steps_in[{}].below", i + 1), "expected steps in increasing order of \"below\""));
                    }
                }
            }
            None => {}
        }
        for (i, action) in group.scheduled.iter().enumerate() {
            let at = format!("{path}.scheduled[{i}]");
            if let Err(message) = Cron::parse(&action.cron) {
                problems.push(Problem::new(format!("{at}.cron"), message));
            }
            if action.min.is_none() && action.max.is_none() && action.desired.is_none() {
                problems.push(Problem::new(at.clone(), "sets nothing; expected at least one of \"min\", \"max\", \"desired\""));
            }
            if let (Some(min), Some(max)) = (action.min, action.max) {
                if min > max {
                    problems.push(Problem::new(format!("{at}.min"), format!("{min} is above max ({max})")));
                }
            }
            for (field, count) in [("min", action.min), ("max", action.max), ("desired", action.desired)] {
                if count.is_some_and(|n| n > MAX_GROUP_INSTANCES) {
                    problems.push(Problem::new(format!("{at}.{field}"), format!("{} instances is over skyplan's planning bound; expected at most {MAX_GROUP_INSTANCES}", count.unwrap_or_default())));
                }
            }
        }
        if group.launch_seconds > 3600 {
            problems.push(Problem::new(format!("{path}.launch_seconds"), format!("{} is out of range; expected 0 to 3600", group.launch_seconds)));
        }
        if let Some(purchase) = &group.purchase {
            if let Some(spot) = &purchase.spot {
                if spot.spot_percent > 100 {
                    problems.push(Problem::new(format!("{path}.purchase.spot.spot_percent"), format!("{} is out of range; expected 0 to 100", spot.spot_percent)));
                }
            }
            for (i, option) in purchase.reserved.iter().enumerate() {
                if !matches!(option.term_years, 1 | 3) {
                    problems.push(Problem::new(format!("{path}.purchase.reserved[{i}].term_years"), format!("{} is not a Reserved Instance term; expected 1 or 3", option.term_years)));
                }
                if let Some(count) = option.count.filter(|n| *n > MAX_GROUP_INSTANCES) {
                    problems.push(Problem::new(format!("{path}.purchase.reserved[{i}].count"), format!("{count} instances is over skyplan's planning bound; expected at most {MAX_GROUP_INSTANCES}")));
                }
            }
            for (i, option) in purchase.savings_plans.iter().enumerate() {
                let at = format!("{path}.purchase.savings_plans[{i}]");
                if !matches!(option.term_years, 1 | 3) {
                    problems.push(Problem::new(format!("{at}.term_years"), format!("{} is not a Savings Plan term; expected 1 or 3", option.term_years)));
                }
                if let Some(d) = option.discount_percent {
                    if d.get() >= hundred {
                        problems.push(Problem::new(format!("{at}.discount_percent"), format!("{d} is out of range; expected 0 to less than 100")));
                    }
                }
            }
        }
    }
}

fn is_zero(q: &Quantity) -> bool {
    q.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cron_weekdays_at_eight() {
        let cron = Cron::parse("0 8 * * 1-5").unwrap();
        assert!(cron.matches(8 * 60)); // Monday 08:00
        assert!(cron.matches(4 * 1440 + 8 * 60)); // Friday
        assert!(!cron.matches(5 * 1440 + 8 * 60)); // Saturday
        assert!(!cron.matches(8 * 60 + 1));
        let daily = Cron::parse("0 20 * * *").unwrap();
        assert!((0..7).all(|d| daily.matches(d * 1440 + 20 * 60)));
        let sunday = Cron::parse("30 */6 * * 0").unwrap();
        assert!(sunday.matches(6 * 1440 + 18 * 60 + 30));
        assert!(Cron::parse("0 8 1 * *").is_err());
        assert!(Cron::parse("61 8 * * *").is_err());
        assert!(Cron::parse("0 8 * *").is_err());
    }

    fn plan_with(simulation: serde_json::Value) -> Result<crate::model::ValidPlan, crate::model::Problems> {
        let mut plan: serde_json::Value = serde_json::from_str(include_str!("../../templates/saas-3tier.json")).unwrap();
        plan["simulation"] = simulation;
        crate::model::parse_plan(&plan.to_string())
    }

    #[test]
    fn problems_carry_json_paths() {
        let unknown = plan_with(serde_json::json!({"groups": {"web": {"policy": {"target_tracking": {"metric": "cpu", "target": 70, "targett": 1}}}}})).unwrap_err();
        assert_eq!(unknown.0[0].path, "simulation.groups.web.policy.target_tracking.targett", "{unknown}");
        let ranges = plan_with(serde_json::json!({
            "environments": {"production": {"traffic": {"base_rps": 10, "spikes": [{"multiplier": 0, "duration_minutes": 5}]}}},
            "groups": {"web": {"scheduled": [{"cron": "0 25 * * *", "min": 1}], "purchase": {"spot": {"spot_percent": 150}}}}
        }))
        .unwrap_err();
        let paths: Vec<&str> = ranges.0.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "simulation.environments.production.traffic.spikes[0].multiplier",
                "simulation.environments.production.traffic.spikes[0]",
                "simulation.groups.web.scheduled[0].cron",
                "simulation.groups.web.purchase.spot.spot_percent"
            ],
            "{ranges}"
        );
    }

    #[test]
    fn the_template_block_round_trips() {
        let plan = plan_with(serde_json::json!({"groups": {"web": {"policy": {"step": {"metric": "cpu", "scale_out_threshold": 70, "scale_in_threshold": 30, "steps_out": [{"add": 1}, {"above": 20, "add": 3}]}}}}})).unwrap();
        let again = crate::model::parse_plan(&plan.to_json_pretty()).unwrap();
        assert_eq!(plan, again);
        let template = crate::model::parse_plan(include_str!("../../templates/saas-3tier.json")).unwrap();
        assert!(template.plan().simulation.as_ref().is_some_and(|s| s.groups.contains_key("platform/general")));
        assert_eq!(crate::model::parse_plan(&template.to_json_pretty()).unwrap(), template);
    }
}
