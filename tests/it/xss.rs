//! Hostile text in every field a reader can see. Each field is covered one
//! of two ways: validation refuses the text (exit 1, the file named, nothing
//! written), or the site builds with it and every output file is scanned for
//! markup, script URLs and template evaluation that the pages do not make
//! themselves. The scanner is run on hand-written unsafe pages too, so a
//! scanner that sees nothing fails.
//!
//! Keys that only name things (lane, action, sender, condition and class
//! keys of records and string tables) are identifiers, not text; they are
//! never printed except class ids, which are covered.

use crate::support::{SiteTest, flat, tree};
use scraper::{ElementRef, Html};
use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------- payloads

/// Every payload, in three parts that each fit a 100-character reason
/// phrase or name with a marker in front.
const SHORT: [&str; 3] = [
    r#"{{ 7*7 }} <script>alert(1)</script> "><img src=x onerror=alert(1)>"#,
    r#"{{ 7*7 }} 'onmouseover='alert(1) </script><script>alert(1)</script> ]]>"#,
    "{{ 7*7 }} <svg onload=alert(1)> {% raw %} \u{2028}\u{2029} &lt;script&gt; <!-- javascript:alert(1)",
];

/// Call-flow messages and notes are printable ASCII of at most 60
/// characters; these fit after `NNN ` and a marker.
const WIRE: [&str; 4] = [
    "{{ 7*7 }} <script>alert(1)</script>",
    r#""><img src=x onerror=alert(1)> ]]>"#,
    "'onmouseover='alert(1) <svg onload=alert(1)>",
    "</script><script>alert(1)</script> <!-- &lt;b&gt;",
];

/// Patterns may not hold braces other than their placeholders, so template
/// syntax in them is refused (see `template_syntax_in_a_pattern_is_refused`).
const PATTERN: [&str; 3] = [
    r#"<script>alert(1)</script> "><img src=x onerror=alert(1)> "#,
    "'onmouseover='alert(1) </script><script>alert(1)</script> ]]> ",
    "<svg onload=alert(1)> \u{2028}\u{2029} &lt;script&gt; <!-- ",
];

fn full() -> String {
    SHORT.join(" ")
}

/// Markdown that holds every payload as text (escaped, in code spans, as
/// entities, in a link title), and the text a reader sees of it.
fn md_inline() -> (String, String) {
    let source = concat!(
        r#"{{ 7*7 }} \<script>alert(1)\</script> ">\<img src=x onerror=alert(1)> 'onmouseover='alert(1) "#,
        r#"`</script><script>alert(1)</script>` `<svg onload=alert(1)>` {% raw %} ]]> &lt;script&gt; "#,
        r#"\<!-- javascript:alert(1) [link](https://example.org/?q=%22%3E "t\"><script>alert(1)</script>") "#,
        "\u{2028}\u{2029} <https://example.org/a> <mailto:a@example.org>"
    );
    let visible = concat!(
        r#"{{ 7*7 }} <script>alert(1)</script> "><img src=x onerror=alert(1)> 'onmouseover='alert(1) "#,
        r#"</script><script>alert(1)</script> <svg onload=alert(1)> {% raw %} ]]> <script> "#,
        "<!-- javascript:alert(1) link \u{2028}\u{2029} https://example.org/a mailto:a@example.org"
    );
    (source.to_string(), visible.to_string())
}

/// Block Markdown: the inline payload, then a fenced block with a hostile
/// info string, a table, an image with hostile alt and title, a quote and a
/// list.
fn md_block() -> (String, String) {
    let (inline, visible) = md_inline();
    let blocks = concat!(
        "\n\n```\"><script>alert(1)</script>\n</script><script>alert(1)</script>\n```\n\n",
        "| `<svg onload=alert(1)>` | \\<iframe src=javascript:alert(1)> |\n| --- | --- |\n",
        "| &#60;script&#62; | ]]> |\n\n",
        "![\">\\<img src=x onerror=alert(1)>](https://example.org/i.png \"\\\"><svg onload=alert(1)>\")\n\n",
        "> \\<math>\\<mi>x\\</mi>\\</math>\n\n",
        "1. &#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;\n",
    );
    (format!("{inline}{blocks}"), visible)
}

/// Raw HTML for a record with `allow_html`, and the start of what a reader
/// sees once it is sanitized.
fn raw_inline() -> (String, String) {
    let source = concat!(
        "{{ 7*7 }} <b>kept</b> <script>alert(1)</script><img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">a1</a><a href=\"JaVa&#x09;ScRiPt:alert(1)\">a2</a>",
        "<a href=\"&#106;avascript:alert(1)\">a3</a><iframe src=\"https://example.org/\"></iframe>",
        "<kbd onclick=alert(1) id=search-input style=\"color:red\">k</kbd><!-- c -->",
        "<math><mi>m</mi></math><svg onload=alert(1)><script>alert(1)</script></svg>",
    );
    (source.to_string(), "{{ 7*7 }} kept a1a2a3k".to_string())
}

fn raw_block() -> (String, String) {
    let (inline, visible) = raw_inline();
    let blocks = concat!(
        "\n\n<div onclick=alert(1)><form action=\"https://example.org/\"><input name=q>",
        "<button formaction=\"javascript:alert(1)\">b</button></form>",
        "<style>body{display:none}</style></div>\n\n",
        "<table><tr><td style=\"color:red\"><a href=\"vbscript:msgbox(1)\" target=\"_blank\">t</a></td></tr></table>\n\n",
        "<p>unclosed <a href=\"https://example.org/\">\n",
    );
    (format!("{inline}{blocks}"), visible)
}

// ------------------------------------------------------------ YAML editing

fn load(site: &SiteTest, rel: &str) -> Value {
    serde_yaml::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn save(site: &SiteTest, rel: &str, value: &Value) {
    let mut text = String::new();
    block(value, 0, &mut text);
    site.write(rel, &text);
}

/// Block-style YAML with every string double-quoted and escaped, written
/// here rather than by serde_yaml: its `\"` and `''` escapes are misread by
/// the loader's pre-pass (see the report of this suite), and every key keeps
/// its own line so that errors point at it.
fn block(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Mapping(map) if !map.is_empty() => {
            for (key, v) in map {
                out.push_str(&format!("{pad}{}:", key_text(key)));
                match v {
                    Value::Mapping(m) if !m.is_empty() => {
                        out.push('\n');
                        block(v, indent + 2, out);
                    }
                    Value::Sequence(items) if items.iter().any(is_collection) => {
                        out.push('\n');
                        block(v, indent, out);
                    }
                    _ => out.push_str(&format!(" {}\n", inline(v))),
                }
            }
        }
        Value::Sequence(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&format!("{pad}- "));
                if is_collection(item) {
                    let mut nested = String::new();
                    block(item, indent + 2, &mut nested);
                    out.push_str(&nested[indent + 2..]);
                } else {
                    out.push_str(&format!("{}\n", inline(item)));
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", inline(other))),
    }
}

/// Keys as content files write them (`reason:`), quoted only when needed.
fn key_text(key: &Value) -> String {
    match key.as_str() {
        Some(k)
            if k.starts_with(|c: char| c.is_ascii_alphabetic())
                && k.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
                && !["true", "false", "null", "yes", "no", "on", "off"]
                    .contains(&k.to_ascii_lowercase().as_str()) =>
        {
            k.to_string()
        }
        _ => inline(key),
    }
}

fn is_collection(v: &Value) -> bool {
    match v {
        Value::Mapping(m) => !m.is_empty(),
        Value::Sequence(s) => s
            .iter()
            .any(|i| !matches!(i, Value::String(_) | Value::Number(_) | Value::Bool(_))),
        _ => false,
    }
}

fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(text) => {
            let mut q = String::from('"');
            for c in text.chars() {
                match c {
                    '"' => q.push_str("\\x22"),
                    '\\' => q.push_str("\\\\"),
                    '\n' => q.push_str("\\n"),
                    '\t' => q.push_str("\\t"),
                    c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') => {
                        q.push_str(&format!("\\u{:04x}", c as u32));
                    }
                    c => q.push(c),
                }
            }
            q.push('"');
            q
        }
        Value::Sequence(items) => {
            let items: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Mapping(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", inline(k), inline(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Value::Tagged(t) => panic!("no tags in content: {t:?}"),
    }
}

fn edit(site: &SiteTest, rel: &str, f: impl FnOnce(&mut Value)) {
    let mut value = load(site, rel);
    f(&mut value);
    save(site, rel, &value);
}

fn s(text: &str) -> Value {
    Value::String(text.to_string())
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML literal")
}

fn map_mut(value: &mut Value) -> &mut serde_yaml::Mapping {
    value.as_mapping_mut().expect("a mapping")
}

const RECORDS: [u16; 4] = [101, 102, 201, 202];
const LOCALES: [&str; 3] = ["en", "ru", "zh"];
const PROSE_BLOCKS: [&str; 4] = [
    "description",
    "when_you_see_it",
    "how_to_fix",
    "use_it_when",
];

// ------------------------------------------------- the hostile site, built

/// A field holding a payload and the text a reader must see of it; the text
/// starts with the field's marker (`XS001`), so the scan can find it.
#[derive(Debug)]
struct Field {
    what: String,
    expect: String,
}

#[derive(Default)]
struct Fields {
    all: Vec<Field>,
}

impl Fields {
    fn marker(&self) -> String {
        format!("XS{:03}", self.all.len() + 1)
    }

    /// Plain text: the reader sees it exactly as written.
    fn plain(&mut self, what: impl Into<String>, payload: &str) -> String {
        let text = format!("{}{payload}", self.marker());
        self.all.push(Field {
            what: what.into(),
            expect: text.clone(),
        });
        text
    }

    /// Markdown or HTML: the reader sees `visible`.
    fn prose(&mut self, what: impl Into<String>, (source, visible): &(String, String)) -> String {
        let marker = self.marker();
        self.all.push(Field {
            what: what.into(),
            expect: format!("{marker}{visible}"),
        });
        format!("{marker}{source}")
    }

    /// A pattern: the payload leads it, the sentence follows.
    fn pattern(&mut self, what: impl Into<String>, payload: &str, pattern: &str) -> String {
        let lead = format!("{}{payload}", self.marker());
        self.all.push(Field {
            what: what.into(),
            expect: lead.clone(),
        });
        format!("{lead}{pattern}")
    }
}

/// Writes a payload into every field a reader sees that validation lets
/// through, and returns the fields. Record 102 opts into raw HTML.
fn poison(site: &SiteTest) -> Vec<Field> {
    let mut f = Fields::default();
    let mut k = 0usize;
    let mut next = || {
        k += 1;
        k
    };

    edit(site, "content/site.yaml", |v| {
        v["title"] = s(&f.plain("site.yaml title", &full()));
        let marker = f.plain("site.yaml base_url", "{{7*7}}'onmouseover='alert(1)");
        v["base_url"] = s(&format!("https://docs.example.org/mini/{marker}/"));
    });

    let mut class_ids = BTreeMap::new();
    edit(site, "content/zap/family.yaml", |v| {
        v["name"] = s(&f.plain("family.yaml name", &full()));
        v["registry"] = s("https://www.iana.org/assignments/zap/");
        for class in v["classes"].as_sequence_mut().expect("classes") {
            let old = class["id"].as_str().expect("id").to_string();
            let new = format!(
                "{old}-{}",
                f.plain(
                    format!("family.yaml classes {old} id"),
                    r#""><svg onload=alert(1)>"#
                )
            );
            class["id"] = s(&new);
            class_ids.insert(old, new);
        }
    });

    for code in RECORDS {
        let rel = format!("content/zap/{code}.yaml");
        edit(site, &rel, |v| {
            let old_class = v["class"].as_str().expect("class").to_string();
            v["class"] = s(&class_ids[&old_class]);
            let reason = f.plain(format!("{code} reason"), SHORT[next() % 3]);
            v["reason"] = s(&reason);
            v["wild_reasons"] = Value::Sequence(
                (0..3)
                    .map(|i| s(&f.plain(format!("{code} wild_reasons[{i}]"), SHORT[i])))
                    .collect(),
            );
            let example = v["example"].as_str().expect("example").to_string();
            let mut lines: Vec<String> = example.lines().map(str::to_string).collect();
            lines[0] = format!("ZAP/1.0 {code} {reason}");
            lines.insert(
                1,
                format!(
                    "X-Hostile: {}",
                    f.plain(format!("{code} example header"), &full())
                ),
            );
            lines.push(String::new());
            lines.push(f.plain(format!("{code} example body"), &full()));
            v["example"] = s(&(lines.join("\n") + "\n"));
            let steps = v["flow"]["steps"].as_sequence_mut().expect("steps");
            for (i, step) in steps.iter_mut().enumerate() {
                let msg = step["msg"].as_str().expect("msg").to_string();
                if let Some((number, _)) = msg.split_once(' ') {
                    let wire = f.plain(format!("{code} flow msg `{msg}`"), WIRE[next() % 4]);
                    step["msg"] = s(&format!("{number} {wire}"));
                }
                // The first step keeps no note, for the pattern of such steps.
                if i > 0 {
                    step["note"] = s(&f.plain(format!("{code} flow note"), WIRE[next() % 4]));
                }
            }
            match code {
                101 => {
                    v["related_headers"] = yaml("[Seq]");
                    // Its Russian pages fall back to English, with the note.
                    map_mut(&mut v["prose"]).remove("ru");
                }
                102 => v["retry"] = s("later"),
                201 => {
                    v["senders"] = yaml("[server, relay, gateway]");
                    v["q850"] = yaml(
                        "[{cause: 21, rfc: 3398, section: \"8.2.6.1\", direction: to_isup, condition: hostile}]",
                    );
                }
                202 => {
                    v["senders"] = yaml("[relay, gateway]");
                    v["q850"] = yaml(
                        "[{cause: 31, rfc: 3398, section: \"8.2.6.2\", direction: to_isup}, {cause: 21, rfc: 3398, section: \"7.2.4.1\", direction: from_isup, condition: hostile}, {cause: 31, rfc: 3398, section: \"7.2.4.1\", direction: from_isup}]",
                    );
                    v["changes"] = yaml(
                        "[{rfc: 9998, section: \"1\", change: deprecated}, {rfc: 9997, change: renamed}, {rfc: 9996, change: updated}]",
                    );
                }
                _ => {}
            }
            let raw = code == 102;
            if raw {
                v["allow_html"] = Value::Bool(true);
            }
            let (inline, block) = if raw {
                (raw_inline(), raw_block())
            } else {
                (md_inline(), md_block())
            };
            for (locale, prose) in map_mut(&mut v["prose"]).iter_mut() {
                let l = locale.as_str().expect("locale").to_string();
                prose["name"] = if code == 201 {
                    // A name equal to the phrase is not repeated beside it.
                    s(&reason)
                } else {
                    s(&f.plain(format!("{code} {l}.name"), SHORT[next() % 3]))
                };
                prose["summary"] = s(&f.prose(format!("{code} {l}.summary"), &inline));
                for field in PROSE_BLOCKS {
                    prose[field] = s(&f.prose(format!("{code} {l}.{field}"), &block));
                }
            }
        });
    }

    edit(site, "content/zap/pairs.yaml", |v| {
        for note in v.as_sequence_mut().expect("notes") {
            for (locale, prose) in map_mut(&mut note["prose"]).iter_mut() {
                let l = locale.as_str().expect("locale").to_string();
                prose["rule"] = s(&f.prose(format!("pairs.yaml {l}.rule"), &md_inline()));
                prose["note"] = s(&f.prose(format!("pairs.yaml {l}.note"), &md_block()));
            }
        }
    });

    for locale in LOCALES {
        let rel = format!("content/i18n/{locale}.yaml");
        edit(site, &rel, |v| {
            let lang = v["locale"]["lang"].as_str().expect("lang").to_string();
            let marker = f.plain(
                format!("{locale}.yaml locale.lang"),
                r#""><svg onload=alert(1)>"#,
            );
            v["locale"]["lang"] = s(&format!("{lang}-{marker}"));
            v["locale"]["name"] =
                s(&f.plain(format!("{locale}.yaml locale.name"), SHORT[next() % 3]));
            for (key, value) in map_mut(&mut v["ui"]).iter_mut() {
                let key = key.as_str().expect("key");
                *value = s(&f.plain(format!("{locale}.yaml ui.{key}"), SHORT[next() % 3]));
            }
            for (key, value) in map_mut(&mut v["patterns"]).iter_mut() {
                let key = key.as_str().expect("key");
                let pattern = value.as_str().expect("pattern").to_string();
                *value = s(&f.pattern(
                    format!("{locale}.yaml patterns.{key}"),
                    PATTERN[next() % 3],
                    &pattern,
                ));
            }
            let zap = &mut v["families"]["zap"];
            let classes = std::mem::take(map_mut(&mut zap["classes"]));
            for (id, mut class) in classes {
                let id = id.as_str().expect("class id").to_string();
                for part in ["name", "description"] {
                    class[part] = s(&f.plain(
                        format!("{locale}.yaml families.zap.classes.{id}.{part}"),
                        SHORT[next() % 3],
                    ));
                }
                map_mut(&mut zap["classes"]).insert(s(&class_ids[&id]), class);
            }
            zap["conditions"] = yaml("{hostile: x}");
            zap["senders"]["gateway"] = s("x");
            for table in ["actions", "senders", "retry", "conditions", "lanes"] {
                for (key, value) in map_mut(&mut zap[table]).iter_mut() {
                    let key = key.as_str().expect("key");
                    *value = s(&f.plain(
                        format!("{locale}.yaml families.zap.{table}.{key}"),
                        SHORT[next() % 3],
                    ));
                }
            }
            let mut q850 = serde_yaml::Mapping::new();
            for cause in [21u64, 31] {
                q850.insert(
                    Value::Number(cause.into()),
                    s(&f.plain(format!("{locale}.yaml q850.{cause}"), SHORT[next() % 3])),
                );
            }
            v["q850"] = Value::Mapping(q850);
        });
    }
    f.all
}

#[test]
fn hostile_text_in_every_field_is_printed_as_text() {
    let clean = SiteTest::fixture("mini");
    clean.build();
    let baseline = Baseline::of(&tree(&clean.out()));

    let site = SiteTest::fixture("mini");
    let fields = poison(&site);
    site.build();
    let files = tree(&site.out());
    let problems = scan(&files, &baseline);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // Every field reached the output, whole, as the text it is.
    let seen = after_markers(&files);
    let missing: Vec<String> = fields
        .iter()
        .filter(|field| {
            let (marker, rest) = field.expect.split_at(5);
            !seen
                .get(marker)
                .is_some_and(|found| found.iter().any(|f| f.starts_with(rest)))
        })
        .map(|field| {
            let marker = &field.expect[..5];
            format!(
                "{}: want {:?}, found {:?}",
                field.what,
                field.expect,
                seen.get(marker)
            )
        })
        .collect();
    let expected_missing: BTreeSet<String> = LOCALES
        .iter()
        .flat_map(|l| NOT_PRINTED.iter().map(move |f| format!("{l}.yaml {f}")))
        .filter(|f| f != "zh.yaml ui.fallback_note" && f != "ru.yaml ui.fallback_note")
        .collect();
    let missing_names: BTreeSet<String> = missing
        .iter()
        .map(|m| m.split(": want").next().unwrap_or_default().to_string())
        .collect();
    assert!(
        missing_names == expected_missing,
        "{} of {} fields not printed as written, beyond those the fixture cannot show:\n{}\n\nlisted but printed: {:?}",
        missing.len(),
        fields.len(),
        missing
            .iter()
            .filter(|m| !expected_missing
                .iter()
                .any(|e| m.starts_with(&format!("{e}: "))))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        expected_missing
            .difference(&missing_names)
            .collect::<Vec<_>>()
    );
}

/// String-table entries that no page of the hostile fixture prints, so the
/// scan cannot see them: each goes through the same escaping as its printed
/// siblings (`Pattern::fill` and Tera's autoescape). Kept exact: an entry
/// that starts being printed fails the test until it is removed here.
const NOT_PRINTED: [&str; 10] = [
    // The default locale never falls back.
    "ui.fallback_note",
    // Only a pair without a deciding difference shows the two summaries.
    "ui.label_colon",
    // Composed sentences that no pair of these four codes calls for.
    "patterns.diff_answers",
    "patterns.diff_action_each_other",
    "patterns.diff_retry_each",
    "patterns.diff_adds_each",
    "patterns.diff_q850_each",
    // Retry outcomes that none of the four records has.
    "families.zap.retry.same_target_changed",
    "families.zap.retry.other_server",
    "families.zap.retry.no_retry",
];

/// For each marker in any text, attribute value or JSON string of the
/// output, the text that follows it (up to 600 characters).
fn after_markers(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<String>> {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, bytes) in files {
        for text in readable(path, bytes) {
            for (i, _) in text.match_indices("XS") {
                let marker = &text[i..];
                if marker.len() < 5 || !marker.as_bytes()[2..5].iter().all(u8::is_ascii_digit) {
                    continue;
                }
                let rest: String = marker[5..].chars().take(600).collect();
                seen.entry(marker[..5].to_string()).or_default().push(rest);
            }
        }
    }
    seen
}

// ------------------------------------------------------ refused, by field

/// Builds a fixture site edited by `edit` and asserts that the build fails
/// and writes nothing, and that for each `(file, parts)` one error names
/// the file and says every part.
fn refused(edit: impl FnOnce(&SiteTest), expected: &[(&str, Vec<String>)]) {
    let site = SiteTest::fixture("mini");
    edit(&site);
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!site.out().exists(), "nothing may be written");
    let blocks: Vec<String> = err.split("  × ").skip(1).map(flat).collect();
    for (file, parts) in expected {
        assert!(
            blocks.iter().any(|b| b.contains(&format!("[{file}:"))
                && parts.iter().all(|part| b.contains(part.as_str()))),
            "no error in {file} saying {parts:?} in:\n{err}"
        );
    }
}

/// Markdown that would become markup or a script link. Raw HTML is refused
/// without `allow_html`; script links are refused always.
const MARKDOWN_REFUSED: [(&str, &str); 16] = [
    ("<script>alert(1)</script>", "raw HTML"),
    ("x <img src=x onerror=alert(1)>", "raw HTML"),
    ("x <svg onload=alert(1)>", "raw HTML"),
    ("x \"><img src=x onerror=alert(1)>", "raw HTML"),
    ("x <!-- y -->", "raw HTML"),
    ("[x](javascript:alert(1))", "is not allowed: links are"),
    ("[x](JaVaScRiPt:alert(1))", "is not allowed: links are"),
    ("[x](&#106;avascript:alert(1))", "is not allowed: links are"),
    (
        "[x](java&#x09;script:alert(1))",
        "is not allowed: links are",
    ),
    (
        "[x](javascript&colon;alert(1))",
        "is not allowed: links are",
    ),
    ("[x](< javascript:alert(1)>)", "is not allowed: links are"),
    ("<javascript:alert(1)>", "is not allowed: links are"),
    (
        "[x][r]\n\n[r]: JAVASCRIPT:alert(1)",
        "is not allowed: links are",
    ),
    ("![x](javascript:alert(1))", "is not allowed: links are"),
    (
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "is not allowed: links are",
    ),
    ("[x](vbscript:msgbox(1))", "is not allowed: links are"),
];

/// Every Markdown field, in every locale: each payload goes into the prose
/// of 101 in `en`, of 102 in `ru` and of 201 in `zh` (a locale's errors are
/// only reported once the default locale's prose renders), the curated note
/// in `en` and the curated rule in `ru`.
#[test]
fn markup_and_script_links_in_markdown_are_refused_in_every_prose_field() {
    for (payload, message) in MARKDOWN_REFUSED {
        let places = [(101, "en"), (102, "ru"), (201, "zh")];
        let files: Vec<String> = places
            .iter()
            .map(|(code, _)| format!("content/zap/{code}.yaml"))
            .collect();
        let mut expected: Vec<(&str, Vec<String>)> = Vec::new();
        for ((_, locale), file) in places.iter().zip(&files) {
            for field in ["summary"].iter().chain(&PROSE_BLOCKS) {
                expected.push((file, vec![format!("{locale}.{field}: "), message.into()]));
            }
        }
        for locale in ["en", "ru"] {
            expected.push((
                "content/zap/pairs.yaml",
                vec![format!("note for [201, 202], {locale}: "), message.into()],
            ));
        }
        refused(
            |site| {
                for (code, locale) in places {
                    edit(site, &format!("content/zap/{code}.yaml"), |v| {
                        let prose = &mut v["prose"][locale];
                        prose["summary"] = s(&format!("Text {payload}"));
                        for field in PROSE_BLOCKS {
                            prose[field] = s(&format!("Text.\n\n{payload}\n"));
                        }
                    });
                }
                edit(site, "content/zap/pairs.yaml", |v| {
                    v[0]["prose"]["en"]["note"] = s(&format!("Text.\n\n{payload}\n"));
                    v[0]["prose"]["ru"]["rule"] = s(&format!("Text {payload}"));
                });
            },
            &expected,
        );
    }
}

/// Text fields that must be one line, header names (tokens), methods
/// (upper-case letters), flow messages (a method or a status line) and
/// notes (printable ASCII), section numbers.
#[test]
fn record_fields_with_a_shape_refuse_hostile_text() {
    let file = "content/zap/101.yaml";
    let mut expected: Vec<(&str, Vec<String>)> = [
        "the reason phrase must be one non-empty line",
        "must be one non-empty line that differs from the registered phrase",
        "`<script>` is not a header name",
        "`\"><img src=x onerror=alert(1)>` is not a header name",
        "`{{7*7}}` is not a header name",
        "`<SCRIPT>` is not a method name",
        "`FETCH onload=alert(1)` is not a method name",
        "step 1: `<svg onload=alert(1)>` is neither a method",
        "step 2: the note must be wire text",
        "step 3: the note must be wire text",
        "en.name must be one non-empty line",
        "section `1<script>` is not a section number",
        "section `javascript:alert(1)` is not a section number",
    ]
    .into_iter()
    .map(|m| (file, vec![m.to_string()]))
    .collect();
    // A translation is only checked once the default locale's prose renders.
    expected.push((
        "content/zap/102.yaml",
        vec!["ru.name must be one non-empty line".into()],
    ));
    refused(
        |site| {
            edit(site, file, |v| {
                v["reason"] = s("<script>\nalert(1)</script>");
                v["wild_reasons"] = yaml("[\"x\\n<svg onload=alert(1)>\"]");
                v["carries"] = yaml("[\"<script>\"]");
                v["retry_adds"] = yaml(r#"["\"><img src=x onerror=alert(1)>"]"#);
                v["related_headers"] = yaml("[\"{{7*7}}\"]");
                v["answers"] = yaml("[\"<SCRIPT>\"]");
                v["next"] =
                    yaml("[{methods: [\"FETCH onload=alert(1)\"], action: wait}, {action: wait}]");
                v["flow"]["steps"][0]["msg"] = s("<svg onload=alert(1)>");
                v["flow"]["steps"][1]["note"] = s("Retry-After: 5 \u{2028}<script>");
                v["flow"]["steps"][2]["note"] = s("<script>\nalert(1)</script>");
                v["prose"]["en"]["name"] = s("x\n<script>alert(1)</script>");
                v["defined_in"]["section"] = s("1<script>");
                v["references"] = yaml("[{rfc: 1, section: \"javascript:alert(1)\"}]");
            });
            edit(site, "content/zap/102.yaml", |v| {
                v["prose"]["ru"]["name"] = s("x\r<img src=x onerror=alert(1)>");
            });
        },
        &expected,
    );
}

#[test]
fn a_hostile_registry_url_is_refused() {
    for url in [
        r#"https://example.org/"onmouseover="alert(1)"#,
        "https://example.org/'><script>alert(1)</script>",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
    ] {
        refused(
            |site| edit(site, "content/zap/family.yaml", |v| v["registry"] = s(url)),
            &[(
                "content/zap/family.yaml",
                vec!["must be an http:// or https:// URL".into()],
            )],
        );
    }
}

#[test]
fn hostile_ids_and_base_url_are_refused() {
    refused(
        |site| {
            edit(site, "content/zap/family.yaml", |v| {
                v["id"] = s("zap\"><script>alert(1)</script>");
            });
        },
        &[(
            "content/zap/family.yaml",
            vec!["family id must be lowercase letters".into()],
        )],
    );
    refused(
        |site| {
            edit(site, "content/site.yaml", |v| {
                v["base_url"] = s("https://docs.example.org/\"><script>alert(1)</script>/");
                v["locales"][1] = s("ru\"><svg onload=alert(1)>");
            });
        },
        &[
            ("content/site.yaml", vec!["must be a plain URL".into()]),
            (
                "content/site.yaml",
                vec!["must be lowercase letters, digits and `-`".into()],
            ),
        ],
    );
}

#[test]
fn template_syntax_in_a_pattern_is_refused() {
    refused(
        |site| {
            for (locale, key, pattern) in [
                ("en", "page_title", "{{ 7*7 }} {page}"),
                ("ru", "code_title", "{% raw %}{family} {label}{% endraw %}"),
                ("zh", "family_title", "{{family}}"),
            ] {
                edit(site, &format!("content/i18n/{locale}.yaml"), |v| {
                    v["patterns"][key] = s(pattern);
                });
            }
        },
        &[
            (
                "content/i18n/en.yaml",
                vec!["`{{ 7*7 }` is not a placeholder name".into()],
            ),
            (
                "content/i18n/ru.yaml",
                vec!["`{% raw %}` is not a placeholder name".into()],
            ),
            (
                "content/i18n/zh.yaml",
                vec!["`{{family}` is not a placeholder name".into()],
            ),
        ],
    );
}

// ------------------------------------------------------------- the scanner

/// Elements and attributes that prose may add to a page (Markdown's output
/// and what sanitized HTML keeps), beyond those of the unmodified fixture.
const PROSE_ELEMENTS: [&str; 27] = [
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
];
const PROSE_MORE_ELEMENTS: [&str; 3] = ["thead", "tr", "ul"];
const PROSE_ATTRIBUTES: [(&str, &str); 13] = [
    ("a", "href"),
    ("a", "title"),
    ("a", "rel"),
    ("abbr", "title"),
    ("img", "src"),
    ("img", "alt"),
    ("img", "title"),
    ("ol", "start"),
    ("code", "class"),
    ("td", "colspan"),
    ("td", "rowspan"),
    ("th", "colspan"),
    ("th", "rowspan"),
];

/// The only elements of the pages' own call-flow diagrams.
const FLOW_ELEMENTS: [&str; 7] = ["svg", "title", "desc", "g", "text", "line", "path"];

/// Elements no page of this site has any use for.
const FORBIDDEN: [&str; 14] = [
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "applet",
    "base",
    "portal",
    "math",
    "style",
    "template",
    "foreignobject",
    "isindex",
    "xmp",
];

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "cite",
    "background",
    "ping",
];

/// What the unmodified fixture's output holds: the pages' own scripts,
/// diagrams and forms per file, the elements and attributes they use, and
/// the bytes of files no content reaches.
#[derive(Debug, Default)]
struct Baseline {
    files: BTreeSet<String>,
    scripts: BTreeMap<String, Vec<String>>,
    flows: BTreeMap<String, usize>,
    forms: BTreeMap<String, Vec<String>>,
    elements: BTreeSet<String>,
    attributes: BTreeSet<(String, String)>,
    assets: BTreeMap<String, Vec<u8>>,
}

impl Baseline {
    fn of(files: &BTreeMap<String, Vec<u8>>) -> Self {
        let mut b = Baseline {
            files: files.keys().cloned().collect(),
            ..Baseline::default()
        };
        for (path, bytes) in files {
            if path.ends_with(".html") {
                let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
                let own = Own::of(&doc);
                b.scripts.insert(path.clone(), own.scripts);
                b.flows.insert(path.clone(), own.flows);
                b.forms.insert(path.clone(), own.forms);
                for el in elements(&doc) {
                    let name = el.value().name().to_ascii_lowercase();
                    for (attr, _) in el.value().attrs() {
                        b.attributes
                            .insert((name.clone(), attr.to_ascii_lowercase()));
                    }
                    b.elements.insert(name);
                }
            } else if is_asset(path) {
                b.assets.insert(path.clone(), bytes.clone());
            }
        }
        for e in PROSE_ELEMENTS.iter().chain(&PROSE_MORE_ELEMENTS) {
            b.elements.insert(e.to_string());
        }
        for (e, a) in PROSE_ATTRIBUTES {
            b.attributes.insert((e.into(), a.into()));
        }
        b
    }
}

/// Files copied from `static/`, which no content reaches.
fn is_asset(path: &str) -> bool {
    [".css", ".js", ".ico", ".svg"]
        .iter()
        .any(|x| path.ends_with(x))
}

/// A page's own active parts: scripts (source, type and, but for JSON-LD,
/// body), flow diagrams, forms.
#[derive(Debug, Default)]
struct Own {
    scripts: Vec<String>,
    flows: usize,
    forms: Vec<String>,
}

impl Own {
    fn of(doc: &Html) -> Self {
        let mut own = Own::default();
        for el in elements(doc) {
            let e = el.value();
            match e.name().to_ascii_lowercase().as_str() {
                "script" => {
                    let kind = e.attr("type");
                    let body: String = if kind == Some("application/ld+json") {
                        "(JSON-LD)".into()
                    } else {
                        el.text().collect()
                    };
                    own.scripts.push(format!(
                        "src={:?} type={kind:?} body={body:?}",
                        e.attr("src")
                    ));
                }
                "svg" => own.flows += 1,
                "form" => own.forms.push(format!("{:?}", e.attr("id"))),
                _ => {}
            }
        }
        own
    }
}

fn elements(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.tree.nodes().filter_map(ElementRef::wrap)
}

/// Scans every output file; returns one line per problem.
fn scan(files: &BTreeMap<String, Vec<u8>>, base: &Baseline) -> Vec<String> {
    let mut problems = Vec::new();
    let names: BTreeSet<String> = files.keys().cloned().collect();
    for extra in names.difference(&base.files) {
        problems.push(format!("{extra}: a file the site does not make"));
    }
    for gone in base.files.difference(&names) {
        problems.push(format!("{gone}: missing"));
    }
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let mut p = Vec::new();
        if path.ends_with(".html") {
            scan_html(path, &text, base, &mut p);
        } else if path.ends_with(".json") {
            scan_json(&text, &mut p);
        } else if path.ends_with(".xml") {
            scan_xml(&text, &mut p);
        } else if is_asset(path) {
            if base.assets.get(path) != Some(bytes) {
                p.push("differs from the static file".into());
            }
            if path.ends_with(".svg") {
                scan_xml(&text, &mut p);
            }
        } else if path == "robots.txt" {
            for line in text.lines() {
                if let Some(url) = line.strip_prefix("Sitemap: ")
                    && !(url.starts_with("https://") && url_ok(url))
                {
                    p.push(format!("sitemap URL {url:?}"));
                }
            }
        }
        for readable in readable(path, bytes) {
            if let Some(at) = evaluated(&readable) {
                p.push(format!("template syntax was evaluated: {at:?}"));
            }
        }
        problems.extend(p.into_iter().map(|m| format!("{path}: {m}")));
    }
    problems
}

fn scan_html(path: &str, source: &str, base: &Baseline, p: &mut Vec<String>) {
    let doc = Html::parse_document(source);
    let own = Own::of(&doc);
    let no = Vec::new();
    if own.scripts != *base.scripts.get(path).unwrap_or(&no) {
        p.push(format!(
            "scripts {:?}, the page's own are {:?}",
            own.scripts,
            base.scripts.get(path)
        ));
    }
    if own.forms != *base.forms.get(path).unwrap_or(&no) {
        p.push(format!("forms {:?}", own.forms));
    }
    if own.flows != base.flows.get(path).copied().unwrap_or(0) {
        p.push(format!("{} svg elements, not the page's own", own.flows));
    }
    scan_elements(&doc, base, p);
    json_ld(source, &doc, p);
    // Without scripts a browser parses `<noscript>` as markup: scan that too.
    for el in elements(&doc).filter(|e| e.value().name() == "noscript") {
        let inner: String = el.text().collect();
        let fragment = Html::parse_fragment(&inner);
        for e in elements(&fragment) {
            let name = e.value().name();
            if matches!(name, "script" | "svg" | "form") {
                p.push(format!("<{name}> inside <noscript>"));
            }
        }
        scan_elements(&fragment, base, p);
    }
}

fn scan_elements(doc: &Html, base: &Baseline, p: &mut Vec<String>) {
    for el in elements(doc) {
        let e = el.value();
        let name = e.name().to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) {
            p.push(format!("<{name}>"));
        }
        if !base.elements.contains(&name) {
            p.push(format!("<{name}>, an element the pages do not use"));
        }
        if name == "svg" {
            flow_svg(el, p);
        }
        for (attr, value) in e.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                p.push(format!("<{name} {attr}={value:?}>: an event handler"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && !url_ok(value) {
                p.push(format!(
                    "<{name} {attr}={value:?}>: not http, https, mailto or relative"
                ));
            }
            if !base.attributes.contains(&(name.clone(), attr.clone())) {
                p.push(format!(
                    "<{name} {attr}={value:?}>: an attribute the pages do not use"
                ));
            }
        }
        if name == "meta" && e.attr("http-equiv").is_some() {
            p.push("<meta http-equiv>".into());
        }
    }
}

/// A diagram must be one of the page's own: in a flow figure, drawn with
/// the diagram's elements only (no script, foreignObject, link or
/// animation).
fn flow_svg(svg: ElementRef<'_>, p: &mut Vec<String>) {
    let in_figure = svg.parent().and_then(ElementRef::wrap).is_some_and(|f| {
        f.value().name() == "figure"
            && f.value()
                .attr("class")
                .is_some_and(|c| c.split_whitespace().any(|c| c == "flow"))
    });
    if svg.value().attr("class") != Some("flow-diagram") || !in_figure {
        p.push("an <svg> that is not a flow diagram".into());
    }
    for d in svg.descendants().filter_map(ElementRef::wrap) {
        let name = d.value().name();
        if !FLOW_ELEMENTS.contains(&name) {
            p.push(format!("<{name}> inside a flow diagram"));
        }
    }
}

/// JSON-LD must parse, read the same from the page's source as from its
/// DOM, and hold nothing that could end its element or open another.
fn json_ld(source: &str, doc: &Html, p: &mut Vec<String>) {
    const OPEN: &str = r#"<script type="application/ld+json">"#;
    let from_source: Vec<&str> = source
        .match_indices(OPEN)
        .map(|(i, _)| {
            let body = &source[i + OPEN.len()..];
            &body[..body.find("</script>").unwrap_or(body.len())]
        })
        .collect();
    let from_dom: Vec<String> = elements(doc)
        .filter(|e| {
            e.value().name() == "script" && e.value().attr("type") == Some("application/ld+json")
        })
        .map(|e| e.text().collect())
        .collect();
    if from_source != from_dom {
        p.push(format!(
            "JSON-LD {from_dom:?} is read as {from_source:?} from the source"
        ));
    }
    for body in &from_dom {
        let lower = body.to_ascii_lowercase();
        for bad in ["</script", "<!--", "<script", "\u{2028}", "\u{2029}"] {
            if lower.contains(bad) {
                p.push(format!("JSON-LD holds {bad:?}"));
            }
        }
        if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
            p.push(format!("JSON-LD does not parse: {e}"));
        }
    }
}

/// JSON files parse, and hold no character that could end a `<script>` or
/// start markup if the text were embedded in a page.
fn scan_json(text: &str, p: &mut Vec<String>) {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        p.push(format!("does not parse: {e}"));
    }
    for bad in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        if text.contains(bad) {
            p.push(format!("holds a raw {bad:?}"));
        }
    }
}

/// XML parses; sitemap URLs are web URLs.
fn scan_xml(text: &str, p: &mut Vec<String>) {
    let doc = match roxmltree::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            p.push(format!("is not well-formed XML: {e}"));
            return;
        }
    };
    for node in doc.descendants() {
        if node.has_tag_name("loc")
            && let Some(url) = node.text()
            && !(url.starts_with("https://") && url_ok(url))
        {
            p.push(format!("<loc> {url:?}"));
        }
        for attr in node.attributes() {
            if attr.name().starts_with("on") {
                p.push(format!("attribute {}", attr.name()));
            }
            if attr.name() == "href" && !url_ok(attr.value()) {
                p.push(format!("href {:?}", attr.value()));
            }
        }
        if node.is_element() && matches!(node.tag_name().name(), "script" | "foreignObject") {
            p.push(format!("<{}>", node.tag_name().name()));
        }
    }
}

/// A URL as a browser reads it (tabs and line breaks dropped, leading and
/// trailing spaces and controls trimmed): http, https, mailto or relative.
/// Written apart from the generator's rule, so that the two check each
/// other.
fn url_ok(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .to_ascii_lowercase();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let before = &cleaned[..colon];
    let is_scheme = before.starts_with(|c: char| c.is_ascii_alphabetic())
        && before
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if is_scheme {
        matches!(before, "http" | "https" | "mailto")
    } else {
        before.contains(['/', '?', '#'])
    }
}

/// `{{ 7*7 }}` evaluated: a marker directly followed by 49.
fn evaluated(text: &str) -> Option<&str> {
    text.match_indices("XS").find_map(|(i, _)| {
        let rest = &text.as_bytes()[i..];
        (rest.len() >= 7 && rest[2..5].iter().all(u8::is_ascii_digit) && &rest[5..7] == b"49")
            .then(|| &text[i..i + 7])
    })
}

/// What a reader or a script reads from an output file: text (script
/// bodies included), attribute values, the text of `<noscript>` as parsed
/// without scripts, JSON strings, XML text and attribute values.
fn readable(path: &str, bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    if path.ends_with(".html") {
        let doc = Html::parse_document(&text);
        out.push(doc.root_element().text().collect());
        for el in elements(&doc) {
            out.extend(el.value().attrs().map(|(_, v)| v.to_string()));
            if el.value().name() == "noscript" {
                let inner: String = el.text().collect();
                out.push(Html::parse_fragment(&inner).root_element().text().collect());
            }
        }
        for body in json_ld_bodies(&doc) {
            json_strings(&body, &mut out);
        }
    } else if path.ends_with(".json") {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            strings_of(&v, &mut out);
        }
    } else if path.ends_with(".xml") {
        if let Ok(doc) = roxmltree::Document::parse(&text) {
            for node in doc.descendants() {
                out.extend(node.text().map(str::to_string));
                out.extend(node.attributes().map(|a| a.value().to_string()));
            }
        }
    } else {
        out.push(text.into_owned());
    }
    out
}

fn json_ld_bodies(doc: &Html) -> Vec<String> {
    elements(doc)
        .filter(|e| e.value().attr("type") == Some("application/ld+json"))
        .map(|e| e.text().collect())
        .collect()
}

fn json_strings(text: &str, out: &mut Vec<String>) {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
        strings_of(&v, out);
    }
}

fn strings_of(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| strings_of(i, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                strings_of(v, out);
            }
        }
        _ => {}
    }
}

// ------------------------------------------------- the scanner, tested

const CLEAN_PAGE: &str = concat!(
    "<!doctype html><html lang=\"en\"><head><title>t</title>",
    "<script>document.documentElement.className += \" js\";</script>",
    "<script type=\"application/ld+json\">{\"name\":\"\\u003c/script\\u003e\"}</script></head>",
    "<body><p><a href=\"../x/\" rel=\"external\">x</a> XS001{{ 7*7 }}</p>",
    "<form id=\"pair-picker\"><select name=\"a\"><option value=\"1\">1</option></select></form>",
    "<noscript><p>no</p></noscript>",
    "<figure class=\"flow\"><svg class=\"flow-diagram\" viewBox=\"0 0 1 1\"><title>f</title>",
    "<g><text x=\"1\">a</text><line x1=\"1\"></line><path d=\"M1 1\"></path></g></svg></figure>",
    "<script src=\"../search.js\" defer></script></body></html>",
);

fn site_of(page: &str, extra: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::from([("en/index.html".to_string(), page.as_bytes().to_vec())]);
    for (path, text) in extra {
        files.insert(path.to_string(), text.as_bytes().to_vec());
    }
    files
}

#[test]
fn the_scanner_flags_what_it_is_there_to_find() {
    let data = r#"{"codes":[{"reason":"\u003cb\u003e"}]}"#;
    let sitemap = "<urlset><url><loc>https://e.org/</loc></url></urlset>";
    let clean = site_of(
        CLEAN_PAGE,
        &[("en/zap/codes.json", data), ("sitemap.xml", sitemap)],
    );
    let base = Baseline::of(&clean);
    assert_eq!(scan(&clean, &base), Vec::<String>::new());

    let link = r#"<a href="../x/" rel="external">x</a>"#;
    let page_cases: &[(&str, &str, &str)] = &[
        (link, "<script>alert(1)</script>", "scripts"),
        (link, "<img src=x onerror=alert(1)>", "event handler"),
        (
            link,
            "<p title='' onmouseover='alert(1)'>x</p>",
            "event handler",
        ),
        (
            link,
            "<a href=\"JaVa&#x09;ScRiPt:alert(1)\">x</a>",
            "not http",
        ),
        (link, "<a href=\" javascript:alert(1)\">x</a>", "not http"),
        (link, "<a href=\"data:text/html,x\">x</a>", "not http"),
        (link, "<img src=\"vbscript:x\">", "not http"),
        (link, "<iframe src=\"https://e.org/\"></iframe>", "<iframe>"),
        (link, "<object data=\"x\"></object>", "<object>"),
        (link, "<embed src=\"x\">", "<embed>"),
        (link, "<form action=\"https://e.org/\"></form>", "forms"),
        (link, "<svg onload=alert(1)></svg>", "not a flow diagram"),
        (link, "<math><mi>x</mi></math>", "<math>"),
        (
            link,
            "<p style=\"color:red\">x</p>",
            "attribute the pages do not use",
        ),
        (link, "<marquee>x</marquee>", "element the pages do not use"),
        (
            link,
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "http-equiv",
        ),
        (
            "<p>no</p></noscript>",
            "<p title=\"</noscript><img src=x onerror=alert(1)>\"></p></noscript>",
            "event handler",
        ),
        ("<p>no</p>", "<img src=x onerror=alert(1)>", "event handler"),
        (
            "<p>no</p>",
            "<script>alert(1)</script>",
            "inside <noscript>",
        ),
        (
            "<g>",
            "<g><foreignObject><p>x</p></foreignObject>",
            "inside a flow diagram",
        ),
        ("<g>", "<g><script>alert(1)</script>", "scripts"),
        (
            "<g>",
            "<g><a href=\"javascript:alert(1)\"><text>x</text></a>",
            "not http",
        ),
        (
            "<g>",
            "<g><animate attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "inside a flow diagram",
        ),
        (
            "{\"name\":\"\\u003c/script\\u003e\"}",
            "{\"name\":\"</script><script>alert(1)</script>\"}",
            "scripts",
        ),
        (
            "{\"name\":\"\\u003c/script\\u003e\"}",
            "{\"name\":\"<!--<script>\"}",
            "JSON-LD holds",
        ),
        (
            "{\"name\":\"\\u003c/script\\u003e\"}",
            "{\"name\":\"\u{2028}\"}",
            "JSON-LD holds",
        ),
        (
            "{\"name\":\"\\u003c/script\\u003e\"}",
            "{\"name\":x}",
            "does not parse",
        ),
        ("XS001{{ 7*7 }}", "XS00149", "evaluated"),
    ];
    for (from, to, wanted) in page_cases {
        let page = CLEAN_PAGE.replacen(from, to, 1);
        assert_ne!(page, CLEAN_PAGE, "{from}");
        let files = site_of(
            &page,
            &[("en/zap/codes.json", data), ("sitemap.xml", sitemap)],
        );
        let problems = scan(&files, &base);
        assert!(
            problems.iter().any(|p| p.contains(wanted)),
            "{to}: `{wanted}` not in {problems:#?}"
        );
    }
    let other_cases: &[(&str, &str, &str)] = &[
        (
            "en/zap/codes.json",
            r#"{"codes":[{"reason":"</script>"}]}"#,
            "raw '<'",
        ),
        (
            "en/zap/codes.json",
            "{\"codes\":[{\"reason\":\"\u{2028}\"}]}",
            "raw '\\u{2028}'",
        ),
        ("en/zap/codes.json", r#"{"codes":["#, "does not parse"),
        (
            "en/zap/codes.json",
            r#"{"codes":[{"reason":"XS00249"}]}"#,
            "evaluated",
        ),
        (
            "sitemap.xml",
            "<urlset><url><loc>javascript:alert(1)</loc></url></urlset>",
            "<loc>",
        ),
        (
            "sitemap.xml",
            "<urlset><url><loc>https://e.org/</url></urlset>",
            "well-formed",
        ),
    ];
    for (path, text, wanted) in other_cases {
        let mut files = clean.clone();
        files.insert(path.to_string(), text.as_bytes().to_vec());
        let problems = scan(&files, &base);
        assert!(
            problems.iter().any(|p| p.contains(wanted)),
            "{text}: `{wanted}` not in {problems:#?}"
        );
    }
    let mut files = clean.clone();
    files.insert("en/evil.html".into(), CLEAN_PAGE.as_bytes().to_vec());
    assert!(
        scan(&files, &base)
            .iter()
            .any(|p| p.contains("does not make"))
    );

    for ok in [
        "../x/",
        "#a",
        "https://e.org/",
        "HTTP://e.org",
        "mailto:a@e.org",
        "a/b:c",
        "?q=a:b",
    ] {
        assert!(url_ok(ok), "{ok}");
    }
    for bad in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        ":x",
    ] {
        assert!(!url_ok(bad), "{bad:?}");
    }
}
