//! The stages strung together: load → validate → render → write. `check` stops
//! after validation (plus parsing templates) and writes nothing.

use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::model::url::absolute;
use crate::model::{Route, Site};
use crate::output::{Output, WriteOutcome};
use crate::render::{self, Renderer, views};
use crate::validate::validate;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const STATIC_DIR: &str = "static";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root, holding `content/`, `templates/` and `static/`.
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
}

#[derive(Debug)]
pub struct BuildReport {
    /// Localized pages (home, family indexes, code and pair pages).
    pub pages: usize,
    /// Every file of the output: pages, root, 404, sitemap, robots, assets.
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    pub locales: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates the content; errors come back as `Error::Content`
/// carrying every diagnostic, warnings with the site.
pub fn load_site(root: &Path) -> Result<(Site, Diagnostics)> {
    let (raw, mut diagnostics) = content::load(root)?;
    let (site, more) = validate(raw);
    diagnostics.extend(more);
    diagnostics.sort();
    match site {
        Some(site) if !diagnostics.has_errors() => Ok((site, diagnostics)),
        _ => Err(Error::Content(diagnostics)),
    }
}

/// Validates everything and parses the templates; renders nothing. Returns the
/// warnings when there is no error.
pub fn check(root: &Path) -> Result<Diagnostics> {
    let (_site, diagnostics) = load_site(root)?;
    render::check_templates(root)?;
    Ok(diagnostics)
}

/// Builds the site into `options.output`. `progress` is told (done, total)
/// as localized pages finish, from any thread.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport> {
    let started = Instant::now();
    let (site, diagnostics) = load_site(&options.root)?;
    let renderer = Renderer::new(&options.root, &site)?;
    let output = Output::open(&options.output)?;

    let total = site.page_count();
    let done = AtomicUsize::new(0);
    let written = AtomicUsize::new(0);
    let pages: Vec<String> = site
        .jobs()
        .par_bridge()
        .map_init(Vec::new, |buf, job| {
            renderer.render_job(job, buf)?;
            let rel = site.route(job).file();
            if output.write(&rel, buf)? == WriteOutcome::Written {
                written.fetch_add(1, Ordering::Relaxed);
            }
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(rel)
        })
        .collect::<Result<_>>()?;

    let mut expected: BTreeSet<String> = pages.into_iter().collect();
    if output.write_with("sitemap.xml", |w| write_sitemap(&site, w))? == WriteOutcome::Written {
        written.fetch_add(1, Ordering::Relaxed);
    }
    expected.insert("sitemap.xml".to_string());
    let mut write = |rel: &str, bytes: &[u8]| -> Result<()> {
        if output.write(rel, bytes)? == WriteOutcome::Written {
            written.fetch_add(1, Ordering::Relaxed);
        }
        expected.insert(rel.to_string());
        Ok(())
    };
    let mut buf = Vec::new();
    let (root_view, nav) = views::root_page(&site);
    renderer.render_global("root.html", &root_view, &nav, &mut buf)?;
    write(&Route::Root.file(), &buf)?;
    let (not_found, nav) = views::not_found_page(&site);
    renderer.render_global("404.html", &not_found, &nav, &mut buf)?;
    write("404.html", &buf)?;
    write("robots.txt", robots(&site).as_bytes())?;
    for file in static_files(&options.root)? {
        let bytes = std::fs::read(&file.path).map_err(|e| Error::io("reading", &file.path, e))?;
        write(&file.rel, &bytes)?;
    }

    let files = expected.len();
    let summary = output.commit(&expected)?;
    let written = written.into_inner();
    Ok(BuildReport {
        pages: total,
        files,
        written,
        unchanged: files - written,
        removed: summary.removed,
        locales: site.locales.len(),
        elapsed: started.elapsed(),
        warnings: diagnostics.into_vec(),
    })
}

/// Files under `static/` (hidden ones too, e.g. `.nojekyll`), sorted.
fn static_files(root: &Path) -> Result<Vec<crate::tree::TreeFile>> {
    let dir = root.join(STATIC_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    crate::tree::files(&dir, "reading static files in")
}

/// Streams the sitemap: every localized page with its alternates (itself
/// included, and x-default), in a stable order.
fn write_sitemap(site: &Site, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"#
    )?;
    let routes = std::iter::once(Route::Root).chain(site.jobs().map(|job| site.route(job)));
    for route in routes {
        let loc = absolute(&site.base_url, &route.dir());
        write!(out, "  <url>\n    <loc>{}</loc>\n", xml_escape(&loc))?;
        let (each, x_default) = site.alternates(route);
        let x_default = ("x-default", x_default);
        for (lang, href) in each.iter().chain(std::iter::once(&x_default)) {
            writeln!(
                out,
                r#"    <xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#,
                xml_escape(lang),
                xml_escape(href)
            )?;
        }
        writeln!(out, "  </url>")?;
    }
    writeln!(out, "</urlset>")
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        absolute(&site.base_url, "sitemap.xml")
    )
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
