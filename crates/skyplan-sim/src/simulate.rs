//! One scaling group against a demand series, step by step (1 minute, or 60).
//!
//! Per step, in order: the policy's decision of the previous step takes
//! effect (instances launch or terminate); scheduled actions due in the step
//! fire; launched instances whose launch time has passed go in service;
//! spot interruptions happen; the in-service instances serve the demand
//! (what exceeds their capacity is overload); the policy evaluates the
//! step's metric.
//!
//! - An instance is billed from its launch (pending) to its termination, per
//!   second, as EC2 Linux is; it serves traffic once in service
//!   (`launch_seconds` after launch). The health-check grace period only
//!   delays health checks of new instances; no instance fails them here, so
//!   it changes nothing.
//! - min and max bound every change of desired capacity; a scheduled action
//!   that raises min above desired raises desired, one that lowers max below
//!   it lowers desired (AWS: <https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html>);
//!   an action that would put min above max fails in AWS and is skipped here
//!   (counted in `refused_scheduled_actions`).
//! - Scale-in terminates the newest instances first: pending ones, then
//!   warming ones.
//! - Spot: `on_demand_base` instances on demand, then `spot_percent` of the
//!   rest on spot, rounded down (mixed instances policy:
//!   <https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-mixed-instances-groups.html>).
//!   Interruptions are a Poisson process: each spot instance is interrupted
//!   at the monthly rate of its type's Spot Advisor band (the band's midpoint,
//!   25 % for ">20%"). An interrupted instance leaves service at once and its
//!   replacement launches then; it serves after the launch time, and the
//!   missing capacity shows as overload.
//! - A part-time environment runs its hours from 08:00 on its first
//!   `days_per_week` days (Monday first); outside them the group is at 0 and
//!   its demand is not counted.

use crate::policy::{decide, overload_within_step, PolicyModel, PolicyState};
use crate::rng::Rng;
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq)]
pub struct GroupModel {
    /// `web`, `platform/general`.
    pub key: String,
    pub min: u32,
    pub max: u32,
    pub desired: u32,
    /// Environment requests per second one instance serves at 100 % CPU
    /// (the instance's own rate divided by the group's traffic share).
    pub rps_per_instance: f64,
    pub launch_seconds: u32,
    pub warmup_seconds: u32,
    pub cooldown_seconds: u32,
    pub policy: PolicyModel,
    /// Sorted by minute of the week.
    pub scheduled: Vec<ScheduledEvent>,
    pub on_demand_base: u32,
    pub spot_percent: u32,
    /// Interruptions per spot instance per month (730 h).
    pub interruptions_per_month: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScheduledEvent {
    pub minute_of_week: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub desired: Option<u32>,
}

impl GroupModel {
    /// Spot instances among `running`.
    #[inline]
    pub fn spot_count(&self, running: u32) -> u32 {
        if running <= self.on_demand_base || self.spot_percent == 0 {
            0
        } else {
            ((u64::from(running - self.on_demand_base) * u64::from(self.spot_percent)) / 100) as u32
        }
    }
}

/// What to keep besides the totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Record {
    /// Billed instance-minutes per clock hour (for the commitment optimizer).
    pub hours: bool,
    /// Every step's instance counts (for tests and charts).
    pub trace: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TraceStep {
    pub desired: u32,
    /// Launched and not terminated: pending + in service.
    pub running: u32,
    pub in_service: u32,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupRun {
    pub overload_minutes: u64,
    /// Minutes the group ran (the environment's hours).
    pub active_minutes: u64,
    /// Σ demand × step minutes (requests per second × minutes).
    pub demand_rps_minutes: f64,
    /// Σ min(demand, capacity) × step minutes.
    pub served_rps_minutes: f64,
    /// Σ capacity × step minutes.
    pub capacity_rps_minutes: f64,
    /// Highest utilisation of a step, 0 to 1.
    pub peak_utilization: f64,
    pub on_demand_minutes: u64,
    pub spot_minutes: u64,
    pub interruptions: u32,
    /// Scheduled actions AWS would refuse (min above max) and that were skipped.
    pub refused_scheduled_actions: u32,
    pub fewest_running: u32,
    pub most_running: u32,
    pub on_demand_minutes_by_hour: Vec<u32>,
    pub spot_minutes_by_hour: Vec<u32>,
    pub trace: Vec<TraceStep>,
}

struct Fleet {
    running: u32,
    /// (in-service step, count), in launch order.
    pending: VecDeque<(u64, u32)>,
    pending_count: u32,
    /// (warm step, count), in launch order.
    warming: VecDeque<(u64, u32)>,
    warming_count: u32,
}

impl Fleet {
    fn launch(&mut self, count: u32, ready: u64, warm: u64) {
        if count == 0 {
            return;
        }
        self.running += count;
        self.pending.push_back((ready, count));
        self.pending_count += count;
        self.warming.push_back((warm, count));
        self.warming_count += count;
    }

    /// Terminates the `count` newest instances.
    fn terminate(&mut self, count: u32) {
        let count = count.min(self.running);
        self.running -= count;
        take_newest(&mut self.pending, &mut self.pending_count, count);
        take_newest(&mut self.warming, &mut self.warming_count, count);
    }

    fn clear(&mut self) {
        self.running = 0;
        self.pending.clear();
        self.pending_count = 0;
        self.warming.clear();
        self.warming_count = 0;
    }
}

fn take_newest(queue: &mut VecDeque<(u64, u32)>, total: &mut u32, mut count: u32) {
    while count > 0 {
        let Some(back) = queue.back_mut() else { break };
        let take = back.1.min(count);
        back.1 -= take;
        *total -= take;
        count -= take;
        if back.1 == 0 {
            queue.pop_back();
        }
    }
}

fn steps_of(seconds: u32, step_minutes: u32) -> u64 {
    u64::from(seconds.div_ceil(60 * step_minutes))
}

/// Simulates `group` over `demand` (environment requests per second per step).
/// `on[h]` says whether the environment runs in hour `h` of the week. A step
/// is 1 minute or a divisor of 60 (the Monte Carlo runs use 60).
///
/// The loop runs hour by hour over the precomputed demand, keeping its sums
/// in locals and comparing the metric without dividing, so a year at
/// 1-minute steps stays in the low milliseconds per group.
pub fn run(group: &GroupModel, demand: &[f64], step_minutes: u32, on: &[bool; 168], rng: &mut Rng, record: Record) -> GroupRun {
    let step_minutes = step_minutes.clamp(1, 60);
    let dt = u64::from(step_minutes);
    // At hourly steps a launch shorter than the step completes within it: the
    // instance serves in its launch step, and the minutes it took count as
    // overload if the step needed it (`fresh`).
    let coarse = dt >= 60;
    let (launch, warmup) = if coarse {
        (u64::from(group.launch_seconds) / (60 * dt), u64::from(group.warmup_seconds) / (60 * dt))
    } else {
        (steps_of(group.launch_seconds, step_minutes), steps_of(group.warmup_seconds, step_minutes))
    };
    let warmup = warmup.max(launch);
    let cooldown = steps_of(group.cooldown_seconds, step_minutes);
    let launch_minutes = u64::from(group.launch_seconds.div_ceil(60));
    let hazard = group.interruptions_per_month * dt as f64 / f64::from(crate::traffic::MINUTES_PER_MONTH);
    let mut threshold = if hazard > 0.0 { rng.exponential() } else { f64::INFINITY };
    let mut accumulated = 0.0;
    let rps_per_instance = group.rps_per_instance;

    let steps_per_hour = (60 / step_minutes) as usize;
    let hours = demand.len().div_ceil(steps_per_hour);
    let mut out = GroupRun::default();
    if record.hours {
        out.on_demand_minutes_by_hour = vec![0; hours];
        out.spot_minutes_by_hour = vec![0; hours];
    }
    if record.trace {
        out.trace.reserve(demand.len());
    }
    let mut overload = 0u64;
    let mut active_steps = 0u64;
    let mut demand_sum = 0.0f64;
    // Σ max(0, demand − capacity) over the overloaded steps; Σ in service.
    let mut unserved_sum = 0.0f64;
    let mut in_service_steps = 0u64;
    let mut peak = 0.0f64;
    let (mut stretch_of, mut stretch_max, mut stretch_capacity) = (u32::MAX, 0.0f64, 0.0f64);
    let mut spot_of = u32::MAX;
    let mut spot = 0u32;
    let mut on_demand_steps = 0u64;
    let mut spot_steps = 0u64;
    let mut fewest = u32::MAX;
    let mut most = 0u32;

    let (mut min, mut max) = (group.min, group.max);
    let mut desired = group.desired.clamp(min, max);
    let mut fleet = Fleet { running: 0, pending: VecDeque::new(), pending_count: 0, warming: VecDeque::new(), warming_count: 0 };
    let mut policy = PolicyState::default();
    let mut decision: Option<u32> = None;
    let mut was_on = false;
    let week = u64::from(crate::traffic::MINUTES_PER_WEEK);
    let mut event = 0usize;
    let mut event_week = 0u64;
    let mut hour_of_week = 0usize;
    let (tracking, scale_in) = match &group.policy {
        PolicyModel::TargetTracking { scale_in, .. } => (true, *scale_in),
        _ => (false, false),
    };
    let steady_policy = !coarse && !matches!(group.policy, PolicyModel::Step { .. });
    let high_needed = crate::policy::HIGH_ALARM_DATAPOINTS.div_ceil(step_minutes).max(1);
    let low_needed = crate::policy::LOW_ALARM_DATAPOINTS.div_ceil(step_minutes).max(1);

    for (hour, chunk) in demand.chunks(steps_per_hour).enumerate() {
        let is_on = on[hour_of_week];
        hour_of_week = if hour_of_week == 167 { 0 } else { hour_of_week + 1 };
        let hour_start = hour as u64 * 60;
        let event_due = !group.scheduled.is_empty()
            && event_week + u64::from(group.scheduled[event].minute_of_week) < hour_start + 60;
        if !is_on && !was_on && !event_due && !record.trace {
            continue;
        }
        let mut hour_on_demand = 0u32;
        let mut hour_spot = 0u32;
        let mut next = 0usize;
        while next < chunk.len() {
            // Fast path: a steady fleet (nothing pending, warming, decided or
            // scheduled) under target tracking or no policy. Each step only
            // counts the alarms' datapoints and adds up; a step that would
            // change anything (an alarm acting, overload, an interruption)
            // leaves it for the full step below, state untouched.
            if steady_policy
                && is_on
                && was_on
                && !event_due
                && decision.is_none()
                && fleet.pending_count == 0
                && fleet.warming_count == 0
                && desired == fleet.running
                && stretch_of == fleet.running
                && spot_of == fleet.running
                && (!tracking || (fleet.running > 0 && policy.thresholds_for == fleet.running))
            {
                let n = fleet.running;
                let capacity = f64::from(n) * rps_per_instance;
                let spot_rate = hazard * f64::from(spot);
                let scale_in_known = policy.scale_in_for == desired;
                let can_scale_in = scale_in && desired > policy.min;
                let start = next;
                while next < chunk.len() {
                    let rps = chunk[next];
                    let high = (policy.high + 1) * u32::from(rps > policy.high_rps);
                    let low = (policy.low + 1) * u32::from(rps < policy.low_rps);
                    let accumulated_next = accumulated + spot_rate;
                    let acts = tracking
                        && (high >= high_needed || (low >= low_needed && can_scale_in && (!scale_in_known || rps <= policy.scale_in_rps)));
                    if rps > capacity || acts || accumulated_next >= threshold {
                        break;
                    }
                    if tracking {
                        policy.high = high;
                        policy.low = low;
                    }
                    accumulated = accumulated_next;
                    demand_sum += rps;
                    stretch_max = stretch_max.max(rps);
                    if record.trace {
                        out.trace.push(TraceStep { desired, running: n, in_service: n, min, max });
                    }
                    next += 1;
                }
                let count = (next - start) as u32;
                let on_demand = n - spot;
                in_service_steps += u64::from(n) * u64::from(count);
                on_demand_steps += u64::from(on_demand) * u64::from(count);
                spot_steps += u64::from(spot) * u64::from(count);
                hour_on_demand += on_demand * count;
                hour_spot += spot * count;
                active_steps += u64::from(count);
                if next == chunk.len() {
                    break;
                }
            }
            let i = next;
            next += 1;
            let rps = chunk[i];
            let s = (hour * steps_per_hour + i) as u64;
            let t = s * dt;

            // Scheduled actions due in [t, t + dt).
            if event_due {
                loop {
                    let e = group.scheduled[event];
                    let at = event_week + u64::from(e.minute_of_week);
                    if at >= t + dt {
                        break;
                    }
                    if at >= t {
                        let new_min = e.min.unwrap_or(min);
                        let new_max = e.max.unwrap_or(max);
                        // AWS refuses an action that would put min above max.
                        if new_min <= new_max {
                            min = new_min;
                            max = new_max;
                            if let Some(v) = e.desired {
                                desired = v;
                            }
                            desired = desired.clamp(min, max);
                            decision = None;
                        } else {
                            out.refused_scheduled_actions += 1;
                        }
                    }
                    event += 1;
                    if event == group.scheduled.len() {
                        event = 0;
                        event_week += week;
                    }
                }
            }

            if !is_on {
                if was_on {
                    fleet.clear();
                    policy = PolicyState::default();
                    decision = None;
                    was_on = false;
                }
                if record.trace {
                    out.trace.push(TraceStep { desired: 0, running: 0, in_service: 0, min, max });
                }
                continue;
            }
            if !was_on {
                if s == 0 {
                    // The simulation starts in a steady state: desired instances in service and warm.
                    fleet.launch(desired, 0, 0);
                } else {
                    desired = group.desired.clamp(min, max);
                }
                was_on = true;
            }
            let mut fresh = 0u32;
            if let Some(wanted) = decision.take() {
                desired = wanted.clamp(min, max);
            }
            if desired > fleet.running {
                if launch == 0 && s > 0 {
                    fresh += desired - fleet.running;
                }
                fleet.launch(desired - fleet.running, s + launch, s + warmup);
            } else if desired < fleet.running {
                fleet.terminate(fleet.running - desired);
            }

            while fleet.pending_count > 0 {
                let Some(&(ready, count)) = fleet.pending.front() else { break };
                if ready > s {
                    break;
                }
                fleet.pending_count -= count;
                fleet.pending.pop_front();
            }
            while fleet.warming_count > 0 {
                let Some(&(warm, count)) = fleet.warming.front() else { break };
                if warm > s {
                    break;
                }
                fleet.warming_count -= count;
                fleet.warming.pop_front();
            }

            if fleet.running != spot_of {
                spot_of = fleet.running;
                spot = group.spot_count(spot_of);
            }
            if hazard > 0.0 && spot > 0 {
                accumulated += hazard * f64::from(spot);
                while accumulated >= threshold {
                    accumulated -= threshold;
                    threshold = rng.exponential();
                    if fleet.running > fleet.pending_count {
                        // The interrupted instance's replacement: pending from now.
                        fleet.terminate_in_service_one();
                        fleet.launch(1, s + launch, s + warmup);
                        out.interruptions += 1;
                        if launch == 0 {
                            fresh += 1;
                        }
                    }
                }
            }

            let in_service = fleet.running - fleet.pending_count;
            let capacity = f64::from(in_service) * rps_per_instance;
            if in_service != stretch_of {
                fold_peak(&mut peak, stretch_max, stretch_capacity);
                (stretch_of, stretch_max, stretch_capacity) = (in_service, 0.0, capacity);
            }
            if rps > capacity {
                overload += match (&group.policy, coarse) {
                    (PolicyModel::TargetTracking { metric, target, .. }, true) => {
                        overload_within_step(*metric, *target, rps, in_service, max, rps_per_instance, launch_minutes, dt)
                    }
                    _ => dt,
                };
                peak = 1.0;
                unserved_sum += rps - capacity;
            } else {
                if fresh > 0 && rps > f64::from(in_service.saturating_sub(fresh)) * rps_per_instance {
                    overload += launch_minutes.min(dt);
                }
                // The highest demand while this many instances serve: the
                // peak utilisation is folded in when the number changes, so
                // the loop carries a max, not a ratio.
                stretch_max = stretch_max.max(rps);
            }
            demand_sum += rps;
            in_service_steps += u64::from(in_service);
            let on_demand = fleet.running - spot;
            on_demand_steps += u64::from(on_demand);
            spot_steps += u64::from(spot);
            hour_on_demand += on_demand;
            hour_spot += spot;
            active_steps += 1;
            fewest = fewest.min(fleet.running);
            most = most.max(fleet.running);
            if record.trace {
                out.trace.push(TraceStep { desired, running: fleet.running, in_service, min, max });
            }

            policy.min = min;
            policy.max = max;
            decision = decide(
                &group.policy,
                &mut policy,
                s,
                step_minutes,
                cooldown,
                rps,
                in_service,
                fleet.warming_count,
                desired,
                rps_per_instance,
            );
        }
        if record.hours {
            out.on_demand_minutes_by_hour[hour] = hour_on_demand * step_minutes;
            out.spot_minutes_by_hour[hour] = hour_spot * step_minutes;
        }
    }
    let dtf = dt as f64;
    out.overload_minutes = overload;
    out.active_minutes = active_steps * dt;
    out.demand_rps_minutes = demand_sum * dtf;
    out.served_rps_minutes = (demand_sum - unserved_sum) * dtf;
    out.capacity_rps_minutes = in_service_steps as f64 * rps_per_instance * dtf;
    fold_peak(&mut peak, stretch_max, stretch_capacity);
    out.peak_utilization = peak;
    out.on_demand_minutes = on_demand_steps * dt;
    out.spot_minutes = spot_steps * dt;
    out.fewest_running = if fewest == u32::MAX { 0 } else { fewest };
    out.most_running = most;
    out
}

fn fold_peak(peak: &mut f64, max_demand: f64, capacity: f64) {
    if max_demand > 0.0 {
        *peak = peak.max(if capacity > 0.0 { (max_demand / capacity).min(1.0) } else { 1.0 });
    }
}

impl Fleet {
    /// Terminates one in-service instance (the oldest: it does not change
    /// which launches are pending or warming).
    fn terminate_in_service_one(&mut self) {
        self.running -= 1;
        // A warm instance if there is one; else the oldest warming one.
        if self.running < self.warming_count {
            if let Some(front) = self.warming.front_mut() {
                front.1 -= 1;
                self.warming_count -= 1;
                if front.1 == 0 {
                    self.warming.pop_front();
                }
            }
        }
    }
}
