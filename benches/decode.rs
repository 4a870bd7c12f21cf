//! Native decode throughput on a large generated notification batch (`cargo xtask bench`).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mediaops::decode::{decode_text, DecodeOptions};
use std::hint::black_box;

/// A batch of `count` notifications mixing cancelled records, completed prompts and call updates,
/// shaped like what a busy bot receives.
fn batch(count: usize) -> String {
    let mut items = Vec::with_capacity(count);
    for i in 0..count {
        let call = format!("57dab8b1-894c-409a-b240-{:012x}", i / 10);
        let op = format!("0fe0623f-d628-42ed-b4bd-{i:012x}");
        let item = match i % 3 {
            0 => format!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/{call}/operations/{op}","resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","@odata.id":"/communications/calls/{call}/operations/{op}","@odata.etag":"W/\"54451\"","id":"{op}","clientContext":"ctx-{i}","status":"failed","resultInfo":{{"@odata.type":"#microsoft.graph.resultInfo","code":400,"subcode":8508,"message":"Action failed, the operation was cancelled."}},"recordingLocation":"","recordingAccessToken":"","completionReason":"operationCanceled"}}}}"##
            ),
            1 => format!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/{call}/operations/{op}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"{op}","clientContext":"ctx-{i}","status":"completed","resultInfo":{{"code":200,"subcode":0,"message":"Action completed successfully."}}}}}}"##
            ),
            _ => format!(
                r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/{call}","resourceData":{{"@odata.type":"#microsoft.graph.call","id":"{call}","state":"established","direction":"incoming"}}}}"##
            ),
        };
        items.push(item);
    }
    format!(
        "{{\n  \"@odata.type\": \"#microsoft.graph.commsNotifications\",\n  \"value\": [\n{}\n  ]\n}}",
        items.join(",\n")
    )
}

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
