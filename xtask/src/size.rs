//! `cargo xtask size`: what a page downloads, gzipped file by file (as a server compressing each
//! response sends it), read from the built `www/` without a browser: the full page
//! (`index.html`: everything, and what it fetches before Compose is drawn), and an embedding page's `<mediaops-playground>` elements: the first one (before
//! it nears the viewport and once it has loaded) and each further one, which costs its markup
//! plus only the modules of its view that the page does not have yet (modules and the wasm are
//! fetched once per page). It fails when a first element costs more than the full page.
//!
//! The module graph is read from the sources: static `import`/`export ... from`, dynamic
//! `import("...")` (what loads later) and `new URL("...", import.meta.url)` (the stylesheet, the
//! wasm). From the element, a dynamic import of another view's module (`js/<mode>.js`) is not
//! followed: an element loads its own view only. The iframe alternative (`embed.html#<mode>`)
//! is reported the same way: its page, its modules and its one view. A Web Worker's module
//! (`new URL("./x.js", import.meta.url)`), started only for a large paste, is left out.

use crate::{gzip_len, Failure, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The views there are, each `js/<mode>.js`; an element offers those its module imports.
const MODES: [&str; 3] = ["compose", "decode", "teach"];

/// The two wasm modules' glue (`core.js` imports each when first needed): Compose's first-paint
/// module and the whole one.
const WASM_GLUE: [&str; 2] = ["pkg/mediaops_compose.js", "pkg/mediaops.js"];

/// The decode worker's module (`core.loadFast`), fetched only for a large paste.
const WORKER_GLUE: &str = "pkg/mediaops_fast.js";

/// The module a view's element loads before it is drawn, as `core.loadFor` chooses it; Compose
/// fetches the whole module at its first Send, which an element's "loaded" row leaves out.
fn glue_of(mode: &str) -> &'static str {
    if mode == "compose" {
        WASM_GLUE[0]
    } else {
        WASM_GLUE[1]
    }
}

/// The modes `element.js` loads a view module for (by a dynamic import of `js/<mode>.js`).
fn element_modes(www: &Path) -> Result<Vec<&'static str>> {
    let path = www.join("js/element.js");
    let source =
        std::fs::read_to_string(&path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    let imported: Vec<String> = references(&source)
        .into_iter()
        .filter(|r| r.lazy)
        .map(|r| resolve("js/element.js", &r.target))
        .collect();
    Ok(MODES
        .into_iter()
        .filter(|m| imported.contains(&format!("js/{m}.js")))
        .collect())
}

/// What an embedding page adds for the element: the one script tag.
const SCRIPT_TAG: &str = r#"<script type="module" src="/mediaops/js/element.js"></script>"#;

/// Which part of the page a file is counted under.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Html,
    Js,
    Css,
    Wasm,
}

fn kind_of(path: &str) -> Kind {
    match path.rsplit('.').next() {
        Some("js") => Kind::Js,
        Some("css") => Kind::Css,
        Some("wasm") => Kind::Wasm,
        _ => Kind::Html,
    }
}

/// A reference found in a source file, relative to it.
#[derive(Debug, PartialEq, Eq)]
struct Reference {
    target: String,
    /// Loaded only when the code asks (`import("...")`), not with the module.
    lazy: bool,
    /// A module named by URL (`new Worker(new URL("./x.js", import.meta.url))`): fetched only
    /// when the code starts it (a large paste's decode worker), so no cost counts it.
    worker: bool,
}

/// The string literal at the start of `text` (after spaces), quoted with ' or ".
fn literal(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &text[1..];
    rest.find(quote).map(|end| &rest[..end])
}

/// Every module, stylesheet or wasm a JS source refers to by a literal.
fn references(source: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    for (at, _) in source.match_indices("from") {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        if let Some(target) = literal(&source[at + 4..]) {
            found.push(Reference {
                target: target.to_string(),
                lazy: false,
                worker: false,
            });
        }
    }
    for (at, _) in source.match_indices("import") {
        let rest = &source[at + 6..];
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        if let Some(target) = rest.trim_start().strip_prefix('(').and_then(literal) {
            found.push(Reference {
                target: target.to_string(),
                lazy: true,
                worker: false,
            });
        } else if let Some(target) = literal(rest) {
            // `import "./x.js";`: a module loaded for its effects.
            found.push(Reference {
                target: target.to_string(),
                lazy: false,
                worker: false,
            });
        }
    }
    for (at, _) in source.match_indices("new URL(") {
        let rest = &source[at + 8..];
        if let Some(target) = literal(rest) {
            let after = &rest.trim_start()[target.len() + 2..];
            if after.trim_start().starts_with(", import.meta.url") {
                found.push(Reference {
                    target: target.to_string(),
                    lazy: false,
                    worker: target.ends_with(".js"),
                });
            }
        }
    }
    // Our own files only: relative, and a module, a stylesheet or the wasm.
    found.retain(|r| {
        !r.target.contains("://")
            && !r.target.starts_with('/')
            && [".js", ".css", ".wasm"]
                .iter()
                .any(|x| r.target.ends_with(x))
    });
    found
}

/// `target` relative to the file `from` (both relative to `www/`), normalised.
fn resolve(from: &str, target: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in target.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// The files of `www` a page loads starting from `entries`; `lazy` also follows dynamic
/// imports, except those of a view module other than `mode`'s.
fn closure(
    www: &Path,
    entries: &[String],
    lazy: bool,
    mode: Option<&str>,
) -> Result<BTreeSet<String>> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<String> = entries.to_vec();
    while let Some(file) = queue.pop() {
        if !seen.insert(file.clone()) || kind_of(&file) != Kind::Js {
            continue;
        }
        let path = www.join(&file);
        let source = std::fs::read_to_string(&path)
            .map_err(|e| Failure(format!("{} (imported as {file}): {e}", path.display())))?;
        for reference in references(&source) {
            let target = resolve(&file, &reference.target);
            let other_view = mode.is_some_and(|mode| {
                MODES
                    .iter()
                    .any(|m| *m != mode && target == format!("js/{m}.js"))
                    || WASM_GLUE
                        .iter()
                        .any(|glue| target == *glue && *glue != glue_of(mode))
            });
            // The speed-built module is the decode worker's, left out as the worker is.
            let worker_only = target == WORKER_GLUE;
            if reference.worker || worker_only || (reference.lazy && (!lazy || other_view)) {
                continue;
            }
            queue.push(target);
        }
    }
    Ok(seen)
}

/// The scripts and stylesheets an HTML page names with `src="..."` / `href="..."`.
fn page_entries(html: &str) -> Vec<String> {
    let mut entries = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                let target = &rest[..end];
                if target.ends_with(".js") || target.ends_with(".css") {
                    entries.push(resolve("index.html", target));
                }
            }
        }
    }
    entries
}

/// Gzipped bytes by kind for a set of files (and raw markup counted as HTML).
#[derive(Default, Clone, Copy)]
struct Cost {
    html: u64,
    js: u64,
    css: u64,
    wasm: u64,
}

impl Cost {
    fn total(&self) -> u64 {
        self.html + self.js + self.css + self.wasm
    }

    fn of(www: &Path, files: &BTreeSet<String>, markup: u64) -> Result<Cost> {
        let mut cost = Cost {
            html: markup,
            ..Cost::default()
        };
        for file in files {
            let path = www.join(file);
            let bytes = std::fs::read(&path)
                .map_err(|e| Failure(format!("{}: {e} (run cargo xtask build)", path.display())))?;
            let size = gzip_len(&bytes)?;
            match kind_of(file) {
                Kind::Html => cost.html += size,
                Kind::Js => cost.js += size,
                Kind::Css => cost.css += size,
                Kind::Wasm => cost.wasm += size,
            }
        }
        Ok(cost)
    }

    fn row(&self, label: &str) -> String {
        format!(
            "{label:<60} {:>8} {:>8} {:>7} {:>8} {:>9}",
            self.html,
            self.js,
            self.css,
            self.wasm,
            self.total()
        )
    }
}

/// The markup of one element of `mode`, as a docs page would write it.
fn element_markup(mode: &str) -> String {
    format!(r#"<mediaops-playground mode="{mode}"></mediaops-playground>"#)
}

/// Prints the report; fails when the element costs more than the full page.
pub fn size(root: &Path) -> Result {
    let www: PathBuf = root.join("www");
    let wasm = crate::report_size(root)?.whole;
    let index = std::fs::read_to_string(www.join("index.html"))
        .map_err(|e| Failure(format!("www/index.html: {e}")))?;
    let mut page_files = closure(&www, &page_entries(&index), true, None)?;
    page_files.insert("index.html".into());
    let full = Cost::of(&www, &page_files, 0)?;
    println!(
        "\nWhat a page downloads, in bytes (gzip -9 per file; markup raw, as part of its page)\n\
         {:<60} {:>8} {:>8} {:>7} {:>8} {:>9}",
        "", "html", "js", "css", "wasm", "total"
    );
    println!("{}", full.row("full page (index.html, every view)"));
    // Until ready: only static imports, which is what the page fetches before it draws Compose
    // (the whole module and the other views are dynamic imports, fetched after).
    let mut first_files = closure(&www, &page_entries(&index), false, None)?;
    first_files.insert("index.html".into());
    println!(
        "{}",
        Cost::of(&www, &first_files, 0)?
            .row("full page until ready (Compose drawn; static imports)")
    );
    if !www.join("js/element.js").is_file() {
        println!("(no www/js/element.js: no element to report)");
        return Ok(());
    }
    let entry = vec!["js/element.js".to_string()];
    let eager = closure(&www, &entry, false, None)?;
    let script = SCRIPT_TAG.len() as u64;
    let modes = element_modes(&www)?;
    let mut worst = Cost::default();
    for &mode in &modes {
        let markup = script + element_markup(mode).len() as u64;
        println!(
            "{}",
            Cost::of(&www, &eager, markup)?.row(&format!(
                "first element, mode={mode}: before it nears the viewport"
            ))
        );
        let loaded = closure(&www, &entry, true, Some(mode))?;
        let first = Cost::of(&www, &loaded, markup)?;
        println!(
            "{}",
            first.row(&format!("first element, mode={mode}: loaded"))
        );
        if first.total() > worst.total() {
            worst = first;
        }
        for &other in &modes {
            let theirs = closure(&www, &entry, true, Some(other))?;
            let mut new: BTreeSet<String> = theirs.difference(&loaded).cloned().collect();
            if loaded.contains(WASM_GLUE[1]) {
                // `core.load()` uses the whole module once a page has it: no first-paint module.
                let first = closure(&www, &[WASM_GLUE[0].to_string()], false, None)?;
                new.retain(|file| !first.contains(file));
            }
            let further = Cost::of(&www, &new, element_markup(other).len() as u64)?;
            println!(
                "{}",
                further.row(&format!("  then each further element, mode={other}"))
            );
        }
    }
    let all: BTreeSet<String> = modes
        .iter()
        .map(|mode| closure(&www, &entry, true, Some(mode)))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect();
    let markup = script
        + modes
            .iter()
            .map(|m| element_markup(m).len() as u64)
            .sum::<u64>();
    let label = format!("one element of each mode ({}) on a page", modes.join(", "));
    println!("{}", Cost::of(&www, &all, markup)?.row(&label));
    if let Ok(frame) = std::fs::read_to_string(www.join("embed.html")) {
        // The iframe alternative: the frame's page, its module graph and the one view it shows.
        let entries = page_entries(&frame);
        for &mode in &modes {
            let mut files = closure(&www, &entries, true, Some(mode))?;
            files.insert("embed.html".into());
            println!(
                "{}",
                Cost::of(&www, &files, 0)?.row(&format!("an iframe, embed.html#{mode}"))
            );
        }
    }
    let ratio = worst.total() as f64 / full.total().max(1) as f64;
    println!(
        "\nthe costliest first element is {:.2}x the full page ({} of {} bytes; the whole wasm \
         module, {wasm} bytes, is fetched once per page, by the first element that needs it)",
        ratio,
        worst.total(),
        full.total()
    );
    if worst.total() > full.total() {
        return Err(Failure(format!(
            "an element costs {} bytes, more than the full page's {}: a regression",
            worst.total(),
            full.total()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{closure, page_entries, references, resolve, Reference};

    fn eager(target: &str) -> Reference {
        Reference {
            target: target.into(),
            lazy: false,
            worker: false,
        }
    }

    #[test]
    fn finds_static_dynamic_and_url_references() {
        let source = r#"
            import { el } from "./dom.js";
            import init, * as wasm from '../pkg/mediaops.js';
            export { x } from "./render.js";
            import "./side.js";
            const sheet = new URL("../style.css", import.meta.url).href;
            const later = () => import("./compose.js");
            const example = new URL(`../examples/${file}`, import.meta.url);
            const other = new URL("https://elsewhere.example/x.js");
            const fromage = "not an import"; // read from "the docs"
            const worker = new Worker(new URL("./decode-worker.js", import.meta.url), { type: "module" });
        "#;
        let found = references(source);
        assert_eq!(
            found,
            [
                eager("./dom.js"),
                eager("../pkg/mediaops.js"),
                eager("./render.js"),
                eager("./side.js"),
                Reference {
                    target: "./compose.js".into(),
                    lazy: true,
                    worker: false,
                },
                eager("../style.css"),
                Reference {
                    target: "./decode-worker.js".into(),
                    lazy: false,
                    worker: true,
                },
            ]
        );
    }

    #[test]
    fn resolves_relative_paths_and_reads_page_entries() {
        assert_eq!(resolve("js/element.js", "../style.css"), "style.css");
        assert_eq!(
            resolve("js/core.js", "../pkg/mediaops.js"),
            "pkg/mediaops.js"
        );
        assert_eq!(
            resolve("pkg/mediaops.js", "mediaops_bg.wasm"),
            "pkg/mediaops_bg.wasm"
        );
        assert_eq!(resolve("js/a.js", "./b.js"), "js/b.js");
        let html = r#"<link rel="stylesheet" href="style.css"><script type="module" src="js/main.js"></script><a href="x.html">"#;
        assert_eq!(page_entries(html), ["js/main.js", "style.css"]);
    }

    #[test]
    fn an_element_loads_its_own_view_only() {
        let dir = std::env::temp_dir().join(format!("mediaops-size-{}", std::process::id()));
        let js = dir.join("js");
        std::fs::create_dir_all(&js).unwrap();
        let write = |name: &str, text: &str| std::fs::write(js.join(name), text).unwrap();
        write(
            "element.js",
            r#"import "./dom.js"; const m = { compose: () => import("./compose.js"), decode: () => import("./decode.js") }; import("./core.js");"#,
        );
        write("dom.js", "");
        write("compose.js", r#"import "./render.js";"#);
        write(
            "decode.js",
            r#"import "./render.js"; import "./decode-only.js";"#,
        );
        write("render.js", "");
        write("decode-only.js", "");
        write("core.js", "");
        let entry = vec!["js/element.js".to_string()];
        let eager = closure(&dir, &entry, false, None).unwrap();
        assert_eq!(
            eager.into_iter().collect::<Vec<_>>(),
            ["js/dom.js", "js/element.js"]
        );
        let compose = closure(&dir, &entry, true, Some("compose")).unwrap();
        assert_eq!(
            compose.into_iter().collect::<Vec<_>>(),
            [
                "js/compose.js",
                "js/core.js",
                "js/dom.js",
                "js/element.js",
                "js/render.js"
            ]
        );
        let decode = closure(&dir, &entry, true, Some("decode")).unwrap();
        assert!(decode.contains("js/decode-only.js") && !decode.contains("js/compose.js"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
