//! The shell's attack surface, checked from its configuration files: one window,
//! one capability granting exactly the app's own commands, and a CSP with no remote
//! sources. A change that widens any of these fails here first.

use serde_json::Value;

use crate::ipc::COMMANDS;

fn json(path: &str) -> Value {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    serde_json::from_str(&std::fs::read_to_string(&full).expect("read config")).expect("parse config")
}

#[test]
fn the_only_capability_grants_exactly_our_commands_to_the_main_window() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities");
    let files: Vec<_> = std::fs::read_dir(dir).unwrap().filter_map(Result::ok).collect();
    assert_eq!(files.len(), 1, "one capability file only");
    let cap = json("capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote origin may use IPC");
    let mut granted: Vec<String> =
        cap["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
    let mut expected: Vec<String> = COMMANDS.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
    // Listening is how the UI hears of a file dropped on the window (the path stays
    // in Rust; the event carries a token). No other core permission.
    expected.extend(["core:event:allow-listen".to_owned(), "core:event:allow-unlisten".to_owned()]);
    granted.sort();
    expected.sort();
    assert_eq!(
        granted, expected,
        "the capability must grant our commands and event listening, nothing else (no core:default, fs, shell, http, dialog)"
    );
}

#[test]
fn the_web_view_is_locked_down() {
    let conf = json("tauri.conf.json");
    let app = &conf["app"];
    assert_eq!(app["withGlobalTauri"], false, "window.__TAURI__ must not exist for injected scripts");
    let windows = app["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0]["label"], "main");
    let sec = &app["security"];
    // Tauri's freezePrototype runs before any script, and dayjs (inside Element Plus)
    // assigns `valueOf`/`toString` on its own prototype at load, which a frozen
    // Object.prototype forbids: the UI would not start. ui/src/harden.ts freezes
    // the prototypes right after the modules load instead, and the real-window
    // test checks that they are frozen.
    assert_eq!(sec["freezePrototype"], false, "see ui/src/harden.ts");
    assert_eq!(sec["assetProtocol"]["enable"], false, "no raw file access from the web view");
    let csp = sec["csp"].as_object().expect("CSP as directives");
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        assert!(!v.contains("unsafe-eval"), "{directive} allows eval");
        assert!(!v.contains('*'), "{directive} has a wildcard");
        assert!(!v.contains("https:") && !v.split(' ').any(|s| s == "http:"), "{directive} allows remote schemes");
        if directive != "style-src" {
            assert!(!v.contains("unsafe-inline"), "{directive} allows inline code");
        }
    }
    assert_eq!(csp["script-src"], "'self'");
    assert_eq!(csp["frame-src"], "'none'");
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost", "only Tauri's IPC");
}
