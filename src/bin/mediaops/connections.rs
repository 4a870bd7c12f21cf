//! How `mediaops serve` accepts and keeps connections: Nagle off, a header-read timeout, a
//! write-stall timeout and a cap on how many are open at once. hyper is driven here directly
//! because `axum::serve` offers none of these knobs.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

/// How long a client has to send a complete request head. hyper starts this clock whenever it
/// waits for a head, between keep-alive requests too, so it is also the keep-alive idle limit.
/// Ten seconds is far beyond any real client on a LAN, and short enough that a slow-header
/// flood (thousands of half-sent requests) releases its connections before the cap bites long.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request body or a response may make no progress (the client sends no body byte,
/// or reads none of the answer) before the connection is dropped. Longer than the header limit
/// so a large upload over a slow link is not cut; time the server itself spends (the mock's
/// `slow` and `delay=` faults) does not count.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The most connections served at once; past it, new ones wait in the kernel's backlog until
/// one closes. Each costs a task and buffers (tens of KiB), so 1024 bounds memory near 100 MB
/// in the worst case, far above what a browser (six per origin) or a test suite opens.
pub const MAX_CONNECTIONS: usize = 1024;

/// The connection limits of one server (the defaults above; tests shorten them with flags).
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read: Duration,
    /// See [`IDLE_TIMEOUT`].
    pub idle: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits {
            header_read: HEADER_READ_TIMEOUT,
            idle: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Accepts connections on `listener` forever and serves `app` on each, within `limits`.
pub async fn serve_connections(listener: TcpListener, app: Router, limits: ConnectionLimits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        // Wait for a free slot before accepting: over the cap, clients queue in the backlog.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        match accept(&listener).await {
            Ok(stream) => {
                tokio::spawn(serve_connection(stream, app.clone(), limits, slot));
            }
            Err(error) => {
                // Out of file descriptors and the like: back off instead of spinning on it.
                eprintln!("mediaops: cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// Accepts one connection and sets it up: `TCP_NODELAY` on, because hyper writes a response's
/// head and body separately, and with Nagle on the body then waits for the client's delayed
/// ACK of the head — about 40 ms on every reused keep-alive connection.
async fn accept(listener: &TcpListener) -> io::Result<TcpStream> {
    let (stream, _) = listener.accept().await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// Serves HTTP/1.1 on one connection until it closes or a limit ends it; `_slot` frees its
/// place under the cap when this returns.
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: ConnectionLimits,
    _slot: OwnedSemaphorePermit,
) {
    let io = TokioIo::new(StallLimited::new(stream, limits.idle));
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    // A connection that times out or resets is the client's business, not an error to report.
    let _ = builder
        .serve_connection(io, TowerToHyperService::new(app))
        .await;
}

/// A stream whose writes fail with `TimedOut` once they have made no progress for `limit`:
/// a client that stops reading cannot hold a connection, a file and its buffers forever.
struct StallLimited<T> {
    inner: T,
    limit: Duration,
    /// Runs while a write is blocked; cleared when one makes progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> StallLimited<T> {
    fn new(inner: T, limit: Duration) -> Self {
        StallLimited {
            inner,
            limit,
            stalled: None,
        }
    }

    /// Passes a ready write result through; on `Pending`, starts or checks the stall clock.
    fn watch<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        match poll {
            Poll::Ready(result) => {
                self.stalled = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let limit = self.limit;
                let stalled = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                match stalled.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client read nothing of the answer for the idle timeout",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallLimited<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallLimited<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn accepted_connections_have_nagle_off() {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("address");
        let client = TcpStream::connect(address);
        let (accepted, _client) = tokio::join!(accept(&listener), client);
        assert!(accepted.expect("accepted").nodelay().expect("nodelay"));
    }
}
