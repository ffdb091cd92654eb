//! Free text: length, control characters, required fields, search text and `LIKE`
//! patterns.

use super::{Checked, Invalid};
use crate::customer::limits;

/// Refuses text a database cannot store or a person cannot have meant: NUL and other
/// control characters (newlines and tabs allowed where `multiline`), and more than
/// `max_chars` characters. The text is not changed.
pub fn clean_text(field: &str, text: &str, max_chars: usize, multiline: bool) -> Checked<()> {
    if text.chars().count() > max_chars {
        return Err(Invalid::new(
            field,
            format!("{field} must be at most {max_chars} characters"),
        ));
    }
    let bad = text
        .chars()
        .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')));
    if bad {
        return Err(Invalid::new(
            field,
            format!("{field} must not contain control characters"),
        ));
    }
    Ok(())
}

/// A required one-line field: trimmed, non-empty and clean. Returns the trimmed text.
pub fn required_text(field: &str, text: &str, max_chars: usize) -> Checked<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new(field, format!("{field} is required")));
    }
    clean_text(field, trimmed, max_chars, false)?;
    Ok(trimmed.to_owned())
}

/// The start of `text`, for echoing what a client sent without echoing megabytes.
pub fn echo(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// The customers list's `search`, checked as sent (before trimming): at most
/// [`limits::SEARCH_MAX_CHARS`] characters and no control characters. Returns the text
/// to search for (trimmed), or `None` when it is blank.
pub fn search(text: &str) -> Checked<Option<&str>> {
    if text.chars().count() > limits::SEARCH_MAX_CHARS {
        return Err(Invalid::new(
            "search",
            format!(
                "search must be at most {} characters",
                limits::SEARCH_MAX_CHARS
            ),
        ));
    }
    if text.chars().any(char::is_control) {
        return Err(Invalid::new(
            "search",
            "search must not contain control characters",
        ));
    }
    Ok(Some(text.trim()).filter(|t| !t.is_empty()))
}

/// The pattern that finds `text` anywhere in a lower-cased column with
/// `LIKE … ESCAPE '\'`: lower-cased, `%`, `_` and `\` escaped so they match literally,
/// wrapped in `%`. The server and the console's cache run the same pattern through the
/// same `LOWER()`, so they find the same records.
pub fn like_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_refuses_control_characters_and_length() {
        let table: &[(&str, usize, bool, Result<(), &str>)] = &[
            ("plain", 10, false, Ok(())),
            ("line\nline\ttab\r", 100, true, Ok(())),
            (
                "line\nline",
                100,
                false,
                Err("name must not contain control characters"),
            ),
            (
                "a\u{0}b",
                100,
                true,
                Err("name must not contain control characters"),
            ),
            (
                "a\u{7f}b",
                100,
                true,
                Err("name must not contain control characters"),
            ),
            ("abc", 2, false, Err("name must be at most 2 characters")),
            // Length first, then characters; characters count, not bytes.
            (
                "a\u{0}c",
                2,
                false,
                Err("name must be at most 2 characters"),
            ),
            ("ÿÿ", 2, false, Ok(())),
            ("", 0, false, Ok(())),
        ];
        for (text, max, multiline, expected) in table {
            let got = clean_text("name", text, *max, *multiline).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{text:?}");
        }
    }

    #[test]
    fn required_text_is_trimmed_and_clean() {
        let table: &[(&str, Result<&str, &str>)] = &[
            (" Ada ", Ok("Ada")),
            ("", Err("name is required")),
            ("  \t ", Err("name is required")),
            ("a\u{0}", Err("name must not contain control characters")),
            ("a\nb", Err("name must not contain control characters")),
            ("abcdef", Err("name must be at most 5 characters")),
            ("  abcde  ", Ok("abcde")),
        ];
        for (text, expected) in table {
            let got = required_text("name", text, 5).map_err(|e| e.to_string());
            let expected = expected.map(str::to_owned).map_err(str::to_owned);
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn echo_keeps_the_first_characters() {
        for (text, max, expected) in [("abcdef", 3, "abc"), ("ab", 3, "ab"), ("ÿÿÿ", 2, "ÿÿ")]
        {
            assert_eq!(echo(text, max), expected);
        }
    }

    #[test]
    fn search_is_checked_as_sent_and_trimmed() {
        let long = "x".repeat(201);
        let table: &[(&str, Result<Option<&str>, &str>)] = &[
            ("John", Ok(Some("John"))),
            ("  padded  ", Ok(Some("padded"))),
            ("   ", Ok(None)),
            ("a\u{0}b", Err("search must not contain control characters")),
            ("a\tb", Err("search must not contain control characters")),
            (&long, Err("search must be at most 200 characters")),
        ];
        for (text, expected) in table {
            let got = search(text).map_err(|e| e.to_string());
            assert_eq!(got, expected.map_err(str::to_owned), "{text:?}");
        }
        assert_eq!(search(&"x".repeat(200)).unwrap().map(str::len), Some(200));
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        for (text, expected) in [
            ("John", "%john%"),
            ("50%_off\\", "%50\\%\\_off\\\\%"),
            ("O'Brien", "%o'brien%"),
            ("ZOË", "%zoë%"),
            ("", "%%"),
        ] {
            assert_eq!(like_pattern(text), expected, "{text:?}");
        }
    }
}
