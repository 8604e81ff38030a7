//! The outside tools some tests drive, found where `scripts/test` installs
//! them. A missing tool fails the test with what to run; it never skips.

use crate::support::repo;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

fn require(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.exists(),
        "{what} is missing at {}: run `bash scripts/test` (it installs the test tools), or `npm ci` and `apt-get install chromium`",
        path.display()
    );
    path
}

/// The W3C Nu Html Checker, from npm's `vnu-jar`.
pub fn vnu_jar() -> PathBuf {
    require(
        repo().join("node_modules/vnu-jar/build/dist/vnu.jar"),
        "the Nu Html Checker (npm vnu-jar)",
    )
}

/// Debian's Chromium, driven through npm's `playwright-core`.
pub fn chromium() -> PathBuf {
    require(
        repo().join("node_modules/playwright-core/package.json"),
        "playwright-core",
    );
    require(PathBuf::from("/usr/bin/chromium"), "Chromium")
}

/// Serves `root` on 127.0.0.1 at an ephemeral port for as long as the test
/// runs: enough HTTP for a browser to load a static site. Returns the base
/// URL, ending in `/`.
pub fn serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let port = listener.local_addr().expect("local address").port();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(&root, stream));
        }
    });
    format!("http://127.0.0.1:{port}/")
}

fn answer(root: &Path, mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    loop {
        let mut request = String::new();
        if reader.read_line(&mut request).unwrap_or(0) == 0 {
            return;
        }
        // Skip the headers; a browser's GET has no body.
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
        }
        let path = request.split(' ').nth(1).unwrap_or("/");
        let path = path.split(['?', '#']).next().unwrap_or("/");
        let (status, file) = match resolve(root, path) {
            Some(file) => ("200 OK", file),
            None => ("404 Not Found", root.join("404.html")),
        };
        let body = std::fs::read(&file).unwrap_or_default();
        let head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nX-Content-Type-Options: nosniff\r\n\r\n",
            statusdex::serve::content_type(&file),
            body.len()
        );
        if stream.write_all(head.as_bytes()).is_err() || stream.write_all(&body).is_err() {
            return;
        }
    }
}

fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rel = url_path.trim_start_matches('/');
    if rel.split('/').any(|s| s == ".." || s.contains('%')) {
        return None;
    }
    let mut file = root.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}
