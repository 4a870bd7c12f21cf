//! Decodes one notification or one resource (operation, call, participant) from a parsed node,
//! checking it against the documented model and explaining what it means.

use super::Decoded;
use crate::decode::json::{NodeRef, ValueRef};
use crate::diagnostic::{pointer_push, Diagnostic};
use crate::graph::check_client_context;
use crate::graph::ids::{id_segments, normalize_id, parse_resource_url, same_id, IdSegments};
use crate::graph::model::{
    explain_code_class, explain_result, CallState, ChangeType, CompletionReason, OperationStatus,
    OperationType, Tone,
};
use serde::Serialize;
use std::borrow::Cow;

/// Text that is almost always one of the model's documented words: borrowed from its tables
/// (decoding a batch allocates nothing for them), owned only when the input wrote another.
pub type Word = Cow<'static, str>;

/// `resultInfo`: the outcome code of a finished operation or an ended call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ResultInfo {
    /// HTTP-like class code (200, 400, 500, ...); absent when the input had none usable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// Detail subcode (8508 = cancelled, ...); absent when the input had none usable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subcode: Option<i64>,
    /// The service's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What sort of thing a resource is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "ResourceCategory")
)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    /// A commsOperation or one of its subtypes.
    Operation,
    /// A call.
    Call,
    /// A participant of a call.
    Participant,
    /// Anything else (a contentSharingSession, an unknown type).
    #[default]
    Other,
}

/// One decoded resource: an operation, a call or a participant.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// `@odata.type` without `#microsoft.graph.`, e.g. `recordOperation`.
    #[serde(rename = "type")]
    pub type_name: Word,
    /// Operation, call, participant or other.
    pub category: Category,
    /// The notification's `changeType`, when it came in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_type: Option<Word>,
    /// The resource id, normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// Operation status in documented camelCase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Word>,
    /// Call state in documented camelCase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<Word>,
    /// The bot's client context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_context: Option<String>,
    /// Completion reason in documented camelCase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_reason: Option<Word>,
    /// Outcome code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
    /// The DTMF tone a `toneInfo` reports, as its documented name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tone: Option<Word>,
    /// What the type is, in one sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Word>,
    /// What this resource's status, reason and code mean together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Word>,
    /// The notification's resource URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_url: Option<String>,
    /// JSON pointer of the resource in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// 1-based line where the resource starts in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column where the resource starts in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// Every other property, kept as it came.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub properties: serde_json::Map<String, serde_json::Value>,
}

impl Resource {
    /// The operation id, for operations.
    pub fn operation_id(&self) -> Option<String> {
        (self.category == Category::Operation)
            .then(|| self.id.clone())
            .flatten()
    }
}

/// How much of a resource to decode: all of it, or what is counted of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Everything a card shows.
    Whole,
    /// What counts, timelines and `is_cancelled` read (type, category, id, change type, status,
    /// state, result code and subcode, reason, tone), without what only a card shows: the
    /// position and pointer, the URL, the call id, the client context, the result's message,
    /// the sentences and the kept properties. The diagnostics are
    /// the same. For the resources an overview only counts (a large paste past its first cards).
    Counted,
}

/// What the notification around a resource says.
pub struct NotificationContext<'t> {
    change_type: Option<Word>,
    url: Option<&'t str>,
    url_ids: IdSegments<'t>,
    detail: Detail,
}

/// Properties this decoder reads itself; every other one is kept in `properties`.
fn is_decoded_key(key: &str) -> bool {
    // A match, which compiles to a switch on the length before any byte is compared.
    matches!(
        key,
        "@odata.type"
            | "id"
            | "status"
            | "state"
            | "clientContext"
            | "resultInfo"
            | "completionReason"
            | "@odata.id"
            | "@odata.etag"
            | "@odata.context"
    )
}

/// Decodes one `commsNotification`: its change type, URL and resource data.
pub fn decode_notification(node: NodeRef, detail: Detail, decoded: &mut Decoded) {
    let diagnostics = &mut decoded.diagnostics;
    if node.as_object().is_none() {
        diagnostics.push(
            Diagnostic::error(format!(
                "a notification must be an object, not a {}",
                node.kind_name()
            ))
            .at_pointer(node.pointer()),
        );
        return;
    }
    let [change_type, url, legacy, data] =
        node.get_many(["changeType", "resourceUrl", "resource", "resourceData"]);
    let change_type = match change_type {
        None => {
            diagnostics.push(
                Diagnostic::warning(
                    "the notification has no changeType (created, updated or deleted)",
                )
                .at_pointer(node.pointer()),
            );
            None
        }
        Some(value) => enum_value(
            value,
            "changeType",
            ChangeType::parse,
            ChangeType::as_str,
            diagnostics,
        ),
    };
    let url = notification_url(node, url, legacy, diagnostics);
    let context = NotificationContext {
        change_type,
        url_ids: url.map(id_segments).unwrap_or_default(),
        url,
        detail,
    };
    match data {
        Some(data) if data.as_array().is_some() => {
            for item in data.as_array().into_iter().flatten() {
                decode_resource(item, Some(&context), decoded);
            }
        }
        Some(data) if data.as_object().is_some() => decode_resource(data, Some(&context), decoded),
        Some(data) if !data.is_null() => decoded.diagnostics.push(
            Diagnostic::error(format!(
                "resourceData must be an object or an array of objects, not a {}",
                data.kind_name()
            ))
            .at_pointer(data.pointer()),
        ),
        _ => {
            // Only the URL says what changed: still show it.
            let mut resource = resource_from_url(&context);
            resource.pointer = Some(node.pointer());
            decoded.diagnostics.push(
                Diagnostic::info("no resourceData: only changeType and the URL say what happened")
                    .at_pointer(node.pointer()),
            );
            explain(&mut resource, None);
            decoded.resources.push(resource);
        }
    }
}

/// `resourceUrl`, or the legacy `resource`, checked against each other.
fn notification_url<'t>(
    node: NodeRef<'t>,
    url_node: Option<NodeRef<'t>>,
    legacy_node: Option<NodeRef<'t>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'t str> {
    let text = |value: Option<NodeRef<'t>>| value.and_then(NodeRef::as_str);
    let url = text(url_node);
    let legacy = text(legacy_node);
    for (key, value) in [("resourceUrl", url_node), ("resource", legacy_node)] {
        if let Some(value) = value.filter(|v| v.as_str().is_none() && !v.is_null()) {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{key} should be a string, not a {}",
                    value.kind_name()
                ))
                .at_pointer(value.pointer()),
            );
        }
    }
    match (url, legacy) {
        (None, None) => {
            diagnostics.push(
                Diagnostic::warning("the notification has no resourceUrl: nothing says which call or operation changed")
                    .at_pointer(node.pointer()),
            );
            None
        }
        (None, Some(legacy)) => {
            diagnostics.push(
                Diagnostic::info("legacy 'resource' instead of 'resourceUrl' (renamed in 2019); decoded the same")
                    .at_pointer(pointer_push(&node.pointer(), "resource")),
            );
            Some(legacy)
        }
        (Some(url), Some(legacy)) => {
            if parse_resource_url(url) != parse_resource_url(legacy) {
                diagnostics.push(
                    Diagnostic::warning(format!("'resource' ({legacy}) and 'resourceUrl' ({url}) name different things; resourceUrl wins"))
                        .at_pointer(pointer_push(&node.pointer(), "resource")),
                );
            }
            Some(url)
        }
        (Some(url), None) => Some(url),
    }
}

/// Parses an enum-valued property case-insensitively: notes a spelling that is not the documented
/// camelCase, warns on an unknown value (kept as written).
fn enum_value<T>(
    node: NodeRef,
    name: &str,
    parse: impl Fn(&str) -> Option<T>,
    canonical: impl Fn(&T) -> &'static str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Word> {
    if node.is_null() {
        return None;
    }
    let Some(text) = node.as_str() else {
        diagnostics.push(
            Diagnostic::warning(format!(
                "{name} should be a string, not a {}",
                node.kind_name()
            ))
            .at_pointer(node.pointer()),
        );
        return None;
    };
    match parse(text) {
        Some(value) => {
            let documented = canonical(&value);
            if documented != text {
                diagnostics.push(
                    Diagnostic::info(format!(
                        "{name} '{text}' is documented as '{documented}'; read the same"
                    ))
                    .at_pointer(node.pointer()),
                );
            }
            Some(Cow::Borrowed(documented))
        }
        None => {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{name} '{text}' is not a documented value; kept as written"
                ))
                .at_pointer(node.pointer()),
            );
            Some(Cow::Owned(text.to_string()))
        }
    }
}

/// The members of a resource this decoder reads, found in one walk over its members (the
/// last of a duplicated key, as [`NodeRef::get`] finds it).
struct Fields<'t> {
    odata_type: Option<NodeRef<'t>>,
    id: Option<NodeRef<'t>>,
    odata_id: Option<NodeRef<'t>>,
    status: Option<NodeRef<'t>>,
    state: Option<NodeRef<'t>>,
    client_context: Option<NodeRef<'t>>,
    result_info: Option<NodeRef<'t>>,
    completion_reason: Option<NodeRef<'t>>,
    tone_info: Option<NodeRef<'t>>,
}

impl<'t> Fields<'t> {
    fn of(node: NodeRef<'t>) -> Self {
        let [odata_type, id, odata_id, status, state, client_context, result_info, completion_reason, tone_info] =
            node.get_many([
                "@odata.type",
                "id",
                "@odata.id",
                "status",
                "state",
                "clientContext",
                "resultInfo",
                "completionReason",
                "toneInfo",
            ]);
        Fields {
            odata_type,
            id,
            odata_id,
            status,
            state,
            client_context,
            result_info,
            completion_reason,
            tone_info,
        }
    }
}

/// The type a resource has, or one inferred from its URL and shape.
fn resource_type(
    node: NodeRef,
    fields: &Fields,
    context: Option<&NotificationContext>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Word, Category, Option<OperationType>) {
    let odata = fields.odata_type;
    if let Some(text) = odata
        .and_then(NodeRef::as_str)
        .filter(|t| !t.trim().is_empty())
    {
        // Built only when a diagnostic needs it.
        let pointer = || odata.map(|o| o.pointer()).unwrap_or_default();
        if !text.starts_with('#') {
            diagnostics.push(
                Diagnostic::info(format!(
                    "@odata.type '{text}' has no leading '#'; read as '#{text}'"
                ))
                .at_pointer(pointer()),
            );
        }
        let name = text
            .trim_start_matches('#')
            .strip_prefix("microsoft.graph.")
            .unwrap_or(text.trim_start_matches('#'));
        if let Some(operation) = OperationType::from_odata_type(text) {
            return (
                Cow::Borrowed(operation.odata_name()),
                Category::Operation,
                Some(operation),
            );
        }
        // Compared ignoring ASCII case without lowercased copies (this runs for every call).
        let category = if name.eq_ignore_ascii_case("call") {
            Category::Call
        } else if name.eq_ignore_ascii_case("participant") {
            Category::Participant
        } else {
            Category::Other
        };
        if ends_with_ignore_ascii_case(name, "operation") {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "'{name}' is not a documented commsOperation type; decoded as a generic operation"
                ))
                .at_pointer(pointer()),
            );
            return (
                Cow::Owned(name.to_string()),
                Category::Operation,
                Some(OperationType::CommsOperation),
            );
        }
        // The usual spellings are borrowed: nothing allocated for every call of a batch.
        let word = match (category, name) {
            (Category::Call, "call") => Cow::Borrowed("call"),
            (Category::Participant, "participant") => Cow::Borrowed("participant"),
            _ => Cow::Owned(name.to_string()),
        };
        return (word, category, None);
    }
    let url_ids = context.map(|c| &c.url_ids);
    let (name, category, operation) = if url_ids.is_some_and(|ids| ids.operation_id.is_some())
        || fields.status.is_some()
        || fields.result_info.is_some() && fields.state.is_none()
    {
        (
            "commsOperation",
            Category::Operation,
            Some(OperationType::CommsOperation),
        )
    } else if url_ids.is_some_and(|ids| ids.participant_id.is_some())
        || context
            .and_then(|c| c.url)
            .is_some_and(|u| ends_with_ignore_ascii_case(u, "/participants"))
    {
        ("participant", Category::Participant, None)
    } else if fields.state.is_some() || url_ids.is_some_and(|ids| ids.call_id.is_some()) {
        ("call", Category::Call, None)
    } else {
        ("unknown", Category::Other, None)
    };
    diagnostics.push(
        Diagnostic::warning(format!(
            "no @odata.type: read as {name} from its URL and properties"
        ))
        .at_pointer(node.pointer()),
    );
    (Cow::Borrowed(name), category, operation)
}

/// True when `text` ends with `suffix` ignoring ASCII case (what lowercasing `text` and asking
/// `ends_with` says, for an ASCII `suffix`).
fn ends_with_ignore_ascii_case(text: &str, suffix: &str) -> bool {
    text.len()
        .checked_sub(suffix.len())
        .and_then(|start| text.as_bytes().get(start..))
        .is_some_and(|end| end.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// Decodes one resource object, inside a notification (`context`) or on its own.
pub fn decode_resource<'t>(
    node: NodeRef<'t>,
    context: Option<&NotificationContext>,
    decoded: &mut Decoded,
) {
    let diagnostics = &mut decoded.diagnostics;
    if node.as_object().is_none() {
        diagnostics.push(
            Diagnostic::error(format!(
                "a resource must be an object, not a {}",
                node.kind_name()
            ))
            .at_pointer(node.pointer()),
        );
        return;
    }
    let fields = Fields::of(node);
    let (type_name, category, operation) = resource_type(node, &fields, context, diagnostics);
    let whole = context.is_none_or(|c| c.detail == Detail::Whole);
    let mut resource = Resource {
        type_name,
        category,
        change_type: context.and_then(|c| c.change_type.clone()),
        ..Resource::default()
    };
    if whole {
        let start = node.start();
        resource.resource_url = context.and_then(|c| c.url).map(str::to_string);
        resource.pointer = Some(node.pointer());
        resource.line = Some(start.line);
        resource.column = Some(start.column);
        resource.about = operation.map(|op| Cow::Borrowed(op.describe()));
    }
    let text = |key: &str,
                value: Option<NodeRef<'t>>,
                diagnostics: &mut Vec<Diagnostic>|
     -> Option<&'t str> {
        let value = value?;
        match value.value() {
            ValueRef::String(s) => Some(s),
            ValueRef::Null => None,
            _ => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "{key} should be a string, not a {}",
                        value.kind_name()
                    ))
                    .at_pointer(value.pointer()),
                );
                None
            }
        }
    };

    // Ids: the body's, else the URL's; both compared after normalising case and dashes.
    let url_ids = context.map(|c| &c.url_ids);
    let url_own_id = match category {
        Category::Operation => url_ids.and_then(|i| i.operation_id),
        Category::Participant => url_ids.and_then(|i| i.participant_id),
        Category::Call => url_ids.and_then(|i| i.call_id),
        Category::Other => None,
    };
    resource.id = text("id", fields.id, diagnostics)
        .filter(|id| !id.is_empty())
        .map(normalize_id);
    match (&resource.id, url_own_id) {
        // `same_id` says what comparing the normalised forms says, so the URL's is made only
        // for a message or when it is the id.
        (Some(id), Some(url_id)) if !same_id(id, url_id) => diagnostics.push(
            Diagnostic::warning(format!(
                "id {id} differs from the {} its resourceUrl names",
                normalize_id(url_id)
            ))
            .at_pointer(pointer_push(&node.pointer(), "id")),
        ),
        (None, Some(url_id)) => {
            let url_id = normalize_id(url_id);
            resource.id = Some(url_id.clone());
            diagnostics.push(
                Diagnostic::info(format!(
                    "no id in the resource: took {url_id} from its resourceUrl"
                ))
                .at_pointer(node.pointer()),
            );
        }
        _ => {}
    }
    let mut odata_call_id = None;
    let odata_id = text("@odata.id", fields.odata_id, diagnostics);
    // The usual @odata.id is the resourceUrl itself: it names what the URL names.
    let url = context.and_then(|c| c.url);
    if let Some(odata_id) = odata_id.filter(|&id| url != Some(id)) {
        let own = parse_resource_url(odata_id);
        if let Some((url, url_ids)) = context.and_then(|c| Some((c.url?, &c.url_ids))) {
            // `url_ids.normalized()` is what `parse_resource_url(url)` gives.
            if url_ids.normalized() != own {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "@odata.id ({odata_id}) and resourceUrl ({url}) name different resources"
                    ))
                    .at_pointer(pointer_push(&node.pointer(), "@odata.id")),
                );
            }
        }
        odata_call_id = own.call_id;
    }
    if whole {
        resource.call_id = url_ids
            .and_then(|i| i.call_id)
            .map(normalize_id)
            .or(odata_call_id);
    }
    finish_resource(node, &fields, resource, operation, whole, decoded);
}

/// Status, state, context, result, reason, tone, the kept properties and the explanation.
fn finish_resource(
    node: NodeRef,
    fields: &Fields,
    mut resource: Resource,
    operation: Option<OperationType>,
    whole: bool,
    decoded: &mut Decoded,
) {
    let diagnostics = &mut decoded.diagnostics;
    if let Some(status) = fields.status.filter(|s| s.is_null()) {
        diagnostics.push(
            Diagnostic::info("status is null: the outcome will arrive later as a notification")
                .at_pointer(status.pointer()),
        );
    }
    if let Some(status) = fields.status {
        resource.status = enum_value(
            status,
            "status",
            OperationStatus::parse,
            OperationStatus::as_str,
            diagnostics,
        );
    }
    if let Some(state) = fields.state {
        resource.state = enum_value(
            state,
            "state",
            CallState::parse,
            CallState::as_str,
            diagnostics,
        );
    }
    if let Some(context) = fields.client_context {
        match context.value() {
            ValueRef::String(text) => {
                if let Err(message) = check_client_context(text) {
                    diagnostics.push(Diagnostic::warning(message).at_pointer(context.pointer()));
                }
                if whole {
                    resource.client_context = Some(text.to_string());
                }
            }
            ValueRef::Null => {}
            _ => diagnostics.push(
                Diagnostic::warning(format!(
                    "clientContext should be a string, not a {}",
                    context.kind_name()
                ))
                .at_pointer(context.pointer()),
            ),
        }
    }
    if let Some(result) = fields.result_info.filter(|r| !r.is_null()) {
        resource.result_info = result_info(result, whole, diagnostics);
    }
    if let Some(reason) = fields.completion_reason.filter(|r| !r.is_null()) {
        let kind = operation.unwrap_or(OperationType::CommsOperation);
        resource.completion_reason = enum_value(
            reason,
            "completionReason",
            |text| CompletionReason::parse_for(kind, text),
            CompletionReason::as_str,
            diagnostics,
        );
    }
    if let Some(tone_info) = fields.tone_info.filter(|t| !t.is_null()) {
        if let Some(tone) = tone_info.get("tone") {
            resource.tone = enum_value(
                tone,
                "toneInfo.tone",
                Tone::parse,
                Tone::as_str,
                diagnostics,
            );
        }
    }
    if whole {
        for member in node.as_object().into_iter().flatten() {
            let key = member.key().unwrap_or_default();
            if !is_decoded_key(key) {
                resource
                    .properties
                    .insert(key.to_string(), member.to_serde());
            }
        }
        explain(&mut resource, operation);
    }
    decoded.resources.push(resource);
}

/// `resultInfo` with `code`/`subcode` as numbers or numeric strings, `subCode` spelled either way.
fn result_info(
    node: NodeRef,
    whole: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ResultInfo> {
    if node.as_object().is_none() {
        diagnostics.push(
            Diagnostic::warning(format!(
                "resultInfo should be an object, not a {}",
                node.kind_name()
            ))
            .at_pointer(node.pointer()),
        );
        return None;
    }
    let code = node
        .get("code")
        .and_then(|v| result_number(v, "code", diagnostics));
    let subcode = match (node.get("subcode"), node.get("subCode")) {
        (Some(lower), Some(upper)) => {
            let (a, b) = (
                result_number(lower, "subcode", diagnostics),
                result_number(upper, "subCode", diagnostics),
            );
            if a != b {
                diagnostics.push(
                    Diagnostic::warning("both 'subcode' and 'subCode' are present, with different values; 'subcode' wins")
                        .at_pointer(upper.pointer()),
                );
            }
            a.or(b)
        }
        (Some(value), None) => result_number(value, "subcode", diagnostics),
        (None, Some(value)) => {
            diagnostics.push(
                Diagnostic::info("'subCode' is the old spelling of 'subcode'; read the same")
                    .at_pointer(value.pointer()),
            );
            result_number(value, "subCode", diagnostics)
        }
        (None, None) => None,
    };
    let message = node.get("message").and_then(NodeRef::as_str);
    for (name, value) in [("code", code), ("subcode", subcode)] {
        if value.is_none()
            && node.get(name).is_none()
            && !(name == "subcode" && node.get("subCode").is_some())
        {
            diagnostics.push(
                Diagnostic::warning(format!("resultInfo has no {name}; the schema requires one"))
                    .at_pointer(node.pointer()),
            );
        }
    }
    if code.is_none() && subcode.is_none() && message.is_none() {
        return None;
    }
    Some(ResultInfo {
        code,
        subcode,
        // Only a card shows it.
        message: message.filter(|_| whole).map(str::to_string),
    })
}

/// A resultInfo number: an Int32, also accepted as a numeric string or a whole decimal (with a
/// warning, since the schema says Int32); `None`, with a warning, for anything else.
fn result_number(value: NodeRef, key: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<i64> {
    let warn = |diagnostics: &mut Vec<Diagnostic>, message: String| {
        diagnostics.push(Diagnostic::warning(message).at_pointer(value.pointer()));
    };
    let whole =
        |number: f64| (number.fract() == 0.0 && number.abs() < 9.0e15).then_some(number as i64);
    let parsed = match value.value() {
        ValueRef::Number(n) => match n.as_i64() {
            Some(n) => Some(n),
            None => match n.as_f64().and_then(whole) {
                Some(n) => {
                    warn(diagnostics, format!("resultInfo.{key} is written {n} as a decimal ({}); the schema says an integer", n_raw(value)));
                    Some(n)
                }
                None => {
                    warn(
                        diagnostics,
                        format!(
                            "resultInfo.{key} {} is not an integer in range",
                            n_raw(value)
                        ),
                    );
                    None
                }
            },
        },
        ValueRef::String(text) => {
            let trimmed = text.trim();
            match trimmed
                .parse::<i64>()
                .ok()
                .or_else(|| trimmed.parse::<f64>().ok().and_then(whole))
            {
                Some(n) => {
                    warn(diagnostics, format!("resultInfo.{key} is the string \"{text}\"; the schema says a number (Int32)"));
                    Some(n)
                }
                None => {
                    warn(
                        diagnostics,
                        format!("resultInfo.{key} \"{text}\" is not a number"),
                    );
                    None
                }
            }
        }
        ValueRef::Null => {
            warn(
                diagnostics,
                format!("resultInfo.{key} is null; the schema says it is never null"),
            );
            None
        }
        _ => {
            warn(
                diagnostics,
                format!(
                    "resultInfo.{key} should be a number, not a {}",
                    value.kind_name()
                ),
            );
            None
        }
    };
    if let Some(n) = parsed {
        if i32::try_from(n).is_err() {
            warn(
                diagnostics,
                format!("resultInfo.{key} {n} is outside the Int32 range the schema gives it"),
            );
        }
    }
    parsed
}

fn n_raw(value: NodeRef) -> String {
    value
        .as_number()
        .map(|n| n.raw().to_string())
        .unwrap_or_default()
}

/// A resource known only from a notification's URL.
fn resource_from_url(context: &NotificationContext) -> Resource {
    let ids = &context.url_ids;
    let (type_name, category, id) = if let Some(op) = ids.operation_id {
        ("commsOperation", Category::Operation, Some(op))
    } else if let Some(p) = ids.participant_id {
        ("participant", Category::Participant, Some(p))
    } else if let Some(c) = ids.call_id {
        ("call", Category::Call, Some(c))
    } else {
        ("unknown", Category::Other, None)
    };
    Resource {
        type_name: Cow::Borrowed(type_name),
        category,
        change_type: context.change_type.clone(),
        id: id.map(normalize_id),
        call_id: ids.call_id.map(normalize_id),
        resource_url: context.url.map(str::to_string),
        ..Resource::default()
    }
}

/// Puts together what the result code, status, completion reason and change mean, most
/// specific first and without saying the same thing twice.
fn explain(resource: &mut Resource, operation: Option<OperationType>) {
    let mut sentences = Sentences::default();
    let known_result = resource
        .result_info
        .as_ref()
        .and_then(|r| explain_result(r.code?, r.subcode?));
    match (
        resource.result_info.as_ref().and_then(|r| r.code),
        known_result,
    ) {
        (_, Some(known)) => sentences.push(known.into()),
        (Some(code), None) => sentences.push(
            format!(
                "resultInfo code {code}: {}; the docs do not explain this code and subcode.",
                explain_code_class(code)
            )
            .into(),
        ),
        (None, None) => {}
    }
    let status = resource.status.as_deref().and_then(OperationStatus::parse);
    if let Some(status) = status {
        if known_result.is_none() || !status.is_final() {
            sentences.push(status.explain().into());
        }
    }
    if known_result.is_none() {
        if let (Some(reason), Some(op)) = (resource.completion_reason.as_deref(), operation) {
            if let Some(reason) = CompletionReason::parse_for(op, reason) {
                sentences.push(reason.explain().into());
            }
        }
    }
    if operation == Some(OperationType::CancelMediaProcessing)
        && status == Some(OperationStatus::Completed)
    {
        sentences.push(
            "Every playPrompt and record that was running or queued now reports failed with 400/8508 on the callback; a subscribeToTone keeps running."
                .into(),
        );
    }
    if let Some(state) = resource.state.as_deref().and_then(CallState::parse) {
        sentences.push(state.explain().into());
    }
    if let Some(tone) = resource.tone.as_deref().and_then(Tone::parse) {
        sentences.push(
            format!(
                "A subscribeToTone subscription reports the caller pressed '{}'.",
                tone.as_char()
            )
            .into(),
        );
    }
    if resource.category == Category::Participant {
        sentences.push(participant_sentence(&resource.properties).into());
    }
    if status.is_none() && resource.category == Category::Operation {
        if let Some(change) = resource.change_type.as_deref().and_then(ChangeType::parse) {
            sentences.push(change.explain().into());
        }
    }
    if !sentences.text.is_empty() {
        resource.explanation = Some(sentences.text);
    }
}

/// An explanation written as its sentences are found: joined by spaces, a sentence that
/// repeats the one just before it left out. One sentence of the model's stays borrowed.
#[derive(Default)]
struct Sentences {
    text: Word,
    /// Where the last sentence starts in `text`.
    last: usize,
}

impl Sentences {
    fn push(&mut self, sentence: Word) {
        if self.text.is_empty() {
            self.text = sentence;
            return;
        }
        if self.text.get(self.last..) == Some(sentence.as_ref()) {
            return;
        }
        let text = self.text.to_mut();
        text.push(' ');
        self.last = text.len();
        text.push_str(&sentence);
    }
}

/// Who a participant is and whether they are muted or in the lobby, from the kept properties.
fn participant_sentence(properties: &serde_json::Map<String, serde_json::Value>) -> String {
    let identity = properties.get("info").and_then(|i| i.get("identity"));
    let name = ["user", "application", "phone", "guest"]
        .iter()
        .find_map(|kind| identity?.get(kind)?.get("displayName")?.as_str())
        .unwrap_or("an unnamed participant");
    let mut sentence = format!("Participant {name}");
    match properties
        .get("isMuted")
        .and_then(serde_json::Value::as_bool)
    {
        Some(true) => sentence.push_str(" is muted"),
        Some(false) => sentence.push_str(" is not muted"),
        None => sentence.push_str(" is in the roster"),
    }
    if properties
        .get("isInLobby")
        .and_then(serde_json::Value::as_bool)
        == Some(true)
    {
        sentence.push_str(" and waits in the lobby");
    }
    sentence.push('.');
    sentence
}

#[cfg(test)]
mod tests {
    use super::Sentences;

    #[test]
    fn ends_with_ignore_ascii_case_says_what_lowercasing_and_ends_with_say() {
        for text in [
            "",
            "n",
            "operation",
            "recordOperation",
            "RECORDOPERATION",
            "xoperatioN",
            "opération",
            "éoperation",
            "operations",
            "Operation\u{0}",
            "/calls/c1/Participants",
            "participants",
        ] {
            for suffix in ["operation", "/participants"] {
                assert_eq!(
                    super::ends_with_ignore_ascii_case(text, suffix),
                    text.to_ascii_lowercase().ends_with(suffix),
                    "{text:?} {suffix}"
                );
            }
        }
    }

    #[test]
    fn sentences_are_joined_by_spaces_without_repeating_the_last_one() {
        let mut sentences = Sentences::default();
        for sentence in ["A.", "A.", "B c.", "A.", "A.", "B c."] {
            sentences.push(sentence.into());
        }
        assert_eq!(sentences.text, "A. B c. A. B c.");
        let mut one = Sentences::default();
        one.push(String::from("Only.").into());
        assert_eq!(one.text, "Only.");
        // One sentence of the model's is not copied.
        let mut borrowed = Sentences::default();
        borrowed.push("Static.".into());
        assert!(matches!(
            borrowed.text,
            std::borrow::Cow::Borrowed("Static.")
        ));
    }
}
