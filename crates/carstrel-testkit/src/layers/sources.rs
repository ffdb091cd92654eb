//! A crate's library modules as files, the paths each one names, and where a path
//! lands once re-exports are followed.

use super::lexer::{self, Spanned};
use super::Graph;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A path a file names: absolute within the crate (without `crate`), or, when
/// `external`, as written (`carstrel_client::Client`, `std::sync::Arc`).
#[derive(Debug, Clone)]
pub(super) struct Reference {
    pub path: Vec<String>,
    pub line: usize,
    pub external: bool,
}

struct Module {
    file: PathBuf,
    /// Paths named by plain `use`s and in code.
    references: Vec<Reference>,
    /// Names a `pub use` binds, to the absolute path they stand for.
    reexports: BTreeMap<String, Vec<String>>,
}

pub(super) struct Crate {
    src: PathBuf,
    modules: BTreeMap<Vec<String>, Module>,
}

/// The `src/` directory `dir` is in (or is).
pub(super) fn src_root_of(dir: &Path) -> PathBuf {
    dir.ancestors()
        .find(|d| d.file_name().is_some_and(|n| n == "src"))
        .unwrap_or_else(|| panic!("{} is not inside a crate's src/", dir.display()))
        .to_owned()
}

impl Crate {
    pub fn read(src: &Path) -> Crate {
        let mut files = Vec::new();
        collect_files(src, &mut files);
        let names: BTreeMap<Vec<String>, PathBuf> = files
            .into_iter()
            .filter_map(|file| Some((module_of(src, &file)?, file)))
            .collect();
        let known: BTreeSet<Vec<String>> = names.keys().cloned().collect();
        let mut test_only = BTreeSet::new();
        let mut modules = BTreeMap::new();
        for (name, file) in names {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
            let parsed = parse(&name, &lexer::tokens(&text), &known);
            test_only.extend(parsed.test_modules);
            modules.insert(
                name,
                Module {
                    file,
                    references: parsed.references,
                    reexports: parsed.reexports,
                },
            );
        }
        modules.retain(|name, _| !test_only.iter().any(|t| name.starts_with(t)));
        Crate {
            src: src.to_owned(),
            modules,
        }
    }

    /// `src/`-relative file of `module`.
    pub fn file_of(&self, module: &[String]) -> String {
        self.modules.get(module).map_or_else(
            || module.join("::"),
            |m| {
                m.file
                    .strip_prefix(&self.src)
                    .unwrap_or(&m.file)
                    .display()
                    .to_string()
            },
        )
    }

    pub fn modules_under(&self, dir: &Path) -> Vec<Vec<String>> {
        self.modules
            .iter()
            .filter(|(_, m)| m.file.starts_with(dir))
            .map(|(name, _)| name.clone())
            .collect()
    }

    pub fn references(&self, module: &[String]) -> Vec<Reference> {
        self.modules
            .get(module)
            .map(|m| m.references.clone())
            .unwrap_or_default()
    }

    /// The module file an absolute path lands in, following re-exports.
    pub fn resolve(&self, path: &[String]) -> Vec<String> {
        let mut path = path.to_vec();
        for _ in 0..16 {
            let module = (0..=path.len())
                .rev()
                .map(|n| &path[..n])
                .find(|prefix| self.modules.contains_key(*prefix))
                .unwrap_or(&[])
                .to_vec();
            let rest = &path[module.len()..];
            let forwarded = rest.first().and_then(|name| {
                self.modules
                    .get(&module)
                    .and_then(|m| m.reexports.get(name))
            });
            match forwarded {
                Some(target) => {
                    let mut next = target.clone();
                    next.extend_from_slice(&rest[1..]);
                    path = next;
                }
                None => return module,
            }
        }
        path
    }

    pub fn import_graph(&self) -> Graph {
        self.modules
            .iter()
            .map(|(name, module)| {
                let targets = module
                    .references
                    .iter()
                    .filter(|r| !r.external)
                    .map(|r| self.resolve(&r.path))
                    .filter(|target| target != name && self.modules.contains_key(target))
                    .collect();
                (name.clone(), targets)
            })
            .collect()
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a library file is, or `None` for the files of other crates (`main.rs`,
/// `bin/`).
fn module_of(src: &Path, file: &Path) -> Option<Vec<String>> {
    let relative = file.strip_prefix(src).ok()?;
    let mut parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts == ["main"] || parts.first().is_some_and(|p| p == "bin") {
        return None;
    }
    if parts == ["lib"] || parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    Some(parts)
}

struct Parsed {
    references: Vec<Reference>,
    reexports: BTreeMap<String, Vec<String>>,
    /// Child modules declared `#[cfg(test)] mod name;`, in files of their own.
    test_modules: Vec<Vec<String>>,
}

fn parse(module: &[String], tokens: &[Spanned], known: &BTreeSet<Vec<String>>) -> Parsed {
    let absolute = |segments: &[String]| absolute_path(module, segments, known);
    let mut parsed = Parsed {
        references: Vec::new(),
        reexports: BTreeMap::new(),
        test_modules: Vec::new(),
    };
    let mut i = 0;
    while i < tokens.len() {
        if let Some((after, test_module)) = cfg_test_module(tokens, i) {
            if let Some(name) = test_module {
                let mut child = module.to_vec();
                child.push(name);
                parsed.test_modules.push(child);
            }
            i = after;
            continue;
        }
        let token = &tokens[i];
        if token.is_ident("use") {
            let end = (i..tokens.len())
                .find(|&k| tokens[k].is(';'))
                .unwrap_or(tokens.len());
            let public = is_public(tokens, i);
            for used in lexer::use_paths(&tokens[i + 1..end]) {
                let Some(path) = absolute(&used.segments) else {
                    parsed.references.push(Reference {
                        path: used.segments,
                        line: token.line,
                        external: true,
                    });
                    continue;
                };
                match (public, used.binds) {
                    (true, Some(name)) => {
                        parsed.reexports.insert(name, path);
                    }
                    // A glob re-export forwards names it does not spell: count it.
                    _ => parsed.references.push(Reference {
                        path,
                        line: token.line,
                        external: false,
                    }),
                }
            }
            i = end + 1;
            continue;
        }
        let starts_path = tokens.get(i + 1).is_some_and(|t| t.is(':'))
            && tokens.get(i + 2).is_some_and(|t| t.is(':'))
            && !(i > 0 && (tokens[i - 1].is(':') || tokens[i - 1].is('$')));
        if let (true, Some(_)) = (starts_path, token.ident()) {
            let mut segments = Vec::new();
            let mut k = i;
            while let Some(name) = tokens.get(k).and_then(Spanned::ident) {
                segments.push(name.to_owned());
                if tokens.get(k + 1).is_some_and(|t| t.is(':'))
                    && tokens.get(k + 2).is_some_and(|t| t.is(':'))
                {
                    k += 3;
                } else {
                    k += 1;
                    break;
                }
            }
            let external = absolute(&segments);
            parsed.references.push(Reference {
                external: external.is_none(),
                path: external.unwrap_or(segments),
                line: token.line,
            });
            i = k;
            continue;
        }
        i += 1;
    }
    parsed
}

/// `segments` as written in `module`, made absolute; `None` when they leave the crate.
fn absolute_path(
    module: &[String],
    segments: &[String],
    known: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let first = segments.first()?;
    let mut base = match first.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => {
            let mut base = module.to_vec();
            let mut rest = segments;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
            base.extend_from_slice(rest);
            return Some(base);
        }
        _ => {
            let mut child = module.to_vec();
            child.push(first.clone());
            if !known.contains(&child) {
                return None;
            }
            module.to_vec()
        }
    };
    let skip = usize::from(matches!(first.as_str(), "crate" | "self"));
    base.extend_from_slice(&segments[skip..]);
    Some(base)
}

/// Whether the `use` at `i` is preceded by `pub` or `pub(…)`.
fn is_public(tokens: &[Spanned], i: usize) -> bool {
    if i >= 1 && tokens[i - 1].is_ident("pub") {
        return true;
    }
    if i >= 1 && tokens[i - 1].is(')') {
        let open = (0..i - 1).rev().find(|&k| tokens[k].is('('));
        return open.is_some_and(|k| k >= 1 && tokens[k - 1].is_ident("pub"));
    }
    false
}

/// At `#[cfg(test)]` (possibly among other attributes) before a `mod`: the index after
/// the module (its `;` or closing brace), and its name if it lives in a file of its own.
fn cfg_test_module(tokens: &[Spanned], i: usize) -> Option<(usize, Option<String>)> {
    let pattern = ["#", "[", "cfg", "(", "test", ")", "]"];
    let matches = pattern.iter().enumerate().all(|(k, p)| {
        tokens.get(i + k).is_some_and(|t| match &t.token {
            lexer::Token::Ident(name) => name == p,
            lexer::Token::Punct(c) => p.len() == 1 && p.starts_with(*c),
        })
    });
    if !matches {
        return None;
    }
    let mut k = i + pattern.len();
    // Further attributes.
    while tokens.get(k).is_some_and(|t| t.is('#')) {
        k = skip_group(tokens, k + 1)?;
    }
    if tokens.get(k).is_some_and(|t| t.is_ident("pub")) {
        k += 1;
    }
    if !tokens.get(k).is_some_and(|t| t.is_ident("mod")) {
        return None;
    }
    let name = tokens.get(k + 1)?.ident()?.to_owned();
    match tokens.get(k + 2) {
        Some(t) if t.is(';') => Some((k + 3, Some(name))),
        Some(t) if t.is('{') => Some((skip_group(tokens, k + 2)?, None)),
        _ => None,
    }
}

/// From an opening bracket at `open`, the index after its matching close.
fn skip_group(tokens: &[Spanned], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, token) in tokens.iter().enumerate().skip(open) {
        if token.is('{') || token.is('[') || token.is('(') {
            depth += 1;
        } else if token.is('}') || token.is(']') || token.is(')') {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(k + 1);
            }
        }
    }
    None
}
