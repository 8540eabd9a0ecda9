//! Share links: a whole plan carried in a URL fragment, deflated and
//! base64url-encoded, so it opens on another machine with no server.

use super::plan::{parse_plan, Plan, ValidPlan, MAX_PLAN_BYTES};
use super::problem::{Problem, Problems};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// The URL fragment key: `#plan=<code>`.
pub const FRAGMENT_KEY: &str = "plan=";

/// Encodes a plan for a URL fragment (compact JSON, deflated, base64url).
pub fn encode(plan: &Plan) -> String {
    let json = serde_json::to_vec(plan).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9))
}

/// Decodes and validates a plan from [`encode`]'s output.
pub fn decode(code: &str) -> Result<ValidPlan, Problems> {
    let refuse = |message: String| Problems(vec![Problem::new("$", message)]);
    let compressed = URL_SAFE_NO_PAD
        .decode(code.trim().as_bytes())
        .map_err(|e| refuse(format!("the share link is damaged (not base64url: {e})")))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PLAN_BYTES)
        .map_err(|_| refuse("the share link is damaged or holds more than a plan (could not decompress it)".into()))?;
    let text = String::from_utf8(json).map_err(|_| refuse("the share link does not hold text".into()))?;
    parse_plan(&text)
}
