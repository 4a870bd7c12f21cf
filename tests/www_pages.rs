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
