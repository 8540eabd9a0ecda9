//! Scaling policies as EC2 Auto Scaling runs them, in simulation steps.
//!
//! Each assumption and where it comes from:
//!
//! - **Target tracking** creates two CloudWatch alarms. For a 1-minute metric
//!   the high alarm goes off after 3 datapoints of 1 minute above the target
//!   and the low alarm after 15 datapoints of 1 minute below it
//!   (<https://docs.aws.amazon.com/autoscaling/ec2/userguide/target-tracking-scaling-policy-overview.html>,
//!   "the alarm that triggers scale out ... 3 data points"; "scale in ... 15 data points").
//!   The low alarm's threshold is 90 % of the target, as in the alarms the
//!   policy creates (`AlarmLow`), so the group does not flap around the target.
//! - It scales **proportionally**: new capacity = ⌈current × metric / target⌉
//!   (<https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html>:
//!   "adds or removes capacity as required to keep the metric at, or close to,
//!   the specified target value"); rounded up both ways, erring on capacity.
//!   `current` is the instances in service. CPU is capped at 100 %, so a
//!   saturated group scales out by ⌈current × 100 / target⌉ per round, as in AWS;
//!   ALB requests per target are not capped.
//! - A scale-out never lowers desired capacity; while the high alarm stays in
//!   ALARM the policy is evaluated again every minute (Auto Scaling re-invokes
//!   the policy while its alarm is in ALARM), but instances pending or warming
//!   up already count in desired capacity, so no second launch is made for the
//!   same load (default instance warm-up:
//!   <https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-default-instance-warmup.html>).
//! - Scale-in waits until no instance is warming up (our reading of the same
//!   page: warming instances are not yet counted in the metric, so the policy
//!   does not act on a metric that excludes them); `disable_scale_in` turns it off.
//! - **Step scaling**
//!   (<https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-simple-step.html>):
//!   one alarm per direction on the metric with `datapoints` 1-minute
//!   datapoints; the step whose lower bound (`above` / `below`, relative to
//!   the threshold) is the largest one the breach reaches applies. After an
//!   activity the policy waits `cooldown_seconds` (the group's default
//!   cooldown, 300 s by default) before the next one.
//! - A step of `d` minutes needs ⌈n / d⌉ consecutive breaching steps for an
//!   n-datapoint alarm (1 step at hourly resolution).
//! - At hourly steps (the Monte Carlo runs) a scale-out takes, within the
//!   hour, the capacity its rounds converge to, and the overload minutes are
//!   the rounds' reaction times (alarm + launch), see [`overload_within_step`].
//! - Metrics have no publishing delay: minute t's datapoint is evaluated at
//!   the end of minute t, and an activity starts at minute t + 1.

use skyplan_core::model::simulation::{Metric, Policy};

#[derive(Debug, Clone, PartialEq)]
pub enum PolicyModel {
    /// The group holds its desired capacity (scheduled actions still apply).
    None,
    TargetTracking { metric: Metric, target: f64, scale_in: bool },
    Step { metric: Metric, out_threshold: f64, in_threshold: f64, datapoints: u32, steps_out: Vec<(f64, u32)>, steps_in: Vec<(f64, u32)> },
}

impl PolicyModel {
    pub fn from_plan(policy: Option<&Policy>) -> PolicyModel {
        match policy {
            None => PolicyModel::None,
            Some(Policy::TargetTracking(t)) => {
                PolicyModel::TargetTracking { metric: t.metric, target: crate::to_f64(t.target.get()), scale_in: !t.disable_scale_in }
            }
            Some(Policy::Step(s)) => PolicyModel::Step {
                metric: s.metric,
                out_threshold: crate::to_f64(s.scale_out_threshold.get()),
                in_threshold: crate::to_f64(s.scale_in_threshold.get()),
                datapoints: s.datapoints,
                steps_out: s.steps_out.iter().map(|st| (crate::to_f64(st.above.get()), st.add)).collect(),
                steps_in: s.steps_in.iter().map(|st| (crate::to_f64(st.below.get()), st.remove)).collect(),
            },
        }
    }
}

/// Datapoints of the target-tracking alarms, in 1-minute periods.
pub const HIGH_ALARM_DATAPOINTS: u32 = 3;
pub const LOW_ALARM_DATAPOINTS: u32 = 15;
/// The low alarm's threshold as a share of the target.
pub const LOW_ALARM_SHARE: f64 = 0.9;

/// A policy's state across steps: consecutive breaching datapoints and the
/// end of a cooldown.
#[derive(Debug, Clone, Copy, Default)]
pub struct PolicyState {
    pub high: u32,
    pub low: u32,
    pub cooldown_until: u64,
    /// The group's current min and max, set by the caller: an alarm in
    /// ALARM at a bound has nothing to compute.
    pub min: u32,
    pub max: u32,
    /// The target-tracking alarm thresholds in requests per second for
    /// `thresholds_for` instances in service (recomputed when that changes).
    pub thresholds_for: u32,
    pub high_rps: f64,
    pub low_rps: f64,
    /// Demand above which a scale-in from `scale_in_for` would remove nothing.
    pub scale_in_for: u32,
    pub scale_in_rps: f64,
}

/// The metric's value: CPU % of the in-service instances (capped at 100), or
/// requests per target per minute. `None` without instances in service (no
/// datapoint).
#[inline]
pub fn metric_value(metric: Metric, demand_rps: f64, in_service: u32, rps_per_instance: f64) -> Option<f64> {
    if in_service == 0 {
        return None;
    }
    let n = f64::from(in_service);
    Some(match metric {
        Metric::Cpu => (demand_rps / (n * rps_per_instance) * 100.0).min(100.0),
        Metric::AlbRequestsPerTarget => demand_rps * 60.0 / n,
    })
}

/// What the policy wants at this step, given the group's state; `None` to
/// leave desired capacity alone. The caller clamps to min and max.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn decide(
    policy: &PolicyModel,
    state: &mut PolicyState,
    step: u64,
    step_minutes: u32,
    cooldown_steps: u64,
    demand_rps: f64,
    in_service: u32,
    warming: u32,
    desired: u32,
    rps_per_instance: f64,
) -> Option<u32> {
    // ⌈datapoints / step⌉, without an integer division in the common cases.
    let steps_for = |datapoints: u32| {
        if step_minutes == 1 {
            datapoints.max(1)
        } else if step_minutes >= datapoints {
            1
        } else {
            datapoints.div_ceil(step_minutes)
        }
    };
    match policy {
        PolicyModel::None => None,
        PolicyModel::TargetTracking { metric, target, scale_in } => {
            if in_service == 0 {
                // No datapoint: the alarms see missing data and do not change
                // state, except that an ALB request count reaches an empty
                // group (a request count is published without targets).
                if *metric == Metric::AlbRequestsPerTarget && demand_rps > 0.0 && desired == 0 {
                    return Some(ceil_u32(demand_rps * 60.0 / target));
                }
                return None;
            }
            // The alarms compare the metric with the target; compared here
            // as demand against the requests per second at which the metric
            // would equal the target (and 90 % of it) with this many instances
            // in service, computed when that number changes: no division per
            // step, and the metric's value only when an alarm acts.
            let n = f64::from(in_service);
            if state.thresholds_for != in_service || state.high_rps == 0.0 {
                let at_target = match metric {
                    // CPU = min(100, 100 · demand / (n · r)): above a target of 100 never.
                    Metric::Cpu if *target >= 100.0 => f64::INFINITY,
                    Metric::Cpu => n * rps_per_instance * target / 100.0,
                    // Requests per target per minute = 60 · demand / n.
                    Metric::AlbRequestsPerTarget => target * n / 60.0,
                };
                state.thresholds_for = in_service;
                state.high_rps = at_target;
                state.low_rps = if at_target.is_finite() { at_target * LOW_ALARM_SHARE } else { n * rps_per_instance * target * LOW_ALARM_SHARE / 100.0 };
            }
            // Consecutive datapoints above / below, counted without branches
            // (the demand's noise makes these comparisons unpredictable).
            let above = u32::from(demand_rps > state.high_rps);
            let below = u32::from(demand_rps < state.low_rps);
            state.high = (state.high + 1) * above;
            state.low = (state.low + 1) * below;
            if state.high >= steps_for(HIGH_ALARM_DATAPOINTS) {
                if desired >= state.max {
                    return None;
                }
                let wanted = if step_minutes >= 60 {
                    // An hour holds several rounds of scale-out: take where
                    // they converge, the capacity that brings the metric to the target.
                    converged(*metric, demand_rps, rps_per_instance, *target)
                } else {
                    let value = metric_value(*metric, demand_rps, in_service, rps_per_instance).unwrap_or(0.0);
                    ceil_u32(n * value / target)
                };
                return (wanted > desired).then_some(wanted);
            }
            if *scale_in && state.low >= steps_for(LOW_ALARM_DATAPOINTS) && warming == 0 && desired > state.min {
                // ⌈n · value / target⌉ < desired needs n · value / target ≤ desired − 1,
                // i.e. demand at most the rps that puts desired − 1 instances at the
                // target: compared first (with a margin), computed exactly only then.
                if state.scale_in_for != desired || state.scale_in_rps == 0.0 {
                    let fewer = f64::from(desired - 1);
                    state.scale_in_for = desired;
                    state.scale_in_rps = match metric {
                        Metric::Cpu => fewer * rps_per_instance * target / 100.0,
                        Metric::AlbRequestsPerTarget => fewer * target / 60.0,
                    } * (1.0 + 1e-6)
                        + 1e-9;
                }
                if demand_rps > state.scale_in_rps {
                    return None;
                }
                let value = metric_value(*metric, demand_rps, in_service, rps_per_instance).unwrap_or(0.0);
                let wanted = ceil_u32(n * value / target);
                return (wanted < desired).then_some(wanted);
            }
            None
        }
        PolicyModel::Step { metric, out_threshold, in_threshold, datapoints, steps_out, steps_in } => {
            let value = metric_value(*metric, demand_rps, in_service, rps_per_instance)?;
            if value >= *out_threshold {
                state.high += 1;
                state.low = 0;
            } else if value <= *in_threshold {
                state.low += 1;
                state.high = 0;
            } else {
                state.high = 0;
                state.low = 0;
            }
            if step < state.cooldown_until {
                return None;
            }
            let needed = steps_for(*datapoints);
            if state.high >= needed {
                let breach = value - out_threshold;
                let add = steps_out.iter().rev().find(|(above, _)| breach >= *above).map_or(0, |s| s.1);
                if add > 0 {
                    state.cooldown_until = step + 1 + cooldown_steps;
                    return Some(desired.saturating_add(add));
                }
            } else if state.low >= needed && !steps_in.is_empty() {
                let breach = in_threshold - value;
                let remove = steps_in.iter().rev().find(|(below, _)| breach >= *below).map_or(0, |s| s.1);
                if remove > 0 {
                    state.cooldown_until = step + 1 + cooldown_steps;
                    return Some(desired.saturating_sub(remove));
                }
            }
            None
        }
    }
}

/// Instances that bring the metric to the target at this demand.
#[inline]
pub fn converged(metric: Metric, demand_rps: f64, rps_per_instance: f64, target: f64) -> u32 {
    match metric {
        Metric::Cpu => ceil_u32(demand_rps / (rps_per_instance * target / 100.0)),
        Metric::AlbRequestsPerTarget => ceil_u32(demand_rps * 60.0 / target),
    }
}

/// Overload minutes within a coarse step (an hour) whose demand exceeds the
/// in-service capacity, under target tracking: each round of scale-out takes
/// the high alarm's 3 minutes plus the launch time and multiplies capacity
/// by up to 100 / target (CPU) or reaches the target at once (ALB requests).
/// The whole step when max caps the group short of the demand.
#[allow(clippy::too_many_arguments)]
pub fn overload_within_step(
    metric: Metric,
    target: f64,
    demand_rps: f64,
    in_service: u32,
    max: u32,
    rps_per_instance: f64,
    launch_minutes: u64,
    step_minutes: u64,
) -> u64 {
    let reaction = u64::from(HIGH_ALARM_DATAPOINTS) + launch_minutes;
    let mut n = in_service;
    let mut minutes = 0;
    while f64::from(n) * rps_per_instance < demand_rps {
        if minutes >= step_minutes || n >= max {
            return step_minutes;
        }
        let wanted = match metric {
            // No instance, no CPU datapoint: target tracking cannot scale out.
            Metric::Cpu if n == 0 => return step_minutes,
            Metric::Cpu => ceil_u32(f64::from(n) * 100.0 / target),
            Metric::AlbRequestsPerTarget => converged(metric, demand_rps, rps_per_instance, target),
        };
        n = wanted.max(n + 1).min(max);
        minutes += reaction;
    }
    minutes.min(step_minutes)
}

/// ⌈x⌉ as a count (0 for x ≤ 0), ignoring a float error of 1e-9 above a
/// whole number. Exact integer conversions only (no libm call in the loop).
#[inline]
pub fn ceil_u32(x: f64) -> u32 {
    let x = x - 1e-9;
    if x <= 0.0 {
        0
    } else if x >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        let whole = x as u32;
        if f64::from(whole) < x {
            whole + 1
        } else {
            whole
        }
    }
}
