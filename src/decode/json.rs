//! A forgiving JSON parser that remembers where every value came from.
//!
//! Users paste JSON copied from Microsoft docs and logs: it may carry comments, trailing
//! commas, a BOM, CRLF line endings or duplicate keys. [`parse`] accepts what is harmless
//! (with a warning), rejects everything else with one precise error, and records line,
//! column and JSON pointer for every value so later stages can point at the exact spot.
//!
//! The parser keeps its own stack instead of recursing, so hostile nesting cannot overflow
//! the (small, on wasm) machine stack, and counts columns incrementally so it stays linear
//! even on one huge minified line.

use crate::diagnostic::{excerpt, pointer_push, Diagnostic};
use std::borrow::Cow;
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
    let mut parser = Parser::new(source, options.strict);
    let root = parser.parse_document()?;
    let mut diagnostics = parser.diagnostics;
    // Found order can differ from source order (a trailing comma is known only at the bracket).
    diagnostics.sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
    Ok(Parsed { root, diagnostics })
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
    let mut parser = Parser::new(source, options.strict);
    parser.parse_document_start()?;
    let mut roots = Vec::new();
    loop {
        parser.root_pointer = format!("/{}", roots.len());
        roots.push(parser.parse_value_tree()?);
        parser.skip_trivia("")?;
        if parser.pos >= parser.bytes.len() {
            break;
        }
    }
    let mut diagnostics = parser.diagnostics;
    diagnostics.sort_by_key(|diagnostic| (diagnostic.line, diagnostic.column));
    Ok(Sequence { roots, diagnostics })
}

impl Number {
    /// The number exactly as written in the source.
    pub fn raw(&self) -> &str {
        &self.raw
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

/// The pointer of member `key` inside the value at `parent`.
fn member_pointer(parent: &str, key: &str) -> String {
    if key.contains(['~', '/']) {
        return pointer_push(parent, key);
    }
    // Fast path for ordinary keys: one allocation, no escaping pass.
    let mut pointer = String::with_capacity(parent.len() + 1 + key.len());
    pointer.push_str(parent);
    pointer.push('/');
    pointer.push_str(key);
    pointer
}

/// The pointer of item `index` inside the array at `parent`.
fn item_pointer(parent: &str, index: usize) -> String {
    let mut pointer = String::with_capacity(parent.len() + 4);
    pointer.push_str(parent);
    // Writing to a String cannot fail.
    let _ = write!(pointer, "/{index}");
    pointer
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

/// Number of characters in `bytes[from..to]` (UTF-8 continuation bytes do not start one).
fn count_chars(bytes: &[u8], from: usize, to: usize) -> u32 {
    let count = bytes.get(from..to).map_or(0, |span| {
        span.iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
    });
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// A container still being parsed.
enum Frame {
    Array(ArrayFrame),
    Object(ObjectFrame),
}

struct ArrayFrame {
    start: Pos,
    pointer: String,
    items: Vec<Node>,
}

struct ObjectFrame {
    start: Pos,
    pointer: String,
    members: Vec<Member>,
    /// Key of the member whose value is being parsed.
    key: String,
    key_pos: Pos,
    /// First index of each key, built once the object is large enough to need it.
    key_index: Option<HashMap<String, usize>>,
}

impl ObjectFrame {
    fn new(start: Pos, pointer: String) -> Self {
        ObjectFrame {
            start,
            pointer,
            members: Vec::new(),
            key: String::new(),
            key_pos: start,
            key_index: None,
        }
    }

    /// Notes `key` as the next member's key; returns the index of an earlier member with it.
    fn register_key(&mut self, key: &str) -> Option<usize> {
        let index = self.members.len();
        if let Some(key_index) = &mut self.key_index {
            if let Some(&first) = key_index.get(key) {
                return Some(first);
            }
            key_index.insert(key.to_owned(), index);
            return None;
        }
        let first = self.members.iter().position(|member| member.key == key);
        if first.is_none() && index >= KEY_INDEX_FROM {
            // Linear scans would make huge objects quadratic; switch to a map.
            let mut key_index = HashMap::with_capacity(index * 2);
            for (position, member) in self.members.iter().enumerate() {
                key_index.entry(member.key.clone()).or_insert(position);
            }
            key_index.insert(key.to_owned(), index);
            self.key_index = Some(key_index);
        }
        first
    }
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
    line: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// A known (offset, column) pair on the current line: columns are counted from the
    /// nearest one instead of from the line start, which keeps huge single lines linear.
    mark_offset: usize,
    mark_column: u32,
    strict: bool,
    diagnostics: Vec<Diagnostic>,
    /// Pointer of the document being parsed: empty, or `/N` for the Nth of a sequence.
    root_pointer: String,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, strict: bool) -> Self {
        // The BOM is invisible to users, so it takes no column (offsets still count it).
        let start = if text.starts_with('\u{FEFF}') {
            '\u{FEFF}'.len_utf8()
        } else {
            0
        };
        Parser {
            text,
            bytes: text.as_bytes(),
            text_start: start,
            pos: start,
            line: 1,
            line_start: start,
            mark_offset: start,
            mark_column: 1,
            strict,
            diagnostics: Vec::new(),
            root_pointer: String::new(),
        }
    }

    /// Skips leading trivia and fails on empty input.
    fn parse_document_start(&mut self) -> Result<(), Diagnostic> {
        self.skip_trivia("")?;
        if self.pos >= self.bytes.len() {
            // Blame the start: the input may hold whitespace or comments but no value.
            let start = Pos {
                line: 1,
                column: 1,
                offset: self.text_start,
            };
            return Err(self.error_at(start, "empty input: nothing to decode", ""));
        }
        Ok(())
    }

    fn parse_document(&mut self) -> Result<Node, Diagnostic> {
        self.parse_document_start()?;
        let root = self.parse_value_tree()?;
        self.skip_trivia("")?;
        if self.pos < self.bytes.len() {
            return Err(self.error_here("trailing characters after the JSON value", ""));
        }
        Ok(root)
    }

    /// Parses one value with everything inside it, using `stack` instead of recursion.
    fn parse_value_tree(&mut self) -> Result<Node, Diagnostic> {
        let mut stack: Vec<Frame> = Vec::new();
        // Pointer of the value about to be parsed; trivia before it is already skipped.
        let mut pointer = self.root_pointer.clone();
        'value: loop {
            let start = self.here();
            let mut done = match self.peek() {
                Some(b'{') => {
                    self.check_depth(stack.len(), start, &pointer)?;
                    self.pos += 1;
                    self.skip_trivia(&pointer)?;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        let end = self.here();
                        let value = Value::Object(Vec::new());
                        Node {
                            value,
                            start,
                            end,
                            pointer,
                        }
                    } else {
                        let mut object = ObjectFrame::new(start, pointer);
                        pointer = self.parse_key(&mut object, KeyAfter::OpenBrace)?;
                        stack.push(Frame::Object(object));
                        continue 'value;
                    }
                }
                Some(b'[') => {
                    self.check_depth(stack.len(), start, &pointer)?;
                    self.pos += 1;
                    self.skip_trivia(&pointer)?;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        let end = self.here();
                        let value = Value::Array(Vec::new());
                        Node {
                            value,
                            start,
                            end,
                            pointer,
                        }
                    } else {
                        let items = Vec::new();
                        let array = ArrayFrame {
                            start,
                            pointer,
                            items,
                        };
                        pointer = item_pointer(&array.pointer, 0);
                        stack.push(Frame::Array(array));
                        continue 'value;
                    }
                }
                _ => {
                    let value = self.parse_scalar(&pointer)?;
                    let end = self.here();
                    Node {
                        value,
                        start,
                        end,
                        pointer,
                    }
                }
            };
            // Hand the finished node to its container, closing every container that ends here.
            loop {
                let Some(frame) = stack.pop() else {
                    return Ok(done);
                };
                match frame {
                    Frame::Array(mut array) => {
                        array.items.push(done);
                        if self.after_item(&array.pointer, b']', "array item")? {
                            pointer = item_pointer(&array.pointer, array.items.len());
                            stack.push(Frame::Array(array));
                            continue 'value;
                        }
                        let end = self.here();
                        let (start, pointer) = (array.start, array.pointer);
                        done = Node {
                            value: Value::Array(array.items),
                            start,
                            end,
                            pointer,
                        };
                    }
                    Frame::Object(mut object) => {
                        let key = std::mem::take(&mut object.key);
                        let key_pos = object.key_pos;
                        object.members.push(Member {
                            key,
                            key_pos,
                            value: done,
                        });
                        if self.after_item(&object.pointer, b'}', "object member")? {
                            pointer = self.parse_key(&mut object, KeyAfter::Comma)?;
                            stack.push(Frame::Object(object));
                            continue 'value;
                        }
                        let end = self.here();
                        let (start, pointer) = (object.start, object.pointer);
                        done = Node {
                            value: Value::Object(object.members),
                            start,
                            end,
                            pointer,
                        };
                    }
                }
            }
        }
    }

    fn check_depth(&mut self, open: usize, at: Pos, pointer: &str) -> Result<(), Diagnostic> {
        if open >= MAX_DEPTH {
            let message = format!("nesting deeper than {MAX_DEPTH} levels");
            return Err(self.error_at(at, message, pointer));
        }
        Ok(())
    }

    /// After an item: consumes `,` (true: another item follows) or the closing bracket (false).
    fn after_item(&mut self, pointer: &str, close: u8, what: &str) -> Result<bool, Diagnostic> {
        self.skip_trivia(pointer)?;
        match self.peek() {
            Some(b',') => {
                let comma = self.here();
                self.pos += 1;
                self.skip_trivia(pointer)?;
                if self.peek() != Some(close) {
                    return Ok(true);
                }
                let message = format!(
                    "trailing comma before '{}': JSON does not allow one; Microsoft Graph never \
                     sends them (docs examples sometimes include them)",
                    char::from(close)
                );
                self.lenient_only(comma, message, pointer)?;
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
                Err(self.error_here(message, pointer))
            }
        }
    }

    /// Parses `"key":` and the trivia after it; returns the pointer of the member's value.
    fn parse_key(
        &mut self,
        object: &mut ObjectFrame,
        after: KeyAfter,
    ) -> Result<String, Diagnostic> {
        if self.peek() != Some(b'"') {
            let message = self.key_error_message(after);
            return Err(self.error_here(message, &object.pointer));
        }
        let key_pos = self.here();
        let key = self.parse_string(&object.pointer)?;
        let value_pointer = member_pointer(&object.pointer, &key);
        if let Some(first) = object.register_key(&key) {
            let first_line = object
                .members
                .get(first)
                .map_or(key_pos.line, |m| m.key_pos.line);
            let message = format!(
                "duplicate key '{}': the first one is on line {first_line}; the last one wins",
                shorten(&key)
            );
            self.warn_at(key_pos, message, &value_pointer);
        }
        self.skip_trivia(&object.pointer)?;
        if self.peek() != Some(b':') {
            let found = describe_found(self.char_here());
            let message = format!("expected ':' after object key, found {found}");
            return Err(self.error_here(message, &object.pointer));
        }
        self.pos += 1;
        self.skip_trivia(&object.pointer)?;
        object.key = key;
        object.key_pos = key_pos;
        Ok(value_pointer)
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
    fn parse_scalar(&mut self, pointer: &str) -> Result<Value, Diagnostic> {
        let message = match self.char_here() {
            None => "unexpected end of input: expected a value".to_owned(),
            Some('"') => return Ok(Value::String(self.parse_string(pointer)?)),
            Some('-' | '0'..='9') => return self.parse_number(pointer),
            Some(c) if is_word_char(c) => {
                let word = self.word_here();
                let value = match word {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    _ => return Err(self.error_here(bare_word_message(word), pointer)),
                };
                self.pos += word.len();
                return Ok(value);
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
        Err(self.error_here(message, pointer))
    }

    /// Parses a number by the JSON grammar: `-`? int frac? exp?
    fn parse_number(&mut self, pointer: &str) -> Result<Value, Diagnostic> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
            if self
                .text
                .get(self.pos..)
                .is_some_and(|rest| rest.starts_with("Infinity"))
            {
                return Err(self.error_at_offset(start, "Infinity is not JSON", pointer));
            }
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    return Err(self.error_at_offset(
                        start,
                        "leading zeros are not allowed",
                        pointer,
                    ));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.expected_digit("after '-'", pointer)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.expected_digit("after '.'", pointer));
            }
            self.skip_digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                return Err(self.expected_digit("in the exponent", pointer));
            }
            self.skip_digits();
        }
        let raw = self.slice(start, self.pos).to_owned();
        Ok(Value::Number(Number { raw }))
    }

    fn expected_digit(&mut self, place: &str, pointer: &str) -> Diagnostic {
        let found = describe_found(self.char_here());
        self.error_here(format!("expected a digit {place}, found {found}"), pointer)
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// Parses a string starting at its opening quote and decodes its escapes.
    fn parse_string(&mut self, pointer: &str) -> Result<String, Diagnostic> {
        let open = self.pos;
        self.pos += 1;
        // Only strings with escapes need a buffer; the rest are copied in one piece.
        let mut decoded: Option<String> = None;
        let mut chunk_start = self.pos;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let stop = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
            let Some(stop) = stop else {
                return Err(self.error_at_offset(open, "unterminated string", pointer));
            };
            self.pos += stop;
            match rest.get(stop) {
                Some(b'"') => {
                    let tail = self.slice(chunk_start, self.pos);
                    self.pos += 1;
                    return Ok(match decoded {
                        Some(mut text) => {
                            text.push_str(tail);
                            text
                        }
                        None => tail.to_owned(),
                    });
                }
                Some(b'\\') => {
                    let text = decoded.get_or_insert_with(String::new);
                    text.push_str(self.slice(chunk_start, self.pos));
                    self.parse_escape(text, open, pointer)?;
                    chunk_start = self.pos;
                }
                _ => {
                    let code = self.peek().map_or(0, u32::from);
                    let message =
                        format!("control character U+{code:04X} must be escaped in a string");
                    return Err(self.error_here(message, pointer));
                }
            }
        }
    }

    /// Decodes the escape at the current backslash into `text`.
    fn parse_escape(
        &mut self,
        text: &mut String,
        open: usize,
        pointer: &str,
    ) -> Result<(), Diagnostic> {
        let decoded = match self.bytes.get(self.pos + 1) {
            None => return Err(self.error_at_offset(open, "unterminated string", pointer)),
            Some(b'u') => return self.parse_unicode_escape(text, pointer),
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
                return Err(self.error_here(message, pointer));
            }
        };
        text.push(decoded);
        self.pos += 2;
        Ok(())
    }

    /// Decodes `\uXXXX`, joining surrogate pairs; a lone surrogate becomes U+FFFD with a warning.
    fn parse_unicode_escape(&mut self, text: &mut String, pointer: &str) -> Result<(), Diagnostic> {
        let backslash = self.pos;
        let unit = self.hex4(backslash + 2, pointer)?;
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
            let at = self.pos_at(backslash);
            self.warn_at(at, message, pointer);
            REPLACEMENT
        });
        text.push(decoded);
        Ok(())
    }

    /// The four hex digits at `at`, or an error at the first one that is not a hex digit.
    fn hex4(&mut self, at: usize, pointer: &str) -> Result<u32, Diagnostic> {
        if let Some(unit) = self.peek_hex4(at) {
            return Ok(unit);
        }
        let is_hex = |offset: usize| self.bytes.get(offset).is_some_and(u8::is_ascii_hexdigit);
        let bad = (at..at + 4).find(|&offset| !is_hex(offset)).unwrap_or(at);
        let found = describe_found(self.text.get(bad..).and_then(|rest| rest.chars().next()));
        let message = format!("invalid \\u escape: expected 4 hex digits, found {found}");
        Err(self.error_at_offset(bad, message, pointer))
    }

    fn peek_hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits.iter().try_fold(0, |unit, &digit| {
            Some(unit * 16 + char::from(digit).to_digit(16)?)
        })
    }

    /// Skips whitespace and comments (each comment warns, or is an error when strict).
    fn skip_trivia(&mut self, pointer: &str) -> Result<(), Diagnostic> {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.start_line();
                }
                b'/' => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        let at = self.here();
                        self.lenient_only(at, COMMENT_MESSAGE.to_owned(), pointer)?;
                        let rest = self.bytes.get(self.pos..).unwrap_or_default();
                        // The line break stays, so the loop counts the line.
                        self.pos += rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                    }
                    Some(b'*') => self.skip_block_comment(pointer)?,
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    fn skip_block_comment(&mut self, pointer: &str) -> Result<(), Diagnostic> {
        let at = self.here();
        self.lenient_only(at, COMMENT_MESSAGE.to_owned(), pointer)?;
        self.pos += 2;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let Some(stop) = rest.iter().position(|&b| b == b'*' || b == b'\n') else {
                let message = "unterminated block comment: expected '*/', found end of input";
                return Err(self.error_at(at, message, pointer));
            };
            self.pos += stop + 1;
            if rest.get(stop) == Some(&b'\n') {
                self.start_line();
            } else if self.peek() == Some(b'/') {
                self.pos += 1;
                return Ok(());
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

    /// Called just after consuming a line feed.
    fn start_line(&mut self) {
        self.line = self.line.saturating_add(1);
        self.line_start = self.pos;
        self.mark_offset = self.pos;
        self.mark_column = 1;
    }

    fn here(&mut self) -> Pos {
        self.pos_at(self.pos)
    }

    /// The position of `offset`, which must lie on the current line.
    fn pos_at(&mut self, offset: usize) -> Pos {
        let offset = offset.max(self.line_start);
        let column = if offset >= self.mark_offset {
            let counted = count_chars(self.bytes, self.mark_offset, offset);
            self.mark_column.saturating_add(counted)
        } else {
            let counted = count_chars(self.bytes, offset, self.mark_offset);
            self.mark_column.saturating_sub(counted).max(1)
        };
        self.mark_offset = offset;
        self.mark_column = column;
        Pos {
            line: self.line,
            column,
            offset,
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

    fn error_at(&self, at: Pos, message: impl Into<String>, pointer: &str) -> Diagnostic {
        self.locate(Diagnostic::error(message).at_pointer(pointer), at)
    }

    fn error_at_offset(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        pointer: &str,
    ) -> Diagnostic {
        let at = self.pos_at(offset);
        self.error_at(at, message, pointer)
    }

    fn error_here(&mut self, message: impl Into<String>, pointer: &str) -> Diagnostic {
        self.error_at_offset(self.pos, message, pointer)
    }

    fn warn_at(&mut self, at: Pos, message: String, pointer: &str) {
        let warning = self.locate(Diagnostic::warning(message).at_pointer(pointer), at);
        self.diagnostics.push(warning);
    }

    /// Docs-style extensions: a warning when lenient, the error when strict.
    fn lenient_only(&mut self, at: Pos, message: String, pointer: &str) -> Result<(), Diagnostic> {
        if self.strict {
            return Err(self.error_at(at, message, pointer));
        }
        self.warn_at(at, message, pointer);
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
            let boundaries: Vec<usize> = source
                .char_indices()
                .map(|(i, _)| i)
                .chain([source.len()])
                .collect();
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
}
