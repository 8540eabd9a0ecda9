//! The Terraform export's naming rules, so that a bundle and an export of
//! the same plan name every AWS resource the same way. skyplan-terraform
//! keeps these private (its `names.rs` and `env.rs`); they are repeated
//! here, and `tests/agreement.rs` checks that both give the same names
//! for the built-in templates.

use std::collections::{BTreeMap, BTreeSet};

/// skyplan-terraform's `names::RESERVED`: root variables a component's
/// identifier must not take.
const RESERVED: &[&str] = &[
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

pub fn snake(id: &str) -> String {
    id.replace('-', "_")
}

/// skyplan-terraform's `names::identifiers`: each component id's HCL
/// identifier, used in the keys of security group rules and alarms.
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

/// WAF rule names as identifiers (skyplan-terraform's `names::loose_identifier`).
pub fn loose_identifier(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "r_");
    }
    out
}

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

/// skyplan-terraform's `names::resource_name`: at most `max` characters,
/// starting with a letter; a cut name ends with a short hash of the whole.
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
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// skyplan-terraform's `env::plan_slug`: the plan's name as a prefix of at
/// most 24 characters.
pub fn plan_slug(plan_name: &str) -> String {
    let slug: String = slug(plan_name).chars().take(24).collect();
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "skyplan".to_string()
    } else {
        slug
    }
}

/// skyplan-terraform's `env::bucket_name`: `<bucket>-<env>`, cut to 63.
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

/// skyplan-terraform's `env::zone_letters`: zones pinned by name, us-east-1e
/// and ap-northeast-1b left out (see there).
pub fn zone_letters(region: &str) -> &'static [&'static str] {
    match region {
        "us-east-1" => &["a", "b", "c", "d", "f"],
        "us-west-2" => &["a", "b", "c", "d"],
        "ap-northeast-1" => &["a", "c", "d"],
        _ => &["a", "b", "c"],
    }
}

/// skyplan-terraform's `env::is_graviton`.
pub fn is_graviton(instance_type: &str) -> bool {
    let family = instance_type.split('.').next().unwrap_or_default();
    match family.find(|c: char| c.is_ascii_digit()) {
        Some(at) => family[at..].trim_start_matches(|c: char| c.is_ascii_digit()).contains('g'),
        None => false,
    }
}

/// skyplan-terraform's `env::parameter_group_family`.
pub fn parameter_group_family(engine: skyplan_core::aws::DbEngine, version: &str) -> String {
    use skyplan_core::aws::DbEngine;
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

/// The Project tag: the plan's name without what AWS refuses in tag values
/// (the export's `replace(var.project, "/[^\p{L}\p{N}\p{Zs}_.:/=+@-]/", "")`;
/// tag values allow letters, digits, spaces and `_ . : / = + - @`:
/// <https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html>).
pub fn project_tag(plan_name: &str) -> String {
    plan_name
        .chars()
        .filter(|&c| {
            c.is_alphanumeric() || c == ' ' || (c.is_whitespace() && !c.is_control() && c != '\u{2028}' && c != '\u{2029}') || "_.:/=+@-".contains(c)
        })
        .collect()
}
