//! data_transfer makes no resource type of its own: the service modules of
//! `resources/` apply the types it shares with other kinds;
//! it prices traffic and makes no resource.

impl super::ApplyKind for skyplan_core::kinds::DataTransfer {}
