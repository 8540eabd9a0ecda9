//! Application Load Balancer: an hourly charge and Load Balancer Capacity
//! Units. It runs around the clock whatever the environment's schedule.

use super::{Context, LineSpec, HOURS_PER_MONTH};
use crate::model::Alb;
use crate::pricing::PriceKey;

pub fn lines(alb: &Alb, _context: &Context) -> Vec<LineSpec> {
    vec![
        LineSpec::key("Application Load Balancer", HOURS_PER_MONTH, "hours", PriceKey::AlbHour),
        LineSpec::key(format!("Capacity units ({} LCU average)", alb.lcus), alb.lcus.get() * HOURS_PER_MONTH, "LCU-hours", PriceKey::AlbLcuHour),
    ]
}
