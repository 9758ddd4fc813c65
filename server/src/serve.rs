//! Serving the router over TCP with the limits `axum::serve` leaves out. This module owns the
//! connections: how long a request head may take to arrive and a kept-alive connection may sit idle,
//! how many connections and requests are let in at once (503 beyond), graceful shutdown, and the
//! portal's own 400 page where hyper would answer an overlong address with a bare 414 or 431.
//! `dongne serve` calls [`serve`]; `server/tests/connections.rs` drives it over real sockets.

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll, Waker};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// How much the server lets its clients hold.
#[derive(Debug, Clone)]
pub struct ServeLimits {
    /// A request head must be complete within this, counted from its first byte (for a connection's
    /// first request, from the accept): a client that sends half a head is dropped.
    pub header_read_timeout: Duration,
    /// A kept-alive connection waiting for its next request is closed after this.
    pub keep_alive_idle: Duration,
    /// Connections open at once; beyond, a new connection is answered 503 and closed.
    pub max_connections: usize,
    /// Requests being handled at once; beyond, a request is answered 503 at once, not queued.
    pub max_in_flight: usize,
}

impl Default for ServeLimits {
    fn default() -> ServeLimits {
        ServeLimits {
            header_read_timeout: Duration::from_secs(10),
            keep_alive_idle: Duration::from_secs(30),
            max_connections: 2048,
            max_in_flight: 512,
        }
    }
}

/// How long, after `shutdown`, the requests in progress get to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How long to wait after an accept error (out of descriptors, of memory) before accepting again.
const ACCEPT_ERROR_PAUSE: Duration = Duration::from_millis(100);
/// Connections being told "busy" at once, and how long each may take.
const MAX_TURNING_AWAY: usize = 64;
const TURN_AWAY_TIME: Duration = Duration::from_secs(1);

const BUSY_TEXT: &str = "잠시 후 다시 시도해 주세요. / The server is busy; please try again shortly.\n";
const LONG_ADDRESS_KO: &str = "주소가 너무 깁니다. 검색어를 줄여 다시 시도해 주세요.";
const LONG_ADDRESS_EN: &str = "The address is too long. Please shorten your search and try again.";

/// Serves `router` on `listener` until `shutdown` resolves, then stops accepting and gives the
/// requests in progress up to [`SHUTDOWN_GRACE`] to finish. Accept errors are logged, never returned:
/// a full descriptor table is a moment to wait out, not a reason to stop serving.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let router = shed_load(router, limits.max_in_flight);
    let connections = Arc::new(Semaphore::new(limits.max_connections));
    let turning_away = Arc::new(Semaphore::new(MAX_TURNING_AWAY));
    let (stop, stop_seen) = watch::channel(());
    let timing = Timing { head: limits.header_read_timeout, idle: limits.keep_alive_idle };
    let overload_log = OncePerSecond::new();
    let mut http = http1::Builder::new();
    // hyper's own head timer also runs while a kept-alive connection waits for its next request, so
    // it would close idle connections at the head limit; `ConnectionGuard` times the two apart.
    http.header_read_timeout(None).keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let socket = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((socket, _peer)) => socket,
                Err(error) => {
                    pause_after_accept_error(error, &overload_log).await;
                    continue;
                }
            },
        };
        // Without it, responses written in pieces wait ~40 ms each for the client's delayed ACK.
        let _ = socket.set_nodelay(true);
        match connections.clone().try_acquire_owned() {
            Ok(permit) => {
                let router = router.clone();
                tokio::spawn(serve_connection(socket, router, http.clone(), timing, stop_seen.clone(), permit));
            }
            Err(_) => turn_away(socket, &turning_away, &overload_log),
        }
    }
    drop(listener);
    drop(stop_seen);
    let_connections_finish(stop).await;
    Ok(())
}

/// One connection, from accept to close; `_permit` holds its place under `max_connections`.
async fn serve_connection(
    socket: TcpStream,
    router: Router,
    http: http1::Builder,
    timing: Timing,
    mut stop: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let io = TokioIo::new(ConnectionGuard::new(socket, timing));
    let service =
        hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| router.clone().oneshot(request));
    let connection = http.serve_connection(io, service);
    tokio::pin!(connection);
    let ended = tokio::select! {
        ended = connection.as_mut() => ended,
        _ = stop.changed() => {
            // finishes the request in progress (if any), then closes
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(error) = ended {
        tracing::debug!(%error, "connection ended early");
    }
}

/// Tells every connection to close after its request in progress, and waits for them, within
/// [`SHUTDOWN_GRACE`]. Each connection holds a receiver of `stop`, so `closed` means all are done.
async fn let_connections_finish(stop: watch::Sender<()>) {
    stop.send_replace(());
    if tokio::time::timeout(SHUTDOWN_GRACE, stop.closed()).await.is_err() {
        let grace_secs = SHUTDOWN_GRACE.as_secs();
        tracing::warn!(grace_secs, "connections still open after the grace period; leaving them");
    }
}

async fn pause_after_accept_error(error: io::Error, log: &OncePerSecond) {
    // A client that gave up between its connect and our accept is no trouble of ours.
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(error.kind(), ConnectionAborted | ConnectionReset | ConnectionRefused) {
        tracing::debug!(%error, "a connection was gone before it was accepted");
        return;
    }
    // Out of descriptors or memory: accepting again at once would spin; connections that finish
    // meanwhile give some back.
    if log.first_this_second() {
        tracing::warn!(%error, "accepting connections failed; pausing briefly");
    }
    tokio::time::sleep(ACCEPT_ERROR_PAUSE).await;
}

/// The connection cap is reached: the client is told why in a few bytes and the socket is closed,
/// so descriptors stay bounded. Beyond `MAX_TURNING_AWAY` of these at once, it is just closed.
fn turn_away(socket: TcpStream, turning_away: &Arc<Semaphore>, log: &OncePerSecond) {
    if log.first_this_second() {
        tracing::warn!("connection limit reached; answering new connections 503");
    }
    let Ok(permit) = turning_away.clone().try_acquire_owned() else { return };
    tokio::spawn(async move {
        let _ = tokio::time::timeout(TURN_AWAY_TIME, say_busy_and_close(socket)).await;
        drop(permit);
    });
}

async fn say_busy_and_close(mut socket: TcpStream) -> io::Result<()> {
    let busy = raw_response("503 Service Unavailable", "Retry-After: 5\r\n", "text/plain; charset=utf-8", BUSY_TEXT);
    socket.write_all(&busy).await?;
    socket.shutdown().await?;
    // Closing with the client's request still unread would send a reset, which can destroy our
    // answer before the client reads it: read and discard until the client closes (or time is up).
    let mut discard = [0u8; 4096];
    while socket.read(&mut discard).await? > 0 {}
    Ok(())
}

/// Requests beyond `max_in_flight` are answered 503 at once: queueing them would only add waiting to
/// an overload, and hold their connections longer.
fn shed_load(router: Router, max_in_flight: usize) -> Router {
    let in_flight = Arc::new(InFlight { permits: Semaphore::new(max_in_flight), log: OncePerSecond::new() });
    router.layer(middleware::from_fn_with_state(in_flight, admit_or_shed))
}

struct InFlight {
    permits: Semaphore,
    log: OncePerSecond,
}

async fn admit_or_shed(State(in_flight): State<Arc<InFlight>>, request: Request, next: Next) -> Response {
    let Ok(_permit) = in_flight.permits.try_acquire() else {
        if in_flight.log.first_this_second() {
            tracing::warn!("too many requests at once; answering 503");
        }
        return (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "1")], BUSY_TEXT).into_response();
    };
    next.run(request).await
}

/// Overload comes in floods: one warning a second tells the operator without flooding the log.
struct OncePerSecond {
    started: Instant,
    last_second: AtomicU64,
}

impl OncePerSecond {
    fn new() -> OncePerSecond {
        OncePerSecond { started: Instant::now(), last_second: AtomicU64::new(0) }
    }

    fn first_this_second(&self) -> bool {
        let second = self.started.elapsed().as_secs() + 1;
        self.last_second.swap(second, Ordering::Relaxed) != second
    }
}

/// A complete response that closes the connection, for the moments hyper's writer is not ours to use.
fn raw_response(status: &str, extra_headers: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\n{extra_headers}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The portal's answer to an address (or head) too long to read: the API's JSON error shape under
/// `/api/`, a small page everywhere else.
fn address_too_long(api: bool) -> Vec<u8> {
    if api {
        let body = serde_json::json!({ "error": LONG_ADDRESS_EN, "message_ko": LONG_ADDRESS_KO }).to_string();
        return raw_response("400 Bad Request", "", "application/json", &body);
    }
    let page = format!(
        "<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>주소가 너무 깁니다 · 동네 Dongne</title></head><body><main>\
         <h1>주소가 너무 깁니다 <span lang=\"en\">/ The address is too long</span></h1>\
         <p>{LONG_ADDRESS_KO}</p><p lang=\"en\">{LONG_ADDRESS_EN}</p>\
         <p><a href=\"/\">첫 화면으로 / Home</a></p></main></body></html>"
    );
    raw_response("400 Bad Request", "", "text/html; charset=utf-8", &page)
}

#[derive(Clone, Copy)]
struct Timing {
    head: Duration,
    idle: Duration,
}

/// Where a connection is in its request/response cycle, as far as its bytes tell.
enum Phase {
    /// Waiting for the first byte of the next request.
    Idle { since: Instant },
    /// A request head is arriving and must be complete by `deadline`.
    ReadingHead { deadline: Instant, end: HeadEnd },
    /// The head is in; the body and the handler are the application's to time (`edges`).
    Handling,
}

/// The socket as hyper sees it. It times each request head and each idle wait (hyper's one head
/// timer cannot tell the two apart), and writes the portal's 400 where hyper writes a bare 414/431.
struct ConnectionGuard {
    socket: TcpStream,
    timing: Timing,
    phase: Phase,
    /// Fires at the phase's deadline; moved lazily from `poll_read`, the only place it is awaited.
    alarm: Pin<Box<Sleep>>,
    /// The first bytes of the request being read: enough to tell an `/api/` address.
    request_start: Vec<u8>,
    /// Our answer in place of hyper's refusal; once set, the connection only closes.
    refusal: Option<Refusal>,
    /// A read left waiting while a request was handled, with no deadline to wake it.
    reader_without_deadline: Option<Waker>,
}

const REQUEST_START_LEN: usize = 32;

impl ConnectionGuard {
    fn new(socket: TcpStream, timing: Timing) -> ConnectionGuard {
        let deadline = Instant::now() + timing.head;
        ConnectionGuard {
            socket,
            timing,
            phase: Phase::ReadingHead { deadline, end: HeadEnd::default() },
            alarm: Box::pin(tokio::time::sleep_until(deadline)),
            request_start: Vec::with_capacity(REQUEST_START_LEN),
            refusal: None,
            reader_without_deadline: None,
        }
    }

    fn deadline(&self) -> Option<Instant> {
        match &self.phase {
            // `since` moves with every write: a response being written is not idle, but one that
            // stops moving this long (a client that stopped reading) is let go too
            Phase::Idle { since } => Some(*since + self.timing.idle),
            Phase::ReadingHead { deadline, .. } => Some(*deadline),
            Phase::Handling => None,
        }
    }

    fn note_read(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if let Phase::Idle { .. } = self.phase {
            let deadline = Instant::now() + self.timing.head;
            self.phase = Phase::ReadingHead { deadline, end: HeadEnd::default() };
        }
        if let Phase::ReadingHead { end, .. } = &mut self.phase {
            let room = REQUEST_START_LEN.saturating_sub(self.request_start.len());
            self.request_start.extend_from_slice(&bytes[..room.min(bytes.len())]);
            if end.found_in(bytes) {
                self.phase = Phase::Handling;
            }
        }
    }

    /// Anything written ends a request's reading: what is read next starts the next request.
    fn note_write(&mut self) {
        if !matches!(self.phase, Phase::Idle { .. }) {
            // hyper does not read again when a connection turns idle (it waits on the read it left
            // pending), so that read must come back to start the idle timer
            if let Some(reader) = self.reader_without_deadline.take() {
                reader.wake();
            }
        }
        self.phase = Phase::Idle { since: Instant::now() };
        self.request_start.clear();
    }

    /// Pending until the phase's deadline; then what hyper should see.
    fn poll_alarm(&mut self, cx: &mut Context<'_>, deadline: Instant) -> Poll<io::Result<()>> {
        if self.alarm.deadline() != deadline {
            self.alarm.as_mut().reset(deadline);
        }
        ready!(self.alarm.as_mut().poll(cx));
        match self.phase {
            // to hyper, as if the client had closed the connection: an ordinary end
            Phase::Idle { .. } => Poll::Ready(Ok(())),
            _ => Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "request head not received in time"))),
        }
    }

    fn asked_for_api(&self) -> bool {
        let line = &self.request_start;
        line.iter().position(|&b| b == b' ').is_some_and(|space| line[space + 1..].starts_with(b"/api/"))
    }

    /// Every write goes through here: `start` is the beginning of what is written, `len` its length,
    /// `write` writes it to the socket.
    fn poll_write_with(
        &mut self,
        cx: &mut Context<'_>,
        start: &[u8],
        len: usize,
        write: impl FnOnce(Pin<&mut TcpStream>, &mut Context<'_>) -> Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        let begins_response = !matches!(self.phase, Phase::Idle { .. });
        if self.refusal.is_none() && begins_response && is_bare_refusal(start) {
            self.refusal = Some(Refusal { bytes: address_too_long(self.asked_for_api()), sent: 0 });
        }
        if let Some(refusal) = &mut self.refusal {
            ready!(refusal.poll_send(&mut self.socket, cx))?;
            // hyper's bytes count as sent: its answer is replaced, and it has nothing more to say
            return Poll::Ready(Ok(len));
        }
        let written = ready!(write(Pin::new(&mut self.socket), cx))?;
        if written > 0 {
            self.note_write();
        }
        Poll::Ready(Ok(written))
    }
}

/// hyper's answer to a request line or head too long to read: a status line and nothing to say.
fn is_bare_refusal(start: &[u8]) -> bool {
    start.starts_with(b"HTTP/1.1 414 ") || start.starts_with(b"HTTP/1.1 431 ")
}

impl AsyncRead for ConnectionGuard {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if this.refusal.is_some() {
            return Poll::Ready(Ok(())); // answered and closing: nothing more to read
        }
        let before = buf.filled().len();
        if let Poll::Ready(result) = Pin::new(&mut this.socket).poll_read(cx, buf) {
            this.note_read(&buf.filled()[before..]);
            return Poll::Ready(result);
        }
        match this.deadline() {
            Some(deadline) => this.poll_alarm(cx, deadline),
            None => {
                this.reader_without_deadline = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl AsyncWrite for ConnectionGuard {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        self.get_mut().poll_write_with(cx, buf, buf.len(), |socket, cx| socket.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let start = bufs.iter().find(|b| !b.is_empty()).map_or(&[][..], |b| &b[..]);
        let len = bufs.iter().map(|b| b.len()).sum();
        self.get_mut().poll_write_with(cx, start, len, |socket, cx| socket.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.socket.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().socket).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().socket).poll_shutdown(cx)
    }
}

/// The portal's answer written in place of hyper's, and how much of it has gone out.
struct Refusal {
    bytes: Vec<u8>,
    sent: usize,
}

impl Refusal {
    fn poll_send(&mut self, socket: &mut TcpStream, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.bytes.len() {
            let written = ready!(Pin::new(&mut *socket).poll_write(cx, &self.bytes[self.sent..]))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.sent += written;
        }
        Poll::Ready(Ok(()))
    }
}

/// Finds the blank line that ends a request head, in whatever pieces the head arrives. Blank lines
/// before any text do not count: parsers skip them, so they must not stop the head timer either.
#[derive(Default)]
struct HeadEnd {
    seen_text: bool,
    line_has_text: bool,
}

impl HeadEnd {
    fn found_in(&mut self, bytes: &[u8]) -> bool {
        for &byte in bytes {
            match byte {
                b'\n' if self.seen_text && !self.line_has_text => return true,
                b'\n' => self.line_has_text = false,
                b'\r' => {}
                _ => {
                    self.seen_text = true;
                    self.line_has_text = true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::HeadEnd;

    fn ends(pieces: &[&[u8]]) -> bool {
        let mut end = HeadEnd::default();
        pieces.iter().any(|piece| end.found_in(piece))
    }

    #[test]
    fn a_head_ends_at_its_blank_line_however_it_is_split_or_terminated() {
        assert!(ends(&[b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"]));
        assert!(ends(&[b"GET / HTTP/1.1\r\nHost: x\r", b"\n\r", b"\n"]));
        assert!(ends(&[b"GET / HTTP/1.1\nHost: x\n\n"]));
        assert!(!ends(&[b"GET / HTTP/1.1\r\nHost: x\r\n"]));
        assert!(!ends(&[b"\r\n\r\n", b"GET / HTTP/1.1\r\n"]), "blank lines before the request line end nothing");
    }
}
