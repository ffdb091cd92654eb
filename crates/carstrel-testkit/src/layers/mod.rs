//! Layering checks over a crate's sources, at the level of files (`a/mod.rs` is module
//! `a`, `a/b.rs` is `a::b`, `lib.rs` the crate root):
//!
//! - [`assert_no_import_cycles`] fails naming the cycle when files import each other in
//!   a circle, which is what keeps a layer from being understood (or split off) alone;
//! - [`assert_no_imports`] fails naming the lines when a layer imports a module it must
//!   not (`store/` reaching up into `http/`).
//!
//! An import is a `use` of `crate::`, `super::`, `self::` or a child module, or such a
//! path written in code. Files using the module that encloses them (`super::Cache`) form
//! no cycle with it as long as the circle stays inside its directory. A re-export (`pub use`) is not an import of its own: paths
//! through it count as imports of the module it points to. `#[cfg(test)]` modules do not
//! count; `main.rs` and `bin/` are other crates.

mod lexer;
mod sources;

use sources::{Crate, Reference};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Fails, naming every cycle, if files under `src_dir` (a crate's `src/`) import each
/// other in a circle.
pub fn assert_no_import_cycles(src_dir: impl AsRef<Path>) {
    let krate = Crate::read(src_dir.as_ref());
    let graph = krate.import_graph();
    let cycles = cycles(&graph);
    if cycles.is_empty() {
        return;
    }
    let described: Vec<String> = cycles
        .iter()
        .map(|(cycle, component)| {
            let files: Vec<String> = cycle.iter().map(|m| krate.file_of(m)).collect();
            let mut line = format!("  {}", files.join(" -> "));
            if component.len() + 1 > cycle.len() {
                let all: Vec<String> = component.iter().map(|m| krate.file_of(m)).collect();
                line += &format!("\n    (one of the cycles among {})", all.join(", "));
            }
            line
        })
        .collect();
    panic!(
        "{} import cycle(s) among the files of {}:\n{}",
        cycles.len(),
        src_dir.as_ref().display(),
        described.join("\n")
    );
}

/// Fails, naming each file and line, if a file under `src_subdir` imports
/// `forbidden_module` or anything inside it: a module of the crate (`"crate::http"`),
/// reached directly or through a re-export, or another crate or a path in it
/// (`"carstrel_client"`).
pub fn assert_no_imports(src_subdir: impl AsRef<Path>, forbidden_module: &str) {
    let src_subdir = src_subdir.as_ref();
    let krate = Crate::read(&sources::src_root_of(src_subdir));
    let in_crate = forbidden_module.starts_with("crate::");
    let forbidden: Vec<String> = forbidden_module
        .split("::")
        .filter(|s| !s.is_empty() && *s != "crate")
        .map(str::to_owned)
        .collect();
    let inside = |path: &[String]| path.starts_with(&forbidden);
    let mut offences = Vec::new();
    for module in krate.modules_under(src_subdir) {
        for Reference {
            path,
            line,
            external,
        } in krate.references(&module)
        {
            let offends = match (in_crate, external) {
                (true, false) => inside(&path) || inside(&krate.resolve(&path)),
                (false, true) => inside(&path),
                _ => false,
            };
            if offends {
                let prefix = if external { "" } else { "crate::" };
                offences.push(format!(
                    "  {}:{line}: {prefix}{}",
                    krate.file_of(&module),
                    path.join("::")
                ));
            }
        }
    }
    offences.dedup();
    assert!(
        offences.is_empty(),
        "{} must not import {forbidden_module}, but:\n{}",
        src_subdir.display(),
        offences.join("\n")
    );
}

/// A module, as its path segments (`["cache", "write"]`; the crate root is empty).
type Module = Vec<String>;

/// Module to the modules it imports.
type Graph = BTreeMap<Module, BTreeSet<Module>>;

/// A circle of imports (its first module repeated at the end), and every module of the
/// strongly connected component it is one circle of.
type Cycle = (Vec<Module>, BTreeSet<Module>);

/// One cycle per strongly connected component with more than one file, each listed
/// from its smallest module back to it, with the component's files.
///
/// A circle that stays inside one module's directory, closed only by files using their
/// enclosing module (`super::Cache` in `cache/bulk.rs` while `cache/mod.rs` calls
/// `bulk::`), is that module's inside, not a cycle between layers: such edges are set
/// aside and what still circles is reported.
fn cycles(graph: &Graph) -> Vec<Cycle> {
    let mut found = Vec::new();
    for component in components(graph) {
        if component.len() < 2 {
            continue;
        }
        match without_edges_to_enclosing(graph, &component) {
            Some(inner) => found.extend(cycles(&inner)),
            None => {
                let start = component
                    .iter()
                    .min()
                    .expect("a non-empty component")
                    .clone();
                found.push((cycle_through(graph, &component, &start), component));
            }
        }
    }
    found
}

/// `component`'s own edges less those from a file to a module enclosing it when the
/// whole component lies inside that module; `None` when there are none such.
fn without_edges_to_enclosing(graph: &Graph, component: &BTreeSet<Vec<String>>) -> Option<Graph> {
    let encloses = |outer: &Vec<String>, inner: &Vec<String>| {
        outer.len() < inner.len() && inner.starts_with(outer)
    };
    let inside =
        |module: &Vec<String>| component.iter().all(|m| m == module || encloses(module, m));
    let mut dropped = false;
    let inner = component
        .iter()
        .map(|from| {
            let targets = graph[from]
                .iter()
                .filter(|to| component.contains(*to))
                .filter(|to| {
                    let enclosing = encloses(to, from) && inside(to);
                    dropped |= enclosing;
                    !enclosing
                })
                .cloned()
                .collect();
            (from.clone(), targets)
        })
        .collect();
    dropped.then_some(inner)
}

/// Tarjan's strongly connected components.
fn components(graph: &Graph) -> Vec<BTreeSet<Vec<String>>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on_stack: BTreeSet<&'g Vec<String>>,
        out: Vec<BTreeSet<Vec<String>>>,
    }
    fn visit<'g>(s: &mut State<'g>, node: &'g Vec<String>) {
        let n = s.index.len();
        s.index.insert(node, n);
        s.low.insert(node, n);
        s.stack.push(node);
        s.on_stack.insert(node);
        for next in s.graph.get(node).into_iter().flatten() {
            let Some((next, _)) = s.graph.get_key_value(next) else {
                continue;
            };
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = BTreeSet::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.insert(top.clone());
                if top == node {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.out
}

/// A shortest way from `start` back to itself inside `component` (breadth first).
fn cycle_through(
    graph: &Graph,
    component: &BTreeSet<Vec<String>>,
    start: &Vec<String>,
) -> Vec<Vec<String>> {
    let mut came_from: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    while let Some(node) = queue.pop_front() {
        for next in graph.get(&node).into_iter().flatten() {
            if !component.contains(next) {
                continue;
            }
            if next == start {
                let mut path = vec![start.clone()];
                let mut at = node.clone();
                while &at != start {
                    path.push(at.clone());
                    at = came_from[&at].clone();
                }
                path.push(start.clone());
                let last = path.len() - 1;
                path[1..last].reverse();
                return path;
            }
            if !came_from.contains_key(next) {
                came_from.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    vec![start.clone()]
}

#[cfg(test)]
mod tests;
