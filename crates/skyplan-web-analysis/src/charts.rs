//! The Simulate view's charts, drawn with plotters on a `<canvas>`
//! (plotters-canvas). The data comes prepared from [`crate::chart_data`];
//! this module only draws it. Each chart is sized to the canvas's width on
//! the page and scaled by the device pixel ratio so text stays sharp.

use crate::chart_data::{money_label, nice_ceiling, step_line, weekday_label, BandPoint, MixBar, Series, WeekChart};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

const HEIGHT: f64 = 260.0;
const FONT: &str = "sans-serif";
pub(crate) const INK: RGBColor = RGBColor(28, 36, 48);
pub(crate) const MUTED: RGBColor = RGBColor(100, 112, 132);
pub(crate) const ACCENT: RGBColor = RGBColor(47, 111, 237);
const OK: RGBColor = RGBColor(31, 122, 77);
pub(crate) const ERROR: RGBColor = RGBColor(197, 48, 48);
/// Groups' lines, in the report's order.
const PALETTE: [RGBColor; 6] =
    [RGBColor(47, 111, 237), RGBColor(227, 119, 10), RGBColor(31, 122, 77), RGBColor(128, 60, 170), RGBColor(0, 140, 150), RGBColor(197, 48, 48)];

pub(crate) type Area = DrawingArea<CanvasBackend, Shift>;

/// Sizes the canvas to its box on the page (× the device pixel ratio),
/// `height` CSS pixels high, and returns its drawing area, cleared, with
/// the scale to apply to sizes.
pub(crate) fn prepare(canvas: &HtmlCanvasElement, height: f64) -> Result<(Area, f64), String> {
    let scale = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).clamp(1.0, 3.0);
    let css_width = f64::from(canvas.client_width()).max(320.0);
    canvas.set_width((css_width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    Ok((root, scale))
}

pub(crate) fn px(value: f64, scale: f64) -> u32 {
    (value * scale).round() as u32
}

pub(crate) fn font(size: f64, scale: f64) -> TextStyle<'static> {
    (FONT, size * scale).into_font().color(&INK)
}

fn legend<X: Ranged, Y: Ranged>(chart: &mut ChartContext<'_, CanvasBackend, Cartesian2d<X, Y>>, position: SeriesLabelPosition, scale: f64) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(MUTED.mix(0.4))
        .label_font(font(11.0, scale))
        .margin(px(4.0, scale))
        .draw()
        .map_err(|e| e.to_string())
}

/// Demand (the highest of each point's minutes) against capacity (the lowest)
/// over one week, overload shaded.
pub fn draw_week(canvas: &HtmlCanvasElement, week: &WeekChart) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let peak = week.demand.iter().chain(&week.capacity).map(|p| p.1).fold(0.0, f64::max);
    let caption = format!(
        "{} · week {}: demand vs capacity{}",
        week.group,
        week.week + 1,
        if week.overload_minutes > 0 { format!(" · {} min overload", week.overload_minutes) } else { String::new() }
    );
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, font(13.0, s))
        .margin(px(8.0, s))
        .x_label_area_size(px(34.0, s))
        .y_label_area_size(px(58.0, s))
        // x in days, so that the axis's round numbers are midnights.
        .build_cartesian_2d(0.0..(week.hours / 24.0).max(0.1), 0.0..nice_ceiling(peak * 1.45))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|d| weekday_label(*d * 24.0))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("requests / s")
        .x_desc("day of the week (UTC)")
        .label_style(font(10.5, s))
        .axis_desc_style(font(11.0, s))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    let days = |points: &[(f64, f64)]| points.iter().map(|&(h, v)| (h / 24.0, v)).collect::<Vec<_>>();
    let (demand, capacity) = (days(&week.demand), step_line(&days(&week.capacity), week.hours / 24.0));
    chart
        .draw_series(AreaSeries::new(capacity.iter().copied(), 0.0, OK.mix(0.12)).border_style(OK.stroke_width(px(2.0, s))))
        .map_err(|e| e.to_string())?
        .label("capacity (in service × rps at 100 % CPU)")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], OK.mix(0.4).filled()));
    chart
        .draw_series(LineSeries::new(demand.iter().copied(), ACCENT.stroke_width(px(1.5, s))))
        .map_err(|e| e.to_string())?
        .label("demand (peak of each point)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], ACCENT.stroke_width(2)));
    // Overload: where the demand line rises above the capacity.
    let over: Vec<_> = demand.iter().zip(&days(&week.capacity)).filter(|(d, c)| d.1 > c.1).map(|(d, c)| (d.0, c.1, d.1)).collect();
    if !over.is_empty() {
        chart
            .draw_series(over.iter().map(|&(x, low, high)| PathElement::new(vec![(x, low), (x, high)], ERROR.stroke_width(px(2.0, s)))))
            .map_err(|e| e.to_string())?
            .label("overload")
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], ERROR.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, s)?;
    root.present().map_err(|e| e.to_string())
}

/// Each group's running (billed) instances over the whole run.
pub fn draw_instances(canvas: &HtmlCanvasElement, series: &[Series], days: f64) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let most = series.iter().flat_map(|g| g.points.iter().map(|p| p.1)).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .caption("Instances running over the period (most per point)", font(13.0, s))
        .margin(px(8.0, s))
        .x_label_area_size(px(34.0, s))
        .y_label_area_size(px(46.0, s))
        .build_cartesian_2d(0.0..days.max(1.0), 0.0..((most + 1.0) * 1.4).ceil())
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(10)
        .x_label_formatter(&|d| format!("{d:.0}"))
        .y_label_formatter(&|n| format!("{n:.0}"))
        .x_desc("day")
        .y_desc("instances")
        .label_style(font(10.5, s))
        .axis_desc_style(font(11.0, s))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    for (i, group) in series.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        chart
            .draw_series(LineSeries::new(step_line(&group.points, days), color.stroke_width(px(1.5, s))))
            .map_err(|e| e.to_string())?
            .label(group.label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], color.stroke_width(2)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, s)?;
    root.present().map_err(|e| e.to_string())
}

/// The Monte Carlo P10–P90 band of the monthly cost as trials accumulate,
/// its P50, and the 1-minute run's monthly cost.
pub fn draw_band(canvas: &HtmlCanvasElement, band: &[BandPoint], one_minute_run: Option<f64>, trials: u32) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let values = band.iter().flat_map(|b| [b.p10, b.p90]).chain(one_minute_run);
    let (low, high) = values.fold((f64::INFINITY, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high) = if low.is_finite() { (low, high) } else { (0.0, 1.0) };
    let pad = ((high - low) * 0.15).max(high * 0.01).max(1.0);
    let mut chart = ChartBuilder::on(&root)
        .caption("Monthly cost, Monte Carlo P10–P90 band as trials accumulate", font(13.0, s))
        .margin(px(8.0, s))
        .x_label_area_size(px(34.0, s))
        .y_label_area_size(px(66.0, s))
        .build_cartesian_2d(0.0..f64::from(trials.max(1)), (low - pad).max(0.0)..high + pad)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|t| format!("{t:.0}"))
        .y_label_formatter(&|v| money_label(*v))
        .x_desc("trials run")
        .y_desc("USD / month")
        .label_style(font(10.5, s))
        .axis_desc_style(font(11.0, s))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    let at = |b: &BandPoint| f64::from(b.trials);
    let outline: Vec<(f64, f64)> = band.iter().map(|b| (at(b), b.p90)).chain(band.iter().rev().map(|b| (at(b), b.p10))).collect();
    chart
        .draw_series(std::iter::once(Polygon::new(outline, ACCENT.mix(0.18).filled())))
        .map_err(|e| e.to_string())?
        .label("P10–P90")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], ACCENT.mix(0.3).filled()));
    // With a single chunk the band is one column: show it as a bar.
    chart
        .draw_series(band.iter().map(|b| PathElement::new(vec![(at(b), b.p10), (at(b), b.p90)], ACCENT.mix(0.5).stroke_width(px(1.0, s)))))
        .map_err(|e| e.to_string())?;
    chart
        .draw_series(LineSeries::new(band.iter().map(|b| (at(b), b.p50)), ACCENT.stroke_width(px(2.0, s))))
        .map_err(|e| e.to_string())?
        .label("P50")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], ACCENT.stroke_width(2)));
    if let Some(cost) = one_minute_run {
        chart
            .draw_series(DashedLineSeries::new([(0.0, cost), (f64::from(trials.max(1)), cost)], px(6.0, s), px(4.0, s), INK.stroke_width(px(1.0, s))))
            .map_err(|e| e.to_string())?
            .label("1-minute run")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], INK.stroke_width(1)));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, s)?;
    root.present().map_err(|e| e.to_string())
}

/// Per group: monthly cost all on demand, as configured, and with the
/// optimizer's recommendation, as horizontal bars.
pub fn draw_mix(canvas: &HtmlCanvasElement, bars: &[MixBar]) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let n = bars.len().max(1) as f64;
    let most = bars.iter().flat_map(|b| [b.all_on_demand, b.configured, b.recommended]).flatten().fold(0.0, f64::max);
    let x_max = nice_ceiling(most * 1.45);
    let mut chart = ChartBuilder::on(&root)
        .caption("Purchase mix: monthly cost on demand vs recommended", font(13.0, s))
        .margin(px(8.0, s))
        .margin_right(px(24.0, s))
        .x_label_area_size(px(34.0, s))
        .y_label_area_size(px(8.0, s))
        .build_cartesian_2d(0.0..x_max, 0.0..n)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(6)
        .x_label_formatter(&|v| money_label(*v))
        .x_desc("USD / month")
        .label_style(font(10.5, s))
        .axis_desc_style(font(11.0, s))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    type Kind = (&'static str, RGBColor, fn(&MixBar) -> Option<f64>);
    let kinds: [Kind; 3] = [
        ("all on demand", MUTED, |b| b.all_on_demand),
        ("as configured", ACCENT, |b| b.configured),
        ("with the recommendation", OK, |b| b.recommended),
    ];
    for (k, (label, color, value)) in kinds.into_iter().enumerate() {
        let rects: Vec<_> = bars
            .iter()
            .enumerate()
            .filter_map(|(i, bar)| {
                let top = n - i as f64 - 0.3 - k as f64 * 0.22;
                value(bar).map(|v| (v, top))
            })
            .collect();
        chart
            .draw_series(rects.iter().map(|&(v, top)| Rectangle::new([(0.0, top), (v, top - 0.18)], color.mix(0.85).filled())))
            .map_err(|e| e.to_string())?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.filled()));
        chart
            .draw_series(rects.iter().map(|&(v, top)| Text::new(money_label(v), (v + x_max * 0.01, top), font(10.0, s))))
            .map_err(|e| e.to_string())?;
    }
    chart
        .draw_series(bars.iter().enumerate().map(|(i, bar)| {
            Text::new(format!("{} · {}", bar.group, bar.recommendation), (x_max * 0.005, n - i as f64 - 0.03), font(11.0, s).color(&INK))
        }))
        .map_err(|e| e.to_string())?;
    legend(&mut chart, SeriesLabelPosition::LowerRight, s)?;
    root.present().map_err(|e| e.to_string())
}
