//! elasticache makes no resource type of its own: the service modules of
//! `resources/` apply the types it shares with other kinds.

impl super::ApplyKind for skyplan_core::kinds::ElastiCache {}
