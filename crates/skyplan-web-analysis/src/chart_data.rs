//! What the Simulate view's charts draw, prepared from a traced run without
//! Leptos or the browser, so it is tested natively: week slicing,
//! downsampling to the canvas's width, the Monte Carlo band as trials
//! accumulate, and each group's purchase mix. Amounts become `f64` here only
//! to be drawn; the tables show the `Decimal`s.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use skyplan_sim::{MonteCarlo, SimulationReport, Traces};
use std::ops::Range;

pub const MINUTES_PER_WEEK: usize = 7 * 24 * 60;
const MINUTES_PER_DAY: f64 = 1440.0;

/// Weeks a run spans; a partial last week counts (a month of 730 h is 5).
pub fn weeks(steps: usize, step_minutes: u32) -> u32 {
    let minutes = steps * step_minutes.max(1) as usize;
    minutes.div_ceil(MINUTES_PER_WEEK) as u32
}

/// The steps of week `week` (from 0; the run starts on a Monday at 00:00),
/// the last week when `week` is past the end.
pub fn week_range(steps: usize, step_minutes: u32, week: u32) -> Range<usize> {
    let per_week = MINUTES_PER_WEEK / step_minutes.clamp(1, 60) as usize;
    let last = weeks(steps, step_minutes).saturating_sub(1);
    let start = (week.min(last) as usize * per_week).min(steps);
    start..(start + per_week).min(steps)
}

/// The lowest and highest value of a run of consecutive steps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    /// Index of the bucket's first value.
    pub start: usize,
    pub min: f64,
    pub max: f64,
}

/// `values` in at most `buckets` runs of equal length (the last may be
/// shorter), each kept as its lowest and highest value, so that a peak of one
/// minute still shows in a chart a few hundred pixels wide.
pub fn envelope(values: impl ExactSizeIterator<Item = f64>, buckets: usize) -> Vec<Bucket> {
    let len = values.len();
    if len == 0 || buckets == 0 {
        return Vec::new();
    }
    let size = len.div_ceil(buckets);
    let mut out: Vec<Bucket> = Vec::with_capacity(len.div_ceil(size));
    for (i, v) in values.enumerate() {
        if i % size == 0 {
            out.push(Bucket { start: i, min: v, max: v });
        } else if let Some(b) = out.last_mut() {
            b.min = b.min.min(v);
            b.max = b.max.max(v);
        }
    }
    out
}

/// A line: (x, y) points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// One group's demand against its capacity over one week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekChart {
    pub group: String,
    pub week: u32,
    /// x: hours from the week's Monday 00:00; y: the highest demand of each
    /// point's minutes (requests per second reaching the group).
    pub demand: Vec<(f64, f64)>,
    /// y: the lowest capacity of each point's minutes (in-service instances ×
    /// requests per second one serves at 100 % CPU).
    pub capacity: Vec<(f64, f64)>,
    /// Hours the week spans (168, or less for a period's last partial week).
    pub hours: f64,
    /// Minutes of the week in which demand exceeded capacity.
    pub overload_minutes: u64,
}

/// Demand vs capacity of group `group` in week `week`, in at most `points` points.
pub fn week_chart(traces: &Traces, group: usize, week: u32, points: usize) -> Option<WeekChart> {
    let trace = traces.groups.get(group)?;
    let step = traces.step_minutes.clamp(1, 60);
    let range = week_range(traces.demand.len(), step, week);
    let first_week = (range.start * step as usize / MINUTES_PER_WEEK) as u32;
    let demand = &traces.demand[range.clone()];
    let in_service = &trace.in_service[range.clone()];
    let share = trace.traffic_share;
    let capacity_of = |n: u32| f64::from(n) * trace.rps_per_instance;
    // The simulation compares environment demand with capacity ÷ share; the
    // same comparison, in the group's requests.
    let overload_steps = demand.iter().zip(in_service).filter(|(&d, &n)| d * share > capacity_of(n)).count() as u64;
    let hour_of = |i: usize| (i * step as usize) as f64 / 60.0;
    let demand_points = envelope(demand.iter().map(|d| d * share), points).into_iter().map(|b| (hour_of(b.start), b.max)).collect();
    let capacity_points = envelope(in_service.iter().map(|&n| capacity_of(n)), points).into_iter().map(|b| (hour_of(b.start), b.min)).collect();
    Some(WeekChart {
        group: trace.key.clone(),
        week: first_week,
        demand: demand_points,
        capacity: capacity_points,
        hours: hour_of(range.len()),
        overload_minutes: overload_steps * u64::from(step),
    })
}

/// Each group's billed instances over the whole run: x in days, y the most
/// instances running within each point's steps.
pub fn instances_over_time(traces: &Traces, points: usize) -> Vec<Series> {
    let step = traces.step_minutes.clamp(1, 60) as f64;
    traces
        .groups
        .iter()
        .map(|g| Series {
            label: g.key.clone(),
            points: envelope(g.running.iter().map(|&n| f64::from(n)), points).into_iter().map(|b| (b.start as f64 * step / MINUTES_PER_DAY, b.max)).collect(),
        })
        .collect()
}

/// The Monte Carlo monthly-cost band after some number of trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    pub trials: u32,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
}

/// The band after a chunk of trials; none when a price is missing.
pub fn band_point(bands: &MonteCarlo) -> Option<BandPoint> {
    let cost = bands.monthly_cost?;
    Some(BandPoint { trials: bands.trials, p10: to_f64(cost.p10), p50: to_f64(cost.p50), p90: to_f64(cost.p90) })
}

/// One group's monthly cost all on demand, as configured, and with the
/// optimizer's recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct MixBar {
    pub group: String,
    pub all_on_demand: Option<f64>,
    pub configured: Option<f64>,
    pub recommended: Option<f64>,
    /// e.g. `Reserved standard 1 yr no_upfront × 3`, or `on demand`.
    pub recommendation: String,
}

/// Each group's purchase mix, from the report.
pub fn purchase_mix(report: &SimulationReport) -> Vec<MixBar> {
    report
        .groups
        .iter()
        .map(|g| {
            let spot = match (g.spot_hourly, g.spot_instance_hours) {
                (Some(rate), hours) if !hours.is_zero() => Some(rate * hours / Decimal::from(report.period.months())),
                (_, hours) if hours.is_zero() => Some(Decimal::ZERO),
                _ => None,
            };
            let (recommended, recommendation) = match &g.recommendation {
                Some(r) => (
                    spot.map(|s| s + r.monthly),
                    format!(
                        "{}{}",
                        r.option,
                        r.instances.map(|n| format!(" × {n}")).or_else(|| r.hourly_commitment.map(|c| format!(" at ${}/h", c.round_dp(3)))).unwrap_or_default()
                    ),
                ),
                None => (g.monthly_cost, "stay on demand".to_string()),
            };
            MixBar {
                group: g.key.clone(),
                all_on_demand: g.all_on_demand_monthly.map(to_f64),
                configured: g.monthly_cost.map(to_f64),
                recommended: recommended.map(to_f64),
                recommendation,
            }
        })
        .collect()
}

fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A round axis maximum at or above `value`: 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
/// × a power of ten, so the data fills most of the chart.
pub fn nice_ceiling(value: f64) -> f64 {
    if value.is_nan() || value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powi(value.log10().floor() as i32);
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0].into_iter().map(|m| m * magnitude).find(|&c| c >= value * (1.0 - 1e-9)).unwrap_or(10.0 * magnitude)
}

/// `points` as a staircase: each value holds until the next point's x, the
/// last until `end` (capacity and instance counts change in steps).
pub fn step_line(points: &[(f64, f64)], end: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() * 2);
    for (i, &(x, y)) in points.iter().enumerate() {
        let next = points.get(i + 1).map_or(end, |p| p.0);
        out.push((x, y));
        out.push((next, y));
    }
    out
}

/// An axis amount: `$950`, `$1.2k`, `$3k`, `$1.25M`; cents below $10.
pub fn money_label(value: f64) -> String {
    let trim = |s: String| if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    let v = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    if v >= 1e6 {
        format!("{sign}${}M", trim(format!("{:.2}", v / 1e6)))
    } else if v >= 1e3 {
        format!("{sign}${}k", trim(format!("{:.1}", v / 1e3)))
    } else if v >= 10.0 {
        format!("{sign}${v:.0}")
    } else if v == 0.0 {
        "$0".to_string()
    } else {
        format!("{sign}${v:.2}")
    }
}

/// `Mon 08:00` for an hour of the week; `Tue` at midnight.
pub fn weekday_label(hour_of_week: f64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let hour = hour_of_week.max(0.0).round() as usize;
    match hour % 24 {
        0 => DAYS[(hour / 24) % 7].to_string(),
        h => format!("{} {h:02}:00", DAYS[(hour / 24) % 7]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use skyplan_sim::GroupTrace;

    fn traces(demand: Vec<f64>, in_service: Vec<u32>, step_minutes: u32) -> Traces {
        let running = in_service.iter().map(|n| n + 1).collect();
        Traces {
            step_minutes,
            demand,
            groups: vec![GroupTrace { key: "web".into(), component: "Web".into(), traffic_share: 0.5, rps_per_instance: 100.0, in_service, running }],
        }
    }

    #[test]
    fn a_month_spans_five_weeks_and_the_last_is_partial() {
        let month = 730 * 60;
        assert_eq!(weeks(month, 1), 5);
        assert_eq!(weeks(8760, 60), 53);
        assert_eq!(week_range(month, 1, 0), 0..10_080);
        assert_eq!(week_range(month, 1, 4), 40_320..43_800);
        assert_eq!(week_range(month, 1, 9), 40_320..43_800, "past the end: the last week");
        assert_eq!(week_range(730, 60, 1), 168..336);
        assert_eq!(week_range(0, 1, 0), 0..0);
    }

    #[test]
    fn the_envelope_keeps_each_buckets_extremes() {
        let values = [1.0, 9.0, 2.0, 3.0, 0.5, 4.0, 7.0];
        let buckets = envelope(values.into_iter(), 3);
        assert_eq!(
            buckets,
            [Bucket { start: 0, min: 1.0, max: 9.0 }, Bucket { start: 3, min: 0.5, max: 4.0 }, Bucket { start: 6, min: 7.0, max: 7.0 }]
        );
        assert_eq!(envelope(values.into_iter(), 100).len(), 7, "no more points than values");
        assert!(envelope(std::iter::empty::<f64>(), 10).is_empty());
        // A one-minute peak in a week survives 600 points.
        let mut week = vec![10.0; 10_080];
        week[5_000] = 500.0;
        let points = envelope(week.into_iter(), 600);
        assert!(points.len() <= 600);
        assert_eq!(points.iter().map(|b| b.max).fold(0.0, f64::max), 500.0);
    }

    #[test]
    fn a_week_chart_is_in_the_groups_requests_and_counts_its_overload() {
        // Two weeks at hourly steps: the second week's first 3 hours exceed 2 instances.
        let mut demand = vec![200.0; 336];
        let in_service = vec![2; 336];
        for d in &mut demand[168..171] {
            *d = 500.0; // 250 rps reach the group; 2 × 100 serve
        }
        let t = traces(demand, in_service, 60);
        let first = week_chart(&t, 0, 0, 1000).unwrap();
        assert_eq!((first.week, first.overload_minutes, first.hours), (0, 0, 168.0));
        assert_eq!(first.demand[0], (0.0, 100.0));
        assert_eq!(first.capacity[0], (0.0, 200.0));
        let second = week_chart(&t, 0, 1, 1000).unwrap();
        assert_eq!((second.week, second.overload_minutes), (1, 180));
        assert_eq!(second.demand[0], (0.0, 250.0));
        assert_eq!(second.demand.len(), 168);
        let coarse = week_chart(&t, 0, 1, 7).unwrap();
        assert_eq!(coarse.demand.iter().map(|p| p.0).collect::<Vec<_>>(), [0.0, 24.0, 48.0, 72.0, 96.0, 120.0, 144.0]);
        assert_eq!(coarse.demand[0].1, 250.0, "the peak hour sets the day's point");
        assert!(week_chart(&t, 1, 0, 10).is_none(), "no such group");
    }

    #[test]
    fn instances_are_the_most_running_per_point_in_days() {
        let t = traces(vec![1.0; 48], (0..48).map(|h| if h == 30 { 7 } else { 2 }).collect(), 60);
        let series = instances_over_time(&t, 2);
        assert_eq!(series.len(), 1);
        assert_eq!(series[0].label, "web");
        assert_eq!(series[0].points, [(0.0, 3.0), (1.0, 8.0)]);
    }

    #[test]
    fn axis_maxima_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.3), 8.0);
        assert_eq!(nice_ceiling(1700.0), 2000.0);
        assert_eq!(nice_ceiling(1500.0), 1500.0);
        assert_eq!(nice_ceiling(2000.0), 2000.0);
        assert_eq!(nice_ceiling(0.042), 0.05);
        assert_eq!(money_label(950.4), "$950");
        assert_eq!(money_label(1234.0), "$1.2k");
        assert_eq!(money_label(3000.0), "$3k");
        assert_eq!(money_label(1_250_000.0), "$1.25M");
        assert_eq!(money_label(2.5), "$2.50");
        assert_eq!(money_label(0.0), "$0");
        assert_eq!(step_line(&[(0.0, 2.0), (5.0, 3.0)], 8.0), [(0.0, 2.0), (5.0, 2.0), (5.0, 3.0), (8.0, 3.0)]);
        assert_eq!(weekday_label(0.0), "Mon");
        assert_eq!(weekday_label(24.0 * 5.0 + 20.0), "Sat 20:00");
    }

    #[test]
    fn the_purchase_mix_of_saas_3tier_never_recommends_more_than_all_on_demand() {
        let catalog = skyplan_core::Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        let scenario = skyplan_sim::scenario(&plan, "production", &catalog, None).unwrap();
        let (report, traces) = skyplan_sim::simulate_traced(&scenario, skyplan_sim::Options { period: skyplan_sim::Period::Month, seed: 1, step_minutes: 1 });
        let mix = purchase_mix(&report);
        assert_eq!(mix.iter().map(|m| m.group.as_str()).collect::<Vec<_>>(), ["web", "platform/general", "platform/spot"]);
        for bar in &mix {
            let (Some(all), Some(recommended)) = (bar.all_on_demand, bar.recommended) else { panic!("{bar:?} is priced") };
            assert!(recommended <= all + 1e-6, "{bar:?}");
        }
        let web = week_chart(&traces, 0, 1, 600).unwrap();
        assert!(web.demand.len() <= 600 && web.capacity.len() == web.demand.len());
        // Business hours: Monday 03:00 is quieter than Tuesday 14:00.
        let at = |h: f64| web.demand.iter().find(|p| p.0 >= h).unwrap().1;
        assert!(at(3.0) < at(24.0 + 14.0));
        let instances = instances_over_time(&traces, 500);
        for (series, group) in instances.iter().zip(&report.groups) {
            assert!(series.points.len() <= 500);
            assert_eq!(series.points.iter().map(|p| p.1).fold(0.0, f64::max), f64::from(group.most_instances), "{}", group.key);
        }
    }
}
