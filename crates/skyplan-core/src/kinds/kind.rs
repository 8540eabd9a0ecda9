//! What every component kind describes of itself ([`ComponentKind`]), and
//! the plain names of the kinds and tiers. Nothing here knows a particular
//! kind: `Kind` is generated from the registry's list.

use crate::aws::{AlarmMetric, MetricSource, OriginKind};
use crate::cost::line::{Context, LineSpec};
use crate::model::problem::Problem;
use crate::model::quantity::Quantity;
use crate::model::schema::Field;
use crate::pricing::import::OfferProduct;
use crate::pricing::Catalog;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The tiers of a tiered architecture, in the order the planner draws them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Edge,
    Web,
    App,
    Data,
    Cache,
    Storage,
    Network,
}

impl Tier {
    pub const ALL: [Tier; 7] =
        [Tier::Edge, Tier::Web, Tier::App, Tier::Data, Tier::Cache, Tier::Storage, Tier::Network];

    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Edge => "edge",
            Tier::Web => "web",
            Tier::App => "app",
            Tier::Data => "data",
            Tier::Cache => "cache",
            Tier::Storage => "storage",
            Tier::Network => "network",
        }
    }

    pub fn parse(text: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

macro_rules! define_kind {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        /// A component kind, as spelled in the plan's `kind` field.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Kind {
            $(#[serde(rename = $name)] $variant,)*
        }

        impl Kind {
            const COUNT: usize = [$($name),*].len();

            pub const ALL: [Kind; Kind::COUNT] = [$(Kind::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}
for_each_kind!(define_kind);

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A scaling group of a component, as the simulators see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingGroup<'a> {
    /// `None` for the component itself (an Auto Scaling group), the group's
    /// name for a group inside it (an EKS node group): the plan's
    /// `simulation` block names it `<component id>/<name>`.
    pub name: Option<&'a str>,
    pub instance_types: &'a [String],
    pub min: u32,
    pub desired: u32,
    pub max: u32,
    pub spot: bool,
}

/// Where a kind's checks report and what they may look up in the plan.
pub struct Checking<'a> {
    /// Every component id of the plan.
    pub ids: &'a [&'a str],
    /// The kind of a component, by id.
    pub kind_of: &'a dyn Fn(&str) -> Option<Kind>,
    /// Maps a setting path (`node_groups[1].min`) to the JSON path the user
    /// should look at.
    pub path: &'a dyn Fn(&str) -> String,
}

/// Everything the core knows of one component kind. Each kind implements it
/// in `kinds/<kind>.rs`, on its settings type.
pub trait ComponentKind: Sized + Clone + PartialEq + fmt::Debug + Serialize + DeserializeOwned {
    /// Human name, for tables and the palette.
    const LABEL: &'static str;
    /// The few letters a diagram card shows as the kind's icon.
    const ICON: &'static str;
    /// The lane a component of this kind sits in unless the plan says otherwise.
    const DEFAULT_TIER: Tier;
    /// The lanes a component of this kind may sit in.
    const ALLOWED_TIERS: &'static [Tier];
    /// Every setting, in the order the form shows them.
    const FIELDS: &'static [Field];
    /// Runs inside the VPC, behind a security group of its own: a plan
    /// with such a component needs a vpc component.
    const IN_VPC: bool;
    /// The longest name a component of this kind is given: AWS's limit for
    /// what it is named by (a load balancer 32, a DB instance identifier
    /// 63, ...) less the suffixes the export and the bundle add.
    const MAX_NAME_LENGTH: usize;

    /// The prices only this kind reads, declared in its own file
    /// ([`NoOwnPrices`] for a kind priced by shared keys alone). The
    /// catalog holds them as `PriceKey::Kind`.
    type Price: OwnPrice;

    /// Which of the kind's own prices a product of an AWS Price List offer
    /// file is, for `skyplan pricing import`.
    fn offer_price(_product: &OfferProduct) -> Option<Self::Price> {
        None
    }

    /// Settings a newly added component starts with: small, valid, priced.
    fn default_settings(id: &str) -> Value;

    /// The port a new connection to a component of this kind usually uses:
    /// HTTPS unless the kind says otherwise (AWS's service endpoints).
    fn default_port(&self) -> u16 {
        443
    }

    /// A card's one-line summary of the settings that drive its cost.
    fn summary(&self) -> String;

    /// What types cannot express: ranges, orderings, references. Kinds
    /// whose settings the types check entirely have nothing to add.
    fn check(&self, _at: &Checking, _problems: &mut Vec<Problem>) {}

    /// Whether the region's catalog offers the instance types, classes and
    /// node types the settings name (prices themselves may still be
    /// missing). Kinds that name none have nothing to check.
    fn check_against_catalog(&self, _catalog: &Catalog, _path: &dyn Fn(&str) -> String, _problems: &mut Vec<Problem>) {}

    /// The cost lines, declared: quantities, units and where prices come from.
    fn cost_lines(&self, context: &Context) -> Vec<LineSpec>;

    /// Drops every reference to the component `id`, which is being deleted.
    /// Kinds whose settings name no other component have none.
    fn forget(&mut self, _id: &str) {}

    /// The same, in an environment's override (a JSON merge patch) of such a component.
    fn forget_in_override(_patch: &mut Map<String, Value>, _id: &str) {}

    /// Adjusts a copy made by Duplicate, for kinds whose settings hold a
    /// name AWS requires to be unique.
    fn duplicated(&mut self) {}

    /// The scaling groups the component holds: what the simulators scale
    /// and the forecast grows. Most kinds hold none.
    fn scaling_groups(&self) -> Vec<ScalingGroup<'_>> {
        Vec::new()
    }

    /// Which of the component's scaling groups a cost line of it prices,
    /// from the line's name: `Some(None)` for the component itself,
    /// `Some(Some(name))` for a group inside it, `None` for neither.
    fn scaling_group_of_line(_line: &str) -> Option<Option<&str>> {
        None
    }

    /// The CloudWatch metric an alarm on `metric` watches for a component of
    /// this kind; `None` where the kind publishes no such percentage.
    fn alarm_metric(_metric: AlarmMetric) -> Option<MetricSource> {
        None
    }

    /// What a CloudFront distribution makes of a component of this kind as
    /// an origin; `None` where it cannot be one.
    const ORIGIN: Option<OriginKind> = None;

    /// Multiplies the settings that follow usage (traffic, data, requests)
    /// by the growth `scale` applies; capacity settings stay as planned.
    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity);
}

/// A price one kind declares for itself: every value and the dotted name
/// a catalog file spells it with (`<kind>.<what>`).
pub trait OwnPrice: Copy + Eq + Ord + std::hash::Hash + fmt::Debug + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
}

/// The own prices of a kind that has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoOwnPrices {}

impl OwnPrice for NoOwnPrices {
    const ALL: &'static [Self] = &[];
    fn name(self) -> &'static str {
        match self {}
    }
}

pub(crate) fn default_true() -> bool {
    true
}
