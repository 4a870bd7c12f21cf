//! Ids as Graph spells them: GUIDs in any case, with or without dashes, inside URLs.

use serde::Serialize;

/// The call id and operation id named by a URL such as a `Location` header or a `resourceUrl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ResourceIds {
    /// The call id, normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// The operation id, normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// The participant id, normalised, for participant URLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_id: Option<String>,
}

/// The one GUID parser: 32 hex digits in any case, bare or dashed 8-4-4-4-12, optionally in
/// braces; returns the lowercase dashed form. Nothing else is a GUID (no trimming here).
pub fn parse_guid(text: &str) -> Option<String> {
    let digits = guid_digits(text)?;
    // ASCII hex digits only.
    let digits = std::str::from_utf8(&digits).ok()?;
    let mut out = String::with_capacity(36);
    for (index, (from, to)) in [(0, 8), (8, 12), (12, 16), (16, 20), (20, 32)]
        .into_iter()
        .enumerate()
    {
        if index > 0 {
            out.push('-');
        }
        out.push_str(digits.get(from..to)?);
    }
    Some(out)
}

/// Where the dashes of the dashed form are.
const DASHES: [usize; 4] = [8, 13, 18, 23];

/// The 32 hex digits of what [`parse_guid`] accepts, lowercased, without allocating.
fn guid_digits(text: &str) -> Option<[u8; 32]> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let bytes = inner.as_bytes();
    let mut digits = [0u8; 32];
    let hex = |slot: &mut u8, byte: &u8| {
        *slot = byte.to_ascii_lowercase();
        byte.is_ascii_hexdigit()
    };
    let all_hex = match bytes.len() {
        32 => digits
            .iter_mut()
            .zip(bytes)
            .fold(true, |ok, (slot, byte)| hex(slot, byte) & ok),
        36 => {
            let dashes = DASHES.iter().all(|&at| bytes.get(at) == Some(&b'-'));
            // The five groups between the dashes, one after another.
            let undashed = [(0, 8), (9, 13), (14, 18), (19, 23), (24, 36)]
                .into_iter()
                .flat_map(|(from, to)| bytes.get(from..to).unwrap_or_default());
            dashes
                && digits
                    .iter_mut()
                    .zip(undashed)
                    .fold(true, |ok, (slot, byte)| hex(slot, byte) & ok)
        }
        _ => false,
    };
    all_hex.then_some(digits)
}

/// True for what [`parse_guid`] accepts.
pub fn is_guid(text: &str) -> bool {
    guid_digits(text).is_some()
}

/// True when `text` is already what [`parse_guid`] returns: lowercase dashed, no braces.
fn is_normal_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 36 {
        return false;
    }
    // Byte-sized tallies without early exit, which vectorise.
    let (digits, dashes) = bytes.iter().fold((0u8, 0u8), |(digits, dashes), &byte| {
        let digit = byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte);
        (
            digits.wrapping_add(u8::from(digit)),
            dashes.wrapping_add(u8::from(byte == b'-')),
        )
    });
    // 32 digits and 4 dashes make the 36 bytes, so the dashes in place are the only dashes.
    digits == 32 && dashes == 4 && DASHES.iter().all(|&at| bytes.get(at) == Some(&b'-'))
}

/// `text` without leading and trailing whitespace, as `str::trim` gives it: an id that starts and
/// ends with printable ASCII (every id Graph sends) is returned without a Unicode class lookup.
fn trim(text: &str) -> &str {
    let printable = |byte: Option<&u8>| byte.is_some_and(|&b| b.is_ascii_graphic());
    let bytes = text.as_bytes();
    if printable(bytes.first()) && printable(bytes.last()) {
        return text;
    }
    text.trim()
}

/// Lowercase dashed form of a GUID written in any case, with or without dashes or braces (see
/// [`parse_guid`]); any other id is returned as it is (trimmed).
pub fn normalize_id(id: &str) -> String {
    let trimmed = trim(id);
    if is_normal_guid(trimmed) {
        // The form Graph sends: nothing to rewrite.
        return trimmed.to_string();
    }
    parse_guid(trimmed).unwrap_or_else(|| trimmed.to_string())
}

/// True when two ids name the same thing once case and dashes are normalised (what comparing
/// their [`normalize_id`] forms ignoring case says, without allocating).
pub fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (trim(a), trim(b));
    if a == b {
        // Equal text normalises equally (the usual case: two ids already normalised).
        return true;
    }
    match (guid_digits(a), guid_digits(b)) {
        (Some(a), Some(b)) => a == b,
        // A GUID's normalised form is itself a GUID, so it never equals one that is not.
        (Some(_), None) | (None, Some(_)) => false,
        (None, None) => a.eq_ignore_ascii_case(b),
    }
}

/// Extracts call, operation and participant ids from an absolute or relative Graph URL:
/// `https://graph.microsoft.com/v1.0/communications/calls/{c}/operations/{o}`,
/// `/communications/calls/{c}/participants/{p}`, `/app/calls/{c}`, `communications/calls/{c}`.
/// Each id is the segment after the first segment that names its collection (any case),
/// normalised: [`id_segments`], each through [`normalize_id`].
pub fn parse_resource_url(url: &str) -> ResourceIds {
    id_segments(url).normalized()
}

/// The id segments of a Graph URL as [`parse_resource_url`] finds them, borrowed as written
/// (not normalised): what a decoder reads of every notification's URL without copying it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IdSegments<'a> {
    /// The segment after `calls`.
    pub call_id: Option<&'a str>,
    /// The segment after `operations`.
    pub operation_id: Option<&'a str>,
    /// The segment after `participants`.
    pub participant_id: Option<&'a str>,
}

impl IdSegments<'_> {
    /// Each id normalised, as [`parse_resource_url`] gives them.
    pub fn normalized(&self) -> ResourceIds {
        ResourceIds {
            call_id: self.call_id.map(normalize_id),
            operation_id: self.operation_id.map(normalize_id),
            participant_id: self.participant_id.map(normalize_id),
        }
    }
}

/// The id segments of `url` (see [`parse_resource_url`]), nothing copied.
pub fn id_segments(url: &str) -> IdSegments<'_> {
    // Per collection (calls, operations, participants): its id once found, and whether a
    // segment named it already.
    let mut ids: [Option<&str>; 3] = [None, None, None];
    let mut named = [false; 3];
    // The collection the segment just before named: the next segment is its id.
    let mut wanted: Option<usize> = None;
    let mut segment = |segment| {
        if let Some(slot) = wanted.take().and_then(|at| ids.get_mut(at)) {
            *slot = Some(segment);
        }
        // Told apart by length before any byte is compared (names are distinct, so one fits).
        let collection = match segment.len() {
            5 if segment.eq_ignore_ascii_case("calls") => Some(0),
            10 if segment.eq_ignore_ascii_case("operations") => Some(1),
            12 if segment.eq_ignore_ascii_case("participants") => Some(2),
            _ => None,
        };
        if let Some(at) = collection {
            if let Some(seen) = named.get_mut(at).filter(|seen| !**seen) {
                *seen = true;
                wanted = Some(at);
            }
        }
    };
    // A segment ends at each `/`, the path at `?`, `#` or the end (ASCII bytes, so every
    // segment is a whole str); empty segments are skipped. The separators are found eight
    // bytes at a time: a URL is mostly long ids between few of them.
    let bytes = url.as_bytes();
    let mut start = 0;
    // The separator at `at`: the segment before it is read; false once the path has ended.
    let mut separator = |at: usize| {
        if let Some(text) = url.get(start..at).filter(|s| !s.is_empty()) {
            segment(text);
        }
        start = at + 1;
        bytes.get(at) == Some(&b'/')
    };
    // Every word; the last few bytes padded with zeros, which are no separator.
    let words = bytes.chunks_exact(8);
    let mut last = [0u8; 8];
    for (slot, &byte) in last.iter_mut().zip(words.remainder()) {
        *slot = byte;
    }
    let padded = words
        .map(|word| word.try_into().unwrap_or([0; 8]))
        .chain(std::iter::once(last));
    for (index, word) in padded.enumerate() {
        let mut flags = separator_flags(u64::from_le_bytes(word));
        while flags != 0 {
            let at = index * 8 + (flags.trailing_zeros() / 8) as usize;
            flags &= flags - 1;
            if !separator(at) {
                return IdSegments::from(ids);
            }
        }
    }
    // The end of the text ends the path.
    separator(bytes.len());
    IdSegments::from(ids)
}

impl<'a> From<[Option<&'a str>; 3]> for IdSegments<'a> {
    /// The call, operation and participant id, in that order.
    fn from(ids: [Option<&'a str>; 3]) -> Self {
        let [call_id, operation_id, participant_id] = ids;
        IdSegments {
            call_id,
            operation_id,
            participant_id,
        }
    }
}

/// The high bit of each byte of `word` that is `/`, `?` or `#`, and of no other byte (each
/// lane's test is exact: no carry crosses from one byte to the next).
fn separator_flags(word: u64) -> u64 {
    const LOW7: u64 = u64::from_le_bytes([0x7F; 8]);
    let zero = |x: u64| !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
    let each = |byte: u8| u64::from_le_bytes([byte; 8]);
    zero(word ^ each(b'/')) | zero(word ^ each(b'?')) | zero(word ^ each(b'#'))
}

/// A version-4-shaped GUID made from `seed` alone: the same seed gives the same id, so the mock
/// and the simulator are deterministic without a random-number dependency.
pub fn seeded_guid(seed: u64) -> String {
    // SplitMix64 twice gives 128 well-mixed bits without a RNG dependency.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let hi = mix(seed);
    let lo = mix(hi ^ seed.rotate_left(17));
    // Version 4 / variant 1 bits, so it looks like the GUIDs Graph returns.
    let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    normalize_id(&format!("{hi:016x}{lo:016x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_is_str_trim() {
        let cases = [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{a0}id\u{2003}",
            "é",
            " é ",
            "x\u{85}",
            "\u{1680}y",
            "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            "{A}",
            "~",
            "a b",
        ];
        for text in cases {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn normalizes_guid_spellings() {
        let cases = [
            (
                "0FE0623FD62842EDB4BD8AC290072CC5",
                "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            ),
            (
                "{0FE0623F-D628-42ED-B4BD-8AC290072CC5}",
                "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            ),
            (
                " 0fe0623f-d628-42ed-b4bd-8ac290072cc5 ",
                "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            ),
            ("491f0b00-ffff-4bc9", "491f0b00-ffff-4bc9"),
            (
                "0fe0623fd-628-42ed-b4bd-8ac290072cc5",
                "0fe0623fd-628-42ed-b4bd-8ac290072cc5",
            ),
            ("é", "é"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_id(input), expected, "{input}");
        }
        assert!(same_id(
            "57DAB8B1894C409AB240BD8BEAE78896",
            "57dab8b1-894c-409a-b240-bd8beae78896"
        ));
    }

    #[test]
    fn same_id_is_comparing_normalised_forms_ignoring_case() {
        let ids = [
            "57dab8b1-894c-409a-b240-bd8beae78896",
            " 57DAB8B1894C409AB240BD8BEAE78896 ",
            "{57dab8b1-894c-409a-b240-bd8beae78896}",
            "57dab8b1-894c-409a-b240-bd8beae78897",
            "57dab8b1-894c-409a-b240-bd8beae7889",
            "57dab8b1-894c-409a-b240-bd8beae7889-6",
            "57dab8b1-894c-409a-b240--d8beae78896",
            "call-A",
            "CALL-a ",
            "",
            "{}",
        ];
        let mut equal = 0;
        for a in ids {
            for b in ids {
                let expected = normalize_id(a).eq_ignore_ascii_case(&normalize_id(b));
                assert_eq!(same_id(a, b), expected, "{a:?} {b:?}");
                equal += usize::from(expected);
            }
        }
        // The three spellings of one GUID, "call-A" twice, and every id with itself.
        assert_eq!(equal, 9 + 4 + 6);
    }

    #[test]
    fn a_37_character_id_is_not_a_guid_for_any_check() {
        // 32 hex digits and the four dashes in place, plus one dash too many.
        let extra_dash = "57dab8b1-894c-409a-b240-bd8beae7889-6";
        assert_eq!(extra_dash.len(), 37);
        assert_eq!(normalize_id(extra_dash), extra_dash);
        assert!(!is_guid(extra_dash));
        // Whatever normalises is a GUID, and the other way round.
        for id in [
            "57DAB8B1894C409AB240BD8BEAE78896",
            "{57dab8b1-894c-409a-b240-bd8beae78896}",
            "{57DAB8B1894C409AB240BD8BEAE78896}",
            "57dab8b1-894c-409a-b240-bd8beae7889",
            "57dab8b1894c-409a-b240-bd8beae78896-",
            "{57dab8b1-894c-409a-b240-bd8beae78896",
            "57dab8b1-894c-409a-b240-bd8beae7889g",
            "é7dab8b1-894c-409a-b240-bd8beae7889",
            extra_dash,
        ] {
            assert_eq!(is_guid(id), normalize_id(id) != id, "{id}");
        }
    }

    /// [`id_segments`] as one byte loop: what the word-at-a-time scan must say.
    fn id_segments_bytewise(url: &str) -> [Option<&str>; 3] {
        let mut ids = [None, None, None];
        let mut named = [false; 3];
        let mut wanted: Option<usize> = None;
        let segments = url.split(['?', '#']).next().unwrap_or_default().split('/');
        for segment in segments.filter(|s| !s.is_empty()) {
            if let Some(at) = wanted.take() {
                ids[at] = Some(segment);
            }
            let collection = ["calls", "operations", "participants"]
                .iter()
                .position(|name| segment.eq_ignore_ascii_case(name));
            if let Some(at) = collection.filter(|&at| !named[at]) {
                named[at] = true;
                wanted = Some(at);
            }
        }
        ids
    }

    #[test]
    fn id_segments_agree_with_a_byte_loop_on_generated_urls() {
        let pieces = [
            "/",
            "//",
            "?",
            "#",
            "calls",
            "CALLS",
            "operations",
            "participants",
            "c1",
            "é",
            "x",
            "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            "https:",
            "graph.microsoft.com",
            "v1.0",
        ];
        // Every sequence of up to four pieces, then longer ones from a simple generator.
        let mut urls: Vec<String> = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = urls
                .iter()
                .flat_map(|url| pieces.iter().map(move |piece| format!("{url}{piece}")))
                .collect();
            urls.extend(longer.into_iter().filter(|url| url.len() < 60).take(30_000));
        }
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..5_000 {
            let mut url = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                url.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            urls.push(url);
        }
        assert!(urls.len() > 20_000, "{}", urls.len());
        for url in &urls {
            let found = id_segments(url);
            assert_eq!(
                [found.call_id, found.operation_id, found.participant_id],
                id_segments_bytewise(url),
                "{url:?}"
            );
        }
    }

    #[test]
    fn parses_resource_urls() {
        let ids = parse_resource_url("https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/17E3B46CF61D4F4D9635C626EF18E6AD");
        assert_eq!(
            ids.call_id.as_deref(),
            Some("57dab8b1-894c-409a-b240-bd8beae78896")
        );
        assert_eq!(
            ids.operation_id.as_deref(),
            Some("17e3b46c-f61d-4f4d-9635-c626ef18e6ad")
        );
        let ids = parse_resource_url("app/calls/abc/participants/p1");
        assert_eq!(
            (ids.call_id.as_deref(), ids.participant_id.as_deref()),
            (Some("abc"), Some("p1"))
        );
        assert_eq!(parse_resource_url("/calls").call_id, None);
    }

    #[test]
    fn a_resource_url_id_follows_the_first_segment_naming_its_collection() {
        let ids = |url: &str| {
            let ids = parse_resource_url(url);
            (ids.call_id, ids.operation_id, ids.participant_id)
        };
        let some = |s: &str| Some(s.to_string());
        // The segment after the first `calls` is the id, even when it is `calls` again.
        assert_eq!(ids("calls/calls/x"), (some("calls"), None, None));
        assert_eq!(
            ids("/CALLS/A//Operations/B/calls/c"),
            (some("A"), some("B"), None)
        );
        assert_eq!(ids("/calls/a?x=/operations/b"), (some("a"), None, None));
        assert_eq!(ids("/calls/a#/participants/b"), (some("a"), None, None));
        assert_eq!(
            ids("/participants/operations/p"),
            (None, some("p"), some("operations"))
        );
        assert_eq!(
            ids("/calls/{57DAB8B1-894C-409A-B240-BD8BEAE78896}/"),
            (some("57dab8b1-894c-409a-b240-bd8beae78896"), None, None)
        );
        assert_eq!(ids("?calls/a"), (None, None, None));
    }

    #[test]
    fn normalised_guids_are_what_parse_guid_writes() {
        let normal = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";
        for id in [
            normal,
            "0FE0623F-D628-42ED-B4BD-8AC290072CC5",
            "0fe0623fd62842edb4bd8ac290072cc5",
            " {0fe0623f-d628-42ed-b4bd-8ac290072cc5} ",
        ] {
            assert_eq!(normalize_id(id), normal, "{id}");
            assert!(same_id(id, normal), "{id}");
        }
        assert_eq!(parse_guid(normal).as_deref(), Some(normal));
        assert!(is_normal_guid(normal));
        for other in [
            "0fe0623f-d628-42ed-b4bd-8ac290072cC5",
            "0fe0623f-d628-42ed-b4bd-8ac290072cg5",
            "0fe0623fd-628-42ed-b4bd-8ac290072cc5",
        ] {
            assert!(!is_normal_guid(other), "{other}");
        }
    }
}
