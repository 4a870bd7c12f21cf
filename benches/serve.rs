//! `mediaops serve` round trips on one kept-alive loopback connection (`cargo xtask bench`):
//! `GET /` and a mock POST. With Nagle on, a reused connection's static answers stalled about
//! 40 ms each (the body waited for the client's delayed ACK of the head); they take well under
//! a millisecond in a release build now.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{read_response, Server};
use criterion::{criterion_group, criterion_main, Criterion};
use std::io::{BufReader, Write};
use std::net::TcpStream;

const MOCK_REQUEST: &str = "POST /graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"clientContext\":\"c\"}";

fn round_trips(c: &mut Criterion) {
    let server = Server::start();
    let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    let mut group = c.benchmark_group("serve keep-alive");
    for (name, request) in [
        ("GET /", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        ("mock POST", MOCK_REQUEST),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                writer.write_all(request.as_bytes()).expect("write");
                assert_eq!(read_response(&mut reader).0, 200);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, round_trips);
criterion_main!(benches);
