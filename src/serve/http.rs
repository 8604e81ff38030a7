//! Just enough HTTP/1.1 for a local preview, with every resource bounded: one
//! request per connection, the request head parsed by `httparse` within a
//! size, header-count and time limit, a cap on connections served at once.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// Connections open at once (event streams included); more get 503.
pub const MAX_CONNECTIONS: usize = 256;
/// Bytes of a request line and headers.
pub const MAX_HEAD_BYTES: usize = 8192;
pub const MAX_HEADERS: usize = 32;
/// How long a client may take to send its request, and to read a response.
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(5);

/// A parsed request: only what the preview looks at.
pub struct Request {
    pub method: String,
    pub target: String,
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("X-Content-Type-Options", "nosniff".into()),
                ("Cache-Control", "no-store".into()),
            ],
            body,
        }
    }

    pub fn text(status: u16, body: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            body.as_bytes().to_vec(),
        )
    }

    pub fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }
}

/// What a handler does with a request: answer it, or take the connection
/// over (for an event stream).
pub enum Reply {
    Send(Response),
    Stream(Box<dyn FnOnce(TcpStream) + Send>),
}

pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

/// Accepts connections until `stop`, each on its own thread.
pub fn run(
    listener: &TcpListener,
    stop: &AtomicBool,
    handler: Arc<dyn Fn(&Request) -> Reply + Send + Sync>,
) {
    let active = Arc::new(AtomicUsize::new(0));
    while !stop.load(Ordering::SeqCst) {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            Err(_) => continue,
        };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = refuse(stream);
            continue;
        }
        let (active, handler) = (Arc::clone(&active), Arc::clone(&handler));
        std::thread::spawn(move || {
            let _ = serve_connection(stream, handler.as_ref());
            active.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

fn refuse(mut stream: TcpStream) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_write_timeout(Some(CLIENT_TIMEOUT))?;
    write_response(
        &mut stream,
        &Response::text(503, "too many connections"),
        false,
    )
}

fn serve_connection(
    mut stream: TcpStream,
    handler: &(dyn Fn(&Request) -> Reply + Send + Sync),
) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(CLIENT_TIMEOUT))?;
    stream.set_write_timeout(Some(CLIENT_TIMEOUT))?;
    let request = match read_head(&mut stream) {
        Ok(Some(r)) => r,
        Ok(None) => return Ok(()),
        Err(status) => {
            let reason = match status {
                414 => "request target too long",
                431 => "request header too large",
                _ => "bad request",
            };
            return write_response(&mut stream, &Response::text(status, reason), false);
        }
    };
    let head_only = request.method == "HEAD";
    match handler(&request) {
        Reply::Send(response) => write_response(&mut stream, &response, head_only),
        Reply::Stream(take) => {
            // An event stream is long-lived; only writes are timed.
            stream.set_read_timeout(None)?;
            take(stream);
            Ok(())
        }
    }
}

/// Reads and parses the request head. `Ok(None)`: the client went away or
/// was too slow; `Err(status)`: answer with that status.
fn read_head(stream: &mut TcpStream) -> std::result::Result<Option<Request>, u16> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(_)) => {
                return Ok(Some(Request {
                    method: req.method.unwrap_or_default().to_string(),
                    target: req.path.unwrap_or_default().to_string(),
                }));
            }
            Ok(httparse::Status::Partial) => {
                if buf.len() > MAX_HEAD_BYTES {
                    let line_done = buf.windows(2).any(|w| w == b"\r\n");
                    return Err(if line_done { 431 } else { 414 });
                }
            }
            Err(httparse::Error::TooManyHeaders) => return Err(431),
            Err(_) => return Err(400),
        }
    }
}

fn write_response(stream: &mut TcpStream, r: &Response, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        r.status,
        reason(r.status),
        r.body.len()
    );
    for (name, value) in &r.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&r.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}
