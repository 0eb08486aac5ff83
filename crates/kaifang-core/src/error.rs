//! Errors as they cross a process edge (IPC, CLI `--json`).
//!
//! Each area has its own `thiserror` enum so callers can tell failures apart and
//! keep the `source()` chain. At the edge an error becomes an [`ErrorPayload`]: a
//! stable [`ErrorCode`] that the UI and CLI translate, the parameters the
//! translation needs, and an English technical message for logs and support.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares [`ErrorCode`] from one list: the variant, its wire name, and its
/// place in [`ErrorCode::ALL`]. A new code is one line here (and its messages in
/// the UI and CLI catalogs, which tests check are complete).
macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident => $wire:literal, )*) => {
        /// Stable identifiers of every failure a user can meet. The UI and the CLI keep a
        /// translated message for each (tests check that none is missing); never rename
        /// one, since bundles and logs written by older versions carry them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $(#[$doc])* $variant, )*
        }

        impl ErrorCode {
            /// Every code, for the catalogs' completeness tests and the UI's list.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The code as it appears on the wire (`workspace_newer_schema`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $wire,)*
                }
            }
        }
    };
}

error_codes! {
    /// No workspace file at the given path (for commands that do not create one).
    WorkspaceMissing => "workspace_missing",
    /// The folder for the workspace could not be created.
    WorkspaceCreateDir => "workspace_create_dir",
    /// The file exists but is not a SQLite database.
    WorkspaceNotADatabase => "workspace_not_a_database",
    /// The file is a SQLite database that some other program made.
    WorkspaceForeign => "workspace_foreign",
    /// The workspace was written by a newer Kaifang.
    WorkspaceNewerSchema => "workspace_newer_schema",
    /// Another program holds the workspace locked for longer than the busy timeout.
    WorkspaceBusy => "workspace_busy",
    /// The file or its folder is read-only.
    WorkspaceReadOnly => "workspace_read_only",
    /// The disk holding the workspace is full.
    WorkspaceDiskFull => "workspace_disk_full",
    /// SQLite reports the file as damaged.
    WorkspaceCorrupt => "workspace_corrupt",
    /// Any other database failure.
    Database => "database",
    /// A file-system failure outside the database.
    Io => "io",
    /// The file to import could not be read.
    ImportRead => "import_read",
    ImportFileInUse => "import_file_in_use",
    /// The file to import is empty.
    ImportEmptyFile => "import_empty_file",
    /// The file is Excel's lock file (`~$…`), not the workbook.
    ImportLockFile => "import_lock_file",
    /// The file is neither a spreadsheet nor a text table.
    ImportNotATable => "import_not_a_table",
    /// The workbook is protected by a password.
    ImportPassword => "import_password",
    /// The workbook is damaged or incomplete.
    ImportCorrupt => "import_corrupt",
    /// The workbook would expand to an unreasonable size.
    ImportZipBomb => "import_zip_bomb",
    /// A part of the zipped workbook is larger than its entry declares.
    ImportZipSizeMismatch => "import_zip_size_mismatch",
    /// The XLSX's shared-strings table is larger than can be held in memory.
    ImportSharedStringsTooLarge => "import_shared_strings_too_large",
    /// An XLS or ODS sheet spans more cells than can be laid out in memory.
    ImportTooManyCells => "import_too_many_cells",
    /// The file is larger than its format can be read safely.
    ImportTooLarge => "import_too_large",
    /// The requested sheet does not exist.
    ImportSheetNotFound => "import_sheet_not_found",
    /// No sheet of the workbook holds data.
    ImportNoSheets => "import_no_sheets",
    /// The table has a header but no data rows.
    ImportNoRows => "import_no_rows",
    /// More columns than a dataset can hold.
    ImportTooManyColumns => "import_too_many_columns",
    /// One cell holds more text than is supported.
    ImportCellTooLarge => "import_cell_too_large",
    /// One row's text is larger than any table needs.
    ImportRowTooLarge => "import_row_too_large",
    /// A small workbook expands to far more text than it could hold honestly (one
    /// long shared string referenced by every cell).
    ImportExpands => "import_expands",
    /// The file mixes text encodings.
    ImportMixedEncoding => "import_mixed_encoding",
    /// A row has a different number of cells and ragged rows are set to fail.
    ImportRagged => "import_ragged",
    /// The header row asked for is outside the sheet.
    ImportHeaderRow => "import_header_row",
    /// The same file was imported before.
    ImportDuplicate => "import_duplicate",
    /// Several sheets were to become versions of one dataset.
    ImportSheetsIntoOne => "import_sheets_into_one",
    /// No dataset with that id or name.
    DatasetNotFound => "dataset_not_found",
    /// The dataset has no such version.
    VersionNotFound => "version_not_found",
    /// The dataset has no such column.
    ColumnNotFound => "column_not_found",
    /// The user cancelled the operation; nothing was kept.
    Cancelled => "cancelled",
    /// The web view referred to a file the user has not chosen (or no longer has).
    FileNotChosen => "file_not_chosen",
    /// One or more metadata values are not acceptable; nothing was saved.
    MetadataInvalid => "metadata_invalid",
    /// Keeping a personal column unmasked needs a written reason.
    PolicyReasonRequired => "policy_reason_required",
    /// The operator cannot apply to that column (redact on a non-text column).
    PolicyOperatorNotApplicable => "policy_operator_not_applicable",
    /// An office masking convention cannot be set that way (keep, or too many
    /// characters left visible).
    ConventionNotApplicable => "convention_not_applicable",
    /// The office's k for disclosure risk is outside the allowed range.
    RiskKOutOfRange => "risk_k_out_of_range",
    /// A record list with groups smaller than the office's k needs a written
    /// reason before it is submitted.
    RiskReasonRequired => "risk_reason_required",
    /// A statistics table's value column lacks the contribution columns its
    /// rules need (or is not a value column).
    TableContributionsInvalid => "table_contributions_invalid",
    /// The dominance rule's n or k is out of range.
    TableDominanceOutOfRange => "table_dominance_out_of_range",
    /// A cleaning step names a column the version does not have.
    CleanColumnMissing => "clean_column_missing",
    /// A cleaning step would add a column whose name is taken.
    CleanColumnExists => "clean_column_exists",
    /// A cleaning step lacks what it needs (a split without the new columns' names).
    CleanStepInvalid => "clean_step_invalid",
    /// No applied cleaning step to undo.
    CleanNothingToUndo => "clean_nothing_to_undo",
    /// No undone cleaning step to redo.
    CleanNothingToRedo => "clean_nothing_to_redo",
    /// No such step (or kept branch) in the cleaning history.
    CleanStepNotFound => "clean_step_not_found",
    /// The file is not a Kaifang cleaning recipe.
    CleanRecipeInvalid => "clean_recipe_invalid",
    /// Some columns a recipe works on have no match in this version: the user
    /// says which column each one is.
    CleanRecipeUnmapped => "clean_recipe_unmapped",
    /// The egress gate found identifiers in a public artifact: nothing was written
    /// or uploaded.
    EgressBlocked => "egress_blocked",
    /// The acting user is not a user of this workspace.
    UserUnknown => "user_unknown",
    /// A command-line change names no user, and the workspace has not exactly one.
    UserRequired => "user_required",
    /// A user name is empty, too long or has control characters.
    UserInvalidName => "user_invalid_name",
    /// The user lacks the role the action needs.
    RoleMissing => "role_missing",
    /// The action does not apply in the dataset's current state.
    ReviewWrongState => "review_wrong_state",
    /// Submission needs complete, valid metadata.
    ReviewMetadataIncomplete => "review_metadata_incomplete",
    /// Submission needs every personal column masked or justified.
    ReviewPersonalDataUnhandled => "review_personal_data_unhandled",
    /// A dataset marked not open can never be published.
    ReviewNotOpen => "review_not_open",
    /// A clerk cannot approve their own submission here.
    ReviewSelfApproval => "review_self_approval",
    /// Returning a submission needs a comment.
    ReviewCommentRequired => "review_comment_required",
    ReviewSpecialUnconfirmed => "review_special_unconfirmed",
    ReadinessBlocked => "readiness_blocked",
    /// The catalogue export does not know where the folder will be served.
    CatalogBaseUrlMissing => "catalog_base_url_missing",
    /// The catalogue's base URL is not an http(s) address.
    CatalogBaseUrlInvalid => "catalog_base_url_invalid",
    /// Neither the office's default provider nor any dataset names a publisher.
    CatalogPublisherMissing => "catalog_publisher_missing",
    /// The user has no passphrase yet: a steward sets one (or, on a workspace
    /// where nobody has one, the user sets their own).
    AuthPassphraseMissing => "auth_passphrase_missing",
    /// The passphrase does not match.
    AuthPassphraseWrong => "auth_passphrase_wrong",
    /// Too many wrong passphrases: the user waits before the next try.
    AuthThrottled => "auth_throttled",
    /// A new passphrase is too short.
    AuthPassphraseWeak => "auth_passphrase_weak",
    /// The action needs a steward who has entered their passphrase recently.
    AuthUnlockRequired => "auth_unlock_required",
    /// The file is not an office key file, or its fingerprint does not match its key.
    KeyFileInvalid => "key_file_invalid",
    /// No trusted key or user key with that fingerprint.
    KeyUnknown => "key_unknown",
    /// A decision carries no signature.
    DecisionUnsigned => "decision_unsigned",
    /// A decision's signature does not verify: the file was made or edited by hand.
    DecisionSignatureInvalid => "decision_signature_invalid",
    /// A decision was signed by a key this workspace does not trust.
    DecisionKeyUntrusted => "decision_key_untrusted",
    /// The bundle file is not a readable zip, or is cut short.
    BundleCorrupt => "bundle_corrupt",
    /// A file in the bundle does not match the manifest's size or SHA-256.
    BundleTampered => "bundle_tampered",
    /// The bundle holds a member outside its allow-list (a `../` path, a duplicate name …).
    BundleUnsafePath => "bundle_unsafe_path",
    /// The bundle declares more bytes than Kaifang will unpack.
    BundleTooLarge => "bundle_too_large",
    /// The bundle was written by a newer Kaifang.
    BundleNewerFormat => "bundle_newer_format",
    /// The bundle's dataset is already approved here in a different form.
    BundleConflict => "bundle_conflict",
    /// A decision is about content that has changed since it was sent.
    BundleStaleDecision => "bundle_stale_decision",
    /// Nothing to put in a bundle, or nothing in it.
    BundleEmpty => "bundle_empty",
    /// What a bundle claims it holds is not what it holds (the recomputed content
    /// hash differs).
    BundleContentMismatch => "bundle_content_mismatch",
    /// A bundle would replace a dataset created here or by another workspace.
    BundleUidCollision => "bundle_uid_collision",
    /// No trusted steward key to encrypt a submissions bundle to.
    BundleNoRecipient => "bundle_no_recipient",
    /// The bundle is encrypted to stewards whose keys are not unlocked here.
    BundleNotForYou => "bundle_not_for_you",
    /// A submissions bundle that is not encrypted.
    BundleUnencrypted => "bundle_unencrypted",
    /// No portal of that name is set up (or several are and none was named).
    PortalUnknown => "portal_unknown",
    /// The portal address is not an http(s) URL.
    PortalInvalidUrl => "portal_invalid_url",
    /// The portal's name is empty or too long.
    PortalInvalidName => "portal_invalid_name",
    /// No API token for the portal is in the keyring.
    PortalTokenMissing => "portal_token_missing",
    /// The OS keyring cannot be reached.
    KeyringUnavailable => "keyring_unavailable",
    /// The portal cannot be reached (network, DNS, refused).
    PortalUnreachable => "portal_unreachable",
    /// The portal did not answer in time.
    PortalTimeout => "portal_timeout",
    /// The portal failed on its side (HTTP 5xx or 429).
    PortalServerError => "portal_server_error",
    /// The portal refused the token (HTTP 403).
    PortalForbidden => "portal_forbidden",
    /// The portal does not have what was asked for.
    PortalNotFound => "portal_not_found",
    /// The dataset's name is taken on the portal by another dataset.
    PortalNameTaken => "portal_name_taken",
    /// The portal refused a file as too large.
    PortalTooLarge => "portal_too_large",
    /// The portal rejected what was sent; its message says why.
    PortalValidation => "portal_validation",
    /// The organisation does not exist or the token may not publish to it.
    PortalOrgUnknown => "portal_org_unknown",
    /// The portal's answer was not understood.
    PortalBadResponse => "portal_bad_response",
    /// The portal's schema requires fields the dataset does not have.
    PortalSchemaFields => "portal_schema_fields",
    /// A portal address that would send the token in the clear (http:// off this machine).
    PortalInsecure => "portal_insecure",
    /// The dataset is not approved, or changed after approval.
    PublishNotApproved => "publish_not_approved",
    /// A backup could not be written (full or read-only disk, drive gone).
    BackupFailed => "backup_failed",
    /// The file chosen for a restore is not a whole Kaifang workspace.
    RestoreInvalid => "restore_invalid",
    /// A bug: something the program assumed did not hold.
    Internal => "internal",
}

/// What crosses IPC and what `--json` prints on stderr for a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    /// What went wrong, for the UI to branch on and translate.
    pub code: ErrorCode,
    /// English technical detail for logs and support; never shown as the main text.
    pub message: String,
    /// Values the translated message interpolates (`{path}`, `{found}` …).
    pub params: BTreeMap<String, String>,
}

/// Implemented by every area's error enum.
pub trait Coded: std::error::Error {
    fn code(&self) -> ErrorCode;
    /// Parameters for the translated message. Must never hold personal data or
    /// secrets: payloads are logged.
    fn params(&self) -> BTreeMap<String, String> {
        BTreeMap::new()
    }
    fn payload(&self) -> ErrorPayload {
        // The chain of sources gives support the whole story in one line.
        let mut message = self.to_string();
        let mut source = self.source();
        while let Some(s) = source {
            let s_text = s.to_string();
            if !message.contains(&s_text) {
                message.push_str(": ");
                message.push_str(&s_text);
            }
            source = s.source();
        }
        ErrorPayload { code: self.code(), message, params: self.params() }
    }
}

/// At the edges (IPC, CLI) any area's error becomes its payload with `?`.
impl<E: Coded> From<E> for ErrorPayload {
    fn from(e: E) -> Self {
        e.payload()
    }
}

/// A coded error that can cross threads: what [`crate::import::ImportError::FollowUp`]
/// keeps of a follow-up step's failure.
pub trait CodedError: Coded + Send + Sync + 'static {}
impl<T: Coded + Send + Sync + 'static> CodedError for T {}

/// Whether a file-system error means the disk is full (the clerk is told to free
/// space, not that something broke).
pub fn is_disk_full(e: &std::io::Error) -> bool {
    // ENOSPC on Unix; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    if e.kind() == std::io::ErrorKind::StorageFull
        || matches!(e.raw_os_error(), Some(28) if cfg!(unix))
        || matches!(e.raw_os_error(), Some(112 | 39) if cfg!(windows))
    {
        return true;
    }
    // Wrapped on the way (a CSV writer's error inside an `io::Error::other`): the
    // OS error survives only in the text.
    let text = e.to_string();
    text.contains("No space left on device") || text.contains("not enough space on the disk")
}

/// Builds a parameter map from pairs; keeps the call sites short.
pub fn params<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).expect("serialise code");
            assert_eq!(json, serde_json::Value::String(code.as_str().into()), "as_str and serde disagree for {code:?}");
        }
    }
}
