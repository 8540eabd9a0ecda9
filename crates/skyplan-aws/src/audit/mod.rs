//! The scan behind `skyplan audit`: reads an account, region by region, into
//! skyplan-audit's [`Inventory`], with read-only calls only (`Describe*`,
//! `GetMetricData`; the moto tests record every call and assert it).
//!
//! - Regions are scanned concurrently; within a region, EC2, ELB, RDS and
//!   CloudWatch are read one after the other, and each failure is recorded
//!   as a [`ScanError`] (the action, whether it was denied) while the rest
//!   of the region is still read: the report is partial, never absent.
//! - CloudWatch figures are daily (period 86,400 s) over skyplan-audit's
//!   [`Window`]: whole UTC days, so every datapoint covers a full day.
//!   `CPUUtilization` is averaged, `DatabaseConnections` is the day's maximum
//!   (an instance with a single connection in a day is not idle).
//!   GetMetricData takes up to 500 queries a call
//!   (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html>).
//! - Credentials and endpoint come from the SDK's standard chain
//!   (environment, profiles, SSO; `AWS_ENDPOINT_URL`), the caller's `SdkConfig`.

mod cloudwatch;
mod ec2;
mod elb;
mod rds;

use aws_config::SdkConfig;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::http::Response as HttpResponse;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use skyplan_audit::inventory::{Inventory, RegionInventory, ScanError};
use skyplan_audit::Window;
use std::sync::Arc;

/// Receives one progress line at a time (the CLI prints them on stderr).
pub type Progress = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Regions to scan; empty: every region enabled for the account
    /// (`ec2:DescribeRegions`).
    pub regions: Vec<String>,
    /// Days of CloudWatch figures read (the audit's `days`).
    pub days: u32,
    /// The scan's time, Unix seconds.
    pub now: i64,
}

/// Error codes AWS answers a missing permission with: EC2
/// `UnauthorizedOperation`
/// (<https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html>),
/// query services `AccessDenied`, JSON and CBOR services `AccessDeniedException`.
const DENIED_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "UnauthorizedOperation",
    "AuthorizationError",
];

/// A failed call of `service:action`, as the report shows it.
pub(crate) fn scan_error<E>(region: &str, service: &str, action: &str, error: SdkError<E, HttpResponse>) -> ScanError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let (code, message, forbidden) = match &error {
        SdkError::ServiceError(service_error) => {
            let inner = service_error.err();
            let message = inner.message().map(str::to_string).unwrap_or_else(|| inner.to_string());
            (
                inner.code().map(str::to_string),
                message,
                service_error.raw().status().as_u16() == 403,
            )
        }
        other => (
            None,
            aws_smithy_types::error::display::DisplayErrorContext(other).to_string(),
            false,
        ),
    };
    // An HTTP 403 whose body the SDK could not read (no error code) is a refusal all the same.
    let access_denied = match code.as_deref() {
        Some(code) => DENIED_CODES.contains(&code),
        None => forbidden,
    };
    let message = if access_denied {
        format!("access denied: the AWS identity in use may not call {service}:{action}; grant it that action ({message})")
    } else {
        match code {
            Some(code) => format!("{service}:{action} failed: {code}: {message}"),
            None => format!("{service}:{action} failed: {message}"),
        }
    };
    ScanError {
        region: region.to_string(),
        service: service.to_string(),
        action: action.to_string(),
        access_denied,
        message,
    }
}

pub(crate) fn secs(time: Option<&aws_smithy_types::DateTime>) -> i64 {
    time.map(|t| t.secs()).unwrap_or_default()
}

/// The SDK configuration of the standard chain (environment, profiles, SSO;
/// `AWS_ENDPOINT_URL`), in `us-east-1` when none is configured: only
/// `DescribeRegions` uses it, every region is then scanned by name.
pub async fn sdk_config() -> SdkConfig {
    let config = aws_config::defaults(aws_config::BehaviorVersion::latest()).load().await;
    if config.region().is_some() {
        return config;
    }
    config.to_builder().region(aws_config::Region::from_static("us-east-1")).build()
}

/// The regions enabled for the account, sorted.
pub async fn enabled_regions(config: &SdkConfig) -> Result<Vec<String>, ScanError> {
    let region = config.region().map(|r| r.to_string()).unwrap_or_default();
    let client = aws_sdk_ec2::Client::new(config);
    let output = client
        .describe_regions()
        .send()
        .await
        .map_err(|e| scan_error(&region, "ec2", "DescribeRegions", e))?;
    let mut regions: Vec<String> = output
        .regions()
        .iter()
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    regions.sort();
    Ok(regions)
}

async fn scan_region(config: SdkConfig, region: String, window: Window, progress: Progress) -> RegionInventory {
    let config = config.to_builder().region(aws_config::Region::new(region.clone())).build();
    let mut inventory = RegionInventory {
        region: region.clone(),
        ..RegionInventory::default()
    };
    progress(&format!("{region}: reading EC2 instances, volumes, addresses and snapshots"));
    ec2::scan(&config, &mut inventory).await;
    progress(&format!("{region}: reading load balancers and their targets"));
    elb::scan(&config, &mut inventory).await;
    progress(&format!("{region}: reading RDS instances and snapshots"));
    rds::scan(&config, &mut inventory).await;
    progress(&format!(
        "{region}: reading {} days of CloudWatch figures for {} instances and {} databases",
        window.days,
        inventory.instances.len(),
        inventory.databases.len()
    ));
    cloudwatch::scan(&config, window, &mut inventory).await;
    progress(&format!(
        "{region}: done ({} instances, {} volumes, {} addresses, {} load balancers, {} databases, {} snapshots{})",
        inventory.instances.len(),
        inventory.volumes.len(),
        inventory.addresses.len(),
        inventory.load_balancers.len(),
        inventory.databases.len(),
        inventory.snapshots.len(),
        if inventory.errors.is_empty() {
            String::new()
        } else {
            format!(", {} calls failed", inventory.errors.len())
        }
    ));
    inventory
}

/// Scans every region concurrently; regions come back in the order asked.
pub async fn scan(config: &SdkConfig, options: &ScanOptions, progress: Progress) -> Inventory {
    let mut inventory = Inventory {
        now: options.now,
        regions: Vec::new(),
    };
    let regions = if options.regions.is_empty() {
        match enabled_regions(config).await {
            Ok(regions) => regions,
            Err(error) => {
                let region = error.region.clone();
                inventory.regions.push(RegionInventory {
                    region,
                    errors: vec![error],
                    ..RegionInventory::default()
                });
                return inventory;
            }
        }
    } else {
        options.regions.clone()
    };
    progress(&format!(
        "scanning {} region{}: {}",
        regions.len(),
        if regions.len() == 1 { "" } else { "s" },
        regions.join(", ")
    ));
    let window = Window::of(options.now, options.days);
    let mut tasks = tokio::task::JoinSet::new();
    for (index, region) in regions.iter().enumerate() {
        let task = scan_region(config.clone(), region.clone(), window, progress.clone());
        tasks.spawn(async move { (index, task.await) });
    }
    let mut scanned: Vec<Option<RegionInventory>> = vec![None; regions.len()];
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((index, region)) => scanned[index] = Some(region),
            Err(error) => progress(&format!("a region's scan stopped: {error}")),
        }
    }
    for (region, result) in regions.iter().zip(scanned) {
        inventory.regions.push(result.unwrap_or_else(|| RegionInventory {
            region: region.clone(),
            errors: vec![ScanError {
                region: region.clone(),
                service: "skyplan".into(),
                action: "scan".into(),
                access_denied: false,
                message: "the region's scan stopped unexpectedly".into(),
            }],
            ..RegionInventory::default()
        }));
    }
    inventory
}
