//! The Graph vocabulary every other module speaks: API versions and national clouds, the
//! cloud-communications model, ids, and the HTTP types with their header rules.

pub mod http;
pub mod ids;
pub mod model;

use serde::{Deserialize, Serialize};

/// The documented maximum length of `clientContext`, in characters.
pub const CLIENT_CONTEXT_MAX_CHARS: usize = 256;

/// The one clientContext length rule and its one message (each caller picks the severity and
/// the pointer): at most [`CLIENT_CONTEXT_MAX_CHARS`] characters.
pub fn check_client_context(text: &str) -> Result<(), String> {
    let chars = text.chars().count();
    if chars > CLIENT_CONTEXT_MAX_CHARS {
        Err(format!(
            "clientContext is {chars} characters; the maximum is {CLIENT_CONTEXT_MAX_CHARS}"
        ))
    } else {
        Ok(())
    }
}

/// Which Microsoft Graph API version the request targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum ApiVersion {
    /// The stable `v1.0` endpoint.
    #[default]
    #[serde(rename = "v1.0")]
    V1,
    /// The preview `beta` endpoint.
    #[serde(rename = "beta")]
    Beta,
}

impl ApiVersion {
    /// The URL segment: `v1.0` or `beta`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    /// Parses `v1.0` (or `v1`) and `beta`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "v1.0" | "v1" | "1.0" => Some(ApiVersion::V1),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

/// The national cloud deployments where this API is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// The global service, `graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4, `graph.microsoft.us`.
    UsGov,
    /// US Government L5 (DoD), `dod-graph.microsoft.us`.
    Dod,
    /// China operated by 21Vianet, `microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, in the order the page lists them.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::Dod, Cloud::China];

    /// The Graph root URL of this cloud, without a trailing slash.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The short name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "usgov",
            Cloud::Dod => "dod",
            Cloud::China => "china",
        }
    }

    /// Parses a short name (`global`, `usgov`, `dod`, `china`).
    pub fn parse(text: &str) -> Option<Self> {
        Cloud::ALL
            .into_iter()
            .find(|cloud| cloud.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::http::Header;

    #[test]
    fn the_client_context_rule_says_the_same_everywhere() {
        let long = "é".repeat(CLIENT_CONTEXT_MAX_CHARS + 1);
        let message = check_client_context(&long).unwrap_err();
        assert_eq!(
            message,
            "clientContext is 257 characters; the maximum is 256"
        );
        assert_eq!(check_client_context(&"é".repeat(256)), Ok(()));

        let errors = crate::compose::request::build(
            &crate::compose::request::CancelMediaProcessingRequest {
                call_id: crate::compose::request::EXAMPLE_CALL_ID.into(),
                client_context: Some(long.clone()),
                ..Default::default()
            },
        )
        .unwrap_err();
        assert_eq!(errors[0].message, message);

        let body = format!(r#"{{"clientContext":"{long}"}}"#);
        let headers = [Header::new("Authorization", "Bearer t")];
        let answer = crate::mock::handle(
            &crate::mock::MockRequest {
                method: "POST",
                path: "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing",
                headers: &headers,
                body: &body,
                root: "http://127.0.0.1:8080/graph",
                now: 1_700_000_000,
            },
            1,
        );
        let error: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
        assert_eq!(error["error"]["message"], format!("{message}."));

        let operation = format!(
            r##"{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"o","status":"running","clientContext":"{long}"}}"##
        );
        for text in [body, operation] {
            let decoded = crate::decode::decode_text(&text, Default::default());
            assert!(
                decoded.diagnostics.iter().any(|d| d.message == message
                    && d.pointer.as_deref() == Some("/clientContext")),
                "{text}: {:?}",
                decoded.diagnostics
            );
        }
    }
}
