//! Turns whatever a dealer types into a safe FTS5 query: every word becomes a quoted
//! prefix term, so quotes, operators (`OR`, `NEAR(`, `*`, `-`), column filters and odd
//! unicode are only ever text, and a search can never fail with a syntax error.

/// Words beyond this many are ignored: nobody types more into a search box, and a
/// pasted essay must not become a thousand-term query.
const MAX_TERMS: usize = 16;
/// Characters kept of each word; longer words still match by prefix.
const MAX_TERM_CHARS: usize = 64;

/// The FTS5 `MATCH` expression for `text`: the implicit AND of `"word"*` for each run of
/// letters and digits. `None` when the text has no word to search for.
pub(crate) fn match_expression(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(MAX_TERMS)
        // Only letters and digits remain, so no `"` can close the quote early.
        .map(|word| {
            format!(
                "\"{}\"*",
                word.chars().take(MAX_TERM_CHARS).collect::<String>()
            )
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::match_expression;

    #[test]
    fn words_become_quoted_prefix_terms() {
        assert_eq!(
            match_expression("Toyota  corolla").as_deref(),
            Some("\"Toyota\"* \"corolla\"*")
        );
        assert_eq!(
            match_expression("a\"b OR NEAR(c*").as_deref(),
            Some("\"a\"* \"b\"* \"OR\"* \"NEAR\"* \"c\"*")
        );
        assert_eq!(match_expression("Zoë").as_deref(), Some("\"Zoë\"*"));
    }

    #[test]
    fn nothing_searchable_is_none_and_long_input_is_bounded() {
        assert_eq!(match_expression(""), None);
        assert_eq!(match_expression("\"*()-🙂"), None);
        let long = "x".repeat(10_000);
        assert_eq!(match_expression(&long).unwrap().len(), 64 + 3);
        let many = "w ".repeat(1_000);
        assert_eq!(match_expression(&many).unwrap().matches('*').count(), 16);
    }
}
