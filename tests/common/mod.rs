//! What several native test files share: `mediaops serve` on a free port.

use std::io::{BufRead, BufReader};
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
        let mut child = Command::new(env!("CARGO_BIN_EXE_mediaops"))
            .args(["serve", "--port", "0", "--dir"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/www"))
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
    #[allow(dead_code)] // Not every test file that includes this module uses it.
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
