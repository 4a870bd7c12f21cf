//! The playground's files for `mediaops serve`: tower-http's `ServeDir`, behind the checks it
//! lacks — a target that is not a path, a name no file system holds, a redirect that a browser
//! would read as another host, a symlink that leads out of `--dir`.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The longest file or directory name Linux, macOS and Windows file systems allow, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// The served directory: its canonical path, and `ServeDir` over it.
pub struct StaticFiles {
    root: PathBuf,
    files: ServeDir,
}

impl StaticFiles {
    /// Serves `dir` (`index.html` for directories); fails when `dir` cannot be resolved.
    pub fn new(dir: &Path) -> std::io::Result<StaticFiles> {
        let root = std::fs::canonicalize(dir)?;
        let files = ServeDir::new(&root).append_index_html_on_directories(true);
        Ok(StaticFiles { root, files })
    }
}

/// Answers a request for a file under the served directory.
pub async fn serve_file(State(files): State<Arc<StaticFiles>>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts.uri.path();
    if !path.starts_with('/') {
        return refuse(
            StatusCode::BAD_REQUEST,
            "the request target must start with / (a path such as /index.html)",
        );
    }
    // Keep only the path and query, with one leading slash: `ServeDir` redirects a directory
    // to the request's own path plus `/`, and `//js/` (or `/\js/`, or an absolute-form
    // target's authority) in `Location` sends a browser to another host.
    let path_and_query = parts
        .uri
        .path_and_query()
        .map_or(path, |pq| pq.as_str())
        .trim_start_matches(['/', '\\']);
    parts.uri = match Uri::try_from(format!("/{path_and_query}")) {
        Ok(uri) => uri,
        Err(_) => return refuse(StatusCode::BAD_REQUEST, "the request target is not a path"),
    };
    if let Err(reason) = check_target(&files.root, parts.uri.path()) {
        return refuse(StatusCode::NOT_FOUND, reason);
    }
    match files
        .files
        .clone()
        .oneshot(Request::from_parts(parts, body))
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// Why `path` is not served, or `Ok` when `ServeDir` may look for it. The file system is asked
/// directly (not through tokio): a `canonicalize` of a local path takes microseconds.
fn check_target(root: &Path, path: &str) -> Result<(), &'static str> {
    const NOT_HERE: &str = "no file at this path";
    // The same decoding and components as `ServeDir`, so both look at the same file.
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .map_err(|_| NOT_HERE)?;
    if decoded.split('/').any(|name| name.len() > MAX_NAME_BYTES) {
        return Err("no file here: a path segment is longer than 255 bytes");
    }
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(name) => file.push(name),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => {
                return Err(NOT_HERE)
            }
        }
    }
    let inside = |file: &Path| match std::fs::canonicalize(file) {
        Ok(real) => real.starts_with(root),
        // Missing, a loop of links, too long: nothing to serve, and `ServeDir` would say 500.
        Err(_) => false,
    };
    // A link inside the directory to a file outside it must not serve that file.
    if !inside(&file) {
        return Err(NOT_HERE);
    }
    let index = file.join("index.html");
    if file.is_dir() && index.exists() && !inside(&index) {
        return Err(NOT_HERE);
    }
    Ok(())
}

/// A plain-text refusal that says why.
fn refuse(status: StatusCode, reason: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "{} {}: {reason}\n",
            status.as_u16(),
            status.canonical_reason().unwrap_or("")
        ),
    )
        .into_response()
}
