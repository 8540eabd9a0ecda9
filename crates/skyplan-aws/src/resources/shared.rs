//! What the service modules share: the clients, a resource as it exists,
//! typed access to resolved properties, the owner check of a resource
//! found by name, and the rules of each resource type.

use crate::desired::DesiredResource;
use crate::error::{from_sdk, AwsError};
use crate::state::ResourceState;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A resource type a service module applies, and how its fields change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeRules {
    /// Terraform's name of the type, e.g. `aws_vpc`.
    pub name: &'static str,
    /// Fields changed in place; a change to any other replaces the resource.
    pub updatable: &'static [&'static str],
    /// Fields set at creation that AWS or the workload moves afterwards:
    /// never compared (as the Terraform modules `ignore_changes` them).
    pub ignored_after_create: &'static [&'static str],
}

/// Clients and the identity resources are created with.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub region: String,
    pub account_id: String,
    pub partition: String,
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub autoscaling: aws_sdk_autoscaling::Client,
    pub eks: aws_sdk_eks::Client,
    pub iam: aws_sdk_iam::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub s3: aws_sdk_s3::Client,
    pub kms: aws_sdk_kms::Client,
    pub secrets: aws_sdk_secretsmanager::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub sns: aws_sdk_sns::Client,
    pub ssm: aws_sdk_ssm::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    /// Destroy may turn off a database's deletion protection to delete it
    /// (`--disable-deletion-protection`); otherwise such a delete fails.
    pub disable_deletion_protection: bool,
}

impl Ctx {
    /// Clients from the standard credential chain (environment, shared
    /// config and credentials files with profiles and SSO, container and
    /// instance roles). aws-config reads `AWS_ENDPOINT_URL` and
    /// `AWS_ENDPOINT_URL_<SERVICE>` itself (the SDKs' "service-specific
    /// endpoints" setting:
    /// <https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html>).
    /// Throttling and transient errors are retried by the SDK's standard
    /// retry mode, here with up to 8 attempts (default 3) and exponential
    /// backoff with jitter
    /// (<https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html>).
    pub async fn connect(region: &str) -> Result<Ctx, AwsError> {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_string()));
        // AWS_MAX_ATTEMPTS (or max_attempts in the profile), when set, wins.
        if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            loader = loader
                .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(8));
        }
        let config = loader.load().await;
        // Against an S3 endpoint override (moto, LocalStack, MinIO) buckets
        // are addressed in the path: a virtual host `<bucket>.127.0.0.1`
        // does not resolve.
        let path_style = std::env::var_os("AWS_ENDPOINT_URL").is_some()
            || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(path_style)
                .build(),
        );
        let sts = aws_sdk_sts::Client::new(&config);
        let identity = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| from_sdk("sts:GetCallerIdentity", e))?;
        let account_id = identity.account().unwrap_or_default().to_string();
        let partition = identity
            .arn()
            .and_then(|arn| arn.split(':').nth(1))
            .filter(|p| !p.is_empty())
            .unwrap_or("aws")
            .to_string();
        Ok(Ctx {
            region: region.to_string(),
            account_id,
            partition,
            ec2: aws_sdk_ec2::Client::new(&config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            autoscaling: aws_sdk_autoscaling::Client::new(&config),
            eks: aws_sdk_eks::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            s3,
            kms: aws_sdk_kms::Client::new(&config),
            secrets: aws_sdk_secretsmanager::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            sns: aws_sdk_sns::Client::new(&config),
            ssm: aws_sdk_ssm::Client::new(&config),
            dynamodb: aws_sdk_dynamodb::Client::new(&config),
            disable_deletion_protection: false,
        })
    }
}

/// A resource as it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub id: String,
    /// Attributes other resources refer to (`arn`, `name`, …), `id` aside.
    pub attributes: BTreeMap<String, String>,
    /// The properties the API returns, in the bundle's form (references as
    /// the ids they resolve to). Only these are compared for drift.
    pub observed: Map<String, Value>,
}

impl Live {
    pub fn new(id: impl Into<String>) -> Live {
        Live {
            id: id.into(),
            attributes: BTreeMap::new(),
            observed: Map::new(),
        }
    }

    pub fn attr(mut self, name: &str, value: impl Into<String>) -> Live {
        self.attributes.insert(name.to_string(), value.into());
        self
    }

    pub fn observe(mut self, field: &str, value: impl Into<Value>) -> Live {
        self.observed.insert(field.to_string(), value.into());
        self
    }

    pub fn attributes_with_id(&self) -> BTreeMap<String, String> {
        let mut all = self.attributes.clone();
        all.insert("id".into(), self.id.clone());
        all
    }

    pub fn to_state(&self, kind: &str, props: &Value, resource: &DesiredResource) -> ResourceState {
        ResourceState {
            kind: kind.to_string(),
            id: self.id.clone(),
            attributes: self.attributes.clone(),
            properties: props.clone(),
            depends_on: resource.depends_on.clone(),
        }
    }
}

/// A change the type's rules call updatable but its module cannot make.
pub(crate) fn not_updatable(kind: &str) -> AwsError {
    AwsError::new("skyplan", None, format!("{kind} cannot be updated in place"))
}

pub(crate) fn unsupported(kind: &str) -> AwsError {
    AwsError::new(
        "skyplan",
        None,
        format!("resource type {kind} is not supported by this engine"),
    )
}

/// An SSM parameter's value (public AMI parameters).
pub async fn ssm_parameter(ctx: &Ctx, name: &str) -> Result<String, AwsError> {
    let out = ctx
        .ssm
        .get_parameter()
        .name(name)
        .send()
        .await
        .map_err(|e| from_sdk("ssm:GetParameter", e))?;
    out.parameter()
        .and_then(|p| p.value())
        .map(str::to_string)
        .ok_or_else(|| {
            AwsError::new(
                "ssm:GetParameter",
                None,
                format!("parameter {name} has no value"),
            )
        })
}

// ------------------------------------------------------------- property access

/// A resource's resolved properties, read only as the bundle's typed
/// struct of its type ([`Props::typed`]), never by string key.
pub struct Props<'a> {
    address: &'a str,
    value: &'a Value,
}

impl<'a> Props<'a> {
    pub fn new(address: &'a str, value: &'a Value) -> Props<'a> {
        Props { address, value }
    }

    /// The properties as the bundle's typed struct of the resource's type,
    /// with references resolved (`T<String>`); what does not fit names its
    /// field.
    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, AwsError> {
        serde_path_to_error::deserialize(self.value).map_err(|e| {
            AwsError::new("skyplan:read-bundle", None, format!("{}: {} ({})", self.address, e.path(), e.inner()))
        })
    }

    /// The JSON as it is, for recording it in the state.
    pub fn raw(&self) -> &'a Value {
        self.value
    }
}

/// A list of strings as a JSON value (observed properties).
pub fn json_strs<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> Value {
    Value::Array(items.into_iter().map(|s| Value::String(s.into())).collect())
}

/// Sorted, for properties AWS returns in no particular order.
pub fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

/// Checks that an object found by name belongs to this resource: its
/// `skyplan:address` tag must be the resource's (a same-named object of
/// another plan or made by hand is never adopted).
pub fn check_owner(
    r: &DesiredResource,
    found_name: &str,
    tags: &BTreeMap<String, String>,
) -> Result<(), AwsError> {
    let want_plan = r.tags.get("skyplan:plan-id");
    let want_address = r.tags.get("skyplan:address");
    if want_plan.is_none() {
        return Ok(());
    }
    if tags.get("skyplan:plan-id") == want_plan && tags.get("skyplan:address") == want_address {
        return Ok(());
    }
    Err(AwsError::new(
        "skyplan:adopt",
        Some("NameTaken"),
        format!(
            "{found_name} exists but is not {} of plan {} (its tags say address {:?}, plan {:?}): rename it or delete it",
            r.address,
            want_plan.map(String::as_str).unwrap_or_default(),
            tags.get("skyplan:address"),
            tags.get("skyplan:plan-id")
        ),
    ))
}
