//! The stages strung together: load → validate → fingerprint → render →
//! write → commit. `check` stops after validation (plus the templates, one
//! page of each kind rendered into a buffer, and the static files) and
//! writes nothing. Each stage is a function over one list
//! of output jobs derived from the model.

use crate::content;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::fingerprint::{Inputs, Snapshot, hash_bytes};
use crate::model::Site;
use crate::model::outputs::{OutputJob, SITEMAP_URLS, StaticFile, sitemap_path, static_collisions};
use crate::model::url::absolute;
use crate::output::{CrashAfter, Entry, Outcome, Output, Plan};
use crate::render::{Renderer, SiteValues, data, views, xml_escape};
use crate::validate::validate;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const STATIC_DIR: &str = "static";

/// Outputs handed to the thread pool at a time. The results of a batch are
/// recorded in order before the next starts, so memory does not grow with
/// the site and the manifest comes out in a stable order.
const BATCH: usize = 2048;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root, holding `content/`, `templates/` and `static/`.
    pub root: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Stops the commit after this many steps, as a crash would. For tests
    /// of crash safety only.
    #[doc(hidden)]
    pub crash_after: Option<usize>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>, output: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: output.into(),
            crash_after: None,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    /// Localized pages (home, family indexes, code and pair pages).
    pub pages: usize,
    /// Every file of the output: pages, root, 404, sitemaps, robots, assets.
    pub files: usize,
    /// Outputs rendered because their inputs changed (or their file did).
    pub rendered: usize,
    /// Files whose bytes changed (or were new), so were written.
    pub written: usize,
    /// Files left as they were: not rendered, or rendered to the same bytes.
    pub unchanged: usize,
    pub removed: usize,
    pub locales: usize,
    /// This build first finished the commit of an interrupted one.
    pub repaired: bool,
    pub elapsed: Duration,
    /// Loading, validating and fingerprinting; rendering and staging; the
    /// commit into the output folder.
    pub stages: [Duration; 3],
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

/// A validated site with its static files and the content hashes of every
/// input: what one build sees, and what `fingerprint::affected` compares.
pub struct Prepared {
    pub site: Site,
    pub statics: Vec<StaticFile>,
    pub inputs: Inputs,
    pub warnings: Diagnostics,
}

impl Prepared {
    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            site: &self.site,
            statics: &self.statics,
            inputs: &self.inputs,
        }
    }
}

/// Loads, validates and fingerprints everything a build reads.
pub fn prepare(root: &Path, renderer: &Renderer) -> Result<Prepared> {
    let (site, warnings) = load_site(root)?;
    let statics = static_files(root)?;
    refuse_collisions(&site, &statics)?;
    let inputs = Inputs::new(&site, renderer.template_hashes(), &statics);
    Ok(Prepared {
        site,
        statics,
        inputs,
        warnings,
    })
}

/// How complete one locale's translations are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completeness {
    pub locale: String,
    pub records: usize,
    pub current: usize,
    pub stale: usize,
    pub unstamped: usize,
    pub missing: usize,
}

/// Per locale other than the default, how its records' prose stands.
pub fn completeness(site: &Site) -> Vec<Completeness> {
    use crate::model::Translation;
    site.locales
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != site.default_locale)
        .map(|(i, l)| {
            let mut c = Completeness {
                locale: l.id.clone(),
                records: 0,
                current: 0,
                stale: 0,
                unstamped: 0,
                missing: 0,
            };
            for code in site.families.iter().flat_map(|f| &f.codes) {
                c.records += 1;
                match code.prose[i].translation {
                    Translation::Current | Translation::Source => c.current += 1,
                    Translation::Stale => c.stale += 1,
                    Translation::Unstamped => c.unstamped += 1,
                    Translation::Missing => c.missing += 1,
                }
            }
            c
        })
        .collect()
}

/// The raw content with its site file, for commands that edit content
/// files rather than build (`new`, `stamp`).
fn load_with_site_file(
    root: &Path,
) -> Result<(content::RawContent, content::Loaded<content::SiteFile>)> {
    let (mut raw, _) = content::load(root)?;
    let site = raw
        .site
        .take()
        .ok_or_else(|| Error::Output("content/site.yaml is missing or does not parse".into()))?;
    Ok((raw, site))
}

/// Stamps translations of a family's records (all, or `codes`) in `locales`
/// (all but the default when empty) as translating the default locale's
/// current prose; `missing_only` leaves stamped ones alone.
pub fn stamp(
    root: &Path,
    family: &str,
    codes: &[u16],
    locales: &[String],
    missing_only: bool,
) -> Result<content::stamp::Stamped> {
    let (raw, site) = load_with_site_file(root)?;
    let source = site.value.default_locale.clone();
    let targets: Vec<String> = if locales.is_empty() {
        site.value
            .locales
            .iter()
            .filter(|l| **l != source)
            .cloned()
            .collect()
    } else {
        locales.to_vec()
    };
    let records = raw
        .families
        .get(family)
        .ok_or_else(|| Error::Output(format!("no family `{family}` under content/")))?;
    let mut paths = Vec::new();
    for code in codes {
        if !records.codes_on_disk.contains(code) {
            return Err(Error::Output(format!(
                "content/{family}/{code}.yaml does not exist"
            )));
        }
    }
    for r in &records.records {
        let code = r.value.code;
        if codes.is_empty() || codes.contains(&code) {
            paths.push(r.file.path.clone());
        }
    }
    content::stamp::stamp_records(root, &paths, &source, &targets, missing_only)
}

/// Writes a record skeleton for `code` in `family`, in the class the family
/// gives the code, with a prose block for each of the site's locales.
pub fn new_record(root: &Path, family: &str, code: u16) -> Result<PathBuf> {
    let (raw, site) = load_with_site_file(root)?;
    if !site.value.families.iter().any(|f| f == family) {
        return Err(Error::Output(format!(
            "family `{family}` is not in content/site.yaml (families: {})",
            site.value.families.join(", ")
        )));
    }
    let def = raw
        .families
        .get(family)
        .and_then(|f| f.family.as_ref())
        .ok_or_else(|| {
            Error::Output(format!(
                "content/{family}/family.yaml is missing or does not parse"
            ))
        })?;
    let class = def
        .value
        .classes
        .iter()
        .find(|c| c.first <= code && code <= c.last)
        .ok_or_else(|| {
            Error::Output(format!(
                "{code} is in no class of family `{family}` ({})",
                def.value
                    .classes
                    .iter()
                    .map(|c| format!("{} {}-{}", c.id, c.first, c.last))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    content::skeleton::write_skeleton(root, family, code, &class.id, &site.value.locales)
}

/// Validates everything, compiles the templates, checks their variable
/// paths against the views, renders one page of each kind into a buffer
/// and checks the static files against the generated routes; writes
/// nothing. Content and template problems come back together as
/// `Error::Content`; the warnings when there is no error.
pub fn check(root: &Path) -> Result<(Diagnostics, Vec<Completeness>)> {
    let mut diagnostics = Diagnostics::default();
    let site = match load_site(root) {
        Ok((site, warnings)) => {
            diagnostics.extend(warnings);
            Some(site)
        }
        Err(Error::Content(d)) => {
            diagnostics.extend(d);
            None
        }
        Err(e) => return Err(e),
    };
    // The templates are checked even when the content has errors: the
    // static check needs no site. Rendering a sample needs one.
    let renderer = match Renderer::new(root) {
        Ok(renderer) => Some(renderer),
        Err(Error::Content(d)) => {
            diagnostics.extend(d);
            None
        }
        Err(e) => return Err(e),
    };
    if let (Some(site), Some(renderer)) = (&site, &renderer) {
        diagnostics.extend(renderer.render_samples(site));
    }
    diagnostics.sort();
    let site = match site {
        Some(site) if !diagnostics.has_errors() => site,
        _ => return Err(Error::Content(diagnostics)),
    };
    refuse_collisions(&site, &static_files(root)?)?;
    Ok((diagnostics, completeness(&site)))
}

/// Builds the site into `options.output`. `progress` is told (done, total)
/// as outputs finish.
pub fn build(
    options: &BuildOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport> {
    let started = Instant::now();
    let renderer = Renderer::new(&options.root)?;
    let prepared = prepare(&options.root, &renderer)?;
    build_prepared(options, &renderer, &prepared, started, progress)
}

/// Writes an already prepared site: the part of [`build`] that `serve`
/// repeats after each edit, with the site it prepared to find what changed.
pub fn build_prepared(
    options: &BuildOptions,
    renderer: &Renderer,
    prepared: &Prepared,
    started: Instant,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildReport> {
    let prepared_at = started.elapsed();
    let mut output = Output::open(&options.output)?;
    let repaired = output.repaired;
    let counts = render_outputs(prepared, renderer, &mut output, progress)?;
    let rendered_at = started.elapsed();
    let summary = output.commit(CrashAfter(options.crash_after))?;
    let site = &prepared.site;
    Ok(BuildReport {
        pages: site.page_count(),
        files: counts.files,
        rendered: counts.rendered,
        written: counts.written,
        unchanged: counts.files - counts.written,
        removed: summary.removed,
        locales: site.locales.len(),
        repaired,
        elapsed: started.elapsed(),
        stages: [
            prepared_at,
            rendered_at - prepared_at,
            started.elapsed() - rendered_at,
        ],
        warnings: prepared.warnings.clone().into_vec(),
    })
}

#[derive(Debug, Default)]
struct Counts {
    files: usize,
    rendered: usize,
    written: usize,
}

/// Renders and stages every output whose inputs changed, batch by batch,
/// recording each output in the new manifest in the site's order.
fn render_outputs(
    prepared: &Prepared,
    renderer: &Renderer,
    output: &mut Output,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Counts> {
    let site = &prepared.site;
    let values = SiteValues::new(site);
    let total = site.output_count(&prepared.statics);
    let done = AtomicUsize::new(0);
    let mut counts = Counts::default();
    let mut jobs = site.outputs(&prepared.statics);
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        batch.extend(jobs.by_ref().take(BATCH));
        if batch.is_empty() {
            return Ok(counts);
        }
        let out: &Output = output;
        let results: Vec<(String, Entry, Outcome)> = batch
            .par_iter()
            .map_init(Vec::new, |buf, &job| {
                let result = produce(prepared, renderer, &values, out, job, buf);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                result
            })
            .collect::<Result<_>>()?;
        for (rel, entry, outcome) in results {
            output.record(&rel, entry)?;
            counts.files += 1;
            counts.rendered += usize::from(outcome != Outcome::Kept);
            counts.written += usize::from(outcome == Outcome::Written);
        }
    }
}

/// One output: kept when its inputs and its file are unchanged, otherwise
/// rendered and staged when its bytes changed.
fn produce(
    prepared: &Prepared,
    renderer: &Renderer,
    values: &SiteValues<'_>,
    output: &Output,
    job: OutputJob,
    buf: &mut Vec<u8>,
) -> Result<(String, Entry, Outcome)> {
    let (site, statics) = (&prepared.site, &prepared.statics);
    let rel = site.output_path(statics, job);
    let inputs = prepared.inputs.fingerprint(site, job);
    if let Plan::Keep(entry) = output.plan(&rel, inputs)? {
        return Ok((rel, entry, Outcome::Kept));
    }
    let (entry, outcome) = match job {
        OutputJob::Page(page) => {
            renderer.render_job(values, page, buf)?;
            output.put(&rel, buf, inputs)?
        }
        OutputJob::Root => {
            let (view, nav) = views::root_page(site);
            renderer.render_global(values, "root.html", &view, &nav, buf)?;
            output.put(&rel, buf, inputs)?
        }
        OutputJob::NotFound => {
            let (view, nav) = views::not_found_page(site);
            renderer.render_global(values, "404.html", &view, &nav, buf)?;
            output.put(&rel, buf, inputs)?
        }
        OutputJob::Robots => output.put(&rel, robots(site).as_bytes(), inputs)?,
        OutputJob::SitemapIndex => output.put(&rel, sitemap_index(site).as_bytes(), inputs)?,
        OutputJob::Sitemap(n) => output.put_with(&rel, inputs, |w| write_sitemap(site, n, w))?,
        OutputJob::DataSchema => output.put(&rel, data::schema().as_bytes(), inputs)?,
        OutputJob::Data { family, locale } => {
            let json = data::to_json(&data::family_data(site, family, locale));
            output.put(&rel, json.as_bytes(), inputs)?
        }
        OutputJob::Static(i) => {
            let file = &statics[i];
            let bytes =
                std::fs::read(&file.path).map_err(|e| Error::io("reading", &file.path, e))?;
            if hash_bytes(&bytes) != file.hash {
                return Err(Error::io(
                    "reading",
                    &file.path,
                    std::io::Error::other("the file changed during the build; build again"),
                ));
            }
            output.put(&rel, &bytes, inputs)?
        }
    };
    Ok((rel, entry, outcome))
}

/// Files under `static/` (hidden ones too, e.g. `.nojekyll`), sorted, with
/// the hash of their bytes.
pub fn static_files(root: &Path) -> Result<Vec<StaticFile>> {
    let dir = root.join(STATIC_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    crate::tree::files(&dir, "reading static files in")?
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f.path).map_err(|e| Error::io("reading", &f.path, e))?;
            Ok(StaticFile {
                rel: f.rel,
                path: f.path,
                hash: hash_bytes(&bytes),
            })
        })
        .collect()
}

/// A static file where the site generates a file of its own is an error, not
/// a silent replacement.
fn refuse_collisions(site: &Site, statics: &[StaticFile]) -> Result<()> {
    let collisions = static_collisions(site, statics);
    if collisions.is_empty() {
        return Ok(());
    }
    let mut diagnostics = Diagnostics::default();
    for (rel, generated) in collisions {
        diagnostics.push(
            Diagnostic::error(
                Path::new(STATIC_DIR).join(&rel),
                format!("collides with `{generated}`, which statusdex generates"),
            )
            .with_help("rename or move the static file; generated paths cannot be replaced"),
        );
    }
    Err(Error::Content(diagnostics))
}

/// The sitemap index: one entry per sitemap file.
fn sitemap_index(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 0..site.sitemap_count() {
        let loc = absolute(&site.base_url, &sitemap_path(n));
        out.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            xml_escape(&loc)
        ));
    }
    out.push_str("</sitemapindex>\n");
    out
}

/// Streams the n-th sitemap: its share of the pages, each with its
/// alternates (itself included, and x-default), in a stable order.
fn write_sitemap(site: &Site, n: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"#
    )?;
    for route in site
        .sitemap_routes()
        .skip(n * SITEMAP_URLS)
        .take(SITEMAP_URLS)
    {
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
