//! Invariants over the repository's own content: the site a reader gets.

use crate::support::{SiteTest, headings, manifest_without_times, select, text, tree};
use scraper::{ElementRef, Html, node::Node};
use std::path::Path;
use std::sync::OnceLock;

/// One build of the real site shared by the read-only tests of this module.
fn built() -> &'static SiteTest {
    static SITE: OnceLock<SiteTest> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = SiteTest::real();
        site.build();
        site
    })
}

fn html_pages(site: &SiteTest) -> Vec<(String, String)> {
    tree(&site.out())
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("utf-8 page")))
        .collect()
}

#[test]
fn the_site_has_every_code_and_pair_page_in_three_locales() {
    let site = built();
    let files = tree(&site.out());
    let codes: Vec<u16> = files
        .keys()
        .filter_map(|p| {
            p.strip_prefix("en/sip/")?
                .strip_suffix("/index.html")?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(codes.len(), 75, "code pages of en");
    for locale in ["en", "ru", "zh"] {
        for (i, a) in codes.iter().enumerate() {
            assert!(files.contains_key(&format!("{locale}/sip/{a}/index.html")));
            for b in &codes[i + 1..] {
                assert!(files.contains_key(&format!("{locale}/sip/{a}-vs-{b}/index.html")));
                assert!(!files.contains_key(&format!("{locale}/sip/{b}-vs-{a}/index.html")));
            }
        }
        let pages = files
            .keys()
            .filter(|p| p.starts_with(&format!("{locale}/sip/")) && p.ends_with("index.html"))
            .count();
        assert_eq!(
            pages,
            75 + 75 * 74 / 2 + 1,
            "code, pair and family index pages of {locale}"
        );
        assert!(files.contains_key(&format!("{locale}/index.html")));
    }
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
    ] {
        assert!(files.contains_key(f), "{f}");
    }
}

/// Resolves a link found on page `from` (relative to the output root) to an
/// output file, or None for links that leave the site.
fn resolve(from: &str, href: &str) -> Option<String> {
    if href.starts_with("https://") || href.starts_with("http://") || href.starts_with("mailto:") {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or_default();
    if href.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = if let Some(abs) = href.strip_prefix('/') {
        // Only the 404 page uses root-absolute links; the real site is at `/`.
        abs.split('/').collect()
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let mut base: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for seg in href.split('/') {
            match seg {
                ".." => {
                    assert!(
                        base.pop().is_some(),
                        "{href} on {from} climbs above the site root"
                    );
                }
                "." => {}
                s => base.push(s),
            }
        }
        base
    };
    if href.ends_with('/') {
        parts.retain(|s| !s.is_empty());
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

#[test]
fn every_internal_link_resolves_to_a_written_file() {
    let site = built();
    let out = site.out();
    let mut checked = 0;
    for (rel, source) in html_pages(site) {
        let page = Html::parse_document(&source);
        for el in select(&page, "[href], [src]") {
            for attr in ["href", "src"] {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                if let Some(target) = resolve(&rel, url) {
                    assert!(
                        Path::new(&out).join(&target).is_file(),
                        "{rel}: {attr}=\"{url}\" points at missing {target}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn html_lang_matches_the_locale_folder() {
    let site = built();
    for (rel, source) in html_pages(site) {
        let page = Html::parse_document(&source);
        let lang = select(&page, "html")[0]
            .value()
            .attr("lang")
            .expect("lang")
            .to_string();
        let expected = match rel.split('/').next() {
            Some("ru") => "ru",
            Some("zh") => "zh-Hans",
            _ => "en",
        };
        assert_eq!(lang, expected, "{rel}");
    }
}

/// Text of an element with each `code` or `pre` replaced by a mark, so that
/// words on either side of a header name are not taken as adjacent.
fn prose_text(el: ElementRef<'_>) -> String {
    let is_code = |n: &scraper::Node| {
        n.as_element()
            .is_some_and(|e| matches!(e.name(), "code" | "pre"))
    };
    let mut out = String::new();
    for node in el.descendants() {
        let in_code = node.ancestors().any(|a| is_code(a.value()));
        match node.value() {
            n if is_code(n) && !in_code => out.push('¤'),
            Node::Text(t) if !in_code => out.push_str(t),
            _ => {}
        }
    }
    out
}

/// The first word written twice in a row ("when when"), if any. Only words of
/// letters count, separated by white space alone; CJK text repeats characters
/// on purpose and has no spaces to separate words.
fn doubled_word(text: &str) -> Option<String> {
    let mut prev: Option<String> = None;
    let mut gap_is_space = false;
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() && !is_cjk(c) {
            word.push(c);
            if chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() && !is_cjk(*n))
            {
                continue;
            }
            let w = word.to_lowercase();
            if gap_is_space && prev.as_deref() == Some(w.as_str()) {
                return Some(w);
            }
            prev = Some(w);
            word.clear();
            gap_is_space = true;
        } else if !c.is_whitespace() {
            gap_is_space = false;
        }
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn doubled_word_detector_catches_the_reference_fault() {
    assert_eq!(
        doubled_word("You encounter 302 when when a user"),
        Some("when".into())
    );
    assert_eq!(doubled_word("Когда  когда"), Some("когда".into()));
    assert_eq!(doubled_word("when. When"), None);
    assert_eq!(doubled_word("看看 看看"), None);
    assert_eq!(doubled_word("a b a"), None);
}

#[test]
fn no_word_is_doubled_in_visible_text() {
    let site = built();
    let css = "title, h1, h2, h3, h4, p, li, dt, dd, td, th, a, span";
    for (rel, source) in html_pages(site) {
        let page = Html::parse_document(&source);
        for el in select(&page, css) {
            let text = prose_text(el);
            if let Some(w) = doubled_word(&text) {
                panic!("{rel}: doubled word `{w}` in: {text}");
            }
        }
    }
}

#[test]
fn no_template_syntax_is_left_in_the_output() {
    let site = built();
    for (rel, bytes) in tree(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        for marker in ["{{", "{%", "{#"] {
            assert!(!text.contains(marker), "{rel} contains {marker}");
        }
    }
}

#[test]
fn composed_pair_text_has_no_unfilled_placeholders_or_english_left_in_ru_and_zh() {
    let site = built();
    for locale in ["ru", "zh"] {
        let page = site.page(&format!("{locale}/sip/302-vs-401/"));
        for li in crate::support::texts(&page, "ol.differences li, main .lead") {
            assert!(!li.contains('{'), "{li}");
            for english in [" the ", " is ", " and ", " both ", " while "] {
                assert!(
                    !li.contains(english),
                    "{locale}: English `{english}` in: {li}"
                );
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let site = SiteTest::real();
    let a = site.root.join("out-a");
    let b = site.root.join("out-b");
    site.build_into(&a);
    site.build_into(&b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (rel, bytes) in &ta {
        if rel == ".statusdex-manifest" {
            // It records each file's modification time; the rest must agree.
            assert_eq!(
                manifest_without_times(bytes),
                manifest_without_times(&tb[rel])
            );
        } else {
            assert!(bytes == &tb[rel], "{rel} differs between builds");
        }
    }
}

#[test]
fn a_rebuild_rewrites_nothing_and_an_edit_rewrites_only_affected_pages() {
    let site = SiteTest::real();
    let first = site.build();
    assert_eq!(first.written, first.files);
    let second = site.build();
    assert_eq!((second.rendered, second.written, second.removed), (0, 0, 0));

    let record = site.read("content/sip/428.yaml");
    site.write(
        "content/sip/428.yaml",
        // The reason phrase and the example's status line.
        &record.replace("Use Identity Header\n", "Use Identity Header Now\n"),
    );
    let third = site.build();
    // In each of 3 locales: 428's code page and its 74 pairs, the family
    // index (it lists the reason phrase), the 74 other code pages, whose
    // "compare with" lists show it, and the family's data file.
    assert_eq!(third.written, 3 * (1 + 74 + 1 + 74 + 1), "{third:?}");
    assert_eq!(third.rendered, third.written, "{third:?}");
}

/// Section headings of the Russian and Chinese reference pages, in order.
const RU_HEADINGS: &[&str] = &[
    "Описание",
    "Когда вы это видите",
    "Как исправить",
    "Описание",
    "Когда вы это видите",
    "Как исправить",
    "Ключевые различия",
    "Когда что использовать",
    "Узнать больше",
];
const ZH_HEADINGS: &[&str] = &[
    "描述",
    "何时出现",
    "如何修复",
    "描述",
    "何时出现",
    "如何修复",
    "主要区别",
    "何时使用哪个",
    "了解更多",
];

/// The pair pages of the site statusdex replaces, as (our page, its title,
/// its section headings in order). Taken from the five reference pages the
/// product brief ships (`reference-pages/`), so that our pages keep the
/// headings readers know.
const REFERENCE_PAGES: [(&str, &str, &[&str]); 5] = [
    (
        "en/sip/301-vs-401/",
        "SIP 301 Moved Permanently vs 401 Unauthorized",
        &[
            "Description",
            "When You See It",
            "How to Fix",
            "Description",
            "When You See It",
            "How to Fix",
            "Key Differences",
            "When to Use Which",
        ],
    ),
    (
        "ru/sip/200-vs-401/",
        "SIP 200 OK vs 401 Unauthorized",
        RU_HEADINGS,
    ),
    (
        "ru/sip/302-vs-401/",
        "SIP 302 Moved Temporarily vs 401 Unauthorized",
        RU_HEADINGS,
    ),
    (
        "zh/sip/202-vs-401/",
        "SIP 202 Accepted vs 401 Unauthorized",
        ZH_HEADINGS,
    ),
    (
        "zh/sip/302-vs-428/",
        "SIP 302 Moved Temporarily vs 428 Use Identity Header",
        ZH_HEADINGS,
    ),
];

#[test]
fn pair_pages_carry_the_section_headings_of_the_reference_pages() {
    let site = built();
    for (page, title, wanted) in REFERENCE_PAGES {
        let ours = headings(&site.page(page));
        // The reference headings appear in our page, in the same order.
        let mut rest = ours.iter();
        for w in wanted {
            assert!(
                rest.any(|h| h == w),
                "{page}: heading `{w}` missing or out of order in {ours:?}"
            );
        }
        // The title names both codes as on the wire; Russian and Chinese
        // titles add each code's name in the page's language.
        let h1 = text(select(&site.page(page), "h1")[0]);
        let (a, b) = title.split_once(" vs ").expect("a pair title");
        assert!(
            h1.starts_with(a) && h1.contains(&format!(" vs {}", &b[..b.find(' ').expect("code")])),
            "{page}: {h1}"
        );
        assert!(h1.contains(b), "{page}: {h1}");
        if !page.starts_with("en/") {
            assert_ne!(h1, *title, "{page}: no localized names in {h1}");
        }
    }
}
