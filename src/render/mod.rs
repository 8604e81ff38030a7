//! Rendering: Tera templates from `templates/`, one typed view per page kind.
//! A page is rendered into a buffer that the caller writes and drops, so memory
//! stays flat however many pages there are.

pub mod data;
pub mod flow;
pub mod markdown;
pub mod template_check;
pub mod views;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::fingerprint::TemplateHashes;
use crate::model::{Job, Page, Site};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use views::ViewBuilder;

pub const TEMPLATES_DIR: &str = "templates";

/// The layout every page template extends; every site must have it and the
/// page templates.
const LAYOUT: &str = "base.html";

/// The templates that render whole pages; every other template is shared.
pub const PAGE_TEMPLATES: [&str; 6] = [
    "root.html",
    "404.html",
    "home.html",
    "family.html",
    "code.html",
    "pair.html",
];

/// The template a page kind renders with.
pub fn page_template(page: Page) -> &'static str {
    match page {
        Page::Home => "home.html",
        Page::Family { .. } => "family.html",
        Page::Code { .. } => "code.html",
        Page::Pair { .. } => "pair.html",
    }
}

/// The templates, loaded once. A long-running process (`serve`) keeps one
/// across rebuilds; every call takes the site it renders.
pub struct Renderer {
    tera: tera::Tera,
    hashes: TemplateHashes,
    /// The templates' text, to point render errors at their place.
    sources: Vec<(String, String)>,
}

/// What every page of one site shares, converted to template values once per
/// build rather than once per page.
pub struct SiteValues<'a> {
    site: &'a Site,
    /// The UI strings of each locale.
    strings: Vec<tera::Value>,
}

impl<'a> SiteValues<'a> {
    pub fn new(site: &'a Site) -> Self {
        let strings = site
            .locales
            .iter()
            .map(|l| tera::Value::from_serializable(&l.ui))
            .collect();
        SiteValues { site, strings }
    }

    fn context(&self, locale: usize) -> tera::Context {
        let l = &self.site.locales[locale];
        let mut ctx = tera::Context::new();
        ctx.insert(
            "site",
            &SiteView {
                title: &self.site.title,
            },
        );
        ctx.insert(
            "locale",
            &LocaleView {
                id: &l.id,
                lang: &l.lang,
                name: &l.name,
            },
        );
        ctx.insert_value("t", self.strings[locale].clone());
        ctx
    }
}

const _: () = {
    const fn assert_sync<T: Sync>() {}
    assert_sync::<Renderer>();
    assert_sync::<SiteValues<'static>>();
    assert_sync::<Site>();
};

#[derive(Serialize, schemars::JsonSchema)]
struct SiteView<'a> {
    title: &'a str,
}

#[derive(Serialize, schemars::JsonSchema)]
struct LocaleView<'a> {
    id: &'a str,
    lang: &'a str,
    name: &'a str,
}

impl Renderer {
    /// Loads and compiles the templates and checks their variable paths
    /// against the views; any problem is an `Error::Content` with every
    /// diagnostic, so nothing is rendered from templates that would fail.
    pub fn new(root: &Path) -> Result<Self> {
        let sources = read_templates(root)?;
        let (tera, diagnostics) = load(&sources);
        match tera {
            Some(tera) if !diagnostics.has_errors() => {
                let hashes = TemplateHashes::new(&sources, &PAGE_TEMPLATES);
                Ok(Renderer {
                    tera,
                    hashes,
                    sources,
                })
            }
            _ => Err(Error::Content(diagnostics)),
        }
    }

    /// Content hashes of the templates each page template renders with.
    pub fn template_hashes(&self) -> &TemplateHashes {
        &self.hashes
    }

    /// Renders a localized page into `out` (cleared first).
    pub fn render_job(&self, values: &SiteValues<'_>, job: Job, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        let ctx = page_context(values, job);
        let template = page_template(job.page);
        self.tera
            .render_to(template, &ctx, &mut *out)
            .map_err(|e| self.render_error(&e, template, &values.site.route(job).file()))
    }

    /// Renders a page that belongs to no locale (the language chooser, the 404
    /// page) with a view of every locale.
    pub fn render_global(
        &self,
        values: &SiteValues<'_>,
        template: &str,
        view: &impl Serialize,
        nav: &views::NavView,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        out.clear();
        let ctx = global_context(values, view, nav);
        self.tera
            .render_to(template, &ctx, &mut *out)
            .map_err(|e| self.render_error(&e, template, template))
    }

    /// A render failure as a diagnostic at the template's line, as `check`
    /// reports it.
    fn render_error(&self, e: &tera::Error, template: &str, page: &str) -> Error {
        let context = format!("rendering {page} with {TEMPLATES_DIR}/{template}");
        Error::Content(vec![tera_diagnostic(e, &self.sources, Some(&context))].into())
    }

    /// Renders one page of each kind into a buffer that is dropped, so that
    /// `check` finds what only rendering finds (a filter given a value of
    /// the wrong type) while writing nothing.
    pub fn render_samples(&self, site: &Site) -> Diagnostics {
        let values = SiteValues::new(site);
        let mut diagnostics = Diagnostics::default();
        let mut out = Vec::new();
        let mut render = |template: &str, ctx: tera::Context, page: String| {
            out.clear();
            if let Err(e) = self.tera.render_to(template, &ctx, &mut out) {
                let context = format!("rendering {page} with {TEMPLATES_DIR}/{template}");
                diagnostics.push(tera_diagnostic(&e, &self.sources, Some(&context)));
            }
        };
        let (view, nav) = views::root_page(site);
        render(
            "root.html",
            global_context(&values, &view, &nav),
            "index.html".into(),
        );
        let (view, nav) = views::not_found_page(site);
        render(
            "404.html",
            global_context(&values, &view, &nav),
            "404.html".into(),
        );
        for job in sample_jobs(site) {
            render(
                page_template(job.page),
                page_context(&values, job),
                site.route(job).file(),
            );
        }
        diagnostics
    }
}

/// The first page of each localized kind in the first locale; of pairs, one
/// with a curated note when there is one, as it shows the most.
fn sample_jobs(site: &Site) -> Vec<Job> {
    let job = |page| Job { locale: 0, page };
    let mut jobs = Vec::new();
    if site.locales.is_empty() {
        return jobs;
    }
    jobs.push(job(Page::Home));
    let Some(f) = site.families.iter().position(|f| !f.codes.is_empty()) else {
        return jobs;
    };
    let family = &site.families[f];
    jobs.push(job(Page::Family { family: f }));
    jobs.push(job(Page::Code { family: f, code: 0 }));
    let noted = family
        .notes
        .keys()
        .find_map(|&(lo, hi)| Some((family.index_of(lo)?, family.index_of(hi)?)));
    if let Some((a, b)) = noted.or((family.codes.len() > 1).then_some((0, 1))) {
        jobs.push(job(Page::Pair { family: f, a, b }));
    }
    jobs
}

/// The context of a localized page: its view as `page`, the layout's as `nav`.
fn page_context(values: &SiteValues<'_>, job: Job) -> tera::Context {
    let site = values.site;
    let builder = ViewBuilder::new(site, job);
    let (page, nav) = match job.page {
        Page::Home => builder.home(),
        Page::Family { family } => builder.family(&site.families[family]),
        Page::Code { family, code } => {
            let f = &site.families[family];
            builder.code(f, &f.codes[code])
        }
        Page::Pair { family, a, b } => {
            // The comparison is composed from the model first; views
            // only lay it out.
            let f = &site.families[family];
            let (a, b) = (&f.codes[a], &f.codes[b]);
            let locale = &site.locales[job.locale];
            let text = crate::compose::pair_text(locale, job.locale, f, a, b);
            builder.pair(f, a, b, text)
        }
    };
    let mut ctx = values.context(job.locale);
    ctx.insert("nav", &nav);
    ctx.insert("page", &page);
    ctx
}

fn global_context(
    values: &SiteValues<'_>,
    view: &impl Serialize,
    nav: &views::NavView,
) -> tera::Context {
    let mut ctx = values.context(values.site.default_locale);
    ctx.insert("nav", nav);
    ctx.insert("page", view);
    ctx
}

/// Every file under `templates/`, by relative name, in a stable order.
fn read_templates(root: &Path) -> Result<Vec<(String, String)>> {
    let dir = root.join(TEMPLATES_DIR);
    let mut sources = Vec::new();
    for file in crate::tree::files(&dir, "reading templates in")? {
        let text =
            std::fs::read_to_string(&file.path).map_err(|e| Error::io("reading", &file.path, e))?;
        sources.push((file.rel, text));
    }
    Ok(sources)
}

/// Compiles the templates and checks their variable paths against the
/// views. Every problem is a diagnostic; the compiled templates come back
/// when they compile.
fn load(sources: &[(String, String)]) -> (Option<tera::Tera>, Diagnostics) {
    let (tera, mut diagnostics) = match compile(sources) {
        Ok(tera) => (Some(tera), Diagnostics::default()),
        Err(d) => (None, d),
    };
    // Paths read from a file that does not parse would be guesses.
    let parses = |name: &String| {
        let file = Path::new(TEMPLATES_DIR).join(name);
        !diagnostics.iter().any(|d| d.file == file)
    };
    let checked = if tera.is_some() {
        template_check::check(template_check::Schemas::get(), sources)
    } else {
        let parsed: Vec<(String, String)> =
            sources.iter().filter(|(n, _)| parses(n)).cloned().collect();
        template_check::check(template_check::Schemas::get(), &parsed)
    };
    diagnostics.extend(checked);
    diagnostics.sort();
    (tera, diagnostics)
}

/// Compiles every template, so a syntax error anywhere fails the build
/// before a page is rendered.
fn compile(sources: &[(String, String)]) -> std::result::Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::new();
    let mut diagnostics = Diagnostics::default();
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        // Tera stops at the first template that does not parse; each one on
        // its own gives every file's syntax error in one run.
        for (name, text) in sources {
            if let Err(e) = tera::Tera::new().add_raw_template(name, text)
                && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
            {
                diagnostics.push(tera_diagnostic(&e, sources, None));
            }
        }
        if diagnostics.iter().next().is_none() {
            diagnostics.push(tera_diagnostic(&e, sources, None));
        }
        return Err(diagnostics);
    }
    for name in std::iter::once(LAYOUT).chain(PAGE_TEMPLATES) {
        if !tera.contains_template(name) {
            diagnostics.push(Diagnostic::error(
                format!("{TEMPLATES_DIR}/{name}"),
                "the template is missing; every site needs it",
            ));
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(tera)
}

/// Escapes text for XML and SVG (sitemaps, call-flow diagrams).
pub(crate) fn xml_escape(s: &str) -> String {
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

/// A Tera error as a diagnostic at `templates/<file>`, with Tera's line and
/// column when it gives them, so the CLI shows the template's line.
fn tera_diagnostic(
    err: &tera::Error,
    sources: &[(String, String)],
    context: Option<&str>,
) -> Diagnostic {
    enum Place {
        Offset(usize),
        LineCol(usize, usize),
        Unknown,
    }
    let (file, mut message, place) = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            Some(r.filename().to_string()),
            r.message().to_string(),
            Place::Offset(r.span().range.start),
        ),
        // Errors found after parsing (an unknown filter or template) come
        // as text: `error: <what>`, then `--> <file>:<line>:<col>`.
        _ => {
            let text = err.to_string();
            let first = text.lines().next().unwrap_or_default();
            let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            let located = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))
                .and_then(|at| {
                    let mut parts = at.rsplitn(3, ':');
                    let col = parts.next()?.trim().parse().ok()?;
                    let line = parts.next()?.parse().ok()?;
                    Some((parts.next()?.to_string(), line, col))
                });
            match located {
                Some((file, line, col)) => (Some(file), message, Place::LineCol(line, col)),
                None => (None, message, Place::Unknown),
            }
        }
    };
    let mut cause = std::error::Error::source(err);
    while let Some(c) = cause {
        message.push_str(&format!(": {c}"));
        cause = c.source();
    }
    if let Some(context) = context {
        message.push_str(&format!(" ({context})"));
    }
    let path = file.as_deref().map_or_else(
        || TEMPLATES_DIR.to_string(),
        |f| format!("{TEMPLATES_DIR}/{f}"),
    );
    let diagnostic = Diagnostic::error(path, message);
    let Some((_, text)) = sources.iter().find(|(n, _)| Some(n) == file.as_ref()) else {
        return diagnostic;
    };
    let source: Arc<str> = Arc::from(text.as_str());
    match place {
        Place::Offset(at) if text.is_char_boundary(at) => diagnostic.at(&source, at),
        Place::LineCol(line, col) => diagnostic.at_line_col(&source, line, col),
        _ => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(edit: &[(&str, &str)]) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(TEMPLATES_DIR);
        let mut sources = read_templates(dir.parent().expect("the repository")).expect("templates");
        for (name, text) in edit {
            match sources.iter_mut().find(|(n, _)| n == name) {
                Some(s) => s.1 = text.to_string(),
                None => sources.push((name.to_string(), text.to_string())),
            }
        }
        sources
    }

    fn reports(d: &Diagnostics) -> Vec<String> {
        d.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_real_templates_have_no_problem() {
        let (tera, d) = load(&sources(&[]));
        assert!(tera.is_some());
        assert!(reports(&d).is_empty(), "{:#?}", reports(&d));
    }

    /// Guards against a check that passes because it resolves nothing: each
    /// field the real templates read, misspelt on its own, is reported at
    /// its place.
    #[test]
    fn every_field_the_real_templates_read_is_checked() {
        let all = sources(&[]);
        let schemas = template_check::Schemas::get();
        let mut checked = 0;
        for (name, text) in &all {
            let fields: Vec<usize> = text
                .match_indices('.')
                .map(|(i, _)| i + 1)
                .filter(|&i| {
                    let before = &text[..i - 1];
                    let open = before.rfind("{{").max(before.rfind("{%"));
                    let in_tag = open > before.rfind("}}").max(before.rfind("%}"));
                    let in_string = open.is_some_and(|o| before[o..].matches('"').count() % 2 == 1);
                    in_tag
                        && !in_string
                        && text[i..].starts_with(|c: char| c.is_ascii_lowercase())
                        && before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
                .collect();
            for at in fields {
                let mut edited = all.clone();
                let file = edited.iter_mut().find(|(n, _)| n == name).expect("file");
                file.1.insert_str(at, "zz");
                let text = file.1.clone();
                let d = template_check::check(schemas, &edited);
                let (line, col) = {
                    let before = &text[..at];
                    let line = before.matches('\n').count() + 1;
                    let start = before.rfind('\n').map_or(0, |i| i + 1);
                    (line, before[start..].chars().count() + 1)
                };
                let want = format!("{TEMPLATES_DIR}/{name}:{line}:{col}: error: ");
                assert!(
                    reports(&d).iter().any(|r| r.starts_with(&want)),
                    "no report at {want} for {:?}: {:#?}",
                    text.lines().nth(line - 1),
                    reports(&d)
                );
                checked += 1;
            }
        }
        assert!(checked > 150, "only {checked} fields");
    }

    #[test]
    fn syntax_errors_of_several_templates_are_reported_at_their_lines() {
        let d = compile(&sources(&[
            (
                "code.html",
                "{% extends \"base.html\" %}\n{% block main %}{% if x %}{% endblock main %}\n",
            ),
            (
                "home.html",
                "{% extends \"base.html\" %}\n\n{{ page.heading\n",
            ),
        ]))
        .unwrap_err();
        let all = reports(&d);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(all[0].starts_with("templates/code.html:2:"), "{all:#?}");
        assert!(all[1].starts_with("templates/home.html:3:"), "{all:#?}");
        assert!(!all[0].contains("error: error"), "{all:#?}");
    }

    #[test]
    fn errors_found_after_parsing_and_missing_templates_name_their_file() {
        let d = compile(&sources(&[(
            "home.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.heading | shout }}{% endblock main %}",
        )]))
        .unwrap_err();
        let all = reports(&d);
        assert!(
            all[0].starts_with("templates/home.html:3:19: error: Unknown filter `shout`"),
            "{all:#?}"
        );
        let mut without = sources(&[]);
        without.retain(|(n, _)| n != "404.html");
        let all = reports(&compile(&without).unwrap_err());
        assert_eq!(
            all,
            ["templates/404.html: error: the template is missing; every site needs it"]
        );
    }

    #[test]
    fn a_path_error_in_a_template_that_parses_is_reported_with_the_syntax_errors() {
        let pair = sources(&[])
            .into_iter()
            .find(|(n, _)| n == "pair.html")
            .expect("pair.html")
            .1;
        let (tera, d) = load(&sources(&[
            (
                "pair.html",
                &pair.replace("page.note_html %}", "page.note_htm %}"),
            ),
            ("home.html", "{% if %}"),
        ]));
        assert!(tera.is_none());
        let all = reports(&d);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert!(all[0].starts_with("templates/home.html:1:"), "{all:#?}");
        assert!(
            all[1].contains("templates/pair.html:43:14: error: `page.note_htm` is not defined"),
            "{all:#?}"
        );
        assert!(all[1].contains("did you mean `note_html`?"), "{all:#?}");
    }
}
