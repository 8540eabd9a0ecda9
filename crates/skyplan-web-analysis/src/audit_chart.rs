//! The Audit view's chart: the potential monthly saving of each finding kind
//! (and of the recommended commitments) as horizontal bars, drawn with
//! plotters on a `<canvas>` in the Budget charts' style
//! ([`crate::budget_charts`]). The bars come from [`KindSaving`]s, grouped
//! natively in `audit_view.rs`; amounts become `f64` here, for drawing only.

use crate::budget_charts::{money_label, round_up};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use skyplan_core::report::money;
use web_sys::HtmlCanvasElement;

/// The saving of one finding kind, or of the commitment recommendations.
#[derive(Debug, Clone, PartialEq)]
pub struct KindSaving {
    pub label: String,
    /// Findings (or recommendations) in the group ...
    pub count: usize,
    /// ... of which priced, their savings summed in `saving`.
    pub priced: usize,
    /// Monthly, USD.
    pub saving: Decimal,
    pub commitment: bool,
}

const FONT: &str = "sans-serif";
const INK: RGBColor = RGBColor(28, 36, 48);
const MUTED: RGBColor = RGBColor(100, 112, 132);
/// Findings: acting on them removes the cost.
const FINDING: RGBColor = RGBColor(47, 111, 237);
/// Commitments: the same usage, paid for at a discount (Budget's upfront colour).
const COMMITMENT: RGBColor = RGBColor(128, 60, 170);
const ROW: f64 = 34.0;
const LABEL_WIDTH: f64 = 190.0;

/// Draws one bar per group, largest saving first; a group whose findings
/// are all unpriced gets no bar, only the words.
pub fn draw_savings(canvas: &HtmlCanvasElement, groups: &[KindSaving]) -> Result<(), String> {
    let s = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0)
        .clamp(1.0, 3.0);
    let px = |v: f64| (v * s).round() as u32;
    let height = 40.0 + 34.0 + ROW * groups.len().max(1) as f64;
    let css_width = f64::from(canvas.client_width()).max(320.0);
    canvas.set_width((css_width * s) as u32);
    canvas.set_height((height * s) as u32);
    // The canvas's CSS height follows its rows, so every kind fits.
    let _ = canvas.set_attribute("style", &format!("height: {height}px"));
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the canvas has no 2D context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let font = |size: f64| (FONT, size * s).into_font().color(&INK);

    let most = groups
        .iter()
        .map(|g| g.saving.to_f64().unwrap_or(0.0))
        .fold(0.0, f64::max);
    let n = groups.len().max(1) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption("Potential monthly saving by finding kind", font(13.0))
        .margin(px(8.0))
        .margin_right(px(24.0))
        .x_label_area_size(px(26.0))
        .y_label_area_size(px(LABEL_WIDTH))
        // Room right of the longest bar for its figure.
        .build_cartesian_2d(0.0..round_up(most * 1.3), 0.0..n)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|v| money_label(*v))
        .label_style(font(10.5))
        .light_line_style(WHITE)
        .bold_line_style(MUTED.mix(0.15))
        .draw()
        .map_err(|e| e.to_string())?;
    // Row i from the top: y from n − i − 1 to n − i.
    let band = |i: usize| n - i as f64 - 0.5;
    chart
        .draw_series(groups.iter().enumerate().map(|(i, g)| {
            let color = if g.commitment { COMMITMENT } else { FINDING };
            let y = band(i);
            Rectangle::new(
                [
                    (0.0, y - 0.32),
                    (g.saving.to_f64().unwrap_or(0.0), y + 0.32),
                ],
                color.mix(0.85).filled(),
            )
        }))
        .map_err(|e| e.to_string())?;
    // The figures right of each bar and the kinds right-aligned against
    // the axis, placed in pixels so they keep their distance from the bars.
    let (area_left, _) = chart.plotting_area().get_pixel_range();
    let left = Pos::new(HPos::Left, VPos::Center);
    let right = Pos::new(HPos::Right, VPos::Center);
    for (i, g) in groups.iter().enumerate() {
        let (end, y) = chart.backend_coord(&(g.saving.to_f64().unwrap_or(0.0), band(i)));
        let unpriced = g.count - g.priced;
        let figure = match (g.priced, unpriced) {
            (0, _) => "unpriced".to_string(),
            (_, 0) => format!("${}", money(g.saving)),
            _ => format!("${}  (+{unpriced} unpriced)", money(g.saving)),
        };
        let style = font(11.0)
            .pos(left)
            .color(if g.priced == 0 { &MUTED } else { &INK });
        root.draw(&Text::new(figure, (end + px(6.0) as i32, y), style))
            .map_err(|e| e.to_string())?;
        let name = if g.commitment {
            g.label.clone()
        } else {
            format!("{} ({})", g.label, g.count)
        };
        root.draw(&Text::new(
            name,
            (area_left.start - px(8.0) as i32, y),
            font(11.5).pos(right),
        ))
        .map_err(|e| e.to_string())?;
    }
    root.present().map_err(|e| e.to_string())
}
