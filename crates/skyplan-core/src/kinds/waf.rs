//! WAF: a web ACL, its rules (a managed rule group counts as one), and the
//! requests it inspects.

use super::kind::{Checking, ComponentKind, Tier, NoOwnPrices};
use crate::model::problem::Problem;
use crate::model::quantity::Quantity;
use crate::model::schema::{field, Field, Input};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use crate::cost::line::{Context, LineSpec};
use crate::pricing::PriceKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WafScope {
    Cloudfront,
    Regional,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum WafRule {
    /// Blocks an IP that sends more than `limit` requests in 5 minutes.
    RateLimit { name: String, limit: u32 },
    /// An AWS managed rule group, e.g. `AWSManagedRulesCommonRuleSet`.
    Managed { name: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waf {
    pub scope: WafScope,
    pub rules: Vec<WafRule>,
    /// Requests inspected per month, millions.
    pub requests_millions: Quantity,
}

impl ComponentKind for Waf {
    const LABEL: &'static str = "WAF web ACL";
    const ICON: &'static str = "WAF";
    const DEFAULT_TIER: Tier = Tier::Edge;
    const ALLOWED_TIERS: &'static [Tier] = &[Tier::Edge];
    const FIELDS: &'static [Field] = &[
        field("scope", "Scope", Input::Choice(&["cloudfront", "regional"])),
        field("rules", "Rules", Input::Json),
        field("requests_millions", "Requests (millions/month)", Input::Amount),
    ];
    const IN_VPC: bool = false;
    const MAX_NAME_LENGTH: usize = 64;
    type Price = NoOwnPrices;

    fn default_settings(_id: &str) -> Value {
        json!({ "scope": "cloudfront", "rules": [], "requests_millions": 0 })
    }

    fn summary(&self) -> String {
        let rate = self.rules.iter().find_map(|r| match r {
            WafRule::RateLimit { limit, .. } => Some(format!(" · {limit}/5 min per IP")),
            WafRule::Managed { .. } => None,
        });
        format!("{} rule{}{}", self.rules.len(), if self.rules.len() == 1 { "" } else { "s" }, rate.unwrap_or_default())
    }

    fn check(&self, at: &Checking, problems: &mut Vec<Problem>) {
        let path = at.path;
        let mut names = BTreeSet::new();
        for (r, rule) in self.rules.iter().enumerate() {
            let (name, limit) = match rule {
                WafRule::RateLimit { name, limit } => (name, Some(*limit)),
                WafRule::Managed { name } => (name, None),
            };
            if name.is_empty() {
                problems.push(Problem::new(path(&format!("rules[{r}]")), "has an empty name"));
            }
            if !names.insert(name.as_str()) {
                problems.push(Problem::new(path(&format!("rules[{r}]")), format!("\"{name}\" is used by another rule; rule names must be unique")));
            }
            if let Some(limit) = limit {
                if !(10..=2_000_000_000).contains(&limit) {
                    problems.push(Problem::new(path(&format!("rules[{r}].rate_limit.limit")), format!("{limit} is out of range; expected 10 to 2000000000 requests per 5 minutes")));
                }
            }
        }
    }

    fn cost_lines(&self, context: &Context) -> Vec<LineSpec> {
        lines(self, context)
    }

    fn scale_usage(&mut self, scale: &dyn Fn(Quantity) -> Quantity) {
        self.requests_millions = scale(self.requests_millions);
    }
}

fn lines(waf: &Waf, _context: &Context) -> Vec<LineSpec> {
    let rules = waf.rules.iter().filter(|r| matches!(r, WafRule::RateLimit { .. })).count();
    let groups = waf.rules.len() - rules;
    // A CloudFront-scoped ACL is billed under WAF's global price list.
    let [acl, rule, group, requests] = match waf.scope {
        WafScope::Cloudfront => [
            PriceKey::WafGlobalWebAclMonth,
            PriceKey::WafGlobalRuleMonth,
            PriceKey::WafGlobalRuleGroupMonth,
            PriceKey::WafGlobalRequestsPerMillion,
        ],
        WafScope::Regional => {
            [PriceKey::WafWebAclMonth, PriceKey::WafRuleMonth, PriceKey::WafRuleGroupMonth, PriceKey::WafRequestsPerMillion]
        }
    };
    vec![
        LineSpec::key("Web ACL", Decimal::ONE, "ACLs", acl),
        LineSpec::key("Rules", Decimal::from(rules), "rules", rule),
        LineSpec::key("Managed rule groups", Decimal::from(groups), "rule groups", group),
        LineSpec::key("Requests inspected", waf.requests_millions.get(), "million requests", requests),
    ]
}
