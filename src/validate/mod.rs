//! Raw content → [`Site`], or every problem found, at once. Missing
//! translations of prose fall back to the default locale with a warning;
//! anything a page would need and cannot have is an error.

use crate::content::yaml::Node;
use crate::content::{FamilyStrings, Loaded, RawContent, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Class, Locale, Site};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod family;
mod flow;
mod locales;
mod notes;
mod prose;
mod record;

const SITE_FILE: &str = "content/site.yaml";

/// Checks raw content and builds the site model. Warnings come back with the
/// site; any error means no site.
pub fn validate(raw: RawContent) -> (Option<Site>, Diagnostics) {
    let mut v = Validator::default();
    let site = v.site(raw);
    v.diagnostics.sort();
    let site = if v.diagnostics.has_errors() {
        None
    } else {
        site
    };
    (site, v.diagnostics)
}

/// A locale while content is checked: the model's part, and its family terms
/// by family id, which move into each family once the family checks out.
struct LocaleInput {
    locale: Locale,
    families: BTreeMap<String, FamilyStrings>,
    /// The string table it was read from, to point at its keys.
    file: SourceFile,
    tree: std::sync::Arc<Node>,
}

impl LocaleInput {
    fn doc(&self) -> Doc<'_> {
        Doc {
            file: &self.file,
            tree: &self.tree,
        }
    }
}

impl std::ops::Deref for LocaleInput {
    type Target = Locale;

    fn deref(&self) -> &Locale {
        &self.locale
    }
}

/// A file being checked with its tree, so a problem can point at any key.
#[derive(Clone, Copy)]
struct Doc<'a> {
    file: &'a SourceFile,
    tree: &'a Node,
}

impl<'a> Doc<'a> {
    fn of<T>(loaded: &'a Loaded<T>) -> Self {
        Doc {
            file: &loaded.file,
            tree: &loaded.tree,
        }
    }
}

impl std::ops::Deref for Doc<'_> {
    type Target = SourceFile;

    fn deref(&self) -> &SourceFile {
        self.file
    }
}

#[derive(Default)]
struct Validator {
    diagnostics: Diagnostics,
}

impl Validator {
    fn error_at(&mut self, file: &Doc<'_>, path: &[&str], message: impl Into<String>) {
        let d = Diagnostic::error(&file.path, message);
        self.diagnostics.push(locate(d, file, path));
    }

    fn warn_at(&mut self, file: &Doc<'_>, path: &[&str], message: impl Into<String>) {
        let d = Diagnostic::warning(&file.path, message);
        self.diagnostics.push(locate(d, file, path));
    }

    fn site(&mut self, raw: RawContent) -> Option<Site> {
        let Some(site_file) = &raw.site else {
            // A site.yaml that failed to load has said why already.
            if !raw.failed(SITE_FILE) {
                self.diagnostics.push(
                    Diagnostic::error(SITE_FILE, "missing site configuration")
                        .with_help("create content/site.yaml with title, base_url, default_locale, locales and families"),
                );
            }
            return None;
        };
        let file = &Doc::of(site_file);
        let cfg = &site_file.value;

        let base_url = self.base_url(file, &cfg.base_url);
        let failed_tables: BTreeSet<String> = cfg
            .locales
            .iter()
            .filter(|id| raw.failed(Path::new("content/i18n").join(format!("{id}.yaml"))))
            .cloned()
            .collect();
        let default_locale = cfg.locales.iter().position(|l| *l == cfg.default_locale);
        if default_locale.is_none() {
            let d = Diagnostic::error(
                &file.path,
                format!(
                    "default locale `{}` is not one of `locales`",
                    cfg.default_locale
                ),
            );
            let d = match crate::suggest::closest(
                &cfg.default_locale,
                cfg.locales.iter().map(String::as_str),
            ) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d,
            };
            self.diagnostics.push(locate(d, file, &["default_locale"]));
        }
        let locales = self.locales(
            file,
            &cfg.locales,
            &cfg.default_locale,
            raw.strings,
            &failed_tables,
        );

        let mut families_raw = raw.families;
        let mut families = Vec::new();
        for (i, id) in cfg.families.iter().enumerate() {
            match families_raw.remove(id) {
                Some(raw_family) => {
                    let family_file = Path::new("content").join(id).join("family.yaml");
                    if raw_family.family.is_none() && raw.failed.contains(&family_file) {
                        // Its problems are reported; its records cannot be
                        // judged without its classes.
                        continue;
                    }
                    if let Some(f) = self.family(id, raw_family, &locales) {
                        families.push(f);
                    }
                }
                None => {
                    let n = i.to_string();
                    self.error_at(
                        file,
                        &["families", &n],
                        format!("family `{id}` has no folder content/{id}/"),
                    )
                }
            }
        }
        for (id, rest) in families_raw {
            let path = rest
                .family
                .as_ref()
                .map(|f| f.file.path.clone())
                .or_else(|| rest.records.first().map(|r| r.file.path.clone()))
                .unwrap_or_else(|| Path::new("content").join(&id));
            self.diagnostics.push(Diagnostic::warning(
                path,
                format!(
                    "folder content/{id}/ is not listed in site.yaml `families`; it is ignored"
                ),
            ));
        }

        let (base_url, base_path) = base_url?;
        if !locales.complete {
            return None;
        }
        let cfg = raw.site?.value;
        Some(Site {
            title: cfg.title,
            base_url,
            base_path,
            locales: locales.inputs.into_iter().map(|l| l.locale).collect(),
            default_locale: default_locale?,
            families,
        })
    }

    /// Returns (base URL ending in `/`, its path ending in `/`).
    fn base_url(&mut self, file: &Doc<'_>, url: &str) -> Option<(String, String)> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let Some(rest) = rest.filter(|r| !r.is_empty() && !r.starts_with('/')) else {
            self.error_at(
                file,
                &["base_url"],
                format!("base_url `{url}` must be an absolute http(s) URL"),
            );
            return None;
        };
        if url.contains(['?', '#', ' ', '"', '<', '>'])
            || url.contains("/../")
            || url.ends_with("/..")
        {
            self.error_at(
                file,
                &["base_url"],
                format!(
                    "base_url `{url}` must be a plain URL without query, fragment, spaces or `..`"
                ),
            );
            return None;
        }
        let base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
        let path = match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        };
        let path = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        Some((base_url, path))
    }
}

/// What a record is checked against: its family's id, classes and codes.
struct FamilyScope<'a> {
    id: &'a str,
    classes: &'a [Class],
    known: &'a BTreeSet<u16>,
}

/// An absolute http(s) URL without characters that could leave an attribute.
fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && !r.contains(|c: char| c.is_whitespace() || "\"'<>`\\".contains(c))
    })
}

fn is_one_line(s: &str) -> bool {
    !s.trim().is_empty() && !s.contains(['\n', '\r'])
}

/// An HTTP/SIP token as header names use it.
fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_method(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'-')
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

/// Points a diagnostic at a key path (`["prose", "ru", "summary"]`, list
/// items by index), or at the deepest part of it the file has.
fn locate(d: Diagnostic, doc: &Doc<'_>, path: &[&str]) -> Diagnostic {
    d.at(&doc.text, doc.tree.locate(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_urls_are_links() {
        assert!(is_web_url(
            "https://www.iana.org/assignments/sip-parameters"
        ));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("JaVaScRiPt:alert(1)"));
        assert!(!is_web_url("https://x.org/\" onmouseover=\"x"));
        assert!(!is_web_url("https:///etc"));
        assert!(!is_web_url("data:text/html,x"));
    }
}
