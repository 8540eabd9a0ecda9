//! The commitment optimizer: from a group's simulated on-demand
//! instance-minutes per clock hour, the Reserved Instance count or Savings
//! Plan hourly commitment that minimises the expected total cost.
//!
//! - The simulated period repeats over the commitment's term (a month 12
//!   times a year); spot minutes are not covered by commitments.
//! - Use it or lose it: each clock hour, R Reserved Instances cover up to
//!   60·R instance-minutes of the type (per-second billing); what is left is
//!   on demand. The RI's recurring hourly fee is due for every hour of the
//!   term, used or not; its upfront fee is cash at the start.
//! - A Savings Plan of c USD/h pays for usage at the discounted rate
//!   (on-demand × (1 − discount)) up to c each hour; the rest is on demand
//!   (<https://docs.aws.amazon.com/savingsplans/latest/userguide/sp-applying.html>).
//!   The optimum of this convex cost is the commitment that is fully used in
//!   a (1 − discount) share of the hours, taken from the sorted hourly usage.
//! - A Savings Plan is priced at the catalog's rate for the type, term and
//!   payment option (imported from AWS's Savings Plans offer files; the
//!   bundled catalogs have none), else at the plan's own `discount_percent`,
//!   labelled as such; with neither it is reported as unpriced, never guessed.
//!   Its upfront share (all of the commitment for All Upfront, half for
//!   Partial Upfront) is cash at the start.
//! - Costs are monthly averages over the term (upfront spread over it);
//!   break-even is the first month whose cumulative cash (upfront at month 0,
//!   then the monthly recurring cost) is no more than on demand's.

use crate::purchase::minutes_cost;
use rust_decimal::Decimal;
use serde::Serialize;
use skyplan_core::aws::{OfferingClass, PurchaseOption};
use skyplan_core::model::simulation::{ReservedOption, SavingsPlanKind, SavingsPlanOption};
use skyplan_core::pricing::{ReservedOffer, SavingsPlanRate};

/// What the catalog offers for one instance type: its Reserved Instance
/// offers and Savings Plans rates.
#[derive(Debug, Clone, Copy, Default)]
pub struct CatalogCommitments<'c> {
    pub reserved: &'c [ReservedOffer],
    pub savings_plans: &'c [SavingsPlanRate],
}

const HOURS_PER_MONTH: u32 = 730;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentOutcome {
    /// e.g. `Reserved standard 1 yr no_upfront` or `Compute Savings Plan 1 yr`.
    pub option: String,
    /// Reserved Instances bought, or none for a Savings Plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instances: Option<u32>,
    /// Savings Plan commitment, USD per hour.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hourly_commitment: Option<Decimal>,
    /// Whether the optimizer chose the amount (else the plan gave it).
    pub optimized: bool,
    pub term_years: u8,
    /// Cash at the start.
    pub upfront: Decimal,
    /// Average monthly cost over the term, upfront included.
    pub monthly: Decimal,
    pub on_demand_monthly: Decimal,
    pub savings_monthly: Decimal,
    pub savings_percent: Decimal,
    /// First month whose cumulative cost is no more than on demand's; `None`
    /// if it does not break even within the term.
    pub break_even_month: Option<u32>,
    /// Share of the commitment used, percent.
    pub utilization_percent: Decimal,
}

/// An option that cannot be priced, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unpriced {
    pub option: String,
    pub reason: String,
}

/// The hourly usage the optimizer works from.
#[derive(Debug, Clone, PartialEq)]
pub struct Usage<'a> {
    /// On-demand instance-minutes per clock hour of the simulated period.
    pub minutes_by_hour: &'a [u32],
    pub on_demand_hourly: Decimal,
}

impl Usage<'_> {
    fn hours(&self) -> u32 {
        self.minutes_by_hour.len() as u32
    }

    fn months(&self) -> Decimal {
        Decimal::from(self.hours().max(1)) / Decimal::from(HOURS_PER_MONTH)
    }

    pub fn on_demand_monthly(&self) -> Decimal {
        let minutes: u64 = self.minutes_by_hour.iter().map(|&m| u64::from(m)).sum();
        minutes_cost(minutes, self.on_demand_hourly) / self.months()
    }

    /// Σ max(0, m − cover) and Σ min(m, cover) over the hours.
    fn split(&self, cover: u32) -> (u64, u64) {
        let mut over = 0u64;
        let mut covered = 0u64;
        for &m in self.minutes_by_hour {
            over += u64::from(m.saturating_sub(cover));
            covered += u64::from(m.min(cover));
        }
        (over, covered)
    }
}

fn outcome(option: String, term_years: u8, upfront: Decimal, recurring_per_period: Decimal, usage: &Usage, utilization: Decimal) -> CommitmentOutcome {
    let months = usage.months();
    let term_months = Decimal::from(12 * u32::from(term_years));
    let recurring_monthly = recurring_per_period / months;
    let monthly = recurring_monthly + upfront / term_months;
    let on_demand_monthly = usage.on_demand_monthly();
    let savings_monthly = on_demand_monthly - monthly;
    let savings_percent =
        if on_demand_monthly.is_zero() { Decimal::ZERO } else { (savings_monthly / on_demand_monthly * Decimal::ONE_HUNDRED).round_dp(2) };
    let saving_per_month = on_demand_monthly - recurring_monthly;
    let break_even_month = if saving_per_month <= Decimal::ZERO {
        None
    } else {
        let m = (upfront / saving_per_month).ceil().max(Decimal::ONE);
        u32::try_from(m.mantissa() / 10i128.pow(m.scale())).ok().filter(|m| Decimal::from(*m) <= term_months)
    };
    CommitmentOutcome {
        option,
        instances: None,
        hourly_commitment: None,
        optimized: true,
        term_years,
        upfront,
        monthly,
        on_demand_monthly,
        savings_monthly,
        savings_percent,
        break_even_month,
        utilization_percent: (utilization * Decimal::ONE_HUNDRED).round_dp(2),
    }
}

pub fn reserved_name(class: OfferingClass, term_years: u8, payment: PurchaseOption) -> String {
    format!("Reserved {} {} yr {}", class.as_str(), term_years, payment.as_str())
}

/// An RI offer at `count` instances.
pub fn reserved_at(offer: &ReservedOffer, count: u32, usage: &Usage) -> CommitmentOutcome {
    reserved_with(offer, count, usage, usage.split(count.saturating_mul(60)))
}

/// For every count from 0 to the most instances an hour used: the
/// instance-minutes beyond the count's cover, and those under it.
pub fn split_table(usage: &Usage) -> Vec<(u64, u64)> {
    let most = usage.minutes_by_hour.iter().map(|&m| m.div_ceil(60)).max().unwrap_or(0);
    (0..=most).map(|count| usage.split(count * 60)).collect()
}

fn reserved_with(offer: &ReservedOffer, count: u32, usage: &Usage, (over, covered): (u64, u64)) -> CommitmentOutcome {
    let hours = usage.hours();
    let cover = count.saturating_mul(60);
    let recurring = Decimal::from(count) * offer.hourly * Decimal::from(hours) + minutes_cost(over, usage.on_demand_hourly);
    let upfront = Decimal::from(count) * offer.upfront;
    let utilization =
        if count == 0 || hours == 0 { Decimal::ZERO } else { Decimal::from(covered) / Decimal::from(u64::from(cover) * u64::from(hours)) };
    let mut o = outcome(reserved_name(offer.offering_class, offer.term_years, offer.purchase_option), offer.term_years, upfront, recurring, usage, utilization);
    o.instances = Some(count);
    o
}

/// The RI count minimising the monthly cost of an offer (0 included, so it is
/// never worse than on demand).
pub fn best_reserved(offer: &ReservedOffer, usage: &Usage) -> CommitmentOutcome {
    best_reserved_from(offer, usage, &split_table(usage))
}

/// As [`best_reserved`], with the usage's [`split_table`] computed once for all offers.
pub fn best_reserved_from(offer: &ReservedOffer, usage: &Usage, table: &[(u64, u64)]) -> CommitmentOutcome {
    let mut best = reserved_with(offer, 0, usage, table[0]);
    for (count, &split) in table.iter().enumerate().skip(1) {
        let candidate = reserved_with(offer, count as u32, usage, split);
        if candidate.monthly < best.monthly {
            best = candidate;
        }
    }
    best
}

pub fn savings_plan_name(option: &SavingsPlanOption) -> String {
    let kind = match option.kind {
        SavingsPlanKind::Compute => "Compute",
        SavingsPlanKind::Ec2Instance => "EC2 Instance",
    };
    format!("{kind} Savings Plan {} yr", option.term_years)
}

/// How a Savings Plan option is priced: the catalog's rate, or the plan's
/// own discount where the catalog has none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlanRate {
    Catalog { hourly: Decimal, purchase_option: PurchaseOption },
    UserDiscount { percent: Decimal },
}

/// Which rate prices `option` for a type on demand at `on_demand_hourly`, and
/// the option's name with where its rate came from.
pub fn savings_plan_rate(option: &SavingsPlanOption, rates: &[SavingsPlanRate], on_demand_hourly: Decimal) -> Option<(PlanRate, Decimal, String)> {
    let purchase_option = option.purchase_option.unwrap_or(PurchaseOption::NoUpfront);
    let plan = match option.kind {
        SavingsPlanKind::Compute => skyplan_core::aws::SavingsPlanType::Compute,
        SavingsPlanKind::Ec2Instance => skyplan_core::aws::SavingsPlanType::Ec2Instance,
    };
    let base = savings_plan_name(option);
    let catalog = rates.iter().find(|r| r.plan == plan && r.term_years == option.term_years && r.purchase_option == purchase_option);
    match (catalog, option.discount_percent) {
        (Some(rate), _) if !on_demand_hourly.is_zero() => Some((
            PlanRate::Catalog { hourly: rate.hourly, purchase_option },
            Decimal::ONE - rate.hourly / on_demand_hourly,
            format!("{base} {} at the catalog rate {}/h", purchase_option.as_str(), rate.hourly.normalize()),
        )),
        (_, Some(d)) => Some((PlanRate::UserDiscount { percent: d.get() }, d.get() / Decimal::ONE_HUNDRED, format!("{base} at your {} % discount", d.get().normalize()))),
        _ => None,
    }
}

/// The share of a Savings Plan's commitment paid at the start of the term.
fn upfront_share(purchase_option: PurchaseOption) -> Decimal {
    match purchase_option {
        PurchaseOption::NoUpfront => Decimal::ZERO,
        PurchaseOption::PartialUpfront => Decimal::new(5, 1),
        PurchaseOption::AllUpfront => Decimal::ONE,
    }
}

/// A Savings Plan at `commitment` USD/h with `discount` (0–1), paid hour by hour.
pub fn savings_plan_at(name: String, term_years: u8, discount: Decimal, commitment: Decimal, usage: &Usage) -> CommitmentOutcome {
    savings_plan_paid(name, term_years, discount, commitment, Decimal::ZERO, usage)
}

/// The same with a `prepaid` share (0–1) of the term's commitment paid upfront.
fn savings_plan_paid(name: String, term_years: u8, discount: Decimal, commitment: Decimal, prepaid: Decimal, usage: &Usage) -> CommitmentOutcome {
    let rate = usage.on_demand_hourly * (Decimal::ONE - discount) / Decimal::from(60);
    let mut over = Decimal::ZERO;
    let mut used = Decimal::ZERO;
    for &m in usage.minutes_by_hour {
        let at_rate = Decimal::from(m) * rate;
        if at_rate > commitment {
            over += at_rate - commitment;
            used += commitment;
        } else {
            used += at_rate;
        }
    }
    let hours = Decimal::from(usage.hours());
    let over_on_demand = if discount == Decimal::ONE { Decimal::ZERO } else { over / (Decimal::ONE - discount) };
    // The prepaid share of the commitment is the term's upfront fee; the
    // rest is billed hour by hour.
    let recurring = commitment * hours * (Decimal::ONE - prepaid) + over_on_demand;
    let term_hours = Decimal::from(8760u32 * u32::from(term_years));
    let utilization = if commitment.is_zero() || hours.is_zero() { Decimal::ZERO } else { used / (commitment * hours) };
    let mut o = outcome(name, term_years, commitment * prepaid * term_hours, recurring, usage, utilization);
    o.hourly_commitment = Some(commitment.round_dp(4));
    o
}

/// The hourly commitment minimising the monthly cost.
pub fn best_savings_plan(name: String, term_years: u8, discount: Decimal, usage: &Usage) -> CommitmentOutcome {
    best_savings_plan_paid(name, term_years, discount, Decimal::ZERO, usage)
}

fn best_savings_plan_paid(name: String, term_years: u8, discount: Decimal, prepaid: Decimal, usage: &Usage) -> CommitmentOutcome {
    let mut sorted: Vec<u32> = usage.minutes_by_hour.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let rate = usage.on_demand_hourly * (Decimal::ONE - discount) / Decimal::from(60);
    let share = Decimal::ONE - discount;
    let index = (Decimal::from(sorted.len()) * share).floor();
    let index = usize::try_from(index.mantissa() / 10i128.pow(index.scale())).unwrap_or(0);
    let mut best = savings_plan_paid(name.clone(), term_years, discount, Decimal::ZERO, prepaid, usage);
    for i in [index.saturating_sub(1), index, index + 1] {
        if let Some(&m) = sorted.get(i) {
            let candidate = savings_plan_paid(name.clone(), term_years, discount, Decimal::from(m) * rate, prepaid, usage);
            if candidate.monthly < best.monthly {
                best = candidate;
            }
        }
    }
    best
}

/// Every option of a group: the plan's RIs (or every catalog offer of the
/// type when it names none) and Savings Plans.
pub fn evaluate(
    usage: &Usage,
    catalog: &CatalogCommitments,
    reserved: &[ReservedOption],
    savings_plans: &[SavingsPlanOption],
    instance_type: &str,
    region: &str,
) -> (Vec<CommitmentOutcome>, Vec<Unpriced>) {
    let mut outcomes = Vec::new();
    let mut unpriced = Vec::new();
    let table = split_table(usage);
    let catalog_offers = catalog.reserved;
    if reserved.is_empty() {
        outcomes.extend(catalog_offers.iter().map(|offer| best_reserved_from(offer, usage, &table)));
    }
    for option in reserved {
        let found = catalog_offers.iter().find(|o| {
            o.offering_class == option.offering_class && o.term_years == option.term_years && o.purchase_option == option.purchase_option
        });
        match found {
            Some(offer) => outcomes.push(match option.count {
                Some(count) => {
                    let mut o = reserved_at(offer, count, usage);
                    o.optimized = false;
                    o
                }
                None => best_reserved_from(offer, usage, &table),
            }),
            None => unpriced.push(Unpriced {
                option: reserved_name(option.offering_class, option.term_years, option.purchase_option),
                reason: format!("the catalog has no such Reserved Instance offer for {instance_type} in {region}"),
            }),
        }
    }
    for option in savings_plans {
        match savings_plan_rate(option, catalog.savings_plans, usage.on_demand_hourly) {
            None => unpriced.push(Unpriced {
                option: savings_plan_name(option),
                reason: format!(
                    "no {} Savings Plans rate for {instance_type} in {region} in the catalog; import AWS's Savings Plans offer file \
                     or give the plan's discount_percent",
                    option.purchase_option.unwrap_or(PurchaseOption::NoUpfront).as_str()
                ),
            }),
            Some((rate, discount, name)) => {
                let prepaid = match rate {
                    PlanRate::Catalog { purchase_option, .. } => upfront_share(purchase_option),
                    PlanRate::UserDiscount { .. } => Decimal::ZERO,
                };
                outcomes.push(match option.hourly_commitment {
                    Some(c) => {
                        let mut o = savings_plan_paid(name, option.term_years, discount, c.get(), prepaid, usage);
                        o.optimized = false;
                        o
                    }
                    None => best_savings_plan_paid(name, option.term_years, discount, prepaid, usage),
                });
            }
        }
    }
    (outcomes, unpriced)
}

/// The cheapest outcome, if it beats on demand.
pub fn recommend(outcomes: &[CommitmentOutcome]) -> Option<&CommitmentOutcome> {
    outcomes
        .iter()
        .filter(|o| o.monthly < o.on_demand_monthly)
        .min_by(|a, b| a.monthly.cmp(&b.monthly).then(a.option.cmp(&b.option)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(upfront: i64, hourly: &str) -> ReservedOffer {
        ReservedOffer {
            offering_class: OfferingClass::Standard,
            term_years: 1,
            purchase_option: if upfront == 0 { PurchaseOption::NoUpfront } else { PurchaseOption::PartialUpfront },
            upfront: Decimal::from(upfront),
            hourly: hourly.parse().unwrap(),
        }
    }

    #[test]
    fn steady_base_is_reserved_and_peaks_stay_on_demand() {
        // 730 h: 2 instances always, a third for 100 hours.
        let minutes: Vec<u32> = (0..730).map(|h| if h < 100 { 180 } else { 120 }).collect();
        let usage = Usage { minutes_by_hour: &minutes, on_demand_hourly: Decimal::ONE };
        let best = best_reserved(&offer(0, "0.6"), &usage);
        assert_eq!(best.instances, Some(2));
        assert_eq!(best.utilization_percent, Decimal::from(100));
        assert_eq!(best.break_even_month, Some(1));
        // On demand: 2 × 730 + 100 = 1560; reserved: 2 × 0.6 × 730 + 100 = 976.
        assert_eq!(best.on_demand_monthly, Decimal::from(1560));
        assert_eq!(best.monthly, Decimal::from(976));
        // 1200 upfront at 0.4/h: recurring 684 a month against 1560 saves 876 → month 2 (1200 ≤ 2 × 876).
        let upfront = best_reserved(&offer(600, "0.4"), &usage);
        assert_eq!(upfront.instances, Some(2));
        assert_eq!(upfront.break_even_month, Some(2));
        let sp = best_savings_plan("sp".into(), 1, "0.3".parse().unwrap(), &usage);
        assert!(sp.monthly < sp.on_demand_monthly);
        assert_eq!(sp.hourly_commitment, Some("1.4".parse().unwrap()));
    }
}
