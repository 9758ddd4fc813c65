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
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use tower::ServiceExt;

mod connection;
pub mod slots;
use connection::{ConnectionGuard, Timing};

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
    // hyper would buffer ~400 KB of head per connection; 96 KB still lets an address past 64 KB
    // reach hyper's 414 (and so the portal's own 400)
    http.max_buf_size(96 * 1024);
    tokio::pin!(shutdown);
    loop {
        let (socket, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((socket, peer)) => (socket, peer),
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
                tokio::spawn(serve_connection(socket, peer, router, http.clone(), timing, stop_seen.clone(), permit));
            }
            Err(_) => turn_away(socket, &turning_away, &overload_log),
        }
    }
    drop(listener);
    drop(stop_seen);
    let_connections_finish(stop).await;
    Ok(())
}

/// The address a request came from (the TCP peer; behind a trusted proxy, see `client_addr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub std::net::IpAddr);

/// One connection, from accept to close; `_permit` holds its place under `max_connections`.
async fn serve_connection(
    socket: TcpStream,
    peer: std::net::SocketAddr,
    router: Router,
    http: http1::Builder,
    timing: Timing,
    mut stop: watch::Receiver<()>,
    _permit: OwnedSemaphorePermit,
) {
    let io = TokioIo::new(ConnectionGuard::new(socket, timing));
    let service =
        hyper::service::service_fn(move |mut request: Request<hyper::body::Incoming>| {
            // who is asking (the login throttle counts failures per address)
            request.extensions_mut().insert(ClientAddr(peer.ip()));
            router.clone().oneshot(request)
        });
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
pub(crate) fn raw_response(status: &str, extra_headers: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\n{extra_headers}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Raises this process's soft limit on open files to its hard limit and returns the new soft limit.
/// Every connection holds a descriptor, and so do the database and the files served: a service
/// manager's usual soft limit (1,024) is below the default connection cap.
pub fn raise_open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass, which outlives the calls
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return None;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    Some(limit.rlim_cur as u64)
}

/// The connection cap that fits the open-file limit, keeping `reserve` descriptors for the rest.
pub fn connections_within(open_files: Option<u64>, wanted: usize, reserve: u64) -> usize {
    match open_files {
        Some(limit) => wanted.min(limit.saturating_sub(reserve).max(16) as usize),
        None => wanted,
    }
}

