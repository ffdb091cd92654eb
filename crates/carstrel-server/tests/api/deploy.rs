//! The deployment recipe in `deploy/` stays valid: the systemd unit parses, every flag
//! and variable it and its environment file use is one `carstrel-server serve` knows, and
//! the proxy sends traffic to the ports the README enables.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

fn deploy(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("deploy/{path}: {e}"))
}

/// A systemd unit as sections of `key=value` lines (comments and blanks skipped); any
/// other line fails the test.
fn parse_unit(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut sections = BTreeMap::<String, Vec<(String, String)>>::new();
    let mut current = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.to_owned());
            sections.entry(name.to_owned()).or_default();
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("line {}: not key=value: {line}", n + 1));
        let section = current
            .clone()
            .unwrap_or_else(|| panic!("line {}: outside a section", n + 1));
        sections
            .get_mut(&section)
            .unwrap()
            .push((key.trim().to_owned(), value.trim().to_owned()));
    }
    sections
}

fn serve_help() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_carstrel-server"))
        .args(["serve", "--help"])
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_systemd_unit_parses_and_uses_only_flags_serve_knows() {
    let unit = parse_unit(&deploy("systemd/carstrel-server@.service"));
    for section in ["Unit", "Service", "Install"] {
        assert!(unit.contains_key(section), "[{section}] missing");
    }
    let service = &unit["Service"];
    let exec = service
        .iter()
        .find(|(k, _)| k == "ExecStart")
        .map(|(_, v)| v.clone())
        .expect("ExecStart");
    let words: Vec<&str> = exec.split_whitespace().collect();
    assert!(
        words[0].ends_with("/carstrel-server") && words[1] == "serve",
        "{exec}"
    );
    let help = serve_help();
    let flags: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.starts_with("--"))
        .collect();
    assert!(flags.contains(&"--addr") && flags.contains(&"--trusted-proxy"));
    for flag in flags {
        let flag = flag.split('=').next().unwrap();
        assert!(
            help.lines()
                .any(|l| l.trim_start().split([' ', ',']).any(|w| w == flag)),
            "serve --help has no {flag}:\n{help}"
        );
    }
    // The instance name is the port: the address takes it.
    assert!(exec.contains("--addr 127.0.0.1:%i"), "{exec}");
    // Each value the environment file sets is one the binary reads.
    let env = deploy("server.env.example");
    for line in env
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let (name, _) = line.split_once('=').expect("NAME=value");
        assert!(
            name == "RUST_LOG" || help.contains(&format!("env: {name}")),
            "serve reads no {name}"
        );
    }
    assert!(service
        .iter()
        .any(|(k, v)| k == "EnvironmentFile" && v == "/etc/carstrel/server.env"));
}

#[test]
fn the_proxy_balances_over_the_units_the_readme_enables() {
    let conf = deploy("nginx/carstrel.conf");
    let opens = conf.matches('{').count();
    assert_eq!(opens, conf.matches('}').count(), "balanced braces");
    let ports: Vec<&str> = conf
        .lines()
        .filter_map(|l| l.trim().strip_prefix("server 127.0.0.1:"))
        .map(|rest| rest.split([' ', ';']).next().unwrap())
        .collect();
    assert_eq!(ports, ["8081", "8082", "8083"]);
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    for port in ports {
        assert!(
            readme.contains(&format!("carstrel-server@{port}")),
            "the README enables no carstrel-server@{port}"
        );
    }
    assert!(conf.contains("X-Forwarded-For $proxy_add_x_forwarded_for"));
}
