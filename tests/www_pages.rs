//! Every page of `www/` (the full page, the docs example, the iframe's `embed.html`) ships one
//! and the same Content-Security-Policy: static HTML cannot share a head, so this test is where
//! the rule lives once.

use std::path::Path;

/// The `content` of a page's `<meta http-equiv="Content-Security-Policy">`.
fn policy(html: &str) -> Option<&str> {
    let at = html.find(r#"http-equiv="Content-Security-Policy""#)?;
    let rest = &html[at..];
    let start = rest.find(r#"content=""#)? + r#"content=""#.len();
    let end = rest[start..].find('"')?;
    Some(&rest[start..start + end])
}

#[test]
fn every_page_ships_the_full_pages_policy() {
    let www = Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
    let index = std::fs::read_to_string(www.join("index.html")).unwrap();
    let expected = policy(&index).expect("index.html has a CSP meta");
    assert!(expected.contains("default-src 'self'") && expected.contains("object-src 'none'"));
    let mut pages = 0;
    for entry in std::fs::read_dir(&www).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            assert_eq!(policy(&html), Some(expected), "{}", path.display());
            pages += 1;
        }
    }
    assert!(
        pages >= 3,
        "index.html, docs-example.html and embed.html: found {pages}"
    );
}

/// What turns a string into markup. The page uses none of them: every element is made with
/// `createElement` (dom.js `el`) and every text is a text node, so no string can become markup.
const HTML_SINKS: [&str; 9] = [
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "createContextualFragment",
    "DOMParser",
    "document.write",
    "srcdoc",
    "parseHTMLUnsafe",
    "setHTMLUnsafe",
];

#[test]
fn no_script_of_the_page_parses_markup() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/js");
    let mut scripts = 0;
    let mut sinks = Vec::new();
    for entry in std::fs::read_dir(&js).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "js") {
            continue;
        }
        scripts += 1;
        let source = std::fs::read_to_string(&path).unwrap();
        for (number, line) in source.lines().enumerate() {
            // Comments included: a sink named in a comment is as easy to uncomment as to miss.
            if HTML_SINKS.iter().any(|sink| line.contains(sink)) {
                sinks.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        scripts >= 10,
        "read only {scripts} scripts in {}",
        js.display()
    );
    assert_eq!(sinks, Vec::<String>::new());
}
