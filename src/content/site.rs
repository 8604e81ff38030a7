//! Shape of `content/site.yaml`.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/` or
    /// `https://example.org/docs/`; its path is the sub-path of every page.
    pub base_url: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    pub families: Vec<String>,
}
