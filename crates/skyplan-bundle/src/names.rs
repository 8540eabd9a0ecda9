//! Naming rules of the Terraform export, so that a bundle and an export of
//! the same plan name every AWS resource the same way: the general rules are
//! skyplan-terraform's own (`names`); what its `env.rs` decides privately is
//! repeated below, and `tests/agreement.rs` checks both give the same names
//! for the built-in templates.

pub use skyplan_terraform::names::{identifiers, loose_identifier, resource_name, slug, snake};

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
