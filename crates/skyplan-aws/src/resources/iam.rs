//! IAM roles, their managed-policy attachments and inline policies, and
//! instance profiles. Roles and instance profiles are found by their
//! account-unique names; attachments and inline policies through their role.

use super::shared::{check_owner, not_updatable, Ctx, Live, Props, TypeRules};
use crate::desired::DesiredResource;
use skyplan_bundle::resources::{AwsManagedPolicy, IamInstanceProfile, IamRole, IamRolePolicy, IamRolePolicyAttachment};
use crate::error::{retry_consistency, sdk, AwsError};
use crate::state::ResourceState;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::Duration;

/// The types this module applies: the fields each changes in place (any
/// other change replaces it) and those set at creation that AWS or the
/// workload moves afterwards, never compared (as the Terraform modules'
/// `ignore_changes`).
pub(super) const TYPES: &[TypeRules] = &[
    TypeRules { name: "aws_iam_role", updatable: &["assume_role_actions", "assumed_by_service"], ignored_after_create: &[] },
    TypeRules { name: "aws_iam_role_policy_attachment", updatable: &[], ignored_after_create: &[] },
    TypeRules { name: "aws_iam_role_policy", updatable: &["statements"], ignored_after_create: &[] },
    TypeRules { name: "aws_iam_instance_profile", updatable: &["role"], ignored_after_create: &[] },
];

pub fn handles(kind: &str) -> bool {
    TYPES.iter().any(|t| t.name == kind)
}

fn iam_tags(tags: &BTreeMap<String, String>) -> Vec<aws_sdk_iam::types::Tag> {
    tags.iter()
        .filter_map(|(k, v)| {
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .ok()
        })
        .collect()
}

fn tag_map(tags: &[aws_sdk_iam::types::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect()
}

fn assume_policy(role: &IamRole) -> String {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": role.assumed_by_service }, "Action": role.assume_role_actions }]
    })
    .to_string()
}

/// An AWS managed policy's ARN in the account's partition.
fn managed_policy_arn(ctx: &Ctx, policy: &AwsManagedPolicy) -> String {
    format!("arn:{}:iam::aws:policy{}{}", ctx.partition, policy.path, policy.name)
}

fn inline_policy(policy: &IamRolePolicy<String>) -> String {
    let statements: Vec<Value> = policy
        .statements
        .iter()
        .map(|s| {
            let resources: Vec<String> = s.resources.iter().map(|r| format!("{}{}", r.arn, r.suffix)).collect();
            json!({ "Sid": s.sid, "Effect": s.effect, "Action": s.actions, "Resource": resources })
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

pub async fn create(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Live, AwsError> {
    let iam = &ctx.iam;
    match r.kind.as_str() {
        "aws_iam_role" => {
            let role: IamRole = p.typed()?;
            let name = role.name.as_str();
            iam.create_role()
                .role_name(name)
                .assume_role_policy_document(assume_policy(&role))
                .set_tags(Some(iam_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("iam:CreateRole"))?;
            read_role(ctx, name).await
        }
        "aws_iam_role_policy_attachment" => {
            let attachment: IamRolePolicyAttachment<String> = p.typed()?;
            let role = attachment.role.as_str();
            let arn = managed_policy_arn(ctx, &attachment.policy);
            // A role just created may not be visible to IAM yet.
            retry_consistency(Duration::from_secs(120), || async {
                iam.attach_role_policy()
                    .role_name(role)
                    .policy_arn(&arn)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(sdk("iam:AttachRolePolicy"))
            })
            .await?;
            Ok(Live::new(format!("{role}/{arn}")))
        }
        "aws_iam_role_policy" => {
            let policy: IamRolePolicy<String> = p.typed()?;
            let (role, name) = (policy.role.as_str(), policy.name.as_str());
            iam.put_role_policy()
                .role_name(role)
                .policy_name(name)
                .policy_document(inline_policy(&policy))
                .send()
                .await
                .map_err(sdk("iam:PutRolePolicy"))?;
            Ok(Live::new(format!("{role}:{name}")))
        }
        "aws_iam_instance_profile" => {
            let profile: IamInstanceProfile<String> = p.typed()?;
            let name = profile.name.as_str();
            iam.create_instance_profile()
                .instance_profile_name(name)
                .set_tags(Some(iam_tags(&r.tags)))
                .send()
                .await
                .map_err(sdk("iam:CreateInstanceProfile"))?;
            iam.add_role_to_instance_profile()
                .instance_profile_name(name)
                .role_name(&profile.role)
                .send()
                .await
                .map_err(sdk("iam:AddRoleToInstanceProfile"))?;
            read_profile(ctx, name).await
        }
        other => Err(super::shared::unsupported(other)),
    }
}

async fn read_role(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let out = ctx
        .iam
        .get_role()
        .role_name(name)
        .send()
        .await
        .map_err(sdk("iam:GetRole"))?;
    let role = out
        .role()
        .ok_or_else(|| AwsError::new("iam:GetRole", Some("NoSuchEntity"), name.to_string()))?;
    Ok(Live::new(name)
        .attr("arn", role.arn())
        .attr("name", role.role_name())
        .observe("name", role.role_name()))
}

async fn role_tags(ctx: &Ctx, name: &str) -> Result<BTreeMap<String, String>, AwsError> {
    let out = ctx
        .iam
        .list_role_tags()
        .role_name(name)
        .send()
        .await
        .map_err(sdk("iam:ListRoleTags"))?;
    Ok(tag_map(out.tags()))
}

async fn read_profile(ctx: &Ctx, name: &str) -> Result<Live, AwsError> {
    let out = ctx
        .iam
        .get_instance_profile()
        .instance_profile_name(name)
        .send()
        .await
        .map_err(sdk("iam:GetInstanceProfile"))?;
    let profile = out.instance_profile().ok_or_else(|| {
        AwsError::new(
            "iam:GetInstanceProfile",
            Some("NoSuchEntity"),
            name.to_string(),
        )
    })?;
    let role = profile
        .roles()
        .first()
        .map(|r| r.role_name().to_string())
        .unwrap_or_default();
    Ok(Live::new(name)
        .attr("arn", profile.arn())
        .attr("name", profile.instance_profile_name())
        .observe("name", profile.instance_profile_name())
        .observe("role", role))
}

async fn read_attachment(ctx: &Ctx, role: &str, arn: &str) -> Result<Option<Live>, AwsError> {
    let out = ctx
        .iam
        .list_attached_role_policies()
        .role_name(role)
        .send()
        .await
        .map_err(sdk("iam:ListAttachedRolePolicies"))?;
    Ok(out
        .attached_policies()
        .iter()
        .any(|p| p.policy_arn() == Some(arn))
        .then(|| Live::new(format!("{role}/{arn}")).observe("role", role)))
}

async fn read_inline(ctx: &Ctx, role: &str, name: &str) -> Result<Option<Live>, AwsError> {
    ctx.iam
        .get_role_policy()
        .role_name(role)
        .policy_name(name)
        .send()
        .await
        .map_err(sdk("iam:GetRolePolicy"))?;
    Ok(Some(
        Live::new(format!("{role}:{name}"))
            .observe("role", role)
            .observe("name", name),
    ))
}

pub async fn read(
    ctx: &Ctx,
    r: &DesiredResource,
    rs: &ResourceState,
) -> Result<Option<Live>, AwsError> {
    let id = rs.id.as_str();
    match r.kind.as_str() {
        "aws_iam_role" => Ok(Some(read_role(ctx, id).await?)),
        "aws_iam_instance_profile" => Ok(Some(read_profile(ctx, id).await?)),
        "aws_iam_role_policy_attachment" => {
            let (role, arn) = id.split_once('/').unwrap_or((id, ""));
            read_attachment(ctx, role, arn).await
        }
        "aws_iam_role_policy" => {
            let (role, name) = id.split_once(':').unwrap_or((id, ""));
            read_inline(ctx, role, name).await
        }
        other => Err(super::shared::unsupported(other)),
    }
}

/// A reference resolved to a value, or `None` while it is known only after apply.
fn known(value: &str) -> Option<&str> {
    (value != crate::desired::UNKNOWN).then_some(value)
}

pub async fn find(ctx: &Ctx, r: &DesiredResource, p: &Props<'_>) -> Result<Option<Live>, AwsError> {
    match r.kind.as_str() {
        "aws_iam_role" => {
            let role: IamRole = p.typed()?;
            let name = role.name.as_str();
            let live = read_role(ctx, name).await?;
            check_owner(r, name, &role_tags(ctx, name).await?)?;
            Ok(Some(live))
        }
        "aws_iam_instance_profile" => {
            let profile: IamInstanceProfile<String> = p.typed()?;
            let name = profile.name.as_str();
            let out = ctx
                .iam
                .get_instance_profile()
                .instance_profile_name(name)
                .send()
                .await
                .map_err(sdk("iam:GetInstanceProfile"))?;
            let tags = out
                .instance_profile()
                .map(|i| tag_map(i.tags()))
                .unwrap_or_default();
            check_owner(r, name, &tags)?;
            // Killed between creating the profile and adding its role: the
            // role observed is empty, so the plan shows an update that adds it.
            Ok(Some(read_profile(ctx, name).await?))
        }
        "aws_iam_role_policy_attachment" => {
            let attachment: IamRolePolicyAttachment<String> = p.typed()?;
            match known(&attachment.role) {
                Some(role) => read_attachment(ctx, role, &managed_policy_arn(ctx, &attachment.policy)).await,
                None => Ok(None),
            }
        }
        "aws_iam_role_policy" => {
            let policy: IamRolePolicy<String> = p.typed()?;
            match known(&policy.role) {
                Some(role) => read_inline(ctx, role, &policy.name).await,
                None => Ok(None),
            }
        }
        other => Err(super::shared::unsupported(other)),
    }
}

pub async fn update(
    ctx: &Ctx,
    r: &DesiredResource,
    live: &Live,
    p: &Props<'_>,
    _fields: &[&str],
) -> Result<Live, AwsError> {
    match r.kind.as_str() {
        "aws_iam_role" => {
            let role: IamRole = p.typed()?;
            ctx.iam
                .update_assume_role_policy()
                .role_name(&live.id)
                .policy_document(assume_policy(&role))
                .send()
                .await
                .map_err(sdk("iam:UpdateAssumeRolePolicy"))?;
            read_role(ctx, &live.id).await
        }
        "aws_iam_role_policy" => create(ctx, r, p).await,
        "aws_iam_instance_profile" => {
            if let Some(old) = live
                .observed
                .get("role")
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
            {
                ctx.iam
                    .remove_role_from_instance_profile()
                    .instance_profile_name(&live.id)
                    .role_name(old)
                    .send()
                    .await
                    .map_err(sdk("iam:RemoveRoleFromInstanceProfile"))?;
            }
            let profile: IamInstanceProfile<String> = p.typed()?;
            ctx.iam
                .add_role_to_instance_profile()
                .instance_profile_name(&live.id)
                .role_name(&profile.role)
                .send()
                .await
                .map_err(sdk("iam:AddRoleToInstanceProfile"))?;
            read_profile(ctx, &live.id).await
        }
        other => Err(not_updatable(other)),
    }
}

pub async fn delete(
    ctx: &Ctx,
    kind: &str,
    rs: &ResourceState,
    _p: &Props<'_>,
) -> Result<(), AwsError> {
    let iam = &ctx.iam;
    let id = rs.id.as_str();
    match kind {
        "aws_iam_role" => {
            retry_consistency(Duration::from_secs(120), || async {
                iam.delete_role()
                    .role_name(id)
                    .send()
                    .await
                    .map(|_| ())
                    .map_err(sdk("iam:DeleteRole"))
            })
            .await
        }
        "aws_iam_instance_profile" => {
            let live = read_profile(ctx, id).await?;
            if let Some(role) = live
                .observed
                .get("role")
                .and_then(Value::as_str)
                .filter(|r| !r.is_empty())
            {
                iam.remove_role_from_instance_profile()
                    .instance_profile_name(id)
                    .role_name(role)
                    .send()
                    .await
                    .map_err(sdk("iam:RemoveRoleFromInstanceProfile"))?;
            }
            iam.delete_instance_profile()
                .instance_profile_name(id)
                .send()
                .await
                .map_err(sdk("iam:DeleteInstanceProfile"))?;
            Ok(())
        }
        "aws_iam_role_policy_attachment" => {
            let (role, arn) = id.split_once('/').unwrap_or((id, ""));
            iam.detach_role_policy()
                .role_name(role)
                .policy_arn(arn)
                .send()
                .await
                .map_err(sdk("iam:DetachRolePolicy"))?;
            Ok(())
        }
        "aws_iam_role_policy" => {
            let (role, name) = id.split_once(':').unwrap_or((id, ""));
            iam.delete_role_policy()
                .role_name(role)
                .policy_name(name)
                .send()
                .await
                .map_err(sdk("iam:DeleteRolePolicy"))?;
            Ok(())
        }
        other => Err(super::shared::unsupported(other)),
    }
}
