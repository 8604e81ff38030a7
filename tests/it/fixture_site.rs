//! The mini fixture: an invented family (ZAP) of 4 codes in 2 classes, 3 locales,
//! one record without a Chinese block, served under a sub-path.

use crate::support::{SiteTest, headings, select, text, texts, tree};
use statusdex::content::{self, StringTable};

fn strings(site: &SiteTest) -> std::collections::BTreeMap<String, StringTable> {
    let (raw, _) = content::load(&site.root).expect("load fixture");
    raw.strings.into_iter().map(|(k, v)| (k, v.value)).collect()
}

#[test]
fn every_locale_gets_code_pages_pair_pages_and_index_pages() {
    let site = SiteTest::fixture("mini");
    let report = site.build();
    let n = 4;
    let per_locale = n + n * (n - 1) / 2 + 2;
    assert_eq!(report.pages, 3 * per_locale);
    assert_eq!(report.locales, 3);

    let files = tree(&site.out());
    for locale in ["en", "ru", "zh"] {
        let pages = files
            .keys()
            .filter(|p| p.starts_with(&format!("{locale}/")) && p.ends_with("index.html"))
            .count();
        assert_eq!(pages, per_locale, "pages of {locale}");
    }
    let listing: Vec<&str> = files.keys().map(String::as_str).collect();
    insta::assert_snapshot!("mini_output_files", listing.join("\n"));
}

#[test]
fn pair_pages_use_the_headings_of_their_locale() {
    let site = SiteTest::fixture("mini");
    site.build();
    let tables = strings(&site);
    for (locale, t) in &tables {
        let page = site.page(&format!("{locale}/zap/101-vs-201/"));
        let ui = &t.ui;
        let expected = [
            ui.description.as_str(),
            ui.when_you_see_it.as_str(),
            ui.how_to_fix.as_str(),
            ui.description.as_str(),
            ui.when_you_see_it.as_str(),
            ui.how_to_fix.as_str(),
            ui.key_differences.as_str(),
            ui.facts.as_str(),
            ui.when_to_use_which.as_str(),
            ui.learn_more.as_str(),
        ];
        let found: Vec<String> = headings(&page)
            .into_iter()
            .filter(|h| expected.contains(&h.as_str()))
            .collect();
        assert_eq!(found, expected, "headings of the {locale} pair page");
    }
    // And in English, word for word as on the site we replace.
    let en: Vec<String> = headings(&site.page("en/zap/101-vs-201/"));
    for h in [
        "Description",
        "When You See It",
        "How to Fix",
        "Key Differences",
        "When to Use Which",
        "Learn More",
    ] {
        assert!(en.iter().any(|x| x == h), "missing heading {h} in {en:?}");
    }
}

#[test]
fn codes_of_one_class_are_said_to_share_it() {
    let site = SiteTest::fixture("mini");
    site.build();
    let en = site.page("en/zap/101-vs-102/");
    let intro = texts(&en, "main .lead").join(" ");
    assert_eq!(
        intro,
        "101 Working and 102 Still Working are both Interim responses (1xx); they differ in the situation each one reports."
    );
    // Same class, same action, same senders: the one fact that differs leads.
    assert_eq!(
        texts(&en, "#answer p")[0],
        "In a trace, 101 comes with Retry-After."
    );

    // Every locale picks its same-class pattern, never the cross-class one.
    for (locale, t) in strings(&site) {
        let page = site.page(&format!("{locale}/zap/201-vs-202/"));
        let lead = texts(&page, "main .lead").join(" ");
        let class = &t.families["zap"].classes["2xx"].name;
        let same = t.patterns.intro_same_class.fill(&[
            ("a", "201"),
            ("a_reason", "Done"),
            ("b", "202"),
            ("b_reason", "Done Elsewhere"),
            ("class", class),
            ("class_id", "2xx"),
        ]);
        assert_eq!(lead, same, "{locale}");
    }
}

#[test]
fn codes_of_different_classes_are_contrasted_with_both_classes_named() {
    let site = SiteTest::fixture("mini");
    site.build();
    let en = site.page("en/zap/102-vs-201/");
    assert_eq!(
        texts(&en, "main .lead").join(" "),
        "102 Still Working belongs to the Interim class (1xx) and 201 Done to the Outcome class (2xx), so they are different kinds of response."
    );
    assert_eq!(
        texts(&en, "#answer p")[0],
        "102 is provisional, so the transaction goes on after it; 201 is final and ends the transaction."
    );
    let diffs = texts(&en, "ol.differences li");
    assert_eq!(
        diffs,
        [
            "After 102, the client waits for the final answer; after 201, it considers the request done.",
            "In a trace, 201 comes with Location.",
        ]
    );
    for (locale, t) in strings(&site) {
        let page = site.page(&format!("{locale}/zap/101-vs-202/"));
        let fam = &t.families["zap"];
        let cross = t.patterns.intro_cross_class.fill(&[
            ("a", "101"),
            ("a_reason", "Working"),
            ("a_class", &fam.classes["1xx"].name),
            ("a_class_id", "1xx"),
            ("b", "202"),
            ("b_reason", "Done Elsewhere"),
            ("b_class", &fam.classes["2xx"].name),
            ("b_class_id", "2xx"),
        ]);
        assert_eq!(texts(&page, "main .lead").join(" "), cross, "{locale}");
    }
}

#[test]
fn actions_are_compared_only_for_requests_both_codes_answer() {
    let site = SiteTest::fixture("mini");
    site.build();
    // 202 answers FETCH only; 201 answers any request, so the comparison is
    // scoped to FETCH and says nothing of other requests.
    let page = site.page("en/zap/201-vs-202/");
    let all = texts(&page, "main ol.differences li").join(" ");
    assert!(
        all.contains("In reply to FETCH: after 201, the client considers the request done; after 202, it repeats the request at the given Location."),
        "{all}"
    );
    assert!(!all.contains("other requests"), "{all}");
}

#[test]
fn the_answer_block_comes_first_and_a_curated_rule_leads_it() {
    let site = SiteTest::fixture("mini");
    site.build();
    for (locale, t) in strings(&site) {
        let page = site.page_source(&format!("{locale}/zap/201-vs-202/"));
        let answer = page.find(r#"id="answer""#).expect("answer block");
        let first_column = page.find(r#"class="code-column""#).expect("code column");
        assert!(
            answer < first_column,
            "{locale}: answer after the code sections"
        );
        let html = scraper::Html::parse_document(&page);
        let rule = texts(&html, "#answer p")[0].clone();
        let expected = match locale.as_str() {
            "en" => "English rule that tells 201 from 202.",
            "ru" => "Русское правило, отличающее 201 от 202.",
            _ => "区分 201 与 202 的中文规则。",
        };
        assert_eq!(rule, expected, "{locale}");
        let facts_link = select(&html, "#answer a[href='#facts']");
        assert_eq!(
            texts(&html, "#answer a[href='#facts']"),
            std::slice::from_ref(&t.ui.see_facts)
        );
        assert_eq!(facts_link.len(), 1);
        assert_eq!(select(&html, "section#facts table.facts").len(), 1);
        // The family index lists the pair under "commonly confused".
        let index = site.page(&format!("{locale}/zap/"));
        assert_eq!(
            texts(&index, ".confused dd"),
            [expected.to_string()],
            "{locale}"
        );
    }
}

#[test]
fn code_links_in_prose_point_at_the_code_page_from_every_page_kind() {
    let site = SiteTest::fixture("mini");
    site.build();
    let code = site.page("ru/zap/101/");
    let links: Vec<&str> = select(&code, "main .lead a, main section a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.contains("102"))
        .collect();
    assert!(links.contains(&"../102/"), "{links:?}");
    let index = site.page("ru/zap/");
    let summary_links: Vec<&str> = select(&index, "dl.code-list dd a")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(summary_links, ["102/"]);
}

#[test]
fn missing_locale_block_falls_back_to_english_with_a_visible_note() {
    let site = SiteTest::fixture("mini");
    let report = site.build();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.file.ends_with("zap/202.yaml") && w.message.contains("no `zh` prose")),
        "{:?}",
        report.warnings
    );
    let zh_note = &strings(&site)["zh"].ui.fallback_note;

    let page = site.page("zh/zap/202/");
    let notes = texts(&page, ".fallback-note");
    assert_eq!(notes, std::slice::from_ref(zh_note));
    let english = select(&page, "main div[lang=en]");
    assert_eq!(english.len(), 1, "the English text is marked lang=en");
    assert!(text(english[0]).contains("English description of 202."));

    let translated = site.page("zh/zap/201/");
    assert!(select(&translated, ".fallback-note").is_empty());
    assert!(text(select(&translated, "main")[0]).contains("代码 201 的中文描述。"));

    let pair = site.page("zh/zap/201-vs-202/");
    assert_eq!(
        texts(&pair, ".fallback-note"),
        std::slice::from_ref(zh_note)
    );
    let ru = site.page("ru/zap/202/");
    assert!(select(&ru, ".fallback-note").is_empty());
}

#[test]
fn absolute_urls_use_base_url_and_the_404_page_links_under_the_sub_path() {
    let site = SiteTest::fixture("mini");
    site.build();
    let page = site.page_source("ru/zap/101/");
    assert!(
        page.contains(r#"<link rel="canonical" href="https://docs.example.org/mini/ru/zap/101/">"#)
    );
    assert!(
        page.contains(r#"hreflang="zh-Hans" href="https://docs.example.org/mini/zh/zap/101/""#)
    );
    assert!(
        page.contains(r#"hreflang="x-default" href="https://docs.example.org/mini/en/zap/101/""#)
    );
    let not_found = site.page("404.html");
    let hrefs: Vec<&str> = select(&not_found, "a[href], link[href]")
        .into_iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(!hrefs.is_empty());
    for href in hrefs {
        assert!(href.starts_with("/mini/"), "{href}");
    }
    let index = site.page_source("sitemap.xml");
    assert!(
        index
            .contains("<sitemap><loc>https://docs.example.org/mini/sitemaps/1.xml</loc></sitemap>")
    );
    let sitemap = site.page_source("sitemaps/1.xml");
    assert!(sitemap.contains("<loc>https://docs.example.org/mini/zh/zap/101-vs-202/</loc>"));
    let robots = site.page_source("robots.txt");
    assert!(robots.contains("Sitemap: https://docs.example.org/mini/sitemap.xml"));
}

#[test]
fn pair_page_shows_the_curated_note_and_a_side_by_side_table() {
    let site = SiteTest::fixture("mini");
    site.build();
    let page = site.page("en/zap/201-vs-202/");
    assert_eq!(
        texts(&page, ".curated-note p"),
        ["English note on why 201 and 202 get confused."]
    );
    let rows: Vec<String> = select(&page, "table.facts tbody tr")
        .into_iter()
        .map(|row| {
            row.child_elements()
                .map(text)
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    for row in [
        "Class | Outcome (2xx) | Outcome (2xx)",
        "Provisional or final | Final | Final",
        "The response carries | Location | Location and Expires",
    ] {
        assert!(rows.iter().any(|r| r == row), "{row} not in {rows:?}");
    }
    assert!(select(&site.page("en/zap/101-vs-201/"), ".curated-note").is_empty());
}
