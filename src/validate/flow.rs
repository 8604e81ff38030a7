//! A record's call flow: lanes the family names, steps between two different
//! lanes, wire text only, and the record's own code somewhere in it.

use super::{Doc, Validator};
use crate::content::FamilyStrings;
use crate::content::record::{FlowDef, FlowStepDef};
use crate::diagnostic::Diagnostic;
use crate::model::{Flow, FlowStep, status_code};

/// Lanes a diagram may have: more do not fit a phone's width.
pub const MAX_LANES: usize = 5;
/// Steps a diagram may have: a flow shows the typical exchange, not a trace.
pub const MAX_STEPS: usize = 16;
/// Characters of a step's note: one header line or URI, shortened.
pub const MAX_NOTE_CHARS: usize = 60;
/// Characters of a step's message: a method or a status line.
pub const MAX_MSG_CHARS: usize = 60;

impl Validator {
    /// Checks a record's flow against the family's lane names in every
    /// locale; returns the model's flow when it is sound.
    pub(super) fn flow(
        &mut self,
        file: &Doc<'_>,
        code: u16,
        def: &FlowDef,
        lane_tables: &[(&str, Option<&FamilyStrings>)],
        family: &str,
    ) -> Option<Flow> {
        let mut ok = true;
        let mut at = |this: &mut Self, path: &[&str], message: String| {
            let d = Diagnostic::error(&file.path, message);
            this.diagnostics.push(super::locate(d, file, path));
            ok = false;
        };
        if def.lanes.is_empty() || def.steps.is_empty() {
            at(
                self,
                &["flow"],
                "the flow is empty: give its lanes and at least one step".into(),
            );
            return None;
        }
        if def.lanes.len() < 2 || def.lanes.len() > MAX_LANES {
            at(
                self,
                &["flow"],
                format!(
                    "a flow has 2 to {MAX_LANES} lanes; this one has {}",
                    def.lanes.len()
                ),
            );
        }
        if def.steps.len() > MAX_STEPS {
            at(
                self,
                &["flow"],
                format!(
                    "a flow has at most {MAX_STEPS} steps; this one has {}",
                    def.steps.len()
                ),
            );
        }
        for (i, lane) in def.lanes.iter().enumerate() {
            let n = i.to_string();
            if def.lanes[..i].contains(lane) {
                at(
                    self,
                    &["flow", "lanes", &n],
                    format!("lane `{lane}` is listed twice"),
                );
            }
            // Named by some tables only, the tables' own check says where.
            let tables: Vec<&FamilyStrings> = lane_tables.iter().filter_map(|(_, t)| *t).collect();
            if !tables.is_empty() && !tables.iter().any(|t| t.lanes.contains_key(lane)) {
                let known = tables
                    .iter()
                    .flat_map(|t| t.lanes.keys())
                    .map(String::as_str);
                let hint = match crate::suggest::closest(lane, known) {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => String::new(),
                };
                at(
                    self,
                    &["flow", "lanes", &n],
                    format!(
                        "unknown lane `{lane}`: no string table has `families.{family}.lanes.{lane}`{hint}"
                    ),
                );
            }
        }
        let lane = |name: &str| def.lanes.iter().position(|l| l == name);
        let mut steps = Vec::new();
        let mut shows_code = false;
        for (n, step) in def.steps.iter().enumerate() {
            let FlowStepDef {
                from,
                to,
                msg,
                note,
            } = step;
            let (a, b) = (lane(from), lane(to));
            for (end, index) in [(from, a), (to, b)] {
                if index.is_none() {
                    at(
                        self,
                        &["flow", "steps", &n.to_string()],
                        format!(
                            "step {}: lane `{end}` is not one of the flow's lanes ({})",
                            n + 1,
                            def.lanes.join(", ")
                        ),
                    );
                }
            }
            if from == to {
                at(
                    self,
                    &["flow", "steps", &n.to_string()],
                    format!("step {}: a message goes from `{from}` to itself", n + 1),
                );
            }
            if let Some(problem) = msg_problem(msg) {
                at(
                    self,
                    &["flow", "steps", &n.to_string()],
                    format!("step {}: {problem}", n + 1),
                );
            }
            if let Some(note) = note
                && let Some(problem) = note_problem(note)
            {
                at(
                    self,
                    &["flow", "steps", &n.to_string()],
                    format!("step {}: the note {problem}", n + 1),
                );
            }
            shows_code |= status_code(msg) == Some(code);
            if let (Some(from), Some(to)) = (a, b) {
                steps.push(FlowStep {
                    from,
                    to,
                    msg: msg.clone(),
                    note: note.clone(),
                });
            }
        }
        for (i, name) in def.lanes.iter().enumerate() {
            // A lane listed twice is reported as such; steps go to the first.
            if def.lanes[..i].contains(name) {
                continue;
            }
            if !steps.iter().any(|s| s.from == i || s.to == i) {
                at(
                    self,
                    &["flow", "lanes", &i.to_string()],
                    format!("lane `{name}` has no step"),
                );
            }
        }
        if !shows_code {
            at(
                self,
                &["flow"],
                format!("the flow never shows {code}: add the step that sends it"),
            );
        }
        ok.then(|| Flow {
            lanes: def.lanes.clone(),
            steps,
        })
    }
}

/// A message is a method token (`INVITE`) or a status line (`486 Busy Here`).
fn msg_problem(msg: &str) -> Option<String> {
    if msg.chars().count() > MAX_MSG_CHARS {
        return Some(format!(
            "the message is longer than {MAX_MSG_CHARS} characters"
        ));
    }
    let method = !msg.is_empty() && msg.bytes().all(|b| b.is_ascii_uppercase());
    let status = status_code(msg).is_some()
        && msg[4..].bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !msg[4..].trim().is_empty();
    (!method && !status)
        .then(|| format!("`{msg}` is neither a method (INVITE) nor a status line (486 Busy Here)"))
}

/// Notes are wire text shown as is in every locale: printable ASCII only.
fn note_problem(note: &str) -> Option<String> {
    if note.trim().is_empty() {
        return Some("is empty".into());
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Some(format!(
            "is longer than {MAX_NOTE_CHARS} characters; shorten it with ..."
        ));
    }
    (!note.bytes().all(|b| b.is_ascii_graphic() || b == b' '))
        .then(|| "must be wire text: printable ASCII on one line, not prose".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_methods_or_status_lines() {
        assert_eq!(msg_problem("INVITE"), None);
        assert_eq!(msg_problem("407 Proxy Authentication Required"), None);
        assert!(msg_problem("invite").is_some());
        assert!(msg_problem("407").is_some());
        assert!(msg_problem("40 Bad").is_some());
        assert_eq!(status_code("302 Moved Temporarily"), Some(302));
        assert_eq!(status_code("ACK"), None);
    }

    #[test]
    fn notes_are_short_ascii_wire_text() {
        assert_eq!(note_problem("Retry-After: 120"), None);
        assert!(note_problem("повторите позже").is_some());
        assert!(note_problem("a\nb").is_some());
        assert!(note_problem(&"x".repeat(MAX_NOTE_CHARS + 1)).is_some());
    }
}
