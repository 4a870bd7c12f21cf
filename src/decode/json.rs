//! A forgiving JSON parser that remembers where every value came from.
//!
//! Users paste JSON copied from Microsoft docs and logs: it may carry comments, trailing
//! commas, a BOM, CRLF line endings or duplicate keys. [`parse`] accepts what is harmless
//! (with a warning), rejects everything else with one precise error, and records line,
//! column and JSON pointer for every value so later stages can point at the exact spot.
//!
//! The parser writes a [`Tape`]: one flat entry per value, holding byte offsets into the source
//! and borrowing every string that has no escape. Line, column and JSON pointer are computed
//! from those offsets only when a diagnostic or a card asks for them ([`NodeRef::start`],
//! [`NodeRef::pointer`]), so a large batch costs a few allocations, not several per value.
//! [`parse`] turns a tape into the owned [`Node`] tree for callers that want one.
//!
//! The parser keeps its own stack instead of recursing, so hostile nesting cannot overflow
//! the (small, on wasm) machine stack, and counts columns incrementally so it stays linear
//! even on one huge minified line.

use crate::diagnostic::{excerpt, pointer_push, Diagnostic};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// Containers nested deeper than this many levels are rejected.
pub const MAX_DEPTH: usize = 256;

const COMMENT_MESSAGE: &str = "comment: JSON has no comments; Microsoft Graph never sends them \
                               (docs examples sometimes include them)";
const REPLACEMENT: char = '\u{FFFD}';
/// Objects with more members than this get a hash index for duplicate detection.
const KEY_INDEX_FROM: usize = 16;
/// Longest word or key quoted back in a message.
const QUOTE_MAX_CHARS: usize = 40;
/// No parent: the entry is a document's root.
const NONE: u32 = u32::MAX;
/// The locator keeps a known position at least this often, so a look back stays cheap.
const CHECKPOINT_BYTES: usize = 4096;

/// A place in the source: 1-based line and column (in characters) plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pos {
    /// 1-based line; only LF ends a line, so CRLF counts once and a lone CR is ordinary space.
    pub line: u32,
    /// 1-based column counted in characters (a leading BOM is not counted).
    pub column: u32,
    /// Byte offset into the source given to [`parse`] (a leading BOM is counted).
    pub offset: usize,
}

/// One parsed value with its place in the source and its JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The value itself.
    pub value: Value,
    /// Where the value starts: its `{`, `[`, `"`, first digit or sign, or first letter.
    pub start: Pos,
    /// Just past the value's last character.
    pub end: Pos,
    /// RFC 6901 pointer to this value; `""` for the root.
    pub pointer: String,
}

/// A JSON value whose children are [`Node`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written.
    Number(Number),
    /// A string with its escapes decoded.
    String(String),
    /// An array's items in order.
    Array(Vec<Node>),
    /// An object's members in source order, duplicates included.
    Object(Vec<Member>),
}

/// One `"key": value` pair of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The key with its escapes decoded.
    pub key: String,
    /// Where the key's opening quote is.
    pub key_pos: Pos,
    /// The member's value.
    pub value: Node,
}

/// A JSON number kept as its exact source text, so no precision is lost.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    raw: String,
}

/// A JSON number's source text, borrowed from the input (see [`Number`] for the owned one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberRef<'t> {
    raw: &'t str,
}

/// How [`parse`] treats the docs-style extensions (comments, trailing commas).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ParseOptions {
    /// Reject comments and trailing commas instead of warning about them.
    pub strict: bool,
}

/// A successful parse: the value tree and what is worth knowing about the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The top-level value.
    pub root: Node,
    /// Warnings and notes in source order; never errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `source` into a positioned value tree, or returns the first error with its place.
pub fn parse(source: &str, options: &ParseOptions) -> Result<Parsed, Diagnostic> {
    let tape = parse_tape(source, options)?;
    let root = tape.roots().next().map(|root| root.to_node());
    let root = root.ok_or_else(|| Diagnostic::error("empty input: nothing to decode"))?;
    Ok(Parsed {
        root,
        diagnostics: tape.diagnostics,
    })
}

/// Several JSON documents one after another, as logs hold them (one per line or concatenated).
#[derive(Debug, Clone, PartialEq)]
pub struct Sequence {
    /// The documents in order; the Nth one's pointers start with `/N`, as if they were items of
    /// one array.
    pub roots: Vec<Node>,
    /// Warnings and notes in source order; never errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one or more JSON documents separated only by whitespace (or comments when lenient).
pub fn parse_sequence(source: &str, options: &ParseOptions) -> Result<Sequence, Diagnostic> {
    let tape = parse_tape_sequence(source, options)?;
    let roots = tape.roots().map(|root| root.to_node()).collect();
    Ok(Sequence {
        roots,
        diagnostics: tape.diagnostics,
    })
}

/// Parses one document into a [`Tape`] (what [`parse`] does, without building the tree).
pub fn parse_tape<'a>(source: &'a str, options: &ParseOptions) -> Result<Tape<'a>, Diagnostic> {
    let mut parser = Parser::new(source, options.strict, false)?;
    parser.parse_document_start()?;
    parser.parse_value_tree(None)?;
    parser.end_of_document()?;
    Ok(parser.finish())
}

/// Parses one document as [`parse_tape`] does, but hands each item of the root object's `value`
/// array to `on_item` as soon as it is parsed, and then forgets it: the tape holds the root and
/// one item at a time, so a batch of any size costs the memory of its largest notification.
/// Positions, pointers (`/value/N/...`) and diagnostics are those of [`parse_tape`]; returns the
/// tape's diagnostics (source order), or the first error (after the items before it were handed
/// over).
pub fn parse_tape_streaming(
    source: &str,
    options: &ParseOptions,
    on_item: &mut dyn FnMut(NodeRef<'_>),
) -> Result<Vec<Diagnostic>, Diagnostic> {
    parse_tape_streaming_root(source, options, on_item).map(|tape| tape.diagnostics)
}

/// [`parse_tape_streaming`], returning the tape that is left: the root without the items of its
/// `value` array (that array's entry keeps its kind, and holds no children), and the diagnostics.
pub fn parse_tape_streaming_root<'a>(
    source: &'a str,
    options: &ParseOptions,
    on_item: &mut dyn FnMut(NodeRef<'_>),
) -> Result<Tape<'a>, Diagnostic> {
    let mut parser = Parser::new(source, options.strict, false)?;
    // The tape never holds more than the root and one item.
    parser.entries = Vec::with_capacity(256);
    parser.parse_document_start()?;
    let mut items = Items {
        on_item,
        array: NONE,
    };
    parser.parse_value_tree(Some(&mut items))?;
    parser.end_of_document()?;
    Ok(parser.finish())
}

/// Where [`parse_tape_streaming`] sends the items of the root's `value` array.
struct Items<'h> {
    on_item: &'h mut dyn FnMut(NodeRef<'_>),
    /// The `value` array's entry, once it is open.
    array: u32,
}

/// Parses documents one after another into one [`Tape`] (what [`parse_sequence`] does).
pub fn parse_tape_sequence<'a>(
    source: &'a str,
    options: &ParseOptions,
) -> Result<Tape<'a>, Diagnostic> {
    let mut parser = Parser::new(source, options.strict, true)?;
    parser.parse_document_start()?;
    loop {
        parser.parse_value_tree(None)?;
        parser.documents += 1;
        parser.skip_trivia(Blame::Nothing)?;
        if parser.pos >= parser.bytes.len() {
            break;
        }
    }
    Ok(parser.finish())
}

/// Text of a string or key: a span of the source (no escapes), or a decoded one.
#[derive(Debug, Clone, Copy, Default)]
struct Text {
    start: u32,
    end: u32,
    /// 0: the span itself; N: `Tape::decoded[N - 1]` (the string had escapes).
    decoded: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

/// One value on the tape. Its children follow it directly; `next` is just past its subtree.
#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: Kind,
    /// The container holding it, or [`NONE`] for a document's root.
    parent: u32,
    /// Position among the parent's children (for a root: which document it is).
    index: u32,
    /// The entry just past this value's subtree.
    next: u32,
    /// Arrays and objects: how many children. Strings: 0 when the text is the source between
    /// the quotes, N when it had escapes and is `decoded[N - 1]`.
    aux: u32,
    start: u32,
    end: u32,
    /// The member's key, for values inside an object.
    key: Text,
}

/// A parsed input: every value as a flat entry with byte offsets into the source, strings
/// borrowed unless they held escapes. Positions and pointers are worked out on demand.
#[derive(Debug)]
pub struct Tape<'a> {
    source: &'a str,
    text_start: usize,
    entries: Vec<Entry>,
    decoded: Vec<String>,
    /// Whether roots are the items of a sequence (pointers `/N`) or one document (`""`).
    sequence: bool,
    locator: RefCell<Locator>,
    /// Warnings and notes in source order; never errors.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Tape<'a> {
    /// The documents' roots in order (one unless parsed as a sequence).
    pub fn roots(&self) -> impl Iterator<Item = NodeRef<'_>> + '_ {
        let mut at = 0u32;
        std::iter::from_fn(move || {
            let entry = self.entries.get(at as usize)?;
            let node = NodeRef { tape: self, at };
            at = entry.next;
            Some(node)
        })
    }

    /// How many documents the tape holds.
    pub fn root_count(&self) -> usize {
        self.roots().count()
    }

    fn entry(&self, at: u32) -> Entry {
        // Indices come from the tape itself; a default stands in rather than a panic.
        self.entries.get(at as usize).copied().unwrap_or(Entry {
            kind: Kind::Null,
            parent: NONE,
            index: 0,
            next: at.saturating_add(1),
            aux: 0,
            start: 0,
            end: 0,
            key: Text::default(),
        })
    }

    fn text(&self, text: Text) -> &str {
        resolve(self.source, &self.decoded, text)
    }

    /// The text of string entry `entry`.
    fn string(&self, entry: Entry) -> &str {
        self.text(Text {
            start: entry.start + 1,
            end: entry.end.saturating_sub(1),
            decoded: entry.aux,
        })
    }

    fn pos(&self, offset: usize) -> Pos {
        let mut locator = self.locator.borrow_mut();
        locator.locate(self.source.as_bytes(), offset.max(self.text_start))
    }

    /// The RFC 6901 pointer of entry `at`, built by walking up to its root.
    fn pointer(&self, at: u32) -> String {
        pointer_of(self.source, &self.entries, &self.decoded, self.sequence, at)
    }
}

/// The text a [`Text`] stands for.
fn resolve<'s>(source: &'s str, decoded: &'s [String], text: Text) -> &'s str {
    match text.decoded {
        0 => source
            .get(text.start as usize..text.end as usize)
            .unwrap_or_default(),
        n => decoded.get(n as usize - 1).map_or("", String::as_str),
    }
}

/// The RFC 6901 pointer of entry `at`: its parents' keys and indices, from its root down.
fn pointer_of(
    source: &str,
    entries: &[Entry],
    decoded: &[String],
    sequence: bool,
    at: u32,
) -> String {
    // The entries from `at` up to its root: the first few on the stack (a resource is three
    // levels deep), any deeper ones in a Vec.
    const NEAR: usize = 8;
    let mut near = [0u32; NEAR];
    let mut far = Vec::new();
    let mut depth = 0;
    let mut at = at;
    let mut root_index = 0;
    while let Some(entry) = entries.get(at as usize) {
        if entry.parent == NONE {
            root_index = entry.index;
            break;
        }
        match near.get_mut(depth) {
            Some(slot) => *slot = at,
            None => far.push(at),
        }
        depth += 1;
        at = entry.parent;
    }
    let mut pointer = String::with_capacity(32);
    if sequence {
        // Writing to a String cannot fail.
        let _ = write!(pointer, "/{root_index}");
    }
    let near = near.get(..depth.min(NEAR)).unwrap_or_default();
    for &at in far.iter().rev().chain(near.iter().rev()) {
        let Some(entry) = entries.get(at as usize) else {
            continue;
        };
        let in_object = entries
            .get(entry.parent as usize)
            .is_some_and(|parent| parent.kind == Kind::Object);
        if in_object {
            push_token(&mut pointer, resolve(source, decoded, entry.key));
        } else {
            push_index(&mut pointer, entry.index);
        }
    }
    pointer
}

/// Appends `/index` to a pointer (the digits written directly: this runs for every resource).
fn push_index(pointer: &mut String, index: u32) {
    pointer.push('/');
    pointer.extend(
        decimal(u64::from(index), &mut [0; 20])
            .iter()
            .map(|&d| char::from(d)),
    );
}

/// `number`'s decimal digits (ASCII), written into `digits` (what `to_string` gives, without
/// the formatting machinery: pointers and line numbers are written for every resource).
pub fn decimal(number: u64, digits: &mut [u8; 20]) -> &[u8] {
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        if let Some(digit) = digits.get_mut(at) {
            *digit = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || at == 0 {
            break;
        }
    }
    digits.get(at..).unwrap_or(b"0")
}

/// Appends `/token` to a pointer, escaping `~` and `/` only when the key holds one.
fn push_token(pointer: &mut String, token: &str) {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        *pointer = pointer_push(pointer, token);
    } else {
        pointer.push('/');
        pointer.push_str(token);
    }
}

/// One value on a [`Tape`]: the borrowed counterpart of [`Node`], with the same questions.
#[derive(Clone, Copy)]
pub struct NodeRef<'t> {
    tape: &'t Tape<'t>,
    at: u32,
}

impl fmt::Debug for NodeRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NodeRef({} at {})", self.kind_name(), self.entry().start)
    }
}

/// A tape value, as [`Value`] is for a [`Node`].
#[derive(Debug, Clone, Copy)]
pub enum ValueRef<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, kept as written.
    Number(NumberRef<'t>),
    /// A string with its escapes decoded.
    String(&'t str),
    /// An array's items.
    Array(Children<'t>),
    /// An object's members in source order, duplicates included.
    Object(Children<'t>),
}

/// The items of an array or the members of an object, in source order.
#[derive(Clone, Copy)]
pub struct Children<'t> {
    tape: &'t Tape<'t>,
    next: u32,
    left: u32,
}

impl fmt::Debug for Children<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Children({})", self.left)
    }
}

impl<'t> Iterator for Children<'t> {
    type Item = NodeRef<'t>;

    fn next(&mut self) -> Option<NodeRef<'t>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let node = NodeRef {
            tape: self.tape,
            at: self.next,
        };
        self.next = node.entry().next;
        Some(node)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left as usize, Some(self.left as usize))
    }
}

impl ExactSizeIterator for Children<'_> {}

impl<'t> Children<'t> {
    /// True when there is no child.
    pub fn is_empty(&self) -> bool {
        self.left == 0
    }

    /// The children again from the first (this is a cheap copy).
    pub fn iter(&self) -> Children<'t> {
        *self
    }
}

impl<'t> NodeRef<'t> {
    fn entry(self) -> Entry {
        self.tape.entry(self.at)
    }

    fn children(self) -> Children<'t> {
        let entry = self.entry();
        let left = match entry.kind {
            Kind::Array | Kind::Object => entry.aux,
            _ => 0,
        };
        Children {
            tape: self.tape,
            next: self.at.saturating_add(1),
            left,
        }
    }

    /// The value, to match on.
    pub fn value(self) -> ValueRef<'t> {
        let entry = self.entry();
        match entry.kind {
            Kind::Null => ValueRef::Null,
            Kind::False => ValueRef::Bool(false),
            Kind::True => ValueRef::Bool(true),
            Kind::Number => ValueRef::Number(NumberRef {
                raw: self
                    .tape
                    .source
                    .get(entry.start as usize..entry.end as usize)
                    .unwrap_or("0"),
            }),
            Kind::String => ValueRef::String(self.tape.string(entry)),
            Kind::Array => ValueRef::Array(self.children()),
            Kind::Object => ValueRef::Object(self.children()),
        }
    }

    /// This member's key, when the value sits in an object.
    pub fn key(self) -> Option<&'t str> {
        let entry = self.entry();
        let in_object = entry.parent != NONE && self.tape.entry(entry.parent).kind == Kind::Object;
        in_object.then(|| self.tape.text(entry.key))
    }

    /// The value of member `key`; with duplicate keys the last one wins, as in JavaScript.
    pub fn get(self, key: &str) -> Option<NodeRef<'t>> {
        let [found] = self.get_many([key]);
        found
    }

    /// [`NodeRef::get`] for each of `keys`, in one walk over the members (what a decoder that
    /// asks for many keys of one object wants). The keys are distinct: a key given twice is
    /// found in its first slot only.
    pub fn get_many<const N: usize>(self, keys: [&str; N]) -> [Option<NodeRef<'t>>; N] {
        let mut found = [None; N];
        let object = self.entry();
        if object.kind != Kind::Object {
            return found;
        }
        // The members' entries, walked directly (this is the decoder's most frequent question).
        let (entries, source) = (&self.tape.entries, self.tape.source.as_bytes());
        let mut at = self.at.saturating_add(1);
        for _ in 0..object.aux {
            let Some(member) = entries.get(at as usize) else {
                break;
            };
            let text = member.key;
            let key = match text.decoded {
                // A key without escapes is its span of the source.
                0 => source
                    .get(text.start as usize..text.end as usize)
                    .unwrap_or_default(),
                _ => self.tape.text(text).as_bytes(),
            };
            // A later member with the same key wins; a key is asked for once at most.
            if let Some(slot) = found
                .iter_mut()
                .zip(keys)
                .find_map(|(slot, wanted)| (key == wanted.as_bytes()).then_some(slot))
            {
                *slot = Some(NodeRef {
                    tape: self.tape,
                    at,
                });
            }
            at = member.next;
        }
        found
    }

    /// Like [`NodeRef::get`], but falls back to an ASCII case-insensitive match (last one wins).
    pub fn get_ignore_case(self, key: &str) -> Option<NodeRef<'t>> {
        self.get(key).or_else(|| {
            self.as_object()?
                .filter(|member| self.tape.text(member.entry().key).eq_ignore_ascii_case(key))
                .last()
        })
    }

    /// The string, if this is a string.
    pub fn as_str(self) -> Option<&'t str> {
        match self.value() {
            ValueRef::String(text) => Some(text),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(self) -> Option<bool> {
        match self.value() {
            ValueRef::Bool(value) => Some(value),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(self) -> Option<NumberRef<'t>> {
        match self.value() {
            ValueRef::Number(number) => Some(number),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(self) -> Option<Children<'t>> {
        match self.value() {
            ValueRef::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members in source order (duplicates included), if this is an object.
    pub fn as_object(self) -> Option<Children<'t>> {
        match self.value() {
            ValueRef::Object(members) => Some(members),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(self) -> bool {
        self.entry().kind == Kind::Null
    }

    /// The JSON type name: "object", "array", "string", "number", "boolean" or "null".
    pub fn kind_name(self) -> &'static str {
        match self.entry().kind {
            Kind::Null => "null",
            Kind::False | Kind::True => "boolean",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
        }
    }

    /// RFC 6901 pointer to this value (`""` for the root of one document), built on demand.
    pub fn pointer(self) -> String {
        self.tape.pointer(self.at)
    }

    /// Where the value starts (line and column worked out now, from its byte offset).
    pub fn start(self) -> Pos {
        self.tape.pos(self.entry().start as usize)
    }

    /// Just past the value's last character.
    pub fn end(self) -> Pos {
        self.tape.pos(self.entry().end as usize)
    }

    /// The value as a `serde_json::Value`: member order kept, the last duplicate wins.
    pub fn to_serde(self) -> serde_json::Value {
        // Recursive, which is fine: the parser never builds more than MAX_DEPTH levels.
        match self.value() {
            ValueRef::Null => serde_json::Value::Null,
            ValueRef::Bool(value) => serde_json::Value::Bool(value),
            ValueRef::Number(number) => number.to_serde(),
            ValueRef::String(text) => serde_json::Value::String(text.to_owned()),
            ValueRef::Array(items) => items.map(|item| item.to_serde()).collect(),
            ValueRef::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for member in members {
                    // Like JavaScript: a repeated key keeps its first place, takes the last value.
                    let key = self.tape.text(member.entry().key).to_owned();
                    map.insert(key, member.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// The owned tree of this value, with every position and pointer filled in.
    pub fn to_node(self) -> Node {
        self.node_with_pointer(self.pointer())
    }

    fn node_with_pointer(self, pointer: String) -> Node {
        // Positions are asked for in source order, which keeps the locator linear.
        let start = self.start();
        let value = match self.value() {
            ValueRef::Null => Value::Null,
            ValueRef::Bool(value) => Value::Bool(value),
            ValueRef::Number(number) => Value::Number(Number {
                raw: number.raw.to_owned(),
            }),
            ValueRef::String(text) => Value::String(text.to_owned()),
            // Recursive, which is fine: the parser never builds more than MAX_DEPTH levels.
            ValueRef::Array(items) => Value::Array(
                items
                    .enumerate()
                    .map(|(index, item)| {
                        let mut item_pointer = pointer.clone();
                        let _ = write!(item_pointer, "/{index}");
                        item.node_with_pointer(item_pointer)
                    })
                    .collect(),
            ),
            ValueRef::Object(members) => Value::Object(
                members
                    .map(|member| {
                        let entry = member.entry();
                        let key = self.tape.text(entry.key);
                        let key_pos = self.tape.pos((entry.key.start as usize).saturating_sub(1));
                        let mut member_pointer = pointer.clone();
                        push_token(&mut member_pointer, key);
                        Member {
                            key: key.to_owned(),
                            key_pos,
                            value: member.node_with_pointer(member_pointer),
                        }
                    })
                    .collect(),
            ),
        };
        Node {
            value,
            start,
            end: self.end(),
            pointer,
        }
    }
}

impl<'t> NumberRef<'t> {
    /// The number exactly as written in the source.
    pub fn raw(&self) -> &'t str {
        self.raw
    }

    /// True when written without a fraction or exponent.
    pub fn is_integer(&self) -> bool {
        !self.raw.contains(['.', 'e', 'E'])
    }

    /// The value as `i64` when it is written as an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.raw.parse().ok()
    }

    /// The value as `u64` when it is written as a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.raw.parse().ok()
    }

    /// The value as the nearest `f64`; `None` when it is too large for one.
    pub fn as_f64(&self) -> Option<f64> {
        self.raw
            .parse::<f64>()
            .ok()
            .filter(|value| value.is_finite())
    }

    /// The number as serde_json would decode it; values beyond `f64` become `±f64::MAX`.
    pub fn to_serde(&self) -> serde_json::Value {
        if self.is_integer() {
            if let Some(value) = self.as_u64() {
                return value.into();
            }
            // serde_json reads `-0` as the float -0.0, so only non-zero negatives are i64.
            if let Some(value) = self.as_i64().filter(|value| *value != 0) {
                return value.into();
            }
        }
        let value = self.raw.parse::<f64>().unwrap_or(0.0);
        let value = if value.is_finite() {
            value
        } else {
            f64::MAX.copysign(value)
        };
        serde_json::Number::from_f64(value).map_or(serde_json::Value::Null, Into::into)
    }
}

impl Number {
    fn borrowed(&self) -> NumberRef<'_> {
        NumberRef { raw: &self.raw }
    }

    /// The number exactly as written in the source.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// True when written without a fraction or exponent.
    pub fn is_integer(&self) -> bool {
        self.borrowed().is_integer()
    }

    /// The value as `i64` when it is written as an integer that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.borrowed().as_i64()
    }

    /// The value as `u64` when it is written as a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.borrowed().as_u64()
    }

    /// The value as the nearest `f64`; `None` when it is too large for one.
    pub fn as_f64(&self) -> Option<f64> {
        self.borrowed().as_f64()
    }

    /// The number as serde_json would decode it; values beyond `f64` become `±f64::MAX`.
    pub fn to_serde(&self) -> serde_json::Value {
        self.borrowed().to_serde()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Value {
    /// The JSON type name: "object", "array", "string", "number", "boolean" or "null".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

impl Node {
    /// The value of member `key`; with duplicate keys the last one wins, as in JavaScript.
    pub fn get(&self, key: &str) -> Option<&Node> {
        let members = self.as_object()?;
        members
            .iter()
            .rev()
            .find(|member| member.key == key)
            .map(|member| &member.value)
    }

    /// Like [`Node::get`], but falls back to an ASCII case-insensitive match (last one wins).
    pub fn get_ignore_case(&self, key: &str) -> Option<&Node> {
        self.get(key).or_else(|| {
            let members = self.as_object()?;
            let member = members
                .iter()
                .rev()
                .find(|member| member.key.eq_ignore_ascii_case(key));
            member.map(|member| &member.value)
        })
    }

    /// The node an RFC 6901 pointer (relative to this node) leads to; last duplicate wins.
    pub fn find(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let mut node = self;
        for token in pointer.strip_prefix('/')?.split('/') {
            let token: Cow<str> = if token.contains('~') {
                Cow::Owned(token.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(token)
            };
            node = match &node.value {
                Value::Object(_) => node.get(&token)?,
                Value::Array(items) => items.get(array_index(&token)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// The string, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The boolean, if this is `true` or `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(value) => Some(value),
            _ => None,
        }
    }

    /// The number, if this is a number.
    pub fn as_number(&self) -> Option<&Number> {
        match &self.value {
            Value::Number(number) => Some(number),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members in source order (duplicates included), if this is an object.
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The JSON type name: "object", "array", "string", "number", "boolean" or "null".
    pub fn kind_name(&self) -> &'static str {
        self.value.kind_name()
    }

    /// The value as a `serde_json::Value`: member order kept, the last duplicate wins.
    pub fn to_serde(&self) -> serde_json::Value {
        // Recursive, which is fine: `parse` never builds more than MAX_DEPTH levels.
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(value) => serde_json::Value::Bool(*value),
            Value::Number(number) => number.to_serde(),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => items.iter().map(Node::to_serde).collect(),
            Value::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for member in members {
                    // Like JavaScript: a repeated key keeps its first place, takes the last value.
                    map.insert(member.key.clone(), member.value.to_serde());
                }
                serde_json::Value::Object(map)
            }
        }
    }
}

/// An RFC 6901 array index: digits without leading zeros.
fn array_index(token: &str) -> Option<usize> {
    let canonical = token == "0" || (!token.starts_with('0') && !token.is_empty());
    if canonical && token.bytes().all(|byte| byte.is_ascii_digit()) {
        token.parse().ok()
    } else {
        None
    }
}

/// Characters that make up a bare word such as `true`, `NaN` or an unquoted key.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// Curly quotes arrive when JSON passes through a word processor or chat client.
fn is_curly_quote(c: char) -> bool {
    matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
}

/// How a found character is named in messages: quoted, or as U+XXXX when invisible.
fn describe_found(found: Option<char>) -> String {
    match found {
        None => "end of input".to_owned(),
        Some(c) if c.is_control() => format!("U+{:04X}", u32::from(c)),
        Some(c) if c.is_whitespace() => {
            format!("U+{:04X} (a space JSON does not allow)", u32::from(c))
        }
        Some(c @ ('\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')) => {
            format!("U+{:04X} (an invisible character)", u32::from(c))
        }
        Some(c) => format!("'{c}'"),
    }
}

/// `text` cut to a readable length for quoting in a message.
fn shorten(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_MAX_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", text.get(..cut).unwrap_or(text))),
        None => Cow::Borrowed(text),
    }
}

/// What a bare word in value position is, and why it is not JSON.
fn bare_word_message(word: &str) -> String {
    match word {
        "NaN" => "NaN is not JSON".to_owned(),
        "Infinity" => "Infinity is not JSON".to_owned(),
        "undefined" => "undefined is not JSON: use null".to_owned(),
        "None" => "'None' is not JSON: use null".to_owned(),
        _ => match ["true", "false", "null"]
            .into_iter()
            .find(|literal| literal.eq_ignore_ascii_case(word))
        {
            Some(literal) => format!("'{word}' is not JSON: write {literal} in lower case"),
            None => format!(
                "expected a value, found '{}' (strings must be in double quotes)",
                shorten(word)
            ),
        },
    }
}

/// A member of the root object, as [`check_strict`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RootMember<'a> {
    /// The key, or `None` when it holds an escape (not decoded here).
    pub key: Option<&'a str>,
    /// The value's text, when it is a string without escapes.
    pub text: Option<&'a str>,
    /// How many items the value holds, when it is an array.
    pub items: Option<usize>,
}

/// Containers [`check_strict`] accepts nested at most (well inside [`MAX_DEPTH`]).
pub const CHECK_DEPTH: usize = 128;

/// True when `source` (no BOM) is one strict JSON document (RFC 8259: no comments, no trailing
/// comma, nothing after it) that [`parse_tape`] accepts whether strict or not: nested at most
/// [`CHECK_DEPTH`] deep and under 4 GiB. Each member of a root object is handed to
/// `root_member` as it is read. Nothing is built, so this is a fast first pass over a batch.
pub fn check_strict<'a>(source: &'a str, root_member: &mut dyn FnMut(RootMember<'a>)) -> bool {
    u32::try_from(source.len()).is_ok() && Checker { source, pos: 0 }.document(root_member)
}

/// The state of [`check_strict`]: where it is in the source.
struct Checker<'a> {
    source: &'a str,
    pos: usize,
}

/// What [`Checker`] knows of the value it read last.
#[derive(Default, Clone, Copy)]
struct Checked {
    /// A string without escapes: its span.
    text: Option<(usize, usize)>,
    /// An array: its item count.
    items: Option<usize>,
}

impl<'a> Checker<'a> {
    fn peek(&self) -> Option<u8> {
        self.source.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let here = self.peek() == Some(byte);
        self.pos += usize::from(here);
        here
    }

    fn text(&self, (from, to): (usize, usize)) -> Option<&'a str> {
        self.source.get(from..to)
    }

    /// The document; `root_member` sees each member of a root object.
    fn document(&mut self, root_member: &mut dyn FnMut(RootMember<'a>)) -> bool {
        // Open containers: whether each is an object, and how many values it holds so far.
        let mut stack: Vec<(bool, usize)> = Vec::new();
        // The key of the root member being read: its span, when it has no escape.
        let mut root_key: Option<(usize, usize)> = None;
        self.skip_whitespace();
        loop {
            // A value starts here.
            let mut checked = Checked::default();
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    if stack.len() >= CHECK_DEPTH {
                        return false;
                    }
                    self.pos += 1;
                    self.skip_whitespace();
                    let object = open == b'{';
                    if self.eat(if object { b'}' } else { b']' }) {
                        checked.items = (!object).then_some(0);
                    } else {
                        stack.push((object, 0));
                        if object && !self.member_key(stack.len(), &mut root_key) {
                            return false;
                        }
                        continue;
                    }
                }
                Some(b'"') => match self.string() {
                    Some(span) => checked.text = span,
                    None => return false,
                },
                Some(b'-' | b'0'..=b'9') => {
                    if !self.number() {
                        return false;
                    }
                }
                _ => {
                    let rest = self.source.get(self.pos..).unwrap_or_default();
                    let Some(word) = ["true", "false", "null"]
                        .into_iter()
                        .find(|w| rest.starts_with(w))
                    else {
                        return false;
                    };
                    self.pos += word.len();
                }
            }
            // The value is done: count it in its container, closing each container that ends.
            loop {
                if let [(true, _)] = stack.as_slice() {
                    root_member(RootMember {
                        key: root_key.and_then(|span| self.text(span)),
                        text: checked.text.and_then(|span| self.text(span)),
                        items: checked.items,
                    });
                }
                let Some((object, count)) = stack.last_mut() else {
                    self.skip_whitespace();
                    return self.pos == self.source.len();
                };
                *count += 1;
                let (object, count) = (*object, *count);
                self.skip_whitespace();
                if self.eat(b',') {
                    self.skip_whitespace();
                    if object && !self.member_key(stack.len(), &mut root_key) {
                        return false;
                    }
                    break;
                }
                if !self.eat(if object { b'}' } else { b']' }) {
                    return false;
                }
                stack.pop();
                checked = Checked {
                    text: None,
                    items: (!object).then_some(count),
                };
            }
        }
    }

    /// A member's key in an object `depth` containers deep; a root member's is kept in
    /// `root_key`. False when there is no valid key and `:`.
    fn member_key(&mut self, depth: usize, root_key: &mut Option<(usize, usize)>) -> bool {
        match self.key() {
            Some(key) => {
                if depth == 1 {
                    *root_key = key;
                }
                true
            }
            None => false,
        }
    }

    /// `"key"` and the `:` after it (with whitespace); the key's span when it has no escape.
    fn key(&mut self) -> Option<Option<(usize, usize)>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let span = self.string()?;
        self.skip_whitespace();
        if !self.eat(b':') {
            return None;
        }
        self.skip_whitespace();
        Some(span)
    }

    /// A string from its opening quote; `Some(span)` of its text when it has no escape,
    /// `Some(None)` when it has, `None` when it is not a valid string.
    #[inline]
    fn string(&mut self) -> Option<Option<(usize, usize)>> {
        let bytes = self.source.as_bytes();
        let start = self.pos + 1;
        self.pos = start;
        let mut plain = true;
        loop {
            self.pos += string_stop(bytes.get(self.pos..)?)?;
            match bytes.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(plain.then_some((start, self.pos - 1)));
                }
                b'\\' => {
                    plain = false;
                    self.escape()?;
                }
                // A control character.
                _ => return None,
            }
        }
    }

    /// One escape from its backslash. Any `\\u` with four hex digits: a lone surrogate is a
    /// warning of the parser (replaced with U+FFFD), never an error.
    fn escape(&mut self) -> Option<()> {
        match self.source.as_bytes().get(self.pos + 1)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.pos += 2,
            b'u' => {
                self.hex4(self.pos + 2)?;
                self.pos += 6;
            }
            _ => return None,
        }
        Some(())
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.source.as_bytes().get(at..at + 4)?;
        digits.iter().try_fold(0, |unit, &digit| {
            Some(unit * 16 + char::from(digit).to_digit(16)?)
        })
    }

    /// `-`? int frac? exp?, as [`Parser::parse_number`] reads it.
    fn number(&mut self) -> bool {
        let digits = |checker: &mut Self| {
            let from = checker.pos;
            while checker.peek().is_some_and(|b| b.is_ascii_digit()) {
                checker.pos += 1;
            }
            checker.pos > from
        };
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return false;
                }
            }
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return false,
        }
        if self.eat(b'.') && !digits(self) {
            return false;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return false;
            }
        }
        true
    }
}

/// Where the first `"`, `\\` or control character of `bytes` is (a string's plain text is most
/// of a batch): sixteen bytes at a time with SSE2 on x86_64, eight at a time elsewhere.
#[inline]
pub fn string_stop(bytes: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    return string_stop_sse2(bytes);
    #[cfg(not(target_arch = "x86_64"))]
    return string_stop_words(bytes);
}

/// [`string_stop`] sixteen bytes at a time: the stops of a block as the bits of a mask, the
/// first one its lowest bit (a batch's strings, mostly 10 to 40 bytes long, are scanned in
/// a fifth fewer instructions than by [`string_stop_words`]; `decode --json` 4% fewer in all).
/// The bytes after the last block go to [`string_stop_words`].
#[cfg(target_arch = "x86_64")]
#[inline]
fn string_stop_sse2(bytes: &[u8]) -> Option<usize> {
    let mut blocks = bytes.chunks_exact(16);
    let mut at = 0;
    for block in &mut blocks {
        let mask = stop_mask(block);
        if mask != 0 {
            return Some(at + mask.trailing_zeros() as usize);
        }
        at += 16;
    }
    string_stop_words(blocks.remainder()).map(|stop| at + stop)
}

/// The [`string_stop`] bytes among the first sixteen of `block` (all of it, when shorter) as the
/// bits of a mask, the first byte the lowest bit.
#[cfg(target_arch = "x86_64")]
#[inline]
fn stop_mask(block: &[u8]) -> i32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128,
        _mm_set1_epi8,
    };
    let Some(block) = block.first_chunk::<16>() else {
        return block.iter().enumerate().fold(0, |mask, (at, &b)| {
            mask | (i32::from(is_string_stop(b)) << at)
        });
    };
    // SAFETY: SSE2 is part of every x86_64 target, and the load reads the 16 bytes of
    // `block` (unaligned loads are what `loadu` is for).
    unsafe {
        let lanes = _mm_loadu_si128(block.as_ptr().cast());
        let quote = _mm_cmpeq_epi8(lanes, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(lanes, _mm_set1_epi8(b'\\' as i8));
        // Below 0x20 exactly when the unsigned minimum with 0x1F is the byte itself.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(lanes, _mm_set1_epi8(0x1F)), lanes);
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control))
    }
}

/// [`string_stop`] eight bytes at a time, the first stop of a word found from its flags (most
/// strings are short, so the word that holds the stop is not scanned again).
fn string_stop_words(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // Flags (high bits) bytes of `word` below `n` (n <= 128). A borrow can flag a byte after
    // one that is below `n`, never before it, so the lowest flag is exact.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let special = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if special != 0 {
            // Little-endian: the first byte is the lowest.
            return Some(at + (special.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let stop = chunks.remainder().iter().position(|&b| is_string_stop(b))?;
    Some(at + stop)
}

/// A byte that ends a string's plain text: `"`, `\\` or a control character (what JSON, and
/// serde_json's writer, escape).
fn is_string_stop(byte: u8) -> bool {
    (byte == b'"') | (byte == b'\\') | (byte < 0x20)
}

/// True when `bytes` holds a [`string_stop`] byte, or a byte that is not printable ASCII (DEL
/// and everything above it), anywhere: what a writer asks of every string it writes (ids, URLs,
/// sentences), since text without any is copied as it is, even to a terminal. On x86_64 sixteen
/// bytes at a time, the last block overlapping the one before it so no byte is left to a scalar
/// loop (a fifth of `decode --json`'s writing, before); elsewhere without early exit, which the
/// compiler vectorises.
pub fn has_string_stop_or_non_ascii(bytes: &[u8]) -> bool {
    #[cfg(target_arch = "x86_64")]
    if let Some(last) = bytes.len().checked_sub(16) {
        let mask = |block: &[u8]| stop_mask(block) | block.first_chunk().map_or(0, non_ascii_mask);
        let blocks = bytes.chunks_exact(16).map(mask);
        let tail = bytes.get(last..).map_or(0, mask);
        return blocks.fold(tail, |any, mask| any | mask) != 0;
    }
    bytes
        .iter()
        .fold(false, |any, &b| any | is_string_stop(b) | (b >= 0x7F))
}

/// The bytes from DEL (0x7F) up among the sixteen of `block` as the bits of a mask.
#[cfg(target_arch = "x86_64")]
#[inline]
fn non_ascii_mask(block: &[u8; 16]) -> i32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8};
    // SAFETY: SSE2 is part of every x86_64 target, and the load reads the 16 bytes of `block`.
    unsafe {
        let lanes = _mm_loadu_si128(block.as_ptr().cast());
        // The high bit of each byte is 0x80 and above; DEL is the one below it.
        _mm_movemask_epi8(lanes) | _mm_movemask_epi8(_mm_cmpeq_epi8(lanes, _mm_set1_epi8(0x7F)))
    }
}

/// Number of characters in `bytes[from..to]` (UTF-8 continuation bytes do not start one).
fn count_chars(bytes: &[u8], from: usize, to: usize) -> u32 {
    let span = bytes.get(from..to).unwrap_or_default();
    let count = count_bytes(span, |byte| byte & 0xC0 != 0x80);
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// How many bytes pass `test`: counted in byte-sized sums 64 bytes at a time, which the
/// compiler turns into vector instructions (a `usize` count per byte would not be).
fn count_bytes(bytes: &[u8], test: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(64)
        .map(|block| {
            let count = block
                .iter()
                .fold(0u8, |count, &byte| count.wrapping_add(u8::from(test(byte))));
            usize::from(count)
        })
        .sum()
}

/// Where the last line feed of `bytes` is: 32-byte blocks from the end are checked whole (which
/// vectorises) until one holds a line feed.
fn last_line_feed(bytes: &[u8]) -> Option<usize> {
    let mut end = bytes.len();
    while end > 0 {
        let start = end.saturating_sub(32);
        let block = bytes.get(start..end).unwrap_or_default();
        if block.iter().fold(false, |any, &byte| any | (byte == b'\n')) {
            return block
                .iter()
                .rposition(|&byte| byte == b'\n')
                .map(|at| start + at);
        }
        end = start;
    }
    None
}

/// Line and column of byte offsets, worked out on demand. It remembers the last answer (and a
/// checkpoint every few KB), so asking in source order costs one pass over the input in all,
/// even on one huge line; asking backwards restarts from the nearest checkpoint.
#[derive(Debug, Clone)]
struct Locator {
    /// The last position answered, and where its line starts.
    at: Pos,
    line_start: usize,
    /// Known (position, line start) pairs in offset order.
    checkpoints: Vec<(Pos, usize)>,
}

impl Locator {
    fn new(text_start: usize) -> Self {
        let at = Pos {
            line: 1,
            column: 1,
            offset: text_start,
        };
        Locator {
            at,
            line_start: text_start,
            checkpoints: vec![(at, text_start)],
        }
    }

    fn locate(&mut self, bytes: &[u8], offset: usize) -> Pos {
        let offset = offset.min(bytes.len());
        if offset < self.at.offset {
            if offset >= self.line_start {
                // Same line, a little back: count the characters in between.
                let back = count_chars(bytes, offset, self.at.offset);
                self.at = Pos {
                    line: self.at.line,
                    column: self.at.column.saturating_sub(back).max(1),
                    offset,
                };
                return self.at;
            }
            let index = self
                .checkpoints
                .partition_point(|(pos, _)| pos.offset <= offset)
                .saturating_sub(1);
            if let Some(&(pos, line_start)) = self.checkpoints.get(index) {
                self.at = pos;
                self.line_start = line_start;
            }
        }
        if self
            .checkpoints
            .last()
            .is_none_or(|(pos, _)| self.at.offset >= pos.offset + CHECKPOINT_BYTES)
        {
            self.checkpoints.push((self.at, self.line_start));
        }
        let span = bytes.get(self.at.offset..offset).unwrap_or_default();
        // Two simple passes (a count, then a search from the end) that vectorise.
        let breaks = count_bytes(span, |byte| byte == b'\n');
        let line = self
            .at
            .line
            .saturating_add(u32::try_from(breaks).unwrap_or(u32::MAX));
        let last_break = last_line_feed(span);
        let column = match last_break {
            Some(index) => {
                self.line_start = self.at.offset + index + 1;
                1u32.saturating_add(count_chars(bytes, self.line_start, offset))
            }
            None => self
                .at
                .column
                .saturating_add(count_chars(bytes, self.at.offset, offset)),
        };
        self.at = Pos {
            line,
            column,
            offset,
        };
        self.at
    }
}

/// Which value a diagnostic's pointer names: nothing yet (`""`) or an entry on the tape.
#[derive(Clone, Copy)]
enum Blame {
    Nothing,
    Entry(u32),
    /// The member of object entry `.0` whose key is the text `.1`.
    Member(u32, Text),
}

/// A container still being parsed.
struct Frame {
    entry: u32,
    object: bool,
    count: u32,
    /// Where this object's keys start in `Parser::keys`.
    keys_from: usize,
    /// First index of each key, built once the object is large enough to need it.
    key_index: Option<HashMap<String, usize>>,
    /// A bit for each key seen, [`key_bit`]: a key whose bit is clear is new without being
    /// compared with the others (most keys of a small object are).
    key_bits: u64,
    /// The entry of the child being parsed, and how many decoded strings there were before it.
    child: (u32, usize),
}

/// One of 64 bits for a key, from its length and its first and last bytes: equal keys always
/// have the same bit, so a clear bit in [`Frame::key_bits`] proves a key new.
fn key_bit(key: &str) -> u64 {
    let bytes = key.as_bytes();
    let ends = |byte: Option<&u8>| usize::from(byte.copied().unwrap_or_default());
    let mixed =
        bytes.len() ^ ends(bytes.first()).wrapping_mul(5) ^ ends(bytes.last()).wrapping_mul(3);
    1 << (mixed % 64)
}

/// Where a key is expected, which decides what else would have been fine there.
#[derive(Clone, Copy)]
enum KeyAfter {
    OpenBrace,
    Comma,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Where the text starts: after the BOM, if there is one.
    text_start: usize,
    pos: usize,
    strict: bool,
    sequence: bool,
    documents: u32,
    diagnostics: Vec<Diagnostic>,
    entries: Vec<Entry>,
    decoded: Vec<String>,
    /// The keys of every open object, each object's after the ones of the objects around it.
    keys: Vec<Text>,
    locator: Locator,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, strict: bool, sequence: bool) -> Result<Self, Diagnostic> {
        // The BOM is invisible to users, so it takes no column (offsets still count it).
        let start = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        if u32::try_from(text.len()).is_err() {
            return Err(Diagnostic::error(
                "the input is larger than 4 GiB: split it into smaller files",
            ));
        }
        Ok(Parser {
            text,
            bytes: text.as_bytes(),
            text_start: start,
            pos: start,
            strict,
            sequence,
            documents: 0,
            diagnostics: Vec::new(),
            // A rough guess at one value per 32 bytes saves most regrowth on large inputs.
            entries: Vec::with_capacity(text.len() / 32 + 1),
            decoded: Vec::new(),
            keys: Vec::new(),
            locator: Locator::new(start),
        })
    }

    fn finish(mut self) -> Tape<'a> {
        // Found order can differ from source order (a trailing comma is known only at the bracket).
        self.diagnostics
            .sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
        Tape {
            source: self.text,
            text_start: self.text_start,
            entries: self.entries,
            decoded: self.decoded,
            sequence: self.sequence,
            locator: RefCell::new(self.locator),
            diagnostics: self.diagnostics,
        }
    }

    /// After the document: only trivia may follow.
    fn end_of_document(&mut self) -> Result<(), Diagnostic> {
        self.skip_trivia(Blame::Nothing)?;
        if self.pos < self.bytes.len() {
            return Err(self.error_here("trailing characters after the JSON value", Blame::Nothing));
        }
        Ok(())
    }

    /// Hands the finished item at entry `at` to `on_item` over a tape of what is parsed so far,
    /// then drops it (and the strings decoded for it) from the tape.
    fn hand_over(&mut self, on_item: &mut dyn FnMut(NodeRef<'_>), at: u32, decoded_from: usize) {
        let idle = Locator {
            at: Pos::default(),
            line_start: 0,
            checkpoints: Vec::new(),
        };
        let tape = Tape {
            source: self.text,
            text_start: self.text_start,
            entries: std::mem::take(&mut self.entries),
            decoded: std::mem::take(&mut self.decoded),
            sequence: false,
            locator: RefCell::new(std::mem::replace(&mut self.locator, idle)),
            diagnostics: Vec::new(),
        };
        on_item(NodeRef { tape: &tape, at });
        self.entries = tape.entries;
        self.decoded = tape.decoded;
        self.locator = tape.locator.into_inner();
        self.entries.truncate(at as usize);
        self.decoded.truncate(decoded_from);
    }

    /// Skips leading trivia and fails on empty input.
    fn parse_document_start(&mut self) -> Result<(), Diagnostic> {
        self.skip_trivia(Blame::Nothing)?;
        if self.pos >= self.bytes.len() {
            // Blame the start: the input may hold whitespace or comments but no value.
            let start = Pos {
                line: 1,
                column: 1,
                offset: self.text_start,
            };
            return Err(self.error_at(start, "empty input: nothing to decode", Blame::Nothing));
        }
        Ok(())
    }

    /// Puts a new value's entry on the tape (its kind and end are filled in when it is parsed).
    fn push_entry(&mut self, parent: u32, index: u32, key: Text) -> u32 {
        let at = u32::try_from(self.entries.len()).unwrap_or(NONE);
        let offset = self.pos as u32;
        self.entries.push(Entry {
            kind: Kind::Null,
            parent,
            index,
            next: at,
            aux: 0,
            start: offset,
            end: offset,
            key,
        });
        at
    }

    /// Closes entry `at`: it ends here and its subtree ends with the last entry so far.
    fn close_entry(&mut self, at: u32, kind: Kind, aux: u32) {
        let next = self.entries.len() as u32;
        let end = self.pos as u32;
        if let Some(entry) = self.entries.get_mut(at as usize) {
            entry.kind = kind;
            entry.aux = aux;
            entry.end = end;
            entry.next = next;
        }
    }

    /// Parses one value with everything inside it, using `stack` instead of recursion. With
    /// `items`, the items of the root's `value` array are handed over one by one.
    fn parse_value_tree(&mut self, mut items: Option<&mut Items<'_>>) -> Result<(), Diagnostic> {
        let mut stack: Vec<Frame> = Vec::new();
        // Where the value about to be parsed goes; trivia before it is already skipped.
        let (mut parent, mut index, mut key) = (NONE, self.documents, Text::default());
        'value: loop {
            let decoded_before = self.decoded.len();
            let at = self.push_entry(parent, index, key);
            if let Some(frame) = stack.last_mut() {
                frame.child = (at, decoded_before);
            }
            let blame = Blame::Entry(at);
            match self.peek() {
                Some(open @ (b'{' | b'[')) => {
                    let object = open == b'{';
                    let close = if object { b'}' } else { b']' };
                    let kind = if object { Kind::Object } else { Kind::Array };
                    // Known now, so pointers into it use keys or indices as they should.
                    if let Some(entry) = self.entries.get_mut(at as usize) {
                        entry.kind = kind;
                    }
                    if let Some(items) = items.as_deref_mut() {
                        let in_root_object = parent == 0
                            && self.entries.first().is_some_and(|e| e.kind == Kind::Object);
                        if items.array == NONE
                            && !object
                            && in_root_object
                            && self.key_text(key) == "value"
                        {
                            items.array = at;
                        }
                    }
                    self.check_depth(stack.len(), blame)?;
                    self.pos += 1;
                    self.skip_trivia(blame)?;
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        self.close_entry(at, kind, 0);
                    } else {
                        let mut frame = Frame {
                            entry: at,
                            object,
                            count: 0,
                            keys_from: self.keys.len(),
                            key_index: None,
                            key_bits: 0,
                            child: (NONE, 0),
                        };
                        (parent, index, key) = (at, 0, Text::default());
                        if object {
                            key = self.parse_key(&mut frame, KeyAfter::OpenBrace)?;
                        }
                        stack.push(frame);
                        continue 'value;
                    }
                }
                _ => {
                    let (kind, text) = self.parse_scalar(blame)?;
                    self.close_entry(at, kind, text.decoded);
                }
            }
            // Hand the finished value to its container, closing every container that ends here.
            loop {
                // The frame stays on the stack while its next item is parsed (a frame is too
                // large to move out and back for every value).
                let Some(frame) = stack.last_mut() else {
                    return Ok(());
                };
                frame.count += 1;
                if let Some(items) = items.as_deref_mut() {
                    if frame.entry == items.array {
                        let (child, decoded_from) = frame.child;
                        self.hand_over(&mut *items.on_item, child, decoded_from);
                    }
                }
                let container = Blame::Entry(frame.entry);
                let (close, what) = if frame.object {
                    (b'}', "object member")
                } else {
                    (b']', "array item")
                };
                if self.after_item(container, close, what)? {
                    (parent, index, key) = (frame.entry, frame.count, Text::default());
                    if frame.object {
                        key = self.parse_key(frame, KeyAfter::Comma)?;
                    }
                    continue 'value;
                }
                let Some(frame) = stack.pop() else {
                    return Ok(());
                };
                let kind = if frame.object {
                    self.keys.truncate(frame.keys_from);
                    Kind::Object
                } else {
                    Kind::Array
                };
                self.close_entry(frame.entry, kind, frame.count);
            }
        }
    }

    fn check_depth(&mut self, open: usize, blame: Blame) -> Result<(), Diagnostic> {
        if open >= MAX_DEPTH {
            let message = format!("nesting deeper than {MAX_DEPTH} levels");
            return Err(self.error_here(message, blame));
        }
        Ok(())
    }

    /// After an item: consumes `,` (true: another item follows) or the closing bracket (false).
    fn after_item(&mut self, blame: Blame, close: u8, what: &str) -> Result<bool, Diagnostic> {
        self.skip_trivia(blame)?;
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_trivia(blame)?;
                if self.peek() != Some(close) {
                    return Ok(true);
                }
                let message = format!(
                    "trailing comma before '{}': JSON does not allow one; Microsoft Graph never \
                     sends them (docs examples sometimes include them)",
                    char::from(close)
                );
                self.lenient_only(comma, message, blame)?;
                self.pos += 1;
                Ok(false)
            }
            Some(byte) if byte == close => {
                self.pos += 1;
                Ok(false)
            }
            _ => {
                let found = describe_found(self.char_here());
                let close = char::from(close);
                let message = format!("expected ',' or '{close}' after {what}, found {found}");
                Err(self.error_here(message, blame))
            }
        }
    }

    /// The key text, resolved.
    fn key_text(&self, key: Text) -> &str {
        resolve(self.text, &self.decoded, key)
    }

    /// Notes `key` as the next member's key; returns the index of an earlier member with it.
    fn register_key(&mut self, frame: &mut Frame, key: Text) -> Option<usize> {
        let keys = self.keys.get(frame.keys_from..).unwrap_or_default();
        let index = keys.len();
        let text = self.key_text(key);
        if let Some(key_index) = &mut frame.key_index {
            if let Some(&first) = key_index.get(text) {
                return Some(first);
            }
            key_index.insert(text.to_owned(), index);
            self.keys.push(key);
            return None;
        }
        let bit = key_bit(text);
        let seen_bit = frame.key_bits & bit != 0;
        frame.key_bits |= bit;
        if !seen_bit && index < KEY_INDEX_FROM {
            self.keys.push(key);
            return None;
        }
        let first = keys.iter().position(|&seen| match seen.decoded {
            // A key without escapes is its span: bytes compared, a length first.
            0 => self.bytes.get(seen.start as usize..seen.end as usize) == Some(text.as_bytes()),
            _ => self.key_text(seen) == text,
        });
        if first.is_none() {
            if index >= KEY_INDEX_FROM {
                // Linear scans would make huge objects quadratic; switch to a map.
                let mut key_index = HashMap::with_capacity(index * 2);
                for (position, &seen) in keys.iter().enumerate() {
                    key_index
                        .entry(self.key_text(seen).to_owned())
                        .or_insert(position);
                }
                key_index.insert(text.to_owned(), index);
                frame.key_index = Some(key_index);
            }
            self.keys.push(key);
        }
        first
    }

    /// Parses `"key":` and the trivia after it; returns the member's key.
    fn parse_key(&mut self, frame: &mut Frame, after: KeyAfter) -> Result<Text, Diagnostic> {
        let object = Blame::Entry(frame.entry);
        if self.peek() != Some(b'"') {
            let message = self.key_error_message(after);
            return Err(self.error_here(message, object));
        }
        let key_offset = self.pos;
        let key = self.parse_string(object)?;
        if let Some(first) = self.register_key(frame, key) {
            let first_offset = self
                .keys
                .get(frame.keys_from + first)
                .map_or(key_offset, |seen| seen.start as usize - 1);
            let first_line = self.locator.locate(self.bytes, first_offset).line;
            let message = format!(
                "duplicate key '{}': the first one is on line {first_line}; the last one wins",
                shorten(self.key_text(key))
            );
            self.warn_at(key_offset, message, Blame::Member(frame.entry, key));
        }
        self.skip_trivia(object)?;
        if self.peek() != Some(b':') {
            let found = describe_found(self.char_here());
            let message = format!("expected ':' after object key, found {found}");
            return Err(self.error_here(message, object));
        }
        self.pos += 1;
        self.skip_trivia(object)?;
        Ok(key)
    }

    fn key_error_message(&self, after: KeyAfter) -> String {
        match self.char_here() {
            Some('\'') => "single quotes are not JSON: use double quotes".to_owned(),
            Some(c) if is_curly_quote(c) => {
                "curly quotes are not JSON: use straight double quotes".to_owned()
            }
            Some(c) if is_word_char(c) => format!(
                "unquoted key '{}': keys must be strings in double quotes",
                shorten(self.word_here())
            ),
            found => {
                let found = describe_found(found);
                match after {
                    KeyAfter::OpenBrace => {
                        format!("expected a key in double quotes or '}}', found {found}")
                    }
                    KeyAfter::Comma => {
                        format!("expected a key in double quotes after ',', found {found}")
                    }
                }
            }
        }
    }

    /// Parses a string, number or literal; anything else is an error naming what was found.
    fn parse_scalar(&mut self, blame: Blame) -> Result<(Kind, Text), Diagnostic> {
        let none = Text::default();
        // The usual values, told by their first byte without decoding a character.
        match self.peek() {
            Some(b'"') => return Ok((Kind::String, self.parse_string(blame)?)),
            Some(b'-' | b'0'..=b'9') => {
                self.parse_number(blame)?;
                return Ok((Kind::Number, none));
            }
            Some(b't' | b'f' | b'n') => {
                if let Some(kind) = self.literal_here() {
                    return Ok((kind, none));
                }
            }
            _ => {}
        }
        let message = match self.char_here() {
            None => "unexpected end of input: expected a value".to_owned(),
            Some(c) if is_word_char(c) => {
                let word = self.word_here();
                let kind = match word {
                    "true" => Kind::True,
                    "false" => Kind::False,
                    "null" => Kind::Null,
                    _ => return Err(self.error_here(bare_word_message(word), blame)),
                };
                self.pos += word.len();
                return Ok((kind, none));
            }
            Some('\'') => "single quotes are not JSON: use double quotes".to_owned(),
            Some(c) if is_curly_quote(c) => {
                "curly quotes are not JSON: use straight double quotes".to_owned()
            }
            Some('+') => "a number cannot start with '+'".to_owned(),
            Some('.') => {
                "expected a value, found '.' (a number must start with a digit)".to_owned()
            }
            found => format!("expected a value, found {}", describe_found(found)),
        };
        Err(self.error_here(message, blame))
    }

    /// `true`, `false` or `null` here, when it is the whole bare word (then consumed).
    fn literal_here(&mut self) -> Option<Kind> {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let (kind, word): (Kind, &[u8]) = match rest.first()? {
            b't' => (Kind::True, b"true"),
            b'f' => (Kind::False, b"false"),
            _ => (Kind::Null, b"null"),
        };
        // An ASCII byte that is no word character ends the word; anything else is the slow path.
        let ends =
            |byte: Option<&u8>| byte.is_none_or(|&b| b.is_ascii() && !is_word_char(char::from(b)));
        if rest.starts_with(word) && ends(rest.get(word.len())) {
            self.pos += word.len();
            return Some(kind);
        }
        None
    }

    /// Parses a number by the JSON grammar: `-`? int frac? exp?
    fn parse_number(&mut self, blame: Blame) -> Result<(), Diagnostic> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
            if self
                .text
                .get(self.pos..)
                .is_some_and(|rest| rest.starts_with("Infinity"))
            {
                return Err(self.error_at_offset(start, "Infinity is not JSON", blame));
            }
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    return Err(self.error_at_offset(
                        start,
                        "leading zeros are not allowed",
                        blame,
                    ));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.expected_digit("after '-'", blame)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.expected_digit("after '.'", blame));
            }
            self.skip_digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.expected_digit("in the exponent", blame));
            }
            self.skip_digits();
        }
        Ok(())
    }

    fn expected_digit(&mut self, place: &str, blame: Blame) -> Diagnostic {
        let found = describe_found(self.char_here());
        self.error_here(format!("expected a digit {place}, found {found}"), blame)
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// Parses a string starting at its opening quote; only one with escapes is copied (decoded).
    fn parse_string(&mut self, blame: Blame) -> Result<Text, Diagnostic> {
        let open = self.pos;
        self.pos += 1;
        let mut decoded: Option<String> = None;
        let mut chunk_start = self.pos;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let stop = string_stop(rest);
            let Some(stop) = stop else {
                return Err(self.error_at_offset(open, "unterminated string", blame));
            };
            self.pos += stop;
            match rest.get(stop) {
                Some(b'"') => {
                    let mut text = Text {
                        start: (open + 1) as u32,
                        end: self.pos as u32,
                        decoded: 0,
                    };
                    if let Some(mut decoded) = decoded {
                        decoded.push_str(self.slice(chunk_start, self.pos));
                        self.decoded.push(decoded);
                        text.decoded = self.decoded.len() as u32;
                    }
                    self.pos += 1;
                    return Ok(text);
                }
                Some(b'\\') => {
                    let text = decoded.get_or_insert_with(String::new);
                    text.push_str(self.slice(chunk_start, self.pos));
                    self.parse_escape(text, open, blame)?;
                    chunk_start = self.pos;
                }
                _ => {
                    let code = self.peek().map_or(0, u32::from);
                    let message =
                        format!("control character U+{code:04X} must be escaped in a string");
                    return Err(self.error_here(message, blame));
                }
            }
        }
    }

    /// Decodes the escape at the current backslash into `text`.
    fn parse_escape(
        &mut self,
        text: &mut String,
        open: usize,
        blame: Blame,
    ) -> Result<(), Diagnostic> {
        let decoded = match self.bytes.get(self.pos + 1) {
            None => return Err(self.error_at_offset(open, "unterminated string", blame)),
            Some(b'u') => return self.parse_unicode_escape(text, blame),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{C}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(_) => {
                let escaped = self
                    .text
                    .get(self.pos + 1..)
                    .and_then(|rest| rest.chars().next());
                let message = match escaped {
                    Some(c) if !c.is_control() => format!("invalid escape '\\{c}'"),
                    found => format!("invalid escape: '\\' followed by {}", describe_found(found)),
                };
                return Err(self.error_here(message, blame));
            }
        };
        text.push(decoded);
        self.pos += 2;
        Ok(())
    }

    /// Decodes `\uXXXX`, joining surrogate pairs; a lone surrogate becomes U+FFFD with a warning.
    fn parse_unicode_escape(&mut self, text: &mut String, blame: Blame) -> Result<(), Diagnostic> {
        let backslash = self.pos;
        let unit = self.hex4(backslash + 2, blame)?;
        self.pos += 6;
        let decoded = match unit {
            0xD800..=0xDBFF => {
                let next_is_escape = self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u");
                let low = self.peek_hex4(self.pos + 2).filter(|_| next_is_escape);
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        self.pos += 6;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    }
                    // Anything after a lone high surrogate is decoded on its own next.
                    _ => None,
                }
            }
            _ => char::from_u32(unit),
        };
        let decoded = decoded.unwrap_or_else(|| {
            let message = format!("lone surrogate \\u{unit:04X} in a string: replaced with U+FFFD");
            self.warn_at(backslash, message, blame);
            REPLACEMENT
        });
        text.push(decoded);
        Ok(())
    }

    /// The four hex digits at `at`, or an error at the first one that is not a hex digit.
    fn hex4(&mut self, at: usize, blame: Blame) -> Result<u32, Diagnostic> {
        if let Some(unit) = self.peek_hex4(at) {
            return Ok(unit);
        }
        let is_hex = |offset: usize| self.bytes.get(offset).is_some_and(u8::is_ascii_hexdigit);
        let bad = (at..at + 4).find(|&offset| !is_hex(offset)).unwrap_or(at);
        let found = describe_found(self.text.get(bad..).and_then(|rest| rest.chars().next()));
        let message = format!("invalid \\u escape: expected 4 hex digits, found {found}");
        Err(self.error_at_offset(bad, message, blame))
    }

    fn peek_hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0, |unit, &digit| {
            Some(unit * 16 + char::from(digit).to_digit(16)?)
        })
    }

    /// Skips whitespace and comments (each comment warns, or is an error when strict).
    #[inline]
    fn skip_trivia(&mut self, blame: Blame) -> Result<(), Diagnostic> {
        // Minified JSON has no trivia between most tokens: one byte says so.
        if !matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
            return Ok(());
        }
        self.skip_some_trivia(blame)
    }

    fn skip_some_trivia(&mut self, blame: Blame) -> Result<(), Diagnostic> {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' | b'\n' => self.pos += 1,
                b'/' => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        self.lenient_only(self.pos, COMMENT_MESSAGE.to_owned(), blame)?;
                        let rest = self.bytes.get(self.pos..).unwrap_or_default();
                        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    }
                    Some(b'*') => self.skip_block_comment(blame)?,
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    fn skip_block_comment(&mut self, blame: Blame) -> Result<(), Diagnostic> {
        let at = self.pos;
        self.lenient_only(at, COMMENT_MESSAGE.to_owned(), blame)?;
        let rest = self.bytes.get(self.pos + 2..).unwrap_or_default();
        match rest.windows(2).position(|pair| pair == b"*/") {
            Some(stop) => {
                self.pos += 2 + stop + 2;
                Ok(())
            }
            None => {
                let message = "unterminated block comment: expected '*/', found end of input";
                Err(self.error_at_offset(at, message, blame))
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_here(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    /// The bare word (letters, digits, `_`, `$`) starting here.
    fn word_here(&self) -> &'a str {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        let len = rest.find(|c| !is_word_char(c)).unwrap_or(rest.len());
        rest.get(..len).unwrap_or_default()
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or_default()
    }

    /// The pointer a diagnostic names, built only now that one is needed.
    fn pointer(&self, blame: Blame) -> String {
        let of = |at| pointer_of(self.text, &self.entries, &self.decoded, self.sequence, at);
        match blame {
            Blame::Nothing => String::new(),
            Blame::Entry(at) => of(at),
            Blame::Member(at, key) => {
                let mut pointer = of(at);
                push_token(&mut pointer, self.key_text(key));
                pointer
            }
        }
    }

    /// Sets line, column and excerpt (the same as `Diagnostic::at_position` would, but
    /// without scanning the whole source, so diagnostics on a huge line stay cheap).
    fn locate(&self, mut diagnostic: Diagnostic, at: Pos) -> Diagnostic {
        diagnostic.line = Some(at.line);
        diagnostic.column = Some(at.column);
        diagnostic.excerpt = self.excerpt_near(at);
        diagnostic
    }

    fn error_at(&self, at: Pos, message: impl Into<String>, blame: Blame) -> Diagnostic {
        let pointer = self.pointer(blame);
        self.locate(Diagnostic::error(message).at_pointer(pointer), at)
    }

    fn error_at_offset(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        blame: Blame,
    ) -> Diagnostic {
        let at = self.locator.locate(self.bytes, offset);
        self.error_at(at, message, blame)
    }

    fn error_here(&mut self, message: impl Into<String>, blame: Blame) -> Diagnostic {
        self.error_at_offset(self.pos, message, blame)
    }

    fn warn_at(&mut self, offset: usize, message: String, blame: Blame) {
        let at = self.locator.locate(self.bytes, offset);
        let pointer = self.pointer(blame);
        let warning = self.locate(Diagnostic::warning(message).at_pointer(pointer), at);
        self.diagnostics.push(warning);
    }

    /// Docs-style extensions: a warning when lenient, the error when strict.
    fn lenient_only(
        &mut self,
        offset: usize,
        message: String,
        blame: Blame,
    ) -> Result<(), Diagnostic> {
        if self.strict {
            return Err(self.error_at_offset(offset, message, blame));
        }
        self.warn_at(offset, message, blame);
        Ok(())
    }

    /// The excerpt `excerpt(source without BOM, line, column)` gives, built from a bounded
    /// window around `at` so that many diagnostics on one huge line stay cheap.
    fn excerpt_near(&self, at: Pos) -> Option<String> {
        // Wider than the excerpt's own window (50 left, 100 in all), so the cut is the same.
        const LEFT_CHARS: usize = 60;
        const RIGHT_CHARS: usize = 120;
        let before = self.text.get(..at.offset)?;
        let back = (at.column as usize).saturating_sub(1).min(LEFT_CHARS);
        let from = before
            .char_indices()
            .rev()
            .take(back)
            .last()
            .map_or(at.offset, |(i, _)| i);
        let after = self.text.get(at.offset..)?;
        let mut to = after.len();
        for (count, (index, c)) in after.char_indices().enumerate() {
            if c == '\n' {
                // Keep the LF so a CR before it is dropped the way `str::lines` drops it.
                to = index + 1;
                break;
            }
            if count == RIGHT_CHARS {
                to = index;
                break;
            }
        }
        let window = self.text.get(from..at.offset + to)?;
        excerpt(window, 1, u32::try_from(back + 1).ok()?)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use serde_json::json;

    /// An expected diagnostic: message, line, column, pointer.
    type Expected<'t> = (&'t str, u32, u32, &'t str);
    /// Source, decoded item, and (escaped unit, column) of each lone-surrogate warning.
    type SurrogateCase = (&'static str, &'static str, &'static [(&'static str, u32)]);
    /// Number text, then as_i64, as_u64, as_f64 and to_serde.
    type NumberCase = (
        &'static str,
        Option<i64>,
        Option<u64>,
        Option<f64>,
        serde_json::Value,
    );

    const TRAILING_BRACKET: &str = "trailing comma before ']': JSON does not allow one; \
                                    Microsoft Graph never sends them (docs examples sometimes include them)";
    const TRAILING_BRACE: &str = "trailing comma before '}': JSON does not allow one; \
                                  Microsoft Graph never sends them (docs examples sometimes include them)";

    const LENIENT: ParseOptions = ParseOptions { strict: false };
    const STRICT: ParseOptions = ParseOptions { strict: true };

    fn parse_ok(source: &str, options: &ParseOptions) -> Parsed {
        parse(source, options).unwrap_or_else(|error| panic!("{source:?} failed: {error}"))
    }

    /// Message, line, column and pointer of a diagnostic, for one-line comparisons.
    fn place(diagnostic: &Diagnostic) -> (String, u32, u32, String) {
        (
            diagnostic.message.clone(),
            diagnostic.line.unwrap_or(0),
            diagnostic.column.unwrap_or(0),
            diagnostic
                .pointer
                .clone()
                .unwrap_or_else(|| "<none>".to_owned()),
        )
    }

    fn check_error(source: &str, options: &ParseOptions, expected: Expected) {
        let error = match parse(source, options) {
            Ok(parsed) => panic!("{source:?} parsed: {:?}", parsed.root.to_serde()),
            Err(error) => error,
        };
        assert_eq!(error.severity, Severity::Error, "{source:?}");
        let (message, line, column, pointer) = expected;
        let expected = (message.to_owned(), line, column, pointer.to_owned());
        assert_eq!(place(&error), expected, "{source:?}");
        assert_located(source, &error);
    }

    /// Lenient parse succeeds with exactly these warnings.
    fn check_warnings(source: &str, expected: &[Expected]) -> Parsed {
        let parsed = parse_ok(source, &LENIENT);
        let found: Vec<_> = parsed.diagnostics.iter().map(place).collect();
        let expected: Vec<_> = expected
            .iter()
            .map(|&(message, line, column, pointer)| {
                (message.to_owned(), line, column, pointer.to_owned())
            })
            .collect();
        assert_eq!(found, expected, "{source:?}");
        for diagnostic in &parsed.diagnostics {
            assert_eq!(diagnostic.severity, Severity::Warning);
            assert_located(source, diagnostic);
        }
        parsed
    }

    /// Line and column are real places in `source`, and the excerpt is the reference one.
    fn assert_located(source: &str, diagnostic: &Diagnostic) {
        let shown = source.strip_prefix('\u{FEFF}').unwrap_or(source);
        let (Some(line), Some(column)) = (diagnostic.line, diagnostic.column) else {
            panic!("{source:?}: no position in {diagnostic:?}");
        };
        assert!(line >= 1 && column >= 1, "{source:?}: {diagnostic:?}");
        assert!(
            line as usize <= source.lines().count() + 1,
            "{source:?}: {diagnostic:?}"
        );
        let text = shown.split('\n').nth(line as usize - 1);
        let text = text.unwrap_or_else(|| panic!("{source:?}: no line {line}"));
        assert!(
            column as usize <= text.chars().count() + 1,
            "{source:?}: {diagnostic:?}"
        );
        assert!(diagnostic.pointer.is_some(), "{source:?}: {diagnostic:?}");
        assert_eq!(
            diagnostic.excerpt,
            excerpt(shown, line, column),
            "{source:?}"
        );
    }

    /// Line and column of `offset` computed the slow, obvious way.
    fn naive_pos(source: &str, offset: usize) -> Pos {
        let bom = if source.starts_with('\u{FEFF}') { 3 } else { 0 };
        let before = &source[bom..offset];
        let line_start = before.rfind('\n').map_or(0, |index| index + 1);
        let line = before.matches('\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        Pos {
            line: line as u32,
            column: column as u32,
            offset,
        }
    }

    /// Every position in the tree matches `naive_pos`, spans hold the right text and
    /// pointers are built from the path.
    fn assert_tree(source: &str, node: &Node, pointer: &str) {
        assert_eq!(node.pointer, pointer, "{source:?}");
        assert_eq!(
            node.start,
            naive_pos(source, node.start.offset),
            "{source:?}"
        );
        assert_eq!(node.end, naive_pos(source, node.end.offset), "{source:?}");
        let text = &source[node.start.offset..node.end.offset];
        match &node.value {
            Value::Null => assert_eq!(text, "null"),
            Value::Bool(value) => assert_eq!(text, value.to_string()),
            Value::Number(number) => assert_eq!(text, number.raw()),
            Value::String(_) => {
                assert!(text.len() >= 2 && text.starts_with('"') && text.ends_with('"'))
            }
            Value::Array(items) => {
                assert!(text.starts_with('[') && text.ends_with(']'), "{text:?}");
                for (index, item) in items.iter().enumerate() {
                    assert_tree(source, item, &format!("{pointer}/{index}"));
                }
            }
            Value::Object(members) => {
                assert!(text.starts_with('{') && text.ends_with('}'), "{text:?}");
                for member in members {
                    assert_eq!(member.key_pos, naive_pos(source, member.key_pos.offset));
                    assert_eq!(source.as_bytes()[member.key_pos.offset], b'"');
                    let token = member.key.replace('~', "~0").replace('/', "~1");
                    assert_tree(source, &member.value, &format!("{pointer}/{token}"));
                }
            }
        }
    }

    /// Parses in both modes: never panics, errors and warnings are well located,
    /// and successful trees are consistent. Returns the strict result.
    fn assert_sane(source: &str) -> Result<Parsed, Diagnostic> {
        let lenient = parse(source, &LENIENT);
        match &lenient {
            Ok(parsed) => {
                assert_tree(source, &parsed.root, "");
                for diagnostic in &parsed.diagnostics {
                    assert_eq!(diagnostic.severity, Severity::Warning, "{source:?}");
                    assert_located(source, diagnostic);
                }
            }
            Err(error) => {
                assert_eq!(error.severity, Severity::Error, "{source:?}");
                assert_located(source, error);
            }
        }
        let strict = parse(source, &STRICT);
        match &strict {
            Ok(parsed) => {
                // Whatever strict accepts, lenient accepts identically.
                assert_eq!(lenient.as_ref().ok(), Some(parsed), "{source:?}");
            }
            Err(error) => assert_located(source, error),
        }
        strict
    }

    /// Tiny xorshift PRNG so the sweeps are reproducible without dependencies.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }

        fn pick<'t>(&mut self, choices: &[&'t str]) -> &'t str {
            choices[self.below(choices.len())]
        }
    }

    /// Every offset of `source` where a character starts, and its end.
    fn char_boundaries(source: &str) -> Vec<usize> {
        source
            .char_indices()
            .map(|(at, _)| at)
            .chain([source.len()])
            .collect()
    }

    /// A random valid JSON document exercising escapes, numbers, whitespace and duplicates.
    fn generate_value(rng: &mut Rng, depth: usize, out: &mut String) {
        const WHITESPACE: &[&str] = &["", "", " ", "\n", "\r\n  ", "\t"];
        const STRING_PARTS: &[&str] = &[
            "a",
            "é",
            "😀",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\u00e9",
            "\\uD83D\\uDE00",
            " ",
            "~",
            "/",
            "\\t",
            "\u{7f}",
            "\\b\\f\\r",
        ];
        const NUMBERS: &[&str] = &[
            "0",
            "-0",
            "7",
            "-12",
            "1.5",
            "0.25e3",
            "1E-2",
            "-3.0e+1",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551615",
            "12345678901234567890123",
            "100",
        ];
        const KEYS: &[&str] = &["a", "b", "id", "é", "a/b", "~x", ""];
        let kind = rng.below(if depth >= 4 { 5 } else { 8 });
        match kind {
            0 => out.push_str(rng.pick(&["null", "true", "false"])),
            1 | 2 => out.push_str(rng.pick(NUMBERS)),
            3 | 4 => {
                out.push('"');
                for _ in 0..rng.below(5) {
                    out.push_str(rng.pick(STRING_PARTS));
                }
                out.push('"');
            }
            5 | 6 => {
                out.push('[');
                for index in 0..rng.below(4) {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(rng.pick(WHITESPACE));
                    generate_value(rng, depth + 1, out);
                    out.push_str(rng.pick(WHITESPACE));
                }
                out.push(']');
            }
            _ => {
                out.push('{');
                for index in 0..rng.below(4) {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(rng.pick(WHITESPACE));
                    out.push('"');
                    out.push_str(rng.pick(KEYS));
                    out.push('"');
                    out.push_str(rng.pick(WHITESPACE));
                    out.push(':');
                    out.push_str(rng.pick(WHITESPACE));
                    generate_value(rng, depth + 1, out);
                }
                out.push_str(rng.pick(WHITESPACE));
                out.push('}');
            }
        }
    }

    /// serde_json equality that also checks member order and allows float rounding noise
    /// (serde_json's default float parser is not always correctly rounded).
    fn same(ours: &serde_json::Value, theirs: &serde_json::Value) -> bool {
        use serde_json::Value as J;
        match (ours, theirs) {
            (J::Number(a), J::Number(b)) => match (a.as_f64(), b.as_f64()) {
                _ if a == b => true,
                (Some(a), Some(b)) => (a - b).abs() <= a.abs().max(b.abs()) * 1e-15,
                _ => false,
            },
            (J::Array(a), J::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
            }
            (J::Object(a), J::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .zip(b)
                        .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
            }
            _ => ours == theirs,
        }
    }

    fn has_number_beyond_f64(node: &Node) -> bool {
        match &node.value {
            Value::Number(number) => number.as_f64().is_none(),
            Value::Array(items) => items.iter().any(has_number_beyond_f64),
            Value::Object(members) => members.iter().any(|m| has_number_beyond_f64(&m.value)),
            _ => false,
        }
    }

    /// Strict mode accepts exactly what serde_json accepts, and decodes it the same way.
    fn assert_agrees_with_serde_json(source: &str) {
        let ours = assert_sane(source);
        let theirs = serde_json::from_str::<serde_json::Value>(source);
        match (&ours, &theirs) {
            // serde_json rejects lone surrogates (we replace them with a warning)
            // and numbers beyond f64 (we keep their text).
            (Ok(parsed), Err(_))
                if parsed
                    .diagnostics
                    .iter()
                    .any(|d| d.message.contains("surrogate"))
                    || has_number_beyond_f64(&parsed.root) => {}
            (Ok(parsed), Ok(value)) => {
                let ours = parsed.root.to_serde();
                assert!(same(&ours, value), "{source:?}: {ours} vs {value}");
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{source:?}: ours {:?} vs serde_json {:?}",
                ours.map(|p| p.root),
                theirs
            ),
        }
    }

    #[test]
    fn nodes_know_their_positions_and_pointers() {
        let source = "{\n  \"id\": \"x\",\n  \"list\": [1, true, null],\n  \"o\": {}\n}";
        let root = parse_ok(source, &STRICT).root;
        let pos = |line, column| {
            let offset = source
                .split_inclusive('\n')
                .take(line as usize - 1)
                .map(str::len)
                .sum::<usize>();
            let line_text = &source[offset..];
            let within: usize = line_text
                .chars()
                .take(column as usize - 1)
                .map(char::len_utf8)
                .sum();
            Pos {
                line,
                column,
                offset: offset + within,
            }
        };
        assert_eq!((root.start, root.end), (pos(1, 1), pos(5, 2)));
        assert_eq!(root.pointer, "");
        let members = root.as_object().unwrap();
        assert_eq!(
            members.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(),
            ["id", "list", "o"]
        );
        assert_eq!(members[0].key_pos, pos(2, 3));
        let id = root.get("id").unwrap();
        assert_eq!(
            (id.start, id.end, id.as_str()),
            (pos(2, 9), pos(2, 12), Some("x"))
        );
        assert_eq!(id.pointer, "/id");
        let list = root.get("list").unwrap();
        assert_eq!((list.start, list.end), (pos(3, 11), pos(3, 26)));
        let items = list.as_array().unwrap();
        let spans: Vec<_> = items
            .iter()
            .map(|n| (n.start.column, n.end.column, n.pointer.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                (12, 13, "/list/0"),
                (15, 19, "/list/1"),
                (21, 25, "/list/2")
            ]
        );
        let object = root.get("o").unwrap();
        assert_eq!(
            (object.start, object.end, object.pointer.as_str()),
            (pos(4, 8), pos(4, 10), "/o")
        );
        assert_tree(source, &root, "");
    }

    #[test]
    fn errors_say_what_was_expected_and_where() {
        #[rustfmt::skip]
        let cases: &[(&str, Expected)] = &[
            (r#"{"value":[{"a": x}]}"#, ("expected a value, found 'x' (strings must be in double quotes)", 1, 17, "/value/0/a")),
            (r#"{"a": 1 "b": 2}"#, ("expected ',' or '}' after object member, found '\"'", 1, 9, "")),
            ("[1 2]", ("expected ',' or ']' after array item, found '2'", 1, 4, "")),
            (r#"{"a":[1,2}"#, ("expected ',' or ']' after array item, found '}'", 1, 10, "/a")),
            (r#"{"a":1"#, ("expected ',' or '}' after object member, found end of input", 1, 7, "")),
            (r#""abc"#, ("unterminated string", 1, 1, "")),
            (r#"{"a": ["x", "abc"#, ("unterminated string", 1, 13, "/a/1")),
            (r#"["\"#, ("unterminated string", 1, 2, "/0")),
            (r#"{"ke"#, ("unterminated string", 1, 2, "")),
            (r#"{"a": "x\q"}"#, (r"invalid escape '\q'", 1, 9, "/a")),
            ("[\"\\\n\"]", (r"invalid escape: '\' followed by U+000A", 1, 3, "/0")),
            (r#"["\u12G4"]"#, (r"invalid \u escape: expected 4 hex digits, found 'G'", 1, 7, "/0")),
            (r#"["\u12"#, (r"invalid \u escape: expected 4 hex digits, found end of input", 1, 7, "/0")),
            (r#"["\u12"]"#, (r#"invalid \u escape: expected 4 hex digits, found '"'"#, 1, 7, "/0")),
            ("[\"a\nb\"]", ("control character U+000A must be escaped in a string", 1, 4, "/0")),
            ("[\"a\tb\"]", ("control character U+0009 must be escaped in a string", 1, 4, "/0")),
            ("{\"k\u{1}\": 1}", ("control character U+0001 must be escaped in a string", 1, 4, "")),
            ("[1,", ("unexpected end of input: expected a value", 1, 4, "/1")),
            (r#"{"a":"#, ("unexpected end of input: expected a value", 1, 6, "/a")),
            ("[", ("unexpected end of input: expected a value", 1, 2, "/0")),
            ("{'a': 1}", ("single quotes are not JSON: use double quotes", 1, 2, "")),
            (r#"{"a": 'x'}"#, ("single quotes are not JSON: use double quotes", 1, 7, "/a")),
            ("[\u{201C}a\u{201D}]", ("curly quotes are not JSON: use straight double quotes", 1, 2, "/0")),
            ("{\u{201C}a\u{201D}: 1}", ("curly quotes are not JSON: use straight double quotes", 1, 2, "")),
            ("{foo: 1}", ("unquoted key 'foo': keys must be strings in double quotes", 1, 2, "")),
            (r#"{"a": 1, $b: 2}"#, ("unquoted key '$b': keys must be strings in double quotes", 1, 10, "")),
            ("{1: 2}", ("unquoted key '1': keys must be strings in double quotes", 1, 2, "")),
            ("{,}", ("expected a key in double quotes or '}', found ','", 1, 2, "")),
            (r#"{"a":1,,}"#, ("expected a key in double quotes after ',', found ','", 1, 8, "")),
            (r#"{"a" 1}"#, ("expected ':' after object key, found '1'", 1, 6, "")),
            (r#"{"a"}"#, ("expected ':' after object key, found '}'", 1, 5, "")),
            (r#"{"a": }"#, ("expected a value, found '}'", 1, 7, "/a")),
            ("[1,,2]", ("expected a value, found ','", 1, 4, "/1")),
            ("]", ("expected a value, found ']'", 1, 1, "")),
            ("[\u{A0}1]", ("expected a value, found U+00A0 (a space JSON does not allow)", 1, 2, "/0")),
            ("[\u{200B}1]", ("expected a value, found U+200B (an invisible character)", 1, 2, "/0")),
            ("\u{FEFF}\u{FEFF}1", ("expected a value, found U+FEFF (an invisible character)", 1, 1, "")),
            ("[1] /", ("trailing characters after the JSON value", 1, 5, "")),
            (r#"{"a": 1} x"#, ("trailing characters after the JSON value", 1, 10, "")),
            ("[1]]", ("trailing characters after the JSON value", 1, 4, "")),
            ("{\"a\":1}\n\n  {}", ("trailing characters after the JSON value", 3, 3, "")),
            ("[NaN]", ("NaN is not JSON", 1, 2, "/0")),
            ("[Infinity]", ("Infinity is not JSON", 1, 2, "/0")),
            ("[1, -Infinity]", ("Infinity is not JSON", 1, 5, "/1")),
            ("[undefined]", ("undefined is not JSON: use null", 1, 2, "/0")),
            ("[None]", ("'None' is not JSON: use null", 1, 2, "/0")),
            ("[True]", ("'True' is not JSON: write true in lower case", 1, 2, "/0")),
            ("{\"a\": NULL}", ("'NULL' is not JSON: write null in lower case", 1, 7, "/a")),
            ("truex", ("expected a value, found 'truex' (strings must be in double quotes)", 1, 1, "")),
            ("[nul]", ("expected a value, found 'nul' (strings must be in double quotes)", 1, 2, "/0")),
            ("[012]", ("leading zeros are not allowed", 1, 2, "/0")),
            ("[-00]", ("leading zeros are not allowed", 1, 2, "/0")),
            ("[1.]", ("expected a digit after '.', found ']'", 1, 4, "/0")),
            ("[-]", ("expected a digit after '-', found ']'", 1, 3, "/0")),
            ("-", ("expected a digit after '-', found end of input", 1, 2, "")),
            ("[-a]", ("expected a digit after '-', found 'a'", 1, 3, "/0")),
            ("[1e]", ("expected a digit in the exponent, found ']'", 1, 4, "/0")),
            ("[1E+]", ("expected a digit in the exponent, found ']'", 1, 5, "/0")),
            ("[.5]", ("expected a value, found '.' (a number must start with a digit)", 1, 2, "/0")),
            ("[+1]", ("a number cannot start with '+'", 1, 2, "/0")),
            ("[0x1F]", ("expected ',' or ']' after array item, found 'x'", 1, 3, "")),
            ("", ("empty input: nothing to decode", 1, 1, "")),
            ("  \r\n\t ", ("empty input: nothing to decode", 1, 1, "")),
            ("\u{FEFF}", ("empty input: nothing to decode", 1, 1, "")),
            ("// only a comment", ("empty input: nothing to decode", 1, 1, "")),
            ("/* x", ("unterminated block comment: expected '*/', found end of input", 1, 1, "")),
            ("[1,\n  /* x\n]", ("unterminated block comment: expected '*/', found end of input", 2, 3, "")),
            ("/* a\n b */ x", ("expected a value, found 'x' (strings must be in double quotes)", 2, 7, "")),
            ("{\"é😀\": x}", ("expected a value, found 'x' (strings must be in double quotes)", 1, 8, "/é😀")),
            ("{\"a/b~c\": x}", ("expected a value, found 'x' (strings must be in double quotes)", 1, 11, "/a~1b~0c")),
            ("{\n  \"a\": 1,\n  \"b\": [\n    tru\n  ]\n}", ("expected a value, found 'tru' (strings must be in double quotes)", 4, 5, "/b/0")),
            ("{\r\n  \"a\": 1,\r\n  \"b\": x\r\n}", ("expected a value, found 'x' (strings must be in double quotes)", 3, 8, "/b")),
            ("[1,\r2,\rx]", ("expected a value, found 'x' (strings must be in double quotes)", 1, 8, "/2")),
            ("\u{FEFF}{\"a\": x}", ("expected a value, found 'x' (strings must be in double quotes)", 1, 7, "/a")),
            (&"x".repeat(100), (&format!("expected a value, found '{}…' (strings must be in double quotes)", "x".repeat(40)), 1, 1, "")),
        ];
        for (source, expected) in cases {
            check_error(source, &LENIENT, *expected);
        }
    }

    #[test]
    fn error_excerpt_points_at_the_column() {
        let error = parse(r#"{"value":[{"a": x}]}"#, &LENIENT).unwrap_err();
        assert_eq!(
            error.excerpt.as_deref(),
            Some("{\"value\":[{\"a\": x}]}\n                ^")
        );
        let with_bom = parse("\u{FEFF}[x]", &LENIENT).unwrap_err();
        assert_eq!(with_bom.excerpt.as_deref(), Some("[x]\n ^"));
        assert_eq!(
            with_bom.to_string(),
            "error at line 1, column 2 (/0): expected a value, found 'x' (strings must be in double quotes)\n    [x]\n     ^"
        );
    }

    #[test]
    fn comments_and_trailing_commas_warn_when_lenient_and_fail_when_strict() {
        // Lenient warnings (in source order), and which of them strict fails at: the first
        // one the parser meets, and a comma is known to be trailing only at the bracket.
        #[rustfmt::skip]
        let cases: &[(&str, &[Expected], usize)] = &[
            ("// c\n[1]", &[(COMMENT_MESSAGE, 1, 1, "")], 0),
            ("[1] // c", &[(COMMENT_MESSAGE, 1, 5, "")], 0),
            ("[1, /* c */ 2]", &[(COMMENT_MESSAGE, 1, 5, "")], 0),
            ("[1, /* c\n * more\n */ 2]", &[(COMMENT_MESSAGE, 1, 5, "")], 0),
            ("[/**/]", &[(COMMENT_MESSAGE, 1, 2, "")], 0),
            ("[1 /***/]", &[(COMMENT_MESSAGE, 1, 4, "")], 0),
            ("{\"a\": {\"b\": true // c\n}}", &[(COMMENT_MESSAGE, 1, 18, "/a")], 0),
            ("{\"a\": // why\n 1}", &[(COMMENT_MESSAGE, 1, 7, "")], 0),
            ("[1,]", &[(TRAILING_BRACKET, 1, 3, "")], 0),
            ("{\"a\": [1, 2,],}", &[(TRAILING_BRACKET, 1, 12, "/a"), (TRAILING_BRACE, 1, 14, "")], 0),
            ("[1,\n  // c\n]", &[(TRAILING_BRACKET, 1, 3, ""), (COMMENT_MESSAGE, 2, 3, "")], 1),
            ("[1, // c\n]", &[(TRAILING_BRACKET, 1, 3, ""), (COMMENT_MESSAGE, 1, 5, "")], 1),
        ];
        for (source, warnings, strict_fails_at) in cases {
            check_warnings(source, warnings);
            check_error(source, &STRICT, warnings[*strict_fails_at]);
        }
        // The comment does not change the value.
        let parsed = check_warnings(
            "[1, /* two */ 2,]",
            &[(COMMENT_MESSAGE, 1, 5, ""), (TRAILING_BRACKET, 1, 16, "")],
        );
        assert_eq!(parsed.root.to_serde(), json!([1, 2]));
    }

    #[test]
    fn get_many_finds_what_get_finds_for_each_key() {
        let source = r#"{"a": 1, "b": 2, "a": 3, "\u0063": 4, "": 5, "ab": 6, "b": {"a": 7}}"#;
        let tape = parse_tape(source, &LENIENT).unwrap();
        let root = tape.roots().next().unwrap();
        let keys = ["a", "b", "c", "", "ab", "missing"];
        let found = root.get_many(keys);
        for (key, found) in keys.iter().zip(found) {
            let expected = root.get(key).map(NodeRef::to_serde);
            assert_eq!(found.map(NodeRef::to_serde), expected, "{key:?}");
        }
        // The last of a repeated member wins, as `get` says.
        assert_eq!(found[0].map(NodeRef::to_serde), Some(json!(3)));
        assert_eq!(found[1].map(NodeRef::to_serde), Some(json!({"a": 7})));
        assert_eq!(found[2].map(NodeRef::to_serde), Some(json!(4)));
        assert!(found[5].is_none());
    }

    #[test]
    fn duplicate_keys_warn_in_both_modes_and_the_last_wins() {
        let source = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"a\": 3\n}";
        let message = "duplicate key 'a': the first one is on line 2; the last one wins";
        let parsed = check_warnings(source, &[(message, 4, 3, "/a")]);
        assert_eq!(parse_ok(source, &STRICT), parsed);
        let root = &parsed.root;
        assert_eq!(
            root.get("a").and_then(|n| n.as_number()).map(Number::raw),
            Some("3")
        );
        assert_eq!(root.as_object().map(<[Member]>::len), Some(3));
        // Like JavaScript: first place, last value.
        assert_eq!(
            serde_json::to_string(&root.to_serde()).unwrap(),
            r#"{"a":3,"b":2}"#
        );
        // The third occurrence still names the first.
        let source = r#"{"x": {"a/b": 1, "a/b": 2, "a/b": 3}}"#;
        let message = "duplicate key 'a/b': the first one is on line 1; the last one wins";
        check_warnings(
            source,
            &[(message, 1, 18, "/x/a~1b"), (message, 1, 28, "/x/a~1b")],
        );
    }

    #[test]
    fn duplicate_keys_are_found_in_large_objects() {
        let mut source = String::from("{");
        for index in 0..40 {
            source.push_str(&format!("\n\"k{index}\": {index},"));
        }
        source.push_str("\n\"k3\": true,\n\"k39\": false,\n\"k40\": null\n}");
        let first = "duplicate key 'k3': the first one is on line 5; the last one wins";
        let last = "duplicate key 'k39': the first one is on line 41; the last one wins";
        let parsed = check_warnings(&source, &[(first, 42, 1, "/k3"), (last, 43, 1, "/k39")]);
        assert_eq!(parsed.root.get("k3").and_then(Node::as_bool), Some(true));
        assert_eq!(
            parsed
                .root
                .get("k2")
                .and_then(Node::as_number)
                .map(Number::raw),
            Some("2")
        );
        assert_eq!(
            parsed.root.to_serde().as_object().map(serde_json::Map::len),
            Some(41)
        );
    }

    #[test]
    fn bom_is_skipped_and_offsets_stay_byte_offsets() {
        let parsed = check_warnings("\u{FEFF}[1, \"é\", 2]", &[]);
        let items = parsed.root.as_array().unwrap();
        assert_eq!(
            parsed.root.start,
            Pos {
                line: 1,
                column: 1,
                offset: 3
            }
        );
        assert_eq!(
            items[1].start,
            Pos {
                line: 1,
                column: 5,
                offset: 7
            }
        );
        assert_eq!(
            items[2].start,
            Pos {
                line: 1,
                column: 10,
                offset: 13
            }
        );
        assert_eq!(
            parsed.root.end,
            Pos {
                line: 1,
                column: 12,
                offset: 15
            }
        );
    }

    #[test]
    fn crlf_counts_as_one_line_break() {
        let source = "{\r\n\t\"a\": [\r\n\t\t1,\r\n\t\t2\r\n\t]\r\n}\r\n";
        let root = parse_ok(source, &STRICT).root;
        let a = root.get("a").unwrap();
        assert_eq!(
            (a.start.line, a.start.column, a.end.line, a.end.column),
            (2, 7, 5, 3)
        );
        let two = a.find("/1").unwrap();
        assert_eq!((two.start.line, two.start.column), (4, 3));
        assert_eq!((root.end.line, root.end.column), (6, 2));
        assert_tree(source, &root, "");
    }

    #[test]
    fn strings_decode_every_escape() {
        let cases: &[(&str, &str)] = &[
            (r#""plain""#, "plain"),
            (r#""""#, ""),
            (r#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{c}\n\r\t"),
            (r#""\u00e9\u00C9""#, "éÉ"),
            (r#""x\uD83D\uDE00y""#, "x😀y"),
            (r#""\ud83d\ude00""#, "😀"),
            ("\"é😀\u{7f}\"", "é😀\u{7f}"),
            (r#""\u0000""#, "\0"),
        ];
        for (source, expected) in cases {
            let parsed = check_warnings(source, &[]);
            assert_eq!(parsed.root.as_str(), Some(*expected), "{source}");
        }
    }

    #[test]
    fn lone_surrogates_become_replacement_characters_with_a_warning() {
        #[rustfmt::skip]
        let cases: &[SurrogateCase] = &[
            (r#"["\uD800x"]"#, "\u{FFFD}x", &[("D800", 3)]),
            (r#"["\uDE00"]"#, "\u{FFFD}", &[("DE00", 3)]),
            (r#"["\uD83D\uD83D\uDE00"]"#, "\u{FFFD}😀", &[("D83D", 3)]),
            (r#"["\uD83D\n"]"#, "\u{FFFD}\n", &[("D83D", 3)]),
            (r#"["\uD83D"]"#, "\u{FFFD}", &[("D83D", 3)]),
            (r#"["\uDE00\uD83D"]"#, "\u{FFFD}\u{FFFD}", &[("DE00", 3), ("D83D", 9)]),
        ];
        for (source, expected, warnings) in cases {
            let messages: Vec<_> = warnings
                .iter()
                .map(|(unit, _)| {
                    format!("lone surrogate \\u{unit} in a string: replaced with U+FFFD")
                })
                .collect();
            let warnings: Vec<Expected> = warnings
                .iter()
                .zip(&messages)
                .map(|((_, column), message)| (message.as_str(), 1, *column, "/0"))
                .collect();
            let parsed = check_warnings(source, &warnings);
            assert_eq!(
                parsed.root.find("/0").and_then(Node::as_str),
                Some(*expected),
                "{source}"
            );
            assert_eq!(parse_ok(source, &STRICT), parsed);
        }
        // In a key the warning points at the object.
        let message = r"lone surrogate \uDC00 in a string: replaced with U+FFFD";
        let parsed = check_warnings(r#"{"o": {"\uDC00": 1}}"#, &[(message, 1, 9, "/o")]);
        assert!(parsed.root.find("/o/\u{FFFD}").is_some());
        // An invalid escape right after a high surrogate is still an error.
        check_error(
            r#"["\uD800\uZZZZ"]"#,
            &LENIENT,
            (
                r"invalid \u escape: expected 4 hex digits, found 'Z'",
                1,
                11,
                "/0",
            ),
        );
    }

    #[test]
    fn numbers_keep_their_text() {
        #[rustfmt::skip]
        let cases: &[NumberCase] = &[
            ("0", Some(0), Some(0), Some(0.0), json!(0)),
            ("-0", Some(0), None, Some(-0.0), json!(-0.0)),
            ("42", Some(42), Some(42), Some(42.0), json!(42)),
            ("-7", Some(-7), None, Some(-7.0), json!(-7)),
            ("1.50", None, None, Some(1.5), json!(1.5)),
            ("1e2", None, None, Some(100.0), json!(100.0)),
            ("-2.5E-3", None, None, Some(-0.0025), json!(-0.0025)),
            ("9223372036854775807", Some(i64::MAX), Some(i64::MAX as u64), Some(9.223372036854776e18), json!(i64::MAX)),
            ("-9223372036854775808", Some(i64::MIN), None, Some(-9.223372036854776e18), json!(i64::MIN)),
            ("18446744073709551615", None, Some(u64::MAX), Some(1.8446744073709552e19), json!(u64::MAX)),
            ("18446744073709551616", None, None, Some(1.8446744073709552e19), json!(1.8446744073709552e19)),
            ("-123456789012345678901234567890", None, None, Some(-1.2345678901234568e29), json!(-1.2345678901234568e29)),
            ("1e400", None, None, None, json!(f64::MAX)),
            ("-1e400", None, None, None, json!(-f64::MAX)),
            ("1e-400", None, None, Some(0.0), json!(0.0)),
        ];
        for (source, as_i64, as_u64, as_f64, serde) in cases {
            let root = parse_ok(source, &STRICT).root;
            let number = root.as_number().unwrap();
            assert_eq!(number.raw(), *source);
            assert_eq!(number.to_string(), *source);
            assert_eq!(
                number.is_integer(),
                !source.contains(['.', 'e', 'E']),
                "{source}"
            );
            assert_eq!(
                (number.as_i64(), number.as_u64(), number.as_f64()),
                (*as_i64, *as_u64, *as_f64),
                "{source}"
            );
            assert_eq!(&root.to_serde(), serde, "{source}");
            if let Ok(theirs) = serde_json::from_str::<serde_json::Value>(source) {
                assert!(same(&root.to_serde(), &theirs), "{source}");
            }
        }
        assert_eq!(
            parse_ok("-0", &STRICT)
                .root
                .to_serde()
                .as_f64()
                .map(f64::is_sign_negative),
            Some(true)
        );
    }

    #[test]
    fn node_helpers() {
        let source = r#"{"Id": "x", "list": [null, false], "id": "y", "a/b": {"~": 1}, "n": 2}"#;
        let root = parse_ok(source, &STRICT).root;
        assert_eq!(root.get("id").and_then(Node::as_str), Some("y"));
        assert_eq!(root.get("ID"), None);
        assert_eq!(root.get_ignore_case("ID").and_then(Node::as_str), Some("y"));
        assert_eq!(root.get_ignore_case("Id").and_then(Node::as_str), Some("x"));
        assert_eq!(
            root.get_ignore_case("LIST")
                .and_then(Node::as_array)
                .map(<[Node]>::len),
            Some(2)
        );
        assert!(root.find("/list/0").is_some_and(Node::is_null));
        assert_eq!(root.find("/list/1").and_then(Node::as_bool), Some(false));
        assert_eq!(root.find("/a~1b/~0").map(Node::kind_name), Some("number"));
        assert_eq!(
            root.find("/a~1b/~0").map(|n| n.pointer.as_str()),
            Some("/a~1b/~0")
        );
        for missing in [
            "/list/2", "/list/01", "/list/-", "/list/+1", "/nope", "list", "/n/0",
        ] {
            assert_eq!(root.find(missing), None, "{missing}");
        }
        assert_eq!(root.find("").map(|n| n.kind_name()), Some("object"));
        let kinds: Vec<_> = root
            .as_object()
            .unwrap()
            .iter()
            .map(|m| m.value.kind_name())
            .collect();
        assert_eq!(kinds, ["string", "array", "string", "object", "number"]);
        assert_eq!(root.get("list").and_then(|list| list.get("0")), None);
        assert_eq!(root.as_str(), None);
        assert_eq!(root.as_array(), None);
        assert!(!root.is_null());
        let ordered = serde_json::to_string(&root.to_serde()).unwrap();
        assert_eq!(
            ordered,
            r#"{"Id":"x","list":[null,false],"id":"y","a/b":{"~":1},"n":2}"#
        );
    }

    #[test]
    fn nesting_is_limited_without_recursion() {
        let deep = "[".repeat(1_000_000);
        let pointer = "/0".repeat(MAX_DEPTH);
        check_error(
            &deep,
            &LENIENT,
            ("nesting deeper than 256 levels", 1, 257, &pointer),
        );
        let deep_objects = "{\"a\":".repeat(300);
        let pointer = "/a".repeat(MAX_DEPTH);
        check_error(
            &deep_objects,
            &LENIENT,
            ("nesting deeper than 256 levels", 1, 5 * 256 + 1, &pointer),
        );
        // Exactly the limit is fine.
        let at_limit = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let root = parse_ok(&at_limit, &STRICT).root;
        let innermost = root.find(&"/0".repeat(MAX_DEPTH - 1)).unwrap();
        assert_eq!(innermost.as_array().map(<[Node]>::len), Some(0));
        assert_eq!(innermost.start.column, MAX_DEPTH as u32);
        assert!(root.to_serde().is_array());
    }

    #[test]
    fn warnings_on_one_huge_line_stay_cheap_and_exact() {
        let mut source = String::from("[");
        for _ in 0..5_000 {
            source.push_str("{\"é\": 1, \"é\": 2}, /**/ ");
        }
        source.push_str("0]");
        let parsed = parse_ok(&source, &LENIENT);
        assert_eq!(parsed.diagnostics.len(), 10_000);
        for diagnostic in parsed.diagnostics.iter().step_by(997) {
            assert_located(&source, diagnostic);
        }
        let last = parsed.diagnostics.last().unwrap();
        assert_eq!(
            (last.line, last.column),
            (Some(1), Some(2 + 4999 * 23 + 18))
        );
    }

    #[test]
    fn agrees_with_serde_json_on_generated_documents_and_their_mutations() {
        const NOISE: &[&str] = &[
            "", "{", "}", "[", "]", ":", ",", "\"", "\\", "0", "-", ".", "e", "/", "*", "\n", "é",
            "😀", "\u{0}", "x", "\\u", "D800",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3_000 {
            let mut source = String::new();
            generate_value(&mut rng, 0, &mut source);
            assert_agrees_with_serde_json(&source);
            let parsed = parse_ok(&source, &STRICT);
            assert!(parsed
                .diagnostics
                .iter()
                .all(|d| d.message.starts_with("duplicate key")));
            // One random edit at a char boundary: delete a char, or insert noise.
            let boundaries = char_boundaries(&source);
            let at = boundaries[rng.below(boundaries.len())];
            let mut mutated = source[..at].to_owned();
            let rest = &source[at..];
            if rng.below(2) == 0 {
                mutated.push_str(
                    rest.get(rest.chars().next().map_or(0, char::len_utf8)..)
                        .unwrap_or(""),
                );
            } else {
                mutated.push_str(rng.pick(NOISE));
                mutated.push_str(rest);
            }
            assert_agrees_with_serde_json(&mutated);
        }
    }

    #[test]
    fn never_panics_on_prefixes_or_garbage() {
        let documents = [
            "\u{FEFF}{\r\n  // c\r\n  \"value\": [ {\"a\": -1.5e+3, \"b\": [true, false, null,], \"é\": \"\\uD83D\\uDE00\\n\"} ],\r\n  /* x */ \"a\": {},\r\n}\r\n",
            r#"{"s": "\u00e9\"\\", "n": [0, -0.0, 1E9], "o": {"k": {"k": []}}, "k": 'x', k: NaN}"#,
        ];
        for document in documents {
            for (end, _) in document.char_indices().chain([(document.len(), ' ')]) {
                let _ = assert_sane(&document[..end]);
                let _ = assert_sane(&document[end..]);
            }
        }
        const ALPHABET: &[char] = &[
            '{', '}', '[', ']', '"', ':', ',', '/', '*', '\\', '\n', '\r', '\t', ' ', 't', 'r',
            'u', 'e', 'f', 'a', 'l', 's', 'n', '0', '1', '-', '+', '.', 'E', 'D', '8', 'x', '\'',
            'é', '😀', '\u{FEFF}', '\u{A0}', '\u{0}',
        ];
        const TOKENS: &[&str] = &[
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"a\"",
            "\"\\uD83D\"",
            "1",
            "-0.5e1",
            "true",
            "null",
            "//c\n",
            "/*c*/",
            "/*\n*/",
            " ",
            "\r\n",
            "\"",
            "'",
            "é",
            "😀",
            "NaN",
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        for round in 0..6_000 {
            let mut source = String::new();
            for _ in 0..rng.below(40) {
                if round % 2 == 0 {
                    source.push(ALPHABET[rng.below(ALPHABET.len())]);
                } else {
                    source.push_str(rng.pick(TOKENS));
                }
            }
            let _ = assert_sane(&source);
        }
    }

    #[test]
    fn sequences_are_documents_one_after_another() {
        let lenient = ParseOptions::default();
        let sequence = parse_sequence("{\"a\": 1}\n[true] // note\n  \"x\"", &lenient).unwrap();
        let pointers: Vec<&str> = sequence.roots.iter().map(|r| r.pointer.as_str()).collect();
        assert_eq!(pointers, ["/0", "/1", "/2"]);
        assert_eq!(sequence.roots[0].get("a").unwrap().pointer, "/0/a");
        assert_eq!(
            (sequence.roots[2].start.line, sequence.roots[2].start.column),
            (3, 3)
        );
        assert_eq!(sequence.diagnostics.len(), 1, "the comment warns");
        let error = parse_sequence("{}\n{\"a\" 1}", &lenient).unwrap_err();
        assert_eq!(
            (error.line, error.column, error.pointer.as_deref()),
            (Some(2), Some(6), Some("/1"))
        );
        assert!(parse_sequence(" \n", &lenient)
            .unwrap_err()
            .message
            .starts_with("empty input"));
        let one = parse_sequence("[1]", &lenient).unwrap();
        assert_eq!(one.roots[0].pointer, "/0");
    }

    /// The tape's answers (kind, pointer, positions, keys, lookups) are the tree's, node by node.
    fn assert_tape_matches(tape_node: NodeRef, node: &Node) {
        assert_eq!(tape_node.pointer(), node.pointer);
        assert_eq!(tape_node.start(), node.start, "{}", node.pointer);
        assert_eq!(tape_node.end(), node.end, "{}", node.pointer);
        assert_eq!(tape_node.kind_name(), node.kind_name());
        assert_eq!(tape_node.as_str(), node.as_str());
        assert_eq!(tape_node.as_bool(), node.as_bool());
        assert_eq!(
            tape_node.as_number().map(|n| n.raw()),
            node.as_number().map(Number::raw)
        );
        match (tape_node.as_array(), node.as_array()) {
            (Some(tape_items), Some(items)) => {
                assert_eq!(tape_items.len(), items.len());
                for (tape_item, item) in tape_items.zip(items) {
                    assert_eq!(tape_item.key(), None);
                    assert_tape_matches(tape_item, item);
                }
            }
            (None, None) => {}
            _ => panic!("array on one side only at {}", node.pointer),
        }
        match (tape_node.as_object(), node.as_object()) {
            (Some(tape_members), Some(members)) => {
                assert_eq!(tape_members.len(), members.len());
                for (tape_member, member) in tape_members.zip(members) {
                    assert_eq!(tape_member.key(), Some(member.key.as_str()));
                    assert_eq!(
                        tape_node.get(&member.key).map(|n| n.pointer()),
                        node.get(&member.key).map(|n| n.pointer.clone())
                    );
                    assert_eq!(
                        tape_node
                            .get_ignore_case(&member.key.to_uppercase())
                            .map(|n| n.start()),
                        node.get_ignore_case(&member.key.to_uppercase())
                            .map(|n| n.start)
                    );
                    assert_tape_matches(tape_member, &member.value);
                }
            }
            (None, None) => {}
            _ => panic!("object on one side only at {}", node.pointer),
        }
        assert_eq!(tape_node.to_serde(), node.to_serde());
    }

    #[test]
    fn the_tape_answers_like_the_tree() {
        let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
        let mut sources = vec![
            r#"{"a~b": {"c/d": [1, "x\ny", {"": null}]}, "A~B": true, "a~b": [false]}"#.to_owned(),
            "\u{FEFF}[\r\n  \"é😀\", -0.5e3, {\"k\": \"\\uD83D\\uDE00\"}\r\n]".to_owned(),
        ];
        for _ in 0..500 {
            let mut source = String::new();
            generate_value(&mut rng, 0, &mut source);
            sources.push(source);
        }
        for source in &sources {
            let tape = parse_tape(source, &LENIENT).unwrap();
            let tree = parse_ok(source, &LENIENT);
            assert_eq!(tape.root_count(), 1);
            let root = tape.roots().next().unwrap();
            assert_tape_matches(root, &tree.root);
            assert_eq!(tape.diagnostics, tree.diagnostics);
        }
        let sequence = parse_tape_sequence("[1] {\"a\": [2]}\n\"z\"", &LENIENT).unwrap();
        let roots: Vec<NodeRef> = sequence.roots().collect();
        assert_eq!(roots.len(), 3);
        let two = roots[1]
            .get("a")
            .and_then(|a| a.as_array())
            .and_then(|mut a| a.next());
        assert_eq!(two.map(|n| n.pointer()), Some("/1/a/0".to_owned()));
        assert_eq!(roots[2].start().column, 1);
        assert_eq!(roots[2].start().line, 2);
    }

    #[test]
    fn positions_asked_in_any_order_are_exact() {
        // Long lines, short lines, multi-byte characters and CRLF, more than a few checkpoints.
        let mut source = String::from("\u{FEFF}[");
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        for i in 0..3_000 {
            let piece = ["\"é\"", "1", "\"😀x\"", "null", "\"long line text\""][rng.below(5)];
            source.push_str(piece);
            source.push_str(if i % 7 == 0 { ",\r\n" } else { ", " });
        }
        source.push_str("0]");
        let tape = parse_tape(&source, &STRICT).unwrap();
        let items: Vec<NodeRef> = tape.roots().next().unwrap().as_array().unwrap().collect();
        let mut order: Vec<usize> = (0..items.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for index in order {
            let item = items[index];
            let start = item.start();
            assert_eq!(start, naive_pos(&source, start.offset), "item {index}");
            let end = item.end();
            assert_eq!(end, naive_pos(&source, end.offset), "item {index}");
        }
    }

    #[test]
    fn check_strict_accepts_what_serde_json_accepts_and_only_what_the_parser_accepts() {
        let mut rng = Rng(0x0DDB_A11C_0FFE_E123);
        const PIECES: &[&str] = &[
            "",
            "\"",
            "\\",
            ",",
            ":",
            "{",
            "}",
            "[",
            "]",
            "1",
            "-",
            ".",
            "e",
            "0",
            "x",
            " ",
            "/*c*/",
            "// c\n",
            "\u{1}",
            "\\u",
            "\\uD83D",
            "\\uDE00",
            "\\uD83D\\uDE00",
            "\\q",
            "tru",
            "null",
            "\u{a0}",
            "\u{feff}",
            "é",
        ];
        let (mut accepted, mut refused) = (0, 0);
        for case in 0..4_000 {
            let mut source = String::new();
            generate_value(&mut rng, 0, &mut source);
            if case % 4 != 0 {
                // One piece put in, or one character taken out, at a character boundary.
                let bounds = char_boundaries(&source);
                let at = bounds[rng.below(bounds.len())];
                if rng.below(2) == 0 {
                    source.insert_str(at, rng.pick(PIECES));
                } else if let Some(c) = source[at..].chars().next() {
                    source.replace_range(at..at + c.len_utf8(), "");
                }
            }
            let mut members = 0;
            let ours = check_strict(&source, &mut |_| members += 1);
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(&source).is_ok();
            assert_eq!(ours, serde, "{source:?}");
            if ours {
                accepted += 1;
                assert!(parse_tape(&source, &STRICT).is_ok(), "{source:?}");
                let tape = parse_tape(&source, &LENIENT).unwrap();
                let root = tape.roots().next().unwrap();
                assert_eq!(
                    members,
                    root.as_object().map_or(0, |m| m.len()),
                    "{source:?}"
                );
            } else {
                refused += 1;
            }
        }
        assert!(accepted > 1_000 && refused > 1_000, "{accepted} {refused}");
    }

    #[test]
    fn pointers_of_deep_values_name_every_level() {
        // Deeper than the levels a pointer keeps on the stack, keys with `~` and `/`.
        let mut source = String::new();
        let mut expected = String::new();
        for level in 0..20 {
            if level % 2 == 0 {
                let key = ["a", "b/c", "d~e"][level % 3];
                source.push_str(&format!("{{\"x\": 0, \"{key}\": "));
                expected = pointer_push(&expected, key);
            } else {
                source.push_str("[1, ");
                expected.push_str("/1");
            }
        }
        source.push_str("true");
        for level in (0..20).rev() {
            source.push(if level % 2 == 0 { '}' } else { ']' });
        }
        for options in [STRICT, LENIENT] {
            let tape = parse_tape(&source, &options).unwrap();
            let mut node = tape.roots().next().unwrap();
            let mut depth = 0;
            while let Some(next) = node
                .as_object()
                .or(node.as_array())
                .and_then(|mut c| c.nth(1))
            {
                node = next;
                depth += 1;
            }
            assert_eq!(depth, 20);
            assert_eq!(node.as_bool(), Some(true));
            assert_eq!(node.pointer(), expected);
            assert_eq!(node.to_node().pointer, expected);
        }
        let logged = format!("1 {source}");
        let sequence = parse_tape_sequence(&logged, &STRICT).unwrap();
        let mut node = sequence.roots().nth(1).unwrap();
        while let Some(next) = node
            .as_object()
            .or(node.as_array())
            .and_then(|mut c| c.nth(1))
        {
            node = next;
        }
        assert_eq!(node.pointer(), format!("/1{expected}"));
    }

    #[test]
    fn check_strict_reports_the_root_members_and_refuses_what_it_must() {
        let members = |source: &str| {
            let mut seen = Vec::new();
            let ok = check_strict(source, &mut |m| {
                seen.push((
                    m.key.map(str::to_string),
                    m.text.map(str::to_string),
                    m.items,
                ))
            });
            ok.then_some(seen)
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            members(
                r##" {"@odata.type": "#x", "value": [1, {"a": [2]}, []], "k\u0065y": "v\n", "o": {"value": [1]}, "e": []} "##
            ),
            Some(vec![
                (some("@odata.type"), some("#x"), None),
                (some("value"), None, Some(3)),
                (None, None, None),
                (some("o"), None, None),
                (some("e"), None, Some(0)),
            ])
        );
        assert_eq!(members("[1, 2]"), Some(vec![]));
        assert_eq!(members("\"x\""), Some(vec![]));
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(members(&deep(CHECK_DEPTH)).is_some());
        assert!(members(&deep(CHECK_DEPTH + 1)).is_none());
        for refused in [
            "",
            " ",
            "{",
            "{}}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "[01]",
            "[1.]",
            "[1e]",
            "[-]",
            "[+1]",
            "[\"\\uD80\"]",
            "[\"\\x\"]",
            "[\"a\u{1}\"]",
            "[nul]",
            "[truex]",
            "// c\n[]",
            "[] /* c */",
            "\u{feff}[]",
            "[]x",
            "{'a': 1}",
            "[NaN]",
        ] {
            assert!(members(refused).is_none(), "{refused:?}");
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(refused).is_err(),
                "{refused:?}"
            );
        }
    }
}

#[cfg(test)]
mod string_stop_tests {
    use super::{
        count_bytes, has_string_stop_or_non_ascii, last_line_feed, push_index, string_stop,
        string_stop_words,
    };

    /// Both scans: [`string_stop`] (sixteen bytes at a time on x86_64) and the eight-byte one
    /// every other target uses.
    type Scan = fn(&[u8]) -> Option<usize>;
    const SCANS: [(&str, Scan); 2] = [("string_stop", string_stop), ("words", string_stop_words)];

    #[test]
    fn push_index_writes_the_decimal() {
        for index in [0, 7, 10, 99, 100, 4_294_967, u32::MAX - 1, u32::MAX] {
            let mut pointer = String::from("/value");
            push_index(&mut pointer, index);
            assert_eq!(pointer, format!("/value/{index}"));
        }
    }

    #[test]
    fn block_counts_and_the_last_line_feed_match_byte_scans_across_block_edges() {
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1000] {
            let bytes: Vec<u8> = (0..len)
                .map(|i| {
                    if i % 7 == 3 {
                        b'\n'
                    } else {
                        b"a\xc3\xa9"[i % 3]
                    }
                })
                .collect();
            let feeds = bytes.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(count_bytes(&bytes, |b| b == b'\n'), feeds, "{len}");
            let starts = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            assert_eq!(count_bytes(&bytes, |b| b & 0xC0 != 0x80), starts, "{len}");
            assert_eq!(
                count_bytes(&vec![b'\n'; len], |b| b == b'\n'),
                len,
                "all of {len}"
            );
            for at in [0, len / 2, len.saturating_sub(1)] {
                let mut one = vec![b'x'; len];
                if let Some(byte) = one.get_mut(at) {
                    *byte = b'\n';
                    assert_eq!(last_line_feed(&one), Some(at), "{at} of {len}");
                }
            }
            assert_eq!(
                last_line_feed(&bytes),
                bytes.iter().rposition(|&b| b == b'\n'),
                "{len}"
            );
        }
    }

    #[test]
    fn string_stop_finds_what_a_byte_scan_finds_wherever_it_is() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        };
        // Every stop byte at every place of blocks around the word size, among ASCII and
        // multi-byte text (bytes 0x80 and above never stop a string).
        let filler = "ab😀é~ \u{7f}x".as_bytes();
        for (name, scan) in SCANS {
            for len in 0..72 {
                let base: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                assert_eq!(scan(&base), naive(&base), "{name}: none in {len}");
                for at in 0..len {
                    for stop in [b'"', b'\\', 0x00, 0x1f, b'\n'] {
                        let mut bytes = base.clone();
                        bytes[at] = stop;
                        assert_eq!(scan(&bytes), Some(at), "{name}: {stop} at {at} of {len}");
                        assert_eq!(naive(&bytes), Some(at));
                    }
                }
            }
            // Bytes just above each stop never stop.
            assert_eq!(scan(b"#]  !!!!!!!!!!!!!!!!"), None, "{name}");
            assert_eq!(scan(&[0x20; 40]), None, "{name}");
            assert_eq!(scan(&[0xFF; 40]), None, "{name}");
        }
    }

    #[test]
    fn has_string_stop_or_non_ascii_says_whether_string_stop_or_a_high_byte_finds_one() {
        for len in [0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 130] {
            let plain = vec![b'a'; len];
            assert!(!has_string_stop_or_non_ascii(&plain));
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut bytes = plain.clone();
                    bytes[at] = byte;
                    assert_eq!(
                        has_string_stop_or_non_ascii(&bytes),
                        string_stop(&bytes).is_some() || byte >= 0x7F,
                        "{byte} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn string_stop_finds_the_first_of_several_stops_whatever_bytes_come_before() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        };
        // Every byte value just before a stop, and a second stop after it, at every place of
        // two words: a borrow from the first must not move the answer.
        for (name, scan) in SCANS {
            for byte in 0..=255u8 {
                for at in 0..32 {
                    for (first, second) in [(b'"', 0u8), (0x1f, b'"'), (b'\\', 0x00), (0x00, 0x00)]
                    {
                        let mut bytes = vec![b'a'; 40];
                        bytes[at] = byte;
                        bytes[at + 1] = first;
                        bytes[at + 3] = second;
                        assert_eq!(scan(&bytes), naive(&bytes), "{name}: {byte} at {at}");
                    }
                }
            }
        }
    }
}
