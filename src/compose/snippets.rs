//! Code snippets: the built `cancelMediaProcessing` request as raw HTTP, curl, fetch, PowerShell,
//! the Microsoft Graph SDKs (C#, Go, Java, Python, JavaScript) and Rust.
//!
//! Every snippet sends the URL and body of [`BuiltRequest::request`]; each language escapes
//! user text with its own function below. No snippet holds a token: the shells and the raw
//! clients read `GRAPH_TOKEN` from the environment, the SDK snippets use a client-secret
//! credential with placeholders, and raw HTTP shows `Bearer {token}`. Every snippet shows where
//! the `Location` header of the `200 OK` answer (the URL of the new commsOperation) is read.

use crate::compose::request::{BuiltRequest, PathStyle};
use crate::diagnostic::{is_hidden_or_control, visible_controls};
use crate::graph::http::encode_path_segment;
use crate::graph::{ApiVersion, Cloud};

/// The forms a request can be rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SnippetFormat {
    /// The raw HTTP request, as the Graph docs show it.
    Http,
    /// A curl command line (bash).
    Curl,
    /// JavaScript `fetch` (Node 18+ ES module).
    Fetch,
    /// PowerShell with `Invoke-MgGraphRequest` (or `Invoke-WebRequest` for a custom base URL).
    PowerShell,
    /// C# with the Microsoft Graph .NET SDK v5 (`Microsoft.Graph` / `Microsoft.Graph.Beta`).
    CSharp,
    /// Go with `msgraph-sdk-go` / `msgraph-beta-sdk-go`.
    Go,
    /// Java with `msgraph-sdk-java` v6 / `msgraph-beta-sdk-java`.
    Java,
    /// Python with `msgraph-sdk` / `msgraph-beta-sdk`.
    Python,
    /// JavaScript with `@microsoft/microsoft-graph-client`.
    JavaScript,
    /// Rust with `reqwest` (blocking).
    Rust,
}

impl SnippetFormat {
    /// Every format, in the order a picker lists them.
    pub const ALL: [Self; 10] = [
        SnippetFormat::Http,
        SnippetFormat::Curl,
        SnippetFormat::Fetch,
        SnippetFormat::PowerShell,
        SnippetFormat::CSharp,
        SnippetFormat::Go,
        SnippetFormat::Java,
        SnippetFormat::Python,
        SnippetFormat::JavaScript,
        SnippetFormat::Rust,
    ];

    /// The short name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SnippetFormat::Http => "http",
            SnippetFormat::Curl => "curl",
            SnippetFormat::Fetch => "fetch",
            SnippetFormat::PowerShell => "powershell",
            SnippetFormat::CSharp => "csharp",
            SnippetFormat::Go => "go",
            SnippetFormat::Java => "java",
            SnippetFormat::Python => "python",
            SnippetFormat::JavaScript => "javascript",
            SnippetFormat::Rust => "rust",
        }
    }

    /// Parses a short name (any case), or a common alias such as `c#`, `py`, `js` or `pwsh`.
    pub fn parse(text: &str) -> Option<Self> {
        let name = text.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "raw" | "http1.1" => Some(SnippetFormat::Http),
            "pwsh" | "ps" | "ps1" => Some(SnippetFormat::PowerShell),
            "c#" | "cs" | "dotnet" => Some(SnippetFormat::CSharp),
            "golang" => Some(SnippetFormat::Go),
            "py" => Some(SnippetFormat::Python),
            "js" => Some(SnippetFormat::JavaScript),
            "rs" | "reqwest" => Some(SnippetFormat::Rust),
            _ => None,
        };
        alias.or_else(|| Self::ALL.into_iter().find(|f| f.as_str() == name))
    }

    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SnippetFormat::Http => "Raw HTTP",
            SnippetFormat::Curl => "curl",
            SnippetFormat::Fetch => "JavaScript fetch",
            SnippetFormat::PowerShell => "PowerShell",
            SnippetFormat::CSharp => "C# (Graph SDK)",
            SnippetFormat::Go => "Go (Graph SDK)",
            SnippetFormat::Java => "Java (Graph SDK)",
            SnippetFormat::Python => "Python (Graph SDK)",
            SnippetFormat::JavaScript => "JavaScript (Graph SDK)",
            SnippetFormat::Rust => "Rust (reqwest)",
        }
    }
}

/// Renders `built` as a snippet in `format`. Never panics, whatever the request holds.
pub fn render(built: &BuiltRequest, format: SnippetFormat) -> String {
    let target = Target::new(built);
    match format {
        SnippetFormat::Http => http(&target),
        SnippetFormat::Curl => curl(&target),
        SnippetFormat::Fetch => fetch(&target),
        SnippetFormat::PowerShell => powershell(&target),
        SnippetFormat::CSharp => csharp(&target),
        SnippetFormat::Go => go(&target),
        SnippetFormat::Java => java(&target),
        SnippetFormat::Python => python(&target),
        SnippetFormat::JavaScript => javascript(&target),
        SnippetFormat::Rust => rust(&target),
    }
}

// ---------------------------------------------------------------------------------------------
// What every template needs to know about the request.

/// The token service a national cloud signs in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Authority {
    /// The default, `login.microsoftonline.com`.
    Public,
    /// US Government L4 and L5 (DoD): `login.microsoftonline.us`.
    Government,
    /// China operated by 21Vianet: `login.chinacloudapi.cn`.
    China,
}

struct Target<'a> {
    built: &'a BuiltRequest,
    /// The Graph root the URL was built on, e.g. `https://graph.microsoft.us`.
    root: String,
    /// True when a custom base URL replaced the cloud's root.
    custom_base: bool,
}

impl<'a> Target<'a> {
    fn new(built: &'a BuiltRequest) -> Self {
        let custom_base = built.input.base_url.is_some();
        let suffix = format!("/{}{}", built.input.version.as_str(), resource_path(built));
        let root = match built.request.url.strip_suffix(&suffix) {
            Some(root) => root.to_string(),
            None => match &built.input.base_url {
                Some(base) => base.trim().trim_end_matches('/').to_string(),
                None => built.input.cloud.graph_root().to_string(),
            },
        };
        Target {
            built,
            root,
            custom_base,
        }
    }

    fn url(&self) -> &str {
        &self.built.request.url
    }

    fn body(&self) -> &str {
        &self.built.request.body
    }

    fn call_id(&self) -> &str {
        &self.built.input.call_id
    }

    fn client_context(&self) -> Option<&str> {
        self.built.input.client_context.as_deref()
    }

    fn beta(&self) -> bool {
        self.built.input.version == ApiVersion::Beta
    }

    fn app_path(&self) -> bool {
        self.built.input.path_style == PathStyle::App
    }

    /// `/communications/calls/{id}/cancelMediaProcessing` (or the `/app` one).
    fn path(&self) -> String {
        resource_path(self.built)
    }

    /// The cloud whose token service and scope apply: a custom base URL keeps the global ones.
    fn cloud(&self) -> Cloud {
        if self.custom_base {
            Cloud::Global
        } else {
            self.built.input.cloud
        }
    }

    fn authority(&self) -> Authority {
        match self.cloud() {
            Cloud::Global => Authority::Public,
            Cloud::UsGov | Cloud::Dod => Authority::Government,
            Cloud::China => Authority::China,
        }
    }

    /// The `.default` scope of the Graph service the token is for.
    fn scope(&self) -> String {
        format!("{}/.default", self.cloud().graph_root())
    }

    /// The SDK base URL (root and version) when it is not the SDK's default.
    fn sdk_base_url(&self) -> Option<String> {
        (self.root != Cloud::Global.graph_root())
            .then(|| format!("{}/{}", self.root, self.built.input.version.as_str()))
    }

    /// The SDKs have no `/app` path: their `WithUrl` sends the deprecated URL as it is.
    fn with_url(&self) -> Option<&str> {
        self.app_path().then(|| self.url())
    }

    fn title(&self) -> String {
        format!(
            "Microsoft Graph call: cancelMediaProcessing ({})",
            self.built.input.version.as_str()
        )
    }

    /// A comment line for a custom base URL: the SDK auth providers send the token to the hosts
    /// they allow only.
    fn custom_base_note(&self, comment: &str) -> String {
        if self.custom_base {
            format!(
                "{comment} Custom base URL: the SDK's auth provider sends the token only to hosts it allows."
            )
        } else {
            String::new()
        }
    }
}

fn resource_path(built: &BuiltRequest) -> String {
    let prefix = match built.input.path_style {
        PathStyle::Communications => "communications",
        PathStyle::App => "app",
    };
    format!(
        "/{prefix}/calls/{}/cancelMediaProcessing",
        encode_path_segment(&built.input.call_id)
    )
}

// ---------------------------------------------------------------------------------------------
// String escaping: one function per language.

/// A double-quoted literal: `\\`, `\"`, `\n`, `\r` and `\t` as in every C-like language, and
/// every other [`is_hidden_or_control`] character through `escape`: controls and line
/// separators (which some languages reject raw, or treat as a line end), bidi controls (rustc
/// refuses them raw), the BOM (Go refuses it), zero-width and other invisible characters (they
/// make a literal read as something it is not). Everything else, emoji included, stays as it
/// is (UTF-8 source).
fn double_quoted(text: &str, escape: fn(char) -> String) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden_or_control(c) => out.push_str(&escape(c)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `\uXXXX`: every character `double_quoted` hands over is in the BMP.
fn u_four(c: char) -> String {
    format!("\\u{:04x}", u32::from(c))
}

/// A JavaScript string literal (`"..."`: `${}` and backticks are plain text in it).
fn js_string(text: &str) -> String {
    double_quoted(text, u_four)
}

/// A C# regular string literal; U+0085, U+2028 and U+2029 end lines in C# and are escaped.
/// Not an interpolated string, so `{}` is plain text.
fn csharp_string(text: &str) -> String {
    double_quoted(text, u_four)
}

/// A Java string literal. `\u` escapes are translated before lexing, which is safe here: they
/// are only used for characters that may stand raw in a literal (never CR, LF, `"` or `\`), and
/// a `\u` typed by the user follows an escaped backslash, so it is not an escape.
fn java_string(text: &str) -> String {
    double_quoted(text, u_four)
}

/// A Go interpreted string literal.
fn go_string(text: &str) -> String {
    double_quoted(text, u_four)
}

/// A Python string literal (not an f-string, so `{}` is plain text).
fn python_string(text: &str) -> String {
    double_quoted(text, u_four)
}

/// A Rust string literal; passed to `.body()`, never to a format macro, so `{}` is plain text.
fn rust_string(text: &str) -> String {
    double_quoted(text, |c| format!("\\u{{{:x}}}", u32::from(c)))
}

/// Splits `text` into runs of plain text and runs of characters a terminal or a reader would be
/// fooled by ([`is_hidden_or_control`] but for line breaks and tabs, which quoted shell text
/// holds plainly): `(is_plain, run)` in order.
fn shell_runs(text: &str) -> Vec<(bool, &str)> {
    let hidden = |c: char| c != '\n' && c != '\t' && is_hidden_or_control(c);
    let mut runs = Vec::new();
    let mut start = 0;
    let mut plain = true;
    for (at, c) in text.char_indices() {
        if hidden(c) == plain && at > start {
            runs.push((plain, &text[start..at]));
            start = at;
        }
        plain = !hidden(c);
    }
    if start < text.len() {
        runs.push((plain, &text[start..]));
    }
    runs
}

/// A bash word: single-quoted text (nothing is special inside but `'`, which becomes `'\''`),
/// with controls and invisible characters as `$'\xe2\x80\xae'` byte escapes next to it, so
/// the word is the same bytes in any locale and shows nothing hidden.
fn shell_single(text: &str) -> String {
    let runs = shell_runs(text);
    if runs.is_empty() {
        return "''".to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    for (plain, run) in runs {
        if plain {
            out.push_str(&format!("'{}'", run.replace('\'', r"'\''")));
        } else {
            out.push_str("$'");
            for byte in run.bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
            out.push('\'');
        }
    }
    out
}

/// A PowerShell single-quoted string: nothing expands; `'` and the typographic single quotes
/// PowerShell also accepts as quotes (U+2018 to U+201B) are doubled. Controls and invisible
/// characters are joined in as `[char]0x202e`, in parentheses that start with a string so `+`
/// concatenates.
fn powershell_single(text: &str) -> String {
    let quoted = |run: &str| {
        let mut out = String::with_capacity(run.len() + 2);
        out.push('\'');
        for c in run.chars() {
            out.push(c);
            if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}') {
                out.push(c);
            }
        }
        out.push('\'');
        out
    };
    let runs = shell_runs(text);
    if runs.iter().all(|(plain, _)| *plain) {
        return quoted(text);
    }
    let mut parts = Vec::new();
    if !runs[0].0 {
        parts.push("''".to_string());
    }
    for (plain, run) in runs {
        if plain {
            parts.push(quoted(run));
        } else {
            parts.extend(run.chars().map(|c| format!("[char]0x{:x}", u32::from(c))));
        }
    }
    format!("({})", parts.join(" + "))
}

// ---------------------------------------------------------------------------------------------
// Templates.

/// Fills `{{name}}` slots in one pass, so text put in a slot is never read as a slot. A line
/// that is a lone slot whose value is empty is left out. Unknown slots stay as they are.
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let value = |name: &str| slots.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut out = String::with_capacity(template.len() + 512);
    for line in template.lines() {
        let lone = line
            .trim()
            .strip_prefix("{{")
            .and_then(|t| t.strip_suffix("}}"));
        if lone.and_then(value) == Some("") {
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let slot = after
                .find("}}")
                .and_then(|end| value(&after[..end]).map(|v| (v, end)));
            match slot {
                Some((v, end)) => {
                    out.push_str(v);
                    rest = &after[end + 2..];
                }
                None => {
                    out.push_str("{{");
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

const HTTP: &str = "\
# {{title}}
# The answer is 200 OK; its Location header is the URL of the new commsOperation.
{{request}}
";

fn http(t: &Target) -> String {
    fill(
        HTTP,
        &[
            ("title", &t.title()),
            ("request", &t.built.request.to_http_text()),
        ],
    )
}

const CURL: &str = "\
# {{title}}
# GRAPH_TOKEN holds the access token; -i prints the response headers, Location is the URL of
# the new commsOperation.
curl -sS -i -X POST {{url}} \\
  -H \"Authorization: Bearer $GRAPH_TOKEN\" \\
  -H 'Content-Type: application/json' \\
  --data-raw {{body}}
";

fn curl(t: &Target) -> String {
    fill(
        CURL,
        &[
            ("title", &t.title()),
            ("url", &shell_single(t.url())),
            ("body", &shell_single(t.body())),
        ],
    )
}

/// `{ clientContext: "..." }` (or `{}`) with `string` as the language's literal.
fn js_body_object(t: &Target) -> String {
    match t.client_context() {
        Some(context) => format!("{{ clientContext: {} }}", js_string(context)),
        None => "{}".to_string(),
    }
}

const FETCH: &str = "\
// {{title}}
// Run with Node 18+ as an ES module (.mjs); GRAPH_TOKEN holds the access token.
const response = await fetch({{url}}, {
  method: \"POST\",
  headers: {
    Authorization: `Bearer ${process.env.GRAPH_TOKEN}`,
    \"Content-Type\": \"application/json\",
  },
  body: JSON.stringify({{body}}),
});
console.log(response.status, response.statusText);
// Location is the URL of the new commsOperation.
console.log(\"Location:\", response.headers.get(\"Location\"));
console.log(JSON.stringify(await response.json()));
";

fn fetch(t: &Target) -> String {
    fill(
        FETCH,
        &[
            ("title", &t.title()),
            ("url", &js_string(t.url())),
            ("body", &js_body_object(t)),
        ],
    )
}

const POWERSHELL_GRAPH: &str = "\
# {{title}}
# Invoke-MgGraphRequest is in Microsoft.Graph.Authentication; GRAPH_TOKEN holds the access token.
Connect-MgGraph -AccessToken (ConvertTo-SecureString $env:GRAPH_TOKEN -AsPlainText -Force){{environment}} -NoWelcome
$body = {{body}}
$operation = Invoke-MgGraphRequest -Method POST -Uri {{url}} -Body $body -ContentType 'application/json' `
  -ResponseHeadersVariable headers -StatusCodeVariable status
# Location is the URL of the new commsOperation.
\"$status Location: $($headers.Location)\"
$operation
# The {{module}} cmdlet sends the same action but returns only the operation:
# {{cmdlet}} -CallId {{call_id}} -BodyParameter ($body | ConvertFrom-Json -AsHashtable)
";

const POWERSHELL_WEB: &str = "\
# {{title}}
# A custom base URL is not a Graph cloud, so this sends the request itself; GRAPH_TOKEN holds
# the access token.
$body = {{body}}
$response = Invoke-WebRequest -Method Post -Uri {{url}} -Body $body `
  -Headers @{ Authorization = \"Bearer $env:GRAPH_TOKEN\" } -ContentType 'application/json; charset=utf-8'
# Location is the URL of the new commsOperation.
\"$($response.StatusCode) Location: $($response.Headers.Location)\"
$response.Content
";

fn powershell(t: &Target) -> String {
    let body = powershell_single(t.body());
    let url = powershell_single(t.url());
    if t.custom_base {
        return fill(
            POWERSHELL_WEB,
            &[("title", &t.title()), ("body", &body), ("url", &url)],
        );
    }
    let environment = match t.cloud() {
        Cloud::Global => "",
        Cloud::UsGov => " -Environment USGov",
        Cloud::Dod => " -Environment USGovDoD",
        Cloud::China => " -Environment China",
    };
    let (module, cmdlet) = if t.beta() {
        (
            "Microsoft.Graph.Beta.CloudCommunications",
            "Stop-MgBetaCommunicationCallMediaProcessing",
        )
    } else {
        (
            "Microsoft.Graph.CloudCommunications",
            "Stop-MgCommunicationCallMediaProcessing",
        )
    };
    fill(
        POWERSHELL_GRAPH,
        &[
            ("title", &t.title()),
            ("environment", environment),
            ("body", &body),
            ("url", &url),
            ("module", module),
            ("cmdlet", cmdlet),
            // In a comment: one line, nothing hidden.
            (
                "call_id",
                &visible_controls(&powershell_single(t.call_id())),
            ),
        ],
    )
}

const CSHARP: &str = "\
// {{title}}
// dotnet add package {{package}}; dotnet add package Azure.Identity
using Azure.Identity;
using {{namespace}};
using {{namespace}}.Communications.Calls.Item.CancelMediaProcessing;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

var credential = new ClientSecretCredential(\"{tenant-id}\", \"{client-id}\", \"{client-secret}\"{{authority}});
{{custom_base_note}}
var graphClient = new GraphServiceClient(credential, new[] { {{scope}} }{{base_url}});

{{request_body}}
// HeadersInspectionHandlerOption collects the response headers.
var headersOption = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
{{with_url_note}}
var operation = await graphClient.Communications.Calls[{{call_id}}].CancelMediaProcessing{{with_url}}
    .PostAsync(requestBody, config => config.Options.Add(headersOption));

// Location is the URL of the new commsOperation.
if (headersOption.ResponseHeaders.TryGetValue(\"Location\", out var location))
{
    Console.WriteLine($\"Location: {string.Join(\", \", location)}\");
}
Console.WriteLine($\"Operation: {operation?.Id}\");
";

/// The comment over a `WithUrl` call (empty when the SDK path is used); `method` is the
/// language's name for it.
fn with_url_note(t: &Target, comment: &str, method: &str) -> String {
    if t.app_path() {
        format!(
            "{comment} The SDK has no /app path: {method} sends the deprecated /app URL as it is."
        )
    } else {
        String::new()
    }
}

fn csharp(t: &Target) -> String {
    let (package, namespace) = if t.beta() {
        ("Microsoft.Graph.Beta --prerelease", "Microsoft.Graph.Beta")
    } else {
        ("Microsoft.Graph", "Microsoft.Graph")
    };
    let authority = match t.authority() {
        Authority::Public => String::new(),
        Authority::Government => ", new ClientSecretCredentialOptions { AuthorityHost = AzureAuthorityHosts.AzureGovernment }".to_string(),
        Authority::China => ", new ClientSecretCredentialOptions { AuthorityHost = AzureAuthorityHosts.AzureChina }".to_string(),
    };
    let base_url = t
        .sdk_base_url()
        .map(|url| format!(", {}", csharp_string(&url)))
        .unwrap_or_default();
    let request_body = match t.client_context() {
        Some(context) => format!(
            "var requestBody = new CancelMediaProcessingPostRequestBody\n{{\n    ClientContext = {},\n}};",
            csharp_string(context)
        ),
        None => "var requestBody = new CancelMediaProcessingPostRequestBody();".to_string(),
    };
    let with_url = t
        .with_url()
        .map(|url| format!(".WithUrl({})", csharp_string(url)))
        .unwrap_or_default();
    fill(
        CSHARP,
        &[
            ("title", &t.title()),
            ("package", package),
            ("namespace", namespace),
            ("authority", &authority),
            ("custom_base_note", &t.custom_base_note("//")),
            ("scope", &csharp_string(&t.scope())),
            ("base_url", &base_url),
            ("request_body", &request_body),
            ("with_url_note", &with_url_note(t, "//", "WithUrl")),
            ("call_id", &csharp_string(t.call_id())),
            ("with_url", &with_url),
        ],
    )
}

const GO: &str = "\
// {{title}}
// go get {{module}} github.com/Azure/azure-sdk-for-go/sdk/azidentity
package main

import (
	\"context\"
	\"fmt\"

{{cloud_imports}}
	\"github.com/Azure/azure-sdk-for-go/sdk/azidentity\"
	abstractions \"github.com/microsoft/kiota-abstractions-go\"
{{auth_import}}
	khttp \"github.com/microsoft/kiota-http-go\"
	msgraphsdk \"{{module}}\"
	graphcommunications \"{{module}}/communications\"
)

func main() {
	credential, err := azidentity.NewClientSecretCredential(\"{tenant-id}\", \"{client-id}\", \"{client-secret}\", {{credential_options}})
	if err != nil {
		panic(err)
	}
{{client}}

	requestBody := graphcommunications.NewCallsItemCancelMediaProcessingPostRequestBody()
{{client_context}}
	// HeadersInspectionOptions collects the response headers.
	headersOption := khttp.NewHeadersInspectionOptions()
	headersOption.InspectResponseHeaders = true
	config := &graphcommunications.CallsItemCancelMediaProcessingRequestBuilderPostRequestConfiguration{
		Options: []abstractions.RequestOption{headersOption},
	}
{{with_url_note}}
	operation, err := graphClient.Communications().Calls().ByCallId({{call_id}}).CancelMediaProcessing(){{with_url}}.
		Post(context.Background(), requestBody, config)
	if err != nil {
		panic(err)
	}
	// Location is the URL of the new commsOperation.
	fmt.Println(\"Location:\", headersOption.GetResponseHeaders().Get(\"Location\"))
	if operation != nil && operation.GetId() != nil {
		fmt.Println(\"Operation:\", *operation.GetId())
	}
}
";

fn go(t: &Target) -> String {
    let module = if t.beta() {
        "github.com/microsoftgraph/msgraph-beta-sdk-go"
    } else {
        "github.com/microsoftgraph/msgraph-sdk-go"
    };
    let cloud = match t.authority() {
        Authority::Public => None,
        Authority::Government => Some("cloud.AzureGovernment"),
        Authority::China => Some("cloud.AzureChina"),
    };
    let cloud_imports = if cloud.is_some() {
        "\t\"github.com/Azure/azure-sdk-for-go/sdk/azcore\"\n\t\"github.com/Azure/azure-sdk-for-go/sdk/azcore/cloud\""
    } else {
        ""
    };
    let credential_options = match cloud {
        Some(cloud) => format!(
            "&azidentity.ClientSecretCredentialOptions{{ClientOptions: azcore.ClientOptions{{Cloud: {cloud}}}}}"
        ),
        None => "nil".to_string(),
    };
    let scope = go_string(&t.scope());
    let (auth_import, client) = match t.sdk_base_url() {
        Some(base_url) => (
            "\tazauth \"github.com/microsoft/kiota-authentication-azure-go\"",
            format!(
                "{note}\tauthProvider, err := azauth.NewAzureIdentityAuthenticationProviderWithScopes(credential, []string{{{scope}}})
	if err != nil {{
		panic(err)
	}}
	adapter, err := msgraphsdk.NewGraphRequestAdapter(authProvider)
	if err != nil {{
		panic(err)
	}}
	adapter.SetBaseUrl({base_url})
	graphClient := msgraphsdk.NewGraphServiceClient(adapter)",
                note = match t.custom_base_note("//") {
                    note if note.is_empty() => note,
                    note => format!("\t{note}\n"),
                },
                base_url = go_string(&base_url),
            ),
        ),
        None => (
            "",
            format!(
                "\tgraphClient, err := msgraphsdk.NewGraphServiceClientWithCredentials(credential, []string{{{scope}}})
	if err != nil {{
		panic(err)
	}}"
            ),
        ),
    };
    let client_context = match t.client_context() {
        Some(context) => format!(
            "\tclientContext := {}\n\trequestBody.SetClientContext(&clientContext)",
            go_string(context)
        ),
        None => String::new(),
    };
    let with_url = t
        .with_url()
        .map(|url| format!(".WithUrl({})", go_string(url)))
        .unwrap_or_default();
    let note = with_url_note(t, "//", "WithUrl");
    let with_url_note = if note.is_empty() {
        note
    } else {
        format!("\t{note}")
    };
    fill(
        GO,
        &[
            ("title", &t.title()),
            ("module", module),
            ("cloud_imports", cloud_imports),
            ("auth_import", auth_import),
            ("credential_options", &credential_options),
            ("client", &client),
            ("client_context", &client_context),
            ("with_url_note", &with_url_note),
            ("call_id", &go_string(t.call_id())),
            ("with_url", &with_url),
        ],
    )
}

const JAVA: &str = "\
// {{title}}
// Maven: {{artifact}} and com.azure:azure-identity
{{authority_import}}
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import {{package}}.communications.calls.item.cancelmediaprocessing.CancelMediaProcessingPostRequestBody;
import {{package}}.models.CancelMediaProcessingOperation;
import {{package}}.serviceclient.GraphServiceClient;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;

public class CancelMediaProcessing {
    public static void main(String[] args) {
        ClientSecretCredential credential = new ClientSecretCredentialBuilder()
            .tenantId(\"{tenant-id}\")
            .clientId(\"{client-id}\")
            .clientSecret(\"{client-secret}\")
{{authority}}
            .build();
        GraphServiceClient graphClient = new GraphServiceClient(credential, {{scope}});
{{custom_base_note}}
{{base_url}}

        CancelMediaProcessingPostRequestBody requestBody = new CancelMediaProcessingPostRequestBody();
{{client_context}}
        // HeadersInspectionOption collects the response headers.
        HeadersInspectionOption headersOption = new HeadersInspectionOption();
        headersOption.setInspectResponseHeaders(true);
{{with_url_note}}
        CancelMediaProcessingOperation operation = graphClient.communications().calls()
            .byCallId({{call_id}}).cancelMediaProcessing(){{with_url}}
            .post(requestBody, config -> config.options.add(headersOption));

        // Location is the URL of the new commsOperation.
        System.out.println(\"Location: \" + headersOption.getResponseHeaders().get(\"Location\"));
        System.out.println(\"Operation: \" + (operation == null ? null : operation.getId()));
    }
}
";

fn java(t: &Target) -> String {
    let (artifact, package) = if t.beta() {
        (
            "com.microsoft.graph:microsoft-graph-beta",
            "com.microsoft.graph.beta",
        )
    } else {
        (
            "com.microsoft.graph:microsoft-graph (v6)",
            "com.microsoft.graph",
        )
    };
    let host = match t.authority() {
        Authority::Public => None,
        Authority::Government => Some("AZURE_GOVERNMENT"),
        Authority::China => Some("AZURE_CHINA"),
    };
    let (authority_import, authority) = match host {
        Some(host) => (
            "import com.azure.identity.AzureAuthorityHosts;",
            format!("            .authorityHost(AzureAuthorityHosts.{host})"),
        ),
        None => ("", String::new()),
    };
    let base_url = t
        .sdk_base_url()
        .map(|url| {
            format!(
                "        graphClient.getRequestAdapter().setBaseUrl({});",
                java_string(&url)
            )
        })
        .unwrap_or_default();
    let client_context = t
        .client_context()
        .map(|context| {
            format!(
                "        requestBody.setClientContext({});",
                java_string(context)
            )
        })
        .unwrap_or_default();
    let with_url = t
        .with_url()
        .map(|url| format!(".withUrl({})", java_string(url)))
        .unwrap_or_default();
    let indent = |note: String| indent_note(note, "        ");
    fill(
        JAVA,
        &[
            ("title", &t.title()),
            ("artifact", artifact),
            ("package", package),
            ("authority_import", authority_import),
            ("authority", &authority),
            ("scope", &java_string(&t.scope())),
            ("custom_base_note", &indent(t.custom_base_note("//"))),
            ("base_url", &base_url),
            ("client_context", &client_context),
            ("with_url_note", &indent(with_url_note(t, "//", "withUrl"))),
            ("call_id", &java_string(t.call_id())),
            ("with_url", &with_url),
        ],
    )
}

/// Indents a note line, leaving an empty note empty (so its template line disappears).
fn indent_note(note: String, indent: &str) -> String {
    if note.is_empty() {
        note
    } else {
        format!("{indent}{note}")
    }
}

const PYTHON: &str = "\
# {{title}}
# pip install {{distribution}} azure-identity
import asyncio

{{authority_import}}
from azure.identity.aio import ClientSecretCredential
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_http.middleware.options import HeadersInspectionHandlerOption
from {{package}} import GraphServiceClient
from {{package}}.generated.communications.calls.item.cancel_media_processing.cancel_media_processing_post_request_body import (
    CancelMediaProcessingPostRequestBody,
)


async def main() -> None:
    credential = ClientSecretCredential(\"{tenant-id}\", \"{client-id}\", \"{client-secret}\"{{authority}})
    graph_client = GraphServiceClient(credential, [{{scope}}])
{{custom_base_note}}
{{base_url}}
    request_body = CancelMediaProcessingPostRequestBody({{client_context}})
    # HeadersInspectionHandlerOption collects the response headers.
    headers_option = HeadersInspectionHandlerOption(inspect_response_headers=True)
{{with_url_note}}
    operation = await graph_client.communications.calls.by_call_id({{call_id}}).cancel_media_processing{{with_url}}.post(
        request_body, RequestConfiguration(options=[headers_option])
    )
    # Location is the URL of the new commsOperation.
    print(\"Location:\", headers_option.response_headers.get(\"Location\"))
    print(\"Operation:\", operation.id if operation else None)


asyncio.run(main())
";

fn python(t: &Target) -> String {
    let (distribution, package) = if t.beta() {
        ("msgraph-beta-sdk", "msgraph_beta")
    } else {
        ("msgraph-sdk", "msgraph")
    };
    let host = match t.authority() {
        Authority::Public => None,
        Authority::Government => Some("AZURE_GOVERNMENT"),
        Authority::China => Some("AZURE_CHINA"),
    };
    let (authority_import, authority) = match host {
        Some(host) => (
            "from azure.identity import AzureAuthorityHosts",
            format!(", authority=AzureAuthorityHosts.{host}"),
        ),
        None => ("", String::new()),
    };
    let base_url = t
        .sdk_base_url()
        .map(|url| {
            format!(
                "    graph_client.request_adapter.base_url = {}",
                python_string(&url)
            )
        })
        .unwrap_or_default();
    let client_context = t
        .client_context()
        .map(|context| format!("client_context={}", python_string(context)))
        .unwrap_or_default();
    let with_url = t
        .with_url()
        .map(|url| format!(".with_url({})", python_string(url)))
        .unwrap_or_default();
    let indent = |note: String| indent_note(note, "    ");
    fill(
        PYTHON,
        &[
            ("title", &t.title()),
            ("distribution", distribution),
            ("package", package),
            ("authority_import", authority_import),
            ("authority", &authority),
            ("scope", &python_string(&t.scope())),
            ("custom_base_note", &indent(t.custom_base_note("#"))),
            ("base_url", &base_url),
            ("client_context", &client_context),
            ("with_url_note", &indent(with_url_note(t, "#", "with_url"))),
            ("call_id", &python_string(t.call_id())),
            ("with_url", &with_url),
        ],
    )
}

const JAVASCRIPT: &str = "\
// {{title}}
// npm install @microsoft/microsoft-graph-client @azure/identity
import { {{identity_imports}} } from \"@azure/identity\";
import { Client, ResponseType } from \"@microsoft/microsoft-graph-client\";
import { TokenCredentialAuthenticationProvider } from \"@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials\";

const credential = new ClientSecretCredential(\"{tenant-id}\", \"{client-id}\", \"{client-secret}\"{{authority}});
const authProvider = new TokenCredentialAuthenticationProvider(credential, {
  scopes: [{{scope}}],
});
{{custom_base_note}}
const client = Client.initWithMiddleware({ {{client_options}} });

// ResponseType.RAW returns the fetch Response, so its headers can be read.
const response = await client
  .api({{path}})
  .responseType(ResponseType.RAW)
  .post({{body}});
// Location is the URL of the new commsOperation.
console.log(\"Location:\", response.headers.get(\"Location\"));
console.log(await response.json());
";

fn javascript(t: &Target) -> String {
    let (identity_imports, authority) = match t.authority() {
        Authority::Public => ("ClientSecretCredential", String::new()),
        Authority::Government => (
            "AzureAuthorityHosts, ClientSecretCredential",
            ", {\n  authorityHost: AzureAuthorityHosts.AzureGovernment,\n}".to_string(),
        ),
        Authority::China => (
            "AzureAuthorityHosts, ClientSecretCredential",
            ", {\n  authorityHost: AzureAuthorityHosts.AzureChina,\n}".to_string(),
        ),
    };
    let mut client_options = vec!["authProvider".to_string()];
    if t.root != Cloud::Global.graph_root() {
        // This client takes the root without the version.
        client_options.push(format!("baseUrl: {}", js_string(&t.root)));
    }
    if t.beta() {
        client_options.push("defaultVersion: \"beta\"".to_string());
    }
    let custom_base_note = if t.custom_base {
        "// Custom base URL: the client sends the token only to https Graph hosts and customHosts."
    } else {
        ""
    };
    fill(
        JAVASCRIPT,
        &[
            ("title", &t.title()),
            ("identity_imports", identity_imports),
            ("authority", &authority),
            ("scope", &js_string(&t.scope())),
            ("custom_base_note", custom_base_note),
            ("client_options", &client_options.join(", ")),
            ("path", &js_string(&t.path())),
            ("body", &js_body_object(t)),
        ],
    )
}

const RUST: &str = "\
// {{title}}
// Cargo.toml: reqwest = { version = \"0.12\", features = [\"blocking\"] }
use reqwest::header::{CONTENT_TYPE, LOCATION};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var(\"GRAPH_TOKEN\")?;
    let response = reqwest::blocking::Client::new()
        .post({{url}})
        .bearer_auth(token)
        .header(CONTENT_TYPE, \"application/json\")
        .body({{body}})
        .send()?;
    println!(\"{}\", response.status());
    // Location is the URL of the new commsOperation.
    if let Some(location) = response.headers().get(LOCATION) {
        println!(\"Location: {}\", location.to_str()?);
    }
    println!(\"{}\", response.text()?);
    Ok(())
}
";

fn rust(t: &Target) -> String {
    fill(
        RUST,
        &[
            ("title", &t.title()),
            ("url", &rust_string(t.url())),
            ("body", &rust_string(t.body())),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::request::{build, CancelMediaProcessingRequest, EXAMPLE_CALL_ID};

    /// Quotes, backslash, `$`, backtick, `'`, newline, U+0001, an emoji, `%`, `{}`, `${}`, `$()`
    /// and the typographic quotes PowerShell also reads as quotes.
    const HOSTILE: &str = "a\"b\\c$HOME`d'e\nf\u{1}g😀h%s{}{0}${x}$(id)‘i’";

    const URL: &str = "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing";

    fn request(context: Option<&str>) -> CancelMediaProcessingRequest {
        CancelMediaProcessingRequest {
            call_id: EXAMPLE_CALL_ID.into(),
            client_context: context.map(Into::into),
            ..Default::default()
        }
    }

    /// Renders `input` in `format` and checks what must and must not be in it.
    fn check(
        format: SnippetFormat,
        input: CancelMediaProcessingRequest,
        present: &[&str],
        absent: &[&str],
    ) {
        let built = build(&input).expect("test input builds");
        let snippet = render(&built, format);
        for text in present {
            assert!(
                snippet.contains(text),
                "{} snippet lacks {text:?}:\n{snippet}",
                format.as_str()
            );
        }
        for text in absent {
            assert!(
                !snippet.contains(text),
                "{} snippet has {text:?}:\n{snippet}",
                format.as_str()
            );
        }
        if format != SnippetFormat::Http {
            assert!(!snippet.contains("{token}"), "{snippet}");
        }
    }

    #[test]
    fn formats_round_trip_through_their_names() {
        for format in SnippetFormat::ALL {
            assert_eq!(SnippetFormat::parse(format.as_str()), Some(format));
            assert_eq!(
                SnippetFormat::parse(&format.as_str().to_uppercase()),
                Some(format)
            );
            assert!(!format.label().is_empty());
        }
        assert_eq!(SnippetFormat::parse(" C# "), Some(SnippetFormat::CSharp));
        assert_eq!(
            SnippetFormat::parse("pwsh"),
            Some(SnippetFormat::PowerShell)
        );
        assert_eq!(SnippetFormat::parse("js"), Some(SnippetFormat::JavaScript));
        assert_eq!(SnippetFormat::parse("cobol"), None);
        assert_eq!(SnippetFormat::CSharp.label(), "C# (Graph SDK)");
        assert_eq!(SnippetFormat::Fetch.label(), "JavaScript fetch");
    }

    #[test]
    fn escapers_handle_hostile_text() {
        let c_like = r#""a\"b\\c$HOME`d'e\nf\u0001g😀h%s{}{0}${x}$(id)‘i’""#;
        type Escaper = fn(&str) -> String;
        let cases: [(Escaper, &str); 8] = [
            (js_string, c_like),
            (csharp_string, c_like),
            (java_string, c_like),
            (go_string, c_like),
            (python_string, c_like),
            (
                rust_string,
                r#""a\"b\\c$HOME`d'e\nf\u{1}g😀h%s{}{0}${x}$(id)‘i’""#,
            ),
            (
                shell_single,
                "'a\"b\\c$HOME`d'\\''e\nf'$'\\x01''g😀h%s{}{0}${x}$(id)‘i’'",
            ),
            (
                powershell_single,
                "('a\"b\\c$HOME`d''e\nf' + [char]0x1 + 'g😀h%s{}{0}${x}$(id)‘‘i’’')",
            ),
        ];
        for (escape, expected) in cases {
            assert_eq!(escape(HOSTILE), expected);
        }
    }

    #[test]
    fn escapers_handle_line_separators_and_c1_controls() {
        let text = "\r\t\u{0}\u{7f}\u{85}\u{2028}\u{2029}\u{201a}\u{201b}";
        assert_eq!(
            csharp_string(text),
            r#""\r\t\u0000\u007f\u0085\u2028\u2029‚‛""#
        );
        assert_eq!(
            rust_string(text),
            r#""\r\t\u{0}\u{7f}\u{85}\u{2028}\u{2029}‚‛""#
        );
        assert_eq!(powershell_single("‚‛"), "'‚‚‛‛'");
        // A user-typed Java unicode escape stays text: its backslash is escaped.
        assert_eq!(java_string(r"\u0022"), r#""\\u0022""#);
        assert_eq!(shell_single(""), "''");
    }

    /// Bidi override and isolate, BOM, zero-width space, line separator, C1 CSI, DEL, Arabic
    /// letter mark: rustc refuses bidi characters raw, Go a BOM, and all of them hide or
    /// reorder what a reader sees.
    const DECEPTIVE: &str = "r\u{202e}l\u{2066}i\u{feff}b\u{200b}z\u{2028}p\u{9b}d\u{7f}e\u{61c}";

    #[test]
    fn escapers_escape_bidi_bom_separators_and_invisible_characters() {
        let u_four = r#""r\u202el\u2066i\ufeffb\u200bz\u2028p\u009bd\u007fe\u061c""#;
        type Escaper = fn(&str) -> String;
        let cases: [(Escaper, &str); 8] = [
            (js_string, u_four),
            (csharp_string, u_four),
            (java_string, u_four),
            (go_string, u_four),
            (python_string, u_four),
            (
                rust_string,
                r#""r\u{202e}l\u{2066}i\u{feff}b\u{200b}z\u{2028}p\u{9b}d\u{7f}e\u{61c}""#,
            ),
            (
                shell_single,
                r"'r'$'\xe2\x80\xae''l'$'\xe2\x81\xa6''i'$'\xef\xbb\xbf''b'$'\xe2\x80\x8b''z'$'\xe2\x80\xa8''p'$'\xc2\x9b''d'$'\x7f''e'$'\xd8\x9c'",
            ),
            (
                powershell_single,
                "('r' + [char]0x202e + 'l' + [char]0x2066 + 'i' + [char]0xfeff + 'b' + [char]0x200b + 'z' + [char]0x2028 + 'p' + [char]0x9b + 'd' + [char]0x7f + 'e' + [char]0x61c)",
            ),
        ];
        for (escape, expected) in cases {
            assert_eq!(escape(DECEPTIVE), expected);
        }
        // Runs stay together; a leading one still starts with a string; line breaks and tabs
        // stay raw in the quoted shells, where they are plain text.
        assert_eq!(shell_single("\u{1b}\u{7}a\nb\t"), "$'\\x1b\\x07''a\nb\t'");
        assert_eq!(
            powershell_single("\u{1b}\u{7}a'\n"),
            "('' + [char]0x1b + [char]0x7 + 'a''\n')"
        );
    }

    #[test]
    fn every_format_escapes_bidi_bom_and_invisible_characters() {
        use crate::diagnostic::is_hidden_or_control;
        for format in SnippetFormat::ALL {
            let built = build(&request(Some(DECEPTIVE))).expect("builds");
            let snippet = render(&built, format);
            if let Some(c) = snippet
                .chars()
                .find(|&c| c != '\n' && c != '\t' && is_hidden_or_control(c))
            {
                panic!(
                    "{} snippet holds U+{:04X} raw:\n{snippet}",
                    format.as_str(),
                    u32::from(c)
                );
            }
            // The bidi override is there as an escape: of the JSON body (raw HTTP, the shells,
            // Rust) or of the language's string literal (the others).
            assert!(
                snippet.contains("\\u202e"),
                "{}:\n{snippet}",
                format.as_str()
            );
        }
    }

    #[test]
    fn fill_puts_values_in_once_and_drops_empty_lone_slots() {
        let out = fill(
            "a {{x}} b\n  {{gone}}\n{{y}}{{unknown}}\n",
            &[("x", "{{y}}"), ("y", "Y"), ("gone", "")],
        );
        assert_eq!(out, "a {{y}} b\nY{{unknown}}\n");
    }

    #[test]
    #[rustfmt::skip]
    fn every_format_renders_the_plain_request() {
        use SnippetFormat::*;
        let plain = || request(Some("clientContext-value"));
        let ctx = "\"clientContext-value\"";
        check(Http, plain(), &[&format!("POST {URL}\n"), "Authorization: Bearer {token}", "Content-Length: 44", "\"clientContext\": \"clientContext-value\"", "Location header"], &[]);
        check(Curl, plain(), &[&format!("curl -sS -i -X POST '{URL}'"), "\"Authorization: Bearer $GRAPH_TOKEN\"", "--data-raw '{\n  \"clientContext\": \"clientContext-value\"\n}'"], &[]);
        check(Fetch, plain(), &[&format!("await fetch(\"{URL}\""), "`Bearer ${process.env.GRAPH_TOKEN}`", &format!("JSON.stringify({{ clientContext: {ctx} }})"), "response.headers.get(\"Location\")"], &[]);
        check(PowerShell, plain(), &[&format!("-Uri '{URL}'"), "ConvertTo-SecureString $env:GRAPH_TOKEN", "$body = '{\n  \"clientContext\": \"clientContext-value\"\n}'", "-ResponseHeadersVariable headers", "$($headers.Location)", "# Stop-MgCommunicationCallMediaProcessing -CallId '57dab8b1-894c-409a-b240-bd8beae78896'"], &["-Environment"]);
        check(CSharp, plain(), &["using Microsoft.Graph.Communications.Calls.Item.CancelMediaProcessing;", &format!("ClientContext = {ctx},"), "graphClient.Communications.Calls[\"57dab8b1-894c-409a-b240-bd8beae78896\"].CancelMediaProcessing\n    .PostAsync(requestBody, config => config.Options.Add(headersOption));", "new GraphServiceClient(credential, new[] { \"https://graph.microsoft.com/.default\" });", "headersOption.ResponseHeaders.TryGetValue(\"Location\", out var location)"], &["WithUrl", "AuthorityHost"]);
        check(Go, plain(), &["graphcommunications \"github.com/microsoftgraph/msgraph-sdk-go/communications\"", "graphcommunications.NewCallsItemCancelMediaProcessingPostRequestBody()", &format!("clientContext := {ctx}"), "msgraphsdk.NewGraphServiceClientWithCredentials(credential, []string{\"https://graph.microsoft.com/.default\"})", "ByCallId(\"57dab8b1-894c-409a-b240-bd8beae78896\").CancelMediaProcessing().\n\t\tPost(context.Background(), requestBody, config)", "headersOption.GetResponseHeaders().Get(\"Location\")"], &["SetBaseUrl", "azcore"]);
        check(Java, plain(), &["import com.microsoft.graph.communications.calls.item.cancelmediaprocessing.CancelMediaProcessingPostRequestBody;", "import com.microsoft.graph.serviceclient.GraphServiceClient;", &format!("requestBody.setClientContext({ctx});"), ".byCallId(\"57dab8b1-894c-409a-b240-bd8beae78896\").cancelMediaProcessing()\n", "config -> config.options.add(headersOption)", "headersOption.getResponseHeaders().get(\"Location\")"], &["setBaseUrl", "authorityHost"]);
        check(Python, plain(), &["from msgraph import GraphServiceClient", "from msgraph.generated.communications.calls.item.cancel_media_processing.cancel_media_processing_post_request_body import (", &format!("CancelMediaProcessingPostRequestBody(client_context={ctx})"), "graph_client.communications.calls.by_call_id(\"57dab8b1-894c-409a-b240-bd8beae78896\").cancel_media_processing.post(", "headers_option.response_headers.get(\"Location\")"], &["base_url", "authority="]);
        check(JavaScript, plain(), &["import { ClientSecretCredential } from \"@azure/identity\";", "Client.initWithMiddleware({ authProvider });", ".api(\"/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing\")", &format!(".post({{ clientContext: {ctx} }});"), "response.headers.get(\"Location\")"], &["baseUrl", "defaultVersion"]);
        check(Rust, plain(), &[&format!(".post(\"{URL}\")"), "std::env::var(\"GRAPH_TOKEN\")", ".body(\"{\\n  \\\"clientContext\\\": \\\"clientContext-value\\\"\\n}\")", "response.headers().get(LOCATION)"], &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn every_format_escapes_a_hostile_client_context() {
        use SnippetFormat::*;
        let hostile = || request(Some(HOSTILE));
        let c_like = r#""a\"b\\c$HOME`d'e\nf\u0001g😀h%s{}{0}${x}$(id)‘i’""#;
        // The JSON body serde_json wrote, as each shell quotes it.
        let json = r#""clientContext": "a\"b\\c$HOME`d'e\nf\u0001g😀h%s{}{0}${x}$(id)‘i’""#;
        check(Http, hostile(), &[json], &[]);
        check(Curl, hostile(), &[&json.replace('\'', r"'\''")], &[]);
        check(Fetch, hostile(), &[&format!("JSON.stringify({{ clientContext: {c_like} }})")], &[]);
        check(PowerShell, hostile(), &[&json.replace('\'', "''").replace('‘', "‘‘").replace('’', "’’")], &[]);
        check(CSharp, hostile(), &[&format!("    ClientContext = {c_like},\n")], &["$\"a\\\""]);
        check(Go, hostile(), &[&format!("\tclientContext := {c_like}\n")], &[]);
        check(Java, hostile(), &[&format!("requestBody.setClientContext({c_like});")], &["String.format"]);
        check(Python, hostile(), &[&format!("CancelMediaProcessingPostRequestBody(client_context={c_like})")], &["f\"a"]);
        check(JavaScript, hostile(), &[&format!(".post({{ clientContext: {c_like} }});")], &[]);
        check(Rust, hostile(), &[r#"\"clientContext\": \"a\\\"b\\\\c$HOME`d'e\\nf\\u0001g😀h%s{}{0}${x}$(id)‘i’\""#], &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn no_client_context_means_an_empty_body_everywhere() {
        use SnippetFormat::*;
        check(Curl, request(None), &["--data-raw '{}'"], &["clientContext"]);
        check(Fetch, request(None), &["JSON.stringify({})"], &["clientContext"]);
        check(CSharp, request(None), &["var requestBody = new CancelMediaProcessingPostRequestBody();"], &["ClientContext ="]);
        check(Go, request(None), &["NewCallsItemCancelMediaProcessingPostRequestBody()\n\t// Headers"], &["SetClientContext"]);
        check(Java, request(None), &["new CancelMediaProcessingPostRequestBody();\n        // Headers"], &["setClientContext"]);
        check(Python, request(None), &["CancelMediaProcessingPostRequestBody()\n"], &["client_context="]);
        check(JavaScript, request(None), &[".post({});"], &["clientContext"]);
        check(Rust, request(None), &[".body(\"{}\")"], &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn beta_uses_the_beta_sdks() {
        use SnippetFormat::*;
        let beta = || CancelMediaProcessingRequest {
            version: ApiVersion::Beta,
            ..request(Some("x"))
        };
        check(Curl, beta(), &["https://graph.microsoft.com/beta/communications/calls/"], &["v1.0"]);
        check(PowerShell, beta(), &["# Stop-MgBetaCommunicationCallMediaProcessing", "Microsoft.Graph.Beta.CloudCommunications"], &[]);
        check(CSharp, beta(), &["using Microsoft.Graph.Beta;", "using Microsoft.Graph.Beta.Communications.Calls.Item.CancelMediaProcessing;", "Microsoft.Graph.Beta --prerelease"], &["base", "v1.0"]);
        check(Go, beta(), &["msgraphsdk \"github.com/microsoftgraph/msgraph-beta-sdk-go\"", "\"github.com/microsoftgraph/msgraph-beta-sdk-go/communications\""], &["msgraph-sdk-go\""]);
        check(Java, beta(), &["import com.microsoft.graph.beta.communications.calls.item.cancelmediaprocessing.CancelMediaProcessingPostRequestBody;", "import com.microsoft.graph.beta.serviceclient.GraphServiceClient;", "microsoft-graph-beta"], &[]);
        check(Python, beta(), &["from msgraph_beta import GraphServiceClient", "from msgraph_beta.generated.communications.calls.item.cancel_media_processing", "pip install msgraph-beta-sdk"], &[]);
        check(JavaScript, beta(), &["Client.initWithMiddleware({ authProvider, defaultVersion: \"beta\" });"], &["baseUrl"]);
    }

    #[test]
    #[rustfmt::skip]
    fn national_clouds_set_authority_scope_and_base_url() {
        use SnippetFormat::*;
        let cloud = |cloud| CancelMediaProcessingRequest {
            cloud,
            ..request(Some("x"))
        };
        check(PowerShell, cloud(Cloud::UsGov), &[" -Environment USGov -NoWelcome", "-Uri 'https://graph.microsoft.us/v1.0/communications/calls/"], &[]);
        check(PowerShell, cloud(Cloud::Dod), &[" -Environment USGovDoD -NoWelcome"], &[]);
        check(CSharp, cloud(Cloud::UsGov), &["AuthorityHost = AzureAuthorityHosts.AzureGovernment", "new[] { \"https://graph.microsoft.us/.default\" }, \"https://graph.microsoft.us/v1.0\");"], &[]);
        check(CSharp, cloud(Cloud::China), &["AzureAuthorityHosts.AzureChina", "\"https://microsoftgraph.chinacloudapi.cn/v1.0\""], &[]);
        check(Go, cloud(Cloud::Dod), &["ClientOptions: azcore.ClientOptions{Cloud: cloud.AzureGovernment}", "azauth.NewAzureIdentityAuthenticationProviderWithScopes(credential, []string{\"https://dod-graph.microsoft.us/.default\"})", "adapter.SetBaseUrl(\"https://dod-graph.microsoft.us/v1.0\")", "graphClient := msgraphsdk.NewGraphServiceClient(adapter)"], &["WithCredentials"]);
        check(Java, cloud(Cloud::China), &["import com.azure.identity.AzureAuthorityHosts;", ".authorityHost(AzureAuthorityHosts.AZURE_CHINA)", "graphClient.getRequestAdapter().setBaseUrl(\"https://microsoftgraph.chinacloudapi.cn/v1.0\");"], &[]);
        check(Python, cloud(Cloud::UsGov), &["authority=AzureAuthorityHosts.AZURE_GOVERNMENT", "[\"https://graph.microsoft.us/.default\"]", "graph_client.request_adapter.base_url = \"https://graph.microsoft.us/v1.0\""], &[]);
        check(JavaScript, cloud(Cloud::China), &["authorityHost: AzureAuthorityHosts.AzureChina", "baseUrl: \"https://microsoftgraph.chinacloudapi.cn\""], &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn custom_base_url_and_app_path() {
        use SnippetFormat::*;
        let custom = || CancelMediaProcessingRequest {
            base_url: Some("http://127.0.0.1:8080/graph/".into()),
            path_style: PathStyle::App,
            cloud: Cloud::China,
            ..request(Some("x"))
        };
        let url = "http://127.0.0.1:8080/graph/v1.0/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing";
        check(Curl, custom(), &[&format!("'{url}'")], &[]);
        check(PowerShell, custom(), &["Invoke-WebRequest", "\"Bearer $env:GRAPH_TOKEN\"", &format!("-Uri '{url}'"), "$($response.Headers.Location)"], &["Connect-MgGraph", "-Environment"]);
        check(CSharp, custom(), &[&format!(".CancelMediaProcessing.WithUrl(\"{url}\")"), "\"https://graph.microsoft.com/.default\" }, \"http://127.0.0.1:8080/graph/v1.0\");", "sends the token only to hosts it allows"], &["AzureChina"]);
        check(Go, custom(), &[&format!(".CancelMediaProcessing().WithUrl(\"{url}\")."), "adapter.SetBaseUrl(\"http://127.0.0.1:8080/graph/v1.0\")"], &["cloud.AzureChina"]);
        check(Java, custom(), &[&format!(".cancelMediaProcessing().withUrl(\"{url}\")")], &["AZURE_CHINA"]);
        check(Python, custom(), &[&format!(".cancel_media_processing.with_url(\"{url}\").post("), "# The SDK has no /app path: with_url"], &[]);
        check(JavaScript, custom(), &["baseUrl: \"http://127.0.0.1:8080/graph\"", ".api(\"/app/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing\")"], &["AzureChina"]);
        check(Rust, custom(), &[&format!(".post(\"{url}\")")], &[]);
    }

    #[test]
    #[rustfmt::skip]
    fn hostile_base_url_is_escaped_too() {
        use SnippetFormat::*;
        let odd = || CancelMediaProcessingRequest {
            base_url: Some("https://h/a'b\"c$d".into()),
            ..request(Some("x"))
        };
        check(Curl, odd(), &["'https://h/a'\\''b\"c$d/v1.0/"], &[]);
        check(PowerShell, odd(), &["-Uri 'https://h/a''b\"c$d/v1.0/"], &[]);
        check(Fetch, odd(), &["fetch(\"https://h/a'b\\\"c$d/v1.0/"], &[]);
        check(CSharp, odd(), &["\"https://h/a'b\\\"c$d/v1.0\""], &[]);
    }

    #[test]
    fn hand_made_requests_do_not_panic() {
        let built = BuiltRequest {
            input: CancelMediaProcessingRequest {
                call_id: "x\ny".into(),
                ..Default::default()
            },
            request: crate::graph::http::HttpRequest {
                method: "POST".into(),
                url: "nonsense".into(),
                headers: Vec::new(),
                body: String::new(),
            },
            diagnostics: Vec::new(),
        };
        for format in SnippetFormat::ALL {
            let snippet = render(&built, format);
            assert!(snippet.contains("cancelMediaProcessing"), "{snippet}");
        }
        let snippet = render(&built, SnippetFormat::PowerShell);
        assert!(snippet.contains("-CallId 'x\\u000ay'"), "{snippet}");
    }
}
