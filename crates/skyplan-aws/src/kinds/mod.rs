//! The resource types a component kind makes alone (its bundle file's
//! `BundleKind::Resource`), applied by the same-named file here. One file
//! per kind, declared from the core's list of kinds, so a kind without one
//! fails to compile; a kind whose resources are all types several kinds
//! share (applied by `resources/<service>.rs`) keeps an empty
//! `impl ApplyKind`.

use crate::desired::DesiredResource;
use crate::error::AwsError;
use crate::resources::{unsupported, Ctx, Live, TypeRules};
use crate::state::ResourceState;
use serde_json::Value;

/// How the engine creates, reads, finds, updates and deletes the resource
/// types one kind declares for itself. The engine routes a resource here
/// only when its type is in [`ApplyKind::TYPES`], so the defaults (for a
/// kind with no own types) answer what they are: an unsupported type.
pub(crate) trait ApplyKind {
    /// The rules of each type this kind alone makes.
    const TYPES: &'static [TypeRules] = &[];

    async fn create(_ctx: &Ctx, r: &DesiredResource, _props: &Value) -> Result<Live, AwsError> {
        Err(unsupported(&r.kind))
    }

    async fn read(_ctx: &Ctx, r: &DesiredResource, _rs: &ResourceState) -> Result<Option<Live>, AwsError> {
        Err(unsupported(&r.kind))
    }

    async fn find(_ctx: &Ctx, r: &DesiredResource, _props: &Value) -> Result<Option<Live>, AwsError> {
        Err(unsupported(&r.kind))
    }

    async fn update(_ctx: &Ctx, r: &DesiredResource, _live: &Live, _props: &Value, _fields: &[&str]) -> Result<Live, AwsError> {
        Err(unsupported(&r.kind))
    }

    async fn delete(_ctx: &Ctx, kind: &str, _rs: &ResourceState) -> Result<(), AwsError> {
        Err(unsupported(kind))
    }
}

fn owns<K: ApplyKind>(resource_type: &str) -> bool {
    K::TYPES.iter().any(|t| t.name == resource_type)
}

macro_rules! define_kinds {
    ([] $($variant:ident = $name:literal => $module:ident :: $settings:ident,)*) => {
        $(mod $module;)*

        /// The rules of every type some kind makes alone.
        pub(crate) const TYPES: &[&[TypeRules]] = &[$(<skyplan_core::kinds::$module::$settings as ApplyKind>::TYPES,)*];

        pub(crate) async fn create(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Live, AwsError> {
            $(if owns::<skyplan_core::kinds::$module::$settings>(&r.kind) {
                return <skyplan_core::kinds::$module::$settings as ApplyKind>::create(ctx, r, props).await;
            })*
            Err(unsupported(&r.kind))
        }

        pub(crate) async fn read(ctx: &Ctx, r: &DesiredResource, rs: &ResourceState) -> Result<Option<Live>, AwsError> {
            $(if owns::<skyplan_core::kinds::$module::$settings>(&r.kind) {
                return <skyplan_core::kinds::$module::$settings as ApplyKind>::read(ctx, r, rs).await;
            })*
            Err(unsupported(&r.kind))
        }

        pub(crate) async fn find(ctx: &Ctx, r: &DesiredResource, props: &Value) -> Result<Option<Live>, AwsError> {
            $(if owns::<skyplan_core::kinds::$module::$settings>(&r.kind) {
                return <skyplan_core::kinds::$module::$settings as ApplyKind>::find(ctx, r, props).await;
            })*
            Err(unsupported(&r.kind))
        }

        pub(crate) async fn update(ctx: &Ctx, r: &DesiredResource, live: &Live, props: &Value, fields: &[&str]) -> Result<Live, AwsError> {
            $(if owns::<skyplan_core::kinds::$module::$settings>(&r.kind) {
                return <skyplan_core::kinds::$module::$settings as ApplyKind>::update(ctx, r, live, props, fields).await;
            })*
            Err(unsupported(&r.kind))
        }

        pub(crate) async fn delete(ctx: &Ctx, kind: &str, rs: &ResourceState) -> Result<(), AwsError> {
            $(if owns::<skyplan_core::kinds::$module::$settings>(kind) {
                return <skyplan_core::kinds::$module::$settings as ApplyKind>::delete(ctx, kind, rs).await;
            })*
            Err(unsupported(kind))
        }
    };
}
skyplan_core::for_each_kind!(define_kinds);

/// Whether some kind makes `resource_type` alone.
pub(crate) fn handles(resource_type: &str) -> bool {
    TYPES.iter().flat_map(|types| types.iter()).any(|t| t.name == resource_type)
}
