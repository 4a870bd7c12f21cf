//! Native decode throughput on a large generated notification batch (`cargo xtask bench`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mediaops::decode::{decode_text, DecodeOptions};
use std::hint::black_box;

#[path = "common/batch.rs"]
mod batch;
use batch::batch;

fn decode_throughput(c: &mut Criterion) {
    let text = batch(5_000);
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    let kib = text.len() / 1024;
    for (name, pretty) in [("decode", false), ("decode + pretty view", true)] {
        group.bench_function(format!("{name}, notifications batch ({kib} KiB)"), |b| {
            b.iter(|| {
                decode_text(
                    black_box(&text),
                    DecodeOptions {
                        strict: false,
                        pretty,
                    },
                )
            })
        });
    }
    group.finish();
    // The generated batch must decode cleanly, or the number above measures error paths.
    let decoded = decode_text(&text, DecodeOptions::default());
    assert_eq!(decoded.resources.len(), 5_000);
    assert!(!decoded.has_errors());
}

criterion_group!(benches, decode_throughput);
criterion_main!(benches);
