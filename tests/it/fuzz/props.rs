//! The properties the fuzz targets check, shared by the AFL targets in
//! `fuzz/` (which include this file by path) and the smoke test in
//! `tests/it/fuzz.rs`. Each returns `Err` with a description of a finding;
//! a panic inside the library is a finding too.

use statusdex::content::yaml;
use statusdex::content::{CodeRecord, Loaded, RawContent, RawFamily, SourceFile};
use statusdex::render::markdown::{CodeLinks, to_html, to_inline};
use statusdex::{Diagnostic, validate};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The family of the fixture site the mutated record joins.
const FAMILY: &str = "zap";
/// A case slower than this is a finding (the fixture site validates in
/// well under a millisecond).
const SLOW: Duration = Duration::from_secs(2);

/// The fixture site `tests/fixtures/mini`, loaded once; each record case is
/// validated with a copy of it that holds the mutated record.
pub struct Fixture {
    raw: RawContent,
}

impl Fixture {
    pub fn load(root: &Path) -> Fixture {
        let (raw, diagnostics) = statusdex::content::load(root).expect("fixture site loads");
        assert!(!diagnostics.has_errors(), "fixture has errors");
        Fixture { raw }
    }

    /// The fixture's content with `record` in place of the record of the
    /// same code (or added, for a code the fixture lacks), as
    /// `content::load` would read it from disk.
    fn with_record(&self, record: Option<Loaded<CodeRecord>>, path: &Path) -> RawContent {
        let mut families = std::collections::BTreeMap::new();
        for (id, f) in &self.raw.families {
            let mut family = RawFamily {
                family: f.family.clone(),
                pairs: f.pairs.clone(),
                records: Vec::new(),
                codes_on_disk: f.codes_on_disk.clone(),
            };
            for r in &f.records {
                if r.file.path != path {
                    family.records.push(r.clone());
                }
            }
            families.insert(id.clone(), family);
        }
        let family = families.entry(FAMILY.to_string()).or_default();
        if let Some(code) = path.file_stem().and_then(|s| s.to_str()?.parse().ok()) {
            family.codes_on_disk.insert(code);
        }
        let mut failed = self.raw.failed.clone();
        match record {
            Some(r) => {
                family.records.push(r);
                family.records.sort_by(|a, b| a.file.path.cmp(&b.file.path));
            }
            None => {
                failed.insert(path.to_path_buf());
            }
        }
        RawContent {
            site: self.raw.site.clone(),
            strings: self.raw.strings.clone(),
            families,
            failed,
        }
    }
}

/// Messages of refusals that are deliberate content rules, stricter than
/// YAML (and so than serde_yaml): anchors and aliases, control characters,
/// nesting limits, more than one document, a key given twice, and the count
/// of problems not shown.
fn deliberate(message: &str) -> bool {
    [
        "anchors are not allowed",
        "aliases are not allowed",
        "control character U+",
        "separator U+",
        "nested more than",
        "indented more than",
        "holds one YAML document",
        "is given twice",
        // YAML 1.2 indentation of a quoted string's or flow collection's
        // next lines, which serde_yaml (libyaml) does not enforce.
        "invalid indentation",
        // A tab after `key:`, a comment `#` right after a value: YAML 1.2
        // (the tree parse, saphyr) refuses, libyaml reads them.
        "must be followed by a valid YAML whitespace",
        "comments must be separated from other tokens",
        // `{a: 1,?b: 2}`: libyaml reads the key `b`, YAML 1.2 the key `?b`,
        // which is then unknown (and `b` missing); the 1.2 reading is kept.
        "unknown key `?",
        "more problems in this file are not shown",
        // `key:` with its `|` alone on the next line, not indented past the
        // key: libyaml reads the block, YAML 1.2 fails far below.
        "belongs on its key's line",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// A diagnostic about `text` points inside it, or nowhere; and it can be
/// shown (line, the offending line, the terminal report) without a panic.
fn positioned(d: &Diagnostic, text: Option<&str>) -> Result<(), String> {
    let shown = format!("{d}");
    let _report = format!("{:?}", d.to_report());
    let (Some((line, column)), Some(text)) = (d.line_col(), text) else {
        return Ok(());
    };
    let lines: Vec<&str> = text.split('\n').collect();
    let in_range = line >= 1
        && line <= lines.len()
        && column >= 1
        && column <= lines[line - 1].chars().count() + 1;
    if in_range {
        Ok(())
    } else {
        Err(format!(
            "diagnostic at {line}:{column} is outside the text ({} lines): {shown}",
            lines.len()
        ))
    }
}

/// Record loading: parse (pre-scan, tree, shape check, serde_yaml), then
/// validation of the fixture site holding the record.
pub fn record(fixture: &Fixture, text: &str) -> Result<(), String> {
    let started = Instant::now();
    let guess = format!("content/{FAMILY}/101.yaml");
    let file = SourceFile::new(&guess, text);
    let parsed = yaml::parse::<CodeRecord>(&file);
    let serde = serde_yaml::from_str::<CodeRecord>(text);
    match &parsed {
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Err("the parse failed without a diagnostic".into());
            }
            for d in diagnostics {
                positioned(d, Some(text))?;
            }
            let glued_key = diagnostics
                .iter()
                .any(|d| d.message.contains("unknown key `?"));
            if serde.is_ok()
                && !glued_key
                && let Some(d) = diagnostics.iter().find(|d| !deliberate(&d.message))
            {
                return Err(format!(
                    "false positive: serde_yaml reads the record, the shape check refuses it: {d}"
                ));
            }
        }
        Ok(_) => {
            if let Err(e) = &serde {
                return Err(format!("the parse accepts what serde_yaml refuses: {e}"));
            }
        }
    }
    // The record under its own code's file name, as a contributor would
    // save it; a record that did not parse is a failed file, whatever its
    // text, exactly as `content::load` reports it.
    let (record, path) = match parsed {
        Ok((value, tree)) => {
            let path = format!("content/{FAMILY}/{}.yaml", value.code);
            let file = SourceFile::new(&path, text);
            let record = Loaded {
                file,
                value,
                tree: Arc::new(tree),
            };
            (Some(record), path)
        }
        Err(_) => (None, guess),
    };
    let raw = fixture.with_record(record, Path::new(&path));
    let (_site, diagnostics) = validate::validate(raw);
    for d in diagnostics.iter() {
        let own = (d.file == Path::new(&path)).then_some(text);
        positioned(d, own)?;
    }
    if started.elapsed() > SLOW {
        return Err(format!("one case took {:?}", started.elapsed()));
    }
    Ok(())
}

/// Markdown rendering: never a panic; without `allow_html` no script
/// element, event handler or script URL reaches the output (nor with it,
/// once sanitized); output at most a small multiple of the input.
pub fn markdown(text: &str) -> Result<(), String> {
    let known: BTreeSet<u16> = [101, 102, 201, 202, 302, 407].into();
    let links = CodeLinks {
        known: &known,
        to_family: "../",
    };
    for allow_html in [false, true] {
        let started = Instant::now();
        if let Ok(html) = to_html(text, allow_html, links) {
            safe(&html, allow_html)?;
            bounded(text, &html)?;
        }
        if let Ok((html, plain)) = to_inline(text, allow_html, links) {
            safe(&html, allow_html)?;
            bounded(text, &html)?;
            bounded(text, &plain)?;
        }
        if started.elapsed() > SLOW {
            return Err(format!("one case took {:?}", started.elapsed()));
        }
    }
    Ok(())
}

/// Output bytes per input byte, beyond a constant. The most any byte
/// makes is a nested quote: each `>` opens and closes a `<blockquote>`
/// (27 bytes; found by fuzzing, tests/fuzz_regressions/markdown); `"`
/// becomes `&quot;` (6). Linear, so only a constant is checked.
const GROWTH: usize = 32;

fn bounded(input: &str, output: &str) -> Result<(), String> {
    if output.len() > GROWTH * input.len() + 256 {
        return Err(format!(
            "{} bytes of Markdown became {} bytes of output",
            input.len(),
            output.len()
        ));
    }
    Ok(())
}

/// Checks every tag of `html`: no `script` element, no `on…` attribute, no
/// `href` or `src` with a scheme other than http, https or mailto.
fn safe(html: &str, allow_html: bool) -> Result<(), String> {
    let fail = |what: &str| {
        Err(format!(
            "{what} in the output (allow_html: {allow_html}): {}",
            html.chars().take(300).collect::<String>()
        ))
    };
    if html.to_ascii_lowercase().contains("<script") {
        return fail("a script element");
    }
    // Text is escaped (`&lt;`), so every `<` opens a tag or a comment.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        if tag.starts_with('/') {
            continue;
        }
        if tag.starts_with('!') {
            return fail("a comment or declaration");
        }
        for (name, value) in attributes(tag) {
            if name.starts_with("on") {
                return fail("an event handler attribute");
            }
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction")
                && !allowed_url(&decode(&value))
            {
                return fail("a script URL");
            }
        }
    }
    Ok(())
}

/// `name="value"` pairs of a tag's text (after its name), names lowercased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let rest = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            break;
        }
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(q) => {
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                None => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        out.push((name, value));
    }
    out
}

/// The entities an HTML serializer writes in attribute values, and numeric
/// ones, decoded as a browser would before it reads the URL.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').unwrap_or(0);
        let entity = &rest[1..end.max(1)];
        let decoded = match entity {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "Tab" => Some('\t'),
            "NewLine" => Some('\n'),
            "colon" => Some(':'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) if end > 0 => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// An independent reading of the link rule: after dropping whitespace and
/// control characters (as browsers do), a URL either has no scheme or has
/// http, https or mailto.
fn allowed_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)));
    match scheme_end {
        Some(i) if i > 0 && cleaned[i..].starts_with(':') => {
            matches!(&cleaned[..i], "http" | "https" | "mailto")
        }
        _ => true,
    }
}
