//! Byte offsets ↔ LSP positions, and `file:` URIs ↔ paths.
//!
//! The compiler counts bytes; LSP counts lines and UTF-16 code units (the encoding every client
//! must accept). French text has accented letters (two bytes in UTF-8, one unit in UTF-16),
//! guillemets and narrow no-break spaces, so the two never agree past the first such character.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

use crate::syntax::ast::Span;

/// Where each line of a text begins, to turn offsets into positions and back.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The position of a byte offset; an offset past the end (or inside a character) is moved
    /// back to the nearest character boundary.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: Span) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end),
        )
    }

    /// The byte offset of a position. A line past the end gives the end of the text; a
    /// character past the end of its line gives the end of the line (the protocol asks
    /// servers to be lenient); a position inside a surrogate pair gives the character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&next| next - 1);
        let line = text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

/// The path a `file:` URI names; `None` for another scheme or a URI that is not well formed.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` (no authority) or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode(rest)?;
    // `file:///c%3A/dir` on Windows: the path is `c:/dir`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// The `file:` URI of a path (made absolute against the current directory if it is not).
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let text = absolute.to_str()?.replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_come_back() {
        let text = "fait a : booléen « l’étranger »\n  x « é » 𝄞 y\r\nfin";
        let index = LineIndex::new(text);
        // `«` is after `fait a : booléen ` (17 characters, 18 bytes: `é` takes two).
        let guillemet = text.find('«').unwrap_or(0);
        assert_eq!(index.position(text, guillemet), Position::new(0, 17));
        // The musical symbol is outside the BMP: two UTF-16 units, four bytes.
        let y = text.find('y').unwrap_or(0);
        assert_eq!(index.position(text, y), Position::new(1, 13));
        for offset in [0, guillemet, y, text.len()] {
            assert_eq!(index.offset(text, index.position(text, offset)), offset);
        }
        // Lenient: past the end of a line, past the last line, inside a surrogate pair.
        assert_eq!(
            index.offset(text, Position::new(1, 500)),
            text.find('\r').unwrap_or(0)
        );
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        let clef = text.find('𝄞').unwrap_or(0);
        assert_eq!(index.offset(text, Position::new(1, 10)), clef);
        assert_eq!(index.offset(text, Position::new(1, 11)), clef);
        assert_eq!(index.position(text, clef + 1), Position::new(1, 10));
    }

    #[test]
    fn file_uris_round_trip_with_accents_and_spaces() {
        let path = Path::new("/tmp/règles du séjour/l423-1.motif");
        let uri = path_to_uri(path);
        assert_eq!(
            uri.as_ref().map(|u| u.as_str()),
            Some("file:///tmp/r%C3%A8gles%20du%20s%C3%A9jour/l423-1.motif")
        );
        assert_eq!(uri.and_then(|u| uri_to_path(&u)), Some(path.to_path_buf()));
        let other = Uri::from_str("untitled:Untitled-1").ok();
        assert_eq!(other.and_then(|u| uri_to_path(&u)), None);
    }
}
