//! (in progress)

use super::{Ctx, Live, Props};
use crate::desired::DesiredResource;
use crate::error::AwsError;
use crate::state::ResourceState;

const KINDS: &[&str] = &[];

pub fn handles(kind: &str) -> bool {
    KINDS.contains(&kind)
}

pub async fn create(_ctx: &Ctx, r: &DesiredResource, _p: &Props<'_>) -> Result<Live, AwsError> {
    Err(super::unsupported(&r.kind))
}

pub async fn read(_ctx: &Ctx, r: &DesiredResource, _rs: &ResourceState) -> Result<Option<Live>, AwsError> {
    Err(super::unsupported(&r.kind))
}

pub async fn find(_ctx: &Ctx, r: &DesiredResource, _p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    Err(super::unsupported(&r.kind))
}

pub async fn update(_ctx: &Ctx, r: &DesiredResource, _live: &Live, _p: &Props<'_>, _fields: &[&str]) -> Result<Live, AwsError> {
    Err(super::unsupported(&r.kind))
}

pub async fn delete(_ctx: &Ctx, kind: &str, _rs: &ResourceState, _p: &Props<'_>) -> Result<(), AwsError> {
    Err(super::unsupported(kind))
}
