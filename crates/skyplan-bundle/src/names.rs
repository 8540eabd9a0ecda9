//! Naming rules: skyplan-terraform's (`names`), so that a bundle and an
//! export of the same plan name every AWS resource the same way, and the
//! Project tag's value, which the export computes in HCL.

pub use skyplan_terraform::names::{
    bucket_name, identifiers, is_graviton, loose_identifier, parameter_group_family, plan_slug, price_class,
    resource_name, slug, snake, storage_class, zone_letters,
};

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
