//! The generated notification batch every benchmark decodes: the criterion benches include it,
//! and so does `cargo xtask bench` (for the page's batch and the CLI's ~100 MB file), so every
//! figure is measured on the same shape of input.

/// One notification of the batch: a cancelled record, a completed prompt or a call update,
/// shaped like what a busy bot receives.
pub fn notification(i: usize) -> String {
    let call = format!("57dab8b1-894c-409a-b240-{:012x}", i / 10);
    let op = format!("0fe0623f-d628-42ed-b4bd-{i:012x}");
    match i % 3 {
        0 => format!(
            r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/{call}/operations/{op}","resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","@odata.id":"/communications/calls/{call}/operations/{op}","@odata.etag":"W/\"54451\"","id":"{op}","clientContext":"ctx-{i}","status":"failed","resultInfo":{{"@odata.type":"#microsoft.graph.resultInfo","code":400,"subcode":8508,"message":"Action failed, the operation was cancelled."}},"recordingLocation":"","recordingAccessToken":"","completionReason":"operationCanceled"}}}}"##
        ),
        1 => format!(
            r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"deleted","resourceUrl":"/communications/calls/{call}/operations/{op}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"{op}","clientContext":"ctx-{i}","status":"completed","resultInfo":{{"code":200,"subcode":0,"message":"Action completed successfully."}}}}}}"##
        ),
        _ => format!(
            r##"{{"@odata.type":"#microsoft.graph.commsNotification","changeType":"updated","resourceUrl":"/communications/calls/{call}","resourceData":{{"@odata.type":"#microsoft.graph.call","id":"{call}","state":"established","direction":"incoming"}}}}"##
        ),
    }
}

/// A `commsNotifications` batch of `count` notifications, one per line.
pub fn batch(count: usize) -> String {
    let items: Vec<String> = (0..count).map(notification).collect();
    format!(
        "{{\n  \"@odata.type\": \"#microsoft.graph.commsNotifications\",\n  \"value\": [\n{}\n  ]\n}}",
        items.join(",\n")
    )
}
