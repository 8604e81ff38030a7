//! `statusdex serve` as a contributor and a hostile client meet it: an edit
//! reaches open pages as a reload event and a rebuilt page, a broken edit
//! shows its problems while the last good page stays, Ctrl-C ends it with
//! status 0, and no request reaches a file outside the output.

use crate::support::SiteTest;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `statusdex serve` on a free port, stopped with SIGINT on drop.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_statusdex"))
            .args(["serve", "--port", "0"])
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start statusdex serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the serving line");
        let addr = line
            .trim()
            .strip_prefix("serving http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        Server { child, addr }
    }

    /// Sends raw request bytes; returns the status code and the body.
    fn raw(&self, request: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.write_all(request).expect("send");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
    }

    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .expect("kill");
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An open events stream; `next` returns the data of the next build event.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(server: &Server) -> Events {
        let mut stream = TcpStream::connect(&server.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        stream
            .write_all(b"GET /__statusdex/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .expect("send");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).expect("status line");
        assert!(line.contains("200"), "{line}");
        Events(reader)
    }

    fn next(&mut self) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.0.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the stream ended");
            if let Some(data) = line.strip_prefix("data: ") {
                return data.trim().to_string();
            }
        }
    }
}

#[test]
fn an_edit_reloads_the_page_a_broken_edit_shows_its_problems_and_ctrl_c_ends_cleanly() {
    let site = SiteTest::fixture("mini");
    let mut server = Server::start(&site);
    let (status, page) = server.get("/en/zap/102/");
    assert_eq!(status, 200);
    assert!(page.contains("English description of 102."));
    assert!(
        page.contains("/__statusdex/live.js"),
        "the reload script is added"
    );
    let built = std::fs::read_to_string(site.out().join("en/zap/102/index.html")).expect("built");
    assert!(!built.contains("__statusdex"), "never in built files");
    let (status, script) = server.get("/__statusdex/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"));

    let mut events = Events::open(&server);
    let record = site.read("content/zap/102.yaml");
    site.write(
        "content/zap/102.yaml",
        &record.replace("English description of 102.", "Revised description of 102."),
    );
    let event = events.next();
    assert!(event.contains(r#""kind":"built""#), "{event}");
    assert!(event.contains("en/zap/102/index.html"), "{event}");
    assert!(
        !event.contains("ru/zap/102/index.html"),
        "only English changed: {event}"
    );
    let (_, page) = server.get("/en/zap/102/");
    assert!(page.contains("Revised description of 102."));

    site.write(
        "content/zap/102.yaml",
        &record
            .replace("related: [", "related: [[")
            .replace("English description of 102.", "Broken."),
    );
    let event = events.next();
    assert!(event.contains(r#""kind":"failed""#), "{event}");
    assert!(
        event.contains("content/zap/102.yaml:"),
        "problems name the file: {event}"
    );
    let (status, page) = server.get("/en/zap/102/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Revised description of 102."),
        "the last good page stays"
    );
    // A page opened while the site is broken hears of it at once.
    let mut late = Events::open(&server);
    assert!(late.next().contains(r#""kind":"failed""#));

    let status = server.interrupt();
    assert_eq!(status.code(), Some(0), "{status:?}");
}

#[test]
fn requests_reach_only_regular_files_inside_the_output() {
    let site = SiteTest::fixture("mini");
    std::fs::write(site.root.join("secret.txt"), "secret").expect("write");
    let server = Server::start(&site);
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc", site.out().join("etc")).expect("plant a link");
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/etc/passwd",
        "/.statusdex-manifest",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("secret") && !body.contains("root:"),
            "{path}"
        );
    }
    let (status, body) =
        server.raw(b"GET http://x/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(status == 404 || status == 400, "absolute form: {status}");
    assert!(!body.contains("secret"));
    // A folder without its slash is redirected to one on this server.
    let (status, _) = server.get("//en");
    assert_eq!(status, 301);
    let too_long = format!("/{}", "a".repeat(5000));
    assert_eq!(server.get(&too_long).0, 414);
    let (status, _) = server
        .raw(b"POST /en/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
}

#[test]
fn idle_connections_do_not_stop_the_server() {
    let site = SiteTest::fixture("mini");
    let server = Server::start(&site);
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&server.addr).expect("connect"))
        .collect();
    // Half a request line, never finished.
    for mut s in idle.iter().take(50) {
        let _ = s.write_all(b"GET /en/");
    }
    let started = Instant::now();
    let (status, _) = server.get("/en/");
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    drop(idle);
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = SiteTest::fixture("mini");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let out = site.run(&["serve", "--port", &port]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(err.contains("choose another with --port"), "{err}");
}
