//! Hand-checked scaling: each expected minute is worked out in the comments
//! from AWS's documented semantics (see `policy.rs`).

use skyplan_core::model::simulation::Metric;
use skyplan_sim::policy::PolicyModel;
use skyplan_sim::rng::Rng;
use skyplan_sim::simulate::{run, GroupModel, GroupRun, Record, ScheduledEvent};

fn group(policy: PolicyModel) -> GroupModel {
    GroupModel {
        key: "web".into(),
        min: 2,
        max: 10,
        desired: 2,
        rps_per_instance: 100.0,
        launch_seconds: 120,
        warmup_seconds: 300,
        cooldown_seconds: 300,
        policy,
        scheduled: Vec::new(),
        on_demand_base: 0,
        spot_percent: 0,
        interruptions_per_month: 0.0,
    }
}

fn cpu70() -> PolicyModel {
    PolicyModel::TargetTracking { metric: Metric::Cpu, target: 70.0, scale_in: true }
}

fn simulate(group: &GroupModel, demand: &[f64]) -> GroupRun {
    run(group, demand, 1, &[true; 168], &mut Rng::new(1), Record { hours: true, trace: true })
}

#[test]
fn a_step_in_traffic_scales_out_when_aws_would() {
    // 100 rps (2 instances at 50 % CPU) until minute 60, then 300 rps until 120, then 100 again.
    let demand: Vec<f64> = (0..300).map(|m| if (60..120).contains(&m) { 300.0 } else { 100.0 }).collect();
    let r = simulate(&group(cpu70()), &demand);
    let desired: Vec<u32> = r.trace.iter().map(|t| t.desired).collect();
    let in_service: Vec<u32> = r.trace.iter().map(|t| t.in_service).collect();
    // Minutes 60, 61, 62: CPU 100 % (capped) > 70 → the high alarm's 3rd
    // datapoint is minute 62; the activity starts at minute 63:
    // ⌈2 × 100 / 70⌉ = 3 instances.
    assert_eq!(desired[62], 2);
    assert_eq!(desired[63], 3);
    // Launch time 120 s: in service from minute 65.
    assert_eq!(in_service[64], 2);
    assert_eq!(in_service[65], 3);
    // Minute 65: 300 rps on 3 → still 100 % (alarm still in ALARM) →
    // ⌈3 × 100 / 70⌉ = 5 from minute 66, in service from 68.
    assert_eq!(desired[65], 3);
    assert_eq!(desired[66], 5);
    assert_eq!(in_service[67], 3);
    assert_eq!(in_service[68], 5);
    // 5 × 100 rps at 300 rps is 60 % CPU, under the low alarm's threshold
    // (90 % of 70 = 63) from minute 68: the low alarm is in ALARM after 15
    // datapoints (68–82), but ⌈5 × 60 / 70⌉ = 5 removes nothing.
    assert!(desired[66..=120].iter().all(|&d| d == 5));
    // Overload: minutes 60–64 (300 rps on 200 rps of capacity).
    assert_eq!(r.overload_minutes, 5);
    // Back to 100 rps at minute 120: the low alarm is still in ALARM and
    // nothing is warming (warm at 66 + 5), so ⌈5 × 20 / 70⌉ = 2 from minute 121.
    assert_eq!(desired[121], 2);
    assert!(desired[121..].iter().all(|&d| d == 2));
    // Billing: 2 instances for 63 minutes, 3 for 3, 5 for 55, 2 for 179.
    assert_eq!(r.on_demand_minutes, 2 * 63 + 3 * 3 + 5 * 55 + 2 * 179);
    assert_eq!(r.on_demand_minutes_by_hour.iter().map(|&m| u64::from(m)).sum::<u64>(), r.on_demand_minutes);
}

#[test]
fn alb_requests_per_target_scales_proportionally_without_a_cap() {
    // Target 1000 requests per target per minute; 2 instances; 100 rps = 3000/min per target.
    let policy = PolicyModel::TargetTracking { metric: Metric::AlbRequestsPerTarget, target: 1000.0, scale_in: false };
    let mut g = group(policy);
    g.rps_per_instance = 1000.0;
    let demand = vec![100.0; 30];
    let r = simulate(&g, &demand);
    // Minutes 0–2 breach → ⌈2 × 3000 / 1000⌉ = 6 from minute 3.
    assert_eq!(r.trace[2].desired, 2);
    assert_eq!(r.trace[3].desired, 6);
    assert_eq!(r.trace[29].desired, 6);
}

#[test]
fn scheduled_actions_fire_at_their_times() {
    // min 4 at 08:00 on weekdays, min 2 at 20:00 daily; 50 rps keeps CPU low,
    // so target tracking brings the group down to min when it can.
    let mut g = group(cpu70());
    let mut scheduled = Vec::new();
    for day in 0..7u32 {
        if day < 5 {
            scheduled.push(ScheduledEvent { minute_of_week: day * 1440 + 8 * 60, min: Some(4), max: None, desired: None });
        }
        scheduled.push(ScheduledEvent { minute_of_week: day * 1440 + 20 * 60, min: Some(2), max: None, desired: None });
    }
    scheduled.sort_by_key(|e| e.minute_of_week);
    g.scheduled = scheduled;
    let demand = vec![50.0; 8 * 1440];
    let r = simulate(&g, &demand);
    let t = &r.trace;
    // Monday 08:00 (minute 480): min 4 raises desired to 4 at that minute; in service 2 minutes later.
    assert_eq!((t[479].min, t[479].desired), (2, 2));
    assert_eq!((t[480].min, t[480].desired), (4, 4));
    assert_eq!(t[482].in_service, 4);
    // Monday 20:00 (minute 1200): min back to 2; the low alarm has long been
    // in ALARM, so the policy's next evaluation (end of 1200) scales in at 1201.
    assert_eq!((t[1200].min, t[1200].desired), (2, 4));
    assert_eq!(t[1201].desired, 2);
    // Friday 08:00 fires, Saturday 08:00 does not.
    assert_eq!(t[4 * 1440 + 480].desired, 4);
    assert_eq!(t[5 * 1440 + 480].desired, 2);
    // And the week repeats: the next Monday 08:00.
    assert_eq!(t[7 * 1440 + 480].desired, 4);
    // min and max are never crossed.
    assert!(t.iter().all(|s| s.min <= s.desired && s.desired <= s.max && s.running == s.desired));
}

#[test]
fn max_caps_scale_out_and_the_overload_shows() {
    let mut g = group(cpu70());
    g.max = 4;
    let demand = vec![2000.0; 120];
    let r = simulate(&g, &demand);
    assert!(r.trace.iter().all(|s| s.running <= 4));
    assert_eq!(r.most_running, 4);
    assert_eq!(r.overload_minutes, 120);
}

#[test]
fn step_scaling_with_cooldown() {
    let policy = PolicyModel::Step {
        metric: Metric::Cpu,
        out_threshold: 70.0,
        in_threshold: 30.0,
        datapoints: 3,
        steps_out: vec![(0.0, 1), (20.0, 3)],
        steps_in: vec![(0.0, 1)],
    };
    // 160 rps on 2 × 100: CPU 80 % → breach of 10 → +1 after 3 datapoints (minute 3).
    let demand = vec![160.0; 30];
    let r = simulate(&group(policy), &demand);
    assert_eq!(r.trace[2].desired, 2);
    assert_eq!(r.trace[3].desired, 3);
    // 3 instances: 53 % → between thresholds; nothing else happens.
    assert_eq!(r.trace[29].desired, 3);
}

#[test]
fn spot_interruptions_cost_capacity_until_the_replacement_serves() {
    let mut g = group(PolicyModel::None);
    g.desired = 10;
    g.spot_percent = 100;
    // An absurd rate so the month sees many interruptions.
    g.interruptions_per_month = 100.0;
    let demand = vec![1000.0; 43_800];
    let r = run(&g, &demand, 1, &[true; 168], &mut Rng::new(7), Record::default());
    assert!(r.interruptions > 500, "{}", r.interruptions);
    // Each interruption loses an instance for 2 minutes (the launch time) at full load.
    assert!(r.overload_minutes >= u64::from(r.interruptions), "{} {}", r.overload_minutes, r.interruptions);
    assert_eq!(r.spot_minutes, 10 * 43_800);
}

#[test]
fn a_part_time_environment_runs_its_hours_only() {
    let on = skyplan_sim::running_hours(skyplan_core::model::Schedule { hours_per_day: 10, days_per_week: 5 });
    let g = group(PolicyModel::None);
    let demand = vec![100.0; 7 * 1440];
    let r = run(&g, &demand, 1, &on, &mut Rng::new(1), Record { hours: true, trace: true });
    // 50 hours a week × 2 instances; at 08:00 the group launches, so the first 2 minutes of each day are overloaded.
    assert_eq!(r.on_demand_minutes, 2 * 50 * 60);
    assert_eq!(r.overload_minutes, 5 * 2);
    assert_eq!(r.trace[7 * 60].running, 0);
}
