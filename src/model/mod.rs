//! The validated site: immutable, sorted, shared by reference across render
//! threads. Only `validate` builds it; every later stage only reads it.

pub mod page;
pub mod url;

use crate::content::{Q850Direction, StringTable};
use std::collections::BTreeMap;

pub use page::{Job, Page};
pub use url::Route;

#[derive(Debug)]
pub struct Site {
    pub title: String,
    /// Absolute URL of the site root, ending in `/`.
    pub base_url: String,
    /// Path part of `base_url` (`/` or `/docs/`), for links that cannot be
    /// relative (the 404 page is served at any depth).
    pub base_path: String,
    pub locales: Vec<Locale>,
    pub default_locale: usize,
    pub families: Vec<Family>,
}

#[derive(Debug)]
pub struct Locale {
    /// The URL segment and file stem (`zh`).
    pub id: String,
    /// BCP 47 tag (`zh-Hans`).
    pub lang: String,
    /// The language's own name (`中文`).
    pub name: String,
    pub strings: StringTable,
}

#[derive(Debug)]
pub struct Family {
    pub id: String,
    pub name: String,
    pub registry: Option<String>,
    pub classes: Vec<Class>,
    /// Sorted by code.
    pub codes: Vec<Code>,
    /// Curated notes by (lower, higher) code, rendered HTML per locale index.
    pub notes: BTreeMap<(u16, u16), Vec<Localized>>,
}

#[derive(Debug)]
pub struct Class {
    pub id: String,
    pub first: u16,
    pub last: u16,
    pub is_final: bool,
}

#[derive(Debug)]
pub struct Code {
    pub code: u16,
    pub reason: String,
    /// Index into the family's classes.
    pub class: usize,
    pub references: Vec<Reference>,
    pub headers: Vec<String>,
    pub related: Vec<u16>,
    pub action: String,
    pub q850: Vec<Q850>,
    pub example: String,
    /// Prose per locale index; a locale without its own block holds the
    /// default locale's prose with `fallback` set.
    pub prose: Vec<CodeProse>,
}

#[derive(Debug, Clone)]
pub struct Reference {
    pub rfc: u32,
    pub section: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Q850 {
    pub cause: u16,
    pub rfc: u32,
    pub section: String,
    pub direction: Q850Direction,
}

/// Rendered HTML of one prose field, and whether it is the default locale's
/// text standing in for a missing translation.
#[derive(Debug, Clone)]
pub struct Localized {
    pub html: String,
    pub fallback: bool,
}

#[derive(Debug, Clone)]
pub struct CodeProse {
    pub fallback: bool,
    /// Inline HTML (no wrapping paragraph).
    pub summary_html: String,
    /// Plain text, for meta descriptions.
    pub summary_text: String,
    pub description: String,
    pub when_you_see_it: String,
    pub how_to_fix: String,
    pub use_it_when: String,
}

impl Site {
    pub fn default_locale(&self) -> &Locale {
        &self.locales[self.default_locale]
    }

    /// The absolute URL of a page in every locale, as (BCP 47 tag, URL), and
    /// its x-default: the language chooser for home pages, otherwise the
    /// default locale's version. Pages' hreflang links and the sitemap agree
    /// because both come from here.
    pub fn alternates(&self, route: Route<'_>) -> (Vec<(&str, String)>, String) {
        let each = self
            .locales
            .iter()
            .map(|l| {
                let url = url::absolute(&self.base_url, &route.in_locale(&l.id).dir());
                (l.lang.as_str(), url)
            })
            .collect();
        let x_default = match route {
            Route::Root | Route::Home { .. } => url::absolute(&self.base_url, ""),
            r => url::absolute(
                &self.base_url,
                &r.in_locale(&self.default_locale().id).dir(),
            ),
        };
        (each, x_default)
    }
}

impl Family {
    pub fn class_of(&self, code: &Code) -> &Class {
        &self.classes[code.class]
    }

    pub fn index_of(&self, code: u16) -> Option<usize> {
        self.codes.binary_search_by_key(&code, |c| c.code).ok()
    }

    pub fn note(&self, a: u16, b: u16) -> Option<&[Localized]> {
        self.notes.get(&(a.min(b), a.max(b))).map(Vec::as_slice)
    }
}

/// The RFC Editor's URL for an RFC, at a section when one is given.
pub fn rfc_url(rfc: u32, section: Option<&str>) -> String {
    match section {
        Some(s) => format!("https://www.rfc-editor.org/rfc/rfc{rfc}#section-{s}"),
        None => format!("https://www.rfc-editor.org/rfc/rfc{rfc}"),
    }
}
