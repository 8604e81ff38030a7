//! Markdown prose to HTML with pulldown-cmark. The one place whose output is
//! trusted as HTML by templates; raw HTML in the source is refused unless the
//! record opts in, and then the rendered HTML is sanitized with ammonia;
//! script-bearing link schemes are always refused.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

/// How `[[407]]` in prose becomes a link: the codes of the family that have
/// a page, and the relative path from the page to the family's folder.
#[derive(Debug, Clone, Copy)]
pub struct CodeLinks<'a> {
    pub known: &'a BTreeSet<u16>,
    pub to_family: &'a str,
}

impl CodeLinks<'_> {
    /// Rewrites every `[[code]]` outside code spans as a Markdown link to the
    /// code's page, or names the first code that has no page.
    pub fn expand<'t>(&self, markdown: &'t str) -> Result<Cow<'t, str>, String> {
        if !markdown.contains("[[") {
            return Ok(Cow::Borrowed(markdown));
        }
        let mut out = String::with_capacity(markdown.len() + 32);
        let bytes = markdown.as_bytes();
        let mut i = 0;
        let mut copied = 0;
        // Length of the backtick run that opened the code span we are in.
        let mut in_code: Option<usize> = None;
        while i < bytes.len() {
            if bytes[i] == b'`' {
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                in_code = match in_code {
                    None => Some(run),
                    Some(open) if open == run => None,
                    other => other,
                };
                i += run;
                continue;
            }
            if in_code.is_none() && bytes[i..].starts_with(b"[[") {
                let rest = &markdown[i + 2..];
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                if digits > 0 && rest[digits..].starts_with("]]") {
                    let number = &rest[..digits];
                    let known = number
                        .parse::<u16>()
                        .ok()
                        .filter(|c| self.known.contains(c));
                    let Some(code) = known else {
                        return Err(format!(
                            "`[[{number}]]` links to code {number}, which has no record in this family"
                        ));
                    };
                    out.push_str(&markdown[copied..i]);
                    out.push_str(&format!("[{code}]({}{code}/)", self.to_family));
                    i += 2 + digits + 2;
                    copied = i;
                    continue;
                }
            }
            i += 1;
        }
        out.push_str(&markdown[copied..]);
        Ok(Cow::Owned(out))
    }
}

/// Renders Markdown to HTML, or explains why the text is refused.
pub fn to_html(markdown: &str, allow_html: bool, links: CodeLinks<'_>) -> Result<String, String> {
    let markdown = links.expand(markdown)?;
    let events: Vec<Event<'_>> = Parser::new_ext(&markdown, options()).collect();
    check(&events, allow_html)?;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if allow_html {
        out = BLOCK_SANITIZER.clean(&out).to_string();
    }
    Ok(out)
}

/// Renders a one-paragraph Markdown text to inline HTML (without the `<p>`),
/// and to plain text for meta descriptions.
pub fn to_inline(
    markdown: &str,
    allow_html: bool,
    links: CodeLinks<'_>,
) -> Result<(String, String), String> {
    let markdown = links.expand(markdown)?;
    let events: Vec<Event<'_>> = Parser::new_ext(&markdown, options()).collect();
    check(&events, allow_html)?;
    let paragraphs = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Paragraph)))
        .count();
    let blocks = events
        .iter()
        .filter(|e| matches!(e, Event::Start(t) if !is_inline(t)))
        .count();
    if paragraphs != 1 || blocks != 1 {
        return Err("must be a single paragraph of inline text".into());
    }
    let inline = events.iter().filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    let mut html_out = String::new();
    html::push_html(&mut html_out, inline.cloned());
    if allow_html {
        html_out = INLINE_SANITIZER.clean(&html_out).to_string();
    }
    if allow_html {
        // The text of raw HTML is what survives sanitizing, not the
        // Markdown text events (which include a script element's body).
        let text = plain_text(&html_out);
        return Ok((html_out, text));
    }
    let mut text = String::new();
    for event in &events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    Ok((html_out, text))
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    )
}

/// Links may be http, https, mailto, or relative (no scheme). Browsers drop
/// whitespace and control characters inside a scheme (`java\tscript:`), so
/// they are dropped here too before the scheme is read; entities are already
/// decoded by the Markdown parser.
pub fn is_allowed_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let is_scheme = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // A colon after a path, query or fragment character: relative.
        return scheme.contains(['/', '?', '#']);
    }
    ["http", "https", "mailto"]
        .iter()
        .any(|s| scheme.eq_ignore_ascii_case(s))
}

/// Elements that inline prose (a summary, printed inside a `<p>` or `<dd>`)
/// may hold once its raw HTML is sanitized.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "br", "code", "del", "em", "img", "kbd", "strong", "sub", "sup",
];

/// Elements that block prose may hold besides the inline ones: those
/// reference text needs, and every element Markdown itself produces, so
/// that allowing HTML keeps the Markdown around it (only a fenced block's
/// language class and a table column's alignment style are dropped).
const BLOCK_TAGS: &[&str] = &[
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Attributes by element; no element keeps `style`, `class`, `id` (which
/// could clobber the names the page's scripts look up) or an event handler.
const ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "title"]),
    ("abbr", &["title"]),
    ("img", &["src", "alt", "title"]),
    ("ol", &["start"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
];

/// Elements removed with their content rather than unwrapped: their text is
/// code, styles or form controls, never prose.
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "object", "embed", "svg", "math", "form", "template", "noscript",
    "textarea", "select",
];

static BLOCK_SANITIZER: LazyLock<ammonia::Builder<'static>> =
    LazyLock::new(|| sanitizer(INLINE_TAGS.iter().chain(BLOCK_TAGS)));
static INLINE_SANITIZER: LazyLock<ammonia::Builder<'static>> =
    LazyLock::new(|| sanitizer(INLINE_TAGS.iter()));

/// An allow-list sanitizer: only `tags`, only the attributes in
/// `ATTRIBUTES`, and URLs under the same policy as Markdown links.
fn sanitizer<'t>(tags: impl Iterator<Item = &'t &'static str>) -> ammonia::Builder<'static> {
    let tags: HashSet<&'static str> = tags.copied().collect();
    let attributes: HashMap<&'static str, HashSet<&'static str>> = ATTRIBUTES
        .iter()
        .filter(|(tag, _)| tags.contains(tag))
        .map(|(tag, names)| (*tag, names.iter().copied().collect()))
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .generic_attribute_prefixes(HashSet::new())
        .allowed_classes(HashMap::new())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect())
        .url_schemes(["http", "https", "mailto"].into())
        .url_relative(ammonia::UrlRelative::PassThrough)
        // ammonia reads schemes with the URL standard's parser; this keeps
        // raw HTML to the exact rule Markdown links follow as well.
        .attribute_filter(|_, attribute, value| match attribute {
            "href" | "src" if !is_allowed_url(value) => None,
            _ => Some(value.into()),
        })
        // Prose links to other sites need not tell them where the reader
        // came from, nor hand them this window.
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true);
    builder
}

/// The text of sanitized inline HTML, as a reader sees it.
fn plain_text(html: &str) -> String {
    static TEXT_ONLY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .generic_attributes(HashSet::new())
            .clean_content_tags(DROPPED_WITH_CONTENT.iter().copied().collect());
        builder
    });
    // The serializer escapes only these in text; `&amp;` goes last so that
    // an escaped entity (`&amp;lt;`) stays the text it was.
    TEXT_ONLY
        .clean(html)
        .to_string()
        .replace('\n', " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn check(events: &[Event<'_>], allow_html: bool) -> Result<(), String> {
    for event in events {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => {
                return Err(format!(
                    "raw HTML `{}` is not allowed; write Markdown, or set `allow_html: true` in the record",
                    h.trim()
                ));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_allowed_url(dest_url) =>
            {
                return Err(format!(
                    "link to `{dest_url}` is not allowed: links are http, https, mailto or relative"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> CodeLinks<'static> {
        static EMPTY: BTreeSet<u16> = BTreeSet::new();
        CodeLinks {
            known: &EMPTY,
            to_family: "../",
        }
    }

    #[test]
    fn code_links_point_at_the_code_page_outside_code_spans() {
        let known: BTreeSet<u16> = [407, 401].into();
        let links = CodeLinks {
            known: &known,
            to_family: "../",
        };
        let html = to_html("A proxy sends [[407]]; `[[401]]` stays.", false, links).unwrap();
        assert_eq!(
            html,
            "<p>A proxy sends <a href=\"../407/\">407</a>; <code>[[401]]</code> stays.</p>\n"
        );
        let err = to_html("see [[499]]", false, links).unwrap_err();
        assert!(err.contains("code 499"), "{err}");
        assert_eq!(links.expand("[[x]] and [[4").unwrap(), "[[x]] and [[4");
    }

    #[test]
    fn markdown_becomes_html_with_text_escaped() {
        let html = to_html("Use `Contact` & *retry* <3", false, none()).unwrap();
        assert_eq!(
            html,
            "<p>Use <code>Contact</code> &amp; <em>retry</em> &lt;3</p>\n"
        );
    }

    #[test]
    fn raw_html_is_refused_unless_allowed() {
        assert!(to_html("a <script>x</script>", false, none()).is_err());
        assert!(to_html("<div>x</div>", false, none()).is_err());
        assert!(to_html("<div>x</div>", true, none()).is_ok());
    }

    #[test]
    fn script_links_are_refused_even_with_html_allowed() {
        assert!(to_html("[x](javascript:alert(1))", true, none()).is_err());
        assert!(to_html("[x](https://www.rfc-editor.org/rfc/rfc3261)", false, none()).is_ok());
    }

    #[test]
    fn only_web_mail_and_relative_links_are_allowed() {
        for ok in [
            "https://www.rfc-editor.org/rfc/rfc3261",
            "HTTP://example.org",
            "mailto:a@example.org",
            "../302/",
            "#section",
            "a/b:c",
            "?q=a:b",
        ] {
            assert!(is_allowed_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            " javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
            "sip:bob@example.com",
            ":x",
        ] {
            assert!(!is_allowed_url(bad), "{bad}");
        }
        // Entity-encoded and mixed-case schemes reach the check decoded.
        assert!(to_html("[x](&#106;avascript:alert(1))", false, none()).is_err());
        assert!(to_html("[x](JAVASCRIPT:alert(1))", false, none()).is_err());
        assert!(to_html("![x](data:image/png;base64,AAAA)", false, none()).is_err());
    }

    /// Tags of the sanitized output, lowercased, without attributes.
    fn tag_names(html: &str) -> BTreeSet<String> {
        html.split('<')
            .skip(1)
            .map(|t| {
                t.trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or_default()
                    .to_ascii_lowercase()
            })
            .collect()
    }

    #[test]
    fn allowed_html_keeps_reference_markup_and_what_markdown_makes() {
        let source = "Send <kbd>Ctrl</kbd>+<kbd>C</kbd>, see <abbr title=\"Session Initiation Protocol\">SIP</abbr>, x<sup>2</sup> H<sub>2</sub>O, <a href=\"https://www.rfc-editor.org/rfc/rfc3261\">RFC 3261</a> and <a href=\"../302/\">302</a>.\n\n<table><thead><tr><th scope=\"col\">Code</th></tr></thead><tbody><tr><td colspan=\"2\">486</td></tr></tbody></table>\n\n- *one*\n- **two**\n\n```\nSIP/2.0 486 Busy Here\n```\n";
        let html = to_html(source, true, none()).unwrap();
        for kept in [
            "<kbd>Ctrl</kbd>",
            "<abbr title=\"Session Initiation Protocol\">SIP</abbr>",
            "<sup>2</sup>",
            "<sub>2</sub>",
            "<a href=\"https://www.rfc-editor.org/rfc/rfc3261\" rel=\"noopener noreferrer\">RFC 3261</a>",
            "<a href=\"../302/\" rel=\"noopener noreferrer\">302</a>",
            "<th scope=\"col\">Code</th>",
            "<td colspan=\"2\">486</td>",
            "<li><em>one</em></li>",
            "<li><strong>two</strong></li>",
            "<pre><code>SIP/2.0 486 Busy Here\n</code></pre>",
        ] {
            assert!(html.contains(kept), "`{kept}` not in {html}");
        }
    }

    #[test]
    fn allowed_html_loses_scripts_handlers_styles_and_foreign_content() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<p onclick=\"alert(1)\" style=\"color:red\" class=\"x\" id=\"search-input\">p</p>",
            "<svg onload=alert(1)><script>alert(1)</script></svg>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<iframe src=\"https://example.org/\"></iframe>",
            "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
            "<form action=\"https://example.org/\"><input name=a><button formaction=\"javascript:alert(1)\">b</button></form>",
            "<style>body{display:none}</style>",
            "<template><script>alert(1)</script></template>",
            "<a href=\"javascript:alert(1)\">a</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">b</a>",
            "<a href=\"&#106;avascript:alert(1)\">c</a>",
            "<a href=\"java&#x09;script:alert(1)\">d</a>",
            "<a href=\" javascript:alert(1)\">e</a>",
            "<a href=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\">f</a>",
            "<a href=\"vbscript:msgbox(1)\" target=\"_blank\" rel=\"opener\">g</a>",
            "<img src=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\">",
            "<!-- <script>alert(1)</script> -->",
            "<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
            "<details open ontoggle=alert(1)>x</details>",
        ]
        .join("\n\n");
        let html = to_html(&hostile, true, none()).unwrap();
        let lower = html.to_ascii_lowercase();
        for gone in [
            "script",
            "onerror",
            "onclick",
            "onload",
            "ontoggle",
            "style",
            "class=",
            "id=",
            "svg",
            "math",
            "iframe",
            "object",
            "embed",
            "form",
            "input",
            "button",
            "template",
            "javascript",
            "vbscript",
            "data:",
            "<!--",
            "target",
            "opener\"",
            "base",
            "meta",
            "link",
            "details",
        ] {
            assert!(!lower.contains(gone), "`{gone}` survived in {html}");
        }
        let allowed: BTreeSet<String> = INLINE_TAGS
            .iter()
            .chain(BLOCK_TAGS)
            .map(|t| t.to_string())
            .collect();
        assert!(
            tag_names(&html).is_subset(&allowed),
            "{:?}",
            tag_names(&html)
        );
        // The text of removed markup that is prose stays, as text.
        assert!(html.contains(">p</p>") && html.contains(">a</a>"), "{html}");
    }

    #[test]
    fn allowed_html_in_a_summary_stays_inline_and_its_plain_text_has_no_markup() {
        let (html, text) = to_inline(
            "Press <kbd>Enter</kbd>, <b>not</b> <div>this</div> <script>alert(1)</script> <img src=x onerror=alert(1)>.",
            true,
            none(),
        )
        .unwrap();
        assert_eq!(html, "Press <kbd>Enter</kbd>, not this  <img src=\"x\">.");
        assert_eq!(text, "Press Enter, not this  .");
        let (_, text) =
            to_inline("<b>&amp;lt;i&amp;gt;</b> &lt;b&gt; &amp;amp;", true, none()).unwrap();
        assert_eq!(text, "&lt;i&gt; <b> &amp;");
    }

    #[test]
    fn allowed_html_cannot_leave_its_block_open() {
        let html = to_html("<table><tr><td><a href=\"#x\">open", true, none()).unwrap();
        assert!(html.ends_with("</a></td></tr></tbody></table>"), "{html}");
        let html = to_html("</p></section><p>after", true, none()).unwrap();
        assert!(!html.contains("</section>"), "{html}");
    }

    #[test]
    fn without_allow_html_raw_html_stays_refused_and_entities_stay_text() {
        for raw in [
            "<b>x</b>",
            "<img src=x onerror=alert(1)>",
            "x <svg onload=alert(1)>",
        ] {
            assert!(to_html(raw, false, none()).is_err(), "{raw}");
            assert!(to_inline(raw, false, none()).is_err(), "{raw}");
        }
        let html = to_html("&lt;script&gt; \\<b> `<i>`", false, none()).unwrap();
        assert_eq!(
            html,
            "<p>&lt;script&gt; &lt;b&gt; <code>&lt;i&gt;</code></p>\n"
        );
    }

    #[test]
    fn inline_summary_drops_the_paragraph_and_keeps_plain_text() {
        let (html, text) = to_inline("The `Contact` header *moved*.", false, none()).unwrap();
        assert_eq!(html, "The <code>Contact</code> header <em>moved</em>.");
        assert_eq!(text, "The Contact header moved.");
        assert!(to_inline("one\n\ntwo", false, none()).is_err());
        assert!(to_inline("- a list", false, none()).is_err());
    }
}
