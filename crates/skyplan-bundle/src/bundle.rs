//! The plan bundle: what `skyplan apply` applies, sealed by a digest.
//!
//! # Format (`format_version: 1`)
//!
//! A JSON object with exactly these members: `format_version`,
//! `skyplan_version`, `plan_id`, `plan` (the normalised plan: the plan as
//! skyplan writes it back, every environment included), `environment`,
//! `region`, `options` (what the plan does not say: tags, certificate,
//! time zone), `pricing` (catalog version, region, currency),
//! `estimate` (monthly and annual cost of the environment as decimal
//! strings, and the prices the catalog lacks), `notes` (what the graph
//! leaves out), `graph` (the [`ResourceGraph`]) and `digest`.
//!
//! # Digest
//!
//! `digest` is `sha256:` and the lowercase hex SHA-256 of the canonical
//! JSON ([`crate::canonical`]: keys sorted, no whitespace, plain numbers)
//! of the bundle object without its `digest` member. Reading re-computes
//! it over the canonical form of what it read, so a bundle reformatted by
//! a JSON tool still verifies, and any change of content does not.
//! [`to_json`] writes the canonical form itself (with `digest`), so every
//! byte of a written bundle matters: changing any one is refused.
//!
//! # Plan id
//!
//! `<plan slug>.<environment slug>.<8 hex>`, the hex being the start of
//! SHA-256(`<plan name>` NUL `<environment name>`). It depends on the
//! plan's name and the environment's only, not on the plan's content, so
//! an edited plan applies onto the resources the previous bundle created
//! (apply finds them by their `skyplan:plan-id` tag); renaming the plan
//! starts a new deployment.

use crate::build::graph_of;
use crate::ctx::{BuildError, GraphOptions};
use crate::canonical::to_canonical;
use crate::graph::{GraphError, ResourceGraph};
use crate::names;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use skyplan_core::model::{plan_from_value, Problems};
use skyplan_core::{Catalog, ValidPlan};

/// The bundle format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Bundles larger than this are refused before parsing: a bundle of the
/// largest template is under 200 KB.
pub const MAX_BUNDLE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    pub format_version: u32,
    /// The skyplan that made the bundle.
    pub skyplan_version: String,
    /// Tags every resource (`skyplan:plan-id`); see the module docs.
    pub plan_id: String,
    /// The normalised plan.
    pub plan: Value,
    pub environment: String,
    pub region: String,
    pub options: BundleOptions,
    pub pricing: PricingVersion,
    pub estimate: EstimateSummary,
    /// What the graph does not carry over from the plan or the export.
    pub notes: Vec<String>,
    pub graph: ResourceGraph,
    /// `sha256:<hex>`; see the module docs.
    pub digest: String,
}

/// [`GraphOptions`] as recorded in the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleOptions {
    pub owner: String,
    pub cost_center: String,
    pub certificate_arn: Option<String>,
    pub schedule_time_zone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingVersion {
    /// The catalog's `version`.
    pub catalog_version: String,
    pub region: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateSummary {
    /// The environment's monthly cost (730 hours), unrounded, as a decimal string.
    pub monthly: Decimal,
    pub annual: Decimal,
    /// Prices the catalog lacks; their lines are in no total.
    pub missing_prices: Vec<MissingPrice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissingPrice {
    pub component: String,
    pub line: String,
    pub price: String,
}

/// Why a bundle cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildBundleError {
    #[error(transparent)]
    Graph(#[from] BuildError),
    #[error("the catalog prices {catalog}, the plan is in {plan}")]
    CatalogRegion { catalog: String, plan: String },
    #[error("the resource graph is unsound (a bug in skyplan): {0}")]
    Unsound(#[from] GraphError),
}

/// Why a bundle is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    #[error("the bundle is {size} bytes; bundles larger than {max} bytes are refused")]
    TooLarge { size: usize, max: usize },
    #[error("the bundle is not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("the bundle is truncated: its JSON ends early at line {line}, column {column}")]
    Truncated { line: usize, column: usize },
    #[error("the bundle is not valid JSON: {message} at line {line}, column {column}")]
    InvalidJson { line: usize, column: usize, message: String },
    #[error("the bundle is not a plan bundle: {0}")]
    NotABundle(String),
    #[error("the bundle was made by a newer skyplan (format_version {found}); this skyplan reads format_version {FORMAT_VERSION}")]
    NewerFormat { found: u64 },
    #[error("format_version: {found} is not a bundle format version (this skyplan reads format_version {FORMAT_VERSION})")]
    UnknownFormat { found: String },
    #[error("digest: {found:?} is not a digest; expected \"sha256:\" and 64 lowercase hex digits")]
    MalformedDigest { found: String },
    #[error("the bundle was modified after it was created: digest {actual} expected {expected}")]
    DigestMismatch { actual: String, expected: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("plan: the bundle's plan is not valid:\n{0}")]
    InvalidPlan(Problems),
    #[error("{0}")]
    Inconsistent(String),
}

/// The plan id of an environment of a plan; see the module docs.
pub fn plan_id(plan_name: &str, environment: &str) -> String {
    let hash = Sha256::digest(format!("{plan_name}\0{environment}").as_bytes());
    let hex: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let env = names::slug(environment);
    format!("{}.{}.{hex}", names::plan_slug(plan_name), if env.is_empty() { "env" } else { &env })
}

/// Makes the bundle of environment `environment` of `plan`, priced with
/// `catalog` (the plan's region's).
pub fn build(plan: &ValidPlan, environment: &str, catalog: &Catalog, options: &GraphOptions) -> Result<Bundle, BuildBundleError> {
    let region = plan.plan().region.clone();
    if catalog.region != region {
        return Err(BuildBundleError::CatalogRegion {
            catalog: catalog.region.clone(),
            plan: region,
        });
    }
    let id = plan_id(&plan.plan().name, environment);
    let (graph, notes) = graph_of(plan, environment, &id, options)?;
    graph.check()?;
    let estimate = skyplan_core::estimate(plan, catalog);
    let cost = estimate.environment(environment);
    let summary = EstimateSummary {
        monthly: cost.map(|c| c.monthly).unwrap_or_default(),
        annual: cost.map(|c| c.annual).unwrap_or_default(),
        missing_prices: estimate
            .missing_prices
            .iter()
            .filter(|m| m.environment == environment)
            .map(|m| MissingPrice {
                component: m.component.clone(),
                line: m.line.clone(),
                price: m.price.clone(),
            })
            .collect(),
    };
    let mut bundle = Bundle {
        format_version: FORMAT_VERSION,
        skyplan_version: skyplan_core::VERSION.to_string(),
        plan_id: id,
        // Plain data with string keys: serialising cannot fail.
        plan: serde_json::to_value(plan.plan()).unwrap_or(Value::Null),
        environment: environment.to_string(),
        region,
        options: BundleOptions {
            owner: options.owner.clone(),
            cost_center: options.cost_center.clone(),
            certificate_arn: options.certificate_arn.clone(),
            schedule_time_zone: options.schedule_time_zone.clone(),
        },
        pricing: PricingVersion {
            catalog_version: catalog.version.clone(),
            region: catalog.region.clone(),
            currency: catalog.currency.clone(),
        },
        estimate: summary,
        notes,
        graph,
        digest: String::new(),
    };
    bundle.digest = digest_of(&content_value(&bundle));
    Ok(bundle)
}

/// The bundle as a JSON value without its digest.
fn content_value(bundle: &Bundle) -> Value {
    let mut value = serde_json::to_value(bundle).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.remove("digest");
    }
    value
}

/// `sha256:<hex>` of the canonical form of `content`.
pub fn digest_of(content: &Value) -> String {
    let hash = Sha256::digest(to_canonical(content).as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The bundle file: its canonical JSON.
pub fn to_json(bundle: &Bundle) -> String {
    to_canonical(&serde_json::to_value(bundle).unwrap_or(Value::Null))
}

impl Bundle {
    /// The bundle's plan, validated again.
    pub fn valid_plan(&self) -> Result<ValidPlan, Problems> {
        ValidPlan::new(plan_from_value(&self.plan)?)
    }

    /// The options the graph was built with.
    pub fn graph_options(&self) -> GraphOptions {
        GraphOptions {
            owner: self.options.owner.clone(),
            cost_center: self.options.cost_center.clone(),
            certificate_arn: self.options.certificate_arn.clone(),
            schedule_time_zone: self.options.schedule_time_zone.clone(),
        }
    }
}

/// Reads a bundle and checks it: JSON, format version, digest, fields
/// (with their JSON paths), the plan, and the graph's soundness.
pub fn verify(bytes: &[u8]) -> Result<Bundle, BundleError> {
    verify_unescaped(bytes).map_err(BundleError::escaped)
}

impl BundleError {
    /// Values quoted from the bundle are shown with their control
    /// characters escaped (the plan's problems are, as they are made).
    fn escaped(self) -> BundleError {
        let shown = skyplan_core::model::printable;
        match self {
            BundleError::InvalidJson { line, column, message } => BundleError::InvalidJson { line, column, message: shown(message) },
            BundleError::NotABundle(text) => BundleError::NotABundle(shown(text)),
            BundleError::UnknownFormat { found } => BundleError::UnknownFormat { found: shown(found) },
            BundleError::MalformedDigest { found } => BundleError::MalformedDigest { found: shown(found) },
            BundleError::Invalid { path, message } => BundleError::Invalid { path: shown(path), message: shown(message) },
            BundleError::Inconsistent(text) => BundleError::Inconsistent(shown(text)),
            other @ (BundleError::TooLarge { .. }
            | BundleError::NotUtf8 { .. }
            | BundleError::Truncated { .. }
            | BundleError::NewerFormat { .. }
            | BundleError::DigestMismatch { .. }
            | BundleError::InvalidPlan(_)) => other,
        }
    }
}

fn verify_unescaped(bytes: &[u8]) -> Result<Bundle, BundleError> {
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge {
            size: bytes.len(),
            max: MAX_BUNDLE_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| BundleError::NotUtf8 { offset: e.valid_up_to() })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            BundleError::Truncated {
                line: e.line(),
                column: e.column(),
            }
        } else {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            BundleError::InvalidJson {
                line: e.line(),
                column: e.column(),
                message,
            }
        }
    })?;
    let Value::Object(map) = &value else {
        return Err(BundleError::NotABundle("the JSON is not an object".into()));
    };
    // The version first: a newer bundle may have members this one does not know.
    match map.get("format_version") {
        None => return Err(BundleError::NotABundle("it has no format_version".into())),
        Some(Value::Number(n)) if n.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > u64::from(FORMAT_VERSION)) => {
            return Err(BundleError::NewerFormat {
                found: n.as_u64().unwrap_or_default(),
            })
        }
        Some(other) => return Err(BundleError::UnknownFormat { found: other.to_string() }),
    }
    let expected = match map.get("digest") {
        None => return Err(BundleError::NotABundle("it has no digest".into())),
        Some(Value::String(s))
            if s.strip_prefix("sha256:")
                .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))) =>
        {
            s.clone()
        }
        Some(other) => return Err(BundleError::MalformedDigest { found: other.to_string() }),
    };
    let mut content = value.clone();
    if let Value::Object(m) = &mut content {
        m.remove("digest");
    }
    let actual = digest_of(&content);
    if actual != expected {
        return Err(BundleError::DigestMismatch { actual, expected });
    }
    let bundle: Bundle = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = e.path().to_string();
        BundleError::Invalid {
            path: if path == "." { "$".into() } else { path },
            message: e.into_inner().to_string(),
        }
    })?;
    check_consistency(&bundle)?;
    Ok(bundle)
}

/// What a digest cannot show: a bundle made by a tool other than skyplan
/// whose parts disagree.
fn check_consistency(bundle: &Bundle) -> Result<(), BundleError> {
    let plan = bundle.valid_plan().map_err(BundleError::InvalidPlan)?;
    let inconsistent = |text: String| Err(BundleError::Inconsistent(text));
    if plan.environment(&bundle.environment).is_none() {
        return inconsistent(format!("environment: the plan has no environment \"{}\"", bundle.environment));
    }
    if plan.plan().region != bundle.region {
        return inconsistent(format!(
            "region: \"{}\" is not the plan's region \"{}\"",
            bundle.region,
            plan.plan().region
        ));
    }
    let id = plan_id(&plan.plan().name, &bundle.environment);
    if bundle.plan_id != id {
        return inconsistent(format!("plan_id: \"{}\" is not the plan's id \"{id}\"", bundle.plan_id));
    }
    bundle.graph.check().map_err(|e| BundleError::Inconsistent(format!("graph: {e}")))?;
    Ok(())
}
