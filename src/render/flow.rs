//! A code's call flow as an inline SVG ladder diagram: one lifeline per lane,
//! one arrow per step, top to bottom. Written by hand because the layout is
//! a fixed grid (no graph layout to solve) and the output must be small,
//! deterministic, script-free and styled by the page (`currentColor`).

use super::xml_escape;
use crate::model::Flow;
use std::fmt::Write as _;

/// Space between lifelines, in SVG units (pixels at scale 1).
const LANE_GAP: f32 = 100.0;
const HEADER: f32 = 52.0;
const ROW: f32 = 38.0;
const NOTE_ROW: f32 = 16.0;
const MSG_SIZE: f32 = 14.0;
const NOTE_SIZE: f32 = 12.0;
const LANE_SIZE: f32 = 14.0;
const MONO: &str = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
const SANS: &str = "system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif";

/// What the diagram says in the page's language.
pub struct FlowText<'a> {
    /// Lane names, in the flow's lane order.
    pub lanes: Vec<&'a str>,
    pub title: &'a str,
    pub description: &'a str,
    /// Makes the diagram's element ids unique in its page.
    pub id: &'a str,
    /// The status code whose steps are emphasized.
    pub code: u16,
}

/// Estimated advance of `text` in a font of `size`: monospace ASCII is 0.6
/// em, Han and other wide characters 1 em. Only used to keep labels inside
/// the drawing, so an overestimate is safe.
fn text_width(text: &str, size: f32, mono: bool) -> f32 {
    text.chars()
        .map(|c| {
            if is_wide(c) {
                1.0
            } else if mono {
                0.6
            } else {
                0.62
            }
        })
        .sum::<f32>()
        * size
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}' | '\u{f900}'..='\u{faff}' | '\u{fe30}'..='\u{fe4f}' | '\u{ff00}'..='\u{ff60}' | '\u{ffe0}'..='\u{ffe6}')
}

/// A lane name on one line, or on two split at the space nearest the middle
/// when one line would run into the next lane.
fn lane_lines(name: &str, room: f32) -> Vec<&str> {
    if text_width(name, LANE_SIZE, false) <= room {
        return vec![name];
    }
    let middle = name.len() / 2;
    match name
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(middle))
    {
        Some(i) => vec![&name[..i], &name[i + 1..]],
        None => vec![name],
    }
}

/// Numbers as the SVG prints them: at most one decimal, no trailing zero.
fn n(x: f32) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

pub fn svg(flow: &Flow, text: &FlowText<'_>) -> String {
    let lanes = flow.lanes.len().max(1);
    // Wide enough for the longest label centred anywhere, and for the lanes.
    let widest = flow
        .steps
        .iter()
        .flat_map(|s| {
            let msg = text_width(&s.msg, MSG_SIZE, true);
            let note = s
                .note
                .as_deref()
                .map_or(0.0, |x| text_width(x, NOTE_SIZE, true));
            [msg, note]
        })
        .fold(0.0f32, f32::max);
    let width = (lanes as f32 * LANE_GAP).max(widest + 24.0).ceil();
    let gap = width / lanes as f32;
    let x = |lane: usize| gap * (lane as f32 + 0.5);
    let rows: f32 = flow
        .steps
        .iter()
        .map(|s| ROW + if s.note.is_some() { NOTE_ROW } else { 0.0 })
        .sum();
    let height = (HEADER + rows + 12.0).ceil();
    let (title_id, desc_id) = (format!("{}-title", text.id), format!("{}-desc", text.id));

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="flow-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{title_id} {desc_id}" fill="currentColor" stroke="currentColor">"#,
        w = n(width),
        h = n(height),
    );
    let _ = write!(
        out,
        r#"<title id="{title_id}">{}</title><desc id="{desc_id}">{}</desc>"#,
        xml_escape(text.title),
        xml_escape(text.description)
    );
    // Lane names and lifelines.
    let _ = write!(
        out,
        r#"<g class="lanes" font-family="{SANS}" font-size="{}" font-weight="600" text-anchor="middle" stroke="none">"#,
        n(LANE_SIZE)
    );
    for (i, name) in text.lanes.iter().enumerate() {
        let lines = lane_lines(name, gap - 12.0);
        let first = if lines.len() == 1 { 30.0 } else { 20.0 };
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}">{}</text>"#,
                n(x(i)),
                n(first + 17.0 * k as f32),
                xml_escape(line)
            );
        }
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<g class="lifelines" stroke-width="1.5" stroke-opacity="0.45">"#
    );
    for i in 0..lanes {
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}"/>"#,
            n(HEADER - 8.0),
            n(height - 4.0),
            x = n(x(i))
        );
    }
    out.push_str("</g>");

    let mut top = HEADER;
    for step in &flow.steps {
        let (x1, x2) = (x(step.from), x(step.to));
        let dir = if x2 > x1 { 1.0 } else { -1.0 };
        let label_y = top + 16.0;
        let arrow_y = top + 24.0;
        let this = step.status() == Some(text.code);
        let class = if this { "step this" } else { "step" };
        let _ = write!(out, r#"<g class="{class}">"#);
        let centre = |w: f32| ((x1 + x2) / 2.0).clamp(w / 2.0 + 4.0, width - w / 2.0 - 4.0);
        let msg_w = text_width(&step.msg, MSG_SIZE, true);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" font-family="{MONO}" font-size="{}" text-anchor="middle" stroke="none"{}>{}</text>"#,
            n(centre(msg_w)),
            n(label_y),
            n(MSG_SIZE),
            if this { r#" font-weight="700""# } else { "" },
            xml_escape(&step.msg)
        );
        let tip = x2 - dir * 2.0;
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke-width="{}"/><path d="M{} {y}l{} -5v10z" stroke="none"/>"#,
            n(x1 + dir * 2.0),
            n(tip - dir * 8.0),
            if this { "2.5" } else { "1.5" },
            n(tip),
            n(-dir * 10.0),
            y = n(arrow_y),
        );
        if let Some(note) = &step.note {
            let note_w = text_width(note, NOTE_SIZE, true);
            let _ = write!(
                out,
                r#"<text class="note" x="{}" y="{}" font-family="{MONO}" font-size="{}" text-anchor="middle" stroke="none" fill-opacity="0.8">{}</text>"#,
                n(centre(note_w)),
                n(arrow_y + 16.0),
                n(NOTE_SIZE),
                xml_escape(note)
            );
        }
        out.push_str("</g>");
        top += ROW + if step.note.is_some() { NOTE_ROW } else { 0.0 };
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FlowStep;

    fn flow() -> Flow {
        Flow {
            lanes: vec!["a".into(), "b".into()],
            steps: vec![
                FlowStep {
                    from: 0,
                    to: 1,
                    msg: "FETCH".into(),
                    note: Some("Seq: <1> & \"x\"".into()),
                },
                FlowStep {
                    from: 1,
                    to: 0,
                    msg: "101 Working".into(),
                    note: None,
                },
            ],
        }
    }

    fn text<'a>(lanes: Vec<&'a str>) -> FlowText<'a> {
        FlowText {
            lanes,
            title: "Flow of 101 </svg>",
            description: "Two lanes",
            id: "flow-101",
            code: 101,
        }
    }

    #[test]
    fn the_diagram_is_well_formed_xml_with_escaped_text() {
        let svg = svg(&flow(), &text(vec!["Client", "Server"]));
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert!(texts.contains(&"Seq: <1> & \"x\""), "{texts:?}");
        assert_eq!(
            doc.descendants()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text()),
            Some("Flow of 101 </svg>")
        );
        // The code's own step is emphasized.
        assert!(svg.contains(r#"<g class="step this">"#));
    }

    #[test]
    fn long_labels_widen_the_drawing_and_long_lane_names_wrap() {
        let mut f = flow();
        f.steps[0].note = Some("x".repeat(60));
        let wide = svg(&f, &text(vec!["Client", "Server"]));
        let width: f32 = wide
            .split("width=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|w| w.parse().ok())
            .expect("a width");
        assert!(width >= 60.0 * 0.6 * NOTE_SIZE, "{width}");
        assert_eq!(
            lane_lines("Сервер переадресации", LANE_GAP - 12.0),
            ["Сервер", "переадресации"]
        );
        assert_eq!(lane_lines("Proxy", LANE_GAP - 12.0), ["Proxy"]);
    }

    #[test]
    fn the_same_flow_gives_the_same_bytes() {
        let a = svg(&flow(), &text(vec!["Client", "Server"]));
        let b = svg(&flow(), &text(vec!["Client", "Server"]));
        assert_eq!(a, b);
    }
}
