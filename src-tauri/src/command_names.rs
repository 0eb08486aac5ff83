// The app's IPC commands, shared by build.rs (which generates an `allow-<name>`
// permission for each) and the tests that check capabilities/main.json grants
// exactly these. Add a command here, in `generate_handler!` and in the capability.
pub const COMMANDS: &[&str] = &[
    "app_context",
    "workspace_info",
    "audit_verify",
    "pick_import_file",
    "opened_file",
    "import_inspect",
    "import_run",
    "job_cancel",
    "dataset_list",
    "dataset_show",
    "dataset_rows",
    "meta_fields",
    "meta_get",
    "meta_set",
    "meta_set_column",
    "meta_defaults",
    "meta_set_defaults",
    "meta_export",
    "sensitive_get",
    "sensitive_scan",
    "policy_set",
    "mask_preview",
];
