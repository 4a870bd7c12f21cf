//! Bearer tokens decoded locally: the claims that decide whether Graph will accept a
//! cancelMediaProcessing request, and what is wrong with them. Nothing here verifies the
//! signature (only the token's audience can) and nothing sends the token anywhere.

use crate::diagnostic::Diagnostic;
use crate::graph::http::strip_bearer;
use crate::graph::Cloud;
use serde::Serialize;

/// The application id of Microsoft Graph, which v2 tokens may carry as `aud`.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// The application permissions the docs list for cancelMediaProcessing (least privileged first).
pub const CALL_ROLES: [&str; 2] = ["Calls.Initiate.All", "Calls.AccessMedia.All"];

/// Whose token it is: an app acting as itself, or an app acting for a signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// An application token (`roles`, no `scp`): what this API needs.
    Application,
    /// A delegated token (`scp`): this API refuses it.
    Delegated,
    /// Neither `scp` nor `roles`.
    Unknown,
}

/// What a JWT access token says about itself, with the problems found for this API.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    /// The header's `alg`, e.g. `RS256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub algorithm: Option<String>,
    /// `aud`: one or more audiences.
    pub audience: Vec<String>,
    /// The Graph cloud the audience names; `None` when it is not Graph or names every cloud.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience_cloud: Option<Cloud>,
    /// True when some audience is Microsoft Graph (any cloud, or its app id).
    pub audience_is_graph: bool,
    /// `tid`: the tenant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// `appid` (v1 tokens) or `azp` (v2 tokens): the client application.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// `app_displayname`, when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_name: Option<String>,
    /// `iss`: who issued it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// `roles`: application permissions.
    pub roles: Vec<String>,
    /// `scp`: delegated scopes (space-separated in the token).
    pub scopes: Vec<String>,
    /// Application, delegated or unknown.
    pub kind: TokenKind,
    /// `exp`, in seconds since 1970.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// `nbf`, in seconds since 1970.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_before: Option<i64>,
    /// `iat`, in seconds since 1970.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<i64>,
    /// `exp` minus now, in seconds (negative once expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The payload, pretty-printed, for the curious.
    pub payload: String,
    /// Everything worth knowing before sending it; warnings mean Graph will likely refuse it.
    pub diagnostics: Vec<Diagnostic>,
}

impl TokenInfo {
    /// True when some diagnostic is a warning or worse: the page asks before sending.
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity >= crate::diagnostic::Severity::Warning)
    }
}

/// The largest magnitude a time claim may have: 2^53 - 1, the largest integer a JavaScript number
/// holds exactly (`Number.MAX_SAFE_INTEGER`). Beyond it a claim is not a real time.
pub const MAX_SAFE_SECONDS: i64 = (1 << 53) - 1;

/// Decodes `token` (with or without a leading `Bearer `) at time `now` (seconds since 1970).
/// `target` is the cloud the request goes to, when it goes to Microsoft Graph; its audience is
/// then checked against it. Fails with one message when the text is not a readable JWT.
///
/// Characters a browser cannot send in a header (invisible ones copied along, such as U+200B,
/// line breaks, other non-Latin-1 text) are named with their position: when the token decodes
/// without them, it decodes with that warning; otherwise that is the error.
pub fn decode_token(token: &str, now: i64, target: Option<Cloud>) -> Result<TokenInfo, Diagnostic> {
    let token = strip_bearer(token);
    if token.is_empty() {
        return Err(Diagnostic::error(
            "no token: paste an access token (three base64url parts separated by dots)",
        ));
    }
    if let Some((position, c)) = crate::graph::http::first_unsendable(token) {
        let message = crate::graph::http::unsendable_token_message(position, c);
        let cleaned: String = token
            .chars()
            .filter(|c| !crate::graph::http::is_unsendable_in_header(*c))
            .collect();
        return match decode_token(&cleaned, now, target) {
            Ok(mut info) => {
                info.diagnostics.insert(
                    0,
                    Diagnostic::warning(format!("{message}; Send refuses it as it is")),
                );
                Ok(info)
            }
            Err(_) => Err(Diagnostic::error(message)),
        };
    }
    if let Some(c) = token.chars().find(|c| c.is_whitespace()) {
        return Err(Diagnostic::error(format!(
            "the token contains whitespace ({c:?}): paste it as one unbroken line"
        )));
    }
    let parts: Vec<&str> = token.split('.').collect();
    match parts.len() {
        3 => {}
        1 => {
            return Err(Diagnostic::error(
                "not a JWT (no dots): Microsoft Entra access tokens for Graph are three base64url parts separated by dots; this may be an opaque token, which only Graph can read",
            ))
        }
        5 => {
            return Err(Diagnostic::error(
                "an encrypted token (JWE, five parts): it cannot be read locally",
            ))
        }
        n => {
            return Err(Diagnostic::error(format!(
                "a JWT has three parts separated by dots (header.payload.signature); this has {n}"
            )))
        }
    }
    let header = decode_part(parts[0], "header")?;
    let payload = decode_part(parts[1], "payload")?;
    if parts[2].is_empty() {
        // An unsigned token still decodes; say so below.
    } else {
        base64url_decode(parts[2])
            .map_err(|e| Diagnostic::error(format!("the signature (third part) {e}")))?;
    }
    Ok(inspect(&header, &payload, parts[2].is_empty(), now, target))
}

/// Decodes one base64url part and parses it as a JSON object.
fn decode_part(
    text: &str,
    name: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    let ordinal = if name == "header" { "first" } else { "second" };
    let bytes = base64url_decode(text)
        .map_err(|e| Diagnostic::error(format!("the {name} ({ordinal} part) {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(format!(
            "the {name} ({ordinal} part) decodes to bytes that are not UTF-8 text"
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Diagnostic::error(format!("the {name} ({ordinal} part) is not JSON: {e}")))?;
    match value {
        serde_json::Value::Object(map) => Ok(map),
        _ => Err(Diagnostic::error(format!(
            "the {name} ({ordinal} part) is JSON but not an object"
        ))),
    }
}

/// Decodes base64url (RFC 4648 §5) without padding, as JWTs use it. Trailing `=` padding is
/// tolerated; anything else outside the alphabet is an error naming its position.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let trimmed = text.trim_end_matches('=');
    if trimmed.is_empty() {
        return Err("is empty".to_string());
    }
    let mut out = Vec::with_capacity(trimmed.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for (index, c) in trimmed.chars().enumerate() {
        let value = match c {
            'A'..='Z' => c as u32 - 'A' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 26,
            '0'..='9' => c as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            '+' | '/' => {
                return Err(format!(
                    "is standard base64, not base64url: {c:?} at position {} (JWTs use - and _ instead of + and /)",
                    index + 1
                ))
            }
            _ => {
                return Err(format!(
                    "is not base64url: {c:?} at position {}",
                    index + 1
                ))
            }
        };
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if trimmed.len() % 4 == 1 {
        return Err(format!(
            "has an impossible length for base64url ({} characters): it was probably cut short",
            trimmed.len()
        ));
    }
    Ok(out)
}

type Claims = serde_json::Map<String, serde_json::Value>;

fn inspect(
    header: &Claims,
    payload: &Claims,
    unsigned: bool,
    now: i64,
    target: Option<Cloud>,
) -> TokenInfo {
    let mut diagnostics = Vec::new();
    let text = |key: &str| {
        payload
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let strings = |key: &str| -> Vec<String> {
        match payload.get(key) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    };
    // Times are kept within ±(2^53 - 1) so every difference below fits an i64 and every value
    // crosses to JavaScript exactly.
    let now = now.clamp(-MAX_SAFE_SECONDS, MAX_SAFE_SECONDS);
    let time = |key: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<i64> {
        match payload.get(key)? {
            serde_json::Value::Number(n) => {
                let seconds = match n.as_i64() {
                    Some(i) => Some(i).filter(|i| i.unsigned_abs() <= MAX_SAFE_SECONDS as u64),
                    None => n
                        .as_f64()
                        .filter(|f| f.is_finite() && f.abs() <= MAX_SAFE_SECONDS as f64)
                        .map(|f| f.floor() as i64),
                };
                if seconds.is_none() {
                    diagnostics.push(
                        Diagnostic::warning(format!(
                            "{key} is {n}, beyond ±{MAX_SAFE_SECONDS} (the largest whole number JavaScript holds exactly): not a real time, so it is ignored"
                        ))
                        .at_pointer(format!("/{key}")),
                    );
                }
                seconds
            }
            other => {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "{key} should be a number of seconds since 1970, not {other}"
                    ))
                    .at_pointer(format!("/{key}")),
                );
                None
            }
        }
    };
    let expires_at = time("exp", &mut diagnostics);
    let not_before = time("nbf", &mut diagnostics);
    let issued_at = time("iat", &mut diagnostics);

    let audience = strings("aud");
    let audience_clouds: Vec<Option<Cloud>> =
        audience.iter().filter_map(|a| graph_audience(a)).collect();
    let audience_is_graph = !audience_clouds.is_empty();
    let audience_cloud = audience_clouds.iter().flatten().next().copied();
    let roles = strings("roles");
    let scopes: Vec<String> = text("scp")
        .map(|s| s.split_whitespace().map(str::to_string).collect())
        .unwrap_or_default();
    let kind = if !scopes.is_empty() {
        TokenKind::Delegated
    } else if !roles.is_empty() || text("idtyp").as_deref() == Some("app") {
        TokenKind::Application
    } else {
        TokenKind::Unknown
    };

    if unsigned || header.get("alg").and_then(|a| a.as_str()) == Some("none") {
        diagnostics.push(Diagnostic::warning(
            "the token is unsigned (alg none or no signature): Graph refuses it with 401",
        ));
    }
    if kind == TokenKind::Delegated {
        diagnostics.push(
            Diagnostic::warning(format!(
                "a delegated token (scp: {}): cancelMediaProcessing supports application permissions only, so Graph refuses it; get a token with the client-credentials flow",
                scopes.join(" ")
            ))
            .at_pointer("/scp"),
        );
    }
    if kind != TokenKind::Delegated && !roles.iter().any(|r| CALL_ROLES.contains(&r.as_str())) {
        let found = if roles.is_empty() {
            "no roles claim".to_string()
        } else {
            format!("roles are {}", roles.join(", "))
        };
        diagnostics.push(
            Diagnostic::warning(format!(
                "{found}: the app needs the application permission {} (or {}) with admin consent; Graph checks it when the call is created",
                CALL_ROLES[0], CALL_ROLES[1]
            ))
            .at_pointer("/roles"),
        );
    }
    if audience.is_empty() {
        diagnostics.push(
            Diagnostic::warning("no aud claim: Graph accepts only tokens issued for it")
                .at_pointer("/aud"),
        );
    } else if !audience_is_graph {
        diagnostics.push(
            Diagnostic::warning(format!(
                "aud is {}, not Microsoft Graph: request the token for the scope https://graph.microsoft.com/.default (or your national cloud's Graph host); Graph refuses it with 401",
                audience.join(", ")
            ))
            .at_pointer("/aud"),
        );
    } else if let (Some(target), Some(cloud)) = (target, audience_cloud) {
        if target != cloud {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "aud is {}, but the request goes to {}: a token is only valid for the Graph it was issued for",
                    cloud.graph_root(),
                    target.graph_root()
                ))
                .at_pointer("/aud"),
            );
        }
    }
    // Both sides are within ±(2^53 - 1), so the differences cannot overflow; saturating anyway.
    let expires_in = expires_at.map(|exp| exp.saturating_sub(now));
    match expires_in {
        Some(left) if left <= 0 => diagnostics.push(
            Diagnostic::warning(format!(
                "expired {} ago: get a new token (Graph answers 401 InvalidAuthenticationToken)",
                duration(left)
            ))
            .at_pointer("/exp"),
        ),
        Some(left) if left < 300 => diagnostics
            .push(Diagnostic::info(format!("expires in {}", duration(left))).at_pointer("/exp")),
        Some(_) => {}
        // An exp that is there but unusable already has its own warning.
        None if payload.contains_key("exp") => {}
        None => diagnostics.push(
            Diagnostic::warning("no exp claim: Entra tokens always carry one").at_pointer("/exp"),
        ),
    }
    if let Some(nbf) = not_before.filter(|nbf| *nbf > now) {
        diagnostics.push(
            Diagnostic::warning(format!(
                "not valid for another {} (nbf is in the future): check this computer's clock",
                duration(nbf.saturating_sub(now))
            ))
            .at_pointer("/nbf"),
        );
    }
    diagnostics.push(Diagnostic::info(
        "decoded in this page only; the signature is not checked here (only Graph can)",
    ));

    TokenInfo {
        algorithm: header
            .get("alg")
            .and_then(|a| a.as_str())
            .map(str::to_string),
        audience,
        audience_cloud,
        audience_is_graph,
        tenant_id: text("tid"),
        app_id: text("appid").or_else(|| text("azp")),
        app_name: text("app_displayname"),
        issuer: text("iss"),
        roles,
        scopes,
        kind,
        expires_at,
        not_before,
        issued_at,
        expires_in: expires_in.map(|s| s.clamp(-MAX_SAFE_SECONDS, MAX_SAFE_SECONDS)),
        payload: serde_json::to_string_pretty(payload).unwrap_or_default(),
        diagnostics,
    }
}

/// `Some(Some(cloud))` for a cloud's Graph URL, `Some(None)` for Graph's app id (valid in every
/// cloud), `None` when `aud` is not Graph.
fn graph_audience(aud: &str) -> Option<Option<Cloud>> {
    let aud = aud.trim();
    if aud.eq_ignore_ascii_case(GRAPH_APP_ID) {
        return Some(None);
    }
    let lower = aud.trim_end_matches('/').to_ascii_lowercase();
    Cloud::ALL
        .into_iter()
        .find(|cloud| lower == cloud.graph_root())
        .map(Some)
}

/// base64url without padding, as JWTs use it (the inverse of [`base64url_decode`]).
pub fn base64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        // Up to three bytes, left-aligned in 24 bits, give one more 6-bit digit than bytes.
        let bits =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for digit in 0..=chunk.len() {
            out.push(char::from(
                ALPHABET[(bits >> (18 - 6 * digit) & 63) as usize],
            ));
        }
    }
    out
}

/// A short human duration: `42 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`.
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 if s % 60 == 0 => format!("{} min", s / 60),
        60..=3599 => format!("{} min {} s", s / 60, s % 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, s % 3600 / 60),
        _ => format!("{} d {} h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(bytes: &[u8]) -> String {
        base64url_encode(bytes)
    }

    fn jwt(payload: &str) -> String {
        format!(
            "{}.{}.{}",
            b64(br#"{"alg":"RS256","typ":"JWT"}"#),
            b64(payload.as_bytes()),
            b64(b"signature")
        )
    }

    const NOW: i64 = 1_700_000_000;

    fn app_token(aud: &str, roles: &str, exp: i64) -> String {
        jwt(&format!(
            r#"{{"aud":"{aud}","iss":"https://sts.windows.net/t1/","tid":"t1","appid":"a1","app_displayname":"Bot","roles":{roles},"exp":{exp},"nbf":{},"iat":{}}}"#,
            NOW - 60,
            NOW - 60
        ))
    }

    fn messages(info: &TokenInfo) -> Vec<&str> {
        info.diagnostics
            .iter()
            .filter(|d| d.severity >= crate::diagnostic::Severity::Warning)
            .map(|d| d.message.as_str())
            .collect()
    }

    #[test]
    fn base64url_round_trips_and_names_bad_characters() {
        for text in [
            "",
            "f",
            "fo",
            "foo",
            "foob",
            "fooba",
            "foobar",
            "\u{1F600}\u{0}\u{ff}",
        ] {
            let encoded = b64(text.as_bytes());
            if text.is_empty() {
                continue;
            }
            assert_eq!(
                base64url_decode(&encoded).unwrap(),
                text.as_bytes(),
                "{encoded}"
            );
            assert_eq!(
                base64url_decode(&format!("{encoded}==")).unwrap(),
                text.as_bytes()
            );
        }
        assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
        assert!(base64url_decode("ab+c")
            .unwrap_err()
            .contains("'+' at position 3"));
        assert!(base64url_decode("ab*c")
            .unwrap_err()
            .contains("'*' at position 3"));
        assert!(base64url_decode("abcde")
            .unwrap_err()
            .contains("impossible length"));
        assert!(base64url_decode("").unwrap_err().contains("empty"));
    }

    #[test]
    fn a_good_application_token_has_no_warnings() {
        let token = app_token(
            "https://graph.microsoft.com",
            r#"["Calls.Initiate.All"]"#,
            NOW + 3600,
        );
        let info = decode_token(&format!("Bearer {token}"), NOW, Some(Cloud::Global)).unwrap();
        assert_eq!(info.audience, ["https://graph.microsoft.com"]);
        assert_eq!(info.audience_cloud, Some(Cloud::Global));
        assert_eq!(info.tenant_id.as_deref(), Some("t1"));
        assert_eq!(info.app_id.as_deref(), Some("a1"));
        assert_eq!(info.app_name.as_deref(), Some("Bot"));
        assert_eq!(info.roles, ["Calls.Initiate.All"]);
        assert_eq!(info.kind, TokenKind::Application);
        assert_eq!(info.expires_in, Some(3600));
        assert_eq!(info.algorithm.as_deref(), Some("RS256"));
        assert!(messages(&info).is_empty(), "{:?}", messages(&info));
        assert!(!info.has_warnings());
        assert!(info.payload.contains("\"tid\": \"t1\""));
    }

    #[test]
    fn graph_audiences_in_every_form() {
        let cases = [
            ("https://graph.microsoft.com/", true, Some(Cloud::Global)),
            ("00000003-0000-0000-C000-000000000000", true, None),
            ("https://graph.microsoft.us", true, Some(Cloud::UsGov)),
            ("https://dod-graph.microsoft.us", true, Some(Cloud::Dod)),
            (
                "https://microsoftgraph.chinacloudapi.cn",
                true,
                Some(Cloud::China),
            ),
            ("api://my-bot", false, None),
            ("https://graph.windows.net", false, None),
        ];
        for (aud, is_graph, cloud) in cases {
            let info = decode_token(
                &app_token(aud, r#"["Calls.AccessMedia.All"]"#, NOW + 600),
                NOW,
                None,
            )
            .unwrap();
            assert_eq!(
                (info.audience_is_graph, info.audience_cloud),
                (is_graph, cloud),
                "{aud}"
            );
            assert_eq!(
                messages(&info)
                    .iter()
                    .any(|m| m.contains("not Microsoft Graph")),
                !is_graph,
                "{aud}"
            );
        }
    }

    #[test]
    fn warns_about_what_graph_would_refuse() {
        // (payload, target cloud, part of the expected warning, its pointer)
        let cases = [
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","scp":"Calls.Read User.Read","exp":{}}}"#, NOW + 600),
                None,
                "delegated token (scp: Calls.Read User.Read)",
                "/scp",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","roles":["User.Read.All"],"exp":{}}}"#, NOW + 600),
                None,
                "roles are User.Read.All: the app needs the application permission Calls.Initiate.All",
                "/roles",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","exp":{}}}"#, NOW + 600),
                None,
                "no roles claim",
                "/roles",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"],"exp":{}}}"#, NOW - 125),
                None,
                "expired 2 min 5 s ago",
                "/exp",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"],"exp":{},"nbf":{}}}"#, NOW + 7200, NOW + 3600),
                None,
                "not valid for another 1 h 0 min",
                "/nbf",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.us","roles":["Calls.Initiate.All"],"exp":{}}}"#, NOW + 600),
                Some(Cloud::Global),
                "aud is https://graph.microsoft.us, but the request goes to https://graph.microsoft.com",
                "/aud",
            ),
            (
                r#"{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"]}"#.to_string(),
                None,
                "no exp claim",
                "/exp",
            ),
            (
                format!(r#"{{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"],"exp":"{}"}}"#, NOW),
                None,
                "exp should be a number",
                "/exp",
            ),
        ];
        for (payload, target, message, pointer) in cases {
            let info = decode_token(&jwt(&payload), NOW, target).unwrap();
            let found = info
                .diagnostics
                .iter()
                .find(|d| d.message.contains(message))
                .unwrap_or_else(|| panic!("{message}: {:?}", messages(&info)));
            assert_eq!(found.pointer.as_deref(), Some(pointer), "{message}");
            assert!(info.has_warnings());
        }
        let delegated = decode_token(
            &jwt(&format!(
                r#"{{"aud":"https://graph.microsoft.com","scp":"User.Read","exp":{}}}"#,
                NOW + 60
            )),
            NOW,
            None,
        )
        .unwrap();
        assert_eq!(delegated.kind, TokenKind::Delegated);
        assert_eq!(delegated.scopes, ["User.Read"]);
        // The app id audience is valid in every cloud; a fractional exp is floored.
        let any_cloud = decode_token(
            &jwt(&format!(
                r#"{{"aud":"{GRAPH_APP_ID}","roles":["Calls.Initiate.All"],"exp":{}.75}}"#,
                NOW + 100
            )),
            NOW,
            Some(Cloud::Dod),
        )
        .unwrap();
        assert!(
            messages(&any_cloud).is_empty(),
            "{:?}",
            messages(&any_cloud)
        );
        assert_eq!(any_cloud.expires_in, Some(100));
        assert!(any_cloud
            .diagnostics
            .iter()
            .any(|d| d.message == "expires in 1 min 40 s"));
    }

    #[test]
    fn every_unreadable_token_gets_one_clear_message() {
        let header = b64(br#"{"alg":"RS256"}"#);
        let cases = [
            ("", "no token"),
            ("   Bearer   ", "no token"),
            ("abc def", "whitespace"),
            ("mock-token", "not a JWT (no dots)"),
            ("a.b.c.d.e", "encrypted token (JWE"),
            ("a.b", "has 2"),
            (
                &format!("{header}.e30+.sig"),
                "payload (second part) is standard base64",
            ),
            (
                &format!("{header}.{}.sig", b64(b"not json")),
                "payload (second part) is not JSON",
            ),
            (
                &format!("{header}.{}.sig", b64(b"[1]")),
                "payload (second part) is JSON but not an object",
            ),
            (&format!("{header}.{}.sig", b64(&[0xff, 0xfe])), "not UTF-8"),
            (
                &format!("{}.e30.sig", b64(b"{")),
                "header (first part) is not JSON",
            ),
            (
                &format!("{header}.e30.s!g"),
                "signature (third part) is not base64url: '!'",
            ),
        ];
        for (token, message) in cases {
            let error = decode_token(token, NOW, None).unwrap_err();
            assert!(error.is_error());
            assert!(
                error.message.contains(message),
                "{token}: {}",
                error.message
            );
        }
    }

    #[test]
    fn an_unsigned_token_decodes_with_a_warning() {
        let token = format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(br#"{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"],"exp":1700000600}"#));
        let info = decode_token(&token, NOW, None).unwrap();
        assert_eq!(
            messages(&info),
            ["the token is unsigned (alg none or no signature): Graph refuses it with 401"]
        );
    }

    #[test]
    fn extreme_times_neither_panic_nor_leave_the_safe_range() {
        let unsigned =
            |payload: &str| format!("{}.{}.", b64(br#"{"alg":"none"}"#), b64(payload.as_bytes()));
        // The QA token: {"exp":-9223372036854775808}, which used to overflow `now - exp`.
        assert_eq!(
            unsigned(r#"{"exp":-9223372036854775808}"#),
            "eyJhbGciOiJub25lIn0.eyJleHAiOi05MjIzMzcyMDM2ODU0Nzc1ODA4fQ."
        );
        let ignored = "beyond ±9007199254740991 (the largest whole number JavaScript holds exactly): not a real time, so it is ignored";
        // (claims, now, expires_at, expires_in, not_before, issued_at, part of a warning)
        type Times = (Option<i64>, Option<i64>, Option<i64>, Option<i64>);
        let cases: [(&str, i64, Times, &str); 12] = [
            (
                r#"{"exp":-9223372036854775808}"#,
                NOW,
                (None, None, None, None),
                ignored,
            ),
            (
                r#"{"exp":9223372036854775807}"#,
                NOW,
                (None, None, None, None),
                ignored,
            ),
            (
                r#"{"exp":18446744073709551615}"#,
                NOW,
                (None, None, None, None),
                ignored,
            ),
            (
                r#"{"exp":-1e300}"#,
                NOW,
                (None, None, None, None),
                "exp is -1e+300, beyond",
            ),
            (
                r#"{"exp":1e300}"#,
                NOW,
                (None, None, None, None),
                "exp is 1e+300, beyond",
            ),
            (
                r#"{"exp":9007199254740993}"#,
                NOW,
                (None, None, None, None),
                "exp is 9007199254740993, beyond",
            ),
            (
                r#"{"exp":9007199254740992.0}"#,
                NOW,
                (None, None, None, None),
                ignored,
            ),
            (
                r#"{"exp":9007199254740991}"#,
                i64::MIN,
                (Some(MAX_SAFE_SECONDS), Some(MAX_SAFE_SECONDS), None, None),
                "the token is unsigned",
            ),
            (
                r#"{"exp":-9007199254740991}"#,
                i64::MAX,
                (Some(-MAX_SAFE_SECONDS), Some(-MAX_SAFE_SECONDS), None, None),
                "expired 208499982748 d 15 h ago",
            ),
            (
                r#"{"exp":-9007199254740991,"nbf":9007199254740991,"iat":-9007199254740991}"#,
                0,
                (
                    Some(-MAX_SAFE_SECONDS),
                    Some(-MAX_SAFE_SECONDS),
                    Some(MAX_SAFE_SECONDS),
                    Some(-MAX_SAFE_SECONDS),
                ),
                "not valid for another 104249991374 d 7 h",
            ),
            (
                r#"{"exp":1700000000.5,"nbf":-9223372036854775809,"iat":-0.5}"#,
                NOW,
                (Some(NOW), Some(0), None, Some(-1)),
                "nbf is -9.223372036854776e+18, beyond",
            ),
            (
                r#"{"exp":1e15,"iat":-1e15}"#,
                NOW,
                (
                    Some(1_000_000_000_000_000),
                    Some(1_000_000_000_000_000 - NOW),
                    None,
                    Some(-1_000_000_000_000_000),
                ),
                "the token is unsigned",
            ),
        ];
        for (claims, now, (exp, expires_in, nbf, iat), warning) in cases {
            let info = decode_token(&unsigned(claims), now, None)
                .unwrap_or_else(|e| panic!("{claims}: {}", e.message));
            assert_eq!(
                (
                    info.expires_at,
                    info.expires_in,
                    info.not_before,
                    info.issued_at
                ),
                (exp, expires_in, nbf, iat),
                "{claims}"
            );
            assert!(
                messages(&info).iter().any(|m| m.contains(warning)),
                "{claims}: {:?}",
                messages(&info)
            );
            // An exp that is there but unusable is not also reported missing.
            assert!(
                !messages(&info).iter().any(|m| m.contains("no exp claim")),
                "{claims}"
            );
            // Everything the page receives is a number JavaScript holds exactly.
            for value in [
                info.expires_at,
                info.expires_in,
                info.not_before,
                info.issued_at,
            ]
            .into_iter()
            .flatten()
            {
                assert!(value.unsigned_abs() <= MAX_SAFE_SECONDS as u64, "{claims}");
            }
        }
        let far = decode_token(&unsigned(r#"{"exp":-9007199254740991}"#), NOW, None).unwrap();
        let expired = far
            .diagnostics
            .iter()
            .find(|d| d.message.starts_with("expired "))
            .unwrap();
        assert_eq!(expired.pointer.as_deref(), Some("/exp"));
        assert_eq!(duration(i64::MIN), "106751991167300 d 15 h");
        assert_eq!(duration(i64::MAX), "106751991167300 d 15 h");
    }

    #[test]
    fn characters_a_header_cannot_carry_are_named_with_their_position() {
        // (token, part of the error)
        let errors = [
            (
                "eyJabc\u{200b}.def",
                "the token has U+200B (zero-width space) at character 7, which cannot be sent in an HTTP header: such characters usually come from copying",
            ),
            ("Bearer ab\u{43f}c", "U+043F at character 3"),
            ("a\u{1F600}", "U+1F600 at character 2"),
            ("abc\r\ndef", "U+000D (carriage return) at character 4"),
            ("ab\u{1}", "U+0001 (control character) at character 3"),
        ];
        for (token, message) in errors {
            let error = decode_token(token, NOW, None).unwrap_err();
            assert!(error.is_error());
            assert!(
                error.message.contains(message),
                "{token:?}: {}",
                error.message
            );
            let start: String = strip_bearer(token).chars().take(2).collect();
            assert!(
                !error.message.contains(&start),
                "the token is never echoed: {}",
                error.message
            );
        }
        // A JWT that decodes once the copied character is gone decodes, with the warning first.
        let good = app_token(
            "https://graph.microsoft.com",
            r#"["Calls.Initiate.All"]"#,
            NOW + 3600,
        );
        let dot = good.find('.').unwrap();
        let pasted = format!("{}\u{feff}{}", &good[..dot], &good[dot..]);
        let info = decode_token(&pasted, NOW, Some(Cloud::Global)).unwrap();
        assert_eq!(info.tenant_id.as_deref(), Some("t1"));
        assert_eq!(
            messages(&info),
            [format!(
                "the token has U+FEFF (byte order mark) at character {}, which cannot be sent in an HTTP header: such characters usually come from copying (chat apps, e-mail, PDFs and word processors add invisible ones); delete it or copy the token again from its source; Send refuses it as it is",
                dot + 1
            )]
        );
    }

    #[test]
    fn durations_read_naturally() {
        let cases = [
            (0, "0 s"),
            (59, "59 s"),
            (60, "1 min"),
            (125, "2 min 5 s"),
            (3600, "1 h 0 min"),
            (90_061, "1 d 1 h"),
            (-30, "30 s"),
        ];
        for (seconds, text) in cases {
            assert_eq!(duration(seconds), text);
        }
    }
}
