//! Markdown prose to HTML with pulldown-cmark. The one place whose output is
//! trusted as HTML by templates; raw HTML in the source is refused unless the
//! record opts in, and script-bearing link schemes are always refused.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use std::borrow::Cow;
use std::collections::BTreeSet;

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

    #[test]
    fn inline_summary_drops_the_paragraph_and_keeps_plain_text() {
        let (html, text) = to_inline("The `Contact` header *moved*.", false, none()).unwrap();
        assert_eq!(html, "The <code>Contact</code> header <em>moved</em>.");
        assert_eq!(text, "The Contact header moved.");
        assert!(to_inline("one\n\ntwo", false, none()).is_err());
        assert!(to_inline("- a list", false, none()).is_err());
    }
}
