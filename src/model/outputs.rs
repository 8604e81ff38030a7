//! Every file of the output as a job named by its route. The set of outputs is
//! derived from the model and the static files alone, never collected while
//! rendering, so two builds can be matched file by file and the question
//! "which outputs does this change affect" has an answer before anything runs.

use super::{Job, Route, Site};
use crate::output::{MANIFEST, is_reserved_name};

/// URLs per sitemap file. The protocol allows 50,000 URLs and 50 MB; an entry
/// with its alternates takes under 1 KB, so 10,000 stays far inside both.
pub const SITEMAP_URLS: usize = 10_000;

/// A file under `static/`, copied as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path relative to `static/` and to the output root.
    pub rel: String,
    pub path: std::path::PathBuf,
    /// Content hash of its bytes, read when the inputs are fingerprinted.
    pub hash: u64,
}

/// One output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputJob {
    /// A localized page.
    Page(Job),
    /// The language chooser at the site root.
    Root,
    NotFound,
    Robots,
    SitemapIndex,
    /// The n-th sitemap (0-based) of `SITEMAP_URLS` page URLs.
    Sitemap(usize),
    /// The JSON Schema of the data files.
    DataSchema,
    /// A family's codes in one locale, as JSON.
    Data {
        family: usize,
        locale: usize,
    },
    /// Index into the static files.
    Static(usize),
}

impl Site {
    /// Every URL a sitemap lists: the root, then every localized page.
    pub fn sitemap_routes(&self) -> impl Iterator<Item = Route<'_>> + '_ {
        std::iter::once(Route::Root).chain(self.jobs().map(|job| self.route(job)))
    }

    pub fn sitemap_count(&self) -> usize {
        (self.page_count() + 1).div_ceil(SITEMAP_URLS)
    }

    /// Every output file, in a stable order: the site-wide files, the
    /// localized pages, then the static files.
    pub fn outputs(&self, statics: &[StaticFile]) -> impl Iterator<Item = OutputJob> + Send + '_ {
        let globals = [
            OutputJob::Root,
            OutputJob::NotFound,
            OutputJob::Robots,
            OutputJob::SitemapIndex,
            OutputJob::DataSchema,
        ];
        let locales = self.locales.len();
        let data = (0..self.families.len()).flat_map(move |family| {
            (0..locales).map(move |locale| OutputJob::Data { family, locale })
        });
        globals
            .into_iter()
            .chain((0..self.sitemap_count()).map(OutputJob::Sitemap))
            .chain(data)
            .chain(self.jobs().map(OutputJob::Page))
            .chain((0..statics.len()).map(OutputJob::Static))
    }

    pub fn output_count(&self, statics: &[StaticFile]) -> usize {
        5 + self.sitemap_count()
            + self.families.len() * self.locales.len()
            + self.page_count()
            + statics.len()
    }

    /// The file an output is written to, relative to the output root.
    pub fn output_path(&self, statics: &[StaticFile], output: OutputJob) -> String {
        match output {
            OutputJob::Page(job) => self.route(job).file(),
            OutputJob::Root => Route::Root.file(),
            OutputJob::NotFound => "404.html".into(),
            OutputJob::Robots => "robots.txt".into(),
            OutputJob::SitemapIndex => "sitemap.xml".into(),
            OutputJob::Sitemap(n) => sitemap_path(n),
            OutputJob::DataSchema => crate::render::data::SCHEMA_FILE.into(),
            OutputJob::Data { family, locale } => self.data_path(family, locale),
            OutputJob::Static(i) => statics[i].rel.clone(),
        }
    }
}

impl Site {
    /// `{locale}/{family}/codes.json`, beside the family index.
    pub fn data_path(&self, family: usize, locale: usize) -> String {
        let index = Route::Family {
            locale: &self.locales[locale].id,
            family: &self.families[family].id,
        };
        format!("{}{}", index.dir(), crate::render::data::DATA_FILE)
    }
}

pub fn sitemap_path(n: usize) -> String {
    format!("sitemaps/{}.xml", n + 1)
}

/// Static files whose path the site generates itself, or a folder of it, or
/// that statusdex keeps for its own bookkeeping, each once, with the first
/// output it collides with. Both `check` and `build` refuse them: one would
/// silently replace the other.
pub fn static_collisions(site: &Site, statics: &[StaticFile]) -> Vec<(String, String)> {
    let mut found = std::collections::BTreeMap::new();
    for s in statics {
        if s.rel == MANIFEST || is_reserved_name(&s.rel) {
            found.insert(s.rel.clone(), "statusdex's own bookkeeping".to_string());
        }
    }
    // Only a static file under a top-level name the site generates can
    // collide; usually none is, and the scan of every output is skipped.
    let first = |rel: &str| rel.split('/').next().unwrap_or_default().to_string();
    let tops: std::collections::HashSet<String> = site
        .outputs(&[])
        // The site-wide files come first in `outputs`, then the pages.
        .take_while(|job| !matches!(job, OutputJob::Page(_)))
        .map(|job| first(&site.output_path(&[], job)))
        .chain(site.locales.iter().map(|l| l.id.clone()))
        .collect();
    let by_rel: std::collections::HashMap<&str, usize> = statics
        .iter()
        .enumerate()
        .filter(|(_, s)| tops.contains(&first(&s.rel)))
        .map(|(i, s)| (s.rel.as_str(), i))
        .collect();
    if by_rel.is_empty() {
        return found.into_iter().collect();
    }
    for job in site.outputs(&[]) {
        let path = site.output_path(&[], job);
        // The file itself, then each folder above it.
        let mut prefix = path.as_str();
        loop {
            if let Some(&i) = by_rel.get(prefix) {
                found
                    .entry(statics[i].rel.clone())
                    .or_insert_with(|| path.clone());
            }
            match prefix.rfind('/') {
                Some(cut) => prefix = &prefix[..cut],
                None => break,
            }
        }
    }
    found.into_iter().collect()
}
