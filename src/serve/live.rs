//! Live reload: each rebuild becomes a generation; open pages hold a
//! server-sent-events stream and hear of every new generation, with the
//! outputs it changed or the problems that stopped it.

use serde::Serialize;
use std::io::Write;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The script `serve` adds to the HTML it serves (never to built files).
pub const SCRIPT_PATH: &str = "/__statusdex/live.js";
pub const EVENTS_PATH: &str = "/__statusdex/events";
pub const SCRIPT: &str = include_str!("live.js");

/// What the last rebuild did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// Output paths whose files changed.
    Built { paths: Vec<String> },
    /// The edit did not build; the last good site is still served.
    Failed { problems: String },
}

#[derive(Debug)]
struct State {
    generation: u64,
    outcome: Option<Outcome>,
    stopping: bool,
}

/// Shared between the build loop and every open events stream.
#[derive(Debug)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            state: Mutex::new(State {
                generation: 0,
                outcome: None,
                stopping: false,
            }),
            changed: Condvar::new(),
        }
    }
}

impl Live {
    pub fn publish(&self, outcome: Outcome) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.generation += 1;
        s.outcome = Some(outcome);
        self.changed.notify_all();
    }

    pub fn stop(&self) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .stopping = true;
        self.changed.notify_all();
    }

    /// Streams events to one page until it goes away or the server stops. A
    /// page that connects while the site is broken hears of it at once.
    pub fn stream(&self, mut out: Box<dyn Write + Send>) {
        // The generation is taken before the page hears anything, so no
        // rebuild can slip between its connecting and its waiting.
        let (mut seen, broken) = {
            let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let broken = match &s.outcome {
                Some(o @ Outcome::Failed { .. }) => Some(o.clone()),
                _ => None,
            };
            (s.generation, broken)
        };
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
        if out
            .write_all(head.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
        if let Some(o) = broken
            && send(&mut out, &o).is_err()
        {
            return;
        }
        loop {
            let next = {
                let s = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let (s, _) = self
                    .changed
                    .wait_timeout_while(s, Duration::from_secs(15), |s| {
                        s.generation == seen && !s.stopping
                    })
                    .unwrap_or_else(|e| e.into_inner());
                if s.stopping {
                    return;
                }
                seen = s.generation;
                s.outcome.clone()
            };
            // A comment line keeps idle connections open through proxies and
            // finds pages that went away.
            let sent = match next {
                Some(o) if seen > 0 => send(&mut out, &o),
                _ => out.write_all(b": idle\n\n").and_then(|()| out.flush()),
            };
            if sent.is_err() {
                return;
            }
        }
    }
}

fn send(out: &mut Box<dyn Write + Send>, outcome: &Outcome) -> std::io::Result<()> {
    let json = serde_json::to_string(outcome).expect("outcomes serialize");
    write!(out, "event: build\ndata: {json}\n\n")?;
    out.flush()
}

/// Adds the live-reload script to a served HTML page.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/__statusdex/live.js\" defer></script></body></html>"
        );
    }

    #[test]
    fn outcomes_serialize_with_their_kind() {
        let json = serde_json::to_string(&Outcome::Built {
            paths: vec!["en/index.html".into()],
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"built","paths":["en/index.html"]}"#);
    }
}
