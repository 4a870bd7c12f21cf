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

/// What turns a string into markup: none of it may be handed payload text.
const HTML_SINKS: [&str; 7] = [
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "createContextualFragment",
    "DOMParser",
    "document.write",
    "srcdoc",
];

/// The one place the page parses markup: the view templates, constants of `views.js`.
const THE_TEMPLATE_SINK: &str = "template.innerHTML = TEMPLATES[view];";

#[test]
fn markup_is_parsed_only_from_the_view_templates_which_interpolate_nothing() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/js");
    let mut sinks = Vec::new();
    for entry in std::fs::read_dir(&js).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "js") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if HTML_SINKS.iter().any(|sink| code.contains(sink)) {
                sinks.push(format!(
                    "{}:{}: {}",
                    path.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert_eq!(sinks.len(), 1, "{sinks:#?}");
    assert!(
        sinks[0].contains("views.js") && sinks[0].ends_with(THE_TEMPLATE_SINK),
        "{sinks:#?}"
    );
    // The templates are plain literals: nothing is interpolated into them.
    let views = std::fs::read_to_string(js.join("views.js")).unwrap();
    let templates = &views[..views
        .find("const TEMPLATES")
        .expect("views.js names its TEMPLATES")];
    assert!(
        !templates.contains("${"),
        "a view template interpolates a value"
    );
}
