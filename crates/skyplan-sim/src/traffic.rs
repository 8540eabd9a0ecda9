//! Traffic: requests per second reaching an environment, one value per step
//! (a step is 1 minute, or 60 for the hourly Monte Carlo runs).
//!
//! demand(t) = base × shape(hour of week) × growth(t) × noise(t) × spikes(t),
//! or a user series (CSV of timestamp, requests per second) in place of
//! base × shape × growth. Time 0 is a Monday 00:00 UTC.
//!
//! - shape: an hour-of-week factor in (0, 1], see [`shape_factor`].
//! - growth: (1 + g)^(t / 730 h), compounded monthly, evaluated per hour with
//!   `libm::pow`.
//! - noise: multiplicative, 1 + x(t) with x an AR(1) process of standard
//!   deviation σ = `noise_percent` / 100, correlation 0.9 from one minute to the
//!   next (0.9^60 ≈ 0 between hours), triangular innovations; clamped at 0.
//! - spikes: × `multiplier` for `duration_minutes`, at a fixed minute (repeated
//!   as the simulation repeats nothing: once) or `per_month` at uniformly
//!   random minutes; a step partly inside a spike gets the overlapping share.

use crate::rng::Rng;
use skyplan_core::model::simulation::{Shape, Spike};

pub const MINUTES_PER_WEEK: u32 = 7 * 24 * 60;
pub const MINUTES_PER_MONTH: u32 = 730 * 60;

/// Traffic in simulation units (floats), built once per scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficModel {
    pub base_rps: f64,
    pub shape: Shape,
    /// Per month, as a fraction (0.02 = 2 %).
    pub monthly_growth: f64,
    /// Standard deviation of the multiplicative noise, as a fraction.
    pub noise: f64,
    pub spikes: Vec<SpikeModel>,
    /// A user series, requests per second per minute from its first timestamp;
    /// repeated when shorter than the simulation.
    pub series: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpikeModel {
    pub multiplier: f64,
    pub duration_minutes: u32,
    pub at: SpikeAt,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpikeAt {
    Minute(u32),
    PerMonth(u32),
}

impl SpikeModel {
    pub fn from_plan(spike: &Spike) -> SpikeModel {
        SpikeModel {
            multiplier: crate::to_f64(spike.multiplier.get()),
            duration_minutes: spike.duration_minutes,
            at: match (spike.at_minute, spike.per_month) {
                (Some(minute), _) => SpikeAt::Minute(minute),
                (None, n) => SpikeAt::PerMonth(n.unwrap_or(0)),
            },
        }
    }
}

/// The hour-of-week factor of a shape (hour 0 = Monday 00:00–01:00 UTC).
///
/// - flat: 1.
/// - business_hours: weekdays 08–18 1, 06–08 and 18–20 0.6, otherwise (and
///   weekends) 0.25.
/// - evening_peak: every day 18–23 1, 07–18 0.6, 23–07 0.2.
/// - weekend_dip: weekdays 07–23 1, nights 0.6; weekends half of that.
pub fn shape_factor(shape: Shape, hour_of_week: u32) -> f64 {
    let day = hour_of_week / 24;
    let hour = hour_of_week % 24;
    let weekday = day < 5;
    match shape {
        Shape::Flat => 1.0,
        Shape::BusinessHours => match (weekday, hour) {
            (true, 8..=17) => 1.0,
            (true, 6..=7 | 18..=19) => 0.6,
            _ => 0.25,
        },
        Shape::EveningPeak => match hour {
            18..=22 => 1.0,
            7..=17 => 0.6,
            _ => 0.2,
        },
        Shape::WeekendDip => {
            let daily = if (7..=22).contains(&hour) { 1.0 } else { 0.6 };
            if weekday {
                daily
            } else {
                daily * 0.5
            }
        }
    }
}

/// Demand, requests per second, for `steps` steps of `step_minutes` into `out`
/// (cleared first, so a Monte Carlo run reuses one buffer).
pub fn demand_into(model: &TrafficModel, steps: usize, step_minutes: u32, rng: &mut Rng, out: &mut Vec<f64>) {
    base_into(model, steps, step_minutes, out);
    perturb(model, step_minutes, rng, out);
}

/// The deterministic part of the demand: base × shape × growth, or the series.
pub fn base_into(model: &TrafficModel, steps: usize, step_minutes: u32, out: &mut Vec<f64>) {
    out.clear();
    out.reserve(steps);
    let dt = step_minutes;
    let steps_per_hour = (60 / dt).max(1) as usize;
    let hours = steps.div_ceil(steps_per_hour);
    let growth_per_hour = libm::pow(1.0 + model.monthly_growth, 1.0 / 730.0);
    let mut growth = 1.0;
    // Where each step's middle falls in its hour, 0 to 1 (the same for every hour).
    let positions: Vec<f64> = (0..steps_per_hour as u32).map(|i| (f64::from(i * dt) + f64::from(dt) * 0.5) / 60.0).collect();
    'hours: for hour in 0..hours {
        // The shape moves linearly from this hour's factor (at its start) to
        // the next one's, so traffic ramps as real traffic does; a step takes
        // the value at its middle.
        let this = shape_factor(model.shape, (hour as u32) % (7 * 24));
        let next = shape_factor(model.shape, (hour as u32 + 1) % (7 * 24));
        for (i, position) in positions.iter().enumerate() {
            if out.len() == steps {
                break 'hours;
            }
            let value = match &model.series {
                None => model.base_rps * (this + (next - this) * position) * growth,
                Some(series) => {
                    let minute = (hour * 60 + i * dt as usize) % series.len().max(1);
                    series.get(minute).copied().unwrap_or(0.0) * growth
                }
            };
            out.push(value);
        }
        growth *= growth_per_hour;
    }

}

/// The random part, applied to [`base_into`]'s values in place: noise, then spikes.
pub fn perturb(model: &TrafficModel, step_minutes: u32, rng: &mut Rng, out: &mut [f64]) {
    let dt = step_minutes;
    let steps = out.len();
    if model.noise > 0.0 {
        let rho = if dt >= 60 { 0.0 } else { libm::pow(0.9, f64::from(dt)) };
        let innovation = libm::sqrt(1.0 - rho * rho) * model.noise;
        let mut x = rng.triangular() * model.noise;
        for value in out.iter_mut() {
            *value *= (1.0 + x).max(0.0);
            x = rho * x + innovation * rng.triangular();
        }
    }

    let total_minutes = steps as u64 * u64::from(dt);
    for spike in &model.spikes {
        match spike.at {
            SpikeAt::Minute(start) => apply_spike(out, dt, u64::from(start), spike),
            SpikeAt::PerMonth(per_month) => {
                let count = (u64::from(per_month) * total_minutes).div_ceil(u64::from(MINUTES_PER_MONTH));
                for _ in 0..count {
                    let start = rng.below(total_minutes.max(1));
                    apply_spike(out, dt, start, spike);
                }
            }
        }
    }
}

fn apply_spike(out: &mut [f64], dt: u32, start: u64, spike: &SpikeModel) {
    let dt = u64::from(dt);
    let end = start + u64::from(spike.duration_minutes);
    let first = (start / dt) as usize;
    let last = end.div_ceil(dt) as usize;
    for step in first..last.min(out.len()) {
        let step_start = step as u64 * dt;
        let overlap = end.min(step_start + dt) - start.max(step_start);
        out[step] *= 1.0 + (spike.multiplier - 1.0) * overlap as f64 / dt as f64;
    }
}

/// The headers a traffic CSV may start with.
pub const SERIES_HEADERS: &[&str] = &["timestamp,requests_per_second", "timestamp,rps"];
/// Timestamps from 1970 to the end of 2199: a planning horizon, and a range
/// in which every difference of two fits an `i64` with room to spare.
const LATEST_TIMESTAMP: i64 = 7_258_118_399;
/// A planning bound on requests per second: far above any one
/// architecture's traffic, and small enough that a month of it stays a
/// finite, exact-enough `f64` in every product the simulator forms.
pub const MAX_RPS: f64 = 1e9;

/// Reads a CSV of `timestamp,requests_per_second` (an optional header line,
/// one of [`SERIES_HEADERS`]; timestamps as Unix seconds or
/// `YYYY-MM-DDTHH:MM[:SS][Z]` from 1970 to 2199, increasing; rates from 0 to
/// [`MAX_RPS`]) into requests per second per minute from the first timestamp,
/// each value holding until the next row.
pub fn parse_series(text: &str) -> Result<Vec<f64>, String> {
    let mut rows: Vec<(i64, f64)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((time, rps)) = line.split_once(',') else {
            return Err(format!("line {}: expected \"timestamp,requests_per_second\"", n + 1));
        };
        let (time, rps) = (time.trim(), rps.trim());
        if n == 0 && SERIES_HEADERS.iter().any(|h| line.replace(' ', "").eq_ignore_ascii_case(h)) {
            continue;
        }
        let parsed_time = parse_time(time).filter(|t| (0..=LATEST_TIMESTAMP).contains(t));
        let parsed_rps = rps.parse::<f64>().ok().filter(|v| v.is_finite() && (0.0..=MAX_RPS).contains(v));
        match (parsed_time, parsed_rps) {
            (Some(t), Some(v)) => {
                if let Some(&(previous, _)) = rows.last() {
                    if t <= previous {
                        return Err(format!("line {}: timestamp {time} is not after the previous one", n + 1));
                    }
                }
                rows.push((t, v));
            }
            (None, _) => {
                let shown = shown(time);
                return Err(format!(
                    "line {}: \"{shown}\" is not a timestamp from 1970 to 2199 (Unix seconds or YYYY-MM-DDTHH:MM[:SS]Z){}",
                    n + 1,
                    if n == 0 { format!("; a header line must be \"{}\"", SERIES_HEADERS.join("\" or \"")) } else { String::new() }
                ));
            }
            (_, None) => {
                let shown = shown(rps);
                return Err(format!("line {}: \"{shown}\" is not a number of requests per second from 0 to {MAX_RPS:e}", n + 1));
            }
        }
    }
    let Some(&(first, _)) = rows.first() else {
        return Err("the series has no rows; expected lines of \"timestamp,requests_per_second\"".into());
    };
    let last_minute = (rows[rows.len() - 1].0 - first) / 60;
    if last_minute > 3 * 366 * 1440 {
        return Err("the series spans more than three years".into());
    }
    let minutes = (last_minute + 1) as usize;
    let mut series = Vec::with_capacity(minutes);
    for (i, &(t, v)) in rows.iter().enumerate() {
        let end = rows.get(i + 1).map_or(minutes, |&(next, _)| ((next - first) / 60) as usize);
        let start = ((t - first) / 60) as usize;
        series.resize(end.max(start).max(series.len()), v);
    }
    series.resize(minutes, rows[rows.len() - 1].1);
    Ok(series)
}

/// A value for a message: at most 40 characters, control characters escaped.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(40).flat_map(char::escape_default).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}

fn parse_time(text: &str) -> Option<i64> {
    if let Ok(seconds) = text.parse::<i64>() {
        return Some(seconds);
    }
    let text = text.trim_end_matches('Z');
    let (date, time) = text.split_once(['T', ' '])?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<i64>().ok());
    let (hh, mm) = (t.next()??, t.next()??);
    let ss = t.next().flatten().unwrap_or(0);
    if !(1970..=2199).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&day) || !(0..=23).contains(&hh) || !(0..=59).contains(&mm) || !(0..=60).contains(&ss) {
        return None;
    }
    Some(days_from_civil(y, m, day) * 86_400 + hh * 3600 + mm * 60 + ss)
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_series_is_refused_by_line_never_wrapped() {
        assert_eq!(parse_series("timestamp,requests_per_second\n0,10\n120,20\n").unwrap(), vec![10.0, 10.0, 20.0]);
        // Only the documented header is a header: a bad first row is an error.
        assert!(parse_series("time,rps\n0,10\n").unwrap_err().starts_with("line 1: \"time\" is not a timestamp"));
        // Timestamps spanning i64 would overflow a difference: out of range.
        let wide = format!("{},1\n{},2\n", i64::MIN, i64::MAX);
        assert!(parse_series(&wide).unwrap_err().contains("from 1970 to 2199"));
        assert!(parse_series("99999999-01-01T00:00Z,1\n").unwrap_err().contains("from 1970 to 2199"));
        assert!(parse_series("0,1e308\n").unwrap_err().contains("from 0 to 1e9"));
        assert!(parse_series("0,-1\n").unwrap_err().contains("requests per second"));
        // Control characters in a value are escaped in the message.
        assert!(parse_series("\u{1b}[31m,1\n").unwrap_err().contains("\\u{1b}[31m"));
    }

    fn model() -> TrafficModel {
        TrafficModel { base_rps: 100.0, shape: Shape::Flat, monthly_growth: 0.0, noise: 0.0, spikes: vec![], series: None }
    }

    #[test]
    fn shapes_and_fixed_spike() {
        assert_eq!(shape_factor(Shape::BusinessHours, 9), 1.0);
        assert_eq!(shape_factor(Shape::BusinessHours, 5 * 24 + 9), 0.25);
        assert_eq!(shape_factor(Shape::EveningPeak, 20), 1.0);
        let mut m = model();
        m.spikes.push(SpikeModel { multiplier: 10.0, duration_minutes: 120, at: SpikeAt::Minute(90) });
        let mut out = Vec::new();
        demand_into(&m, 300, 1, &mut Rng::new(1), &mut out);
        assert_eq!(out[89], 100.0);
        assert_eq!(out[90], 1000.0);
        assert_eq!(out[209], 1000.0);
        assert_eq!(out[210], 100.0);
        // Hourly: hour 1 is half inside (90..120), hour 2 fully, hour 3 half.
        demand_into(&m, 5, 60, &mut Rng::new(1), &mut out);
        assert_eq!(out, vec![100.0, 550.0, 1000.0, 550.0, 100.0]);
    }

    #[test]
    fn growth_compounds_monthly() {
        let mut m = model();
        m.monthly_growth = 0.1;
        let mut out = Vec::new();
        demand_into(&m, 731, 60, &mut Rng::new(1), &mut out);
        assert!((out[730] / out[0] - 1.1).abs() < 1e-9);
    }

    #[test]
    fn series_holds_values_between_rows() {
        let series = parse_series("timestamp,rps\n2026-01-05T00:00Z,10\n2026-01-05T00:03:00Z,40\n1767571560,5\n").unwrap();
        assert_eq!(series, vec![10.0, 10.0, 10.0, 40.0, 40.0, 40.0, 5.0]);
        assert!(parse_series("a,b\n1,x\n").is_err());
        assert!(parse_series("10,1\n5,1\n").is_err());
    }
}
