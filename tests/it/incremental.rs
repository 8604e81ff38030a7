//! Rebuilds after an edit: exactly the affected files change, the result is
//! the same as a fresh build, an interrupted commit is finished by the next
//! build, and the thread count does not change a byte.

use crate::support::{SiteTest, manifest_without_times, tree};
use std::collections::BTreeMap;
use std::path::Path;

const MANIFEST: &str = ".statusdex-manifest";

/// Every page of one locale of the mini site.
fn locale_pages(l: &str) -> Vec<String> {
    let mut pages = vec![format!("{l}/index.html"), format!("{l}/zap/index.html")];
    for code in ["101", "102", "201", "202"] {
        pages.push(format!("{l}/zap/{code}/index.html"));
    }
    for pair in [
        "101-vs-102",
        "101-vs-201",
        "101-vs-202",
        "102-vs-201",
        "102-vs-202",
        "201-vs-202",
    ] {
        pages.push(format!("{l}/zap/{pair}/index.html"));
    }
    pages
}

fn in_locales(paths: &[&str]) -> Vec<String> {
    ["en", "ru", "zh"]
        .iter()
        .flat_map(|l| paths.iter().map(move |p| format!("{l}/{p}")))
        .collect()
}

/// Files that differ between two trees (added, removed or changed), the
/// manifest aside.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|p| *p != MANIFEST && before.get(*p) != after.get(*p))
        .cloned()
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

fn assert_same_site(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (rel, bytes) in &ta {
        if rel == MANIFEST {
            assert_eq!(
                manifest_without_times(bytes),
                manifest_without_times(&tb[rel])
            );
        } else {
            assert!(bytes == &tb[rel], "{rel} differs from a fresh build");
        }
    }
}

struct Edit {
    name: &'static str,
    apply: fn(&SiteTest),
    changed: fn() -> Vec<String>,
}

fn edits() -> Vec<Edit> {
    vec![
        Edit {
            name: "English description of one record",
            apply: |s| {
                let r = s.read("content/zap/102.yaml");
                s.write(
                    "content/zap/102.yaml",
                    &r.replace(
                        "English description of 102.",
                        "English description of 102, revised.",
                    ),
                );
            },
            // Its code page and its pairs show the description; only English.
            changed: || {
                let p = ["102", "101-vs-102", "102-vs-201", "102-vs-202"];
                p.iter().map(|p| format!("en/zap/{p}/index.html")).collect()
            },
        },
        Edit {
            name: "the code page template",
            apply: |s| {
                let t = s.read("templates/code.html");
                s.write(
                    "templates/code.html",
                    &t.replace("{% block main %}", "{% block main %}<!-- edited -->"),
                );
            },
            changed: || {
                in_locales(&[
                    "zap/101/index.html",
                    "zap/102/index.html",
                    "zap/201/index.html",
                    "zap/202/index.html",
                ])
            },
        },
        Edit {
            name: "a Russian UI string",
            apply: |s| {
                let t = s.read("content/i18n/ru.yaml");
                let line = t
                    .lines()
                    .find(|l| l.trim_start().starts_with("breadcrumb_home:"))
                    .expect("key");
                s.write(
                    "content/i18n/ru.yaml",
                    &t.replace(line, "  breadcrumb_home: Начало"),
                );
            },
            // Every Russian page's breadcrumb, and the 404 page's Russian link.
            changed: || {
                let mut c = locale_pages("ru");
                c.push("404.html".into());
                c.sort();
                c
            },
        },
        Edit {
            name: "a new code",
            apply: |s| {
                let r = s.read("content/zap/202.yaml");
                s.write("content/zap/203.yaml", &r.replace("202", "203"));
            },
            changed: || {
                let mut c = in_locales(&[
                    "index.html",
                    "zap/index.html",
                    "zap/101/index.html",
                    "zap/102/index.html",
                    "zap/201/index.html",
                    "zap/202/index.html",
                    "zap/203/index.html",
                    "zap/101-vs-203/index.html",
                    "zap/102-vs-203/index.html",
                    "zap/201-vs-203/index.html",
                    "zap/202-vs-203/index.html",
                    "zap/codes.json",
                ]);
                c.push("sitemaps/1.xml".into());
                c.sort();
                c
            },
        },
        Edit {
            name: "a deleted code",
            apply: |s| {
                std::fs::remove_file(s.root.join("content/zap/202.yaml")).expect("remove");
                s.write("content/zap/pairs.yaml", "[]\n");
            },
            changed: || {
                let mut c = in_locales(&[
                    "index.html",
                    "zap/index.html",
                    "zap/101/index.html",
                    "zap/102/index.html",
                    "zap/201/index.html",
                    "zap/202/index.html",
                    "zap/101-vs-202/index.html",
                    "zap/102-vs-202/index.html",
                    "zap/201-vs-202/index.html",
                    "zap/codes.json",
                ]);
                c.push("sitemaps/1.xml".into());
                c.sort();
                c
            },
        },
        Edit {
            name: "a static file",
            apply: |s| {
                let css = s.read("static/style.css");
                s.write("static/style.css", &format!("{css}\n/* edited */\n"));
            },
            changed: || vec!["style.css".into()],
        },
        Edit {
            name: "a curated note's English rule",
            apply: |s| {
                let p = s.read("content/zap/pairs.yaml");
                s.write(
                    "content/zap/pairs.yaml",
                    &p.replace("English rule that tells", "English rule telling"),
                );
            },
            // The pair page and the family index's list of confused pairs.
            changed: || {
                vec![
                    "en/zap/201-vs-202/index.html".into(),
                    "en/zap/index.html".into(),
                ]
            },
        },
    ]
}

#[test]
fn after_each_kind_of_edit_exactly_the_affected_files_change_and_match_a_fresh_build() {
    for edit in edits() {
        let site = SiteTest::fixture("mini");
        site.build();
        let before = tree(&site.out());
        (edit.apply)(&site);
        let report = site.build();
        let after = tree(&site.out());
        let mut expected = (edit.changed)();
        expected.sort();
        assert_eq!(
            changed(&before, &after),
            expected,
            "after editing {}",
            edit.name
        );
        let removed = before.keys().filter(|p| !after.contains_key(*p)).count();
        assert_eq!(
            report.written + removed,
            expected.len(),
            "{}: {report:?}",
            edit.name
        );

        let fresh = site.root.join("fresh");
        site.build_into(&fresh);
        assert_same_site(&site.out(), &fresh);
    }
}

#[test]
fn a_rebuild_with_nothing_changed_renders_and_touches_nothing() {
    let site = SiteTest::fixture("mini");
    site.build();
    let manifest = site.out().join(MANIFEST);
    let stamp = std::fs::metadata(&manifest).unwrap().modified().unwrap();
    let report = site.build();
    assert_eq!(
        (report.rendered, report.written, report.removed),
        (0, 0, 0),
        "{report:?}"
    );
    assert_eq!(report.unchanged, report.files);
    assert_eq!(
        std::fs::metadata(&manifest).unwrap().modified().unwrap(),
        stamp
    );
}

#[test]
fn an_output_file_deleted_or_edited_by_hand_is_repaired() {
    let site = SiteTest::fixture("mini");
    site.build();
    let out = site.out();
    let page = out.join("ru/zap/101/index.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, b"edited by hand").unwrap();
    std::fs::remove_file(out.join("zh/zap/index.html")).unwrap();
    let report = site.build();
    assert_eq!((report.rendered, report.written), (2, 2), "{report:?}");
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert!(out.join("zh/zap/index.html").is_file());
}

#[test]
fn an_interrupted_commit_leaves_old_or_new_files_and_the_next_build_finishes_it() {
    let site = SiteTest::fixture("mini");
    let reference = SiteTest::fixture("mini");
    // The new version: one record edited, one code removed (so the commit
    // both replaces and deletes).
    let edit = |s: &SiteTest| {
        let r = s.read("content/zap/101.yaml");
        s.write(
            "content/zap/101.yaml",
            &r.replace("English description of 101.", "Revised."),
        );
        std::fs::remove_file(s.root.join("content/zap/202.yaml")).unwrap();
        s.write("content/zap/pairs.yaml", "[]\n");
    };
    edit(&reference);
    reference.build();
    let new = tree(&reference.out());

    let mut step = 0;
    loop {
        let _ = std::fs::remove_dir_all(site.out());
        let _ = std::fs::remove_dir_all(site.root.join(".public.statusdex-staging"));
        // Rebuild the old version, then try the new one with a crash after
        // `step` commit steps.
        let old_site = SiteTest::fixture("mini");
        old_site.build_into(&site.out());
        let old = tree(&site.out());
        edit(&site);
        let mut options = statusdex::BuildOptions::new(&site.root, site.out());
        options.crash_after = Some(step);
        let crashed = statusdex::build(&options, &|_, _| {}).is_err();

        // Every file is whole: its old or its new version, never another.
        let now = tree(&site.out());
        for (rel, bytes) in &now {
            if rel != MANIFEST {
                assert!(
                    old.get(rel) == Some(bytes) || new.get(rel) == Some(bytes),
                    "step {step}: {rel} is neither old nor new"
                );
            }
        }
        for rel in old.keys().filter(|r| new.contains_key(*r)) {
            assert!(now.contains_key(rel), "step {step}: {rel} went missing");
        }

        let report = site.build();
        assert_eq!(report.repaired, crashed, "step {step}");
        assert_same_site(&site.out(), &reference.out());
        assert!(!site.root.join(".public.statusdex-staging").exists());
        if !crashed {
            break;
        }
        // Restore the old content for the next round.
        for f in ["101.yaml", "202.yaml", "pairs.yaml"] {
            let text = old_site.read(&format!("content/zap/{f}"));
            site.write(&format!("content/zap/{f}"), &text);
        }
        step += 1;
    }
    assert!(step > 10, "the commit has only {step} steps");
}

#[test]
fn output_is_byte_identical_with_one_and_four_threads() {
    let site = SiteTest::fixture("mini");
    let build = |threads: usize, dir: &str| {
        let out = site.root.join(dir);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| site.build_into(&out));
        out
    };
    let (one, four) = (build(1, "one"), build(4, "four"));
    assert_same_site(&one, &four);
}

#[test]
fn a_static_file_where_a_page_is_generated_is_an_error_in_check_and_build() {
    let site = SiteTest::fixture("mini");
    site.write("static/en/zap/101/index.html", "<p>mine</p>");
    for args in [&["check"][..], &["build"][..]] {
        let out = site.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("static/en/zap/101/index.html"), "{err}");
        assert!(
            err.contains("collides with `en/zap/101/index.html`"),
            "{err}"
        );
    }
    assert!(!site.out().exists());
}

#[test]
fn the_sitemap_index_is_valid_xml_and_its_sitemaps_list_every_page_once() {
    let site = SiteTest::fixture("mini");
    let report = site.build();
    let index = site.page_source("sitemap.xml");
    let doc = roxmltree::Document::parse(&index).expect("sitemap index parses");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert!(!locs.is_empty());
    let mut pages = Vec::new();
    for loc in &locs {
        let rel = loc
            .strip_prefix("https://docs.example.org/mini/")
            .expect("under base_url");
        let text = site.page_source(rel);
        let doc = roxmltree::Document::parse(&text).expect("sitemap parses");
        let urls: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("url"))
            .collect();
        assert!(urls.len() <= 50_000);
        assert!(text.len() <= 50 * 1024 * 1024);
        for url in urls {
            let loc = url.children().find(|n| n.has_tag_name("loc")).expect("loc");
            pages.push(loc.text().unwrap_or_default().to_string());
        }
    }
    let count = pages.len();
    pages.sort();
    pages.dedup();
    assert_eq!(pages.len(), count, "a page is listed twice");
    // Every localized page and the language chooser.
    assert_eq!(count, report.pages + 1);
}
