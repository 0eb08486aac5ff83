// The app's own commands are declared here so that Tauri generates an
// `allow-<command>` permission for each. Only commands granted in
// capabilities/main.json can be called, and only from the `main` window: without
// this, Tauri v2 lets every registered command be called from any window.
include!("src/command_names.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
