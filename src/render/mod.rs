//! Rendering: Tera templates from `templates/`, one typed view per page kind.
//! A page is rendered into a buffer that the caller writes and drops, so memory
//! stays flat however many pages there are.

pub mod data;
pub mod flow;
pub mod markdown;
pub mod views;

use crate::error::{Error, Result};
use crate::fingerprint::TemplateHashes;
use crate::model::{Job, Page, Site};
use serde::Serialize;
use std::path::Path;
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

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
}

#[derive(Serialize)]
struct LocaleView<'a> {
    id: &'a str,
    lang: &'a str,
    name: &'a str,
}

impl Renderer {
    pub fn new(root: &Path) -> Result<Self> {
        let sources = read_templates(root)?;
        let tera = compile(&sources)?;
        let hashes = TemplateHashes::new(&sources, &PAGE_TEMPLATES);
        Ok(Renderer { tera, hashes })
    }

    /// Content hashes of the templates each page template renders with.
    pub fn template_hashes(&self) -> &TemplateHashes {
        &self.hashes
    }

    /// Renders a localized page into `out` (cleared first).
    pub fn render_job(&self, values: &SiteValues<'_>, job: Job, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
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
        self.tera
            .render_to(page_template(job.page), &ctx, &mut *out)
            .map_err(|e| Error::Render {
                page: builder.route.file(),
                message: e.to_string(),
            })
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
        let mut ctx = values.context(values.site.default_locale);
        ctx.insert("nav", nav);
        ctx.insert("page", view);
        self.tera
            .render_to(template, &ctx, &mut *out)
            .map_err(|e| Error::Render {
                page: template.to_string(),
                message: e.to_string(),
            })
    }
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

/// Compiles every template, so a syntax error anywhere fails the build
/// before a page is rendered.
fn compile(sources: &[(String, String)]) -> Result<tera::Tera> {
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e.to_string()))?;
    for name in std::iter::once(LAYOUT).chain(PAGE_TEMPLATES) {
        if !tera.contains_template(name) {
            return Err(Error::Template {
                template: format!("{TEMPLATES_DIR}/{name}"),
                message: "missing; every site needs it".into(),
            });
        }
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

/// Tera reports `error: <what>` and then `--> <file>:<line>:<col>` with a
/// snippet; the error names the file as the site does (`templates/...`).
fn template_error(report: &str) -> Error {
    let located = report.replace("--> ", &format!("--> {TEMPLATES_DIR}/"));
    let message = located
        .strip_prefix("error: ")
        .unwrap_or(&located)
        .to_string();
    let template = located
        .split_once("--> ")
        .and_then(|(_, rest)| rest.split(':').next())
        .map_or_else(|| TEMPLATES_DIR.to_string(), str::to_string);
    Error::Template { template, message }
}

/// Checks that the templates parse, without rendering anything.
pub fn check_templates(root: &Path) -> Result<()> {
    compile(&read_templates(root)?).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_syntax_error_names_its_file_under_templates() {
        let sources = vec![(
            "code.html".to_string(),
            "{% extends \"base.html\" %}\n{% block main %}{% if x %}{% endblock main %}\n"
                .to_string(),
        )];
        let err = compile(&sources).unwrap_err().to_string();
        assert!(err.starts_with("template templates/code.html: "), "{err}");
        assert!(err.contains("--> templates/code.html:2:"), "{err}");
        assert!(!err.contains("error: "), "{err}");
    }
}
