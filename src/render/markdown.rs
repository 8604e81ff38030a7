//! Markdown prose to HTML with pulldown-cmark. The one place whose output is
//! trusted as HTML by templates; raw HTML in the source is refused unless the
//! record opts in, and script-bearing link schemes are always refused.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

/// Renders Markdown to HTML, or explains why the text is refused.
pub fn to_html(markdown: &str, allow_html: bool) -> Result<String, String> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
    check(&events, allow_html)?;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    Ok(out)
}

/// Renders a one-paragraph Markdown text to inline HTML (without the `<p>`),
/// and to plain text for meta descriptions.
pub fn to_inline(markdown: &str, allow_html: bool) -> Result<(String, String), String> {
    let events: Vec<Event<'_>> = Parser::new_ext(markdown, options()).collect();
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

fn check(events: &[Event<'_>], allow_html: bool) -> Result<(), String> {
    for event in events {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => {
                return Err(format!(
                    "raw HTML `{}` is not allowed; write Markdown, or set `allow_html: true` in the record",
                    h.trim()
                ));
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let scheme = dest_url.trim_start().to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| scheme.starts_with(s))
                {
                    return Err(format!("link to `{dest_url}` is not allowed"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html_with_text_escaped() {
        let html = to_html("Use `Contact` & *retry* <3", false).unwrap();
        assert_eq!(
            html,
            "<p>Use <code>Contact</code> &amp; <em>retry</em> &lt;3</p>\n"
        );
    }

    #[test]
    fn raw_html_is_refused_unless_allowed() {
        assert!(to_html("a <script>x</script>", false).is_err());
        assert!(to_html("<div>x</div>", false).is_err());
        assert!(to_html("<div>x</div>", true).is_ok());
    }

    #[test]
    fn script_links_are_refused_even_with_html_allowed() {
        assert!(to_html("[x](javascript:alert(1))", true).is_err());
        assert!(to_html("[x](https://www.rfc-editor.org/rfc/rfc3261)", false).is_ok());
    }

    #[test]
    fn inline_summary_drops_the_paragraph_and_keeps_plain_text() {
        let (html, text) = to_inline("The `Contact` header *moved*.", false).unwrap();
        assert_eq!(html, "The <code>Contact</code> header <em>moved</em>.");
        assert_eq!(text, "The Contact header moved.");
        assert!(to_inline("one\n\ntwo", false).is_err());
        assert!(to_inline("- a list", false).is_err());
    }
}
