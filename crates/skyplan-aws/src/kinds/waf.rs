//! waf makes no resource type of its own: the service modules of
//! `resources/` apply the types it shares with other kinds;
//! its web ACL and association are optional in the bundle, and not applied yet.

impl super::ApplyKind for skyplan_core::kinds::Waf {}
