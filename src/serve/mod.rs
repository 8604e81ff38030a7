//! `statusdex serve`: build, serve the output on the loopback interface,
//! rebuild what an edit affects and reload the pages that show it. A broken
//! edit keeps the last good site on screen with its problems over it.

mod files;
pub use files::content_type;
mod http;
mod live;

use crate::error::{Error, Result};
use crate::fingerprint::affected;
use crate::pipeline::{BuildOptions, BuildReport, Prepared, build_prepared, prepare};
use crate::render::Renderer;
use http::{Reply, Request, Response};
use live::{Live, Outcome};
use notify::{RecursiveMode, Watcher};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Longest request target accepted.
const MAX_URL_BYTES: usize = 2048;
/// How long after the first event of an edit the rest are awaited.
const DEBOUNCE: Duration = Duration::from_millis(80);
/// Folders of the site root whose edits trigger a rebuild.
const WATCHED: [&str; 3] = ["content", "templates", "static"];

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub open: bool,
}

/// What `serve` tells the command line as it goes.
#[derive(Debug)]
pub enum Event {
    Listening {
        url: String,
    },
    /// The server listens beyond this machine.
    Exposed {
        addr: IpAddr,
    },
    Built {
        report: BuildReport,
        /// How many outputs' inputs changed since the last good build.
        affected: usize,
        /// Those outputs' paths.
        paths: Vec<String>,
    },
    Failed(Error),
    Watching(String),
    Stopped,
}

pub fn serve(options: &ServeOptions, tell: &(dyn Fn(Event) + Sync)) -> Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .map_err(|e| Error::Output(format!("cannot watch for Ctrl-C: {e}")))?;
    }
    let live = Arc::new(Live::default());
    let mut last: Option<Prepared> = None;
    // The port first: a port in use should not cost a build.
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = http::bind(addr).map_err(|e| {
        Error::Output(format!(
            "cannot listen on {addr}: {e}{}",
            if options.port != 0 {
                "; is another server using the port? choose another with --port"
            } else {
                ""
            }
        ))
    })?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::Output(format!("the server has no address: {e}")))?;
    if !bound.ip().is_loopback() {
        tell(Event::Exposed { addr: bound.ip() });
    }
    rebuild(options, &mut last, &live, tell);
    // Edits arrive as bursts (an editor writes, renames, touches); the first
    // event of a burst waits for the rest, so one save is one rebuild.
    let (tx, rx) = std::sync::mpsc::channel::<std::result::Result<(), String>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let relevant = match event {
            // Reading files (this build's own reads among them) is no edit.
            Ok(e) => (!e.kind.is_access() && e.paths.iter().any(|p| is_edit(p))).then_some(Ok(())),
            Err(e) => Some(Err(e.to_string())),
        };
        if let Some(r) = relevant {
            let _ = tx.send(r);
        }
    })
    .map_err(|e| Error::Output(format!("cannot watch the site for edits: {e}")))?;
    for folder in WATCHED {
        let path = options.root.join(folder);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Error::Output(format!("cannot watch {}: {e}", path.display())))?;
        }
    }
    tell(Event::Watching(format!(
        "watching {} for edits; Ctrl-C stops",
        WATCHED.join("/, ") + "/"
    )));
    // Announced only once edits are watched, so none is missed.
    let url = format!("http://{bound}/");
    tell(Event::Listening { url: url.clone() });
    if options.open
        && let Err(e) = opener::open(&url)
    {
        tell(Event::Watching(format!("could not open a browser: {e}")));
    }

    let http = {
        let (root, live, stop) = (options.output.clone(), Arc::clone(&live), Arc::clone(&stop));
        let handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync> =
            Arc::new(move |request: &Request| handle(request, &root, &live));
        std::thread::spawn(move || http::run(&listener, &stop, handler))
    };

    while !stop.load(Ordering::SeqCst) {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(first) => {
                std::thread::sleep(DEBOUNCE);
                let mut failure = first.err();
                for more in rx.try_iter() {
                    failure = failure.or(more.err());
                }
                if let Some(e) = failure {
                    tell(Event::Watching(format!("watching failed: {e}")));
                }
                rebuild(options, &mut last, &live, tell);
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    live.stop();
    drop(watcher);
    let _ = http.join();
    tell(Event::Stopped);
    Ok(())
}

/// An edit worth a rebuild: not an editor's temporary file.
fn is_edit(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| !crate::tree::is_editor_leftover(n))
}

/// Builds what changed since the last good build and tells open pages.
fn rebuild(
    options: &ServeOptions,
    last: &mut Option<Prepared>,
    live: &Live,
    tell: &(dyn Fn(Event) + Sync),
) {
    let started = Instant::now();
    let build = BuildOptions::new(&options.root, &options.output);
    let result = Renderer::new(&options.root).and_then(|renderer| {
        let prepared = prepare(&options.root, &renderer)?;
        let report = build_prepared(&build, &renderer, &prepared, started, &|_, _| {})?;
        Ok((prepared, report))
    });
    match result {
        Ok((prepared, report)) => {
            let paths: Vec<String> = match last {
                Some(before) => affected(&before.snapshot(), &prepared.snapshot())
                    .into_iter()
                    .collect(),
                None => Vec::new(),
            };
            *last = Some(prepared);
            let affected = paths.len();
            live.publish(Outcome::Built {
                paths: paths.clone(),
            });
            tell(Event::Built {
                report,
                affected,
                paths,
            });
        }
        Err(e) => {
            live.publish(Outcome::Failed {
                problems: problems_text(&e),
            });
            tell(Event::Failed(e));
        }
    }
}

/// The problems of a failed build as plain text, for the page overlay.
fn problems_text(err: &Error) -> String {
    match err {
        Error::Content(d) => d
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.with_causes(),
    }
}

fn handle(request: &Request, root: &Path, live: &Arc<Live>) -> Reply {
    if request.method != "GET" && request.method != "HEAD" {
        return Reply::Send(
            Response::text(405, "only GET and HEAD").with("Allow", "GET, HEAD".into()),
        );
    }
    let url = request.target.as_str();
    if url.len() > MAX_URL_BYTES {
        return Reply::Send(Response::text(414, "request target too long"));
    }
    if url == live::SCRIPT_PATH {
        return Reply::Send(Response::new(
            200,
            "text/javascript; charset=utf-8",
            live::SCRIPT.as_bytes().to_vec(),
        ));
    }
    if url == live::EVENTS_PATH {
        let live = Arc::clone(live);
        return Reply::Stream(Box::new(move |stream| live.stream(Box::new(stream))));
    }
    let (status, file) = match files::resolve(root, url) {
        files::Resolved::File(f) => (200, f),
        files::Resolved::AddSlash => {
            // One leading slash: `//host/` would send the browser elsewhere.
            let path = url.split(['?', '#']).next().unwrap_or("/");
            let location = format!("/{}/", path.trim_start_matches('/'));
            return Reply::Send(Response::text(301, "moved").with("Location", location));
        }
        files::Resolved::NotFound => (404, root.join("404.html")),
    };
    let Ok(mut body) = std::fs::read(&file) else {
        return Reply::Send(Response::text(404, "not found"));
    };
    let kind = files::content_type(&file);
    if kind.starts_with("text/html") {
        body = live::inject(&body);
    }
    Reply::Send(Response::new(status, kind, body))
}
