//! Failures run through the autoscaling simulator: capacity lost in one
//! Availability Zone while the group replaces it, and a DR region's groups
//! taking over the traffic of a lost region from their standby size.
//!
//! Both drive the unchanged [`simulate::run`] with scheduled events, the
//! mechanism Auto Scaling itself offers to change a group's size at a
//! minute, so the group's launch time, warm-up, policy and spot behave as
//! in every other simulation:
//!
//! - **AZ loss.** The group's instances are spread evenly over the
//!   environment's AZs (Auto Scaling balances a group across its AZs:
//!   <https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html#arch-AutoScalingMultiAZ>),
//!   so the lost AZ held ⌈running / AZs⌉ of them. At the failure minute an
//!   event takes desired (and min, if needed) down by that many: they leave
//!   service at once. `replace_after_minutes` later a second event restores
//!   min and desired, and the replacements launch in the surviving AZs and
//!   serve after the group's launch time. Meanwhile the policy sees the
//!   higher load and may scale out too. A target-tracking policy needs 3
//!   one-minute datapoints to act ([`crate::policy`]), so for a replacement
//!   delay of at most 3 minutes restoring desired to its pre-failure value
//!   never undoes a scale-out the policy already decided.
//! - **Region takeover.** The DR region's copy of each group runs at its
//!   standby size (min = desired = standby: 0 for backup & restore and pilot
//!   light) while it gets no traffic (or its share under active/active). The
//!   runbook's event sets min and desired to the production desired count at
//!   `scale_at_minute` after the failure (min too, so that the idle group does
//!   not scale back in before the traffic arrives, and a group whose own min
//!   is 0 is not left at 0, where CPU target tracking has no datapoint); the
//!   traffic arrives at `traffic_at_minute` (when DNS points to the DR region). The plan's scheduled actions are left out of the
//!   standby run: a standby group is sized by the runbook, not by the
//!   production schedule.
//!
//! The demand, seeds and streams are those of [`crate::simulate`]: the run
//! with the failure and the run without it see the same traffic, and the
//! extra overload is the difference of the two.

use crate::rng::Rng;
use crate::simulate::{self, GroupModel, Record, ScheduledEvent, TraceStep};
use crate::traffic::{self, MINUTES_PER_WEEK};
use crate::Scenario;
use serde::Serialize;

/// What one group went through when an AZ was lost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AzLossOutcome {
    pub key: String,
    pub component: String,
    /// Instances running just before the failure.
    pub running_before: u32,
    /// Instances the lost AZ held.
    pub lost: u32,
    /// Overload minutes of the whole run (Monday 00:00 to the window's end), with the failure and without it.
    pub overload_minutes: u64,
    pub baseline_overload_minutes: u64,
    /// Overload the failure caused: the difference of the two.
    pub extra_overload_minutes: u64,
    /// Minutes from the failure until as many instances serve as before;
    /// `None` if not within the window.
    pub minutes_to_recover: Option<u32>,
}

/// Simulates every group of the scenario over `at_minute + window_minutes`
/// minutes at 1-minute steps, losing one of `azs` AZs at `at_minute`.
/// `at_minute + window_minutes` must stay within a week (the scheduled
/// events repeat weekly); a longer span is cut to the week.
pub fn az_loss(scenario: &Scenario, azs: u32, at_minute: u32, window_minutes: u32, replace_after_minutes: u32, seed: u64) -> Vec<AzLossOutcome> {
    let azs = azs.max(1);
    let at = at_minute.clamp(1, MINUTES_PER_WEEK - 2);
    let end = (at + window_minutes.max(1)).min(MINUTES_PER_WEEK - 1);
    let (demand, mut rng) = demand_of(scenario, end as usize, seed);
    let mut outcomes = Vec::new();
    for (i, group) in scenario.groups.iter().enumerate() {
        let group_rng = rng.fork(100 + i as u64);
        let record = Record { hours: false, trace: true };
        let baseline = simulate::run(&group.model, &demand, 1, &scenario.on, &mut group_rng.clone(), record);
        let before = baseline.trace.get(at as usize - 1).copied().unwrap_or(TraceStep {
            desired: 0,
            running: 0,
            in_service: 0,
            min: 0,
            max: 0,
        });
        let lost = before.running.div_ceil(azs);
        let mut model = group.model.clone();
        let survivors = before.running - lost;
        let restore_at = (at + replace_after_minutes).min(end);
        model.scheduled.push(ScheduledEvent {
            minute_of_week: at,
            min: Some(before.min.min(survivors)),
            max: None,
            desired: Some(survivors),
        });
        model.scheduled.push(ScheduledEvent {
            minute_of_week: restore_at,
            min: Some(before.min),
            max: None,
            desired: Some(before.running.max(before.desired)),
        });
        model.scheduled.sort_by_key(|e| e.minute_of_week);
        let failed = simulate::run(&model, &demand, 1, &scenario.on, &mut group_rng.clone(), record);
        let minutes_to_recover = if lost == 0 {
            Some(0)
        } else {
            failed.trace[at as usize..].iter().position(|step| step.in_service >= before.in_service).map(|m| m as u32)
        };
        outcomes.push(AzLossOutcome {
            key: group.model.key.clone(),
            component: group.component.clone(),
            running_before: before.running,
            lost,
            overload_minutes: failed.overload_minutes,
            baseline_overload_minutes: baseline.overload_minutes,
            extra_overload_minutes: failed.overload_minutes.saturating_sub(baseline.overload_minutes),
            minutes_to_recover,
        });
    }
    outcomes
}

/// How the DR region's copy of a group stands by and is brought in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Takeover {
    /// Instances of each group running in the DR region before the failure
    /// (`None`: the group's own desired count, i.e. a full copy).
    pub standby_instances: Option<u32>,
    /// Share of the environment's traffic the DR region serves before the failure (0–1).
    pub traffic_share_before: f64,
    /// Minutes after the failure at which the runbook sizes the groups to production.
    pub scale_at_minute: u32,
    /// Minutes after the failure at which the traffic reaches the DR region.
    pub traffic_at_minute: u32,
}

/// One DR group's takeover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakeoverOutcome {
    pub key: String,
    pub component: String,
    pub standby_instances: u32,
    /// Minutes, once the traffic arrived, in which the DR group could not serve it.
    pub overload_minutes: u64,
    /// Minutes from the traffic's arrival until the group served it without overload for good; `None` if not within the window.
    pub minutes_to_full_service: Option<u32>,
}

/// Simulates the DR copy of every group of the scenario: the failure at
/// `at_minute`, the traffic arriving as `takeover` says, `window_minutes` of
/// it observed from the arrival.
pub fn region_takeover(scenario: &Scenario, at_minute: u32, window_minutes: u32, takeover: Takeover, seed: u64) -> Vec<TakeoverOutcome> {
    let at = at_minute.clamp(1, MINUTES_PER_WEEK - 2);
    let arrival = (at + takeover.traffic_at_minute).min(MINUTES_PER_WEEK - 2);
    let end = (arrival + window_minutes.max(1)).min(MINUTES_PER_WEEK - 1);
    let scale_at = (at + takeover.scale_at_minute).min(end - 1);
    let (mut demand, mut rng) = demand_of(scenario, end as usize, seed);
    let share = takeover.traffic_share_before.clamp(0.0, 1.0);
    for rps in &mut demand[..arrival as usize] {
        *rps *= share;
    }
    let mut outcomes = Vec::new();
    for (i, group) in scenario.groups.iter().enumerate() {
        let mut group_rng = rng.fork(100 + i as u64);
        let standby = takeover.standby_instances.map_or(group.model.desired, |n| n.min(group.model.desired));
        let production = group.model.desired.max(group.model.min).max(standby);
        let model = GroupModel {
            min: standby,
            desired: standby,
            scheduled: vec![ScheduledEvent {
                minute_of_week: scale_at,
                min: Some(production),
                max: None,
                desired: Some(production),
            }],
            ..group.model.clone()
        };
        let run = simulate::run(&model, &demand, 1, &scenario.on, &mut group_rng, Record { hours: false, trace: true });
        // Overload before the arrival is the active/active share not served.
        let overloaded: Vec<bool> = demand
            .iter()
            .zip(&run.trace)
            .map(|(rps, step)| *rps > f64::from(step.in_service) * model.rps_per_instance)
            .collect();
        let after = &overloaded[arrival as usize..];
        let overload_minutes = after.iter().filter(|o| **o).count() as u64;
        let minutes_to_full_service = match after.iter().rposition(|o| *o) {
            None => Some(0),
            Some(last) if last + 1 < after.len() => Some(last as u32 + 1),
            Some(_) => None,
        };
        outcomes.push(TakeoverOutcome {
            key: group.model.key.clone(),
            component: group.component.clone(),
            standby_instances: standby,
            overload_minutes,
            minutes_to_full_service,
        });
    }
    outcomes
}

/// The scenario's demand for `steps` minutes, drawn as [`crate::simulate`] draws it.
fn demand_of(scenario: &Scenario, steps: usize, seed: u64) -> (Vec<f64>, Rng) {
    let mut rng = Rng::new(seed);
    let mut traffic_rng = rng.fork(1);
    let mut demand = Vec::new();
    traffic::demand_into(&scenario.traffic, steps, 1, &mut traffic_rng, &mut demand);
    (demand, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyModel;
    use skyplan_core::templates::template;
    use skyplan_core::Catalog;

    /// saas-3tier production with one fixed group (3 instances of 100
    /// requests per second, 2-minute launch) under a flat 250 requests per second.
    fn fixed_group() -> Scenario {
        let catalog = Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
        let plan = template("saas-3tier").unwrap().plan().unwrap();
        let mut scenario = crate::scenario(&plan, "production", &catalog, None).unwrap();
        scenario.traffic = traffic::TrafficModel {
            base_rps: 250.0,
            shape: Default::default(),
            monthly_growth: 0.0,
            noise: 0.0,
            spikes: Vec::new(),
            series: None,
        };
        scenario.groups.truncate(1);
        let model = &mut scenario.groups[0].model;
        (model.min, model.desired, model.max) = (3, 3, 6);
        model.rps_per_instance = 100.0;
        model.launch_seconds = 120;
        model.policy = PolicyModel::None;
        model.scheduled.clear();
        model.spot_percent = 0;
        scenario
    }

    #[test]
    fn losing_one_of_three_azs_overloads_until_the_replacement_serves() {
        let outcome = &az_loss(&fixed_group(), 3, 600, 60, 1, 7)[0];
        // ⌈3 / 3⌉ = 1 instance lost at minute 600: 2 × 100 < 250 requests per second.
        assert_eq!((outcome.running_before, outcome.lost), (3, 1));
        // Replacement launched at 601 (after 1 minute), in service 2 minutes later
        // at 603: minutes 600, 601 and 602 are overloaded.
        assert_eq!(outcome.extra_overload_minutes, 3);
        assert_eq!(outcome.baseline_overload_minutes, 0);
        assert_eq!(outcome.minutes_to_recover, Some(3));
        // Two AZs: ⌈3 / 2⌉ = 2 lost, 100 < 250 until both replacements serve at 603.
        let two = &az_loss(&fixed_group(), 2, 600, 60, 1, 7)[0];
        assert_eq!((two.lost, two.extra_overload_minutes), (2, 3));
    }

    #[test]
    fn a_standby_at_zero_serves_once_scaled_and_launched() {
        let scenario = fixed_group();
        let take = |standby, scale, traffic| Takeover {
            standby_instances: standby,
            traffic_share_before: 0.0,
            scale_at_minute: scale,
            traffic_at_minute: traffic,
        };
        // Scaled at +30, in service at +32, traffic at +40: no overload.
        let early = &region_takeover(&scenario, 600, 60, take(Some(0), 30, 40), 7)[0];
        assert_eq!((early.standby_instances, early.overload_minutes, early.minutes_to_full_service), (0, 0, Some(0)));
        // Scaled as the traffic arrives: 2 minutes of launch without capacity.
        let late = &region_takeover(&scenario, 600, 60, take(Some(0), 40, 40), 7)[0];
        assert_eq!((late.overload_minutes, late.minutes_to_full_service), (2, Some(2)));
        // A full copy (active/active at half the traffic) serves at once.
        let full = Takeover {
            standby_instances: None,
            traffic_share_before: 0.5,
            scale_at_minute: 0,
            traffic_at_minute: 1,
        };
        assert_eq!(region_takeover(&scenario, 600, 60, full, 7)[0].overload_minutes, 0);
    }
}
