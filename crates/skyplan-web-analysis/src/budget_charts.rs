//! The Budget view's charts, drawn with plotters on a `<canvas>`
//! (plotters-canvas), in the Simulate view's style ([`crate::charts`]): each
//! sized to its canvas's width on the page and scaled by the device pixel
//! ratio so text stays sharp, on screen and in print. The data is prepared
//! from a [`Forecast`] by plain functions (tested natively); the `draw_*`
//! functions only draw it. Amounts become `f64` here, for drawing only.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use crate::charts::{font, prepare, px, Area, ACCENT, ERROR, INK, MUTED};
use plotters_canvas::CanvasBackend;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use skyplan_core::model::Tier;
use skyplan_forecast::Forecast;
use web_sys::HtmlCanvasElement;

const HEIGHT: f64 = 280.0;
const CASH: RGBColor = RGBColor(227, 119, 10);
const UPFRONT: RGBColor = RGBColor(128, 60, 170);
/// One colour per tier, in `Tier::ALL`'s order.
const TIER_COLORS: [RGBColor; 7] = [
    RGBColor(0, 140, 150),
    RGBColor(47, 111, 237),
    RGBColor(128, 60, 170),
    RGBColor(227, 119, 10),
    RGBColor(197, 48, 48),
    RGBColor(31, 122, 77),
    RGBColor(120, 130, 148),
];

fn f(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// Spend of each month by tier, on one basis, every environment the forecast covers together.
#[derive(Debug, Clone, PartialEq)]
pub struct TierBars {
    pub months: u32,
    /// Tiers with any spend, each with one value per month (index m − 1).
    pub tiers: Vec<(Tier, Vec<f64>)>,
    pub cash: bool,
}

pub fn tier_bars(forecast: &Forecast, cash: bool) -> TierBars {
    let months = forecast.months;
    let tiers = Tier::ALL
        .into_iter()
        .filter_map(|tier| {
            let mut values = vec![0.0; months as usize];
            for r in forecast.rows.iter().filter(|r| r.tier == tier) {
                if let Some(v) = values.get_mut(r.month as usize - 1) {
                    *v += f(if cash { r.cash } else { r.amortized });
                }
            }
            values.iter().any(|v| *v != 0.0).then_some((tier, values))
        })
        .collect();
    TierBars { months, tiers, cash }
}

/// Cumulative spend, amortised and in cash, against the cumulative budget.
#[derive(Debug, Clone, PartialEq)]
pub struct Cumulative {
    pub amortized: Vec<(f64, f64)>,
    pub cash: Vec<(f64, f64)>,
    pub budget: Option<Vec<(f64, f64)>>,
    /// The first month the amortised (and the cash) cumulative spend passes the budget.
    pub crossing: Option<u32>,
    pub crossing_cash: Option<u32>,
}

pub fn cumulative(forecast: &Forecast) -> Cumulative {
    let at = |m: u32| f64::from(m);
    let budget: Vec<(f64, f64)> = forecast.totals.iter().filter_map(|t| t.budget_cumulative.map(|b| (at(t.month), f(b)))).collect();
    Cumulative {
        amortized: forecast.totals.iter().map(|t| (at(t.month), f(t.cumulative_amortized))).collect(),
        cash: forecast.totals.iter().map(|t| (at(t.month), f(t.cumulative_cash))).collect(),
        budget: (!budget.is_empty()).then_some(budget),
        crossing: forecast.budget.as_ref().and_then(|b| b.first_month_over),
        crossing_cash: forecast.budget.as_ref().and_then(|b| b.first_month_over_cash),
    }
}

/// Each month's cash: the recurring part and the commitments' upfront fees, and the months commitments expire.
#[derive(Debug, Clone, PartialEq)]
pub struct CashFlow {
    /// (month, recurring, upfront)
    pub months: Vec<(u32, f64, f64)>,
    pub purchases: Vec<u32>,
    pub expiries: Vec<u32>,
}

pub fn cash_flow(forecast: &Forecast) -> CashFlow {
    let mut purchases: Vec<u32> = forecast.commitments.iter().flat_map(|c| c.purchase_months.iter().copied()).collect();
    let mut expiries: Vec<u32> = forecast.commitments.iter().flat_map(|c| c.expiry_months.iter().copied()).collect();
    purchases.sort_unstable();
    purchases.dedup();
    expiries.sort_unstable();
    expiries.dedup();
    CashFlow {
        months: forecast.totals.iter().map(|t| (t.month, f(t.cash - t.commitment_upfront), f(t.commitment_upfront))).collect(),
        purchases,
        expiries,
    }
}

/// `12,345.6` → `$12.3k`; axis labels only.
pub fn money_label(value: f64) -> String {
    let a = value.abs();
    if a >= 1_000_000.0 {
        format!("${:.1}M", value / 1_000_000.0)
    } else if a >= 10_000.0 {
        format!("${:.0}k", value / 1_000.0)
    } else if a >= 1_000.0 {
        format!("${:.1}k", value / 1_000.0)
    } else {
        format!("${value:.0}")
    }
}

/// A round number at or above `value`, for an axis's end (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ).
pub fn round_up(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let magnitude = 10f64.powi(value.log10().floor() as i32);
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0].iter().map(|k| k * magnitude).find(|v| *v >= value).unwrap_or(10.0 * magnitude)
}

type Chart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Months on x (1 … n, bars centred on each), USD on y.
fn months_chart<'a>(root: &'a Area, s: f64, caption: String, months: u32, y_max: f64) -> Result<Chart<'a>, String> {
    let mut chart = ChartBuilder::on(root)
        .caption(caption, font(13.0, s))
        .margin(px(8.0, s))
        .x_label_area_size(px(34.0, s))
        .y_label_area_size(px(58.0, s))
        .build_cartesian_2d(0.4..f64::from(months) + 0.6, 0.0..round_up(y_max))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(months.min(12) as usize)
        .x_label_formatter(&|m| format!("{m:.0}"))
        .y_label_formatter(&|v| money_label(*v))
        .x_desc("month")
        .label_style(font(10.5, s))
        .axis_desc_style(font(11.0, s))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

fn legend(chart: &mut Chart<'_>, s: f64, position: SeriesLabelPosition) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.85))
        .border_style(MUTED.mix(0.4))
        .label_font(font(11.0, s))
        .margin(px(4.0, s))
        .draw()
        .map_err(|e| e.to_string())
}

/// Monthly spend as bars stacked by tier, the tiers' key on the right (top tier first, as stacked).
pub fn draw_tiers(canvas: &HtmlCanvasElement, bars: &TierBars) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let n = bars.months as usize;
    let totals: Vec<f64> = (0..n).map(|m| bars.tiers.iter().map(|(_, v)| v[m]).sum()).collect();
    let most = totals.iter().copied().fold(0.0, f64::max);
    let caption = format!("Monthly spend by tier ({})", if bars.cash { "cash" } else { "amortised" });
    let (width, _) = root.dim_in_pixel();
    let (plot, key) = root.split_horizontally(width.saturating_sub(px(96.0, s)));
    let (_, key_height) = key.dim_in_pixel();
    let top = (f64::from(key_height) / 2.0 - bars.tiers.len() as f64 * 10.0 * s).max(0.0);
    for (i, (tier, _)) in bars.tiers.iter().rev().enumerate() {
        let color = TIER_COLORS[Tier::ALL.iter().position(|t| t == tier).unwrap_or(0)];
        let y = (top + i as f64 * 20.0 * s) as i32;
        key.draw(&Rectangle::new([(px(4.0, s) as i32, y), (px(16.0, s) as i32, y + px(12.0, s) as i32)], color.mix(0.85).filled())).map_err(|e| e.to_string())?;
        key.draw(&Text::new(tier.as_str(), (px(22.0, s) as i32, y), font(11.5, s))).map_err(|e| e.to_string())?;
    }
    let mut chart = months_chart(&plot, s, caption, bars.months, most * 1.1)?;
    let mut base = vec![0.0; n];
    let half = 0.36;
    for (tier, values) in &bars.tiers {
        let color = TIER_COLORS[Tier::ALL.iter().position(|t| t == tier).unwrap_or(0)];
        let rects: Vec<_> = (0..n)
            .map(|m| {
                let x = m as f64 + 1.0;
                let rect = Rectangle::new([(x - half, base[m]), (x + half, base[m] + values[m])], color.mix(0.85).filled());
                base[m] += values[m];
                rect
            })
            .collect();
        chart.draw_series(rects).map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}

/// Cumulative spend against the budget line, the crossing month marked.
pub fn draw_cumulative(canvas: &HtmlCanvasElement, data: &Cumulative) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let months = data.amortized.len() as u32;
    let most = data.amortized.iter().chain(&data.cash).chain(data.budget.iter().flatten()).map(|p| p.1).fold(0.0, f64::max);
    let mut chart = months_chart(&root, s, "Cumulative spend against the budget".into(), months.max(1), most * 1.08)?;
    chart
        .draw_series(LineSeries::new(data.amortized.iter().copied(), ACCENT.stroke_width(px(2.5, s))))
        .map_err(|e| e.to_string())?
        .label("amortised")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], ACCENT.stroke_width(2)));
    chart
        .draw_series(LineSeries::new(data.cash.iter().copied(), CASH.stroke_width(px(1.5, s))))
        .map_err(|e| e.to_string())?
        .label("cash (upfront fees when paid)")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], CASH.stroke_width(2)));
    if let Some(budget) = &data.budget {
        chart
            .draw_series(DashedLineSeries::new(budget.iter().copied(), px(7.0, s), px(4.0, s), INK.stroke_width(px(1.5, s))))
            .map_err(|e| e.to_string())?
            .label("budget to date")
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 14, y)], INK.stroke_width(1)));
    }
    if let Some(month) = data.crossing {
        let x = f64::from(month);
        let y = data.amortized.get(month as usize - 1).map(|p| p.1).unwrap_or(0.0);
        let top = round_up(most * 1.08);
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(x, 0.0), (x, top)], ERROR.mix(0.7).stroke_width(px(1.5, s)))))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(std::iter::once(Circle::new((x, y), px(5.0, s), ERROR.filled())))
            .map_err(|e| e.to_string())?
            .label(format!("crosses the budget in month {month}"))
            .legend(move |(x, y)| Circle::new((x + 7, y), 4, ERROR.filled()));
        let anchor = if f64::from(month) > f64::from(months) * 0.6 { -0.3 } else { 0.3 };
        let label = format!("month {month}");
        let style = font(11.5, s).color(&ERROR);
        let style = if anchor < 0.0 { style.pos(plotters::style::text_anchor::Pos::new(plotters::style::text_anchor::HPos::Right, plotters::style::text_anchor::VPos::Top)) } else { style };
        chart.draw_series(std::iter::once(Text::new(label, (x + anchor, top * 0.97), style))).map_err(|e| e.to_string())?;
    }
    legend(&mut chart, s, SeriesLabelPosition::UpperLeft)?;
    root.present().map_err(|e| e.to_string())
}

/// Cash paid each month: the recurring part, and the commitments' upfront fees in the months they are bought; expiries marked.
pub fn draw_cash_flow(canvas: &HtmlCanvasElement, data: &CashFlow) -> Result<(), String> {
    let (root, s) = prepare(canvas, HEIGHT)?;
    let months = data.months.len() as u32;
    let most = data.months.iter().map(|m| m.1 + m.2).fold(0.0, f64::max);
    let mut chart = months_chart(&root, s, "Cash flow: upfront fees when paid".into(), months.max(1), most * 1.25)?;
    let half = 0.36;
    chart
        .draw_series(data.months.iter().map(|&(m, recurring, _)| {
            let x = f64::from(m);
            Rectangle::new([(x - half, 0.0), (x + half, recurring)], MUTED.mix(0.35).filled())
        }))
        .map_err(|e| e.to_string())?
        .label("recurring (usage, hourly fees)")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], MUTED.mix(0.5).filled()));
    chart
        .draw_series(data.months.iter().filter(|m| m.2 > 0.0).map(|&(m, recurring, upfront)| {
            let x = f64::from(m);
            Rectangle::new([(x - half, recurring), (x + half, recurring + upfront)], UPFRONT.mix(0.85).filled())
        }))
        .map_err(|e| e.to_string())?
        .label("commitments' upfront fees")
        .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], UPFRONT.filled()));
    chart
        .draw_series(data.months.iter().filter(|m| m.2 > 0.0).map(|&(m, recurring, upfront)| {
            Text::new(money_label(upfront), (f64::from(m) + 0.45, recurring + upfront), font(10.5, s).color(&UPFRONT))
        }))
        .map_err(|e| e.to_string())?;
    if !data.expiries.is_empty() {
        let top = round_up(most * 1.25);
        chart
            .draw_series(data.expiries.iter().map(|&m| {
                let x = f64::from(m) + 0.5;
                PathElement::new(vec![(x, 0.0), (x, top * 0.9)], ERROR.mix(0.6).stroke_width(px(1.0, s)))
            }))
            .map_err(|e| e.to_string())?
            .label("a commitment expires")
            .legend(move |(x, y)| PathElement::new(vec![(x + 6, y - 6), (x + 6, y + 6)], ERROR.stroke_width(2)));
    }
    legend(&mut chart, s, SeriesLabelPosition::UpperRight)?;
    root.present().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_and_labels_are_round() {
        assert_eq!(round_up(3_759.72), 4_000.0);
        assert_eq!(round_up(1_800.0), 2_000.0);
        assert_eq!(round_up(120_000.0), 120_000.0);
        assert_eq!(round_up(121_000.0), 150_000.0);
        assert_eq!(round_up(0.0), 1.0);
        assert_eq!(money_label(3_759.72), "$3.8k");
        assert_eq!(money_label(45_000.0), "$45k");
        assert_eq!(money_label(650.0), "$650");
        assert_eq!(money_label(1_250_000.0), "$1.2M");
    }

    #[test]
    fn the_chart_data_adds_up_to_the_forecast() {
        let plan = skyplan_core::templates::template("saas-3tier").unwrap().plan().unwrap();
        let catalog = skyplan_core::Catalog::from_json(include_bytes!("../../../pricing-data/us-east-1.json")).unwrap();
        let forecast = skyplan_forecast::forecast(&plan, &catalog, &skyplan_forecast::Options { months: 24, ..Default::default() }).unwrap();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * b.abs().max(1.0);
        for cash in [false, true] {
            let bars = tier_bars(&forecast, cash);
            assert_eq!(bars.months, 24);
            for t in &forecast.totals {
                let stacked: f64 = bars.tiers.iter().map(|(_, v)| v[t.month as usize - 1]).sum();
                assert!(close(stacked, f(if cash { t.cash } else { t.amortized })), "month {}: {stacked}", t.month);
            }
        }
        let flow = cash_flow(&forecast);
        assert!(flow.months.iter().zip(&forecast.totals).all(|(m, t)| close(m.1 + m.2, f(t.cash))));
        assert_eq!(flow.purchases, vec![1], "the recommended commitments are bought in month 1");
        assert!(flow.months[0].2 > 0.0, "saas-3tier's all-upfront RIs are paid in month 1");
        let line = cumulative(&forecast);
        assert!(close(line.amortized[23].1, f(forecast.totals[23].cumulative_amortized)));
        assert_eq!(line.budget.as_ref().map(Vec::len), Some(24), "saas-3tier has a yearly budget");
        assert_eq!(line.crossing, forecast.budget.as_ref().and_then(|b| b.first_month_over));
        assert_eq!(line.crossing_cash, Some(1), "the upfront fees pass the budget in month 1");
    }
}
