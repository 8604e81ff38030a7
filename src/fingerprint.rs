//! What each output is made from, as one number. Every input of a build
//! (the engine, site settings, each locale's strings, each template, each
//! record, each curated note, each static file) gets a content hash; an
//! output's fingerprint combines the hashes of exactly the inputs its page
//! reads. Two builds with equal fingerprints for an output render the same
//! bytes, so a rebuild renders only outputs whose fingerprint changed, and
//! [`affected`] answers "which outputs does this change touch" for `serve`.
//!
//! Model values are hashed through their derived `Hash`: every field counts,
//! including fields added later, and the model holds no unordered maps.

use crate::model::outputs::{OutputJob, StaticFile};
use crate::model::{Code, Family, Page, Site};
use crate::render::page_template;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::Hash;
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// A content hash of a value, through its derived `Hash`.
pub fn hash_value(value: &impl Hash) -> u64 {
    let mut h = Xxh3::new();
    value.hash(&mut h);
    h.digest()
}

/// Hashes of the templates each page template renders with: itself, every
/// template that is not a page template (layouts, partials, components, which
/// any page may reach), and any page template its source names.
#[derive(Debug, Clone, Default)]
pub struct TemplateHashes {
    by_page: HashMap<String, u64>,
}

impl TemplateHashes {
    pub fn new(sources: &[(String, String)], page_templates: &[&str]) -> Self {
        let is_page = |name: &str| page_templates.contains(&name);
        let mut shared = Xxh3::new();
        for (name, text) in sources.iter().filter(|(n, _)| !is_page(n)) {
            shared.update(name.as_bytes());
            shared.update(&hash_bytes(text.as_bytes()).to_le_bytes());
        }
        let shared = shared.digest();
        let by_page = sources
            .iter()
            .filter(|(n, _)| is_page(n))
            .map(|(name, text)| {
                let mut h = Xxh3::new();
                h.update(&shared.to_le_bytes());
                h.update(text.as_bytes());
                for (other, other_text) in sources.iter().filter(|(n, _)| is_page(n) && n != name) {
                    if text.contains(&format!("\"{other}\""))
                        || text.contains(&format!("'{other}'"))
                    {
                        h.update(other_text.as_bytes());
                    }
                }
                (name.clone(), h.digest())
            })
            .collect();
        TemplateHashes { by_page }
    }

    fn get(&self, template: &str) -> u64 {
        self.by_page.get(template).copied().unwrap_or(0)
    }
}

/// The content hashes of one build's inputs.
#[derive(Debug, Clone)]
pub struct Inputs {
    engine: u64,
    site: u64,
    locales: Vec<u64>,
    all_locales: u64,
    /// Every family's id, name and codes: what the home pages and the
    /// sitemaps list.
    structure: u64,
    templates: TemplateHashes,
    families: Vec<FamilyInputs>,
    statics: Vec<u64>,
}

#[derive(Debug, Clone)]
struct FamilyInputs {
    /// Per locale: id, name, registry link, classes and the family's terms
    /// in that locale.
    config: Vec<u64>,
    /// Each code's number, reason phrase and class: what every code page's
    /// "compare with" list and the family index's picker show.
    roster: u64,
    /// Per code, per locale: the record as validated, with that locale's
    /// prose only (a page reads no other locale's prose).
    codes: Vec<Vec<u64>>,
    /// Per code, per locale: what a link to the code shows.
    links: Vec<Vec<u64>>,
    /// Per locale: every link and every curated note's rule, as the family
    /// index shows them.
    listing: Vec<u64>,
    /// Per note, per locale.
    notes: BTreeMap<(u16, u16), Vec<u64>>,
    /// Per locale: every field the family's data file shows.
    data: Vec<u64>,
}

impl Inputs {
    pub fn new(site: &Site, templates: &TemplateHashes, statics: &[StaticFile]) -> Self {
        let locale_meta: Vec<_> = site
            .locales
            .iter()
            .map(|l| (&l.id, &l.lang, &l.name))
            .collect();
        let locales: Vec<u64> = site.locales.iter().map(hash_value).collect();
        let structure = hash_value(
            &site
                .families
                .iter()
                .map(|f| {
                    (
                        &f.id,
                        &f.name,
                        f.codes.iter().map(|c| c.code).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>(),
        );
        Inputs {
            engine: engine_hash(),
            site: hash_value(&(
                &site.title,
                &site.base_url,
                &site.base_path,
                site.default_locale,
                locale_meta,
            )),
            all_locales: hash_value(&locales),
            locales,
            structure,
            templates: templates.clone(),
            families: site
                .families
                .iter()
                .map(|f| FamilyInputs::new(f, site.locales.len()))
                .collect(),
            statics: statics.iter().map(|s| s.hash).collect(),
        }
    }

    /// The fingerprint of one output of `site` (the site these inputs were
    /// taken from).
    pub fn fingerprint(&self, site: &Site, output: OutputJob) -> u64 {
        let mut h = Xxh3::new();
        let mut add = |x: u64| h.update(&x.to_le_bytes());
        add(self.engine);
        match output {
            OutputJob::Page(job) => {
                add(self.site);
                add(self.locales[job.locale]);
                add(self.templates.get(page_template(job.page)));
                match job.page {
                    Page::Home => add(self.structure),
                    Page::Family { family } => {
                        let f = &self.families[family];
                        add(f.config[job.locale]);
                        add(f.roster);
                        add(f.listing[job.locale]);
                    }
                    Page::Code { family, code } => {
                        let f = &self.families[family];
                        add(f.config[job.locale]);
                        add(f.roster);
                        add(f.codes[code][job.locale]);
                        let fam = &site.families[family];
                        for related in fam.codes[code].related.iter() {
                            if let Some(i) = fam.index_of(*related) {
                                add(f.links[i][job.locale]);
                            }
                        }
                    }
                    Page::Pair { family, a, b } => {
                        let f = &self.families[family];
                        add(f.config[job.locale]);
                        add(f.codes[a][job.locale]);
                        add(f.codes[b][job.locale]);
                        let fam = &site.families[family];
                        let key = (fam.codes[a].code, fam.codes[b].code);
                        add(f.notes.get(&key).map_or(0, |n| n[job.locale]));
                    }
                }
            }
            OutputJob::Root => {
                add(self.site);
                add(self.all_locales);
                add(self.templates.get("root.html"));
            }
            OutputJob::NotFound => {
                add(self.site);
                add(self.all_locales);
                add(self.templates.get("404.html"));
            }
            OutputJob::Robots => add(self.site),
            OutputJob::SitemapIndex => {
                add(self.site);
                add(site.sitemap_count() as u64);
            }
            OutputJob::Sitemap(n) => {
                add(self.site);
                add(self.structure);
                add(n as u64);
            }
            OutputJob::DataSchema => {}
            OutputJob::Data { family, locale } => {
                let f = &self.families[family];
                add(self.site);
                add(f.config[locale]);
                add(f.data[locale]);
            }
            OutputJob::Static(i) => add(self.statics[i]),
        }
        h.digest()
    }

    /// Every output path of `site` with its fingerprint.
    pub fn fingerprints<'a>(
        &'a self,
        site: &'a Site,
        statics: &'a [StaticFile],
    ) -> impl Iterator<Item = (String, u64)> + 'a {
        site.outputs(statics)
            .map(move |o| (site.output_path(statics, o), self.fingerprint(site, o)))
    }
}

impl FamilyInputs {
    fn new(f: &Family, locales: usize) -> Self {
        let per_locale = |c: &Code, l: usize| hash_value(&(facts_hash(c), &c.prose[l]));
        let link = |c: &Code, l: usize| {
            let p = &c.prose[l];
            hash_value(&(
                c.code,
                &c.reason,
                c.class,
                &p.name,
                &p.summary_html,
                &p.summary_index_html,
            ))
        };
        let codes = f
            .codes
            .iter()
            .map(|c| (0..locales).map(|l| per_locale(c, l)).collect())
            .collect();
        let links: Vec<Vec<u64>> = f
            .codes
            .iter()
            .map(|c| (0..locales).map(|l| link(c, l)).collect())
            .collect();
        let listing = (0..locales)
            .map(|l| {
                let links: Vec<u64> = links.iter().map(|c| c[l]).collect();
                let rules: Vec<_> = f
                    .notes
                    .iter()
                    .map(|(k, n)| (k, &n.text[l].rule, n.text[l].fallback))
                    .collect();
                hash_value(&(links, rules))
            })
            .collect();
        let data = (0..locales)
            .map(|l| {
                let codes: Vec<_> = f
                    .codes
                    .iter()
                    .map(|c| {
                        let p = &c.prose[l];
                        (
                            (c.code, &c.reason, c.class, &c.wild_reasons, &c.related),
                            (c.is_deprecated(), &p.name, &p.summary_text, p.fallback),
                        )
                    })
                    .collect();
                hash_value(&codes)
            })
            .collect();
        FamilyInputs {
            data,
            config: f
                .terms
                .iter()
                .map(|t| hash_value(&(&f.id, &f.name, &f.registry, &f.classes, t)))
                .collect(),
            roster: hash_value(
                &f.codes
                    .iter()
                    .map(|c| (c.code, &c.reason, c.class))
                    .collect::<Vec<_>>(),
            ),
            codes,
            links,
            listing,
            notes: f
                .notes
                .iter()
                .map(|(k, n)| {
                    let each = (0..locales)
                        .map(|l| hash_value(&(&n.replaces, &n.text[l])))
                        .collect();
                    (*k, each)
                })
                .collect(),
        }
    }
}

/// Every field of a code but its prose. Listed without `..`, so a field added
/// to `Code` fails to compile here until it is hashed or ruled out.
fn facts_hash(c: &Code) -> u64 {
    let Code {
        code,
        reason,
        class,
        references,
        changes,
        wild_reasons,
        senders,
        answers,
        carries,
        retry_adds,
        related_headers,
        retry,
        next,
        related,
        q850,
        example,
        flow,
        prose: _,
    } = c;
    hash_value(&(
        (
            code,
            reason,
            class,
            references,
            changes,
            wild_reasons,
            senders,
        ),
        (answers, carries, retry_adds, related_headers, retry, next),
        (related, q850, example, flow),
    ))
}

/// Identifies the running statusdex: a new binary may render differently, so
/// its outputs are not comparable with an older one's.
fn engine_hash() -> u64 {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| (m.len(), m.modified().ok()));
    hash_value(&(env!("CARGO_PKG_VERSION"), exe.ok()))
}

/// A site with its static files and input hashes, as one build saw them.
pub struct Snapshot<'a> {
    pub site: &'a Site,
    pub statics: &'a [StaticFile],
    pub inputs: &'a Inputs,
}

/// The output paths a change from `before` to `after` affects: outputs whose
/// fingerprint changed, new outputs and outputs that no longer exist.
pub fn affected(before: &Snapshot<'_>, after: &Snapshot<'_>) -> BTreeSet<String> {
    let old: HashMap<String, u64> = before
        .inputs
        .fingerprints(before.site, before.statics)
        .collect();
    let mut seen = HashSet::new();
    let mut changed = BTreeSet::new();
    for (path, fp) in after.inputs.fingerprints(after.site, after.statics) {
        if old.get(&path) != Some(&fp) {
            changed.insert(path.clone());
        }
        seen.insert(path);
    }
    changed.extend(old.into_keys().filter(|p| !seen.contains(p)));
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Prepared, prepare};
    use crate::render::Renderer;
    use std::path::{Path, PathBuf};

    /// A copy of the mini fixture site, with the repository's templates and
    /// static files, that a test may edit.
    struct Copy {
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    impl Copy {
        fn new() -> Self {
            let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().join("site");
            for (from, to) in [
                ("tests/fixtures/mini/content", "content"),
                ("templates", "templates"),
                ("static", "static"),
            ] {
                for f in crate::tree::files(&repo.join(from), "copying").unwrap() {
                    let dest = root.join(to).join(&f.rel);
                    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                    std::fs::copy(&f.path, dest).unwrap();
                }
            }
            Copy { _dir: dir, root }
        }

        fn prepared(&self) -> Prepared {
            prepare(&self.root, &Renderer::new(&self.root).unwrap()).unwrap()
        }

        fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
            let path = self.root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(path, f(text)).unwrap();
        }
    }

    /// What `change` affects in the mini site.
    fn affected_by(change: impl FnOnce(&Copy)) -> BTreeSet<String> {
        let site = Copy::new();
        let before = site.prepared();
        change(&site);
        let after = site.prepared();
        affected(&before.snapshot(), &after.snapshot())
    }

    fn paths(locales: &[&str], pages: &[&str]) -> BTreeSet<String> {
        locales
            .iter()
            .flat_map(|l| pages.iter().map(move |p| format!("{l}/{p}index.html")))
            .collect()
    }

    const ALL: [&str; 3] = ["en", "ru", "zh"];

    /// The family data file of each locale.
    fn data(locales: &[&str]) -> BTreeSet<String> {
        locales
            .iter()
            .map(|l| format!("{l}/zap/codes.json"))
            .collect()
    }

    #[test]
    fn a_record_edit_affects_its_code_page_and_pairs_in_the_locales_it_touches() {
        let got = affected_by(|s| {
            s.edit("content/zap/102.yaml", |t| {
                t.replace("English description of 102.", "Revised.")
            })
        });
        let pages = [
            "zap/102/",
            "zap/101-vs-102/",
            "zap/102-vs-201/",
            "zap/102-vs-202/",
        ];
        // Only English pages: a page reads only its own locale's prose.
        assert_eq!(got, paths(&["en"], &pages));

        // A fact shows in every locale.
        let got =
            affected_by(|s| s.edit("content/zap/102.yaml", |t| t.replace("Seq: 1", "Seq: 2")));
        assert_eq!(got, paths(&ALL, &pages));
    }

    #[test]
    fn a_summary_edit_also_affects_the_index_and_the_pages_that_link_the_code() {
        let got = affected_by(|s| {
            s.edit("content/zap/102.yaml", |t| {
                t.replace("Code 102 in English", "Code 102, in English")
            })
        });
        // 101 relates to 102, so its page shows 102's summary.
        let want = paths(
            &["en"],
            &[
                "zap/",
                "zap/101/",
                "zap/102/",
                "zap/101-vs-102/",
                "zap/102-vs-201/",
                "zap/102-vs-202/",
            ],
        );
        // The data file shows the summary too.
        assert_eq!(got, &want | &data(&["en"]));
    }

    #[test]
    fn a_template_edit_affects_the_pages_rendered_with_it() {
        let got = affected_by(|s| {
            s.edit("templates/pair.html", |t| {
                t.replace("{% block main %}", "{% block main %} ")
            })
        });
        let pairs = [
            "101-vs-102",
            "101-vs-201",
            "101-vs-202",
            "102-vs-201",
            "102-vs-202",
            "201-vs-202",
        ];
        let pages: Vec<String> = pairs.iter().map(|p| format!("zap/{p}/")).collect();
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        assert_eq!(got, paths(&ALL, &pages));

        // The shared layout reaches every page.
        let got = affected_by(|s| s.edit("templates/base.html", |t| format!("{t} ")));
        assert_eq!(got.len(), 3 * 12 + 2, "{got:?}");
    }

    #[test]
    fn a_string_table_edit_affects_its_locale_and_the_pages_of_every_locale() {
        let got = affected_by(|s| {
            s.edit("content/i18n/ru.yaml", |t| {
                let line = t
                    .lines()
                    .find(|l| l.trim_start().starts_with("breadcrumb_home:"))
                    .unwrap();
                t.replace(line, "  breadcrumb_home: Начало")
            })
        });
        let mut want = paths(
            &["ru"],
            &[
                "",
                "zap/",
                "zap/101/",
                "zap/102/",
                "zap/201/",
                "zap/202/",
                "zap/101-vs-102/",
                "zap/101-vs-201/",
                "zap/101-vs-202/",
                "zap/102-vs-201/",
                "zap/102-vs-202/",
                "zap/201-vs-202/",
            ],
        );
        want.insert("index.html".into());
        want.insert("404.html".into());
        assert_eq!(got, want);
    }

    #[test]
    fn a_family_term_edit_affects_that_familys_pages_in_its_locale_only() {
        let got = affected_by(|s| {
            s.edit("content/i18n/ru.yaml", |t| {
                t.replace("name: Итог", "name: Окончательный")
            })
        });
        // Home pages, the root and the 404 page name no class.
        let want = paths(
            &["ru"],
            &[
                "zap/",
                "zap/101/",
                "zap/102/",
                "zap/201/",
                "zap/202/",
                "zap/101-vs-102/",
                "zap/101-vs-201/",
                "zap/101-vs-202/",
                "zap/102-vs-201/",
                "zap/102-vs-202/",
                "zap/201-vs-202/",
            ],
        );
        // The data file names each code's class.
        assert_eq!(got, &want | &data(&["ru"]));
    }

    #[test]
    fn a_new_code_affects_its_pages_the_lists_and_the_sitemap() {
        let got = affected_by(|s| {
            let r = std::fs::read_to_string(s.root.join("content/zap/202.yaml")).unwrap();
            std::fs::write(s.root.join("content/zap/203.yaml"), r.replace("202", "203")).unwrap();
        });
        let mut want = paths(
            &ALL,
            &[
                "",
                "zap/",
                "zap/101/",
                "zap/102/",
                "zap/201/",
                "zap/202/",
                "zap/203/",
                "zap/101-vs-203/",
                "zap/102-vs-203/",
                "zap/201-vs-203/",
                "zap/202-vs-203/",
            ],
        );
        want.insert("sitemaps/1.xml".into());
        assert_eq!(got, &want | &data(&ALL));
    }

    #[test]
    fn a_deleted_code_affects_the_lists_and_removes_its_pages() {
        let got = affected_by(|s| {
            std::fs::remove_file(s.root.join("content/zap/202.yaml")).unwrap();
            s.edit("content/zap/pairs.yaml", |_| "[]\n".into());
        });
        let mut want = paths(
            &ALL,
            &[
                "",
                "zap/",
                "zap/101/",
                "zap/102/",
                "zap/201/",
                "zap/202/",
                "zap/101-vs-202/",
                "zap/102-vs-202/",
                "zap/201-vs-202/",
            ],
        );
        want.insert("sitemaps/1.xml".into());
        assert_eq!(got, &want | &data(&ALL));
    }

    #[test]
    fn a_static_edit_affects_only_that_file() {
        let got = affected_by(|s| s.edit("static/style.css", |t| format!("{t}\n")));
        assert_eq!(got, BTreeSet::from(["style.css".to_string()]));
    }

    #[test]
    fn a_curated_note_edit_affects_its_pair_and_the_index_that_lists_its_rule() {
        let got = affected_by(|s| {
            s.edit("content/zap/pairs.yaml", |t| {
                t.replace("English note on why", "English note about why")
            })
        });
        assert_eq!(got, paths(&["en"], &["zap/201-vs-202/"]));
        let got = affected_by(|s| {
            s.edit("content/zap/pairs.yaml", |t| {
                t.replace("English rule that tells", "English rule telling")
            })
        });
        assert_eq!(got, paths(&["en"], &["zap/", "zap/201-vs-202/"]));
    }

    #[test]
    fn nothing_changed_affects_nothing() {
        assert!(affected_by(|_| {}).is_empty());
    }
}
