//! WAF: a web ACL, its rules (a managed rule group counts as one), and the
//! requests it inspects.

use super::{Context, LineSpec};
use crate::model::{Waf, WafRule};
use crate::pricing::PriceKey;
use rust_decimal::Decimal;

pub fn lines(waf: &Waf, _context: &Context) -> Vec<LineSpec> {
    let rules = waf.rules.iter().filter(|r| matches!(r, WafRule::RateLimit { .. })).count();
    let groups = waf.rules.len() - rules;
    vec![
        LineSpec::key("Web ACL", Decimal::ONE, "ACLs", PriceKey::WafWebAclMonth),
        LineSpec::key("Rules", Decimal::from(rules), "rules", PriceKey::WafRuleMonth),
        LineSpec::key("Managed rule groups", Decimal::from(groups), "rule groups", PriceKey::WafRuleGroupMonth),
        LineSpec::key("Requests inspected", waf.requests_millions.get(), "million requests", PriceKey::WafRequestsPerMillion),
    ]
}
