//! One connection as hyper sees it: the socket wrapped so that each request head and each idle
//! wait is timed, and so that hyper's bare 414/431 refusals become the portal's own 400 page.

use super::raw_response;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

const LONG_ADDRESS_EN: &str = "The address is too long. Please shorten your search and try again.";
const LONG_ADDRESS_KO: &str = "주소가 너무 깁니다. 검색어를 줄여 다시 시도해 주세요.";
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
pub(crate) struct Timing {
    pub(crate) head: Duration,
    pub(crate) idle: Duration,
}

/// Where a connection is in its request/response cycle, as far as its bytes tell.
enum Phase {
    /// Waiting for the first byte of the next request.
    Idle { since: Instant },
    /// A request head is arriving and must be complete by `deadline`.
    ReadingHead { deadline: Instant, end: HeadEnd },
    /// The head is in; the body and the handler are the application's to time (`edges`: a page
    /// answers within 10 s, an upload's body has a minute). A connection silent for the idle limit
    /// is let go all the same, so no phase is ever without a deadline; `since` moves with every
    /// byte of body that arrives, so a slow line's 40-second upload is not cut at the idle limit.
    Handling { since: Instant },
}

/// The socket as hyper sees it. It times each request head and each idle wait (hyper's one head
/// timer cannot tell the two apart), and writes the portal's 400 where hyper writes a bare 414/431.
pub(crate) struct ConnectionGuard {
    socket: TcpStream,
    timing: Timing,
    phase: Phase,
    /// Fires at the phase's deadline; moved lazily from `poll_read`, the only place it is awaited.
    alarm: Pin<Box<Sleep>>,
    /// Fires when a write has made no progress for the idle limit: a client that stopped reading
    /// must not hold its connection. Its own timer, so reads and writes never move each other's.
    write_alarm: Pin<Box<Sleep>>,
    /// When the current write began waiting for the socket, if it is waiting.
    write_stalled_since: Option<Instant>,
    /// The first bytes of the request being read: enough to tell an `/api/` address.
    request_start: Vec<u8>,
    /// Our answer in place of hyper's refusal; once set, the connection only closes.
    refusal: Option<Refusal>,
}

const REQUEST_START_LEN: usize = 32;

impl ConnectionGuard {
    pub(crate) fn new(socket: TcpStream, timing: Timing) -> ConnectionGuard {
        let deadline = Instant::now() + timing.head;
        ConnectionGuard {
            socket,
            timing,
            phase: Phase::ReadingHead { deadline, end: HeadEnd::default() },
            alarm: Box::pin(tokio::time::sleep_until(deadline)),
            write_alarm: Box::pin(tokio::time::sleep_until(deadline)),
            write_stalled_since: None,
            request_start: Vec::with_capacity(REQUEST_START_LEN),
            refusal: None,
        }
    }

    fn deadline(&self) -> Instant {
        match &self.phase {
            // `since` moves with every write: a response being written is not idle, but one that
            // stops moving this long (a client that stopped reading) is let go too
            Phase::Idle { since } => *since + self.timing.idle,
            Phase::ReadingHead { deadline, .. } => *deadline,
            Phase::Handling { since } => *since + self.timing.idle,
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
        if let Phase::Handling { since } = &mut self.phase {
            *since = Instant::now(); // a body still arriving: the connection is not idle
            return;
        }
        if let Phase::ReadingHead { end, .. } = &mut self.phase {
            let room = REQUEST_START_LEN.saturating_sub(self.request_start.len());
            self.request_start.extend_from_slice(&bytes[..room.min(bytes.len())]);
            if end.found_in(bytes) {
                self.phase = Phase::Handling { since: Instant::now() };
            }
        }
    }

    /// Anything written ends a request's reading: what is read next starts the next request. (A
    /// read hyper left waiting wakes at the old deadline at the latest and re-arms for the new one.)
    fn note_write(&mut self) {
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
        let Poll::Ready(result) = write(Pin::new(&mut self.socket), cx) else {
            return self.poll_write_stall(cx);
        };
        self.write_stalled_since = None;
        let written = result?;
        if written > 0 {
            self.note_write();
        }
        Poll::Ready(Ok(written))
    }

    /// A write the socket cannot take yet: pending, until it has waited the idle limit.
    fn poll_write_stall(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let deadline = *self.write_stalled_since.get_or_insert_with(Instant::now) + self.timing.idle;
        if self.write_alarm.deadline() != deadline {
            self.write_alarm.as_mut().reset(deadline);
        }
        ready!(self.write_alarm.as_mut().poll(cx));
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")))
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
        let deadline = this.deadline();
        this.poll_alarm(cx, deadline)
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
