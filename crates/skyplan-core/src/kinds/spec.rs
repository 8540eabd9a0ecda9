//! `Spec`, a component's settings as one variant per kind, and the dispatch
//! from `Kind` and `Spec` to each kind's [`ComponentKind`] description. All
//! of it is generated from the registry's list: there is no hand-written
//! match over kinds.

use super::kind::{Checking, ComponentKind, Kind, OwnPrice, ScalingGroup, Tier};
use crate::pricing::import::OfferProduct;
use crate::model::quantity::Quantity;
use crate::aws::{AlarmMetric, MetricSource, OriginKind};
use crate::cost::line::{Context, LineSpec};
use crate::model::problem::Problem;
use crate::model::schema::Field;
use crate::pricing::Catalog;
use serde::Serialize;
use serde_json::{Map, Value};

macro_rules! define_spec {
    ([$d:tt] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        /// A component's settings, one variant per kind.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Spec {
            $($variant(super::$module::$settings),)*
        }

        $(
            impl From<super::$module::$settings> for Spec {
                fn from(settings: super::$module::$settings) -> Spec {
                    Spec::$variant(settings)
                }
            }
        )*

        /// A price only one kind reads, declared in that kind's file.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum KindPrice {
            $($variant(<super::$module::$settings as ComponentKind>::Price),)*
        }

        impl KindPrice {
            /// Every kind's own prices, in registry order.
            pub fn all() -> Vec<KindPrice> {
                let mut all = Vec::new();
                $(all.extend(<super::$module::$settings as ComponentKind>::Price::ALL.iter().map(|&price| KindPrice::$variant(price)));)*
                all
            }

            pub fn name(self) -> &'static str {
                match self {
                    $(KindPrice::$variant(price) => price.name(),)*
                }
            }

            /// The kind's own price an offer-file product is, if any kind claims it.
            pub fn from_offer(product: &OfferProduct) -> Option<KindPrice> {
                $(if let Some(price) = <super::$module::$settings as ComponentKind>::offer_price(product) {
                    return Some(KindPrice::$variant(price));
                })*
                None
            }
        }

        impl Kind {
            pub fn label(self) -> &'static str {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::LABEL,)*
                }
            }

            pub fn icon(self) -> &'static str {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::ICON,)*
                }
            }

            /// Which scaling group of a component of this kind a cost line prices.
            pub fn scaling_group_of_line(self, line: &str) -> Option<Option<&str>> {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::scaling_group_of_line(line),)*
                }
            }

            /// The CloudWatch metric an alarm on `metric` watches for this kind.
            pub fn alarm_metric(self, metric: AlarmMetric) -> Option<MetricSource> {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::alarm_metric(metric),)*
                }
            }

            /// What a CloudFront distribution makes of this kind as an origin.
            pub fn origin(self) -> Option<OriginKind> {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::ORIGIN,)*
                }
            }

            pub fn default_tier(self) -> Tier {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::DEFAULT_TIER,)*
                }
            }

            pub fn allowed_tiers(self) -> &'static [Tier] {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::ALLOWED_TIERS,)*
                }
            }

            /// Every setting of the kind, in the order the form shows them.
            pub fn fields(self) -> &'static [Field] {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::FIELDS,)*
                }
            }

            /// The longest name AWS accepts for a component of this kind.
            pub fn max_name_length(self) -> usize {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::MAX_NAME_LENGTH,)*
                }
            }

            /// Runs inside the VPC, behind a security group of its own.
            pub fn in_vpc(self) -> bool {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::IN_VPC,)*
                }
            }

            /// Settings a newly added component of this kind starts with.
            pub fn default_settings(self, id: &str) -> Value {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::default_settings(id),)*
                }
            }

            /// Drops references to `id` from an override patch of a component of this kind.
            pub fn forget_in_override(self, patch: &mut Map<String, Value>, id: &str) {
                match self {
                    $(Kind::$variant => <super::$module::$settings as ComponentKind>::forget_in_override(patch, id),)*
                }
            }
        }

        impl Spec {
            pub fn kind(&self) -> Kind {
                match self {
                    $(Spec::$variant(_) => Kind::$variant,)*
                }
            }

            /// Reads the settings of a component of `kind` from a JSON object.
            /// Errors carry the path inside the settings (`node_groups[1].min`).
            pub fn from_settings(
                kind: Kind,
                settings: &Value,
            ) -> Result<Spec, serde_path_to_error::Error<serde_json::Error>> {
                Ok(match kind {
                    $(Kind::$variant => Spec::$variant(serde_path_to_error::deserialize(settings)?),)*
                })
            }

            pub fn default_port(&self) -> u16 {
                match self {
                    $(Spec::$variant(s) => s.default_port(),)*
                }
            }

            pub fn summary(&self) -> String {
                match self {
                    $(Spec::$variant(s) => s.summary(),)*
                }
            }

            pub fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
                match self {
                    $(Spec::$variant(s) => s.check(at, problems),)*
                }
            }

            pub fn check_against_catalog(&self, catalog: &Catalog, path: &dyn Fn(&str) -> String, problems: &mut Vec<Problem>) {
                match self {
                    $(Spec::$variant(s) => s.check_against_catalog(catalog, path, problems),)*
                }
            }

            pub fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
                match self {
                    $(Spec::$variant(s) => s.cost_lines(context),)*
                }
            }

            pub fn forget(&mut self, id: &str) {
                match self {
                    $(Spec::$variant(s) => s.forget(id),)*
                }
            }

            pub fn duplicated(&mut self) {
                match self {
                    $(Spec::$variant(s) => s.duplicated(),)*
                }
            }

            pub fn scaling_groups(&self) -> Vec<ScalingGroup<'_>> {
                match self {
                    $(Spec::$variant(s) => s.scaling_groups(),)*
                }
            }

            pub fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
                match self {
                    $(Spec::$variant(s) => s.scale_usage(scale),)*
                }
            }
        }

        /// `match_spec!(spec, settings => expression)`: evaluates the
        /// expression with `settings` bound to the variant's settings, for
        /// every kind. Crates outside the core dispatch to their own per-kind
        /// trait with it, so a kind without an implementation fails to compile.
        #[macro_export]
        macro_rules! match_spec {
            ($d spec:expr, $d settings:ident => $d body:expr) => {
                match $d spec {
                    $($crate::kinds::spec::Spec::$variant($d settings) => $d body,)*
                }
            };
        }

        /// `match_kind!(kind, K => expression)`: evaluates the expression with
        /// `K` a type alias of the kind's settings type, for every kind.
        #[macro_export]
        macro_rules! match_kind {
            ($d kind:expr, $d settings:ident => $d body:expr) => {
                match $d kind {
                    $($crate::kinds::kind::Kind::$variant => {
                        #[allow(dead_code)]
                        type $d settings = $crate::kinds::$module::$settings;
                        $d body
                    })*
                }
            };
        }
    };
}
for_each_kind!(define_spec $);

impl Spec {
    /// The settings as a JSON object (the inverse of [`Spec::from_settings`]).
    pub fn to_settings(&self) -> Map<String, Value> {
        match serde_json::to_value(self) {
            Ok(Value::Object(map)) => map,
            // Every variant is a struct with named fields, so this is unreachable
            // in practice; an empty object is the harmless answer.
            _ => Map::new(),
        }
    }
}
