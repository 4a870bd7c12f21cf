//! The Graph vocabulary every other module speaks: API versions and national clouds, the
//! cloud-communications model, ids, and the HTTP types with their header rules.

pub mod http;
pub mod ids;
pub mod model;

use serde::{Deserialize, Serialize};

/// The documented maximum length of `clientContext`, in characters.
pub const CLIENT_CONTEXT_MAX_CHARS: usize = 256;

/// Which Microsoft Graph API version the request targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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
