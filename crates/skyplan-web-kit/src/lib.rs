//! What the web app's two wasm modules share: the page (skyplan-web) and
//! its analysis views (skyplan-web-analysis, fetched the first time one of
//! their tabs is opened). `browser` and `catalog_loader` are the browser's
//! services both use; `bridge` is what they say to each other.

pub mod bridge;
pub mod browser;
pub mod catalog_loader;
pub mod user_catalogs;
mod zip;
