//! Names: HCL identifiers for components, and AWS resource names that fit
//! each service's rules. Every function here is deterministic, so the same
//! plan always gives the same names.

use skyplan_core::aws::{DbEngine, Geography, S3Class};
use std::collections::{BTreeMap, BTreeSet};

/// Root-module variables and module names of our own, which a component's
/// identifier must not take.
pub const RESERVED: &[&str] = &[
    "environment",
    "region",
    "project",
    "name_prefix",
    "owner",
    "cost_center",
    "certificate_arn",
    "alarm_emails",
    "schedule_time_zone",
];

/// A component id (`[a-z][a-z0-9-]*`) as an HCL identifier: `-` becomes `_`.
/// Ids never contain `_`, so this is one-to-one.
pub fn snake(id: &str) -> String {
    id.replace('-', "_")
}

/// Unique identifiers for a list of ids, in order: each id's snake form,
/// unless that is reserved, in which case `_component` (then a counter) is
/// appended until the name is free. Natural names are claimed first so a
/// renamed id never takes another id's natural name.
pub fn identifiers<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let ids: Vec<&str> = ids.into_iter().collect();
    let natural: BTreeSet<String> = ids.iter().map(|id| snake(id)).collect();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = BTreeMap::new();
    for id in &ids {
        let base = snake(id);
        if !RESERVED.contains(&base.as_str()) {
            taken.insert(base.clone());
            out.insert(id.to_string(), base);
        }
    }
    for id in &ids {
        if out.contains_key(*id) {
            continue;
        }
        let base = format!("{}_component", snake(id));
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) || natural.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.insert(id.to_string(), candidate);
    }
    out
}

/// Any text as an identifier: letters, digits, `_` and `-` kept (ASCII
/// only), everything else `_`, a leading non-letter prefixed with `r_`.
pub fn loose_identifier(text: &str) -> String {
    let mut out: String = text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "r_");
    }
    out
}

/// Text as a lowercase DNS-style slug: ASCII letters and digits, runs of
/// anything else become one `-`, no leading or trailing `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// An AWS resource name of at most `max` characters from parts joined by `-`:
/// starts with a letter, no `--`, no trailing `-`. When it must be cut, a
/// short hash of the whole keeps cut names of different parts apart.
pub fn resource_name(parts: &[&str], max: usize) -> String {
    let mut joined = slug(&parts.join("-"));
    if !joined.starts_with(|c: char| c.is_ascii_lowercase()) {
        joined.insert_str(0, "x-");
    }
    if joined.len() <= max {
        return joined;
    }
    let hash = format!("{:04x}", fnv1a(joined.as_bytes()) & 0xffff);
    let mut head: String = joined.chars().take(max.saturating_sub(5)).collect();
    while head.ends_with('-') {
        head.pop();
    }
    format!("{head}-{hash}")
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The zone letters of the regions skyplan prices, in the order used. Zones
/// are pinned by name so that the subnets never move when AWS opens a new
/// zone; us-east-1e is left out (it lacks most current instance types), as
/// is ap-northeast-1's retired b.
pub fn zone_letters(region: &str) -> &'static [&'static str] {
    match region {
        "us-east-1" => &["a", "b", "c", "d", "f"],
        "us-west-2" => &["a", "b", "c", "d"],
        "ap-northeast-1" => &["a", "c", "d"],
        _ => &["a", "b", "c"],
    }
}

/// The plan's name as a prefix of resource names: at most 24 characters.
pub fn plan_slug(plan_name: &str) -> String {
    let slug = slug(plan_name);
    let slug: String = slug.chars().take(24).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "skyplan".to_string()
    } else {
        slug
    }
}

/// EC2 families whose letters after the generation digit include `g` run on
/// Graviton (arm64): m6g, t4g, c7gn, r8g; g4dn (GPU, x86) does not match.
pub fn is_graviton(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    match family.find(|c: char| c.is_ascii_digit()) {
        Some(at) => family[at..].trim_start_matches(|c: char| c.is_ascii_digit()).contains('g'),
        None => false,
    }
}

/// The parameter group family of an engine version: postgres16, mysql8.0,
/// mariadb10.11 (PostgreSQL names majors from 10 on with one number).
pub fn parameter_group_family(engine: DbEngine, version: &str) -> String {
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or_default();
    let minor = parts.next().unwrap_or("0");
    match engine {
        DbEngine::Postgres if major.parse::<u32>().is_ok_and(|m| m >= 10) => format!("postgres{major}"),
        DbEngine::Postgres => format!("postgres{major}.{minor}"),
        DbEngine::Mysql => format!("mysql{major}.{minor}"),
        DbEngine::Mariadb => format!("mariadb{major}.{minor}"),
    }
}

/// The storage class names S3 lifecycle rules take.
pub fn storage_class(class: S3Class) -> &'static str {
    match class {
        S3Class::Standard => "STANDARD",
        S3Class::IntelligentTiering => "INTELLIGENT_TIERING",
        S3Class::StandardIa => "STANDARD_IA",
        S3Class::OneZoneIa => "ONEZONE_IA",
        S3Class::GlacierFlexible => "GLACIER",
        S3Class::GlacierDeepArchive => "DEEP_ARCHIVE",
    }
}

/// A bucket name per environment: environments share an account as often
/// as not, and bucket names are global. `<bucket>-<env>`, cut to 63.
pub fn bucket_name(bucket: &str, env: &str) -> String {
    let full = format!("{bucket}-{env}");
    if full.len() <= 63 {
        return full;
    }
    let mut head: String = bucket.chars().take(63 - env.len() - 1).collect();
    while head.ends_with(['-', '.']) {
        head.pop();
    }
    format!("{head}-{env}")
}

/// The cheapest CloudFront price class that serves every geography given.
pub fn price_class(geographies: &BTreeSet<Geography>) -> &'static str {
    let in_100 = |g: &Geography| matches!(g, Geography::NorthAmerica | Geography::Europe);
    let in_200 = |g: &Geography| in_100(g) || matches!(g, Geography::Japan | Geography::AsiaPacific | Geography::India | Geography::MiddleEastAfrica);
    if geographies.iter().all(in_100) {
        "PriceClass_100"
    } else if geographies.iter().all(in_200) {
        "PriceClass_200"
    } else {
        "PriceClass_All"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_unique_and_avoid_reserved_names() {
        let ids = identifiers(["region", "region-component", "web-tier", "owner"]);
        assert_eq!(ids["region"], "region_component_2");
        assert_eq!(ids["region-component"], "region_component");
        assert_eq!(ids["web-tier"], "web_tier");
        assert_eq!(ids["owner"], "owner_component");
    }

    #[test]
    fn resource_names_fit() {
        assert_eq!(resource_name(&["SaaS three-tier", "production", "alb"], 32), "saas-three-tier-production-alb");
        let long = resource_name(&["a very long plan name indeed", "production", "load-balancer"], 32);
        assert!(long.len() <= 32 && !long.contains("--"), "{long}");
        assert_eq!(resource_name(&["3 tier", "dev", "db"], 63), "x-3-tier-dev-db");
    }
}
