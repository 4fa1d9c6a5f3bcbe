//! The JSON path at a position of a text that may not be valid JSON, so that a syntax error in
//! a dossier says where in the dossier it is, not only on which line.

/// One open container while scanning.
enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

/// The path (`$.facts.mariage.lieu`, `$.liste[2]`) of the place at `line` and `column` (as
/// serde_json counts them: from 1, in characters) in `text`.
pub(crate) fn at(text: &str, line: usize, column: usize) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let mut chars = text.chars();
    let (mut current_line, mut current_column) = (1, 0);
    let mut string: Option<String> = None; // inside a string: what it holds so far
    let mut escaped = false;
    for c in chars.by_ref() {
        if c == '\n' {
            current_line += 1;
            current_column = 0;
        } else {
            current_column += 1;
        }
        if current_line > line || (current_line == line && current_column >= column) {
            break;
        }
        if let Some(content) = string.as_mut() {
            if escaped {
                escaped = false;
                content.push(c);
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                let finished = string.take().unwrap_or_default();
                if let Some(Frame::Object { key: key @ None }) = stack.last_mut() {
                    *key = Some(finished);
                }
            } else {
                content.push(c);
            }
            continue;
        }
        match c {
            '"' => string = Some(String::new()),
            '{' => stack.push(Frame::Object { key: None }),
            '[' => stack.push(Frame::Array { index: 0 }),
            '}' | ']' => {
                stack.pop();
            }
            ',' => match stack.last_mut() {
                Some(Frame::Object { key }) => *key = None,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
    }
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key) } => path.push_str(&segment(key)),
            Frame::Object { key: None } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// `.key`, or `["key"]` when the key is not a plain name.
pub(crate) fn segment(key: &str) -> String {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!(".{key}")
    } else {
        format!("[{}]", serde_json::Value::String(key.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::at;

    /// The path where serde_json stops on `text`.
    fn path_of_error(text: &str) -> String {
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        at(text, error.line(), error.column())
    }

    #[test]
    fn names_the_place_of_a_syntax_error() {
        assert_eq!(
            path_of_error(r#"{"facts": {"mariage": {"lieu": "france",}}}"#),
            "$.facts.mariage"
        );
        assert_eq!(
            path_of_error(r#"{"facts": {"mariage": {"lieu": fr}}}"#),
            "$.facts.mariage.lieu"
        );
        assert_eq!(
            path_of_error("{\"facts\": {\n  \"a\": [true, tru]\n}}"),
            "$.facts.a[1]"
        );
        assert_eq!(
            path_of_error(r#"{"facts": {"clé bizarre": {"x" 1}}}"#),
            "$.facts[\"clé bizarre\"].x"
        );
        assert_eq!(path_of_error(r#"{"a\"b": {"c": }}"#), "$[\"a\\\"b\"].c");
        assert_eq!(path_of_error("{"), "$");
        assert_eq!(path_of_error(""), "$");
    }
}
