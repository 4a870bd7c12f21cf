//! What several native test files share: running the `mediaops` binary, and `mediaops serve` on
//! a free port.
// Each test file that includes this module uses a different part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// `mediaops serve --port 0` on the repository's `www`, stopped when dropped.
pub struct Server {
    child: Child,
    /// The port it listens on, read from its banner.
    pub port: u16,
}

impl Server {
    /// Starts the server and waits for its banner.
    pub fn start() -> Server {
        Server::start_with(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/www")),
            &[],
        )
    }

    /// Starts the server on `dir` with more `serve` options, and waits for its banner.
    pub fn start_with(dir: &std::path::Path, options: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mediaops"))
            .args(["serve", "--port", "0", "--dir"])
            .arg(dir)
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("mediaops serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut reader = BufReader::new(stdout);
        let mut banner = String::new();
        reader.read_line(&mut banner).expect("the serve banner");
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let port = banner
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in the banner: {banner:?}"));
        Server { child, port }
    }

    /// The mock Graph root, e.g. `http://127.0.0.1:PORT/graph`.
    pub fn graph_root(&self) -> String {
        format!("http://127.0.0.1:{}/graph", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a run of the `mediaops` binary printed and how it exited.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `mediaops ARGS` with `stdin` as its standard input.
pub fn mediaops_with_input(args: &[&str], stdin: &str) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mediaops"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the mediaops binary runs");
    // A command that does not read its input may close the pipe first; that is fine.
    let _ = child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(stdin.as_bytes());
    let output = child.wait_with_output().expect("mediaops finishes");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}

/// Runs `mediaops ARGS` with empty standard input.
pub fn mediaops(args: &[&str]) -> Run {
    mediaops_with_input(args, "")
}

/// The status code of a raw HTTP answer (`HTTP/1.1 200 OK...` is 200).
pub fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"))
}

/// The value of header `name` in a raw HTTP answer's head.
pub fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The body of a raw HTTP answer: everything after the head.
pub fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

/// Reads one response with a `Content-Length` body from a kept-alive connection.
pub fn read_response(reader: &mut BufReader<TcpStream>) -> (u16, Vec<u8>) {
    try_read_response(reader).expect("one whole response")
}

/// [`read_response`], with what went wrong as an error instead of a panic.
pub fn try_read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<u8>)> {
    let broken = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| broken(format!("no status line: {status_line:?}")))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(broken("the connection closed inside the head".to_string()));
        }
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length.ok_or_else(|| broken("no Content-Length".to_string()))?];
    reader.read_exact(&mut body)?;
    Ok((status, body))
}
