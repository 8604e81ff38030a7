//! Rendering: Tera templates from `templates/`, one typed view per page kind.
//! A page is rendered into a buffer that the caller writes and drops, so memory
//! stays flat however many pages there are.

pub mod markdown;
pub mod views;

use crate::error::{Error, Result};
use crate::model::{Job, Site};
use serde::Serialize;
use std::path::Path;
use views::ViewBuilder;

pub const TEMPLATES_DIR: &str = "templates";

/// Page templates every site must have.
const REQUIRED: [&str; 7] = [
    "base.html",
    "root.html",
    "404.html",
    "home.html",
    "family.html",
    "code.html",
    "pair.html",
];

/// The templates and the per-locale string values, built once and shared by
/// reference across render threads.
pub struct Renderer<'a> {
    tera: tera::Tera,
    site: &'a Site,
    /// The UI strings of each locale, converted to a template value once.
    strings: Vec<tera::Value>,
}

const _: () = {
    const fn assert_sync<T: Sync>() {}
    assert_sync::<Renderer<'static>>();
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

impl<'a> Renderer<'a> {
    pub fn new(root: &Path, site: &'a Site) -> Result<Self> {
        let tera = load_templates(root)?;
        let strings = site
            .locales
            .iter()
            .map(|l| tera::Value::from_serializable(&l.strings.ui))
            .collect();
        Ok(Renderer {
            tera,
            site,
            strings,
        })
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

    /// Renders a localized page into `out` (cleared first).
    pub fn render_job(&self, job: Job, out: &mut Vec<u8>) -> Result<()> {
        out.clear();
        let builder = ViewBuilder::new(self.site, job);
        let (page, nav) = builder.build(job.page);
        let mut ctx = self.context(job.locale);
        ctx.insert("nav", &nav);
        ctx.insert("page", &page);
        self.tera
            .render_to(page.template(), &ctx, &mut *out)
            .map_err(|e| Error::Render {
                page: builder.route.file(),
                message: e.to_string(),
            })
    }

    /// Renders a page that belongs to no locale (the language chooser, the 404
    /// page) with a view of every locale.
    pub fn render_global(
        &self,
        template: &str,
        view: &impl Serialize,
        nav: &views::NavView,
        out: &mut Vec<u8>,
    ) -> Result<()> {
        out.clear();
        let mut ctx = self.context(self.site.default_locale);
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

/// Loads every file under `templates/` by its relative name, so a syntax error
/// anywhere fails the build before a page is rendered.
fn load_templates(root: &Path) -> Result<tera::Tera> {
    let dir = root.join(TEMPLATES_DIR);
    let mut sources = Vec::new();
    for file in crate::tree::files(&dir, "reading templates in")? {
        let text =
            std::fs::read_to_string(&file.path).map_err(|e| Error::io("reading", &file.path, e))?;
        sources.push((file.rel, text));
    }
    let mut tera = tera::Tera::new();
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::Template {
            template: TEMPLATES_DIR.to_string(),
            message: e.to_string(),
        })?;
    for name in REQUIRED {
        if !tera.contains_template(name) {
            return Err(Error::Template {
                template: format!("{TEMPLATES_DIR}/{name}"),
                message: "missing; every site needs it".into(),
            });
        }
    }
    Ok(tera)
}

/// Checks that the templates parse, without rendering anything.
pub fn check_templates(root: &Path) -> Result<()> {
    load_templates(root).map(|_| ())
}
