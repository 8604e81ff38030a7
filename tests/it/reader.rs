//! What a reader's browser and other tools receive: titles in the page's
//! language, structured data that parses and cannot be broken out of, the
//! family data files the search reads, the 404 page and the favicon.

use crate::support::{SiteTest, select, text};

fn json(site: &SiteTest, rel: &str) -> serde_json::Value {
    let bytes = std::fs::read(site.out().join(rel)).expect("data file");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

#[test]
fn titles_and_headings_carry_the_localized_name_beside_the_reason_phrase() {
    let site = SiteTest::fixture("mini");
    site.build();
    let page = site.page("ru/zap/101/");
    let title = text(select(&page, "title")[0]);
    assert_eq!(title, "ZAP 101 Working (Название 101) | Mini");
    assert_eq!(
        text(select(&page, "h1")[0]),
        "ZAP 101 Working (Название 101)"
    );
    let pair = site.page("zh/zap/101-vs-102/");
    let h1 = text(select(&pair, "h1")[0]);
    assert!(h1.starts_with("ZAP 101 Working（"), "{h1}");
    // A home page has a real title and says how many codes it covers.
    let home = site.page("en/");
    assert_ne!(text(select(&home, "title")[0]), "Mini");
    let description = select(&home, "meta[name=description]")[0]
        .value()
        .attr("content")
        .unwrap_or_default()
        .to_string();
    assert!(description.contains("(4 in total)"), "{description}");
}

#[test]
fn each_family_has_a_data_file_per_locale_matching_its_pages() {
    let site = SiteTest::fixture("mini");
    site.build();
    let data = json(&site, "ru/zap/codes.json");
    assert_eq!(data["locale"], "ru");
    assert_eq!(data["lang"], "ru");
    let codes = data["codes"].as_array().expect("codes");
    let numbers: Vec<u64> = codes.iter().filter_map(|c| c["code"].as_u64()).collect();
    assert_eq!(numbers, [101, 102, 201, 202]);
    let first = &codes[0];
    assert_eq!(first["name"], "Название 101");
    assert_eq!(first["reason"], "Working");
    assert_eq!(first["related"], serde_json::json!([102]));
    // The relative path leads from the data file to the code's page.
    let path = first["path"].as_str().expect("path");
    let page = site.out().join("ru/zap").join(path).join("index.html");
    assert!(page.is_file(), "{path} does not lead to a page");
    assert!(
        first["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/ru/zap/101/")),
        "{first}"
    );
    // The family index links the file and its schema.
    let index = site.page("ru/zap/");
    let links: Vec<&str> = select(&index, ".data-links a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["codes.json", "../../codes.schema.json"]);
    let schema = json(&site, "codes.schema.json");
    assert!(schema["$defs"]["CodeData"]["properties"]["summary"].is_object());
}

#[test]
fn structured_data_parses_and_text_cannot_close_its_script_element() {
    let site = SiteTest::fixture("mini");
    let record = site.read("content/zap/101.yaml");
    site.write(
        "content/zap/101.yaml",
        &record.replace(
            "    name: Name of 101",
            "    name: \"Name </script><script>alert(1)</script> of 101\"",
        ),
    );
    site.build();
    let source = site.page_source("en/zap/101/");
    assert!(!source.contains("<script>alert(1)"), "markup escaped");
    let page = site.page("en/zap/101/");
    let scripts = select(&page, "script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1);
    let ld: serde_json::Value =
        serde_json::from_str(&scripts[0].inner_html()).expect("JSON-LD parses");
    let graph = ld["@graph"].as_array().expect("graph");
    assert_eq!(graph[0]["@type"], "BreadcrumbList");
    assert_eq!(graph[1]["@type"], "TechArticle");
    assert!(
        graph[1]["headline"]
            .as_str()
            .is_some_and(|h| h.contains("</script>")),
        "the name survives as data: {}",
        graph[1]
    );
    let data = std::fs::read_to_string(site.out().join("en/zap/codes.json")).expect("data");
    assert!(
        !data.contains("</script>"),
        "data files are script-safe too"
    );
}

#[test]
fn the_404_page_has_one_heading_and_links_every_locales_lists_at_the_base_path() {
    let site = SiteTest::fixture("mini");
    site.build();
    let page = site.page("404.html");
    assert_eq!(select(&page, "h1").len(), 1);
    assert!(
        select(&page, "footer").is_empty(),
        "no footer in one language"
    );
    let hrefs: Vec<&str> = select(&page, "a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for locale in ["en", "ru", "zh"] {
        for want in [format!("/{locale}/"), format!("/{locale}/zap/")] {
            assert!(
                hrefs
                    .iter()
                    .any(|h| h.ends_with(&want) && h.starts_with('/')),
                "{want} missing in {hrefs:?}"
            );
        }
    }
}

#[test]
fn every_localized_page_offers_search_and_a_favicon() {
    let site = SiteTest::fixture("mini");
    site.build();
    for rel in ["en/", "ru/zap/", "zh/zap/102/", "en/zap/101-vs-202/"] {
        let page = site.page(rel);
        let search = select(&page, ".search[data-sources]");
        assert_eq!(search.len(), 1, "{rel}");
        // Shown only on pages the head's script marks with `js`; the
        // browser test checks it stays hidden without JavaScript.
        assert!(
            site.page_source(rel)
                .contains("document.documentElement.className += \" js\""),
            "{rel}"
        );
        let icons: Vec<&str> = select(&page, "link[rel=icon]")
            .iter()
            .filter_map(|l| l.value().attr("href"))
            .collect();
        assert_eq!(icons.len(), 2, "{rel}");
        for href in icons.iter().chain(
            search[0]
                .value()
                .attr("data-sources")
                .unwrap_or_default()
                .split(' ')
                .collect::<Vec<_>>()
                .iter(),
        ) {
            let dir = site.out().join(rel);
            assert!(dir.join(href).is_file(), "{rel}: {href} does not resolve");
        }
    }
}
