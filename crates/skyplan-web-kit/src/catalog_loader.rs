//! Gets a region's pricing catalog: the user's own (kept in the browser, see
//! [`crate::user_catalogs`]) where there is one, else the app's bundled
//! `pricing-data/`.

use skyplan_core::Catalog;

/// Where the app is in getting a region's prices.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogState {
    Loading { region: String },
    Ready(std::sync::Arc<Catalog>),
    Failed { region: String, message: String },
}

pub async fn fetch_catalog(region: &str) -> Result<Catalog, String> {
    if let Some(catalog) = crate::user_catalogs::catalog(region).await {
        return Ok(catalog);
    }
    let url = format!("pricing-data/{region}.json");
    let response = gloo_net::http::Request::get(&url)
        .send()
        .await
        .map_err(|e| format!("could not fetch {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("could not fetch {url}: HTTP {} {}", response.status(), response.status_text()));
    }
    let bytes = response.binary().await.map_err(|e| format!("could not read {url}: {e}"))?;
    Catalog::from_json(&bytes).map_err(|e| format!("{url}: {e}"))
}
