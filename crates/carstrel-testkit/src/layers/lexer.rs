//! Just enough of Rust's lexical grammar to find module paths: identifiers and
//! punctuation with their lines, with comments, strings and character literals gone
//! (a path in a doc comment or a message is not an import).

/// One token: an identifier (keywords included) or a punctuation character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Token {
    Ident(String),
    Punct(char),
}

#[derive(Debug, Clone)]
pub(super) struct Spanned {
    pub token: Token,
    pub line: usize,
}

impl Spanned {
    pub fn ident(&self) -> Option<&str> {
        match &self.token {
            Token::Ident(name) => Some(name),
            Token::Punct(_) => None,
        }
    }

    pub fn is(&self, c: char) -> bool {
        self.token == Token::Punct(c)
    }

    pub fn is_ident(&self, name: &str) -> bool {
        self.ident() == Some(name)
    }
}

pub(super) fn tokens(source: &str) -> Vec<Spanned> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    line += usize::from(chars[i] == '\n');
                    i += 1;
                }
            }
        } else if let Some(end) = raw_string_end(&chars, i) {
            line += chars[i..end].iter().filter(|&&c| c == '\n').count();
            i = end;
        } else if c == '"' || (c == 'b' && at(i + 1) == '"') {
            i += if c == 'b' { 2 } else { 1 };
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                line += usize::from(at(i) == '\n');
                i += 1;
            }
            i += 1;
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            let start = if c == 'b' { i + 1 } else { i };
            match char_literal_end(&chars, start) {
                Some(end) => i = end,
                // A lifetime: skip the quote, its name lexes as an identifier.
                None => i = start + 1,
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let word = word.strip_prefix("r#").map(str::to_owned).unwrap_or(word);
            out.push(Spanned {
                token: Token::Ident(word),
                line,
            });
        } else if c.is_ascii_digit() {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else {
            out.push(Spanned {
                token: Token::Punct(c),
                line,
            });
            i += 1;
        }
    }
    out
}

/// `r"…"`, `r#"…"#`, `br"…"`: where the literal ends, if one starts at `i`.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

/// `'a'`, `'\n'`, `'\u{1F600}'`: where the literal ends; `None` for a lifetime.
fn char_literal_end(chars: &[char], quote: usize) -> Option<usize> {
    let first = *chars.get(quote + 1)?;
    if first == '\\' {
        // The escaped character itself may be a quote: look past it.
        let close = (quote + 3..chars.len()).find(|&k| chars[k] == '\'')?;
        return Some(close + 1);
    }
    (chars.get(quote + 2) == Some(&'\'')).then_some(quote + 3)
}

/// One path a `use` tree names: its segments, and the name it binds (`None` for a glob).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct UsePath {
    pub segments: Vec<String>,
    pub binds: Option<String>,
}

/// Expands the tokens of a `use` tree (between `use` and `;`) into its paths.
pub(super) fn use_paths(tree: &[Spanned]) -> Vec<UsePath> {
    let mut out = Vec::new();
    let mut pos = 0;
    parse_tree(tree, &mut pos, Vec::new(), &mut out);
    out
}

fn parse_tree(tree: &[Spanned], pos: &mut usize, mut prefix: Vec<String>, out: &mut Vec<UsePath>) {
    loop {
        let Some(token) = tree.get(*pos) else {
            push_path(prefix, None, out);
            return;
        };
        if token.is(':') {
            *pos += 1;
        } else if token.is('*') {
            *pos += 1;
            out.push(UsePath {
                segments: prefix,
                binds: None,
            });
            return;
        } else if token.is('{') {
            *pos += 1;
            while *pos < tree.len() && !tree[*pos].is('}') {
                parse_tree(tree, pos, prefix.clone(), out);
                if tree.get(*pos).is_some_and(|t| t.is(',')) {
                    *pos += 1;
                }
            }
            *pos += 1;
            return;
        } else if token.is_ident("as") {
            let alias = tree
                .get(*pos + 1)
                .and_then(Spanned::ident)
                .map(str::to_owned);
            *pos += 2;
            push_path(prefix, alias, out);
            return;
        } else if token.is(',') || token.is('}') {
            push_path(prefix, None, out);
            return;
        } else if let Some(name) = token.ident() {
            prefix.push(name.to_owned());
            *pos += 1;
        } else {
            *pos += 1;
        }
    }
}

fn push_path(mut segments: Vec<String>, alias: Option<String>, out: &mut Vec<UsePath>) {
    if segments.last().is_some_and(|s| s == "self") {
        segments.pop();
    }
    let Some(last) = segments.last().cloned() else {
        return;
    };
    let binds = alias.or(Some(last));
    out.push(UsePath { segments, binds });
}
