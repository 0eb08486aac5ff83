// The IPC contract: every command the web view may call, declared once, by area.
// From this table come the handler list (lib.rs), the command names and their
// `allow-<name>` permissions and the capability granting them (build.rs), and the
// TypeScript command map `ui/src/api/bindings/commands.ts` (ipc.rs, whose test
// fails when the committed map drifts; `make bindings` rewrites it).
//
// One line per command: its name (the handler is `commands::<area>::<name>`),
// the arguments the web view sends (Tauri's own `State` and `AppHandle`
// parameters are not listed) and the result. `as "…"` gives the TypeScript type
// where the Rust type has no binding of its own. Adding a command: write the
// handler in its area's file and add its line here.
//
// This file holds only the macro, so that build.rs can include it too.
macro_rules! ipc_table {
    ($then:ident) => {
        $then! {
            app {
                app_context() -> AppContext;
                workspace_info() -> WorkspaceInfo;
                audit_verify() -> ChainReport;
                job_cancel(job: String) -> ();
            }
            import {
                pick_import_file() -> Option<ChosenFile>;
                opened_file() -> Option<ChosenFile>;
                import_inspect(token: String, options: ImportOptions) -> Inspection;
                import_habit(token: String) -> Option<ImportHabit>;
                import_run(
                    token: String,
                    options: ImportOptions,
                    table: u32,
                    job: String,
                    on_progress: Channel<Progress> as "Channel<Progress>"
                ) -> ImportOutcome;
            }
            datasets {
                dataset_list() -> Vec<DatasetSummary>;
                office_overview() -> Overview;
                readiness_check(dataset: Option<String>) -> Vec<Report>;
                readiness_blocking() -> Vec<Check>;
                readiness_set_blocking(checks: Vec<Check>) -> Vec<Check>;
                dataset_show(dataset: String, version: Option<i64>) -> DatasetDetail;
                dataset_rows(dataset: String, query: RowsQuery) -> RowsPage;
                dataset_history(dataset: String) -> Vec<HistoryEntry>;
            }
            metadata {
                meta_fields() -> Vec<FieldDef>;
                meta_get(dataset: String) -> DatasetMetadata;
                meta_set(dataset: String, changes: Values as "MetaValues") -> DatasetMetadata;
                meta_preview(dataset: String, changes: Values as "MetaValues") -> MetaPreview;
                meta_set_column(dataset: String, position: u32, change: DictionaryChange) -> DatasetMetadata;
                meta_defaults() -> Values as "MetaValues";
                meta_set_defaults(values: Values as "MetaValues") -> Values as "MetaValues";
                meta_export(dataset: String, format: MetadataFormat) -> Option<String>;
            }
            sensitive {
                sensitive_get(dataset: String) -> ScanReport;
                sensitive_scan(dataset: String) -> ScanReport;
                policy_set(dataset: String, position: u32, operator: Operator, reason: Option<String>) -> ColumnPolicy;
                mask_preview(dataset: String, offset: u64, limit: u64) -> MaskPreview;
                egress_check(dataset: String) -> GateReport;
                masking_conventions() -> Vec<Convention>;
                masking_convention_set(
                    category: Category,
                    operator: Option<Operator>,
                    keep_head: Option<u32>,
                    keep_tail: Option<u32>
                ) -> Vec<Convention>;
                risk_get(dataset: String) -> RiskView;
                risk_set_quasi(dataset: String, quasi: Vec<String>, sensitive: Option<String>) -> RiskView;
                risk_fix(dataset: String) -> RiskView;
                risk_undo(dataset: String) -> RiskView;
                risk_set_reason(dataset: String, reason: Option<String>) -> RiskView;
                table_preview(dataset: String, spec: Option<TableSpec>) -> SuppressionReport;
                table_apply(dataset: String, spec: TableSpec) -> SuppressionReport;
                office_risk_get() -> OfficeRisk;
                office_risk_set(k: u64, threshold: u64) -> OfficeRisk;
            }
            clean {
                clean_history(dataset: String) -> History;
                clean_preview(dataset: String, step: Step) -> Outcome;
                clean_apply(dataset: String, step: Step) -> StepRecord;
                clean_undo(dataset: String) -> StepRecord;
                clean_redo(dataset: String) -> StepRecord;
                clean_rewrite(dataset: String, step: i64, replacement: Option<Step>) -> History;
                clean_restore(dataset: String, branch: i64) -> History;
                clean_clusters(dataset: String, column: String, method: Method) -> Vec<Cluster>;
                clean_previous(dataset: String) -> Option<Previous>;
                clean_replay_previous(
                    dataset: String,
                    answers: BTreeMap<String, String> as "Record<string, string>",
                    preview: bool
                ) -> RecipeRun;
                clean_recipe_save(dataset: String) -> Option<String>;
                clean_recipe_open(dataset: String) -> Option<OpenedRecipe>;
                clean_replay_file(
                    dataset: String,
                    token: String,
                    answers: BTreeMap<String, String> as "Record<string, string>",
                    preview: bool
                ) -> RecipeRun;
            }
            review {
                users_list() -> Vec<User>;
                user_add(name: String, roles: Vec<Role>, passphrase: Option<String>) -> User;
                user_set_passphrase(name: String, passphrase: String, current: Option<String>) -> User;
                session_set_user(name: String, passphrase: String) -> User;
                session_unlock(passphrase: String) -> User;
                session_lock() -> ();
                review_submit(dataset: String) -> String;
                review_approve(dataset: String, comment: Option<String>, confirm_special: bool) -> String;
                review_return(dataset: String, comment: String, targeted: Vec<(String, String)>) -> ();
                review_queue() -> Vec<QueueItem>;
                review_history(dataset: String) -> Vec<ReviewEntry>;
                review_changes(dataset: String) -> Option<ReviewChanges>;
                review_decisions(dataset: String) -> Decisions;
            }
            keys {
                key_own() -> Option<OfficeKey>;
                key_export() -> Option<String>;
                pick_key_file() -> Option<ChosenFile>;
                key_inspect(token: String) -> OfficeKey;
                key_trust(token: String) -> TrustedKey;
                keys_trusted() -> Vec<TrustedKey>;
                key_untrust(fingerprint: String) -> ();
            }
            bundles {
                bundle_export(datasets: Vec<String>, decisions: bool) -> Option<String>;
                pick_bundle_file() -> Option<ChosenFile>;
                bundle_import(token: String) -> BundleReport;
            }
            publish {
                portal_list() -> Vec<PortalConfig>;
                portal_save(name: String, url: String, org: String, token: Option<String>) -> PortalConfig;
                portal_remove(name: String) -> ();
                publish_xlsx() -> bool;
                publish_set_xlsx(on: bool) -> bool;
                catalog_base_url() -> Option<String>;
                catalog_export(serialization: Serialization, base_url: String) -> Option<CatalogWritten>;
                portal_test(name: String) -> ConnectionReport;
                publish(datasets: Option<Vec<String>>, portal: Option<String>) -> Vec<OutboxItem>;
                outbox_list() -> Vec<OutboxItem>;
                outbox_retry(id: i64) -> OutboxItem;
                dataset_publications(dataset: String) -> Vec<Publication>;
            }
            backup {
                backup_list() -> Vec<BackupInfo>;
                backup_create() -> BackupInfo;
                pick_backup_file() -> Option<ChosenFile>;
                backup_preview(file_name: Option<String>, token: Option<String>) -> BackupPreview;
                backup_restore(file_name: Option<String>, token: Option<String>) -> BackupInfo;
            }
        }
    };
}
