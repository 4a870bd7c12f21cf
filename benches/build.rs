//! Native request-builder cost (`cargo xtask bench`): what every keystroke in the Compose view
//! asks of the core, the exact request alone and with every snippet rendered.

use criterion::{criterion_group, criterion_main, Criterion};
use mediaops::compose::request::{build, CancelMediaProcessingRequest};
use mediaops::compose::snippets::{render, SnippetFormat};
use std::hint::black_box;

fn build_request(c: &mut Criterion) {
    let input = CancelMediaProcessingRequest {
        call_id: "57dab8b1-894c-409a-b240-bd8beae78896".to_string(),
        client_context: Some("d45324c1-fcb5-430a-902c-f20af696537c".to_string()),
        ..CancelMediaProcessingRequest::default()
    };
    let mut group = c.benchmark_group("build");
    group.bench_function("build request", |b| b.iter(|| build(black_box(&input))));
    group.bench_function("build request + every snippet", |b| {
        b.iter(|| {
            let built = build(black_box(&input));
            built.map(|built| {
                SnippetFormat::ALL
                    .into_iter()
                    .map(|format| render(&built, format).len())
                    .sum::<usize>()
            })
        })
    });
    group.finish();
    // The input must build, or the numbers above measure the error path.
    let built = build(&input).unwrap_or_else(|errors| panic!("the bench input fails: {errors:?}"));
    assert!(built.request.url.ends_with("/cancelMediaProcessing"));
}

criterion_group!(benches, build_request);
criterion_main!(benches);
